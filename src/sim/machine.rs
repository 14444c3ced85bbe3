//! The machine that runs one scenario in one mode: the VM, the asyncio runtime,
//! the limits, and the trace being recorded.

use std::cell::RefCell;
use std::rc::Rc;

use super::exceptions::{ExcKind, PyErr, PyResult};
use super::object::{self, Interp};
use super::recorder::{Recorder, RequestStep};
use super::runtime::{
    Callback, DoneCallback, DoneCallbacks, FutureStatus, Runtime, Settled, TaskState, WaitLabel,
};
use super::traceback::Place;
use super::value::{ClassObj, FutureId, FutureKind, Instance, Value};
use super::vm::{CoroutineState, Exit, Frame, FramePool, Globals, Resume, UnawaitedSink};
use crate::compile::Program;
use crate::trace::{
    EventKind, Mode, Outcome, RequestIndex, TaskEnd, TaskInfo, Trace, WaitTarget, Warning,
    WarningKind,
};

/// Stands for the scenario's file name in `Trace::stderr`; the CLI puts the real
/// name in its place, as CPython prints `prog.py:5: RuntimeWarning: …`.
pub const SCENARIO: &str = "<scenario>";

/// The limits of spec section 7: a run that passes one stops with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_steps: u64,
    pub max_tasks: u64,
    pub max_events: u64,
    pub max_virtual_us: u64,
    pub max_depth: u32,
    /// Bytes the run may hold (values, frames, the trace so far): past it the run
    /// stops rather than fail an allocation, which would abort the process or the
    /// page (`sim::memory`).
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 10_000_000,
            max_tasks: 100_000,
            max_events: 1_000_000,
            max_virtual_us: 86_400 * 1_000_000,
            max_depth: 200,
            max_memory_bytes: 512 << 20,
        }
    }
}

/// Why a run stopped before its end.
pub enum Stop {
    Limit { message: String, line: u32 },
    Deadlock { message: String, line: u32 },
}

pub struct Machine {
    pub(crate) rt: Runtime,
    pub(crate) rec: Recorder,
    pub(crate) limits: Limits,
    pub(crate) mode: Mode,
    pub(crate) steps: u64,
    /// Steps counted when the current task step began (to tell a blocked loop).
    pub(crate) step_started_at: u64,
    pub(crate) stop: Option<Stop>,
    /// The scenario imports the helper module, whose policy makes its loops
    /// `VirtualTimeLoop`s; without it CPython's are `_UnixSelectorEventLoop`s (the
    /// simulator's run on the virtual clock all the same).
    pub(crate) helper_imported: bool,
    /// The futures whose repr is being written, innermost last (`repr_future`).
    repr_running: RefCell<Vec<FutureId>>,
    pub(crate) prelude: Rc<Globals>,
    pub(crate) unawaited: UnawaitedSink,
    /// The never-awaited warnings already on stderr, by place. CPython's warnings
    /// filter shows a warning once per text and place, so a loop that drops a
    /// coroutine on every turn warns once.
    warned: Vec<(FreedAt, String)>,
    /// Line of the op being run, for natives (prints, device requests).
    pub(crate) line: u32,
    /// The line where the last run of frames returned from its own frame (a
    /// task's coroutine, a callback): what that freed is placed there in the trace
    /// (`FreedAt::LoopCallback`).
    pub(crate) returned_line: u32,
    /// Frames of nested runs (callbacks, `key=` functions) below the current one.
    pub(crate) nested_depth: u32,
    /// `id(x)` numbers, handed out in the order objects are first asked about, so
    /// they do not depend on memory addresses (the trace stays byte-identical).
    pub(crate) ids: RefCell<crate::sim::value::FastMap<usize, u64>>,
    /// Buffers of finished frames, for new ones.
    pub(crate) pool: FramePool,
    /// Labels of builtins used as callbacks, shared by the events that name them.
    pub(crate) builtin_labels: RefCell<Vec<(super::value::Builtin, Rc<str>)>>,
    /// The label of `_set_result_unless_cancelled`, the timer of every sleep and
    /// device request, which its ready entry and its callback event both name.
    pub(crate) set_result_label: Rc<str>,
    /// `Device._request`'s prologue, run natively (see `sim::intrinsics`).
    pub(crate) device_request: Option<super::intrinsics::DeviceRequest>,
    /// `gather`'s `_done_callback`, its common path run natively.
    pub(crate) gather_done: Option<super::intrinsics::GatherDone>,
    /// Whether prelude code may be run natively (tests turn it off to compare).
    pub(crate) intrinsics: bool,
    /// Where method calls found their methods (see `vm::MethodCache`).
    pub(crate) method_cache: super::vm::MethodCache,
    /// The thread's live bytes (`sim::memory`) past which the run holds more than
    /// its memory limit.
    pub(crate) memory_ceiling: isize,
    /// The class of what a generator expression that awaits makes.
    async_generator_class: Rc<ClassObj>,
}

