//! Builds the trace while the simulation runs. Events are kept in time order:
//! things already known to happen later (a device request that will complete) wait
//! in a queue until the clock reaches them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::trace::{
    DeviceInfo, Event, EventKind, Mode, Outcome, OutputChunk, RequestInfo, TaskInfo, TaskTotals,
    Totals, Trace, Warning,
};

#[derive(Default)]
pub struct Recorder {
    pub events: Vec<Event>,
    pub tasks: Vec<TaskInfo>,
    pub devices: Vec<DeviceInfo>,
    pub requests: Vec<RequestInfo>,
    pub output: Vec<OutputChunk>,
    pub warnings: Vec<Warning>,
    pub totals: Totals,
    /// What the program wrote to stderr (warnings, callback errors).
    pub stderr: String,
    /// Events due later, ordered by (time, order of recording), with the slot of
    /// `later_events` that holds each.
    later: BinaryHeap<Reverse<(u64, u64, usize)>>,
    later_events: Vec<Option<Event>>,
    /// Slots of `later_events` already moved into the trace, for reuse: the
    /// waiting events stay as few as the requests in flight.
    free_slots: Vec<usize>,
    /// Counts the events recorded for later, to keep their order on equal times.
    later_count: u64,
    /// The earliest time in `later` (`u64::MAX` when it is empty), so that recording
    /// an event now only looks at the queue when something in it is due.
    next_due_us: u64,
    /// Completion times of the requests, in time order: the completions leave
    /// `later` sorted, so the peak in flight needs no sort of its own.
    completions_us: Vec<u64>,
}

impl Recorder {
    /// Records an event happening now, after any earlier ones that were waiting.
    pub fn push(&mut self, now_us: u64, kind: EventKind) {
        if now_us >= self.next_due_us {
            self.flush(now_us);
        }
        self.events.push(Event { t_us: now_us, kind });
    }

    /// Records an event that will happen at `t_us` (later than now).
    pub fn push_later(&mut self, t_us: u64, kind: EventKind) {
        let event = Some(Event { t_us, kind });
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                self.later_events[slot] = event;
                slot
            }
            None => {
                self.later_events.push(event);
                self.later_events.len() - 1
            }
        };
        self.later.push(Reverse((t_us, self.later_count, slot)));
        self.later_count += 1;
        self.next_due_us = self.next_due_us.min(t_us);
    }

    /// Moves the waiting events due by `now_us` into the trace.
    pub fn flush(&mut self, now_us: u64) {
        while let Some(Reverse((t, _, i))) = self.later.peek().copied() {
            if t > now_us {
                self.next_due_us = t;
                return;
            }
            self.later.pop();
            if let Some(event) = self.later_events[i].take() {
                if let EventKind::RequestCompleted { .. } = event.kind {
                    self.completions_us.push(event.t_us);
                }
                self.events.push(event);
            }
            self.free_slots.push(i);
        }
        self.next_due_us = u64::MAX;
    }

    pub fn len(&self) -> usize {
        self.events.len() + self.later.len()
    }

    pub fn finish(mut self, mode: Mode, now_us: u64, outcome: Outcome) -> Trace {
        self.flush(u64::MAX);
        let mut totals = std::mem::take(&mut self.totals);
        totals.wall_us = now_us;
        totals.task_switches = task_switches(&self.events);
        totals.peak_in_flight = peak_in_flight(&self.requests, &self.completions_us);
        totals.tasks = task_totals(&self.events, self.tasks.len(), now_us);
        Trace {
            mode,
            events: self.events,
            tasks: self.tasks,
            devices: self.devices,
            requests: self.requests,
            output: self.output,
            stderr: self.stderr,
            warnings: self.warnings,
            outcome,
            totals,
        }
    }
}

/// Times the CPU went from one task to a different one.
fn task_switches(events: &[Event]) -> u64 {
    let mut last = None;
    let mut switches = 0;
    for e in events {
        if let EventKind::TaskRunning { task, .. } = e.kind {
            if last.is_some() && last != Some(task) {
                switches += 1;
            }
            last = Some(task);
        }
    }
    switches
}

/// The most requests in flight (submitted, not yet completed) at one instant, given
/// every request's completion time in ascending order.
fn peak_in_flight(requests: &[RequestInfo], completions: &[u64]) -> u64 {
    // Requests are recorded as they are submitted, so submissions are already in
    // time order, and the recorder saw the completions in time order. A request that
    // completes at t no longer overlaps one submitted at t, so right after the i-th
    // submission the count in flight is i + 1 minus the completions at or before its
    // instant.
    debug_assert!(requests
        .windows(2)
        .all(|w| w[0].submitted_us <= w[1].submitted_us));
    debug_assert!({
        let mut sorted: Vec<u64> = requests.iter().map(|r| r.completed_us).collect();
        sorted.sort_unstable();
        sorted == completions
    });
    let mut completed = 0;
    let mut peak = 0i64;
    for (i, r) in requests.iter().enumerate() {
        while completions
            .get(completed)
            .is_some_and(|&t| t <= r.submitted_us)
        {
            completed += 1;
        }
        peak = peak.max(i as i64 + 1 - completed as i64);
    }
    peak as u64
}

/// Per task: running, ready, and waiting time, from the state changes.
fn task_totals(events: &[Event], ntasks: usize, end_us: u64) -> Vec<TaskTotals> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unborn,
        Ready,
        Running,
        Waiting,
        Done,
    }
    let mut totals = vec![TaskTotals::default(); ntasks];
    let mut state = vec![(State::Unborn, 0u64); ntasks];
    let mut set = |task: u32, new: State, t: u64| {
        let Some((old, since)) = state.get(task as usize).copied() else {
            return;
        };
        let dur = t.saturating_sub(since);
        let tt = &mut totals[task as usize];
        match old {
            State::Ready => tt.ready_us += dur,
            State::Running => tt.busy_us += dur,
            State::Waiting => tt.waiting_us += dur,
            State::Done => return,
            State::Unborn => {}
        }
        state[task as usize] = (new, t);
    };
    for e in events {
        match e.kind {
            EventKind::TaskCreated { task } => set(task, State::Ready, e.t_us),
            EventKind::TaskReady { task } => set(task, State::Ready, e.t_us),
            EventKind::TaskRunning { task, .. } => set(task, State::Running, e.t_us),
            EventKind::TaskSuspended { task, .. } => set(task, State::Waiting, e.t_us),
            EventKind::TaskDone { task, .. } => set(task, State::Done, e.t_us),
            _ => {}
        }
    }
    for task in 0..ntasks as u32 {
        set(task, State::Done, end_us);
    }
    totals
}
