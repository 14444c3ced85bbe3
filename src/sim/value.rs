//! The values a scenario computes with.
//!
//! Plain data (`None` … `Dict`) behaves as in CPython; the asyncio objects that the
//! event loop owns (futures, tasks, loops, timer handles, devices) are small ids into
//! the runtime's arenas, so the trace can name them and the values stay cheap to copy.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use indexmap::IndexMap;

mod dict;
mod trashcan;

pub use dict::{Dict, DictCursor, DictStep};

/// An insertion-ordered map with a fast, deterministic hasher. Iteration follows
/// insertion order, so the hasher never shows in a trace; it only has to be quick
/// for the short names and small keys a scenario uses.
pub type FastMap<K, V> = IndexMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// rustc's FxHash: one rotate, xor and multiply per word. Not resistant to chosen
/// collisions, which a scenario gains nothing from.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

use crate::compile::CodeObject;
use crate::sim::exceptions::Exception;
use crate::sim::vm::frame::{Coroutine, Generator, Globals};

// `repr(C, u64)`: the tag fills the first 8 bytes and every variant's data starts at
// offset 8, so a value is three aligned words with no padding. With Rust's own
// layout a `bool` or a `Builtin` sits at offset 1, and moves copy bytes 1-24 as two
// overlapping unaligned blocks, which a load soon after cannot take from the store
// buffer: the profiling build's pure loop of int ops ran 2.8x slower so (0.079
// against 0.028 s). A one-byte tag (`repr(C, u8)`) still left bytes 1-7 as padding,
// which moves of an `Option<Value>` (a local) or a `PyResult<Option<Value>>` (what
// an iterator gives) copied as unaligned pieces with the same stall: the benchmark
// ran about 5% slower than with the full-word tag.
#[derive(Clone)]
#[repr(C, u64)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    /// `range(start, stop, step)`; never materialised unless asked to.
    Range(Rc<RangeValue>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    DictView(Rc<DictView>),
    /// A running iterator (`iter(x)`, `enumerate`, `zip`, a `for` loop's cursor).
    Iter(Rc<RefCell<PyIter>>),
    /// `a:b:c` in a subscript (what `BuildSlice` makes).
    Slice(Rc<SliceValue>),
    /// A function or lambda defined in the scenario (or in the prelude).
    Function(Rc<Function>),
    /// A function implemented in Rust (`print`, `len`, `asyncio.sleep` …).
    Builtin(Builtin),
    /// `items.append`, `loop.call_soon`, `queue.put`: a receiver and a method.
    Method(Rc<BoundMethod>),
    /// What calling an `async def` returns; it runs when awaited or wrapped in a task.
    Coroutine(Rc<RefCell<Coroutine>>),
    Exception(Rc<Exception>),
    /// A class: `int`, `str`, `ValueError`, `asyncio.Queue` …
    Class(Class),
    /// An object of a class defined by the prelude (`asyncio.Queue()` …).
    Instance(Rc<Instance>),
    Module(ModuleKind),
    /// A future or a task (a task is a future that drives a coroutine).
    Future(FutureId),
    Loop(LoopId),
    /// What `call_soon` / `call_later` return: something that can be cancelled.
    Handle(HandleId),
    Device(DeviceId),
}

/// A future: where it lives in the runtime's arena (`runtime::Runtime::futures`)
/// and, in the top bits, its Python type. Like a CPython object, which carries its
/// type, a future can be named by every message without the runtime at hand:
/// "object of type '_asyncio.Task' has no len()".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FutureId(u32);

/// The Python type of a future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutureKind {
    Future,
    Task,
    /// What `gather()` of at least one awaitable returns.
    Gathering,
}

impl FutureId {
    const KIND_SHIFT: u32 = 30;
    const INDEX_MASK: u32 = (1 << Self::KIND_SHIFT) - 1;

    /// The `index`th future of the arena. There are never 2^30 of them: the memory
    /// limit stops a run long before.
    pub fn new(index: usize, kind: FutureKind) -> FutureId {
        FutureId(index as u32 & Self::INDEX_MASK | (kind as u32) << Self::KIND_SHIFT)
    }

    pub fn index(self) -> usize {
        (self.0 & Self::INDEX_MASK) as usize
    }

    pub fn kind(self) -> FutureKind {
        match self.0 >> Self::KIND_SHIFT {
            0 => FutureKind::Future,
            1 => FutureKind::Task,
            _ => FutureKind::Gathering,
        }
    }

