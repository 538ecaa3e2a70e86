//! Value types of message fields that the standard library lacks.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A MAC address. Parses `0050.56a1.0203`, `00:50:56:a1:02:03` and `00-50-56-a1-02-03`;
/// displays in the Cisco dotted form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MacAddr(pub [u8; 6]);

/// The text is not a MAC address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacAddrError;

impl fmt::Display for MacAddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a MAC address")
    }
}

impl std::error::Error for MacAddrError {}

impl FromStr for MacAddr {
    type Err = MacAddrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex: String = match text.len() {
            14 if text.as_bytes()[4] == b'.' && text.as_bytes()[9] == b'.' => text.replace('.', ""),
            17 => {
                let sep = text.as_bytes()[2];
                if (sep != b':' && sep != b'-')
                    || !(2..17).step_by(3).all(|i| text.as_bytes()[i] == sep)
                {
                    return Err(MacAddrError);
                }
                text.chars().filter(|c| *c != sep as char).collect()
            }
            _ => return Err(MacAddrError),
        };
        if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(MacAddrError);
        }
        let mut bytes = [0u8; 6];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| MacAddrError)?;
        }
        Ok(MacAddr(bytes))
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        write!(
            f,
            "{:02x}{:02x}.{:02x}{:02x}.{:02x}{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5]
        )
    }
}

/// A number glued to a unit (`266KB`, `30s`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Quantity<'a> {
    /// The number.
    pub value: u64,
    /// The unit as sent (ASCII letters).
    pub unit: Cow<'a, str>,
}

impl<'a> Quantity<'a> {
    /// Parses `<digits><letters>`; the unit may be empty.
    pub fn parse(text: &'a str) -> Option<Self> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = text.split_at(digits);
        if digits == 0 || !unit.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        Some(Quantity {
            value: number.parse().ok()?,
            unit: Cow::Borrowed(unit),
        })
    }

    /// Converts a borrowed unit into an owned one.
    pub fn into_owned(self) -> Quantity<'static> {
        Quantity {
            value: self.value,
            unit: Cow::Owned(self.unit.into_owned()),
        }
    }
}

impl fmt::Display for Quantity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_forms() {
        let dotted: MacAddr = "0050.56a1.0203".parse().unwrap();
        assert_eq!(dotted, "00:50:56:A1:02:03".parse().unwrap());
        assert_eq!(dotted, "00-50-56-a1-02-03".parse().unwrap());
        assert_eq!(dotted.to_string(), "0050.56a1.0203");
        assert!("0050.56a1.020".parse::<MacAddr>().is_err());
        assert!("00:50-56:a1:02:03".parse::<MacAddr>().is_err());
    }

    #[test]
    fn quantities() {
        let q = Quantity::parse("266KB").unwrap();
        assert_eq!((q.value, &*q.unit), (266, "KB"));
        assert!(Quantity::parse("KB").is_none());
        assert!(Quantity::parse("12K3").is_none());
    }
}

/// A hexadecimal value as sent: its number, and how it was written (`0x`, `0X` or no prefix,
/// leading zeros, the case of each digit), so that it is written back unchanged: `0X00FF` stays
/// `0X00FF`. A value made from a number (`Hex::from(0xff)`) is written `0xff`.
///
/// Two values are equal when they are written the same; compare [`Hex::value`] (or compare with
/// a `u64`, which does) for the number alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hex {
    value: u64,
    prefix: HexPrefix,
    /// The digits written, leading zeros included (at least the significant digits).
    digits: u16,
    /// Bit `i` set: significant digit `i` (from the least significant) is an uppercase letter.
    upper: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HexPrefix {
    None,
    Lower,
    Upper,
}

/// Why text is not a [`Hex`] value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexError {
    /// Not hexadecimal digits after an optional `0x`.
    Invalid,
    /// More than 64 bits, or more digits (leading zeros) than are kept.
    OutOfRange,
}

impl Hex {
    /// The number.
    pub fn value(self) -> u64 {
        self.value
    }

    /// Reads `[0x|0X]digits`, keeping how it is written.
    pub fn parse(text: &str) -> Result<Hex, HexError> {
        let (prefix, digits) = match text.as_bytes() {
            [b'0', b'x', ..] => (HexPrefix::Lower, &text[2..]),
            [b'0', b'X', ..] => (HexPrefix::Upper, &text[2..]),
            _ => (HexPrefix::None, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(HexError::Invalid);
        }
        let significant = digits.trim_start_matches('0');
        if significant.len() > 16 {
            return Err(HexError::OutOfRange);
        }
        let count = u16::try_from(digits.len()).map_err(|_| HexError::OutOfRange)?;
        let value = u64::from_str_radix(digits, 16).map_err(|_| HexError::OutOfRange)?;
        let upper = significant
            .bytes()
            .rev()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .fold(0u16, |mask, (i, _)| mask | 1 << i);
        Ok(Hex {
            value,
            prefix,
            digits: count,
            upper,
        })
    }

    /// Writes the value as it was sent (as `0x` and lowercase digits when made from a number).
    pub fn write_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(match self.prefix {
            HexPrefix::None => "",
            HexPrefix::Lower => "0x",
            HexPrefix::Upper => "0X",
        })?;
        let significant = if self.value == 0 {
            1
        } else {
            16 - self.value.leading_zeros() as u16 / 4
        };
        for _ in significant..self.digits {
            out.write_char('0')?;
        }
        for i in (0..significant).rev() {
            let digit = (self.value >> (4 * i) & 0xf) as u8;
            let c = if digit < 10 {
                b'0' + digit
            } else if self.upper & (1 << i) != 0 {
                b'A' + digit - 10
            } else {
                b'a' + digit - 10
            };
            out.write_char(char::from(c))?;
        }
        Ok(())
    }
}

impl From<u64> for Hex {
    fn from(value: u64) -> Self {
        let significant = if value == 0 {
            1
        } else {
            16 - value.leading_zeros() as u16 / 4
        };
        Hex {
            value,
            prefix: HexPrefix::Lower,
            digits: significant,
            upper: 0,
        }
    }
}

impl From<Hex> for u64 {
    fn from(hex: Hex) -> u64 {
        hex.value
    }
}

impl PartialEq<u64> for Hex {
    fn eq(&self, other: &u64) -> bool {
        self.value == *other
    }
}

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl FromStr for Hex {
    type Err = HexError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Hex::parse(text)
    }
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HexError::Invalid => "not a hexadecimal number like 0x1f",
            HexError::OutOfRange => "a hexadecimal value beyond 64 bits",
        })
    }
}

impl std::error::Error for HexError {}

impl Default for Hex {
    /// `0x0`.
    fn default() -> Self {
        Hex::from(0)
    }
}
