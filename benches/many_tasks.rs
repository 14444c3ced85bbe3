//! Benchmark (not a test): a 10,000-task scenario — each task ten device reads and
//! some CPU work — run by the simulator and by CPython with the helper module, on
//! the same machine in one run, the two taking turns. Prints wall times, events per
//! second, the ratio, and each round's times.
//!
//! `cargo bench --bench many_tasks`

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use awaitscope::trace::Mode;
use awaitscope::Limits;

/// The program both run (also runnable as it is: `awaitscope run benches/many_tasks.py`).
const SCENARIO: &str = include_str!("many_tasks.py");

/// Rounds, each a run of both sides; both report their best and their median.
const RUNS: usize = 5;

fn main() {
    let limits = Limits {
        max_steps: 200_000_000,
        max_tasks: 100_000,
        max_events: 50_000_000,
        ..Limits::default()
    };
    let dir = std::env::temp_dir().join("awaitscope-bench");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("many_tasks.py");
    std::fs::write(&file, SCENARIO).expect("write scenario");
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let time_python = |args: &[&std::ffi::OsStr]| {
        let start = Instant::now();
        let out = Command::new("python3")
            .args(args)
            .env("PYTHONPATH", &python)
            .output()
            .expect("python3 runs");
        assert!(out.status.success(), "python3 failed: {out:?}");
        (start.elapsed().as_secs_f64(), out.stdout)
    };

    // Warm up once (compiles the prelude), then measure. The two sides take turns,
    // one run each per round, so that both see the machine in the same state: its
    // speed can drift by more than the difference being measured (ARCHITECTURE,
    // Performance), and each round's ratio is reported too.
    let _ = awaitscope::run(SCENARIO, Mode::Async, &limits);
    let (mut simulator, mut cpython, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut rounds = Vec::new();
    let mut events = 0;
    let mut output = String::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let trace = awaitscope::run(SCENARIO, Mode::Async, &limits).expect("compiles");
        let secs = start.elapsed().as_secs_f64();
        events = trace.events.len();
        output = trace.output.iter().map(|c| c.text.clone()).collect();
        drop(trace);
        let (python_secs, stdout) = time_python(&[file.as_os_str()]);
        assert_eq!(
            String::from_utf8_lossy(&stdout),
            output,
            "CPython printed something else"
        );
        simulator.push(secs);
        cpython.push(python_secs);
        ratios.push(python_secs / secs);
        rounds.push(format!("{secs:.3}/{python_secs:.3}"));
    }
    let (best, median) = best_and_median(&mut simulator);
    println!(
        "simulator: best of {RUNS}: {best:.3} s (median {median:.3} s), {events} events, {:.0} events/s",
        events as f64 / best
    );
    print!("simulator output: {output}");
    println!("rounds (simulator/CPython, s): {}", rounds.join(", "));
    let (cpython_best, cpython_median) = best_and_median(&mut cpython);
    // What of that is starting the interpreter and importing asyncio and the helper
    // module: part of every CPython run, and of none of the simulator's.
    let mut startup: Vec<f64> = (0..RUNS)
        .map(|_| time_python(&["-c".as_ref(), "import asyncio, awaitscope".as_ref()]).0)
        .collect();
    let (startup_best, _) = best_and_median(&mut startup);
    // Whether this CPython is a profile-guided, link-time-optimized build.
    let config = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_config_var('CONFIG_ARGS') or '')",
        ])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default();
    let build = if config.contains("--enable-optimizations") {
        "built with PGO (--enable-optimizations)"
    } else {
        "built without PGO (no --enable-optimizations)"
    };
    println!(
        "cpython:   best of {RUNS}: {cpython_best:.3} s (median {cpython_median:.3} s), same output, with the helper module; {startup_best:.3} s of it is starting up; {build}"
    );
    let (ratio_low, ratio_median) = best_and_median(&mut ratios);
    println!(
        "ratio: the simulator is {:.1}x faster than CPython (best against best; {:.1}x median against median; \
         round by round {ratio_low:.1}x to {:.1}x, median {ratio_median:.1}x)",
        cpython_best / best,
        cpython_median / median,
        ratios[ratios.len() - 1],
    );
}

/// The shortest and the median of some timings.
fn best_and_median(secs: &mut [f64]) -> (f64, f64) {
    secs.sort_by(f64::total_cmp);
    (secs[0], secs[secs.len() / 2])
}
