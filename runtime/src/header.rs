//! Syslog framing: the header before the message body, in the forms FTD and ASA devices and
//! relays produce, read and written.
//!
//! Read forms (any combination that occurs in the field):
//! - no header: `%FTD-6-716001: ...`;
//! - a priority: `<166>...` (facility local4 = 20, severity 6);
//! - RFC 3164 style: `Nov 26 2026 14:03:11` or `Nov 26 14:03:11` (day zero- or space-padded),
//!   optionally with fractional seconds, or an ISO 8601 timestamp (`logging timestamp rfc5424`);
//!   then a device id (hostname, address or free string, possibly with parentheses) followed by
//!   ` : ` or `:`;
//! - RFC 5424: `<166>1 2026-11-26T14:03:11.123Z fw1 - - - - %FTD-6-716001: ...`;
//! - the tag `%FTD-`, `%ASA-` or `%PIX-` (PIX 7.x), an optional class segment (`%ASA-auth-6-113004`), the severity,
//!   the six-digit id and `:`.

use core::fmt::{self, Write};

use crate::__private::write::{const_text, fixed_width_table, three_digits_each};
use crate::error::{ParseError, ParseErrorKind};
use crate::words::{at_least_flags, eight_digits_value, equal_flags, host_end, load8, ONES};

/// The default facility of FTD/ASA syslog: local4.
pub const FACILITY_LOCAL4: u8 = 20;

/// The product tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tag {
    /// `%FTD-`: Secure Firewall Threat Defense.
    #[default]
    Ftd,
    /// `%ASA-`: Adaptive Security Appliance.
    Asa,
    /// `%PIX-`: PIX Security Appliance 7.x, which prints the same messages (read only; kept
    /// so that a record says which tag was sent).
    Pix,
}

impl Tag {
    /// The tag as written, without `%` and `-`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Ftd => "FTD",
            Tag::Asa => "ASA",
            Tag::Pix => "PIX",
        }
    }

    /// The tag's place in tables laid out per tag (`TAGS`), and in a style's bits.
    const fn index(self) -> usize {
        match self {
            Tag::Ftd => 0,
            Tag::Asa => 1,
            Tag::Pix => 2,
        }
    }
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimestampFormat {
    /// `Nov 26 2026 14:03:11` (with a year) or `Nov 26 14:03:11` (without).
    #[default]
    Legacy,
    /// ISO 8601 / RFC 5424: `2026-11-26T14:03:11Z`.
    Iso,
}

/// A timestamp as sent: civil date and time, optional year, fraction and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Timestamp {
    /// The year, when sent.
    pub year: Option<u16>,
    /// 1-12.
    pub month: u8,
    /// 1-31.
    pub day: u8,
    /// 0-23.
    pub hour: u8,
    /// 0-59.
    pub minute: u8,
    /// 0-60.
    pub second: u8,
    /// The fraction of a second, in nanoseconds.
    pub nanos: u32,
    /// How many fraction digits were sent (0 when none).
    pub fraction_digits: u8,
    /// The UTC offset in minutes (ISO timestamps; `Z` is 0).
    pub offset_minutes: Option<i16>,
    /// How the offset was written (`Z`, `+00:00`...), so that it is written back as sent.
    pub offset_form: OffsetForm,
    /// How it is written.
    pub format: TimestampFormat,
}

/// How an ISO timestamp writes its UTC offset: a zero offset may be sent as `Z`, `+00:00` or
/// `-00:00`, which readers may tell apart, so it is kept as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OffsetForm {
    /// `Z` for a zero offset (`+hh:mm`/`-hh:mm` for any other).
    #[default]
    Z,
    /// `+hh:mm` or `-hh:mm`, also for a zero offset (`+00:00`).
    Numeric,
    /// `-00:00`: UTC, the local offset unknown (RFC 3339 §4.3).
    UnknownLocal,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    /// The UTC time `unix_seconds` (plus `nanos`) since 1970, in the given format, with a year.
    pub fn from_unix(
        unix_seconds: i64,
        nanos: u32,
        fraction_digits: u8,
        format: TimestampFormat,
    ) -> Self {
        let days = unix_seconds.div_euclid(86_400);
        let secs = unix_seconds.rem_euclid(86_400);
        // Civil-from-days (proleptic Gregorian), after H. Hinnant's published algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Timestamp {
            year: Some(year),
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs / 60 % 60) as u8,
            second: (secs % 60) as u8,
            nanos: if fraction_digits == 0 {
                0
            } else {
                truncate_nanos(nanos, fraction_digits)
            },
            fraction_digits: fraction_digits.min(9),
            offset_minutes: (format == TimestampFormat::Iso).then_some(0),
            offset_form: OffsetForm::Z,
            format,
        }
    }

    /// Every field packed into two words, each in bits of its own: equal keys are equal
    /// timestamps. Header caches compare keys, without a branch per field.
    pub(crate) fn key(&self) -> [u64; 2] {
        let year = self.year.map_or(0, |y| u64::from(y) | 1 << 16);
        let offset = self
            .offset_minutes
            .map_or(0, |m| u64::from(m as u16) | 1 << 16);
        [
            year | u64::from(self.month) << 17
                | u64::from(self.day) << 25
                | u64::from(self.hour) << 33
                | u64::from(self.minute) << 41
                | u64::from(self.second) << 49,
            u64::from(self.nanos)
                | u64::from(self.fraction_digits) << 32
                | offset << 40
                | (self.offset_form as u64) << 57
                | (self.format as u64) << 60,
        ]
    }

    /// Drops the year (the classic RFC 3164 form).
    pub fn without_year(mut self) -> Self {
        self.year = None;
        self
    }
}

fn truncate_nanos(nanos: u32, digits: u8) -> u32 {
    let scale = 10u32.pow(9 - u32::from(digits.min(9)));
    nanos / scale * scale
}

impl Timestamp {
    /// Writes the timestamp; the same text as `Display`, without the formatting machinery
    /// (emitting is on the hot path of simulators).
    pub fn write_to<W: Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let two = |n: u8| TWO_DIGITS[usize::from(n.min(99))];
        match self.format {
            TimestampFormat::Legacy => {
                out.write_str(MONTHS[usize::from(self.month.clamp(1, 12) - 1)])?;
                out.write_char(' ')?;
                match self.year {
                    Some(year) => {
                        out.write_str(two(self.day))?;
                        out.write_char(' ')?;
                        write_year(out, year)?;
                    }
                    None if self.day < 10 => {
                        out.write_char(' ')?;
                        out.write_char(char::from(b'0' + self.day))?;
                    }
                    None => out.write_str(two(self.day))?,
                }
                out.write_char(' ')?;
            }
            TimestampFormat::Iso => {
                write_year(out, self.year.unwrap_or(1970))?;
                out.write_char('-')?;
                out.write_str(two(self.month))?;
                out.write_char('-')?;
                out.write_str(two(self.day))?;
                out.write_char('T')?;
            }
        }
        out.write_str(two(self.hour))?;
        out.write_char(':')?;
        out.write_str(two(self.minute))?;
        out.write_char(':')?;
        out.write_str(two(self.second))?;
        if self.fraction_digits > 0 {
            let digits = usize::from(self.fraction_digits.min(9));
            let mut value = self.nanos / 10u32.pow(9 - digits as u32);
            let mut fraction = [b'0'; 9];
            for slot in fraction[..digits].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
            out.write_char('.')?;
            out.write_str(core::str::from_utf8(&fraction[..digits]).map_err(|_| fmt::Error)?)?;
        }
        if self.format == TimestampFormat::Iso {
            match (self.offset_minutes, self.offset_form) {
                (_, OffsetForm::UnknownLocal) => out.write_str("-00:00")?,
                (None, _) | (Some(0), OffsetForm::Z) => out.write_char('Z')?,
                (Some(offset), _) => {
                    out.write_char(if offset < 0 { '-' } else { '+' })?;
                    let offset = offset.unsigned_abs();
                    out.write_str(two((offset / 60).min(99) as u8))?;
                    out.write_char(':')?;
                    out.write_str(two((offset % 60) as u8))?;
                }
            }
        }
        Ok(())
    }
}

/// "00" to "99", for writing timestamps without the formatting machinery.
const TWO_DIGITS: [&str; 100] = {
    const DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    fixed_width_table(DIGITS, 2, false)
};

fn write_year<W: Write + ?Sized>(out: &mut W, year: u16) -> fmt::Result {
    out.write_str(TWO_DIGITS[usize::from(year / 100 % 100)])?;
    out.write_str(TWO_DIGITS[usize::from(year % 100)])
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// The RFC 5424 fields between the hostname and the message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Rfc5424Fields<'a> {
    /// APP-NAME (`-` when absent).
    pub app_name: Option<&'a str>,
    /// PROCID.
    pub proc_id: Option<&'a str>,
    /// MSGID.
    pub msg_id: Option<&'a str>,
    /// STRUCTURED-DATA as sent (`None` for `-`).
    pub structured_data: Option<&'a str>,
}

/// The header a relay (rsyslog...) put before the device's own, on a line that carries both:
/// `<PRI>ts relay <PRI>ts fw1 : %FTD-...` or `<PRI>ts relay ts fw1 : %FTD-...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relay<'a> {
    /// The relay's `<PRI>` value, when sent.
    pub priority: Option<u8>,
    /// The relay's timestamp, when sent.
    pub timestamp: Option<Timestamp>,
    /// The relay's host name.
    pub host: &'a str,
}

