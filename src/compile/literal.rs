//! CPython's compiler warns when `is` or `is not` compares with a literal
//! (`SyntaxWarning: "is" with a literal. Did you mean "=="?`), on stderr, before
//! the program runs. What counts as a literal is what CPython's AST optimizer folds
//! into a constant first: `-7`, `1 + 2`, `(1, 2)`, `"ab"[0]`, `"a" * 3`, but not
//! `1 / 0` (folding fails) nor `2 ** 100` (too big to fold); `None`, `True` and
//! `False` are no literal for this check (`x is None` is how identity is asked).
//! This follows `check_compare` in CPython 3.11's `compile.c` and the folding of
//! `ast_opt.c`.

use crate::sim::exceptions::ExcKind;
use crate::sim::object;
use crate::sim::value::Value;
use crate::syntax::ast::{BinOp, CmpOp, Constant, Expr, ExprKind, UnaryOp};

/// The warning's text for `op` between `left` and `right`, when CPython gives one,
/// category first, as stderr shows it.
pub(super) fn is_with_literal(left: &Expr, op: CmpOp, right: &Expr) -> Option<&'static str> {
    let message = match op {
        CmpOp::Is => "SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?",
        CmpOp::IsNot => "SyntaxWarning: \"is not\" with a literal. Did you mean \"!=\"?",
        _ => return None,
    };
    (is_literal(left) || is_literal(right)).then_some(message)
}

/// Whether `e` folds to a constant other than `None`, `True` or `False`.
fn is_literal(e: &Expr) -> bool {
    !matches!(fold(e), Some(Value::None | Value::Bool(_)) | None)
}

/// The constant `e` folds to, if it does. An int past the simulator's 64 bits,
/// which CPython folds within its size limits, stands as `i64::MAX` (so a further
/// operation on it sees 63 bits, and may fold where CPython's limits stop it:
/// `(2**62 * 4) ** 2`).
fn fold(e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Const(c) => Some(match c {
            Constant::None => Value::None,
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Int(i) => Value::Int(*i),
            Constant::Float(f) => Value::Float(*f),
            Constant::Str(s) => Value::str(s),
        }),
        ExprKind::UnaryOp { op, operand } => {
            let v = fold(operand)?;
            // `not` of any constant is a bool, no literal for the check; `-`, `+`
            // and `~` fold on numbers (a bool is an int), and fail on the rest
            // (`~1.5`, `-"a"`).
            let int = match v {
                _ if *op == UnaryOp::Not => return Some(Value::Bool(false)),
                Value::Float(f) if *op != UnaryOp::Invert => {
                    return Some(Value::Float(if *op == UnaryOp::Neg { -f } else { f }))
                }
                Value::Bool(b) => i64::from(b),
                Value::Int(i) => i,
                _ => return None,
            };
            Some(Value::Int(match op {
                UnaryOp::Neg => int.checked_neg().unwrap_or(i64::MAX),
                UnaryOp::Invert => !int,
                _ => int,
            }))
        }
        ExprKind::BinOp { left, op, right } => {
            let (a, b) = (fold(left)?, fold(right)?);
            if !within_limits(*op, &a, &b) {
                return None;
            }
            match object::binary(*op, &a, &b) {
                Ok(v) => Some(v),
                Err(e)
                    if e.kind() == ExcKind::OverflowError
                        && matches!(a, Value::Int(_) | Value::Bool(_))
                        && matches!(b, Value::Int(_) | Value::Bool(_)) =>
                {
                    Some(Value::Int(i64::MAX))
                }
                Err(_) => None,
            }
        }
        ExprKind::Tuple(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                values.push(fold(item)?);
            }
            Some(Value::tuple(values))
        }
        ExprKind::Subscript { value, index } => object::get_item(&fold(value)?, &fold(index)?).ok(),
        _ => None,
    }
}

