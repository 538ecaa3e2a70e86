//! `ftd-syslog parse`, run as users run it: the real binary, fed through its standard input or
//! files, its JSON lines read back with serde_json.
//!
//! The binary is the one cargo builds for these tests (`CARGO_BIN_EXE_ftd-syslog`).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, ExitStatus};

use serde_json::{json, Value};

use crate::{binary, run_with_input, spawn_piped};

/// The outcome of one run.
pub(super) struct Run {
    pub(super) status: ExitStatus,
    /// Standard output, one JSON value per line.
    pub(super) lines: Vec<Value>,
    pub(super) stderr: String,
}

/// Runs `ftd-syslog parse ARGS` with `input` on standard input (written from a thread so that
/// a large input cannot deadlock against a full output pipe).
pub(super) fn parse(args: &[&str], input: &[u8]) -> Run {
    let output = run_with_input(&[&["parse"], args].concat(), input);
    let stdout = String::from_utf8(output.stdout).expect("the output is UTF-8");
    let lines = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    Run {
        status: output.status,
        lines,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const STARTED: &str = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.";
const IKE: &str = "<167>Nov 26 2026 14:03:12 fw1 : %FTD-7-715008: Group = vpn-ra, Username = alice, IP = 198.51.100.9, Could not delete SA 0x1f2e, refCnt = -1, caller = 0xffffffffffff0000";
const UNKNOWN: &str = "<166>Nov 26 2026 14:03:13 fw1 : %ASA-auth-6-113004: AAA user authentication Successful : server = 192.0.2.1 : user = bob";
/// 716001 with an address that is not one.
const BAD_ADDRESS: &str =
    "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.300> WebVPN session started.";

pub(super) fn lines(lines: &[&str]) -> Vec<u8> {
    let mut text = lines.join("\n");
    text.push('\n');
    text.into_bytes()
}

#[test]
fn a_known_line_gives_typed_fields_and_the_header() {
    let run = parse(&[], &lines(&[STARTED]));
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(
        run.lines,
        [json!({
            "line": 1,
            "match": "exact",
            "id": 716001,
            "name": "webvpn_session_started",
            "severity": 6,
            "header": {
                "priority": 166,
                "facility": 20,
                "timestamp": "Nov 26 2026 14:03:11",
                "device_id": "fw1",
                "tag": "FTD"
            },
            "fields": { "group": "vpn-ra", "user": "alice", "ip": "192.0.2.7" }
        })]
    );
}

#[test]
fn numbers_are_numbers_and_addresses_are_strings() {
    let input = lines(&[
        "%FTD-4-718052: Received GRAT-ARP from duplicate master 00:50:56:A1:02:03",
        "%FTD-6-720023: (VPN-Secondary) HA status callback: Peer is not present.",
        "%FTD-3-720021: (VPN-Primary) HA non-block send failed for peer msg 4294967295. HA error -3.",
        "<166>1 2026-11-26T14:03:11.123Z fw1 - - - - %FTD-6-716001: Group <g> User <u> IP <2001:db8::7> WebVPN session started.",
    ]);
    let run = parse(&[], &input);
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.lines[0]["fields"], json!({ "mac": "0050.56a1.0203" }));
    assert_eq!(
        run.lines[1]["fields"],
        json!({ "unit": "Secondary", "not": true })
    );
    assert_eq!(
        run.lines[2]["fields"],
        json!({ "unit": "Primary", "message_number": 4294967295u64, "code": -3 })
    );
    let rfc5424 = &run.lines[3];
    assert_eq!(rfc5424["fields"]["ip"], "2001:db8::7");
    assert_eq!(rfc5424["header"]["timestamp"], "2026-11-26T14:03:11.123Z");
    assert_eq!(rfc5424["header"]["device_id"], "fw1");
    assert_eq!(rfc5424["header"]["rfc5424"], json!({}));
}

#[test]
fn an_ike_line_gives_its_context() {
    let run = parse(&[], &lines(&[IKE]));
    assert!(run.status.success(), "{}", run.stderr);
    let line = &run.lines[0];
    assert_eq!(line["id"], 715008);
    assert_eq!(line["severity"], 7);
    assert_eq!(
        line["context"],
        json!({ "group": "vpn-ra", "username": "alice", "ip": "198.51.100.9" })
    );
    // Hex fields are identifiers, kept as the device writes them (this one is above 2^53).
    assert_eq!(
        line["fields"],
        json!({ "sa_address": "0x1f2e", "ref_count": -1, "caller": "0xffffffffffff0000" })
    );
}

#[test]
fn an_unknown_id_is_kept_with_its_text() {
    let run = parse(&[], &lines(&[UNKNOWN]));
    assert!(run.status.success(), "{}", run.stderr);
    let line = &run.lines[0];
    assert_eq!(line["id"], 113004);
    assert_eq!(line["unknown"], true);
    assert_eq!(line["severity"], 6);
    assert_eq!(line["header"]["tag"], "ASA");
    assert_eq!(line["header"]["class"], "auth");
    assert_eq!(
        line["text"],
        "AAA user authentication Successful : server = 192.0.2.1 : user = bob"
    );
    assert!(line.get("fields").is_none() && line.get("name").is_none());
}

#[test]
fn a_bad_line_gives_its_number_kind_and_span_and_parsing_goes_on() {
    let run = parse(
        &["--exact"],
        &lines(&[STARTED, BAD_ADDRESS, "no tag at all", IKE]),
    );
    assert!(
        run.status.success(),
        "without --strict bad lines are data, not failures"
    );
    assert_eq!(run.lines.len(), 4);
    let bad = &run.lines[1];
    let value_at = BAD_ADDRESS.find("192.0.2.300").unwrap();
    assert_eq!(
        bad,
        &json!({
            "line": 2,
            "error": {
                "kind": "Field",
                "message": "field 'ip': expected an IP address",
                "span": [value_at, value_at + "192.0.2.300".len()],
                "id": 716001,
                "field": "ip",
                "expected": "an IP address"
            },
            "text": BAD_ADDRESS
        })
    );
    assert_eq!(run.lines[2]["line"], 3);
    assert_eq!(run.lines[2]["error"]["kind"], "MissingTag");
    assert!(run.lines[2]["error"].get("id").is_none());
    assert_eq!(run.lines[3]["line"], 4);
    assert_eq!(run.lines[3]["id"], 715008);
}

#[test]
fn invalid_utf8_is_an_error_for_that_line_only() {
    let mut input = b"%FTD-6-716001: Group <vpn-ra> User <j\xe9r\xf4me> IP <192.0.2.7> WebVPN session started.\n".to_vec();
    input.extend_from_slice(&lines(&[STARTED]));
    let run = parse(&[], &input);
    assert!(run.status.success(), "{}", run.stderr);
    let bad = &run.lines[0];
    let at = input.iter().position(|&b| b == 0xe9).unwrap();
    assert_eq!(bad["error"]["kind"], "InvalidUtf8");
    assert_eq!(bad["error"]["span"], json!([at, at + 1]));
    assert_eq!(
        bad["error"]["id"], 716001,
        "the header before the bad bytes was read"
    );
    assert!(bad["text"]
        .as_str()
        .unwrap()
        .contains("j\u{fffd}r\u{fffd}me"));
    assert_eq!(run.lines[1]["line"], 2);
    assert_eq!(run.lines[1]["fields"]["user"], "alice");
}

#[test]
fn an_overlong_line_is_an_error_and_later_lines_still_parse() {
    const LENGTH: usize = 10 * 1024 * 1024;
    let mut input = vec![b'x'; LENGTH];
    input.push(b'\n');
    input.extend_from_slice(&lines(&[STARTED]));
    // And an overlong last line without a newline.
    input.extend_from_slice(&[b'y'; 5000]);
    let run = parse(&["--max-line-length", "1KiB"], &input);
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.lines.len(), 3);
    assert_eq!(
        run.lines[0],
        json!({
            "line": 1,
            "error": {
                "kind": "TooLong",
                "message": "line longer than 1024 bytes",
                "span": [0, LENGTH],
                "limit": 1024
            }
        })
    );
    assert_eq!(run.lines[1]["line"], 2);
    assert_eq!(run.lines[1]["id"], 716001);
    assert_eq!(run.lines[2]["error"]["span"], json!([0, 5000]));
}

