//! Parenthesised expressions, lists, dicts, comprehensions, and the targets of
//! `for`; sets and the comprehensions in braces are refused.

use super::super::ast::{Comprehension, Expr, ExprKind, Span};
use super::super::token::{Keyword, TokenKind};
use super::expr::power;
use super::targets::TargetUse;
use super::{refusal, PResult, Parser};

pub(super) const UNPACKING_IN_COMPREHENSION: &str =
    "iterable unpacking cannot be used in comprehension";

impl<'src> Parser<'src> {
    /// `()`, `(x)`, `(x, y)`, `(x for x in y)`.
    #[inline(never)]
    pub(super) fn parenthesized(&mut self) -> PResult<Expr> {
        let open = self.bump();
        if self.eat(TokenKind::RParen) {
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                span: self.finish(open.span.start),
            });
        }
        let first = self.named_expression(Self::star_expression)?;
        if self.at_comprehension() {
            self.no_unpacking_in_comprehension(&first)?;
            let generators = self.comprehension_clauses()?;
            self.expect(TokenKind::RParen)?;
            return Ok(Expr {
                kind: ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
                span: self.finish(open.span.start),
            });
        }
        if self.eat(TokenKind::RParen) {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error(first.span, "cannot use starred expression here"));
            }
            // As in Python's tree, the parentheses are not part of the expression.
            return Ok(first);
        }
        if !self.at(TokenKind::Comma) {
            return Err(self.missing_separator());
        }
        let elts = self.display_items(first, TokenKind::RParen)?;
        Ok(Expr {
            kind: ExprKind::Tuple(elts),
            span: self.finish(open.span.start),
        })
    }

    /// `[]`, `[a, *b]`, `[x for x in y]`.
    #[inline(never)]
    pub(super) fn list_display(&mut self) -> PResult<Expr> {
        let open = self.bump();
        if self.eat(TokenKind::RBracket) {
            return Ok(Expr {
                kind: ExprKind::List(Vec::new()),
                span: self.finish(open.span.start),
            });
        }
        let first = self.named_expression(Self::star_expression)?;
        if self.at_comprehension() {
            self.no_unpacking_in_comprehension(&first)?;
            let generators = self.comprehension_clauses()?;
            self.expect(TokenKind::RBracket)?;
            return Ok(Expr {
                kind: ExprKind::ListComp {
                    elt: Box::new(first),
                    generators,
                },
                span: self.finish(open.span.start),
            });
        }
        let elts = self.display_items(first, TokenKind::RBracket)?;
        Ok(Expr {
            kind: ExprKind::List(elts),
            span: self.finish(open.span.start),
        })
    }

    /// The rest of a comma-separated display after its first item, through the
    /// closing bracket.
    fn display_items(&mut self, first: Expr, close: TokenKind) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while self.eat(TokenKind::Comma) {
            if self.at(close) || (close == TokenKind::RBracket && self.at_comprehension()) {
                break;
            }
            elts.push(self.named_expression(Self::star_expression)?);
        }
        // `[a, b for …]`: CPython's hint when the clauses parse, else its first error.
        if close == TokenKind::RBracket && self.at_comprehension() {
            let (at, before) = (self.tok().span, self.diagnostics.len());
            if self.comprehension_clauses().is_err() {
                self.diagnostics.truncate(before);
                return Err(self.error(at, "invalid syntax"));
            }
            let span = elts[0].span.cover(elts[elts.len() - 1].span);
            let message = "did you forget parentheses around the comprehension target?";
            return Err(self.error(span, message));
        }
        self.expect_closing(close)?;
        Ok(elts)
    }

    /// `{}`, `{k: v, …}` and `{k: v for …}`; sets and set comprehensions are refused.
    #[inline(never)]
    pub(super) fn brace_display(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let start = open.span.start;
        let mut pairs = Vec::new();
        loop {
            if self.at(TokenKind::RBrace) {
                break;
            }
            match self.kind() {
                TokenKind::DoubleStar => {
                    let span = self.tok().span;
                    return Err(self.error(span, refusal::DICT_UNPACK));
                }
                TokenKind::Star if pairs.is_empty() => {
                    return Err(self.error(open.span, refusal::SET));
                }
                _ => {}
            }
            // `{x = 1}` could be a set: CPython guesses `==`, as for an item in brackets.
            let key = if pairs.is_empty() {
                self.named_expression(Self::expression)?
            } else {
                self.expression()?
            };
            if !self.at(TokenKind::Colon) {
                if !pairs.is_empty() {
                    // At the key's last character, as CPython reports it.
                    let last = self.text(key.span).chars().last().map_or(0, char::len_utf8);
                    let span = Span::new(key.span.end as usize - last, key.span.end as usize);
                    return Err(self.error(span, "':' expected after dictionary key"));
                }
                let message = if self.at_comprehension() {
                    refusal::SET_COMP
                } else if matches!(self.kind(), TokenKind::Comma | TokenKind::RBrace) {
                    refusal::SET
                } else {
                    return Err(self.missing_separator());
                };
                let span = self.finish(start);
                return Err(self.error(span, message));
            }
            let colon = self.bump();
            if matches!(self.kind(), TokenKind::RBrace | TokenKind::Comma) {
                let message = "expression expected after dictionary key and ':'";
                return Err(self.error(colon.span, message));
            }
            let value = self.expression()?;
            if self.at_comprehension() {
                if !pairs.is_empty() {
                    let span = self.tok().span;
                    return Err(self.error(span, "invalid syntax"));
                }
                let generators = self.comprehension_clauses()?;
                self.expect_closing(TokenKind::RBrace)?;
                return Ok(Expr {
                    kind: ExprKind::DictComp {
                        key: Box::new(key),
                        value: Box::new(value),
                        generators,
                    },
                    span: self.finish(start),
                });
            }
            pairs.push((key, value));
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        self.expect_closing(TokenKind::RBrace)?;
        Ok(Expr {
            kind: ExprKind::Dict(pairs),
            span: self.finish(start),
        })
    }

    fn no_unpacking_in_comprehension(&mut self, elt: &Expr) -> PResult<()> {
        if let ExprKind::Starred(_) = elt.kind {
            return Err(self.error(elt.span, UNPACKING_IN_COMPREHENSION));
        }
        Ok(())
    }

    pub(super) fn at_comprehension(&self) -> bool {
        self.at_kw(Keyword::For)
            || (self.at_kw(Keyword::Async) && self.nth(1) == TokenKind::Keyword(Keyword::For))
    }

    /// `for t in it [if c]…`, one or more times.
    #[inline(never)]
    pub(super) fn comprehension_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        while self.at_comprehension() {
            if self.at_kw(Keyword::Async) {
                let span = self.tok().span.cover(self.tokens[self.pos + 1].span);
                return Err(self.error(span, refusal::ASYNC_FOR));
            }
            self.bump();
            let target = self.target_list()?;
            if !self.at_kw(Keyword::In) && self.kind().starts_operand() {
                // `for x y`: CPython guesses a comma was meant, after the last target.
                let last = match &target.kind {
                    ExprKind::Tuple(elts) => elts.last().unwrap_or(&target),
                    _ => &target,
                };
                let span = last.span.cover(self.tok().span);
                return Err(self.error(span, "invalid syntax. Perhaps you forgot a comma?"));
            }
            self.check_target(&target, TargetUse::Bind)?;
            self.expect_kw(Keyword::In)?;
            // One level deeper, as the element and the targets are.
            let iter = self.nested(Self::disjunction)?;
            let mut ifs = Vec::new();
            while self.eat_kw(Keyword::If) {
                ifs.push(self.nested(Self::disjunction)?);
            }
            generators.push(Comprehension { target, iter, ifs });
        }
        Ok(generators)
    }

    /// The targets of `for` (statement or comprehension): like `star_expressions`,
    /// but each item binds no looser than `|`, so that `in` ends the list.
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        self.comma_list(Self::target)
    }

    /// One assignment target (`*x` included, for the message).
    pub(super) fn target(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            return self.starred();
        }
        self.nested(|p| p.operators(power::BITWISE_OR))
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump::{check_err, check_in_async_def as check};

    #[test]
    fn displays() {
        check("()", "(tuple)");
        check("(1,)", "(tuple 1)");
        check("(1, 2,)", "(tuple 1 2)");
        check("1, 2", "(tuple 1 2)");
        check("[]", "(list)");
        check("[1, *a, 2,]", "(list 1 (* a) 2)");
        check("(*a, b)", "(tuple (* a) b)");
        check("{}", "(dict)");
        check("{'a': 1, b: [2],}", "(dict \"a\":1 b:(list 2))");
        check("((a))", "a");
    }

    #[test]
    fn comprehensions() {
        check("[x for x in y]", "(listcomp x (for x y))");
        check(
            "[x * y for x in a if x if not y for y in b]",
            "(listcomp (* x y) (for x a (if x) (if (not y))) (for y b))",
        );
        check(
            "[(i, v) for i, v in enumerate(xs)]",
            "(listcomp (tuple i v) (for (tuple i v) (call enumerate xs)))",
        );
        check("(x for x in y)", "(genexp x (for x y))");
        check(
            "[a if b else c for x in y]",
            "(listcomp (ifx b a c) (for x y))",
        );
        check("[await t for t in ts]", "(listcomp (await t) (for t ts))");
    }

    #[test]
    fn refused_displays() {
        check_err(
            "s = {1, 2}\n",
            &["1:5: set literals are not supported: use a list or a dict"],
        );
        check_err(
            "s = {x for x in y}\n",
            &["1:5: set comprehensions are not supported: use a list comprehension"],
        );
        check_err(
            "d = {1: 2, k: v for k, v in y}\n",
            &["1:17: invalid syntax"],
        );
        check_err(
            "d = {**a, 'b': 1}\n",
            &["1:6: '**' in a dict display is not supported: use the dict's 'update' method"],
        );
        check_err(
            "async def f():\n    return [x async for x in y]\n",
            &["2:15: 'async for' is not supported: use 'for' over a list or 'asyncio.as_completed'"],
        );
    }

    #[test]
    fn display_errors() {
        check_err("x = (*a)\n", &["1:6: cannot use starred expression here"]);
        check_err(
            "x = {1: 2, 3}\n",
            &["1:12: ':' expected after dictionary key"],
        );
        check_err(
            "[1 2]\n",
            &["1:2: invalid syntax. Perhaps you forgot a comma?"],
        );
        check_err("x = [1, 2\n", &["1:5: '[' was never closed"]);
    }
}
