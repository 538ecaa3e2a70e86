//! The catalog model: what a YAML section file holds, and the loaded, located catalog.
//!
//! One model serves code generation, validation, the docs generator and the tools. The YAML
//! shapes are strict (`deny_unknown_fields`): a misspelt key is an error, not a silent default.

use serde::{Deserialize, Serialize};

pub use crate::value_kind::{value_kind, value_kind_names, ValueKindDef, VALUE_KINDS};

/// One YAML file of the catalog: one section of the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// The section heading as the guide prints it (`メッセージ 715001～ 715080`).
    pub section: String,
    /// The messages of the section, in id order.
    pub messages: Vec<MessageDef>,
}

/// One message of the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageDef {
    /// The six-digit message id.
    pub id: u32,
    /// The severity as the guide prints it (0-7).
    pub severity: u8,
    /// A unique snake_case name; it becomes the Rust type name.
    pub name: String,
    /// The message text exactly as the guide prints it, line wraps joined. For an entry the
    /// Japanese guide lacks (`in_ja_guide: false`), the English guide's form: its tag and its
    /// template in catalog notation.
    pub guide: String,
    /// Whether the Japanese guide (the catalog's source, checked by the drift check) prints this
    /// message; `false` for messages only the English guide has.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub in_ja_guide: bool,
    /// Whether the IKE session context prefix (`Group = g, Username = u, IP = a, `) may precede
    /// the message body.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ike_context: bool,
    /// Wire templates: the text after `%FTD-<sev>-<id>: ` with `{name}` placeholders, each with
    /// where its form comes from. The first is what an emitter sends; a parser tries them in
    /// order and takes the first that reads the whole line.
    pub templates: Vec<Template>,
    /// Every placeholder of the templates, typed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable>,
    /// The explanation (説明), verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<Block>,
    /// The recommended action (推奨アクション), verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action: Vec<Block>,
    /// The explanation in English, block for block with `explanation`, from the section's
    /// English file (`en/<section>.yaml`); empty until translated. An entry the Japanese guide
    /// lacks has its English explanation in `explanation` instead (see
    /// [`MessageDef::explanation_in`]).
    #[serde(default, skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub explanation_en: Vec<Block>,
    /// The recommended action in English, block for block with `action`, from the English file.
    #[serde(default, skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub action_en: Vec<Block>,
    /// Notes on the guide's entry: headings printed with it, labels it got wrong, device forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}

/// Where a template's form comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateSource {
    /// The Japanese guide the catalog transcribes (`ja-guide`).
    JaGuide,
    /// The English guide, current or older (`en-guide`): the wording devices print.
    EnGuide,
    /// Lines seen from devices (`device`), where they differ from both guides.
    Device,
}

impl TemplateSource {
    /// The name the YAML uses (`ja-guide`, `en-guide`, `device`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateSource::JaGuide => "ja-guide",
            TemplateSource::EnGuide => "en-guide",
            TemplateSource::Device => "device",
        }
    }
}