impl Machine {
    /// A machine before anything ran: `prelude` is the globals the prelude's code sees.
    fn new(limits: Limits, mode: Mode, prelude: Rc<Globals>, intrinsics: bool) -> Machine {
        Machine {
            rt: Runtime::default(),
            rec: Recorder::default(),
            mode,
            steps: 0,
            step_started_at: 0,
            stop: None,
            helper_imported: false,
            repr_running: RefCell::new(Vec::new()),
            prelude,
            unawaited: Rc::new(RefCell::new(Vec::new())),
            warned: Vec::new(),
            returned_line: 0,
            line: 0,
            nested_depth: 0,
            ids: RefCell::new(Default::default()),
            pool: FramePool::default(),
            builtin_labels: RefCell::new(Vec::new()),
            set_result_label: Rc::from(super::object::builtin_name(
                super::value::Builtin::SetResultUnlessCancelled,
            )),
            device_request: None,
            gather_done: None,
            intrinsics,
            method_cache: Default::default(),
            memory_ceiling: super::memory::live_bytes()
                .saturating_add(isize::try_from(limits.max_memory_bytes).unwrap_or(isize::MAX)),
            limits,
            async_generator_class: Rc::new(ClassObj {
                name: Rc::from("async_generator"),
                module: Rc::from("builtins"),
                base: None,
                methods: Default::default(),
            }),
        }
    }

    /// `async_generator(iterator, qualname)`: a generator expression that awaits is
    /// an asynchronous generator, which only `async for` (not in the subset) can
    /// run. So its body never runs: making it takes the first iterable's iterator,
    /// as CPython does, and what it makes is an object every consumer refuses
    /// (`'async_generator' object is not iterable`).
    pub(crate) fn async_generator(&mut self, args: &[Value]) -> Value {
        let mut attrs = super::value::FastMap::default();
        attrs.insert(Rc::from("__name__"), Value::str("<genexpr>"));
        let qualname = args.get(1).cloned().unwrap_or(Value::None);
        attrs.insert(Rc::from("__qualname__"), qualname);
        Value::Instance(Rc::new(Instance {
            class: self.async_generator_class.clone(),
            attrs: RefCell::new(attrs),
            shadows_method: std::cell::Cell::new(false),
        }))
    }
}

/// Runs a compiled scenario in one mode and returns everything it recorded.
pub fn simulate(program: &Program, mode: Mode, limits: &Limits) -> Trace {
    simulate_with(program, mode, limits, true)
}

/// [`simulate`], with or without the prelude code run natively
/// (`sim::intrinsics`): both give the same trace.
pub(crate) fn simulate_with(
    program: &Program,
    mode: Mode,
    limits: &Limits,
    intrinsics: bool,
) -> Trace {
    super::memory::keep_freed_memory();
    let prelude = Rc::new(Globals::new(Vec::new(), true));
    let mut machine = Machine::new(limits.clone(), mode, prelude, intrinsics);
    let outcome = machine.run_program(program);
    // A program that ended frees what it still holds, and CPython reports it. One
    // stopped at a limit or a deadlock did not end: what it holds is not its mistake
    // (100,000 coroutines handed to gather when the task limit stopped it), and
    // CPython's helper module leaves a deadlock without freeing anything.
    let ended = matches!(outcome, Outcome::Completed | Outcome::Exception { .. });
    if ended {
        machine.report_unretrieved_exceptions();
        machine.drain_unawaited(0);
    } else {
        // Nor are the coroutines in the frames the stop unwound.
        machine.unawaited.borrow_mut().clear();
    }
    let now = machine.rt.now_us;
    let mut rec = std::mem::take(&mut machine.rec);
    rec.flush(now);
    // Drop everything that could still hold a coroutine before finishing, so the
    // recorder is complete; unawaited coroutines dropped here are reported too.
    let Machine {
        rt,
        unawaited,
        mut warned,
        ..
    } = machine;
    drop(rt);
    for name in unawaited.borrow_mut().drain(..) {
        // Freed as the interpreter exits, where CPython says `sys:1`.
        if ended {
            report_never_awaited(&mut rec, &mut warned, &name, FreedAt::Exit, now);
        }
    }
    let mut trace = rec.finish(mode, now, outcome);
    crate::sort::sort_by_key(&mut trace.warnings, |w| (w.t_us, 0));
    trace
}

