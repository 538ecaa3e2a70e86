//! Scenarios: causally consistent sequences of catalog messages that share values, written as
//! YAML next to the catalog (`catalog/scenarios/*.yaml`) and read with
//! [`load_scenario`](crate::load_scenario).
//!
//! A scenario declares variables drawn once per run of it (a user, a group, a peer address...),
//! and a list of steps. A step emits one message (`id`) with some fields fixed, by value or by
//! reference to a variable (`$user`), groups nested `steps`, or picks one of its `branches`
//! (alternatives weighted by their `weight`, 1 by default); any step may repeat, wait (in log
//! time) before each occurrence, and happen only by `chance`:
//!
//! ```yaml
//! name: webvpn-session
//! description: A WebVPN session from login to logout.
//! variables:
//!   user: { draw: user }
//!   ip: { draw: ip }
//!   reason: { one_of: [User Requested, Idle Timeout] }
//! steps:
//!   - id: 716001
//!     fields: { user: $user, ip: $ip }
//!   - id: 716003
//!     repeat: 1-4
//!     delay: 2s-30s
//!     fields: { user: $user, ip: $ip }
//!   - id: 716058
//!     chance: 30%
//!     fields: { user: $user, ip: $ip }
//!   - branches:
//!       - id: 716002
//!         weight: 3
//!         delay: 5m
//!         fields: { user: $user, ip: $ip, reason: $reason }
//!       - id: 716002
//!         delay: 30m
//!         fields: { user: $user, ip: $ip, reason: Max time exceeded }
//! ```
//!
//! Loading checks the shape (unknown keys are errors) and the references between the parts of
//! a scenario. Whether ids and field names exist in a catalog, and whether values fit the fields'
//! types, is checked by the code that runs scenarios against its compiled catalog.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::error::{CatalogError, ErrorKind};
use crate::model::Location;

/// The scenario files bundled with the catalog, as `(display name, text)`.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "catalog/scenarios/webvpn-session.yaml",
        include_str!("../scenarios/webvpn-session.yaml"),
    ),
    (
        "catalog/scenarios/ike-tunnel.yaml",
        include_str!("../scenarios/ike-tunnel.yaml"),
    ),
    (
        "catalog/scenarios/lb-cluster.yaml",
        include_str!("../scenarios/lb-cluster.yaml"),
    ),
    (
        "catalog/scenarios/vpn-failover-sync.yaml",
        include_str!("../scenarios/vpn-failover-sync.yaml"),
    ),
    (
        "catalog/scenarios/anyconnect-session.yaml",
        include_str!("../scenarios/anyconnect-session.yaml"),
    ),
    (
        "catalog/scenarios/certificate-enrollment.yaml",
        include_str!("../scenarios/certificate-enrollment.yaml"),
    ),
    (
        "catalog/scenarios/email-proxy-session.yaml",
        include_str!("../scenarios/email-proxy-session.yaml"),
    ),
];

/// The name that selects every scenario at once, which no scenario may take.
pub const ALL: &str = "all";

/// The kinds of value a variable can be drawn as (`draw: user`).
pub const DRAW_KINDS: &[&str] = &[
    "user",
    "group",
    "trustpoint",
    "interface",
    "host",
    "url",
    "subject",
    "serial",
    "word",
    "ip",
    "ipv4",
    "ipv6",
    "mac",
    "port",
    "number",
    "hex",
];

/// A scenario file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The name it is selected by (`webvpn-session`): lowercase letters, digits and dashes.
    pub name: String,
    /// One sentence saying what it shows.
    pub description: String,
    /// The variables drawn once per run of the scenario, by name.
    #[serde(default)]
    pub variables: BTreeMap<String, VariableDef>,
    /// The IKE session context written before every message that takes one (steps may
    /// override it; `context: {}` writes none).
    #[serde(default)]
    pub context: Option<ContextDef>,
    /// What happens, in order.
    pub steps: Vec<Step>,
    /// Where the scenario comes from (the display name given to the loader).
    #[serde(skip)]
    pub file: String,
}

