//! Counts of lines per outcome, per error kind and per message id (`parse --stats`); the
//! report is written by [`crate::render::stats`].
//!
//! Memory is bounded whatever the input: every catalogued id gets its own counts (there are a
//! few hundred), ids outside the catalog only the first [`TRACKED_OTHER`] distinct ones; lines
//! of later ones go to an "other ids" bucket. The report lists the [`SHOWN_OTHER`] uncatalogued
//! ids with the most lines and adds the rest to that bucket.

use std::collections::{BTreeMap, HashMap};

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

impl Stats {
    /// Counts a line; `id` is the message id when the header was read.
    pub fn count(&mut self, outcome: Outcome, id: Option<u32>) {
        self.lines += 1;
        match outcome {
            Outcome::Exact => self.exact += 1,
            Outcome::Loose => self.loose += 1,
            Outcome::UnknownId => self.unknown_ids += 1,
            Outcome::Failed(kind) => {
                self.failed += 1;
                *self.by_error.entry(kind).or_default() += 1;
            }
            Outcome::Blank => self.blank += 1,
        }
        let failed = matches!(outcome, Outcome::Failed(_));
        match id {
            Some(id) => {
                let known = ftd_syslog::info(id).is_some() || self.by_id.contains_key(&id);
                if !known {
                    if self.other_tracked >= TRACKED_OTHER {
                        self.other_overflow.lines += 1;
                        self.other_overflow.failed += u64::from(failed);
                        return;
                    }
                    self.other_tracked += 1;
                }
                let counts = self.by_id.entry(id).or_default();
                counts.lines += 1;
                match outcome {
                    Outcome::Exact => counts.exact += 1,
                    Outcome::Loose => counts.loose += 1,
                    Outcome::UnknownId => counts.unknown += 1,
                    Outcome::Failed(_) => counts.failed += 1,
                    Outcome::Blank => {}
                }
            }
            None if failed => self.failed_without_id += 1,
            None => {}
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
