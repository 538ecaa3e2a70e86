//! Emitting whole lines: [`Emitter`] writes a message with its syslog header, the IKE
//! session context when the message takes one, and the body in the chosen template.

use std::fmt::{self, Write};

use crate::__private::write as field;

use crate::header::{
    write_header_end, write_id_and_colon, HeaderPrefixes, HeaderStyle, Stamp, Timestamp,
};
use crate::info::MessageSet;
use crate::record::IkeContext;

/// Writes whole lines for messages: header style, template choice and bracket style.
///
/// Writing goes straight into the caller's buffer; nothing is allocated per message.
#[derive(Debug, Clone, Default)]
pub struct Emitter {
    /// The header.
    pub header: HeaderStyle,
    /// Whether session identities are written `<bracketed>` (newer software) or bare.
    pub bare_identities: bool,
}

impl Emitter {
    /// Writes one line (without a line terminator). `severity` overrides the catalog's.
    pub fn write<'a, W: Write + ?Sized, M: MessageSet<'a>>(
        &self,
        out: &mut W,
        message: &M,
        context: Option<&IkeContext<'_>>,
        timestamp: Option<&Timestamp>,
        template: usize,
        severity: Option<u8>,
    ) -> fmt::Result {
        let line = Line {
            message,
            context,
            template,
            severity,
        };
        self.write_line(out, line, Head::Stamped(timestamp.map(Stamp::Value)))
    }

    /// [`Emitter::write`] with the timestamp rendered already by
    /// [`HeaderStyle::render_timestamp`](crate::HeaderStyle::render_timestamp) (a writer of
    /// many lines per second renders it once a second).
    pub fn write_rendered<'a, W: Write + ?Sized, M: MessageSet<'a>>(
        &self,
        out: &mut W,
        message: &M,
        context: Option<&IkeContext<'_>>,
        timestamp: Option<&str>,
        template: usize,
    ) -> fmt::Result {
        let line = Line::at_catalog_severity(message, context, template);
        self.write_line(out, line, Head::Stamped(timestamp.map(Stamp::Rendered)))
    }

    /// [`Emitter::write_rendered`] with the header's text up to the id rendered already by
    /// [`HeaderStyle::render_prefixes`](crate::HeaderStyle::render_prefixes) of this
    /// emitter's style (a writer of many lines per second renders them once a second). The
    /// line is the one `write_rendered` writes with the timestamp the prefixes hold.
    pub fn write_prefixed<'a, W: Write + ?Sized, M: MessageSet<'a>>(
        &self,
        out: &mut W,
        prefixes: &HeaderPrefixes,
        message: &M,
        context: Option<&IkeContext<'_>>,
        template: usize,
    ) -> fmt::Result {
        let line = Line::at_catalog_severity(message, context, template);
        self.write_line(out, line, Head::Prefixed(prefixes))
    }

    fn write_line<'a, W: Write + ?Sized, M: MessageSet<'a>>(
        &self,
        out: &mut W,
        line: Line<'_, '_, M>,
        head: Head<'_>,
    ) -> fmt::Result {
        let message = line.message;
        // One look-up gives the id, the catalog severity, whether the context applies and
        // the header's end as text; only a message outside the catalog asks for its id.
        let facts = message.line_facts();
        let (id, catalog_severity, takes_context) = match facts {
            Some(facts) => (facts.id, facts.severity, facts.ike_context),
            None => {
                let id = message.id();
                (id, 6, M::takes_ike_context(id))
            }
        };
        let severity = line.severity.unwrap_or(catalog_severity);
        match head {
            Head::Stamped(timestamp) => self.header.write_before_id(out, severity, timestamp)?,
            Head::Prefixed(prefixes) => prefixes.write_before_id(out, severity)?,
        }
        match facts {
            Some(facts) => write_header_end(out, facts.header_end)?,
            None => write_id_and_colon(out, id)?,
        }
        if let Some(context) = line.context {
            if takes_context {
                write_context(out, context)?;
            }
        }
        message.write_body(out, line.template, !self.bare_identities)
    }

