//! The catalog's English text: the English files beside the section files, their pairing with
//! the entries, the rules a translation obeys, and the report of what is not yet translated.
//!
//! A section file `716.yaml` may have an English file `en/716.yaml`:
//!
//! ```yaml
//! messages:
//! - id: 716002
//!   explanation: [blocks, one for one with the Japanese explanation]
//!   action: [blocks, one for one with the Japanese action]
//!   variables:
//!     group: The group policy of the session.
//! ```
//!
//! Every item names an entry of its section (once), and every variable it describes is declared
//! by the entry. A translation mirrors the Japanese block for block (a paragraph for a
//! paragraph, a list of as many items for a list) and keeps every ASCII word and number of the
//! Japanese block (identifiers, placeholder names, numbers), compared without regard to case.
//! These rules apply to whatever is translated; whether everything is translated is a separate
//! question, answered by [`Catalog::english_coverage`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use crate::error::{CatalogError, ErrorKind};
use crate::loader::{yaml_location, yaml_message, Loaded};
use crate::locate::Locator;
use crate::model::{Block, Catalog, CatalogEntry, Location};

/// The directory of the English files, inside the catalog directory.
pub const ENGLISH_DIR: &str = "en";

/// An English file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnglishFile {
    /// The section heading in English (optional, for the reader of the file).
    #[serde(default)]
    #[allow(dead_code)]
    section: Option<String>,
    messages: Vec<EnglishItem>,
}

/// The English text of one entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnglishItem {
    id: u32,
    #[serde(default)]
    explanation: Vec<Block>,
    #[serde(default)]
    action: Vec<Block>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
}

/// Whether the file named `display` is an English file (it lies in an `en` directory).
pub(crate) fn is_english(display: &str) -> bool {
    section_of(display).is_some()
}

/// The section file an English file belongs to: `catalog/en/716.yaml` -> `catalog/716.yaml`.
fn section_of(display: &str) -> Option<String> {
    let (dir, name) = display.rsplit_once('/')?;
    let parent = match dir.rsplit_once('/') {
        Some((parent, last)) if last == ENGLISH_DIR => Some(parent),
        None if dir == ENGLISH_DIR => None,
        _ => return None,
    };
    Some(match parent {
        Some(parent) => format!("{parent}/{name}"),
        None => name.to_owned(),
    })
}

/// Reads every English file of `loaded` and gives its text to the entries it names; each item
/// that does not fit its section is reported where it is written.
pub(crate) fn apply(loaded: &mut Loaded) {
    let files = loaded.catalog.english_files.clone();
    for file in &files {
        let parsed: EnglishFile = match serde_yaml::from_str(&file.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                loaded.errors.push(CatalogError {
                    location: yaml_location(&file.display, &error),
                    id: None,
                    kind: ErrorKind::Yaml,
                    message: yaml_message(&error),
                });
                continue;
            }
        };
        let locator = Locator::new(&file.display, &file.text);
        let Some(section) = section_of(&file.display)
            .filter(|section| loaded.catalog.files.iter().any(|f| &f.display == section))
        else {
            loaded.errors.push(english_error(
                locator.at(0),
                None,
                format!(
                    "English file without a section file: {} is not in the catalog",
                    section_of(&file.display).unwrap_or_default()
                ),
            ));
            continue;
        };
        let mut seen: HashMap<u32, Location> = HashMap::new();
        for (index, item) in parsed.messages.into_iter().enumerate() {
            let at = locator.at(locator.entry(index).start);
            if let Some(first) = seen.get(&item.id) {
                loaded.errors.push(english_error(
                    at,
                    Some(item.id),
                    format!(
                        "English text of {} is given twice, first at {first}",
                        item.id
                    ),
                ));
                continue;
            }
            seen.insert(item.id, at.clone());
            let entry = loaded
                .catalog
                .messages
                .iter_mut()
                .find(|m| m.def.id == item.id && m.location.file == section);
            let Some(entry) = entry else {
                loaded.errors.push(english_error(
                    at,
                    Some(item.id),
                    format!("{} is not an entry of {section}", item.id),
                ));
                continue;
            };
            let errors = give(entry, item, &locator, index);
            loaded.errors.extend(errors);
            entry.english = Some((file.display.clone(), index));
        }
    }
}

