//! A run of `simulate` once its options are checked: produces lines (random messages or
//! scenario lines), stamps them in log time, formats them, paces them and hands them to the
//! sink, then reports what was sent and lost.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use ftd_syslog::draw::RandomValues;
use ftd_syslog::scenario;
use ftd_syslog::{Emitter, HeaderPrefixes, IkeContext, Timestamp, TimestampFormat, ValueKind};

use super::blocks::{self, Block, BlockMaker, Blocks, BLOCK_LINES};
use super::notes::thousands;
use super::options::UnixTime;
use super::pace::{LogClock, Pacer, Progress};
use super::select::Selection;
use super::sink::{Sink, Stopped, Tally};
use super::TimestampChoice;
use crate::error;
use crate::signals;

/// Log time per line when no `--rate` is given.
const NOMINAL_RATE: f64 = 1000.0;

/// What produces lines.
pub(super) enum Generator {
    /// Random messages from a selection.
    Random(Selection),
    /// Lines of scenario instances.
    Scenarios(scenario::Runner),
}

/// Everything a run needs, checked.
pub(super) struct Run {
    pub(super) generator: Generator,
    pub(super) values: RandomValues,
    /// The seed of the values (random runs seed each block of lines from it).
    pub(super) seed: u64,
    pub(super) emitter: Emitter,
    pub(super) timestamp: Option<TimestampChoice>,
    pub(super) start: UnixTime,
    pub(super) rate: Option<f64>,
    pub(super) count: Option<u64>,
    pub(super) duration: Option<Duration>,
    pub(super) vary_templates: bool,
    /// Threads making random lines.
    pub(super) jobs: usize,
    pub(super) sink: Box<dyn Sink>,
    pub(super) quiet: bool,
}

/// Handing lines to the sink: the limits of the run, the pace, and what was delivered.
struct Delivery {
    sink: Box<dyn Sink>,
    rate: Option<f64>,
    count: Option<u64>,
    duration: Option<Duration>,
    duration_nanos: Option<u64>,
    pacer: Pacer,
    progress: Progress,
    wall_start: Instant,
    emitted: u64,
    last_at: u64,
    stopped: Option<Stopped>,
}

impl Delivery {
    /// Whether the run ends before another line: the count reached, a signal, the duration
    /// over (checked on the wall clock every 256 lines).
    fn done(&self) -> bool {
        if self.count.is_some_and(|limit| self.emitted >= limit) || signals::received().is_some() {
            return true;
        }
        // With --rate, log time bounds the run; the wall clock bounds it too, so that a
        // rate the machine cannot reach does not stretch the run (a warning says so).
        (self.emitted & 0xff) == 0
            && self
                .duration
                .is_some_and(|d| self.wall_start.elapsed() >= d)
    }

    /// Whether `lines` more lines can go to the sink at once, without a look at the clock or
    /// the count between them: the run is not paced, not timed, and the count (if any) leaves
    /// room for them all; a signal is noticed before each whole block.
    fn takes_whole(&self, lines: u64) -> bool {
        self.rate.is_none()
            && self.duration.is_none()
            && self
                .count
                .is_none_or(|limit| self.emitted.saturating_add(lines) <= limit)
            && signals::received().is_none()
    }

    /// Hands a whole block to the sink (see [`Delivery::takes_whole`]); false when the sink
    /// stopped.
    fn deliver_whole(&mut self, block: &Block) -> bool {
        let lines = block.len() as u64;
        if let Err(error) = self.sink.send_lines(block.text(), lines) {
            self.stopped = Some(error);
            return false;
        }
        self.emitted += lines;
        self.last_at = block.last_at().unwrap_or(self.last_at);
        if self.progress.enabled() {
            self.progress.update(self.emitted);
        }
        true
    }

    /// Whether a line of log time `at` is past the duration of a paced run.
    fn past_duration(&self, at: u64) -> bool {
        self.rate.is_some() && self.duration_nanos.is_some_and(|limit| at >= limit)
    }

