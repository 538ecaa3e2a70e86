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
use ftd_syslog::{Message, RandomValues};
use regex::Regex;

use super::fields::{text_len, Collect, Fields, Value};

struct Template {
    regex: Regex,
    segments: Vec<Segment>,
    /// Per field in order of appearance: name, kind, its bracketed capture groups (`<...>`,
    /// then `[...]` where allowed) and its bare group.
    fields: Vec<(String, VarKind, Vec<usize>, usize)>,
    /// For free-text fields followed by a literal: the literal's exact and tolerant patterns,
    /// by bare group. Free text ends at the literal's first exact occurrence, else (tolerant
    /// pass) its first tolerant one, which a regex alone does not express.
    first_occurrence: BTreeMap<usize, (Regex, Option<Regex>)>,
}

/// Whether the two passes of the generated parsers: exact, then tolerant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Exact,
    Tolerant,
}

fn is_bracket(c: char) -> bool {
    "()[]<>".contains(c)
}

/// A literal's pattern: exact (a blank is a run of blanks), or tolerant (any letter case, and a
/// blank may be missing after `:`, `=`, `,` or a bracket of the template, or before a bracket).
fn literal_pattern(text: &str, pass: Pass) -> String {
    if pass == Pass::Exact {
        return text
            .split(' ')
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join(r"[ \t]+");
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::from("(?i:");
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i > 0 && (":=,".contains(chars[i - 1]) || is_bracket(chars[i - 1]));
            let after = chars.get(i + 1).is_some_and(|&n| is_bracket(n));
            out.push_str(if before || after {
                r"[ \t]*"
            } else {
                r"[ \t]+"
            });
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    out.push(')');
    out
}

fn is_address(kind: &VarKind) -> bool {
    matches!(
        kind,
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 | VarKind::Mac | VarKind::Port
    )
}

/// The pattern of a field; `last` when no other field follows it (it then runs up to the
/// template's final literal, whatever its type, and the type's parser judges the text).
fn field_pattern(kind: &VarKind, next: Option<&str>, last: bool, pass: Pass) -> String {
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
        VarKind::Flag { word } => format!("((?:{})?)", literal_pattern(word, pass)),
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 | VarKind::Mac => token(true),
        _ if next.is_none() => r"(.*)".to_owned(),
        _ => token(false),
    }
}

