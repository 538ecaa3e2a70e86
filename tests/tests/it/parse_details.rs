//! Details of what parsing keeps and reports: trailing text after a complete message, lines a
//! relay forwarded with its own header, ISO offsets, wire severities that differ from the
//! catalog's, hex values as sent, RFC 5424 structured-data escapes.

use ftd_syslog::{message, parse_line, Hex, Message, OffsetForm, ParseErrorKind};

const HEADER: &str = "<167>Nov 26 2026 14:03:11 fw1 : ";
const STARTED: &str = "%FTD-6-716001: Group <g> User <u> IP <192.0.2.7> WebVPN session started.";

#[test]
fn text_after_a_complete_message_is_trailing_where_it_starts() {
    // One line per way a template ends: a field before a suffix literal (an address, digits,
    // a word that may hold the suffix's character, free text), and a last field without one
    // (hex, address, an enum of several words).
    for body in [
        "%FTD-6-716001: Group <g> User <u> IP <192.0.2.7> WebVPN session started.",
        "%FTD-7-715004: sub() Q Send failure: RetCode (77041)",
        "%FTD-3-717017: Failed to query CA certificate for trustpoint tp from https://ca.example.com/srv.",
        "%FTD-7-715031: Obtained IP addr (192.0.2.9) prior to initiating Mode Cfg (XAuth mike23)",
        "%FTD-7-715006: IKE got SPI from key engine: SPI = 0x70616f2f",
        "%FTD-7-715009: IKE Deleting SA: Remote Proxy 192.0.2.1, Local Proxy 2001:db8::1",
        // A last enum whose values hold spaces.
        "%FTD-3-717057: Automatic import of trustpool certificate bundle has failed. Maximum retry attempts reached. Failed to reach CA server",
    ] {
        let complete = format!("{HEADER}{body}");
        assert!(parse_line(&complete).is_ok(), "{complete}");
        let line = format!("{complete} and more");
        let error = parse_line(&line).expect_err(&line);
        assert_eq!(error.kind(), &ParseErrorKind::Trailing, "{line}");
        assert_eq!(error.span(), complete.len()..line.len(), "{line}");
    }
}

#[test]
fn a_relayed_line_keeps_the_device_header_and_the_relay_header() {
    let body = format!("fw1 : {STARTED}");
    for (line, device_priority) in [
        (
            format!("<13>Nov 26 14:03:12 relay1 <166>Nov 26 2026 14:03:11 {body}"),
            Some(166),
        ),
        (
            format!("<13>Nov 26 14:03:12 relay1 Nov 26 2026 14:03:11 {body}"),
            None,
        ),
    ] {
        let record = parse_line(&line).unwrap();
        let header = &record.header;
        assert_eq!(header.device_id, Some("fw1"), "{line}");
        assert_eq!(header.priority, device_priority);
        assert_eq!(header.timestamp.unwrap().year, Some(2026));
        let relay = header.relay.as_ref().expect("a relay header");
        assert_eq!((relay.priority, relay.host), (Some(13), "relay1"));
        assert_eq!(relay.timestamp.unwrap().second, 12);
        assert_eq!(record.to_string(), line, "written back as read");
    }
    // A device id is not mistaken for a relay.
    let plain = format!("<166>Nov 26 2026 14:03:11 {body}");
    let plain = parse_line(&plain).unwrap();
    assert_eq!(
        (plain.header.device_id, plain.header.relay),
        (Some("fw1"), None)
    );
    let angled = format!("<166>Nov 26 2026 14:03:11 fw1 <ctx> : {STARTED}");
    let angled = parse_line(&angled).unwrap();
    assert_eq!(angled.header.device_id, Some("fw1 <ctx>"));
    let rfc5424 = format!("<166>1 2026-11-26T14:03:11Z fw1 - - - - {STARTED}");
    assert_eq!(parse_line(&rfc5424).unwrap().header.relay, None);
}