impl std::fmt::Display for TemplateSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One wire template and where its form comes from.
///
/// In YAML a template is a map `{text: ..., source: ja-guide|en-guide|device, note: ...}`
/// (`note` optional). A plain string is accepted as shorthand for `source: ja-guide` (the guide
/// an entry transcribes), so that small catalogs stay terse; the bundled catalog spells every
/// source out. The template reads as its text (`Deref<Target = str>`, `Display`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Template {
    /// The template text, `{name}` placeholders and literals.
    pub text: String,
    /// Where the form comes from.
    pub source: TemplateSource,
    /// A short remark on the form (which version of the guide, what a device printed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The map form of a template, as written in YAML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateMap {
    text: String,
    source: TemplateSource,
    #[serde(default)]
    note: Option<String>,
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Template;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a template: a map with 'text' and 'source', or a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Template, E> {
                Ok(Template {
                    text: text.to_owned(),
                    source: TemplateSource::JaGuide,
                    note: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Template, A::Error> {
                let map =
                    TemplateMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Template {
                    text: map.text,
                    source: map.source,
                    note: map.note,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl std::ops::Deref for Template {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Template {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A typed placeholder of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// The placeholder name (snake_case); it becomes the Rust field name.
    pub name: String,
    /// The type name; see [`VarKind`] for the accepted names.
    #[serde(rename = "type")]
    pub ty: String,
    /// Where an ECS document puts the value: a field of the Elastic Common Schema
    /// (`source.ip`), or a name under `cisco.ftd.` for what ECS has no field for (see
    /// [`crate::ecs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs: Option<String>,
    /// The alternatives of an `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// An `enum` that also accepts values outside `values` (kept as text).
    #[serde(default, skip_serializing_if = "is_false")]
    pub open: bool,
    /// An `enum` whose alternatives match without regard to ASCII case.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_case: bool,
    /// A variable that only some templates carry (a device form that adds or drops it): the
    /// Rust field is an `Option`, and a value is written with a template that carries exactly
    /// the optional variables it has.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// The text a `flag` stands for when set (`"not "`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// The variable's name as the guide prints it (`IP_address`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_name: Option<String>,
    /// The guide's description of the variable (the bullet under 説明).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The description in English, from the section's English file.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// What the variable holds (`kind: subject_dn`), one of [`VALUE_KINDS`]: what a simulator
    /// draws and a checker expects, beyond what the type says.
    #[serde(rename = "kind", default, skip_serializing_if = "Option::is_none")]
    pub value_kind: Option<String>,
}

/// A language the catalog's prose is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (`en`).
    En,
    /// Japanese (`ja`), the guide's language.
    Ja,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag (`en`, `ja`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }

    /// Reads `en` or `ja`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl MessageDef {
    /// The explanation in `lang`, if the catalog has it (`None` when it is not written, or not
    /// yet translated). An entry the Japanese guide lacks has an English explanation only.
    pub fn explanation_in(&self, lang: Lang) -> Option<&[Block]> {
        let blocks = match (lang, self.in_ja_guide) {
            (Lang::Ja, true) => &self.explanation,
            (Lang::Ja, false) => return None,
            (Lang::En, true) => &self.explanation_en,
            (Lang::En, false) => &self.explanation,
        };
        (!blocks.is_empty()).then_some(blocks.as_slice())
    }

    /// The recommended action in `lang`, like [`MessageDef::explanation_in`].
    pub fn action_in(&self, lang: Lang) -> Option<&[Block]> {
        let blocks = match (lang, self.in_ja_guide) {
            (Lang::Ja, true) => &self.action,
            (Lang::Ja, false) => return None,
            (Lang::En, true) => &self.action_en,
            (Lang::En, false) => &self.action,
        };
        (!blocks.is_empty()).then_some(blocks.as_slice())
    }
}

impl Variable {
    /// The description in `lang`, if the catalog has it. A variable of an entry the Japanese
    /// guide lacks has no Japanese description.
    pub fn description_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.description.as_deref(),
            Lang::En => self.description_en.as_deref(),
        }
    }
}

/// A block of the explanation or action: a paragraph or a bulleted list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A bulleted list; items starting with `- ` are sub-items of the previous item.
    List {
        /// The items.
        list: Vec<String>,
    },
}

/// The widths of integer variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntWidth {
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `i32`
    I32,
    /// `i64`
    I64,
}

/// The resolved type of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarKind {
    /// `text`: free text up to the next literal of the template, or to the end.
    Text,
    /// `word`: text without whitespace.
    Word,
    /// `interface`: an interface name (no whitespace).
    Interface,
    /// `u8` ... `i64`: a decimal integer.
    Int(IntWidth),
    /// `hex`: a hexadecimal value with `0x` prefix (`0x850a79e0`).
    Hex,
    /// `ipv4`: a dotted IPv4 address.
    Ipv4,
    /// `ipv6`: an IPv6 address.
    Ipv6,
    /// `ip`: an IPv4 or IPv6 address.
    Ip,
    /// `port`: a TCP/UDP port, 0-65535.
    Port,
    /// `mac`: a MAC address (`0050.56a1.0203` or `00:50:56:a1:02:03`).
    Mac,
    /// `quantity`: a number with a unit suffix (`266KB`, `30s`).
    Quantity,
    /// `enum`: one of `values`; `open` also takes other text; `ignore_case` compares ASCII
    /// case-insensitively.
    Enum {
        /// The alternatives.
        values: Vec<String>,
        /// Whether other values are kept as text.
        open: bool,
        /// Whether matching ignores ASCII case.
        ignore_case: bool,
    },
    /// `flag`: an optional word, present or absent (`not ` in 720023).
    Flag {
        /// The text written when set.
        word: String,
    },
}

/// The one table of type names: every name a variable's `type` may have, and for the kinds
/// that take no options the kind it resolves to (`enum` and `flag` take theirs from the
/// variable). Validation, code generation and the docs all read it.
static PLAIN_KINDS: [(&str, VarKind); 16] = [
    ("text", VarKind::Text),
    ("word", VarKind::Word),
    ("interface", VarKind::Interface),
    ("u8", VarKind::Int(IntWidth::U8)),
    ("u16", VarKind::Int(IntWidth::U16)),
    ("u32", VarKind::Int(IntWidth::U32)),
    ("u64", VarKind::Int(IntWidth::U64)),
    ("i32", VarKind::Int(IntWidth::I32)),
    ("i64", VarKind::Int(IntWidth::I64)),
    ("hex", VarKind::Hex),
    ("ipv4", VarKind::Ipv4),
    ("ipv6", VarKind::Ipv6),
    ("ip", VarKind::Ip),
    ("port", VarKind::Port),
    ("mac", VarKind::Mac),
    ("quantity", VarKind::Quantity),
];