/// The prelude's globals as a run sees them once the prelude is loaded.
#[cfg(test)]
pub(crate) fn loaded_prelude() -> Rc<Globals> {
    let program = super::prelude::program();
    let globals = Rc::new(Globals::new(program.global_names.clone(), true));
    let mut machine = Machine::new(Limits::default(), Mode::Async, globals.clone(), false);
    let frame = Frame::new(program.code.clone(), globals.clone());
    assert!(
        machine.run_to_completion(frame).is_ok(),
        "the prelude loads"
    );
    globals
}

/// Where CPython's warnings module places a coroutine found never awaited: the
/// innermost Python frame running when it was freed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum FreedAt {
    /// A line of the scenario.
    Line(u32),
    /// asyncio's `Handle._run`, `events.py` line 80, where a task's step (C) and a
    /// plain callback are called: a task's coroutine or a callback returned and
    /// its frame's locals were freed, or the callback's result was dropped. The
    /// trace keeps `line`, where that frame returned, for the student.
    LoopCallback { line: u32 },
    /// The interpreter's exit (`sys:1`).
    Exit,
}

/// Reports a coroutine that was never awaited: in the trace every time (at the
/// scenario's line, or 0 elsewhere), on stderr as CPython words it at its place,
/// with no allocation traceback to offer at exit. Python's default warning
/// filter shows a warning once per text and place (the module's
/// `__warningregistry__`), so a loop that drops a coroutine on every turn warns
/// once, and so do tasks that each return leaving one.
fn report_never_awaited(
    rec: &mut Recorder,
    warned: &mut Vec<(FreedAt, String)>,
    name: &str,
    at: FreedAt,
    t_us: u64,
) {
    let (line, place) = match at {
        FreedAt::Line(line) => (line, at),
        // One place, wherever the frames returned.
        FreedAt::LoopCallback { line } => (line, FreedAt::LoopCallback { line: 0 }),
        FreedAt::Exit => (0, at),
    };
    let warning = never_awaited(name, line, t_us);
    let place = (place, warning.message.clone());
    if super::RECORD_STDERR && !warned.contains(&place) {
        const TRACEMALLOC: &str =
            "RuntimeWarning: Enable tracemalloc to get the object allocation traceback";
        let text = match at {
            FreedAt::Line(line) => format!("{SCENARIO}:{line}: {}\n{TRACEMALLOC}\n", warning.message),
            // The path is the installation's (`…/lib/python3.11/asyncio/events.py`).
            FreedAt::LoopCallback { .. } => format!(
                "asyncio/events.py:80: {}\n  self._context.run(self._callback, *self._args)\n{TRACEMALLOC}\n",
                warning.message
            ),
            FreedAt::Exit => format!("sys:1: {}\n", warning.message),
        };
        rec.stderr.push_str(&text);
        warned.push(place);
    }
    rec.warnings.push(warning);
}

fn never_awaited(name: &str, line: u32, t_us: u64) -> Warning {
    Warning {
        t_us,
        line,
        kind: WarningKind::NeverAwaited,
        message: format!("RuntimeWarning: coroutine '{name}' was never awaited"),
    }
}

impl Machine {
    /// A warning CPython's compiler gave for the scenario, before anything ran: on
    /// stderr as CPython words it, and in the trace. Each comparison warns, even
    /// two on one line (the compiler passes no registry to the warnings module).
    fn report_syntax_warning(&mut self, line: u32, message: &str) {
        if super::RECORD_STDERR {
            self.rec
                .stderr
                .push_str(&format!("{SCENARIO}:{line}: {message}\n"));
        }
        self.rec.warnings.push(Warning {
            t_us: 0,
            line,
            kind: WarningKind::SyntaxWarning,
            message: message.to_string(),
        });
    }

    fn run_program(&mut self, program: &Program) -> Outcome {
        self.helper_imported = program.imports_helper;
        for &(line, message) in &program.syntax_warnings {
            self.report_syntax_warning(line, message);
        }
        if let Err(outcome) = self.load_prelude() {
            return outcome;
        }
        let globals = Rc::new(Globals::new(program.global_names.clone(), false));
        let mut frames = vec![Frame::new(program.code.clone(), globals.clone())];
        let exit = self.run_frames(&mut frames, 0, Resume::Start);
        drop(frames);
        let outcome = match exit {
            Exit::Returned(_) => Outcome::Completed,
            Exit::Raised(e) => self.uncaught(&e),
            Exit::Suspended(_) | Exit::Yielded(_) => Outcome::Completed,
            Exit::Stopped => return self.stop_outcome(),
        };
        self.clear_module(&globals);
        outcome
    }

