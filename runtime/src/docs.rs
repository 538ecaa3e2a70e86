//! Markdown and HTML documentation generated from a catalog.
//!
//! The documentation mirrors the guide: an index and one page per section of the guide, each
//! message with its severity, wire format and accepted variants, typed variables, explanation,
//! recommended action and notes. Every file is a pure function of the catalog, so a committed
//! copy can be compared byte for byte with what the catalog produces.
//!
//! - [`render`] produces the files: `index.md` and one page per section (`716.md`,
//!   `718-719.md`), their HTML rendering under `html/`, and the one stylesheet `html/style.css`.
//! - [`write()`] stores them in a directory; [`check`] names the files of a directory that are
//!   missing, differ, or are not produced by the catalog.
//!
//! Each message is a level-2 heading whose text is its id, so `716.md#716001` and
//! `html/716.html#716001` are stable anchors. Wire formats are shown inside code in the catalog's
//! template notation: `{name}` is a variable, `{<name>}` a variable that newer software encloses
//! in angle brackets, `{{` and `}}` are literal braces; the HTML also marks the variables up.
//! The HTML pages link each other relatively and share one stylesheet, so they work offline.
//!
//! ```
//! let catalog = ftd_syslog::model::catalog().expect("the bundled catalog loads");
//! let files = ftd_syslog::docs::render(&catalog);
//! assert!(files.iter().any(|f| f.path.ends_with("716.md") && f.contents.contains("\n## 716001\n")));
//! ```

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ftd_catalog::{Block, Catalog, Message, Variable};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions the pages use; a reader of the Markdown must enable them too.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES;

/// The directory of the HTML rendering, relative to the output directory.
pub const HTML_DIR: &str = "html";

/// The stylesheet's file name in [`HTML_DIR`].
const STYLESHEET: &str = "style.css";

/// The info string of code blocks in the template notation; the HTML marks their variables.
const TEMPLATE_INFO: &str = "ftd-template";

/// The info string of other code blocks.
const TEXT_INFO: &str = "text";

/// The stem of the index page (`index.md`, `html/index.html`).
const INDEX_STEM: &str = "index";

/// Marks every Markdown page as generated (an HTML comment, invisible once rendered).
const GENERATED_NOTICE: &str =
    "<!-- Generated from the catalog by `ftd-syslog docs`; edit the catalog, not this file. -->\n\n";

/// The syslog severity levels by number.
const SEVERITY_NAMES: [&str; 8] = [
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
];

/// A file of the documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output directory (`716.md`, `html/716.html`).
    pub path: PathBuf,
    /// The contents.
    pub contents: String,
}

/// Why a file of the documentation directory is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staleness {
    /// The catalog produces the file, but the directory lacks it.
    Missing,
    /// The file differs from what the catalog produces.
    Modified,
    /// The catalog does not produce the file.
    Unexpected,
}

impl fmt::Display for Staleness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Staleness::Missing => "missing",
            Staleness::Modified => "differs from what the catalog produces",
            Staleness::Unexpected => "not produced by the catalog",
        })
    }
}

/// A stale file of the documentation directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleFile {
    /// The path relative to the output directory.
    pub path: PathBuf,
    /// What is wrong with it.
    pub staleness: Staleness,
}

/// Renders the documentation of `catalog`: the Markdown pages, their HTML rendering and the
/// stylesheet, in that order.
pub fn render(catalog: &Catalog) -> Vec<GeneratedFile> {
    let sections = sections(catalog);
    let site_title = index_title(catalog);
    let mut pages = vec![Page {
        stem: INDEX_STEM.to_owned(),
        title: site_title.clone(),
        markdown: index_markdown(catalog, &sections),
    }];
    pages.extend(sections.iter().map(|section| Page {
        stem: section.stem.clone(),
        title: section.title(),
        markdown: section_markdown(section),
    }));

    let mut files: Vec<GeneratedFile> = pages
        .iter()
        .map(|page| GeneratedFile {
            path: PathBuf::from(format!("{}.md", page.stem)),
            contents: page.markdown.clone(),
        })
        .collect();
    files.extend(pages.iter().map(|page| GeneratedFile {
        path: Path::new(HTML_DIR).join(format!("{}.html", page.stem)),
        contents: html_page(page, &site_title),
    }));
    files.push(GeneratedFile {
        path: Path::new(HTML_DIR).join(STYLESHEET),
        contents: STYLESHEET_CSS.to_owned(),
    });
    files
}

