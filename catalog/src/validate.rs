//! Validation of a loaded catalog: every rule a well-formed entry obeys.
//!
//! Rules: unique ids and names; snake_case names; severity 0-7; the guide text carries the
//! entry's severity and id; at least one template, each well-formed; every placeholder declared,
//! every declared variable used by every template (so any template can carry the whole value);
//! known types with the options they need; known value kinds that fit the type; non-empty
//! enumerations; and templates a parser can read unambiguously (see [`ambiguity`]); template
//! sources that fit the entry; `ecs:` names of the ECS list (or under
//! `cisco.ftd.`) whose type fits the variable's, one variable each, one class of value per name
//! across the catalog.

use std::collections::HashMap;

use crate::error::{CatalogError, ErrorKind};
use crate::loader::Loaded;
use crate::locate::{Lines, Locator};
use crate::model::{
    type_names, value_kind, value_kind_names, CatalogEntry, Location, MessageDef, Template,
    TemplateSource, VarKind, Variable,
};
use crate::template::{self, Segment};

pub(crate) fn catalog(loaded: &mut Loaded) {
    let mut errors = Vec::new();
    let locators: HashMap<&str, Locator<'_>> = loaded
        .catalog
        .files
        .iter()
        .map(|f| (f.display.as_str(), Locator::new(&f.display, &f.text)))
        .collect();
    let mut ids: HashMap<u32, &Location> = HashMap::new();
    let mut names: HashMap<&str, (u32, &Location)> = HashMap::new();
    let mut ecs_classes: EcsClasses<'_> = HashMap::new();
    for message in &loaded.catalog.messages {
        let Some(locator) = locators.get(message.location.file.as_str()) else {
            continue;
        };
        let id = message.def.id;
        if let Some(first) = ids.insert(id, &message.location) {
            errors.push(CatalogError {
                location: message.location.clone(),
                id: Some(id),
                kind: ErrorKind::DuplicateId,
                message: format!("duplicate id {id}, first defined at {first}"),
            });
        }
        if let Some((other, first)) = names.insert(&message.def.name, (id, &message.location)) {
            let range = locator.entry(message.entry);
            errors.push(CatalogError {
                location: key_or_entry(locator, range, "name"),
                id: Some(id),
                kind: ErrorKind::DuplicateName,
                message: format!(
                    "name '{}' of {id} is already used by {other} at {first}",
                    message.def.name
                ),
            });
        }
        entry(message, locator, &mut errors, &mut ecs_classes);
    }
    for file in &loaded.catalog.files {
        let mut previous = 0;
        let locator = &locators[file.display.as_str()];
        let mut in_file: Vec<&CatalogEntry> = loaded
            .catalog
            .messages
            .iter()
            .filter(|m| m.location.file == file.display)
            .collect();
        in_file.sort_by_key(|m| m.entry);
        for message in in_file {
            if message.def.id < previous {
                errors.push(CatalogError {
                    location: locator.at(locator.entry(message.entry).start),
                    id: Some(message.def.id),
                    kind: ErrorKind::Order,
                    message: format!(
                        "{} is listed after {previous}: keep entries in id order",
                        message.def.id
                    ),
                });
            }
            previous = message.def.id;
        }
    }
    loaded.errors.extend(errors);
}

fn key_or_entry(locator: &Locator<'_>, range: Lines, key: &str) -> Location {
    let start = range.start;
    locator.at(locator.key(range, key).unwrap_or(start))
}

/// Per `ecs:` name, the class of value it holds (see [`crate::ecs::value_class`]) and the
/// first variable that gave it one: `(class, id, variable)`.
type EcsClasses<'a> = HashMap<&'a str, (&'static str, u32, &'a str)>;

