//! The generated documentation, in English and Japanese: read back with pulldown-cmark, each
//! language gives every message's id, severity, example, wire formats with their sources and
//! texts in that language (or the other one, marked); each section page opens with a table of
//! its messages; pages and messages link to their other-language version; HTML pages carry
//! their language; it is deterministic; its HTML links resolve offline; the committed copy is
//! current; `check` finds stale files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ftd_catalog::docs::{self, GeneratedFile, StaleFile, Staleness, MARKDOWN_OPTIONS};
use ftd_catalog::{Block, Catalog, Lang};
use ftd_syslog::{Message, RandomValues};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use crate::Scratch;

/// The bundled catalog, loaded from its directory (independently of the copy embedded in the
/// library, which the documentation is rendered from).
fn catalog() -> Catalog {
    ftd_catalog::load_dir(&ftd_catalog::bundled_dir(), "catalog").expect("the catalog loads")
}

/// The options `ftd-syslog docs` renders with: both languages, each message's example drawn
/// with its id as the seed.
fn options() -> docs::Options {
    let examples = ftd_syslog::MESSAGES
        .iter()
        .map(|info| {
            let message = Message::draw(info.id, &mut RandomValues::new(u64::from(info.id)))
                .expect("a catalogued id draws");
            (
                info.id,
                format!("%FTD-{}-{}: {message}", info.severity, info.id),
            )
        })
        .collect();
    docs::Options {
        langs: Lang::ALL.to_vec(),
        examples,
    }
}

fn rendered() -> Vec<GeneratedFile> {
    docs::render(
        &ftd_syslog::model::catalog().expect("the embedded catalog loads"),
        &options(),
    )
}

/// The section pages of a language.
fn markdown_pages(files: &[GeneratedFile], lang: Lang) -> impl Iterator<Item = &GeneratedFile> {
    files.iter().filter(move |f| {
        f.path.extension().is_some_and(|e| e == "md")
            && f.path.starts_with(lang.code())
            && !f.path.ends_with("index.md")
    })
}

/// The labels of the pages in a language.
struct Labels {
    severity: &'static str,
    name: &'static str,
    example: &'static str,
    wire_format: &'static str,
    also_accepted: &'static str,
    variables: &'static str,
    explanation: &'static str,
    action: &'static str,
    not_translated: &'static str,
    other_language: &'static str,
    other_name: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::En => Labels {
            severity: "Severity",
            name: "Name",
            example: "Example",
            wire_format: "Wire format",
            also_accepted: "Also accepted",
            variables: "Variables",
            explanation: "Explanation",
            action: "Recommended action",
            not_translated: "(not yet translated)",
            other_language: "(Japanese)",
            other_name: "日本語",
        },
        Lang::Ja => Labels {
            severity: "重大度",
            name: "名前",
            example: "例",
            wire_format: "ワイヤ形式",
            also_accepted: "ほかに受け付ける形式",
            variables: "変数",
            explanation: "説明",
            action: "推奨アクション",
            not_translated: "（日本語の記述なし）",
            other_language: "（英語）",
            other_name: "English",
        },
    }
}

/// What a message's entry says, as read back from the Markdown.
#[derive(Debug, Default, PartialEq)]
struct Entry {
    id: u32,
    severity: Option<u8>,
    name: Option<String>,
    /// The example line.
    example: Option<String>,
    /// The lines of the "Wire format" and "Also accepted" code blocks, with their sources.
    wire_formats: Vec<(String, String)>,
    /// The link to the message in the other language.
    other_language: Option<String>,
    /// Whether the explanation and the action are shown in the other language, marked.
    explanation_marked: bool,
    action_marked: bool,
    guide: Option<String>,
    /// Cells of the variables table: name, type, ECS field, name in the guide, description.
    variables: Vec<[String; 5]>,
    explanation: Vec<Block>,
    action: Vec<Block>,
    notes: Vec<String>,
}

/// The index of the `End` event matching the `Start` event at `start`.
fn end_of(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced events");
}

