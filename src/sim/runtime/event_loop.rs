//! The event loop: `BaseEventLoop._run_once`, `run_forever`,
//! `run_until_complete`, and the loop's methods, on the virtual clock.

use std::rc::Rc;

use super::{seconds_to_us, CallArgs, Callback, DoneCallback, FutureStatus, Ready};
use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::value::{Builtin, FutureId, FutureKind, HandleId, LoopId, Value};
use crate::sim::vm::Resume;
use crate::trace::{EventKind, ReadyEntry};

/// A callback or task step holding the loop longer than this is reported, as
/// asyncio's debug mode does (`loop.slow_callback_duration`).
const SLOW_CALLBACK_US: u64 = 100_000;

impl Machine {
    /// One iteration of the loop, as `_run_once`: wait for the earliest timer if
    /// nothing is ready, move due timers to the ready queue, run what was ready.
    pub(crate) fn run_once(&mut self, loop_id: LoopId) {
        let l = &self.rt.loops[loop_id.index()];
        if l.ready.is_empty() && !l.stopping {
            // The earliest timer not cancelled (cancelled ones are dropped).
            let handles = &self.rt.handles;
            let l = &mut self.rt.loops[loop_id.index()];
            match l.timers.earliest(|h| handles[h as usize].cancelled) {
                Some(deadline) => {
                    if deadline > self.rt.now_us {
                        let wait = deadline - self.rt.now_us;
                        self.emit_with(|| EventKind::SelectorWait { dur_us: wait });
                        self.rec.totals.idle_us += wait;
                        self.advance_clock(deadline);
                        if self.stop.is_some() {
                            return;
                        }
                    }
                }
                None => {
                    self.deadlock();
                    return;
                }
            }
        }
        let now = self.rt.now_us;
        let l = self.rt.loop_mut(loop_id);
        let mut due = std::mem::take(&mut l.due);
        l.timers.take_due(now, &mut due);
        l.ready.extend(
            due.iter()
                .map(|&(_, _, h)| Ready::Handle(HandleId::new(h as usize, Some(loop_id)))),
        );
        l.due = due;
        let ntodo = self.rt.loops[loop_id.index()].ready.len();
        self.rec.totals.loop_iterations += 1;
        let ready = self.ready_entries(loop_id);
        let index = self.rec.totals.loop_iterations as u32;
        self.emit_with(|| EventKind::LoopIteration { index, ready });
        for _ in 0..ntodo {
            let Some(entry) = self.rt.loop_mut(loop_id).ready.pop_front() else {
                break;
            };
            let started = self.rt.now_us;
            let first_event = self.rec.events.len();
            // The task whose step or wakeup this is, to name it if it holds the loop.
            let stepped = match &entry {
                Ready::Handle(h) => self.rt.handles.callback(*h).and_then(step_of),
                Ready::Internal(callback) => step_of(callback),
            };
            // A plain callback comes back from running, for its handle to keep.
            let (handle, kept) = match entry {
                Ready::Handle(h) => {
                    let Some(callback) = self.rt.handles.take_callback(h) else {
                        continue;
                    };
                    let handle = &self.rt.handles[h.index()];
                    if handle.cancelled {
                        self.rt.handles.ran(h, callback);
                        continue;
                    }
                    let deadline_us = handle.deadline_us;
                    (Some(h), self.run_callback(callback, deadline_us))
                }
                Ready::Internal(callback) => (None, self.run_callback(callback, None)),
            };
            let took = self.rt.now_us - started;
            let slow = took > SLOW_CALLBACK_US;
            // What ran, for the slow-callback report (only then: most entries are
            // quick): a plain callback's function; for a task's step, wakeup or the
            // stop callback, `None`.
            let ran = match &kept {
                Some(callback) if slow => callback.func(),
                _ => None,
            };
            if let (Some(h), Some(kept)) = (handle, kept) {
                self.rt.handles.ran(h, kept);
            }
            if self.stop.is_some() {
                return;
            }
            if slow {
                let ran = ran.unwrap_or(Value::None);
                self.warn_slow_callback(&ran, stepped, started, took, first_event);
            }
        }
    }

