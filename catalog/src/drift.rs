//! The drift check: the catalog against the guide it transcribes.
//!
//! Every entry's id, severity, printed text, explanation and action are re-extracted from the
//! guide's text and compared with the catalog, ignoring whitespace (the PDF's line wraps split
//! words, Japanese ones included, at arbitrary points). When the vendor updates the guide, the
//! differences are what a maintainer reviews. Entries marked `in_ja_guide: false` (messages only
//! the English guide has) are skipped; if the guide ever prints one, that is a difference too.

use crate::model::Catalog;
use crate::source::{self, squash, squash_text};

/// One difference between the catalog and the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The message id.
    pub id: u32,
    /// Which field differs (`missing`, `severity`, `text`, `explanation`, `action`, ...).
    pub field: &'static str,
    /// What the guide says.
    pub guide: String,
    /// What the catalog says.
    pub catalog: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}:\n  guide:   {}\n  catalog: {}",
            self.id, self.field, self.guide, self.catalog
        )
    }
}

/// Compares the catalog with the guide's text; an empty result means they agree.
///
/// Only entries the Japanese guide prints are compared (see [`checked`]).
pub fn check(catalog: &Catalog, guide_text: &str) -> Vec<Difference> {
    let guide = source::extract(guide_text);
    let mut differences = Vec::new();
    for problem in &guide.problems {
        differences.push(Difference {
            id: 0,
            field: "guide",
            guide: problem.clone(),
            catalog: String::new(),
        });
    }
    for entry in &guide.entries {
        let Some(message) = catalog.get(entry.id) else {
            differences.push(Difference {
                id: entry.id,
                field: "missing",
                guide: entry.text.clone(),
                catalog: "(no entry)".into(),
            });
            continue;
        };
        let def = &message.def;
        if !def.in_ja_guide {
            differences.push(Difference {
                id: entry.id,
                field: "in_ja_guide",
                guide: entry.text.clone(),
                catalog: "in_ja_guide: false".into(),
            });
            continue;
        }
        let mut compare = |field: &'static str, guide: String, catalog: String, squashed: bool| {
            let equal = if squashed {
                squash_text(&guide) == squash_text(&catalog)
            } else {
                guide == catalog
            };
            if !equal {
                differences.push(Difference {
                    id: entry.id,
                    field,
                    guide,
                    catalog,
                });
            }
        };
        compare(
            "severity",
            entry.severity.to_string(),
            def.severity.to_string(),
            false,
        );
        compare("text", entry.text.clone(), def.guide.clone(), true);
        compare(
            "explanation",
            squash(&entry.explanation),
            squash(&def.explanation),
            false,
        );
        compare("action", squash(&entry.action), squash(&def.action), false);
    }
    for message in &catalog.messages {
        if message.def.in_ja_guide && !guide.entries.iter().any(|e| e.id == message.def.id) {
            differences.push(Difference {
                id: message.def.id,
                field: "extra",
                guide: "(not in the guide)".into(),
                catalog: message.def.guide.clone(),
            });
        }
    }
    differences
}

/// How many entries of the catalog the drift check compares with the guide: those the Japanese
/// guide prints (`in_ja_guide`).
pub fn checked(catalog: &Catalog) -> usize {
    catalog
        .messages
        .iter()
        .filter(|m| m.def.in_ja_guide)
        .count()
}
