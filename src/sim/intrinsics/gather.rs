//! `gather`'s `_done_callback`, run natively on its common path.
//!
//! Every child of `asyncio.gather` calls the closure when it is done; for all but
//! the last child, and when nothing went wrong, it only counts: `nfinished += 1`,
//! `outer` is not done, the child was neither cancelled nor failed (or
//! `return_exceptions` is set), and `nfinished` is not yet `nfuts`. When the
//! callback starts on that path — its cells hold what it expects and the step
//! limit leaves room — the machine does the same: the same cell stored, the child's
//! `exception()` called (which marks it retrieved), the same steps counted, and
//! `None` returned; the frame is never made. Every other case (the last child,
//! which builds the results; an exception; a cancellation; an `outer` already done
//! or not yet made) runs the bytecode.
//!
//! The path is recognised op by op when the prelude loads, as the device shortcuts
//! are (`sim::intrinsics`); a prelude whose callback reads differently simply runs
//! as bytecode, and a unit test keeps the shortcut in use. With ten thousand tasks
//! gathered, their callbacks were a seventh of the many-task benchmark's time.

use std::rc::Rc;

use crate::compile::{CodeObject, Op};
use crate::sim::machine::Machine;
use crate::sim::runtime::FutureStatus;
use crate::sim::value::{Function, Value};
use crate::sim::vm::Globals;
use crate::sim::{object, NATIVE_SHORTCUTS};
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};

/// The closure's free variables, in the order its cells are kept.
const FREEVARS: [&str; 5] = [
    "nfinished",
    "outer",
    "return_exceptions",
    "nfuts",
    "children",
];
const NFINISHED: usize = 0;
const OUTER: usize = 1;
const RETURN_EXCEPTIONS: usize = 2;
const NFUTS: usize = 3;

