//! Every scenario in `tests/scenarios/` runs in the simulator and in real CPython
//! (with `python/` on the path), in both modes; stdout, the exit code, and for an
//! uncaught exception the traceback's last line and its frames in the scenario (the
//! line and function of each, outermost first) must be identical; so must what
//! asyncio's exception handler logs on stderr (failing callbacks, exceptions never
//! retrieved), in any order. The command-line program's stderr shows the source line
//! of every traceback frame in the scenario, as CPython's does, and of every warning
//! CPython shows one for. A deadlock's report must be the helper module's.

use std::path::{Path, PathBuf};
use std::process::Command;

use awaitscope::trace::{Mode, Outcome};
use awaitscope::Limits;

mod common;
use common::scenarios;

/// What a run shows to its user.
#[derive(Debug)]
struct Observed {
    stdout: String,
    exit_code: i32,
    /// The last line of stderr for an uncaught exception (CPython's summary line).
    error_line: Option<String>,
    /// The uncaught exception's traceback, with its chain of causes and contexts:
    /// the frames in the scenario's own code, outermost first, as `line N, in name`
    /// (CPython also shows asyncio's frames; those are left out), and the lines that
    /// join the chain (`During handling of the above exception, …`).
    frames: Vec<String>,
    /// The headline and the `future:` / `handle:` / `task:` line of each message the loop's
    /// exception handler logged, the never-awaited warnings and the compiler's
    /// `SyntaxWarning`s (one per comparison: their count matters), file paths as
    /// `<scenario>`, sorted: CPython logs an unretrieved exception when it frees the
    /// task, the simulator as the run ends.
    logged: Vec<String>,
    /// The source lines stderr shows (`awaitscope run`'s, for the simulator).
    sources: SourceLines,
    /// For a run stopped with exit code 3, what it says on stderr: the deadlock
    /// report, which the helper module words as the simulator does.
    stopped: Option<String>,
}

/// The source lines a stderr shows for the scenario's code, each as `N: text`,
/// sorted: under a traceback frame (`    return 10 / n`), and under a warning
/// (`  f()`).
#[derive(Debug, Default)]
struct SourceLines {
    frames: Vec<String>,
    warnings: Vec<String>,
}

impl Observed {
    /// Whether the simulator's run (`simulator`) shows what CPython's (`self`) does.
    fn shown_by(&self, simulator: &Observed) -> bool {
        self.stdout == simulator.stdout
            && self.exit_code == simulator.exit_code
            && self.error_line == simulator.error_line
            && self.frames == simulator.frames
            && self.logged == simulator.logged
            && self.sources.shown_by(&simulator.sources)
            && self.stopped == simulator.stopped
    }
}

impl SourceLines {
    /// The frames' source lines must be the same. The simulator may show a
    /// warning's where CPython shows none: for a never-awaited coroutine that a
    /// traceback kept alive until the exit, which CPython reports at `sys:1` (see
    /// [`logged`]).
    fn shown_by(&self, simulator: &SourceLines) -> bool {
        self.frames == simulator.frames
            && self.warnings.iter().all(|w| simulator.warnings.contains(w))
    }
}

fn source_lines(stderr: &str, path: &str) -> SourceLines {
    let frame = format!("  File \"{path}\", line ");
    let warning = format!("{path}:");
    let mut sources = SourceLines::default();
    let lines: Vec<&str> = stderr.lines().collect();
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        if let (Some(rest), Some(code)) = (line.strip_prefix(&frame), next.strip_prefix("    ")) {
            let number = rest.split(',').next().unwrap_or_default();
            sources.frames.push(format!("{number}: {code}"));
        } else if let Some(rest) = line
            .strip_prefix(&warning)
            .filter(|r| r.contains("Warning: "))
        {
            if let Some(code) = next.strip_prefix("  ").filter(|c| !c.starts_with(' ')) {
                let number = rest.split(':').next().unwrap_or_default();
                sources.warnings.push(format!("{number}: {code}"));
            }
        }
    }
    sources.frames.sort();
    sources.warnings.sort();
    sources
}

