//! The parse cursor used by generated parsers: literal matching and the rules that find where
//! each field ends.
//!
//! A generated parser reads a body in two passes. The **exact pass** tries every template
//! with the template's bytes (a blank matching a run of blanks or tabs); only when no
//! template reads the body so does the **tolerant pass** try them all again, where:
//! - letters of literals match in any ASCII case (values keep the case sent; a closed enum's
//!   value is recognised in any case);
//! - a template blank matches one or more blanks or tabs, or none when the template character
//!   before it is `:`, `=`, `,` or a bracket `()[]<>`, or the one after it is a bracket;
//! - an address or port may be sent as `<value>` or `[value]` (a `{<name>}` identity takes
//!   `<value>` in both passes);
//! - a template's final period may be missing when the body does not end with a period.
//!
//! A free-text field ends at the first **exact** occurrence of the literal after it, wherever it
//! is; only when there is none, at the first tolerant occurrence (so that text a device sent in
//! another case, such as `user` inside a group name, stays in the value when the literal itself
//! came as written). A token field ends at a blank or at its stop byte in both passes (a blank
//! missing before a bracket after a token is not recognised). With several templates, of the
//! readings that succeed the one with the least free text wins (a free-text field must not
//! swallow what another template reads as a literal or a field). A reading is final at once
//! unless, for some other template, every word of its literals that the reading's own
//! template lacks stands in the reading's free text (without those words that template cannot
//! read the line); templates whose literal words the reading's own has all are tried too,
//! unless the body leaves them too few bytes to take as free text ([`rivals_cannot_beat`]).
//! In the exact pass, a template is not tried on a body that lacks its suffix at the end or
//! the literal that sets it apart from the message's other templates ([`literals_present`]):
//! its exact reading needs both.
//!
//! Invariants: `pos` is a char boundary of `input` and only moves forward; every error span is
//! within `input` and shifted by `offset` (the body's position in its line).

use std::borrow::Cow;

use crate::error::{ParseError, ParseErrorKind};
use crate::words::{equal_flags, first_blank, load8, ONES};

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

/// Reads a message body left to right, one reading (a template in a pass) after another.
/// Its methods return [`Stop`] when the reading fails and keep the error themselves, so a
/// generated parser only passes a marker on: the code for errors is not repeated in each one.
#[derive(Debug)]
pub struct Cursor<'a> {
    input: &'a str,
    pos: usize,
    offset: usize,
    id: u32,
    matching: Matching,
    /// The field read last, which [`Cursor::field`] converts.
    span: Span<'a>,
    /// The error of the failed reading that got furthest (see [`Cursor::into_error`]).
    error: Option<ParseError>,
}

/// A reading failed; its cursor holds the error. Only the cursor makes one.
#[derive(Debug)]
#[must_use]
pub struct Stop(());

/// Which brackets may enclose a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enclosure {
    /// None: the value is read bare.
    Bare,
    /// A session identity (`{<name>}`): `<value>` in both passes.
    Identity,
    /// An address or port: `<value>` or `[value]` in the tolerant pass.
    Address,
    /// An address that is also an identity: `<value>` in both passes, `[value]` in the
    /// tolerant one.
    IdentityAddress,
}

pub(crate) fn is_ws(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// Whether the parse is the exact pass or the tolerant one (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Literal bytes as the template writes them; a blank matches a run of blanks.
    Exact,
    /// The drifted forms devices and relays produce: any letter case, optional blanks next to
    /// punctuation, bracketed addresses, no final period.
    Tolerant,
}

/// Characters next to which a template blank may be missing in tolerant matching.
fn is_bracket(byte: u8) -> bool {
    matches!(byte, b'(' | b')' | b'[' | b']' | b'<' | b'>')
}

/// Whether blank `at` of `literal` may match no blank at all (tolerant matching): the
/// template character before it is `:`, `=`, `,` or a bracket, or the one after it a bracket.
fn blank_optional(literal: &[u8], at: usize) -> bool {
    let before = at
        .checked_sub(1)
        .and_then(|b| literal.get(b))
        .is_some_and(|&b| matches!(b, b':' | b'=' | b',') || is_bracket(b));
    before || literal.get(at + 1).copied().is_some_and(is_bracket)
}

