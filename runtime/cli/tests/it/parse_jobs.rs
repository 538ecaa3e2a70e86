//! `ftd-syslog parse --jobs N`: lines are parsed in chunks by N threads, and everything the
//! command writes (documents in every format, statistics, errors on standard error, exit
//! status) is the same bytes whatever N and the chunk size; output keeps input order, a line
//! longer than a chunk is whole, results are not held back while input waits, and memory
//! stays bounded by a few chunks.
//!
//! `--chunk-size` is a hidden tuning option; small chunks make every input cross many chunk
//! boundaries.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Output;

use serde_json::Value;

use crate::{run_with_input, spawn_piped, Scratch};

const STARTED: &str = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.";
const IKE: &str = "<167>Nov 26 2026 14:03:12 fw1 : %FTD-7-715008: Group = vpn-ra, Username = alice, IP = 198.51.100.9, Could not delete SA 0x1f2e, refCnt = -1, caller = 0xffffffffffff0000";
const UNKNOWN: &str = "<166>Nov 26 2026 14:03:13 fw1 : %ASA-auth-6-113004: AAA user authentication Successful : server = 192.0.2.1 : user = bob";
/// A catalogued id with a masked address: loose (an error with --exact).
const MASKED: &str = "<166>Nov 26 2026 14:03:14 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <X.X.X.X> WebVPN session started.";
const BROKEN_TAG: &str = "<166>Nov 26 2026 14:03:15 fw1 : %FTX-6-716001: Group <vpn-ra>";

/// Writes `contents` to `name` in `dir`; returns the file's path.
fn file(dir: &Scratch, name: &str, contents: &[u8]) -> String {
    let path = dir.0.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Every kind of line: exact, loose, unknown id, broken, blank (ASCII and Unicode), CRLF,
/// invalid UTF-8, too long, quotes and backslashes; many of them, and no final newline.
fn mixed_input() -> Vec<u8> {
    let mut input = Vec::new();
    for i in 0..400 {
        let line: Vec<u8> = match i % 13 {
            0 => STARTED.into(),
            1 => IKE.into(),
            2 => UNKNOWN.into(),
            3 => MASKED.into(),
            4 => BROKEN_TAG.into(),
            5 => Vec::new(),
            6 => " \t\u{a0}".into(),
            7 => format!("{STARTED}\r").into(),
            8 => {
                let mut line = STARTED.as_bytes().to_vec();
                line[60] = 0xff;
                line
            }
            9 => vec![b'y'; 1500 + i],
            10 => STARTED.replace("alice", "al\"i\\ce").into(),
            11 => IKE.replace("Group = vpn-ra, ", "").into(),
            _ => format!("{UNKNOWN} #{i}").into(),
        };
        input.extend_from_slice(&line);
        input.push(b'\n');
    }
    input.extend_from_slice(STARTED.as_bytes());
    input
}

/// Runs `ftd-syslog parse ARGS` with `input` on standard input.
fn parse(args: &[&str], input: &[u8]) -> Output {
    run_with_input(&[&["parse"], args].concat(), input)
}

/// Asserts that `args` give the same bytes on both streams and the same status with one
/// thread and with several, with chunks small enough that lines cross chunk boundaries and
/// with the default size.
fn assert_same_for_any_jobs(args: &[&str], input: &[u8]) -> Output {
    let one = parse(&[&["--jobs", "1"], args].concat(), input);
    for jobs in ["1", "2", "4"] {
        for chunk_size in ["64", "1000", "1MiB"] {
            let many = parse(
                &[&["--jobs", jobs, "--chunk-size", chunk_size], args].concat(),
                input,
            );
            let what = format!("--jobs {jobs} --chunk-size {chunk_size} {args:?}");
            assert_eq!(many.status.code(), one.status.code(), "{what}");
            assert!(many.stdout == one.stdout, "{what}: standard output differs");
            assert_eq!(
                String::from_utf8_lossy(&many.stderr),
                String::from_utf8_lossy(&one.stderr),
                "{what}"
            );
        }
    }
    one
}

fn documents(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON document per line"))
        .collect()
}

#[test]
fn every_format_and_option_gives_the_same_bytes_whatever_the_jobs() {
    let input = mixed_input();
    let json = assert_same_for_any_jobs(&["--max-line-length", "1500"], &input);
    let lines = documents(&json);
    // In input order, each non-blank line once, the last one without its newline too.
    let numbers: Vec<u64> = lines.iter().map(|l| l["line"].as_u64().unwrap()).collect();
    let blank = (0..400).filter(|i| matches!(i % 13, 5 | 6)).count();
    assert_eq!(numbers.len(), 401 - blank);
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert_eq!(numbers.last(), Some(&401));
    let kinds = |kind: &str| lines.iter().filter(|l| l["error"]["kind"] == kind).count();
    assert!(kinds("TooLong") > 0 && kinds("InvalidUtf8") > 0 && kinds("MissingTag") > 0);
    assert!(lines.iter().any(|l| l["match"] == "loose"));
    assert!(lines.iter().any(|l| l["match"] == "unknown"));

    assert_same_for_any_jobs(&["--format", "ecs", "--stats"], &input);
    assert_same_for_any_jobs(&["--exact", "--stats=json", "-H"], &input);
    let strict = assert_same_for_any_jobs(&["--strict", "--stats=json"], &input);
    assert_eq!(strict.status.code(), Some(1));
    let stats: Value = serde_json::Deserializer::from_slice(&strict.stderr)
        .into_iter()
        .next()
        .expect("the statistics")
        .unwrap();
    assert_eq!(stats["lines"], 401);
    assert_eq!(stats["blank"].as_u64(), Some(blank as u64));
}

#[test]
fn crlf_and_a_missing_final_newline_are_the_same_for_any_jobs() {
    let crlf = format!("{STARTED}\r\n{IKE}\r\n\r\n{UNKNOWN}\r\n{STARTED}");
    let output = assert_same_for_any_jobs(&[], crlf.as_bytes());
    let lines = documents(&output);
    let numbers: Vec<&Value> = lines.iter().map(|l| &l["line"]).collect();
    assert_eq!(numbers, [1, 2, 4, 5]);
    assert_eq!(lines[3]["match"], "exact");
}

/// Ids outside the catalog are counted one by one only for the first 1,000 distinct ones:
/// which ones those are must not depend on how lines were split between threads.
#[test]
fn statistics_of_many_unknown_ids_are_the_same_for_any_jobs() {
    let mut input = String::new();
    for i in 0..3000u32 {
        let id = 100_000 + (i * 7919) % 1500;
        input.push_str(&format!(
            "<166>Nov 26 2026 14:03:13 fw1 : %ASA-6-{id}: something #{i}\n"
        ));
    }
    let output = assert_same_for_any_jobs(&["--stats=json"], input.as_bytes());
    let stats: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(stats["unknown_id"], 3000);
    assert!(stats["other_ids"]["lines"].as_u64().unwrap() > 0);
}

#[test]
fn a_line_longer_than_a_chunk_is_parsed_whole() {
    // A real message whose user name is 200 KB: far more than a chunk, within the limit.
    let user = "u".repeat(200_000);
    let long = STARTED.replace("alice", &user);
    let input = format!("{IKE}\n{long}\n{STARTED}\n");
    for jobs in ["1", "3"] {
        let output = parse(
            &[
                "--jobs",
                jobs,
                "--chunk-size",
                "4KiB",
                "--max-line-length",
                "1MiB",
            ],
            input.as_bytes(),
        );
        assert!(output.status.success());
        let lines = documents(&output);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(
            lines[1]["fields"]["user"].as_str().map(str::len),
            Some(200_000)
        );
        assert_eq!(lines[2]["id"], 716001);
    }
}

#[test]
fn missing_and_several_inputs_report_in_order_for_any_jobs() {
    let dir = Scratch::new("jobs-inputs");
    let first = file(&dir, "first.log", &mixed_input());
    let second = file(&dir, "second.log", format!("{IKE}\n{STARTED}").as_bytes());
    let missing = dir.0.join("missing.log");
    let missing = missing.to_str().unwrap();
    let output = assert_same_for_any_jobs(
        &["--stats", &first, missing, "-", &second],
        format!("{UNKNOWN}\n").as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with(&format!("ftd-syslog parse: cannot open {missing}: ")));
    let files: Vec<String> = documents(&output)
        .iter()
        .map(|l| l["file"].as_str().unwrap().to_owned())
        .collect();
    let first_at = files.iter().rposition(|f| *f == first).unwrap();
    assert_eq!(&files[first_at + 1..], ["-", &second, &second]);
}

/// A slow producer (`tail -f`) sees each line's document before it writes the next, with
/// several threads as with one.
#[test]
fn results_are_not_held_back_while_input_waits() {
    let mut child = spawn_piped(&["parse", "--jobs", "3"]);
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    for (i, line) in [STARTED, IKE, UNKNOWN].iter().enumerate() {
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
        let mut document = String::new();
        stdout.read_line(&mut document).unwrap();
        let document: Value = serde_json::from_str(&document).unwrap();
        assert_eq!(document["line"], i as u64 + 1);
    }
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.is_empty());
    assert!(child.wait().unwrap().success());
}

