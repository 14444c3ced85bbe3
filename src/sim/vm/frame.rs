//! Frames, coroutines and module globals: the state the interpreter loop works on.

use std::cell::RefCell;
use std::rc::Rc;

use crate::compile::CodeObject;
use crate::sim::exceptions::PyErr;
use crate::sim::intrinsics::DeviceWait;
use crate::sim::value::{Cell, Value};

/// One activation of a function (or the module body).
pub struct Frame {
    pub code: Rc<CodeObject>,
    /// Index of the next op.
    pub ip: usize,
    pub stack: Vec<Value>,
    /// Fast locals; `None` is unbound.
    pub locals: Vec<Option<Value>>,
    /// Cellvars, then freevars.
    pub cells: Vec<Cell>,
    /// Active exception handlers, innermost last.
    pub handlers: Vec<Handler>,
    /// Exceptions being handled (`except` bodies), innermost last; a bare `raise`
    /// re-raises the last one.
    pub handled: Vec<PyErr>,
    pub globals: Rc<Globals>,
    /// The coroutine this frame is the body of, so it can be marked done.
    pub coroutine: Option<Rc<RefCell<Coroutine>>>,
    /// A device read or write this frame awaits whose own frames were not made
    /// (`sim::intrinsics`): they are made only if the task resumes in a way that
    /// needs them.
    pub(crate) device_wait: Option<Box<DeviceWait>>,
}

#[derive(Clone, Copy)]
pub struct Handler {
    pub target: u32,
    pub stack_depth: u32,
    pub handled_depth: u32,
}

impl Frame {
    pub fn new(code: Rc<CodeObject>, globals: Rc<Globals>) -> Frame {
        let nlocals = code.local_names.len();
        let cells = (0..code.cellvars.len() + code.freevars.len())
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        Frame {
            code,
            ip: 0,
            stack: Vec::with_capacity(8),
            locals: vec![None; nlocals],
            cells,
            handlers: Vec::new(),
            handled: Vec::new(),
            globals,
            coroutine: None,
            device_wait: None,
        }
    }

    /// The source line of the op that is running (or just ran).
    pub fn line(&self) -> u32 {
        let i = self
            .ip
            .saturating_sub(1)
            .min(self.code.lines.len().saturating_sub(1));
        self.code
            .lines
            .get(i)
            .copied()
            .unwrap_or(self.code.first_line)
    }

    pub fn pop(&mut self) -> Value {
        // Not `unwrap_or(Value::None)`: that makes the default on every pop and
        // drops it, an out-of-line call, when the stack had a value.
        match self.stack.pop() {
            Some(v) => v,
            None => Value::None,
        }
    }

    pub fn top(&self) -> &Value {
        const NONE: &Value = &Value::None;
        self.stack.last().unwrap_or(NONE)
    }
}

/// Spare buffers of finished frames, reused by new ones: nearly every call would
/// otherwise allocate a value stack and a locals vector and free them a moment
/// later. Only empty buffers are kept, so reuse is invisible to the program.
#[derive(Default)]
pub struct FramePool {
    buffers: Vec<FrameBuffers>,
    frame_stacks: Vec<Vec<Frame>>,
}

/// The buffers of one frame, kept and reused together.
struct FrameBuffers {
    stack: Vec<Value>,
    locals: Vec<Option<Value>>,
    handlers: Vec<Handler>,
}

impl FramePool {
    /// At most this many spare buffers of each kind are kept. The pool only ever
    /// holds buffers that were in use at the same moment, so this bounds nothing a
    /// run had not already allocated; it must exceed the frames that thousands of
    /// suspended tasks hold, or every resumed task would allocate afresh.
    const KEEP: usize = 1 << 16;

    /// A fresh frame for `code`, as [`Frame::new`] makes it.
    pub fn frame(&mut self, code: Rc<CodeObject>, globals: Rc<Globals>) -> Frame {
        let nlocals = code.local_names.len();
        // The freevars' cells are the closure's, linked by `enter_frame`.
        let ncells = code.cellvars.len();
        let cells = if ncells == 0 {
            Vec::new()
        } else {
            (0..ncells).map(|_| Rc::new(RefCell::new(None))).collect()
        };
        let FrameBuffers {
            stack,
            mut locals,
            handlers,
        } = self.buffers.pop().unwrap_or_else(|| FrameBuffers {
            // Grown to what the code needs, not reserved ahead: thousands of
            // suspended tasks each hold a few frames' stacks, and most need four
            // values or fewer. The pool keeps the capacity a buffer grew to.
            stack: Vec::new(),
            locals: Vec::new(),
            handlers: Vec::new(),
        });
        locals.resize_with(nlocals, || None);
        Frame {
            code,
            ip: 0,
            stack,
            locals,
            cells,
            handlers,
            handled: Vec::new(),
            globals,
            coroutine: None,
            device_wait: None,
        }
    }

