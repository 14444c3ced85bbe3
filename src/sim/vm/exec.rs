//! The interpreter loop: runs a stack of frames until the bottom one returns,
//! raises, or its task must wait (an `await` on a pending future).

use std::rc::Rc;

use super::frame::{CoroutineState, Frame, Handler};
use super::{Exit, Resume, Suspend};
use crate::compile::{Conversion, Op};
use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::value::{Builtin, Class, Dict, Function, Value};
use crate::sim::NATIVE_SHORTCUTS;
use crate::syntax::ast::{BinOp, CmpOp};

/// What an op did to the frame stack.
pub(crate) enum Flow {
    Next,
    /// A frame was pushed or popped; pick up the new top.
    Switch,
    /// A bare `raise`: of the exception being handled, by this frame or by one
    /// that called it (`except E: helper()` where `helper` says `raise`).
    Reraise,
    Exit(Exit),
}

impl Machine {
    /// Runs `frames` (for a task, a callback or a nested call) until the frame at
    /// `base` returns or raises, or the innermost one suspends.
    pub(crate) fn run_frames(
        &mut self,
        frames: &mut Vec<Frame>,
        base: usize,
        resume: Resume,
    ) -> Exit {
        match resume {
            Resume::Start => {}
            Resume::Send(v) => {
                if let Some(top) = frames.last_mut() {
                    // Only the CLI's shortcuts wait without their frames.
                    let wait = if NATIVE_SHORTCUTS {
                        top.device_wait.take()
                    } else {
                        None
                    };
                    match wait {
                        Some(wait) => self.resume_device_wait(frames, base, wait, v),
                        None => {
                            top.stack.push(v);
                            self.run_device_request_epilogue(frames, base);
                        }
                    }
                }
            }
            Resume::Throw(e) => {
                if NATIVE_SHORTCUTS {
                    self.materialize_device_wait(frames);
                }
                if let Some(exit) = self.raise_in(frames, base, e) {
                    return exit;
                }
            }
        }
        loop {
            let result = self.run_innermost(frames, base);
            match result {
                Ok(Flow::Next) | Ok(Flow::Switch) => {}
                Ok(Flow::Exit(exit)) => return exit,
                Ok(Flow::Reraise) => {
                    let err = match frames.iter().rev().find_map(|f| f.handled.last()) {
                        Some(e) => {
                            e.0.reraised.set(true);
                            e.clone()
                        }
                        None => PyErr::runtime_error("No active exception to reraise"),
                    };
                    if let Some(exit) = self.raise_in(frames, base, err) {
                        return exit;
                    }
                }
                Err(e) => {
                    chain_to_handled(&e, frames);
                    if let Some(exit) = self.raise_in(frames, base, e) {
                        return exit;
                    }
                }
            }
        }
    }

    /// Counts an interpreter step of `frame` against the limit; true when the run
    /// must stop.
    #[inline(always)]
    fn count_step(&mut self, frame: &Frame) -> bool {
        self.steps += 1;
        if self.stop.is_some() {
            return true;
        }
        if self.has_unawaited() {
            self.drain_unawaited(self.user_line(frame));
        }
        if self.steps > self.limits.max_steps {
            self.stop_for_steps(self.user_line(frame));
            return true;
        }
        if self.over_memory() {
            self.stop_for_memory(self.user_line(frame));
            return true;
        }
        false
    }

    /// Notes the line a call is made from, for the natives it reaches (`print`,
    /// `cpu`, a device request, a warning): a line of the scenario's own code. Calls
    /// made by asyncio's code (the prelude) keep the line of the user's call that
    /// led there, so no event ever points into the prelude.
    #[inline(always)]
    pub(crate) fn note_line(&mut self, frame: &Frame) {
        if !frame.globals.is_prelude {
            self.line = frame.line();
        }
    }

    /// The line to report for something that happens in `frame`: its own, or in
    /// the prelude the user's line that led there.
    pub(crate) fn user_line(&self, frame: &Frame) -> u32 {
        if frame.globals.is_prelude {
            self.line
        } else {
            frame.line()
        }
    }

    /// Whether coroutines were dropped without ever running since the last report.
    pub(crate) fn has_unawaited(&self) -> bool {
        self.unawaited
            .try_borrow()
            .is_ok_and(|sink| !sink.is_empty())
    }

    /// Unwinds to the nearest handler. Returns the exit when the exception leaves
    /// the frame at `base` (or the run must stop).
    pub(crate) fn raise_in(
        &mut self,
        frames: &mut Vec<Frame>,
        base: usize,
        err: PyErr,
    ) -> Option<Exit> {
        let mut first = true;
        loop {
            if self.stop.is_some() {
                return Some(Exit::Stopped);
            }
            let frame = frames.last_mut()?;
            // A re-raise keeps the entry its frame made when it caught the exception.
            let reraised = first && err.0.reraised.replace(false);
            if !reraised {
                record_traceback(&err, frame);
            }
            first = false;
            // What the frame's stack held (the arguments of a call that failed) is
            // dropped as it unwinds, while its line is the current one: a coroutine
            // never awaited among them is reported there, as CPython reports it.
            let handler = frame.handlers.pop();
            frame
                .stack
                .truncate(handler.as_ref().map_or(0, |h| h.stack_depth as usize));
            if self.has_unawaited() {
                let line = self.user_line(frames.last().expect("a frame"));
                self.drain_unawaited(line);
            }
            let frame = frames.last_mut().expect("a frame");
            if let Some(handler) = handler {
                frame.handled.truncate(handler.handled_depth as usize);
                frame.stack.push(Value::Exception(err.0.clone()));
                frame.ip = handler.target as usize;
                return None;
            }
            let mut done = frames.pop().expect("a frame");
            if let Some(coro) = &done.coroutine {
                coro.borrow_mut().state = CoroutineState::Done;
            }
            keep_unwound_locals(&err, &mut done);
            if frames.len() <= base {
                // Where the run's own frame was left, as `Return` notes it.
                self.returned_line = self.user_line(&done);
                return Some(Exit::Raised(err));
            }
        }
    }

