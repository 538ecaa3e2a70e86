//! The `catalog` subcommand: lists the catalog's entries, or shows entries in full (the guide's
//! text, wire templates, typed variables, explanation, recommended action); `--json` prints the
//! catalog model, one object per message.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use ftd_catalog::{Block, CatalogEntry as Message};

use crate::simulate_cmd::options::{self, IdRange};

const EXAMPLES: &str = "Examples:
  ftd-syslog catalog                      one line per message: id, severity, name, guide text
  ftd-syslog catalog 716001               everything about 716001
  ftd-syslog catalog 716001 716002        several entries in full
  ftd-syslog catalog 718xxx               the 718xxx messages, one line each
  ftd-syslog catalog --min-severity error
  ftd-syslog catalog --json | jq -r .name one JSON object per message

Exit status: 0 when something was shown, 1 when an id is not in the catalog, 2 on a usage
error.";

/// Arguments of `catalog`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Message ids (shown in full) or ranges like 716000-716099 or 716xxx (listed); default:
    /// every message, listed.
    #[arg(value_parser = options::id_range, value_name = "ID|RANGE")]
    selection: Vec<IdRange>,
    /// Only messages at least this severe: 0-7 or a name (error, warning, notice...).
    #[arg(long, value_parser = options::severity, value_name = "LEVEL")]
    min_severity: Option<u8>,
    /// Print the catalog model as JSON, one object per message per line.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let catalog = match ftd_syslog::model::catalog() {
        Ok(catalog) => catalog,
        Err(errors) => {
            eprintln!("ftd-syslog catalog: error: the bundled catalog does not load:\n{errors}");
            return ExitCode::from(1);
        }
    };
    let mut missing = Vec::new();
    for range in &args.selection {
        if !catalog.messages.iter().any(|m| range.contains(m.def.id)) {
            missing.push(if range.first == range.last {
                format!("{} is not in the catalog", range.first)
            } else {
                format!("no message in {}-{}", range.first, range.last)
            });
        }
    }
    let selected: Vec<&Message> = catalog
        .messages
        .iter()
        .filter(|m| {
            args.selection.is_empty() || args.selection.iter().any(|r| r.contains(m.def.id))
        })
        .filter(|m| {
            args.min_severity
                .is_none_or(|level| m.def.severity <= level)
        })
        .collect();
    let full = !args.selection.is_empty() && args.selection.iter().all(|r| r.first == r.last);
    let mut out = String::new();
    for message in &selected {
        if args.json {
            match serde_json::to_string(message) {
                Ok(json) => {
                    out.push_str(&json);
                    out.push('\n');
                }
                Err(error) => {
                    eprintln!(
                        "ftd-syslog catalog: error: {} does not serialise: {error}",
                        message.def.id
                    );
                    return ExitCode::from(1);
                }
            }
        } else if full {
            if !out.is_empty() {
                out.push('\n');
            }
            describe(&mut out, message);
        } else {
            summarise(&mut out, message);
        }
    }
    let written = std::io::stdout().lock().write_all(out.as_bytes());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("ftd-syslog catalog: error: cannot write to standard output: {error}");
            return ExitCode::from(1);
        }
    }
    for problem in &missing {
        eprintln!("ftd-syslog catalog: {problem} (try `ftd-syslog catalog` for the list)");
    }
    if !missing.is_empty() {
        ExitCode::from(1)
    } else if selected.is_empty() {
        eprintln!("ftd-syslog catalog: no message matches");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

const SEVERITY_NAMES: [&str; 8] = [
    "emergency",
    "alert",
    "critical",
    "error",
    "warning",
    "notice",
    "informational",
    "debug",
];

fn severity_name(severity: u8) -> &'static str {
    SEVERITY_NAMES
        .get(usize::from(severity))
        .copied()
        .unwrap_or("?")
}

/// The guide's text after its `%Threat Defense-6-716001: ` prefix.
fn guide_body(message: &Message) -> &str {
    let guide = message.def.guide.as_str();
    let tag = format!("-{}: ", message.def.id);
    guide
        .find(&tag)
        .map_or(guide, |at| &guide[at + tag.len()..])
}

/// One line: id, severity, name, the guide's text.
fn summarise(out: &mut String, message: &Message) {
    let def = &message.def;
    let _ = writeln!(
        out,
        "{}  {}  {:<48} {}",
        def.id,
        def.severity,
        def.name,
        guide_body(message)
    );
}

/// Everything about one entry.
fn describe(out: &mut String, message: &Message) {
    let def = &message.def;
    let _ = writeln!(out, "{} {}", def.id, def.name);
    let _ = writeln!(
        out,
        "  severity:  {} ({})",
        def.severity,
        severity_name(def.severity)
    );
    let _ = writeln!(out, "  section:   {}", message.section);
    let _ = writeln!(out, "  guide:     {}", def.guide);
    let _ = writeln!(out, "  templates:");
    for template in &def.templates {
        let _ = writeln!(out, "    %FTD-{}-{}: {}", def.severity, def.id, template);
    }
    if def.ike_context {
        let _ = writeln!(
            out,
            "  context:   may be preceded by the IKE session context (Group = g, Username = u, IP = a, )"
        );
    }
    if !def.variables.is_empty() {
        let _ = writeln!(out, "  variables:");
        let width = def
            .variables
            .iter()
            .map(|v| v.name.len())
            .max()
            .unwrap_or(0);
        for variable in &def.variables {
            let mut ty = variable.ty.clone();
            if !variable.values.is_empty() {
                let _ = write!(ty, " [{}]", variable.values.join(" | "));
            }
            if variable.open {
                ty.push_str(" (or another value)");
            }
            if variable.ignore_case {
                ty.push_str(" (any case)");
            }
            if let Some(word) = &variable.word {
                let _ = write!(ty, " (writes {word:?} when set)");
            }
            if variable.optional {
                ty.push_str(" (optional: not in every template)");
            }
            let _ = write!(out, "    {:width$}  {ty}", variable.name);
            if let Some(guide) = variable
                .guide_name
                .as_ref()
                .filter(|g| **g != variable.name)
            {
                let _ = write!(out, "; the guide says {guide}");
            }
            if let Some(description) = &variable.description {
                let _ = write!(out, ": {description}");
            }
            out.push('\n');
        }
    }
    blocks(out, "explanation", &def.explanation);
    blocks(out, "action", &def.action);
    if !def.notes.is_empty() {
        let _ = writeln!(out, "  notes:");
        for note in &def.notes {
            let _ = writeln!(out, "    - {note}");
        }
    }
}

fn blocks(out: &mut String, heading: &str, blocks: &[Block]) {
    if blocks.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {heading}:");
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(out, "    {text}");
            }
            Block::List { list } => {
                for item in list {
                    match item.strip_prefix('-') {
                        Some(sub) => {
                            let _ = writeln!(out, "        - {}", sub.trim());
                        }
                        None => {
                            let _ = writeln!(out, "      - {item}");
                        }
                    }
                }
            }
        }
    }
}
