//! Functions implemented in Rust that need the runtime: `print`, `time.sleep`,
//! `cpu`, asyncio's native core functions, the prelude's private primitives, and
//! the methods of futures, tasks, loops and handles.

use std::rc::Rc;

use super::exceptions::{ExcKind, PyErr, PyResult};
use super::machine::Machine;
use super::object;
use super::runtime::event_loop::{kwarg, number};
use super::runtime::{
    seconds_to_us, CallArgs, Callback, DeviceState, DoneCallback, FutureStatus, WaitLabel,
};
use super::signature::{self, Sig};
use super::suggest;
use super::value::{Builtin, DeviceId, FutureId, FutureKind, HandleId, LoopId, Value};
use super::NATIVE_SHORTCUTS;
use crate::trace::{DeviceInfo, EventKind, IoOp, OutputChunk};

type Kwargs = Vec<(Rc<str>, Value)>;

impl Machine {
    /// The prelude's private globals (`_yield`, `_device_submit` …) and the
    /// asyncio functions it calls by their plain names.
    pub(crate) fn prelude_native(&self, name: &str) -> Option<Value> {
        let b = match name {
            "_yield" => Builtin::Yield,
            "get_running_loop" => Builtin::GetRunningLoop,
            "_get_running_loop" => Builtin::GetRunningLoopOrNone,
            "get_event_loop" => Builtin::GetEventLoop,
            "new_event_loop" => Builtin::NewEventLoop,
            "set_event_loop" => Builtin::SetEventLoop,
            "current_task" => Builtin::CurrentTask,
            "all_tasks" => Builtin::AllTasks,
            "create_task" => Builtin::CreateTask,
            "ensure_future" => Builtin::EnsureFuture,
            "iscoroutine" => Builtin::IsCoroutine,
            "isfuture" => Builtin::IsFuture,
            "_set_result_unless_cancelled" => Builtin::SetResultUnlessCancelled,
            "_gathering_future" => Builtin::GatheringFuture,
            "_label" => Builtin::Label,
            "_blocking_mode" => Builtin::BlockingMode,
            "_thread_sleep" => Builtin::ThreadSleep,
            "_device_new" => Builtin::DeviceNew,
            "_device_submit" => Builtin::DeviceSubmit,
            "_call_at_us" => Builtin::CallAtUs,
            "_no_never_awaited_warning" => Builtin::NoUnawaitedWarning,
            "_check_nbytes" => Builtin::CheckNbytes,
            "CancelledError" => {
                return Some(Value::Class(super::value::Class::Exception(
                    ExcKind::CancelledError,
                )))
            }
            "InvalidStateError" => {
                return Some(Value::Class(super::value::Class::Exception(
                    ExcKind::InvalidStateError,
                )))
            }
            "QueueEmpty" => {
                return Some(Value::Class(super::value::Class::Exception(
                    ExcKind::QueueEmpty,
                )))
            }
            "QueueFull" => {
                return Some(Value::Class(super::value::Class::Exception(
                    ExcKind::QueueFull,
                )))
            }
            _ => return None,
        };
        Some(Value::Builtin(b))
    }

