//! What a field holds beside its type ([`ValueKind`]): the runtime mirror of the catalog's
//! table of value kinds (`kind:` in the YAML). Generated `FieldSpec`s carry it, so that value
//! sources draw by what a field holds rather than by what it is called.

macro_rules! value_kinds {
    ($($variant:ident = $name:literal,)*) => {
        /// What a field holds (a user name, a certificate subject, a netmask...), as the
        /// catalog's `kind:` names it; [`ValueKind::Unspecified`] when the catalog says nothing.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ValueKind {
            /// The catalog names no kind: only the type is known.
            Unspecified,
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl ValueKind {
            /// Every kind the catalog may name, in the catalog's table order.
            pub const ALL: &'static [ValueKind] = &[$(ValueKind::$variant,)*];

            /// The name the catalog writes (`""` for [`ValueKind::Unspecified`]).
            pub const fn name(self) -> &'static str {
                match self {
                    ValueKind::Unspecified => "",
                    $(ValueKind::$variant => $name,)*
                }
            }

            /// The kind the catalog calls `name`.
            pub fn from_name(name: &str) -> Option<ValueKind> {
                match name {
                    $($name => Some(ValueKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

value_kinds! {
    Username = "username",
    GroupPolicy = "group_policy",
    TunnelGroup = "tunnel_group",
    Trustpoint = "trustpoint",
    Keypair = "keypair",
    AclName = "acl_name",
    CertMap = "cert_map",
    SsoServer = "sso_server",
    FsmInstance = "fsm_instance",
    Interface = "interface",
    Hostname = "hostname",
    Domain = "domain",
    Url = "url",
    Filename = "filename",
    Path = "path",
    SubjectDn = "subject_dn",
    IssuerDn = "issuer_dn",
    SerialNumber = "serial_number",
    CertificateId = "certificate_id",
    Timestamp = "timestamp",
    Spi = "spi",
    Cookie = "cookie",
    MessageId = "message_id",
    EventId = "event_id",
    PayloadName = "payload_name",
    VendorId = "vendor_id",
    AttributeName = "attribute_name",
    AttributeValue = "attribute_value",
    ChallengeAttribute = "challenge_attribute",
    KeepaliveType = "keepalive_type",
    PayloadAction = "payload_action",
    HexFlags = "hex_flags",
    IkeExchange = "ike_exchange",
    IkeRole = "ike_role",
    FsmHistory = "fsm_history",
    KeyEngineMessage = "key_engine_message",
    FragmentDropReason = "fragment_drop_reason",
    AddressFailure = "address_failure",
    AddressSource = "address_source",
    TransportMode = "transport_mode",
    ProxySide = "proxy_side",
    SwitchState = "switch_state",
    Statement = "statement",
    FunctionName = "function_name",
    SessionReason = "session_reason",
    VpnSessionType = "vpn_session_type",
    AclError = "acl_error",
    AclPhase = "acl_phase",
    Ace = "ace",
    ProxyError = "proxy_error",
    FileAccessError = "file_access_error",
    AaaAttribute = "aaa_attribute",
    AaaValue = "aaa_value",
    SsoServerType = "sso_server_type",
    SsoError = "sso_error",
    SamlError = "saml_error",
    SamlParty = "saml_party",
    LicenseType = "license_type",
    EnrollmentError = "enrollment_error",
    CertValidationError = "cert_validation_error",
    CrlError = "crl_error",
    OcspError = "ocsp_error",
    CrlPurpose = "crl_purpose",
    ValidationNote = "validation_note",
    PkiTask = "pki_task",
    EnrollmentProtocol = "enrollment_protocol",
    CmpRequest = "cmp_request",
    ScepMessage = "scep_message",
    ScepError = "scep_error",
    LocalCaError = "local_ca_error",
    LocalCaEvent = "local_ca_event",
    SocketError = "socket_error",
    LbRuleType = "lb_rule_type",
    MailProtocol = "mail_protocol",
    MailProxyError = "mail_proxy_error",
    FsmState = "fsm_state",
    FsmEvent = "fsm_event",
    HaState = "ha_state",
    HaEvent = "ha_event",
    HaMessage = "ha_message",
    TimerType = "timer_type",
    Netmask = "netmask",
    RangeStart = "range_start",
    RangeEnd = "range_end",
    SequenceNumber = "sequence_number",
    Seconds = "seconds",
    PeerContext = "peer_context",
    VersionPart = "version_part",
}
