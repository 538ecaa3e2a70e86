//! `ftd-syslog simulate` and `ftd-syslog parse` against a real collector: rsyslog, started by
//! each test as a child process (`rsyslogd -n -f CONFIG -i PIDFILE`) with the configuration
//! kept in `runtime/cli/tests/rsyslog/ftd-collector.conf`, on loopback ports chosen free at test time, in a
//! scratch directory of its own. Nothing is installed or enabled as a service.
//!
//! # Two readings of the same messages
//!
//! rsyslog's stock RFC 3164 parser reads Cisco's default header
//! (`<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ...`) with hostname `fw1` and an empty
//! TAG (syslogtag `:`, programname empty): the ` : ` FTD writes after the hostname ends the
//! TAG before it starts. rsyslog's pmcisconames parser, made for this form, deletes that `: `
//! so that the TAG becomes `%FTD-6-716001:`, but it does so by rewriting the message, raw
//! text included. The configuration therefore has two listeners per transport, and the tests
//! send every run to both (two `simulate` processes with the same seed write the same lines):
//!
//! - **plain** (stock parsers): every stored line must be the sent line, byte for byte; the
//!   tag must be the empty one FTD sends (`:`).
//! - **cisco** (pmcisconames first): the tag must be `%FTD-<severity>-<id>:` as sent; every
//!   stored line must be the sent line minus exactly the `: ` pmcisconames deletes.
//!
//! In both, rsyslog's facility, severity (from `<PRI>`), hostname, timestamp (year included)
//! and message text must be what the line carries, as `ftd_syslog::parse_header` reads it, and
//! `ftd-syslog parse --strict` must recognise every stored line into the same typed values
//! (JSON objects, line numbers aside) as the lines `simulate` wrote to a file. The config
//! file's comments give the details of both readings.
//!
//! # The tests
//!
//! - [`tcp_octet_counting_loses_and_alters_nothing`]: 100,000 lines (every catalog message,
//!   then random ones), Cisco's default header, TCP with octet-counting framing.
//! - [`udp_delivers_every_datagram`]: 10,000 lines over UDP with `%ASA-`, another facility and
//!   a dotted device id; every datagram must arrive. UDP has no flow control (a datagram that
//!   finds the socket buffer full is dropped), so the run is paced at 5,000 lines/s and runs
//!   alone among these tests; the config asks for an 8 MiB socket buffer. Measured with a
//!   400 KiB buffer (about what an unprivileged rsyslogd gets on a stock kernel), two CPU hogs
//!   and a 100,000-line TCP burst into the same rsyslogd: 20,000/s lost up to 21 datagrams of
//!   10,000, 5,000/s none.
//! - [`rfc5424_over_tcp_with_lf_framing`]: 10,000 RFC 5424 lines, LF framing.
//! - [`a_collector_restart_during_a_tcp_run_loses_nothing`]: a paced TCP run (40,000 lines at
//!   10,000/s) during which rsyslog is stopped (SIGTERM), kept down for half a second and
//!   started again on the same port. `simulate` must notice, retry until it reconnects and
//!   deliver the rest: every sent line stored at least once (duplicates are counted and
//!   allowed), `failed 0` reported.
//!
//! # Why a restart can lose nothing over plain TCP
//!
//! A TCP acknowledgement says the collector's kernel received bytes, not that the collector
//! read them: rsyslog 8.2302 stopped with SIGTERM closes connections with data still unread
//! (the kernel's `TCPAbortOnClose` counter rises at each stop), and the kernel discards that
//! data and answers with a reset. A sender that let acknowledged lines go would lose them
//! (measured: 6 lines of 40,000 on a loaded machine). `simulate` therefore keeps the last few
//! MiB of acknowledged lines and sends them again after a reset, so the test stops rsyslog
//! while `simulate` is sending at full pace and demands that no line be missing; lines sent
//! twice are counted and allowed.
//!
//! # Synchronisation
//!
//! rsyslog is ready when the kernel lists its sockets (`/proc/net/tcp` in LISTEN state,
//! `/proc/net/udp` bound): from then on, what is sent waits in the socket. The tests then wait
//! for the output files' line counts to reach what was sent, polling with a deadline, and stop
//! rsyslog (which writes what it has queued, then closes its files) before reading them. No
//! fixed sleep is used to wait for anything; the one sleep is the outage of the restart test.
//!
//! # Requirements
//!
//! Linux (procfs) and rsyslog (`rsyslogd` on the PATH, in /usr/sbin or /sbin, or named by the
//! `RSYSLOGD` environment variable). Without rsyslog the tests fail, saying how to install it:
//! they are the check that the output suits a real collector, so they do not skip. `.ci/run`
//! installs rsyslog. rsyslogd runs unprivileged as well as as root.
//!
//! The binary is the one cargo builds for these tests (`CARGO_BIN_EXE_ftd-syslog`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{OnceLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread;
use std::time::{Duration, Instant};

