//! One generator per value kind: realistic text for what a field holds (a URL a portal
//! serves, a certificate subject, an ISAKMP cookie...), composed from [`super::vocab`].
//!
//! A generator is told whether the field takes no spaces (`compact`) and whether the value
//! must be plain (`plain`: after repeated rejections by the field's delimiters, a shorter form
//! without commas, dots or colons, such as a DN with only its common name).

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

/// Text of `kind`, or `None` for a kind that is not textual (netmasks, numbers...).
pub(super) fn text(kind: ValueKind, rng: &mut SplitMix64, shape: Shape) -> Option<String> {
    use ValueKind as K;
    let pick = |rng: &mut SplitMix64, list: &[&str]| (*rng.pick(list)).to_owned();
    Some(match kind {
        K::Username => username(rng, shape),
        K::GroupPolicy => pick(rng, GROUP_POLICIES),
        K::TunnelGroup => pick(rng, TUNNEL_GROUPS),
        K::Trustpoint => pick(rng, TRUSTPOINTS),
        K::Keypair => pick(rng, KEYPAIRS),
        K::AclName => pick(rng, ACLS),
        K::CertMap => pick(rng, CERT_MAPS),
        K::SsoServer => pick(rng, SSO_SERVERS),
        K::FsmInstance => pick(rng, FSM_INSTANCES),
        K::Interface => pick(rng, INTERFACES),
        K::Hostname => hostname(rng, shape),
        K::Domain => pick(rng, WIN_DOMAINS),
        K::Url => url(rng, shape),
        K::Filename => filename(rng, shape),
        K::Path => path(rng),
        K::SubjectDn => subject_dn(rng, shape),
        K::IssuerDn => issuer_dn(rng, shape),
        K::SerialNumber => serial_number(rng),
        K::CertificateId => certificate_id(rng, shape),
        K::Timestamp => timestamp(rng),
        K::Spi => format!("0x{:08x}", spi(rng)),
        K::Cookie => format!("{:016x}", rng.next_u64()),
        K::MessageId => format!("{:08x}", rng.next_u64() as u32),
        K::EventId => format!("{}", 1 + rng.below(512)),
        K::PayloadName => pick(rng, PAYLOADS),
        K::VendorId => pick(rng, VENDOR_IDS),
        K::AttributeName => pick(rng, CFG_ATTRIBUTES),
        K::AttributeValue => pick(rng, CFG_VALUES),
        K::ChallengeAttribute => pick(rng, CHALLENGE_ATTRIBUTES),
        K::KeepaliveType => pick(rng, KEEPALIVES),
        K::PayloadAction => pick(rng, PAYLOAD_ACTIONS),
        K::HexFlags => format!("{:08x}", rng.next_u64() as u32 & 0x0000_0fff),
        K::IkeExchange => pick(rng, IKE_EXCHANGES),
        K::IkeRole => pick(rng, IKE_ROLES),
        K::FsmHistory => fsm_history(rng),
        K::KeyEngineMessage => pick(rng, KEY_ENGINE_MESSAGES),
        K::FragmentDropReason => pick(rng, FRAGMENT_DROP_REASONS),
        K::AddressFailure => pick(rng, ADDRESS_FAILURES),
        K::AddressSource => pick(rng, ADDRESS_SOURCES),
        K::TransportMode => pick(rng, TRANSPORTS),
        K::ProxySide => pick(rng, PROXY_SIDES),
        K::SwitchState => pick(rng, SWITCH_STATES),
        K::Statement => pick(rng, STATEMENTS),
        K::FunctionName => pick(rng, FUNCTIONS),
        K::SessionReason => pick(rng, SESSION_REASONS),
        K::VpnSessionType => pick(rng, SESSION_TYPES),
        K::AclError => pick(rng, ACL_ERRORS),
        K::AclPhase => pick(rng, ACL_PHASES),
        K::Ace => pick(rng, ACES),
        K::ProxyError => pick(rng, PROXY_ERRORS),
        K::FileAccessError => pick(rng, FILE_ACCESS_ERRORS),
        K::AaaAttribute => pick(rng, AAA_ATTRIBUTES),
        K::AaaValue => pick(rng, AAA_VALUES),
        K::SsoServerType => pick(rng, SSO_SERVER_TYPES),
        K::SsoError => pick(rng, SSO_ERRORS),
        K::SamlError => pick(rng, SAML_ERRORS),
        K::SamlParty => pick(rng, SAML_PARTIES),
        K::LicenseType => pick(rng, LICENSE_TYPES),
        K::EnrollmentError => pick(rng, ENROLLMENT_ERRORS),
        K::CertValidationError => pick(rng, VALIDATION_ERRORS),
        K::CrlError => pick(rng, CRL_ERRORS),
        K::OcspError => pick(rng, OCSP_ERRORS),
        K::CrlPurpose => pick(rng, CRL_PURPOSES),
        K::ValidationNote => pick(rng, VALIDATION_NOTES),
        K::PkiTask => pick(rng, PKI_TASKS),
        K::EnrollmentProtocol => pick(rng, ENROLLMENT_PROTOCOLS),
        K::CmpRequest => pick(rng, CMP_REQUESTS),
        K::ScepMessage => pick(rng, SCEP_MESSAGES),
        K::ScepError => pick(rng, SCEP_ERRORS),
        K::LocalCaError => pick(rng, LOCAL_CA_ERRORS),
        K::LocalCaEvent => pick(rng, LOCAL_CA_EVENTS),
        K::SocketError => pick(rng, SOCKET_ERRORS),
        K::LbRuleType => pick(rng, LB_RULE_TYPES),
        K::MailProtocol => pick(rng, MAIL_PROTOCOLS),
        K::MailProxyError => pick(rng, MAIL_PROXY_ERRORS),
        K::FsmState => pick(rng, FSM_STATES),
        K::FsmEvent => pick(rng, FSM_EVENTS),
        K::HaState => pick(rng, HA_STATES),
        K::HaEvent => pick(rng, HA_EVENTS),
        K::HaMessage => pick(rng, HA_MESSAGES),
        K::TimerType => pick(rng, TIMER_TYPES),
        K::Unspecified
        | K::Netmask
        | K::RangeStart
        | K::RangeEnd
        | K::SequenceNumber
        | K::Seconds
        | K::PeerContext
        | K::VersionPart => return None,
    })
}