    /// Hands one line of log time `at` to the sink, when its time comes with --rate; false
    /// when the sink stopped.
    fn deliver(&mut self, line: &[u8], at: u64) -> bool {
        if self.rate.is_some() {
            if let Some(wait) = self.pacer.wait_for(at) {
                // Lines due before this one leave now, not after the wait.
                if let Err(error) = self.sink.flush() {
                    self.stopped = Some(error);
                    return false;
                }
                signals::sleep_unless_signalled(wait);
            }
        }
        if let Err(error) = self.sink.send(line) {
            self.stopped = Some(error);
            return false;
        }
        self.emitted += 1;
        self.last_at = at;
        if self.progress.enabled() && (self.rate.is_some() || (self.emitted & 0x3ff) == 0) {
            self.progress.update(self.emitted);
        }
        true
    }
}

impl Run {
    /// Emits until the count, the duration or the scenarios end, or the sink stops.
    pub(super) fn execute(self) -> ExitCode {
        let rate = self.rate;
        let quiet = self.quiet;
        let mut delivery = Delivery {
            sink: self.sink,
            rate,
            count: self.count,
            duration: self.duration,
            duration_nanos: self
                .duration
                .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
            pacer: Pacer::new(),
            progress: Progress::new(quiet),
            wall_start: Instant::now(),
            emitted: 0,
            last_at: 0,
            stopped: None,
        };
        match self.generator {
            Generator::Random(selection) => {
                let maker = BlockMaker {
                    selection,
                    values: self.values,
                    seed: self.seed,
                    emitter: self.emitter,
                    timestamp: self.timestamp,
                    start: self.start,
                    interval_nanos: 1e9 / rate.unwrap_or(NOMINAL_RATE),
                    vary_templates: self.vary_templates,
                    total: self.count,
                    stamps: Stamps::default(),
                };
                blocks::with_blocks(maker, self.jobs, |blocks| {
                    deliver_blocks(blocks, &mut delivery)
                });
            }
            Generator::Scenarios(runner) => {
                let mut lines = ScenarioLines {
                    runner,
                    values: self.values,
                    emitter: self.emitter,
                    timestamp: self.timestamp,
                    start: self.start,
                    vary_templates: self.vary_templates,
                };
                lines.deliver(rate, &mut delivery);
            }
        }
        let mut delivery = delivery;
        delivery.progress.finish();
        if let Some(rate) = rate {
            let wall = delivery.wall_start.elapsed();
            warn_if_behind(rate, delivery.emitted, delivery.last_at, wall, quiet);
        }
        let tally = delivery.sink.finish();
        report(&tally, delivery.stopped.is_some(), quiet)
    }
}

/// Hands the lines of random blocks to the sink, in order, until the run ends.
fn deliver_blocks(mut blocks: Blocks, delivery: &mut Delivery) {
    while let Some(block) = blocks.next_block() {
        if delivery.takes_whole(block.len() as u64) {
            if !delivery.deliver_whole(&block) {
                return;
            }
        } else {
            for (line, at) in block.lines() {
                if delivery.done() || delivery.past_duration(at) || !delivery.deliver(line, at) {
                    return;
                }
            }
        }
        // A short block is the last: the count is reached or the selection ran dry.
        if block.len() < BLOCK_LINES as usize {
            return;
        }
    }
}

/// Lines of scenario instances, made one at a time (a scenario's next line depends on the
/// lines before it).
struct ScenarioLines {
    runner: scenario::Runner,
    values: RandomValues,
    emitter: Emitter,
    timestamp: Option<TimestampChoice>,
    start: UnixTime,
    vary_templates: bool,
}

impl ScenarioLines {
    fn deliver(&mut self, rate: Option<f64>, delivery: &mut Delivery) {
        let mut clock = LogClock::new(rate.unwrap_or(NOMINAL_RATE));
        let mut line = String::with_capacity(1024);
        let mut stamps = Stamps::default();
        while !delivery.done() {
            let Some(produced) = self.runner.next(clock.slot(), &mut self.values) else {
                break;
            };
            if delivery.past_duration(produced.at_nanos) {
                break;
            }
            clock.advance(produced.at_nanos);
            self.format(&mut line, &mut stamps, &produced);
            if !delivery.deliver(line.as_bytes(), produced.at_nanos) {
                break;
            }
        }
    }

    fn format(&mut self, line: &mut String, stamps: &mut Stamps, produced: &scenario::Line) {
        let at = self.start.plus_nanos(produced.at_nanos);
        let prefixes = stamps.prefixes(&self.emitter, self.timestamp, at.seconds);
        let template = match (self.vary_templates, produced.message.info()) {
            (true, Some(info)) if info.templates.len() > 1 => {
                self.values.rng().below(info.templates.len() as u64) as usize
            }
            _ => 0,
        };
        line.clear();
        // Writing into a String cannot fail; generated formatters only fail when the writer does.
        let _ = self.emitter.write_prefixed(
            line,
            prefixes,
            &produced.message,
            produced.context.as_ref(),
            template,
        );
    }
}

