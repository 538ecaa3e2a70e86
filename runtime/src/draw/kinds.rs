//! One generator per value kind: realistic text for what a field holds (a URL a portal
//! serves, a certificate subject, an ISAKMP cookie...), composed from [`super::vocab`].
//!
//! A generator is told whether the field takes no spaces (`compact`) and whether the value
//! must be plain (`plain`: after repeated rejections by the field's delimiters, a shorter form
//! without commas, dots or colons, such as a DN with only its common name).

use std::borrow::Cow;

use super::vocab::*;
use super::SplitMix64;
use crate::value_kind::ValueKind;

/// How a value must be shaped for its field.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// The field takes no spaces (a `word`).
    pub compact: bool,
    /// The full form was rejected: give the plainest form of the kind.
    pub plain: bool,
}

/// The one vocabulary a kind draws from whole, when it does (a tunnel group, an error text);
/// `None` for kinds that compose their values (user names, URLs, DNs...) or are not textual.
pub(super) fn vocabulary(kind: ValueKind) -> Option<&'static [&'static str]> {
    use ValueKind as K;
    Some(match kind {
        K::GroupPolicy => GROUP_POLICIES,
        K::TunnelGroup => TUNNEL_GROUPS,
        K::Trustpoint => TRUSTPOINTS,
        K::Keypair => KEYPAIRS,
        K::AclName => ACLS,
        K::CertMap => CERT_MAPS,
        K::SsoServer => SSO_SERVERS,
        K::FsmInstance => FSM_INSTANCES,
        K::Interface => INTERFACES,
        K::Domain => WIN_DOMAINS,
        K::PayloadName => PAYLOADS,
        K::VendorId => VENDOR_IDS,
        K::AttributeName => CFG_ATTRIBUTES,
        K::AttributeValue => CFG_VALUES,
        K::ChallengeAttribute => CHALLENGE_ATTRIBUTES,
        K::KeepaliveType => KEEPALIVES,
        K::PayloadAction => PAYLOAD_ACTIONS,
        K::IkeExchange => IKE_EXCHANGES,
        K::IkeRole => IKE_ROLES,
        K::KeyEngineMessage => KEY_ENGINE_MESSAGES,
        K::FragmentDropReason => FRAGMENT_DROP_REASONS,
        K::AddressFailure => ADDRESS_FAILURES,
        K::AddressSource => ADDRESS_SOURCES,
        K::TransportMode => TRANSPORTS,
        K::ProxySide => PROXY_SIDES,
        K::SwitchState => SWITCH_STATES,
        K::Statement => STATEMENTS,
        K::FunctionName => FUNCTIONS,
        K::SessionReason => SESSION_REASONS,
        K::VpnSessionType => SESSION_TYPES,
        K::AclError => ACL_ERRORS,
        K::AclPhase => ACL_PHASES,
        K::Ace => ACES,
        K::ProxyError => PROXY_ERRORS,
        K::FileAccessError => FILE_ACCESS_ERRORS,
        K::AaaAttribute => AAA_ATTRIBUTES,
        K::AaaValue => AAA_VALUES,
        K::SsoServerType => SSO_SERVER_TYPES,
        K::SsoError => SSO_ERRORS,
        K::SamlError => SAML_ERRORS,
        K::SamlParty => SAML_PARTIES,
        K::LicenseType => LICENSE_TYPES,
        K::EnrollmentError => ENROLLMENT_ERRORS,
        K::CertValidationError => VALIDATION_ERRORS,
        K::CrlError => CRL_ERRORS,
        K::OcspError => OCSP_ERRORS,
        K::CrlPurpose => CRL_PURPOSES,
        K::ValidationNote => VALIDATION_NOTES,
        K::PkiTask => PKI_TASKS,
        K::EnrollmentProtocol => ENROLLMENT_PROTOCOLS,
        K::CmpRequest => CMP_REQUESTS,
        K::ScepMessage => SCEP_MESSAGES,
        K::ScepError => SCEP_ERRORS,
        K::LocalCaError => LOCAL_CA_ERRORS,
        K::LocalCaEvent => LOCAL_CA_EVENTS,
        K::SocketError => SOCKET_ERRORS,
        K::LbRuleType => LB_RULE_TYPES,
        K::MailProtocol => MAIL_PROTOCOLS,
        K::MailProxyError => MAIL_PROXY_ERRORS,
        K::FsmState => FSM_STATES,
        K::FsmEvent => FSM_EVENTS,
        K::HaState => HA_STATES,
        K::HaEvent => HA_EVENTS,
        K::HaMessage => HA_MESSAGES,
        K::TimerType => TIMER_TYPES,
        _ => return None,
    })
}

