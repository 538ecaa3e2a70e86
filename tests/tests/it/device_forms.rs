//! The wire forms of the English guide (the facts in `catalog/source/device-forms/`): for every
//! form of every recorded id, a realistic line with a plausible value in each placeholder parses
//! as that message, with exactly the values written, bracketed identities and bare alike. And
//! the 716023 line that once parsed silently wrong.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ftd_catalog::template::{self, Segment};
use ftd_syslog::{
    parse_line, FieldKind, FieldSpec, FieldVisitor, MacAddr, Message, MessageInfo, Quantity,
    MESSAGES,
};

/// Reads a facts file of `catalog/source/device-forms/`.
fn facts(file: &str) -> Vec<serde_yaml::Value> {
    let path = ftd_catalog::bundled_dir()
        .join("source/device-forms")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `(id, form)` a facts file records: `device_form` or `template`, then `extra_forms`.
fn forms(file: &str, first_key: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for item in facts(file) {
        let id = item["id"].as_u64().expect("an id") as u32;
        let first = item[first_key].as_str().expect("a form");
        out.push((id, first.to_owned()));
        for extra in item["extra_forms"].as_sequence().into_iter().flatten() {
            out.push((id, extra.as_str().expect("a form").to_owned()));
        }
    }
    out
}

/// A plausible wire value for a field: by its type, and for free text and words by its name.
fn plausible(spec: &FieldSpec, serial: usize) -> String {
    let name = spec.name;
    let has = |part: &str| name.contains(part);
    match spec.kind {
        FieldKind::Text | FieldKind::Word => {
            let text = if has("user") {
                "alice"
            } else if has("group") || has("policy") || has("tunnel") {
                "vpn-ra"
            } else if has("url") {
                "https://ca.example.com/certsrv"
            } else if has("subject") || has("issuer") {
                "CN=vpn.example.com"
            } else if has("file") || has("directory") || has("folder") {
                "reports/q3.txt"
            } else if has("server") || has("cdp") || name == "ca" {
                "files01.example.com"
            } else if has("trustpoint") || has("keypair") {
                "tp-root"
            } else if has("serial") {
                "4a3b2c1d"
            } else if spec.kind == FieldKind::Word {
                "token-7"
            } else {
                "connection refused by peer"
            };
            text.to_owned()
        }
        FieldKind::Interface => "outside".into(),
        FieldKind::U8 => "7".into(),
        FieldKind::U16 | FieldKind::U32 | FieldKind::U64 | FieldKind::I32 | FieldKind::I64 => {
            (40 + serial).to_string()
        }
        FieldKind::Port => "443".into(),
        FieldKind::Hex => "0x1f2e".into(),
        FieldKind::Ipv4 => format!("192.0.2.{}", 7 + serial),
        FieldKind::Ipv6 => format!("2001:db8::{}", 7 + serial),
        FieldKind::Ip => match serial % 2 {
            0 => format!("192.0.2.{}", 7 + serial),
            _ => format!("2001:db8::{}", 7 + serial),
        },
        FieldKind::Mac => "0050.56a1.0203".into(),
        FieldKind::Quantity => "266KB".into(),
        FieldKind::Enum => spec
            .values
            .first()
            .map_or_else(|| "other".into(), |v| (*v).to_owned()),
        FieldKind::Flag => spec.word.to_owned(),
        _ => panic!(
            "{}: field '{name}' of a kind this test does not know",
            spec.message
        ),
    }
}

/// The fields a parsed message carries, each as its wire text.
#[derive(Default)]
struct Written(BTreeMap<&'static str, String>);

impl FieldVisitor for Written {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.0.insert(field.name, value.to_owned());
    }
    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.0.insert(field.name, value.to_string());
    }
    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.0.insert(field.name, value.to_string());
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.0.insert(field.name, format!("{value:#x}"));
    }
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.0.insert(field.name, value.to_string());
    }
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.0.insert(field.name, value.to_string());
    }
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.0.insert(field.name, value.to_string());
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        self.0.insert(field.name, value.to_owned());
    }
    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        // A flag is written as its word when set; unset flags are not written at all.
        if value {
            self.0.insert(field.name, field.word.to_owned());
        }
    }
}

