//! String literals: escape sequences, adjacent literals, and f-strings.
//!
//! F-strings follow CPython 3.11: the lexer finds the end of the literal as for any
//! string (so a field cannot reuse the enclosing quote), then each replacement field
//! is cut out of the text and its expression is lexed and parsed on its own. All
//! offsets stay those of the whole source, so diagnostics inside a field point at
//! the right column.

use super::super::ast::{Constant, Expr, ExprKind, FStringPart, Span};
use super::super::lexer;
use super::super::token::TokenKind;
use super::{refusal, Failed, PResult, Parser};

/// CPython allows a field in a format spec (`{x:{width}}`) but no deeper.
const MAX_SPEC_NESTING: u8 = 2;

impl<'src> Parser<'src> {
    /// One or more adjacent string literals, concatenated: a `Const(Str)`, or an
    /// `FString` when any of them is an f-string.
    #[inline(never)]
    pub(super) fn strings(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut parts: Vec<FStringPart> = Vec::new();
        let mut is_fstring = false;
        let mut failed = false;
        while let TokenKind::Str { prefix, body } = self.kind() {
            let token = self.bump();
            let result = if prefix.bytes {
                Err(self.error(token.span, refusal::BYTES))
            } else if prefix.format {
                is_fstring = true;
                self.fstring_text(
                    body.start as usize,
                    body.end as usize,
                    prefix.raw,
                    0,
                    &mut parts,
                )
                .map(|_| ())
            } else {
                let mut text = String::new();
                self.decode(
                    body.start as usize,
                    body.end as usize,
                    prefix.raw,
                    &mut text,
                )
                .map(|()| push_literal(&mut parts, text))
            };
            failed |= result.is_err();
        }
        if failed {
            return Err(Failed);
        }
        let kind = if is_fstring {
            ExprKind::FString(parts)
        } else {
            let text = match parts.pop() {
                Some(FStringPart::Literal(text)) => text,
                _ => String::new(),
            };
            ExprKind::Const(Constant::Str(text))
        };
        Ok(Expr {
            kind,
            span: self.finish(start),
        })
    }

    /// CPython reports what is wrong inside a string literal where its parser
    /// stands when it decodes the literals: on the token after the last of them.
    /// The span still underlines the fault.
    fn literal_error(&mut self, span: Span, message: impl Into<String>) -> Failed {
        let mut next = self.pos;
        while matches!(self.tokens[next].kind, TokenKind::Str { .. }) {
            next += 1;
        }
        let mut diagnostic = self.index.diagnostic(self.source, span, message);
        (diagnostic.line, diagnostic.col) = self
            .index
            .line_col(self.source, self.tokens[next].span.start);
        self.diagnostics.push(diagnostic);
        Failed
    }

