//! Every line a trace names is a line of the scenario: asyncio's own code (the
//! prelude) runs on behalf of the user's lines, and the UI shows them on the
//! student's code, in hovers and in messages. A device request made by
//! `await disk.read(n)` belongs to that line, not to the prelude's `_request`.

use std::path::Path;

use awaitscope::trace::Mode;
use awaitscope::Limits;
use serde_json::Value;

mod common;
use common::scenarios;

/// Every `"line"` or `"def_line"` in `value` that is past the end of the scenario,
/// with where it is.
fn lines_past(value: &Value, last_line: u64, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for key in ["line", "def_line"] {
                if let Some(line) = map.get(key).and_then(Value::as_u64) {
                    if line > last_line {
                        out.push(format!("{at}: {value}"));
                    }
                }
            }
            for (key, v) in map {
                lines_past(v, last_line, &format!("{at}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for v in items {
                lines_past(v, last_line, at, out);
            }
        }
        _ => {}
    }
}

#[test]
fn no_trace_line_points_outside_the_scenario() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in scenarios() {
        let source = std::fs::read_to_string(&path).expect("readable");
        let last_line = source.lines().count() as u64;
        for mode in [Mode::Async, Mode::Blocking] {
            let Ok(trace) = awaitscope::run(&source, mode, &Limits::default()) else {
                continue;
            };
            let json = serde_json::to_value(&trace).expect("json");
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let mut found = Vec::new();
            lines_past(&json, last_line, &format!("{name} ({mode:?})"), &mut found);
            problems.extend(found.into_iter().take(3));
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} runs checked");
    assert!(
        problems.is_empty(),
        "lines outside the scenario:\n{}",
        problems.join("\n")
    );
}

/// A step that held the loop over 100 ms is reported at the call that held it
/// (the blocking read, the `cpu()`), not at the step's last line: that is the line
/// to change.
#[test]
fn a_blocked_loop_is_reported_at_the_blocking_call() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/presets");
    for (preset, call) in [
        ("blocking_call.py", "net.read_blocking("),
        ("cpu_hog.py", "cpu(0.4)"),
    ] {
        let source = std::fs::read_to_string(root.join(preset)).expect("preset");
        let want = 1 + source
            .lines()
            .position(|l| l.contains(call))
            .expect("the call is in the preset") as u64;
        let trace = awaitscope::run(&source, Mode::Async, &Limits::default()).expect("runs");
        let json = serde_json::to_value(&trace).expect("json");
        let lines: Vec<u64> = json["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter(|w| w["kind"] == "slow_callback")
            .filter_map(|w| w["line"].as_u64())
            .collect();
        assert_eq!(lines, [want], "{preset}");
    }
}

/// A task the scenario makes of asyncio's own coroutine is the scenario's: it is not
/// internal (it gets a lane) and it is placed at the line that created it. Only
/// `asyncio.run`'s shutdown tasks are internal.
#[test]
fn a_task_of_asyncio_sleep_is_the_scenarios_own() {
    let source = "import asyncio\n\
                  \n\
                  async def main():\n    \
                      t = asyncio.create_task(asyncio.sleep(1, 'slept'))\n    \
                      print(await t)\n\
                  \n\
                  asyncio.run(main())\n";
    let trace = awaitscope::run(source, Mode::Async, &Limits::default()).expect("runs");
    let tasks: Vec<(&str, u32, bool)> = trace
        .tasks
        .iter()
        .map(|t| (t.coro.as_str(), t.def_line, t.internal))
        .collect();
    assert_eq!(tasks[..2], [("main", 3, false), ("sleep", 4, false)]);
    assert!(tasks[2..]
        .iter()
        .all(|&(coro, _, internal)| internal && coro.starts_with("_shutdown")));
}
