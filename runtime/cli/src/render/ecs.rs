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
//!
//! A document is written straight into the output buffer, not built as a `serde_json::Value`
//! (which cost six times the JSON output): its fields are collected as dotted names with their
//! values already in JSON, then sorted by name part and written as nested objects with their
//! keys sorted, the same bytes serde_json writes for the tree.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::net::IpAddr;
use std::ops::Range;

use ftd_syslog::{
    FieldSpec, FieldVisitor, Header, Hex, IkeContext, Loose, LooseValue, MacAddr, Message,
    ParseError, Quantity, Record, Tag, Timestamp,
};

use super::json::{kind_name, write_escaped, Location};

/// `event.module`, as Elastic's Cisco FTD integration names it.
const MODULE: &str = "cisco_ftd";
/// `event.dataset`, as Elastic's Cisco FTD integration names it.
const DATASET: &str = "cisco_ftd.log";
/// The tag of a line whose id is outside the catalog.
pub const TAG_UNKNOWN_ID: &str = "cisco_ftd_unknown_message_id";
/// The tag of a line that could not be parsed.
pub const TAG_PARSE_FAILURE: &str = "cisco_ftd_parse_failure";
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
    /// The document being written; reused, so that a line costs no allocation.
    doc: Document,
    /// The timestamp written last and its JSON: lines of a log mostly share their second.
    last_timestamp: Option<(Timestamp, Vec<u8>)>,
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
            doc: Document::default(),
            last_timestamp: None,
        }
    }

    /// Swaps the buffer written into with `buffer` (see [`super::json::JsonWriter`]).
    pub fn swap_buffer(&mut self, buffer: &mut Vec<u8>) {
        std::mem::swap(&mut self.out, buffer);
    }

    /// The document of a parsed line: a catalogued message or an id outside the catalog.
    pub fn record(&mut self, location: Location<'_>, line: &str, record: &Record<'_>) {
        let mut doc = self.start();
        doc.put_str("message", line);
        common(&mut doc, location);
        self.header(&mut doc, &record.header);
        let names: &[(String, String)] =
            self.names.get(&record.header.id).map_or(&[], Vec::as_slice);
        match &record.message {
            Message::Unknown { .. } => {
                doc.check_names();
                doc.tags.push(TAG_UNKNOWN_ID);
                let id = record.header.id;
                doc.put_display(
                    "error.message",
                    format_args!("message id {id} is not in the catalog"),
                );
            }
            message => {
                if let Some(name) = message.name() {
                    doc.put_str("cisco.ftd.message_name", name);
                }
                doc.check_names();
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
        let mut doc = self.start();
        if let Some(line) = line {
            doc.put_str("message", line);
        }
        common(&mut doc, location);
        doc.put_str("event.kind", "pipeline_error");
        if let Some(id) = error.id() {
            doc.put_id("event.code", id);
            doc.put_id("cisco.ftd.message_id", id);
        }
        doc.put_display("error.message", error.kind());
        doc.put_str("error.type", kind_name(error.kind()));
        doc.tags.push(TAG_PARSE_FAILURE);
        self.finish(doc);
    }

    /// The document of a line whose id is catalogued but whose text matches no template: the
    /// fields that could be read, tagged, with the first difference as the error.
    pub fn loose(&mut self, location: Location<'_>, line: &str, record: &Record<'_, Loose<'_>>) {
        let mut doc = self.start();
        doc.put_str("message", line);
        common(&mut doc, location);
        self.header(&mut doc, &record.header);
        let loose = &record.message;
        doc.put_str("cisco.ftd.message_name", loose.info.name);
        doc.check_names();
        let names: &[(String, String)] = self.names.get(&loose.id).map_or(&[], Vec::as_slice);
        for (field, value) in &loose.fields {
            let name = field_name(names, field);
            // Addresses, hex and quantities as the text devices write, as `explain` shows them.
            match value {
                LooseValue::Text(text) | LooseValue::Enum { value: text, .. } => {
                    doc.put_str(name, text)
                }
                LooseValue::Uint(n) => doc.put_uint(name, *n),
                LooseValue::Int(n) => doc.put_int(name, *n),
                LooseValue::Hex(hex) => doc.put_display(name, hex),
                LooseValue::Ip(ip) => doc.put_ip(name, *ip),
                LooseValue::Mac(mac) => doc.put_display(name, mac),
                LooseValue::Quantity(quantity) => doc.put_display(name, quantity),
                LooseValue::Flag(set) => doc.put_bool(name, *set),
                // Text that is not a value of the field's type has no typed place in ECS.
                LooseValue::Unconverted { .. } => {}
            }
        }
        if let Some(context) = &record.context {
            ike_context(&mut doc, context, names);
        }
        let mismatch = &loose.mismatch;
        doc.put_display(
            "error.message",
            format_args!(
                "no template matches exactly; nearest: template {}, first difference at bytes {}..{}, expected {}",
                mismatch.template + 1,
                mismatch.span.start,
                mismatch.span.end,
                mismatch.expected
            ),
        );
        doc.tags.push(TAG_LOOSE_MATCH);
        self.finish(doc);
    }

    fn header(&mut self, doc: &mut Document, header: &Header<'_>) {
        if let Some(timestamp) = &header.timestamp {
            let json = match &mut self.last_timestamp {
                Some((last, json)) if last == timestamp => json,
                slot => {
                    let mut json = Vec::with_capacity(32);
                    json.push(b'"');
                    write_iso8601(&mut json, timestamp, &self.now);
                    json.push(b'"');
                    &mut slot.insert((*timestamp, json)).1
                }
            };
            doc.put_json("@timestamp", json);
        }
        doc.put_id("event.code", header.id);
        doc.put_id("cisco.ftd.message_id", header.id);
        doc.put_str("event.kind", "event");
        doc.put_uint("event.severity", u64::from(header.severity));
        let severity = ftd_catalog::severity::name(header.severity).unwrap_or("unknown");
        doc.put_str("log.level", severity);
        doc.put_uint("log.syslog.severity.code", u64::from(header.severity));
        doc.put_str("log.syslog.severity.name", severity);
        if let Some(priority) = header.priority {
            doc.put_uint("log.syslog.priority", u64::from(priority));
        }
        if let Some(facility) = header.facility() {
            doc.put_uint("log.syslog.facility.code", u64::from(facility));
            if let Some(name) = crate::args::FACILITY_NAMES.get(usize::from(facility)) {
                doc.put_str("log.syslog.facility.name", name);
            }
        }
        if let Some(device) = header.device_id {
            doc.put_str("observer.hostname", device);
        }
        let product = match header.tag {
            Tag::Asa => "ASA",
            Tag::Pix => "PIX",
            _ => "Secure Firewall Threat Defense",
        };
        doc.put_str("observer.product", product);
        if let Some(class) = header.class {
            doc.put_str("cisco.ftd.class", class);
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
                    doc.put_str(name, value);
                }
            }
        }
    }

    /// An empty document to fill (the writer's own, taken so that it can be filled while the
    /// writer's names are read).
    fn start(&mut self) -> Document {
        let mut doc = std::mem::take(&mut self.doc);
        doc.clear();
        doc
    }

    fn finish(&mut self, mut doc: Document) {
        if !doc.tags.is_empty() {
            let tags = std::mem::take(&mut doc.tags);
            doc.put_with("", "tags", |out| {
                out.push(b'[');
                for (i, tag) in tags.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_escaped(out, tag);
                }
                out.push(b']');
            });
            // A conflict over `tags` itself is tagged, as the tree did, after the tags are
            // written.
            doc.tags = tags;
        }
        doc.write(&mut self.out);
        self.out.push(b'\n');
        self.doc = doc;
    }
}