/// Whether `hay` starts with `prefix`. Literals are a few dozen bytes at most, where word
/// loads (the last one overlapping) beat a call to the general comparison.
#[inline]
pub(crate) fn starts_with_short(hay: &[u8], prefix: &[u8]) -> bool {
    let n = prefix.len();
    if hay.len() < n {
        return false;
    }
    let word8 = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
    };
    let word4 = |bytes: &[u8], at: usize| {
        u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
    };
    match n {
        0 => true,
        1..=3 => (0..n).all(|i| hay[i] == prefix[i]),
        4..=7 => word4(hay, 0) == word4(prefix, 0) && word4(hay, n - 4) == word4(prefix, n - 4),
        8..=16 => word8(hay, 0) == word8(prefix, 0) && word8(hay, n - 8) == word8(prefix, n - 8),
        _ => {
            (0..n / 8).all(|i| word8(hay, i * 8) == word8(prefix, i * 8))
                && word8(hay, n - 8) == word8(prefix, n - 8)
        }
    }
}

/// Whether `hay` starts with `literal` exactly as the template writes it: its bytes, and not
/// more blanks after a final blank (which a blank run of the literal would also take).
#[inline]
fn as_written(hay: &[u8], literal: &[u8]) -> bool {
    starts_with_short(hay, literal)
        && !(literal.last() == Some(&b' ') && hay.get(literal.len()).is_some_and(|&b| is_ws(b)))
}

/// Exact matching: the literal's bytes, a blank matching one or more blanks or tabs.
fn match_exact(hay: &[u8], literal: &[u8]) -> Result<usize, usize> {
    // Devices almost always send the canonical spacing: compare whole first.
    if as_written(hay, literal) {
        return Ok(literal.len());
    }
    match_blanks(hay, literal, |a, b| a == b, |_| false)
}

/// Tolerant matching: letters in any case, and blanks that [`blank_optional`] allows to be
/// missing.
fn match_tolerant(hay: &[u8], literal: &[u8]) -> Result<usize, usize> {
    match_blanks(
        hay,
        literal,
        |a, b| a.eq_ignore_ascii_case(&b),
        |j| blank_optional(literal, j),
    )
}

/// Walks `literal` over `hay`: a blank consumes a run of blanks (at least one unless
/// `optional` says so), other bytes compare with `same`.
fn match_blanks(
    hay: &[u8],
    literal: &[u8],
    same: impl Fn(u8, u8) -> bool,
    optional: impl Fn(usize) -> bool,
) -> Result<usize, usize> {
    let mut i = 0;
    for (j, &l) in literal.iter().enumerate() {
        if l == b' ' {
            if (i >= hay.len() || !is_ws(hay[i])) && !optional(j) {
                return Err(i);
            }
            while i < hay.len() && is_ws(hay[i]) {
                i += 1;
            }
        } else {
            if i >= hay.len() || !same(hay[i], l) {
                return Err(i);
            }
            i += 1;
        }
    }
    Ok(i)
}

/// Matches `literal` at the start of `hay`: exactly when it can, else tolerantly. Returns the
/// bytes consumed, or how many matched before the first difference.
pub(crate) fn match_literal(hay: &[u8], literal: &[u8]) -> Result<usize, usize> {
    match_exact(hay, literal)
        .or_else(|exact| match_tolerant(hay, literal).map_err(|t| t.max(exact)))
}

fn match_with(matching: Matching, hay: &[u8], literal: &[u8]) -> Result<usize, usize> {
    match matching {
        Matching::Exact => match_exact(hay, literal),
        Matching::Tolerant => match_literal(hay, literal),
    }
}

/// Where `literal` first occurs in `hay`, the end of the value before it (which excludes the
/// blanks the literal starts with): its first exact occurrence, else its first tolerant one.
pub(crate) fn find_literal(hay: &str, literal: &str) -> Option<usize> {
    find_exact(hay, literal).or_else(|| find_tolerant(hay, literal))
}

fn find_with(matching: Matching, hay: &str, literal: &str) -> Option<usize> {
    match matching {
        Matching::Exact => find_exact(hay, literal),
        Matching::Tolerant => find_literal(hay, literal),
    }
}

