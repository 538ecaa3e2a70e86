//! The `variants` subcommand: reads logs, groups the loose lines of each message id by shape,
//! and proposes a catalog template per shape, as YAML to paste into the entry.
//!
//! A line's shape is its body with the nearest template's fields as placeholders, values in
//! the text that differs from the template (addresses, numbers, MACs, hex) as new typed
//! variables, and the rest as literal words. Shapes of one id that differ only in changed words
//! are merged, those words becoming a `word` (one word) or `text` variable.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;

use ftd_syslog::loose::{align, Alignment};
use ftd_syslog::{recognise_line, FieldKind, MacAddr, MessageInfo, Recognised};

use crate::error::{self, CliError};

const LONG_HELP: &str = "\
Reads logs (files, or standard input when none is given), keeps the loose lines (a catalogued id
whose body matches none of its templates; see `ftd-syslog parse --help`), groups those of each
id by shape and prints, for each shape, a proposed template as YAML to paste into the entry's
`templates:` (and its new `variables:`), with how often it was seen and one example line.

Literals are the line's own text, aligned with the nearest template: its fields stay
placeholders, and values where the line differs from it become new variables with an inferred
type (ipv4, ipv6, ip, u32, u64, hex, mac); words that differ between lines of one shape become
`word` or `text` variables. New variables are `optional: true` (the entry's other templates do
not carry them). Lines that differ from a template only in values that are not of their type
(masked `X.X.X.X`, out of range) propose nothing and are counted in a comment.

EXAMPLE
  ftd-syslog variants /var/log/ftd.log > proposals.yaml";

/// Arguments of `variants`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = LONG_HELP)]
pub struct Args {
    /// Inputs to read in order; `-` is standard input (the default when none is given).
    #[arg(value_name = "FILE")]
    files: Vec<OsString>,
}

/// A piece of a line's shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    /// Literal text without spaces; `changed` when the line differs from the template there.
    Word { text: String, changed: bool },
    /// A space between pieces.
    Space,
    /// A field of the nearest template (`{name}`, `{<name>}`), with what it was sent with.
    Field(String),
    /// A new variable of this type, with the punctuation around it.
    New {
        kind: &'static str,
        before: String,
        after: String,
    },
}

/// Lines of one shape.
#[derive(Debug, Clone)]
struct Shape {
    tokens: Vec<Token>,
    count: u64,
    example: String,
    /// The first difference of the first line, for the comment.
    difference: String,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let files = if args.files.is_empty() {
        vec![OsString::from("-")]
    } else {
        args.files
    };
    let mut shapes: BTreeMap<(u32, usize), Vec<Shape>> = BTreeMap::new();
    let mut masked: BTreeMap<(u32, usize), u64> = BTreeMap::new();
    let mut io_failed = false;
    for file in &files {
        let name = file.to_string_lossy();
        let input: Box<dyn Read> = if file == "-" {
            Box::new(io::stdin())
        } else {
            match File::open(file) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("ftd-syslog variants: cannot open {name}: {e}");
                    io_failed = true;
                    continue;
                }
            }
        };
        for line in BufReader::new(input).split(b'\n') {
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    eprintln!("ftd-syslog variants: cannot read {name}: {e}");
                    io_failed = true;
                    break;
                }
            };
            let Ok(text) = std::str::from_utf8(&line) else {
                continue;
            };
            collect(text, &mut shapes, &mut masked);
        }
    }
    let mut out = io::stdout().lock();
    write_report(&mut out, &shapes, &masked)
        .map_err(|e| CliError::io(format!("cannot write to standard output: {e}")))?;
    Ok(error::status(io_failed))
}

/// Adds a line to its id's shapes when it is loose.
fn collect(
    text: &str,
    shapes: &mut BTreeMap<(u32, usize), Vec<Shape>>,
    masked: &mut BTreeMap<(u32, usize), u64>,
) {
    let Ok(Recognised::Loose(record)) = recognise_line(text) else {
        return;
    };
    let loose = &record.message;
    let Some(alignment) = align(loose.info, loose.body) else {
        return;
    };
    let key = (loose.id, alignment.template);
    let tokens = tokens(loose.body, &alignment);
    if render(&tokens, loose.info, &[]).0 == loose.info.templates[alignment.template] {
        *masked.entry(key).or_default() += 1;
        return;
    }
    let mismatch = &loose.mismatch;
    let difference = format!(
        "{:?} where the template has {:?}",
        text.get(mismatch.span.clone()).unwrap_or_default(),
        mismatch.expected
    );
    let group = shapes.entry(key).or_default();
    let line = text.trim_end_matches(['\r', '\n']).to_owned();
    add(group, tokens, line, difference);
}

