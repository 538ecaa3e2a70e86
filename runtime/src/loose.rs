//! Loose recognition: a line whose id is catalogued but whose body matches none of the id's
//! templates is still recognised, as a [`Loose`] message that names the message, carries the
//! values that could be read, and says where and how the line differs from the nearest template.
//!
//! [`recognise_line`] returns a [`Recognised`]: `Exact` (what [`parse_line`](crate::parse_line)
//! returns) or `Loose`. The two are distinct types, so that a loose line can never be taken for
//! an exact parse: `parse_line` keeps its contract (every field read by a template), and code
//! that wants drifted lines too asks for them.
//!
//! The aligner is generic: it reads the templates and field kinds of a [`MessageInfo`] at run
//! time (no code per message). Each template is aligned with the body by an edit distance over
//! characters in which a field is a wildcard (a text field takes any run of characters, other
//! fields a run without spaces). The template with the lowest cost is the nearest; a field is
//! read only when the template characters on both sides of it matched.

use std::net::IpAddr;
use std::ops::Range;

use crate::__private::conv;
use crate::cursor::{find_literal, match_literal};
use crate::error::{ParseError, ParseErrorKind};
use crate::header::parse_header;
use crate::info::{FieldKind, FieldSpec, MessageInfo, MessageSet};
use crate::record::{parse_line_as, IkeContext, Record};
use crate::values::{Hex, MacAddr, Quantity};

/// What a line was recognised as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognised<'a, M = crate::Message<'a>> {
    /// The body matched a template (or the id is outside the catalog: `Message::Unknown`).
    Exact(Record<'a, M>),
    /// The id is catalogued but the body matched no template.
    Loose(Record<'a, Loose<'a>>),
}

/// A catalogued message whose body matched none of its templates.
#[derive(Debug, Clone)]
pub struct Loose<'a> {
    /// The message id.
    pub id: u32,
    /// The catalog's metadata of the id.
    pub info: &'static MessageInfo,
    /// The body as sent (after the IKE context, if any): what [`align`] aligns.
    pub body: &'a str,
    /// The fields that could be read (both sides of the field matched the nearest template),
    /// in template order.
    pub fields: Vec<(&'static str, LooseValue<'a>)>,
    /// Where the line first differs from the nearest template.
    pub mismatch: Mismatch,
}

impl PartialEq for Loose<'_> {
    /// Equal ids have the same metadata; the rest is compared as read.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.fields == other.fields && self.mismatch == other.mismatch
    }
}

impl Eq for Loose<'_> {}

/// A field value of a loose line: typed where its text converts to the field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LooseValue<'a> {
    /// A `text`, `word` or `interface` field.
    Text(&'a str),
    /// An unsigned integer or a port.
    Uint(u64),
    /// A signed integer.
    Int(i64),
    /// A `hex` field, kept as sent.
    Hex(Hex),
    /// An address.
    Ip(IpAddr),
    /// A MAC address.
    Mac(MacAddr),
    /// A number with a unit.
    Quantity(Quantity<'a>),
    /// An enum value; `known` when it is one of the catalog's values.
    Enum {
        /// As sent.
        value: &'a str,
        /// Whether the catalog lists it.
        known: bool,
    },
    /// A flag: whether its word was present.
    Flag(bool),
    /// Text at the field's place that is not a value of its type (a masked `X.X.X.X`).
    Unconverted {
        /// As sent.
        text: &'a str,
        /// What a value of the type looks like.
        expected: &'static str,
    },
}

/// Where a loose line first differs from its nearest template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The index of the nearest template in [`MessageInfo::templates`].
    pub template: usize,
    /// Its text.
    pub template_text: &'static str,
    /// The byte range of the line that differs (empty where text is missing).
    pub span: Range<usize>,
    /// What the template has there: its literal text, a field's kind, or the end.
    pub expected: String,
    /// The field concerned, when the difference is a field's value.
    pub field: Option<&'static str>,
}

/// Recognises a line of the bundled catalog: exactly, loosely, or not (an error).
///
/// Errors that are not about the message text (the header, the tag, the id) stay errors; so do
/// bodies longer than the aligner's bound ([`MAX_CELLS`] characters times template length).
pub fn recognise_line(line: &str) -> Result<Recognised<'_>, ParseError> {
    recognise_line_as(line, crate::MESSAGES)
}

