//! A RELP client: syslog lines to a collector that acknowledges each one (the Reliable Event
//! Logging Protocol, as rsyslog's `imrelp` and `omrelp` speak it), with reconnection and
//! resending, in one thread and bounded memory.
//!
//! ```no_run
//! use ftd_syslog::relp::{RelpClient, RelpOptions};
//! let mut client = RelpClient::connect("127.0.0.1:2514", RelpOptions::default())?;
//! client.send(b"<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <g> User <u> IP <192.0.2.7> WebVPN session started.")?;
//! let report = client.finish()?;
//! assert_eq!(report.acknowledged, 1);
//! # Ok::<(), ftd_syslog::relp::RelpError>(())
//! ```
//!
//! # What is guaranteed
//!
//! - **Delivered means acknowledged.** A line counts as delivered
//!   ([`RelpReport::acknowledged`]) only when the collector answered `200` to the `syslog`
//!   command that carried it. rsyslog answers once it has put the message in its queue; what
//!   happens to the message after that (an in-memory queue lost to a crash, for instance) is
//!   up to the collector's queue configuration.
//! - **At least once.** When the connection is lost (closed, reset, a malformed frame from the
//!   server, `serverclose`, or no acknowledgement for [`RelpOptions::ack_timeout`]), the client
//!   reconnects with exponential backoff, bounded by [`RelpOptions::reconnect_attempts`] and
//!   [`RelpOptions::reconnect_time`] per outage, and sends every unacknowledged line again,
//!   in the original order. A line whose first copy had reached the collector is then stored
//!   twice: [`RelpReport::resent`] counts the copies sent again, so it bounds the duplicates.
//!   Lines are in order except that a resent line may follow lines sent after its first copy.
//! - **Every line is accounted for.** After [`RelpClient::finish`], each line given to
//!   [`RelpClient::send`] is counted exactly once as acknowledged, rejected (a non-200 answer:
//!   the collector refused it; it is not resent, and the first few answers are kept in
//!   [`RelpReport::rejections`]) or failed (refused by `send`, or still unacknowledged when
//!   reconnecting gave up or `finish`'s time ran out). Dropping a client without `finish`
//!   abandons its unacknowledged lines uncounted.
//! - **Bounded.** At most [`RelpOptions::window`] lines wait for acknowledgement (`send`
//!   blocks, reading acknowledgements, while the window is full); a frame from the server may
//!   carry at most 64 KiB; every wait has a timeout. Nothing panics on what the server sends.
//!
//! Transaction numbers run from 1 (the `open` command) to 999,999,999 and wrap to 1; each
//! connection starts again at 1. The client offers `relp_version=0` and `commands=syslog`
//! and requires the server to accept both.

mod frame;

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::thread;
use std::time::{Duration, Instant};

/// The most data a frame from the server may carry: responses are a code, a short text and,
/// for `open`, a few offers.
const MAX_RESPONSE: usize = 64 * 1024;
/// How much is read from the socket at once.
const READ_CHUNK: usize = 16 * 1024;
/// The largest window: the lines waiting for acknowledgement are kept in memory.
const MAX_WINDOW: usize = 65_536;
/// How many rejections and connection losses the report keeps as examples.
const KEPT_EXAMPLES: usize = 10;

/// How the client sends, waits and reconnects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelpOptions {
    /// The most lines sent and not yet acknowledged (1 to 65,536); `send` blocks while this
    /// many wait.
    pub window: usize,
    /// The longest line `send` accepts, in bytes. Set it to the collector's limit: rsyslog's
    /// imrelp takes its `maxDataSize` (by default its global `maxMessageSize`, 8 KiB) and, by
    /// default, truncates longer messages and acknowledges them.
    pub max_message: usize,
    /// How long one TCP connection attempt may take.
    pub connect_timeout: Duration,
    /// How long the client waits for an acknowledgement (or the answer to `open`) before it
    /// takes the connection as dead and reconnects.
    pub ack_timeout: Duration,
    /// The most connection attempts after one loss before giving up.
    pub reconnect_attempts: u32,
    /// The most time spent reconnecting after one loss before giving up.
    pub reconnect_time: Duration,
    /// The wait before the second attempt; it doubles up to `backoff_max`. The first attempt
    /// is immediate.
    pub backoff_initial: Duration,
    /// The longest wait between two attempts.
    pub backoff_max: Duration,
    /// How long [`RelpClient::finish`] waits for the last acknowledgements.
    pub finish_timeout: Duration,
}

