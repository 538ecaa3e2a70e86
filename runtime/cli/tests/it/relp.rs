//! `ftd-syslog simulate --relp` against a real collector: rsyslog's `imrelp`, started by the
//! test as a child process (`rsyslogd -n -f CONFIG -i PIDFILE -M MODULES`) on a loopback port
//! found free, in a scratch directory of its own. The ruleset has a `Direct` queue, so a line
//! is in the output file before imrelp acknowledges it. 20,000 lines must be acknowledged and
//! stored, none lost, none altered.
//!
//! Requirements: Linux (procfs), `rsyslogd` and its `imrelp` module (Debian: `rsyslog-relp`,
//! which `.ci/run` installs). Without them the test fails, saying what to install.

use std::collections::HashMap;
use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::{binary, Daemon};

const LINES: usize = 20_000;

/// The directory holding imrelp.so.
fn modules() -> PathBuf {
    let mut candidates: Vec<PathBuf> = std::env::var_os("RSYSLOG_MODULES")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    if let Ok(entries) = fs::read_dir("/usr/lib") {
        candidates.extend(entries.flatten().map(|e| e.path().join("rsyslog")));
    }
    candidates.push(PathBuf::from("/usr/lib/rsyslog"));
    candidates
        .into_iter()
        .find(|dir| dir.join("imrelp.so").is_file())
        .expect(
            "rsyslog's imrelp module was not found in /usr/lib/*/rsyslog ($RSYSLOG_MODULES): \
             install it (Debian/Ubuntu: `sudo apt-get install rsyslog-relp`; `.ci/run` does)",
        )
}

/// Whether something listens on 127.0.0.1:`port` (from /proc/net/tcp).
fn listening(port: u16) -> bool {
    let table = fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp: this test needs Linux");
    let local = format!(":{port:04X} ");
    table
        .lines()
        .any(|line| line.contains(&local) && line.split_whitespace().nth(3) == Some("0A"))
}

#[test]
fn relp_delivers_every_line_to_rsyslog() {
    let dir = std::env::temp_dir().join(format!("ftd-syslog-cli-relp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("work")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let received = dir.join("received.log");
    let config = format!(
        r#"global(workDirectory="{work}" maxMessageSize="64k" net.enableDNS="off")
module(load="imrelp")
input(type="imrelp" address="127.0.0.1" port="{port}" ruleset="relp" maxDataSize="64k")
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="relp" queue.type="Direct") {{
    action(type="omfile" file="{received}" template="raw" flushOnTXEnd="on")
}}
"#,
        work = dir.join("work").display(),
        received = received.display(),
    );
    fs::write(dir.join("rsyslog.conf"), config).unwrap();
    let rsyslogd = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())
        .expect("rsyslogd not found: install rsyslog (`.ci/run` does)");
    let child = Command::new(rsyslogd)
        .arg("-n")
        .arg("-f")
        .arg(dir.join("rsyslog.conf"))
        .arg("-i")
        .arg(dir.join("rsyslogd.pid"))
        .arg("-M")
        .arg(modules())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("rsyslogd starts");
    let collector = Daemon(child);
    let ready = Instant::now() + Duration::from_secs(20);
    while !listening(port) {
        assert!(Instant::now() < ready, "imrelp did not listen within 20 s");
        thread::sleep(Duration::from_millis(20));
    }

    let count = LINES.to_string();
    let args = ["simulate", "--count", &count, "--seed", "11"];
    let reference = Command::new(binary()).args(args).output().unwrap();
    assert!(reference.status.success());
    let address = format!("127.0.0.1:{port}");
    let output = Command::new(binary())
        .args(args)
        .args(["--relp", &address, "--relp-window", "256"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains(&format!(
            "delivered {LINES} (acknowledged), rejected 0, resent 0 (possible duplicates), failed 0"
        )),
        "{text}"
    );
    drop(collector);

    let stored = fs::read_to_string(&received).unwrap_or_default();
    let mut missing: HashMap<&str, i64> = HashMap::new();
    let sent = String::from_utf8(reference.stdout).unwrap();
    for line in sent.lines() {
        *missing.entry(line).or_default() += 1;
    }
    for line in stored.lines() {
        *missing.entry(line).or_default() -= 1;
    }
    let lost: i64 = missing.values().filter(|n| **n > 0).sum();
    let foreign: i64 = -missing.values().filter(|n| **n < 0).sum::<i64>();
    assert_eq!((lost, foreign), (0, 0), "lines lost, lines not sent");
    assert_eq!(stored.lines().count(), LINES);
    let _ = fs::remove_dir_all(&dir);
}
