//! What drawing text for one field needs to know, worked out once per field and kept: the kind
//! it holds, the vocabulary entries it accepts, whether it takes every value of its kind or
//! which forms of them it takes, and a compiled form of [`FieldSpec::accepts`] for composed
//! values (whose verdicts on static values are kept). Drawing is then a lookup and a draw, not
//! a series of candidates checked against every delimiter.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{guess_kind, kinds, SplitMix64};
use crate::info::{FieldKind, FieldSpec};
use crate::value_kind::ValueKind;

/// How one field's text is drawn.
#[derive(Debug, Clone)]
pub(super) struct FieldPlan {
    /// What the field holds (guessed from its name when the catalog names no kind).
    pub kind: ValueKind,
    /// The field takes no spaces.
    pub compact: bool,
    /// Which values the field takes.
    pub acceptor: Acceptor,
    /// For a kind drawn whole from one vocabulary: the entries this field accepts (possibly
    /// none, and then the fallback is drawn).
    pub listed: Option<Vec<&'static str>>,
    /// Whether the field accepts every value its kind can compose (then none is checked).
    pub takes_every_value: bool,
    /// Whether the field takes a static value (a vocabulary or pool entry), by its address and
    /// length, once checked: such values recur, and their check need not.
    verdicts: HashMap<(usize, usize), bool, BuildHasherDefault<WordHasher>>,
    /// The attempt composed values start at: 0 (the full form), [`PLAIN_ATTEMPT`] when the
    /// field never took a full-form value when the plan was made, [`ATTEMPTS`] when it took
    /// no plain one either (then the fallback is drawn at once).
    pub first_attempt: u32,
}

/// Composed values tried before the fallback.
pub(super) const ATTEMPTS: u32 = 32;
/// The first attempt of the plain form.
pub(super) const PLAIN_ATTEMPT: u32 = 16;
/// Values of each form composed when a plan is made, to tell whether the field ever takes one.
const SAMPLES: u32 = 64;

impl FieldPlan {
    fn of(field: &FieldSpec) -> FieldPlan {
        let kind = match field.value_kind {
            ValueKind::Unspecified => guess_kind(field),
            kind => kind,
        };
        let compact = matches!(field.kind, FieldKind::Word | FieldKind::Interface);
        let acceptor = Acceptor::of(field);
        let takes_every_value = kinds::every_value(kind)
            .is_some_and(|values| values.iter().all(|value| acceptor.accepts(value)))
            || kinds::alphabet(kind).is_some_and(|alphabet| acceptor.takes_all_of(alphabet));
        let first_attempt = if takes_every_value {
            0
        } else {
            first_fitting_attempt(kind, compact, &acceptor)
        };
        FieldPlan {
            kind,
            compact,
            takes_every_value,
            first_attempt,
            verdicts: HashMap::default(),
            acceptor,
            listed: kinds::vocabulary(kind).map(|list| {
                list.iter()
                    .copied()
                    .filter(|entry| field.accepts(entry))
                    .collect()
            }),
        }
    }

    /// Whether the field takes `value`, checked once per static value (a reference to the
    /// `Cow`: whether it is borrowed tells whether the value is static).
    #[allow(clippy::ptr_arg)]
    pub fn accepts(&mut self, value: &Cow<'static, str>) -> bool {
        match value {
            Cow::Borrowed(text) => {
                let acceptor = &self.acceptor;
                *self
                    .verdicts
                    .entry((text.as_ptr() as usize, text.len()))
                    .or_insert_with(|| acceptor.accepts(text))
            }
            Cow::Owned(text) => self.acceptor.accepts(text),
        }
    }
}

/// The first attempt whose form the field took in a sample of composed values (the sample
/// is drawn from a fixed seed, so that a plan, and so the values of a run, depend on the field
/// alone): a field that never takes a form skips the attempts of that form.
fn first_fitting_attempt(kind: ValueKind, compact: bool, acceptor: &Acceptor) -> u32 {
    let mut rng = SplitMix64::new(u64::from(SAMPLES));
    let full = kinds::Shape {
        compact,
        plain: false,
    };
    // Kinds that are not textual draw the named fallback in every attempt: none is skipped.
    if kinds::text(kind, &mut rng.clone(), full).is_none() {
        return 0;
    }
    for (first, plain) in [(0, false), (PLAIN_ATTEMPT, true)] {
        let shape = kinds::Shape { compact, plain };
        let fits = (0..SAMPLES).any(|_| {
            kinds::text(kind, &mut rng, shape).is_some_and(|value| acceptor.accepts(&value))
        });
        if fits {
            return first;
        }
    }
    ATTEMPTS
}

