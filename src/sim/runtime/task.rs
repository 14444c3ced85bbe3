//! `asyncio.Task`: a future that drives a coroutine, step by step, as
//! `Task.__step` and `Task.__wakeup` in tasks.py do.

use std::rc::Rc;

use super::{Callback, DoneCallback, FutureStatus, TaskState};
use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::value::{FutureId, FutureKind, LoopId, Value};
use crate::sim::vm::{CoroutineState, Exit, Resume, Suspend};
use crate::trace::EventKind;

impl Machine {
    /// `loop.create_task(coro, name=name)`.
    pub(crate) fn create_task(
        &mut self,
        loop_id: LoopId,
        coro: Value,
        name: Value,
    ) -> PyResult<Value> {
        self.check_loop_open(loop_id)?;
        let Value::Coroutine(coro) = &coro else {
            let repr = crate::sim::object::repr(&coro, &*self);
            return Err(PyErr::type_error(format!(
                "a coroutine was expected, got {repr}"
            )));
        };
        if self.rt.futures.len() as u64 >= self.limits.max_tasks + 1000 * 1000 {
            return Err(self.stop_limit_err("stopped: too many futures were created".into()));
        }
        let task_count = self.rec.tasks.len() as u64;
        if task_count >= self.limits.max_tasks {
            return Err(self.stop_limit_err(format!(
                "stopped: the program created more than {} tasks (limit)",
                self.limits.max_tasks
            )));
        }
        // CPython 3.11's C Task takes a number from the counter even when named.
        self.rt.task_counter += 1;
        let name: Rc<str> = match name {
            Value::None => Rc::from(format!("Task-{}", self.rt.task_counter)),
            other => Rc::from(crate::sim::object::to_str(&other, &*self)),
        };
        let id = self.rt.new_future(loop_id, FutureKind::Task);
        let (coro_name, def_line, internal) = {
            let c = coro.borrow();
            // asyncio's own machinery (`asyncio.run`'s `_shutdown_asyncgens` and
            // `_shutdown_default_executor`): a private coroutine of the prelude. A
            // task the scenario makes of a public one (`create_task(asyncio.sleep(1))`,
            // `create_task(queue.get())`) is the scenario's, and gets its lane.
            let of_prelude =
                matches!(&c.state, CoroutineState::Created(frame) if frame.globals.is_prelude);
            let internal = of_prelude && c.name.starts_with('_');
            // A coroutine of asyncio's has no `def` in the scenario: the task is shown
            // at the line that made it.
            let def_line = if of_prelude { self.line } else { c.def_line };
            (c.name.clone(), def_line, internal)
        };
        let trace_index = self.record_task_created(&name, &coro_name, def_line, internal);
        self.rt.future_mut(id).task = Some(Box::new(TaskState {
            frames: Vec::new(),
            coro: coro.clone(),
            ready_labels: TaskState::ready_labels(&name),
            name,
            must_cancel: false,
            fut_waiter: None,
            num_cancels_requested: 0,
            trace_index,
        }));
        self.record_task_ready(id);
        self.rt.call_soon_internal(
            loop_id,
            Callback::TaskStep {
                task: id,
                exc: None,
            },
        );
        Ok(Value::Future(id))
    }

    /// `Task.__wakeup(fut)`.
    pub(crate) fn task_wakeup(&mut self, task: FutureId, fut: FutureId) {
        match self.future_result(fut) {
            Ok(v) => self.task_step(task, Resume::Send(v)),
            Err(e) => self.task_step(task, Resume::Throw(e)),
        }
    }

