//! What scenarios cannot use, refused by the compiler before the run (spec §5) with
//! the line, the name and what scenarios use instead. Without this, `map(…)` or
//! `asyncio.timeout(…)` would fail at run time with a NameError or an
//! AttributeError that real Python never raises.
//!
//! - `asyncio.…`, `time.…` and `awaitscope.…`: every name the simulator's module
//!   lacks (it is the one place that knows them: `sim::vm::attrs::module_has`).
//! - Python's builtin functions that the simulator lacks (`map`, `set`, `open` …),
//!   from a list, and exception classes it lacks, by their names (`ConnectionError`:
//!   capitalised, with an exception's ending). Scenarios cannot define classes, so an
//!   unassigned `SomethingError` is a builtin's or a misspelling of one: either way
//!   the message lists the exceptions scenarios have.
//! - Methods that real Python's loop, str, int, float, Task and exceptions have and
//!   the simulator's do not, from lists.
//!
//! Any other global name that is never assigned (a typo) still fails at run time
//! with CPython's NameError, and so does an attribute no object has. `tests/outside_subset.rs`
//! checks against python3 that every real name either works or is refused; the
//! tests here, that every listed name is real.

use crate::sim::value::ModuleKind;
use crate::sim::vm::attrs::module_has;

/// Builtins that are not exception classes (with the two builtin constants).
const FUNCTIONS: &str = "\
    Ellipsis NotImplemented aiter anext ascii bin breakpoint bytearray bytes callable chr \
    classmethod compile complex copyright credits delattr dir eval exec exit filter format \
    frozenset getattr globals hasattr help hex input issubclass license locals map \
    memoryview oct open ord property quit set setattr slice staticmethod super vars";

/// How the names of Python's exception classes end (`GeneratorExit`,
/// `KeyboardInterrupt`, `StopAsyncIteration` too).
const EXCEPTION_ENDINGS: [&str; 6] = [
    "Error",
    "Warning",
    "Exception",
    "Group",
    "Exit",
    "Iteration",
];

/// The event loop's methods (`asyncio.get_running_loop().…`).
const LOOP_METHODS: &str = "\
    add_reader add_signal_handler add_writer call_soon_threadsafe connect_accepted_socket \
    connect_read_pipe connect_write_pipe create_connection create_datagram_endpoint \
    create_server create_unix_connection create_unix_server default_exception_handler \
    get_exception_handler get_task_factory getaddrinfo getnameinfo remove_reader \
    remove_signal_handler remove_writer run_in_executor sendfile set_default_executor \
    set_exception_handler set_task_factory shutdown_asyncgens shutdown_default_executor \
    slow_callback_duration sock_accept sock_connect sock_recv sock_recv_into sock_recvfrom \
    sock_recvfrom_into sock_sendall sock_sendfile sock_sendto start_tls subprocess_exec \
    subprocess_shell";

/// Methods of the other objects, by their owner. (`range.count` and `range.index`
/// are missing too, but lists have them, and a name alone cannot tell the two apart.)
const METHODS: [(&str, &str); 5] = [
    (
        "str",
        "encode expandtabs format_map isascii isidentifier isprintable maketrans translate",
    ),
    ("int", "as_integer_ratio bit_count from_bytes to_bytes"),
    ("float", "fromhex hex"),
    ("Task", "get_stack print_stack"),
    ("BaseException", "add_note"),
];

const THREADS: &str =
    "a scenario runs on one thread, with a Device for I/O and cpu() for computing";

fn listed(table: &str, name: &str) -> bool {
    table.split(' ').any(|n| n == name)
}

/// Why a global name that the scenario never assigns is refused: a builtin function
/// or an exception class that Python has and the simulator does not.
pub(super) fn builtin(name: &str) -> Option<String> {
    if crate::sim::object::lookup_builtin(name).is_some() {
        return None;
    }
    let capitalised = name.starts_with(|c: char| c.is_ascii_uppercase());
    if capitalised && EXCEPTION_ENDINGS.iter().any(|e| name.ends_with(e)) {
        return Some(format!(
            "'{name}' is not supported: scenarios raise and catch Exception, RuntimeError, \
             ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, TimeoutError \
             and asyncio's exceptions"
        ));
    }
    if !listed(FUNCTIONS, name) {
        return None;
    }
    let instead = match name {
        "map" | "filter" => "use a list comprehension",
        "set" | "frozenset" => "use a list or a dict",
        _ => {
            "scenarios use print, len, range, str, int, float, abs, min, max, sum, round, \
             sorted, enumerate, zip, isinstance and a few more"
        }
    };
    Some(format!("'{name}' is not supported: {instead}"))
}

