//! The signatures of the natives a scenario can call (`cpu`, `time.sleep`,
//! `asyncio.create_task`, the methods of futures, tasks, handles and loops), checked
//! before the native runs, with the messages CPython 3.11 gives when the helper
//! module is loaded: a function asyncio or the helper writes in Python binds its
//! arguments as a Python function does (`cpu() takes 1 positional argument but 2
//! were given`), a method of the C `_asyncio` module as its `METH_NOARGS`, `METH_O`
//! or argument clinic parser does (`Future.done() takes no arguments (1 given)`).
//! Only the errors are made here; the natives read their arguments themselves.

use std::rc::Rc;

use super::exceptions::{PyErr, PyResult};
use super::object::unexpected_keyword;
use super::value::{Builtin, Value};
use super::vm::{missing_error, too_many_positional};

/// A function written in Python: its qualified name, its positional parameters
/// (`self` first for a method, counted as CPython counts it), how many of the last
/// have defaults, whether it takes `*args`, and its keyword-only parameters (all
/// with defaults).
pub(crate) struct PySig {
    pub qualname: &'static str,
    pub positional: &'static [&'static str],
    pub defaults: usize,
    pub vararg: bool,
    pub kwonly: &'static [&'static str],
}

impl PySig {
    /// The errors of `bind_arguments` (`vm::call`), in its order: the keywords (one
    /// given twice, an unknown one), too many positional arguments, then missing
    /// ones. `nargs` counts the receiver of a method.
    pub(crate) fn check(&self, nargs: usize, kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
        let npos = self.positional.len();
        if kwargs.is_empty() && nargs + self.defaults >= npos && (nargs <= npos || self.vararg) {
            return Ok(());
        }
        // Which positional parameters are given (the natives have a few).
        let mut filled: u64 = (1u64 << nargs.min(npos)) - 1;
        let mut kwonly_given = 0;
        for (name, _) in kwargs {
            if let Some(i) = self.positional.iter().position(|p| *p == &**name) {
                if filled & (1 << i) != 0 {
                    return Err(PyErr::type_error(format!(
                        "{}() got multiple values for argument '{name}'",
                        self.qualname
                    )));
                }
                filled |= 1 << i;
            } else if self.kwonly.contains(&&**name) {
                kwonly_given += 1;
            } else {
                return Err(unexpected_keyword(self.qualname, name));
            }
        }
        let required = npos - self.defaults;
        let all_required = (1u64 << required) - 1;
        if (nargs <= npos || self.vararg) && filled & all_required == all_required {
            return Ok(());
        }
        if nargs > npos && !self.vararg {
            return Err(too_many_positional(
                self.qualname,
                npos,
                self.defaults,
                nargs,
                kwonly_given,
            ));
        }
        let missing: Vec<Rc<str>> = (0..required)
            .filter(|&i| filled & (1 << i) == 0)
            .map(|i| Rc::from(self.positional[i]))
            .collect();
        if !missing.is_empty() {
            return Err(missing_error(self.qualname, "positional", &missing));
        }
        Ok(())
    }

    /// After [`PySig::check`]: the keywords that name positional parameters moved
    /// into `args`, in their places (a gap left by a default is `None`, the default
    /// of every native's optional parameter); the keyword-only ones stay keywords.
    pub(crate) fn positional_keywords(
        &self,
        mut args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> (Vec<Value>, Vec<(Rc<str>, Value)>) {
        if !kwargs
            .iter()
            .any(|(name, _)| self.positional.contains(&&**name))
        {
            return (args, kwargs);
        }
        // A method's `args` leave out its receiver.
        let skip = usize::from(self.positional.first() == Some(&"self"));
        let mut rest = Vec::new();
        for (name, v) in kwargs {
            match self.positional.iter().position(|p| *p == &*name) {
                Some(i) => {
                    let i = i - skip;
                    if args.len() <= i {
                        args.resize(i + 1, Value::None);
                    }
                    args[i] = v;
                }
                None => rest.push((name, v)),
            }
        }
        (args, rest)
    }
}

/// A C method that takes no arguments (`METH_NOARGS`): `Future.done() takes no
/// keyword arguments`, then `… takes no arguments (1 given)`.
pub(crate) fn no_args(qualname: &str, nargs: usize, kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
    c_method_args(qualname, false, nargs, kwargs)
}

/// A C method of no argument (`METH_NOARGS`) or of `one` (`METH_O`): keywords are
/// refused first, then the count (`… takes exactly one argument (0 given)`).
fn c_method_args(
    qualname: &str,
    one: bool,
    nargs: usize,
    kwargs: &[(Rc<str>, Value)],
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(PyErr::type_error(format!(
            "{qualname}() takes no keyword arguments"
        )));
    }
    if nargs != usize::from(one) {
        let takes = if one {
            "exactly one argument"
        } else {
            "no arguments"
        };
        return Err(PyErr::type_error(format!(
            "{qualname}() takes {takes} ({nargs} given)"
        )));
    }
    Ok(())
}

