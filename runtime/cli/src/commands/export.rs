//! The `export` subcommand: renders the catalog as rules for other log processors (a liblognorm
//! rulebase, a syslog-ng PatternDB, Logstash grok patterns), for the bundled catalog or one
//! loaded from a directory at run time.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use ftd_catalog::export::{self, patterndb};
use ftd_catalog::Catalog;
use ftd_syslog::{FieldSpec, FieldVisitor, MacAddr, Message, Quantity, RandomValues};

use crate::error::{self, CliError};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ftd-syslog export lognorm -o ftd.rulebase       # lognormalizer -r, rsyslog mmnormalize
  ftd-syslog export patterndb -o ftd-patterndb.xml  # syslog-ng db-parser, pdbtool test
  ftd-syslog export grok -o ftd.grok               # Logstash grok patterns_dir")]
pub struct Args {
    /// What to write: lognorm (a liblognorm v2 rulebase), patterndb (a syslog-ng PatternDB with
    /// an example per rule) or grok (Logstash grok patterns)
    #[arg(value_enum, value_name = "FORMAT")]
    format: FormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Export the catalog in this directory of YAML files instead of the bundled one
    /// (PatternDB examples are drawn only for the bundled catalog's messages).
    #[arg(long, value_name = "DIR")]
    catalog: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// A liblognorm v2 rulebase (lognormalizer, rsyslog mmnormalize).
    Lognorm,
    /// A syslog-ng PatternDB (db-parser, pdbtool), with an example per rule.
    Patterndb,
    /// Logstash grok patterns (patterns_dir), used as %{FTD_SYSLOG}.
    Grok,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let catalog = load(args.catalog.as_deref())?;
    let text = match args.format {
        FormatArg::Lognorm => export::lognorm::rulebase(&catalog),
        FormatArg::Patterndb => export::patterndb::patterndb(&catalog, &examples(&catalog)),
        FormatArg::Grok => export::grok::patterns(&catalog),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::io(format!("{}: cannot write: {e}", path.display())))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| CliError::io(format!("standard output: {e}")))?;
        }
    }
    Ok(error::status(false))
}

/// The bundled catalog, or the one in `dir`, validated.
fn load(dir: Option<&std::path::Path>) -> Result<Catalog, CliError> {
    match dir {
        None => ftd_catalog::bundled()
            .map_err(|errors| CliError::data(format!("the bundled catalog is invalid:\n{errors}"))),
        Some(dir) => ftd_catalog::load_dir(dir, &dir.display().to_string()).map_err(|errors| {
            CliError::data(format!(
                "{}: the catalog is invalid:\n{errors}",
                dir.display()
            ))
        }),
    }
}

/// How many messages are drawn per id to find an example of each of its forms (flags set and
/// unset, optional fields present and absent, are drawn at random).
const DRAWS: u64 = 256;

/// An example for every form of every message the bundled catalog has, drawn with a fixed seed
/// per id so that the export is reproducible: a drawn message that writes exactly the form
/// spelt with its values, and that `parse` reads back with those values. A form whose every
/// drawn line `parse` reads as another form is [`patterndb::Drawn::Shadowed`]. Messages only
/// in a catalog loaded at run time have no generated type to draw from and get none.
fn examples(catalog: &Catalog) -> patterndb::Examples {
    let mut out = patterndb::Examples::new();
    for entry in &catalog.messages {
        let id = entry.def.id;
        let forms = export::variants(entry);
        let mut shadowed = vec![false; forms.len()];
        let mut random = RandomValues::new(u64::from(id));
        for _ in 0..DRAWS {
            if (0..forms.len()).all(|index| out.contains_key(&(id, index))) {
                break;
            }
            let Some(message) = Message::draw(id, &mut random) else {
                break;
            };
            let mut values = WireValues::default();
            message.visit_fields(&mut values);
            for (index, form) in forms.iter().enumerate() {
                if out.contains_key(&(id, index)) {
                    continue;
                }
                match example_of(&message, entry.def.severity, &values, form) {
                    Some(Ok(example)) => {
                        out.insert((id, index), patterndb::Drawn::Example(example));
                    }
                    Some(Err(ReadAsAnother)) => shadowed[index] = true,
                    None => {}
                }
            }
        }
        for (index, shadowed) in shadowed.into_iter().enumerate() {
            if shadowed {
                out.entry((id, index)).or_insert(patterndb::Drawn::Shadowed);
            }
        }
    }
    out
}

