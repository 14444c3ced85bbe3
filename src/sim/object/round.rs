//! `round(number[, ndigits])`: half to even, on the exact binary value, as CPython's
//! `float.__round__` and `int.__round__`.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::arith::float_to_int;
use super::float_repr::round_fixed;
use super::int_overflow;

/// `round(v)` or `round(v, ndigits)`; `ndigits` of `None` is the same as leaving it out.
pub(super) fn round(v: &Value, ndigits: Option<&Value>) -> PyResult<Value> {
    enum Number {
        Int(i64),
        Float(f64),
    }
    // `__round__` is looked up before `ndigits` is converted.
    let number = match v {
        Value::Int(i) => Number::Int(*i),
        Value::Bool(b) => Number::Int(i64::from(*b)),
        Value::Float(x) => Number::Float(*x),
        other => {
            return Err(PyErr::type_error(format!(
                "type {} doesn't define __round__ method",
                other.type_name()
            )))
        }
    };
    let ndigits = match ndigits {
        None | Some(Value::None) => None,
        Some(Value::Int(n)) => Some(*n),
        Some(Value::Bool(b)) => Some(i64::from(*b)),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )))
        }
    };
    match (number, ndigits) {
        (Number::Int(i), _) => round_int(i, ndigits).map(Value::Int),
        (Number::Float(x), None) => float_to_int(x.round_ties_even()).map(Value::Int),
        (Number::Float(x), Some(n)) => round_float(x, n).map(Value::Float),
    }
}

/// `round(i, n)`: unchanged for `n >= 0`, else to a multiple of `10**-n`, ties to even.
fn round_int(i: i64, ndigits: Option<i64>) -> PyResult<i64> {
    let n = match ndigits {
        Some(n) if n < 0 => n.unsigned_abs(),
        _ => return Ok(i),
    };
    // 10**19 exceeds every i64: the result is 0.
    let Some(unit) = u32::try_from(n)
        .ok()
        .and_then(|n| 10i128.checked_pow(n))
        .filter(|&u| u <= 10i128.pow(19))
    else {
        return Ok(0);
    };
    let value = i128::from(i);
    let floor = value.div_euclid(unit);
    let rest = value.rem_euclid(unit);
    let twice = rest * 2;
    let up = twice > unit || (twice == unit && floor.rem_euclid(2) == 1);
    let rounded = (if up { floor + 1 } else { floor }) * unit;
    i64::try_from(rounded).map_err(|_| int_overflow())
}

/// CPython's `double_round`: round to a decimal string correctly, read it back.
fn round_float(x: f64, ndigits: i64) -> PyResult<f64> {
    // Beyond these, every double is unchanged, or rounds to zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    if x == 0.0 {
        return Ok(x);
    }
    let d = round_fixed(x.abs(), ndigits);
    let digits = String::from_utf8_lossy(&d.digits);
    let exponent = d.decpt - d.digits.len() as i64;
    let sign = if x < 0.0 { "-" } else { "" };
    let text = format!("{sign}0{digits}e{exponent}");
    let rounded = crate::float_parse::parse_f64(&text).unwrap_or(f64::NAN);
    if rounded.is_infinite() {
        return Err(PyErr::new(
            ExcKind::OverflowError,
            "rounded value too large to represent",
        ));
    }
    Ok(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{f, i, s, show};

    #[test]
    fn rounding_matches_cpython() {
        // (number, ndigits, repr of the result) from CPython 3.11.
        let none = Value::None;
        #[rustfmt::skip]
        let cases: Vec<(Value, Option<Value>, &str)> = vec![
            (f(2.5), None, "2"),
            (f(-0.5), None, "0"),
            (f(0.5), None, "0"),
            (f(1.5), None, "2"),
            (f(-1.5), None, "-2"),
            (f(-2.5), None, "-2"),
            (f(2.675), Some(i(2)), "2.67"),
            (f(0.125), Some(i(2)), "0.12"),
            (f(0.375), Some(i(2)), "0.38"),
            (f(1234.5), Some(i(-2)), "1200.0"),
            (f(1250.0), Some(i(-2)), "1200.0"),
            (f(1350.0), Some(i(-2)), "1400.0"),
            (i(1350), Some(i(-2)), "1400"),
            (i(1250), Some(i(-2)), "1200"),
            (i(-1250), Some(i(-2)), "-1200"),
            (i(-1251), Some(i(-2)), "-1300"),
            (i(5), Some(i(2)), "5"),
            (Value::Bool(true), None, "1"),
            (Value::Bool(true), Some(i(1)), "1"),
            (i(5), Some(i(-19)), "0"),
            (i(i64::MAX), Some(i(-18)), "9000000000000000000"),
            (i(i64::MAX), Some(i(-1)), "OverflowError: integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)"),
            (f(f64::INFINITY), None, "OverflowError: cannot convert float infinity to integer"),
            (f(f64::NAN), None, "ValueError: cannot convert float NaN to integer"),
            (f(f64::INFINITY), Some(i(2)), "inf"),
            (f(f64::NAN), Some(i(2)), "nan"),
            (f(1.7976931348623157e308), Some(i(-308)), "OverflowError: rounded value too large to represent"),
            (f(-0.001), Some(i(2)), "-0.0"),
            (f(1e300), Some(i(2)), "1e+300"),
            (f(5e-324), Some(i(400)), "5e-324"),
            (f(0.5), Some(i(0)), "0.0"),
            (f(-0.5), Some(i(0)), "-0.0"),
            (f(1.5), Some(i(0)), "2.0"),
            (f(2.5), Some(none.clone()), "2"),
            (s("a"), None, "TypeError: type str doesn't define __round__ method"),
            (f(1.5), Some(f(1.5)), "TypeError: 'float' object cannot be interpreted as an integer"),
            (i(12345), Some(f(-2.0)), "TypeError: 'float' object cannot be interpreted as an integer"),
            (f(1e20), None, "OverflowError: integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)"),
            (f(3.25159), Some(i(3)), "3.252"),
            (f(2.345), Some(i(2)), "2.35"),
            (f(1.005), Some(i(2)), "1.0"),
            (f(0.1 + 0.2), Some(i(2)), "0.3"),
            (f(123.456), Some(i(-1)), "120.0"),
            (f(-123.456), Some(i(1)), "-123.5"),
            (f(0.0049), Some(i(2)), "0.0"),
            (f(1e-20), Some(i(25)), "1e-20"),
            (f(7.0), Some(i(-1)), "10.0"),
            (f(5.0), Some(i(-1)), "0.0"),
            (f(15.0), Some(i(-1)), "20.0"),
            (f(0.45), Some(i(1)), "0.5"),
            (f(4.35), Some(i(1)), "4.3"),
        ];
        for (v, n, want) in cases {
            let got = show(round(&v, n.as_ref()));
            assert_eq!(got, want, "round({v:?}, {n:?})");
        }
    }
}
