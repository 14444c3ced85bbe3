//! The arithmetic, bitwise and sequence operators: `a + b`, `a += b`, `-a` ….

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;
use crate::syntax::ast::{BinOp, UnaryOp};

use super::{arith, check_size, collect, truthy, Interp};

/// `a op b`.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let Some(result) = numeric(op, a, b) {
        return result;
    }
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            check_size(x.len() + y.len())?;
            Ok(Value::str(&format!("{x}{y}")))
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            let mut items = x.borrow().clone();
            items.extend(y.borrow().iter().cloned());
            check_size(items.len())?;
            Ok(Value::list(items))
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            check_size(x.len() + y.len())?;
            Ok(Value::tuple(x.iter().chain(y.iter()).cloned().collect()))
        }
        (BinOp::Add, Value::Str(_) | Value::List(_) | Value::Tuple(_), other) => {
            Err(PyErr::type_error(format!(
                "can only concatenate {} (not \"{}\") to {}",
                a.type_name(),
                other.type_name(),
                a.type_name()
            )))
        }
        (BinOp::Mul, seq @ (Value::Str(_) | Value::List(_) | Value::Tuple(_)), n)
        | (BinOp::Mul, n, seq @ (Value::Str(_) | Value::List(_) | Value::Tuple(_))) => {
            repeat(seq, n)
        }
        (BinOp::Mod, Value::Str(template), args) => {
            super::percent_format::percent_format(template, args)
        }
        (BinOp::BitOr, Value::Dict(x), Value::Dict(_)) => {
            let merged = Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(x.borrow().copy())));
            super::dict_methods::update_from(&merged, b, &mut super::NoRuntime)?;
            Ok(merged)
        }
        _ => Err(unsupported(op, a, b)),
    }
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

/// `seq * n`; a negative count gives an empty sequence.
fn repeat(seq: &Value, n: &Value) -> PyResult<Value> {
    let count = match n {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        other => {
            return Err(PyErr::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                other.type_name()
            )))
        }
    };
    let count = usize::try_from(count).unwrap_or(0);
    let len = match seq {
        Value::Str(s) => s.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        _ => 0,
    };
    if len > 0 {
        check_size(len.checked_mul(count).ok_or_else(super::too_large)?)?;
    }
    Ok(match seq {
        Value::Str(s) => Value::str(&s.repeat(count)),
        Value::List(l) => Value::list(repeat_items(&l.borrow(), count)),
        Value::Tuple(t) => Value::tuple(repeat_items(t, count)),
        _ => return Err(unsupported(BinOp::Mul, seq, n)),
    })
}

fn repeat_items(items: &[Value], count: usize) -> Vec<Value> {
    // `[] * 10**18` is empty at once (the caller checked the size of the rest).
    let count = if items.is_empty() { 0 } else { count };
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend(items.iter().cloned());
    }
    out
}

/// A number's value for arithmetic and comparisons: ints (and bools) exactly,
/// floats as they are.
pub(super) enum Num {
    Int(i64),
    Float(f64),
}

pub(super) fn as_num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Bool(b) => Some(Num::Int(i64::from(*b))),
        Value::Float(x) => Some(Num::Float(*x)),
        _ => None,
    }
}

/// Arithmetic on bools, ints and floats; `None` when an operand is not a number.
fn numeric(op: BinOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    let (x, y) = (as_num(a)?, as_num(b)?);
    if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
        match op {
            BinOp::BitAnd => return Some(Ok(Value::Bool(p & q))),
            BinOp::BitOr => return Some(Ok(Value::Bool(p | q))),
            BinOp::BitXor => return Some(Ok(Value::Bool(p ^ q))),
            _ => {}
        }
    }
    Some(match (x, y) {
        (Num::Int(x), Num::Int(y)) => int_op(op, x, y),
        (x, y) => {
            let to_f = |n: Num| match n {
                Num::Int(i) => i as f64,
                Num::Float(f) => f,
            };
            float_op(op, to_f(x), to_f(y)).unwrap_or_else(|| Err(unsupported(op, a, b)))
        }
    })
}

