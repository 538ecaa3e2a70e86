//! Markdown and HTML documentation generated from a catalog.
//!
//! The documentation mirrors the guide: an index and one page per section of the guide, each
//! message with its severity, wire format and accepted variants, typed variables, explanation,
//! recommended action and notes. Every file is a pure function of the catalog, so a committed
//! copy can be compared byte for byte with what the catalog produces.
//!
//! - [`render`] produces the files: a top `index.md` linking the languages, and per language
//!   (`en/`, `ja/`) an index and one page per section (`716.md`, `718-719.md`), each beside its
//!   HTML rendering (`716.html`, `<html lang="en">`), and the one stylesheet `style.css`. Each
//!   page and each message links to its version in the other language; text not written in a
//!   page's language is shown in the other one, marked (`(not yet translated)`).
//! - [`write()`] stores them in a directory; [`check`] names the files of a directory that are
//!   missing, differ, or are not produced by the catalog.
//!
//! Each message is a level-2 heading whose text is its id, so `en/716.md#716001` and
//! `en/716.html#716001` are stable anchors. Wire formats are shown inside code in the catalog's
//! template notation: `{name}` is a variable, `{<name>}` a variable that newer software encloses
//! in angle brackets, `{{` and `}}` are literal braces; the HTML also marks the variables up.
//! The HTML pages link each other relatively and share one stylesheet, so they work offline.
//!
//! The Markdown is written by `markdown`, the HTML by `html`; this module owns the file set,
//! writing it and checking a directory against it.
//!
//! ```
//! let catalog = ftd_catalog::bundled().expect("the bundled catalog loads");
//! let files = ftd_catalog::docs::render(&catalog, &ftd_catalog::docs::Options::default());
//! assert!(files.iter().any(|f| f.path.ends_with("en/716.md") && f.contents.contains("\n## 716001\n")));
//! ```

mod html;
mod markdown;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::Options as MarkdownOptions;

use crate::model::{Catalog, CatalogEntry, Lang};

/// The Markdown extensions the pages use; a reader of the Markdown must enable them too.
pub const MARKDOWN_OPTIONS: MarkdownOptions = MarkdownOptions::ENABLE_TABLES;

/// The info string of code blocks in the template notation; the HTML marks their variables.
pub(crate) const TEMPLATE_INFO: &str = "ftd-template";

/// The info string of other code blocks.
pub(crate) const TEXT_INFO: &str = "text";

/// The stem of the index page (`index.md`, `html/index.html`).
pub(crate) const INDEX_STEM: &str = "index";

/// Marks every Markdown page as generated (an HTML comment, invisible once rendered).
pub(crate) const GENERATED_NOTICE: &str =
    "<!-- Generated from the catalog by `ftd-syslog docs`; edit the catalog, not this file. -->\n\n";

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

/// What to render besides the catalog: the languages, and an example line per message.
#[derive(Debug, Clone)]
pub struct Options {
    /// The languages to write, each under its own directory (`en/`, `ja/`).
    pub langs: Vec<Lang>,
    /// An example line per message id, shown with the message (drawn by the caller, which can
    /// run the generated types; the pages stay a pure function of catalog and options).
    pub examples: Examples,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            langs: Lang::ALL.to_vec(),
            examples: Examples::new(),
        }
    }
}

/// Example lines by message id.
pub type Examples = BTreeMap<u32, String>;

/// Renders the documentation of `catalog`: the top index (`index.md`, `index.html`), the
/// stylesheet (`style.css`), and per language `<lang>/index.md` and one page per section, each
/// also rendered as HTML beside it.
pub fn render(catalog: &Catalog, options: &Options) -> Vec<GeneratedFile> {
    let sections = sections(catalog);
    let site_title = index_title(catalog);
    let mut files = Vec::new();
    let top = Page {
        stem: INDEX_STEM.to_owned(),
        title: site_title.clone(),
        markdown: markdown::top_index(catalog, &options.langs),
        lang: Lang::En,
        depth: 0,
    };
    files.push(markdown_file(Path::new(""), &top));
    files.push(html_file(Path::new(""), &top, &site_title));
    for lang in &options.langs {
        let dir = Path::new(lang.code());
        let mut pages = vec![Page {
            stem: INDEX_STEM.to_owned(),
            title: site_title.clone(),
            markdown: markdown::index(catalog, &sections, *lang),
            lang: *lang,
            depth: 1,
        }];
        pages.extend(sections.iter().map(|section| Page {
            stem: section.stem.clone(),
            title: section.title(),
            markdown: markdown::section(section, *lang, &options.examples),
            lang: *lang,
            depth: 1,
        }));
        for page in &pages {
            files.push(markdown_file(dir, page));
            files.push(html_file(dir, page, &site_title));
        }
    }
    files.push(GeneratedFile {
        path: PathBuf::from(html::STYLESHEET),
        contents: html::STYLESHEET_CSS.to_owned(),
    });
    files
}

fn markdown_file(dir: &Path, page: &Page) -> GeneratedFile {
    GeneratedFile {
        path: dir.join(format!("{}.md", page.stem)),
        contents: page.markdown.clone(),
    }
}

fn html_file(dir: &Path, page: &Page, site_title: &str) -> GeneratedFile {
    GeneratedFile {
        path: dir.join(format!("{}.html", page.stem)),
        contents: html::page(page, site_title),
    }
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
pub(crate) struct Page {
    /// The file stem (`index`, `716`).
    stem: String,
    /// The page's title (its level-1 heading).
    title: String,
    markdown: String,
    /// The language of the page.
    lang: Lang,
    /// How many directories below the documentation's top the page is (for the stylesheet).
    depth: usize,
}

/// A section of the guide, documented on one page.
pub(crate) struct Section<'a> {
    /// The guide's heading of the section (`メッセージ 716001～ 716603`).
    heading: &'a str,
    /// The page's file stem (`716`, `718-719`).
    stem: String,
    /// The messages, in id order (never empty).
    messages: Vec<&'a CatalogEntry>,
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
    let mut messages: Vec<&CatalogEntry> = catalog.messages.iter().collect();
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
