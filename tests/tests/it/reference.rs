//! A naive reference matcher, built independently of the code generator: one regular
//! expression per template, made from the catalog model, with field values checked by the
//! standard library's parsers. The generated parsers are checked against it on the
//! property-test inputs of every message (canonical lines, bare identities and random
//! mutations of them).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ftd_catalog::model::{IntWidth, VarKind};
use ftd_catalog::template::{self, Segment};
use ftd_syslog::draw::SplitMix64;
use ftd_syslog::{FieldSpec, FieldVisitor, MacAddr, Message, Quantity, RandomValues};
use regex::Regex;

/// Field values in one comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    Number(i128),
    Ip(IpAddr),
    Mac([u8; 6]),
    Quantity(u64, String),
    Flag(bool),
}

type Fields = BTreeMap<String, Value>;

struct Template {
    regex: Regex,
    /// Per field in order of appearance: name, kind, and its capture groups (bracketed, bare).
    fields: Vec<(String, VarKind, Option<usize>, usize)>,
    /// For free-text fields followed by a literal: the literal's pattern, by bare group. Free
    /// text ends at the literal's first occurrence, which a regex alone does not express.
    first_occurrence: BTreeMap<usize, Regex>,
}

fn literal_pattern(text: &str) -> String {
    text.split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"[ \t]+")
}

/// The pattern of a field; `last` when no other field follows it (it then runs up to the
/// template's final literal, whatever its type, and the type's parser judges the text).
fn field_pattern(kind: &VarKind, next: Option<&str>, last: bool) -> String {
    if last && !matches!(kind, VarKind::Flag { .. }) {
        // Lazy, and the whole pattern is anchored: the value ends where the final literal
        // (with the whitespace it starts with) begins.
        return "(.*?)".to_owned();
    }
    let stop = next
        .and_then(|n| n.chars().next())
        .filter(|c| !c.is_whitespace());
    let token = |allow_stop: bool| match stop {
        Some(c) if !allow_stop && c.is_ascii_punctuation() => {
            format!(r"([^\s{}]*)", regex::escape(&c.to_string()))
        }
        _ => r"(\S*)".to_owned(),
    };
    match kind {
        VarKind::Text => if next.is_some() { "(.*?)" } else { "(.*)" }.to_owned(),
        VarKind::Enum { open: true, .. } => {
            if next.is_some() { "(.*?)" } else { "(.*)" }.to_owned()
        }
        VarKind::Enum { values, .. } if values.iter().any(|v| v.contains(' ')) => {
            if next.is_some() { "(.*?)" } else { "(.*)" }.to_owned()
        }
        VarKind::Int(_) | VarKind::Port => r"(-?[0-9]*)".to_owned(),
        VarKind::Flag { word } => format!("((?:{})?)", literal_pattern(word)),
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 | VarKind::Mac => token(true),
        _ if next.is_none() => r"(.*)".to_owned(),
        _ => token(false),
    }
}

fn templates(def: &ftd_catalog::MessageDef) -> Vec<Template> {
    let kinds: BTreeMap<&str, VarKind> = def
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.kind().expect("valid catalog")))
        .collect();
    def.templates
        .iter()
        .map(|text| {
            let segments = template::parse(text).expect("valid catalog");
            let mut pattern = String::from("^");
            let mut fields = Vec::new();
            let mut first_occurrence = BTreeMap::new();
            let mut group = 0;
            for (i, segment) in segments.iter().enumerate() {
                match segment {
                    Segment::Literal(text) => pattern.push_str(&literal_pattern(text)),
                    Segment::Field { name, bracketed } => {
                        let kind = kinds[name.as_str()].clone();
                        let next = match segments.get(i + 1) {
                            Some(Segment::Literal(text)) => Some(text.as_str()),
                            _ => None,
                        };
                        let last = !segments[i + 1..]
                            .iter()
                            .any(|s| matches!(s, Segment::Field { .. }));
                        let bare = field_pattern(&kind, next, last);
                        if let (Some(next), false) = (next, last) {
                            if bare.starts_with("(.*?)") {
                                let group = group + if *bracketed { 2 } else { 1 };
                                first_occurrence.insert(
                                    group,
                                    Regex::new(&literal_pattern(next)).expect("a valid pattern"),
                                );
                            }
                        }
                        if *bracketed {
                            pattern.push_str(&format!("(?:<([^<>]*)>|{bare})"));
                            fields.push((name.clone(), kind, Some(group + 1), group + 2));
                            group += 2;
                        } else {
                            pattern.push_str(&bare);
                            fields.push((name.clone(), kind, None, group + 1));
                            group += 1;
                        }
                    }
                }
            }
            pattern.push('$');
            Template {
                regex: Regex::new(&pattern).expect("a valid pattern"),
                fields,
                first_occurrence,
            }
        })
        .collect()
}

