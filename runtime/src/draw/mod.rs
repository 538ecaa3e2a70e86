//! Drawing field values: the [`ValueSource`] trait that generated `draw` functions call,
//! and [`RandomValues`], a seeded source of realistic, type-correct values.
//!
//! Addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
//! 203.0.113.0/24, 2001:db8::/32) unless configured otherwise. Text is drawn by what the field
//! holds ([`FieldSpec::value_kind`], the catalog's `kind:`; one generator per kind), and only for
//! catalogs that name no kind by what the field is called. Values of one line agree with each
//! other: its addresses differ, a range runs upwards, a netmask is contiguous, and the user and
//! tunnel group drawn for the body are at hand for the IKE context ([`RandomValues::drawn`]).
//! The same seed gives the same values on every platform.

mod kinds;
mod plan;
mod vocab;

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::info::{FieldKind, FieldSpec};
use crate::value_kind::ValueKind;
use crate::values::{MacAddr, Quantity};
use kinds::Shape;
use plan::{FieldPlan, Plans};

/// A source of field values. Generated `draw` functions call one method per field.
pub trait ValueSource {
    /// A message `id` is drawn next: its values need not agree with earlier messages'.
    fn start_message(&mut self, id: u32) {
        let _ = id;
    }
    /// Text for a text, word or interface field (it must satisfy [`FieldSpec::accepts`]).
    /// Values from a fixed vocabulary are borrowed, so that drawing them allocates nothing.
    fn text(&mut self, field: &FieldSpec) -> Cow<'static, str>;
    /// An integer within `min..=max`.
    fn int(&mut self, field: &FieldSpec, min: i128, max: i128) -> i128;
    /// A hexadecimal value.
    fn hex(&mut self, field: &FieldSpec) -> u64;
    /// An IPv4 address.
    fn ipv4(&mut self, field: &FieldSpec) -> Ipv4Addr;
    /// An IPv6 address.
    fn ipv6(&mut self, field: &FieldSpec) -> Ipv6Addr;
    /// An IPv4 or IPv6 address.
    fn ip(&mut self, field: &FieldSpec) -> IpAddr;
    /// A MAC address.
    fn mac(&mut self, field: &FieldSpec) -> MacAddr;
    /// A number with a unit.
    fn quantity(&mut self, field: &FieldSpec) -> Quantity<'static>;
    /// An index into `alternatives` choices (for an open enum the last one means "another
    /// value", which is then drawn with [`ValueSource::text`]).
    fn choice(&mut self, field: &FieldSpec, alternatives: usize) -> usize;
    /// Whether a flag is set.
    fn flag(&mut self, field: &FieldSpec) -> bool;
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same sequence
/// everywhere, which is what `--seed` promises.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which must not be 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// A random element of a non-empty slice.
    pub fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `true` with probability `numerator / denominator`.
    pub fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }
}

/// The IPv4 networks addresses are drawn from, as `(network, prefix length)`.
pub const DOCUMENTATION_V4: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
];

/// The IPv6 network addresses are drawn from.
pub const DOCUMENTATION_V6: (Ipv6Addr, u8) = (Ipv6Addr::new(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0), 32);

const UNITS: &[&str] = &["KB", "MB", "s", "ms"];

/// A [`ValueSource`] of realistic values, seeded.
#[derive(Debug, Clone)]
pub struct RandomValues {
    rng: SplitMix64,
    v4_networks: Vec<(Ipv4Addr, u8)>,
    v6_network: (Ipv6Addr, u8),
    /// Out of 100, how often an `ip` field gets an IPv6 address.
    pub ipv6_percent: u64,
    /// Whether numbers range over the whole type (property tests) rather than realistic sizes.
    pub full_range: bool,
    /// What the fields of the message being drawn hold so far.
    line: Line,
    /// How each field drawn so far takes its text.
    plans: Plans,
}

/// The values drawn for the message being drawn: what later fields of the line must agree
/// with. A new message (another id, or a field drawn twice) starts a new line.
#[derive(Debug, Clone, Default)]
struct Line {
    message: u32,
    fields: Vec<&'static str>,
    addresses: Vec<IpAddr>,
    range_start: Option<IpAddr>,
    texts: Vec<(ValueKind, Drawn)>,
    /// The composed texts of the line, one after the other.
    composed: String,
}