/// Everything before the message body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Header<'a> {
    /// The `<PRI>` value (facility * 8 + severity), when sent.
    pub priority: Option<u8>,
    /// The timestamp, when sent.
    pub timestamp: Option<Timestamp>,
    /// The device id (hostname, address or configured string), when sent.
    pub device_id: Option<&'a str>,
    /// The RFC 5424 fields, for RFC 5424 lines.
    pub rfc5424: Option<Rfc5424Fields<'a>>,
    /// `%FTD-` or `%ASA-`.
    pub tag: Tag,
    /// A class segment (`auth` in `%ASA-auth-6-113004`).
    pub class: Option<&'a str>,
    /// The severity in the tag.
    pub severity: u8,
    /// The message id.
    pub id: u32,
    /// The relay's header, when a relay wrote one before the device's (the fields above are
    /// the device's).
    pub relay: Option<Relay<'a>>,
}

impl Header<'_> {
    /// The facility from the priority, when sent.
    pub fn facility(&self) -> Option<u8> {
        self.priority.map(|p| p / 8)
    }
}

/// Reads the header of a line; returns it and the byte offset where the body starts.
#[inline]
pub fn parse_header(line: &str) -> Result<(Header<'_>, usize), ParseError> {
    // The parts come back, not the header: the header is then built where it is returned,
    // with no copy of it through an `Option`.
    match common_parts(line) {
        Some((priority, parts)) => header_at_tag(line, priority, parts),
        None => any_header(line),
    }
}

/// The headers devices send most (`[<PRI>]Mmm dd [yyyy ]HH:MM:SS[.fff] [HOST[ ]:] %FTD-...`,
/// `[<PRI>]%FTD-...` and RFC 5424 without structured data): the priority and the parts
/// before the tag, read in one pass, with the result [`any_header`] gives once the tag is
/// read; `None` for any other shape, which `any_header` then reads. Such a line is never a relay's: after the
/// host comes `:` or the tag, and a relayed device header starts with `<` or a timestamp.
#[inline]
fn common_parts(line: &str) -> Option<(Option<u8>, HeaderParts<'_>)> {
    let bytes = line.as_bytes();
    let mut pos = 0;
    let mut priority = None;
    if bytes.first() == Some(&b'<') {
        let digits = bytes[1..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let value = decimal(&bytes[1..1 + digits]);
        if !(1..=3).contains(&digits) || value > 191 || bytes.get(1 + digits) != Some(&b'>') {
            return None;
        }
        priority = Some(value as u8);
        pos = digits + 2;
        if bytes[pos..].starts_with(b"1 ") {
            return Some((priority, plain_rfc5424(line, pos + 2)?));
        }
    }
    let mut timestamp = None;
    let mut device_id = None;
    let mut tag_at = pos;
    if bytes.get(pos).is_some_and(u8::is_ascii_uppercase) {
        let (read, len) = parse_legacy_timestamp(&line[pos..])?;
        timestamp = Some(read);
        let after = pos + len;
        if bytes.get(after) != Some(&b' ') {
            return None;
        }
        let host_len = host_end(&bytes[after + 1..]);
        let host = &line[after + 1..after + 1 + host_len];
        let rest = &bytes[after + 1 + host_len..];
        tag_at = after + 1 + host_len;
        match (host.strip_suffix(':'), rest) {
            // No host: the tag follows the timestamp.
            _ if host.is_empty() => {}
            (Some(id), [b' ', ..]) if !id.is_empty() && !id.ends_with(':') => {
                device_id = Some(id);
                tag_at += 1;
            }
            (None, [b' ', b':', b' ', ..]) => {
                device_id = Some(host);
                tag_at += 3;
            }
            (None, [b' ', ..]) => {
                device_id = Some(host);
                tag_at += 1;
            }
            _ => return None,
        }
    }
    let tail = bytes.get(tag_at + 1..)?;
    if bytes[tag_at] != b'%' || tag_named(tail).is_none() {
        return None;
    }
    let parts = HeaderParts {
        timestamp,
        device_id,
        rfc5424: None,
        tag_at,
    };
    Some((priority, parts))
}

/// An RFC 5424 header from `pos` (after `<PRI>1 `) as devices send it: a timestamp or `-`,
/// four fields without `%`, no structured data (`-`) and the tag. `None` for anything else
/// (structured data, a byte order mark, a malformed field), which [`any_header`] reads.
fn plain_rfc5424(line: &str, pos: usize) -> Option<HeaderParts<'_>> {
    let bytes = line.as_bytes();
    // Devices send no APP-NAME, PROCID, MSGID or structured data: after the host, one word
    // tells, and the three fields are not looked for one by one.
    let [stamp_end, host_end] = field_ends(bytes, pos)?;
    if load8(bytes, host_end + 1) != Some(u64::from_le_bytes(*b"- - - - ")) {
        return general_rfc5424(line, pos);
    }
    let tag_at = host_end + 9;
    let tagged = bytes.get(tag_at) == Some(&b'%') && tag_named(&bytes[tag_at + 1..]).is_some();
    tagged.then_some(HeaderParts {
        timestamp: rfc5424_timestamp(&line[pos..stamp_end])?,
        device_id: nil(&line[stamp_end + 1..host_end]),
        rfc5424: Some(Rfc5424Fields {
            app_name: None,
            proc_id: None,
            msg_id: None,
            structured_data: None,
        }),
        tag_at,
    })
}

/// [`plain_rfc5424`] when a field after the host has a value.
fn general_rfc5424(line: &str, pos: usize) -> Option<HeaderParts<'_>> {
    let bytes = line.as_bytes();
    let ends: [usize; 5] = field_ends(bytes, pos)?;
    let field = |i: usize| {
        let start = if i == 0 { pos } else { ends[i - 1] + 1 };
        &line[start..ends[i]]
    };
    let at = ends[4] + 1;
    let tag_at = at + 2;
    let tail = bytes.get(at..at + 7)?;
    let tagged = tail.starts_with(b"- %") && tag_named(&tail[3..]).is_some();
    tagged.then_some(HeaderParts {
        timestamp: rfc5424_timestamp(field(0))?,
        device_id: nil(field(1)),
        rfc5424: Some(Rfc5424Fields {
            app_name: nil(field(2)),
            proc_id: nil(field(3)),
            msg_id: nil(field(4)),
            structured_data: None,
        }),
        tag_at,
    })
}

/// An RFC 5424 TIMESTAMP field: `-` (none) or an ISO timestamp; `None` when it is neither.
fn rfc5424_timestamp(stamp: &str) -> Option<Option<Timestamp>> {
    match stamp {
        "-" => Some(None),
        stamp => parse_iso(stamp).map(Some),
    }
}

/// Where the first `N` RFC 5424 fields from `pos` end: the blank after each, when each is
/// non-empty and none holds a `%` (a tag); `None` otherwise. One pass, eight bytes a step:
/// the fields run to about fifty bytes, and every flagged byte ends a field or the reading.
fn field_ends<const N: usize>(bytes: &[u8], pos: usize) -> Option<[usize; N]> {
    let mut ends = [0; N];
    let mut found = 0;
    let mut start = pos;
    let mut at = pos;
    let mut end_at = |blank: usize, found: &mut usize, start: &mut usize| {
        if blank == *start || bytes[blank] == b'%' {
            return false;
        }
        ends[*found] = blank;
        *found += 1;
        *start = blank + 1;
        true
    };
    while found < N {
        let Some(word) = load8(bytes, at) else {
            // The last few bytes, one at a time.
            let blank = at
                + bytes
                    .get(at..)?
                    .iter()
                    .position(|&b| b == b' ' || b == b'%')?;
            if !end_at(blank, &mut found, &mut start) {
                return None;
            }
            at = blank + 1;
            continue;
        };
        let mut flags = equal_flags(word, b' ') | equal_flags(word, b'%');
        while flags != 0 && found < N {
            let blank = at + (flags.trailing_zeros() / 8) as usize;
            if !end_at(blank, &mut found, &mut start) {
                return None;
            }
            flags &= flags - 1;
        }
        at += 8;
    }
    Some(ends)
}

/// The header from what precedes the tag and the tag read at `parts.tag_at`.
// Inlined so that the header is built in the caller's return place, not copied there.
#[inline(always)]
fn header_at_tag<'a>(
    line: &'a str,
    priority: Option<u8>,
    parts: HeaderParts<'a>,
) -> Result<(Header<'a>, usize), ParseError> {
    let HeaderParts {
        timestamp,
        device_id,
        rfc5424,
        tag_at,
    } = parts;
    let (tag, class, severity, id, body) = parse_tag(line, tag_at)?;
    let header = Header {
        priority,
        timestamp,
        device_id,
        rfc5424,
        tag,
        class,
        severity,
        id,
        relay: None,
    };
    Ok((header, body))
}