fn int_range(width: IntWidth) -> (i128, i128) {
    match width {
        IntWidth::U8 => (0, u8::MAX.into()),
        IntWidth::U16 => (0, u16::MAX.into()),
        IntWidth::U32 => (0, u32::MAX.into()),
        IntWidth::U64 => (0, u64::MAX.into()),
        IntWidth::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntWidth::I64 => (i64::MIN.into(), i64::MAX.into()),
    }
}

fn mac(text: &str) -> Option<[u8; 6]> {
    let dotted = Regex::new(r"^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$").unwrap();
    let separated =
        Regex::new(r"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){4}$").unwrap();
    let hex: String = if dotted.is_match(text) {
        text.replace('.', "")
    } else if separated.is_match(text) {
        let sep = text.as_bytes()[2] as char;
        if text
            .chars()
            .filter(|c| !c.is_ascii_hexdigit())
            .any(|c| c != sep)
        {
            return None;
        }
        text.replace(sep, "")
    } else {
        return None;
    };
    let mut out = [0; 6];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A captured field's value, if it is valid for its kind.
fn value(kind: &VarKind, text: &str, bracketed: bool) -> Option<Value> {
    Some(match kind {
        VarKind::Text => Value::Text(text.to_owned()),
        VarKind::Word | VarKind::Interface => {
            if text.is_empty() || (!bracketed && text.chars().any(char::is_whitespace)) {
                return None;
            }
            Value::Text(text.to_owned())
        }
        VarKind::Int(width) => {
            let (low, high) = int_range(*width);
            // Only signed fields take a sign ("-0" is no unsigned number a device prints).
            let signed = low < 0 && text.starts_with('-');
            let number: i128 = text
                .parse()
                .ok()
                .filter(|_| text.starts_with(|c: char| c.is_ascii_digit()) || signed)?;
            (low..=high)
                .contains(&number)
                .then_some(Value::Number(number))?
        }
        VarKind::Port => Value::Number(
            text.parse::<u16>()
                .ok()
                .filter(|_| !text.starts_with('+'))?
                .into(),
        ),
        VarKind::Hex => {
            let digits = text
                .strip_prefix("0x")
                .or_else(|| text.strip_prefix("0X"))
                .unwrap_or(text);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            Value::Number(u64::from_str_radix(digits, 16).ok()?.into())
        }
        VarKind::Ipv4 => Value::Ip(IpAddr::V4(text.parse::<Ipv4Addr>().ok()?)),
        VarKind::Ipv6 => Value::Ip(IpAddr::V6(text.parse::<Ipv6Addr>().ok()?)),
        VarKind::Ip => Value::Ip(text.parse().ok()?),
        VarKind::Mac => Value::Mac(mac(text)?),
        VarKind::Quantity => {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            let (number, unit) = text.split_at(digits);
            if digits == 0 || !unit.chars().all(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            Value::Quantity(number.parse().ok()?, unit.to_owned())
        }
        VarKind::Enum {
            values,
            open,
            ignore_case,
        } => {
            let known = values.iter().find(|v| {
                if *ignore_case {
                    v.eq_ignore_ascii_case(text)
                } else {
                    *v == text
                }
            });
            match known {
                Some(value) => Value::Text(value.clone()),
                None if *open => Value::Text(text.to_owned()),
                None => return None,
            }
        }
        VarKind::Flag { .. } => Value::Flag(!text.is_empty()),
    })
}

/// What the reference matcher makes of a body: the fields of the first template that accepts.
fn reference(templates: &[Template], body: &str) -> Option<Fields> {
    'templates: for template in templates {
        let Some(captures) = template.regex.captures(body) else {
            continue;
        };
        let mut fields = Fields::new();
        for (name, kind, bracketed_group, bare_group) in &template.fields {
            let (text, bracketed) = match bracketed_group.and_then(|g| captures.get(g)) {
                Some(inner) => (inner.as_str(), true),
                None => (captures.get(*bare_group).map_or("", |m| m.as_str()), false),
            };
            // Where a field may be bracketed, a value that starts with '<' is read as bracketed.
            if bracketed_group.is_some() && !bracketed && text.starts_with('<') {
                continue 'templates;
            }
            if let (false, Some(next), Some(capture)) = (
                bracketed,
                template.first_occurrence.get(bare_group),
                captures.get(*bare_group),
            ) {
                let first = next
                    .find(&body[capture.start()..])
                    .map(|m| capture.start() + m.start());
                if first != Some(capture.end()) {
                    continue 'templates;
                }
            }
            match value(kind, text, bracketed) {
                Some(value) => {
                    fields.insert(name.clone(), value);
                }
                None => continue 'templates,
            }
        }
        return Some(fields);
    }
    None
}

/// The generated parser's fields, through the visitor.
#[derive(Default)]
struct Collect(Fields);

impl FieldVisitor for Collect {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.0.insert(field.name.into(), Value::Text(value.into()));
    }
    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.0
            .insert(field.name.into(), Value::Number(value.into()));
    }
    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.0
            .insert(field.name.into(), Value::Number(value.into()));
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.0
            .insert(field.name.into(), Value::Number(value.into()));
    }
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.0.insert(field.name.into(), Value::Ip(value));
    }
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.0.insert(field.name.into(), Value::Mac(value.0));
    }
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.0.insert(
            field.name.into(),
            Value::Quantity(value.value, value.unit.to_string()),
        );
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        self.0.insert(field.name.into(), Value::Text(value.into()));
    }
    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.0.insert(field.name.into(), Value::Flag(value));
    }
}

