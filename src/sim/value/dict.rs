//! Python's dict: insertion-ordered, keyed by Python equality, and laid out as
//! CPython 3.11 lays out a dict's entries, so that an iterator that goes on while
//! the dict changes sees what it sees in CPython.
//!
//! CPython keeps the entries in an array in insertion order. A deleted entry
//! leaves a hole; a new one goes at the end, while the array has room
//! (`dk_usable`); when it has none, the dict is resized and the live entries are
//! packed to the front. An iterator holds an index into that array. So after
//! `del d[k]; d[k2] = v` inside `for k in d:` the loop goes on to `k2` or not,
//! depending on whether that insertion packed the array. The map here holds the
//! live entries in order; [`Dict`] also keeps each one's index in CPython's array
//! and the array's bookkeeping, following `Objects/dictobject.c`: `insertdict`,
//! `insertion_resize`, `dictresize`, `dict_merge`, `PyDict_Copy`,
//! `dict_new_presized`, `dict_popitem`, `dictiter_iternextkey`.
//!
//! A table is of one of two kinds: for `str` keys only, or general. The first key
//! of another type that goes into a `str`-only table resizes it (to the size an
//! insertion that found no room would choose), packing the array, even when it
//! had room: so that insertion may change where an iterator goes on.

use super::{FastMap, HashKey, Value};

/// A dict's entries and CPython's layout of them. Changed only through its
/// methods, which keep the two in step.
#[derive(Default)]
pub struct Dict {
    map: FastMap<HashKey, (Value, Value)>,
    /// `dk_log2_size`: 0 for the shared empty keys a new dict starts with.
    log2_size: u8,
    /// `dk_usable`: entries that can still be appended before a resize.
    usable: usize,
    /// `dk_nentries`: the array's length, holes included.
    nentries: usize,
    /// Each live entry's index in the array, in the map's order (increasing).
    slots: Vec<usize>,
    /// `dk_kind == DICT_KEYS_GENERAL`: the table takes keys of any type. False for
    /// a `str`-only table, and for the shared empty keys (which are of that kind).
    general: bool,
}

/// `PyDict_LOG_MINSIZE`.
const LOG_MINSIZE: u8 = 3;

/// `USABLE_FRACTION`: how many entries a table of `size` takes before a resize.
fn usable_fraction(size: usize) -> usize {
    (size << 1) / 3
}

/// `calculate_log2_keysize` as CPython 3.11 computes it (not always the smallest
/// size: 6 gives 16).
fn log2_keysize(minsize: usize) -> u8 {
    let minsize = (minsize | 8) - 1;
    (usize::BITS - (minsize | 7).leading_zeros()) as u8
}

/// `estimate_log2_keysize`: a table for `n` entries without a resize.
fn estimate_log2_keysize(n: usize) -> u8 {
    log2_keysize((n * 3).div_ceil(2))
}

impl Dict {
    /// What a display of `n` pairs (`{k: v, …}`) starts as: CPython's compiler
    /// builds one of more than 15 pairs from an empty dict, a smaller one presized
    /// (`_PyDict_FromItems`: `str`-only when all its keys are `str`s).
    pub fn for_display(n: usize, str_keys: bool) -> Dict {
        if n > 15 {
            Dict::default()
        } else {
            Dict::presized(n, str_keys)
        }
    }

    /// `dict_new_presized`: a dict for `n` entries (a display's, the keywords of a
    /// call), `str`-only or general; five or fewer start as an empty one.
    pub fn presized(n: usize, str_keys: bool) -> Dict {
        const MAX_LOG2: u8 = 17;
        if n <= usable_fraction(1 << LOG_MINSIZE) {
            return Dict::default();
        }
        let log2_size = if n > usable_fraction(1 << MAX_LOG2) {
            MAX_LOG2
        } else {
            estimate_log2_keysize(n)
        };
        Dict {
            log2_size,
            usable: usable_fraction(1 << log2_size),
            general: !str_keys,
            ..Dict::default()
        }
    }

