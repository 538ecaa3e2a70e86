//! Finding a message id among a catalog's ids, for dispatch on the id without a `match` of
//! hundreds of arms (whose code is spread over many cache lines and whose branches depend on
//! the id, which changes from one line to the next).

/// The place of `id` in `ids` (sorted, ascending), or `None` when it is not there.
///
/// A binary search whose steps choose with a conditional move rather than a branch: the
/// number of steps depends on the length of `ids` only, so that no step is mispredicted
/// whatever the ids of successive lines.
#[inline]
pub fn place_of(ids: &[u32], id: u32) -> Option<usize> {
    let mut base = 0;
    let mut size = ids.len();
    if size == 0 {
        return None;
    }
    while size > 1 {
        let half = size / 2;
        let middle = base + half;
        // `ids[middle]` exists: `middle < base + size <= ids.len()`.
        base = if ids.get(middle).is_some_and(|&m| m <= id) {
            middle
        } else {
            base
        };
        size -= half;
    }
    (ids.get(base) == Some(&id)).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::place_of;

    /// The search agrees with a plain scan, on sets of every size up to 70 (so that every
    /// shape of the halving is met) and on ids around, between and inside them.
    #[test]
    fn agrees_with_a_scan() {
        let mut rng = crate::draw::SplitMix64::new(17);
        for len in 0..70usize {
            for _ in 0..20 {
                let mut ids: Vec<u32> = (0..len).map(|_| rng.below(400) as u32 * 3).collect();
                ids.sort_unstable();
                ids.dedup();
                for id in 0..1_250 {
                    assert_eq!(
                        place_of(&ids, id),
                        ids.iter().position(|&x| x == id),
                        "{id} in {ids:?}"
                    );
                }
            }
        }
        let ends = [0, u32::MAX];
        assert_eq!(place_of(&ends, u32::MAX), Some(1));
        assert_eq!(place_of(&ends, 0), Some(0));
        assert_eq!(place_of(&ends, 7), None);
    }
}
