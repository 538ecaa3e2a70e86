//! The `simulate` subcommand: emits catalog messages with realistic, type-correct values, at
//! random or as scenarios, with the header, pace and destination asked for.
//!
//! Lines are stamped in log time: line `k` is `k / rate` after `--start` (1000 lines per second
//! of log time when no rate is given), later when a scenario waits. With `--rate` the pacer also
//! sends each line when its log time comes, so log time follows the wall clock. With `--seed`
//! nothing depends on the wall clock and the output is the same byte for byte on every run.

#[path = "simulate/options.rs"]
pub(crate) mod options;
#[path = "simulate/pace.rs"]
mod pace;
#[path = "simulate/scenario.rs"]
mod scenario;
#[path = "simulate/select.rs"]
mod select;
#[path = "simulate/sink.rs"]
mod sink;
#[path = "simulate/tcp.rs"]
mod tcp;
#[path = "simulate/values.rs"]
mod values;

use std::borrow::Cow;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use ftd_syslog::draw::RandomValues;
use ftd_syslog::{
    Emitter, HeaderFormat, HeaderStyle, IkeContext, Message, Tag, Timestamp, TimestampFormat,
};

use options::{IdRange, Network, Rate, UnixTime, Weight};
use pace::{LogClock, Pacer, Progress};
use sink::{Sink, StreamSink, Tally, UdpSink};
use tcp::{Framing, TcpSink};

const EXAMPLES: &str = "Examples:
  ftd-syslog simulate                                  100 random lines, FTD header, to stdout
  ftd-syslog simulate --all --seed 1                   every catalog message once, reproducibly
  ftd-syslog simulate --ids 716001,716002 --count 10
  ftd-syslog simulate --ranges 718xxx --min-severity notice --count 1000
  ftd-syslog simulate --scenario webvpn-session        one WebVPN session, start to end
  ftd-syslog simulate --scenario ike-tunnel,lb-cluster --rate 100/s --duration 60s \\
      --tcp 127.0.0.1:514
  ftd-syslog simulate --header rfc5424 --tag asa --facility local6 --udp 127.0.0.1:514
  ftd-syslog simulate --list-scenarios

Exit status: 0 when every line was delivered, 1 when lines were lost or a scenario file is
wrong, 2 on a usage error.";

/// Log time per line when no `--rate` is given.
const NOMINAL_RATE: f64 = 1000.0;
/// How many lines a random run emits when neither `--count` nor `--duration` is given.
const DEFAULT_COUNT: u64 = 100;
/// Where log time starts in seeded runs without `--start`: 2026-11-26T14:03:11Z.
const SEEDED_START: UnixTime = UnixTime {
    seconds: 1_795_701_791,
    nanos: 0,
};
/// The most scenario instances in progress at once, by default.
const DEFAULT_MAX_SESSIONS: usize = 100_000;

/// Arguments of `simulate`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Emit every selected message at least once (one pass in id order, before any random
    /// draw); without --count, exactly once.
    #[arg(long, help_heading = "Selection")]
    all: bool,
    /// Only these message ids (comma-separated, or repeat the option).
    #[arg(long, value_delimiter = ',', value_parser = options::message_id, value_name = "ID,...", help_heading = "Selection")]
    ids: Vec<u32>,
    /// Only ids in these ranges: 716000-716099 or 716xxx (comma-separated); adds to --ids.
    #[arg(long, value_delimiter = ',', value_parser = options::id_range, value_name = "RANGE,...", help_heading = "Selection")]
    ranges: Vec<IdRange>,
    /// Only messages at least this severe: 0-7 or a name (error, warning, notice...).
    #[arg(long, value_parser = options::severity, value_name = "LEVEL", help_heading = "Selection")]
    min_severity: Option<u8>,
    /// Relative frequencies: ID=W or RANGE=W, comma-separated (default weight 1; 0 excludes).
    #[arg(long, value_delimiter = ',', value_parser = options::weight, value_name = "ID=W,...", help_heading = "Selection")]
    weights: Vec<Weight>,
    /// Run scenarios instead of random messages (comma-separated names; see --list-scenarios).
    /// Without --count or --duration each runs once, start to end; otherwise runs overlap.
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
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SESSIONS, help_heading = "Scenarios")]
    max_sessions: usize,

    /// Stop after N lines (0: no limit).
    #[arg(long, short = 'n', value_name = "N", help_heading = "Amount and pace")]
    count: Option<u64>,
    /// Stop after this long (10s, 5m...): log time with --rate, wall time without.
    #[arg(long, value_parser = options::duration, value_name = "DURATION", help_heading = "Amount and pace")]
    duration: Option<Duration>,
    /// Send at this pace: 1000/s, 60/m, 3600/h (default: as fast as possible, with lines
    /// stamped 1 ms of log time apart).
    #[arg(long, value_parser = options::rate, value_name = "N/s", help_heading = "Amount and pace")]
    rate: Option<Rate>,
    /// Make the output byte-identical across runs (values and timestamps).
    #[arg(long, value_name = "N", help_heading = "Amount and pace")]
    seed: Option<u64>,
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
    #[arg(long, value_parser = options::facility, default_value = "local4", value_name = "FACILITY", help_heading = "Header")]
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
    /// Send over TCP to HOST:PORT (reconnects and resends what was not acknowledged).
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
    /// How long TCP keeps trying to (re)connect, or waits for acknowledgement at the end,
    /// before counting the lines it holds as failed.
    #[arg(long, value_parser = options::duration, default_value = "30s", value_name = "DURATION", help_heading = "Destination")]
    reconnect_timeout: Duration,
    /// Print no summary or progress on standard error (errors still are).
    #[arg(long, short = 'q', help_heading = "Destination")]
    quiet: bool,
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

