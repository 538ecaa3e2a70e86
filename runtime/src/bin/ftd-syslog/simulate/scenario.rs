//! Running scenarios: checking a loaded [`Scenario`] against the compiled catalog, and
//! interleaving runs of scenarios ("instances") in log time.
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

use ftd_catalog::scenario::{
    ContextDef, Delay, Repeat, Scalar, Scenario, Step, ValueRef, DRAW_KINDS,
};
use ftd_catalog::Location;
use ftd_syslog::draw::RandomValues;
use ftd_syslog::{FieldKind, FieldSpec, IkeContext, Message};

use super::values::{self, Fixed, Overrides};

/// The spec IKE context names are checked against: no commas, since parts end at ", ".
const CONTEXT_NAME: FieldSpec = values::synthetic_spec("context", FieldKind::Word);
/// The spec IKE context addresses are checked against.
const CONTEXT_IP: FieldSpec = values::synthetic_spec("ip", FieldKind::Ip);

/// Where a value comes from at run time.
#[derive(Debug, Clone)]
enum Source {
    /// A literal, already typed.
    Literal(Fixed),
    /// A variable of the instance (its index).
    Variable(usize),
}

/// How a variable gets its values.
#[derive(Debug, Clone)]
enum Origin {
    Draw(String),
    OneOf(Vec<String>),
}

#[derive(Debug, Clone)]
struct Variable {
    name: String,
    origin: Origin,
    /// The fields the variable is written into: a drawn value must fit all of them.
    uses: Vec<&'static FieldSpec>,
}

/// One message of a scenario.
#[derive(Debug, Clone)]
struct Emit {
    id: u32,
    fields: Vec<(&'static str, Source)>,
    /// Group, username and IP of the IKE context; `None` when the line has none.
    context: Option<[Option<Source>; 3]>,
}

/// A scenario flattened into instructions; every step is wrapped in `Begin`/`End` so that
/// repetition, delay and redrawing work the same for messages and groups.
#[derive(Debug, Clone)]
enum Op {
    Begin {
        repeat: Repeat,
        delay: Option<Delay>,
        redraw: Vec<usize>,
        end: usize,
    },
    Emit(Emit),
    End {
        begin: usize,
    },
}

/// A scenario ready to run.
#[derive(Debug, Clone)]
pub struct Compiled {
    variables: Vec<Variable>,
    ops: Vec<Op>,
}

/// Checks a scenario against the bundled catalog: ids, field names, values and their types,
/// IKE contexts. Every mistake is reported as `file:line:column: message`.
pub fn compile(scenario: &Scenario) -> Result<Compiled, Vec<String>> {
    let mut compiler = Compiler {
        scenario,
        errors: Vec::new(),
        variables: scenario
            .variables
            .iter()
            .map(|(name, def)| Variable {
                name: name.clone(),
                origin: match &def.draw {
                    Some(kind) => Origin::Draw(kind.clone()),
                    None => Origin::OneOf(def.one_of.iter().map(|v| v.0.clone()).collect()),
                },
                uses: Vec::new(),
            })
            .collect(),
        ops: Vec::new(),
    };
    for step in &scenario.steps {
        compiler.step(step);
    }
    let Compiler {
        errors,
        variables,
        ops,
        ..
    } = compiler;
    if errors.is_empty() {
        Ok(Compiled { variables, ops })
    } else {
        Err(errors)
    }
}

struct Compiler<'s> {
    scenario: &'s Scenario,
    errors: Vec<String>,
    variables: Vec<Variable>,
    ops: Vec<Op>,
}