impl Default for RelpOptions {
    fn default() -> Self {
        RelpOptions {
            window: 128,
            max_message: 8 * 1024,
            connect_timeout: Duration::from_secs(5),
            ack_timeout: Duration::from_secs(15),
            reconnect_attempts: 30,
            reconnect_time: Duration::from_secs(60),
            backoff_initial: Duration::from_millis(50),
            backoff_max: Duration::from_secs(2),
            finish_timeout: Duration::from_secs(120),
        }
    }
}

impl RelpOptions {
    fn check(&self) -> Result<(), RelpError> {
        let problem = if !(1..=MAX_WINDOW).contains(&self.window) {
            "window must be 1 to 65536"
        } else if !(1..=frame::MAX_TXNR as usize).contains(&self.max_message) {
            "max_message must be 1 to 999999999 bytes"
        } else if self.connect_timeout.is_zero() || self.ack_timeout.is_zero() {
            "connect_timeout and ack_timeout must be above zero"
        } else if self.reconnect_attempts == 0 {
            "reconnect_attempts must be at least 1"
        } else {
            return Ok(());
        };
        Err(RelpError::InvalidOptions(problem))
    }
}

/// What happened to the lines sent so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelpReport {
    /// Lines the collector acknowledged (`200`): delivered.
    pub acknowledged: u64,
    /// Lines the collector refused (another code); not resent.
    pub rejected: u64,
    /// Copies sent again after a reconnection: at most this many lines are stored twice.
    pub resent: u64,
    /// Lines given up: refused by `send`, or unacknowledged when the client gave up.
    pub failed: u64,
    /// Successful reconnections.
    pub reconnects: u64,
    /// The first rejections.
    pub rejections: Vec<Rejection>,
    /// Why the first connections were lost.
    pub losses: Vec<String>,
}

impl RelpReport {
    /// Whether every line was acknowledged.
    pub fn all_delivered(&self) -> bool {
        self.rejected == 0 && self.failed == 0
    }
}

impl fmt::Display for RelpReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "acknowledged {}, rejected {}, failed {}, resent {}, reconnects {}",
            self.acknowledged, self.rejected, self.failed, self.resent, self.reconnects
        )
    }
}

/// A line the collector refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The response code (not 200).
    pub code: u16,
    /// The collector's text.
    pub text: String,
    /// The beginning of the line.
    pub line: String,
}

/// Why the client cannot go on, or could not deliver everything.
#[derive(Debug)]
#[non_exhaustive]
pub enum RelpError {
    /// An option is out of range.
    InvalidOptions(&'static str),
    /// The connection or the `open` exchange failed.
    Connect {
        /// HOST:PORT as given.
        address: String,
        /// What failed.
        detail: String,
    },
    /// The server answered `open` with another code than 200.
    Refused {
        address: String,
        code: u16,
        text: String,
    },
    /// The server does not offer what this client needs (RELP version 0, the `syslog`
    /// command).
    Incompatible { address: String, detail: String },
    /// The line is longer than [`RelpOptions::max_message`]; it was counted as failed.
    TooLarge { length: usize, limit: usize },
    /// The connection was lost and could not be restored: the unacknowledged lines, and every
    /// line sent since, count as failed.
    GaveUp { detail: String },
    /// [`RelpClient::finish`] ended with lines not delivered (failed); the report says how
    /// many of each.
    Undelivered { report: RelpReport, detail: String },
}

impl fmt::Display for RelpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelpError::InvalidOptions(problem) => write!(f, "RELP options: {problem}"),
            RelpError::Connect { address, detail } => write!(f, "RELP to {address}: {detail}"),
            RelpError::Refused {
                address,
                code,
                text,
            } => write!(
                f,
                "RELP to {address}: the server refused the session: {code} {text}"
            ),
            RelpError::Incompatible { address, detail } => {
                write!(f, "RELP to {address}: {detail}")
            }
            RelpError::TooLarge { length, limit } => write!(
                f,
                "a line of {length} bytes is longer than the {limit} bytes allowed (max_message)"
            ),
            RelpError::GaveUp { detail } => write!(f, "RELP: {detail}"),
            RelpError::Undelivered { report, detail } => {
                write!(f, "RELP: not everything was delivered ({report}): {detail}")
            }
        }
    }
}

