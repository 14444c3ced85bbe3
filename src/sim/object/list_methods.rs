//! The methods of `list` and `tuple`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::args::{
    exactly_one, expect_count, int_arg, no_args, no_kwargs, no_other_kwargs, take_kwarg, Kwargs,
};
use super::sort::{key_arg, reverse_flag, sort_list};
use super::{check_size, collect, repr, try_equals, Interp};

pub(super) const TUPLE_METHODS: &[&str] = &["index", "count"];

/// The methods of list, each with its name as messages give it (made once, not
/// per call).
pub(super) const LIST_METHODS: &[(&str, &str)] = &[
    ("append", "list.append"),
    ("extend", "list.extend"),
    ("insert", "list.insert"),
    ("pop", "list.pop"),
    ("remove", "list.remove"),
    ("index", "list.index"),
    ("count", "list.count"),
    ("sort", "list.sort"),
    ("reverse", "list.reverse"),
    ("copy", "list.copy"),
    ("clear", "list.clear"),
];

/// `list.name(*args, **kwargs)`; `None` if list has no such method.
pub(super) fn call_list(
    list: &Rc<RefCell<Vec<Value>>>,
    name: &str,
    args: Vec<Value>,
    mut kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> Option<PyResult<Value>> {
    let qualname = LIST_METHODS
        .iter()
        .find(|(method, _)| *method == name)
        .map(|(_, qualname)| *qualname)?;
    let result = (|| -> PyResult<Value> {
        match name {
            "append" => {
                let v = exactly_one(qualname, args, &kwargs)?;
                let mut items = list.borrow_mut();
                check_size(items.len() + 1)?;
                items.push(v);
            }
            "extend" => {
                // Collect first: `a.extend(a)` reads the list before it grows.
                let extra = collect(&exactly_one(qualname, args, &kwargs)?, interp)?;
                let mut items = list.borrow_mut();
                check_size(items.len() + extra.len())?;
                items.extend(extra);
            }
            "insert" => {
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 2, 2)?;
                let mut items = list.borrow_mut();
                check_size(items.len() + 1)?;
                let len = items.len() as i64;
                let i = int_arg(&args[0])?;
                let at = if i < 0 {
                    (i.saturating_add(len)).max(0)
                } else {
                    i.min(len)
                };
                items.insert(at as usize, args[1].clone());
            }
            "pop" => {
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 0, 1)?;
                let i = match args.first() {
                    Some(v) => int_arg(v)?,
                    None => -1,
                };
                let mut items = list.borrow_mut();
                if items.is_empty() {
                    return Err(PyErr::new(ExcKind::IndexError, "pop from empty list"));
                }
                let len = items.len() as i64;
                let at = if i < 0 { i.saturating_add(len) } else { i };
                if !(0..len).contains(&at) {
                    return Err(PyErr::new(ExcKind::IndexError, "pop index out of range"));
                }
                return Ok(items.remove(at as usize));
            }
            "remove" => {
                let v = exactly_one(qualname, args, &kwargs)?;
                let items = list.borrow().clone();
                let at = position_of(&items, &v, 0, items.len())?
                    .ok_or_else(|| PyErr::value_error("list.remove(x): x not in list"))?;
                let mut items = list.borrow_mut();
                if at < items.len() {
                    items.remove(at);
                }
            }
            "index" => {
                no_kwargs(qualname, &kwargs)?;
                let items = list.borrow().clone();
                return index(&items, &args, name).and_then(|found| {
                    found.ok_or_else(|| {
                        PyErr::value_error(format!("{} is not in list", repr(&args[0], &*interp)))
                    })
                });
            }
            "count" => {
                let v = exactly_one(qualname, args, &kwargs)?;
                let items = list.borrow().clone();
                return count(&items, &v);
            }
            "sort" => {
                // The count first, keywords included (`sort(1, 2, key=len)`).
                super::args::at_most("sort", args.len(), kwargs.len(), 2)?;
                if !args.is_empty() {
                    return Err(PyErr::type_error("sort() takes no positional arguments"));
                }
                let key = key_arg(take_kwarg(&mut kwargs, "key"));
                let reverse = take_kwarg(&mut kwargs, "reverse");
                no_other_kwargs("sort", &kwargs)?;
                let reverse = reverse_flag(reverse)?;
                sort_list(list, key, reverse, interp)?;
            }
            "reverse" => {
                no_args(qualname, &args, &kwargs)?;
                list.borrow_mut().reverse();
            }
            "copy" => {
                no_args(qualname, &args, &kwargs)?;
                return Ok(Value::list(list.borrow().clone()));
            }
            _ => {
                no_args(qualname, &args, &kwargs)?;
                list.borrow_mut().clear();
            }
        }
        Ok(Value::None)
    })();
    Some(result)
}

