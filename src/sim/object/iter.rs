//! Iteration: what `for`, `list(x)`, `enumerate`, `zip` and `reversed` walk over.

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{DictCursor, DictStep, DictViewKind, PyIter, Value};
use crate::sim::vm::frame::GeneratorState;

use super::hash::recursion_error;
use super::{check_size, int_overflow, too_large, Interp, MAX_ITEMS};

/// `iter(v)` as a cursor. Lists are read live; an iterator value is shared, so
/// advancing the cursor advances it.
pub fn iterate(v: &Value) -> PyResult<PyIter> {
    Ok(match v {
        Value::Str(s) => PyIter::Seq {
            items: s
                .chars()
                .map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
                .collect(),
            pos: 0,
            name: if s.is_ascii() {
                "str_ascii_iterator"
            } else {
                "str_iterator"
            },
        },
        Value::List(list) => PyIter::List {
            list: list.clone(),
            pos: 0,
        },
        Value::Tuple(items) => PyIter::Seq {
            items: items.clone(),
            pos: 0,
            name: "tuple_iterator",
        },
        Value::Dict(dict) => PyIter::Dict {
            dict: dict.clone(),
            kind: DictViewKind::Keys,
            cursor: DictCursor::new(&dict.borrow()),
        },
        Value::DictView(view) => PyIter::Dict {
            dict: view.dict.clone(),
            kind: view.kind,
            cursor: DictCursor::new(&view.dict.borrow()),
        },
        Value::Range(r) => PyIter::Range {
            next: r.start,
            stop: r.stop,
            step: r.step,
        },
        Value::Iter(it) => PyIter::Shared(it.clone()),
        other => return Err(not_iterable(other)),
    })
}

fn not_iterable(v: &Value) -> PyErr {
    match v {
        // CPython iterates a future as `await` does: its first step gives the
        // future itself to the loop. Only `await` drives one here.
        Value::Future(_) => PyErr::new(
            ExcKind::NotImplementedError,
            format!(
                "iterating over a '{}' object (outside `await`) is not supported by awaitscope",
                v.type_name()
            ),
        ),
        _ => PyErr::type_error(format!("'{}' object is not iterable", v.type_name())),
    }
}

/// How deeply iterators may wrap iterators (`zip(zip(zip(…)))`) before advancing
/// one raises `RecursionError` (instead of overflowing the Rust stack).
const MAX_NESTING: usize = 500;

/// The next value, or `None` when the iterator is exhausted.
pub fn iter_next(it: &mut PyIter, interp: &mut dyn Interp) -> PyResult<Option<Value>> {
    next_at(it, 0, interp)
}

/// Advances an iterator value: what `for`, `next()` and every consumer do. A
/// generator's frame runs with the iterator not borrowed, so code it runs may
/// reach the generator again (and learn that it is already executing).
pub fn advance(it: &Rc<RefCell<PyIter>>, interp: &mut dyn Interp) -> PyResult<Option<Value>> {
    advance_at(it, 0, interp)
}

fn advance_at(
    it: &Rc<RefCell<PyIter>>,
    depth: usize,
    interp: &mut dyn Interp,
) -> PyResult<Option<Value>> {
    let frame = {
        let mut cursor = it.try_borrow_mut().map_err(|_| already_executing())?;
        let PyIter::Generator(generator) = &mut *cursor else {
            return next_at(&mut cursor, depth, interp);
        };
        match std::mem::replace(&mut generator.state, GeneratorState::Running) {
            GeneratorState::Suspended(frame) => frame,
            GeneratorState::Running => return Err(already_executing()),
            GeneratorState::Done => {
                generator.state = GeneratorState::Done;
                return Ok(None);
            }
        }
    };
    let result = interp.resume(*frame);
    let (state, next) = match result {
        Ok(Some((value, frame))) => (GeneratorState::Suspended(Box::new(frame)), Ok(Some(value))),
        Ok(None) => (GeneratorState::Done, Ok(None)),
        Err(e) => (GeneratorState::Done, Err(e)),
    };
    // Nothing holds the iterator borrowed between two advances.
    if let Ok(mut cursor) = it.try_borrow_mut() {
        if let PyIter::Generator(generator) = &mut *cursor {
            generator.state = state;
        }
    }
    next
}

/// `zip(strict=True)`'s complaint about input `k` (from 0).
fn zip_mismatch(k: usize, which: &str) -> PyErr {
    let earlier = if k == 1 {
        "argument 1".to_string()
    } else {
        format!("arguments 1-{k}")
    };
    PyErr::value_error(format!(
        "zip() argument {} is {which} than {earlier}",
        k + 1
    ))
}

fn already_executing() -> PyErr {
    PyErr::value_error("generator already executing")
}

