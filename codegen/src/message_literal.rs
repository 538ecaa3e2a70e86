//! The struct literal behind `message!`: checks the named fields against the message's and
//! builds the struct.
//!
//! The generated `message!` arm for an id forwards here with the expected fields, so a missing
//! or extra field is reported once, naming the id and the fields it takes, instead of as a
//! cascade of struct-literal errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, Expr, Ident, LitInt, Path, Token};

/// A `message!` use, as the generated arm forwards it: the id, the struct's path, the fields
/// the message takes and the fields given.
pub struct Request {
    id: LitInt,
    path: Path,
    expected: Vec<Expected>,
    given: Vec<Given>,
    given_span: proc_macro2::Span,
}

/// A field the message takes (`name: text` or `name: value`).
struct Expected {
    name: Ident,
    /// A text field, which takes anything that converts into `Cow<str>`.
    text: bool,
}

impl Parse for Expected {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let how: Ident = input.parse()?;
        Ok(Expected {
            name,
            text: how == "text",
        })
    }
}

/// A field given to `message!`.
struct Given {
    name: Ident,
    value: Expr,
}

impl Parse for Given {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let value: Expr = input.parse()?;
        Ok(Given { name, value })
    }
}

impl Parse for Request {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let id: LitInt = input.parse()?;
        input.parse::<Token![,]>()?;
        let path: Path = input.parse()?;
        input.parse::<Token![,]>()?;
        let content;
        bracketed!(content in input);
        let expected = Punctuated::<Expected, Token![,]>::parse_terminated(&content)?
            .into_iter()
            .collect();
        input.parse::<Token![,]>()?;
        let content;
        let brace = braced!(content in input);
        let given = Punctuated::<Given, Token![,]>::parse_terminated(&content)?
            .into_iter()
            .collect();
        Ok(Request {
            id,
            path,
            expected,
            given,
            given_span: brace.span.join(),
        })
    }
}

pub fn expand(request: Request) -> TokenStream {
    let id = request.id.base10_digits();
    let expected_list = request
        .expected
        .iter()
        .map(|e| e.name.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let takes = if expected_list.is_empty() {
        "no fields".to_owned()
    } else {
        format!("fields: {expected_list}")
    };
    let mut errors: Option<syn::Error> = None;
    let mut add = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    for (index, Given { name, .. }) in request.given.iter().enumerate() {
        if !request.expected.iter().any(|e| e.name == *name) {
            add(syn::Error::new_spanned(
                name,
                format!("message {id} has no field `{name}`; it takes {takes}"),
            ));
        } else if request.given[..index].iter().any(|g| g.name == *name) {
            add(syn::Error::new_spanned(
                name,
                format!("field `{name}` of message {id} is given twice"),
            ));
        }
    }
    let missing: Vec<String> = request
        .expected
        .iter()
        .filter(|e| !request.given.iter().any(|g| g.name == e.name))
        .map(|e| format!("`{}`", e.name))
        .collect();
    if !missing.is_empty() {
        add(syn::Error::new(
            request.given_span,
            format!(
                "message {id} is missing {}; it takes {takes}",
                missing.join(", ")
            ),
        ));
    }
    if let Some(errors) = errors {
        return errors.to_compile_error();
    }
    let path = &request.path;
    let inits = request.given.iter().map(|Given { name, value }| {
        let text = request.expected.iter().any(|e| e.name == *name && e.text);
        if text {
            quote!(#name: ::core::convert::Into::into(#value))
        } else {
            quote!(#name: #value)
        }
    });
    quote!(#path { #(#inits),* })
}