    /// Frees the module's globals as CPython does when it exits (its functions refer
    /// to them, so they would otherwise live on): names that start with `_` first,
    /// then the others. A coroutine a global still held is reported as CPython
    /// reports it then, at `sys:1`.
    fn clear_module(&mut self, globals: &Globals) {
        let mut values = std::mem::take(&mut *globals.values.borrow_mut());
        for private in [true, false] {
            for (name, value) in globals.names.iter().zip(values.iter_mut()) {
                if name.starts_with('_') == private {
                    drop(value.take());
                }
            }
        }
        self.report_unawaited(FreedAt::Exit);
    }

    fn load_prelude(&mut self) -> Result<(), Outcome> {
        let program = super::prelude::program();
        let globals = Rc::new(Globals::new(program.global_names.clone(), true));
        self.prelude = globals.clone();
        let frame = Frame::new(program.code.clone(), globals);
        match self.run_to_completion(frame) {
            Ok(_) => {
                if self.intrinsics {
                    self.device_request =
                        super::intrinsics::DeviceRequest::recognise(&self.prelude);
                    self.gather_done = super::intrinsics::GatherDone::recognise(&self.prelude);
                }
                Ok(())
            }
            Err(e) => Err(Outcome::Exception {
                error: format!(
                    "internal error in the asyncio prelude: {}",
                    self.exception_line(&e)
                ),
                line: 0,
                traceback: String::new(),
            }),
        }
    }

    fn uncaught(&mut self, e: &PyErr) -> Outcome {
        let error = self.exception_line(e);
        let traceback = self.traceback_text(e, Place::Line);
        let line = e.raised_at().unwrap_or(0);
        Outcome::Exception {
            error,
            line,
            traceback,
        }
    }

    /// CPython's last traceback line: `ValueError: boom`, or just the class name.
    pub(crate) fn exception_line(&self, e: &PyErr) -> String {
        let text = object::to_str(&Value::Exception(e.0.clone()), self);
        let mut line = if text.is_empty() {
            e.kind().qualified_name().to_string()
        } else {
            format!("{}: {text}", e.kind().qualified_name())
        };
        if let Some(name) = &*e.0.suggestion.borrow() {
            line.push_str(&format!(". Did you mean: '{name}'?"));
        }
        line
    }

    // ---- stopping ----

    pub(crate) fn stop_limit(&mut self, message: String, line: u32) {
        if self.stop.is_none() {
            self.stop = Some(Stop::Limit { message, line });
        }
    }

    /// Sets a limit stop and returns the error that unwinds to it.
    pub(crate) fn stop_limit_err(&mut self, message: String) -> PyErr {
        let line = self.line;
        self.stop_limit(message, line);
        self.stop_error()
    }

    /// The error natives return once the run is stopping; no handler can catch it
    /// because the unwinder checks `stop` first.
    pub(crate) fn stop_error(&self) -> PyErr {
        PyErr::new(ExcKind::SystemExit, "stopped")
    }

    pub(crate) fn stop_for_steps(&mut self, line: u32) {
        let in_one_step = self.steps - self.step_started_at;
        let message = match self.rt.current_task {
            Some(task) if in_one_step * 2 > self.limits.max_steps => format!(
                "the event loop is blocked: task {} at line {line} never awaits",
                self.task_name(task)
            ),
            _ => format!(
                "stopped after {} interpreter steps (limit): the program runs too long; the last line run was {line}",
                self.limits.max_steps
            ),
        };
        self.stop_limit(message, line);
    }

    /// Whether the run holds more memory than its limit allows.
    #[inline(always)]
    pub(crate) fn over_memory(&self) -> bool {
        super::memory::live_bytes() > self.memory_ceiling
    }

    pub(crate) fn stop_for_memory(&mut self, line: u32) {
        let message = format!(
            "stopped: the program holds more than {} MB of memory (limit); the last line run was {line}",
            self.limits.max_memory_bytes >> 20
        );
        self.stop_limit(message, line);
    }

    fn stop_outcome(&mut self) -> Outcome {
        match self.stop.take() {
            Some(Stop::Limit { message, line }) => Outcome::LimitExceeded { message, line },
            Some(Stop::Deadlock { message, line }) => Outcome::Deadlock { message, line },
            None => Outcome::Completed,
        }
    }

