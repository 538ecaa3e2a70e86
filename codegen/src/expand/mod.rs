//! Expansion: Rust items for a resolved catalog, one module per thing generated.
//!
//! Per message: a struct with typed fields (this module), enums for its `enum` variables
//! (`enums`), a parser per template (`parse`), a writer and `Display` (`write`), `draw`
//! (`draw`), field metadata and the field visitor (`meta`). For the catalog: the `Message`
//! enum dispatching on the numeric id (`dispatch`), static metadata (`MESSAGES`), the embedded
//! YAML sources and the `message!` macro (`meta`). Generated code reaches the runtime through
//! `::ftd_syslog::__private` only.

mod dispatch;
mod draw;
mod enums;
mod meta;
mod parse;
mod write;

use ftd_catalog::model::{IntWidth, VarKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{FieldAst, MessageAst};
use crate::fallback::Stub;

/// Everything the macro emits for a catalog.
pub struct Expansion<'c> {
    pub messages: Vec<MessageAst<'c>>,
    /// Messages that could not be generated (their mistakes are reported).
    pub stubs: Vec<Stub>,
    /// Every catalog file, embedded as `CATALOG_SOURCES`.
    pub sources: Vec<SourceFile>,
    pub macro_paths: MacroPaths,
}

/// A catalog file to embed.
pub struct SourceFile {
    /// The name errors and tools show (`catalog/716.yaml`).
    pub display: String,
    pub text: SourceText,
}

