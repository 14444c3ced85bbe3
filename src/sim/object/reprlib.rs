//! `reprlib.repr`: the abbreviated repr asyncio uses for a callback's arguments in
//! its logs (`Exception in callback tick('a long stri...xt', [0, 1, 2, 3, 4, 5, ...])`).
//! The limits are `reprlib.Repr`'s defaults.

use crate::sim::value::Value;
use crate::syntax::ast::CmpOp;

use super::{compare, repr, Interp};

const MAX_LEVEL: usize = 6;
const MAX_ITEMS: usize = 6;
const MAX_DICT: usize = 4;
const MAX_STRING: usize = 30;
const MAX_LONG: usize = 40;
const MAX_OTHER: usize = 30;

/// `reprlib.repr(v)`.
pub fn short_repr(v: &Value, interp: &dyn Interp) -> String {
    repr1(v, MAX_LEVEL, interp)
}

fn repr1(v: &Value, level: usize, interp: &dyn Interp) -> String {
    match v {
        Value::Str(s) => {
            let head: String = s.chars().take(MAX_STRING).collect();
            shorten(&repr(&Value::str(&head), interp), MAX_STRING)
        }
        Value::Int(_) => shorten(&repr(v, interp), MAX_LONG),
        Value::List(items) => iterable(&items.borrow(), level, "[", "]", interp),
        Value::Tuple(items) if items.len() == 1 => iterable(items, level, "(", ",)", interp),
        Value::Tuple(items) => iterable(items, level, "(", ")", interp),
        Value::Dict(d) => {
            let d = d.borrow();
            if d.map.is_empty() {
                return "{}".to_string();
            }
            if level == 0 {
                return "{...}".to_string();
            }
            let mut entries: Vec<&(Value, Value)> = d.map.values().collect();
            // Sorted by key when the keys compare, as `_possibly_sorted` does.
            if entries.iter().all(|(k, _)| comparable(k, &entries[0].0)) {
                for i in 1..entries.len() {
                    let mut j = i;
                    while j > 0 && less(&entries[j].0, &entries[j - 1].0) {
                        entries.swap(j - 1, j);
                        j -= 1;
                    }
                }
            }
            let mut pieces: Vec<String> = entries
                .iter()
                .take(MAX_DICT)
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        repr1(k, level - 1, interp),
                        repr1(v, level - 1, interp)
                    )
                })
                .collect();
            if entries.len() > MAX_DICT {
                pieces.push("...".to_string());
            }
            format!("{{{}}}", pieces.join(", "))
        }
        other => shorten(&repr(other, interp), MAX_OTHER),
    }
}

fn iterable(items: &[Value], level: usize, left: &str, right: &str, interp: &dyn Interp) -> String {
    let body = if level == 0 && !items.is_empty() {
        "...".to_string()
    } else {
        let mut pieces: Vec<String> = items
            .iter()
            .take(MAX_ITEMS)
            .map(|item| repr1(item, level - 1, interp))
            .collect();
        if items.len() > MAX_ITEMS {
            pieces.push("...".to_string());
        }
        pieces.join(", ")
    };
    format!("{left}{body}{right}")
}

/// `s` cut to `max` characters around `...`, as reprlib cuts a long repr.
fn shorten(s: &str, max: usize) -> String {
    let len = s.chars().count();
    if len <= max {
        return s.to_string();
    }
    let i = (max - 3) / 2;
    let j = max - 3 - i;
    let head: String = s.chars().take(i).collect();
    let tail: String = s.chars().skip(len - j).collect();
    format!("{head}...{tail}")
}

/// Whether `a` and `b` order without a `TypeError` (so `sorted` would succeed).
fn comparable(a: &Value, b: &Value) -> bool {
    compare(CmpOp::Lt, a, b).is_ok()
}

fn less(a: &Value, b: &Value) -> bool {
    compare(CmpOp::Lt, a, b).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::short_repr;
    use crate::sim::object::testing::{list, s, NoInterp};
    use crate::sim::value::Value;

    /// Expected strings are what CPython 3.11's `reprlib.repr` returns.
    #[test]
    fn long_values_are_cut_as_reprlib_cuts_them() {
        let i = NoInterp;
        let ints = |n: i64| list((0..n).map(Value::Int).collect());
        let nested = (0..8).fold(list(vec![Value::Int(1)]), |x, _| list(vec![x]));
        let cases = [
            (s(&"a".repeat(50)), "'aaaaaaaaaaaa...aaaaaaaaaaaaa'"),
            (ints(10), "[0, 1, 2, 3, 4, 5, ...]"),
            (Value::tuple(vec![Value::Int(1)]), "(1,)"),
            (Value::tuple(vec![]), "()"),
            (nested, "[[[[[[[...]]]]]]]"),
            (
                Value::Float(1.0000000000000002e300),
                "1.0000000000000002e+300",
            ),
            (
                Value::tuple(vec![s(&"x".repeat(40))]),
                "('xxxxxxxxxxxx...xxxxxxxxxxxxx',)",
            ),
            (s("short"), "'short'"),
        ];
        for (value, expected) in cases {
            assert_eq!(short_repr(&value, &i), expected);
        }
    }
}
