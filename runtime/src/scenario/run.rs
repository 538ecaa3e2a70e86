//! Running scenarios: interleaving runs of compiled scenarios ("instances") in log time.
//!
//! Each instance draws its variables once, then walks its steps; a step's delay is the least
//! log time between it and the instance's previous line. Instances run side by side: at each
//! line the earliest instance that is due speaks; when none is due a new instance starts (while
//! more may), and otherwise log time jumps to the next one due. So a steady stream at any rate
//! is a realistic mix of overlapping sessions, each causally consistent.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::net::IpAddr;
use std::time::Duration;

use ftd_catalog::scenario::{Chance, Delay};

use super::compile::{Compiled, Emit, Op, Source, CONTEXT_IP, CONTEXT_NAME};
use super::values::{Fixed, Overrides};
use crate::draw::RandomValues;
use crate::{Emitter, IkeContext, Message, Timestamp, TimestampFormat};

/// One run of a scenario in progress.
#[derive(Debug)]
struct Instance {
    scenario: usize,
    values: Vec<String>,
    pc: usize,
    /// Open steps: the `Begin` index and the occurrences left.
    loops: Vec<(usize, u32)>,
    /// The `Emit` to speak when due.
    pending: usize,
}

/// What a scenario instance says next.
#[derive(Debug)]
pub struct Line {
    /// The message.
    pub message: Message<'static>,
    /// Its IKE session context.
    pub context: Option<IkeContext<'static>>,
    /// Its log time (nanoseconds after the start).
    pub at_nanos: u64,
}

impl Line {
    /// Its log time after the start.
    pub fn at(&self) -> Duration {
        Duration::from_nanos(self.at_nanos)
    }

    /// Its timestamp when log time starts at `start_seconds` since 1970 (UTC).
    pub fn timestamp(&self, start_seconds: i64, format: TimestampFormat) -> Timestamp {
        let at = self.at();
        let seconds = i64::try_from(at.as_secs()).unwrap_or(i64::MAX);
        Timestamp::from_unix(
            start_seconds.saturating_add(seconds),
            at.subsec_nanos(),
            0,
            format,
        )
    }

    /// Appends the line as a device sends it (header, IKE context, message) to `out`, with
    /// `emitter`'s header and the default wire template.
    pub fn write(
        &self,
        out: &mut String,
        emitter: &Emitter,
        timestamp: Option<&Timestamp>,
    ) -> std::fmt::Result {
        emitter.write(
            out,
            &self.message,
            self.context.as_ref(),
            timestamp,
            0,
            None,
        )
    }
}

/// The most instances a runner keeps in progress at once, unless told otherwise.
pub const DEFAULT_MAX_RUNNING: usize = 100_000;

/// Interleaves instances of scenarios in log time.
#[derive(Debug)]
pub struct Runner {
    scenarios: Vec<Compiled>,
    instances: Vec<Option<Instance>>,
    free: Vec<usize>,
    /// Due time, start order, instance slot.
    due: BinaryHeap<Reverse<(u64, u64, usize)>>,
    sequence: u64,
    /// `Some`: start exactly these scenarios, once each; `None`: start as many as needed.
    to_start: Option<VecDeque<usize>>,
    max_running: usize,
    running: usize,
}

impl Runner {
    /// A runner that runs each of `scenarios` one time, started in order, and ends when all
    /// are done.
    pub fn once(scenarios: Vec<Compiled>) -> Runner {
        let to_start = (0..scenarios.len()).collect();
        Runner::new(scenarios, Some(to_start))
    }

    /// A runner that never ends: it starts an instance of one of `scenarios` (drawn at random)
    /// whenever no running one is due.
    pub fn overlapping(scenarios: Vec<Compiled>) -> Runner {
        Runner::new(scenarios, None)
    }

    /// At most `max_running` instances in progress at once (at least 1; the default is
    /// [`DEFAULT_MAX_RUNNING`]): when one more would start, log time jumps to the next line
    /// due instead.
    pub fn with_max_running(mut self, max_running: usize) -> Runner {
        self.max_running = max_running.max(1);
        self
    }

