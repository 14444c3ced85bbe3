//! The VM: frames, coroutines, calls and the interpreter loop.
//!
//! A task owns a stack of frames; `await` on a coroutine pushes the coroutine's
//! frame onto it, and `await` on a pending future returns [`Exit::Suspended`] to the
//! runtime, which resumes the same stack later with [`Resume::Send`] or
//! [`Resume::Throw`], exactly as `Task.__step` drives `coro.send` / `coro.throw`.

pub(crate) mod attrs;
mod call;
mod exec;
pub mod frame;
mod lane;

pub(crate) use attrs::{module_names, MethodCache};
pub use call::Called;
pub(crate) use call::{missing_error, too_many_positional};
pub(crate) use exec::Flow;
pub use frame::{Coroutine, CoroutineState, Frame, FramePool, Globals, UnawaitedSink};

use crate::sim::exceptions::PyErr;
use crate::sim::value::{FutureId, Value};

/// How a run of frames ended.
pub enum Exit {
    Returned(Value),
    Raised(PyErr),
    /// The innermost frame awaits something that is not ready.
    Suspended(Suspend),
    /// A limit or a deadlock stopped the whole run (`Machine::stop` says which).
    Stopped,
    /// A generator's frame handed out a value (`Op::YieldValue`) and waits, on top
    /// of the frames, to be advanced again.
    Yielded(Value),
}

pub enum Suspend {
    /// `await fut` on a pending future.
    Future(FutureId),
    /// A bare `yield` (`asyncio.sleep(0)`): give up one loop iteration.
    Yield,
}

/// How a suspended frame stack continues.
pub enum Resume {
    Start,
    /// The value of the `await` expression.
    Send(Value),
    /// Raise this at the `await`.
    Throw(PyErr),
}
