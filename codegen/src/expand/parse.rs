//! Parsers: one function per template, reading the body left to right with the runtime's
//! `Cursor`, and `parse`/`parse_at`, which try every template and report the error that got
//! furthest (the cursor keeps it; a template's parser only passes a `Stop` on).

use ftd_catalog::model::VarKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{int_type, private};
use crate::ast::{FieldAst, FieldEnd, MessageAst, Step, TemplateAst, TokenStop};

/// `parse`, `parse_at` and one `parse_template_N` per template.
pub fn parse_fns(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let parsers = message
        .templates
        .iter()
        .enumerate()
        .map(|(index, template)| template_parser(message, index, template));
    let readings = match message.templates.len() {
        1 => one_reading_fns(message),
        _ => best_reading_fns(message),
    };
    quote! {
        /// Parses the message body (the text after `%FTD-<sev>-<id>: `), trying every template.
        pub fn parse(body: &'a str) -> ::core::result::Result<Self, #p::ParseError> {
            Self::parse_at(body, 0)
        }

        #readings

        #(#parsers)*
    }
}

/// `parse_at` and `parse_drifted` of a message with several templates: each pass tries
/// the templates and keeps the best reading.
fn best_reading_fns(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let id = message.source.def.id;
    let words = template_words(message);
    let tries: Vec<TokenStream> = (0..message.templates.len())
        .map(|index| reading_try(message, &words, index))
        .collect();
    let free_text = free_text_len(message, &words);
    quote! {
        /// Parses a body that starts at byte `offset` of a line; error spans are line offsets.
        /// Every template is tried exactly first, so that a line as sent never takes a
        /// drifted reading of an earlier template; then every template tolerantly.
        pub fn parse_at(body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
            let mut cursor = #p::Cursor::new(body, offset, #id);
            let mut best = ::core::option::Option::None;
            let (done, _) = Self::read_pass(body, &mut cursor, #p::Matching::Exact, &mut best);
            match best {
                ::core::option::Option::Some((_, value)) if done => ::core::result::Result::Ok(value),
                _ => Self::parse_drifted(body, cursor, best),
            }
        }

        /// The tolerant pass, after the exact one found no final reading.
        #[cold]
        #[inline(never)]
        fn parse_drifted(
            body: &'a str,
            mut cursor: #p::Cursor<'a>,
            mut best: ::core::option::Option<(usize, Self)>,
        ) -> ::core::result::Result<Self, #p::ParseError> {
            let (_, stopped) = Self::read_pass(body, &mut cursor, #p::Matching::Tolerant, &mut best);
            match best {
                ::core::option::Option::Some((_, value)) => ::core::result::Result::Ok(value),
                // Without a reading, every template was tried and stopped.
                ::core::option::Option::None => ::core::result::Result::Err(
                    cursor.into_error(stopped.expect("a message has at least one template")),
                ),
            }
        }

        /// One pass over the templates, exact or tolerant: keeps in `best` the reading with
        /// the least free text; returns whether it is final, and the stop of a reading that
        /// failed.
        fn read_pass(
            body: &'a str,
            cursor: &mut #p::Cursor<'a>,
            matching: #p::Matching,
            best: &mut ::core::option::Option<(usize, Self)>,
        ) -> (bool, ::core::option::Option<#p::Stop>) {
            let mut done = false;
            let mut stopped = ::core::option::Option::None;
            #(#tries)*
            (done, stopped)
        }

        #free_text
    }
}

/// One try of a pass: template `index`'s reading, kept when it has less free text than the
/// best so far, and the end of the pass when it is final.
fn reading_try(message: &MessageAst<'_>, words: &[Vec<String>], index: usize) -> TokenStream {
    let p = private();
    let fn_name = format_ident!("parse_template_{}", index);
    // A free-text field may have swallowed what another template reads as a literal or a
    // field: the reading with the least free text wins (the first of equals). A reading is
    // final when no rival template's own words stand in its free text (no rival can then read
    // the line with less). Rivals whose words it holds anyway are tried too, unless they cannot
    // read the line with less free text: see `rivals_cannot_beat`.
    let plain_rivals: Vec<usize> = (index + 1..words.len())
        .filter(|&j| distinctive_words(&words[j], &words[index]).is_empty())
        .collect();
    let is_final = if plain_rivals.is_empty() {
        quote!(done)
    } else {
        let most = plain_rivals
            .iter()
            .map(|&j| most_consumed_otherwise(message, &message.templates[j]))
            .try_fold(0, |most, rival| Some(usize::max(most, rival?)))
            .unwrap_or(usize::MAX);
        quote!(done && #p::rivals_cannot_beat(body, len, #most))
    };
    let (suffix, own) = exact_marks(message, index);
    let suffix = option_str(suffix);
    let own = option_str(own);
    quote! {
        cursor.restart(matching);
        // In the exact pass, a template whose suffix or own literal the body lacks cannot
        // read it: its parser is not run.
        let present = matching == #p::Matching::Tolerant
            || #p::literals_present(body, #suffix, #own);
        if present {
            match Self::#fn_name(cursor) {
                ::core::result::Result::Ok(value) => {
                    let len = value.free_text_len();
                    if best.as_ref().is_none_or(|(best_len, _)| len < *best_len) {
                        done = !value.mentions_literal_of_others(#index);
                        *best = ::core::option::Option::Some((len, value));
                        if #is_final {
                            return (done, stopped);
                        }
                    }
                }
                ::core::result::Result::Err(stop) => stopped = ::core::option::Option::Some(stop),
            }
        }
    }
}

/// What the body must hold for template `index` to read it exactly: its suffix at the end,
/// and its longest literal that no other template of the message has within its own literals,
/// blanks included (the literal that tells it apart), anywhere.
fn exact_marks<'t>(
    message: &'t MessageAst<'_>,
    index: usize,
) -> (Option<&'t str>, Option<&'t str>) {
    let template = &message.templates[index];
    let literals = |t: &'t TemplateAst| {
        t.steps
            .iter()
            .filter_map(|step| match step {
                Step::Literal(text) => Some(text.as_str()),
                Step::Field { .. } => None,
            })
            .chain(t.suffix.as_deref())
    };
    let own = literals(template)
        .filter(|literal| {
            !literal.trim_matches(' ').is_empty()
                && message
                    .templates
                    .iter()
                    .enumerate()
                    .filter(|&(other, _)| other != index)
                    .all(|(_, other)| literals(other).all(|theirs| !theirs.contains(*literal)))
        })
        .max_by_key(|literal| literal.len());
    (template.suffix.as_deref(), own)
}

