//! Timeline lanes derived from a trace: a lane per task (running / ready / waiting on
//! I/O / asleep / waiting on something else), a CPU lane and a lane per device for the
//! event-loop run; one thread lane for the blocking baseline.
//!
//! Segments are computed once per trace; `paint` groups them into a handful of SVG
//! paths, so even a 1,000-task run is a few DOM nodes.

use super::time_format;
use crate::trace::{
    DeviceIndex, EventKind, IoOp, Label, Mode, RequestIndex, TaskEnd, TaskIndex, Trace, WaitTarget,
};

/// What a lane is doing during a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SegmentKind {
    /// On the CPU (a zero-length segment is a step that took no virtual time).
    Running,
    /// Ready, waiting in the ready queue for the CPU.
    Ready,
    /// Waiting for a device request.
    IoWait,
    /// Waiting for a timer (`asyncio.sleep`) or sleeping (`time.sleep`).
    Asleep,
    /// Waiting for another task, a queue, a lock, an event …
    Waiting,
    /// The loop waits in the selector with nothing to run.
    Idle,
    /// A device request waits in the device's queue.
    Queued,
    /// A device request is being served.
    Serving,
}

impl SegmentKind {
    /// Words for the legend and tooltips.
    pub fn describe(self) -> &'static str {
        match self {
            SegmentKind::Running => "running",
            SegmentKind::Ready => "ready, waiting for the CPU",
            SegmentKind::IoWait => "waiting on I/O",
            SegmentKind::Asleep => "asleep",
            SegmentKind::Waiting => "waiting",
            SegmentKind::Idle => "idle in the selector",
            SegmentKind::Queued => "queued at the device",
            SegmentKind::Serving => "being served",
        }
    }

    /// CSS class of the paint.
    pub fn class(self) -> &'static str {
        match self {
            SegmentKind::Running => "seg-run",
            SegmentKind::Ready => "seg-ready",
            SegmentKind::IoWait => "seg-io",
            SegmentKind::Asleep => "seg-sleep",
            SegmentKind::Waiting => "seg-wait",
            SegmentKind::Idle => "seg-idle",
            SegmentKind::Queued => "seg-queued",
            SegmentKind::Serving => "seg-serving",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub start_us: u64,
    pub end_us: u64,
    pub kind: SegmentKind,
    pub task: Option<TaskIndex>,
    /// The source line it belongs to (0 when unknown).
    pub line: u32,
    pub request: Option<RequestIndex>,
    pub waits_on: Option<WaitTarget>,
    /// The whole thread is held: `time.sleep`, a blocking read, CPU work. Nothing
    /// else can run, which is what stalls an event loop.
    pub holds_thread: bool,
    /// Sub-row in a device lane (requests served at the same time stack up).
    pub row: u16,
    /// A plain callback's label (`hello`), for callback-style programs.
    pub callback: Option<Label>,
}

impl Segment {
    pub(super) fn new(kind: SegmentKind, start_us: u64, end_us: u64) -> Segment {
        Segment {
            start_us,
            end_us,
            kind,
            task: None,
            line: 0,
            request: None,
            waits_on: None,
            holds_thread: false,
            row: 0,
            callback: None,
        }
    }

