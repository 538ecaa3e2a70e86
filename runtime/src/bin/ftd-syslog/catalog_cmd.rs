//! The `catalog` subcommand.

use std::process::ExitCode;

/// Arguments of `catalog`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("ftd-syslog catalog: not available yet");
    ExitCode::from(1)
}
