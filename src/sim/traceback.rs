//! Tracebacks as CPython prints them, with their chain of causes and contexts
//! (`The above exception was the direct cause of the following exception:`), and
//! the scenario's frames only, without their source lines (the CLI, which has the
//! file, prints them under each frame as CPython does).

use std::rc::Rc;

use crate::sim::exceptions::{Exception, PyErr};
use crate::sim::machine::{Machine, SCENARIO};

/// How a traceback names a place in the scenario. On stderr, as CPython writes it,
/// by file (`File "<scenario>", line 5`; the CLI puts the file's path in); in the
/// trace (the outcome, warnings), which the page shows beside the code, by line.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    File,
    Line,
}

impl Place {
    fn frame(self, line: u32, function: &str) -> String {
        match self {
            Place::File => format!("  File \"{SCENARIO}\", line {line}, in {function}\n"),
            Place::Line => format!("  line {line}, in {function}\n"),
        }
    }

    /// `FILE:7` or `line 7`: where a function is defined.
    pub(crate) fn source(self, line: u32) -> String {
        match self {
            Place::File => format!("{SCENARIO}:{line}"),
            Place::Line => format!("line {line}"),
        }
    }
}

/// CPython stops following a chain at an exception it has printed already; a
/// chain longer than this is cut, to keep the text (and the page) readable.
const MAX_CHAIN: usize = 50;

impl Machine {
    /// `e`'s traceback, after those of its cause or context, earliest first, each
    /// ending with its exception's line; no trailing newline.
    pub(crate) fn traceback_text(&self, e: &PyErr, place: Place) -> String {
        // The chain, latest first: (exception, what joins it to the one after it).
        let mut chain: Vec<(Rc<Exception>, &str)> = vec![(e.0.clone(), "")];
        while chain.len() < MAX_CHAIN {
            let last = &chain[chain.len() - 1].0;
            let (next, joint) = match (&*last.cause.borrow(), &*last.context.borrow()) {
                (Some(cause), _) => (cause.clone(), CAUSE),
                (None, Some(context)) if !last.suppress_context.get() => (context.clone(), CONTEXT),
                _ => break,
            };
            if chain.iter().any(|(seen, _)| Rc::ptr_eq(seen, &next)) {
                break;
            }
            chain.push((next, joint));
        }
        let mut text = String::new();
        for (exception, joint) in chain.iter().rev() {
            let tb = exception.traceback.borrow();
            if !tb.is_empty() {
                text.push_str("Traceback (most recent call last):\n");
                for (function, line) in tb.iter().rev() {
                    text.push_str(&place.frame(*line, function));
                }
            }
            text.push_str(&self.exception_line(&PyErr(exception.clone())));
            if !joint.is_empty() {
                text.push_str(&format!("\n\n{joint}\n\n"));
            }
        }
        text
    }
}

const CAUSE: &str = "The above exception was the direct cause of the following exception:";
const CONTEXT: &str = "During handling of the above exception, another exception occurred:";
