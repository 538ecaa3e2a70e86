//! Property tests over the whole catalog: for every one of the 436 messages, random valid field
//! values are emitted with every template, both identity styles (bracketed and bare) and every
//! header form, then parsed back to an equal value.

use ftd_syslog::header::{HeaderFormat, HeaderStyle, Tag, Timestamp, TimestampFormat};
use ftd_syslog::{parse_line, Emitter, IkeContext, Message, RandomValues, MESSAGES};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// The header forms emitters and devices produce.
fn header_style(form: u8, tag: Tag) -> (HeaderStyle, Option<Timestamp>) {
    let unix = 1_795_701_791 + i64::from(form) * 86_400 * 37;
    let legacy = Timestamp::from_unix(unix, 123_456_789, 0, TimestampFormat::Legacy);
    let device = |id: &str| Some(id.to_owned());
    let style = |format, priority, timestamp, device_id| HeaderStyle {
        format,
        facility: 20,
        tag,
        device_id,
        priority,
        timestamp,
    };
    match form % 7 {
        0 => (style(HeaderFormat::Bare, false, false, None), None),
        1 => (
            style(HeaderFormat::Legacy, true, true, device("fw1")),
            Some(legacy),
        ),
        2 => (
            style(HeaderFormat::Legacy, true, true, device("ftd-01(ctx-a)")),
            Some(legacy.without_year()),
        ),
        3 => (
            style(HeaderFormat::Legacy, false, true, device("192.0.2.1")),
            Some(Timestamp::from_unix(
                unix,
                120_000_000,
                3,
                TimestampFormat::Legacy,
            )),
        ),
        4 => (
            style(HeaderFormat::Legacy, true, true, device("fw1")),
            Some(Timestamp::from_unix(unix, 0, 0, TimestampFormat::Iso)),
        ),
        5 => (
            style(HeaderFormat::Rfc5424, true, true, device("fw1.example.com")),
            Some(Timestamp::from_unix(
                unix,
                500_000_000,
                6,
                TimestampFormat::Iso,
            )),
        ),
        _ => (style(HeaderFormat::Legacy, true, false, None), None),
    }
}

fn context(seed: u64) -> Option<IkeContext<'static>> {
    let ip = Some(std::net::IpAddr::from([
        198,
        51,
        100,
        (seed % 250) as u8 + 1,
    ]));
    match seed % 4 {
        0 => None,
        1 => Some(IkeContext {
            ip,
            ..IkeContext::default()
        }),
        2 => Some(IkeContext {
            group: Some("vpn-ra".into()),
            ip,
            ..IkeContext::default()
        }),
        _ => Some(IkeContext {
            group: Some("DfltGrpPolicy".into()),
            username: Some("alice".into()),
            ip,
        }),
    }
}

fn round_trip(
    id: u32,
    seed: u64,
    form: u8,
    bare: bool,
    template: usize,
    tag: Tag,
) -> Result<(), TestCaseError> {
    let mut values = RandomValues::new(seed);
    values.full_range = seed.is_multiple_of(2);
    let message = Message::draw(id, &mut values).expect("catalogued");
    let (style, timestamp) = header_style(form, tag);
    let emitter = Emitter {
        header: style,
        bare_identities: bare,
    };
    let context = context(seed).filter(|_| Message::takes_ike_context(id));
    let mut line = String::new();
    emitter
        .write(
            &mut line,
            &message,
            context.as_ref(),
            timestamp.as_ref(),
            template,
            None,
        )
        .expect("writing to a String");
    let record = parse_line(&line).map_err(|e| TestCaseError::fail(format!("{line:?}: {e}")))?;
    prop_assert_eq!(&record.message, &message, "line {:?}", line);
    prop_assert_eq!(record.header.id, id);
    prop_assert_eq!(record.header.tag, tag);
    prop_assert_eq!(record.header.severity, message.severity());
    prop_assert_eq!(record.header.device_id, emitter.header.device_id.as_deref());
    if emitter.header.timestamp || emitter.header.format == HeaderFormat::Rfc5424 {
        let mut expected = timestamp;
        if emitter.header.format == HeaderFormat::Rfc5424 {
            if let Some(ts) = expected.as_mut() {
                ts.format = TimestampFormat::Iso;
                ts.offset_minutes.get_or_insert(0);
            }
        }
        prop_assert_eq!(record.header.timestamp, expected);
    }
    prop_assert_eq!(&record.context, &context);
    // What was parsed writes back to the same line.
    prop_assert_eq!(
        record.to_string(),
        canonical(&line, template, bare),
        "re-emitted"
    );
    Ok(())
}