    pub(crate) fn call_native(
        &mut self,
        b: Builtin,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Value> {
        // Keywords, checked and those of positional parameters made positional
        // (`cpu(seconds=1)`); `call_native_args` checks the positional ones.
        let (args, kwargs) = match signature::of_builtin(b) {
            Some(Sig::Py(sig)) if !kwargs.is_empty() => {
                sig.check(args.len(), &kwargs)?;
                sig.positional_keywords(args, kwargs)
            }
            Some(sig) => {
                sig.check(args.len(), &kwargs)?;
                (args, kwargs)
            }
            None => (args, kwargs),
        };
        if let Some(result) = self.call_native_args(b, &args) {
            return result;
        }
        match b {
            Builtin::Print => self.print(args, kwargs),
            Builtin::CreateTask => {
                let loop_id = self.running_loop()?;
                let coro = args.into_iter().next().unwrap_or(Value::None);
                let name = kwarg(&kwargs, "name").unwrap_or(Value::None);
                self.create_task(loop_id, coro, name)
            }
            Builtin::EnsureFuture => {
                let arg = args.into_iter().next().unwrap_or(Value::None);
                match arg {
                    Value::Future(_) => Ok(arg),
                    Value::Coroutine(_) => {
                        let loop_id = match kwarg(&kwargs, "loop") {
                            Some(Value::Loop(l)) => l,
                            _ => self.event_loop()?,
                        };
                        self.create_task(loop_id, arg, Value::None)
                    }
                    _ => Err(PyErr::type_error(
                        "An asyncio.Future, a coroutine or an awaitable is required",
                    )),
                }
            }
            Builtin::CurrentTask => {
                // `current_task(loop=None)`: the task the loop runs now; only the
                // running loop runs one (CPython: `_current_tasks.get(loop)`).
                let of_running = match args.first() {
                    None | Some(Value::None) => {
                        self.running_loop()?;
                        true
                    }
                    Some(Value::Loop(l)) => self.rt.running_loop == Some(*l),
                    Some(_) => false,
                };
                Ok(match self.rt.current_task {
                    Some(task) if of_running => Value::Future(task),
                    _ => Value::None,
                })
            }
            Builtin::GatheringFuture => {
                let loop_id = match args.first() {
                    Some(Value::Loop(l)) => *l,
                    _ => self.running_loop()?,
                };
                let mut children = Vec::new();
                if let Some(v) = args.get(1) {
                    for child in object::collect(v, self)? {
                        if let Value::Future(id) = child {
                            children.push(id);
                        }
                    }
                }
                let id = self.rt.new_future(loop_id, FutureKind::Gathering);
                let f = self.rt.future_mut(id);
                f.rare_mut().gather_children = Some(children);
                f.wait_label = WaitLabel::Sync(Rc::from("gather"));
                Ok(Value::Future(id))
            }
            Builtin::DeviceNew => self.device_new(args),
            Builtin::NoUnawaitedWarning => {
                if let Some(Value::Coroutine(c)) = args.first() {
                    c.borrow_mut().unawaited_sink = None;
                }
                Ok(Value::None)
            }
            Builtin::Type if args.len() == 1 && kwargs.is_empty() => object::type_of(&args[0]),
            pure => object::call_builtin(pure, args, kwargs, self),
        }
    }

    /// CPython's `AttributeError` for `obj.name`, with "Did you mean" (among what
    /// `dir(obj)` lists: its type's names and, for a loop, what the scenario set on
    /// it; a task's or a future's `__dict__` is C's, which `dir()` does not list).
    pub(crate) fn no_attribute(&self, obj: &Value, name: &str) -> PyErr {
        let type_name = obj.type_name();
        let e = object::attribute_error(obj, type_name, name);
        let own = match obj {
            Value::Loop(id) => &self.rt.loops[id.index()].attrs,
            _ => return e,
        };
        if let (false, Some(mut dir)) = (own.is_empty(), suggest::dir_of(type_name)) {
            for (own_name, _) in own {
                // Sorted as `dir()` sorts: by code point.
                let at = dir.partition_point(|d| *d < &**own_name);
                dir.insert(at, own_name);
            }
            *e.0.suggestion.borrow_mut() = suggest::closest(name, &dir).map(Rc::from);
        }
        e
    }

    /// The natives that ignore keywords, read their arguments in place and never run
    /// Python code, so a call can leave its arguments on the caller's stack; `None`
    /// for every other builtin.
    pub(crate) fn call_native_args(
        &mut self,
        b: Builtin,
        args: &[Value],
    ) -> Option<PyResult<Value>> {
        if let Some((min, max)) = signature::builtin_arity(b) {
            if !(min..=max).contains(&args.len()) {
                let sig = signature::of_builtin(b)?;
                return Some(sig.check(args.len(), &[]).map(|()| Value::None));
            }
        }
        Some(match b {
            Builtin::TimeSleep | Builtin::ThreadSleep => self.sleep_thread(args),
            Builtin::TimeTime | Builtin::TimeMonotonic => {
                Ok(Value::Float(self.rt.now_us as f64 / 1e6))
            }
            Builtin::Cpu => self.cpu(args),
            Builtin::GetRunningLoop => self.running_loop().map(Value::Loop),
            Builtin::GetRunningLoopOrNone => {
                Ok(self.rt.running_loop.map(Value::Loop).unwrap_or(Value::None))
            }
            Builtin::GetEventLoop => self.event_loop().map(Value::Loop),
            Builtin::NewEventLoop => Ok(Value::Loop(self.rt.new_loop(self.helper_imported))),
            Builtin::SetEventLoop => {
                self.rt.event_loop_set = true;
                self.rt.event_loop = match args.first() {
                    Some(Value::Loop(l)) => Some(*l),
                    _ => None,
                };
                Ok(Value::None)
            }
            Builtin::AllTasks => self.all_tasks(args),
            Builtin::IsCoroutine => Ok(Value::Bool(matches!(
                args.first(),
                Some(Value::Coroutine(_))
            ))),
            Builtin::IsFuture => Ok(Value::Bool(matches!(args.first(), Some(Value::Future(_))))),
            Builtin::SetResultUnlessCancelled => self.set_result_unless_cancelled(args),
            Builtin::Yield => Err(PyErr::type_error("'_yield' is awaited, not called")),
            Builtin::Label => {
                if let Some(Value::Future(f)) = args.first() {
                    let label = match args.get(1) {
                        Some(Value::Int(req)) => WaitLabel::Device(*req as u32),
                        Some(Value::Str(s)) => WaitLabel::Sync(s.clone()),
                        _ => WaitLabel::None,
                    };
                    self.rt.future_mut(*f).wait_label = label;
                }
                Ok(Value::None)
            }
            Builtin::BlockingMode => Ok(Value::Bool(self.mode == crate::trace::Mode::Blocking)),
            Builtin::DeviceSubmit => self.device_submit_native(args),
            Builtin::CallAtUs => self.call_at_us(args),
            Builtin::CheckNbytes => self.check_nbytes(args),
            Builtin::AsyncGenerator => Ok(self.async_generator(args)),
            _ => return None,
        })
    }

    /// `time.sleep(seconds)` (and the prelude's `_thread_sleep`): the thread sleeps.
    fn sleep_thread(&mut self, args: &[Value]) -> PyResult<Value> {
        let v = args.first().cloned().unwrap_or(Value::None);
        let seconds = number(&v).map_err(|_| {
            PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))
        })?;
        if seconds.is_nan() {
            return Err(PyErr::value_error("Invalid value NaN (not a number)"));
        }
        if seconds < 0.0 {
            return Err(PyErr::value_error("sleep length must be non-negative"));
        }
        let us = duration_us(seconds)?;
        let task = self.current_task_index();
        let line = self.line;
        self.emit_with(|| EventKind::Asleep {
            task,
            line,
            dur_us: us,
        });
        self.rec.totals.asleep_us += us;
        self.advance_clock(self.rt.now_us.saturating_add(us));
        self.check_stop()?;
        Ok(Value::None)
    }

    /// `cpu(seconds)`: the thread computes and nothing else runs.
    fn cpu(&mut self, args: &[Value]) -> PyResult<Value> {
        // The helper module's `cpu(seconds)`, a Python function, checks these.
        let v = args.first().cloned().unwrap_or(Value::None);
        let seconds = number(&v).map_err(|_| {
            PyErr::type_error(format!(
                "cpu() time must be a number, not {}",
                v.type_name()
            ))
        })?;
        if seconds.is_nan() || seconds < 0.0 {
            return Err(PyErr::value_error("cpu() time must be non-negative"));
        }
        let us = duration_us(seconds)?;
        let task = self.current_task_index();
        let line = self.line;
        self.emit_with(|| EventKind::CpuBusy {
            task,
            line,
            dur_us: us,
        });
        self.rec.totals.cpu_busy_us += us;
        self.advance_clock(self.rt.now_us.saturating_add(us));
        self.check_stop()?;
        Ok(Value::None)
    }

    fn all_tasks(&mut self, args: &[Value]) -> PyResult<Value> {
        let loop_id = match args.first() {
            Some(Value::Loop(l)) => *l,
            _ => self.running_loop()?,
        };
        let tasks = (0..self.rt.futures.len())
            .map(|i| FutureId::new(i, FutureKind::Task))
            .filter(|&id| {
                let f = self.rt.future(id);
                f.task.is_some() && f.loop_id == loop_id && f.status == FutureStatus::Pending
            })
            .map(Value::Future)
            .collect();
        Ok(Value::list(tasks))
    }

    /// `futures._set_result_unless_cancelled(fut, result)`.
    pub(crate) fn set_result_unless_cancelled(&mut self, args: &[Value]) -> PyResult<Value> {
        if let Some(Value::Future(f)) = args.first() {
            self.set_result_unless_cancelled_of(*f, args.get(1).unwrap_or(&Value::None))?;
        }
        Ok(Value::None)
    }

    /// `futures._set_result_unless_cancelled(fut, result)`.
    pub(crate) fn set_result_unless_cancelled_of(
        &mut self,
        fut: FutureId,
        result: &Value,
    ) -> PyResult<()> {
        if self.rt.future(fut).status == FutureStatus::Cancelled {
            return Ok(());
        }
        self.future_set_result(fut, result.dup())
    }

    /// `_device_submit(handle, op, nbytes, blocking)` → `(completion_us, request)`.
    fn device_submit_native(&mut self, args: &[Value]) -> PyResult<Value> {
        let Some(Value::Device(dev)) = args.first() else {
            return Err(PyErr::type_error("_device_submit expects a device"));
        };
        let op = match args.get(1) {
            Some(Value::Str(s)) if &**s == "write" => IoOp::Write,
            _ => IoOp::Read,
        };
        let nbytes = match args.get(2) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        let blocking = args.get(3).map(object::truthy).unwrap_or(false);
        let (completion, request) = self.device_submit(dev.0, op, nbytes, blocking);
        self.check_stop()?;
        Ok(Value::Tuple(Rc::new([
            Value::Int(completion as i64),
            Value::Int(request as i64),
        ])))
    }

    /// `_call_at_us(loop, deadline_us, callback, *args)`.
    fn call_at_us(&mut self, args: &[Value]) -> PyResult<Value> {
        let loop_id = match args.first() {
            Some(Value::Loop(l)) => *l,
            _ => self.running_loop()?,
        };
        let deadline = match args.get(1) {
            Some(Value::Int(us)) => *us,
            _ => self.rt.now_us as i64,
        };
        let func = args.get(2).cloned().unwrap_or(Value::None);
        let rest = match args.get(3..).unwrap_or_default() {
            [] => CallArgs::from_vec(Vec::new()),
            [a] => CallArgs::one(a.clone()),
            [a, b] => CallArgs::two(a.clone(), b.clone()),
            more => CallArgs::Many(more.to_vec()),
        };
        self.check_loop_open(loop_id)?;
        let callback = Callback::call(func, rest);
        Ok(Value::Handle(
            self.schedule_timer(loop_id, deadline, callback),
        ))
    }

    /// The prelude's `_check_nbytes(nbytes)`, native because every device request
    /// runs it; it does what the Python below did, in the same order:
    ///
    /// ```python
    /// if not isinstance(nbytes, int):
    ///     raise TypeError(f"nbytes must be an int, not {type(nbytes).__name__}")
    /// if nbytes < 0:
    ///     raise ValueError("nbytes must be non-negative")
    /// ```
    fn check_nbytes(&mut self, args: &[Value]) -> PyResult<Value> {
        match args.first().unwrap_or(&Value::None) {
            Value::Int(n) if *n < 0 => Err(PyErr::value_error("nbytes must be non-negative")),
            Value::Int(_) | Value::Bool(_) => Ok(Value::None),
            other => {
                let type_of = object::lookup_builtin("type").unwrap_or(Value::None);
                let class = self.call_sync(&type_of, vec![other.clone()])?;
                let name = self.load_attr(&class, "__name__")?;
                let name = object::to_str(&name, &*self);
                Err(PyErr::type_error(format!(
                    "nbytes must be an int, not {name}"
                )))
            }
        }
    }

    fn check_stop(&self) -> PyResult<()> {
        match self.stop {
            Some(_) => Err(self.stop_error()),
            None => Ok(()),
        }
    }

    fn current_task_index(&self) -> Option<u32> {
        self.rt.current_task.map(|t| self.task_index(t))
    }

    fn running_loop(&self) -> PyResult<LoopId> {
        self.rt
            .running_loop
            .ok_or_else(|| PyErr::runtime_error("no running event loop"))
    }

    /// `asyncio.get_event_loop()`: the running loop, else the current one, else a
    /// new one that becomes current (3.11 behaviour on the main thread).
    fn event_loop(&mut self) -> PyResult<LoopId> {
        if let Some(l) = self.rt.running_loop {
            return Ok(l);
        }
        if let Some(l) = self.rt.event_loop {
            return Ok(l);
        }
        if self.rt.event_loop_set {
            return Err(PyErr::runtime_error(
                "There is no current event loop in thread 'MainThread'.",
            ));
        }
        let l = self.rt.new_loop(self.helper_imported);
        self.rt.event_loop = Some(l);
        Ok(l)
    }

    fn print(&mut self, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
        // As CPython's argument clinic: every keyword's name first, then `sep`'s
        // type, then `end`'s; `flush` takes any value.
        if let Some((other, _)) = kwargs
            .iter()
            .find(|(name, _)| !matches!(&**name, "sep" | "end" | "flush" | "file"))
        {
            return Err(PyErr::type_error(format!(
                "'{other}' is an invalid keyword argument for print()"
            )));
        }
        let text_of = |name: &str, default: &str| -> PyResult<String> {
            match kwargs.iter().find(|(n, _)| &**n == name).map(|(_, v)| v) {
                None | Some(Value::None) => Ok(default.to_string()),
                Some(Value::Str(s)) => Ok(s.to_string()),
                Some(other) => Err(PyErr::type_error(format!(
                    "{name} must be None or a string, not {}",
                    other.type_name()
                ))),
            }
        };
        let sep = text_of("sep", " ")?;
        let end = text_of("end", "\n")?;
        let mut text = String::new();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                text.push_str(&sep);
            }
            text.push_str(&object::to_str(a, &*self));
        }
        text.push_str(&end);
        let task = self.current_task_index();
        self.rec.output.push(OutputChunk {
            t_us: self.rt.now_us,
            text: text.clone(),
        });
        let line = self.line;
        self.emit_with(|| EventKind::Print {
            task,
            line,
            text: text.into(),
        });
        Ok(Value::None)
    }

    fn device_new(&mut self, args: Vec<Value>) -> PyResult<Value> {
        let name = args
            .first()
            .map(|v| object::to_str(v, &*self))
            .unwrap_or_default();
        let latency = args.get(1).map(number).transpose()?.unwrap_or(0.0);
        let bandwidth = match args.get(2) {
            None | Some(Value::None) => None,
            Some(v) => Some(number(v)?),
        };
        let parallel = match args.get(3) {
            Some(Value::Int(n)) if *n > 0 => Some((*n).min(1_000_000) as u32),
            _ => None,
        };
        let index = self.rec.devices.len() as u32;
        let latency_us = seconds_to_us(latency).unwrap_or(0).max(0) as u64;
        self.rec.devices.push(DeviceInfo {
            name,
            latency_us,
            bandwidth,
            parallel,
        });
        self.rt.devices.push(DeviceState::new(
            latency,
            bandwidth,
            parallel.unwrap_or(0) as usize,
            index,
        ));
        Ok(Value::Device(DeviceId(self.rt.devices.len() as u32 - 1)))
    }

    pub(crate) fn has_runtime_method(&self, obj: &Value, name: &str) -> bool {
        match obj {
            Value::Future(id) => {
                const FUTURE: &[&str] = &[
                    "done",
                    "cancelled",
                    "result",
                    "exception",
                    "set_result",
                    "set_exception",
                    "cancel",
                    "add_done_callback",
                    "remove_done_callback",
                    "get_loop",
                    "_make_cancelled_error",
                ];
                const TASK: &[&str] =
                    &["get_name", "set_name", "get_coro", "uncancel", "cancelling"];
                FUTURE.contains(&name) || (self.rt.is_task(*id) && TASK.contains(&name))
            }
            Value::Loop(_) => matches!(
                name,
                "time"
                    | "call_soon"
                    | "call_later"
                    | "call_at"
                    | "create_future"
                    | "create_task"
                    | "run_forever"
                    | "run_until_complete"
                    | "stop"
                    | "close"
                    | "is_running"
                    | "is_closed"
                    | "get_debug"
                    | "set_debug"
                    | "call_exception_handler"
            ),
            Value::Handle(_) => matches!(name, "cancel" | "cancelled" | "when"),
            Value::Coroutine(_) => matches!(name, "close"),
            _ => false,
        }
    }

    pub(crate) fn call_runtime_method(
        &mut self,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Value> {
        if !self.has_runtime_method(obj, name) {
            return Err(self.no_attribute(obj, name));
        }
        match obj {
            Value::Future(id) => self.future_method(*id, name, &args, &kwargs),
            Value::Loop(l) => {
                let (args, kwargs) = match signature::of_loop_method(name, self.helper_imported) {
                    Some(sig) => {
                        sig.check(args.len() + 1, &kwargs)?;
                        sig.positional_keywords(args, kwargs)
                    }
                    None => (args, kwargs),
                };
                self.loop_method(*l, name, args, kwargs)
            }
            Value::Handle(h) => {
                self.check_handle_method(*h, name, args.len(), &kwargs)?;
                Ok(self.handle_method(*h, name))
            }
            Value::Coroutine(c) => {
                signature::no_args("coroutine.close", args.len(), &kwargs)?;
                c.borrow_mut().state = super::vm::CoroutineState::Done;
                Ok(Value::None)
            }
            _ => Err(self.no_attribute(obj, name)),
        }
    }

    /// The methods of futures, handles and loops that read their arguments in place,
    /// take no keywords and never run Python code, so a call can leave its
    /// arguments on the caller's stack; `None` for every other method. Natively,
    /// `list.append(x)` too, the commonest method call of all (as `list_methods`
    /// does it, without collecting the argument into a vector first).
    pub(crate) fn runtime_method_args(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> Option<PyResult<Value>> {
        match obj {
            Value::Future(id) => match name {
                "done"
                | "cancelled"
                | "result"
                | "exception"
                | "get_loop"
                | "set_result"
                | "add_done_callback"
                | "_make_cancelled_error" => Some(self.future_method(*id, name, args, &[])),
                _ => None,
            },
            // Given arguments, or `when` (a timer's only), they take the checked way.
            Value::Handle(h) => match name {
                "cancel" | "cancelled" if args.is_empty() => Some(Ok(self.handle_method(*h, name))),
                _ => None,
            },
            Value::Loop(l) => match name {
                "time" if args.is_empty() => Some(Ok(Value::Float(self.rt.now_us as f64 / 1e6))),
                "create_future" if args.is_empty() => Some(Ok(Value::Future(
                    self.rt.new_future(*l, FutureKind::Future),
                ))),
                _ => None,
            },
            Value::List(list) if NATIVE_SHORTCUTS && name == "append" => match args {
                [item] => {
                    let mut items = list.borrow_mut();
                    Some(object::check_size(items.len() + 1).map(|()| {
                        items.push(item.clone());
                        Value::None
                    }))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A handle's methods take no arguments; `when` is a timer's only.
    fn check_handle_method(
        &self,
        h: HandleId,
        name: &str,
        nargs: usize,
        kwargs: &[(Rc<str>, Value)],
    ) -> PyResult<()> {
        let timer = self.rt.handles[h.index()].deadline_us.is_some();
        if name == "when" && !timer {
            return Err(PyErr::new(
                ExcKind::AttributeError,
                "'Handle' object has no attribute 'when'",
            ));
        }
        signature::of_handle_method(name, timer).check(nargs + 1, kwargs)
    }

    /// `cancel()`, `cancelled()` and `when()` of a handle.
    fn handle_method(&mut self, h: HandleId, name: &str) -> Value {
        let handle = &mut self.rt.handles[h.index()];
        match name {
            "cancel" => {
                handle.cancelled = true;
                Value::None
            }
            "cancelled" => Value::Bool(handle.cancelled),
            _ => handle
                .deadline_us
                .map(|d| Value::Float(d as f64 / 1e6))
                .unwrap_or(Value::None),
        }
    }

    fn future_method(
        &mut self,
        id: FutureId,
        name: &str,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> PyResult<Value> {
        signature::check_future_method(name, args.len(), kwargs, || self.rt.is_task(id))?;
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::None);
        match name {
            "done" => Ok(Value::Bool(
                self.rt.future(id).status != FutureStatus::Pending,
            )),
            "cancelled" => Ok(Value::Bool(
                self.rt.future(id).status == FutureStatus::Cancelled,
            )),
            "result" => self.future_result(id),
            "exception" => self.future_exception(id),
            "set_result" | "set_exception" if self.rt.is_task(id) => {
                Err(PyErr::runtime_error(if name == "set_result" {
                    "Task does not support set_result operation"
                } else {
                    "Task does not support set_exception operation"
                }))
            }
            "set_result" => self.future_set_result(id, arg(0)).map(|_| Value::None),
            "set_exception" => {
                let e = match &arg(0) {
                    Value::Exception(e) => super::exceptions::PyErr(e.clone()),
                    Value::Class(super::value::Class::Exception(kind)) => PyErr::bare(*kind),
                    _ => return Err(PyErr::type_error("invalid exception object")),
                };
                self.future_set_exception(id, e).map(|_| Value::None)
            }
            "cancel" => {
                let msg = kwarg(kwargs, "msg").unwrap_or_else(|| arg(0));
                Ok(Value::Bool(self.cancel(id, msg)))
            }
            "add_done_callback" => {
                self.add_done_callback(id, DoneCallback::Python(arg(0)));
                Ok(Value::None)
            }
            "remove_done_callback" => Ok(Value::Int(self.remove_done_callback(id, &arg(0)) as i64)),
            "get_loop" => Ok(Value::Loop(self.rt.future(id).loop_id)),
            "_make_cancelled_error" => Ok(Value::Exception(self.make_cancelled_error(id).0)),
            "get_name" => Ok(Value::Str(self.task_name(id))),
            "set_name" => {
                let text: Rc<str> = Rc::from(object::to_str(&arg(0), &*self));
                if let Some(t) = self.rt.task_mut(id) {
                    t.rename(text);
                }
                Ok(Value::None)
            }
            "get_coro" => Ok(self
                .rt
                .task(id)
                .map(|t| Value::Coroutine(t.coro.clone()))
                .unwrap_or(Value::None)),
            "cancelling" => Ok(Value::Int(
                self.rt
                    .task(id)
                    .map(|t| t.num_cancels_requested)
                    .unwrap_or(0) as i64,
            )),
            "uncancel" => {
                let t = self.rt.task_mut(id).expect("a task");
                if t.num_cancels_requested > 0 {
                    t.num_cancels_requested -= 1;
                }
                Ok(Value::Int(t.num_cancels_requested as i64))
            }
            _ => Err(self.no_attribute(&Value::Future(id), name)),
        }
    }
}

fn duration_us(seconds: f64) -> PyResult<u64> {
    match seconds_to_us(seconds) {
        Some(us) => Ok(us.max(0) as u64),
        None => Err(PyErr::new(
            ExcKind::OverflowError,
            "sleep length is too large",
        )),
    }
}