/// Reads a header of any shape: indented, relayed, RFC 5424, ISO timestamps, any device id.
fn any_header(line: &str) -> Result<(Header<'_>, usize), ParseError> {
    let bytes = line.as_bytes();
    // Most lines start with `<` or `%`: only others need the Unicode-aware blank check.
    let indented = !matches!(bytes.first(), Some(b'<' | b'%'));
    if indented && line.trim().is_empty() {
        return Err(ParseError::new(ParseErrorKind::Empty, 0..line.len(), None));
    }
    // A line that starts with '<' (after any indentation) starts with a priority: nothing else
    // in a header may begin so.
    let mut pos = match indented {
        true => line.len() - line.trim_start().len(),
        false => 0,
    };
    let mut priority = None;
    if bytes[pos] == b'<' {
        let start = pos;
        let digits = bytes[start + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let value = (digits <= 3)
            .then(|| decimal(&bytes[start + 1..start + 1 + digits]))
            .filter(|v| *v <= 191);
        match (value, bytes.get(start + 1 + digits)) {
            (Some(value), Some(b'>')) if digits > 0 => {
                priority = Some(value as u8);
                pos = start + digits + 2;
            }
            _ => {
                let end = (start + digits + 2).min(line.len());
                return Err(ParseError::new(ParseErrorKind::Priority, start..end, None));
            }
        }
    }
    // An RFC 5424 header is tried first. One without a timestamp (`1 - ...`) may instead be a
    // legacy device id that happens to start so (`<166>1 - - : %FTD-...`): if it does not read
    // as RFC 5424, it is read as legacy, and if that fails too, the RFC 5424 error stands.
    let parts = if priority.is_some() && starts_rfc5424(&bytes[pos..]) {
        let nil_timestamp = bytes[pos..].starts_with(b"1 - ");
        rfc5424_parts(line, pos).or_else(|error| match nil_timestamp {
            true => match legacy_before_tag(line, pos) {
                Ok(before) => legacy_parts(line, before).map_err(|_| error),
                Err(_) => Err(error),
            },
            false => Err(error),
        })?
    } else {
        let before = legacy_before_tag(line, pos)?;
        if let Some((relay, inner)) = relay_prefix(line, &before, priority) {
            return parse_relayed(line, relay, inner);
        }
        legacy_parts(line, before)?
    };
    header_at_tag(line, priority, parts)
}

/// A relay's header before the device's in the text before the tag (after the relay's
/// `<PRI>`): an optional timestamp, the relay's host, then the device's header, which starts
/// with a `<PRI>` or a timestamp. Returns the relay's part and where the device's header starts.
fn relay_prefix<'a>(
    line: &'a str,
    before: &BeforeTag,
    priority: Option<u8>,
) -> Option<(Relay<'a>, usize)> {
    // The relay's timestamp, if any, starts right after its `<PRI>`, with no indentation.
    let (timestamp, rest) = match before.timestamp {
        Some(timestamp) if before.text_start == before.pos => {
            let rest = &line[before.rest_start..before.tag_at];
            if !rest.starts_with(' ') {
                return None;
            }
            (Some(timestamp), rest)
        }
        _ => (None, &line[before.pos..before.tag_at]),
    };
    let rest = rest.trim_start_matches(' ');
    let host = &rest[..rest.bytes().position(|b| b == b' ')?];
    let device = rest[host.len()..].trim_start_matches(' ');
    let device_bytes = device.as_bytes();
    // Most lines are not relayed: a device header starts with `<` or a timestamp's first byte.
    if !device_bytes
        .first()
        .is_some_and(|b| *b == b'<' || b.is_ascii_alphanumeric())
    {
        return None;
    }
    let digits = device_bytes
        .iter()
        .skip(1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let device_priority = device.starts_with('<')
        && (1..=3).contains(&digits)
        && device_bytes.get(1 + digits) == Some(&b'>');
    // Without a relay timestamp, only a second `<PRI>` tells a relay's host from a device id.
    let relayed = device_priority || (timestamp.is_some() && leading_timestamp(device).is_some());
    let relay = Relay {
        priority,
        timestamp,
        host,
    };
    (relayed && !host.is_empty()).then_some((relay, before.tag_at - device.len()))
}

/// A timestamp at the start of `text`, legacy or ISO; returns it and its length.
fn leading_timestamp(text: &str) -> Option<(Timestamp, usize)> {
    parse_legacy_timestamp(text).or_else(|| {
        let end = text.find(' ').unwrap_or(text.len());
        parse_iso(&text[..end]).map(|ts| (ts, end))
    })
}

/// The device's header at `inner`, after a relay's: read as a line of its own (one relay is
/// read; the device's header may not itself be relayed), spans made line offsets again.
fn parse_relayed<'a>(
    line: &'a str,
    relay: Relay<'a>,
    inner: usize,
) -> Result<(Header<'a>, usize), ParseError> {
    let shift = |error: ParseError| {
        let span = error.span();
        ParseError::new(
            error.kind().clone(),
            span.start + inner..span.end + inner,
            error.id(),
        )
    };
    let (mut header, body) = parse_header(&line[inner..]).map_err(shift)?;
    if header.relay.is_some() {
        // A relay of a relay: the device id would be ambiguous; say so rather than guess.
        return Err(ParseError::new(
            ParseErrorKind::Priority,
            inner..inner + body,
            None,
        ));
    }
    header.relay = Some(relay);
    Ok((header, body + inner))
}

/// What lies between the priority and the tag.
struct HeaderParts<'a> {
    timestamp: Option<Timestamp>,
    device_id: Option<&'a str>,
    rfc5424: Option<Rfc5424Fields<'a>>,
    tag_at: usize,
}

/// `1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA ` at `pos` (after `<PRI>`).
fn rfc5424_parts(line: &str, pos: usize) -> Result<HeaderParts<'_>, ParseError> {
    let start = pos + 2;
    let (ts, next) = rfc5424_field(line, start)?;
    let timestamp = match ts {
        "-" => None,
        ts => Some(parse_iso(ts).ok_or_else(|| {
            ParseError::new(ParseErrorKind::Timestamp, start..start + ts.len(), None)
        })?),
    };
    let (host, next) = rfc5424_field(line, next)?;
    let (app, next) = rfc5424_field(line, next)?;
    let (proc_id, next) = rfc5424_field(line, next)?;
    let (msg_id, next) = rfc5424_field(line, next)?;
    // The tag follows the structured data; a header field holding one is a legacy line that
    // only starts like RFC 5424.
    if let Some(field) = [host, app, proc_id, msg_id]
        .into_iter()
        .find(|field| field.bytes().any(|b| b == b'%') && find_tag(field, 0).is_some())
    {
        let at = field.as_ptr() as usize - line.as_ptr() as usize;
        return Err(ParseError::new(
            ParseErrorKind::Rfc5424,
            at..at + field.len(),
            None,
        ));
    }
    let (sd, mut next) = structured_data(line, next)?;
    if line[next..].starts_with('\u{feff}') {
        next += '\u{feff}'.len_utf8();
    }
    if find_tag(line, next) != Some(next) {
        return Err(ParseError::new(
            ParseErrorKind::MissingTag,
            next..line.len(),
            None,
        ));
    }
    Ok(HeaderParts {
        timestamp,
        device_id: nil(host),
        rfc5424: Some(Rfc5424Fields {
            app_name: nil(app),
            proc_id: nil(proc_id),
            msg_id: nil(msg_id),
            structured_data: nil(sd),
        }),
        tag_at: next,
    })
}

/// The text between the priority and the tag of a legacy line, read once for both the relay
/// check and the device's header: where the tag is, and the timestamp it starts with.
struct BeforeTag {
    /// Where the text starts (after the priority).
    pos: usize,
    /// Where its first non-blank byte is.
    text_start: usize,
    /// The leading timestamp, legacy or ISO.
    timestamp: Option<Timestamp>,
    /// Where the text after the timestamp (or the first non-blank byte) starts.
    rest_start: usize,
    /// Where the tag starts.
    tag_at: usize,
}

/// Finds the tag from `pos` and reads the timestamp before it.
fn legacy_before_tag(line: &str, pos: usize) -> Result<BeforeTag, ParseError> {
    let tag_at = find_tag(line, pos)
        .ok_or_else(|| ParseError::new(ParseErrorKind::MissingTag, pos..line.len(), None))?;
    let before = &line[pos..tag_at];
    let trimmed = before.trim_start();
    let text_start = pos + (before.len() - trimmed.len());
    let (timestamp, len) = match leading_timestamp(trimmed) {
        Some((timestamp, len)) => (Some(timestamp), len),
        None => (None, 0),
    };
    Ok(BeforeTag {
        pos,
        text_start,
        timestamp,
        rest_start: text_start + len,
        tag_at,
    })
}

/// `[TIMESTAMP ][DEVICE-ID[ ]:] ` before the tag.
fn legacy_parts(line: &str, before: BeforeTag) -> Result<HeaderParts<'_>, ParseError> {
    let BeforeTag {
        text_start,
        timestamp,
        rest_start,
        tag_at,
        ..
    } = before;
    if timestamp.is_none() && looks_like_timestamp(&line.as_bytes()[text_start..tag_at]) {
        return Err(ParseError::new(
            ParseErrorKind::Timestamp,
            text_start..tag_at,
            None,
        ));
    }
    let id_text = line[rest_start..tag_at].trim();
    let id_text = id_text.strip_suffix(':').unwrap_or(id_text).trim_end();
    Ok(HeaderParts {
        timestamp,
        device_id: (!id_text.is_empty()).then_some(id_text),
        rfc5424: None,
        tag_at,
    })
}

/// Whether text that did not read as a timestamp starts like one (`Nov 26 ...`, `14:03:...`,
/// `2026-11-26...`): then it is a malformed timestamp, not a device id.
fn looks_like_timestamp(text: &[u8]) -> bool {
    let digit = |i: usize| text.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, b: u8| text.get(i) == Some(&b);
    let month = text.len() >= 5
        && month_number([text[0], text[1], text[2]]).is_some()
        && at(3, b' ')
        && (digit(4) || (at(4, b' ') && digit(5)));
    let clock = digit(0) && digit(1) && at(2, b':') && digit(3) && digit(4) && at(5, b':');
    let date = (0..4).all(digit) && at(4, b'-') && digit(5) && digit(6) && at(7, b'-');
    month || clock || date
}

/// Whether the text after `<PRI>` is an RFC 5424 header: the version `1`, then a timestamp
/// (`2026-...`) or the nil value `-` (a device id `1` in a legacy header is not).
fn starts_rfc5424(rest: &[u8]) -> bool {
    match rest {
        [b'1', b' ', b'-', b' ', ..] => true,
        [b'1', b' ', y1, y2, y3, y4, b'-', ..] => {
            [y1, y2, y3, y4].iter().all(|d| d.is_ascii_digit())
        }
        _ => false,
    }
}

