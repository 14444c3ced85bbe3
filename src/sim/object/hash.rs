//! Hashing: dict keys ([`hash_key`]) and the `hash()` builtin ([`py_hash`]).

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{Class, HashKey, MethodRef, ModuleKind, Value};

use super::Interp;

/// How deep tuples of tuples may nest in a key before `RecursionError`.
const MAX_DEPTH: usize = 300;

/// The dict key for `v`: equal values give equal keys (`1`, `1.0` and `True` too).
/// Lists, dicts and other mutable values raise `TypeError: unhashable type: 'list'`.
pub fn hash_key(v: &Value) -> PyResult<HashKey> {
    key(v, 0)
}

fn unhashable(v: &Value) -> PyErr {
    PyErr::type_error(format!("unhashable type: '{}'", v.type_name()))
}

fn key(v: &Value, depth: usize) -> PyResult<HashKey> {
    Ok(match v {
        Value::None => HashKey::None,
        Value::Bool(b) => HashKey::Int(i64::from(*b)),
        Value::Int(i) => HashKey::Int(*i),
        Value::Float(x) => match integral_i64(*x) {
            Some(i) => HashKey::Int(i),
            None => HashKey::Float(x.to_bits()),
        },
        Value::Str(s) => HashKey::Str(s.clone()),
        Value::Tuple(items) => {
            if depth >= MAX_DEPTH {
                return Err(recursion_error());
            }
            HashKey::Tuple(
                items
                    .iter()
                    .map(|item| key(item, depth + 1))
                    .collect::<PyResult<_>>()?,
            )
        }
        Value::List(_) | Value::Dict(_) | Value::DictView(_) | Value::Slice(_) => {
            return Err(unhashable(v))
        }
        Value::Method(m) => {
            let method = match &m.method {
                MethodRef::Native(name) => HashKey::Str(name.clone()),
                MethodRef::Function(f) => {
                    HashKey::Identity(std::rc::Rc::as_ptr(f) as *const () as usize)
                }
            };
            HashKey::Tuple(vec![
                HashKey::Identity(object_identity(&m.receiver)),
                method,
            ])
        }
        other => HashKey::Identity(object_identity(other)),
    })
}

pub(super) fn recursion_error() -> PyErr {
    PyErr::new(ExcKind::RecursionError, "maximum recursion depth exceeded")
}

/// A float with an integral value that fits an `i64`, as that integer.
pub(super) fn integral_i64(x: f64) -> Option<i64> {
    (x.fract() == 0.0 && (-9223372036854775808.0..9223372036854775808.0).contains(&x))
        .then_some(x as i64)
}

/// Identity for values whose `==` is identity, including classes, builtins and
/// modules (which `Value::identity` leaves out: they are compared by what they name).
pub(super) fn object_identity(v: &Value) -> usize {
    if let Some(id) = v.identity() {
        return id;
    }
    // Distinct small tags per named object; far from any heap address in practice.
    match v {
        Value::Class(Class::Builtin(t)) => 0x5000_0000 + *t as usize,
        Value::Class(Class::Exception(k)) => 0x5100_0000 + *k as usize,
        Value::Class(Class::Prelude(c)) => std::rc::Rc::as_ptr(c) as *const () as usize,
        Value::Builtin(b) => 0x5200_0000 + *b as usize,
        Value::Module(m) => {
            0x5300_0000
                + match m {
                    ModuleKind::Asyncio => 0,
                    ModuleKind::Time => 1,
                    ModuleKind::Awaitscope => 2,
                }
        }
        _ => 0,
    }
}

/// `hash(v)`: CPython's values for numbers and tuples of them; strings hash to a
/// fixed value of their own (CPython's are salted per process, so no program can
/// depend on them).
pub fn py_hash(v: &Value, interp: &dyn Interp) -> PyResult<i64> {
    hash_depth(v, interp, 0)
}

/// CPython's modulus for numeric hashes: the Mersenne prime 2**61 - 1.
const MODULUS: u64 = (1 << 61) - 1;

