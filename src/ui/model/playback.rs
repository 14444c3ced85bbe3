//! The playhead: an instant on the shared time axis, and how many events of the
//! event-loop trace have happened by then.
//!
//! Many events share an instant (statements take no virtual time), so time alone
//! cannot say "between the task's print and its await". The event cursor can: stepping
//! moves it one event at a time, while playing moves time and the cursor follows.

use crate::trace::Event;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Playhead {
    pub t_us: u64,
    /// Events `0..cursor` of the event-loop trace have happened.
    pub cursor: usize,
}

/// The instants the playhead can stand on: the event-loop trace's events one by one,
/// then the blocking baseline's distinct instants after the event loop has finished.
#[derive(Clone, Debug, PartialEq)]
pub struct Steps {
    event_times: Vec<u64>,
    /// Sorted, distinct instants of the blocking baseline's events, and its end.
    blocking_times: Vec<u64>,
    pub end_us: u64,
}

impl Steps {
    pub fn new(async_events: &[Event], blocking_events: &[Event], end_us: u64) -> Steps {
        let mut blocking_times: Vec<u64> = blocking_events.iter().map(|e| e.t_us).collect();
        blocking_times.push(end_us);
        crate::sort::sort_by_key(&mut blocking_times, |&t| (t, 0));
        blocking_times.dedup();
        Steps {
            event_times: async_events.iter().map(|e| e.t_us).collect(),
            blocking_times,
            end_us,
        }
    }

    pub fn event_count(&self) -> usize {
        self.event_times.len()
    }

    /// The playhead at `t_us` with every event up to that instant applied.
    pub fn seek(&self, t_us: u64) -> Playhead {
        let t_us = t_us.min(self.end_us);
        Playhead {
            t_us,
            cursor: self.event_times.partition_point(|&t| t <= t_us),
        }
    }

    pub fn start(&self) -> Playhead {
        Playhead { t_us: 0, cursor: 0 }
    }

    pub fn end(&self) -> Playhead {
        self.seek(self.end_us)
    }

    /// Playing: time moves on by `dt_us`; the cursor follows.
    pub fn advance(&self, p: Playhead, dt_us: u64) -> Playhead {
        let t_us = p.t_us.saturating_add(dt_us).min(self.end_us);
        let mut next = self.seek(t_us);
        // Never undo events that were stepped through at the current instant.
        next.cursor = next.cursor.max(p.cursor);
        next
    }

    /// One event forward; past the last event-loop event, the blocking baseline's
    /// next instant.
    pub fn forward(&self, p: Playhead) -> Playhead {
        if p.cursor < self.event_times.len() {
            let t_us = self.event_times[p.cursor].max(p.t_us);
            return Playhead {
                t_us,
                cursor: p.cursor + 1,
            };
        }
        let i = self.blocking_times.partition_point(|&t| t <= p.t_us);
        let t_us = self.blocking_times.get(i).copied().unwrap_or(self.end_us);
        Playhead {
            t_us,
            cursor: p.cursor,
        }
    }

    /// One event back: the reverse of [`Steps::forward`].
    pub fn back(&self, p: Playhead) -> Playhead {
        let last_event_us = self.event_times.last().copied().unwrap_or(0);
        if p.cursor >= self.event_times.len() && p.t_us > last_event_us {
            let i = self.blocking_times.partition_point(|&t| t < p.t_us);
            let t_us = i
                .checked_sub(1)
                .map_or(0, |i| self.blocking_times[i])
                .max(last_event_us);
            return Playhead {
                t_us,
                cursor: p.cursor,
            };
        }
        let cursor = p.cursor.saturating_sub(1);
        let t_us = cursor.checked_sub(1).map_or(0, |i| self.event_times[i]);
        Playhead { t_us, cursor }
    }

    /// A playhead read back from a share link: the cursor clamped to the events, the
    /// time clamped between the last event that happened and the next one (or the end).
    /// `restore(n, 0)` is where stepping forward `n` times from the start lands.
    pub fn restore(&self, cursor: usize, t_us: u64) -> Playhead {
        let cursor = cursor.min(self.event_times.len());
        let low = cursor.checked_sub(1).map_or(0, |i| self.event_times[i]);
        let high = self
            .event_times
            .get(cursor)
            .copied()
            .unwrap_or(self.end_us)
            .max(low);
        Playhead {
            t_us: t_us.clamp(low, high),
            cursor,
        }
    }

    pub fn at_end(&self, p: Playhead) -> bool {
        p.t_us >= self.end_us && p.cursor >= self.event_times.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::EventKind;

    #[test]
    fn restore_clamps_a_linked_playhead_to_what_stepping_reaches() {
        let steps = Steps::new(&events(&[0, 50, 100]), &events(&[0, 250]), 300);
        let mut p = steps.start();
        for n in 0..=3 {
            assert_eq!(steps.restore(n, 0), p, "after {n} steps");
            p = steps.forward(p);
        }
        assert_eq!(
            steps.restore(2, 70),
            Playhead {
                t_us: 70,
                cursor: 2
            }
        );
        assert_eq!(
            steps.restore(2, 999),
            Playhead {
                t_us: 100,
                cursor: 2
            }
        );
        assert_eq!(
            steps.restore(99, 250),
            Playhead {
                t_us: 250,
                cursor: 3
            }
        );
        assert_eq!(steps.restore(usize::MAX, u64::MAX), steps.end());
    }

    fn events(times: &[u64]) -> Vec<Event> {
        times
            .iter()
            .map(|&t_us| Event {
                t_us,
                kind: EventKind::TaskReady { task: 0 },
            })
            .collect()
    }

    #[test]
    fn stepping_visits_every_event_then_the_baseline() {
        let steps = Steps::new(&events(&[0, 0, 100]), &events(&[0, 250]), 300);
        let mut p = steps.start();
        let mut seen = vec![];
        while !steps.at_end(p) {
            p = steps.forward(p);
            seen.push((p.t_us, p.cursor));
        }
        assert_eq!(seen, vec![(0, 1), (0, 2), (100, 3), (250, 3), (300, 3)]);
        let mut back = vec![];
        while p != steps.start() {
            p = steps.back(p);
            back.push((p.t_us, p.cursor));
        }
        assert_eq!(back, vec![(250, 3), (100, 3), (0, 2), (0, 1), (0, 0)]);
    }

    #[test]
    fn playing_applies_events_up_to_the_instant() {
        let steps = Steps::new(&events(&[0, 50, 100]), &[], 200);
        let p = steps.advance(steps.start(), 60);
        assert_eq!(
            p,
            Playhead {
                t_us: 60,
                cursor: 2
            }
        );
        assert_eq!(
            steps.advance(p, 1_000),
            Playhead {
                t_us: 200,
                cursor: 3
            }
        );
        assert_eq!(steps.seek(0), Playhead { t_us: 0, cursor: 1 });
    }
}