/// [`recognise_line`] for any generated message set, with its `MESSAGES` table.
pub fn recognise_line_as<'a, M: MessageSet<'a>>(
    line: &'a str,
    messages: &'static [MessageInfo],
) -> Result<Recognised<'a, M>, ParseError> {
    let error = match parse_line_as::<M>(line) {
        Ok(record) => return Ok(Recognised::Exact(record)),
        Err(error) => error,
    };
    let about_body = matches!(
        error.kind(),
        ParseErrorKind::Literal { .. }
            | ParseErrorKind::Truncated { .. }
            | ParseErrorKind::Field { .. }
            | ParseErrorKind::OutOfRange { .. }
            | ParseErrorKind::Trailing
            | ParseErrorKind::UnclosedBracket
            | ParseErrorKind::Context
    );
    let info = error
        .id()
        .and_then(|id| messages.binary_search_by_key(&id, |m| m.id).ok())
        .map(|i| &messages[i]);
    let (true, Some(info)) = (about_body, info) else {
        return Err(error);
    };
    let line = line.trim_end_matches(['\r', '\n', ' ', '\t']);
    let (header, mut body_start) = parse_header(line)?;
    let mut context = None;
    let mut context_problem = None;
    if M::takes_ike_context(info.id) {
        if let Some((parsed, len, problem)) = read_context(&line[body_start..], body_start) {
            context = Some(parsed);
            context_problem = problem;
            body_start += len;
        }
    }
    let Some(message) = loosen(
        info,
        &line[body_start..],
        body_start,
        context_problem,
        &error,
    ) else {
        return Err(error);
    };
    Ok(Recognised::Loose(Record {
        header,
        context,
        message,
    }))
}

/// An IKE context address that is not one: its span in the line and what was expected.
type ContextProblem = (Range<usize>, &'static str);

/// Reads an IKE context prefix whose address may not be one (masked as `X.X.X.X`): the context,
/// the bytes it took, and the address's span and what was expected when it is not an address.
fn read_context(
    body: &str,
    offset: usize,
) -> Option<(IkeContext<'_>, usize, Option<ContextProblem>)> {
    const KEYS: [&str; 3] = ["Group = ", "Username = ", "IP = "];
    let mut context = IkeContext::default();
    let mut problem = None;
    let (mut pos, mut next_key) = (0, 0);
    while let Some((key, consumed)) = (next_key..KEYS.len()).find_map(|k| {
        match_literal(&body.as_bytes()[pos..], KEYS[k].as_bytes())
            .ok()
            .map(|consumed| (k, consumed))
    }) {
        let start = pos + consumed;
        let end = start + find_literal(&body[start..], ", ")?;
        let value = &body[start..end];
        match key {
            0 => context.group = Some(value.into()),
            1 => context.username = Some(value.into()),
            _ => match value.parse() {
                Ok(ip) => context.ip = Some(ip),
                Err(_) => problem = Some((offset + start..offset + end, "an IP address")),
            },
        }
        pos = end + match_literal(&body.as_bytes()[end..], b", ").unwrap_or(2);
        next_key = key + 1;
    }
    (pos > 0).then_some((context, pos, problem))
}

/// The loose message for `body` (at byte `offset` of its line), aligned with the nearest of
/// `info`'s templates; `None` when the body is too long to align.
fn loosen<'a>(
    info: &'static MessageInfo,
    body: &'a str,
    offset: usize,
    context_problem: Option<ContextProblem>,
    error: &ParseError,
) -> Option<Loose<'a>> {
    let alignment = align(info, body)?;
    let mut fields = Vec::new();
    let mut first: Option<Mismatch> = None;
    let template_text = info.templates[alignment.template];
    let mut keep_first = |candidate: Mismatch| {
        if first
            .as_ref()
            .is_none_or(|f| candidate.span.start < f.span.start)
        {
            first = Some(candidate);
        }
    };
    if let Some((span, expected)) = context_problem {
        keep_first(Mismatch {
            template: alignment.template,
            template_text,
            span,
            expected: expected.to_owned(),
            field: Some("ip"),
        });
    }
    for slot in &alignment.fields {
        if !slot.anchored {
            continue;
        }
        let value = read_value(slot.field, &body[slot.span.clone()], slot.bracketed);
        if let LooseValue::Unconverted { expected, .. } = value {
            let span = slot.value_span(body);
            keep_first(Mismatch {
                template: alignment.template,
                template_text,
                span: offset + span.start..offset + span.end,
                expected: expected.to_owned(),
                field: Some(slot.field.name),
            });
        }
        fields.push((slot.field.name, value));
    }
    if let Some(edit) = alignment.edits.first() {
        keep_first(Mismatch {
            template: alignment.template,
            template_text,
            span: offset + edit.span.start..offset + edit.span.end,
            expected: edit.expected.clone(),
            field: edit.field,
        });
    }
    // The exact parser rejected the body for a reason the alignment does not see (a value
    // holding its field's delimiter, a closed enum's case...): its error is the diagnosis.
    let mismatch = first.unwrap_or_else(|| Mismatch {
        template: alignment.template,
        template_text,
        span: error.span(),
        expected: error.kind().to_string(),
        field: None,
    });
    Some(Loose {
        id: info.id,
        info,
        body,
        fields,
        mismatch,
    })
}

