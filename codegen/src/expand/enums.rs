//! The enum generated for each `enum` variable: its variants, wire text, recognition (with
//! `Other` for an open enum's unlisted values), `into_owned` and `draw`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::private;
use crate::ast::{EnumAst, FieldAst};

pub fn enum_type(field: &FieldAst, e: &EnumAst) -> TokenStream {
    let p = private();
    let ident = &e.ident;
    let variant_idents: Vec<&Ident> = e.variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<&String> = e.variants.iter().map(|v| &v.wire).collect();
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
    // A closed enum's values are recognised in any letter case (exact first): the variant
    // says which value it is, so nothing sent is lost. An open enum keeps text in another
    // case as sent, in `Other`, unless the catalog says `ignore_case`.
    let any_case = if e.open || e.ignore_case {
        TokenStream::new()
    } else {
        quote! {
            #( if text.eq_ignore_ascii_case(#wires) { return ::core::result::Result::Ok(Self::#variant_idents); } )*
        }
    };
    let count = e.variants.len();
    let indexes = 0..count;
    // An open enum's last choice is another value (one that is not listed); a closed enum
    // falls back to its first variant when a source returns an index past the end.
    let draw_other = if e.open {
        quote!(_ => {
            let text = source.text(spec);
            #ident::known(&text).unwrap_or(#ident::Other(text))
        })
    } else {
        let first = &e.variants[0].ident;
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
                if let ::core::option::Option::Some(value) = Self::from_wire(text) {
                    return ::core::result::Result::Ok(value);
                }
                #any_case
                ::core::result::Result::Err(#p::FieldProblem::Invalid("one of the catalog's values"))
            }

            /// Converts borrowed text into owned text.
            pub fn into_owned(self) -> #ident #other_static {
                match self {
                    #( Self::#variant_idents => #ident::#variant_idents, )*
                    #other_owned
                }
            }

            #[doc(hidden)]
            pub fn draw(source: &mut dyn #p::ValueSource, spec: &#p::FieldSpec) -> #ident #other_static {
                match source.choice(spec, #alternatives) {
                    #( #indexes => #ident::#variant_idents, )*
                    #draw_other
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
