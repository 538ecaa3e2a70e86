//! A run of `simulate` once its options are checked: produces lines (random messages or
//! scenario lines), stamps them in log time, formats them, paces them and hands them to the
//! sink, then reports what was sent and lost.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use ftd_syslog::draw::RandomValues;
use ftd_syslog::scenario;
use ftd_syslog::{Emitter, IkeContext, Message, Timestamp, TimestampFormat, ValueKind};

use super::notes::thousands;
use super::options::UnixTime;
use super::pace::{LogClock, Pacer, Progress};
use super::select::Selection;
use super::sink::{Sink, Tally};
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

/// One line to write.
struct Produced {
    message: Message<'static>,
    context: Option<IkeContext<'static>>,
    at_nanos: u64,
}

/// Everything a run needs, checked.
pub(super) struct Run {
    pub(super) generator: Generator,
    pub(super) values: RandomValues,
    pub(super) emitter: Emitter,
    pub(super) timestamp: Option<TimestampChoice>,
    pub(super) start: UnixTime,
    pub(super) rate: Option<f64>,
    pub(super) count: Option<u64>,
    pub(super) duration: Option<Duration>,
    pub(super) vary_templates: bool,
    pub(super) sink: Box<dyn Sink>,
    pub(super) quiet: bool,
}

impl Run {
    /// Emits until the count, the duration or the scenarios end, or the sink stops.
    pub(super) fn execute(mut self) -> ExitCode {
        let mut clock = LogClock::new(self.rate.unwrap_or(NOMINAL_RATE));
        let pacer = Pacer::new();
        let mut progress = Progress::new(self.quiet);
        let wall_start = Instant::now();
        let duration_nanos = self
            .duration
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        let mut line = String::with_capacity(1024);
        let mut stamps = Stamps::default();
        let mut emitted = 0u64;
        let mut stopped = None;
        let mut last_at = 0u64;
        loop {
            if self.count.is_some_and(|limit| emitted >= limit) || signals::received().is_some() {
                break;
            }
            // With --rate, log time bounds the run; the wall clock bounds it too, so that a
            // rate the machine cannot reach does not stretch the run (a warning says so).
            if (emitted & 0xff) == 0 && self.duration.is_some_and(|d| wall_start.elapsed() >= d) {
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
            self.format(&mut line, &mut stamps, &produced);
            if self.rate.is_some() {
                if let Some(wait) = pacer.wait_for(produced.at_nanos) {
                    // Lines due before this one leave now, not after the wait.
                    if let Err(error) = self.sink.flush() {
                        stopped = Some(error);
                        break;
                    }
                    signals::sleep_unless_signalled(wait);
                }
            }
            if let Err(error) = self.sink.send(line.as_bytes()) {
                stopped = Some(error);
                break;
            }
            emitted += 1;
            last_at = produced.at_nanos;
            if progress.enabled() && (self.rate.is_some() || (emitted & 0x3ff) == 0) {
                progress.update(emitted);
            }
        }
        progress.finish();
        if let Some(rate) = self.rate {
            warn_if_behind(rate, emitted, last_at, wall_start.elapsed(), self.quiet);
        }
        let tally = self.sink.finish();
        report(&tally, stopped.is_some(), self.quiet)
    }

    fn produce(&mut self, slot: u64) -> Option<Produced> {
        match &mut self.generator {
            Generator::Random(selection) => {
                let id = selection.next(self.values.rng())?;
                let message = Message::draw(id, &mut self.values)?;
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

    fn format(&mut self, line: &mut String, stamps: &mut Stamps, produced: &Produced) {
        let timestamp = self.timestamp.map(|choice| {
            let at = self.start.plus_nanos(produced.at_nanos);
            stamps.text(&self.emitter, choice, at.seconds)
        });
        let template = match (self.vary_templates, produced.message.info()) {
            (true, Some(info)) if info.templates.len() > 1 => {
                self.values.rng().below(info.templates.len() as u64) as usize
            }
            _ => 0,
        };
        line.clear();
        // Writing into a String cannot fail; generated formatters only fail when the writer does.
        let _ = self.emitter.write_rendered(
            line,
            &produced.message,
            produced.context.as_ref(),
            timestamp,
            template,
        );
    }
}

/// The rendered timestamp of the second being written: every line of a second shares it
/// (lines carry no fraction of a second), so it is rendered once a second.
#[derive(Debug, Default)]
struct Stamps {
    second: Option<i64>,
    text: String,
}

impl Stamps {
    fn text(&mut self, emitter: &Emitter, choice: TimestampChoice, second: i64) -> &str {
        if self.second != Some(second) {
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
            self.text.clear();
            emitter.header.render_timestamp(&stamp, &mut self.text);
            self.second = Some(second);
        }
        &self.text
    }
}

/// A realistic IKE session context for a random line: usually present, with the peer address,
/// usually the group, sometimes the user. A user name or tunnel group the body carries is the
/// one the context names (the message drawn last is the line's body).
fn random_context(random: &mut RandomValues) -> Option<IkeContext<'static>> {
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
