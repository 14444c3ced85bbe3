//! The scenario exported as a `.py` file runs in CPython with the helper module
//! beside it — as its trailing note says — and prints what the simulator prints;
//! tracebacks name the same lines as the original file's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use awaitscope::trace::{Mode, Outcome};
use awaitscope::{export, presets, Limits};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `file` with CPython from its own folder's point of view: no PYTHONPATH, so
/// `import awaitscope` finds only the copy beside it.
fn cpython(file: &Path) -> Output {
    Command::new("timeout")
        .arg("30")
        .arg("python3")
        .arg(file)
        .env_remove("PYTHONPATH")
        .env_remove("AWAITSCOPE_MODE")
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("python3 runs")
}

/// The line numbers a CPython traceback names, in order.
fn traceback_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("File \""))
        .filter_map(|l| l.split(", line ").nth(1))
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn exported_scenarios_run_in_cpython_beside_the_helper_module() {
    let dir = std::env::temp_dir().join(format!("awaitscope-py-{}", std::process::id()));
    let originals = dir.join("originals");
    std::fs::create_dir_all(&originals).unwrap();
    std::fs::copy(
        root().join("python/awaitscope.py"),
        dir.join(export::HELPER_MODULE),
    )
    .unwrap();
    std::fs::copy(
        root().join("python/awaitscope.py"),
        originals.join(export::HELPER_MODULE),
    )
    .unwrap();
    let mut sources: Vec<(String, String)> = presets::ALL
        .iter()
        .map(|p| (p.id.to_string(), p.source.to_string()))
        .collect();
    for name in [
        "error_raise_from",
        "gather_uncaught_exception",
        "deadlock_queue_consumer",
    ] {
        let path = root().join(format!("tests/scenarios/{name}.py"));
        sources.push((name.to_string(), std::fs::read_to_string(path).unwrap()));
    }
    let mut checked: Vec<PathBuf> = Vec::new();
    for (name, source) in &sources {
        let exported = export::python_file(source);
        assert!(
            exported.starts_with(source.as_str()),
            "{name}: the text first, exactly"
        );
        assert!(exported.contains(&format!("python3 {}.py", export::file_stem(source))));
        let file = dir.join(format!("{name}.py"));
        std::fs::write(&file, &exported).unwrap();
        let original = originals.join(format!("{name}.py"));
        std::fs::write(&original, source).unwrap();

        let run = awaitscope::run(source, Mode::Async, &Limits::default()).expect("it runs");
        let stdout: String = run.output.iter().map(|c| c.text.as_str()).collect();
        let exit_code = match &run.outcome {
            Outcome::Completed => 0,
            Outcome::Exception { .. } => 1,
            Outcome::Deadlock { .. } | Outcome::LimitExceeded { .. } => 3,
        };
        let cp = cpython(&file);
        assert_eq!(
            String::from_utf8_lossy(&cp.stdout),
            stdout,
            "{name}: stdout"
        );
        assert_eq!(cp.status.code(), Some(exit_code), "{name}: exit code");
        if let Outcome::Exception { error, .. } = &run.outcome {
            let stderr = String::from_utf8_lossy(&cp.stderr);
            assert!(stderr.contains(error.as_str()), "{name}: {stderr}");
            let before = cpython(&original);
            let lines = traceback_lines(&cp.stderr);
            assert!(!lines.is_empty(), "{name}: a traceback with lines");
            assert_eq!(lines, traceback_lines(&before.stderr), "{name}: same lines");
        }
        checked.push(file);
    }
    assert!(checked.len() > presets::ALL.len());
    let _ = std::fs::remove_dir_all(dir);
}
