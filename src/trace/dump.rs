//! A stable, line-per-event text rendering of a trace, for golden tests and for
//! reading a run by eye.

use std::fmt::Write;

use super::{EventKind, Trace, WaitTarget};

impl Trace {
    /// One line per event: the virtual time in seconds, then what happened.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let task = |i: u32| {
            self.tasks
                .get(i as usize)
                .map(|t| t.name.as_str())
                .unwrap_or("?")
        };
        for e in &self.events {
            let _ = write!(out, "{:>10.6} ", e.t_us as f64 / 1e6);
            let _ = match &e.kind {
                EventKind::LoopIteration { index, ready } => {
                    let labels: Vec<&str> = ready.iter().map(|r| &*r.label).collect();
                    writeln!(out, "iteration {index} ready [{}]", labels.join(", "))
                }
                EventKind::SelectorWait { dur_us } => writeln!(out, "selector waits {dur_us}us"),
                EventKind::TaskCreated { task: t } => writeln!(out, "{} created", task(*t)),
                EventKind::TaskReady { task: t } => writeln!(out, "{} ready", task(*t)),
                EventKind::TaskRunning { task: t, line } => {
                    writeln!(out, "{} runs from line {line}", task(*t))
                }
                EventKind::TaskSuspended { task: t, line, on } => {
                    let on = match on {
                        WaitTarget::Device { request } => format!("request {request}"),
                        WaitTarget::Timer { until_us } => format!("timer at {until_us}us"),
                        WaitTarget::Yield => "the next iteration".into(),
                        WaitTarget::Task { task: other } => format!("task {}", task(*other)),
                        WaitTarget::Sync { what } => what.to_string(),
                        WaitTarget::Future => "a future".into(),
                    };
                    writeln!(out, "{} awaits at line {line} on {on}", task(*t))
                }
                EventKind::TaskDone { task: t, end } => {
                    writeln!(
                        out,
                        "{} done: {}",
                        task(*t),
                        serde_json::to_string(end).unwrap_or_default()
                    )
                }
                EventKind::CallbackRunning { label, line } => {
                    writeln!(out, "callback {label} (line {line})")
                }
                EventKind::CpuBusy { dur_us, line, .. } => {
                    writeln!(out, "cpu {dur_us}us at line {line}")
                }
                EventKind::Asleep { dur_us, line, .. } => {
                    writeln!(out, "sleep {dur_us}us at line {line}")
                }
                EventKind::IoWait {
                    request,
                    dur_us,
                    line,
                    ..
                } => writeln!(
                    out,
                    "io wait {dur_us}us for request {request} at line {line}"
                ),
                EventKind::RequestSubmitted { request } => {
                    let r = &self.requests[*request as usize];
                    let device = self
                        .devices
                        .get(r.device as usize)
                        .map(|d| d.name.as_str())
                        .unwrap_or("?");
                    writeln!(
                        out,
                        "request {request} submitted to {device} ({:?} {} bytes)",
                        r.op, r.nbytes
                    )
                }
                EventKind::RequestStarted { request } => writeln!(out, "request {request} started"),
                EventKind::RequestCompleted { request } => {
                    writeln!(out, "request {request} completed")
                }
                EventKind::Print { text, .. } => writeln!(out, "print {text:?}"),
            };
        }
        let _ = writeln!(
            out,
            "outcome {}",
            serde_json::to_string(&self.outcome).unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "totals {}",
            serde_json::to_string(&self.totals).unwrap_or_default()
        );
        out
    }
}
