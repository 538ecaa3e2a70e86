//! A small simulator: the bundled `webvpn-session` scenario (authentication, start, access, a
//! lost connection resumed from another address, termination, all sharing one group, user and
//! address) played with the library's scenario API and emitted as syslog over UDP, to a
//! collector this example runs itself on 127.0.0.1, which parses and prints what arrived.
//!
//! ```text
//! cargo run -p examples --example udp_simulator
//! ```
//!
//! To send to a real collector instead, connect the sender to its address (UDP port 514 by
//! default); `ftd-syslog simulate` does all this with rates, many overlapping scenarios and TCP.

use std::error::Error;
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::thread;
use std::time::Duration;

use ftd_syslog::scenario::{Compiled, Line};
use ftd_syslog::{parse_line, Emitter, HeaderStyle, Message, TimestampFormat};

/// A syslog datagram holds one message; RFC 5426 asks receivers to accept at least 2048 bytes.
const DATAGRAM: usize = 2048;
/// Log time of the first line: 2026-11-26 14:03:11 UTC.
const START: i64 = 1_795_701_791;
/// The seed of the scenario's values: the same seed, the same session.
const SEED: u64 = 7;

fn main() -> Result<(), Box<dyn Error>> {
    // An ephemeral port: no privileges needed, no clash with a syslog daemon on 514.
    let collector = UdpSocket::bind("127.0.0.1:0")?;
    // So that a lost datagram ends the example instead of hanging it.
    collector.set_read_timeout(Some(Duration::from_secs(5)))?;
    let collector_address = collector.local_addr()?;

    let session: Vec<Line> = Compiled::bundled("webvpn-session")?.play(SEED).collect();
    let expected = session.len();
    let collecting = thread::spawn(move || collect(&collector, expected));

    let sender = UdpSocket::bind("127.0.0.1:0")?;
    sender.connect(collector_address)?;
    send(&sender, &session)?;

    match collecting.join() {
        Ok(received) => {
            let received = received?;
            println!("collector: {received} of {expected} datagrams received");
            if received < expected {
                return Err(format!("{} datagrams lost on loopback", expected - received).into());
            }
            Ok(())
        }
        Err(_) => Err("the collector thread panicked".into()),
    }
}

/// Sends one datagram per line, as FTD does: the line without a line terminator.
fn send(sender: &UdpSocket, session: &[Line]) -> io::Result<()> {
    let emitter = Emitter {
        header: HeaderStyle {
            device_id: Some("fw1".to_owned()),
            ..HeaderStyle::default()
        },
        ..Emitter::default()
    };
    let mut text = String::new();
    for line in session {
        let timestamp = line.timestamp(START, TimestampFormat::Legacy);
        text.clear();
        line.write(&mut text, &emitter, Some(&timestamp))
            .map_err(|_| io::Error::other("formatting a message failed"))?;
        sender.send(text.as_bytes())?;
        println!("sent      {text}");
        // Compressed time: the timestamps say minutes, the example takes milliseconds.
        thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// Receives `expected` datagrams (or until a read times out), parses and prints each; returns
/// how many arrived.
fn collect(collector: &UdpSocket, expected: usize) -> io::Result<usize> {
    let mut buffer = [0u8; DATAGRAM];
    for received in 0..expected {
        let (len, from): (usize, SocketAddr) = match collector.recv_from(&mut buffer) {
            Ok(datagram) => datagram,
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(received);
            }
            Err(error) => return Err(error),
        };
        let text = String::from_utf8_lossy(&buffer[..len]);
        match parse_line(&text) {
            Ok(record) => {
                let what = match &record.message {
                    Message::WebvpnSessionStarted(m) => {
                        format!("session of {} started from {}", m.user, m.ip)
                    }
                    Message::AnyconnectSessionResumed(m) => {
                        format!("session of {} resumed, now from {}", m.user, m.resume_ip)
                    }
                    Message::WebvpnSessionTerminated(m) => {
                        format!("session of {} ended: {}", m.user, m.reason)
                    }
                    other => other.name().unwrap_or("unknown").to_owned(),
                };
                println!("received  from {from}: {} {what}", record.message.id());
            }
            Err(error) => println!("received  from {from}: cannot parse ({error}): {text}"),
        }
    }
    Ok(expected)
}
