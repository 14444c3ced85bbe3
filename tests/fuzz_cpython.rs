//! Generated programs against real CPython: the differential fuzzers in
//! `tools/fuzz/`, on fixed seeds so that a failure reproduces (`--seed S --show I`
//! prints the program). `differential_fuzz.py` writes asyncio programs (tasks,
//! devices, gather/wait/as_completed/wait_for/shield, queues, locks, events,
//! cancellation, exceptions, callback-style loops) and compares both modes;
//! `lang_fuzz.py` writes the Python around the awaits (calls right and wrong,
//! scopes, unpacking, control flow, data, comprehensions, formatting, uncaught
//! errors with their traceback frames); `expr_fuzz.py` prints random expressions
//! (operators, builtins, methods, subscripts, format specs) or their errors. Longer
//! runs with other seeds are for a human: see each script's usage.

use std::path::Path;
use std::process::Command;

fn fuzz(script: &str, args: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tools/fuzz").join(script))
        .args(["--cli", env!("CARGO_BIN_EXE_awaitscope")])
        .args(args)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} {args:?} found mismatches with CPython:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn generated_asyncio_programs_print_what_cpython_prints() {
    // A task left pending at exit is a known difference (ARCHITECTURE.md).
    fuzz(
        "differential_fuzz.py",
        &["--seed", "7", "--count", "40", "--avoid", "pending-at-exit"],
    );
}

#[test]
fn generated_python_around_the_awaits_prints_what_cpython_prints() {
    // Builtins given several wrong arguments too (no `--avoid argument-order`).
    fuzz("lang_fuzz.py", &["--seed", "7", "--count", "40"]);
}

#[test]
fn generated_expressions_print_what_cpython_prints() {
    fuzz("expr_fuzz.py", &["--seed", "7", "--count", "12"]);
}
