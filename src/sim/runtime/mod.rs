//! The asyncio runtime's native core, modelled on CPython 3.11's source: futures and
//! tasks (`Task.__step` / `__wakeup`), the event loop (`BaseEventLoop._run_once`
//! with its ready queue and timer heap) and the simulated devices.
//!
//! Everything above this core (sleep, gather, wait_for, Queue, Lock …) is CPython's
//! own Python, ported into the prelude, so its order of operations is CPython's.

mod device;
pub(crate) mod event_loop;
mod exception_handler;
mod future;
mod handles;
mod task;
mod timers;

use std::collections::VecDeque;
use std::rc::Rc;

use crate::sim::exceptions::PyErr;
use crate::sim::value::{Builtin, FutureId, FutureKind, HandleId, LoopId, Value};
use crate::sim::vm::frame::{Coroutine, Frame};

pub use device::DeviceState;
pub use handles::Handles;
pub use timers::TimerQueue;

/// All asyncio state of one run. Objects live in arenas and are named by ids.
#[derive(Default)]
pub struct Runtime {
    /// The one virtual clock, in microseconds.
    pub now_us: u64,
    /// One sequence shared by every timer and device request: equal deadlines fire
    /// in the order they were scheduled.
    pub seq: u64,
    pub loops: Vec<LoopState>,
    /// The loop inside `run_forever`, if any.
    pub running_loop: Option<LoopId>,
    /// What `set_event_loop` set (`get_event_loop` outside a running loop).
    pub event_loop: Option<LoopId>,
    /// Whether `set_event_loop` was ever called (then `get_event_loop` no longer
    /// creates a loop, as the 3.11 policy behaves).
    pub event_loop_set: bool,
    pub futures: Vec<FutureState>,
    pub handles: Handles,
    pub devices: Vec<DeviceState>,
    /// CPython's global task counter behind `Task-N`.
    pub task_counter: u64,
    pub current_task: Option<FutureId>,
    /// Set by `_device_submit`, taken by the `_call_at_us` that completes it, so the
    /// future can say which request it waits for.
    pub pending_request: Option<u32>,
    /// Every exception set on a future, in order; those still unread when the run
    /// ends are reported as "exception was never retrieved".
    pub exceptions_set: Vec<ExceptionSet>,
}

/// An exception set on a future (a task's coroutine raised, or `set_exception`).
pub struct ExceptionSet {
    pub future: FutureId,
    pub t_us: u64,
    /// The scenario's line that raised it (or called `set_exception`).
    pub line: u32,
}

#[derive(Default)]
pub struct LoopState {
    pub ready: VecDeque<Ready>,
    pub timers: TimerQueue,
    /// The timers that came due in one iteration, reused by the next.
    pub due: Vec<(i64, u64, u32)>,
    pub stopping: bool,
    pub running: bool,
    pub closed: bool,
    /// What the scenario set on it (`loop.label = …`): a loop has a `__dict__`.
    pub attrs: Vec<(Rc<str>, Value)>,
}

/// An entry of a loop's ready queue.
pub enum Ready {
    /// A handle the program holds (`call_soon`, a timer that came due): it can be
    /// cancelled while it waits.
    Handle(HandleId),
    /// asyncio's own entries — task steps and wakeups, done-callbacks, the stop
    /// callback — which no one can reach to cancel, so they need no handle.
    Internal(Callback),
}

/// What a ready-queue entry does when the loop runs it.
pub enum Callback {
    /// `Task.__step(exc)`.
    TaskStep { task: FutureId, exc: Option<PyErr> },
    /// `Task.__wakeup(fut)`: the done-callback of the future the task awaits.
    TaskWakeup { task: FutureId, fut: FutureId },
    /// `futures._set_result_unless_cancelled(fut, result)`: the timer of every
    /// sleep and device request, kept without the general call's box.
    SetResultUnlessCancelled { fut: FutureId, result: Value },
    /// A Python callable with its arguments (`call_soon`, `call_later`, and done
    /// callbacks, which get the future as their argument). Boxed: this is the
    /// largest entry, and a rare one.
    Call(Box<PythonCall>),
    /// `_run_until_complete_cb`: stop the loop once the future is done.
    StopWhenDone { fut: FutureId },
}

