//! Recognises FTD/ASA syslog lines from standard input and reacts to a few typed messages.
//!
//! ```text
//! ftd-syslog simulate --scenario webvpn-session | cargo run -p examples --example recognise
//! ```

use std::io::BufRead;

use ftd_syslog::{parse_line, Message};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let (mut known, mut unknown, mut failed) = (0u64, 0u64, 0u64);
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        match parse_line(&line) {
            Ok(record) => match &record.message {
                Message::WebvpnSessionStarted(m) => {
                    known += 1;
                    println!("session started: {} ({}) from {}", m.user, m.group, m.ip);
                }
                Message::Unknown { id, .. } => {
                    unknown += 1;
                    println!("line {}: id {id} is outside the catalog", number + 1);
                }
                other => {
                    known += 1;
                    println!("{} {}", other.id(), other.name().unwrap_or("?"));
                }
            },
            Err(error) => {
                failed += 1;
                eprintln!("line {}: {error}", number + 1);
            }
        }
    }
    eprintln!("{known} recognised, {unknown} unknown ids, {failed} failed");
    Ok(())
}
