//! Static metadata of generated messages, and the trait a generated message set implements.

use core::fmt;

use crate::error::ParseError;
use crate::value_kind::ValueKind;

/// The type of a field, as the catalog names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A token without spaces.
    Word,
    /// An interface name.
    Interface,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// A hexadecimal `u64`.
    Hex,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A port.
    Port,
    /// A MAC address.
    Mac,
    /// A number with a unit.
    Quantity,
    /// One of a list of values.
    Enum,
    /// An optional word.
    Flag,
}

/// A field of a message.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The message id.
    pub message: u32,
    /// The field name.
    pub name: &'static str,
    /// Its type.
    pub kind: FieldKind,
    /// Its type as the catalog writes it.
    pub type_name: &'static str,
    /// Whether newer software sends it in `<...>`.
    pub bracketed: bool,
    /// Whether only some templates carry it (the field is an `Option`).
    pub optional: bool,
    /// Enum alternatives.
    pub values: &'static [&'static str],
    /// Whether an enum also takes other values.
    pub open: bool,
    /// Whether an enum ignores ASCII case.
    pub ignore_case: bool,
    /// A flag's word.
    pub word: &'static str,
    /// The literal after the field in each template (what its value must not contain).
    pub delimiters: &'static [&'static str],
    /// The name the guide prints.
    pub guide_name: &'static str,
    /// The guide's description, in Japanese (empty when the guide has none).
    pub description: &'static str,
    /// The description in English (empty until translated).
    pub description_en: &'static str,
    /// What it holds (`kind:` in the catalog).
    pub value_kind: ValueKind,
}

impl FieldSpec {
    /// Whether `value` can be written in this field and read back unchanged: no control
    /// characters, no surrounding or doubled whitespace, no delimiter of the field (nor the
    /// delimiter's first word), no spaces in a word nor the first byte of a literal that
    /// directly follows it, no angle brackets in a bracketed field.
    pub fn accepts(&self, value: &str) -> bool {
        if value.is_empty()
            || value.bytes().any(|b| b.is_ascii_control())
            || value.trim() != value
            || value.contains("  ")
        {
            return false;
        }
        let word = matches!(self.kind, FieldKind::Word | FieldKind::Interface);
        if word && value.contains(' ') {
            return false;
        }
        // A word ends at the first byte of a literal that follows it directly (`{name}()`).
        let stop = |d: &&str| d.bytes().next().filter(|b| !b.is_ascii_whitespace());
        if word
            && self
                .delimiters
                .iter()
                .filter_map(stop)
                .any(|b| value.bytes().any(|v| v == b))
        {
            return false;
        }
        if self.bracketed && (value.contains('<') || value.contains('>')) {
            return false;
        }
        self.delimiters
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
            .all(|d| !value.contains(d) && !value.contains(d.split(' ').next().unwrap_or(d)))
    }
}

/// A message of a catalog.
#[derive(Debug, Clone, Copy)]
pub struct MessageInfo {
    /// The id.
    pub id: u32,
    /// The snake_case name.
    pub name: &'static str,
    /// The Rust type name.
    pub type_name: &'static str,
    /// The severity the catalog gives.
    pub severity: u8,
    /// Whether the IKE session context may precede the body.
    pub ike_context: bool,
    /// The text as the guide prints it.
    pub guide: &'static str,
    /// The wire templates.
    pub templates: &'static [&'static str],
    /// The fields.
    pub fields: &'static [FieldSpec],
    /// Whether the Japanese guide prints the message (`false` for messages only the English
    /// guide has, which have no Japanese text).
    pub in_ja_guide: bool,
    /// The explanation in Japanese, as the guide prints it (empty when there is none).
    pub explanation_ja: &'static [TextBlock],
    /// The explanation in English (empty until translated).
    pub explanation_en: &'static [TextBlock],
    /// The recommended action in Japanese (empty when there is none).
    pub action_ja: &'static [TextBlock],
    /// The recommended action in English (empty until translated).
    pub action_en: &'static [TextBlock],
}

