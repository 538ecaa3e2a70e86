//! What the commands print for people and programs: JSON lines of parsed records
//! ([`json`]) or ECS documents ([`ecs`]), the `parse --stats` report ([`stats`]), catalog entries
//! ([`catalog`]), and the values of loose matches as JSON ([`loose_value`]).

pub mod catalog;
pub mod ecs;
pub mod json;
pub mod stats;

use ftd_syslog::LooseValue;
use serde_json::Value;

/// A field value a loose match read, as JSON (addresses, hex and quantities as the text devices
/// write); `None` for text that is not a value of the field's type.
pub fn loose_value(value: &LooseValue<'_>) -> Option<Value> {
    Some(match value {
        LooseValue::Text(text) => Value::from(*text),
        LooseValue::Uint(n) => Value::from(*n),
        LooseValue::Int(n) => Value::from(*n),
        LooseValue::Hex(hex) => Value::from(hex.to_string()),
        LooseValue::Ip(ip) => Value::from(ip.to_string()),
        LooseValue::Mac(mac) => Value::from(mac.to_string()),
        LooseValue::Quantity(quantity) => Value::from(quantity.to_string()),
        LooseValue::Enum { value, .. } => Value::from(*value),
        LooseValue::Flag(set) => Value::from(*set),
        LooseValue::Unconverted { .. } => return None,
    })
}