impl std::error::Error for RelpError {}

/// A line sent and not yet acknowledged.
#[derive(Debug)]
struct Pending {
    /// Its transaction number in the current connection.
    txnr: u32,
    line: Box<[u8]>,
    /// Whether a copy was written before (on this or an earlier connection).
    written: bool,
}

/// A RELP connection to a collector; see the [module documentation](self) for what it
/// guarantees.
#[derive(Debug)]
pub struct RelpClient {
    address: String,
    options: RelpOptions,
    /// None between a loss and a reconnection.
    session: Option<Session>,
    pending: VecDeque<Pending>,
    report: RelpReport,
    /// Why the client gave up reconnecting, once it has.
    gave_up: Option<String>,
    /// Frames being written.
    out: Vec<u8>,
}

impl RelpClient {
    /// Connects to `address` (HOST:PORT) and opens a RELP session. One attempt: a collector
    /// that is not there is an error, not a wait.
    pub fn connect(address: &str, options: RelpOptions) -> Result<RelpClient, RelpError> {
        options.check()?;
        let session = Session::open(address, &options)?;
        Ok(RelpClient {
            address: address.to_owned(),
            options,
            session: Some(session),
            pending: VecDeque::new(),
            report: RelpReport::default(),
            gave_up: None,
            out: Vec::new(),
        })
    }

    /// Sends one line (without a line terminator). Blocks while the window is full, reading
    /// acknowledgements, and reconnects when the connection is lost. An error means the line
    /// was counted as failed: it is too long, or the client gave up reconnecting (then every
    /// later call fails too).
    pub fn send(&mut self, line: &[u8]) -> Result<(), RelpError> {
        if let Some(detail) = &self.gave_up {
            self.report.failed += 1;
            return Err(RelpError::GaveUp {
                detail: detail.clone(),
            });
        }
        if line.len() > self.options.max_message {
            self.report.failed += 1;
            return Err(RelpError::TooLarge {
                length: line.len(),
                limit: self.options.max_message,
            });
        }
        let window = self.options.window;
        if let Err(e) = self.await_acks(None, |waiting| waiting < window) {
            self.report.failed += 1;
            return Err(e);
        }
        self.pending.push_back(Pending {
            txnr: 0,
            line: line.into(),
            written: false,
        });
        let Some(session) = self.session.as_mut() else {
            return self.recover("not connected".to_owned());
        };
        let newest = self.pending.back_mut().expect("a line was just queued");
        newest.txnr = session.take_txnr();
        newest.written = true;
        self.out.clear();
        frame::encode(&mut self.out, newest.txnr, "syslog", &newest.line);
        if let Err(e) = session.stream.write_all(&self.out) {
            return self.recover(format!("sending failed: {e}"));
        }
        Ok(())
    }

    /// What happened to the lines so far (acknowledgements not yet read are not counted).
    pub fn report(&self) -> &RelpReport {
        &self.report
    }

    /// How many lines wait for acknowledgement.
    pub fn unacknowledged(&self) -> usize {
        self.pending.len()
    }

