//! Code generation for FTD syslog catalogs.
//!
//! `catalog!("path/to/catalog")` reads a catalog directory (relative to the invoking crate's
//! manifest directory) and expands to one typed struct per message, with a parser for every
//! template and a writer for the wire text, plus the `Message` enum, metadata and a `message!`
//! macro. The generated code uses the `ftd-syslog` runtime, so a crate invoking the macro
//! depends on `ftd-syslog` too (which re-exports it as `ftd_syslog::catalog!`).
//!
//! The expansion embeds every catalog file with `include_str!`, so editing one rebuilds the
//! crate. A macro cannot see files added later; a crate whose catalog grows adds a build script
//! with `println!("cargo:rerun-if-changed=my-catalog");` (the bundled catalog's crate does).
//!
//! The macro works in three stages, each in its own module: `ast` resolves the catalog into
//! identifiers and parse steps, `valid` finds mistakes (with the `ftd-catalog` validator),
//! `expand` writes the items. Every mistake becomes a `compile_error!` naming
//! `file:line:column`, the message id and what is wrong, all reported at once; entries with
//! mistakes become field-less stubs so that one mistake does not cascade through user code.

mod ast;
mod build;
mod expand;
mod ident;
mod valid;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use syn::{parse_macro_input, LitStr};

/// Generates typed messages for the catalog directory given as a string literal.
///
/// ```ignore
/// mod mine {
///     ftd_syslog::catalog!("my-catalog");
/// }
/// let m = mine::Message::parse(900001, 6, "Widget w1 started.")?;
/// ```
#[proc_macro]
pub fn catalog(input: TokenStream) -> TokenStream {
    let path = parse_macro_input!(input as LitStr);
    expand_catalog(&path).into()
}

/// Checks the fields given to `message!` and builds the struct. Called by the generated
/// `message!` macro; not public API.
#[doc(hidden)]
#[proc_macro]
pub fn __build_message(input: TokenStream) -> TokenStream {
    let request = parse_macro_input!(input as build::Request);
    build::expand(request).into()
}

fn expand_catalog(path: &LitStr) -> proc_macro2::TokenStream {
    let display = path.value();
    let dir = match resolve(&display) {
        Some(dir) => dir,
        None => {
            let message = format!(
                "catalog directory '{display}' not found (relative to the crate's manifest directory)"
            );
            return syn::Error::new_spanned(path, message).to_compile_error();
        }
    };
    let loaded = ftd_catalog::load(&dir, &display);
    let mut errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    let mut broken: HashSet<u32> = loaded.errors.iter().filter_map(|e| e.id).collect();
    for mistake in valid::catalog(&loaded.catalog) {
        broken.insert(mistake.id);
        errors.push(mistake.text);
    }
    let mut messages = Vec::new();
    let mut stubs = Vec::new();
    for message in &loaded.catalog.messages {
        let def = &message.def;
        let resolved = if broken.contains(&def.id) {
            None
        } else {
            ast::message(message)
        };
        match resolved {
            Some(resolved) => messages.push(resolved),
            None => {
                if ftd_catalog::model::is_snake_case(&def.name)
                    && !stubs
                        .iter()
                        .any(|s: &(String, u32, String, u8)| s.2 == def.name)
                {
                    stubs.push((
                        ident::type_name(&def.name),
                        def.id,
                        def.name.clone(),
                        def.severity.min(7),
                    ));
                }
            }
        }
    }
    // Every file is embedded, so editing one rebuilds the invoking crate.
    let files = match ftd_catalog::yaml_files(&dir) {
        Ok(paths) => paths
            .iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (
                    format!("{}/{name}", display.trim_end_matches('/')),
                    p.display().to_string(),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut tokens = expand::catalog(&expand::Expansion {
        messages,
        stubs,
        files,
    });
    if !errors.is_empty() {
        let mut combined: Option<syn::Error> = None;
        for text in errors {
            let error = syn::Error::new_spanned(path, text);
            match &mut combined {
                Some(all) => all.combine(error),
                None => combined = Some(error),
            }
        }
        tokens.extend(combined.expect("errors are not empty").to_compile_error());
    }
    tokens
}

/// Finds the catalog directory: relative to the invoking crate's manifest directory, or else
/// to the nearest ancestor of the invoking source file that holds it (trybuild compiles test
/// files from a generated crate elsewhere).
fn resolve(relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    if path.is_absolute() {
        return path.is_dir().then(|| path.to_path_buf());
    }
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let candidate = Path::new(&manifest).join(path);
        if candidate.is_dir() {
            return Some(candidate);
        }
    }
    let file = proc_macro::Span::call_site().local_file()?;
    file.ancestors()
        .skip(1)
        .map(|dir| dir.join(path))
        .find(|c| c.is_dir())
}

#[cfg(test)]
mod golden {
    //! The expansion of a small fixture catalog, compared with a committed copy so that every
    //! change to generated code is reviewed. `UPDATE_GOLDEN=1 cargo test -p ftd-codegen`
    //! rewrites the copy.

    use std::path::Path;

    #[test]
    fn expansion_matches_the_golden_copy() {
        let literal = syn::LitStr::new("tests/golden/catalog", proc_macro2::Span::call_site());
        let tokens = super::expand_catalog(&literal);
        let file: syn::File = syn::parse2(tokens).expect("the expansion is a Rust file");
        let manifest = env!("CARGO_MANIFEST_DIR");
        let code = prettyplease::unparse(&file).replace(manifest, "$CARGO_MANIFEST_DIR");
        let text = format!(
            "// @generated by ftd-codegen from tests/golden/catalog; do not edit.\n\
             // Regenerate with UPDATE_GOLDEN=1 cargo test -p ftd-codegen.\n\n{code}"
        );
        let golden = Path::new(manifest).join("tests/golden/expansion.rs");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &text).expect("the golden copy is writable");
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        assert!(
            expected == text,
            "the expansion differs from tests/golden/expansion.rs; review and rerun with UPDATE_GOLDEN=1"
        );
    }
}
