//! Field values that scenarios fix: typed against a field's specification, and served to
//! generated `draw` functions through a [`ValueSource`] that falls back to random values for
//! every field a scenario leaves open.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::draw::{synthetic_spec, RandomValues};
use crate::{FieldKind, FieldSpec, MacAddr, Quantity, ValueSource};

/// A value checked against a field: what `draw` will put in the field.
#[derive(Debug, Clone, PartialEq)]
pub enum Fixed {
    /// Text of a text, word or interface field, or of an open enum's other value.
    Text(String),
    /// An integer (ints and ports).
    Int(i128),
    /// A hexadecimal value.
    Hex(u64),
    /// An address.
    Ip(IpAddr),
    /// A MAC address.
    Mac(MacAddr),
    /// A number with a unit.
    Quantity(u64, String),
    /// The index of an enum value.
    Choice(usize),
    /// Whether a flag is set.
    Flag(bool),
}

/// The range of an integer field, when `kind` is one.
pub fn int_range(kind: FieldKind) -> Option<(i128, i128)> {
    Some(match kind {
        FieldKind::U8 => (0, i128::from(u8::MAX)),
        FieldKind::U16 | FieldKind::Port => (0, i128::from(u16::MAX)),
        FieldKind::U32 => (0, i128::from(u32::MAX)),
        FieldKind::U64 => (0, i128::from(u64::MAX)),
        FieldKind::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        FieldKind::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
        _ => return None,
    })
}

/// Parses `text` as a value of `field`; the error says what the field takes.
pub fn typed(field: &FieldSpec, text: &str) -> Result<Fixed, String> {
    let kind = field.kind;
    if let Some((min, max)) = int_range(kind) {
        return match text.trim().parse::<i128>() {
            Ok(value) if (min..=max).contains(&value) => Ok(Fixed::Int(value)),
            _ => Err(format!("an integer {min}..={max} ({})", field.type_name)),
        };
    }
    match kind {
        FieldKind::Hex => {
            let digits = text
                .strip_prefix("0x")
                .or_else(|| text.strip_prefix("0X"))
                .unwrap_or(text);
            u64::from_str_radix(digits, 16)
                .map(Fixed::Hex)
                .map_err(|_| "a hexadecimal number like 0x1f2e".to_owned())
        }
        FieldKind::Ipv4 => text
            .parse::<Ipv4Addr>()
            .map(|a| Fixed::Ip(IpAddr::V4(a)))
            .map_err(|_| "an IPv4 address".to_owned()),
        FieldKind::Ipv6 => text
            .parse::<Ipv6Addr>()
            .map(|a| Fixed::Ip(IpAddr::V6(a)))
            .map_err(|_| "an IPv6 address".to_owned()),
        FieldKind::Ip => text
            .parse::<IpAddr>()
            .map(Fixed::Ip)
            .map_err(|_| "an IPv4 or IPv6 address".to_owned()),
        FieldKind::Mac => text
            .parse::<MacAddr>()
            .map(Fixed::Mac)
            .map_err(|_| "a MAC address like 0050.56a1.0203".to_owned()),
        FieldKind::Quantity => Quantity::parse(text)
            .map(|q| Fixed::Quantity(q.value, q.unit.into_owned()))
            .ok_or_else(|| "a number with a unit like 266KB".to_owned()),
        FieldKind::Flag => match text {
            "true" | "yes" => Ok(Fixed::Flag(true)),
            "false" | "no" => Ok(Fixed::Flag(false)),
            _ => Err(format!("true (writes '{}') or false", field.word)),
        },
        FieldKind::Enum => {
            let known = field.values.iter().position(|v| {
                if field.ignore_case {
                    v.eq_ignore_ascii_case(text)
                } else {
                    *v == text
                }
            });
            match known {
                Some(index) => Ok(Fixed::Choice(index)),
                None if field.open && field.accepts(text) => Ok(Fixed::Text(text.to_owned())),
                None => Err(format!("one of: {}", field.values.join(", "))),
            }
        }
        _ => {
            if field.accepts(text) {
                Ok(Fixed::Text(text.to_owned()))
            } else {
                Err(text_rule(field))
            }
        }
    }
}