#[test]
fn iso_offsets_are_kept_as_sent() {
    for (sent, form) in [
        ("2026-11-26T14:03:11+00:00", OffsetForm::Numeric),
        ("2026-11-26T14:03:11Z", OffsetForm::Z),
        ("2026-11-26T14:03:11-00:00", OffsetForm::UnknownLocal),
        ("2026-11-26T14:03:11.5+09:30", OffsetForm::Numeric),
        ("2026-11-26T14:03:11-05:00", OffsetForm::Numeric),
    ] {
        for line in [
            format!("<166>{sent} fw1 : {STARTED}"),
            format!("<166>1 {sent} fw1 - - - - {STARTED}"),
        ] {
            let record = parse_line(&line).unwrap();
            let timestamp = record.header.timestamp.unwrap();
            assert_eq!(timestamp.offset_form, form, "{line}");
            assert_eq!(timestamp.to_string(), sent);
            assert_eq!(record.to_string(), line);
        }
    }
}

#[test]
fn a_wire_severity_other_than_the_catalogs_is_kept_and_flagged() {
    let lowered = STARTED.replace("%FTD-6-", "%FTD-3-");
    let lowered = parse_line(&lowered).unwrap();
    assert_eq!(lowered.severity(), 3);
    assert_eq!(lowered.catalog_severity(), Some(6));
    assert!(lowered.severity_differs());
    let usual = parse_line(STARTED).unwrap();
    assert_eq!((usual.severity(), usual.catalog_severity()), (6, Some(6)));
    assert!(!usual.severity_differs());
    let unknown = parse_line("%ASA-6-302013: Built inbound TCP connection 1").unwrap();
    assert_eq!(unknown.catalog_severity(), None);
    assert!(!unknown.severity_differs());
}

#[test]
fn hex_values_are_kept_as_sent() {
    for sent in [
        "0X00FF",
        "0xff",
        "0xAbC0",
        "00ff",
        "0x0",
        "0x0000000000000001",
    ] {
        let line = format!("%FTD-7-715006: IKE got SPI from key engine: SPI = {sent}");
        let record = parse_line(&line).unwrap();
        let Message::IkeGotSpiFromKeyEngine(message) = &record.message else {
            panic!("{line} parsed as {:?}", record.message);
        };
        assert_eq!(message.spi.to_string(), sent);
        assert_eq!(record.to_string(), line);
    }
    let parsed: Hex = "0X00FF".parse().unwrap();
    assert_eq!((parsed.value(), parsed == 0xff), (0xff, true));
    assert_ne!(parsed, Hex::from(0xff), "written differently");
    // A value made from a number is written as before.
    let made = message!(715006 { spi: 0xff });
    assert_eq!(made.to_string(), "IKE got SPI from key engine: SPI = 0xff");
    assert!("0x".parse::<Hex>().is_err());
    assert!("0x1_0".parse::<Hex>().is_err());
    assert!("0x1ffffffffffffffff".parse::<Hex>().is_err());
}

#[test]
fn structured_data_escapes_follow_rfc_5424() {
    let line = |sd: &str| format!("<166>1 2026-11-26T14:03:11Z fw1 - - - {sd} {STARTED}");
    // `\"` is an escaped quote: the value never ends.
    for unterminated in [r#"[x@1 a="\"]"#, r#"[x@1 a="\\\"]"#, r#"[x@1 a="b"#] {
        let error = parse_line(&line(unterminated)).expect_err(unterminated);
        assert_eq!(error.kind(), &ParseErrorKind::Rfc5424, "{unterminated}");
    }
    for malformed in [r#"[x@1 a=b]"#, r#"[]"#, r#"[x@1 ="b"]"#] {
        assert!(parse_line(&line(malformed)).is_err(), "{malformed}");
    }
    for valid in [
        r#"[x@1 a="q\"b\\c\]d"]"#,
        r#"[x@1 a="\\"]"#,
        r#"[x@1 a="\n" b="]"][y@2]"#,
        r#"[x@1]"#,
    ] {
        let text = line(valid);
        let record = parse_line(&text).unwrap_or_else(|e| panic!("{valid}: {e}"));
        let fields = record.header.rfc5424.as_ref().unwrap();
        assert_eq!(fields.structured_data, Some(valid));
        assert_eq!(record.to_string(), text);
    }
}