/// The type name of [`VarKind::Enum`].
const ENUM_NAME: &str = "enum";

/// The type name of [`VarKind::Flag`].
const FLAG_NAME: &str = "flag";

/// Every type name a variable may have, in the order of [`VarKind`].
pub fn type_names() -> impl Iterator<Item = &'static str> {
    PLAIN_KINDS
        .iter()
        .map(|(name, _)| *name)
        .chain([ENUM_NAME, FLAG_NAME])
}

impl Variable {
    /// Resolves the type name. Returns `None` for an unknown type (the validator reports it).
    pub fn kind(&self) -> Option<VarKind> {
        match self.ty.as_str() {
            ENUM_NAME => Some(VarKind::Enum {
                values: self.values.clone(),
                open: self.open,
                ignore_case: self.ignore_case,
            }),
            FLAG_NAME => Some(VarKind::Flag {
                word: self.word.clone().unwrap_or_default(),
            }),
            name => PLAIN_KINDS
                .iter()
                .find(|(plain, _)| *plain == name)
                .map(|(_, kind)| kind.clone()),
        }
    }
}

impl VarKind {
    /// The type name the catalog writes for this kind (`u16`, `enum`...).
    pub fn name(&self) -> &'static str {
        match self {
            VarKind::Enum { .. } => ENUM_NAME,
            VarKind::Flag { .. } => FLAG_NAME,
            plain => PLAIN_KINDS
                .iter()
                .find(|(_, kind)| kind == plain)
                .map_or("", |(name, _)| name),
        }
    }

    /// Whether a value of this kind may contain whitespace, so that it can only end at a literal.
    pub fn runs_to_delimiter(&self) -> bool {
        matches!(self, VarKind::Text | VarKind::Enum { open: true, .. })
            || matches!(self, VarKind::Enum { values, .. } if values.iter().any(|v| v.contains(' ')))
    }
}

/// Where something is in a catalog file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as displayed (`catalog/716.yaml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A message of a loaded catalog, with the section it belongs to and where it is defined.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogEntry {
    /// The definition.
    #[serde(flatten)]
    pub def: MessageDef,
    /// The section heading.
    pub section: String,
    /// Where the entry starts.
    #[serde(skip)]
    pub location: Location,
    /// The entry's index in its file's `messages`.
    #[serde(skip)]
    pub(crate) entry: usize,
    /// The English file's item for this entry, if it has one: the file and the item's index.
    #[serde(skip)]
    pub(crate) english: Option<(String, usize)>,
}

/// A loaded catalog file.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    /// The file as displayed (`catalog/716.yaml`).
    pub display: String,
    /// The file's path on disk.
    pub path: std::path::PathBuf,
    /// The file's text.
    pub text: String,
    /// The section heading.
    pub section: String,
}

/// A loaded catalog: every message of every file, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The section files, sorted by name.
    pub files: Vec<CatalogFile>,
    /// The English files (`en/<section>.yaml`), sorted by name.
    pub english_files: Vec<CatalogFile>,
    /// The messages, sorted by id.
    pub messages: Vec<CatalogEntry>,
}

impl Catalog {
    /// Looks a message up by id.
    pub fn get(&self, id: u32) -> Option<&CatalogEntry> {
        self.messages
            .binary_search_by_key(&id, |m| m.def.id)
            .ok()
            .map(|i| &self.messages[i])
    }

    /// One JSON object per message, one per line: the model as tools see it.
    #[cfg(feature = "json")]
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for message in &self.messages {
            out.push_str(&serde_json::to_string(message).expect("the model serialises"));
            out.push('\n');
        }
        out
    }
}

/// Whether `name` is snake_case: lowercase ASCII letters, digits and single underscores,
/// starting with a letter.
pub fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.as_bytes()[0].is_ascii_lowercase()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.contains("__")
        && !name.ends_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_name_resolves_to_a_kind_with_that_name() {
        for name in type_names() {
            let variable = Variable {
                name: "v".into(),
                ty: name.into(),
                ecs: None,
                values: vec!["a".into()],
                open: false,
                ignore_case: false,
                optional: false,
                word: Some("not ".into()),
                guide_name: None,
                description: None,
                description_en: None,
                value_kind: None,
            };
            let kind = variable.kind().expect("a known type");
            assert_eq!(kind.name(), name);
        }
    }
}