/// The first exact occurrence of `literal` in `hay` (blank runs allowed).
fn find_exact(hay: &str, literal: &str) -> Option<usize> {
    let literal_bytes = literal.as_bytes();
    let lead_len = literal_bytes.iter().take_while(|&&b| b == b' ').count();
    let lead = lead_len > 0;
    let core_bytes = &literal_bytes[lead_len..];
    let anchor_len = core_bytes
        .iter()
        .position(|&b| b == b' ')
        .unwrap_or(core_bytes.len());
    let bytes = hay.as_bytes();
    let found = |at: usize| {
        let lead_ok = !lead || (at > 0 && is_ws(bytes[at - 1]));
        lead_ok && match_exact(&bytes[at..], core_bytes).is_ok()
    };
    // Anchors are short: find their first bytes, then compare, rather than set up a substring
    // searcher per field.
    let anchor = &core_bytes[..anchor_len];
    let Some(&first) = anchor.first() else {
        return Some(first_blank(bytes)).filter(|&at| at < bytes.len());
    };
    let at = memchr::memchr_iter(first, bytes)
        .find(|&at| starts_with_short(&bytes[at..], anchor) && found(at))?;
    Some(value_end(hay, at, lead))
}

/// The first tolerant occurrence of `literal` in `hay`.
fn find_tolerant(hay: &str, literal: &str) -> Option<usize> {
    let core = literal.trim_start_matches(' ');
    let lead = core.len() != literal.len();
    // A leading blank may be missing only before a bracket.
    let lead_required = lead && !blank_optional(literal.as_bytes(), 0);
    let first = *core.as_bytes().first()?;
    let bytes = hay.as_bytes();
    let core_bytes = core.as_bytes();
    for at in memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    ) {
        if lead_required && !(at > 0 && is_ws(bytes[at - 1])) {
            continue;
        }
        if match_tolerant(&bytes[at..], core_bytes).is_ok() {
            return Some(value_end(hay, at, lead));
        }
    }
    None
}

