//! Expressions, by Python's precedence, loosest first:
//!
//! `lambda` < `x if c else y` < `or` < `and` < `not` < comparisons < `|` < `^` < `&`
//! < shifts < `+ -` < `* / // %` < unary `- + ~` < `**` < `await` < calls,
//! attributes, subscripts < atoms.
//!
//! Everything from `or` to `**` is one precedence-climbing rule, [`Parser::operators`],
//! rather than a function per level: a parenthesised expression then costs a handful
//! of stack frames, which is what bounds how deep the browser's stack lets us nest.
//! For the same reason the rules off that path (displays, calls, `if`-`else`, …)
//! are `#[inline(never)]`, so that their locals do not swell the frames every
//! nesting level pays for.

use super::super::ast::{BinOp, BoolOp, CmpOp, Constant, Expr, ExprKind, Span, UnaryOp};
use super::super::token::{Keyword, TokenKind};
use super::{refusal, PResult, Parser};

/// Binding powers, loosest first.
pub(super) mod power {
    pub const OR: u8 = 1;
    pub const AND: u8 = 2;
    pub const NOT: u8 = 3;
    pub const COMPARISON: u8 = 4;
    pub const BITWISE_OR: u8 = 5;
    pub const BITWISE_XOR: u8 = 6;
    pub const BITWISE_AND: u8 = 7;
    pub const SHIFT: u8 = 8;
    pub const SUM: u8 = 9;
    pub const TERM: u8 = 10;
    pub const UNARY: u8 = 11;
    pub const POWER: u8 = 12;
}

/// The left-associative binary operators and their binding power.
fn binary_operator(kind: TokenKind) -> Option<(BinOp, u8)> {
    use TokenKind::*;
    Some(match kind {
        Vbar => (BinOp::BitOr, power::BITWISE_OR),
        Circumflex => (BinOp::BitXor, power::BITWISE_XOR),
        Amper => (BinOp::BitAnd, power::BITWISE_AND),
        LeftShift => (BinOp::LShift, power::SHIFT),
        RightShift => (BinOp::RShift, power::SHIFT),
        Plus => (BinOp::Add, power::SUM),
        Minus => (BinOp::Sub, power::SUM),
        Star => (BinOp::Mul, power::TERM),
        Slash => (BinOp::Div, power::TERM),
        DoubleSlash => (BinOp::FloorDiv, power::TERM),
        Percent => (BinOp::Mod, power::TERM),
        _ => return None,
    })
}