pub struct PythonCall {
    pub func: Value,
    pub args: CallArgs,
}

impl Callback {
    /// `func(*args)`, in the small form when it is a timer completing a future.
    pub fn call(func: Value, args: CallArgs) -> Callback {
        // Matched by value, so the parts left behind (a builtin, a future id) are
        // known to need no drop.
        match (func, args) {
            (
                Value::Builtin(Builtin::SetResultUnlessCancelled),
                CallArgs::Few {
                    len: 2,
                    items: [Value::Future(fut), result],
                },
            ) => Callback::SetResultUnlessCancelled { fut, result },
            (func, args) => Callback::Call(Box::new(PythonCall { func, args })),
        }
    }

    /// The callable a plain callback calls (`None` for asyncio's own entries).
    pub fn func(&self) -> Option<Value> {
        match self {
            Callback::Call(call) => Some(call.func.clone()),
            Callback::SetResultUnlessCancelled { .. } => {
                Some(Value::Builtin(Builtin::SetResultUnlessCancelled))
            }
            Callback::TaskStep { .. }
            | Callback::TaskWakeup { .. }
            | Callback::StopWhenDone { .. } => None,
        }
    }
}

/// A callback's arguments. Nearly every callback gets one or two — a done-callback
/// its future, a timer `(future, result)` — which are kept without a heap
/// allocation (the unused place holds `None`).
pub enum CallArgs {
    Few { len: u8, items: [Value; 2] },
    Many(Vec<Value>),
}

impl CallArgs {
    pub fn one(v: Value) -> CallArgs {
        CallArgs::Few {
            len: 1,
            items: [v, Value::None],
        }
    }

    pub fn two(a: Value, b: Value) -> CallArgs {
        CallArgs::Few {
            len: 2,
            items: [a, b],
        }
    }

    pub fn from_vec(args: Vec<Value>) -> CallArgs {
        if args.len() > 2 {
            return CallArgs::Many(args);
        }
        let len = args.len() as u8;
        let mut it = args.into_iter();
        let a = it.next().unwrap_or(Value::None);
        let b = it.next().unwrap_or(Value::None);
        CallArgs::Few { len, items: [a, b] }
    }