/// The fields every document carries, whatever happened to the line.
fn common(doc: &mut Document, location: Location<'_>) {
    doc.put_str("event.module", MODULE);
    doc.put_str("event.dataset", DATASET);
    doc.put_str("observer.vendor", "Cisco");
    doc.put_str("observer.type", "firewall");
    if let Some(file) = location.file {
        doc.put_str("log.file.path", file);
    }
}

/// The IKE session context at its ECS names, or under `cisco.ftd.context.` when a field of
/// the message already fills that name (the message's own value is the more specific one).
fn ike_context(doc: &mut Document, context: &IkeContext<'_>, names: &[(String, String)]) {
    let place = |key: &'static str, ecs: &'static str| {
        if names.iter().any(|(_, name)| name == ecs) {
            (ftd_catalog::ecs::CONTEXT_PREFIX, key)
        } else {
            ("", ecs)
        }
    };
    if let Some(group) = &context.group {
        let (prefix, name) = place("group", "group.name");
        doc.put_with(prefix, name, |out| write_escaped(out, group));
    }
    if let Some(username) = &context.username {
        let (prefix, name) = place("username", "user.name");
        doc.put_with(prefix, name, |out| write_escaped(out, username));
    }
    if let Some(ip) = context.ip {
        let (prefix, name) = place("ip", "source.ip");
        doc.put_with(prefix, name, |out| write_ip(out, ip));
    }
}