/// Adds a line's shape to its group: counted with an equal shape, merged with one that
/// differs only in changed words, or new.
fn add(group: &mut Vec<Shape>, tokens: Vec<Token>, line: String, difference: String) {
    for shape in group.iter_mut() {
        if shape.tokens == tokens {
            shape.count += 1;
            return;
        }
        if let Some(merged) = merge(&shape.tokens, &tokens) {
            shape.tokens = merged;
            shape.count += 1;
            return;
        }
    }
    group.push(Shape {
        tokens,
        count: 1,
        example: line,
        difference,
    });
}

/// Two shapes with the same tokens before and after a run of changed words: one shape with a
/// `word` (one word each) or `text` variable for that run.
fn merge(a: &[Token], b: &[Token]) -> Option<Vec<Token>> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let changeable = |run: &[Token]| {
        !run.is_empty()
            && run.iter().all(|t| match t {
                Token::Word { changed, .. } => *changed,
                Token::Space => true,
                Token::New { kind, .. } => matches!(*kind, "word" | "text"),
                Token::Field(_) => false,
            })
    };
    if !changeable(ma) || !changeable(mb) {
        return None;
    }
    let mut merged = a[..prefix].to_vec();
    merged.push(match (ma, mb) {
        ([x], [y]) => merge_words(x, y),
        _ => Token::New {
            kind: "text",
            before: String::new(),
            after: String::new(),
        },
    });
    merged.extend_from_slice(&a[a.len() - suffix..]);
    Some(merged)
}

/// One changed word in two shapes: a `word` variable, keeping the punctuation both have around
/// it (`ended:` and `closed:` give `{word}:`); `text` when one is already text.
fn merge_words(x: &Token, y: &Token) -> Token {
    let text = Token::New {
        kind: "text",
        before: String::new(),
        after: String::new(),
    };
    let punctuation = |c: char| !c.is_alphanumeric();
    match (x, y) {
        (Token::Word { text: a, .. }, Token::Word { text: b, .. }) => {
            let before: String = a
                .chars()
                .zip(b.chars())
                .take_while(|(p, q)| p == q && punctuation(*p))
                .map(|(p, _)| p)
                .collect();
            let after: String = a
                .chars()
                .rev()
                .zip(b.chars().rev())
                .take_while(|(p, q)| p == q && punctuation(*p))
                .map(|(p, _)| p)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            Token::New {
                kind: "word",
                before,
                after,
            }
        }
        (
            merged @ Token::New {
                kind: "word",
                before,
                after,
            },
            Token::Word { text: word, .. },
        ) if word.starts_with(before.as_str())
            && word.ends_with(after.as_str())
            && word.len() > before.len() + after.len() =>
        {
            merged.clone()
        }
        _ => text,
    }
}

/// The shape of a loose body: fields of the alignment as placeholders, value-like words in
/// changed text as new variables, other words literal.
fn tokens(body: &str, alignment: &Alignment) -> Vec<Token> {
    // Field placeholders by where they start in the body (absent flags have empty spans).
    let mut fields: Vec<(std::ops::Range<usize>, String)> = alignment
        .fields
        .iter()
        .filter(|slot| !slot.span.is_empty() || slot.field.kind == FieldKind::Flag)
        .map(|slot| {
            let name = slot.field.name;
            let placeholder = if slot.bracketed {
                format!("{{<{name}>}}")
            } else {
                format!("{{{name}}}")
            };
            (slot.span.clone(), placeholder)
        })
        .collect();
    fields.sort_by_key(|(span, _)| (span.start, span.end));
    let changed = |at: usize| {
        alignment
            .edits
            .iter()
            .any(|e| e.span.start <= at && at < e.span.end.max(e.span.start + 1))
    };
    let mut out = Vec::new();
    let mut pos = 0;
    let push_text = |out: &mut Vec<Token>, from: usize, to: usize| {
        let text = &body[from..to];
        let mut at = from;
        for (i, word) in text.split([' ', '\t']).enumerate() {
            if i > 0 && out.last() != Some(&Token::Space) {
                out.push(Token::Space);
            }
            if !word.is_empty() {
                out.push(word_token(word, changed(at)));
            }
            at += word.len() + 1;
        }
    };
    for (span, placeholder) in fields {
        if span.start < pos {
            continue;
        }
        push_text(&mut out, pos, span.start);
        out.push(Token::Field(placeholder));
        pos = span.end;
    }
    push_text(&mut out, pos, body.len());
    while out.last() == Some(&Token::Space) {
        out.pop();
    }
    out
}

/// A word of the body: a new variable when it was changed and its core (without surrounding
/// punctuation) is a value, a literal otherwise.
fn word_token(word: &str, changed: bool) -> Token {
    let punctuation = |c: char| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';' | '\'' | '"' | '.' | ':' | '='
        )
    };
    let (mut start, mut end) = (0, word.len());
    // Punctuation is peeled off one character at a time until a value remains (an IPv6
    // address keeps its colons, an IPv4 one its dots).
    while infer(&word[start..end]).is_none() {
        let core = &word[start..end];
        if core.ends_with(punctuation) {
            end -= 1;
        } else if core.starts_with(punctuation) {
            start += 1;
        } else {
            break;
        }
    }
    match (changed, infer(&word[start..end])) {
        (true, Some(kind)) => Token::New {
            kind,
            before: word[..start].to_owned(),
            after: word[end..].to_owned(),
        },
        _ => Token::Word {
            text: word.to_owned(),
            changed,
        },
    }
}

