//! `asyncio.Future`, as futures.py defines it: results, exceptions, cancellation,
//! and done-callbacks scheduled with `call_soon` when the future completes.

use super::{CallArgs, Callback, DoneCallback, DoneCallbacks, FutureStatus, Settled};
use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::value::{FutureId, Value};

impl Machine {
    /// `fut.result()`.
    pub(crate) fn future_result(&mut self, id: FutureId) -> PyResult<Value> {
        self.rt.future_mut(id).log_traceback = false;
        let f = self.rt.future(id);
        match f.status {
            FutureStatus::Cancelled => Err(self.make_cancelled_error(id)),
            FutureStatus::Pending => {
                Err(PyErr::new(ExcKind::InvalidStateError, "Result is not set."))
            }
            FutureStatus::Finished => match &f.settled {
                Settled::Exception(e) => Err(e.clone()),
                Settled::Result(v) => Ok(v.dup()),
            },
        }
    }

    /// `fut.exception()`.
    pub(crate) fn future_exception(&mut self, id: FutureId) -> PyResult<Value> {
        self.rt.future_mut(id).log_traceback = false;
        let f = self.rt.future(id);
        match f.status {
            FutureStatus::Cancelled => Err(self.make_cancelled_error(id)),
            FutureStatus::Pending => Err(PyErr::new(
                ExcKind::InvalidStateError,
                "Exception is not set.",
            )),
            FutureStatus::Finished => Ok(match f.settled.exception() {
                Some(e) => Value::Exception(e.0.clone()),
                None => Value::None,
            }),
        }
    }

    /// `fut._make_cancelled_error()`. The exception a task was cancelled with is
    /// handed out once: the next call makes a new one from the cancel message, which
    /// a cancelled task no longer has (`Task.__step` cancels with none).
    pub(crate) fn make_cancelled_error(&mut self, id: FutureId) -> PyErr {
        let f = self.rt.future_mut(id);
        if let Some(e) = f.rare.as_mut().and_then(|r| r.cancelled_exc.take()) {
            return e;
        }
        match f.cancel_message() {
            Value::None => PyErr::bare(ExcKind::CancelledError),
            msg => PyErr::with_args(ExcKind::CancelledError, vec![msg]),
        }
    }

    pub(crate) fn future_set_result(&mut self, id: FutureId, value: Value) -> PyResult<()> {
        self.check_pending(id)?;
        let f = self.rt.future_mut(id);
        f.settled = Settled::Result(value);
        f.status = FutureStatus::Finished;
        self.schedule_callbacks(id);
        Ok(())
    }

    pub(crate) fn future_set_exception(&mut self, id: FutureId, exc: PyErr) -> PyResult<()> {
        self.check_pending(id)?;
        if exc.kind() == ExcKind::StopIteration {
            return Err(PyErr::type_error(
                "StopIteration interacts badly with generators and cannot be raised into a Future",
            ));
        }
        let line = exc.raised_at().unwrap_or(self.line);
        let f = self.rt.future_mut(id);
        f.settled = Settled::Exception(exc);
        f.log_traceback = true;
        f.status = FutureStatus::Finished;
        self.rt.exceptions_set.push(super::ExceptionSet {
            future: id,
            t_us: self.rt.now_us,
            line,
        });
        self.schedule_callbacks(id);
        Ok(())
    }

    /// CPython's C futures say only "invalid state" (futures.py says more).
    fn check_pending(&self, id: FutureId) -> PyResult<()> {
        if self.rt.future(id).status != FutureStatus::Pending {
            return Err(PyErr::new(ExcKind::InvalidStateError, "invalid state"));
        }
        Ok(())
    }

    /// `Future.cancel(msg)` (the plain future's, not the task's).
    pub(crate) fn future_cancel_plain(&mut self, id: FutureId, msg: Value) -> bool {
        if self.rt.future(id).status != FutureStatus::Pending {
            return false;
        }
        let f = self.rt.future_mut(id);
        f.status = FutureStatus::Cancelled;
        if !msg.is_none() || f.rare.is_some() {
            f.rare_mut().cancel_message = msg;
        }
        self.schedule_callbacks(id);
        true
    }

