//! Helpers for the tests of this module: value constructors and an interpreter that
//! can call builtins (so `key=len` works) and nothing else.

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;

use super::{call_builtin, repr, to_str, Interp};

pub(crate) struct NoInterp;

impl Interp for NoInterp {
    fn call(&mut self, callable: &Value, args: Vec<Value>) -> PyResult<Value> {
        match callable {
            Value::Builtin(b) => call_builtin(*b, args, Vec::new(), self),
            Value::Class(c) => super::call_class(c, args, Vec::new(), self),
            other => Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                other.type_name()
            ))),
        }
    }

    fn repr_object(&self, v: &Value) -> String {
        format!("<{}>", v.type_name())
    }
}

pub(crate) fn i(n: i64) -> Value {
    Value::Int(n)
}

pub(crate) fn f(x: f64) -> Value {
    Value::Float(x)
}

pub(crate) fn s(text: &str) -> Value {
    Value::str(text)
}

pub(crate) fn list(items: Vec<Value>) -> Value {
    Value::list(items)
}

pub(crate) fn tuple(items: Vec<Value>) -> Value {
    Value::tuple(items)
}

pub(crate) fn dict(pairs: Vec<(Value, Value)>) -> Value {
    let d = Value::Dict(Default::default());
    for (k, v) in pairs {
        super::set_item(&d, &k, v).expect("hashable test key");
    }
    d
}

pub(crate) fn kw(pairs: Vec<(&str, Value)>) -> Vec<(std::rc::Rc<str>, Value)> {
    pairs
        .into_iter()
        .map(|(k, v)| (std::rc::Rc::from(k), v))
        .collect()
}

/// A raised exception as CPython's last traceback line shows it: `TypeError: msg`.
pub(crate) fn err_text(e: &PyErr) -> String {
    let value = Value::Exception(e.0.clone());
    let message = to_str(&value, &NoInterp);
    if message.is_empty() {
        e.0.kind.name().to_string()
    } else {
        format!("{}: {message}", e.0.kind.name())
    }
}

/// `repr` of a result, or the error line.
pub(crate) fn show(result: PyResult<Value>) -> String {
    match result {
        Ok(v) => repr(&v, &NoInterp),
        Err(e) => err_text(&e),
    }
}
