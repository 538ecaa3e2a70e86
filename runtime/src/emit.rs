//! Emitting whole lines: [`Emitter`] writes a message with its syslog header, the IKE
//! session context when the message takes one, and the body in the chosen template.

use std::fmt::{self, Write};

use crate::header::{HeaderStyle, Timestamp};
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
        let severity = severity
            .or_else(|| message.info().map(|i| i.severity))
            .unwrap_or(6);
        self.header.write(out, severity, message.id(), timestamp)?;
        if let Some(context) = context {
            if M::takes_ike_context(message.id()) {
                write!(out, "{context}")?;
            }
        }
        message.write_body(out, template, !self.bare_identities)
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
