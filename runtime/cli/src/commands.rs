//! The commands, one module each: its clap `Args` and `run(args) -> Result<ExitCode, CliError>`.

pub mod catalog;
pub mod docs;
pub mod explain;
pub mod export;
pub mod parse;
pub mod simulate;
pub mod variants;
