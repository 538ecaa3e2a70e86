//! Which messages a random run emits: the catalog narrowed by ids, ranges and a minimum
//! severity, drawn with weights; with `--all`, first one line of each in id order.

use ftd_syslog::draw::SplitMix64;
use ftd_syslog::MessageInfo;

use super::options::Weight;
use crate::args::IdRange;

/// The messages to draw from, with cumulative weights for drawing.
#[derive(Debug, Clone)]
pub struct Selection {
    ids: Vec<u32>,
    /// `cumulative[i]` is the sum of the weights of `ids[..=i]`.
    cumulative: Vec<f64>,
    /// With `--all`: the lines before `ids.len()` emit the ids in order, before drawing.
    pass: bool,
    /// Per bucket of [`GUIDE_BUCKETS`] equal parts of the total weight, an index at or before
    /// the drawn one for every point in the bucket: a draw scans a step or two from there
    /// instead of searching all of `cumulative`.
    guide: Vec<u32>,
    /// [`GUIDE_BUCKETS`] over the total weight.
    buckets_per_weight: f64,
}

/// Buckets of [`Selection::guide`]: several per message of the catalog.
const GUIDE_BUCKETS: usize = 4096;

impl Selection {
    /// Selects from `messages`: the union of `ids` and `ranges` (everything when both are
    /// empty), at least as severe as `min_severity`, weighted by the last matching `weights`
    /// entry (1 otherwise). Errors are usage errors, in words.
    pub fn new(
        messages: &'static [MessageInfo],
        ids: &[u32],
        ranges: &[IdRange],
        min_severity: Option<u8>,
        weights: &[Weight],
        all: bool,
    ) -> Result<Selection, String> {
        for id in ids {
            if messages.binary_search_by_key(id, |m| m.id).is_err() {
                return Err(format!(
                    "--ids: {id} is not in the catalog (see `ftd-syslog catalog`)"
                ));
            }
        }
        for range in ranges {
            if !messages.iter().any(|m| range.contains(m.id)) {
                return Err(format!(
                    "--ranges: no catalog message in {}-{}",
                    range.first, range.last
                ));
            }
        }
        for weight in weights {
            let range = weight.range;
            if !messages.iter().any(|m| range.contains(m.id)) {
                return Err(if range.first == range.last {
                    format!(
                        "--weights: {} is not in the catalog (see `ftd-syslog catalog`)",
                        range.first
                    )
                } else {
                    format!(
                        "--weights: no catalog message in {}-{}",
                        range.first, range.last
                    )
                });
            }
        }
        let everything = ids.is_empty() && ranges.is_empty();
        let mut selected = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        for message in messages {
            let chosen = everything
                || ids.contains(&message.id)
                || ranges.iter().any(|r| r.contains(message.id));
            if !chosen || min_severity.is_some_and(|level| message.severity > level) {
                continue;
            }
            let weight = weights
                .iter()
                .rev()
                .find(|w| w.range.contains(message.id))
                .map_or(1.0, |w| w.weight);
            if weight == 0.0 && !all {
                continue;
            }
            total += weight;
            selected.push(message.id);
            cumulative.push(total);
        }
        if selected.is_empty() {
            return Err("no catalog message matches the selection (--ids, --ranges, --min-severity, --weights)".to_owned());
        }
        if total <= 0.0 && !all {
            return Err("every selected message has weight 0".to_owned());
        }
        if !total.is_finite() {
            return Err(
                "--weights: the weights add up to more than can be drawn from; use smaller numbers"
                    .to_owned(),
            );
        }
        let guide = guide(&cumulative, total);
        Ok(Selection {
            ids: selected,
            cumulative,
            pass: all,
            guide,
            buckets_per_weight: GUIDE_BUCKETS as f64 / total,
        })
    }

    /// The selected ids, in id order.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// How many messages are selected.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The id of line `line` of a run that draws line by line from a generator of its own:
    /// during an `--all` pass the line's place in id order, then drawn by weight. `None` past
    /// the pass when every weight is 0.
    pub fn at(&self, line: u64, rng: &mut SplitMix64) -> Option<u32> {
        if self.pass {
            if let Some(&id) = usize::try_from(line).ok().and_then(|i| self.ids.get(i)) {
                return Some(id);
            }
        }
        self.draw(rng)
    }

