//! What a run records: a closed set of events on the virtual clock, plus tables of the
//! tasks, devices and device requests they refer to, the program's output, and totals.
//!
//! The UI draws every frame from a [`Trace`] without running anything again; the CLI
//! prints it as JSON (`awaitscope trace`). The JSON shape is documented in
//! `docs/trace-format.md`; field names are part of that contract.

mod dump;
mod totals;

use serde::{Deserialize, Serialize};

pub use totals::{TaskTotals, Totals};

/// Index into [`Trace::tasks`].
pub type TaskIndex = u32;
/// Index into [`Trace::requests`].
pub type RequestIndex = u32;
/// Index into [`Trace::devices`].
pub type DeviceIndex = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The program as written: awaits yield to the event loop.
    Async,
    /// The blocking baseline: every wait halts the thread (spec section 4).
    Blocking,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub mode: Mode,
    pub events: Vec<Event>,
    pub tasks: Vec<TaskInfo>,
    pub devices: Vec<DeviceInfo>,
    pub requests: Vec<RequestInfo>,
    /// Everything the program printed, each chunk stamped with its virtual time.
    pub output: Vec<OutputChunk>,
    /// What the program wrote to stderr before its end (warnings, failing
    /// callbacks); the uncaught exception's traceback is in `outcome`.
    pub stderr: String,
    /// Warnings as CPython words them on stderr, one per occurrence (stderr shows a
    /// repeated one once), and the loop-blocked reports.
    pub warnings: Vec<Warning>,
    pub outcome: Outcome,
    pub totals: Totals,
}

/// One thing that happened at `t_us`. A large run records hundreds of thousands of
/// them, and each takes the room of the widest variant; so the few that carry text
/// keep it boxed, out of line: an event is 40 bytes on a 64-bit host, not 48.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub t_us: u64,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// One pass of `_run_once`: the callbacks it is about to run, in FIFO order.
    LoopIteration {
        index: u32,
        ready: Vec<ReadyEntry>,
    },
    /// The loop waited in the selector (nothing ready) until the next timer or
    /// device completion; the CPU is idle.
    SelectorWait {
        dur_us: u64,
    },
    TaskCreated {
        task: TaskIndex,
    },
    /// The task's next step was put on the ready queue.
    TaskReady {
        task: TaskIndex,
    },
    /// The task got the CPU and runs from this line.
    TaskRunning {
        task: TaskIndex,
        line: u32,
    },
    /// The task stopped at the `await` on this line, waiting for `on`.
    TaskSuspended {
        task: TaskIndex,
        line: u32,
        on: WaitTarget,
    },
    TaskDone {
        task: TaskIndex,
        end: TaskEnd,
    },
    /// A plain callback (`call_soon`, `call_later`) runs.
    CallbackRunning {
        label: Label,
        line: u32,
    },
    /// CPU work (`cpu()`); the thread is busy and nothing else runs.
    CpuBusy {
        task: Option<TaskIndex>,
        line: u32,
        dur_us: u64,
    },
    /// `time.sleep`: the thread sleeps and nothing else runs.
    Asleep {
        task: Option<TaskIndex>,
        line: u32,
        dur_us: u64,
    },
    /// A blocking read or write: the thread waits in I/O wait.
    IoWait {
        task: Option<TaskIndex>,
        line: u32,
        request: RequestIndex,
        dur_us: u64,
    },
    RequestSubmitted {
        request: RequestIndex,
    },
    /// The request waited in the device's queue and now starts being served.
    RequestStarted {
        request: RequestIndex,
    },
    RequestCompleted {
        request: RequestIndex,
    },
    Print {
        task: Option<TaskIndex>,
        line: u32,
        text: Box<str>,
    },
}

// A new variant or field must not widen every event (see `Event`).
const _: () = assert!(std::mem::size_of::<Event>() <= 40);