    /// Takes back a finished frame's buffers, leaving it empty ones; the values in
    /// them are dropped here.
    pub fn recycle(&mut self, frame: &mut Frame) {
        let mut buffers = FrameBuffers {
            stack: std::mem::take(&mut frame.stack),
            locals: std::mem::take(&mut frame.locals),
            handlers: std::mem::take(&mut frame.handlers),
        };
        buffers.stack.clear();
        // Dropped one by one, in order: most are ints and ids, whose drop `release`
        // does without a call.
        buffers.locals.retain_mut(|local| {
            if let Some(v) = local.take() {
                v.release();
            }
            false
        });
        buffers.handlers.clear();
        if self.buffers.len() < Self::KEEP {
            self.buffers.push(buffers);
        }
    }

    /// An empty vector to run a nested call's frames in.
    pub fn frame_stack(&mut self) -> Vec<Frame> {
        self.frame_stacks.pop().unwrap_or_default()
    }

    pub fn recycle_frame_stack(&mut self, mut frames: Vec<Frame>) {
        frames.clear();
        if self.frame_stacks.len() < Self::KEEP {
            self.frame_stacks.push(frames);
        }
    }
}

/// A module's global variables, by the slots the compiler assigned.
pub struct Globals {
    pub names: Vec<Rc<str>>,
    /// By slot. A builtin the module used is kept in its empty slot too, which is
    /// not a global of the module: `assigned` lists those that are.
    pub values: RefCell<Vec<Option<Value>>>,
    /// The slots the module has assigned and not deleted, in the order of their
    /// first assignment: the order of CPython's module dict, which "Did you mean"
    /// searches.
    assigned: RefCell<Vec<u32>>,
    /// Whether each slot is in `assigned`.
    is_assigned: RefCell<Vec<bool>>,
    /// The prelude sees the runtime's private natives (`_yield`, `_device_submit` …).
    pub is_prelude: bool,
}

impl Globals {
    pub fn new(names: Vec<Rc<str>>, is_prelude: bool) -> Globals {
        let n = names.len();
        Globals {
            names,
            values: RefCell::new(vec![None; n]),
            assigned: RefCell::new(Vec::new()),
            is_assigned: RefCell::new(vec![false; n]),
            is_prelude,
        }
    }

    /// `name = v` at module level (or under `global name`).
    pub fn store(&self, slot: u32, v: Value) {
        self.values.borrow_mut()[slot as usize] = Some(v);
        let mut is_assigned = self.is_assigned.borrow_mut();
        if !is_assigned[slot as usize] {
            is_assigned[slot as usize] = true;
            self.assigned.borrow_mut().push(slot);
        }
    }

    /// `del name` at module level: false when the module has no such name.
    pub fn delete(&self, slot: u32) -> bool {
        self.values.borrow_mut()[slot as usize] = None;
        let mut is_assigned = self.is_assigned.borrow_mut();
        if !is_assigned[slot as usize] {
            return false;
        }
        is_assigned[slot as usize] = false;
        self.assigned.borrow_mut().retain(|&s| s != slot);
        true
    }

    /// The module's names as CPython's module dict lists them: its standard ones,
    /// then what it assigned, in order.
    pub fn dict_names(&self) -> Vec<&str> {
        let mut names = crate::sim::suggest::MODULE_DUNDERS.to_vec();
        names.extend(
            self.assigned
                .borrow()
                .iter()
                .map(|&slot| &*self.names[slot as usize]),
        );
        names
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        let i = self.names.iter().position(|n| &**n == name)?;
        self.values.borrow()[i].clone()
    }
}

/// What a generator expression makes: an iterator that runs its frame up to the
/// next value each time it is advanced (`Op::YieldValue`), as CPython's generator.
pub struct Generator {
    /// `main.<locals>.<genexpr>`, for its repr.
    pub qualname: Rc<str>,
    pub state: GeneratorState,
}

pub enum GeneratorState {
    /// Between two values (or not started): its frame, to run on.
    Suspended(Box<Frame>),
    /// Its frame is running; advancing it again raises, as in CPython.
    Running,
    /// Returned or raised: exhausted for good.
    Done,
}

/// What calling an `async def` returns. It runs when awaited or wrapped in a task.
pub struct Coroutine {
    pub name: Rc<str>,
    /// `main.<locals>.worker`: how CPython's reprs and warnings name it.
    pub qualname: Rc<str>,
    pub def_line: u32,
    /// Its code is asyncio's (the prelude's), which has no place in the scenario.
    pub of_prelude: bool,
    pub state: CoroutineState,
    /// Where to report it if it is dropped without ever running (CPython's
    /// `RuntimeWarning: coroutine '…' was never awaited`); `None` for the prelude's.
    pub unawaited_sink: Option<UnawaitedSink>,
}

pub type UnawaitedSink = Rc<RefCell<Vec<Rc<str>>>>;

pub enum CoroutineState {
    /// Created, never started: holds its first frame. Boxed: the frame moves to
    /// whoever runs the coroutine, and a coroutine lives as long as its task.
    Created(Box<Frame>),
    /// Being run by a task or awaited by another coroutine.
    Running,
    Done,
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        if let (CoroutineState::Created(_), Some(sink)) = (&self.state, &self.unawaited_sink) {
            if let Ok(mut sink) = sink.try_borrow_mut() {
                sink.push(self.qualname.clone());
            }
        }
    }
}