/// How a variable gets its value: drawn as a kind of value, or picked from a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    /// A kind of value from [`DRAW_KINDS`].
    #[serde(default)]
    pub draw: Option<String>,
    /// Values to pick from, uniformly.
    #[serde(default)]
    pub one_of: Vec<Scalar>,
    /// Where the variable is declared.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// The parts of the IKE session context (`Group = g, Username = u, IP = a, `); each is
/// optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextDef {
    /// The tunnel group.
    #[serde(default)]
    pub group: Option<Scalar>,
    /// The user name.
    #[serde(default)]
    pub username: Option<Scalar>,
    /// The peer address.
    #[serde(default)]
    pub ip: Option<Scalar>,
}

impl ContextDef {
    /// The parts that are set, as `(part name, value)`.
    pub fn parts(&self) -> impl Iterator<Item = (&'static str, &Scalar)> {
        [
            ("group", &self.group),
            ("username", &self.username),
            ("ip", &self.ip),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name, v)))
    }
}

/// One step: a message (`id`) or a group of steps (`steps`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The message to emit.
    #[serde(default)]
    pub id: Option<u32>,
    /// Nested steps, run in order (instead of `id`).
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Alternatives, one of which runs at each occurrence, picked in proportion to their
    /// `weight` (instead of `id` or `steps`).
    #[serde(default)]
    pub branches: Vec<Step>,
    /// How often this alternative of `branches` is picked, relative to the others (default 1).
    #[serde(default)]
    pub weight: Option<Weight>,
    /// The probability that the step happens at all (`30%` or `0.3`; default: always), drawn
    /// once each time the step is reached, before its repetitions.
    #[serde(default)]
    pub chance: Option<Chance>,
    /// Field values by field name: a literal, `$variable` (`$$` writes a literal `$`), or
    /// text that inserts variables (`serial number: ${serial}`; free-text fields only).
    /// Fields not given are drawn at random for each message.
    #[serde(default)]
    pub fields: BTreeMap<String, Scalar>,
    /// The IKE session context for this message, instead of the scenario's.
    #[serde(default)]
    pub context: Option<ContextDef>,
    /// How many times the step happens (`3`, or a range `1-4` drawn each time).
    #[serde(default)]
    pub repeat: Option<Repeat>,
    /// How long (log time) to wait before each occurrence (`5s`, or a range `2s-30s`).
    #[serde(default)]
    pub delay: Option<Delay>,
    /// Variables drawn anew before each occurrence (a fresh sequence number per exchange).
    #[serde(default)]
    pub redraw: Vec<String>,
    /// Where the step starts in its file.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// A YAML scalar read as text, whatever its YAML type (`443`, `true` and `Primary` alike).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scalar(pub String);

