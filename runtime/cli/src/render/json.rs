//! The JSON line written for each input line (the schema is in `parse --help`).
//!
//! JSON is written straight into a reused byte buffer rather than built as a
//! `serde_json::Value`: this runs once per input line, and building a map of owned strings
//! per line would cost more than parsing the line does.

use std::fmt::{self, Write as _};
use std::net::IpAddr;

use ftd_syslog::{
    FieldSpec, FieldVisitor, Header, Hex, IkeContext, Loose, LooseValue, MacAddr, Message,
    ParseError, ParseErrorKind, Quantity, Record, Relay, Timestamp,
};

/// A JSON writer into a byte buffer, tracking where commas go.
#[derive(Debug, Default, Clone)]
pub struct JsonWriter {
    out: Vec<u8>,
    /// Whether the next key or element follows a value (and so needs a comma).
    after_value: bool,
    /// For values written through `Display` (addresses, timestamps), reused.
    scratch: String,
    /// The timestamp written last and its JSON: lines of a log mostly share their second with
    /// the previous line, and formatting a timestamp costs more than comparing one.
    last_timestamp: Option<(Timestamp, Vec<u8>)>,
}

impl JsonWriter {
    /// The bytes written so far.
    #[cfg(test)]
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Swaps the buffer written into with `buffer`: documents are written into the buffer
    /// of the chunk of lines they belong to, with no copy.
    pub fn swap_buffer(&mut self, buffer: &mut Vec<u8>) {
        std::mem::swap(&mut self.out, buffer);
        self.after_value = false;
    }

    /// Ends a JSON line.
    pub fn newline(&mut self) {
        self.out.push(b'\n');
        self.after_value = false;
    }

    pub fn begin_object(&mut self) {
        self.comma();
        self.out.push(b'{');
        self.after_value = false;
    }

    pub fn end_object(&mut self) {
        self.out.push(b'}');
        self.after_value = true;
    }

    pub fn begin_array(&mut self) {
        self.comma();
        self.out.push(b'[');
        self.after_value = false;
    }

    pub fn end_array(&mut self) {
        self.out.push(b']');
        self.after_value = true;
    }

    /// Writes `"key":`; the value follows. Keys are this module's names and catalog field
    /// names (snake_case, which the catalog validator enforces), so they are written without
    /// escaping: a line has a dozen keys, and scanning them showed in profiles.
    pub fn key(&mut self, key: &str) {
        debug_assert!(
            find_special(key.as_bytes()).is_none(),
            "key {key:?} needs escaping"
        );
        self.comma();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.after_value = false;
    }

    pub fn string(&mut self, value: &str) {
        self.comma();
        write_escaped(&mut self.out, value);
        self.after_value = true;
    }

    /// Writes a value's `Display` text as a JSON string.
    pub fn display(&mut self, value: impl fmt::Display) {
        self.scratch.clear();
        // Writing into a String only fails if `Display` itself does, which ours never do;
        // whatever was written is still valid text.
        let _ = write!(self.scratch, "{value}");
        self.comma();
        write_escaped(&mut self.out, &self.scratch);
        self.after_value = true;
    }

    /// Writes an address as a JSON string.
    pub fn ip(&mut self, ip: IpAddr) {
        self.comma();
        self.out.push(b'"');
        write_ip_text(&mut self.out, ip);
        self.out.push(b'"');
        self.after_value = true;
    }

    /// Writes a timestamp as a JSON string (its `Display` text).
    pub fn timestamp(&mut self, timestamp: &Timestamp) {
        let cached = match &mut self.last_timestamp {
            Some((last, json)) if last == timestamp => json,
            slot => {
                self.scratch.clear();
                // As in `display`: a String takes whatever `Display` writes.
                let _ = write!(self.scratch, "{timestamp}");
                let mut json = Vec::with_capacity(self.scratch.len() + 2);
                write_escaped(&mut json, &self.scratch);
                &mut slot.insert((*timestamp, json)).1
            }
        };
        if self.after_value {
            self.out.push(b',');
        }
        self.out.extend_from_slice(cached);
        self.after_value = true;
    }

    pub fn uint(&mut self, value: u64) {
        self.comma();
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self.after_value = true;
    }

