//! `ftd-syslog parse --format ecs`: the documents read back and checked against the ECS field
//! list the catalog embeds and against `parse`'s JSON of the same lines.
//!
//! - [`every_message_gives_a_document_of_known_fields_and_typed_values`]: lines of every
//!   message and template (`simulate --all --vary-templates`, several header forms) each give
//!   a document of nested objects whose leaves are all ECS fields or under `cisco.ftd.`, and
//!   every catalog field sits at its `ecs:` name with the value `parse` gives, typed (numbers
//!   as numbers, addresses as address strings);
//! - [`a_known_line_gives_the_whole_document`]: one line, the whole document;
//! - [`unknown_ids_and_bad_lines_are_tagged_documents`].

use std::collections::HashSet;
use std::net::IpAddr;

use serde_json::{json, Value};

use crate::run_with_input;

/// Runs `ftd-syslog ARGS` with `input` on standard input; returns standard output.
fn run(args: &[&str], input: &[u8]) -> String {
    let output = run_with_input(args, input);
    assert!(
        output.status.success(),
        "ftd-syslog {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the output is UTF-8")
}

fn documents(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

/// Every leaf of a document as `(dotted path, value)`; an array is a leaf. Panics on a key
/// with a dot: documents are nested objects.
fn leaves<'v>(prefix: &str, value: &'v Value, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                assert!(!key.contains('.'), "dotted key '{key}' under '{prefix}'");
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(&path, value, out);
            }
        }
        leaf => out.push((prefix.to_owned(), leaf)),
    }
}

fn at<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(doc, |value, key| value.get(key))
}

/// Whether a leaf name is one an ECS document of this catalog may carry: an ECS field, or
/// under `cisco.ftd.` (quantities are `{value, unit}` objects there).
fn known_leaf(path: &str) -> bool {
    ftd_catalog::ecs::is_known_leaf(path)
}

/// Checks that `value` suits the ECS type of `path`.
fn check_type(path: &str, value: &Value, line: &str) {
    match ftd_catalog::ecs::field_type(path) {
        Some("ip") => assert!(
            value.as_str().is_some_and(|s| s.parse::<IpAddr>().is_ok()),
            "{path} = {value} is not an address string: {line}"
        ),
        Some("long" | "integer" | "short" | "byte" | "unsigned_long") => {
            assert!(
                value.is_u64() || value.is_i64(),
                "{path} = {value} is not an integer: {line}"
            )
        }
        Some("keyword" | "wildcard" | "match_only_text" | "constant_keyword") => assert!(
            value.is_string() || path == "tags",
            "{path} = {value} is not a string: {line}"
        ),
        Some("date") => assert!(value.is_string(), "{path} = {value}: {line}"),
        Some("boolean") => assert!(value.is_boolean(), "{path} = {value}: {line}"),
        _ => {}
    }
}

#[test]
fn every_message_gives_a_document_of_known_fields_and_typed_values() {
    let catalog = ftd_catalog::bundled().expect("the bundled catalog loads");
    let corpora: &[&[&str]] = &[
        &[
            "--all",
            "--vary-templates",
            "--count",
            "2000",
            "--seed",
            "1",
        ],
        &[
            "--all",
            "--vary-templates",
            "--bare-identities",
            "--seed",
            "3",
        ],
        &[
            "--all",
            "--vary-templates",
            "--header",
            "rfc5424",
            "--seed",
            "4",
        ],
        &["--all", "--header", "none", "--tag", "asa", "--seed", "5"],
        &["--all", "--timestamp", "rfc3164", "--seed", "6"],
    ];
    let mut ids_seen = HashSet::new();
    let mut checked_fields = 0usize;
    let mut checked_context = 0usize;
    for corpus in corpora {
        let mut args = vec!["simulate"];
        args.extend_from_slice(corpus);
        let input = run(&args, b"");
        let ecs = documents(&run(&["parse", "--format", "ecs"], input.as_bytes()));
        let json = documents(&run(&["parse"], input.as_bytes()));
        assert_eq!(ecs.len(), json.len(), "one document per line ({corpus:?})");
        for ((doc, parsed), line) in ecs.iter().zip(&json).zip(input.lines()) {
            assert_eq!(doc["message"], line, "message is the whole line");
            assert_eq!(doc.get("tags"), None, "{line}: {doc}");
            let id = parsed["id"].as_u64().expect("every drawn line parses") as u32;
            ids_seen.insert(id);
            assert_eq!(doc["event"]["code"], id.to_string());
            let mut found = Vec::new();
            leaves("", doc, &mut found);
            for (path, value) in &found {
                assert!(
                    known_leaf(path),
                    "'{path}' is neither ECS nor cisco.ftd.: {line}"
                );
                check_type(path, value, line);
            }
            let entry = catalog.get(id).expect("a catalogued id");
            // Every leaf is the header's, the IKE context's or a field's at its ecs: name.
            for (path, _) in &found {
                let from_field = entry.def.variables.iter().any(|v| {
                    v.ecs
                        .as_deref()
                        .is_some_and(|ecs| path == ecs || path.starts_with(&format!("{ecs}.")))
                });
                let from_header = ftd_catalog::ecs::RESERVED.contains(&path.as_str());
                let from_context = ["group.name", "user.name", "source.ip"]
                    .contains(&path.as_str())
                    || path.starts_with(ftd_catalog::ecs::CONTEXT_PREFIX);
                assert!(
                    from_field || from_header || from_context,
                    "'{path}' has no source: {line}"
                );
            }
            let fields = parsed["fields"].as_object().expect("fields");
            for variable in &entry.def.variables {
                let Some(expected) = fields.get(&variable.name) else {
                    continue; // an optional field this template lacks
                };
                let name = variable
                    .ecs
                    .as_deref()
                    .expect("every variable has an ecs: name");
                assert_eq!(at(doc, name), Some(expected), "{name} of {line}");
                checked_fields += 1;
            }
            if let Some(context) = parsed.get("context").and_then(Value::as_object) {
                for (key, ecs) in [
                    ("group", "group.name"),
                    ("username", "user.name"),
                    ("ip", "source.ip"),
                ] {
                    let Some(expected) = context.get(key) else {
                        continue;
                    };
                    let vendor = format!("{}{key}", ftd_catalog::ecs::CONTEXT_PREFIX);
                    let found = at(doc, &vendor).or_else(|| at(doc, ecs));
                    assert_eq!(found, Some(expected), "context {key} of {line}");
                    checked_context += 1;
                }
            }
        }
    }
    let all: HashSet<u32> = catalog.messages.iter().map(|m| m.def.id).collect();
    assert_eq!(ids_seen, all, "every message was drawn");
    assert!(
        checked_fields > 2000,
        "only {checked_fields} fields checked"
    );
    assert!(
        checked_context > 50,
        "only {checked_context} context values checked"
    );
}

