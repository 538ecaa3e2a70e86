//! What generated code says about the catalog: each field's `FieldSpec`, each message's
//! `MessageInfo`, the embedded sources, `visit_fields`, and the `message!` macro.

use ftd_catalog::model::{Block, IntWidth, Lang, VarKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{access, is_text, private, when_present, MacroPaths, SourceFile, SourceText};
use crate::ast::{FieldAst, MessageAst, Step};
use crate::ident;

/// The `FieldSpec` of every field of `message`.
pub fn field_specs(message: &MessageAst<'_>) -> Vec<TokenStream> {
    let p = private();
    let id = message.source.def.id;
    let vars = &message.source.def.variables;
    message
        .fields
        .iter()
        .zip(vars)
        .map(|(field, var)| {
            let fname = &field.name;
            let kname = field.kind.name();
            // `FieldKind`'s variants are the type names in UpperCamelCase (`ipv4` is `Ipv4`).
            let kind = format_ident!("{}", ident::type_name(kname));
            let bracketed = field.bracketed;
            let optional = field.optional;
            let (values, open, ignore_case, word) = match &field.kind {
                VarKind::Enum {
                    values,
                    open,
                    ignore_case,
                } => (values.clone(), *open, *ignore_case, String::new()),
                VarKind::Flag { word } => (Vec::new(), false, false, word.clone()),
                _ => (Vec::new(), false, false, String::new()),
            };
            let delimiters = delimiters(message, field);
            let guide_name = var.guide_name.clone().unwrap_or_default();
            let description = var.description_in(Lang::Ja).unwrap_or_default();
            let description_en = var.description_in(Lang::En).unwrap_or_default();
            // `ValueKind`'s variants are the kind names in UpperCamelCase (`subject_dn` is
            // `SubjectDn`); the validator has checked the name against the catalog's table.
            let value_kind = format_ident!(
                "{}",
                var.value_kind
                    .as_deref()
                    .map_or_else(|| "Unspecified".to_owned(), ident::type_name)
            );
            quote! {
                #p::FieldSpec {
                    message: #id,
                    name: #fname,
                    kind: #p::FieldKind::#kind,
                    type_name: #kname,
                    bracketed: #bracketed,
                    optional: #optional,
                    values: &[#(#values),*],
                    open: #open,
                    ignore_case: #ignore_case,
                    word: #word,
                    delimiters: &[#(#delimiters),*],
                    guide_name: #guide_name,
                    description: #description,
                    description_en: #description_en,
                    value_kind: #p::ValueKind::#value_kind,
                }
            }
        })
        .collect()
}

/// The literal after `field` in each template that carries it (what its value must not hold).
fn delimiters(message: &MessageAst<'_>, field: &FieldAst) -> Vec<String> {
    message
        .templates
        .iter()
        .filter_map(|t| {
            let at = t.steps.iter().position(
                |s| matches!(s, Step::Field { index, .. } if message.fields[*index].name == field.name),
            )?;
            Some(match t.steps.get(at + 1) {
                Some(Step::Literal(text)) => text.clone(),
                _ => t.suffix.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// The `MessageInfo` of `message`.
pub fn info(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let def = &message.source.def;
    let id = def.id;
    let name = &def.name;
    let type_name = &message.type_name;
    let severity = def.severity;
    let ike = def.ike_context;
    let guide = &def.guide;
    let ident = &message.type_ident;
    let in_ja_guide = def.in_ja_guide;
    let prose = |blocks: Option<&[Block]>| text_blocks(blocks.unwrap_or_default());
    let explanation_ja = prose(def.explanation_in(Lang::Ja));
    let explanation_en = prose(def.explanation_in(Lang::En));
    let action_ja = prose(def.action_in(Lang::Ja));
    let action_en = prose(def.action_in(Lang::En));
    quote! {
        #p::MessageInfo {
            id: #id,
            name: #name,
            type_name: #type_name,
            severity: #severity,
            ike_context: #ike,
            guide: #guide,
            templates: #ident::TEMPLATES,
            fields: #ident::FIELDS,
            in_ja_guide: #in_ja_guide,
            explanation_ja: #explanation_ja,
            explanation_en: #explanation_en,
            action_ja: #action_ja,
            action_en: #action_en,
        }
    }
}

/// `&[TextBlock::Paragraph("..."), TextBlock::List(&["...", ...])]`.
fn text_blocks(blocks: &[Block]) -> TokenStream {
    let p = private();
    let blocks = blocks.iter().map(|block| match block {
        Block::Paragraph(text) => quote!(#p::TextBlock::Paragraph(#text)),
        Block::List { list } => quote!(#p::TextBlock::List(&[#(#list),*])),
    });
    quote!(&[#(#blocks),*])
}

/// A `CatalogSource` entry.
pub fn source(file: &SourceFile) -> TokenStream {
    let p = private();
    let display = &file.display;
    let text = match &file.text {
        SourceText::File(path) => quote!(include_str!(#path)),
        SourceText::Embedded(text) => quote!(#text),
    };
    quote! { #p::CatalogSource { file: #display, text: #text } }
}

/// `visit_fields`: one `FieldVisitor` call per field present.
pub fn visit_fields(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let visits = message
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| when_present(field, visit_value(field, i)));
    quote! {
        /// Calls `visitor` once per field, in declaration order.
        pub fn visit_fields(&self, visitor: &mut dyn #p::FieldVisitor) {
            let _ = &visitor;
            #(#visits)*
        }
    }
}

/// The `FieldVisitor` call for field `index`: values are widened to the visitor's families
/// (unsigned, signed, address) so that visitors stay small.
fn visit_value(field: &FieldAst, index: usize) -> TokenStream {
    let p = private();
    let (by_ref, by_value) = access(field);
    let spec = quote!(&Self::FIELDS[#index]);
    match &field.kind {
        VarKind::Text | VarKind::Word | VarKind::Interface => {
            quote!(visitor.text(#spec, #by_ref);)
        }
        VarKind::Int(IntWidth::U8 | IntWidth::U16 | IntWidth::U32 | IntWidth::U64)
        | VarKind::Port => {
            quote!(visitor.uint(#spec, ::core::convert::From::from(#by_value));)
        }
        VarKind::Int(IntWidth::I32 | IntWidth::I64) => {
            quote!(visitor.int(#spec, ::core::convert::From::from(#by_value));)
        }
        VarKind::Hex => quote!(visitor.hex_as_sent(#spec, #by_value);),
        VarKind::Ipv4 => quote!(visitor.ip(#spec, #p::IpAddr::V4(#by_value));),
        VarKind::Ipv6 => quote!(visitor.ip(#spec, #p::IpAddr::V6(#by_value));),
        VarKind::Ip => quote!(visitor.ip(#spec, #by_value);),
        VarKind::Mac => quote!(visitor.mac(#spec, #by_value);),
        VarKind::Quantity => quote!(visitor.quantity(#spec, #by_ref);),
        VarKind::Enum { open, .. } => {
            let ety = field.enum_ident();
            let known = if *open {
                quote!(!::core::matches!(#by_ref, #ety::Other(_)))
            } else {
                quote!(true)
            };
            quote!(visitor.enumeration(#spec, (#by_ref).as_str(), #known);)
        }
        VarKind::Flag { .. } => quote!(visitor.flag(#spec, #by_value);),
    }
}

/// The `message!` macro: one arm per id, forwarding to the runtime's field check.
pub fn message_macro(messages: &[MessageAst<'_>], paths: &MacroPaths) -> TokenStream {
    let arms = messages.iter().map(|m| macro_arm(m, paths));
    let ids = messages
        .iter()
        .map(|m| m.source.def.id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let known_ids = format!("Known ids: {}.", abbreviate(&ids));
    quote! {
        /// Builds a typed message from its id and named fields, checked at compile time:
        /// `message!(716001 { group: "vpn-ra", user: "alice", ip: addr })`.
        ///
        /// Text fields take anything that converts into `Cow<str>`; other fields take their
        /// own type. An unknown id, a missing or an extra field is a compile error.
        #[doc = #known_ids]
        #[macro_export]
        macro_rules! message {
            #(#arms)*
            ($id:literal $($rest:tt)*) => {
                ::core::compile_error!(::core::concat!(
                    "message!: ", ::core::stringify!($id), " is not an id of this catalog"
                ))
            };
        }
    }
}

fn macro_arm(message: &MessageAst<'_>, paths: &MacroPaths) -> TokenStream {
    let id = Literal::u32_unsuffixed(message.source.def.id);
    let ident = &message.type_ident;
    let MacroPaths { runtime, types } = paths;
    let fields = message.fields.iter().map(|f| {
        let fident = &f.ident;
        // Hex fields take a number or a `Hex` (`spi: 0x1f`).
        if (is_text(&f.kind) || matches!(f.kind, VarKind::Hex)) && !f.optional {
            quote!(#fident: text)
        } else {
            quote!(#fident: value)
        }
    });
    quote! {
        (#id { $($field:ident : $value:expr),* $(,)? }) => {
            #runtime::__private::build_message!(#id, #types::#ident, [#(#fields),*], { $($field : $value),* })
        };
    }
}

/// The first 120 bytes or so of `text`, cut at a character boundary.
fn abbreviate(text: &str) -> String {
    if text.len() > 120 {
        let cut = text
            .char_indices()
            .take_while(|(i, _)| *i < 120)
            .last()
            .map_or(0, |(i, _)| i);
        format!("{} ...", &text[..cut])
    } else {
        text.to_owned()
    }
}
