//! The prelude: asyncio's Python-level pieces (sleep, gather, wait_for, Queue,
//! Lock …), ported from CPython 3.11's own source into the scenario dialect and
//! compiled once per thread.

use std::rc::Rc;

use crate::compile::{compile_prelude, Program};
use crate::syntax::{parse_with, ParseOptions};

/// `prelude.py` with comments and docstrings blanked out by `build.rs` (same lines).
const SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/prelude.py"));

thread_local! {
    static PROGRAM: Rc<Program> = Rc::new(build());
}

/// The compiled prelude.
pub fn program() -> Rc<Program> {
    PROGRAM.with(Rc::clone)
}

fn build() -> Program {
    let parsed = parse_with(
        SOURCE,
        ParseOptions {
            allow_classes: true,
        },
    );
    assert!(
        parsed.diagnostics.is_empty(),
        "the prelude must parse: {:?}",
        parsed.diagnostics
    );
    match compile_prelude(&parsed.module, SOURCE) {
        Ok(program) => program,
        Err(diagnostics) => panic!("the prelude must compile: {diagnostics:?}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prelude_compiles() {
        super::program();
    }

    /// The stripped text keeps every line where it was, and every code line as is
    /// but for its indentation: a space a level instead of four.
    #[test]
    fn stripping_keeps_lines_and_code() {
        let original = include_str!("prelude.py");
        let stripped = super::SOURCE;
        assert_eq!(original.lines().count(), stripped.lines().count());
        assert!(
            stripped.len() < original.len() / 2,
            "comments, docstrings and most indentation go"
        );
        for (a, b) in original.lines().zip(stripped.lines()) {
            let code = b.trim_start();
            let (width, kept) = (a.len() - a.trim_start().len(), b.len() - code.len());
            assert!(
                code.is_empty()
                    || code == "\"\""
                    || (code == a.trim_start() && kept == width / 4 + width % 4),
                "a code line changed: {a:?} -> {b:?}"
            );
        }
    }
}
