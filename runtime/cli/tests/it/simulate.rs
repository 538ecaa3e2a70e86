//! `ftd-syslog simulate`, run as a real process: coverage of the catalog, reproducibility,
//! selection, header options, scenarios, and the stdout, UDP and TCP sinks (including a
//! collector that goes away and comes back), and the pace of `--rate`.
//!
//! The binary is the one cargo builds for these tests (`CARGO_BIN_EXE_ftd-syslog`). Network
//! tests use loopback (127.0.0.1) only.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use ftd_syslog::{parse_line, Tag, TimestampFormat};

use crate::{binary, stderr};

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command.args(args).stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    command(args).output().expect("ftd-syslog runs")
}

/// Runs `simulate` with `args`, expecting success; returns standard output's lines.
fn simulate(args: &[&str]) -> Vec<String> {
    let mut full = vec!["simulate"];
    full.extend_from_slice(args);
    let output = run(&full);
    assert!(
        output.status.success(),
        "simulate {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn all_emits_every_catalog_message_and_every_line_parses() {
    for extra in [
        &["--seed", "11"][..],
        &["--vary-templates", "--bare-identities", "--seed", "12"][..],
    ] {
        let mut args = vec!["--all", "-q"];
        args.extend_from_slice(extra);
        let lines = simulate(&args);
        assert_eq!(
            lines.len(),
            ftd_syslog::MESSAGES.len(),
            "--all without --count is one pass"
        );
        let mut seen = BTreeSet::new();
        for line in &lines {
            let record =
                parse_line(line).unwrap_or_else(|e| panic!("{line}\n  does not parse: {e}"));
            assert!(
                record.message.info().is_some(),
                "{line}: not a catalog message"
            );
            assert_eq!(record.header.severity, record.message.severity(), "{line}");
            seen.insert(record.header.id);
        }
        let all: BTreeSet<u32> = ftd_syslog::MESSAGES.iter().map(|m| m.id).collect();
        assert_eq!(seen, all);
    }
    // With a count, the pass comes first and random draws follow.
    let lines = simulate(&["--all", "--count", "600", "--seed", "3", "-q"]);
    assert_eq!(lines.len(), 600);
    assert!(lines.iter().all(|l| parse_line(l).is_ok()));
}

#[test]
fn jobs_do_not_change_the_output() {
    // Several blocks of lines (1024 each), a count that ends inside a block, the --all pass,
    // templates and a paced-free RFC 5424 header.
    for args in [
        &["--count", "5000", "--seed", "42", "-q"][..],
        &[
            "--all",
            "--count",
            "2600",
            "--vary-templates",
            "--seed",
            "7",
            "-q",
        ][..],
        &[
            "--count",
            "3100",
            "--header",
            "rfc5424",
            "--ids",
            "716001,716002",
            "--seed",
            "1",
            "-q",
        ][..],
    ] {
        let one = simulate(args);
        assert!(one.len() > 2000, "{args:?} gave {} lines", one.len());
        for jobs in ["2", "3"] {
            let mut with_jobs = args.to_vec();
            with_jobs.extend_from_slice(&["--jobs", jobs]);
            assert!(
                simulate(&with_jobs) == one,
                "{args:?} --jobs {jobs} differs from one job"
            );
        }
    }
    let refused = run(&["simulate", "--scenario", "webvpn-session", "--jobs", "2"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--jobs"), "{}", stderr(&refused));
}

#[test]
fn a_seed_gives_byte_identical_output() {
    for args in [
        &["--count", "3000", "--seed", "42", "-q"][..],
        &[
            "--scenario",
            "webvpn-session,ike-tunnel,lb-cluster,vpn-failover-sync",
            "--count",
            "3000",
            "--seed",
            "42",
            "-q",
        ][..],
        &["--all", "--header", "rfc5424", "--seed", "42", "-q"][..],
    ] {
        let mut full = vec!["simulate"];
        full.extend_from_slice(args);
        let first = run(&full);
        let second = run(&full);
        assert!(
            first.status.success() && !first.stdout.is_empty(),
            "{}",
            stderr(&first)
        );
        assert!(first.stdout == second.stdout, "two runs of {args:?} differ");
    }
    let other = simulate(&["--count", "3000", "--seed", "43", "-q"]);
    assert_ne!(other, simulate(&["--count", "3000", "--seed", "42", "-q"]));
}

#[test]
fn selection_by_ids_ranges_severity_and_weights() {
    let lines = simulate(&["--ids", "716001,716002", "--count", "300", "-q"]);
    let ids: BTreeSet<u32> = lines
        .iter()
        .map(|l| parse_line(l).unwrap().header.id)
        .collect();
    assert_eq!(ids, BTreeSet::from([716001, 716002]));

    let lines = simulate(&["--min-severity", "error", "--count", "500", "-q"]);
    assert!(lines
        .iter()
        .all(|l| parse_line(l).unwrap().header.severity <= 3));
    let lines = simulate(&["--min-severity", "3", "--all", "-q"]);
    let expected = ftd_syslog::MESSAGES
        .iter()
        .filter(|m| m.severity <= 3)
        .count();
    assert_eq!(lines.len(), expected);

    let lines = simulate(&[
        "--ranges", "718xxx", "--ids", "716001", "--count", "500", "-q",
    ]);
    assert!(lines.iter().all(|l| {
        let id = parse_line(l).unwrap().header.id;
        id == 716001 || (718000..=718999).contains(&id)
    }));

    let lines = simulate(&[
        "--ids",
        "716001,716002",
        "--weights",
        "716001=0",
        "--count",
        "100",
        "-q",
    ]);
    assert!(lines
        .iter()
        .all(|l| parse_line(l).unwrap().header.id == 716002));

    for (args, needle) in [
        (
            &["simulate", "--ids", "716999"][..],
            "716999 is not in the catalog",
        ),
        (&["simulate", "--ids", "71600"][..], "six-digit"),
        (&["simulate", "--all", "--count", "10"][..], "too few"),
        (
            &["simulate", "--ranges", "999xxx"][..],
            "no catalog message",
        ),
        (
            &["simulate", "--scenario", "nope"][..],
            "no scenario 'nope'",
        ),
        (&["simulate", "--rate", "fast"][..], "expected a rate"),
        (
            &["simulate", "--header", "none", "--timestamp", "legacy"][..],
            "needs a header",
        ),
        (
            &["simulate", "--scenario", "lb-cluster", "--ids", "716001"][..],
            "cannot be used with",
        ),
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(needle),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn header_options_parse_back() {
    let first_header = |args: &[&str]| {
        let mut full = vec!["--count", "50", "--seed", "9", "-q"];
        full.extend_from_slice(args);
        let lines = simulate(&full);
        assert_eq!(lines.len(), 50);
        for line in &lines {
            parse_line(line).unwrap_or_else(|e| panic!("{args:?}: {line}: {e}"));
        }
        lines
    };

    // The FTD default: <PRI>, legacy timestamp with year, device id, %FTD-.
    for line in first_header(&[]) {
        let record = parse_line(&line).unwrap();
        let header = &record.header;
        assert_eq!(header.priority, Some(20 * 8 + header.severity), "{line}");
        assert_eq!(header.device_id, Some("fw1"));
        assert_eq!(header.tag, Tag::Ftd);
        assert!(header.rfc5424.is_none());
        let ts = header.timestamp.expect("a timestamp");
        assert_eq!((ts.format, ts.year), (TimestampFormat::Legacy, Some(2026)));
        assert!(
            line.starts_with(&format!("<{}>Nov 26 2026 14:03:", 160 + header.severity)),
            "{line}"
        );
    }

    for line in first_header(&[
        "--header",
        "rfc5424",
        "--tag",
        "asa",
        "--facility",
        "local6",
        "--device-id",
        "fw-lab",
    ]) {
        let record = parse_line(&line).unwrap();
        let header = &record.header;
        assert!(header.rfc5424.is_some(), "{line}");
        assert_eq!(header.priority, Some(22 * 8 + header.severity));
        assert_eq!(header.device_id, Some("fw-lab"));
        assert_eq!(header.tag, Tag::Asa);
        assert_eq!(header.timestamp.unwrap().format, TimestampFormat::Iso);
        assert!(
            line.starts_with(&format!("<{}>1 2026-11-26T14:03:", 176 + header.severity)),
            "{line}"
        );
    }

    for line in first_header(&["--header", "none"]) {
        let header = parse_line(&line).unwrap().header;
        assert!(
            header.priority.is_none() && header.timestamp.is_none() && header.device_id.is_none()
        );
        assert!(line.starts_with("%FTD-"), "{line}");
    }

    for line in first_header(&["--timestamp", "none", "--facility", "3"]) {
        let header = parse_line(&line).unwrap().header;
        assert!(header.timestamp.is_none());
        assert_eq!(header.facility(), Some(3));
        assert_eq!(header.device_id, Some("fw1"));
    }

    for line in first_header(&["--timestamp", "rfc3164", "--no-device-id"]) {
        let header = parse_line(&line).unwrap().header;
        assert_eq!(header.timestamp.unwrap().year, None);
        assert_eq!(header.device_id, None);
    }

    for line in first_header(&["--timestamp", "rfc5424", "--no-priority", "--tag", "asa"]) {
        let header = parse_line(&line).unwrap().header;
        assert_eq!(header.priority, None);
        assert_eq!(header.timestamp.unwrap().format, TimestampFormat::Iso);
        assert_eq!(header.tag, Tag::Asa);
    }

    for line in first_header(&["--header", "rfc5424", "--timestamp", "none"]) {
        let header = parse_line(&line).unwrap().header;
        assert!(
            header.rfc5424.is_some() && header.timestamp.is_none(),
            "{line}"
        );
    }

    // --start sets log time exactly; lines follow at 1 ms of log time without --rate.
    let lines = first_header(&["--start", "2027-01-02T03:04:05Z"]);
    assert!(
        lines[0].contains("Jan 02 2027 03:04:05 fw1 : %FTD-"),
        "{}",
        lines[0]
    );
}

/// The `Group <g> User <u> IP <a>` identity of a WebVPN line, when it has one.
fn identity(line: &str) -> Option<(String, String, String)> {
    static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        regex::Regex::new(r"Group <([^>]*)>,? User <([^>]*)>,? IP <([^>]*)>").unwrap()
    });
    let captures = pattern.captures(line)?;
    Some((
        captures[1].to_owned(),
        captures[2].to_owned(),
        captures[3].to_owned(),
    ))
}

#[test]
fn scenario_lines_share_their_values() {
    // The peer address ends the line, in square brackets in the English guide's current forms.
    let address = regex::Regex::new(r"(\d+\.\d+\.\d+\.\d+)\]?$").unwrap();
    let sending = regex::Regex::new(r"Sending (.+) message (\S+) to standby").unwrap();
    let receiving = regex::Regex::new(r"Receiving (.+) message (\S+) from active").unwrap();
    for seed in ["1", "2", "3"] {
        let lines = simulate(&["--scenario", "webvpn-session", "--seed", seed, "-q"]);
        let ids: Vec<u32> = lines
            .iter()
            .map(|l| parse_line(l).unwrap().header.id)
            .collect();
        assert_eq!(&ids[..2], &[716038, 716001], "{lines:#?}");
        assert_eq!(ids.last(), Some(&716002));
        assert!(ids.contains(&716058) && ids.contains(&716059));
        let identities: BTreeSet<_> = lines
            .iter()
            .map(|l| identity(l).expect("an identity"))
            .collect();
        assert_eq!(
            identities.len(),
            1,
            "one group/user/ip per session: {identities:?}"
        );
        // Log time never goes back.
        let times: Vec<_> = lines
            .iter()
            .map(|l| parse_line(l).unwrap().header.timestamp.unwrap())
            .collect();
        let key = |t: &ftd_syslog::Timestamp| (t.year, t.month, t.day, t.hour, t.minute, t.second);
        assert!(times.windows(2).all(|w| key(&w[0]) <= key(&w[1])));

        let lines = simulate(&["--scenario", "ike-tunnel", "--seed", seed, "-q"]);
        let contexts: Vec<_> = lines
            .iter()
            .map(|l| {
                parse_line(l)
                    .unwrap()
                    .context
                    .expect("an IKE context")
                    .into_owned()
            })
            .collect();
        assert!(contexts.iter().all(|c| c.group == contexts[0].group
            && c.ip == contexts[0].ip
            && c.group.is_some()
            && c.ip.is_some()));
        let users: BTreeSet<_> = contexts.iter().filter_map(|c| c.username.clone()).collect();
        assert_eq!(users.len(), 1, "{users:?}");

        let lines = simulate(&["--scenario", "lb-cluster", "--seed", seed, "-q"]);
        let peers: BTreeSet<String> = lines
            .iter()
            .filter_map(|l| address.captures(l).map(|c| c[1].to_owned()))
            .collect();
        assert_eq!(peers.len(), 3, "three peers: {peers:?}");
        assert!(
            lines.iter().any(|l| l.contains("KEEPALIVE"))
                && lines.iter().any(|l| l.contains("HELLO"))
        );

        let lines = simulate(&["--scenario", "vpn-failover-sync", "--seed", seed, "-q"]);
        let sent: Vec<_> = lines
            .iter()
            .filter_map(|l| {
                sending
                    .captures(l)
                    .map(|c| (c[1].to_owned(), c[2].to_owned()))
            })
            .collect();
        let received: Vec<_> = lines
            .iter()
            .filter_map(|l| {
                receiving
                    .captures(l)
                    .map(|c| (c[1].to_owned(), c[2].to_owned()))
            })
            .collect();
        assert!(!sent.is_empty());
        assert_eq!(sent, received, "the standby receives what the active sends");
        assert!(lines.iter().all(|l| parse_line(l).is_ok()));
    }

    // Many sessions at once (sessions last minutes, lines come every millisecond of log time):
    // each group/user/ip starts with authentication and then the session start.
    let lines = simulate(&[
        "--scenario",
        "webvpn-session",
        "--count",
        "5000",
        "--seed",
        "8",
        "-q",
    ]);
    let mut by_session: HashMap<(String, String, String), Vec<u32>> = HashMap::new();
    for line in &lines {
        let id = parse_line(line).unwrap().header.id;
        by_session
            .entry(identity(line).unwrap())
            .or_default()
            .push(id);
    }
    assert!(
        by_session.len() > 100,
        "sessions overlap: {}",
        by_session.len()
    );
    for ids in by_session.values() {
        assert_eq!(ids[0], 716038, "{ids:?}");
        let count = |id: u32| ids.iter().filter(|i| **i == id).count();
        assert!(
            count(716001) <= count(716038) && count(716002) <= count(716001),
            "{ids:?}"
        );
    }
}

#[test]
fn scenario_files_are_checked_with_their_location() {
    let dir = std::env::temp_dir().join(format!("ftd-syslog-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.yaml");
    std::fs::write(
        &good,
        "name: mine\ndescription: two lines\nvariables:\n  peer: { draw: ipv4 }\nsteps:\n  - id: 718012\n    fields: { ip: $peer }\n  - id: 718016\n    delay: 1s\n    fields: { ip: $peer }\n",
    )
    .unwrap();
    let lines = simulate(&[
        "--scenario-file",
        good.to_str().unwrap(),
        "--seed",
        "1",
        "-q",
    ]);
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].contains("Sent HELLO request to ")
            && lines[1].contains("Received HELLO response from ")
    );
    assert_eq!(lines[0].rsplit(' ').next(), lines[1].rsplit(' ').next());

    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "name: bad\ndescription: d\nsteps:\n  - id: 716001\n    fields: { usr: x }\n  - id: 799999\n").unwrap();
    let output = run(&["simulate", "--scenario-file", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("bad.yaml:4:5: 716001 (webvpn_session_started) has no field 'usr'"),
        "{text}"
    );
    assert!(
        text.contains("bad.yaml:6:5: message 799999 is not in the catalog"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let listed = String::from_utf8(run(&["simulate", "--list-scenarios"]).stdout).unwrap();
    for name in [
        "webvpn-session",
        "ike-tunnel",
        "lb-cluster",
        "vpn-failover-sync",
    ] {
        assert!(listed.contains(name), "{listed}");
    }
}

/// Splits an octet-counted stream (`LEN SP MSG`...) into messages; panics on a broken frame.
fn octet_frames(mut bytes: &[u8]) -> Vec<String> {
    let mut frames = Vec::new();
    while !bytes.is_empty() {
        let space = bytes
            .iter()
            .position(|b| *b == b' ')
            .expect("a length and a space");
        let length: usize = std::str::from_utf8(&bytes[..space])
            .unwrap()
            .parse()
            .expect("a decimal length");
        let body = &bytes[space + 1..space + 1 + length];
        frames.push(String::from_utf8(body.to_vec()).unwrap());
        bytes = &bytes[space + 1 + length..];
    }
    frames
}

/// Reads a connection to its end.
fn read_all(mut stream: TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream.read_to_end(&mut bytes).unwrap();
    bytes
}

#[test]
fn tcp_delivers_every_message_intact() {
    let args = ["--count", "5000", "--seed", "5", "--vary-templates"];
    let expected = simulate(&[&args[..], &["-q"]].concat());
    for framing in ["octet-counting", "lf"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let server = thread::spawn(move || read_all(listener.accept().unwrap().0));
        let output = run(&[
            &["simulate", "--tcp", &address, "--framing", framing],
            &args[..],
        ]
        .concat());
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("sent 5000, unconfirmed 0, failed 0"),
            "{}",
            stderr(&output)
        );
        let bytes = server.join().unwrap();
        let received = if framing == "lf" {
            String::from_utf8(bytes)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect()
        } else {
            octet_frames(&bytes)
        };
        assert_eq!(received, expected, "{framing}");
    }
}

#[test]
fn tcp_reconnects_and_resends_when_the_collector_goes_away() {
    let args = ["--count", "2000", "--rate", "1000/s", "--seed", "21"];
    let expected = simulate(&[&args[..], &["-q"]].concat());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        // First connection: read about 500 lines, then go away: close the listener and our
        // side of the connection, read what is still in flight, and stay away for a while.
        let (mut first, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        let mut buffer = [0u8; 4096];
        while bytes.iter().filter(|b| **b == b'\n').count() < 500 {
            let n = first.read(&mut buffer).unwrap();
            assert!(n > 0, "the simulator closed early");
            bytes.extend_from_slice(&buffer[..n]);
        }
        drop(listener);
        first.shutdown(Shutdown::Write).unwrap();
        bytes.extend(read_all(first));
        thread::sleep(Duration::from_millis(800));
        // Back on the same port.
        let listener = TcpListener::bind(address).unwrap();
        let (second, _) = listener.accept().unwrap();
        bytes.extend(read_all(second));
        bytes
    });
    let output = run(&[
        &["simulate", "--tcp", &address.to_string(), "--framing", "lf"],
        &args[..],
    ]
    .concat());
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("reconnecting"), "{text}");
    assert!(
        text.contains("sent 2000, unconfirmed 0, failed 0"),
        "{text}"
    );
    let received = String::from_utf8(server.join().unwrap()).unwrap();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in received.lines() {
        *counts.entry(line).or_default() += 1;
    }
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for line in &expected {
        *wanted.entry(line.as_str()).or_default() += 1;
    }
    for (line, count) in &wanted {
        assert!(
            counts.get(line).copied().unwrap_or(0) >= *count,
            "lost: {line}"
        );
    }
    assert!(
        counts.keys().all(|line| wanted.contains_key(line)),
        "only whole, expected lines arrive"
    );
    let extra = received.lines().count() - expected.len();
    assert!(extra < 200, "{extra} lines sent twice");
}

#[test]
fn tcp_counts_lines_it_cannot_deliver() {
    // Nothing listens on a port just released.
    let address = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let output = run(&[
        "simulate",
        "--tcp",
        &address,
        "--reconnect-timeout",
        "300ms",
        "--count",
        "10",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot connect to"),
        "{}",
        stderr(&output)
    );

    // A collector that takes some lines and never comes back.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buffer = [0u8; 1024];
        let _ = stream.read(&mut buffer);
        drop(listener);
    });
    let output = run(&[
        "simulate",
        "--tcp",
        &address,
        "--reconnect-timeout",
        "500ms",
        "--rate",
        "500/s",
        "--count",
        "1000",
    ]);
    server.join().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    let summary = regex::Regex::new(r"sent (\d+), unconfirmed (\d+), failed (\d+)").unwrap();
    let counts = summary
        .captures(&text)
        .unwrap_or_else(|| panic!("no summary: {text}"));
    let [sent, unconfirmed, failed]: [u64; 3] = [1, 2, 3].map(|i| counts[i].parse().unwrap());
    assert!(failed > 0 && sent + unconfirmed + failed <= 1000, "{text}");
}

