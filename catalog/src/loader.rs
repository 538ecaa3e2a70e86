//! Reading catalog files: the only module that touches YAML.

use std::path::{Path, PathBuf};

use crate::error::{CatalogError, CatalogErrors, ErrorKind};
use crate::locate::Locator;
use crate::model::{Catalog, CatalogEntry, CatalogFile, Location, SectionFile};
use crate::validate;

/// The result of loading a catalog: the entries that could be read, and every mistake found.
///
/// Code generation uses the entries even when there are mistakes, so that one bad entry does not
/// hide the types of all the others.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The entries read, sorted by id.
    pub catalog: Catalog,
    /// Every mistake, in file and line order.
    pub errors: Vec<CatalogError>,
}

/// Loads and validates every `*.yaml` file directly inside `dir`.
///
/// `display` is how the directory is named in error messages (`catalog` gives
/// `catalog/716.yaml:42:7: ...`).
pub fn load(dir: &Path, display: &str) -> Loaded {
    match yaml_files(dir) {
        Ok(mut paths) => {
            let english = dir.join(crate::english::ENGLISH_DIR);
            if english.is_dir() {
                match yaml_files(&english) {
                    Ok(more) => paths.extend(more),
                    Err(error) => return unreadable(&english, display, &error),
                }
            }
            load_paths(&paths, display)
        }
        Err(error) => Loaded {
            errors: vec![CatalogError {
                location: Location {
                    file: display.to_owned(),
                    line: 1,
                    column: 1,
                },
                id: None,
                kind: ErrorKind::Io,
                message: format!("cannot read the catalog directory: {error}"),
            }],
            ..Loaded::default()
        },
    }
}

fn unreadable(dir: &Path, display: &str, error: &std::io::Error) -> Loaded {
    Loaded {
        errors: vec![CatalogError {
            location: Location {
                file: display.to_owned(),
                line: 1,
                column: 1,
            },
            id: None,
            kind: ErrorKind::Io,
            message: format!("cannot read {}: {error}", dir.display()),
        }],
        ..Loaded::default()
    }
}

/// Loads and validates catalog files given as `(display name, text)` pairs (for example the
/// copies a generated crate embeds).
pub fn load_sources(sources: &[(&str, &str)]) -> Loaded {
    let mut loaded = Loaded::default();
    for (display, text) in sources {
        load_text(
            &mut loaded,
            (*display).to_owned(),
            PathBuf::from(display),
            (*text).to_owned(),
        );
    }
    finish(&mut loaded);
    loaded
}

/// Loads and validates the given files as one catalog; each is named `display/<file name>`
/// (`display/en/<file name>` for an English file, one in an `en` directory), or by its path as
/// given when `display` is empty.
pub fn load_paths(paths: &[PathBuf], display: &str) -> Loaded {
    let mut loaded = Loaded::default();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_english_dir = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == crate::english::ENGLISH_DIR);
        let file_display = match (display.is_empty(), in_english_dir) {
            (true, _) => path.display().to_string(),
            (false, false) => format!("{}/{name}", display.trim_end_matches('/')),
            (false, true) => format!(
                "{}/{}/{name}",
                display.trim_end_matches('/'),
                crate::english::ENGLISH_DIR
            ),
        };
        match std::fs::read_to_string(path) {
            Ok(text) => load_text(&mut loaded, file_display, path.clone(), text),
            Err(error) => loaded.errors.push(CatalogError {
                location: Location {
                    file: file_display,
                    line: 1,
                    column: 1,
                },
                id: None,
                kind: ErrorKind::Io,
                message: format!("cannot read the file: {error}"),
            }),
        }
    }
    finish(&mut loaded);
    loaded
}

fn finish(loaded: &mut Loaded) {
    loaded.catalog.messages.sort_by_key(|m| m.def.id);
    loaded
        .catalog
        .english_files
        .sort_by(|a, b| a.display.cmp(&b.display));
    crate::english::apply(loaded);
    validate::catalog(loaded);
    crate::english::check(loaded);
    loaded.errors.sort_by(|a, b| {
        (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line))
    });
}

/// Loads and validates a catalog, failing with every mistake found.
pub fn load_dir(dir: &Path, display: &str) -> Result<Catalog, CatalogErrors> {
    let loaded = load(dir, display);
    if loaded.errors.is_empty() {
        Ok(loaded.catalog)
    } else {
        Err(CatalogErrors(loaded.errors))
    }
}

/// The catalog files of a directory, sorted by name.
pub fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Where serde_yaml says `error` is, in the file named `display`.
pub(crate) fn yaml_location(display: &str, error: &serde_yaml::Error) -> Location {
    let (line, column) = error
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    Location {
        file: display.to_owned(),
        line,
        column,
    }
}

fn load_text(loaded: &mut Loaded, display: String, path: PathBuf, text: String) {
    if crate::english::is_english(&display) {
        // Read once every section is loaded: see `finish`.
        loaded.catalog.english_files.push(CatalogFile {
            display,
            path,
            text,
            section: String::new(),
        });
        return;
    }
    let section: SectionFile = match serde_yaml::from_str(&text) {
        Ok(section) => section,
        Err(error) => {
            loaded.errors.push(CatalogError {
                location: yaml_location(&display, &error),
                id: None,
                kind: ErrorKind::Yaml,
                message: yaml_message(&error),
            });
            return;
        }
    };
    let locator = Locator::new(&display, &text);
    for (index, def) in section.messages.iter().enumerate() {
        let range = locator.entry(index);
        loaded.catalog.messages.push(CatalogEntry {
            def: def.clone(),
            section: section.section.clone(),
            location: locator.at(range.start),
            entry: index,
            english: None,
        });
    }
    loaded.catalog.files.push(CatalogFile {
        display,
        path,
        section: section.section,
        text,
    });
}

/// serde_yaml appends "at line L column C" to its messages; the location is reported in front.
pub(crate) fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Writes a section file as YAML (used to draft entries).
///
/// The English text lives in the section's English file (`en/<section>.yaml`), so it is left
/// out here: the result loads back as a section file.
pub fn to_yaml(section: &SectionFile) -> String {
    let mut section = section.clone();
    for def in &mut section.messages {
        def.explanation_en.clear();
        def.action_en.clear();
        for variable in &mut def.variables {
            variable.description_en = None;
        }
    }
    serde_yaml::to_string(&section).expect("the model serialises to YAML")
}

/// Reads a scenario file (see [`crate::scenario`]) and checks its structure; `display` names
/// it in errors (`catalog/scenarios/webvpn-session.yaml:12:5: ...`). Every mistake found is
/// returned, each with its `file:line:column`.
pub fn load_scenario(
    display: &str,
    text: &str,
) -> Result<crate::scenario::Scenario, CatalogErrors> {
    let file_location = Location {
        file: display.to_owned(),
        line: 1,
        column: 1,
    };
    let mut scenario: crate::scenario::Scenario = serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        CatalogErrors(vec![CatalogError {
            location: Location {
                file: display.to_owned(),
                line,
                column,
            },
            id: None,
            kind: ErrorKind::Yaml,
            message: yaml_message(&error),
        }])
    })?;
    scenario.file = display.to_owned();
    crate::scenario::locate(&mut scenario, display, text);
    let errors = scenario.check(&file_location);
    if errors.is_empty() {
        Ok(scenario)
    } else {
        Err(CatalogErrors(errors))
    }
}
