//! Parse errors: what was expected, where (a byte span of the line), and in which message.

use core::fmt;
use core::ops::Range;

/// What went wrong while parsing a line.
///
/// The kinds are stable in meaning; new kinds may be added, so match with a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The line is empty (or only whitespace).
    Empty,
    /// The `<PRI>` prefix is malformed or out of range (0-191).
    Priority,
    /// A timestamp is malformed.
    Timestamp,
    /// An RFC 5424 header field is missing or malformed.
    Rfc5424,
    /// No `%FTD-` or `%ASA-` tag was found.
    MissingTag,
    /// The severity after the tag is not a digit 0-7.
    Severity,
    /// The message id after the severity is not a six-digit number followed by `:`.
    MessageId,
    /// The IKE session context prefix (`Group = ..., IP = ..., `) is malformed.
    Context,
    /// A fixed part of the message text differs from the template.
    Literal {
        /// The text the template expects here.
        expected: &'static str,
    },
    /// The line ends where more text was expected.
    Truncated {
        /// The text or field expected.
        expected: &'static str,
    },
    /// A field's text is not a valid value of its type.
    Field {
        /// The field name.
        field: &'static str,
        /// What a valid value looks like.
        expected: &'static str,
    },
    /// A number is outside the range of its field's type.
    OutOfRange {
        /// The field name.
        field: &'static str,
        /// The field's type.
        ty: &'static str,
    },
    /// Text remains after the end of the template.
    Trailing,
    /// A bracketed field (`<value>`) is not closed.
    UnclosedBracket,
    /// The message id is not in the catalog (from APIs that require a known id).
    UnknownId,
    /// The line is not valid UTF-8.
    InvalidUtf8,
    /// The line is longer than the reader accepts.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// A parse error: its kind, the byte span of the line it concerns, and the message id when the
/// header was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: ParseErrorKind,
    span: Range<usize>,
    id: Option<u32>,
}

impl ParseError {
    /// Creates an error.
    pub fn new(kind: ParseErrorKind, span: Range<usize>, id: Option<u32>) -> Self {
        ParseError { kind, span, id }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// The byte range of the input the error concerns (empty at the point of a missing part).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The message id, when the header was read.
    pub fn id(&self) -> Option<u32> {
        self.id
    }

    /// Of the error kept so far and one from a later reading, the one that got further into
    /// the input (the earlier of equals): it tells the most about what was wrong.
    pub(crate) fn furthest(previous: Option<ParseError>, next: ParseError) -> Option<ParseError> {
        Some(match previous {
            Some(previous) if previous.span.start >= next.span.start => previous,
            _ => next,
        })
    }

    pub(crate) fn with_id(mut self, id: u32) -> Self {
        self.id = Some(id);
        self
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Empty => f.write_str("empty line"),
            ParseErrorKind::Priority => f.write_str("expected a priority <0>..<191>"),
            ParseErrorKind::Timestamp => f.write_str("expected a timestamp"),
            ParseErrorKind::Rfc5424 => f.write_str("expected an RFC 5424 header field"),
            ParseErrorKind::MissingTag => f.write_str("expected '%FTD-', '%ASA-' or '%PIX-'"),
            ParseErrorKind::Severity => f.write_str("expected a severity digit 0-7"),
            ParseErrorKind::MessageId => f.write_str("expected a six-digit message id and ':'"),
            ParseErrorKind::Context => {
                f.write_str("expected an IKE context 'Group = ..., Username = ..., IP = ..., '")
            }
            ParseErrorKind::Literal { expected } => write!(f, "expected {expected:?}"),
            ParseErrorKind::Truncated { expected } => {
                write!(f, "line ends where {expected:?} was expected")
            }
            ParseErrorKind::Field { field, expected } => {
                write!(f, "field '{field}': expected {expected}")
            }
            ParseErrorKind::OutOfRange { field, ty } => {
                write!(f, "field '{field}': number out of range for {ty}")
            }
            ParseErrorKind::Trailing => f.write_str("unexpected text after the end of the message"),
            ParseErrorKind::UnclosedBracket => f.write_str("'<' without a closing '>'"),
            ParseErrorKind::UnknownId => f.write_str("message id not in the catalog"),
            ParseErrorKind::InvalidUtf8 => f.write_str("line is not valid UTF-8"),
            ParseErrorKind::TooLong { limit } => write!(f, "line longer than {limit} bytes"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = self.id {
            write!(f, "{id}: ")?;
        }
        write!(
            f,
            "{} at bytes {}..{}",
            self.kind, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for ParseError {}
