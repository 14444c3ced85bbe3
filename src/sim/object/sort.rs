//! Sorting and `min`/`max`, by Python's `<` only (which may raise `TypeError`).
//!
//! The sort is CPython's timsort in the parts that decide results: runs are found and
//! extended by binary insertion exactly as `listsort` does (so small lists, even with
//! NaNs, come out the same), and runs are merged stably. Rust's own sorts are not
//! used: they may panic when `<` is not a total order, and Python's is not.
//!
//! A `list.sort()` whose `<` fails part way leaves the list as CPython's does: the
//! items moved so far stay moved. That is exact while the runs are being found and
//! extended, which is all of the sort for fewer than 64 items; a failure while
//! merging leaves the merged part, then the rest of each run (CPython's merge may
//! have galloped further).

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;
use crate::syntax::ast::CmpOp;

use super::args::{expect_count, no_other_kwargs, take_kwarg, Kwargs};
use super::{collect, compare, Interp};

/// `list.sort(key=…, reverse=…)` on the list itself.
pub(super) fn sort_list(
    list: &Rc<RefCell<Vec<Value>>>,
    key: Option<Value>,
    reverse: bool,
    interp: &mut dyn Interp,
) -> PyResult<()> {
    // As CPython, the list looks empty while it is being sorted.
    let items = std::mem::take(&mut *list.borrow_mut());
    let keys = match keys_of(&items, key.as_ref(), interp) {
        Ok(keys) => keys,
        Err(e) => {
            *list.borrow_mut() = items;
            return Err(e);
        }
    };
    let (sorted, result) = sort_values(items, keys, reverse);
    let mut current = list.borrow_mut();
    let modified = !current.is_empty();
    // What the list held while it was sorted is dropped; the sorted items, or as
    // far as they got, take its place.
    *current = sorted;
    result?;
    if modified {
        return Err(PyErr::value_error("list modified during sort"));
    }
    Ok(())
}

/// The sort keys: the items themselves, or `key(item)` for each.
fn keys_of(items: &[Value], key: Option<&Value>, interp: &mut dyn Interp) -> PyResult<Vec<Value>> {
    match key {
        Some(f) => items
            .iter()
            .map(|item| interp.call(f, vec![item.clone()]))
            .collect(),
        None => Ok(items.to_vec()),
    }
}

/// `values` sorted stably by their `keys`, and whether every comparison succeeded;
/// after a failed one, the values as far as the sort had moved them.
fn sort_values(
    mut values: Vec<Value>,
    mut keys: Vec<Value>,
    reverse: bool,
) -> (Vec<Value>, PyResult<()>) {
    // Reverse, sort stably, reverse: equal items keep their order, as in CPython.
    if reverse {
        keys.reverse();
        values.reverse();
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    let result = timsort(&keys, &mut order);
    let mut slots: Vec<Option<Value>> = values.into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(order.len());
    for i in order {
        if let Some(value) = slots.get_mut(i).and_then(Option::take) {
            sorted.push(value);
        }
    }
    if reverse {
        sorted.reverse();
    }
    (sorted, result)
}

/// `items` sorted stably by `key(item) < key(other)`.
pub(super) fn sorted_values(
    items: &[Value],
    key: Option<&Value>,
    reverse: bool,
    interp: &mut dyn Interp,
) -> PyResult<Vec<Value>> {
    let keys = keys_of(items, key, interp)?;
    let (sorted, result) = sort_values(items.to_vec(), keys, reverse);
    result.map(|()| sorted)
}

fn lt(a: &Value, b: &Value) -> PyResult<bool> {
    compare(CmpOp::Lt, a, b)
}

/// Sorts `order` (indices into `keys`) stably by key, moving them as CPython's
/// `listsort` moves the items, so that after a failed comparison `order` is what
/// CPython's array would hold.
fn timsort(keys: &[Value], order: &mut [usize]) -> PyResult<()> {
    let n = keys.len();
    if n < 2 {
        return Ok(());
    }
    let min_run = compute_min_run(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        let (mut len, descending) = count_run(keys, &order[lo..])?;
        if descending {
            order[lo..lo + len].reverse();
        }
        if len < min_run {
            let force = min_run.min(n - lo);
            binary_insertion(keys, &mut order[lo..lo + force], len)?;
            len = force;
        }
        runs.push((lo, lo + len));
        lo += len;
    }
    // Merge neighbouring runs until one is left (stable: ties take the left run).
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        for pair in runs.chunks(2) {
            match *pair {
                [(a, mid), (_, b)] => {
                    merge(keys, &mut order[a..b], mid - a)?;
                    merged.push((a, b));
                }
                [single] => merged.push(single),
                _ => {}
            }
        }
        runs = merged;
    }
    Ok(())
}

