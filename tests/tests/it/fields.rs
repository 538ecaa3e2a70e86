//! Field values in one comparable form, collected from a generated message through its field
//! visitor: what the reference matcher and the never-silently-wrong check compare.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ftd_syslog::{FieldSpec, FieldVisitor, MacAddr, Quantity};

/// Field values in one comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(i128),
    Ip(IpAddr),
    Mac([u8; 6]),
    Quantity(u64, String),
    Flag(bool),
}

pub type Fields = BTreeMap<String, Value>;

/// The generated parser's fields, through the visitor.
#[derive(Default)]
pub struct Collect(pub Fields);

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

/// How much of a line its free-text values (text, words, enumeration values) hold: the
/// parsers prefer the reading with the least.
pub fn text_len(fields: &Fields) -> usize {
    fields
        .values()
        .map(|value| match value {
            Value::Text(text) => text.len(),
            _ => 0,
        })
        .sum()
}
