//! Prelude code run natively where nothing can tell the difference.
//!
//! `Device._request` starts every device read and write with the same straight-line
//! prologue: the blocking-mode test, `_check_nbytes`, `get_running_loop()`,
//! `loop.create_future()`, `_device_submit(...)` and the completion timer
//! `_call_at_us(...)`. Every call in it is a native, none can run Python code, and
//! when the arguments are valid none can fail. When a frame of `_request` starts and
//! nothing can interrupt the prologue — the arguments are valid, the step, event and
//! loop limits leave room for all of it — the machine does the same native calls,
//! in the same order (each sees the user's line, as every call from the prelude
//! does), stores the same locals, counts the same interpreter steps, and lets the
//! frame go on at the `try:`. Otherwise the bytecode runs as usual. So a trace, its limits and its
//! messages are the same either way; only the time differs. Where the epilogue is
//! recognised, the prologue also enters the `try:` and awaits the new future, which
//! is pending, when a task runs it and the step limit leaves room for those ops
//! too: the task then suspends on the future as the `Await` would suspend it.
//!
//! The epilogue is the same kind of shortcut: when the task resumes with the
//! request's result, `_request` stores it, leaves its `try:`, runs the `finally:`
//! (`h.cancel()`, a native on a timer that has already fired) and returns it. When
//! the step limit leaves room for those ops and no coroutine is waiting to be
//! reported, the machine does the same in one go: the same local stored, the same
//! handle cancelled, the frame returned as `Return` does it,
//! and the same steps counted. A resumption with an exception (a cancelled read)
//! runs the bytecode.
//!
//! `Device.read` and `Device.write` around it are one line,
//! `return await self._request(op, nbytes)`: when their frame starts with room for
//! the ops up to the call, the machine counts them, puts the same receiver and
//! arguments on the stack, and makes the call as the
//! `CallMethod` op makes it (the same method lookup, the same frame pushed, the same
//! `Await` skipped); once `_request`'s epilogue has returned into them, their
//! `Return` runs in the same go when the step limit leaves room for it.
//!
//! The commonest case goes further: a frame's `await disk.read(n)` (a call of
//! `Device.read` or `Device.write` whose next op awaits it) makes neither frame
//! when nothing could interrupt the way to the suspension. The machine does what
//! the shortcuts above would do — the same native calls, events and steps — and
//! the awaiting frame keeps what the two frames would hold (`DeviceWait`). When the
//! task resumes with the result and the epilogue and `read`'s `Return` have room,
//! the result is pushed, the handle cancelled and their steps counted; otherwise
//! (an exception thrown in, as a cancellation does, or a limit in the way) the two
//! frames are made as the bytecode would have left them, and the usual path runs.
//! Tasks wait in reads by the thousand, so not making, keeping and freeing those
//! frames saves a quarter of the many-task benchmark's time.
//!
//! All of these are recognised op by op when the prelude is loaded; a prelude
//! whose `Device` reads differently simply runs as bytecode (a unit test keeps the
//! shortcuts in use).

mod gather;

pub(crate) use gather::GatherDone;

use std::rc::Rc;

use crate::compile::{CodeObject, Op};
use crate::sim::exceptions::PyResult;
use crate::sim::machine::Machine;
use crate::sim::runtime::Callback;
use crate::sim::value::{Class, DeviceId, Function, FutureId, FutureKind, HandleId, LoopId, Value};
use crate::sim::vm::frame::{Globals, Handler};
use crate::sim::vm::{CoroutineState, Exit, Flow, Frame, Suspend};
use crate::sim::NATIVE_SHORTCUTS;
use crate::trace::{IoOp, Mode};

/// The recognised prologue of `Device._request` (see the module comment).
pub(crate) struct DeviceRequest {
    /// The code object of `Device._request`, compared by address.
    code: Rc<CodeObject>,
    /// Where `self._h` was last found among a device's attributes (every Device
    /// sets its attributes in the same order), checked before use.
    handle_at: std::cell::Cell<usize>,
    /// The recognised epilogue, if `_request` ends as expected.
    epilogue: Option<Epilogue>,
    /// `Device.read` and `Device.write`, those that read as expected.
    calls: Vec<DeviceCall>,
}

/// `Device.read` or `Device.write`: `return await self._request(op, nbytes)`, as
/// `CALL` (see the module comment).
struct DeviceCall {
    code: Rc<CodeObject>,
    /// `"read"` or `"write"`, the constant the call passes.
    op: Value,
    /// The name `_request` as this code holds it (method lookups are keyed by it).
    request_name: Rc<str>,
}

