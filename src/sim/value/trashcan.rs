//! Freeing a deeply nested value without deep recursion.
//!
//! A scenario may nest values as deep as its step limit allows (`x = [x]` a million
//! times, a chain of exceptions each the context of the next). Freed the ordinary
//! way, each level's drop calls the next one's: a million levels overflow the native
//! stack, which aborts the CLI and kills the browser page. CPython meets the same
//! problem with its "trashcan" (`Py_TRASHCAN_BEGIN` in `Objects/object.c`); this is
//! the same idea. While a value is being freed, a container freed inside it does not
//! free its own containers: it parks them, and the outermost free drops the parked
//! values one by one. The native stack stays two levels deep whatever the nesting.
//!
//! Iterators reading through iterators (`x = enumerate(x)` in a loop) nest the
//! same way.
//!
//! Only what is freed changes hands, never what is still shared: a child is parked
//! only when its parent held the last reference to it (then nothing else can see it).

use std::cell::RefCell;
use std::rc::Rc;

use super::{PyIter, Value};
use crate::sim::exceptions::Exception;

thread_local! {
    /// The values waiting to be freed by the outermost free in progress; `None` when
    /// no free is in progress.
    static PARKED: RefCell<Option<Vec<Value>>> = const { RefCell::new(None) };
}

impl Drop for Value {
    #[inline]
    fn drop(&mut self) {
        if self.is_last_container() {
            free(self);
        }
    }
}

impl Drop for Exception {
    /// A chain of contexts (each exception raised while handling the one before) is
    /// nested like a list in a list: free it through [`Value`]'s drop, as the
    /// locals of the frames it unwound are.
    fn drop(&mut self) {
        let links = [self.cause.get_mut().take(), self.context.get_mut().take()];
        for link in links.into_iter().flatten() {
            drop(Value::Exception(link));
        }
        // Then the frames it unwound. CPython clears an exception's traceback
        // before its cause and context, but the frames of theirs reach the frames
        // of its own (each frame holds its caller), so those go last.
        self.free_unwound();
    }
}

/// Frees `value`'s children that would free children of their own, without
/// recursing into them. `value` holds the last reference to its container.
/// Out of line: most values dropped are not containers, and the check stays small.
#[cold]
#[inline(never)]
fn free(value: &mut Value) {
    let parking = PARKED.try_with(|parked| {
        let mut parked = parked.borrow_mut();
        match parked.as_mut() {
            Some(waiting) => {
                value.take_last_containers(waiting);
                false
            }
            None => {
                let mut waiting = Vec::new();
                value.take_last_containers(&mut waiting);
                let any = !waiting.is_empty();
                if any {
                    *parked = Some(waiting);
                }
                any
            }
        }
    });
    // Without a parking place, the value's children are freed by plain recursion:
    // that is at the thread's end, when a value kept in another thread-local (the
    // compiled prelude) is freed after this one is gone.
    if !matches!(parking, Ok(true)) {
        return;
    }
    // Each value dropped here parks its own containers instead of freeing them.
    while let Some(next) = PARKED.with(|parked| parked.borrow_mut().as_mut().and_then(Vec::pop)) {
        drop(next);
    }
    PARKED.with(|parked| *parked.borrow_mut() = None);
}

impl Value {
    /// Whether this is the last reference to a container whose children could
    /// hold containers in turn (so that freeing it may free a whole nest).
    #[inline]
    fn is_last_container(&self) -> bool {
        match self {
            Value::List(l) => Rc::strong_count(l) == 1,
            Value::Tuple(t) => Rc::strong_count(t) == 1 && !t.is_empty(),
            Value::Dict(d) => Rc::strong_count(d) == 1,
            Value::Instance(i) => Rc::strong_count(i) == 1,
            Value::Method(m) => Rc::strong_count(m) == 1,
            Value::Function(f) => Rc::strong_count(f) == 1,
            Value::Exception(e) => Rc::strong_count(e) == 1,
            Value::Iter(i) => Rc::strong_count(i) == 1,
            _ => false,
        }
    }

