//! What a variable holds, beside its syntactic type: the one table of value kinds
//! (`kind: subject_dn`, `kind: netmask`...). Each kind names the types it fits, so that the
//! validator can reject a kind on a variable that cannot hold it; generators (the runtime's
//! simulator) and tools read the kind to draw or check realistic values.

/// One value kind: its name, what it holds, and the variable types it fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueKindDef {
    /// The name the catalog writes (`kind: subject_dn`).
    pub name: &'static str,
    /// The types a variable of this kind may have.
    pub types: &'static [&'static str],
    /// What a value of this kind is, in a few words.
    pub holds: &'static str,
}

/// Free text, a word, or an open enumeration's unlisted value.
const TEXTUAL: &[&str] = &["text", "word", "enum"];
/// As [`TEXTUAL`], and the `interface` type.
const INTERFACE: &[&str] = &["interface", "text", "word", "enum"];
/// An address.
const ADDRESS: &[&str] = &["ip", "ipv4", "ipv6"];
/// An unsigned number.
const NUMBER: &[&str] = &["u8", "u16", "u32", "u64"];

macro_rules! kinds {
    ($($name:literal: $types:expr, $holds:literal;)*) => {
        /// Every value kind, by name.
        pub static VALUE_KINDS: &[ValueKindDef] = &[
            $(ValueKindDef { name: $name, types: $types, holds: $holds },)*
        ];
    };
}

