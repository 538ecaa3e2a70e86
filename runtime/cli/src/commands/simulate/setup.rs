//! Turning `simulate`'s options into the parts of a run, each checked on its own: the scenario
//! library, what produces lines, the value source and log-time start, the header, the sink and
//! the number of lines. Mistakes in the options are usage errors; files that do not load or
//! destinations that cannot be reached are data or I/O errors.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use ftd_catalog::scenario::{Scenario, ALL};
use ftd_syslog::draw::RandomValues;
use ftd_syslog::scenario::{self, Runner};
use ftd_syslog::{Emitter, HeaderFormat, HeaderStyle, Tag};

use super::options::{Network, UnixTime};
use super::relp::{RelpSettings, RelpSink};
use super::run::Generator;
use super::select::Selection;
use super::sink::{Sink, Stopped, StreamSink, Tally, Transport, UdpSink};
use super::tcp::{TcpSettings, TcpSink};
use super::{Args, HeaderChoice, TagChoice, TimestampChoice, DEFAULT_COUNT, SEEDED_START};
use crate::error::CliError;

/// The scenarios a run can use: the bundled ones, then those of `--scenario-file`.
pub(super) struct Library {
    /// Bundled first, in file order.
    pub(super) scenarios: Vec<Scenario>,
    /// How many of them are bundled.
    bundled: usize,
}

/// Loads the bundled scenarios and the files given.
pub(super) fn scenario_library(files: &[PathBuf]) -> Result<Library, CliError> {
    let mut scenarios = scenario::bundled().map_err(|error| CliError::data(error.to_string()))?;
    let bundled = scenarios.len();
    for path in files {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::io(format!("cannot read {display}: {e}")))?;
        check_nesting(&display, &text)?;
        let scenario = ftd_catalog::load_scenario(&display, &text)
            .map_err(|e| CliError::data(e.to_string()))?;
        scenarios.push(scenario);
    }
    Ok(Library { scenarios, bundled })
}

/// The deepest nesting a scenario file may have: scenarios need a handful of levels, and the
/// YAML parser's time grows fast with depth (200 KB of `[` took 27 s).
const MAX_NESTING: usize = 32;

/// Rejects a file nested deeper than [`MAX_NESTING`] before it is parsed: flow collections
/// (`[`, `{` outside quotes and comments) and block indentation (in steps of at least one
/// column) both count.
fn check_nesting(name: &str, text: &str) -> Result<(), CliError> {
    for (number, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let mut depth = 0usize;
        let mut deepest = indent / 2;
        let mut quote = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    deepest = deepest.max(indent / 2 + depth);
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if deepest > MAX_NESTING {
            return Err(CliError::data(format!(
                "{name}:{}: nested deeper than {MAX_NESTING} levels; a scenario needs far fewer",
                number + 1
            )));
        }
    }
    Ok(())
}

/// Prints one line per scenario: its name and description.
pub(super) fn list_scenarios(scenarios: &[Scenario]) {
    let width = scenarios.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for scenario in scenarios {
        // A closed standard output (`| head`) just ends the list.
        let _ = writeln!(out, "{:width$}  {}", scenario.name, scenario.description);
    }
}

/// The messages a random run draws from.
pub(super) fn selection(args: &Args) -> Result<Selection, CliError> {
    let selection = Selection::new(
        ftd_syslog::MESSAGES,
        &args.ids,
        &args.ranges,
        args.min_severity,
        &args.weights,
        args.all,
    )
    .map_err(CliError::usage)?;
    warn_unselected_weights(args);
    if args.all {
        if let Some(count) = args.count.filter(|c| *c > 0 && *c < selection.len() as u64) {
            return Err(CliError::usage(format!(
                "--all emits each of the {} selected messages once: --count {count} is too few",
                selection.len()
            )));
        }
    }
    Ok(selection)
}

/// Warns about `--weights` entries that name no selected message (a likely typo: they change
/// nothing).
fn warn_unselected_weights(args: &Args) {
    let Ok(chosen) = Selection::new(
        ftd_syslog::MESSAGES,
        &args.ids,
        &args.ranges,
        args.min_severity,
        &[],
        true,
    ) else {
        return;
    };
    for weight in &args.weights {
        if !chosen.ids().iter().any(|id| weight.range.contains(*id)) {
            let range = weight.range;
            let named = if range.first == range.last {
                range.first.to_string()
            } else {
                format!("{}-{}", range.first, range.last)
            };
            eprintln!(
                "ftd-syslog simulate: warning: --weights names {named}, which is not selected \
                 (--ids, --ranges, --min-severity): its weight changes nothing"
            );
        }
    }
}

