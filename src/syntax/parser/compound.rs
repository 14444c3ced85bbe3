//! Compound statements: `if`, `while`, `for`, `try`, `def`, `class`, `async with`,
//! their blocks, and the compound constructs the subset refuses.

use super::super::ast::{ExceptHandler, FunctionDef, Span, Stmt, StmtKind, WithItem};
use super::super::token::{Keyword, TokenKind};
use super::targets::TargetUse;
use super::{refusal, PResult, Parser};

impl<'src> Parser<'src> {
    pub(super) fn if_stmt(&mut self) -> PResult<Stmt> {
        let keyword = self.bump();
        let test = self.named_expression(Self::expression)?;
        let body = self.suite(keyword.span, "'if' statement")?;
        // `elif` chains can be long: collect them, then nest them from the end.
        let mut elifs = Vec::new();
        while self.at_kw(Keyword::Elif) {
            let elif = self.bump();
            let test = self.named_expression(Self::expression)?;
            let body = self.suite(elif.span, "'elif' statement")?;
            elifs.push((elif.span.start, test, body));
        }
        let mut orelse = self.else_clause()?;
        let end = self.last_end;
        for (start, test, body) in elifs.into_iter().rev() {
            orelse = vec![Stmt {
                kind: StmtKind::If { test, body, orelse },
                span: Span { start, end },
            }];
        }
        Ok(Stmt {
            kind: StmtKind::If { test, body, orelse },
            span: Span {
                start: keyword.span.start,
                end,
            },
        })
    }

    /// An optional `else:` block.
    fn else_clause(&mut self) -> PResult<Vec<Stmt>> {
        if !self.at_kw(Keyword::Else) {
            return Ok(Vec::new());
        }
        let keyword = self.bump();
        self.suite(keyword.span, "'else' statement")
    }

    pub(super) fn while_stmt(&mut self) -> PResult<Stmt> {
        let keyword = self.bump();
        let test = self.named_expression(Self::expression)?;
        let body = self.loop_body(keyword.span, "'while' statement")?;
        let orelse = self.else_clause()?;
        Ok(Stmt {
            kind: StmtKind::While { test, body, orelse },
            span: self.finish(keyword.span.start),
        })
    }

    pub(super) fn for_stmt(&mut self) -> PResult<Stmt> {
        let keyword = self.bump();
        let target = self.target_list()?;
        self.check_target(&target, TargetUse::Bind)?;
        self.expect_kw(Keyword::In)?;
        let iter = self.star_expressions()?;
        self.no_lone_star(&iter)?;
        let body = self.loop_body(keyword.span, "'for' statement")?;
        let orelse = self.else_clause()?;
        Ok(Stmt {
            kind: StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            span: self.finish(keyword.span.start),
        })
    }

    fn loop_body(&mut self, header: Span, what: &str) -> PResult<Vec<Stmt>> {
        self.suite(header, what)
    }

    pub(super) fn try_stmt(&mut self) -> PResult<Stmt> {
        let keyword = self.bump();
        let body = self.suite(keyword.span, "'try' statement")?;
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while self.at_kw(Keyword::Except) {
            let except = self.bump();
            if self.at(TokenKind::Star) {
                return Err(self.error(except.span.cover(self.tok().span), refusal::EXCEPT_STAR));
            }
            if let Some(bare) = handlers.iter().find(|h| h.typ.is_none()) {
                let span = Span {
                    start: bare.span.start,
                    end: bare.span.start + "except".len() as u32,
                };
                self.error(span, "default 'except:' must be last");
            }
            let mut typ = None;
            let mut name = None;
            if !self.at(TokenKind::Colon) {
                let t = self.expression()?;
                if self.at(TokenKind::Comma) {
                    let span = self.finish(t.span.start);
                    self.bump();
                    let span = span.cover(self.expression()?.span);
                    return Err(self.error(span, "multiple exception types must be parenthesized"));
                }
                typ = Some(t);
                if self.eat_kw(Keyword::As) {
                    name = Some(self.expect_name()?.0);
                }
            }
            let body = self.suite(except.span, "'except' statement")?;
            handlers.push(ExceptHandler {
                typ,
                name,
                body,
                span: self.finish(except.span.start),
            });
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_clause()?
        };
        let mut finalbody = Vec::new();
        if self.at_kw(Keyword::Finally) {
            let finally = self.bump();
            finalbody = self.suite(finally.span, "'finally' statement")?;
        } else if handlers.is_empty() {
            self.error_here("expected 'except' or 'finally' block");
        }
        Ok(Stmt {
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            span: self.finish(keyword.span.start),
        })
    }