fn nil(field: &str) -> Option<&str> {
    (field != "-").then_some(field)
}

fn rfc5424_field(line: &str, pos: usize) -> Result<(&str, usize), ParseError> {
    let rest = &line[pos.min(line.len())..];
    // Header fields are short: a plain scan beats a vectorised search here.
    match rest.bytes().position(|b| b == b' ') {
        Some(0) | None => Err(ParseError::new(
            ParseErrorKind::Rfc5424,
            pos..line.len(),
            None,
        )),
        Some(end) => Ok((&rest[..end], pos + end + 1)),
    }
}

/// STRUCTURED-DATA: `-` or one or more `[SD-ID PARAM-NAME="PARAM-VALUE" ...]` elements.
fn structured_data(line: &str, pos: usize) -> Result<(&str, usize), ParseError> {
    let bytes = line.as_bytes();
    let error = || ParseError::new(ParseErrorKind::Rfc5424, pos..line.len(), None);
    if bytes.get(pos) == Some(&b'-') {
        let next = if bytes.get(pos + 1) == Some(&b' ') {
            pos + 2
        } else {
            pos + 1
        };
        return Ok(("-", next));
    }
    let mut i = pos;
    while bytes.get(i) == Some(&b'[') {
        i = sd_element_end(bytes, i).ok_or_else(error)?;
    }
    if i == pos {
        return Err(error());
    }
    let end = i.min(line.len());
    let next = if bytes.get(end) == Some(&b' ') {
        end + 1
    } else {
        end
    };
    Ok((&line[pos..end], next))
}

/// The end of the SD-ELEMENT that starts with `[` at `start` (RFC 5424 §6.3): an SD-ID, then
/// ` PARAM-NAME="PARAM-VALUE"` pairs, then `]`. Inside a value only `\"`, `\\` and `\]` are
/// escapes (§6.3.3); any other backslash is an ordinary character, so `"\"]` is a value that
/// never ends. `None` when the element is malformed or unterminated.
fn sd_element_end(bytes: &[u8], start: usize) -> Option<usize> {
    // SD-NAME: 1-32 printable US-ASCII characters except `=`, space, `]` and `"`.
    let name_end = |from: usize| {
        let len = bytes[from..]
            .iter()
            .take_while(|&&b| b.is_ascii_graphic() && !matches!(b, b'=' | b']' | b'"'))
            .count();
        (1..=32).contains(&len).then_some(from + len)
    };
    let mut i = name_end(start + 1)?;
    loop {
        match bytes.get(i)? {
            b']' => return Some(i + 1),
            b' ' => {
                i = name_end(i + 1)?;
                if bytes.get(i..i + 2)? != b"=\"" {
                    return None;
                }
                i += 2;
                loop {
                    match bytes.get(i)? {
                        b'\\' if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b']')) => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            _ => return None,
        }
    }
}

/// The position of `%FTD-`, `%ASA-` or `%PIX-` at or after `from`.
fn find_tag(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'%', &bytes[from..])
        .map(|found| from + found)
        .find(|&p| tag_named(&bytes[p + 1..]).is_some())
}

/// The tag whose name and dash (`FTD-`, `ASA-`, `PIX-`) start `tail`, the bytes after a `%`.
fn tag_named(tail: &[u8]) -> Option<Tag> {
    // Compared as one four-byte word.
    const FTD: u32 = u32::from_le_bytes(*b"FTD-");
    const ASA: u32 = u32::from_le_bytes(*b"ASA-");
    const PIX: u32 = u32::from_le_bytes(*b"PIX-");
    match u32::from_le_bytes(tail.get(..4)?.try_into().ok()?) {
        FTD => Some(Tag::Ftd),
        ASA => Some(Tag::Asa),
        PIX => Some(Tag::Pix),
        _ => None,
    }
}

/// What a tag holds: the tag, its class, the severity, the id and where the body starts.
type TagParts<'a> = (Tag, Option<&'a str>, u8, u32, usize);

/// Reads `%FTD-[class-]S-NNNNNN:` at `pos`; returns the parts and where the body starts.
fn parse_tag(line: &str, pos: usize) -> Result<TagParts<'_>, ParseError> {
    match plain_tag(line.as_bytes(), pos) {
        Some(parts) => Ok(parts),
        None => parse_any_tag(line, pos),
    }
}

/// The tag as devices send it, `%FTD-S-NNNNNN: ` (no class, six digits, a byte after the
/// colon), read from two words; `None` for any other form, which [`parse_any_tag`] reads
/// (with the same result for the forms read here).
#[inline]
fn plain_tag(bytes: &[u8], pos: usize) -> Option<TagParts<'static>> {
    // `%FTD-6-7`, then `716001: `.
    let head = load8(bytes, pos)?;
    let tag = match head.to_le_bytes() {
        [b'%', ref tail @ ..] => tag_named(tail)?,
        _ => return None,
    };
    let severity = ((head >> 40) as u8).wrapping_sub(b'0');
    if severity > 7 || (head >> 48) as u8 != b'-' {
        return None;
    }
    let id_word = load8(bytes, pos + 7)?;
    // Six digit values (any other byte is 10 or more) and a colon.
    let digits = (id_word ^ (ONES * u64::from(b'0'))) & 0xffff_ffff_ffff;
    if at_least_flags(digits, 10) != 0 || (id_word >> 48) as u8 != b':' {
        return None;
    }
    // As eight digits, two leading zeros first.
    let id = eight_digits_value(digits << 16);
    let mut body = pos + 14;
    while bytes.get(body) == Some(&b' ') {
        body += 1;
    }
    Some((tag, None, severity, id, body))
}

/// Reads a tag of any form at `pos`, byte by byte.
fn parse_any_tag(line: &str, pos: usize) -> Result<TagParts<'_>, ParseError> {
    let bytes = line.as_bytes();
    let rest = &bytes[pos.min(bytes.len())..];
    let tag = match rest.split_first() {
        Some((b'%', tail)) => tag_named(tail),
        _ => None,
    };
    let Some(tag) = tag else {
        return Err(ParseError::new(
            ParseErrorKind::MissingTag,
            pos..line.len(),
            None,
        ));
    };
    let mut i = pos + 5;
    let mut class = None;
    if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        let len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if bytes.get(i + len) != Some(&b'-') {
            return Err(ParseError::new(ParseErrorKind::Severity, i..i + len, None));
        }
        class = Some(&line[i..i + len]);
        i += len + 1;
    }
    let severity = match (bytes.get(i), bytes.get(i + 1)) {
        (Some(d @ b'0'..=b'7'), Some(b'-')) => d - b'0',
        _ => {
            return Err(ParseError::new(
                ParseErrorKind::Severity,
                i..(i + 1).min(line.len()),
                None,
            ))
        }
    };
    i += 2;
    let id = match bytes.get(i..i + 7) {
        Some([d @ .., b':']) if d.iter().all(u8::is_ascii_digit) => {
            d.iter().fold(0u32, |id, d| id * 10 + u32::from(d - b'0'))
        }
        _ => {
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let end = (i + digits + 1).min(line.len());
            return Err(ParseError::new(ParseErrorKind::MessageId, i..end, None));
        }
    };
    let mut body = i + 7;
    while bytes.get(body).is_some_and(|b| *b == b' ') {
        body += 1;
    }
    Ok((tag, class, severity, id, body))
}

fn two_digits(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [a @ b'0'..=b'9', b @ b'0'..=b'9', ..] => Some((a - b'0') * 10 + (b - b'0')),
        _ => None,
    }
}

/// `HH:MM:SS[.fff]` at the start of `bytes`; returns the parts and the length read.
fn clock(bytes: &[u8]) -> Option<(u8, u8, u8, u32, u8, usize)> {
    // `HH:MM:SS` as one word: less `00:00:00`, the digits are their values (any other byte
    // is 10 or more) and the colons zero.
    let word = load8(bytes, 0)?;
    let x = word ^ u64::from_le_bytes(*b"00:00:00");
    if at_least_flags(x, 10) != 0 || x & 0x0000_ff00_00ff_0000 != 0 {
        return None;
    }
    // Each pair's value in its first byte.
    let pairs = x * 10 + (x >> 8);
    let (h, m, s) = (pairs as u8, (pairs >> 24) as u8, (pairs >> 48) as u8);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut len = 8;
    let (mut nanos, mut digits) = (0u32, 0u8);
    if bytes.get(8) == Some(&b'.') {
        let count = bytes[9..].iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        for &b in bytes[9..9 + count.min(9)].iter() {
            nanos = nanos * 10 + u32::from(b - b'0');
        }
        digits = count.min(9) as u8;
        const SCALE: [u32; 10] = [
            1_000_000_000,
            100_000_000,
            10_000_000,
            1_000_000,
            100_000,
            10_000,
            1_000,
            100,
            10,
            1,
        ];
        nanos *= SCALE[usize::from(digits)];
        len = 9 + count;
    }
    Some((h, m, s, nanos, digits, len))
}

/// The value of at most four ASCII digits (the caller has checked they are digits).
fn decimal(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |value, d| value * 10 + u32::from(d - b'0'))
}

/// `Jan` -> 1 ... `Dec` -> 12 (a byte match: this runs for every line).
fn month_number(name: [u8; 3]) -> Option<u8> {
    Some(match &name {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    })
}

