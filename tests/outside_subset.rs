//! Every name real Python 3.11 offers a scenario either works in the simulator or is
//! refused before the run (spec §5), never a run-time NameError or AttributeError
//! that CPython would not raise. The real names come from python3 itself: the
//! builtins, `asyncio` and `time`, and the attributes of each kind of object a
//! scenario can hold. (That every refused name is real is checked in
//! `src/compile/outside.rs`.)

use std::process::Command;

use awaitscope::trace::{Mode, Outcome};
use awaitscope::Limits;

/// Expressions making one object of each kind a scenario can hold, inside `main`.
const OBJECTS: &[&str] = &[
    "'ab'",
    "[1]",
    "{1: 2}",
    "(1,)",
    "1",
    "1.5",
    "True",
    "range(2)",
    "ValueError('x')",
    "asyncio.current_task()",
    "asyncio.get_running_loop().create_future()",
    "asyncio.get_running_loop()",
    "asyncio.get_running_loop().call_soon(print)",
    "asyncio.get_running_loop().call_later(1, print)",
    "asyncio.Queue()",
    "asyncio.Lock()",
    "asyncio.Semaphore()",
    "asyncio.BoundedSemaphore()",
    "asyncio.Event()",
];

/// `(object expression, attribute)` for every public attribute python3 finds, then
/// `(module, name)` for the builtins, `asyncio` and `time`.
fn real_names() -> Vec<(String, String)> {
    let list = r#"
import asyncio, builtins, time
async def main():
    for expr in OBJECTS:
        for name in dir(eval(expr)):
            if not name.startswith("_"):
                print(expr, name, sep="\t")
asyncio.run(main())
for module in (builtins, asyncio, time):
    for name in dir(module):
        if not name.startswith("_"):
            print(module.__name__, name, sep="\t")
"#
    .replace("OBJECTS", &format!("{OBJECTS:?}"));
    let out = Command::new("python3")
        .args(["-c", &list])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        // The handles' `print` callbacks print empty lines as the loop runs them.
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (owner, name) = l.split_once('\t').expect("a tab");
            (owner.to_string(), name.to_string())
        })
        .collect()
}

/// A scenario that uses `name` of `owner`.
fn program(owner: &str, name: &str) -> String {
    let body = match owner {
        "builtins" => format!("    {name}"),
        "asyncio" | "time" => format!("    {owner}.{name}"),
        _ => format!("    o = {owner}\n    o.{name}"),
    };
    format!(
        "import asyncio, time\nasync def main():\n{body}\n    print('ok')\nasyncio.run(main())\n"
    )
}

#[test]
fn every_real_name_works_or_is_refused_before_the_run() {
    let names = real_names();
    assert!(
        names.len() > 500,
        "python3 listed only {} names",
        names.len()
    );
    let mut wrong = Vec::new();
    for (owner, name) in &names {
        let source = program(owner, name);
        match awaitscope::run(&source, Mode::Async, &Limits::default()) {
            Err(diagnostics) => {
                let refused = diagnostics.iter().any(|d| {
                    d.line >= 3 && d.message.contains(&format!("'{name}'"))
                        || d.message.contains(&format!(".{name}'"))
                });
                if !refused {
                    wrong.push(format!("{owner} {name}: {diagnostics:?}"));
                }
            }
            Ok(trace) => {
                if let Outcome::Exception { error, .. } = &trace.outcome {
                    if error.starts_with("NameError") || error.starts_with("AttributeError") {
                        wrong.push(format!("{owner} {name}: {error}"));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "real Python names that fail at run time instead of being refused before it:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_refusal_names_the_line_the_name_and_what_to_use() {
    let cases = [
        ("xs = list(map(str, [1, 2]))\n", 1, 11, "'map' is not supported: use a list comprehension"),
        (
            "import asyncio as aio\n\nasync def main():\n    async with aio.timeout(1):\n        pass\n",
            4,
            16,
            "'asyncio.timeout' is not supported: for a time limit, use asyncio.wait_for",
        ),
        (
            "from asyncio import sleep, TaskGroup\n",
            1,
            28,
            "'asyncio.TaskGroup' is not supported: use asyncio.gather or asyncio.create_task",
        ),
        // A misspelt name: CPython's words and suggestion, and what scenarios use.
        (
            "import time\ntime.sleeep(1)\n",
            2,
            1,
            "module 'time' has no attribute 'sleeep'. Did you mean: 'sleep'? (scenarios use \
             time.sleep, time.time, time.perf_counter and time.monotonic)",
        ),
        (
            "import asyncio\nasyncio.gahter()\n",
            2,
            1,
            "module 'asyncio' has no attribute 'gahter'. Did you mean: 'gather'? (scenarios use \
             asyncio's run, sleep, create_task, gather, wait_for, wait, as_completed, shield, \
             Queue, Lock, Semaphore, Event and get_running_loop)",
        ),
    ];
    for (source, line, col, message) in cases {
        let diagnostics = awaitscope::prepare(source).err().expect("refused");
        assert_eq!(
            diagnostics
                .iter()
                .map(|d| (d.line, d.col, d.message.as_str()))
                .collect::<Vec<_>>(),
            [(line, col, message)],
            "{source}"
        );
    }
}

#[test]
fn names_the_program_defines_or_python_lacks_are_not_refused() {
    // Its own `map`, a parameter named `set`, a local `filter`: Python's rules for
    // which name is meant, not a list of forbidden words.
    let own = "map = lambda f, xs: [f(x) for x in xs]\n\
               def g(set):\n    filter = 2\n    return set + filter\n\
               print(map(str, [1]), g(1))\n";
    let trace = awaitscope::run(own, Mode::Async, &Limits::default()).expect("runs");
    assert_eq!(trace.outcome, Outcome::Completed);
    // A parameter named like a module is not the module.
    let shadowed = "import time\ndef f(time):\n    return time.real\nprint(f(3))\n";
    let trace = awaitscope::run(shadowed, Mode::Async, &Limits::default()).expect("runs");
    assert_eq!(trace.outcome, Outcome::Completed);
    // A name Python does not have either fails as in CPython, at run time.
    let typo = awaitscope::run("pritn('x')\n", Mode::Async, &Limits::default()).expect("runs");
    assert!(
        matches!(&trace_error(&typo), Some(e) if e == "NameError: name 'pritn' is not defined. Did you mean: 'print'?"),
        "{:?}",
        typo.outcome
    );
}

fn trace_error(trace: &awaitscope::trace::Trace) -> Option<String> {
    match &trace.outcome {
        Outcome::Exception { error, .. } => Some(error.clone()),
        _ => None,
    }
}

/// The CLI ends a refused program with its message and exit code 2, also when the
/// compiler looked at asyncio's names (which loads the prelude, kept to the end of
/// the process and freed after the values' own thread-local state).
#[test]
fn a_refused_program_that_names_asyncio_exits_cleanly() {
    let dir = std::env::temp_dir().join(format!("awaitscope-refused-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("refused.py");
    std::fs::write(
        &file,
        // Found by mutating scenarios: it once ended in an abort (exit 134). The
        // order in which the process's thread-locals go depends on what the
        // compiler met first, which is why the program is this one.
        "import asyncio\nasync def who(tag):\n    return me.get_name()\n    \
         d = asyncio.create_task(who(\"d\"), name=42)\nprint(await d)\nasyncio.run(main())\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_awaitscope"))
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!("{}:5:7: 'await' outside function", file.display())
    );
}