#[test]
fn udp_sends_one_datagram_per_line() {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let address = socket.local_addr().unwrap().to_string();
    let args = ["--count", "300", "--seed", "4", "--rate", "3000/s"];
    let expected = simulate(&[&args[..], &["-q"]].concat());
    let receiver = thread::spawn(move || {
        let mut lines = Vec::new();
        let mut buffer = vec![0u8; 65_536];
        while lines.len() < 300 {
            let n = socket.recv(&mut buffer).expect("a datagram in time");
            lines.push(String::from_utf8(buffer[..n].to_vec()).unwrap());
        }
        lines
    });
    let output = run(&[&["simulate", "--udp", &address], &args[..]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("sent 300, failed 0"));
    assert_eq!(receiver.join().unwrap(), expected);
}

#[test]
fn a_closed_stdout_ends_the_run_with_an_error() {
    let mut child = command(&["simulate", "--count", "0", "--rate", "1000000/s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(parse_line(first.trim_end()).is_ok(), "{first}");
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("cannot write to standard output") && text.contains("Broken pipe"),
        "{text}"
    );
}

/// Runs `simulate --rate RATE --duration DURATION` and returns the line count and the time
/// between the first and the last line's arrival.
fn paced(rate: &str, duration: &str) -> (usize, Duration) {
    let mut child = command(&[
        "simulate",
        "--rate",
        rate,
        "--duration",
        duration,
        "--seed",
        "1",
        "-q",
    ])
    .stdout(Stdio::piped())
    .spawn()
    .unwrap();
    let reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = None;
    let mut last = Instant::now();
    let mut count = 0;
    for line in reader.lines() {
        line.unwrap();
        last = Instant::now();
        first.get_or_insert(last);
        count += 1;
    }
    assert!(child.wait().unwrap().success());
    (count, last - first.unwrap_or(last))
}

#[test]
fn rate_is_kept_within_five_percent() {
    let (count, span) = paced("200/s", "2s");
    assert_eq!(count, 400, "200/s for 2 s of log time");
    // 399 intervals of 5 ms.
    let expected = 1.995;
    let actual = span.as_secs_f64();
    assert!(
        (actual - expected).abs() / expected < 0.05,
        "399 intervals took {actual:.3}s, expected {expected}s"
    );
}

#[test]
#[ignore = "takes 10 s; run with --ignored to check the issue's 10 s criterion"]
fn rate_is_kept_within_five_percent_over_ten_seconds() {
    let (count, span) = paced("1000/s", "10s");
    assert_eq!(count, 10_000);
    let actual = span.as_secs_f64();
    assert!((actual - 9.999).abs() / 9.999 < 0.05, "{actual:.3}s");
}

#[test]
fn output_file_and_append() {
    let path = std::env::temp_dir().join(format!("ftd-syslog-out-{}.log", std::process::id()));
    let path_text = path.to_str().unwrap();
    let output = run(&[
        "simulate", "--count", "10", "--seed", "1", "-o", path_text, "-q",
    ]);
    assert!(output.status.success() && output.stdout.is_empty());
    let output = run(&[
        "simulate", "--count", "5", "--seed", "2", "-o", path_text, "--append", "-q",
    ]);
    assert!(output.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 15);
    assert!(text.lines().all(|l| parse_line(l).is_ok()));
    let _ = std::fs::remove_file(&path);
}
