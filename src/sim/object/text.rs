//! Python's text algorithms behind the str methods: whitespace, splitting, line
//! breaks, case, searching windows, replacing and padding.
//!
//! Positions in arguments are characters, as in Python; the texts are UTF-8, so every
//! cut here is made at a character boundary.

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;

use super::{check_size, collect, iterate, Interp};

/// Python's `str.isspace()` for one character (Unicode White_Space plus the four
/// ASCII separators U+001C..U+001F that Python also counts).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

pub(super) fn join(sep: &str, iterable: &Value, interp: &mut dyn Interp) -> PyResult<Value> {
    if iterate(iterable).is_err() {
        return Err(PyErr::type_error("can only join an iterable"));
    }
    let items = collect(iterable, interp)?;
    let mut parts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(t) => parts.push(t.clone()),
            other => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )))
            }
        }
    }
    let total = parts
        .iter()
        .try_fold(0usize, |total, p| total.checked_add(p.len()));
    let seps = sep.len().checked_mul(parts.len().saturating_sub(1));
    check_size(
        total
            .zip(seps)
            .and_then(|(t, s)| t.checked_add(s))
            .unwrap_or(usize::MAX),
    )?;
    Ok(Value::str(
        &parts.iter().map(|p| &**p).collect::<Vec<_>>().join(sep),
    ))
}

/// `str.split()` / `str.rsplit()` without a separator (CPython's `split_whitespace`).
pub(super) fn split_whitespace(st: &str, maxsplit: i64, from_right: bool) -> Vec<&str> {
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        usize::try_from(maxsplit).unwrap_or(usize::MAX)
    };
    let mut parts = Vec::new();
    if !from_right {
        let mut rest = st.trim_start_matches(is_space);
        while !rest.is_empty() && left > 0 {
            let end = rest.find(is_space).unwrap_or(rest.len());
            parts.push(&rest[..end]);
            rest = rest[end..].trim_start_matches(is_space);
            left -= 1;
        }
        if !rest.is_empty() {
            parts.push(rest);
        }
    } else {
        let mut rest = st.trim_end_matches(is_space);
        while !rest.is_empty() && left > 0 {
            let start = rest.rfind(is_space).map_or(0, |i| {
                i + rest[i..].chars().next().map_or(1, char::len_utf8)
            });
            parts.push(&rest[start..]);
            rest = rest[..start].trim_end_matches(is_space);
            left -= 1;
        }
        if !rest.is_empty() {
            parts.push(rest);
        }
        parts.reverse();
    }
    parts
}

pub(super) fn split_on<'a>(
    st: &'a str,
    sep: &str,
    maxsplit: i64,
    from_right: bool,
) -> Vec<&'a str> {
    let n = if maxsplit < 0 {
        usize::MAX
    } else {
        usize::try_from(maxsplit)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
    };
    if from_right {
        let mut parts: Vec<&str> = st.rsplitn(n, sep).collect();
        parts.reverse();
        parts
    } else {
        st.splitn(n, sep).collect()
    }
}

/// Python's line boundaries: `\n`, `\r`, `\r\n`, `\v`, `\f`, `\x1c`-`\x1e`, `\x85`,
/// `\u2028`, `\u2029`.
pub(super) fn splitlines(st: &str, keepends: bool) -> Vec<&str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = st.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            end += 1;
        }
        lines.push(if keepends {
            &st[start..end]
        } else {
            &st[start..i]
        });
        start = end;
    }
    if start < st.len() {
        lines.push(&st[start..]);
    }
    lines
}

pub(super) fn title(st: &str) -> String {
    let mut out = String::with_capacity(st.len());
    let mut previous_cased = false;
    for c in st.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = c.is_lowercase() || c.is_uppercase();
    }
    out
}

