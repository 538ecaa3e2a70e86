//! Drawing: `draw`, which asks a `ValueSource` for a value of every field (and, for optional
//! fields, for the pattern of one of the templates).

use ftd_catalog::model::VarKind;
use proc_macro2::TokenStream;
use quote::quote;

use super::write::OptionalPatterns;
use super::{int_type, private, static_lifetime};
use crate::ast::{FieldAst, MessageAst};

/// `draw`.
pub fn draw_fn(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let ident = &message.type_ident;
    let static_lt = static_lifetime(message);
    let patterns = OptionalPatterns::of(message);
    let choose_pattern = match patterns.fields.first() {
        None => TokenStream::new(),
        Some(first) => {
            let constant = patterns.constant();
            let template_count = message.templates.len();
            quote! {
                #constant
                let pattern = PATTERNS[source.choice(&Self::FIELDS[#first], #template_count) % #template_count];
            }
        }
    };
    let fields = message.fields.iter().enumerate().map(|(i, field)| {
        let fident = &field.ident;
        let value = draw_value(field, i);
        if field.optional {
            let slot = patterns
                .fields
                .iter()
                .position(|&o| o == i)
                .expect("an optional field");
            quote!(#fident: if pattern[#slot] { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
        } else {
            quote!(#fident: #value)
        }
    });
    let id = message.source.def.id;
    quote! {
        /// Draws a value for every field from `source`.
        pub fn draw(source: &mut dyn #p::ValueSource) -> #ident #static_lt {
            source.start_message(#id);
            #choose_pattern
            #ident { #(#fields),* }
        }
    }
}

/// The expression drawing field `index`'s value.
fn draw_value(field: &FieldAst, index: usize) -> TokenStream {
    let p = private();
    let spec = quote!(&Self::FIELDS[#index]);
    match &field.kind {
        VarKind::Text | VarKind::Word | VarKind::Interface => {
            quote!(source.text(#spec))
        }
        VarKind::Int(width) => {
            let ty = int_type(*width);
            quote!(source.int(#spec, #ty::MIN as i128, #ty::MAX as i128) as #ty)
        }
        VarKind::Hex => quote!(#p::Hex::from(source.hex(#spec))),
        VarKind::Ipv4 => quote!(source.ipv4(#spec)),
        VarKind::Ipv6 => quote!(source.ipv6(#spec)),
        VarKind::Ip => quote!(source.ip(#spec)),
        VarKind::Port => quote!(source.int(#spec, 0, 65535) as u16),
        VarKind::Mac => quote!(source.mac(#spec)),
        VarKind::Quantity => quote!(source.quantity(#spec)),
        VarKind::Enum { .. } => {
            let ety = field.enum_ident();
            quote!(#ety::draw(source, #spec))
        }
        VarKind::Flag { .. } => quote!(source.flag(#spec)),
    }
}
