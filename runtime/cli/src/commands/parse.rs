//! The `parse` subcommand: recognises log lines into JSON lines (or ECS documents), one per
//! input line, without ever stopping at a bad line; memory stays bounded whatever the input
//! size.
//!
//! The JSON schema is documented in the subcommand's long help (`LONG_HELP`), which is the
//! reference for users; [`crate::render::json`] writes it.

mod chunks;
mod pipeline;
pub mod stats;

use std::ffi::OsString;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::process::ExitCode;

use ftd_syslog::{
    parse_header, parse_line, recognise_line, Message, ParseError, ParseErrorKind, Recognised,
};

use crate::error::{self, CliError};
use crate::render;
use crate::render::ecs::EcsWriter;
use crate::render::json::{kind_name, JsonWriter, Location};
use chunks::Line;
use pipeline::{Chunk, Inputs, ParseChunk};
use stats::Outcome;

/// The long help, after the options: `main.rs` gives the subcommand its one-line `about`
/// (which a variant's doc comment sets, overriding any `long_about` here), so the description,
/// the JSON schema and the examples all go after the options.
const LONG_HELP: &str = "\
Recognise FTD/ASA syslog lines into JSON lines: one JSON object per input line, in input order,
on standard output. A line that cannot be parsed gives an error object and parsing goes on.
Input is read as bytes and streamed: memory stays bounded whatever the size of the input.
Lines are parsed in chunks by --jobs threads; the output is the same, in input order, whatever
their number.

Inputs are read in order; `-` is standard input, which is also read when no FILE is given.
Empty (or whitespace-only, any Unicode whitespace) lines are skipped: they produce no output and
are counted as blank.

OUTPUT (one object per line; keys in this order; optional keys are absent, never null)

