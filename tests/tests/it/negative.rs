//! Lines that must not parse: each gives the documented error kind, the byte span of the
//! offending text, and the message id once the header was read.

use ftd_syslog::{parse_line, Message, ParseErrorKind};

const HEADER: &str = "<166>Nov 26 2026 14:03:11 fw1 : ";

fn error(line: &str) -> ftd_syslog::ParseError {
    match parse_line(line) {
        Ok(record) => panic!("{line:?} parsed as {:?}", record.message),
        Err(error) => error,
    }
}

/// The byte range of `part` in `line` (its first occurrence after `after`).
fn span_of(line: &str, part: &str, after: &str) -> std::ops::Range<usize> {
    let from = line.find(after).expect("anchor present") + after.len();
    let start = from + line[from..].find(part).expect("part present");
    start..start + part.len()
}

#[test]
fn wrong_literal() {
    let line = format!(
        "{HEADER}%FTD-6-716001: Group <vpn-ra> Usr <alice> IP <192.0.2.7> WebVPN session started."
    );
    let e = error(&line);
    assert_eq!(e.kind(), &ParseErrorKind::Literal { expected: " User " });
    assert_eq!(e.span(), span_of(&line, "r", "<vpn-ra> Us"));
    assert_eq!(e.id(), Some(716001));
    assert_eq!(
        e.to_string(),
        format!(
            "716001: expected \" User \" at bytes {}..{}",
            e.span().start,
            e.span().end
        )
    );
}

#[test]
fn bad_address() {
    let line = format!("{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.999> WebVPN session started.");
    let e = error(&line);
    assert_eq!(
        e.kind(),
        &ParseErrorKind::Field {
            field: "ip",
            expected: "an IP address"
        }
    );
    assert_eq!(e.span(), span_of(&line, "192.0.2.999", "IP <"));
    let bare = format!(
        "{HEADER}%FTD-6-716001: Group vpn-ra User alice IP 192.0.2 WebVPN session started."
    );
    assert_eq!(error(&bare).span(), span_of(&bare, "192.0.2", "IP "));
}

#[test]
fn out_of_range_integer() {
    let line = format!("{HEADER}%FTD-7-715080: VPN: Starting P1 rekey timer: 4294967296 seconds.");
    let e = error(&line);
    assert_eq!(
        e.kind(),
        &ParseErrorKind::OutOfRange {
            field: "seconds",
            ty: "u32"
        }
    );
    assert_eq!(e.span(), span_of(&line, "4294967296", "timer: "));
    let line = format!("{HEADER}%FTD-7-715080: VPN: Starting P1 rekey timer: 4294967295 seconds.");
    assert!(parse_line(&line).is_ok());
}

#[test]
fn not_a_number() {
    let line = format!("{HEADER}%FTD-7-715080: VPN: Starting P1 rekey timer: 12x seconds.");
    let e = error(&line);
    assert_eq!(
        e.kind(),
        &ParseErrorKind::Field {
            field: "seconds",
            expected: "a decimal number"
        }
    );
    assert_eq!(e.span(), span_of(&line, "12x", "timer: "));
}

#[test]
fn truncated_line() {
    let line =
        format!("{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN sess");
    let e = error(&line);
    assert_eq!(
        e.kind(),
        &ParseErrorKind::Truncated {
            expected: " WebVPN session started."
        }
    );
    assert_eq!(e.span(), line.len()..line.len());
    let line = format!("{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice>");
    assert!(
        matches!(error(&line).kind(), ParseErrorKind::Truncated { .. }),
        "{}",
        error(&line)
    );
    let line = format!("{HEADER}%FTD-6-716001: Group <vpn-ra");
    assert_eq!(error(&line).kind(), &ParseErrorKind::UnclosedBracket);
}

#[test]
fn trailing_text() {
    let line = format!("{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started. And more");
    let e = error(&line);
    // The message is complete: what follows is trailing text, reported where it starts.
    assert_eq!(e.kind(), &ParseErrorKind::Trailing);
    assert_eq!(e.span(), line.find(" And more").unwrap()..line.len());
}