    fn new(scenarios: Vec<Compiled>, to_start: Option<VecDeque<usize>>) -> Runner {
        Runner {
            scenarios,
            instances: Vec::new(),
            free: Vec::new(),
            due: BinaryHeap::new(),
            sequence: 0,
            to_start,
            max_running: DEFAULT_MAX_RUNNING,
            running: 0,
        }
    }

    /// The next line, at log time `slot` or later; `None` once every instance has ended and
    /// no more may start.
    pub fn next(&mut self, slot: u64, random: &mut RandomValues) -> Option<Line> {
        // Scenarios whose steps can all repeat zero times may say nothing; give up on a run of
        // them rather than loop forever.
        let mut silent_starts = 0;
        loop {
            if let Some(&Reverse((due, _, index))) = self.due.peek() {
                if due <= slot {
                    self.due.pop();
                    return Some(self.speak(index, slot, random));
                }
            }
            let may_start = self.running < self.max_running
                && match &self.to_start {
                    Some(queue) => !queue.is_empty(),
                    None => !self.scenarios.is_empty(),
                };
            if may_start && silent_starts < 1000 {
                let scenario = match &mut self.to_start {
                    Some(queue) => queue.pop_front().unwrap_or(0),
                    None => random.rng().below(self.scenarios.len() as u64) as usize,
                };
                match self.start(scenario, random) {
                    Some(index) => return Some(self.speak(index, slot, random)),
                    None => {
                        silent_starts += 1;
                        continue;
                    }
                }
            }
            let Reverse((due, _, index)) = self.due.pop()?;
            return Some(self.speak(index, due.max(slot), random));
        }
    }

    /// Starts an instance; `None` when it has nothing to say.
    fn start(&mut self, scenario: usize, random: &mut RandomValues) -> Option<usize> {
        let compiled = &self.scenarios[scenario];
        let values = (0..compiled.variable_count())
            .map(|i| compiled.draw(i, random))
            .collect();
        let mut instance = Instance {
            scenario,
            values,
            pc: 0,
            loops: Vec::new(),
            pending: 0,
        };
        // The first line of an instance is its start: a delay before it means nothing.
        let (pending, _) = advance(compiled, &mut instance, random)?;
        instance.pending = pending;
        let index = match self.free.pop() {
            Some(index) => {
                self.instances[index] = Some(instance);
                index
            }
            None => {
                self.instances.push(Some(instance));
                self.instances.len() - 1
            }
        };
        self.running += 1;
        Some(index)
    }

    /// Builds the pending line of instance `index` at `at`, and schedules its next one.
    fn speak(&mut self, index: usize, at: u64, random: &mut RandomValues) -> Line {
        let Some(mut instance) = self.instances[index].take() else {
            unreachable!("scheduled instances exist");
        };
        let compiled = &self.scenarios[instance.scenario];
        let Op::Emit(emit) = &compiled.ops[instance.pending] else {
            unreachable!("pending points at an emit");
        };
        let line = build(compiled, emit, &instance.values, at, random);
        match advance(compiled, &mut instance, random) {
            Some((pending, gap)) => {
                instance.pending = pending;
                let due = at.saturating_add(gap);
                self.instances[index] = Some(instance);
                self.sequence += 1;
                self.due.push(Reverse((due, self.sequence, index)));
            }
            None => {
                self.free.push(index);
                self.running -= 1;
            }
        }
        line
    }
}