    pub fn duration_us(&self) -> u64 {
        self.end_us - self.start_us
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneKind {
    Cpu,
    Device(DeviceIndex),
    Task(TaskIndex),
    /// The blocking baseline's one thread.
    Thread,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub kind: LaneKind,
    pub label: String,
    /// A second, quieter label: the coroutine, the device's parallelism.
    pub sublabel: String,
    /// Sub-rows (device lanes with requests in flight together).
    pub rows: u16,
    pub height_px: u32,
    /// Sorted by start.
    pub segments: Vec<Segment>,
    /// How a task lane ended.
    pub end: Option<TaskEnd>,
}

impl Lane {
    fn new(kind: LaneKind, label: String, sublabel: String) -> Lane {
        Lane {
            kind,
            label,
            sublabel,
            rows: 1,
            height_px: TASK_LANE_PX,
            segments: Vec::new(),
            end: None,
        }
    }

    /// Puts the segments in order of their start and gives back the room the vector
    /// grew into: a run of 10,000 tasks has 880,000 segments, and the doubling
    /// vectors held about half as much again.
    fn finish_segments(&mut self) {
        crate::sort::sort_by_key(&mut self.segments, |s| (s.start_us, 0));
        self.segments.shrink_to_fit();
    }

    /// The segment under `t_us` (within `tolerance_us`, so zero-length steps can be
    /// hovered), in sub-row `row` for device lanes.
    pub fn segment_at(&self, t_us: u64, tolerance_us: u64, row: Option<u16>) -> Option<&Segment> {
        let upto = self
            .segments
            .partition_point(|s| s.start_us <= t_us.saturating_add(tolerance_us));
        let mut best: Option<&Segment> = None;
        for seg in self.segments[..upto].iter().rev().take(512) {
            if row.is_some_and(|r| r != seg.row) {
                continue;
            }
            if seg.end_us.saturating_add(tolerance_us) < t_us {
                continue;
            }
            let contains = seg.start_us <= t_us && t_us <= seg.end_us;
            // Prefer a segment that really contains t, then the shortest one, so a
            // zero-length step is found on top of a long segment.
            let better = match best {
                None => true,
                Some(b) => {
                    let b_contains = b.start_us <= t_us && t_us <= b.end_us;
                    (contains && !b_contains)
                        || (contains == b_contains && seg.duration_us() < b.duration_us())
                }
            };
            if better {
                best = Some(seg);
            }
        }
        best
    }
}

pub const CPU_LANE_PX: u32 = 20;
pub const TASK_LANE_PX: u32 = 16;
pub const DEVICE_ROW_PX: u32 = 6;
pub const MAX_DEVICE_ROWS: u16 = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub mode: Mode,
    pub lanes: Vec<Lane>,
    /// Top of each lane in px, and the total height last.
    pub lane_tops: Vec<u32>,
    pub end_us: u64,
    pub task_names: Vec<String>,
    pub task_coros: Vec<String>,
    pub device_names: Vec<String>,
}

impl Timeline {
    /// The lanes of a trace: for the async run CPU, devices and tasks; for the
    /// blocking baseline the one thread.
    pub fn from_trace(trace: &Trace) -> Timeline {
        let lanes = match trace.mode {
            Mode::Async => {
                let mut lanes = vec![thread_lane(trace, LaneKind::Cpu)];
                lanes.extend(device_lanes(trace));
                lanes.extend(task_lanes(trace));
                lanes
            }
            Mode::Blocking => vec![thread_lane(trace, LaneKind::Thread)],
        };
        let mut lane_tops = Vec::with_capacity(lanes.len() + 1);
        let mut y = 0;
        for lane in &lanes {
            lane_tops.push(y);
            y += lane.height_px;
        }
        lane_tops.push(y);
        Timeline {
            mode: trace.mode,
            lanes,
            lane_tops,
            end_us: trace.totals.wall_us,
            task_names: trace.tasks.iter().map(|t| t.name.clone()).collect(),
            task_coros: trace.tasks.iter().map(|t| t.coro.clone()).collect(),
            device_names: trace.devices.iter().map(|d| d.name.clone()).collect(),
        }
    }

    pub fn height_px(&self) -> u32 {
        *self.lane_tops.last().unwrap_or(&0)
    }

    /// The lane at `y_px` from the top, and the sub-row within it.
    pub fn lane_at(&self, y_px: f64) -> Option<(usize, u16)> {
        if y_px < 0.0 {
            return None;
        }
        let y = y_px as u32;
        let i = self
            .lane_tops
            .partition_point(|&top| top <= y)
            .checked_sub(1)?;
        let lane = self.lanes.get(i)?;
        let within = y - self.lane_tops[i];
        let row = if matches!(lane.kind, LaneKind::Device(_)) {
            ((within.saturating_sub(2)) / DEVICE_ROW_PX).min(lane.rows as u32 - 1) as u16
        } else {
            0
        };
        Some((i, row))
    }