/// Writes `files` under `out`, creating directories as needed. A file that already has the
/// right contents is not rewritten, so its timestamp only changes with its contents. Other
/// files of `out` are left alone ([`check`] reports them). Returns the paths written, relative
/// to `out`.
pub fn write(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => continue,
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(with_path(error, &path)),
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        }
        fs::write(&path, &file.contents).map_err(|e| with_path(e, &path))?;
        written.push(file.path.clone());
    }
    Ok(written)
}

/// Compares the directory `out` with `files`: reports every file of `files` that `out` lacks
/// or holds with other contents, and every file of `out` that `files` does not contain (the
/// directory holds generated files only; names starting with `.` are ignored, so
/// `.gitattributes` may live there). The result is sorted by path; it is empty when `out` is
/// up to date.
pub fn check(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<StaleFile>> {
    let mut stale = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        let staleness = match fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => continue,
            Ok(_) => Staleness::Modified,
            Err(error) if error.kind() == io::ErrorKind::NotFound => Staleness::Missing,
            Err(error) => return Err(with_path(error, &path)),
        };
        stale.push(StaleFile {
            path: file.path.clone(),
            staleness,
        });
    }
    let expected: BTreeSet<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    for path in files_under(out)? {
        if !expected.contains(path.as_path()) {
            stale.push(StaleFile {
                path,
                staleness: Staleness::Unexpected,
            });
        }
    }
    stale.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(stale)
}

/// The files under `dir`, relative to it, skipping names that start with `.`; none when `dir`
/// does not exist.
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let absolute = dir.join(&relative);
        let entries = match fs::read_dir(&absolute) {
            Ok(entries) => entries,
            Err(error)
                if error.kind() == io::ErrorKind::NotFound && relative.as_os_str().is_empty() =>
            {
                return Ok(files)
            }
            Err(error) => return Err(with_path(error, &absolute)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| with_path(e, &absolute))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let file_type = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
            if file_type.is_dir() {
                pending.push(relative.join(name));
            } else {
                files.push(relative.join(name));
            }
        }
    }
    Ok(files)
}

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// A page: the Markdown and what its HTML rendering needs.
struct Page {
    /// The file stem (`index`, `716`).
    stem: String,
    /// The page's title (its level-1 heading).
    title: String,
    markdown: String,
}

/// A section of the guide, documented on one page.
struct Section<'a> {
    /// The guide's heading of the section (`メッセージ 716001～ 716603`).
    heading: &'a str,
    /// The page's file stem (`716`, `718-719`).
    stem: String,
    /// The messages, in id order (never empty).
    messages: Vec<&'a Message>,
}

impl Section<'_> {
    fn first_id(&self) -> u32 {
        self.messages[0].def.id
    }

    fn last_id(&self) -> u32 {
        self.messages[self.messages.len() - 1].def.id
    }

    fn title(&self) -> String {
        id_range_title(self.first_id(), self.last_id())
    }

    fn page(&self) -> String {
        format!("{}.md", self.stem)
    }
}

fn id_range_title(first: u32, last: u32) -> String {
    if first == last {
        format!("Message {first}")
    } else {
        format!("Messages {first}–{last}")
    }
}

/// Groups the messages by section, sections in the order of their first message.
fn sections(catalog: &Catalog) -> Vec<Section<'_>> {
    let mut messages: Vec<&Message> = catalog.messages.iter().collect();
    messages.sort_by_key(|message| message.def.id);
    let mut sections: Vec<Section<'_>> = Vec::new();
    for message in messages {
        match sections.iter_mut().find(|s| s.heading == message.section) {
            Some(section) => section.messages.push(message),
            None => sections.push(Section {
                heading: &message.section,
                stem: String::new(),
                messages: vec![message],
            }),
        }
    }
    // Pages are named after the id prefixes they cover (`716`, `718-719`), which stay put when
    // messages are added; should two sections share them, the full id range keeps names unique.
    let mut taken = HashSet::new();
    for section in &mut sections {
        let (first, last) = (section.first_id(), section.last_id());
        let (first_prefix, last_prefix) = (first / 1000, last / 1000);
        let mut stem = if first_prefix == last_prefix {
            first_prefix.to_string()
        } else {
            format!("{first_prefix}-{last_prefix}")
        };
        if taken.contains(&stem) {
            stem = format!("{first}-{last}");
        }
        taken.insert(stem.clone());
        section.stem = stem;
    }
    sections
}

