//! Regression tests of option checking and bounded resources: forged headers, weights, start
//! times, `--max-sessions`, escaped error messages, the error style, `parse --stats` over a
//! million distinct ids and deeply nested scenario files.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{binary, run, stderr};

fn rejected(args: &[&str], says: &str) {
    let output = run(args);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
    assert!(text.contains(says), "{args:?}: {text}");
    assert!(
        text.starts_with(&format!("ftd-syslog {}: error: ", args[0])),
        "{args:?}: {text}"
    );
}

#[test]
fn a_device_id_cannot_forge_a_header() {
    rejected(
        &["simulate", "--device-id", "%FTD-0-715001:"],
        "a device id is",
    );
    rejected(&["simulate", "--device-id", "fw 1"], "a device id is");
    rejected(
        &["simulate", "--device-id", &"a".repeat(256)],
        "a device id is",
    );
    for good in ["fw1", "fw-1.example.net", "2001:db8::1", "fw_1"] {
        let output = run(&["simulate", "--device-id", good, "-n", "1", "-q"]);
        assert!(output.status.success(), "{good}: {}", stderr(&output));
    }
}

#[test]
fn weights_are_checked_like_ids() {
    rejected(
        &["simulate", "--weights", "999999=1"],
        "999999 is not in the catalog",
    );
    rejected(
        &["simulate", "--weights", "716xxx=1e308"],
        "the weight must be",
    );
    let output = run(&[
        "simulate",
        "--ids",
        "716001",
        "--weights",
        "716002=3",
        "-n",
        "1",
    ]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("warning: --weights names 716002"));
}

#[test]
fn start_times_stay_within_four_digit_years_and_sessions_are_positive() {
    rejected(&["simulate", "--start", "10000-01-01T00:00:00Z"], "--start");
    rejected(
        &["simulate", "--start", "253402300800"],
        "9999-12-31T23:59:59Z",
    );
    rejected(&["simulate", "--max-sessions", "0"], "1 or more");
}

#[test]
fn error_messages_escape_control_characters() {
    let output = run(&["simulate", "--scenario", "x\u{1b}[31m\r\u{7}"]);
    let text = stderr(&output);
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
    assert!(text.contains("\\u{1b}[31m\\r"), "{text:?}");
}

#[test]
fn catalog_says_an_id_or_a_range_is_expected() {
    rejected(
        &["catalog", "foo"],
        "expected a message id like 716001 or a range",
    );
}

#[test]
fn count_help_shows_its_default() {
    let output = run(&["simulate", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("[default: 100 random lines"), "{help}");
}

#[test]
fn parse_stats_stays_small_over_a_million_distinct_ids() {
    let mut child = Command::new(binary())
        .args(["parse", "--stats=json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut text = String::with_capacity(20_000_000);
        for id in 0..1_000_000u32 {
            text.push_str(&format!("%FTD-6-{id:06}: x\n"));
        }
        input.write_all(text.as_bytes()).unwrap();
    });
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success());
    assert!(started.elapsed() < Duration::from_secs(60));
    let stats: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    let ids = stats["ids"].as_array().unwrap();
    // The catalogued ids and the 20 largest others; the rest in one bucket.
    let others = ids.iter().filter(|i| i.get("name").is_none()).count();
    assert!(others <= 20, "{others} ids outside the catalog listed");
    let listed: u64 = ids.iter().map(|i| i["lines"].as_u64().unwrap()).sum();
    let other = stats["other_ids"]["lines"].as_u64().unwrap();
    assert_eq!(listed + other, 1_000_000);
}

#[test]
fn a_deeply_nested_scenario_file_is_rejected_before_parsing() {
    let path = std::env::temp_dir().join(format!("ftd-syslog-deep-{}.yaml", std::process::id()));
    std::fs::write(&path, "[".repeat(200_000)).unwrap();
    let started = Instant::now();
    let output = run(&["simulate", "--scenario-file", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nested deeper than"),
        "{}",
        stderr(&output)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}