/// A user name: mostly plain, sometimes an e-mail address or DOMAIN\user (not when plain).
pub(super) fn username(rng: &mut SplitMix64, shape: Shape) -> String {
    let user = *rng.pick(USERS);
    match rng.below(10) {
        0 if !shape.plain => format!("{user}@{}", rng.pick(EMAIL_DOMAINS)),
        1 if !shape.plain => (*rng.pick(DOMAIN_USERS)).to_owned(),
        _ => user.to_owned(),
    }
}

/// An RFC 1123 host name in a documentation zone; a bare label when plain.
pub(super) fn hostname(rng: &mut SplitMix64, shape: Shape) -> String {
    let label = *rng.pick(HOST_LABELS);
    let number = if rng.chance(1, 3) {
        format!("{:02}", 1 + rng.below(4))
    } else {
        String::new()
    };
    if shape.plain {
        return format!("{label}{number}");
    }
    format!("{label}{number}.{}", rng.pick(ZONES))
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
        return format!("https://{}{path}", hostname(rng, shape));
    }
    let (scheme, path) = match rng.below(10) {
        0 => ("http", *rng.pick(CRL_PATHS)),
        1 => ("https", *rng.pick(IDP_PATHS)),
        _ => (
            if rng.chance(4, 5) { "https" } else { "http" },
            *rng.pick(URL_PATHS),
        ),
    };
    format!("{scheme}://{host}{path}")
}

/// A file name with its extension (without when plain); without spaces in a compact field.
pub(super) fn filename(rng: &mut SplitMix64, shape: Shape) -> String {
    if shape.plain {
        // Where a field ends at a dot, the name cannot show its extension.
        return rng.pick(FILE_STEMS).replace(' ', "_");
    }
    if shape.compact && rng.chance(1, 3) {
        return (*rng.pick(APCF_FILES)).to_owned();
    }
    let stem = rng.pick(FILE_STEMS);
    let stem = if shape.compact {
        stem.replace(' ', "_")
    } else {
        (*stem).to_owned()
    };
    format!("{stem}.{}", rng.pick(FILE_EXTENSIONS))
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
        (*rng.pick(USERS)).to_owned()
    } else {
        hostname(rng, shape)
    };
    if shape.plain {
        return format!("CN={cn}");
    }
    let (ou, o) = if shape.compact {
        (*rng.pick(OUS_COMPACT), *rng.pick(ORGS_COMPACT))
    } else {
        (*rng.pick(OUS), *rng.pick(ORGS))
    };
    let (l, st, c) = *rng.pick(LOCALITIES);
    if shape.compact || rng.chance(1, 2) {
        format!("CN={cn},OU={ou},O={o},C={c}")
    } else {
        format!("CN={cn},OU={ou},O={o},L={l},ST={st},C={c}")
    }
}

/// An issuer DN: a CA's name, with O and C or as domain components.
pub(super) fn issuer_dn(rng: &mut SplitMix64, shape: Shape) -> String {
    let ca = if shape.compact {
        *rng.pick(ISSUING_CAS_COMPACT)
    } else {
        *rng.pick(ISSUING_CAS)
    };
    if shape.plain {
        return format!("CN={ca}");
    }
    if rng.chance(1, 3) {
        return format!("CN={ca},DC=corp,DC=example,DC=com");
    }
    let o = if shape.compact {
        *rng.pick(ORGS_COMPACT)
    } else {
        *rng.pick(ORGS)
    };
    format!("CN={ca},O={o},C=US")
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
        serial.push_str(&format!("{byte:02X}"));
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
    let subject = format!("CN={}", username(rng, person));
    if shape.plain {
        return format!("serial number: {serial}, subject name: {subject}");
    }
    format!(
        "serial number: {serial}, subject name: {subject},OU={},O={}, issuer_name: {}",
        rng.pick(OUS_COMPACT),
        rng.pick(ORGS_COMPACT),
        issuer_dn(
            rng,
            Shape {
                compact: true,
                plain: false
            }
        )
    )
}

/// A date and time as certificates and CRLs print them (`14:03:11 UTC Nov 26 2026`).
pub(super) fn timestamp(rng: &mut SplitMix64) -> String {
    format!(
        "{:02}:{:02}:{:02} UTC {} {} {}",
        rng.below(24),
        rng.below(60),
        rng.below(60),
        rng.pick(MONTHS),
        1 + rng.below(28),
        2024 + rng.below(6)
    )
}

/// An SPI as IPsec allocates it: 32 random bits, never below 256 (reserved).
pub(super) fn spi(rng: &mut SplitMix64) -> u32 {
    (rng.next_u64() as u32).max(0x100)
}

/// State/event pairs of an IKE state machine, most recent first.
fn fsm_history(rng: &mut SplitMix64) -> String {
    let pairs = 2 + rng.below(3);
    let mut out = Vec::new();
    for _ in 0..pairs {
        out.push(format!(
            "{}, {}",
            rng.pick(IKE_STATES),
            rng.pick(IKE_EVENTS)
        ));
    }
    out.join("-->")
}