    /// Its class's `__name__`: `Task`, `Future`, `_GatheringFuture`.
    pub fn class_name(self) -> &'static str {
        match self.kind() {
            FutureKind::Future => "Future",
            FutureKind::Task => "Task",
            FutureKind::Gathering => "_GatheringFuture",
        }
    }

    /// Its type's `tp_name`, as CPython's messages name it: the C classes with
    /// their module.
    pub fn type_name(self) -> &'static str {
        match self.kind() {
            FutureKind::Future => "_asyncio.Future",
            FutureKind::Task => "_asyncio.Task",
            FutureKind::Gathering => "_GatheringFuture",
        }
    }
}

/// An event loop: its index in the runtime's arena and, in the top bit, its class.
/// A scenario that imports the helper module runs on its `VirtualTimeLoop` (the
/// helper sets the event loop policy); one that does not runs on asyncio's own loop
/// in CPython, whose class and messages it then gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LoopId(u32);

impl LoopId {
    const HELPER: u32 = 1 << 31;

    pub fn new(index: usize, helper: bool) -> LoopId {
        LoopId(index as u32 & !Self::HELPER | if helper { Self::HELPER } else { 0 })
    }

    pub fn index(self) -> usize {
        (self.0 & !Self::HELPER) as usize
    }

    /// Whether it is the helper module's loop.
    pub fn is_helper(self) -> bool {
        self.0 & Self::HELPER != 0
    }

    pub fn type_name(self) -> &'static str {
        if self.is_helper() {
            "VirtualTimeLoop"
        } else {
            "_UnixSelectorEventLoop"
        }
    }
}

/// What `call_soon` (a `Handle`) or `call_later` and `call_at` (a timer, whose
/// class is its loop's: `_VirtualTimer` for the helper's loop, `TimerHandle` for
/// asyncio's) return: its index in the runtime's handles and, in the top bits, its
/// class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HandleId(u32);

impl HandleId {
    const KIND_SHIFT: u32 = 30;
    const INDEX_MASK: u32 = (1 << Self::KIND_SHIFT) - 1;

    /// The `index`th handle; a timer of `timer_of` when it has one.
    pub fn new(index: usize, timer_of: Option<LoopId>) -> HandleId {
        let kind = match timer_of {
            None => 0,
            Some(l) if l.is_helper() => 1,
            Some(_) => 2,
        };
        HandleId(index as u32 & Self::INDEX_MASK | kind << Self::KIND_SHIFT)
    }

    pub fn index(self) -> usize {
        (self.0 & Self::INDEX_MASK) as usize
    }