impl<'src> Parser<'src> {
    /// `star_expressions`: expressions separated by commas (a tuple when there is a
    /// comma), each possibly `*starred`. A lone `*x` is returned as is; callers
    /// that do not allow it say so.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        self.comma_list(Self::star_expression)
    }

    /// `item (',' item)* [',']`: the item alone, or a tuple of them when there is a
    /// comma (a trailing comma included).
    pub(super) fn comma_list(&mut self, item: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let start = self.start();
        let first = item(self)?;
        if !self.at(TokenKind::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(TokenKind::Comma) {
            if !self.kind().starts_expression() {
                break;
            }
            elts.push(item(self)?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(elts),
            span: self.finish(start),
        })
    }

    pub(super) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            return self.starred();
        }
        self.expression()
    }

    /// `*x`, where `x` binds no looser than `|`.
    pub(super) fn starred(&mut self) -> PResult<Expr> {
        let star = self.bump();
        let operand_at = self.pos;
        let value = self.nested(|p| p.operators(power::BITWISE_OR))?;
        self.operand_at = operand_at;
        Ok(Expr {
            kind: ExprKind::Starred(Box::new(value)),
            span: self.finish(star.span.start),
        })
    }

    /// `expression`: a lambda, or a conditional expression.
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.nested(Self::conditional)
    }

    fn conditional(&mut self) -> PResult<Expr> {
        if self.at_kw(Keyword::Lambda) {
            return self.lambda();
        }
        let start = self.start();
        let operand_at = self.pos;
        let (body, body_height) = self.measured(Self::disjunction)?;
        self.operand_at = operand_at;
        if !self.at_kw(Keyword::If) {
            return Ok(body);
        }
        self.if_expression(start, body, body_height)
    }

    #[inline(never)]
    fn if_expression(&mut self, start: u32, body: Expr, body_height: u32) -> PResult<Expr> {
        let keyword = self.bump();
        let (test, test_height) = self.measured(Self::disjunction)?;
        if !self.eat_kw(Keyword::Else) {
            let span = self.finish(start);
            return Err(self.error(span, "expected 'else' after 'if' expression"));
        }
        self.grown(body_height.max(test_height) + 1, keyword.span)?;
        let orelse = self.expression()?;
        Ok(Expr {
            kind: ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            span: self.finish(start),
        })
    }

    /// `disjunction`: an expression without `lambda` or `if`-`else` at the top.
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.operators(power::OR)
    }

    /// Operators that bind at least as tightly as `min`, around their operands.
    pub(super) fn operators(&mut self, min: u8) -> PResult<Expr> {
        let start = self.start();
        let (mut left, mut height) = self.measured(|p| p.prefix(min))?;
        loop {
            let operator = self.tok();
            let kind = operator.kind;
            (left, height) = if kind == TokenKind::Keyword(Keyword::Or) && min <= power::OR {
                self.bool_op(BoolOp::Or, start, left, height)?
            } else if kind == TokenKind::Keyword(Keyword::And) && min <= power::AND {
                self.bool_op(BoolOp::And, start, left, height)?
            } else if self.comparison_operator().is_some() && min <= power::COMPARISON {
                self.comparison(start, left, height)?
            } else if let Some((op, power)) = binary_operator(kind).filter(|&(_, p)| min <= p) {
                self.bump();
                let (right, right_height) = self.measured(|p| p.operators(power + 1))?;
                let node = binary(op, left, right, self.finish(start));
                (node, height.max(right_height) + 1)
            } else if kind == TokenKind::DoubleStar && min <= power::POWER {
                // Right-associative, and the exponent may carry a sign: `2**-1`.
                // It is parsed one level deeper, which counts it already.
                self.bump();
                let (right, right_height) =
                    self.measured(|p| p.nested(|p| p.operators(power::UNARY)))?;
                let node = binary(BinOp::Pow, left, right, self.finish(start));
                (node, (height + 1).max(right_height))
            } else if kind == TokenKind::At && min <= power::TERM {
                return Err(self.error(operator.span, refusal::MATMUL));
            } else {
                return Ok(left);
            };
            self.grown(height, operator.span)?;
        }
    }

    /// `not x` and unary `- + ~` (which bind looser than a `**` on their right:
    /// `-2**2` is `-(2**2)`), or an operand.
    fn prefix(&mut self, min: u8) -> PResult<Expr> {
        let (op, operand_power) = match self.kind() {
            TokenKind::Keyword(Keyword::Not) if min <= power::NOT => (UnaryOp::Not, power::NOT),
            TokenKind::Minus => (UnaryOp::Neg, power::UNARY),
            TokenKind::Plus => (UnaryOp::Pos, power::UNARY),
            TokenKind::Tilde => (UnaryOp::Invert, power::UNARY),
            _ => return self.await_primary(),
        };
        let operator = self.bump();
        let operand = self.nested(|p| p.operators(operand_power))?;
        Ok(Expr {
            kind: ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            span: self.finish(operator.span.start),
        })
    }

    /// The rest of `a or b or c` (or `and`): one flat node, and its height.
    #[inline(never)]
    fn bool_op(
        &mut self,
        op: BoolOp,
        start: u32,
        first: Expr,
        first_height: u32,
    ) -> PResult<(Expr, u32)> {
        let (keyword, operand_power) = match op {
            BoolOp::Or => (Keyword::Or, power::AND),
            BoolOp::And => (Keyword::And, power::NOT),
        };
        let mut values = vec![first];
        let mut height = first_height;
        while self.eat_kw(keyword) {
            let (value, value_height) = self.measured(|p| p.operators(operand_power))?;
            values.push(value);
            height = height.max(value_height);
        }
        let node = Expr {
            kind: ExprKind::BoolOp { op, values },
            span: self.finish(start),
        };
        Ok((node, height + 1))
    }

    /// The comparison operator at the current token, and how many tokens it takes.
    fn comparison_operator(&self) -> Option<(CmpOp, usize)> {
        // The token after is looked at only after `not` and `is`, as CPython's
        // parser reads it (how far it has read decides some of its errors).
        Some(match self.kind() {
            TokenKind::EqEqual => (CmpOp::Eq, 1),
            TokenKind::NotEqual => (CmpOp::NotEq, 1),
            TokenKind::Less => (CmpOp::Lt, 1),
            TokenKind::LessEqual => (CmpOp::LtE, 1),
            TokenKind::Greater => (CmpOp::Gt, 1),
            TokenKind::GreaterEqual => (CmpOp::GtE, 1),
            TokenKind::Keyword(Keyword::In) => (CmpOp::In, 1),
            TokenKind::Keyword(Keyword::Not) if self.nth(1) == TokenKind::Keyword(Keyword::In) => {
                (CmpOp::NotIn, 2)
            }
            TokenKind::Keyword(Keyword::Is) if self.nth(1) == TokenKind::Keyword(Keyword::Not) => {
                (CmpOp::IsNot, 2)
            }
            TokenKind::Keyword(Keyword::Is) => (CmpOp::Is, 1),
            _ => return None,
        })
    }

    /// The rest of `a < b <= c`, `x not in y`, `x is not None`: one chained node,
    /// and its height.
    #[inline(never)]
    fn comparison(&mut self, start: u32, left: Expr, left_height: u32) -> PResult<(Expr, u32)> {
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        let mut height = left_height;
        while let Some((op, width)) = self.comparison_operator() {
            for _ in 0..width {
                self.bump();
            }
            ops.push(op);
            let (comparator, comparator_height) =
                self.measured(|p| p.operators(power::BITWISE_OR))?;
            comparators.push(comparator);
            height = height.max(comparator_height);
        }
        let node = Expr {
            kind: ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            span: self.finish(start),
        };
        Ok((node, height + 1))
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if !self.at_kw(Keyword::Await) {
            return self.primary();
        }
        let keyword = self.bump();
        let (value, height) = self.measured(Self::primary)?;
        self.grown(height + 1, keyword.span)?;
        // Where `await` may stand is the compiler's to say, as in CPython: inside a
        // comprehension it makes the comprehension asynchronous, which the parser
        // knows only once it reaches the `for` after the element.
        let span = self.finish(keyword.span.start);
        Ok(Expr {
            kind: ExprKind::Await(Box::new(value)),
            span,
        })
    }

    /// An atom followed by any number of calls, attributes and subscripts.
    fn primary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let (mut expr, mut height) = self.measured(Self::atom)?;
        loop {
            let trailer = self.tok();
            // Arguments and indexes are parsed one level deeper, which counts
            // them already; a tuple or slice index is a node of its own.
            let (kind, inner_height) = match trailer.kind {
                TokenKind::Dot => {
                    self.bump();
                    let (attr, _) = self.expect_name()?;
                    let value = Box::new(expr);
                    (ExprKind::Attribute { value, attr }, 0)
                }
                TokenKind::LParen => {
                    self.bump();
                    let (args, args_height) = self.measured(Self::call_arguments)?;
                    let func = Box::new(expr);
                    (ExprKind::Call { func, args }, args_height)
                }
                TokenKind::LBracket => {
                    self.bump();
                    let (index, index_height) = self.measured(Self::subscript)?;
                    let own_node =
                        matches!(index.kind, ExprKind::Tuple(_) | ExprKind::Slice { .. });
                    let value = Box::new(expr);
                    let index = Box::new(index);
                    let height = index_height + u32::from(own_node);
                    (ExprKind::Subscript { value, index }, height)
                }
                _ => return Ok(expr),
            };
            expr = Expr {
                kind,
                span: self.finish(start),
            };
            height = (height + 1).max(inner_height);
            self.grown(height, trailer.span)?;
        }
    }

    fn atom(&mut self) -> PResult<Expr> {
        let token = self.tok();
        let kind = match token.kind {
            TokenKind::Name => ExprKind::Name(self.text(token.span).to_string()),
            TokenKind::Keyword(Keyword::None) => ExprKind::Const(Constant::None),
            TokenKind::Keyword(Keyword::True) => ExprKind::Const(Constant::Bool(true)),
            TokenKind::Keyword(Keyword::False) => ExprKind::Const(Constant::Bool(false)),
            TokenKind::Int(value) => ExprKind::Const(Constant::Int(value)),
            TokenKind::Float(value) => ExprKind::Const(Constant::Float(value)),
            TokenKind::Str { .. } => return self.strings(),
            TokenKind::LParen => return self.parenthesized(),
            TokenKind::LBracket => return self.list_display(),
            TokenKind::LBrace => return self.brace_display(),
            _ => return Err(self.unexpected()),
        };
        self.bump();
        Ok(Expr {
            kind,
            span: token.span,
        })
    }

    /// After `[`: an index, a slice, or several (a tuple), through the `]`.
    #[inline(never)]
    fn subscript(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.slice_item()?;
        let index = if self.at(TokenKind::Comma) {
            let mut elts = vec![first];
            while self.eat(TokenKind::Comma) {
                if self.at(TokenKind::RBracket) {
                    break;
                }
                elts.push(self.slice_item()?);
            }
            Expr {
                kind: ExprKind::Tuple(elts),
                span: self.finish(start),
            }
        } else {
            first
        };
        self.expect_closing(TokenKind::RBracket)?;
        Ok(index)
    }

    /// `x`, or `lower:upper:step` with any part left out.
    fn slice_item(&mut self) -> PResult<Expr> {
        let start = self.start();
        let lower = if self.at(TokenKind::Colon) {
            None
        } else {
            let lower = self.expression()?;
            if !self.at(TokenKind::Colon) {
                return Ok(lower);
            }
            Some(Box::new(lower))
        };
        self.bump();
        let ends_part = |kind: TokenKind| {
            matches!(
                kind,
                TokenKind::Colon | TokenKind::Comma | TokenKind::RBracket
            )
        };
        let upper = if ends_part(self.kind()) {
            None
        } else {
            Some(Box::new(self.expression()?))
        };
        let mut step = None;
        if self.eat(TokenKind::Colon) && !ends_part(self.kind()) {
            step = Some(Box::new(self.expression()?));
        }
        Ok(Expr {
            kind: ExprKind::Slice { lower, upper, step },
            span: self.finish(start),
        })
    }
}

