//! Python exceptions: the class hierarchy a scenario can see, and exception objects.
//!
//! A Python exception is never a Rust panic: every fallible operation returns
//! [`PyResult`], and the VM unwinds the scenario's frames to the nearest handler.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::sim::value::Value;

pub type PyResult<T> = Result<T, PyErr>;

/// A raised exception travelling up the Rust stack to the VM.
#[derive(Clone)]
pub struct PyErr(pub Rc<Exception>);

pub struct Exception {
    pub kind: ExcKind,
    pub args: Vec<Value>,
    /// Where it passed through, innermost (where it was raised) first: (function
    /// name, line).
    pub traceback: RefCell<Vec<(Rc<str>, u32)>>,
    /// Raised again by a bare `raise` (or at the end of a `finally` or an unmatched
    /// `except`) in the frame that caught it: that frame's entry is already in the
    /// traceback, with the line where it was first raised, as CPython keeps it.
    pub reraised: Cell<bool>,
    /// `raise … from cause`.
    pub cause: RefCell<Option<Rc<Exception>>>,
    /// The exception being handled when this one was raised.
    pub context: RefCell<Option<Rc<Exception>>>,
    /// `raise … from …` (even `from None`): a traceback shows the cause, never the
    /// context.
    pub suppress_context: Cell<bool>,
    /// The name a traceback offers for a misspelt one (`Did you mean: 'value'?`);
    /// not part of `str(e)`.
    pub suggestion: RefCell<Option<Rc<str>>>,
    /// The coroutine objects the frames it unwound held in their locals, in the
    /// order CPython frees them in: the innermost frame's first (a traceback frees
    /// its frames from the inside out), each frame's in the order of its locals.
    /// Its traceback keeps those frames, and so their locals, as long as the
    /// exception lives: a coroutine never awaited that one of them held is
    /// reported when the exception is freed (at the end of the `except` that
    /// caught it, say), not as its frame unwinds.
    pub unwound: RefCell<Vec<Value>>,
}

/// The exception classes, with CPython 3.11's hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExcKind {
    BaseException,
    Exception,
    ArithmeticError,
    ZeroDivisionError,
    OverflowError,
    LookupError,
    KeyError,
    IndexError,
    AssertionError,
    AttributeError,
    NameError,
    UnboundLocalError,
    RuntimeError,
    RecursionError,
    NotImplementedError,
    TypeError,
    ValueError,
    StopIteration,
    /// `TimeoutError`; `asyncio.TimeoutError` is the same class in 3.11.
    TimeoutError,
    OSError,
    /// `asyncio.CancelledError`, a `BaseException` since 3.8.
    CancelledError,
    /// `asyncio.InvalidStateError`.
    InvalidStateError,
    /// `asyncio.QueueEmpty` and `asyncio.QueueFull`.
    QueueEmpty,
    QueueFull,
    KeyboardInterrupt,
    SystemExit,
}