/// Converts a field's text (brackets included when sent) to its type.
pub fn read_value<'a>(field: &'static FieldSpec, text: &'a str, bracketed: bool) -> LooseValue<'a> {
    let inner = if bracketed && text.len() >= 2 && text.starts_with('<') && text.ends_with('>') {
        &text[1..text.len() - 1]
    } else {
        text
    };
    let unconverted = |expected| LooseValue::Unconverted {
        text: inner,
        expected,
    };
    let problem = |p: crate::cursor::FieldProblem| match p {
        crate::cursor::FieldProblem::Invalid(expected) => expected,
        crate::cursor::FieldProblem::OutOfRange(ty) => ty,
    };
    let result = match field.kind {
        FieldKind::Text => Ok(LooseValue::Text(inner)),
        FieldKind::Word | FieldKind::Interface => {
            conv::word(inner, true).map(|_| LooseValue::Text(inner))
        }
        FieldKind::U8 => conv::int::<u8>(inner, false).map(|v| LooseValue::Uint(v.into())),
        FieldKind::U16 | FieldKind::Port => {
            conv::int::<u16>(inner, false).map(|v| LooseValue::Uint(v.into()))
        }
        FieldKind::U32 => conv::int::<u32>(inner, false).map(|v| LooseValue::Uint(v.into())),
        FieldKind::U64 => conv::int::<u64>(inner, false).map(LooseValue::Uint),
        FieldKind::I32 => conv::int::<i32>(inner, false).map(|v| LooseValue::Int(v.into())),
        FieldKind::I64 => conv::int::<i64>(inner, false).map(LooseValue::Int),
        FieldKind::Hex => conv::hex(inner, false).map(LooseValue::Hex),
        FieldKind::Ipv4 => conv::ipv4(inner, false).map(|ip| LooseValue::Ip(ip.into())),
        FieldKind::Ipv6 => conv::ipv6(inner, false).map(|ip| LooseValue::Ip(ip.into())),
        FieldKind::Ip => conv::ip(inner, false).map(LooseValue::Ip),
        FieldKind::Mac => conv::mac(inner, false).map(LooseValue::Mac),
        FieldKind::Quantity => conv::quantity(inner, false).map(LooseValue::Quantity),
        FieldKind::Enum => {
            let known = field
                .values
                .iter()
                .any(|v| *v == inner || (field.ignore_case && v.eq_ignore_ascii_case(inner)));
            return if known || field.open {
                LooseValue::Enum {
                    value: inner,
                    known,
                }
            } else {
                unconverted("one of the catalog's values")
            };
        }
        FieldKind::Flag => Ok(LooseValue::Flag(!inner.is_empty())),
    };
    result.unwrap_or_else(|p| unconverted(problem(p)))
}

/// The largest alignment table (body characters times template items) the aligner builds.
pub const MAX_CELLS: usize = 4_000_000;

/// How a body lines up with the nearest template of its message.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// The nearest template's index.
    pub template: usize,
    /// Its cost: characters substituted, inserted or left out, and empty fields.
    pub cost: usize,
    /// Every field of the template, in template order.
    pub fields: Vec<FieldSlot>,
    /// The places where the body differs from the template's literals, in body order.
    pub edits: Vec<Edit>,
}

/// Where a field of the nearest template lies in the body.
#[derive(Debug, Clone)]
pub struct FieldSlot {
    /// The field.
    pub field: &'static FieldSpec,
    /// Its text in the body (byte offsets of the body; empty when absent).
    pub span: Range<usize>,
    /// Whether the template writes it `{<name>}`.
    pub bracketed: bool,
    /// Whether the template's characters on both sides of it matched the body.
    pub anchored: bool,
}

impl FieldSlot {
    /// The value's byte range in the body: inside the brackets when it was sent in `<...>`.
    pub fn value_span(&self, body: &str) -> Range<usize> {
        let text = &body[self.span.clone()];
        if self.bracketed && text.len() >= 2 && text.starts_with('<') && text.ends_with('>') {
            self.span.start + 1..self.span.end - 1
        } else {
            self.span.clone()
        }
    }
}

/// A stretch of the body that differs from the template's literal text.
#[derive(Debug, Clone)]
pub struct Edit {
    /// Byte offsets of the body, widened to whole words (empty where text is missing).
    pub span: Range<usize>,
    /// The template's text there.
    pub expected: String,
    /// The field concerned, when a field's value is missing.
    pub field: Option<&'static str>,
}