    pub fn map(&self) -> &FastMap<HashKey, (Value, Value)> {
        &self.map
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The values, to change in place (the layout stays).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut (Value, Value)> {
        self.map.values_mut()
    }

    /// `d[key] = value`. An existing key keeps its first key object (`d[1] = 'a';
    /// d[1.0] = 'b'` keeps the int) and its place.
    pub fn insert(&mut self, key: HashKey, key_object: Value, value: Value) {
        if let Some(entry) = self.map.get_mut(&key) {
            entry.1 = value;
            return;
        }
        let is_str = matches!(key_object, Value::Str(_));
        if self.log2_size != 0 && !self.general && !is_str {
            // `insertion_resize(mp, 0)`: the table becomes general.
            self.resize(log2_keysize(self.map.len() * 3), false);
        }
        self.make_room(is_str);
        self.slots.push(self.nentries);
        self.nentries += 1;
        self.usable -= 1;
        self.map.insert(key, (key_object, value));
    }

    /// `d.setdefault(key, default)`: the value, inserting `default` when missing.
    pub fn setdefault(&mut self, key: HashKey, key_object: Value, default: Value) -> Value {
        if let Some((_, v)) = self.map.get(&key) {
            return v.clone();
        }
        self.insert(key, key_object, default.clone());
        default
    }

    /// `del d[key]`, `d.pop(key)`: the entry's place becomes a hole.
    pub fn remove(&mut self, key: &HashKey) -> Option<(Value, Value)> {
        let (i, _, entry) = self.map.shift_remove_full(key)?;
        self.slots.remove(i);
        Some(entry)
    }

    /// `d.popitem()`: the last entry; the array ends where it was.
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let (_, entry) = self.map.pop()?;
        if let Some(slot) = self.slots.pop() {
            self.nentries = slot;
        }
        Some(entry)
    }

    /// `d.clear()`: back to the shared empty keys.
    pub fn clear(&mut self) {
        *self = Dict::default();
    }

    /// `d.copy()` (`PyDict_Copy`): the same layout when at most a third of the
    /// array is holes, else packed by a merge into a new dict.
    pub fn copy(&self) -> Dict {
        if self.map.is_empty() {
            return Dict::default();
        }
        if self.map.len() >= self.nentries * 2 / 3 {
            return self.clone_layout();
        }
        let mut copy = Dict::default();
        copy.merge(self);
        copy
    }

    /// `dict_merge(self, other, override=1)`: `self.update(other)`, `dict(other)`.
    pub fn merge(&mut self, other: &Dict) {
        if other.map.is_empty() {
            return;
        }
        if self.map.is_empty() {
            // A new, packed dict is cloned whole.
            let packed = other.map.len() == other.nentries;
            let fresh = other.log2_size == LOG_MINSIZE
                || usable_fraction((1 << other.log2_size) / 2) < other.map.len();
            if packed && fresh {
                *self = other.clone_layout();
                return;
            }
        }
        // One big resize first, when the table is too small for `other` alone; of
        // `other`'s kind, unless this one is general already.
        if usable_fraction(1 << self.log2_size) < other.map.len() {
            let size = estimate_log2_keysize(self.map.len() + other.map.len());
            self.resize(size, !other.general);
        }
        for (key, (k, v)) in &other.map {
            self.insert(key.clone(), k.clone(), v.clone());
        }
    }

    /// `dict.fromkeys(d)` starts from a table sized for `d`'s keys, of its kind
    /// (even for an empty `d`).
    pub fn sized_for(source: &Dict) -> Dict {
        let mut dict = Dict::default();
        dict.resize(estimate_log2_keysize(source.len()), !source.general);
        dict
    }

    /// The next entry for an iterator at array index `pos`: its map index.
    fn entry_at_or_after(&self, pos: usize) -> Option<usize> {
        let i = self.slots.partition_point(|&slot| slot < pos);
        (i < self.slots.len()).then_some(i)
    }

    fn clone_layout(&self) -> Dict {
        Dict {
            map: self.map.clone(),
            log2_size: self.log2_size,
            usable: self.usable,
            nentries: self.nentries,
            slots: self.slots.clone(),
            general: self.general,
        }
    }

    /// Room for one more entry at the end of the array (`insertdict`), for a key
    /// that is a `str` or not.
    fn make_room(&mut self, is_str: bool) {
        if self.log2_size == 0 {
            // `insert_to_emptydict`: the first key chooses the kind.
            *self = Dict {
                map: std::mem::take(&mut self.map),
                log2_size: LOG_MINSIZE,
                usable: usable_fraction(1 << LOG_MINSIZE),
                general: !is_str,
                ..Dict::default()
            };
        } else if self.usable == 0 {
            // `insertion_resize`: GROWTH_RATE is three times the entries in use.
            self.resize(log2_keysize(self.map.len() * 3), true);
        }
    }

