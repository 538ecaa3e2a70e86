//! [`FieldVisitor`]: reading the fields of any message generically, without matching on its
//! type. The generated `visit_fields` methods (on every message type and on
//! [`Message`](crate::Message)) call it.

use std::net::IpAddr;

use crate::info::FieldSpec;
use crate::values::{Hex, MacAddr, Quantity};

/// Receives the fields of a message, one call per field, in declaration order.
///
/// Every generated message type (and [`Message`](crate::Message)) has
/// `visit_fields(&self, &mut dyn FieldVisitor)`; [`Message::Unknown`](crate::Message::Unknown)
/// has no fields. This is how a message becomes JSON, a table row or a metric without code per
/// message type.
///
/// Each method gets the field's [`FieldSpec`] (its name, its catalog type in
/// [`FieldSpec::kind`], its description...) and its value, widened to one type per family so
/// that a visitor stays small: every unsigned integer and port arrives as `u64`, every signed
/// integer as `i64`, IPv4 and IPv6 addresses as [`IpAddr`]. The spec tells the exact type when
/// it matters.
///
/// ```
/// use ftd_syslog::{message, FieldSpec, FieldVisitor, MacAddr, Quantity};
/// use std::net::IpAddr;
///
/// /// Collects `name=value` pairs.
/// struct Pairs(Vec<String>);
///
/// impl Pairs {
///     fn push(&mut self, field: &FieldSpec, value: impl std::fmt::Display) {
///         self.0.push(format!("{}={value}", field.name));
///     }
/// }
///
/// impl FieldVisitor for Pairs {
///     fn text(&mut self, field: &'static FieldSpec, value: &str) { self.push(field, value) }
///     fn uint(&mut self, field: &'static FieldSpec, value: u64) { self.push(field, value) }
///     fn int(&mut self, field: &'static FieldSpec, value: i64) { self.push(field, value) }
///     fn hex(&mut self, field: &'static FieldSpec, value: u64) { self.push(field, format_args!("{value:#x}")) }
///     fn ip(&mut self, field: &'static FieldSpec, value: IpAddr) { self.push(field, value) }
///     fn mac(&mut self, field: &'static FieldSpec, value: MacAddr) { self.push(field, value) }
///     fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>) { self.push(field, value) }
///     fn enumeration(&mut self, field: &'static FieldSpec, value: &str, _known: bool) { self.push(field, value) }
///     fn flag(&mut self, field: &'static FieldSpec, value: bool) { self.push(field, value) }
/// }
///
/// let started = message!(716001 { group: "vpn-ra", user: "alice", ip: "192.0.2.7".parse().unwrap() });
/// let mut pairs = Pairs(Vec::new());
/// started.visit_fields(&mut pairs);
/// assert_eq!(pairs.0, ["group=vpn-ra", "user=alice", "ip=192.0.2.7"]);
/// ```
pub trait FieldVisitor {
    /// A `text`, `word` or `interface` field.
    fn text(&mut self, field: &'static FieldSpec, value: &str);
    /// An unsigned integer field (`u8`, `u16`, `u32`, `u64`) or a `port`.
    fn uint(&mut self, field: &'static FieldSpec, value: u64);
    /// A signed integer field (`i32`, `i64`).
    fn int(&mut self, field: &'static FieldSpec, value: i64);
    /// A `hex` field (SPIs, handles, addresses in the device's memory): a number that is an
    /// identifier rather than a quantity.
    fn hex(&mut self, field: &'static FieldSpec, value: u64);
    /// A `hex` field with how it was sent (`0X00FF`), for visitors that show it; by default
    /// its number goes to [`FieldVisitor::hex`].
    fn hex_as_sent(&mut self, field: &'static FieldSpec, value: Hex) {
        self.hex(field, value.value());
    }
    /// An `ipv4`, `ipv6` or `ip` field.
    fn ip(&mut self, field: &'static FieldSpec, value: IpAddr);
    /// A `mac` field.
    fn mac(&mut self, field: &'static FieldSpec, value: MacAddr);
    /// A `quantity` field (a number with a unit).
    fn quantity(&mut self, field: &'static FieldSpec, value: &Quantity<'_>);
    /// An `enum` field, as sent on the wire. `known` is false for a value outside the
    /// catalog's list (which only an open enum accepts).
    fn enumeration(&mut self, field: &'static FieldSpec, value: &str, known: bool);
    /// A `flag` field: whether its word was present.
    fn flag(&mut self, field: &'static FieldSpec, value: bool);
}
