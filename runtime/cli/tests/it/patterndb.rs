//! `ftd-syslog export patterndb` checked by syslog-ng 3.38 (Debian's syslog-ng-core: `pdbtool`
//! and `syslog-ng` itself):
//!
//! - [`pdbtool_validates_and_passes_every_rule_example`]: `pdbtool test --validate` checks the
//!   database against syslog-ng's XSD and every rule's example (drawn by the simulator) against
//!   its rule: the right rule matches and gives the example's values;
//! - [`pdbtool_matches_every_line_as_parse_does`]: `pdbtool match` reads the lines of the
//!   export tests' corpus (every message, several seeds, template and header forms), from the
//!   tag on, and must give for each the values `ftd-syslog parse` gives (as strings; a set flag
//!   `true`, an unset one absent). The syslog header is syslog-ng's to read, so it is cut off:
//!   syslog-ng's default parser takes `%FTD-6-716001` as the program only when the tag starts
//!   the message;
//! - [`syslog_ng_db_parser_reads_every_line_as_parse_does`]: a private syslog-ng, configured by
//!   `runtime/cli/tests/export/syslog-ng-db-parser.conf` (the README's), reads the whole lines
//!   from a file, finds the tag with `regexp-parser()`, classifies with `db-parser()` and writes
//!   JSON that must match `parse` for every line.
//!
//! pdbtool is found through `FTD_PDBTOOL` (which `.ci/run` sets to the one it unpacks, since
//! the syslog-ng package conflicts with rsyslog), on the PATH, or unpacked under
//! `target/syslog-ng-core`. Missing, it fails the test when `CI` is set and skips it loudly
//! otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::export::{as_normalized, corpus, count_lines, parse, run, tool};
use crate::{assert_read_as_parse_does, binary, Daemon, Scratch};

/// The syslog-ng configuration the README shows.
const SYSLOG_NG_CONFIG: &str = include_str!("../export/syslog-ng-db-parser.conf");

/// Where `.ci/run` unpacks syslog-ng-core, relative to the workspace.
const UNPACKED: &str = "target/syslog-ng-core/usr/bin/pdbtool";

/// The installation prefix of syslog-ng's tools (`<prefix>/bin/pdbtool`,
/// `<prefix>/sbin/syslog-ng`).
fn prefix() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = match std::env::var_os("FTD_PDBTOOL") {
        Some(path) => PathBuf::from(path),
        None => {
            let unpacked = workspace.join(UNPACKED);
            if unpacked.is_file() {
                unpacked
            } else {
                tool(
                    "pdbtool",
                    &[],
                    "syslog-ng-core (apt-get download syslog-ng-core; dpkg -x into target/syslog-ng-core)",
                )?
            }
        }
    };
    assert!(path.is_file(), "{}: no pdbtool there", path.display());
    let prefix = path
        .parent()
        .and_then(Path::parent)
        .expect("pdbtool lies in <prefix>/bin");
    Some(prefix.to_owned())
}

/// A command of syslog-ng's (`bin/pdbtool`) ready to run: for an unpacked package, with its
/// libraries and its installation prefix (modules, XSD files) pointed at.
fn syslog_ng_command(prefix: &Path, program: &str) -> Command {
    let mut command = Command::new(prefix.join(program));
    if prefix != Path::new("/usr") {
        let mut libraries = vec![prefix.join("lib/syslog-ng")];
        if let Ok(dirs) = fs::read_dir(prefix.join("lib")) {
            libraries.extend(
                dirs.flatten()
                    .map(|d| d.path())
                    .filter(|p| p.to_string_lossy().ends_with("-linux-gnu")),
            );
        }
        command
            .env(
                "LD_LIBRARY_PATH",
                std::env::join_paths(libraries).expect("library paths"),
            )
            .env("SYSLOGNG_PREFIX", prefix);
    }
    command
}

fn pdbtool() -> Option<Command> {
    Some(syslog_ng_command(&prefix()?, "bin/pdbtool"))
}

/// Exports the database into `dir`.
fn export(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("ftd-patterndb.xml");
    run(Command::new(binary())
        .args(["export", "patterndb", "-o"])
        .arg(&path));
    let text = fs::read_to_string(&path).expect("the database is written");
    (path, text)
}

