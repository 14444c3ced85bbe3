//! Subscripts: `x[i]`, `x[a:b:c]`, `x[i] = v`, `del x[i]` for str, list, tuple, range
//! and dict, with Python's negative indices, slice clamping and messages.

use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{RangeValue, SliceValue, Value};

use super::hash::hash_key;
use super::iter::{collect, iterate};
use super::{check_size, int_overflow};

/// `slice(lower, upper, step)`, what the VM's `BuildSlice` makes. The bounds are
/// checked when the slice is used, as in Python.
pub fn make_slice(lower: Value, upper: Value, step: Value) -> PyResult<Value> {
    Ok(Value::Slice(Rc::new(SliceValue { lower, upper, step })))
}

/// The positions a slice selects in a sequence of some length: CPython's
/// `PySlice_Unpack` and `PySlice_AdjustIndices`.
struct Selection {
    start: i64,
    /// The clamped stop (a range slice keeps it: `range(10)[0:5:2]` is `range(0, 5, 2)`).
    stop: i64,
    step: i64,
    len: usize,
}

impl Selection {
    /// The positions the slice selects, in order.
    fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len as i64).map(move |k| (self.start + k * self.step) as usize)
    }
}

fn slice_bound(v: &Value) -> PyResult<Option<i64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(i64::from(*b))),
        _ => Err(PyErr::type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
    }
}

fn resolve(slice: &SliceValue, length: usize) -> PyResult<Selection> {
    let step = slice_bound(&slice.step)?.unwrap_or(1);
    if step == 0 {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    // As CPython, so that -step cannot overflow.
    let step = step.max(-i64::MAX);
    let length = length as i64;
    let clamp = |bound: Option<i64>, default: i64| {
        let Some(mut x) = bound else { return default };
        if x < 0 {
            x += length;
            if x < 0 {
                x = if step < 0 { -1 } else { 0 };
            }
        } else if x >= length {
            x = if step < 0 { length - 1 } else { length };
        }
        x
    };
    let start = clamp(
        slice_bound(&slice.lower)?,
        if step < 0 { length - 1 } else { 0 },
    );
    let stop = clamp(
        slice_bound(&slice.upper)?,
        if step < 0 { -1 } else { length },
    );
    let len = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok(Selection {
        start,
        stop,
        step,
        len: len as usize,
    })
}

/// An integer index, made non-negative and checked against `len`.
fn position(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 {
        index.checked_add(len)?
    } else {
        index
    };
    (0..len).contains(&i).then_some(i as usize)
}

fn int_index(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn index_error(message: &str) -> PyErr {
    PyErr::new(ExcKind::IndexError, message)
}

fn bad_index(container: &str, index: &Value) -> PyErr {
    PyErr::type_error(format!(
        "{container} indices must be integers or slices, not {}",
        index.type_name()
    ))
}

/// `container[index]`.
pub fn get_item(container: &Value, index: &Value) -> PyResult<Value> {
    match container {
        Value::List(items) => {
            let items = items.borrow();
            match (index, int_index(index)) {
                (Value::Slice(s), _) => {
                    let span = resolve(s, items.len())?;
                    Ok(Value::list(
                        span.indices().map(|i| items[i].clone()).collect(),
                    ))
                }
                (_, Some(i)) => position(i, items.len())
                    .map(|i| items[i].clone())
                    .ok_or_else(|| index_error("list index out of range")),
                _ => Err(bad_index("list", index)),
            }
        }
        Value::Tuple(items) => match (index, int_index(index)) {
            (Value::Slice(s), _) => {
                let span = resolve(s, items.len())?;
                Ok(Value::tuple(
                    span.indices().map(|i| items[i].clone()).collect(),
                ))
            }
            (_, Some(i)) => position(i, items.len())
                .map(|i| items[i].clone())
                .ok_or_else(|| index_error("tuple index out of range")),
            _ => Err(bad_index("tuple", index)),
        },
        Value::Str(text) => str_item(text, index),
        Value::Range(r) => range_item(r, index),
        Value::Dict(d) => {
            let key = hash_key(index)?;
            let found = d.borrow().map().get(&key).map(|(_, v)| v.clone());
            found.ok_or_else(|| PyErr::with_args(ExcKind::KeyError, vec![index.clone()]))
        }
        Value::Class(c) => Err(PyErr::type_error(format!(
            "type '{}' is not subscriptable",
            super::classes::class_name(c)
        ))),
        other => Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            other.type_name()
        ))),
    }
}