/// `Mmm dd [yyyy ]HH:MM:SS[.fff]`; returns the timestamp and the length read.
fn parse_legacy_timestamp(text: &str) -> Option<(Timestamp, usize)> {
    let bytes = text.as_bytes();
    if bytes.len() < 15 || bytes[3] != b' ' {
        return None;
    }
    let month = month_number([bytes[0], bytes[1], bytes[2]])?;
    let mut i = 4;
    if bytes[i] == b' ' {
        i += 1;
    }
    // One or two day digits, then a blank (read by position: this runs for most lines).
    let (day, day_len) = match bytes[i..] {
        [d @ b'0'..=b'9', b' ', ..] => (d - b'0', 1),
        [d1 @ b'0'..=b'9', d2 @ b'0'..=b'9', b' ', ..] => ((d1 - b'0') * 10 + (d2 - b'0'), 2),
        _ => return None,
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    i += day_len + 1;
    let mut year = None;
    if let [y1, y2, y3, y4, b' ', ..] = bytes[i..] {
        if [y1, y2, y3, y4].iter().all(u8::is_ascii_digit) {
            year = Some(decimal(&[y1, y2, y3, y4]) as u16);
            i += 5;
        }
    }
    let (hour, minute, second, nanos, fraction_digits, len) = clock(&bytes[i..])?;
    Some((
        Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanos,
            fraction_digits,
            offset_minutes: None,
            offset_form: OffsetForm::Z,
            format: TimestampFormat::Legacy,
        },
        i + len,
    ))
}

/// `yyyy-mm-ddTHH:MM:SS[.fff](Z|±hh:mm)`; the whole text must be the timestamp.
fn parse_iso(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't')
    {
        return None;
    }
    if !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = decimal(&bytes[..4]) as u16;
    let month = two_digits(&bytes[5..])?;
    let day = two_digits(&bytes[8..])?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (hour, minute, second, nanos, fraction_digits, len) = clock(&bytes[11..])?;
    let zone = &text[11 + len..];
    let (offset, offset_form) = match zone.as_bytes() {
        [b'Z' | b'z'] => (0, OffsetForm::Z),
        [b'-', b'0', b'0', b':', b'0', b'0'] => (0, OffsetForm::UnknownLocal),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = two_digits(&[*h1, *h2])?;
            let minutes = two_digits(&[*m1, *m2])?;
            let total = i16::from(hours) * 60 + i16::from(minutes);
            let offset = if *sign == b'-' { -total } else { total };
            (offset, OffsetForm::Numeric)
        }
        _ => return None,
    };
    Some(Timestamp {
        year: Some(year),
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        fraction_digits,
        offset_minutes: Some(offset),
        offset_form,
        format: TimestampFormat::Iso,
    })
}

/// Which header an emitter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HeaderFormat {
    /// `<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ...`, as FTD sends by default.
    #[default]
    Legacy,
    /// `<166>1 2026-11-26T14:03:11Z fw1 - - - - %FTD-6-716001: ...`.
    Rfc5424,
    /// `%FTD-6-716001: ...` only.
    Bare,
}

/// How an emitter writes headers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeaderStyle {
    /// The header form.
    pub format: HeaderFormat,
    /// The facility (default local4).
    pub facility: u8,
    /// `%FTD-` or `%ASA-`.
    pub tag: Tag,
    /// The device id, when one is written.
    pub device_id: Option<String>,
    /// Whether a legacy header carries a priority.
    pub priority: bool,
    /// Whether a legacy header carries a timestamp (RFC 5424 headers always do, or `-`).
    pub timestamp: bool,
}

impl Default for HeaderStyle {
    fn default() -> Self {
        HeaderStyle {
            format: HeaderFormat::Legacy,
            facility: FACILITY_LOCAL4,
            tag: Tag::Ftd,
            device_id: None,
            priority: true,
            timestamp: true,
        }
    }
}

impl HeaderStyle {
    /// Writes a header for message `id` at `severity` (everything up to and including `: `).
    pub fn write<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
        id: u32,
        timestamp: Option<&Timestamp>,
    ) -> fmt::Result {
        self.write_stamped(out, severity, id, timestamp.map(Stamp::Value))
    }

    /// [`HeaderStyle::write`] with the timestamp already rendered by
    /// [`HeaderStyle::render_timestamp`]: a writer of many lines per second renders it once.
    pub fn write_rendered<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
        id: u32,
        timestamp: Option<&str>,
    ) -> fmt::Result {
        self.write_stamped(out, severity, id, timestamp.map(Stamp::Rendered))
    }

    /// The header up to the message id at each severity, for one rendered timestamp (or
    /// none): a writer of many lines a second renders them once a second and writes lines
    /// with [`HeaderPrefixes::write`] (or [`Emitter::write_prefixed`](crate::Emitter::write_prefixed)).
    pub fn render_prefixes(&self, timestamp: Option<&str>) -> HeaderPrefixes {
        let stamp = match self.format {
            HeaderFormat::Bare => None,
            _ => timestamp.map(Stamp::Rendered),
        };
        HeaderPrefixes {
            by_severity: core::array::from_fn(|severity| {
                render_prefix(self, severity as u8, stamp)
            }),
        }
    }

    /// Appends `timestamp` to `out` as this style's header writes it (RFC 5424 headers
    /// write it in ISO form).
    pub fn render_timestamp(&self, timestamp: &Timestamp, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.write_timestamp(out, timestamp);
    }

    fn write_timestamp<W: Write + ?Sized>(&self, out: &mut W, ts: &Timestamp) -> fmt::Result {
        let mut shown = *ts;
        if self.format == HeaderFormat::Rfc5424 {
            shown.format = TimestampFormat::Iso;
            shown.offset_minutes.get_or_insert(0);
        }
        shown.write_to(out)
    }

    /// Writes the header. A bare header is the tag and the id; any other is copied, up to the
    /// id, from this thread's [`RenderedPrefixes`] (lines are written many per second with few
    /// styles, so that the priority, timestamp, device id and tag are rendered once a second),
    /// then the id's digits and `: `.
    pub(crate) fn write_stamped<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
        id: u32,
        timestamp: Option<Stamp<'_>>,
    ) -> fmt::Result {
        self.write_before_id(out, severity, timestamp)?;
        write_id_and_colon(out, id)
    }

    /// [`HeaderStyle::write_stamped`] up to the message id (`<166>... fw1 : %FTD-6-`).
    pub(crate) fn write_before_id<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
        timestamp: Option<Stamp<'_>>,
    ) -> fmt::Result {
        let severity = severity.min(7);
        if self.format == HeaderFormat::Bare {
            self.write_prefix(out, severity, None)?;
        } else {
            PREFIXES.with(|prefixes| match prefixes.try_borrow_mut() {
                Ok(mut prefixes) => out.write_str(prefixes.get(self, severity, timestamp)),
                // Only a writer that writes a header from inside its own write_str gets here.
                Err(_) => self.write_prefix(out, severity, timestamp),
            })?;
        }
        Ok(())
    }

    /// Writes the header up to the message id (`<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-`),
    /// rendering every part: what [`RenderedPrefixes`] keeps.
    fn write_prefix<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
        timestamp: Option<Stamp<'_>>,
    ) -> fmt::Result {
        let pri = usize::from(self.facility.min(23)) * 8 + usize::from(severity.min(7));
        let priority = |out: &mut W| out.write_str(PRIORITIES[pri]);
        let stamp = |out: &mut W, stamp: Stamp<'_>| match stamp {
            Stamp::Value(ts) => self.write_timestamp(out, ts),
            Stamp::Rendered(text) => out.write_str(text),
        };
        match self.format {
            HeaderFormat::Bare => {}
            HeaderFormat::Legacy => {
                if self.priority {
                    priority(out)?;
                }
                let stamped = self.timestamp && timestamp.is_some();
                if let (true, Some(ts)) = (stamped, timestamp) {
                    stamp(out, ts)?;
                    out.write_char(' ')?;
                }
                if let Some(device) = &self.device_id {
                    if self.priority && !stamped && device.starts_with("1 ") {
                        out.write_char(' ')?;
                    }
                    crate::__private::write::text(out, device)?;
                    out.write_str(" : ")?;
                }
            }
            HeaderFormat::Rfc5424 => {
                priority(out)?;
                out.write_str("1 ")?;
                match timestamp {
                    Some(ts) => {
                        stamp(out, ts)?;
                        out.write_char(' ')?;
                    }
                    None => out.write_str("- ")?,
                }
                crate::__private::write::text(out, self.device_id.as_deref().unwrap_or("-"))?;
                out.write_str(" - - - - ")?;
            }
        }
        out.write_str(TAGS[self.tag.index() * 8 + usize::from(severity.min(7))])
    }
}

/// A header style's text up to the message id (`<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-`) at
/// each severity, for one timestamp: from [`HeaderStyle::render_prefixes`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderPrefixes {
    by_severity: [String; 8],
}

impl HeaderPrefixes {
    /// Writes the header of message `id` at `severity` (everything up to and including
    /// `: `), as [`HeaderStyle::write_rendered`] writes it with the style and timestamp these
    /// prefixes were rendered for. A severity above 7 is written as 7, as there.
    pub fn write<W: Write + ?Sized>(&self, out: &mut W, severity: u8, id: u32) -> fmt::Result {
        self.write_before_id(out, severity)?;
        write_id_and_colon(out, id)
    }

    /// [`HeaderPrefixes::write`] up to the message id.
    pub(crate) fn write_before_id<W: Write + ?Sized>(
        &self,
        out: &mut W,
        severity: u8,
    ) -> fmt::Result {
        out.write_str(&self.by_severity[usize::from(severity.min(7))])
    }
}

