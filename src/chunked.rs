//! A vector in chunks of a fixed size, for what a run keeps growing to the end: the
//! trace's events.
//!
//! A large run records close to a million events while it runs. In one vector they
//! would be copied each time it outgrows its room (about once over in all, 34 MB for
//! the many-task benchmark), and the copies cost about 5% of the run. A chunk, once
//! made, never moves: only the first one grows, up to [`CHUNK`] items, as a small
//! vector would. Reading by index is a shift and a mask, and a second bounds check:
//! the futures arena, read far more often than it grows, is faster as one vector.

use std::fmt;
use std::ops::{Index, IndexMut, Range};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Items per chunk (160 KB of trace events).
const SHIFT: u32 = 12;
const CHUNK: usize = 1 << SHIFT;
const MASK: usize = CHUNK - 1;

/// Items in the order they were pushed. Serialized as a plain list.
#[derive(Clone, PartialEq)]
pub struct Chunked<T> {
    /// Every chunk but the last holds exactly [`CHUNK`] items.
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    pub fn new() -> Chunked<T> {
        Chunked::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(item),
            _ => {
                // The first chunk starts small and grows; later ones are made whole.
                let mut chunk = Vec::with_capacity(if self.chunks.is_empty() { 16 } else { CHUNK });
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i >> SHIFT)?.get(i & MASK)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunks.get_mut(i >> SHIFT)?.get_mut(i & MASK)
    }

    pub fn last(&self) -> Option<&T> {
        self.chunks.last()?.last()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.chunks.iter().flatten()
    }

    /// The items at the indices `range` (cut to the items there are).
    pub fn range(&self, range: Range<usize>) -> impl DoubleEndedIterator<Item = &T> + Clone {
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

    /// The items from index `start` on.
    pub fn since(&self, start: usize) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.range(start..self.len)
    }

    /// Gives back the room the first chunk grew into and does not use.
    pub fn shrink_to_fit(&mut self) {
        if let [only] = &mut self.chunks[..] {
            only.shrink_to_fit();
        }
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(item) => item,
            None => panic!("index {i} of {}", self.len),
        }
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        let len = self.len;
        match self.get_mut(i) {
            Some(item) => item,
            None => panic!("index {i} of {len}"),
        }
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

impl<T> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Chunked<T> {
        let mut chunked = Chunked::new();
        iter.into_iter().for_each(|item| chunked.push(item));
        chunked
    }
}

impl<T> From<Vec<T>> for Chunked<T> {
    fn from(items: Vec<T>) -> Chunked<T> {
        items.into_iter().collect()
    }
}

impl<T: fmt::Debug> fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for Chunked<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Chunked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Chunked<T>, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Chunked::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers<'a>(items: impl Iterator<Item = &'a usize>) -> Vec<usize> {
        items.copied().collect()
    }

    #[test]
    fn indices_ranges_and_iteration_agree_across_chunk_edges() {
        let n = 3 * CHUNK + 5;
        let mut items: Chunked<usize> = (0..n).collect();
        assert_eq!(items.len(), n);
        assert_eq!(numbers(items.iter()), (0..n).collect::<Vec<_>>());
        assert_eq!(items.iter().next_back(), Some(&(n - 1)));
        for i in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, n - 1] {
            assert_eq!(items[i], i);
        }
        assert!(items.get(n).is_none());
        assert_eq!(items.last(), Some(&(n - 1)));
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
            let want: Vec<usize> = (a.min(n)..b.min(n)).collect();
            assert_eq!(numbers(items.range(a..b)), want, "{a}..{b}");
        }
        assert_eq!(numbers(items.since(n - 2)), vec![n - 2, n - 1]);
        items[CHUNK + 1] = 0;
        assert_eq!(items.get(CHUNK + 1), Some(&0));
    }

    #[test]
    fn it_serializes_as_the_list_of_its_items() {
        let items: Chunked<usize> = (0..CHUNK + 2).collect();
        let list: Vec<usize> = items.iter().copied().collect();
        let json = serde_json::to_string(&items).unwrap();
        assert_eq!(json, serde_json::to_string(&list).unwrap());
        let back: Chunked<usize> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, items);
    }
}