/// What a text field accepts, in words.
fn text_rule(field: &FieldSpec) -> String {
    let mut rule = String::from("text without control characters, surrounding or doubled spaces");
    if matches!(field.kind, FieldKind::Word | FieldKind::Interface) {
        rule.push_str(", without spaces");
    }
    if field.bracketed {
        rule.push_str(", without '<' or '>'");
    }
    let delimiters: Vec<&str> = field
        .delimiters
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .collect();
    if !delimiters.is_empty() {
        rule.push_str(&format!(
            ", not containing {}",
            delimiters
                .iter()
                .map(|d| format!("'{d}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    rule
}

/// Draws a value of a scenario draw kind (see `ftd_catalog::scenario::DRAW_KINDS`) as text.
pub fn draw(kind: &str, random: &mut RandomValues) -> String {
    const USER: FieldSpec = synthetic_spec("user", FieldKind::Word);
    const GROUP: FieldSpec = synthetic_spec("group", FieldKind::Word);
    const TRUSTPOINT: FieldSpec = synthetic_spec("trustpoint", FieldKind::Word);
    const INTERFACE: FieldSpec = synthetic_spec("interface", FieldKind::Interface);
    const HOST: FieldSpec = synthetic_spec("host", FieldKind::Word);
    const URL: FieldSpec = synthetic_spec("url", FieldKind::Word);
    const SUBJECT: FieldSpec = FieldSpec {
        delimiters: &[],
        ..synthetic_spec("subject", FieldKind::Text)
    };
    const SERIAL: FieldSpec = synthetic_spec("serial", FieldKind::Word);
    const WORD: FieldSpec = synthetic_spec("word", FieldKind::Word);
    const NUMBER: FieldSpec = synthetic_spec("number", FieldKind::U16);
    match kind {
        "user" => random.text(&USER).into_owned(),
        "group" => random.text(&GROUP).into_owned(),
        "trustpoint" => random.text(&TRUSTPOINT).into_owned(),
        "interface" => random.text(&INTERFACE).into_owned(),
        "host" => random.text(&HOST).into_owned(),
        "url" => random.text(&URL).into_owned(),
        "subject" => random.text(&SUBJECT).into_owned(),
        "serial" => random.text(&SERIAL).into_owned(),
        "ip" => random.ip(&NUMBER).to_string(),
        "ipv4" => random.ipv4(&NUMBER).to_string(),
        "ipv6" => random.ipv6(&NUMBER).to_string(),
        "mac" => random.mac(&NUMBER).to_string(),
        "port" => random.int(&NUMBER, 1024, 65_535).to_string(),
        "number" => random.int(&NUMBER, 1, 65_535).to_string(),
        "hex" => format!("{:#x}", random.hex(&NUMBER)),
        _ => random.text(&WORD).into_owned(),
    }
}

/// The range of numbers a draw kind gives, for kinds that give numbers.
pub fn draw_int_range(kind: &str) -> Option<(i128, i128)> {
    match kind {
        "port" => Some((1024, 65_535)),
        "number" => Some((1, 65_535)),
        _ => None,
    }
}

/// A [`ValueSource`] that serves fixed values by field name and draws the rest at random.
pub struct Overrides<'a> {
    /// Where values not fixed come from.
    pub random: &'a mut RandomValues,
    /// The fixed values, by field name.
    pub fixed: &'a [(&'static str, Fixed)],
}

impl Overrides<'_> {
    fn get(&self, field: &FieldSpec) -> Option<&Fixed> {
        self.fixed
            .iter()
            .find(|(name, _)| *name == field.name)
            .map(|(_, value)| value)
    }
}

impl ValueSource for Overrides<'_> {
    fn text(&mut self, field: &FieldSpec) -> Cow<'static, str> {
        match self.get(field) {
            Some(Fixed::Text(text)) => Cow::Owned(text.clone()),
            _ => self.random.text(field),
        }
    }

    fn int(&mut self, field: &FieldSpec, min: i128, max: i128) -> i128 {
        match self.get(field) {
            Some(Fixed::Int(value)) if (min..=max).contains(value) => *value,
            _ => self.random.int(field, min, max),
        }
    }

    fn hex(&mut self, field: &FieldSpec) -> u64 {
        match self.get(field) {
            Some(Fixed::Hex(value)) => *value,
            _ => self.random.hex(field),
        }
    }

    fn ipv4(&mut self, field: &FieldSpec) -> Ipv4Addr {
        match self.get(field) {
            Some(Fixed::Ip(IpAddr::V4(address))) => *address,
            _ => self.random.ipv4(field),
        }
    }

    fn ipv6(&mut self, field: &FieldSpec) -> Ipv6Addr {
        match self.get(field) {
            Some(Fixed::Ip(IpAddr::V6(address))) => *address,
            _ => self.random.ipv6(field),
        }
    }

    fn ip(&mut self, field: &FieldSpec) -> IpAddr {
        match self.get(field) {
            Some(Fixed::Ip(address)) => *address,
            _ => self.random.ip(field),
        }
    }

    fn mac(&mut self, field: &FieldSpec) -> MacAddr {
        match self.get(field) {
            Some(Fixed::Mac(mac)) => *mac,
            _ => self.random.mac(field),
        }
    }

    fn quantity(&mut self, field: &FieldSpec) -> Quantity<'static> {
        match self.get(field) {
            Some(Fixed::Quantity(value, unit)) => Quantity {
                value: *value,
                unit: Cow::Owned(unit.clone()),
            },
            _ => self.random.quantity(field),
        }
    }

    fn choice(&mut self, field: &FieldSpec, alternatives: usize) -> usize {
        match self.get(field) {
            Some(Fixed::Choice(index)) if *index < alternatives => *index,
            // An open enum's last alternative is "another value", read with `text`.
            Some(Fixed::Text(_)) if field.open && alternatives > 0 => alternatives - 1,
            _ => self.random.choice(field, alternatives),
        }
    }

    fn flag(&mut self, field: &FieldSpec) -> bool {
        match self.get(field) {
            Some(Fixed::Flag(set)) => *set,
            _ => self.random.flag(field),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    fn spec(id: u32, name: &str) -> &'static FieldSpec {
        let info = crate::info(id).unwrap();
        info.fields.iter().find(|f| f.name == name).unwrap()
    }

    #[test]
    fn fixed_values_reach_the_message() {
        let fixed = [
            ("user", typed(spec(716002, "user"), "alice").unwrap()),
            ("ip", typed(spec(716002, "ip"), "2001:db8::7").unwrap()),
            (
                "reason",
                typed(spec(716002, "reason"), "idle timeout").unwrap(),
            ),
        ];
        let mut random = RandomValues::new(1);
        let message = Message::draw(
            716002,
            &mut Overrides {
                random: &mut random,
                fixed: &fixed,
            },
        )
        .unwrap();
        let text = message.to_string();
        assert!(text.contains("User <alice> IP <2001:db8::7>"), "{text}");
        assert!(text.ends_with("terminated: Idle Timeout."), "{text}");
        let fixed = [(
            "reason",
            typed(spec(716002, "reason"), "Cosmic Rays").unwrap(),
        )];
        let message = Message::draw(
            716002,
            &mut Overrides {
                random: &mut random,
                fixed: &fixed,
            },
        )
        .unwrap();
        assert!(message.to_string().ends_with("terminated: Cosmic Rays."));
    }

    #[test]
    fn wrong_values_say_what_fits() {
        assert!(typed(spec(716001, "ip"), "fw1")
            .unwrap_err()
            .contains("address"));
        assert!(typed(spec(720024, "unit"), "Tertiary")
            .unwrap_err()
            .contains("Primary, Secondary"));
        assert!(typed(spec(718068, "context_id"), "-1").is_err());
        assert_eq!(typed(spec(720023, "not"), "true"), Ok(Fixed::Flag(true)));
    }
}