use ftd_syslog::parse_header;
use serde_json::Value;

/// The configuration template (see its comments).
const CONFIG_TEMPLATE: &str = include_str!("../rsyslog/ftd-collector.conf");

/// How long rsyslogd gets to open its listeners.
const STARTUP: Duration = Duration::from_secs(20);
/// How long sent lines get to reach the output files: generous, since it is only reached when
/// something is wrong (a loaded CI machine writes 100,000 lines in a few seconds).
const DELIVERY: Duration = Duration::from_secs(60);
/// How long the output files may stop growing before the lines still missing are taken as
/// lost.
const STALL: Duration = Duration::from_secs(10);
/// How long rsyslogd gets to exit after SIGTERM: more than the queue's shutdown timeout in the
/// config (20 s).
const SHUTDOWN: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

use crate::{binary, Scratch};

/// The rsyslogd executable: `$RSYSLOGD`, else the first on the PATH or in the usual sbin
/// directories (often not on a user's PATH).
fn rsyslogd() -> &'static Path {
    static RSYSLOGD: OnceLock<PathBuf> = OnceLock::new();
    RSYSLOGD.get_or_init(|| {
        if let Some(named) = std::env::var_os("RSYSLOGD") {
            let named = PathBuf::from(named);
            assert!(
                named.is_file(),
                "RSYSLOGD names {}, which is not a file",
                named.display()
            );
            return named;
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
            .map(|dir| dir.join("rsyslogd"))
            .find(|candidate| candidate.is_file())
            .unwrap_or_else(|| {
                panic!(
                    "rsyslogd not found (looked on the PATH and in /usr/sbin, /sbin, \
                     /usr/local/sbin; RSYSLOGD is not set). These tests run ftd-syslog \
                     against a real rsyslog and do not skip: install it \
                     (Debian/Ubuntu: `sudo apt-get install rsyslog`; `.ci/run` does) or \
                     set RSYSLOGD to its path. It need not be enabled as a service."
                )
            })
    })
}

/// Which parser chain reads the messages (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// rsyslog's stock parsers: the raw line is kept as received.
    Plain,
    /// pmcisconames, then the stock parsers: the TAG is FTD's `%FTD-6-716001:`.
    Cisco,
}

const READINGS: [Reading; 2] = [Reading::Plain, Reading::Cisco];

