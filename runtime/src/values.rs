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