/// The ECS name of catalog field `field`: its `ecs:` name, or the name under `cisco.ftd.` when
/// it has none.
fn field_name<'n>(names: &'n [(String, String)], field: &'n str) -> FieldName<'n> {
    match names.iter().find(|(name, _)| name == field) {
        Some((_, ecs)) => FieldName("", ecs),
        None => FieldName(ftd_catalog::ecs::VENDOR_PREFIX, field),
    }
}

/// A dotted name as a prefix and the rest, so that names under `cisco.ftd.` need no string
/// built per line.
#[derive(Debug, Clone, Copy)]
struct FieldName<'n>(&'static str, &'n str);

impl<'n> From<&'n str> for FieldName<'n> {
    fn from(name: &'n str) -> Self {
        FieldName("", name)
    }
}

/// The name under `cisco.ftd.` of a field without an `ecs:` key.
fn vendor_name(field: &str) -> String {
    format!("{}{field}", ftd_catalog::ecs::VENDOR_PREFIX)
}

/// `2026-11-26T14:03:11.250Z`: the timestamp in ISO 8601, its fraction as sent; see the
/// module comment for the zone and year rules.
#[cfg(test)]
fn iso8601(timestamp: &Timestamp, now: &Timestamp) -> String {
    let mut text = Vec::with_capacity(32);
    write_iso8601(&mut text, timestamp, now);
    // Only ASCII digits and punctuation were written.
    String::from_utf8_lossy(&text).into_owned()
}

/// Writes [`iso8601`]'s text.
fn write_iso8601(out: &mut Vec<u8>, timestamp: &Timestamp, now: &Timestamp) {
    let year = timestamp
        .year
        .unwrap_or_else(|| inferred_year(timestamp, now));
    write_digits(out, u32::from(year), 4);
    for (separator, value) in [
        (b'-', timestamp.month),
        (b'-', timestamp.day),
        (b'T', timestamp.hour),
        (b':', timestamp.minute),
        (b':', timestamp.second),
    ] {
        out.push(separator);
        write_digits(out, u32::from(value), 2);
    }
    if timestamp.fraction_digits > 0 {
        let digits = usize::from(timestamp.fraction_digits.min(9));
        let mut fraction = Vec::with_capacity(9);
        write_digits(&mut fraction, timestamp.nanos, 9);
        out.push(b'.');
        out.extend_from_slice(&fraction[..digits.min(fraction.len())]);
    }
    match timestamp.offset_minutes {
        None | Some(0) => out.push(b'Z'),
        Some(offset) => {
            out.push(if offset < 0 { b'-' } else { b'+' });
            let offset = u32::from(offset.unsigned_abs());
            write_digits(out, offset / 60, 2);
            out.push(b':');
            write_digits(out, offset % 60, 2);
        }
    }
}

/// Writes `value` in decimal, zero-padded to at least `width` digits.
fn write_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value).as_bytes();
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits);
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

/// Writes an address as a JSON string.
fn write_ip(out: &mut Vec<u8>, ip: IpAddr) {
    out.push(b'"');
    super::json::write_ip_text(out, ip);
    out.push(b'"');
}