impl ExcKind {
    pub const ALL: [ExcKind; 26] = [
        ExcKind::BaseException,
        ExcKind::Exception,
        ExcKind::ArithmeticError,
        ExcKind::ZeroDivisionError,
        ExcKind::OverflowError,
        ExcKind::LookupError,
        ExcKind::KeyError,
        ExcKind::IndexError,
        ExcKind::AssertionError,
        ExcKind::AttributeError,
        ExcKind::NameError,
        ExcKind::UnboundLocalError,
        ExcKind::RuntimeError,
        ExcKind::RecursionError,
        ExcKind::NotImplementedError,
        ExcKind::TypeError,
        ExcKind::ValueError,
        ExcKind::StopIteration,
        ExcKind::TimeoutError,
        ExcKind::OSError,
        ExcKind::CancelledError,
        ExcKind::InvalidStateError,
        ExcKind::QueueEmpty,
        ExcKind::QueueFull,
        ExcKind::KeyboardInterrupt,
        ExcKind::SystemExit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExcKind::BaseException => "BaseException",
            ExcKind::Exception => "Exception",
            ExcKind::ArithmeticError => "ArithmeticError",
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::LookupError => "LookupError",
            ExcKind::KeyError => "KeyError",
            ExcKind::IndexError => "IndexError",
            ExcKind::AssertionError => "AssertionError",
            ExcKind::AttributeError => "AttributeError",
            ExcKind::NameError => "NameError",
            ExcKind::UnboundLocalError => "UnboundLocalError",
            ExcKind::RuntimeError => "RuntimeError",
            ExcKind::RecursionError => "RecursionError",
            ExcKind::NotImplementedError => "NotImplementedError",
            ExcKind::TypeError => "TypeError",
            ExcKind::ValueError => "ValueError",
            ExcKind::StopIteration => "StopIteration",
            ExcKind::TimeoutError => "TimeoutError",
            ExcKind::OSError => "OSError",
            ExcKind::CancelledError => "CancelledError",
            ExcKind::InvalidStateError => "InvalidStateError",
            ExcKind::QueueEmpty => "QueueEmpty",
            ExcKind::QueueFull => "QueueFull",
            ExcKind::KeyboardInterrupt => "KeyboardInterrupt",
            ExcKind::SystemExit => "SystemExit",
        }
    }

    /// The name CPython prints in a traceback's last line (`asyncio.exceptions.…`
    /// for the asyncio ones).
    pub fn qualified_name(self) -> &'static str {
        match self {
            ExcKind::CancelledError => "asyncio.exceptions.CancelledError",
            ExcKind::InvalidStateError => "asyncio.exceptions.InvalidStateError",
            ExcKind::QueueEmpty => "asyncio.queues.QueueEmpty",
            ExcKind::QueueFull => "asyncio.queues.QueueFull",
            other => other.name(),
        }
    }

    pub fn base(self) -> Option<ExcKind> {
        use ExcKind::*;
        Some(match self {
            BaseException => return None,
            Exception | CancelledError | KeyboardInterrupt | SystemExit => BaseException,
            ZeroDivisionError | OverflowError => ArithmeticError,
            KeyError | IndexError => LookupError,
            UnboundLocalError => NameError,
            RecursionError | NotImplementedError => RuntimeError,
            TimeoutError => OSError,
            _ => Exception,
        })
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass_of(self, other: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(kind) = k {
            if kind == other {
                return true;
            }
            k = kind.base();
        }
        false
    }
}

impl Exception {
    /// Out of line: inlined into each of `PyErr`'s constructors, its stores cost
    /// page weight.
    #[inline(never)]
    pub fn new(kind: ExcKind, args: Vec<Value>) -> Exception {
        Exception {
            kind,
            args,
            traceback: RefCell::new(Vec::new()),
            reraised: Cell::new(false),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
            suggestion: RefCell::new(None),
            unwound: RefCell::new(Vec::new()),
        }
    }

    /// Frees the coroutines kept from the frames it unwound (see `unwound`) now,
    /// as the exception's own end would.
    pub fn free_unwound(&self) {
        // Taken out first: they are dropped with the cell no longer borrowed.
        let unwound = std::mem::take(&mut *self.unwound.borrow_mut());
        drop(unwound);
    }
}

impl PyErr {
    /// The scenario's line that raised it (its traceback's innermost entry), once it
    /// has been raised.
    pub fn raised_at(&self) -> Option<u32> {
        self.0.traceback.borrow().first().map(|(_, line)| *line)
    }

    /// An exception with one string argument, as most built-in errors are raised.
    pub fn new(kind: ExcKind, message: impl AsRef<str>) -> PyErr {
        PyErr(Rc::new(Exception::new(
            kind,
            vec![Value::str(message.as_ref())],
        )))
    }

    /// An exception with no arguments (`raise CancelledError`).
    pub fn bare(kind: ExcKind) -> PyErr {
        PyErr(Rc::new(Exception::new(kind, Vec::new())))
    }

    pub fn with_args(kind: ExcKind, args: Vec<Value>) -> PyErr {
        PyErr(Rc::new(Exception::new(kind, args)))
    }

    pub fn kind(&self) -> ExcKind {
        self.0.kind
    }

    pub fn type_error(message: impl AsRef<str>) -> PyErr {
        PyErr::new(ExcKind::TypeError, message)
    }

    pub fn value_error(message: impl AsRef<str>) -> PyErr {
        PyErr::new(ExcKind::ValueError, message)
    }

    pub fn runtime_error(message: impl AsRef<str>) -> PyErr {
        PyErr::new(ExcKind::RuntimeError, message)
    }
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{:?}", self.0.kind.name(), self.0.args)
    }
}