fn str_item(text: &str, index: &Value) -> PyResult<Value> {
    match (index, int_index(index)) {
        (Value::Slice(s), _) => {
            if text.is_ascii() {
                let bytes = text.as_bytes();
                let span = resolve(s, bytes.len())?;
                let out: String = span.indices().map(|i| bytes[i] as char).collect();
                return Ok(Value::str(&out));
            }
            let chars: Vec<char> = text.chars().collect();
            let span = resolve(s, chars.len())?;
            let out: String = span.indices().map(|i| chars[i]).collect();
            Ok(Value::str(&out))
        }
        (_, Some(i)) => {
            let len = if text.is_ascii() {
                text.len()
            } else {
                text.chars().count()
            };
            let c = position(i, len)
                .and_then(|i| text.chars().nth(i))
                .ok_or_else(|| index_error("string index out of range"))?;
            Ok(Value::str(c.encode_utf8(&mut [0; 4])))
        }
        _ => Err(PyErr::type_error(format!(
            "string indices must be integers, not '{}'",
            index.type_name()
        ))),
    }
}

fn range_item(r: &RangeValue, index: &Value) -> PyResult<Value> {
    let len = super::builtins::range_len(r);
    match (index, int_index(index)) {
        (Value::Slice(s), _) => {
            let len = usize::try_from(len).map_err(|_| int_overflow())?;
            let span = resolve(s, len)?;
            let at = |k: i128| i128::from(r.start) + k * i128::from(r.step);
            let start = at(i128::from(span.start));
            let stop = at(i128::from(span.stop));
            let step = i128::from(r.step) * i128::from(span.step);
            let fit = |x: i128| i64::try_from(x).map_err(|_| int_overflow());
            Ok(Value::Range(Rc::new(RangeValue {
                start: fit(start)?,
                stop: fit(stop)?,
                step: fit(step)?,
            })))
        }
        (_, Some(i)) => {
            let i = i128::from(i);
            let i = if i < 0 { i + len } else { i };
            if !(0..len).contains(&i) {
                return Err(index_error("range object index out of range"));
            }
            // Within the range, so between start and stop: fits an i64.
            Ok(Value::Int(
                (i128::from(r.start) + i * i128::from(r.step)) as i64,
            ))
        }
        _ => Err(bad_index("range", index)),
    }
}

/// `container[index] = value`.
pub fn set_item(container: &Value, index: &Value, value: Value) -> PyResult<()> {
    match container {
        Value::List(items) => match (index, int_index(index)) {
            (Value::Slice(s), _) => {
                // Materialise first: `a[:] = a` reads the list before it changes.
                // (The VM has run a generator already: no Python code runs here.)
                if iterate(&value).is_err() {
                    return Err(PyErr::type_error("can only assign an iterable"));
                }
                let new = collect(&value, &mut super::NoRuntime)?;
                let mut items = items.borrow_mut();
                let span = resolve(s, items.len())?;
                if span.step == 1 {
                    let start = span.start as usize;
                    let stop = start + span.len;
                    check_size(items.len() - span.len + new.len())?;
                    items.splice(start..stop, new);
                    return Ok(());
                }
                if new.len() != span.len {
                    return Err(PyErr::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new.len(),
                        span.len
                    )));
                }
                let positions: Vec<usize> = span.indices().collect();
                for (i, v) in positions.into_iter().zip(new) {
                    items[i] = v;
                }
                Ok(())
            }
            (_, Some(i)) => {
                let mut items = items.borrow_mut();
                let i = position(i, items.len())
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                items[i] = value;
                Ok(())
            }
            _ => Err(bad_index("list", index)),
        },
        Value::Dict(d) => {
            let key = hash_key(index)?;
            d.borrow_mut().insert(key, index.clone(), value);
            Ok(())
        }
        other => Err(PyErr::type_error(format!(
            "'{}' object does not support item assignment",
            other.type_name()
        ))),
    }
}

