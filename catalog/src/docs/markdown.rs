//! The Markdown pages: the index (sections, the legend, every message by section) and one page
//! per section. Text from the catalog is escaped so that Markdown shows it literally.

use std::ops::Range;

use super::{
    index_title, Examples, Section, GENERATED_NOTICE, INDEX_STEM, TEMPLATE_INFO, TEXT_INFO,
};
use crate::blocks::{self, BlockLayout};
use crate::model::{Block, Catalog, CatalogEntry, Lang, Variable};
use crate::severity;

fn wire_format(message: &CatalogEntry, template: &str) -> String {
    format!(
        "%FTD-{}-{}: {template}",
        message.def.severity, message.def.id
    )
}

/// The words of the pages in one language.
pub(super) struct Words {
    pub language_name: &'static str,
    pub severity: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub message: &'static str,
    pub example: &'static str,
    pub wire_format: &'static str,
    pub also_accepted: &'static str,
    pub source: &'static str,
    pub variables: &'static str,
    pub explanation: &'static str,
    pub action: &'static str,
    pub not_translated: &'static str,
    pub in_other_language: &'static str,
    pub not_in_ja_guide: &'static str,
    pub index: &'static str,
}

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            language_name: "English",
            severity: "Severity",
            name: "Name",
            summary: "Summary",
            message: "Message",
            example: "Example",
            wire_format: "Wire format",
            also_accepted: "Also accepted",
            source: "source",
            variables: "Variables",
            explanation: "Explanation",
            action: "Recommended action",
            not_translated: "(not yet translated)",
            in_other_language: "(Japanese)",
            not_in_ja_guide: "Not in the Japanese guide: this entry comes from the English guide.",
            index: "Index",
        },
        Lang::Ja => &Words {
            language_name: "日本語",
            severity: "重大度",
            name: "名前",
            summary: "概要",
            message: "メッセージ",
            example: "例",
            wire_format: "ワイヤ形式",
            also_accepted: "ほかに受け付ける形式",
            source: "出典",
            variables: "変数",
            explanation: "説明",
            action: "推奨アクション",
            not_translated: "（日本語の記述なし）",
            in_other_language: "（英語）",
            not_in_ja_guide: "日本語ガイドにない項目です（英語ガイドによる）。",
            index: "目次",
        },
    }
}

/// A link to the same page (and fragment) in the other language.
fn other_language_link(lang: Lang, page_and_fragment: &str) -> String {
    let other = lang.other();
    format!(
        "[{}](../{}/{page_and_fragment})",
        words(other).language_name,
        other.code()
    )
}

/// The top page: links to the documentation in each language.
pub(super) fn top_index(catalog: &Catalog, langs: &[Lang]) -> String {
    let mut md = String::from(GENERATED_NOTICE);
    md.push_str(&format!("# {}\n\n", index_title(catalog)));
    for lang in langs {
        md.push_str(&format!(
            "- [{}]({}/{INDEX_STEM}.md)\n",
            words(*lang).language_name,
            lang.code()
        ));
    }
    md.push('\n');
    md
}

