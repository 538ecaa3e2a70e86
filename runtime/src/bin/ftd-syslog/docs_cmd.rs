//! The `docs` subcommand.

use std::process::ExitCode;

/// Arguments of `docs`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("ftd-syslog docs: not available yet");
    ExitCode::from(1)
}
