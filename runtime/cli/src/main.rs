//! The `ftd-syslog` command: simulate compliant FTD syslog, recognise logs, inspect the catalog,
//! regenerate the documentation.
//!
//! Each command lives in [`commands`] (its clap `Args` and its `run`); value parsers shared by
//! commands in [`args`]; JSON and table output in [`render`]; errors and the exit-code policy
//! (0 ok, 1 data error or I/O failure, 2 usage error) in [`error`].

mod args;
mod commands;
mod error;
mod output;
mod render;
mod signals;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use commands::{catalog, docs, explain, export, parse, simulate, variants};

/// Simulate, recognise and document Cisco FTD/ASA syslog messages 715001-721019.
// The one-line description `--help` starts with (the library's, as it has always been).
#[derive(Debug, Parser)]
#[command(name = "ftd-syslog", version, long_about = None,
          about = "Emit and parse Cisco FTD/ASA syslog messages 715001-721019 as typed Rust values")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  ftd-syslog simulate --count 1000
  ftd-syslog simulate --count 1000 | ftd-syslog parse --stats
  ftd-syslog simulate --scenario webvpn-session --rate 100/s --duration 60s --tcp 127.0.0.1:514
  ftd-syslog parse --strict /var/log/ftd.log
  ftd-syslog catalog 716001
  ftd-syslog explain --lang ja 716001
  ftd-syslog variants /var/log/ftd.log
  ftd-syslog docs --out docs";

// Parsed once per run: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Emit catalog messages with realistic, type-correct values, alone or as scenarios.
    Simulate(simulate::Args),
    /// Recognise log lines (files or stdin) into JSON lines.
    Parse(parse::Args),
    /// List catalog entries or show one.
    Catalog(catalog::Args),
    /// Regenerate (or check) the Markdown and HTML documentation.
    Docs(docs::Args),
    /// Write rules for other log processors: liblognorm, syslog-ng PatternDB, grok.
    Export(export::Args),
    /// Explain log lines or message ids: fields, explanation and recommended action.
    Explain(explain::Args),
    /// Propose catalog templates for the loose lines of logs (files or stdin), as YAML.
    Variants(variants::Args),
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Simulate(_) => "simulate",
            Command::Parse(_) => "parse",
            Command::Catalog(_) => "catalog",
            Command::Docs(_) => "docs",
            Command::Export(_) => "export",
            Command::Explain(_) => "explain",
            Command::Variants(_) => "variants",
        }
    }
}

/// Prints clap's error in the tool's style (`ftd-syslog <command>: error: ...`, user input
/// escaped), or the help or version it stands for, and gives its exit status.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Help and version go where clap sends them, unchanged.
        let _ = error.print();
        return ExitCode::from(if error.use_stderr() {
            error::USAGE
        } else {
            error::OK
        });
    }
    let command = std::env::args().skip(1).find(|arg| {
        [
            "simulate", "parse", "catalog", "docs", "export", "explain", "variants",
        ]
        .contains(&arg.as_str())
    });
    let prefix = command.map_or("ftd-syslog".to_owned(), |c| format!("ftd-syslog {c}"));
    let text = error.to_string();
    let body = text
        .trim_end()
        .strip_prefix("error: ")
        .unwrap_or(text.trim_end());
    // clap ends with a pointer to --help; the tool's own errors say it the same way.
    let body = body
        .trim_end_matches("For more information, try '--help'.")
        .trim_end();
    eprintln!("{prefix}: error: {}", error::printable(body));
    eprintln!("(see `{prefix} --help`)");
    ExitCode::from(error::USAGE)
}

fn main() -> ExitCode {
    // The policy is shared with the module docs of `error`, so it is added here rather than
    // written into the attribute.
    let matches = match Cli::command()
        .after_help(format!("{EXAMPLES}\n\n{}", error::POLICY))
        .try_get_matches()
    {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let name = cli.command.name();
    let outcome = match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Catalog(args) => catalog::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Export(args) => export::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Variants(args) => variants::run(args),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!(
            "ftd-syslog {name}: error: {}",
            error::printable(&error.message)
        );
        if error.is_usage() {
            eprintln!("(see `ftd-syslog {name} --help`)");
        }
        ExitCode::from(error.code)
    })
}
