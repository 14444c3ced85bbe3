//! Chrome's Trace Event Format, which Perfetto and chrome://tracing open: one
//! process per run (the event loop, the blocking baseline), a track for the CPU, one
//! per device slot and one per task. The segments are the timeline's own
//! (`ui::model::timeline`, which is yew-free), so the export shows exactly what the
//! page draws.

use std::fmt::{self, Write as _};

use crate::trace::{EventKind, Mode, Trace};
use crate::ui::model::timeline::{LaneKind, Timeline};

/// The Trace Event JSON for one or more runs of the same program: an object with
/// `traceEvents` and `displayTimeUnit`, one event per line.
///
/// Written with `fmt::Write` rather than built as a `serde_json::Value`: the page
/// makes this file too, and a tree of values costs the browser build more code.
pub fn chrome_trace(runs: &[&Trace]) -> String {
    let mut events = Events {
        out: String::with_capacity(64 * 1024),
        count: 0,
    };
    events.out.push_str("{\"traceEvents\":[");
    for (i, trace) in runs.iter().enumerate() {
        let pid = i as u64 + 1;
        let process = match trace.mode {
            Mode::Async => "event loop",
            Mode::Blocking => "blocking baseline",
        };
        events.push(format_args!(
            r#"{{"ph":"M","pid":{pid},"name":"process_name","args":{{"name":{}}}}}"#,
            JsonStr(process)
        ));
        events.push(format_args!(
            r#"{{"ph":"M","pid":{pid},"name":"process_sort_index","args":{{"sort_index":{pid}}}}}"#
        ));
        run_events(trace, pid, &mut events);
    }
    events.out.push_str("\n],\"displayTimeUnit\":\"ms\"}");
    events.out
}

/// The `traceEvents` list under construction.
struct Events {
    out: String,
    count: usize,
}

impl Events {
    fn push(&mut self, event: fmt::Arguments) {
        self.out
            .push_str(if self.count == 0 { "\n" } else { ",\n" });
        self.count += 1;
        let _ = self.out.write_fmt(event);
    }
}

fn run_events(trace: &Trace, pid: u64, events: &mut Events) {
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
            events.push(format_args!(
                r#"{{"ph":"M","pid":{pid},"tid":{tid},"name":"thread_name","args":{{"name":{}}}}}"#,
                JsonStr(&name)
            ));
            events.push(format_args!(
                r#"{{"ph":"M","pid":{pid},"tid":{tid},"name":"thread_sort_index","args":{{"sort_index":{tid}}}}}"#
            ));
        }
        if let LaneKind::Task(t) = lane.kind {
            if let Some(slot) = task_tid.get_mut(t as usize) {
                *slot = Some(first_tid);
            }
        }
        for seg in &lane.segments {
            let mut args = format!(r#"{{"line":{}"#, seg.line);
            if let Some(task) = seg.task.and_then(|t| trace.tasks.get(t as usize)) {
                let _ = write!(args, r#","task":{}"#, JsonStr(&task.name));
            }
            if let Some(r) = seg.request {
                let _ = write!(args, r#","request":{r}"#);
            }
            if let Some(label) = &seg.callback {
                let _ = write!(args, r#","callback":{}"#, JsonStr(label));
            }
            args.push('}');
            events.push(format_args!(
                r#"{{"ph":"X","pid":{pid},"tid":{},"ts":{},"dur":{},"name":{},"cat":{},"args":{args}}}"#,
                first_tid + u64::from(seg.row),
                seg.start_us,
                seg.duration_us(),
                JsonStr(seg.kind.describe()),
                JsonStr(seg.kind.class().trim_start_matches("seg-")),
            ));
        }
    }
    // Prints are instants on the task that printed (or the first track).
    for e in &trace.events {
        if let EventKind::Print { task, line, text } = &e.kind {
            let tid = task
                .and_then(|t| task_tid.get(t as usize).copied().flatten())
                .unwrap_or(0);
            events.push(format_args!(
                r#"{{"ph":"i","s":"t","pid":{pid},"tid":{tid},"ts":{},"name":{},"args":{{"line":{line}}}}}"#,
                e.t_us,
                JsonStr(&format!("print {}", text.trim_end())),
            ));
        }
    }
}

/// A JSON string literal: quoted, with quotes, backslashes and control characters
/// escaped (everything else, any Unicode, is written as it is: JSON is UTF-8).
struct JsonStr<'a>(&'a str);

impl fmt::Display for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::JsonStr;

    #[test]
    fn strings_are_escaped_as_json_reads_them() {
        for text in [
            "plain",
            "quote \" back \\ slash",
            "\u{0}\u{1f}\n\t\r",
            "名前 🚀 \u{2028}",
        ] {
            let written = JsonStr(text).to_string();
            let read: String = serde_json::from_str(&written).expect("valid JSON");
            assert_eq!(read, text);
        }
    }
}