/// Writes a form's body with a plausible value in each placeholder (`<value>` for a bracketed
/// identity when `brackets`), and the values written by field name.
fn fill(
    info: &MessageInfo,
    form: &str,
    brackets: bool,
) -> (String, BTreeMap<&'static str, String>) {
    let segments = template::parse(form).unwrap_or_else(|e| panic!("{}: {form:?}: {e:?}", info.id));
    let mut body = String::new();
    let mut values = BTreeMap::new();
    for segment in &segments {
        match segment {
            Segment::Literal(text) => body.push_str(text),
            Segment::Field { name, bracketed } => {
                let spec = info
                    .fields
                    .iter()
                    .find(|f| f.name == name.as_str())
                    .unwrap_or_else(|| panic!("{}: {form:?} names '{name}', not a field", info.id));
                let value = plausible(spec, values.len());
                if *bracketed && brackets {
                    body.push_str(&format!("<{value}>"));
                } else {
                    body.push_str(&value);
                }
                values.insert(spec.name, value);
            }
        }
    }
    (body, values)
}

/// Parses one framed line of a form and says what went wrong, if anything.
fn check_form(id: u32, form: &str) -> Vec<String> {
    let Some(info) = MESSAGES.iter().find(|m| m.id == id) else {
        return vec![format!("{id}: not in the catalog")];
    };
    let mut problems = Vec::new();
    for brackets in [true, false] {
        let (body, written) = fill(info, form, brackets);
        let line = format!(
            "<166>Nov 26 2026 14:03:11 fw1 : %FTD-{}-{id}: {body}",
            info.severity
        );
        let record = match parse_line(&line) {
            Ok(record) => record,
            Err(error) => {
                problems.push(format!("{line:?}: {error}"));
                continue;
            }
        };
        if record.header.id != id || record.message.info().is_none_or(|i| i.id != id) {
            problems.push(format!("{line:?}: parsed as {:?}", record.message));
            continue;
        }
        let mut parsed = Written::default();
        record.message.visit_fields(&mut parsed);
        if parsed.0 != written {
            problems.push(format!(
                "{line:?}:\n  written: {written:?}\n  parsed:  {:?}",
                parsed.0
            ));
        }
    }
    problems
}

#[test]
fn every_english_guide_form_parses_exactly() {
    let forms = forms("en-guide-forms.yaml", "device_form");
    assert!(forms.len() >= 117 + 70, "only {} forms", forms.len());
    let problems: Vec<String> = forms
        .iter()
        .flat_map(|(id, form)| check_form(*id, form))
        .collect();
    assert!(
        problems.is_empty(),
        "{} of {} forms do not parse exactly:\n{}",
        problems.len(),
        forms.len(),
        problems.join("\n")
    );
}

#[test]
fn every_message_only_the_english_guide_has_parses_exactly() {
    let forms = forms("en-guide-extra-ids.yaml", "template");
    assert_eq!(forms.iter().filter(|(id, _)| *id == 717072).count(), 1);
    assert!(forms.len() >= 20, "only {} forms", forms.len());
    let problems: Vec<String> = forms
        .iter()
        .flat_map(|(id, form)| check_form(*id, form))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_bare_716023_line_reads_the_client_address_apart_from_the_user() {
    let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-4-716023: Group g User alice IP 192.0.2.7 \
                Session could not be established: session limit of 2 reached.";
    let record = parse_line(line).expect("a 716023 line");
    let Message::WebvpnSessionLimitReached(message) = record.message else {
        panic!("parsed as {:?}", record.message);
    };
    assert_eq!(message.group, "g");
    assert_eq!(message.user, "alice");
    assert_eq!(message.ip, Some("192.0.2.7".parse().unwrap()));
    assert_eq!(message.maximum_sessions, 2);
}

#[test]
fn a_716023_line_of_the_japanese_guide_has_no_client_address() {
    let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-4-716023: Group <g> User <alice> \
                Session could not be established: session limit of 2 reached.";
    let record = parse_line(line).expect("a 716023 line");
    let Message::WebvpnSessionLimitReached(message) = record.message else {
        panic!("parsed as {:?}", record.message);
    };
    assert_eq!(message.user, "alice");
    assert_eq!(message.ip, None);
}
