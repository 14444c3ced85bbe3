//! Scenario text → tokens, as CPython's tokenizer does it: INDENT and DEDENT from a
//! stack of indentation columns, NEWLINE only at the end of a logical line, no line
//! structure inside brackets, backslash continuation, comments and blank lines skipped.
//!
//! The lexer never stops: whatever it cannot read becomes a diagnostic and an
//! [`TokenKind::Error`] token, so the parser can drop that statement and go on.

use std::ops::Range;

use super::ast::{BinOp, Span};
use super::token::{Keyword, StrPrefix, Token, TokenKind};
use super::{Diagnostic, LineIndex};

#[derive(Clone)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub diagnostics: Vec<Diagnostic>,
    /// When a bracket looked unclosed: the first reading, which closed none early,
    /// as CPython's tokenizer reads the module.
    pub uncut: Option<Box<Lexed>>,
}

/// CPython's limit (`MAXINDENT`): deeper blocks are an error, which also bounds
/// the parser's recursion through nested blocks.
const MAX_INDENT_LEVELS: usize = 100;

/// How many times [`tokenize`] re-reads a module to close brackets that were never
/// closed. Each pass moves the next cut further down, so this only bounds the cost.
const MAX_RECOVERY_PASSES: usize = 16;

/// Tokenizes a whole module.
///
/// A bracket that is never closed would swallow the rest of the file into one
/// logical line, and the user would see one error for a file with many good
/// statements. So when the end of the file finds brackets open (or a closing
/// bracket finds an opening one of another kind on an earlier line), the module is
/// read again with a *cut*: at the first later line indented no deeper than the
/// line of the outermost open bracket, the open brackets are reported and closed,
/// and lexing carries on as if that line began a new statement.
pub fn tokenize(source: &str, index: &LineIndex) -> Lexed {
    let mut cuts: Vec<usize> = Vec::new();
    let mut uncut = None;
    loop {
        let (mut lexed, suspect) =
            Lexer::new(source, 0..source.len(), index, Mode::Module, &cuts).run();
        if cuts.is_empty() && suspect.is_some() {
            uncut = Some(Box::new(lexed.clone()));
        }
        let next_cut = suspect.and_then(|suspect| {
            recovery_cut(source, suspect.bracket).filter(|&cut| cut <= suspect.found_at)
        });
        match next_cut {
            Some(cut) if cuts.len() < MAX_RECOVERY_PASSES && cuts.last() < Some(&cut) => {
                cuts.push(cut)
            }
            _ => {
                lexed.uncut = uncut;
                return lexed;
            }
        }
    }
}

/// A bracket that looks like it was never closed: the outermost open bracket when
/// the problem was found, and where it was found.
#[derive(Clone, Copy)]
struct UnclosedSuspect {
    bracket: usize,
    found_at: usize,
}

/// Tokenizes the expression of an f-string replacement field, `source[range]`.
/// There is no line structure (newlines are whitespace, as inside brackets) and
/// the token list ends with a bare END OF FILE.
pub fn tokenize_expression(source: &str, range: Range<usize>, index: &LineIndex) -> Lexed {
    Lexer::new(source, range, index, Mode::Expression, &[])
        .run()
        .0
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Module,
    Expression,
}

/// An indentation level as CPython keeps it: the column with tabs to multiples of
/// 8, and with tabs as 1, so that a mix that only lines up by one rule is caught.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Indentation {
    col: u32,
    alt_col: u32,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    index: &'a LineIndex,
    mode: Mode,
    /// Line starts where open brackets are closed by force (see [`tokenize`]).
    cuts: &'a [usize],
    tokens: Vec<Token>,
    diagnostics: Vec<Diagnostic>,
    /// The first sign of a bracket left open, for [`tokenize`] to cut at.
    suspect: Option<UnclosedSuspect>,
    indents: Vec<Indentation>,
    /// Open brackets: the byte and its offset.
    brackets: Vec<(u8, usize)>,
    at_line_start: bool,
    /// Whether the current logical line has produced a token yet; blank and
    /// comment-only lines produce no NEWLINE.
    line_has_tokens: bool,
}

