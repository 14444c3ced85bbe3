//! The builtin classes: calling them (`int('5')`, `list(x)`, `ValueError('bad')`),
//! `type(v)`, `isinstance(v, cls)`, and their names.

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, Exception, PyErr, PyResult};
use crate::sim::value::{BuiltinType, Class, Dict, FutureKind, RangeValue, Value};

use super::args::{
    at_most, bind, expect_count, int_arg, no_kwargs, no_other_kwargs, take_kwarg, Kwargs,
};
use super::convert::{to_float, to_int, to_int_with_base};
use super::{collect, to_str, truthy, Interp};

/// `isinstance(v, cls)` with a class or a (nested) tuple of classes.
pub(super) fn isinstance_check(v: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Class(c) => Ok(isinstance(v, c)),
        Value::Tuple(options) => {
            for option in options.iter() {
                if isinstance_check(v, option)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

/// `isinstance(v, class)`: bool is an int; exceptions by their hierarchy; a future
/// counts as a task too (the VM knows which it is).
pub fn isinstance(v: &Value, class: &Class) -> bool {
    use BuiltinType as T;
    match class {
        Class::Builtin(t) => matches!(
            (t, v),
            (T::Object, _)
                | (T::NoneType, Value::None)
                | (T::Bool, Value::Bool(_))
                | (T::Int, Value::Int(_) | Value::Bool(_))
                | (T::Float, Value::Float(_))
                | (T::Str, Value::Str(_))
                | (T::List, Value::List(_))
                | (T::Tuple, Value::Tuple(_))
                | (T::Dict, Value::Dict(_))
                | (T::Range, Value::Range(_))
                | (T::Function, Value::Function(_))
                | (T::Coroutine, Value::Coroutine(_))
                | (T::Future | T::Task, Value::Future(_))
        ),
        Class::Exception(kind) => matches!(v, Value::Exception(e) if e.kind.is_subclass_of(*kind)),
        Class::Prelude(c) => match v {
            Value::Instance(instance) => {
                let mut class = Some(instance.class.clone());
                while let Some(k) = class {
                    if Rc::ptr_eq(&k, c) {
                        return true;
                    }
                    class = k.base.clone();
                }
                false
            }
            _ => false,
        },
    }
}

/// `type(v)`.
pub fn type_of(v: &Value) -> PyResult<Value> {
    use BuiltinType as T;
    let t = match v {
        Value::None => T::NoneType,
        Value::Bool(_) => T::Bool,
        Value::Int(_) => T::Int,
        Value::Float(_) => T::Float,
        Value::Str(_) => T::Str,
        Value::List(_) => T::List,
        Value::Tuple(_) => T::Tuple,
        Value::Dict(_) => T::Dict,
        Value::Range(_) => T::Range,
        Value::Function(_) => T::Function,
        Value::Coroutine(_) => T::Coroutine,
        Value::Future(id) => match id.kind() {
            FutureKind::Future => T::Future,
            FutureKind::Task => T::Task,
            // `gather`'s private subclass: no class here to be it.
            FutureKind::Gathering => return Err(type_not_supported(v)),
        },
        Value::Exception(e) => return Ok(Value::Class(Class::Exception(e.kind))),
        Value::Instance(i) => return Ok(Value::Class(Class::Prelude(i.class.clone()))),
        other => return Err(type_not_supported(other)),
    };
    Ok(Value::Class(Class::Builtin(t)))
}

fn type_not_supported(v: &Value) -> PyErr {
    PyErr::new(
        ExcKind::NotImplementedError,
        format!(
            "type() of a '{}' object is not supported by awaitscope",
            v.type_name()
        ),
    )
}

/// Call a class: `int('5')`, `list(x)`, `ValueError('bad')` …. Prelude classes and
/// futures are the VM's: for them this returns an internal `RuntimeError`.
pub fn call_class(
    class: &Class,
    args: Vec<Value>,
    mut kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> PyResult<Value> {
    use BuiltinType as T;
    let t = match class {
        Class::Builtin(t) => *t,
        Class::Exception(kind) => {
            no_kwargs(kind.name(), &kwargs)?;
            return Ok(Value::Exception(Rc::new(Exception::new(*kind, args))));
        }
        Class::Prelude(c) => {
            return Err(PyErr::runtime_error(format!(
                "internal: not a builtin class: {}",
                c.name
            )))
        }
    };
    let name = builtin_type_name(t);
    let one_optional = |args: &[Value], kwargs: &Kwargs| -> PyResult<Option<Value>> {
        no_kwargs(name, kwargs)?;
        expect_count(name, args, 0, 1)?;
        Ok(args.first().cloned())
    };
    match t {
        T::Int => {
            // The count (keywords included) first, then the keywords' names.
            at_most("int", args.len(), kwargs.len(), 2)?;
            let base = take_kwarg(&mut kwargs, "base");
            no_other_kwargs("int", &kwargs)?;
            let mut args = args.into_iter();
            let (x, base) = (args.next(), args.next().or(base));
            match (x, base) {
                (None, None) => Ok(Value::Int(0)),
                (None, Some(_)) => Err(PyErr::type_error("int() missing string argument")),
                (Some(x), None) => to_int(&x).map(Value::Int),
                (Some(x), Some(base)) => to_int_with_base(&x, &base).map(Value::Int),
            }
        }
        T::Float => Ok(Value::Float(match one_optional(&args, &kwargs)? {
            Some(v) => to_float(&v)?,
            None => 0.0,
        })),
        T::Bool => Ok(Value::Bool(
            one_optional(&args, &kwargs)?.is_some_and(|v| truthy(&v)),
        )),
        T::Str => {
            // As CPython's argument clinic: the count, a parameter given twice, the
            // keywords' names, `encoding` and `errors` must be str; then the object,
            // which only bytes-like objects (the simulator has none) can be decoded.
            let mut slots = bind("str", args, kwargs, &["object", "encoding", "errors"], 0)?;
            for (slot, which) in [(1, "encoding"), (2, "errors")] {
                match &slots[slot] {
                    None | Some(Value::Str(_)) => {}
                    Some(other) => {
                        return Err(PyErr::type_error(format!(
                            "str() argument '{which}' must be str, not {}",
                            super::args::bad_argument_type(other)
                        )))
                    }
                }
            }
            let decoding = slots[1].is_some() || slots[2].is_some();
            match slots[0].take() {
                None => Ok(Value::str("")),
                Some(v) if !decoding => Ok(Value::str(&to_str(&v, interp))),
                Some(Value::Str(_)) => Err(PyErr::type_error("decoding str is not supported")),
                Some(other) => Err(PyErr::type_error(format!(
                    "decoding to str: need a bytes-like object, {} found",
                    other.type_name()
                ))),
            }
        }
        T::List => Ok(Value::list(match one_optional(&args, &kwargs)? {
            Some(v) => collect(&v, interp)?,
            None => Vec::new(),
        })),
        T::Tuple => Ok(match one_optional(&args, &kwargs)? {
            Some(t @ Value::Tuple(_)) => t,
            Some(v) => Value::tuple(collect(&v, interp)?),
            None => Value::tuple(Vec::new()),
        }),
        T::Dict => {
            expect_count(name, &args, 0, 1)?;
            let dict = Value::Dict(Rc::new(RefCell::new(Dict::default())));
            if let Some(source) = args.first() {
                super::dict_methods::update_from(&dict, source, interp)?;
            }
            for (k, v) in kwargs {
                super::set_item(&dict, &Value::Str(k), v)?;
            }
            Ok(dict)
        }
        T::Range => {
            no_kwargs("range", &kwargs)?;
            expect_count("range", &args, 1, 3)?;
            let ints = args.iter().map(int_arg).collect::<PyResult<Vec<_>>>()?;
            let (start, stop, step) = match ints[..] {
                [stop] => (0, stop, 1),
                [start, stop] => (start, stop, 1),
                [start, stop, step] => (start, stop, step),
                _ => (0, 0, 1),
            };
            if step == 0 {
                return Err(PyErr::value_error("range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Rc::new(RangeValue { start, stop, step })))
        }
        T::NoneType => {
            if args.is_empty() && kwargs.is_empty() {
                Ok(Value::None)
            } else {
                Err(PyErr::type_error("NoneType takes no arguments"))
            }
        }
        T::Function | T::Coroutine | T::Object => Err(PyErr::type_error(format!(
            "cannot create '{}' instances",
            builtin_type_qualname(t)
        ))),
        T::Future | T::Task => Err(PyErr::runtime_error(format!(
            "internal: not a builtin class: {name}"
        ))),
    }
}

/// `__name__` of a builtin class.
pub fn builtin_type_name(t: BuiltinType) -> &'static str {
    match t {
        BuiltinType::Future => "Future",
        BuiltinType::Task => "Task",
        other => builtin_type_qualname(other),
    }
}

/// The name in `<class '…'>`.
pub(crate) fn builtin_type_qualname(t: BuiltinType) -> &'static str {
    use BuiltinType as T;
    match t {
        T::Object => "object",
        T::NoneType => "NoneType",
        T::Bool => "bool",
        T::Int => "int",
        T::Float => "float",
        T::Str => "str",
        T::List => "list",
        T::Tuple => "tuple",
        T::Dict => "dict",
        T::Range => "range",
        T::Function => "function",
        T::Coroutine => "coroutine",
        T::Future => "_asyncio.Future",
        T::Task => "_asyncio.Task",
    }
}

/// A class's `__name__`.
pub fn class_name(c: &Class) -> String {
    match c {
        Class::Builtin(t) => builtin_type_name(*t).to_string(),
        Class::Exception(k) => k.name().to_string(),
        Class::Prelude(c) => c.name.to_string(),
    }
}
