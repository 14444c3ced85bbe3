//! Integer and float arithmetic with CPython's rounding, signs and error messages.
//!
//! Integers are `i64`: every operation is checked, and a result that Python would
//! represent as a big integer raises [`int_overflow`] instead.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::int_overflow;

fn zero_division(message: &str) -> PyErr {
    PyErr::new(ExcKind::ZeroDivisionError, message)
}

pub(super) fn add(a: i64, b: i64) -> PyResult<i64> {
    a.checked_add(b).ok_or_else(int_overflow)
}

pub(super) fn sub(a: i64, b: i64) -> PyResult<i64> {
    a.checked_sub(b).ok_or_else(int_overflow)
}

pub(super) fn mul(a: i64, b: i64) -> PyResult<i64> {
    a.checked_mul(b).ok_or_else(int_overflow)
}

pub(super) fn neg(a: i64) -> PyResult<i64> {
    a.checked_neg().ok_or_else(int_overflow)
}

pub(super) fn abs(a: i64) -> PyResult<i64> {
    a.checked_abs().ok_or_else(int_overflow)
}

/// `a // b`, rounding towards minus infinity.
pub(super) fn floor_div(a: i64, b: i64) -> PyResult<i64> {
    if b == 0 {
        return Err(zero_division("integer division or modulo by zero"));
    }
    let q = a.checked_div(b).ok_or_else(int_overflow)?;
    // `checked_rem` is `None` only for `MIN % -1`, which is 0.
    let r = a.checked_rem(b).unwrap_or(0);
    Ok(if r != 0 && ((r < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

/// `a % b`, with the sign of `b`.
pub(super) fn modulo(a: i64, b: i64) -> PyResult<i64> {
    if b == 0 {
        return Err(zero_division("integer modulo by zero"));
    }
    Ok(int_mod_nonzero(a, b))
}

fn int_mod_nonzero(a: i64, b: i64) -> i64 {
    let r = a.checked_rem(b).unwrap_or(0);
    if r != 0 && ((r < 0) != (b < 0)) {
        // |r| < |b| and they differ in sign, so this cannot overflow.
        r + b
    } else {
        r
    }
}

pub(super) fn divmod(a: i64, b: i64) -> PyResult<(i64, i64)> {
    if b == 0 {
        return Err(zero_division("integer division or modulo by zero"));
    }
    Ok((floor_div(a, b)?, int_mod_nonzero(a, b)))
}

/// `a / b` for ints, correctly rounded as CPython's `long_true_divide` is (converting
/// both to float first would round twice for values beyond 2**53).
pub(super) fn true_div(a: i64, b: i64) -> PyResult<f64> {
    if b == 0 {
        return Err(zero_division("division by zero"));
    }
    const EXACT: u64 = 1 << 53;
    let (n, d) = (a.unsigned_abs(), b.unsigned_abs());
    let negative = (a < 0) != (b < 0);
    let magnitude = if n <= EXACT && d <= EXACT {
        n as f64 / d as f64
    } else {
        correctly_rounded_quotient(n, d)
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `n / d` rounded half to even to a double, for `n`, `d` below 2**64 (`d` > 0).
fn correctly_rounded_quotient(n: u64, d: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n_bits = 64 - n.leading_zeros() as i32;
    let d_bits = 64 - d.leading_zeros() as i32;
    // Scale the numerator so the integer quotient has at least 55 bits: 53 for the
    // mantissa, one to round with, and the remainder says whether anything follows.
    let shift = (55 + d_bits - n_bits + 1).max(0);
    let scaled = (n as u128) << shift;
    let q = scaled / d as u128;
    let sticky = !scaled.is_multiple_of(d as u128);
    let q_bits = 128 - q.leading_zeros() as i32;
    let drop = q_bits - 53;
    let mut mantissa = q >> drop;
    let rest = q & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || mantissa & 1 == 1)) {
        mantissa += 1;
    }
    // mantissa ≤ 2**53 and the scale is a power of two in the normal range: exact.
    mantissa as f64 * 2f64.powi(drop - shift)
}

pub(super) fn float_div(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(zero_division("float division by zero"));
    }
    Ok(a / b)
}

/// CPython's `_float_div_mod`: `(a // b, a % b)` for `b != 0`.
fn float_div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        // Make the remainder take the sign of the divisor.
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

pub(super) fn float_floor_div(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(zero_division("float floor division by zero"));
    }
    Ok(float_div_mod(a, b).0)
}

pub(super) fn float_mod(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(zero_division("float modulo"));
    }
    let mut m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
        }
    } else {
        m = 0f64.copysign(b);
    }
    Ok(m)
}

pub(super) fn float_divmod(a: f64, b: f64) -> PyResult<(f64, f64)> {
    if b == 0.0 {
        return Err(zero_division("float divmod()"));
    }
    Ok(float_div_mod(a, b))
}