/// Why `module.name` (or `from module import name`) is refused: the simulator's
/// module has no such name.
pub(super) fn module_attribute(module: ModuleKind, name: &str) -> Option<String> {
    if module_has(module, name) {
        return None;
    }
    let module_name = module.name();
    // asyncio's own names that the simulator lacks, with what to use instead.
    let instead = match (module, name) {
        (ModuleKind::Asyncio, "timeout" | "timeout_at" | "Timeout") => {
            Some("for a time limit, use asyncio.wait_for")
        }
        (ModuleKind::Asyncio, "TaskGroup") => Some("use asyncio.gather or asyncio.create_task"),
        (ModuleKind::Asyncio, "Future") => Some("make one with loop.create_future()"),
        (ModuleKind::Asyncio, "Task") => Some("make one with asyncio.create_task()"),
        (ModuleKind::Asyncio, "to_thread" | "run_coroutine_threadsafe") => Some(THREADS),
        _ => None,
    };
    if let Some(instead) = instead {
        return Some(format!(
            "'{module_name}.{name}' is not supported: {instead}"
        ));
    }
    let supported = match module {
        ModuleKind::Asyncio => {
            "scenarios use asyncio's run, sleep, create_task, gather, wait_for, wait, \
             as_completed, shield, Queue, Lock, Semaphore, Event and get_running_loop"
        }
        ModuleKind::Time => {
            "scenarios use time.sleep, time.time, time.perf_counter and time.monotonic"
        }
        ModuleKind::Awaitscope => "the helper module offers Device and cpu",
    };
    // A misspelt name of the module's (`asyncio.sleeep`): CPython's own suggestion.
    let names = crate::sim::vm::module_names(module);
    let names: Vec<&str> = names.iter().map(|n| &**n).collect();
    Some(match crate::sim::suggest::closest(name, &names) {
        Some(meant) => format!(
            "module '{module_name}' has no attribute '{name}'. Did you mean: '{meant}'? ({supported})"
        ),
        None => format!("'{module_name}.{name}' is not supported: {supported}"),
    })
}

/// Why `value.name` is refused, if `name` is a method that the subset's objects have
/// in Python and none of them has here.
pub(super) fn method(name: &str) -> Option<String> {
    // Python's own attributes: only these few are the simulator's. (A misspelt one
    // is refused too, where CPython raises AttributeError; the message says which
    // there are.)
    const DUNDERS: &str = "__name__ __qualname__ __class__ __cause__ __context__";
    if name.len() > 4 && name.starts_with("__") && name.ends_with("__") && !listed(DUNDERS, name) {
        return Some(format!(
            "'{name}' is not supported: of Python's double-underscore attributes, scenarios \
             use __name__, __qualname__, __class__, __cause__ and __context__"
        ));
    }
    if listed(LOOP_METHODS, name) {
        let instead = match name {
            "run_in_executor" | "call_soon_threadsafe" | "set_default_executor" => THREADS,
            _ => {
                "scenarios use the loop's call_soon, call_later, call_at, time, create_task, \
                 create_future, run_forever, run_until_complete and stop"
            }
        };
        return Some(format!(
            "the event loop's '{name}' is not supported: {instead}"
        ));
    }
    let (owner, _) = METHODS.iter().find(|(_, names)| listed(names, name))?;
    Some(format!(
        "'{owner}.{name}' is not supported: the scenario language lists the methods scenarios use"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_python_names_are_listed_here() {
        // Each table, as python3 sees it: a name Python lacks would turn a typo's
        // NameError into a wrong "not supported".
        let methods = METHODS
            .iter()
            .map(|(owner, names)| format!("({owner:?}, {names:?})"))
            .collect::<Vec<_>>()
            .join(", ");
        let check = format!(
            r#"
import asyncio, builtins
loop = asyncio.new_event_loop()
owners = {{"str": str, "int": int, "float": float, "Task": asyncio.Task, "BaseException": BaseException}}
tables = [(builtins, {FUNCTIONS:?}), (loop, {LOOP_METHODS:?})]
tables += [(owners[o], names) for o, names in [{methods}]]
missing = [n for obj, names in tables for n in names.split() if not hasattr(obj, n)]
print(" ".join(missing))
"#
        );
        assert_eq!(super::super::python3(&check, &[]), "", "not in Python 3.11");
    }

    #[test]
    fn each_refusal_says_what_scenarios_use() {
        assert_eq!(
            builtin("map").as_deref(),
            Some("'map' is not supported: use a list comprehension")
        );
        assert!(builtin("ConnectionError").is_some_and(|m| m.contains("TimeoutError")));
        assert!(builtin("pritn").is_none());
        assert!(builtin("print").is_none());
        assert!(builtin("ValueError").is_none());
        assert!(builtin("ValeuError").is_some_and(|m| m.contains("ValueError")));
        // A variable, not a class: a typo of it is CPython's NameError at run time.
        assert!(builtin("lastError").is_none());
        let asyncio = |name| module_attribute(ModuleKind::Asyncio, name);
        assert!(asyncio("timeout").is_some_and(|m| m.contains("wait_for")));
        assert!(asyncio("gather").is_none());
        assert!(asyncio("Queue").is_none());
        assert!(asyncio("CancelledError").is_none());
        assert!(asyncio("_GatheringFuture").is_some());
        assert!(module_attribute(ModuleKind::Time, "strftime").is_some());
        assert!(module_attribute(ModuleKind::Time, "sleep").is_none());
        assert!(module_attribute(ModuleKind::Awaitscope, "Device").is_none());
        assert!(method("run_in_executor").is_some_and(|m| m.contains("one thread")));
        assert!(method("encode").is_some_and(|m| m.starts_with("'str.encode'")));
        assert!(method("append").is_none());
        assert!(method("__doc__").is_some_and(|m| m.contains("__qualname__")));
        assert!(method("__name__").is_none());
        assert!(method("__").is_none());
    }
}