/// What `awaitscope run` shows on stderr, as [`source_lines`] reads it.
fn cli_source_lines(path: &Path, mode: Mode) -> SourceLines {
    let mut cli = Command::new(env!("CARGO_BIN_EXE_awaitscope"));
    cli.arg("run");
    if mode == Mode::Blocking {
        cli.arg("--blocking");
    }
    let output = cli.arg(path).output().expect("awaitscope runs");
    source_lines(
        &String::from_utf8_lossy(&output.stderr),
        &path.display().to_string(),
    )
}

/// A line between two tracebacks of a chain.
fn is_joint(line: &str) -> bool {
    line == "The above exception was the direct cause of the following exception:"
        || line == "During handling of the above exception, another exception occurred:"
}

/// The lines of `stderr` that [`Observed::logged`] keeps.
fn logged(stderr: &str, path: &str) -> Vec<String> {
    let mut lines: Vec<String> = stderr
        .lines()
        .filter(|l| {
            l.starts_with("Exception in callback ")
                || l.ends_with(" exception was never retrieved")
                || l.starts_with("future: ")
                || l.starts_with("handle: ")
                || l.starts_with("task: ")
                || l.starts_with("unhandled exception during asyncio.run() shutdown")
                || l.contains(": RuntimeWarning: coroutine '")
                || l.contains(": SyntaxWarning: ")
        })
        .map(|l| l.replace(path, awaitscope::sim::SCENARIO))
        // Where a never-awaited coroutine is reported depends on when it is freed:
        // CPython says `sys:1` for one a traceback kept alive until exit.
        .map(|l| match l.find("RuntimeWarning: coroutine '") {
            Some(at) => l[at..].to_string(),
            None => l,
        })
        .collect();
    lines.sort();
    lines
}

fn simulate(path: &Path, source: &str, mode: Mode) -> Observed {
    let sources = cli_source_lines(path, mode);
    match awaitscope::run(source, mode, &Limits::default()) {
        Err(diagnostics) => Observed {
            stdout: String::new(),
            exit_code: 2,
            error_line: diagnostics
                .first()
                .map(|d| format!("{}:{}: {}", d.line, d.col, d.message)),
            frames: Vec::new(),
            logged: Vec::new(),
            sources,
            stopped: None,
        },
        Ok(trace) => {
            let stdout: String = trace.output.iter().map(|c| c.text.as_str()).collect();
            let (exit_code, error_line, frames) = match &trace.outcome {
                Outcome::Completed => (0, None, Vec::new()),
                Outcome::Exception {
                    error, traceback, ..
                } => {
                    let frames = traceback
                        .lines()
                        .filter_map(|l| l.strip_prefix("  ").or(is_joint(l).then_some(l)))
                        .map(str::to_string)
                        .collect();
                    (1, Some(error.clone()), frames)
                }
                Outcome::Deadlock { .. } | Outcome::LimitExceeded { .. } => (3, None, Vec::new()),
            };
            let stopped = match &trace.outcome {
                Outcome::Deadlock { message, .. } | Outcome::LimitExceeded { message, .. } => {
                    Some(format!("awaitscope: {message}"))
                }
                _ => None,
            };
            Observed {
                stdout,
                exit_code,
                error_line,
                frames,
                logged: logged(&trace.stderr, awaitscope::sim::SCENARIO),
                sources,
                stopped,
            }
        }
    }
}