fn entry<'a>(
    message: &'a CatalogEntry,
    locator: &'a Locator<'a>,
    errors: &mut Vec<CatalogError>,
    ecs_classes: &mut EcsClasses<'a>,
) {
    let mut check = EntryCheck {
        ecs_classes,
        def: &message.def,
        id: message.def.id,
        locator,
        range: locator.entry(message.entry),
        errors,
        kinds: HashMap::new(),
        used: vec![false; message.def.variables.len()],
        unreadable: false,
        optional_patterns: Vec::new(),
    };
    check.id_is_six_digits();
    check.name_is_snake_case();
    check.severity_is_in_range();
    check.guide_carries_severity_and_id();
    for (index, var) in message.def.variables.iter().enumerate() {
        check.variable(index, var);
    }
    check.has_a_template();
    for (index, template) in message.def.templates.iter().enumerate() {
        check.template(index, template);
        check.source_agrees_with_entry(index, template);
        check.note_is_not_blank(index, template);
        check.text_is_not_repeated(index, template);
    }
    if !check.unreadable {
        check.optional_variables();
        check.every_variable_is_used();
    }
}

/// The checks of one entry: each rule is a method, reporting what it finds at the key or item
/// it is about.
struct EntryCheck<'a, 'e> {
    def: &'a MessageDef,
    id: u32,
    locator: &'a Locator<'a>,
    /// The entry's lines.
    range: Lines,
    errors: &'e mut Vec<CatalogError>,
    /// The resolved kinds of the variables declared so far (unknown types left out).
    kinds: HashMap<&'a str, VarKind>,
    /// Per variable, whether a template uses it.
    used: Vec<bool>,
    /// A template does not parse: the variables it uses are unknown, so usage is not checked.
    unreadable: bool,
    /// Per template read, which optional variables it carries.
    optional_patterns: Vec<Vec<bool>>,
    /// The `ecs:` names of the entries checked so far, catalog-wide.
    ecs_classes: &'e mut EcsClasses<'a>,
}