/// A text drawn on the line: static (a vocabulary entry), or where it lies in the line's
/// composed texts (copied there, so that keeping it allocates nothing).
#[derive(Debug, Clone)]
enum Drawn {
    Static(&'static str),
    Composed(std::ops::Range<usize>),
}

impl Line {
    /// Starts the line of `message`, keeping the memory of the last one.
    fn restart(&mut self, message: u32) {
        self.message = message;
        self.fields.clear();
        self.addresses.clear();
        self.range_start = None;
        self.texts.clear();
        self.composed.clear();
    }

    /// Keeps `value`, drawn for a field of `kind` (a reference to the `Cow`: whether it is
    /// borrowed tells whether it must be copied).
    #[allow(clippy::ptr_arg)]
    fn keep(&mut self, kind: ValueKind, value: &Cow<'static, str>) {
        let drawn = match value {
            Cow::Borrowed(text) => Drawn::Static(text),
            Cow::Owned(text) => {
                let start = self.composed.len();
                self.composed.push_str(text);
                Drawn::Composed(start..self.composed.len())
            }
        };
        self.texts.push((kind, drawn));
    }

    /// Whether `name` was drawn on this line (names are compared by address first: they are
    /// the generated code's static text).
    fn has(&self, name: &str) -> bool {
        self.fields
            .iter()
            .any(|drawn| std::ptr::eq(*drawn, name) || *drawn == name)
    }
}

impl RandomValues {
    /// A source with the documentation address ranges.
    pub fn new(seed: u64) -> Self {
        RandomValues {
            rng: SplitMix64::new(seed),
            v4_networks: DOCUMENTATION_V4.to_vec(),
            v6_network: DOCUMENTATION_V6,
            ipv6_percent: 20,
            full_range: false,
            line: Line::default(),
            plans: Plans::default(),
        }
    }

    /// Draws addresses from other networks.
    pub fn with_networks(mut self, v4: Vec<(Ipv4Addr, u8)>, v6: (Ipv6Addr, u8)) -> Self {
        if !v4.is_empty() {
            self.v4_networks = v4;
        }
        self.v6_network = v6;
        self
    }

    /// The generator, for callers that draw their own values alongside.
    pub fn rng(&mut self) -> &mut SplitMix64 {
        &mut self.rng
    }

    /// The text drawn for a field of kind `kind` in the message drawn last (its user name,
    /// tunnel group...), so that an IKE context written with it can agree with the body.
    pub fn drawn(&self, kind: ValueKind) -> Option<&str> {
        let (_, drawn) = self.line.texts.iter().find(|(k, _)| *k == kind)?;
        Some(match drawn {
            Drawn::Static(text) => text,
            Drawn::Composed(range) => &self.line.composed[range.clone()],
        })
    }

    /// [`RandomValues::drawn`], as a value to keep (borrowed when it came from a vocabulary,
    /// so that keeping it costs nothing).
    pub fn drawn_text(&self, kind: ValueKind) -> Option<Cow<'static, str>> {
        let (_, drawn) = self.line.texts.iter().find(|(k, _)| *k == kind)?;
        Some(match drawn {
            Drawn::Static(text) => Cow::Borrowed(text),
            Drawn::Composed(range) => Cow::Owned(self.line.composed[range.clone()].to_owned()),
        })
    }

