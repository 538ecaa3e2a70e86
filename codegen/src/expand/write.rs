//! Writers: `write_template`, which writes a message body with any of its templates (choosing,
//! for optional fields, a template that carries exactly the fields present).

use ftd_catalog::model::VarKind;
use proc_macro2::TokenStream;
use quote::quote;

use super::{access, is_text, private, when_present};
use crate::ast::{FieldAst, MessageAst, Step};

/// Which templates carry which optional fields: the indexes of the optional fields, and per
/// template an array of whether it carries each. Writing picks the template whose pattern
/// matches the fields present; drawing picks a pattern, then the fields to draw.
pub(super) struct OptionalPatterns {
    pub fields: Vec<usize>,
    pub per_template: Vec<TokenStream>,
}

impl OptionalPatterns {
    pub fn of(message: &MessageAst<'_>) -> Self {
        let fields: Vec<usize> = (0..message.fields.len())
            .filter(|&i| message.fields[i].optional)
            .collect();
        let per_template = message
            .templates
            .iter()
            .map(|t| {
                let flags = fields.iter().map(|&i| t.present[i]);
                quote!([#(#flags),*])
            })
            .collect();
        OptionalPatterns {
            fields,
            per_template,
        }
    }

    /// `const PATTERNS: [[bool; optional fields]; templates] = ...;`
    pub fn constant(&self) -> TokenStream {
        let optional_count = self.fields.len();
        let template_count = self.per_template.len();
        let patterns = &self.per_template;
        quote!(const PATTERNS: [[bool; #optional_count]; #template_count] = [#(#patterns),*];)
    }
}

/// `write_template`.
pub fn write_template(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let template_count = message.templates.len();
    let writers = message
        .templates
        .iter()
        .enumerate()
        .map(|(index, template)| {
            let steps = template.steps.iter().map(|step| match step {
                Step::Literal(text) => quote! { out.write_str(#text)?; },
                Step::Field {
                    index, bracketed, ..
                } => write_field(&message.fields[*index], *bracketed),
            });
            let suffix = template
                .suffix
                .iter()
                .map(|s| quote! { out.write_str(#s)?; });
            quote! { #index => { #(#steps)* #(#suffix)* } }
        });
    let patterns = OptionalPatterns::of(message);
    let choose_template = if patterns.fields.is_empty() {
        TokenStream::new()
    } else {
        let constant = patterns.constant();
        let has = patterns.fields.iter().map(|&i| {
            let fident = &message.fields[i].ident;
            quote!(self.#fident.is_some())
        });
        quote! {
            #constant
            let has = [#(#has),*];
            let template = if PATTERNS[template] == has {
                template
            } else {
                PATTERNS.iter().position(|pattern| *pattern == has).unwrap_or(template)
            };
        }
    };
    quote! {
        /// Writes the body with template `template` (0 is the default; an index past the
        /// last writes the default); `brackets` writes session identities as `<value>`
        /// (newer software) or bare (older software).
        pub fn write_template<W: #p::fmt::Write + ?Sized>(&self, out: &mut W, template: usize, brackets: bool) -> #p::fmt::Result {
            let _ = brackets;
            let template = if template < #template_count { template } else { 0 };
            #choose_template
            match template {
                #(#writers)*
                _ => {}
            }
            ::core::result::Result::Ok(())
        }
    }
}

/// Writes one field's value, in `<...>` when the template brackets it and `brackets` is set.
fn write_field(field: &FieldAst, bracketed: bool) -> TokenStream {
    let p = private();
    let (by_ref, by_value) = access(field);
    let write = match &field.kind {
        kind if is_text(kind) => quote!(#p::write::text(out, #by_ref)?;),
        VarKind::Int(_) | VarKind::Port => quote!(#p::write::int(out, #by_value)?;),
        VarKind::Hex => quote!(#p::write::hex(out, #by_value)?;),
        VarKind::Flag { word } => quote!(if #by_value { out.write_str(#word)?; }),
        VarKind::Ipv4 => quote!(#p::write::ipv4(out, #by_ref)?;),
        VarKind::Ip => quote!(#p::write::ip(out, #by_ref)?;),
        VarKind::Ipv6 => quote!(#p::write::ipv6(out, #by_ref)?;),
        VarKind::Mac => quote!(#p::write::mac(out, #by_ref)?;),
        VarKind::Quantity => quote!(#p::write::quantity(out, #by_ref)?;),
        // As the enum's `Display` writes it.
        VarKind::Enum { .. } => quote!(out.write_str((#by_ref).as_str())?;),
        _ => quote!(#p::write::display(out, #by_ref)?;),
    };
    let code = if bracketed && is_text(&field.kind) {
        // `<...>` cannot carry a value with an angle bracket; such a value is written bare.
        quote!(#p::write::bracketed_text(out, #by_ref, brackets)?;)
    } else if bracketed {
        quote! {
            if brackets { out.write_char('<')?; }
            #write
            if brackets { out.write_char('>')?; }
        }
    } else {
        write
    };
    when_present(field, code)
}
