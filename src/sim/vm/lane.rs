//! The simple ops' lane: most of the ops a scenario runs between two calls load a
//! local, a constant or a global, do int arithmetic, compare, jump, or advance a
//! `range`. The interpreter's loop checks the run's limits before every op and
//! reaches the frame through memory for each; this lane runs a stretch of such ops
//! with the op pointer and the step count held in registers.
//!
//! Nothing it runs can change what those checks look at, so it need not repeat
//! them: it allocates nothing (a push that would grow a stack leaves the op to the
//! loop), it drops nothing that owns something without leaving the lane at once
//! (such a drop can report a coroutine never awaited, which the next op's check
//! must see), and it counts the steps it runs against the limit exactly as the loop
//! would. So a run, its steps and where a limit stops it are the same with the lane
//! as without (the browser's build leaves it out, for page weight; a unit test runs
//! a program under every step limit both ways).
//!
//! Ints and bools are read where they lie (`&Value::Int(n)`) and pushed straight
//! into their slot, never moved as whole values: a move copies 16 bytes at once,
//! and a load that spans the two separate stores that wrote a tag and its number a
//! moment before cannot be served from the store buffer (see `push_int`). A loop of
//! int arithmetic runs about a third faster so (0.20 s to 0.13 s for 3 million
//! iterations in the profiling build; CPython takes 0.22-0.24 s); the many-task
//! benchmark, whose ops are mostly calls, awaits and resumptions, about 2%.

use super::exec::{int_binary_in_place, int_compare_in_place};
use super::frame::Frame;
use crate::compile::Op;
use crate::sim::machine::Machine;
use crate::sim::value::{PyIter, Value};
use crate::syntax::ast::CmpOp;

/// How an op went in the lane.
enum Ran {
    /// Done; the next op may run in the lane.
    Next,
    /// Done, but it dropped a value that owns something: the loop's checks run
    /// before the next op.
    Leave,
    /// Not run (not a simple op, or not in its simple form): the loop runs it.
    Declined,
}

impl Machine {
    /// Runs `op` (already counted, and the frame's op pointer past it) and the
    /// simple ops after it. Returns the op the interpreter's loop must run next,
    /// counted and passed like `op`; `None` when the loop goes on with its checks
    /// and the frame's next op.
    #[inline(always)]
    pub(super) fn run_lane(&mut self, frame: &mut Frame, ops: &[Op], mut op: Op) -> Option<Op> {
        // The loop has just checked `op`'s step: each further op may run while
        // the count stays within the limit.
        let budget = self.limits.max_steps.saturating_sub(self.steps);
        let mut counted = 0;
        let mut ip = frame.ip;
        let next = loop {
            match run_simple(frame, op, &mut ip) {
                Ran::Next => {}
                Ran::Leave => break None,
                Ran::Declined => break Some(op),
            }
            if counted == budget {
                break None;
            }
            let Some(&following) = ops.get(ip) else {
                break None;
            };
            counted += 1;
            ip += 1;
            op = following;
        };
        frame.ip = ip;
        self.steps += counted;
        next
    }
}

/// Runs one op if it is simple, `ip` being the frame's op pointer (past the op).
#[inline(always)]
fn run_simple(frame: &mut Frame, op: Op, ip: &mut usize) -> Ran {
    let has_room = frame.stack.len() < frame.stack.capacity();
    match op {
        Op::LoadFast(i) if has_room => match &frame.locals[i as usize] {
            // An int is read and written again a word at a time (see `push_int`).
            &Some(Value::Int(n)) => push_int(&mut frame.stack, n),
            Some(v) => {
                let v = v.dup();
                push(&mut frame.stack, v);
                Ran::Next
            }
            None => Ran::Declined,
        },
        Op::LoadConst(i) if has_room => {
            let v = frame.code.consts[i as usize].dup();
            push(&mut frame.stack, v);
            Ran::Next
        }
        Op::LoadGlobal(i) if has_room => {
            let v = frame.globals.values.borrow()[i as usize]
                .as_ref()
                .map(Value::dup);
            match v {
                Some(v) => {
                    push(&mut frame.stack, v);
                    Ran::Next
                }
                None => Ran::Declined,
            }
        }
        Op::StoreFast(i) => {
            if let (Some(&Value::Int(n)), Some(slot)) =
                (frame.stack.last(), frame.locals.get_mut(i as usize))
            {
                if slot.as_ref().is_none_or(Value::owns_nothing) {
                    discard_top(&mut frame.stack);
                    // SAFETY: the slot's old value owns nothing: overwriting it is
                    // dropping it.
                    unsafe { std::ptr::write(slot, Some(Value::Int(n))) };
                    return Ran::Next;
                }
            }
            let v = frame.pop();
            match frame.locals[i as usize].replace(v) {
                Some(old) => dropped(old),
                None => Ran::Next,
            }
        }
        Op::Pop => match frame.stack.pop() {
            Some(v) => dropped(v),
            None => Ran::Next,
        },
        Op::Jump(t) => {
            *ip = t as usize;
            Ran::Next
        }
        Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
            if let Some(&Value::Bool(b)) = frame.stack.last() {
                discard_top(&mut frame.stack);
                if b == matches!(op, Op::PopJumpIfTrue(_)) {
                    *ip = t as usize;
                }
                return Ran::Next;
            }
            let v = frame.pop();
            if crate::sim::object::truthy(&v) == matches!(op, Op::PopJumpIfTrue(_)) {
                *ip = t as usize;
            }
            dropped(v)
        }
        Op::Binary(op) | Op::Inplace(op) if int_binary_in_place(&mut frame.stack, op) => Ran::Next,
        Op::Compare(op) if int_compare_in_place(&mut frame.stack, op) => Ran::Next,
        Op::Compare(op @ (CmpOp::Is | CmpOp::IsNot)) => {
            // `x is None`, with x owning nothing: a replaced value that owns
            // something is left to the loop, whose drop may have effects.
            let [.., a, Value::None] = frame.stack.as_slice() else {
                return Ran::Declined;
            };
            if !a.owns_nothing() {
                return Ran::Declined;
            }
            let result = a.is_none() == (op == CmpOp::Is);
            frame.stack.pop();
            if let Some(top) = frame.stack.last_mut() {
                *top = Value::Bool(result);
            }
            Ran::Next
        }
        Op::ForIter(t) if has_room => {
            let Value::Iter(it) = frame.top() else {
                return Ran::Declined;
            };
            let Ok(mut cursor) = it.try_borrow_mut() else {
                return Ran::Declined;
            };
            let PyIter::Range { .. } = &*cursor else {
                return Ran::Declined;
            };
            let next = cursor.range_next();
            drop(cursor);
            match next {
                Some(n) => push(&mut frame.stack, Value::Int(n)),
                None => {
                    // The exhausted cursor of a range owns nothing but its memory.
                    frame.stack.pop();
                    *ip = t as usize;
                }
            }
            Ran::Next
        }
        _ => Ran::Declined,
    }
}

