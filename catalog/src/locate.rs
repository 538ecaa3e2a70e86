//! Finding where a catalog entry, key or variable is written in its YAML file.
//!
//! serde_yaml reports positions only for syntax and shape errors; the validator's findings
//! (unknown type, undeclared placeholder...) are located by reading the file's lines, which works
//! because catalog files are written in block style, one key per line.

use crate::model::Location;

/// The lines of one catalog file, for locating entries and keys in it.
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    display: &'a str,
    lines: Vec<&'a str>,
}

/// A range of 0-based line indexes, end exclusive.
pub(crate) type Lines = std::ops::Range<usize>;

impl<'a> Locator<'a> {
    pub(crate) fn new(display: &'a str, text: &'a str) -> Self {
        Locator {
            display,
            lines: text.lines().collect(),
        }
    }

    /// The location of line index `line` at the first non-blank character.
    pub(crate) fn at(&self, line: usize) -> Location {
        let text = self.lines.get(line).copied().unwrap_or("");
        let column = text.chars().take_while(|c| *c == ' ' || *c == '-').count() + 1;
        Location {
            file: self.display.to_owned(),
            line: line + 1,
            column,
        }
    }

    /// The lines of the nth entry of the `messages` sequence (0-based).
    pub(crate) fn entry(&self, index: usize) -> Lines {
        let starts: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let t = l.trim_start();
                t.starts_with("- ") && indent(l) <= 2 && t[2..].trim_start().starts_with("id:")
            })
            .map(|(i, _)| i)
            .collect();
        match starts.get(index) {
            Some(&start) => start..starts.get(index + 1).copied().unwrap_or(self.lines.len()),
            None => 0..0,
        }
    }

    /// The first line within `range` whose key is `key`, at any depth.
    pub(crate) fn key(&self, range: Lines, key: &str) -> Option<usize> {
        range
            .into_iter()
            .find(|&i| key_of(self.lines[i]) == Some(key))
    }

    /// The line of `key` in the mapping under `parent` within `range` (`parent: {key: ...}`
    /// written in block style).
    pub(crate) fn child_key(&self, range: Lines, parent: &str, key: &str) -> Option<usize> {
        let head = self.key(range.clone(), parent)?;
        let base = indent(self.lines[head]);
        (head + 1..range.end)
            .take_while(|&i| self.lines[i].trim().is_empty() || indent(self.lines[i]) > base)
            .find(|&i| key_of(self.lines[i]) == Some(key))
    }

    /// The nth item (0-based) of the sequence under `key` within `range`.
    pub(crate) fn item(&self, range: Lines, key: &str, index: usize) -> Option<Lines> {
        let head = self.key(range.clone(), key)?;
        let base = indent(self.lines[head]);
        let mut items = Vec::new();
        let mut end = range.end;
        for i in head + 1..range.end {
            let line = self.lines[i];
            if line.trim().is_empty() {
                continue;
            }
            let ind = indent(line);
            let is_item = line.trim_start().starts_with("- ") || line.trim() == "-";
            if ind < base || (ind == base && !is_item) {
                end = i;
                break;
            }
            if is_item
                && ind <= base + 2
                && items
                    .last()
                    .is_none_or(|&last: &usize| indent(self.lines[last]) == ind)
            {
                items.push(i);
            }
        }
        let start = *items.get(index)?;
        Some(start..items.get(index + 1).copied().unwrap_or(end))
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The mapping key a line starts with, ignoring a leading `- `.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let colon = t.find(':')?;
    let key = &t[..colon];
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(key)
}
