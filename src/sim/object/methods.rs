//! Method calls and plain attributes of plain values (`items.append(x)`, `e.args`),
//! dispatched by the receiver's type.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{BuiltinType, Class, Value};

use super::args::{exactly_one, no_args, Kwargs};
use super::classes::class_name;
use super::compare::range_position;
use super::{dict_methods, list_methods, str_methods, Interp};

/// `recv.name(*args, **kwargs)` for str, list, tuple, dict, int and float receivers;
/// `None` when the type has no such method (the VM then tries its own objects).
pub fn call_method(
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> Option<PyResult<Value>> {
    match recv {
        Value::Str(s) => str_methods::call(s, name, args, kwargs, interp),
        Value::List(list) => list_methods::call_list(list, name, args, kwargs, interp),
        Value::Tuple(items) => list_methods::call_tuple(items, name, args, kwargs),
        Value::Dict(d) => dict_methods::call(recv, d, name, args, kwargs, interp),
        Value::Int(_) | Value::Bool(_) => {
            let i = match recv {
                Value::Int(i) => *i,
                _ => i64::from(matches!(recv, Value::Bool(true))),
            };
            match name {
                "bit_length" => Some(
                    no_args("int.bit_length", &args, &kwargs)
                        .map(|()| Value::Int(i64::from(64 - i.unsigned_abs().leading_zeros()))),
                ),
                "conjugate" => {
                    Some(no_args("int.conjugate", &args, &kwargs).map(|()| Value::Int(i)))
                }
                _ => None,
            }
        }
        Value::Float(x) => match name {
            "is_integer" => Some(
                no_args("float.is_integer", &args, &kwargs)
                    .map(|()| Value::Bool(x.is_finite() && x.fract() == 0.0)),
            ),
            "conjugate" => {
                Some(no_args("float.conjugate", &args, &kwargs).map(|()| Value::Float(*x)))
            }
            _ => None,
        },
        Value::Range(r) => {
            let position =
                |name| exactly_one(name, args, &kwargs).map(|v| (range_position(r, &v), v));
            match name {
                "count" => {
                    Some(position("range.count").map(|(at, _)| Value::Int(at.is_some().into())))
                }
                "index" => Some(position("range.index").and_then(|(at, v)| match (at, &v) {
                    (Some(at), _) => Ok(Value::Int(at)),
                    // CPython's message for an int that the range does not hold, and
                    // the sequence protocol's for anything else.
                    (None, Value::Int(_) | Value::Bool(_)) => Err(PyErr::value_error(format!(
                        "{} is not in range",
                        super::repr(&v, interp)
                    ))),
                    (None, _) => Err(PyErr::value_error("sequence.index(x): x not in sequence")),
                })),
                _ => None,
            }
        }
        Value::Exception(e) => match name {
            "with_traceback" => Some(
                exactly_one("with_traceback", args, &kwargs).map(|_| Value::Exception(e.clone())),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `recv.name` is a method [`call_method`] handles (so the VM can make a
/// bound method of it: `loop.call_soon(items.append, x)`).
pub fn has_method(recv: &Value, name: &str) -> bool {
    let methods: &[&str] = match recv {
        Value::Str(_) => str_methods::METHODS,
        Value::List(_) => return list_methods::LIST_METHODS.iter().any(|(m, _)| *m == name),
        Value::Tuple(_) => list_methods::TUPLE_METHODS,
        Value::Dict(_) => return dict_methods::METHODS.iter().any(|(m, _)| *m == name),
        Value::Int(_) | Value::Bool(_) => &["bit_length", "conjugate"],
        Value::Float(_) => &["is_integer", "conjugate"],
        Value::Range(_) => list_methods::TUPLE_METHODS,
        Value::Exception(_) => &["with_traceback"],
        _ => &[],
    };
    methods.contains(&name)
}

/// Whether `t.name` is a method of a built-in type (`str.lower`, `list.append`,
/// `dict.fromkeys`): a descriptor that a call applies to its first argument.
pub fn type_has_method(t: BuiltinType, name: &str) -> bool {
    use BuiltinType as T;
    let empty = match t {
        T::Str => Value::str(""),
        T::List => Value::list(Vec::new()),
        T::Tuple => Value::tuple(Vec::new()),
        T::Dict => Value::Dict(Default::default()),
        T::Int | T::Bool => Value::Int(0),
        T::Float => Value::Float(0.0),
        _ => return false,
    };
    has_method(&empty, name)
}

/// Plain attributes: `e.args`, `e.__cause__`, `x.real`, `r.start`, `int.__name__` ….
/// `None` when the value has no such attribute here.
pub fn get_attr(recv: &Value, name: &str) -> Option<PyResult<Value>> {
    let exception = |e: Option<std::rc::Rc<crate::sim::exceptions::Exception>>| {
        e.map_or(Value::None, Value::Exception)
    };
    let v = match (recv, name) {
        (Value::Exception(e), "args") => Value::tuple(e.args.clone()),
        (Value::Exception(e), "__cause__") => exception(e.cause.borrow().clone()),
        (Value::Exception(e), "__context__") => exception(e.context.borrow().clone()),
        (Value::Int(_) | Value::Bool(_), "real" | "numerator") => Value::Int(int_value(recv)),
        (Value::Int(_) | Value::Bool(_), "imag") => Value::Int(0),
        (Value::Int(_) | Value::Bool(_), "denominator") => Value::Int(1),
        (Value::Float(x), "real") => Value::Float(*x),
        (Value::Float(_), "imag") => Value::Float(0.0),
        (Value::Range(r), "start") => Value::Int(r.start),
        (Value::Range(r), "stop") => Value::Int(r.stop),
        (Value::Range(r), "step") => Value::Int(r.step),
        (Value::Slice(s), "start") => s.lower.clone(),
        (Value::Slice(s), "stop") => s.upper.clone(),
        (Value::Slice(s), "step") => s.step.clone(),
        (
            Value::Class(c @ (Class::Builtin(_) | Class::Exception(_))),
            "__name__" | "__qualname__",
        ) => Value::str(&class_name(c)),
        _ => return None,
    };
    Some(Ok(v))
}

fn int_value(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// CPython's `AttributeError` for a missing attribute:
/// `'int' object has no attribute 'foo'`, `type object 'int' has no attribute 'foo'`,
/// `module 'asyncio' has no attribute 'foo'`.
pub fn no_attribute(recv: &Value, name: &str) -> PyErr {
    attribute_error(recv, recv.type_name(), name)
}

/// [`no_attribute`] for a value whose type CPython's messages call `type_name` (the
/// runtime knows a task's from a future's).
pub fn attribute_error(recv: &Value, type_name: &str, name: &str) -> PyErr {
    let message = match recv {
        Value::Class(c) => format!("type object '{}' has no attribute '{name}'", class_name(c)),
        Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name()),
        _ => format!("'{type_name}' object has no attribute '{name}'"),
    };
    let e = PyErr::new(ExcKind::AttributeError, message);
    // "Did you mean", for the types whose `dir()` it knows.
    if let Some(dir) = crate::sim::suggest::dir_of(type_name) {
        *e.0.suggestion.borrow_mut() =
            crate::sim::suggest::closest(name, &dir).map(std::rc::Rc::from);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exceptions::Exception;
    use crate::sim::object::testing::{err_text, f, i, s, show, NoInterp};
    use crate::sim::value::{BuiltinType, ModuleKind};
    use std::rc::Rc;

    #[test]
    fn attributes_and_errors() {
        let e = Value::Exception(Rc::new(Exception::new(
            ExcKind::ValueError,
            vec![s("bad"), i(2)],
        )));
        let attr = |v: &Value, name: &str| {
            get_attr(v, name).map_or_else(|| err_text(&no_attribute(v, name)), show)
        };
        assert_eq!(attr(&e, "args"), "('bad', 2)");
        assert_eq!(attr(&e, "__cause__"), "None");
        assert_eq!(attr(&i(5), "real"), "5");
        assert_eq!(attr(&f(2.5), "imag"), "0.0");
        assert_eq!(
            attr(&i(5), "foo"),
            "AttributeError: 'int' object has no attribute 'foo'"
        );
        assert_eq!(
            attr(&Value::None, "x"),
            "AttributeError: 'NoneType' object has no attribute 'x'"
        );
        let int_class = Value::Class(Class::Builtin(BuiltinType::Int));
        assert_eq!(attr(&int_class, "__name__"), "'int'");
        assert_eq!(
            attr(&int_class, "foo"),
            "AttributeError: type object 'int' has no attribute 'foo'"
        );
        assert_eq!(
            attr(&Value::Module(ModuleKind::Asyncio), "foo"),
            "AttributeError: module 'asyncio' has no attribute 'foo'"
        );
        assert_eq!(
            attr(
                &Value::Class(Class::Exception(ExcKind::KeyError)),
                "__name__"
            ),
            "'KeyError'"
        );
    }

    #[test]
    fn dispatch() {
        let call = |v: &Value, name: &str, args: Vec<Value>| {
            call_method(v, name, args, Vec::new(), &mut NoInterp)
                .map_or("<no method>".to_string(), show)
        };
        assert_eq!(call(&i(255), "bit_length", vec![]), "8");
        assert_eq!(call(&i(-256), "bit_length", vec![]), "9");
        assert_eq!(call(&f(2.0), "is_integer", vec![]), "True");
        assert_eq!(call(&i(5), "append", vec![i(1)]), "<no method>");
        assert_eq!(call(&s("a-b"), "split", vec![s("-")]), "['a', 'b']");
        assert!(has_method(&s(""), "join"));
        assert!(has_method(&Value::list(vec![]), "append"));
        assert!(!has_method(&Value::list(vec![]), "join"));
        assert!(has_method(&Value::Dict(Default::default()), "setdefault"));
        assert!(!has_method(&i(1), "append"));
    }
}
