//! The trace's events, in chunks of a fixed size rather than in one vector.
//!
//! A large run records close to a million events while it runs. In one vector they
//! would be copied each time it outgrows its room (about once over in all, 34 MB for
//! the many-task benchmark), and the copies cost about 5% of the run. A chunk, once
//! made, never moves: only the first one grows, up to [`CHUNK`] events, as a small
//! trace's vector would. Reading by index is a shift and a mask.

use std::fmt;
use std::ops::{Index, Range};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Event;

/// Events per chunk: 160 KB of them.
const SHIFT: u32 = 12;
const CHUNK: usize = 1 << SHIFT;
const MASK: usize = CHUNK - 1;

/// The events of a run, in the order they happened. Serialized as a plain list.
#[derive(Clone, Default, PartialEq)]
pub struct Events {
    /// Every chunk but the last holds exactly [`CHUNK`] events.
    chunks: Vec<Vec<Event>>,
    len: usize,
}

impl Events {
    pub fn new() -> Events {
        Events::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, event: Event) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(event),
            _ => {
                // The first chunk starts small and grows; later ones are made whole.
                let mut chunk = Vec::with_capacity(if self.chunks.is_empty() { 16 } else { CHUNK });
                chunk.push(event);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> Option<&Event> {
        self.chunks.get(i >> SHIFT)?.get(i & MASK)
    }

    pub fn last(&self) -> Option<&Event> {
        self.chunks.last()?.last()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> + Clone {
        self.chunks.iter().flatten()
    }

    /// The events at the indices `range` (cut to the events there are).
    pub fn range(&self, range: Range<usize>) -> impl DoubleEndedIterator<Item = &Event> + Clone {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let chunks = if start == end {
            &self.chunks[..0]
        } else {
            &self.chunks[start >> SHIFT..=(end - 1) >> SHIFT]
        };
        let first = start >> SHIFT;
        chunks.iter().enumerate().flat_map(move |(k, chunk)| {
            let base = (first + k) << SHIFT;
            let from = start.saturating_sub(base);
            let to = (end - base).min(chunk.len());
            &chunk[from..to]
        })
    }

    /// The events from index `start` on.
    pub fn since(&self, start: usize) -> impl DoubleEndedIterator<Item = &Event> + Clone {
        self.range(start..self.len)
    }

    /// Gives the room the first chunk grew into and does not use back.
    pub fn shrink_to_fit(&mut self) {
        if let [only] = &mut self.chunks[..] {
            only.shrink_to_fit();
        }
    }
}

impl Index<usize> for Events {
    type Output = Event;

    fn index(&self, i: usize) -> &Event {
        match self.get(i) {
            Some(event) => event,
            None => panic!("event {i} of {}", self.len),
        }
    }
}

impl<'a> IntoIterator for &'a Events {
    type Item = &'a Event;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Event>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

impl FromIterator<Event> for Events {
    fn from_iter<I: IntoIterator<Item = Event>>(iter: I) -> Events {
        let mut events = Events::new();
        iter.into_iter().for_each(|e| events.push(e));
        events
    }
}

impl From<Vec<Event>> for Events {
    fn from(events: Vec<Event>) -> Events {
        events.into_iter().collect()
    }
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Events {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Events {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Events, D::Error> {
        Vec::<Event>::deserialize(deserializer).map(Events::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::EventKind;

    fn event(i: usize) -> Event {
        Event {
            t_us: i as u64,
            kind: EventKind::TaskReady { task: i as u32 },
        }
    }

    fn times<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<u64> {
        events.map(|e| e.t_us).collect()
    }

    #[test]
    fn indices_ranges_and_iteration_agree_across_chunk_edges() {
        let n = 3 * CHUNK + 5;
        let events: Events = (0..n).map(event).collect();
        assert_eq!(events.len(), n);
        assert_eq!(times(events.iter()), (0..n as u64).collect::<Vec<_>>());
        assert_eq!(times(events.iter().rev()).first(), Some(&(n as u64 - 1)));
        for i in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, n - 1] {
            assert_eq!(events[i].t_us, i as u64);
        }
        assert!(events.get(n).is_none());
        assert_eq!(events.last().map(|e| e.t_us), Some(n as u64 - 1));
        for (a, b) in [
            (0, 0),
            (0, n),
            (CHUNK - 2, CHUNK + 3),
            (CHUNK, 2 * CHUNK),
            (5, 3 * CHUNK),
            (n - 1, n + 10),
            (n + 3, n + 10),
            (7, 3),
        ] {
            let want: Vec<u64> = (a.min(n)..b.min(n)).map(|i| i as u64).collect();
            assert_eq!(times(events.range(a..b)), want, "{a}..{b}");
        }
        assert_eq!(times(events.since(n - 2)), vec![n as u64 - 2, n as u64 - 1]);
    }

    #[test]
    fn it_serializes_as_the_list_of_its_events() {
        let events: Events = (0..CHUNK + 2).map(event).collect();
        let list: Vec<Event> = events.iter().cloned().collect();
        let json = serde_json::to_string(&events).unwrap();
        assert_eq!(json, serde_json::to_string(&list).unwrap());
        let back: Events = serde_json::from_str(&json).unwrap();
        assert_eq!(back, events);
    }
}
