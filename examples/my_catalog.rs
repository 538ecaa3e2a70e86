//! Typed messages for a catalog of one's own: `ftd_syslog::catalog!` reads the YAML files of
//! `examples/my-catalog/` at compile time and generates a struct per message, a `Message` enum,
//! metadata and parsers, exactly as it does for the bundled FTD catalog.
//!
//! ```text
//! cargo run -p examples --example my_catalog
//! ```
//!
//! The macro goes in a module of its own: it generates items named `Message` and `MESSAGES`,
//! which would clash with the bundled catalog's (and with each other, for two catalogs).
//! `module = door` tells the generated `message!` where the types are; `#[macro_use]` makes
//! `message!` usable after the module in this crate (other crates call `the_crate::message!`).

#[macro_use]
mod door {
    // The path is relative to the crate's manifest directory (`examples/`).
    ftd_syslog::catalog!("my-catalog", module = door);
}

use std::net::IpAddr;

use door::{DoorForced, DoorForcedAlarm, DoorHeldOpen, DoorOpened, Message};
use ftd_syslog::{
    parse_line_as, Emitter, FieldSpec, FieldVisitor, HeaderStyle, MacAddr, Quantity, Record,
    Timestamp, TimestampFormat,
};

fn main() {
    // Build a typed message with `message!`: the id and the field names are checked at compile
    // time, text fields take anything that converts into `Cow<str>`.
    let reader: IpAddr = "192.0.2.31".parse().expect("an address");
    let opened: DoorOpened<'_> = message!(990001 { door: "lab-2", badge: 4711, ip: reader });
    assert_eq!(
        opened.to_string(),
        "Door <lab-2> opened by badge 4711 from 192.0.2.31."
    );

    // Or with the struct itself.
    let messages = [
        Message::DoorOpened(opened.clone()),
        Message::DoorHeldOpen(DoorHeldOpen {
            door: "lab-2".into(),
            duration: Quantity {
                value: 90,
                unit: "s".into(),
            },
        }),
        Message::DoorForced(DoorForced {
            door: "dock-1".into(),
            alarm: DoorForcedAlarm::Raised,
        }),
    ];

    // Write them as a device would: the same framing as FTD lines.
    let emitter = Emitter {
        header: HeaderStyle {
            device_id: Some("doors-1".to_owned()),
            ..HeaderStyle::default()
        },
        ..Emitter::default()
    };
    let mut lines = Vec::new();
    for (second, message) in (0..).zip(&messages) {
        let timestamp = Timestamp::from_unix(1_795_701_791 + second, 0, 0, TimestampFormat::Legacy);
        let mut line = String::new();
        emitter
            .write(&mut line, message, None, Some(&timestamp), 0, None)
            .expect("writing into a String does not fail");
        println!("emitted:  {line}");
        lines.push(line);
    }
    // Lines as they may also arrive: older software without brackets, a mistake, and an id
    // that this catalog does not hold (the bundled catalog's 716001).
    lines.push("%FTD-5-990003: Door lab-3 held open for 2min".to_owned());
    lines.push("%FTD-6-990001: Door <lab-2> opened by badge B-17 from 192.0.2.31.".to_owned());
    lines.push(
        "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started."
            .to_owned(),
    );
    println!();

    // Parse them back with this catalog's types, and match on the variants.
    for line in &lines {
        match parse_line_as::<Message>(line) {
            Ok(Record {
                message: Message::DoorOpened(opened),
                header,
                ..
            }) => {
                let device = header.device_id.unwrap_or("?");
                println!(
                    "{device}: badge {} opened {} (reader {})",
                    opened.badge, opened.door, opened.ip
                );
            }
            Ok(Record {
                message: Message::DoorForced(forced),
                ..
            }) => match forced.alarm {
                DoorForcedAlarm::Raised => println!("ALARM: {} forced open", forced.door),
                DoorForcedAlarm::Silenced => {
                    println!("{} forced open, alarm silenced", forced.door)
                }
            },
            Ok(Record {
                message: Message::Unknown { id, text, .. },
                ..
            }) => {
                println!("{id} is not a door message: {text}");
            }
            Ok(record) => {
                // Any other message, generically: its metadata and its fields.
                let info = record.message.info().expect("a catalogued message");
                let mut fields = Fields(Vec::new());
                record.message.visit_fields(&mut fields);
                println!("{} {}: {}", info.id, info.name, fields.0.join(", "));
            }
            Err(error) => {
                // The span locates the problem in the line.
                let span = error.span();
                println!("cannot parse: {error}");
                println!("  {line}");
                println!(
                    "  {}{}",
                    " ".repeat(span.start),
                    "^".repeat(span.len().max(1))
                );
            }
        }
    }
    println!();

    // The catalog's metadata, as generated.
    for info in door::MESSAGES {
        let fields: Vec<String> = info
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.type_name))
            .collect();
        println!(
            "{} {:<15} severity {}  {}",
            info.id,
            info.name,
            info.severity,
            fields.join(", ")
        );
    }
}

/// Collects `name=value` for each field of any message.
struct Fields(Vec<String>);

impl Fields {
    fn push(&mut self, field: &FieldSpec, value: impl std::fmt::Display) {
        self.0.push(format!("{}={value}", field.name));
    }
}

impl FieldVisitor for Fields {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.push(field, value);
    }
    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.push(field, value);
    }
    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.push(field, value);
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.push(field, format_args!("{value:#x}"));
    }
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.push(field, value);
    }
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.push(field, value);
    }
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.push(field, format_args!("{} {}", value.value, value.unit));
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        self.push(field, value);
    }
    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.push(field, value);
    }
}
