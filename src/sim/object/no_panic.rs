//! Every operation on every pair of awkward values returns a value or a Python
//! exception: none panics (a panic would take the page down).

use std::rc::Rc;

use crate::sim::exceptions::ExcKind;
use crate::sim::value::{Builtin, BuiltinType, Class, RangeValue, Value};
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};

use super::testing::{dict, f, i, kw, list, s, tuple, NoInterp};
use super::*;

/// Fresh copies of values at the edges: extreme ints and floats, empty and
/// non-ASCII strings, nested and empty containers, ranges, slices, classes.
fn samples() -> Vec<Value> {
    vec![
        Value::None,
        Value::Bool(true),
        i(0),
        i(-1),
        i(7),
        i(i64::MAX),
        i(i64::MIN),
        f(0.0),
        f(-0.0),
        f(2.5),
        f(1e300),
        f(f64::NAN),
        f(f64::NEG_INFINITY),
        s(""),
        s("héllo wörld 😀"),
        s("a,b"),
        list(vec![]),
        list(vec![i(3), s("x"), list(vec![f(1.5)])]),
        tuple(vec![i(1), i(2)]),
        dict(vec![(s("k"), i(1)), (i(2), list(vec![]))]),
        Value::Range(Rc::new(RangeValue {
            start: i64::MIN,
            stop: i64::MAX,
            step: i64::MAX / 4,
        })),
        Value::Range(Rc::new(RangeValue {
            start: 10,
            stop: -10,
            step: -4,
        })),
        make_slice(i(-1), Value::None, i(i64::MIN)).unwrap_or(Value::None),
        make_slice(i(i64::MAX), i(i64::MIN), i(-1)).unwrap_or(Value::None),
        Value::Class(Class::Builtin(BuiltinType::Int)),
        Value::Class(Class::Exception(ExcKind::KeyError)),
        Value::Builtin(Builtin::Len),
    ]
}

const SPECS: &[&str] = &[
    "",
    "d",
    ">10",
    "^+#012,.3f",
    "x<5",
    "z.0e",
    "_b",
    "c",
    ".1000g",
    "%",
    "#X",
    "=",
    "0=",
    "{",
    "ñ^3",
    "99999999999999999999",
    ".2147483648f",
    ",s",
    "-",
    "08_",
    ".-1",
    "20000000",
];

#[test]
fn no_operation_panics() {
    let binops = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::LShift,
        BinOp::RShift,
    ];
    let cmpops = [
        CmpOp::Eq,
        CmpOp::NotEq,
        CmpOp::Lt,
        CmpOp::LtE,
        CmpOp::Gt,
        CmpOp::GtE,
        CmpOp::Is,
        CmpOp::IsNot,
        CmpOp::In,
        CmpOp::NotIn,
    ];
    let count = samples().len();
    for x in 0..count {
        for y in 0..count {
            let (a, b) = (samples().swap_remove(x), samples().swap_remove(y));
            for op in binops {
                let _ = binary(op, &a, &b);
                let _ = inplace(op, &samples().swap_remove(x), &b, &mut NoInterp);
            }
            for op in cmpops {
                let _ = compare(op, &a, &b);
            }
            let _ = get_item(&a, &b);
            let _ = set_item(&samples().swap_remove(x), &b, a.clone());
            let _ = del_item(&samples().swap_remove(x), &b);
            let _ = call_builtin(
                Builtin::Round,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Pow,
                vec![a.clone(), b.clone(), i(7)],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Divmod,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Range,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Int,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Isinstance,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Sorted,
                vec![a.clone()],
                kw(vec![("key", b.clone())]),
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Max,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Sum,
                vec![a.clone(), b.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = call_builtin(
                Builtin::Zip,
                vec![a.clone(), b.clone()],
                kw(vec![("strict", Value::Bool(true))]),
                &mut NoInterp,
            );
            for name in [
                "split",
                "rsplit",
                "join",
                "find",
                "count",
                "replace",
                "center",
                "zfill",
                "startswith",
                "format",
                "insert",
                "pop",
                "index",
                "remove",
                "extend",
                "get",
                "pop",
                "setdefault",
                "update",
                "partition",
                "strip",
                "splitlines",
                "ljust",
                "sort",
                "fromkeys",
            ] {
                let _ = call_method(
                    &samples().swap_remove(x),
                    name,
                    vec![b.clone()],
                    vec![],
                    &mut NoInterp,
                );
                let _ = call_method(
                    &samples().swap_remove(x),
                    name,
                    vec![b.clone(), a.clone()],
                    vec![],
                    &mut NoInterp,
                );
                let _ = call_method(
                    &samples().swap_remove(x),
                    name,
                    vec![a.clone(), b.clone(), b.clone()],
                    vec![],
                    &mut NoInterp,
                );
            }
        }
    }
    for v in samples() {
        for spec in SPECS {
            let _ = format(&v, spec, &NoInterp);
        }
        for op in [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert, UnaryOp::Not] {
            let _ = unary(op, &v);
        }
        let _ = (
            repr(&v, &NoInterp),
            to_str(&v, &NoInterp),
            ascii(&v, &NoInterp),
            truthy(&v),
        );
        let _ = (
            hash_key(&v),
            py_hash(&v, &NoInterp),
            py_len(&v),
            type_of(&v),
        );
        let _ = iterate(&v).map(|mut it| iter_next(&mut it, &mut NoInterp));
        for b in [
            Builtin::Reversed,
            Builtin::Enumerate,
            Builtin::Iter,
            Builtin::Abs,
            Builtin::Float,
            Builtin::Str,
        ] {
            let _ = call_builtin(b, vec![v.clone()], vec![], &mut NoInterp);
        }
        for template in [
            "{}", "{0[1]}", "{:{}}", "%s %d", "%(k)s", "{!a:^9}", "%*.*f", "%c",
        ] {
            let _ = call_method(
                &s(template),
                "format",
                vec![v.clone(), v.clone()],
                vec![],
                &mut NoInterp,
            );
            let _ = binary(BinOp::Mod, &s(template), &v);
        }
    }
}