fn generated(id: u32, body: &str) -> Option<Fields> {
    let message = Message::parse(id, 0, body).ok()?;
    let mut collect = Collect::default();
    message.visit_fields(&mut collect);
    Some(collect.0)
}

fn mutate(body: &str, rng: &mut SplitMix64) -> String {
    let chars: Vec<char> = body.chars().collect();
    if chars.is_empty() {
        return "x".into();
    }
    let at = rng.below(chars.len() as u64) as usize;
    let inserted = *rng.pick(&[
        ' ', '.', ',', '<', '>', ':', '-', 'a', 'Z', '0', '9', 'x', '/', '(',
    ]);
    let mut out: Vec<char> = chars.clone();
    match rng.below(4) {
        0 => {
            out.remove(at);
        }
        1 => out.insert(at, inserted),
        2 => out[at] = inserted,
        _ => {
            let end = (at + 1 + rng.below(6) as usize).min(chars.len());
            let piece: Vec<char> = chars[at..end].to_vec();
            out.splice(at..at, piece);
        }
    }
    out.into_iter().collect()
}

#[test]
fn generated_parsers_agree_with_the_reference_matcher() {
    let catalog =
        ftd_catalog::load_dir(&ftd_catalog::bundled_dir(), "catalog").expect("a valid catalog");
    let (mut agreed, mut rejected_by_both, mut mutants) = (0u64, 0u64, 0u64);
    let mut disagreements = Vec::new();
    for entry in &catalog.messages {
        let def = &entry.def;
        let templates = templates(def);
        let mut rng = SplitMix64::new(u64::from(def.id));
        for seed in 0..24u64 {
            let mut values = RandomValues::new(u64::from(def.id) ^ (seed << 32));
            values.full_range = seed % 2 == 1;
            let message = Message::draw(def.id, &mut values).expect("catalogued");
            for template in 0..def.templates.len() {
                for brackets in [true, false] {
                    let mut body = String::new();
                    message
                        .write_body(&mut body, template, brackets)
                        .expect("writing to a String");
                    let ours = generated(def.id, &body);
                    let theirs = reference(&templates, &body);
                    assert!(
                        ours.is_some(),
                        "{}: generated parser rejects {body:?}",
                        def.id
                    );
                    assert_eq!(ours, theirs, "{}: {body:?}", def.id);
                    agreed += 1;
                    for _ in 0..4 {
                        let mutant = mutate(&body, &mut rng);
                        mutants += 1;
                        let ours = generated(def.id, &mutant);
                        let theirs = reference(&templates, &mutant);
                        match (&ours, &theirs) {
                            (None, None) => rejected_by_both += 1,
                            (Some(a), Some(b)) if a == b => agreed += 1,
                            _ => disagreements.push(format!(
                                "{} {mutant:?}\n  generated: {ours:?}\n  reference: {theirs:?}",
                                def.id
                            )),
                        }
                    }
                }
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {mutants} mutated bodies disagree, e.g.\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        rejected_by_both > 1000 && agreed > 10_000,
        "{agreed} agreed, {rejected_by_both} rejected by both"
    );
}
