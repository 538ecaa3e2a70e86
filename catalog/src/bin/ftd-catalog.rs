//! Maintainer tool for the catalog: validate it, print it as JSON, draft entries from the guide.
//!
//! ```text
//! ftd-catalog check [DIR|FILE...]    validate a catalog (default: the bundled one) or some files
//! ftd-catalog drift [DIR|FILE...]    compare a catalog with the bundled guide
//! ftd-catalog json [DIR]             one JSON object per message
//! ftd-catalog draft OUT_DIR [ID...]  draft entries from the guide's text (all, or the ids given)
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use ftd_catalog::model::{MessageDef, SectionFile};
use ftd_catalog::source;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = |i: usize| {
        args.get(i)
            .map(PathBuf::from)
            .unwrap_or_else(ftd_catalog::bundled_dir)
    };
    match args.first().map(String::as_str) {
        Some("check") => {
            let loaded = load_args(&args[1..]);
            for error in &loaded.errors {
                eprintln!("{error}");
            }
            println!(
                "{} messages, {} errors",
                loaded.catalog.messages.len(),
                loaded.errors.len()
            );
            if loaded.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("drift") => {
            let loaded = load_args(&args[1..]);
            let differences = ftd_catalog::drift::check(&loaded.catalog, ftd_catalog::GUIDE_TEXT);
            let ids: std::collections::HashSet<u32> =
                loaded.catalog.messages.iter().map(|m| m.def.id).collect();
            let mut shown = 0;
            for difference in &differences {
                // Checking some files only: entries of other files are not missing.
                if args.len() > 1 && difference.field == "missing" && !ids.contains(&difference.id)
                {
                    continue;
                }
                println!("{difference}");
                shown += 1;
            }
            let checked = ftd_catalog::drift::checked(&loaded.catalog);
            println!(
                "{shown} differences over {checked} entries ({} not in the Japanese guide, skipped)",
                loaded.catalog.messages.len() - checked
            );
            if shown == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("json") => match ftd_catalog::load_dir(&dir(1), &dir(1).display().to_string()) {
            Ok(catalog) => {
                print!("{}", catalog.to_json_lines());
                ExitCode::SUCCESS
            }
            Err(errors) => {
                eprintln!("{errors}");
                ExitCode::FAILURE
            }
        },
        Some("draft") if args.len() >= 2 => draft(&PathBuf::from(&args[1]), &args[2..]),
        _ => {
            eprintln!("usage: ftd-catalog check [DIR|FILE...] | drift [DIR|FILE...] | json [DIR] | draft OUT_DIR [ID...]");
            ExitCode::from(2)
        }
    }
}

/// Loads the directory or the files named, or the bundled catalog.
fn load_args(args: &[String]) -> ftd_catalog::Loaded {
    match args {
        [] => ftd_catalog::load(&ftd_catalog::bundled_dir(), "catalog"),
        [dir] if std::path::Path::new(dir).is_dir() => ftd_catalog::load(dir.as_ref(), dir),
        files => {
            let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
            ftd_catalog::load_paths(&paths, "")
        }
    }
}

/// Writes one YAML file per section of the guide, with the guide's own text filled in and the
/// message body as the only template; names, templates and variables are left to the transcriber.
fn draft(out: &std::path::Path, only: &[String]) -> ExitCode {
    let guide = source::extract(ftd_catalog::GUIDE_TEXT);
    for problem in &guide.problems {
        eprintln!("guide: {problem}");
    }
    let wanted: Vec<u32> = only.iter().filter_map(|s| s.parse().ok()).collect();
    let mut files: Vec<(String, SectionFile)> = Vec::new();
    for section in &guide.sections {
        let digits: String = section
            .title
            .chars()
            .filter(char::is_ascii_digit)
            .take(3)
            .collect();
        files.push((
            digits,
            SectionFile {
                section: section.title.clone(),
                messages: Vec::new(),
            },
        ));
    }
    for entry in &guide.entries {
        if !wanted.is_empty() && !wanted.contains(&entry.id) {
            continue;
        }
        let Some(index) = guide.sections.iter().rposition(|s| s.line < entry.line) else {
            continue;
        };
        let body = source::split_tag(&entry.text, entry.id)
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        let mut notes: Vec<String> = entry
            .headings
            .iter()
            .map(|h| format!("The guide prints the heading '{h}' above this entry."))
            .collect();
        notes.extend(
            entry
                .label_faults
                .iter()
                .map(|f| format!("{}.", capitalise(f))),
        );
        files[index].1.messages.push(MessageDef {
            id: entry.id,
            severity: entry.severity,
            name: format!("message_{}", entry.id),
            guide: entry.text.clone(),
            in_ja_guide: true,
            ike_context: false,
            templates: vec![ftd_catalog::Template {
                text: body.replace('{', "{{").replace('}', "}}"),
                source: ftd_catalog::TemplateSource::JaGuide,
                note: None,
            }],
            variables: Vec::new(),
            explanation: entry.explanation.clone(),
            action: entry.action.clone(),
            explanation_en: Vec::new(),
            action_en: Vec::new(),
            notes,
        });
    }
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("{}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    for (digits, file) in files {
        if file.messages.is_empty() {
            continue;
        }
        let path = out.join(format!("{digits}.yaml"));
        let text = ftd_catalog::to_yaml(&file);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}: {} entries", path.display(), file.messages.len());
    }
    ExitCode::SUCCESS
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
