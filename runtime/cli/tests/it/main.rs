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

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// Starts the command with `args`, its standard input and output piped and its standard
/// error the test's: for tests that feed it and read it line by line while it runs.
fn spawn_piped(args: &[&str]) -> Child {
    Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("ftd-syslog starts")
}

/// The peak resident memory of a running process, in KiB (from Linux's `/proc/PID/status`).
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("status"))
        .expect("/proc/PID/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

/// What a run wrote to standard error, as text.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A directory for one test's files (`ftd-syslog-NAME-PID` under the temporary directory):
/// removed at the end, kept (and named on standard error) when the test fails.
#[derive(Debug)]
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ftd-syslog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the scratch directory can be created");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test files kept in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A daemon a test started (rsyslogd, syslog-ng): stopped with SIGTERM when dropped, killed
/// if it has not exited 30 seconds later.
pub(crate) struct Daemon(pub(crate) Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-s", "TERM", &self.0.id().to_string()])
            .status();
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            if !matches!(self.0.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Fails, listing up to ten of them, when a tool read any of `total` lines otherwise than
/// `parse` does (each problem names the line and both readings).
fn assert_read_as_parse_does(problems: &[String], total: usize) {
    assert!(
        problems.is_empty(),
        "{} of {} lines differ, e.g.:\n{}",
        problems.len(),
        total,
        problems[..problems.len().min(10)].join("\n")
    );
}
