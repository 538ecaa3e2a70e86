//! Lines as drifted devices and relays write them, each with the typed values it must parse
//! to: keywords and enum values in another letter case, blank runs and missing blanks after
//! `:`/`=`/`,` and around brackets, addresses in `<...>` or `[...]`, no final period, the PIX
//! tag, and the header forms around the timestamp.

use std::net::IpAddr;

use ftd_syslog::{parse_line, Tag};

use super::fields::{Collect, Fields, Value};

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn ip(value: &str) -> Value {
    Value::Ip(value.parse::<IpAddr>().expect("a test address"))
}

/// A line, its message id and the fields it must parse to.
type Case = (&'static str, u32, Vec<(&'static str, Value)>);

fn corpus() -> Vec<Case> {
    let started = |group: &str, user: &str, addr: &str| {
        vec![
            ("group", text(group)),
            ("user", text(user)),
            ("ip", ip(addr)),
        ]
    };
    let s = |g: &'static str, u: &'static str, a: &'static str| started(g, u, a);
    let ended = |reason: &str| {
        let mut f = started("sales", "kim", "203.0.113.9");
        f.push(("reason", text(reason)));
        f
    };
    let limit = |user: &str, addr: Option<&str>, max: i128| {
        let mut f = vec![("group", text("hq")), ("user", text(user))];
        if let Some(addr) = addr {
            f.push(("ip", ip(addr)));
        }
        f.push(("maximum_sessions", Value::Number(max)));
        f
    };
    let peer = |unit: &str, not: bool| vec![("unit", text(unit)), ("not", Value::Flag(not))];
    let reason = |r: &str| vec![("reason", text(r))];
    vec![
        // Letter case of literal text.
        ("%FTD-6-716001: group <vpn-ra> user <alice> ip <192.0.2.7> webvpn session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("%FTD-6-716001: GROUP vpn-ra USER Alice IP 192.0.2.7 WEBVPN SESSION STARTED.", 716001, s("vpn-ra", "Alice", "192.0.2.7")),
        ("%FTD-6-716001: Group <Ops Team> User <Bob> IP <2001:db8::5> WebVpn Session Started.", 716001, s("Ops Team", "Bob", "2001:db8::5")),
        // Enum values in another case keep the catalog's value.
        ("%FTD-6-716002: Group <sales> User <kim> IP <203.0.113.9> WebVPN session terminated: idle timeout.", 716002, ended("Idle Timeout")),
        ("%FTD-6-716002: Group sales User kim IP 203.0.113.9 WebVPN session terminated: LOST CARRIER.", 716002, ended("Lost Carrier")),
        ("%FTD-6-716002: group sales user kim ip 203.0.113.9 webvpn session terminated: administrator reset.", 716002, ended("Administrator Reset")),
        ("%FTD-4-720023: (VPN-secondary) HA status callback: Peer is not present.", 720023, peer("Secondary", true)),
        ("%FTD-4-720023: (VPN-PRIMARY) ha STATUS callback: peer IS present.", 720023, peer("Primary", false)),
        ("%FTD-4-720023: (VPN-Primary) HA status callback: Peer is NOT present.", 720023, peer("Primary", true)),
        // Blank runs and tabs.
        ("%FTD-6-716001: Group  <vpn-ra>   User <alice>\tIP <192.0.2.7> WebVPN  session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("%FTD-6-716002: Group sales User kim IP 203.0.113.9 WebVPN session terminated:   User Requested.", 716002, ended("User Requested")),
        ("%FTD-4-720023: (VPN-Primary)  HA status callback:\tPeer is  present.", 720023, peer("Primary", false)),
        // No blank after ':' and around brackets.
        ("%FTD-6-716002: Group sales User kim IP 203.0.113.9 WebVPN session terminated:Lost Service.", 716002, ended("Lost Service")),
        ("%FTD-3-717009: Certificate validation failed. Reason:expired certificate.", 717009, reason("expired certificate")),
        ("%FTD-3-717009: Certificate validation failed. reason:  chain incomplete.", 717009, reason("chain incomplete")),
        ("%FTD-4-720023: (VPN-Secondary)HA status callback:Peer is present.", 720023, peer("Secondary", false)),
        ("%FTD-4-716023: Group hq User dana IP 198.51.100.4 Session could not be established:session limit of 250 reached.", 716023, limit("dana", Some("198.51.100.4"), 250)),
        // Addresses in brackets.
        ("%FTD-6-716001: Group vpn-ra User alice IP [192.0.2.7] WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("%FTD-6-716001: Group vpn-ra User alice IP [2001:db8::7] WebVPN session started.", 716001, s("vpn-ra", "alice", "2001:db8::7")),
        ("%FTD-4-716023: Group hq User dana IP [198.51.100.4] Session could not be established: session limit of 9 reached.", 716023, limit("dana", Some("198.51.100.4"), 9)),
        ("%FTD-4-716023: Group <hq> User <dana> IP [2001:db8::4] Session could not be established: session limit of 9 reached.", 716023, limit("dana", Some("2001:db8::4"), 9)),
        // No final period.
        ("%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("%FTD-6-716002: Group sales User kim IP 203.0.113.9 WebVPN session terminated: Max time exceeded", 716002, ended("Max time exceeded")),
        ("%FTD-4-716023: Group hq User erin Session could not be established: session limit of 4000 reached", 716023, limit("erin", None, 4000)),
        ("%FTD-3-717009: Certificate validation failed. Reason: revoked", 717009, reason("revoked")),
        ("%FTD-4-720023: (VPN-Primary) HA status callback: Peer is not present", 720023, peer("Primary", true)),
        // Several drifts at once.
        ("%FTD-6-716002: GROUP [sales]  user kim ip [203.0.113.9] webvpn session terminated:administrator reboot", 716002, {
            let mut f = started("[sales]", "kim", "203.0.113.9");
            f.push(("reason", text("Administrator Reboot")));
            f
        }),
        // The PIX tag.
        ("%PIX-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("<166>Nov 26 2026 14:03:11 pix1 : %PIX-4-720023: (VPN-Primary) HA status callback: Peer is present.", 720023, peer("Primary", false)),
        // Header forms around the timestamp.
        ("<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group vpn-ra User alice IP 192.0.2.7 WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("<166>Nov 26 14:03:11 fw1 : %FTD-6-716001: Group vpn-ra User alice IP 192.0.2.7 WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("Nov 26 2026 14:03:11: %ASA-6-716001: Group vpn-ra User alice IP 192.0.2.7 WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("<166>2026-11-26T14:03:11Z fw1 : %FTD-6-716001: Group vpn-ra User alice IP 192.0.2.7 WebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("<166>2026-11-26T14:03:11.250+09:00 fw1 %FTD-6-716001: Group vpn-ra User alice IP 192.0.2.7 WebVPN session started", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("<166>Nov  6 04:03:11 %FTD-6-716001: group vpn-ra user alice ip 192.0.2.7 webvpn session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
        ("Nov 26 14:03:11 192.0.2.1 %ASA-6-716002: Group sales User kim IP 203.0.113.9 WebVPN session terminated: lost service.", 716002, ended("Lost Service")),
        ("<164>Nov 26 2026 14:03:11: %PIX-4-716023: Group hq User dana IP <198.51.100.4> Session could not be established: Session Limit Of 12 Reached.", 716023, limit("dana", Some("198.51.100.4"), 12)),
        ("<163>1 2026-11-26T14:03:11.123Z fw1 - - - - %FTD-3-717009: certificate validation failed. reason: unknown CA", 717009, reason("unknown CA")),
        ("Nov 26 2026 14:03:11 fw1 : %FTD-4-720023: (vpn-secondary) ha status callback: peer is present", 720023, peer("Secondary", false)),
        ("%ASA-6-716001: Group\t<vpn-ra>\tUser\t<alice>\tIP\t<192.0.2.7>\tWebVPN session started.", 716001, s("vpn-ra", "alice", "192.0.2.7")),
    ]
}

#[test]
fn drifted_lines_parse_to_their_values() {
    let corpus = corpus();
    assert!(corpus.len() >= 40, "{} lines", corpus.len());
    let mut failures = Vec::new();
    for (line, id, expected) in corpus {
        let expected: Fields = expected
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        match parse_line(line) {
            Ok(record) if record.message.id() == id => {
                let mut collect = Collect::default();
                record.message.visit_fields(&mut collect);
                if collect.0 != expected {
                    failures.push(format!(
                        "{line:?}\n  got {:?}\n  not {expected:?}",
                        collect.0
                    ));
                }
            }
            Ok(record) => failures.push(format!("{line:?}: id {}", record.message.id())),
            Err(error) => failures.push(format!("{line:?}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_tag_sent_is_kept() {
    let tag = |line: &str| parse_line(line).map(|r| r.header.tag);
    let body = "-4-720023: (VPN-Primary) HA status callback: Peer is present.";
    assert_eq!(tag(&format!("%PIX{body}")), Ok(Tag::Pix));
    assert_eq!(tag(&format!("%ASA{body}")), Ok(Tag::Asa));
    assert_eq!(tag(&format!("%FTD{body}")), Ok(Tag::Ftd));
    assert!(tag(&format!("%pix{body}")).is_err());
}
