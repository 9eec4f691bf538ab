//! Sorting that shares one copy of the standard library's sort.
//!
//! Every `sort_by_key` on another element type or with another closure compiles its own copy
//! of the sort, about 4 KB of wasm each, and so does every `collect()` into a `BTreeSet` (per
//! element type) or a `BTreeMap` (per iterator type), which sorts a copy of its input first.
//! [`sort_by_key`] instead sorts `(key, position)` pairs of one type, and [`btree_of`] inserts
//! one by one, so the core's sorts cost one copy in the bundle.

/// A sort key: two numbers, compared in order (the second breaks ties of the first).
pub type Key = (u64, u64);

/// Sorts `items` by `key`, keeping items with equal keys in their order (as the standard
/// library's stable `sort_by_key` does).
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> Key) {
    let order = ascending(items.iter().map(key).collect());
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|position| slots[position].take()),
    );
}

/// The positions of `keys` in ascending order of key; equal keys keep their order.
pub fn ascending(keys: Vec<Key>) -> Vec<usize> {
    let mut keyed: Vec<(Key, usize)> = keys
        .into_iter()
        .enumerate()
        .map(|(position, key)| (key, position))
        .collect();
    // The position makes every pair distinct, so the unstable sort gives the stable order.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, position)| position).collect()
}

/// A `BTreeSet` or `BTreeMap` of `items`, as `collect()` would build it (for a map, the last
/// value of a repeated key wins), without compiling another copy of the sort.
pub fn btree_of<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut collection = C::default();
    collection.extend(items);
    collection
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{ascending, btree_of, sort_by_key};

    #[test]
    fn sorts_like_the_stable_sort() {
        let mut items: Vec<(u64, char)> = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let mut expected = items.clone();
        expected.sort_by_key(|(key, _)| *key);
        sort_by_key(&mut items, |(key, _)| (*key, 0));
        assert_eq!(items, expected);
        assert_eq!(ascending(vec![(1, 2), (1, 1), (0, 9)]), vec![2, 1, 0]);
        assert!(ascending(Vec::new()).is_empty());
    }

    #[test]
    fn builds_the_collection_collect_builds() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)];
        let map: BTreeMap<&str, i32> = btree_of(pairs);
        assert_eq!(map, pairs.into_iter().collect::<BTreeMap<_, _>>());
        let set: BTreeSet<u8> = btree_of([3, 1, 3, 2]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![1, 2, 3]);
    }
}
