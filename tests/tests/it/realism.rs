//! Realism of simulated values over the whole catalog: for every message, every template and
//! several seeds, the values `simulate` draws are checked against what each field holds (its
//! catalog `kind`): URLs and distinguished names parse, host names follow RFC 1123, masks are
//! contiguous, ranges run upwards, the addresses of a line differ, and no field carries the
//! alphabet code words or filler text a generator falls back to.

use std::net::IpAddr;

use ftd_syslog::{
    FieldKind, FieldSpec, FieldVisitor, MacAddr, Message, Quantity, RandomValues, ValueKind,
    MESSAGES,
};
use regex::Regex;

/// The seeds the test draws with (11 is the one the simulator's own checks use).
const SEEDS: &[u64] = &[11, 1, 2, 3];
/// Draws per message and seed.
const DRAWS: u64 = 6;

/// Words a generator must never fill a field with: the phonetic alphabet and lorem ipsum.
const FILLER: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "lorem", "ipsum", "dolor", "amet",
];

/// One drawn value, with the field it is for.
enum Value {
    Text(String),
    Ip(IpAddr),
    Other,
}

#[derive(Default)]
struct Collect(Vec<(&'static FieldSpec, Value)>);

impl FieldVisitor for Collect {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.0.push((field, Value::Text(value.to_owned())));
    }
    fn uint(&mut self, field: &'static FieldSpec, _: u64) {
        self.0.push((field, Value::Other));
    }
    fn int(&mut self, field: &'static FieldSpec, _: i64) {
        self.0.push((field, Value::Other));
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        let value = if field.value_kind == ValueKind::Spi {
            Value::Text(format!("0x{value:08x}"))
        } else {
            Value::Other
        };
        self.0.push((field, value));
    }
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.0.push((field, Value::Ip(value)));
    }
    fn mac(&mut self, field: &'static FieldSpec, _: MacAddr) {
        self.0.push((field, Value::Other));
    }
    fn quantity(&mut self, field: &'static FieldSpec, _: &Quantity<'_>) {
        self.0.push((field, Value::Other));
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, known: bool) {
        // A listed value is the guide's own; an unlisted one is drawn by kind.
        let value = if known {
            Value::Other
        } else {
            Value::Text(value.to_owned())
        };
        self.0.push((field, value));
    }
    fn flag(&mut self, field: &'static FieldSpec, _: bool) {
        self.0.push((field, Value::Other));
    }
}

/// The per-kind checks, compiled once.
struct Checks {
    hostname_label: Regex,
    url: Regex,
    rdn: Regex,
    timestamp: Regex,
    username: Regex,
    interface: Regex,
    filename: Regex,
    filler: Regex,
}