    /// `dictresize`: a table of 2^`log2_size`, the live entries packed to the
    /// front; `str`-only if asked and it was (a general table stays general).
    fn resize(&mut self, log2_size: u8, str_keys: bool) {
        let n = self.map.len();
        self.general |= !str_keys;
        self.log2_size = log2_size;
        self.slots = (0..n).collect();
        self.nentries = n;
        self.usable = usable_fraction(1 << log2_size).saturating_sub(n);
    }
}

/// Where a dict iterator is (`dictiterobject`).
#[derive(Clone, Debug)]
pub struct DictCursor {
    /// `di_pos`: an index into CPython's entry array.
    pos: usize,
    /// `di_used`: the dict's size when the iterator was made; `None` once it
    /// reported a change of size (the report then repeats).
    used: Option<usize>,
    /// `len`: entries still expected.
    left: usize,
    /// The iterator ended (`di_dict` is NULL): it stays ended.
    done: bool,
}

/// What advancing a dict iterator found.
pub enum DictStep {
    /// The map index of the next entry.
    Entry(usize),
    End,
    /// CPython's `RuntimeError` message.
    Changed(&'static str),
}

impl DictCursor {
    pub fn new(dict: &Dict) -> DictCursor {
        DictCursor {
            pos: 0,
            used: Some(dict.len()),
            left: dict.len(),
            done: false,
        }
    }

    /// `dictiter_iternextkey` (and its `values` and `items` twins).
    pub fn advance(&mut self, dict: &Dict) -> DictStep {
        if self.done {
            return DictStep::End;
        }
        if self.used != Some(dict.len()) {
            self.used = None;
            return DictStep::Changed("dictionary changed size during iteration");
        }
        let Some(i) = dict.entry_at_or_after(self.pos) else {
            self.done = true;
            return DictStep::End;
        };
        if self.left == 0 {
            self.done = true;
            return DictStep::Changed("dictionary keys changed during iteration");
        }
        self.pos = dict.slots[i] + 1;
        self.left -= 1;
        DictStep::Entry(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(keys: &[i64]) -> Dict {
        let mut d = Dict::for_display(keys.len(), false);
        for &k in keys {
            d.insert(HashKey::Int(k), Value::Int(k), Value::Int(k));
        }
        d
    }

    fn key(d: &Dict, i: usize) -> i64 {
        match d.map.get_index(i) {
            Some((HashKey::Int(k), _)) => *k,
            _ => panic!("an int key"),
        }
    }

    #[test]
    fn table_sizes_follow_cpython_3_11() {
        assert_eq!(log2_keysize(0), 3);
        assert_eq!(log2_keysize(8), 3);
        assert_eq!(log2_keysize(6), 4);
        assert_eq!(log2_keysize(9), 4);
        assert_eq!(log2_keysize(16), 5);
        assert_eq!(estimate_log2_keysize(5), 3);
        assert_eq!(estimate_log2_keysize(6), 4);
    }

    /// `for k in d: del d[k]; d[k + 10] = 1` over three keys, as CPython runs it:
    /// the third insertion packs the array and the loop ends after three keys.
    #[test]
    fn a_loop_that_deletes_and_inserts_sees_what_cpython_sees() {
        let mut d = dict(&[1, 2, 3]);
        let mut cursor = DictCursor::new(&d);
        let mut seen = Vec::new();
        while let DictStep::Entry(i) = cursor.advance(&d) {
            let k = key(&d, i);
            seen.push(k);
            d.remove(&HashKey::Int(k));
            d.insert(HashKey::Int(k + 10), Value::Int(k + 10), Value::None);
        }
        assert_eq!(seen, [1, 2, 3]);
        let keys: Vec<i64> = (0..d.len()).map(|i| key(&d, i)).collect();
        assert_eq!(keys, [11, 12, 13]);
    }

    #[test]
    fn a_change_of_size_is_reported_again_and_an_end_is_final() {
        let mut d = dict(&[1]);
        let mut cursor = DictCursor::new(&d);
        assert!(matches!(cursor.advance(&d), DictStep::Entry(0)));
        assert!(matches!(cursor.advance(&d), DictStep::End));
        d.insert(HashKey::Int(2), Value::Int(2), Value::None);
        assert!(matches!(cursor.advance(&d), DictStep::End));

        let mut cursor = DictCursor::new(&d);
        d.insert(HashKey::Int(3), Value::Int(3), Value::None);
        assert!(matches!(cursor.advance(&d), DictStep::Changed(_)));
        d.remove(&HashKey::Int(3));
        assert!(matches!(cursor.advance(&d), DictStep::Changed(_)));
    }
}
