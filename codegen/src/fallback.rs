//! Stand-ins for catalog entries that cannot be generated: their mistakes are reported as
//! compile errors, and a field-less struct with the entry's constants keeps uses of the type
//! from cascading into errors of their own.

use std::collections::HashSet;

use ftd_catalog::model::{is_snake_case, CatalogEntry};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ident;

/// A message whose entry has mistakes, generated as a field-less struct.
pub struct Stub {
    /// The Rust type name (`WidgetStarted`).
    pub type_name: String,
    /// The message id.
    pub id: u32,
    /// The catalog name (`widget_started`).
    pub name: String,
    /// The severity, clamped to 0-7.
    pub severity: u8,
}

impl Stub {
    /// The stub for `entry`, unless its name cannot be a type or the type name is `taken`
    /// (reserved, or generated already): both are reported as mistakes.
    pub fn for_entry(entry: &CatalogEntry, taken: &HashSet<String>) -> Option<Stub> {
        let def = &entry.def;
        let type_name = ident::type_name(&def.name);
        let usable = is_snake_case(&def.name) && !taken.contains(&type_name);
        usable.then(|| Stub {
            type_name,
            id: def.id,
            name: def.name.clone(),
            severity: def.severity.min(7),
        })
    }

    /// The struct and its constants.
    pub fn expand(&self) -> TokenStream {
        let Stub {
            type_name,
            id,
            name,
            severity,
        } = self;
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
    }
}