    /// Text of `kind` outside any message (an IKE context part, a scenario value): one word
    /// without commas, so that it reads back from a context prefix.
    pub fn text_of(&mut self, kind: ValueKind) -> Cow<'static, str> {
        const fn spec_of(kind: ValueKind) -> FieldSpec {
            FieldSpec {
                type_name: "word",
                value_kind: kind,
                ..synthetic_spec("value", FieldKind::Word)
            }
        }
        // What IKE contexts name, in static memory: their plans are found by address.
        static TUNNEL_GROUP: FieldSpec = spec_of(ValueKind::TunnelGroup);
        static USERNAME: FieldSpec = spec_of(ValueKind::Username);
        match kind {
            ValueKind::TunnelGroup => self.text(&TUNNEL_GROUP),
            ValueKind::Username => self.text(&USERNAME),
            kind => self.text(&spec_of(kind)),
        }
    }

    /// An address outside any message (the peer of an IKE context): IPv6 at `ipv6_percent`,
    /// from the configured networks; it starts a new line, as a value of no message does.
    pub fn address_outside(&mut self) -> IpAddr {
        const OUTSIDE: FieldSpec = synthetic_spec("number", FieldKind::U16);
        self.ip(&OUTSIDE)
    }

    /// Notes that `field` is drawn now, starting a new line when it belongs to another message.
    fn enter(&mut self, field: &FieldSpec) {
        if field.message != self.line.message || self.line.has(field.name) {
            self.line.restart(field.message);
        }
        self.line.fields.push(field.name);
    }

    /// An address of the line's family choice that no other field of the line has, or the
    /// address a kind asks for (a netmask, the end of a range).
    fn address(&mut self, field: &FieldSpec, v6: bool) -> IpAddr {
        if field.value_kind == ValueKind::Netmask && !v6 {
            let prefix = 8 + self.rng.below(23) as u32;
            return IpAddr::V4(Ipv4Addr::from(u32::MAX << (32 - prefix)));
        }
        if field.value_kind == ValueKind::RangeEnd {
            if let Some(end) = self
                .line
                .range_start
                .and_then(|start| self.above(start, v6))
            {
                return end;
            }
        }
        let mut address = self.any_address(v6);
        for _ in 0..8 {
            if !self.line.addresses.contains(&address) {
                break;
            }
            address = self.any_address(v6);
        }
        self.line.addresses.push(address);
        if field.value_kind == ValueKind::RangeStart {
            self.line.range_start = Some(address);
        }
        address
    }

    /// An address a little above `start`, of the family asked for.
    fn above(&mut self, start: IpAddr, v6: bool) -> Option<IpAddr> {
        let step = 1 + self.rng.below(200);
        match start {
            IpAddr::V4(a) if !v6 => u32::from(a)
                .checked_add(step as u32)
                .map(|end| IpAddr::V4(Ipv4Addr::from(end))),
            IpAddr::V6(a) if v6 => u128::from(a)
                .checked_add(u128::from(step))
                .map(|end| IpAddr::V6(Ipv6Addr::from(end))),
            _ => None,
        }
    }

    fn any_address(&mut self, v6: bool) -> IpAddr {
        if v6 {
            IpAddr::V6(self.random_v6())
        } else {
            IpAddr::V4(self.random_v4())
        }
    }

    fn random_v4(&mut self) -> Ipv4Addr {
        let (network, prefix) = *self.rng.pick(&self.v4_networks);
        let host_bits = 32 - u32::from(prefix.min(32));
        let mask = if host_bits == 0 {
            0
        } else {
            u32::MAX >> (32 - host_bits)
        };
        let host = (self.rng.next_u64() as u32) & mask;
        let host = if mask >= 3 {
            host.clamp(1, mask - 1)
        } else {
            host
        };
        Ipv4Addr::from((u32::from(network) & !mask) | host)
    }

    fn random_v6(&mut self) -> Ipv6Addr {
        let (network, prefix) = self.v6_network;
        let host_bits = 128 - u32::from(prefix.min(128));
        let mask = if host_bits == 0 {
            0
        } else {
            u128::MAX >> (128 - host_bits)
        };
        let host = (u128::from(self.rng.next_u64()) & 0xffff_ffff) & mask;
        Ipv6Addr::from((u128::from(network) & !mask) | host.max(1))
    }

    /// A number of a kind that has a realistic range, within `min..=max`.
    fn int_of_kind(&mut self, kind: ValueKind, min: i128, max: i128) -> Option<i128> {
        let value = match kind {
            // Lifetimes, rekey and DPD timers as configured.
            ValueKind::Seconds => i128::from(
                *self
                    .rng
                    .pick(&[10u32, 30, 60, 120, 300, 600, 3600, 28_800, 86_400]),
            ),
            ValueKind::PeerContext => 1 + i128::from(self.rng.below(32)),
            ValueKind::VersionPart => i128::from(self.rng.below(10)),
            ValueKind::SequenceNumber => i128::from(self.rng.next_u64() as u32),
            ValueKind::Spi => i128::from(kinds::spi(&mut self.rng)),
            _ => return None,
        };
        Some(value.clamp(min, max))
    }
}

/// Text of what `field` holds, shaped for it: an entry of its vocabulary that it accepts, or
/// a composed value, the full form first and, when the field's delimiters keep rejecting it,
/// the plain form. `None` when nothing fits.
fn draw_text(
    plan: &mut FieldPlan,
    field: &FieldSpec,
    rng: &mut SplitMix64,
) -> Option<Cow<'static, str>> {
    if let Some(listed) = &plan.listed {
        return (!listed.is_empty()).then(|| Cow::Borrowed(*rng.pick(listed)));
    }
    if plan.takes_every_value {
        let shape = Shape {
            compact: plan.compact,
            plain: false,
        };
        return kinds::text(plan.kind, rng, shape);
    }
    for attempt in plan.first_attempt..plan::ATTEMPTS {
        let shape = Shape {
            compact: plan.compact,
            plain: attempt >= plan::PLAIN_ATTEMPT,
        };
        let value = kinds::text(plan.kind, rng, shape).unwrap_or_else(|| {
            let mut named = field.name.replace('_', "-");
            named.push_str(itoa::Buffer::new().format(1 + rng.below(99)));
            Cow::Owned(named)
        });
        if plan.accepts(&value) {
            debug_assert!(field.accepts(&value));
            return Some(value);
        }
    }
    None
}