/// The end of the value before a literal found at `at` (without the blanks before it when the
/// literal starts with a blank).
fn value_end(hay: &str, at: usize, lead: bool) -> usize {
    let bytes = hay.as_bytes();
    let mut end = at;
    while lead && end > 0 && is_ws(bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// Where `hay` would end without `literal` at its end, if it ends so: exactly (blank runs
/// allowed), or in tolerant matching as [`match_tolerant`] compares, a final period of the
/// literal being missing when `hay` does not end with one.
pub(crate) fn strip_suffix(matching: Matching, hay: &str, literal: &str) -> Option<usize> {
    let (h, l) = (hay.as_bytes(), literal.as_bytes());
    let ends_with = h.len() >= l.len() && starts_with_short(&h[h.len() - l.len()..], l);
    if ends_with
        && !(l.first() == Some(&b' ') && h.len() > l.len() && is_ws(h[h.len() - l.len() - 1]))
    {
        return Some(h.len() - l.len());
    }
    let exact = strip_blanks(h, l, |a, b| a == b, |_| false);
    if exact.is_some() || matching == Matching::Exact {
        return exact;
    }
    let l = match l.split_last() {
        Some((b'.', init)) if !h.ends_with(b".") => init,
        _ => l,
    };
    strip_blanks(
        h,
        l,
        |a, b| a.eq_ignore_ascii_case(&b),
        |j| blank_optional(l, j),
    )
}

/// [`match_blanks`] from the right: where `hay` ends without `literal`.
fn strip_blanks(
    hay: &[u8],
    literal: &[u8],
    same: impl Fn(u8, u8) -> bool,
    optional: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut i = hay.len();
    for (j, &l) in literal.iter().enumerate().rev() {
        if l == b' ' {
            if (i == 0 || !is_ws(hay[i - 1])) && !optional(j) {
                return None;
            }
            while i > 0 && is_ws(hay[i - 1]) {
                i -= 1;
            }
        } else {
            if i == 0 || !same(hay[i - 1], l) {
                return None;
            }
            i -= 1;
        }
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

/// Whether, for one of `rivals` (each the words another template has and the reading's own
/// template lacks, lowercased), every word stands in one of `texts` as a whole word in any
/// letter case: only then may that template read the line with less free text.
pub fn mentions_all_of_any(texts: &[Option<&str>], rivals: &[&[&str]]) -> bool {
    rivals.iter().any(|words| {
        words.iter().all(|word| {
            texts
                .iter()
                .flatten()
                .any(|text| mentions_word(text.as_bytes(), word.as_bytes()))
        })
    })
}

/// Whether `body` ends with `suffix` and holds `literal`, as the exact pass matches them (a
/// template blank taking a run of blanks): a template whose exact reading needs them cannot
/// read a body without them.
pub fn literals_present(body: &str, suffix: Option<&str>, literal: Option<&str>) -> bool {
    suffix.is_none_or(|suffix| strip_suffix(Matching::Exact, body, suffix).is_some())
        && literal.is_none_or(|literal| find_exact(body, literal).is_some())
}

/// Whether no rival template can read `body` with less free text than `free_len` bytes, when
/// a rival's reading takes at most `most_consumed` bytes as anything else (literals, flag
/// words, brackets, addresses; see the generated parsers).
///
/// A reading consumes the whole body, so its free text is the body less what it consumes
/// otherwise. A literal consumes its own bytes, plus the blanks beyond the first of a run
/// where a template blank takes a run (each such blank at most once, as readings do not
/// overlap): so a rival's free text is at least `body.len() - most_consumed - extra`, and a
/// rival wins only with strictly less free text.
pub fn rivals_cannot_beat(body: &str, free_len: usize, most_consumed: usize) -> bool {
    if free_len == 0 {
        // No reading has less than none.
        return true;
    }
    let Some(room) = body
        .len()
        .checked_sub(free_len.saturating_add(most_consumed))
    else {
        return false;
    };
    room >= extra_blanks(body.as_bytes())
}

/// How many blanks (spaces or tabs) of `bytes` follow another blank, counted eight bytes at a
/// time: lines come with single blanks, and this runs for every line of some messages.
fn extra_blanks(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut previous_last = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let blanks = equal_flags(word, b' ') | equal_flags(word, b'\t');
        // A blank whose previous byte (one byte lower, or the last of the chunk before) is one.
        let follows = blanks & ((blanks << 8) | previous_last);
        count += follows.count_ones() as usize;
        previous_last = blanks >> 56;
    }
    let mut previous = previous_last != 0;
    for &byte in chunks.remainder() {
        let blank = is_ws(byte);
        count += usize::from(blank && previous);
        previous = blank;
    }
    count
}

/// Whether `text` holds `word` (lowercase, non-empty) as a whole word, in any letter case.
/// The places of its first letter are found eight bytes at a time: this runs over the free
/// text of every reading of a message with several templates.
fn mentions_word(text: &[u8], word: &[u8]) -> bool {
    let Some(last_start) = text.len().checked_sub(word.len()) else {
        return false;
    };
    let alnum = |at: usize| text.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let first = word[0];
    let closes = word[word.len() - 1].is_ascii_alphanumeric();
    let whole_word_at = |at: usize| {
        !(first.is_ascii_alphanumeric() && at > 0 && alnum(at - 1))
            && text[at..at + word.len()].eq_ignore_ascii_case(word)
            && !(closes && alnum(at + word.len()))
    };
    // A byte with the 0x20 bit set equals a lowercase letter exactly when the byte is that
    // letter in either case.
    let fold = if first.is_ascii_lowercase() {
        ONES * 0x20
    } else {
        0
    };
    let mut at = 0;
    while let Some(chunk) = load8(text, at) {
        let mut flags = equal_flags(chunk | fold, first);
        while flags != 0 {
            let start = at + (flags.trailing_zeros() / 8) as usize;
            if start > last_start {
                return false;
            }
            if whole_word_at(start) {
                return true;
            }
            flags &= flags - 1;
        }
        at += 8;
    }
    (at..=last_start).any(|start| text[start].to_ascii_lowercase() == first && whole_word_at(start))
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
    /// Starts reading `input`, which begins at byte `offset` of its line, for message `id`, in
    /// the exact pass.
    pub fn new(input: &'a str, offset: usize, id: u32) -> Self {
        Cursor {
            input,
            pos: 0,
            offset,
            id,
            matching: Matching::Exact,
            span: Span {
                text: "",
                start: 0,
                bracketed: false,
            },
            error: None,
        }
    }

    /// Starts another reading of the same input (another template, or the tolerant pass),
    /// keeping the error of the readings that failed so far.
    pub fn restart(&mut self, matching: Matching) {
        self.pos = 0;
        self.matching = matching;
    }

    /// Of the errors of the readings that failed, the one that got furthest into the input
    /// (the first of equals): it tells the most about what was wrong.
    pub fn into_error(self, _stop: Stop) -> ParseError {
        // A `Stop` is only made by `fail`, which records its error.
        self.error.expect("a stopped reading recorded its error")
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    /// Ends the reading with an error over `start..end` of the input. Out of line: the code
    /// that builds errors stays out of the parsers, which run one after another.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, kind: ParseErrorKind, start: usize, end: usize) -> Stop {
        let error = ParseError::new(kind, start + self.offset..end + self.offset, Some(self.id));
        self.error = ParseError::furthest(self.error.take(), error);
        Stop(())
    }

    fn char_end(&self, at: usize) -> usize {
        self.input[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Consumes a literal.
    #[inline]
    pub fn literal(&mut self, literal: &'static str) -> Result<(), Stop> {
        // The literal as the template writes it, not followed by more blanks than it ends
        // with, is what devices send: that case is inlined into every parser.
        if as_written(&self.input.as_bytes()[self.pos..], literal.as_bytes()) {
            self.pos += literal.len();
            return Ok(());
        }
        self.literal_otherwise(literal)
    }

    /// [`Cursor::literal`] when the literal is not there byte for byte.
    #[inline(never)]
    fn literal_otherwise(&mut self, literal: &'static str) -> Result<(), Stop> {
        match match_with(self.matching, self.rest().as_bytes(), literal.as_bytes()) {
            Ok(consumed) => {
                self.pos += consumed;
                Ok(())
            }
            Err(matched) => {
                let at = self.pos + matched;
                if at >= self.input.len() {
                    Err(self.fail(ParseErrorKind::Truncated { expected: literal }, at, at))
                } else {
                    let end = self.char_end(at);
                    Err(self.fail(ParseErrorKind::Literal { expected: literal }, at, end))
                }
            }
        }
    }

    /// The brackets `enclosure` allows in this pass, as (open, close) pairs.
    fn brackets(&self, enclosure: Enclosure) -> &'static [(u8, u8)] {
        let tolerant = self.matching == Matching::Tolerant;
        match enclosure {
            Enclosure::Bare => &[],
            Enclosure::Identity => &[(b'<', b'>')],
            Enclosure::Address | Enclosure::IdentityAddress if tolerant => {
                &[(b'<', b'>'), (b'[', b']')]
            }
            Enclosure::IdentityAddress => &[(b'<', b'>')],
            Enclosure::Address => &[],
        }
    }

    /// The pair of brackets `enclosure` allows that opens at the cursor.
    fn opening(&self, enclosure: Enclosure) -> Option<(u8, u8)> {
        let first = *self.rest().as_bytes().first()?;
        self.brackets(enclosure)
            .iter()
            .copied()
            .find(|&(open, _)| open == first)
    }

    /// Reads a `<value>` (or `[value]`) as the field when the input has one here; `false` when
    /// it has none.
    #[inline]
    fn bracket(&mut self, enclosure: Enclosure) -> Result<bool, Stop> {
        // Most values come bare: one byte tells.
        if enclosure == Enclosure::Bare
            || !matches!(self.input.as_bytes().get(self.pos), Some(b'<' | b'['))
        {
            return Ok(false);
        }
        self.bracketed(enclosure)
    }

    /// [`Cursor::bracket`] when the input holds an opening bracket here.
    fn bracketed(&mut self, enclosure: Enclosure) -> Result<bool, Stop> {
        let Some((open, close_byte)) = self.opening(enclosure) else {
            return Ok(false);
        };
        // A bracketed value holds neither bracket: `<a <b>` is an unclosed '<'. (Brackets
        // are ASCII, so a byte scan finds them; values are short.)
        let inner = self.rest().as_bytes()[1..]
            .iter()
            .position(|&b| b == open || b == close_byte);
        match inner.map(|at| at + 1) {
            Some(close) if self.rest().as_bytes()[close] == close_byte => {
                self.span = Span {
                    text: &self.rest()[1..close],
                    start: self.pos + 1,
                    bracketed: true,
                };
                self.pos += close + 1;
                Ok(true)
            }
            Some(inner) => {
                let (start, end) = (self.pos, self.pos + inner);
                Err(self.fail(ParseErrorKind::UnclosedBracket, start, end))
            }
            None => {
                let (start, end) = (self.pos, self.input.len());
                Err(self.fail(ParseErrorKind::UnclosedBracket, start, end))
            }
        }
    }

    /// Reads the next `len` bytes as the field.
    fn take(&mut self, len: usize) {
        self.span = Span {
            text: &self.rest()[..len],
            start: self.pos,
            bracketed: false,
        };
        self.pos += len;
    }

    /// Reads a field that ends at the first occurrence of `next` (free text).
    pub fn until(&mut self, next: &'static str, enclosure: Enclosure) -> Result<(), Stop> {
        if self.bracket(enclosure)? {
            return Ok(());
        }
        match find_with(self.matching, self.rest(), next) {
            Some(end) => {
                self.take(end);
                Ok(())
            }
            None => Err(self.missing(next)),
        }
    }

    fn missing(&mut self, next: &'static str) -> Stop {
        let end = self.input.len();
        if truncated_before(self.rest(), next) {
            self.fail(ParseErrorKind::Truncated { expected: next }, end, end)
        } else {
            let start = self.pos;
            self.fail(ParseErrorKind::Literal { expected: next }, start, end)
        }
    }

    /// Reads a field that ends at whitespace, or before it where `end_rule` says.
    pub fn token(&mut self, end_rule: TokenEnd, enclosure: Enclosure) -> Result<(), Stop> {
        if self.bracket(enclosure)? {
            return Ok(());
        }
        let rest = self.rest().as_bytes();
        let mut end = first_blank(rest);
        let found = match end_rule {
            TokenEnd::Whitespace => None,
            TokenEnd::First(stop) => rest[..end].iter().position(|&b| b == stop),
            TokenEnd::Last(stop) => rest[..end].iter().rposition(|&b| b == stop),
        };
        if let Some(at) = found {
            end = at;
        }
        self.take(end);
        Ok(())
    }

    /// Reads a field of decimal digits (with an optional sign), directly followed by letters.
    pub fn digits(&mut self, enclosure: Enclosure) -> Result<(), Stop> {
        if self.bracket(enclosure)? {
            return Ok(());
        }
        let rest = self.rest().as_bytes();
        let sign = usize::from(rest.first() == Some(&b'-'));
        let end = sign
            + rest[sign..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        self.take(end);
        Ok(())
    }

    /// Reads the last field: everything up to `suffix` at the end of the input.
    pub fn rest_before(
        &mut self,
        suffix: Option<&'static str>,
        enclosure: Enclosure,
    ) -> Result<(), Stop> {
        let end = match suffix {
            None => self.rest().len(),
            // Not at the end: text after the suffix's last occurrence is trailing text (which
            // `finish` reports) after a complete message.
            Some(suffix) => match strip_suffix(self.matching, self.rest(), suffix)
                .or_else(|| rfind_literal(self.rest(), suffix))
            {
                Some(end) => end,
                None => return Err(self.missing(suffix)),
            },
        };
        let text = &self.rest()[..end];
        // Where a field may be bracketed, a value that starts with an opening bracket is
        // bracketed: it must be one `<...>` (or `[...]`) and nothing else.
        self.span = match self.opening(enclosure) {
            Some((open, close)) if end > 0 => self.whole_bracket(text, open, close)?,
            _ => Span {
                text,
                start: self.pos,
                bracketed: false,
            },
        };
        self.pos += end;
        Ok(())
    }

    /// Reads the last field when it is one of `values` (which may hold spaces): the rest of
    /// the input when it is one of them; otherwise the longest value the rest starts with,
    /// before whitespace (what follows is trailing text, which `finish` reports); otherwise
    /// the rest (which the field's conversion rejects).
    pub fn rest_among(&mut self, values: &[&str], ignore_case: bool) {
        // Tolerant matching reads closed enums in any letter case.
        let ignore_case = ignore_case || self.matching == Matching::Tolerant;
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

    /// `text` (at the cursor) as one bracketed value opened by `open`.
    fn whole_bracket(&mut self, text: &'a str, open: u8, close: u8) -> Result<Span<'a>, Stop> {
        let inner_text = &text[1..];
        let pos = self.pos;
        if let Some(inner) = inner_text.find(open as char) {
            return Err(self.fail(ParseErrorKind::UnclosedBracket, pos, pos + 1 + inner));
        }
        match inner_text.find(close as char) {
            Some(at) if at + 2 == text.len() => Ok(Span {
                text: &text[1..at + 1],
                start: pos + 1,
                bracketed: true,
            }),
            Some(at) => Err(self.fail(ParseErrorKind::Trailing, pos + at + 2, pos + text.len())),
            None => Err(self.fail(ParseErrorKind::UnclosedBracket, pos, pos + text.len())),
        }
    }

    /// The template's final literal. In the tolerant pass its final period may be missing
    /// when the input does not end with one.
    pub fn suffix(&mut self, suffix: &'static str) -> Result<(), Stop> {
        // Most suffixes are one byte (`.`, `]`, `)`), and the input ends with it: one
        // comparison, where the general matching below would take a few dozen instructions.
        if let ([want], [last]) = (suffix.as_bytes(), &self.input.as_bytes()[self.pos..]) {
            if want == last {
                self.pos += 1;
                return Ok(());
            }
        }
        if self.matching == Matching::Tolerant && !self.rest().ends_with('.') {
            if let Some(without) = suffix.strip_suffix('.') {
                let rest = self.rest().as_bytes();
                if match_tolerant(rest, suffix.as_bytes()).is_err() {
                    if let Ok(consumed) = match_tolerant(rest, without.as_bytes()) {
                        self.pos += consumed;
                        return Ok(());
                    }
                }
            }
        }
        self.literal(suffix)
    }

    /// An optional word: consumed and `true` when present.
    pub fn flag(&mut self, word: &'static str) -> bool {
        match match_with(self.matching, self.rest().as_bytes(), word.as_bytes()) {
            Ok(consumed) => {
                self.pos += consumed;
                true
            }
            Err(_) => false,
        }
    }

    /// Converts the text of the field read last, turning a problem into an error that names
    /// the field.
    pub fn field<T>(
        &mut self,
        field: &'static str,
        convert: impl FnOnce(&'a str, bool) -> Result<T, FieldProblem>,
    ) -> Result<T, Stop> {
        let span = self.span;
        convert(span.text, span.bracketed).map_err(|problem| self.field_failed(field, problem))
    }

    /// The text of the field read last, as free text (which any text is).
    #[inline]
    pub fn text(&self) -> Cow<'a, str> {
        Cow::Borrowed(self.span.text)
    }

    /// The error of a field whose text is not a value of its type.
    #[cold]
    #[inline(never)]
    fn field_failed(&mut self, field: &'static str, problem: FieldProblem) -> Stop {
        let span = self.span;
        let end = span.start + span.text.len();
        if span.text.is_empty() && span.start >= self.input.len() {
            let kind = ParseErrorKind::Truncated { expected: field };
            return self.fail(kind, span.start, span.start);
        }
        let kind = match problem {
            FieldProblem::Invalid(expected) => ParseErrorKind::Field { field, expected },
            FieldProblem::OutOfRange(ty) => ParseErrorKind::OutOfRange { field, ty },
        };
        self.fail(kind, span.start, end)
    }

    /// Checks that the whole input was read.
    pub fn finish(&mut self) -> Result<(), Stop> {
        if self.pos < self.input.len() {
            let (start, end) = (self.pos, self.input.len());
            Err(self.fail(ParseErrorKind::Trailing, start, end))
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
        assert_eq!(
            strip_suffix(Matching::Exact, "1.2.3.4  started.", " started."),
            Some(7)
        );
        assert_eq!(strip_suffix(Matching::Exact, "x..", "."), Some(2));
        assert_eq!(strip_suffix(Matching::Exact, "x", " started."), None);
    }

    #[test]
    fn tolerant_matching_follows_the_rules() {
        // Any case; a blank may be missing after ':' or before a bracket, not elsewhere.
        assert_eq!(
            match_literal(b"session STARTED", b"Session started"),
            Ok(15)
        );
        assert_eq!(match_literal(b"Reason:x", b"Reason: "), Ok(7));
        assert_eq!(match_literal(b"a(b", b"a (b"), Ok(3));
        assert_eq!(match_literal(b"ab", b"a b"), Err(1));
        assert_eq!(match_exact(b"reason: x", b"Reason: "), Err(0));
        // The exact occurrence wins over an earlier one in another case.
        assert_eq!(find_literal("a user b User c", " User "), Some(8));
        assert_eq!(find_literal("a user b", " User "), Some(1));
        assert_eq!(find_exact("a user b", " User "), None);
        // A final period may be missing, only in the tolerant pass.
        assert_eq!(
            strip_suffix(Matching::Tolerant, "x reached", " reached."),
            Some(1)
        );
        assert_eq!(
            strip_suffix(Matching::Exact, "x reached", " reached."),
            None
        );
        assert_eq!(
            strip_suffix(Matching::Tolerant, "x reached.", " Reached."),
            Some(1)
        );
    }

    #[test]
    fn counts_blanks_that_follow_blanks() {
        let naive = |bytes: &[u8]| {
            bytes
                .windows(2)
                .filter(|pair| is_ws(pair[0]) && is_ws(pair[1]))
                .count()
        };
        let mut rng = crate::draw::SplitMix64::new(11);
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| [b' ', b'\t', b'a', 0x80, 0xa0, 0x09 + 0x80][rng.below(6) as usize])
                    .collect();
                assert_eq!(extra_blanks(&bytes), naive(&bytes), "{bytes:?}");
            }
        }
        assert!(rivals_cannot_beat(
            "Group g User u IP 1.2.3.4 Browse network.",
            2,
            30
        ));
        assert!(!rivals_cannot_beat(
            "Group g User u IP 1.2.3.4 Browse network.",
            2,
            40
        ));
        assert!(!rivals_cannot_beat("a  b", 2, 2));
        assert!(rivals_cannot_beat("a b", 2, 1));
    }

    #[test]
    fn a_template_needs_its_suffix_and_own_literal_in_the_exact_pass() {
        let body = "Widget w  moved from 192.0.2.1 to 192.0.2.2.";
        assert!(literals_present(body, Some("."), Some(" moved from ")));
        assert!(literals_present(body, None, None));
        assert!(!literals_present(body, Some("."), Some(" moved to ")));
        assert!(!literals_present(body, Some(" reached."), None));
        // Letter case counts in the exact pass.
        assert!(!literals_present(body, None, Some(" Moved from ")));
        // A literal that starts with a blank needs one before its text.
        assert!(!literals_present(
            "Widget wmoved from x.",
            None,
            Some(" moved from ")
        ));
    }

    #[test]
    fn compares_short_prefixes() {
        let hay = b"Group = alice, Username = bob, IP = 192.0.2.7, Session started";
        for n in 0..=hay.len() {
            assert!(starts_with_short(hay, &hay[..n]), "{n}");
            let mut other = hay[..n].to_vec();
            if let Some(last) = other.last_mut() {
                *last ^= 1;
                assert!(!starts_with_short(hay, &other), "{n}");
            }
            if n > 1 {
                other = hay[..n].to_vec();
                other[0] ^= 1;
                assert!(!starts_with_short(hay, &other), "{n}");
            }
        }
        assert!(!starts_with_short(b"abc", b"abcd"));
    }

    /// The word-at-a-time search against a byte-by-byte one, on random texts of letters in
    /// both cases, digits, blanks and punctuation.
    #[test]
    fn mentions_word_agrees_with_a_byte_loop() {
        let naive = |text: &[u8], word: &[u8]| {
            let alnum = |at: usize| text.get(at).is_some_and(u8::is_ascii_alphanumeric);
            let first = word[0];
            let closes = word[word.len() - 1].is_ascii_alphanumeric();
            text.len() >= word.len()
                && (0..=text.len() - word.len()).any(|at| {
                    text[at].to_ascii_lowercase() == first
                        && !(first.is_ascii_alphanumeric() && at > 0 && alnum(at - 1))
                        && text[at..at + word.len()].eq_ignore_ascii_case(word)
                        && !(closes && alnum(at + word.len()))
                })
        };
        let mut rng = crate::draw::SplitMix64::new(11);
        let alphabet = b"ipIP a1-@`.";
        let words: [&[u8]; 6] = [b"ip", b"i", b"pi", b"-", b"ip-", b"@i"];
        for _ in 0..30_000 {
            let len = rng.below(30) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            for word in words {
                assert_eq!(
                    mentions_word(&text, word),
                    naive(&text, word),
                    "{text:?} {word:?}"
                );
            }
        }
    }

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions_word(b"bob IP 1.2.3.4", b"ip"));
        assert!(mentions_word(b"a b", b"a"));
        assert!(!mentions_word(b"alpha zip", b"ip"));
        assert!(!mentions_word(b"ipv4", b"ip"));
        assert!(!mentions_word(b"i", b"ip"));
    }

    #[test]
    fn a_rival_needs_all_its_words() {
        let texts = [Some("alice ip"), None, Some("session")];
        assert!(mentions_all_of_any(&texts, &[&["ip", "session"]]));
        assert!(!mentions_all_of_any(&texts, &[&["ip", "reason"]]));
        assert!(mentions_all_of_any(&texts, &[&["reason"], &["ip"]]));
        assert!(!mentions_all_of_any(&texts, &[]));
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