    pub(super) fn async_stmt(&mut self) -> PResult<Vec<Stmt>> {
        let keyword = self.tok();
        match self.nth(1) {
            TokenKind::Keyword(Keyword::Def) => self.function_def(true).map(|s| vec![s]),
            TokenKind::Keyword(Keyword::With) => self.async_with().map(|s| vec![s]),
            TokenKind::Keyword(Keyword::For) => {
                let span = keyword.span.cover(self.tokens[self.pos + 1].span);
                self.refuse_compound(span, refusal::ASYNC_FOR)
            }
            _ => {
                self.bump();
                Err(self.unexpected())
            }
        }
    }

    /// `def` or `async def`, with the current token on `async` or `def`.
    pub(super) fn function_def(&mut self, is_async: bool) -> PResult<Stmt> {
        let start = self.start();
        if is_async {
            self.bump();
        }
        let def = self.bump();
        let (name, _) = self.expect_name()?;
        if !self.at(TokenKind::LParen) {
            let span = self.tok().span;
            return Err(self.error(span, "expected '('"));
        }
        self.bump();
        let params = self.params(TokenKind::RParen, true)?;
        self.expect_closing(TokenKind::RParen)?;
        if self.at(TokenKind::Arrow) && self.nth(1) != TokenKind::Colon {
            // Return annotations are accepted and ignored.
            self.bump();
            self.expression()?;
        }
        self.expect_colon(true)?;
        let header = self.finish(start);
        let body = self.block(def.span, "function definition")?;
        Ok(Stmt {
            kind: StmtKind::FunctionDef(FunctionDef {
                name,
                params,
                body,
                is_async,
                span: header,
            }),
            span: self.finish(start),
        })
    }

    /// `class Name:` in the prelude; refused in scenarios.
    pub(super) fn class_def(&mut self) -> PResult<Vec<Stmt>> {
        let keyword = self.tok();
        if !self.options.allow_classes {
            return self.refuse_compound(keyword.span, refusal::CLASS);
        }
        self.bump();
        let (name, _) = self.expect_name()?;
        let mut base = None;
        if self.eat(TokenKind::LParen) {
            if self.at(TokenKind::Name) {
                base = Some(self.expect_name()?.0);
            }
            if !self.at(TokenKind::RParen) {
                let span = self.tok().span;
                return Err(self.error(span, refusal::CLASS_BASES));
            }
            self.bump();
        }
        self.expect_colon(false)?;
        let body = self.block(keyword.span, "class definition")?;
        Ok(vec![Stmt {
            kind: StmtKind::ClassDef { name, base, body },
            span: self.finish(keyword.span.start),
        }])
    }