/// [`FieldSpec::accepts`] compiled for one field: the bytes a value may not hold (control
/// characters; spaces and the first byte of a following literal in a word; angle brackets in
/// a bracketed field; one-byte delimiters), and the longer delimiter words it may not contain.
#[derive(Debug, Clone)]
pub(super) struct Acceptor {
    /// Per byte value, what a value holding it needs checked: nothing ([`PLAIN`]), the byte
    /// before it ([`SPACE`]), the delimiter words ([`WORD_START`]), or it is [`REFUSED`].
    classes: [u8; 256],
    words: Vec<&'static str>,
}

/// A byte any value may hold.
const PLAIN: u8 = 0;
/// A space: not after another.
const SPACE: u8 = 1;
/// The first byte of a delimiter word: the word may not start there.
const WORD_START: u8 = 2;
/// A byte no value of the field may hold.
const REFUSED: u8 = 3;

impl Acceptor {
    fn of(field: &FieldSpec) -> Acceptor {
        let mut classes = [PLAIN; 256];
        classes[usize::from(b' ')] = SPACE;
        let mut refuse = |byte: u8| classes[usize::from(byte)] = REFUSED;
        (0..=255u8)
            .filter(u8::is_ascii_control)
            .for_each(&mut refuse);
        let word = matches!(field.kind, FieldKind::Word | FieldKind::Interface);
        if word {
            refuse(b' ');
            for delimiter in field.delimiters {
                match delimiter.bytes().next() {
                    Some(b) if !b.is_ascii_whitespace() => refuse(b),
                    _ => {}
                }
            }
        }
        if field.bracketed {
            refuse(b'<');
            refuse(b'>');
        }
        // A value holding a delimiter holds its first word, so the first words are enough.
        let mut words: Vec<&'static str> = Vec::new();
        for delimiter in field.delimiters {
            let trimmed = delimiter.trim();
            let first = trimmed.split(' ').next().unwrap_or(trimmed);
            match first.as_bytes() {
                [] => {}
                [byte] => refuse(*byte),
                _ if !words.contains(&first) => words.push(first),
                _ => {}
            }
        }
        for word in &words {
            let start = &mut classes[usize::from(word.as_bytes()[0])];
            if *start == PLAIN {
                *start = WORD_START;
            }
        }
        Acceptor { classes, words }
    }

    /// Whether the field takes every non-empty text made of `alphabet` (bytes other than
    /// whitespace): none of them is refused and no delimiter word is made of them alone.
    pub fn takes_all_of(&self, alphabet: &[u8]) -> bool {
        alphabet
            .iter()
            .all(|&byte| !byte.is_ascii_whitespace() && self.classes[usize::from(byte)] != REFUSED)
            && self
                .words
                .iter()
                .all(|word| word.bytes().any(|byte| !alphabet.contains(&byte)))
    }

    /// Whether the field takes `value` (exactly what [`FieldSpec::accepts`] says).
    pub fn accepts(&self, value: &str) -> bool {
        let bytes = value.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return false;
        };
        // ASCII ends are checked at once; only text ending in other characters is trimmed.
        let untrimmed = if first.is_ascii() && last.is_ascii() {
            !first.is_ascii_whitespace() && !last.is_ascii_whitespace()
        } else {
            value.trim().len() == bytes.len()
        };
        if !untrimmed {
            return false;
        }
        let mut after_space = false;
        for (at, &byte) in bytes.iter().enumerate() {
            match self.classes[usize::from(byte)] {
                PLAIN => after_space = false,
                SPACE if after_space => return false,
                SPACE => after_space = true,
                WORD_START => {
                    let rest = &bytes[at..];
                    if self
                        .words
                        .iter()
                        .any(|word| rest.starts_with(word.as_bytes()))
                    {
                        return false;
                    }
                    after_space = false;
                }
                _ => return false,
            }
        }
        true
    }
}

