//! The README's five-line example, as written there.

use ftd_syslog::{message, parse_line, Message};

#[test]
fn derive_emit_parse() -> Result<(), Box<dyn std::error::Error>> {
    let started = message!(716001 { group: "vpn-ra", user: "alice", ip: "192.0.2.7".parse()? });
    let line = format!("<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: {started}");
    let record = parse_line(&line)?;
    assert!(matches!(record.message, Message::WebvpnSessionStarted(m) if m.user == "alice"));
    assert_eq!(
        line,
        "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started."
    );
    Ok(())
}
