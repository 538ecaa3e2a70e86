//! TCP syslog (RFC 6587) that loses nothing silently: octet-counting (`LEN SP MSG`) or LF
//! framing; reconnection with exponential backoff when the collector goes away; and replay of
//! every line the collector has not acknowledged.
//!
//! A successful `write` only means the kernel took the bytes. What the peer has acknowledged is
//! known from the kernel's count of unacknowledged bytes in the send queue (`SIOCOUTQ`, which
//! Linux keeps correct even after a reset). Framed lines stay in a replay buffer until the
//! acknowledged offset passes their end; after a failure, the connection is re-established and
//! every line not wholly acknowledged is sent again.
//!
//! Acknowledged is not read: a collector that stops with data still in its socket buffer
//! discards it, and its kernel answers with a reset. So the last [`RETAIN_BYTES`] of
//! acknowledged lines are kept too, and sent again after a connection ends with a reset (a
//! collector that closes cleanly has read everything). A collector can therefore see a line
//! twice, never zero times, unless it read more than that window and lost it itself. Elsewhere
//! than Linux the count is not available, and written bytes count as acknowledged.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::sink::{resolve, Sink, Stopped, Tally};

/// How lines are delimited on the stream (RFC 6587).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Framing {
    /// `LEN SP MSG`: robust to any content.
    OctetCounting,
    /// `MSG LF`: what most line-oriented collectors read.
    Lf,
}

/// How much is gathered before writing, when lines come faster than the pacer waits.
const BATCH_BYTES: usize = 64 * 1024;
/// The first wait between connection attempts; it doubles up to [`BACKOFF_CAP`].
const BACKOFF_START: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(5);
/// How long a collector that closed its side gets to acknowledge what is in flight before the
/// connection is replaced (fewer duplicates).
const CLOSE_GRACE: Duration = Duration::from_secs(1);
/// How much acknowledged data is kept to send again after a reset: what a collector's socket
/// buffer can hold unread when it stops (Linux's default receive buffer is 128 KiB, growing
/// with autotuning under load).
pub const RETAIN_BYTES: usize = 4 * 1024 * 1024;

/// TCP to a collector.
pub struct TcpSink {
    target: String,
    framing: Framing,
    stream: Option<TcpStream>,
    /// Framed lines from stream offset `base` on: written but not wholly acknowledged, then not
    /// yet written. Offsets count bytes of the framed stream since the start of the run.
    buffer: VecDeque<u8>,
    base: u64,
    /// The offset up to which the current connection has been written.
    written: u64,
    /// The end offset of each line in `buffer`.
    frame_ends: VecDeque<u64>,
    /// Acknowledged lines kept for a reset, oldest first (framed), at most [`RETAIN_BYTES`];
    /// they end where `buffer` begins.
    retained: VecDeque<u8>,
    /// The length of each line in `retained`.
    retained_lengths: VecDeque<usize>,
    give_up_after: Duration,
    tally: Tally,
    quiet: bool,
    stopped: Option<String>,
}

/// Why a connection is being replaced.
enum Failure {
    /// The collector closed its side.
    Closed,
    /// An I/O error.
    Error(io::Error),
}

impl TcpSink {
    /// Connects to `target` (`host:port`), retrying with backoff for up to `give_up_after`.
    pub fn connect(
        target: &str,
        framing: Framing,
        give_up_after: Duration,
        quiet: bool,
    ) -> Result<TcpSink, String> {
        resolve(target)?;
        let mut sink = TcpSink {
            target: target.to_owned(),
            framing,
            stream: None,
            buffer: VecDeque::new(),
            base: 0,
            written: 0,
            frame_ends: VecDeque::new(),
            retained: VecDeque::new(),
            retained_lengths: VecDeque::new(),
            give_up_after,
            tally: Tally::default(),
            quiet,
            stopped: None,
        };
        sink.stream = Some(sink.establish(None)?);
        Ok(sink)
    }

    fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("ftd-syslog simulate: {message}");
        }
    }

    /// Opens a connection, retrying with exponential backoff until `give_up_after` passes.
    fn establish(&self, lost: Option<&str>) -> Result<TcpStream, String> {
        let started = Instant::now();
        let mut wait = BACKOFF_START;
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let attempt = resolve(&self.target).and_then(|address| {
                let timeout = self
                    .give_up_after
                    .clamp(Duration::from_millis(100), Duration::from_secs(5));
                TcpStream::connect_timeout(&address, timeout).map_err(|e| e.to_string())
            });
            let error = match attempt {
                Ok(stream) => {
                    // Lines are batched already; waiting for more would only delay them.
                    let _ = stream.set_nodelay(true);
                    let _ = stream
                        .set_write_timeout(Some(self.give_up_after.max(Duration::from_secs(1))));
                    return Ok(stream);
                }
                Err(error) => error,
            };
            if attempts == 1 {
                let why = lost.map_or_else(String::new, |l| format!("connection lost ({l}); "));
                self.note(&format!(
                    "{why}cannot connect to {} ({error}); retrying for up to {:?}",
                    self.target, self.give_up_after
                ));
            }
            let elapsed = started.elapsed();
            if elapsed >= self.give_up_after {
                return Err(format!(
                    "cannot connect to {}: {error} (gave up after {attempts} attempts in {:.1}s)",
                    self.target,
                    elapsed.as_secs_f64()
                ));
            }
            std::thread::sleep(wait.min(self.give_up_after - elapsed));
            wait = (wait * 2).min(BACKOFF_CAP);
        }
    }

    fn frame(&mut self, line: &[u8]) {
        match self.framing {
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

    /// Counts the lines wholly acknowledged up to stream offset `acked` as sent, and drops
    /// them from the replay buffer.
    fn acknowledge(&mut self, acked: u64) {
        let mut new_base = self.base;
        while let Some(&end) = self.frame_ends.front() {
            if end > acked {
                break;
            }
            self.frame_ends.pop_front();
            self.tally.sent += 1;
            self.retained_lengths.push_back((end - new_base) as usize);
            new_base = end;
        }
        if new_base > self.base {
            self.retained
                .extend(self.buffer.drain(..(new_base - self.base) as usize));
            self.base = new_base;
            while self.retained.len() > RETAIN_BYTES {
                let Some(oldest) = self.retained_lengths.pop_front() else {
                    break;
                };
                self.retained.drain(..oldest);
            }
        }
    }

    /// Puts the retained lines back in front of the replay buffer, to be sent again: the
    /// connection ended with a reset, so the collector may not have read them.
    fn replay_retained(&mut self) -> usize {
        let count = self.retained_lengths.len();
        let mut start = self.base - self.retained.len() as u64;
        let mut ends = VecDeque::with_capacity(count + self.frame_ends.len());
        for length in self.retained_lengths.drain(..) {
            start += length as u64;
            ends.push_back(start);
        }
        ends.extend(self.frame_ends.drain(..));
        self.base -= self.retained.len() as u64;
        self.retained.extend(self.buffer.drain(..));
        std::mem::swap(&mut self.buffer, &mut self.retained);
        self.frame_ends = ends;
        // Lines sent again are counted again when acknowledged.
        self.tally.sent -= count as u64;
        count
    }

    /// Asks the kernel what the peer has acknowledged on the current connection.
    fn update_acknowledged(&mut self) -> io::Result<()> {
        if let Some(stream) = &self.stream {
            let unacked = unacknowledged_bytes(stream)?;
            let acked = self.written.saturating_sub(unacked);
            self.acknowledge(acked);
        }
        Ok(())
    }

    /// Writes what is not written yet; checks first that the collector has not closed.
    fn push(&mut self) -> Result<(), Failure> {
        let Some(stream) = &self.stream else {
            return Err(Failure::Error(io::Error::new(
                io::ErrorKind::NotConnected,
                "not connected",
            )));
        };
        if !peer_open(stream).map_err(Failure::Error)? {
            return Err(Failure::Closed);
        }
        let mut stream = stream;
        while self.unwritten() > 0 {
            let start = (self.written - self.base) as usize;
            let (front, back) = self.buffer.as_slices();
            let chunk = if start < front.len() {
                &front[start..]
            } else {
                &back[start - front.len()..]
            };
            match stream.write(chunk) {
                Ok(0) => return Err(Failure::Error(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.written += n as u64,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Failure::Error(error)),
            }
        }
        self.update_acknowledged().map_err(Failure::Error)
    }

    /// Pushes, replacing the connection as often as needed; stops for good when no connection
    /// can be made within the time allowed.
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

    /// Replaces a failed connection: learns what it got acknowledged, reconnects, and rewinds
    /// to resend every line not wholly acknowledged.
    fn recover(&mut self, failure: Failure) -> Result<(), Stopped> {
        if let Some(stream) = self.stream.take() {
            if matches!(failure, Failure::Closed) {
                // A collector that closed its side may still read: let what is in flight land.
                let deadline = Instant::now() + CLOSE_GRACE;
                while Instant::now() < deadline {
                    match unacknowledged_bytes(&stream) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                    if peer_open(&stream).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            if let Ok(unacked) = unacknowledged_bytes(&stream) {
                let acked = self.written.saturating_sub(unacked);
                self.acknowledge(acked);
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
        let reset = matches!(
            &failure,
            Failure::Error(error) if matches!(
                error.kind(),
                io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted | io::ErrorKind::BrokenPipe
            )
        );
        let replayed = if reset { self.replay_retained() } else { 0 };
        self.written = self.base;
        let reason = match &failure {
            Failure::Closed => "the collector closed the connection".to_owned(),
            Failure::Error(error) => error.to_string(),
        };
        let lost_at = Instant::now();
        match self.establish(Some(&reason)) {
            Ok(stream) => {
                self.note(&format!(
                    "reconnected to {} after {:.1}s; resending {} unacknowledged lines and {replayed} \
                     acknowledged ones the collector may not have read before the reset",
                    self.target,
                    lost_at.elapsed().as_secs_f64(),
                    self.frame_ends.len() - replayed,
                ));
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
        self.frame_ends.clear();
        self.buffer.clear();
        self.tally.error = Some(why.clone());
        self.stopped = Some(why);
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

    fn finish(mut self: Box<Self>) -> Tally {
        let deadline = Instant::now() + self.give_up_after;
        while self.stopped.is_none() && !self.frame_ends.is_empty() {
            if self.push_or_recover().is_err() || self.frame_ends.is_empty() {
                break;
            }
            if Instant::now() >= deadline {
                let why = format!(
                    "{} gave no acknowledgement for {} lines within {:?}",
                    self.target,
                    self.frame_ends.len(),
                    self.give_up_after
                );
                self.give_up(why);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if let Some(stream) = self.stream.take() {
            let _ = stream.shutdown(Shutdown::Write);
        }
        self.tally
    }
}

/// Whether the collector still has its side open. Collectors send nothing, so anything read
/// is discarded; end of stream means it closed.
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
