//! The pure builtin functions (`len`, `sorted`, `zip` …) and the names of Python's
//! `builtins` module. The builtin classes (`int`, `list`, `ValueError` …) are in
//! `classes`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::{Builtin, BuiltinType, Class, PyIter, RangeValue, Value};
use crate::syntax::ast::BinOp;

use super::args::{
    at_most, bind, exactly_one, expect_count, int_arg, no_kwargs, no_other_kwargs, take_kwarg,
    Kwargs,
};
use super::classes::{call_class, isinstance_check, type_of};
use super::convert::to_float;
use super::iter::{for_each, reversed};
use super::{advance, arith, binary, iterate, py_hash, repr, sort, truthy, Interp};

/// Call a pure builtin. `print`, and the time, asyncio and awaitscope functions,
/// belong to the VM: for them this returns an internal `RuntimeError`.
pub fn call_builtin(
    b: Builtin,
    args: Vec<Value>,
    kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> PyResult<Value> {
    use Builtin as B;
    let class = match b {
        B::Str => Some(BuiltinType::Str),
        B::Int => Some(BuiltinType::Int),
        B::Float => Some(BuiltinType::Float),
        B::Bool => Some(BuiltinType::Bool),
        B::List => Some(BuiltinType::List),
        B::Tuple => Some(BuiltinType::Tuple),
        B::Dict => Some(BuiltinType::Dict),
        B::Range => Some(BuiltinType::Range),
        _ => None,
    };
    if let Some(t) = class {
        return call_class(&Class::Builtin(t), args, kwargs, interp);
    }
    let name = builtin_name(b);
    match b {
        B::Len => py_len(&exactly_one(name, args, &kwargs)?).map(Value::Int),
        B::Abs => match exactly_one(name, args, &kwargs)? {
            Value::Int(i) => arith::abs(i).map(Value::Int),
            Value::Bool(b) => Ok(Value::Int(i64::from(b))),
            Value::Float(x) => Ok(Value::Float(x.abs())),
            other => Err(PyErr::type_error(format!(
                "bad operand type for abs(): '{}'",
                other.type_name()
            ))),
        },
        B::Min | B::Max => sort::min_max(b == B::Min, args, kwargs, interp),
        B::Sum => sum(args, kwargs, interp),
        B::Round => {
            const NAMES: [&str; 2] = ["number", "ndigits"];
            let mut slots = bind(name, args, kwargs, &NAMES, 1)?;
            let number = slots[0].take().unwrap_or(Value::None);
            super::round::round(&number, slots[1].as_ref())
        }
        B::Sorted => sort::sorted(args, kwargs, interp),
        B::Reversed => {
            no_kwargs(name, &kwargs)?;
            expect_count(name, &args, 1, 1)?;
            Ok(iterator(reversed(&args[0], interp)?))
        }
        B::Enumerate => {
            // CPython 3.11's `enum_vectorcall`, which checks the keywords' names by
            // how many arguments there are in all: one is `iterable`, two are
            // `iterable, start` (by position or by name, in either order).
            let invalid = |key: &str| {
                PyErr::type_error(format!(
                    "'{key}' is an invalid keyword argument for enumerate()"
                ))
            };
            let check = |i: usize, want: &str| match kwargs.get(i) {
                Some((key, _)) if &**key != want => Err(invalid(key)),
                _ => Ok(()),
            };
            let (nargs, nkw) = (args.len(), kwargs.len());
            let mut values = args
                .into_iter()
                .chain(kwargs.iter().map(|(_, v)| v.clone()));
            let (first, second) = (values.next(), values.next());
            let (iterable, start) = match (nargs + nkw, nkw) {
                (2, 2) if &*kwargs[0].0 == "start" => {
                    check(1, "iterable")?;
                    (second, first)
                }
                (2, _) => {
                    if nkw == 2 {
                        check(0, "iterable")?;
                    }
                    check(nkw.saturating_sub(1), "start")?;
                    (first, second)
                }
                (1, _) => {
                    check(0, "iterable")?;
                    (first, None)
                }
                (_, _) if nargs == 0 => {
                    return Err(PyErr::type_error(
                        "enumerate() missing required argument 'iterable'",
                    ))
                }
                (given, _) => {
                    return Err(PyErr::type_error(format!(
                        "enumerate() takes at most 2 arguments ({given} given)"
                    )))
                }
            };
            // The start is made an int before the iterable is iterated.
            let count = match start {
                Some(v) => int_arg(&v)?,
                None => 0,
            };
            let iterable = iterable.unwrap_or(Value::None);
            Ok(iterator(PyIter::Enumerate {
                inner: Box::new(iterate(&iterable)?),
                count,
            }))
        }
        B::Zip => zip(args, kwargs),
        B::Isinstance => {
            no_kwargs(name, &kwargs)?;
            expect_count(name, &args, 2, 2)?;
            isinstance_check(&args[0], &args[1]).map(Value::Bool)
        }
        B::Repr => Ok(Value::str(&repr(
            &exactly_one(name, args, &kwargs)?,
            interp,
        ))),
        B::Any | B::All => {
            let iterable = exactly_one(name, args, &kwargs)?;
            let want = b == B::Any;
            let mut found = false;
            for_each(&iterable, interp, |v, _| {
                found = truthy(&v) == want;
                Ok(!found)
            })?;
            Ok(Value::Bool(if found { want } else { !want }))
        }
        B::Iter => {
            no_kwargs(name, &kwargs)?;
            expect_count(name, &args, 1, 2)?;
            if args.len() == 2 {
                return Err(PyErr::type_error(
                    "iter(callable, sentinel) is not supported by awaitscope",
                ));
            }
            match &args[0] {
                it @ Value::Iter(_) => Ok(it.clone()),
                other => Ok(iterator(iterate(other)?)),
            }
        }
        B::Next => {
            no_kwargs(name, &kwargs)?;
            expect_count(name, &args, 1, 2)?;
            let Value::Iter(it) = &args[0] else {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not an iterator",
                    args[0].type_name()
                )));
            };
            let next = advance(it, interp)?;
            match (next, args.get(1)) {
                (Some(v), _) => Ok(v),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(PyErr::bare(ExcKind::StopIteration)),
            }
        }
        B::Divmod => {
            no_kwargs(name, &kwargs)?;
            expect_count(name, &args, 2, 2)?;
            divmod(&args[0], &args[1])
        }
        B::Pow => {
            const NAMES: [&str; 3] = ["base", "exp", "mod"];
            let mut slots = bind(name, args, kwargs, &NAMES, 2)?;
            let base = slots[0].take().unwrap_or(Value::None);
            let exp = slots[1].take().unwrap_or(Value::None);
            match slots[2].take() {
                None | Some(Value::None) => binary(BinOp::Pow, &base, &exp),
                Some(modulus) => match (int_like(&base), int_like(&exp), int_like(&modulus)) {
                    (Some(b), Some(e), Some(m)) => arith::int_pow_mod(b, e, m).map(Value::Int),
                    _ => Err(PyErr::type_error(
                        "pow() 3rd argument not allowed unless all arguments are integers",
                    )),
                },
            }
        }
        B::Type => {
            if !kwargs.is_empty() || args.len() != 1 {
                return Err(PyErr::type_error("type() takes 1 or 3 arguments"));
            }
            type_of(&args[0])
        }
        B::Id => {
            let v = exactly_one(name, args, &kwargs)?;
            let id = match v.identity() {
                Some(_) => interp.object_id(&v),
                // Values without identity: any number that is stable for the value.
                None => py_hash(&v, interp).unwrap_or(0) as u64,
            };
            Ok(Value::Int((id & (i64::MAX as u64)) as i64))
        }
        B::Hash => py_hash(&exactly_one(name, args, &kwargs)?, interp).map(Value::Int),
        _ => Err(PyErr::runtime_error(format!(
            "internal: not a pure builtin: {name}"
        ))),
    }
}

