//! The event loop as it stands at the playhead: what the CPU does, the ready queue,
//! timers, what the kernel holds, what each device serves or queues, and where each
//! task stands in the code. Read from indexes built once per trace ([`TraceIndex`]),
//! so computing a snapshot per animation frame is cheap even for 1,000 tasks.

use std::collections::VecDeque;

use super::playback::Playhead;
use crate::trace::{Event, EventKind, RequestIndex, TaskEnd, TaskIndex, Trace, WaitTarget};

/// Where a task stands.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskState {
    NotCreated,
    /// In the ready queue; it will resume at `line`.
    Ready {
        line: u32,
    },
    Running {
        line: u32,
    },
    Suspended {
        line: u32,
        on: WaitTarget,
    },
    Done(TaskEnd),
}

impl TaskState {
    pub fn line(&self) -> Option<u32> {
        match self {
            TaskState::Ready { line } | TaskState::Running { line } => Some(*line),
            TaskState::Suspended { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// What the one thread is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum CpuState {
    /// Between callbacks: the loop is picking the next one.
    Between,
    /// Waiting in the selector for the next timer or device completion.
    Selector { until_us: u64 },
    Task {
        task: TaskIndex,
        line: u32,
        activity: Activity,
    },
    Callback {
        label: String,
        line: u32,
        activity: Activity,
    },
    /// The run is over.
    Finished,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// Running statements (they take no virtual time).
    Stepping,
    Busy {
        until_us: u64,
    },
    Asleep {
        until_us: u64,
    },
    BlockedOnIo {
        until_us: u64,
        request: RequestIndex,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReadyChip {
    pub label: String,
    pub task: Option<TaskIndex>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    pub request: RequestIndex,
    pub task: Option<TaskIndex>,
    /// 0.0 … 1.0 of the service time.
    pub progress: f64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct DeviceSnapshot {
    pub serving: Vec<InFlight>,
    /// FIFO order.
    pub queued: Vec<RequestIndex>,
}

/// Tasks standing on one line of code.
#[derive(Clone, Debug, PartialEq)]
pub struct LineMarks {
    pub line: u32,
    pub tasks: Vec<(TaskIndex, TaskState)>,
    /// More tasks on this line than are listed.
    pub more: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoopSnapshot {
    pub t_us: u64,
    pub cpu: CpuState,
    /// The loop iteration in progress (0-based), if one has started.
    pub iteration: Option<u32>,
    /// The ready queue, front first (at most [`LIST_CAP`] entries).
    pub ready: Vec<ReadyChip>,
    pub ready_total: usize,
    /// Tasks asleep on a timer, earliest deadline first.
    pub timers: Vec<(TaskIndex, u64)>,
    pub timers_total: usize,
    /// Tasks waiting on another task, a queue, a lock …
    pub waiting: Vec<(TaskIndex, String)>,
    pub waiting_total: usize,
    /// Requests handed to the kernel and not yet completed.
    pub kernel: Vec<RequestIndex>,
    pub kernel_total: usize,
    pub devices: Vec<DeviceSnapshot>,
    /// Requests that completed a moment ago: their result travels up to the task.
    pub just_completed: Vec<(RequestIndex, Option<TaskIndex>)>,
    pub lines: Vec<LineMarks>,
    pub tasks_done: usize,
    pub tasks_total: usize,
}

/// Longest list drawn in the diagram; the rest is a count.
pub const LIST_CAP: usize = 16;
/// Task chips drawn on one line of code.
pub const CHIPS_PER_LINE: usize = 4;

/// Indexes over one event-loop trace, built once.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceIndex {
    /// Per task: (event index, state from then on).
    task_changes: Vec<Vec<(usize, TaskState)>>,
    /// Events that say what the thread does.
    thread_events: Vec<usize>,
    iterations: Vec<usize>,
    /// Per request: event indexes of submitted, started, completed (usize::MAX: none).
    request_events: Vec<[usize; 3]>,
    end_us: u64,
}

impl TraceIndex {
    pub fn new(trace: &Trace) -> TraceIndex {
        let mut task_changes: Vec<Vec<(usize, TaskState)>> = vec![Vec::new(); trace.tasks.len()];
        let mut last_line: Vec<u32> = trace.tasks.iter().map(|t| t.def_line).collect();
        let mut thread_events = Vec::new();
        let mut iterations = Vec::new();
        let mut request_events = vec![[usize::MAX; 3]; trace.requests.len()];
        for (i, e) in trace.events.iter().enumerate() {
            let change = match &e.kind {
                EventKind::TaskReady { task } => Some((
                    *task,
                    TaskState::Ready {
                        line: line_of(&last_line, *task),
                    },
                )),
                EventKind::TaskRunning { task, line }
                | EventKind::CpuBusy {
                    task: Some(task),
                    line,
                    ..
                } => Some((*task, TaskState::Running { line: *line })),
                EventKind::TaskSuspended { task, line, on } => Some((
                    *task,
                    TaskState::Suspended {
                        line: *line,
                        on: on.clone(),
                    },
                )),
                EventKind::TaskDone { task, end } => Some((*task, TaskState::Done(end.clone()))),
                _ => None,
            };
            if let Some((task, state)) = change {
                if let Some(line) = state.line() {
                    if let Some(l) = last_line.get_mut(task as usize) {
                        *l = line;
                    }
                }
                if let Some(changes) = task_changes.get_mut(task as usize) {
                    changes.push((i, state));
                }
            }
            match &e.kind {
                EventKind::TaskRunning { .. }
                | EventKind::CallbackRunning { .. }
                | EventKind::CpuBusy { .. }
                | EventKind::Asleep { .. }
                | EventKind::IoWait { .. }
                | EventKind::SelectorWait { .. }
                | EventKind::TaskSuspended { .. }
                | EventKind::TaskDone { .. } => thread_events.push(i),
                EventKind::LoopIteration { .. } => {
                    thread_events.push(i);
                    iterations.push(i);
                }
                _ => {}
            }
            let slot = match &e.kind {
                EventKind::RequestSubmitted { request } => Some((*request, 0)),
                EventKind::RequestStarted { request } => Some((*request, 1)),
                EventKind::RequestCompleted { request } => Some((*request, 2)),
                _ => None,
            };
            if let Some((r, k)) = slot {
                if let Some(evs) = request_events.get_mut(r as usize) {
                    evs[k] = evs[k].min(i);
                }
            }
        }
        TraceIndex {
            task_changes,
            thread_events,
            iterations,
            request_events,
            end_us: trace.totals.wall_us,
        }
    }

    pub fn task_state(&self, task: TaskIndex, cursor: usize) -> &TaskState {
        const NOT_CREATED: &TaskState = &TaskState::NotCreated;
        let Some(changes) = self.task_changes.get(task as usize) else {
            return NOT_CREATED;
        };
        let n = changes.partition_point(|(i, _)| *i < cursor);
        n.checked_sub(1).map_or(NOT_CREATED, |k| &changes[k].1)
    }

    /// The event loop at the playhead. `recent_us`: how long ago a completion may be
    /// and still be shown travelling up to its task.
    pub fn snapshot(&self, trace: &Trace, p: Playhead, recent_us: u64) -> LoopSnapshot {
        let cursor = p.cursor.min(trace.events.len());
        let t = p.t_us;
        let cpu = self.cpu_state(&trace.events, cursor, t);

        let mut ready_total = 0;
        let mut ready = Vec::new();
        let mut iteration = None;
        if let Some(k) = self
            .iterations
            .partition_point(|&i| i < cursor)
            .checked_sub(1)
        {
            let at = self.iterations[k];
            if let EventKind::LoopIteration {
                index,
                ready: entries,
            } = &trace.events[at].kind
            {
                iteration = Some(*index);
                let queue = replay_ready_queue(entries, &trace.events[at + 1..cursor], trace);
                ready_total = queue.len();
                ready = queue
                    .into_iter()
                    .take(LIST_CAP)
                    .map(|(label, task)| ReadyChip { label, task })
                    .collect();
            }
        }

        let mut timers = Vec::new();
        let mut waiting = Vec::new();
        let mut tasks_done = 0;
        let mut by_line: Vec<LineMarks> = Vec::new();
        let mut tasks_total = 0;
        for task in 0..trace.tasks.len() as TaskIndex {
            // asyncio's own shutdown tasks run (the loop's lists show them) but are not
            // the program's: they are not counted, marked on the code or listed.
            if trace.tasks[task as usize].internal {
                continue;
            }
            tasks_total += 1;
            let state = self.task_state(task, cursor);
            match state {
                TaskState::Suspended {
                    on: WaitTarget::Timer { until_us },
                    ..
                } => timers.push((task, *until_us)),
                TaskState::Suspended { on, .. } if !matches!(on, WaitTarget::Device { .. }) => {
                    waiting.push((task, wait_words(trace, on)))
                }
                TaskState::Done(_) => tasks_done += 1,
                _ => {}
            }
            if let Some(line) = state.line() {
                match by_line.iter_mut().find(|m| m.line == line) {
                    Some(m) if m.tasks.len() >= CHIPS_PER_LINE => m.more += 1,
                    Some(m) => m.tasks.push((task, state.clone())),
                    None => by_line.push(LineMarks {
                        line,
                        tasks: vec![(task, state.clone())],
                        more: 0,
                    }),
                }
            }
        }
        crate::sort::sort_by_key(&mut timers, |&(task, until)| (until, u64::from(task)));
        let timers_total = timers.len();
        timers.truncate(LIST_CAP);
        let waiting_total = waiting.len();
        waiting.truncate(LIST_CAP);
        crate::sort::sort_by_key(&mut by_line, |m| (u64::from(m.line), 0));

        let mut kernel = Vec::new();
        let mut kernel_total = 0;
        let mut devices = vec![DeviceSnapshot::default(); trace.devices.len()];
        let mut just_completed = Vec::new();
        for (r, evs) in self.request_events.iter().enumerate() {
            let req = &trace.requests[r];
            let r = r as RequestIndex;
            let happened = |i: usize| i < cursor;
            if !happened(evs[0]) {
                continue;
            }
            if happened(evs[2]) {
                if req.completed_us.saturating_add(recent_us) >= t && !req.blocking {
                    just_completed.push((r, req.task));
                }
                continue;
            }
            kernel_total += 1;
            if kernel.len() < LIST_CAP {
                kernel.push(r);
            }
            let Some(dev) = devices.get_mut(req.device as usize) else {
                continue;
            };
            if happened(evs[1]) || req.started_us <= t && evs[1] == usize::MAX {
                let service = req.completed_us.saturating_sub(req.started_us).max(1);
                let progress = (t.saturating_sub(req.started_us) as f64 / service as f64).min(1.0);
                if dev.serving.len() < LIST_CAP {
                    dev.serving.push(InFlight {
                        request: r,
                        task: req.task,
                        progress,
                    });
                }
            } else if dev.queued.len() < LIST_CAP {
                dev.queued.push(r);
            }
        }
        let keep_from = just_completed.len().saturating_sub(8);
        just_completed.drain(..keep_from);

        LoopSnapshot {
            t_us: t,
            cpu,
            iteration,
            ready,
            ready_total,
            timers,
            timers_total,
            waiting,
            waiting_total,
            kernel,
            kernel_total,
            devices,
            just_completed,
            lines: by_line,
            tasks_done,
            tasks_total,
        }
    }

    fn cpu_state(&self, events: &[Event], cursor: usize, t: u64) -> CpuState {
        if cursor >= events.len() && t >= self.end_us {
            return CpuState::Finished;
        }
        let Some(k) = self
            .thread_events
            .partition_point(|&i| i < cursor)
            .checked_sub(1)
        else {
            return CpuState::Between;
        };
        let e = &events[self.thread_events[k]];
        let running_step = |k: usize| -> Option<(Option<TaskIndex>, String, u32)> {
            // The step that owns a CPU/sleep/IO event: the latest TaskRunning or
            // CallbackRunning before it.
            self.thread_events[..=k]
                .iter()
                .rev()
                .find_map(|&i| match &events[i].kind {
                    EventKind::TaskRunning { task, line } => {
                        Some((Some(*task), String::new(), *line))
                    }
                    EventKind::CallbackRunning { label, line } => {
                        Some((None, label.to_string(), *line))
                    }
                    _ => None,
                })
        };
        let holding = |task: &Option<TaskIndex>, line: u32, activity: Activity| match task {
            Some(task) => CpuState::Task {
                task: *task,
                line,
                activity,
            },
            None => {
                let label = running_step(k).map(|(_, l, _)| l).unwrap_or_default();
                CpuState::Callback {
                    label,
                    line,
                    activity,
                }
            }
        };
        match &e.kind {
            EventKind::SelectorWait { dur_us } if t < e.t_us + dur_us => CpuState::Selector {
                until_us: e.t_us + dur_us,
            },
            EventKind::CpuBusy { task, line, dur_us } => {
                let until_us = e.t_us + dur_us;
                let activity = if t < until_us {
                    Activity::Busy { until_us }
                } else {
                    Activity::Stepping
                };
                holding(task, *line, activity)
            }
            EventKind::Asleep { task, line, dur_us } => {
                let until_us = e.t_us + dur_us;
                let activity = if t < until_us {
                    Activity::Asleep { until_us }
                } else {
                    Activity::Stepping
                };
                holding(task, *line, activity)
            }
            EventKind::IoWait {
                task,
                line,
                request,
                dur_us,
            } => {
                let until_us = e.t_us + dur_us;
                let activity = if t < until_us {
                    Activity::BlockedOnIo {
                        until_us,
                        request: *request,
                    }
                } else {
                    Activity::Stepping
                };
                holding(task, *line, activity)
            }
            EventKind::TaskRunning { task, line } => CpuState::Task {
                task: *task,
                line: *line,
                activity: Activity::Stepping,
            },
            EventKind::CallbackRunning { label, line } => CpuState::Callback {
                label: label.to_string(),
                line: *line,
                activity: Activity::Stepping,
            },
            _ => CpuState::Between,
        }
    }
}

fn line_of(last_line: &[u32], task: TaskIndex) -> u32 {
    last_line.get(task as usize).copied().unwrap_or(0)
}

/// The ready queue after the events since the last loop iteration: entries leave the
/// front as they run, newly ready tasks join the back. (This reads the recorded
/// events; it does not decide anything the simulator did not.)
fn replay_ready_queue(
    entries: &[crate::trace::ReadyEntry],
    since: &[Event],
    trace: &Trace,
) -> VecDeque<(String, Option<TaskIndex>)> {
    let mut queue: VecDeque<(String, Option<TaskIndex>)> = entries
        .iter()
        .map(|e| (e.label.to_string(), e.task))
        .collect();
    for e in since {
        match &e.kind {
            EventKind::TaskRunning { task, .. } => {
                if let Some(i) = queue.iter().position(|(_, t)| *t == Some(*task)) {
                    queue.remove(i);
                }
            }
            EventKind::CallbackRunning { label, .. } => {
                let i = queue
                    .iter()
                    .position(|(l, t)| t.is_none() && **l == **label)
                    .or_else(|| queue.iter().position(|(_, t)| t.is_none()));
                if let Some(i) = i {
                    queue.remove(i);
                }
            }
            EventKind::TaskReady { task } => {
                let name = trace
                    .tasks
                    .get(*task as usize)
                    .map_or("task", |t| t.name.as_str());
                queue.push_back((format!("{name} step"), Some(*task)));
            }
            _ => {}
        }
    }
    queue
}

/// What a suspended task waits for, in words.
pub fn wait_words(trace: &Trace, on: &WaitTarget) -> String {
    match on {
        WaitTarget::Device { request } => super::timeline::request_words(trace, *request),
        WaitTarget::Timer { until_us } => {
            format!("sleep until {}", super::time_format::clock(*until_us))
        }
        WaitTarget::Yield => "sleep(0): back next iteration".to_string(),
        WaitTarget::Task { task } => format!(
            "task {}",
            trace
                .tasks
                .get(*task as usize)
                .map_or("?", |t| t.name.as_str())
        ),
        WaitTarget::Sync { what } => what.to_string(),
        WaitTarget::Future => "a future".to_string(),
    }
}
