//! A run of `simulate` once its options are checked: produces lines (random messages or
//! scenario lines), stamps them in log time, formats them, paces them and hands them to the
//! sink, then reports what was sent and lost.

use std::borrow::Cow;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ftd_syslog::draw::RandomValues;
use ftd_syslog::scenario;
use ftd_syslog::{Emitter, IkeContext, Message, Timestamp, TimestampFormat};

use super::options::UnixTime;
use super::pace::{LogClock, Pacer, Progress};
use super::select::Selection;
use super::sink::{Sink, Tally};
use super::TimestampChoice;
use crate::error;

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
        .then(|| Cow::Owned(scenario::draw_value("group", random)));
    let username = random
        .rng()
        .chance(2, 5)
        .then(|| Cow::Owned(scenario::draw_value("user", random)));
    let ip = scenario::draw_value("ip", random).parse().ok();
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
    error::status(tally.failed > 0 || stopped)
}