#[test]
fn pdbtool_validates_and_passes_every_rule_example() {
    let Some(mut pdbtool) = pdbtool() else {
        return;
    };
    let scratch = Scratch::new("export-pdbtool-test");
    let (db, text) = export(&scratch.0);
    let rules = text.matches("<rule ").count();
    assert!(rules >= 400, "{rules} rules");
    assert_eq!(
        text.matches("<example>").count(),
        rules,
        "every rule has an example"
    );
    let output = pdbtool
        .args(["test", "--validate"])
        .arg(&db)
        .output()
        .expect("pdbtool starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let wrong: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("Wrong match") || l.contains("not matching"))
        .collect();
    assert!(
        output.status.success() && wrong.is_empty(),
        "pdbtool test --validate failed ({}): {} wrong, e.g. {:?}\n{stderr}",
        output.status,
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
    let tested = stdout.matches("Testing message:").count();
    assert_eq!(tested, rules, "pdbtool tested every rule's example");
    eprintln!("pdbtool test --validate: {rules} rules, every example matched by its rule");
}

/// What the database must give for a line `parse` read as `parsed`.
fn expected(parsed: &Value) -> Value {
    let mut out = Map::new();
    for key in ["id", "name", "severity", "context", "fields"] {
        if let Some(value) = parsed.get(key).and_then(as_normalized) {
            out.insert(key.to_owned(), value);
        }
    }
    if let Some(class) = parsed.pointer("/header/class").and_then(as_normalized) {
        out.insert("class".to_owned(), class);
    }
    if let Some(Value::Object(fields)) = out.get_mut("fields") {
        for value in fields.values_mut() {
            if *value == Value::Bool(true) {
                *value = Value::String("true".to_owned());
            }
        }
    }
    // No fields: parse writes an empty object, the tool none.
    out.retain(|_, value| value.as_object().is_none_or(|map| !map.is_empty()));
    out.into()
}

/// Compares the database's reading of every line with `parse`'s, failing with examples.
fn compare<L: std::fmt::Display>(lines: &[L], parsed: &[Value], matched: &[Value]) {
    assert_eq!(matched.len(), lines.len(), "one result per line");
    assert_eq!(parsed.len(), lines.len(), "parse read every line");
    let mut problems = Vec::new();
    for ((line, parsed), got) in lines.iter().zip(parsed).zip(matched) {
        let mut got = got.clone();
        if let Value::Object(map) = &mut got {
            // syslog-ng's own macros, not the database's.
            map.retain(|k, _| {
                ["id", "name", "severity", "class", "context", "fields"].contains(&k.as_str())
            });
        }
        let want = expected(parsed);
        if got != want {
            problems.push(format!("{line}\n  parse:     {want}\n  syslog-ng: {got}"));
        }
    }
    assert_read_as_parse_does(&problems, lines.len());
}

#[test]
fn pdbtool_matches_every_line_as_parse_does() {
    let Some(mut pdbtool) = pdbtool() else {
        return;
    };
    let scratch = Scratch::new("export-pdbtool-match");
    let dir = &scratch.0;
    let (db, _) = export(dir);
    let (file, lines) = corpus(dir);
    let parsed = parse(&file);
    let messages: Vec<&str> = lines
        .iter()
        .map(|line| {
            let tag = line
                .find("%FTD-")
                .or_else(|| line.find("%ASA-"))
                .expect("every simulated line has a tag");
            &line[tag..]
        })
        .collect();
    let messages_file = dir.join("messages.txt");
    fs::write(&messages_file, messages.join("\n") + "\n").expect("written");
    let out = run(pdbtool
        .args(["match", "--module=json-plugin", "-p"])
        .arg(&db)
        .arg("-f")
        .arg(&messages_file)
        .args(["-T", "$(format-json --scope nv-pairs)\n"]));
    let matched: Vec<Value> = String::from_utf8(out)
        .expect("UTF-8 JSON")
        .lines()
        .map(|l| serde_json::from_str(l).expect("pdbtool writes JSON"))
        .collect();
    compare(&messages, &parsed, &matched);
    eprintln!(
        "pdbtool match: {} lines, every one equal to parse",
        lines.len()
    );
}

#[test]
fn syslog_ng_db_parser_reads_every_line_as_parse_does() {
    let Some(prefix) = prefix() else {
        return;
    };
    let scratch = Scratch::new("export-syslog-ng");
    let dir = &scratch.0;
    let (db, _) = export(dir);
    let (file, lines) = corpus(dir);
    let output = dir.join("classified.jsonl");
    let config = SYSLOG_NG_CONFIG
        .replace("@INPUT@", &file.display().to_string())
        .replace("@OUTPUT@", &output.display().to_string())
        .replace("@PATTERNDB@", &db.display().to_string());
    let config_file = dir.join("syslog-ng.conf");
    fs::write(&config_file, config).expect("the config is written");
    let errors = dir.join("syslog-ng.err");
    let mut daemon = Daemon(
        syslog_ng_command(&prefix, "sbin/syslog-ng")
            .args(["-F", "--no-caps", "-f"])
            .arg(&config_file)
            .arg("-R")
            .arg(dir.join("syslog-ng.persist"))
            .arg("-p")
            .arg(dir.join("syslog-ng.pid"))
            .arg("-c")
            .arg(dir.join("syslog-ng.ctl"))
            .stdout(Stdio::null())
            .stderr(fs::File::create(&errors).expect("a log file"))
            .spawn()
            .expect("syslog-ng starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(90);
    while count_lines(&output) < lines.len() {
        let exited = daemon.0.try_wait().ok().flatten();
        assert!(
            exited.is_none() && Instant::now() < deadline,
            "syslog-ng wrote {} of {} lines ({exited:?}): {}",
            count_lines(&output),
            lines.len(),
            fs::read_to_string(&errors).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(daemon);
    let classified: Vec<Value> = fs::read_to_string(&output)
        .expect("syslog-ng wrote its output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("syslog-ng writes the template's JSON"))
        .collect();
    // One file source: lines come out in the order they were read.
    let raw: Vec<&str> = classified
        .iter()
        .map(|record| record["MESSAGE"].as_str().expect("MESSAGE"))
        .collect();
    assert_eq!(raw, lines, "syslog-ng read exactly the lines written");
    compare(&lines, &parse(&file), &classified);
    eprintln!(
        "syslog-ng db-parser: {} lines, every one equal to parse",
        lines.len()
    );
}

#[test]
fn readme_shows_the_tested_configuration() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
        .expect("the README is readable");
    for line in SYSLOG_NG_CONFIG.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
            continue;
        }
        assert!(readme.contains(line), "the README lacks `{line}`");
    }
}
