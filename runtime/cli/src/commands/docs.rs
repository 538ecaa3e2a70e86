//! The `docs` subcommand: writes the Markdown and HTML documentation of the bundled catalog, in
//! English and Japanese, or checks that a directory holds exactly what the catalog produces.
//! The example line of each message is drawn here, by the generated types, with a fixed seed
//! per message, so that the pages are deterministic.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ftd_catalog::docs::{self, Examples, Staleness};
use ftd_catalog::Lang;
use ftd_syslog::{Message, RandomValues};

use crate::error::{self, CliError};

/// Arguments of `docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The documentation directory: `index.md`, and per language `en/` and `ja/` with the
    /// Markdown pages and their HTML rendering side by side.
    #[arg(long, value_name = "DIR", default_value = "docs")]
    out: PathBuf,
    /// The languages to write.
    #[arg(long, value_enum, default_value = "both")]
    lang: Langs,
    /// Write nothing; name each file of DIR that is missing, differs from what the catalog
    /// produces, or is not produced by it, and exit 1 if there is any.
    #[arg(long)]
    check: bool,
}

/// The languages of `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Langs {
    /// English only.
    En,
    /// Japanese only.
    Ja,
    /// Both.
    Both,
}

impl Langs {
    fn list(self) -> Vec<Lang> {
        match self {
            Langs::En => vec![Lang::En],
            Langs::Ja => vec![Lang::Ja],
            Langs::Both => Lang::ALL.to_vec(),
        }
    }
}

/// An example line per catalogued message, drawn with the message id as the seed (so that a
/// message's example does not change when others are added).
pub fn examples() -> Examples {
    ftd_syslog::MESSAGES
        .iter()
        .filter_map(|info| {
            let message = Message::draw(info.id, &mut RandomValues::new(u64::from(info.id)))?;
            Some((
                info.id,
                format!("%FTD-{}-{}: {message}", info.severity, info.id),
            ))
        })
        .collect()
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let catalog = ftd_syslog::model::catalog()
        .map_err(|errors| CliError::data(format!("the bundled catalog is invalid:\n{errors}")))?;
    let options = docs::Options {
        langs: args.lang.list(),
        examples: examples(),
    };
    let files = docs::render(&catalog, &options);
    let outcome = if args.check {
        check(&args.out, &files)
    } else {
        write(&args.out, &files)
    };
    outcome.map_err(|error| CliError::io(error.to_string()))
}

fn check(out: &Path, files: &[docs::GeneratedFile]) -> std::io::Result<ExitCode> {
    let stale = docs::check(out, files)?;
    if stale.is_empty() {
        eprintln!("{}: up to date ({} files)", out.display(), files.len());
        return Ok(error::status(false));
    }
    for file in &stale {
        println!("{}: {}", out.join(&file.path).display(), file.staleness);
    }
    let outdated = stale.iter().any(|f| f.staleness != Staleness::Unexpected);
    let unexpected = stale.iter().any(|f| f.staleness == Staleness::Unexpected);
    let remedy = match (outdated, unexpected) {
        (true, false) => format!("regenerate with `ftd-syslog docs --out {}`", out.display()),
        (true, true) => format!(
            "regenerate with `ftd-syslog docs --out {}` and remove the files the catalog does not produce",
            out.display()
        ),
        _ => "remove the files the catalog does not produce".to_owned(),
    };
    eprintln!(
        "ftd-syslog docs: {} stale file{} in {}; {remedy}",
        stale.len(),
        if stale.len() == 1 { "" } else { "s" },
        out.display()
    );
    Ok(error::status(true))
}

fn write(out: &Path, files: &[docs::GeneratedFile]) -> std::io::Result<ExitCode> {
    let written = docs::write(out, files)?;
    eprintln!(
        "{}: {} of {} files written, {} already up to date",
        out.display(),
        written.len(),
        files.len(),
        files.len() - written.len()
    );
    // Files the catalog does not produce are not deleted, since the directory is the user's;
    // they are named, so that they can be removed and `--check` passes.
    let unexpected: Vec<_> = docs::check(out, files)?
        .into_iter()
        .filter(|file| file.staleness == Staleness::Unexpected)
        .collect();
    if unexpected.is_empty() {
        return Ok(error::status(false));
    }
    for file in &unexpected {
        println!("{}: {}", out.join(&file.path).display(), file.staleness);
    }
    eprintln!("ftd-syslog docs: remove the files above; the catalog does not produce them");
    Ok(error::status(true))
}