impl<'a> EntryCheck<'a, '_> {
    fn push(&mut self, location: Location, kind: ErrorKind, message: String) {
        self.errors.push(CatalogError {
            location,
            id: Some(self.id),
            kind,
            message,
        });
    }

    fn key(&self, key: &str) -> Location {
        key_or_entry(self.locator, self.range.clone(), key)
    }

    /// Where item `index` of the sequence under `key` starts (the key when it has no such item).
    fn item(&self, key: &str, index: usize) -> Location {
        match self.locator.item(self.range.clone(), key, index) {
            Some(lines) => self.locator.at(lines.start),
            None => self.key(key),
        }
    }

    /// Where `key` of variable `index` is (the variable, or `variables`, when it lacks it).
    fn variable_key(&self, index: usize, key: &str) -> Location {
        match self.locator.item(self.range.clone(), "variables", index) {
            Some(lines) => {
                let start = lines.start;
                self.locator
                    .at(self.locator.key(lines, key).unwrap_or(start))
            }
            None => self.key("variables"),
        }
    }

    fn id_is_six_digits(&mut self) {
        let id = self.id;
        if !(100_000..=999_999).contains(&id) {
            let at = self.locator.at(self.range.start);
            self.push(
                at,
                ErrorKind::GuideMismatch,
                format!("id {id} is not a six-digit message id"),
            );
        }
    }

    fn name_is_snake_case(&mut self) {
        if !is_snake_case(&self.def.name) {
            let text = format!(
                "name '{}' of {} is not snake_case (lowercase letters, digits, '_')",
                self.def.name, self.id
            );
            let at = self.key("name");
            self.push(at, ErrorKind::BadName, text);
        }
    }

    fn severity_is_in_range(&mut self) {
        if self.def.severity > 7 {
            let text = format!(
                "severity {} of {} is outside 0-7",
                self.def.severity, self.id
            );
            let at = self.key("severity");
            self.push(at, ErrorKind::Severity, text);
        }
    }

    fn guide_carries_severity_and_id(&mut self) {
        let (id, severity) = (self.id, self.def.severity);
        if crate::source::printed_severity(&self.def.guide, id) != Some(severity) {
            let at = self.key("guide");
            self.push(
                at,
                ErrorKind::GuideMismatch,
                format!(
                    "guide text of {id} does not carry '-{severity}-{id}' (severity and id disagree with it)"
                ),
            );
        }
    }

    /// The rules of one variable; its kind is recorded for the template checks.
    fn variable(&mut self, index: usize, var: &'a Variable) {
        self.variable_name(index, var);
        let Some(kind) = self.known_type(index, var) else {
            return;
        };
        match &kind {
            VarKind::Enum { values, .. } => self.enum_values(index, var, values),
            _ => self.enum_options_only_on_enums(index, var),
        }
        self.flag_word(index, var, &kind);
        self.value_kind_fits(index, var);
        self.ecs_name(index, var, &kind);
        self.kinds.insert(&var.name, kind);
    }

    /// A `kind` is one of the table's, and the variable's type can hold it.
    fn value_kind_fits(&mut self, index: usize, var: &Variable) {
        let Some(name) = &var.value_kind else {
            return;
        };
        let id = self.id;
        let text = match value_kind(name) {
            None => format!(
                "field '{}' of {id} has unknown kind '{name}' (known: {})",
                var.name,
                value_kind_names().collect::<Vec<_>>().join(", ")
            ),
            Some(def) if !def.fits(&var.ty) => format!(
                "field '{}' of {id} has kind '{name}', which a '{}' cannot hold (it fits: {})",
                var.name,
                var.ty,
                def.types.join(", ")
            ),
            Some(_) => return,
        };
        let at = self.variable_key(index, "kind");
        self.push(at, ErrorKind::ValueKind, text);
    }

    /// An `ecs:` name is an ECS field (or under `cisco.ftd.`) whose type takes the variable's
    /// values, no two variables of an entry share one (a document holds one value there), and
    /// it holds one class of value across the catalog (an index maps a name once).
    fn ecs_name(&mut self, index: usize, var: &'a Variable, kind: &VarKind) {
        let Some(name) = &var.ecs else { return };
        let id = self.id;
        if let Some(why) = crate::ecs::incompatibility(name, kind) {
            let at = self.variable_key(index, "ecs");
            let text = format!("field '{}' of {id} has ecs: {why}", var.name);
            self.push(at, ErrorKind::Ecs, text);
            return;
        }
        let class = crate::ecs::value_class(kind);
        let first =
            *self
                .ecs_classes
                .entry(name.as_str())
                .or_insert((class, id, var.name.as_str()));
        if first.0 != class {
            let at = self.variable_key(index, "ecs");
            let text = format!(
                "field '{}' of {id} puts {class} values at ecs: '{name}', where '{}' of {} puts {} values: one name holds one kind of value",
                var.name, first.2, first.1, first.0
            );
            self.push(at, ErrorKind::Ecs, text);
        }
        let earlier = self.def.variables[..index]
            .iter()
            .find(|other| other.ecs.as_deref() == Some(name.as_str()));
        if let Some(other) = earlier {
            let at = self.variable_key(index, "ecs");
            let text = format!(
                "field '{}' of {id} has ecs: '{name}', which '{}' already fills",
                var.name, other.name
            );
            self.push(at, ErrorKind::Ecs, text);
        }
    }

    fn variable_name(&mut self, index: usize, var: &Variable) {
        let id = self.id;
        if !is_snake_case(&var.name) {
            let at = self.item("variables", index);
            let text = format!("variable '{}' of {id} is not snake_case", var.name);
            self.push(at, ErrorKind::BadName, text);
        }
        if self.kinds.contains_key(var.name.as_str()) {
            let at = self.item("variables", index);
            let text = format!("variable '{}' of {id} is declared twice", var.name);
            self.push(at, ErrorKind::DuplicateName, text);
        }
    }

    fn known_type(&mut self, index: usize, var: &Variable) -> Option<VarKind> {
        let kind = var.kind();
        if kind.is_none() {
            let at = self.variable_key(index, "type");
            let text = format!(
                "field '{}' of {} has unknown type '{}' (known: {})",
                var.name,
                self.id,
                var.ty,
                type_names().collect::<Vec<_>>().join(", ")
            );
            self.push(at, ErrorKind::UnknownType, text);
        }
        kind
    }

    fn enum_values(&mut self, index: usize, var: &Variable, values: &[String]) {
        let id = self.id;
        if values.is_empty() {
            let at = self.variable_key(index, "type");
            let text = format!("enum '{}' of {id} lists no values", var.name);
            self.push(at, ErrorKind::EmptyEnum, text);
        }
        let mut seen = Vec::new();
        for value in values {
            let folded = if var.ignore_case {
                value.to_ascii_lowercase()
            } else {
                value.clone()
            };
            if value.trim().is_empty() || value.trim() != value {
                let at = self.variable_key(index, "values");
                let text = format!(
                    "enum '{}' of {id} has a blank or space-padded value '{value}'",
                    var.name
                );
                self.push(at, ErrorKind::EmptyEnum, text);
            }
            if seen.contains(&folded) {
                let at = self.variable_key(index, "values");
                let text = format!("enum '{}' of {id} lists '{value}' twice", var.name);
                self.push(at, ErrorKind::EmptyEnum, text);
            }
            seen.push(folded);
        }
    }

    fn enum_options_only_on_enums(&mut self, index: usize, var: &Variable) {
        for (set, option) in [
            (!var.values.is_empty(), "values"),
            (var.open, "open"),
            (var.ignore_case, "ignore_case"),
        ] {
            if set {
                let at = self.variable_key(index, option);
                let text = format!(
                    "field '{}' of {} has '{option}', which only an enum takes",
                    var.name, self.id
                );
                self.push(at, ErrorKind::TypeOption, text);
            }
        }
    }

    fn flag_word(&mut self, index: usize, var: &Variable, kind: &VarKind) {
        let (name, id) = (&var.name, self.id);
        let (key, text) = match (kind, &var.word) {
            (VarKind::Flag { .. }, None) => {
                ("type", format!("flag '{name}' of {id} needs a 'word'"))
            }
            (VarKind::Flag { word }, Some(_)) if word.trim().is_empty() => {
                ("word", format!("flag '{name}' of {id} has a blank 'word'"))
            }
            (VarKind::Flag { .. }, Some(_)) | (_, None) => return,
            (_, Some(_)) => (
                "word",
                format!("field '{name}' of {id} has 'word', which only a flag takes"),
            ),
        };
        let at = self.variable_key(index, key);
        self.push(at, ErrorKind::TypeOption, text);
    }

    fn has_a_template(&mut self) {
        if self.def.templates.is_empty() {
            let at = self.key("templates");
            let text = format!("{} has no template", self.id);
            self.push(at, ErrorKind::Template, text);
        }
    }

    /// The rules of one template.
    fn template(&mut self, index: usize, text: &str) {
        let Some(segments) = self.template_parses(index, text) else {
            self.unreadable = true;
            return;
        };
        if segments.is_empty() {
            let at = self.item("templates", index);
            let text = format!("template {} of {} is empty", index + 1, self.id);
            self.push(at, ErrorKind::Template, text);
            return;
        }
        let names = template::field_names(&segments);
        self.placeholders_are_declared(index, &names);
        self.carries_every_variable(index, &names);
        self.optional_patterns.push(
            self.def
                .variables
                .iter()
                .filter(|v| v.optional)
                .map(|v| names.contains(&v.name.as_str()))
                .collect(),
        );
        self.no_placeholder_twice(index, &segments, names.len());
        self.unambiguous(index, &segments);
    }

    fn template_parses(&mut self, index: usize, text: &str) -> Option<Vec<Segment>> {
        match template::parse(text) {
            Ok(segments) => Some(segments),
            Err(error) => {
                let at = self.item("templates", index);
                let text = format!(
                    "template {} of {}: {} at byte {}",
                    index + 1,
                    self.id,
                    error.message,
                    error.offset
                );
                self.push(at, ErrorKind::Template, text);
                None
            }
        }
    }

    fn placeholders_are_declared(&mut self, index: usize, names: &[&str]) {
        for name in names {
            match self.def.variables.iter().position(|v| v.name == *name) {
                Some(position) => self.used[position] = true,
                None => {
                    let at = self.item("templates", index);
                    let text = format!(
                        "template {} of {} uses placeholder '{name}', which is not declared under variables",
                        index + 1,
                        self.id
                    );
                    self.push(at, ErrorKind::UndeclaredPlaceholder, text);
                }
            }
        }
    }

    fn carries_every_variable(&mut self, index: usize, names: &[&str]) {
        if self.def.templates.len() < 2 {
            return;
        }
        for var in &self.def.variables {
            if !var.optional && !names.contains(&var.name.as_str()) {
                let at = self.item("templates", index);
                let text = format!(
                    "template {} of {} does not use variable '{}' (every template must carry every variable that is not optional)",
                    index + 1,
                    self.id,
                    var.name
                );
                self.push(at, ErrorKind::UnusedVariable, text);
            }
        }
    }

    fn no_placeholder_twice(&mut self, index: usize, segments: &[Segment], distinct: usize) {
        let fields = segments
            .iter()
            .filter(|s| matches!(s, Segment::Field { .. }))
            .count();
        if fields != distinct {
            let at = self.item("templates", index);
            let text = format!(
                "template {} of {} uses a placeholder twice",
                index + 1,
                self.id
            );
            self.push(at, ErrorKind::Ambiguous, text);
        }
    }

    fn unambiguous(&mut self, index: usize, segments: &[Segment]) {
        if let Some(problem) = ambiguity(segments, &self.kinds) {
            let at = self.item("templates", index);
            let text = format!(
                "template {} of {} is ambiguous: {problem}",
                index + 1,
                self.id
            );
            self.push(at, ErrorKind::Ambiguous, text);
        }
    }

    /// An optional variable is left out by some template, and is not a flag.
    fn optional_variables(&mut self) {
        let optional = self
            .def
            .variables
            .iter()
            .enumerate()
            .filter(|(_, v)| v.optional);
        for (slot, (index, var)) in optional.enumerate() {
            let id = self.id;
            if self.optional_patterns.iter().all(|pattern| pattern[slot]) {
                let at = self.variable_key(index, "optional");
                let text = format!(
                    "variable '{}' of {id} is optional but every template carries it",
                    var.name
                );
                self.push(at, ErrorKind::TypeOption, text);
            }
            if matches!(var.kind(), Some(VarKind::Flag { .. })) {
                let at = self.variable_key(index, "optional");
                let text = format!(
                    "flag '{}' of {id} cannot be optional (a flag is already optional)",
                    var.name
                );
                self.push(at, ErrorKind::TypeOption, text);
            }
        }
    }

    fn every_variable_is_used(&mut self) {
        for (index, var) in self.def.variables.iter().enumerate() {
            if !self.used[index] {
                let at = self.item("variables", index);
                let text = format!(
                    "variable '{}' of {} is declared but no template uses it",
                    var.name, self.id
                );
                self.push(at, ErrorKind::UnusedVariable, text);
            }
        }
    }

    /// Where `key` of template `index` is (the template, or `templates`, when it lacks it).
    fn template_key(&self, index: usize, key: &str) -> Location {
        match self.locator.item(self.range.clone(), "templates", index) {
            Some(lines) => {
                let start = lines.start;
                self.locator
                    .at(self.locator.key(lines, key).unwrap_or(start))
            }
            None => self.key("templates"),
        }
    }

    /// An entry the Japanese guide lacks has no template from it.
    fn source_agrees_with_entry(&mut self, index: usize, template: &Template) {
        if !self.def.in_ja_guide && template.source == TemplateSource::JaGuide {
            let at = self.template_key(index, "source");
            let text = format!(
                "template {} of {} has source 'ja-guide', but the entry says the Japanese guide lacks it (in_ja_guide: false)",
                index + 1,
                self.id
            );
            self.push(at, ErrorKind::Template, text);
        }
    }

    /// A template's note says something.
    fn note_is_not_blank(&mut self, index: usize, template: &Template) {
        if template
            .note
            .as_deref()
            .is_some_and(|n| n.trim().is_empty())
        {
            let at = self.template_key(index, "note");
            let text = format!("template {} of {} has a blank note", index + 1, self.id);
            self.push(at, ErrorKind::Template, text);
        }
    }

    /// No two templates of an entry have the same text (the second could never be the one a
    /// parser picks).
    fn text_is_not_repeated(&mut self, index: usize, template: &Template) {
        let earlier = &self.def.templates[..index];
        if let Some(first) = earlier.iter().position(|t| t.text == template.text) {
            let at = self.template_key(index, "text");
            let text = format!(
                "template {} of {} repeats the text of template {}",
                index + 1,
                self.id,
                first + 1
            );
            self.push(at, ErrorKind::Template, text);
        }
    }
}