/// Why a run cannot start: a usage error (exit 2) or a data error (exit 1).
enum Refusal {
    Usage(String),
    Data(String),
}

/// What produces lines.
enum Generator {
    Random(select::Selection),
    Scenarios(scenario::Runner),
}

/// One line to write.
struct Produced {
    message: Message<'static>,
    context: Option<IkeContext<'static>>,
    at_nanos: u64,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match prepare(&args) {
        Ok(Some(run)) => run.execute(),
        Ok(None) => ExitCode::SUCCESS,
        Err(Refusal::Usage(message)) => {
            eprintln!("ftd-syslog simulate: error: {message}");
            eprintln!("(see `ftd-syslog simulate --help`)");
            ExitCode::from(2)
        }
        Err(Refusal::Data(message)) => {
            eprintln!("ftd-syslog simulate: error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Everything a run needs, checked.
struct Run {
    generator: Generator,
    values: RandomValues,
    emitter: Emitter,
    timestamp: Option<TimestampChoice>,
    start: UnixTime,
    rate: Option<f64>,
    count: Option<u64>,
    duration: Option<Duration>,
    vary_templates: bool,
    sink: Box<dyn Sink>,
    quiet: bool,
}

fn prepare(args: &Args) -> Result<Option<Run>, Refusal> {
    let mut library: Vec<ftd_catalog::scenario::Scenario> = Vec::new();
    for (display, text) in ftd_catalog::scenario::BUNDLED {
        let scenario =
            ftd_catalog::load_scenario(display, text).map_err(|e| Refusal::Data(e.to_string()))?;
        library.push(scenario);
    }
    let bundled = library.len();
    for path in &args.scenario_files {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Refusal::Data(format!("cannot read {display}: {e}")))?;
        let scenario = ftd_catalog::load_scenario(&display, &text)
            .map_err(|e| Refusal::Data(e.to_string()))?;
        library.push(scenario);
    }
    if args.list_scenarios {
        let width = library.iter().map(|s| s.name.len()).max().unwrap_or(0);
        let mut out = std::io::stdout().lock();
        for scenario in &library {
            let _ = writeln!(out, "{:width$}  {}", scenario.name, scenario.description);
        }
        return Ok(None);
    }

    let generator = if args.scenarios.is_empty() && args.scenario_files.is_empty() {
        let selection = select::Selection::new(
            ftd_syslog::MESSAGES,
            &args.ids,
            &args.ranges,
            args.min_severity,
            &args.weights,
            args.all,
        )
        .map_err(Refusal::Usage)?;
        if args.all {
            if let Some(count) = args.count.filter(|c| *c > 0 && *c < selection.len() as u64) {
                return Err(Refusal::Usage(format!(
                    "--all emits each of the {} selected messages once: --count {count} is too few",
                    selection.len()
                )));
            }
        }
        Generator::Random(selection)
    } else {
        let names: Vec<&str> = if args.scenarios.is_empty() {
            library[bundled..].iter().map(|s| s.name.as_str()).collect()
        } else {
            args.scenarios.iter().map(String::as_str).collect()
        };
        let mut compiled = Vec::new();
        for name in names {
            // A file's scenario of the same name replaces a bundled one.
            let Some(found) = library.iter().rev().find(|s| s.name == name) else {
                let known: Vec<&str> = library.iter().map(|s| s.name.as_str()).collect();
                return Err(Refusal::Usage(format!(
                    "no scenario '{name}' (known: {})",
                    known.join(", ")
                )));
            };
            compiled
                .push(scenario::compile(found).map_err(|errors| Refusal::Data(errors.join("\n")))?);
        }
        let once = args.count.is_none() && args.duration.is_none();
        Generator::Scenarios(scenario::Runner::new(compiled, once, args.max_sessions))
    };

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
    if !args.networks.is_empty() {
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
            return Err(Refusal::Usage(
                "--network takes at most one IPv6 network".to_owned(),
            ));
        }
        values = values.with_networks(
            v4.clone(),
            v6.first()
                .copied()
                .unwrap_or(ftd_syslog::generate::DOCUMENTATION_V6),
        );
        values.ipv6_percent = match (v4.is_empty(), v6.is_empty()) {
            (false, true) => 0,
            (true, false) => 100,
            _ => u64::from(args.ipv6_percent),
        };
    } else {
        values.ipv6_percent = u64::from(args.ipv6_percent);
    }

    let timestamp = match (args.header, args.timestamp) {
        (HeaderChoice::None, Some(choice)) if choice != TimestampChoice::None => {
            return Err(Refusal::Usage(
                "--timestamp needs a header: --header none writes no timestamp".to_owned(),
            ));
        }
        (HeaderChoice::None, _) => None,
        (HeaderChoice::Rfc5424, Some(TimestampChoice::Legacy | TimestampChoice::Rfc3164)) => {
            return Err(Refusal::Usage(
                "an RFC 5424 header takes --timestamp rfc5424 or none".to_owned(),
            ));
        }
        (_, Some(TimestampChoice::None)) => None,
        (HeaderChoice::Rfc5424, _) => Some(TimestampChoice::Rfc5424),
        (HeaderChoice::Ftd, choice) => Some(choice.unwrap_or(TimestampChoice::Legacy)),
    };
    if args.header != HeaderChoice::Ftd && args.no_priority {
        return Err(Refusal::Usage(
            "--no-priority applies to --header ftd only".to_owned(),
        ));
    }
    let emitter = Emitter {
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
            timestamp: timestamp.is_some(),
        },
        bare_identities: args.bare_identities,
    };

    let sink: Box<dyn Sink> = if let Some(path) = &args.output {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .append(args.append)
            .truncate(!args.append)
            .open(path)
            .map_err(|e| Refusal::Data(format!("cannot open {}: {e}", path.display())))?;
        Box::new(StreamSink::new(Box::new(file), path.display().to_string()))
    } else if let Some(target) = &args.udp {
        Box::new(UdpSink::connect(target, args.quiet).map_err(Refusal::Data)?)
    } else if let Some(target) = &args.tcp {
        Box::new(
            TcpSink::connect(target, args.framing, args.reconnect_timeout, args.quiet)
                .map_err(Refusal::Data)?,
        )
    } else {
        Box::new(StreamSink::new(
            Box::new(std::io::stdout()),
            "standard output".to_owned(),
        ))
    };

    let count = match (args.count, args.duration, &generator) {
        (Some(0), _, _) => None,
        (Some(count), _, _) => Some(count),
        (None, Some(_), _) => None,
        (None, None, Generator::Random(selection)) if args.all => Some(selection.len() as u64),
        (None, None, Generator::Random(_)) => Some(DEFAULT_COUNT),
        // Each scenario once: the runner ends by itself.
        (None, None, Generator::Scenarios(_)) => None,
    };
    Ok(Some(Run {
        generator,
        values,
        emitter,
        timestamp,
        start,
        rate: args.rate.map(|r| r.0),
        count,
        duration: args.duration,
        vary_templates: args.vary_templates,
        sink,
        quiet: args.quiet,
    }))
}

impl Run {
    fn execute(mut self) -> ExitCode {
        let mut clock = LogClock::new(self.rate.unwrap_or(NOMINAL_RATE));
        let pacer = Pacer::new();
        let mut progress = Progress::new(self.quiet);
        let wall_start = Instant::now();
        let duration_nanos = self
            .duration
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        let mut line = String::with_capacity(1024);
        let mut emitted = 0u64;
        let mut stopped = None;
        loop {
            if self.count.is_some_and(|limit| emitted >= limit) {
                break;
            }
            if self.rate.is_none()
                && (emitted & 0xff) == 0
                && self.duration.is_some_and(|d| wall_start.elapsed() >= d)
            {
                break;
            }
            let Some(produced) = self.produce(clock.slot()) else {
                break;
            };
            if self.rate.is_some() && duration_nanos.is_some_and(|limit| produced.at_nanos >= limit)
            {
                break;
            }
            clock.advance(produced.at_nanos);
            self.format(&mut line, &produced);
            if self.rate.is_some() {
                if let Some(wait) = pacer.wait_for(produced.at_nanos) {
                    // Lines due before this one leave now, not after the wait.
                    if let Err(error) = self.sink.flush() {
                        stopped = Some(error);
                        break;
                    }
                    std::thread::sleep(wait);
                }
            }
            if let Err(error) = self.sink.send(line.as_bytes()) {
                stopped = Some(error);
                break;
            }
            emitted += 1;
            if progress.enabled() && (self.rate.is_some() || (emitted & 0x3ff) == 0) {
                progress.update(emitted);
            }
        }
        progress.finish();
        let tally = self.sink.finish();
        report(&tally, stopped.is_some(), self.quiet)
    }