/// The ops of `Device.read` and `Device.write`: the docstring (kept as a constant
/// and popped), `self._request(op, nbytes)`, `Await`, `Return`.
const CALL: [Option<Op>; 8] = [
    None, // LoadConst(docstring)
    Some(Op::Pop),
    Some(Op::LoadFast(0)),
    None, // LoadConst(op)
    Some(Op::LoadFast(1)),
    None, // CallMethod _request, 2
    Some(Op::Await),
    Some(Op::Return),
];

/// The ops up to and including the `CallMethod`, counted before the call is made.
const CALL_STEPS: u64 = 6;
/// Where the frame goes on once the call returns: its `Return`.
const CALL_RETURN_AT: usize = 7;

/// The end of `Device._request`, from the `await future` on (see the module
/// comment): `EPILOGUE`, starting at the op after the prologue.
struct Epilogue {
    /// Where the `try:` block's handler starts (its `SetupExcept` target).
    handler_target: u32,
    /// The op right after the `Await`: where the resumed frame goes on.
    resume_at: usize,
    /// The compiler's local that keeps the returned value while `finally:` runs.
    result_local: usize,
}

/// The locals of `_request`, in the order the compiler numbers them.
const LOCALS: [&str; 8] = [
    "self",
    "op",
    "nbytes",
    "loop",
    "future",
    "completion_us",
    "_request_id",
    "h",
];
const SELF: usize = 0;
const OP: usize = 1;
const NBYTES: usize = 2;
const LOOP: usize = 3;
const FUTURE: usize = 4;
const COMPLETION_US: usize = 5;
const REQUEST_ID: usize = 6;
const HANDLE: usize = 7;