fn next_at(it: &mut PyIter, depth: usize, interp: &mut dyn Interp) -> PyResult<Option<Value>> {
    if depth > MAX_NESTING {
        return Err(recursion_error());
    }
    Ok(match it {
        PyIter::Seq { items, pos, .. } => {
            let item = items.get(*pos).cloned();
            if item.is_some() {
                *pos += 1;
            }
            item
        }
        PyIter::Reversed { items, pos, .. } => {
            if *pos == 0 {
                None
            } else {
                *pos -= 1;
                items.get(*pos).cloned()
            }
        }
        PyIter::List { list, pos } => {
            let item = list.borrow().get(*pos).cloned();
            // Once exhausted, stay exhausted even if the list grows (as CPython).
            *pos = if item.is_some() { *pos + 1 } else { usize::MAX };
            item
        }
        PyIter::Range { .. } => it.range_next().map(Value::Int),
        PyIter::Enumerate { inner, count } => match next_at(inner, depth + 1, interp)? {
            Some(value) => {
                let index = *count;
                *count = count.checked_add(1).ok_or_else(int_overflow)?;
                Some(Value::tuple(vec![Value::Int(index), value]))
            }
            None => None,
        },
        PyIter::Zip { iters, strict } => {
            if iters.is_empty() {
                return Ok(None);
            }
            let mut row = Vec::with_capacity(iters.len());
            for k in 0..iters.len() {
                match next_at(&mut iters[k], depth + 1, interp)? {
                    Some(v) => row.push(v),
                    None if !*strict => return Ok(None),
                    None if k > 0 => return Err(zip_mismatch(k, "shorter")),
                    None => {
                        // The first ran out: so must every other, as CPython checks.
                        for (k, other) in iters.iter_mut().enumerate().skip(1) {
                            if next_at(other, depth + 1, interp)?.is_some() {
                                return Err(zip_mismatch(k, "longer"));
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            Some(Value::tuple(row))
        }
        PyIter::Dict { dict, kind, cursor } => {
            let d = dict.borrow();
            match cursor.advance(&d) {
                DictStep::Entry(i) => {
                    let (k, v) = &d.map()[i];
                    Some(match kind {
                        DictViewKind::Keys => k.clone(),
                        DictViewKind::Values => v.clone(),
                        DictViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
                    })
                }
                DictStep::End => None,
                DictStep::Changed(message) => return Err(PyErr::runtime_error(message)),
            }
        }

        PyIter::Shared(inner) => advance_at(inner, depth + 1, interp)?,
        // Only reached through its `Value::Iter`, which `advance` runs.
        PyIter::Generator(_) => return Err(already_executing()),
    })
}

/// Run `f` on each item of `v` until it returns `false`. Native loops over
/// iterables stop after [`MAX_ITEMS`] items, so `sum(range(10**15))` ends with an
/// error instead of freezing the page.
pub(super) fn for_each(
    v: &Value,
    interp: &mut dyn Interp,
    mut f: impl FnMut(Value, &mut dyn Interp) -> PyResult<bool>,
) -> PyResult<()> {
    let mut it = iterate(v)?;
    let mut count = 0;
    while let Some(item) = iter_next(&mut it, interp)? {
        count += 1;
        if count > MAX_ITEMS {
            return Err(PyErr::runtime_error(format!(
                "too many items: awaitscope stops a builtin after {MAX_ITEMS} items"
            )));
        }
        if !f(item, interp)? {
            break;
        }
    }
    Ok(())
}

/// Iterate `v` to the end.
pub fn collect(v: &Value, interp: &mut dyn Interp) -> PyResult<Vec<Value>> {
    match v {
        // Fast paths that also refuse absurd sizes before allocating.
        Value::List(items) => return Ok(items.borrow().clone()),
        Value::Tuple(items) => return Ok(items.to_vec()),
        Value::Range(r) => {
            let len = super::builtins::range_len(r);
            if len > MAX_ITEMS as i128 {
                return Err(too_large());
            }
        }
        _ => {}
    }
    let mut it = iterate(v)?;
    let mut out = Vec::new();
    while let Some(item) = iter_next(&mut it, interp)? {
        out.push(item);
        if out.len() > MAX_ITEMS {
            return Err(too_large());
        }
    }
    Ok(out)
}

/// `reversed(v)`.
pub(super) fn reversed(v: &Value, interp: &mut dyn Interp) -> PyResult<PyIter> {
    let items: Rc<[Value]> = match v {
        Value::List(items) => Rc::from(items.borrow().clone()),
        Value::Tuple(items) => items.clone(),
        Value::Str(_) | Value::Dict(_) | Value::DictView(_) => Rc::from(collect(v, interp)?),
        Value::Range(r) => {
            let len = super::builtins::range_len(r);
            if len == 0 {
                return Ok(PyIter::Range {
                    next: 0,
                    stop: 0,
                    step: 1,
                });
            }
            // The last element, then down by step to the first.
            let last = i128::from(r.start) + (len - 1) * i128::from(r.step);
            let step = -i128::from(r.step);
            let stop = i128::from(r.start) + step;
            let fit = |x: i128| i64::try_from(x).map_err(|_| int_overflow());
            return Ok(PyIter::Range {
                next: fit(last)?,
                stop: fit(stop)?,
                step: fit(step)?,
            });
        }
        other => {
            return Err(PyErr::type_error(format!(
                "'{}' object is not reversible",
                other.type_name()
            )));
        }
    };
    check_size(items.len())?;
    let name = match v {
        Value::List(_) => "list_reverseiterator",
        Value::Dict(_) => "dict_reversekeyiterator",
        Value::DictView(view) => match view.kind {
            DictViewKind::Keys => "dict_reversekeyiterator",
            DictViewKind::Values => "dict_reversevalueiterator",
            DictViewKind::Items => "dict_reverseitemiterator",
        },
        _ => "reversed",
    };
    let pos = items.len();
    Ok(PyIter::Reversed { items, pos, name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{list, s, show, tuple, NoInterp};
    use crate::sim::value::RangeValue;

    fn range(start: i64, stop: i64, step: i64) -> Value {
        Value::Range(Rc::new(RangeValue { start, stop, step }))
    }

    fn all(v: &Value) -> String {
        show(collect(v, &mut NoInterp).map(Value::list))
    }

    fn rev(v: &Value) -> String {
        show(
            reversed(v, &mut NoInterp)
                .map(|it| Value::Iter(Rc::new(std::cell::RefCell::new(it))))
                .and_then(|it| collect(&it, &mut NoInterp))
                .map(Value::list),
        )
    }

    #[test]
    fn iteration() {
        #[rustfmt::skip]
        let cases: Vec<(Value, &str, &str)> = vec![
            (range(0, 5, 1), "[0, 1, 2, 3, 4]", "[4, 3, 2, 1, 0]"),
            (range(0, 10, 3), "[0, 3, 6, 9]", "[9, 6, 3, 0]"),
            (range(10, 0, -3), "[10, 7, 4, 1]", "[1, 4, 7, 10]"),
            (range(5, 0, 1), "[]", "[]"),
            (range(i64::MAX - 2, i64::MAX, 1), "[9223372036854775805, 9223372036854775806]", "[9223372036854775806, 9223372036854775805]"),
            (range(i64::MIN + 2, i64::MIN + 5, 2), "[-9223372036854775806, -9223372036854775804]", "[-9223372036854775804, -9223372036854775806]"),
            (s("héllo"), "['h', 'é', 'l', 'l', 'o']", "['o', 'l', 'l', 'é', 'h']"),
            (tuple(vec![]), "[]", "[]"),
            (list(vec![Value::None]), "[None]", "[None]"),
            (Value::Int(3), "TypeError: 'int' object is not iterable", "TypeError: 'int' object is not reversible"),
        ];
        for (v, forward, backward) in cases {
            assert_eq!(all(&v), forward, "list({v:?})");
            assert_eq!(rev(&v), backward, "reversed({v:?})");
        }
    }

    #[test]
    fn lists_are_iterated_live() {
        let l = list(vec![Value::Int(1)]);
        let mut it = iterate(&l).unwrap();
        assert!(iter_next(&mut it, &mut NoInterp).unwrap().is_some());
        if let Value::List(items) = &l {
            items.borrow_mut().push(Value::Int(2));
        }
        assert_eq!(
            show(Ok(iter_next(&mut it, &mut NoInterp).unwrap().unwrap())),
            "2"
        );
        assert!(iter_next(&mut it, &mut NoInterp).unwrap().is_none());
        if let Value::List(items) = &l {
            items.borrow_mut().push(Value::Int(3));
        }
        assert!(
            iter_next(&mut it, &mut NoInterp).unwrap().is_none(),
            "an exhausted iterator stays exhausted"
        );
    }

    #[test]
    fn deeply_nested_iterators_raise_instead_of_overflowing() {
        let mut it = iterate(&list(vec![Value::Int(1)])).unwrap();
        for _ in 0..2000 {
            it = PyIter::Zip {
                iters: vec![it],
                strict: false,
            };
        }
        assert_eq!(
            show(iter_next(&mut it, &mut NoInterp).map(|v| v.unwrap_or(Value::None))),
            "RecursionError: maximum recursion depth exceeded"
        );
    }

    #[test]
    fn native_loops_are_bounded() {
        let huge = range(0, i64::MAX, 1);
        let result = for_each(&huge, &mut NoInterp, |_, _| Ok(true));
        assert_eq!(
            show(result.map(|()| Value::None)),
            "RuntimeError: too many items: awaitscope stops a builtin after 10000000 items"
        );
        assert_eq!(
            show(collect(&huge, &mut NoInterp).map(Value::list)),
            "OverflowError: result too large: awaitscope limits a str, list or tuple to 10000000 items"
        );
    }

    #[test]
    fn dict_changing_size_during_iteration_raises() {
        let d = Value::Dict(Default::default());
        super::super::set_item(&d, &s("a"), Value::Int(1)).unwrap();
        let mut it = iterate(&d).unwrap();
        assert_eq!(
            show(Ok(iter_next(&mut it, &mut NoInterp).unwrap().unwrap())),
            "'a'"
        );
        super::super::set_item(&d, &s("b"), Value::Int(2)).unwrap();
        assert_eq!(
            show(iter_next(&mut it, &mut NoInterp).map(|v| v.unwrap_or(Value::None))),
            "RuntimeError: dictionary changed size during iteration"
        );
    }
}
