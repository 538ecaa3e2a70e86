//! Where lines go: standard output or a file (LF-terminated), UDP (one datagram per line),
//! TCP (see [`super::tcp`]) or RELP (see [`super::relp`]). Every sink counts what it delivered
//! and what it lost; nothing is dropped without being counted.

use std::fmt;
use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};

use super::notes::Notes;

/// Which summary a sink's counts make: each transport knows different things.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Transport {
    /// A file or standard output: written is delivered.
    #[default]
    Stream,
    /// UDP: taken by the kernel is all that can be known.
    Udp,
    /// TCP: `sent`, `unconfirmed` and `failed` (see [`super::tcp`]).
    Tcp,
    /// RELP: acknowledged, rejected, resent and failed.
    Relp,
}

/// What a sink delivered and lost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The summary's form.
    pub transport: Transport,
    /// Lines delivered: written to the file or stream, taken by the kernel for UDP, confirmed
    /// read for TCP (see [`super::tcp`]), acknowledged for RELP.
    pub sent: u64,
    /// TCP: lines the collector's kernel acknowledged that it may not have read.
    pub unconfirmed: u64,
    /// Lines lost.
    pub failed: u64,
    /// RELP: lines the collector refused.
    pub rejected: u64,
    /// RELP: copies sent again after a reconnection (possible duplicates).
    pub resent: u64,
    /// Why lines were lost, when they were.
    pub error: Option<String>,
    /// Whether `error` was already printed while the run went on.
    pub error_shown: bool,
}

impl Tally {
    /// A tally of nothing yet, for `transport`.
    pub fn new(transport: Transport) -> Tally {
        Tally {
            transport,
            ..Tally::default()
        }
    }

    /// Whether lines were lost or refused.
    pub fn lost(&self) -> bool {
        self.failed > 0 || self.rejected > 0
    }

    /// The one-line summary printed at the end of every run.
    pub fn summary(&self) -> String {
        match self.transport {
            Transport::Stream | Transport::Udp => {
                format!("sent {}, failed {}", self.sent, self.failed)
            }
            Transport::Tcp => format!(
                "sent {}, unconfirmed {}, failed {}",
                self.sent, self.unconfirmed, self.failed
            ),
            Transport::Relp => format!(
                "delivered {} (acknowledged), rejected {}, resent {} (possible duplicates), failed {}",
                self.sent, self.rejected, self.resent, self.failed
            ),
        }
    }
}

/// A sink that cannot go on; the run stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped(pub String);

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A destination for lines.
pub trait Sink {
    /// Queues one line (without a terminator).
    fn send(&mut self, line: &[u8]) -> Result<(), Stopped>;
    /// Queues `count` lines, each ended by LF (lines hold no LF: emitting escapes it); by
    /// default one after the other, as [`Sink::send`] takes them.
    fn send_lines(&mut self, lines: &[u8], count: u64) -> Result<(), Stopped> {
        debug_assert_eq!(
            lines.iter().filter(|&&byte| byte == b'\n').count() as u64,
            count
        );
        let lines = lines.strip_suffix(b"\n").unwrap_or(lines);
        if lines.is_empty() {
            return Ok(());
        }
        lines
            .split(|&byte| byte == b'\n')
            .try_for_each(|line| self.send(line))
    }
    /// Delivers what is queued (called before the pacer waits, so lines leave on time).
    fn flush(&mut self) -> Result<(), Stopped>;
    /// Delivers the rest, waiting for acknowledgement where the transport tells, and counts.
    fn finish(self: Box<Self>) -> Tally;
}

/// How much a stream sink gathers before writing: large enough that the write system call
/// costs little per line.
const BATCH_BYTES: usize = 256 * 1024;

/// Standard output or a file: lines end with LF, written in batches.
pub struct StreamSink {
    writer: Box<dyn Write>,
    name: String,
    batch: Vec<u8>,
    lines_in_batch: u64,
    tally: Tally,
    broken: bool,
}

impl StreamSink {
    /// A sink writing to `writer`, named `name` in errors.
    pub fn new(writer: Box<dyn Write>, name: String) -> StreamSink {
        StreamSink {
            writer,
            name,
            batch: Vec::with_capacity(BATCH_BYTES + 4096),
            lines_in_batch: 0,
            tally: Tally::new(Transport::Stream),
            broken: false,
        }
    }

