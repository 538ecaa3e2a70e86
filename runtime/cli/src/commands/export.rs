//! The `export` subcommand: renders the catalog as rules for other log processors (a liblognorm
//! rulebase, a syslog-ng PatternDB, Logstash grok patterns), for the bundled catalog or one
//! loaded from a directory at run time.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use ftd_catalog::export;
use ftd_catalog::Catalog;

use crate::error::{self, CliError};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ftd-syslog export lognorm -o ftd.rulebase       # lognormalizer -r, rsyslog mmnormalize
  ftd-syslog export patterndb -o ftd-patterndb.xml  # syslog-ng db-parser, pdbtool test
  ftd-syslog export grok -o ftd.grok               # Logstash grok patterns_dir")]
pub struct Args {
    /// What to write: lognorm (a liblognorm v2 rulebase), patterndb (a syslog-ng PatternDB with
    /// an example per rule) or grok (Logstash grok patterns)
    #[arg(value_enum, value_name = "FORMAT")]
    format: FormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Export the catalog in this directory of YAML files instead of the bundled one
    /// (PatternDB examples are drawn only for the bundled catalog's messages).
    #[arg(long, value_name = "DIR")]
    catalog: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// A liblognorm v2 rulebase (lognormalizer, rsyslog mmnormalize).
    Lognorm,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let catalog = load(args.catalog.as_deref())?;
    let text = match args.format {
        FormatArg::Lognorm => export::lognorm::rulebase(&catalog),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::io(format!("{}: cannot write: {e}", path.display())))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| CliError::io(format!("standard output: {e}")))?;
        }
    }
    Ok(error::status(false))
}

/// The bundled catalog, or the one in `dir`, validated.
fn load(dir: Option<&std::path::Path>) -> Result<Catalog, CliError> {
    match dir {
        None => ftd_catalog::bundled()
            .map_err(|errors| CliError::data(format!("the bundled catalog is invalid:\n{errors}"))),
        Some(dir) => ftd_catalog::load_dir(dir, &dir.display().to_string()).map_err(|errors| {
            CliError::data(format!(
                "{}: the catalog is invalid:\n{errors}",
                dir.display()
            ))
        }),
    }
}