    /// `cancel()` as the object's class defines it: a task's, a gathering
    /// future's, or a plain future's.
    pub(crate) fn cancel(&mut self, id: FutureId, msg: Value) -> bool {
        if self.rt.is_task(id) {
            return self.task_cancel(id, msg);
        }
        if let Some(children) = self.rt.future(id).gather_children().map(<[_]>::to_vec) {
            // _GatheringFuture.cancel
            if self.rt.future(id).status != FutureStatus::Pending {
                return false;
            }
            let mut ret = false;
            for child in children {
                if self.cancel(child, msg.clone()) {
                    ret = true;
                }
            }
            if ret {
                self.rt.future_mut(id).cancel_requested = true;
            }
            return ret;
        }
        self.future_cancel_plain(id, msg)
    }

    /// `__schedule_callbacks`: each done-callback goes on the ready queue.
    fn schedule_callbacks(&mut self, id: FutureId) {
        let callbacks = std::mem::take(&mut self.rt.future_mut(id).callbacks);
        let loop_id = self.rt.future(id).loop_id;
        if let DoneCallbacks::Wakeup(task) = callbacks {
            // The usual case, one task awaiting: no iterator over the list.
            self.record_task_ready(task);
            let callback = Callback::TaskWakeup { task, fut: id };
            self.rt.call_soon_internal(loop_id, callback);
            return;
        }
        for cb in callbacks {
            let callback = match cb {
                DoneCallback::Wakeup(task) => {
                    self.record_task_ready(task);
                    Callback::TaskWakeup { task, fut: id }
                }
                DoneCallback::Python(func) => {
                    Callback::call(func, CallArgs::one(Value::Future(id)))
                }
                DoneCallback::StopWhenDone => Callback::StopWhenDone { fut: id },
            };
            self.rt.call_soon_internal(loop_id, callback);
        }
    }

    pub(crate) fn add_done_callback(&mut self, id: FutureId, cb: DoneCallback) {
        if self.rt.future(id).status != FutureStatus::Pending {
            let loop_id = self.rt.future(id).loop_id;
            let callback = match cb {
                DoneCallback::Wakeup(task) => Callback::TaskWakeup { task, fut: id },
                DoneCallback::Python(func) => {
                    Callback::call(func, CallArgs::one(Value::Future(id)))
                }
                DoneCallback::StopWhenDone => Callback::StopWhenDone { fut: id },
            };
            self.rt.call_soon_internal(loop_id, callback);
        } else {
            self.rt.future_mut(id).callbacks.push(cb);
        }
    }

    /// `remove_done_callback(fn)`: removes every callback equal to `fn`.
    pub(crate) fn remove_done_callback(&mut self, id: FutureId, func: &Value) -> usize {
        let callbacks = &mut self.rt.future_mut(id).callbacks;
        let before = callbacks.len();
        callbacks.retain(|cb| match cb {
            DoneCallback::Python(f) => !same_callable(f, func),
            _ => true,
        });
        before - callbacks.len()
    }
}

/// Python's `==` on callables: identity, and bound methods by receiver and method.
pub(crate) fn same_callable(a: &Value, b: &Value) -> bool {
    use crate::sim::value::MethodRef;
    match (a, b) {
        (Value::Method(x), Value::Method(y)) => {
            let same_method = match (&x.method, &y.method) {
                (MethodRef::Native(p), MethodRef::Native(q)) => p == q,
                (MethodRef::Function(p), MethodRef::Function(q)) => std::rc::Rc::ptr_eq(p, q),
                _ => false,
            };
            same_method
                && x.receiver.identity().is_some()
                && x.receiver.identity() == y.receiver.identity()
        }
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        _ => a.identity().is_some() && a.identity() == b.identity(),
    }
}