/// What a field value or context part refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueRef<'a> {
    /// The current value of a variable.
    Variable(&'a str),
    /// Text as written (with `$$` turned into `$`).
    Literal(&'a str),
    /// Text with variables inserted (`serial number: ${serial}`), in order.
    Template(Vec<Piece<'a>>),
}

/// A piece of a [`ValueRef::Template`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written.
    Text(&'a str),
    /// The current value of a variable (`${name}`).
    Variable(&'a str),
    /// A `${` without its `}`: the text from the `${` on.
    Unclosed(&'a str),
}

impl Scalar {
    /// Whether this is a variable reference, a literal, or text that inserts variables.
    pub fn reference(&self) -> ValueRef<'_> {
        match self.0.strip_prefix('$') {
            Some(rest) if rest.starts_with('$') => ValueRef::Literal(rest),
            Some(name) if !name.starts_with('{') => ValueRef::Variable(name),
            _ if self.0.contains("${") => ValueRef::Template(pieces(&self.0)),
            _ => ValueRef::Literal(&self.0),
        }
    }
}

/// Splits text at its `${name}` references.
fn pieces(mut text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    while let Some(open) = text.find("${") {
        if open > 0 {
            out.push(Piece::Text(&text[..open]));
        }
        let after = &text[open + 2..];
        match after.find('}') {
            Some(close) => {
                out.push(Piece::Variable(&after[..close]));
                text = &after[close + 1..];
            }
            None => {
                out.push(Piece::Unclosed(&text[open..]));
                return out;
            }
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A repetition count: fixed (`min == max`) or drawn uniformly from `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    /// The fewest occurrences (0 makes the step optional).
    pub min: u32,
    /// The most occurrences.
    pub max: u32,
}

impl<'de> Deserialize<'de> for Repeat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Scalar::deserialize(deserializer)?.0;
        let (min, max) = split_range(&text);
        let count = |part: &str| part.trim().parse::<u32>().ok();
        match (count(min), count(max)) {
            (Some(min), Some(max)) if min <= max && max > 0 => Ok(Repeat { min, max }),
            _ => Err(de::Error::custom(format!(
                "invalid repeat '{text}': expected a count like 3 or a range like 1-4 (at least one occurrence possible)"
            ))),
        }
    }
}

/// The relative weight of an alternative of `branches`: at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weight(pub u32);

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Scalar::deserialize(deserializer)?.0;
        match text.trim().parse::<u32>() {
            Ok(weight) if weight >= 1 => Ok(Weight(weight)),
            _ => Err(de::Error::custom(format!(
                "invalid weight '{text}': expected a whole number of 1 or more"
            ))),
        }
    }
}

/// A probability, in millionths: more than 0, at most 1 000 000 (always).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chance {
    /// The probability times 1 000 000.
    pub per_million: u32,
}

impl Chance {
    /// The denominator of [`Chance::per_million`].
    pub const MILLION: u32 = 1_000_000;

    /// Parses `30%`, `2.5%` or `0.3`; `None` unless the probability is in (0, 1].
    pub fn parse(text: &str) -> Option<Chance> {
        let text = text.trim();
        let fraction = match text.strip_suffix('%') {
            Some(percent) => percent.trim().parse::<f64>().ok()? / 100.0,
            None => text.parse::<f64>().ok()?,
        };
        let per_million = (fraction * f64::from(Chance::MILLION)).round();
        (fraction > 0.0 && per_million >= 1.0 && per_million <= f64::from(Chance::MILLION))
            .then_some(Chance {
                per_million: per_million as u32,
            })
    }
}

impl<'de> Deserialize<'de> for Chance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Scalar::deserialize(deserializer)?.0;
        Chance::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "invalid chance '{text}': expected a probability above 0 and at most 1, like 30% or 0.3"
            ))
        })
    }
}

/// A wait: fixed (`min == max`) or drawn uniformly from `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    /// The shortest wait.
    pub min: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl<'de> Deserialize<'de> for Delay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Scalar::deserialize(deserializer)?.0;
        let (min, max) = split_range(&text);
        match (parse_duration(min), parse_duration(max)) {
            (Some(min), Some(max)) if min <= max => Ok(Delay { min, max }),
            _ => Err(de::Error::custom(format!(
                "invalid delay '{text}': expected a duration like 250ms, 5s, 2m or 1h, or a range like 2s-30s"
            ))),
        }
    }
}

/// `a-b` into `(a, b)`; a single value into `(a, a)`.
fn split_range(text: &str) -> (&str, &str) {
    match text.split_once('-') {
        Some((min, max)) => (min, max),
        None => (text, text),
    }
}

/// Parses a duration: a number (decimals allowed) followed by `ms`, `s`, `m` or `h`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        _ => return None,
    };
    (0.0..1e9)
        .contains(&seconds)
        .then(|| Duration::from_secs_f64(seconds))
}

impl Scenario {
    /// Every step, depth first, in file order (a step's `steps` or `branches` after it).
    pub fn all_steps(&self) -> Vec<&Step> {
        fn walk<'s>(steps: &'s [Step], out: &mut Vec<&'s Step>) {
            for step in steps {
                out.push(step);
                walk(&step.steps, out);
                walk(&step.branches, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.steps, &mut out);
        out
    }

    /// The structural mistakes of a scenario: its name, variables, steps and the references
    /// between them. `file_location` is where to point when nothing more precise is known.
    pub(crate) fn check(&self, file_location: &Location) -> Vec<CatalogError> {
        let mut check = ScenarioCheck {
            scenario: self,
            file_location,
            errors: Vec::new(),
        };
        check.name_is_valid();
        for (name, def) in &self.variables {
            check.variable(name, def);
        }
        if let Some(context) = &self.context {
            check.context_refs(context, None);
        }
        check.has_a_step();
        check.weights_only_on_branches(&self.steps, false);
        for step in self.all_steps() {
            check.step_shape(step);
            check.redraws_are_declared(step);
            for (field, value) in &step.fields {
                check.reference(value, &format!("field '{field}'"), Some(step));
            }
            if let Some(context) = &step.context {
                check.context_refs(context, Some(step));
            }
        }
        check.errors
    }

    fn variable_list(&self) -> String {
        if self.variables.is_empty() {
            "none".to_owned()
        } else {
            self.variables
                .keys()
                .map(|k| format!("${k}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// The checks of one scenario: each rule is a method.
struct ScenarioCheck<'s> {
    scenario: &'s Scenario,
    /// Where to point when nothing more precise is known.
    file_location: &'s Location,
    errors: Vec<CatalogError>,
}

impl ScenarioCheck<'_> {
    fn push(
        &mut self,
        location: Option<&Location>,
        id: Option<u32>,
        kind: ErrorKind,
        message: String,
    ) {
        let location = location.unwrap_or(self.file_location).clone();
        self.errors.push(CatalogError {
            location,
            id,
            kind,
            message,
        });
    }

    fn declared(&self, name: &str) -> bool {
        self.scenario.variables.contains_key(name)
    }

    fn name_is_valid(&mut self) {
        let name = &self.scenario.name;
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            let text =
                format!("scenario name '{name}' must be lowercase letters, digits and dashes");
            self.push(None, None, ErrorKind::BadName, text);
        } else if name == ALL {
            let text = format!("scenario name '{ALL}' is reserved: it selects every scenario");
            self.push(None, None, ErrorKind::BadName, text);
        }
    }

    /// A variable has a snake_case name and exactly one of a known draw kind or literal values.
    fn variable(&mut self, name: &str, def: &VariableDef) {
        let location = def.location.as_ref();
        if !crate::model::is_snake_case(name) {
            let text = format!("variable name '{name}' is not snake_case");
            self.push(location, None, ErrorKind::BadName, text);
        }
        match (&def.draw, def.one_of.is_empty()) {
            (Some(kind), true) => {
                if !DRAW_KINDS.contains(&kind.as_str()) {
                    let text = format!(
                        "variable '{name}': unknown draw kind '{kind}' (known: {})",
                        DRAW_KINDS.join(", ")
                    );
                    self.push(location, None, ErrorKind::UnknownType, text);
                }
            }
            (None, false) => {
                if let Some(bad) = def.one_of.iter().find(|v| v.0.starts_with('$')) {
                    let text = format!(
                        "variable '{name}': one_of values are literals, not references ('{}')",
                        bad.0
                    );
                    self.push(location, None, ErrorKind::Yaml, text);
                }
            }
            _ => {
                let text = format!("variable '{name}' needs exactly one of 'draw' (a kind) or 'one_of' (a non-empty list)");
                self.push(location, None, ErrorKind::Yaml, text);
            }
        }
    }

    /// A `$name` value, and every `${name}` in text, refers to a declared variable.
    fn reference(&mut self, value: &Scalar, what: &str, step: Option<&Step>) {
        let location = step.and_then(|s| s.location.as_ref());
        let id = step.and_then(|s| s.id);
        let mut names = Vec::new();
        match value.reference() {
            ValueRef::Variable(name) => names.push(name),
            ValueRef::Literal(_) => {}
            ValueRef::Template(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Variable(name) => names.push(name),
                        Piece::Text(_) => {}
                        Piece::Unclosed(rest) => {
                            let text = format!(
                                "{what}: '{rest}' opens a '${{' reference without its closing '}}'"
                            );
                            self.push(location, id, ErrorKind::Yaml, text);
                        }
                    }
                }
            }
        }
        for name in names {
            if !self.declared(name) {
                let text = format!(
                    "{what} refers to ${name}, which is not declared under 'variables' (declared: {})",
                    self.scenario.variable_list()
                );
                self.push(location, id, ErrorKind::UndeclaredPlaceholder, text);
            }
        }
    }

    fn context_refs(&mut self, context: &ContextDef, step: Option<&Step>) {
        for (part, value) in context.parts() {
            self.reference(value, &format!("context {part}"), step);
        }
    }

    fn has_a_step(&mut self) {
        if self.scenario.steps.is_empty() {
            let text = "a scenario needs at least one step".to_owned();
            self.push(None, None, ErrorKind::Yaml, text);
        }
    }

    /// A step is a message (`id`), a group (`steps`) or a choice (`branches`, of at least two
    /// alternatives), and only a message carries message keys.
    fn step_shape(&mut self, step: &Step) {
        let kinds = [
            step.id.is_some(),
            !step.steps.is_empty(),
            !step.branches.is_empty(),
        ];
        let problem = match kinds {
            [true, false, false] => None,
            [false, true, false] => (!step.fields.is_empty() || step.context.is_some()).then_some(
                "a group of steps takes no 'fields' or 'context' (put them on its steps)",
            ),
            [false, false, true] if step.branches.len() < 2 => Some(
                "'branches' needs at least two alternatives (for an optional step, use 'chance')",
            ),
            [false, false, true] => (!step.fields.is_empty() || step.context.is_some()).then_some(
                "a choice of branches takes no 'fields' or 'context' (put them on its alternatives)",
            ),
            _ => Some(
                "a step needs exactly one of 'id' (a message), 'steps' (a non-empty group) or 'branches' (alternatives)",
            ),
        };
        if let Some(problem) = problem {
            self.push(
                step.location.as_ref(),
                step.id,
                ErrorKind::Yaml,
                problem.to_owned(),
            );
        }
    }

    /// `weight` is read only on the alternatives of `branches`: anywhere else it would be
    /// silently ignored.
    fn weights_only_on_branches(&mut self, steps: &[Step], alternatives: bool) {
        for step in steps {
            if step.weight.is_some() && !alternatives {
                let text =
                    "'weight' applies only to the alternatives listed under 'branches'".to_owned();
                self.push(step.location.as_ref(), step.id, ErrorKind::Yaml, text);
            }
            self.weights_only_on_branches(&step.steps, false);
            self.weights_only_on_branches(&step.branches, true);
        }
    }

    fn redraws_are_declared(&mut self, step: &Step) {
        for name in &step.redraw {
            if !self.declared(name) {
                let text = format!(
                    "redraw names '{name}', which is not declared under 'variables' (declared: {})",
                    self.scenario.variable_list()
                );
                self.push(
                    step.location.as_ref(),
                    step.id,
                    ErrorKind::UndeclaredPlaceholder,
                    text,
                );
            }
        }
    }
}

/// Sets the locations of the steps and variables of a scenario parsed from `text`, by reading
/// its lines (serde does not keep positions). Steps are found as the items of `steps:` and
/// `branches:` blocks, depth first, which is the order [`Scenario::all_steps`] walks them in;
/// files written in block style, one key per line, are located exactly, others approximately.
pub(crate) fn locate(scenario: &mut Scenario, display: &str, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: usize| {
        let content = lines.get(line).copied().unwrap_or("");
        Location {
            file: display.to_owned(),
            line: line + 1,
            column: content
                .chars()
                .take_while(|c| *c == ' ' || *c == '-')
                .count()
                + 1,
        }
    };
    let starts = step_lines(&lines);
    fn assign(
        steps: &mut [Step],
        starts: &[usize],
        next: &mut usize,
        at: &dyn Fn(usize) -> Location,
    ) {
        for step in steps {
            if let Some(&line) = starts.get(*next) {
                step.location = Some(at(line));
            }
            *next += 1;
            assign(&mut step.steps, starts, next, at);
            assign(&mut step.branches, starts, next, at);
        }
    }
    let mut next = 0;
    assign(&mut scenario.steps, &starts, &mut next, &at);
    if let Some(head) = lines.iter().position(|l| l.trim_end() == "variables:") {
        for (name, def) in scenario.variables.iter_mut() {
            let key = format!("{name}:");
            let found = lines[head + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('#'))
                .position(|l| l.trim_start().starts_with(&key));
            def.location = Some(at(found.map_or(head, |i| head + 1 + i)));
        }
    }
}

/// The 0-based line of every step, depth first: the `- ` items of each `steps:` or `branches:`
/// block.
fn step_lines(lines: &[&str]) -> Vec<usize> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    // Open `steps:` blocks: (indent of the key, indent of its items once seen).
    let mut blocks: Vec<(usize, Option<usize>)> = Vec::new();
    let mut starts = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let ind = indent(line);
        let is_item = trimmed.starts_with("- ") || trimmed == "-";
        while let Some(&(key_indent, item_indent)) = blocks.last() {
            let inside = match item_indent {
                Some(item) => ind > item || (ind == item && is_item),
                None => ind > key_indent || (ind == key_indent && is_item),
            };
            if inside {
                break;
            }
            blocks.pop();
        }
        if let Some(block) = blocks.last_mut() {
            if is_item && block.1.is_none_or(|item| item == ind) {
                block.1 = Some(ind);
                starts.push(index);
            }
        }
        let key = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        if matches!(key.trim_end(), "steps:" | "branches:") {
            // The key's own indent: after a `- `, the key sits two columns further in.
            let key_indent = ind + (trimmed.len() - key.len());
            blocks.push((key_indent, None));
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_ranges() {
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("5"), None);
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(split_range("2s-30s"), ("2s", "30s"));
    }

    #[test]
    fn references() {
        assert_eq!(
            Scalar("$user".into()).reference(),
            ValueRef::Variable("user")
        );
        assert_eq!(Scalar("$$5".into()).reference(), ValueRef::Literal("$5"));
        assert_eq!(
            Scalar("Primary".into()).reference(),
            ValueRef::Literal("Primary")
        );
        assert_eq!(
            Scalar("serial ${serial}, subject ${subject}.".into()).reference(),
            ValueRef::Template(vec![
                Piece::Text("serial "),
                Piece::Variable("serial"),
                Piece::Text(", subject "),
                Piece::Variable("subject"),
                Piece::Text("."),
            ])
        );
        assert_eq!(
            Scalar("${a}${b".into()).reference(),
            ValueRef::Template(vec![Piece::Variable("a"), Piece::Unclosed("${b")])
        );
        let errors = crate::load_scenario(
            "s.yaml",
            "name: x\ndescription: d\nvariables:\n  a: { draw: user }\nsteps:\n  - id: 1\n    fields: { f: 'x ${a} ${b} ${a' }\n",
        )
        .unwrap_err()
        .0;
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("s.yaml:6:5: field 'f' refers to $b")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.contains("'${a' opens a '${' reference without")),
            "{text:?}"
        );
        assert_eq!(text.len(), 2, "{text:?}");
    }

    #[test]
    fn step_lines_follow_nesting() {
        let text = "name: x\nsteps:\n  - id: 1\n    fields: { a: b }\n  - repeat: 2\n    steps:\n      - id: 2\n      - id: 3\n  - id: 4\n";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(step_lines(&lines), vec![2, 4, 6, 7, 8]);
        let flush = "steps:\n- id: 1\n- steps:\n  - id: 2\n- id: 3\n";
        let lines: Vec<&str> = flush.lines().collect();
        assert_eq!(step_lines(&lines), vec![1, 2, 3, 4]);
    }

    #[test]
    fn chances_and_weights() {
        let parse = |t: &str| Chance::parse(t).map(|c| c.per_million);
        assert_eq!(parse("30%"), Some(300_000));
        assert_eq!(parse("0.25"), Some(250_000));
        assert_eq!(parse("100%"), Some(1_000_000));
        assert_eq!(parse("1"), Some(1_000_000));
        assert_eq!(parse("0"), None);
        assert_eq!(parse("0%"), None);
        assert_eq!(parse("150%"), None);
        assert_eq!(parse("-0.5"), None);
        assert_eq!(parse("often"), None);
        let text = "name: x\ndescription: d\nsteps:\n  - id: 1\n    chance: 2\n";
        let errors = crate::load_scenario("s.yaml", text).unwrap_err().0;
        assert!(
            errors[0].message.contains("invalid chance '2'"),
            "{}",
            errors[0]
        );
        let text = "name: x\ndescription: d\nsteps:\n  - branches:\n      - id: 1\n        weight: 0\n      - id: 2\n";
        let errors = crate::load_scenario("s.yaml", text).unwrap_err().0;
        assert!(
            errors[0].message.contains("invalid weight '0'"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn branches_are_located_and_checked() {
        let text = "name: x\ndescription: d\nsteps:\n  - id: 1\n    weight: 2\n  - branches:\n      - id: 2\n        weight: 3\n      - steps:\n          - id: 3\n          - id: 4\n            weight: 1\n  - branches:\n      - id: 5\n  - branches:\n      - id: 6\n      - id: 7\n    fields: { a: b }\n";
        let errors = crate::load_scenario("s.yaml", text).unwrap_err().0;
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expected = [
            "s.yaml:4:5: 'weight' applies only to the alternatives",
            "s.yaml:11:13: 'weight' applies only to the alternatives",
            "s.yaml:13:5: 'branches' needs at least two alternatives",
            "s.yaml:15:5: a choice of branches takes no 'fields'",
        ];
        for prefix in expected {
            assert!(
                text.iter().any(|e| e.starts_with(prefix)),
                "{prefix}: {text:?}"
            );
        }
        assert_eq!(text.len(), expected.len(), "{text:?}");
        let good = "name: x\ndescription: d\nsteps:\n  - branches:\n      - id: 2\n        weight: 3\n      - id: 3\n    chance: 50%\n  - id: 4\n";
        let scenario = crate::load_scenario("s.yaml", good).unwrap();
        let lines: Vec<usize> = scenario
            .all_steps()
            .iter()
            .map(|s| s.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![4, 5, 7, 9]);
        assert_eq!(scenario.steps[0].branches[0].weight, Some(Weight(3)));
        assert_eq!(
            scenario.steps[0].chance,
            Some(Chance {
                per_million: 500_000
            })
        );
    }

    #[test]
    fn bundled_scenarios_load() {
        for (display, text) in BUNDLED {
            let scenario = crate::load_scenario(display, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                scenario.all_steps().iter().all(|s| s.location.is_some()),
                "{display}"
            );
        }
    }

    #[test]
    fn mistakes_are_located() {
        let text = "name: demo\ndescription: d\nvariables:\n  user: { draw: user }\n  bad: { draw: nonsense }\nsteps:\n  - id: 716001\n    fields: { user: $usr }\n  - steps: []\n";
        let errors = crate::load_scenario("s.yaml", text).unwrap_err().0;
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("s.yaml:5:3: variable 'bad': unknown draw kind")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("s.yaml:7:5: field 'user' refers to $usr")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("s.yaml:9:5: a step needs exactly one")),
            "{text:?}"
        );
        let errors = crate::load_scenario(
            "s.yaml",
            "name: x\ndescription: d\nsteps:\n  - id: 1\n    delay: 5 parsecs\n",
        )
        .unwrap_err()
        .0;
        // serde_yaml reports a bad value at the mapping that holds it: the step.
        assert!(
            errors[0].to_string().starts_with("s.yaml:4:"),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].message.contains("invalid delay '5 parsecs'"),
            "{}",
            errors[0]
        );
        let errors =
            crate::load_scenario("s.yaml", "name: all\ndescription: d\nsteps:\n  - id: 1\n")
                .unwrap_err()
                .0;
        assert!(
            errors[0].message.contains("'all' is reserved"),
            "{}",
            errors[0]
        );
        let errors = crate::load_scenario(
            "s.yaml",
            "name: x\ndescription: d\nsteps:\n  - id: 1\n    colour: red\n",
        )
        .unwrap_err()
        .0;
        assert!(
            errors[0].message.contains("unknown field `colour`"),
            "{}",
            errors[0]
        );
    }
}
