//! Recognises FTD/ASA syslog lines from standard input and reacts to typed messages: a `match`
//! on the variants of `Message` gives each message's fields with their types (addresses are
//! `IpAddr`, enums are Rust enums), and follows WebVPN sessions from start to end.
//!
//! ```text
//! ftd-syslog simulate --scenario webvpn-session | cargo run -p examples --example recognise
//! ```
//!
//! Lines are read as bytes, so a line that is not UTF-8 is reported like any other bad line
//! instead of ending the program.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::net::IpAddr;

use ftd_syslog::{parse_line, Message, WebvpnSessionTerminatedReason};

fn main() -> io::Result<()> {
    let mut input = io::stdin().lock();
    let mut line = Vec::new();
    let mut number = 0u64;
    let (mut known, mut unknown, mut failed) = (0u64, 0u64, 0u64);
    // Open sessions: (group, user) -> the client's current address.
    let mut sessions: HashMap<(String, String), IpAddr> = HashMap::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let Ok(text) = std::str::from_utf8(&line) else {
            failed += 1;
            eprintln!("line {number}: not UTF-8");
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let record = match parse_line(text) {
            Ok(record) => record,
            Err(error) => {
                failed += 1;
                eprintln!("line {number}: {error}");
                continue;
            }
        };
        let session = |group: &str, user: &str| (group.to_owned(), user.to_owned());
        match &record.message {
            Message::Unknown { id, .. } => {
                unknown += 1;
                println!("line {number}: id {id} is outside the catalog");
                continue;
            }
            Message::WebvpnSessionStarted(m) => {
                sessions.insert(session(&m.group, &m.user), m.ip);
                println!("{} ({}) started a session from {}", m.user, m.group, m.ip);
            }
            Message::AnyconnectSessionResumed(m) => {
                sessions.insert(session(&m.group, &m.user), m.resume_ip);
                println!(
                    "{} resumed, now from {} (was {})",
                    m.user, m.resume_ip, m.ip
                );
            }
            Message::WebvpnSessionTerminated(m) => {
                sessions.remove(&session(&m.group, &m.user));
                let why = match &m.reason {
                    WebvpnSessionTerminatedReason::UserRequested => "logged out".to_owned(),
                    WebvpnSessionTerminatedReason::IdleTimeout => "idle too long".to_owned(),
                    other => format!("ended: {other}"),
                };
                println!("{} {why}", m.user);
            }
            Message::WebvpnAccessGranted(m) => println!("{} opened {}", m.user, m.url),
            other => {
                // IKE messages carry who they are about in the session context, not in fields.
                let about = match &record.context {
                    Some(context) => {
                        format!(" [{}]", context.to_string().trim_end_matches([',', ' ']))
                    }
                    None => String::new(),
                };
                println!("{} {}{about}", other.id(), other.name().unwrap_or("?"));
            }
        }
        known += 1;
    }
    for ((group, user), ip) in &sessions {
        println!("still open: {user} ({group}) from {ip}");
    }
    eprintln!("{known} recognised, {unknown} unknown ids, {failed} failed");
    Ok(())
}