pub(super) fn predicate(st: &str, name: &str) -> bool {
    let all = |f: &dyn Fn(char) -> bool| !st.is_empty() && st.chars().all(f);
    match name {
        // ASCII exactly; elsewhere Unicode's numeric characters stand in for
        // Python's digit and decimal properties.
        "isdigit" | "isdecimal" | "isnumeric" => {
            all(&|c| c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()))
        }
        "isalpha" => all(&char::is_alphabetic),
        "isalnum" => all(&char::is_alphanumeric),
        "isspace" => all(&is_space),
        "isupper" => st.chars().any(char::is_uppercase) && !st.chars().any(char::is_lowercase),
        "islower" => st.chars().any(char::is_lowercase) && !st.chars().any(char::is_uppercase),
        _ => {
            // istitle: uppercase only after uncased characters, lowercase only after cased.
            let (mut cased, mut previous_cased) = (false, false);
            for c in st.chars() {
                if c.is_uppercase() {
                    if previous_cased {
                        return false;
                    }
                    previous_cased = true;
                    cased = true;
                } else if c.is_lowercase() {
                    if !previous_cased {
                        return false;
                    }
                    previous_cased = true;
                    cased = true;
                } else {
                    previous_cased = false;
                }
            }
            cased
        }
    }
}

/// `start`/`end` arguments (char indices, slice-clamped) as byte offsets; `None` when
/// the start lies past the end of the text (nothing can match there).
pub(super) fn char_window(
    st: &str,
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<(Option<usize>, Option<usize>)> {
    let bound = |v: Option<&Value>| -> PyResult<Option<i64>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(*i)),
            Some(Value::Bool(b)) => Ok(Some(i64::from(*b))),
            Some(_) => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let len = st.chars().count() as i64;
    let adjust = |x: i64| if x < 0 { (x + len).max(0) } else { x };
    let start = adjust(bound(start)?.unwrap_or(0));
    let end = adjust(bound(end)?.unwrap_or(len)).min(len);
    if start > len {
        return Ok((None, None));
    }
    let byte = |k: i64| {
        st.char_indices()
            .nth(k as usize)
            .map_or(st.len(), |(b, _)| b)
    };
    Ok((Some(byte(start)), Some(byte(end.max(0)))))
}

pub(super) fn replace(st: &str, old: &str, new: &str, count: i64) -> PyResult<String> {
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    let hits = if old.is_empty() {
        st.chars().count().saturating_add(1).min(limit)
    } else {
        st.matches(old).count().min(limit)
    };
    // Refuse before building: the result may be far larger than the input.
    let added = hits
        .checked_mul(new.len())
        .and_then(|n| n.checked_add(st.len()));
    check_size(added.unwrap_or(usize::MAX))?;
    if old.is_empty() {
        // An empty pattern matches before every character and at the end.
        let mut out = String::new();
        let mut done = 0;
        for c in st.chars() {
            if done < limit {
                out += new;
                done += 1;
            }
            out.push(c);
        }
        if done < limit {
            out += new;
        }
        return Ok(out);
    }
    Ok(st.replacen(old, new, limit))
}

pub(super) fn zfill(st: &str, width: i64) -> PyResult<Value> {
    let len = st.chars().count();
    let width = usize::try_from(width).unwrap_or(0);
    if width <= len {
        return Ok(Value::str(st));
    }
    check_size(width)?;
    let zeros = "0".repeat(width - len);
    Ok(Value::str(&match st.chars().next() {
        Some(sign @ ('+' | '-')) => format!("{sign}{zeros}{}", &st[1..]),
        _ => format!("{zeros}{st}"),
    }))
}

pub(super) fn justify(st: &str, name: &str, width: i64, fill: char) -> PyResult<Value> {
    let len = st.chars().count();
    let width = usize::try_from(width).unwrap_or(0);
    if width <= len {
        return Ok(Value::str(st));
    }
    check_size(width)?;
    let pad = width - len;
    let (left, right) = match name {
        "ljust" => (0, pad),
        "rjust" => (pad, 0),
        // CPython's centring puts the odd space on the left when the width is odd.
        _ => {
            let left = pad / 2 + (pad & width & 1);
            (left, pad - left)
        }
    };
    let f = |n: usize| fill.to_string().repeat(n);
    Ok(Value::str(&format!("{}{st}{}", f(left), f(right))))
}