/// A line of a form that `parse` reads as another form, with other values.
struct ReadAsAnother;

/// The message as an example of `form`: `None` when it is not one (its flags or optional
/// fields differ), an error when `parse` reads it back with other values.
fn example_of(
    message: &Message<'_>,
    severity: u8,
    values: &WireValues,
    form: &export::Variant,
) -> Option<Result<patterndb::Example, ReadAsAnother>> {
    if !values.flags_match(form) {
        return None;
    }
    let mut text = String::new();
    // The message is an example of this form only when it writes exactly the form spelt with
    // its values: a message whose optional field is absent is written with another template.
    message
        .write_body(&mut text, form.template, form.bracketed)
        .ok()?;
    if values.spell(form)? != text {
        return None;
    }
    let line = format!("%FTD-{severity}-{}: {text}", message.id());
    let mut read = WireValues::default();
    match ftd_syslog::parse_line(&line) {
        Ok(record) => record.message.visit_fields(&mut read),
        Err(_) => return Some(Err(ReadAsAnother)),
    }
    if read.values != values.values {
        return Some(Err(ReadAsAnother));
    }
    Some(Ok(patterndb::Example {
        message: text,
        values: values.values.clone(),
    }))
}

/// The fields of a message as written on the wire, and which flags are set.
#[derive(Default)]
struct WireValues {
    values: Vec<(String, String)>,
    set_flags: Vec<&'static str>,
    unset_flags: Vec<&'static str>,
}

impl WireValues {
    fn push(&mut self, field: &FieldSpec, value: impl std::fmt::Display) {
        self.values.push((field.name.to_owned(), value.to_string()));
    }

    /// The form written with these values; `None` when the message lacks one of its fields.
    fn spell(&self, form: &export::Variant) -> Option<String> {
        let mut out = String::new();
        for piece in &form.pieces {
            match piece {
                export::Piece::Literal(text) => out.push_str(text),
                export::Piece::Flag { word, .. } => out.push_str(word),
                export::Piece::Field {
                    name, bracketed, ..
                } => {
                    let (_, value) = self.values.iter().find(|(n, _)| n == name)?;
                    if *bracketed {
                        out.push('<');
                        out.push_str(value);
                        out.push('>');
                    } else {
                        out.push_str(value);
                    }
                }
            }
        }
        Some(out)
    }

    /// Whether the form spells exactly the flags this message has set.
    fn flags_match(&self, form: &export::Variant) -> bool {
        let spelt: Vec<&str> = form
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                export::Piece::Flag { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        self.set_flags.iter().all(|name| spelt.contains(name))
            && spelt.iter().all(|name| !self.unset_flags.contains(name))
    }
}

impl FieldVisitor for WireValues {
    fn text(&mut self, field: &'static FieldSpec, value: &str) {
        self.push(field, value)
    }
    fn uint(&mut self, field: &'static FieldSpec, value: u64) {
        self.push(field, value)
    }
    fn int(&mut self, field: &'static FieldSpec, value: i64) {
        self.push(field, value)
    }
    fn hex(&mut self, field: &'static FieldSpec, value: u64) {
        self.push(field, format_args!("{value:#x}"))
    }
    fn ip(&mut self, field: &'static FieldSpec, value: std::net::IpAddr) {
        self.push(field, value)
    }
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) {
        self.push(field, value)
    }
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) {
        self.push(field, value)
    }
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) {
        self.push(field, value)
    }
    fn flag(&mut self, field: &'static FieldSpec, value: bool) {
        if value {
            self.set_flags.push(field.name);
        } else {
            self.unset_flags.push(field.name);
        }
    }
}
