//! The `simulate` subcommand: emits catalog messages with realistic, type-correct values, at
//! random or as scenarios, with the header, pace and destination asked for.
//!
//! Lines are stamped in log time: line `k` is `k / rate` after `--start` (1000 lines per second
//! of log time when no rate is given), later when a scenario waits. With `--rate` the pacer also
//! sends each line when its log time comes, so log time follows the wall clock. With `--seed`
//! nothing depends on the wall clock and the output is the same byte for byte on every run.

mod blocks;
mod notes;
mod options;
mod pace;
mod relp;
mod run;
mod select;
mod setup;
mod sink;
mod tcp;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use ftd_syslog::scenario;

use crate::args::{self, IdRange};
use crate::error::CliError;
use options::{Network, Rate, UnixTime, Weight};
use run::{Generator, Run};
use tcp::Framing;

const EXAMPLES: &str = "Examples:
  ftd-syslog simulate                                  100 random lines, FTD header, to stdout
  ftd-syslog simulate --all --seed 1                   every catalog message once, reproducibly
  ftd-syslog simulate --ids 716001,716002 --count 10
  ftd-syslog simulate --ranges 718xxx --min-severity notice --count 1000
  ftd-syslog simulate --scenario webvpn-session        one WebVPN session, start to end
  ftd-syslog simulate --scenario all --rate 50/s --duration 10m --seed 7
                                                       every scenario, sessions interleaved
  ftd-syslog simulate --scenario ike-tunnel,lb-cluster --rate 100/s --duration 60s \\
      --tcp 127.0.0.1:514
  ftd-syslog simulate --header rfc5424 --tag asa --facility local6 --udp 127.0.0.1:514
  ftd-syslog simulate --list-scenarios

Exit status: 0 when every line was delivered, 1 when lines were lost or a scenario file is
wrong, 2 on a usage error.";

/// How many lines a random run emits when neither `--count` nor `--duration` is given.
const DEFAULT_COUNT: u64 = 100;
/// Where log time starts in seeded runs without `--start`: 2026-11-26T14:03:11Z.
const SEEDED_START: UnixTime = UnixTime {
    seconds: 1_795_701_791,
    nanos: 0,
};