/// Text of `kind`, or `None` for a kind that is not textual (netmasks, numbers...). Values
/// from a vocabulary or a pool are borrowed; only composed values are allocated.
pub(super) fn text(
    kind: ValueKind,
    rng: &mut SplitMix64,
    shape: Shape,
) -> Option<Cow<'static, str>> {
    use ValueKind as K;
    if let Some(list) = vocabulary(kind) {
        return Some(Cow::Borrowed(*rng.pick(list)));
    }
    Some(match kind {
        K::Username => username(rng, shape),
        K::Hostname => Cow::Borrowed(hostname(rng, shape)),
        K::Url => Cow::Owned(url(rng, shape)),
        K::Filename => Cow::Borrowed(filename(rng, shape)),
        K::Path => Cow::Owned(path(rng)),
        K::SubjectDn => Cow::Owned(subject_dn(rng, shape)),
        K::IssuerDn => Cow::Borrowed(issuer_dn(rng, shape)),
        K::SerialNumber => Cow::Owned(serial_number(rng)),
        K::CertificateId => Cow::Owned(certificate_id(rng, shape)),
        K::Timestamp => Cow::Owned(timestamp(rng)),
        K::Spi => Cow::Owned(hex_text(u64::from(spi(rng)), 8, "0x")),
        K::Cookie => Cow::Owned(hex_text(rng.next_u64(), 16, "")),
        K::MessageId => Cow::Owned(hex_text(u64::from(rng.next_u64() as u32), 8, "")),
        K::EventId => Cow::Owned(itoa::Buffer::new().format(1 + rng.below(512)).to_owned()),
        K::HexFlags => Cow::Owned(hex_text(
            u64::from(rng.next_u64() as u32 & 0x0000_0fff),
            8,
            "",
        )),
        K::FsmHistory => Cow::Owned(fsm_history(rng)),
        _ => return None,
    })
}

/// Every full-form value `kind` composes, for the kinds that compose from pools (so that a
/// field can be checked once for all of them); `None` for other kinds.
pub(super) fn every_value(kind: ValueKind) -> Option<Vec<&'static str>> {
    let pools = pools();
    match kind {
        ValueKind::Username => Some(
            USERS
                .iter()
                .chain(DOMAIN_USERS)
                .copied()
                .chain(pools.emails.iter().map(String::as_str))
                .collect(),
        ),
        ValueKind::Hostname => Some(
            pools
                .hosts
                .chunks(ZONES.len() + 1)
                .flat_map(|zones| zones[1..].iter().map(String::as_str))
                .collect(),
        ),
        _ => None,
    }
}

/// The bytes every value of `kind` is made of, for the kinds that compose values from a small
/// alphabet (numbers written in hexadecimal or decimal), so that a field can be checked once
/// for all of them; `None` for other kinds.
pub(super) fn alphabet(kind: ValueKind) -> Option<&'static [u8]> {
    use ValueKind as K;
    match kind {
        K::SerialNumber => Some(b"0123456789ABCDEF"),
        K::Spi => Some(b"0123456789abcdefx"),
        K::Cookie | K::MessageId | K::HexFlags => Some(b"0123456789abcdef"),
        K::EventId => Some(b"0123456789"),
        _ => None,
    }
}

/// `value` in lower-case hexadecimal, zero-padded to `width` digits, after `prefix`.
fn hex_text(value: u64, width: usize, prefix: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits = (16 - value.leading_zeros() as usize / 4).max(width).max(1);
    let mut text = String::with_capacity(prefix.len() + digits);
    text.push_str(prefix);
    for i in (0..digits).rev() {
        text.push(char::from(DIGITS[((value >> (4 * i)) & 0xf) as usize]));
    }
    text
}

/// A user name: mostly plain, sometimes an e-mail address or DOMAIN\\user (not when plain).
pub(super) fn username(rng: &mut SplitMix64, shape: Shape) -> Cow<'static, str> {
    let user = rng.below(USERS.len() as u64) as usize;
    match rng.below(10) {
        0 if !shape.plain => {
            let domain = rng.below(EMAIL_DOMAINS.len() as u64) as usize;
            Cow::Borrowed(&pools().emails[user * EMAIL_DOMAINS.len() + domain])
        }
        1 if !shape.plain => Cow::Borrowed(*rng.pick(DOMAIN_USERS)),
        _ => Cow::Borrowed(USERS[user]),
    }
}

