//! The report of `parse --stats`: a table for people or one JSON object for programs.

use std::io::{self, Write};

use crate::commands::parse::stats::Stats;

/// The statistics as a table for people.
pub fn write_text(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "outcome          lines")?;
    for (label, count) in [
        ("exact", stats.exact),
        ("loose", stats.loose),
        ("unknown id", stats.unknown_ids),
        ("failed", stats.failed),
        ("blank", stats.blank),
        ("total", stats.lines),
    ] {
        writeln!(out, "{label:<12}{count:>10}")?;
    }
    if !stats.by_error().is_empty() {
        writeln!(out, "\nerror kind       lines")?;
        for (kind, count) in stats.by_error() {
            writeln!(out, "{kind:<16}{count:>6}")?;
        }
    }
    let ids = stats.ids();
    if !ids.is_empty() || stats.failed_without_id() > 0 {
        let width = ids
            .iter()
            .filter_map(|(id, _)| ftd_syslog::info(*id).map(|info| info.name.len()))
            .max()
            .unwrap_or(0)
            .max("(other ids outside the catalog)".len());
        writeln!(
            out,
            "\nid      {:<width$}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}",
            "name", "lines", "exact", "loose", "unknown", "failed"
        )?;
        for (id, c) in ids {
            let name = ftd_syslog::info(id).map_or("(not in the catalog)", |info| info.name);
            writeln!(
                out,
                "{id:<6}  {name:<width$}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}",
                c.lines, c.exact, c.loose, c.unknown, c.failed
            )?;
        }
        let other = stats.other_ids();
        if other.lines > 0 {
            writeln!(
                out,
                "{:<6}  {:<width$}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}",
                "other",
                "(other ids outside the catalog)",
                other.lines,
                0,
                0,
                other.lines - other.failed,
                other.failed
            )?;
        }
        if stats.failed_without_id() > 0 {
            let (lines, name) = (stats.failed_without_id(), "(header not read)");
            writeln!(
                out,
                "{:<6}  {name:<width$}  {lines:>10}  {:>10}  {:>10}  {:>10}  {lines:>10}",
                "-", 0, 0, 0
            )?;
        }
    }
    Ok(())
}

/// The statistics as one JSON object for programs.
pub fn write_json(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let ids: Vec<serde_json::Value> = stats
        .ids()
        .into_iter()
        .map(|(id, counts)| {
            let mut entry = serde_json::json!({
                "id": id,
                "lines": counts.lines,
                "exact": counts.exact,
                "loose": counts.loose,
                "unknown": counts.unknown,
                "failed": counts.failed,
            });
            if let Some(info) = ftd_syslog::info(id) {
                entry["name"] = info.name.into();
            }
            entry
        })
        .collect();
    let stats = serde_json::json!({
        "lines": stats.lines,
        "exact": stats.exact,
        "loose": stats.loose,
        "unknown_id": stats.unknown_ids,
        "failed": stats.failed,
        "blank": stats.blank,
        "errors": stats.by_error(),
        "ids": ids,
        "other_ids": { "lines": stats.other_ids().lines, "failed": stats.other_ids().failed },
        "failed_without_id": stats.failed_without_id(),
    });
    writeln!(out, "{stats}")
}
