//! The `parse` subcommand.

use std::process::ExitCode;

/// Arguments of `parse`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("ftd-syslog parse: not available yet");
    ExitCode::from(1)
}