fn index_title(catalog: &Catalog) -> String {
    let ids = catalog.messages.iter().map(|message| message.def.id);
    match (ids.clone().min(), ids.max()) {
        (Some(first), Some(last)) => format!("FTD syslog messages {first}–{last}"),
        _ => "FTD syslog messages".to_owned(),
    }
}

fn severity_label(severity: u8) -> String {
    match SEVERITY_NAMES.get(usize::from(severity)) {
        Some(name) => format!("{severity} ({name})"),
        None => severity.to_string(),
    }
}

fn wire_format(message: &Message, template: &str) -> String {
    format!(
        "%FTD-{}-{}: {template}",
        message.def.severity, message.def.id
    )
}

fn index_markdown(catalog: &Catalog, sections: &[Section<'_>]) -> String {
    let mut md = String::from(GENERATED_NOTICE);
    md.push_str(&format!("# {}\n\n", index_title(catalog)));
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
            "\n## [{}]({})\n\n| Message | Severity | Name |\n| --- | --- | --- |\n",
            section.title(),
            section.page()
        ));
        for message in &section.messages {
            let def = &message.def;
            md.push_str(&format!(
                "| [{id}]({page}#{id}) | {} | {} |\n",
                severity_label(def.severity),
                code_span(&def.name, Place::TableCell),
                id = def.id,
                page = section.page(),
            ));
        }
    }
    md
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The legend of the index. Every catalog type name must appear in its types table (a unit
/// test checks this).
const READING_AN_ENTRY: &str = "\
## Reading an entry

- **Severity**: the syslog level, from 0 (emergencies) to 7 (debugging).
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
- **Variables**: each variable's type (see below), the name the guide uses for it, and the \
guide's description.
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

fn section_markdown(section: &Section<'_>) -> String {
    let mut md = String::from(GENERATED_NOTICE);
    md.push_str(&format!(
        "# {}\n\n[Index]({INDEX_STEM}.md) · In the guide: ",
        section.title()
    ));
    push_inline(&mut md, section.heading, Place::Block, Backticks::Literal);
    md.push_str("\n\n");
    for message in &section.messages {
        push_message(&mut md, message);
    }
    md
}

fn push_message(md: &mut String, message: &Message) {
    let def = &message.def;
    md.push_str(&format!(
        "## {}\n\n**Severity:** {} · **Name:** {}\n\n",
        def.id,
        severity_label(def.severity),
        code_span(&def.name, Place::Block)
    ));

    if let Some((first, others)) = def.templates.split_first() {
        push_label(md, "Wire format");
        push_code_block(md, TEMPLATE_INFO, &[wire_format(message, first)]);
        if !others.is_empty() {
            push_label(md, "Also accepted");
            let lines: Vec<String> = others.iter().map(|t| wire_format(message, t)).collect();
            push_code_block(md, TEMPLATE_INFO, &lines);
        }
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
        push_label(md, "Variables");
        md.push_str(
            "| Variable | Type | In the guide | Description |\n| --- | --- | --- | --- |\n",
        );
        for variable in &def.variables {
            push_variable_row(md, variable);
        }
        md.push('\n');
    }
    if !def.explanation.is_empty() {
        push_label(md, "Explanation");
        push_blocks(md, &def.explanation);
    }
    if !def.action.is_empty() {
        push_label(md, "Recommended action");
        push_blocks(md, &def.action);
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

fn push_variable_row(md: &mut String, variable: &Variable) {
    md.push_str(&format!(
        "| {} | {} | ",
        code_span(&variable.name, Place::TableCell),
        type_description(variable)
    ));
    if let Some(guide_name) = &variable.guide_name {
        md.push_str(&code_span(guide_name, Place::TableCell));
    }
    md.push_str(" | ");
    if let Some(description) = &variable.description {
        push_inline(md, description, Place::TableCell, Backticks::Literal);
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
    let mut previous_was_list = false;
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                push_inline(md, text, Place::Block, Backticks::Literal);
                md.push_str("\n\n");
                previous_was_list = false;
            }
            Block::List { list } => {
                // Adjacent lists with the same bullet would merge into one; a change of bullet
                // keeps them apart.
                let bullet = if previous_was_list { '*' } else { '-' };
                for item in list {
                    let (indent, text) = match item.strip_prefix('-') {
                        Some(sub_item) => ("  ", sub_item.trim_start()),
                        None => ("", item.as_str()),
                    };
                    md.push_str(&format!("{indent}{bullet} "));
                    push_inline(md, text, Place::Block, Backticks::Literal);
                    md.push('\n');
                }
                md.push('\n');
                previous_was_list = true;
            }
        }
    }
}

/// Where inline text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A paragraph or list item.
    Block,
    /// A table cell: one line, and `|` must be escaped even inside code.
    TableCell,
}