    /// Runs one ready entry (a timer's, due at `deadline_us`); a plain callback
    /// comes back, for its handle to keep.
    fn run_callback(&mut self, callback: Callback, deadline_us: Option<i64>) -> Option<Callback> {
        match callback {
            Callback::TaskStep { task, exc } => match exc {
                Some(e) => self.task_step(task, Resume::Throw(e)),
                None => self.task_step(task, Resume::Send(Value::None)),
            },
            Callback::TaskWakeup { task, fut } => self.task_wakeup(task, fut),
            Callback::SetResultUnlessCancelled { fut, result } => {
                // What `run_python_call` does for this builtin, without making
                // the call's arguments.
                let label = self.set_result_label.clone();
                self.line = 0;
                self.emit_with(|| EventKind::CallbackRunning { label, line: 0 });
                if let Err(e) = self.set_result_unless_cancelled_of(fut, &result) {
                    if self.stop.is_none() {
                        let func = Value::Builtin(Builtin::SetResultUnlessCancelled);
                        let args = CallArgs::two(Value::Future(fut), result.clone());
                        self.report_callback_exception(&func, &args, deadline_us, &e);
                    }
                }
                return Some(Callback::SetResultUnlessCancelled { fut, result });
            }
            Callback::Call(call) => {
                self.run_python_call(&call.func, &call.args, deadline_us);
                return Some(Callback::Call(call));
            }
            Callback::StopWhenDone { fut } => {
                // _run_until_complete_cb
                let f = self.rt.future(fut);
                if f.status == FutureStatus::Finished {
                    if let Some(e) = f.settled.exception() {
                        if matches!(e.kind(), ExcKind::SystemExit | ExcKind::KeyboardInterrupt) {
                            return None;
                        }
                    }
                }
                let loop_id = f.loop_id;
                self.rt.loop_mut(loop_id).stopping = true;
            }
        }
        None
    }

    /// `func(*args)` as a ready entry: an exception is the loop's to report.
    fn run_python_call(&mut self, func: &Value, args: &CallArgs, deadline_us: Option<i64>) {
        let label = self.callable_label(func);
        let line = self.callable_line(func);
        // A native callback (`print`, `list.append`) has no line of its own.
        self.line = line;
        self.returned_line = line;
        self.emit_with(|| EventKind::CallbackRunning { label, line });
        // A native callback reads its arguments where they are kept.
        let result = match func {
            Value::Builtin(b) => match self.call_native_args(*b, args.as_slice()) {
                Some(result) => result,
                None => self.call_sync(func, args.as_slice().to_vec()),
            },
            Value::Function(f) if self.run_gather_done_callback(f, args.as_slice()) => {
                Ok(Value::None)
            }
            _ => self.call_sync(func, args.as_slice().to_vec()),
        };
        match result {
            Ok(returned) => {
                // `Handle._run` drops what the callback returned (a coroutine, when
                // the callback is an `async def`), and the callback's frame went
                // with its return: CPython places a coroutine never awaited there.
                drop(returned);
                self.report_freed_in_handle_run();
            }
            Err(e) => {
                if self.stop.is_none() {
                    self.report_callback_exception(func, args, deadline_us, &e);
                }
            }
        }
    }

    /// `loop.run_forever()`.
    pub(crate) fn run_forever(&mut self, loop_id: LoopId) -> PyResult<()> {
        self.check_loop_open(loop_id)?;
        self.check_running(loop_id)?;
        self.rt.loop_mut(loop_id).running = true;
        self.rt.running_loop = Some(loop_id);
        loop {
            self.run_once(loop_id);
            if self.stop.is_some() {
                break;
            }
            if self.rt.loops[loop_id.index()].stopping {
                break;
            }
        }
        let l = self.rt.loop_mut(loop_id);
        l.stopping = false;
        l.running = false;
        self.rt.running_loop = None;
        if self.stop.is_some() {
            return Err(self.stop_error());
        }
        Ok(())
    }