/// Aligns `body` with each of `info`'s templates and returns the nearest; `None` when the body
/// is too long to align within [`MAX_CELLS`].
pub fn align(info: &'static MessageInfo, body: &str) -> Option<Alignment> {
    let chars = BodyChars::new(body);
    let mut best: Option<Alignment> = None;
    for (index, template) in info.templates.iter().enumerate() {
        let items = template_items(info, template);
        if (chars.chars.len() + 1) * (items.len() + 1) > MAX_CELLS {
            return None;
        }
        let mut alignment = align_one(&chars, &items, body);
        alignment.template = index;
        // Values that do not convert count against a template too: of two forms that fit
        // the words alike, the one whose fields read is nearer.
        let unconverted = alignment
            .fields
            .iter()
            .filter(|s| {
                s.anchored
                    && matches!(
                        read_value(s.field, &body[s.span.clone()], s.bracketed),
                        LooseValue::Unconverted { .. }
                    )
            })
            .count();
        alignment.cost += unconverted;
        if best.as_ref().is_none_or(|b| alignment.cost < b.cost) {
            best = Some(alignment);
        }
    }
    best
}

/// The body with whitespace runs folded to one space and the ends trimmed, each character with
/// its byte offset in the body.
struct BodyChars {
    chars: Vec<(char, usize)>,
    len: usize,
}

impl BodyChars {
    fn new(body: &str) -> Self {
        let mut chars: Vec<(char, usize)> = Vec::with_capacity(body.len());
        for (at, c) in body.char_indices() {
            let space = c == ' ' || c == '\t';
            if space && chars.last().is_none_or(|(last, _)| *last == ' ') {
                continue;
            }
            chars.push((if space { ' ' } else { c }, at));
        }
        if chars.last().is_some_and(|(c, _)| *c == ' ') {
            chars.pop();
        }
        BodyChars {
            chars,
            len: body.len(),
        }
    }

    /// The byte offset of character `i` (the body's end past the last).
    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.len, |(_, at)| *at)
    }

    /// The byte range of characters `range` (an empty range where they start; the body's
    /// start when there is none).
    fn span(&self, range: Option<Range<usize>>, body: &str) -> Range<usize> {
        match range {
            Some(r) if r.is_empty() => self.offset(r.start)..self.offset(r.start),
            Some(r) => self.offset(r.start)..self.end_of(r.end, body),
            None => 0..0,
        }
    }

    /// The byte offset after character `i - 1`.
    fn end_of(&self, i: usize, body: &str) -> usize {
        if i == 0 {
            return self.offset(0).min(body.len());
        }
        let (c, at) = self.chars[i - 1];
        at + c.len_utf8()
    }
}

/// One step of a template: a literal character (with the literal segment it belongs to and,
/// for a flag's word, the flag) or a field.
#[derive(Debug, Clone, Copy)]
enum Item {
    Char {
        c: char,
        segment: usize,
        flag: Option<usize>,
    },
    Field {
        field: usize,
        bracketed: bool,
    },
}

/// A template's items and its literal segments' texts.
struct Items {
    items: Vec<Item>,
    segments: Vec<String>,
    fields: Vec<&'static FieldSpec>,
}

impl Items {
    fn len(&self) -> usize {
        self.items.len()
    }
}

/// Splits a template into items: `{name}` and `{<name>}` are fields (a flag expands to its
/// word), `{{` and `}}` literal braces, whitespace runs one space.
fn template_items(info: &'static MessageInfo, template: &str) -> Items {
    let mut out = Items {
        items: Vec::new(),
        segments: vec![String::new()],
        fields: Vec::new(),
    };
    let push_char = |out: &mut Items, c: char, flag: Option<usize>| {
        let segment = out.segments.len() - 1;
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && out.segments[segment].ends_with(' ') && flag.is_none() {
            return;
        }
        out.segments[segment].push(c);
        out.items.push(Item::Char { c, segment, flag });
    };
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") || rest.starts_with("}}") {
            push_char(&mut out, c, None);
            rest = &rest[2..];
            continue;
        }
        if c == '{' {
            if let Some(close) = rest.find('}') {
                let inner = &rest[1..close];
                let (name, bracketed) =
                    match inner.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
                        Some(name) => (name, true),
                        None => (inner, false),
                    };
                if let Some(spec) = info.fields.iter().find(|f| f.name == name) {
                    out.segments.push(String::new());
                    let field = out.fields.len();
                    out.fields.push(spec);
                    if spec.kind == FieldKind::Flag {
                        for w in spec.word.chars() {
                            push_char(&mut out, w, Some(field));
                        }
                    } else {
                        out.items.push(Item::Field { field, bracketed });
                    }
                    out.segments.push(String::new());
                    rest = &rest[close + 1..];
                    continue;
                }
            }
        }
        push_char(&mut out, c, None);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Moves of the alignment, kept per cell for the way back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// Body and template characters equal.
    Match,
    /// Body character differs from the template's.
    Substitute,
    /// A template character missing from the body.
    Missing,
    /// A body character the template does not have.
    Extra,
    /// A field takes its first body character.
    Open,
    /// A field takes one more body character.
    Absorb,
    /// A field's run of characters ends.
    Close,
    /// A field takes no character.
    EmptyField,
    /// An absent flag: its word skipped at no cost.
    SkipFlag,
}