/// Drops a value the lane took off the stack or out of a local.
#[inline(always)]
fn dropped(v: Value) -> Ran {
    if v.owns_nothing() {
        std::mem::forget(v);
        Ran::Next
    } else {
        drop(v);
        Ran::Leave
    }
}

/// Pushes an int: its tag and its number are written as two words, and read back
/// so (`&Value::Int(n)` patterns), never moved as a whole. A move copies 16 bytes
/// at once, and a load that spans two recent stores cannot be served from the
/// store buffer: it waits for them, about a dozen cycles, at nearly every op.
#[inline(always)]
fn push_int(stack: &mut Vec<Value>, n: i64) -> Ran {
    push(stack, Value::Int(n));
    Ran::Next
}

/// Pushes onto a stack with room (the lane takes no op that would grow one). With
/// no call to grow it in between, a value made here is written straight into its
/// slot, a word at a time, rather than made aside and copied in 16-byte pieces.
#[inline(always)]
fn push(stack: &mut Vec<Value>, v: Value) {
    let len = stack.len();
    debug_assert!(len < stack.capacity());
    // SAFETY: the lane runs a pushing op only when the stack has room.
    unsafe {
        std::ptr::write(stack.as_mut_ptr().add(len), v);
        stack.set_len(len + 1);
    }
}

/// Removes the top of the stack, a value that owns nothing, without reading it.
#[inline(always)]
fn discard_top(stack: &mut Vec<Value>) {
    if let Some(n) = stack.len().checked_sub(1) {
        debug_assert!(stack[n].owns_nothing());
        // SAFETY: the value left behind owns nothing, so forgetting it is
        // dropping it.
        unsafe { stack.set_len(n) };
    }
}

#[cfg(test)]
mod tests {
    /// Every op of the lane, in its simple form and in the forms it leaves to the
    /// loop: ints, bools and `None` compared, a `range` loop and a `while` loop,
    /// locals overwritten that own something (a list, and a coroutine never
    /// awaited, which CPython reports at the line that drops it), an unbound local.
    const OPS: &str = r#"
import asyncio

LIMIT = 10

async def job(n):
    return n

def count(n):
    total = 0
    flag = False
    nothing = None
    for k in range(n):
        if k % 3 == 0:
            total += k
        elif k > 5:
            total -= 1
        flag = not flag
        if nothing is None and flag:
            total += 2
        if k is not None and total != 1.5:
            total = total + 1
        c = job(k) if k == 4 else [k]
        c = 0
    while total > LIMIT:
        total -= 7
    return total

def unbound():
    try:
        print(later)
    except UnboundLocalError as e:
        print(e)
    later = 1
    return later

async def main():
    print(count(12), count(3), unbound())
    x = [1, 2]
    y = x
    y = 5
    print(x, y, "a" if y else "b")

asyncio.run(main())
"#;

    /// The lane changes no trace: under every step limit, with it and without it.
    #[test]
    fn the_lane_gives_the_same_trace_under_every_limit() {
        crate::sim::intrinsics::tests::assert_shortcuts_change_no_trace(OPS, true);
    }
}