/// The overlong line is not kept: the process's peak memory stays far below the line's
/// size. Read from `/proc` while the process waits for more input (its output for the line
/// after the long one proves it has read past it).
#[cfg(target_os = "linux")]
#[test]
fn an_overlong_line_is_not_kept_in_memory() {
    const LENGTH: usize = 64 * 1024 * 1024;
    let mut child = spawn_piped(&["parse", "--max-line-length", "1KiB"]);
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..LENGTH / chunk.len() {
            stdin.write_all(&chunk).expect("the command reads");
        }
        stdin.write_all(b"\n").expect("the command reads");
        stdin
            .write_all(&lines(&[STARTED]))
            .expect("the command reads");
        // Keep standard input open: the command is now waiting for more.
        stdin
    });
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut first = String::new();
    let mut second = String::new();
    stdout.read_line(&mut first).unwrap();
    stdout.read_line(&mut second).unwrap();
    let peak_kib = crate::peak_kib(child.id());
    let stdin = writer.join().expect("the writer thread ends");
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());

    let first: Value = serde_json::from_str(&first).unwrap();
    let second: Value = serde_json::from_str(&second).unwrap();
    assert_eq!(first["error"]["span"], json!([0, LENGTH]));
    assert_eq!(second["id"], 716001);
    assert!(
        peak_kib < 16 * 1024,
        "peak resident memory {peak_kib} KiB for a {LENGTH}-byte line"
    );
}