/// What the prologue is, op by op; globals, names and constants by their text.
#[derive(Clone, Copy)]
enum Expect {
    Op(Op),
    Global(&'static str),
    Call(u32),
    Method(&'static str, u32),
    Attr(&'static str),
    False,
    /// `if _blocking_mode():` jumps here, the start of the async path.
    JumpToAsync,
}

const PROLOGUE: [Expect; 36] = [
    Expect::Global("_blocking_mode"),
    Expect::Call(0),
    Expect::JumpToAsync,
    // `return self._request_blocking(op, nbytes)`: skipped in async mode.
    Expect::Op(Op::LoadFast(SELF as u32)),
    Expect::Op(Op::LoadFast(OP as u32)),
    Expect::Op(Op::LoadFast(NBYTES as u32)),
    Expect::Method("_request_blocking", 2),
    Expect::Op(Op::Return),
    // _check_nbytes(nbytes)
    Expect::Global("_check_nbytes"),
    Expect::Op(Op::LoadFast(NBYTES as u32)),
    Expect::Call(1),
    Expect::Op(Op::Pop),
    // loop = get_running_loop()
    Expect::Global("get_running_loop"),
    Expect::Call(0),
    Expect::Op(Op::StoreFast(LOOP as u32)),
    // future = loop.create_future()
    Expect::Op(Op::LoadFast(LOOP as u32)),
    Expect::Method("create_future", 0),
    Expect::Op(Op::StoreFast(FUTURE as u32)),
    // completion_us, _request_id = _device_submit(self._h, op, nbytes, False)
    Expect::Global("_device_submit"),
    Expect::Op(Op::LoadFast(SELF as u32)),
    Expect::Attr("_h"),
    Expect::Op(Op::LoadFast(OP as u32)),
    Expect::Op(Op::LoadFast(NBYTES as u32)),
    Expect::False,
    Expect::Call(4),
    Expect::Op(Op::UnpackSequence(2)),
    Expect::Op(Op::StoreFast(COMPLETION_US as u32)),
    Expect::Op(Op::StoreFast(REQUEST_ID as u32)),
    // h = _call_at_us(loop, completion_us, _set_result_unless_cancelled, future, nbytes)
    Expect::Global("_call_at_us"),
    Expect::Op(Op::LoadFast(LOOP as u32)),
    Expect::Op(Op::LoadFast(COMPLETION_US as u32)),
    Expect::Global("_set_result_unless_cancelled"),
    Expect::Op(Op::LoadFast(FUTURE as u32)),
    Expect::Op(Op::LoadFast(NBYTES as u32)),
    Expect::Call(5),
    Expect::Op(Op::StoreFast(HANDLE as u32)),
];

/// Ops the async path runs: the three of the blocking-mode test, then the rest.
/// `try: return await future` / `finally: h.cancel()`, from the `try:` on; the
/// local that keeps the result while `finally:` runs is the compiler's (`None`).
const EPILOGUE: [Option<Op>; 10] = [
    None, // SetupExcept
    Some(Op::LoadFast(FUTURE as u32)),
    Some(Op::Await),
    None, // StoreFast(result)
    Some(Op::PopBlock),
    Some(Op::LoadFast(HANDLE as u32)),
    None, // CallMethod cancel, 0
    Some(Op::Pop),
    None, // LoadFast(result)
    Some(Op::Return),
];
/// The ops the epilogue runs before the task suspends: `SetupExcept`, `LoadFast`,
/// `Await`.
const AWAIT_STEPS: u64 = 3;
/// The ops the epilogue runs once the task resumes: the store to the `Return`.
const EPILOGUE_STEPS: u64 = EPILOGUE.len() as u64 - AWAIT_STEPS;

const ASYNC_FROM: usize = 8;
const STEPS: u64 = (3 + PROLOGUE.len() - ASYNC_FROM) as u64;
/// Events `_device_submit` records: submitted, started, completed.
const EVENTS: u64 = 3;

impl DeviceRequest {
    /// Recognises the prologue in the loaded prelude's `Device._request`, whose
    /// global names are `global_names`; `None` if it reads differently.
    pub(crate) fn recognise(prelude: &crate::sim::vm::Globals) -> Option<DeviceRequest> {
        let device = prelude.get("Device");
        let Some(Value::Class(Class::Prelude(device))) = &device else {
            return None;
        };
        let Some(Value::Function(request)) = device.methods.get("_request") else {
            return None;
        };
        let code = &request.code;
        let names_match = code.local_names.len() >= LOCALS.len()
            && LOCALS
                .iter()
                .zip(&code.local_names)
                .all(|(want, have)| **have == **want);
        if !names_match
            || !code
                .positional
                .iter()
                .map(|p| &**p)
                .eq(["self", "op", "nbytes"])
        {
            return None;
        }
        let values = prelude.values.borrow();
        let global = |i: u32, want: &str| {
            // The prelude never assigns these, so the name resolves to the native.
            prelude.names.get(i as usize).is_some_and(|n| &**n == want)
                && values.get(i as usize).is_some_and(Option::is_none)
        };
        for (i, expect) in PROLOGUE.iter().enumerate() {
            let op = *code.ops.get(i)?;
            let ok = match (*expect, op) {
                (Expect::Op(want), have) => want == have,
                (Expect::Global(name), Op::LoadGlobal(g)) => global(g, name),
                (Expect::Call(argc), Op::Call(n)) => argc == n,
                (Expect::Method(name, argc), Op::CallMethod { name: n, argc: a }) => {
                    a == argc && code.names.get(n as usize).is_some_and(|s| &**s == name)
                }
                (Expect::Attr(name), Op::LoadAttr(n)) => {
                    code.names.get(n as usize).is_some_and(|s| &**s == name)
                }
                (Expect::False, Op::LoadConst(c)) => {
                    matches!(code.consts.get(c as usize), Some(Value::Bool(false)))
                }
                (Expect::JumpToAsync, Op::PopJumpIfFalse(t)) => t as usize == ASYNC_FROM,
                _ => false,
            };
            if !ok {
                return None;
            }
        }
        // The try block that follows keeps the frame's own code.
        if !matches!(code.ops.get(PROLOGUE.len()), Some(Op::SetupExcept(_))) {
            return None;
        }
        Some(DeviceRequest {
            code: code.clone(),
            handle_at: std::cell::Cell::new(0),
            epilogue: if NATIVE_SHORTCUTS {
                Epilogue::recognise(code)
            } else {
                None
            },
            calls: if NATIVE_SHORTCUTS {
                ["read", "write"]
                    .into_iter()
                    .filter_map(|name| match device.methods.get(name) {
                        Some(Value::Function(f)) => DeviceCall::recognise(&f.code, name),
                        _ => None,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
    }
}

impl DeviceCall {
    fn recognise(code: &Rc<CodeObject>, op: &str) -> Option<DeviceCall> {
        let ops = code.ops.get(..CALL.len())?;
        let fixed = CALL
            .iter()
            .zip(ops)
            .all(|(want, have)| want.is_none_or(|want| want == *have));
        let (Op::LoadConst(_), Op::LoadConst(op_at), Op::CallMethod { name, argc: 2 }) =
            (ops[0], ops[3], ops[5])
        else {
            return None;
        };
        let op_value = code.consts.get(op_at as usize)?;
        let request_name = code.names.get(name as usize)?;
        let positional = code.positional.iter().map(|p| &**p).eq(["self", "nbytes"]);
        if !fixed
            || !positional
            || !matches!(op_value, Value::Str(s) if &**s == op)
            || &**request_name != "_request"
        {
            return None;
        }
        Some(DeviceCall {
            code: code.clone(),
            op: op_value.clone(),
            request_name: request_name.clone(),
        })
    }
}

impl Epilogue {
    fn recognise(code: &CodeObject) -> Option<Epilogue> {
        let at = PROLOGUE.len();
        let ops = code.ops.get(at..at + EPILOGUE.len())?;
        let fixed = EPILOGUE
            .iter()
            .zip(ops)
            .all(|(want, have)| want.is_none_or(|want| want == *have));
        let (
            Op::SetupExcept(handler_target),
            Op::StoreFast(result),
            Op::CallMethod { name, argc: 0 },
            Op::LoadFast(reloaded),
        ) = (ops[0], ops[3], ops[6], ops[8])
        else {
            return None;
        };
        let is_cancel = code
            .names
            .get(name as usize)
            .is_some_and(|n| &**n == "cancel");
        let result_local = result as usize;
        // The result's local is the compiler's own, none of the named ones.
        if !fixed || !is_cancel || reloaded != result || result_local < LOCALS.len() {
            return None;
        }
        Some(Epilogue {
            handler_target,
            resume_at: at + AWAIT_STEPS as usize,
            result_local,
        })
    }
}

impl Machine {
    /// Runs the prologue of a `Device._request` frame that was just pushed, when it
    /// is one and nothing could interrupt the prologue; see the module comment.
    /// `Some(future)` when it also awaited the request's future: the task suspends
    /// on it.
    pub(crate) fn run_device_request_prologue(&mut self, frame: &mut Frame) -> Option<FutureId> {
        let request = self.device_request.as_ref()?;
        if !Rc::ptr_eq(&frame.code, &request.code) || frame.ip != 0 {
            return None;
        }
        // `await future` suspends the task that runs it (outside a task the op
        // raises, so the bytecode runs it).
        let handler_target = request.epilogue.as_ref().map(|e| e.handler_target);
        let awaits = handler_target.is_some()
            && self.rt.current_task.is_some()
            && self.steps + STEPS + AWAIT_STEPS <= self.limits.max_steps;
        // Every condition under which a step of the prologue would act otherwise:
        // blocking mode, a limit, a coroutine to report, an argument it would refuse.
        let room = self.stop.is_none()
            && self.mode == Mode::Async
            && self.steps + STEPS <= self.limits.max_steps
            && self.rec.len() as u64 + EVENTS <= self.limits.max_events
            && !self.has_unawaited();
        if !room {
            return None;
        }
        let (Some(receiver), Some(nbytes), Some(op)) = (
            &frame.locals[SELF],
            &frame.locals[NBYTES],
            &frame.locals[OP],
        ) else {
            return None;
        };
        let device = request.device_of(receiver)?;
        let loop_id = self.rt.running_loop?;
        if !valid_nbytes(nbytes) || self.rt.loops[loop_id.index()].closed {
            return None;
        }
        let (nbytes, op) = (nbytes.clone(), op.clone());
        let submitted = self.submit_device_request(device, loop_id, &op, nbytes);
        let Submitted {
            future,
            completion_us,
            request_id,
            handle,
        } = submitted;
        frame.locals[LOOP] = Some(Value::Loop(loop_id));
        frame.locals[FUTURE] = Some(Value::Future(future));
        frame.locals[COMPLETION_US] = Some(Value::Int(completion_us as i64));
        frame.locals[REQUEST_ID] = Some(Value::Int(request_id as i64));
        frame.locals[HANDLE] = Some(Value::Handle(handle));
        frame.ip = PROLOGUE.len();
        self.steps += STEPS;
        let (true, Some(target)) = (awaits, handler_target) else {
            return None;
        };
        // `SetupExcept`, `LoadFast(future)`, `Await` on the pending future.
        frame.handlers.push(Handler {
            target,
            stack_depth: frame.stack.len() as u32,
            handled_depth: frame.handled.len() as u32,
        });
        frame.ip += AWAIT_STEPS as usize;
        self.steps += AWAIT_STEPS;
        Some(future)
    }

    /// Runs the epilogue of the innermost frame when it is a `Device._request` just
    /// resumed with its result (on top of its stack) and nothing could interrupt
    /// the epilogue; see the module comment. Its caller's frame, above `base`, then
    /// holds the result, as after `Return`.
    pub(crate) fn run_device_request_epilogue(&mut self, frames: &mut Vec<Frame>, base: usize) {
        if !NATIVE_SHORTCUTS {
            return;
        }
        let Some(epilogue) = self.device_request.as_ref().and_then(|r| {
            let frame = frames.last()?;
            let at = r.epilogue.as_ref()?;
            (Rc::ptr_eq(&frame.code, &r.code) && frame.ip == at.resume_at).then_some(at)
        }) else {
            return;
        };
        let result_local = epilogue.result_local;
        let room = frames.len() > base + 1
            && self.stop.is_none()
            && self.steps + EPILOGUE_STEPS <= self.limits.max_steps
            && !self.has_unawaited();
        let frame = frames.last_mut().expect("the resumed frame");
        let handle = match &frame.locals[HANDLE] {
            Some(Value::Handle(h)) => h.index(),
            _ => return,
        };
        if !room
            || frame.stack.is_empty()
            || frame.handlers.is_empty()
            || frame.locals[result_local].is_some()
        {
            return;
        }
        // `StoreFast(result)`, `PopBlock`.
        let result = frame.pop();
        frame.locals[result_local] = Some(result.clone());
        frame.handlers.pop();
        // `h.cancel()`, as `CallMethod` runs it (a call from the prelude leaves the
        // user's line as it is).
        self.rt.handles[handle].cancelled = true;
        // `LoadFast(result)`, `Return`.
        if let Some(coro) = &frame.coroutine {
            coro.borrow_mut().state = CoroutineState::Done;
        }
        self.pool.recycle(frame);
        frames.truncate(frames.len() - 1);
        frames.last_mut().expect("caller").stack.push(result);
        self.steps += EPILOGUE_STEPS;
        self.return_from_device_call(frames, base);
    }

    /// The `Return` of a `Device.read` or `Device.write` frame that `_request` has
    /// just returned into, when nothing could interrupt it, as the op runs it.
    fn return_from_device_call(&mut self, frames: &mut Vec<Frame>, base: usize) {
        let Some(frame) = frames.last() else {
            return;
        };
        let is_call = self
            .device_request
            .as_ref()
            .is_some_and(|r| r.calls.iter().any(|c| Rc::ptr_eq(&c.code, &frame.code)));
        let room = frames.len() > base + 1
            && self.stop.is_none()
            && self.steps < self.limits.max_steps
            && !self.has_unawaited();
        if !is_call || frame.ip != CALL_RETURN_AT || !room {
            return;
        }
        let frame = frames.last_mut().expect("the call's frame");
        let result = frame.pop();
        if let Some(coro) = &frame.coroutine {
            coro.borrow_mut().state = CoroutineState::Done;
        }
        self.pool.recycle(frame);
        frames.truncate(frames.len() - 1);
        frames.last_mut().expect("caller").stack.push(result);
        self.steps += 1;
    }

    /// Runs the ops of a `Device.read` or `Device.write` frame just pushed up to its
    /// `self._request(...)` call, and makes the call, when nothing could interrupt
    /// them; see the module comment. `None`: the bytecode runs instead.
    pub(crate) fn run_device_call_prologue(
        &mut self,
        frames: &mut Vec<Frame>,
    ) -> Option<PyResult<Flow>> {
        if !NATIVE_SHORTCUTS {
            return None;
        }
        let (op, request_name) = {
            let request = self.device_request.as_ref()?;
            let frame = frames.last()?;
            let call = request
                .calls
                .iter()
                .find(|c| Rc::ptr_eq(&c.code, &frame.code))?;
            if frame.ip != 0 {
                return None;
            }
            (call.op.clone(), call.request_name.clone())
        };
        let room = self.stop.is_none()
            && self.steps + CALL_STEPS <= self.limits.max_steps
            && !self.has_unawaited();
        if !room {
            return None;
        }
        let frame = frames.last_mut()?;
        let (Some(receiver), Some(nbytes)) = (&frame.locals[0], &frame.locals[1]) else {
            return None;
        };
        let (receiver, nbytes) = (receiver.clone(), nbytes.clone());
        let method = self.request_method(&receiver, &request_name)?;
        frame.stack.extend([receiver, op, nbytes]);
        frame.ip = CALL_STEPS as usize;
        self.steps += CALL_STEPS;
        let at = frame.stack.len() - 3;
        Some(self.call_positionally(frames, &method, at, false))
    }
}

impl DeviceRequest {
    /// The native device behind a `Device` instance: its `_h` attribute.
    fn device_of(&self, receiver: &Value) -> Option<DeviceId> {
        let Value::Instance(inst) = receiver else {
            return None;
        };
        let attrs = inst.attrs.borrow();
        let at = self.handle_at.get();
        let found = match attrs.get_index(at) {
            Some((name, v)) if &**name == "_h" => Some(v),
            _ => attrs.get_full("_h").map(|(at, _, v)| {
                self.handle_at.set(at);
                v
            }),
        };
        match found {
            Some(Value::Device(d)) => Some(*d),
            _ => None,
        }
    }
}

/// Whether `_check_nbytes` accepts `nbytes` (so the prologue cannot raise).
fn valid_nbytes(nbytes: &Value) -> bool {
    match nbytes {
        Value::Int(n) => *n >= 0,
        Value::Bool(_) => true,
        _ => false,
    }
}

/// What the prologue's native calls made: the values of its locals.
struct Submitted {
    future: FutureId,
    completion_us: u64,
    request_id: u32,
    handle: HandleId,
}

/// `await device.read(n)` or `write(n)` of a frame, run natively up to the
/// suspension: `Device.read`'s frame and `_request`'s frame, suspended at `await
/// future`, were not made. This is all they would hold; see
/// [`Machine::push_device_wait_frames`].
pub(crate) struct DeviceWait {
    /// `Device.read` or `Device.write` (its code and module), and
    /// `Device._request`, as called.
    call: (Rc<CodeObject>, Rc<Globals>),
    request: Rc<Function>,
    receiver: Value,
    /// `"read"` or `"write"`.
    op: Value,
    nbytes: Value,
    loop_id: LoopId,
    submitted: Submitted,
}

/// The steps from the caller's `CALL` of `read` to the suspension: its skipped
/// `Await`, `read`'s ops up to its call of `_request` and that call's skipped
/// `Await`, and `_request`'s prologue and `await future`.
const WAIT_STEPS: u64 = 1 + CALL_STEPS + 1 + STEPS + AWAIT_STEPS;
/// The steps once the task resumes with the result: `_request`'s epilogue and
/// `read`'s `Return`.
const RESUME_STEPS: u64 = EPILOGUE_STEPS + 1;

impl Machine {
    /// What `read`'s `self._request(op, nbytes)` calls on `receiver`, when that is
    /// the recognised `Device._request` itself (an instance attribute or another
    /// class could shadow it).
    fn request_method(&mut self, receiver: &Value, name: &Rc<str>) -> Option<Rc<Function>> {
        let method = self.plain_method(receiver, name, 2)?;
        let request = self.device_request.as_ref()?;
        Rc::ptr_eq(&method.code, &request.code).then_some(method)
    }

    /// The native calls of `_request`'s prologue: `loop.create_future()`,
    /// `_device_submit(...)`, `_call_at_us(...)`. (`_blocking_mode()`,
    /// `_check_nbytes(nbytes)` and `get_running_loop()` have no effect here.)
    fn submit_device_request(
        &mut self,
        device: DeviceId,
        loop_id: LoopId,
        op: &Value,
        nbytes: Value,
    ) -> Submitted {
        let op = match op {
            Value::Str(s) if &**s == "write" => IoOp::Write,
            _ => IoOp::Read,
        };
        let future = self.rt.new_future(loop_id, FutureKind::Future);
        let n = match nbytes {
            Value::Int(n) => n,
            _ => 0,
        };
        let (completion_us, request_id) = self.device_submit(device.0, op, n, false);
        let callback = Callback::SetResultUnlessCancelled {
            fut: future,
            result: nbytes,
        };
        let handle = self.schedule_timer(loop_id, completion_us as i64, callback);
        Submitted {
            future,
            completion_us,
            request_id,
            handle,
        }
    }

    /// `await device.read(n)` (or `write`), `f` being `read` called with the
    /// innermost frame's `stack[at..]` (and the function below them when
    /// `pop_callee`): when the next op awaits it and nothing could interrupt the
    /// way to the suspension, does what `call_positionally` and the shortcuts above
    /// would do — the same native calls, steps and events — without making the two
    /// frames, which the frame keeps the means to make (`device_wait`). `None`:
    /// the call runs as usual.
    pub(crate) fn await_device_call(
        &mut self,
        frames: &mut [Frame],
        f: &Function,
        at: usize,
        pop_callee: bool,
    ) -> Option<PyResult<Flow>> {
        if !NATIVE_SHORTCUTS {
            return None;
        }
        let request = self.device_request.as_ref()?;
        request.epilogue.as_ref()?;
        let call = request
            .calls
            .iter()
            .find(|c| Rc::ptr_eq(&c.code, &f.code))?;
        let caller = frames.last()?;
        let room = caller.code.ops.get(caller.ip) == Some(&Op::Await)
            && self.stop.is_none()
            && self.mode == Mode::Async
            && self.rt.current_task.is_some()
            && self.steps + WAIT_STEPS <= self.limits.max_steps
            && self.rec.len() as u64 + EVENTS <= self.limits.max_events
            && !self.has_unawaited()
            // Both frames' depth checks: `_request`'s would be one deeper than the caller's.
            && frames.len() as u32 + 1 + self.nested_depth < self.limits.max_depth;
        if !room {
            return None;
        }
        let receiver = caller.stack.get(at)?;
        let nbytes = match caller.stack.get(at + 1) {
            Some(v) => v.dup(),
            None => f.default_for(1),
        };
        let device = request.device_of(receiver)?;
        let loop_id = self.rt.running_loop?;
        if !valid_nbytes(&nbytes) || self.rt.loops[loop_id.index()].closed {
            return None;
        }
        let (receiver, op, request_name) =
            (receiver.clone(), call.op.clone(), call.request_name.clone());
        let method = self.request_method(&receiver, &request_name)?;
        let caller = frames.last_mut()?;
        caller.stack.truncate(at);
        if pop_callee {
            caller.stack.pop();
        }
        caller.ip += 1;
        let submitted = self.submit_device_request(device, loop_id, &op, nbytes.clone());
        let future = submitted.future;
        self.steps += WAIT_STEPS;
        frames.last_mut()?.device_wait = Some(Box::new(DeviceWait {
            call: (f.code.clone(), f.globals.clone()),
            request: method,
            receiver,
            op,
            nbytes,
            loop_id,
            submitted,
        }));
        Some(Ok(Flow::Exit(Exit::Suspended(Suspend::Future(future)))))
    }

    /// Resumes the innermost frame, which awaits a device request without its
    /// frames (`device_wait`), with the request's result: when nothing could
    /// interrupt `_request`'s epilogue and `read`'s `Return`, does what they do
    /// (the handle cancelled, the steps counted, the result pushed); otherwise makes
    /// the two frames and resumes them.
    // Boxed on purpose: see `wait`.
    #[allow(clippy::boxed_local)]
    pub(crate) fn resume_device_wait(
        &mut self,
        frames: &mut Vec<Frame>,
        base: usize,
        // Boxed still: the fast way reads one field of it, and a move out of the box
        // would copy all of it (cold by now, the task having waited).
        wait: Box<DeviceWait>,
        result: Value,
    ) {
        let room = frames.len() > base
            && self.stop.is_none()
            && self.steps + RESUME_STEPS <= self.limits.max_steps
            && !self.has_unawaited();
        if room {
            self.rt.handles[wait.submitted.handle.index()].cancelled = true;
            self.steps += RESUME_STEPS;
            if let Some(top) = frames.last_mut() {
                top.stack.push(result);
            }
            return;
        }
        self.push_device_wait_frames(frames, *wait);
        if let Some(top) = frames.last_mut() {
            top.stack.push(result);
        }
        self.run_device_request_epilogue(frames, base);
    }

    /// Makes the frames the innermost frame's `device_wait` stands for, as the
    /// bytecode would have left them at the suspension: `read` at its `Return`,
    /// `_request` in its `try:` at the op after `await future`.
    pub(crate) fn materialize_device_wait(&mut self, frames: &mut Vec<Frame>) {
        if let Some(wait) = frames.last_mut().and_then(|top| top.device_wait.take()) {
            self.push_device_wait_frames(frames, *wait);
        }
    }

    fn push_device_wait_frames(&mut self, frames: &mut Vec<Frame>, wait: DeviceWait) {
        let Some(epilogue) = self
            .device_request
            .as_ref()
            .and_then(|r| r.epilogue.as_ref())
        else {
            return;
        };
        let (resume_at, handler_target) = (epilogue.resume_at, epilogue.handler_target);
        let DeviceWait {
            call,
            request,
            receiver,
            op,
            nbytes,
            loop_id,
            submitted,
        } = wait;
        let (call_code, call_globals) = call;
        let mut read = self.pool.frame(call_code, call_globals);
        read.locals[0] = Some(receiver.clone());
        read.locals[1] = Some(nbytes.clone());
        read.ip = CALL_RETURN_AT;
        let mut frame = self
            .pool
            .frame(request.code.clone(), request.globals.clone());
        frame.locals[SELF] = Some(receiver);
        frame.locals[OP] = Some(op);
        frame.locals[NBYTES] = Some(nbytes);
        frame.locals[LOOP] = Some(Value::Loop(loop_id));
        frame.locals[FUTURE] = Some(Value::Future(submitted.future));
        frame.locals[COMPLETION_US] = Some(Value::Int(submitted.completion_us as i64));
        frame.locals[REQUEST_ID] = Some(Value::Int(submitted.request_id as i64));
        frame.locals[HANDLE] = Some(Value::Handle(submitted.handle));
        frame.handlers.push(Handler {
            target: handler_target,
            stack_depth: 0,
            handled_depth: 0,
        });
        frame.ip = resume_at;
        frames.push(read);
        frames.push(frame);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::DeviceRequest;
    use crate::sim::machine::{loaded_prelude, simulate_with, Limits};
    use crate::trace::{Mode, Outcome};

    #[test]
    fn the_device_request_prologue_epilogue_and_calls_are_recognised() {
        let request = DeviceRequest::recognise(&loaded_prelude());
        assert!(
            request.is_some(),
            "Device._request no longer reads as sim::intrinsics expects: update PROLOGUE"
        );
        let request = request.expect("recognised");
        if !crate::sim::NATIVE_SHORTCUTS {
            return;
        }
        assert!(
            request.epilogue.is_some(),
            "Device._request no longer ends as sim::intrinsics expects: update EPILOGUE"
        );
        assert_eq!(
            request.calls.len(),
            2,
            "Device.read or Device.write no longer reads as sim::intrinsics expects: update CALL"
        );
    }

    /// Reads and writes from several tasks, one cancelled in the middle of a read,
    /// one refused for its nbytes, a zero-byte read and a bool, reads awaited as
    /// coroutine objects and run as tasks of their own.
    const DEVICES: &str = r#"import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.002, parallel=2)
net = Device("net", latency=0.010, bandwidth=1000000)

async def worker(i):
    total = 0
    for k in range(3):
        if k % 2 == 0:
            total += await disk.read(100 * k)
        else:
            total += await net.write(10 + i)
        cpu(0.001)
    return total

async def odd():
    try:
        await disk.read(-1)
    except ValueError as e:
        print("refused:", e)
    print(await net.read(True))
    # A read's coroutine made first and awaited later; a task that is a read; a
    # task that is the request itself, whose frame is the task's only one.
    c = disk.read(2)
    print(await c)
    print(await asyncio.create_task(net.read(7)))
    print(await asyncio.create_task(disk._request("read", 3)))
    # The method called as a function, with its default nbytes.
    print(await Device.read(disk), await Device.write(net, 4))

async def reader(device, nbytes):
    try:
        return await device.read(nbytes)
    finally:
        print("reader done", nbytes)

async def main():
    slow = asyncio.create_task(net.read(5000))
    # Reads awaited in a coroutine, cancelled while they wait: by the task's
    # cancel(), and by wait_for's timeout.
    inner = asyncio.create_task(reader(net, 6000))
    await asyncio.sleep(0.001)
    slow.cancel()
    inner.cancel("enough")
    try:
        await asyncio.wait_for(reader(disk, 7000), 0.001)
    except asyncio.TimeoutError:
        print("timed out")
    print(await asyncio.gather(*[worker(i) for i in range(3)], odd()))
    for t in (slow, inner):
        try:
            await t
        except asyncio.CancelledError as e:
            print("cancelled", e.args)

asyncio.run(main())
"#;

    /// The native prologue and epilogue change no trace: under every step limit and
    /// every event limit up to the whole run, with them and without them, in both
    /// modes.
    #[test]
    fn the_native_prologue_and_epilogue_give_the_same_trace_under_every_limit() {
        assert_shortcuts_change_no_trace(DEVICES, true);
    }

    /// Runs `source` with the shortcuts and as bytecode, in both modes: without
    /// limits, under each step limit from 1 until the run completes, and, when
    /// `event_limits`, under every event limit up to the whole run. Each pair of
    /// traces must be equal.
    pub(crate) fn assert_shortcuts_change_no_trace(source: &str, event_limits: bool) {
        let program = crate::prepare(source).expect("compiles");
        let agree = |mode: Mode, limits: &Limits| {
            let native = simulate_with(&program, mode, limits, true);
            let bytecode = simulate_with(&program, mode, limits, false);
            assert!(native == bytecode, "{mode:?} {limits:?}");
            native
        };
        for mode in [Mode::Async, Mode::Blocking] {
            let full = agree(mode, &Limits::default());
            assert!(
                matches!(full.outcome, Outcome::Completed),
                "{:?}",
                full.outcome
            );
            let completes = (1..100_000).any(|max_steps| {
                let limits = Limits {
                    max_steps,
                    ..Limits::default()
                };
                matches!(agree(mode, &limits).outcome, Outcome::Completed)
            });
            assert!(completes, "no step limit let the run complete");
            let events = if event_limits {
                full.events.len() as u64 + 2
            } else {
                1
            };
            for max_events in 1..events {
                let limits = Limits {
                    max_events,
                    ..Limits::default()
                };
                agree(mode, &limits);
            }
        }
    }
}
