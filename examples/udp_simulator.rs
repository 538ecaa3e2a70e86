//! A small simulator: a WebVPN session (authentication, start, access, a lost connection resumed
//! from another address, termination) emitted as syslog over UDP with the library API, to a
//! collector this example runs itself on 127.0.0.1, which parses and prints what arrived.
//!
//! ```text
//! cargo run -p examples --example udp_simulator
//! ```
//!
//! To send to a real collector instead, connect the sender to its address (UDP port 514 by
//! default); `ftd-syslog simulate` does all this with scenarios, rates and TCP.

use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::thread;
use std::time::Duration;

use ftd_syslog::{
    message, parse_line, Emitter, HeaderStyle, Message, Timestamp, TimestampFormat,
    WebvpnSessionTerminatedReason,
};

/// A syslog datagram holds one message; RFC 5426 asks receivers to accept at least 2048 bytes.
const DATAGRAM: usize = 2048;

fn main() -> io::Result<()> {
    // An ephemeral port: no privileges needed, no clash with a syslog daemon on 514.
    let collector = UdpSocket::bind("127.0.0.1:0")?;
    // So that a lost datagram ends the example instead of hanging it.
    collector.set_read_timeout(Some(Duration::from_secs(5)))?;
    let collector_address = collector.local_addr()?;

    let session = webvpn_session();
    let expected = session.len();
    let collecting = thread::spawn(move || collect(&collector, expected));

    let sender = UdpSocket::bind("127.0.0.1:0")?;
    sender.connect(collector_address)?;
    send(&sender, &session)?;

    match collecting.join() {
        Ok(received) => {
            let received = received?;
            println!("collector: {received} of {expected} datagrams received");
            Ok(())
        }
        Err(_) => Err(io::Error::other("the collector thread panicked")),
    }
}

/// The session's messages, each with its time in seconds after the first.
fn webvpn_session() -> Vec<(i64, Message<'static>)> {
    let (group, user) = ("vpn-ra", "alice");
    let ip: IpAddr = "198.51.100.23".parse().expect("an address");
    let resumed_from: IpAddr = "203.0.113.40".parse().expect("an address");
    let access = |url: &'static str| {
        Message::WebvpnAccessGranted(
            message!(716003 { group: group, user: user, ip: ip, url: url }),
        )
    };
    vec![
        (
            0,
            Message::WebvpnAuthenticationSuccessful(
                message!(716038 { group: group, user: user, ip: ip }),
            ),
        ),
        (
            1,
            Message::WebvpnSessionStarted(message!(716001 { group: group, user: user, ip: ip })),
        ),
        (4, access("http://intranet.example/")),
        (19, access("http://intranet.example/wiki")),
        (
            300,
            Message::AnyconnectSessionLostConnection(
                message!(716058 { group: group, user: user, ip: ip }),
            ),
        ),
        (
            322,
            Message::AnyconnectSessionResumed(message!(716059 {
                group: group, user: user, ip: ip, resume_ip: resumed_from
            })),
        ),
        (340, access("http://intranet.example/timesheets")),
        (
            1500,
            Message::WebvpnSessionTerminated(message!(716002 {
                group: group, user: user, ip: ip, reason: WebvpnSessionTerminatedReason::UserRequested
            })),
        ),
    ]
}

/// Sends one datagram per message, as FTD does: the line without a line terminator.
fn send(sender: &UdpSocket, session: &[(i64, Message<'static>)]) -> io::Result<()> {
    let emitter = Emitter {
        header: HeaderStyle {
            device_id: Some("fw1".to_owned()),
            ..HeaderStyle::default()
        },
        ..Emitter::default()
    };
    let start = 1_795_701_791; // 2026-11-26 14:03:11 UTC
    let mut line = String::new();
    for (offset, message) in session {
        let timestamp = Timestamp::from_unix(start + offset, 0, 0, TimestampFormat::Legacy);
        line.clear();
        emitter
            .write(&mut line, message, None, Some(&timestamp), 0, None)
            .map_err(|_| io::Error::other("formatting a message failed"))?;
        sender.send(line.as_bytes())?;
        println!("sent      {line}");
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