fn templates(def: &ftd_catalog::MessageDef, pass: Pass) -> Vec<Template> {
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
                    Segment::Literal(text) if i + 1 == segments.len() && pass == Pass::Tolerant => {
                        // The final period may be missing.
                        match text.strip_suffix('.') {
                            Some(init) => {
                                pattern.push_str(&literal_pattern(init, pass));
                                pattern.push_str(r"\.?");
                            }
                            None => pattern.push_str(&literal_pattern(text, pass)),
                        }
                    }
                    Segment::Literal(text) => pattern.push_str(&literal_pattern(text, pass)),
                    Segment::Field { name, bracketed } => {
                        let kind = kinds[name.as_str()].clone();
                        let next = match segments.get(i + 1) {
                            Some(Segment::Literal(text)) => Some(text.as_str()),
                            _ => None,
                        };
                        let last = !segments[i + 1..]
                            .iter()
                            .any(|s| matches!(s, Segment::Field { .. }));
                        let bare = field_pattern(&kind, next, last, pass);
                        let mut alternatives = Vec::new();
                        if *bracketed || (pass == Pass::Tolerant && is_address(&kind)) {
                            alternatives.push("<([^<>]*)>");
                        }
                        if pass == Pass::Tolerant && is_address(&kind) {
                            alternatives.push(r"\[([^\[\]]*)\]");
                        }
                        let bracket_groups: Vec<usize> =
                            (group + 1..=group + alternatives.len()).collect();
                        let bare_group = group + alternatives.len() + 1;
                        if let (Some(next), false) = (next, last) {
                            if bare.starts_with("(.*?)") {
                                let exact = Regex::new(&literal_pattern(next, Pass::Exact))
                                    .expect("a valid pattern");
                                let tolerant = (pass == Pass::Tolerant).then(|| {
                                    Regex::new(&literal_pattern(next, pass))
                                        .expect("a valid pattern")
                                });
                                first_occurrence.insert(bare_group, (exact, tolerant));
                            }
                        }
                        alternatives.push(&bare);
                        pattern.push_str(&format!("(?:{})", alternatives.join("|")));
                        fields.push((name.clone(), kind, bracket_groups, bare_group));
                        group = bare_group;
                    }
                }
            }
            pattern.push('$');
            Template {
                regex: Regex::new(&pattern).expect("a valid pattern"),
                segments,
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
            // Closed enums take their values in any case; open ones only when the catalog says.
            let known = values.iter().find(|v| *v == text).or_else(|| {
                values
                    .iter()
                    .find(|v| (*ignore_case || !*open) && v.eq_ignore_ascii_case(text))
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

/// What the reference matcher makes of a body: of the readings of every template, in the
/// exact pass and then the tolerant pass, the first with the least free text.
fn reference(passes: &[Vec<Template>; 2], body: &str) -> Option<Fields> {
    let mut best: Option<Fields> = None;
    for fields in passes
        .iter()
        .flatten()
        .filter_map(|template| read_template(template, body))
    {
        if best
            .as_ref()
            .is_none_or(|b| text_len(&fields) < text_len(b))
        {
            best = Some(fields);
        }
    }
    best
}

fn read_template(template: &Template, body: &str) -> Option<Fields> {
    let captures = template.regex.captures(body)?;
    let mut fields = Fields::new();
    for (name, kind, bracket_groups, bare_group) in &template.fields {
        let (text, bracketed) = match bracket_groups.iter().find_map(|&g| captures.get(g)) {
            Some(inner) => (inner.as_str(), true),
            None => (captures.get(*bare_group).map_or("", |m| m.as_str()), false),
        };
        // Where a field may be bracketed, a value that starts with an opening bracket it may
        // take is read as bracketed.
        let openings = ['<', '['];
        if !bracketed
            && openings[..bracket_groups.len()]
                .iter()
                .any(|&open| text.starts_with(open))
        {
            return None;
        }
        if let (false, Some((exact, tolerant)), Some(capture)) = (
            bracketed,
            template.first_occurrence.get(bare_group),
            captures.get(*bare_group),
        ) {
            let hay = &body[capture.start()..];
            let first = exact
                .find(hay)
                .or_else(|| tolerant.as_ref().and_then(|t| t.find(hay)))
                .map(|m| capture.start() + m.start());
            if first != Some(capture.end()) {
                return None;
            }
        }
        fields.insert(name.clone(), value(kind, text, bracketed)?);
    }
    Some(fields)
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
        let templates = [templates(def, Pass::Exact), templates(def, Pass::Tolerant)];
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

/// Letter case as a drifted device writes its literals: as the template, or all in one case.
#[derive(Clone, Copy)]
enum Case {
    Template,
    Lower,
    Upper,
}

/// A literal as a drifted device writes it: letters in `case`, each blank a run of one to
/// three blanks or tabs (none where the tolerant rule allows), the final period dropped now
/// and then (when the line would not end with a period anyway).
fn drift_literal(literal: &str, last: bool, case: Case, rng: &mut SplitMix64) -> String {
    let chars: Vec<char> = literal.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i > 0 && (":=,".contains(chars[i - 1]) || is_bracket(chars[i - 1]));
            let after = chars.get(i + 1).is_some_and(|&n| is_bracket(n));
            let least = u64::from(!(before || after));
            for _ in 0..least + rng.below(3) {
                out.push(*rng.pick(&[' ', ' ', '\t']));
            }
        } else if c == '.'
            && last
            && i + 1 == chars.len()
            && !literal.ends_with("..")
            && rng.chance(1, 3)
        {
        } else {
            match case {
                Case::Template => out.push(c),
                Case::Lower => out.extend(c.to_lowercase()),
                Case::Upper => out.extend(c.to_uppercase()),
            }
        }
    }
    out
}

/// `body` (read by `template`) with drifted literals and some bare addresses bracketed.
fn drift(template: &Template, body: &str, rng: &mut SplitMix64) -> Option<String> {
    let captures = template.regex.captures(body)?;
    let mut fields = template.fields.iter();
    let mut out = String::new();
    let case = *rng.pick(&[Case::Template, Case::Lower, Case::Upper]);
    for (i, segment) in template.segments.iter().enumerate() {
        match segment {
            Segment::Literal(text) => {
                out.push_str(&drift_literal(
                    text,
                    i + 1 == template.segments.len(),
                    case,
                    rng,
                ));
            }
            Segment::Field { .. } => {
                let (_, kind, bracket_groups, bare_group) = fields.next()?;
                if let Some(inner) = bracket_groups.iter().find_map(|&g| captures.get(g)) {
                    out.push_str(&body[inner.start() - 1..inner.end() + 1]);
                    continue;
                }
                let bare = captures.get(*bare_group).map_or("", |m| m.as_str());
                match rng.below(3) {
                    0 if is_address(kind) => out.push_str(&format!("<{bare}>")),
                    1 if is_address(kind) => out.push_str(&format!("[{bare}]")),
                    _ => out.push_str(bare),
                }
            }
        }
    }
    Some(out)
}

#[test]
fn drifted_lines_parse_to_the_values_of_the_lines_as_sent() {
    let catalog =
        ftd_catalog::load_dir(&ftd_catalog::bundled_dir(), "catalog").expect("a valid catalog");
    let mut failures = Vec::new();
    let mut checked = 0u64;
    for entry in &catalog.messages {
        let def = &entry.def;
        let exact = templates(def, Pass::Exact);
        let mut rng = SplitMix64::new(u64::from(def.id) ^ 0xd21f7);
        for seed in 0..6u64 {
            let mut values = RandomValues::new(u64::from(def.id) ^ (seed << 40));
            let message = Message::draw(def.id, &mut values).expect("catalogued");
            for template in 0..def.templates.len() {
                for brackets in [true, false] {
                    let mut body = String::new();
                    message
                        .write_body(&mut body, template, brackets)
                        .expect("writing to a String");
                    let sent = generated(def.id, &body).expect("a line as sent parses");
                    // The template that reads the line as sent to those values.
                    let Some(reader) = exact
                        .iter()
                        .find(|t| read_template(t, &body).as_ref() == Some(&sent))
                    else {
                        failures.push(format!("{} {body:?}: no template reads it", def.id));
                        continue;
                    };
                    for _ in 0..3 {
                        let drifted = drift(reader, &body, &mut rng).expect("captured");
                        checked += 1;
                        let got = Message::parse(def.id, 0, &drifted).map(|m| {
                            let mut collect = Collect::default();
                            m.visit_fields(&mut collect);
                            collect.0
                        });
                        if got.as_ref().ok() != Some(&sent) {
                            failures.push(format!(
                                "{} {drifted:?}\n  as sent {body:?}\n  got {got:?}",
                                def.id
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} drifted lines");
    assert!(
        failures.is_empty(),
        "{} of {checked} drifted lines parse otherwise, e.g.\n{}",
        failures.len(),
        failures[..failures.len().min(12)].join("\n")
    );
}