    /// What a hovered segment is, in words: a title and detail lines.
    pub fn describe(&self, lane: &Lane, seg: &Segment) -> Vec<String> {
        let task = seg.task.map(|t| {
            let t = t as usize;
            format!(
                "{} · {}()",
                self.task_names.get(t).map_or("?", String::as_str),
                self.task_coros.get(t).map_or("?", String::as_str)
            )
        });
        let mut lines = Vec::new();
        let what = match (seg.kind, &seg.waits_on) {
            (SegmentKind::Running, _) if seg.duration_us() == 0 => {
                "runs a step (no virtual time)".to_string()
            }
            (SegmentKind::Running, _) if seg.holds_thread || lane.kind != LaneKind::Cpu => {
                "running on the CPU".to_string()
            }
            (SegmentKind::Running, _) => "CPU busy".to_string(),
            (SegmentKind::Asleep, _) if seg.holds_thread => {
                "time.sleep: the whole thread sleeps".to_string()
            }
            (SegmentKind::Asleep, _) => "asleep: waiting for a timer".to_string(),
            (SegmentKind::IoWait, _) if seg.holds_thread => {
                "blocking I/O: the whole thread waits".to_string()
            }
            (SegmentKind::Waiting, Some(WaitTarget::Task { task })) => format!(
                "waiting for {}",
                self.task_names
                    .get(*task as usize)
                    .map_or("?", String::as_str)
            ),
            (SegmentKind::Waiting, Some(WaitTarget::Sync { what })) => format!("waiting on {what}"),
            (kind, _) => kind.describe().to_string(),
        };
        lines.push(match (&task, &seg.callback) {
            (Some(task), _) => format!("{task}: {what}"),
            (None, Some(cb)) => format!("callback {cb}(): {what}"),
            (None, None) => what,
        });
        if let Some(r) = seg.request {
            lines.push(format!("request #{r}"));
        }
        if let LaneKind::Device(d) = lane.kind {
            lines.push(format!(
                "device: {}",
                self.device_names
                    .get(d as usize)
                    .map_or("?", String::as_str)
            ));
        }
        if seg.line > 0 {
            lines.push(format!("line {}", seg.line));
        }
        lines.push(format!(
            "{} → {} ({})",
            time_format::clock(seg.start_us),
            time_format::clock(seg.end_us),
            time_format::duration(seg.duration_us())
        ));
        lines
    }
}

/// The CPU lane (async run) or the thread lane (blocking baseline): what the one
/// thread does over time.
fn thread_lane(trace: &Trace, kind: LaneKind) -> Lane {
    let (label, sublabel) = match kind {
        LaneKind::Thread => ("Thread".to_string(), "runs every wait in place".to_string()),
        _ => ("CPU".to_string(), "the loop's one thread".to_string()),
    };
    let mut lane = Lane::new(kind, label, sublabel);
    lane.height_px = CPU_LANE_PX;
    for e in &trace.events {
        let t = e.t_us;
        let seg = match &e.kind {
            EventKind::CpuBusy { task, line, dur_us } => Segment {
                task: *task,
                line: *line,
                holds_thread: true,
                ..Segment::new(SegmentKind::Running, t, t + dur_us)
            },
            EventKind::Asleep { task, line, dur_us } => Segment {
                task: *task,
                line: *line,
                holds_thread: true,
                ..Segment::new(SegmentKind::Asleep, t, t + dur_us)
            },
            EventKind::IoWait {
                task,
                line,
                request,
                dur_us,
            } => Segment {
                task: *task,
                line: *line,
                request: Some(*request),
                holds_thread: true,
                ..Segment::new(SegmentKind::IoWait, t, t + dur_us)
            },
            EventKind::SelectorWait { dur_us } => Segment::new(SegmentKind::Idle, t, t + dur_us),
            EventKind::TaskRunning { task, line } => Segment {
                task: Some(*task),
                line: *line,
                ..Segment::new(SegmentKind::Running, t, t)
            },
            EventKind::CallbackRunning { label, line } => Segment {
                line: *line,
                callback: Some(label.clone()),
                ..Segment::new(SegmentKind::Running, t, t)
            },
            _ => continue,
        };
        lane.segments.push(seg);
    }
    lane.finish_segments();
    lane
}

fn device_lanes(trace: &Trace) -> Vec<Lane> {
    let mut lanes: Vec<Lane> = trace
        .devices
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let sublabel = match d.parallel {
                Some(1) => "one at a time".to_string(),
                Some(n) => format!("{n} at a time"),
                None => "unlimited".to_string(),
            };
            Lane::new(LaneKind::Device(i as DeviceIndex), d.name.clone(), sublabel)
        })
        .collect();
    let mut rows_free_at: Vec<Vec<u64>> = vec![Vec::new(); lanes.len()];
    let mut order: Vec<usize> = (0..trace.requests.len()).collect();
    crate::sort::sort_by_key(&mut order, |&r| (trace.requests[r].submitted_us, r as u64));
    for r in order {
        let req = &trace.requests[r];
        let Some(lane) = lanes.get_mut(req.device as usize) else {
            continue;
        };
        let rows = &mut rows_free_at[req.device as usize];
        let row = match rows.iter().position(|&free| free <= req.submitted_us) {
            Some(row) => row,
            None if rows.len() < MAX_DEVICE_ROWS as usize => {
                rows.push(0);
                rows.len() - 1
            }
            None => (0..rows.len()).min_by_key(|&i| rows[i]).unwrap_or(0),
        };
        rows[row] = req.completed_us;
        let base = Segment {
            task: req.task,
            line: req.line,
            request: Some(r as RequestIndex),
            holds_thread: req.blocking,
            row: row as u16,
            ..Segment::new(SegmentKind::Serving, req.started_us, req.completed_us)
        };
        if req.started_us > req.submitted_us {
            lane.segments.push(Segment {
                kind: SegmentKind::Queued,
                start_us: req.submitted_us,
                end_us: req.started_us,
                ..base.clone()
            });
        }
        lane.segments.push(base);
    }
    for (lane, rows) in lanes.iter_mut().zip(&rows_free_at) {
        lane.rows = (rows.len() as u16).max(1);
        lane.height_px = (lane.rows as u32 * DEVICE_ROW_PX + 4).max(TASK_LANE_PX);
        lane.finish_segments();
    }
    lanes
}

