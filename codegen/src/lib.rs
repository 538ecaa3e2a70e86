//! Code generation for FTD syslog catalogs.
//!
//! `catalog!()` expands the bundled catalog (the YAML files `ftd-catalog` embeds);
//! `catalog!("path/to/catalog")` reads a catalog directory of one's own (relative to the
//! invoking crate's manifest directory). Either expands to one typed struct per message, with a
//! parser for every template and a writer for the wire text, plus the `Message` enum, metadata
//! and a `message!` macro. The generated code uses the `ftd-syslog` runtime, so a crate invoking
//! the macro depends on `ftd-syslog` too (which re-exports it as `ftd_syslog::catalog!`).
//!
//! `message!` is exported at the root of the invoking crate and names the generated types by
//! their path from there: a catalog expanded inside a module says which,
//! `catalog!("my-catalog", module = door)` for `mod door { ... }` at the crate root.
//!
//! A directory's files are embedded with `include_str!`, so editing one rebuilds the crate (the
//! bundled files are embedded by `ftd-catalog`, which is rebuilt, and this crate and its
//! users with it). A macro cannot see files added later; a crate whose catalog grows adds a
//! build script with `println!("cargo:rerun-if-changed=my-catalog");`.
//!
//! The macro works in stages, each in its own module: `ast` resolves the catalog into
//! identifiers and parse steps, `valid` finds mistakes (with the `ftd-catalog` validator),
//! `expand` writes the items, `fallback` the stand-ins for entries with mistakes. Every mistake
//! becomes a `compile_error!` naming `file:line:column`, the message id and what is wrong, all
//! reported at once; entries with mistakes become field-less stubs so that one mistake does not
//! cascade through user code. `message_literal` serves the generated `message!` macro.

mod ast;
mod expand;
mod fallback;
mod ident;
mod message_literal;
mod valid;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{parse_macro_input, LitStr, Token};

use expand::{Expansion, MacroPaths, SourceFile, SourceText};
use fallback::Stub;

/// Generates typed messages: for the bundled catalog with no argument, for a catalog directory
/// of one's own given as a string literal, optionally followed by `module = path` (the module,
/// from the crate root, that the expansion is in; `message!` needs it).
///
/// ```ignore
/// mod mine {
///     ftd_syslog::catalog!("my-catalog", module = mine);
/// }
/// let m = mine::Message::parse(900001, 6, "Widget w1 started.")?;
/// ```
#[proc_macro]
pub fn catalog(input: TokenStream) -> TokenStream {
    let request = parse_macro_input!(input as Request);
    expand_catalog(&request).into()
}

/// Checks the fields given to `message!` and builds the struct. Called by the generated
/// `message!` macro; not public API.
#[doc(hidden)]
#[proc_macro]
pub fn __build_message(input: TokenStream) -> TokenStream {
    let literal = parse_macro_input!(input as message_literal::Request);
    message_literal::expand(literal).into()
}

/// What `catalog!` was asked for.
struct Request {
    /// The directory of a catalog of one's own; `None` for the bundled catalog.
    dir: Option<LitStr>,
    /// The module of the expansion, relative to the crate root (empty: the root).
    module: Option<syn::Path>,
}

impl Parse for Request {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Request {
                dir: None,
                module: None,
            });
        }
        let dir: LitStr = input.parse()?;
        let mut module = None;
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "module" {
                return Err(syn::Error::new_spanned(
                    key,
                    "expected `module = path` (the module the catalog is expanded in)",
                ));
            }
            input.parse::<Token![=]>()?;
            module = Some(input.parse()?);
            input.parse::<Option<Token![,]>>()?;
        }
        Ok(Request {
            dir: Some(dir),
            module,
        })
    }
}

/// A catalog read for expansion: the loaded model, its files and where errors point.
struct Source {
    loaded: ftd_catalog::Loaded,
    files: Vec<SourceFile>,
    /// The span compile errors are reported at.
    span: Span,
}

/// The bundled catalog, from the files `ftd-catalog` embeds.
fn bundled_source() -> Source {
    let files = ftd_catalog::bundled::SOURCES
        .iter()
        .map(|(display, text)| SourceFile {
            display: (*display).to_owned(),
            text: SourceText::Embedded(text),
        })
        .collect();
    Source {
        loaded: ftd_catalog::load_sources(&ftd_catalog::bundled::SOURCES),
        files,
        span: Span::call_site(),
    }
}