impl Compiler<'_> {
    fn error(&mut self, location: Option<&Location>, message: String) {
        let at = location.map_or_else(
            || format!("{}:1:1", self.scenario.file),
            ToString::to_string,
        );
        self.errors.push(format!("{at}: {message}"));
    }

    fn variable_index(&self, name: &str) -> Option<usize> {
        self.variables.iter().position(|v| v.name == name)
    }

    fn step(&mut self, step: &Step) {
        let begin = self.ops.len();
        let redraw = step
            .redraw
            .iter()
            .filter_map(|name| self.variable_index(name))
            .collect();
        self.ops.push(Op::Begin {
            repeat: step.repeat.unwrap_or(Repeat { min: 1, max: 1 }),
            delay: step.delay,
            redraw,
            end: 0,
        });
        match step.id {
            Some(id) => {
                if let Some(emit) = self.emit(step, id) {
                    self.ops.push(Op::Emit(emit));
                }
            }
            None => {
                for inner in &step.steps {
                    self.step(inner);
                }
            }
        }
        let end = self.ops.len();
        self.ops.push(Op::End { begin });
        if let Op::Begin { end: slot, .. } = &mut self.ops[begin] {
            *slot = end;
        }
    }

    fn emit(&mut self, step: &Step, id: u32) -> Option<Emit> {
        let location = step.location.as_ref();
        let Some(info) = ftd_syslog::info(id) else {
            self.error(location, format!("message {id} is not in the catalog"));
            return None;
        };
        let mut fields = Vec::new();
        for (name, value) in &step.fields {
            let Some(spec) = info.fields.iter().find(|f| f.name == *name) else {
                let known: Vec<&str> = info.fields.iter().map(|f| f.name).collect();
                let known = if known.is_empty() {
                    "it has none".to_owned()
                } else {
                    format!("it has {}", known.join(", "))
                };
                self.error(
                    location,
                    format!("{id} ({}) has no field '{name}': {known}", info.name),
                );
                continue;
            };
            if let Some(source) =
                self.source(value, spec, location, &format!("{id} field '{name}'"))
            {
                fields.push((spec.name, source));
            }
        }
        let own_context = step.context.as_ref();
        if own_context.is_some() && !info.ike_context {
            self.error(
                location,
                format!("{id} ({}) does not take the IKE session context", info.name),
            );
        }
        let context = match (
            info.ike_context,
            own_context.or(self.scenario.context.as_ref()),
        ) {
            (true, Some(def)) => Some(self.context(def, location, id)),
            _ => None,
        };
        Some(Emit {
            id,
            fields,
            context,
        })
    }

    fn context(
        &mut self,
        def: &ContextDef,
        location: Option<&Location>,
        id: u32,
    ) -> [Option<Source>; 3] {
        let mut part = |value: &Option<Scalar>, spec: &'static FieldSpec, what: &str| {
            value
                .as_ref()
                .and_then(|v| self.source(v, spec, location, &format!("{id} context {what}")))
        };
        [
            part(&def.group, &CONTEXT_NAME, "group"),
            part(&def.username, &CONTEXT_NAME, "username"),
            part(&def.ip, &CONTEXT_IP, "ip"),
        ]
    }

    /// Types a literal for `spec`, or checks that a variable can fill it.
    fn source(
        &mut self,
        value: &Scalar,
        spec: &'static FieldSpec,
        location: Option<&Location>,
        what: &str,
    ) -> Option<Source> {
        match value.reference() {
            ValueRef::Literal(text) => match values::typed(spec, text) {
                Ok(fixed) => Some(Source::Literal(fixed)),
                Err(expected) => {
                    self.error(
                        location,
                        format!("{what}: '{text}' does not fit; expected {expected}"),
                    );
                    None
                }
            },
            ValueRef::Variable(name) => {
                // The loader reported undeclared variables already.
                let index = self.variable_index(name)?;
                let variable = &self.variables[index];
                if let Err(problem) = fits(&variable.origin, spec) {
                    self.error(location, format!("{what}: ${name} {problem}"));
                    return None;
                }
                self.variables[index].uses.push(spec);
                Some(Source::Variable(index))
            }
        }
    }
}

/// Whether values of `origin` always fit `spec`; text fields are checked again at draw time.
fn fits(origin: &Origin, spec: &FieldSpec) -> Result<(), String> {
    match origin {
        Origin::OneOf(options) => {
            for option in options {
                values::typed(spec, option).map_err(|expected| {
                    format!("can be '{option}', which does not fit; expected {expected}")
                })?;
            }
            Ok(())
        }
        Origin::Draw(kind) => {
            let ok = match spec.kind {
                FieldKind::Text | FieldKind::Word | FieldKind::Interface => true,
                FieldKind::Enum => spec.open,
                FieldKind::Ipv4 => kind == "ipv4",
                FieldKind::Ipv6 => kind == "ipv6",
                FieldKind::Ip => matches!(kind.as_str(), "ip" | "ipv4" | "ipv6"),
                FieldKind::Mac => kind == "mac",
                FieldKind::Hex => kind == "hex",
                other => match (values::int_range(other), values::draw_int_range(kind)) {
                    (Some((min, max)), Some((low, high))) => min <= low && high <= max,
                    _ => false,
                },
            };
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "is drawn as {kind}, which does not fit a {} field (draw kinds: {})",
                    spec.type_name,
                    DRAW_KINDS.join(", ")
                ))
            }
        }
    }
}

