//! The `ftd-syslog` command: simulate compliant FTD syslog, recognise logs, inspect the catalog,
//! regenerate the documentation.
//!
//! Exit codes: 0 success, 1 data error (unrecognised lines with `--strict`, lost messages,
//! stale docs...), 2 usage error.

mod catalog_cmd;
mod docs_cmd;
mod parse_cmd;
mod simulate_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Simulate, recognise and document Cisco FTD/ASA syslog messages 715001-721019.
#[derive(Debug, Parser)]
#[command(name = "ftd-syslog", version, about, long_about = None, after_help = EXAMPLES)]
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
  ftd-syslog docs --out docs";

// Parsed once per run: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Emit catalog messages with realistic, type-correct values, alone or as scenarios.
    Simulate(simulate_cmd::Args),
    /// Recognise log lines (files or stdin) into JSON lines.
    Parse(parse_cmd::Args),
    /// List catalog entries or show one.
    Catalog(catalog_cmd::Args),
    /// Regenerate (or check) the Markdown and HTML documentation.
    Docs(docs_cmd::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => simulate_cmd::run(args),
        Command::Parse(args) => parse_cmd::run(args),
        Command::Catalog(args) => catalog_cmd::run(args),
        Command::Docs(args) => docs_cmd::run(args),
    }
}