    fn write_batch(&mut self) -> Result<(), Stopped> {
        let batch = std::mem::take(&mut self.batch);
        let lines = std::mem::take(&mut self.lines_in_batch);
        let result = self.write_out(&batch, lines);
        self.batch = batch;
        self.batch.clear();
        result
    }

    /// Writes `lines` lines and counts them as sent, or as failed when the stream broke (now
    /// or before).
    fn write_out(&mut self, bytes: &[u8], lines: u64) -> Result<(), Stopped> {
        if self.broken {
            self.tally.failed += lines;
            return Err(Stopped(self.tally.error.clone().unwrap_or_default()));
        }
        let result = self
            .writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush());
        match result {
            Ok(()) => {
                self.tally.sent += lines;
                Ok(())
            }
            Err(error) => {
                self.broken = true;
                self.tally.failed += lines;
                let message = format!("cannot write to {}: {error}", self.name);
                self.tally.error = Some(message.clone());
                Err(Stopped(message))
            }
        }
    }
}

impl Sink for StreamSink {
    fn send(&mut self, line: &[u8]) -> Result<(), Stopped> {
        self.batch.extend_from_slice(line);
        self.batch.push(b'\n');
        self.lines_in_batch += 1;
        if self.batch.len() >= BATCH_BYTES {
            self.write_batch()?;
        }
        Ok(())
    }

    /// The lines already end as the stream wants them: a large run of them is written as it
    /// is (after what is queued), a small one joins the batch.
    fn send_lines(&mut self, lines: &[u8], count: u64) -> Result<(), Stopped> {
        if lines.len() >= BATCH_BYTES / 4 {
            if self.lines_in_batch > 0 {
                self.write_batch()?;
            }
            return self.write_out(lines, count);
        }
        self.batch.extend_from_slice(lines);
        self.lines_in_batch += count;
        if self.batch.len() >= BATCH_BYTES {
            self.write_batch()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        if self.lines_in_batch == 0 {
            return Ok(());
        }
        self.write_batch()
    }

    fn finish(mut self: Box<Self>) -> Tally {
        let _ = self.flush();
        self.tally
    }
}

/// The largest UDP payload over IPv4.
const MAX_DATAGRAM: usize = 65_507;

/// UDP: one datagram per line, no terminator (as devices send). Delivery cannot be known; a
/// line counts as sent when the kernel takes it, and as failed when it refuses it (too large,
/// or an ICMP "port unreachable" reported on the next send).
pub struct UdpSink {
    socket: UdpSocket,
    target: String,
    tally: Tally,
    notes: Notes,
}

impl UdpSink {
    /// Resolves `target` (`host:port`) and opens a socket towards it.
    pub fn connect(target: &str, quiet: bool) -> Result<UdpSink, String> {
        let address = resolve(target)?;
        let local: SocketAddr = if address.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let socket =
            UdpSocket::bind(local).map_err(|e| format!("cannot open a UDP socket: {e}"))?;
        socket
            .connect(address)
            .map_err(|e| format!("cannot send to {target} over UDP: {e}"))?;
        Ok(UdpSink {
            socket,
            target: target.to_owned(),
            tally: Tally::new(Transport::Udp),
            notes: Notes::new(quiet),
        })
    }

    /// Counts a line as failed; the reason is printed once, and how often it recurred at the
    /// end (a closed port refuses every datagram).
    fn fail(&mut self, why: String) {
        self.tally.failed += 1;
        self.notes
            .note(&format!("{why} (lines counted as failed; going on)"));
        if self.tally.error.is_none() {
            self.tally.error = Some(why);
            self.tally.error_shown = true;
        }
    }
}

impl Sink for UdpSink {
    fn send(&mut self, line: &[u8]) -> Result<(), Stopped> {
        if line.len() > MAX_DATAGRAM {
            self.fail(format!(
                "a {}-byte line does not fit in a UDP datagram",
                line.len()
            ));
            return Ok(());
        }
        match self.socket.send(line) {
            Ok(n) if n == line.len() => self.tally.sent += 1,
            Ok(n) => self.fail(format!(
                "UDP to {} sent {n} of {} bytes",
                self.target,
                line.len()
            )),
            Err(error) => self.fail(format!("UDP to {}: {error}", self.target)),
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Tally {
        self.notes.finish();
        self.tally
    }
}

/// Resolves `host:port` to its first address.
pub fn resolve(target: &str) -> Result<SocketAddr, String> {
    let mut addresses = target
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve '{target}' (expected HOST:PORT): {e}"))?;
    addresses
        .next()
        .ok_or_else(|| format!("'{target}' resolves to no address"))
}