    pub fn as_slice(&self) -> &[Value] {
        match self {
            CallArgs::Few { len, items } => &items[..*len as usize],
            CallArgs::Many(all) => all,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutureStatus {
    Pending,
    Finished,
    Cancelled,
}

/// A future or task. Every future a run makes stays in the arena, so what only a
/// few need is kept aside in `rare`.
pub struct FutureState {
    pub loop_id: LoopId,
    pub status: FutureStatus,
    pub cancel_requested: bool,
    /// The result or the exception it finished with (`Result(None)` until then).
    pub settled: Settled,
    /// CPython's `__log_traceback`: an exception was set and neither `result()` nor
    /// `exception()` has read it yet.
    pub log_traceback: bool,
    pub callbacks: DoneCallbacks,
    /// Present when this future is a task.
    pub task: Option<Box<TaskState>>,
    /// What a task awaiting this future waits for, for the trace.
    pub wait_label: WaitLabel,
    pub rare: Option<Box<RareFutureState>>,
}

/// What a future finished with: one of a result and an exception, in the room of
/// the result alone (every future of a run stays in the arena).
pub enum Settled {
    Result(Value),
    Exception(PyErr),
}

const _: () = assert!(std::mem::size_of::<Settled>() == std::mem::size_of::<Value>());

impl Settled {
    /// The exception set on the future, if any.
    pub fn exception(&self) -> Option<&PyErr> {
        match self {
            Settled::Exception(e) => Some(e),
            Settled::Result(_) => None,
        }
    }
}

// Every future of a run stays in the arena: a new field must not widen them all.
const _: () = assert!(std::mem::size_of::<FutureState>() <= 96);

/// The parts of a future that only cancelled and gathering futures use.
pub struct RareFutureState {
    pub cancel_message: Value,
    /// The `CancelledError` a task's coroutine raised, reused by `result()`.
    pub cancelled_exc: Option<PyErr>,
    /// `_GatheringFuture`: cancelling cancels these instead.
    pub gather_children: Option<Vec<FutureId>>,
    /// What the scenario set on it (`task.label = …`): futures and tasks have a
    /// `__dict__`.
    pub attrs: Vec<(Rc<str>, Value)>,
}

impl Default for RareFutureState {
    fn default() -> Self {
        RareFutureState {
            cancel_message: Value::None,
            cancelled_exc: None,
            gather_children: None,
            attrs: Vec::new(),
        }
    }
}

impl FutureState {
    /// The message `cancel(msg)` was given (`None` if none).
    pub fn cancel_message(&self) -> Value {
        self.rare
            .as_ref()
            .map_or(Value::None, |r| r.cancel_message.clone())
    }

    pub fn gather_children(&self) -> Option<&[FutureId]> {
        self.rare
            .as_ref()
            .and_then(|r| r.gather_children.as_deref())
    }

    /// The rare parts, made on first use.
    pub fn rare_mut(&mut self) -> &mut RareFutureState {
        self.rare.get_or_insert_with(Box::default)
    }
}

#[derive(Clone)]
pub enum WaitLabel {
    None,
    Timer(u64),
    Device(u32),
    Sync(Rc<str>),
}

#[derive(Clone)]
pub enum DoneCallback {
    Wakeup(FutureId),
    Python(Value),
    StopWhenDone,
}

/// A future's done-callbacks in the order they were added. Nearly every future gets
/// exactly one — the task that awaits it — which is kept without a heap allocation.
#[derive(Default)]
pub enum DoneCallbacks {
    #[default]
    Empty,
    Wakeup(FutureId),
    Many(Vec<DoneCallback>),
}

impl DoneCallbacks {
    pub fn push(&mut self, cb: DoneCallback) {
        *self = match (std::mem::take(self), cb) {
            (DoneCallbacks::Empty, DoneCallback::Wakeup(task)) => DoneCallbacks::Wakeup(task),
            (DoneCallbacks::Empty, cb) => DoneCallbacks::Many(vec![cb]),
            (DoneCallbacks::Wakeup(task), cb) => {
                DoneCallbacks::Many(vec![DoneCallback::Wakeup(task), cb])
            }
            (DoneCallbacks::Many(mut all), cb) => {
                all.push(cb);
                DoneCallbacks::Many(all)
            }
        };
    }

    pub fn len(&self) -> usize {
        match self {
            DoneCallbacks::Empty => 0,
            DoneCallbacks::Wakeup(_) => 1,
            DoneCallbacks::Many(all) => all.len(),
        }
    }

    /// Whether `run_until_complete` waits for the future (`StopWhenDone`).
    pub fn stop_the_loop(&self) -> bool {
        let DoneCallbacks::Many(all) = self else {
            return false;
        };
        all.iter()
            .any(|cb| matches!(cb, DoneCallback::StopWhenDone))
    }

    /// Keeps the callbacks for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&DoneCallback) -> bool) {
        match self {
            DoneCallbacks::Empty => {}
            DoneCallbacks::Wakeup(task) => {
                if !keep(&DoneCallback::Wakeup(*task)) {
                    *self = DoneCallbacks::Empty;
                }
            }
            DoneCallbacks::Many(all) => all.retain(keep),
        }
    }
}

impl IntoIterator for DoneCallbacks {
    type Item = DoneCallback;
    type IntoIter =
        std::iter::Chain<std::option::IntoIter<DoneCallback>, std::vec::IntoIter<DoneCallback>>;

    fn into_iter(self) -> Self::IntoIter {
        let (one, many) = match self {
            DoneCallbacks::Empty => (None, Vec::new()),
            DoneCallbacks::Wakeup(task) => (Some(DoneCallback::Wakeup(task)), Vec::new()),
            DoneCallbacks::Many(all) => (None, all),
        };
        one.into_iter().chain(many)
    }
}

pub struct TaskState {
    /// The coroutine's frames while it is suspended (innermost last).
    pub frames: Vec<Frame>,
    pub coro: Rc<std::cell::RefCell<Coroutine>>,
    pub name: Rc<str>,
    /// `Task-2 step` and `Task-2 wakeup`: this task's entries in the ready queue.
    pub ready_labels: [Rc<str>; 2],
    pub must_cancel: bool,
    pub fut_waiter: Option<FutureId>,
    pub num_cancels_requested: u32,
    /// Index in the trace's task table.
    pub trace_index: u32,
}

impl TaskState {
    pub fn ready_labels(name: &str) -> [Rc<str>; 2] {
        // Joined by hand: every task makes two, and `format!` costs more than the
        // copying.
        let label = |suffix: &str| {
            let mut label = String::with_capacity(name.len() + suffix.len());
            label.push_str(name);
            label.push_str(suffix);
            Rc::from(label)
        };
        [label(" step"), label(" wakeup")]
    }

    pub fn rename(&mut self, name: Rc<str>) {
        self.ready_labels = TaskState::ready_labels(&name);
        self.name = name;
    }
}

impl Runtime {
    pub fn future(&self, id: FutureId) -> &FutureState {
        &self.futures[id.index()]
    }

    pub fn future_mut(&mut self, id: FutureId) -> &mut FutureState {
        &mut self.futures[id.index()]
    }

    pub fn task(&self, id: FutureId) -> Option<&TaskState> {
        self.futures[id.index()].task.as_deref()
    }

    pub fn task_mut(&mut self, id: FutureId) -> Option<&mut TaskState> {
        self.futures[id.index()].task.as_deref_mut()
    }

    pub fn is_task(&self, id: FutureId) -> bool {
        self.future(id).task.is_some()
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn loop_mut(&mut self, id: LoopId) -> &mut LoopState {
        &mut self.loops[id.index()]
    }

    /// A new event loop: the helper module's when the scenario imports it.
    pub fn new_loop(&mut self, helper: bool) -> LoopId {
        self.loops.push(LoopState::default());
        LoopId::new(self.loops.len() - 1, helper)
    }

    pub fn new_future(&mut self, loop_id: LoopId, kind: FutureKind) -> FutureId {
        self.futures.push(FutureState {
            loop_id,
            status: FutureStatus::Pending,
            settled: Settled::Result(Value::None),
            log_traceback: false,
            cancel_requested: false,
            callbacks: DoneCallbacks::Empty,
            task: None,
            wait_label: WaitLabel::None,
            rare: None,
        });
        FutureId::new(self.futures.len() - 1, kind)
    }

    /// `loop.call_soon` by the program: appends to the ready queue, and returns the
    /// handle it can cancel.
    pub fn call_soon(&mut self, loop_id: LoopId, callback: Callback) -> HandleId {
        let id = self.handles.push(callback, None);
        self.loop_mut(loop_id).ready.push_back(Ready::Handle(id));
        id
    }

    /// `loop.call_soon` by asyncio itself, whose handle no one keeps.
    pub fn call_soon_internal(&mut self, loop_id: LoopId, callback: Callback) {
        self.loop_mut(loop_id)
            .ready
            .push_back(Ready::Internal(callback));
    }

    /// `loop.call_at` in exact microseconds (negative: `call_later` with a negative
    /// delay early in the run, whose timer comes before every later one).
    pub fn call_at_us(
        &mut self,
        loop_id: LoopId,
        deadline_us: i64,
        callback: Callback,
    ) -> HandleId {
        let id = self.handles.push(callback, Some((deadline_us, loop_id)));
        let seq = self.next_seq();
        self.loop_mut(loop_id)
            .timers
            .push(deadline_us, seq, id.index() as u32);
        id
    }
}

/// Python's `round(seconds * 1_000_000)`, as the spec converts every duration.
/// Negative durations become negative microseconds.
pub fn seconds_to_us(seconds: f64) -> Option<i64> {
    let product = seconds * 1_000_000.0;
    if !product.is_finite() || product.abs() > 9.0e18 {
        return None;
    }
    // Ties to even, on the float product, as Python's round().
    let floor = product.floor();
    let diff = product - floor;
    let round_up = diff > 0.5 || (diff == 0.5 && (floor as i64) % 2 != 0);
    let rounded = if round_up { floor + 1.0 } else { floor };
    Some(rounded as i64)
}
