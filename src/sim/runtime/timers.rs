//! A loop's timers: `loop._scheduled`, taken out in (deadline, sequence) order.
//!
//! With thousands of device requests in flight, a binary heap of their timers
//! misses the cache at every level of every pop. This is a radix heap instead, as
//! the recorder keeps its later events (`sim::recorder`): a timer waits in the
//! bucket numbered by the highest bit in which its key differs from `last_us`, and
//! only ever moves to lower buckets. A timer's key is its deadline, raised to
//! `last_us` if that is later (a `call_at` in the past); `last_us` is never after
//! now, so a timer is due exactly when its key is, and the timers due at once are
//! put in (deadline, sequence) order before they go on the ready queue.

#[derive(Clone, Copy)]
struct Timer {
    key_us: u64,
    /// Before the run began for `call_later` with a negative delay at its start.
    deadline_us: i64,
    seq: u64,
    handle: u32,
}

#[derive(Default)]
pub struct TimerQueue {
    last_us: u64,
    buckets: Vec<Vec<Timer>>,
    len: usize,
}

impl TimerQueue {
    const BUCKETS: usize = 65;

    fn bucket(&self, key_us: u64) -> usize {
        (u64::BITS - (key_us ^ self.last_us).leading_zeros()) as usize
    }

    pub fn push(&mut self, deadline_us: i64, seq: u64, handle: u32) {
        if self.buckets.is_empty() {
            self.buckets = (0..Self::BUCKETS).map(|_| Vec::new()).collect();
        }
        let key_us = deadline_us.max(0).unsigned_abs().max(self.last_us);
        let b = self.bucket(key_us);
        self.buckets[b].push(Timer {
            key_us,
            deadline_us,
            seq,
            handle,
        });
        self.len += 1;
    }

    pub fn clear(&mut self) {
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        self.len = 0;
    }

    /// When the earliest timer not cancelled is due (at or before now if it is
    /// already due); `None` when every timer is cancelled or there is none.
    /// Cancelled timers met on the way are dropped, as the loop drops them.
    pub fn earliest(&mut self, cancelled: impl Fn(u32) -> bool) -> Option<u64> {
        for b in 0..self.buckets.len() {
            let bucket = &mut self.buckets[b];
            if bucket.is_empty() {
                continue;
            }
            let before = bucket.len();
            bucket.retain(|t| !cancelled(t.handle));
            self.len -= before - bucket.len();
            if let Some(t) = bucket.iter().min_by_key(|t| t.key_us) {
                return Some(t.key_us);
            }
        }
        None
    }

    /// The handles of the timers due by `now_us` (cancelled ones too), in
    /// (deadline, sequence) order.
    pub fn take_due(&mut self, now_us: u64, due: &mut Vec<(i64, u64, u32)>) {
        due.clear();
        loop {
            if self.len == 0 {
                break;
            }
            let Some(b) = self.buckets.iter().position(|bucket| !bucket.is_empty()) else {
                break;
            };
            if b == 0 {
                // Every key here is `last_us`, which is not after now.
                self.len -= self.buckets[0].len();
                due.extend(
                    self.buckets[0]
                        .drain(..)
                        .map(|t| (t.deadline_us, t.seq, t.handle)),
                );
                continue;
            }
            let earliest = self.buckets[b]
                .iter()
                .map(|t| t.key_us)
                .min()
                .unwrap_or(u64::MAX);
            if earliest > now_us {
                // Not due: `last_us` must stay at or before now, so nothing moves.
                break;
            }
            self.last_us = earliest;
            let mut moving = std::mem::take(&mut self.buckets[b]);
            for t in moving.drain(..) {
                let to = self.bucket(t.key_us);
                self.buckets[to].push(t);
            }
            self.buckets[b] = moving;
        }
        due.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::TimerQueue;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    /// The queue gives what a binary heap of (deadline, sequence) gives, as the loop
    /// uses it: the earliest live timer, and every timer due by now in order, with
    /// deadlines in the past (negative too), equal deadlines and cancelled timers.
    #[test]
    fn timers_come_out_as_from_a_heap() {
        for round in 0..300u64 {
            let mut seed = round + 7;
            let mut queue = TimerQueue::default();
            let mut heap: BinaryHeap<Reverse<(i64, u64, u32)>> = BinaryHeap::new();
            let mut cancelled: Vec<bool> = Vec::new();
            let mut now = 0u64;
            let mut seq = 0u64;
            let mut due = Vec::new();
            for _ in 0..400 {
                match next(&mut seed) % 6 {
                    0 => now += next(&mut seed) % 40,
                    1 if !cancelled.is_empty() => {
                        let h = (next(&mut seed) as usize) % cancelled.len();
                        cancelled[h] = true;
                    }
                    2 => {
                        // The loop's wait: the earliest timer not cancelled.
                        while let Some(Reverse((_, _, h))) = heap.peek() {
                            if !cancelled[*h as usize] {
                                break;
                            }
                            heap.pop();
                        }
                        let from_heap = heap.peek().map(|Reverse((d, _, _))| *d);
                        let from_queue = queue.earliest(|h| cancelled[h as usize]);
                        match (from_heap, from_queue) {
                            (Some(d), Some(k)) if d > now as i64 => assert_eq!(d as u64, k),
                            (Some(_), Some(k)) => assert!(k <= now),
                            (h, q) => assert_eq!(h.is_some(), q.is_some()),
                        }
                        if let Some(d) = from_heap {
                            now = now.max(d.max(0) as u64);
                        }
                    }
                    3 => {
                        let mut expected = Vec::new();
                        while let Some(Reverse(t)) = heap.peek() {
                            if t.0 > now as i64 {
                                break;
                            }
                            expected.push(*t);
                            heap.pop();
                        }
                        queue.take_due(now, &mut due);
                        let live = |v: &[(i64, u64, u32)]| -> Vec<(i64, u64, u32)> {
                            v.iter()
                                .copied()
                                .filter(|t| !cancelled[t.2 as usize])
                                .collect()
                        };
                        assert_eq!(live(&due), live(&expected), "round {round}");
                    }
                    _ => {
                        // In the past, even before 0 (`call_later(-2, …)` early on).
                        let now = now as i64;
                        let deadline = match next(&mut seed) % 4 {
                            0 => now - (next(&mut seed) % 30) as i64,
                            1 => now,
                            _ => now + (next(&mut seed) % 100) as i64,
                        };
                        seq += 1;
                        let h = cancelled.len() as u32;
                        cancelled.push(false);
                        queue.push(deadline, seq, h);
                        heap.push(Reverse((deadline, seq, h)));
                    }
                }
            }
        }
    }
}
