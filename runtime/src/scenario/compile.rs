//! Compiling a scenario: checking a loaded [`Scenario`] against the bundled catalog (ids, field
//! names, values and their types, IKE contexts) and flattening its steps into instructions that
//! [`Runner`](super::Runner) walks. Every mistake is reported with its place in the file.

use ftd_catalog::scenario::{
    ContextDef, Delay, Piece, Repeat, Scalar, Scenario, Step, ValueRef, DRAW_KINDS,
};
use ftd_catalog::Location;

use super::values::{self, Fixed};
use super::CompileErrors;
use crate::draw::RandomValues;
use crate::{FieldKind, FieldSpec};

/// The spec IKE context names are checked against: no commas, since parts end at ", ".
pub(super) const CONTEXT_NAME: FieldSpec = crate::draw::synthetic_spec("context", FieldKind::Word);
/// The spec IKE context addresses are checked against.
pub(super) const CONTEXT_IP: FieldSpec = crate::draw::synthetic_spec("ip", FieldKind::Ip);

/// Where a value comes from at run time.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// A literal, already typed.
    Literal(Fixed),
    /// A variable of the instance (its index).
    Variable(usize),
    /// Text with variables inserted, for free-text fields.
    Template(Vec<Part>),
}

/// A piece of a [`Source::Template`].
#[derive(Debug, Clone)]
pub(super) enum Part {
    Text(String),
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
pub(super) struct Emit {
    pub(super) id: u32,
    pub(super) fields: Vec<(&'static str, Source)>,
    /// Group, username and IP of the IKE context; `None` when the line has none.
    pub(super) context: Option<[Option<Source>; 3]>,
}

/// A scenario flattened into instructions; every step is wrapped in `Begin`/`End` so that
/// repetition, delay, chance and redrawing work the same for messages, groups and choices.
/// A choice is a `Choose` followed by its alternatives, each ending in a `Jump` to the choice's
/// `End`.
#[derive(Debug, Clone)]
pub(super) enum Op {
    Begin {
        repeat: Repeat,
        /// The probability, in millionths, that the step happens at all.
        chance: Option<u32>,
        delay: Option<Delay>,
        redraw: Vec<usize>,
        end: usize,
    },
    Emit(Emit),
    /// Picks one alternative: `(weight, index of its Begin)`.
    Choose {
        arms: Vec<(u32, usize)>,
    },
    /// Goes on at `to` (the end of an alternative, to its choice's `End`).
    Jump {
        to: usize,
    },
    End {
        begin: usize,
    },
}

/// A scenario checked against the bundled catalog, ready to run (see [`Runner`](super::Runner)
/// and [`Compiled::play`]).
#[derive(Debug, Clone)]
pub struct Compiled {
    name: String,
    description: String,
    variables: Vec<Variable>,
    pub(super) ops: Vec<Op>,
}

impl Compiled {
    /// The name it is selected by (`webvpn-session`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One sentence saying what it shows.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// How many variables an instance draws.
    pub(super) fn variable_count(&self) -> usize {
        self.variables.len()
    }
}

/// Checks a scenario against the bundled catalog: ids, field names, values and their types,
/// IKE contexts. Every mistake is reported as `file:line:column: message`.
pub fn compile(scenario: &Scenario) -> Result<Compiled, CompileErrors> {
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
        Ok(Compiled {
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            variables,
            ops,
        })
    } else {
        Err(CompileErrors(errors))
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
            chance: step.chance.map(|c| c.per_million),
            delay: step.delay,
            redraw,
            end: 0,
        });
        let mut jumps = Vec::new();
        if let Some(id) = step.id {
            if let Some(emit) = self.emit(step, id) {
                self.ops.push(Op::Emit(emit));
            }
        } else if !step.branches.is_empty() {
            jumps = self.choice(&step.branches);
        } else {
            for inner in &step.steps {
                self.step(inner);
            }
        }
        let end = self.ops.len();
        self.ops.push(Op::End { begin });
        if let Op::Begin { end: slot, .. } = &mut self.ops[begin] {
            *slot = end;
        }
        for jump in jumps {
            self.ops[jump] = Op::Jump { to: end };
        }
    }

    /// Compiles the alternatives of a choice; returns the places of their closing `Jump`s,
    /// which the caller points at its `End`.
    fn choice(&mut self, branches: &[Step]) -> Vec<usize> {
        let choose = self.ops.len();
        self.ops.push(Op::Choose { arms: Vec::new() });
        let mut arms = Vec::new();
        let mut jumps = Vec::new();
        for arm in branches {
            arms.push((arm.weight.map_or(1, |w| w.0), self.ops.len()));
            self.step(arm);
            jumps.push(self.ops.len());
            self.ops.push(Op::Jump { to: 0 });
        }
        self.ops[choose] = Op::Choose { arms };
        jumps
    }

    fn emit(&mut self, step: &Step, id: u32) -> Option<Emit> {
        let location = step.location.as_ref();
        let Some(info) = crate::info(id) else {
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
            ValueRef::Template(pieces) => self.template(&pieces, spec, location, what),
        }
    }

    /// Checks text that inserts variables: only free-text fields take it, and its own text
    /// must fit the field (with a plain word standing for each variable).
    fn template(
        &mut self,
        pieces: &[Piece<'_>],
        spec: &'static FieldSpec,
        location: Option<&Location>,
        what: &str,
    ) -> Option<Source> {
        if spec.kind != FieldKind::Text {
            let text = format!(
                "{what}: text with ${{...}} references fits only free-text fields, not a {} field",
                spec.type_name
            );
            self.error(location, text);
            return None;
        }
        let mut parts = Vec::new();
        let mut sample = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => {
                    sample.push_str(text);
                    parts.push(Part::Text((*text).to_owned()));
                }
                // The loader reported undeclared and unclosed references already.
                Piece::Variable(name) => {
                    sample.push('v');
                    let index = self.variable_index(name)?;
                    // A value the field cannot take alone would spoil the text it goes in.
                    self.variables[index].uses.push(spec);
                    parts.push(Part::Variable(index));
                }
                Piece::Unclosed(_) => return None,
            }
        }
        if let Err(expected) = values::typed(spec, &sample) {
            let text = format!("{what}: the text does not fit; expected {expected}");
            self.error(location, text);
            return None;
        }
        Some(Source::Template(parts))
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
    pub(super) fn draw(&self, index: usize, random: &mut RandomValues) -> String {
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

    pub(super) fn resolve(
        &self,
        source: &Source,
        spec: &FieldSpec,
        values: &[String],
    ) -> Option<Fixed> {
        match source {
            Source::Literal(fixed) => Some(fixed.clone()),
            Source::Variable(index) => values::typed(spec, &values[*index]).ok(),
            Source::Template(parts) => {
                let text: String = parts
                    .iter()
                    .map(|part| match part {
                        Part::Text(text) => text.as_str(),
                        Part::Variable(index) => values[*index].as_str(),
                    })
                    .collect();
                values::typed(spec, &text).ok()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Compiled, CompileErrors> {
        let scenario = ftd_catalog::load_scenario("test.yaml", text)
            .map_err(|e| CompileErrors(vec![e.to_string()]))?;
        compile(&scenario)
    }

    #[test]
    fn every_bundled_scenario_fits_the_catalog() {
        for (display, text) in ftd_catalog::scenario::BUNDLED {
            let scenario =
                ftd_catalog::load_scenario(display, text).unwrap_or_else(|e| panic!("{e}"));
            if let Err(errors) = compile(&scenario) {
                panic!("{errors}");
            }
        }
    }

    #[test]
    fn choices_compile_to_alternatives_that_rejoin() {
        let compiled = load(
            "name: t\ndescription: d\nsteps:\n  - branches:\n      - id: 716001\n        weight: 3\n      - steps:\n          - id: 716038\n          - id: 716001\n  - id: 716002\n",
        )
        .unwrap();
        let shape: Vec<String> = compiled
            .ops
            .iter()
            .map(|op| match op {
                Op::Begin { end, .. } => format!("B{end}"),
                Op::Emit(emit) => format!("E{}", emit.id % 1000),
                Op::Choose { arms } => format!("C{arms:?}"),
                Op::Jump { to } => format!("J{to}"),
                Op::End { begin } => format!("/{begin}"),
            })
            .collect();
        let expected =
            "B15 C[(3, 2), (1, 6)] B4 E1 /2 J15 B13 B9 E38 /7 B12 E1 /10 /6 J15 /0 B18 E2 /16";
        assert_eq!(shape.join(" "), expected);
    }

    #[test]
    fn catalog_mistakes_are_reported_with_their_place() {
        let errors = load(
            "name: t\ndescription: d\nvariables:\n  user: { draw: user }\n  peer: { draw: ip }\nsteps:\n  - id: 716999\n  - id: 716001\n    fields: { usr: $user }\n  - id: 718084\n    fields: { public_ip: $peer }\n  - id: 720024\n    fields: { unit: Tertiary }\n  - id: 716001\n    context: { ip: 192.0.2.1 }\n",
        )
        .unwrap_err();
        let all = errors.to_string();
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
    fn templates_fit_only_free_text_fields() {
        let errors = load(
            "name: t\ndescription: d\nvariables:\n  serial: { draw: serial }\nsteps:\n  - id: 717030\n    fields: { trustpoint: 'tp-${serial}' }\n  - id: 717022\n    fields: { certificate_identifiers: 'serial number: ${serial}' }\n",
        )
        .unwrap_err();
        let all = errors.to_string();
        assert!(all.contains("test.yaml:6:5: 717030 field 'trustpoint': text with ${...} references fits only free-text fields, not a word field"), "{all}");
        assert_eq!(errors.errors().len(), 1, "{all}");
    }
}