#[test]
fn blank_lines_are_skipped_and_crlf_is_a_line_end() {
    let input = format!("\n{STARTED}\r\n   \r\n{IKE}\r\n");
    let run = parse(&["--stats=json"], input.as_bytes());
    assert!(run.status.success(), "{}", run.stderr);
    let numbers: Vec<&Value> = run.lines.iter().map(|line| &line["line"]).collect();
    assert_eq!(numbers, [2, 4]);
    assert_eq!(run.lines[1]["fields"]["caller"], "0xffffffffffff0000");
    let stats: Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(
        (stats["lines"].as_u64(), stats["blank"].as_u64()),
        (Some(4), Some(2))
    );
}

#[test]
fn stats_count_per_outcome_per_error_kind_and_per_id() {
    let input = lines(&[
        STARTED,
        STARTED,
        BAD_ADDRESS,
        IKE,
        UNKNOWN,
        "garbage",
        "",
        "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.",
    ]);
    let run = parse(&["--stats=json"], &input);
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.lines.len(), 7, "the blank line gives no output");
    let stats: Value = serde_json::from_str(run.stderr.trim()).expect("one JSON object on stderr");
    assert_eq!(
        stats,
        json!({
            "lines": 8,
            "other_ids": {"lines": 0, "failed": 0},
            "exact": 4,
            "loose": 1,
            "unknown_id": 1,
            "failed": 1,
            "blank": 1,
            "errors": { "MissingTag": 1 },
            "ids": [
                { "id": 113004, "lines": 1, "exact": 0, "loose": 0, "unknown": 1, "failed": 0 },
                { "id": 715008, "name": "ike_could_not_delete_sa", "lines": 1, "exact": 1, "loose": 0, "unknown": 0, "failed": 0 },
                { "id": 716001, "name": "webvpn_session_started", "lines": 4, "exact": 3, "loose": 1, "unknown": 0, "failed": 0 }
            ],
            "failed_without_id": 1
        })
    );
    let exact = parse(&["--stats=json", "--exact"], &input);
    let stats: Value = serde_json::from_str(exact.stderr.trim()).expect("one JSON object");
    assert_eq!(
        (stats["loose"].as_u64(), stats["failed"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(stats["errors"], json!({ "Field": 1, "MissingTag": 1 }));

    let text = parse(&["--stats"], &input);
    assert!(text.status.success());
    assert_eq!(
        text.lines, run.lines,
        "--stats does not change standard output"
    );
    for expected in [
        "exact                4",
        "loose                1",
        "failed               1",
        "MissingTag",
        "webvpn_session_started",
    ] {
        assert!(
            text.stderr.contains(expected),
            "{expected:?} missing from:\n{}",
            text.stderr
        );
    }
    assert!(text.stderr.lines().any(|l| l.starts_with("716001")
        && l.split_whitespace()
            .eq(["716001", "webvpn_session_started", "4", "3", "1", "0", "0"])));
}

#[test]
fn strict_exits_1_when_a_line_is_not_recognised() {
    assert_eq!(
        parse(&["--strict"], &lines(&[STARTED, IKE, ""]))
            .status
            .code(),
        Some(0)
    );
    let unknown = parse(&["--strict"], &lines(&[STARTED, UNKNOWN]));
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(unknown.lines.len(), 2, "every line is still written");
    assert!(
        unknown.stderr.contains("1 of 2 lines not recognised"),
        "{}",
        unknown.stderr
    );
    assert_eq!(
        parse(&["--strict"], &lines(&[BAD_ADDRESS, STARTED]))
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        parse(&[], &lines(&[BAD_ADDRESS, UNKNOWN])).status.code(),
        Some(0)
    );
}

#[test]
fn reads_several_files_and_standard_input_in_order() {
    let dir = std::env::temp_dir().join(format!("ftd-syslog-cli-parse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let first = dir.join("first.log");
    let second = dir.join("second.log");
    std::fs::write(&first, lines(&[STARTED, IKE])).unwrap();
    std::fs::write(&second, lines(&[BAD_ADDRESS])).unwrap();
    let (first, second) = (first.to_str().unwrap(), second.to_str().unwrap());

    let run = parse(&["--exact", first, "-", second], &lines(&[UNKNOWN]));
    assert!(run.status.success(), "{}", run.stderr);
    let origins: Vec<(&str, u64)> = run
        .lines
        .iter()
        .map(|line| {
            (
                line["file"].as_str().unwrap(),
                line["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(origins, [(first, 1), (first, 2), ("-", 1), (second, 1)]);
    assert_eq!(run.lines[2]["id"], 113004);
    assert_eq!(run.lines[3]["error"]["kind"], "Field");

    // One input: no file name unless asked for.
    let single = parse(&[first], b"");
    assert!(single.lines[0].get("file").is_none());
    let named = parse(&["-H", "-"], &lines(&[STARTED]));
    assert_eq!(named.lines[0]["file"], "-");

    // A missing file is reported, the other inputs are still parsed, and the status says so
    // (1: an I/O failure, like a data error).
    let missing = dir.join("missing.log");
    let run = parse(&[missing.to_str().unwrap(), first], b"");
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr.contains("cannot open") && run.stderr.contains("missing.log"),
        "{}",
        run.stderr
    );
    assert_eq!(run.lines.len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2_and_help_documents_the_schema() {
    for args in [
        &["--max-line-length", "0"][..],
        &["--max-line-length", "12 apples"],
        &["--stats=yaml"],
        &["--no-such-option"],
    ] {
        let run = parse(args, b"");
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
    }
    let help = Command::new(binary())
        .args(["parse", "--help"])
        .output()
        .unwrap();
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    for expected in [
        "\"fields\"",
        "\"error\"",
        "\"unknown\":true",
        "EXIT STATUS",
        "EXAMPLES",
        "--stats=json",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from parse --help"
        );
    }
}

/// 716001 with its address masked, as people share logs.
const MASKED: &str = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <X.X.X.X> WebVPN session started.";
/// 716001 with a word changed in the middle.
const REWORDED: &str = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> SSL session started.";

#[test]
fn a_masked_value_gives_a_loose_record_with_the_mismatch() {
    let run = parse(&[], &lines(&[MASKED]));
    assert!(run.status.success(), "{}", run.stderr);
    let at = MASKED.find("X.X.X.X").unwrap();
    assert_eq!(
        run.lines[0],
        json!({
            "line": 1,
            "match": "loose",
            "id": 716001,
            "name": "webvpn_session_started",
            "severity": 6,
            "header": {
                "priority": 166,
                "facility": 20,
                "timestamp": "Nov 26 2026 14:03:11",
                "device_id": "fw1",
                "tag": "FTD"
            },
            "fields": { "group": "vpn-ra", "user": "alice" },
            "unconverted": { "ip": "X.X.X.X" },
            "mismatch": {
                "template": 0,
                "template_text": "Group {<group>} User {<user>} IP {<ip>} WebVPN session started.",
                "span": [at, at + 7],
                "found": "X.X.X.X",
                "expected": "an IP address",
                "field": "ip"
            },
            "text": MASKED
        })
    );
}

#[test]
fn a_masked_ike_context_address_is_loose() {
    let line = "%FTD-7-715046: Group = vpn-ra, IP = X.X.X.X, constructing blank hash payload";
    let run = parse(&[], &lines(&[line]));
    let record = &run.lines[0];
    assert_eq!(record["match"], "loose");
    assert_eq!(record["context"], json!({ "group": "vpn-ra" }));
    assert_eq!(record["fields"], json!({ "payload": "blank hash" }));
    assert_eq!(record["mismatch"]["found"], "X.X.X.X");
    assert_eq!(record["mismatch"]["field"], "ip");
}

#[test]
fn a_changed_word_in_the_middle_is_loose_with_every_field_read() {
    let run = parse(&[], &lines(&[REWORDED, STARTED]));
    let record = &run.lines[0];
    assert_eq!(record["match"], "loose");
    assert_eq!(
        record["fields"],
        json!({ "group": "vpn-ra", "user": "alice", "ip": "192.0.2.7" })
    );
    assert!(record.get("unconverted").is_none());
    let at = REWORDED.find("SSL").unwrap();
    assert_eq!(
        record["mismatch"],
        json!({
            "template": 0,
            "template_text": "Group {<group>} User {<user>} IP {<ip>} WebVPN session started.",
            "span": [at, at + 3],
            "found": "SSL",
            "expected": "WebVPN session started."
        })
    );
    assert_eq!(run.lines[1]["match"], "exact");
    // --exact turns the loose line back into the parser's error.
    let exact = parse(&["--exact"], &lines(&[REWORDED]));
    assert_eq!(exact.lines[0]["error"]["kind"], "Literal");
    assert!(exact.lines[0].get("match").is_none());
}

#[test]
fn strict_counts_loose_lines_as_failures() {
    let run = parse(&["--strict"], &lines(&[STARTED, MASKED]));
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(run.lines.len(), 2);
    assert!(
        run.stderr
            .contains("1 of 2 lines not recognised exactly (1 loose"),
        "{}",
        run.stderr
    );
    let unknown = parse(&[], &lines(&[UNKNOWN]));
    assert_eq!(unknown.lines[0]["match"], "unknown");
}
