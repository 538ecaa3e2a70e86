//! The `simulate` subcommand.

use std::process::ExitCode;

/// Arguments of `simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("ftd-syslog simulate: not available yet");
    ExitCode::from(1)
}