/// The sizes CPython 3.11's optimizer folds up to (`safe_multiply`, `safe_power`,
/// `safe_lshift` and `safe_mod` in `ast_opt.c`).
fn within_limits(op: BinOp, a: &Value, b: &Value) -> bool {
    const MAX_INT_BITS: u64 = 128;
    const MAX_COLLECTION_SIZE: i64 = 256;
    const MAX_STR_SIZE: i64 = 4096;
    let int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    let bits = |i: i64| u64::from(i64::BITS - i.unsigned_abs().leading_zeros());
    let repeat = |n: i64, seq: &Value| match seq {
        Value::Tuple(items) if !items.is_empty() => {
            (0..=MAX_COLLECTION_SIZE / items.len() as i64).contains(&n)
        }
        Value::Str(s) if !s.is_empty() => {
            (0..=MAX_STR_SIZE / s.chars().count() as i64).contains(&n)
        }
        _ => true,
    };
    match (op, int(a), int(b)) {
        (BinOp::Mul, Some(x), Some(y)) if x != 0 && y != 0 => bits(x) + bits(y) <= MAX_INT_BITS,
        (BinOp::Mul, Some(n), None) => repeat(n, b),
        (BinOp::Mul, None, Some(n)) => repeat(n, a),
        (BinOp::Pow, Some(x), Some(y)) if x != 0 && y > 0 => bits(x) <= MAX_INT_BITS / y as u64,
        (BinOp::LShift, Some(x), Some(y)) if x != 0 && y != 0 => {
            // A negative count cannot be a size: CPython does not fold it.
            y > 0 && (y as u64) <= MAX_INT_BITS && bits(x) <= MAX_INT_BITS - y as u64
        }
        (BinOp::Mod, _, _) => !matches!(a, Value::Str(_)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    /// Which comparisons CPython 3.11 warns about, asked of python3 itself.
    #[test]
    fn warns_where_cpython_does() {
        let cases = [
            "x is 1",
            "x is -7",
            "x is 1+2",
            "x is (1, 2)",
            "x is ()",
            "x is 'a'",
            "x is f'a'",
            "x is []",
            "x is None",
            "x is not 1",
            "1 is x",
            "x is True",
            "x is not None",
            "x is (not 1)",
            "x is 1/0",
            "x is 'ab'[0]",
            "x is 'ab'[5]",
            "x is (1, [2])",
            "x is -True",
            "x is 2**100",
            "x is 2**62",
            "x is 'a'*3",
            "x is 'a'*5000",
            "x < 1 is 2",
            "x is y is 3",
            "1 is 2 is 3",
            "x is 1.5",
            "x is -(-1)",
            "x is +1",
            "x is ~1",
            "x is ~1.5",
            "x is (1,) * 2",
            "x is (1,) * 300",
            "x is 'a' 'b'",
            "x is (None, None)",
            "x is 1 if y else 2",
            "x is (1 if y else 2)",
            "x is [1][0]",
            "x is {}",
            "x is 1 and y",
            "x is 2**62 * 4",
            "x is (2**62 * 4) - 1",
            "x is 1 << 200",
            "x is 1 << -1",
            "x is '%s' % 1",
            "x is 7 % 2",
            "x is 2.0 ** 10000",
            "x is -'a'",
            "x == 1",
            "x is not (1, 2) is y",
        ];
        let script = r#"
import sys, warnings
for source in sys.argv[1:]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        compile(source, "f", "exec")
    print(" | ".join(f"SyntaxWarning: {x.message}" for x in w) or "-")
"#;
        let python = super::super::python3(script, &cases);
        let mismatches: Vec<String> = cases
            .iter()
            .zip(python.lines())
            .filter_map(|(case, cpython)| {
                let ours = warnings_of(case);
                (ours != cpython)
                    .then(|| format!("{case}\n  ours:    {ours}\n  CPython: {cpython}"))
            })
            .collect();
        assert_eq!(python.lines().count(), cases.len());
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    fn warnings_of(source: &str) -> String {
        let parsed = crate::syntax::parse(source);
        let program = super::super::compile(&parsed.module, source).expect("compiles");
        let messages: Vec<&str> = program.syntax_warnings.iter().map(|w| w.1).collect();
        if messages.is_empty() {
            "-".to_string()
        } else {
            messages.join(" | ")
        }
    }
}