/// Moves an instance to its next `Emit`; returns it and the log time to wait before it.
fn advance(
    compiled: &Compiled,
    instance: &mut Instance,
    random: &mut RandomValues,
) -> Option<(usize, u64)> {
    let mut gap = 0u64;
    let mut occurrence = |delay: &Option<Delay>,
                          redraw: &[usize],
                          values: &mut [String],
                          random: &mut RandomValues| {
        if let Some(delay) = delay {
            gap = gap.saturating_add(sample(delay, random));
        }
        for &variable in redraw {
            values[variable] = compiled.draw(variable, random);
        }
    };
    loop {
        match compiled.ops.get(instance.pc)? {
            Op::Begin {
                repeat,
                chance,
                delay,
                redraw,
                end,
            } => {
                // Drawn only for steps with a chance, so that other scenarios' runs stay as
                // they were for the same seed.
                let happens = chance.is_none_or(|per_million| {
                    random.rng().below(u64::from(Chance::MILLION)) < u64::from(per_million)
                });
                let span = u64::from(repeat.max - repeat.min) + 1;
                let count = if happens {
                    repeat.min + random.rng().below(span) as u32
                } else {
                    0
                };
                if count == 0 {
                    instance.pc = end + 1;
                    continue;
                }
                instance.loops.push((instance.pc, count));
                occurrence(delay, redraw, &mut instance.values, random);
                instance.pc += 1;
            }
            Op::Emit(_) => {
                let at = instance.pc;
                instance.pc += 1;
                return Some((at, gap));
            }
            Op::Choose { arms } => {
                instance.pc = pick_arm(arms, random);
            }
            Op::Jump { to } => instance.pc = *to,
            Op::End { begin } => {
                let (_, left) = instance.loops.last_mut()?;
                *left -= 1;
                if *left > 0 {
                    if let Op::Begin { delay, redraw, .. } = &compiled.ops[*begin] {
                        occurrence(delay, redraw, &mut instance.values, random);
                    }
                    instance.pc = begin + 1;
                } else {
                    instance.loops.pop();
                    instance.pc += 1;
                }
            }
        }
    }
}

/// Where the alternative picked in proportion to the weights starts.
fn pick_arm(arms: &[(u32, usize)], random: &mut RandomValues) -> usize {
    let total: u64 = arms.iter().map(|(weight, _)| u64::from(*weight)).sum();
    let mut ticket = random.rng().below(total.max(1));
    for (weight, start) in arms {
        let weight = u64::from(*weight);
        if ticket < weight {
            return *start;
        }
        ticket -= weight;
    }
    // The compiler gives every choice at least two alternatives of weight 1 or more.
    arms.last().map_or(0, |(_, start)| *start)
}

/// A delay drawn uniformly from its range, in nanoseconds.
fn sample(delay: &Delay, random: &mut RandomValues) -> u64 {
    let min = nanos(delay.min);
    let max = nanos(delay.max);
    min + random.rng().below(max - min + 1)
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX / 2)
}

