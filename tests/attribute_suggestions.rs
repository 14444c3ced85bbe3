//! A misspelt attribute of a task, a future, a loop, a handle, a queue, a lock, an
//! event or a device: the simulator's `AttributeError` and its "Did you mean" are
//! python3's (the last line of the traceback, which the UI shows), with and without
//! the helper module (without it, CPython's loop is a `_UnixSelectorEventLoop`).
//! The suggestions come from a table of what `dir()` lists for each type, which
//! `tools/dir_table.py` writes from python3; the first test checks it is up to date.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_dir_table_is_what_python3_lists() {
    let out = Command::new("python3")
        .arg(root().join("tools/dir_table.py"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = std::fs::read_to_string(root().join("src/sim/suggest/dirs.rs")).unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout) == table,
        "src/sim/suggest/dirs.rs is not what python3 lists today: \
         run `python3 tools/dir_table.py > src/sim/suggest/dirs.rs`"
    );
}

/// Every object a case may misspell an attribute of, made in `main()`.
const SETUP: &str = "\
async def job():
    await asyncio.sleep(0)
    return 1

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(job())
    g = asyncio.gather(job())
    f = loop.create_future()
    q = asyncio.Queue()
    h = loop.call_soon(print, 'h')
    th = loop.call_later(5, print)
    await asyncio.sleep(0)
";

const CASES: &[&str] = &[
    "t.reslt()",
    "t.cancelled_()",
    "t.get_nam()",
    "t.add_done_callbak(print)",
    "t.set_nme('x')",
    "t.zzzzzz",
    "f.set_reslt(1)",
    "f.exeption()",
    "g.reslt()",
    "loop.create_tsk(job())",
    "loop.tme()",
    "loop.run_until_completed(t)",
    "loop.call_latr(1, print)",
    "loop.is_runing()",
    "q.put_nowai(1)",
    "q.get_nowaite()",
    "q.task_don()",
    "q.qsiz()",
    "q.maxsze",
    "asyncio.Event().st()",
    "asyncio.Event().is_sett()",
    "asyncio.Lock().acquir()",
    "asyncio.Lock().lockd()",
    "asyncio.Semaphore().relase()",
    "asyncio.BoundedSemaphore(2).relase()",
    "h.cancelld()",
    "th.whn()",
    "th.cancel_()",
    // What the scenario set: a loop's (a Python object's) is offered, a task's (in a
    // C object's __dict__, which dir() does not list) is not.
    "t.label = 1; t.labl",
    "loop.label = 1; loop.labl",
];

/// Cases that need the helper module.
const DEVICE_CASES: &[&str] = &["disk.raed(10)", "disk.write_blockin(1)", "disk.latency_"];

fn program(helper: bool, case: &str) -> String {
    let import = if helper {
        "import asyncio\nfrom awaitscope import Device\n\ndisk = Device('disk', latency=0.1)\n\n"
    } else {
        "import asyncio\n\n"
    };
    format!("{import}{SETUP}    {case}\n\nasyncio.run(main())\n")
}

/// The last line of stderr, and the exit code.
fn ending(out: std::process::Output) -> (String, Option<i32>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default().to_string();
    (last, out.status.code())
}

#[test]
fn misspelt_attributes_end_as_in_python3() {
    let dir = std::env::temp_dir().join(format!("awaitscope-attrs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let programs: Vec<(String, String)> = CASES
        .iter()
        .flat_map(|case| [true, false].map(|helper| (case, helper)))
        .chain(DEVICE_CASES.iter().map(|case| (case, true)))
        .map(|(case, helper)| (format!("{case} (helper: {helper})"), program(helper, case)))
        .collect();
    // Two at a time: the runs are independent, and python3 dominates.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = programs
            .chunks(programs.len().div_ceil(2))
            .enumerate()
            .map(|(worker, chunk)| {
                let dir = &dir;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (i, (what, source)) in chunk.iter().enumerate() {
                        let file = dir.join(format!("case_{worker}_{i}.py"));
                        std::fs::write(&file, source).unwrap();
                        let python = ending(
                            Command::new("python3")
                                .arg(&file)
                                .env("PYTHONPATH", root().join("python"))
                                .output()
                                .expect("python3 runs"),
                        );
                        let simulator = ending(
                            Command::new(env!("CARGO_BIN_EXE_awaitscope"))
                                .arg("run")
                                .arg(&file)
                                .output()
                                .expect("the CLI runs"),
                        );
                        if python.1 != Some(1) || !python.0.starts_with("AttributeError: ") {
                            failures
                                .push(format!("{what}: python3 did not fail as meant: {python:?}"));
                        } else if simulator != python {
                            failures.push(format!(
                                "{what}:\n  python3:   {python:?}\n  simulator: {simulator:?}"
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
