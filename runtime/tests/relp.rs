//! The RELP client (`ftd_syslog::relp`) against a real collector: rsyslog's `imrelp`, started
//! by each test as a child process (`rsyslogd -n -f CONFIG -i PIDFILE -M MODULES`) on a
//! loopback port found free, with its work directory, configuration, pid file and output in a
//! scratch directory of its own. Nothing is installed or enabled as a service.
//!
//! - [`every_acknowledged_line_is_stored`]: 100,000 FTD lines drawn by the library (every
//!   catalog message in turn, random values, one second apart so that every line differs),
//!   sent at full speed; every line must be acknowledged and stored exactly once. The
//!   throughput (lines acknowledged per second) is printed.
//! - [`a_collector_killed_and_restarted_mid_run_loses_nothing`]: the same with rsyslogd killed
//!   (SIGKILL) while the client sends, and started again on the same port after half a
//!   second. The client must reconnect and resend; every line must be stored, and the lines
//!   stored twice must be no more than the client's `resent` count. The kill may tear the
//!   line omfile was writing (see [`check_stored`]).
//!
//! rsyslog acknowledges a RELP message once it has submitted it to the input's ruleset. With
//! rsyslog's default in-memory queue, a kill loses what was acknowledged and not yet written
//! (measured with this test and that queue: 53 lines of 100,000 missing in one of two runs).
//! Here the ruleset has a `Direct` queue, so its action (omfile, which writes at the end of
//! each batch) runs in the receiving thread before imrelp answers: an acknowledged line is in
//! the file (the kernel's page cache) before the answer leaves. The kill test checks that
//! promise of the collector's configuration together with the client's resending.
//!
//! Requirements: Linux (procfs, to see the listener), `rsyslogd` (on the PATH, in an sbin
//! directory, or named by `RSYSLOGD`) and its `imrelp` module (Debian: the `rsyslog-relp`
//! package, which `.ci/run` installs). Without them the tests say so on standard error and
//! pass; under CI (`CI` set) they fail instead.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use ftd_syslog::header::{HeaderStyle, Timestamp, TimestampFormat};
use ftd_syslog::relp::{RelpClient, RelpOptions, RelpReport};
use ftd_syslog::{Emitter, Message, RandomValues, MESSAGES};

/// How long rsyslogd gets to open its listener.
const STARTUP: Duration = Duration::from_secs(20);
/// How long acknowledged lines get to appear in the output file (they should be there
/// already: see the module documentation).
const DELIVERY: Duration = Duration::from_secs(30);
/// How long rsyslogd gets to exit after SIGTERM.
const SHUTDOWN: Duration = Duration::from_secs(30);
/// The restart test's outage.
const OUTAGE: Duration = Duration::from_millis(500);
const POLL: Duration = Duration::from_millis(10);
const LINES: usize = 100_000;

/// The tests run one at a time: the throughput measured is then the collector's and the
/// client's alone, on a machine with few cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Writes to the real standard error: the test harness captures `eprintln!`, and a skip or a
/// measurement must be seen.
fn tell(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// rsyslogd and the directory holding imrelp, or None (after saying why) when the tests
/// cannot run here.
fn requirements() -> Option<(PathBuf, PathBuf)> {
    let rsyslogd = std::env::var_os("RSYSLOGD").map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
            .map(|dir| dir.join("rsyslogd"))
            .find(|candidate| candidate.is_file())
    });
    let modules = module_directories()
        .into_iter()
        .find(|dir| dir.join("imrelp.so").is_file());
    let missing = match (&rsyslogd, &modules) {
        (Some(r), Some(m)) => return Some((r.clone(), m.clone())),
        (None, _) => "rsyslogd was not found (PATH, /usr/sbin, /sbin, /usr/local/sbin, $RSYSLOGD)",
        (Some(_), None) => {
            "rsyslog's imrelp module (imrelp.so) was not found in /usr/lib/*/rsyslog, \
             /usr/lib/rsyslog, /usr/lib64/rsyslog, /usr/local/lib/rsyslog or $RSYSLOG_MODULES"
        }
    };
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    assert!(
        !ci,
        "{missing}: CI must run the RELP tests (.ci/run installs rsyslog-relp)"
    );
    tell(&format!(
        "SKIPPED: the RELP tests against rsyslog did not run: {missing}. Install it \
         (Debian/Ubuntu: `apt-get install rsyslog rsyslog-relp`)."
    ));
    None
}