    pub fn int(&mut self, value: i64) {
        self.comma();
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self.after_value = true;
    }

    pub fn bool(&mut self, value: bool) {
        self.comma();
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        self.after_value = true;
    }

    fn comma(&mut self) {
        if self.after_value {
            self.out.push(b',');
        }
    }
}

/// Writes `text` as a JSON string as serde_json does: `"`, `\\` and control characters escaped
/// (`\b`, `\f`, `\n`, `\r`, `\t` by their short forms, the others as `\u00XX`), all other
/// characters (the input is UTF-8) as they are. The JSON and ECS writers share it.
pub(super) fn write_escaped(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(offset) = find_special(&bytes[start..]) {
        let i = start + offset;
        let byte = bytes[i];
        out.extend_from_slice(&bytes[start..i]);
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The position of the first byte JSON requires to escape (a control character, `"` or `\`),
/// a word at a time: this runs over every byte of the output, and log text rarely has any.
pub(super) fn find_special(bytes: &[u8]) -> Option<usize> {
    const WORD: usize = std::mem::size_of::<u64>();
    const fn repeat(byte: u8) -> u64 {
        u64::from_ne_bytes([byte; WORD])
    }
    /// Whether some byte of `x` is below `n` (at most 128), after the classic bit trick.
    const fn has_less(x: u64, n: u8) -> bool {
        x.wrapping_sub(repeat(n)) & !x & repeat(0x80) != 0
    }
    let is_special = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
    let mut at = 0;
    while at + WORD <= bytes.len() {
        let mut word = [0u8; WORD];
        word.copy_from_slice(&bytes[at..at + WORD]);
        let x = u64::from_ne_bytes(word);
        if has_less(x, 0x20) || has_less(x ^ repeat(b'"'), 1) || has_less(x ^ repeat(b'\\'), 1) {
            break;
        }
        at += WORD;
    }
    bytes[at..].iter().position(is_special).map(|i| at + i)
}

/// Writes an address's text, its `Display` form: IPv4 addresses, the most common values of
/// all, without the formatting machinery.
pub(super) fn write_ip_text(out: &mut Vec<u8>, ip: IpAddr) {
    match ip {
        IpAddr::V4(v4) => {
            for (i, octet) in v4.octets().iter().enumerate() {
                if i > 0 {
                    out.push(b'.');
                }
                out.extend_from_slice(itoa::Buffer::new().format(*octet).as_bytes());
            }
        }
        IpAddr::V6(v6) => {
            // Writing into a Vec cannot fail.
            let _ = std::io::Write::write_fmt(out, format_args!("{v6}"));
        }
    }
}

/// Where a line came from.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    /// The input's name, when lines carry it.
    pub file: Option<&'a str>,
    /// 1-based.
    pub line: u64,
}

impl JsonWriter {
    fn location(&mut self, location: Location<'_>) {
        if let Some(file) = location.file {
            self.key("file");
            self.string(file);
        }
        self.key("line");
        self.uint(location.line);
    }

    /// The line of a parsed record: a catalogued message, or an id outside the catalog.
    pub fn record(&mut self, location: Location<'_>, record: &Record<'_>) {
        self.begin_object();
        self.location(location);
        self.key("match");
        self.string(match record.message {
            Message::Unknown { .. } => "unknown",
            _ => "exact",
        });
        self.key("id");
        self.uint(u64::from(record.header.id));
        match &record.message {
            Message::Unknown { text, .. } => {
                self.key("unknown");
                self.bool(true);
                self.key("severity");
                self.uint(u64::from(record.header.severity));
                self.header(&record.header);
                self.context(record.context.as_ref());
                self.key("text");
                self.string(text);
            }
            message => {
                if let Some(name) = message.name() {
                    self.key("name");
                    self.string(name);
                }
                self.key("severity");
                self.uint(u64::from(record.header.severity));
                if let Some(catalog) = record
                    .catalog_severity()
                    .filter(|c| *c != record.header.severity)
                {
                    self.key("catalog_severity");
                    self.uint(u64::from(catalog));
                }
                self.header(&record.header);
                self.context(record.context.as_ref());
                self.key("fields");
                self.begin_object();
                message.visit_fields(&mut FieldsWriter(self));
                self.end_object();
            }
        }
        self.end_object();
        self.newline();
    }

    /// The line of a catalogued message whose body matched none of its templates: the fields
    /// that could be read, those whose text is not of their type, and the mismatch.
    pub fn loose(&mut self, location: Location<'_>, record: &Record<'_, Loose<'_>>, text: &str) {
        let loose = &record.message;
        self.begin_object();
        self.location(location);
        self.key("match");
        self.string("loose");
        self.key("id");
        self.uint(u64::from(loose.id));
        self.key("name");
        self.string(loose.info.name);
        self.key("severity");
        self.uint(u64::from(record.header.severity));
        self.header(&record.header);
        self.context(record.context.as_ref());
        self.key("fields");
        self.begin_object();
        for (name, value) in &loose.fields {
            if !matches!(value, LooseValue::Unconverted { .. }) {
                self.key(name);
                self.loose_value(value);
            }
        }
        self.end_object();
        if loose
            .fields
            .iter()
            .any(|(_, v)| matches!(v, LooseValue::Unconverted { .. }))
        {
            self.key("unconverted");
            self.begin_object();
            for (name, value) in &loose.fields {
                if let LooseValue::Unconverted { text, .. } = value {
                    self.key(name);
                    self.string(text);
                }
            }
            self.end_object();
        }
        let mismatch = &loose.mismatch;
        self.key("mismatch");
        self.begin_object();
        self.key("template");
        self.uint(mismatch.template as u64);
        self.key("template_text");
        self.string(mismatch.template_text);
        self.key("span");
        self.begin_array();
        self.uint(mismatch.span.start as u64);
        self.uint(mismatch.span.end as u64);
        self.end_array();
        self.key("found");
        self.string(text.get(mismatch.span.clone()).unwrap_or_default());
        self.key("expected");
        self.string(&mismatch.expected);
        if let Some(field) = mismatch.field {
            self.key("field");
            self.string(field);
        }
        self.end_object();
        self.key("text");
        self.string(text);
        self.end_object();
        self.newline();
    }

    /// A loose field's value, written as an exact record writes a value of its type.
    fn loose_value(&mut self, value: &LooseValue<'_>) {
        match value {
            LooseValue::Text(text) | LooseValue::Enum { value: text, .. } => self.string(text),
            LooseValue::Unconverted { text, .. } => self.string(text),
            LooseValue::Uint(n) => self.uint(*n),
            LooseValue::Int(n) => self.int(*n),
            LooseValue::Hex(n) => self.display(format_args!("{n}")),
            LooseValue::Ip(ip) => self.ip(*ip),
            LooseValue::Mac(mac) => self.display(mac),
            LooseValue::Quantity(q) => {
                self.begin_object();
                self.key("value");
                self.uint(q.value);
                self.key("unit");
                self.string(&q.unit);
                self.end_object();
            }
            LooseValue::Flag(present) => self.bool(*present),
        }
    }

    fn header(&mut self, header: &Header<'_>) {
        self.key("header");
        self.begin_object();
        if let Some(priority) = header.priority {
            self.key("priority");
            self.uint(u64::from(priority));
        }
        if let Some(facility) = header.facility() {
            self.key("facility");
            self.uint(u64::from(facility));
        }
        if let Some(timestamp) = &header.timestamp {
            self.key("timestamp");
            self.timestamp(timestamp);
        }
        if let Some(device_id) = header.device_id {
            self.key("device_id");
            self.string(device_id);
        }
        self.key("tag");
        self.string(header.tag.as_str());
        if let Some(class) = header.class {
            self.key("class");
            self.string(class);
        }
        if let Some(rfc5424) = &header.rfc5424 {
            self.key("rfc5424");
            self.begin_object();
            for (key, value) in [
                ("app_name", rfc5424.app_name),
                ("proc_id", rfc5424.proc_id),
                ("msg_id", rfc5424.msg_id),
                ("structured_data", rfc5424.structured_data),
            ] {
                if let Some(value) = value {
                    self.key(key);
                    self.string(value);
                }
            }
            self.end_object();
        }
        if let Some(relay) = &header.relay {
            self.relay(relay);
        }
        self.end_object();
    }

    /// The header a relay wrote before the device's.
    fn relay(&mut self, relay: &Relay<'_>) {
        self.key("relay");
        self.begin_object();
        if let Some(priority) = relay.priority {
            self.key("priority");
            self.uint(u64::from(priority));
            self.key("facility");
            self.uint(u64::from(priority / 8));
        }
        if let Some(timestamp) = &relay.timestamp {
            self.key("timestamp");
            self.timestamp(timestamp);
        }
        self.key("host");
        self.string(relay.host);
        self.end_object();
    }

    fn context(&mut self, context: Option<&IkeContext<'_>>) {
        let Some(context) = context else { return };
        self.key("context");
        self.begin_object();
        if let Some(group) = &context.group {
            self.key("group");
            self.string(group);
        }
        if let Some(username) = &context.username {
            self.key("username");
            self.string(username);
        }
        if let Some(ip) = context.ip {
            self.key("ip");
            self.ip(ip);
        }
        self.end_object();
    }

    /// The line of a line that could not be parsed. `text` is the line (lossily decoded when it
    /// is not UTF-8); `None` when it was not kept (too long).
    pub fn failure(&mut self, location: Location<'_>, error: &ParseError, text: Option<&str>) {
        self.begin_object();
        self.location(location);
        self.key("error");
        self.begin_object();
        self.key("kind");
        self.string(kind_name(error.kind()));
        self.key("message");
        self.display(error.kind());
        self.key("span");
        self.begin_array();
        self.uint(error.span().start as u64);
        self.uint(error.span().end as u64);
        self.end_array();
        if let Some(id) = error.id() {
            self.key("id");
            self.uint(u64::from(id));
        }
        self.error_details(error.kind());
        self.end_object();
        if let Some(text) = text {
            self.key("text");
            self.string(text);
        }
        self.end_object();
        self.newline();
    }

    /// The parts of an error kind, as separate keys, for programs that act on them.
    fn error_details(&mut self, kind: &ParseErrorKind) {
        match kind {
            ParseErrorKind::Literal { expected } | ParseErrorKind::Truncated { expected } => {
                self.key("expected");
                self.string(expected);
            }
            ParseErrorKind::Field { field, expected } => {
                self.key("field");
                self.string(field);
                self.key("expected");
                self.string(expected);
            }
            ParseErrorKind::OutOfRange { field, ty } => {
                self.key("field");
                self.string(field);
                self.key("type");
                self.string(ty);
            }
            ParseErrorKind::TooLong { limit } => {
                self.key("limit");
                self.uint(*limit as u64);
            }
            _ => {}
        }
    }
}

/// The name of an error kind in JSON and statistics: the variant's name.
pub fn kind_name(kind: &ParseErrorKind) -> &'static str {
    match kind {
        ParseErrorKind::Empty => "Empty",
        ParseErrorKind::Priority => "Priority",
        ParseErrorKind::Timestamp => "Timestamp",
        ParseErrorKind::Rfc5424 => "Rfc5424",
        ParseErrorKind::MissingTag => "MissingTag",
        ParseErrorKind::Severity => "Severity",
        ParseErrorKind::MessageId => "MessageId",
        ParseErrorKind::Context => "Context",
        ParseErrorKind::Literal { .. } => "Literal",
        ParseErrorKind::Truncated { .. } => "Truncated",
        ParseErrorKind::Field { .. } => "Field",
        ParseErrorKind::OutOfRange { .. } => "OutOfRange",
        ParseErrorKind::Trailing => "Trailing",
        ParseErrorKind::UnclosedBracket => "UnclosedBracket",
        ParseErrorKind::UnknownId => "UnknownId",
        ParseErrorKind::InvalidUtf8 => "InvalidUtf8",
        ParseErrorKind::TooLong { .. } => "TooLong",
        // A kind added to the library after this was written.
        _ => "Other",
    }
}

/// Writes a message's fields as the members of the open `fields` object.
struct FieldsWriter<'w>(&'w mut JsonWriter);

impl FieldVisitor for FieldsWriter<'_> {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.0.key(field.name);
        self.0.string(value);
    }

    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.0.key(field.name);
        self.0.uint(value);
    }

    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.0.key(field.name);
        self.0.int(value);
    }

    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        // A string as the device writes it: these are identifiers (SPIs, handles, memory
        // addresses) that readers compare with logs and that often exceed 2^53, beyond which
        // many JSON readers round numbers.
        self.0.key(field.name);
        self.0.display(format_args!("{value:#x}"));
    }

    fn hex_as_sent(&mut self, field: &'static FieldSpec, value: Hex) {
        // As sent (`0X00FF` stays so): the text is what readers search logs for.
        self.0.key(field.name);
        self.0.display(value);
    }

    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.0.key(field.name);
        self.0.ip(value);
    }

    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.0.key(field.name);
        self.0.display(value);
    }

    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.0.key(field.name);
        self.0.begin_object();
        self.0.key("value");
        self.0.uint(value.value);
        self.0.key("unit");
        self.0.string(&value.unit);
        self.0.end_object();
    }

    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        self.0.key(field.name);
        match field.truth(value) {
            Some(truth) => self.0.bool(truth),
            None => self.0.string(value),
        }
    }

    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.0.key(field.name);
        self.0.bool(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        write_escaped(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_what_json_requires() {
        assert_eq!(escaped("plain"), r#""plain""#);
        assert_eq!(escaped("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(escaped("\n\r\t\u{1}\u{1f}"), r#""\n\r\t\u0001\u001f""#);
        assert_eq!(escaped("\u{8}\u{c}"), r#""\b\f""#);
        assert_eq!(escaped("été ✓"), "\"été ✓\"");
        for text in ["", "\"", "x\u{7f}\u{0}y", "ümlaut\\"] {
            let back: String = serde_json::from_str(&escaped(text)).unwrap();
            assert_eq!(back, text);
        }
    }

    #[test]
    fn finds_every_special_byte_anywhere() {
        for special in (0u8..0x20).chain([b'"', b'\\']) {
            for len in 1..24 {
                for at in 0..len {
                    let mut bytes = vec![0xc3; len];
                    bytes[at] = special;
                    assert_eq!(
                        find_special(&bytes),
                        Some(at),
                        "{special:#x} at {at} of {len}"
                    );
                }
            }
        }
        let ordinary: Vec<u8> = (0x20u8..=0xff)
            .filter(|b| *b != b'"' && *b != b'\\')
            .collect();
        assert_eq!(find_special(&ordinary), None);
    }

    #[test]
    fn writes_quantities_as_objects() {
        // The bundled catalog has no quantity field; catalogs of one's own may.
        static SPEC: FieldSpec = FieldSpec {
            message: 990003,
            name: "duration",
            kind: ftd_syslog::FieldKind::Quantity,
            type_name: "quantity",
            bracketed: false,
            optional: false,
            values: &[],
            open: false,
            ignore_case: false,
            word: "",
            delimiters: &[],
            guide_name: "",
            description: "",
            description_en: "",
            value_kind: ftd_syslog::ValueKind::Unspecified,
        };
        let mut json = JsonWriter::default();
        json.begin_object();
        let duration = Quantity {
            value: 90,
            unit: "s".into(),
        };
        FieldsWriter(&mut json).quantity(&SPEC, &duration);
        json.end_object();
        assert_eq!(json.bytes(), br#"{"duration":{"value":90,"unit":"s"}}"#);
    }

    #[test]
    fn writes_a_known_line() {
        let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.";
        let record = ftd_syslog::parse_line(line).unwrap();
        let mut json = JsonWriter::default();
        json.record(
            Location {
                file: None,
                line: 3,
            },
            &record,
        );
        let text = std::str::from_utf8(json.bytes()).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"line":3,"match":"exact","id":716001,"name":"webvpn_session_started","severity":6,"#,
                r#""header":{"priority":166,"facility":20,"timestamp":"Nov 26 2026 14:03:11","device_id":"fw1","tag":"FTD"},"#,
                r#""fields":{"group":"vpn-ra","user":"alice","ip":"192.0.2.7"}}"#,
                "\n"
            )
        );
    }
}
