//! The text of `catalog`: one line per entry (id, severity, name, the guide's text), or an
//! entry in full.

use std::fmt::Write as _;

use ftd_catalog::blocks::BlockLayout;
use ftd_catalog::{Block, CatalogEntry};

/// The guide's text after its `%Threat Defense-6-716001: ` prefix.
fn guide_body(message: &CatalogEntry) -> &str {
    let guide = message.def.guide.as_str();
    let tag = format!("-{}: ", message.def.id);
    guide
        .find(&tag)
        .map_or(guide, |at| &guide[at + tag.len()..])
}

/// One line: id, severity, name, the guide's text.
pub fn summarise(out: &mut String, message: &CatalogEntry) {
    let def = &message.def;
    let _ = writeln!(
        out,
        "{}  {}  {:<48} {}",
        def.id,
        def.severity,
        def.name,
        guide_body(message)
    );
}

/// Everything about one entry.
pub fn describe(out: &mut String, message: &CatalogEntry) {
    let def = &message.def;
    let _ = writeln!(out, "{} {}", def.id, def.name);
    let _ = writeln!(
        out,
        "  severity:  {}",
        ftd_catalog::severity::label(def.severity)
    );
    let _ = writeln!(out, "  section:   {}", message.section);
    let _ = writeln!(out, "  guide:     {}", def.guide);
    if !def.in_ja_guide {
        let _ = writeln!(
            out,
            "  in guide:  the English guide only (not the Japanese guide)"
        );
    }
    let _ = writeln!(out, "  templates:");
    for template in &def.templates {
        let _ = writeln!(out, "    %FTD-{}-{}: {}", def.severity, def.id, template);
        let _ = match &template.note {
            Some(note) => writeln!(out, "      source: {} ({note})", template.source),
            None => writeln!(out, "      source: {}", template.source),
        };
    }
    if def.ike_context {
        let _ = writeln!(
            out,
            "  context:   may be preceded by the IKE session context (Group = g, Username = u, IP = a, )"
        );
    }
    if !def.variables.is_empty() {
        let _ = writeln!(out, "  variables:");
        let width = def
            .variables
            .iter()
            .map(|v| v.name.len())
            .max()
            .unwrap_or(0);
        for variable in &def.variables {
            let mut ty = variable.ty.clone();
            if !variable.values.is_empty() {
                let _ = write!(ty, " [{}]", variable.values.join(" | "));
            }
            if variable.open {
                ty.push_str(" (or another value)");
            }
            if variable.ignore_case {
                ty.push_str(" (any case)");
            }
            if let Some(word) = &variable.word {
                let _ = write!(ty, " (writes {word:?} when set)");
            }
            if variable.optional {
                ty.push_str(" (optional: not in every template)");
            }
            let _ = write!(out, "    {:width$}  {ty}", variable.name);
            if let Some(ecs) = &variable.ecs {
                let _ = write!(out, "; ECS {ecs}");
            }
            if let Some(guide) = variable
                .guide_name
                .as_ref()
                .filter(|g| **g != variable.name)
            {
                let _ = write!(out, "; the guide says {guide}");
            }
            if let Some(description) = &variable.description {
                let _ = write!(out, ": {description}");
            }
            out.push('\n');
        }
    }
    blocks(out, "explanation", &def.explanation);
    blocks(out, "action", &def.action);
    if !def.notes.is_empty() {
        let _ = writeln!(out, "  notes:");
        for note in &def.notes {
            let _ = writeln!(out, "    - {note}");
        }
    }
}

fn blocks(out: &mut String, heading: &str, blocks: &[Block]) {
    if blocks.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {heading}:");
    ftd_catalog::blocks::write(
        out,
        blocks,
        &BlockLayout::INDENTED_TEXT,
        &mut |out, text| out.push_str(text),
    );
}