/// A document being written: its fields as dotted names with their values in JSON, and the
/// tags to add at the end. A name already filled, or one that passes through a value (or is
/// passed through by one), keeps what it has and tags the document: a document never holds
/// two values at one name.
#[derive(Debug, Default, Clone)]
struct Document {
    /// The names of the fields, one after another.
    names: String,
    /// Their values in JSON, one after another.
    values: Vec<u8>,
    /// Each field's sort key (see [`sort_key`]), name and value, as ranges of the above.
    fields: Vec<(u64, Range<usize>, Range<usize>)>,
    tags: Vec<&'static str>,
    /// Whether names are checked for clashes: not while the writer puts its own names, which
    /// are distinct, before any field of the message.
    checked: bool,
    /// For values written through `Display`.
    scratch: String,
}

impl Document {
    fn clear(&mut self) {
        self.names.clear();
        self.values.clear();
        self.fields.clear();
        self.tags.clear();
        self.checked = false;
    }

    /// From here on names come from the catalog and the line, and may clash.
    fn check_names(&mut self) {
        self.checked = true;
    }

    /// Puts the value `write` writes at `prefix` + `name`, unless that name clashes with a
    /// field already put.
    fn put_with(&mut self, prefix: &str, name: &str, write: impl FnOnce(&mut Vec<u8>)) {
        let start = self.names.len();
        self.names.push_str(prefix);
        self.names.push_str(name);
        let full = &self.names[start..];
        let clash = |(_, other, _): &(u64, Range<usize>, Range<usize>)| {
            clashes(full, &self.names[other.clone()])
        };
        debug_assert!(
            self.checked || !self.fields.iter().any(clash),
            "the writer's own name {full} clashes"
        );
        if self.checked && self.fields.iter().any(clash) {
            self.names.truncate(start);
            self.tags.push(TAG_FIELD_CONFLICT);
            return;
        }
        let key = sort_key(full);
        let value_start = self.values.len();
        write(&mut self.values);
        self.fields
            .push((key, start..self.names.len(), value_start..self.values.len()));
    }

    fn put_str<'n>(&mut self, name: impl Into<FieldName<'n>>, value: &str) {
        let FieldName(prefix, name) = name.into();
        self.put_with(prefix, name, |out| write_escaped(out, value));
    }

    fn put_uint<'n>(&mut self, name: impl Into<FieldName<'n>>, value: u64) {
        let FieldName(prefix, name) = name.into();
        self.put_with(prefix, name, |out| {
            out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes())
        });
    }

    fn put_int<'n>(&mut self, name: impl Into<FieldName<'n>>, value: i64) {
        let FieldName(prefix, name) = name.into();
        self.put_with(prefix, name, |out| {
            out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes())
        });
    }

    fn put_bool<'n>(&mut self, name: impl Into<FieldName<'n>>, value: bool) {
        let FieldName(prefix, name) = name.into();
        self.put_with(prefix, name, |out| {
            out.extend_from_slice(if value { b"true" } else { b"false" })
        });
    }

    /// Puts a message id as a string, as ECS's `event.code` is.
    fn put_id(&mut self, name: &str, id: u32) {
        self.put_with("", name, |out| {
            out.push(b'"');
            out.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
            out.push(b'"');
        });
    }

    fn put_ip<'n>(&mut self, name: impl Into<FieldName<'n>>, ip: IpAddr) {
        let FieldName(prefix, name) = name.into();
        self.put_with(prefix, name, |out| write_ip(out, ip));
    }

    /// Puts a value's `Display` text as a string.
    fn put_display<'n>(&mut self, name: impl Into<FieldName<'n>>, value: impl fmt::Display) {
        let FieldName(prefix, name) = name.into();
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        // Writing into a String only fails if `Display` itself does, which ours never do.
        let _ = write!(text, "{value}");
        self.put_with(prefix, name, |out| write_escaped(out, &text));
        self.scratch = text;
    }

    /// Puts a value already in JSON.
    fn put_json(&mut self, name: &str, json: &[u8]) {
        self.put_with("", name, |out| out.extend_from_slice(json));
    }

    /// Writes the document: nested objects, keys sorted as serde_json's maps sort them.
    fn write(&mut self, out: &mut Vec<u8>) {
        let names = &self.names;
        self.fields
            .sort_unstable_by(|(a_key, a, _), (b_key, b, _)| {
                a_key
                    .cmp(b_key)
                    .then_with(|| by_parts(&names[a.clone()], &names[b.clone()]))
            });
        out.push(b'{');
        // The objects open around the field written last: its name up to `open`.
        let mut open = "";
        let mut after_value = false;
        for (_, name, value) in &self.fields {
            let name = &names[name.clone()];
            let (parents, key) = match name.bytes().rposition(|b| b == b'.') {
                Some(dot) => (&name[..dot], &name[dot + 1..]),
                None => ("", name),
            };
            let shared = shared_parents(open, parents);
            if shared < open.len() {
                for _ in 0..parts(&open[shared..]) {
                    out.push(b'}');
                }
                after_value = true;
            }
            let mut rest = parents[shared..].trim_start_matches('.');
            while !rest.is_empty() {
                let (part, next) =
                    rest.split_at(rest.bytes().position(|b| b == b'.').unwrap_or(rest.len()));
                if after_value {
                    out.push(b',');
                }
                write_key(out, part);
                out.push(b'{');
                after_value = false;
                rest = next.trim_start_matches('.');
            }
            if after_value {
                out.push(b',');
            }
            write_key(out, key);
            out.extend_from_slice(&self.values[value.clone()]);
            after_value = true;
            open = parents;
        }
        for _ in 0..parts(open) {
            out.push(b'}');
        }
        out.push(b'}');
    }
}

