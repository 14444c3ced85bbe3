//! The Chrome Trace Event export is a file Perfetto and chrome://tracing accept:
//! named processes and tracks, complete events with times, and on each track events
//! that nest or follow each other (a track's complete events may not cross).

use std::collections::{BTreeMap, BTreeSet};

use awaitscope::{analyze, presets, Limits};
use serde_json::Value;

fn check(name: &str, doc: &Value) {
    let events = doc["traceEvents"]
        .as_array()
        .expect("traceEvents is an array");
    let mut named_tracks = BTreeSet::new();
    let mut named_processes = BTreeSet::new();
    let mut spans: BTreeMap<(u64, u64), Vec<(u64, u64)>> = BTreeMap::new();
    for e in events {
        let ph = e["ph"].as_str().expect("every event has a phase");
        let pid = e["pid"].as_u64().expect("every event has a pid");
        match ph {
            "M" => match e["name"].as_str() {
                Some("thread_name") => {
                    assert!(
                        e["args"]["name"].as_str().is_some_and(|n| !n.is_empty()),
                        "{name}: unnamed track"
                    );
                    named_tracks.insert((pid, e["tid"].as_u64().expect("tid")));
                }
                Some("process_name") => {
                    named_processes.insert(pid);
                }
                _ => {}
            },
            "X" => {
                let tid = e["tid"].as_u64().expect("tid");
                let ts = e["ts"].as_u64().expect("ts in microseconds");
                let dur = e["dur"].as_u64().expect("dur in microseconds");
                assert!(
                    e["name"].as_str().is_some(),
                    "{name}: complete event without a name"
                );
                spans.entry((pid, tid)).or_default().push((ts, ts + dur));
            }
            "i" => {
                assert!(e["ts"].as_u64().is_some(), "{name}: instant without a time");
                assert!(named_tracks.contains(&(pid, e["tid"].as_u64().expect("tid"))));
            }
            other => panic!("{name}: unexpected phase {other}"),
        }
    }
    assert_eq!(
        named_processes.len(),
        2,
        "{name}: the event loop and the blocking baseline"
    );
    assert!(!spans.is_empty(), "{name}: no complete events");
    for (track, mut list) in spans {
        assert!(
            named_tracks.contains(&track),
            "{name}: track {track:?} has no name"
        );
        list.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        // Nested or disjoint: a stack of open spans never sees a crossing one.
        let mut open: Vec<u64> = Vec::new();
        for (start, end) in list {
            while open.last().is_some_and(|&e| e <= start) {
                open.pop();
            }
            if let Some(&outer_end) = open.last() {
                assert!(
                    end <= outer_end,
                    "{name}: crossing events on track {track:?}"
                );
            }
            open.push(end);
        }
    }
}

#[test]
fn every_preset_exports_a_valid_trace_event_file() {
    for preset in presets::ALL {
        let analysis = analyze(preset.source, &Limits::default());
        let (Some(a), Some(b)) = (analysis.async_run, analysis.blocking_run) else {
            panic!("{} does not run", preset.id);
        };
        let text = awaitscope::export::chrome_trace(&[&a, &b]);
        let doc: Value = serde_json::from_str(&text).expect("the export is JSON");
        check(preset.id, &doc);
    }
}
