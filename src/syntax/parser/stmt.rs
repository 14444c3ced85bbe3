//! The statement loop, simple statements, and imports.

use super::super::ast::{Alias, Expr, ExprKind, Span, Stmt, StmtKind};
use super::super::token::{Keyword, TokenKind};
use super::targets::{expr_description, TargetUse};
use super::{refusal, Failed, PResult, Parser};

/// The modules a scenario may import.
const IMPORTABLE: [&str; 3] = ["asyncio", "time", "awaitscope"];

impl<'src> Parser<'src> {
    pub(super) fn module(&mut self) -> Vec<Stmt> {
        self.statements(false)
    }

    /// Statements up to the DEDENT that closes a nested block (consumed), or to
    /// the end of the file.
    pub(super) fn statements(&mut self, nested: bool) -> Vec<Stmt> {
        let mut body = Vec::new();
        loop {
            let before = self.pos;
            match self.kind() {
                TokenKind::EndOfFile => break,
                TokenKind::Dedent => {
                    self.bump();
                    if nested {
                        break;
                    }
                }
                TokenKind::Newline => {
                    self.bump();
                }
                TokenKind::Indent => {
                    self.unexpected();
                    body.extend(self.indented_block());
                }
                _ => {
                    let compound = self.at_compound_keyword();
                    match self.statement() {
                        Ok(stmts) => body.extend(stmts),
                        Err(Failed) => self.recover(compound),
                    }
                }
            }
            self.ensure_progress(before);
        }
        body
    }

    fn at_compound_keyword(&self) -> bool {
        use Keyword::*;
        match self.kind() {
            TokenKind::Keyword(k) => matches!(
                k,
                If | Elif
                    | Else
                    | While
                    | For
                    | Try
                    | Except
                    | Finally
                    | Def
                    | Class
                    | With
                    | Async
            ),
            TokenKind::At => true,
            _ => false,
        }
    }

    /// One statement; a line of simple statements separated by `;` gives several.
    fn statement(&mut self) -> PResult<Vec<Stmt>> {
        let token = self.tok();
        match token.kind {
            TokenKind::Keyword(Keyword::If) => self.if_stmt().map(|s| vec![s]),
            TokenKind::Keyword(Keyword::While) => self.while_stmt().map(|s| vec![s]),
            TokenKind::Keyword(Keyword::For) => self.for_stmt().map(|s| vec![s]),
            TokenKind::Keyword(Keyword::Try) => self.try_stmt().map(|s| vec![s]),
            TokenKind::Keyword(Keyword::Def) => self.function_def(false).map(|s| vec![s]),
            TokenKind::Keyword(Keyword::Class) => self.class_def(),
            TokenKind::Keyword(Keyword::Async) => self.async_stmt(),
            TokenKind::Keyword(Keyword::With) => self.refuse_compound(token.span, refusal::WITH),
            TokenKind::At => {
                // The decorated definition on the next line still parses.
                self.error(token.span, refusal::DECORATOR);
                self.skip_line();
                Ok(Vec::new())
            }
            TokenKind::Name if self.at_match_statement() => {
                self.refuse_compound(token.span, refusal::MATCH)
            }
            _ => self.simple_statements(),
        }
    }

    /// Small statements separated by `;`, up to the end of the line.
    pub(super) fn simple_statements(&mut self) -> PResult<Vec<Stmt>> {
        let mut stmts = Vec::new();
        loop {
            if let Some(stmt) = self.small_statement()? {
                stmts.push(stmt);
            }
            if !self.eat(TokenKind::Semicolon)
                || matches!(self.kind(), TokenKind::Newline | TokenKind::EndOfFile)
            {
                break;
            }
        }
        match self.kind() {
            TokenKind::Newline => {
                self.bump();
                Ok(stmts)
            }
            TokenKind::EndOfFile => Ok(stmts),
            _ => Err(self.unexpected()),
        }
    }