/// An RFC 1123 host name in a documentation zone; a bare label when plain.
pub(super) fn hostname(rng: &mut SplitMix64, shape: Shape) -> &'static str {
    let label = rng.below(HOST_LABELS.len() as u64) as usize;
    let number = if rng.chance(1, 3) {
        1 + rng.below(HOST_NUMBERS as u64 - 1) as usize
    } else {
        0
    };
    // Zone 0 of the pool is the bare label; zones follow.
    let zone = if shape.plain {
        0
    } else {
        1 + rng.below(ZONES.len() as u64) as usize
    };
    &pools().hosts[(label * HOST_NUMBERS + number) * (ZONES.len() + 1) + zone]
}

/// How many forms a host label's number takes: none, or `01` to `04`.
const HOST_NUMBERS: usize = 5;

/// Values composed from a few small vocabularies, rendered once so that drawing one costs
/// nothing but the draw: every host name (label, number, zone), e-mail user name, issuer DN
/// and file name.
struct Pools {
    /// `[label][number][zone + 1]`, zone 0 being the bare label.
    hosts: Vec<String>,
    /// `[user][domain]`.
    emails: Vec<String>,
    /// Per `compact` (0 or 1), [`issuer_pool`].
    issuers: [Vec<String>; 2],
    /// Per `compact`, `[stem][extension]` (spaces written `_` when compact).
    files: [Vec<String>; 2],
    /// `[stem]`, spaces written `_`.
    plain_files: Vec<String>,
}

fn pools() -> &'static Pools {
    static POOLS: std::sync::OnceLock<Pools> = std::sync::OnceLock::new();
    POOLS.get_or_init(|| {
        let mut hosts = Vec::with_capacity(HOST_LABELS.len() * HOST_NUMBERS * (ZONES.len() + 1));
        for label in HOST_LABELS {
            for number in 0..HOST_NUMBERS {
                let bare = match number {
                    0 => (*label).to_owned(),
                    n => format!("{label}{n:02}"),
                };
                for zone in std::iter::once("").chain(ZONES.iter().copied()) {
                    hosts.push(match zone {
                        "" => bare.clone(),
                        zone => format!("{bare}.{zone}"),
                    });
                }
            }
        }
        let emails = USERS
            .iter()
            .flat_map(|user| {
                EMAIL_DOMAINS
                    .iter()
                    .map(move |domain| format!("{user}@{domain}"))
            })
            .collect();
        let files = [false, true].map(|compact| {
            FILE_STEMS
                .iter()
                .flat_map(|stem| {
                    FILE_EXTENSIONS.iter().map(move |extension| {
                        let name = concat(&[stem, ".", extension]);
                        if compact {
                            name.replace(' ', "_")
                        } else {
                            name
                        }
                    })
                })
                .collect()
        });
        Pools {
            hosts,
            emails,
            issuers: [issuer_pool(false), issuer_pool(true)],
            files,
            plain_files: FILE_STEMS
                .iter()
                .map(|stem| stem.replace(' ', "_"))
                .collect(),
        }
    })
}

/// An absolute URL of the kind WebVPN portals, CRL distribution points and IdPs serve;
/// without dots when plain.
pub(super) fn url(rng: &mut SplitMix64, shape: Shape) -> String {
    let host = hostname(
        rng,
        Shape {
            plain: false,
            ..shape
        },
    );
    if shape.plain {
        // Where a field ends at a dot: a host label and a path without dots.
        let path = *rng.pick(&["", "/", "/owa/", "/+CSCOE+/portal", "/certsrv/mscep/mscep"]);
        return concat(&["https://", hostname(rng, shape), path]);
    }
    let (scheme, path) = match rng.below(10) {
        0 => ("http://", *rng.pick(CRL_PATHS)),
        1 => ("https://", *rng.pick(IDP_PATHS)),
        _ => (
            if rng.chance(4, 5) {
                "https://"
            } else {
                "http://"
            },
            *rng.pick(URL_PATHS),
        ),
    };
    concat(&[scheme, host, path])
}

/// The parts one after the other, in one allocation.
fn concat(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// A file name with its extension (without when plain); without spaces in a compact field.
pub(super) fn filename(rng: &mut SplitMix64, shape: Shape) -> &'static str {
    let pools = pools();
    if shape.plain {
        // Where a field ends at a dot, the name cannot show its extension.
        return &pools.plain_files[rng.below(FILE_STEMS.len() as u64) as usize];
    }
    if shape.compact && rng.chance(1, 3) {
        return rng.pick::<&str>(APCF_FILES);
    }
    let stem = rng.below(FILE_STEMS.len() as u64) as usize;
    let extension = rng.below(FILE_EXTENSIONS.len() as u64) as usize;
    &pools.files[usize::from(shape.compact)][stem * FILE_EXTENSIONS.len() + extension]
}