    /// Decodes `source[from..to]`, the body of a literal, into `out`: escape
    /// sequences unless `raw`, and line breaks normalized to `\n` either way.
    fn decode(&mut self, from: usize, to: usize, raw: bool, out: &mut String) -> PResult<()> {
        let text = self.source.get(from..to).unwrap_or("");
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\r' {
                chars.next_if(|&(_, c)| c == '\n');
                out.push('\n');
                continue;
            }
            if c != '\\' || raw {
                out.push(c);
                continue;
            }
            let Some((_, escape)) = chars.next() else {
                out.push('\\');
                break;
            };
            let simple = match escape {
                '\n' => continue,
                '\r' => {
                    chars.next_if(|&(_, c)| c == '\n');
                    continue;
                }
                '\\' | '\'' | '"' => Some(escape),
                'a' => Some('\x07'),
                'b' => Some('\x08'),
                'f' => Some('\x0c'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                'v' => Some('\x0b'),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                continue;
            }
            let at = from + i;
            match escape {
                '0'..='7' => {
                    let mut value = escape.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|&(_, c)| c.to_digit(8)) {
                            Some(digit) => {
                                value = value * 8 + digit;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                }
                'x' | 'u' | 'U' => {
                    let (width, name) = match escape {
                        'x' => (2, "\\xXX"),
                        'u' => (4, "\\uXXXX"),
                        _ => (8, "\\UXXXXXXXX"),
                    };
                    let mut value = 0u32;
                    let mut len = 0;
                    while len < width {
                        match chars.peek().and_then(|&(_, c)| c.to_digit(16)) {
                            Some(digit) => {
                                value = value * 16 + digit;
                                chars.next();
                                len += 1;
                            }
                            None => break,
                        }
                    }
                    let span = Span::new(at, at + 2 + len);
                    if len < width {
                        let message = format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position \
                             {}-{}: truncated {name} escape",
                            i,
                            i + 1 + len,
                        );
                        return Err(self.literal_error(span, message));
                    }
                    match char::from_u32(value) {
                        Some(c) => out.push(c),
                        None if (0xD800..=0xDFFF).contains(&value) => {
                            let message = format!(
                                "'{}' is a surrogate code point: awaitscope strings hold only \
                                 Unicode scalar values",
                                self.text(span)
                            );
                            return Err(self.error(span, message));
                        }
                        None => {
                            let message = format!(
                                "(unicode error) 'unicodeescape' codec can't decode bytes in \
                                 position {}-{}: illegal Unicode character",
                                i,
                                i + 1 + len
                            );
                            return Err(self.literal_error(span, message));
                        }
                    }
                }
                'N' => {
                    let end = text[i..].find('}').map_or(to, |j| from + i + j + 1);
                    return Err(self.error(
                        Span::new(at, end),
                        "'\\N{...}' escapes are not supported: write the character itself",
                    ));
                }
                // Python keeps an unknown escape as it is (with a warning).
                _ => {
                    out.push('\\');
                    out.push(escape);
                }
            }
        }
        Ok(())
    }

    /// The text of an f-string from `p` (its body, or a format spec when
    /// `spec_level > 0`) into `out`. A format spec ends at its closing `}`, whose
    /// offset is returned; the body ends at `end`.
    fn fstring_text(
        &mut self,
        mut p: usize,
        end: usize,
        raw: bool,
        spec_level: u8,
        out: &mut Vec<FStringPart>,
    ) -> PResult<usize> {
        let bytes = self.source.as_bytes();
        let mut literal = String::new();
        let mut literal_start = p;
        while p < end {
            let b = bytes[p];
            if b == b'\\' && !raw {
                // Skip the escaped character, except a brace: as in CPython, `\{`
                // is a backslash and then a field. `\N{…}` is one escape.
                p += 1;
                if p < end && bytes[p] == b'N' && bytes.get(p + 1) == Some(&b'{') {
                    while p < end && bytes[p] != b'}' {
                        p += 1;
                    }
                    p += 1;
                } else if p < end && !matches!(bytes[p], b'{' | b'}') {
                    p += 1;
                }
                continue;
            }
            if b != b'{' && b != b'}' {
                p += 1;
                continue;
            }
            if spec_level == 0 && bytes.get(p + 1) == Some(&b) && p + 1 < end {
                // `{{` and `}}` are literal braces (only outside format specs).
                self.decode(literal_start, p, raw, &mut literal)?;
                literal.push(b as char);
                p += 2;
                literal_start = p;
                continue;
            }
            if b == b'}' {
                if spec_level == 0 {
                    return Err(self.literal_error(
                        Span::new(p, p + 1),
                        "f-string: single '}' is not allowed",
                    ));
                }
                break;
            }
            self.decode(literal_start, p, raw, &mut literal)?;
            push_literal(out, std::mem::take(&mut literal));
            p = self.fstring_field(p, end, raw, spec_level, out)?;
            literal_start = p;
        }
        let stop = p.min(end);
        self.decode(literal_start, stop, raw, &mut literal)?;
        push_literal(out, literal);
        Ok(stop)
    }

    /// A replacement field `{expr[=][!c][:spec]}` starting at the `{` at `open`;
    /// returns the offset after its `}`.
    fn fstring_field(
        &mut self,
        open: usize,
        end: usize,
        raw: bool,
        spec_level: u8,
        out: &mut Vec<FStringPart>,
    ) -> PResult<usize> {
        let bytes = self.source.as_bytes();
        if spec_level >= MAX_SPEC_NESTING {
            return Err(self.literal_error(
                Span::new(open, open + 1),
                "f-string: expressions nested too deeply",
            ));
        }
        let expr_start = open + 1;
        let expr_end = self.fstring_expression_end(expr_start, end)?;
        if self.source[expr_start..expr_end].trim().is_empty() {
            let close = (expr_end + 1).min(end);
            return Err(self.literal_error(
                Span::new(open, close),
                "f-string: empty expression not allowed",
            ));
        }
        let expr = self.fstring_expression(expr_start, expr_end)?;
        let mut p = expr_end;
        let mut self_documenting = None;
        if p < end && bytes[p] == b'=' {
            p += 1;
            while p < end && bytes[p].is_ascii_whitespace() {
                p += 1;
            }
            self_documenting = Some(self.source[expr_start..p].to_string());
        }
        let mut conversion = None;
        if p < end && bytes[p] == b'!' {
            p += 1;
            match bytes.get(p).filter(|_| p < end) {
                Some(&c @ (b'r' | b's' | b'a')) => {
                    conversion = Some(c as char);
                    p += 1;
                }
                // CPython 3.11 does not name the character (3.12 does).
                _ => {
                    return Err(self.literal_error(
                        Span::new(p - 1, p),
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ));
                }
            }
        }
        let mut spec = Vec::new();
        let has_spec = p < end && bytes[p] == b':';
        if has_spec {
            p = self.fstring_text(p + 1, end, raw, spec_level + 1, &mut spec)?;
        }
        if p >= end || bytes[p] != b'}' {
            return Err(self.literal_error(Span::new(open, p.min(end)), "f-string: expecting '}'"));
        }
        // As in CPython's tree, `{x=}` without a conversion or spec shows the repr.
        if self_documenting.is_some() && conversion.is_none() && !has_spec {
            conversion = Some('r');
        }
        out.push(FStringPart::Field {
            expr: Box::new(expr),
            conversion,
            spec,
            self_documenting,
        });
        Ok(p + 1)
    }

    /// Finds where a field's expression ends: at `!`, `:`, `=` or `}` outside
    /// brackets and strings, not part of `!=`, `==`, `<=`, `>=`.
    fn fstring_expression_end(&mut self, start: usize, end: usize) -> PResult<usize> {
        let bytes = self.source.as_bytes();
        let mut brackets: Vec<u8> = Vec::new();
        let mut quote: Option<(u8, bool)> = None;
        let mut p = start;
        while p < end {
            let b = bytes[p];
            if b == b'\\' {
                return Err(self.literal_error(
                    Span::new(p, p + 1),
                    "f-string expression part cannot include a backslash",
                ));
            }
            if let Some((q, triple)) = quote {
                if b == q
                    && (!triple || (bytes.get(p + 1) == Some(&q) && bytes.get(p + 2) == Some(&q)))
                {
                    quote = None;
                    p += if triple { 3 } else { 1 };
                } else {
                    p += 1;
                }
                continue;
            }
            match b {
                b'\'' | b'"' => {
                    let triple =
                        bytes.get(p + 1) == Some(&b) && bytes.get(p + 2) == Some(&b) && p + 2 < end;
                    quote = Some((b, triple));
                    p += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if brackets.len() >= 200 {
                        return Err(self.literal_error(
                            Span::new(p, p + 1),
                            "f-string: too many nested parenthesis",
                        ));
                    }
                    brackets.push(b);
                }
                b')' | b']' | b'}' => {
                    let Some(open) = brackets.pop() else {
                        if b == b'}' {
                            return Ok(p);
                        }
                        return Err(self.literal_error(
                            Span::new(p, p + 1),
                            format!("f-string: unmatched '{}'", b as char),
                        ));
                    };
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if b != expected {
                        return Err(self.literal_error(
                            Span::new(p, p + 1),
                            format!(
                                "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                                b as char, open as char
                            ),
                        ));
                    }
                }
                b'#' => {
                    return Err(self.literal_error(
                        Span::new(p, p + 1),
                        "f-string expression part cannot include '#'",
                    ));
                }
                b'!' | b'=' | b'<' | b'>' | b':' if brackets.is_empty() => {
                    if b != b':' && bytes.get(p + 1) == Some(&b'=') && p + 1 < end {
                        p += 2;
                        continue;
                    }
                    if b != b'<' && b != b'>' {
                        return Ok(p);
                    }
                }
                _ => {}
            }
            p += 1;
        }
        let message = if quote.is_some() {
            "f-string: unterminated string"
        } else if let Some(&open) = brackets.last() {
            return Err(self.literal_error(
                Span::new(start - 1, end),
                format!("f-string: unmatched '{}'", open as char),
            ));
        } else {
            "f-string: expecting '}'"
        };
        Err(self.literal_error(Span::new(start - 1, end), message))
    }

    /// Lexes and parses the expression of a field, `source[start..end]`.
    fn fstring_expression(&mut self, start: usize, end: usize) -> PResult<Expr> {
        let lexed = lexer::tokenize_expression(self.source, start..end, self.index);
        let mut field = Parser::new(
            self.source,
            self.index,
            lexed.tokens,
            self.options,
            self.depth,
        );
        let result = field.nested(|p| {
            let expr = p.star_expressions()?;
            if let ExprKind::Starred(_) = expr.kind {
                return Err(p.error(expr.span, "cannot use starred expression here"));
            }
            if !p.at(TokenKind::EndOfFile) {
                // CPython parses the field as if in parentheses, hence its hint.
                return Err(p.missing_separator());
            }
            Ok(expr)
        });
        self.peak = self.peak.max(field.peak);
        let before = self.diagnostics.len();
        // CPython parses the field as `(expression)` on its own and counts columns
        // from that `(`, which stands in for the `{`. (What the subset refuses is
        // no error to CPython: that stays where it is in the editor.)
        let (brace_line, brace_col) = self.index.line_col(self.source, start as u32 - 1);
        for mut diagnostic in lexed.diagnostics.into_iter().chain(field.diagnostics) {
            if !diagnostic.message.starts_with("f-string") {
                diagnostic.message = format!("f-string: {}", diagnostic.message);
            }
            if diagnostic.line == brace_line && !diagnostic.message.contains("not supported") {
                diagnostic.col = diagnostic.col + 1 - brace_col;
            }
            self.diagnostics.push(diagnostic);
        }
        if result.is_err() && self.diagnostics.len() == before {
            self.error(Span::new(start, end), "f-string: invalid syntax");
        }
        result
    }
}