/// What a field of a catalog that names no kind most likely holds, by its name.
fn guess_kind(field: &FieldSpec) -> ValueKind {
    let name = field.name;
    let has = |part: &str| name.contains(part);
    if matches!(field.kind, FieldKind::Interface) || has("interface") || name == "ifc" {
        ValueKind::Interface
    } else if has("user") {
        ValueKind::Username
    } else if has("tunnel") {
        ValueKind::TunnelGroup
    } else if has("group") || has("policy") {
        ValueKind::GroupPolicy
    } else if has("trustpoint") || name == "tp" || has("trust_point") {
        ValueKind::Trustpoint
    } else if has("subject") {
        ValueKind::SubjectDn
    } else if has("issuer") {
        ValueKind::IssuerDn
    } else if has("serial") {
        ValueKind::SerialNumber
    } else if has("url") {
        ValueKind::Url
    } else if has("host") || has("server") {
        ValueKind::Hostname
    } else if has("file") {
        ValueKind::Filename
    } else if has("acl") || has("list") {
        ValueKind::AclName
    } else {
        ValueKind::Unspecified
    }
}

impl ValueSource for RandomValues {
    fn start_message(&mut self, id: u32) {
        self.line.restart(id);
    }

    fn text(&mut self, field: &FieldSpec) -> Cow<'static, str> {
        self.enter(field);
        let plan = self.plans.get(field);
        let value = draw_text(plan, field, &mut self.rng).unwrap_or_else(|| {
            // Letters and digits only: accepted by any field whose delimiters start otherwise.
            let mut fallback = field.name.replace('_', "");
            fallback.push_str(itoa::Buffer::new().format(self.rng.below(1_000)));
            debug_assert!(
                field.accepts(&fallback),
                "{} rejects {fallback}",
                field.name
            );
            Cow::Owned(fallback)
        });
        debug_assert!(field.accepts(&value), "{} rejects {value}", field.name);
        self.line.keep(plan.kind, &value);
        value
    }

    fn int(&mut self, field: &FieldSpec, min: i128, max: i128) -> i128 {
        self.enter(field);
        let (low, high) = if self.full_range {
            match self.rng.below(4) {
                0 => return if self.rng.chance(1, 2) { min } else { max },
                1 => (min, max),
                _ => (min.max(0), max.min(100_000)),
            }
        } else {
            if let Some(value) = self.int_of_kind(field.value_kind, min, max) {
                return value;
            }
            (min.max(0), max.min(if max > 65_535 { 86_400 } else { max }))
        };
        let span = (high - low) as u128 + 1;
        let draw = (u128::from(self.rng.next_u64()) << 64 | u128::from(self.rng.next_u64())) % span;
        low + draw as i128
    }

    fn hex(&mut self, field: &FieldSpec) -> u64 {
        self.enter(field);
        if self.full_range && self.rng.chance(1, 4) {
            return self.rng.next_u64();
        }
        match field.value_kind {
            ValueKind::Spi => u64::from(kinds::spi(&mut self.rng)),
            _ => self.rng.next_u64() >> 32,
        }
    }

    fn ipv4(&mut self, field: &FieldSpec) -> Ipv4Addr {
        self.enter(field);
        match self.address(field, false) {
            IpAddr::V4(address) => address,
            IpAddr::V6(_) => self.random_v4(),
        }
    }

    fn ipv6(&mut self, field: &FieldSpec) -> Ipv6Addr {
        self.enter(field);
        match self.address(field, true) {
            IpAddr::V6(address) => address,
            IpAddr::V4(_) => self.random_v6(),
        }
    }

    fn ip(&mut self, field: &FieldSpec) -> IpAddr {
        self.enter(field);
        // A netmask is IPv4; the end of a range has the family of its start.
        let v6 = match (field.value_kind, self.line.range_start) {
            (ValueKind::Netmask, _) => false,
            (ValueKind::RangeEnd, Some(start)) => start.is_ipv6(),
            _ => self.rng.below(100) < self.ipv6_percent,
        };
        self.address(field, v6)
    }

    fn mac(&mut self, _field: &FieldSpec) -> MacAddr {
        let bits = self.rng.next_u64().to_be_bytes();
        // Locally administered, unicast.
        MacAddr([
            (bits[0] & 0xfc) | 0x02,
            bits[1],
            bits[2],
            bits[3],
            bits[4],
            bits[5],
        ])
    }

    fn quantity(&mut self, _field: &FieldSpec) -> Quantity<'static> {
        Quantity {
            value: self.rng.below(100_000),
            unit: (*self.rng.pick(UNITS)).into(),
        }
    }

    fn choice(&mut self, field: &FieldSpec, alternatives: usize) -> usize {
        // An open enum's last alternative is "another value": devices mostly send listed ones.
        let listed = field.values.len();
        if field.open && alternatives == listed + 1 && listed > 0 {
            return if self.rng.chance(1, 10) {
                listed
            } else {
                self.rng.below(listed as u64) as usize
            };
        }
        self.rng.below(alternatives.max(1) as u64) as usize
    }

    fn flag(&mut self, _field: &FieldSpec) -> bool {
        self.rng.chance(1, 2)
    }
}

