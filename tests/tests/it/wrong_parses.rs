//! The never-silently-wrong check, for any generated catalog: for every message and every
//! template, random values are drawn (bracketed and bare identities, free text that mixes in
//! the words the message's templates use as literals), written with that template and parsed
//! back. It fails on a line that does not parse, and on a line that parses to other values
//! than the drawn ones (through whichever template) unless that reading leaves less text in
//! free-text fields: a line such as 717009's `... failed. Reason: x.` written with the
//! `{reason}.` form is ambiguous, and reading `Reason:` as the other form's literal is the
//! rule (a text field must not swallow what a template of the same message reads as a
//! literal or a field). `tests/ja_only.rs` shows that it fails on 716023 read without its
//! English form, where `{user}` swallows the English form's `IP {ip}`.

use std::borrow::Cow;

use ftd_catalog::template::{self, Segment};
use ftd_syslog::draw::SplitMix64;
use ftd_syslog::{FieldSpec, MacAddr, MessageInfo, Quantity, RandomValues, ValueSource};

use super::fields::{text_len, Fields};

/// Random values whose free text sometimes carries the words of the message's literals.
pub struct LiteralWords {
    inner: RandomValues,
    rng: SplitMix64,
    words: Vec<String>,
}

impl LiteralWords {
    pub fn new(seed: u64, words: Vec<String>) -> Self {
        let mut inner = RandomValues::new(seed);
        inner.full_range = seed.is_multiple_of(3);
        LiteralWords {
            inner,
            rng: SplitMix64::new(seed ^ 0x5eed),
            words,
        }
    }
}

impl ValueSource for LiteralWords {
    fn text(&mut self, field: &FieldSpec) -> Cow<'static, str> {
        for _ in 0..8 {
            let base = self.inner.text(field);
            if self.words.is_empty() || self.rng.chance(1, 3) {
                return base;
            }
            let word = self.rng.pick(&self.words).clone();
            let value = match self.rng.below(4) {
                0 => format!("{word} {base}"),
                1 => format!("{base} {word}"),
                2 => format!("{base}-{word}"),
                _ => word,
            };
            if field.accepts(&value) {
                return Cow::Owned(value);
            }
        }
        self.inner.text(field)
    }
    fn int(&mut self, field: &FieldSpec, min: i128, max: i128) -> i128 {
        self.inner.int(field, min, max)
    }
    fn hex(&mut self, field: &FieldSpec) -> u64 {
        self.inner.hex(field)
    }
    fn ipv4(&mut self, field: &FieldSpec) -> std::net::Ipv4Addr {
        self.inner.ipv4(field)
    }
    fn ipv6(&mut self, field: &FieldSpec) -> std::net::Ipv6Addr {
        self.inner.ipv6(field)
    }
    fn ip(&mut self, field: &FieldSpec) -> std::net::IpAddr {
        self.inner.ip(field)
    }
    fn mac(&mut self, field: &FieldSpec) -> MacAddr {
        self.inner.mac(field)
    }
    fn quantity(&mut self, field: &FieldSpec) -> Quantity<'static> {
        self.inner.quantity(field)
    }
    fn choice(&mut self, field: &FieldSpec, alternatives: usize) -> usize {
        self.inner.choice(field, alternatives)
    }
    fn flag(&mut self, field: &FieldSpec) -> bool {
        self.inner.flag(field)
    }
}

/// The words (and whole trimmed literals) of a message's templates.
pub fn literal_words(info: &MessageInfo) -> Vec<String> {
    let mut words = Vec::new();
    for text in info.templates {
        for segment in template::parse(text).expect("a valid template") {
            if let Segment::Literal(literal) = segment {
                let trimmed = literal.trim();
                words.extend(trimmed.split_whitespace().map(str::to_owned));
                if trimmed.contains(' ') {
                    words.push(trimmed.to_owned());
                }
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

/// One catalog's generated code, as the check uses it.
pub trait Subject {
    fn messages() -> &'static [MessageInfo];
    /// Draws message `id`, writes it with `template`; the body and the drawn fields.
    fn written(
        id: u32,
        source: &mut dyn ValueSource,
        template: usize,
        brackets: bool,
    ) -> (String, Fields);
    /// The fields a body parses to.
    fn parsed(id: u32, body: &str) -> Result<Fields, String>;
}

#[macro_export]
macro_rules! subject {
    ($name:ident, $($path:ident)::+) => {
        struct $name;
        impl $crate::wrong_parses::Subject for $name {
            fn messages() -> &'static [::ftd_syslog::MessageInfo] {
                $($path)::+::MESSAGES
            }
            fn written(
                id: u32,
                source: &mut dyn ::ftd_syslog::ValueSource,
                template: usize,
                brackets: bool,
                            ) -> (String, $crate::fields::Fields) {
                let message = $($path)::+::Message::draw(id, source).expect("catalogued");
                let mut body = String::new();
                message
                    .write_body(&mut body, template, brackets)
                    .expect("writing to a String");
                let mut collect = $crate::fields::Collect::default();
                message.visit_fields(&mut collect);
                (body, collect.0)
            }
            fn parsed(id: u32, body: &str) -> Result<$crate::fields::Fields, String> {
                let message =
                    $($path)::+::Message::parse(id, 0, body).map_err(|e| e.to_string())?;
                let mut collect = $crate::fields::Collect::default();
                message.visit_fields(&mut collect);
                Ok(collect.0)
            }
        }
    };
}

/// Every wrong or failed parse, as `id template: body, drawn vs parsed` lines.
pub fn wrong_parses<S: Subject>(seeds: u64) -> (Vec<String>, u64) {
    let mut wrong = Vec::new();
    let mut lines = 0;
    for info in S::messages() {
        let words = literal_words(info);
        for seed in 0..seeds {
            let mut source = LiteralWords::new(u64::from(info.id) << 16 | seed, words.clone());
            for template in 0..info.templates.len() {
                for brackets in [true, false] {
                    let (body, drawn) = S::written(info.id, &mut source, template, brackets);
                    lines += 1;
                    match S::parsed(info.id, &body) {
                        Ok(parsed) if parsed == drawn => {}
                        // The line is ambiguous and the parser took the reading that leaves
                        // less text in free-text fields: more of the line was read as
                        // literals, which is what the parser must prefer.
                        Ok(parsed) if text_len(&parsed) < text_len(&drawn) => {}
                        Ok(parsed) => wrong.push(format!(
                            "{} template {template}: {body:?}\n  drawn:  {drawn:?}\n  parsed: {parsed:?}",
                            info.id
                        )),
                        Err(error) => wrong.push(format!(
                            "{} template {template}: {body:?} does not parse: {error}",
                            info.id
                        )),
                    }
                }
            }
        }
    }
    (wrong, lines)
}
