//! Integration tests of the `ftd-syslog` command, one binary with a module per topic, each
//! running the command as a real process: its commands and their checks (`catalog`, `checks`,
//! `explain`, `parse`, `parse_details`, `parse_jobs`, `simulate`, `scenarios`, `variants`), delivery
//! (`delivery`; `rsyslog` and `relp` against a real rsyslog), the generated documentation
//! (`docs`), ECS output (`ecs`) and the exports checked by the real tools (`export`,
//! `patterndb`, `grok`). The helpers most of them share are here.

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
mod parse_jobs;
mod patterndb;
mod relp;
mod rsyslog;
mod scenarios;
mod simulate;
mod variants;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `ftd-syslog` command, which cargo builds before these tests.
fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ftd-syslog"))
}

/// Runs the command with `args` and no input.
fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("ftd-syslog runs")
}

/// Runs the command with `args` and `input` on standard input, written from a thread so that a
/// large input cannot deadlock against a full output pipe. The command may stop reading early
/// (a usage error); what it wrote and its status are what a test checks.
fn run_with_input(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ftd-syslog starts");
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("ftd-syslog runs");
    writer.join().expect("the writer thread ends");
    output
}

/// What a run wrote to standard error, as text.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