/// `a ** b` for ints: an int, or a float for a negative exponent.
pub(super) fn int_pow(a: i64, b: i64) -> PyResult<Value> {
    if b < 0 {
        return float_pow(a as f64, b as f64).map(Value::Float);
    }
    let result = match a {
        0 => i64::from(b == 0),
        1 => 1,
        -1 => {
            if b % 2 == 0 {
                1
            } else {
                -1
            }
        }
        _ => {
            let exp = u32::try_from(b).map_err(|_| int_overflow())?;
            a.checked_pow(exp).ok_or_else(int_overflow)?
        }
    };
    Ok(Value::Int(result))
}

fn is_odd_integer(x: f64) -> bool {
    // Doubles of magnitude 2**53 or more are all even.
    x.abs() < 9007199254740992.0 && x.fract() == 0.0 && (x as i64) % 2 != 0
}

/// `a ** b` for floats, with CPython's `float_pow` special cases and errors.
pub(super) fn float_pow(iv: f64, iw: f64) -> PyResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(zero_division("0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(PyErr::value_error(
                "complex numbers are not supported by awaitscope \
                 (a negative number raised to a fractional power is complex)",
            ));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let result = base.powf(iw);
    if result.is_infinite() {
        return Err(PyErr::with_args(
            ExcKind::OverflowError,
            vec![Value::Int(34), Value::str("Numerical result out of range")],
        ));
    }
    Ok(if negate { -result } else { result })
}

/// `pow(base, exp, modulus)` for ints, including the modular inverse for a negative
/// exponent.
pub(super) fn int_pow_mod(base: i64, exp: i64, modulus: i64) -> PyResult<i64> {
    if modulus == 0 {
        return Err(PyErr::value_error("pow() 3rd argument cannot be 0"));
    }
    let m = i128::from(modulus).abs();
    let mut b = i128::from(base).rem_euclid(m);
    if exp < 0 {
        b = mod_inverse(b, m)
            .ok_or_else(|| PyErr::value_error("base is not invertible for the given modulus"))?;
    }
    let mut e = exp.unsigned_abs();
    let mut result: i128 = 1 % m;
    while e > 0 {
        if e & 1 == 1 {
            result = result * b % m;
        }
        b = b * b % m;
        e >>= 1;
    }
    // Python's result takes the sign of the modulus.
    if modulus < 0 && result != 0 {
        result -= m;
    }
    i64::try_from(result).map_err(|_| int_overflow())
}

fn mod_inverse(a: i128, m: i128) -> Option<i128> {
    let (mut old_r, mut r) = (a, m);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    (old_r == 1).then(|| old_s.rem_euclid(m))
}

pub(super) fn shift_left(a: i64, b: i64) -> PyResult<i64> {
    if b < 0 {
        return Err(PyErr::value_error("negative shift count"));
    }
    if a == 0 {
        return Ok(0);
    }
    if b >= 64 {
        return Err(int_overflow());
    }
    let shifted = a << b;
    if shifted >> b != a {
        return Err(int_overflow());
    }
    Ok(shifted)
}

pub(super) fn shift_right(a: i64, b: i64) -> PyResult<i64> {
    if b < 0 {
        return Err(PyErr::value_error("negative shift count"));
    }
    Ok(a >> b.min(63))
}

/// `int(x)` for a float: truncation, with CPython's errors for inf and nan.
pub(super) fn float_to_int(x: f64) -> PyResult<i64> {
    if x.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(PyErr::new(
            ExcKind::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    let t = x.trunc();
    // -2**63 is exact; 2**63 is the first double that does not fit.
    if (-9223372036854775808.0..9223372036854775808.0).contains(&t) {
        Ok(t as i64)
    } else {
        Err(int_overflow())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_division_of_large_ints_is_correctly_rounded() {
        // Expected values from CPython 3.11.
        #[rustfmt::skip]
        let cases: &[(i64, i64, &str)] = &[
            (i64::MAX, 3, "3.0744573456182584e+18"),
            (9007199254740993, 1, "9007199254740992.0"),
            (9007199254740995, 1, "9007199254740996.0"),
            (i64::MIN, 7, "-1.3176245766935393e+18"),
            (1, i64::MAX, "1.0842021724855044e-19"),
            (123456789012345678, 1000, "123456789012345.67"),
            (-9007199254740993, 2, "-4503599627370496.0"),
            (6004799503160661, 18014398509481984, "0.3333333333333333"),
        ];
        for &(a, b, want) in cases {
            let got = super::super::float_repr::repr_float(true_div(a, b).unwrap());
            assert_eq!(got, want, "{a} / {b}");
        }
    }
}
