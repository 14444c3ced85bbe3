//! Chrome's Trace Event Format, which Perfetto and chrome://tracing open: one
//! process per run (the event loop, the blocking baseline), a track for the CPU, one
//! per device slot and one per task. The segments are the timeline's own
//! (`ui::model::timeline`, which is yew-free), so the export shows exactly what the
//! page draws.

use serde_json::{json, Value as Json};

use crate::trace::{EventKind, Mode, Trace};
use crate::ui::model::timeline::{LaneKind, Timeline};

/// The Trace Event JSON for one or more runs of the same program.
pub fn chrome_trace(runs: &[&Trace]) -> Json {
    let mut events = Vec::new();
    for (i, trace) in runs.iter().enumerate() {
        let pid = i as u64 + 1;
        let process = match trace.mode {
            Mode::Async => "event loop",
            Mode::Blocking => "blocking baseline",
        };
        events.push(
            json!({"ph": "M", "pid": pid, "name": "process_name", "args": {"name": process}}),
        );
        events.push(json!({"ph": "M", "pid": pid, "name": "process_sort_index", "args": {"sort_index": pid}}));
        run_events(trace, pid, &mut events);
    }
    json!({"traceEvents": events, "displayTimeUnit": "ms"})
}

fn run_events(trace: &Trace, pid: u64, events: &mut Vec<Json>) {
    let timeline = Timeline::from_trace(trace);
    // A track (tid) per lane, and per sub-row of a device lane: requests served at
    // the same time overlap, and a track's complete events must nest.
    let mut next_tid = 0u64;
    let mut task_tid = vec![None; trace.tasks.len()];
    for lane in &timeline.lanes {
        let first_tid = next_tid;
        let rows = u64::from(lane.rows.max(1));
        next_tid += rows;
        for row in 0..rows {
            let tid = first_tid + row;
            let name = match (lane.kind, rows) {
                (LaneKind::Device(_), n) if n > 1 => format!("{} #{}", lane.label, row + 1),
                _ if lane.sublabel.is_empty() => lane.label.clone(),
                _ => format!("{} {}", lane.label, lane.sublabel),
            };
            events.push(json!({"ph": "M", "pid": pid, "tid": tid, "name": "thread_name", "args": {"name": name}}));
            events.push(json!({"ph": "M", "pid": pid, "tid": tid, "name": "thread_sort_index", "args": {"sort_index": tid}}));
        }
        if let LaneKind::Task(t) = lane.kind {
            if let Some(slot) = task_tid.get_mut(t as usize) {
                *slot = Some(first_tid);
            }
        }
        for seg in &lane.segments {
            let mut args = json!({"line": seg.line});
            if let Some(task) = seg.task.and_then(|t| trace.tasks.get(t as usize)) {
                args["task"] = json!(task.name);
            }
            if let Some(r) = seg.request {
                args["request"] = json!(r);
            }
            if let Some(label) = &seg.callback {
                args["callback"] = json!(label);
            }
            events.push(json!({
                "ph": "X",
                "pid": pid,
                "tid": first_tid + u64::from(seg.row),
                "ts": seg.start_us,
                "dur": seg.duration_us(),
                "name": seg.kind.describe(),
                "cat": seg.kind.class().trim_start_matches("seg-"),
                "args": args,
            }));
        }
    }
    // Prints are instants on the task that printed (or the first track).
    for e in &trace.events {
        if let EventKind::Print { task, line, text } = &e.kind {
            let tid = task
                .and_then(|t| task_tid.get(t as usize).copied().flatten())
                .unwrap_or(0);
            events.push(json!({
                "ph": "i",
                "s": "t",
                "pid": pid,
                "tid": tid,
                "ts": e.t_us,
                "name": format!("print {}", text.trim_end()),
                "args": {"line": line},
            }));
        }
    }
}