/// CPython's `merge_compute_minrun`.
fn compute_min_run(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// CPython's `count_run`: the length of the run at the start of `order`, and whether
/// it is strictly descending.
fn count_run(keys: &[Value], order: &[usize]) -> PyResult<(usize, bool)> {
    if order.len() == 1 {
        return Ok((1, false));
    }
    let at = |i: usize| &keys[order[i]];
    let mut n = 2;
    if lt(at(1), at(0))? {
        while n < order.len() && lt(at(n), at(n - 1))? {
            n += 1;
        }
        Ok((n, true))
    } else {
        while n < order.len() && !lt(at(n), at(n - 1))? {
            n += 1;
        }
        Ok((n, false))
    }
}

/// CPython's `binarysort`: `order[..sorted]` is sorted; insert the rest one by one.
fn binary_insertion(keys: &[Value], order: &mut [usize], sorted: usize) -> PyResult<()> {
    for start in sorted.max(1)..order.len() {
        let pivot = order[start];
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + (r - l) / 2;
            if lt(&keys[pivot], &keys[order[p]])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        order.copy_within(l..start, l + 1);
        order[l] = pivot;
    }
    Ok(())
}

/// Merge the sorted halves `order[..mid]` and `order[mid..]`. A failed comparison
/// leaves the merged part, then the rest of the left run, then the rest of the
/// right one (as CPython's `merge_lo` does).
fn merge(keys: &[Value], order: &mut [usize], mid: usize) -> PyResult<()> {
    let left = order[..mid].to_vec();
    let right = order[mid..].to_vec();
    let (mut i, mut j, mut k) = (0, 0, 0);
    let mut result = Ok(());
    while i < left.len() && j < right.len() {
        match lt(&keys[right[j]], &keys[left[i]]) {
            Ok(true) => {
                order[k] = right[j];
                j += 1;
            }
            Ok(false) => {
                order[k] = left[i];
                i += 1;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        k += 1;
    }
    for &x in left[i..].iter().chain(&right[j..]) {
        order[k] = x;
        k += 1;
    }
    result
}

/// The `reverse=` argument: any int (bools included).
pub(super) fn reverse_flag(v: Option<Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(v) => super::args::int_arg(&v).map(|i| i != 0),
    }
}

/// The `key=` argument: `None` means no key.
pub(super) fn key_arg(v: Option<Value>) -> Option<Value> {
    v.filter(|k| !k.is_none())
}

/// `sorted(iterable, *, key=None, reverse=False)`.
pub(super) fn sorted(
    args: Vec<Value>,
    mut kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> PyResult<Value> {
    expect_count("sorted", &args, 1, 1)?;
    // As CPython's sorted(): the list first, then list.sort()'s own checks of the
    // keywords it passes on.
    let items = collect(&args[0], interp)?;
    super::args::at_most("sort", 0, kwargs.len(), 2)?;
    let key = key_arg(take_kwarg(&mut kwargs, "key"));
    let reverse = take_kwarg(&mut kwargs, "reverse");
    no_other_kwargs("sort", &kwargs)?;
    let reverse = reverse_flag(reverse)?;
    Ok(Value::list(sorted_values(
        &items,
        key.as_ref(),
        reverse,
        interp,
    )?))
}

/// `min(…)` and `max(…)`: one iterable or several arguments, `key=`, `default=`.
pub(super) fn min_max(
    is_min: bool,
    args: Vec<Value>,
    mut kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> PyResult<Value> {
    let name = if is_min { "min" } else { "max" };
    // The positional count first, then the keywords, as CPython's min_max.
    if args.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    }
    let key = key_arg(take_kwarg(&mut kwargs, "key"));
    let default = take_kwarg(&mut kwargs, "default");
    no_other_kwargs(name, &kwargs)?;
    let items = if args.len() == 1 {
        collect(&args[0], interp)?
    } else {
        if default.is_some() {
            return Err(PyErr::type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        args
    };
    let op = if is_min { CmpOp::Lt } else { CmpOp::Gt };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => interp.call(f, vec![item.clone()])?,
            None => item.clone(),
        };
        best = match best {
            Some((best_item, best_key)) if !compare(op, &k, &best_key)? => {
                Some((best_item, best_key))
            }
            _ => Some((item, k)),
        };
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(PyErr::value_error(format!(
            "{name}() arg is an empty sequence"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{f, i, list, s, show, tuple, NoInterp};
    use crate::sim::value::Builtin;

    fn kw(pairs: Vec<(&str, Value)>) -> Kwargs {
        pairs.into_iter().map(|(k, v)| (Rc::from(k), v)).collect()
    }

    #[test]
    fn sorted_matches_cpython() {
        let nan = f(f64::NAN);
        #[rustfmt::skip]
        let cases: Vec<(Vec<Value>, Kwargs, &str)> = vec![
            (vec![list(vec![i(3), i(1), i(2)])], kw(vec![]), "[1, 2, 3]"),
            (vec![list(vec![i(3), i(1), i(2)])], kw(vec![("reverse", Value::Bool(true))]), "[3, 2, 1]"),
            (vec![list(vec![i(1), s("a")])], kw(vec![]), "TypeError: '<' not supported between instances of 'str' and 'int'"),
            (vec![list(vec![s("a"), i(1)])], kw(vec![]), "TypeError: '<' not supported between instances of 'int' and 'str'"),
            (vec![list(vec![i(1)])], kw(vec![("reverse", s("a"))]), "TypeError: 'str' object cannot be interpreted as an integer"),
            (vec![list(vec![i(3), i(1)])], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for sort()"),
            (vec![], kw(vec![]), "TypeError: sorted expected 1 argument, got 0"),
            (vec![list(vec![i(1)]), i(2)], kw(vec![]), "TypeError: sorted expected 1 argument, got 2"),
            (vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (vec![s("banana")], kw(vec![]), "['a', 'a', 'a', 'b', 'n', 'n']"),
            // Stability: equal keys keep their order, also when reversed.
            (vec![list(vec![s("bb"), s("a"), s("cc"), s("d"), s("ee")])], kw(vec![("key", Value::Builtin(Builtin::Len))]), "['a', 'd', 'bb', 'cc', 'ee']"),
            (vec![list(vec![s("bb"), s("a"), s("cc"), s("d"), s("ee")])], kw(vec![("key", Value::Builtin(Builtin::Len)), ("reverse", Value::Bool(true))]), "['bb', 'cc', 'ee', 'a', 'd']"),
            (vec![list(vec![tuple(vec![i(2), s("x")]), tuple(vec![i(1), s("y")]), tuple(vec![i(2), s("a")])])], kw(vec![]), "[(1, 'y'), (2, 'a'), (2, 'x')]"),
            (vec![list(vec![i(-3), i(2), i(-1), f(1.5)])], kw(vec![("key", Value::Builtin(Builtin::Abs))]), "[-1, 1.5, 2, -3]"),
            (vec![list(vec![f(3.0), nan.clone(), f(1.0), f(2.0)])], kw(vec![]), "[3.0, nan, 1.0, 2.0]"),
            (vec![list(vec![f(2.0), f(1.0), nan.clone(), f(0.5), f(3.0)])], kw(vec![]), "[0.5, 1.0, 2.0, nan, 3.0]"),
            (vec![list(vec![Value::Bool(true), i(0), f(0.5)])], kw(vec![]), "[0, 0.5, True]"),
        ];
        for (args, kwargs, want) in cases {
            let got = show(sorted(args.clone(), kwargs, &mut NoInterp));
            assert_eq!(got, want, "sorted{args:?}");
        }
    }

    #[test]
    fn long_sorts_are_stable() {
        // 200 items keyed by i % 7: runs, insertion and merging all take part.
        let items: Vec<Value> = (0..200)
            .map(|k| tuple(vec![i((k * 37) % 7), i(k)]))
            .collect();
        let got = sorted_values(&items, None, false, &mut NoInterp).unwrap();
        let mut want: Vec<(i64, i64)> = (0..200).map(|k| ((k * 37) % 7, k)).collect();
        want.sort();
        let got: Vec<String> = got.iter().map(|v| show(Ok(v.clone()))).collect();
        let want: Vec<String> = want.iter().map(|(a, b)| format!("({a}, {b})")).collect();
        assert_eq!(got, want);
        let descending: Vec<Value> = (0..150).rev().map(i).collect();
        let got = sorted_values(&descending, None, false, &mut NoInterp).unwrap();
        assert!(got
            .iter()
            .enumerate()
            .all(|(k, v)| matches!(v, Value::Int(x) if *x == k as i64)));
    }

    /// A key function that appends to the list being sorted, as a scenario could.
    struct Meddler(Rc<RefCell<Vec<Value>>>);

    impl Interp for Meddler {
        fn call(&mut self, _callable: &Value, args: Vec<Value>) -> PyResult<Value> {
            // The list looks empty while it is sorted; this fills it.
            self.0.borrow_mut().push(i(0));
            Ok(args[0].clone())
        }

        fn repr_object(&self, _v: &Value) -> String {
            String::new()
        }
    }

    #[test]
    fn a_list_changed_by_its_key_function_raises() {
        let l = Rc::new(RefCell::new(vec![i(2), i(1)]));
        let mut meddler = Meddler(l.clone());
        let result = sort_list(&l, Some(Value::None), false, &mut meddler);
        assert_eq!(
            show(result.map(|()| Value::None)),
            "ValueError: list modified during sort"
        );
        assert_eq!(show(Ok(Value::List(l))), "[1, 2]");
    }

    #[test]
    fn min_and_max() {
        #[rustfmt::skip]
        let cases: Vec<(bool, Vec<Value>, Kwargs, &str)> = vec![
            (true, vec![], kw(vec![]), "TypeError: min expected at least 1 argument, got 0"),
            (true, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (true, vec![list(vec![])], kw(vec![]), "ValueError: min() arg is an empty sequence"),
            (false, vec![list(vec![])], kw(vec![("default", i(5))]), "5"),
            (false, vec![i(1), i(2)], kw(vec![("default", i(5))]), "TypeError: Cannot specify a default for max() with multiple positional arguments"),
            (false, vec![i(1), s("a")], kw(vec![]), "TypeError: '>' not supported between instances of 'str' and 'int'"),
            (true, vec![i(1), s("a")], kw(vec![]), "TypeError: '<' not supported between instances of 'str' and 'int'"),
            (true, vec![list(vec![i(1)])], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for min()"),
            (false, vec![list(vec![i(3), i(-7), i(5)])], kw(vec![("key", Value::Builtin(Builtin::Abs))]), "-7"),
            (true, vec![i(3), f(1.0), i(1)], kw(vec![]), "1.0"),
            (false, vec![i(3), f(5.0), i(5)], kw(vec![]), "5.0"),
            (false, vec![s("apple"), s("fig"), s("kiwi")], kw(vec![("key", Value::Builtin(Builtin::Len))]), "'apple'"),
            (true, vec![s("apple"), s("fig"), s("kiw")], kw(vec![("key", Value::Builtin(Builtin::Len))]), "'fig'"),
            (true, vec![i(1), i(2)], kw(vec![("key", Value::None)]), "1"),
        ];
        for (is_min, args, kwargs, want) in cases {
            let got = show(min_max(is_min, args.clone(), kwargs, &mut NoInterp));
            assert_eq!(got, want, "{}{args:?}", if is_min { "min" } else { "max" });
        }
    }
}
