//! `ftd-syslog export` checked by the tools that read its output, on lines of every message
//! (`simulate --all --vary-templates`, several seeds, bracketed and bare identities, the FTD,
//! RFC 5424 and bare header forms, `%ASA-`, timestamps with and without a year, no device id):
//!
//! - [`lognormalizer_reads_every_line_as_parse_does`]: `lognormalizer -r RULEBASE -e json -T`
//!   (Debian's liblognorm-utils) must normalise every line, with the values `ftd-syslog parse`
//!   gives;
//! - [`rsyslog_mmnormalize_reads_every_line_as_parse_does`]: a private rsyslogd with imtcp and
//!   mmnormalize, configured by `runtime/cli/tests/export/rsyslog-mmnormalize.conf`, receives
//!   the lines over TCP and writes JSON that must match `parse` for every line.
//!
//! Values are compared as liblognorm writes them, as strings (numbers in decimal, a set flag as
//! its word, an unset flag absent); `facility`, which `parse` derives from the priority, is not
//! compared. Messages the rulebase declares inexact (`# inexact ID: ...`) may stay unparsed,
//! but where they are parsed their values must match too.
//!
//! A missing tool fails the test when `CI` is set (`.ci/run` installs them) and otherwise skips
//! it with a message on standard error saying what to install.

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::{assert_read_as_parse_does, binary, Daemon, Scratch};

/// The relay configuration the README shows.
const RSYSLOG_CONFIG: &str = include_str!("../export/rsyslog-mmnormalize.conf");

/// The `simulate` runs whose lines every check reads.
const CORPUS: &[&[&str]] = &[
    &[
        "--all",
        "--vary-templates",
        "--count",
        "2500",
        "--seed",
        "1",
    ],
    &[
        "--all",
        "--vary-templates",
        "--count",
        "2500",
        "--seed",
        "2",
    ],
    &[
        "--all",
        "--vary-templates",
        "--bare-identities",
        "--count",
        "1000",
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
    &[
        "--all",
        "--vary-templates",
        "--header",
        "none",
        "--tag",
        "asa",
        "--seed",
        "5",
    ],
    &["--all", "--timestamp", "rfc3164", "--seed", "6"],
    &["--all", "--no-device-id", "--seed", "7"],
    &[
        "--all",
        "--no-priority",
        "--timestamp",
        "rfc5424",
        "--seed",
        "8",
    ],
];

/// `name` found on the PATH or in `extra` directories; `None` (the test skips, loudly) when it
/// is missing outside CI; a failure when it is missing in CI.
pub(crate) fn tool(name: &str, extra: &[&str], install: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(extra.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let message = format!("{name} not found: install {install} (.ci/run does)");
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; CI is set, so this fails"
        );
        eprintln!("\n!!!!! SKIPPED: {message} !!!!!\n");
    }
    found
}

/// Runs the command, failing with its stderr when it fails; returns its stdout.
pub(crate) fn run(command: &mut Command) -> Vec<u8> {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{command:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Writes the corpus to `dir/lines.txt` and returns its lines.
pub(crate) fn corpus(dir: &Path) -> (PathBuf, Vec<String>) {
    let file = dir.join("lines.txt");
    let mut text = Vec::new();
    for args in CORPUS {
        text.extend(run(Command::new(binary()).arg("simulate").args(*args)));
    }
    fs::write(&file, &text).expect("the corpus is written");
    let lines = String::from_utf8(text).expect("UTF-8 lines");
    (file, lines.lines().map(str::to_owned).collect())
}

/// `ftd-syslog parse` of a file, one JSON value per line.
pub(crate) fn parse(file: &Path) -> Vec<Value> {
    let out = run(Command::new(binary()).arg("parse").arg(file));
    String::from_utf8(out)
        .expect("UTF-8 JSON")
        .lines()
        .map(|line| {
            let mut record = serde_json::from_str(line).expect("parse writes JSON");
            booleans_as_sent(&mut record);
            record
        })
        .collect()
}

/// `parse` writes an enum of `true`/`false` (715064) as a JSON boolean, where the other tools
/// capture the word sent (the simulator sends the catalog's lowercase words); flags, also JSON
/// booleans, stay as they are.
fn booleans_as_sent(record: &mut Value) {
    let Some(info) = record["id"]
        .as_u64()
        .and_then(|id| ftd_syslog::info(id as u32))
    else {
        return;
    };
    let Some(Value::Object(fields)) = record.get_mut("fields") else {
        return;
    };
    for spec in info.fields {
        let word = match fields.get(spec.name) {
            Some(Value::Bool(truth)) if spec.truth(&truth.to_string()).is_some() => {
                truth.to_string()
            }
            _ => continue,
        };
        fields.insert(spec.name.to_owned(), Value::String(word));
    }
}

/// Exports the rulebase into `dir` and returns its path and the ids it declares inexact.
fn rulebase(dir: &Path) -> (PathBuf, HashSet<u64>) {
    let path = dir.join("ftd.rulebase");
    run(Command::new(binary())
        .args(["export", "lognorm", "-o"])
        .arg(&path));
    let text = fs::read_to_string(&path).expect("the rulebase is written");
    let inexact = text
        .lines()
        .filter_map(|line| line.strip_prefix("# inexact "))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect();
    (path, inexact)
}

/// A parse value as liblognorm writes it.
pub(crate) fn as_normalized(value: &Value) -> Option<Value> {
    Some(match value {
        Value::Bool(false) => return None,
        Value::Number(n) => Value::String(n.to_string()),
        // A quantity (`{"value": 266, "unit": "KB"}`) as sent: `266KB`.
        Value::Object(map)
            if map.len() == 2 && map.contains_key("value") && map.contains_key("unit") =>
        {
            Value::String(format!(
                "{}{}",
                map["value"],
                map["unit"].as_str().unwrap_or_default()
            ))
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), as_normalized(v)?)))
                .collect(),
        ),
        other => other.clone(),
    })
}

