//! Comparisons: `==`, ordering, `is`, and `in`.
//!
//! Mixed int/float comparisons are exact, as in CPython (`2**53 + 1 > 2.0**53`).
//! Containers compare element-wise with an identity shortcut, so a list that contains
//! itself equals itself; deeper nesting than [`MAX_DEPTH`] raises `RecursionError`.

use std::cmp::Ordering;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{Class, DictViewKind, MethodRef, RangeValue, Value};
use crate::syntax::ast::CmpOp;

use super::hash::{hash_key, integral_i64};
use super::iter::for_each;
use super::ops::{as_num, Num};
use super::{Interp, NoRuntime};

const MAX_DEPTH: usize = 300;

/// `a op b` for every comparison operator.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match op {
        CmpOp::Eq => try_equals(a, b),
        CmpOp::NotEq => Ok(!try_equals(a, b)?),
        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => order(op, a, b, 0),
        CmpOp::Is => Ok(is(a, b)),
        CmpOp::IsNot => Ok(!is(a, b)),
        // The VM calls `contains` itself, with itself to run a generator's code.
        CmpOp::In => contains(b, a, &mut NoRuntime),
        CmpOp::NotIn => Ok(!contains(b, a, &mut NoRuntime)?),
    }
}

/// `a == b`; a comparison that fails (too deep) counts as unequal.
pub fn equals(a: &Value, b: &Value) -> bool {
    try_equals(a, b).unwrap_or(false)
}

/// `a == b`, raising `RecursionError` for containers nested too deeply.
pub fn try_equals(a: &Value, b: &Value) -> PyResult<bool> {
    eq(a, b, 0)
}

/// Python's `is`: None and bools by value; small ints (-5..=256) and strs by value,
/// as CPython's caches and interned literals make them; the empty tuple is unique;
/// classes, builtins and modules by what they name; everything else by identity.
fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            std::rc::Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty())
        }
        (Value::Class(_) | Value::Builtin(_) | Value::Module(_), _) => same_object(a, b),
        _ => matches!((a.identity(), b.identity()), (Some(x), Some(y)) if x == y),
    }
}

/// Identity for objects compared by identity (including classes and builtins).
fn same_object(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Class(x), Value::Class(y)) => same_class(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        (Value::Module(x), Value::Module(y)) => x == y,
        _ => matches!((a.identity(), b.identity()), (Some(x), Some(y)) if x == y),
    }
}

pub(super) fn same_class(a: &Class, b: &Class) -> bool {
    match (a, b) {
        (Class::Builtin(x), Class::Builtin(y)) => x == y,
        (Class::Exception(x), Class::Exception(y)) => x == y,
        (Class::Prelude(x), Class::Prelude(y)) => std::rc::Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Compare two numbers exactly; `None` when a NaN is involved.
fn num_cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Int(x), Num::Float(y)) => int_float_cmp(*x, *y),
        (Num::Float(x), Num::Int(y)) => int_float_cmp(*y, *x).map(Ordering::reverse),
    }
}

/// `i` against `x` without rounding `i` to a double.
fn int_float_cmp(i: i64, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x >= 9223372036854775808.0 {
        return Some(Ordering::Less);
    }
    if x < -9223372036854775808.0 {
        return Some(Ordering::Greater);
    }
    let whole = x.trunc();
    // In range, so the conversion is exact.
    match i.cmp(&(whole as i64)) {
        Ordering::Equal => 0.0.partial_cmp(&(x - whole)),
        other => Some(other),
    }
}

/// CPython's error for comparing containers nested too deeply.
fn too_deep() -> PyErr {
    PyErr::new(
        ExcKind::RecursionError,
        "maximum recursion depth exceeded in comparison",
    )
}

fn eq(a: &Value, b: &Value, depth: usize) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return Ok(num_cmp(&x, &y) == Some(Ordering::Equal));
    }
    if depth >= MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            std::rc::Rc::ptr_eq(x, y) || seq_eq(&x.borrow(), &y.borrow(), depth)?
        }
        (Value::Tuple(x), Value::Tuple(y)) => seq_eq(x, y, depth)?,
        (Value::Dict(x), Value::Dict(y)) => {
            if std::rc::Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            let (x, y) = (x.borrow(), y.borrow());
            if x.map().len() != y.map().len() {
                return Ok(false);
            }
            for (k, (_, xv)) in x.map() {
                match y.map().get(k) {
                    Some((_, yv)) if item_eq(xv, yv, depth)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Value::Range(x), Value::Range(y)) => range_eq(x, y),
        (Value::DictView(x), Value::DictView(y))
            if x.kind == y.kind && x.kind != DictViewKind::Values =>
        {
            let xs = super::iter::collect(a, &mut NoRuntime)?;
            let ys = super::iter::collect(b, &mut NoRuntime)?;
            xs.len() == ys.len() && {
                let mut all = true;
                for item in &xs {
                    if !contains(b, item, &mut NoRuntime)? {
                        all = false;
                        break;
                    }
                }
                all
            }
        }
        (Value::Slice(x), Value::Slice(y)) => {
            item_eq(&x.lower, &y.lower, depth)?
                && item_eq(&x.upper, &y.upper, depth)?
                && item_eq(&x.step, &y.step, depth)?
        }
        (Value::Method(x), Value::Method(y)) => {
            is(&x.receiver, &y.receiver)
                && match (&x.method, &y.method) {
                    (MethodRef::Native(m), MethodRef::Native(n)) => m == n,
                    (MethodRef::Function(m), MethodRef::Function(n)) => std::rc::Rc::ptr_eq(m, n),
                    _ => false,
                }
        }
        _ => same_object(a, b),
    })
}