fn iterator(it: PyIter) -> Value {
    Value::Iter(Rc::new(RefCell::new(it)))
}

fn int_like(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// `len(v)`.
pub fn py_len(v: &Value) -> PyResult<i64> {
    let n = match v {
        Value::Str(s) => s.chars().count(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.borrow().map().len(),
        Value::DictView(view) => view.dict.borrow().map().len(),
        Value::Range(r) => {
            return i64::try_from(range_len(r)).map_err(|_| {
                PyErr::new(
                    ExcKind::OverflowError,
                    "Python int too large to convert to C ssize_t",
                )
            })
        }
        other => {
            return Err(PyErr::type_error(format!(
                "object of type '{}' has no len()",
                other.type_name()
            )))
        }
    };
    Ok(n as i64)
}

/// How many numbers a range gives (as i128: `range(-2**63, 2**63 - 1)` has more than
/// an i64 holds).
pub(crate) fn range_len(r: &RangeValue) -> i128 {
    let (start, stop, step) = (i128::from(r.start), i128::from(r.stop), i128::from(r.step));
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// `sum(iterable, /, start=0)`: left to right with `+`, as CPython 3.11 (whose float
/// fast path is plain addition too).
fn sum(args: Vec<Value>, mut kwargs: Kwargs, interp: &mut dyn Interp) -> PyResult<Value> {
    // As CPython's argument clinic: the count (keywords included), the positional
    // one, then the keywords' names.
    at_most("sum", args.len(), kwargs.len(), 2)?;
    if args.is_empty() {
        return Err(PyErr::type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    let start_kw = take_kwarg(&mut kwargs, "start");
    no_other_kwargs("sum", &kwargs)?;
    let mut args = args.into_iter();
    let iterable = args.next().unwrap_or(Value::None);
    let mut total = args.next().or(start_kw).unwrap_or(Value::Int(0));
    // `builtin_sum_impl` takes the iterator before it looks at `start`.
    super::iter::iterate(&iterable)?;
    if matches!(total, Value::Str(_)) {
        return Err(PyErr::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for_each(&iterable, interp, |item, _| {
        total = binary(BinOp::Add, &total, &item)?;
        Ok(true)
    })?;
    Ok(total)
}

fn divmod(a: &Value, b: &Value) -> PyResult<Value> {
    let pair = |x: Value, y: Value| Value::tuple(vec![x, y]);
    match (a, b) {
        (Value::Int(_) | Value::Bool(_), Value::Int(_) | Value::Bool(_)) => {
            let (x, y) = (int_like(a).unwrap_or(0), int_like(b).unwrap_or(0));
            let (q, r) = arith::divmod(x, y)?;
            Ok(pair(Value::Int(q), Value::Int(r)))
        }
        (
            Value::Int(_) | Value::Bool(_) | Value::Float(_),
            Value::Int(_) | Value::Bool(_) | Value::Float(_),
        ) => {
            let (q, r) = arith::float_divmod(to_float(a)?, to_float(b)?)?;
            Ok(pair(Value::Float(q), Value::Float(r)))
        }
        _ => Err(PyErr::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))),
    }
}

/// `zip(*iterables, strict=False)`; `strict=True` checks the lengths up front.
fn zip(args: Vec<Value>, mut kwargs: Kwargs) -> PyResult<Value> {
    let strict = take_kwarg(&mut kwargs, "strict").is_some_and(|v| truthy(&v));
    no_other_kwargs("zip", &kwargs)?;
    let iters = args.iter().map(iterate).collect::<PyResult<Vec<_>>>()?;
    Ok(iterator(PyIter::Zip { iters, strict }))
}

/// The name Python knows a builtin function by (`len`, `sleep`, `create_task` …).
pub fn builtin_name(b: Builtin) -> &'static str {
    use Builtin as B;
    match b {
        B::Print => "print",
        B::Len => "len",
        B::Range => "range",
        B::Str => "str",
        B::Int => "int",
        B::Float => "float",
        B::Bool => "bool",
        B::List => "list",
        B::Tuple => "tuple",
        B::Dict => "dict",
        B::Abs => "abs",
        B::Min => "min",
        B::Max => "max",
        B::Sum => "sum",
        B::Round => "round",
        B::Sorted => "sorted",
        B::Reversed => "reversed",
        B::Enumerate => "enumerate",
        B::Zip => "zip",
        B::Isinstance => "isinstance",
        B::Repr => "repr",
        B::Any => "any",
        B::All => "all",
        B::Iter => "iter",
        B::Next => "next",
        B::Divmod => "divmod",
        B::Pow => "pow",
        B::Type => "type",
        B::Id => "id",
        B::Hash => "hash",
        B::TimeSleep => "sleep",
        B::TimeTime => "time",
        B::TimeMonotonic => "monotonic",
        B::Cpu => "cpu",
        B::NewDevice => "Device",
        B::CreateTask => "create_task",
        B::EnsureFuture => "ensure_future",
        B::GetRunningLoop => "get_running_loop",
        B::GetEventLoop => "get_event_loop",
        B::NewEventLoop => "new_event_loop",
        B::CurrentTask => "current_task",
        B::AllTasks => "all_tasks",
        B::IsCoroutine => "iscoroutine",
        B::SetResultUnlessCancelled => "_set_result_unless_cancelled",
        B::Yield => "__sleep0",
        B::GetRunningLoopOrNone => "_get_running_loop",
        B::SetEventLoop => "set_event_loop",
        B::IsFuture => "isfuture",
        B::GatheringFuture => "_gathering_future",
        B::Label => "_label",
        B::BlockingMode => "_blocking_mode",
        B::ThreadSleep => "sleep",
        B::DeviceNew => "_device_new",
        B::DeviceSubmit => "_device_submit",
        B::AsyncGenerator => "async_generator",
        B::CallAtUs => "_call_at_us",
        B::NoUnawaitedWarning => "_no_never_awaited_warning",
        B::CheckNbytes => "_check_nbytes",
    }
}

/// A name from Python's `builtins` module: functions, classes and exception classes
/// (the asyncio exceptions live in `asyncio`, not here).
pub fn lookup_builtin(name: &str) -> Option<Value> {
    use Builtin as B;
    use BuiltinType as T;
    let class = |t| Some(Value::Class(Class::Builtin(t)));
    let function = match name {
        "int" => return class(T::Int),
        "float" => return class(T::Float),
        "str" => return class(T::Str),
        "bool" => return class(T::Bool),
        "list" => return class(T::List),
        "tuple" => return class(T::Tuple),
        "dict" => return class(T::Dict),
        "range" => return class(T::Range),
        "object" => return class(T::Object),
        "print" => B::Print,
        "len" => B::Len,
        "abs" => B::Abs,
        "min" => B::Min,
        "max" => B::Max,
        "sum" => B::Sum,
        "round" => B::Round,
        "sorted" => B::Sorted,
        "reversed" => B::Reversed,
        "enumerate" => B::Enumerate,
        "zip" => B::Zip,
        "isinstance" => B::Isinstance,
        "repr" => B::Repr,
        "any" => B::Any,
        "all" => B::All,
        "iter" => B::Iter,
        "next" => B::Next,
        "divmod" => B::Divmod,
        "pow" => B::Pow,
        "type" => B::Type,
        "id" => B::Id,
        "hash" => B::Hash,
        _ => {
            let kind = ExcKind::ALL.into_iter().find(|k| {
                k.name() == name
                    && !matches!(
                        k,
                        ExcKind::CancelledError
                            | ExcKind::InvalidStateError
                            | ExcKind::QueueEmpty
                            | ExcKind::QueueFull
                    )
            })?;
            return Some(Value::Class(Class::Exception(kind)));
        }
    };
    Some(Value::Builtin(function))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exceptions::Exception;
    use crate::sim::object::collect;
    use crate::sim::object::testing::{dict, f, i, kw, list, s, show, tuple, NoInterp};

    fn range(start: i64, stop: i64, step: i64) -> Value {
        Value::Range(Rc::new(RangeValue { start, stop, step }))
    }

    fn exc(kind: ExcKind, args: Vec<Value>) -> Value {
        Value::Exception(Rc::new(Exception::new(kind, args)))
    }

    fn iter_of(items: Vec<Value>) -> Value {
        iterator(PyIter::Seq {
            items: Rc::from(items),
            pos: 0,
            name: "tuple_iterator",
        })
    }

    /// Call a builtin; an iterator result is shown as the list of what it yields.
    fn run(b: Builtin, args: Vec<Value>, kwargs: Kwargs) -> String {
        show(
            call_builtin(b, args, kwargs, &mut NoInterp).and_then(|v| match v {
                Value::Iter(_) => collect(&v, &mut NoInterp).map(Value::list),
                other => Ok(other),
            }),
        )
    }

    #[test]
    fn builtins_match_cpython() {
        let _ = (
            dict(vec![]),
            f(0.0),
            i(0),
            list(vec![]),
            s(""),
            tuple(vec![]),
            range(0, 0, 1),
        );
        // (builtin, args, kwargs, repr of the result) from CPython 3.11, generated by
        // calling each builtin there.
        #[rustfmt::skip]
        let cases: Vec<(Builtin, Vec<Value>, Kwargs, &str)> = vec![
            (Builtin::Len, vec![], kw(vec![]), "TypeError: len() takes exactly one argument (0 given)"),
            (Builtin::Len, vec![i(1), i(2)], kw(vec![]), "TypeError: len() takes exactly one argument (2 given)"),
            (Builtin::Len, vec![i(5)], kw(vec![]), "TypeError: object of type 'int' has no len()"),
            (Builtin::Len, vec![s("héllo")], kw(vec![]), "5"),
            (Builtin::Len, vec![list(vec![i(1), i(2)])], kw(vec![]), "2"),
            (Builtin::Len, vec![dict(vec![(s("a"), i(1))])], kw(vec![]), "1"),
            (Builtin::Len, vec![range(0, 10, 3)], kw(vec![]), "4"),
            (Builtin::Len, vec![tuple(vec![i(1)])], kw(vec![]), "1"),
            (Builtin::Len, vec![], kw(vec![("x", i(1))]), "TypeError: len() takes no keyword arguments"),
            (Builtin::Range, vec![], kw(vec![]), "TypeError: range expected at least 1 argument, got 0"),
            (Builtin::Range, vec![i(1), i(2), i(3), i(4)], kw(vec![]), "TypeError: range expected at most 3 arguments, got 4"),
            (Builtin::Range, vec![f(1.5)], kw(vec![]), "TypeError: 'float' object cannot be interpreted as an integer"),
            (Builtin::Range, vec![i(1), i(2), i(0)], kw(vec![]), "ValueError: range() arg 3 must not be zero"),
            (Builtin::Range, vec![], kw(vec![("x", i(1))]), "TypeError: range() takes no keyword arguments"),
            (Builtin::Range, vec![s("a")], kw(vec![]), "TypeError: 'str' object cannot be interpreted as an integer"),
            (Builtin::Range, vec![i(5)], kw(vec![]), "range(0, 5)"),
            (Builtin::Range, vec![i(2), i(8), i(3)], kw(vec![]), "range(2, 8, 3)"),
            (Builtin::Range, vec![Value::Bool(true)], kw(vec![]), "range(0, 1)"),
            (Builtin::Range, vec![i(10), i(0), i(-3)], kw(vec![]), "range(10, 0, -3)"),
            (Builtin::Str, vec![], kw(vec![]), "''"),
            (Builtin::Str, vec![i(1), i(2), i(3), i(4)], kw(vec![]), "TypeError: str() takes at most 3 arguments (4 given)"),
            (Builtin::Str, vec![], kw(vec![("x", i(1))]), "TypeError: 'x' is an invalid keyword argument for str()"),
            (Builtin::Str, vec![s("a"), s("utf-8")], kw(vec![]), "TypeError: decoding str is not supported"),
            (Builtin::Str, vec![f(1.0)], kw(vec![]), "'1.0'"),
            (Builtin::Str, vec![list(vec![i(1), s("a")])], kw(vec![]), "\"[1, 'a']\""),
            (Builtin::Str, vec![Value::None], kw(vec![]), "'None'"),
            (Builtin::Str, vec![], kw(vec![("object", s("x"))]), "'x'"),
            (Builtin::Int, vec![], kw(vec![]), "0"),
            (Builtin::Int, vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: int() takes at most 2 arguments (3 given)"),
            (Builtin::Int, vec![f(1.5), i(10)], kw(vec![]), "TypeError: int() can't convert non-string with explicit base"),
            (Builtin::Int, vec![Value::None], kw(vec![]), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"),
            (Builtin::Int, vec![s("x")], kw(vec![]), "ValueError: invalid literal for int() with base 10: 'x'"),
            (Builtin::Int, vec![s(" 12 ")], kw(vec![]), "12"),
            (Builtin::Int, vec![s("0x1f"), i(16)], kw(vec![]), "31"),
            (Builtin::Int, vec![s("0x1f"), i(0)], kw(vec![]), "31"),
            (Builtin::Int, vec![s("010"), i(0)], kw(vec![]), "ValueError: invalid literal for int() with base 0: '010'"),
            (Builtin::Int, vec![s("12"), i(1)], kw(vec![]), "ValueError: int() base must be >= 2 and <= 36, or 0"),
            (Builtin::Int, vec![s("z"), i(36)], kw(vec![]), "35"),
            (Builtin::Int, vec![f(-3.99)], kw(vec![]), "-3"),
            (Builtin::Int, vec![f(1.0e+30)], kw(vec![]), "OverflowError: integer overflow: awaitscope integers are limited to 64 bits (Python's are unbounded)"),
            (Builtin::Int, vec![f(f64::INFINITY)], kw(vec![]), "OverflowError: cannot convert float infinity to integer"),
            (Builtin::Int, vec![f(f64::NAN)], kw(vec![]), "ValueError: cannot convert float NaN to integer"),
            (Builtin::Int, vec![list(vec![])], kw(vec![]), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"),
            (Builtin::Int, vec![Value::Bool(true)], kw(vec![]), "1"),
            (Builtin::Int, vec![s("5")], kw(vec![("base", i(16))]), "5"),
            (Builtin::Int, vec![], kw(vec![("base", i(16))]), "TypeError: int() missing string argument"),
            (Builtin::Int, vec![], kw(vec![("x", s("5"))]), "TypeError: 'x' is an invalid keyword argument for int()"),
            (Builtin::Int, vec![s("-9223372036854775808")], kw(vec![]), "-9223372036854775808"),
            (Builtin::Float, vec![], kw(vec![]), "0.0"),
            (Builtin::Float, vec![s("x")], kw(vec![]), "ValueError: could not convert string to float: 'x'"),
            (Builtin::Float, vec![s(" 1e5 ")], kw(vec![]), "100000.0"),
            (Builtin::Float, vec![s("-Infinity")], kw(vec![]), "-inf"),
            (Builtin::Float, vec![Value::None], kw(vec![]), "TypeError: float() argument must be a string or a real number, not 'NoneType'"),
            (Builtin::Float, vec![list(vec![i(1)])], kw(vec![]), "TypeError: float() argument must be a string or a real number, not 'list'"),
            (Builtin::Float, vec![i(1), i(2)], kw(vec![]), "TypeError: float expected at most 1 argument, got 2"),
            (Builtin::Float, vec![], kw(vec![("x", i(1))]), "TypeError: float() takes no keyword arguments"),
            (Builtin::Float, vec![i(7)], kw(vec![]), "7.0"),
            (Builtin::Float, vec![Value::Bool(true)], kw(vec![]), "1.0"),
            (Builtin::Bool, vec![], kw(vec![]), "False"),
            (Builtin::Bool, vec![i(1), i(2)], kw(vec![]), "TypeError: bool expected at most 1 argument, got 2"),
            (Builtin::Bool, vec![], kw(vec![("x", i(1))]), "TypeError: bool() takes no keyword arguments"),
            (Builtin::Bool, vec![list(vec![])], kw(vec![]), "False"),
            (Builtin::Bool, vec![s("x")], kw(vec![]), "True"),
            (Builtin::Bool, vec![f(0.0)], kw(vec![]), "False"),
            (Builtin::List, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::List, vec![i(1), i(2)], kw(vec![]), "TypeError: list expected at most 1 argument, got 2"),
            (Builtin::List, vec![], kw(vec![("x", i(1))]), "TypeError: list() takes no keyword arguments"),
            (Builtin::List, vec![s("ab")], kw(vec![]), "['a', 'b']"),
            (Builtin::List, vec![tuple(vec![i(1), i(2)])], kw(vec![]), "[1, 2]"),
            (Builtin::List, vec![dict(vec![(s("a"), i(1)), (s("b"), i(2))])], kw(vec![]), "['a', 'b']"),
            (Builtin::List, vec![], kw(vec![]), "[]"),
            (Builtin::List, vec![range(0, 3, 1)], kw(vec![]), "[0, 1, 2]"),
            (Builtin::Tuple, vec![i(5)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Tuple, vec![], kw(vec![("x", i(1))]), "TypeError: tuple() takes no keyword arguments"),
            (Builtin::Tuple, vec![list(vec![i(1), i(2)])], kw(vec![]), "(1, 2)"),
            (Builtin::Tuple, vec![], kw(vec![]), "()"),
            (Builtin::Dict, vec![list(vec![i(1), i(2)])], kw(vec![]), "TypeError: cannot convert dictionary update sequence element #0 to a sequence"),
            (Builtin::Dict, vec![list(vec![tuple(vec![i(1), i(2), i(3)])])], kw(vec![]), "ValueError: dictionary update sequence element #0 has length 3; 2 is required"),
            (Builtin::Dict, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Dict, vec![dict(vec![(i(1), i(2))]), dict(vec![(i(3), i(4))])], kw(vec![]), "TypeError: dict expected at most 1 argument, got 2"),
            (Builtin::Dict, vec![], kw(vec![("a", i(1))]), "{'a': 1}"),
            (Builtin::Dict, vec![list(vec![tuple(vec![s("a"), i(1)])])], kw(vec![("b", i(2))]), "{'a': 1, 'b': 2}"),
            (Builtin::Dict, vec![dict(vec![(s("x"), i(1))])], kw(vec![("x", i(2))]), "{'x': 2}"),
            (Builtin::Dict, vec![], kw(vec![]), "{}"),
            (Builtin::Abs, vec![s("a")], kw(vec![]), "TypeError: bad operand type for abs(): 'str'"),
            (Builtin::Abs, vec![], kw(vec![]), "TypeError: abs() takes exactly one argument (0 given)"),
            (Builtin::Abs, vec![i(-5)], kw(vec![]), "5"),
            (Builtin::Abs, vec![f(-5.5)], kw(vec![]), "5.5"),
            (Builtin::Abs, vec![Value::Bool(true)], kw(vec![]), "1"),
            (Builtin::Abs, vec![f(-0.0)], kw(vec![]), "0.0"),
            (Builtin::Abs, vec![i(1), i(2)], kw(vec![]), "TypeError: abs() takes exactly one argument (2 given)"),
            (Builtin::Min, vec![], kw(vec![]), "TypeError: min expected at least 1 argument, got 0"),
            (Builtin::Min, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Min, vec![list(vec![])], kw(vec![]), "ValueError: min() arg is an empty sequence"),
            (Builtin::Max, vec![list(vec![])], kw(vec![("default", i(5))]), "5"),
            (Builtin::Max, vec![i(1), i(2)], kw(vec![("default", i(5))]), "TypeError: Cannot specify a default for max() with multiple positional arguments"),
            (Builtin::Max, vec![i(1), s("a")], kw(vec![]), "TypeError: '>' not supported between instances of 'str' and 'int'"),
            (Builtin::Min, vec![list(vec![i(1)])], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for min()"),
            (Builtin::Min, vec![i(3), i(1), i(2)], kw(vec![]), "1"),
            (Builtin::Max, vec![s("apple"), s("pear")], kw(vec![]), "'pear'"),
            (Builtin::Max, vec![list(vec![tuple(vec![i(1), s("b")]), tuple(vec![i(1), s("a")])])], kw(vec![]), "(1, 'b')"),
            (Builtin::Sum, vec![], kw(vec![]), "TypeError: sum() takes at least 1 positional argument (0 given)"),
            (Builtin::Sum, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Sum, vec![list(vec![s("a")]), s("b")], kw(vec![]), "TypeError: sum() can't sum strings [use ''.join(seq) instead]"),
            (Builtin::Sum, vec![list(vec![i(1), f(2.5)])], kw(vec![]), "3.5"),
            (Builtin::Sum, vec![list(vec![f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1), f(0.1)])], kw(vec![]), "0.9999999999999999"),
            (Builtin::Sum, vec![list(vec![list(vec![i(1)]), list(vec![i(2)])]), list(vec![])], kw(vec![]), "[1, 2]"),
            (Builtin::Sum, vec![list(vec![i(1), i(2)])], kw(vec![("start", i(10))]), "13"),
            (Builtin::Sum, vec![list(vec![]), i(5)], kw(vec![]), "5"),
            (Builtin::Sum, vec![list(vec![i(1)]), i(2), i(3)], kw(vec![]), "TypeError: sum() takes at most 2 arguments (3 given)"),
            (Builtin::Sum, vec![list(vec![Value::Bool(true), Value::Bool(true)])], kw(vec![]), "2"),
            (Builtin::Sum, vec![list(vec![i(1), s("a")])], kw(vec![]), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
            (Builtin::Sum, vec![list(vec![f(1.0e+100), f(1.0), f(-1.0e+100)])], kw(vec![]), "0.0"),
            (Builtin::Sum, vec![list(vec![tuple(vec![i(1)]), tuple(vec![i(2)])]), tuple(vec![])], kw(vec![]), "(1, 2)"),
            (Builtin::Round, vec![f(2.5)], kw(vec![]), "2"),
            (Builtin::Round, vec![f(3.25159), i(2)], kw(vec![]), "3.25"),
            (Builtin::Round, vec![], kw(vec![("number", f(2.5)), ("ndigits", i(0))]), "2.0"),
            (Builtin::Round, vec![], kw(vec![]), "TypeError: round() missing required argument 'number' (pos 1)"),
            (Builtin::Round, vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: round() takes at most 2 arguments (3 given)"),
            (Builtin::Round, vec![s("a")], kw(vec![]), "TypeError: type str doesn't define __round__ method"),
            (Builtin::Round, vec![i(7), i(-1)], kw(vec![]), "10"),
            (Builtin::Round, vec![f(2.5), Value::None], kw(vec![]), "2"),
            (Builtin::Sorted, vec![], kw(vec![]), "TypeError: sorted expected 1 argument, got 0"),
            (Builtin::Sorted, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Sorted, vec![list(vec![i(1)])], kw(vec![("key", Value::None), ("reverse", i(1))]), "[1]"),
            (Builtin::Sorted, vec![list(vec![i(1)]), i(2)], kw(vec![]), "TypeError: sorted expected 1 argument, got 2"),
            (Builtin::Sorted, vec![list(vec![i(3), i(1)])], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for sort()"),
            (Builtin::Sorted, vec![s("cba")], kw(vec![]), "['a', 'b', 'c']"),
            (Builtin::Sorted, vec![list(vec![i(3), i(1), i(2)])], kw(vec![("reverse", Value::Bool(true))]), "[3, 2, 1]"),
            (Builtin::Sorted, vec![dict(vec![(s("b"), i(1)), (s("a"), i(2))])], kw(vec![]), "['a', 'b']"),
            (Builtin::Reversed, vec![i(5)], kw(vec![]), "TypeError: 'int' object is not reversible"),
            (Builtin::Reversed, vec![list(vec![i(1)]), i(2)], kw(vec![]), "TypeError: reversed expected 1 argument, got 2"),
            (Builtin::Reversed, vec![list(vec![i(1), i(2), i(3)])], kw(vec![]), "[3, 2, 1]"),
            (Builtin::Reversed, vec![s("abc")], kw(vec![]), "['c', 'b', 'a']"),
            (Builtin::Reversed, vec![range(1, 10, 4)], kw(vec![]), "[9, 5, 1]"),
            (Builtin::Reversed, vec![dict(vec![(s("a"), i(1)), (s("b"), i(2))])], kw(vec![]), "['b', 'a']"),
            (Builtin::Reversed, vec![tuple(vec![i(1), i(2)])], kw(vec![]), "[2, 1]"),
            (Builtin::Enumerate, vec![], kw(vec![]), "TypeError: enumerate() missing required argument 'iterable'"),
            (Builtin::Enumerate, vec![i(5)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Enumerate, vec![list(vec![i(1)]), i(2), i(3)], kw(vec![]), "TypeError: enumerate() takes at most 2 arguments (3 given)"),
            (Builtin::Enumerate, vec![s("ab")], kw(vec![]), "[(0, 'a'), (1, 'b')]"),
            (Builtin::Enumerate, vec![s("ab"), i(1)], kw(vec![]), "[(1, 'a'), (2, 'b')]"),
            (Builtin::Enumerate, vec![list(vec![s("x")])], kw(vec![("start", i(5))]), "[(5, 'x')]"),
            (Builtin::Enumerate, vec![], kw(vec![("iterable", list(vec![s("y")]))]), "[(0, 'y')]"),
            (Builtin::Zip, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Zip, vec![list(vec![i(1), i(2)]), s("ab")], kw(vec![]), "[(1, 'a'), (2, 'b')]"),
            (Builtin::Zip, vec![list(vec![i(1), i(2), i(3)]), s("ab")], kw(vec![]), "[(1, 'a'), (2, 'b')]"),
            (Builtin::Zip, vec![], kw(vec![]), "[]"),
            (Builtin::Zip, vec![list(vec![i(1)])], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for zip()"),
            (Builtin::Zip, vec![list(vec![i(1), i(2)]), list(vec![i(3)])], kw(vec![("strict", Value::Bool(true))]), "ValueError: zip() argument 2 is shorter than argument 1"),
            (Builtin::Zip, vec![list(vec![i(1)]), list(vec![i(3), i(4)])], kw(vec![("strict", Value::Bool(true))]), "ValueError: zip() argument 2 is longer than argument 1"),
            (Builtin::Zip, vec![list(vec![i(1)]), list(vec![i(3)]), list(vec![i(5), i(6)])], kw(vec![("strict", Value::Bool(true))]), "ValueError: zip() argument 3 is longer than arguments 1-2"),
            (Builtin::Zip, vec![list(vec![i(1), i(2)]), list(vec![i(3), i(4)])], kw(vec![("strict", Value::Bool(true))]), "[(1, 3), (2, 4)]"),
            (Builtin::Isinstance, vec![i(1)], kw(vec![]), "TypeError: isinstance expected 2 arguments, got 1"),
            (Builtin::Isinstance, vec![i(1), i(5)], kw(vec![]), "TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union"),
            (Builtin::Isinstance, vec![i(1), tuple(vec![Value::Class(Class::Builtin(BuiltinType::Int)), i(5)])], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![i(1), tuple(vec![Value::Class(Class::Builtin(BuiltinType::Str)), Value::Class(Class::Builtin(BuiltinType::Int))])], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![Value::Bool(true), Value::Class(Class::Builtin(BuiltinType::Int))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![i(1), Value::Class(Class::Builtin(BuiltinType::Bool))], kw(vec![]), "False"),
            (Builtin::Isinstance, vec![f(1.0), Value::Class(Class::Builtin(BuiltinType::Int))], kw(vec![]), "False"),
            (Builtin::Isinstance, vec![s("a"), tuple(vec![Value::Class(Class::Builtin(BuiltinType::List)), tuple(vec![Value::Class(Class::Builtin(BuiltinType::Tuple)), Value::Class(Class::Builtin(BuiltinType::Str))])])], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![Value::None, Value::Class(Class::Builtin(BuiltinType::NoneType))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![list(vec![]), Value::Class(Class::Builtin(BuiltinType::Object))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![exc(ExcKind::ValueError, vec![s("x")]), Value::Class(Class::Exception(ExcKind::Exception))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![exc(ExcKind::KeyError, vec![s("x")]), Value::Class(Class::Exception(ExcKind::LookupError))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![exc(ExcKind::KeyError, vec![s("x")]), Value::Class(Class::Exception(ExcKind::ValueError))], kw(vec![]), "False"),
            (Builtin::Isinstance, vec![exc(ExcKind::TimeoutError, vec![]), Value::Class(Class::Exception(ExcKind::OSError))], kw(vec![]), "True"),
            (Builtin::Isinstance, vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: isinstance expected 2 arguments, got 3"),
            (Builtin::Repr, vec![], kw(vec![]), "TypeError: repr() takes exactly one argument (0 given)"),
            (Builtin::Repr, vec![i(1), i(2)], kw(vec![]), "TypeError: repr() takes exactly one argument (2 given)"),
            (Builtin::Repr, vec![s("a")], kw(vec![]), "\"'a'\""),
            (Builtin::Repr, vec![list(vec![f(1.5), Value::None])], kw(vec![]), "'[1.5, None]'"),
            (Builtin::Any, vec![i(1)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Any, vec![list(vec![])], kw(vec![]), "False"),
            (Builtin::Any, vec![list(vec![i(0), s(""), i(3)])], kw(vec![]), "True"),
            (Builtin::All, vec![list(vec![])], kw(vec![]), "True"),
            (Builtin::All, vec![list(vec![i(1), i(0)])], kw(vec![]), "False"),
            (Builtin::All, vec![s("abc")], kw(vec![]), "True"),
            (Builtin::Any, vec![], kw(vec![]), "TypeError: any() takes exactly one argument (0 given)"),
            (Builtin::Iter, vec![i(5)], kw(vec![]), "TypeError: 'int' object is not iterable"),
            (Builtin::Iter, vec![], kw(vec![]), "TypeError: iter expected at least 1 argument, got 0"),
            (Builtin::Iter, vec![list(vec![i(1), i(2)])], kw(vec![]), "[1, 2]"),
            (Builtin::Iter, vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: iter expected at most 2 arguments, got 3"),
            (Builtin::Next, vec![list(vec![i(1)])], kw(vec![]), "TypeError: 'list' object is not an iterator"),
            (Builtin::Next, vec![], kw(vec![]), "TypeError: next expected at least 1 argument, got 0"),
            (Builtin::Next, vec![iter_of(vec![i(1)]), i(2), i(3)], kw(vec![]), "TypeError: next expected at most 2 arguments, got 3"),
            (Builtin::Next, vec![iter_of(vec![])], kw(vec![]), "StopIteration"),
            (Builtin::Next, vec![iter_of(vec![]), i(9)], kw(vec![]), "9"),
            (Builtin::Next, vec![iter_of(vec![i(7), i(8)])], kw(vec![]), "7"),
            (Builtin::Divmod, vec![i(1)], kw(vec![]), "TypeError: divmod expected 2 arguments, got 1"),
            (Builtin::Divmod, vec![i(1), i(2), i(3)], kw(vec![]), "TypeError: divmod expected 2 arguments, got 3"),
            (Builtin::Divmod, vec![i(-7), i(2)], kw(vec![]), "(-4, 1)"),
            (Builtin::Divmod, vec![f(-7.5), i(2)], kw(vec![]), "(-4.0, 0.5)"),
            (Builtin::Divmod, vec![i(7), f(-2.0)], kw(vec![]), "(-4.0, -1.0)"),
            (Builtin::Divmod, vec![s("a"), i(1)], kw(vec![]), "TypeError: unsupported operand type(s) for divmod(): 'str' and 'int'"),
            (Builtin::Divmod, vec![i(1), i(0)], kw(vec![]), "ZeroDivisionError: integer division or modulo by zero"),
            (Builtin::Divmod, vec![f(1.0), i(0)], kw(vec![]), "ZeroDivisionError: float divmod()"),
            (Builtin::Divmod, vec![Value::Bool(true), i(2)], kw(vec![]), "(0, 1)"),
            (Builtin::Pow, vec![i(1)], kw(vec![]), "TypeError: pow() missing required argument 'exp' (pos 2)"),
            (Builtin::Pow, vec![i(2), i(3), i(4), i(5)], kw(vec![]), "TypeError: pow() takes at most 3 arguments (4 given)"),
            (Builtin::Pow, vec![i(2), i(10), i(1000)], kw(vec![]), "24"),
            (Builtin::Pow, vec![i(2), i(-1), i(7)], kw(vec![]), "4"),
            (Builtin::Pow, vec![i(2), i(-1), i(4)], kw(vec![]), "ValueError: base is not invertible for the given modulus"),
            (Builtin::Pow, vec![i(2), i(3), i(0)], kw(vec![]), "ValueError: pow() 3rd argument cannot be 0"),
            (Builtin::Pow, vec![f(2.0), i(3), i(5)], kw(vec![]), "TypeError: pow() 3rd argument not allowed unless all arguments are integers"),
            (Builtin::Pow, vec![], kw(vec![("base", i(2)), ("exp", i(3))]), "8"),
            (Builtin::Pow, vec![i(2)], kw(vec![("exp", i(3)), ("mod", i(5))]), "3"),
            (Builtin::Pow, vec![i(2), f(0.5)], kw(vec![]), "1.4142135623730951"),
            (Builtin::Pow, vec![i(-2), i(3), i(-5)], kw(vec![]), "-3"),
            (Builtin::Pow, vec![i(2), i(3), Value::None], kw(vec![]), "8"),
            (Builtin::Type, vec![i(1), i(2)], kw(vec![]), "TypeError: type() takes 1 or 3 arguments"),
            (Builtin::Type, vec![], kw(vec![]), "TypeError: type() takes 1 or 3 arguments"),
            (Builtin::Hash, vec![], kw(vec![]), "TypeError: hash() takes exactly one argument (0 given)"),
            (Builtin::Hash, vec![i(1), i(2)], kw(vec![]), "TypeError: hash() takes exactly one argument (2 given)"),
            (Builtin::Hash, vec![list(vec![i(1)])], kw(vec![]), "TypeError: unhashable type: 'list'"),
            (Builtin::Hash, vec![tuple(vec![i(1), i(2)])], kw(vec![]), "-3550055125485641917"),
            (Builtin::Hash, vec![f(1.5)], kw(vec![]), "1152921504606846977"),
            (Builtin::Hash, vec![i(-1)], kw(vec![]), "-2"),
            (Builtin::Hash, vec![Value::Bool(true)], kw(vec![]), "1"),
        ];
        for (b, args, kwargs, want) in cases {
            let label = format!("{}{args:?}", builtin_name(b));
            assert_eq!(run(b, args, kwargs), want, "{label}");
        }
    }

    #[test]
    fn names() {
        assert!(matches!(
            lookup_builtin("len"),
            Some(Value::Builtin(Builtin::Len))
        ));
        assert!(matches!(
            lookup_builtin("int"),
            Some(Value::Class(Class::Builtin(BuiltinType::Int)))
        ));
        assert!(matches!(
            lookup_builtin("TimeoutError"),
            Some(Value::Class(Class::Exception(ExcKind::TimeoutError)))
        ));
        assert!(matches!(
            lookup_builtin("print"),
            Some(Value::Builtin(Builtin::Print))
        ));
        assert!(lookup_builtin("CancelledError").is_none());
        assert!(lookup_builtin("QueueEmpty").is_none());
        assert!(lookup_builtin("sleep").is_none());
        assert_eq!(builtin_name(Builtin::TimeSleep), "sleep");
        let print = call_builtin(Builtin::Print, vec![], vec![], &mut NoInterp);
        assert_eq!(
            show(print),
            "RuntimeError: internal: not a pure builtin: print"
        );
        assert_eq!(show(type_of(&i(1))), "<class 'int'>");
        assert_eq!(
            show(type_of(&exc(ExcKind::KeyError, vec![]))),
            "<class 'KeyError'>"
        );
        assert_eq!(
            show(call_class(
                &Class::Exception(ExcKind::ValueError),
                vec![s("x")],
                vec![],
                &mut NoInterp
            )),
            "ValueError('x')"
        );
        assert_eq!(
            show(call_class(
                &Class::Exception(ExcKind::ValueError),
                vec![],
                kw(vec![("x", i(1))]),
                &mut NoInterp
            )),
            "TypeError: ValueError() takes no keyword arguments"
        );
        assert_eq!(
            show(call_class(
                &Class::Builtin(BuiltinType::NoneType),
                vec![],
                vec![],
                &mut NoInterp
            )),
            "None"
        );
        assert_eq!(
            show(call_class(
                &Class::Builtin(BuiltinType::NoneType),
                vec![i(1)],
                vec![],
                &mut NoInterp
            )),
            "TypeError: NoneType takes no arguments"
        );
    }
}
