//! Drawing field values: the [`ValueSource`] trait that generated `draw` functions call,
//! and [`RandomValues`], a seeded source of realistic, type-correct values.
//!
//! Addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
//! 203.0.113.0/24, 2001:db8::/32) unless configured otherwise; names are drawn by what the
//! field is called (users, groups, trustpoints, interfaces, certificate subjects...). The same
//! seed gives the same values on every platform.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::info::{FieldKind, FieldSpec};
use crate::values::{MacAddr, Quantity};

/// A source of field values. Generated `draw` functions call one method per field.
pub trait ValueSource {
    /// Text for a text, word or interface field (it must satisfy [`FieldSpec::accepts`]).
    fn text(&mut self, field: &FieldSpec) -> String;
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

const USERS: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "oscar", "peggy", "trent", "victor", "walter",
];
const GROUPS: &[&str] = &[
    "vpn-ra",
    "DfltGrpPolicy",
    "engineering",
    "sales-vpn",
    "contractors",
    "GP-Remote",
    "anyconnect-users",
];
const TRUSTPOINTS: &[&str] = &[
    "TP-VPN",
    "ASDM_TrustPoint0",
    "corp-root-ca",
    "_SmartCallHome_ServerCA",
    "LOCAL-CA-SERVER",
];
const INTERFACES: &[&str] = &[
    "outside",
    "inside",
    "dmz",
    "management",
    "GigabitEthernet0/0",
    "GigabitEthernet0/1",
    "Ethernet1/2",
    "Port-channel1.100",
];
const WORDS: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa",
];
const HOSTS: &[&str] = &[
    "vpn.example.com",
    "ca.example.net",
    "portal.example.org",
    "intranet.example.com",
    "files.example.net",
];
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

    fn candidate(&mut self, field: &FieldSpec) -> String {
        let name = field.name;
        let has = |part: &str| name.contains(part);
        let rng = &mut self.rng;
        if matches!(field.kind, FieldKind::Interface) || has("interface") || name == "ifc" {
            return rng.pick(INTERFACES).to_string();
        }
        if has("user") {
            return rng.pick(USERS).to_string();
        }
        if has("group") || has("policy") || has("tunnel") {
            return rng.pick(GROUPS).to_string();
        }
        if has("trustpoint") || name == "tp" || has("trust_point") {
            return rng.pick(TRUSTPOINTS).to_string();
        }
        if has("subject") || has("issuer") {
            let cn = rng.pick(HOSTS);
            return if matches!(field.kind, FieldKind::Word) {
                format!("CN={cn}")
            } else {
                format!("CN={cn}, O=Example Corp, C=US")
            };
        }
        if has("serial") {
            return format!("{:x}", rng.next_u64() >> 8);
        }
        if has("url") {
            return format!("https://{}/{}", rng.pick(HOSTS), rng.pick(WORDS));
        }
        if has("host") || has("server") || has("ca") {
            return rng.pick(HOSTS).to_string();
        }
        if has("file") {
            return format!("disk0:/{}.xml", rng.pick(WORDS));
        }
        if has("acl") || has("list") {
            return format!("ACL-{}", rng.pick(WORDS));
        }
        if matches!(field.kind, FieldKind::Text) {
            let words = 1 + rng.below(3);
            let mut text = String::new();
            for i in 0..words {
                if i > 0 {
                    text.push(' ');
                }
                let word: &&str = rng.pick(WORDS);
                text.push_str(word);
            }
            return text;
        }
        format!("{}{}", rng.pick(WORDS), rng.below(100))
    }
}

impl ValueSource for RandomValues {
    fn text(&mut self, field: &FieldSpec) -> String {
        for _ in 0..16 {
            let value = self.candidate(field);
            if field.accepts(&value) {
                return value;
            }
        }
        // Letters and digits only: accepted by any field whose delimiters start otherwise.
        let fallback = format!("v{}", self.rng.below(1_000_000));
        debug_assert!(
            field.accepts(&fallback),
            "{} rejects {fallback}",
            field.name
        );
        fallback
    }

    fn int(&mut self, _field: &FieldSpec, min: i128, max: i128) -> i128 {
        let (low, high) = if self.full_range {
            match self.rng.below(4) {
                0 => return if self.rng.chance(1, 2) { min } else { max },
                1 => (min, max),
                _ => (min.max(0), max.min(100_000)),
            }
        } else {
            (min.max(0), max.min(if max > 65_535 { 86_400 } else { max }))
        };
        let span = (high - low) as u128 + 1;
        let draw = (u128::from(self.rng.next_u64()) << 64 | u128::from(self.rng.next_u64())) % span;
        low + draw as i128
    }

    fn hex(&mut self, _field: &FieldSpec) -> u64 {
        if self.full_range && self.rng.chance(1, 4) {
            return self.rng.next_u64();
        }
        self.rng.next_u64() >> 32
    }

    fn ipv4(&mut self, _field: &FieldSpec) -> Ipv4Addr {
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

    fn ipv6(&mut self, _field: &FieldSpec) -> Ipv6Addr {
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

    fn ip(&mut self, field: &FieldSpec) -> IpAddr {
        if self.rng.below(100) < self.ipv6_percent {
            IpAddr::V6(self.ipv6(field))
        } else {
            IpAddr::V4(self.ipv4(field))
        }
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
