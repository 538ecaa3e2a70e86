//! The Elastic Common Schema document written for each input line by `parse --format ecs`:
//! the header as ECS `event`, `log`, `observer` fields, each catalog field at the name its
//! `ecs:` key gives (nested objects, never dotted keys), and lines that could not be read as
//! documents tagged with what went wrong.
//!
//! Timestamps: a timestamp with a UTC offset is written with it; one without is read as UTC
//! (devices send local time without a zone, and UTC is what Elastic's integration assumes by
//! default). A timestamp without a year takes the current year (UTC), or the previous one when
//! that would put it more than a day in the future (a December line read in January). A line
//! without a timestamp has no `@timestamp`: the time it was logged is unknown.

use std::collections::HashMap;
use std::net::IpAddr;

use ftd_syslog::{
    FieldSpec, FieldVisitor, Header, Hex, IkeContext, Loose, MacAddr, Message, ParseError,
    Quantity, Record, Tag, Timestamp,
};
use serde_json::{Map, Value};

use super::json::{kind_name, Location};

/// `event.module`, as Elastic's Cisco FTD integration names it.
const MODULE: &str = "cisco_ftd";
/// `event.dataset`, as Elastic's Cisco FTD integration names it.
const DATASET: &str = "cisco_ftd.log";
/// The tag of a line whose id is outside the catalog.
pub const TAG_UNKNOWN_ID: &str = "cisco_ftd_unknown_message_id";
/// The tag of a line that could not be parsed.
pub const TAG_PARSE_FAILURE: &str = "cisco_ftd_parse_failure";
/// The tag of a document where two values would land at one name (the second is left out).
/// The tag of a line whose id is catalogued but whose text matches no template exactly.
pub const TAG_LOOSE_MATCH: &str = "cisco_ftd_loose_match";
/// The tag of a document in which two values claimed one name.
pub const TAG_FIELD_CONFLICT: &str = "cisco_ftd_field_conflict";

/// Writes ECS documents, one JSON line each, into a reused buffer.
#[derive(Debug, Clone)]
pub struct EcsWriter {
    out: Vec<u8>,
    /// Per message id, each field's ECS name, from the catalog's `ecs:` keys.
    names: HashMap<u32, Vec<(String, String)>>,
    /// The time documents are written, for timestamps without a year.
    now: Timestamp,
}

impl EcsWriter {
    /// A writer with the ECS names of `catalog`, taking year-less timestamps relative to `now`.
    pub fn new(catalog: &ftd_catalog::Catalog, now: Timestamp) -> Self {
        let names = catalog
            .messages
            .iter()
            .map(|entry| {
                let fields = entry
                    .def
                    .variables
                    .iter()
                    .map(|v| {
                        let ecs = v.ecs.clone().unwrap_or_else(|| vendor_name(&v.name));
                        (v.name.clone(), ecs)
                    })
                    .collect();
                (entry.def.id, fields)
            })
            .collect();
        EcsWriter {
            out: Vec::new(),
            names,
            now,
        }
    }

    /// The bytes written so far.
    #[cfg(test)]
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Swaps the buffer written into with `buffer` (see [`super::json::JsonWriter`]).
    pub fn swap_buffer(&mut self, buffer: &mut Vec<u8>) {
        std::mem::swap(&mut self.out, buffer);
    }

    /// The document of a parsed line: a catalogued message or an id outside the catalog.
    pub fn record(&mut self, location: Location<'_>, line: &str, record: &Record<'_>) {
        let mut doc = Document::default();
        doc.put("message", Value::from(line));
        common(&mut doc, location);
        self.header(&mut doc, &record.header);
        let names: &[(String, String)] =
            self.names.get(&record.header.id).map_or(&[], Vec::as_slice);
        match &record.message {
            Message::Unknown { .. } => {
                doc.tags.push(TAG_UNKNOWN_ID);
                let text = format!("message id {} is not in the catalog", record.header.id);
                doc.put("error.message", Value::from(text));
            }
            message => {
                if let Some(name) = message.name() {
                    doc.put("cisco.ftd.message_name", Value::from(name));
                }
                message.visit_fields(&mut FieldsWriter {
                    doc: &mut doc,
                    names,
                });
            }
        }
        if let Some(context) = &record.context {
            ike_context(&mut doc, context, names);
        }
        self.finish(doc);
    }

