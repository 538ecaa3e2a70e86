//! Validation of a loaded catalog: every rule a well-formed entry obeys.
//!
//! Rules: unique ids and names; snake_case names; severity 0-7; the guide text carries the
//! entry's severity and id; at least one template, each well-formed; every placeholder declared,
//! every declared variable used by every template (so any template can carry the whole value);
//! known types with the options they need; non-empty enumerations; and templates a parser can
//! read unambiguously (see [`ambiguity`]).

use std::collections::HashMap;

use crate::error::{CatalogError, ErrorKind};
use crate::loader::Loaded;
use crate::locate::{Lines, Locator};
use crate::model::{type_names, CatalogEntry, Location, VarKind};
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
        entry(message, locator, &mut errors);
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

fn entry(message: &CatalogEntry, locator: &Locator<'_>, errors: &mut Vec<CatalogError>) {
    let def = &message.def;
    let id = def.id;
    let range = locator.entry(message.entry);
    let mut push = |location: Location, kind: ErrorKind, text: String| {
        errors.push(CatalogError {
            location,
            id: Some(id),
            kind,
            message: text,
        })
    };
    if !(100_000..=999_999).contains(&id) {
        push(
            locator.at(range.start),
            ErrorKind::GuideMismatch,
            format!("id {id} is not a six-digit message id"),
        );
    }
    if !is_snake_case(&def.name) {
        push(
            key_or_entry(locator, range.clone(), "name"),
            ErrorKind::BadName,
            format!(
                "name '{}' of {id} is not snake_case (lowercase letters, digits, '_')",
                def.name
            ),
        );
    }
    if def.severity > 7 {
        push(
            key_or_entry(locator, range.clone(), "severity"),
            ErrorKind::Severity,
            format!("severity {} of {id} is outside 0-7", def.severity),
        );
    }
    if crate::source::printed_severity(&def.guide, id) != Some(def.severity) {
        push(
            key_or_entry(locator, range.clone(), "guide"),
            ErrorKind::GuideMismatch,
            format!(
                "guide text of {id} does not carry '-{}-{id}' (severity and id disagree with it)",
                def.severity
            ),
        );
    }

    // Variables.
    let vars_at = |index: usize| -> Location {
        match locator.item(range.clone(), "variables", index) {
            Some(lines) => locator.at(lines.start),
            None => key_or_entry(locator, range.clone(), "variables"),
        }
    };
    let var_key_at = |index: usize, key: &str| -> Location {
        match locator.item(range.clone(), "variables", index) {
            Some(lines) => {
                let start = lines.start;
                locator.at(locator.key(lines, key).unwrap_or(start))
            }
            None => key_or_entry(locator, range.clone(), "variables"),
        }
    };
    let mut kinds: HashMap<&str, VarKind> = HashMap::new();
    for (index, var) in def.variables.iter().enumerate() {
        if !is_snake_case(&var.name) {
            push(
                vars_at(index),
                ErrorKind::BadName,
                format!("variable '{}' of {id} is not snake_case", var.name),
            );
        }
        if kinds.contains_key(var.name.as_str()) {
            push(
                vars_at(index),
                ErrorKind::DuplicateName,
                format!("variable '{}' of {id} is declared twice", var.name),
            );
        }
        let Some(kind) = var.kind() else {
            push(
                var_key_at(index, "type"),
                ErrorKind::UnknownType,
                format!(
                    "field '{}' of {id} has unknown type '{}' (known: {})",
                    var.name,
                    var.ty,
                    type_names().collect::<Vec<_>>().join(", ")
                ),
            );
            continue;
        };
        if let VarKind::Enum { values, .. } = &kind {
            if values.is_empty() {
                push(
                    var_key_at(index, "type"),
                    ErrorKind::EmptyEnum,
                    format!("enum '{}' of {id} lists no values", var.name),
                );
            }
            let mut seen = Vec::new();
            for value in values {
                let folded = if var.ignore_case {
                    value.to_ascii_lowercase()
                } else {
                    value.clone()
                };
                if value.trim().is_empty() || value.trim() != value {
                    push(
                        var_key_at(index, "values"),
                        ErrorKind::EmptyEnum,
                        format!(
                            "enum '{}' of {id} has a blank or space-padded value '{value}'",
                            var.name
                        ),
                    );
                }
                if seen.contains(&folded) {
                    push(
                        var_key_at(index, "values"),
                        ErrorKind::EmptyEnum,
                        format!("enum '{}' of {id} lists '{value}' twice", var.name),
                    );
                }
                seen.push(folded);
            }
        } else {
            for (set, option) in [
                (!var.values.is_empty(), "values"),
                (var.open, "open"),
                (var.ignore_case, "ignore_case"),
            ] {
                if set {
                    push(
                        var_key_at(index, option),
                        ErrorKind::TypeOption,
                        format!(
                            "field '{}' of {id} has '{option}', which only an enum takes",
                            var.name
                        ),
                    );
                }
            }
        }
        match (&kind, &var.word) {
            (VarKind::Flag { .. }, None) => push(
                var_key_at(index, "type"),
                ErrorKind::TypeOption,
                format!("flag '{}' of {id} needs a 'word'", var.name),
            ),
            (VarKind::Flag { word }, Some(_)) if word.trim().is_empty() => push(
                var_key_at(index, "word"),
                ErrorKind::TypeOption,
                format!("flag '{}' of {id} has a blank 'word'", var.name),
            ),
            (VarKind::Flag { .. }, Some(_)) => {}
            (_, Some(_)) => push(
                var_key_at(index, "word"),
                ErrorKind::TypeOption,
                format!(
                    "field '{}' of {id} has 'word', which only a flag takes",
                    var.name
                ),
            ),
            (_, None) => {}
        }
        kinds.insert(&var.name, kind);
    }

    // Templates.
    if def.templates.is_empty() {
        push(
            key_or_entry(locator, range.clone(), "templates"),
            ErrorKind::Template,
            format!("{id} has no template"),
        );
    }
    let template_at = |index: usize| -> Location {
        match locator.item(range.clone(), "templates", index) {
            Some(lines) => locator.at(lines.start),
            None => key_or_entry(locator, range.clone(), "templates"),
        }
    };
    let mut used = vec![false; def.variables.len()];
    // A template that does not parse uses variables nobody can see: do not report them unused.
    let mut unreadable = false;
    // Per template, which optional variables it carries.
    let mut optional_patterns: Vec<Vec<bool>> = Vec::new();
    for (index, text) in def.templates.iter().enumerate() {
        let segments = match template::parse(text) {
            Ok(segments) => segments,
            Err(error) => {
                push(
                    template_at(index),
                    ErrorKind::Template,
                    format!(
                        "template {} of {id}: {} at byte {}",
                        index + 1,
                        error.message,
                        error.offset
                    ),
                );
                unreadable = true;
                continue;
            }
        };
        if segments.is_empty() {
            push(
                template_at(index),
                ErrorKind::Template,
                format!("template {} of {id} is empty", index + 1),
            );
            continue;
        }
        let names = template::field_names(&segments);
        for name in &names {
            match def.variables.iter().position(|v| v.name == *name) {
                Some(position) => used[position] = true,
                None => push(template_at(index), ErrorKind::UndeclaredPlaceholder, format!("template {} of {id} uses placeholder '{name}', which is not declared under variables", index + 1)),
            }
        }
        for var in &def.variables {
            if !var.optional && !names.contains(&var.name.as_str()) && def.templates.len() > 1 {
                push(template_at(index), ErrorKind::UnusedVariable, format!("template {} of {id} does not use variable '{}' (every template must carry every variable that is not optional)", index + 1, var.name));
            }
        }
        optional_patterns.push(
            def.variables
                .iter()
                .filter(|v| v.optional)
                .map(|v| names.contains(&v.name.as_str()))
                .collect::<Vec<bool>>(),
        );
        let repeated = segments
            .iter()
            .filter(|s| matches!(s, Segment::Field { .. }))
            .count()
            != names.len();
        if repeated {
            push(
                template_at(index),
                ErrorKind::Ambiguous,
                format!("template {} of {id} uses a placeholder twice", index + 1),
            );
        }
        if let Some(problem) = ambiguity(&segments, &kinds) {
            push(
                template_at(index),
                ErrorKind::Ambiguous,
                format!("template {} of {id} is ambiguous: {problem}", index + 1),
            );
        }
    }
    if !unreadable {
        let optional: Vec<&crate::model::Variable> =
            def.variables.iter().filter(|v| v.optional).collect();
        for (slot, var) in optional.iter().enumerate() {
            let index = def
                .variables
                .iter()
                .position(|v| v.name == var.name)
                .unwrap_or(0);
            if optional_patterns.iter().all(|pattern| pattern[slot]) {
                push(
                    var_key_at(index, "optional"),
                    ErrorKind::TypeOption,
                    format!(
                        "variable '{}' of {id} is optional but every template carries it",
                        var.name
                    ),
                );
            }
            if matches!(var.kind(), Some(VarKind::Flag { .. })) {
                push(
                    var_key_at(index, "optional"),
                    ErrorKind::TypeOption,
                    format!(
                        "flag '{}' of {id} cannot be optional (a flag is already optional)",
                        var.name
                    ),
                );
            }
        }
    }
    for (index, var) in def.variables.iter().enumerate() {
        if !used[index] && !unreadable {
            push(
                vars_at(index),
                ErrorKind::UnusedVariable,
                format!(
                    "variable '{}' of {id} is declared but no template uses it",
                    var.name
                ),
            );
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
