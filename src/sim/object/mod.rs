//! Python's behaviour for plain values: operators, comparisons, hashing, iteration,
//! `repr`/`str`/`format`, the builtin functions and the methods of str, list and dict.
//!
//! Everything here matches CPython 3.11 to the character, error messages included,
//! with one deliberate difference: `int` is 64 bits, and a result that does not fit
//! raises `OverflowError` (see [`int_overflow`]) instead of growing.
//!
//! The objects the runtime owns (futures, tasks, coroutines, functions, prelude
//! instances …) are opaque here: their reprs come from the VM through [`Interp`], and
//! so do calls of Python callables (a `key=` function).
//!
//! No operation panics on any input: every index is checked, every integer operation
//! is checked, and strings are only ever cut at character boundaries.

mod args;
mod arith;
mod builtins;
mod classes;
mod compare;
mod convert;
mod dict_methods;
mod float_repr;
mod format_spec;
mod hash;
mod iter;
mod list_methods;
mod methods;
mod ops;
mod percent_format;
mod repr;
mod reprlib;
mod round;
mod sort;
mod str_format;
mod str_methods;
mod subscript;
mod text;
mod unicode_printable;

#[cfg(test)]
mod no_panic;
#[cfg(test)]
mod testing;

pub use builtins::{builtin_name, call_builtin, lookup_builtin, py_len};
pub use classes::{builtin_type_name, call_class, class_name, isinstance, type_of};
pub use compare::{compare, contains, equals, try_equals};
pub use format_spec::format;
pub use hash::{hash_key, py_hash};
pub use iter::{advance, collect, iter_next, iterate};
pub use methods::{
    attribute_error, call_method, get_attr, has_method, no_attribute, type_has_method,
};
pub use ops::{binary, inplace, unary};
pub use percent_format::percent_format_with;
pub use repr::{ascii, iterator_name, repr, to_str};
pub use reprlib::short_repr;
pub use subscript::{del_item, get_item, make_slice, set_item};

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;
use crate::sim::vm::frame::Frame;

/// What native code needs from the interpreter (the VM implements it).
pub trait Interp {
    /// Call any Python callable synchronously (a `key=` function for sorted/min/max).
    fn call(&mut self, callable: &Value, args: Vec<Value>) -> PyResult<Value>;
    /// The repr of objects owned by the runtime: futures, loops, handles, devices,
    /// coroutines, prelude instances and classes, functions, methods, builtins and
    /// modules. Every other value's repr is computed here.
    fn repr_object(&self, v: &Value) -> String;
    /// A number that stays the same for an object while it lives: `id(x)`, and the
    /// address in an iterator's repr. The default is the object's address, which can
    /// differ between runs; a VM that promises byte-identical output overrides it.
    fn object_id(&self, v: &Value) -> u64 {
        v.identity().map_or(0, |address| address as u64)
    }
    /// Runs a generator's frame to its next value (`Some`, with the frame to go on
    /// with) or to its end (`None`).
    fn resume(&mut self, _frame: Frame) -> PyResult<Option<(Value, Frame)>> {
        Err(PyErr::runtime_error(
            "internal: no interpreter to run a generator",
        ))
    }
}

/// An interpreter for what is reached without one and runs no Python code: `%`
/// formatting from the `%` operator (runtime objects show as `<Future object>`; the
/// VM calls [`percent_format_with`] with itself for their real reprs), and the
/// iteration of values that are not iterators (a dict view compared with another).
pub(super) struct NoRuntime;

impl Interp for NoRuntime {
    fn call(&mut self, _callable: &Value, _args: Vec<Value>) -> PyResult<Value> {
        Err(PyErr::runtime_error("internal: no interpreter here"))
    }

    fn repr_object(&self, v: &Value) -> String {
        format!("<{} object>", v.type_name())
    }
}

/// Python truth: `None`, `False`, zeros and empty containers are false; every other
/// object (functions, futures, instances …) is true.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(x) => *x != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(l) => !l.borrow().is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::Dict(d) => !d.borrow().map().is_empty(),
        Value::Range(r) => builtins::range_len(r) != 0,
        Value::DictView(v) => !v.dict.borrow().map().is_empty(),
        _ => true,
    }
}

/// The most items a str, list or tuple built by one operation may hold. CPython would
/// try and fail with `MemoryError`; a scenario that gets here has a bug, and the page
/// must not run out of memory finding out.
pub(crate) const MAX_ITEMS: usize = 10_000_000;

/// The error for an `int` result outside 64 bits.
pub fn int_overflow() -> PyErr {
    PyErr::new(
        ExcKind::OverflowError,
        "integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)",
    )
}

/// `f() got an unexpected keyword argument 'x'`: one message for builtins, Python
/// functions and the loop's methods.
pub(crate) fn unexpected_keyword(function: &str, name: &str) -> PyErr {
    PyErr::type_error(format!(
        "{function}() got an unexpected keyword argument '{name}'"
    ))
}

/// The error for a str, list or tuple of more than [`MAX_ITEMS`] items.
pub(crate) fn too_large() -> PyErr {
    PyErr::new(
        ExcKind::OverflowError,
        format!("result too large: awaitscope limits a str, list or tuple to {MAX_ITEMS} items"),
    )
}

/// Check a size about to be built against [`MAX_ITEMS`].
pub(crate) fn check_size(n: usize) -> PyResult<()> {
    if n > MAX_ITEMS {
        Err(too_large())
    } else {
        Ok(())
    }
}