/// A block of an explanation or an action: a paragraph or a bulleted list. A list item that
/// starts with `-` is a sub-item of the previous item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBlock {
    /// A paragraph.
    Paragraph(&'static str),
    /// A bulleted list.
    List(&'static [&'static str]),
}

impl MessageInfo {
    /// The explanation in English (`english`) or Japanese; empty when the catalog lacks it.
    pub fn explanation(&self, english: bool) -> &'static [TextBlock] {
        if english {
            self.explanation_en
        } else {
            self.explanation_ja
        }
    }

    /// The recommended action in English (`english`) or Japanese; empty when the catalog
    /// lacks it.
    pub fn action(&self, english: bool) -> &'static [TextBlock] {
        if english {
            self.action_en
        } else {
            self.action_ja
        }
    }
}

impl FieldSpec {
    /// The truth value an enum field of `true` and `false` (in any case, as 715064's) holds:
    /// such a field is a boolean, for outputs that have booleans. `None` for other fields and
    /// for a value outside the two.
    pub fn truth(&self, value: &str) -> Option<bool> {
        let is = |text: &str, word: &str| text.eq_ignore_ascii_case(word);
        let two_truths = matches!(self.values, [a, b]
            if (is(a, "true") && is(b, "false")) || (is(a, "false") && is(b, "true")));
        match value {
            _ if !two_truths => None,
            v if is(v, "true") => Some(true),
            v if is(v, "false") => Some(false),
            _ => None,
        }
    }

    /// The description in English (`english`) or Japanese; empty when the catalog lacks it.
    pub fn description_in(&self, english: bool) -> &'static str {
        if english {
            self.description_en
        } else {
            self.description
        }
    }
}

/// A YAML file of a catalog, embedded in the generated code.
#[derive(Debug, Clone, Copy)]
pub struct CatalogSource {
    /// The file as named in errors (`catalog/716.yaml`).
    pub file: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// What a generated `Message` enum provides to framing code, so that parsing and emitting whole
/// lines works for any catalog.
pub trait MessageSet<'a>: Sized {
    /// Parses the body of message `id`, starting at byte `offset` of its line.
    fn parse_body(id: u32, severity: u8, body: &'a str, offset: usize) -> Result<Self, ParseError>;
    /// Whether message `id` may carry the IKE session context prefix.
    fn takes_ike_context(id: u32) -> bool;
    /// The message id.
    fn id(&self) -> u32;
    /// Writes the body with a template and bracket style.
    fn write_body<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
        template: usize,
        brackets: bool,
    ) -> fmt::Result;
    /// Catalog metadata, when the id is catalogued.
    fn info(&self) -> Option<&'static MessageInfo>;
    /// What writing a line needs of the catalog, in one look-up (`None` for an id outside
    /// the catalog). Generated sets answer from constants, without reading the metadata table.
    fn line_facts(&self) -> Option<LineFacts>;
}

/// What writing a line of a catalogued message needs to know of it: [`MessageSet::line_facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFacts {
    /// The message id.
    pub id: u32,
    /// The catalog's severity.
    pub severity: u8,
    /// Whether the IKE session context prefix applies.
    pub ike_context: bool,
    /// The end of the header: the id as headers write it (six digits at least, `056017`)
    /// and `: `. Static text, so that a header copies it rather than render the digits.
    pub header_end: &'static str,
}

#[cfg(test)]
mod tests {
    use super::TextBlock;

    #[test]
    fn messages_carry_their_explanations_in_both_languages() {
        let started = crate::info(716001).expect("716001 is catalogued");
        assert!(started.in_ja_guide);
        assert!(
            matches!(started.explanation(false), [TextBlock::Paragraph(text), ..] if text.contains("WebVPN"))
        );
        assert!(!started.action(false).is_empty());
        // A message only the English guide has: its explanation is English, and there is no
        // Japanese text.
        let english_only = crate::MESSAGES
            .iter()
            .find(|m| !m.in_ja_guide)
            .expect("the catalog has messages only the English guide has");
        assert!(!english_only.explanation(true).is_empty());
        assert!(english_only.explanation(false).is_empty());
    }
}