    /// Nothing is ready, no timer is pending: every task waits on something no one
    /// will ever complete, or no task is left and nothing stops the loop. CPython
    /// would hang here. Worded as the helper module words it.
    pub(crate) fn deadlock(&mut self) {
        let mut message = String::new();
        let mut first_line = 0;
        for i in 0..self.rt.futures.len() {
            let id = FutureId::new(i, FutureKind::Task);
            let f = self.rt.future(id);
            let Some(task) = f.task.as_deref() else {
                continue;
            };
            if f.status != FutureStatus::Pending {
                continue;
            }
            let line = self.task_line(id, &task.frames);
            if first_line == 0 {
                first_line = line;
            }
            let on = match task.fut_waiter {
                Some(w) => self.wait_description(w),
                None => "nothing".to_string(),
            };
            message.push_str(&format!("\n  {} waits at line {line} on {on}", task.name));
        }
        let headline = if message.is_empty() {
            "deadlock: the loop has no callback ready, no timer pending and no task left, and nothing called loop.stop()"
        } else {
            "deadlock: every task is waiting and nothing can wake one"
        };
        message.insert_str(0, headline);
        if self.stop.is_none() {
            self.stop = Some(Stop::Deadlock {
                message,
                line: first_line,
            });
        }
    }

    fn wait_description(&self, fut: FutureId) -> String {
        if let Some(t) = self.rt.task(fut) {
            return format!("task {}", t.name);
        }
        match &self.rt.future(fut).wait_label {
            WaitLabel::Sync(what) => what.to_string(),
            WaitLabel::Timer(_) => "a timer".into(),
            WaitLabel::Device(_) => "a device request".into(),
            WaitLabel::None => "a future".into(),
        }
    }

    // ---- the clock and the trace ----

    /// Moves the clock forward; past the virtual-time limit the run stops.
    pub(crate) fn advance_clock(&mut self, to_us: u64) {
        if to_us > self.limits.max_virtual_us {
            self.rt.now_us = self.limits.max_virtual_us;
            let line = self.line;
            self.stop_limit(
                format!(
                    "stopped: virtual time passed the limit of {} s",
                    self.limits.max_virtual_us / 1_000_000
                ),
                line,
            );
            return;
        }
        self.rt.now_us = self.rt.now_us.max(to_us);
    }

    /// Records the event `make` makes, happening now. Natively it is made in its
    /// slot of the trace (`Recorder::push_with`): an event made before and passed
    /// in is stored aside in pieces of 4 and 8 bytes and copied in by 16, a load
    /// the store buffer cannot serve (about 1% of the benchmark's samples at each
    /// of six sites; making them in place took 3-4% off its time). The browser's
    /// build shares one `record`, for page weight.
    #[inline(always)]
    pub(crate) fn emit_with(&mut self, make: impl FnOnce() -> EventKind) {
        if cfg!(target_arch = "wasm32") {
            self.record(make());
        } else {
            let now = self.rt.now_us;
            self.rec.push_with(now, make);
            self.check_events();
        }
    }

    /// Records `kind`, happening now (the browser's `emit_with`).
    fn record(&mut self, kind: EventKind) {
        let now = self.rt.now_us;
        self.rec.push(now, kind);
        self.check_events();
    }

    /// Records a request's start or completion, known when it is submitted, for
    /// when the clock reaches `t_us`.
    pub(crate) fn emit_at(&mut self, t_us: u64, step: RequestStep, request: RequestIndex) {
        self.rec.push_later(t_us, step, request);
        self.check_events();
    }

    #[inline(always)]
    fn check_events(&mut self) {
        if self.rec.len() as u64 > self.limits.max_events {
            self.stop_for_events();
        }
    }

    #[cold]
    fn stop_for_events(&mut self) {
        let message = format!(
            "stopped: the trace passed {} events (limit)",
            self.limits.max_events
        );
        self.stop_limit(message, self.line);
    }

    pub(crate) fn record_task_created(
        &mut self,
        name: &str,
        coro: &str,
        def_line: u32,
        internal: bool,
    ) -> u32 {
        let index = self.rec.tasks.len() as u32;
        self.rec.tasks.push(TaskInfo {
            name: name.to_string(),
            coro: coro.to_string(),
            def_line,
            created_us: self.rt.now_us,
            internal,
        });
        self.emit_with(|| EventKind::TaskCreated { task: index });
        index
    }