    /// `loop.run_until_complete(future)`.
    pub(crate) fn run_until_complete(&mut self, loop_id: LoopId, arg: Value) -> PyResult<Value> {
        self.check_loop_open(loop_id)?;
        // Before the coroutine becomes a task: on a running loop it never runs (and
        // is reported as never awaited).
        self.check_running(loop_id)?;
        let fut = match arg {
            // `ensure_future(future, loop=self)`.
            Value::Future(id) if self.rt.future(id).loop_id != loop_id => {
                return Err(PyErr::new(
                    ExcKind::ValueError,
                    "The future belongs to a different loop than the one specified as the loop argument",
                ))
            }
            Value::Future(id) => id,
            Value::Coroutine(_) => match self.create_task(loop_id, arg, Value::None)? {
                Value::Future(id) => id,
                _ => unreachable!("create_task returns a task"),
            },
            other => {
                return Err(PyErr::type_error(format!(
                    "An asyncio.Future, a coroutine or an awaitable is required, got {}",
                    other.type_name()
                )))
            }
        };
        self.add_done_callback(fut, DoneCallback::StopWhenDone);
        let result = self.run_forever(loop_id);
        self.rt
            .future_mut(fut)
            .callbacks
            .retain(|cb| !matches!(cb, DoneCallback::StopWhenDone));
        result?;
        if self.rt.future(fut).status == FutureStatus::Pending {
            return Err(PyErr::runtime_error(
                "Event loop stopped before Future completed.",
            ));
        }
        self.future_result(fut)
    }

    /// `BaseEventLoop._check_running()`.
    fn check_running(&self, loop_id: LoopId) -> PyResult<()> {
        if self.rt.loops[loop_id.index()].running {
            return Err(PyErr::runtime_error("This event loop is already running"));
        }
        if self.rt.running_loop.is_some() {
            return Err(PyErr::runtime_error(
                "Cannot run the event loop while another loop is running",
            ));
        }
        Ok(())
    }

    pub(crate) fn check_loop_open(&self, loop_id: LoopId) -> PyResult<()> {
        if self.rt.loops[loop_id.index()].closed {
            return Err(PyErr::runtime_error("Event loop is closed"));
        }
        Ok(())
    }