    /// The document of a line that could not be parsed; `line` is `None` when it was not kept.
    pub fn failure(&mut self, location: Location<'_>, error: &ParseError, line: Option<&str>) {
        let mut doc = Document::default();
        if let Some(line) = line {
            doc.put("message", Value::from(line));
        }
        common(&mut doc, location);
        doc.put("event.kind", Value::from("pipeline_error"));
        if let Some(id) = error.id() {
            doc.put("event.code", Value::from(id.to_string()));
            doc.put("cisco.ftd.message_id", Value::from(id.to_string()));
        }
        doc.put("error.message", Value::from(error.kind().to_string()));
        doc.put("error.type", Value::from(kind_name(error.kind())));
        doc.tags.push(TAG_PARSE_FAILURE);
        self.finish(doc);
    }

    /// The document of a line whose id is catalogued but whose text matches no template: the
    /// fields that could be read, tagged, with the first difference as the error.
    pub fn loose(&mut self, location: Location<'_>, line: &str, record: &Record<'_, Loose<'_>>) {
        let mut doc = Document::default();
        doc.put("message", Value::from(line));
        common(&mut doc, location);
        self.header(&mut doc, &record.header);
        let loose = &record.message;
        doc.put("cisco.ftd.message_name", Value::from(loose.info.name));
        let names: &[(String, String)] = self.names.get(&loose.id).map_or(&[], Vec::as_slice);
        for (field, value) in &loose.fields {
            // Text that is not a value of the field's type has no typed place in ECS.
            let Some(value) = super::loose_value(value) else {
                continue;
            };
            put_field(&mut doc, names, field, value);
        }
        if let Some(context) = &record.context {
            ike_context(&mut doc, context, names);
        }
        let mismatch = &loose.mismatch;
        let text = format!(
            "no template matches exactly; nearest: template {}, first difference at bytes {}..{}, expected {}",
            mismatch.template + 1,
            mismatch.span.start,
            mismatch.span.end,
            mismatch.expected
        );
        doc.put("error.message", Value::from(text));
        doc.tags.push(TAG_LOOSE_MATCH);
        self.finish(doc);
    }

    fn header(&self, doc: &mut Document, header: &Header<'_>) {
        if let Some(timestamp) = &header.timestamp {
            doc.put("@timestamp", Value::from(iso8601(timestamp, &self.now)));
        }
        let id = header.id.to_string();
        doc.put("event.code", Value::from(id.as_str()));
        doc.put("cisco.ftd.message_id", Value::from(id));
        doc.put("event.kind", Value::from("event"));
        doc.put("event.severity", Value::from(header.severity));
        let severity = ftd_catalog::severity::name(header.severity).unwrap_or("unknown");
        doc.put("log.level", Value::from(severity));
        doc.put("log.syslog.severity.code", Value::from(header.severity));
        doc.put("log.syslog.severity.name", Value::from(severity));
        if let Some(priority) = header.priority {
            doc.put("log.syslog.priority", Value::from(priority));
        }
        if let Some(facility) = header.facility() {
            doc.put("log.syslog.facility.code", Value::from(facility));
            if let Some(name) = crate::args::FACILITY_NAMES.get(usize::from(facility)) {
                doc.put("log.syslog.facility.name", Value::from(*name));
            }
        }
        if let Some(device) = header.device_id {
            doc.put("observer.hostname", Value::from(device));
        }
        let product = match header.tag {
            Tag::Asa => "ASA",
            Tag::Pix => "PIX",
            _ => "Secure Firewall Threat Defense",
        };
        doc.put("observer.product", Value::from(product));
        if let Some(class) = header.class {
            doc.put("cisco.ftd.class", Value::from(class));
        }
        if let Some(rfc5424) = &header.rfc5424 {
            for (name, value) in [
                ("log.syslog.appname", rfc5424.app_name),
                ("log.syslog.procid", rfc5424.proc_id),
                ("log.syslog.msgid", rfc5424.msg_id),
                // ECS's `log.syslog.structured_data` is an object; the text is kept as sent.
                ("cisco.ftd.structured_data", rfc5424.structured_data),
            ] {
                if let Some(value) = value {
                    doc.put(name, Value::from(value));
                }
            }
        }
    }