/// Arguments of `simulate`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Emit every selected message at least once (one pass in id order, before any random
    /// draw); without --count, exactly once.
    #[arg(long, help_heading = "Selection")]
    all: bool,
    /// Only these message ids (comma-separated, or repeat the option).
    #[arg(long, value_delimiter = ',', value_parser = args::message_id, value_name = "ID,...", help_heading = "Selection")]
    ids: Vec<u32>,
    /// Only ids in these ranges: 716000-716099 or 716xxx (comma-separated); adds to --ids.
    #[arg(long, value_delimiter = ',', value_parser = args::id_range, value_name = "RANGE,...", help_heading = "Selection")]
    ranges: Vec<IdRange>,
    /// Only messages at least this severe: 0-7 or a name (error, warning, notice...).
    #[arg(long, value_parser = args::severity, value_name = "LEVEL", help_heading = "Selection")]
    min_severity: Option<u8>,
    /// Relative frequencies: ID=W or RANGE=W, comma-separated (default weight 1; 0 excludes).
    #[arg(long, value_delimiter = ',', value_parser = options::weight, value_name = "ID=W,...", help_heading = "Selection")]
    weights: Vec<Weight>,
    /// Run scenarios instead of random messages (comma-separated names; see --list-scenarios;
    /// `all` runs every one). Without --count or --duration each runs once, start to end, and
    /// they interleave; otherwise runs of them overlap, each started at random among them.
    #[arg(long = "scenario", value_delimiter = ',', value_name = "NAME,...", help_heading = "Scenarios",
          conflicts_with_all = ["all", "ids", "ranges", "min_severity", "weights"])]
    scenarios: Vec<String>,
    /// Also load scenarios from this YAML file (repeatable); without --scenario, run them.
    #[arg(long = "scenario-file", value_name = "FILE", help_heading = "Scenarios",
          conflicts_with_all = ["all", "ids", "ranges", "min_severity", "weights"])]
    scenario_files: Vec<PathBuf>,
    /// List the scenarios and exit.
    #[arg(long, help_heading = "Scenarios")]
    list_scenarios: bool,
    /// The most scenario runs in progress at once (when one more would start, log time jumps
    /// to the next line due instead).
    #[arg(long, value_name = "N", default_value_t = scenario::DEFAULT_MAX_RUNNING, value_parser = at_least_one, help_heading = "Scenarios")]
    max_sessions: usize,

    /// Stop after N lines (0: no limit) [default: 100 random lines; with --all, each selected
    /// message once; with scenarios, each once; with --duration, no limit].
    #[arg(long, short = 'n', value_name = "N", help_heading = "Amount and pace")]
    count: Option<u64>,
    /// Stop after this long (10s, 5m...): log time with --rate, wall time without.
    #[arg(long, value_parser = args::duration, value_name = "DURATION", help_heading = "Amount and pace")]
    duration: Option<Duration>,
    /// Send at this pace: 1000/s, 60/m, 3600/h (default: as fast as possible, with lines
    /// stamped 1 ms of log time apart).
    #[arg(long, value_parser = options::rate, value_name = "N/s", help_heading = "Amount and pace")]
    rate: Option<Rate>,
    /// Make the output byte-identical across runs (values and timestamps).
    #[arg(long, value_name = "N", help_heading = "Amount and pace")]
    seed: Option<u64>,
    /// Threads drawing random lines (not scenarios); the output is the same whatever the
    /// number.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = at_least_one, help_heading = "Amount and pace")]
    jobs: usize,
    /// Log time of the first line: 2026-11-26T14:03:11Z or seconds since 1970 (default: now;
    /// with --seed, 2026-11-26T14:03:11Z).
    #[arg(long, value_parser = options::start_time, value_name = "TIME", help_heading = "Amount and pace")]
    start: Option<UnixTime>,

    /// Draw addresses from these networks (comma-separated CIDRs; default 192.0.2.0/24,
    /// 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32).
    #[arg(long = "network", value_delimiter = ',', value_parser = options::network, value_name = "CIDR,...", help_heading = "Values")]
    networks: Vec<Network>,
    /// Percentage of IPv4-or-IPv6 fields that get an IPv6 address.
    #[arg(long, value_name = "PERCENT", default_value_t = 20, value_parser = clap::value_parser!(u8).range(0..=100), help_heading = "Values")]
    ipv6_percent: u8,
    /// Write session identities bare (older software) instead of <bracketed>.
    #[arg(long, help_heading = "Values")]
    bare_identities: bool,
    /// Use any of a message's wire templates, not only the first.
    #[arg(long, help_heading = "Values")]
    vary_templates: bool,

    /// Header form: ftd (`<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-...`), rfc5424, or none.
    #[arg(long, value_enum, default_value_t = HeaderChoice::Ftd, help_heading = "Header")]
    header: HeaderChoice,
    /// The product tag.
    #[arg(long, value_enum, default_value_t = TagChoice::Ftd, help_heading = "Header")]
    tag: TagChoice,
    /// Syslog facility: 0-23 or a name.
    #[arg(long, value_parser = args::facility, default_value = "local4", value_name = "FACILITY", help_heading = "Header")]
    facility: u8,
    /// The device id (hostname) in the header.
    #[arg(long, value_parser = options::device_id, default_value = "fw1", value_name = "NAME", help_heading = "Header")]
    device_id: String,
    /// Write no device id.
    #[arg(long, conflicts_with = "device_id", help_heading = "Header")]
    no_device_id: bool,
    /// Timestamp form: legacy (`Nov 26 2026 14:03:11`), rfc3164 (no year), rfc5424
    /// (`2026-11-26T14:03:11Z`) or none. Default: legacy, or rfc5424 with --header rfc5424.
    #[arg(long, value_enum, help_heading = "Header")]
    timestamp: Option<TimestampChoice>,
    /// Write no <PRI> in an ftd header.
    #[arg(long, help_heading = "Header")]
    no_priority: bool,

    /// Write to this file instead of standard output.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        group = "sink",
        help_heading = "Destination"
    )]
    output: Option<PathBuf>,
    /// Append to the --output file instead of replacing it.
    #[arg(long, requires = "output", help_heading = "Destination")]
    append: bool,
    /// Send UDP datagrams to HOST:PORT.
    #[arg(
        long,
        value_name = "HOST:PORT",
        group = "sink",
        help_heading = "Destination"
    )]
    udp: Option<String>,
    /// Send over TCP to HOST:PORT; reconnects and resends what was not confirmed. The summary
    /// is `sent N, unconfirmed U, failed F`: sent = the collector closed the connection cleanly
    /// (FIN) after acknowledging every byte, so it read them; unconfirmed = acknowledged by its
    /// kernel, not known to be read; failed = lost (exit 1).
    #[arg(
        long,
        value_name = "HOST:PORT",
        group = "sink",
        help_heading = "Destination"
    )]
    tcp: Option<String>,
    /// TCP framing (RFC 6587).
    #[arg(long, value_enum, default_value_t = Framing::OctetCounting, help_heading = "Destination")]
    framing: Framing,
    /// Send over RELP to HOST:PORT (rsyslog's imrelp): a line is delivered when the collector
    /// acknowledges it; unacknowledged lines are resent after a reconnection.
    #[arg(
        long,
        value_name = "HOST:PORT",
        group = "sink",
        help_heading = "Destination"
    )]
    relp: Option<String>,
    /// RELP: the most lines sent and not yet acknowledged (1-65536).
    #[arg(long, value_name = "N", default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..=65_536), help_heading = "Destination")]
    relp_window: u32,
    /// TCP and RELP: how long one outage may last before the lines held count as failed; also
    /// how long the end waits for acknowledgements.
    #[arg(long, value_parser = args::duration, default_value = "30s", value_name = "DURATION", help_heading = "Destination")]
    reconnect_timeout: Duration,
    /// TCP: connection attempts allowed across the whole run, after the first (RELP: per
    /// outage).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200,
        help_heading = "Destination"
    )]
    reconnect_attempts: u32,
    /// TCP: time allowed across the whole run for waiting between attempts and connecting.
    #[arg(long, value_parser = args::duration, default_value = "5m", value_name = "DURATION", help_heading = "Destination")]
    reconnect_budget: Duration,
    /// Print no summary or progress on standard error (errors still are).
    #[arg(long, short = 'q', help_heading = "Destination")]
    quiet: bool,
}