/// A directory on a CIFS server: `/share/dir[/dir]`.
pub(super) fn path(rng: &mut SplitMix64) -> String {
    let depth = 1 + rng.below(3);
    let mut path = String::new();
    for _ in 0..depth {
        path.push('/');
        let directory: &&str = rng.pick(DIRECTORIES);
        path.push_str(directory);
    }
    path
}

/// A subject DN: a person or a host, with OU, O, L, ST, C; only `CN=` when plain.
pub(super) fn subject_dn(rng: &mut SplitMix64, shape: Shape) -> String {
    let cn = if rng.chance(1, 2) {
        *rng.pick(USERS)
    } else {
        hostname(rng, shape)
    };
    if shape.plain {
        return concat(&["CN=", cn]);
    }
    let (ou, o) = if shape.compact {
        (*rng.pick(OUS_COMPACT), *rng.pick(ORGS_COMPACT))
    } else {
        (*rng.pick(OUS), *rng.pick(ORGS))
    };
    let (l, st, c) = *rng.pick(LOCALITIES);
    if shape.compact || rng.chance(1, 2) {
        concat(&["CN=", cn, ",OU=", ou, ",O=", o, ",C=", c])
    } else {
        concat(&[
            "CN=", cn, ",OU=", ou, ",O=", o, ",L=", l, ",ST=", st, ",C=", c,
        ])
    }
}

/// An issuer DN: a CA's name, with O and C or as domain components; only `CN=` when plain.
pub(super) fn issuer_dn(rng: &mut SplitMix64, shape: Shape) -> &'static str {
    let (cas, orgs) = issuer_parts(shape.compact);
    let ca = rng.below(cas.len() as u64) as usize;
    let form = if shape.plain {
        0
    } else if rng.chance(1, 3) {
        1
    } else {
        2 + rng.below(orgs.len() as u64) as usize
    };
    &pools().issuers[usize::from(shape.compact)][ca * (2 + orgs.len()) + form]
}

/// The CA names and organisations issuer DNs are made of, without spaces when compact.
fn issuer_parts(compact: bool) -> (&'static [&'static str], &'static [&'static str]) {
    if compact {
        (ISSUING_CAS_COMPACT, ORGS_COMPACT)
    } else {
        (ISSUING_CAS, ORGS)
    }
}

/// Every issuer DN of [`issuer_dn`], `[ca][form]`: the plain form, the domain components form,
/// then one per organisation.
fn issuer_pool(compact: bool) -> Vec<String> {
    let (cas, orgs) = issuer_parts(compact);
    cas.iter()
        .flat_map(|ca| {
            [
                concat(&["CN=", ca]),
                concat(&["CN=", ca, ",DC=corp,DC=example,DC=com"]),
            ]
            .into_iter()
            .chain(
                orgs.iter()
                    .map(move |o| concat(&["CN=", ca, ",O=", o, ",C=US"])),
            )
        })
        .collect()
}