    fn async_with(&mut self) -> PResult<Stmt> {
        let keyword = self.bump();
        let with = self.bump();
        let mut items = Vec::new();
        loop {
            let context = self.expression()?;
            let target = if self.eat_kw(Keyword::As) {
                let target = self.target()?;
                self.check_target(&target, TargetUse::Bind)?;
                Some(target)
            } else {
                None
            };
            items.push(WithItem { context, target });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        let body = self.suite(with.span, "'with' statement")?;
        Ok(Stmt {
            kind: StmtKind::AsyncWith { items, body },
            span: self.finish(keyword.span.start),
        })
    }

    /// `: block` after a compound statement's header.
    fn suite(&mut self, header: Span, what: &str) -> PResult<Vec<Stmt>> {
        let insisted = matches!(
            what,
            "'try' statement" | "'finally' statement" | "'else' statement"
        );
        self.expect_colon(insisted)?;
        self.block(header, what)
    }

    /// The block after a header's `:`: an indented block, or simple statements on
    /// the same line.
    fn block(&mut self, header: Span, what: &str) -> PResult<Vec<Stmt>> {
        if !self.eat(TokenKind::Newline) {
            return self.simple_statements();
        }
        if !self.at(TokenKind::Indent) {
            let line = self.line(header.start);
            // The missing block is not this statement's only content: keep it, and
            // let the next line parse as the statement it is.
            self.error_here(format!(
                "expected an indented block after {what} on line {line}"
            ));
            return Ok(Vec::new());
        }
        Ok(self.indented_block())
    }

    /// Reports a construct outside the subset and skips it with its block.
    pub(super) fn refuse_compound(&mut self, span: Span, message: &str) -> PResult<Vec<Stmt>> {
        self.error(span, message);
        self.skip_line();
        if self.at(TokenKind::Indent) {
            self.skip_block();
        }
        Ok(Vec::new())
    }

    /// Skips to the end of the logical line (consuming its NEWLINE).
    pub(super) fn skip_line(&mut self) {
        while !matches!(self.kind(), TokenKind::Newline | TokenKind::EndOfFile) {
            self.bump();
        }
        self.eat(TokenKind::Newline);
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump;
    use super::super::dump::{check_err, check_module as check};
    use crate::syntax::{parse, parse_with, ParseOptions};

    #[test]
    fn if_elif_else() {
        check(
            "if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n",
            "(if a [x] [(if b [y] [(if c [z] [w])])])",
        );
    }

    #[test]
    fn while_and_for_with_else() {
        check(
            "while x:\n    break\nelse:\n    pass\n",
            "(while x [break] [pass])",
        );
        check(
            "for i, x in enumerate(xs):\n    continue\nelse:\n    pass\n",
            "(for (tuple i x) (call enumerate xs) [continue] [pass])",
        );
        check("for x in *a, b: pass", "(for x (tuple (* a) b) [pass])");
    }

    #[test]
    fn functions() {
        check(
            "def f(a, b=1, *args, c, d=2, **kw):\n    return a\n",
            "(def f (a b=1 *args c d=2 **kw) [(return a)])",
        );
        check(
            "async def main():\n    await asyncio.sleep(1)\n",
            "(async def main () [(await (call (. asyncio sleep) 1))])",
        );
        check("def f(*, key): return", "(def f (* key) [(return)])");
        check("def f(a,): pass", "(def f (a) [pass])");
    }

    #[test]
    fn nested_functions_with_global_and_nonlocal() {
        check(
            "def outer():\n    global g\n    n = 0\n    def inner():\n        nonlocal n, m\n        n += 1\n    return inner\n",
            "(def outer () [(global g) (= n 0) (def inner () [(nonlocal n m) (+= n 1)]) (return inner)])",
        );
        check("global a, b", "(global a b)");
    }

    #[test]
    fn try_statements() {
        check(
            "try:\n    x\nexcept ValueError as e:\n    y\nexcept (A, B):\n    z\nexcept:\n    pass\nelse:\n    w\nfinally:\n    v\n",
            "(try [x] (except ValueError as e [y]) (except (tuple A B) [z]) (except [pass]) else [w] finally [v])",
        );
        check("try:\n    x\nfinally:\n    y\n", "(try [x] finally [y])");
    }

    #[test]
    fn async_with() {
        check(
            "async def f():\n    async with lock as l, sem:\n        pass\n",
            "(async def f () [(async with (lock as l) (sem) [pass])])",
        );
    }

    #[test]
    fn classes_in_the_prelude() {
        let parsed = parse_with(
            "class Queue:\n    def __init__(self, maxsize=0):\n        self._maxsize = maxsize\n",
            ParseOptions {
                allow_classes: true,
            },
        );
        assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
        assert_eq!(
            dump::module(&parsed.module),
            "(class Queue [(def __init__ (self maxsize=0) [(= (. self _maxsize) maxsize)])])"
        );
        let parsed = parse_with(
            "class B(A):\n    pass\n",
            ParseOptions {
                allow_classes: true,
            },
        );
        assert_eq!(dump::module(&parsed.module), "(class B (A) [pass])");
        for source in ["class E(A, B):\n    pass\n", "class E(x.A):\n    pass\n"] {
            let parsed = parse_with(
                source,
                ParseOptions {
                    allow_classes: true,
                },
            );
            assert_eq!(
                parsed.diagnostics[0].message,
                "a prelude class may have one base, another prelude class"
            );
        }
    }

    #[test]
    fn statement_spans() {
        let source = "x = 1\nif x:\n    y = 2  # c\nasync def f():\n    pass\n";
        let parsed = parse(source);
        let spans: Vec<&str> = parsed
            .module
            .body
            .iter()
            .map(|s| &source[s.span.start as usize..s.span.end as usize])
            .collect();
        assert_eq!(
            spans,
            ["x = 1", "if x:\n    y = 2", "async def f():\n    pass"]
        );
        let crate::syntax::ast::StmtKind::FunctionDef(def) = &parsed.module.body[2].kind else {
            panic!("not a def");
        };
        assert_eq!(
            &source[def.span.start as usize..def.span.end as usize],
            "async def f():"
        );
    }

    #[test]
    fn missing_blocks_name_the_statement() {
        check_err(
            "for x in y:\npass\n",
            &["2:1: expected an indented block after 'for' statement on line 1"],
        );
        check_err(
            "try:\n    x\nexcept E:\nx\n",
            &["4:1: expected an indented block after 'except' statement on line 3"],
        );
        check_err(
            "if a:\n    x\nelse:\n",
            &["3:6: expected an indented block after 'else' statement on line 3"],
        );
    }

    #[test]
    fn failed_header_takes_its_block_along() {
        check_err(
            "def f(x y):\n    return 1\n    x = = 2\ny = 3\n",
            &["1:9: invalid syntax", "3:9: invalid syntax"],
        );
        let parsed = parse("if x x:\n    return 1\ny = 3\n");
        assert_eq!(dump::module(&parsed.module), "(= y 3)");
        assert_eq!(parsed.diagnostics.len(), 1);
    }
}
