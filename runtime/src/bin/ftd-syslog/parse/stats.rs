//! Counts of lines per outcome, per error kind and per message id, and their report.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

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
struct IdCounts {
    lines: u64,
    failed: u64,
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

    fn ids(&self) -> Vec<(u32, IdCounts)> {
        let mut ids: Vec<_> = self
            .by_id
            .iter()
            .map(|(id, counts)| (*id, *counts))
            .collect();
        ids.sort_unstable_by_key(|(id, _)| *id);
        ids
    }

    /// A table for people.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "outcome          lines")?;
        for (label, count) in [
            ("recognised", self.recognised),
            ("unknown id", self.unknown_ids),
            ("failed", self.failed),
            ("blank", self.blank),
            ("total", self.lines),
        ] {
            writeln!(out, "{label:<12}{count:>10}")?;
        }
        if !self.by_error.is_empty() {
            writeln!(out, "\nerror kind       lines")?;
            for (kind, count) in &self.by_error {
                writeln!(out, "{kind:<16}{count:>6}")?;
            }
        }
        let ids = self.ids();
        if !ids.is_empty() || self.failed_without_id > 0 {
            let width = ids
                .iter()
                .filter_map(|(id, _)| ftd_syslog::info(*id).map(|info| info.name.len()))
                .max()
                .unwrap_or(0)
                .max("(not in the catalog)".len());
            writeln!(
                out,
                "\nid      {:<width$}  {:>10}  {:>10}",
                "name", "lines", "failed"
            )?;
            for (id, counts) in ids {
                let name = ftd_syslog::info(id).map_or("(not in the catalog)", |info| info.name);
                writeln!(
                    out,
                    "{id:<6}  {name:<width$}  {:>10}  {:>10}",
                    counts.lines, counts.failed
                )?;
            }
            if self.failed_without_id > 0 {
                let (lines, name) = (self.failed_without_id, "(header not read)");
                writeln!(out, "{:<6}  {name:<width$}  {lines:>10}  {lines:>10}", "-")?;
            }
        }
        Ok(())
    }

    /// One JSON object for programs.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let ids: Vec<serde_json::Value> = self
            .ids()
            .into_iter()
            .map(|(id, counts)| {
                let mut entry =
                    serde_json::json!({ "id": id, "lines": counts.lines, "failed": counts.failed });
                if let Some(info) = ftd_syslog::info(id) {
                    entry["name"] = info.name.into();
                }
                entry
            })
            .collect();
        let stats = serde_json::json!({
            "lines": self.lines,
            "recognised": self.recognised,
            "unknown_id": self.unknown_ids,
            "failed": self.failed,
            "blank": self.blank,
            "errors": self.by_error,
            "ids": ids,
            "failed_without_id": self.failed_without_id,
        });
        writeln!(out, "{stats}")
    }
}