/// `Some("text")` or `None` as tokens.
fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// The most bytes of a body that a reading with `template` can take as something other than
/// free text: its literals and flag words, the brackets of its fields, and the longest text
/// of each field that is not free text; `None` when such a field has no longest text (a
/// number may have any count of leading zeros).
fn most_consumed_otherwise(message: &MessageAst<'_>, template: &TemplateAst) -> Option<usize> {
    let mut most = template.suffix.as_ref().map_or(0, String::len);
    for step in &template.steps {
        let (index, bracketed) = match step {
            Step::Literal(text) => {
                most += text.len();
                continue;
            }
            Step::Field {
                index, bracketed, ..
            } => (*index, *bracketed),
        };
        let kind = &message.fields[index].kind;
        // IP addresses may come in brackets in the tolerant pass (MAC addresses and ports
        // may too, but they give `None` below).
        let address = matches!(kind, VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6);
        if bracketed || address {
            most += 2;
        }
        most += match kind {
            VarKind::Text | VarKind::Word | VarKind::Interface | VarKind::Enum { .. } => 0,
            VarKind::Flag { word } => word.len(),
            // "255.255.255.255"; six groups of four hex digits and an IPv4 address.
            VarKind::Ipv4 => 15,
            VarKind::Ip | VarKind::Ipv6 => 45,
            _ => return None,
        };
    }
    Some(most)
}

