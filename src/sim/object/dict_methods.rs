//! The methods of `dict`, and `dict.update`'s rules for what a dict can be built from.

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{Dict, DictView, DictViewKind, HashKey, Value};

use super::args::{expect_count, no_args, no_kwargs, Kwargs};
use super::iter::{for_each, iterate};
use super::{collect, hash_key, set_item, Interp};

/// The methods of dict, each with its name as messages give it (made once, not
/// per call).
pub(super) const METHODS: &[(&str, &str)] = &[
    ("get", "dict.get"),
    ("items", "dict.items"),
    ("keys", "dict.keys"),
    ("values", "dict.values"),
    ("pop", "dict.pop"),
    ("setdefault", "dict.setdefault"),
    ("update", "dict.update"),
    ("copy", "dict.copy"),
    ("clear", "dict.clear"),
    ("popitem", "dict.popitem"),
    ("fromkeys", "dict.fromkeys"),
];

/// `d.name(*args, **kwargs)`; `None` if dict has no such method.
pub(super) fn call(
    recv: &Value,
    dict: &Rc<RefCell<Dict>>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> Option<PyResult<Value>> {
    let qualname = METHODS
        .iter()
        .find(|(method, _)| *method == name)
        .map(|(_, qualname)| *qualname)?;
    let view = |kind| {
        Value::DictView(Rc::new(DictView {
            dict: dict.clone(),
            kind,
        }))
    };
    let result = (|| -> PyResult<Value> {
        Ok(match name {
            "get" => {
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 1, 2)?;
                let key = hash_key(&args[0])?;
                let found = dict.borrow().map().get(&key).map(|(_, v)| v.clone());
                found.unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None))
            }
            "items" => no_args(qualname, &args, &kwargs).map(|()| view(DictViewKind::Items))?,
            "keys" => no_args(qualname, &args, &kwargs).map(|()| view(DictViewKind::Keys))?,
            "values" => no_args(qualname, &args, &kwargs).map(|()| view(DictViewKind::Values))?,
            "pop" => {
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 1, 2)?;
                // `_PyDict_Pop`: an empty dict answers before the key is hashed, so
                // `{}.pop([], 0)` is 0, not an unhashable-type error.
                let removed = if dict.borrow().is_empty() {
                    None
                } else {
                    let key = hash_key(&args[0])?;
                    dict.borrow_mut().remove(&key)
                };
                match (removed, args.get(1)) {
                    (Some((_, v)), _) => v,
                    (None, Some(default)) => default.clone(),
                    (None, None) => {
                        return Err(PyErr::with_args(ExcKind::KeyError, vec![args[0].clone()]))
                    }
                }
            }
            "setdefault" => {
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 1, 2)?;
                let key = hash_key(&args[0])?;
                let default = args.get(1).cloned().unwrap_or(Value::None);
                dict.borrow_mut().setdefault(key, args[0].clone(), default)
            }
            "update" => {
                expect_count(name, &args, 0, 1)?;
                if let Some(source) = args.first() {
                    update_from(recv, source, interp)?;
                }
                if !kwargs.is_empty() {
                    // CPython merges the keywords as a dict of their own.
                    let mut keywords = Dict::presized(kwargs.len(), true);
                    for (k, v) in kwargs {
                        keywords.insert(HashKey::Str(k.clone()), Value::Str(k), v);
                    }
                    dict.borrow_mut().merge(&keywords);
                }
                Value::None
            }
            "copy" => {
                no_args(qualname, &args, &kwargs)?;
                Value::Dict(Rc::new(RefCell::new(dict.borrow().copy())))
            }
            "clear" => {
                no_args(qualname, &args, &kwargs)?;
                dict.borrow_mut().clear();
                Value::None
            }
            "popitem" => {
                no_args(qualname, &args, &kwargs)?;
                let last = dict.borrow_mut().pop_last();
                match last {
                    Some((k, v)) => Value::tuple(vec![k, v]),
                    None => {
                        return Err(PyErr::new(
                            ExcKind::KeyError,
                            "popitem(): dictionary is empty",
                        ))
                    }
                }
            }
            _ => {
                // d.fromkeys(iterable[, value]): a new dict, whatever d holds.
                no_kwargs(qualname, &kwargs)?;
                expect_count(name, &args, 1, 2)?;
                let value = args.get(1).cloned().unwrap_or(Value::None);
                // From a dict, CPython sizes the table for its keys first.
                let out = match &args[0] {
                    Value::Dict(d) => Dict::sized_for(&d.borrow()),
                    _ => Dict::default(),
                };
                let out = Value::Dict(Rc::new(RefCell::new(out)));
                for key in collect(&args[0], interp)? {
                    set_item(&out, &key, value.clone())?;
                }
                out
            }
        })
    })();
    Some(result)
}