/// What backticks in a text are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backticks {
    /// Characters like any other (the guide's text).
    Literal,
    /// Delimiters of code spans, as in Markdown (the catalog's notes).
    CodeSpans,
}

/// Markdown strips the whitespace around a line; it stays as character references.
const LINE_SPACE: [char; 2] = [' ', '\t'];

/// Appends `text` so that Markdown renders it literally (but for code spans, with
/// [`Backticks::CodeSpans`]).
fn push_inline(md: &mut String, text: &str, place: Place, backticks: Backticks) {
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
fn find_code_spans(text: &str) -> Vec<Range<usize>> {
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
fn code_span(code: &str, place: Place) -> String {
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

fn longest_backtick_run(text: &str) -> usize {
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

/// The HTML rendering of a page: the Markdown through pulldown-cmark, with links between pages
/// pointing at the HTML files, every heading given the id GitHub gives it, and the variables of
/// wire formats marked up.
fn html_page(page: &Page, site_title: &str) -> String {
    let mut events: Vec<Event<'_>> = Parser::new_ext(&page.markdown, MARKDOWN_OPTIONS).collect();
    add_heading_ids(&mut events);
    let events = mark_template_variables(events)
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: html_destination(&dest_url).map_or(dest_url, CowStr::from),
                title,
                id,
            }),
            other => other,
        });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, events);
    let title = if page.title == site_title {
        page.title.clone()
    } else {
        format!("{} · {site_title}", page.title)
    };
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"ja\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"{STYLESHEET}\">\n\
         </head>\n\
         <body>\n\
         <main>\n\
         {body}\
         </main>\n\
         </body>\n\
         </html>\n",
        escape_html(&title)
    )
}

/// Replaces each code block in the template notation by HTML that wraps its variables in
/// `<var>`, braces kept, so that they stand out from the literal text.
fn mark_template_variables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut marked = Vec::with_capacity(events.len());
    let mut template: Option<String> = None;
    for event in events {
        match (&mut template, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))))
                if info.as_ref() == TEMPLATE_INFO =>
            {
                template = Some(String::new());
            }
            (Some(text), Event::Text(t)) => text.push_str(&t),
            (Some(text), Event::End(TagEnd::CodeBlock)) => {
                marked.push(Event::Html(CowStr::from(format!(
                    "<pre><code class=\"language-{TEMPLATE_INFO}\">{}</code></pre>\n",
                    template_html(text)
                ))));
                template = None;
            }
            (_, event) => marked.push(event),
        }
    }
    marked
}

/// `Group {<group>} ({{x}})` -> `Group {&lt;<var>group</var>&gt;} ({{x}})`.
fn template_html(template: &str) -> String {
    let mut html = String::new();
    let mut rest = template;
    while let Some(brace) = rest.find(['{', '}']) {
        html.push_str(&escape_html(&rest[..brace]));
        rest = &rest[brace..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            html.push_str(&rest[..2]);
            rest = &rest[2..];
            continue;
        }
        let placeholder = rest.find('}').filter(|_| rest.starts_with('{'));
        let Some(close) = placeholder else {
            html.push_str(&rest[..1]);
            rest = &rest[1..];
            continue;
        };
        let inner = &rest[1..close];
        match inner.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
            Some(name) => html.push_str(&format!("{{&lt;<var>{}</var>&gt;}}", escape_html(name))),
            None => html.push_str(&format!("{{<var>{}</var>}}", escape_html(inner))),
        }
        rest = &rest[close + 1..];
    }
    html.push_str(&escape_html(rest));
    html
}

