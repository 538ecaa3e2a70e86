//! `ftd-syslog parse` JSON for what parsing keeps as sent: relayed lines, ISO offsets, hex
//! values, true/false enums, wire severities other than the catalog's, and lines of Unicode
//! whitespace (blank, not failed).

use serde_json::{json, Value};

use crate::parse::{lines, parse};

const STARTED: &str = "%FTD-6-716001: Group <g> User <u> IP <192.0.2.7> WebVPN session started.";

fn parsed(line: &str) -> Value {
    let run = parse(&[], &lines(&[line]));
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.lines.len(), 1, "{line}");
    run.lines.into_iter().next().unwrap()
}

#[test]
fn parse_json_shows_the_device_and_the_relay_header() {
    let line = parsed(&format!(
        "<13>Nov 26 14:03:12 relay1 <166>Nov 26 2026 14:03:11 fw1 : {STARTED}"
    ));
    assert_eq!(
        line["header"],
        json!({
            "priority": 166, "facility": 20, "timestamp": "Nov 26 2026 14:03:11",
            "device_id": "fw1", "tag": "FTD",
            "relay": { "priority": 13, "facility": 1, "timestamp": "Nov 26 14:03:12", "host": "relay1" }
        })
    );
    let line = parsed(&format!(
        "<13>2026-11-26T14:03:12Z relay1 2026-11-26T14:03:11+01:00 fw1 : {STARTED}"
    ));
    assert_eq!(line["header"]["device_id"], "fw1");
    assert_eq!(line["header"]["timestamp"], "2026-11-26T14:03:11+01:00");
    assert_eq!(line["header"]["relay"]["host"], "relay1");
    assert_eq!(line["fields"]["user"], "u");
}

#[test]
fn parse_json_keeps_iso_offsets_as_sent() {
    for sent in ["+00:00", "Z", "-00:00", "+05:30"] {
        let line = parsed(&format!("<166>2026-11-26T14:03:11{sent} fw1 : {STARTED}"));
        assert_eq!(
            line["header"]["timestamp"],
            format!("2026-11-26T14:03:11{sent}")
        );
    }
}

#[test]
fn parse_json_keeps_hex_values_as_sent() {
    let line = parsed("%FTD-7-715008: Could not delete SA 0X00FF, refCnt = -1, caller = 0xAbC0");
    assert_eq!(
        line["fields"],
        json!({ "sa_address": "0X00FF", "ref_count": -1, "caller": "0xAbC0" })
    );
}

#[test]
fn parse_json_gives_true_false_enums_as_booleans() {
    let line = parsed("%FTD-7-715064: IKE Peer included IKE fragmentation capability flags: Main Mode: True Aggressive Mode: false");
    assert_eq!(
        line["fields"],
        json!({ "main_mode": true, "aggressive_mode": false })
    );
    // Other enums stay strings.
    let line = parsed("%FTD-6-720023: (VPN-Secondary) HA status callback: Peer is not present.");
    assert_eq!(line["fields"]["unit"], "Secondary");
}

#[test]
fn parse_json_flags_a_wire_severity_other_than_the_catalogs() {
    let line = parsed(&STARTED.replace("%FTD-6-", "%FTD-2-"));
    assert_eq!(
        (&line["severity"], &line["catalog_severity"]),
        (&json!(2), &json!(6))
    );
    let line = parsed(STARTED);
    assert_eq!(line["severity"], 6);
    assert!(line.get("catalog_severity").is_none(), "{line}");
}

#[test]
fn parse_skips_lines_of_unicode_whitespace_as_blank() {
    let input = format!("\u{b}\n\u{a0}\n\u{3000}\u{2028} \t\n\u{85}\u{c}\r\n{STARTED}\n");
    let run = parse(&["--stats=json"], input.as_bytes());
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.lines.len(), 1, "{:?}", run.lines);
    assert_eq!(run.lines[0]["line"], 5);
    let stats: Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(
        (&stats["blank"], &stats["failed"], &stats["exact"]),
        (&json!(4), &json!(0), &json!(1))
    );
}
