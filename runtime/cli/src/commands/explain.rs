//! The `explain` subcommand: for each log line (or message id), what the message is — its name,
//! severity, decoded fields with their descriptions, explanation and recommended action — in
//! English or Japanese, as coloured text on a terminal, plain text otherwise, or JSON.
//!
//! Everything shown comes from the library's [`MessageInfo`] (the catalog compiled into the
//! generated types), so the command shows what a Rust user of the library can show.

use std::fmt::Write as _;
use std::io::{self, BufRead, IsTerminal, Write as _};
use std::net::IpAddr;
use std::process::ExitCode;

use ftd_catalog::blocks::{self, BlockLayout};
use ftd_catalog::{severity, Block};
use ftd_syslog::{
    recognise_line, FieldSpec, FieldVisitor, Hex, Loose, LooseValue, MacAddr, Message, MessageInfo,
    ParseError, Quantity, Recognised, TextBlock,
};
use serde_json::{json, Value};

use crate::error::{self, CliError};
use crate::render::json::kind_name;

const AFTER_HELP: &str = "\
Each LINE is a syslog line (quote it); each ID a six-digit message id, for which the entry is
described without fields. With no argument, lines are read from standard input, one per line.

Missing text in the chosen language is shown in the other one, marked. Exit status 1 when a
line does not parse or an id is not in the catalog (every input is still explained).

Examples:
  ftd-syslog explain 716001
  ftd-syslog explain '%FTD-6-716001: Group <vpn> User <alice> IP <192.0.2.7> WebVPN session started.'
  ftd-syslog simulate --count 3 | ftd-syslog explain --lang ja";

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Log lines or message ids; standard input when none is given.
    #[arg(value_name = "LINE | ID")]
    inputs: Vec<String>,
    /// The language of descriptions, explanations and actions.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
    /// Colour on a terminal (`auto`, the default, honours NO_COLOR), always, or never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// One JSON object per input, one per line, for tools.
    #[arg(long)]
    json: bool,
}

/// The language of the text shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    fn english(self) -> bool {
        self == Lang::En
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// When to colour the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    crate::output::check_stdout()?;
    let colour = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let style = Style { colour };
    let mut problems = false;
    let mut out = io::stdout().lock();
    let mut explain = |input: &str| -> io::Result<()> {
        let explanation = explain(input);
        problems |= explanation.is_problem();
        let text = if args.json {
            let mut line = explanation.json(args.lang).to_string();
            line.push('\n');
            line
        } else {
            explanation.text(args.lang, &style)
        };
        out.write_all(text.as_bytes())?;
        out.flush()
    };
    let outcome = if args.inputs.is_empty() {
        let stdin = io::stdin().lock();
        stdin.lines().try_for_each(|line| {
            let line = line?;
            if line.trim().is_empty() {
                return Ok(());
            }
            explain(&line)
        })
    } else {
        args.inputs.iter().try_for_each(|input| explain(input))
    };
    outcome.map_err(|e| CliError::io(format!("cannot read or write: {e}")))?;
    Ok(error::status(problems))
}

/// What an input turned out to be.
enum Explanation<'a> {
    /// A catalogued id given alone.
    Entry {
        input: &'a str,
        info: &'static MessageInfo,
    },
    /// A line of a catalogued message, with its decoded fields.
    Line {
        input: &'a str,
        info: &'static MessageInfo,
        fields: Vec<Field>,
        /// For a loose match (no template matches exactly), where the line first differs from
        /// the nearest template; `None` for an exact match.
        loose: Option<String>,
    },
    /// An id (alone or in a line) the catalog does not hold.
    UnknownId { input: &'a str, id: u32 },
    /// A line that does not parse.
    Broken { input: &'a str, error: ParseError },
}

/// A decoded field: its spec and its value as text and as JSON.
struct Field {
    spec: &'static FieldSpec,
    text: String,
    json: Value,
}

fn explain(input: &str) -> Explanation<'_> {
    let trimmed = input.trim();
    if trimmed.len() == 6 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let id: u32 = trimmed.parse().unwrap_or_default();
        return match ftd_syslog::info(id) {
            Some(info) => Explanation::Entry { input, info },
            None => Explanation::UnknownId { input, id },
        };
    }
    match recognise_line(input) {
        Err(error) => Explanation::Broken { input, error },
        Ok(Recognised::Loose(record)) => loose_line(input, &record.message),
        Ok(Recognised::Exact(record)) => match &record.message {
            Message::Unknown { id, .. } => Explanation::UnknownId { input, id: *id },
            message => match message.info() {
                Some(info) => {
                    let mut fields = Fields(Vec::new());
                    message.visit_fields(&mut fields);
                    Explanation::Line {
                        input,
                        info,
                        fields: fields.0,
                        loose: None,
                    }
                }
                None => Explanation::UnknownId {
                    input,
                    id: message.id(),
                },
            },
        },
    }
}