/// The edit distance table and the nearest alignment of `chars` with one template.
///
/// Two layers: `cost` for "template items up to `j` done", and for a field column `inside`,
/// "the field is taking characters": a field's characters are one run, so once extra text
/// follows a field, the field cannot take more.
fn align_one(chars: &BodyChars, items: &Items, body: &str) -> Alignment {
    let n = chars.chars.len();
    let m = items.len();
    let width = m + 1;
    let mut cost = vec![u32::MAX; (n + 1) * width];
    let mut moves = vec![Move::Match; (n + 1) * width];
    let mut inside = vec![u32::MAX; (n + 1) * width];
    let mut inside_moves = vec![Move::Open; (n + 1) * width];
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                cost[0] = 0;
                continue;
            }
            let mut best = (u32::MAX, Move::Match);
            let mut offer = |c: u32, mv: Move| {
                if c < best.0 {
                    best = (c, mv);
                }
            };
            let at = |i: usize, j: usize| cost[i * width + j];
            if j > 0 {
                match items.items[j - 1] {
                    Item::Char { c, .. } => {
                        if i > 0 {
                            let same = chars.chars[i - 1].0 == c;
                            let diag = at(i - 1, j - 1).saturating_add(u32::from(!same));
                            offer(diag, if same { Move::Match } else { Move::Substitute });
                        }
                        if let Some(start) = flag_start(items, j) {
                            offer(at(i, start), Move::SkipFlag);
                        }
                        offer(at(i, j - 1).saturating_add(1), Move::Missing);
                    }
                    Item::Field { field, bracketed } => {
                        if i > 0 {
                            let c = chars.chars[i - 1].0;
                            // Text, and enums with values like `User Requested`, may hold spaces.
                            let spec = items.fields[field];
                            let spaced = spec.kind == FieldKind::Text
                                || (spec.kind == FieldKind::Enum
                                    && spec.values.iter().any(|v| v.contains(' ')));
                            let takes = if c == ' ' {
                                bracketed || spaced
                            } else {
                                plausible(spec.kind, c, bracketed)
                            };
                            if takes {
                                let open = at(i - 1, j - 1);
                                let absorb = inside[(i - 1) * width + j];
                                let cell = i * width + j;
                                (inside[cell], inside_moves[cell]) = if absorb <= open {
                                    (absorb, Move::Absorb)
                                } else {
                                    (open, Move::Open)
                                };
                            }
                        }
                        offer(inside[i * width + j], Move::Close);
                        offer(at(i, j - 1).saturating_add(1), Move::EmptyField);
                    }
                }
            }
            if i > 0 {
                offer(at(i - 1, j).saturating_add(1), Move::Extra);
            }
            cost[i * width + j] = best.0;
            moves[i * width + j] = best.1;
        }
    }
    let path = trace(&moves, &inside_moves, items, n, m);
    let mut alignment = read_path(chars, items, body, &path);
    alignment.cost = cost[n * width + m] as usize;
    alignment
}

/// Whether `c` can be part of a value of `kind` as sent: numbers and addresses take their own
/// characters (and the `X`, `*` and `#` people mask values with), so that a changed word next
/// to them is not taken for their value.
fn plausible(kind: FieldKind, c: char, bracketed: bool) -> bool {
    let mask = matches!(c, 'X' | 'x' | '*' | '#') || (bracketed && matches!(c, '<' | '>'));
    mask || match kind {
        FieldKind::U8
        | FieldKind::U16
        | FieldKind::U32
        | FieldKind::U64
        | FieldKind::I32
        | FieldKind::I64
        | FieldKind::Port => c.is_ascii_digit() || c == '-',
        FieldKind::Hex => c.is_ascii_hexdigit(),
        FieldKind::Ipv4 | FieldKind::Ipv6 | FieldKind::Ip => {
            c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '%')
        }
        FieldKind::Mac => c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '-'),
        _ => true,
    }
}