/// How many parts a dotted name has, ignoring a dot it starts with.
fn parts(name: &str) -> usize {
    let name = name.strip_prefix('.').unwrap_or(name);
    if name.is_empty() {
        0
    } else {
        1 + name.bytes().filter(|b| *b == b'.').count()
    }
}

/// Writes `"key":`. Names are the writer's own, ECS names and catalog names, which need no
/// escaping (the catalog validator enforces their form); one that did would be escaped.
fn write_key(out: &mut Vec<u8>, key: &str) {
    if super::json::find_special(key.as_bytes()).is_some() {
        write_escaped(out, key);
    } else {
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.push(b'"');
    }
    out.push(b':');
}

/// The length of the longest run of whole parts `open` and `parents` (dotted names of
/// objects) start with, e.g. 3 (`log`) for `log.syslog` and `log.file`.
fn shared_parents(open: &str, parents: &str) -> usize {
    let (a, b) = (open.as_bytes(), parents.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let ends_part = |bytes: &[u8]| bytes.get(same).is_none_or(|b| *b == b'.');
    if ends_part(a) && ends_part(b) {
        return same;
    }
    // Back to the end of the last whole part both have.
    a[..same].iter().rposition(|b| *b == b'.').unwrap_or(0)
}

/// The first eight bytes of a dotted name as a number that orders as [`by_parts`] does (the dot
/// as the lowest byte), so that most comparisons are one: names that share those bytes are
/// then compared whole.
fn sort_key(name: &str) -> u64 {
    let mut key = [0u8; 8];
    for (slot, byte) in key.iter_mut().zip(name.bytes()) {
        *slot = if byte == b'.' { 0 } else { byte };
    }
    u64::from_be_bytes(key)
}

/// Whether two dotted names cannot both be in a document: they are equal, or one is an object
/// on the other's path.
fn clashes(a: &str, b: &str) -> bool {
    if a.as_bytes().first() != b.as_bytes().first() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.as_bytes()
        .get(short.len())
        .is_none_or(|next| *next == b'.')
        && long.starts_with(short)
}

/// Orders dotted names as nested maps with sorted keys order them: part by part, a part before
/// the longer parts it starts. That is byte order with the dot as the lowest byte.
fn by_parts(a: &str, b: &str) -> Ordering {
    let key = |byte: &u8| if *byte == b'.' { 0 } else { *byte };
    a.as_bytes()
        .iter()
        .map(key)
        .cmp(b.as_bytes().iter().map(key))
}

/// Puts a message's fields at their ECS names.
struct FieldsWriter<'d> {
    doc: &'d mut Document,
    names: &'d [(String, String)],
}