/// The canonical text of an emitted line: only lines emitted with the default template and
/// brackets are canonical already.
fn canonical(line: &str, template: usize, bare: bool) -> String {
    if template == 0 && !bare {
        return line.to_owned();
    }
    let record = parse_line(line).expect("parsed once already");
    record.to_string()
}

#[test]
fn every_message_round_trips_with_random_values() {
    for info in MESSAGES {
        let mut runner = TestRunner::new(Config {
            cases: 48,
            failure_persistence: None,
            ..Config::default()
        });
        let templates = info.templates.len();
        let strategy = (
            any::<u64>(),
            0u8..7,
            any::<bool>(),
            0..templates,
            any::<bool>(),
        );
        runner
            .run(&strategy, |(seed, form, bare, template, asa)| {
                let tag = if asa { Tag::Asa } else { Tag::Ftd };
                round_trip(info.id, seed, form, bare, template, tag)
            })
            .unwrap_or_else(|failure| panic!("{} {}: {failure}", info.id, info.name));
    }
}

#[test]
fn every_template_and_header_form_of_every_message() {
    // Deterministic coverage on top of the random cases: each template, in each identity style,
    // under each header form, at least once per message.
    for info in MESSAGES {
        for template in 0..info.templates.len() {
            for form in 0..7u8 {
                for bare in [false, true] {
                    let seed = u64::from(info.id) * 31 + u64::from(form) * 7 + template as u64;
                    round_trip(info.id, seed, form, bare, template, Tag::Ftd).unwrap_or_else(|e| {
                        panic!(
                            "{} template {template} form {form} bare {bare}: {e}",
                            info.id
                        )
                    });
                }
            }
        }
    }
}

/// Whether a message's wire text can be padded with extra spaces without changing its values:
/// its values never contain spaces (no free text, no enum value with a space).
fn values_have_no_spaces(info: &ftd_syslog::MessageInfo) -> bool {
    info.fields.iter().all(|f| {
        !matches!(f.kind, ftd_syslog::FieldKind::Text)
            && !f.open
            && f.values.iter().all(|v| !v.contains(' '))
            && !f.word.trim().contains(' ')
    })
}

#[test]
fn whitespace_runs_may_differ_from_the_template() {
    let mut checked = 0;
    for info in MESSAGES.iter().filter(|i| values_have_no_spaces(i)) {
        for seed in 0..8u64 {
            let message = Message::draw(info.id, &mut RandomValues::new(seed)).expect("catalogued");
            let mut body = String::new();
            message
                .write_body(&mut body, 0, true)
                .expect("writing to a String");
            let body = body.replace(' ', if seed % 2 == 0 { "  " } else { " \t " });
            let padded = format!(
                "<166>Nov 26 2026 14:03:11 fw1 : %FTD-{}-{}:  {body}",
                info.severity, info.id
            );
            let record = parse_line(&padded).unwrap_or_else(|e| panic!("{padded:?}: {e}"));
            assert_eq!(record.message, message, "{padded:?}");
            checked += 1;
        }
    }
    assert!(checked > 8 * 100, "only {checked} padded lines checked");
}

#[test]
fn identities_with_angle_brackets_are_written_bare() {
    // Found by fuzzing: a bare identity holding '<' cannot be re-emitted as `<...>`.
    let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User clai<e> IP <192.0.2.7> WebVPN session started.";
    let record = parse_line(line).expect("a bare identity may hold '<'");
    let rewritten = record.to_string();
    assert_eq!(
        rewritten,
        "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User clai<e> IP <192.0.2.7> WebVPN session started."
    );
    assert_eq!(
        parse_line(&rewritten).expect("re-parses").message,
        record.message
    );
}

#[test]
fn bracketed_identities_may_hold_spaces_and_bare_ones_are_read_too() {
    use ftd_syslog::Message::WebvpnSessionStarted;
    let newer = "%FTD-6-716001: Group <Sales VPN> User <John Smith> IP <2001:db8::7> WebVPN session started.";
    let older = "%ASA-6-716001: Group Sales VPN User jsmith IP 192.0.2.7 WebVPN session started.";
    let Ok(ftd_syslog::Record {
        message: WebvpnSessionStarted(m),
        ..
    }) = parse_line(newer)
    else {
        panic!("{newer:?} is a WebVPN session start");
    };
    assert_eq!(
        (&*m.group, &*m.user, m.ip.to_string().as_str()),
        ("Sales VPN", "John Smith", "2001:db8::7")
    );
    let Ok(ftd_syslog::Record {
        message: WebvpnSessionStarted(m),
        ..
    }) = parse_line(older)
    else {
        panic!("{older:?} is a WebVPN session start");
    };
    assert_eq!(
        (&*m.group, &*m.user, m.ip.to_string().as_str()),
        ("Sales VPN", "jsmith", "192.0.2.7")
    );
}
