//! A TCP sink for `bench/compare.sh`: it listens on 127.0.0.1, reads every connection to its
//! end, discards what it reads, and prints each connection's bytes and newlines when it
//! closes, so the benchmark can check that every line a sender claims to have sent arrived.
//!
//! ```text
//! null-sink [--port PORT] [--connections N] [--timeout SECONDS]
//! ```
//!
//! It prints `listening 127.0.0.1:PORT` first (PORT 0, the default, takes a free port), then
//! for each closed connection `connection K: B bytes, L lines, S seconds` (K from 1, S from
//! accept to end of stream). Connections are served one after another, as the benchmark sends
//! them. It exits 0 after N connections (default 1), and 1 if the timeout (default 600 s)
//! passes first, so it never outlives a benchmark that failed.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// What the command line asks for.
struct Options {
    port: u16,
    connections: u64,
    timeout: Duration,
}

fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("null-sink: {message}");
            eprintln!("usage: null-sink [--port PORT] [--connections N] [--timeout SECONDS]");
            return ExitCode::from(2);
        }
    };
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("null-sink: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reads `--port`, `--connections` and `--timeout`.
fn options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        connections: 1,
        timeout: Duration::from_secs(600),
    };
    while let Some(name) = args.next() {
        let value = args.next().ok_or_else(|| format!("{name} needs a value"))?;
        let number = |what: &str| -> Result<u64, String> {
            value
                .parse()
                .map_err(|_| format!("{name}: `{value}` is not {what}"))
        };
        match name.as_str() {
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port number"))?;
            }
            "--connections" => options.connections = number("a count")?.max(1),
            "--timeout" => options.timeout = Duration::from_secs(number("a number of seconds")?),
            _ => return Err(format!("unknown option `{name}`")),
        }
    }
    Ok(options)
}

/// Listens, then drains `options.connections` connections one after another, printing each.
fn serve(options: &Options) -> io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", options.port))?;
    println!("listening {}", listener.local_addr()?);
    // The watchdog: a sender that never connects or never closes must not keep the sink alive.
    let timeout = options.timeout;
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        eprintln!(
            "null-sink: gave up after {} s without the connections expected",
            timeout.as_secs()
        );
        std::process::exit(1);
    });
    for number in 1..=options.connections {
        let (stream, _) = listener.accept()?;
        let started = Instant::now();
        let (bytes, lines) = drain(stream)?;
        println!(
            "connection {number}: {bytes} bytes, {lines} lines, {:.6} seconds",
            started.elapsed().as_secs_f64()
        );
        io::stdout().flush()?;
    }
    Ok(())
}

/// Reads the stream to its end; returns the bytes and newlines read. The stream is closed on
/// return, which tells a sender waiting for the close that everything was read.
fn drain(mut stream: TcpStream) -> io::Result<(u64, u64)> {
    let mut buffer = vec![0u8; 256 * 1024];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let read = match stream.read(&mut buffer) {
            Ok(0) => return Ok((bytes, lines)),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            // A sender that resets the connection ends it too; what arrived is counted.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {
                return Ok((bytes, lines))
            }
            Err(error) => return Err(error),
        };
        bytes += read as u64;
        lines += buffer[..read].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}
