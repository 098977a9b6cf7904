//! The app's stable sort (pure: no I/O, no clock, no UI).
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site gets its own copy of
//! the standard library's stable sort: about 3.5 KB of wasm each, 15 copies in the web build (issue #16, the
//! first download). These functions sort the elements' positions instead, through one non-generic instance of
//! that same sort, and then move the elements into place, which costs a few hundred bytes per call site.
//! The result is the one `slice::sort_by` gives: a stable sort of the positions `0..n` under the same
//! comparison keeps equal elements in their original order, exactly as a stable sort of the elements does.

use std::cmp::Ordering;

/// [`slice::sort_by`], same result (stable).
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    // `order[i]` is the position of the element that belongs at `i`; follow each cycle once, swapping the
    // right element into each place and marking the place done (`order[j] = j`).
    for start in 0..order.len() {
        let mut j = start;
        loop {
            let k = order[j];
            order[j] = j;
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// [`slice::sort_by_key`], same result (stable; the key is computed per comparison, as there).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The one instance of the standard library's stable sort that every call above shares.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        // Many ties, so stability shows; every length up to 40 and a long one, the std sort as the reference.
        let mut seed = 0x2545_f491_u64;
        for len in (0..40).chain([1000]) {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "length {len}");
            // A comparison (descending), not a key: sort_by itself, against std's sort_by.
            let descending = |a: &(u8, usize), b: &(u8, usize)| b.0.cmp(&a.0);
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, descending);
            std.sort_by(descending);
            assert_eq!(ours, std, "length {len}, descending");
        }
    }
}
