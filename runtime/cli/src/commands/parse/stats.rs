//! Counts of lines per outcome, per error kind and per message id (`parse --stats`); the
//! report is written by [`crate::render::stats`].
//!
//! Memory is bounded whatever the input: every catalogued id gets its own counts (there are a
//! few hundred), ids outside the catalog only the first [`TRACKED_OTHER`] distinct ones; lines
//! of later ones go to an "other ids" bucket. The report lists the [`SHOWN_OTHER`] uncatalogued
//! ids with the most lines and adds the rest to that bucket.
//!
//! Lines are counted per chunk (a [`Tally`], which a worker thread fills) and the tallies
//! added to the run's [`Stats`] in input order, which gives the counts one pass over the lines
//! gives: a tally keeps the ids outside the catalog in the order first seen.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A catalogued message, parsed by one of its templates.
    Exact,
    /// A catalogued id whose body matched none of its templates.
    Loose,
    /// A well-formed header with an id outside the catalog.
    UnknownId,
    /// Not parsed; the error kind's name.
    Failed(&'static str),
    /// Empty or only whitespace: skipped.
    Blank,
}

/// Lines of one message id.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdCounts {
    /// Lines with the id.
    pub lines: u64,
    /// Of those, lines parsed by a template.
    pub exact: u64,
    /// Lines recognised loosely.
    pub loose: u64,
    /// Lines whose id is outside the catalog.
    pub unknown: u64,
    /// Lines that failed.
    pub failed: u64,
}

/// How many distinct ids outside the catalog get counts of their own.
pub const TRACKED_OTHER: usize = 1000;
/// How many of them the report lists (by line count).
pub const SHOWN_OTHER: usize = 20;

/// Lines of ids outside the catalog that the report does not list one by one.
#[derive(Debug, Clone, Copy, Default)]
pub struct OtherIds {
    /// Lines.
    pub lines: u64,
    /// Of those, failed.
    pub failed: u64,
}

/// The counts of a run.
#[derive(Debug, Default)]
pub struct Stats {
    pub lines: u64,
    pub exact: u64,
    pub loose: u64,
    pub unknown_ids: u64,
    pub failed: u64,
    pub blank: u64,
    /// Failed lines whose header was not read, so that have no id.
    failed_without_id: u64,
    by_id: HashMap<u32, IdCounts>,
    /// Distinct uncatalogued ids in `by_id`.
    other_tracked: usize,
    /// Lines of uncatalogued ids beyond [`TRACKED_OTHER`].
    other_overflow: OtherIds,
    by_error: BTreeMap<&'static str, u64>,
}

/// Hashes a message id: ids are small distinct integers, for which a multiplication spreads
/// well and costs far less than the default hasher (this runs once per line).
#[derive(Debug, Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, id: u32) {
        self.0 = u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// The counts of one chunk of lines, added to [`Stats`] in input order.
#[derive(Debug, Default)]
pub struct Tally {
    lines: u64,
    exact: u64,
    loose: u64,
    unknown_ids: u64,
    failed: u64,
    blank: u64,
    failed_without_id: u64,
    /// Failed lines per error kind (a handful of kinds).
    by_error: Vec<(&'static str, u64)>,
    catalogued: IdMap<IdCounts>,
    /// Ids outside the catalog, in the order first seen, and where each is in `others`.
    others: Vec<(u32, IdCounts)>,
    other_index: IdMap<usize>,
}

impl Tally {
    /// Forgets every count (the tally is reused for the next chunk).
    pub fn clear(&mut self) {
        let Tally {
            lines,
            exact,
            loose,
            unknown_ids,
            failed,
            blank,
            failed_without_id,
            by_error,
            catalogued,
            others,
            other_index,
        } = self;
        for count in [
            lines,
            exact,
            loose,
            unknown_ids,
            failed,
            blank,
            failed_without_id,
        ] {
            *count = 0;
        }
        by_error.clear();
        catalogued.clear();
        others.clear();
        other_index.clear();
    }

