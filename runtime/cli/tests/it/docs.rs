//! The generated documentation: read back with pulldown-cmark, it gives every message's id,
//! severity, wire formats and texts as the catalog has them; it is deterministic; its HTML
//! links resolve offline; the committed copy is current; `check` finds stale files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ftd_catalog::docs::{self, GeneratedFile, StaleFile, Staleness, MARKDOWN_OPTIONS};
use ftd_catalog::{Block, Catalog};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The bundled catalog, loaded from its directory (independently of the copy embedded in the
/// library, which the documentation is rendered from).
fn catalog() -> Catalog {
    ftd_catalog::load_dir(&ftd_catalog::bundled_dir(), "catalog").expect("the catalog loads")
}

fn rendered() -> Vec<GeneratedFile> {
    docs::render(&ftd_syslog::model::catalog().expect("the embedded catalog loads"))
}

fn markdown_pages(files: &[GeneratedFile]) -> impl Iterator<Item = &GeneratedFile> {
    files.iter().filter(|f| {
        f.path.extension().is_some_and(|e| e == "md") && f.path != Path::new("index.md")
    })
}

/// What a message's entry says, as read back from the Markdown.
#[derive(Debug, Default, PartialEq)]
struct Entry {
    id: u32,
    severity: Option<u8>,
    name: Option<String>,
    /// The lines of the "Wire format" and "Also accepted" code blocks.
    wire_formats: Vec<String>,
    guide: Option<String>,
    /// Cells of the variables table: name, type, name in the guide, description.
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

/// Reads the entries of a section page back.
fn entries(markdown: &str) -> Vec<Entry> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, MARKDOWN_OPTIONS).collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut label = String::new();
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
                let is_label = matches!(
                    inner,
                    [
                        Event::Start(Tag::Strong),
                        Event::Text(_),
                        Event::End(TagEnd::Strong)
                    ]
                );
                if is_label {
                    label = text;
                } else if let Some(rest) = text.strip_prefix("Severity: ") {
                    let (severity, name) =
                        rest.split_once(" · Name: ").expect("severity, then name");
                    let severity = severity.split(' ').next().unwrap();
                    entry.severity = Some(severity.parse().expect("a numeric severity"));
                    entry.name = Some(name.trim_matches('`').to_owned());
                } else if label == "Explanation" {
                    entry.explanation.push(Block::Paragraph(text));
                } else if label == "Recommended action" {
                    entry.action.push(Block::Paragraph(text));
                }
            }
            Tag::CodeBlock(_) => {
                let text = plain_text(inner);
                let lines = text.lines().map(str::to_owned);
                match label.as_str() {
                    "Wire format" | "Also accepted" => entry.wire_formats.extend(lines),
                    "As printed in the guide" => {
                        entry.guide = Some(text.trim_end_matches('\n').to_owned())
                    }
                    other => panic!("{}: a code block under {other:?}", entry.id),
                }
            }
            Tag::List(_) => {
                let mut items = Vec::new();
                list_items(inner, "", &mut items);
                match label.as_str() {
                    "Explanation" => entry.explanation.push(Block::List { list: items }),
                    "Recommended action" => entry.action.push(Block::List { list: items }),
                    "Notes" => entry.notes.extend(items),
                    other => panic!("{}: a list under {other:?}", entry.id),
                }
            }
            Tag::Table(_) => {
                assert_eq!(label, "Variables", "{}: a table under {label:?}", entry.id);
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
    let mut seen = BTreeMap::new();
    for page in markdown_pages(&files) {
        for entry in entries(&page.contents) {
            let message = catalog.get(entry.id).unwrap_or_else(|| {
                panic!(
                    "{}: {} is not in the catalog",
                    page.path.display(),
                    entry.id
                )
            });
            let def = &message.def;
            let context = format!("{} in {}", def.id, page.path.display());

            assert_eq!(entry.severity, Some(def.severity), "{context}: severity");
            assert_eq!(
                entry.name.as_deref(),
                Some(def.name.as_str()),
                "{context}: name"
            );
            let wire_formats: Vec<String> = def
                .templates
                .iter()
                .map(|template| format!("%FTD-{}-{}: {template}", def.severity, def.id))
                .collect();
            assert_eq!(entry.wire_formats, wire_formats, "{context}: wire formats");
            assert_eq!(
                entry.guide.as_deref(),
                Some(def.guide.as_str()),
                "{context}: guide text"
            );

            assert_eq!(
                entry.variables.len(),
                def.variables.len(),
                "{context}: variables"
            );
            for (row, variable) in entry.variables.iter().zip(&def.variables) {
                assert_eq!(row[0], code(&variable.name), "{context}: variable name");
                assert!(
                    row[1].starts_with(&code(&variable.ty)),
                    "{context}: type of {}",
                    variable.name
                );
                for value in &variable.values {
                    assert!(
                        row[1].contains(&code(value)),
                        "{context}: value {value:?} of {}",
                        variable.name
                    );
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
                assert_eq!(
                    row[4],
                    variable.description.clone().unwrap_or_default(),
                    "{context}: description"
                );
            }

            assert_eq!(
                entry.explanation,
                shown_blocks(&def.explanation),
                "{context}: explanation"
            );
            assert_eq!(entry.action, shown_blocks(&def.action), "{context}: action");
            assert_eq!(entry.notes, def.notes, "{context}: notes");

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
    assert_eq!(documented, catalogued, "every message is documented");
}

#[test]
fn one_page_per_section_and_an_index() {
    let paths: Vec<PathBuf> = rendered().into_iter().map(|f| f.path).collect();
    let expected = [
        "index.md",
        "715.md",
        "716.md",
        "717.md",
        "718-719.md",
        "720-721.md",
        "html/index.html",
        "html/715.html",
        "html/716.html",
        "html/717.html",
        "html/718-719.html",
        "html/720-721.html",
        "html/style.css",
    ];
    assert_eq!(paths, expected.map(PathBuf::from));
}

#[test]
fn the_index_links_every_message_with_its_severity() {
    let catalog = catalog();
    let files = rendered();
    let index = &files
        .iter()
        .find(|f| f.path == Path::new("index.md"))
        .unwrap()
        .contents;
    let events: Vec<Event<'_>> = Parser::new_ext(index, MARKDOWN_OPTIONS).collect();
    let mut linked = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::TableRow) = events[i] {
            let end = end_of(&events, i);
            let destination = events[i..end].iter().find_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            });
            if let Some((page, id)) = destination.as_deref().and_then(|d| d.split_once('#')) {
                let cells = table_rows(&events[i..=end]);
                let id: u32 = id.parse().expect("a message anchor");
                assert_eq!(cells[0][0], id.to_string());
                let severity = catalog.get(id).expect("a catalogued message").def.severity;
                assert!(
                    cells[0][1].starts_with(&format!("{severity} (")),
                    "{id}: severity in the index"
                );
                assert!(
                    linked.insert(id, page.to_owned()).is_none(),
                    "{id} is linked twice"
                );
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    assert_eq!(linked.len(), catalog.messages.len());
    for (id, page) in &linked {
        let page = files
            .iter()
            .find(|f| f.path == Path::new(page))
            .expect("the linked page exists");
        assert!(
            page.contents.contains(&format!("\n## {id}\n")),
            "{id} is not on {}",
            page.path.display()
        );
    }
}

#[test]
fn html_links_resolve_offline() {
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
    assert_eq!(html_pages.len(), 6);
    let index = by_path[Path::new("html/index.html")];
    for page in &html_pages {
        assert!(page
            .contents
            .contains(r#"<link rel="stylesheet" href="style.css">"#));
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
                page.path.parent().unwrap().join(target)
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
    for message in &catalog().messages {
        assert!(
            index.contains(&format!(r##".html#{}""##, message.def.id)),
            "the HTML index does not link {}",
            message.def.id
        );
    }
    for page in html_pages
        .iter()
        .filter(|p| !p.path.ends_with("index.html"))
    {
        assert!(index.contains(&format!(
            r#"href="{}""#,
            page.path.file_name().unwrap().to_string_lossy()
        )));
    }
}

#[test]
fn rendering_is_deterministic() {
    let embedded = ftd_syslog::model::catalog().unwrap();
    let first = docs::render(&embedded);
    assert_eq!(first, docs::render(&embedded));
    // The same catalog loaded from elsewhere (other file names) gives the same bytes.
    assert_eq!(first, docs::render(&catalog()));
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

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("ftd-syslog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_names_modified_missing_and_unexpected_files() {
    let files = rendered();
    let dir = TempDir::new("docs-check");
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

    let page = out.join("716.md");
    let edited = std::fs::read_to_string(&page)
        .unwrap()
        .replace("716001", "716000");
    std::fs::write(&page, edited).unwrap();
    std::fs::remove_file(out.join("html/style.css")).unwrap();
    std::fs::write(out.join("html/old.html"), "<p>old</p>").unwrap();
    std::fs::write(out.join(".gitattributes"), "* text=auto\n").unwrap();

    let stale = |path: &str, staleness| StaleFile {
        path: PathBuf::from(path),
        staleness,
    };
    assert_eq!(
        docs::check(&out, &files).unwrap(),
        [
            stale("716.md", Staleness::Modified),
            stale("html/old.html", Staleness::Unexpected),
            stale("html/style.css", Staleness::Missing),
        ]
    );

    let rewritten = docs::write(&out, &files).unwrap();
    assert_eq!(
        rewritten,
        [PathBuf::from("716.md"), PathBuf::from("html/style.css")]
    );
    assert_eq!(
        docs::check(&out, &files).unwrap(),
        [stale("html/old.html", Staleness::Unexpected)],
        "write leaves files it does not produce alone"
    );
}
