//! What `simulate` reports when delivery goes wrong: collectors written here that misbehave
//! (accept and never read, read 1000 bytes and close, refuse), UDP to a closed port, a closed
//! or broken standard output, SIGINT/SIGTERM, and a rate the machine cannot reach. Every
//! collector is on loopback and every run is bounded in time (the options keep the retry
//! budget small, and each test checks how long the run took).

use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::{binary, run, stderr};

/// The `sent N, unconfirmed U, failed F` counts of a TCP run.
fn tcp_summary(text: &str) -> (u64, u64, u64) {
    let pattern = regex::Regex::new(r"(?m)^sent (\d+), unconfirmed (\d+), failed (\d+)$").unwrap();
    let found = pattern
        .captures(text)
        .unwrap_or_else(|| panic!("no TCP summary in:\n{text}"));
    let number = |i: usize| found[i].parse().unwrap();
    (number(1), number(2), number(3))
}

/// A port nothing listens on (one just released).
fn closed_port() -> String {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string()
}

const SMALL_BUDGET: [&str; 6] = [
    "--reconnect-timeout",
    "1s",
    "--reconnect-attempts",
    "5",
    "--reconnect-budget",
    "5s",
];

#[test]
fn a_collector_that_never_reads_and_closes_gets_no_line_counted_as_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let collector = thread::spawn(move || {
        // Accept, never read, close after a moment (unread data: the kernel sends a reset),
        // and accept no more.
        let (stream, _) = listener.accept().unwrap();
        thread::sleep(Duration::from_millis(300));
        drop(stream);
        drop(listener);
    });
    let started = Instant::now();
    let output = run(&[
        &[
            "simulate", "--tcp", &address, "--count", "500", "--seed", "1",
        ],
        &SMALL_BUDGET[..],
    ]
    .concat());
    collector.join().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let (sent, unconfirmed, failed) = tcp_summary(&text);
    assert_eq!((sent, unconfirmed, failed), (0, 0, 500), "{text}");
    assert!(started.elapsed() < Duration::from_secs(20), "{text}");
}

#[test]
fn a_collector_that_reads_1000_bytes_and_closes_is_not_hammered() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    listener.set_nonblocking(true).unwrap();
    let collector = thread::spawn(move || {
        let mut connections = 0u32;
        let end = Instant::now() + Duration::from_secs(15);
        while Instant::now() < end {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    connections += 1;
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(2)))
                        .unwrap();
                    let mut buffer = [0u8; 1000];
                    let mut read = 0;
                    while read < buffer.len() {
                        match stream.read(&mut buffer[read..]) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => read += n,
                        }
                    }
                    drop(stream);
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
        connections
    });
    let started = Instant::now();
    let output = run(&[
        &[
            "simulate", "--tcp", &address, "--count", "500", "--seed", "2",
        ],
        &SMALL_BUDGET[..],
    ]
    .concat());
    let elapsed = started.elapsed();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let (sent, unconfirmed, failed) = tcp_summary(&text);
    assert_eq!(sent, 0, "the collector never read everything:\n{text}");
    assert_eq!(sent + unconfirmed + failed, 500, "{text}");
    assert!(failed > 0, "{text}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}\n{text}");
    assert!(
        text.lines().count() <= 10,
        "one stderr line per attempt:\n{text}"
    );
    assert!(text.contains("(repeated "), "{text}");
    let connections = collector.join().unwrap();
    assert!(
        connections <= 7,
        "{connections} connections: the budget allows the first and 5 more\n{text}"
    );
}

#[test]
fn a_refusing_collector_gives_one_error_and_the_summary() {
    let started = Instant::now();
    let output = run(&[
        &["simulate", "--tcp", &closed_port(), "--count", "10"],
        &SMALL_BUDGET[..],
    ]
    .concat());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(tcp_summary(&text), (0, 0, 0), "{text}");
    assert!(text.contains("cannot connect to"), "{text}");
    assert!(
        text.lines().count() <= 4,
        "one line per attempt is too many:\n{text}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_clean_collector_confirms_every_line() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let collector = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        bytes.len()
    });
    let output = run(&["simulate", "--tcp", &address, "--count", "3000"]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert_eq!(tcp_summary(&text), (3000, 0, 0), "{text}");
    assert!(collector.join().unwrap() > 0);
}

#[test]
fn a_collector_that_never_closes_leaves_lines_unconfirmed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let collector = thread::spawn(move || {
        // Reads everything, but keeps the connection open past the simulator's wait.
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(4)))
            .unwrap();
        let mut buffer = [0u8; 65536];
        let end = Instant::now() + Duration::from_secs(4);
        while Instant::now() < end {
            if matches!(stream.read(&mut buffer), Ok(0) | Err(_)) {
                thread::sleep(Duration::from_millis(10));
            }
        }
    });
    let output = run(&[
        "simulate",
        "--tcp",
        &address,
        "--count",
        "200",
        "--reconnect-timeout",
        "1s",
    ]);
    collector.join().unwrap();
    let text = stderr(&output);
    assert!(
        output.status.success(),
        "unconfirmed is not failed:\n{text}"
    );
    assert_eq!(tcp_summary(&text), (0, 200, 0), "{text}");
}

#[test]
fn udp_to_a_closed_port_says_so_once() {
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let output = run(&[
        "simulate", "--udp", &port, "--count", "300", "--rate", "3000/s",
    ]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(
        text.matches("Connection refused").count(),
        2,
        "the error once, then how often it recurred:\n{text}"
    );
    assert!(text.contains("(repeated "), "{text}");
}

/// Sends `signal` to a running `simulate` and checks the summary and the exit status.
fn interrupted(signal: &str, status: i32) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let collector = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
    });
    let child = Command::new(binary())
        .args([
            "simulate", "--tcp", &address, "--count", "0", "--rate", "200/s",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    thread::sleep(Duration::from_millis(700));
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    collector.join().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(status), "{text}");
    let (sent, unconfirmed, failed) = tcp_summary(&text);
    assert!(sent > 0 && unconfirmed == 0 && failed == 0, "{text}");
}

#[test]
fn sigint_and_sigterm_flush_print_the_summary_and_exit_130_and_143() {
    interrupted("INT", 130);
    interrupted("TERM", 143);
}

#[test]
fn a_closed_or_broken_stdout_is_an_error() {
    for command in ["simulate --count 3 >&-", "simulate --count 3 | parse >&-"] {
        let script = command
            .replace("simulate", "\"$0\" simulate")
            .replace("parse", "\"$0\" parse");
        let output = Command::new("sh")
            .args([
                "-c",
                &format!("{script}; echo \"status $?\" >&2"),
                binary().to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let text = stderr(&output);
        assert!(
            text.contains("cannot write to standard output"),
            "{command}: {text}"
        );
        assert!(text.contains("status 1"), "{command}: {text}");
    }
    // A reader that goes away (EPIPE) is reported too.
    let output = Command::new("sh")
        .args([
            "-c",
            "\"$0\" simulate --count 100000 | head -c 10 >/dev/null; echo \"status ${PIPESTATUS:-x}\"",
            binary().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let text = stderr(&output);
    assert!(text.contains("Broken pipe"), "{text}");
}

#[test]
fn an_unreachable_rate_is_bounded_by_the_duration_and_warned_about() {
    let started = Instant::now();
    let output = Command::new(binary())
        .args(["simulate", "--rate", "100000000/s", "--duration", "1s"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(elapsed < Duration::from_secs(10), "ran {elapsed:?}");
    assert!(text.contains("warning: could not keep --rate"), "{text}");
}