/// Where the flag whose word ends at item `j` starts, when item `j` ends a flag's word.
fn flag_start(items: &Items, j: usize) -> Option<usize> {
    let Item::Char { flag: Some(f), .. } = items.items[j - 1] else {
        return None;
    };
    let same_flag = |k: usize| matches!(items.items[k], Item::Char { flag: Some(g), .. } if g == f);
    if j < items.len() && same_flag(j) {
        return None;
    }
    (0..j).rev().find(|&k| k == 0 || !same_flag(k - 1))
}

/// The moves from the start to the end of the table, with the cell each ends in.
fn trace(
    moves: &[Move],
    inside_moves: &[Move],
    items: &Items,
    n: usize,
    m: usize,
) -> Vec<(Move, usize, usize)> {
    let width = m + 1;
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut in_field = false;
    while i > 0 || j > 0 {
        let mv = if in_field {
            inside_moves[i * width + j]
        } else {
            moves[i * width + j]
        };
        match mv {
            Move::Close => {
                in_field = true;
                continue;
            }
            Move::Open => in_field = false,
            _ => {}
        }
        path.push((mv, i, j));
        match mv {
            Move::Match | Move::Substitute | Move::Open => (i, j) = (i - 1, j - 1),
            Move::Missing | Move::EmptyField => j -= 1,
            Move::Extra | Move::Absorb => i -= 1,
            Move::SkipFlag => j = flag_start(items, j).expect("a skip ends on a flag's word"),
            Move::Close => unreachable!("handled above"),
        }
    }
    path.reverse();
    path
}

/// Fields and edits from an alignment path.
fn read_path(
    chars: &BodyChars,
    items: &Items,
    body: &str,
    path: &[(Move, usize, usize)],
) -> Alignment {
    let m = items.len();
    // Per template item: whether its character matched; per field: its characters.
    let mut matched = vec![false; m];
    let mut field_chars: Vec<Option<Range<usize>>> = vec![None; items.fields.len()];
    // Per flag: the body characters its word matched.
    let mut flag_chars: Vec<Option<Range<usize>>> = vec![None; items.fields.len()];
    // Edits as (first body char, end body char, template item) runs.
    let mut raw_edits: Vec<(usize, usize, usize, Option<usize>)> = Vec::new();
    for &(mv, i, j) in path {
        match mv {
            Move::Match => {
                matched[j - 1] = true;
                if let Item::Char { flag: Some(f), .. } = items.items[j - 1] {
                    flag_chars[f].get_or_insert(i - 1..i).end = i;
                }
            }
            Move::Open | Move::Absorb => {
                let Item::Field { field, .. } = items.items[j - 1] else {
                    unreachable!("fields take characters")
                };
                let range = field_chars[field].get_or_insert(i - 1..i);
                range.end = i;
            }
            Move::Close => {}
            Move::SkipFlag => {
                if let Item::Char { flag: Some(f), .. } = items.items[j - 1] {
                    flag_chars[f] = Some(i..i);
                }
            }
            Move::Substitute => raw_edits.push((i - 1, i, j - 1, None)),
            Move::Missing => raw_edits.push((i, i, j - 1, None)),
            // The template item that follows is where the extra text stands (none at the end).
            Move::Extra => raw_edits.push((i - 1, i, j, None)),
            Move::EmptyField => {
                let Item::Field { field, .. } = items.items[j - 1] else {
                    unreachable!("only fields are empty")
                };
                field_chars[field] = Some(i..i);
                raw_edits.push((i, i, j - 1, Some(field)));
            }
        }
    }
    let side_matched = |k: Option<usize>| {
        k.is_none_or(|k| matches!(items.items[k], Item::Field { .. }) || matched[k])
    };
    let mut fields = Vec::new();
    for (j, item) in items.items.iter().enumerate() {
        if let Item::Field { field, bracketed } = *item {
            let span = chars.span(field_chars[field].clone(), body);
            let before = j.checked_sub(1);
            let after = (j + 1 < m).then_some(j + 1);
            let anchored = !span.is_empty() && side_matched(before) && side_matched(after);
            fields.push(FieldSlot {
                field: items.fields[field],
                span,
                bracketed,
                anchored,
            });
        }
    }
    // A flag is a field too: present (its span non-empty) when its word matched.
    for (f, spec) in items.fields.iter().enumerate() {
        if spec.kind == FieldKind::Flag {
            let span = chars.span(flag_chars[f].clone(), body);
            fields.push(FieldSlot {
                field: spec,
                span,
                bracketed: false,
                anchored: true,
            });
        }
    }
    let edits = merge_edits(chars, items, body, &raw_edits);
    Alignment {
        template: 0,
        cost: 0,
        fields,
        edits,
    }
}

