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
    text.parse()
        .map_err(|_| FieldProblem::Invalid("an IPv4 address"))
}

/// An IPv6 address.
pub fn ipv6(text: &str, _bracketed: bool) -> Result<Ipv6Addr, FieldProblem> {
    text.parse()
        .map_err(|_| FieldProblem::Invalid("an IPv6 address"))
}

/// An IPv4 or IPv6 address.
pub fn ip(text: &str, _bracketed: bool) -> Result<IpAddr, FieldProblem> {
    text.parse()
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