    fn finish(&mut self, mut doc: Document) {
        if !doc.tags.is_empty() {
            let tags = doc.tags.iter().map(|t| Value::from(*t)).collect();
            doc.put("tags", Value::Array(tags));
        }
        // Serialising a `Value` into a Vec cannot fail: its keys are strings.
        let _ = serde_json::to_writer(&mut self.out, &Value::Object(doc.root));
        self.out.push(b'\n');
    }
}

/// The fields every document carries, whatever happened to the line.
fn common(doc: &mut Document, location: Location<'_>) {
    doc.put("event.module", Value::from(MODULE));
    doc.put("event.dataset", Value::from(DATASET));
    doc.put("observer.vendor", Value::from("Cisco"));
    doc.put("observer.type", Value::from("firewall"));
    if let Some(file) = location.file {
        doc.put("log.file.path", Value::from(file));
    }
}

/// The IKE session context at its ECS names, or under `cisco.ftd.context.` when a field of
/// the message already fills that name (the message's own value is the more specific one).
fn ike_context(doc: &mut Document, context: &IkeContext<'_>, names: &[(String, String)]) {
    let parts = [
        (
            "group",
            "group.name",
            context.group.as_deref().map(Value::from),
        ),
        (
            "username",
            "user.name",
            context.username.as_deref().map(Value::from),
        ),
        (
            "ip",
            "source.ip",
            context.ip.map(|ip| Value::from(ip.to_string())),
        ),
    ];
    for (key, ecs, value) in parts {
        let Some(value) = value else { continue };
        if names.iter().any(|(_, name)| name == ecs) {
            doc.put(&format!("{}{key}", ftd_catalog::ecs::CONTEXT_PREFIX), value);
        } else {
            doc.put(ecs, value);
        }
    }
}

/// Puts catalog field `field` at its ECS name, or under `cisco.ftd.` when it has none.
fn put_field(doc: &mut Document, names: &[(String, String)], field: &str, value: Value) {
    match names.iter().find(|(name, _)| name == field) {
        Some((_, ecs)) => doc.put(ecs, value),
        None => doc.put(&vendor_name(field), value),
    }
}

/// The name under `cisco.ftd.` of a field without an `ecs:` key.
fn vendor_name(field: &str) -> String {
    format!("{}{field}", ftd_catalog::ecs::VENDOR_PREFIX)
}

/// `2026-11-26T14:03:11.250Z`: the timestamp in ISO 8601, its fraction as sent; see the
/// module comment for the zone and year rules.
pub fn iso8601(timestamp: &Timestamp, now: &Timestamp) -> String {
    let year = timestamp
        .year
        .unwrap_or_else(|| inferred_year(timestamp, now));
    let mut text = format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        timestamp.month, timestamp.day, timestamp.hour, timestamp.minute, timestamp.second
    );
    if timestamp.fraction_digits > 0 {
        let digits = usize::from(timestamp.fraction_digits.min(9));
        let fraction = format!("{:09}", timestamp.nanos);
        text.push('.');
        text.push_str(&fraction[..digits]);
    }
    match timestamp.offset_minutes {
        None | Some(0) => text.push('Z'),
        Some(offset) => {
            let sign = if offset < 0 { '-' } else { '+' };
            let offset = offset.unsigned_abs();
            text.push_str(&format!("{sign}{:02}:{:02}", offset / 60, offset % 60));
        }
    }
    text
}

/// The year of a year-less timestamp: `now`'s, or the one before when the timestamp would
/// then be more than a day after `now`.
fn inferred_year(timestamp: &Timestamp, now: &Timestamp) -> u16 {
    let this_year = now.year.unwrap_or(1970);
    let key = |t: &Timestamp| {
        (u32::from(t.month) * 31 + u32::from(t.day)) * 86_400
            + u32::from(t.hour) * 3600
            + u32::from(t.minute) * 60
            + u32::from(t.second)
    };
    if key(timestamp) > key(now) + 86_400 {
        this_year.saturating_sub(1)
    } else {
        this_year
    }
}