    /// The methods of an event loop object.
    pub(crate) fn loop_method(
        &mut self,
        loop_id: LoopId,
        name: &str,
        mut args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Value> {
        // The arguments fit the method's signature (`signature::of_loop_method`,
        // checked by the caller): the callback's own are positional only, so
        // `call_soon(print, x, sep="")` fails before anything is scheduled.
        match name {
            "time" => Ok(Value::Float(self.rt.now_us as f64 / 1e6)),
            "call_soon" => {
                self.check_loop_open(loop_id)?;
                let (func, rest) = Self::split_callback(args);
                let h = self
                    .rt
                    .call_soon(loop_id, Callback::call(func, CallArgs::from_vec(rest)));
                Ok(Value::Handle(h))
            }
            "call_later" | "call_at" => {
                self.check_loop_open(loop_id)?;
                if args.is_empty() {
                    // Not reached: the signature asks for the delay and the callback.
                    return Err(PyErr::type_error(format!("{name}() needs a time")));
                }
                let when = args.remove(0);
                let seconds = number(&when)?;
                let us = seconds_to_us(seconds)
                    .ok_or_else(|| PyErr::new(ExcKind::OverflowError, "timestamp too large"))?;
                // In the past (even before the run began) when negative: due at once,
                // but before the timers with later deadlines, as in CPython.
                let deadline = if name == "call_later" {
                    (self.rt.now_us as i64).saturating_add(us)
                } else {
                    us
                };
                let (func, rest) = Self::split_callback(args);
                let callback = Callback::call(func, CallArgs::from_vec(rest));
                Ok(Value::Handle(
                    self.schedule_timer(loop_id, deadline, callback),
                ))
            }
            "create_future" => Ok(Value::Future(
                self.rt.new_future(loop_id, FutureKind::Future),
            )),
            "create_task" => {
                let coro = args.into_iter().next().unwrap_or(Value::None);
                let name = kwarg(&kwargs, "name").unwrap_or(Value::None);
                self.create_task(loop_id, coro, name)
            }
            "run_forever" => self.run_forever(loop_id).map(|_| Value::None),
            "run_until_complete" => {
                let arg = args.into_iter().next().unwrap_or(Value::None);
                self.run_until_complete(loop_id, arg)
            }
            "stop" => {
                self.rt.loop_mut(loop_id).stopping = true;
                Ok(Value::None)
            }
            "close" => {
                let l = self.rt.loop_mut(loop_id);
                if l.running {
                    return Err(PyErr::runtime_error("Cannot close a running event loop"));
                }
                l.closed = true;
                l.ready.clear();
                l.timers.clear();
                Ok(Value::None)
            }
            "is_running" => Ok(Value::Bool(self.rt.loops[loop_id.index()].running)),
            "is_closed" => Ok(Value::Bool(self.rt.loops[loop_id.index()].closed)),
            "get_debug" => Ok(Value::Bool(false)),
            "set_debug" => Ok(Value::None),
            "call_exception_handler" => {
                let context = args.into_iter().next().unwrap_or(Value::None);
                self.log_exception_context(&context);
                Ok(Value::None)
            }
            _ => Err(self.no_attribute(&Value::Loop(loop_id), name)),
        }
    }

    /// Schedules `callback` at `deadline` (µs; negative for `call_later` with a
    /// negative delay early in the run); a timer that completes a future
    /// (`_set_result_unless_cancelled`) tells the future what it waits for.
    pub(crate) fn schedule_timer(
        &mut self,
        loop_id: LoopId,
        deadline: i64,
        callback: Callback,
    ) -> HandleId {
        let completes = match &callback {
            Callback::SetResultUnlessCancelled { fut, .. } => Some(*fut),
            Callback::Call(call) => match (&call.func, call.args.as_slice().first()) {
                (Value::Builtin(Builtin::SetResultUnlessCancelled), Some(Value::Future(f))) => {
                    Some(*f)
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(f) = completes {
            let label = match self.rt.pending_request.take() {
                Some(req) => super::WaitLabel::Device(req),
                None => super::WaitLabel::Timer(deadline.max(0).unsigned_abs()),
            };
            self.rt.future_mut(f).wait_label = label;
        }
        self.rt.call_at_us(loop_id, deadline, callback)
    }

    /// The callback and its arguments. As in CPython outside debug mode, nothing is
    /// checked here: a coroutine or another value that cannot be called fails when
    /// its handle runs, and the loop logs it.
    fn split_callback(args: Vec<Value>) -> (Value, Vec<Value>) {
        let mut it = args.into_iter();
        (it.next().unwrap_or(Value::None), it.collect())
    }

    fn ready_entries(&self, loop_id: LoopId) -> Vec<ReadyEntry> {
        let ready = &self.rt.loops[loop_id.index()].ready;
        // Allocated once at its full size: the queue can hold thousands of entries.
        let mut entries = Vec::with_capacity(ready.len());
        entries.extend(
            ready
                .iter()
                .filter_map(|entry| match entry {
                    Ready::Handle(h) => {
                        let handles = &self.rt.handles;
                        if handles[h.index()].cancelled {
                            return None;
                        }
                        handles.callback(*h)
                    }
                    Ready::Internal(callback) => Some(callback),
                })
                .map(|callback| match callback {
                    Callback::TaskStep { task, .. } => self.task_ready_entry(*task, 0),
                    Callback::TaskWakeup { task, .. } => self.task_ready_entry(*task, 1),
                    Callback::Call(call) => ReadyEntry {
                        label: self.callable_label(&call.func),
                        task: None,
                    },
                    Callback::SetResultUnlessCancelled { .. } => ReadyEntry {
                        label: self.set_result_label.clone(),
                        task: None,
                    },
                    Callback::StopWhenDone { .. } => ReadyEntry {
                        label: Rc::from("stop loop"),
                        task: None,
                    },
                }),
        );
        entries
    }

    /// A task's step (`which` 0) or wakeup (1) in the ready queue.
    fn task_ready_entry(&self, task: FutureId, which: usize) -> ReadyEntry {
        match self.rt.task(task) {
            Some(t) => ReadyEntry {
                label: t.ready_labels[which].clone(),
                task: Some(t.trace_index),
            },
            None => ReadyEntry {
                label: Rc::from(["future step", "future wakeup"][which]),
                task: Some(0),
            },
        }
    }

    pub(crate) fn task_name(&self, task: FutureId) -> Rc<str> {
        self.rt
            .task(task)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| Rc::from("future"))
    }

    /// A short name for a callback, for the ready queue and the timeline.
    pub(crate) fn callable_label(&self, func: &Value) -> Rc<str> {
        match func {
            Value::Function(f) => f.name.clone(),
            Value::Builtin(b) => self.builtin_label(*b),
            Value::Method(m) => match &m.method {
                crate::sim::value::MethodRef::Native(n) => {
                    Rc::from(format!("{}.{n}", m.receiver.type_name()))
                }
                crate::sim::value::MethodRef::Function(f) => {
                    Rc::from(format!("{}.{}", m.receiver.type_name(), f.name))
                }
            },
            // What asyncio's logs show for a callback that is not a function: its
            // `__qualname__` (a coroutine's), else its repr.
            Value::Coroutine(c) => c.borrow().qualname.clone(),
            other => Rc::from(object::repr(other, self)),
        }
    }

    /// A builtin's name, made once per run.
    fn builtin_label(&self, b: Builtin) -> Rc<str> {
        let mut labels = self.builtin_labels.borrow_mut();
        if let Some((_, label)) = labels.iter().find(|(known, _)| *known == b) {
            return label.clone();
        }
        let label: Rc<str> = Rc::from(object::builtin_name(b));
        labels.push((b, label.clone()));
        label
    }

    pub(crate) fn callable_line(&self, func: &Value) -> u32 {
        match func {
            Value::Function(f) if !f.globals.is_prelude => f.code.first_line,
            _ => 0,
        }
    }
}

pub(crate) fn number(v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Float(f) => Ok(*f),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as a number",
            other.type_name()
        ))),
    }
}

