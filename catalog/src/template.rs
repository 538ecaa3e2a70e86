//! The wire-template language: literal text with typed placeholders.
//!
//! A template is the text a device sends after `%FTD-<severity>-<id>: `:
//!
//! - `{name}` is a placeholder for the variable `name`;
//! - `{<name>}` is a placeholder that newer software encloses in angle brackets
//!   (`User <alice>`) and older software sends bare (`User alice`); an emitter writes the
//!   brackets, a parser accepts both forms, and a bracketed value may contain spaces;
//! - `{{` and `}}` stand for literal braces;
//! - a run of whitespace in a literal matches one or more spaces on the wire and is written as
//!   one space.

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, whitespace runs folded to one space.
    Literal(String),
    /// A placeholder.
    Field {
        /// The variable name.
        name: String,
        /// Whether newer software encloses the value in `<...>`.
        bracketed: bool,
    },
}

/// A template syntax error, with the byte offset into the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset into the template text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits a template into segments.
///
/// Invariants of the result: no two literals are adjacent, no literal is empty, and literal
/// whitespace is folded to single spaces.
pub fn parse(template: &str) -> Result<Vec<Segment>, TemplateError> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                literal.push('{');
                i += 2;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                literal.push('}');
                i += 2;
            }
            b'{' => {
                let close = template[i..].find('}').ok_or_else(|| TemplateError {
                    offset: i,
                    message: "unclosed '{'".into(),
                })? + i;
                let inner = &template[i + 1..close];
                let (name, bracketed) = match inner.strip_prefix('<') {
                    Some(rest) => match rest.strip_suffix('>') {
                        Some(name) => (name, true),
                        None => {
                            return Err(TemplateError {
                                offset: i,
                                message: format!(
                                    "placeholder '{{{inner}}}' opens '<' without closing '>'"
                                ),
                            })
                        }
                    },
                    None => (inner, false),
                };
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    || name.as_bytes()[0].is_ascii_digit()
                {
                    return Err(TemplateError {
                        offset: i,
                        message: format!(
                            "placeholder '{{{inner}}}' is not a snake_case variable name"
                        ),
                    });
                }
                if !literal.is_empty() {
                    segments.push(Segment::Literal(std::mem::take(&mut literal)));
                }
                segments.push(Segment::Field {
                    name: name.to_owned(),
                    bracketed,
                });
                i = close + 1;
            }
            b'}' => {
                return Err(TemplateError {
                    offset: i,
                    message: "unmatched '}' (write '}}' for a literal brace)".into(),
                })
            }
            _ => {
                let ch = template[i..].chars().next().expect("in bounds");
                if ch.is_whitespace() {
                    if !literal.ends_with(' ') {
                        literal.push(' ');
                    }
                } else {
                    literal.push(ch);
                }
                i += ch.len_utf8();
            }
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Literal(literal));
    }
    Ok(segments)
}

/// The variable names a template uses, in order of first use.
pub fn field_names(segments: &[Segment]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for segment in segments {
        if let Segment::Field { name, .. } = segment {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.into())
    }
    fn field(s: &str, bracketed: bool) -> Segment {
        Segment::Field {
            name: s.into(),
            bracketed,
        }
    }

    #[test]
    fn splits_literals_and_fields() {
        assert_eq!(
            parse("Group {<group>} User {<user>}  IP {ip} started.").unwrap(),
            vec![
                lit("Group "),
                field("group", true),
                lit(" User "),
                field("user", true),
                lit(" IP "),
                field("ip", false),
                lit(" started."),
            ]
        );
    }

    #[test]
    fn escapes_braces() {
        assert_eq!(
            parse("a {{b}} {c}").unwrap(),
            vec![lit("a {b} "), field("c", false)]
        );
    }

    #[test]
    fn reports_offsets() {
        assert_eq!(parse("abc {x").unwrap_err().offset, 4);
        assert_eq!(parse("a } b").unwrap_err().offset, 2);
        assert!(parse("{Bad}").unwrap_err().message.contains("snake_case"));
        assert!(parse("{<x}").unwrap_err().message.contains("'<'"));
    }
}