impl Checks {
    fn new() -> Self {
        let re = |pattern: &str| Regex::new(pattern).expect("a valid pattern");
        Checks {
            hostname_label: re(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"),
            url: re(r"^(https?)://([^/\s:]+)(:\d{1,5})?(/[^\s]*)?$"),
            rdn: re(r"^(CN|OU|O|L|ST|C|DC|E|emailAddress)=[^=,]+$"),
            timestamp: re(
                r"^\d\d:\d\d:\d\d UTC (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{4}$",
            ),
            username: re(r"^[A-Za-z0-9._@\\-]+$"),
            interface: re(r"^[A-Za-z][A-Za-z0-9/._-]*$"),
            filename: re(r"^[^/\\]+\.[A-Za-z0-9]{2,4}$"),
            filler: re(&format!(r"(?i)\b({})\b", FILLER.join("|"))),
        }
    }

    fn hostname(&self, value: &str) -> Result<(), String> {
        if value.len() > 253 || value.split('.').any(|l| !self.hostname_label.is_match(l)) {
            return Err("not an RFC 1123 host name".into());
        }
        Ok(())
    }

    fn dn(&self, value: &str) -> Result<(), String> {
        let rdns: Vec<&str> = value.split(',').collect();
        if !rdns.iter().any(|r| r.starts_with("CN=")) {
            return Err("a DN without a CN".into());
        }
        match rdns.iter().find(|r| !self.rdn.is_match(r)) {
            Some(bad) => Err(format!("'{bad}' is not an attribute=value pair")),
            None => Ok(()),
        }
    }

    /// Whether `value` is what a field of `kind` holds; the error says what is wrong. A field
    /// that ends at a dot (`ends_at_dot`) cannot hold one, so its file names show no extension.
    fn check(&self, kind: ValueKind, value: &str, ends_at_dot: bool) -> Result<(), String> {
        let hex = |digits: &str, lengths: &[usize]| {
            digits.bytes().all(|b| b.is_ascii_hexdigit()) && lengths.contains(&digits.len())
        };
        if kind != ValueKind::Username && self.filler.is_match(value) {
            return Err("filler words".into());
        }
        match kind {
            ValueKind::Unspecified => Err("a textual field without a kind".into()),
            ValueKind::Url => {
                let Some(parts) = self.url.captures(value) else {
                    return Err("not an absolute http(s) URL".into());
                };
                self.hostname(&parts[2])
            }
            ValueKind::SubjectDn | ValueKind::IssuerDn => self.dn(value),
            ValueKind::Hostname => self.hostname(value),
            ValueKind::SerialNumber if !hex(value, &(8..=40).collect::<Vec<_>>()) => {
                Err("not a hexadecimal serial number".into())
            }
            ValueKind::Cookie if !hex(value, &[16]) => Err("not an 8-byte cookie".into()),
            ValueKind::MessageId if !hex(value, &[8]) => Err("not a 32-bit message id".into()),
            ValueKind::Spi => match value.strip_prefix("0x").map(|d| u32::from_str_radix(d, 16)) {
                Some(Ok(spi)) if spi >= 0x100 => Ok(()),
                _ => Err("not an SPI (32 bits, at least 0x100)".into()),
            },
            ValueKind::Timestamp if !self.timestamp.is_match(value) => {
                Err("not a certificate time".into())
            }
            ValueKind::Username if !self.username.is_match(value) => Err("not a user name".into()),
            ValueKind::Interface if !self.interface.is_match(value) => {
                Err("not an interface name".into())
            }
            ValueKind::Filename
                if ends_at_dot && self.hostname_label.is_match(&value.replace('_', "-")) =>
            {
                Ok(())
            }
            ValueKind::Filename if !self.filename.is_match(value) => {
                Err("not a file name with an extension".into())
            }
            ValueKind::Path if !value.starts_with('/') || value.contains("//") => {
                Err("not a directory path".into())
            }
            _ => Ok(()),
        }
    }

    /// The problems of one drawn message: per field, and between the fields of the line.
    fn message(&self, fields: &[(&'static FieldSpec, Value)]) -> Vec<String> {
        let mut problems = Vec::new();
        let mut addresses: Vec<IpAddr> = Vec::new();
        let mut range_start = None;
        for (field, value) in fields {
            let at = |what: String| format!("{}.{}: {what}", field.message, field.name);
            match value {
                Value::Text(text) => {
                    let textual = matches!(
                        field.kind,
                        FieldKind::Text | FieldKind::Word | FieldKind::Interface | FieldKind::Enum
                    );
                    let kind = if textual || field.value_kind != ValueKind::Unspecified {
                        field.value_kind
                    } else {
                        continue;
                    };
                    let ends_at_dot = field.delimiters.iter().any(|d| d.trim().starts_with('.'));
                    if let Err(why) = self.check(kind, text, ends_at_dot) {
                        problems.push(at(format!("{why}: {text:?}")));
                    }
                }
                Value::Ip(ip) => match field.value_kind {
                    ValueKind::Netmask => {
                        let IpAddr::V4(mask) = ip else {
                            problems.push(at(format!("an IPv6 netmask {ip}")));
                            continue;
                        };
                        let bits = u32::from(*mask);
                        if bits.leading_ones() + bits.trailing_zeros() != 32 || bits == 0 {
                            problems.push(at(format!("{mask} is not a contiguous mask")));
                        }
                    }
                    kind => {
                        if addresses.contains(ip) {
                            problems.push(at(format!("{ip} appears twice in the line")));
                        }
                        addresses.push(*ip);
                        if kind == ValueKind::RangeStart {
                            range_start = Some(*ip);
                        }
                        if let (ValueKind::RangeEnd, Some(start)) = (kind, range_start) {
                            if !same_family_at_or_above(start, *ip) {
                                problems.push(at(format!("range {start} to {ip} runs backwards")));
                            }
                        }
                    }
                },
                Value::Other => {}
            }
        }
        problems
    }
}

fn same_family_at_or_above(start: IpAddr, end: IpAddr) -> bool {
    match (start, end) {
        (IpAddr::V4(a), IpAddr::V4(b)) => b >= a,
        (IpAddr::V6(a), IpAddr::V6(b)) => b >= a,
        _ => false,
    }
}

/// Whole words of `line` that are filler and not part of the template's own text.
fn filler_in_line(checks: &Checks, line: &str, templates: &[&str]) -> Option<String> {
    checks
        .filler
        .find_iter(line)
        .map(|m| m.as_str().to_ascii_lowercase())
        .find(|word| {
            !templates
                .iter()
                .any(|t| t.to_ascii_lowercase().contains(word.as_str()))
        })
}

#[test]
fn simulated_values_are_realistic_for_every_message_template_and_seed() {
    let checks = Checks::new();
    let mut problems = Vec::new();
    let mut lines = 0usize;
    for &seed in SEEDS {
        let mut values = RandomValues::new(seed);
        for info in MESSAGES {
            for _ in 0..DRAWS {
                let message = Message::draw(info.id, &mut values).expect("catalogued");
                let mut fields = Collect::default();
                message.visit_fields(&mut fields);
                problems.extend(checks.message(&fields.0));
                for template in 0..info.templates.len() {
                    let mut body = String::new();
                    if message.write_body(&mut body, template, true).is_err() {
                        continue;
                    }
                    lines += 1;
                    if let Some(word) = filler_in_line(&checks, &body, info.templates) {
                        problems.push(format!("{} (seed {seed}): '{word}' in {body:?}", info.id));
                    }
                }
            }
        }
    }
    assert!(lines > 10_000, "only {lines} lines checked");
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} unrealistic values, first ones:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checks flag what the simulator used to write: code words as free text, an address as a
/// subnet mask, a URL without a host, a DN without attribute types.
#[test]
fn the_checks_flag_the_old_unrealistic_values() {
    let checks = Checks::new();
    for (kind, value) in [
        (ValueKind::AttributeName, "foxtrot november bravo"),
        (ValueKind::VendorId, "lima"),
        (ValueKind::MessageId, "juliet92"),
        (ValueKind::SocketError, "india mike"),
        (ValueKind::Url, "https:///lima"),
        (ValueKind::SubjectDn, "vpn.example.com, Example Corp"),
        (ValueKind::Hostname, "-vpn.example.com"),
        (ValueKind::Unspecified, "anything"),
    ] {
        assert!(
            checks.check(kind, value, false).is_err(),
            "{kind:?} accepts {value:?}"
        );
    }
    static MASK: FieldSpec = FieldSpec {
        message: 715032,
        name: "mask",
        kind: FieldKind::Ipv4,
        type_name: "ipv4",
        bracketed: false,
        optional: false,
        values: &[],
        open: false,
        ignore_case: false,
        word: "",
        delimiters: &[")"],
        guide_name: "",
        description: "",
        description_en: "",
        value_kind: ValueKind::Netmask,
    };
    let old_mask = Value::Ip("203.0.113.153".parse().expect("an address"));
    assert_eq!(checks.message(&[(&MASK, old_mask)]).len(), 1);
    let mask = Value::Ip("255.255.254.0".parse().expect("an address"));
    assert!(checks.message(&[(&MASK, mask)]).is_empty());
    assert!(filler_in_line(&checks, "Send lima VID", &["Send {vid_type} VID"]).is_some());
    assert!(filler_in_line(&checks, "Send DPD VID", &["Send {vid_type} VID"]).is_none());
}