fn int_op(op: BinOp, x: i64, y: i64) -> PyResult<Value> {
    let int = Value::Int;
    match op {
        BinOp::Add => arith::add(x, y).map(int),
        BinOp::Sub => arith::sub(x, y).map(int),
        BinOp::Mul => arith::mul(x, y).map(int),
        BinOp::Div => arith::true_div(x, y).map(Value::Float),
        BinOp::FloorDiv => arith::floor_div(x, y).map(int),
        BinOp::Mod => arith::modulo(x, y).map(int),
        BinOp::Pow => arith::int_pow(x, y),
        BinOp::BitAnd => Ok(int(x & y)),
        BinOp::BitOr => Ok(int(x | y)),
        BinOp::BitXor => Ok(int(x ^ y)),
        BinOp::LShift => arith::shift_left(x, y).map(int),
        BinOp::RShift => arith::shift_right(x, y).map(int),
    }
}

/// Float arithmetic; `None` for the operators floats do not have.
fn float_op(op: BinOp, x: f64, y: f64) -> Option<PyResult<Value>> {
    let result = match op {
        BinOp::Add => Ok(x + y),
        BinOp::Sub => Ok(x - y),
        BinOp::Mul => Ok(x * y),
        BinOp::Div => arith::float_div(x, y),
        BinOp::FloorDiv => arith::float_floor_div(x, y),
        BinOp::Mod => arith::float_mod(x, y),
        BinOp::Pow => arith::float_pow(x, y),
        _ => return None,
    };
    Some(result.map(Value::Float))
}

/// `a op= b`: lists extend and repeat in place, dicts merge in place (`|=`); every
/// other type computes `a op b`.
pub fn inplace(op: BinOp, a: &Value, b: &Value, interp: &mut dyn Interp) -> PyResult<Value> {
    match (op, a) {
        (BinOp::Add, Value::List(items)) => {
            // Collect first: `a += a` reads the list before it grows.
            let extra = collect(b, interp)?;
            check_size(items.borrow().len() + extra.len())?;
            items.borrow_mut().extend(extra);
            Ok(a.clone())
        }
        (BinOp::Mul, Value::List(items)) => {
            let repeated = repeat(a, b)?;
            let Value::List(repeated) = &repeated else {
                return Err(unsupported(op, a, b));
            };
            let repeated = std::mem::take(&mut *repeated.borrow_mut());
            *items.borrow_mut() = repeated;
            Ok(a.clone())
        }
        (BinOp::BitOr, Value::Dict(_)) => {
            super::dict_methods::update_from(a, b, interp)?;
            Ok(a.clone())
        }
        // CPython names the augmented operator in the message: `for -=:`.
        _ => binary(op, a, b).map_err(|e| augmented_message(e, op)),
    }
}

fn augmented_message(e: PyErr, op: BinOp) -> PyErr {
    if e.kind() != ExcKind::TypeError {
        return e;
    }
    let text = match e.0.args.first() {
        Some(Value::Str(s)) => s.to_string(),
        _ => return e,
    };
    let plain = format!("unsupported operand type(s) for {}:", op.symbol());
    match text.strip_prefix(&plain) {
        Some(rest) => {
            let symbol = op.symbol().trim_end_matches(" or pow()");
            PyErr::type_error(format!("unsupported operand type(s) for {symbol}=:{rest}"))
        }
        None => e,
    }
}