impl Reading {
    fn name(self) -> &'static str {
        match self {
            Reading::Plain => "plain",
            Reading::Cisco => "cisco",
        }
    }

    /// The line rsyslog stores for `sent`: pmcisconames deletes the `: ` after the hostname of
    /// a legacy header (`... fw1 : %FTD-...` becomes `... fw1 %FTD-...`); RFC 5424 lines are
    /// read before it runs.
    fn stored_form(self, sent: &str) -> String {
        match self {
            Reading::Cisco if !is_rfc5424(sent) => sent.replacen(" : %", " %", 1),
            _ => sent.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    /// TCP with this `--framing`.
    Tcp(&'static str),
    Udp,
}

/// `<PRI>1 ` starts RFC 5424 lines only.
fn is_rfc5424(line: &str) -> bool {
    line.split_once('>')
        .is_some_and(|(_, rest)| rest.starts_with("1 "))
}

/// A running (or stopped) rsyslogd with the repository's configuration.
#[derive(Debug)]
struct Collector {
    child: Option<Child>,
    config: PathBuf,
    /// Ports by `[Reading::Plain, Reading::Cisco]`.
    tcp_ports: [u16; 2],
    udp_ports: [u16; 2],
    /// Removed once rsyslogd is stopped: `Drop for Collector` runs before fields are dropped.
    scratch: Scratch,
}

impl Collector {
    /// Writes the configuration for fresh ports into a new scratch directory, checks it with
    /// `rsyslogd -N1`, and starts rsyslogd.
    fn start(name: &str) -> Collector {
        // First, so that a missing rsyslogd is reported before anything is created.
        let rsyslogd = rsyslogd();
        let scratch = Scratch::new(&format!("rsyslog-{name}"));
        let dir = &scratch.0;
        let text = dir.to_str().expect("a UTF-8 temporary directory");
        assert!(
            !text.contains(['"', '\\']),
            "{text}: a path rsyslog's config syntax cannot quote"
        );
        let (tcp_ports, udp_ports) = free_ports();
        let path = |file: &str| dir.join(file).to_str().unwrap().to_owned();
        let mut config = CONFIG_TEMPLATE.to_owned();
        for (placeholder, value) in [
            ("WORK_DIR", text.to_owned()),
            ("PLAIN_TCP_PORT", tcp_ports[0].to_string()),
            ("CISCO_TCP_PORT", tcp_ports[1].to_string()),
            ("PLAIN_UDP_PORT", udp_ports[0].to_string()),
            ("CISCO_UDP_PORT", udp_ports[1].to_string()),
            ("PLAIN_PROPERTIES", path("plain.jsonl")),
            ("PLAIN_RAW", path("plain.log")),
            ("CISCO_PROPERTIES", path("cisco.jsonl")),
            ("CISCO_RAW", path("cisco.log")),
            ("DAEMON_LOG", path("rsyslogd.log")),
        ] {
            let placeholder = format!("@{placeholder}@");
            assert!(
                config.contains(&placeholder),
                "the config template lacks {placeholder}"
            );
            config = config.replace(&placeholder, &value);
        }
        let left = regex::Regex::new("@[A-Z_]+@").unwrap();
        assert!(
            !left.is_match(&config),
            "unknown placeholder in the config template: {}",
            left.find(&config).unwrap().as_str()
        );
        let config_path = dir.join("rsyslog.conf");
        fs::write(&config_path, config).expect("the config can be written");

        let check = Command::new(rsyslogd)
            .arg("-N1")
            .arg("-f")
            .arg(&config_path)
            .stdin(Stdio::null())
            .output()
            .expect("rsyslogd runs");
        assert!(
            check.status.success(),
            "rsyslogd rejects the configuration:\n{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );

        let mut collector = Collector {
            child: None,
            config: config_path,
            tcp_ports,
            udp_ports,
            scratch,
        };
        collector.launch();
        collector
    }

    fn path(&self, file: &str) -> PathBuf {
        self.scratch.0.join(file)
    }

    /// Where a reading stores the raw lines, one per line.
    fn raw(&self, reading: Reading) -> PathBuf {
        self.path(&format!("{}.log", reading.name()))
    }

    /// Where a reading stores rsyslog's properties, one JSON object per line.
    fn properties(&self, reading: Reading) -> PathBuf {
        self.path(&format!("{}.jsonl", reading.name()))
    }

    fn address(&self, reading: Reading, transport: Transport) -> String {
        let index = READINGS.iter().position(|r| *r == reading).unwrap();
        let port = match transport {
            Transport::Tcp(_) => self.tcp_ports[index],
            Transport::Udp => self.udp_ports[index],
        };
        format!("127.0.0.1:{port}")
    }

    /// Starts rsyslogd and waits until all its listeners exist.
    fn launch(&mut self) {
        assert!(self.child.is_none(), "rsyslogd is already running");
        let output = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path("rsyslogd.out"))
            .expect("rsyslogd's output file can be opened");
        let child = Command::new(rsyslogd())
            .arg("-n")
            .arg("-f")
            .arg(&self.config)
            .arg("-i")
            .arg(self.path("rsyslogd.pid"))
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("a file handle can be cloned"))
            .stderr(output)
            .spawn()
            .unwrap_or_else(|e| panic!("{} cannot be started: {e}", rsyslogd().display()));
        self.child = Some(child);
        let deadline = Instant::now() + STARTUP;
        loop {
            self.assert_running("while starting");
            let tcp = fs::read_to_string("/proc/net/tcp");
            let udp = fs::read_to_string("/proc/net/udp");
            let (Ok(tcp), Ok(udp)) = (tcp, udp) else {
                panic!("/proc/net/tcp and /proc/net/udp cannot be read: these tests need Linux");
            };
            let listening = self.tcp_ports.iter().all(|&p| has_socket(&tcp, p, true))
                && self.udp_ports.iter().all(|&p| has_socket(&udp, p, false));
            if listening {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "rsyslogd did not open its listeners within {STARTUP:?}\n{}",
                self.diagnostics()
            );
            thread::sleep(POLL);
        }
    }

    /// Panics with rsyslogd's messages if it is not running.
    fn assert_running(&mut self, when: &str) {
        let child = self.child.as_mut().expect("rsyslogd was started");
        if let Some(status) = child.try_wait().expect("rsyslogd's status can be read") {
            self.child = None;
            panic!("rsyslogd exited {when} ({status})\n{}", self.diagnostics());
        }
    }

    /// Stops rsyslogd with SIGTERM (it writes what it has queued, closes its files and exits)
    /// and waits for it to exit.
    fn stop(&mut self) {
        let mut child = self.child.take().expect("rsyslogd is running");
        terminate(&child);
        let deadline = Instant::now() + SHUTDOWN;
        loop {
            if let Some(status) = child.try_wait().expect("rsyslogd's status can be read") {
                assert!(
                    status.success(),
                    "rsyslogd exited with {status} on SIGTERM\n{}",
                    self.diagnostics()
                );
                return;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "rsyslogd did not exit within {SHUTDOWN:?} of SIGTERM\n{}",
                    self.diagnostics()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until both files of `reading` hold at least `count` lines; gives up after
    /// `DELIVERY`, or sooner when they have not grown for `STALL` (what is missing is not
    /// coming). Returns the smaller of the two counts.
    fn wait_for_lines(&mut self, reading: Reading, count: usize) -> usize {
        let mut raw = LineCounter::new(self.raw(reading));
        let mut properties = LineCounter::new(self.properties(reading));
        let started = Instant::now();
        let (mut last_count, mut last_growth) = (0, started);
        loop {
            let stored = raw.count().min(properties.count());
            let now = Instant::now();
            if stored > last_count {
                (last_count, last_growth) = (stored, now);
            }
            if stored >= count || now - last_growth >= STALL || now - started >= DELIVERY {
                return stored;
            }
            self.assert_running("while lines were awaited");
            thread::sleep(POLL);
        }
    }

    /// rsyslogd's own messages and output, for failure messages.
    fn diagnostics(&self) -> String {
        let mut text = String::new();
        for file in ["rsyslogd.log", "rsyslogd.out"] {
            let content = fs::read_to_string(self.path(file)).unwrap_or_default();
            let lines: Vec<&str> = content.lines().collect();
            let tail = &lines[lines.len().saturating_sub(20)..];
            text += &format!("--- {file} (last {} lines)\n", tail.len());
            for line in tail {
                text += line;
                text.push('\n');
            }
        }
        text
    }
}

impl Drop for Collector {
    /// Stops rsyslogd if a test ends (or fails) with it running; never panics.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&child);
            let deadline = Instant::now() + SHUTDOWN;
            while Instant::now() < deadline {
                if !matches!(child.try_wait(), Ok(None)) {
                    return;
                }
                thread::sleep(POLL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends SIGTERM to `child`.
fn terminate(child: &Child) {
    signal(child, "TERM");
}

/// Sends the signal `name` (TERM, STOP, CONT) to `child`, a process this test started: std can
/// only send SIGKILL, and the shell's `kill` builtin is always there. Returns whether it was
/// sent.
fn signal(child: &Child, name: &str) -> bool {
    Command::new("sh")
        .args([
            "-c",
            "kill -s \"$1\" \"$2\"",
            "sh",
            name,
            &child.id().to_string(),
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Two TCP and two UDP ports free on 127.0.0.1 now. They are released for rsyslogd to bind, so
/// another process could take one in between; rsyslogd then fails to listen and the test says
/// so (with rsyslogd's error).
fn free_ports() -> ([u16; 2], [u16; 2]) {
    // Bound together, so that the four differ.
    let tcp = [(); 2].map(|()| TcpListener::bind("127.0.0.1:0").expect("a free TCP port"));
    let udp = [(); 2].map(|()| UdpSocket::bind("127.0.0.1:0").expect("a free UDP port"));
    (
        tcp.each_ref().map(|s| s.local_addr().unwrap().port()),
        udp.each_ref().map(|s| s.local_addr().unwrap().port()),
    )
}

/// Whether a `/proc/net/{tcp,udp}` table has a socket on local port `port` (in LISTEN state
/// when `listening`).
fn has_socket(table: &str, port: u16, listening: bool) -> bool {
    let port = format!("{port:04X}");
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 3
            && fields[1].rsplit(':').next() == Some(port.as_str())
            && (!listening || fields[3] == "0A")
    })
}

/// Counts the complete lines of a growing file, reading only what was added since last time.
struct LineCounter {
    path: PathBuf,
    offset: u64,
    lines: usize,
}

impl LineCounter {
    fn new(path: PathBuf) -> LineCounter {
        LineCounter {
            path,
            offset: 0,
            lines: 0,
        }
    }

    fn count(&mut self) -> usize {
        // rsyslog creates the file with the first line it writes.
        let Ok(mut file) = File::open(&self.path) else {
            return 0;
        };
        file.seek(SeekFrom::Start(self.offset))
            .expect("the file can be read");
        let mut added = Vec::new();
        file.read_to_end(&mut added).expect("the file can be read");
        self.offset += added.len() as u64;
        self.lines += added.iter().filter(|&&b| b == b'\n').count();
        self.lines
    }
}

/// Where `simulate` writes.
enum Destination<'a> {
    File(&'a Path),
    Tcp(&'a str, &'a str),
    Udp(&'a str),
}

/// Starts `ftd-syslog simulate ARGS` writing to `destination`; its standard error (the
/// summary and connection notes) goes to `stderr`.
fn spawn_simulate(args: &[&str], destination: Destination<'_>, stderr: &Path) -> Child {
    let mut command = Command::new(binary());
    command.arg("simulate").args(args);
    match destination {
        Destination::File(path) => {
            command.arg("--output").arg(path);
        }
        Destination::Tcp(address, framing) => {
            command.args(["--tcp", address, "--framing", framing]);
        }
        Destination::Udp(address) => {
            command.args(["--udp", address]);
        }
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(stderr).expect("a file for simulate's standard error"))
        .spawn()
        .expect("ftd-syslog simulate starts")
}

/// Waits for a `simulate` run and checks that it delivered all `count` lines.
fn finish_simulate(child: &mut Child, count: usize, stderr: &Path) -> String {
    let status = child.wait().expect("simulate runs");
    let stderr = fs::read_to_string(stderr).unwrap_or_default();
    assert!(status.success(), "simulate failed ({status}):\n{stderr}");
    // UDP and files: `sent N, failed 0`; TCP: `sent N, unconfirmed U, failed 0`, where lines
    // acknowledged long before a collector restart may stay unconfirmed.
    let summary =
        regex::Regex::new(r"(?m)^sent (\d+), (?:unconfirmed (\d+), )?failed (\d+)$").unwrap();
    let counts = summary
        .captures(&stderr)
        .unwrap_or_else(|| panic!("simulate printed no summary:\n{stderr}"));
    let number = |i: usize| {
        counts
            .get(i)
            .map_or(0, |m| m.as_str().parse::<usize>().unwrap())
    };
    assert!(
        number(1) + number(2) == count && number(3) == 0,
        "simulate did not account for all {count} lines as sent with none failed:\n{stderr}"
    );
    stderr
}

/// Sends the run `args` (which must include `--seed`) to each reading's listener, and writes
/// the same lines to a file for reference; returns the lines sent.
fn send(collector: &Collector, args: &[&str], transport: Transport) -> Vec<String> {
    let count: usize = args
        .windows(2)
        .find(|pair| pair[0] == "--count")
        .map(|pair| pair[1].parse().unwrap())
        .expect("the run has a --count");
    let sent_path = collector.path("sent.log");
    let reference_err = collector.path("reference.err");
    let mut reference_args = args.to_vec();
    reference_args.push("--quiet");
    // All at once: with --rate each run takes its paced time, and the file's lines are stamped
    // by the same log clock (k / rate after the start) as those sent.
    let mut reference = spawn_simulate(
        &reference_args,
        Destination::File(&sent_path),
        &reference_err,
    );
    let senders: Vec<(Child, PathBuf)> = READINGS
        .iter()
        .map(|&reading| {
            let address = collector.address(reading, transport);
            let stderr = collector.path(&format!("simulate-{}.err", reading.name()));
            let destination = match transport {
                Transport::Tcp(framing) => Destination::Tcp(&address, framing),
                Transport::Udp => Destination::Udp(&address),
            };
            (spawn_simulate(args, destination, &stderr), stderr)
        })
        .collect();
    for (mut child, stderr) in senders {
        finish_simulate(&mut child, count, &stderr);
    }
    let status = reference.wait().expect("simulate runs");
    assert!(
        status.success(),
        "simulate -o failed: {}",
        fs::read_to_string(&reference_err).unwrap_or_default()
    );
    let sent: Vec<String> = fs::read_to_string(&sent_path)
        .expect("simulate wrote its file")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(sent.len(), count, "simulate -o wrote {count} lines");
    sent
}

/// How one multiset differs from another.
#[derive(Debug, Default)]
struct Difference {
    /// Copies of expected items that are not there.
    missing: usize,
    /// Copies of expected items beyond the expected number.
    repeated: usize,
    /// Items that were not expected at all.
    foreign: usize,
    /// A few of each, for failure messages.
    examples: Vec<String>,
}

impl Difference {
    fn of<'a>(
        expected: impl IntoIterator<Item = &'a str>,
        actual: impl IntoIterator<Item = &'a str>,
    ) -> Difference {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for item in expected {
            counts.entry(item).or_default().0 += 1;
        }
        for item in actual {
            counts.entry(item).or_default().1 += 1;
        }
        let mut difference = Difference::default();
        for (item, (expected, actual)) in counts {
            let note = if actual < expected {
                difference.missing += expected - actual;
                "missing"
            } else if expected == 0 {
                difference.foreign += actual;
                "not expected"
            } else if actual > expected {
                difference.repeated += actual - expected;
                "repeated"
            } else {
                continue;
            };
            if difference.examples.len() < 6 {
                difference.examples.push(format!(
                    "{note} ({expected} expected, {actual} found): {item}"
                ));
            }
        }
        difference
    }

    fn is_empty(&self) -> bool {
        self.missing == 0 && self.repeated == 0 && self.foreign == 0
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} missing, {} repeated, {} not expected",
            self.missing, self.repeated, self.foreign
        )?;
        for example in &self.examples {
            write!(f, "\n  {example}")?;
        }
        Ok(())
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The properties rsyslog must report for a stored line `raw`, from what the line carries.
#[derive(Debug, PartialEq, Eq)]
struct Properties {
    facility: String,
    severity: String,
    hostname: String,
    tag: String,
    programname: String,
    /// `YYYY-MM-DDTHH:MM:SS`: the date and time as sent (rsyslog appends an offset of its own
    /// choosing to timestamps sent without one).
    timestamp: String,
    msg: String,
}

impl Properties {
    fn expected(reading: Reading, raw: &str) -> Result<Properties, String> {
        let (header, _) = parse_header(raw).map_err(|e| format!("header unreadable: {e}"))?;
        let priority = header.priority.ok_or("no <PRI>")?;
        let hostname = header.device_id.ok_or("no device id")?;
        let time = header.timestamp.ok_or("no timestamp")?;
        let year = time.year.ok_or("a timestamp without a year")?;
        let product = format!("%{}-", header.tag.as_str());
        let text = &raw[raw.find(&product).ok_or("no product tag")?..];
        let (tag, msg) = match (&header.rfc5424, reading) {
            // RFC 5424: the TAG is APP-NAME, nil (`-`) as simulate sends it.
            (Some(fields), _) => (fields.app_name.unwrap_or("-").to_owned(), text),
            // FTD sends no RFC 3164 TAG: the `:` after the hostname ends an empty one.
            (None, Reading::Plain) => (":".to_owned(), text),
            // pmcisconames: the TAG is the message's `%FTD-6-716001:`, then the text.
            (None, Reading::Cisco) => {
                let tag = format!("{product}{}-{}:", header.severity, header.id);
                let after = text
                    .strip_prefix(tag.as_str())
                    .ok_or_else(|| format!("the text does not start with {tag}"))?;
                (tag, after.strip_prefix(' ').unwrap_or(after))
            }
        };
        Ok(Properties {
            facility: (priority / 8).to_string(),
            severity: (priority % 8).to_string(),
            hostname: hostname.to_owned(),
            programname: tag.strip_suffix(':').unwrap_or(&tag).to_owned(),
            tag,
            timestamp: format!(
                "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                time.month, time.day, time.hour, time.minute, time.second
            ),
            msg: msg.to_owned(),
        })
    }

    fn reported(record: &Value) -> Result<Properties, String> {
        let field = |name: &str| {
            record[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("no {name}"))
        };
        let timestamp = field("timestamp")?;
        Ok(Properties {
            facility: field("facility")?,
            severity: field("severity")?,
            hostname: field("hostname")?,
            tag: field("tag")?,
            programname: field("programname")?,
            timestamp: timestamp.get(..19).unwrap_or(&timestamp).to_owned(),
            msg: field("msg")?,
        })
    }
}

/// Checks every record of a reading's properties file: its raw message is one of `expected`
/// (the lines that should be stored), and rsyslog's properties are what that line carries.
/// Returns the number of records.
fn check_properties(collector: &Collector, reading: Reading, expected: &HashSet<&str>) -> usize {
    let path = collector.properties(reading);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut records = 0;
    let mut wrong = 0;
    let mut examples = Vec::new();
    for line in text.lines() {
        records += 1;
        let outcome = serde_json::from_str::<Value>(line)
            .map_err(|e| format!("not JSON ({e})"))
            .and_then(|record| {
                let raw = record["rawmsg"].as_str().ok_or("no rawmsg")?;
                if !expected.contains(raw) {
                    return Err(format!("{raw:?} is not a line that was sent"));
                }
                let expected = Properties::expected(reading, raw)?;
                let reported = Properties::reported(&record)?;
                if reported == expected {
                    Ok(())
                } else {
                    Err(format!("expected {expected:?}\n    reported {reported:?}"))
                }
            });
        if let Err(why) = outcome {
            wrong += 1;
            if examples.len() < 5 {
                examples.push(format!("  {line}\n    {why}"));
            }
        }
    }
    assert!(
        wrong == 0,
        "{} reading: {wrong} of {records} records have properties other than what was sent:\n{}",
        reading.name(),
        examples.join("\n")
    );
    records
}

/// Runs `ftd-syslog parse --strict --stats=json` on `path`; checks it recognised all `lines`
/// lines, and returns its JSON objects without their `line` number (the first key).
fn parse_strict(path: &Path, lines: usize) -> Vec<String> {
    let output: Output = Command::new(binary())
        .args(["parse", "--strict", "--stats=json"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("ftd-syslog parse runs");
    let stdout = String::from_utf8(output.stdout).expect("parse writes UTF-8");
    if !output.status.success() {
        let failures: Vec<&str> = stdout
            .lines()
            .filter(|line| line.contains("\"error\"") || line.contains("\"unknown\""))
            .take(5)
            .collect();
        panic!(
            "parse --strict {} failed ({}); some failures:\n{}",
            path.display(),
            output.status,
            failures.join("\n")
        );
    }
    let stats: Value = serde_json::from_slice(&output.stderr).expect("--stats=json is JSON");
    assert_eq!(stats["lines"], lines, "{}: {stats}", path.display());
    assert_eq!(stats["exact"], lines, "{}", path.display());
    stdout
        .lines()
        .map(|line| {
            // `{"line":N,` then the rest, in the documented key order.
            let rest = line
                .strip_prefix("{\"line\":")
                .and_then(|rest| rest.split_once(','))
                .map(|(_, rest)| rest)
                .unwrap_or_else(|| panic!("no line number first: {line}"));
            format!("{{{rest}")
        })
        .collect()
}

/// Sends the run `args` to both readings and checks what rsyslog stored: nothing lost or
/// altered (beyond pmcisconames' documented rewrite), the properties, and that `parse
/// --strict` gives back the same typed values.
fn exchange(name: &str, args: &[&str], transport: Transport) {
    let started = Instant::now();
    let mut collector = Collector::start(name);
    let sent = send(&collector, args, transport);
    for reading in READINGS {
        let stored = collector.wait_for_lines(reading, sent.len());
        assert!(
            stored >= sent.len(),
            "{} reading, over {transport:?}: only {stored} of {} lines stored (the files did \
             not grow for {STALL:?}, or {DELIVERY:?} passed)\n{}",
            reading.name(),
            sent.len(),
            collector.diagnostics()
        );
    }
    // Flushes and closes the files: anything still on its way would be counted now.
    collector.stop();

    let sent_typed = parse_strict(&collector.path("sent.log"), sent.len());
    for reading in READINGS {
        let expected: Vec<String> = sent.iter().map(|l| reading.stored_form(l)).collect();
        let stored = read_lines(&collector.raw(reading));
        let difference = Difference::of(
            expected.iter().map(String::as_str),
            stored.iter().map(String::as_str),
        );
        assert!(
            difference.is_empty(),
            "{} reading, over {transport:?}: the stored lines are not the {} sent: {difference}",
            reading.name(),
            sent.len()
        );
        let known: HashSet<&str> = expected.iter().map(String::as_str).collect();
        let records = check_properties(&collector, reading, &known);
        assert_eq!(records, sent.len(), "{} properties", reading.name());
        let stored_typed = parse_strict(&collector.raw(reading), stored.len());
        let difference = Difference::of(
            sent_typed.iter().map(String::as_str),
            stored_typed.iter().map(String::as_str),
        );
        assert!(
            difference.is_empty(),
            "{} reading: parse --strict gives other values for the stored lines than for \
             the sent ones: {difference}",
            reading.name()
        );
    }
    eprintln!(
        "{name}: {} lines over {transport:?} to each reading, checked in {:.1}s",
        sent.len(),
        started.elapsed().as_secs_f64()
    );
}

/// UDP has no flow control: a datagram that finds rsyslog's socket buffer full is dropped.
/// The UDP test therefore runs alone among this file's tests (the others hold this lock shared,
/// it holds it exclusively), so that rsyslog is not busy with their bursts meanwhile.
static UDP_ALONE: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    UDP_ALONE.read().unwrap_or_else(PoisonError::into_inner)
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    UDP_ALONE.write().unwrap_or_else(PoisonError::into_inner)
}

#[test]
fn tcp_octet_counting_loses_and_alters_nothing() {
    let _shared = shared();
    exchange(
        "tcp",
        &["--all", "--count", "100000", "--seed", "4"],
        Transport::Tcp("octet-counting"),
    );
}

#[test]
fn udp_delivers_every_datagram() {
    let _alone = exclusive();
    exchange(
        "udp",
        &[
            "--all",
            "--count",
            "10000",
            "--seed",
            "5",
            "--rate",
            "5000/s",
            "--tag",
            "asa",
            "--facility",
            "local6",
            "--device-id",
            "asa-dc2.example.net",
        ],
        Transport::Udp,
    );
}

#[test]
fn rfc5424_over_tcp_with_lf_framing() {
    let _shared = shared();
    exchange(
        "rfc5424",
        &[
            "--all",
            "--count",
            "10000",
            "--seed",
            "6",
            "--header",
            "rfc5424",
            "--device-id",
            "ftd-2.example.net",
        ],
        Transport::Tcp("lf"),
    );
}

/// A `simulate` run that is killed (SIGKILL ends a stopped process too) if the test ends
/// before it does, so that a failing test leaves no stopped process behind.
struct Sender(Child);

impl Drop for Sender {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// The outage: simulate finds nobody listening and must retry with backoff, holding its lines.
const OUTAGE: Duration = Duration::from_millis(500);

#[test]
fn a_collector_restart_during_a_tcp_run_loses_nothing() {
    let _shared = shared();
    const COUNT: usize = 40_000;
    let count = COUNT.to_string();
    // Four seconds at this pace; rsyslog is stopped about one second in.
    let args = [
        "--all", "--count", &count, "--seed", "8", "--rate", "10000/s",
    ];
    let mut collector = Collector::start("restart");
    let sent_path = collector.path("sent.log");
    let reference_err = collector.path("reference.err");
    let sender_err = collector.path("simulate.err");
    let mut reference = spawn_simulate(
        &[&args[..], &["--quiet"]].concat(),
        Destination::File(&sent_path),
        &reference_err,
    );
    let address = collector.address(Reading::Plain, Transport::Tcp("octet-counting"));
    let mut sender = Sender(spawn_simulate(
        &args,
        Destination::Tcp(&address, "octet-counting"),
        &sender_err,
    ));

    let before = collector.wait_for_lines(Reading::Plain, COUNT / 4);
    assert!(
        before >= COUNT / 4,
        "only {before} lines stored before the restart\n{}",
        collector.diagnostics()
    );
    // Stop rsyslog in the middle of the run, with simulate sending.
    collector.stop();
    let at_stop = LineCounter::new(collector.raw(Reading::Plain)).count();
    thread::sleep(OUTAGE);
    collector.launch();

    let report = finish_simulate(&mut sender.0, COUNT, &sender_err);
    assert!(
        report.contains("reconnecting"),
        "simulate never reconnected, so the restart tested nothing:\n{report}"
    );
    let status = reference.wait().expect("simulate runs");
    assert!(status.success(), "simulate -o failed");
    let stored_count = collector.wait_for_lines(Reading::Plain, COUNT);
    collector.stop();
    assert!(
        at_stop < COUNT,
        "all lines were stored before the stop: the run was not interrupted"
    );

    let sent = read_lines(&sent_path);
    assert_eq!(sent.len(), COUNT);
    let stored = read_lines(&collector.raw(Reading::Plain));
    let difference = Difference::of(
        sent.iter().map(String::as_str),
        stored.iter().map(String::as_str),
    );
    assert!(
        difference.missing == 0 && difference.foreign == 0,
        "across a restart ({at_stop} lines stored before it, {stored_count} at the end): \
         {difference}"
    );
    let known: HashSet<&str> = sent.iter().map(String::as_str).collect();
    check_properties(&collector, Reading::Plain, &known);
    parse_strict(&collector.raw(Reading::Plain), stored.len());
    let reconnection = report
        .lines()
        .find(|l| l.contains("reconnecting"))
        .unwrap_or("");
    eprintln!(
        "restart: {COUNT} lines sent, {at_stop} stored before the stop, {} stored twice; \
         {reconnection}",
        difference.repeated
    );
}
