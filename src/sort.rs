//! One stable sort for the whole crate, by an integer key.
//!
//! Every `slice::sort_by_key` call instantiates std's driftsort for its element and
//! closure types: about 4 KB of WebAssembly each, and the browser build had a dozen
//! (57 KB before compression). Here the generic part is only "compute the keys" and
//! "apply the permutation"; the sorting itself is one non-generic instantiation over
//! `(key, index)` pairs, so it is stable and costs its code once.

/// Sorts `items` by `key`, keeping the original order of equal keys (as
/// `sort_by_key` does). Keys are pairs so two-level orders (line, then column) need
/// no packing.
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (u64, u64)) {
    if items.len() < 2 {
        return;
    }
    // Loops rather than iterator chains: every instance carries its own copy.
    let mut keyed: Vec<Keyed> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        keyed.push(Keyed {
            key: key(item),
            index: i as u32,
        });
    }
    if !sort_keyed(&mut keyed) {
        return;
    }
    let mut slots: Vec<Option<T>> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        slots.push(Some(item));
    }
    for k in &keyed {
        if let Some(item) = slots.get_mut(k.index as usize).and_then(Option::take) {
            items.push(item);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Keyed {
    key: (u64, u64),
    /// The position before sorting: a tie-breaker that makes the sort stable.
    index: u32,
}

/// Sorts `keyed`; false when it was in order already, as most callers' items are
/// (trace events come in time order), so the items need not move. Not generic, so
/// the sort's code exists once in the binary.
#[inline(never)]
fn sort_keyed(keyed: &mut [Keyed]) -> bool {
    // Strictly: the indices make every pair distinct.
    if keyed.windows(2).all(|w| w[0] < w[1]) {
        return false;
    }
    keyed.sort_unstable();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key_and_keeps_ties_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |&(k, _)| (k, 0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn two_level_keys_and_agrees_with_std() {
        let mut v: Vec<(u64, u64, usize)> = (0..500)
            .map(|i: usize| ((i * 7919 % 13) as u64, (i * 104_729 % 5) as u64, i))
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|&(a, b, _)| (a, b));
        sort_by_key(&mut v, |&(a, b, _)| (a, b));
        assert_eq!(v, expected);
    }

    #[test]
    fn empty_and_single() {
        let mut v: Vec<u8> = Vec::new();
        sort_by_key(&mut v, |&x| (u64::from(x), 0));
        assert!(v.is_empty());
        let mut v = vec![9u8];
        sort_by_key(&mut v, |&x| (u64::from(x), 0));
        assert_eq!(v, [9]);
    }
}