/// What identifies a field for its plan: everything [`FieldPlan::of`] reads. Static text is
/// compared by address and length: two fields with the same address and length have the same
/// text, and the same text at two addresses only costs a second plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldKey {
    message: u32,
    name: (usize, usize),
    value_kind: ValueKind,
    kind: FieldKind,
    bracketed: bool,
    delimiters: (usize, usize),
}

/// Fields differ by message and name already: the rest is compared, not hashed.
impl std::hash::Hash for FieldKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.message) << 32 ^ self.name.0 as u64);
    }
}

impl FieldKey {
    fn of(field: &FieldSpec) -> FieldKey {
        FieldKey {
            message: field.message,
            name: (field.name.as_ptr() as usize, field.name.len()),
            value_kind: field.value_kind,
            kind: field.kind,
            bracketed: field.bracketed,
            delimiters: (field.delimiters.as_ptr() as usize, field.delimiters.len()),
        }
    }
}

/// The plans of the fields drawn so far.
#[derive(Debug, Clone, Default)]
pub(super) struct Plans {
    index: HashMap<FieldKey, usize, BuildHasherDefault<WordHasher>>,
    plans: Vec<(FieldKey, FieldPlan)>,
    /// By a hash of a field's address, the address and the plan found for it last: generated
    /// fields are statics, so a field's address finds its plan without hashing its key (which
    /// is still compared: a field made on the stack may take another's address).
    recent: Vec<(usize, usize)>,
}

/// Slots of [`Plans::recent`], a power of two above the number of fields of the catalog.
const RECENT_SLOTS: usize = 2048;

impl Plans {
    /// The plan of `field`, worked out the first time it is asked for.
    pub fn get(&mut self, field: &FieldSpec) -> &mut FieldPlan {
        let key = FieldKey::of(field);
        let address = std::ptr::from_ref(field) as usize;
        let slot = ((address as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 53) as usize
            & (RECENT_SLOTS - 1);
        if let Some(&(seen, at)) = self.recent.get(slot) {
            if seen == address && self.plans[at].0 == key {
                return &mut self.plans[at].1;
            }
        }
        let at = match self.index.get(&key) {
            Some(&at) => at,
            None => {
                self.plans.push((key, FieldPlan::of(field)));
                self.index.insert(key, self.plans.len() - 1);
                self.plans.len() - 1
            }
        };
        if self.recent.is_empty() {
            self.recent = vec![(0, 0); RECENT_SLOTS];
        }
        self.recent[slot] = (address, at);
        &mut self.plans[at].1
    }
}

/// A multiply-rotate hasher for keys made of a few machine words (the standard hasher's
/// resistance to chosen keys is not needed for keys the program makes itself).
#[derive(Debug, Default, Clone, Copy)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that probe every rule of `FieldSpec::accepts`, and every field's delimiters.
    fn probes(field: &FieldSpec) -> Vec<String> {
        let mut probes: Vec<String> = [
            "",
            "a",
            " a",
            "a ",
            "a  b",
            "a b",
            "a<b",
            "a>",
            "x,y",
            "ab\tc",
            "a\u{b}",
            "é",
            "a\u{a0}",
            "\u{2003}a",
            "a\u{85}",
            "x:y",
            "(z)",
            "a.b",
            "a-b",
            "CN=x,O=y",
        ]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
        for delimiter in field.delimiters {
            probes.push((*delimiter).to_owned());
            probes.push(format!("x{delimiter}y"));
            probes.push(format!("x{}", delimiter.trim()));
            if let Some(first) = delimiter.trim().split(' ').next() {
                probes.push(format!("{first}z"));
            }
        }
        probes
    }

