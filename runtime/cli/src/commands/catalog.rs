//! The `catalog` subcommand: lists the catalog's entries, or shows entries in full (the guide's
//! text, wire templates, typed variables, explanation, recommended action); `--json` prints the
//! catalog model, one object per message.

use std::io::Write as _;
use std::process::ExitCode;

use ftd_catalog::{Catalog, CatalogEntry};

use crate::args::{self, IdRange};
use crate::error::{self, CliError};
use crate::render::catalog::{describe, summarise};

const EXAMPLES: &str = "Examples:
  ftd-syslog catalog                        one line per message: id, severity, name, guide text
  ftd-syslog catalog 716001                 everything about 716001
  ftd-syslog catalog 716001 716002          several entries in full
  ftd-syslog catalog 718xxx                 the 718xxx messages, one line each
  ftd-syslog catalog --min-severity error   the messages at least as severe as error
  ftd-syslog catalog --json | jq -r .name   one JSON object per message

Exit status: 0 when something was shown, 1 when an id is not in the catalog, 2 on a usage
error.";

/// Arguments of `catalog`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Message ids (shown in full) or ranges like 716000-716099 or 716xxx (listed); default:
    /// every message, listed.
    #[arg(value_parser = args::id_or_range, value_name = "ID|RANGE")]
    selection: Vec<IdRange>,
    /// Only messages at least this severe: 0-7 or a name (error, warning, notice...).
    #[arg(long, value_parser = args::severity, value_name = "LEVEL")]
    min_severity: Option<u8>,
    /// Print the catalog model as JSON, one object per message per line.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let catalog = ftd_syslog::model::catalog().map_err(|errors| {
        CliError::data(format!("the bundled catalog does not load:\n{errors}"))
    })?;
    let missing = missing(&catalog, &args.selection);
    let selected: Vec<&CatalogEntry> = catalog
        .messages
        .iter()
        .filter(|m| {
            args.selection.is_empty() || args.selection.iter().any(|r| r.contains(m.def.id))
        })
        .filter(|m| {
            args.min_severity
                .is_none_or(|level| m.def.severity <= level)
        })
        .collect();
    let full = !args.selection.is_empty() && args.selection.iter().all(|r| r.first == r.last);
    let out = render(&selected, args.json, full)?;
    let written = std::io::stdout().lock().write_all(out.as_bytes());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(CliError::io(format!(
                "cannot write to standard output: {error}"
            )));
        }
    }
    for problem in &missing {
        eprintln!("ftd-syslog catalog: {problem} (try `ftd-syslog catalog` for the list)");
    }
    if missing.is_empty() && selected.is_empty() {
        eprintln!("ftd-syslog catalog: no message matches");
    }
    Ok(error::status(!missing.is_empty() || selected.is_empty()))
}

/// What the selection names that the catalog does not have, in words.
fn missing(catalog: &Catalog, selection: &[IdRange]) -> Vec<String> {
    selection
        .iter()
        .filter(|range| !catalog.messages.iter().any(|m| range.contains(m.def.id)))
        .map(|range| {
            if range.first == range.last {
                format!("{} is not in the catalog", range.first)
            } else {
                format!("no message in {}-{}", range.first, range.last)
            }
        })
        .collect()
}

/// The selected entries as JSON lines, in full, or one line each.
fn render(selected: &[&CatalogEntry], json: bool, full: bool) -> Result<String, CliError> {
    let mut out = String::new();
    for message in selected {
        if json {
            let line = serde_json::to_string(message).map_err(|error| {
                CliError::data(format!("{} does not serialise: {error}", message.def.id))
            })?;
            out.push_str(&line);
            out.push('\n');
        } else if full {
            if !out.is_empty() {
                out.push('\n');
            }
            describe(&mut out, message);
        } else {
            summarise(&mut out, message);
        }
    }
    Ok(out)
}