/// The header prefixes of the second being written (the header up to the message id, per
/// severity): every line of a second shares its timestamp (lines carry no fraction of a
/// second), so they are rendered once a second.
#[derive(Debug, Default, Clone)]
pub(super) struct Stamps {
    /// The second the prefixes are for (`Some(None)`: lines without a timestamp); `None`
    /// before the first line.
    rendered_for: Option<Option<i64>>,
    text: String,
    prefixes: HeaderPrefixes,
}

impl Stamps {
    pub(super) fn prefixes(
        &mut self,
        emitter: &Emitter,
        choice: Option<TimestampChoice>,
        second: i64,
    ) -> &HeaderPrefixes {
        let key = choice.map(|_| second);
        if self.rendered_for != Some(key) {
            self.text.clear();
            if let Some(choice) = choice {
                let format = if choice == TimestampChoice::Rfc5424 {
                    TimestampFormat::Iso
                } else {
                    TimestampFormat::Legacy
                };
                let stamp = Timestamp::from_unix(second, 0, 0, format);
                let stamp = if choice == TimestampChoice::Rfc3164 {
                    stamp.without_year()
                } else {
                    stamp
                };
                emitter.header.render_timestamp(&stamp, &mut self.text);
            }
            let text = choice.map(|_| self.text.as_str());
            self.prefixes = emitter.header.render_prefixes(text);
            self.rendered_for = Some(key);
        }
        &self.prefixes
    }
}

/// A realistic IKE session context for a random line: usually present, with the peer address,
/// usually the group, sometimes the user. A user name or tunnel group the body carries is the
/// one the context names (the message drawn last is the line's body).
pub(super) fn random_context(random: &mut RandomValues) -> Option<IkeContext<'static>> {
    let body_user = random.drawn_text(ValueKind::Username);
    let body_group = random.drawn_text(ValueKind::TunnelGroup);
    if !random.rng().chance(3, 4) {
        return None;
    }
    let group = random
        .rng()
        .chance(9, 10)
        .then(|| body_group.unwrap_or_else(|| random.text_of(ValueKind::TunnelGroup)));
    let username = (body_user.is_some() || random.rng().chance(2, 5))
        .then(|| body_user.unwrap_or_else(|| random.text_of(ValueKind::Username)));
    let ip = Some(random.address_outside());
    Some(IkeContext {
        group,
        username,
        ip,
    })
}

/// Says so when the run fell behind `--rate` by more than a tenth of its length (and 100 ms):
/// the machine or the destination could not keep the pace.
fn warn_if_behind(rate: f64, lines: u64, last_at_nanos: u64, wall: Duration, quiet: bool) {
    let log = Duration::from_nanos(last_at_nanos);
    let slack = Duration::from_millis(100).max(log / 10);
    if quiet || lines == 0 || wall <= log + slack {
        return;
    }
    let achieved = lines as f64 / wall.as_secs_f64().max(1e-9);
    eprintln!(
        "ftd-syslog simulate: warning: could not keep --rate {rate}/s: {} lines in {:.1}s \
         ({achieved:.0}/s); log time ran {:.1}s behind the wall clock",
        thousands(lines),
        wall.as_secs_f64(),
        (wall - log).as_secs_f64()
    );
}

/// Prints the error that stopped delivery (unless already printed) and the summary (always,
/// even with --quiet when lines were lost), and chooses the exit status: 128 + the signal
/// when one stopped the run, 1 when lines were lost or the sink stopped, else 0.
fn report(tally: &Tally, stopped: bool, quiet: bool) -> ExitCode {
    if let Some(error) = tally.error.as_ref().filter(|_| !tally.error_shown) {
        eprintln!("ftd-syslog simulate: error: {}", error::printable(error));
    }
    let signal = signals::received();
    if !quiet || tally.lost() || stopped || signal.is_some() {
        eprintln!("{}", tally.summary());
    }
    if let Some(signal) = signal {
        eprintln!("ftd-syslog simulate: stopped by signal {signal}");
        return ExitCode::from(signals::exit_status(signal));
    }
    error::status(tally.lost() || stopped)
}
