//! Argument checking for native functions and methods, with CPython's messages
//! (which vary with how each builtin parses its arguments).

use std::rc::Rc;

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;

pub(super) type Kwargs = Vec<(Rc<str>, Value)>;

/// How Argument Clinic's `_PyArg_BadArgument` names a wrong argument's type in
/// "… must be str, not X": `None` for None, else the type's name.
pub(super) fn bad_argument_type(v: &Value) -> &str {
    match v {
        Value::None => "None",
        other => other.type_name(),
    }
}

/// `len() takes no keyword arguments`.
pub(super) fn no_kwargs(name: &str, kwargs: &Kwargs) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )))
    }
}

/// `list.copy() takes no arguments (1 given)` (CPython's `METH_NOARGS` methods).
pub(super) fn no_args(qualname: &str, args: &[Value], kwargs: &Kwargs) -> PyResult<()> {
    crate::sim::signature::no_args(qualname, args.len(), kwargs)
}

/// One positional argument and no keywords (CPython's `METH_O` functions).
pub(super) fn exactly_one(name: &str, args: Vec<Value>, kwargs: &Kwargs) -> PyResult<Value> {
    no_kwargs(name, kwargs)?;
    let n = args.len();
    let mut args = args.into_iter();
    match (args.next(), args.next()) {
        (Some(v), None) => Ok(v),
        _ => Err(PyErr::type_error(format!(
            "{name}() takes exactly one argument ({n} given)"
        ))),
    }
}

/// `range expected at least 1 argument, got 0` / `… at most 3 arguments, got 4` /
/// `divmod expected 2 arguments, got 1`.
pub(super) fn expect_count(name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    if min == max && n != min {
        return Err(PyErr::type_error(format!(
            "{name} expected {min} {}, got {n}",
            plural(min)
        )));
    }
    if n < min {
        return Err(PyErr::type_error(format!(
            "{name} expected at least {min} {}, got {n}",
            plural(min)
        )));
    }
    if n > max {
        return Err(PyErr::type_error(format!(
            "{name} expected at most {max} {}, got {n}",
            plural(max)
        )));
    }
    Ok(())
}

/// `int() takes at most 2 arguments (3 given)`, counting keywords too; `keyword
/// arguments` when all were keywords, as CPython's argument clinic says it.
pub(super) fn at_most(name: &str, positional: usize, keywords: usize, max: usize) -> PyResult<()> {
    let given = positional + keywords;
    if given > max {
        let keyword = if positional == 0 { "keyword " } else { "" };
        let s = if max == 1 { "" } else { "s" };
        return Err(PyErr::type_error(format!(
            "{name}() takes at most {max} {keyword}argument{s} ({given} given)"
        )));
    }
    Ok(())
}

/// Remove and return the keyword argument `name`.
pub(super) fn take_kwarg(kwargs: &mut Kwargs, name: &str) -> Option<Value> {
    let i = kwargs.iter().position(|(k, _)| &**k == name)?;
    Some(kwargs.remove(i).1)
}

/// After the known keywords are taken: `'foo' is an invalid keyword argument for f()`.
pub(super) fn no_other_kwargs(function: &str, kwargs: &Kwargs) -> PyResult<()> {
    match kwargs.first() {
        Some((name, _)) => Err(PyErr::type_error(format!(
            "'{name}' is an invalid keyword argument for {function}()"
        ))),
        None => Ok(()),
    }
}

/// Parameters that may be given by position or keyword (`round(number, ndigits)`),
/// the first `required` of them required: fills `slots` in order, then by name. The
/// errors come in the order of CPython's argument clinic (`_PyArg_UnpackKeywords`):
/// too many arguments; a required one missing after the positional ones
/// (`pow() missing required argument 'exp' (pos 2)`, even when another is also given
/// twice); one given by name and position; then an unknown keyword. The first
/// `required` slots come back filled.
pub(super) fn bind(
    function: &str,
    args: Vec<Value>,
    mut kwargs: Kwargs,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    at_most(function, args.len(), kwargs.len(), names.len())?;
    let positional = args.len();
    let mut slots: Vec<Option<Value>> = args.into_iter().map(Some).collect();
    slots.resize(names.len(), None);
    for (i, name) in names.iter().enumerate().skip(positional) {
        slots[i] = take_kwarg(&mut kwargs, name);
        if i < required && slots[i].is_none() {
            return Err(PyErr::type_error(format!(
                "{function}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    if let Some(i) = names[..positional]
        .iter()
        .position(|name| kwargs.iter().any(|(k, _)| &**k == *name))
    {
        return Err(PyErr::type_error(format!(
            "argument for {function}() given by name ('{}') and position ({})",
            names[i],
            i + 1
        )));
    }
    no_other_kwargs(function, &kwargs)?;
    Ok(slots)
}

/// An int argument (bools are ints): `'float' object cannot be interpreted as an integer`.
pub(super) fn int_arg(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}