/// Writes the end of a header given as text (`716001: `, from
/// [`LineFacts::header_end`](crate::LineFacts::header_end)). Six digits and `: ` are eight
/// bytes: written as a slice of that known length, they are one move rather than a copy of
/// unknown length.
pub(crate) fn write_header_end<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    match text.get(..8) {
        Some(eight) if text.len() == 8 => out.write_str(eight),
        _ => out.write_str(text),
    }
}

/// Writes a message id in at least six digits (`056017` keeps its leading zero) and the `: `
/// after it: the end of a header (what [`write_header_end`] writes from text).
pub(crate) fn write_id_and_colon<W: Write + ?Sized>(out: &mut W, id: u32) -> fmt::Result {
    write_thousands(out, id / 1000)?;
    write_below_thousand_and_colon(out, id % 1000)
}

/// Writes the thousands of a message id (`716` of 716001), in at least three digits: the
/// digits a message id has before its last three.
fn write_thousands<W: Write + ?Sized>(out: &mut W, thousands: u32) -> fmt::Result {
    match THOUSANDS_COLON.get(5 * thousands as usize..5 * thousands as usize + 3) {
        Some(digits) => out.write_str(digits),
        None => out.write_str(itoa::Buffer::new().format(thousands)),
    }
}

/// Writes `001: ` for 1: the last three digits of a message id and the `: ` after it (`rest`
/// is below 1000). Five bytes sliced from static text: a copy of a known length.
fn write_below_thousand_and_colon<W: Write + ?Sized>(out: &mut W, rest: u32) -> fmt::Result {
    let at = 5 * rest as usize;
    match THOUSANDS_COLON.get(at..at + 5) {
        Some(digits) => out.write_str(digits),
        None => Err(fmt::Error),
    }
}

/// `"000: 001: ... 999: "`: every number below a thousand in three digits and `: `, five
/// bytes each, sliced by [`write_thousands`] and [`write_below_thousand_and_colon`].
const THOUSANDS_COLON: &str = {
    const BYTES: [u8; 5000] = three_digits_each(b": ");
    const_text(&BYTES)
};

/// `%FTD-0-` to `%PIX-7-`: the tag and severity of a header, per tag (as in [`Tag`]) and
/// severity, as static text.
const TAGS: [&str; 24] = {
    const BYTES: [u8; 168] = {
        let names = [*b"FTD", *b"ASA", *b"PIX"];
        let mut bytes = [0u8; 168];
        let mut i = 0;
        while i < 24 {
            let name = names[i / 8];
            let entry = [
                b'%',
                name[0],
                name[1],
                name[2],
                b'-',
                b'0' + (i % 8) as u8,
                b'-',
            ];
            let mut j = 0;
            while j < 7 {
                bytes[7 * i + j] = entry[j];
                j += 1;
            }
            i += 1;
        }
        bytes
    };
    fixed_width_table(const_text(&BYTES), 7, false)
};

/// `<0>` to `<191>`: every syslog priority as static text.
const PRIORITIES: [&str; 192] = {
    // Five bytes per priority, right-aligned after spaces (`  <7>`, `<166>`).
    const BYTES: [u8; 960] = {
        let mut bytes = [b' '; 960];
        let mut i = 0;
        while i < 192 {
            let end = 5 * i + 5;
            bytes[end - 1] = b'>';
            bytes[end - 2] = b'0' + (i % 10) as u8;
            let open = if i >= 100 {
                bytes[end - 4] = b'0' + (i / 100) as u8;
                bytes[end - 3] = b'0' + (i / 10 % 10) as u8;
                end - 5
            } else if i >= 10 {
                bytes[end - 3] = b'0' + (i / 10) as u8;
                end - 4
            } else {
                end - 3
            };
            bytes[open] = b'<';
            i += 1;
        }
        bytes
    };
    fixed_width_table(const_text(&BYTES), 5, true)
};

thread_local! {
    /// The header prefixes this thread wrote last.
    static PREFIXES: core::cell::RefCell<RenderedPrefixes> =
        const { core::cell::RefCell::new(RenderedPrefixes::new()) };
}

/// The last few header prefixes written (everything before the message id), as text, per
/// style and timestamp: lines are written many per second, so that most headers copy their
/// prefix rather than render it (a few, for writers that interleave header styles).
///
/// A style's entry is in its home slot ([`home_slot`]) or the slot paired with it, so that a
/// look-up compares one entry, or two, whatever the number of styles in use.
#[derive(Debug, Default)]
struct RenderedPrefixes {
    /// [`RenderedPrefixes::SLOTS`] slots once the first prefix is written.
    slots: Vec<Option<PrefixEntry>>,
}

/// The small fields of a style in one number, so that most entries that are not for a style
/// are told apart in one comparison.
fn style_bits(style: &HeaderStyle) -> u32 {
    let format = match style.format {
        HeaderFormat::Legacy => 0,
        HeaderFormat::Rfc5424 => 1,
        HeaderFormat::Bare => 2,
    };
    format
        | (style.tag.index() as u32) << 2
        | u32::from(style.priority) << 4
        | u32::from(style.timestamp) << 5
        | u32::from(style.device_id.is_some()) << 6
        | u32::from(style.facility) << 7
}

/// One style and timestamp, and its prefix per severity (`<166>... fw1 : %FTD-6-`), rendered
/// when first written. Few and short, so that they stay in the nearest cache between lines.
#[derive(Debug)]
struct PrefixEntry {
    /// The style's [`style_bits`].
    style: u32,
    device_id: Option<String>,
    /// The timestamp's [`Timestamp::key`], when it was given as a value.
    value: Option<[u64; 2]>,
    /// The timestamp, when it was given rendered.
    rendered: Option<String>,
    /// The prefix per severity.
    by_severity: [Option<String>; 8],
}

impl PrefixEntry {
    /// Whether the entry is for a style (given with its [`style_bits`]) and timestamp: the
    /// cheap comparisons first.
    fn is_for(&self, bits: u32, style: &HeaderStyle, stamp: Option<Stamp<'_>>) -> bool {
        self.style == bits
            && match stamp {
                None => self.value.is_none() && self.rendered.is_none(),
                Some(Stamp::Value(ts)) => self.value == Some(ts.key()),
                Some(Stamp::Rendered(text)) => self.rendered.as_deref() == Some(text),
            }
            && self.device_id.as_deref() == style.device_id.as_deref()
    }
}

impl RenderedPrefixes {
    /// Eight slots in pairs: four styles at once whatever their home slots, more when
    /// their home slots differ.
    const SLOTS: usize = 8;

    const fn new() -> Self {
        RenderedPrefixes { slots: Vec::new() }
    }

    /// The header `style` writes at `severity` (0-7) with `stamp`, up to the id.
    fn get(&mut self, style: &HeaderStyle, severity: u8, stamp: Option<Stamp<'_>>) -> &str {
        let bits = style_bits(style);
        let home = home_slot(bits, style);
        let holds = |slot: Option<&Option<PrefixEntry>>| {
            slot.is_some_and(|slot| {
                slot.as_ref()
                    .is_some_and(|entry| entry.is_for(bits, style, stamp))
            })
        };
        let at = if holds(self.slots.get(home)) {
            home
        } else if holds(self.slots.get(home ^ 1)) {
            home ^ 1
        } else {
            self.insert(home, bits, style, stamp)
        };
        let Some(Some(entry)) = self.slots.get_mut(at) else {
            return "";
        };
        let slot = &mut entry.by_severity[usize::from(severity.min(7))];
        if slot.is_none() {
            *slot = Some(render_prefix(style, severity, stamp));
        }
        slot.as_deref().unwrap_or("")
    }

    /// Makes an entry for `style` and `stamp`, and gives its slot: in place of the style's
    /// entry for another timestamp, else in an empty slot of the pair, else in the home
    /// slot. Apart from `get`, which runs for every line, so that `get` stays small.
    #[cold]
    #[inline(never)]
    fn insert(
        &mut self,
        home: usize,
        bits: u32,
        style: &HeaderStyle,
        stamp: Option<Stamp<'_>>,
    ) -> usize {
        if self.slots.len() != Self::SLOTS {
            self.slots.resize_with(Self::SLOTS, || None);
        }
        let (value, rendered) = match stamp {
            None => (None, None),
            Some(Stamp::Value(ts)) => (Some(ts.key()), None),
            Some(Stamp::Rendered(text)) => (None, Some(text.to_owned())),
        };
        let entry = PrefixEntry {
            style: bits,
            device_id: style.device_id.clone(),
            value,
            rendered,
            by_severity: Default::default(),
        };
        let same_style = |slot: &Option<PrefixEntry>| {
            slot.as_ref().is_some_and(|old| {
                old.style == bits && old.device_id.as_deref() == style.device_id.as_deref()
            })
        };
        let pair = [home, home ^ 1];
        let at = pair
            .into_iter()
            .find(|&at| same_style(&self.slots[at]))
            .or_else(|| pair.into_iter().find(|&at| self.slots[at].is_none()))
            .unwrap_or(home);
        self.slots[at] = Some(entry);
        at
    }
}

/// The slot where a style's prefixes are looked for first (below
/// [`RenderedPrefixes::SLOTS`]): from its [`style_bits`] and its device id's length and last
/// byte, so that styles that differ only in the device id mostly differ here too.
fn home_slot(bits: u32, style: &HeaderStyle) -> usize {
    let device = style.device_id.as_deref().unwrap_or("").as_bytes();
    let last = device.last().copied().unwrap_or(0);
    let mixed = bits ^ (device.len() as u32) << 20 ^ u32::from(last) << 26;
    // The top three bits of a multiplicative hash.
    (mixed.wrapping_mul(0x9E37_79B1) >> 29) as usize
}