/// What the rulebase must give for a line `parse` read as `parsed`.
fn expected(parsed: &Value) -> Value {
    let mut out = Map::new();
    for key in ["id", "name", "severity", "header", "context", "fields"] {
        if let Some(value) = parsed.get(key).and_then(as_normalized) {
            out.insert(key.to_owned(), value);
        }
    }
    if let Some(Value::Object(header)) = out.get_mut("header") {
        header.remove("facility");
    }
    out.entry("fields")
        .or_insert_with(|| Value::Object(Map::new()));
    out.insert(
        "event.tags".to_owned(),
        Value::Array(vec![parsed["name"].clone()]),
    );
    out.into()
}

/// Compares every normalised line with `parse`'s reading of the same line; returns how many
/// lines of inexact messages stayed unparsed, failing on anything else.
fn compare(
    lines: &[String],
    parsed: &[Value],
    normalized: &[Value],
    inexact: &HashSet<u64>,
) -> usize {
    assert_eq!(
        parsed.len(),
        lines.len(),
        "parse wrote one line per input line"
    );
    assert_eq!(
        normalized.len(),
        lines.len(),
        "one normalised record per line"
    );
    let mut problems = Vec::new();
    let mut skipped = 0;
    for ((line, parsed), got) in lines.iter().zip(parsed).zip(normalized) {
        let id = parsed["id"]
            .as_u64()
            .expect("parse read every simulated line");
        if got.get("unparsed-data").is_some() {
            if inexact.contains(&id) {
                skipped += 1;
            } else {
                problems.push(format!("not normalised: {line}\n  {got}"));
            }
            continue;
        }
        let mut got = got.clone();
        // A set flag holds its word; parse says true.
        if let (Some(Value::Object(fields)), Some(want)) =
            (got.get_mut("fields"), parsed.get("fields"))
        {
            for (name, value) in fields.iter_mut() {
                if want.get(name) == Some(&Value::Bool(true)) {
                    *value = Value::Bool(true);
                }
            }
        }
        let want = expected(parsed);
        if got != want {
            problems.push(format!("{line}\n  parse:     {want}\n  rulebase:  {got}"));
        }
    }
    assert_read_as_parse_does(&problems, lines.len());
    // The declared exceptions stay exceptions: most lines of those messages still parse.
    assert!(
        skipped * 50 <= lines.len(),
        "{skipped} lines of inexact messages unparsed"
    );
    skipped
}

#[test]
fn lognormalizer_reads_every_line_as_parse_does() {
    let Some(lognormalizer) = tool("lognormalizer", &[], "Debian's liblognorm-utils") else {
        return;
    };
    let scratch = Scratch::new("export-lognormalizer");
    let (rules, inexact) = rulebase(&scratch.0);
    let (file, lines) = corpus(&scratch.0);
    let out = run(Command::new(lognormalizer)
        .arg("-r")
        .arg(&rules)
        .args(["-e", "json", "-T"])
        .stdin(fs::File::open(&file).expect("the corpus opens")));
    let normalized: Vec<Value> = String::from_utf8(out)
        .expect("UTF-8 JSON")
        .lines()
        .map(|l| serde_json::from_str(l).expect("lognormalizer writes JSON"))
        .collect();
    let skipped = compare(&lines, &parse(&file), &normalized, &inexact);
    eprintln!(
        "lognormalizer: {} lines, {} equal to parse, {skipped} of inexact messages unparsed",
        lines.len(),
        lines.len() - skipped
    );
}