/// What a task lane is showing since some instant.
struct Open {
    kind: SegmentKind,
    since_us: u64,
    line: u32,
    waits_on: Option<WaitTarget>,
}

fn task_lanes(trace: &Trace) -> Vec<Lane> {
    let mut lanes: Vec<Lane> = trace
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Lane::new(
                LaneKind::Task(i as TaskIndex),
                t.name.clone(),
                format!("{}()", t.coro),
            )
        })
        .collect();
    let mut open: Vec<Option<Open>> = (0..lanes.len()).map(|_| None).collect();
    let mut last_line: Vec<u32> = trace.tasks.iter().map(|t| t.def_line).collect();

    fn close(lane: &mut Lane, open: &mut Option<Open>, task: TaskIndex, at_us: u64) {
        if let Some(o) = open.take() {
            if at_us > o.since_us || o.kind == SegmentKind::Running {
                let request = match &o.waits_on {
                    Some(WaitTarget::Device { request }) => Some(*request),
                    _ => None,
                };
                lane.segments.push(Segment {
                    task: Some(task),
                    line: o.line,
                    request,
                    waits_on: o.waits_on,
                    ..Segment::new(o.kind, o.since_us, at_us.max(o.since_us))
                });
            }
        }
    }

    for e in &trace.events {
        let t = e.t_us;
        let (task, next) = match &e.kind {
            EventKind::TaskReady { task } => (*task, Some((SegmentKind::Ready, None, None))),
            EventKind::TaskRunning { task, line } => {
                (*task, Some((SegmentKind::Running, Some(*line), None)))
            }
            EventKind::CpuBusy {
                task: Some(task),
                line,
                ..
            } => (*task, Some((SegmentKind::Running, Some(*line), None))),
            EventKind::TaskSuspended { task, line, on } => {
                let kind = match on {
                    WaitTarget::Device { .. } => SegmentKind::IoWait,
                    WaitTarget::Timer { .. } => SegmentKind::Asleep,
                    WaitTarget::Yield => SegmentKind::Ready,
                    _ => SegmentKind::Waiting,
                };
                (*task, Some((kind, Some(*line), Some(on.clone()))))
            }
            EventKind::TaskDone { task, end } => {
                if let Some(lane) = lanes.get_mut(*task as usize) {
                    lane.end = Some(end.clone());
                }
                (*task, None)
            }
            EventKind::Asleep {
                task: Some(task),
                line,
                dur_us,
            }
            | EventKind::IoWait {
                task: Some(task),
                line,
                dur_us,
                ..
            } => {
                // The task holds the thread while it sleeps or blocks, then runs on.
                let i = *task as usize;
                let Some(lane) = lanes.get_mut(i) else {
                    continue;
                };
                close(lane, &mut open[i], *task, t);
                let (kind, request) = match &e.kind {
                    EventKind::IoWait { request, .. } => (SegmentKind::IoWait, Some(*request)),
                    _ => (SegmentKind::Asleep, None),
                };
                lane.segments.push(Segment {
                    task: Some(*task),
                    line: *line,
                    request,
                    holds_thread: true,
                    ..Segment::new(kind, t, t + dur_us)
                });
                open[i] = Some(Open {
                    kind: SegmentKind::Running,
                    since_us: t + dur_us,
                    line: *line,
                    waits_on: None,
                });
                continue;
            }
            _ => continue,
        };
        let i = task as usize;
        let Some(lane) = lanes.get_mut(i) else {
            continue;
        };
        close(lane, &mut open[i], task, t);
        if let Some((kind, line, waits_on)) = next {
            if let Some(line) = line {
                last_line[i] = line;
            }
            open[i] = Some(Open {
                kind,
                since_us: t,
                line: last_line[i],
                waits_on,
            });
        }
    }
    for (i, lane) in lanes.iter_mut().enumerate() {
        close(lane, &mut open[i], i as TaskIndex, trace.totals.wall_us);
        lane.finish_segments();
    }
    // asyncio's own shutdown tasks are real (CPython runs them too) but not the
    // scenario's: they would only be noise in its lanes. Dropped last, because the
    // loop above finds a task's lane by its index.
    lanes.retain(|lane| match lane.kind {
        LaneKind::Task(t) => !trace.tasks.get(t as usize).is_some_and(|t| t.internal),
        _ => true,
    });
    lanes
}