/// Element equality with CPython's identity shortcut.
fn item_eq(a: &Value, b: &Value, depth: usize) -> PyResult<bool> {
    if matches!((a.identity(), b.identity()), (Some(x), Some(y)) if x == y) {
        return Ok(true);
    }
    eq(a, b, depth + 1)
}

fn seq_eq(a: &[Value], b: &[Value], depth: usize) -> PyResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !item_eq(x, y, depth)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Ranges are equal when they give the same numbers.
fn range_eq(a: &RangeValue, b: &RangeValue) -> bool {
    let len = super::builtins::range_len(a);
    if len != super::builtins::range_len(b) {
        return false;
    }
    len == 0 || (a.start == b.start && (len == 1 || a.step == b.step))
}

fn not_supported(op: CmpOp, a: &Value, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

fn order(op: CmpOp, a: &Value, b: &Value, depth: usize) -> PyResult<bool> {
    let apply = |ord: Ordering| match op {
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::LtE => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    };
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return Ok(num_cmp(&x, &y).is_some_and(apply));
    }
    if depth >= MAX_DEPTH {
        return Err(too_deep());
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(apply(x.cmp(y))),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_order(op, &x, &y, depth, apply)
        }
        (Value::Tuple(x), Value::Tuple(y)) => seq_order(op, x, y, depth, apply),
        _ => Err(not_supported(op, a, b)),
    }
}

/// Lexicographic order: the first unequal items decide, else the lengths.
fn seq_order(
    op: CmpOp,
    a: &[Value],
    b: &[Value],
    depth: usize,
    apply: impl Fn(Ordering) -> bool,
) -> PyResult<bool> {
    for (x, y) in a.iter().zip(b) {
        if !item_eq(x, y, depth)? {
            return order(op, x, y, depth + 1);
        }
    }
    Ok(apply(a.len().cmp(&b.len())))
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value, interp: &mut dyn Interp) -> PyResult<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.contains(&**sub)),
            other => Err(PyErr::type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                other.type_name()
            ))),
        },
        Value::List(items) => {
            let items = items.borrow().clone();
            any_eq(&items, item)
        }
        Value::Tuple(items) => any_eq(items, item),
        Value::Dict(d) => {
            let key = hash_key(item)?;
            Ok(d.borrow().map().contains_key(&key))
        }
        Value::DictView(view) => match view.kind {
            DictViewKind::Keys => {
                let key = hash_key(item)?;
                Ok(view.dict.borrow().map().contains_key(&key))
            }
            DictViewKind::Items => {
                let Value::Tuple(pair) = item else {
                    return Ok(false);
                };
                let [k, v] = &pair[..] else { return Ok(false) };
                let key = hash_key(k)?;
                let found = view
                    .dict
                    .borrow()
                    .map()
                    .get(&key)
                    .map(|(_, value)| value.clone());
                match found {
                    Some(value) => item_eq(&value, v, 0),
                    None => Ok(false),
                }
            }
            DictViewKind::Values => {
                let values: Vec<Value> = view
                    .dict
                    .borrow()
                    .map()
                    .values()
                    .map(|(_, v)| v.clone())
                    .collect();
                any_eq(&values, item)
            }
        },
        Value::Range(r) => Ok(range_position(r, item).is_some()),
        Value::Iter(_) => {
            let mut found = false;
            for_each(container, interp, |next, _| {
                found = item_eq(&next, item, 0)?;
                Ok(!found)
            })?;
            Ok(found)
        }
        other => Err(PyErr::type_error(format!(
            "argument of type '{}' is not iterable",
            other.type_name()
        ))),
    }
}