kinds! {
    // Identities and configured names.
    "username": TEXTUAL, "a user name (VPN, WebVPN, CIFS or mail account)";
    "group_policy": TEXTUAL, "a group policy name";
    "tunnel_group": TEXTUAL, "a tunnel group (connection profile) name";
    "trustpoint": TEXTUAL, "a PKI trustpoint name";
    "keypair": TEXTUAL, "an RSA or ECDSA key pair name";
    "acl_name": TEXTUAL, "an access-list or user filter name";
    "cert_map": TEXTUAL, "a certificate map name";
    "sso_server": TEXTUAL, "a configured SSO server name";
    "fsm_instance": TEXTUAL, "the name of a state machine instance";
    "interface": INTERFACE, "an interface name (nameif or hardware name)";
    // Network names and locations.
    "hostname": TEXTUAL, "a DNS host name (RFC 1123), fully qualified or not";
    "domain": TEXTUAL, "a Windows (NetBIOS) domain or workgroup";
    "url": TEXTUAL, "an absolute URL";
    "filename": TEXTUAL, "a file name, with its extension";
    "path": TEXTUAL, "a directory path on a file server";
    // Certificates.
    "subject_dn": TEXTUAL, "a certificate subject distinguished name";
    "issuer_dn": TEXTUAL, "a certificate issuer distinguished name";
    "serial_number": TEXTUAL, "a certificate serial number in hexadecimal";
    "certificate_id": TEXTUAL, "the serial number, subject and issuer identifying a certificate";
    "timestamp": TEXTUAL, "a date and time as certificates and CRLs print them";
    // IKE and IPsec.
    "spi": &["hex", "word", "u32"], "an IPsec SPI";
    "cookie": TEXTUAL, "an ISAKMP cookie (8 bytes in hexadecimal)";
    "message_id": TEXTUAL, "a message id in hexadecimal";
    "event_id": TEXTUAL, "an internal event id";
    "payload_name": TEXTUAL, "an IKE payload name";
    "vendor_id": TEXTUAL, "what a Vendor ID payload announces";
    "attribute_name": TEXTUAL, "a mode-config (ISAKMP or Cisco Unity) attribute name";
    "attribute_value": TEXTUAL, "a mode-config attribute value";
    "challenge_attribute": TEXTUAL, "a challenge/response (LAM) attribute";
    "keepalive_type": TEXTUAL, "a keepalive or DPD notification type";
    "payload_action": TEXTUAL, "what is done with a payload (processing, sending...)";
    "hex_flags": TEXTUAL, "a capability bit field in hexadecimal";
    "ike_exchange": TEXTUAL, "an IKE exchange state machine (MM, AM, QM...)";
    "ike_role": TEXTUAL, "an IKE role (Initiator or Responder)";
    "fsm_history": TEXTUAL, "state/event pairs of a state machine, most recent first";
    "key_engine_message": TEXTUAL, "a message between IKE and the IPsec key engine";
    "fragment_drop_reason": TEXTUAL, "why a received IKE fragment was dropped";
    "address_failure": TEXTUAL, "why an address request to an internal utility failed";
    "address_source": TEXTUAL, "the internal utility that assigns client addresses";
    "transport_mode": TEXTUAL, "an IPsec transport (over UDP, over TCP, NAT-T)";
    "proxy_side": TEXTUAL, "which proxy of an IPsec SA (local or remote)";
    "switch_state": TEXTUAL, "an on/off setting as the device prints it";
    "statement": TEXTUAL, "a complete sentence describing an IKE event";
    "function_name": TEXTUAL, "an internal function or routine name";
    // WebVPN, AAA and SSO.
    "session_reason": TEXTUAL, "why a VPN session ended";
    "vpn_session_type": TEXTUAL, "a VPN session type";
    "acl_error": TEXTUAL, "why a WebVPN ACL could not be parsed";
    "acl_phase": TEXTUAL, "what the WebVPN ACL code is doing";
    "ace": TEXTUAL, "an access-list entry as configured";
    "proxy_error": TEXTUAL, "why a proxy server could not be reached";
    "file_access_error": TEXTUAL, "a CIFS/file browsing error";
    "aaa_attribute": TEXTUAL, "an AAA (RADIUS/LDAP) attribute name";
    "aaa_value": TEXTUAL, "an AAA attribute value";
    "sso_server_type": TEXTUAL, "an SSO server type";
    "sso_error": TEXTUAL, "why an SSO authentication failed";
    "saml_error": TEXTUAL, "why a SAML request, response or assertion failed";
    "saml_party": TEXTUAL, "a SAML party (SP or IdP)";
    "license_type": TEXTUAL, "a client license type";
    // PKI.
    "enrollment_error": TEXTUAL, "why a certificate enrollment or installation failed";
    "cert_validation_error": TEXTUAL, "why a certificate or chain failed validation";
    "crl_error": TEXTUAL, "why a CRL could not be used";
    "ocsp_error": TEXTUAL, "why an OCSP status check failed";
    "crl_purpose": TEXTUAL, "what a CRL is fetched for";
    "validation_note": TEXTUAL, "how a certificate chain was validated";
    "pki_task": TEXTUAL, "a PKI operation that needs memory";
    "enrollment_protocol": TEXTUAL, "a certificate enrollment protocol";
    "cmp_request": TEXTUAL, "a CMP request type";
    "scep_message": TEXTUAL, "a SCEP message type";
    "scep_error": TEXTUAL, "why a SCEP proxy request was denied";
    "local_ca_error": TEXTUAL, "a local CA server error";
    "local_ca_event": TEXTUAL, "a local CA server event or information";
    // Load balancing, e-mail proxy, failover.
    "socket_error": TEXTUAL, "a socket error text";
    "lb_rule_type": TEXTUAL, "a load-balancing NP rule type";
    "mail_protocol": TEXTUAL, "an e-mail proxy protocol";
    "mail_proxy_error": TEXTUAL, "an e-mail proxy session error type";
    "fsm_state": TEXTUAL, "a state of an internal state machine";
    "fsm_event": TEXTUAL, "an event of an internal state machine";
    "ha_state": TEXTUAL, "a failover state";
    "ha_event": TEXTUAL, "a failover event";
    "ha_message": TEXTUAL, "a failover replication message type";
    "timer_type": TEXTUAL, "a failover timer type";
    // Numbers and addresses whose shape or range matters.
    "netmask": &["ipv4", "ip"], "a contiguous IPv4 network mask";
    "range_start": ADDRESS, "the first address of a range";
    "range_end": ADDRESS, "the last address of a range (not below the first)";
    "sequence_number": &["hex", "u32", "u64"], "a DPD or keepalive sequence number";
    "seconds": NUMBER, "a timer in seconds";
    "peer_context": NUMBER, "an internal peer context id";
    "version_part": NUMBER, "a part of a dotted version number";
}

/// The kind called `name`, if the table has it.
pub fn value_kind(name: &str) -> Option<&'static ValueKindDef> {
    VALUE_KINDS.iter().find(|k| k.name == name)
}

/// Every kind name, in table order.
pub fn value_kind_names() -> impl Iterator<Item = &'static str> {
    VALUE_KINDS.iter().map(|k| k.name)
}

impl ValueKindDef {
    /// Whether a variable of type `ty` can hold this kind.
    pub fn fits(&self, ty: &str) -> bool {
        self.types.contains(&ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_types_known() {
        let types: Vec<&str> = crate::model::type_names().collect();
        for (i, kind) in VALUE_KINDS.iter().enumerate() {
            assert!(crate::model::is_snake_case(kind.name), "{}", kind.name);
            assert!(
                VALUE_KINDS[..i].iter().all(|k| k.name != kind.name),
                "{} twice",
                kind.name
            );
            for ty in kind.types {
                assert!(types.contains(ty), "{}: unknown type {ty}", kind.name);
            }
        }
    }
}
