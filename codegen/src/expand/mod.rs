//! Expansion: Rust items for a resolved catalog.
//!
//! Per message: a struct with typed fields, enums for its `enum` variables, a parser per
//! template, a writer, `Display`, `into_owned` and `generate`. For the catalog: the `Message`
//! enum dispatching on the numeric id, static metadata (`MESSAGES`), the embedded YAML sources
//! (whose `include_str!` also makes cargo rebuild when a file changes), and the `message!` macro.
//! Generated code reaches the runtime through `::ftd_syslog::__private` only.

use ftd_catalog::model::{Block, IntWidth, VarKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ast::{FieldAst, FieldEnd, MessageAst, Step};

/// Everything the macro emits for a catalog.
pub struct Expansion<'c> {
    pub messages: Vec<MessageAst<'c>>,
    /// Messages that could not be generated (their mistakes are reported): `(type name, id,
    /// name, severity)`, emitted as field-less stubs so that uses of them do not cascade.
    pub stubs: Vec<(String, u32, String, u8)>,
    /// `(display name, absolute path)` of every catalog file.
    pub files: Vec<(String, String)>,
}

pub fn catalog(expansion: &Expansion<'_>) -> TokenStream {
    let p = private();
    let structs = expansion.messages.iter().map(message);
    let stubs = expansion
        .stubs
        .iter()
        .map(|(type_name, id, name, severity)| {
            let ident = format_ident!("{}", type_name);
            let doc = format!(
                "Stub for {id} `{name}`: its catalog entry has mistakes (see the compile errors)."
            );
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
                pub struct #ident;
                impl #ident {
                    /// The message id.
                    pub const ID: u32 = #id;
                    /// The severity the catalog gives.
                    pub const SEVERITY: u8 = #severity;
                    /// The catalog name.
                    pub const NAME: &'static str = #name;
                }
            }
        });
    let message_enum = message_enum(&expansion.messages);
    let infos = expansion.messages.iter().map(info);
    let sources = expansion.files.iter().map(|(display, path)| {
        quote! { #p::CatalogSource { file: #display, text: include_str!(#path) } }
    });
    let macro_arms = expansion.messages.iter().map(macro_arm);
    let ids: Vec<u32> = expansion.messages.iter().map(|m| m.source.def.id).collect();
    let ids_text = ids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let unknown_doc = format!("Known ids: {}.", abbreviate(&ids_text));
    quote! {
        #(#structs)*
        #(#stubs)*
        #message_enum

        /// Metadata of every message of the catalog, sorted by id.
        pub static MESSAGES: &[#p::MessageInfo] = &[#(#infos),*];

        /// The catalog's YAML files, embedded (editing one rebuilds the crate).
        pub static CATALOG_SOURCES: &[#p::CatalogSource] = &[#(#sources),*];

        /// Builds a typed message from its id and named fields, checked at compile time:
        /// `message!(716001 { group: "vpn-ra", user: "alice", ip: addr })`.
        ///
        /// Text fields take anything that converts into `Cow<str>`; other fields take their
        /// own type. An unknown id, a missing or an extra field is a compile error.
        #[doc = #unknown_doc]
        #[macro_export]
        macro_rules! message {
            #(#macro_arms)*
            ($id:literal $($rest:tt)*) => {
                ::core::compile_error!(::core::concat!(
                    "message!: ", ::core::stringify!($id), " is not an id of this catalog"
                ))
            };
        }
    }
}

fn abbreviate(text: &str) -> String {
    if text.len() > 120 {
        format!(
            "{} ...",
            &text[..text
                .char_indices()
                .take_while(|(i, _)| *i < 120)
                .last()
                .map_or(0, |(i, _)| i)]
        )
    } else {
        text.to_owned()
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
        VarKind::Hex => quote!(u64),
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

fn kind_name(kind: &VarKind) -> &'static str {
    match kind {
        VarKind::Text => "text",
        VarKind::Word => "word",
        VarKind::Interface => "interface",
        VarKind::Int(IntWidth::U8) => "u8",
        VarKind::Int(IntWidth::U16) => "u16",
        VarKind::Int(IntWidth::U32) => "u32",
        VarKind::Int(IntWidth::U64) => "u64",
        VarKind::Int(IntWidth::I32) => "i32",
        VarKind::Int(IntWidth::I64) => "i64",
        VarKind::Hex => "hex",
        VarKind::Ipv4 => "ipv4",
        VarKind::Ipv6 => "ipv6",
        VarKind::Ip => "ip",
        VarKind::Port => "port",
        VarKind::Mac => "mac",
        VarKind::Quantity => "quantity",
        VarKind::Enum { .. } => "enum",
        VarKind::Flag { .. } => "flag",
    }
}

fn kind_variant(kind: &VarKind) -> TokenStream {
    let p = private();
    let variant = match kind {
        VarKind::Text => quote!(Text),
        VarKind::Word => quote!(Word),
        VarKind::Interface => quote!(Interface),
        VarKind::Int(IntWidth::U8) => quote!(U8),
        VarKind::Int(IntWidth::U16) => quote!(U16),
        VarKind::Int(IntWidth::U32) => quote!(U32),
        VarKind::Int(IntWidth::U64) => quote!(U64),
        VarKind::Int(IntWidth::I32) => quote!(I32),
        VarKind::Int(IntWidth::I64) => quote!(I64),
        VarKind::Hex => quote!(Hex),
        VarKind::Ipv4 => quote!(Ipv4),
        VarKind::Ipv6 => quote!(Ipv6),
        VarKind::Ip => quote!(Ip),
        VarKind::Port => quote!(Port),
        VarKind::Mac => quote!(Mac),
        VarKind::Quantity => quote!(Quantity),
        VarKind::Enum { .. } => quote!(Enum),
        VarKind::Flag { .. } => quote!(Flag),
    };
    quote!(#p::FieldKind::#variant)
}

/// Renders explanation/action blocks as Markdown for doc comments.
fn blocks_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::List { list } => {
                for item in list {
                    match item.strip_prefix('-') {
                        Some(sub) => out.push_str(&format!("  - {}\n", sub.trim())),
                        None => out.push_str(&format!("- {item}\n")),
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

fn message_doc(message: &MessageAst<'_>) -> String {
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
        doc.push_str(&blocks_markdown(&def.explanation));
    }
    if !def.action.is_empty() {
        doc.push_str("# Recommended action (推奨アクション)\n\n");
        doc.push_str(&blocks_markdown(&def.action));
    }
    if !def.notes.is_empty() {
        doc.push_str("# Notes\n\n");
        for note in &def.notes {
            doc.push_str(&format!("- {note}\n"));
        }
    }
    doc
}

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
    let vars = &def.variables;

    let fields = message.fields.iter().zip(vars).map(|(field, var)| {
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
    });

    let enums = message
        .fields
        .iter()
        .filter_map(|field| field.enum_type.as_ref().map(|e| enum_type(field, e)));

    let parsers = message.templates.iter().enumerate().map(|(index, template)| {
        let fn_name = format_ident!("parse_template_{}", index);
        let mut body = Vec::new();
        let mut seen = vec![false; message.fields.len()];
        let last_field = template.steps.iter().rposition(|s| matches!(s, Step::Field { .. }));
        for (step_index, step) in template.steps.iter().enumerate() {
            match step {
                Step::Literal(text) => body.push(quote! { cursor.literal(#text)?; }),
                Step::Field { index, end, bracketed } => {
                    seen[*index] = true;
                    let field = &message.fields[*index];
                    let var = format_ident!("field_{}", index);
                    let fname = &field.name;
                    let read = match end {
                        FieldEnd::Flag => {
                            let VarKind::Flag { word } = &field.kind else { unreachable!("flags end as flags") };
                            body.push(quote! { let #var = cursor.flag(#word); });
                            continue;
                        }
                        FieldEnd::Literal(next) => quote!(cursor.until(#next, #bracketed)?),
                        FieldEnd::Token(Some(stop), last) => quote!(cursor.token(::core::option::Option::Some(#stop), #last, #bracketed)?),
                        FieldEnd::Token(None, _) => quote!(cursor.token(::core::option::Option::None, false, #bracketed)?),
                        FieldEnd::Digits => quote!(cursor.digits(#bracketed)?),
                        FieldEnd::Rest => {
                            debug_assert_eq!(Some(step_index), last_field);
                            match &template.suffix {
                                Some(suffix) => quote!(cursor.rest_before(::core::option::Option::Some(#suffix), #bracketed)?),
                                None => quote!(cursor.rest_before(::core::option::Option::None, #bracketed)?),
                            }
                        }
                    };
                    let convert = convert(field);
                    body.push(quote! {
                        let span = #read;
                        let #var = cursor.field(span, #fname, #convert)?;
                    });
                }
            }
        }
        if let Some(suffix) = &template.suffix {
            body.push(quote! { cursor.literal(#suffix)?; });
        }
        let inits = message.fields.iter().enumerate().map(|(i, field)| {
            let fident = &field.ident;
            let var = format_ident!("field_{}", i);
            match (seen[i], field.optional) {
                (true, false) => quote!(#fident: #var),
                (true, true) => quote!(#fident: ::core::option::Option::Some(#var)),
                (false, true) => quote!(#fident: ::core::option::Option::None),
                // Unreachable for a valid catalog: every template carries every variable that
                // is not optional.
                (false, false) => quote!(#fident: ::core::default::Default::default()),
            }
        });
        quote! {
            fn #fn_name(body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
                let mut cursor = #p::Cursor::new(body, offset, #id);
                #(#body)*
                cursor.finish()?;
                ::core::result::Result::Ok(Self { #(#inits),* })
            }
        }
    });
    let tries = (0..message.templates.len()).map(|index| {
        let fn_name = format_ident!("parse_template_{}", index);
        quote! {
            match Self::#fn_name(body, offset) {
                ::core::result::Result::Ok(value) => return ::core::result::Result::Ok(value),
                ::core::result::Result::Err(error) => furthest = #p::ParseError::furthest(furthest, error),
            }
        }
    });

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

    let owned = message.fields.iter().map(|field| {
        let fident = &field.ident;
        let convert = match &field.kind {
            VarKind::Text | VarKind::Word | VarKind::Interface => {
                Some(quote!(#p::Cow::Owned(value.into_owned())))
            }
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
    });

    // Optional fields: which templates carry which (in the order of the optional fields), so
    // that a value is written with a template that carries exactly the fields it has, and drawn
    // values follow a template's pattern.
    let optional: Vec<usize> = (0..message.fields.len())
        .filter(|&i| message.fields[i].optional)
        .collect();
    let patterns: Vec<TokenStream> = message
        .templates
        .iter()
        .map(|t| {
            let flags = optional.iter().map(|&i| t.present[i]);
            quote!([#(#flags),*])
        })
        .collect();
    let optional_count = optional.len();
    let template_count = def.templates.len();
    let (choose_template, choose_pattern) = if optional.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        let has = optional.iter().map(|&i| {
            let fident = &message.fields[i].ident;
            quote!(self.#fident.is_some())
        });
        let first = optional[0];
        (
            quote! {
                const PATTERNS: [[bool; #optional_count]; #template_count] = [#(#patterns),*];
                let has = [#(#has),*];
                let template = if PATTERNS[template] == has {
                    template
                } else {
                    PATTERNS.iter().position(|pattern| *pattern == has).unwrap_or(template)
                };
            },
            quote! {
                const PATTERNS: [[bool; #optional_count]; #template_count] = [#(#patterns),*];
                let pattern = PATTERNS[source.choice(&Self::FIELDS[#first], #template_count) % #template_count];
            },
        )
    };

    let generate = message.fields.iter().enumerate().map(|(i, field)| {
        let fident = &field.ident;
        let spec = quote!(&Self::FIELDS[#i]);
        let value = match &field.kind {
            VarKind::Text | VarKind::Word | VarKind::Interface => {
                quote!(#p::Cow::Owned(source.text(#spec)))
            }
            VarKind::Int(width) => {
                let ty = int_type(*width);
                quote!(source.int(#spec, #ty::MIN as i128, #ty::MAX as i128) as #ty)
            }
            VarKind::Hex => quote!(source.hex(#spec)),
            VarKind::Ipv4 => quote!(source.ipv4(#spec)),
            VarKind::Ipv6 => quote!(source.ipv6(#spec)),
            VarKind::Ip => quote!(source.ip(#spec)),
            VarKind::Port => quote!(source.int(#spec, 0, 65535) as u16),
            VarKind::Mac => quote!(source.mac(#spec)),
            VarKind::Quantity => quote!(source.quantity(#spec)),
            VarKind::Enum { .. } => {
                let ety = field.enum_ident();
                quote!(#ety::generate(source, #spec))
            }
            VarKind::Flag { .. } => quote!(source.flag(#spec)),
        };
        if field.optional {
            let slot = optional.iter().position(|&o| o == i).expect("an optional field");
            quote!(#fident: if pattern[#slot] { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
        } else {
            quote!(#fident: #value)
        }
    });

    let specs = message.fields.iter().zip(vars).map(|(field, var)| {
        let fname = &field.name;
        let kind = kind_variant(&field.kind);
        let kname = kind_name(&field.kind);
        let bracketed = field.bracketed;
        let optional = field.optional;
        let (values, open, ignore_case, word) = match &field.kind {
            VarKind::Enum { values, open, ignore_case } => (values.clone(), *open, *ignore_case, String::new()),
            VarKind::Flag { word } => (Vec::new(), false, false, word.clone()),
            _ => (Vec::new(), false, false, String::new()),
        };
        let delimiters: Vec<String> = message
            .templates
            .iter()
            .filter_map(|t| {
                t.steps.iter().position(|s| matches!(s, Step::Field { index, .. } if message.fields[*index].name == field.name)).map(|i| {
                    match t.steps.get(i + 1) {
                        Some(Step::Literal(text)) => text.clone(),
                        _ => t.suffix.clone().unwrap_or_default(),
                    }
                })
            })
            .collect();
        let guide_name = var.guide_name.clone().unwrap_or_default();
        let description = var.description.clone().unwrap_or_default();
        quote! {
            #p::FieldSpec {
                message: #id,
                name: #fname,
                kind: #kind,
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
            }
        }
    });
    let visits = message
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| visit_field(field, i));
    let templates = &def.templates;

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

            /// Parses the message body (the text after `%FTD-<sev>-<id>: `), trying every template.
            pub fn parse(body: &'a str) -> ::core::result::Result<Self, #p::ParseError> {
                Self::parse_at(body, 0)
            }

            /// Parses a body that starts at byte `offset` of a line; error spans are line offsets.
            pub fn parse_at(body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
                let mut furthest: ::core::option::Option<#p::ParseError> = ::core::option::Option::None;
                #(#tries)*
                ::core::result::Result::Err(furthest.expect("a message has at least one template"))
            }

            #(#parsers)*

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

            /// Converts borrowed text into owned text.
            pub fn into_owned(self) -> #ident #static_lt {
                #ident { #(#owned),* }
            }

            /// Draws a value for every field from `source`.
            pub fn generate(source: &mut dyn #p::ValueSource) -> #ident #static_lt {
                let _ = &source;
                #choose_pattern
                #ident { #(#generate),* }
            }

            /// Calls `visitor` once per field, in declaration order.
            pub fn visit_fields(&self, visitor: &mut dyn #p::FieldVisitor) {
                let _ = &visitor;
                #(#visits)*
            }
        }

        impl #lt #p::fmt::Display for #ident #lt {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                self.write_template(f, 0, true)
            }
        }
    }
}

/// The conversion closure from the raw field text to the field's type.
fn convert(field: &FieldAst) -> TokenStream {
    let p = private();
    match &field.kind {
        VarKind::Text => quote!(#p::conv::text),
        VarKind::Word => quote!(#p::conv::word),
        VarKind::Interface => quote!(#p::conv::word),
        VarKind::Int(width) => {
            let ty = int_type(*width);
            quote!(#p::conv::int::<#ty>)
        }
        VarKind::Hex => quote!(#p::conv::hex),
        VarKind::Ipv4 => quote!(#p::conv::ipv4),
        VarKind::Ipv6 => quote!(#p::conv::ipv6),
        VarKind::Ip => quote!(#p::conv::ip),
        VarKind::Port => quote!(#p::conv::int::<u16>),
        VarKind::Mac => quote!(#p::conv::mac),
        VarKind::Quantity => quote!(#p::conv::quantity),
        VarKind::Enum { .. } => {
            let ety = field.enum_ident();
            quote!(#ety::from_wire_field)
        }
        VarKind::Flag { .. } => unreachable!("flags are not converted"),
    }
}

/// The `FieldVisitor` call for field `index`: values are widened to the visitor's families
/// (unsigned, signed, address) so that visitors stay small.
fn visit_field(field: &FieldAst, index: usize) -> TokenStream {
    when_present(field, visit_value(field, index))
}

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
        VarKind::Hex => quote!(visitor.hex(#spec, #by_value);),
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

fn write_field(field: &FieldAst, bracketed: bool) -> TokenStream {
    let p = private();
    let (by_ref, by_value) = access(field);
    let write = match &field.kind {
        VarKind::Text | VarKind::Word | VarKind::Interface => {
            quote!(#p::emit::text(out, #by_ref)?;)
        }
        VarKind::Int(_) | VarKind::Port => quote!(#p::emit::int(out, #by_value)?;),
        VarKind::Hex => quote!(#p::emit::hex(out, #by_value)?;),
        VarKind::Flag { word } => quote!(if #by_value { out.write_str(#word)?; }),
        _ => quote!(#p::emit::display(out, #by_ref)?;),
    };
    let text = matches!(
        field.kind,
        VarKind::Text | VarKind::Word | VarKind::Interface
    );
    let code = if bracketed && text {
        // `<...>` cannot carry a value with an angle bracket; such a value is written bare.
        quote! {
            let bracket = brackets && !#p::emit::has_angle_bracket(#by_ref);
            if bracket { out.write_char('<')?; }
            #write
            if bracket { out.write_char('>')?; }
        }
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

fn enum_type(field: &FieldAst, e: &crate::ast::EnumAst) -> TokenStream {
    let p = private();
    let ident = &e.ident;
    let variant_idents: Vec<_> = e.variants.iter().map(|(v, _)| v).collect();
    let wires: Vec<&String> = e.variants.iter().map(|(_, w)| w).collect();
    let doc = format!("Values of the `{}` field.", field.name);
    let variant_docs = wires.iter().map(|w| format!("`{w}`"));
    let (lt, other_variant, other_str, other_parse, other_owned, other_static, derive_copy) =
        if e.open {
            (
                quote!(<'a>),
                quote! {
                    /// A value outside the catalog's list, as sent.
                    Other(#p::Cow<'a, str>),
                },
                quote!(Self::Other(text) => text,),
                quote!(::core::option::Option::Some(Self::Other(#p::Cow::Borrowed(text)))),
                quote!(Self::Other(text) => #ident::Other(#p::Cow::Owned(text.into_owned())),),
                quote!(<'static>),
                TokenStream::new(),
            )
        } else {
            (
                TokenStream::new(),
                TokenStream::new(),
                TokenStream::new(),
                quote!(::core::option::Option::None),
                TokenStream::new(),
                TokenStream::new(),
                quote!(Copy,),
            )
        };
    let matcher = if e.ignore_case {
        quote! {
            #( if text.eq_ignore_ascii_case(#wires) { return ::core::option::Option::Some(Self::#variant_idents); } )*
        }
    } else {
        quote! {
            match text {
                #( #wires => return ::core::option::Option::Some(Self::#variant_idents), )*
                _ => {}
            }
        }
    };
    let count = e.variants.len();
    let indexes = 0..count;
    // An open enum's last choice is another value (one that is not listed); a closed enum
    // falls back to its first variant when a source returns an index past the end.
    let generate_other = if e.open {
        quote!(_ => {
            let text = source.text(spec);
            #ident::known(&text).unwrap_or(#ident::Other(#p::Cow::Owned(text)))
        })
    } else {
        let first = &e.variants[0].0;
        quote!(_ => Self::#first,)
    };
    let alternatives = if e.open { count + 1 } else { count };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident #lt {
            #( #[doc = #variant_docs] #variant_idents, )*
            #other_variant
        }

        impl<'a> #ident #lt {
            /// Every value the catalog lists, in order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variant_idents => #wires, )*
                    #other_str
                }
            }

            /// Recognises one of the catalog's values.
            pub fn known(text: &str) -> ::core::option::Option<Self> {
                #matcher
                ::core::option::Option::None
            }

            /// Recognises a wire value (for an open enum, any text).
            pub fn from_wire(text: &'a str) -> ::core::option::Option<Self> {
                Self::known(text).or_else(|| #other_parse)
            }

            #[doc(hidden)]
            pub fn from_wire_field(text: &'a str, _bracketed: bool) -> ::core::result::Result<Self, #p::FieldProblem> {
                Self::from_wire(text).ok_or(#p::FieldProblem::Invalid("one of the catalog's values"))
            }

            /// Converts borrowed text into owned text.
            pub fn into_owned(self) -> #ident #other_static {
                match self {
                    #( Self::#variant_idents => #ident::#variant_idents, )*
                    #other_owned
                }
            }

            #[doc(hidden)]
            pub fn generate(source: &mut dyn #p::ValueSource, spec: &#p::FieldSpec) -> #ident #other_static {
                match source.choice(spec, #alternatives) {
                    #( #indexes => #ident::#variant_idents, )*
                    #generate_other
                }
            }
        }

        impl #lt #p::fmt::Display for #ident #lt {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn message_enum(messages: &[MessageAst<'_>]) -> TokenStream {
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
    let count = messages.len();
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
            /// the catalog give [`Message::Unknown`]; dispatch is a `match` on the id.
            pub fn parse(id: u32, severity: u8, body: &'a str) -> ::core::result::Result<Self, #p::ParseError> {
                Self::parse_at(id, severity, body, 0)
            }

            /// Like [`Message::parse`], for a body starting at byte `offset` of a line.
            pub fn parse_at(id: u32, severity: u8, body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
                ::core::result::Result::Ok(match id {
                    #( #ids => Message::#idents(#idents::parse_at(body, offset)?), )*
                    _ => Message::Unknown { id, severity, text: #p::Cow::Borrowed(body) },
                })
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
                    Message::Unknown { text, .. } => #p::emit::text(out, text),
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
            pub fn generate(id: u32, source: &mut dyn #p::ValueSource) -> ::core::option::Option<Message<'static>> {
                match id {
                    #( #ids => ::core::option::Option::Some(Message::#idents(#idents::generate(source))), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

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
        }
    }
}

fn info(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let def = &message.source.def;
    let id = def.id;
    let name = &def.name;
    let type_name = &message.type_name;
    let severity = def.severity;
    let ike = def.ike_context;
    let guide = &def.guide;
    let ident = &message.type_ident;
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
        }
    }
}

fn macro_arm(message: &MessageAst<'_>) -> TokenStream {
    let id = Literal::u32_unsuffixed(message.source.def.id);
    let ident = &message.type_ident;
    let fields = message.fields.iter().map(|f| {
        let fident = &f.ident;
        let text = matches!(f.kind, VarKind::Text | VarKind::Word | VarKind::Interface);
        if text && !f.optional {
            quote!(#fident: text)
        } else {
            quote!(#fident: value)
        }
    });
    quote! {
        (#id { $($field:ident : $value:expr),* $(,)? }) => {
            $crate::__private::build_message!(#id, $crate::#ident, [#(#fields),*], { $($field : $value),* })
        };
    }
}
