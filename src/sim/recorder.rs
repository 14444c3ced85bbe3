//! Builds the trace while the simulation runs. Events are kept in time order:
//! things already known to happen later (a device request that will complete) wait
//! in a queue until the clock reaches them.

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
    /// Events due later, taken out in (time, order of recording) order.
    later: LaterEvents,
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
        self.later.push(Later::new(t_us, kind));
        self.next_due_us = self.next_due_us.min(t_us);
    }

    /// Moves the waiting events due by `now_us` into the trace.
    pub fn flush(&mut self, now_us: u64) {
        let Recorder {
            later,
            events,
            completions_us,
            ..
        } = self;
        self.next_due_us = later.take_due(now_us, |event| {
            if let EventKind::RequestCompleted { .. } = event.kind {
                completions_us.push(event.t_us);
            }
            events.push(event);
        });
    }

    pub fn len(&self) -> usize {
        self.events.len() + self.later.len
    }

    pub fn finish(mut self, mode: Mode, now_us: u64, outcome: Outcome) -> Trace {
        self.flush(u64::MAX);
        let mut totals = std::mem::take(&mut self.totals);
        totals.wall_us = now_us;
        totals.peak_in_flight = peak_in_flight(&self.requests, &self.completions_us);
        (totals.tasks, totals.task_switches) = task_totals(&self.events, self.tasks.len(), now_us);
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

/// Events recorded for later, taken out in (time, order of recording) order.
///
/// A radix heap on the time: nothing is recorded for before now, and the time
/// taken out last (`last_us`) is never after now, so every waiting event is at or
/// after it. An event waits in the bucket numbered by the highest bit in which its
/// time differs from `last_us` (bucket 0: the same time), and only ever moves to a
/// lower bucket. With thousands of requests in flight, this walks memory in order
/// where a binary heap would jump across it at every step.
///
/// Every bucket stays in recording order, so equal times need no tie-break: a
/// bucket is only split into lower buckets once all of those are empty (it is the
/// lowest non-empty one), which keeps its order, and events recorded afterwards
/// are appended, after everything already waiting.
#[derive(Default)]
struct LaterEvents {
    last_us: u64,
    buckets: Vec<Vec<Later>>,
    len: usize,
}

/// An event waiting in [`LaterEvents`]. The ones known ahead of time are a
/// request's start and completion; they wait in 16 bytes instead of a whole event.
enum Later {
    Started { t_us: u64, request: u32 },
    Completed { t_us: u64, request: u32 },
    Other(Box<Event>),
}

impl Later {
    fn new(t_us: u64, kind: EventKind) -> Later {
        match kind {
            EventKind::RequestStarted { request } => Later::Started { t_us, request },
            EventKind::RequestCompleted { request } => Later::Completed { t_us, request },
            kind => Later::Other(Box::new(Event { t_us, kind })),
        }
    }

    fn t_us(&self) -> u64 {
        match self {
            Later::Started { t_us, .. } | Later::Completed { t_us, .. } => *t_us,
            Later::Other(event) => event.t_us,
        }
    }

    fn into_event(self) -> Event {
        match self {
            Later::Started { t_us, request } => Event {
                t_us,
                kind: EventKind::RequestStarted { request },
            },
            Later::Completed { t_us, request } => Event {
                t_us,
                kind: EventKind::RequestCompleted { request },
            },
            Later::Other(event) => *event,
        }
    }
}

impl LaterEvents {
    const BUCKETS: usize = 65;

    fn bucket(&self, t_us: u64) -> usize {
        (u64::BITS - (t_us ^ self.last_us).leading_zeros()) as usize
    }

    fn push(&mut self, event: Later) {
        if self.buckets.is_empty() {
            self.buckets = (0..Self::BUCKETS).map(|_| Vec::new()).collect();
        }
        let b = self.bucket(event.t_us());
        self.buckets[b].push(event);
        self.len += 1;
    }

    /// Hands the events due by `now_us` to `take`, in order, and returns the time
    /// of the next one (`u64::MAX` when none waits).
    fn take_due(&mut self, now_us: u64, mut take: impl FnMut(Event)) -> u64 {
        loop {
            if self.len == 0 {
                return u64::MAX;
            }
            let Some(b) = self.buckets.iter().position(|bucket| !bucket.is_empty()) else {
                return u64::MAX;
            };
            if b == 0 {
                // Everything here is at `last_us`, which is not after now.
                self.len -= self.buckets[0].len();
                for event in self.buckets[0].drain(..) {
                    take(event.into_event());
                }
                continue;
            }
            let earliest = self.buckets[b]
                .iter()
                .map(Later::t_us)
                .min()
                .unwrap_or(u64::MAX);
            if earliest > now_us {
                // Not due: `last_us` must stay at or before now, so nothing moves.
                return earliest;
            }
            // The earliest time becomes `last_us`, and the bucket's events move down
            // (those at that time to bucket 0).
            self.last_us = earliest;
            let mut moving = std::mem::take(&mut self.buckets[b]);
            for event in moving.drain(..) {
                let to = self.bucket(event.t_us());
                self.buckets[to].push(event);
            }
            self.buckets[b] = moving;
        }
    }
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

/// Per task: running, ready, and waiting time, from the state changes; and the
/// times the CPU went from one task to a different one. One pass over the events,
/// which by now are tens of megabytes in a large run.
fn task_totals(events: &[Event], ntasks: usize, end_us: u64) -> (Vec<TaskTotals>, u64) {
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
    let mut last_running = None;
    let mut switches = 0;
    for e in events {
        match e.kind {
            EventKind::TaskCreated { task } => set(task, State::Ready, e.t_us),
            EventKind::TaskReady { task } => set(task, State::Ready, e.t_us),
            EventKind::TaskRunning { task, .. } => {
                if last_running.is_some_and(|last| last != task) {
                    switches += 1;
                }
                last_running = Some(task);
                set(task, State::Running, e.t_us)
            }
            EventKind::TaskSuspended { task, .. } => set(task, State::Waiting, e.t_us),
            EventKind::TaskDone { task, .. } => set(task, State::Done, e.t_us),
            _ => {}
        }
    }
    for task in 0..ntasks as u32 {
        set(task, State::Done, end_us);
    }
    (totals, switches)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, enough to shuffle times.
    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    /// The n-th event recorded for later: a request's start or completion, or
    /// (for the general case) another kind of event.
    fn later(t_us: u64, n: u32) -> Later {
        let kind = match n % 3 {
            0 => EventKind::RequestStarted { request: n },
            1 => EventKind::RequestCompleted { request: n },
            _ => EventKind::TaskReady { task: n },
        };
        Later::new(t_us, kind)
    }

    fn number(e: &Event) -> u32 {
        match e.kind {
            EventKind::RequestStarted { request } | EventKind::RequestCompleted { request } => {
                request
            }
            EventKind::TaskReady { task } => task,
            _ => u32::MAX,
        }
    }

    /// Events recorded for later come out by time, and in recording order on equal
    /// times, however the recording and the clock interleave.
    #[test]
    fn later_events_come_out_in_time_then_recording_order() {
        for round in 0..200u64 {
            let mut seed = round + 1;
            let mut queue = LaterEvents::default();
            let mut expected: Vec<(u64, u32)> = Vec::new();
            let mut out: Vec<(u64, u32)> = Vec::new();
            let mut now = 0u64;
            let mut request = 0u32;
            for _ in 0..300 {
                match next(&mut seed) % 4 {
                    0 => now += next(&mut seed) % 50,
                    1 => {
                        let due = queue.take_due(now, |e| out.push((e.t_us, number(&e))));
                        assert!(due > now);
                    }
                    _ => {
                        // Often the same few times, sometimes exactly now.
                        let t = now + [0, 1, 7, 64, 1000][(next(&mut seed) % 5) as usize];
                        queue.push(later(t, request));
                        expected.push((t, request));
                        request += 1;
                    }
                }
            }
            queue.take_due(u64::MAX, |e| out.push((e.t_us, number(&e))));
            // Each time the clock is read, everything due by then has come out; so the
            // whole sequence is the recording sorted by (time, order).
            expected.sort_by_key(|&(t, r)| (t, r));
            assert_eq!(out, expected, "round {round}");
            assert_eq!(queue.len, 0);
        }
    }
}
