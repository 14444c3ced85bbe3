//! Golden trace dumps: for every scenario with a `NAME.trace` file beside it, the
//! async run's dump must equal the file. `UPDATE_GOLDEN=1 cargo test --test golden`
//! rewrites them after an intended change (review the diff).

use std::path::Path;

use awaitscope::trace::Mode;
use awaitscope::Limits;

#[test]
fn golden_trace_dumps_are_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let golden = entry.path();
        if golden.extension().is_none_or(|x| x != "trace") {
            continue;
        }
        let source = std::fs::read_to_string(golden.with_extension("py"))
            .expect("scenario beside its trace");
        let trace =
            awaitscope::run(&source, Mode::Async, &Limits::default()).expect("scenario compiles");
        let dump = trace.dump();
        if update {
            std::fs::write(&golden, &dump).expect("writable");
        } else if std::fs::read_to_string(&golden).expect("readable") != dump {
            failures.push(golden.display().to_string());
        }
        checked += 1;
    }
    assert!(
        checked >= 5,
        "expected at least 5 golden traces, found {checked}"
    );
    assert!(failures.is_empty(), "trace dumps changed: {failures:?}");
}