/// The text of inline events; code spans keep their backticks (as the catalog's notes write
/// them).
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::Code(t) => {
                text.push('`');
                text.push_str(t);
                text.push('`');
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// The items of the list whose events (without its own start and end) are `events`; sub-items
/// are written `- item`, as in the catalog.
fn list_items(events: &[Event<'_>], prefix: &str, items: &mut Vec<String>) {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Item) = events[i] {
            let end = end_of(events, i);
            let item = &events[i + 1..end];
            let nested = item
                .iter()
                .position(|e| matches!(e, Event::Start(Tag::List(_))))
                .unwrap_or(item.len());
            items.push(format!("{prefix}{}", plain_text(&item[..nested])));
            if nested < item.len() {
                let nested_end = end_of(item, nested);
                list_items(&item[nested + 1..nested_end], "- ", items);
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
}

/// The rows of a table (without its head), each a list of cell texts.
fn table_rows(events: &[Event<'_>]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match events[i] {
            Event::Start(Tag::TableHead) => i = end_of(events, i) + 1,
            Event::Start(Tag::TableRow) => {
                let end = end_of(events, i);
                let mut cells = Vec::new();
                let mut j = i + 1;
                while j < end {
                    let cell_end = end_of(events, j);
                    cells.push(plain_text(&events[j + 1..cell_end]));
                    j = cell_end + 1;
                }
                rows.push(cells);
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    rows
}

/// The text of the first strong emphasis of a paragraph that starts with one (a label).
fn strong_label(inner: &[Event<'_>]) -> Option<String> {
    if !matches!(inner.first(), Some(Event::Start(Tag::Strong))) {
        return None;
    }
    let end = end_of(inner, 0);
    Some(plain_text(&inner[1..end]))
}

/// Reads the entries of a section page in `lang` back.
fn entries(markdown: &str, lang: Lang) -> Vec<Entry> {
    let words = labels(lang);
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, MARKDOWN_OPTIONS).collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut label = String::new();
    let mut source = String::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(tag) = &events[i] else {
            i += 1;
            continue;
        };
        let end = end_of(&events, i);
        let inner = &events[i + 1..end];
        i = end + 1;
        if let Tag::Heading {
            level: HeadingLevel::H2,
            ..
        } = tag
        {
            let id = plain_text(inner)
                .parse()
                .expect("a message heading is its id");
            entries.push(Entry {
                id,
                ..Entry::default()
            });
            label.clear();
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            continue;
        };
        match tag {
            Tag::Paragraph => {
                let text = plain_text(inner);
                if let Some(strong) = strong_label(inner) {
                    if strong == format!("{}:", words.severity) {
                        let parts: Vec<&str> = text.split(" · ").collect();
                        let severity = parts[0].split(':').nth(1).unwrap().trim();
                        let severity = severity.split(' ').next().unwrap();
                        entry.severity = Some(severity.parse().expect("a numeric severity"));
                        let name = parts[1].strip_prefix(&format!("{}:", words.name)).unwrap();
                        entry.name = Some(name.trim().trim_matches('`').to_owned());
                        entry.other_language = inner.iter().find_map(|e| match e {
                            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                            _ => None,
                        });
                        assert_eq!(parts[2], words.other_name, "{}: language link", entry.id);
                    } else {
                        label = strong;
                        source = inner
                            .iter()
                            .find_map(|e| match e {
                                Event::Code(code) => Some(code.to_string()),
                                _ => None,
                            })
                            .unwrap_or_default();
                    }
                } else if text == words.not_translated {
                    if label == words.explanation {
                        entry.explanation_marked = true;
                    } else if label == words.action {
                        entry.action_marked = true;
                    }
                } else if label == words.explanation {
                    entry.explanation.push(Block::Paragraph(text));
                } else if label == words.action {
                    entry.action.push(Block::Paragraph(text));
                }
            }
            Tag::CodeBlock(_) => {
                let text = plain_text(inner);
                let line = text.trim_end_matches('\n').to_owned();
                if label == words.wire_format || label == words.also_accepted {
                    entry.wire_formats.push((line, source.clone()));
                } else if label == words.example {
                    entry.example = Some(line);
                } else if label == "As printed in the guide" {
                    entry.guide = Some(line);
                } else {
                    panic!("{}: a code block under {label:?}", entry.id);
                }
            }
            Tag::List(_) => {
                let mut items = Vec::new();
                list_items(inner, "", &mut items);
                if label == words.explanation {
                    entry.explanation.push(Block::List { list: items });
                } else if label == words.action {
                    entry.action.push(Block::List { list: items });
                } else if label == "Notes" {
                    entry.notes.extend(items);
                } else {
                    panic!("{}: a list under {label:?}", entry.id);
                }
            }
            Tag::Table(_) => {
                assert_eq!(
                    label, words.variables,
                    "{}: a table under {label:?}",
                    entry.id
                );
                for row in table_rows(inner) {
                    entry
                        .variables
                        .push(row.try_into().expect("five cells per variable"));
                }
            }
            _ => {}
        }
    }
    entries
}

/// The catalog's blocks as the documentation shows them: a sub-item `-x` reads `- x`.
fn shown_blocks(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) => Block::Paragraph(text.clone()),
            Block::List { list } => Block::List {
                list: list
                    .iter()
                    .map(|item| match item.strip_prefix('-') {
                        Some(sub_item) => format!("- {}", sub_item.trim_start()),
                        None => item.clone(),
                    })
                    .collect(),
            },
        })
        .collect()
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

#[test]
fn markdown_read_back_matches_the_catalog_for_every_message() {
    let catalog = catalog();
    assert_eq!(catalog.messages.len(), 436);
    let files = rendered();
    let examples = options().examples;
    for lang in Lang::ALL {
        let words = labels(lang);
        let mut seen = BTreeMap::new();
        for page in markdown_pages(&files, lang) {
            for entry in entries(&page.contents, lang) {
                let message = catalog.get(entry.id).unwrap_or_else(|| {
                    panic!(
                        "{}: {} is not in the catalog",
                        page.path.display(),
                        entry.id
                    )
                });
                let context = format!("{} in {}", entry.id, page.path.display());
                check_entry(&entry, message, lang, &words, &context);
                assert_eq!(
                    entry.example,
                    examples.get(&entry.id).cloned(),
                    "{context}: example"
                );
                let page_name = page.path.file_name().unwrap().to_string_lossy();
                assert_eq!(
                    entry.other_language,
                    Some(format!(
                        "../{}/{page_name}#{}",
                        lang.other().code(),
                        entry.id
                    )),
                    "{context}: link to the other language"
                );
                let section = &message.section;
                assert!(
                    page.contents.contains(&format!("In the guide: {section}")),
                    "{context}: not on the page of its section {section}"
                );
                assert!(
                    seen.insert(entry.id, page.path.clone()).is_none(),
                    "{context}: documented twice"
                );
            }
        }
        let documented: BTreeSet<u32> = seen.keys().copied().collect();
        let catalogued: BTreeSet<u32> = catalog.messages.iter().map(|m| m.def.id).collect();
        assert_eq!(
            documented, catalogued,
            "every message is documented in {lang}"
        );
    }
}

/// One entry read back against the catalog, in `lang`.
fn check_entry(
    entry: &Entry,
    message: &ftd_catalog::CatalogEntry,
    lang: Lang,
    words: &Labels,
    context: &str,
) {
    let def = &message.def;
    assert_eq!(entry.severity, Some(def.severity), "{context}: severity");
    assert_eq!(
        entry.name.as_deref(),
        Some(def.name.as_str()),
        "{context}: name"
    );
    let wire_formats: Vec<(String, String)> = def
        .templates
        .iter()
        .map(|t| {
            (
                format!("%FTD-{}-{}: {t}", def.severity, def.id),
                t.source.as_str().to_owned(),
            )
        })
        .collect();
    assert_eq!(entry.wire_formats, wire_formats, "{context}: wire formats");
    assert_eq!(
        entry.guide.as_deref(),
        Some(def.guide.as_str()),
        "{context}: guide"
    );
    assert_eq!(
        entry.variables.len(),
        def.variables.len(),
        "{context}: variables"
    );
    for (row, variable) in entry.variables.iter().zip(&def.variables) {
        assert_eq!(row[0], code(&variable.name), "{context}: variable name");
        assert!(row[1].starts_with(&code(&variable.ty)), "{context}: type");
        for value in &variable.values {
            assert!(row[1].contains(&code(value)), "{context}: value {value:?}");
        }
        assert_eq!(
            row[2],
            variable.ecs.as_deref().map(code).unwrap_or_default(),
            "{context}: ECS field of {}",
            variable.name
        );
        assert_eq!(
            row[3],
            variable.guide_name.as_deref().map(code).unwrap_or_default()
        );
        let description = match (
            variable.description_in(lang),
            variable.description_in(lang.other()),
        ) {
            (Some(own), _) => own.to_owned(),
            (None, Some(other)) => format!("{} {other}", words.other_language),
            (None, None) => String::new(),
        };
        assert_eq!(row[4], description, "{context}: description");
    }
    for (shown, marked, own, other, what) in [
        (
            &entry.explanation,
            entry.explanation_marked,
            def.explanation_in(lang),
            def.explanation_in(lang.other()),
            "explanation",
        ),
        (
            &entry.action,
            entry.action_marked,
            def.action_in(lang),
            def.action_in(lang.other()),
            "action",
        ),
    ] {
        let expected = own.or(other).map(shown_blocks).unwrap_or_default();
        assert_eq!(shown, &expected, "{context}: {what}");
        assert_eq!(
            marked,
            own.is_none() && other.is_some(),
            "{context}: {what} marker"
        );
    }
    assert_eq!(entry.notes, def.notes, "{context}: notes");
}

#[test]
fn one_page_per_section_and_an_index_per_language() {
    let paths: Vec<PathBuf> = rendered().into_iter().map(|f| f.path).collect();
    let mut expected = vec!["index.md".to_owned(), "index.html".to_owned()];
    for lang in ["en", "ja"] {
        for stem in ["index", "715", "716", "717", "718-719", "720-721"] {
            expected.push(format!("{lang}/{stem}.md"));
            expected.push(format!("{lang}/{stem}.html"));
        }
    }
    expected.push("style.css".to_owned());
    assert_eq!(
        paths,
        expected.iter().map(PathBuf::from).collect::<Vec<_>>()
    );
    let files = rendered();
    let top = &files[0].contents;
    assert!(top.contains("[English](en/index.md)") && top.contains("[日本語](ja/index.md)"));
}

/// The message rows of every table of a page: (id, page linked, cells).
fn message_rows(markdown: &str) -> Vec<(u32, String, Vec<String>)> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, MARKDOWN_OPTIONS).collect();
    let mut rows = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::TableRow) = events[i] {
            let end = end_of(&events, i);
            let destination = events[i..end].iter().find_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            });
            if let Some((page, id)) = destination.as_deref().and_then(|d| d.split_once('#')) {
                let cells = table_rows(&events[i..=end]).remove(0);
                rows.push((
                    id.parse().expect("a message anchor"),
                    page.to_owned(),
                    cells,
                ));
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    rows
}