/// What an op of the path must be; constants and names by their value.
#[derive(Clone, Copy)]
enum Expect {
    Op(Op),
    /// `LoadConst` of this int, or of `None`.
    Int(i64),
    None,
    Method(&'static str),
}

/// The ops of the common path, by position: `nfinished += 1`, `if outer is None
/// or outer.done():` (not taken), `if not return_exceptions:`, `if
/// fut.cancelled():` (not taken), `exc = fut.exception()`, `if exc is not None:`
/// (not taken), `if nfinished == nfuts:` (not taken), the implicit `return None`.
const PATH: [(usize, Expect); 30] = [
    (0, Expect::Op(Op::LoadDeref(NFINISHED as u32))),
    (1, Expect::Int(1)),
    (2, Expect::Op(Op::Inplace(BinOp::Add))),
    (3, Expect::Op(Op::StoreDeref(NFINISHED as u32))),
    (4, Expect::Op(Op::LoadDeref(OUTER as u32))),
    (5, Expect::None),
    (6, Expect::Op(Op::Compare(CmpOp::Is))),
    (7, Expect::Op(Op::JumpIfTrueOrPop(10))),
    (8, Expect::Op(Op::LoadDeref(OUTER as u32))),
    (9, Expect::Method("done")),
    (10, Expect::Op(Op::PopJumpIfFalse(20))),
    (20, Expect::Op(Op::LoadDeref(RETURN_EXCEPTIONS as u32))),
    (21, Expect::Op(Op::Unary(UnaryOp::Not))),
    (22, Expect::Op(Op::PopJumpIfFalse(49))),
    (23, Expect::Op(Op::LoadFast(0))),
    (24, Expect::Method("cancelled")),
    (25, Expect::Op(Op::PopJumpIfFalse(36))),
    (36, Expect::Op(Op::LoadFast(0))),
    (37, Expect::Method("exception")),
    (38, Expect::Op(Op::StoreFast(1))),
    (39, Expect::Op(Op::LoadFast(1))),
    (40, Expect::None),
    (41, Expect::Op(Op::Compare(CmpOp::IsNot))),
    (42, Expect::Op(Op::PopJumpIfFalse(49))),
    (49, Expect::Op(Op::LoadDeref(NFINISHED as u32))),
    (50, Expect::Op(Op::LoadDeref(NFUTS as u32))),
    (51, Expect::Op(Op::Compare(CmpOp::Eq))),
    (52, Expect::Op(Op::PopJumpIfFalse(105))),
    (105, Expect::None),
    (106, Expect::Op(Op::Return)),
];

/// The steps of the path: every op above.
const STEPS: u64 = PATH.len() as u64;
/// With `return_exceptions` set, the child is not looked at: ops 23 to 42 are
/// skipped (`if not return_exceptions:` jumps to 49).
const STEPS_RETURNING_EXCEPTIONS: u64 = STEPS - 10;

/// The recognised `gather.<locals>._done_callback`.
pub(crate) struct GatherDone {
    code: Rc<CodeObject>,
}

impl GatherDone {
    pub(crate) fn recognise(prelude: &Globals) -> Option<GatherDone> {
        if !NATIVE_SHORTCUTS {
            return None;
        }
        let Some(Value::Function(gather)) = &prelude.get("gather") else {
            return None;
        };
        let code = gather
            .code
            .codes
            .iter()
            .find(|c| &*c.qualname == "gather.<locals>._done_callback")?;
        let shape = code.positional.iter().map(|p| &**p).eq(["fut"])
            && code.freevars.iter().map(|p| &**p).eq(FREEVARS)
            && code.cellvars.is_empty();
        let path = PATH.iter().all(|&(at, expect)| {
            let Some(&op) = code.ops.get(at) else {
                return false;
            };
            match (expect, op) {
                (Expect::Op(want), have) => want == have,
                (Expect::Int(want), Op::LoadConst(c)) => {
                    matches!(code.consts.get(c as usize), Some(Value::Int(n)) if *n == want)
                }
                (Expect::None, Op::LoadConst(c)) => {
                    matches!(code.consts.get(c as usize), Some(Value::None))
                }
                (Expect::Method(want), Op::CallMethod { name, argc: 0 }) => {
                    code.names.get(name as usize).is_some_and(|n| &**n == want)
                }
                _ => false,
            }
        });
        (shape && path).then(|| GatherDone { code: code.clone() })
    }
}

impl Machine {
    /// Runs `func(*args)`, a callback the loop is running, natively when it is
    /// `gather`'s `_done_callback` on its common path (see the module comment);
    /// false when the bytecode must run it.
    pub(crate) fn run_gather_done_callback(&mut self, func: &Function, args: &[Value]) -> bool {
        if !NATIVE_SHORTCUTS {
            return false;
        }
        let is_it = self
            .gather_done
            .as_ref()
            .is_some_and(|g| Rc::ptr_eq(&g.code, &func.code));
        let (true, [Value::Future(child)], [nfinished, outer, return_exceptions, nfuts, _]) =
            (is_it, args, &func.closure[..])
        else {
            return false;
        };
        let child = *child;
        let int = |cell: &crate::sim::value::Cell| match &*cell.borrow() {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        };
        let (Some(finished), Some(nfuts)) = (int(nfinished), int(nfuts)) else {
            return false;
        };
        let Some(Value::Future(outer)) = *outer.borrow() else {
            return false;
        };
        let returning_exceptions = match &*return_exceptions.borrow() {
            Some(v) => object::truthy(v),
            None => return false,
        };
        let finished = finished + 1;
        let steps = if returning_exceptions {
            STEPS_RETURNING_EXCEPTIONS
        } else {
            STEPS
        };
        let child_succeeded = || {
            let f = self.rt.future(child);
            f.status == FutureStatus::Finished && f.settled.exception().is_none()
        };
        let room = self.stop.is_none()
            && self.steps + steps <= self.limits.max_steps
            && !self.has_unawaited()
            && self.rt.future(outer).status == FutureStatus::Pending
            && (returning_exceptions || child_succeeded())
            && finished != nfuts;
        if !room {
            return false;
        }
        *nfinished.borrow_mut() = Some(Value::Int(finished));
        if !returning_exceptions {
            // `fut.exception()`, which marks it retrieved and returns `None` here.
            let _ = self.future_exception(child);
        }
        self.steps += steps;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::GatherDone;
    use crate::sim::machine::loaded_prelude;

    #[test]
    fn the_done_callback_is_recognised() {
        let recognised = GatherDone::recognise(&loaded_prelude()).is_some();
        assert_eq!(
            recognised,
            crate::sim::NATIVE_SHORTCUTS,
            "gather's _done_callback no longer reads as sim::intrinsics::gather expects: update PATH"
        );
    }

    /// Gathers of every kind: results, a failure with and without
    /// `return_exceptions`, a cancelled child, a duplicate, an outer gather
    /// cancelled, a gather of gathers, and a child that is a plain future.
    const GATHERS: &str = r#"import asyncio

async def work(i, fail=False):
    await asyncio.sleep(0.001 * (i % 3))
    if fail:
        raise ValueError(f"bad {i}")
    return i * 10

async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.gather(*[work(i) for i in range(5)]))
    print(await asyncio.gather(work(1), work(2, True), work(3), return_exceptions=True))
    try:
        await asyncio.gather(work(1), work(2, True), work(3))
    except ValueError as e:
        print("failed:", e)
    t = asyncio.create_task(work(4))
    doomed = asyncio.create_task(work(5))
    fut = loop.create_future()
    loop.call_later(0.002, fut.set_result, "plain")
    g = asyncio.gather(t, t, doomed, fut, return_exceptions=True)
    doomed.cancel()
    print(await g)
    outer = asyncio.gather(work(7), asyncio.sleep(1))
    await asyncio.sleep(0.0015)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled")
    inner = [asyncio.gather(work(i), work(i + 1)) for i in range(3)]
    print(await asyncio.gather(*inner))

asyncio.run(main())
"#;

    /// The native path changes no trace: under every step limit up to the whole
    /// run, with it and without it, in both modes.
    #[test]
    fn the_native_done_callback_gives_the_same_trace_under_every_limit() {
        crate::sim::intrinsics::tests::assert_shortcuts_change_no_trace(GATHERS, false);
    }
}
