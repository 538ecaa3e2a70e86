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
    // Most values hold no byte at or below CR: one branch-free pass (which the compiler
    // vectorises) tells, cheaper than a search on the short values fields hold.
    if !bytes.iter().fold(false, |low, &b| low | (b <= b'\r')) {
        return out.write_str(value);
    }
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
    // Branch-free over the whole (short) value, as in `text`.
    value
        .bytes()
        .fold(false, |found, b| found | (b == b'<') | (b == b'>'))
}

/// Writes an integer in decimal.
pub fn int<W: Write + ?Sized, I: itoa::Integer>(out: &mut W, value: I) -> fmt::Result {
    out.write_str(itoa::Buffer::new().format(value))
}

/// Writes a hexadecimal value as it was sent (`0x` and lowercase when made from a number).
pub fn hex<W: Write + ?Sized>(out: &mut W, value: crate::values::Hex) -> fmt::Result {
    value.write_to(out)
}

/// Writes an IPv4 address in dotted decimal, without the formatting machinery (addresses are
/// in most lines a simulator writes).
pub fn ipv4<W: Write + ?Sized>(out: &mut W, address: &std::net::Ipv4Addr) -> fmt::Result {
    let mut text = [0u8; 15];
    let mut len = 0;
    for (i, octet) in address.octets().into_iter().enumerate() {
        if i > 0 {
            text[len] = b'.';
            len += 1;
        }
        if octet >= 100 {
            text[len] = b'0' + octet / 100;
            len += 1;
        }
        if octet >= 10 {
            text[len] = b'0' + octet / 10 % 10;
            len += 1;
        }
        text[len] = b'0' + octet % 10;
        len += 1;
    }
    // Only ASCII digits and dots were written.
    out.write_str(core::str::from_utf8(&text[..len]).map_err(|_| fmt::Error)?)
}

/// Writes an IPv4 or IPv6 address as `Display` does (IPv4 without the formatting machinery).
pub fn ip<W: Write + ?Sized>(out: &mut W, address: &std::net::IpAddr) -> fmt::Result {
    match address {
        std::net::IpAddr::V4(v4) => ipv4(out, v4),
        std::net::IpAddr::V6(v6) => write!(out, "{v6}"),
    }
}

/// Writes a value through its `Display`.
pub fn display<W: Write + ?Sized, T: fmt::Display>(out: &mut W, value: &T) -> fmt::Result {
    write!(out, "{value}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_addresses_as_display_does() {
        for octets in [
            [0, 0, 0, 0],
            [192, 0, 2, 7],
            [10, 99, 100, 255],
            [1, 20, 255, 9],
        ] {
            let address = std::net::Ipv4Addr::from(octets);
            let mut out = String::new();
            super::ipv4(&mut out, &address).unwrap();
            assert_eq!(out, address.to_string());
            out.clear();
            super::ip(&mut out, &address.into()).unwrap();
            assert_eq!(out, address.to_string());
        }
    }

    #[test]
    fn escapes_line_breaks_and_nul() {
        let mut out = String::new();
        super::text(&mut out, "a\r\nb\0c").unwrap();
        assert_eq!(out, "a#015#012b#000c");
        out.clear();
        super::text(&mut out, "tab\there, no break").unwrap();
        assert_eq!(out, "tab\there, no break");
        assert!(super::has_angle_bracket("a>b") && !super::has_angle_bracket("a-b"));
    }
}