#[test]
fn unknown_ids_are_kept_not_rejected() {
    let line =
        format!("{HEADER}%ASA-6-302013: Built inbound TCP connection 1 for outside:192.0.2.1/443");
    let record = parse_line(&line).expect("other ids parse as Unknown");
    assert_eq!(
        record.message,
        Message::Unknown {
            id: 302013,
            severity: 6,
            text: "Built inbound TCP connection 1 for outside:192.0.2.1/443".into()
        }
    );
    assert_eq!(record.message.name(), None);
    assert_eq!(record.to_string(), line);
}

#[test]
fn malformed_headers() {
    let cases: [(&str, ParseErrorKind, std::ops::Range<usize>); 6] = [
        ("", ParseErrorKind::Empty, 0..0),
        ("<16a>%FTD-6-716001: x", ParseErrorKind::Priority, 0..4),
        (
            "<166>Nov 26 2026 14:03:11 fw1 : no tag here",
            ParseErrorKind::MissingTag,
            5..43,
        ),
        ("%FTD-8-716001: x", ParseErrorKind::Severity, 5..6),
        ("%FTD-6-7160012: x", ParseErrorKind::MessageId, 7..15),
        ("%FTD-6-716001 x", ParseErrorKind::MessageId, 7..14),
    ];
    for (line, kind, span) in cases {
        let e = error(line);
        assert_eq!(
            (e.kind(), e.span(), e.id()),
            (&kind, span, None),
            "{line:?}"
        );
    }
}

#[test]
fn bad_ike_context() {
    let line = format!(
        "{HEADER}%FTD-7-715006: IP = 192.0.2.300, IKE got SPI from key engine: SPI = 0x1a2b"
    );
    let e = error(&line);
    assert_eq!(e.kind(), &ParseErrorKind::Context);
    assert_eq!(e.span(), span_of(&line, "192.0.2.300", "IP = "));
    assert_eq!(e.id(), Some(715006));
}

#[test]
fn errors_never_panic_on_prefixes_of_valid_lines() {
    // Every prefix of a valid line (cut at a char boundary) parses or fails cleanly.
    let line = format!("{HEADER}%FTD-6-716001: Group <vpn ra> User <alice> IP <2001:db8::7> WebVPN session started.");
    for end in (0..=line.len()).filter(|&i| line.is_char_boundary(i)) {
        let _ = parse_line(&line[..end]);
    }
}

#[test]
fn a_leading_angle_bracket_is_a_priority() {
    // Found by fuzzing: read as a device id, `<16` would be written back as a bad priority.
    let e = error("\t\t\t<16: %FTD-6-710601: Group ");
    assert_eq!((e.kind(), e.span()), (&ParseErrorKind::Priority, 3..7));
}

#[test]
fn a_device_named_1_is_not_an_rfc5424_version() {
    // Found by fuzzing: `<166>1 : %FTD-...` is a legacy header whose device id is `1`.
    let record = parse_line("<166>1 : %FTD-6-711006: anything").expect("a legacy header");
    assert_eq!(record.header.device_id, Some("1"));
    assert!(record.header.rfc5424.is_none());
    assert_eq!(record.to_string(), "<166>1 : %FTD-6-711006: anything");
}

#[test]
fn bracketed_values_hold_no_brackets() {
    // Found by fuzzing: `< <vpn-ra>` is a '<' left open, not a value holding '<'.
    let line =
        "%FTD-6-716001: Group < <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.";
    let e = error(line);
    let open = line.find("< <").expect("present");
    assert_eq!(
        (e.kind(), e.span()),
        (&ParseErrorKind::UnclosedBracket, open..open + 2)
    );
}

