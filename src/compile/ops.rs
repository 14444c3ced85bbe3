//! The instruction set of the scenario VM: a stack machine close to CPython's.
//!
//! Jump targets are op indices in the same code object. Every op has a source line
//! (kept beside the ops in [`super::CodeObject::lines`]), so the trace can say where a
//! task runs and where it awaits.

use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Nop,
    /// Push `consts[i]`.
    LoadConst(u32),
    /// Fast locals: `locals[i]`; loading an unbound one raises `UnboundLocalError`.
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Cells (captured variables): `cells[i]`, cellvars first, then freevars.
    LoadDeref(u32),
    StoreDeref(u32),
    /// Module globals by slot, falling back to builtins by name.
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// `TOS.names[i]`.
    LoadAttr(u32),
    /// `TOS.names[i] = TOS1`.
    StoreAttr(u32),
    /// `TOS1[TOS]`.
    Subscript,
    /// `TOS1[TOS] = TOS2`.
    StoreSubscript,
    DeleteSubscript,
    /// Pops step, upper, lower (any may be None) and pushes a slice.
    BuildSlice,
    Binary(BinOp),
    /// `x op= y`: like `Binary`, but lists extend in place for `+=`.
    Inplace(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    Pop,
    Dup,
    /// Duplicate the top two (`a b` → `a b a b`), for `x[i] += 1`.
    DupTwo,
    /// Swap the top two.
    Rot2,
    /// `a b c` → `c a b` (lift TOS under the next two).
    Rot3,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// `and` / `or`: keep TOS and jump, or pop it and go on.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// Replace TOS with an iterator over it.
    GetIter,
    /// Push the iterator's next value, or pop the iterator and jump when exhausted.
    ForIter(u32),
    BuildList(u32),
    BuildTuple(u32),
    /// Pops 2n values: key, value, key, value …
    BuildDict(u32),
    /// Append TOS to the list `depth` below it (comprehensions).
    ListAppend(u32),
    /// Extend the list below TOS with the iterable TOS (`[*a, *b]`).
    ListExtend,
    ListToTuple,
    /// Unpack TOS into n values, pushed so the first is on top.
    UnpackSequence(u32),
    /// f-string field: pops the spec (if `has_spec`) and the value; pushes the text.
    FormatValue {
        conversion: Conversion,
        has_spec: bool,
    },
    /// Concatenate the top n strings.
    BuildString(u32),
    /// Make a function from `codes[i]`; pops its defaults (a tuple) and kw defaults
    /// (a dict), when the code says it has them; captures cells from this frame.
    MakeFunction(u32),
    /// Make a prelude class named `names[name]`: on the stack its base class (or
    /// `None`), then `nmethods` (name, value) pairs.
    MakeClass {
        name: u32,
        nmethods: u32,
    },
    /// Call TOS-n with n positional arguments.
    Call(u32),
    /// Call with keywords: the names are the tuple `consts[kwnames]`, their values the
    /// last arguments.
    CallKw {
        argc: u32,
        kwnames: u32,
    },
    /// Call with `*args` (a list on the stack) and optionally `**kwargs` (a dict).
    CallEx {
        has_kwargs: bool,
    },
    /// `receiver.names[name](n args)` without building a bound method.
    CallMethod {
        name: u32,
        argc: u32,
    },
    Return,
    /// Await TOS: run a coroutine, or suspend the task on a future until it is done.
    Await,
    /// A generator hands out TOS: its frame stops here until it is advanced again.
    YieldValue,
    /// A dict comprehension's `d[key] = value`: the value on top, the key below it,
    /// the dict this many entries further down.
    MapAdd(u32),
    /// Push an exception handler: on an exception, the stack is cut back to its
    /// depth here, the exception pushed, and execution jumps to the target.
    SetupExcept(u32),
    PopBlock,
    /// Entering an `except` body: TOS (the exception) becomes the one being handled.
    PushExcInfo,
    /// Leaving an `except` body.
    PopExcept,
    /// Pops a class (or tuple of classes), peeks at the exception under it, pushes
    /// whether it matches.
    ExcMatch,
    /// `raise` (0: re-raise the handled one), `raise e` (1), `raise e from c` (2).
    Raise(u32),
    /// Raise TOS again, keeping its traceback (end of `finally`, unmatched `except`).
    Reraise,
    /// Raise `AssertionError` with TOS as message (or none when the flag is false).
    AssertionFailed {
        has_msg: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}
