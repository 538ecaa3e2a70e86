//! Whole lines: header, optional IKE session context, typed message; parsing and emitting.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::cursor::{find_literal, match_literal};
use crate::error::{ParseError, ParseErrorKind};
use crate::header::{parse_header, Header};
use crate::info::MessageSet;

/// The IKE session context that precedes IKE messages (715xxx):
/// `Group = vpn-ra, Username = alice, IP = 192.0.2.7, `. Each part is optional, but the parts
/// that are present come in this order and each ends with `, `.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct IkeContext<'a> {
    /// The tunnel group, once known.
    pub group: Option<Cow<'a, str>>,
    /// The user name, once known.
    pub username: Option<Cow<'a, str>>,
    /// The peer address.
    pub ip: Option<IpAddr>,
}

impl IkeContext<'_> {
    /// Converts borrowed text into owned text.
    pub fn into_owned(self) -> IkeContext<'static> {
        IkeContext {
            group: self.group.map(|g| Cow::Owned(g.into_owned())),
            username: self.username.map(|u| Cow::Owned(u.into_owned())),
            ip: self.ip,
        }
    }

    /// Whether no part is present.
    pub fn is_empty(&self) -> bool {
        self.group.is_none() && self.username.is_none() && self.ip.is_none()
    }
}

impl fmt::Display for IkeContext<'_> {
    /// Writes the prefix, including the final `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(group) = &self.group {
            f.write_str("Group = ")?;
            crate::__private::write::text(f, group)?;
            f.write_str(", ")?;
        }
        if let Some(user) = &self.username {
            f.write_str("Username = ")?;
            crate::__private::write::text(f, user)?;
            f.write_str(", ")?;
        }
        if let Some(ip) = &self.ip {
            write!(f, "IP = {ip}, ")?;
        }
        Ok(())
    }
}

/// Reads a context prefix at the start of `body`; returns it and the bytes it took.
fn parse_context(body: &str, offset: usize) -> Result<Option<(IkeContext<'_>, usize)>, ParseError> {
    const KEYS: [&str; 3] = ["Group = ", "Username = ", "IP = "];
    let mut context = IkeContext::default();
    let mut pos = 0;
    let mut next_key = 0;
    loop {
        let rest = &body[pos..];
        // Each key starts with its letter (in any case); most bodies start with none of them.
        let first = rest.as_bytes().first().map(u8::to_ascii_lowercase);
        if !matches!(first, Some(b'g' | b'u' | b'i')) {
            break;
        }
        let Some((key, consumed)) = (next_key..KEYS.len()).find_map(|k| {
            match_literal(rest.as_bytes(), KEYS[k].as_bytes())
                .ok()
                .map(|consumed| (k, consumed))
        }) else {
            break;
        };
        let start = pos + consumed;
        let Some(end) = find_literal(&body[start..], ", ") else {
            return Err(ParseError::new(
                ParseErrorKind::Context,
                offset + pos..offset + body.len(),
                None,
            ));
        };
        let value = &body[start..start + end];
        match key {
            0 => context.group = Some(Cow::Borrowed(value)),
            1 => context.username = Some(Cow::Borrowed(value)),
            _ => {
                let ip = crate::__private::conv::ip(value, false).map_err(|_| {
                    ParseError::new(
                        ParseErrorKind::Context,
                        offset + start..offset + start + end,
                        None,
                    )
                })?;
                context.ip = Some(ip);
            }
        }
        pos = start + end + match_literal(&body.as_bytes()[start + end..], b", ").unwrap_or(2);
        next_key = key + 1;
    }
    Ok((pos > 0).then_some((context, pos)))
}

/// A parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a, M = crate::Message<'a>> {
    /// The syslog header and the tag.
    pub header: Header<'a>,
    /// The IKE session context, when the line has one.
    pub context: Option<IkeContext<'a>>,
    /// The typed message.
    pub message: M,
}

/// Parses a line of the bundled catalog's messages. Trailing CR/LF and spaces are ignored;
/// whitespace runs inside the body may differ from the template.
pub fn parse_line(line: &str) -> Result<Record<'_>, ParseError> {
    parse_line_as(line)
}

/// Parses a line with any generated message set (a catalog of one's own).
pub fn parse_line_as<'a, M: MessageSet<'a>>(line: &'a str) -> Result<Record<'a, M>, ParseError> {
    let kept = line
        .as_bytes()
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'));
    // The bytes cut are ASCII, so the cut is a char boundary.
    let line = &line[..kept.map_or(0, |at| at + 1)];
    let (header, body_start) = parse_header(line)?;
    let id = header.id;
    let mut body_start = body_start;
    let mut context = None;
    if M::takes_ike_context(id) {
        if let Some((parsed, len)) =
            parse_context(&line[body_start..], body_start).map_err(|e| e.with_id(id))?
        {
            context = Some(parsed);
            body_start += len;
        }
    }
    let message = M::parse_body(id, header.severity, &line[body_start..], body_start)?;
    Ok(Record {
        header,
        context,
        message,
    })
}

impl<'a, M: MessageSet<'a>> Record<'a, M> {
    /// The severity sent on the wire (the tag's digit), which a device may be configured to
    /// raise or lower from the catalog's.
    pub fn severity(&self) -> u8 {
        self.header.severity
    }

    /// The severity the catalog gives the message; `None` for an id outside the catalog.
    pub fn catalog_severity(&self) -> Option<u8> {
        self.message.info().map(|info| info.severity)
    }

    /// Whether the wire severity differs from the catalog's (never for an unknown id).
    pub fn severity_differs(&self) -> bool {
        self.catalog_severity()
            .is_some_and(|catalog| catalog != self.header.severity)
    }
}

impl<'a, M: MessageSet<'a>> fmt::Display for Record<'a, M> {
    /// Writes the line in canonical form (single spaces, default template, brackets).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.header)?;
        if let Some(context) = &self.context {
            write!(f, "{context}")?;
        }
        self.message.write_body(f, 0, true)
    }
}
