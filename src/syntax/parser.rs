//! Tokens → syntax tree: a recursive-descent parser for the scenario subset.
//!
//! Parsing never fails. A statement that does not parse leaves a diagnostic and is
//! skipped up to the end of its logical line (a compound statement takes its block
//! with it), so a half-typed program reports each independent problem and keeps
//! every statement that did parse. Constructs outside the subset are refused with
//! a diagnostic that names the construct and what to use instead.
//!
//! Nesting is bounded ([`MAX_DEPTH`]): the parser's own recursion, and the height
//! of every tree it returns, so that code walking the tree recursively (the
//! compiler, `Drop`) needs a bounded stack whatever the input.
//!
//! The grammar rules, by concept: [`stmt`] (the statement loop and simple
//! statements), [`compound`] (blocks and compound statements), [`targets`] (what
//! may be assigned to), [`expr`] (operators by Python's precedence, primaries,
//! atoms), [`displays`] (parentheses, lists, dicts, comprehensions), [`arguments`]
//! (call arguments and parameters) and [`strings`] (literals and f-strings). This
//! file holds the parser's state and the machinery they share.

mod arguments;
mod compound;
mod displays;
mod expr;
mod stmt;
mod strings;
mod targets;

#[cfg(test)]
mod dump;

use std::cell::Cell;

use super::ast::{Module, Span, Stmt};
use super::lexer;
use super::token::{Keyword, Token, TokenKind};
use super::{Diagnostic, LineIndex, ParseOptions, Parsed};

/// How deep blocks and expressions may nest, together: both how deep the parser
/// recurses (parentheses, unary operators, lambdas, blocks: about 2.5 KB of stack
/// a level in a release build, and the stack in a browser tab is small) and how
/// tall a tree it builds (`1 + 1 + … + 1` parses in a loop, but the tree is as tall
/// as the chain is long, and whatever walks it recursively, `Drop` included, pays
/// for every level).
const MAX_DEPTH: u32 = 100;

pub fn parse(source: &str, options: ParseOptions) -> Parsed {
    let index = LineIndex::new(source);
    let lexed = lexer::tokenize(source, &index);
    let mut parser = Parser::new(source, &index, lexed.tokens, options, 0);
    let body = parser.module();
    let mut diagnostics = first_per_line(lexed.diagnostics, parser.diagnostics, None);
    if let Some(first) = lexed
        .uncut
        .and_then(|uncut| first_as_cpython(source, &index, *uncut, options))
    {
        diagnostics.retain(|d| d.line != first.line);
        diagnostics.insert(0, first);
    }
    Parsed {
        module: Module { body },
        diagnostics,
    }
}

/// What CPython reports first when a bracket looks unclosed. Its tokenizer closes
/// no bracket early, so its parser reads on past the bracket's line; the bracket
/// still open at the end of the file is reported if the parser read to the end, or
/// past that bracket's line, before it failed (and no other error of its
/// tokenizer's comes first), as `_PyPegen_tokenize_full_source_to_check_for_errors`
/// decides.
fn first_as_cpython(
    source: &str,
    index: &LineIndex,
    uncut: lexer::Lexed,
    options: ParseOptions,
) -> Option<Diagnostic> {
    let mut parser = Parser::new(source, index, uncut.tokens, options, 0);
    parser.module();
    let unclosed = uncut
        .diagnostics
        .iter()
        .find(|d| d.message.ends_with("was never closed"));
    let keep = unclosed.is_some_and(|bracket| {
        let end = parser
            .tokens
            .iter()
            .rposition(|t| t.kind == TokenKind::Error);
        let reach = parser.reach.get();
        let read_on = end.is_some_and(|end| reach >= end)
            || parser.line(parser.tokens[reach].span.start) > bracket.line;
        read_on
            && !uncut
                .diagnostics
                .iter()
                .any(|d| d.start > bracket.start && raised_by_tokenizer(d) && !refused(d))
    });
    first_per_line(uncut.diagnostics, parser.diagnostics, Some(keep))
        .into_iter()
        .next()
}

/// A rule gave up. Its diagnostic is already recorded (or deliberately not, when
/// the lexer reported the token at fault).
#[derive(Debug)]
struct Failed;

type PResult<T> = Result<T, Failed>;

struct Parser<'src> {
    source: &'src str,
    index: &'src LineIndex,
    /// Always ends with END OF FILE; `pos` never moves past it.
    tokens: Vec<Token>,
    pos: usize,
    /// End of the last consumed token that is not NEWLINE, INDENT or DEDENT: where
    /// the node being built ends.
    last_end: u32,
    diagnostics: Vec<Diagnostic>,
    options: ParseOptions,
    /// The depth of the node being parsed: one more inside each nested rule.
    depth: u32,
    /// The deepest any node parsed so far reaches, in the same units; see
    /// [`Parser::measured`].
    peak: u32,
    /// The first token of the operand (a `disjunction`) parsed last: where CPython
    /// points when two operands stand side by side.
    operand_at: usize,
    /// The furthest token looked at before the first problem: how far CPython's
    /// parser has read its tokenizer when it reports one.
    reach: Cell<usize>,
    /// A rule failed at a token the lexer had reported (no diagnostic of ours).
    failed_silently: bool,
}

