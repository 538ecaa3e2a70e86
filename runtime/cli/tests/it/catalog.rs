//! `ftd-syslog catalog`, run as a real process: the list, one entry in full, the JSON model,
//! and the exit codes.
//!
//! The binary is the one cargo builds for these tests (`CARGO_BIN_EXE_ftd-syslog`).

use std::collections::BTreeSet;
use std::process::Output;

use crate::run;

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn one_entry_in_full() {
    let text = stdout(&run(&["catalog", "716001"]));
    for part in [
        "716001 webvpn_session_started",
        "severity:  6 (informational)",
        "guide:     %Threat Defense-6-716001: Group group User user IP ip WebVPN session started.",
        "%FTD-6-716001: Group {<group>} User {<user>} IP {<ip>} WebVPN session started.",
        "variables:",
        "group  text",
        "ip     ip; ECS source.ip",
        "explanation:",
        "action:",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    let text = stdout(&run(&["catalog", "716002"]));
    assert!(
        text.contains("reason  enum [User Requested | Lost Carrier"),
        "{text}"
    );
    assert!(text.contains("(or another value) (any case)"), "{text}");
    let text = stdout(&run(&["catalog", "715006"]));
    assert!(text.contains("IKE session context"), "{text}");
}

#[test]
fn the_list_has_every_message() {
    let text = stdout(&run(&["catalog"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ftd_syslog::MESSAGES.len());
    assert!(lines
        .iter()
        .any(|l| l.starts_with("716001  6  webvpn_session_started")
            && l.ends_with("WebVPN session started.")));
    let text = stdout(&run(&["catalog", "718xxx", "--min-severity", "notice"]));
    assert!(
        text.lines()
            .all(|l| l.starts_with("718") && matches!(l.as_bytes()[8], b'0'..=b'5')),
        "{text}"
    );
}

#[test]
fn json_is_one_object_per_message() {
    let text = stdout(&run(&["catalog", "--json"]));
    let mut ids = BTreeSet::new();
    for line in text.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let object = value.as_object().expect("an object");
        for key in ["id", "severity", "name", "guide", "templates", "section"] {
            assert!(object.contains_key(key), "{key} missing in {line}");
        }
        ids.insert(object["id"].as_u64().unwrap() as u32);
    }
    assert_eq!(text.lines().count(), 436);
    let all: BTreeSet<u32> = ftd_syslog::MESSAGES.iter().map(|m| m.id).collect();
    assert_eq!(ids, all);

    let one = stdout(&run(&["catalog", "716001", "--json"]));
    let value: serde_json::Value = serde_json::from_str(one.trim_end()).unwrap();
    assert_eq!(value["name"], "webvpn_session_started");
    assert_eq!(value["variables"][2]["type"], "ip");
}

#[test]
fn exit_codes() {
    let output = run(&["catalog", "716999"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("716999 is not in the catalog"));
    assert_eq!(run(&["catalog", "banana"]).status.code(), Some(2));
    assert_eq!(run(&["catalog", "--frobnicate"]).status.code(), Some(2));
    let help = stdout(&run(&["catalog", "--help"]));
    assert!(
        help.contains("Examples:") && help.contains("--json"),
        "{help}"
    );
    let help = stdout(&run(&["simulate", "--help"]));
    assert!(
        help.contains("Examples:") && help.contains("--scenario"),
        "{help}"
    );
    let version = stdout(&run(&["--version"]));
    assert!(version.starts_with("ftd-syslog "), "{version}");
}

#[test]
fn each_template_shows_its_source_and_note() {
    let text = stdout(&run(&["catalog", "716039"]));
    let guide = "%FTD-6-716039: Authentication: rejected, group = {group} user = {user}, Session Type: {session_type}\n      source: ja-guide\n";
    assert!(text.contains(guide), "{text}");
    assert!(
        text.contains("Session Type: {session_type}.\n      source: device"),
        "{text}"
    );
    let english = stdout(&run(&["catalog", "716163"]));
    assert!(english.contains("the English guide only"), "{english}");
    assert!(
        english.contains("source: en-guide (current English guide"),
        "{english}"
    );
}