    /// Waits up to [`RelpOptions::finish_timeout`] for every acknowledgement (reconnecting and
    /// resending as needed), closes the session and reports. An error when lines failed.
    pub fn finish(mut self) -> Result<RelpReport, RelpError> {
        let deadline = Instant::now() + self.options.finish_timeout;
        let mut detail = self.gave_up.clone();
        if detail.is_none() {
            match self.await_acks(Some(deadline), |waiting| waiting == 0) {
                Ok(()) => {}
                Err(RelpError::GaveUp { detail: why }) => detail = Some(why),
                Err(other) => detail = Some(other.to_string()),
            }
        }
        if !self.pending.is_empty() {
            // Only the deadline leaves lines pending: giving up counts them already.
            let waiting = self.pending.len();
            self.report.failed += waiting as u64;
            self.pending.clear();
            detail = Some(format!(
                "{waiting} lines still unacknowledged after {:?}",
                self.options.finish_timeout
            ));
        }
        if let Some(session) = self.session.take() {
            session.close(self.options.ack_timeout);
        }
        if self.report.failed > 0 {
            let detail = detail
                .unwrap_or_else(|| format!("{} lines were refused by `send`", self.report.failed));
            return Err(RelpError::Undelivered {
                report: self.report,
                detail,
            });
        }
        Ok(self.report)
    }

    /// Reads acknowledgements until `done(unacknowledged lines)` holds, reconnecting when the
    /// connection is lost. With a deadline, returns (leaving lines pending) when it passes.
    fn await_acks(
        &mut self,
        deadline: Option<Instant>,
        done: impl Fn(usize) -> bool,
    ) -> Result<(), RelpError> {
        while !done(self.pending.len()) {
            let Some(session) = self.session.as_mut() else {
                self.recover("not connected".to_owned())?;
                continue;
            };
            let silence_limit = Instant::now() + self.options.ack_timeout;
            let until = deadline.map_or(silence_limit, |d| d.min(silence_limit));
            match session.read_event(until) {
                Ok(Event::Response { txnr, code, text }) => {
                    if let Err(why) = self.settle(txnr, code, text) {
                        self.recover(why)?;
                    }
                }
                Ok(Event::ServerClose) => {
                    self.recover("the server closed the session (serverclose)".to_owned())?
                }
                Err(Loss::TimedOut) if deadline.is_some_and(|d| Instant::now() >= d) => {
                    return Ok(());
                }
                Err(Loss::TimedOut) => self.recover(format!(
                    "no acknowledgement for {:?}",
                    self.options.ack_timeout
                ))?,
                Err(Loss::Broken(why)) => self.recover(why)?,
            }
        }
        Ok(())
    }

    /// Takes the answer `code` to the line sent as `txnr` off the pending lines.
    fn settle(&mut self, txnr: u32, code: u16, text: String) -> Result<(), String> {
        let Some(index) = self.pending.iter().position(|p| p.txnr == txnr) else {
            return Err(format!(
                "the server answered transaction {txnr}, which is not waiting for an answer"
            ));
        };
        let settled = self
            .pending
            .remove(index)
            .expect("the index was just found");
        if code == 200 {
            self.report.acknowledged += 1;
        } else {
            self.report.rejected += 1;
            if self.report.rejections.len() < KEPT_EXAMPLES {
                self.report.rejections.push(Rejection {
                    code,
                    text,
                    line: frame::excerpt(&settled.line),
                });
            }
        }
        Ok(())
    }

    /// After a loss (`why`): reconnects with backoff and sends every pending line again. When
    /// the attempts or the time run out, counts the pending lines as failed and gives up.
    fn recover(&mut self, why: String) -> Result<(), RelpError> {
        self.session = None;
        if self.report.losses.len() < KEPT_EXAMPLES {
            self.report.losses.push(why.clone());
        }
        let started = Instant::now();
        let mut delay = self.options.backoff_initial;
        let mut attempts = 0;
        let last_error = loop {
            attempts += 1;
            let error = match Session::open(&self.address, &self.options) {
                Ok(session) => match self.resend(session) {
                    Ok(()) => {
                        self.report.reconnects += 1;
                        return Ok(());
                    }
                    Err(e) => e,
                },
                Err(e @ RelpError::Incompatible { .. }) => break e.to_string(),
                Err(e) => e.to_string(),
            };
            let out_of_time = started.elapsed() + delay > self.options.reconnect_time;
            if attempts >= self.options.reconnect_attempts || out_of_time {
                break error;
            }
            thread::sleep(delay);
            delay = (delay * 2).min(self.options.backoff_max);
        };
        let lost = self.pending.len();
        self.report.failed += lost as u64;
        self.pending.clear();
        let detail = format!(
            "connection lost ({why}); gave up reconnecting after {attempts} attempts in {:.1}s \
             (last: {last_error}); {lost} unacknowledged lines failed",
            started.elapsed().as_secs_f64()
        );
        self.gave_up = Some(detail.clone());
        Err(RelpError::GaveUp { detail })
    }