/// A certificate serial number: 8 to 20 bytes in upper-case hexadecimal.
pub(super) fn serial_number(rng: &mut SplitMix64) -> String {
    let bytes = 8 + rng.below(13) as usize;
    let mut serial = String::with_capacity(bytes * 2);
    for i in 0..bytes {
        let byte = rng.next_u64() as u8;
        // A positive integer: no leading zero byte, high bit clear.
        let byte = if i == 0 {
            (byte & 0x7f).max(0x10)
        } else {
            byte
        };
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        serial.push(char::from(DIGITS[usize::from(byte >> 4)]));
        serial.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    serial
}

/// How devices identify a certificate: serial number, subject and issuer.
fn certificate_id(rng: &mut SplitMix64, shape: Shape) -> String {
    let serial = serial_number(rng);
    let person = Shape {
        plain: true,
        ..shape
    };
    let user = username(rng, person);
    if shape.plain {
        return concat(&["serial number: ", &serial, ", subject name: CN=", &user]);
    }
    // Drawn in this order, as ever, so that a seed gives the same values.
    let ou = *rng.pick(OUS_COMPACT);
    let o = *rng.pick(ORGS_COMPACT);
    let issuer = issuer_dn(
        rng,
        Shape {
            compact: true,
            plain: false,
        },
    );
    concat(&[
        "serial number: ",
        &serial,
        ", subject name: CN=",
        &user,
        ",OU=",
        ou,
        ",O=",
        o,
        ", issuer_name: ",
        issuer,
    ])
}

/// A date and time as certificates and CRLs print them (`14:03:11 UTC Nov 26 2026`).
pub(super) fn timestamp(rng: &mut SplitMix64) -> String {
    // Drawn in the order the text reads, as ever, so that a seed gives the same values.
    let (hours, minutes, seconds) = (rng.below(24), rng.below(60), rng.below(60));
    let (month, day, year) = (*rng.pick(MONTHS), 1 + rng.below(28), 2024 + rng.below(6));
    let mut text = String::with_capacity(32);
    for (value, after) in [(hours, ':'), (minutes, ':'), (seconds, ' ')] {
        push_two_digits(&mut text, value);
        text.push(after);
    }
    text.push_str("UTC ");
    text.push_str(month);
    text.push(' ');
    text.push_str(itoa::Buffer::new().format(day));
    text.push(' ');
    text.push_str(itoa::Buffer::new().format(year));
    text
}

/// `value` (below 100) in two decimal digits.
fn push_two_digits(text: &mut String, value: u64) {
    text.push(char::from(b'0' + (value / 10) as u8));
    text.push(char::from(b'0' + (value % 10) as u8));
}

/// An SPI as IPsec allocates it: 32 random bits, never below 256 (reserved).
pub(super) fn spi(rng: &mut SplitMix64) -> u32 {
    (rng.next_u64() as u32).max(0x100)
}

/// State/event pairs of an IKE state machine, most recent first.
fn fsm_history(rng: &mut SplitMix64) -> String {
    let pairs = 2 + rng.below(3);
    let mut out = String::with_capacity(128);
    for pair in 0..pairs {
        if pair > 0 {
            out.push_str("-->");
        }
        out.push_str(rng.pick::<&str>(IKE_STATES));
        out.push_str(", ");
        out.push_str(rng.pick::<&str>(IKE_EVENTS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape a generator is asked for.
    const SHAPES: [Shape; 4] = [
        Shape {
            compact: false,
            plain: false,
        },
        Shape {
            compact: true,
            plain: false,
        },
        Shape {
            compact: false,
            plain: true,
        },
        Shape {
            compact: true,
            plain: true,
        },
    ];

    /// Checks that `pooled` gives, for every shape and many seeds, the text `composed` makes of
    /// the same draws, and draws as much.
    fn assert_pooled_as_composed(
        pooled: fn(&mut SplitMix64, Shape) -> &'static str,
        composed: impl Fn(&mut SplitMix64, Shape) -> String,
    ) {
        for shape in SHAPES {
            for seed in 0..300 {
                let mut rng = SplitMix64::new(seed);
                let mut replay = rng.clone();
                let text = pooled(&mut rng, shape);
                assert_eq!(text, composed(&mut replay, shape), "{shape:?} seed {seed}");
                assert_eq!(rng.next_u64(), replay.next_u64(), "draws of seed {seed}");
            }
        }
    }

    #[test]
    fn pooled_issuers_are_what_their_draws_compose() {
        assert_pooled_as_composed(issuer_dn, |rng, shape| {
            let (cas, orgs) = issuer_parts(shape.compact);
            let ca = rng.pick(cas);
            if shape.plain {
                format!("CN={ca}")
            } else if rng.chance(1, 3) {
                format!("CN={ca},DC=corp,DC=example,DC=com")
            } else {
                format!("CN={ca},O={},C=US", rng.pick(orgs))
            }
        });
    }

    #[test]
    fn pooled_file_names_are_what_their_draws_compose() {
        assert_pooled_as_composed(filename, |rng, shape| {
            if shape.plain {
                rng.pick(FILE_STEMS).replace(' ', "_")
            } else if shape.compact && rng.chance(1, 3) {
                (*rng.pick(APCF_FILES)).to_owned()
            } else {
                let name = format!("{}.{}", rng.pick(FILE_STEMS), rng.pick(FILE_EXTENSIONS));
                match shape.compact {
                    true => name.replace(' ', "_"),
                    false => name,
                }
            }
        });
    }

    #[test]
    fn alphabet_kinds_compose_from_their_alphabet() {
        let mut rng = SplitMix64::new(3);
        for kind in [
            ValueKind::SerialNumber,
            ValueKind::Spi,
            ValueKind::Cookie,
            ValueKind::MessageId,
            ValueKind::HexFlags,
            ValueKind::EventId,
        ] {
            let alphabet = alphabet(kind).expect("an alphabet kind");
            for shape in SHAPES {
                for _ in 0..200 {
                    let value = text(kind, &mut rng, shape).expect("textual");
                    assert!(!value.is_empty());
                    assert!(
                        value.bytes().all(|byte| alphabet.contains(&byte)),
                        "{kind:?}: {value}"
                    );
                }
            }
        }
    }
}