/// Where rsyslog modules are found on the usual systems, `$RSYSLOG_MODULES` first.
fn module_directories() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("RSYSLOG_MODULES")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    if let Ok(entries) = fs::read_dir("/usr/lib") {
        let mut multiarch: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("rsyslog"))
            .collect();
        multiarch.sort();
        dirs.extend(multiarch);
    }
    dirs.extend(["/usr/lib64/rsyslog", "/usr/local/lib/rsyslog"].map(PathBuf::from));
    dirs
}

/// A path of this test process's own under the temporary directory.
fn scratch_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("ftd-syslog-relp-{}-{name}", std::process::id()))
}

/// An rsyslogd with one RELP input writing every message's raw text, one per line.
struct Collector {
    dir: PathBuf,
    rsyslogd: PathBuf,
    modules: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Collector {
    fn start(name: &str, rsyslogd: PathBuf, modules: PathBuf) -> Collector {
        let dir = scratch_path(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("work")).expect("the scratch directory can be created");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let config = format!(
            r#"global(workDirectory="{work}" maxMessageSize="64k" net.enableDNS="off"
       processInternalMessages="on")
main_queue(queue.timeoutShutdown="20000")
module(load="imrelp")
input(type="imrelp" address="127.0.0.1" port="{port}" ruleset="relp" maxDataSize="64k")
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="relp" queue.type="Direct") {{
    action(type="omfile" file="{received}" template="raw" flushOnTXEnd="on")
}}
action(type="omfile" file="{daemon_log}")
"#,
            work = dir.join("work").display(),
            received = dir.join("received.log").display(),
            daemon_log = dir.join("rsyslogd.log").display(),
        );
        fs::write(dir.join("rsyslog.conf"), config).expect("the configuration can be written");
        let mut collector = Collector {
            dir,
            rsyslogd,
            modules,
            port,
            child: None,
        };
        collector.launch();
        collector
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn received(&self) -> PathBuf {
        self.dir.join("received.log")
    }

    /// Starts rsyslogd and waits until its listener exists.
    fn launch(&mut self) {
        let output = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("rsyslogd.out"))
            .expect("rsyslogd's output file can be opened");
        let child = Command::new(&self.rsyslogd)
            .arg("-n")
            .arg("-f")
            .arg(self.dir.join("rsyslog.conf"))
            .arg("-i")
            .arg(self.dir.join("rsyslogd.pid"))
            .arg("-M")
            .arg(&self.modules)
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("a file handle can be cloned"))
            .stderr(output)
            .spawn()
            .unwrap_or_else(|e| panic!("{} cannot be started: {e}", self.rsyslogd.display()));
        self.child = Some(child);
        let deadline = Instant::now() + STARTUP;
        let port = format!(":{:04X} ", self.port);
        loop {
            let child = self.child.as_mut().expect("just started");
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "rsyslogd exited while starting ({status})\n{}",
                    self.diagnostics()
                );
            }
            let table = fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp (Linux)");
            // Local address `0100007F:PORT`, state 0A (LISTEN).
            if table
                .lines()
                .any(|l| l.contains(&port) && l.split_whitespace().nth(3) == Some("0A"))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "rsyslogd did not listen within {STARTUP:?}\n{}",
                self.diagnostics()
            );
            thread::sleep(POLL);
        }
    }

    /// Sends `signal` (TERM or KILL) and waits for rsyslogd to exit.
    fn stop(&mut self, signal: &str) {
        let mut child = self.child.take().expect("rsyslogd is running");
        let sent = Command::new("sh")
            .args(["-c", "kill -s \"$1\" \"$2\"", "sh", signal])
            .arg(child.id().to_string())
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "SIG{signal} could not be sent to rsyslogd");
        let deadline = Instant::now() + SHUTDOWN;
        while matches!(child.try_wait(), Ok(None)) {
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("rsyslogd did not exit within {SHUTDOWN:?} of SIG{signal}");
            }
            thread::sleep(POLL);
        }
    }

    /// rsyslogd's own messages and output, for failure messages.
    fn diagnostics(&self) -> String {
        let mut text = String::new();
        for file in ["rsyslogd.log", "rsyslogd.out"] {
            let content = fs::read_to_string(self.dir.join(file)).unwrap_or_default();
            let lines: Vec<&str> = content.lines().collect();
            text += &format!("--- {file}\n");
            for line in &lines[lines.len().saturating_sub(20)..] {
                text += line;
                text.push('\n');
            }
        }
        text
    }
}