    /// An id drawn by weight.
    fn draw(&self, rng: &mut SplitMix64) -> Option<u32> {
        let total = *self.cumulative.last()?;
        if total <= 0.0 {
            return None;
        }
        // 53 random bits make a uniform float in [0, total).
        let point = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        // The first index whose cumulative weight is above the point, found from the guide.
        let bucket = ((point * self.buckets_per_weight) as usize).min(GUIDE_BUCKETS - 1);
        let mut index = self.guide[bucket] as usize;
        while self.cumulative.get(index).is_some_and(|&c| c <= point) {
            index += 1;
        }
        self.ids.get(index.min(self.ids.len() - 1)).copied()
    }
}

/// [`Selection::guide`] of `cumulative`: for bucket `b`, the first index whose cumulative
/// weight is above the start of bucket `b - 1` (a bucket earlier than needed, so that rounding
/// in placing a point in its bucket never puts the start after the index drawn).
fn guide(cumulative: &[f64], total: f64) -> Vec<u32> {
    (0..GUIDE_BUCKETS)
        .map(|bucket| {
            let start = bucket.saturating_sub(1) as f64 / GUIDE_BUCKETS as f64 * total;
            cumulative.partition_point(|&c| c <= start) as u32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args;
    use crate::commands::simulate::options;

    #[test]
    fn narrows_and_weighs() {
        let messages = ftd_syslog::MESSAGES;
        let ranges = [args::id_range("718xxx").unwrap()];
        let selection = Selection::new(messages, &[716001], &ranges, Some(6), &[], false).unwrap();
        assert!(selection.ids.contains(&718002));
        assert!(
            !selection.ids.contains(&718001),
            "718001 is a debug message"
        );
        assert!(selection.ids.contains(&716001) && !selection.ids.contains(&716002));
        let weights = [
            options::weight("716001=0").unwrap(),
            options::weight("716002=1").unwrap(),
        ];
        let heavy =
            Selection::new(messages, &[716001, 716002], &[], None, &weights, false).unwrap();
        let mut rng = SplitMix64::new(3);
        assert!((0..100).all(|line| heavy.at(line, &mut rng) == Some(716002)));
        assert!(Selection::new(messages, &[716999], &[], None, &[], false).is_err());
        assert!(Selection::new(messages, &[716001], &[], Some(0), &[], false).is_err());
    }

    #[test]
    fn the_guide_draws_what_a_search_draws() {
        let weights = [
            options::weight("716xxx=5").unwrap(),
            options::weight("717001=0").unwrap(),
            options::weight("718002=0.001").unwrap(),
            options::weight("720xxx=300").unwrap(),
        ];
        for weights in [&weights[..], &[]] {
            let selection =
                Selection::new(ftd_syslog::MESSAGES, &[], &[], None, weights, false).unwrap();
            let total = *selection.cumulative.last().unwrap();
            let mut rng = SplitMix64::new(9);
            for _ in 0..100_000 {
                let mut copy = rng.clone();
                let point = (copy.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let searched = selection.cumulative.partition_point(|&c| c <= point);
                let expected = selection.ids[searched.min(selection.ids.len() - 1)];
                assert_eq!(selection.at(u64::MAX, &mut rng), Some(expected));
            }
        }
    }

    #[test]
    fn all_covers_everything_first() {
        let selection = Selection::new(ftd_syslog::MESSAGES, &[], &[], None, &[], true).unwrap();
        let mut rng = SplitMix64::new(1);
        let first: Vec<u32> = (0..selection.len() as u64)
            .filter_map(|line| selection.at(line, &mut rng))
            .collect();
        let all: Vec<u32> = ftd_syslog::MESSAGES.iter().map(|m| m.id).collect();
        assert_eq!(first, all);
        assert!(selection.at(selection.len() as u64, &mut rng).is_some());
    }
}