/// The catalog type of a value-like text: addresses, numbers, hex, MACs.
fn infer(text: &str) -> Option<&'static str> {
    if text.parse::<Ipv4Addr>().is_ok() {
        Some("ipv4")
    } else if text.contains(':') && text.parse::<Ipv6Addr>().is_ok() {
        Some("ipv6")
    } else if text.parse::<MacAddr>().is_ok() {
        Some("mac")
    } else if text.parse::<u32>().is_ok() {
        Some("u32")
    } else if text.parse::<u64>().is_ok() {
        Some("u64")
    } else if text
        .strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.len() <= 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Some("hex")
    } else {
        None
    }
}

/// The template text of a shape and its new variables (name, type); `taken` are names in use.
fn render(
    tokens: &[Token],
    info: &MessageInfo,
    taken: &[String],
) -> (String, Vec<(String, &'static str)>) {
    let mut text = String::new();
    let mut new_vars: Vec<(String, &'static str)> = Vec::new();
    let mut last_word = String::new();
    for token in tokens {
        match token {
            Token::Word { text: word, .. } => {
                text.push_str(&escape(word));
                last_word = word.clone();
            }
            Token::Space => text.push(' '),
            Token::Field(placeholder) => text.push_str(placeholder),
            Token::New {
                kind,
                before,
                after,
            } => {
                let name = variable_name(&last_word, info, taken, &new_vars);
                text.push_str(&escape(before));
                text.push_str(&format!("{{{name}}}"));
                text.push_str(&escape(after));
                new_vars.push((name, kind));
            }
        }
    }
    (text, new_vars)
}

/// `{` and `}` in literal text, as templates write them.
fn escape(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A snake_case name for a new variable: the word before it when it makes one, else `value`;
/// numbered when taken.
fn variable_name(
    before: &str,
    info: &MessageInfo,
    taken: &[String],
    new_vars: &[(String, &'static str)],
) -> String {
    let base: String = before
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let base = if base.is_empty() || base.as_bytes()[0].is_ascii_digit() {
        "value".to_owned()
    } else {
        base
    };
    let used = |name: &str| {
        info.fields.iter().any(|f| f.name == name)
            || taken.iter().any(|t| t == name)
            || new_vars.iter().any(|(n, _)| n == name)
    };
    if !used(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|name| !used(name))
        .expect("some number is free")
}

/// YAML single-quoted scalar.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Writes every proposal, by id and nearest template.
fn write_report(
    out: &mut dyn Write,
    shapes: &BTreeMap<(u32, usize), Vec<Shape>>,
    masked: &BTreeMap<(u32, usize), u64>,
) -> io::Result<()> {
    if shapes.is_empty() && masked.is_empty() {
        writeln!(out, "# no loose lines")?;
    }
    for (&(id, template), count) in masked {
        let info = ftd_syslog::info(id).expect("loose lines have catalogued ids");
        writeln!(
            out,
            "# {id} {}: {count} line(s) fit template {template} apart from their values (masked, out of range...); nothing to add",
            info.name
        )?;
    }
    if !masked.is_empty() {
        writeln!(out)?;
    }
    for (&(id, template), group) in shapes {
        let info = ftd_syslog::info(id).expect("loose lines have catalogued ids");
        let mut taken = Vec::new();
        for shape in group {
            let (text, new_vars) = render(&shape.tokens, info, &taken);
            taken.extend(new_vars.iter().map(|(n, _)| n.clone()));
            writeln!(
                out,
                "# {id} {}: {} line(s), nearest template {template}: {}",
                info.name, shape.count, info.templates[template]
            )?;
            writeln!(out, "# first difference: {}", shape.difference)?;
            for field in info.fields.iter().filter(|f| !f.optional) {
                if !text.contains(&format!("{{{}}}", field.name))
                    && !text.contains(&format!("{{<{}>}}", field.name))
                {
                    writeln!(
                        out,
                        "# this form lacks '{}': mark that variable `optional: true` in the entry",
                        field.name
                    )?;
                }
            }
            writeln!(out, "templates:")?;
            writeln!(out, "- text: {}", quoted(&text))?;
            writeln!(out, "  source: device")?;
            let times = if shape.count == 1 {
                "once".to_owned()
            } else {
                format!("{} times", shape.count)
            };
            let note = format!("seen {times}, e.g. {}", shape.example);
            writeln!(out, "  note: {}", quoted(&note))?;
            if !new_vars.is_empty() {
                writeln!(out, "variables:")?;
                for (name, kind) in &new_vars {
                    writeln!(out, "- name: {name}")?;
                    writeln!(out, "  type: {kind}")?;
                    writeln!(out, "  optional: true")?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