/// Where the generated code takes a file's text from.
pub enum SourceText {
    /// `include_str!` of this absolute path (so that editing the file rebuilds the crate).
    File(String),
    /// This text, written as a literal (the bundled files, which `ftd-catalog` embeds).
    Embedded(&'static str),
}

/// The paths the generated `message!` macro writes.
pub struct MacroPaths {
    /// The `ftd-syslog` crate (`$crate` or `::ftd_syslog`).
    pub runtime: TokenStream,
    /// The module holding the generated types (`$crate`, `$crate::door`).
    pub types: TokenStream,
}

pub fn catalog(expansion: &Expansion<'_>) -> TokenStream {
    let p = private();
    let structs = expansion.messages.iter().map(message);
    let stubs = expansion.stubs.iter().map(Stub::expand);
    let message_enum = dispatch::message_enum(&expansion.messages);
    let infos = expansion.messages.iter().map(meta::info);
    let sources = expansion.sources.iter().map(meta::source);
    let message_macro = meta::message_macro(&expansion.messages, &expansion.macro_paths);
    quote! {
        #(#structs)*
        #(#stubs)*
        #message_enum

        /// Metadata of every message of the catalog, sorted by id.
        pub static MESSAGES: &[#p::MessageInfo] = &[#(#infos),*];

        /// The catalog's YAML files, embedded (editing one rebuilds the crate).
        pub static CATALOG_SOURCES: &[#p::CatalogSource] = &[#(#sources),*];

        #message_macro
    }
}

fn private() -> TokenStream {
    quote!(::ftd_syslog::__private)
}

fn lifetime(message: &MessageAst<'_>) -> TokenStream {
    if message.borrows {
        quote!(<'a>)
    } else {
        TokenStream::new()
    }
}

fn static_lifetime(message: &MessageAst<'_>) -> TokenStream {
    if message.borrows {
        quote!(<'static>)
    } else {
        TokenStream::new()
    }
}

fn field_type(field: &FieldAst) -> TokenStream {
    let ty = value_type(field);
    if field.optional {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    }
}

fn value_type(field: &FieldAst) -> TokenStream {
    let p = private();
    match &field.kind {
        VarKind::Text | VarKind::Word | VarKind::Interface => quote!(#p::Cow<'a, str>),
        VarKind::Int(width) => int_type(*width),
        VarKind::Hex => quote!(#p::Hex),
        VarKind::Ipv4 => quote!(#p::Ipv4Addr),
        VarKind::Ipv6 => quote!(#p::Ipv6Addr),
        VarKind::Ip => quote!(#p::IpAddr),
        VarKind::Port => quote!(u16),
        VarKind::Mac => quote!(#p::MacAddr),
        VarKind::Quantity => quote!(#p::Quantity<'a>),
        VarKind::Enum { open, .. } => {
            let ident = field.enum_ident();
            if *open {
                quote!(#ident<'a>)
            } else {
                quote!(#ident)
            }
        }
        VarKind::Flag { .. } => quote!(bool),
    }
}

fn int_type(width: IntWidth) -> TokenStream {
    match width {
        IntWidth::U8 => quote!(u8),
        IntWidth::U16 => quote!(u16),
        IntWidth::U32 => quote!(u32),
        IntWidth::U64 => quote!(u64),
        IntWidth::I32 => quote!(i32),
        IntWidth::I64 => quote!(i64),
    }
}

/// Whether a field holds text (`Cow<str>`).
fn is_text(kind: &VarKind) -> bool {
    matches!(kind, VarKind::Text | VarKind::Word | VarKind::Interface)
}

/// How generated code reaches a field's value: by reference and by value (a copy). An optional
/// field is reached through `value`, bound by an `if let Some(value)` around the code.
fn access(field: &FieldAst) -> (TokenStream, TokenStream) {
    let fident = &field.ident;
    if field.optional {
        (quote!(value), quote!(*value))
    } else {
        (quote!(&self.#fident), quote!(self.#fident))
    }
}

/// Wraps code that uses an optional field's `value` so that it runs only when there is one.
fn when_present(field: &FieldAst, code: TokenStream) -> TokenStream {
    let fident = &field.ident;
    if field.optional {
        quote!(if let ::core::option::Option::Some(value) = &self.#fident { #code })
    } else {
        code
    }
}

/// The rustdoc of a message type: wire formats, the guide's text, explanation, action, notes.
fn message_doc(message: &MessageAst<'_>) -> String {
    use ftd_catalog::blocks::{self, BlockLayout};
    let def = &message.source.def;
    let mut doc = format!(
        "**{}** (severity {}): `{}`\n\n",
        def.id, def.severity, def.name
    );
    doc.push_str("Wire format:\n\n");
    for template in &def.templates {
        doc.push_str(&format!(
            "```text\n%FTD-{}-{}: {}\n```\n\n",
            def.severity, def.id, template
        ));
    }
    doc.push_str(&format!(
        "The guide prints: `{}`\n\n",
        def.guide.replace('`', "'")
    ));
    if def.ike_context {
        doc.push_str("May be preceded by the IKE session context (`Group = ..., Username = ..., IP = ..., `).\n\n");
    }
    if !def.explanation.is_empty() {
        doc.push_str("# Explanation (説明)\n\n");
        doc.push_str(&blocks::to_string(&def.explanation, &BlockLayout::MARKDOWN));
    }
    if !def.action.is_empty() {
        doc.push_str("# Recommended action (推奨アクション)\n\n");
        doc.push_str(&blocks::to_string(&def.action, &BlockLayout::MARKDOWN));
    }
    if !def.notes.is_empty() {
        doc.push_str("# Notes\n\n");
        for note in &def.notes {
            doc.push_str(&format!("- {note}\n"));
        }
    }
    doc
}

/// The struct's field declarations, documented with the catalog's type and the guide's words.
fn field_declarations(message: &MessageAst<'_>) -> Vec<TokenStream> {
    let vars = &message.source.def.variables;
    message
        .fields
        .iter()
        .zip(vars)
        .map(|(field, var)| {
            let fident = &field.ident;
            let ty = field_type(field);
            let mut fdoc = format!("`{}` ({})", field.name, var.ty);
            if let Some(guide) = &var.guide_name {
                fdoc.push_str(&format!(", printed `{guide}` in the guide"));
            }
            if let Some(description) = &var.description {
                fdoc.push_str(&format!(": {description}"));
            }
            quote! { #[doc = #fdoc] pub #fident: #ty }
        })
        .collect()
}

/// The field initialisers of `into_owned`.
fn owned_fields(message: &MessageAst<'_>) -> Vec<TokenStream> {
    let p = private();
    message
        .fields
        .iter()
        .map(|field| {
            let fident = &field.ident;
            let convert = match &field.kind {
                kind if is_text(kind) => Some(quote!(#p::Cow::Owned(value.into_owned()))),
                VarKind::Quantity | VarKind::Enum { open: true, .. } => {
                    Some(quote!(value.into_owned()))
                }
                _ => None,
            };
            match (convert, field.optional) {
                (Some(convert), true) => quote!(#fident: self.#fident.map(|value| #convert)),
                (Some(convert), false) => quote!(#fident: { let value = self.#fident; #convert }),
                (None, _) => quote!(#fident: self.#fident),
            }
        })
        .collect()
}

/// The struct of one message and everything implemented on it.
fn message(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let def = &message.source.def;
    let ident = &message.type_ident;
    let lt = lifetime(message);
    let static_lt = static_lifetime(message);
    let doc = message_doc(message);
    let id = def.id;
    let severity = def.severity;
    let name = &def.name;
    let templates = def.templates.iter().map(|t| t.text.as_str());
    let fields = field_declarations(message);
    let enums = message
        .fields
        .iter()
        .filter_map(|field| field.enum_type.as_ref().map(|e| enums::enum_type(field, e)));
    let specs = meta::field_specs(message);
    let parse_fns = parse::parse_fns(message);
    let write_template = write::write_template(message);
    let owned = owned_fields(message);
    let draw_fn = draw::draw_fn(message);
    let visit_fields = meta::visit_fields(message);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct #ident #lt {
            #(#fields,)*
        }

        #(#enums)*

        impl<'a> #ident #lt {
            /// The message id.
            pub const ID: u32 = #id;
            /// The severity the catalog gives (devices can be configured to log at another level).
            pub const SEVERITY: u8 = #severity;
            /// The catalog name.
            pub const NAME: &'static str = #name;
            /// The wire templates; the first is what [`Display`](::core::fmt::Display) writes.
            pub const TEMPLATES: &'static [&'static str] = &[#(#templates),*];
            /// The fields, in declaration order.
            pub const FIELDS: &'static [#p::FieldSpec] = &[#(#specs),*];

            #parse_fns

            #write_template

            /// Converts borrowed text into owned text.
            pub fn into_owned(self) -> #ident #static_lt {
                #ident { #(#owned),* }
            }

            #draw_fn

            #visit_fields
        }

        impl #lt #p::fmt::Display for #ident #lt {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                self.write_template(f, 0, true)
            }
        }
    }
}
