//! TCP syslog (RFC 6587) that reports only what it knows: octet-counting (`LEN SP MSG`) or LF
//! framing; reconnection with backoff within a budget; resending of every line not known to
//! have been read.
//!
//! # What `sent`, `unconfirmed` and `failed` mean
//!
//! A successful `write` only means the local kernel took the bytes, and the peer's TCP
//! acknowledgement only means the collector's kernel received them: a collector that stops
//! with data still unread in its socket discards it, and its kernel then answers with a reset
//! (RST) instead of a FIN. So a line is:
//!
//! - **sent** when the connection that carried it ended cleanly: every byte was acknowledged
//!   (the send queue, read with `SIOCOUTQ`, drained), and the collector then closed with a FIN,
//!   which the kernel sends only when nothing received was left unread. At the end of a run
//!   the simulator shuts down its write side and waits (bounded) for that FIN; a collector
//!   that closes by itself during the run confirms what it had acknowledged the same way.
//! - **unconfirmed** when the collector's kernel acknowledged it and nothing says whether the
//!   collector read it: the collector did not close within the wait at the end, or the line
//!   was acknowledged more than [`RETAIN_BYTES`] before a reset (older lines are not kept to be
//!   sent again, so memory stays bounded).
//! - **failed** when it could not be written or acknowledged and the reconnection budget ran
//!   out, or its connection ended with a reset and it could not be sent again.
//!
//! After a reset or an error every line not confirmed (still in memory) is sent again on a new
//! connection, so a collector can store a line twice (at least once), never silently zero
//! times. Elsewhere than Linux `SIOCOUTQ` is not available, written bytes count as
//! acknowledged, and only the closing FIN confirms.
//!
//! # Bounded retries
//!
//! Reconnections wait with exponential backoff (reset only when a connection makes progress,
//! so a collector that accepts and then drops every connection is not hammered), each outage
//! is bounded by `--reconnect-timeout`, and the whole run by a total number of attempts and a
//! total time spent reconnecting. Repeated notes are printed once and counted.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::notes::Notes;
use super::sink::{resolve, Sink, Stopped, Tally, Transport};
use crate::signals;

/// How lines are delimited on the stream (RFC 6587).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Framing {
    /// `LEN SP MSG`: robust to any content.
    OctetCounting,
    /// `MSG LF`: what older, line-oriented collectors read.
    Lf,
}

/// How much is gathered before writing, when lines come faster than the pacer waits: large
/// enough that the checks around a write (peer still open, bytes acknowledged) cost little
/// per line.
const BATCH_BYTES: usize = 256 * 1024;
/// The first wait between connection attempts; it doubles up to [`BACKOFF_CAP`].
const BACKOFF_START: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(5);
/// How long a collector that closed its side gets to acknowledge what is in flight (one that
/// only half-closed may still read).
const CLOSE_GRACE: Duration = Duration::from_secs(1);
/// The longest wait for the collector's FIN at the end.
const FIN_WAIT_CAP: Duration = Duration::from_secs(10);
/// How long the end waits, after SIGINT or SIGTERM, for acknowledgements and the FIN.
const INTERRUPTED_WAIT: Duration = Duration::from_secs(2);
/// How much acknowledged, unconfirmed data is kept to be sent again after a reset: what a
/// collector's socket buffer can hold unread when it stops (Linux's default receive buffer is
/// 128 KiB, growing with autotuning under load).
pub const RETAIN_BYTES: usize = 4 * 1024 * 1024;

/// How TCP frames, waits and retries.
#[derive(Debug, Clone)]
pub struct TcpSettings {
    /// The framing.
    pub framing: Framing,
    /// How long one outage may last; also how long the end waits for acknowledgements.
    pub reconnect_timeout: Duration,
    /// Connection attempts allowed across the run, after the first.
    pub reconnect_attempts: u32,
    /// Time allowed across the run for waiting between attempts and connecting.
    pub reconnect_budget: Duration,
}