/// Gives an entry its English text; returns the mistakes of the item.
fn give(
    entry: &mut CatalogEntry,
    item: EnglishItem,
    locator: &Locator<'_>,
    index: usize,
) -> Vec<CatalogError> {
    let mut errors = Vec::new();
    let range = locator.entry(index);
    let id = item.id;
    for (name, description) in item.variables {
        let declared = entry.def.variables.iter_mut().find(|v| v.name == name);
        match declared {
            Some(variable) => variable.description_en = Some(description),
            None => {
                let line = locator
                    .child_key(range.clone(), "variables", &name)
                    .unwrap_or(range.start);
                errors.push(english_error(
                    locator.at(line),
                    Some(id),
                    format!("variable '{name}' is not declared by {id}"),
                ));
            }
        }
    }
    if !entry.def.in_ja_guide && !item.explanation.is_empty() {
        let line = locator
            .key(range.clone(), "explanation")
            .unwrap_or(range.start);
        errors.push(english_error(
            locator.at(line),
            Some(id),
            format!(
                "{id} is not in the Japanese guide, so its explanation in the section file is already English; give it there, not here"
            ),
        ));
    } else {
        entry.def.explanation_en = item.explanation;
    }
    entry.def.action_en = item.action;
    errors
}

fn english_error(location: Location, id: Option<u32>, message: String) -> CatalogError {
    CatalogError {
        location,
        id,
        kind: ErrorKind::English,
        message,
    }
}

/// The rules of the translations present: each translated explanation and action mirrors the
/// Japanese block for block and keeps its ASCII words and numbers. Reported in the English file.
pub(crate) fn check(loaded: &mut Loaded) {
    let locators: HashMap<&str, Locator<'_>> = loaded
        .catalog
        .english_files
        .iter()
        .map(|f| (f.display.as_str(), Locator::new(&f.display, &f.text)))
        .collect();
    let mut errors = Vec::new();
    for entry in &loaded.catalog.messages {
        let Some((file, index)) = &entry.english else {
            continue;
        };
        let Some(locator) = locators.get(file.as_str()) else {
            continue;
        };
        let def = &entry.def;
        for (key, japanese, english) in [
            ("explanation", &def.explanation, &def.explanation_en),
            ("action", &def.action, &def.action_en),
        ] {
            if english.is_empty() || (key == "explanation" && !def.in_ja_guide) {
                continue;
            }
            let translation = Translation {
                id: def.id,
                key,
                locator,
                index: *index,
            };
            translation.mirrors(japanese, english, &mut errors);
        }
    }
    loaded.errors.extend(errors);
}

/// One translated key (`explanation` or `action`) of one English item.
struct Translation<'a> {
    id: u32,
    key: &'static str,
    locator: &'a Locator<'a>,
    index: usize,
}

impl Translation<'_> {
    /// Where block `block` of the key is written (the key, or the item, when it is not found).
    fn at(&self, block: Option<usize>) -> Location {
        let range = self.locator.entry(self.index);
        let line = block
            .and_then(|b| self.locator.item(range.clone(), self.key, b))
            .map(|lines| lines.start)
            .or_else(|| self.locator.key(range.clone(), self.key))
            .unwrap_or(range.start);
        self.locator.at(line)
    }

    fn error(&self, block: Option<usize>, message: String) -> CatalogError {
        CatalogError {
            location: self.at(block),
            id: Some(self.id),
            kind: ErrorKind::Translation,
            message,
        }
    }

    fn mirrors(&self, japanese: &[Block], english: &[Block], errors: &mut Vec<CatalogError>) {
        let (id, key) = (self.id, self.key);
        if japanese.len() != english.len() {
            errors.push(self.error(
                None,
                format!(
                    "the English {key} of {id} has {} blocks, the Japanese {} (translate block for block)",
                    english.len(),
                    japanese.len()
                ),
            ));
            return;
        }
        for (block, (ja, en)) in japanese.iter().zip(english).enumerate() {
            let shape = |b: &Block| match b {
                Block::Paragraph(_) => "a paragraph".to_owned(),
                Block::List { list } => format!("a list of {} items", list.len()),
            };
            if shape(ja) != shape(en) {
                errors.push(self.error(
                    Some(block),
                    format!(
                        "block {} of the English {key} of {id} is {}, the Japanese {}",
                        block + 1,
                        shape(en),
                        shape(ja)
                    ),
                ));
                continue;
            }
            let kept = ascii_words(&block_text(en));
            let lost: Vec<String> = ascii_words(&block_text(ja))
                .into_iter()
                .filter(|word| !kept.contains(word))
                .collect();
            if !lost.is_empty() {
                errors.push(self.error(
                    Some(block),
                    format!(
                        "block {} of the English {key} of {id} lacks {} of the Japanese: {}",
                        block + 1,
                        if lost.len() == 1 { "a word" } else { "words" },
                        lost.join(", ")
                    ),
                ));
            }
        }
    }
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(text) => text.clone(),
        Block::List { list } => list.join("\n"),
    }
}

