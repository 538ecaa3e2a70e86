//! Writers for field values, used by generated formatters (reached through `__private`).
//!
//! Text fields are written as they are, except for the three characters that could forge a
//! second log line or cut one short: CR, LF and NUL are escaped as `#015`, `#012` and `#000`
//! (the octal form rsyslog uses for control characters). So a value can never start a new line
//! on the wire; the escape is not undone when parsing. A session identity that holds `<` or `>`
//! is written bare rather than in `<...>`, which could not carry it.

use core::fmt::{self, Write};

/// Writes text, escaping CR, LF and NUL.
pub fn text<W: Write + ?Sized>(out: &mut W, value: &str) -> fmt::Result {
    let bytes = value.as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'\r', b'\n', 0, bytes) {
        let escape = match bytes[i] {
            b'\r' => "#015",
            b'\n' => "#012",
            _ => "#000",
        };
        out.write_str(&value[start..i])?;
        out.write_str(escape)?;
        start = i + 1;
    }
    out.write_str(&value[start..])
}

/// Whether a value holds `<` or `>`, so that it cannot be written inside `<...>`.
pub fn has_angle_bracket(value: &str) -> bool {
    memchr::memchr2(b'<', b'>', value.as_bytes()).is_some()
}

/// Writes an integer in decimal.
pub fn int<W: Write + ?Sized, I: itoa::Integer>(out: &mut W, value: I) -> fmt::Result {
    out.write_str(itoa::Buffer::new().format(value))
}

/// Writes a hexadecimal value as it was sent (`0x` and lowercase when made from a number).
pub fn hex<W: Write + ?Sized>(out: &mut W, value: crate::values::Hex) -> fmt::Result {
    value.write_to(out)
}

/// Writes a value through its `Display`.
pub fn display<W: Write + ?Sized, T: fmt::Display>(out: &mut W, value: &T) -> fmt::Result {
    write!(out, "{value}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_line_breaks_and_nul() {
        let mut out = String::new();
        super::text(&mut out, "a\r\nb\0c").unwrap();
        assert_eq!(out, "a#015#012b#000c");
    }
}