    pub fn type_name(self) -> &'static str {
        match self.0 >> Self::KIND_SHIFT {
            0 => "Handle",
            1 => "_VirtualTimer",
            _ => "TimerHandle",
        }
    }
}
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeValue {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

/// A slice object: its bounds are any values (usually ints or `None`), checked when
/// it is used, as in Python.
pub struct SliceValue {
    pub lower: Value,
    pub upper: Value,
    pub step: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

pub struct DictView {
    pub dict: Rc<RefCell<Dict>>,
    pub kind: DictViewKind,
}

/// An iterator's cursor. Lists are iterated live (appending while iterating is seen,
/// as in Python); other sources are snapshots or lazy counters.
pub enum PyIter {
    /// A snapshot (tuples, strings, materialised arguments).
    Seq {
        items: Rc<[Value]>,
        pos: usize,
        /// CPython's name for the iterator's type (`tuple_iterator`, `str_iterator` …).
        name: &'static str,
    },
    List {
        list: Rc<RefCell<Vec<Value>>>,
        pos: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    Enumerate {
        inner: Box<PyIter>,
        count: i64,
    },
    /// `zip(…)`; `strict`: inputs of other lengths raise once one runs out.
    Zip {
        iters: Vec<PyIter>,
        strict: bool,
    },
    /// Yields `items[pos - 1]`, then `items[pos - 2]` … down to `items[0]`.
    Reversed {
        items: Rc<[Value]>,
        pos: usize,
        /// CPython's name for the iterator's type (`list_reverseiterator`, `reversed` …).
        name: &'static str,
    },
    /// A dict's keys, values or items, read live where CPython's iterator would
    /// read them: a dict that changes size raises, one that changes keys moves on
    /// as CPython's does.
    Dict {
        dict: Rc<RefCell<Dict>>,
        kind: DictViewKind,
        cursor: DictCursor,
    },
    /// An iterator value iterated again (`for x in it`, `enumerate(it)`): advancing
    /// this advances the shared one.
    Shared(Rc<RefCell<PyIter>>),
    /// A generator expression's (advanced by [`crate::sim::object::advance`] only,
    /// which runs its frame without holding the iterator borrowed).
    Generator(Generator),
}

impl PyIter {
    /// A `range`'s next number, and the cursor moved past it; `None` when it is
    /// exhausted, or when this is not a range's cursor.
    #[inline]
    pub fn range_next(&mut self) -> Option<i64> {
        let PyIter::Range { next, stop, step } = self else {
            return None;
        };
        let more = if *step > 0 {
            *next < *stop
        } else {
            *next > *stop
        };
        if !more {
            return None;
        }
        let value = *next;
        *next = next.checked_add(*step).unwrap_or(*stop);
        Some(value)
    }
}

/// The hashable identity of a key: equal Python values give equal keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HashKey {
    None,
    /// `bool`, `int`, and `float`s with an integral value.
    Int(i64),
    /// Other floats, by bit pattern (NaN is only equal to itself by identity in
    /// Python; by bits here, which is what a scenario can observe).
    Float(u64),
    Str(Rc<str>),
    Tuple(Vec<HashKey>),
    /// Objects hashed by identity: functions, futures, exceptions …
    Identity(usize),
}

pub struct Function {
    pub code: Rc<CodeObject>,
    pub name: Rc<str>,
    /// Defaults of the trailing positional parameters.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters, by position in `code.kwonly`.
    pub kwdefaults: Vec<Option<Value>>,
    /// Cells captured from enclosing functions, in `code.freevars` order.
    pub closure: Vec<Cell>,
    /// The module the function was defined in.
    pub globals: Rc<Globals>,
}

/// A variable shared between a function and the closures that capture it.
pub type Cell = Rc<RefCell<Option<Value>>>;

pub struct BoundMethod {
    pub receiver: Value,
    pub method: MethodRef,
}

pub enum MethodRef {
    /// A Rust method of a built-in type, by name (`append`, `call_soon` …).
    Native(Rc<str>),
    /// A prelude class's method: called with the receiver as `self`.
    Function(Rc<Function>),
}

/// A class of the prelude (asyncio's `Queue`, `Lock`, … ported from CPython).
pub struct ClassObj {
    pub name: Rc<str>,
    /// Shown in reprs and messages: `asyncio.queues`.
    pub module: Rc<str>,
    pub base: Option<Rc<ClassObj>>,
    pub methods: FastMap<Rc<str>, Value>,
}

pub struct Instance {
    pub class: Rc<ClassObj>,
    pub attrs: RefCell<FastMap<Rc<str>, Value>>,
    /// Whether an attribute was ever set under the name of one of the class's
    /// methods (and so may hide it); until then a method call need not look at
    /// the attributes first.
    pub shadows_method: std::cell::Cell<bool>,
}

/// The classes a scenario can name.
#[derive(Clone)]
pub enum Class {
    Builtin(BuiltinType),
    Exception(crate::sim::exceptions::ExcKind),
    Prelude(Rc<ClassObj>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinType {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Range,
    Function,
    Coroutine,
    Future,
    Task,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    Asyncio,
    Time,
    Awaitscope,
}

impl ModuleKind {
    /// The name it is imported by.
    pub fn name(self) -> &'static str {
        match self {
            ModuleKind::Asyncio => "asyncio",
            ModuleKind::Time => "time",
            ModuleKind::Awaitscope => "awaitscope",
        }
    }
}

/// Functions implemented in Rust. `Builtin::Py*` are Python's builtins; the rest are
/// the asyncio and awaitscope functions that need the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    // Python builtins.
    Print,
    Len,
    Range,
    Str,
    Int,
    Float,
    Bool,
    List,
    Tuple,
    Dict,
    Abs,
    Min,
    Max,
    Sum,
    Round,
    Sorted,
    Reversed,
    Enumerate,
    Zip,
    Isinstance,
    Repr,
    Any,
    All,
    Iter,
    Next,
    Divmod,
    Pow,
    Type,
    Id,
    Hash,
    // time
    TimeSleep,
    TimeTime,
    TimeMonotonic,
    // awaitscope
    Cpu,
    NewDevice,
    // asyncio functions implemented natively.
    CreateTask,
    EnsureFuture,
    GetRunningLoop,
    GetEventLoop,
    NewEventLoop,
    CurrentTask,
    AllTasks,
    IsCoroutine,
    /// `futures._set_result_unless_cancelled(fut, result)`, used by the prelude.
    SetResultUnlessCancelled,
    /// A bare `yield` as `asyncio.sleep(0)` does it: the task gives up one iteration.
    Yield,
    // Natives only the prelude sees (see `sim::natives`).
    GetRunningLoopOrNone,
    SetEventLoop,
    IsFuture,
    GatheringFuture,
    Label,
    BlockingMode,
    ThreadSleep,
    DeviceNew,
    DeviceSubmit,
    CallAtUs,
    NoUnawaitedWarning,
    CheckNbytes,
    /// Makes what a generator expression that awaits evaluates to (see
    /// `Machine::async_generator`); only the compiler emits it.
    AsyncGenerator,
}

impl Function {
    /// Whether a call with `n` positional arguments and no keywords binds them to
    /// the first `n` parameters and defaults to the rest, with nothing else to do
    /// (no `*args`, `**kwargs` or keyword-only parameters, no missing argument).
    pub fn binds_positionally(&self, n: usize) -> bool {
        let code = &self.code;
        let npos = code.positional.len();
        n <= npos
            && n + self.defaults.len() >= npos
            && !code.has_vararg
            && !code.has_kwarg
            && code.kwonly.is_empty()
    }

    /// The value of parameter `i` when the call gave no argument for it (a call that
    /// [`binds_positionally`](Self::binds_positionally)).
    pub fn default_for(&self, i: usize) -> Value {
        let npos = self.code.positional.len();
        let first_default = npos - self.defaults.len().min(npos);
        self.defaults
            .get(i.wrapping_sub(first_default))
            .cloned()
            .unwrap_or(Value::None)
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(items))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Whether the value holds no reference (ints, bools, the ids of runtime
    /// objects …), so that dropping it does nothing.
    #[inline]
    pub(crate) fn owns_nothing(&self) -> bool {
        matches!(
            self,
            Value::None
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::Builtin(_)
                | Value::Module(_)
                | Value::Future(_)
                | Value::Loop(_)
                | Value::Handle(_)
                | Value::Device(_)
                | Value::Class(Class::Builtin(_) | Class::Exception(_))
        )
    }

    /// A copy of the value, with a value that owns nothing copied here: the clone
    /// glue is an out-of-line call, and most values the interpreter loads (ints,
    /// `None`, ids of futures) own nothing. Natively only, as [`Value::release`].
    #[inline]
    pub(crate) fn dup(&self) -> Value {
        if crate::sim::NATIVE_SHORTCUTS && self.owns_nothing() {
            // SAFETY: a value that owns nothing holds no pointer, count or handle:
            // its bits are all of it, and copying them is cloning it.
            unsafe { std::ptr::read(self) }
        } else {
            self.clone()
        }
    }

    /// Drops the value, with a value that owns nothing done here: the drop glue is
    /// an out-of-line call, and most values the interpreter drops (ints, ids of
    /// futures and handles) own nothing. Natively only: the browser's build keeps
    /// the plain drop, for page weight.
    #[inline]
    pub(crate) fn release(self) {
        if crate::sim::NATIVE_SHORTCUTS && self.owns_nothing() {
            // Nothing to drop, so forgetting it is dropping it.
            std::mem::forget(self);
        } else {
            drop(self);
        }
    }

    /// Python's `type(x).__name__`, for messages such as
    /// `unsupported operand type(s) for +: 'int' and 'str'`.
    pub fn type_name(&self) -> &str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Range(_) => "range",
            Value::DictView(v) => match v.kind {
                DictViewKind::Keys => "dict_keys",
                DictViewKind::Values => "dict_values",
                DictViewKind::Items => "dict_items",
            },
            Value::Iter(it) => it
                .try_borrow()
                .map_or("iterator", |it| crate::sim::object::iterator_name(&it)),
            Value::Slice(_) => "slice",
            Value::Function(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Method(m) => match m.method {
                MethodRef::Native(_) => "builtin_function_or_method",
                MethodRef::Function(_) => "method",
            },
            Value::Coroutine(_) => "coroutine",
            Value::Exception(e) => e.kind.name(),
            Value::Class(_) => "type",
            Value::Instance(i) => &i.class.name,
            Value::Module(_) => "module",
            Value::Future(id) => id.type_name(),
            Value::Loop(id) => id.type_name(),
            Value::Handle(id) => id.type_name(),
            Value::Device(_) => "Device",
        }
    }

    /// Identity, as Python's `is` sees it, for objects with identity.
    pub fn identity(&self) -> Option<usize> {
        Some(match self {
            Value::List(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Dict(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Tuple(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Str(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Range(v) => Rc::as_ptr(v) as *const () as usize,
            Value::DictView(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Iter(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Slice(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Function(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Method(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Coroutine(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Exception(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Instance(v) => Rc::as_ptr(v) as *const () as usize,
            Value::Future(id) => 0x1000_0000 + id.index(),
            Value::Loop(id) => 0x2000_0000 + id.index(),
            Value::Handle(id) => 0x3000_0000 + id.index(),
            Value::Device(id) => 0x4000_0000 + id.0 as usize,
            _ => return None,
        })
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            other => write!(f, "<{}>", other.type_name()),
        }
    }
}