/// `-v`, `+v`, `~v`, `not v`.
pub fn unary(op: UnaryOp, v: &Value) -> PyResult<Value> {
    let int = match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    match (op, int, v) {
        (UnaryOp::Not, _, _) => Ok(Value::Bool(!truthy(v))),
        (UnaryOp::Neg, Some(i), _) => arith::neg(i).map(Value::Int),
        (UnaryOp::Pos, Some(i), _) => Ok(Value::Int(i)),
        (UnaryOp::Invert, Some(i), _) => Ok(Value::Int(!i)),
        (UnaryOp::Neg, None, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnaryOp::Pos, None, Value::Float(x)) => Ok(Value::Float(*x)),
        _ => {
            let symbol = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                _ => "~",
            };
            Err(PyErr::type_error(format!(
                "bad operand type for unary {symbol}: '{}'",
                v.type_name()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{f, i, list, s, show, tuple, NoInterp};

    const OVERFLOW: &str =
        "OverflowError: integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)";

    #[test]
    fn binary_operators_match_cpython() {
        use BinOp::*;
        // (a, op, b, repr of a op b) from CPython 3.11.
        #[rustfmt::skip]
        let cases: Vec<(Value, BinOp, Value, &str)> = vec![
            (i(1), Div, i(0), "ZeroDivisionError: division by zero"),
            (f(1.0), Div, i(0), "ZeroDivisionError: float division by zero"),
            (i(1), FloorDiv, i(0), "ZeroDivisionError: integer division or modulo by zero"),
            (i(1), Mod, i(0), "ZeroDivisionError: integer modulo by zero"),
            (f(1.0), FloorDiv, i(0), "ZeroDivisionError: float floor division by zero"),
            (f(1.0), Mod, i(0), "ZeroDivisionError: float modulo"),
            (i(0), Pow, i(-1), "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
            (f(0.0), Pow, i(-1), "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
            (f(2.0), Pow, i(10000), "OverflowError: (34, 'Numerical result out of range')"),
            (f(-2.0), Pow, f(1e300), "OverflowError: (34, 'Numerical result out of range')"),
            (i(-8), Pow, f(1.0 / 3.0), "ValueError: complex numbers are not supported by awaitscope (a negative number raised to a fractional power is complex)"),
            (f(-1.0), Mod, f(1.0), "0.0"),
            (f(1.0), Mod, f(-1.0), "-0.0"),
            (f(-0.0), Mod, f(1.0), "0.0"),
            (f(7.5), Mod, i(-2), "-0.5"),
            (i(-7), Mod, i(3), "2"),
            (i(7), Mod, i(-3), "-2"),
            (i(-7), FloorDiv, i(2), "-4"),
            (i(7), FloorDiv, i(-2), "-4"),
            (f(-7.5), FloorDiv, i(2), "-4.0"),
            (f(0.0), FloorDiv, f(-1.0), "-0.0"),
            (f(-0.0), FloorDiv, f(1.0), "-0.0"),
            (i(7), Div, i(2), "3.5"),
            (i(-7), Div, i(2), "-3.5"),
            (i(6), Div, i(3), "2.0"),
            (i(1), Div, i(3), "0.3333333333333333"),
            (f(0.1), Add, f(0.2), "0.30000000000000004"),
            (i(1), LShift, i(-1), "ValueError: negative shift count"),
            (i(1), RShift, i(100), "0"),
            (i(-1), RShift, i(100), "-1"),
            (i(1), LShift, i(62), "4611686018427387904"),
            (i(1), LShift, i(63), OVERFLOW),
            (i(-1), LShift, i(63), "-9223372036854775808"),
            (i(0), LShift, i(1000), "0"),
            (i(i64::MAX), Add, i(1), OVERFLOW),
            (i(i64::MIN), Sub, i(1), OVERFLOW),
            (i(1 << 32), Mul, i(1 << 31), OVERFLOW),
            (i(i64::MIN), FloorDiv, i(-1), OVERFLOW),
            (i(i64::MIN), Mod, i(-1), "0"),
            (i(2), Pow, i(63), OVERFLOW),
            (i(2), Pow, i(62), "4611686018427387904"),
            (i(-2), Pow, i(63), "-9223372036854775808"),
            (i(2), Pow, i(-2), "0.25"),
            (i(10), Pow, i(-400), "0.0"),
            (i(-1), Pow, i(1 << 62), "1"),
            (i(-1), Pow, i((1 << 62) + 1), "-1"),
            (i(2), Pow, f(0.5), "1.4142135623730951"),
            (f(-8.0), Pow, i(3), "-512.0"),
            (f(-2.0), Pow, f(f64::INFINITY), "inf"),
            (f(f64::INFINITY), Pow, i(-1), "0.0"),
            (f(f64::NEG_INFINITY), Pow, i(3), "-inf"),
            (i(1), Pow, f(f64::NAN), "1.0"),
            (f(f64::NAN), Pow, i(0), "1.0"),
            (f(2.0), Pow, i(-1070), "8e-323"),
            (f(1e308), Mul, i(10), "inf"),
            (Value::Bool(true), Add, Value::Bool(true), "2"),
            (Value::Bool(true), BitAnd, Value::Bool(false), "False"),
            (Value::Bool(true), BitOr, i(2), "3"),
            (Value::Bool(true), Div, Value::Bool(true), "1.0"),
            (Value::Bool(true), BitXor, Value::Bool(true), "False"),
            (i(6), BitAnd, i(3), "2"),
            (i(-6), BitXor, i(3), "-7"),
            (f(1.5), BitAnd, i(1), "TypeError: unsupported operand type(s) for &: 'float' and 'int'"),
            (s("a"), Add, i(1), "TypeError: can only concatenate str (not \"int\") to str"),
            (i(1), Add, s("a"), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
            (list(vec![i(1)]), Add, tuple(vec![i(1)]), "TypeError: can only concatenate list (not \"tuple\") to list"),
            (tuple(vec![]), Add, list(vec![]), "TypeError: can only concatenate tuple (not \"list\") to tuple"),
            (Value::None, Add, Value::None, "TypeError: unsupported operand type(s) for +: 'NoneType' and 'NoneType'"),
            (s("a"), Pow, i(2), "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'"),
            (s("a"), Mul, f(1.5), "TypeError: can't multiply sequence by non-int of type 'float'"),
            (list(vec![i(1)]), Mul, f(1.5), "TypeError: can't multiply sequence by non-int of type 'float'"),
            (s("a"), Mul, s("b"), "TypeError: can't multiply sequence by non-int of type 'str'"),
            (s("ab"), Mul, i(3), "'ababab'"),
            (i(2), Mul, s("ab"), "'abab'"),
            (s("ab"), Mul, i(-1), "''"),
            (list(vec![i(0)]), Mul, i(3), "[0, 0, 0]"),
            (list(vec![i(0)]), Mul, i(-3), "[]"),
            (tuple(vec![i(1), i(2)]), Mul, Value::Bool(true), "(1, 2)"),
            (list(vec![i(1)]), Add, list(vec![s("a")]), "[1, 'a']"),
            (tuple(vec![i(1)]), Add, tuple(vec![i(2)]), "(1, 2)"),
            (s("x"), Mul, i(1 << 40), "OverflowError: result too large: awaitscope limits a str, list or tuple to 10000000 items"),
            (s(""), Mul, i(1 << 40), "''"),
            (s("%s=%d"), Mod, tuple(vec![s("a"), i(1)]), "'a=1'"),
        ];
        for (a, op, b, want) in cases {
            assert_eq!(
                show(binary(op, &a, &b)),
                want,
                "{a:?} {} {b:?}",
                op.symbol()
            );
        }
    }

    #[test]
    fn unary_operators() {
        use UnaryOp::*;
        #[rustfmt::skip]
        let cases: Vec<(UnaryOp, Value, &str)> = vec![
            (Neg, s("a"), "TypeError: bad operand type for unary -: 'str'"),
            (Pos, s("a"), "TypeError: bad operand type for unary +: 'str'"),
            (Invert, f(1.5), "TypeError: bad operand type for unary ~: 'float'"),
            (Invert, Value::Bool(true), "-2"),
            (Neg, Value::Bool(true), "-1"),
            (Pos, Value::Bool(true), "1"),
            (Neg, i(i64::MIN), OVERFLOW),
            (Neg, f(0.0), "-0.0"),
            (Invert, i(5), "-6"),
            (Not, list(vec![]), "True"),
            (Not, f(0.0), "True"),
            (Not, s("x"), "False"),
        ];
        for (op, v, want) in cases {
            assert_eq!(show(unary(op, &v)), want, "{op:?} {v:?}");
        }
    }

    #[test]
    fn inplace_list_operators_mutate_the_list() {
        let l = list(vec![i(1)]);
        let same = inplace(BinOp::Add, &l, &tuple(vec![i(2)]), &mut NoInterp).unwrap();
        let same = inplace(BinOp::Add, &same, &same, &mut NoInterp).unwrap();
        assert_eq!(show(Ok(l.clone())), "[1, 2, 1, 2]");
        assert!(
            matches!((&l, &same), (Value::List(a), Value::List(b)) if std::rc::Rc::ptr_eq(a, b))
        );
        inplace(BinOp::Mul, &l, &i(2), &mut NoInterp).unwrap();
        assert_eq!(show(Ok(l.clone())), "[1, 2, 1, 2, 1, 2, 1, 2]");
        assert_eq!(
            show(inplace(BinOp::Add, &l, &i(5), &mut NoInterp)),
            "TypeError: 'int' object is not iterable"
        );
        let t = tuple(vec![i(1)]);
        assert_eq!(
            show(inplace(BinOp::Add, &t, &tuple(vec![i(2)]), &mut NoInterp)),
            "(1, 2)"
        );
        assert_eq!(show(inplace(BinOp::Add, &i(1), &i(2), &mut NoInterp)), "3");
    }
}