    /// Moves out (leaving `None`) every child that is itself the last reference to
    /// a container, into `out`. Only called when [`Value::is_last_container`].
    fn take_last_containers(&mut self, out: &mut Vec<Value>) {
        let mut take = |child: &mut Value| {
            if child.is_last_container() {
                out.push(std::mem::replace(child, Value::None));
            }
        };
        match self {
            Value::List(l) => {
                if let Some(items) = Rc::get_mut(l) {
                    items.get_mut().iter_mut().for_each(take);
                }
            }
            Value::Tuple(t) => {
                if let Some(items) = Rc::get_mut(t) {
                    items.iter_mut().for_each(take);
                }
            }
            Value::Dict(d) => {
                if let Some(dict) = Rc::get_mut(d) {
                    for (key, value) in dict.get_mut().values_mut() {
                        take(key);
                        take(value);
                    }
                }
            }
            Value::Instance(i) => {
                if let Some(instance) = Rc::get_mut(i) {
                    instance.attrs.get_mut().values_mut().for_each(take);
                }
            }
            Value::Method(m) => {
                if let Some(method) = Rc::get_mut(m) {
                    take(&mut method.receiver);
                }
            }
            Value::Function(f) => {
                if let Some(function) = Rc::get_mut(f) {
                    function.defaults.iter_mut().for_each(&mut take);
                    function.kwdefaults.iter_mut().flatten().for_each(&mut take);
                    for cell in &mut function.closure {
                        if let Some(Some(value)) = Rc::get_mut(cell).map(RefCell::get_mut) {
                            take(value);
                        }
                    }
                }
            }
            Value::Exception(e) => {
                if let Some(exception) = Rc::get_mut(e) {
                    exception.args.iter_mut().for_each(&mut take);
                    let links = [exception.cause.get_mut(), exception.context.get_mut()];
                    for link in links {
                        if link.as_ref().is_some_and(|e| Rc::strong_count(e) == 1) {
                            out.extend(link.take().map(Value::Exception));
                        }
                    }
                }
            }
            Value::Iter(i) => {
                if let Some(iter) = Rc::get_mut(i) {
                    take_last_iterators(iter.get_mut(), out);
                }
            }
            _ => {}
        }
    }
}

/// Moves out (leaving an empty `zip()`) every iterator that `iter` reads through
/// (`enumerate(it)`, `zip(it, …)`) and holds the last reference to, into `out`.
fn take_last_iterators(iter: &mut PyIter, out: &mut Vec<Value>) {
    match iter {
        PyIter::Enumerate { inner, .. } => take_last_iterators(inner, out),
        PyIter::Zip { iters, .. } => {
            for inner in iters {
                take_last_iterators(inner, out);
            }
        }
        PyIter::Shared(shared) if Rc::strong_count(shared) == 1 => {
            if let PyIter::Shared(shared) = std::mem::replace(
                iter,
                PyIter::Seq {
                    items: Rc::from([]),
                    pos: 0,
                    name: "tuple_iterator",
                },
            ) {
                out.push(Value::Iter(shared));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::super::{Dict, HashKey, PyIter, Value};
    use crate::sim::exceptions::{ExcKind, Exception};

    const DEPTH: usize = 1_000_000;

    /// Builds and frees each nest on a thread with a 256 KB stack (smaller than the
    /// browser's): before the trashcan, a tenth of this depth overflowed 8 MB.
    fn freed_on_a_small_stack(build: fn() -> Value) {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || drop(build()))
            .expect("thread starts")
            .join()
            .expect("freed without overflowing the stack");
    }

    #[test]
    fn a_million_nested_lists_tuples_and_dicts_are_freed() {
        freed_on_a_small_stack(|| {
            (0..DEPTH).fold(Value::list(vec![]), |x, _| Value::list(vec![x]))
        });
        freed_on_a_small_stack(|| {
            (0..DEPTH).fold(Value::tuple(vec![]), |x, _| {
                Value::tuple(vec![x, Value::Int(1)])
            })
        });
        freed_on_a_small_stack(|| {
            (0..DEPTH).fold(Value::None, |x, _| {
                let mut dict = Dict::default();
                dict.insert(HashKey::Int(0), Value::Int(0), x);
                Value::Dict(Rc::new(RefCell::new(dict)))
            })
        });
    }

    #[test]
    fn a_million_chained_exceptions_and_iterators_are_freed() {
        freed_on_a_small_stack(|| {
            (0..DEPTH).fold(Value::None, |x, _| {
                let e = Exception::new(ExcKind::ValueError, vec![]);
                if let Value::Exception(context) = &x {
                    *e.context.borrow_mut() = Some(context.clone());
                }
                Value::Exception(Rc::new(e))
            })
        });
        freed_on_a_small_stack(|| {
            (0..DEPTH).fold(Value::list(vec![]), |x, _| {
                let Value::Iter(inner) = &x else {
                    return Value::Iter(Rc::new(RefCell::new(PyIter::Range {
                        next: 0,
                        stop: 1,
                        step: 1,
                    })));
                };
                let it = PyIter::Enumerate {
                    inner: Box::new(PyIter::Shared(inner.clone())),
                    count: 0,
                };
                Value::Iter(Rc::new(RefCell::new(it)))
            })
        });
    }

    #[test]
    fn shared_values_are_left_alone() {
        let shared = Value::list(vec![Value::Int(7)]);
        let outer = Value::list(vec![shared.clone(), Value::tuple(vec![shared.clone()])]);
        drop(outer);
        let Value::List(items) = &shared else {
            unreachable!()
        };
        assert_eq!(Rc::strong_count(items), 1);
        assert!(matches!(items.borrow()[0], Value::Int(7)));
    }
}