/// Why a template cannot be read back unambiguously, if it cannot.
///
/// A parser reads fields left to right; a field that is not the last must end where the next
/// literal begins (free text, open enums) or at a character its type cannot contain (numbers,
/// addresses, words). So: two fields may only touch when the first is a flag (a fixed word); a
/// free-text field must be followed by a literal with a visible character; a flag must not
/// follow a free-text field; a bracketed field must not be a flag; and only a number may be
/// directly followed by letters or digits (`{size}KB`).
pub(crate) fn ambiguity(segments: &[Segment], kinds: &HashMap<&str, VarKind>) -> Option<String> {
    for (i, segment) in segments.iter().enumerate() {
        let Segment::Field { name, bracketed } = segment else {
            continue;
        };
        let Some(kind) = kinds.get(name.as_str()) else {
            continue;
        };
        let is_flag = matches!(kind, VarKind::Flag { .. });
        if *bracketed && is_flag {
            return Some(format!("flag '{name}' cannot be bracketed"));
        }
        match segments.get(i + 1) {
            Some(Segment::Field { name: next, .. }) if !is_flag => {
                return Some(format!(
                    "'{name}' and '{next}' touch with no literal between them"
                ));
            }
            Some(Segment::Literal(text))
                if !kind.runs_to_delimiter()
                    && !is_flag
                    && !matches!(kind, VarKind::Int(_) | VarKind::Port)
                    && text.chars().next().is_some_and(char::is_alphanumeric) =>
            {
                return Some(format!(
                    "'{name}' is directly followed by the letters or digits of '{text}', so where it ends is unknown"
                ));
            }
            Some(Segment::Literal(text))
                if kind.runs_to_delimiter() && text.trim().is_empty() && i + 2 < segments.len() =>
            {
                return Some(format!(
                    "free text '{name}' is followed only by whitespace, so where it ends is unknown"
                ));
            }
            _ => {}
        }
        if is_flag && i > 0 {
            if let Some(Segment::Field { name: prev, .. }) = segments.get(i - 1) {
                return Some(format!("flag '{name}' directly follows '{prev}'"));
            }
            if let (Some(Segment::Literal(text)), Some(Segment::Field { name: prev, .. })) = (
                segments.get(i - 1),
                i.checked_sub(2).and_then(|j| segments.get(j)),
            ) {
                let prev_runs = kinds
                    .get(prev.as_str())
                    .is_some_and(VarKind::runs_to_delimiter);
                if prev_runs && text.trim().is_empty() {
                    return Some(format!(
                        "flag '{name}' follows free text '{prev}' with only whitespace between"
                    ));
                }
            }
        }
    }
    None
}

pub(crate) use crate::model::is_snake_case;