/// `parse_at` and `parse_drifted` of a message with one template: its exact reading, else
/// its tolerant one. Most messages have one template, and each line runs another message's
/// parser: kept this small, the code a line runs stays in fewer cache lines.
fn one_reading_fns(message: &MessageAst<'_>) -> TokenStream {
    let p = private();
    let id = message.source.def.id;
    quote! {
        /// Parses a body that starts at byte `offset` of a line; error spans are line offsets.
        /// The template is tried exactly first, then tolerantly.
        pub fn parse_at(body: &'a str, offset: usize) -> ::core::result::Result<Self, #p::ParseError> {
            let mut cursor = #p::Cursor::new(body, offset, #id);
            match Self::parse_template_0(&mut cursor) {
                ::core::result::Result::Ok(value) => ::core::result::Result::Ok(value),
                ::core::result::Result::Err(_) => Self::parse_drifted(cursor),
            }
        }

        /// The tolerant pass, after the exact one failed.
        #[cold]
        #[inline(never)]
        fn parse_drifted(mut cursor: #p::Cursor<'a>) -> ::core::result::Result<Self, #p::ParseError> {
            cursor.restart(#p::Matching::Tolerant);
            match Self::parse_template_0(&mut cursor) {
                ::core::result::Result::Ok(value) => ::core::result::Result::Ok(value),
                ::core::result::Result::Err(stop) => ::core::result::Result::Err(cursor.into_error(stop)),
            }
        }
    }
}

/// `parse_template_N`: the template's steps, then the struct from the fields read.
fn template_parser(message: &MessageAst<'_>, index: usize, template: &TemplateAst) -> TokenStream {
    let p = private();
    let fn_name = format_ident!("parse_template_{}", index);
    let mut body = Vec::new();
    for step in &template.steps {
        match step {
            Step::Literal(text) => body.push(quote! { cursor.literal(#text)?; }),
            Step::Field {
                index,
                end,
                bracketed,
            } => body.push(read_field(
                &message.fields[*index],
                *index,
                end,
                *bracketed,
                template,
            )),
        }
    }
    if let Some(suffix) = &template.suffix {
        body.push(quote! { cursor.suffix(#suffix)?; });
    }
    let inits = message.fields.iter().enumerate().map(|(i, field)| {
        let fident = &field.ident;
        let var = format_ident!("field_{}", i);
        match (template.present[i], field.optional) {
            (true, false) => quote!(#fident: #var),
            (true, true) => quote!(#fident: ::core::option::Option::Some(#var)),
            (false, true) => quote!(#fident: ::core::option::Option::None),
            // Unreachable for a valid catalog: every template carries every variable that
            // is not optional.
            (false, false) => quote!(#fident: ::core::default::Default::default()),
        }
    });
    quote! {
        fn #fn_name(cursor: &mut #p::Cursor<'a>) -> ::core::result::Result<Self, #p::Stop> {
            #(#body)*
            cursor.finish()?;
            ::core::result::Result::Ok(Self { #(#inits),* })
        }
    }
}

/// Reads field `index` into `field_<index>`: finds its end, then converts its text.
fn read_field(
    field: &FieldAst,
    index: usize,
    end: &FieldEnd,
    bracketed: bool,
    template: &TemplateAst,
) -> TokenStream {
    let p = private();
    let var = format_ident!("field_{}", index);
    let fname = &field.name;
    let address = matches!(
        field.kind,
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 | VarKind::Mac | VarKind::Port
    );
    let enclosure = match (bracketed, address) {
        (false, false) => quote!(#p::Enclosure::Bare),
        (true, false) => quote!(#p::Enclosure::Identity),
        (false, true) => quote!(#p::Enclosure::Address),
        (true, true) => quote!(#p::Enclosure::IdentityAddress),
    };
    let read = match end {
        FieldEnd::Flag => {
            let VarKind::Flag { word } = &field.kind else {
                unreachable!("flags end as flags")
            };
            return quote! { let #var = cursor.flag(#word); };
        }
        FieldEnd::Literal(next) => quote!(cursor.until(#next, #enclosure)?;),
        FieldEnd::Token(stop) => {
            let rule = match stop {
                TokenStop::Whitespace => quote!(#p::TokenEnd::Whitespace),
                TokenStop::First(byte) => quote!(#p::TokenEnd::First(#byte)),
                TokenStop::Last(byte) => quote!(#p::TokenEnd::Last(#byte)),
            };
            quote!(cursor.token(#rule, #enclosure)?;)
        }
        FieldEnd::Digits => quote!(cursor.digits(#enclosure)?;),
        FieldEnd::Rest => match &template.suffix {
            // A closed enum whose values hold spaces ends after the value it starts with.
            None if matches!(field.kind, VarKind::Enum { open: false, .. }) && !bracketed => {
                let ety = field.enum_ident();
                let VarKind::Enum { ignore_case, .. } = &field.kind else {
                    unreachable!("matched as an enum")
                };
                quote!(cursor.rest_among(#ety::VALUES, #ignore_case);)
            }
            Some(suffix) => {
                quote!(cursor.rest_before(::core::option::Option::Some(#suffix), #enclosure)?;)
            }
            None => quote!(cursor.rest_before(::core::option::Option::None, #enclosure)?;),
        },
    };
    // Free text takes the field's text as it is: no conversion, so nothing to fail.
    if matches!(field.kind, VarKind::Text) {
        return quote! {
            #read
            let #var = cursor.text();
        };
    }
    let convert = convert(field);
    quote! {
        #read
        let #var = cursor.field(#fname, #convert)?;
    }
}

/// The conversion from the raw field text to the field's type.
fn convert(field: &FieldAst) -> TokenStream {
    let p = private();
    match &field.kind {
        VarKind::Text => unreachable!("free text is taken as it is"),
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

/// `free_text_len`: how many bytes of a reading its free-text values hold (text, words,
/// interfaces, enumeration values), which picks between the readings of several templates;
/// `mentions_literal_of_others`: whether, for some other template, every literal word it has
/// and the template read lacks stands in them (only then may that template read the line with
/// less free text).
fn free_text_len(message: &MessageAst<'_>, words: &[Vec<String>]) -> TokenStream {
    let p = private();
    let rivals = (0..words.len()).map(|i| {
        let rivals = (0..words.len())
            .filter(|&j| j != i)
            .map(|j| distinctive_words(&words[j], &words[i]))
            .filter(|distinct| !distinct.is_empty());
        quote!(&[#(&[#(#rivals),*]),*])
    });
    let template_count = words.len();
    let texts = message.fields.iter().filter_map(|field| {
        let fident = &field.ident;
        let text = match &field.kind {
            VarKind::Text | VarKind::Word | VarKind::Interface => quote!(&**value),
            VarKind::Enum { .. } => quote!(value.as_str()),
            _ => return None,
        };
        Some(if field.optional {
            quote!(self.#fident.as_ref().map(|value| #text))
        } else {
            quote!({ let value = &self.#fident; ::core::option::Option::Some(#text) })
        })
    });
    let mentions_fn = quote! {
        fn mentions_literal_of_others(&self, template: usize) -> bool {
            const RIVALS: [&[&[&str]]; #template_count] = [#(#rivals),*];
            let rivals = RIVALS[template];
            !rivals.is_empty() && #p::mentions_all_of_any(&[#(#texts),*], rivals)
        }
    };
    let parts = message.fields.iter().filter_map(|field| {
        let fident = &field.ident;
        let len = match &field.kind {
            VarKind::Text | VarKind::Word | VarKind::Interface => quote!(value.len()),
            VarKind::Enum { .. } => quote!(value.as_str().len()),
            _ => return None,
        };
        Some(if field.optional {
            quote!(self.#fident.as_ref().map_or(0, |value| #len))
        } else {
            quote!({ let value = &self.#fident; #len })
        })
    });
    quote! {
        fn free_text_len(&self) -> usize {
            0 #(+ #parts)*
        }

        #mentions_fn
    }
}

/// The literal words of each template of the message.
fn template_words(message: &MessageAst<'_>) -> Vec<Vec<String>> {
    message
        .source
        .def
        .templates
        .iter()
        .map(|t| literal_words(&t.text))
        .collect()
}

/// The words of `rival`'s literals that `read`'s literals do not hold as often (letter case
/// aside), lowercased, longest first. For `rival` to read a line that `read` read exactly, each
/// of them must stand in the free text of `read`'s reading; when there is none, `rival` reads
/// with literals `read` has too, and its exact reading is tried anyway.
fn distinctive_words(rival: &[String], read: &[String]) -> Vec<String> {
    let mut available: Vec<String> = read.iter().map(|w| w.to_ascii_lowercase()).collect();
    let mut distinct = Vec::new();
    for word in rival {
        let lower = word.to_ascii_lowercase();
        match available.iter().position(|w| *w == lower) {
            Some(at) => {
                available.swap_remove(at);
            }
            None if lower.bytes().any(|b| b.is_ascii_alphanumeric()) => distinct.push(lower),
            // Punctuation a tolerant reading may do without (a final period) tells nothing.
            None => {}
        }
    }
    distinct.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    distinct.dedup();
    distinct
}

/// The words of a template's literals (runs of letters and digits; a literal of punctuation
/// only gives its characters), which a free-text value of another template's reading may hold.
fn literal_words(template: &str) -> Vec<String> {
    let Ok(segments) = ftd_catalog::template::parse(template) else {
        return Vec::new();
    };
    segments
        .iter()
        .filter_map(|segment| match segment {
            ftd_catalog::template::Segment::Literal(text) => Some(text),
            _ => None,
        })
        .flat_map(|text| {
            let words: Vec<String> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect();
            if words.is_empty() {
                text.chars()
                    .filter(|c| !c.is_whitespace())
                    .map(String::from)
                    .collect()
            } else {
                words
            }
        })
        .collect()
}