/// TCP to a collector.
#[derive(Debug)]
pub struct TcpSink {
    target: String,
    settings: TcpSettings,
    stream: Option<TcpStream>,
    /// Framed lines from stream offset `base` on, not confirmed: acknowledged, then written,
    /// then not yet written. Offsets count bytes of the framed stream since the start of the
    /// run (a line sent again keeps its offsets).
    buffer: VecDeque<u8>,
    base: u64,
    /// The end offset of each line in `buffer`.
    frame_ends: VecDeque<u64>,
    /// The offset up to which the current connection has been written, and acknowledged.
    written: u64,
    acked: u64,
    /// Lines the current connection got acknowledged and that were dropped from memory
    /// (beyond [`RETAIN_BYTES`]): confirmed by a clean close, else unconfirmed.
    evicted: u64,
    /// The highest offset ever acknowledged: acknowledgements beyond it are progress.
    high_water: u64,
    backoff: Duration,
    attempts_used: u32,
    reconnect_spent: Duration,
    tally: Tally,
    notes: Notes,
    stopped: Option<String>,
}

/// Why a connection is being replaced.
#[derive(Debug)]
enum Failure {
    /// The collector closed its side (FIN).
    Closed,
    /// A reset or another I/O error.
    Error(io::Error),
}

/// How a connection ended when the simulator closed it.
enum Ending {
    /// FIN after everything was acknowledged: everything was read.
    Clean,
    /// Reset or error: what was acknowledged may not have been read.
    Broken(io::Error),
    /// No FIN in time.
    NoAnswer,
}

impl TcpSink {
    /// Connects to `target` (`host:port`), retrying with backoff within the settings' limits.
    pub fn connect(target: &str, settings: TcpSettings, quiet: bool) -> Result<TcpSink, String> {
        resolve(target)?;
        let mut sink = TcpSink {
            target: target.to_owned(),
            settings,
            stream: None,
            buffer: VecDeque::new(),
            base: 0,
            frame_ends: VecDeque::new(),
            written: 0,
            acked: 0,
            evicted: 0,
            high_water: 0,
            backoff: BACKOFF_START,
            attempts_used: 0,
            reconnect_spent: Duration::ZERO,
            tally: Tally::new(Transport::Tcp),
            notes: Notes::new(quiet),
            stopped: None,
        };
        let first = sink.establish(true);
        sink.notes.finish();
        sink.stream = Some(first?);
        Ok(sink)
    }

    /// Opens a connection: at once when `first`, else after the backoff wait; retries until
    /// the outage's time, the run's attempts or the run's reconnection time run out.
    fn establish(&mut self, mut first: bool) -> Result<TcpStream, String> {
        let outage = Instant::now();
        let per_attempt = self
            .settings
            .reconnect_timeout
            .clamp(Duration::from_millis(100), Duration::from_secs(5));
        let mut last_error = String::from("no attempt made");
        loop {
            if let Some(signal) = signals::received() {
                return Err(format!(
                    "cannot connect to {}: interrupted by signal {signal}",
                    self.target
                ));
            }
            if !first {
                let limit = if self.attempts_used >= self.settings.reconnect_attempts {
                    Some(format!(
                        "the {} reconnection attempts allowed per run are used up",
                        self.settings.reconnect_attempts
                    ))
                } else if self.reconnect_spent >= self.settings.reconnect_budget {
                    Some(format!(
                        "the {:?} allowed per run for reconnecting are used up",
                        self.settings.reconnect_budget
                    ))
                } else if outage.elapsed() >= self.settings.reconnect_timeout {
                    Some(format!(
                        "no connection within --reconnect-timeout {:?}",
                        self.settings.reconnect_timeout
                    ))
                } else {
                    None
                };
                if let Some(limit) = limit {
                    return Err(format!(
                        "cannot connect to {}: {last_error} (gave up: {limit})",
                        self.target
                    ));
                }
                let left = (self
                    .settings
                    .reconnect_timeout
                    .saturating_sub(outage.elapsed()))
                .min(self.settings.reconnect_budget - self.reconnect_spent);
                let wait = self.backoff.min(left);
                signals::sleep_unless_signalled(wait);
                self.reconnect_spent += wait;
                self.backoff = (self.backoff * 2).min(BACKOFF_CAP);
                self.attempts_used += 1;
            }
            first = false;
            let started = Instant::now();
            let attempt = resolve(&self.target).and_then(|address| {
                TcpStream::connect_timeout(&address, per_attempt).map_err(|e| e.to_string())
            });
            self.reconnect_spent += started.elapsed();
            match attempt {
                Ok(stream) => {
                    // Lines are batched already; waiting for more would only delay them.
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_write_timeout(Some(
                        self.settings.reconnect_timeout.max(Duration::from_secs(1)),
                    ));
                    return Ok(stream);
                }
                Err(error) => {
                    self.notes.note(&format!(
                        "cannot connect to {} ({error}); retrying with backoff",
                        self.target
                    ));
                    last_error = error;
                }
            }
        }
    }