impl FieldVisitor for FieldsWriter<'_> {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.doc.put_str(field_name(self.names, field.name), value);
    }

    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.doc.put_uint(field_name(self.names, field.name), value);
    }

    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.doc.put_int(field_name(self.names, field.name), value);
    }

    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.doc.put_display(
            field_name(self.names, field.name),
            format_args!("{value:#x}"),
        );
    }

    fn hex_as_sent(&mut self, field: &'static FieldSpec, value: Hex) {
        // As in the JSON output: identifiers, written as the device does.
        self.doc
            .put_display(field_name(self.names, field.name), value);
    }

    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.doc.put_ip(field_name(self.names, field.name), value);
    }

    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.doc
            .put_display(field_name(self.names, field.name), value);
    }

    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        let FieldName(prefix, name) = field_name(self.names, field.name);
        self.doc.put_with(prefix, name, |out| {
            // The keys sorted, as everywhere in the document.
            out.extend_from_slice(b"{\"unit\":");
            write_escaped(out, &value.unit);
            out.extend_from_slice(b",\"value\":");
            out.extend_from_slice(itoa::Buffer::new().format(value.value).as_bytes());
            out.push(b'}');
        });
    }

    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        // As in the JSON output: an enum of true and false (715064) is a boolean.
        let name = field_name(self.names, field.name);
        match field.truth(value) {
            Some(truth) => self.doc.put_bool(name, truth),
            None => self.doc.put_str(name, value),
        }
    }

    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.doc.put_bool(field_name(self.names, field.name), value);
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
        doc.check_names();
        doc.put_str("source.ip", "192.0.2.1");
        doc.put_str("source.ip", "192.0.2.2");
        doc.put_uint("source.ip.x", 1);
        doc.put_uint("source", 2);
        doc.put_uint("source.port", 3);
        assert_eq!(doc.tags, [TAG_FIELD_CONFLICT; 3]);
        let mut out = Vec::new();
        doc.write(&mut out);
        assert_eq!(out, br#"{"source":{"ip":"192.0.2.1","port":3}}"#);
    }

    /// The bytes serde_json writes for the tree the fields make.
    fn as_serde_writes(fields: &[(&str, serde_json::Value)]) -> Vec<u8> {
        let mut root = serde_json::Map::new();
        for (name, value) in fields {
            let mut parts: Vec<&str> = name.split('.').collect();
            let last = parts.pop().unwrap();
            let mut object = &mut root;
            for part in parts {
                object = object
                    .entry(part.to_owned())
                    .or_insert_with(|| serde_json::Value::Object(Default::default()))
                    .as_object_mut()
                    .unwrap();
            }
            object.insert(last.to_owned(), value.clone());
        }
        serde_json::to_vec(&serde_json::Value::Object(root)).unwrap()
    }

    #[test]
    fn writes_nested_sorted_objects_as_serde_json_does() {
        let fields = [
            ("log.syslog.severity.code", serde_json::json!(6)),
            ("@timestamp", serde_json::json!("t")),
            ("log.level", serde_json::json!("informational")),
            ("log-x", serde_json::json!(true)),
            ("log.syslog.priority", serde_json::json!(166)),
            ("logs", serde_json::json!(-1)),
            ("a.b_c", serde_json::json!("x")),
            ("a.b.c", serde_json::json!("y")),
            ("a.b-c", serde_json::json!("z")),
            (
                "message",
                serde_json::json!("quote \" back \\ \u{8}\u{c}\n\u{1} \u{7f} é"),
            ),
            ("cisco.ftd.message_id", serde_json::json!("716001")),
        ];
        let mut doc = Document::default();
        doc.check_names();
        for (name, value) in &fields {
            match value {
                serde_json::Value::String(text) => doc.put_str(*name, text),
                serde_json::Value::Bool(flag) => doc.put_bool(*name, *flag),
                serde_json::Value::Number(n) if n.is_u64() => {
                    doc.put_uint(*name, n.as_u64().unwrap())
                }
                serde_json::Value::Number(n) => doc.put_int(*name, n.as_i64().unwrap()),
                _ => unreachable!(),
            }
        }
        assert!(doc.tags.is_empty());
        let mut out = Vec::new();
        doc.write(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(as_serde_writes(&fields)).unwrap()
        );
    }
}