/// A cache slot's content: the header up to the id.
#[cold]
#[inline(never)]
fn render_prefix(style: &HeaderStyle, severity: u8, stamp: Option<Stamp<'_>>) -> String {
    let mut text = String::with_capacity(64);
    // Writing into a String cannot fail.
    let _ = style.write_prefix(&mut text, severity, stamp);
    text
}

/// A timestamp to write in a header: as a value, or rendered already.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stamp<'a> {
    Value(&'a Timestamp),
    Rendered(&'a str),
}

impl fmt::Display for Header<'_> {
    /// Writes the header as read (canonical spacing), up to and including `: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(relay) = &self.relay {
            if let Some(pri) = relay.priority {
                write!(f, "<{pri}>")?;
            }
            if let Some(ts) = &relay.timestamp {
                write!(f, "{ts} ")?;
            }
            crate::__private::write::text(f, relay.host)?;
            f.write_char(' ')?;
        }
        if let Some(pri) = self.priority {
            write!(f, "<{pri}>")?;
        }
        match &self.rfc5424 {
            Some(fields) => {
                f.write_str("1 ")?;
                match &self.timestamp {
                    Some(ts) => write!(f, "{ts} ")?,
                    None => f.write_str("- ")?,
                }
                for field in [
                    self.device_id,
                    fields.app_name,
                    fields.proc_id,
                    fields.msg_id,
                    fields.structured_data,
                ] {
                    crate::__private::write::text(f, field.unwrap_or("-"))?;
                    f.write_char(' ')?;
                }
            }
            None => {
                if let Some(ts) = &self.timestamp {
                    write!(f, "{ts} ")?;
                }
                if let Some(device) = self.device_id {
                    if self.priority.is_some()
                        && self.timestamp.is_none()
                        && device.starts_with("1 ")
                    {
                        // Right after `<PRI>`, `1 ` would read as an RFC 5424 version.
                        f.write_char(' ')?;
                    }
                    crate::__private::write::text(f, device)?;
                    f.write_str(" : ")?;
                }
            }
        }
        f.write_char('%')?;
        f.write_str(self.tag.as_str())?;
        f.write_char('-')?;
        if let Some(class) = self.class {
            write!(f, "{class}-")?;
        }
        write!(f, "{}-", self.severity)?;
        write_id_and_colon(f, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message id as its six digits, rendered by `itoa`: the reference the header's
    /// static-text id digits are checked against.
    fn write_id<W: Write + ?Sized>(out: &mut W, id: u32) -> fmt::Result {
        let mut number = itoa::Buffer::new();
        let digits = number.format(id);
        if digits.len() < 6 {
            out.write_str("00000".get(digits.len().saturating_sub(1)..).unwrap_or(""))?;
        }
        out.write_str(digits)
    }

    fn header(line: &str) -> Header<'_> {
        parse_header(line).unwrap().0
    }

    /// The fast reading of a whole header, as `parse_header` makes it.
    fn common_header(line: &str) -> Option<Result<(Header<'_>, usize), ParseError>> {
        common_parts(line).map(|(priority, parts)| header_at_tag(line, priority, parts))
    }

    /// The one-pass reading of common headers gives what the general reading gives, on
    /// every combination of priority, timestamp, host, separator and tag, well formed or not.
    #[test]
    fn common_headers_read_as_any_header_does() {
        let priorities = [
            "", "<166>", "<0>", "<191>", "<192>", "<1666>", "<16", "<>", " ",
        ];
        let timestamps = [
            "",
            "Nov 26 2026 14:03:11 ",
            "Nov  6 14:03:11.250 ",
            "Nov 26 14:03:11",
            "Nov 26 2026 25:03:11 ",
            "Foo 26 14:03:11 ",
            "2026-11-26T14:03:11Z ",
            "N ",
        ];
        let hosts = [
            "",
            "fw1 ",
            "fw1 : ",
            "fw1: ",
            "fw1:: ",
            ": ",
            "fw1 :",
            "fw(ctx-1): ",
            "a%b ",
            "relay <166>",
            "relay Nov 26 14:03:11 ",
            "fw1  : ",
            "fw1 x ",
            "é ",
        ];
        let tags = [
            "%FTD-6-716001: x",
            "%ASA-auth-6-113004: x",
            "%PIX-3-716002:x",
            "%FTD-9-716001: x",
            "%FTD-6-71600: x",
            "%FTX-6-716001: x",
            "%FTD-",
            "%",
            "",
        ];
        let mut common = 0;
        let mut check = |line: String| {
            if let Some(read) = common_header(&line) {
                assert_eq!(read, any_header(&line), "{line:?}");
                common += 1;
            }
        };
        for priority in priorities {
            for timestamp in timestamps {
                for host in hosts {
                    for tag in tags {
                        check(format!("{priority}{timestamp}{host}{tag}"));
                    }
                }
            }
        }
        let stamps = [
            "-",
            "2026-11-26T14:03:11.250Z",
            "2026-11-26T14:03:11+09:00",
            "2026-11-26T25:03:11Z",
            "x",
        ];
        let fields = [
            "- - - -",
            "fw1.example.com - - -",
            "fw1 app 12 ID47",
            "fw1 - -",
            "fw%1 - - -",
            "- - : %FTD-6-716001:",
        ];
        let data = ["- ", "-", "[ex@1 a=\"b\"] ", "- \u{feff}", ""];
        for stamp in stamps {
            for field in fields {
                for sd in data {
                    for tag in tags {
                        check(format!("<165>1 {stamp} {field} {sd}{tag}"));
                    }
                }
            }
        }
        // The shapes the fast reading exists for are read by it.
        assert!(common > 200, "{common}");
        assert!(common_header("<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: x").is_some());
        assert!(common_header("%ASA-6-716001: x").is_some());
        let rfc5424 = "<165>1 2026-11-26T14:03:11Z fw1 - - - - %FTD-5-718068: x";
        assert!(common_header(rfc5424).is_some());
    }

    #[test]
    fn field_ends_agree_with_a_byte_loop() {
        // Five fields, each ended by a blank, none empty or holding a `%`.
        let naive = |bytes: &[u8], from: usize| -> Option<[usize; 5]> {
            let mut ends = [0; 5];
            let mut start = from;
            for end in &mut ends {
                let blank = start
                    + bytes
                        .get(start..)?
                        .iter()
                        .position(|&b| b == b' ' || b == b'%')?;
                if blank == start || bytes[blank] == b'%' {
                    return None;
                }
                *end = blank;
                start = blank + 1;
            }
            Some(ends)
        };
        let mut rng = crate::draw::SplitMix64::new(3);
        let alphabet = b"ab %-\x80\xff1";
        let mut some = 0;
        for _ in 0..20_000 {
            let len = rng.below(48) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.below(4) {
                    0 => b' ',
                    _ => alphabet[rng.below(alphabet.len() as u64) as usize],
                })
                .collect();
            for from in 0..=len {
                let want = naive(&bytes, from);
                some += usize::from(want.is_some());
                assert_eq!(field_ends::<5>(&bytes, from), want, "{bytes:?} from {from}");
            }
        }
        assert!(some > 1_000, "{some}");
    }

    #[test]
    fn reads_the_ftd_default_form() {
        let line = "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: Group <g> ...";
        let (h, body) = parse_header(line).unwrap();
        assert_eq!(h.priority, Some(166));
        assert_eq!(h.facility(), Some(FACILITY_LOCAL4));
        assert_eq!(h.device_id, Some("fw1"));
        assert_eq!(h.timestamp.unwrap().year, Some(2026));
        assert_eq!((h.tag, h.severity, h.id), (Tag::Ftd, 6, 716001));
        assert_eq!(&line[body..], "Group <g> ...");
    }

    #[test]
    fn reads_other_forms() {
        assert_eq!(header("%ASA-auth-6-113004: x").class, Some("auth"));
        let h = header("Nov  6 04:03:11.250 fw(ctx-1): %FTD-7-715006: x");
        let ts = h.timestamp.unwrap();
        assert_eq!(
            (ts.day, ts.year, ts.nanos, ts.fraction_digits),
            (6, None, 250_000_000, 3)
        );
        assert_eq!(h.device_id, Some("fw(ctx-1)"));
        let h = header("<166>2026-11-26T14:03:11+09:00 192.0.2.1 : %FTD-6-716001: x");
        assert_eq!(h.timestamp.unwrap().offset_minutes, Some(540));
        assert_eq!(h.device_id, Some("192.0.2.1"));
        let h = header("<166>1 2026-11-26T14:03:11.5Z fw1 - - - [a b=\"c\\]\"] %FTD-6-716001: x");
        assert_eq!(
            h.rfc5424.as_ref().unwrap().structured_data,
            Some("[a b=\"c\\]\"]")
        );
        assert_eq!(h.device_id, Some("fw1"));
    }

    /// The header as rendered part by part, with no cache.
    fn uncached(style: &HeaderStyle, severity: u8, id: u32, stamp: Option<Stamp<'_>>) -> String {
        let mut out = String::new();
        style.write_prefix(&mut out, severity, stamp).unwrap();
        write_id(&mut out, id).unwrap();
        out + ": "
    }

    #[test]
    fn cached_headers_equal_rendered_ones() {
        let legacy = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
        let iso = Timestamp::from_unix(1_795_701_791, 250_000_000, 3, TimestampFormat::Iso);
        let offset = Timestamp {
            offset_minutes: Some(-330),
            offset_form: OffsetForm::Numeric,
            ..iso
        };
        let stamps = [
            legacy,
            legacy.without_year(),
            Timestamp { day: 6, ..legacy }.without_year(),
            iso,
            offset,
            Timestamp::from_unix(1_795_701_792, 0, 0, TimestampFormat::Legacy),
        ];
        let ids = [
            0, 7, 999, 1000, 56_017, 715_001, 716_001, 721_019, 999_999, 1_234_567,
        ];
        let mut styles = Vec::new();
        for format in [
            HeaderFormat::Legacy,
            HeaderFormat::Rfc5424,
            HeaderFormat::Bare,
        ] {
            for tag in [Tag::Ftd, Tag::Asa, Tag::Pix] {
                for device_id in [None, Some("fw1"), Some("1 a\nb"), Some("fw1.example.com")] {
                    for (priority, timestamp) in [(true, true), (true, false), (false, true)] {
                        for facility in [FACILITY_LOCAL4, 0, 23] {
                            styles.push(HeaderStyle {
                                format,
                                facility,
                                tag,
                                device_id: device_id.map(str::to_owned),
                                priority,
                                timestamp,
                            });
                        }
                    }
                }
            }
        }
        let mut out = String::new();
        let mut rendered = String::new();
        // Twice over, so that the second pass reads what the first left in the cache, with
        // more styles in between than the cache holds.
        for _ in 0..2 {
            for style in &styles {
                for ts in &stamps {
                    rendered.clear();
                    style.render_timestamp(ts, &mut rendered);
                    for severity in [0, 3, 6, 7, 9] {
                        for &id in &ids {
                            for stamp in [
                                None,
                                Some(Stamp::Value(ts)),
                                Some(Stamp::Rendered(&rendered)),
                            ] {
                                out.clear();
                                style.write_stamped(&mut out, severity, id, stamp).unwrap();
                                let want = uncached(style, severity.min(7), id, stamp);
                                assert_eq!(out, want, "{style:?} {stamp:?} {severity} {id}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// A writer that writes a header of its own from inside its first `write_str`, while the
    /// header cache is in use.
    struct Reentrant<'a> {
        style: &'a HeaderStyle,
        inner: String,
        out: String,
    }

    impl Write for Reentrant<'_> {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            if self.inner.is_empty() {
                let ts = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
                self.style.write(&mut self.inner, 4, 715_001, Some(&ts))?;
            }
            self.out.push_str(text);
            Ok(())
        }
    }

    #[test]
    fn a_header_written_while_one_is_writes_the_same() {
        let style = HeaderStyle {
            device_id: Some("fw1".to_owned()),
            ..HeaderStyle::default()
        };
        let ts = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
        let mut writer = Reentrant {
            style: &style,
            inner: String::new(),
            out: String::new(),
        };
        style.write(&mut writer, 6, 716_001, Some(&ts)).unwrap();
        assert_eq!(
            writer.out,
            "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: "
        );
        assert_eq!(
            writer.inner,
            "<164>Nov 26 2026 14:03:11 fw1 : %FTD-4-715001: "
        );
    }

    #[test]
    fn writes_what_it_reads() {
        for line in [
            "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ",
            "<166>1 2026-11-26T14:03:11.123Z fw1 - - - - %FTD-6-716001: ",
            "%ASA-auth-6-113004: ",
            "%ASA-7-056017: ",
            "Nov  6 04:03:11 fw1 : %FTD-7-715006: ",
        ] {
            assert_eq!(header(line).to_string(), line);
        }
    }

    #[test]
    fn header_text_tables_hold_every_entry() {
        for (pri, text) in PRIORITIES.iter().enumerate() {
            assert_eq!(*text, format!("<{pri}>"));
        }
        for (i, text) in TAGS.iter().enumerate() {
            let tag = [Tag::Ftd, Tag::Asa, Tag::Pix][i / 8];
            assert_eq!(*text, format!("%{}-{}-", tag.as_str(), i % 8));
        }
        let mut out = String::new();
        for rest in 0..1000 {
            out.clear();
            write_below_thousand_and_colon(&mut out, rest).unwrap();
            assert_eq!(out, format!("{rest:03}: "));
        }
        for id in [0, 7, 56_017, 99_999, 100_000, 716_001, 1_234_567, u32::MAX] {
            out.clear();
            write_id(&mut out, id).unwrap();
            assert_eq!(out, format!("{id:06}"));
        }
    }

    /// Two timestamps have equal keys exactly when they are equal, over fields drawn from
    /// small ranges (so that many pairs are equal) and from the extremes of each field.
    #[test]
    fn timestamp_keys_are_equal_exactly_for_equal_timestamps() {
        let mut rng = crate::draw::SplitMix64::new(31);
        let mut pick = |choices: &[u64]| choices[rng.below(choices.len() as u64) as usize];
        let mut draw = || Timestamp {
            year: [None, Some(0), Some(2026), Some(u16::MAX)][pick(&[0, 1, 2, 3]) as usize],
            month: pick(&[1, 12, 255]) as u8,
            day: pick(&[1, 31, 255]) as u8,
            hour: pick(&[0, 23, 255]) as u8,
            minute: pick(&[0, 59, 255]) as u8,
            second: pick(&[0, 60, 255]) as u8,
            nanos: pick(&[0, 250_000_000, u64::from(u32::MAX)]) as u32,
            fraction_digits: pick(&[0, 3, 255]) as u8,
            offset_minutes: [None, Some(0), Some(-1), Some(i16::MIN), Some(i16::MAX)]
                [pick(&[0, 1, 2, 3, 4]) as usize],
            offset_form: [OffsetForm::Z, OffsetForm::Numeric, OffsetForm::UnknownLocal]
                [pick(&[0, 1, 2]) as usize],
            format: [TimestampFormat::Legacy, TimestampFormat::Iso][pick(&[0, 1]) as usize],
        };
        let (mut equal, mut differ) = (0, 0);
        for _ in 0..200_000 {
            let (a, b) = (draw(), draw());
            let mut c = a;
            c.year = b.year;
            for (x, y) in [(a, b), (a, c)] {
                assert_eq!(x.key() == y.key(), x == y, "{x:?} {y:?}");
                if x == y {
                    equal += 1;
                } else {
                    differ += 1;
                }
            }
        }
        assert!(
            equal > 1_000 && differ > 1_000,
            "{equal} equal, {differ} differ"
        );
    }

    /// The tag read from words is the tag read byte by byte, for tags, severities, ids and
    /// what follows them in forms that are and are not the plain one.
    #[test]
    fn plain_tags_read_as_any_tag() {
        let tags = [
            "%FTD-",
            "%ASA-",
            "%PIX-",
            "%FTX-",
            "%ftd-",
            "FTD-6",
            "%ASA-auth-",
        ];
        let severities = ["6-", "0-", "7-", "8-", "/-", "6:", "6"];
        let ids = [
            "716001",
            "056017",
            "999999",
            "000000",
            "71600",
            "7160011",
            "71600a",
            "7160/1",
            "71:001",
            "71600\u{e9}",
        ];
        let ends = [": x", ":", ": ", ":   x", ":x", " : x", "; x", ""];
        let mut plain = 0;
        for prefix in ["", "<166>", "fw1 : "] {
            for tag in tags {
                for severity in severities {
                    for id in ids {
                        for end in ends {
                            let line = format!("{prefix}{tag}{severity}{id}{end}");
                            let pos = prefix.len();
                            if let Some(read) = plain_tag(line.as_bytes(), pos) {
                                assert_eq!(Ok(read), parse_any_tag(&line, pos), "{line:?}");
                                plain += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(
            plain,
            3 * 3 * 3 * 4 * 4,
            "the plain forms are read from words"
        );
    }

    /// The clock read from a word is the clock read digit by digit, for every byte value in
    /// every place of `HH:MM:SS` and for random texts of clock-like bytes.
    #[test]
    fn clock_reads_as_digit_by_digit() {
        fn slowly(bytes: &[u8]) -> Option<(u8, u8, u8)> {
            if bytes.len() < 8 || bytes[2] != b':' || bytes[5] != b':' {
                return None;
            }
            let (h, m, s) = (
                two_digits(bytes)?,
                two_digits(&bytes[3..])?,
                two_digits(&bytes[6..])?,
            );
            (h <= 23 && m <= 59 && s <= 60).then_some((h, m, s))
        }
        let check = |bytes: &[u8]| {
            let fast = clock(bytes).map(|(h, m, s, ..)| (h, m, s));
            assert_eq!(fast, slowly(bytes), "{bytes:?}");
        };
        for base in [*b"14:03:11", *b"23:59:60", *b"00:00:00", *b"24:60:61"] {
            for at in 0..8 {
                for byte in 0..=255u8 {
                    let mut bytes = base;
                    bytes[at] = byte;
                    check(&bytes);
                }
            }
        }
        let alphabet = b"0123456789:0123456789 .";
        let mut rng = crate::draw::SplitMix64::new(23);
        for _ in 0..100_000 {
            let len = rng.below(11) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            check(&bytes);
        }
    }

    #[test]
    fn converts_unix_time() {
        let ts = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
        assert_eq!(ts.to_string(), "Nov 26 2026 14:03:11");
        let ts = Timestamp::from_unix(951_782_400, 0, 0, TimestampFormat::Iso);
        assert_eq!(ts.to_string(), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn rejects_bad_headers() {
        let kind = |line: &str| parse_header(line).unwrap_err().kind().clone();
        assert_eq!(kind(""), ParseErrorKind::Empty);
        assert_eq!(kind("<999>%FTD-6-716001: x"), ParseErrorKind::Priority);
        assert_eq!(kind("hello world"), ParseErrorKind::MissingTag);
        assert_eq!(kind("%FTD-9-716001: x"), ParseErrorKind::Severity);
        assert_eq!(kind("%FTD-6-71600: x"), ParseErrorKind::MessageId);
    }
}