fn hash_depth(v: &Value, interp: &dyn Interp, depth: usize) -> PyResult<i64> {
    let h = match v {
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => hash_int(*i),
        Value::Float(x) => hash_float(*x, v, interp),
        Value::Str(s) => {
            // FNV-1a: stable across runs and platforms.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in s.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            h as i64
        }
        Value::Tuple(items) => {
            if depth >= MAX_DEPTH {
                return Err(recursion_error());
            }
            const PRIME_1: u64 = 11400714785074694791;
            const PRIME_2: u64 = 14029467366897019727;
            const PRIME_5: u64 = 2870177450012600261;
            let mut acc = PRIME_5;
            for item in items.iter() {
                let lane = hash_depth(item, interp, depth + 1)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(PRIME_1);
            }
            acc = acc.wrapping_add(items.len() as u64 ^ (PRIME_5 ^ 3527539));
            if acc == u64::MAX {
                1546275796
            } else {
                acc as i64
            }
        }
        Value::None => 0x5f5f_4e6f_6e65,
        Value::List(_) | Value::Dict(_) | Value::DictView(_) | Value::Slice(_) => {
            return Err(unhashable(v))
        }
        other => {
            hash_key(other)?;
            // CPython hashes objects by address, rotated by 4 bits.
            interp.object_id(other).rotate_right(4) as i64
        }
    };
    Ok(if h == -1 { -2 } else { h })
}

fn hash_int(i: i64) -> i64 {
    let h = (i.unsigned_abs() % MODULUS) as i64;
    if i < 0 {
        -h
    } else {
        h
    }
}

/// CPython's `_Py_HashDouble`.
fn hash_float(x: f64, v: &Value, interp: &dyn Interp) -> i64 {
    const BITS: u32 = 61;
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.is_nan() {
        return interp.object_id(v).rotate_right(4) as i64;
    }
    let (mut m, mut e) = frexp(x);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 {
        (e % BITS as i32) as u32
    } else {
        BITS - 1 - ((-1 - e) % BITS as i32) as u32
    };
    h = ((h << e) & MODULUS) | (h >> (BITS - e));
    (h as i64).wrapping_mul(sign)
}

/// `x = m × 2**e` with `0.5 <= |m| < 1` (C's `frexp`), for finite `x`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, biased - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{err_text, f, i, list, tuple, NoInterp};

    #[test]
    fn hashes_match_cpython() {
        // Expected values from CPython 3.11.
        #[rustfmt::skip]
        let cases: Vec<(Value, &str)> = vec![
            (tuple(vec![]), "5740354900026072187"),
            (tuple(vec![i(1), i(2)]), "-3550055125485641917"),
            (tuple(vec![tuple(vec![i(1), i(2)]), i(3)]), "-333907151259015829"),
            (f(1.5), "1152921504606846977"),
            (i(-1), "-2"),
            (i(1 << 61), "1"),
            (i(i64::MIN), "-4"),
            (f(f64::INFINITY), "314159"),
            (f(1e100), "1822893315824342674"),
            (f(0.1), "230584300921369408"),
            (f(-0.5), "-1152921504606846976"),
            (f(2.0), "2"),
            (f(5e-324), "16777216"),
            (Value::Bool(true), "1"),
            (list(vec![i(1)]), "TypeError: unhashable type: 'list'"),
            (tuple(vec![list(vec![])]), "TypeError: unhashable type: 'list'"),
        ];
        for (v, want) in cases {
            let got = py_hash(&v, &NoInterp).map_or_else(|e| err_text(&e), |h| h.to_string());
            assert_eq!(got, want, "hash({v:?})");
        }
    }

    #[test]
    fn equal_numbers_are_one_key() {
        assert_eq!(hash_key(&i(1)).unwrap(), hash_key(&f(1.0)).unwrap());
        assert_eq!(
            hash_key(&Value::Bool(true)).unwrap(),
            hash_key(&i(1)).unwrap()
        );
        assert_eq!(hash_key(&f(-0.0)).unwrap(), hash_key(&i(0)).unwrap());
        assert_ne!(hash_key(&f(0.5)).unwrap(), hash_key(&i(0)).unwrap());
    }
}