/// `Future.cancel(msg=None)`, as the argument clinic parses it: the count (keywords
/// included), `msg` given twice, then an unknown keyword.
pub(crate) fn cancel(nargs: usize, kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
    let given = nargs + kwargs.len();
    if given > 1 {
        let keyword = if nargs == 0 { "keyword " } else { "" };
        return Err(PyErr::type_error(format!(
            "cancel() takes at most 1 {keyword}argument ({given} given)"
        )));
    }
    match kwargs.first() {
        Some((name, _)) if &**name != "msg" => Err(PyErr::type_error(format!(
            "'{name}' is an invalid keyword argument for cancel()"
        ))),
        _ => Ok(()),
    }
}

/// `Future.add_done_callback(fn, /, *, context=None)`, as the argument clinic parses
/// it: the count (keywords included), the positional one, then the keywords' names.
pub(crate) fn add_done_callback(nargs: usize, kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
    let given = nargs + kwargs.len();
    if given > 2 {
        let keyword = if nargs == 0 { "keyword " } else { "" };
        return Err(PyErr::type_error(format!(
            "add_done_callback() takes at most 2 {keyword}arguments ({given} given)"
        )));
    }
    if nargs != 1 {
        return Err(PyErr::type_error(format!(
            "add_done_callback() takes exactly 1 positional argument ({nargs} given)"
        )));
    }
    match kwargs.iter().find(|(name, _)| &**name != "context") {
        Some((name, _)) => Err(PyErr::type_error(format!(
            "'{name}' is an invalid keyword argument for add_done_callback()"
        ))),
        None => Ok(()),
    }
}

