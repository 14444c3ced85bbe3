//! Browser tests (wasm-bindgen-test in headless Chromium) for the pieces of the UI
//! that have logic of their own: the timeline model, the playhead, snapshots, and the
//! mounted app. Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test web` (scripts/test-web.sh does).
#![cfg(target_arch = "wasm32")]

use awaitscope::ui::model::{sample, Replay};
use awaitscope::{analyze, presets, Limits};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn replay_of(source: &str) -> Replay {
    let analysis = analyze(source, &Limits::default());
    Replay::new(
        source.to_string(),
        analysis.async_run.expect("async run"),
        analysis.blocking_run.expect("blocking run"),
    )
}

#[wasm_bindgen_test]
fn the_sample_trace_derives_the_same_lanes_in_the_browser() {
    let replay = Replay::new(String::new(), sample::trace(), sample::blocking_trace());
    assert_eq!(replay.async_timeline.lanes.len(), 4);
    assert_eq!(replay.blocking_timeline.lanes.len(), 1);
    assert_eq!(replay.axis_end_us, 300);
    assert!(!replay.async_chunks.is_empty() && !replay.async_chunks[0].paths.is_empty());
}

#[wasm_bindgen_test]
fn every_preset_steps_forward_to_the_end_and_back_to_the_start() {
    for preset in presets::ALL {
        let replay = replay_of(preset.source);
        let steps = &replay.steps;
        let mut p = steps.start();
        let mut n = 0;
        while !steps.at_end(p) {
            let next = steps.forward(p);
            assert!(
                next.t_us >= p.t_us && next != p,
                "{}: forward moves on",
                preset.id
            );
            // Every intermediate state can be drawn.
            let _ = replay.snapshot(next, 1_000);
            p = next;
            n += 1;
            assert!(n < 100_000, "{}: stepping ends", preset.id);
        }
        while p != steps.start() {
            let prev = steps.back(p);
            assert!(prev.t_us <= p.t_us, "{}: back goes back", preset.id);
            p = prev;
        }
    }
}

#[wasm_bindgen_test]
fn lanes_cover_cpu_devices_and_every_task() {
    for preset in presets::ALL {
        let replay = replay_of(preset.source);
        let trace = &replay.async_run;
        assert_eq!(
            replay.async_timeline.lanes.len(),
            // asyncio's own shutdown tasks (internal) get no lane.
            1 + trace.devices.len() + trace.tasks.iter().filter(|t| !t.internal).count(),
            "{}",
            preset.id
        );
        for lane in &replay.async_timeline.lanes {
            for seg in &lane.segments {
                assert!(seg.start_us <= seg.end_us, "{}: {:?}", preset.id, seg);
                assert!(seg.end_us <= replay.axis_end_us, "{}: {:?}", preset.id, seg);
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_draws_both_timelines() {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<awaitscope::ui::App>::with_root(root.clone()).render();
    gloo_timers::future::TimeoutFuture::new(50).await;
    for label in ["Event loop timeline", "Blocking timeline"] {
        let paths = root
            .query_selector_all(&format!("[aria-label=\"{label}\"] path"))
            .unwrap();
        assert!(paths.length() >= 2, "{label} has paths");
    }
    assert!(root
        .query_selector("[aria-label=\"Statistics\"]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("textarea[aria-label=\"Scenario code\"]")
        .unwrap()
        .is_some());
}

/// A value nested 100,000 deep is freed without overflowing the browser's stack
/// (before the trashcan in `sim::value`, it trapped and left the page dead).
#[wasm_bindgen_test]
fn deeply_nested_values_are_freed_in_the_browser() {
    let source = include_str!("scenarios/deep_nesting.py");
    let analysis = analyze(source, &Limits::default());
    for run in [analysis.async_run, analysis.blocking_run] {
        let run = run.expect("runs");
        assert_eq!(run.outcome, awaitscope::trace::Outcome::Completed);
        let printed: String = run.output.iter().map(|c| c.text.as_str()).collect();
        assert!(printed.ends_with("freed\n"), "{printed}");
    }
}

/// A program that keeps allocating stops at the memory limit instead of growing the
/// page's memory until an allocation fails, which would trap and leave the page dead
/// (WebAssembly has 4 GB at most; unchecked, this program wants 24 GB).
#[wasm_bindgen_test]
fn a_program_that_keeps_allocating_stops_in_the_browser() {
    let source =
        "rows = []\nfor i in range(100):\n    rows.append([i] * 10**7)\nprint(len(rows))\n";
    let analysis = analyze(source, &Limits::default());
    for run in [analysis.async_run, analysis.blocking_run] {
        let run = run.expect("runs");
        let awaitscope::trace::Outcome::LimitExceeded { message, line } = &run.outcome else {
            panic!("expected the memory limit, got {:?}", run.outcome);
        };
        assert!(message.contains("512 MB of memory (limit)"), "{message}");
        assert_eq!(*line, 3);
    }
}