/// 48 MiB of lines (each an error document longer than its line) pass through a few chunks:
/// the peak memory stays far below the input's size, let alone the output's. Read from `/proc`
/// while the process waits for more input, after its output for the last line.
#[cfg(target_os = "linux")]
#[test]
fn memory_stays_bounded_by_a_few_chunks() {
    const INPUT: usize = 48 << 20;
    let line = format!("not a syslog line {}\n", "z".repeat(100));
    let count = INPUT / line.len();
    let mut child = spawn_piped(&["parse", "--jobs", "2", "--chunk-size", "1MiB"]);
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || {
        let block = line.repeat(1000);
        for _ in 0..count / 1000 {
            stdin
                .write_all(block.as_bytes())
                .expect("the command reads");
        }
        // Keep standard input open: the command then waits for more.
        stdin
    });
    let mut stdout = BufReader::with_capacity(1 << 20, child.stdout.take().expect("piped"));
    let (mut documents, mut bytes) = (0, 0);
    let mut document = String::new();
    while documents < count / 1000 * 1000 {
        document.clear();
        bytes += stdout.read_line(&mut document).unwrap();
        documents += 1;
    }
    let peak = crate::peak_kib(child.id());
    let stdin = writer.join().expect("the writer thread ends");
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(bytes > INPUT * 3 / 2, "{bytes} bytes of output");
    eprintln!("peak resident memory {peak} KiB for {INPUT} bytes of input");
    assert!(
        peak < 40 * 1024,
        "peak resident memory {peak} KiB for {INPUT} bytes of input"
    );
}