/// `del container[index]`.
pub fn del_item(container: &Value, index: &Value) -> PyResult<()> {
    match container {
        Value::List(items) => match (index, int_index(index)) {
            (Value::Slice(s), _) => {
                let mut items = items.borrow_mut();
                let span = resolve(s, items.len())?;
                let mut doomed = vec![false; items.len()];
                for i in span.indices() {
                    doomed[i] = true;
                }
                let mut k = 0;
                items.retain(|_| {
                    k += 1;
                    !doomed[k - 1]
                });
                Ok(())
            }
            (_, Some(i)) => {
                let mut items = items.borrow_mut();
                let i = position(i, items.len())
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                items.remove(i);
                Ok(())
            }
            _ => Err(bad_index("list", index)),
        },
        Value::Dict(d) => {
            let key = hash_key(index)?;
            match d.borrow_mut().remove(&key) {
                Some(_) => Ok(()),
                None => Err(PyErr::with_args(ExcKind::KeyError, vec![index.clone()])),
            }
        }
        Value::Tuple(_) | Value::Str(_) => Err(PyErr::type_error(format!(
            "'{}' object doesn't support item deletion",
            container.type_name()
        ))),
        other => Err(PyErr::type_error(format!(
            "'{}' object does not support item deletion",
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{i, list, s, show, tuple};

    fn sl(lower: Option<i64>, upper: Option<i64>, step: Option<i64>) -> Value {
        let b = |x: Option<i64>| x.map_or(Value::None, Value::Int);
        make_slice(b(lower), b(upper), b(step)).unwrap()
    }

    fn range(start: i64, stop: i64, step: i64) -> Value {
        Value::Range(Rc::new(RangeValue { start, stop, step }))
    }

    fn nums(n: i64) -> Value {
        list((0..n).map(i).collect())
    }

    #[test]
    fn reading() {
        // (container, index, repr of the result) from CPython 3.11.
        #[rustfmt::skip]
        let cases: Vec<(Value, Value, &str)> = vec![
            (s("abc"), s("x"), "TypeError: string indices must be integers, not 'str'"),
            (s("abc"), i(5), "IndexError: string index out of range"),
            (s("abc"), i(-1), "'c'"),
            (s("abc"), i(-4), "IndexError: string index out of range"),
            (s("abc"), Value::Float(1.5), "TypeError: string indices must be integers, not 'float'"),
            (tuple(vec![i(1)]), s("a"), "TypeError: tuple indices must be integers or slices, not str"),
            (range(0, 3, 1), s("a"), "TypeError: range indices must be integers or slices, not str"),
            (range(0, 3, 1), i(5), "IndexError: range object index out of range"),
            (i(5), i(0), "TypeError: 'int' object is not subscriptable"),
            (Value::None, i(0), "TypeError: 'NoneType' object is not subscriptable"),
            (list(vec![i(1), i(2)]), Value::None, "TypeError: list indices must be integers or slices, not NoneType"),
            (list(vec![i(1)]), sl(None, None, Some(0)), "ValueError: slice step cannot be zero"),
            (list(vec![i(1)]), make_slice(s("a"), Value::None, Value::None).unwrap(), "TypeError: slice indices must be integers or None or have an __index__ method"),
            (list(vec![i(1)]), i(1), "IndexError: list index out of range"),
            (list(vec![i(1)]), Value::Bool(false), "1"),
            (range(0, 10, 1), sl(Some(2), Some(5), None), "range(2, 5)"),
            (range(0, 10, 3), sl(None, None, Some(-1)), "range(9, -3, -3)"),
            (range(0, 10, 1), i(-1), "9"),
            (range(5, 0, -1), sl(Some(1), Some(3), None), "range(4, 2, -1)"),
            (range(0, 10, 1), sl(Some(0), Some(5), Some(2)), "range(0, 5, 2)"),
            (range(0, 10, 1), sl(Some(-100), Some(100), None), "range(0, 10)"),
            (s("hello"), sl(None, None, Some(-1)), "'olleh'"),
            (s("héllo"), sl(Some(1), Some(3), None), "'él'"),
            (s("héllo"), i(1), "'é'"),
            (list(vec![i(1), i(2), i(3)]), sl(Some(-5), Some(10), None), "[1, 2, 3]"),
            (tuple(vec![i(1), i(2), i(3)]), sl(None, None, Some(2)), "(1, 3)"),
            (nums(6), sl(Some(4), Some(1), None), "[]"),
            (nums(6), sl(Some(4), Some(1), Some(-1)), "[4, 3, 2]"),
            (nums(6), sl(None, None, Some(i64::MIN)), "[5]"),
            (nums(6), sl(Some(i64::MIN), Some(i64::MAX), Some(2)), "[0, 2, 4]"),
            (nums(6), sl(Some(-2), None, None), "[4, 5]"),
        ];
        for (c, index, want) in cases {
            assert_eq!(show(get_item(&c, &index)), want, "{c:?}[{index:?}]");
        }
    }

    #[test]
    fn writing_and_deleting() {
        let run = |f: &dyn Fn(&Value) -> PyResult<()>| {
            let l = nums(6);
            show(f(&l).map(|()| l))
        };
        assert_eq!(
            run(&|l| set_item(l, &sl(Some(4), Some(1), None), list(vec![s("x")]))),
            "[0, 1, 2, 3, 'x', 4, 5]"
        );
        assert_eq!(
            run(&|l| set_item(
                l,
                &sl(None, None, Some(-2)),
                list(vec![s("a"), s("b"), s("c")])
            )),
            "[0, 'c', 2, 'b', 4, 'a']"
        );
        assert_eq!(run(&|l| del_item(l, &sl(None, None, Some(2)))), "[1, 3, 5]");
        assert_eq!(
            run(&|l| del_item(l, &sl(Some(-2), None, None))),
            "[0, 1, 2, 3]"
        );
        assert_eq!(
            run(&|l| set_item(l, &sl(Some(1), Some(3), None), l.clone())),
            "[0, 0, 1, 2, 3, 4, 5, 3, 4, 5]"
        );
        assert_eq!(
            run(&|l| set_item(l, &sl(Some(0), Some(1), None), i(5))),
            "TypeError: can only assign an iterable"
        );
        assert_eq!(
            run(&|l| set_item(l, &sl(None, None, Some(2)), list(vec![i(1)]))),
            "ValueError: attempt to assign sequence of size 1 to extended slice of size 3"
        );
        assert_eq!(
            run(&|l| set_item(l, &i(6), i(1))),
            "IndexError: list assignment index out of range"
        );
        assert_eq!(
            run(&|l| set_item(l, &i(-6), s("first"))),
            "['first', 1, 2, 3, 4, 5]"
        );
        assert_eq!(
            run(&|l| del_item(l, &i(6))),
            "IndexError: list assignment index out of range"
        );
        assert_eq!(run(&|l| del_item(l, &i(0))), "[1, 2, 3, 4, 5]");
        assert_eq!(
            run(&|l| set_item(l, &s("a"), i(1))),
            "TypeError: list indices must be integers or slices, not str"
        );
        assert_eq!(
            run(&|l| del_item(l, &s("a"))),
            "TypeError: list indices must be integers or slices, not str"
        );
        assert_eq!(
            run(&|l| set_item(l, &sl(None, None, Some(0)), list(vec![]))),
            "ValueError: slice step cannot be zero"
        );
        let t = tuple(vec![i(1)]);
        assert_eq!(
            show(del_item(&t, &i(0)).map(|()| Value::None)),
            "TypeError: 'tuple' object doesn't support item deletion"
        );
        assert_eq!(
            show(set_item(&t, &i(0), i(1)).map(|()| Value::None)),
            "TypeError: 'tuple' object does not support item assignment"
        );
        assert_eq!(
            show(set_item(&s("a"), &i(0), i(1)).map(|()| Value::None)),
            "TypeError: 'str' object does not support item assignment"
        );
        assert_eq!(
            show(del_item(&s("a"), &i(0)).map(|()| Value::None)),
            "TypeError: 'str' object doesn't support item deletion"
        );
        assert_eq!(
            show(del_item(&i(5), &i(0)).map(|()| Value::None)),
            "TypeError: 'int' object does not support item deletion"
        );
        assert_eq!(
            show(set_item(&range(0, 3, 1), &i(0), i(1)).map(|()| Value::None)),
            "TypeError: 'range' object does not support item assignment"
        );
    }

    #[test]
    fn dict_keys_keep_the_first_key_object() {
        let d = Value::Dict(Default::default());
        set_item(&d, &i(1), s("int")).unwrap();
        set_item(&d, &Value::Float(1.0), s("float")).unwrap();
        set_item(&d, &Value::Bool(true), s("bool")).unwrap();
        set_item(&d, &s("b"), i(2)).unwrap();
        set_item(&d, &s("c"), i(3)).unwrap();
        assert_eq!(show(Ok(d.clone())), "{1: 'bool', 'b': 2, 'c': 3}");
        del_item(&d, &s("b")).unwrap();
        set_item(&d, &s("b"), i(4)).unwrap();
        assert_eq!(show(Ok(d.clone())), "{1: 'bool', 'c': 3, 'b': 4}");
        assert_eq!(show(get_item(&d, &s("zz"))), "KeyError: 'zz'");
        assert_eq!(
            show(del_item(&d, &s("k")).map(|()| Value::None)),
            "KeyError: 'k'"
        );
        assert_eq!(
            show(set_item(&d, &list(vec![]), i(1)).map(|()| Value::None)),
            "TypeError: unhashable type: 'list'"
        );
        assert_eq!(show(get_item(&d, &Value::Float(1.0))), "'bool'");
    }
}