    pub(crate) fn record_task_ready(&mut self, task: FutureId) {
        let index = self.task_index(task);
        self.emit_with(|| EventKind::TaskReady { task: index });
    }

    pub(crate) fn record_task_suspended(
        &mut self,
        task: FutureId,
        line: u32,
        on: Option<FutureId>,
    ) {
        let index = self.task_index(task);
        let on = match on {
            None => WaitTarget::Yield,
            Some(f) => match self.rt.task(f) {
                Some(t) => WaitTarget::Task {
                    task: t.trace_index,
                },
                None => match &self.rt.future(f).wait_label {
                    WaitLabel::Timer(until_us) => WaitTarget::Timer {
                        until_us: *until_us,
                    },
                    WaitLabel::Device(request) => WaitTarget::Device { request: *request },
                    WaitLabel::Sync(what) => WaitTarget::Sync {
                        what: Box::new(Box::from(&**what)),
                    },
                    WaitLabel::None => WaitTarget::Future,
                },
            },
        };
        self.emit_with(|| EventKind::TaskSuspended {
            task: index,
            line,
            on,
        });
    }

    pub(crate) fn record_task_done(&mut self, task: FutureId) {
        let index = self.task_index(task);
        let f = self.rt.future(task);
        let end = match f.status {
            FutureStatus::Cancelled => TaskEnd::Cancelled,
            _ => match &f.settled {
                Settled::Exception(e) => TaskEnd::Failed {
                    error: self.exception_line(e).into(),
                },
                Settled::Result(result) => TaskEnd::Finished {
                    result: object::repr(result, self).into(),
                },
            },
        };
        self.emit_with(|| EventKind::TaskDone { task: index, end });
    }

    /// Reports coroutines that were dropped without ever running.
    pub(crate) fn drain_unawaited(&mut self, line: u32) {
        self.report_unawaited(FreedAt::Line(line));
    }

    /// Reports the coroutines a task's step or a callback freed as it returned, in
    /// asyncio's `Handle._run`, which called it.
    pub(crate) fn report_freed_in_handle_run(&mut self) {
        if self.has_unawaited() {
            let line = self.returned_line;
            self.report_unawaited(FreedAt::LoopCallback { line });
        }
    }

    /// Reports the coroutines dropped without ever running since the last report,
    /// as freed `at` that place.
    fn report_unawaited(&mut self, at: FreedAt) {
        let names: Vec<Rc<str>> = match self.unawaited.try_borrow_mut() {
            Ok(mut sink) if !sink.is_empty() => sink.drain(..).collect(),
            _ => return,
        };
        for name in names {
            report_never_awaited(&mut self.rec, &mut self.warned, &name, at, self.rt.now_us);
        }
    }

    /// Reports a ready entry that held the loop too long: a task's step or wakeup
    /// (`task`), else the callback `ran` (as asyncio's debug mode names them). Its
    /// line is where the longest blocking call of the step was made (`cpu`, a
    /// blocking read, `time.sleep`: the events from `first_event` on), which is
    /// what to fix; without one, the step's last line.
    pub(crate) fn warn_slow_callback(
        &mut self,
        ran: &Value,
        task: Option<FutureId>,
        at_us: u64,
        took_us: u64,
        first_event: usize,
    ) {
        let what = match task {
            Some(task) => format!("<Task name='{}'>", self.task_name(task)),
            None => format!("callback {}", self.callable_label(ran)),
        };
        // The first of the longest, else the step's last line.
        let (mut longest_us, mut line) = (None, self.line);
        for e in &self.rec.events[first_event..] {
            if let EventKind::CpuBusy {
                line: at, dur_us, ..
            }
            | EventKind::Asleep {
                line: at, dur_us, ..
            }
            | EventKind::IoWait {
                line: at, dur_us, ..
            } = e.kind
            {
                if longest_us.is_none_or(|longest| dur_us > longest) {
                    (longest_us, line) = (Some(dur_us), at);
                }
            }
        }
        self.rec.warnings.push(Warning {
            t_us: at_us,
            line,
            kind: WarningKind::SlowCallback { dur_us: took_us },
            message: format!(
                "Executing {what} took {:.3} seconds: the event loop was blocked and nothing else could run",
                took_us as f64 / 1e6
            ),
        });
    }

