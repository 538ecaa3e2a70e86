//! The `docs` subcommand: writes the Markdown and HTML documentation of the bundled catalog, or
//! checks that a directory holds exactly what the catalog produces.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ftd_catalog::docs::{self, Staleness};

use crate::error::{self, CliError};

/// Arguments of `docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The documentation directory: Markdown pages at the top, their HTML rendering in `html/`.
    #[arg(long, value_name = "DIR", default_value = "docs")]
    out: PathBuf,
    /// Write nothing; name each file of DIR that is missing, differs from what the catalog
    /// produces, or is not produced by it, and exit 1 if there is any.
    #[arg(long)]
    check: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let catalog = ftd_syslog::model::catalog()
        .map_err(|errors| CliError::data(format!("the bundled catalog is invalid:\n{errors}")))?;
    let files = docs::render(&catalog);
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