    /// A simple statement; `None` when it was refused but parsed (a disallowed import).
    fn small_statement(&mut self) -> PResult<Option<Stmt>> {
        let start = self.start();
        let token = self.tok();
        let kind = match token.kind {
            TokenKind::Keyword(Keyword::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            TokenKind::Keyword(Keyword::Break) => {
                self.bump();
                StmtKind::Break
            }
            TokenKind::Keyword(Keyword::Continue) => {
                self.bump();
                StmtKind::Continue
            }
            TokenKind::Keyword(Keyword::Return) => self.return_stmt()?,
            TokenKind::Keyword(Keyword::Raise) => self.raise_stmt()?,
            TokenKind::Keyword(Keyword::Global) => StmtKind::Global(self.name_list()?),
            TokenKind::Keyword(Keyword::Nonlocal) => StmtKind::Nonlocal(self.name_list()?),
            TokenKind::Keyword(Keyword::Assert) => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat(TokenKind::Comma) {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            TokenKind::Keyword(Keyword::Del) => self.del_stmt()?,
            TokenKind::Keyword(Keyword::Import) => return self.import_stmt(),
            TokenKind::Keyword(Keyword::From) => return self.import_from_stmt(),
            TokenKind::Name => {
                if let Some(failed) = self.python2_or_type_statement() {
                    return Err(failed);
                }
                self.expression_statement()?
            }
            _ => self.expression_statement()?,
        };
        Ok(Some(Stmt {
            kind,
            span: self.finish(start),
        }))
    }

    /// `print "x"`, `print >> f, x` and `type X = …`: statements that read as
    /// something else in this Python.
    fn python2_or_type_statement(&mut self) -> Option<Failed> {
        let token = self.tok();
        match (self.text(token.span), self.nth(1)) {
            ("print", TokenKind::RightShift) => {
                Some(self.error(token.span, refusal::PRINT_CHEVRON))
            }
            (
                name @ ("print" | "exec"),
                TokenKind::Name | TokenKind::Str { .. } | TokenKind::Int(_) | TokenKind::Float(_),
            ) => Some(self.error(token.span, missing_parentheses(name))),
            ("type", TokenKind::Name)
                if matches!(self.nth(2), TokenKind::Equal | TokenKind::LBracket) =>
            {
                Some(self.error(token.span, refusal::TYPE_ALIAS))
            }
            _ => None,
        }
    }

    /// `match subject:` starts a match statement; `match = 1` or `match(x)` do not.
    /// A simple statement never ends with `:`, so that decides it.
    fn at_match_statement(&self) -> bool {
        if self.text(self.tok().span) != "match" {
            return false;
        }
        let mut last = self.kind();
        for token in &self.tokens[self.pos..] {
            if matches!(token.kind, TokenKind::Newline | TokenKind::EndOfFile) {
                break;
            }
            last = token.kind;
        }
        last == TokenKind::Colon && self.nth(1) != TokenKind::Colon
    }

    fn expression_statement(&mut self) -> PResult<StmtKind> {
        let first = self.star_expressions()?;
        match self.kind() {
            TokenKind::Equal => {
                self.bump();
                let mut targets = vec![first];
                let mut value = self.star_expressions()?;
                while self.eat(TokenKind::Equal) {
                    let next = self.star_expressions()?;
                    targets.push(std::mem::replace(&mut value, next));
                }
                self.no_lone_star(&value)?;
                if let [target] = targets.as_slice() {
                    self.check_single_target(target)?;
                } else {
                    for target in &targets {
                        self.check_target(target, TargetUse::Assign)?;
                    }
                }
                Ok(StmtKind::Assign { targets, value })
            }
            TokenKind::AugAssign(op) => {
                self.check_target(&first, TargetUse::Augmented)?;
                self.bump();
                let value = self.star_expressions()?;
                self.no_lone_star(&value)?;
                Ok(StmtKind::AugAssign {
                    target: first,
                    op,
                    value,
                })
            }
            TokenKind::Colon => self.annotated_assignment(first),
            _ => {
                self.no_lone_star(&first)?;
                Ok(StmtKind::Expr(first))
            }
        }
    }

    /// `x: int = 5` is `x = 5` (annotations are ignored, as Python does at run
    /// time); an annotation without a value is refused.
    fn annotated_assignment(&mut self, target: Expr) -> PResult<StmtKind> {
        let colon = self.bump();
        let no_annotation = matches!(self.kind(), TokenKind::Newline | TokenKind::EndOfFile);
        match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
            // Not an annotated assignment at all: `x in y:` (a `for` lost).
            _ if no_annotation => return Err(self.error(colon.span, "invalid syntax")),
            ExprKind::Tuple(_) | ExprKind::List(_) => {
                let kind = expr_description(&target);
                return Err(self.error(
                    target.span,
                    format!("only single target (not {kind}) can be annotated"),
                ));
            }
            _ => return Err(self.error(target.span, "illegal target for annotation")),
        }
        self.expression()?;
        if !self.eat(TokenKind::Equal) {
            return Err(self.error(target.span.cover(colon.span), refusal::BARE_ANNOTATION));
        }
        let value = self.star_expressions()?;
        self.no_lone_star(&value)?;
        Ok(StmtKind::Assign {
            targets: vec![target],
            value,
        })
    }

    fn return_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let value = if self.kind().starts_expression() {
            let value = self.star_expressions()?;
            self.no_lone_star(&value)?;
            Some(value)
        } else {
            None
        };
        Ok(StmtKind::Return(value))
    }