    /// `repr(future)` as `base_futures` and `base_tasks` write it: state, the task's
    /// name, its coroutine and where it stands, what it waits for, the result
    /// (abbreviated by `reprlib`) or exception, and the done-callbacks.
    /// A future's or a task's repr. As `reprlib.recursive_repr`, which wraps
    /// asyncio's `_future_repr` and `_task_repr`, writes it, one met again inside
    /// its own repr is `...`: a task whose result is the task itself, a future whose
    /// result holds it, two tasks that wait for each other.
    pub(crate) fn repr_future(&self, id: FutureId) -> String {
        if self.repr_running.borrow().contains(&id) {
            return "...".to_string();
        }
        self.repr_running.borrow_mut().push(id);
        let s = self.repr_future_unguarded(id);
        self.repr_running.borrow_mut().pop();
        s
    }

    fn repr_future_unguarded(&self, id: FutureId) -> String {
        let f = self.rt.future(id);
        let state = match f.status {
            // `task.cancelling() and not task.done()`, as base_tasks.py says.
            FutureStatus::Pending
                if f.task.as_ref().is_some_and(|t| t.num_cancels_requested > 0) =>
            {
                "cancelling"
            }
            FutureStatus::Pending => "pending",
            FutureStatus::Cancelled => "cancelled",
            FutureStatus::Finished => "finished",
        };
        let mut s = String::from("<");
        s.push_str(id.class_name());
        s.push(' ');
        s.push_str(state);
        if let Some(t) = f.task.as_deref() {
            s.push_str(" name='");
            s.push_str(&t.name);
            s.push_str("' coro=<");
            self.push_coroutine_place(&mut s, f.status == FutureStatus::Pending, t);
            if let Some(waiter) = t.fut_waiter {
                s.push_str(" wait_for=");
                s.push_str(&self.repr_future(waiter));
            }
        }
        match (&f.status, &f.settled) {
            (FutureStatus::Finished, Settled::Exception(e)) => {
                s.push_str(" exception=");
                s.push_str(&object::repr(&Value::Exception(e.0.clone()), self));
            }
            (FutureStatus::Finished, Settled::Result(result)) => {
                s.push_str(" result=");
                s.push_str(&object::short_repr(result, self));
            }
            _ => {}
        }
        let callbacks = match &f.callbacks {
            DoneCallbacks::Empty => &[][..],
            DoneCallbacks::Wakeup(task) => &[DoneCallback::Wakeup(*task)][..],
            DoneCallbacks::Many(all) => all.as_slice(),
        };
        // `_format_callbacks`: the first and the last of more than two.
        if let (Some(first), Some(last)) = (callbacks.first(), callbacks.last()) {
            s.push_str(" cb=[");
            self.push_callback_source(&mut s, first);
            match callbacks.len() {
                1 => {}
                2 => s.push_str(", "),
                more => s.push_str(&format!(", <{} more>, ", more - 2)),
            }
            if callbacks.len() > 1 {
                self.push_callback_source(&mut s, last);
            }
            s.push(']');
        }
        s.push('>');
        s
    }

    /// `_format_coroutine`: `f() running at FILE:7>` while the coroutine has a frame
    /// (the line it stands at; its `def` before it starts), `f() done, defined at
    /// FILE:3>` after. asyncio's own coroutines have no place in the scenario.
    fn push_coroutine_place(&self, s: &mut String, running: bool, t: &TaskState) {
        let coro = t.coro.borrow();
        s.push_str(&coro.qualname);
        s.push_str(if running { "() running" } else { "() done" });
        if !coro.of_prelude {
            let line = match (&coro.state, t.frames.first()) {
                _ if !running => coro.def_line,
                (CoroutineState::Created(_), _) => coro.def_line,
                (_, Some(frame)) => frame.line(),
                // Its frames are out of the task while it runs: it is the task that
                // asks, at the line running now.
                (_, None) => self.line,
            };
            s.push_str(if running { " at " } else { ", defined at " });
            s.push_str(&Place::File.source(line));
        }
        s.push('>');
    }

    /// `_format_callback_source`: a done-callback as a future's repr lists it, by
    /// qualified name, with the scenario's line of a function defined there.
    fn push_callback_source(&self, s: &mut String, cb: &DoneCallback) {
        let func = match cb {
            DoneCallback::Wakeup(_) => return s.push_str("Task.task_wakeup()"),
            DoneCallback::StopWhenDone => return s.push_str("_run_until_complete_cb()"),
            DoneCallback::Python(func) => func,
        };
        match func {
            Value::Function(f) => s.push_str(&f.code.qualname),
            other => s.push_str(&self.callable_label(other)),
        }
        s.push_str("()");
        let line = self.callable_line(func);
        if line > 0 {
            s.push_str(" at ");
            s.push_str(&Place::File.source(line));
        }
    }
}