/// `target.update(source)`: from a dict (its items), or from an iterable of pairs.
pub(super) fn update_from(target: &Value, source: &Value, interp: &mut dyn Interp) -> PyResult<()> {
    if let (Value::Dict(target), Value::Dict(d)) = (target, source) {
        // `dict_merge`; a dict merged into itself stays as it is.
        if !Rc::ptr_eq(target, d) {
            target.borrow_mut().merge(&d.borrow());
        }
        return Ok(());
    }
    let mut n = 0;
    for_each(source, interp, |element, interp| {
        if iterate(&element).is_err() {
            return Err(PyErr::type_error(format!(
                "cannot convert dictionary update sequence element #{n} to a sequence"
            )));
        }
        let pair = collect(&element, interp)?;
        let [k, v] = &pair[..] else {
            return Err(PyErr::value_error(format!(
                "dictionary update sequence element #{n} has length {}; 2 is required",
                pair.len()
            )));
        };
        set_item(target, k, v.clone())?;
        n += 1;
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{i, list, s, show, tuple, NoInterp};

    fn kw(pairs: Vec<(&str, Value)>) -> Kwargs {
        pairs.into_iter().map(|(k, v)| (Rc::from(k), v)).collect()
    }

    /// Run `{'a': 1, 'b': 2}.name(*args, **kwargs)`: the result, then the dict after.
    fn run(name: &str, args: Vec<Value>, kwargs: Kwargs) -> String {
        let d = Value::Dict(Default::default());
        set_item(&d, &s("a"), i(1)).unwrap();
        set_item(&d, &s("b"), i(2)).unwrap();
        let Value::Dict(inner) = &d else {
            unreachable!()
        };
        let result =
            call(&d, inner, name, args, kwargs, &mut NoInterp).map_or("<no method>".into(), show);
        format!("{result} {}", show(Ok(d.clone())))
    }

    #[test]
    fn dict_methods_match_cpython() {
        #[rustfmt::skip]
        let cases: Vec<(&str, Vec<Value>, Kwargs, &str)> = vec![
            ("get", vec![s("a")], kw(vec![]), "1 {'a': 1, 'b': 2}"),
            ("get", vec![s("z")], kw(vec![]), "None {'a': 1, 'b': 2}"),
            ("get", vec![s("z"), i(0)], kw(vec![]), "0 {'a': 1, 'b': 2}"),
            ("get", vec![], kw(vec![]), "TypeError: get expected at least 1 argument, got 0 {'a': 1, 'b': 2}"),
            ("get", vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: get expected at most 2 arguments, got 3 {'a': 1, 'b': 2}"),
            ("get", vec![list(vec![])], kw(vec![]), "TypeError: unhashable type: 'list' {'a': 1, 'b': 2}"),
            ("get", vec![], kw(vec![("x", i(1))]), "TypeError: dict.get() takes no keyword arguments {'a': 1, 'b': 2}"),
            ("keys", vec![], kw(vec![]), "dict_keys(['a', 'b']) {'a': 1, 'b': 2}"),
            ("values", vec![], kw(vec![]), "dict_values([1, 2]) {'a': 1, 'b': 2}"),
            ("items", vec![], kw(vec![]), "dict_items([('a', 1), ('b', 2)]) {'a': 1, 'b': 2}"),
            ("items", vec![i(1)], kw(vec![]), "TypeError: dict.items() takes no arguments (1 given) {'a': 1, 'b': 2}"),
            ("pop", vec![s("a")], kw(vec![]), "1 {'b': 2}"),
            ("pop", vec![s("k")], kw(vec![]), "KeyError: 'k' {'a': 1, 'b': 2}"),
            ("pop", vec![s("k"), s("dflt")], kw(vec![]), "'dflt' {'a': 1, 'b': 2}"),
            ("pop", vec![], kw(vec![]), "TypeError: pop expected at least 1 argument, got 0 {'a': 1, 'b': 2}"),
            ("pop", vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: pop expected at most 2 arguments, got 3 {'a': 1, 'b': 2}"),
            ("setdefault", vec![s("a"), i(9)], kw(vec![]), "1 {'a': 1, 'b': 2}"),
            ("setdefault", vec![s("n")], kw(vec![]), "None {'a': 1, 'b': 2, 'n': None}"),
            ("setdefault", vec![s("n"), list(vec![])], kw(vec![]), "[] {'a': 1, 'b': 2, 'n': []}"),
            ("setdefault", vec![], kw(vec![]), "TypeError: setdefault expected at least 1 argument, got 0 {'a': 1, 'b': 2}"),
            ("update", vec![list(vec![tuple(vec![s("a"), i(5)]), list(vec![s("x"), i(1)]), s("yz")])], kw(vec![("c", i(3))]), "None {'a': 5, 'b': 2, 'x': 1, 'y': 'z', 'c': 3}"),
            ("update", vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable {'a': 1, 'b': 2}"),
            ("update", vec![list(vec![i(1)])], kw(vec![]), "TypeError: cannot convert dictionary update sequence element #0 to a sequence {'a': 1, 'b': 2}"),
            ("update", vec![list(vec![tuple(vec![i(1), i(2), i(3)])])], kw(vec![]), "ValueError: dictionary update sequence element #0 has length 3; 2 is required {'a': 1, 'b': 2}"),
            ("update", vec![Value::Dict(Default::default()), Value::Dict(Default::default())], kw(vec![]), "TypeError: update expected at most 1 argument, got 2 {'a': 1, 'b': 2}"),
            ("copy", vec![], kw(vec![]), "{'a': 1, 'b': 2} {'a': 1, 'b': 2}"),
            ("clear", vec![], kw(vec![]), "None {}"),
            ("clear", vec![i(1)], kw(vec![]), "TypeError: dict.clear() takes no arguments (1 given) {'a': 1, 'b': 2}"),
            ("popitem", vec![], kw(vec![]), "('b', 2) {'a': 1}"),
            ("fromkeys", vec![list(vec![i(1)])], kw(vec![]), "{1: None} {'a': 1, 'b': 2}"),
            ("append", vec![], kw(vec![]), "<no method> {'a': 1, 'b': 2}"),
        ];
        for (name, args, kwargs, want) in cases {
            assert_eq!(run(name, args.clone(), kwargs), want, "dict.{name}{args:?}");
        }
        let empty = Value::Dict(Default::default());
        let Value::Dict(inner) = &empty else {
            unreachable!()
        };
        assert_eq!(
            call(&empty, inner, "popitem", vec![], vec![], &mut NoInterp)
                .map(show)
                .unwrap_or_default(),
            "KeyError: 'popitem(): dictionary is empty'"
        );
        assert_eq!(
            show(crate::sim::object::get_item(&empty, &s("x"))),
            "KeyError: 'x'"
        );
    }
}
