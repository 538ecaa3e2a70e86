//! Validation of what only code generation cares about: identifiers that collide once
//! sanitised, enum values without a usable variant name, names the expansion reserves.
//!
//! The catalog's own rules (types, placeholders, ambiguity...) are checked by `ftd-catalog`;
//! both sets of mistakes are reported together.

use std::collections::HashMap;

use ftd_catalog::model::{Catalog, VarKind};

use crate::ident;

/// Names the expansion defines besides the message types.
pub const RESERVED: &[&str] = &["Message", "MESSAGES", "CATALOG_SOURCES"];

/// A mistake: where (`file:line:column`), which message, what.
pub struct Mistake {
    pub id: u32,
    pub text: String,
}

pub fn catalog(catalog: &Catalog) -> Vec<Mistake> {
    let mut mistakes = Vec::new();
    let mut types: HashMap<String, u32> = HashMap::new();
    for message in &catalog.messages {
        let def = &message.def;
        let at = &message.location;
        let type_name = ident::type_name(&def.name);
        let mut claim = |name: String, what: String, mistakes: &mut Vec<Mistake>| {
            if RESERVED.contains(&name.as_str()) {
                mistakes.push(Mistake {
                    id: def.id,
                    text: format!("{at}: {what} of {} becomes the type `{name}`, which the expansion reserves", def.id),
                });
            } else if let Some(other) = types.insert(name.clone(), def.id) {
                mistakes.push(Mistake {
                    id: def.id,
                    text: format!("{at}: {what} of {} becomes the type `{name}`, already generated for {other}", def.id),
                });
            }
        };
        claim(
            type_name.clone(),
            format!("name '{}'", def.name),
            &mut mistakes,
        );
        for var in &def.variables {
            let Some(VarKind::Enum { values, open, .. }) = var.kind() else {
                continue;
            };
            claim(
                format!("{type_name}{}", ident::type_name(&var.name)),
                format!("enum '{}'", var.name),
                &mut mistakes,
            );
            let mut variants: HashMap<String, &str> = HashMap::new();
            for value in &values {
                match ident::variant_name(value) {
                    None => mistakes.push(Mistake {
                        id: def.id,
                        text: format!("{at}: value '{value}' of enum '{}' of {} has no letter or digit to name a variant", var.name, def.id),
                    }),
                    Some(name) if open && name == "Other" => mistakes.push(Mistake {
                        id: def.id,
                        text: format!("{at}: value '{value}' of open enum '{}' of {} would be the variant `Other`, which holds unlisted values", var.name, def.id),
                    }),
                    Some(name) => {
                        if let Some(first) = variants.insert(name.clone(), value) {
                            mistakes.push(Mistake {
                                id: def.id,
                                text: format!("{at}: values '{first}' and '{value}' of enum '{}' of {} both become the variant `{name}`", var.name, def.id),
                            });
                        }
                    }
                }
            }
        }
    }
    mistakes
}