impl<'a> Lexer<'a> {
    fn new(
        src: &'a str,
        range: Range<usize>,
        index: &'a LineIndex,
        mode: Mode,
        cuts: &'a [usize],
    ) -> Lexer<'a> {
        let mut pos = range.start;
        // A UTF-8 byte order mark at the very start is not part of the program.
        if pos == 0 && src.starts_with('\u{feff}') {
            pos = '\u{feff}'.len_utf8();
        }
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos,
            end: range.end.min(src.len()),
            index,
            mode,
            cuts,
            tokens: Vec::new(),
            diagnostics: Vec::new(),
            suspect: None,
            indents: vec![Indentation { col: 0, alt_col: 0 }],
            brackets: Vec::new(),
            at_line_start: mode == Mode::Module,
            line_has_tokens: false,
        }
    }

    /// Lexes everything. Also returns the first bracket that looks unclosed.
    fn run(mut self) -> (Lexed, Option<UnclosedSuspect>) {
        while self.pos < self.end {
            let before = self.pos;
            if self.at_line_start {
                self.at_line_start = false;
                self.indentation();
                continue;
            }
            self.token();
            debug_assert!(self.pos > before, "lexer made no progress at {before}");
            if self.pos <= before {
                self.pos = before + 1;
            }
        }
        self.finish();
        let lexed = Lexed {
            tokens: self.tokens,
            diagnostics: self.diagnostics,
            uncut: None,
        };
        (lexed, self.suspect)
    }

    fn finish(&mut self) {
        let end = self.end;
        self.suspect_unclosed(end);
        if let Some(&(open, offset)) = self.brackets.last() {
            self.error(
                offset,
                offset + 1,
                format!("'{}' was never closed", open as char),
            );
            self.push(TokenKind::Error, end, end);
            self.brackets.clear();
        }
        let mut eof = end;
        if self.mode == Mode::Module {
            if self.line_has_tokens {
                self.push(TokenKind::Newline, end, end);
            }
            // CPython places the end of the file at the last line's line break.
            if self.src[..end].ends_with('\n') {
                eof = end - 1;
            }
            while self.indents.len() > 1 {
                self.indents.pop();
                self.push(TokenKind::Dedent, eof, eof);
            }
        }
        self.push(TokenKind::EndOfFile, eof, eof);
    }

    fn suspect_unclosed(&mut self, found_at: usize) {
        if let (None, Some(&(_, bracket))) = (self.suspect, self.brackets.first()) {
            self.suspect = Some(UnclosedSuspect { bracket, found_at });
        }
    }

    /// At the start of a physical line outside brackets: measures the indentation
    /// and emits INDENT or DEDENTs. Blank and comment-only lines do not count.
    fn indentation(&mut self) {
        if self.mode != Mode::Module || !self.brackets.is_empty() {
            return;
        }
        let line_start = self.pos;
        let (mut col, mut alt_col) = (0u32, 0u32);
        while self.pos < self.end {
            match self.bytes[self.pos] {
                b' ' => {
                    col += 1;
                    alt_col += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt_col += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt_col = 0;
                }
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if matches!(self.peek_byte(0), None | Some(b'#') | Some(b'\n')) {
            return;
        }
        let first = self.pos;
        let here = Indentation { col, alt_col };
        let top = *self
            .indents
            .last()
            .unwrap_or(&Indentation { col: 0, alt_col: 0 });
        if col == top.col {
            if alt_col != top.alt_col {
                self.inconsistent_tabs(line_start, first);
            }
        } else if col > top.col {
            if self.indents.len() > MAX_INDENT_LEVELS {
                self.error(line_start, first, "too many levels of indentation");
                return;
            }
            if alt_col <= top.alt_col {
                self.inconsistent_tabs(line_start, first);
            }
            self.indents.push(here);
            self.push(TokenKind::Indent, line_start, first);
        } else {
            while self.indents.len() > 1 && col < self.indents[self.indents.len() - 1].col {
                self.indents.pop();
                self.push(TokenKind::Dedent, first, first);
            }
            let top = self.indents[self.indents.len() - 1];
            if col != top.col {
                // CPython points after the end of the line.
                let line_end = self.src[first..self.end]
                    .find('\n')
                    .map_or(self.end, |n| first + n);
                self.error(
                    line_end,
                    line_end,
                    "unindent does not match any outer indentation level",
                );
            } else if alt_col != top.alt_col {
                self.inconsistent_tabs(line_start, first);
            }
        }
    }

    fn inconsistent_tabs(&mut self, start: usize, end: usize) {
        self.error(
            start,
            end,
            "inconsistent use of tabs and spaces in indentation",
        );
    }

    /// Lexes one token (or skips whitespace, a comment or a line break).
    fn token(&mut self) {
        let start = self.pos;
        let b = self.bytes[start];
        match b {
            b' ' | b'\t' | b'\x0c' | b'\r' => self.pos += 1,
            b'#' => {
                while self.pos < self.end && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
            }
            b'\n' => self.line_break(),
            b'\\' => self.continuation(),
            b'"' | b'\'' => self.string(start, StrPrefix::default()),
            b'0'..=b'9' => self.number(),
            b'.' if self.peek_byte(1).is_some_and(|c| c.is_ascii_digit()) => self.number(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.name(),
            0x80.. => {
                let c = self.char_at(start);
                if is_id_start(c) {
                    self.name();
                } else {
                    self.invalid_character(c);
                }
            }
            _ => self.operator(),
        }
    }

    fn line_break(&mut self) {
        let at = self.pos;
        self.pos += 1;
        if self.mode != Mode::Module {
            return;
        }
        if self.brackets.is_empty() {
            if self.line_has_tokens {
                self.push(TokenKind::Newline, at, at + 1);
            }
            self.at_line_start = true;
        } else if self.cuts.binary_search(&self.pos).is_ok() {
            if let Some(&(open, offset)) = self.brackets.last() {
                self.error(
                    offset,
                    offset + 1,
                    format!("'{}' was never closed", open as char),
                );
            }
            self.brackets.clear();
            self.push(TokenKind::Error, at, at);
            self.push(TokenKind::Newline, at, at + 1);
            self.at_line_start = true;
        }
    }

    fn continuation(&mut self) {
        let start = self.pos;
        let message = match (self.peek_byte(1), self.peek_byte(2)) {
            (Some(b'\n'), _) => {
                self.pos += 2;
                // A continuation needs a line to continue on.
                if self.pos < self.end {
                    return;
                }
                "unexpected EOF while parsing"
            }
            (Some(b'\r'), Some(b'\n')) => {
                self.pos += 3;
                return;
            }
            (None, _) => {
                self.pos += 1;
                "unexpected EOF while parsing"
            }
            _ => {
                self.pos += 1;
                "unexpected character after line continuation character"
            }
        };
        // CPython points at the character after the backslash.
        self.error(start + 1, self.pos.max(start + 1), message);
        self.push(TokenKind::Error, start, self.pos);
    }

    fn name(&mut self) {
        let start = self.pos;
        self.skip_identifier();
        let text = &self.src[start..self.pos];
        if matches!(self.peek_byte(0), Some(b'"' | b'\'')) {
            if let Some(prefix) = string_prefix(text) {
                self.string(start, prefix);
                return;
            }
        }
        let kind = match Keyword::from_name(text) {
            Some(keyword) => TokenKind::Keyword(keyword),
            None => TokenKind::Name,
        };
        self.push(kind, start, self.pos);
    }

    fn skip_identifier(&mut self) {
        while self.pos < self.end {
            let b = self.bytes[self.pos];
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else if b >= 0x80 && is_id_continue(self.char_at(self.pos)) {
                self.pos += self.char_at(self.pos).len_utf8();
            } else {
                break;
            }
        }
    }

    /// A string literal whose prefix starts at `start` and whose opening quote is
    /// at the current position.
    fn string(&mut self, start: usize, prefix: StrPrefix) {
        let quote = self.bytes[self.pos];
        let triple = self.peek_byte(1) == Some(quote) && self.peek_byte(2) == Some(quote);
        let quote_len = if triple { 3 } else { 1 };
        let body_start = self.pos + quote_len;
        let mut p = body_start;
        loop {
            if p >= self.end {
                return self.unterminated_string(start, body_start, triple);
            }
            match self.bytes[p] {
                b'\\' => {
                    p += if self.bytes.get(p + 1..p + 3) == Some(b"\r\n") {
                        3
                    } else {
                        2
                    };
                }
                b'\n' if !triple => {
                    self.pos = p;
                    let line = self.index.line(p as u32);
                    self.error(
                        start,
                        p,
                        format!("unterminated string literal (detected at line {line})"),
                    );
                    self.push(TokenKind::Error, start, p);
                    return;
                }
                b if b == quote
                    && (!triple
                        || (self.bytes.get(p + 1) == Some(&quote)
                            && self.bytes.get(p + 2) == Some(&quote))) =>
                {
                    break;
                }
                _ => p += 1,
            }
        }
        let body = Span::new(body_start, p);
        self.pos = p + quote_len;
        self.push(TokenKind::Str { prefix, body }, start, self.pos);
    }

    fn unterminated_string(&mut self, start: usize, body_start: usize, triple: bool) {
        let end = self.end;
        self.pos = end;
        let last_char = end.saturating_sub(1).max(start);
        let line = self.index.line(last_char as u32);
        let message = if triple {
            format!("unterminated triple-quoted string literal (detected at line {line})")
        } else {
            format!("unterminated string literal (detected at line {line})")
        };
        let underline_end = if triple { body_start } else { end };
        self.error(start, underline_end, message);
        self.push(TokenKind::Error, start, end);
    }

    fn number(&mut self) {
        let start = self.pos;
        let radix = match (self.bytes[start], self.peek_byte(1)) {
            (b'0', Some(b'x' | b'X')) => Some((16, "hexadecimal")),
            (b'0', Some(b'o' | b'O')) => Some((8, "octal")),
            (b'0', Some(b'b' | b'B')) => Some((2, "binary")),
            _ => None,
        };
        match radix {
            Some((radix, name)) => self.radix_number(radix, name),
            None => self.decimal_number(),
        }
    }

    /// `0x…`, `0o…`, `0b…`, with single underscores between digits (and after
    /// the prefix).
    fn radix_number(&mut self, radix: u32, name: &str) {
        let start = self.pos;
        let mut p = start + 2;
        let mut digits = String::new();
        loop {
            let underscore = self.bytes.get(p) == Some(&b'_');
            let q = if underscore { p + 1 } else { p };
            match self.bytes.get(q).copied().filter(|_| q < self.end) {
                Some(c) if (c as char).is_digit(radix) => {
                    digits.push(c as char);
                    p = q + 1;
                }
                Some(c) if c.is_ascii_digit() => {
                    self.pos = q + 1;
                    self.skip_identifier();
                    let message = format!("invalid digit '{}' in {name} literal", c as char);
                    self.error(q, q + 1, message);
                    self.push(TokenKind::Error, start, self.pos);
                    return;
                }
                _ => {
                    if underscore || digits.is_empty() {
                        return self.bad_number(start, q - 1, format!("invalid {name} literal"));
                    }
                    break;
                }
            }
        }
        self.pos = p;
        if !self.end_of_number(start, name) {
            return;
        }
        match i64::from_str_radix(&digits, radix) {
            Ok(value) => self.push(TokenKind::Int(value), start, self.pos),
            Err(_) => self.integer_too_large(start),
        }
    }

    fn decimal_number(&mut self) {
        let start = self.pos;
        let mut text = String::new();
        let mut is_float = false;
        if self.bytes[start] != b'.' && !self.digits(&mut text) {
            return;
        }
        if self.peek_byte(0) == Some(b'.') {
            is_float = true;
            text.push('.');
            self.pos += 1;
            if self.peek_byte(0).is_some_and(|c| c.is_ascii_digit()) && !self.digits(&mut text) {
                return;
            }
        }
        // An `e` only starts an exponent when digits follow: `1else` is `1 else`.
        if let Some(b'e' | b'E') = self.peek_byte(0) {
            let digit_at = match self.peek_byte(1) {
                Some(b'+' | b'-') => 2,
                _ => 1,
            };
            if self.peek_byte(digit_at).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                text.push('e');
                if digit_at == 2 {
                    text.push(self.bytes[self.pos + 1] as char);
                }
                self.pos += digit_at;
                if !self.digits(&mut text) {
                    return;
                }
            } else if digit_at == 2 {
                return self.bad_number(start, self.pos + 1, "invalid decimal literal");
            }
        }
        if let Some(b'j' | b'J') = self.peek_byte(0) {
            self.pos += 1;
            return self.bad_number(start, start, "complex numbers are not supported: use float");
        }
        if !self.end_of_number(start, "decimal") {
            return;
        }
        if is_float {
            let value = crate::float_parse::parse_f64(&text).unwrap_or(f64::NAN);
            self.push(TokenKind::Float(value), start, self.pos);
            return;
        }
        if text.len() > 1 && text.starts_with('0') {
            if text.bytes().all(|c| c == b'0') {
                self.push(TokenKind::Int(0), start, self.pos);
            } else {
                self.bad_number(
                    start,
                    start,
                    "leading zeros in decimal integer literals are not permitted; \
                     use an 0o prefix for octal integers",
                );
            }
            return;
        }
        match text.parse::<i64>() {
            Ok(value) => self.push(TokenKind::Int(value), start, self.pos),
            Err(_) => self.integer_too_large(start),
        }
    }

    /// Decimal digits with single underscores between them, appended to `text`
    /// without the underscores. Reports and returns false on a misplaced `_`.
    fn digits(&mut self, text: &mut String) -> bool {
        let start = self.pos;
        loop {
            match self.peek_byte(0) {
                Some(c) if c.is_ascii_digit() => {
                    text.push(c as char);
                    self.pos += 1;
                }
                Some(b'_') if self.peek_byte(1).is_some_and(|c| c.is_ascii_digit()) => {
                    self.pos += 1;
                }
                Some(b'_') => {
                    let at = self.pos;
                    self.bad_number(start, at, "invalid decimal literal");
                    return false;
                }
                _ => return true,
            }
        }
    }

    /// CPython's `verify_end_of_number`: a number directly followed by a name is
    /// an error, except before the keywords that may follow one (`1if x else 2`).
    fn end_of_number(&mut self, start: usize, name: &str) -> bool {
        let Some(next) = self.src[self.pos..self.end].chars().next() else {
            return true;
        };
        if !is_id_continue(next) {
            return true;
        }
        let rest = &self.src[self.pos..self.end];
        let keywords = ["and", "else", "for", "if", "in", "is", "not", "or"];
        if keywords.iter().any(|k| rest.starts_with(k)) {
            return true;
        }
        let at = self.pos - 1;
        self.bad_number(start, at, format!("invalid {name} literal"));
        false
    }

    fn integer_too_large(&mut self, start: usize) {
        self.bad_number(
            start,
            start,
            "integer literal too large: awaitscope supports integers up to 2**63-1",
        );
    }

    /// Reports a malformed number and skips the rest of it. The report starts
    /// `at` the character CPython's tokenizer names: the last one it took.
    fn bad_number(&mut self, start: usize, at: usize, message: impl Into<String>) {
        self.pos = (at + 1).max(self.pos);
        self.skip_identifier();
        self.error(at, self.pos, message);
        self.push(TokenKind::Error, start, self.pos);
    }

    fn operator(&mut self) {
        use TokenKind::*;
        let start = self.pos;
        let rest = &self.bytes[start..self.end];
        let three = match rest.get(..3) {
            Some(b"**=") => Some(AugAssign(BinOp::Pow)),
            Some(b"//=") => Some(AugAssign(BinOp::FloorDiv)),
            Some(b">>=") => Some(AugAssign(BinOp::RShift)),
            Some(b"<<=") => Some(AugAssign(BinOp::LShift)),
            Some(b"...") => Some(Ellipsis),
            _ => None,
        };
        let two = || match rest.get(..2) {
            Some(b"**") => Some(DoubleStar),
            Some(b"//") => Some(DoubleSlash),
            Some(b">>") => Some(RightShift),
            Some(b"<<") => Some(LeftShift),
            Some(b"<=") => Some(LessEqual),
            Some(b">=") => Some(GreaterEqual),
            Some(b"==") => Some(EqEqual),
            Some(b"!=") => Some(NotEqual),
            Some(b"->") => Some(Arrow),
            Some(b":=") => Some(ColonEqual),
            Some(b"+=") => Some(AugAssign(BinOp::Add)),
            Some(b"-=") => Some(AugAssign(BinOp::Sub)),
            Some(b"*=") => Some(AugAssign(BinOp::Mul)),
            Some(b"/=") => Some(AugAssign(BinOp::Div)),
            Some(b"%=") => Some(AugAssign(BinOp::Mod)),
            Some(b"&=") => Some(AugAssign(BinOp::BitAnd)),
            Some(b"|=") => Some(AugAssign(BinOp::BitOr)),
            Some(b"^=") => Some(AugAssign(BinOp::BitXor)),
            Some(b"@=") => Some(AtEqual),
            _ => None,
        };
        // Python 2's `<>`: a token to CPython's tokenizer, which its parser rejects.
        if rest.starts_with(b"<>") {
            self.pos += 2;
            self.error(start, start + 2, "invalid syntax");
            self.push(Error, start, start + 2);
            return;
        }
        let (kind, len) = if let Some(kind) = three {
            (kind, 3)
        } else if let Some(kind) = two() {
            (kind, 2)
        } else {
            let kind = match rest[0] {
                b'(' => LParen,
                b')' => RParen,
                b'[' => LBracket,
                b']' => RBracket,
                b'{' => LBrace,
                b'}' => RBrace,
                b':' => Colon,
                b',' => Comma,
                b';' => Semicolon,
                b'.' => Dot,
                b'@' => At,
                b'=' => Equal,
                b'+' => Plus,
                b'-' => Minus,
                b'*' => Star,
                b'/' => Slash,
                b'%' => Percent,
                b'&' => Amper,
                b'|' => Vbar,
                b'^' => Circumflex,
                b'~' => Tilde,
                b'<' => Less,
                b'>' => Greater,
                b'!' => {
                    self.pos += 1;
                    self.error(start, start + 1, "invalid syntax");
                    self.push(Error, start, start + 1);
                    return;
                }
                other => return self.invalid_character(other as char),
            };
            (kind, 1)
        };
        self.pos = start + len;
        match kind {
            LParen | LBracket | LBrace => self.brackets.push((rest[0], start)),
            RParen | RBracket | RBrace if !self.close_bracket(rest[0], start) => {
                self.push(Error, start, self.pos);
                return;
            }
            _ => {}
        }
        self.push(kind, start, self.pos);
    }

    /// Pops the matching open bracket; reports an unmatched or mismatched one.
    fn close_bracket(&mut self, close: u8, at: usize) -> bool {
        let Some((open, offset)) = self.brackets.pop() else {
            self.error(at, at + 1, format!("unmatched '{}'", close as char));
            return false;
        };
        let expected = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        if close == expected {
            return true;
        }
        let open_line = self.index.line(offset as u32);
        if open_line != self.index.line(at as u32) {
            // Perhaps the opening bracket was never closed, rather than this one
            // being the wrong kind: the bracket is still on the stack here.
            self.brackets.push((open, offset));
            self.suspect_unclosed(at);
            self.brackets.pop();
        }
        let mut message = format!(
            "closing parenthesis '{}' does not match opening parenthesis '{}'",
            close as char, open as char
        );
        if open_line != self.index.line(at as u32) {
            message.push_str(&format!(" on line {open_line}"));
        }
        self.error(at, at + 1, message);
        false
    }

    fn invalid_character(&mut self, c: char) {
        let start = self.pos;
        self.pos += c.len_utf8();
        let message = if c == '\0' {
            "source code cannot contain null bytes".to_string()
        } else if c.is_ascii_graphic() {
            // `$`, `?` and the backtick are tokens to CPython's tokenizer, which its
            // parser then rejects.
            "invalid syntax".to_string()
        } else if c.is_control() || c.is_whitespace() {
            format!("invalid non-printable character U+{:04X}", c as u32)
        } else {
            format!("invalid character '{c}' (U+{:04X})", c as u32)
        };
        self.error(start, self.pos, message);
        self.push(TokenKind::Error, start, self.pos);
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        if !matches!(
            kind,
            TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
        ) {
            self.line_has_tokens = true;
        }
        if kind == TokenKind::Newline {
            self.line_has_tokens = false;
        }
        self.tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        let diagnostic = self
            .index
            .diagnostic(self.src, Span::new(start, end), message);
        self.diagnostics.push(diagnostic);
    }

    fn peek_byte(&self, ahead: usize) -> Option<u8> {
        let at = self.pos + ahead;
        if at < self.end {
            Some(self.bytes[at])
        } else {
            None
        }
    }

    fn char_at(&self, at: usize) -> char {
        self.src
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{fffd}')
    }
}

/// `r`, `u`, `f`, `b` and the pairs `rb`, `br`, `rf`, `fr`, in any case.
fn string_prefix(text: &str) -> Option<StrPrefix> {
    if text.len() > 2 {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut prefix = StrPrefix::default();
    match lower.as_str() {
        "r" => prefix.raw = true,
        "u" => {}
        "f" => prefix.format = true,
        "b" => prefix.bytes = true,
        "rb" | "br" => {
            prefix.raw = true;
            prefix.bytes = true;
        }
        "rf" | "fr" => {
            prefix.raw = true;
            prefix.format = true;
        }
        _ => return None,
    }
    Some(prefix)
}

/// Python identifiers are XID_Start XID_Continue*. The standard library has no XID
/// tables; alphabetic and alphanumeric characters, plus the common combining
/// marks, cover the identifiers people write.
fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_id_continue(c: char) -> bool {
    c == '_'
        || c.is_alphanumeric()
        || c == '\u{b7}'
        || matches!(c as u32,
            0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Where to close brackets left open at `bracket`: the start of the first later
/// line indented no deeper than the bracket's line. Blank lines, comments and lines
/// that start by closing a bracket (the usual end of a multi-line display) do not
/// count.
fn recovery_cut(source: &str, bracket: usize) -> Option<usize> {
    let line_start = source[..bracket].rfind('\n').map_or(0, |i| i + 1);
    let base = indent_width(&source[line_start..]);
    let mut p = bracket + source[bracket..].find('\n')? + 1;
    while p < source.len() {
        let line_end = source[p..].find('\n').map_or(source.len(), |i| p + i);
        let line = &source[p..line_end];
        let content = line.trim_start_matches([' ', '\t', '\x0c', '\r']);
        let starts_statement = !content.is_empty() && !content.starts_with(['#', ')', ']', '}']);
        if starts_statement && indent_width(line) <= base {
            return Some(p);
        }
        p = line_end + 1;
    }
    None
}

fn indent_width(line: &str) -> u32 {
    let mut col = 0;
    for b in line.bytes() {
        match b {
            b' ' => col += 1,
            b'\t' => col = (col / 8 + 1) * 8,
            b'\x0c' => col = 0,
            _ => break,
        }
    }
    col
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the tokens of `source` compactly: names and operators as written,
    /// `int:1`, `float:0.5`, `str:"body"` (with `f`/`r`/`b` flags), `NL`, `INDENT`,
    /// `DEDENT`, `ERR`; the final `EOF` is left out.
    fn render(source: &str) -> (String, Vec<String>) {
        let index = LineIndex::new(source);
        let lexed = tokenize(source, &index);
        let mut out = Vec::new();
        for token in &lexed.tokens {
            let text = &source[token.span.start as usize..token.span.end as usize];
            out.push(match token.kind {
                TokenKind::Int(v) => format!("int:{v}"),
                TokenKind::Float(v) => format!("float:{v:?}"),
                TokenKind::Str { prefix, body } => {
                    let flags: String =
                        [(prefix.format, 'f'), (prefix.raw, 'r'), (prefix.bytes, 'b')]
                            .iter()
                            .filter(|(on, _)| *on)
                            .map(|(_, c)| *c)
                            .collect();
                    format!(
                        "{flags}str:{:?}",
                        &source[body.start as usize..body.end as usize]
                    )
                }
                TokenKind::Newline => "NL".into(),
                TokenKind::Indent => "INDENT".into(),
                TokenKind::Dedent => "DEDENT".into(),
                TokenKind::Error => "ERR".into(),
                TokenKind::EndOfFile => continue,
                _ => text.to_string(),
            });
        }
        let diagnostics = lexed
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect();
        (out.join(" "), diagnostics)
    }

    fn check(source: &str, expected: &str) {
        let (tokens, diagnostics) = render(source);
        assert_eq!(tokens, expected, "tokens of {source:?}");
        assert!(
            diagnostics.is_empty(),
            "unexpected diagnostics: {diagnostics:?}"
        );
    }

    fn check_err(source: &str, expected_tokens: &str, expected: &[&str]) {
        let (tokens, diagnostics) = render(source);
        assert_eq!(tokens, expected_tokens, "tokens of {source:?}");
        assert_eq!(diagnostics, expected, "diagnostics of {source:?}");
    }

    #[test]
    fn simple_line() {
        check("x = 1\n", "x = int:1 NL");
    }

    #[test]
    fn missing_final_newline() {
        check("x = 1", "x = int:1 NL");
    }

    #[test]
    fn empty_and_blank_sources() {
        check("", "");
        check("\n\n   \n# only a comment\n", "");
    }

    #[test]
    fn indent_and_dedent() {
        check(
            "if x:\n    y\n    z\nw\n",
            "if x : NL INDENT y NL z NL DEDENT w NL",
        );
    }

    #[test]
    fn several_dedents_at_once_and_at_end() {
        check(
            "a:\n  b:\n    c\nd\ne:\n  f",
            "a : NL INDENT b : NL INDENT c NL DEDENT DEDENT d NL e : NL INDENT f NL DEDENT",
        );
    }

    #[test]
    fn blank_and_comment_lines_do_not_indent() {
        check(
            "if x:\n\n        # deep comment\n    y\n  \n",
            "if x : NL INDENT y NL DEDENT",
        );
    }

    #[test]
    fn tabs_count_to_multiples_of_eight() {
        check("if x:\n\ty\n\tz\n", "if x : NL INDENT y NL z NL DEDENT");
    }

    #[test]
    fn inconsistent_dedent() {
        check_err(
            "if x:\n    y\n  z\n",
            "if x : NL INDENT y NL DEDENT z NL",
            &["3:4: unindent does not match any outer indentation level"],
        );
    }

    #[test]
    fn inconsistent_tabs_and_spaces() {
        check_err(
            "if x:\n        y\n\tz\n",
            "if x : NL INDENT y NL z NL DEDENT",
            &["3:1: inconsistent use of tabs and spaces in indentation"],
        );
    }

    #[test]
    fn crlf_line_endings() {
        check("if x:\r\n    y\r\n", "if x : NL INDENT y NL DEDENT");
    }

    #[test]
    fn brackets_join_lines() {
        check(
            "f(1,\n  2,\n        3)\nx\n",
            "f ( int:1 , int:2 , int:3 ) NL x NL",
        );
    }

    #[test]
    fn backslash_continuation() {
        check("x = 1 + \\\n    2\n", "x = int:1 + int:2 NL");
        check("x = 1 + \\\r\n    2\n", "x = int:1 + int:2 NL");
    }

    #[test]
    fn comments() {
        check("x = 1  # one\n# two\n", "x = int:1 NL");
    }

    #[test]
    fn integers() {
        check(
            "0 7 1_000 0x_FF 0o17 0b1010 00 9223372036854775807",
            "int:0 int:7 int:1000 int:255 int:15 int:10 int:0 int:9223372036854775807 NL",
        );
    }

    #[test]
    fn floats() {
        check(
            "1.5 1e-3 .5 5. 1_0.2_5 2E+2 3e2",
            "float:1.5 float:0.001 float:0.5 float:5.0 float:10.25 float:200.0 float:300.0 NL",
        );
    }

    #[test]
    fn number_directly_before_keyword() {
        check("1if x else 2", "int:1 if x else int:2 NL");
    }

    #[test]
    fn integer_too_large() {
        check_err(
            "x = 9223372036854775808\n",
            "x = ERR NL",
            &["1:5: integer literal too large: awaitscope supports integers up to 2**63-1"],
        );
        check_err(
            "0xFFFFFFFFFFFFFFFFF",
            "ERR NL",
            &["1:1: integer literal too large: awaitscope supports integers up to 2**63-1"],
        );
    }

    /// Where CPython's tokenizer reports what it cannot read: a malformed number
    /// at the last character it took, an unexpected indent at the indentation's
    /// last character, an unindent after the end of its line, a continuation at
    /// the character after the backslash, the end of the file at the last line
    /// break. Asked of python3's `compile()`.
    #[test]
    fn errors_are_placed_as_cpython_places_them() {
        crate::compile::assert_first_error_as_cpython(&[
            // Python 2's `<>`: at its `<`.
            "x = 1 <> 2\n",
            "if x<>y:\n    pass\n",
            "x = a <= b\n",
            "x = 1_\n",
            "x = 1__0\n",
            "x = 0x\n",
            "x = 0x_\n",
            "x = 0xg\n",
            "x = 0b1_\n",
            "x = 1e+\n",
            "x = 1e-x\n",
            "x = 1e\n",
            "x = 1.e\n",
            "x = 1.0_\n",
            "x = .5_\n",
            "x = 1_000_\n",
            "x = 10L\n",
            "x = 1_a\n",
            "x = 09\n",
            "  x = 1\n",
            "x = 1\n\t\ty = 2\n",
            "def f():\n    x = 1\n      y = 2\n",
            "def f():\n        x = 1\n    y = 2\n",
            "if x:\n    pass\n  print('\u{e9}\u{e9}') # \u{e9}\n",
            "if x:\n    pass\n  print(1)",
            "x = \\ 1\n",
            "x = 1\ny = '\u{e9}' + \\ 1\n",
            "x = 1 \\\n",
            "x = 1 \\",
            "\\\n",
            "x = 1 \\\n\n",
            "x = $1\n",
            "x = 1 ? 2 : 3\n",
            "x = `y`\n",
            "print('\u{e9}t\u{e9}', $)\n",
            "print(\u{201c}hello\u{201d})\n",
            "while x:\n# comment\n",
            "def f():\n\n\n",
            "def f():",
            "try:\n    pass\n",
            "try:\n    pass\n# c\n",
            "try:\n    pass",
        ]);
    }

    #[test]
    fn malformed_numbers() {
        check_err("1__0", "ERR NL", &["1:2: invalid decimal literal"]);
        check_err("1_", "ERR NL", &["1:2: invalid decimal literal"]);
        check_err("12abc", "ERR NL", &["1:2: invalid decimal literal"]);
        check_err(
            "0b102",
            "ERR NL",
            &["1:5: invalid digit '2' in binary literal"],
        );
        check_err(
            "0o8",
            "ERR NL",
            &["1:3: invalid digit '8' in octal literal"],
        );
        check_err("0x", "ERR NL", &["1:2: invalid hexadecimal literal"]);
        check_err("0xfg", "ERR NL", &["1:3: invalid hexadecimal literal"]);
        check_err(
            "012",
            "ERR NL",
            &["1:1: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"],
        );
        check_err(
            "2j",
            "ERR NL",
            &["1:1: complex numbers are not supported: use float"],
        );
    }

    #[test]
    fn strings_and_prefixes() {
        check(
            r#"'a' "b" '''c''' """d""" r'\e' f"{x}" Rb'g' fR'h' u'i'"#,
            r#"str:"a" str:"b" str:"c" str:"d" rstr:"\\e" fstr:"{x}" rbstr:"g" frstr:"h" str:"i" NL"#,
        );
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        check(r#"'it\'s' "a\"b""#, r#"str:"it\\'s" str:"a\\\"b" NL"#);
    }

    #[test]
    fn triple_quoted_string_spans_lines() {
        check("x = '''a\n  b'''\ny", "x = str:\"a\\n  b\" NL y NL");
    }

    #[test]
    fn name_that_looks_like_a_prefix() {
        check("rb br fx", "rb br fx NL");
    }

    #[test]
    fn unterminated_strings() {
        check_err(
            "x = 'abc\ny = 1\n",
            "x = ERR NL y = int:1 NL",
            &["1:5: unterminated string literal (detected at line 1)"],
        );
        check_err(
            "x = \"\"\"abc\n\ny = 1\n",
            "x = ERR NL",
            &["1:5: unterminated triple-quoted string literal (detected at line 3)"],
        );
    }

    #[test]
    fn operators() {
        check(
            "a **= b // c >>= d -> e := f != g ... @ ~ <= >= == << >>",
            "a **= b // c >>= d -> e := f != g ... @ ~ <= >= == << >> NL",
        );
    }

    #[test]
    fn keywords_and_soft_keywords() {
        check("match type async await", "match type async await NL");
    }

    #[test]
    fn unicode_identifiers() {
        check("größe = ñ + π\n", "größe = ñ + π NL");
    }

    #[test]
    fn invalid_characters() {
        check_err("a $ b", "a ERR b NL", &["1:3: invalid syntax"]);
        check_err(
            "a € b",
            "a ERR b NL",
            &["1:3: invalid character '€' (U+20AC)"],
        );
        check_err(
            "a\u{a0}b",
            "a ERR b NL",
            &["1:2: invalid non-printable character U+00A0"],
        );
        check_err(
            "a\0",
            "a ERR NL",
            &["1:2: source code cannot contain null bytes"],
        );
        check_err("a ! b", "a ERR b NL", &["1:3: invalid syntax"]);
    }

    #[test]
    fn bad_continuation() {
        check_err(
            "x = 1 \\ 2",
            "x = int:1 ERR int:2 NL",
            &["1:8: unexpected character after line continuation character"],
        );
    }

    #[test]
    fn unmatched_and_mismatched_brackets() {
        check_err("x)\n", "x ERR NL", &["1:2: unmatched ')'"]);
        check_err(
            "(x]\n",
            "( x ERR NL",
            &["1:3: closing parenthesis ']' does not match opening parenthesis '('"],
        );
        check_err(
            "(x,\n]\n",
            "( x , ERR NL",
            &["2:1: closing parenthesis ']' does not match opening parenthesis '(' on line 1"],
        );
    }

    #[test]
    fn unclosed_bracket_at_end_of_file() {
        check_err(
            "f(1,\n  2",
            "f ( int:1 , int:2 ERR NL",
            &["1:2: '(' was never closed"],
        );
    }

    #[test]
    fn unclosed_bracket_is_cut_at_the_next_statement() {
        check_err(
            "x = f(1,\n      2\ny = [3\nz = 4\n",
            "x = f ( int:1 , int:2 ERR NL y = [ int:3 ERR NL z = int:4 NL",
            &["1:6: '(' was never closed", "3:5: '[' was never closed"],
        );
    }

    #[test]
    fn unclosed_bracket_in_a_block_keeps_the_dedent() {
        check_err(
            "def f():\n    g(1\nx = 2\n",
            "def f ( ) : NL INDENT g ( int:1 ERR NL DEDENT x = int:2 NL",
            &["2:6: '(' was never closed"],
        );
    }

    #[test]
    fn too_many_indentation_levels() {
        let mut source = String::new();
        for depth in 0..=MAX_INDENT_LEVELS + 1 {
            source.push_str(&" ".repeat(depth));
            source.push_str("if x:\n");
        }
        let (_, diagnostics) = render(&source);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].ends_with("too many levels of indentation"));
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        check("\u{feff}x\n", "x NL");
    }

    #[test]
    fn expression_mode_ignores_newlines() {
        let source = "{a +\n b}";
        let index = LineIndex::new(source);
        let lexed = tokenize_expression(source, 1..source.len() - 1, &index);
        let kinds: Vec<_> = lexed.tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Name,
                TokenKind::Plus,
                TokenKind::Name,
                TokenKind::EndOfFile
            ]
        );
    }
}