/// Appends literal text, merging it into a literal that ends the list.
fn push_literal(parts: &mut Vec<FStringPart>, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.push_str(&text);
    } else {
        parts.push(FStringPart::Literal(text));
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump::{check_err, check_module as check};

    use crate::syntax::ast::{ExprKind, FStringPart, StmtKind};
    use crate::syntax::parse;

    #[test]
    fn plain_strings() {
        check(r#"'a'"#, r#""a""#);
        check(r#""it's""#, r#""it's""#);
        check("'''a\nb'''", r#""a\nb""#);
        check(r#"'''say "hi"'''"#, r#""say \"hi\"""#);
        check(r#"''"#, r#""""#);
    }

    #[test]
    fn escapes() {
        check(r#"'a\nb\tc\\d\'e\"f'"#, r#""a\nb\tc\\d'e\"f""#);
        check(r#"'\x41\u00e9\U0001F600\101\0'"#, r#""Aé😀A\0""#);
        check(r#"'\d\w'"#, r#""\\d\\w""#);
        check("'a\\\nb'", r#""ab""#);
        check(r#"r'\n\d'"#, r#""\\n\\d""#);
    }

    #[test]
    fn crlf_inside_a_string_becomes_lf() {
        check("'''a\r\nb'''\r\n", r#""a\nb""#);
    }

    #[test]
    fn adjacent_literals_concatenate() {
        check(r#"'a' "b" '''c'''"#, r#""abc""#);
        check("('a'\n 'b')", r#""ab""#);
        check(r#"'a' f'{x}' 'b'"#, r#"(f "a" {x} "b")"#);
    }

    #[test]
    fn fstring_fields() {
        check(r#"f'{x}'"#, "(f {x})");
        check(r#"f'a{x}b{y}c'"#, r#"(f "a" {x} "b" {y} "c")"#);
        check(r#"f'{x!r}'"#, "(f {x !r})");
        check(r#"f'{x!s:>8}'"#, r#"(f {x !s :">8"})"#);
        check(r#"f'{t:.3f}s'"#, r#"(f {t :".3f"} "s")"#);
        check(r#"f'{x:{w}.{p}f}'"#, r#"(f {x :{w} "." {p} "f"})"#);
        check(r#"f'{a + b * 2}'"#, "(f {(+ a (* b 2))})");
        check(r#"f'{d["k"]}'"#, r#"(f {([] d "k")})"#);
        check(
            r#"f'{f(a, b)!r:05.1f}'"#,
            r#"(f {(call f a b) !r :"05.1f"})"#,
        );
        check(r#"f'{x, y}'"#, "(f {(tuple x y)})");
        check(r#"f'{a if b else c}'"#, "(f {(ifx b a c)})");
        check(
            r#"f'{a != b}{a == b}{a <= b}{a > b}'"#,
            "(f {(cmp a != b)} {(cmp a == b)} {(cmp a <= b)} {(cmp a > b)})",
        );
        check(r#"f'{d[1:2]}'"#, "(f {([] d (slice 1 2 _))})");
        check(r#"f''"#, "(f)");
    }

    #[test]
    fn fstring_brace_escapes() {
        check(r#"f'{{x}}'"#, r#"(f "{x}")"#);
        check(r#"f'{{{x}}}'"#, r#"(f "{" {x} "}")"#);
    }

    #[test]
    fn self_documenting_fields() {
        check(r#"f'{x=}'"#, r#"(f {x !r ="x="})"#);
        check(r#"f'{x = }'"#, r#"(f {x !r ="x = "})"#);
        check(r#"f'{x=!s}'"#, r#"(f {x !s ="x="})"#);
        check(r#"f'{x=:.2f}'"#, r#"(f {x :".2f" ="x="})"#);
    }

    #[test]
    fn nested_and_multiline_fstrings() {
        check(r#"f"{f'{x}'}""#, "(f {(f {x})})");
        check("f'''{\nx\n+ 1}'''", "(f {(+ x 1)})");
        check(r#"rf'\d{x}'"#, r#"(f "\\d" {x})"#);
        check(r#"f'\t{x}\n'"#, r#"(f "\t" {x} "\n")"#);
    }

    #[test]
    fn fstring_field_spans_are_in_the_source() {
        let source = "f'ab{x + 1}'";
        let parsed = parse(source);
        let StmtKind::Expr(expr) = &parsed.module.body[0].kind else {
            panic!("not an expression");
        };
        let ExprKind::FString(parts) = &expr.kind else {
            panic!("not an f-string");
        };
        let FStringPart::Field { expr: field, .. } = &parts[1] else {
            panic!("not a field");
        };
        assert_eq!(
            &source[field.span.start as usize..field.span.end as usize],
            "x + 1"
        );
        assert_eq!(
            &source[expr.span.start as usize..expr.span.end as usize],
            source
        );
    }

    #[test]
    fn await_inside_an_fstring_is_parsed_anywhere() {
        // Where it may stand is the compiler's to say (see `compile::compiler`'s
        // tests), as CPython says it after parsing.
        for source in [
            "async def f():\n    print(f'{await g()}')\n",
            "print(f'{await g()}')\n",
        ] {
            let parsed = parse(source);
            assert!(parsed.is_ok(), "{source}: {:?}", parsed.diagnostics);
        }
    }

    #[test]
    fn fstring_errors() {
        check_err("f'{}'\n", &["1:6: f-string: empty expression not allowed"]);
        check_err("f'{ }'\n", &["1:7: f-string: empty expression not allowed"]);
        check_err("f'a}b'\n", &["1:7: f-string: single '}' is not allowed"]);
        check_err("f'{x'\n", &["1:6: f-string: expecting '}'"]);
        check_err(
            "f'{x!z}'\n",
            &["1:9: f-string: invalid conversion character: expected 's', 'r', or 'a'"],
        );
        check_err(
            "f'{x!}'\n",
            &["1:8: f-string: invalid conversion character: expected 's', 'r', or 'a'"],
        );
        check_err("f'{x!r y}'\n", &["1:11: f-string: expecting '}'"]);
        check_err(
            r"f'{a\n}'",
            &["1:9: f-string expression part cannot include a backslash"],
        );
        check_err(
            "f'{a#}'\n",
            &["1:8: f-string expression part cannot include '#'"],
        );
        check_err("f'{a)}'\n", &["1:8: f-string: unmatched ')'"]);
        check_err(
            "f'{a(]}'\n",
            &["1:9: f-string: closing parenthesis ']' does not match opening parenthesis '('"],
        );
        check_err(
            "f'{a b}'\n",
            &["1:2: f-string: invalid syntax. Perhaps you forgot a comma?"],
        );
        check_err("f'{a +}'\n", &["1:5: f-string: invalid syntax"]);
        check_err(
            "f'{*a}'\n",
            &["1:2: f-string: cannot use starred expression here"],
        );
        check_err(
            "f'{x:{y:{z}}}'\n",
            &["1:15: f-string: expressions nested too deeply"],
        );
        check_err(
            "f'{yield}'\n",
            &["1:4: f-string: 'yield' is not supported: use 'async def' and 'await'"],
        );
    }

    #[test]
    fn string_errors() {
        check_err(
            "x = b'abc'\n",
            &["1:5: bytes literals are not supported: use str"],
        );
        check_err(
            r"x = '\x4'",
            &["1:10: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"],
        );
        check_err(
            r"x = '\N{DASH}'",
            &["1:6: '\\N{...}' escapes are not supported: write the character itself"],
        );
        check_err(
            r"x = '\ud800'",
            &["1:6: '\\ud800' is a surrogate code point: awaitscope strings hold only Unicode scalar values"],
        );
        check_err(
            r"x = '\U00110000'",
            &["1:17: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character"],
        );
    }
}