fn binary(op: BinOp, left: Expr, right: Expr, span: Span) -> Expr {
    Expr {
        kind: ExprKind::BinOp {
            left: Box::new(left),
            op,
            right: Box::new(right),
        },
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump::{check_err, check_in_async_def as check};

    use crate::syntax::ast::StmtKind;
    use crate::syntax::parse;

    /// The text each expression of `source` (a module of expression statements) spans.
    fn spans(source: &str) -> Vec<String> {
        let parsed = parse(source);
        parsed
            .module
            .body
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Expr(e) => source[e.span.start as usize..e.span.end as usize].to_string(),
                _ => panic!("not an expression"),
            })
            .collect()
    }

    #[test]
    fn arithmetic_precedence() {
        check("1 + 2 * 3", "(+ 1 (* 2 3))");
        check("(1 + 2) * 3", "(* (+ 1 2) 3)");
        check("1 - 2 - 3", "(- (- 1 2) 3)");
        check("a / b // c % d", "(% (// (/ a b) c) d)");
        check("a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))");
        check("a >> b << c", "(<< (>> a b) c)");
    }

    #[test]
    fn power_and_unary() {
        check("-2**2", "(- (** 2 2))");
        check("2**-1", "(** 2 (- 1))");
        check("2**3**2", "(** 2 (** 3 2))");
        check("-x * y", "(* (- x) y)");
        check("~-+x", "(~ (- (+ x)))");
        check("await x ** 2", "(** (await x) 2)");
        check("-await x", "(- (await x))");
    }

    #[test]
    fn boolean_and_comparison() {
        check("a or b and not c", "(or a (and b (not c)))");
        check("a and b and c", "(and a b c)");
        check("not a == b", "(not (cmp a == b))");
        check("a < b <= c != d", "(cmp a < b <= c != d)");
        check("x in y", "(cmp x in y)");
        check("x not in y", "(cmp x not in y)");
        check("x is None", "(cmp x is None)");
        check("x is not None", "(cmp x is not None)");
        check("a | b < c & d", "(cmp (| a b) < (& c d))");
    }

    #[test]
    fn conditional_and_lambda() {
        check("a if b else c", "(ifx b a c)");
        check("a if b else c if d else e", "(ifx b a (ifx d c e))");
        check("x or y if z else w", "(ifx z (or x y) w)");
        check("lambda: 0", "(lambda () 0)");
        check(
            "lambda x, y=1, *a, k, **kw: x + y",
            "(lambda (x y=1 *a k **kw) (+ x y))",
        );
        check("lambda x: lambda y: x", "(lambda (x) (lambda (y) x))");
        check(
            "f(lambda: 1 if a else 2)",
            "(call f (lambda () (ifx a 1 2)))",
        );
    }

    #[test]
    fn primaries() {
        check("a.b.c", "(. (. a b) c)");
        check("f(x)(y)[z].w", "(. ([] (call (call f x) y) z) w)");
        check("(a + b).c", "(. (+ a b) c)");
        check("'-'.join(xs)", "(call (. \"-\" join) xs)");
    }

    #[test]
    fn subscripts_and_slices() {
        check("a[1]", "([] a 1)");
        check("a[-1]", "([] a (- 1))");
        check("a[1:2]", "([] a (slice 1 2 _))");
        check("a[::-1]", "([] a (slice _ _ (- 1)))");
        check("a[:]", "([] a (slice _ _ _))");
        check("a[i:]", "([] a (slice i _ _))");
        check("a[:j:]", "([] a (slice _ j _))");
        check("a[i, j]", "([] a (tuple i j))");
        check("a[1:2, ::3]", "([] a (tuple (slice 1 2 _) (slice _ _ 3)))");
        check("a[i,]", "([] a (tuple i))");
    }

    #[test]
    fn constants() {
        check("None, True, False", "(tuple None True False)");
        check("1_000, 0xff, 1.5, 1e-3", "(tuple 1000 255 1.5 0.001)");
    }

    #[test]
    fn expression_spans_are_exact() {
        assert_eq!(
            spans(
                "a + b * c\n(a + b).c\nf(x)[1:2]\n-x ** 2\n(1, 2)\n[x for x in y]\na if b else c\n"
            ),
            [
                "a + b * c",
                "(a + b).c",
                "f(x)[1:2]",
                "-x ** 2",
                "(1, 2)",
                "[x for x in y]",
                "a if b else c"
            ]
        );
    }

    #[test]
    fn refused_expressions() {
        check_err(
            "x = yield 1\n",
            &["1:5: 'yield' is not supported: use 'async def' and 'await'"],
        );
        check_err(
            "if (n := 10) > 5:\n    pass\n",
            &["1:7: ':=' (assignment expression) is not supported: assign in a statement of its own"],
        );
        check_err(
            "if n := 10:\n    pass\n",
            &["1:6: ':=' (assignment expression) is not supported: assign in a statement of its own"],
        );
        check_err(
            "x = ...\n",
            &["1:5: '...' (Ellipsis) is not supported: use 'pass' or None"],
        );
        check_err(
            "x = a @ b\n",
            &["1:7: '@' (matrix multiplication) is not supported"],
        );
    }

    #[test]
    fn other_expression_errors() {
        check_err(
            "x = a if b\n",
            &["1:5: expected 'else' after 'if' expression"],
        );
        check_err("x = 1 +\n", &["1:8: invalid syntax"]);
        check_err("x = not\n", &["1:8: invalid syntax"]);
        check_err("x = a.if\n", &["1:7: invalid syntax"]);
        check_err("x = a[]\n", &["1:7: invalid syntax"]);
    }
}