pub(crate) fn count_lines(path: &Path) -> usize {
    fs::read(path).map_or(0, |bytes| bytes.iter().filter(|b| **b == b'\n').count())
}

#[test]
fn rsyslog_mmnormalize_reads_every_line_as_parse_does() {
    let Some(rsyslogd) = tool(
        "rsyslogd",
        &["/usr/sbin", "/sbin"],
        "rsyslog (it ships mmnormalize)",
    ) else {
        return;
    };
    let scratch = Scratch::new("export-mmnormalize");
    let dir = &scratch.0;
    let (rules, inexact) = rulebase(dir);
    let (_, lines) = corpus(dir);
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .unwrap()
        .port();
    let (normalized_file, unparsed_file) = (dir.join("normalized.jsonl"), dir.join("unparsed.log"));
    let config = RSYSLOG_CONFIG
        .replace("@WORK_DIR@", &dir.display().to_string())
        .replace("@PORT@", &port.to_string())
        .replace("@RULEBASE@", &rules.display().to_string())
        .replace("@NORMALIZED@", &normalized_file.display().to_string())
        .replace("@UNPARSED@", &unparsed_file.display().to_string());
    let config_file = dir.join("rsyslog.conf");
    fs::write(&config_file, config).expect("the config is written");
    let daemon = Daemon(
        Command::new(rsyslogd)
            .arg("-n")
            .arg("-f")
            .arg(&config_file)
            .arg("-i")
            .arg(dir.join("rsyslogd.pid"))
            .stdout(Stdio::null())
            .stderr(fs::File::create(dir.join("rsyslogd.err")).expect("a log file"))
            .spawn()
            .expect("rsyslogd starts"),
    );
    let started = Instant::now();
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => break stream,
            Err(_) if started.elapsed() < Duration::from_secs(20) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(error) => panic!(
                "rsyslogd did not listen on {port}: {error}; {}",
                fs::read_to_string(dir.join("rsyslogd.err")).unwrap_or_default()
            ),
        }
    };
    // Octet-counting framing (RFC 6587): lines without a priority may start with a digit,
    // which imtcp would take for a frame length.
    let mut framed = Vec::new();
    for line in &lines {
        framed.extend(format!("{} {line}", line.len()).into_bytes());
    }
    stream.write_all(&framed).expect("the lines are sent");
    drop(stream);
    let deadline = Instant::now() + Duration::from_secs(60);
    while count_lines(&normalized_file) + count_lines(&unparsed_file) < lines.len() {
        assert!(
            Instant::now() < deadline,
            "rsyslog wrote {} normalised and {} unparsed lines of {}",
            count_lines(&normalized_file),
            count_lines(&unparsed_file),
            lines.len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(daemon);
    let unparsed = fs::read_to_string(&unparsed_file).unwrap_or_default();
    // Normalised records as received, then the unparsed lines: compared line by line with
    // parse's reading of the same raw text, whatever order rsyslog wrote them in.
    let mut received = Vec::new();
    let mut normalized = Vec::new();
    for record in fs::read_to_string(&normalized_file)
        .unwrap_or_default()
        .lines()
    {
        let record: Value =
            serde_json::from_str(record).expect("rsyslog writes the template's JSON");
        received.push(record["raw"].as_str().expect("raw").to_owned());
        normalized.push(record["normalized"].clone());
    }
    for line in unparsed.lines() {
        received.push(line.to_owned());
        normalized.push(serde_json::json!({"unparsed-data": line}));
    }
    let mut sent: Vec<&String> = lines.iter().collect();
    let mut got: Vec<&String> = received.iter().collect();
    sent.sort();
    got.sort();
    assert_eq!(got, sent, "rsyslog received exactly the lines sent");
    let received_file = dir.join("received.txt");
    fs::write(&received_file, received.join("\n") + "\n").expect("written");
    let skipped = compare(&received, &parse(&received_file), &normalized, &inexact);
    eprintln!(
        "rsyslog mmnormalize: {} lines over TCP, {} equal to parse, {skipped} of inexact messages unparsed",
        lines.len(),
        lines.len() - skipped
    );
}
