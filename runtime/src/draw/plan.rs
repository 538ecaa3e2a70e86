//! What drawing text for one field needs to know, worked out once per field and kept: the kind
//! it holds, the vocabulary entries it accepts, and a compiled form of
//! [`FieldSpec::accepts`] for composed values. Drawing is then a lookup and a draw, not a
//! series of candidates checked against every delimiter.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{guess_kind, kinds};
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
}

impl FieldPlan {
    fn of(field: &FieldSpec) -> FieldPlan {
        let kind = match field.value_kind {
            ValueKind::Unspecified => guess_kind(field),
            kind => kind,
        };
        let compact = matches!(field.kind, FieldKind::Word | FieldKind::Interface);
        let acceptor = Acceptor::of(field);
        FieldPlan {
            kind,
            compact,
            takes_every_value: kinds::every_value(kind)
                .is_some_and(|values| values.iter().all(|value| acceptor.accepts(value))),
            acceptor,
            listed: kinds::vocabulary(kind).map(|list| {
                list.iter()
                    .copied()
                    .filter(|entry| field.accepts(entry))
                    .collect()
            }),
        }
    }
}

/// [`FieldSpec::accepts`] compiled for one field: the bytes a value may not hold (control
/// characters; spaces and the first byte of a following literal in a word; angle brackets in
/// a bracketed field; one-byte delimiters), and the longer delimiter words it may not contain.
#[derive(Debug, Clone)]
pub(super) struct Acceptor {
    /// One bit per byte value.
    refused: [u64; 4],
    words: Vec<&'static str>,
}

/// Marks `byte` in a 256-bit set.
fn set(bits: &mut [u64; 4], byte: u8) {
    bits[usize::from(byte >> 6)] |= 1 << (byte & 63);
}

impl Acceptor {
    fn of(field: &FieldSpec) -> Acceptor {
        let mut refused = [0u64; 4];
        for byte in (0..=255u8).filter(u8::is_ascii_control) {
            set(&mut refused, byte);
        }
        let word = matches!(field.kind, FieldKind::Word | FieldKind::Interface);
        if word {
            set(&mut refused, b' ');
            for delimiter in field.delimiters {
                match delimiter.bytes().next() {
                    Some(b) if !b.is_ascii_whitespace() => set(&mut refused, b),
                    _ => {}
                }
            }
        }
        if field.bracketed {
            set(&mut refused, b'<');
            set(&mut refused, b'>');
        }
        // A value holding a delimiter holds its first word, so the first words are enough.
        let mut words: Vec<&'static str> = Vec::new();
        for delimiter in field.delimiters {
            let trimmed = delimiter.trim();
            let first = trimmed.split(' ').next().unwrap_or(trimmed);
            match first.as_bytes() {
                [] => {}
                [byte] => set(&mut refused, *byte),
                _ if !words.contains(&first) => words.push(first),
                _ => {}
            }
        }
        Acceptor { refused, words }
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
        let mut previous = 0u8;
        for &byte in bytes {
            let refused = self.refused[usize::from(byte >> 6)] >> (byte & 63) & 1 == 1;
            if refused || (byte == b' ' && previous == b' ') {
                return false;
            }
            previous = byte;
        }
        self.words.iter().all(|word| !value.contains(word))
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
    plans: Vec<FieldPlan>,
}

impl Plans {
    /// The plan of `field`, worked out the first time it is asked for.
    pub fn get(&mut self, field: &FieldSpec) -> &FieldPlan {
        let key = FieldKey::of(field);
        let at = match self.index.get(&key) {
            Some(&at) => at,
            None => {
                self.plans.push(FieldPlan::of(field));
                self.index.insert(key, self.plans.len() - 1);
                self.plans.len() - 1
            }
        };
        &self.plans[at]
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