    fn produce(&mut self, slot: u64) -> Option<Produced> {
        match &mut self.generator {
            Generator::Random(selection) => {
                let id = selection.next(self.values.rng())?;
                let message = Message::generate(id, &mut self.values)?;
                let context = if Message::takes_ike_context(id) {
                    random_context(&mut self.values)
                } else {
                    None
                };
                Some(Produced {
                    message,
                    context,
                    at_nanos: slot,
                })
            }
            Generator::Scenarios(runner) => {
                let line = runner.next(slot, &mut self.values)?;
                Some(Produced {
                    message: line.message,
                    context: line.context,
                    at_nanos: line.at_nanos,
                })
            }
        }
    }

    fn format(&mut self, line: &mut String, produced: &Produced) {
        let timestamp = self.timestamp.map(|choice| {
            let at = self.start.plus_nanos(produced.at_nanos);
            let format = if choice == TimestampChoice::Rfc5424 {
                TimestampFormat::Iso
            } else {
                TimestampFormat::Legacy
            };
            let stamp = Timestamp::from_unix(at.seconds, at.nanos, 0, format);
            if choice == TimestampChoice::Rfc3164 {
                stamp.without_year()
            } else {
                stamp
            }
        });
        let template = match (self.vary_templates, produced.message.info()) {
            (true, Some(info)) if info.templates.len() > 1 => {
                self.values.rng().below(info.templates.len() as u64) as usize
            }
            _ => 0,
        };
        line.clear();
        // Writing into a String cannot fail; generated formatters only fail when the writer does.
        let _ = self.emitter.write(
            line,
            &produced.message,
            produced.context.as_ref(),
            timestamp.as_ref(),
            template,
            None,
        );
    }
}

/// A realistic IKE session context for a random line: usually present, with the peer address,
/// usually the group, sometimes the user.
fn random_context(random: &mut RandomValues) -> Option<IkeContext<'static>> {
    if !random.rng().chance(3, 4) {
        return None;
    }
    let group = random
        .rng()
        .chance(9, 10)
        .then(|| Cow::Owned(values::draw("group", random)));
    let username = random
        .rng()
        .chance(2, 5)
        .then(|| Cow::Owned(values::draw("user", random)));
    let ip = values::draw("ip", random).parse().ok();
    Some(IkeContext {
        group,
        username,
        ip,
    })
}

/// Prints `sent N, failed M` and chooses the exit status.
fn report(tally: &Tally, stopped: bool, quiet: bool) -> ExitCode {
    if tally.reader_gone {
        // `simulate | head`: the reader chose to stop; that is not a loss to report.
        return ExitCode::SUCCESS;
    }
    if let Some(error) = &tally.error {
        eprintln!("ftd-syslog simulate: error: {error}");
    }
    if !quiet || tally.failed > 0 {
        eprintln!("sent {}, failed {}", tally.sent, tally.failed);
    }
    if tally.failed > 0 || stopped {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
