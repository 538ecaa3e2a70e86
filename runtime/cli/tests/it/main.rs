//! Integration tests of the `ftd-syslog` command, one binary with a module per topic: each
//! command run as a real process (`catalog`, `parse`, `simulate`), the generated documentation
//! (`docs`), and `simulate` and `parse` against a real rsyslog (`rsyslog`).

mod catalog;
mod checks;
mod delivery;
mod docs;
mod ecs;
mod explain;
mod export;
mod grok;
mod parse;
mod parse_details;
mod patterndb;
mod relp;
mod rsyslog;
mod scenarios;
mod simulate;
mod variants;

use std::path::Path;

/// The `ftd-syslog` command, which cargo builds before these tests.
fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ftd-syslog"))
}