/// Joins edits closer than three characters into one and widens each to whole words, so that a
/// changed word is one edit, not the letters that happen to differ.
fn merge_edits(
    chars: &BodyChars,
    items: &Items,
    body: &str,
    raw: &[(usize, usize, usize, Option<usize>)],
) -> Vec<Edit> {
    let mut runs: Vec<(usize, usize, usize, Option<usize>)> = Vec::new();
    for &(start, end, item, field) in raw {
        match runs.last_mut() {
            Some(run) if start <= run.1 + 2 && field.is_none() && run.3.is_none() => {
                run.1 = run.1.max(end)
            }
            _ => runs.push((start, end, item, field)),
        }
    }
    let is_space = |i: usize| chars.chars.get(i).is_some_and(|(c, _)| *c == ' ');
    runs.into_iter()
        .map(|(mut start, mut end, item, field)| {
            while start < end && is_space(start) {
                start += 1;
            }
            while end > start && is_space(end - 1) {
                end -= 1;
            }
            // Text missing inside a word ("Usr" for "User") is a change of that word.
            let inside_word = end == start
                && start > 0
                && start < chars.chars.len()
                && !is_space(start - 1)
                && !is_space(start);
            if end > start || inside_word {
                while start > 0 && !is_space(start - 1) {
                    start -= 1;
                }
                while end < chars.chars.len() && !is_space(end) {
                    end += 1;
                }
            }
            let expected = match (field, items.items.get(item)) {
                (Some(f), _) => format!("field '{}'", items.fields[f].name),
                (None, Some(Item::Char { segment, .. })) => {
                    items.segments[*segment].trim().to_owned()
                }
                (None, Some(Item::Field { field, .. })) => {
                    format!("field '{}'", items.fields[*field].name)
                }
                (None, None) => "the end of the message".to_owned(),
            };
            Edit {
                span: chars.span(Some(start..end), body),
                expected,
                field: field.map(|f| items.fields[f].name),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "<166>Nov 26 2026 14:03:11 fw1 : ";

    fn loose(line: &str) -> Record<'_, Loose<'_>> {
        match recognise_line(line) {
            Ok(Recognised::Loose(record)) => record,
            other => panic!("{line:?} was not loose: {other:?}"),
        }
    }

    fn field<'r>(record: &'r Record<'_, Loose<'_>>, name: &str) -> Option<&'r LooseValue<'r>> {
        let fields = &record.message.fields;
        fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    fn at<'l>(line: &'l str, span: &Range<usize>) -> &'l str {
        &line[span.clone()]
    }

    #[test]
    fn an_exact_line_is_exact() {
        let line = format!(
            "{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started."
        );
        assert!(matches!(recognise_line(&line), Ok(Recognised::Exact(_))));
    }

    #[test]
    fn a_changed_word_in_the_middle_keeps_the_fields_around_it() {
        let line = format!(
            "{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> SSL session started."
        );
        let record = loose(&line);
        assert_eq!(record.message.id, 716001);
        assert_eq!(record.message.info.name, "webvpn_session_started");
        assert_eq!(record.header.severity, 6);
        assert_eq!(field(&record, "group"), Some(&LooseValue::Text("vpn-ra")));
        assert_eq!(field(&record, "user"), Some(&LooseValue::Text("alice")));
        assert_eq!(
            field(&record, "ip"),
            Some(&LooseValue::Ip("192.0.2.7".parse().unwrap()))
        );
        let mismatch = &record.message.mismatch;
        assert_eq!(at(&line, &mismatch.span), "SSL");
        assert_eq!(mismatch.expected, "WebVPN session started.");
        assert_eq!(mismatch.template, 0);
        assert_eq!(mismatch.field, None);
    }

    #[test]
    fn a_misspelt_word_between_fields_is_the_mismatch() {
        // "Usr" for "User": the spaces around it still delimit both fields.
        let line = format!(
            "{HEADER}%FTD-6-716001: Group <vpn-ra> Usr <alice> IP <192.0.2.7> WebVPN session started."
        );
        let record = loose(&line);
        assert_eq!(
            field(&record, "ip"),
            Some(&LooseValue::Ip("192.0.2.7".parse().unwrap()))
        );
        assert_eq!(field(&record, "group"), Some(&LooseValue::Text("vpn-ra")));
        assert_eq!(field(&record, "user"), Some(&LooseValue::Text("alice")));
        assert_eq!(at(&line, &record.message.mismatch.span), "Usr");
        assert_eq!(record.message.mismatch.expected, "User");
    }

    #[test]
    fn a_masked_address_is_loose_and_names_the_field() {
        let line = format!(
            "{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <X.X.X.X> WebVPN session started."
        );
        let record = loose(&line);
        assert_eq!(
            field(&record, "ip"),
            Some(&LooseValue::Unconverted {
                text: "X.X.X.X",
                expected: "an IP address"
            })
        );
        assert_eq!(field(&record, "user"), Some(&LooseValue::Text("alice")));
        let mismatch = &record.message.mismatch;
        assert_eq!(at(&line, &mismatch.span), "X.X.X.X");
        assert_eq!(mismatch.field, Some("ip"));
        assert_eq!(mismatch.expected, "an IP address");
    }

    #[test]
    fn a_masked_ike_context_address_is_loose() {
        let line = format!(
            "{HEADER}%FTD-7-715046: Group = vpn-ra, IP = X.X.X.X, constructing blank hash payload"
        );
        let record = loose(&line);
        let context = record.context.as_ref().expect("the context is read");
        assert_eq!(context.group.as_deref(), Some("vpn-ra"));
        assert_eq!(context.ip, None);
        assert_eq!(
            field(&record, "payload"),
            Some(&LooseValue::Text("blank hash"))
        );
        let mismatch = &record.message.mismatch;
        assert_eq!(at(&line, &mismatch.span), "X.X.X.X");
        assert_eq!(mismatch.field, Some("ip"));
    }

    #[test]
    fn the_nearest_template_is_chosen() {
        // 716039's device form, with a word changed: template 1, not the guide's template 0.
        let line = format!(
            "{HEADER}%FTD-6-716039: Group <vpn-ra> User <alice> IP <192.0.2.7> Authentication: refused, Session Type: WebVPN."
        );
        let record = loose(&line);
        assert_eq!(record.message.mismatch.template, 1);
        assert_eq!(at(&line, &record.message.mismatch.span), "refused,");
        assert_eq!(
            field(&record, "session_type"),
            Some(&LooseValue::Enum {
                value: "WebVPN",
                known: true
            })
        );
    }

    #[test]
    fn missing_and_extra_text_are_mismatches() {
        let cut =
            format!("{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN");
        let record = loose(&cut);
        assert_eq!(record.message.mismatch.span, cut.len()..cut.len());
        assert_eq!(record.message.mismatch.expected, "WebVPN session started.");
        let long = format!(
            "{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started. (retry 2)"
        );
        let record = loose(&long);
        assert_eq!(at(&long, &record.message.mismatch.span), "(retry 2)");
        assert_eq!(record.message.mismatch.expected, "the end of the message");
    }

    #[test]
    fn a_field_whose_delimiter_changed_is_not_read() {
        // 715080's "seconds." became "secs.": the number is still read (a space follows it),
        // but a text field ending at a changed literal is not.
        let line = format!("{HEADER}%FTD-7-715080: VPN: Starting P1 rekey timer: 30 secs.");
        let record = loose(&line);
        assert_eq!(field(&record, "seconds"), Some(&LooseValue::Uint(30)));
        let line = format!(
            "{HEADER}%FTD-6-716002: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session ended: User Requested."
        );
        let record = loose(&line);
        assert_eq!(
            field(&record, "ip"),
            Some(&LooseValue::Ip("192.0.2.7".parse().unwrap()))
        );
        assert_eq!(at(&line, &record.message.mismatch.span), "ended:");
    }

    #[test]
    fn flags_read_present_and_absent() {
        let line =
            format!("{HEADER}%FTD-6-720023: (VPN-Primary) HA status callback: Peer is not here.");
        let record = loose(&line);
        assert_eq!(field(&record, "not"), Some(&LooseValue::Flag(true)));
        let line =
            format!("{HEADER}%FTD-6-720023: (VPN-Primary) HA state callback: Peer is present.");
        let record = loose(&line);
        assert_eq!(field(&record, "not"), Some(&LooseValue::Flag(false)));
        assert_eq!(at(&line, &record.message.mismatch.span), "state");
    }

    #[test]
    fn errors_outside_the_body_stay_errors() {
        let no_tag = format!("{HEADER}FTD-6-716001: Group <vpn-ra> User <alice>");
        assert!(recognise_line(&no_tag).is_err());
        let bad_id = format!("{HEADER}%FTD-6-71600: Group");
        assert!(recognise_line(&bad_id).is_err());
        let unknown = format!("{HEADER}%FTD-6-113004: anything");
        assert!(matches!(recognise_line(&unknown), Ok(Recognised::Exact(_))));
    }

    #[test]
    fn bodies_too_long_to_align_stay_errors() {
        let body = "x ".repeat(MAX_CELLS / 10);
        let line = format!("{HEADER}%FTD-6-716001: {body}");
        assert!(recognise_line(&line).is_err());
    }
}