    fn frame(&mut self, line: &[u8]) {
        match self.settings.framing {
            Framing::OctetCounting => {
                self.buffer
                    .extend(itoa::Buffer::new().format(line.len()).as_bytes());
                self.buffer.push_back(b' ');
                self.buffer.extend(line);
            }
            Framing::Lf => {
                self.buffer.extend(line);
                self.buffer.push_back(b'\n');
            }
        }
        self.frame_ends
            .push_back(self.base + self.buffer.len() as u64);
    }

    fn unwritten(&self) -> u64 {
        self.base + self.buffer.len() as u64 - self.written
    }

    /// Drops the oldest line from memory; returns its end offset.
    fn drop_front_line(&mut self) -> Option<u64> {
        let end = self.frame_ends.pop_front()?;
        self.buffer.drain(..(end - self.base) as usize);
        self.base = end;
        Some(end)
    }

    /// Learns from the kernel what the collector acknowledged on the current connection;
    /// acknowledged lines beyond [`RETAIN_BYTES`] leave memory as `evicted`.
    fn observe_acks(&mut self, stream: &TcpStream) -> io::Result<()> {
        let unacked = unacknowledged_bytes(stream)?;
        self.acked = self.written.saturating_sub(unacked).max(self.acked);
        if self.acked > self.high_water {
            self.high_water = self.acked;
            self.backoff = BACKOFF_START;
        }
        while self.acked.saturating_sub(self.base) > RETAIN_BYTES as u64 {
            match self.frame_ends.front() {
                Some(&end) if end <= self.acked => {
                    self.drop_front_line();
                    self.evicted += 1;
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// The connection ended cleanly up to `self.acked`: the lines acknowledged on it were read.
    fn confirm_acknowledged(&mut self) {
        let mut confirmed = std::mem::take(&mut self.evicted);
        while self
            .frame_ends
            .front()
            .is_some_and(|&end| end <= self.acked)
        {
            self.drop_front_line();
            confirmed += 1;
        }
        if confirmed > 0 {
            self.tally.sent += confirmed;
            self.backoff = BACKOFF_START;
        }
    }

    /// Writes what is not written yet; checks first that the collector has not closed.
    fn push(&mut self) -> Result<(), Failure> {
        let Some(stream) = self.stream.take() else {
            return Err(Failure::Error(io::ErrorKind::NotConnected.into()));
        };
        let result = self.push_on(&stream);
        self.stream = Some(stream);
        result
    }

    fn push_on(&mut self, stream: &TcpStream) -> Result<(), Failure> {
        if !peer_open(stream).map_err(Failure::Error)? {
            return Err(Failure::Closed);
        }
        let mut writer = stream;
        while self.unwritten() > 0 {
            let start = (self.written - self.base) as usize;
            let (front, back) = self.buffer.as_slices();
            let chunk = if start < front.len() {
                &front[start..]
            } else {
                &back[start - front.len()..]
            };
            match writer.write(chunk) {
                Ok(0) => return Err(Failure::Error(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.written += n as u64,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Failure::Error(error)),
            }
        }
        self.observe_acks(stream).map_err(Failure::Error)
    }

    /// Pushes, replacing the connection as often as needed; stops for good when no connection
    /// can be made within the limits.
    fn push_or_recover(&mut self) -> Result<(), Stopped> {
        if let Some(why) = &self.stopped {
            return Err(Stopped(why.clone()));
        }
        loop {
            match self.push() {
                Ok(()) => return Ok(()),
                Err(failure) => self.recover(failure)?,
            }
        }
    }

    /// Replaces a failed connection: confirms what a clean close confirms, reconnects, and
    /// rewinds to send again every line not confirmed.
    fn recover(&mut self, failure: Failure) -> Result<(), Stopped> {
        let mut failure = failure;
        if let Some(stream) = self.stream.take() {
            if matches!(failure, Failure::Closed) {
                failure = settle_after_fin(self, &stream);
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
        let reason = match &failure {
            Failure::Closed => {
                self.confirm_acknowledged();
                "the collector closed the connection".to_owned()
            }
            Failure::Error(error) => {
                // What this connection acknowledged may not have been read: the lines still
                // in memory are sent again; older ones stay unconfirmed.
                self.tally.unconfirmed += std::mem::take(&mut self.evicted);
                error.to_string()
            }
        };
        self.written = self.base;
        self.acked = self.base;
        self.notes.note(&format!(
            "connection to {} lost ({reason}); reconnecting and sending again the lines not \
             confirmed",
            self.target
        ));
        match self.establish(false) {
            Ok(stream) => {
                self.stream = Some(stream);
                Ok(())
            }
            Err(error) => {
                self.give_up(error.clone());
                Err(Stopped(error))
            }
        }
    }

    /// Counts every line still held as failed.
    fn give_up(&mut self, why: String) {
        self.tally.failed += self.frame_ends.len() as u64;
        self.tally.unconfirmed += std::mem::take(&mut self.evicted);
        self.frame_ends.clear();
        self.buffer.clear();
        self.base = self.written;
        self.tally.error = Some(why.clone());
        self.stopped = Some(why);
    }

    /// Waits until everything written is acknowledged; false (after giving up) at `deadline`.
    fn drain(&mut self, deadline: Instant) -> Result<bool, Stopped> {
        loop {
            self.push_or_recover()?;
            if self.acked >= self.written {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                let why = format!(
                    "{} acknowledged none of the last {} lines within {:?}",
                    self.target,
                    self.frame_ends
                        .iter()
                        .filter(|&&end| end > self.acked)
                        .count(),
                    self.settings.reconnect_timeout
                );
                self.give_up(why);
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Shuts down the write side of the current connection and waits for the collector's FIN.
    fn close(&mut self, deadline: Instant) -> Ending {
        let Some(stream) = self.stream.take() else {
            return Ending::Broken(io::ErrorKind::NotConnected.into());
        };
        let ending = wait_for_fin(&stream, deadline);
        if matches!(ending, Ending::Clean) {
            // The FIN came after every byte was acknowledged: nothing was left unread.
            if let Err(error) = self.observe_acks(&stream) {
                return Ending::Broken(error);
            }
            if self.acked < self.written {
                return Ending::Broken(io::Error::other(
                    "the collector closed with data still unacknowledged",
                ));
            }
        }
        ending
    }
}

/// After a FIN during the run: lets what is in flight be acknowledged (a half-closed collector
/// may still read), and tells a clean close from one that turned into a reset.
fn settle_after_fin(sink: &mut TcpSink, stream: &TcpStream) -> Failure {
    let deadline = Instant::now() + CLOSE_GRACE;
    loop {
        match unacknowledged_bytes(stream) {
            Ok(0) => break,
            Ok(_) if Instant::now() < deadline => {}
            Ok(_) => break,
            Err(error) => return Failure::Error(error),
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    if let Err(error) = sink.observe_acks(stream) {
        return Failure::Error(error);
    }
    match stream.take_error() {
        Ok(Some(error)) | Err(error) => Failure::Error(error),
        Ok(None) => Failure::Closed,
    }
}

/// Shuts down the write side and reads until the collector's FIN, a reset or `deadline`.
fn wait_for_fin(stream: &TcpStream, deadline: Instant) -> Ending {
    if let Err(error) = stream.shutdown(Shutdown::Write) {
        return Ending::Broken(error);
    }
    let mut scratch = [0u8; 512];
    let mut reader = stream;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ending::NoAnswer;
        }
        if let Err(error) = stream.set_read_timeout(Some(left)) {
            return Ending::Broken(error);
        }
        match reader.read(&mut scratch) {
            Ok(0) => {
                return match stream.take_error() {
                    Ok(Some(error)) | Err(error) => Ending::Broken(error),
                    Ok(None) => Ending::Clean,
                }
            }
            Ok(_) => {}
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(error) => return Ending::Broken(error),
        }
    }
}

impl Sink for TcpSink {
    fn send(&mut self, line: &[u8]) -> Result<(), Stopped> {
        if let Some(why) = &self.stopped {
            self.tally.failed += 1;
            return Err(Stopped(why.clone()));
        }
        self.frame(line);
        if self.unwritten() >= BATCH_BYTES as u64 {
            self.push_or_recover()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        self.push_or_recover()
    }

    /// Sends the rest, waits for every acknowledgement, closes the write side and waits for
    /// the collector's FIN; sends again (on a new connection) after a reset.
    fn finish(mut self: Box<Self>) -> Tally {
        let wait = if signals::received().is_some() {
            INTERRUPTED_WAIT
        } else {
            self.settings.reconnect_timeout
        };
        while self.stopped.is_none() {
            let deadline = Instant::now() + wait;
            if !matches!(self.drain(deadline), Ok(true)) {
                break;
            }
            let fin_deadline = Instant::now() + wait.min(FIN_WAIT_CAP);
            match self.close(fin_deadline) {
                Ending::Clean => {
                    self.confirm_acknowledged();
                    break;
                }
                Ending::NoAnswer => {
                    let held = self.frame_ends.len() as u64 + std::mem::take(&mut self.evicted);
                    self.tally.unconfirmed += held;
                    self.frame_ends.clear();
                    self.buffer.clear();
                    self.notes.note(&format!(
                        "{} did not close the connection within {:?} of the end: {held} lines \
                         it acknowledged are unconfirmed",
                        self.target,
                        wait.min(FIN_WAIT_CAP)
                    ));
                    break;
                }
                Ending::Broken(error) => {
                    if signals::received().is_some() {
                        self.give_up(format!("{error} (not retried: interrupted)"));
                        break;
                    }
                    if self.recover(Failure::Error(error)).is_err() {
                        break;
                    }
                }
            }
        }
        self.notes.finish();
        self.tally
    }
}

/// Whether the collector still has its side open. Collectors send nothing, so anything read
/// is discarded; end of stream means it closed. One non-blocking read per call on Linux.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn peer_open(stream: &TcpStream) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    let mut scratch = [0u8; 512];
    loop {
        // SAFETY: the descriptor belongs to `stream`, which outlives the call; recv writes at
        // most `scratch.len()` bytes into `scratch`, on this stack frame.
        let read = unsafe {
            libc::recv(
                stream.as_raw_fd(),
                scratch.as_mut_ptr().cast(),
                scratch.len(),
                libc::MSG_DONTWAIT,
            )
        };
        match read {
            0 => return Ok(false),
            n if n > 0 => continue,
            _ => {
                let error = io::Error::last_os_error();
                match error.kind() {
                    io::ErrorKind::WouldBlock => return Ok(true),
                    io::ErrorKind::Interrupted => continue,
                    _ => return Err(error),
                }
            }
        }
    }
}

/// Whether the collector still has its side open (see the Linux version).
#[cfg(not(target_os = "linux"))]
fn peer_open(stream: &TcpStream) -> io::Result<bool> {
    stream.set_nonblocking(true)?;
    let mut scratch = [0u8; 512];
    let mut reader = stream;
    let state = loop {
        match reader.read(&mut scratch) {
            Ok(0) => break Ok(false),
            Ok(_) => continue,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => break Ok(true),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => break Err(error),
        }
    };
    stream.set_nonblocking(false)?;
    state
}

/// The bytes written to `stream` that the peer has not acknowledged yet.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn unacknowledged_bytes(stream: &TcpStream) -> io::Result<u64> {
    use std::os::fd::AsRawFd;
    let mut pending: libc::c_int = 0;
    // SAFETY: the descriptor belongs to `stream`, which outlives the call; SIOCOUTQ (the same
    // request number as TIOCOUTQ) writes exactly one int through the pointer, which points to
    // `pending` on this stack frame.
    let result = unsafe {
        libc::ioctl(
            stream.as_raw_fd(),
            libc::TIOCOUTQ,
            &mut pending as *mut libc::c_int,
        )
    };
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(u64::try_from(pending).unwrap_or(0))
    }
}

/// Without `SIOCOUTQ`, written bytes count as acknowledged.
#[cfg(not(target_os = "linux"))]
fn unacknowledged_bytes(_stream: &TcpStream) -> io::Result<u64> {
    Ok(0)
}
