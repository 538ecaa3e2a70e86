//! Extraction of message entries from the text of the vendor's guide.
//!
//! The guide is the text of a PDF: lines wrap at arbitrary points, page footers and running
//! headers interrupt entries, and a few labels are printed in the wrong place. This module owns
//! the knowledge of that layout. It is used twice: to draft catalog entries, and by the drift
//! check, which compares every catalog entry with what the guide says today.

use crate::model::Block;

/// The heading that starts every page footer in the guide's text.
const FOOTER: &str = "Syslogメッセージ 715001～ 721019";
const LABEL_MESSAGE: &str = "エラーメッセージ";
/// 720050 carries the English label.
const LABEL_MESSAGE_EN: &str = "Error Message";
const LABEL_EXPLANATION: &str = "説明";
const LABEL_ACTION: &str = "推奨アクション";
/// 718047, 718048, 718050, 718076 and 718078 print the action under this label.
const LABEL_ACTION_WRONG: &str = "推奨メッセージ";
/// The translation notice that closes the document.
const TRAILER: &str = "翻訳について";

/// One message entry as the guide prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// The message id.
    pub id: u32,
    /// The severity printed in the message text.
    pub severity: u8,
    /// The message text, line wraps joined.
    pub text: String,
    /// The explanation (説明).
    pub explanation: Vec<Block>,
    /// The recommended action (推奨アクション).
    pub action: Vec<Block>,
    /// Headings printed between the id and the message text (the SSP headings).
    pub headings: Vec<String>,
    /// Labels the guide printed wrongly, described in words.
    pub label_faults: Vec<String>,
    /// The 1-based line of the id in the guide's text.
    pub line: usize,
}

/// A section of the guide (`メッセージ 715001～ 715080`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSection {
    /// The heading as printed.
    pub title: String,
    /// The 1-based line of the heading.
    pub line: usize,
}

/// The whole guide, split into sections and entries.
#[derive(Debug, Clone, Default)]
pub struct SourceGuide {
    /// The sections, in the guide's order.
    pub sections: Vec<SourceSection>,
    /// The entries, in the guide's order.
    pub entries: Vec<SourceEntry>,
    /// Problems met while extracting: `line: what`.
    pub problems: Vec<String>,
}

/// A line of the guide with its 1-based number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// Extracts every entry of the guide.
pub fn extract(text: &str) -> SourceGuide {
    let lines = strip_page_furniture(text);
    let mut guide = SourceGuide::default();
    let mut starts = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.text.trim();
        if is_section_heading(trimmed) {
            guide.sections.push(SourceSection {
                title: trimmed.to_owned(),
                line: line.number,
            });
            starts.push(index);
        } else if parse_id_line(trimmed).is_some() && starts_entry(&lines[index + 1..]) {
            starts.push(index);
        }
    }
    starts.push(lines.len());
    for pair in starts.windows(2) {
        let chunk = &lines[pair[0]..pair[1]];
        let Some(id) = parse_id_line(chunk[0].text.trim()) else {
            continue;
        };
        match parse_entry(id, chunk) {
            Ok(entry) => guide.entries.push(entry),
            Err(problem) => guide
                .problems
                .push(format!("line {}: {id}: {problem}", chunk[0].number)),
        }
    }
    guide
}

/// Removes page footers, running headers and the section preambles.
fn strip_page_furniture(text: &str) -> Vec<Line<'_>> {
    let all: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text,
        })
        .collect();
    let mut kept = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let trimmed = all[i].text.trim();
        // A footer is: title, page number, blank, title, running header (an id).
        if trimmed == FOOTER
            && all
                .get(i + 1)
                .is_some_and(|l| l.text.trim().parse::<u32>().is_ok())
        {
            i += 2;
            while all.get(i).is_some_and(|l| l.text.trim().is_empty()) {
                i += 1;
            }
            if all.get(i).is_some_and(|l| l.text.trim() == FOOTER) {
                i += 1;
                if all
                    .get(i)
                    .is_some_and(|l| parse_id_line(l.text.trim()).is_some())
                {
                    i += 1;
                }
            }
            continue;
        }
        if trimmed == TRAILER {
            break;
        }
        if trimmed.starts_with("この項では、") && trimmed.ends_with("説明します。") {
            i += 1;
            continue;
        }
        kept.push(all[i]);
        i += 1;
    }
    // The chapter's own preamble (title and table of contents) precedes the first section.
    let first_section = kept
        .iter()
        .position(|l| is_section_heading(l.text.trim()))
        .unwrap_or(0);
    kept.split_off(first_section)
}

