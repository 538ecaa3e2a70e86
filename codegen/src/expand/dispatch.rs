//! The `Message` enum of a catalog: one variant per message, dispatch on the numeric id for
//! parsing and drawing, and the runtime's `MessageSet` trait.

use proc_macro2::TokenStream;
use quote::quote;

use super::private;
use crate::ast::MessageAst;

pub fn message_enum(messages: &[MessageAst<'_>]) -> TokenStream {
    let p = private();
    let variants = messages.iter().map(|m| {
        let ident = &m.type_ident;
        let lt = if m.borrows {
            quote!(<'a>)
        } else {
            TokenStream::new()
        };
        let doc = format!("{} `{}`", m.source.def.id, m.source.def.name);
        quote! { #[doc = #doc] #ident(#ident #lt) }
    });
    let idents: Vec<_> = messages.iter().map(|m| &m.type_ident).collect();
    let ids: Vec<u32> = messages.iter().map(|m| m.source.def.id).collect();
    let ike_ids: Vec<u32> = messages
        .iter()
        .filter(|m| m.source.def.ike_context)
        .map(|m| m.source.def.id)
        .collect();
    let ike_match = if ike_ids.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(id, #(#ike_ids)|*))
    };
    let severities: Vec<u8> = messages.iter().map(|m| m.source.def.severity).collect();
    let contexts: Vec<bool> = messages.iter().map(|m| m.source.def.ike_context).collect();
    let count = messages.len();
    let trait_impls = trait_impls(&idents, &ids, &severities, &contexts);
    let mut sorted: Vec<(u32, &proc_macro2::Ident)> =
        ids.iter().copied().zip(idents.iter().copied()).collect();
    sorted.sort_by_key(|&(id, _)| id);
    let sorted_ids = sorted.iter().map(|&(id, _)| id);
    let sorted_idents = sorted.iter().map(|&(_, ident)| ident);
    let indexes = 0..count;
    quote! {
        /// Any message: one variant per catalog entry, and [`Message::Unknown`] for other ids.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Message<'a> {
            #(#variants,)*
            /// A message whose id the catalog does not hold, kept as sent.
            Unknown {
                /// The message id.
                id: u32,
                /// The severity on the wire.
                severity: u8,
                /// The body as sent.
                text: #p::Cow<'a, str>,
            },
        }

        impl<'a> Message<'a> {
            /// Parses the body of message `id` (the text after `%FTD-<sev>-<id>: `). Ids outside
            /// the catalog give [`Message::Unknown`].
            pub fn parse(id: u32, severity: u8, body: &'a str) -> ::core::result::Result<Self, #p::ParseError> {
                Self::parse_at(id, severity, body, 0)
            }

            /// Like [`Message::parse`], for a body starting at byte `offset` of a line.
            pub fn parse_at(id: u32, severity: u8, body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
                // The id's place among the sorted ids picks the message's parser from a
                // table: one call, rather than a `match` on the id.
                type Parser = for<'b> fn(&'b str, usize) -> ::core::result::Result<Message<'b>, #p::ParseError>;
                static SORTED_IDS: [u32; #count] = [#(#sorted_ids),*];
                static PARSERS: [Parser; #count] = [#(
                    |body, offset| #sorted_idents::parse_at(body, offset).map(Message::#sorted_idents),
                )*];
                match #p::ids::place_of(&SORTED_IDS, id).and_then(|place| PARSERS.get(place)) {
                    ::core::option::Option::Some(parse) => parse(body, offset),
                    ::core::option::Option::None => ::core::result::Result::Ok(
                        Message::Unknown { id, severity, text: #p::Cow::Borrowed(body) },
                    ),
                }
            }

            /// The message id.
            pub fn id(&self) -> u32 {
                match self {
                    #( Message::#idents(_) => #ids, )*
                    Message::Unknown { id, .. } => *id,
                }
            }

            /// The catalog's metadata, `None` for [`Message::Unknown`].
            pub fn info(&self) -> ::core::option::Option<&'static #p::MessageInfo> {
                match self {
                    #( Message::#idents(_) => ::core::option::Option::Some(&MESSAGES[#indexes]), )*
                    Message::Unknown { .. } => ::core::option::Option::None,
                }
            }

            /// The catalog name, `None` for [`Message::Unknown`].
            pub fn name(&self) -> ::core::option::Option<&'static str> {
                self.info().map(|info| info.name)
            }

            /// The severity the catalog gives, or the wire severity of an unknown message.
            pub fn severity(&self) -> u8 {
                match self {
                    Message::Unknown { severity, .. } => *severity,
                    other => other.info().map_or(0, |info| info.severity),
                }
            }

            /// Whether message `id` may carry the IKE session context prefix.
            pub fn takes_ike_context(id: u32) -> bool {
                #ike_match
            }

            /// Writes the body with the given template (see each type's `write_template`).
            pub fn write_body<W: #p::fmt::Write + ?Sized>(&self, out: &mut W, template: usize, brackets: bool) -> #p::fmt::Result {
                match self {
                    #( Message::#idents(m) => m.write_template(out, template, brackets), )*
                    Message::Unknown { text, .. } => #p::write::text(out, text),
                }
            }

            /// Calls `visitor` once per field, in declaration order ([`Message::Unknown`] has
            /// no fields).
            pub fn visit_fields(&self, visitor: &mut dyn #p::FieldVisitor) {
                match self {
                    #( Message::#idents(m) => m.visit_fields(visitor), )*
                    Message::Unknown { .. } => {}
                }
            }

            /// Converts borrowed text into owned text.
            pub fn into_owned(self) -> Message<'static> {
                match self {
                    #( Message::#idents(m) => Message::#idents(m.into_owned()), )*
                    Message::Unknown { id, severity, text } => Message::Unknown { id, severity, text: #p::Cow::Owned(text.into_owned()) },
                }
            }

            /// Draws a message `id` with every field from `source`; `None` for ids outside the
            /// catalog.
            pub fn draw(id: u32, source: &mut dyn #p::ValueSource) -> ::core::option::Option<Message<'static>> {
                match id {
                    #( #ids => ::core::option::Option::Some(Message::#idents(#idents::draw(source))), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #trait_impls
    }
}

/// `Display` and the runtime's `MessageSet` for `Message`, by its inherent methods and, for
/// `line_facts`, each message's type, id, severity, whether it takes the IKE context (in
/// catalog order) and the end of its header.
fn trait_impls(
    idents: &[&proc_macro2::Ident],
    ids: &[u32],
    severities: &[u8],
    contexts: &[bool],
) -> TokenStream {
    let p = private();
    // As headers write an id: six digits at least.
    let header_ends = ids.iter().map(|id| format!("{id:06}: "));
    let count = ids.len();
    let places = 0..count;
    quote! {
        impl<'a> #p::fmt::Display for Message<'a> {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                self.write_body(f, 0, true)
            }
        }

        impl<'a> #p::MessageSet<'a> for Message<'a> {
            fn parse_body(id: u32, severity: u8, body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
                Self::parse_at(id, severity, body, offset)
            }
            fn takes_ike_context(id: u32) -> bool {
                Self::takes_ike_context(id)
            }
            fn id(&self) -> u32 {
                Message::id(self)
            }
            fn write_body<W: #p::fmt::Write + ?Sized>(&self, out: &mut W, template: usize, brackets: bool) -> #p::fmt::Result {
                Message::write_body(self, out, template, brackets)
            }
            fn info(&self) -> ::core::option::Option<&'static #p::MessageInfo> {
                Message::info(self)
            }
            fn line_facts(&self) -> ::core::option::Option<#p::LineFacts> {
                // A table indexed by the variant's place, which the match below computes from
                // the discriminant without branching on it.
                static FACTS: [#p::LineFacts; #count] = [#( #p::LineFacts {
                    id: #ids,
                    severity: #severities,
                    ike_context: #contexts,
                    header_end: #header_ends,
                }, )*];
                let place: ::core::option::Option<usize> = match self {
                    #( Message::#idents(_) => ::core::option::Option::Some(#places), )*
                    Message::Unknown { .. } => ::core::option::Option::None,
                };
                place.and_then(|place| FACTS.get(place)).copied()
            }
        }
    }
}