    /// Writes one line into an `io::Write` (with a trailing LF), through a reused buffer.
    pub fn write_io<'a, W: std::io::Write + ?Sized, M: MessageSet<'a>>(
        &self,
        out: &mut W,
        buffer: &mut String,
        message: &M,
        context: Option<&IkeContext<'_>>,
        timestamp: Option<&Timestamp>,
    ) -> std::io::Result<()> {
        buffer.clear();
        self.write(buffer, message, context, timestamp, 0, None)
            .map_err(|_| std::io::Error::other("formatting failed"))?;
        buffer.push('\n');
        out.write_all(buffer.as_bytes())
    }
}

/// How a line's header is written: from the style and a timestamp, or from prefixes
/// rendered already.
enum Head<'a> {
    Stamped(Option<Stamp<'a>>),
    Prefixed(&'a HeaderPrefixes),
}

/// What one line is made of, besides its header.
struct Line<'m, 'c, M> {
    message: &'m M,
    context: Option<&'m IkeContext<'c>>,
    template: usize,
    severity: Option<u8>,
}

impl<'m, 'c, M> Line<'m, 'c, M> {
    /// A line at the severity the catalog gives its message.
    fn at_catalog_severity(
        message: &'m M,
        context: Option<&'m IkeContext<'c>>,
        template: usize,
    ) -> Self {
        Line {
            message,
            context,
            template,
            severity: None,
        }
    }
}

/// Writes an IKE context prefix as its `Display` does (`Group = g, Username = u, IP = a, `),
/// without the formatting machinery; the `, ` after a value goes out with the next label.
fn write_context<W: Write + ?Sized>(out: &mut W, context: &IkeContext<'_>) -> fmt::Result {
    let mut written = false;
    let mut label = |out: &mut W, first: &str, later: &str| {
        let text = if written { later } else { first };
        written = true;
        out.write_str(text)
    };
    if let Some(group) = &context.group {
        label(out, "Group = ", ", Group = ")?;
        field::text(out, group)?;
    }
    if let Some(user) = &context.username {
        label(out, "Username = ", ", Username = ")?;
        field::text(out, user)?;
    }
    if let Some(ip) = &context.ip {
        label(out, "IP = ", ", IP = ")?;
        field::ip(out, ip)?;
    }
    if written {
        out.write_str(", ")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_header_form() {
        use crate::header::{HeaderFormat, Tag, TimestampFormat};
        let stamp = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
        let cases = [
            (
                HeaderFormat::Legacy,
                Tag::Ftd,
                716_001,
                Some(stamp),
                "<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ",
            ),
            (
                HeaderFormat::Legacy,
                Tag::Asa,
                56_017,
                Some(stamp.without_year()),
                "<166>Nov 26 14:03:11 fw1 : %ASA-6-056017: ",
            ),
            (
                HeaderFormat::Rfc5424,
                Tag::Ftd,
                716_001,
                Some(stamp),
                "<166>1 2026-11-26T14:03:11Z fw1 - - - - %FTD-6-716001: ",
            ),
            (
                HeaderFormat::Rfc5424,
                Tag::Ftd,
                716_001,
                None,
                "<166>1 - fw1 - - - - %FTD-6-716001: ",
            ),
            (
                HeaderFormat::Bare,
                Tag::Ftd,
                1_234_567,
                None,
                "%FTD-6-1234567: ",
            ),
        ];
        for (format, tag, id, timestamp, want) in cases {
            let style = HeaderStyle {
                format,
                tag,
                device_id: Some("fw1".to_owned()),
                ..HeaderStyle::default()
            };
            let mut out = String::new();
            style.write(&mut out, 6, id, timestamp.as_ref()).unwrap();
            assert_eq!(out, want);
            let mut rendered = String::new();
            if let Some(ts) = &timestamp {
                style.render_timestamp(ts, &mut rendered);
            }
            out.clear();
            let text = timestamp.map(|_| rendered.as_str());
            style.write_rendered(&mut out, 6, id, text).unwrap();
            assert_eq!(out, want, "rendered");
        }
    }

    /// Lines written from prefixes rendered once are the lines `write_rendered` writes, for
    /// every header form, tag, option and severity, and every catalog message.
    #[test]
    fn prefixed_lines_are_the_rendered_ones() {
        use crate::header::{HeaderFormat, Tag, TimestampFormat};
        use crate::{Message, RandomValues, MESSAGES};
        let stamp = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
        let context = IkeContext {
            group: Some("vpn-ra".into()),
            username: Some("alice".into()),
            ip: Some([192, 0, 2, 7].into()),
        };
        let mut values = RandomValues::new(5);
        let mut compared = 0;
        for format in [
            HeaderFormat::Legacy,
            HeaderFormat::Rfc5424,
            HeaderFormat::Bare,
        ] {
            for tag in [Tag::Ftd, Tag::Asa, Tag::Pix] {
                for (priority, timestamp, device) in [
                    (true, true, Some("fw1")),
                    (false, true, None),
                    (true, false, Some("1 x")),
                    (false, false, Some("fw 2")),
                ] {
                    let emitter = Emitter {
                        header: HeaderStyle {
                            format,
                            tag,
                            device_id: device.map(str::to_owned),
                            priority,
                            timestamp,
                            ..HeaderStyle::default()
                        },
                        bare_identities: false,
                    };
                    for stamp in [Some(stamp), Some(stamp.without_year()), None] {
                        let mut rendered = String::new();
                        if let Some(ts) = &stamp {
                            emitter.header.render_timestamp(ts, &mut rendered);
                        }
                        let text = stamp.map(|_| rendered.as_str());
                        let prefixes = emitter.header.render_prefixes(text);
                        for severity in 0..=9 {
                            let (mut want, mut got) = (String::new(), String::new());
                            emitter
                                .header
                                .write_rendered(&mut want, severity, 716_001, text)
                                .unwrap();
                            prefixes.write(&mut got, severity, 716_001).unwrap();
                            assert_eq!(got, want);
                        }
                        for info in MESSAGES.iter().step_by(7) {
                            let message = Message::draw(info.id, &mut values).unwrap();
                            let (mut want, mut got) = (String::new(), String::new());
                            emitter
                                .write_rendered(&mut want, &message, Some(&context), text, 0)
                                .unwrap();
                            emitter
                                .write_prefixed(&mut got, &prefixes, &message, Some(&context), 0)
                                .unwrap();
                            assert_eq!(got, want);
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 2_000, "{compared} lines compared");
    }

    /// The generated one-look-up facts are the catalog metadata's.
    #[test]
    fn line_facts_are_the_catalogs() {
        use crate::{Message, RandomValues, MESSAGES};
        let mut values = RandomValues::new(9);
        for info in MESSAGES {
            let message = Message::draw(info.id, &mut values).unwrap();
            let mut end = String::new();
            write_id_and_colon(&mut end, info.id).unwrap();
            let facts = message.line_facts().expect("catalogued");
            assert_eq!(
                (
                    facts.id,
                    facts.severity,
                    facts.ike_context,
                    facts.header_end
                ),
                (info.id, info.severity, info.ike_context, end.as_str()),
            );
        }
        let unknown = Message::Unknown {
            id: 999_999,
            severity: 3,
            text: "x".into(),
        };
        assert_eq!(unknown.line_facts(), None);
    }

    #[test]
    fn writes_the_context_as_display_does() {
        let contexts = [
            IkeContext::default(),
            IkeContext {
                group: Some("vpn-ra".into()),
                username: Some("a\nb".into()),
                ip: Some([192, 0, 2, 7].into()),
            },
            IkeContext {
                group: None,
                username: None,
                ip: Some("2001:db8::1".parse().unwrap()),
            },
        ];
        for context in contexts {
            let mut out = String::new();
            write_context(&mut out, &context).unwrap();
            assert_eq!(out, context.to_string());
        }
    }
}