Every recognised line says how it matched (\"match\"), one of three outcomes:

exact: a catalogued message whose body matched one of its templates:
  {\"line\":12,\"match\":\"exact\",\"id\":716001,\"name\":\"webvpn_session_started\",\"severity\":6,
   \"header\":{\"priority\":166,\"facility\":20,\"timestamp\":\"Nov 26 2026 14:03:11\",
             \"device_id\":\"fw1\",\"tag\":\"FTD\"},
   \"fields\":{\"group\":\"vpn-ra\",\"user\":\"alice\",\"ip\":\"192.0.2.7\"}}
  An IKE message with its session context (`Group = g, Username = u, IP = a, `):
  {\"line\":3,\"match\":\"exact\",\"id\":715035,\"name\":\"ike_ios_keepalive_monitor_started\",
   \"severity\":7,\"header\":{...},
   \"context\":{\"group\":\"vpn-ra\",\"username\":\"alice\",\"ip\":\"192.0.2.7\"},
   \"fields\":{\"seconds\":30}}
loose: a catalogued id whose body matched no template (a reworded device form, a masked
  value): the fields that could be read (both sides of them matched the nearest template),
  the values whose text is not of their type (\"unconverted\"), and where the line first
  differs from the nearest template. 716001 with its address masked as `IP <X.X.X.X>`:
  {\"line\":7,\"match\":\"loose\",\"id\":716001,\"name\":\"webvpn_session_started\",\"severity\":6,
   \"header\":{...},\"fields\":{\"group\":\"vpn-ra\",\"user\":\"alice\"},
   \"unconverted\":{\"ip\":\"X.X.X.X\"},
   \"mismatch\":{\"template\":0,
     \"template_text\":\"Group {<group>} User {<user>} IP {<ip>} WebVPN session started.\",
     \"span\":[79,86],\"found\":\"X.X.X.X\",\"expected\":\"an IP address\",\"field\":\"ip\"},
   \"text\":\"...\"}
  With a word changed (`... IP <192.0.2.7> SSL session started.`) every field is read and
  the mismatch is {\"span\":[90,93],\"found\":\"SSL\",\"expected\":\"WebVPN session started.\",...}.
  `ftd-syslog variants` turns loose lines into catalog templates.
unknown: an id outside the catalog (the body kept as sent):
  {\"line\":40,\"match\":\"unknown\",\"id\":113004,\"unknown\":true,\"severity\":6,
   \"header\":{...},\"text\":\"...\"}
A line that is not recognised (a broken header or tag; with --exact, also a body that matches
no template, e.g. 716001 with `IP <192.0.2.300>`) gives an error object, without \"match\":
  {\"line\":41,\"error\":{\"kind\":\"Field\",\"message\":\"field 'ip': expected an IP address\",
   \"span\":[79,90],\"id\":716001,\"field\":\"ip\",\"expected\":\"an IP address\"},\"text\":\"...\"}

  file        the input's name (`-` for standard input); present with more than one input or
              with --with-filename
  line        the line number in its input, from 1
  id          the message id; `name` is its catalog name
  severity    the severity on the wire (devices can be configured to log at another level)
  catalog_severity
              the catalog's severity for the id, present only when it differs from severity
  header      priority, facility (priority / 8), timestamp (as sent, canonical spacing; an
              ISO offset as sent: Z or +00:00),
              device_id, tag (FTD, ASA or PIX), class (`auth` in %ASA-auth-6-...), and for RFC 5424
              lines rfc5424: {app_name, proc_id, msg_id, structured_data}; each when sent;
              on a line a relay forwarded with its own header before the device's
              (`<13>ts relay <166>ts fw1 : %FTD-...`), the above are the device's and
              relay: {priority, facility, timestamp, host} is the relay's
  match       exact, loose or unknown (absent on error objects)
  context     the IKE session context: group, username, ip; each when sent (a loose line's
              context leaves out an address that is not one)
  fields      every field of the message, in catalog order, by catalog name:
                text, word, interface   string
                u8..u64, i32, i64, port number
                ipv4, ipv6, ip          string (\"192.0.2.7\", \"2001:db8::1\")
                mac                     string, Cisco dotted form (\"0050.56a1.0203\")
                hex                     string as the device writes it (\"0x1f\"): these are
                                        identifiers (SPIs, handles), often above 2^53
                quantity                {\"value\":266,\"unit\":\"KB\"}
                enum                    string, as sent; an enum of true/false (715064)
                                        is a JSON boolean
                flag                    true or false
              `ftd-syslog catalog ID` lists a message's fields and types.
  unconverted (loose) fields at their place whose text is not a value of their type, as sent
  mismatch    (loose) template: the index of the nearest template, template_text: its text,
              span: byte offsets [start, end) in the line of the first difference (empty where
              text is missing), found: the line's text there, expected: the template's text
              there (or a field's kind, or \"the end of the message\"), field: the field concerned
  error       kind (Empty, Priority, Timestamp, Rfc5424, MissingTag, Severity, MessageId,
              Context, Literal, Truncated, Field, OutOfRange, Trailing, UnclosedBracket,
              InvalidUtf8, TooLong), message, span (byte offsets [start, end) in the line), id
              (when the header was read), and per kind: expected, field, type, limit
  text        the loose or failed line (invalid UTF-8 replaced by U+FFFD; absent for a TooLong line)

Numbers are exact (u64 values above 2^53 are written as they are; some JSON readers round
them). A line longer than --max-line-length gives a TooLong error whose span covers the whole
line, and reading resumes after its end. Invalid UTF-8 gives an InvalidUtf8 error whose span
is the first invalid sequence.

ECS OUTPUT

--format ecs writes one Elastic Common Schema (ECS 9.4.0) document per line instead, as nested
objects (keys sorted), for Elasticsearch and tools that read ECS:
  {\"@timestamp\":\"2026-11-26T14:03:11Z\",\"cisco\":{\"ftd\":{\"message_id\":\"716001\",
   \"message_name\":\"webvpn_session_started\"}},\"event\":{\"code\":\"716001\",
   \"dataset\":\"cisco_ftd.log\",\"kind\":\"event\",\"module\":\"cisco_ftd\",\"severity\":6},
   \"group\":{\"name\":\"vpn-ra\"},\"log\":{\"level\":\"informational\",\"syslog\":{...}},
   \"message\":\"<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ...\",\"observer\":{\"hostname\":\"fw1\",
   \"product\":\"Secure Firewall Threat Defense\",\"type\":\"firewall\",\"vendor\":\"Cisco\"},
   \"source\":{\"ip\":\"192.0.2.7\"},\"user\":{\"name\":\"alice\"}}

  @timestamp  ISO 8601. A timestamp without a UTC offset is read as UTC; one without a year
              takes the current year, or the previous one when that would put it more than a
              day in the future. Absent when the line has no timestamp.
  message     the whole line
  event       code (the id, a string), severity, kind (event; pipeline_error for a line that
              failed), module cisco_ftd, dataset cisco_ftd.log
  log         level and syslog.severity.{code,name} (the severity keyword), syslog.priority,
              syslog.facility.{code,name}; syslog.appname/procid/msgid for RFC 5424 lines;
              file.path with the input's name when lines carry it
  observer    hostname (the device id), product (Secure Firewall Threat Defense for %FTD-,
              ASA for %ASA-), vendor Cisco, type firewall
  fields      each at the ECS name of its catalog `ecs:` key (`ftd-syslog catalog ID` and the
              docs show them), typed as in the JSON output: source.ip, user.name,
              url.original...; what ECS has no field for under cisco.ftd.
  context     the IKE context at group.name, user.name, source.ip (under cisco.ftd.context.
              when the message's own fields fill those names)
  cisco.ftd   message_id, message_name (the catalog name), class, structured_data (RFC 5424)
  error, tags an id outside the catalog: error.message and tags [cisco_ftd_unknown_message_id];
              a line that failed: error.message, error.type (the error kind) and tags
              [cisco_ftd_parse_failure]

STATISTICS

--stats prints, after all input, a table to standard error (standard output stays pure JSON
lines): lines per outcome (exact, loose, unknown id, failed, blank, total), failed lines per
error kind, and per message id its lines and how many were exact, loose, unknown and failed.
--stats=json prints one JSON object instead: {\"lines\":..,\"exact\":..,\"loose\":..,
\"unknown_id\":..,\"failed\":..,\"blank\":..,\"errors\":{\"MissingTag\":2,...},
\"ids\":[{\"id\":716001,\"name\":\"...\",\"lines\":..,\"exact\":..,\"loose\":..,\"unknown\":..,
\"failed\":..},...],
\"other_ids\":{\"lines\":..,\"failed\":..},\"failed_without_id\":..}. Memory stays bounded: every
catalogued id is listed, and of the ids outside the catalog the 20 with the most lines (among
the first 1,000 distinct ones seen); the other ids' lines are added up in other_ids.

EXIT STATUS
  0  all input was read (with --strict: and every non-blank line was recognised exactly)
  1  with --strict: some line was loose, failed or had an id outside the catalog; or an input that
     could not be opened or read (the other inputs are still parsed), or output that could
     not be written
  2  usage error

EXAMPLES
  ftd-syslog parse /var/log/ftd.log > ftd.jsonl
  ftd-syslog simulate --count 1000 | ftd-syslog parse --stats > /dev/null
  ftd-syslog parse --strict day1.log day2.log > /dev/null && echo clean
  ftd-syslog parse ftd.log | jq -c 'select(.error) | {line, kind: .error.kind}'
  ftd-syslog parse ftd.log | jq -c 'select(.match == \"loose\") | {id, mismatch}'
  ftd-syslog parse ftd.log | jq -r 'select(.id == 716001) | .fields.user'
  ftd-syslog parse --format ecs ftd.log > ftd.ecs.ndjson
  tail -F /var/log/ftd.log | ftd-syslog parse -";

/// Arguments of `parse`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "See --help for the JSON schema, the exit status and examples.",
    after_long_help = LONG_HELP
)]
pub struct Args {
    /// Inputs to read in order; `-` is standard input (the default when none is given).
    #[arg(value_name = "FILE")]
    files: Vec<OsString>,

    /// Print counts per outcome, error kind and message id to standard error at the end;
    /// `--stats=json` prints them as one JSON object.
    #[arg(
        long,
        value_name = "FORMAT",
        value_enum,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "text"
    )]
    stats: Option<StatsFormat>,

    /// Exit with status 1 if any line was loose, failed or had an id outside the catalog.
    #[arg(long)]
    strict: bool,

    /// Recognise exactly only: a catalogued line whose body matches no template is an error
    /// object (its kind and span) rather than a loose record.
    #[arg(long)]
    exact: bool,

    /// The longest line accepted, in bytes (suffixes K/KiB, M/MiB, G/GiB); a longer line is
    /// reported as a TooLong error and skipped without being kept in memory.
    #[arg(long, value_name = "BYTES", default_value = "64KiB", value_parser = parse_size)]
    max_line_length: usize,

    /// Add the input's name ("file") to every JSON line; the default with more than one input.
    #[arg(short = 'H', long)]
    with_filename: bool,

    /// What each line becomes: the JSON described below, or an Elastic Common Schema document.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,

    /// Parse with N threads (default: the available cores); 1 parses in the main thread. The
    /// output, statistics and exit status do not depend on N.
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<NonZeroUsize>,

    /// The size of the chunks of lines handed to the threads (whole lines, so a longer line
    /// makes a larger chunk). For tuning and tests.
    #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = parse_size, hide = true)]
    chunk_size: usize,
}

/// The document written per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The JSON described below.
    Json,
    /// An ECS document (see ECS OUTPUT below).
    Ecs,
}

/// Writes the document of each line in the chosen format.
#[derive(Clone)]
enum Writer {
    Json(JsonWriter),
    Ecs(Box<EcsWriter>),
}

impl Writer {
    /// Swaps the writer's buffer with `buffer`, which is then written from its start.
    fn swap_buffer(&mut self, buffer: &mut Vec<u8>) {
        match self {
            Writer::Json(json) => json.swap_buffer(buffer),
            Writer::Ecs(ecs) => ecs.swap_buffer(buffer),
        }
    }

    fn record(&mut self, location: Location<'_>, line: &str, record: &ftd_syslog::Record<'_>) {
        match self {
            Writer::Json(json) => json.record(location, record),
            Writer::Ecs(ecs) => ecs.record(location, line, record),
        }
    }

    fn failure(&mut self, location: Location<'_>, error: &ParseError, line: Option<&str>) {
        match self {
            Writer::Json(json) => json.failure(location, error, line),
            Writer::Ecs(ecs) => ecs.failure(location, error, line),
        }
    }

    fn loose(
        &mut self,
        location: Location<'_>,
        line: &str,
        record: &ftd_syslog::Record<'_, ftd_syslog::Loose<'_>>,
    ) {
        match self {
            Writer::Json(json) => json.loose(location, record, line),
            Writer::Ecs(ecs) => ecs.loose(location, line, record),
        }
    }
}

/// How `--stats` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatsFormat {
    /// A table.
    Text,
    /// One JSON object.
    Json,
}

/// Reads `65536`, `64K`, `64KiB`, `1M`, `1MiB`, `1G`, `1GiB` (multiples of 1024).
fn parse_size(text: &str) -> Result<usize, String> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = text.split_at(digits);
    let scale: usize = match suffix {
        "" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        _ => {
            return Err(format!(
                "expected a number of bytes like 65536, 64KiB or 1MiB, not {text:?}"
            ))
        }
    };
    let size = number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| {
            format!("expected a number of bytes like 65536, 64KiB or 1MiB, not {text:?}")
        })?;
    if size == 0 {
        return Err("the limit must be at least 1 byte".to_owned());
    }
    Ok(size)
}

/// Parses lines and writes their documents: each thread has its own.
#[derive(Clone)]
struct LineParser {
    json: Writer,
    max_line_length: usize,
    /// Whether loose recognition is off (`--exact`).
    exact_only: bool,
}

impl ParseChunk for LineParser {
    fn parse(&mut self, chunk: &mut Chunk) {
        let Chunk {
            lines, out, tally, ..
        } = chunk;
        out.clear();
        tally.clear();
        self.json.swap_buffer(out);
        let file = lines.file.as_deref();
        lines.for_each(self.max_line_length, |number, line| {
            let (outcome, id) = self.line(Location { file, line: number }, line);
            tally.count(outcome, id);
        });
        self.json.swap_buffer(out);
    }
}

impl LineParser {
    /// Writes the JSON of one line into the buffer; returns its outcome and message id.
    fn line(&mut self, location: Location<'_>, line: Line<'_>) -> (Outcome, Option<u32>) {
        let bytes = match line {
            Line::Complete(bytes) => bytes,
            Line::TooLong { length } => {
                let span = 0..usize::try_from(length).unwrap_or(usize::MAX);
                let kind = ParseErrorKind::TooLong {
                    limit: self.max_line_length,
                };
                let error = ParseError::new(kind, span, None);
                self.json.failure(location, &error, None);
                return (Outcome::Failed(kind_name(error.kind())), None);
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return (Outcome::Blank, None);
        }
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(utf8) => {
                let start = utf8.valid_up_to();
                let end = start + utf8.error_len().unwrap_or(bytes.len() - start);
                // The header usually precedes the bad bytes (a user name in Latin-1...); its
                // id tells which message was hit.
                let valid = std::str::from_utf8(&bytes[..start]).unwrap_or_default();
                let id = parse_header(valid).ok().map(|(header, _)| header.id);
                let error = ParseError::new(ParseErrorKind::InvalidUtf8, start..end, id);
                self.json
                    .failure(location, &error, Some(&String::from_utf8_lossy(bytes)));
                return (Outcome::Failed(kind_name(error.kind())), id);
            }
        };
        // Any Unicode whitespace (`\v`, U+00A0, U+3000...) makes a blank line, as ASCII
        // whitespace does: such a line carries no message to report as failed.
        if text.trim().is_empty() {
            return (Outcome::Blank, None);
        }
        let recognised = if self.exact_only {
            parse_line(text).map(Recognised::Exact)
        } else {
            recognise_line(text)
        };
        match recognised {
            Ok(Recognised::Exact(record)) => {
                self.json.record(location, text, &record);
                let outcome = match record.message {
                    Message::Unknown { .. } => Outcome::UnknownId,
                    _ => Outcome::Exact,
                };
                (outcome, Some(record.header.id))
            }
            Ok(Recognised::Loose(record)) => {
                self.json.loose(location, text, &record);
                (Outcome::Loose, Some(record.header.id))
            }
            Err(error) => {
                self.json.failure(location, &error, Some(text));
                (Outcome::Failed(kind_name(error.kind())), error.id())
            }
        }
    }
}

/// An ECS writer with the bundled catalog's ECS names, dating year-less timestamps by the
/// clock.
fn ecs_writer() -> Result<EcsWriter, CliError> {
    let catalog = ftd_catalog::bundled()
        .map_err(|errors| CliError::data(format!("the bundled catalog is invalid:\n{errors}")))?;
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    let now = ftd_syslog::Timestamp::from_unix(seconds, 0, 0, Default::default());
    Ok(EcsWriter::new(&catalog, now))
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let files = if args.files.is_empty() {
        vec![OsString::from("-")]
    } else {
        args.files
    };
    let with_filename = args.with_filename || files.len() > 1;
    crate::output::check_stdout()?;
    let parser = LineParser {
        json: match args.format {
            Format::Json => Writer::Json(JsonWriter::default()),
            Format::Ecs => Writer::Ecs(Box::new(ecs_writer()?)),
        },
        max_line_length: args.max_line_length,
        exact_only: args.exact,
    };
    let inputs = Inputs {
        files,
        with_filename,
        max_line_length: args.max_line_length,
        chunk_size: args.chunk_size,
    };
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let finished = if jobs == 1 {
        pipeline::run_inline(&inputs, parser)
    } else {
        pipeline::run_threaded(&inputs, parser, jobs)
    };
    let io_failed = finished.io_failed;
    let stats = &finished.stats;
    if let Some(format) = args.stats {
        let mut stderr = io::BufWriter::with_capacity(64 * 1024, io::stderr().lock());
        // Nothing sensible can be done if standard error is gone.
        let _ = match format {
            StatsFormat::Text => render::stats::write_text(stats, &mut stderr),
            StatsFormat::Json => render::stats::write_json(stats, &mut stderr),
        };
        let _ = stderr.flush();
    }
    let rejected = args.strict && stats.unrecognised() > 0;
    if rejected {
        eprintln!(
            "ftd-syslog parse: {} of {} lines not recognised exactly ({} loose, {} failed, {} with an id outside the catalog)",
            stats.unrecognised(),
            stats.lines,
            stats.loose,
            stats.failed,
            stats.unknown_ids
        );
    }
    Ok(error::status(io_failed || rejected))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn reads_sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 KB").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