    fn raise_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        if !self.kind().starts_expression() {
            return Ok(StmtKind::Raise {
                exc: None,
                cause: None,
            });
        }
        let exc = self.expression()?;
        let cause = if self.eat_kw(Keyword::From) {
            Some(self.expression()?)
        } else {
            None
        };
        Ok(StmtKind::Raise {
            exc: Some(exc),
            cause,
        })
    }

    /// The names after `global` or `nonlocal`.
    fn name_list(&mut self) -> PResult<Vec<String>> {
        self.bump();
        let mut names = vec![self.expect_name()?.0];
        while self.eat(TokenKind::Comma) {
            names.push(self.expect_name()?.0);
        }
        Ok(names)
    }

    fn del_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut targets = Vec::new();
        loop {
            let target = self.target()?;
            self.check_target(&target, TargetUse::Delete)?;
            targets.push(target);
            if !self.eat(TokenKind::Comma) || !self.kind().starts_expression() {
                break;
            }
        }
        Ok(StmtKind::Delete(targets))
    }

    /// `import a [as b], …`.
    fn import_stmt(&mut self) -> PResult<Option<Stmt>> {
        let start = self.start();
        self.bump();
        let mut names = Vec::new();
        let mut refused = false;
        loop {
            let (module, module_span) = self.dotted_name()?;
            let asname = if self.eat_kw(Keyword::As) {
                Some(self.expect_name()?.0)
            } else {
                None
            };
            if !refused && !IMPORTABLE.contains(&module.as_str()) {
                refused = true;
                self.refuse_import(&module, module_span);
            }
            names.push(Alias {
                name: module,
                asname,
                span: self.finish(module_span.start),
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        let span = self.finish(start);
        Ok((!refused).then_some(Stmt {
            kind: StmtKind::Import { names },
            span,
        }))
    }

    /// `from module import a [as b], …`, also in parentheses.
    fn import_from_stmt(&mut self) -> PResult<Option<Stmt>> {
        let start = self.start();
        self.bump();
        if matches!(self.kind(), TokenKind::Dot | TokenKind::Ellipsis) {
            let span = self.tok().span;
            return Err(self.error(span, refusal::RELATIVE_IMPORT));
        }
        let (module, module_span) = self.dotted_name()?;
        let refused = !IMPORTABLE.contains(&module.as_str());
        if refused {
            self.refuse_import(&module, module_span);
        }
        self.expect_kw(Keyword::Import)?;
        if self.at(TokenKind::Star) {
            let span = self.tok().span;
            return Err(self.error(span, refusal::IMPORT_STAR));
        }
        let parenthesized = self.eat(TokenKind::LParen);
        let mut names = Vec::new();
        loop {
            let (name, span) = self.expect_name()?;
            let asname = if self.eat_kw(Keyword::As) {
                Some(self.expect_name()?.0)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                span: self.finish(span.start),
            });
            if !self.eat(TokenKind::Comma) || (parenthesized && self.at(TokenKind::RParen)) {
                break;
            }
            if !parenthesized && matches!(self.kind(), TokenKind::Newline | TokenKind::EndOfFile) {
                let message = "trailing comma not allowed without surrounding parentheses";
                return Err(self.error_here(message));
            }
        }
        if parenthesized {
            self.expect_closing(TokenKind::RParen)?;
        }
        let span = self.finish(start);
        Ok((!refused).then_some(Stmt {
            kind: StmtKind::ImportFrom { module, names },
            span,
        }))
    }

    fn dotted_name(&mut self) -> PResult<(String, Span)> {
        let (mut name, span) = self.expect_name()?;
        while self.eat(TokenKind::Dot) {
            name.push('.');
            name.push_str(&self.expect_name()?.0);
        }
        Ok((name, self.finish(span.start)))
    }

    fn refuse_import(&mut self, module: &str, span: Span) {
        self.error(
            span,
            format!(
                "import of '{module}' is not supported: {}",
                refusal::ALLOWED_MODULES
            ),
        );
    }
}

/// Python 2's `print x` and `exec code`, as CPython words it.
pub(super) fn missing_parentheses(name: &str) -> String {
    format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?")
}

#[cfg(test)]
mod tests {
    use super::super::dump;
    use super::super::dump::{check_err, check_module as check};
    use crate::syntax::parse;

    #[test]
    fn expression_statement() {
        check("print('hi')\n", "(call print \"hi\")");
    }

    #[test]
    fn semicolons() {
        check("a = 1; b = 2;\n", "(= a 1)\n(= b 2)");
    }

    #[test]
    fn assignments() {
        check("a = b = 1", "(= a b 1)");
        check("a, b = b, a", "(= (tuple a b) (tuple b a))");
        check("[a, (b, c)] = x", "(= (list a (tuple b c)) x)");
        check("x[i] = v", "(= ([] x i) v)");
        check("obj.attr = v", "(= (. obj attr) v)");
        check("x, = y", "(= (tuple x) y)");
        check("x = 1, *rest", "(= x (tuple 1 (* rest)))");
    }

    #[test]
    fn augmented_assignments() {
        check("x += 1", "(+= x 1)");
        check("x.y **= 2", "(**= (. x y) 2)");
        check("d[k] //= 3", "(//= ([] d k) 3)");
        check("a >>= b; a |= c", "(>>= a b)\n(|= a c)");
    }

    #[test]
    fn annotated_assignment_is_a_plain_assignment() {
        check("x: int = 5", "(= x 5)");
        check(
            "def f(a: int, b: str = 'x') -> None:\n    pass",
            "(def f (a b=\"x\") [pass])",
        );
    }

    #[test]
    fn assert_raise_del() {
        check("assert x", "(assert x)");
        check("assert x, 'msg'", "(assert x \"msg\")");
        check("raise", "(raise)");
        check("raise ValueError('x')", "(raise (call ValueError \"x\"))");
        check("raise A from e", "(raise A from e)");
        check("del x, d[k], o.a", "(del x ([] d k) (. o a))");
        check("del (a, b)", "(del (tuple a b))");
    }

    #[test]
    fn imports() {
        check(
            "import asyncio\nimport time as t, awaitscope\n",
            "(import asyncio)\n(import time as t awaitscope)",
        );
        check(
            "from awaitscope import Device, cpu as c\nfrom asyncio import (sleep,\n    gather,)\nfrom time import sleep\n",
            "(from awaitscope import Device cpu as c)\n(from asyncio import sleep gather)\n(from time import sleep)",
        );
    }

    #[test]
    fn soft_keywords_are_names() {
        check(
            "match = 1\ntype = match(2)\nprint(type)",
            "(= match 1)\n(= type (call match 2))\n(call print type)",
        );
    }

    #[test]
    fn refusals() {
        check_err(
            "class A:\n    x = 1\ny = 2\n",
            &["1:1: 'class' is not supported: scenarios use functions, coroutines and the asyncio objects (see the scenario language)"],
        );
        check_err(
            "async def f():\n    async for x in y:\n        pass\n",
            &["2:5: 'async for' is not supported: use 'for' over a list or 'asyncio.as_completed'"],
        );
        check_err(
            "with open('f') as f:\n    pass\n",
            &["1:1: 'with' is not supported: only 'async with' on asyncio.Lock and asyncio.Semaphore"],
        );
        check_err(
            "@cache\ndef f():\n    pass\n",
            &["1:1: decorators are not supported: define the function and call it directly"],
        );
        check_err(
            "match x:\n    case 1:\n        pass\n",
            &["1:1: 'match' is not supported: use 'if', 'elif' and 'else'"],
        );
        check_err(
            "type Point = tuple\n",
            &["1:1: 'type' statements are not supported: assign the value to a name instead"],
        );
        check_err(
            "try:\n    pass\nexcept* ValueError:\n    pass\n",
            &["3:1: 'except*' is not supported: use 'except'"],
        );
        check_err(
            "print >> f, 'x'\n",
            &["1:1: 'print >>' is not supported: use print(...)"],
        );
        check_err(
            "print 'x'\n",
            &["1:1: Missing parentheses in call to 'print'. Did you mean print(...)?"],
        );
        check_err(
            "*a, b = x\n",
            &["1:1: starred assignment targets are not supported: index or slice the sequence instead"],
        );
        check_err(
            "x: int\n",
            &["1:1: a variable annotation without a value is not supported: assign a value"],
        );
    }

    #[test]
    fn refused_imports() {
        check_err(
            "import os\n",
            &["1:8: import of 'os' is not supported: scenarios may import asyncio, time and awaitscope"],
        );
        check_err(
            "import asyncio, random\n",
            &["1:17: import of 'random' is not supported: scenarios may import asyncio, time and awaitscope"],
        );
        check_err(
            "from asyncio.queues import Queue\n",
            &["1:6: import of 'asyncio.queues' is not supported: scenarios may import asyncio, time and awaitscope"],
        );
        check_err(
            "from . import x\n",
            &["1:6: relative imports are not supported: scenarios may import asyncio, time and awaitscope"],
        );
        check_err(
            "from asyncio import *\n",
            &["1:21: 'import *' is not supported: import the names you use"],
        );
        let parsed = parse("import os\nx = 1\n");
        assert_eq!(dump::module(&parsed.module), "(= x 1)");
    }

    /// Where a statement may stand is the compiler's to say, as in CPython: after
    /// every syntax error, which comes first.
    #[test]
    fn misplaced_statements() {
        crate::compile::assert_first_error_as_cpython(&[
            "return 1\n",
            "break\n",
            "for x in y:\n    def f():\n        continue\n",
            "while x:\n    pass\nelse:\n    break\n",
            "nonlocal x\n",
            "async with lock:\n    pass\n",
            "async with lock\n    pass\n",
            "return 1\nx = (\n",
            "def f():\n    break\n    x = = 1\n",
        ]);
    }

    #[test]
    fn syntax_errors() {
        check_err("if x\n    pass\n", &["1:5: expected ':'"]);
        check_err("while x y:\n    pass\n", &["1:9: invalid syntax"]);
        check_err("def f:\n    pass\n", &["1:6: expected '('"]);
        check_err(
            "try:\n    pass\nx = 1\n",
            &["3:1: expected 'except' or 'finally' block"],
        );
        check_err(
            "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
            &["3:1: default 'except:' must be last"],
        );
        check_err(
            "try:\n    pass\nexcept A, B:\n    pass\n",
            &["3:8: multiple exception types must be parenthesized"],
        );
        check_err("else:\n    pass\n", &["1:1: invalid syntax"]);
        check_err(
            "for x in y:\n    pass\n  z\n",
            &["3:4: unindent does not match any outer indentation level"],
        );
        check_err("if x: if y: pass\n", &["1:7: invalid syntax"]);
        check_err("async x\n", &["1:7: invalid syntax"]);
    }
}