pub(super) fn index(catalog: &Catalog, sections: &[Section<'_>], lang: Lang) -> String {
    let mut md = String::from(GENERATED_NOTICE);
    md.push_str(&format!("# {}\n\n", index_title(catalog)));
    md.push_str(&format!(
        "{} · [↑](../{INDEX_STEM}.md)\n\n",
        other_language_link(lang, &format!("{INDEX_STEM}.md"))
    ));
    md.push_str(&format!(
        "The syslog messages of Cisco Secure Firewall Threat Defense (FTD) and ASA software in the \
         catalog: {} in {}, one page per section of the guide. Each entry gives the message's \
         severity, the text devices send with its variables typed, the guide's explanation and \
         recommended action, and notes on how the guide's text was read.\n\n",
        count(catalog.messages.len(), "message", "messages"),
        count(sections.len(), "section", "sections"),
    ));

    md.push_str("## Sections\n\n| Section | Messages | In the guide |\n| --- | --- | --- |\n");
    for section in sections {
        md.push_str(&format!(
            "| [{}]({}) | {} | ",
            section.title(),
            section.page(),
            section.messages.len()
        ));
        push_inline(
            &mut md,
            section.heading,
            Place::TableCell,
            Backticks::Literal,
        );
        md.push_str(" |\n");
    }
    md.push('\n');
    md.push_str(READING_AN_ENTRY);

    for section in sections {
        md.push_str(&format!(
            "\n## [{}]({})\n\n",
            section.title(),
            section.page()
        ));
        push_message_table(&mut md, section, lang, &section.page());
    }
    md
}

/// The table of a section's messages: id (linked), severity, name, one-line summary.
fn push_message_table(md: &mut String, section: &Section<'_>, lang: Lang, page: &str) {
    let w = words(lang);
    md.push_str(&format!(
        "| {} | {} | {} | {} |\n| --- | --- | --- | --- |\n",
        w.message, w.severity, w.name, w.summary
    ));
    for message in &section.messages {
        let def = &message.def;
        md.push_str(&format!(
            "| [{id}]({page}#{id}) | {} | {} | ",
            severity::label(def.severity),
            code_span(&def.name, Place::TableCell),
            id = def.id,
        ));
        match def.explanation_in(lang) {
            Some(blocks) => push_inline(md, &summary(blocks), Place::TableCell, Backticks::Literal),
            None => {
                md.push_str(&format!("*{}* ", w.not_translated));
                if let Some(blocks) = def.explanation_in(lang.other()) {
                    push_inline(md, &summary(blocks), Place::TableCell, Backticks::Literal);
                }
            }
        }
        md.push_str(" |\n");
    }
    md.push('\n');
}

/// The first sentence of the first paragraph (up to `。` or `. `), or of the first list item.
pub(super) fn summary(blocks: &[Block]) -> String {
    let text = match blocks.first() {
        Some(Block::Paragraph(text)) => text.as_str(),
        Some(Block::List { list }) => list.first().map_or("", String::as_str),
        None => "",
    };
    let end = [
        text.find('。').map(|i| i + '。'.len_utf8()),
        text.find(". ").map(|i| i + 1),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(text.len());
    text[..end].trim().to_owned()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The legend of the index. Every catalog type name must appear in its types table (a unit
/// test checks this).
const READING_AN_ENTRY: &str = "\
## Reading an entry

- **Severity**: the syslog level, from 0 (emergency) to 7 (debug), named as in RFC 5424.
- **Name**: the message's name in the catalog; the Rust type is its UpperCamelCase form \
(`webvpn_session_started` is `WebvpnSessionStarted`).
- **Wire format**: the text a device sends after the syslog header, `%FTD-<severity>-<id>: ` \
followed by the message text. In it, `{name}` is a variable; `{<name>}` is a variable that newer \
software encloses in angle brackets (`<alice>`) and older software sends bare (`alice`); `{{` and \
`}}` are literal braces; a space stands for one or more spaces.
- **Also accepted**: other forms of the text that devices send. Parsers accept every form; \
emitters write the wire format.
- **IKE session context**: for IKE messages, the text may start with `Group = …, Username = …, \
IP = …, `; each part is optional, and the parts present come in this order.
- **As printed in the guide**: the message text exactly as the guide prints it.
- **Variables**: each variable's type (see below), the field an ECS document \
(`parse --format ecs`) puts it at (an Elastic Common Schema field, or a name under \
`cisco.ftd.` where ECS has none), the name the guide uses for it, and the guide's description.
- **Explanation** and **Recommended action**: the guide's text.
- **Notes**: remarks on the guide's entry, such as where its printed text differs from what \
devices send.

### Variable types

| Type | Value |
| --- | --- |
| `text` | free text, up to the text that follows the variable in the wire format, or to the end |
| `word` | text without whitespace |
| `interface` | an interface name (no whitespace) |
| `u8`, `u16`, `u32`, `u64` | an unsigned decimal integer of that width |
| `i32`, `i64` | a signed decimal integer of that width |
| `hex` | a hexadecimal number with the `0x` prefix (`0x850a79e0`) |
| `ipv4`, `ipv6`, `ip` | an IPv4 address, an IPv6 address, or either |
| `port` | a TCP or UDP port, 0–65535 |
| `mac` | a MAC address (`0050.56a1.0203` or `00:50:56:a1:02:03`) |
| `quantity` | a number with a unit suffix (`266KB`, `30s`) |
| `enum` | one of the listed values; an *open* enum also accepts other text, a *case-insensitive* one ignores ASCII case |
| `flag` | the given word, present or absent |

A variable marked *optional* is carried by some forms of the message only.
";

pub(super) fn section(section: &Section<'_>, lang: Lang, examples: &Examples) -> String {
    let w = words(lang);
    let mut md = String::from(GENERATED_NOTICE);
    md.push_str(&format!(
        "# {}\n\n[{}]({INDEX_STEM}.md) · {} · In the guide: ",
        section.title(),
        w.index,
        other_language_link(lang, &section.page()),
    ));
    push_inline(&mut md, section.heading, Place::Block, Backticks::Literal);
    md.push_str("\n\n");
    push_message_table(&mut md, section, lang, "");
    for message in &section.messages {
        push_message(&mut md, message, lang, examples, &section.page());
    }
    md
}

fn push_message(
    md: &mut String,
    message: &CatalogEntry,
    lang: Lang,
    examples: &Examples,
    page: &str,
) {
    let w = words(lang);
    let def = &message.def;
    md.push_str(&format!(
        "## {}\n\n**{}:** {} · **{}:** {} · {}\n\n",
        def.id,
        w.severity,
        severity::label(def.severity),
        w.name,
        code_span(&def.name, Place::Block),
        other_language_link(lang, &format!("{page}#{}", def.id)),
    ));
    if !def.in_ja_guide {
        md.push_str(&format!("*{}*\n\n", w.not_in_ja_guide));
    }
    if let Some(example) = examples.get(&def.id) {
        push_label(md, w.example);
        push_code_block(md, TEXT_INFO, std::slice::from_ref(example));
    }
    for (index, template) in def.templates.iter().enumerate() {
        let label = if index == 0 {
            w.wire_format
        } else {
            w.also_accepted
        };
        let mut source = format!(
            "{}: {}",
            w.source,
            code_span(template.source.as_str(), Place::Block)
        );
        if let Some(note) = &template.note {
            source.push_str(" — ");
            push_inline(&mut source, note, Place::Block, Backticks::Literal);
        }
        md.push_str(&format!("**{label}** ({source})\n\n"));
        push_code_block(md, TEMPLATE_INFO, &[wire_format(message, template)]);
    }
    if def.ike_context {
        md.push_str(&format!(
            "**IKE session context:** the text after {} may start with {}; each part is \
             optional, and the parts present come in this order.\n\n",
            code_span(&wire_format(message, ""), Place::Block),
            code_span("Group = …, Username = …, IP = …, ", Place::Block),
        ));
    }

    push_label(md, "As printed in the guide");
    push_code_block(md, TEXT_INFO, std::slice::from_ref(&def.guide));

    if !def.variables.is_empty() {
        push_label(md, w.variables);
        md.push_str(
            "| Variable | Type | ECS field | In the guide | Description |\n| --- | --- | --- | --- | --- |\n",
        );
        for variable in &def.variables {
            push_variable_row(md, variable, lang);
        }
        md.push('\n');
    }
    for (label, blocks) in [
        (
            w.explanation,
            [def.explanation_in(lang), def.explanation_in(lang.other())],
        ),
        (w.action, [def.action_in(lang), def.action_in(lang.other())]),
    ] {
        match blocks {
            [Some(blocks), _] => {
                push_label(md, label);
                push_blocks(md, blocks);
            }
            [None, Some(other)] => {
                push_label(md, label);
                md.push_str(&format!("*{}*\n\n", w.not_translated));
                push_blocks(md, other);
            }
            [None, None] => {}
        }
    }
    if !def.notes.is_empty() {
        push_label(md, "Notes");
        for note in &def.notes {
            md.push_str("- ");
            // Notes are written with Markdown code spans (`User requested`); keep them as code.
            push_inline(md, note, Place::Block, Backticks::CodeSpans);
            md.push('\n');
        }
        md.push('\n');
    }
}

/// A paragraph of bold text alone: the label of what follows.
fn push_label(md: &mut String, label: &str) {
    md.push_str(&format!("**{label}**\n\n"));
}

fn push_variable_row(md: &mut String, variable: &Variable, lang: Lang) {
    md.push_str(&format!(
        "| {} | {} | ",
        code_span(&variable.name, Place::TableCell),
        type_description(variable)
    ));
    if let Some(ecs) = &variable.ecs {
        md.push_str(&code_span(ecs, Place::TableCell));
    }
    md.push_str(" | ");
    if let Some(guide_name) = &variable.guide_name {
        md.push_str(&code_span(guide_name, Place::TableCell));
    }
    md.push_str(" | ");
    match (
        variable.description_in(lang),
        variable.description_in(lang.other()),
    ) {
        (Some(description), _) => {
            push_inline(md, description, Place::TableCell, Backticks::Literal)
        }
        (None, Some(other)) => {
            md.push_str(&format!("*{}* ", words(lang).in_other_language));
            push_inline(md, other, Place::TableCell, Backticks::Literal);
        }
        (None, None) => {}
    }
    md.push_str(" |\n");
}

/// The type cell of a variable: the type name, and for enums and flags what they stand for.
fn type_description(variable: &Variable) -> String {
    let mut cell = code_span(&variable.ty, Place::TableCell);
    if !variable.values.is_empty() {
        let values: Vec<String> = variable
            .values
            .iter()
            .map(|value| code_span(value, Place::TableCell))
            .collect();
        cell.push_str(": ");
        cell.push_str(&values.join(", "));
    }
    let qualifiers: Vec<&str> = [
        (variable.open, "open"),
        (variable.ignore_case, "case-insensitive"),
    ]
    .iter()
    .filter(|(set, _)| *set)
    .map(|(_, qualifier)| *qualifier)
    .collect();
    if !qualifiers.is_empty() {
        cell.push_str(&format!(" ({})", qualifiers.join(", ")));
    }
    if let Some(word) = &variable.word {
        cell.push_str(": ");
        cell.push_str(&code_span(word, Place::TableCell));
    }
    if variable.optional {
        cell.push_str(", optional (not in every form)");
    }
    cell
}

fn push_blocks(md: &mut String, blocks: &[Block]) {
    blocks::write(md, blocks, &BlockLayout::MARKDOWN, &mut |md, text| {
        push_inline(md, text, Place::Block, Backticks::Literal)
    });
}

/// Where inline text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A paragraph or list item.
    Block,
    /// A table cell: one line, and `|` must be escaped even inside code.
    TableCell,
}

/// What backticks in a text are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backticks {
    /// Characters like any other (the guide's text).
    Literal,
    /// Delimiters of code spans, as in Markdown (the catalog's notes).
    CodeSpans,
}

/// Markdown strips the whitespace around a line; it stays as character references.
const LINE_SPACE: [char; 2] = [' ', '\t'];

/// Appends `text` so that Markdown renders it literally (but for code spans, with
/// [`Backticks::CodeSpans`]).
pub(super) fn push_inline(md: &mut String, text: &str, place: Place, backticks: Backticks) {
    let text = match place {
        Place::Block => text.to_owned(),
        Place::TableCell => text.replace(['\n', '\r'], " "),
    };
    let code_spans = match backticks {
        Backticks::Literal => Vec::new(),
        Backticks::CodeSpans => find_code_spans(&text),
    };
    let mut code_spans = code_spans.into_iter().peekable();
    let mut line_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(span) = code_spans.next_if(|span| span.start == i) {
            // The code is what the author put between the backticks, spaces included.
            let fence = text[span.start..]
                .bytes()
                .take_while(|&b| b == b'`')
                .count();
            md.push_str(&code_span(
                &text[span.start + fence..span.end - fence],
                place,
            ));
            while chars.next_if(|&(j, _)| j < span.end).is_some() {}
            continue;
        }
        if c == '\n' {
            md.push('\n');
            line_start = i + 1;
            continue;
        }
        let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
        let before = &text[line_start..i];
        let after = &text[i + c.len_utf8()..line_end];
        let at_line_start = before.trim_matches(LINE_SPACE).is_empty();
        if LINE_SPACE.contains(&c) && (at_line_start || after.trim_matches(LINE_SPACE).is_empty()) {
            md.push_str(&format!("&#{};", u32::from(c)));
            continue;
        }
        let previous = text[..i].chars().next_back();
        let next = after.chars().next();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => true,
            // `_` between letters or digits never delimits emphasis (`snake_case`).
            '_' => {
                !(previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            // Headings, bullets, thematic breaks, setext underlines.
            '#' | '-' | '+' | '=' => at_line_start,
            // Ordered list markers (`1.`, `2)`).
            '.' | ')' => {
                let digits = before.trim_start_matches(LINE_SPACE);
                (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        };
        if escape {
            md.push('\\');
        }
        md.push(c);
    }
}

/// The byte ranges of the code spans of `text`, found as CommonMark finds them: a run of
/// backticks opens a span closed by the next run of the same length; an unclosed run is text.
pub(super) fn find_code_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let run_length = |at: usize| bytes[at..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let opening = run_length(i);
        let mut j = i + opening;
        let mut closing = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let length = run_length(j);
                if length == opening {
                    closing = Some(j);
                    break;
                }
                j += length;
            } else {
                j += 1;
            }
        }
        match closing {
            Some(closing) => {
                spans.push(i..closing + opening);
                i = closing + opening;
            }
            None => i += opening,
        }
    }
    spans
}

/// A code span showing `code` exactly.
pub(super) fn code_span(code: &str, place: Place) -> String {
    if code.is_empty() {
        return String::new();
    }
    let code = match place {
        Place::Block => code.replace(['\n', '\r'], " "),
        // GitHub-flavoured tables split cells at `|` before code spans are recognised.
        Place::TableCell => code.replace(['\n', '\r'], " ").replace('|', "\\|"),
    };
    let fence = "`".repeat(longest_backtick_run(&code) + 1);
    // A span loses one space at each end when it has both, and must not touch its fence with
    // a backtick: padding with a space keeps the code as it is.
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ')
            && code.ends_with(' ')
            && !code.trim_start_matches(' ').is_empty());
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

pub(super) fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A fenced code block of `lines`, shown exactly.
fn push_code_block(md: &mut String, info: &str, lines: &[String]) {
    let longest = lines
        .iter()
        .map(|line| longest_backtick_run(line))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    md.push_str(&format!("{fence}{info}\n"));
    for line in lines {
        md.push_str(line);
        md.push('\n');
    }
    md.push_str(&format!("{fence}\n\n"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::MARKDOWN_OPTIONS;
    use pulldown_cmark::{Event, Parser};

    fn rendered_text(markdown: &str) -> String {
        let mut text = String::new();
        for event in Parser::new_ext(markdown, MARKDOWN_OPTIONS) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Code(t) => {
                    text.push('`');
                    text.push_str(&t);
                    text.push('`');
                }
                Event::SoftBreak => text.push('\n'),
                _ => {}
            }
        }
        text
    }

    #[test]
    fn text_renders_literally() {
        for text in [
            "a *b* _c_ snake_case __init__ <b>x</b> [l](u) `c` \\ | ~s~ &amp; &#32;",
            "# heading",
            "- item",
            "+ item",
            "1. first",
            "12) second",
            ">quote",
            "  leading and trailing  ",
            "TACACS+）xxx:yyy@cisco.com sequence_#：番号",
            "line one\n# line two\n- line three",
        ] {
            let mut md = String::new();
            push_inline(&mut md, text, Place::Block, Backticks::Literal);
            assert_eq!(
                rendered_text(&md).replace('`', "\u{0}"),
                text.replace('`', "\u{0}"),
                "{md}"
            );
        }
    }

    #[test]
    fn code_spans_are_kept_exactly() {
        // The code is exactly what is between the fences, spaces included (` -- `).
        for (text, shown) in [
            (
                "the `User requested` example",
                "the `User requested` example",
            ),
            ("spaced ` -- ` code", "spaced ` -- ` code"),
            ("``a`b`` and `unclosed", "`a`b` and `unclosed"),
            ("`` ` `` alone", "` ` ` alone"),
        ] {
            let mut md = String::new();
            push_inline(&mut md, text, Place::Block, Backticks::CodeSpans);
            assert_eq!(rendered_text(&md), shown, "{md}");
        }
    }

    #[test]
    fn table_cells_keep_pipes() {
        let mut md = String::from("| a | b | c |\n| --- | --- | --- |\n| ");
        md.push_str(&code_span("default | configured", Place::TableCell));
        md.push_str(" | ");
        push_inline(&mut md, "x | y\nz", Place::TableCell, Backticks::Literal);
        md.push_str(" | `c` |\n");
        assert_eq!(rendered_text(&md), "abc`default | configured`x | y z`c`");
    }

    #[test]
    fn the_legend_explains_every_type() {
        for name in crate::model::type_names() {
            assert!(
                READING_AN_ENTRY.contains(&format!("`{name}`")),
                "the legend does not explain `{name}`"
            );
        }
    }
}
