//! Builds the trace while the simulation runs. Events are kept in time order:
//! things already known to happen later (a device request that will complete) wait
//! in a queue until the clock reaches them.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::trace::{
    DeviceInfo, Event, EventKind, Mode, Outcome, OutputChunk, RequestIndex, RequestInfo, TaskInfo,
    TaskTotals, Totals, Trace, Warning,
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
    #[inline(always)]
    pub fn push(&mut self, now_us: u64, kind: EventKind) {
        if now_us >= self.next_due_us {
            self.flush(now_us);
        }
        self.events.push(Event { t_us: now_us, kind });
    }

    /// Records the event `make` makes, happening now, after any earlier ones that
    /// were waiting. It is made once its slot is ready, with no call between, so
    /// that it is written straight into the slot: an event made before (a
    /// parameter of `push`) is stored aside in pieces of 4 and 8 bytes and copied
    /// in by 16, a load that waits for those stores (about 1% of the benchmark's
    /// samples at each of six sites).
    #[inline(always)]
    pub fn push_with(&mut self, now_us: u64, make: impl FnOnce() -> EventKind) {
        if now_us >= self.next_due_us || self.events.len() == self.events.capacity() {
            self.make_room(now_us);
        }
        push_made(&mut self.events, || Event {
            t_us: now_us,
            kind: make(),
        });
    }

    /// Moves the events due by `now_us` in (which leaves room for one more, or
    /// makes it).
    #[cold]
    #[inline(never)]
    fn make_room(&mut self, now_us: u64) {
        if now_us >= self.next_due_us {
            self.flush(now_us);
        }
        self.events.reserve(1);
    }

    /// Records a request's step that will happen at `t_us` (not before now).
    pub fn push_later(&mut self, t_us: u64, step: RequestStep, request: RequestIndex) {
        self.later.push(t_us, step, request);
        self.next_due_us = self.next_due_us.min(t_us);
    }

    /// Moves the waiting events due by `now_us` into the trace.
    #[inline(never)]
    pub fn flush(&mut self, now_us: u64) {
        let Recorder {
            later,
            events,
            completions_us,
            ..
        } = self;
        self.next_due_us = later.take_due(now_us, |t_us, step, request| match step {
            // Each made in its slot, as `push_with` makes them.
            RequestStep::Started => push_made(events, || Event {
                t_us,
                kind: EventKind::RequestStarted { request },
            }),
            RequestStep::Completed => {
                completions_us.push(t_us);
                push_made(events, || Event {
                    t_us,
                    kind: EventKind::RequestCompleted { request },
                })
            }
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
        // The page keeps the trace as long as it is drawn: not the room it grew into.
        self.events.shrink_to_fit();
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

/// Pushes the event `make` makes onto `events`, made once there is room, with no
/// call between, so that it is written straight into its slot.
#[inline(always)]
fn push_made(events: &mut Vec<Event>, make: impl FnOnce() -> Event) {
    events.reserve(1);
    let len = events.len();
    // SAFETY: there is room for one more, and `make` cannot reach the vector.
    unsafe {
        std::ptr::write(events.as_mut_ptr().add(len), make());
        events.set_len(len + 1);
    }
}

/// What is known to happen later when a device request is submitted: it starts
/// (once a slot is free) and it completes.
#[derive(Clone, Copy, Debug)]
pub enum RequestStep {
    Started,
    Completed,
}

/// Events recorded for later, taken out in (time, order of recording) order.
///
/// They are device requests' starts and completions, and for one device each of
/// those comes in time order (a fixed latency after the clock, or after the
/// previous request's slot frees), so the queue is a few interleaved sorted runs.
/// It keeps them as lanes, each in time and recording order: a new event joins the
/// lane that ends latest but not after it, and taking out compares only the lanes'
/// fronts. An event that fits no lane (more orders interleave than there are
/// lanes, as when sizes make a later request finish first) waits in a binary heap.
/// Equal times come out in recording order, by sequence number.
#[derive(Default)]
struct LaterEvents {
    lanes: Vec<Lane>,
    overflow: BinaryHeap<Reverse<Later>>,
    /// The next recording sequence number.
    seq: u64,
    len: usize,
}

/// A run of events in time and recording order.
struct Lane {
    events: VecDeque<Later>,
    /// The time of the last event that joined. It stays when the lane empties:
    /// the clock has reached it then, so everything recorded afterwards fits.
    last_us: u64,
}

/// An event waiting in [`LaterEvents`].
struct Later {
    t_us: u64,
    seq: u64,
    request: RequestIndex,
    step: RequestStep,
}

impl Later {
    fn key(&self) -> (u64, u64) {
        (self.t_us, self.seq)
    }
}

impl PartialEq for Later {
    fn eq(&self, other: &Later) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Later {}

impl PartialOrd for Later {
    fn partial_cmp(&self, other: &Later) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Later {
    fn cmp(&self, other: &Later) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl LaterEvents {
    /// Enough for a start and a completion lane for each of a few devices.
    const LANES: usize = 8;

    fn push(&mut self, t_us: u64, step: RequestStep, request: RequestIndex) {
        let event = Later {
            t_us,
            seq: self.seq,
            request,
            step,
        };
        self.seq += 1;
        self.len += 1;
        // The lane whose last event is latest but not after this one.
        let mut best: Option<(usize, u64)> = None;
        for (i, lane) in self.lanes.iter().enumerate() {
            if lane.last_us <= t_us && best.is_none_or(|(_, last_us)| lane.last_us > last_us) {
                best = Some((i, lane.last_us));
            }
        }
        match best {
            Some((i, _)) => {
                let lane = &mut self.lanes[i];
                lane.last_us = t_us;
                lane.events.push_back(event);
            }
            None if self.lanes.len() < Self::LANES => self.lanes.push(Lane {
                events: VecDeque::from([event]),
                last_us: t_us,
            }),
            None => self.overflow.push(Reverse(event)),
        }
    }

    /// Hands the events due by `now_us` to `take`, in order, and returns the time
    /// of the next one (`u64::MAX` when none waits).
    fn take_due(
        &mut self,
        now_us: u64,
        mut take: impl FnMut(u64, RequestStep, RequestIndex),
    ) -> u64 {
        loop {
            // The earliest front: a lane's (by index) or the overflow's (None).
            let mut earliest: Option<(Option<usize>, (u64, u64))> =
                self.overflow.peek().map(|Reverse(e)| (None, e.key()));
            for (i, lane) in self.lanes.iter().enumerate() {
                if let Some(front) = lane.events.front() {
                    if earliest.is_none_or(|(_, key)| front.key() < key) {
                        earliest = Some((Some(i), front.key()));
                    }
                }
            }
            let Some((source, (t_us, _))) = earliest else {
                return u64::MAX;
            };
            if t_us > now_us {
                return t_us;
            }
            let event = match source {
                Some(i) => self.lanes[i].events.pop_front(),
                None => self.overflow.pop().map(|Reverse(e)| e),
            };
            if let Some(event) = event {
                self.len -= 1;
                take(event.t_us, event.step, event.request);
            }
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

    /// The n-th event recorded for later: a request's start or completion.
    fn step(n: u32) -> RequestStep {
        if n.is_multiple_of(2) {
            RequestStep::Started
        } else {
            RequestStep::Completed
        }
    }

    /// Events recorded for later come out by time, and in recording order on equal
    /// times, however the recording and the clock interleave: in a few sorted runs
    /// (the lanes), or in any order (the overflow).
    #[test]
    fn later_events_come_out_in_time_then_recording_order() {
        let mut overflowed = false;
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
                        let due = queue.take_due(now, |t, _, request| out.push((t, request)));
                        assert!(due > now);
                    }
                    _ => {
                        // Often the same few times, sometimes exactly now; or anything.
                        let t = if round % 2 == 0 {
                            now + [0, 1, 7, 64, 1000][(next(&mut seed) % 5) as usize]
                        } else {
                            now + next(&mut seed) % 2000
                        };
                        queue.push(t, step(request), request);
                        overflowed |= !queue.overflow.is_empty();
                        expected.push((t, request));
                        request += 1;
                    }
                }
            }
            queue.take_due(u64::MAX, |t, _, request| out.push((t, request)));
            // Each time the clock is read, everything due by then has come out; so the
            // whole sequence is the recording sorted by (time, order).
            expected.sort_by_key(|&(t, r)| (t, r));
            assert_eq!(out, expected, "round {round}");
            assert_eq!(queue.len, 0);
        }
        assert!(overflowed);
    }
}