pub(crate) fn kwarg(kwargs: &[(Rc<str>, Value)], name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| &**k == name)
        .map(|(_, v)| v.clone())
}

/// The task a ready entry steps or wakes, if it is one.
fn step_of(callback: &Callback) -> Option<FutureId> {
    match callback {
        Callback::TaskStep { task, .. } | Callback::TaskWakeup { task, .. } => Some(*task),
        Callback::SetResultUnlessCancelled { .. }
        | Callback::Call(_)
        | Callback::StopWhenDone { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::trace::{Mode, WarningKind};
    use crate::{presets, run, Limits};

    /// A task step that holds the loop is reported by the task's name, as asyncio's
    /// debug mode does ("Executing <Task …> took 0.300 seconds").
    #[test]
    fn a_slow_task_step_is_named_by_its_task() {
        let source = presets::find("blocking_call").expect("preset").source;
        let trace = run(source, Mode::Async, &Limits::default()).expect("runs");
        let slow: Vec<&str> = trace
            .warnings
            .iter()
            .filter(|w| matches!(w.kind, WarningKind::SlowCallback { .. }))
            .map(|w| w.message.as_str())
            .collect();
        assert!(!slow.is_empty());
        for message in slow {
            assert!(
                message.starts_with("Executing <Task name='Task-"),
                "{message}"
            );
        }
    }
}