/// A count of at least 1.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{text}': expected a number of 1 or more")),
    }
}

/// Header forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HeaderChoice {
    /// `<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: ...`
    Ftd,
    /// `<166>1 2026-11-26T14:03:11Z fw1 - - - - %FTD-6-716001: ...`
    Rfc5424,
    /// `%FTD-6-716001: ...`
    None,
}

/// Product tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TagChoice {
    /// `%FTD-`
    Ftd,
    /// `%ASA-`
    Asa,
}

/// Timestamp forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TimestampChoice {
    /// No timestamp.
    None,
    /// `Nov 26 2026 14:03:11`
    Legacy,
    /// `Nov 26 14:03:11`
    Rfc3164,
    /// `2026-11-26T14:03:11Z`
    Rfc5424,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    crate::signals::install();
    Ok(match prepare(&args)? {
        Some(run) => run.execute(),
        None => ExitCode::SUCCESS,
    })
}

/// Checks the options and sets up a run; `None` when there is nothing to run
/// (`--list-scenarios`).
fn prepare(args: &Args) -> Result<Option<Run>, CliError> {
    let scenarios = !(args.scenarios.is_empty() && args.scenario_files.is_empty());
    // Random runs need no scenario: the library (YAML to parse) is loaded only when used.
    let library = if args.list_scenarios || scenarios {
        Some(setup::scenario_library(&args.scenario_files)?)
    } else {
        None
    };
    if let Some(library) = library.as_ref().filter(|_| args.list_scenarios) {
        setup::list_scenarios(&library.scenarios);
        return Ok(None);
    }
    if scenarios && args.jobs > 1 {
        return Err(CliError::usage(
            "--jobs applies to random messages: a scenario's lines are made one after another",
        ));
    }
    let generator = match &library {
        Some(library) if scenarios => Generator::Scenarios(setup::scenario_runner(args, library)?),
        _ => Generator::Random(setup::selection(args)?),
    };
    let (values, seed, start) = setup::values_and_start(args)?;
    let timestamp = setup::timestamp_choice(args)?;
    let emitter = setup::emitter(args, timestamp.is_some())?;
    let sink = setup::open_sink(args)?;
    let count = setup::line_count(args, &generator);
    Ok(Some(Run {
        generator,
        values,
        seed,
        emitter,
        timestamp,
        start,
        rate: args.rate.map(|r| r.0),
        count,
        duration: args.duration,
        vary_templates: args.vary_templates,
        jobs: args.jobs,
        sink,
        quiet: args.quiet,
    }))
}