impl Compiled {
    /// Draws variable `index` so that it fits every field it is written into.
    fn draw(&self, index: usize, random: &mut RandomValues) -> String {
        let variable = &self.variables[index];
        let fits_all = |value: &str| {
            variable
                .uses
                .iter()
                .all(|spec| values::typed(spec, value).is_ok())
        };
        match &variable.origin {
            Origin::OneOf(options) => random.rng().pick(options).clone(),
            Origin::Draw(kind) => {
                for _ in 0..32 {
                    let value = values::draw(kind, random);
                    if fits_all(&value) {
                        return value;
                    }
                }
                // Letters and digits fit any text field whose delimiters start otherwise.
                format!("v{}", random.rng().below(1_000_000))
            }
        }
    }

    fn resolve(&self, source: &Source, spec: &FieldSpec, values: &[String]) -> Option<Fixed> {
        match source {
            Source::Literal(fixed) => Some(fixed.clone()),
            Source::Variable(index) => values::typed(spec, &values[*index]).ok(),
        }
    }
}

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
    /// A runner of `scenarios`. With `once`, each runs one time and the runner ends when all are
    /// done; otherwise instances start whenever no running one is due, at most `max_running`
    /// at a time.
    pub fn new(scenarios: Vec<Compiled>, once: bool, max_running: usize) -> Runner {
        let to_start = once.then(|| (0..scenarios.len()).collect());
        Runner {
            scenarios,
            instances: Vec::new(),
            free: Vec::new(),
            due: BinaryHeap::new(),
            sequence: 0,
            to_start,
            max_running: max_running.max(1),
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
        let values = (0..compiled.variables.len())
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
                delay,
                redraw,
                end,
            } => {
                let span = u64::from(repeat.max - repeat.min) + 1;
                let count = repeat.min + random.rng().below(span) as u32;
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
    let info = ftd_syslog::info(emit.id);
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
    let message = match Message::generate(emit.id, &mut overrides) {
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

    fn load(text: &str) -> Result<Compiled, Vec<String>> {
        let scenario =
            ftd_catalog::load_scenario("test.yaml", text).map_err(|e| vec![e.to_string()])?;
        compile(&scenario)
    }

    #[test]
    fn every_bundled_scenario_fits_the_catalog() {
        for (display, text) in ftd_catalog::scenario::BUNDLED {
            let scenario =
                ftd_catalog::load_scenario(display, text).unwrap_or_else(|e| panic!("{e}"));
            if let Err(errors) = compile(&scenario) {
                panic!("{}", errors.join("\n"));
            }
        }
    }

    #[test]
    fn catalog_mistakes_are_reported_with_their_place() {
        let errors = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\n  peer: { draw: ip }\nsteps:\n  - id: 716999\n  - id: 716001\n    fields: { usr: $user }\n  - id: 718084\n    fields: { public_ip: $peer }\n  - id: 720024\n    fields: { unit: Tertiary }\n  - id: 716001\n    context: { ip: 192.0.2.1 }\n",
        )
        .unwrap_err();
        let all = errors.join("\n");
        assert!(
            all.contains("test.yaml:7:5: message 716999 is not in the catalog"),
            "{all}"
        );
        assert!(all.contains("test.yaml:8:5: 716001 (webvpn_session_started) has no field 'usr': it has group, user, ip"), "{all}");
        assert!(all.contains("test.yaml:10:5: 718084 field 'public_ip': $peer is drawn as ip, which does not fit a ipv4 field"), "{all}");
        assert!(all.contains("test.yaml:12:5: 720024 field 'unit': 'Tertiary' does not fit; expected one of: Primary, Secondary"), "{all}");
        assert!(all.contains("test.yaml:14:5: 716001 (webvpn_session_started) does not take the IKE session context"), "{all}");
    }

    #[test]
    fn instances_share_values_and_respect_delays() {
        let compiled = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\n  ip: { draw: ipv4 }\nsteps:\n  - id: 716001\n    fields: { user: $user, ip: $ip }\n  - id: 716058\n    delay: 10s\n    repeat: 3\n    fields: { user: $user, ip: $ip }\n",
        )
        .unwrap();
        let mut runner = Runner::new(vec![compiled], true, 10);
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

    #[test]
    fn many_instances_interleave_when_time_is_short() {
        let compiled = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\nsteps:\n  - id: 716001\n    fields: { user: $user }\n  - id: 716002\n    delay: 1s\n    fields: { user: $user }\n",
        )
        .unwrap();
        let mut runner = Runner::new(vec![compiled], false, 1000);
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
