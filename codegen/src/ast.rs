//! The code generator's view of a catalog: each entry resolved into identifiers, typed fields
//! and templates whose fields know how the parser finds their end.

use ftd_catalog::model::{CatalogEntry, VarKind};
use ftd_catalog::template::{self, Segment};
use proc_macro2::Ident;

use crate::ident;

/// A message ready for expansion.
pub struct MessageAst<'c> {
    pub source: &'c CatalogEntry,
    pub type_name: String,
    pub type_ident: Ident,
    pub fields: Vec<FieldAst>,
    pub templates: Vec<TemplateAst>,
    /// Whether any field borrows from the input (so the type takes a lifetime).
    pub borrows: bool,
}

/// A typed field.
pub struct FieldAst {
    pub name: String,
    pub ident: Ident,
    pub kind: VarKind,
    /// For enums: the generated enum type and its variants (identifier, wire text).
    pub enum_type: Option<EnumAst>,
    pub bracketed: bool,
    /// Only some templates carry it: the Rust field is an `Option`.
    pub optional: bool,
}

/// A generated enum for an `enum` variable.
pub struct EnumAst {
    pub ident: Ident,
    pub variants: Vec<VariantAst>,
    pub open: bool,
    pub ignore_case: bool,
}

/// A variant of a generated enum.
pub struct VariantAst {
    pub ident: Ident,
    /// The value as sent on the wire.
    pub wire: String,
}

/// A template with each field's end rule.
pub struct TemplateAst {
    /// Per field, whether this template carries it.
    pub present: Vec<bool>,
    pub steps: Vec<Step>,
    /// The literal the template ends with, matched from the right before fields are read.
    pub suffix: Option<String>,
}

/// One step of parsing or writing a template.
pub enum Step {
    Literal(String),
    Field {
        index: usize,
        end: FieldEnd,
        bracketed: bool,
    },
}

/// How the parser finds where a field ends.
#[derive(Clone, Debug)]
pub enum FieldEnd {
    /// At the first occurrence of this literal (free text).
    Literal(String),
    /// At whitespace, or before it where the token says.
    Token(TokenStop),
    /// After a run of digits (numbers are self-delimiting).
    Digits,
    /// At the end of the input (after the suffix is removed).
    Rest,
    /// A flag: its word is present or not.
    Flag,
}

/// Where a token (a field without whitespace) ends before the whitespace that follows it.
#[derive(Clone, Copy, Debug)]
pub enum TokenStop {
    /// At the whitespace (the template's next literal starts with whitespace).
    Whitespace,
    /// At the first occurrence of this byte (the next literal's first byte).
    First(u8),
    /// At the last occurrence of this byte: addresses may contain the punctuation that
    /// follows them (`{ip}:` after an IPv6 address, `{ip}.` after an IPv4 one).
    Last(u8),
}

impl FieldAst {
    /// The generated enum type of an `enum` field.
    pub fn enum_ident(&self) -> &Ident {
        &self
            .enum_type
            .as_ref()
            .expect("enum fields have a generated type")
            .ident
    }

    /// Whether the Rust type borrows from the parsed input.
    pub fn borrows(&self) -> bool {
        match &self.kind {
            VarKind::Text | VarKind::Word | VarKind::Interface | VarKind::Quantity => true,
            VarKind::Enum { open, .. } => *open,
            _ => false,
        }
    }
}

/// Resolves a message; `None` when it cannot be (the validator has reported why).
pub fn message(source: &CatalogEntry) -> Option<MessageAst<'_>> {
    let def = &source.def;
    let type_name = ident::type_name(&def.name);
    let mut fields = Vec::new();
    for var in &def.variables {
        let kind = var.kind()?;
        let enum_type = match &kind {
            VarKind::Enum {
                values,
                open,
                ignore_case,
            } => {
                let mut variants = Vec::new();
                for value in values {
                    let name = ident::variant_name(value)?;
                    variants.push(VariantAst {
                        ident: ident::type_ident(&name),
                        wire: value.clone(),
                    });
                }
                Some(EnumAst {
                    ident: ident::type_ident(&format!(
                        "{type_name}{}",
                        ident::type_name(&var.name)
                    )),
                    variants,
                    open: *open,
                    ignore_case: *ignore_case,
                })
            }
            _ => None,
        };
        fields.push(FieldAst {
            name: var.name.clone(),
            ident: ident::field_ident(&var.name),
            kind,
            enum_type,
            bracketed: false,
            optional: var.optional,
        });
    }
    let mut templates = Vec::new();
    for text in &def.templates {
        let segments = template::parse(text).ok()?;
        templates.push(template_ast(&segments, &mut fields)?);
    }
    let borrows = fields.iter().any(FieldAst::borrows);
    Some(MessageAst {
        source,
        type_ident: ident::type_ident(&type_name),
        type_name,
        fields,
        templates,
        borrows,
    })
}

fn template_ast(segments: &[Segment], fields: &mut [FieldAst]) -> Option<TemplateAst> {
    let mut segments: Vec<Segment> = segments.to_vec();
    let suffix = match segments.last() {
        Some(Segment::Literal(text)) => {
            let text = text.clone();
            segments.pop();
            Some(text)
        }
        _ => None,
    };
    let mut steps = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Literal(text) => steps.push(Step::Literal(text.clone())),
            Segment::Field { name, bracketed } => {
                let index = fields.iter().position(|f| &f.name == name)?;
                let field = &mut fields[index];
                field.bracketed |= *bracketed;
                // The last field runs to the suffix, found from the end (a value may hold the
                // suffix's first character). Without a suffix, a value that cannot hold spaces
                // ends at whitespace, so that text after a complete message is reported as
                // trailing rather than as a bad value.
                let next = match (segments.get(i + 1), &suffix) {
                    (None, None) if !field.kind.runs_to_delimiter() => {
                        Some(Segment::Literal(" ".to_owned()))
                    }
                    (next, _) => next.cloned(),
                };
                let end = match (&field.kind, next.as_ref()) {
                    (VarKind::Flag { .. }, _) => FieldEnd::Flag,
                    (_, None) => FieldEnd::Rest,
                    (kind, Some(Segment::Literal(next))) if kind.runs_to_delimiter() => {
                        FieldEnd::Literal(next.clone())
                    }
                    (VarKind::Int(_) | VarKind::Port, Some(Segment::Literal(_))) => {
                        FieldEnd::Digits
                    }
                    (kind, Some(Segment::Literal(next))) => {
                        let first = next.as_bytes()[0];
                        let address = matches!(
                            kind,
                            VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 | VarKind::Mac
                        );
                        FieldEnd::Token(if first.is_ascii_whitespace() {
                            TokenStop::Whitespace
                        } else if address {
                            TokenStop::Last(first)
                        } else {
                            TokenStop::First(first)
                        })
                    }
                    // Touching fields are rejected by the validator.
                    (_, Some(Segment::Field { .. })) => return None,
                };
                steps.push(Step::Field {
                    index,
                    end,
                    bracketed: *bracketed,
                });
            }
        }
    }
    let mut present = vec![false; fields.len()];
    for step in &steps {
        if let Step::Field { index, .. } = step {
            present[*index] = true;
        }
    }
    Some(TemplateAst {
        present,
        steps,
        suffix,
    })
}
