//! `int(x)`, `int(text, base)` and `float(x)`: conversions with CPython's grammar for
//! numeric strings and its error messages.

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;

use super::arith::float_to_int;
use super::int_overflow;
use super::repr::quote_str;
use super::text::is_space;

/// `int(v)` with no base.
pub(super) fn to_int(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Float(x) => float_to_int(*x),
        Value::Str(s) => parse_int(s, 10),
        other => Err(PyErr::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// `int(text, base)`.
pub(super) fn to_int_with_base(v: &Value, base: &Value) -> PyResult<i64> {
    let base = match base {
        Value::Int(b) => *b,
        Value::Bool(b) => i64::from(*b),
        other => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )))
        }
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(PyErr::value_error(
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    match v {
        Value::Str(s) => parse_int(s, base as u32),
        _ => Err(PyErr::type_error(
            "int() can't convert non-string with explicit base",
        )),
    }
}

/// CPython's `PyLong_FromString` for an `i64`: surrounding whitespace, a sign, an
/// optional `0x`/`0o`/`0b` prefix matching the base (any of them for base 0), and
/// single underscores between digits.
pub(super) fn parse_int(text: &str, base: u32) -> PyResult<i64> {
    let invalid = || {
        let mut quoted = String::new();
        quote_str(text, &mut quoted);
        let quoted: String = quoted.chars().take(200).collect();
        PyErr::value_error(format!(
            "invalid literal for int() with base {base}: {quoted}"
        ))
    };
    let trimmed = text.trim_matches(is_space);
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let lower_prefix = unsigned.get(..2).map(str::to_ascii_lowercase);
    let prefix_base = match lower_prefix.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let base_given = base;
    let (base, mut digits, had_prefix) = match (base, prefix_base) {
        (0, Some(b)) => (b, &unsigned[2..], true),
        (b, Some(pb)) if b == pb => (b, &unsigned[2..], true),
        (0, None) => (10, unsigned, false),
        (b, _) => (b, unsigned, false),
    };
    if had_prefix {
        // One underscore may follow the prefix: 0x_ff.
        digits = digits.strip_prefix('_').unwrap_or(digits);
    }
    let mut value: i64 = 0;
    let mut seen_digit = false;
    let mut last_underscore = false;
    let mut nonzero = false;
    for c in digits.chars() {
        if c == '_' {
            if !seen_digit || last_underscore {
                return Err(invalid());
            }
            last_underscore = true;
            continue;
        }
        let d = c.to_digit(base).ok_or_else(invalid)?;
        nonzero |= d != 0;
        seen_digit = true;
        last_underscore = false;
        // Accumulate negatively so that i64::MIN parses.
        value = value
            .checked_mul(i64::from(base))
            .and_then(|v| v.checked_sub(i64::from(d)))
            .ok_or_else(int_overflow)?;
    }
    if !seen_digit || last_underscore {
        return Err(invalid());
    }
    // Base 0 reads a decimal literal as Python 3 source does: no leading zeros.
    if base_given == 0 && !had_prefix && nonzero && digits.starts_with('0') {
        return Err(invalid());
    }
    if negative {
        Ok(value)
    } else {
        value.checked_neg().ok_or_else(int_overflow)
    }
}

/// `float(v)`.
pub(super) fn to_float(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(x) => Ok(*x),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Str(s) => parse_float(s),
        other => Err(PyErr::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// Python's `float(text)` grammar: whitespace, a sign, then `inf`, `infinity` or `nan`
/// in any case, or a decimal number with single underscores between digits.
pub(super) fn parse_float(text: &str) -> PyResult<f64> {
    let invalid = || {
        let mut quoted = String::new();
        quote_str(text, &mut quoted);
        PyErr::value_error(format!("could not convert string to float: {quoted}"))
    };
    let trimmed = text.trim_matches(is_space);
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let magnitude = match unsigned.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let cleaned = clean_decimal(unsigned).ok_or_else(invalid)?;
            crate::float_parse::parse_f64(&cleaned).ok_or_else(invalid)?
        }
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// Check `digits [. digits] [e [sign] digits]` (at least one mantissa digit; single
/// underscores only between digits) and return it without underscores.
fn clean_decimal(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    // A run of digits with single inner underscores; returns how many digits.
    let digit_run = |i: &mut usize, out: &mut String| -> Option<usize> {
        let mut count = 0;
        while *i < bytes.len() {
            match bytes[*i] {
                b'0'..=b'9' => {
                    out.push(bytes[*i] as char);
                    count += 1;
                }
                b'_' if count > 0 && bytes.get(*i + 1).is_some_and(u8::is_ascii_digit) => {}
                _ => break,
            }
            *i += 1;
        }
        Some(count)
    };
    let int_digits = digit_run(&mut i, &mut out)?;
    let mut frac_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        out.push('.');
        i += 1;
        frac_digits = digit_run(&mut i, &mut out)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        out.push('e');
        i += 1;
        if let Some(&sign @ (b'+' | b'-')) = bytes.get(i) {
            out.push(sign as char);
            i += 1;
        }
        if digit_run(&mut i, &mut out)? == 0 {
            return None;
        }
    }
    (i == bytes.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{err_text, s};

    #[test]
    fn int_from_text() {
        // (text, base, expected) from CPython 3.11.
        #[rustfmt::skip]
        let cases: &[(&str, u32, &str)] = &[
            ("x", 10, "ValueError: invalid literal for int() with base 10: 'x'"),
            (" 12 ", 10, "12"),
            ("1_000", 10, "1000"),
            ("1__0", 10, "ValueError: invalid literal for int() with base 10: '1__0'"),
            ("_1", 10, "ValueError: invalid literal for int() with base 10: '_1'"),
            ("1_", 10, "ValueError: invalid literal for int() with base 10: '1_'"),
            ("0x1f", 16, "31"),
            ("0x_1f", 16, "31"),
            ("0x1f", 0, "31"),
            ("0b101", 0, "5"),
            ("-0o17", 0, "-15"),
            ("010", 0, "ValueError: invalid literal for int() with base 0: '010'"),
            ("0", 0, "0"),
            ("00", 0, "0"),
            ("z", 36, "35"),
            ("Z", 36, "35"),
            ("ff", 16, "255"),
            ("0x1f", 10, "ValueError: invalid literal for int() with base 10: '0x1f'"),
            ("+5", 10, "5"),
            (" -5 ", 10, "-5"),
            ("- 5", 10, "ValueError: invalid literal for int() with base 10: '- 5'"),
            ("", 10, "ValueError: invalid literal for int() with base 10: ''"),
            ("  ", 10, "ValueError: invalid literal for int() with base 10: '  '"),
            ("1.5", 10, "ValueError: invalid literal for int() with base 10: '1.5'"),
            ("9223372036854775807", 10, "9223372036854775807"),
            ("-9223372036854775808", 10, "-9223372036854775808"),
            ("9223372036854775808", 10, "OverflowError: integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)"),
            ("\t\n42\x0c", 10, "42"),
        ];
        for &(text, base, want) in cases {
            let got = parse_int(text, base).map_or_else(|e| err_text(&e), |v| v.to_string());
            assert_eq!(got, want, "int({text:?}, {base})");
        }
    }

    #[test]
    fn float_from_text() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("x", "ValueError: could not convert string to float: 'x'"),
            (" 1e5 ", "100000.0"),
            ("inf", "inf"),
            ("-Infinity", "-inf"),
            ("nan", "nan"),
            ("+NaN", "nan"),
            ("1_0.5", "10.5"),
            ("1._5", "ValueError: could not convert string to float: '1._5'"),
            (".5", "0.5"),
            ("5.", "5.0"),
            ("1.e5", "100000.0"),
            ("e5", "ValueError: could not convert string to float: 'e5'"),
            ("", "ValueError: could not convert string to float: ''"),
            (".", "ValueError: could not convert string to float: '.'"),
            ("0x10", "ValueError: could not convert string to float: '0x10'"),
            ("1e400", "inf"),
            ("-1e-400", "-0.0"),
            ("1_000e1_0", "10000000000000.0"),
            ("3.14159", "3.14159"),
            ("0.1", "0.1"),
            ("1e", "ValueError: could not convert string to float: '1e'"),
            ("infinit", "ValueError: could not convert string to float: 'infinit'"),
        ];
        for &(text, want) in cases {
            let got = parse_float(text).map_or_else(
                |e| err_text(&e),
                |x| {
                    crate::sim::object::repr(
                        &Value::Float(x),
                        &crate::sim::object::testing::NoInterp,
                    )
                },
            );
            assert_eq!(got, want, "float({text:?})");
        }
        assert_eq!(to_float(&s("12")).ok(), Some(12.0));
    }
}