/// `716.md#716001` -> `716.html#716001`; `None` for links that are not to a Markdown page.
fn html_destination(destination: &str) -> Option<String> {
    if destination.contains(':') {
        return None;
    }
    let (path, fragment) = match destination.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (destination, None),
    };
    let stem = path.strip_suffix(".md")?;
    Some(match fragment {
        Some(fragment) => format!("{stem}.html#{fragment}"),
        None => format!("{stem}.html"),
    })
}

/// Gives every heading the id GitHub derives from its text (`716001` for the heading `716001`),
/// so that fragments work alike in the Markdown and in the HTML.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used = HashSet::new();
    for start in 0..events.len() {
        if !matches!(events[start], Event::Start(Tag::Heading { .. })) {
            continue;
        }
        let mut text = String::new();
        for event in &events[start + 1..] {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let base = slug(&text);
        let mut id = base.clone();
        let mut suffix = 0;
        while !used.insert(id.clone()) {
            suffix += 1;
            id = format!("{base}-{suffix}");
        }
        if let Event::Start(Tag::Heading { id: heading_id, .. }) = &mut events[start] {
            *heading_id = Some(CowStr::from(id));
        }
    }
}

/// GitHub's heading slug: lowercase, spaces to hyphens, other punctuation dropped.
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The one stylesheet of the HTML pages.
const STYLESHEET_CSS: &str = r#":root {
  color-scheme: light dark;
  --text: #1f2328;
  --background: #ffffff;
  --border: #d1d9e0;
  --code-background: #f6f8fa;
  --link: #0969da;
  --target: #fff8c5;
  --variable: #8250df;
}

@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6edf3;
    --background: #0d1117;
    --border: #3d444d;
    --code-background: #151b23;
    --link: #4493f8;
    --target: #3b2e00;
    --variable: #d2a8ff;
  }
}

body {
  margin: 0;
  color: var(--text);
  background: var(--background);
  font: 16px/1.65 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP",
    "Yu Gothic", Meiryo, sans-serif;
}

main {
  max-width: 64rem;
  margin: 0 auto;
  padding: 1.5rem 1rem 4rem;
}

a {
  color: var(--link);
}

h1 {
  font-size: 1.9rem;
}

h2 {
  margin-top: 2.5rem;
  padding-top: 0.75rem;
  border-top: 1px solid var(--border);
  font-size: 1.4rem;
}

h2:target {
  background: var(--target);
}

code,
pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK JP", monospace;
  font-size: 0.9em;
}

code {
  padding: 0.1em 0.3em;
  border-radius: 4px;
  background: var(--code-background);
}

pre {
  overflow-x: auto;
  padding: 0.75rem 1rem;
  border-radius: 6px;
  background: var(--code-background);
  line-height: 1.45;
}

pre code {
  padding: 0;
  background: none;
}

pre var {
  color: var(--variable);
  font-style: normal;
  font-weight: 600;
}

table {
  display: block;
  overflow-x: auto;
  border-collapse: collapse;
}

th,
td {
  padding: 0.3rem 0.6rem;
  border: 1px solid var(--border);
  text-align: left;
  vertical-align: top;
}

th {
  background: var(--code-background);
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

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
    fn links_between_pages_point_at_html() {
        assert_eq!(
            html_destination("716.md#716001").as_deref(),
            Some("716.html#716001")
        );
        assert_eq!(html_destination("index.md").as_deref(), Some("index.html"));
        assert_eq!(html_destination("https://example.com/a.md"), None);
    }

    #[test]
    fn template_variables_are_marked_in_html() {
        assert_eq!(
            template_html("%FTD-6-1: Group {<group>} got {n} ({{x}}) a<b"),
            "%FTD-6-1: Group {&lt;<var>group</var>&gt;} got {<var>n</var>} ({{x}}) a&lt;b"
        );
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("716001"), "716001");
        assert_eq!(slug("Reading an entry"), "reading-an-entry");
        assert_eq!(slug("Messages 715001–715080"), "messages-715001715080");
    }

    #[test]
    fn the_legend_explains_every_type() {
        for name in ftd_catalog::model::TYPE_NAMES {
            assert!(
                READING_AN_ENTRY.contains(&format!("`{name}`")),
                "the legend does not explain `{name}`"
            );
        }
    }
}