#[test]
fn malformed_timestamps_are_not_device_ids() {
    for line in [
        "<166>Nov 26 2026 14:03:1x fw1 : %FTD-6-716001: x",
        "<166>14:03:11x fw1 : %FTD-6-716001: x",
        "<166>2026-11-26T14:03 fw1 : %FTD-6-716001: x",
    ] {
        assert_eq!(error(line).kind(), &ParseErrorKind::Timestamp, "{line:?}");
    }
    // Found by fuzzing: a device id with colons is not a timestamp.
    let record = parse_line("1104:r*N:!Sv : %FTD-6-721104: r*").expect("a device id");
    assert_eq!(record.header.device_id, Some("1104:r*N:!Sv"));
}

#[test]
fn any_leading_whitespace_before_a_priority() {
    // Found by fuzzing: vertical tabs are whitespace too.
    let e = error("\u{b}\u{b}<\u{b}x fw1 : %FTD-6-422002: v");
    assert_eq!((e.kind(), e.span()), (&ParseErrorKind::Priority, 2..4));
}

#[test]
fn a_device_id_cannot_forge_a_second_line() {
    use ftd_syslog::header::{HeaderFormat, HeaderStyle};
    let style = HeaderStyle {
        format: HeaderFormat::Legacy,
        device_id: Some("fw1\n<166>forged".into()),
        ..HeaderStyle::default()
    };
    let mut line = String::new();
    style
        .write(&mut line, 6, 716001, None)
        .expect("writing to a String");
    assert_eq!(line, "<166>fw1#012<166>forged : %FTD-6-716001: ");
}

#[test]
fn text_that_only_starts_like_rfc5424_is_a_legacy_header() {
    // Found by fuzzing: the device id `1 - - - -` written after a priority.
    let record = parse_line("<166> 1 - - - - %FTD-6-720320:").expect("a legacy header");
    assert_eq!(record.header.device_id, Some("1 - - - -"));
    let rewritten = record.to_string();
    assert_eq!(
        parse_line(&rewritten).expect("re-parses").header,
        record.header
    );
    // A real RFC 5424 header that is broken keeps its own error.
    assert_eq!(
        error("<166>1 2026-11-26T14:03:11Z fw1 - - - [unclosed %FTD-6-716001: x").kind(),
        &ParseErrorKind::Rfc5424
    );
}

#[test]
fn an_rfc5424_header_ends_at_the_tag() {
    // Found by fuzzing: a '%' after the nil structured data is not the tag.
    let record = parse_line("<16>1 - v% %FTD-6-421220: 1 -%").expect("a legacy header");
    let rewritten = record.to_string();
    assert_eq!(
        parse_line(&rewritten).expect("re-parses").header,
        record.header
    );
}

#[test]
fn a_tag_is_never_an_rfc5424_header_field() {
    // Found by fuzzing: `1 - : %FTD-...` is a legacy device id `1 -`, not an RFC 5424 header
    // whose APP-NAME is the tag.
    let record = parse_line("<0>1 -%FTD-7-712540: 9 - -%FTD-7-712540:").expect("a legacy header");
    let rewritten = record.to_string();
    let again = parse_line(&rewritten).expect("re-parses");
    assert_eq!(
        (again.header, again.message),
        (record.header, record.message)
    );
}

#[test]
fn a_device_id_starting_like_a_version_keeps_its_space() {
    // Found by fuzzing: written right after `<PRI>`, the device id `1 2026-...` would read as
    // an RFC 5424 header; a space keeps it a device id.
    let line = "<166>   1 2026-11-26T14:03:1:11.8Z fw0 - x : %FTD-2-002723: text";
    let record = parse_line(line).expect("a legacy header");
    assert_eq!(
        record.header.device_id,
        Some("1 2026-11-26T14:03:1:11.8Z fw0 - x")
    );
    let rewritten = record.to_string();
    assert!(rewritten.starts_with("<166> 1 2026"), "{rewritten}");
    assert_eq!(
        parse_line(&rewritten).expect("re-parses").header,
        record.header
    );
}
