//! A catalog of one's own (`fixtures/widgets`), generated with the macro in this crate: its
//! types format and parse like the bundled ones, including flags, open enums and alternative
//! templates.

/// Types generated from `fixtures/widgets`, a catalog unrelated to the bundled one, as a user's
/// crate would generate them.
mod widgets {
    ftd_syslog::catalog!("fixtures/widgets");
}

use std::net::{IpAddr, Ipv6Addr};

use ftd_syslog::{parse_line_as, Quantity, Record};
use widgets::{
    Message, WidgetCounters, WidgetCountersMode, WidgetStarted, WidgetStateChanged,
    WidgetStateChangedState,
};

#[test]
fn formats_and_parses_its_own_messages() {
    let started = WidgetStarted {
        name: "blue widget".into(),
        interface: "outside".into(),
        ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
    };
    assert_eq!(
        started.to_string(),
        "Widget <blue widget> started on outside at ::1."
    );
    assert_eq!(
        WidgetStarted::parse("Widget <blue widget> started on outside at ::1.").unwrap(),
        started
    );
    assert_eq!(WidgetStarted::ID, 900001);
    assert_eq!(WidgetStarted::SEVERITY, 6);
    assert_eq!(WidgetStarted::NAME, "widget_started");

    let line =
        "<164>Nov 26 2026 14:03:11 fw1 : %FTD-4-900002: Widget state is not now Standby Ready: -5";
    let record: Record<'_, Message<'_>> = parse_line_as(line).unwrap();
    let expected = WidgetStateChanged {
        state: WidgetStateChangedState::StandbyReady,
        negated: true,
        code: -5,
    };
    assert_eq!(
        record.message,
        Message::WidgetStateChanged(expected.clone())
    );
    // The second template carries the same value.
    let alternative = "Widget state=Degraded negated=code=7";
    let parsed = WidgetStateChanged::parse(alternative).unwrap();
    assert_eq!(
        parsed.state,
        WidgetStateChangedState::Other("Degraded".into())
    );
    assert!(!parsed.negated);
    let mut written = String::new();
    parsed.write_template(&mut written, 1, true).unwrap();
    assert_eq!(written, alternative);

    let counters = WidgetCounters::parse(
        "Widget counters: handle 0x1F, size 266KB, mac 00:50:56:a1:02:03, port 443, mode TRUE",
    )
    .unwrap();
    assert_eq!(counters.handle, 0x1f);
    assert_eq!(
        counters.size,
        Quantity {
            value: 266,
            unit: "KB".into()
        }
    );
    assert_eq!(counters.port, 443);
    assert_eq!(counters.mode, WidgetCountersMode::True);
    assert_eq!(
        counters.to_string(),
        // The hex value is kept as sent (`0x1F`); the MAC address is written in Cisco's form.
        "Widget counters: handle 0x1F, size 266KB, mac 0050.56a1.0203, port 443, mode true"
    );
}

#[test]
fn ids_outside_its_catalog_are_unknown() {
    let record: Record<'_, Message<'_>> =
        parse_line_as("%FTD-6-716001: Group <g> User <u> IP <192.0.2.1> WebVPN session started.")
            .unwrap();
    assert!(matches!(
        record.message,
        Message::Unknown { id: 716001, .. }
    ));
    assert_eq!(widgets::MESSAGES.len(), 5);
}

#[test]
fn optional_variables_follow_the_template_that_carries_them() {
    use widgets::WidgetMoved;
    let short = WidgetMoved::parse("Widget w1 moved to 7.").unwrap();
    assert_eq!((short.from, short.slot), (None, 7));
    let long = WidgetMoved::parse("Widget w1 moved from 3 to 7.").unwrap();
    assert_eq!((long.from, long.slot), (Some(3), 7));
    // Each value is written with the template that carries exactly the fields it has,
    // whichever template is asked for.
    assert_eq!(long.to_string(), "Widget w1 moved from 3 to 7.");
    let mut written = String::new();
    short.write_template(&mut written, 1, true).unwrap();
    assert_eq!(written, "Widget w1 moved to 7.");
}