#[test]
fn a_known_line_gives_the_whole_document() {
    let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716042: access-list web-acl permitted tcp inside/192.0.2.7(51000) -> outside/203.0.113.5(443) hit-cnt 3";
    let docs = documents(&run(
        &["parse", "--format", "ecs"],
        format!("{line}\n").as_bytes(),
    ));
    let expected = json!({
        "@timestamp": "2026-11-26T14:03:11Z",
        "message": line,
        "event": {"code": "716042", "severity": 6, "kind": "event", "module": "cisco_ftd",
                  "dataset": "cisco_ftd.log", "action": "permitted"},
        "log": {"level": "informational",
                "syslog": {"priority": 166, "facility": {"code": 20, "name": "local4"},
                           "severity": {"code": 6, "name": "informational"}}},
        "observer": {"hostname": "fw1", "product": "Secure Firewall Threat Defense",
                     "vendor": "Cisco", "type": "firewall",
                     "ingress": {"interface": {"name": "inside"}},
                     "egress": {"interface": {"name": "outside"}}},
        "rule": {"name": "web-acl"},
        "source": {"ip": "192.0.2.7", "port": 51000},
        "destination": {"ip": "203.0.113.5", "port": 443},
        "cisco": {"ftd": {"message_id": "716042", "message_name": "webvpn_tcp_acl_hit",
                          "count": 3}},
    });
    assert_eq!(docs, [expected]);
}

#[test]
fn unknown_ids_and_bad_lines_are_tagged_documents() {
    let unknown =
        "<166>Nov 26 2026 14:03:13 fw1 : %ASA-auth-6-113004: AAA user authentication Successful";
    // A body that matches no template is a loose match; a broken header is a failure.
    let loose =
        "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.300> WebVPN session started.";
    let bad = "<999>Nov 26 2026 14:03:13 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.";
    let input = format!("{unknown}\n{loose}\nnot syslog\n{bad}\n");
    let docs = documents(&run(&["parse", "--format", "ecs"], input.as_bytes()));
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0]["event"]["code"], "113004");
    assert_eq!(docs[0]["observer"]["product"], "ASA");
    assert_eq!(docs[0]["message"], unknown);
    assert_eq!(docs[0]["tags"], json!(["cisco_ftd_unknown_message_id"]));
    assert_eq!(
        docs[0]["error"]["message"],
        "message id 113004 is not in the catalog"
    );
    assert_eq!(docs[1]["event"]["code"], "716001");
    assert_eq!(docs[1]["event"]["kind"], "event");
    assert_eq!(docs[1]["tags"], json!(["cisco_ftd_loose_match"]));
    assert_eq!(docs[1]["user"]["name"], "alice");
    assert!(docs[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no template matches exactly"));
    assert_eq!(docs[3]["event"]["kind"], "pipeline_error");
    assert_eq!(docs[3]["error"]["type"], "Priority");
    assert_eq!(docs[3]["tags"], json!(["cisco_ftd_parse_failure"]));
    assert_eq!(docs[2]["message"], "not syslog");
    assert_eq!(docs[2].get("event").and_then(|e| e.get("code")), None);
    assert_eq!(docs[2]["tags"], json!(["cisco_ftd_parse_failure"]));
    for doc in &docs {
        let mut found = Vec::new();
        leaves("", doc, &mut found);
        assert!(found.iter().all(|(path, _)| known_leaf(path)), "{doc}");
    }
}
