//! Counts of lines per outcome, per error kind and per message id (`parse --stats`); the
//! report is written by [`crate::render::stats`].

use std::collections::{BTreeMap, HashMap};

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A catalogued message, parsed.
    Recognised,
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
    /// Of those, lines that failed.
    pub failed: u64,
}

/// The counts of a run.
#[derive(Debug, Default)]
pub struct Stats {
    pub lines: u64,
    pub recognised: u64,
    pub unknown_ids: u64,
    pub failed: u64,
    pub blank: u64,
    /// Failed lines whose header was not read, so that have no id.
    failed_without_id: u64,
    by_id: HashMap<u32, IdCounts>,
    by_error: BTreeMap<&'static str, u64>,
}

impl Stats {
    /// Counts a line; `id` is the message id when the header was read.
    pub fn count(&mut self, outcome: Outcome, id: Option<u32>) {
        self.lines += 1;
        match outcome {
            Outcome::Recognised => self.recognised += 1,
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
                let counts = self.by_id.entry(id).or_default();
                counts.lines += 1;
                counts.failed += u64::from(failed);
            }
            None if failed => self.failed_without_id += 1,
            None => {}
        }
    }

    /// Lines that were neither recognised nor blank: what `--strict` rejects.
    pub fn unrecognised(&self) -> u64 {
        self.unknown_ids + self.failed
    }

    /// Counts per message id, in id order.
    pub fn ids(&self) -> Vec<(u32, IdCounts)> {
        let mut ids: Vec<_> = self
            .by_id
            .iter()
            .map(|(id, counts)| (*id, *counts))
            .collect();
        ids.sort_unstable_by_key(|(id, _)| *id);
        ids
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
