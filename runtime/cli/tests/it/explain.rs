//! `ftd-syslog explain`, run as a real process: a line of a catalogued message (fields,
//! explanation, action), an id alone, an unknown id, a broken line with its span, lines on
//! standard input, JSON, Japanese, colour only when asked for, and a loose match said as such.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::{binary, run_with_input};

const STARTED: &str =
    "%FTD-6-716039: Authentication: rejected, group = vpn-ra user = alice, Session Type: WebVPN";

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .arg("explain")
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("ftd-syslog runs")
}

fn text(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn json_lines(output: &Output) -> Vec<Value> {
    text(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn an_exact_line_shows_fields_explanation_and_action() {
    let output = run(&["--lang", "ja", STARTED]);
    assert!(output.status.success(), "{output:?}");
    let shown = text(&output);
    for part in [
        "716039 webvpn_authentication_rejected · 6 (informational)",
        "フィールド",
        "group         text  vpn-ra",
        "session_type  enum  WebVPN  セッションタイプ（WebVPNまたは管理）",
        "説明",
        "    WebVPNセッションを開始するには",
        "推奨アクション",
    ] {
        assert!(shown.contains(part), "missing {part:?} in:\n{shown}");
    }
    assert!(!shown.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn english_falls_back_to_japanese_with_a_marker() {
    let output = run(&[STARTED]);
    let shown = text(&output);
    assert!(shown.contains("Explanation\n"), "{shown}");
    assert!(shown.contains("Recommended action\n"), "{shown}");
    let info = ftd_syslog::info(716039).unwrap();
    if info.explanation(true).is_empty() {
        assert!(
            shown.contains("[not yet translated; Japanese shown]"),
            "{shown}"
        );
    } else {
        assert!(!shown.contains("not yet translated"), "{shown}");
    }
}

#[test]
fn an_id_describes_the_entry_without_fields() {
    let output = run(&["716001"]);
    assert!(output.status.success(), "{output:?}");
    let shown = text(&output);
    assert!(
        shown.starts_with("716001 webvpn_session_started"),
        "{shown}"
    );
    assert!(!shown.contains("Fields"), "{shown}");
    assert!(shown.contains("Explanation"), "{shown}");
}

#[test]
fn an_unknown_id_is_named_and_fails() {
    let output = run(&["716999", "%FTD-6-999999: something"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output);
    assert!(
        shown.contains("unknown id: 716999 is not in the catalog"),
        "{shown}"
    );
    assert!(
        shown.contains("unknown id: 999999 is not in the catalog"),
        "{shown}"
    );
}

#[test]
fn a_broken_line_shows_where_it_fails() {
    // A broken header is an error; a body that matches no template is a loose match (below).
    let line = "<999>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn> User <alice> IP <192.0.2.7> WebVPN session started.";
    let output = run(&[line, "no tag here"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output);
    assert!(
        shown.contains("does not parse: expected a priority <0>..<191> (bytes 0-5)"),
        "{shown}"
    );
    assert!(shown.contains("\n    ^^^^^\n"), "{shown}");
    let json = json_lines(&run(&["--json", line]));
    assert_eq!(json[0]["error"]["kind"], "Priority");
    assert_eq!(json[0]["error"]["span"], serde_json::json!([0, 5]));
}

#[test]
fn json_has_typed_fields_and_the_language_of_each_text() {
    let output = run(&["--json", "--lang", "ja", STARTED, "716001", "716999"]);
    let json = json_lines(&output);
    assert_eq!(json.len(), 3);
    assert_eq!(json[0]["id"], 716039);
    assert_eq!(json[0]["lang"], "ja");
    assert_eq!(json[0]["explanation_lang"], "ja");
    let fields = json[0]["fields"].as_array().unwrap();
    assert_eq!(fields[0]["name"], "group");
    assert_eq!(fields[0]["value"], "vpn-ra");
    assert_eq!(
        fields.last().unwrap()["description"],
        "セッションタイプ（WebVPNまたは管理）"
    );
    assert!(json[1].get("fields").is_none());
    assert_eq!(json[1]["name"], "webvpn_session_started");
    assert_eq!(json[2]["unknown"], true);
    let ip_line = "%FTD-6-716001: Group <vpn> User <alice> IP <192.0.2.7> WebVPN session started.";
    let json = json_lines(&run(&["--json", ip_line]));
    assert_eq!(json[0]["fields"][2]["value"], "192.0.2.7");
    assert_eq!(json[0]["fields"][2]["type"], "ip");
}

#[test]
fn lines_are_read_from_standard_input() {
    let input = format!("<166>Nov 26 2026 14:03:11 fw1 : {STARTED}\n\n716001\n");
    let output = run_with_input(&["explain", "--json"], input.as_bytes());
    assert!(output.status.success(), "{output:?}");
    let json = json_lines(&output);
    assert_eq!(json.len(), 2, "blank lines are skipped");
    assert_eq!(json[0]["id"], 716039);
    assert_eq!(json[1]["id"], 716001);
}

#[test]
fn colour_is_used_when_asked_and_never_otherwise() {
    let coloured = text(&run(&["--color", "always", "716001"]));
    assert!(coloured.contains("\x1b[1m716001\x1b[0m"), "{coloured:?}");
    let plain = text(&run(&["--color", "never", "716001"]));
    assert!(!plain.contains('\x1b'));
}

#[test]
fn a_loose_line_says_so_and_shows_what_could_be_read() {
    let masked = "%FTD-6-716001: Group <vpn-ra> User <alice> IP <X.X.X.X> WebVPN session started.";
    let output = run(&["--color", "never", masked]);
    assert!(output.status.success(), "{output:?}");
    let shown = text(&output);
    for part in [
        "match: loose; no template matches exactly",
        "\"X.X.X.X\" where an IP address was expected",
        "716001 webvpn_session_started",
        "user   text  alice",
        "X.X.X.X (not an IP address)",
    ] {
        assert!(shown.contains(part), "missing {part:?} in:\n{shown}");
    }
    let exact = text(&run(&["--color", "never", STARTED]));
    assert!(exact.contains("match: exact"), "{exact}");

    let json = json_lines(&run(&["--json", masked]));
    assert_eq!(json[0]["match"], "loose");
    assert!(json[0]["mismatch"].as_str().unwrap().contains("X.X.X.X"));
    let user = json[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "user")
        .expect("the user was read");
    assert_eq!(user["value"], "alice");
}