/// A field specification for drawing a value of a kind outside any message (scenario
/// variables, IKE context parts).
pub(crate) const fn synthetic_spec(name: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        message: 0,
        name,
        kind,
        type_name: "text",
        bracketed: false,
        optional: false,
        values: &[],
        open: false,
        ignore_case: false,
        word: "",
        // Context parts end at ", ": no commas keeps them readable back.
        delimiters: &[","],
        guide_name: "",
        description: "",
        description_en: "",
        value_kind: ValueKind::Unspecified,
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;
    use crate::{FieldVisitor, Message, MESSAGES};

    /// The text values of a message its fields do not accept.
    #[derive(Default)]
    struct Rejected {
        texts: usize,
        rejected: Vec<String>,
    }

    impl FieldVisitor for Rejected {
        fn text(&mut self, field: &'static FieldSpec, value: &str) {
            self.texts += 1;
            if !field.accepts(value) {
                self.rejected
                    .push(format!("{} {}: {value:?}", field.message, field.name));
            }
        }
        fn uint(&mut self, _: &'static FieldSpec, _: u64) {}
        fn int(&mut self, _: &'static FieldSpec, _: i64) {}
        fn hex(&mut self, _: &'static FieldSpec, _: u64) {}
        fn ip(&mut self, _: &'static FieldSpec, _: IpAddr) {}
        fn mac(&mut self, _: &'static FieldSpec, _: MacAddr) {}
        fn quantity(&mut self, _: &'static FieldSpec, _: &Quantity<'_>) {}
        fn enumeration(&mut self, _: &'static FieldSpec, _: &str, _: bool) {}
        fn flag(&mut self, _: &'static FieldSpec, _: bool) {}
    }

    #[test]
    fn every_drawn_text_is_accepted_by_its_field() {
        let mut checker = Rejected::default();
        for seed in 0..40 {
            // One source for the whole catalog, as simulate draws, and a fresh one per message.
            let mut shared = RandomValues::new(seed);
            for info in MESSAGES {
                let mut fresh = RandomValues::new(seed ^ u64::from(info.id));
                for values in [&mut shared, &mut fresh] {
                    let message = Message::draw(info.id, values).expect("catalogued");
                    message.visit_fields(&mut checker);
                }
            }
        }
        assert!(checker.texts > 10_000, "only {} texts", checker.texts);
        assert!(checker.rejected.is_empty(), "{:#?}", checker.rejected);
    }

    #[test]
    fn a_message_without_text_leaves_no_text_of_the_message_before() {
        let mut values = RandomValues::new(1);
        let with_user = MESSAGES
            .iter()
            .find(|info| {
                info.fields
                    .iter()
                    .any(|f| f.value_kind == ValueKind::Username)
            })
            .expect("a message with a user");
        let without_fields = MESSAGES
            .iter()
            .find(|info| info.fields.is_empty())
            .expect("a message without fields");
        Message::draw(with_user.id, &mut values).expect("catalogued");
        assert!(values.drawn(ValueKind::Username).is_some());
        Message::draw(without_fields.id, &mut values).expect("catalogued");
        assert_eq!(values.drawn(ValueKind::Username), None);
    }
}