fn cpython(path: &Path, mode: Mode) -> Observed {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("timeout")
        .arg("30")
        .arg("python3")
        .arg(path)
        .env("PYTHONPATH", root.join("python"))
        .env(
            "AWAITSCOPE_MODE",
            match mode {
                Mode::Async => "async",
                Mode::Blocking => "blocking",
            },
        )
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("python3 runs");
    let exit_code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let error_line = (exit_code == 1).then(|| {
        // CPython may print a RuntimeWarning after the traceback (at exit, when the
        // traceback kept a coroutine alive); the exception's line is the one before.
        stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.contains("RuntimeWarning") && !l.starts_with("  "))
            .unwrap_or("")
            .to_string()
    });
    // `  File "<path>", line 7, in main` lines of the last traceback and the ones
    // chained before it, for this file, and the lines that join them.
    let lines: Vec<&str> = stderr.lines().collect();
    let is_start = |l: &&str| *l == "Traceback (most recent call last):";
    let mut start = lines.iter().rposition(is_start).unwrap_or(lines.len());
    while start >= 3 && lines[start - 1].is_empty() && is_joint(lines[start - 2]) {
        match lines[..start - 3].iter().rposition(is_start) {
            Some(earlier) => start = earlier,
            None => break,
        }
    }
    let file = format!("  File \"{}\", ", path.display());
    let frames = if exit_code == 1 {
        lines[start..]
            .iter()
            .filter_map(|l| l.strip_prefix(file.as_str()).or(is_joint(l).then_some(l)))
            .map(|l| l.to_string())
            .collect()
    } else {
        Vec::new()
    };
    Observed {
        // A task's repr names the file of its coroutine (`running at FILE:7`): the
        // simulator has no file, and names the scenario as its tracebacks do.
        stdout: String::from_utf8_lossy(&output.stdout)
            .replace(&path.display().to_string(), awaitscope::sim::SCENARIO),
        exit_code,
        error_line,
        frames,
        logged: logged(&stderr, &path.display().to_string()),
        sources: source_lines(&stderr, &path.display().to_string()),
        stopped: (exit_code == 3)
            .then(|| {
                stderr
                    .find("awaitscope: ")
                    .map(|at| stderr[at..].trim_end().to_string())
            })
            .flatten(),
    }
}