/// A loose match: the fields that could be read, and where the line differs.
fn loose_line<'a>(input: &'a str, loose: &Loose<'_>) -> Explanation<'a> {
    let mut fields = Fields(Vec::new());
    for (name, value) in &loose.fields {
        let Some(spec) = loose.info.fields.iter().find(|f| f.name == *name) else {
            continue;
        };
        let (text, json) = match (value, crate::render::loose_value(value)) {
            (_, Some(json)) => (
                json.as_str()
                    .map_or_else(|| json.to_string(), str::to_owned),
                json,
            ),
            (LooseValue::Unconverted { text, expected }, None) => {
                (format!("{text} (not {expected})"), json!(text))
            }
            (_, None) => continue,
        };
        fields.push(spec, text, json);
    }
    let mismatch = &loose.mismatch;
    let found = input.get(mismatch.span.clone()).unwrap_or_default();
    Explanation::Line {
        input,
        info: loose.info,
        fields: fields.0,
        loose: Some(format!(
            "no template matches exactly; nearest is template {} (`{}`): at bytes {}..{} the line has {:?} where {} was expected",
            mismatch.template + 1,
            mismatch.template_text,
            mismatch.span.start,
            mismatch.span.end,
            found,
            mismatch.expected
        )),
    }
}

/// Collects the fields of a parsed message.
struct Fields(Vec<Field>);

impl Fields {
    fn push(&mut self, spec: &'static FieldSpec, text: String, json: Value) {
        self.0.push(Field { spec, text, json });
    }
}

impl FieldVisitor for Fields {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.push(field, value.to_owned(), json!(value));
    }
    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.push(field, value.to_string(), json!(value));
    }
    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.push(field, value.to_string(), json!(value));
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        let text = format!("{value:#x}");
        self.push(field, text.clone(), json!(text));
    }
    fn hex_as_sent(&mut self, field: &'static FieldSpec, value: Hex) {
        let text = value.to_string();
        self.push(field, text.clone(), json!(text));
    }
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) {
        self.push(field, value.to_string(), json!(value.to_string()));
    }
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.push(field, value.to_string(), json!(value.to_string()));
    }
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.push(field, value.to_string(), json!(value.to_string()));
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, known: bool) {
        let text = if known {
            value.to_owned()
        } else {
            format!("{value} (not one of the listed values)")
        };
        self.push(field, text, json!(value));
    }
    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        self.push(field, value.to_string(), json!(value));
    }
}

/// Text in the language asked for, or in the other one with a marker saying so.
struct Shown<T> {
    value: T,
    /// The language the text is in, when it is not the one asked for.
    fallback: Option<Lang>,
}

fn in_lang<T: Copy>(lang: Lang, pick: impl Fn(bool) -> T, empty: impl Fn(&T) -> bool) -> Shown<T> {
    let wanted = pick(lang.english());
    if !empty(&wanted) {
        return Shown {
            value: wanted,
            fallback: None,
        };
    }
    let other = pick(!lang.english());
    let fallback = (!empty(&other)).then_some(if lang.english() { Lang::Ja } else { Lang::En });
    Shown {
        value: other,
        fallback,
    }
}

