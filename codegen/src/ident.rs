//! Turning catalog names and enum values into Rust identifiers, in one place.
//!
//! Catalog names are snake_case (checked by the catalog validator); type names are their
//! UpperCamelCase form; enum values are free text (`User Requested`, `WebVPN-primary`, `true`),
//! so variants keep their ASCII letters and digits, word boundaries capitalised.

use proc_macro2::{Ident, Span};

/// Rust keywords that cannot be field names; a trailing `_` is added to them.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield", "abstract", "become",
];

/// `webvpn_session_started` -> `WebvpnSessionStarted`.
pub fn type_name(snake: &str) -> String {
    camel(snake.split('_'))
}

/// A field identifier for a snake_case variable name (`type` -> `type_`).
pub fn field_ident(snake: &str) -> Ident {
    if KEYWORDS.contains(&snake) {
        Ident::new(&format!("{snake}_"), Span::call_site())
    } else {
        Ident::new(snake, Span::call_site())
    }
}

/// A type identifier.
pub fn type_ident(camel: &str) -> Ident {
    Ident::new(camel, Span::call_site())
}

/// An enum variant for a catalog value: `User Requested` -> `UserRequested`, `true` -> `True`,
/// `3DES` -> `V3des`. Returns `None` when the value has no ASCII letter or digit.
pub fn variant_name(value: &str) -> Option<String> {
    let words = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let name = camel(words);
    if name.is_empty() {
        return None;
    }
    if name.as_bytes()[0].is_ascii_digit() {
        Some(format!("V{name}"))
    } else {
        Some(name)
    }
}

fn camel<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for word in words {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            // Keep the rest as written, except all-caps words, which read better folded
            // (`WebVPN` stays, `TRUE` becomes `True`).
            let rest: String = chars.collect();
            if word.len() > 1 && word.bytes().all(|b| !b.is_ascii_lowercase()) {
                out.push_str(&rest.to_ascii_lowercase());
            } else {
                out.push_str(&rest);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("webvpn_session_started"), "WebvpnSessionStarted");
        assert_eq!(field_ident("type").to_string(), "type_");
        assert_eq!(field_ident("ip").to_string(), "ip");
        assert_eq!(
            variant_name("User Requested").as_deref(),
            Some("UserRequested")
        );
        assert_eq!(
            variant_name("WebVPN-primary").as_deref(),
            Some("WebVPNPrimary")
        );
        assert_eq!(variant_name("TRUE").as_deref(), Some("True"));
        assert_eq!(variant_name("3DES").as_deref(), Some("V3des"));
        assert_eq!(variant_name("--"), None);
    }
}