/// The runner of the scenarios asked for (by `--scenario`, else every `--scenario-file` one),
/// each compiled against the catalog. `all` stands for every scenario of the library.
pub(super) fn scenario_runner(args: &Args, library: &Library) -> Result<Runner, CliError> {
    let mut compiled = Vec::new();
    for name in scenario_names(args, library) {
        // A file's scenario of the same name replaces a bundled one.
        let Some(found) = library.scenarios.iter().rev().find(|s| s.name == name) else {
            let known: Vec<&str> = library.scenarios.iter().map(|s| s.name.as_str()).collect();
            return Err(CliError::usage(format!(
                "no scenario '{name}' (known: {ALL}, {})",
                known.join(", ")
            )));
        };
        compiled
            .push(scenario::compile(found).map_err(|errors| CliError::data(errors.to_string()))?);
    }
    let once = args.count.is_none() && args.duration.is_none();
    let runner = if once {
        Runner::once(compiled)
    } else {
        Runner::overlapping(compiled)
    };
    Ok(runner.with_max_running(args.max_sessions))
}

/// The names `--scenario` asks for, with `all` expanded to every scenario of the library not
/// named already (once each, in listing order); without `--scenario`, the `--scenario-file`
/// ones. A name given twice runs twice, as before `all` existed.
fn scenario_names<'a>(args: &'a Args, library: &'a Library) -> Vec<&'a str> {
    if args.scenarios.is_empty() {
        return library.scenarios[library.bundled..]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
    }
    let mut names: Vec<&str> = Vec::new();
    for asked in &args.scenarios {
        if asked != ALL {
            names.push(asked);
            continue;
        }
        for scenario in &library.scenarios {
            if !names.contains(&scenario.name.as_str()) {
                names.push(&scenario.name);
            }
        }
    }
    names
}

/// The value source (seeded, with the networks asked for), its seed and the log time of the
/// first line.
pub(super) fn values_and_start(args: &Args) -> Result<(RandomValues, u64, UnixTime), CliError> {
    let seed = args.seed.unwrap_or_else(|| {
        let now = UnixTime::now();
        (now.seconds as u64).wrapping_mul(1_000_000_007)
            ^ u64::from(now.nanos)
            ^ (u64::from(std::process::id()) << 32)
    });
    let start = args.start.unwrap_or(if args.seed.is_some() {
        SEEDED_START
    } else {
        UnixTime::now()
    });
    let mut values = RandomValues::new(seed);
    if args.networks.is_empty() {
        values.ipv6_percent = u64::from(args.ipv6_percent);
        return Ok((values, seed, start));
    }
    let v4: Vec<_> = args
        .networks
        .iter()
        .filter_map(|n| match n {
            Network::V4(address, prefix) => Some((*address, *prefix)),
            Network::V6(..) => None,
        })
        .collect();
    let v6: Vec<_> = args
        .networks
        .iter()
        .filter_map(|n| match n {
            Network::V6(address, prefix) => Some((*address, *prefix)),
            Network::V4(..) => None,
        })
        .collect();
    if v6.len() > 1 {
        return Err(CliError::usage("--network takes at most one IPv6 network"));
    }
    values = values.with_networks(
        v4.clone(),
        v6.first()
            .copied()
            .unwrap_or(ftd_syslog::draw::DOCUMENTATION_V6),
    );
    values.ipv6_percent = match (v4.is_empty(), v6.is_empty()) {
        (false, true) => 0,
        (true, false) => 100,
        _ => u64::from(args.ipv6_percent),
    };
    Ok((values, seed, start))
}

/// The timestamp form, given the header form; `None` writes no timestamp.
pub(super) fn timestamp_choice(args: &Args) -> Result<Option<TimestampChoice>, CliError> {
    Ok(match (args.header, args.timestamp) {
        (HeaderChoice::None, Some(choice)) if choice != TimestampChoice::None => {
            return Err(CliError::usage(
                "--timestamp needs a header: --header none writes no timestamp",
            ));
        }
        (HeaderChoice::None, _) => None,
        (HeaderChoice::Rfc5424, Some(TimestampChoice::Legacy | TimestampChoice::Rfc3164)) => {
            return Err(CliError::usage(
                "an RFC 5424 header takes --timestamp rfc5424 or none",
            ));
        }
        (_, Some(TimestampChoice::None)) => None,
        (HeaderChoice::Rfc5424, _) => Some(TimestampChoice::Rfc5424),
        (HeaderChoice::Ftd, choice) => Some(choice.unwrap_or(TimestampChoice::Legacy)),
    })
}

