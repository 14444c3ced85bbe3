//! `reprlib.repr`: the abbreviated repr asyncio uses for a callback's arguments in
//! its logs (`Exception in callback tick('a long stri...xt', [0, 1, 2, 3, 4, 5, ...])`).
//! The limits are `reprlib.Repr`'s defaults.

use crate::sim::value::Value;
use crate::syntax::ast::CmpOp;

use super::{compare, repr, Interp};

const MAX_LEVEL: usize = 6;
const MAX_ITEMS: usize = 6;
const MAX_DICT: usize = 4;
const MAX_LONG: usize = 40;
/// Characters of a text, and of any other repr (`maxstring`, `maxother`).
const MAX_OTHER: usize = 30;

/// `reprlib.repr(v)`.
pub fn short_repr(v: &Value, interp: &dyn Interp) -> String {
    let mut out = String::new();
    repr1(v, MAX_LEVEL, interp, &mut out);
    out
}

fn repr1(v: &Value, level: usize, interp: &dyn Interp, out: &mut String) {
    let (open, close, items) = match v {
        Value::List(items) => ("[", "]", items.borrow().clone()),
        Value::Tuple(items) => ("(", ")", items.to_vec()),
        Value::Dict(d) => {
            let mut pairs: Vec<(Value, Value)> = d.borrow().map().values().cloned().collect();
            if pairs.is_empty() {
                out.push_str("{}");
            } else if level == 0 {
                out.push_str("{...}");
            } else {
                sort_keys(&mut pairs);
                out.push('{');
                for (n, (k, v)) in pairs.iter().take(MAX_DICT).enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    repr1(k, level - 1, interp, out);
                    out.push_str(": ");
                    repr1(v, level - 1, interp, out);
                }
                if pairs.len() > MAX_DICT {
                    out.push_str(", ...");
                }
                out.push('}');
            }
            return;
        }
        other => return abbreviate(other, interp, out),
    };
    // `_repr_iterable`: a 1-tuple's comma only where its item is written.
    out.push_str(open);
    if level == 0 && !items.is_empty() {
        out.push_str("...");
    } else {
        for (n, item) in items.iter().take(MAX_ITEMS).enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            repr1(item, level - 1, interp, out);
        }
        if items.len() > MAX_ITEMS {
            out.push_str(", ...");
        }
        if items.len() == 1 && open == "(" {
            out.push(',');
        }
    }
    out.push_str(close);
}

/// `reprlib.repr` of anything but a list, tuple or dict.
fn abbreviate(v: &Value, interp: &dyn Interp, out: &mut String) {
    let (i, j) = cut_at(MAX_OTHER);
    let Value::Str(s) = v else {
        let max = if matches!(v, Value::Int(_)) {
            MAX_LONG
        } else {
            MAX_OTHER
        };
        let full = repr(v, interp);
        if full.chars().count() <= max {
            out.push_str(&full);
        } else {
            cut(&full, i, j, out);
        }
        return;
    };
    // `repr(x[:maxstring])`; if that is too long, the repr of the text's head and
    // tail (`x[len(x) - j:]`, whose negative start counts from the end, as Python
    // slices), cut around `...`.
    let chars: Vec<char> = s.chars().collect();
    let head = repr_chars(&chars[..chars.len().min(MAX_OTHER)], interp);
    if head.chars().count() <= MAX_OTHER {
        out.push_str(&head);
        return;
    }
    let n = chars.len();
    let tail = if n >= j {
        n - j
    } else {
        n.saturating_sub(j - n)
    };
    let mut kept = chars[..i.min(n)].to_vec();
    kept.extend_from_slice(&chars[tail..]);
    cut(&repr_chars(&kept, interp), i, j, out);
}

/// A dict's items sorted by key when the keys compare, as `_possibly_sorted` does.
fn sort_keys(pairs: &mut [(Value, Value)]) {
    let Some((first, _)) = pairs.first() else {
        return;
    };
    if !pairs
        .iter()
        .all(|(k, _)| compare(CmpOp::Lt, k, first).is_ok())
    {
        return;
    }
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && compare(CmpOp::Lt, &pairs[j].0, &pairs[j - 1].0).unwrap_or(false) {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn repr_chars(chars: &[char], interp: &dyn Interp) -> String {
    repr(&Value::str(&chars.iter().collect::<String>()), interp)
}

/// How many characters of a long repr stay before and after `...`.
fn cut_at(max: usize) -> (usize, usize) {
    let i = (max - 3) / 2;
    (i, max - 3 - i)
}

/// `s[:i] + '...' + s[len(s) - j:]`.
fn cut(s: &str, i: usize, j: usize, out: &mut String) {
    let chars: Vec<char> = s.chars().collect();
    out.extend(&chars[..i.min(chars.len())]);
    out.push_str("...");
    out.extend(&chars[chars.len().saturating_sub(j)..]);
}

#[cfg(test)]
mod tests {
    use super::short_repr;
    use crate::sim::object::testing::{dict, i, list, s, NoInterp};
    use crate::sim::value::Value;

    /// Expected strings are what CPython 3.11's `reprlib.repr` returns.
    #[test]
    fn long_values_are_cut_as_reprlib_cuts_them() {
        let interp = NoInterp;
        let ints = |n: i64| list((0..n).map(Value::Int).collect());
        let nested = (0..8).fold(list(vec![Value::Int(1)]), |x, _| list(vec![x]));
        let one_tuples = (0..7).fold(Value::Int(1), |x, _| Value::tuple(vec![x]));
        let empties = (0..6).fold(list(vec![]), |x, _| list(vec![x]));
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
            // The tail comes from the end of the text, not of its first 30 characters.
            (
                s("abcdefghijklmnopqrstuvwxyz0123456789ABCD"),
                "'abcdefghijkl...123456789ABCD'",
            ),
            (
                s("it's a long string with a quote in it ok"),
                "\"it's a long ...uote in it ok\"",
            ),
            (s(&"\0".repeat(8)), "'\\x00\\x00\\x00...0\\x00\\x00\\x00'"),
            (s(&"é".repeat(40)), "'éééééééééééé...ééééééééééééé'"),
            (
                dict(vec![
                    (s("b"), i(1)),
                    (s("a"), ints(7)),
                    (s("c"), Value::tuple(vec![])),
                    (s("d"), dict(vec![])),
                    (s("e"), i(5)),
                ]),
                "{'a': [0, 1, 2, 3, 4, 5, ...], 'b': 1, 'c': (), 'd': {}, ...}",
            ),
            (
                dict(vec![(i(2), s("x")), (s("a"), i(1))]),
                "{2: 'x', 'a': 1}",
            ),
            (one_tuples, "(((((((...),),),),),),)"),
            (empties, "[[[[[[[]]]]]]]"),
        ];
        for (value, expected) in cases {
            assert_eq!(short_repr(&value, &interp), expected);
        }
    }
}