/// `tuple.name(*args)`; `None` if tuple has no such method.
pub(super) fn call_tuple(
    items: &[Value],
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> Option<PyResult<Value>> {
    let result = match name {
        "index" => no_kwargs("tuple.index", &kwargs).and_then(|()| {
            index(items, &args, name)?
                .ok_or_else(|| PyErr::value_error("tuple.index(x): x not in tuple"))
        }),
        "count" => exactly_one("tuple.count", args, &kwargs).and_then(|v| count(items, &v)),
        _ => return None,
    };
    Some(result)
}

/// `seq.index(x[, start[, end]])`: the position, or `None` if absent.
fn index(items: &[Value], args: &[Value], name: &str) -> PyResult<Option<Value>> {
    expect_count(name, args, 1, 3)?;
    let len = items.len() as i64;
    let bound = |v: Option<&Value>, default: i64| -> PyResult<usize> {
        // `_PyEval_SliceIndexNotNone`: an int (or bool), and not None.
        let i = match v {
            Some(Value::Int(i)) => *i,
            Some(Value::Bool(b)) => i64::from(*b),
            Some(_) => {
                return Err(PyErr::type_error(
                    "slice indices must be integers or have an __index__ method",
                ))
            }
            None => default,
        };
        let i = if i < 0 {
            i.saturating_add(len).max(0)
        } else {
            i.min(len)
        };
        Ok(i as usize)
    };
    let start = bound(args.get(1), 0)?;
    let end = bound(args.get(2), len)?;
    Ok(position_of(items, &args[0], start, end)?.map(|i| Value::Int(i as i64)))
}

fn position_of(items: &[Value], v: &Value, start: usize, end: usize) -> PyResult<Option<usize>> {
    for (i, item) in items.iter().enumerate().take(end).skip(start) {
        if same_or_equal(item, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn count(items: &[Value], v: &Value) -> PyResult<Value> {
    let mut n = 0;
    for item in items {
        if same_or_equal(item, v)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// Equality with CPython's identity shortcut (`PyObject_RichCompareBool`).
fn same_or_equal(a: &Value, b: &Value) -> PyResult<bool> {
    if matches!((a.identity(), b.identity()), (Some(x), Some(y)) if x == y) {
        return Ok(true);
    }
    try_equals(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{f, i, list, s, show, NoInterp};
    use crate::sim::value::Builtin;

    fn kw(pairs: Vec<(&str, Value)>) -> Kwargs {
        pairs.into_iter().map(|(k, v)| (Rc::from(k), v)).collect()
    }

    /// Run `[1, 2, 3, 2].name(*args, **kwargs)`: the result, then the list after.
    fn run(name: &str, args: Vec<Value>, kwargs: Kwargs) -> String {
        let l = list(vec![i(1), i(2), i(3), i(2)]);
        let Value::List(items) = &l else {
            unreachable!()
        };
        let result =
            call_list(items, name, args, kwargs, &mut NoInterp).map_or("<no method>".into(), show);
        format!("{result} {}", show(Ok(l.clone())))
    }

    #[test]
    fn list_methods_match_cpython() {
        #[rustfmt::skip]
        let cases: Vec<(&str, Vec<Value>, Kwargs, &str)> = vec![
            ("append", vec![s("x")], kw(vec![]), "None [1, 2, 3, 2, 'x']"),
            ("append", vec![], kw(vec![]), "TypeError: list.append() takes exactly one argument (0 given) [1, 2, 3, 2]"),
            ("append", vec![i(1), i(2)], kw(vec![]), "TypeError: list.append() takes exactly one argument (2 given) [1, 2, 3, 2]"),
            ("append", vec![], kw(vec![("x", i(1))]), "TypeError: list.append() takes no keyword arguments [1, 2, 3, 2]"),
            ("extend", vec![s("ab")], kw(vec![]), "None [1, 2, 3, 2, 'a', 'b']"),
            ("extend", vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable [1, 2, 3, 2]"),
            ("insert", vec![i(1)], kw(vec![]), "TypeError: insert expected 2 arguments, got 1 [1, 2, 3, 2]"),
            ("insert", vec![s("a"), i(1)], kw(vec![]), "TypeError: 'str' object cannot be interpreted as an integer [1, 2, 3, 2]"),
            ("insert", vec![i(-1), s("x")], kw(vec![]), "None [1, 2, 3, 'x', 2]"),
            ("insert", vec![i(100), s("x")], kw(vec![]), "None [1, 2, 3, 2, 'x']"),
            ("insert", vec![i(-100), s("x")], kw(vec![]), "None ['x', 1, 2, 3, 2]"),
            ("pop", vec![], kw(vec![]), "2 [1, 2, 3]"),
            ("pop", vec![i(0)], kw(vec![]), "1 [2, 3, 2]"),
            ("pop", vec![i(-4)], kw(vec![]), "1 [2, 3, 2]"),
            ("pop", vec![i(4)], kw(vec![]), "IndexError: pop index out of range [1, 2, 3, 2]"),
            ("pop", vec![s("a")], kw(vec![]), "TypeError: 'str' object cannot be interpreted as an integer [1, 2, 3, 2]"),
            ("pop", vec![i(1), i(2)], kw(vec![]), "TypeError: pop expected at most 1 argument, got 2 [1, 2, 3, 2]"),
            ("remove", vec![i(2)], kw(vec![]), "None [1, 3, 2]"),
            ("remove", vec![f(3.0)], kw(vec![]), "None [1, 2, 2]"),
            ("remove", vec![i(5)], kw(vec![]), "ValueError: list.remove(x): x not in list [1, 2, 3, 2]"),
            ("remove", vec![], kw(vec![]), "TypeError: list.remove() takes exactly one argument (0 given) [1, 2, 3, 2]"),
            ("index", vec![i(2)], kw(vec![]), "1 [1, 2, 3, 2]"),
            ("index", vec![i(2), i(2)], kw(vec![]), "3 [1, 2, 3, 2]"),
            ("index", vec![i(2), i(2), i(3)], kw(vec![]), "ValueError: 2 is not in list [1, 2, 3, 2]"),
            ("index", vec![s("a")], kw(vec![]), "ValueError: 'a' is not in list [1, 2, 3, 2]"),
            ("index", vec![i(2), i(-1)], kw(vec![]), "3 [1, 2, 3, 2]"),
            ("index", vec![], kw(vec![]), "TypeError: index expected at least 1 argument, got 0 [1, 2, 3, 2]"),
            ("count", vec![i(2)], kw(vec![]), "2 [1, 2, 3, 2]"),
            ("count", vec![], kw(vec![]), "TypeError: list.count() takes exactly one argument (0 given) [1, 2, 3, 2]"),
            ("sort", vec![], kw(vec![]), "None [1, 2, 2, 3]"),
            ("sort", vec![], kw(vec![("reverse", Value::Bool(true))]), "None [3, 2, 2, 1]"),
            ("sort", vec![i(1)], kw(vec![]), "TypeError: sort() takes no positional arguments [1, 2, 3, 2]"),
            ("sort", vec![], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for sort() [1, 2, 3, 2]"),
            ("sort", vec![], kw(vec![("key", Value::Builtin(Builtin::Len))]), "TypeError: object of type 'int' has no len() [1, 2, 3, 2]"),
            ("reverse", vec![], kw(vec![]), "None [2, 3, 2, 1]"),
            ("reverse", vec![i(1)], kw(vec![]), "TypeError: list.reverse() takes no arguments (1 given) [1, 2, 3, 2]"),
            ("copy", vec![], kw(vec![]), "[1, 2, 3, 2] [1, 2, 3, 2]"),
            ("clear", vec![], kw(vec![]), "None []"),
            ("clear", vec![i(1)], kw(vec![]), "TypeError: list.clear() takes no arguments (1 given) [1, 2, 3, 2]"),
            ("frobnicate", vec![], kw(vec![]), "<no method> [1, 2, 3, 2]"),
        ];
        for (name, args, kwargs, want) in cases {
            assert_eq!(run(name, args.clone(), kwargs), want, "list.{name}{args:?}");
        }
    }

    #[test]
    fn tuple_methods() {
        let t = [i(1), s("a"), i(1)];
        let call = |name: &str, args: Vec<Value>| {
            call_tuple(&t, name, args, Vec::new()).map_or("<no method>".into(), show)
        };
        assert_eq!(call("index", vec![s("a")]), "1");
        assert_eq!(
            call("index", vec![i(5)]),
            "ValueError: tuple.index(x): x not in tuple"
        );
        assert_eq!(call("count", vec![i(1)]), "2");
        assert_eq!(
            call("count", vec![]),
            "TypeError: tuple.count() takes exactly one argument (0 given)"
        );
        assert_eq!(call("append", vec![i(1)]), "<no method>");
    }
}
