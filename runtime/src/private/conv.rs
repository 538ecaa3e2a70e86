//! Conversions from a field's text to its type, used by generated parsers.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::cursor::FieldProblem;
use crate::values::{Hex, HexError, MacAddr, Quantity};

/// Free text, borrowed.
pub fn text(text: &str, _bracketed: bool) -> Result<Cow<'_, str>, FieldProblem> {
    Ok(Cow::Borrowed(text))
}

/// A non-empty token; spaces only inside `<...>`.
pub fn word(text: &str, bracketed: bool) -> Result<Cow<'_, str>, FieldProblem> {
    if text.is_empty() || (!bracketed && text.bytes().any(|b| b.is_ascii_whitespace())) {
        Err(FieldProblem::Invalid("a word without spaces"))
    } else {
        Ok(Cow::Borrowed(text))
    }
}

/// Integer types a field can have.
pub trait FieldInt: Sized {
    /// The type's name, for errors.
    const NAME: &'static str;
    /// Parses decimal text.
    fn parse_decimal(text: &str) -> Option<Self>;
}

macro_rules! field_int {
    ($($ty:ty),*) => {$(
        impl FieldInt for $ty {
            const NAME: &'static str = stringify!($ty);
            fn parse_decimal(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
field_int!(u8, u16, u32, u64, i32, i64);

/// A decimal integer of type `T`.
pub fn int<T: FieldInt>(text: &str, _bracketed: bool) -> Result<T, FieldProblem> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || text.starts_with('+') {
        return Err(FieldProblem::Invalid("a decimal number"));
    }
    T::parse_decimal(text).ok_or(FieldProblem::OutOfRange(T::NAME))
}

/// A hexadecimal value, `0x` prefix optional, kept as written.
pub fn hex(text: &str, _bracketed: bool) -> Result<Hex, FieldProblem> {
    Hex::parse(text).map_err(|error| match error {
        HexError::Invalid => FieldProblem::Invalid("a hexadecimal number like 0x1f"),
        HexError::OutOfRange => FieldProblem::OutOfRange("a 64-bit hexadecimal value"),
    })
}

/// An IPv4 address.
pub fn ipv4(text: &str, _bracketed: bool) -> Result<Ipv4Addr, FieldProblem> {
    dotted_quad(text.as_bytes())
        .map_or_else(|| text.parse(), Ok)
        .map_err(|_| FieldProblem::Invalid("an IPv4 address"))
}

/// The common form of an IPv4 address, read without the general parser: four decimal
/// octets of one to three digits, none above 255 and none with a leading zero. Anything else
/// gives `None` and is left to the standard parser, so that both accept the same texts.
fn dotted_quad(text: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut at = 0;
    for (index, octet) in octets.iter_mut().enumerate() {
        if index > 0 {
            if text.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let digits = text[at.min(text.len())..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 3 || (digits > 1 && text[at] == b'0') {
            return None;
        }
        let value = text[at..at + digits]
            .iter()
            .fold(0u16, |value, d| value * 10 + u16::from(d - b'0'));
        *octet = u8::try_from(value).ok()?;
        at += digits;
    }
    (at == text.len()).then(|| Ipv4Addr::from(octets))
}

/// An IPv6 address.
pub fn ipv6(text: &str, _bracketed: bool) -> Result<Ipv6Addr, FieldProblem> {
    text.parse()
        .map_err(|_| FieldProblem::Invalid("an IPv6 address"))
}

/// An IPv4 or IPv6 address.
pub fn ip(text: &str, _bracketed: bool) -> Result<IpAddr, FieldProblem> {
    dotted_quad(text.as_bytes())
        .map(IpAddr::V4)
        .map_or_else(|| text.parse(), Ok)
        .map_err(|_| FieldProblem::Invalid("an IP address"))
}

/// A MAC address.
pub fn mac(text: &str, _bracketed: bool) -> Result<MacAddr, FieldProblem> {
    text.parse()
        .map_err(|_| FieldProblem::Invalid("a MAC address like 0050.56a1.0203"))
}

/// A number with a unit suffix.
pub fn quantity(text: &str, _bracketed: bool) -> Result<Quantity<'_>, FieldProblem> {
    Quantity::parse(text).ok_or(FieldProblem::Invalid("a number with a unit, like 266KB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading of IPv4 addresses accepts exactly what the standard parser accepts,
    /// with the same value, on every combination of octet spellings.
    #[test]
    fn dotted_quad_agrees_with_the_standard_parser() {
        let octets = [
            "0", "00", "000", "1", "01", "001", "9", "10", "99", "100", "199", "249", "255", "256",
            "300", "999", "1000", "", " 1", "+1", "1a",
        ];
        let mut checked = 0;
        for a in octets {
            for b in octets {
                for c in octets {
                    for d in octets {
                        let text = format!("{a}.{b}.{c}.{d}");
                        let fast = dotted_quad(text.as_bytes());
                        let standard = text.parse::<Ipv4Addr>().ok();
                        if let Some(fast) = fast {
                            assert_eq!(Some(fast), standard, "{text}");
                        }
                        assert_eq!(ipv4(&text, false).ok(), standard, "{text}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 21usize.pow(4));
        for text in [
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "1..2.3",
            "::1",
            "1.2.3.4/24",
        ] {
            assert_eq!(dotted_quad(text.as_bytes()), None, "{text}");
            assert_eq!(ip(text, false).ok(), text.parse::<IpAddr>().ok(), "{text}");
        }
        assert_eq!(
            dotted_quad(b"192.0.2.255"),
            Some(Ipv4Addr::new(192, 0, 2, 255))
        );
    }
}