/// A catalog directory of one's own.
fn directory_source(literal: &LitStr) -> syn::Result<Source> {
    let display = literal.value();
    let Some(dir) = resolve(&display) else {
        let message = format!(
            "catalog directory '{display}' not found (relative to the crate's manifest directory)"
        );
        return Err(syn::Error::new_spanned(literal, message));
    };
    let loaded = ftd_catalog::load(&dir, &display);
    // Every file is embedded, so editing one rebuilds the invoking crate.
    let mut paths = ftd_catalog::yaml_files(&dir).unwrap_or_default();
    paths.extend(
        ftd_catalog::yaml_files(&dir.join(ftd_catalog::english::ENGLISH_DIR)).unwrap_or_default(),
    );
    let files = paths
        .iter()
        .map(|path| {
            let name = path
                .strip_prefix(&dir)
                .map(|relative| relative.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            SourceFile {
                display: format!("{}/{name}", display.trim_end_matches('/')),
                text: SourceText::File(path.display().to_string()),
            }
        })
        .collect();
    Ok(Source {
        loaded,
        files,
        span: literal.span(),
    })
}

fn expand_catalog(request: &Request) -> proc_macro2::TokenStream {
    let source = match &request.dir {
        None => bundled_source(),
        Some(literal) => match directory_source(literal) {
            Ok(source) => source,
            Err(error) => return error.to_compile_error(),
        },
    };
    let catalog = &source.loaded.catalog;
    let mut errors: Vec<String> = source
        .loaded
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut broken: HashSet<u32> = source.loaded.errors.iter().filter_map(|e| e.id).collect();
    for mistake in valid::catalog(catalog) {
        broken.insert(mistake.id);
        errors.push(mistake.text);
    }
    let mut messages = Vec::new();
    let mut unresolved = Vec::new();
    for entry in &catalog.messages {
        let resolved = if broken.contains(&entry.def.id) {
            None
        } else {
            ast::message(entry)
        };
        match resolved {
            Some(resolved) => messages.push(resolved),
            None => unresolved.push(entry),
        }
    }
    // A stub takes a type name nothing else has: a name that is reserved or already generated
    // is the mistake itself, and a second definition would only add errors.
    let mut taken: HashSet<String> = valid::RESERVED.iter().map(|n| (*n).to_owned()).collect();
    for message in &messages {
        taken.insert(message.type_name.clone());
        taken.extend(
            message
                .fields
                .iter()
                .filter_map(|f| f.enum_type.as_ref().map(|e| e.ident.to_string())),
        );
    }
    let mut stubs: Vec<Stub> = Vec::new();
    for entry in unresolved {
        if let Some(stub) = Stub::for_entry(entry, &taken) {
            taken.insert(stub.type_name.clone());
            stubs.push(stub);
        }
    }
    let mut tokens = expand::catalog(&Expansion {
        messages,
        stubs,
        sources: source.files,
        macro_paths: macro_paths(request),
    });
    let mut combined: Option<syn::Error> = None;
    for text in errors {
        let error = syn::Error::new(source.span, text);
        match &mut combined {
            Some(all) => all.combine(error),
            None => combined = Some(error),
        }
    }
    if let Some(combined) = combined {
        tokens.extend(combined.to_compile_error());
    }
    tokens
}

/// The paths the generated `message!` uses. The bundled catalog's macro reaches the runtime
/// through `$crate` (robust to a renamed dependency); a catalog of one's own through
/// `::ftd_syslog`, like the rest of its generated code, and its types through `$crate` and the
/// module the expansion is in.
fn macro_paths(request: &Request) -> MacroPaths {
    let runtime = match request.dir {
        None => quote!($crate),
        Some(_) => quote!(::ftd_syslog),
    };
    let types = match &request.module {
        Some(module) => quote!($crate::#module),
        None => quote!($crate),
    };
    MacroPaths { runtime, types }
}

/// Finds a catalog directory of one's own: relative to the invoking crate's manifest
/// directory, or else to the nearest ancestor of the invoking source file that holds it
/// (trybuild compiles test files from a generated crate elsewhere).
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
        let tokens = super::expand_catalog(&super::Request {
            dir: Some(literal),
            module: Some(syn::parse_quote!(golden)),
        });
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