/// The header every line gets.
pub(super) fn emitter(args: &Args, timestamp: bool) -> Result<Emitter, CliError> {
    if args.header != HeaderChoice::Ftd && args.no_priority {
        return Err(CliError::usage(
            "--no-priority applies to --header ftd only",
        ));
    }
    Ok(Emitter {
        header: HeaderStyle {
            format: match args.header {
                HeaderChoice::Ftd => HeaderFormat::Legacy,
                HeaderChoice::Rfc5424 => HeaderFormat::Rfc5424,
                HeaderChoice::None => HeaderFormat::Bare,
            },
            facility: args.facility,
            tag: match args.tag {
                TagChoice::Ftd => Tag::Ftd,
                TagChoice::Asa => Tag::Asa,
            },
            device_id: (!args.no_device_id).then(|| args.device_id.clone()),
            priority: !args.no_priority,
            timestamp,
        },
        bare_identities: args.bare_identities,
    })
}

/// A destination that could not be reached: the run stops at its first line, with the
/// summary (nothing sent) and the reason.
#[derive(Debug)]
struct Unreachable(Tally);

impl Sink for Unreachable {
    fn send(&mut self, _line: &[u8]) -> Result<(), Stopped> {
        Err(Stopped(self.0.error.clone().unwrap_or_default()))
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Tally {
        self.0
    }
}

fn unreachable(transport: Transport, error: String) -> Box<dyn Sink> {
    let mut tally = Tally::new(transport);
    tally.error = Some(error);
    Box::new(Unreachable(tally))
}

/// Where lines go: `--output`, `--udp`, `--tcp`, `--relp` or standard output. A network
/// destination that cannot be reached gives a sink that stops the run at once, so that the
/// summary is printed as for any run.
pub(super) fn open_sink(args: &Args) -> Result<Box<dyn Sink>, CliError> {
    Ok(if let Some(path) = &args.output {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .append(args.append)
            .truncate(!args.append)
            .open(path)
            .map_err(|e| CliError::io(format!("cannot open {}: {e}", path.display())))?;
        Box::new(StreamSink::new(Box::new(file), path.display().to_string()))
    } else if let Some(target) = &args.udp {
        match UdpSink::connect(target, args.quiet) {
            Ok(sink) => Box::new(sink),
            Err(error) => unreachable(Transport::Udp, error),
        }
    } else if let Some(target) = &args.tcp {
        let settings = TcpSettings {
            framing: args.framing,
            reconnect_timeout: args.reconnect_timeout,
            reconnect_attempts: args.reconnect_attempts,
            reconnect_budget: args.reconnect_budget,
        };
        match TcpSink::connect(target, settings, args.quiet) {
            Ok(sink) => Box::new(sink),
            Err(error) => unreachable(Transport::Tcp, error),
        }
    } else if let Some(target) = &args.relp {
        let settings = RelpSettings {
            window: args.relp_window as usize,
            reconnect_timeout: args.reconnect_timeout,
            reconnect_attempts: args.reconnect_attempts,
        };
        match RelpSink::connect(target, &settings, args.quiet) {
            Ok(sink) => Box::new(sink),
            Err(error) => unreachable(Transport::Relp, error),
        }
    } else {
        crate::output::check_stdout()?;
        Box::new(StreamSink::new(
            Box::new(std::io::stdout()),
            "standard output".to_owned(),
        ))
    })
}

/// How many lines to emit; `None` when the duration or the scenarios end the run.
pub(super) fn line_count(args: &Args, generator: &Generator) -> Option<u64> {
    match (args.count, args.duration, generator) {
        (Some(0), _, _) => None,
        (Some(count), _, _) => Some(count),
        (None, Some(_), _) => None,
        (None, None, Generator::Random(selection)) if args.all => Some(selection.len() as u64),
        (None, None, Generator::Random(_)) => Some(DEFAULT_COUNT),
        // Each scenario once: the runner ends by itself.
        (None, None, Generator::Scenarios(_)) => None,
    }
}