fn fallback_marker(fallback: Option<Lang>) -> &'static str {
    match fallback {
        Some(Lang::Ja) => "[not yet translated; Japanese shown] ",
        Some(Lang::En) => "[not in the Japanese guide; English shown] ",
        None => "",
    }
}

fn to_blocks(text: &[TextBlock]) -> Vec<Block> {
    text.iter()
        .map(|block| match block {
            TextBlock::Paragraph(text) => Block::Paragraph((*text).to_owned()),
            TextBlock::List(items) => Block::List {
                list: items.iter().map(|item| (*item).to_owned()).collect(),
            },
        })
        .collect()
}

/// ANSI styling, or none.
struct Style {
    colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn name(&self, text: &str) -> String {
        self.paint("36", text)
    }
    fn problem(&self, text: &str) -> String {
        self.paint("1;31", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

impl Explanation<'_> {
    fn is_problem(&self) -> bool {
        matches!(
            self,
            Explanation::UnknownId { .. } | Explanation::Broken { .. }
        )
    }

    fn text(&self, lang: Lang, style: &Style) -> String {
        let mut out = String::new();
        match self {
            Explanation::Entry { info, .. } => describe(&mut out, info, None, lang, style),
            Explanation::Line {
                input,
                info,
                fields,
                loose,
            } => {
                let _ = writeln!(out, "{} {input}", style.dim("line:"));
                match loose {
                    Some(mismatch) => {
                        let _ = writeln!(out, "{} {mismatch}", style.problem("match: loose;"));
                    }
                    None => {
                        let _ = writeln!(out, "{}", style.dim("match: exact"));
                    }
                }
                describe(&mut out, info, Some(fields), lang, style);
            }
            Explanation::UnknownId { input, id } => {
                let _ = writeln!(
                    out,
                    "{} {id} is not in the catalog (`ftd-syslog catalog` lists the ids it holds)",
                    style.problem("unknown id:")
                );
                if input.trim() != id.to_string() {
                    let _ = writeln!(out, "{} {input}", style.dim("line:"));
                }
            }
            Explanation::Broken { input, error } => broken(&mut out, input, error, style),
        }
        out.push('\n');
        out
    }

    fn json(&self, lang: Lang) -> Value {
        match self {
            Explanation::Entry { input, info } => {
                let mut value = entry_json(info, lang);
                value["input"] = json!(input);
                value
            }
            Explanation::Line {
                input,
                info,
                fields,
                loose,
            } => {
                let mut value = entry_json(info, lang);
                value["input"] = json!(input);
                value["match"] = json!(if loose.is_some() { "loose" } else { "exact" });
                if let Some(mismatch) = loose {
                    value["mismatch"] = json!(mismatch);
                }
                value["fields"] = fields
                    .iter()
                    .map(|field| {
                        let description =
                            in_lang(lang, |en| field.spec.description_in(en), |d| d.is_empty());
                        json!({
                            "name": field.spec.name,
                            "type": field.spec.type_name,
                            "value": field.json,
                            "description": description.value,
                            "description_lang": description_lang(lang, description.fallback, description.value.is_empty()),
                        })
                    })
                    .collect();
                value
            }
            Explanation::UnknownId { input, id } => {
                json!({"input": input, "id": id, "unknown": true})
            }
            Explanation::Broken { input, error } => json!({
                "input": input,
                "error": {
                    "kind": kind_name(error.kind()),
                    "message": error.kind().to_string(),
                    "span": [error.span().start, error.span().end],
                    "id": error.id(),
                }
            }),
        }
    }
}

/// The language text is in: the one asked for, the other one, or none (`null`) when empty.
fn description_lang(lang: Lang, fallback: Option<Lang>, empty: bool) -> Value {
    match (empty, fallback) {
        (true, _) => Value::Null,
        (false, Some(other)) => json!(other.code()),
        (false, None) => json!(lang.code()),
    }
}

fn entry_json(info: &MessageInfo, lang: Lang) -> Value {
    let explanation = in_lang(lang, |en| info.explanation(en), |b| b.is_empty());
    let action = in_lang(lang, |en| info.action(en), |b| b.is_empty());
    json!({
        "id": info.id,
        "name": info.name,
        "severity": info.severity,
        "severity_name": severity::name(info.severity),
        "in_ja_guide": info.in_ja_guide,
        "lang": lang.code(),
        "explanation": to_blocks(explanation.value),
        "explanation_lang": description_lang(lang, explanation.fallback, explanation.value.is_empty()),
        "action": to_blocks(action.value),
        "action_lang": description_lang(lang, action.fallback, action.value.is_empty()),
    })
}

/// The name, severity, fields (when a line gave them), explanation and action of a message.
fn describe(
    out: &mut String,
    info: &MessageInfo,
    fields: Option<&[Field]>,
    lang: Lang,
    style: &Style,
) {
    let _ = writeln!(
        out,
        "{} {} · {}{}",
        style.heading(&info.id.to_string()),
        style.heading(info.name),
        severity::label(info.severity),
        if info.in_ja_guide {
            ""
        } else {
            " · not in the Japanese guide"
        }
    );
    if let Some(fields) = fields {
        field_table(out, fields, lang, style);
    }
    for (title, text) in [
        (
            heading(lang, "Explanation", "説明"),
            in_lang(lang, |en| info.explanation(en), |b| b.is_empty()),
        ),
        (
            heading(lang, "Recommended action", "推奨アクション"),
            in_lang(lang, |en| info.action(en), |b| b.is_empty()),
        ),
    ] {
        let _ = writeln!(out, "{}", style.heading(title));
        if text.value.is_empty() {
            let _ = writeln!(out, "    {}", style.dim("(none recorded)"));
            continue;
        }
        if text.fallback.is_some() {
            let _ = writeln!(
                out,
                "    {}",
                style.dim(fallback_marker(text.fallback).trim())
            );
        }
        out.push_str(&blocks::to_string(
            &to_blocks(text.value),
            &BlockLayout::INDENTED_TEXT,
        ));
    }
}

fn heading(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The fields as aligned columns: name, type, value, description.
fn field_table(out: &mut String, fields: &[Field], lang: Lang, style: &Style) {
    let _ = writeln!(
        out,
        "{}",
        style.heading(heading(lang, "Fields", "フィールド"))
    );
    if fields.is_empty() {
        let _ = writeln!(out, "    {}", style.dim("(none)"));
        return;
    }
    let width = |f: fn(&Field) -> usize| fields.iter().map(f).max().unwrap_or(0);
    let name_width = width(|f| f.spec.name.chars().count());
    let type_width = width(|f| f.spec.type_name.chars().count());
    let value_width = width(|f| f.text.chars().count());
    for field in fields {
        let description = in_lang(lang, |en| field.spec.description_in(en), |d| d.is_empty());
        let name = format!("{:name_width$}", field.spec.name);
        let ty = format!("{:type_width$}", field.spec.type_name);
        let line = format!(
            "    {}  {}  {:value_width$}  {}{}",
            style.name(&name),
            style.dim(&ty),
            field.text,
            style.dim(fallback_marker(description.fallback)),
            description.value
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// A line that does not parse: the error, and the line with the span underlined.
fn broken(out: &mut String, input: &str, error: &ParseError, style: &Style) {
    let span = error.span();
    let _ = writeln!(
        out,
        "{} {} (bytes {}-{}{})",
        style.problem("does not parse:"),
        error.kind(),
        span.start,
        span.end,
        error
            .id()
            .map_or(String::new(), |id| format!(", message {id}"))
    );
    let _ = writeln!(out, "    {input}");
    let start = input.get(..span.start.min(input.len())).unwrap_or(input);
    let marked = input
        .get(span.start.min(input.len())..span.end.min(input.len()))
        .unwrap_or("");
    let _ = writeln!(
        out,
        "    {}{}",
        " ".repeat(start.chars().count()),
        style.problem(&"^".repeat(marked.chars().count().max(1)))
    );
}