    /// Sends every pending line on a new session, in order, and keeps the session.
    fn resend(&mut self, mut session: Session) -> Result<(), String> {
        self.out.clear();
        for pending in &mut self.pending {
            pending.txnr = session.take_txnr();
            if pending.written {
                self.report.resent += 1;
            }
            pending.written = true;
            frame::encode(&mut self.out, pending.txnr, "syslog", &pending.line);
        }
        session
            .stream
            .write_all(&self.out)
            .map_err(|e| format!("resending after reconnecting failed: {e}"))?;
        self.session = Some(session);
        Ok(())
    }
}

/// What the server sent.
#[derive(Debug)]
enum Event {
    Response { txnr: u32, code: u16, text: String },
    ServerClose,
}

/// Why no event came.
#[derive(Debug)]
enum Loss {
    TimedOut,
    /// The connection is unusable: closed, failed, or the server broke the protocol.
    Broken(String),
}

/// One connection with an open RELP session.
#[derive(Debug)]
struct Session {
    stream: TcpStream,
    next_txnr: u32,
    /// Bytes read and not yet parsed start at `input[start]`.
    input: Vec<u8>,
    start: usize,
}

/// The client's offers: `relp_version=0` and the one command it sends.
const OFFERS: &str = concat!(
    "relp_version=0\nrelp_software=ftd-syslog,",
    env!("CARGO_PKG_VERSION"),
    "\ncommands=syslog\n"
);

impl Session {
    /// Connects and exchanges `open`: the server must answer 200 and accept RELP version 0
    /// and the `syslog` command.
    fn open(address: &str, options: &RelpOptions) -> Result<Session, RelpError> {
        let failed = |detail: String| RelpError::Connect {
            address: address.to_owned(),
            detail,
        };
        let stream = connect_any(address, options.connect_timeout).map_err(failed)?;
        let setup = stream
            .set_nodelay(true)
            .and_then(|()| stream.set_write_timeout(Some(options.ack_timeout)));
        setup.map_err(|e| failed(format!("cannot set up the socket: {e}")))?;
        let mut session = Session {
            stream,
            next_txnr: 1,
            input: Vec::with_capacity(READ_CHUNK),
            start: 0,
        };
        let txnr = session.take_txnr();
        let mut open = Vec::new();
        frame::encode(&mut open, txnr, "open", OFFERS.as_bytes());
        session
            .stream
            .write_all(&open)
            .map_err(|e| failed(format!("sending `open` failed: {e}")))?;
        let answer = session.read_frame(Instant::now() + options.ack_timeout, |frame| {
            if frame.txnr != txnr || frame.command != b"rsp" {
                return Err(format!(
                    "expected the answer to `open` (transaction {txnr}), got {:?}",
                    frame::excerpt(frame.command)
                ));
            }
            let response = frame::parse_response(frame.data)?;
            Ok((
                response.code,
                response.text.to_vec(),
                response.rest.to_vec(),
            ))
        });
        let (code, text, offers) = answer.map_err(|loss| match loss {
            Loss::TimedOut => failed(format!("no answer to `open` in {:?}", options.ack_timeout)),
            Loss::Broken(why) => failed(why),
        })?;
        if code != 200 {
            return Err(RelpError::Refused {
                address: address.to_owned(),
                code,
                text: String::from_utf8_lossy(&text).into_owned(),
            });
        }
        check_offers(&offers).map_err(|detail| RelpError::Incompatible {
            address: address.to_owned(),
            detail,
        })?;
        Ok(session)
    }

    fn take_txnr(&mut self) -> u32 {
        let txnr = self.next_txnr;
        self.next_txnr = frame::next_txnr(txnr);
        txnr
    }