#[test]
fn every_scenario_prints_what_cpython_prints() {
    let files = scenarios();
    assert!(
        files.len() >= 60,
        "expected at least 60 scenarios, found {}",
        files.len()
    );
    let jobs: Vec<(PathBuf, Mode)> = files
        .iter()
        .flat_map(|f| [(f.clone(), Mode::Async), (f.clone(), Mode::Blocking)])
        .collect();
    // CPython runs take most of the time: run them on two threads.
    let half = jobs.len() / 2;
    let (first, second) = jobs.split_at(half);
    let references: Vec<Observed> = std::thread::scope(|s| {
        let a = s.spawn(|| {
            first
                .iter()
                .map(|(p, m)| cpython(p, *m))
                .collect::<Vec<_>>()
        });
        let b = s.spawn(|| {
            second
                .iter()
                .map(|(p, m)| cpython(p, *m))
                .collect::<Vec<_>>()
        });
        let mut all = a.join().expect("thread");
        all.extend(b.join().expect("thread"));
        all
    });
    let mut failures = Vec::new();
    for ((path, mode), expected) in jobs.iter().zip(references) {
        let source = std::fs::read_to_string(path).expect("readable scenario");
        let actual = simulate(path, &source, *mode);
        if !expected.shown_by(&actual) {
            // Without the helper module CPython has no blocking mode: its "blocking"
            // run is the async one, and only a scenario whose output is the same in
            // both modes can leave the import out.
            let hint = if *mode == Mode::Blocking && !source.contains("awaitscope") {
                "\n(this scenario does not import awaitscope, so CPython ran it as \
                 written: import the helper module where the two modes print differently)"
            } else {
                ""
            };
            failures.push(format!(
                "{} ({mode:?}):\n{}{hint}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                difference(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs differ from CPython:\n\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n\n")
    );
}

/// A readable account of where two runs part.
fn difference(expected: &Observed, actual: &Observed) -> String {
    let mut out = String::new();
    if expected.exit_code != actual.exit_code {
        out.push_str(&format!(
            "  exit code: cpython {} simulator {}\n",
            expected.exit_code, actual.exit_code
        ));
    }
    let mut part = |what: &str, cpython: &dyn std::fmt::Debug, simulator: &dyn std::fmt::Debug| {
        let (cpython, simulator) = (format!("{cpython:?}"), format!("{simulator:?}"));
        if cpython != simulator {
            let pad = " ".repeat(what.len() + 4);
            out.push_str(&format!(
                "  {what}: cpython {cpython}\n{pad}simulator {simulator}\n"
            ));
        }
    };
    part("error", &expected.error_line, &actual.error_line);
    part("traceback frames", &expected.frames, &actual.frames);
    part("logged on stderr", &expected.logged, &actual.logged);
    part("stopped", &expected.stopped, &actual.stopped);
    if !expected.sources.shown_by(&actual.sources) {
        part("source lines on stderr", &expected.sources, &actual.sources);
    }
    let e: Vec<&str> = expected.stdout.lines().collect();
    let a: Vec<&str> = actual.stdout.lines().collect();
    if let Some(i) = (0..e.len().max(a.len())).find(|&i| e.get(i) != a.get(i)) {
        out.push_str(&format!(
            "  stdout line {}: cpython {:?}\n                simulator {:?}\n",
            i + 1,
            e.get(i).copied().unwrap_or("<end>"),
            a.get(i).copied().unwrap_or("<end>")
        ));
    } else if expected.stdout != actual.stdout {
        out.push_str("  stdout differs in trailing newline or spaces\n");
    }
    out
}

/// The command-line program writes stderr in CPython's order: a coroutine freed as
/// the interpreter exits (`sys:1`; here one that the exception ending the program
/// kept alive) is reported after that exception's traceback.
#[test]
fn what_the_exit_frees_is_reported_after_the_traceback() {
    let source = "import asyncio\nimport awaitscope\n\n\nasync def fetch():\n    return 1\n\n\n\
        def load():\n    pending = fetch()\n    raise ValueError('bad row')\n\n\n\
        async def main():\n    load()\n\n\nasyncio.run(main())\n";
    let dir = std::env::temp_dir().join(format!("awaitscope-exit-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("exit_order.py");
    std::fs::write(&path, source).expect("write the program");
    // The order of the exception's line and of the exit's report.
    let order = |stderr: &[u8]| -> Vec<&'static str> {
        String::from_utf8_lossy(stderr)
            .lines()
            .filter_map(|l| {
                if l.starts_with("sys:1: RuntimeWarning: coroutine 'fetch'") {
                    Some("exit")
                } else if l == "ValueError: bad row" {
                    Some("error")
                } else {
                    None
                }
            })
            .collect()
    };
    let (python, simulator) = stderr_of_both(&path);
    assert_eq!(order(&python), ["error", "exit"]);
    assert_eq!(order(&simulator), ["error", "exit"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Coroutines freed together are reported in CPython's order (the differential test
/// compares warnings as sets): those of the frames an exception unwound from the
/// innermost frame out, those of the exception it was raised while handling first.
#[test]
fn coroutines_freed_together_are_reported_in_cpythons_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/scenarios/never_awaited_in_an_unwound_frame.py");
    let warnings = |stderr: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(stderr)
            .lines()
            .filter(|l| l.contains("RuntimeWarning: coroutine '"))
            .map(|l| l.rsplit('/').next().unwrap_or(l).to_string())
            .collect()
    };
    let (python, simulator) = stderr_of_both(&path);
    let expected = warnings(&python);
    assert!(expected.len() >= 6, "{expected:?}");
    assert_eq!(warnings(&simulator), expected);
}

/// What `python3` (with the helper module) and `awaitscope run` write on stderr
/// for the program at `path`, in the async mode.
fn stderr_of_both(path: &Path) -> (Vec<u8>, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = Command::new("python3")
        .arg(path)
        .env("PYTHONPATH", root.join("python"))
        .output()
        .expect("python3 runs");
    let simulator = Command::new(env!("CARGO_BIN_EXE_awaitscope"))
        .arg("run")
        .arg(path)
        .output()
        .expect("awaitscope runs");
    (python.stderr, simulator.stderr)
}
