//! The parse cursor used by generated parsers: whitespace-tolerant literal matching and the
//! rules that find where each field ends.
//!
//! Invariants: `pos` is a char boundary of `input` and only moves forward; every error span is
//! within `input` and shifted by `offset` (the body's position in its line).

use crate::error::{ParseError, ParseErrorKind};

/// A field's raw text and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    text: &'a str,
    start: usize,
    bracketed: bool,
}

/// Why a field's text is not a value of its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    /// Not a value of the type; says what a valid value looks like.
    Invalid(&'static str),
    /// A number too large or too small for the type named.
    OutOfRange(&'static str),
}

/// Where a token field (one without whitespace) ends before the whitespace that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenEnd {
    /// At the whitespace.
    Whitespace,
    /// At the first occurrence of this byte within the token.
    First(u8),
    /// At the last occurrence of this byte within the token (an address may contain the
    /// punctuation that follows it).
    Last(u8),
}

/// Reads a message body left to right.
#[derive(Debug)]
pub struct Cursor<'a> {
    input: &'a str,
    pos: usize,
    offset: usize,
    id: u32,
}

pub(crate) fn is_ws(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// Matches `literal` at the start of `hay`, a space in the literal matching one or more spaces
/// or tabs. Returns the bytes consumed, or how many matched before the first difference.
pub(crate) fn match_literal(hay: &[u8], literal: &[u8]) -> Result<usize, usize> {
    // Devices almost always send the canonical spacing: compare whole first.
    if hay.starts_with(literal)
        && !hay
            .get(literal.len())
            .is_some_and(|&b| is_ws(b) && literal.last() == Some(&b' '))
    {
        return Ok(literal.len());
    }
    let (mut i, mut j) = (0, 0);
    while j < literal.len() {
        if literal[j] == b' ' {
            if i >= hay.len() || !is_ws(hay[i]) {
                return Err(i);
            }
            while i < hay.len() && is_ws(hay[i]) {
                i += 1;
            }
        } else {
            if i >= hay.len() || hay[i] != literal[j] {
                return Err(i);
            }
            i += 1;
        }
        j += 1;
    }
    Ok(i)
}

/// Where `literal` first occurs in `hay` (whitespace-tolerant): the end of the value before it,
/// which excludes the whitespace the literal starts with.
pub(crate) fn find_literal(hay: &str, literal: &str) -> Option<usize> {
    let core = literal.trim_start_matches(' ');
    let lead = core.len() != literal.len();
    let anchor = &core[..core.find(' ').unwrap_or(core.len())];
    if anchor.is_empty() {
        return hay.bytes().position(is_ws);
    }
    let bytes = hay.as_bytes();
    let anchor_bytes = anchor.as_bytes();
    // Anchors are short: find their first byte, then compare, rather than set up a substring
    // searcher per field.
    for at in memchr::memchr_iter(anchor_bytes[0], bytes) {
        if !bytes[at..].starts_with(anchor_bytes) {
            continue;
        }
        let lead_ok = !lead || (at > 0 && is_ws(bytes[at - 1]));
        if lead_ok && match_literal(&bytes[at..], core.as_bytes()).is_ok() {
            let end = if lead {
                hay[..at].trim_end_matches([' ', '\t']).len()
            } else {
                at
            };
            return Some(end);
        }
    }
    None
}

/// Where `hay` would end without `literal` at its end (whitespace-tolerant), if it ends so.
pub(crate) fn strip_suffix(hay: &str, literal: &str) -> Option<usize> {
    let (h, l) = (hay.as_bytes(), literal.as_bytes());
    if h.ends_with(l)
        && !(l.first() == Some(&b' ') && h.len() > l.len() && is_ws(h[h.len() - l.len() - 1]))
    {
        return Some(h.len() - l.len());
    }
    let (mut i, mut j) = (h.len(), l.len());
    while j > 0 {
        if l[j - 1] == b' ' {
            if i == 0 || !is_ws(h[i - 1]) {
                return None;
            }
            while i > 0 && is_ws(h[i - 1]) {
                i -= 1;
            }
        } else {
            if i == 0 || h[i - 1] != l[j - 1] {
                return None;
            }
            i -= 1;
        }
        j -= 1;
    }
    Some(i)
}

/// Where `literal` last occurs in `hay` (whitespace-tolerant), as [`find_literal`] says where
/// it first does.
fn rfind_literal(hay: &str, literal: &str) -> Option<usize> {
    let core = literal.trim_start_matches(' ');
    let lead = core.len() != literal.len();
    let first = *core.as_bytes().first()?;
    let bytes = hay.as_bytes();
    memchr::memrchr_iter(first, bytes).find_map(|at| {
        let lead_ok = !lead || (at > 0 && is_ws(bytes[at - 1]));
        (lead_ok && match_literal(&bytes[at..], core.as_bytes()).is_ok()).then(|| {
            if lead {
                hay[..at].trim_end_matches([' ', '\t']).len()
            } else {
                at
            }
        })
    })
}

/// Whether `hay` looks cut short before `literal`: it is empty, or ends with a beginning of it.
fn truncated_before(hay: &str, literal: &str) -> bool {
    let hay = hay.trim_end();
    let literal = literal.trim();
    hay.is_empty()
        || literal
            .char_indices()
            .skip(1)
            .map(|(i, _)| &literal[..i])
            .chain(core::iter::once(literal))
            .any(|prefix| hay.ends_with(prefix))
}

impl<'a> Cursor<'a> {
    /// Starts reading `input`, which begins at byte `offset` of its line, for message `id`.
    pub fn new(input: &'a str, offset: usize, id: u32) -> Self {
        Cursor {
            input,
            pos: 0,
            offset,
            id,
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn error(&self, kind: ParseErrorKind, start: usize, end: usize) -> ParseError {
        ParseError::new(kind, start + self.offset..end + self.offset, Some(self.id))
    }

    fn char_end(&self, at: usize) -> usize {
        self.input[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Consumes a literal.
    pub fn literal(&mut self, literal: &'static str) -> Result<(), ParseError> {
        match match_literal(self.rest().as_bytes(), literal.as_bytes()) {
            Ok(consumed) => {
                self.pos += consumed;
                Ok(())
            }
            Err(matched) => {
                let at = self.pos + matched;
                if at >= self.input.len() {
                    Err(self.error(ParseErrorKind::Truncated { expected: literal }, at, at))
                } else {
                    Err(self.error(
                        ParseErrorKind::Literal { expected: literal },
                        at,
                        self.char_end(at),
                    ))
                }
            }
        }
    }

    /// A `<value>` when the input has one here.
    fn bracket(&mut self) -> Result<Option<Span<'a>>, ParseError> {
        if !self.rest().starts_with('<') {
            return Ok(None);
        }
        // A bracketed value holds neither bracket: `<a <b>` is an unclosed '<'.
        match self.rest()[1..].find(['<', '>']).map(|at| at + 1) {
            Some(close) if self.rest().as_bytes()[close] == b'>' => {
                let span = Span {
                    text: &self.rest()[1..close],
                    start: self.pos + 1,
                    bracketed: true,
                };
                self.pos += close + 1;
                Ok(Some(span))
            }
            Some(inner) => {
                Err(self.error(ParseErrorKind::UnclosedBracket, self.pos, self.pos + inner))
            }
            None => Err(self.error(ParseErrorKind::UnclosedBracket, self.pos, self.input.len())),
        }
    }

    fn take(&mut self, len: usize) -> Span<'a> {
        let span = Span {
            text: &self.rest()[..len],
            start: self.pos,
            bracketed: false,
        };
        self.pos += len;
        span
    }

    /// A field that ends at the first occurrence of `next` (free text).
    pub fn until(&mut self, next: &'static str, bracketed: bool) -> Result<Span<'a>, ParseError> {
        if bracketed {
            if let Some(span) = self.bracket()? {
                return Ok(span);
            }
        }
        match find_literal(self.rest(), next) {
            Some(end) => Ok(self.take(end)),
            None => Err(self.missing(next)),
        }
    }

    fn missing(&self, next: &'static str) -> ParseError {
        let end = self.input.len();
        if truncated_before(self.rest(), next) {
            self.error(ParseErrorKind::Truncated { expected: next }, end, end)
        } else {
            self.error(ParseErrorKind::Literal { expected: next }, self.pos, end)
        }
    }

    /// A field that ends at whitespace, or before it where `end_rule` says.
    pub fn token(&mut self, end_rule: TokenEnd, bracketed: bool) -> Result<Span<'a>, ParseError> {
        if bracketed {
            if let Some(span) = self.bracket()? {
                return Ok(span);
            }
        }
        let rest = self.rest().as_bytes();
        let mut end = rest.iter().position(|&b| is_ws(b)).unwrap_or(rest.len());
        let found = match end_rule {
            TokenEnd::Whitespace => None,
            TokenEnd::First(stop) => rest[..end].iter().position(|&b| b == stop),
            TokenEnd::Last(stop) => rest[..end].iter().rposition(|&b| b == stop),
        };
        if let Some(at) = found {
            end = at;
        }
        Ok(self.take(end))
    }

    /// A field of decimal digits (with an optional sign), directly followed by letters.
    pub fn digits(&mut self, bracketed: bool) -> Result<Span<'a>, ParseError> {
        if bracketed {
            if let Some(span) = self.bracket()? {
                return Ok(span);
            }
        }
        let rest = self.rest().as_bytes();
        let sign = usize::from(rest.first() == Some(&b'-'));
        let end = sign
            + rest[sign..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        Ok(self.take(end))
    }

    /// The last field: everything up to `suffix` at the end of the input.
    pub fn rest_before(
        &mut self,
        suffix: Option<&'static str>,
        bracketed: bool,
    ) -> Result<Span<'a>, ParseError> {
        let end = match suffix {
            None => self.rest().len(),
            // Not at the end: text after the suffix's last occurrence is trailing text (which
            // `finish` reports) after a complete message.
            Some(suffix) => match strip_suffix(self.rest(), suffix)
                .or_else(|| rfind_literal(self.rest(), suffix))
            {
                Some(end) => end,
                None => return Err(self.missing(suffix)),
            },
        };
        let text = &self.rest()[..end];
        // Where a field may be bracketed, a value that starts with '<' is bracketed: it must be
        // one `<...>` and nothing else.
        let span = if bracketed && text.starts_with('<') {
            if let Some(inner) = text[1..].find('<') {
                let at = self.pos + 1 + inner;
                return Err(self.error(ParseErrorKind::UnclosedBracket, self.pos, at));
            }
            match text[1..].find('>') {
                Some(close) if close + 2 == text.len() => Span {
                    text: &text[1..close + 1],
                    start: self.pos + 1,
                    bracketed: true,
                },
                Some(close) => {
                    let at = self.pos + close + 2;
                    return Err(self.error(ParseErrorKind::Trailing, at, self.pos + end));
                }
                None => {
                    return Err(self.error(
                        ParseErrorKind::UnclosedBracket,
                        self.pos,
                        self.pos + end,
                    ))
                }
            }
        } else {
            Span {
                text,
                start: self.pos,
                bracketed: false,
            }
        };
        self.pos += end;
        Ok(span)
    }

    /// The last field when it is one of `values` (which may hold spaces): the rest of the
    /// input when it is one of them; otherwise the longest value the rest starts with, before
    /// whitespace (what follows is trailing text, which `finish` reports); otherwise the rest
    /// (which the field's conversion rejects).
    pub fn rest_among(&mut self, values: &[&str], ignore_case: bool) -> Span<'a> {
        let rest = self.rest();
        let starts = |value: &str| {
            rest.get(..value.len())
                .is_some_and(|head| match ignore_case {
                    true => head.eq_ignore_ascii_case(value),
                    false => head == value,
                })
        };
        let whole = values.iter().any(|v| v.len() == rest.len() && starts(v));
        let head = values
            .iter()
            .filter(|v| starts(v) && rest.as_bytes().get(v.len()).is_some_and(|&b| is_ws(b)))
            .map(|v| v.len())
            .max();
        match head {
            Some(len) if !whole => self.take(len),
            _ => self.take(rest.len()),
        }
    }

    /// An optional word: consumed and `true` when present.
    pub fn flag(&mut self, word: &'static str) -> bool {
        match match_literal(self.rest().as_bytes(), word.as_bytes()) {
            Ok(consumed) => {
                self.pos += consumed;
                true
            }
            Err(_) => false,
        }
    }

    /// Converts a field's text, turning a problem into an error that names the field.
    pub fn field<T>(
        &self,
        span: Span<'a>,
        field: &'static str,
        convert: impl FnOnce(&'a str, bool) -> Result<T, FieldProblem>,
    ) -> Result<T, ParseError> {
        convert(span.text, span.bracketed).map_err(|problem| {
            let end = span.start + span.text.len();
            if span.text.is_empty() && span.start >= self.input.len() {
                return self.error(
                    ParseErrorKind::Truncated { expected: field },
                    span.start,
                    span.start,
                );
            }
            let kind = match problem {
                FieldProblem::Invalid(expected) => ParseErrorKind::Field { field, expected },
                FieldProblem::OutOfRange(ty) => ParseErrorKind::OutOfRange { field, ty },
            };
            self.error(kind, span.start, end)
        })
    }

    /// Checks that the whole input was read.
    pub fn finish(&self) -> Result<(), ParseError> {
        if self.pos < self.input.len() {
            Err(self.error(ParseErrorKind::Trailing, self.pos, self.input.len()))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_matching_tolerates_whitespace_runs() {
        assert_eq!(match_literal(b"a   b c", b"a b"), Ok(5));
        assert_eq!(match_literal(b"ab", b"a b"), Err(1));
        assert_eq!(match_literal(b"a", b"a b"), Err(1));
    }

    #[test]
    fn finds_literals_after_free_text() {
        assert_eq!(find_literal("vpn ra  User alice", " User "), Some(6));
        assert_eq!(find_literal("vpnUser User x", " User "), Some(7));
        assert_eq!(find_literal("a, b, mask x", ", mask "), Some(4));
        assert_eq!(find_literal("abc", " User "), None);
    }

    #[test]
    fn strips_suffixes_from_the_right() {
        assert_eq!(strip_suffix("1.2.3.4  started.", " started."), Some(7));
        assert_eq!(strip_suffix("x..", "."), Some(2));
        assert_eq!(strip_suffix("x", " started."), None);
    }

    #[test]
    fn recognises_truncation() {
        assert!(truncated_before(
            "alice WebVPN sess",
            " WebVPN session started."
        ));
        assert!(!truncated_before("alice Foo", " WebVPN session started."));
    }
}