    /// Reads the next frame from the server as an event.
    fn read_event(&mut self, until: Instant) -> Result<Event, Loss> {
        self.read_frame(until, |frame| match frame.command {
            b"rsp" => {
                let response = frame::parse_response(frame.data)?;
                Ok(Event::Response {
                    txnr: frame.txnr,
                    code: response.code,
                    text: String::from_utf8_lossy(response.text).into_owned(),
                })
            }
            b"serverclose" => Ok(Event::ServerClose),
            other => Err(format!(
                "the server sent the command {:?}, which a client does not expect",
                frame::excerpt(other)
            )),
        })
    }

    /// Reads until a whole frame is there (or `until` passes) and gives it to `take`; an
    /// error from `take` is a protocol error.
    fn read_frame<T>(
        &mut self,
        until: Instant,
        take: impl FnOnce(frame::Frame<'_>) -> Result<T, String>,
    ) -> Result<T, Loss> {
        loop {
            match frame::parse(&self.input[self.start..], MAX_RESPONSE) {
                Ok(Some((frame, used))) => {
                    let taken = take(frame).map_err(|why| protocol_error(&why));
                    self.start += used;
                    return taken;
                }
                Ok(None) => {}
                Err(e) => return Err(protocol_error(&e.to_string())),
            }
            // Keep only the incomplete frame before reading more (bounded by MAX_RESPONSE).
            self.input.drain(..self.start);
            self.start = 0;
            let now = Instant::now();
            if now >= until {
                return Err(Loss::TimedOut);
            }
            self.stream
                .set_read_timeout(Some(until - now))
                .map_err(|e| Loss::Broken(format!("cannot set a read timeout: {e}")))?;
            let filled = self.input.len();
            self.input.resize(filled + READ_CHUNK, 0);
            let read = self.stream.read(&mut self.input[filled..]);
            self.input.truncate(filled + *read.as_ref().unwrap_or(&0));
            match read {
                Ok(0) => return Err(Loss::Broken("the server closed the connection".to_owned())),
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(Loss::Broken(format!("reading failed: {e}"))),
            }
        }
    }

    /// Sends `close` and waits briefly for its answer; the data is already acknowledged, so
    /// failures here change nothing.
    fn close(mut self, wait: Duration) {
        let txnr = self.take_txnr();
        let mut close = Vec::new();
        frame::encode(&mut close, txnr, "close", b"");
        if self.stream.write_all(&close).is_err() {
            return;
        }
        let until = Instant::now() + wait;
        while let Ok(Event::Response { txnr: answered, .. }) = self.read_event(until) {
            if answered == txnr {
                break;
            }
        }
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

fn protocol_error(why: &str) -> Loss {
    Loss::Broken(format!("protocol error from the server: {why}"))
}

/// Connects to the first address of `address` that accepts.
fn connect_any(address: &str, timeout: Duration) -> Result<TcpStream, String> {
    let targets = address
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve the address: {e}"))?;
    let mut last = format!("{address} resolves to no address");
    for target in targets {
        match TcpStream::connect_timeout(&target, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = format!("cannot connect to {target}: {e}"),
        }
    }
    Err(last)
}

/// Checks the server's offers: version 0 and the `syslog` command.
fn check_offers(text: &[u8]) -> Result<(), String> {
    let offers = frame::parse_offers(text);
    let values = |name: &[u8]| offers.iter().find(|o| o.name == name).map(|o| &o.values);
    match values(b"relp_version") {
        Some(versions) if versions.iter().any(|v| *v == b"0") => {}
        Some(versions) => {
            let offered: Vec<String> = versions.iter().map(|v| frame::excerpt(v)).collect();
            return Err(format!(
                "the server offers RELP version {}, this client speaks version 0",
                offered.join(",")
            ));
        }
        None => return Err("the server's answer to `open` has no relp_version".to_owned()),
    }
    match values(b"commands") {
        Some(commands) if commands.iter().any(|c| *c == b"syslog") => Ok(()),
        _ => Err(format!(
            "the server does not accept the `syslog` command (its offers: {:?})",
            frame::excerpt(text)
        )),
    }
}

#[cfg(test)]
mod tests;