    /// `Task.__step(exc)`.
    pub(crate) fn task_step(&mut self, task: FutureId, mut resume: Resume) {
        if self.rt.future(task).status != FutureStatus::Pending {
            return;
        }
        let Some(state) = self.rt.task_mut(task) else {
            return;
        };
        if state.must_cancel {
            let is_cancel =
                matches!(&resume, Resume::Throw(e) if e.kind() == ExcKind::CancelledError);
            state.must_cancel = false;
            if !is_cancel {
                resume = Resume::Throw(self.make_cancelled_error(task));
            }
        }
        let state = self.rt.task_mut(task).expect("task");
        state.fut_waiter = None;
        let mut frames = std::mem::take(&mut state.frames);
        if frames.is_empty() {
            // The first step: the coroutine starts.
            let coro = state.coro.clone();
            frames = self.pool.frame_stack();
            // Room for what a task usually waits in — its coroutine, a coroutine it
            // awaits, and asyncio's below that (a sleep, a device request) — rather
            // than the four a first push makes: every waiting task holds its stack.
            frames.reserve_exact(3);
            let previous = std::mem::replace(&mut coro.borrow_mut().state, CoroutineState::Running);
            match previous {
                CoroutineState::Created(mut frame) => {
                    frame.coroutine = Some(coro.clone());
                    frames.push(*frame);
                    if matches!(resume, Resume::Send(_)) {
                        resume = Resume::Start;
                    }
                }
                other => {
                    coro.borrow_mut().state = other;
                    let err = PyErr::runtime_error("cannot reuse already awaited coroutine");
                    self.task_finish(task, Exit::Raised(err), frames);
                    return;
                }
            }
        }
        let line = self.task_line(task, &frames);
        self.line = line;
        self.record_task_running(task, line);
        let previous_task = self.rt.current_task.replace(task);
        self.step_started_at = self.steps;
        let exit = self.run_frames(&mut frames, 0, resume);
        self.rt.current_task = previous_task;
        match &exit {
            // The coroutine returned, and its frame's locals went with it: freed by
            // `Task.__step`, which is C, so CPython places the warning in the
            // Python frame that called it, asyncio's `Handle._run`.
            Exit::Returned(_) => self.report_freed_in_handle_run(),
            // The coroutine raised. CPython's task keeps the exception, and with it
            // the frames it unwound, until the task itself is freed, most often by
            // a callback of the loop's too; the simulator's tasks last as long as
            // the run, so those frames' coroutines are freed now, at the same place.
            // But `run_until_complete` (`asyncio.run`'s) raises it again in a frame
            // that holds the task, a cycle CPython frees only at exit: they stay
            // with the exception, which the task keeps to the end (`sys:1`).
            Exit::Raised(err) => {
                if !self.rt.future(task).callbacks.stop_the_loop() {
                    err.0.free_unwound();
                }
                self.report_freed_in_handle_run();
            }
            _ => {}
        }
        self.task_finish(task, exit, frames);
    }

    fn task_finish(&mut self, task: FutureId, exit: Exit, frames: Vec<crate::sim::vm::Frame>) {
        match exit {
            exit @ (Exit::Returned(_) | Exit::Raised(_)) => {
                // The coroutine is over: its (empty) frame stack serves another task.
                self.pool.recycle_frame_stack(frames);
                self.task_done(task, exit);
            }
            // Only a generator's frame yields, on a frame stack of its own.
            Exit::Yielded(_) => {
                let err = PyErr::runtime_error("internal: a task's frame yielded");
                self.task_done(task, Exit::Raised(err));
            }
            Exit::Suspended(Suspend::Future(fut)) => {
                let line = self.task_line(task, &frames);
                self.rt.task_mut(task).expect("task").frames = frames;
                let loop_id = self.rt.future(task).loop_id;
                // A future the task cannot wait on: `__step` throws the error into it
                // at its next step.
                let refused = if fut == task {
                    Some(format!(
                        "Task cannot await on itself: {}",
                        self.repr_future(task)
                    ))
                } else if self.rt.future(fut).loop_id != loop_id {
                    Some(format!(
                        "Task {} got Future {} attached to a different loop",
                        self.repr_future(task),
                        self.repr_future(fut)
                    ))
                } else {
                    None
                };
                if let Some(message) = refused {
                    self.record_task_suspended(task, line, None);
                    let exc = Some(PyErr::runtime_error(message));
                    self.rt
                        .call_soon_internal(loop_id, Callback::TaskStep { task, exc });
                    return;
                }
                self.record_task_suspended(task, line, Some(fut));
                self.add_done_callback(fut, DoneCallback::Wakeup(task));
                let state = self.rt.task_mut(task).expect("task");
                state.fut_waiter = Some(fut);
                if state.must_cancel {
                    let msg = self.rt.future(task).cancel_message();
                    if self.cancel(fut, msg) {
                        self.rt.task_mut(task).expect("task").must_cancel = false;
                    }
                }
            }
            Exit::Suspended(Suspend::Yield) => {
                let line = self.task_line(task, &frames);
                self.rt.task_mut(task).expect("task").frames = frames;
                self.record_task_suspended(task, line, None);
                let loop_id = self.rt.future(task).loop_id;
                self.record_task_ready(task);
                self.rt
                    .call_soon_internal(loop_id, Callback::TaskStep { task, exc: None });
            }
            Exit::Stopped => {
                self.rt.task_mut(task).expect("task").frames = frames;
            }
        }
    }

