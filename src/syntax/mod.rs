//! Scenario text → syntax tree with diagnostics.
//!
//! Parsing never fails: [`parse`] always returns a tree (possibly partial) together
//! with every problem it found, each with a place. Constructs outside the subset are
//! diagnostics that name the construct and what is supported instead.

pub mod ast;
mod lexer;
mod parser;
mod token;

pub use ast::Span;

/// One problem in the scenario text, with its place.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// Byte range in the source, for underlining.
    pub start: u32,
    pub end: u32,
    pub message: String,
}

/// What the parser produced: the tree and the problems, never one without the other.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub module: ast::Module,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn is_ok(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ParseOptions {
    /// The built-in prelude (asyncio's Queue, Lock, … ported from CPython) uses
    /// `class`; user scenarios may not.
    pub allow_classes: bool,
}

/// Parses a user scenario.
pub fn parse(source: &str) -> Parsed {
    parse_with(source, ParseOptions::default())
}

pub fn parse_with(source: &str, options: ParseOptions) -> Parsed {
    parser::parse(source, options)
}

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut line_starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based (line, column); the column counts characters, not bytes.
    pub fn line_col(&self, source: &str, offset: u32) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_starts[line as usize - 1] as usize;
        let end = (offset as usize).min(source.len());
        let col = source
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line, col as u32 + 1)
    }

    pub fn diagnostic(&self, source: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(source, span.start);
        Diagnostic {
            line,
            col,
            start: span.start,
            end: span.end,
            message: message.into(),
        }
    }
}