    #[test]
    fn the_compiled_check_agrees_with_accepts() {
        let mut checked = 0;
        for info in crate::MESSAGES {
            for field in info.fields {
                let acceptor = Acceptor::of(field);
                for probe in probes(field) {
                    assert_eq!(
                        acceptor.accepts(&probe),
                        field.accepts(&probe),
                        "{} {} on {probe:?}",
                        info.id,
                        field.name
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "only {checked} checks");
    }

    /// Static values that probe the rules of `FieldSpec::accepts`.
    const STATIC_PROBES: &[&str] = &[
        "alice",
        "a b",
        "a  b",
        " a",
        "x,y",
        "CN=x,O=y",
        "a<b>",
        "https://vpn.example.com/",
        "file.pdf",
        "Issuer",
    ];

    #[test]
    fn a_plan_checks_static_values_as_accepts_does() {
        for info in crate::MESSAGES {
            for field in info.fields {
                let mut plan = FieldPlan::of(field);
                // Twice: the second answer comes from what the first one kept.
                for probe in STATIC_PROBES.iter().chain(STATIC_PROBES) {
                    assert_eq!(
                        plan.accepts(&Cow::Borrowed(probe)),
                        field.accepts(probe),
                        "{} {} on {probe:?}",
                        info.id,
                        field.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_field_taking_an_alphabet_takes_the_values_of_its_kind() {
        let mut rng = SplitMix64::new(5);
        let mut checked = 0;
        for info in crate::MESSAGES {
            for field in info.fields {
                let plan = FieldPlan::of(field);
                if !plan.takes_every_value || kinds::alphabet(plan.kind).is_none() {
                    continue;
                }
                for _ in 0..50 {
                    let shape = kinds::Shape {
                        compact: plan.compact,
                        plain: false,
                    };
                    let value = kinds::text(plan.kind, &mut rng, shape).expect("textual");
                    assert!(field.accepts(&value), "{} {}: {value}", info.id, field.name);
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "only {checked} values");
    }

    #[test]
    fn an_alphabet_is_refused_for_a_byte_or_a_word_of_it() {
        let word = |delimiters: &'static [&'static str]| FieldSpec {
            delimiters,
            ..crate::draw::synthetic_spec("serial", FieldKind::Word)
        };
        let hex = b"0123456789ABCDEF";
        assert!(Acceptor::of(&word(&[" issued"])).takes_all_of(hex));
        assert!(!Acceptor::of(&word(&[" BAD then"])).takes_all_of(hex));
        assert!(!Acceptor::of(&word(&["F)"])).takes_all_of(hex));
        assert!(!Acceptor::of(&word(&["x"])).takes_all_of(b"0123456789abcdefx"));
        assert!(!Acceptor::of(&word(&[])).takes_all_of(b"0 1"));
    }

    #[test]
    fn a_plan_skips_the_forms_its_field_cannot_take() {
        let field = |kind: FieldKind, value_kind, delimiters: &'static [&'static str]| FieldSpec {
            value_kind,
            delimiters,
            ..crate::draw::synthetic_spec("dn", kind)
        };
        // Every full subject DN holds a comma, which ends this field; the plain one does not.
        let comma = field(FieldKind::Text, ValueKind::SubjectDn, &[", Issuer Name"]);
        assert_eq!(FieldPlan::of(&comma).first_attempt, PLAIN_ATTEMPT);
        // Every DN holds `=`, which ends this word: only the fallback fits.
        let equals = field(FieldKind::Word, ValueKind::IssuerDn, &["="]);
        assert_eq!(FieldPlan::of(&equals).first_attempt, ATTEMPTS);
        let free = field(FieldKind::Text, ValueKind::SubjectDn, &[]);
        assert_eq!(FieldPlan::of(&free).first_attempt, 0);
    }

    #[test]
    fn a_listed_plan_keeps_only_accepted_entries() {
        let field = FieldSpec {
            value_kind: ValueKind::Interface,
            delimiters: &["/"],
            ..crate::draw::synthetic_spec("ifc", FieldKind::Interface)
        };
        let plan = FieldPlan::of(&field);
        let listed = plan.listed.expect("interfaces come from a vocabulary");
        assert!(!listed.is_empty());
        assert!(listed.iter().all(|name| !name.contains('/')));
        assert!(listed.len() < kinds::vocabulary(ValueKind::Interface).unwrap().len());
    }
}
