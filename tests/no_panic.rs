//! Thousands of random and mutated programs through parse and run with small
//! limits: every one must end in output, a diagnostic or a limit message — never a
//! panic, never a hang.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use awaitscope::trace::Outcome;
use awaitscope::{analyze, Limits};

mod common;
use common::Rng;

const TOKENS: &[&str] = &[
    "await ",
    "async ",
    "def ",
    "return ",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "asyncio.sleep(0)",
    "asyncio.gather(",
    "asyncio.create_task(",
    "x",
    "y",
    "f(",
    "main()",
    "0",
    "1",
    "-1",
    "1e308",
    "9223372036854775807",
    "'s'",
    "f'{x}'",
    "None",
    "True",
    "if ",
    "else",
    "while True",
    "for i in range(3)",
    "try",
    "except",
    "finally",
    "raise ",
    "\n",
    "\n    ",
    "\t",
    "lambda: ",
    "yield",
    "class",
    "#",
    "\\",
    "\"",
    "'''",
    "é",
    "\u{0}",
    "nonlocal x",
    "global y",
    "q.get()",
    "lock",
    "async with ",
    "cpu(0.1)",
    "time.sleep(1)",
    "dev.read(10)",
];

fn mutate(source: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let line = &mut lines[i];
                let cut = line
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(line.chars().count() + 1));
                line.truncate(cut.unwrap_or(line.len()));
            }
            4 => {
                let token = rng.pick(TOKENS);
                let line = &mut lines[i];
                let at = line
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(line.chars().count() + 1));
                line.insert_str(at.unwrap_or(line.len()), token);
            }
            5 => lines[i] = format!("    {}", lines[i]),
            _ => lines[i] = lines[i].trim_start().to_string(),
        }
    }
    lines.join("\n")
}

fn soup(rng: &mut Rng) -> String {
    let n = 1 + rng.below(40);
    (0..n).map(|_| rng.pick(TOKENS)).collect()
}

fn small_limits() -> Limits {
    Limits {
        max_steps: 30_000,
        max_tasks: 100,
        max_events: 20_000,
        max_virtual_us: 60_000_000,
        max_depth: 40,
        max_memory_bytes: 64 << 20,
    }
}

fn check(program: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| analyze(program, &small_limits())));
    let analysis = match result {
        Ok(a) => a,
        Err(_) => panic!("panicked on:\n{program}"),
    };
    if analysis.diagnostics.is_empty() {
        for trace in [analysis.async_run, analysis.blocking_run]
            .into_iter()
            .flatten()
        {
            if let Outcome::LimitExceeded { message, .. } | Outcome::Deadlock { message, .. } =
                &trace.outcome
            {
                assert!(
                    !message.is_empty(),
                    "a stop without a message on:\n{program}"
                );
            }
        }
    } else {
        for d in &analysis.diagnostics {
            assert!(
                d.line >= 1 && !d.message.is_empty(),
                "a diagnostic without a place on:\n{program}"
            );
        }
    }
}

#[test]
fn mutated_scenarios_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut sources: Vec<String> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable"))
        .collect();
    sources.sort();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for round in 0..2_500 {
        let base = &sources[round % sources.len()];
        check(&mutate(base, &mut rng));
    }
}

#[test]
fn random_token_soup_never_panics() {
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    for _ in 0..2_000 {
        check(&soup(&mut rng));
    }
}

#[test]
fn endless_programs_stop_with_a_message() {
    for program in [
        "while True:\n    pass\n",
        "import asyncio\nasync def f():\n    while True:\n        pass\nasyncio.run(f())\n",
        "import asyncio\nasync def f():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(f())\n",
        "import asyncio\nasync def f():\n    while True:\n        await asyncio.sleep(1)\nasyncio.run(f())\n",
        "def f(n):\n    return f(n + 1)\nf(0)\n",
        "import asyncio\nasync def f():\n    while True:\n        asyncio.create_task(f())\n        await asyncio.sleep(0)\nasyncio.run(f())\n",
    ] {
        let analysis = analyze(program, &small_limits());
        let trace = analysis.async_run.expect("runs");
        assert!(
            matches!(trace.outcome, Outcome::LimitExceeded { .. }),
            "expected a limit stop for:\n{program}\ngot {:?}",
            trace.outcome
        );
    }
}

/// A program that keeps what it allocates stops at the memory limit, at the line
/// that allocated, with the limit's message; without the limit it would grow until
/// an allocation failed, which aborts the process (or kills the page).
#[test]
fn programs_that_keep_allocating_stop_at_the_memory_limit() {
    let limits = Limits {
        max_memory_bytes: 64 << 20,
        ..Limits::default()
    };
    for (program, line) in [
        ("rows = []\nwhile True:\n    rows.append([0] * 10**6)\n", 3),
        ("table = {}\ni = 0\nwhile True:\n    table[i] = 'x' * 100000\n    i += 1\n", 4),
        ("import asyncio\nasync def hoard(rows):\n    while True:\n        rows.append(list(range(10**5)))\n        await asyncio.sleep(0)\nasync def main():\n    rows = []\n    await asyncio.gather(hoard(rows), hoard(rows))\nasyncio.run(main())\n", 4),
    ] {
        let analysis = analyze(program, &limits);
        for trace in [analysis.async_run, analysis.blocking_run] {
            let trace = trace.expect("runs");
            let Outcome::LimitExceeded { message, line: at } = &trace.outcome else {
                panic!("expected the memory limit for:\n{program}\ngot {:?}", trace.outcome);
            };
            assert_eq!(
                message,
                &format!("stopped: the program holds more than 64 MB of memory (limit); the last line run was {line}")
            );
            assert_eq!(*at, line);
        }
    }
}
