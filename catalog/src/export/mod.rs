//! Rules for other log processors, rendered from the catalog: a liblognorm v2 rulebase
//! ([`lognorm`], for `lognormalizer` and rsyslog's `mmnormalize`), a syslog-ng PatternDB
//! ([`patterndb`], for `db-parser()` and `pdbtool`) and Logstash grok patterns ([`grok`]).
//!
//! Every renderer reads the same expansion of a message ([`variants`]): each wire template,
//! once with session identities in `<brackets>` and once bare (when it has any), and once per
//! combination of its `flag` words. liblognorm has no optional pieces that
//! carry the same field, so each combination is spelt out.

pub mod grok;
pub mod lognorm;
pub mod patterndb;

use crate::model::{CatalogEntry, VarKind};
use crate::template::{self, Segment};

/// A piece of an expanded template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal text (whitespace folded to single spaces).
    Literal(String),
    /// A field's value.
    Field {
        /// The variable name.
        name: String,
        /// Its type.
        kind: VarKind,
        /// Written as `<value>` (newer software's session identities).
        bracketed: bool,
    },
    /// A set `flag`: its word, stored under the flag's name.
    Flag {
        /// The variable name.
        name: String,
        /// The word the flag stands for (`not `).
        word: String,
    },
}

/// One spelt-out form of a message: a template with a bracket style and flag settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The template's index in the entry.
    pub template: usize,
    /// Whether session identities are written `<bracketed>` (only meaningful when the template
    /// has `{<name>}` placeholders).
    pub bracketed: bool,
    /// The pieces, adjacent literals merged.
    pub pieces: Vec<Piece>,
}

impl Variant {
    /// The text that follows piece `index`, up to the next field: what a reader of that piece
    /// stops at (`None` at the end of the line).
    pub fn literal_after(&self, index: usize) -> Option<&str> {
        match self.pieces.get(index + 1) {
            Some(Piece::Literal(text)) => Some(text),
            Some(Piece::Flag { word, .. }) => Some(word),
            _ => None,
        }
    }
}

/// Every variant of a message, in template order; identical spellings appear once.
pub fn variants(entry: &CatalogEntry) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for (index, text) in entry.def.templates.iter().enumerate() {
        // The validator has rejected templates that do not parse; such an entry has none here.
        let Ok(segments) = template::parse(text) else {
            continue;
        };
        let has_brackets = segments.iter().any(|s| {
            matches!(
                s,
                Segment::Field {
                    bracketed: true,
                    ..
                }
            )
        });
        let flags: Vec<&str> = template::field_names(&segments)
            .into_iter()
            .filter(|name| matches!(kind_of(entry, name), Some(VarKind::Flag { .. })))
            .collect();
        let styles: &[bool] = if has_brackets {
            &[true, false]
        } else {
            &[true]
        };
        for &bracketed in styles {
            for set in 0..1u32 << flags.len() {
                let pieces = expand(entry, &segments, bracketed, |name| {
                    flags
                        .iter()
                        .position(|f| *f == name)
                        .is_some_and(|i| set & (1 << i) != 0)
                });
                let variant = Variant {
                    template: index,
                    bracketed: bracketed && has_brackets,
                    pieces,
                };
                if !out.iter().any(|v| v.pieces == variant.pieces) {
                    out.push(variant);
                }
            }
        }
    }
    out
}

/// Literal text in a regular expression.
fn regex_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A closed enumeration as one regex group, `(?:a|b)` or `(?i:a|b)`, each value written by
/// `literal`. Longest first: an alternation takes the first value that lets the line match,
/// and `DPD R-U-THERE` would otherwise shadow `DPD R-U-THERE-ACK` at a line's end.
fn enum_alternation(values: &[String], ignore_case: bool, literal: fn(&str) -> String) -> String {
    let mut sorted: Vec<&String> = values.iter().collect();
    sorted.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let alternatives: Vec<String> = sorted.iter().map(|v| literal(v)).collect();
    let flags = if ignore_case { "?i:" } else { "?:" };
    format!("({flags}{})", alternatives.join("|"))
}

fn kind_of(entry: &CatalogEntry, name: &str) -> Option<VarKind> {
    entry
        .def
        .variables
        .iter()
        .find(|v| v.name == name)
        .and_then(|v| v.kind())
}

/// The pieces of one template with a bracket style and the flags `is_set` says are set.
fn expand(
    entry: &CatalogEntry,
    segments: &[Segment],
    bracketed: bool,
    is_set: impl Fn(&str) -> bool,
) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let push_literal = |pieces: &mut Vec<Piece>, text: &str| match pieces.last_mut() {
        Some(Piece::Literal(last)) => last.push_str(text),
        _ if text.is_empty() => {}
        _ => pieces.push(Piece::Literal(text.to_owned())),
    };
    for segment in segments {
        match segment {
            Segment::Literal(text) => push_literal(&mut pieces, text),
            Segment::Field {
                name,
                bracketed: identity,
            } => match kind_of(entry, name) {
                Some(VarKind::Flag { word }) if is_set(name) => pieces.push(Piece::Flag {
                    name: name.clone(),
                    word,
                }),
                // An unset flag writes nothing.
                Some(VarKind::Flag { .. }) => {}
                Some(kind) => pieces.push(Piece::Field {
                    name: name.clone(),
                    kind,
                    bracketed: *identity && bracketed,
                }),
                // An undeclared placeholder is a validation error; nothing to render.
                None => {}
            },
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_out_brackets_and_flags() {
        let catalog = crate::bundled().expect("the bundled catalog loads");
        let started = catalog.get(716001).expect("716001");
        let forms = variants(started);
        assert_eq!(forms.len(), 2 * started.def.templates.len());
        assert!(forms[0].bracketed && !forms[1].bracketed);
        let with_flag = catalog
            .messages
            .iter()
            .find(|m| m.def.variables.iter().any(|v| v.ty == "flag"))
            .expect("a message with a flag");
        let flagged = variants(with_flag);
        assert!(flagged
            .iter()
            .any(|v| v.pieces.iter().any(|p| matches!(p, Piece::Flag { .. }))));
        assert!(flagged
            .iter()
            .any(|v| !v.pieces.iter().any(|p| matches!(p, Piece::Flag { .. }))));
    }
}
