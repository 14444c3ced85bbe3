//! The same program twice gives a byte-identical trace.

use std::path::Path;

use awaitscope::trace::Mode;
use awaitscope::Limits;

#[test]
fn the_same_program_gives_the_same_trace_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    let mut checked = 0;
    for entry in entries {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "py") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable");
        for mode in [Mode::Async, Mode::Blocking] {
            let a = awaitscope::run(&source, mode, &Limits::default());
            let b = awaitscope::run(&source, mode, &Limits::default());
            let (Ok(a), Ok(b)) = (a, b) else { continue };
            let a = serde_json::to_string(&a).expect("json");
            let b = serde_json::to_string(&b).expect("json");
            assert!(
                a == b,
                "{} ({mode:?}) gave two different traces",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "checked only {checked} runs");
}