    /// The coroutine returned or raised: the task's result, exception or
    /// cancellation.
    fn task_done(&mut self, task: FutureId, exit: Exit) {
        match exit {
            Exit::Returned(v) => {
                let state = self.rt.task_mut(task).expect("task");
                if state.must_cancel {
                    state.must_cancel = false;
                    let msg = self.rt.future(task).cancel_message();
                    self.future_cancel_plain(task, msg);
                } else {
                    let _ = self.future_set_result(task, v);
                }
            }
            Exit::Raised(e) if e.kind() == ExcKind::CancelledError => {
                self.rt.future_mut(task).rare_mut().cancelled_exc = Some(e);
                self.future_cancel_plain(task, Value::None);
            }
            Exit::Raised(e) => {
                let _ = self.future_set_exception(task, e);
            }
            Exit::Suspended(_) | Exit::Stopped | Exit::Yielded(_) => return,
        }
        self.record_task_done(task);
    }

    /// `Task.cancel(msg)`.
    pub(crate) fn task_cancel(&mut self, task: FutureId, msg: Value) -> bool {
        if self.rt.future(task).status != FutureStatus::Pending {
            return false;
        }
        let state = self.rt.task_mut(task).expect("task");
        state.num_cancels_requested += 1;
        if let Some(waiter) = state.fut_waiter {
            if self.cancel(waiter, msg.clone()) {
                return true;
            }
        }
        self.rt.task_mut(task).expect("task").must_cancel = true;
        let f = self.rt.future_mut(task);
        if !msg.is_none() || f.rare.is_some() {
            f.rare_mut().cancel_message = msg;
        }
        true
    }

    fn record_task_running(&mut self, task: FutureId, line: u32) {
        let index = self.task_index(task);
        self.emit_with(|| EventKind::TaskRunning { task: index, line });
    }

    /// The line a student recognises in a task's frames: the innermost frame of the
    /// scenario itself (the prelude's `sleep` or `Queue.get` frames below it are
    /// asyncio's, not theirs); for a task of asyncio's code alone, the line that
    /// created it (its `def_line` in the trace's task table).
    pub(crate) fn task_line(&self, task: FutureId, frames: &[crate::sim::vm::Frame]) -> u32 {
        frames
            .iter()
            .rev()
            .find(|f| !f.globals.is_prelude)
            .map_or_else(
                || {
                    let index = self.task_index(task) as usize;
                    self.rec.tasks.get(index).map_or(0, |t| t.def_line)
                },
                |f| f.line(),
            )
    }

    pub(crate) fn task_index(&self, task: FutureId) -> u32 {
        self.rt.task(task).map(|t| t.trace_index).unwrap_or(0)
    }
}