impl Drop for Collector {
    /// Stops rsyslogd if the test ends with it running; keeps the files of a failed test.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if thread::panicking() {
            eprintln!("RELP test files kept in {}", self.dir.display());
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `count` distinct FTD lines: catalog messages in turn with random values, one second apart.
fn ftd_lines(count: usize) -> Vec<String> {
    let emitter = Emitter {
        header: HeaderStyle {
            device_id: Some("fw1".to_owned()),
            ..HeaderStyle::default()
        },
        bare_identities: false,
    };
    let start = 1_795_701_791;
    let lines: Vec<String> = (0..count)
        .map(|i| {
            let info = &MESSAGES[i % MESSAGES.len()];
            let mut values = RandomValues::new(i as u64);
            let message = Message::draw(info.id, &mut values).expect("a catalogued id");
            let time = Timestamp::from_unix(start + i as i64, 0, 0, TimestampFormat::Legacy);
            let mut line = String::new();
            emitter
                .write(&mut line, &message, None, Some(&time), 0, None)
                .expect("writing to a String");
            line
        })
        .collect();
    let distinct: std::collections::HashSet<&String> = lines.iter().collect();
    assert_eq!(distinct.len(), count, "the test's lines are distinct");
    lines
}

/// Counts the lines of a growing file, reading only what was added since the last call.
struct LineCounter {
    path: PathBuf,
    offset: u64,
    lines: usize,
}

impl LineCounter {
    fn count(&mut self) -> usize {
        let Ok(mut file) = File::open(&self.path) else {
            return 0; // rsyslog creates it with the first line
        };
        let mut added = Vec::new();
        if file.seek(SeekFrom::Start(self.offset)).is_ok() && file.read_to_end(&mut added).is_ok() {
            self.offset += added.len() as u64;
            self.lines += added.iter().filter(|&&b| b == b'\n').count();
        }
        self.lines
    }
}

/// Waits until `path` has `count` lines or `DELIVERY` passes; returns the count.
fn wait_for_lines(path: &Path, count: usize) -> usize {
    let mut counter = LineCounter {
        path: path.to_owned(),
        offset: 0,
        lines: 0,
    };
    let deadline = Instant::now() + DELIVERY;
    while counter.count() < count && Instant::now() < deadline {
        thread::sleep(POLL);
    }
    counter.count()
}

/// Checks the stored lines against the sent ones: none missing, none foreign, and lines
/// stored more than once no more than the client resent. Returns the duplicates.
///
/// `kills` is how many times rsyslogd was killed. omfile writes a batch through a buffer of
/// its own, which can end within a line: a kill between two writes leaves the start of an
/// unacknowledged line in the file, which the restarted collector continues with the next
/// line it stores (the client resends the whole line). Such a torn record, the strict start of
/// a sent line directly followed by a whole sent line, is counted as that whole line, and at
/// most one per kill is allowed.
fn check_stored(sent: &[String], stored_path: &Path, report: &RelpReport, kills: usize) -> usize {
    let text = fs::read_to_string(stored_path).expect("rsyslog wrote its file");
    let mut copies: HashMap<&str, usize> = sent.iter().map(|l| (l.as_str(), 0)).collect();
    let mut foreign = Vec::new();
    let mut torn = Vec::new();
    let mut stored = 0;
    for line in text.lines() {
        stored += 1;
        if let Some(n) = copies.get_mut(line) {
            *n += 1;
            continue;
        }
        let whole = line.match_indices('<').map(|(at, _)| at).find(|&at| {
            at > 0
                && copies.contains_key(&line[at..])
                && sent
                    .iter()
                    .any(|s| s.len() > at && s.starts_with(&line[..at]))
        });
        match whole {
            Some(at) => {
                torn.push(line);
                *copies.get_mut(&line[at..]).expect("a sent line") += 1;
            }
            None => foreign.push(line),
        }
    }
    assert!(
        torn.len() <= kills,
        "{} torn records for {kills} collector kills (first: {:?}); {report}",
        torn.len(),
        torn.first()
    );
    let missing: Vec<&str> = sent
        .iter()
        .map(String::as_str)
        .filter(|l| copies[l] == 0)
        .collect();
    let distinct = copies.values().filter(|&&n| n > 0).count();
    let duplicates = stored - foreign.len() - distinct;
    assert!(
        missing.is_empty() && foreign.is_empty(),
        "{} of {} lines missing (first: {:?}), {} stored lines not sent (first: {:?}); {report}",
        missing.len(),
        sent.len(),
        missing.first(),
        foreign.len(),
        foreign.first()
    );
    assert!(
        duplicates as u64 <= report.resent,
        "{duplicates} lines stored twice, but the client resent only {}",
        report.resent
    );
    duplicates
}

#[test]
fn every_acknowledged_line_is_stored() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let Some((rsyslogd, modules)) = requirements() else {
        return;
    };
    let sent = ftd_lines(LINES);
    let mut collector = Collector::start("all", rsyslogd, modules);
    let started = Instant::now();
    let mut client = RelpClient::connect(&collector.address(), RelpOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{}", collector.diagnostics()));
    for line in &sent {
        client
            .send(line.as_bytes())
            .unwrap_or_else(|e| panic!("{e}\n{}", collector.diagnostics()));
    }
    let report = client
        .finish()
        .unwrap_or_else(|e| panic!("{e}\n{}", collector.diagnostics()));
    let elapsed = started.elapsed();
    assert_eq!(report.acknowledged, LINES as u64, "{report}");
    assert!(report.all_delivered(), "{report}");
    assert_eq!((report.resent, report.reconnects), (0, 0), "{report}");
    let stored = wait_for_lines(&collector.received(), LINES);
    collector.stop("TERM");
    assert!(
        stored >= LINES,
        "only {stored} of {LINES} acknowledged lines were written"
    );
    let duplicates = check_stored(&sent, &collector.received(), &report, 0);
    assert_eq!(duplicates, 0);
    tell(&format!(
        "RELP to rsyslog: {LINES} lines acknowledged and stored in {:.2}s ({:.0} lines/s); \
         {report}",
        elapsed.as_secs_f64(),
        LINES as f64 / elapsed.as_secs_f64()
    ));
}

#[test]
fn a_collector_killed_and_restarted_mid_run_loses_nothing() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let Some((rsyslogd, modules)) = requirements() else {
        return;
    };
    let sent = ftd_lines(LINES);
    let collector = Collector::start("restart", rsyslogd, modules);
    let address = collector.address();
    let received = collector.received();
    // Kills rsyslogd once a fifth of the lines are stored, while the client sends.
    let restarter = thread::spawn(move || {
        let mut collector = collector;
        let before = wait_for_lines(&collector.received(), LINES / 5);
        collector.stop("KILL");
        thread::sleep(OUTAGE);
        collector.launch();
        (collector, before)
    });
    let mut client = RelpClient::connect(&address, RelpOptions::default()).expect("connected");
    let mut refused = Vec::new();
    for line in &sent {
        if let Err(e) = client.send(line.as_bytes()) {
            refused.push(e.to_string());
        }
    }
    let outcome = client.finish();
    let (mut collector, before) = restarter.join().expect("the restarter ran");
    let report = outcome.unwrap_or_else(|e| {
        panic!(
            "{e}\nsend errors: {:?}\n{}",
            refused.first(),
            collector.diagnostics()
        )
    });
    assert!(refused.is_empty(), "{refused:?}");
    assert!(
        before < LINES,
        "all lines were stored before the kill: nothing was tested"
    );
    assert_eq!(report.acknowledged, LINES as u64, "{report}");
    assert!(
        report.reconnects >= 1,
        "the client never reconnected: {report}"
    );
    let stored = wait_for_lines(&received, LINES);
    collector.stop("TERM");
    let duplicates = check_stored(&sent, &received, &report, 1);
    tell(&format!(
        "RELP across an rsyslogd kill and restart: {LINES} lines, {before} stored before the \
         kill, {stored} lines stored, {duplicates} stored twice; {report}; losses: {:?}",
        report.losses
    ));
}

/// The check itself: a record torn by a kill counts as the whole line that follows it, one
/// per kill; any other text, or more torn records than kills, fails.
#[test]
fn stored_lines_are_checked_with_torn_records_bounded_by_kills() {
    let sent: Vec<String> = ["<164>a one", "<164>b two", "<164>c three"]
        .map(str::to_owned)
        .to_vec();
    let path = scratch_path("check");
    let check = |text: &str, kills: usize| {
        fs::write(&path, text).unwrap();
        let report = RelpReport {
            resent: 1,
            ..RelpReport::default()
        };
        let outcome =
            std::panic::catch_unwind(|| check_stored(&sent, &path, &report, kills)).is_ok();
        let _ = fs::remove_file(&path);
        outcome
    };
    let torn = "<164>a one\n<164>b t<164>b two\n<164>c three\n";
    assert!(check(torn, 1));
    assert!(!check(torn, 0), "a torn record without a kill");
    assert!(check("<164>a one\n<164>b two\n<164>c three\n", 0));
    assert!(
        !check("<164>a one\n<164>x<164>b two\n<164>c three\n", 1),
        "not a line's start"
    );
    assert!(
        !check("<164>a one\n<164>b t<164>b two\n", 1),
        "a line missing"
    );
}