fn any_eq(items: &[Value], item: &Value) -> PyResult<bool> {
    for x in items {
        if item_eq(x, item, 0)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where `item` is in the range, by `==`: ints, bools and integral floats can be.
pub(super) fn range_position(r: &RangeValue, item: &Value) -> Option<i64> {
    let i = match item {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        Value::Float(x) => integral_i64(*x)?,
        _ => return None,
    };
    // In range, the position fits: it is below the range's length.
    range_contains(r, i)
        .then(|| ((i128::from(i) - i128::from(r.start)) / i128::from(r.step)) as i64)
}

pub(super) fn range_contains(r: &RangeValue, i: i64) -> bool {
    let (start, stop, step, i) = (
        i128::from(r.start),
        i128::from(r.stop),
        i128::from(r.step),
        i128::from(i),
    );
    if step > 0 {
        start <= i && i < stop && (i - start) % step == 0
    } else {
        stop < i && i <= start && (start - i) % (-step) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{err_text, f, i, list, s, tuple};

    fn show(r: PyResult<bool>) -> String {
        r.map_or_else(
            |e| err_text(&e),
            |b| if b { "True".into() } else { "False".into() },
        )
    }

    #[test]
    fn comparisons_match_cpython() {
        use CmpOp::*;
        let big = 9007199254740993; // 2**53 + 1
        #[rustfmt::skip]
        let cases: Vec<(Value, CmpOp, Value, &str)> = vec![
            (i(big), Gt, f(9007199254740992.0), "True"),
            (i(big), Eq, f(9007199254740992.0), "False"),
            (i(9007199254740992), Eq, f(9007199254740992.0), "True"),
            (i(i64::MAX), Lt, f(9223372036854775808.0), "True"),
            (i(i64::MIN), Eq, f(-9223372036854775808.0), "True"),
            (i(1), Lt, f(1.5), "True"),
            (i(-1), Gt, f(-1.5), "True"),
            (i(2), Gt, f(f64::NAN), "False"),
            (f(f64::NAN), NotEq, f(f64::NAN), "True"),
            (f(f64::NAN), Eq, f(f64::NAN), "False"),
            (i(1), Lt, f(f64::INFINITY), "True"),
            (Value::Bool(true), Eq, i(1), "True"),
            (Value::Bool(true), Eq, f(1.0), "True"),
            (i(1), Lt, s("a"), "TypeError: '<' not supported between instances of 'int' and 'str'"),
            (s("a"), GtE, Value::None, "TypeError: '>=' not supported between instances of 'str' and 'NoneType'"),
            (list(vec![]), Lt, tuple(vec![]), "TypeError: '<' not supported between instances of 'list' and 'tuple'"),
            (i(1), Eq, s("1"), "False"),
            (list(vec![i(1)]), Eq, tuple(vec![i(1)]), "False"),
            (s("abc"), Lt, s("abd"), "True"),
            (s("Z"), Lt, s("a"), "True"),
            (s("é"), Gt, s("z"), "True"),
            (s(""), Lt, s("a"), "True"),
            (list(vec![i(1), i(2)]), Lt, list(vec![i(1), i(3)]), "True"),
            (list(vec![i(1), i(2)]), Lt, list(vec![i(1), i(2), i(0)]), "True"),
            (tuple(vec![i(1), s("b")]), Gt, tuple(vec![i(1), s("a")]), "True"),
            (tuple(vec![i(1), s("b")]), Lt, tuple(vec![i(2), i(0)]), "True"),
            (tuple(vec![i(1), s("b")]), Lt, tuple(vec![i(1), i(0)]), "TypeError: '<' not supported between instances of 'str' and 'int'"),
            (list(vec![f(1.0), i(2)]), Eq, list(vec![i(1), f(2.0)]), "True"),
            (i(3), In, list(vec![i(1), i(2), i(3)]), "True"),
            (f(3.0), In, tuple(vec![i(3)]), "True"),
            (s("b"), In, s("abc"), "True"),
            (s(""), In, s("abc"), "True"),
            (i(1), In, s("abc"), "TypeError: 'in <string>' requires string as left operand, not int"),
            (i(1), In, i(5), "TypeError: argument of type 'int' is not iterable"),
            (s("a"), In, list(vec![i(1)]), "False"),
            (list(vec![]), In, list(vec![list(vec![])]), "True"),
            (i(300), Is, i(300), "False"),
            (i(256), Is, i(256), "True"),
            (Value::None, Is, Value::None, "True"),
            (tuple(vec![]), Is, tuple(vec![]), "True"),
            (list(vec![]), Is, list(vec![]), "False"),
            (list(vec![]), IsNot, list(vec![]), "True"),
        ];
        for (a, op, b, want) in cases {
            assert_eq!(
                show(compare(op, &a, &b)),
                want,
                "{a:?} {} {b:?}",
                op.symbol()
            );
        }
    }

    #[test]
    fn ranges() {
        let r =
            |start, stop, step| Value::Range(std::rc::Rc::new(RangeValue { start, stop, step }));
        assert!(equals(&r(0, 0, 1), &r(5, 2, 3)));
        assert!(equals(&r(0, 3, 2), &r(0, 4, 2)));
        assert!(!equals(&r(0, 3, 1), &r(0, 3, 2)));
        assert!(contains(&r(10, 0, -3), &i(4), &mut NoRuntime).unwrap());
        assert!(!contains(&r(10, 0, -3), &i(5), &mut NoRuntime).unwrap());
        assert!(contains(&r(0, 10, 1), &f(3.0), &mut NoRuntime).unwrap());
        assert!(!contains(&r(0, 10, 1), &f(3.5), &mut NoRuntime).unwrap());
        assert!(!contains(&r(0, 10, 1), &s("3"), &mut NoRuntime).unwrap());
        assert!(contains(&r(i64::MIN, i64::MAX, i64::MAX), &i(-1), &mut NoRuntime).unwrap());
    }
}
