//! Conversions from a field's text to its type, used by generated parsers.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::cursor::FieldProblem;
use crate::values::{Hex, HexError, MacAddr, Quantity};
use crate::words::{at_least_flags, equal_flags, load8, load_padded, ONES};

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
    let len = text.len();
    if !(7..=15).contains(&len) {
        return None;
    }
    // The text as two words, its first byte lowest and zeros past its end, tested whole:
    // octets of one, two and three digits come mixed, and a loop over them would mispredict
    // where each ends. The flags of both words go into one 16-byte value, so that the dots'
    // places are read from one.
    let low = load_padded(text, 0)?;
    // Bytes 8.. from the last eight, shifted down past the ones `low` holds.
    let high = match len {
        9.. => load8(text, len - 8)? >> (8 * (16 - len)),
        _ => 0,
    };
    // Less `0`, a digit is its value and any other byte (the zeros past the end too) 10 or
    // more.
    let zeros = ONES * u64::from(b'0');
    let (x_low, x_high) = (low ^ zeros, high ^ zeros);
    let both = |low: u64, high: u64| u128::from(low) | u128::from(high) << 64;
    let not_digit = both(at_least_flags(x_low, 10), at_least_flags(x_high, 10));
    let dots = both(equal_flags(low, b'.'), equal_flags(high, b'.'));
    let within = (1u128 << (8 * len)) - 1;
    if not_digit & within != dots || dots.count_ones() != 3 {
        return None;
    }
    let first = (dots.trailing_zeros() / 8) as usize;
    let rest = dots & (dots - 1);
    let second = (rest.trailing_zeros() / 8) as usize;
    let third = ((rest & (rest - 1)).trailing_zeros() / 8) as usize;
    let x = both(x_low, x_high);
    let digit = |at: usize| u32::from((x >> (8 * at)) as u8);
    // One to three digits, no leading zero, at most 255.
    let octet = |start: usize, end: usize| {
        let digits = end - start;
        if !(1..=3).contains(&digits) {
            return None;
        }
        let tens = if digits >= 2 { digit(end - 2) } else { 0 };
        let hundreds = if digits == 3 { digit(start) } else { 0 };
        let octet = hundreds * 100 + tens * 10 + digit(end - 1);
        (octet <= 255 && !(digits >= 2 && digit(start) == 0)).then_some(octet)
    };
    let address = octet(0, first)? << 24
        | octet(first + 1, second)? << 16
        | octet(second + 1, third)? << 8
        | octet(third + 1, len)?;
    Some(Ipv4Addr::from(address))
}

/// An IPv6 address read without the general parser, with its grammar: groups of one to four
/// hex digits separated by colons, at most one `::` standing for the zero groups it
/// replaces, and optionally four decimal octets in the place of the last two groups. `None`
/// is left to the standard parser (see [`ipv6`]), so that both accept the same texts.
fn colon_hex(text: &[u8]) -> Option<Ipv6Addr> {
    let mut groups = [0u16; 8];
    let mut at = 0;
    let (head, head_quad) = groups_at(text, &mut at, &mut groups);
    if head < 8 {
        // Octets end an address: after them no `::` may come.
        if head_quad || text.get(at..at + 2) != Some(b"::") {
            return None;
        }
        at += 2;
        let mut tail = [0u16; 7];
        let (count, _) = groups_at(text, &mut at, &mut tail[..7 - head]);
        groups[8 - count..].copy_from_slice(&tail[..count]);
    }
    (at == text.len()).then(|| Ipv6Addr::from(groups))
}

/// Reads up to `groups.len()` colon-separated groups at `at`, stopping before the first
/// separator or group that does not read; returns how many groups were filled and whether
/// the last two came from octets (which end the run).
fn groups_at(text: &[u8], at: &mut usize, groups: &mut [u16]) -> (usize, bool) {
    let limit = groups.len();
    for index in 0..limit {
        let mut pos = *at;
        if index > 0 {
            if text.get(pos) != Some(&b':') {
                return (index, false);
            }
            pos += 1;
        }
        // Octets are tried where a group would be followed by a dot (octets are read first
        // where both could be; only a dot after the first run of digits tells them apart).
        // They end an address, so they run to the end of the text: octets followed by
        // anything make no address, whatever reads them.
        let mut after = pos;
        let group = hex_group(text, &mut after);
        if index + 1 < limit && text.get(after) == Some(&b'.') {
            if let Some(quad) = dotted_quad(&text[pos..]) {
                let [a, b, c, d] = quad.octets();
                groups[index] = u16::from_be_bytes([a, b]);
                groups[index + 1] = u16::from_be_bytes([c, d]);
                *at = text.len();
                return (index + 2, true);
            }
        }
        match group {
            Some(group) => {
                groups[index] = group;
                *at = after;
            }
            None => return (index, false),
        }
    }
    (limit, false)
}