impl<'src> Parser<'src> {
    fn new(
        source: &'src str,
        index: &'src LineIndex,
        mut tokens: Vec<Token>,
        options: ParseOptions,
        depth: u32,
    ) -> Parser<'src> {
        if tokens.last().map(|t| t.kind) != Some(TokenKind::EndOfFile) {
            let end = source.len();
            tokens.push(Token {
                kind: TokenKind::EndOfFile,
                span: Span::new(end, end),
            });
        }
        let last_end = tokens[0].span.start;
        Parser {
            source,
            index,
            tokens,
            pos: 0,
            last_end,
            diagnostics: Vec::new(),
            options,
            depth,
            peak: depth,
            operand_at: 0,
            reach: Cell::new(0),
            failed_silently: false,
        }
    }

    /// Looks at token `at`, which [`Parser::reach`] records.
    fn look(&self, at: usize) -> Token {
        if self.diagnostics.is_empty() && !self.failed_silently && at > self.reach.get() {
            self.reach.set(at);
        }
        self.tokens[at]
    }

    fn tok(&self) -> Token {
        self.look(self.pos)
    }

    fn kind(&self) -> TokenKind {
        self.tok().kind
    }

    fn nth(&self, ahead: usize) -> TokenKind {
        self.look((self.pos + ahead).min(self.tokens.len() - 1))
            .kind
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.kind() == kind
    }

    fn at_kw(&self, keyword: Keyword) -> bool {
        self.kind() == TokenKind::Keyword(keyword)
    }

    /// Where the current token starts: the start of the node about to be parsed.
    fn start(&self) -> u32 {
        self.tok().span.start
    }

    /// The span from `start` to the end of the last consumed token.
    fn finish(&self, start: u32) -> Span {
        Span {
            start,
            end: self.last_end.max(start),
        }
    }

    fn bump(&mut self) -> Token {
        let token = self.tok();
        if token.kind != TokenKind::EndOfFile {
            self.pos += 1;
            if !matches!(
                token.kind,
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
            ) {
                self.last_end = token.span.end;
            }
        }
        token
    }

    fn eat(&mut self, kind: TokenKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    fn eat_kw(&mut self, keyword: Keyword) -> bool {
        self.eat(TokenKind::Keyword(keyword))
    }

    /// The source text of a span.
    fn text(&self, span: Span) -> &'src str {
        self.source
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    fn line(&self, offset: u32) -> u32 {
        self.index.line(offset)
    }

    fn error(&mut self, span: Span, message: impl Into<String>) -> Failed {
        let diagnostic = self.index.diagnostic(self.source, span, message);
        self.diagnostics.push(diagnostic);
        Failed
    }

    /// The current token does not fit: a diagnostic that says why as precisely as
    /// the token allows.
    fn unexpected(&mut self) -> Failed {
        let token = self.tok();
        let message = match token.kind {
            // The lexer has reported it already.
            TokenKind::Error => {
                self.failed_silently = true;
                return Failed;
            }
            TokenKind::Indent => "unexpected indent",
            TokenKind::ColonEqual => refusal::WALRUS,
            TokenKind::Ellipsis => refusal::ELLIPSIS,
            TokenKind::AtEqual => refusal::MATMUL,
            TokenKind::Keyword(Keyword::Yield) => refusal::YIELD,
            _ => "invalid syntax",
        };
        self.error_here(message)
    }

    /// A diagnostic at the current token. A DEDENT has no column of its own:
    /// CPython counts the indentation of the line it starts from 0 (so at column
    /// 0 for none), except at the end of the file.
    fn error_here(&mut self, message: impl Into<String>) -> Failed {
        let token = self.tok();
        let mut span = token.span;
        if token.kind == TokenKind::Indent {
            // At the indentation's last character, as CPython reports it.
            let end = self.tokens[(self.pos + 1).min(self.tokens.len() - 1)]
                .span
                .start;
            span = Span::new(end.saturating_sub(1) as usize, end as usize);
        }
        let failed = self.error(span, message);
        let at_end = self.tokens[self.pos..]
            .iter()
            .all(|t| matches!(t.kind, TokenKind::Dedent | TokenKind::EndOfFile));
        if let (TokenKind::Dedent, false, Some(d)) =
            (token.kind, at_end, self.diagnostics.last_mut())
        {
            d.col -= 1;
        }
        failed
    }

    fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_kw(&mut self, keyword: Keyword) -> PResult<Token> {
        self.expect(TokenKind::Keyword(keyword))
    }

    /// The `:` that ends a compound statement's header. Where CPython's grammar
    /// insists on it (`&&':'`), anything else there is reported as its absence.
    fn expect_colon(&mut self, insisted: bool) -> PResult<Token> {
        match self.kind() {
            TokenKind::Colon => Ok(self.bump()),
            TokenKind::Error => Err(self.unexpected()),
            kind if insisted || matches!(kind, TokenKind::Newline | TokenKind::EndOfFile) => {
                let span = self.tok().span;
                Err(self.error(span, "expected ':'"))
            }
            _ => Err(self.unexpected()),
        }
    }

    fn expect_name(&mut self) -> PResult<(String, Span)> {
        if self.at(TokenKind::Name) {
            let token = self.bump();
            Ok((self.text(token.span).to_string(), token.span))
        } else {
            Err(self.unexpected())
        }
    }

    /// Expects the closing bracket of a display or call.
    fn expect_closing(&mut self, close: TokenKind) -> PResult<()> {
        if self.eat(close) {
            Ok(())
        } else {
            Err(self.missing_separator())
        }
    }

    /// Inside brackets, an item was followed by something that is neither a comma
    /// nor the closing bracket.
    fn missing_separator(&mut self) -> Failed {
        // CPython makes no guess after a name before a string (`print x 'a'`) or a
        // soft keyword.
        let operand = self.tokens[self.operand_at.min(self.pos)];
        let guess = match operand.kind {
            TokenKind::Name => {
                !matches!(self.text(operand.span), "_" | "match" | "case")
                    && !matches!(
                        self.tokens.get(self.operand_at + 1).map(|t| t.kind),
                        Some(TokenKind::Str { .. })
                    )
            }
            _ => true,
        };
        if self.kind().starts_operand() {
            let span = operand.span.cover(self.tok().span);
            if guess {
                return self.error(span, "invalid syntax. Perhaps you forgot a comma?");
            }
            if let name @ ("print" | "exec") = self.text(operand.span) {
                let message = stmt::missing_parentheses(name);
                return self.error(span, message);
            }
        }
        self.unexpected()
    }

    /// Runs a rule one level deeper, refusing input nested beyond [`MAX_DEPTH`].
    fn nested<T>(&mut self, rule: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            let span = self.tok().span;
            return Err(self.too_deep(span));
        }
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        let result = rule(self);
        self.depth -= 1;
        result
    }

    /// Runs a rule and also returns the height of what it built: how many levels
    /// below the current depth its deepest node lies. Nested rules account for
    /// themselves; a rule that wraps what it already parsed in a new node at the
    /// same depth (a chain `a + b + c`, `f(x).y[z]`) adds the levels with
    /// [`Parser::grown`].
    fn measured<T>(&mut self, rule: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<(T, u32)> {
        let base = self.depth;
        let outer = std::mem::replace(&mut self.peak, base);
        let result = rule(self);
        let height = self.peak.saturating_sub(base);
        self.peak = self.peak.max(outer);
        result.map(|value| (value, height))
    }

    /// A node built at the current depth is `height` levels tall: records it, and
    /// refuses it beyond [`MAX_DEPTH`].
    fn grown(&mut self, height: u32, at: Span) -> PResult<()> {
        let reach = self.depth + height;
        self.peak = self.peak.max(reach);
        if reach > MAX_DEPTH {
            return Err(self.too_deep(at));
        }
        Ok(())
    }

    fn too_deep(&mut self, span: Span) -> Failed {
        self.error(
            span,
            format!("too deeply nested: awaitscope allows {MAX_DEPTH} levels"),
        )
    }

    /// Parses the block that starts at the current INDENT, one level deeper; a
    /// block nested too deeply is reported and skipped.
    fn indented_block(&mut self) -> Vec<Stmt> {
        if self.depth >= MAX_DEPTH {
            let span = self.tokens[(self.pos + 1).min(self.tokens.len() - 1)].span;
            self.too_deep(span);
            self.skip_block();
            return Vec::new();
        }
        self.bump();
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        let body = self.statements(true);
        self.depth -= 1;
        body
    }

    /// Skips the block that starts at the current INDENT, through its DEDENT.
    fn skip_block(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.bump().kind {
                TokenKind::Indent => depth += 1,
                TokenKind::Dedent => depth = depth.saturating_sub(1),
                TokenKind::EndOfFile => break,
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
    }

    /// After a failed statement: skips to the end of its logical line. When the
    /// statement was a compound one (it started with a compound keyword or its
    /// line ends with `:`), its indented block is parsed too, for the problems in
    /// it, and thrown away.
    fn recover(&mut self, compound: bool) {
        let mut ends_with_colon = false;
        loop {
            match self.kind() {
                TokenKind::EndOfFile | TokenKind::Indent | TokenKind::Dedent => return,
                TokenKind::Newline => {
                    self.bump();
                    break;
                }
                kind => {
                    ends_with_colon = kind == TokenKind::Colon;
                    self.bump();
                }
            }
        }
        if (compound || ends_with_colon) && self.at(TokenKind::Indent) {
            self.indented_block();
        }
    }

    /// Every loop in the parser either consumes a token or ends; this is the
    /// backstop that keeps a bug from turning into a frozen page.
    fn ensure_progress(&mut self, before: usize) {
        if self.pos == before && !self.at(TokenKind::EndOfFile) {
            debug_assert!(false, "parser made no progress at {:?}", self.tok());
            self.bump();
        }
    }
}

/// The messages for constructs outside the subset: each names the construct and
/// what a scenario can use instead.
mod refusal {
    pub const CLASS: &str = "'class' is not supported: scenarios use functions, coroutines \
                             and the asyncio objects (see the scenario language)";
    pub const YIELD: &str = "'yield' is not supported: use 'async def' and 'await'";
    pub const ASYNC_FOR: &str =
        "'async for' is not supported: use 'for' over a list or 'asyncio.as_completed'";
    pub const WITH: &str =
        "'with' is not supported: only 'async with' on asyncio.Lock and asyncio.Semaphore";
    pub const DECORATOR: &str =
        "decorators are not supported: define the function and call it directly";
    pub const WALRUS: &str =
        "':=' (assignment expression) is not supported: assign in a statement of its own";
    pub const MATCH: &str = "'match' is not supported: use 'if', 'elif' and 'else'";
    pub const TYPE_ALIAS: &str =
        "'type' statements are not supported: assign the value to a name instead";
    pub const SET: &str = "set literals are not supported: use a list or a dict";
    pub const SET_COMP: &str = "set comprehensions are not supported: use a list comprehension";
    pub const DICT_UNPACK: &str =
        "'**' in a dict display is not supported: use the dict's 'update' method";
    pub const STAR_TARGET: &str =
        "starred assignment targets are not supported: index or slice the sequence instead";
    pub const EXCEPT_STAR: &str = "'except*' is not supported: use 'except'";
    pub const PRINT_CHEVRON: &str = "'print >>' is not supported: use print(...)";
    pub const ELLIPSIS: &str = "'...' (Ellipsis) is not supported: use 'pass' or None";
    pub const MATMUL: &str = "'@' (matrix multiplication) is not supported";
    pub const POSITIONAL_ONLY: &str =
        "positional-only parameters ('/') are not supported: remove the '/'";
    pub const BYTES: &str = "bytes literals are not supported: use str";
    pub const BARE_ANNOTATION: &str =
        "a variable annotation without a value is not supported: assign a value";
    pub const CLASS_BASES: &str = "a prelude class may have one base, another prelude class";
    pub const RELATIVE_IMPORT: &str =
        "relative imports are not supported: scenarios may import asyncio, time and awaitscope";
    pub const IMPORT_STAR: &str = "'import *' is not supported: import the names you use";
    pub const ALLOWED_MODULES: &str = "scenarios may import asyncio, time and awaitscope";
}

/// All diagnostics in source order, at most one per line: when recovery cascades,
/// the first problem on a line is the one worth reading. The lexer's come first
/// because a bad token explains whatever the parser then made of it.
/// `unclosed` decides whether a bracket left open is reported, when known.
fn first_per_line(
    lexer: Vec<Diagnostic>,
    parser: Vec<Diagnostic>,
    unclosed: Option<bool>,
) -> Vec<Diagnostic> {
    let tokenizer_first = tokenizer_error_after_parser_error(&lexer, &parser);
    // Otherwise a bracket left open is reported only when the parser's error is on
    // a later line than the bracket, as CPython does; one on the bracket's line
    // comes first.
    let lexer: Vec<Diagnostic> = lexer
        .into_iter()
        .filter(|d| {
            !d.message.ends_with("was never closed")
                || unclosed.unwrap_or_else(|| {
                    !parser.iter().any(|p| p.line == d.line && p.start > d.start)
                })
        })
        .collect();
    let mut kept: Vec<Diagnostic> = lexer.into_iter().chain(parser).collect();
    // A stable sort by line keeps each line's first diagnostic in front.
    crate::sort::sort_by_key(&mut kept, |d| (u64::from(d.line), 0));
    kept.dedup_by_key(|d| d.line);
    crate::sort::sort_by_key(&mut kept, |d| (u64::from(d.start), 0));
    if let Some(first) = tokenizer_first {
        kept.retain(|k| k.line != first.line);
        kept.insert(0, first);
    }
    kept
}

/// A lexer's diagnostic that CPython's tokenizer raises, rather than its parser
/// (`$` is a token to it, which its parser rejects; a bracket never closed is
/// reported by whoever reaches the end of the file).
fn raised_by_tokenizer(d: &Diagnostic) -> bool {
    d.message != "invalid syntax" && !d.message.ends_with("was never closed")
}

/// What the subset refuses is valid Python.
fn refused(d: &Diagnostic) -> bool {
    d.message.contains("not supported") || d.message.contains("awaitscope")
}

/// Once CPython's parser has failed, it tokenizes the rest of the source, and an
/// error its tokenizer raises there is reported instead of the parser's. Errors
/// that only stop its tokenizer (indentation, a continuation, the end of the file)
/// end that search; what is not an error to it (`$` is a token, which its parser
/// rejects; what the subset refuses is valid Python) does not. A bracket never
/// closed is only found at the end, so an error raised after it comes first too.
fn tokenizer_error_after_parser_error(
    lexer: &[Diagnostic],
    parser: &[Diagnostic],
) -> Option<Diagnostic> {
    let failed_at = parser
        .iter()
        .chain(lexer.iter().filter(|d| !raised_by_tokenizer(d)))
        .map(|d| d.start)
        .min()?;
    let next = lexer
        .iter()
        .filter(|d| raised_by_tokenizer(d) && !refused(d))
        .min_by_key(|d| d.start)
        .filter(|d| d.start > failed_at)?;
    let raised = [
        "unterminated",
        "unmatched",
        "closing parenthesis",
        "leading zeros",
        "source code",
        "invalid ",
    ];
    raised
        .iter()
        .any(|p| next.message.starts_with(p))
        .then(|| next.clone())
}

#[cfg(test)]
mod tests {
    use super::super::ast::Expr;
    use super::super::parse;
    use super::*;
    use dump::check_err as check_diagnostics;

    /// Parses `source` and compares the statements that survived recovery.
    fn check_recovered(source: &str, expected: &str) {
        let parsed = parse(source);
        assert_eq!(dump::module(&parsed.module), expected, "tree of {source:?}");
    }

    /// The first error in a program that is not Python, as CPython's parser
    /// finds it: asked of python3's `compile()`.
    #[test]
    fn first_error_is_cpython_s() {
        crate::compile::assert_first_error_as_cpython(&[
            // After a parser error, a later error of the tokenizer's is reported.
            "print(1 2)\nx = 1_\n",
            "f(a=1, 2)\nx = 1_\n",
            "try:\n    pass\nx = 1_\n",
            "if x = 1:\n    pass\ny = 'abc\n",
            "x = $\ny = 1_\n",
            // … unless one that only stops the tokenizer comes first.
            "print(1 2)\nif x:\n    y\n  z\nw = 1_\n",
            "print(1 2)\nx = \\ 2\nw = 1_\n",
            "x = = 1\nprint('\u{201c}')\ny = 5j\n",
            // Two operands side by side: at the first.
            "print(1 2)\n",
            "print(f(x) g(y))\n",
            "print('a' 'b' c)\n",
            "print(\"say \"hi\"\")\n",
            "print(x if y else z 2)\n",
            "print(lambda: x 2)\n",
            "d = {'a' 1}\n",
            "x = a[1 2]\n",
            "print(x 'a')\n",
            "print(_ 1)\n",
            "x = [x for x in y z]\n",
            // Positional after keyword arguments: after the arguments.
            "f(a=1, 2)\n",
            "print(f(a=1, 2, 3))\n",
            "f(**x, y)\n",
            // The `:` CPython's grammar insists on.
            "try print(1)\n",
            "try:\n    pass\nfinally print(1)\n",
            "if x:\n    pass\nelse if y:\n    pass\n",
            "for x in y: pass\nelse pass\n",
            "def f(x) return x\n",
            "def f() -> int print(1)\n",
            "def f(x) -> :\n    pass\n",
            "for i in range(10) print(i)\n",
            "while x print(1)\n",
            "try:\n    pass\nexcept ValueError print(1)\n",
            // `=` for `==`.
            "if x = 1:\n    pass\n",
            "if x.y = 1:\n    pass\n",
            "while x = 1:\n    pass\n",
            "if x:\n    pass\nelif x[0] = 1:\n    pass\n",
            "if f() = 1:\n    pass\n",
            "if (x = 1):\n    pass\n",
            "x = [y = 1]\n",
            "if x = -1:\n    pass\n",
            "if x = (1):\n    pass\n",
            "if x => 3:\n    pass\n",
            "if x =< 3:\n    pass\n",
            "if *x:\n    pass\n",
            "if x == 1 = 2:\n    pass\n",
            // Dict displays.
            "d = {'a': 1, 'b' 2}\n",
            "x = {'a': 1, '\u{e9}t\u{e9}'}\n",
            "x = {'a': }\n",
            "x = {'a': 1, 'b':, 'c': 3}\n",
            // Inside string literals: at the token after them.
            "print(f'{x')\n",
            "print(f'{x}}')\n",
            "print(f'{}')\n",
            "print(f'{x!z}', 1)\n",
            "print(f'{x:{y}')\n",
            "print(f'{(x}')\n",
            "print(f'{x)}')\n",
            "print(f'{x\\n}')\n",
            "print(f'{#}')\n",
            "print(f'{x['a']}')\n",
            "x = '\\x4'\n",
            "x = '\\u12' 'a'\n",
            "x = f'{x' f'b'",
            // … and in an f-string's expression, from its `{`.
            "print(f'{a} {x y}')\n",
            "\n\nprint(f'{ x  y}')\n",
            "print(f'{a +}')\n",
            // A bracket left open: the parser's error when on the bracket's line.
            "for x in f(tasks:\n    y = 1\nprint(x)\n",
            "print(t.get_name(, 'done?', t.done())\nx = 1\n",
            "x = (1,\ny = 2\n",
            // … else whenever its parser read past the bracket's line, or to the
            // end of the file, before it failed.
            "def f():\n    x = g(1,\n\ndef h():\n    pass\n",
            "x = [1, 2\ndef f():\n    pass\n",
            "async def main():\n    await asyncio.gather(a(), b()\n\nasyncio.run(main())\n",
            "try:\n    g(\n",
            "try:\n    x = [1, 2\n",
            "if x:\n    y = {'a': 1,\n",
            "x = g(1, 2\n    y = 1\n",
            "print(f'{x}' + g(1\n    y = 1\n",
            "print(g(1,\ny)\n",
            "def f():\n    print((1, 2\n    z = 1\ny)\n",
            // A closing bracket of another kind on a later line: it does not match.
            "[1, 2\ny)\n",
            "def f():\n    x = {'a': [1,\n    y = 2\n    return x)\n",
            "x = (1 +\ny = 2\nprint(y\nz = 3 3\nif z\n    pass\nw = ]\n",
            "x = g(x for x in y\n",
            // The innermost bracket still open at the end, on the line the parser
            // failed on: the parser's error.
            "x = [1, 2\ny = (3\n",
            "while (x < 3:\n    x += 1\n",
            "g(x for x in y\ny)\n",
            "g(x for x in y z)\n",
            "g(1, x for x in y z)\n",
            // Parameters.
            "f = lambda *: 1\n",
            "f = lambda *, **k: 1\n",
            "f = lambda *,: 1\n",
            "f = lambda *, a: 1\n",
            "def f(*): pass\n",
            "def f(*, **k): pass\n",
            "f = lambda (x): x\n",
            "f = lambda x, (y, z,): x\n",
            "f = lambda (x, y=1): x\n",
            "def f((x, y)): pass\n",
            "def f(a, (b)): pass\n",
            "def f(a=1, (b)): pass\n",
            // Unpacking in comprehensions, and their targets.
            "x = [*a for a in b]\n",
            "x = (*a for a in b)\n",
            "f(*a for a in b)\n",
            "f(x, *a for a in b)\n",
            "x = [*a, *b]\n",
            "x = [a, b for a in c]\n",
            "x = [a, for a in c]\n",
            "x = [a, *b, for a in c]\n",
            "x = [a, b for a in]\n",
            "x = [(a, b) for a in c]\n",
            // `=` for `==` in a brace display, `{a = 1}`, which could be a set.
            "d = {'x' = 1, 'y': 2}\n",
            "d = {x = 1}\n",
            "d = {x.y = 1}\n",
            "d = {'a': 1, 'b' = 2}\n",
            // A block where a simple statement already followed the colon.
            "try: x\n    y\n",
            "try: x\n        y\nexcept: pass\n",
            // `for x y` in brackets.
            "x = [i for i  range(3)]\n",
            "x = [(a, b) for a b, c in z]\n",
            "x = [1 for u, d  specs]\n",
            "for i range(3):\n    pass\n",
            // At a DEDENT: the indentation's width, from 0.
            "def f():\n    try:\n        pass\nx = 1\n",
            "def f():\n    if x:\ny = 1\n",
            "def f():\n    if x:\n        if y:\n    z = 1\n",
            "def f():\n    try:\n        pass\n",
            "def f():\n    if x:\n",
            "if x:\n    try:\n        pass\n    x = 1\n",
            // Python 2's print and exec, also inside an expression.
            "exec 'x'\n",
            "print 'x'\n",
            "f(lambda: g(print 'a', 'b'))\n",
            "(print'failed', key)\n",
            // A trailing comma in an import.
            "from asyncio import sleep,\n",
            "from asyncio import (sleep,)\n",
            // A `:` with nothing after it: no annotated assignment.
            "x:\n",
            "x.y:\n",
            "x in y:\n    pass\n",
            "def f(n):\n     n == 0:\n        return 1\n",
            "(a, b):\n",
            "f(): int = 1\n",
            // A string left open inside an unclosed bracket: the string first.
            "waiters = [\n    f(a(), name='on-lock'),\n    f(b(), name='on-sem),\n]\n",
            "x = g(\n    h('a', [1]),\n    h('b, [2]),\n)\n",
            // … and after a `?` on its line.
            "print(\"b cancelled?, b.cancelled(), \"b done?\", b.done())\n",
            "g = (* x 2 for x in xs)\n",
        ]);
    }

    #[test]
    fn several_independent_problems() {
        // The bracket error at 7:5 comes first, as CPython reports it (naming the
        // '(' of line 3: it never closes brackets early); the rest as recovery
        // finds them, brackets closed where the indentation says.
        check_diagnostics(
            "x = (1 +\ny = 2\nprint(y\nz = 3 3\nif z\n    pass\nw = ]\n",
            &[
                "7:5: closing parenthesis ']' does not match opening parenthesis '(' on line 3",
                "1:5: '(' was never closed",
                "3:6: '(' was never closed",
                "4:7: invalid syntax",
                "5:5: expected ':'",
            ],
        );
    }

    #[test]
    fn statements_around_errors_survive() {
        check_recovered(
            "a = 1\nb = = 2\nc = 3\nif x x:\n    d = 4\ne = 5\n",
            "(= a 1)\n(= c 3)\n(= e 5)",
        );
    }

    #[test]
    fn errors_inside_a_block_keep_the_block() {
        check_recovered(
            "def f():\n    a = 1\n    b = )\n    return a\nf()\n",
            "(def f () [(= a 1) (return a)])\n(call f)",
        );
    }

    #[test]
    fn one_diagnostic_per_line() {
        check_diagnostics("x = 1 $ 2 3 ) (\n", &["1:13: unmatched ')'"]);
    }

    #[test]
    fn unexpected_indent() {
        check_diagnostics("x = 1\n    y = 2\nz = 3\n", &["2:4: unexpected indent"]);
        check_recovered("x = 1\n    y = 2\nz = 3\n", "(= x 1)\n(= y 2)\n(= z 3)");
    }

    #[test]
    fn indented_first_line() {
        check_diagnostics("  x = 1\n", &["1:2: unexpected indent"]);
    }

    #[test]
    fn missing_block() {
        check_diagnostics(
            "x = 1\n\nif x:\nprint(x)\n",
            &["4:1: expected an indented block after 'if' statement on line 3"],
        );
        check_diagnostics(
            "def f():\n\n",
            &["2:1: expected an indented block after function definition on line 1"],
        );
    }

    #[test]
    fn diagnostic_columns_count_characters() {
        check_diagnostics("s = 'héllo' + )\n", &["1:15: unmatched ')'"]);
    }

    #[test]
    fn diagnostic_spans_cover_the_token() {
        let parsed = parse("x = 1 +\n");
        assert_eq!(parsed.diagnostics.len(), 1);
        let d = &parsed.diagnostics[0];
        assert_eq!((d.start, d.end), (7, 8));
        let parsed = parse("x = 1 2\n");
        let d = &parsed.diagnostics[0];
        assert_eq!(
            (d.start, d.end, d.message.as_str()),
            (6, 7, "invalid syntax")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for (open, close) in [
            ("(", ")"),
            ("[", "]"),
            ("-", ""),
            ("not ", ""),
            ("lambda: ", ""),
            ("2**", ""),
            ("f(", ")"),
            ("a[", "]"),
            ("{1: ", "}"),
        ] {
            let source = format!("x = {}1{}\n", open.repeat(5000), close.repeat(5000));
            let parsed = parse(&source);
            assert!(
                parsed
                    .diagnostics
                    .iter()
                    .any(|d| d.message.starts_with("too deeply nested")),
                "{open:?}: {:?}",
                parsed.diagnostics
            );
        }
    }

    /// The height of the tallest expression tree in `module`, measured without
    /// recursion (a tall tree is what is being tested).
    fn tallest_expression(module: &Module) -> usize {
        use crate::syntax::ast::{Arg, ExprKind, FStringPart, StmtKind};
        let mut exprs: Vec<(&Expr, usize)> = Vec::new();
        let mut stmts: Vec<&Stmt> = module.body.iter().collect();
        while let Some(stmt) = stmts.pop() {
            match &stmt.kind {
                StmtKind::Expr(e) | StmtKind::Return(Some(e)) => exprs.push((e, 1)),
                StmtKind::Assign { targets, value } => {
                    exprs.extend(targets.iter().map(|t| (t, 1)));
                    exprs.push((value, 1));
                }
                StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                    exprs.push((test, 1));
                    stmts.extend(body.iter().chain(orelse));
                }
                StmtKind::FunctionDef(def) => stmts.extend(&def.body),
                _ => {}
            }
        }
        let mut tallest = 0;
        while let Some((expr, depth)) = exprs.pop() {
            tallest = tallest.max(depth);
            let mut children: Vec<&Expr> = Vec::new();
            match &expr.kind {
                ExprKind::Name(_) | ExprKind::Const(_) => {}
                ExprKind::FString(parts) => {
                    for part in parts {
                        if let FStringPart::Field { expr, .. } = part {
                            children.push(expr);
                        }
                    }
                }
                ExprKind::BinOp { left, right, .. } => children.extend([&**left, &**right]),
                ExprKind::UnaryOp { operand, .. } => children.push(operand),
                ExprKind::BoolOp { values, .. } => children.extend(values),
                ExprKind::Compare {
                    left, comparators, ..
                } => {
                    children.push(left);
                    children.extend(comparators);
                }
                ExprKind::IfExp { test, body, orelse } => {
                    children.extend([&**test, &**body, &**orelse])
                }
                ExprKind::Call { func, args } => {
                    children.push(func);
                    children.extend(args.iter().map(|arg| match arg {
                        Arg::Positional(e)
                        | Arg::Starred(e)
                        | Arg::Keyword(_, e)
                        | Arg::DoubleStarred(e) => e,
                    }));
                }
                ExprKind::Attribute { value, .. } => children.push(value),
                ExprKind::Subscript { value, index } => children.extend([&**value, &**index]),
                ExprKind::Slice { lower, upper, step } => {
                    children.extend([lower, upper, step].into_iter().flatten().map(|b| &**b))
                }
                ExprKind::List(elts) | ExprKind::Tuple(elts) => children.extend(elts),
                ExprKind::Dict(pairs) => children.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
                ExprKind::ListComp { elt, generators }
                | ExprKind::GeneratorExp { elt, generators } => {
                    children.push(elt);
                    for g in generators {
                        children.extend([&g.target, &g.iter]);
                        children.extend(&g.ifs);
                    }
                }
                ExprKind::DictComp {
                    key,
                    value,
                    generators,
                } => {
                    children.extend([&**key, &**value]);
                    for g in generators {
                        children.extend([&g.target, &g.iter]);
                        children.extend(&g.ifs);
                    }
                }
                ExprKind::Lambda { body, .. } => children.push(body),
                ExprKind::Await(value) | ExprKind::Starred(value) => children.push(value),
            }
            exprs.extend(children.into_iter().map(|c| (c, depth + 1)));
        }
        tallest
    }

    #[test]
    fn trees_stay_short_whatever_the_input() {
        // Each pattern near the limit (where it may still parse) and far past it.
        for n in [30, 45, 95, 5000] {
            let cases = [
                format!("x = {}1\n", "1 + ".repeat(n)),
                format!("x = a{}\n", ".b".repeat(n)),
                format!("x = f{}\n", "(1)".repeat(n)),
                format!("x = a{}\n", "[0]".repeat(n)),
                format!("x = a{}\n", "[0, 1:2]".repeat(n)),
                format!("x = {}1\n", "a < b or ".repeat(n)),
                format!("x = {}a{}\n", "(".repeat(n), " + b)".repeat(n)),
                format!("x = {}a{}\n", "(".repeat(n), ".b + c)[0]".repeat(n)),
                format!("x = {}a{}\n", "f(".repeat(n), ").b(1)".repeat(n)),
                format!("x = {}1{}\n", "[x for x in ".repeat(n), "]".repeat(n)),
                format!("x = {}1{}\n", "sum(x for x in ".repeat(n), ")".repeat(n)),
                format!("x = {}1{}\n", "(a if b else ".repeat(n), ")".repeat(n)),
                format!("x = {}1{}\n", "a if ".repeat(n), " else b".repeat(n)),
                format!("x = {}1\n", "-".repeat(n)),
                format!("x = {}1\n", "2 ** ".repeat(n)),
                format!("x = f'{{{}1}}'\n", "a + ".repeat(n)),
                format!("async def f():\n    x = {}a\n", "await ".repeat(n)),
                format!(
                    "async def f():\n    x = {}a{}\n",
                    "await (".repeat(n),
                    ")".repeat(n)
                ),
            ];
            for source in &cases {
                let parsed = parse(source);
                let tallest = tallest_expression(&parsed.module);
                assert!(
                    tallest <= MAX_DEPTH as usize + 2,
                    "{tallest} levels from {:?}",
                    &source[..source.len().min(40)]
                );
            }
        }
    }

    #[test]
    fn chains_within_the_limit_parse() {
        let source = format!("x = {}1\n", "1 + ".repeat(90));
        assert!(parse(&source).is_ok());
        let source = format!("x = {}1\n", "1 + ".repeat(120));
        assert_eq!(
            parse(&source).diagnostics[0].message,
            "too deeply nested: awaitscope allows 100 levels"
        );
    }

    #[test]
    fn deep_blocks_share_the_nesting_limit() {
        let mut source = String::new();
        for depth in 0..99 {
            source.push_str(&" ".repeat(depth));
            source.push_str("if x:\n");
        }
        source.push_str(&" ".repeat(99));
        source.push_str(&format!("y = {}1{}\n", "(".repeat(60), ")".repeat(60)));
        let parsed = parse(&source);
        assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
        assert_eq!(parsed.diagnostics[0].line, 100);
        assert!(parsed.diagnostics[0]
            .message
            .starts_with("too deeply nested"));
    }

    #[test]
    fn moderate_nesting_is_fine() {
        let source = format!("x = {}1{}\n", "(".repeat(90), ")".repeat(90));
        assert!(parse(&source).is_ok());
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for source in [
            "\0",
            "\u{feff}",
            "\\",
            "'",
            "'''",
            "f'{",
            "f'{x!",
            "f'{x:{y:{z}}}'",
            ")))",
            "(((",
            "    ",
            "\t\n\t\t\n  x",
            "if:",
            "def",
            "async",
            "lambda",
            "x[",
            "@",
            "match x:\n    case 1:\n        pass\n",
            "\r\r\r",
            "é = ü\r\nprint(é)",
            "x = 1 if",
            "for in:",
            "try:\nexcept",
            "from . import",
            "import",
            "class",
            "\u{1F600}",
        ] {
            let _ = parse(source);
            let _ = super::super::parse_with(
                source,
                ParseOptions {
                    allow_classes: true,
                },
            );
        }
    }

    /// A tiny deterministic xorshift generator: no crates, same cases every run.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const SEED_PROGRAM: &str = r#"import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.01, bandwidth=1e6)

async def worker(name, q, *, delay=0.5, **extra):
    total = 0
    while True:
        item = await q.get()
        try:
            if item is None or item < 0:
                break
            elif item % 2 == 0:
                total += await disk.read(item * 1_000)
            else:
                cpu(delay / 2)
        except (ValueError, KeyError) as e:
            print(f"{name!r}: {e} at {asyncio.get_running_loop().time():.3f}")
            raise RuntimeError("bad") from e
        finally:
            q.task_done()
    return [x ** 2 for x in range(total) if not x & 1][::-1], {"n": total}

async def main():
    q = asyncio.Queue(maxsize=3)
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(worker(f"w{i}", q)) for i in range(3)]
    async with lock, asyncio.Semaphore(2) as sem:
        for i in range(10):
            await q.put(i)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    a, b = b, a = 1, 2
    del results[0]
    assert sum(len(r) for r in results) >= 0, "never"
    f = lambda x, y=2: x if x > y else -y
    print(*results, sep="\n", end='')

asyncio.run(main())
"#;

    #[test]
    fn seed_program_parses_cleanly() {
        let parsed = parse(SEED_PROGRAM);
        assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.module.body.len(), 6);
    }

    #[test]
    fn fuzz_random_and_mutated_inputs_do_not_panic() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let alphabet: Vec<char> = "abcxyz019_ ()[]{}:;,.=+-*/%<>!&|^~@'\"\\#\n\n\t\r\0éπ€😀fbr"
            .chars()
            .collect();
        let pieces = [
            "def ", "async ", "await ", "lambda ", "if ", "else", "elif ", "for ", " in ",
            "while ", "try:", "except ", "finally:", "return ", "yield ", "class ", "with ",
            "import ", "from ", " as ", "not ", " and ", " or ", "f'{", "}'", "'''", "\"\"\"",
            "\n    ", "\n", ":", "(", ")", "[", "]", "{", "}", "**", "*", ",", "=", "...", ":=",
            "@", "\\\n", "1e", "0x", "1_", "!r", ":>8", "{x=}",
        ];
        let seed: Vec<char> = SEED_PROGRAM.chars().collect();
        for case in 0..3000 {
            let source: String = match case % 3 {
                // Random characters.
                0 => (0..rng.below(200))
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect(),
                // Random pieces of Python.
                1 => (0..rng.below(60))
                    .map(|_| pieces[rng.below(pieces.len())])
                    .collect(),
                // The seed program with a few characters deleted, replaced or inserted.
                _ => {
                    let mut chars = seed.clone();
                    for _ in 0..1 + rng.below(4) {
                        let at = rng.below(chars.len());
                        match rng.below(3) {
                            0 => {
                                chars.remove(at);
                            }
                            1 => chars[at] = alphabet[rng.below(alphabet.len())],
                            _ => {
                                for c in pieces[rng.below(pieces.len())].chars().rev() {
                                    chars.insert(at, c);
                                }
                            }
                        }
                    }
                    chars.into_iter().collect()
                }
            };
            let parsed = parse(&source);
            for d in &parsed.diagnostics {
                assert!(d.start <= d.end && d.end as usize <= source.len(), "{d:?}");
                // Column 0 only as CPython has it: at a DEDENT, which has no width.
                assert!(d.line >= 1 && (d.col >= 1 || d.start == d.end), "{d:?}");
            }
        }
    }

    #[test]
    fn long_program_parses_in_linear_time() {
        let source = SEED_PROGRAM.repeat(60);
        assert!(source.lines().count() > 2000);
        let started = std::time::Instant::now();
        let parsed = parse(&source);
        let elapsed = started.elapsed();
        assert!(parsed.is_ok());
        // Generous, to hold in unoptimized test builds on a busy machine; release
        // builds take well under 10 ms.
        assert!(elapsed.as_millis() < 1000, "took {elapsed:?}");
    }
}