/// A native's signature: Python's or a C `METH_NOARGS` one.
pub(crate) enum Sig {
    Py(PySig),
    NoArgs(&'static str),
}

impl Sig {
    pub(crate) fn check(&self, nargs: usize, kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
        match self {
            Sig::Py(sig) => sig.check(nargs, kwargs),
            Sig::NoArgs(qualname) => no_args(qualname, nargs, kwargs),
        }
    }
}

const fn py(qualname: &'static str, positional: &'static [&'static str]) -> PySig {
    PySig {
        qualname,
        positional,
        defaults: 0,
        vararg: false,
        kwonly: &[],
    }
}

/// How many positional arguments a native of [`of_builtin`] takes, at least and at
/// most, without making its signature: what a call without keywords checks first.
#[inline]
pub(crate) fn builtin_arity(b: Builtin) -> Option<(usize, usize)> {
    use Builtin as B;
    Some(match b {
        B::Cpu | B::TimeSleep | B::SetEventLoop | B::IsCoroutine | B::IsFuture => (1, 1),
        B::EnsureFuture | B::CreateTask => (1, 1),
        B::TimeTime | B::TimeMonotonic | B::GetRunningLoop | B::GetEventLoop => (0, 0),
        B::NewEventLoop => (0, 0),
        B::CurrentTask | B::AllTasks => (0, 1),
        _ => return None,
    })
}

/// The signature of a native a scenario can call by name, as CPython with the
/// helper module has it; `None` for `print` and the builtins `object` checks, and
/// for the prelude's private natives.
pub(crate) fn of_builtin(b: Builtin) -> Option<Sig> {
    use Builtin as B;
    Some(match b {
        B::Cpu => Sig::Py(py("cpu", &["seconds"])),
        // The helper module's `time.sleep`, named `sleep`, and its clock.
        B::TimeSleep => Sig::Py(py("sleep", &["seconds"])),
        B::TimeTime | B::TimeMonotonic => Sig::Py(py("_now_seconds", &[])),
        B::GetRunningLoop => Sig::NoArgs("_asyncio.get_running_loop"),
        B::GetEventLoop => Sig::NoArgs("_asyncio.get_event_loop"),
        B::NewEventLoop => Sig::Py(py("new_event_loop", &[])),
        B::SetEventLoop => Sig::Py(py("set_event_loop", &["loop"])),
        B::CurrentTask => Sig::Py(PySig {
            defaults: 1,
            ..py("current_task", &["loop"])
        }),
        B::AllTasks => Sig::Py(PySig {
            defaults: 1,
            ..py("all_tasks", &["loop"])
        }),
        B::IsCoroutine => Sig::Py(py("iscoroutine", &["obj"])),
        B::IsFuture => Sig::Py(py("isfuture", &["obj"])),
        B::EnsureFuture => Sig::Py(PySig {
            kwonly: &["loop"],
            ..py("ensure_future", &["coro_or_future"])
        }),
        B::CreateTask => Sig::Py(PySig {
            kwonly: &["name", "context"],
            ..py("create_task", &["coro"])
        }),
        _ => return None,
    })
}

/// The signature of an event loop's method: `time`, `call_later`, `call_at` and
/// `create_task` are the helper's `VirtualTimeLoop`'s own (when the scenario imports
/// it), the rest `BaseEventLoop`'s. `context=` of the `call_*` methods is left out, as
/// the scenario language leaves it out.
pub(crate) fn of_loop_method(name: &str, helper: bool) -> Option<PySig> {
    const SELF: &[&str] = &["self"];
    let own =
        |virtual_time: &'static str, base: &'static str| if helper { virtual_time } else { base };
    Some(match name {
        "time" => py(own("VirtualTimeLoop.time", "BaseEventLoop.time"), SELF),
        "call_soon" => PySig {
            vararg: true,
            ..py("BaseEventLoop.call_soon", &["self", "callback"])
        },
        "call_later" => PySig {
            vararg: true,
            ..py(
                own("VirtualTimeLoop.call_later", "BaseEventLoop.call_later"),
                &["self", "delay", "callback"],
            )
        },
        "call_at" => PySig {
            vararg: true,
            ..py(
                own("VirtualTimeLoop.call_at", "BaseEventLoop.call_at"),
                &["self", "when", "callback"],
            )
        },
        "create_future" => py("BaseEventLoop.create_future", SELF),
        "create_task" => PySig {
            kwonly: &["name", "context"],
            ..py(
                own("VirtualTimeLoop.create_task", "BaseEventLoop.create_task"),
                &["self", "coro"],
            )
        },
        "run_forever" => py("BaseEventLoop.run_forever", SELF),
        "run_until_complete" => py("BaseEventLoop.run_until_complete", &["self", "future"]),
        "stop" => py("BaseEventLoop.stop", SELF),
        "close" => py("BaseEventLoop.close", SELF),
        "is_running" => py("BaseEventLoop.is_running", SELF),
        "is_closed" => py("BaseEventLoop.is_closed", SELF),
        "get_debug" => py("BaseEventLoop.get_debug", SELF),
        "set_debug" => py("BaseEventLoop.set_debug", &["self", "enabled"]),
        "call_exception_handler" => {
            py("BaseEventLoop.call_exception_handler", &["self", "context"])
        }
        _ => return None,
    })
}

/// The signature of a handle's method: `cancel` is `TimerHandle`'s own, `cancelled`
/// only `Handle`'s.
pub(crate) fn of_handle_method(name: &str, timer: bool) -> PySig {
    const SELF: &[&str] = &["self"];
    match name {
        "cancel" if timer => py("TimerHandle.cancel", SELF),
        "cancel" => py("Handle.cancel", SELF),
        "when" => py("TimerHandle.when", SELF),
        _ => py("Handle.cancelled", SELF),
    }
}

/// Checks a call of a future's or task's method (C `_asyncio`): `Task.done()` names
/// the task's type, `Future.get_loop()` the type that defines it.
pub(crate) fn check_future_method(
    name: &str,
    nargs: usize,
    kwargs: &[(Rc<str>, Value)],
    task: impl FnOnce() -> bool,
) -> PyResult<()> {
    let one = match name {
        "cancel" => return cancel(nargs, kwargs),
        "add_done_callback" => return add_done_callback(nargs, kwargs),
        "set_result" | "set_exception" | "remove_done_callback" | "set_name" => true,
        _ => false,
    };
    // The prelude's calls, every time: no message to make.
    if kwargs.is_empty() && nargs == usize::from(one) {
        return Ok(());
    }
    future_method_error(name, task(), one, nargs, kwargs)
}

#[cold]
fn future_method_error(
    name: &str,
    task: bool,
    one: bool,
    nargs: usize,
    kwargs: &[(Rc<str>, Value)],
) -> PyResult<()> {
    let owner = if task && name != "get_loop" {
        "Task"
    } else {
        "Future"
    };
    let qualname = format!("{owner}.{name}");
    c_method_args(&qualname, one, nargs, kwargs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_arity_is_the_signatures() {
        use Builtin as B;
        let natives = [
            B::Cpu,
            B::TimeSleep,
            B::TimeTime,
            B::TimeMonotonic,
            B::GetRunningLoop,
            B::GetEventLoop,
            B::NewEventLoop,
            B::SetEventLoop,
            B::CurrentTask,
            B::AllTasks,
            B::IsCoroutine,
            B::IsFuture,
            B::EnsureFuture,
            B::CreateTask,
            B::Print,
            B::Len,
        ];
        for b in natives {
            let arity = builtin_arity(b);
            match of_builtin(b) {
                Some(Sig::Py(sig)) => {
                    let npos = sig.positional.len();
                    assert_eq!(arity, Some((npos - sig.defaults, npos)), "{b:?}");
                    assert!(!sig.vararg);
                }
                Some(Sig::NoArgs(_)) => assert_eq!(arity, Some((0, 0)), "{b:?}"),
                None => assert_eq!(arity, None, "{b:?}"),
            }
            for n in 0..4 {
                let fits = arity.is_some_and(|(min, max)| (min..=max).contains(&n));
                let checked = of_builtin(b).map(|sig| sig.check(n, &[]).is_ok());
                assert_eq!(checked.unwrap_or(false), fits, "{b:?} with {n}");
            }
        }
    }

    #[test]
    fn python_signatures_report_as_cpython_binds() {
        let sig = of_loop_method("call_later", true).expect("a loop method");
        let kw = |names: &[&str]| -> Vec<(Rc<str>, Value)> {
            names.iter().map(|n| (Rc::from(*n), Value::None)).collect()
        };
        let message = |r: PyResult<()>| {
            r.err().map(|e| match &e.0.args[..] {
                [Value::Str(m)] => m.to_string(),
                _ => String::new(),
            })
        };
        assert_eq!(message(sig.check(3, &[])), None);
        assert_eq!(message(sig.check(9, &[])), None);
        assert!(message(sig.check(1, &[])).is_some_and(
            |m| m.contains("missing 2 required positional arguments: 'delay' and 'callback'")
        ));
        assert!(message(sig.check(2, &kw(&["delay"])))
            .is_some_and(|m| m.contains("got multiple values for argument 'delay'")));
        assert_eq!(message(sig.check(2, &kw(&["callback"]))), None);
        let (args, rest) = sig.positional_keywords(vec![Value::Int(1)], kw(&["callback"]));
        assert_eq!((args.len(), rest.len()), (2, 0));
    }
}
