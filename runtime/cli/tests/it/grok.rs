//! `ftd-syslog export grok` checked by a grok engine: the `grok` crate with its Oniguruma
//! backend, the regular-expression library whose Java port (Joni) Logstash's grok runs on, and
//! Logstash's default patterns (`IP`, `INT`, `MAC`, `DATA`...), which the crate ships. The
//! exported file is loaded as Logstash loads a `patterns_dir` file (`NAME pattern` per line,
//! `#` comments), and `%{FTD_SYSLOG}` is searched in each line of the export tests' corpus (every
//! message, several seeds, template and header forms), unanchored as Logstash's grok filter
//! does. Every line must match, with the values `ftd-syslog parse` gives (as strings, a set
//! flag holding its word).
//!
//! Where a name repeats (the same field in several alternatives) the crate numbers the later
//! ones (`[fields][ip][1]`); only the alternative that matched has a value, which is what
//! Logstash keeps.

use std::collections::HashMap;
use std::fs;
use std::process::Command;

use ftd_catalog::VarKind;
use grok::Grok;
use serde_json::{Map, Value};

use crate::export::{as_normalized, corpus, parse, run};
use crate::{assert_read_as_parse_does, binary, Scratch};

/// What the patterns must give for a line `parse` read as `parsed`: a set flag holds its word.
fn expected(parsed: &Value, words: &HashMap<(u64, String), String>) -> Value {
    let id = parsed["id"].as_u64().unwrap_or_default();
    let mut out = Map::new();
    for key in ["id", "severity", "context", "fields"] {
        if let Some(value) = parsed.get(key).and_then(as_normalized) {
            out.insert(key.to_owned(), value);
        }
    }
    if let Some(class) = parsed.pointer("/header/class").and_then(as_normalized) {
        out.insert("header".to_owned(), serde_json::json!({ "class": class }));
    }
    if let Some(Value::Object(fields)) = out.get_mut("fields") {
        for (name, value) in fields.iter_mut() {
            if *value == Value::Bool(true) {
                *value = words
                    .get(&(id, name.clone()))
                    .map_or(Value::Null, |word| Value::String(word.clone()));
            }
        }
    }
    // No fields: parse writes an empty object, the tool none.
    out.retain(|_, value| value.as_object().is_none_or(|map| !map.is_empty()));
    out.into()
}

/// Grok's captures as nested JSON: `[fields][ip]` (or `[fields][ip][2]`) under `fields.ip`.
fn nested(captures: &[(String, String)]) -> Value {
    let mut out = Map::new();
    for (name, value) in captures {
        let mut path: Vec<&str> = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split("][")
            .collect();
        if path.len() > 1 && path.last().is_some_and(|p| p.parse::<u32>().is_ok()) {
            path.pop();
        }
        let mut map = &mut out;
        for key in &path[..path.len() - 1] {
            map = map
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("a nested name is an object");
        }
        map.insert(
            path[path.len() - 1].to_owned(),
            Value::String(value.clone()),
        );
    }
    out.into()
}

#[test]
fn grok_matches_every_line_as_parse_does() {
    let scratch = Scratch::new("export-grok");
    let dir = &scratch.0;
    let patterns_file = dir.join("ftd.grok");
    run(Command::new(binary())
        .args(["export", "grok", "-o"])
        .arg(&patterns_file));
    let text = fs::read_to_string(&patterns_file).expect("the patterns are written");
    let mut grok = Grok::with_default_patterns();
    let mut defined = 0;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, pattern) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("not `NAME pattern`: {line}"));
        grok.add_pattern(name, pattern);
        defined += 1;
    }
    let pattern = grok
        .compile("%{FTD_SYSLOG}", true)
        .expect("FTD_SYSLOG compiles with Logstash's default patterns");
    // The word of each flag, as the patterns capture it, by message id and field name.
    let catalog = ftd_catalog::bundled().expect("the bundled catalog loads");
    let mut words: HashMap<(u64, String), String> = HashMap::new();
    for entry in &catalog.messages {
        for variable in &entry.def.variables {
            if let Some(VarKind::Flag { word }) = variable.kind() {
                words.insert((u64::from(entry.def.id), variable.name.clone()), word);
            }
        }
    }
    let (file, lines) = corpus(dir);
    let parsed = parse(&file);
    let mut problems = Vec::new();
    for (line, parsed) in lines.iter().zip(&parsed) {
        let Some(matches) = pattern.match_against(line) else {
            problems.push(format!("no match: {line}"));
            continue;
        };
        let captures: Vec<(String, String)> = matches
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        let got = nested(&captures);
        let want = expected(parsed, &words);
        if got != want {
            problems.push(format!("{line}\n  parse: {want}\n  grok:  {got}"));
        }
    }
    assert_read_as_parse_does(&problems, lines.len());
    eprintln!(
        "grok (Oniguruma, Logstash's default patterns): {defined} patterns, {} lines, every one equal to parse",
        lines.len()
    );
}