    /// Counts a line; `id` is the message id when the header was read.
    pub fn count(&mut self, outcome: Outcome, id: Option<u32>) {
        self.lines += 1;
        match outcome {
            Outcome::Exact => self.exact += 1,
            Outcome::Loose => self.loose += 1,
            Outcome::UnknownId => self.unknown_ids += 1,
            Outcome::Failed(kind) => {
                self.failed += 1;
                match self.by_error.iter_mut().find(|(name, _)| *name == kind) {
                    Some((_, count)) => *count += 1,
                    None => self.by_error.push((kind, 1)),
                }
            }
            Outcome::Blank => self.blank += 1,
        }
        let Some(id) = id else {
            self.failed_without_id += u64::from(matches!(outcome, Outcome::Failed(_)));
            return;
        };
        // Exact and loose lines have a catalogued id and unknown ones do not: only a failed
        // line's id needs looking up.
        let catalogued = match outcome {
            Outcome::Exact | Outcome::Loose => true,
            Outcome::UnknownId => false,
            Outcome::Failed(_) | Outcome::Blank => ftd_syslog::info(id).is_some(),
        };
        let counts = if catalogued {
            self.catalogued.entry(id).or_default()
        } else {
            let others = &mut self.others;
            let at = *self.other_index.entry(id).or_insert_with(|| {
                others.push((id, IdCounts::default()));
                others.len() - 1
            });
            &mut others[at].1
        };
        counts.add(outcome);
    }
}

impl IdCounts {
    fn add(&mut self, outcome: Outcome) {
        self.lines += 1;
        match outcome {
            Outcome::Exact => self.exact += 1,
            Outcome::Loose => self.loose += 1,
            Outcome::UnknownId => self.unknown += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Blank => {}
        }
    }

    fn merge(&mut self, other: &IdCounts) {
        self.lines += other.lines;
        self.exact += other.exact;
        self.loose += other.loose;
        self.unknown += other.unknown;
        self.failed += other.failed;
    }
}

impl Stats {
    /// Adds the counts of the lines that follow those counted so far.
    pub fn add(&mut self, tally: &Tally) {
        self.lines += tally.lines;
        self.exact += tally.exact;
        self.loose += tally.loose;
        self.unknown_ids += tally.unknown_ids;
        self.failed += tally.failed;
        self.blank += tally.blank;
        self.failed_without_id += tally.failed_without_id;
        for (kind, count) in &tally.by_error {
            *self.by_error.entry(kind).or_default() += count;
        }
        for (id, counts) in &tally.catalogued {
            self.by_id.entry(*id).or_default().merge(counts);
        }
        // In the order first seen, as one pass over the lines meets them: the first
        // TRACKED_OTHER distinct ones get counts of their own.
        for (id, counts) in &tally.others {
            if let Some(tracked) = self.by_id.get_mut(id) {
                tracked.merge(counts);
            } else if self.other_tracked < TRACKED_OTHER {
                self.other_tracked += 1;
                self.by_id.insert(*id, *counts);
            } else {
                self.other_overflow.lines += counts.lines;
                self.other_overflow.failed += counts.failed;
            }
        }
    }

    /// Lines that were neither recognised exactly nor blank: what `--strict` rejects.
    pub fn unrecognised(&self) -> u64 {
        self.loose + self.unknown_ids + self.failed
    }

    /// Counts per message id, in id order: every catalogued id seen, and the
    /// [`SHOWN_OTHER`] uncatalogued ids with the most lines; the rest is [`Stats::other_ids`].
    pub fn ids(&self) -> Vec<(u32, IdCounts)> {
        let (mut ids, mut others): (Vec<_>, Vec<_>) = self
            .by_id
            .iter()
            .map(|(id, counts)| (*id, *counts))
            .partition(|(id, _)| ftd_syslog::info(*id).is_some());
        others.sort_unstable_by(|a, b| b.1.lines.cmp(&a.1.lines).then(a.0.cmp(&b.0)));
        others.truncate(SHOWN_OTHER);
        ids.extend(others);
        ids.sort_unstable_by_key(|(id, _)| *id);
        ids
    }

    /// Lines of uncatalogued ids not listed by [`Stats::ids`].
    pub fn other_ids(&self) -> OtherIds {
        // Ordered as `ids` orders them, so that the two split the same way.
        let mut others: Vec<(u32, IdCounts)> = self
            .by_id
            .iter()
            .filter(|(id, _)| ftd_syslog::info(**id).is_none())
            .map(|(id, counts)| (*id, *counts))
            .collect();
        others.sort_unstable_by(|a, b| b.1.lines.cmp(&a.1.lines).then(a.0.cmp(&b.0)));
        let mut rest = self.other_overflow;
        for (_, counts) in others.iter().skip(SHOWN_OTHER) {
            rest.lines += counts.lines;
            rest.failed += counts.failed;
        }
        rest
    }

    /// Failed lines whose header was not read.
    pub fn failed_without_id(&self) -> u64 {
        self.failed_without_id
    }

    /// Failed lines per error kind, by kind name.
    pub fn by_error(&self) -> &BTreeMap<&'static str, u64> {
        &self.by_error
    }
}