fn build(
    compiled: &Compiled,
    emit: &Emit,
    values: &[String],
    at: u64,
    random: &mut RandomValues,
) -> Line {
    let info = crate::info(emit.id);
    let fixed: Vec<(&'static str, Fixed)> = emit
        .fields
        .iter()
        .filter_map(|(name, source)| {
            let spec = info?.fields.iter().find(|f| f.name == *name)?;
            Some((*name, compiled.resolve(source, spec, values)?))
        })
        .collect();
    let mut overrides = Overrides {
        random,
        fixed: &fixed,
    };
    let message = match Message::draw(emit.id, &mut overrides) {
        Some(message) => message,
        None => unreachable!("compiled scenarios only name catalogued ids"),
    };
    let context = emit.context.as_ref().map(|[group, username, ip]| {
        let text = |part: &Option<Source>| match part {
            Some(source) => match compiled.resolve(source, &CONTEXT_NAME, values) {
                Some(Fixed::Text(text)) => Some(Cow::Owned(text)),
                _ => None,
            },
            None => None,
        };
        let address =
            ip.as_ref().and_then(
                |source| match compiled.resolve(source, &CONTEXT_IP, values) {
                    Some(Fixed::Ip(address)) => Some(address),
                    _ => None::<IpAddr>,
                },
            );
        IkeContext {
            group: text(group),
            username: text(username),
            ip: address,
        }
    });
    Line {
        message,
        context: context.filter(|c| !c.is_empty()),
        at_nanos: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Compiled {
        let scenario = ftd_catalog::load_scenario("test.yaml", text).unwrap();
        super::super::compile(&scenario).unwrap()
    }

    #[test]
    fn instances_share_values_and_respect_delays() {
        let compiled = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\n  ip: { draw: ipv4 }\nsteps:\n  - id: 716001\n    fields: { user: $user, ip: $ip }\n  - id: 716058\n    delay: 10s\n    repeat: 3\n    fields: { user: $user, ip: $ip }\n",
        );
        let mut runner = Runner::once(vec![compiled]).with_max_running(10);
        let mut random = RandomValues::new(7);
        let mut lines = Vec::new();
        let mut slot = 0;
        while let Some(line) = runner.next(slot, &mut random) {
            slot = line.at_nanos + 1_000_000;
            lines.push(line);
        }
        assert_eq!(lines.len(), 4);
        let users: Vec<String> = lines
            .iter()
            .map(|l| {
                l.message
                    .to_string()
                    .split(" IP ")
                    .next()
                    .unwrap()
                    .split("User ")
                    .nth(1)
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert!(users.iter().all(|u| *u == users[0]), "{users:?}");
        for pair in lines.windows(2) {
            assert!(pair[1].at_nanos - pair[0].at_nanos >= 10_000_000_000);
        }
    }

    /// The ids of `runs` runs of `compiled`, one run after another.
    fn runs_of(compiled: &Compiled, runs: u64) -> Vec<Vec<u32>> {
        (0..runs)
            .map(|seed| {
                let mut runner = Runner::once(vec![compiled.clone()]);
                let mut random = RandomValues::new(seed);
                let mut ids = Vec::new();
                let mut slot = 0;
                while let Some(line) = runner.next(slot, &mut random) {
                    slot = line.at_nanos + 1;
                    ids.push(line.message.id());
                }
                ids
            })
            .collect()
    }

    #[test]
    fn branches_pick_one_alternative_by_weight_and_rejoin() {
        let compiled = load(
            "name: t\ndescription: d\nsteps:\n  - id: 716038\n  - branches:\n      - id: 716059\n        weight: 3\n      - steps:\n          - id: 716058\n          - id: 716002\n  - id: 716001\n",
        );
        let runs = runs_of(&compiled, 2000);
        let mut resumed = 0;
        for ids in &runs {
            match ids.as_slice() {
                [716038, 716059, 716001] => resumed += 1,
                [716038, 716058, 716002, 716001] => {}
                other => panic!("not one alternative: {other:?}"),
            }
        }
        // Weight 3 against 1: about 1500 of 2000.
        assert!((1400..=1600).contains(&resumed), "{resumed}");
    }

    #[test]
    fn chance_makes_a_step_optional_with_its_probability() {
        let compiled = load(
            "name: t\ndescription: d\nsteps:\n  - id: 716038\n  - id: 716058\n    chance: 20%\n    repeat: 2\n  - id: 716002\n",
        );
        let runs = runs_of(&compiled, 2000);
        let mut happened = 0;
        for ids in &runs {
            match ids.as_slice() {
                [716038, 716058, 716058, 716002] => happened += 1,
                [716038, 716002] => {}
                other => panic!("{other:?}"),
            }
        }
        assert!((320..=480).contains(&happened), "{happened}");
    }

    #[test]
    fn many_instances_interleave_when_time_is_short() {
        let compiled = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\nsteps:\n  - id: 716001\n    fields: { user: $user }\n  - id: 716002\n    delay: 1s\n    fields: { user: $user }\n",
        );
        let mut runner = Runner::overlapping(vec![compiled]).with_max_running(1000);
        let mut random = RandomValues::new(7);
        let ids: Vec<u32> = (0..2000u64)
            .map(|i| {
                runner
                    .next(i * 1_000_000, &mut random)
                    .unwrap()
                    .message
                    .id()
            })
            .collect();
        // One line per millisecond and one second per session: about a thousand at once.
        assert_eq!(ids[..1000].iter().filter(|id| **id == 716001).count(), 1000);
        assert!(ids[1000..].iter().filter(|id| **id == 716002).count() >= 900);
    }
}
