//! The prelude: asyncio's Python-level pieces (sleep, gather, wait_for, Queue,
//! Lock …), ported from CPython 3.11's own source into the scenario dialect and
//! compiled once per thread.

use std::rc::Rc;

use crate::compile::{compile, Program};
use crate::syntax::{parse_with, ParseOptions};

const SOURCE: &str = include_str!("prelude.py");

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
    match compile(&parsed.module, SOURCE) {
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
}