    /// Runs the innermost frame's ops until one calls, returns, awaits or raises:
    /// the ops in between stay in this loop, with the frame at hand. Inlined into
    /// `run_frames`' loop: a call per op costs more than most ops.
    #[inline(always)]
    fn run_innermost(&mut self, frames: &mut Vec<Frame>, base: usize) -> PyResult<Flow> {
        // Whether this frame is the run's own (at `base`): its return ends the run.
        let own = frames.len() <= base + 1;
        let frame = frames.last_mut().expect("a frame");
        // A frame's code never changes: its ops are held here for the loop rather
        // than reached through the frame and its code at every step.
        let code = frame.code.clone();
        let ops = &code.ops[..];
        loop {
            if self.count_step(frame) {
                return Ok(Flow::Exit(Exit::Stopped));
            }
            let Some(&op) = ops.get(frame.ip) else {
                return Err(PyErr::runtime_error(
                    "internal: ran past the end of the code",
                ));
            };
            frame.ip += 1;
            // The simple ops that follow run in the lane (`vm::lane`), which hands
            // back the first it does not take, counted like this one.
            let op = if NATIVE_SHORTCUTS && self.intrinsics {
                match self.run_lane(frame, ops, op) {
                    Some(op) => op,
                    None => continue,
                }
            } else {
                op
            };
            match op {
                Op::Nop => {}
                Op::LoadConst(i) => {
                    let v = frame.code.consts[i as usize].dup();
                    frame.stack.push(v);
                }
                Op::LoadFast(i) => match &frame.locals[i as usize] {
                    Some(v) => {
                        let v = v.dup();
                        frame.stack.push(v);
                    }
                    None => {
                        let name = &frame.code.local_names[i as usize];
                        return Err(PyErr::new(
                        ExcKind::UnboundLocalError,
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    ));
                    }
                },
                Op::StoreFast(i) => {
                    let v = frame.pop();
                    if let Some(old) = frame.locals[i as usize].replace(v) {
                        old.release();
                    }
                }
                Op::DeleteFast(i) => {
                    if frame.locals[i as usize].take().is_none() {
                        let name = &frame.code.local_names[i as usize];
                        return Err(PyErr::new(
                        ExcKind::UnboundLocalError,
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    ));
                    }
                }
                Op::LoadDeref(i) => {
                    let v = frame.cells[i as usize].borrow().clone();
                    match v {
                        Some(v) => frame.stack.push(v),
                        None => {
                            let name = cell_name(frame, i);
                            return Err(PyErr::new(
                            ExcKind::NameError,
                            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                        ));
                        }
                    }
                }
                Op::StoreDeref(i) => {
                    let v = frame.pop();
                    *frame.cells[i as usize].borrow_mut() = Some(v);
                }
                Op::LoadGlobal(i) => {
                    let v = frame.globals.values.borrow()[i as usize]
                        .as_ref()
                        .map(Value::dup);
                    let v = match v {
                        Some(v) => v,
                        None => {
                            // A builtin found by name is remembered in the empty slot; a
                            // later assignment to the global replaces it as before.
                            let globals = frame.globals.clone();
                            let v = self.load_builtin(&globals, i).inspect_err(|e| {
                                suggest_for_name(e, frame, &globals.names[i as usize])
                            })?;
                            globals.values.borrow_mut()[i as usize] = Some(v.clone());
                            v
                        }
                    };
                    frame.stack.push(v);
                }
                Op::StoreGlobal(i) => {
                    let v = frame.pop();
                    frame.globals.store(i, v);
                }
                Op::DeleteGlobal(i) => {
                    if !frame.globals.delete(i) {
                        let name = frame.globals.names[i as usize].clone();
                        return Err(PyErr::new(
                            ExcKind::NameError,
                            format!("name '{name}' is not defined"),
                        ));
                    }
                }
                Op::LoadAttr(i) => {
                    let name = frame.code.names[i as usize].clone();
                    let obj = frame.pop();
                    let v = self.load_attr(&obj, &name)?;
                    frame.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    let name = frame.code.names[i as usize].clone();
                    let obj = frame.pop();
                    let v = frame.pop();
                    self.store_attr(&obj, &name, v)?;
                }
                Op::Subscript => {
                    let index = frame.pop();
                    let container = frame.pop();
                    let v = object::get_item(&container, &index)?;
                    frame.stack.push(v);
                }
                Op::StoreSubscript => {
                    let index = frame.pop();
                    let container = frame.pop();
                    let mut v = frame.pop();
                    if let (Value::List(_), Value::Slice(_), Value::Iter(_)) =
                        (&container, &index, &v)
                    {
                        // `a[i:j] = generator`: run it here, where its code can run.
                        v = Value::list(object::collect(&v, self)?);
                    }
                    object::set_item(&container, &index, v)?;
                }
                Op::DeleteSubscript => {
                    let index = frame.pop();
                    let container = frame.pop();
                    object::del_item(&container, &index)?;
                }
                Op::BuildSlice => {
                    let step = frame.pop();
                    let upper = frame.pop();
                    let lower = frame.pop();
                    let v = object::make_slice(lower, upper, step)?;
                    frame.stack.push(v);
                }
                // On ints, `a += b` is `a + b`.
                Op::Binary(op) | Op::Inplace(op)
                    if NATIVE_SHORTCUTS && int_binary_in_place(&mut frame.stack, op) => {}
                Op::Compare(op)
                    if NATIVE_SHORTCUTS
                        && (int_compare_in_place(&mut frame.stack, op)
                            || none_identity_in_place(&mut frame.stack, op)) => {}
                Op::Binary(op) => {
                    let b = frame.pop();
                    let a = frame.pop();
                    let v = object::binary(op, &a, &b)?;
                    frame.stack.push(v);
                }
                Op::Inplace(op) => {
                    let b = frame.pop();
                    let a = frame.pop();
                    let v = object::inplace(op, &a, &b, self)?;
                    frame.stack.push(v);
                }
                Op::Unary(op) => {
                    let a = frame.pop();
                    let v = match op {
                        crate::syntax::ast::UnaryOp::Not => Value::Bool(!object::truthy(&a)),
                        _ => object::unary(op, &a)?,
                    };
                    frame.stack.push(v);
                }
                Op::Compare(op) => {
                    let b = frame.pop();
                    let a = frame.pop();
                    // `in` may advance a generator, whose code runs here.
                    let v = match op {
                        CmpOp::In => object::contains(&b, &a, self)?,
                        CmpOp::NotIn => !object::contains(&b, &a, self)?,
                        _ => object::compare(op, &a, &b)?,
                    };
                    frame.stack.push(Value::Bool(v));
                }
                Op::Pop => {
                    if let Some(v) = frame.stack.pop() {
                        v.release();
                    }
                }
                Op::Dup => {
                    let v = frame.top().dup();
                    frame.stack.push(v);
                }
                Op::DupTwo => {
                    let n = frame.stack.len();
                    if n >= 2 {
                        let a = frame.stack[n - 2].dup();
                        let b = frame.stack[n - 1].dup();
                        frame.stack.push(a);
                        frame.stack.push(b);
                    }
                }
                Op::Rot2 => {
                    let n = frame.stack.len();
                    if n >= 2 {
                        frame.stack.swap(n - 1, n - 2);
                    }
                }
                Op::Rot3 => {
                    let n = frame.stack.len();
                    if n >= 3 {
                        let top = frame.stack.remove(n - 1);
                        frame.stack.insert(n - 3, top);
                    }
                }
                Op::Jump(t) => frame.ip = t as usize,
                Op::PopJumpIfFalse(t) => {
                    let v = frame.pop();
                    if !object::truthy(&v) {
                        frame.ip = t as usize;
                    }
                    v.release();
                }
                Op::PopJumpIfTrue(t) => {
                    let v = frame.pop();
                    if object::truthy(&v) {
                        frame.ip = t as usize;
                    }
                    v.release();
                }
                Op::JumpIfFalseOrPop(t) => {
                    if !object::truthy(frame.top()) {
                        frame.ip = t as usize;
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    if object::truthy(frame.top()) {
                        frame.ip = t as usize;
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = frame.pop();
                    let it = object::iterate(&v)?;
                    frame
                        .stack
                        .push(Value::Iter(Rc::new(std::cell::RefCell::new(it))));
                }
                Op::ForIter(t) => {
                    let next = match frame.top() {
                        Value::Iter(it) => object::advance(it, self)?,
                        _ => None,
                    };
                    match next {
                        Some(v) => frame.stack.push(v),
                        None => {
                            frame.stack.pop();
                            frame.ip = t as usize;
                        }
                    }
                }
                Op::BuildList(n) => {
                    let items = frame.stack.split_off(frame.stack.len() - n as usize);
                    frame.stack.push(Value::list(items));
                }
                Op::BuildTuple(n) => {
                    let items = frame.stack.split_off(frame.stack.len() - n as usize);
                    frame.stack.push(Value::tuple(items));
                }
                Op::BuildDict(n) => {
                    let items = frame.stack.split_off(frame.stack.len() - 2 * n as usize);
                    let str_keys = items.iter().step_by(2).all(|k| matches!(k, Value::Str(_)));
                    let mut dict = Dict::for_display(n as usize, str_keys);
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        let key = object::hash_key(&k)?;
                        dict.insert(key, k, v);
                    }
                    frame
                        .stack
                        .push(Value::Dict(Rc::new(std::cell::RefCell::new(dict))));
                }
                Op::ListAppend(depth) => {
                    let v = frame.pop();
                    let at = frame.stack.len() - depth as usize;
                    if let Value::List(list) = &frame.stack[at] {
                        list.borrow_mut().push(v);
                    }
                }
                Op::MapAdd(depth) => {
                    let value = frame.pop();
                    let key = frame.pop();
                    let at = frame.stack.len() - depth as usize;
                    object::set_item(&frame.stack[at], &key, value)?;
                }
                Op::ListExtend => {
                    let iterable = frame.pop();
                    let items = object::collect(&iterable, self)?;
                    if let Value::List(list) = frame.top() {
                        list.borrow_mut().extend(items);
                    }
                }
                Op::ListToTuple => {
                    let v = frame.pop();
                    let items = object::collect(&v, self)?;
                    frame.stack.push(Value::tuple(items));
                }
                Op::UnpackSequence(n) => {
                    if let Some(Value::Tuple(items)) = frame.stack.last() {
                        // The common `a, b = f()`: no list of the items is made.
                        if items.len() == n as usize {
                            let items = items.clone();
                            frame.stack.pop();
                            frame.stack.extend(items.iter().rev().cloned());
                            continue;
                        }
                    }
                    let v = frame.pop();
                    let Ok(mut it) = object::iterate(&v) else {
                        return Err(PyErr::type_error(format!(
                            "cannot unpack non-iterable {} object",
                            v.type_name()
                        )));
                    };
                    // One more than needed at most, as CPython takes them: a generator
                    // runs no further than that.
                    let mut items = Vec::new();
                    while items.len() <= n as usize {
                        match object::iter_next(&mut it, self)? {
                            Some(item) => items.push(item),
                            None => break,
                        }
                    }
                    if items.len() != n as usize {
                        return Err(PyErr::value_error(if items.len() > n as usize {
                            format!("too many values to unpack (expected {n})")
                        } else {
                            format!(
                                "not enough values to unpack (expected {n}, got {})",
                                items.len()
                            )
                        }));
                    }
                    frame.stack.extend(items.into_iter().rev());
                }
                Op::FormatValue {
                    conversion,
                    has_spec,
                } => {
                    let spec = if has_spec { Some(frame.pop()) } else { None };
                    let v = frame.pop();
                    let v = match conversion {
                        Conversion::None => v,
                        Conversion::Str => Value::str(&object::to_str(&v, &*self)),
                        Conversion::Repr => Value::str(&object::repr(&v, &*self)),
                        Conversion::Ascii => Value::str(&ascii(&object::repr(&v, &*self))),
                    };
                    let spec = match &spec {
                        Some(Value::Str(s)) => s.to_string(),
                        _ => String::new(),
                    };
                    let text = if spec.is_empty() {
                        match &v {
                            Value::Str(s) => s.to_string(),
                            other => object::to_str(other, &*self),
                        }
                    } else {
                        object::format(&v, &spec, &*self)?
                    };
                    frame.stack.push(Value::str(&text));
                }
                Op::BuildString(n) => {
                    let parts = frame.stack.split_off(frame.stack.len() - n as usize);
                    let mut s = String::new();
                    for p in parts {
                        if let Value::Str(p) = &p {
                            s.push_str(p);
                        }
                    }
                    frame.stack.push(Value::str(&s));
                }
                Op::MakeFunction(i) => {
                    let code = frame.code.codes[i as usize].clone();
                    let kwdefaults = if code.has_kwdefaults {
                        match &frame.pop() {
                            Value::Dict(d) => code
                                .kwonly
                                .iter()
                                .map(|name| {
                                    d.borrow()
                                        .map()
                                        .get(&crate::sim::value::HashKey::Str(name.clone()))
                                        .map(|(_, v)| v.clone())
                                })
                                .collect(),
                            _ => Vec::new(),
                        }
                    } else {
                        vec![None; code.kwonly.len()]
                    };
                    let defaults = if code.n_defaults > 0 {
                        match &frame.pop() {
                            Value::Tuple(t) => t.to_vec(),
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let closure = code
                        .closure_from
                        .iter()
                        .map(|&c| frame.cells[c as usize].clone())
                        .collect();
                    let function = Function {
                        name: code.name.clone(),
                        code,
                        defaults,
                        kwdefaults,
                        closure,
                        globals: frame.globals.clone(),
                    };
                    frame.stack.push(Value::Function(Rc::new(function)));
                }
                Op::MakeClass { name, nmethods } => {
                    let name = frame.code.names[name as usize].clone();
                    let items = frame
                        .stack
                        .split_off(frame.stack.len() - 2 * nmethods as usize);
                    // A subclass starts from its base's methods (single inheritance:
                    // its own then replace them, as the lookup through `__mro__` finds).
                    let base = match &frame.pop() {
                        Value::Class(Class::Prelude(base)) => Some(base.clone()),
                        Value::None => None,
                        _ => {
                            return Err(PyErr::runtime_error(
                                "internal: a prelude class's base must be a prelude class",
                            ))
                        }
                    };
                    let mut methods = base.as_ref().map(|b| b.methods.clone()).unwrap_or_default();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        let Value::Str(k) = &k else { break };
                        methods.insert(k.clone(), v);
                    }
                    let class = crate::sim::value::ClassObj {
                        name,
                        module: Rc::from("asyncio"),
                        base,
                        methods,
                    };
                    frame
                        .stack
                        .push(Value::Class(Class::Prelude(Rc::new(class))));
                }
                Op::Call(argc) => {
                    let at = frame.stack.len() - argc as usize;
                    if let Some(Value::Function(f)) = at.checked_sub(1).map(|i| &frame.stack[i]) {
                        if f.binds_positionally(argc as usize) {
                            // `f(a, b)` binds nothing by name: the arguments move from this
                            // stack straight into the new frame's locals.
                            let f = f.clone();
                            self.note_line(frame);
                            return self.call_positionally(frames, &f, at, true);
                        }
                    }
                    if let Some(&Value::Builtin(b)) = at.checked_sub(1).map(|i| &frame.stack[i]) {
                        // Most natives read their arguments where they lie.
                        self.note_line(frame);
                        if let Some(result) = self.call_native_args(b, &frame.stack[at..]) {
                            frame.stack.truncate(at - 1);
                            frame.stack.push(result?);
                            continue;
                        }
                    }
                    let args = frame.stack.split_off(at);
                    let callee = frame.pop();
                    return self.call_and_continue(frames, callee, args, Vec::new());
                }
                Op::CallKw { argc, kwnames } => {
                    let names = match &frame.code.consts[kwnames as usize] {
                        Value::Tuple(t) => t.clone(),
                        _ => Rc::from(Vec::new()),
                    };
                    let mut args = frame.stack.split_off(frame.stack.len() - argc as usize);
                    let kw_values = args.split_off(args.len() - names.len());
                    let kwargs = names
                        .iter()
                        .zip(kw_values)
                        .map(|(n, v)| match n {
                            Value::Str(s) => (s.clone(), v),
                            _ => (Rc::from(""), v),
                        })
                        .collect();
                    let callee = frame.pop();
                    return self.call_and_continue(frames, callee, args, kwargs);
                }
                Op::CallEx { has_kwargs } => {
                    let kwargs = if has_kwargs {
                        match &frame.pop() {
                            Value::Dict(d) => d
                                .borrow()
                                .map()
                                .values()
                                .map(|(k, v)| match k {
                                    Value::Str(s) => (s.clone(), v.clone()),
                                    _ => (Rc::from(""), v.clone()),
                                })
                                .collect(),
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let args = match &frame.pop() {
                        Value::List(l) => l.borrow().clone(),
                        _ => Vec::new(),
                    };
                    let callee = frame.pop();
                    return self.call_and_continue(frames, callee, args, kwargs);
                }
                Op::CallMethod { name, argc } => {
                    let at = frame.stack.len() - argc as usize;
                    let name = &frame.code.names[name as usize];
                    if let Some(f) = at
                        .checked_sub(1)
                        .and_then(|i| self.plain_method(&frame.stack[i], name, argc as usize))
                    {
                        // `obj.m(a, b)` on an instance of a prelude class: the receiver
                        // and the arguments move straight into the new frame's locals.
                        self.note_line(frame);
                        return self.call_positionally(frames, &f, at - 1, false);
                    }
                    self.note_line(frame);
                    if let Some(receiver) = at.checked_sub(1).map(|i| &frame.stack[i]) {
                        // Futures', handles' and loops' simple methods, and
                        // `list.append`, read their arguments where they lie.
                        let args = &frame.stack[at..];
                        if let Some(result) = self.runtime_method_args(receiver, name, args) {
                            frame.stack.truncate(at - 1);
                            frame.stack.push(result?);
                            continue;
                        }
                    }
                    let name = name.clone();
                    let args = frame.stack.split_off(frame.stack.len() - argc as usize);
                    let receiver = frame.pop();
                    return self.call_method_and_continue(frames, receiver, &name, args);
                }
                Op::Return => {
                    let v = frame.pop();
                    if let Some(coro) = &frame.coroutine {
                        coro.borrow_mut().state = CoroutineState::Done;
                    }
                    if own {
                        self.returned_line = self.user_line(frame);
                    }
                    // The frame's buffers go back to the pool where it lies, and the
                    // rest of it is dropped there, without moving it out first.
                    self.pool.recycle(frame);
                    frames.truncate(frames.len() - 1);
                    if own {
                        return Ok(Flow::Exit(Exit::Returned(v)));
                    }
                    frames.last_mut().expect("caller").stack.push(v);
                    return Ok(Flow::Switch);
                }
                Op::Await => {
                    let awaitable = frame.pop();
                    return self.await_value(frames, awaitable);
                }
                Op::YieldValue => {
                    let v = frame.pop();
                    return Ok(Flow::Exit(Exit::Yielded(v)));
                }
                Op::SetupExcept(t) => {
                    let handler = Handler {
                        target: t,
                        stack_depth: frame.stack.len() as u32,
                        handled_depth: frame.handled.len() as u32,
                    };
                    frame.handlers.push(handler);
                }
                Op::PopBlock => {
                    frame.handlers.pop();
                }
                Op::PushExcInfo => {
                    if let Value::Exception(e) = frame.top() {
                        let e = PyErr(e.clone());
                        frame.handled.push(e);
                    }
                }
                Op::PopExcept => {
                    frame.handled.pop();
                }
                Op::ExcMatch => {
                    let class = frame.pop();
                    let matches = match frame.top() {
                        Value::Exception(e) => exception_matches(e.kind, &class)?,
                        _ => false,
                    };
                    frame.stack.push(Value::Bool(matches));
                }
                Op::Raise(n) => {
                    let err = match n {
                        // The exception being handled may be a caller's.
                        0 => return Ok(Flow::Reraise),
                        1 => {
                            let v = frame.pop();
                            let e = self.make_exception(v)?;
                            if let Some(ctx) = frame.handled.last() {
                                if !Rc::ptr_eq(&ctx.0, &e.0) {
                                    *e.0.context.borrow_mut() = Some(ctx.0.clone());
                                }
                            }
                            e
                        }
                        _ => {
                            let cause = frame.pop();
                            let v = frame.pop();
                            let e = self.make_exception(v)?;
                            if !cause.is_none() {
                                let c = self.make_exception(cause)?;
                                *e.0.cause.borrow_mut() = Some(c.0);
                            }
                            e.0.suppress_context.set(true);
                            e
                        }
                    };
                    // `raise e` of an exception raised before keeps its traceback
                    // and adds to it, as CPython's does.
                    return Err(err);
                }
                Op::Reraise => {
                    let v = frame.pop();
                    return match &v {
                        Value::Exception(e) => {
                            e.reraised.set(true);
                            Err(PyErr(e.clone()))
                        }
                        _ => Err(PyErr::runtime_error(
                            "internal: reraise without an exception",
                        )),
                    };
                }
                Op::AssertionFailed { has_msg } => {
                    let args = if has_msg {
                        vec![frame.pop()]
                    } else {
                        Vec::new()
                    };
                    return Err(PyErr::with_args(ExcKind::AssertionError, args));
                }
            }
        }
    }

    /// Calls `f` with the innermost frame's `stack[at..]` as its parameters (moved
    /// out of the stack) and, after them, `f`'s defaults; the function itself lies
    /// just below them when `pop_callee`, and is popped once they are bound.
    ///
    /// The callee's frame is made where it will run, on top of `frames`, rather than
    /// made aside and moved there. `await f(x)` and `await obj.m(x)` of an
    /// `async def` make a coroutine that nothing can see before the next op awaits
    /// it, so its frame simply stays there and no coroutine object is made. The
    /// skipped `Await` still counts as a step, as `run_frames` would count it, so
    /// limits stop a run at the same point.
    pub(crate) fn call_positionally(
        &mut self,
        frames: &mut Vec<Frame>,
        f: &Function,
        at: usize,
        pop_callee: bool,
    ) -> PyResult<Flow> {
        if f.code.is_async {
            if let Some(flow) = self.await_device_call(frames, f, at, pop_callee) {
                return flow;
            }
        }
        frames.push(self.pool.frame(f.code.clone(), f.globals.clone()));
        let n = frames.len();
        let (callers, pushed) = frames.split_at_mut(n - 1);
        let (caller, callee) = (&mut callers[n - 2], &mut pushed[0]);
        let given = caller.stack.len() - at;
        for (local, v) in callee.locals.iter_mut().zip(caller.stack.drain(at..)) {
            *local = Some(v);
        }
        for i in given..f.code.positional.len() {
            callee.locals[i] = Some(f.default_for(i));
        }
        if pop_callee {
            caller.stack.pop();
        }
        let awaited_next = caller.code.ops.get(caller.ip) == Some(&Op::Await);
        let run_now = if f.code.is_generator {
            false
        } else if !f.code.is_async {
            true
        } else if awaited_next && self.stop.is_none() && self.steps < self.limits.max_steps {
            self.steps += 1;
            if self.has_unawaited() {
                // What `count_step` would report before the `Await`.
                let line = self.user_line(caller);
                self.drain_unawaited(line);
            }
            caller.ip += 1;
            true
        } else {
            false
        };
        if !run_now {
            // A coroutine object for the caller to keep.
            let callee = frames.pop().expect("the frame just pushed");
            let called = self.enter_function(f, callee);
            return self.continue_with(frames, called);
        }
        self.enter_frame(f, callee);
        // `push_frame`'s depth check, the callee not counted.
        let depth = frames.len() as u32 - 1;
        if depth + self.nested_depth >= self.limits.max_depth {
            self.stop_for_depth(frames[frames.len() - 2].line());
            frames.pop();
            return Ok(Flow::Exit(Exit::Stopped));
        }
        if f.code.is_async {
            if let Some(flow) = self.run_device_call_prologue(frames) {
                return flow;
            }
            if let Some(future) = frames
                .last_mut()
                .and_then(|top| self.run_device_request_prologue(top))
            {
                return Ok(Flow::Exit(Exit::Suspended(Suspend::Future(future))));
            }
        }
        Ok(Flow::Switch)
    }

    /// Calls `callee`; a Python function's frame is pushed and runs next.
    fn call_and_continue(
        &mut self,
        frames: &mut Vec<Frame>,
        callee: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Flow> {
        if let Some(frame) = frames.last() {
            self.note_line(frame);
        }
        let called = self.call_value(callee, args, kwargs)?;
        self.continue_with(frames, called)
    }

    /// Continues after a call: a value is pushed, a frame runs next.
    fn continue_with(
        &mut self,
        frames: &mut Vec<Frame>,
        called: super::call::Called,
    ) -> PyResult<Flow> {
        match called {
            super::call::Called::Value(v) => {
                frames.last_mut().expect("frame").stack.push(v);
                Ok(Flow::Next)
            }
            super::call::Called::Frame(frame) => self.push_frame(frames, frame),
        }
    }

    fn call_method_and_continue(
        &mut self,
        frames: &mut Vec<Frame>,
        receiver: Value,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Flow> {
        let called = self.call_method(receiver, name, args, Vec::new())?;
        self.continue_with(frames, called)
    }

    pub(crate) fn push_frame(&mut self, frames: &mut Vec<Frame>, frame: Frame) -> PyResult<Flow> {
        if frames.len() as u32 + self.nested_depth >= self.limits.max_depth {
            let line = frames.last().map(Frame::line).unwrap_or(0);
            self.stop_for_depth(line);
            return Ok(Flow::Exit(Exit::Stopped));
        }
        frames.push(frame);
        Ok(Flow::Switch)
    }

    pub(crate) fn stop_for_depth(&mut self, line: u32) {
        self.stop_limit(
            format!(
                "stopped: recursion depth passed the limit of {} calls",
                self.limits.max_depth
            ),
            line,
        );
    }

    /// `await x`: runs a coroutine in place, or suspends on a pending future.
    fn await_value(&mut self, frames: &mut Vec<Frame>, awaitable: Value) -> PyResult<Flow> {
        match &awaitable {
            Value::Coroutine(coro) => {
                let state =
                    std::mem::replace(&mut coro.borrow_mut().state, CoroutineState::Running);
                match state {
                    CoroutineState::Created(mut frame) => {
                        frame.coroutine = Some(coro.clone());
                        self.push_frame(frames, *frame)
                    }
                    other => {
                        coro.borrow_mut().state = other;
                        Err(PyErr::runtime_error(
                            "cannot reuse already awaited coroutine",
                        ))
                    }
                }
            }
            Value::Future(id) => {
                let id = *id;
                if self.rt.future(id).status != crate::sim::runtime::FutureStatus::Pending {
                    let v = self.future_result(id)?;
                    frames.last_mut().expect("frame").stack.push(v);
                    return Ok(Flow::Next);
                }
                if self.rt.current_task.is_none() {
                    return Err(PyErr::runtime_error("await wasn't used with future"));
                }
                Ok(Flow::Exit(Exit::Suspended(Suspend::Future(id))))
            }
            Value::Builtin(Builtin::Yield) => Ok(Flow::Exit(Exit::Suspended(Suspend::Yield))),
            other => Err(PyErr::type_error(format!(
                "object {} can't be used in 'await' expression",
                other.type_name()
            ))),
        }
    }

    /// `raise X`: a class is instantiated, an instance used as is.
    fn make_exception(&mut self, v: Value) -> PyResult<PyErr> {
        match &v {
            Value::Exception(e) => Ok(PyErr(e.clone())),
            Value::Class(Class::Exception(kind)) => Ok(PyErr::bare(*kind)),
            _ => Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            )),
        }
    }

    fn load_builtin(&mut self, globals: &Rc<super::frame::Globals>, slot: u32) -> PyResult<Value> {
        let name = globals.names[slot as usize].clone();
        if globals.is_prelude {
            if let Some(v) = self.prelude_native(&name) {
                return Ok(v);
            }
        }
        object::lookup_builtin(&name)
            .ok_or_else(|| PyErr::new(ExcKind::NameError, format!("name '{name}' is not defined")))
    }
}

impl Machine {
    /// The function `receiver.name(…)` calls with `argc` arguments when that is a
    /// method of a prelude class taking exactly `self` and them, not shadowed by an
    /// instance attribute.
    pub(crate) fn plain_method(
        &mut self,
        receiver: &Value,
        name: &Rc<str>,
        argc: usize,
    ) -> Option<Rc<Function>> {
        let Value::Instance(inst) = receiver else {
            return None;
        };
        if inst.shadows_method.get() && inst.attrs.borrow().contains_key(&**name) {
            return None;
        }
        let i = self.method_cache.index_of(&inst.class, name)?;
        match inst.class.methods.get_index(i) {
            Some((_, Value::Function(f))) if f.binds_positionally(argc + 1) => Some(f.clone()),
            _ => None,
        }
    }
}

/// Moves the coroutine objects among the locals of `frame`, which `err` unwound,
/// into the exception, which keeps them as CPython's traceback keeps the frame
/// (see `Exception::unwound`): freeing one is what a program can see (a
/// warning if it never ran). The other locals go with the frame. Kept, a list
/// could hold the exception itself (`errors.append(e)`), a cycle that only
/// CPython's garbage collector would free.
fn keep_unwound_locals(err: &PyErr, frame: &mut Frame) {
    let mut unwound = err.0.unwound.borrow_mut();
    for local in &mut frame.locals {
        if let Some(Value::Coroutine(_)) = local {
            if let Some(coroutine) = local.take() {
                unwound.push(coroutine);
            }
        }
    }
}

/// `a op b` for the two ints on top of `stack`, done where they lie, when `op` is
/// `+`, `-` or `%` by a positive int and cannot fail; false (nothing touched)
/// otherwise, and the general path runs. A loop counter's `k % 2 == 0` or a running
/// `total += n` then costs no call and no drop.
#[inline]
pub(super) fn int_binary_in_place(stack: &mut Vec<Value>, op: BinOp) -> bool {
    let [.., Value::Int(a), Value::Int(b)] = stack.as_slice() else {
        return false;
    };
    let result = match op {
        BinOp::Add => a.checked_add(*b),
        BinOp::Sub => a.checked_sub(*b),
        // Python's `%` takes the sign of the divisor: for b > 0 that is rem_euclid.
        BinOp::Mod if *b > 0 => Some(a.rem_euclid(*b)),
        _ => None,
    };
    let Some(result) = result else {
        return false;
    };
    // A plain int owns nothing, so forgetting it drops nothing.
    std::mem::forget(stack.pop());
    if let Some(Value::Int(a)) = stack.last_mut() {
        *a = result;
    }
    true
}

/// `a op b` for the two ints on top of `stack`, replaced by the bool, for the
/// ordering and equality operators; false (nothing touched) otherwise.
#[inline]
pub(super) fn int_compare_in_place(stack: &mut Vec<Value>, op: CmpOp) -> bool {
    let [.., Value::Int(a), Value::Int(b)] = stack.as_slice() else {
        return false;
    };
    let result = match op {
        CmpOp::Eq => a == b,
        CmpOp::NotEq => a != b,
        CmpOp::Lt => a < b,
        CmpOp::LtE => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::GtE => a >= b,
        _ => return false,
    };
    // Plain ints own nothing, so forgetting them drops nothing.
    std::mem::forget(stack.pop());
    if let Some(top) = stack.last_mut() {
        std::mem::forget(std::mem::replace(top, Value::Bool(result)));
    }
    true
}

/// `x is None` and `x is not None` (the prelude's commonest tests), replaced by the
/// bool where they lie; false (nothing touched) for any other comparison.
#[inline]
fn none_identity_in_place(stack: &mut Vec<Value>, op: CmpOp) -> bool {
    let [.., a, Value::None] = stack.as_slice() else {
        return false;
    };
    let result = match op {
        CmpOp::Is => a.is_none(),
        CmpOp::IsNot => !a.is_none(),
        _ => return false,
    };
    stack.pop();
    if let Some(top) = stack.last_mut() {
        std::mem::replace(top, Value::Bool(result)).release();
    }
    true
}

/// "Did you mean" for a name not found by `frame`, as CPython offers it: the
/// closest of the frame's locals, else of the module's globals, else of the builtins.
fn suggest_for_name(e: &PyErr, frame: &Frame, name: &str) {
    use crate::sim::suggest::{closest, BUILTINS};
    if e.kind() != ExcKind::NameError {
        return;
    }
    let locals: Vec<&str> = frame.code.local_names.iter().map(|n| &**n).collect();
    let found = closest(name, &locals)
        .or_else(|| closest(name, &frame.globals.dict_names()))
        .or_else(|| closest(name, BUILTINS));
    *e.0.suggestion.borrow_mut() = found.map(Rc::from);
}

fn cell_name(frame: &Frame, i: u32) -> Rc<str> {
    let code = &frame.code;
    let i = i as usize;
    if i < code.cellvars.len() {
        code.cellvars[i].0.clone()
    } else {
        code.freevars
            .get(i - code.cellvars.len())
            .cloned()
            .unwrap_or_else(|| Rc::from("?"))
    }
}

/// An exception raised while another is being handled (`except KeyError: 1 / 0`)
/// has that one as its context, as CPython sets it on every raise. `raise` sets it
/// for its own exception; this is for the ones the ops raise, fresh from the
/// innermost frame.
fn chain_to_handled(err: &PyErr, frames: &[Frame]) {
    if !err.0.traceback.borrow().is_empty() || err.0.context.borrow().is_some() {
        return;
    }
    let Some(handled) = frames.iter().rev().find_map(|f| f.handled.last()) else {
        return;
    };
    if !Rc::ptr_eq(&handled.0, &err.0) {
        *err.0.context.borrow_mut() = Some(handled.0.clone());
    }
}

/// Appends this frame's line to the exception's traceback (the prelude's frames are
/// asyncio's, which the summary leaves out). A coroutine that has not started yet is
/// at its `def` line, as in CPython.
fn record_traceback(err: &PyErr, frame: &Frame) {
    if frame.globals.is_prelude {
        return;
    }
    let line = if frame.ip == 0 {
        frame.code.first_line
    } else {
        frame.line()
    };
    err.0
        .traceback
        .borrow_mut()
        .push((frame.code.name.clone(), line));
}

/// `except C:` — does an exception of `kind` match the class (or tuple of classes)?
fn exception_matches(kind: ExcKind, class: &Value) -> PyResult<bool> {
    match class {
        Value::Class(Class::Exception(c)) => Ok(kind.is_subclass_of(*c)),
        Value::Tuple(items) => {
            for item in items.iter() {
                if exception_matches(kind, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        )),
    }
}

fn ascii(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for c in s.chars() {
        let code = c as u32;
        // Writing into a String cannot fail.
        let _ = if c.is_ascii() {
            out.write_char(c)
        } else if code <= 0xff {
            write!(out, "\\x{code:02x}")
        } else if code <= 0xffff {
            write!(out, "\\u{code:04x}")
        } else {
            write!(out, "\\U{code:08x}")
        };
    }
    out
}