/// The ASCII words and numbers of `text` (runs of ASCII letters, digits and `_`), lowercased:
/// what a translation must keep.
pub(crate) fn ascii_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// What the catalog lacks in English: see [`Catalog::english_coverage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishCoverage {
    /// The number of entries.
    pub entries: usize,
    /// The entries with all their English text.
    pub complete: usize,
    /// The entries lacking some, in id order.
    pub gaps: Vec<EnglishGap>,
}

/// An entry lacking English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishGap {
    /// The message id.
    pub id: u32,
    /// Where the entry's English item is, or the entry when it has none.
    pub location: Location,
    /// What is missing: `explanation`, `action`, `description of 'group'`.
    pub missing: Vec<String>,
}

impl std::fmt::Display for EnglishCoverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} of {} entries have all their English text",
            self.complete, self.entries
        )?;
        for gap in &self.gaps {
            writeln!(
                f,
                "{}: {} lacks English: {}",
                gap.location,
                gap.id,
                gap.missing.join(", ")
            )?;
        }
        Ok(())
    }
}

impl Catalog {
    /// What the catalog lacks in English: per entry, an English explanation and action wherever
    /// the Japanese has them (an entry the Japanese guide lacks counts its explanation as
    /// English), and an English description of every variable. Empty `gaps` means every entry
    /// has both languages.
    pub fn english_coverage(&self) -> EnglishCoverage {
        let mut gaps = Vec::new();
        for entry in &self.messages {
            let def = &entry.def;
            let mut missing = Vec::new();
            if def.in_ja_guide && !def.explanation.is_empty() && def.explanation_en.is_empty() {
                missing.push("explanation".to_owned());
            }
            if !def.action.is_empty() && def.action_en.is_empty() {
                missing.push("action".to_owned());
            }
            for variable in &def.variables {
                if variable.description_en.is_none() {
                    missing.push(format!("description of '{}'", variable.name));
                }
            }
            if missing.is_empty() {
                continue;
            }
            let location = match &entry.english {
                Some((file, index)) => self
                    .english_files
                    .iter()
                    .find(|f| &f.display == file)
                    .map(|f| {
                        let locator = Locator::new(&f.display, &f.text);
                        locator.at(locator.entry(*index).start)
                    })
                    .unwrap_or_else(|| entry.location.clone()),
                None => entry.location.clone(),
            };
            gaps.push(EnglishGap {
                id: def.id,
                location,
                missing,
            });
        }
        EnglishCoverage {
            entries: self.messages.len(),
            complete: self.messages.len() - gaps.len(),
            gaps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_files_pair_with_their_sections() {
        assert_eq!(
            section_of("catalog/en/716.yaml").as_deref(),
            Some("catalog/716.yaml")
        );
        assert_eq!(section_of("en/716.yaml").as_deref(), Some("716.yaml"));
        assert_eq!(section_of("catalog/716.yaml"), None);
        assert_eq!(section_of("catalog/green/716.yaml"), None);
    }

    #[test]
    fn words_are_ascii_runs() {
        let words = ascii_words("WebVPN セッション 4～ 7、ip_address（TACACS+）");
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(words, ["4", "7", "ip_address", "tacacs", "webvpn"]);
    }
}