/// The first sentence of blocks, as the tables summarise them.
fn first_sentence(blocks: &[Block]) -> String {
    let text = match blocks.first() {
        Some(Block::Paragraph(text)) => text.clone(),
        Some(Block::List { list }) => list[0].clone(),
        None => String::new(),
    };
    let cut = [
        text.find('。').map(|i| i + 3),
        text.find(". ").map(|i| i + 1),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(text.len());
    text[..cut].trim().to_owned()
}

#[test]
fn indexes_and_section_tables_list_every_message_with_a_summary() {
    let catalog = catalog();
    let files = rendered();
    let file = |path: &str| {
        &files
            .iter()
            .find(|f| f.path == Path::new(path))
            .unwrap_or_else(|| panic!("{path} is rendered"))
            .contents
    };
    for lang in Lang::ALL {
        let words = labels(lang);
        let index = file(&format!("{}/index.md", lang.code()));
        let other = lang.other().code();
        assert!(
            index.contains(&format!("(../{other}/index.md)")),
            "{lang}: index link"
        );
        let mut linked = BTreeMap::new();
        for (id, page, cells) in message_rows(index) {
            let def = &catalog.get(id).expect("a catalogued message").def;
            assert_eq!(cells[0], id.to_string());
            assert!(cells[1].starts_with(&format!("{} (", def.severity)), "{id}");
            assert_eq!(cells[2], code(&def.name));
            let summary = match (def.explanation_in(lang), def.explanation_in(lang.other())) {
                (Some(own), _) => first_sentence(own),
                (None, Some(other)) => {
                    format!("{} {}", words.not_translated, first_sentence(other))
                }
                (None, None) => String::new(),
            };
            assert_eq!(cells[3].trim(), summary.trim(), "{lang} {id}: summary");
            assert!(linked.insert(id, page).is_none(), "{id} is linked twice");
        }
        assert_eq!(linked.len(), catalog.messages.len());
        for (id, page) in &linked {
            let contents = file(&format!("{}/{page}", lang.code()));
            assert!(
                contents.contains(&format!("\n## {id}\n")),
                "{id} is not on {page}"
            );
            // The section page opens with its own table, linking within the page, before the
            // first message.
            let table_at = contents
                .find(&format!("| [{id}](#{id}) |"))
                .expect("in the table");
            assert!(
                table_at < contents.find("\n## ").unwrap(),
                "{id}: the table comes first"
            );
            let page_link = format!("(../{other}/{page})");
            assert!(
                contents.contains(&page_link),
                "{page}: link to the other language"
            );
        }
    }
}

#[test]
fn html_pages_carry_their_language_and_links_resolve_offline() {
    let files = rendered();
    let by_path: BTreeMap<&Path, &str> = files
        .iter()
        .map(|f| (f.path.as_path(), f.contents.as_str()))
        .collect();
    let href = regex::Regex::new(r#"href="([^"]*)""#).unwrap();
    let html_pages: Vec<&GeneratedFile> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(html_pages.len(), 13);
    for page in &html_pages {
        let (lang, stylesheet) = match page.path.parent().and_then(|p| p.to_str()) {
            Some("ja") => ("ja", "../style.css"),
            Some("en") => ("en", "../style.css"),
            _ => ("en", "style.css"),
        };
        assert!(
            page.contents.contains(&format!("<html lang=\"{lang}\">")),
            "{}",
            page.path.display()
        );
        assert!(page
            .contents
            .contains(&format!(r#"<link rel="stylesheet" href="{stylesheet}">"#)));
        for link in href.captures_iter(&page.contents) {
            let link = &link[1];
            assert!(
                !link.contains(':') && !link.starts_with('/'),
                "{link} is not relative"
            );
            let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if target.is_empty() {
                page.path.clone()
            } else {
                normalise(&page.path.parent().unwrap().join(target))
            };
            let contents = by_path
                .get(target.as_path())
                .unwrap_or_else(|| panic!("{}: {link} goes nowhere", page.path.display()));
            if !fragment.is_empty() {
                assert!(
                    contents.contains(&format!(r#" id="{fragment}""#)),
                    "{}: no anchor {fragment} in {}",
                    page.path.display(),
                    target.display()
                );
            }
        }
    }
    for lang in ["en", "ja"] {
        let index = by_path[Path::new(&format!("{lang}/index.html"))];
        for message in &catalog().messages {
            assert!(index.contains(&format!(r##".html#{}""##, message.def.id)));
        }
        let page = by_path[Path::new(&format!("{lang}/716.html"))];
        let other = if lang == "en" { "ja" } else { "en" };
        assert!(page.contains(&format!(r#"href="../{other}/716.html#716001""#)));
    }
}

/// `en/../ja/716.html` -> `ja/716.html`.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn rendering_is_deterministic() {
    let embedded = ftd_syslog::model::catalog().unwrap();
    let first = docs::render(&embedded, &options());
    assert_eq!(first, docs::render(&embedded, &options()));
    // The same catalog loaded from elsewhere (other file names) gives the same bytes.
    assert_eq!(first, docs::render(&catalog(), &options()));
}

#[test]
fn the_committed_docs_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let stale = docs::check(&committed, &rendered()).unwrap();
    assert!(
        stale.is_empty(),
        "docs/ is stale, regenerate it with `cargo run -p ftd-syslog -- docs --out docs`: {stale:?}"
    );
}

#[test]
fn check_names_modified_missing_and_unexpected_files() {
    let files = rendered();
    let dir = Scratch::new("docs-check");
    let out = dir.0.join("docs");

    let everything_missing = docs::check(&out, &files).unwrap();
    assert_eq!(everything_missing.len(), files.len());
    assert!(everything_missing
        .iter()
        .all(|f| f.staleness == Staleness::Missing));

    let written = docs::write(&out, &files).unwrap();
    assert_eq!(written.len(), files.len());
    assert_eq!(docs::check(&out, &files).unwrap(), []);
    assert_eq!(
        docs::write(&out, &files).unwrap(),
        Vec::<PathBuf>::new(),
        "nothing to rewrite"
    );

    let page = out.join("en/716.md");
    let edited = std::fs::read_to_string(&page)
        .unwrap()
        .replace("716001", "716000");
    std::fs::write(&page, edited).unwrap();
    std::fs::remove_file(out.join("style.css")).unwrap();
    std::fs::write(out.join("ja/old.html"), "<p>old</p>").unwrap();
    std::fs::write(out.join(".gitattributes"), "* text=auto\n").unwrap();

    let stale = |path: &str, staleness| StaleFile {
        path: PathBuf::from(path),
        staleness,
    };
    assert_eq!(
        docs::check(&out, &files).unwrap(),
        [
            stale("en/716.md", Staleness::Modified),
            stale("ja/old.html", Staleness::Unexpected),
            stale("style.css", Staleness::Missing),
        ]
    );

    let rewritten = docs::write(&out, &files).unwrap();
    assert_eq!(
        rewritten,
        [PathBuf::from("en/716.md"), PathBuf::from("style.css")]
    );
    assert_eq!(
        docs::check(&out, &files).unwrap(),
        [stale("ja/old.html", Staleness::Unexpected)],
        "write leaves files it does not produce alone"
    );
}