fn is_section_heading(trimmed: &str) -> bool {
    trimmed.starts_with("メッセージ 7") && trimmed.contains('～') && !trimmed.contains('（')
}

fn parse_id_line(trimmed: &str) -> Option<u32> {
    if trimmed.len() == 6 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        trimmed
            .parse()
            .ok()
            .filter(|id| (715_000..722_000).contains(id))
    } else {
        None
    }
}

/// An id line starts an entry when the message label follows, possibly after headings.
fn starts_entry(rest: &[Line<'_>]) -> bool {
    rest.iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .take(3)
        .any(|t| {
            (t.starts_with(LABEL_MESSAGE) || t.starts_with(LABEL_MESSAGE_EN)) && t.contains('%')
        })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Headings,
    Message,
    Explanation,
    Action,
}

fn parse_entry(id: u32, chunk: &[Line<'_>]) -> Result<SourceEntry, String> {
    let mut part = Part::Headings;
    let mut headings = Vec::new();
    let mut label_faults = Vec::new();
    let mut message: Vec<&str> = Vec::new();
    let mut explanation: Vec<&str> = Vec::new();
    let mut action: Vec<&str> = Vec::new();
    for line in &chunk[1..] {
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            if matches!(part, Part::Explanation | Part::Action) {
                let target = if part == Part::Explanation {
                    &mut explanation
                } else {
                    &mut action
                };
                target.push("");
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(LABEL_MESSAGE).or_else(|| {
            trimmed
                .strip_prefix(LABEL_MESSAGE_EN)
                .filter(|rest| rest.trim_start().starts_with('%'))
        }) {
            let rest = rest.trim_start();
            if part == Part::Headings && rest.starts_with('%') {
                if trimmed.starts_with(LABEL_MESSAGE_EN) {
                    label_faults.push(format!(
                        "the guide prints the English label '{LABEL_MESSAGE_EN}' instead of {LABEL_MESSAGE}"
                    ));
                }
                part = Part::Message;
                message.push(rest);
                continue;
            }
            if part == Part::Message {
                // 715040, 715080: the explanation is printed under the message label.
                label_faults.push(format!(
                    "the guide prints the explanation under the label {LABEL_MESSAGE} instead of {LABEL_EXPLANATION}"
                ));
                part = Part::Explanation;
                explanation.push(rest);
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix(LABEL_EXPLANATION) {
            if part == Part::Message {
                part = Part::Explanation;
                explanation.push(rest.trim_start());
                continue;
            }
            if part == Part::Explanation {
                // 718083: the recommended action is printed under a second explanation label.
                label_faults.push(format!(
                    "the guide prints the recommended action under a second label {LABEL_EXPLANATION} instead of {LABEL_ACTION}"
                ));
                part = Part::Action;
                action.push(rest.trim_start());
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix(LABEL_ACTION) {
            if matches!(part, Part::Message | Part::Explanation) {
                part = Part::Action;
                action.push(rest.trim_start());
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix(LABEL_ACTION_WRONG) {
            if part == Part::Explanation {
                label_faults.push(format!(
                    "the guide prints the recommended action under the label {LABEL_ACTION_WRONG} instead of {LABEL_ACTION}"
                ));
                part = Part::Action;
                action.push(rest.trim_start());
                continue;
            }
        }
        match part {
            Part::Headings => headings.push(trimmed.to_owned()),
            Part::Message => message.push(trimmed),
            Part::Explanation => explanation.push(trimmed),
            Part::Action => action.push(trimmed),
        }
    }
    if message.is_empty() {
        return Err("no message text".into());
    }
    let text = join_wrapped(&message);
    let severity = printed_severity(&text, id)
        .ok_or_else(|| format!("message text does not carry the id {id}: {text}"))?;
    Ok(SourceEntry {
        id,
        severity,
        text,
        explanation: blocks(&explanation),
        action: blocks(&action),
        headings,
        label_faults,
        line: chunk[0].number,
    })
}

/// Reads the severity from `%Threat Defense-7-715001:` (or `%FTD-7-715001:`).
pub fn printed_severity(text: &str, id: u32) -> Option<u8> {
    let (tag, _) = split_tag(text, id)?;
    let digits = tag.strip_suffix(&format!("-{id}"))?;
    let dash = digits.rfind('-')?;
    digits[dash + 1..].trim().parse().ok()
}

/// Splits the message text into the tag (`%Threat Defense-7-715001`) and the body after the
/// separator. The guide separates them with `:`, `：`, ` --` or nothing at all.
pub fn split_tag(text: &str, id: u32) -> Option<(&str, &str)> {
    let marker = format!("-{id}");
    let end = text.find(&marker)? + marker.len();
    let tag = &text[text.find('%').filter(|&p| p < end).unwrap_or(0)..end];
    let rest = text[end..].trim_start();
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))
        .or_else(|| rest.strip_prefix("--"))
        .unwrap_or(rest);
    Some((tag, rest.trim_start()))
}

/// Joins wrapped lines: a space between Latin text, nothing between Japanese text.
pub fn join_wrapped(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if let (Some(prev), Some(next)) = (out.chars().last(), line.chars().next()) {
            if !(is_wide(prev) && is_wide(next)) {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

fn is_bullet(line: &str) -> Option<&str> {
    line.strip_prefix('•').map(str::trim_start)
}

fn is_dash_item(line: &str) -> bool {
    line.starts_with('-') && !line.starts_with("--")
}

/// Splits a labelled part into paragraphs and lists.
///
/// Blank lines in the extracted text do not mark paragraphs (the PDF inserts them mid-sentence),
/// so a paragraph ends at a line ending a sentence (`。`) or before a list; a list item runs until
/// the next item, a blank line or a line that ends a sentence.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    let mut item_open = false;
    let flush_paragraph = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            let text = join_wrapped(paragraph);
            if !text.is_empty() {
                out.push(Block::Paragraph(text));
            }
            paragraph.clear();
        }
    };
    let flush_list = |items: &mut Vec<Vec<&str>>, out: &mut Vec<Block>| {
        if !items.is_empty() {
            out.push(Block::List {
                list: items.iter().map(|i| join_wrapped(i)).collect(),
            });
            items.clear();
        }
    };
    for &line in lines {
        if line.is_empty() {
            // After a blank line a new block starts, except inside an item of several sentences
            // whose last sentence is unfinished (the PDF breaks such items with blank lines).
            item_open = item_open
                && items
                    .last()
                    .is_some_and(|item| item.iter().any(|l| l.contains('。')));
            continue;
        }
        if let Some(item) = is_bullet(line) {
            flush_paragraph(&mut paragraph, &mut out);
            items.push(vec![item]);
            item_open = !ends_sentence(item);
        } else if is_dash_item(line) && !items.is_empty() {
            items.push(vec![line]);
            item_open = !ends_sentence(line);
        } else if item_open {
            let last = items.last_mut().expect("an open item exists");
            last.push(line);
            item_open = !ends_sentence(line);
        } else {
            flush_list(&mut items, &mut out);
            paragraph.push(line);
            if ends_sentence(line) {
                flush_paragraph(&mut paragraph, &mut out);
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut out);
    flush_list(&mut items, &mut out);
    out
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with('。')
}

/// Flattens blocks to one string without whitespace: the form the drift check compares, since
/// the PDF's line wraps split words at arbitrary points.
pub fn squash(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(text) => out.push_str(text),
            Block::List { list } => list.iter().for_each(|item| out.push_str(item)),
        }
    }
    squash_text(&out)
}

/// Removes every whitespace character.
pub fn squash_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_latin_with_space_and_japanese_without() {
        assert_eq!(
            join_wrapped(&["WebVPN session", "started."]),
            "WebVPN session started."
        );
        assert_eq!(join_wrapped(&["確認し", "ます。"]), "確認します。");
    }

    #[test]
    fn reads_severity_from_both_tags() {
        assert_eq!(
            printed_severity("%Threat Defense-7-715001: x", 715001),
            Some(7)
        );
        assert_eq!(printed_severity("%FTD-5-716053: x", 716053), Some(5));
        assert_eq!(printed_severity("%FTD-5-716053: x", 716054), None);
    }

    #[test]
    fn splits_bullets_into_lists() {
        let blocks = blocks(&["前文です。", "• a：one", "• b：two", "", "後文です。"]);
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph("前文です。".into()),
                Block::List {
                    list: vec!["a：one".into(), "b：two".into()]
                },
                Block::Paragraph("後文です。".into()),
            ]
        );
    }
}