/// Short words for what a device request does, for tooltips and the diagram.
pub fn request_words(trace: &Trace, r: RequestIndex) -> String {
    let Some(req) = trace.requests.get(r as usize) else {
        return format!("request #{r}");
    };
    let dev = trace
        .devices
        .get(req.device as usize)
        .map_or("device", |d| d.name.as_str());
    let op = match req.op {
        IoOp::Read => "read",
        IoOp::Write => "write",
    };
    format!("{dev} {op}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Limits};

    fn timeline(source: &str) -> Timeline {
        let analysis = analyze(source, &Limits::default());
        Timeline::from_trace(analysis.async_run.as_ref().expect("the program runs"))
    }

    #[test]
    fn every_device_has_a_lane_even_with_fewer_tasks_than_devices() {
        // No task at all, three devices: one lane each, besides the CPU.
        let t = timeline(
            "from awaitscope import Device\n\
             a = Device('a')\nb = Device('b')\nc = Device('c')\n\
             print(a.read_blocking(10))\n",
        );
        let labels: Vec<&str> = t.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["CPU", "a", "b", "c"]);
    }

    #[test]
    fn asyncio_shutdown_tasks_get_no_lane() {
        let source = "import asyncio\n\
             from awaitscope import Device\n\
             net = Device('net', latency=0.1)\n\
             async def main():\n    await net.read(1)\n\
             asyncio.run(main())\n";
        let analysis = analyze(source, &Limits::default());
        let trace = analysis.async_run.expect("the program runs");
        assert!(
            trace.tasks.iter().any(|t| t.internal),
            "asyncio.run's shutdown runs internal tasks"
        );
        let t = Timeline::from_trace(&trace);
        let tasks: Vec<&str> = t
            .lanes
            .iter()
            .filter(|l| matches!(l.kind, LaneKind::Task(_)))
            .map(|l| l.label.as_str())
            .collect();
        assert_eq!(tasks, ["Task-1"]);
        assert!(
            t.lanes.iter().any(|l| l.label == "net"),
            "the device keeps its lane"
        );
    }
}