impl Interp for Machine {
    fn object_id(&self, v: &Value) -> u64 {
        let Some(address) = v.identity() else {
            return 0;
        };
        let mut ids = self.ids.borrow_mut();
        let next = 0x7f00_0000_1000 + 16 * ids.len() as u64;
        *ids.entry(address).or_insert(next)
    }

    fn call(&mut self, callable: &Value, args: Vec<Value>) -> Result<Value, PyErr> {
        self.call_sync(callable, args)
    }

    fn resume(&mut self, frame: Frame) -> PyResult<Option<(Value, Frame)>> {
        self.resume_generator(frame)
    }

    fn repr_object(&self, v: &Value) -> String {
        match v {
            Value::Future(id) => self.repr_future(*id),
            Value::Loop(id) => {
                let l = &self.rt.loops[id.index()];
                format!(
                    "<{} running={} closed={} debug=False>",
                    v.type_name(),
                    if l.running { "True" } else { "False" },
                    if l.closed { "True" } else { "False" }
                )
            }
            // `Handle._repr_info`: cancelling drops the callback.
            Value::Handle(h) => {
                let handle = &self.rt.handles[h.index()];
                let mut s = String::from(match handle.deadline_us {
                    Some(_) => "<TimerHandle",
                    None => "<Handle",
                });
                if handle.cancelled {
                    s.push_str(" cancelled");
                }
                if let Some(us) = handle.deadline_us {
                    s.push_str(" when=");
                    s.push_str(&object::repr(&Value::Float(us as f64 / 1e6), self));
                }
                if let (false, Some(Callback::Call(call))) =
                    (handle.cancelled, self.rt.handles.callback(*h))
                {
                    s.push(' ');
                    s.push_str(&self.callback_source(&call.func, &call.args, Place::File));
                }
                s.push('>');
                s
            }
            Value::Coroutine(c) => format!(
                "<coroutine object {} at {:#x}>",
                c.borrow().qualname,
                self.object_id(v)
            ),
            Value::Function(f) => {
                format!("<function {} at {:#x}>", f.code.qualname, self.object_id(v))
            }
            Value::Method(m) => match (&m.receiver, &m.method) {
                (Value::Class(class), super::value::MethodRef::Native(name)) => {
                    let owner = object::class_name(class);
                    if &**name == "fromkeys" {
                        format!(
                            "<built-in method fromkeys of type object at {:#x}>",
                            self.object_id(v)
                        )
                    } else {
                        format!("<method '{name}' of '{owner}' objects>")
                    }
                }
                // A built-in type's method, bound to a value of the type.
                (receiver, super::value::MethodRef::Native(name))
                    if !matches!(
                        receiver,
                        Value::Loop(_)
                            | Value::Handle(_)
                            | Value::Coroutine(_)
                            | Value::Instance(_)
                    ) =>
                {
                    let owner = match receiver {
                        Value::Future(id) if self.rt.future(*id).task.is_some() => "_asyncio.Task",
                        Value::Future(_) => "_asyncio.Future",
                        other => other.type_name(),
                    };
                    format!(
                        "<built-in method {name} of {owner} object at {:#x}>",
                        self.object_id(receiver)
                    )
                }
                _ => format!(
                    "<bound method {} of {}>",
                    match &m.method {
                        super::value::MethodRef::Native(n) => n.to_string(),
                        super::value::MethodRef::Function(f) => f.code.qualname.to_string(),
                    },
                    object::repr(&m.receiver, self)
                ),
            },
            Value::Builtin(b) => format!("<built-in function {}>", object::builtin_name(*b)),
            Value::Module(kind) => format!("<module '{}'>", kind.name()),
            Value::Class(super::value::Class::Prelude(c)) if &*c.module == "builtins" => {
                format!("<class '{}'>", c.name)
            }
            Value::Class(super::value::Class::Prelude(c)) => {
                format!("<class 'asyncio.{}'>", c.name)
            }
            Value::Instance(i) if Rc::ptr_eq(&i.class, &self.async_generator_class) => {
                let qualname = i.attrs.borrow().get("__qualname__").cloned();
                format!(
                    "<async_generator object {} at {:#x}>",
                    qualname.map_or_else(String::new, |q| object::to_str(&q, self)),
                    self.object_id(v)
                )
            }
            Value::Instance(i) => format!("<asyncio.{} object>", i.class.name),
            Value::Device(_) => "<Device>".into(),
            other => format!("<{} object>", other.type_name()),
        }
    }
}