/// One to four hex digits at `at` (a fifth makes it no group); advances `at` past them.
fn hex_group(text: &[u8], at: &mut usize) -> Option<u16> {
    let rest = text.get(*at..)?;
    let (mut value, mut digits) = (0u16, 0);
    while let Some(&digit) = rest.get(digits) {
        let nibble = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' | b'A'..=b'F' => (digit | 0x20) - b'a' + 10,
            _ => break,
        };
        if digits == 4 {
            return None;
        }
        value = value << 4 | u16::from(nibble);
        digits += 1;
    }
    if digits == 0 {
        return None;
    }
    *at += digits;
    Some(value)
}

/// An IPv6 address.
pub fn ipv6(text: &str, _bracketed: bool) -> Result<Ipv6Addr, FieldProblem> {
    colon_hex(text.as_bytes())
        .map_or_else(|| text.parse(), Ok)
        .map_err(|_| FieldProblem::Invalid("an IPv6 address"))
}

/// An IPv4 or IPv6 address.
pub fn ip(text: &str, _bracketed: bool) -> Result<IpAddr, FieldProblem> {
    let bytes = text.as_bytes();
    dotted_quad(bytes)
        .map(IpAddr::V4)
        .or_else(|| colon_hex(bytes).map(IpAddr::V6))
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
                        assert_eq!(fast, standard, "{text}");
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

    /// The fast reading of IPv6 addresses agrees with the standard parser: on every address
    /// spelling that compresses, shortens, pads or embeds octets, and on random strings of
    /// the bytes an address is made of.
    #[test]
    fn colon_hex_agrees_with_the_standard_parser() {
        let check = |text: &str| {
            let standard = text.parse::<Ipv6Addr>().ok();
            assert_eq!(colon_hex(text.as_bytes()), standard, "{text}");
            assert_eq!(ipv6(text, false).ok(), standard, "{text}");
            assert_eq!(ip(text, false).ok(), text.parse::<IpAddr>().ok(), "{text}");
            standard.is_some()
        };
        let mut rng = crate::draw::SplitMix64::new(17);
        let mut valid = 0;
        for _ in 0..20_000 {
            let mut groups: Vec<String> = (0..8)
                .map(|_| match rng.below(20) {
                    0 => format!("{:05x}", rng.below(0x1_0000)),
                    1 => "".to_owned(),
                    2 => "0".to_owned(),
                    3..=9 => format!("{:x}", rng.below(0x1_0000)),
                    10..=12 => format!("{:04X}", rng.below(0x1_0000)),
                    _ => format!("{:x}", rng.below(16)),
                })
                .collect();
            if rng.below(3) == 0 {
                let octets: Vec<String> = (0..4)
                    .map(|_| match rng.below(5) {
                        0 => "01".to_owned(),
                        1 => "256".to_owned(),
                        _ => rng.below(256).to_string(),
                    })
                    .collect();
                groups.truncate(6);
                groups.push(octets.join("."));
            }
            // Compress a run, or drop or add groups, some of the time.
            let count = groups.len();
            let from = rng.below(count as u64) as usize;
            let to = (from + rng.below(4) as usize).min(count);
            let text = match rng.below(4) {
                0 => format!("{}::{}", groups[..from].join(":"), groups[to..].join(":")),
                1 => groups[..from.max(1)].join(":"),
                2 => format!("{}:{}", groups.join(":"), groups[0]),
                _ => groups.join(":"),
            };
            valid += usize::from(check(&text));
        }
        assert!(
            valid > 3_000,
            "only {valid} random spellings were addresses"
        );
        let alphabet = b"0019afAFg:.:: ";
        for _ in 0..200_000 {
            let len = rng.below(24) as usize;
            let text: String = (0..len)
                .map(|_| char::from(alphabet[rng.below(alphabet.len() as u64) as usize]))
                .collect();
            check(&text);
        }
        for text in [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::1.2.3.4",
            "::ffff:192.0.2.7",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1.2.3.4::",
            "2001:DB8::1",
            "2001:db8:::1",
            "12345::",
            ":1::",
            "1::2::3",
            "fe80::1%eth0",
        ] {
            check(text);
        }
    }
}