/// What a suspended task waits for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitTarget {
    /// `await dev.read()` / `write()`.
    Device { request: RequestIndex },
    /// `asyncio.sleep(t)`: a timer due at `until_us`.
    Timer { until_us: u64 },
    /// `asyncio.sleep(0)`: gives up the CPU for one loop iteration.
    Yield,
    /// Another task (`await task`).
    Task { task: TaskIndex },
    /// A queue, lock, semaphore, event, gather, wait … named by `what`, boxed twice
    /// to be one pointer wide: a wider target would make every [`Event`] wider.
    Sync { what: Box<Box<str>> },
    /// Any other future.
    Future,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TaskEnd {
    /// Returned; `result` is the value's repr.
    Finished {
        result: Box<str>,
    },
    /// Raised; `error` is CPython's last traceback line (`ValueError: boom`).
    Failed {
        error: Box<str>,
    },
    Cancelled,
}

/// A callback's label. Every loop iteration lists the ready queue by label, so a
/// label is shared, not copied; it reads and serializes as a plain string.
pub type Label = std::rc::Rc<str>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadyEntry {
    /// What the callback does: `Task-2 step`, `Task-2 wakeup`, `hello`, …
    pub label: Label,
    pub task: Option<TaskIndex>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskInfo {
    /// `Task-1`, or the name given to `create_task`.
    pub name: String,
    /// The coroutine's function name.
    pub coro: String,
    /// Line of the coroutine's `def`; for a coroutine of asyncio's own
    /// (`create_task(asyncio.sleep(1))`), the line that created the task.
    pub def_line: u32,
    pub created_us: u64,
    /// Created by asyncio itself (`asyncio.run`'s shutdown steps run as tasks, as in
    /// CPython), not by the scenario: the UI leaves it out of the task lanes. A task
    /// the scenario makes of asyncio's coroutine (`asyncio.sleep(1)`) is not internal.
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub name: String,
    pub latency_us: u64,
    /// Bytes per second; `None` means transfer is free.
    pub bandwidth: Option<f64>,
    /// Requests served at once; `None` means unlimited.
    pub parallel: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IoOp {
    Read,
    Write,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestInfo {
    pub device: DeviceIndex,
    pub op: IoOp,
    pub nbytes: i64,
    /// The task that made it, if any.
    pub task: Option<TaskIndex>,
    pub line: u32,
    /// `read_blocking` (or any read in the blocking baseline).
    pub blocking: bool,
    pub submitted_us: u64,
    pub started_us: u64,
    pub completed_us: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputChunk {
    pub t_us: u64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WarningKind {
    /// `RuntimeWarning: coroutine 'f' was never awaited`.
    NeverAwaited,
    /// What CPython's compiler warns about before the program runs:
    /// `SyntaxWarning: "is" with a literal. Did you mean "=="?`.
    SyntaxWarning,
    /// A callback or task step held the loop longer than 100 ms, as asyncio's debug
    /// mode reports (`Executing <Task …> took 0.250 seconds`).
    SlowCallback { dur_us: u64 },
    /// A task's (or future's) exception that nothing ever read (`await`, `result()`,
    /// `exception()`, `gather`): CPython logs `Task exception was never retrieved`
    /// when it frees the task. `t_us` and `line` are when and where it was raised.
    ExceptionNeverRetrieved { task: Option<TaskIndex> },
    /// A `call_soon` / `call_later` callback raised: the loop logged the exception
    /// (`Exception in callback f()`) and went on. `line` is where it was raised.
    CallbackFailed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub t_us: u64,
    pub line: u32,
    #[serde(flatten)]
    pub kind: WarningKind,
    /// The text as printed on stderr.
    pub message: String,
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The program ran to its end.
    Completed,
    /// An uncaught exception ended it.
    Exception {
        /// CPython's last traceback line: `RuntimeError: asyncio.run() cannot …`.
        error: String,
        /// Line where it was raised.
        line: u32,
        /// `Traceback (most recent call last):` … as CPython prints it, without
        /// file names.
        traceback: String,
    },
    /// Every task waits and nothing can wake one.
    Deadlock { message: String, line: u32 },
    /// A limit of spec section 7 stopped the run.
    LimitExceeded { message: String, line: u32 },
}
