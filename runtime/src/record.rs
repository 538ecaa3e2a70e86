//! Whole lines: header, optional IKE session context, typed message; parsing and emitting.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::cursor::{find_literal, is_ws, match_literal, starts_with_short};
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

/// The context keys, in the order they come.
const CONTEXT_KEYS: [&str; 3] = ["Group = ", "Username = ", "IP = "];

/// Reads a context prefix at the start of `body`; returns it and the bytes it took.
fn parse_context(body: &str, offset: usize) -> Result<Option<(IkeContext<'_>, usize)>, ParseError> {
    match context_as_sent(body) {
        Some(read) => Ok(read),
        None => read_context(body, offset),
    }
}

/// The context as devices send it, read in one pass: keys as written, each value ended by
/// its first comma, which one blank and then no other follows, and an address that reads.
/// `None` when anything else is seen (a key in another case or spacing, another comma, a bad
/// address), for [`read_context`] to read or report; otherwise what it would return.
fn context_as_sent(body: &str) -> Option<Option<(IkeContext<'_>, usize)>> {
    let bytes = body.as_bytes();
    let mut context = IkeContext::default();
    let mut pos = 0;
    let mut next_key = 0;
    for (key, name) in CONTEXT_KEYS.iter().enumerate() {
        if !starts_with_short(&bytes[pos..], name.as_bytes()) {
            continue;
        }
        let start = pos + name.len();
        if bytes.get(start).is_some_and(|&b| is_ws(b)) {
            return None;
        }
        let end = start + bytes[start..].iter().position(|&b| b == b',')?;
        if bytes.get(end + 1) != Some(&b' ') || bytes.get(end + 2).is_some_and(|&b| is_ws(b)) {
            return None;
        }
        let value = &body[start..end];
        match key {
            0 => context.group = Some(Cow::Borrowed(value)),
            1 => context.username = Some(Cow::Borrowed(value)),
            _ => context.ip = Some(crate::__private::conv::ip(value, false).ok()?),
        }
        pos = end + 2;
        next_key = key + 1;
    }
    // What follows may be a later key in another case or spacing, which the general reading
    // takes.
    if key_at(&bytes[pos..], next_key).is_some() {
        return None;
    }
    Some((pos > 0).then_some((context, pos)))
}

/// The first context key from `from` on that `rest` starts with, in any case and spacing, and
/// the bytes it takes. Each key starts with its own letter, which tolerant matching cannot
/// skip: most bodies start with none of them, and are told so by one byte.
fn key_at(rest: &[u8], from: usize) -> Option<(usize, usize)> {
    let first = rest.first()?.to_ascii_lowercase();
    (from..CONTEXT_KEYS.len()).find_map(|k| {
        let key = CONTEXT_KEYS[k].as_bytes();
        if key[0].to_ascii_lowercase() != first {
            return None;
        }
        match_literal(rest, key).ok().map(|consumed| (k, consumed))
    })
}

/// Reads a context prefix in any spacing and case (see [`parse_context`]).
fn read_context(body: &str, offset: usize) -> Result<Option<(IkeContext<'_>, usize)>, ParseError> {
    let mut context = IkeContext::default();
    let mut pos = 0;
    let mut next_key = 0;
    while let Some((key, consumed)) = key_at(&body.as_bytes()[pos..], next_key) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every one-pass reading equals the general one, over keys in each case and spacing,
    /// values with and without commas and blanks, and good and bad addresses.
    #[test]
    fn context_as_sent_reads_as_the_general_reading_does() {
        let keys = [
            [
                "Group = ",
                "group = ",
                "Group  = ",
                "Group =  ",
                "GROUP =",
                "",
            ],
            ["Username = ", "username = ", "Username =\t", "", "", ""],
            ["IP = ", "ip = ", "IP =  ", "", "", ""],
        ];
        let values = [
            "vpn-ra",
            "",
            "a,b",
            "a, b",
            "10.0.0.1",
            "2001:db8::1",
            "x y",
            "999.1.1.1",
        ];
        let ends = [", ", ",  ", ",", ",\t", ""];
        let tails = [
            "Sent message",
            "group",
            "IKE",
            " x",
            "",
            "ip = 10.0.0.2, x",
            "USERNAME = u, x",
        ];
        let mut compared = 0;
        for g in keys[0] {
            for u in keys[1] {
                for i in keys[2] {
                    for v in values {
                        for end in ends {
                            for tail in tails {
                                let mut body = String::new();
                                for key in [g, u, i].into_iter().filter(|k| !k.is_empty()) {
                                    body.push_str(key);
                                    body.push_str(v);
                                    body.push_str(end);
                                }
                                body.push_str(v);
                                body.push_str(tail);
                                if let Some(fast) = context_as_sent(&body) {
                                    let general = read_context(&body, 0);
                                    assert_eq!(Ok(fast), general, "{body:?}");
                                    compared += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(
            compared > 1000,
            "only {compared} bodies took the one-pass reading"
        );
    }
}