/// A document being built: nested objects, and the tags to add at the end.
#[derive(Debug, Default)]
struct Document {
    root: Map<String, Value>,
    tags: Vec<&'static str>,
}

impl Document {
    /// Puts `value` at the dotted `name`, creating the objects on the way. A name already
    /// filled, or passing through a value, keeps what it has and tags the document: a
    /// document never holds two values at one name.
    fn put(&mut self, name: &str, value: Value) {
        let mut parts = name.split('.');
        let Some(mut last) = parts.next() else { return };
        let mut object = &mut self.root;
        for part in parts {
            let slot = object
                .entry(last.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(inner) = slot else {
                self.tags.push(TAG_FIELD_CONFLICT);
                return;
            };
            object = inner;
            last = part;
        }
        if object.contains_key(last) {
            self.tags.push(TAG_FIELD_CONFLICT);
            return;
        }
        object.insert(last.to_owned(), value);
    }
}

/// Puts a message's fields at their ECS names.
struct FieldsWriter<'d> {
    doc: &'d mut Document,
    names: &'d [(String, String)],
}

impl FieldsWriter<'_> {
    fn put(&mut self, field: &FieldSpec, value: Value) {
        put_field(self.doc, self.names, field.name, value);
    }
}

impl FieldVisitor for FieldsWriter<'_> {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.put(field, Value::from(value));
    }

    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.put(field, Value::from(value));
    }

    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.put(field, Value::from(value));
    }

    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.put(field, Value::from(format!("{value:#x}")));
    }

    fn hex_as_sent(&mut self, field: &'static FieldSpec, value: Hex) {
        // As in the JSON output: identifiers, written as the device does.
        self.put(field, Value::from(value.to_string()));
    }

    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.put(field, Value::from(value.to_string()));
    }

    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.put(field, Value::from(value.to_string()));
    }

    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        let mut object = Map::new();
        object.insert("value".to_owned(), Value::from(value.value));
        object.insert("unit".to_owned(), Value::from(value.unit.as_ref()));
        self.put(field, Value::Object(object));
    }

    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        // As in the JSON output: an enum of true and false (715064) is a boolean.
        match field.truth(value) {
            Some(truth) => self.put(field, Value::from(truth)),
            None => self.put(field, Value::from(value)),
        }
    }

    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.put(field, Value::from(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: Option<u16>, month: u8, day: u8) -> Timestamp {
        Timestamp {
            year,
            month,
            day,
            hour: 12,
            ..Timestamp::default()
        }
    }

    #[test]
    fn year_less_timestamps_take_this_year_or_the_last() {
        let now = at(Some(2027), 1, 2);
        assert_eq!(iso8601(&at(None, 1, 1), &now), "2027-01-01T12:00:00Z");
        assert_eq!(iso8601(&at(None, 1, 3), &now), "2027-01-03T12:00:00Z");
        assert_eq!(iso8601(&at(None, 12, 31), &now), "2026-12-31T12:00:00Z");
        assert_eq!(
            iso8601(&at(Some(2020), 12, 31), &now),
            "2020-12-31T12:00:00Z"
        );
    }

    #[test]
    fn writes_fractions_and_offsets() {
        let mut timestamp = at(Some(2026), 11, 26);
        timestamp.nanos = 250_000_000;
        timestamp.fraction_digits = 3;
        timestamp.offset_minutes = Some(-330);
        let now = at(Some(2026), 11, 27);
        assert_eq!(iso8601(&timestamp, &now), "2026-11-26T12:00:00.250-05:30");
    }

    #[test]
    fn a_second_value_at_one_name_is_tagged_not_written() {
        let mut doc = Document::default();
        doc.put("source.ip", Value::from("192.0.2.1"));
        doc.put("source.ip", Value::from("192.0.2.2"));
        doc.put("source.ip.x", Value::from(1));
        assert_eq!(doc.root["source"]["ip"], "192.0.2.1");
        assert_eq!(doc.tags, [TAG_FIELD_CONFLICT, TAG_FIELD_CONFLICT]);
    }
}
