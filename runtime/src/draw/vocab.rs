//! The vocabularies realistic values are drawn from: names, payloads, attributes, errors and
//! states as FTD/ASA devices print them. Where the guide lists the values a field takes, those
//! are the entries; the rest follows the devices' own wording. Hosts and addresses stay in the
//! documentation ranges (`example.com`, `example.net`, `example.org`).

pub const USERS: &[&str] = &[
    "alice",
    "bob",
    "carol.nguyen",
    "dave",
    "erin.m",
    "frank",
    "grace.hopper",
    "heidi",
    "ivan",
    "jsmith",
    "kwong",
    "lmartin",
    "mgarcia",
    "n.okafor",
    "priya.s",
    "rkumar",
    "svc-backup",
    "tchen",
    "walter",
];
pub const DOMAIN_USERS: &[&str] = &["CORP\\alice", "CORP\\jsmith", "EXAMPLE\\tchen"];
pub const EMAIL_DOMAINS: &[&str] = &["example.com", "example.net", "mail.example.org"];
pub const GROUP_POLICIES: &[&str] = &[
    "DfltGrpPolicy",
    "GP-Engineering",
    "GP-Sales",
    "GP-Contractors",
    "anyconnect-users",
    "webvpn-clientless",
    "Remote_Access_Policy",
    "GP_FullTunnel",
];
pub const TUNNEL_GROUPS: &[&str] = &[
    "DefaultRAGroup",
    "DefaultWEBVPNGroup",
    "DefaultL2LGroup",
    "RA-VPN",
    "Corp-AnyConnect",
    "Partner-L2L",
    "198.51.100.20",
    "SAML-Okta",
];
pub const TRUSTPOINTS: &[&str] = &[
    "TP-VPN",
    "ASDM_TrustPoint0",
    "ASDM_TrustPoint1",
    "corp-root-ca",
    "_SmartCallHome_ServerCA",
    "LOCAL-CA-SERVER",
    "SSL-Outside",
    "ACME-LetsEncrypt",
    "IdP-Signing",
];
pub const KEYPAIRS: &[&str] = &[
    "vpn-rsa-2048",
    "SSL-Outside.key",
    "<Default-RSA-Key>",
    "ecdsa-p256-vpn",
    "acme-key-2026",
];
pub const ACLS: &[&str] = &[
    "SPLIT-TUNNEL",
    "VPN-FILTER",
    "webvpn-url-acl",
    "ACL-Contractors",
    "inside_access_in",
    "outside_access_in",
    "DAP-Quarantine",
    "tempipv6",
    "RA-FILTER-v6",
];
pub const CERT_MAPS: &[&str] = &["DefaultCertificateMap", "CERTMAP-RA", "corp-users-map"];
pub const SSO_SERVERS: &[&str] = &["siteminder-01", "sso-corp", "SM_PRIMARY"];
pub const FSM_INSTANCES: &[&str] = &["POP3_FSM", "IMAP4_FSM", "SMTP_FSM", "emailproxy_fsm"];
pub const INTERFACES: &[&str] = &[
    "outside",
    "inside",
    "dmz",
    "management",
    "GigabitEthernet0/0",
    "GigabitEthernet0/1",
    "Ethernet1/2",
    "Port-channel1.100",
    "TenGigabitEthernet1/1",
    "Management0/0",
];
pub const HOST_LABELS: &[&str] = &[
    "vpn",
    "portal",
    "intranet",
    "files",
    "fs01",
    "mail",
    "owa",
    "crl",
    "ocsp",
    "ca",
    "idp",
    "sharepoint",
    "wiki",
    "hr",
    "jira",
];
pub const ZONES: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "corp.example.com",
    "eu.example.net",
];
pub const WIN_DOMAINS: &[&str] = &["CORP", "EXAMPLE", "ENGINEERING", "WORKGROUP", "SALES-EMEA"];
pub const URL_PATHS: &[&str] = &[
    "/",
    "/+CSCOE+/logon.html",
    "/+CSCOE+/portal.html",
    "/owa/",
    "/owa/auth/logon.aspx",
    "/sites/engineering/Shared%20Documents/",
    "/wiki/Main_Page",
    "/hr/benefits/index.html",
    "/jira/browse/NET-1042",
    "/reports/q3-summary.pdf",
    "/login?next=%2Fdashboard",
    "/api/v2/status",
];
pub const CRL_PATHS: &[&str] = &[
    "/crl/corp-issuing-ca1.crl",
    "/pki/root.crl",
    "/CertEnroll/Example%20Issuing%20CA.crl",
];
pub const IDP_PATHS: &[&str] = &[
    "/saml2/idp/metadata.php",
    "/app/exk1a2b3c4/sso/saml/metadata",
    "/adfs/services/trust",
];
pub const FILE_STEMS: &[&str] = &[
    "budget-2026",
    "Q3 sales report",
    "network-diagram",
    "meeting notes",
    "policy",
    "invoice_4471",
    "readme",
    "vpn-profile",
    "onboarding",
    "design-review",
];
pub const FILE_EXTENSIONS: &[&str] = &[
    "xlsx", "docx", "pdf", "txt", "pptx", "zip", "csv", "vsdx", "xml",
];
pub const APCF_FILES: &[&str] = &[
    "sap-portal.xml",
    "owa2016.xml",
    "sharepoint.xml",
    "citrix-sf.xml",
];
pub const DIRECTORIES: &[&str] = &[
    "public",
    "engineering",
    "specs",
    "archive",
    "home",
    "finance",
    "2026",
    "projects",
    "shared",
];
pub const OUS: &[&str] = &[
    "Engineering",
    "Network Operations",
    "Sales",
    "IT",
    "Finance",
];
pub const OUS_COMPACT: &[&str] = &["Engineering", "NetOps", "Sales", "IT", "Finance"];
pub const ORGS: &[&str] = &["Example Corp", "Example Networks Inc", "Example Org"];
pub const ORGS_COMPACT: &[&str] = &["ExampleCorp", "ExampleNetworks", "Example"];
pub const LOCALITIES: &[(&str, &str, &str)] = &[
    ("San Jose", "California", "US"),
    ("Austin", "Texas", "US"),
    ("Berlin", "Berlin", "DE"),
    ("Tokyo", "Tokyo", "JP"),
];
pub const ISSUING_CAS: &[&str] = &[
    "Example Issuing CA 1",
    "Example Root CA",
    "Example Corp Policy CA",
    "LOCAL-CA-SERVER",
];
pub const ISSUING_CAS_COMPACT: &[&str] = &["ExampleIssuingCA1", "ExampleRootCA", "LOCAL-CA-SERVER"];
pub const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// IKE (v1 and v2) payload names as the IKE debug messages print them.
pub const PAYLOADS: &[&str] = &[
    "SA",
    "KE",
    "Nonce",
    "ID",
    "HASH",
    "VID",
    "NAT-D",
    "NAT-OA",
    "Cert",
    "Cert Req",
    "SIG",
    "Notify",
    "Delete",
    "ISA_SA for IPsec",
    "IPSec SA",
    "ISAKMP SA",
    "ke",
    "nonce",
    "blank hash",
    "qm hash",
    "Transform",
    "Proposal",
    "CFG",
    "TSi",
    "TSr",
    "AUTH",
    "EAP",
];
/// What Vendor ID payloads announce.
pub const VENDOR_IDS: &[&str] = &[
    "Cisco Unity client",
    "DPD",
    "xauth V6",
    "NAT-Traversal RFC",
    "NAT-Traversal ver 02",
    "NAT-Traversal ver 03",
    "Fragmentation",
    "Altiga/Cisco VPN3000/Cisco ASA GW",
    "IOS/PIX",
    "Cisco VPN Concentrator",
    "Microsoft Windows 10",
    "IKE CGA version 1",
];
/// ISAKMP mode-config and Cisco Unity attribute names.
pub const CFG_ATTRIBUTES: &[&str] = &[
    "INTERNAL_IP4_ADDRESS",
    "INTERNAL_IP4_NETMASK",
    "INTERNAL_IP4_DNS",
    "INTERNAL_IP4_NBNS",
    "INTERNAL_ADDRESS_EXPIRY",
    "APPLICATION_VERSION",
    "MODECFG_UNITY_BANNER",
    "MODECFG_UNITY_SAVEPWD",
    "MODECFG_UNITY_DEFDOMAIN",
    "MODECFG_UNITY_SPLITINC",
    "MODECFG_UNITY_SPLIT_DNS",
    "MODECFG_UNITY_PFS",
    "MODECFG_UNITY_BACKUP_SERVERS",
    "MODECFG_UNITY_SMARTCARD_REMOVAL_DISCONNECT",
    "CONFIG_FW_TYPE",
    "INTERNAL_IP6_ADDRESS",
];
pub const CFG_VALUES: &[&str] = &[
    "192.0.2.45",
    "255.255.255.0",
    "198.51.100.53",
    "example.com",
    "1",
    "0",
    "28800",
    "Cisco Systems VPN Client 5.0.07.0440:WinNT",
    "Authorized use only",
    "corp.example.com",
];
pub const CHALLENGE_ATTRIBUTES: &[&str] = &[
    "PASSCODE",
    "NEXT_PIN",
    "NEW_PIN",
    "CHALLENGE",
    "MESSAGE",
    "STATUS",
    "USER_NAME",
];
pub const KEEPALIVES: &[&str] = &[
    "DPD R-U-THERE",
    "DPD R-U-THERE-ACK",
    "Cisco IOS keepalive",
    "Cisco Unity keepalive",
];
pub const PAYLOAD_ACTIONS: &[&str] = &["Processing", "Constructing", "Sending", "Received"];
pub const IKE_EXCHANGES: &[&str] = &["MM", "AM", "QM", "TM"];
pub const IKE_ROLES: &[&str] = &["Initiator", "Responder"];
pub const IKE_STATES: &[&str] = &[
    "MM_DONE",
    "MM_WAIT_MSG2",
    "MM_WAIT_MSG3",
    "MM_WAIT_MSG4",
    "MM_WAIT_MSG5",
    "MM_WAIT_MSG6",
    "MM_BLD_MSG4",
    "MM_SND_MSG6",
    "AM_INITIAL",
    "AM_WAIT_MSG2",
    "QM_WAIT_MSG2",
];
pub const IKE_EVENTS: &[&str] = &[
    "EV_ERROR",
    "EV_TIMEOUT",
    "EV_RESEND_MSG",
    "EV_SND_MSG",
    "EV_RCV_MSG",
    "EV_START_MM",
    "EV_PROB_DPD",
    "EV_DELETE",
];
/// Unlisted messages between IKE and the key engine (the guide lists the others).
pub const KEY_ENGINE_MESSAGES: &[&str] = &[
    "Received KEY_DELETE_INBOUND",
    "Received KEY_LIFETIME_EXPIRED",
    "KEY_DELETE centry not found",
];
pub const FRAGMENT_DROP_REASONS: &[&str] = &[
    "reassembly timer expired",
    "fragment number out of range",
    "duplicate fragment",
    "fragment too large",
    "no memory for reassembly",
    "too many fragments",
];
pub const ADDRESS_FAILURES: &[&str] = &[
    "ADDRESS_POOL_EXHAUSTED",
    "NO_ADDRESS_AVAILABLE",
    "DHCP_TIMEOUT",
    "ADDRESS_IN_USE",
];
pub const ADDRESS_SOURCES: &[&str] = &["DHCP Proxy", "local pool", "AAA", "IP Util"];
pub const TRANSPORTS: &[&str] = &["IPsec over TCP", "IPsec over UDP", "NAT-Traversal"];
pub const PROXY_SIDES: &[&str] = &["local", "remote"];
pub const SWITCH_STATES: &[&str] = &["enabled", "disabled"];
pub const STATEMENTS: &[&str] = &[
    "Starting IKE Phase 1 negotiation as initiator",
    "IKE SA proposal # 1, transform # 1 acceptable matches global IKE entry # 2",
    "Oakley proposal is acceptable",
    "Peer is a Cisco ASA or IOS device",
    "PHASE 1 COMPLETED",
    "Keep-alive type for this connection: DPD",
    "Starting P1 rekey timer: 82080 seconds",
    "Completed Phase 2 rekey",
    "Remote peer has failed user authentication",
];
pub const FUNCTIONS: &[&str] = &[
    "ikev2_process_packet",
    "ike_queue_send",
    "IKE_QMsgSend",
    "ikeCfgGetAttributes",
    "fiber_create",
    "fiber_join",
    "occam_alloc",
    "occam_free_pool",
    "lb_fsm_dispatch",
    "lb_send_keepalive",
    "vpnfo_fsm_action",
    "vpnfo_sync_sa",
    "pki_crl_poll",
    "webvpn_acl_parse",
    "CRYPTO_PKI_process_cert",
];

pub const SESSION_REASONS: &[&str] = &[
    "Max time exceeded",
    "Idle timeout",
    "Administrator reset",
    "Peer terminate",
    "Port preempted",
    "Lost carrier",
    "Unable to assign IP address",
    "Certificate expired",
];
pub const SESSION_TYPES: &[&str] = &[
    "IPsec",
    "AnyConnect-Parent",
    "Clientless",
    "Cut-Through-Proxy",
];
pub const ACL_ERRORS: &[&str] = &[
    "invalid URL in ACE",
    "unknown keyword 'permitt'",
    "ACE exceeds maximum length",
    "missing protocol",
    "invalid port range",
];
pub const ACL_PHASES: &[&str] = &[
    "start parsing",
    "end parsing",
    "begin ACL list",
    "end ACL list",
];
pub const ACES: &[&str] = &[
    "permit url http://intranet.example.com/*",
    "deny url https://files.example.net/restricted/*",
    "permit tcp any host 192.0.2.10 eq 443",
    "deny ip any 198.51.100.0 255.255.255.0",
];
pub const PROXY_ERRORS: &[&str] = &[
    "connection refused",
    "connection timed out",
    "host unreachable",
    "DNS lookup failed",
];
/// The guide's example first, then the errors CIFS browsing reports.
pub const FILE_ACCESS_ERRORS: &[&str] = &[
    "Unable to contact necessary server",
    "Access denied",
    "The network name cannot be found",
    "The file is in use by another process",
    "Disk full",
    "Logon failure",
];
/// The guide's examples (vlan, nac-settings) and other per-user AAA attributes.
pub const AAA_ATTRIBUTES: &[&str] = &[
    "vlan",
    "nac-settings",
    "vpn-idle-timeout",
    "vpn-session-timeout",
    "vpn-simultaneous-logins",
    "address-pools",
    "split-tunnel-policy",
];
pub const AAA_VALUES: &[&str] = &["4097", "0", "-1", "70000", "999999", "tunnelall"];
pub const SSO_SERVER_TYPES: &[&str] = &["SAML-V2-POST", "Shibboleth"];
pub const SSO_ERRORS: &[&str] = &[
    "server unreachable",
    "invalid credentials",
    "authentication cookie missing",
    "request timed out",
];
/// The guide's examples of SAML failures, in the device's wording.
pub const SAML_ERRORS: &[&str] = &[
    "empty profile",
    "failed to create logout request",
    "invalid NameID",
    "invalid NameIDPolicy",
    "assertion expired",
    "invalid assertion",
    "empty issuer",
    "signature verification failed",
    "audience restriction mismatch",
];
pub const SAML_PARTIES: &[&str] = &["SP", "IdP"];
pub const LICENSE_TYPES: &[&str] = &["AnyConnect Premium", "AnyConnect Apex", "Shared SSL VPN"];

pub const ENROLLMENT_ERRORS: &[&str] = &[
    "CA server is not reachable",
    "enrollment request timed out",
    "certificate request was rejected by the CA",
    "failed to generate the key pair",
    "the certificate does not match the key pair",
    "failed to parse the certificate",
];
/// Validation failures, the guide's examples (CA unreachable, no trustpoint) first.
pub const VALIDATION_ERRORS: &[&str] = &[
    "CA server is unreachable",
    "no suitable trustpoint found",
    "certificate has expired",
    "certificate is not yet valid",
    "certificate is revoked",
    "signature validation failed",
    "unable to build the certificate chain",
    "key usage does not permit the operation",
];
pub const CRL_ERRORS: &[&str] = &[
    "CRL signature validation failed",
    "CRL has expired",
    "CRL cache is full",
    "failed to parse the CRL",
];
pub const OCSP_ERRORS: &[&str] = &[
    "no OCSP responder URL configured",
    "OCSP responder unreachable",
    "OCSP response signature validation failed",
    "OCSP nonce mismatch",
    "OCSP response expired",
    "certificate status unknown",
];
pub const CRL_PURPOSES: &[&str] = &["IKE", "SSL", "revocation checking", "the local CA server"];
/// The guide's example first.
pub const VALIDATION_NOTES: &[&str] = &[
    "with warning, revocation status was not checked",
    "with warning",
    "with revocation check",
    "using OCSP",
];
pub const PKI_TASKS: &[&str] = &[
    "process the certificate request",
    "cache the CRL",
    "build the certificate chain",
    "validate the certificate",
    "create the OCSP request",
];
pub const ENROLLMENT_PROTOCOLS: &[&str] = &["SCEP", "EST", "ACME"];
/// The guide's three CMP request types.
pub const CMP_REQUESTS: &[&str] = &[
    "Initialization Request",
    "Certification Request",
    "Key Update Request",
];
pub const SCEP_MESSAGES: &[&str] = &["GetCRL", "GetCertInitial", "GetNextCACert"];
pub const SCEP_ERRORS: &[&str] = &[
    "SCEP proxy is not enabled for the tunnel group",
    "CA server unreachable",
    "request exceeds the maximum size",
    "invalid request type",
];
/// The guide's examples of local CA failures first.
pub const LOCAL_CA_ERRORS: &[&str] = &[
    "CA key does not exist",
    "Failed to rollover expired CA certificate",
    "Invalid issuer name configured",
    "Storage down",
    "Time has not been set",
    "Failed to generate CRL",
    "User not found in the database",
    "One-time password expired",
];
pub const LOCAL_CA_EVENTS: &[&str] = &[
    "CA server enabled",
    "CRL generated",
    "CRL reissued",
    "Enrollment e-mail sent",
    "Certificate issued",
    "CA certificate rollover started",
];

pub const SOCKET_ERRORS: &[&str] = &[
    "Address already in use",
    "Permission denied",
    "No buffer space available",
    "Too many open files",
    "Cannot assign requested address",
];
pub const LB_RULE_TYPES: &[&str] = &["UDP", "TCP", "IKE", "IPsec", "SSL"];
/// The guide's three error types.
pub const MAIL_PROXY_ERRORS: &[&str] =
    &["session database add", "memory allocation", "channel write"];
pub const MAIL_PROTOCOLS: &[&str] = &["POP3S", "IMAP4S", "SMTPS"];
pub const FSM_STATES: &[&str] = &[
    "LB_STATE_IDLE",
    "LB_STATE_MASTER",
    "LB_STATE_SLAVE",
    "LB_STATE_ELECTION",
    "VPNFO_STATE_ACTIVE",
    "VPNFO_STATE_STANDBY",
    "VPNFO_STATE_BULK_SYNC",
];
pub const FSM_EVENTS: &[&str] = &[
    "LB_EV_TIMEOUT",
    "LB_EV_PEER_UP",
    "LB_EV_PEER_DOWN",
    "VPNFO_EV_SYNC_DONE",
    "VPNFO_EV_PEER_LOST",
    "EV_TIMER_EXPIRED",
];
pub const HA_STATES: &[&str] = &[
    "Active",
    "Standby Ready",
    "Negotiation",
    "Cold Standby",
    "Sync Config",
    "Bulk Sync",
    "Just Active",
    "Active Drain",
    "Disabled",
];
pub const HA_EVENTS: &[&str] = &[
    "HA_PROG_NONE",
    "HA_PROG_TO_ACTIVE",
    "HA_PROG_TO_STANDBY",
    "HA_PROG_BULK_SYNC",
    "HA_STATUS_PEER_STATE",
    "HA_STATUS_SYNC_DONE",
];
pub const HA_MESSAGES: &[&str] = &[
    "IKE SA",
    "IPsec SA",
    "WebVPN session",
    "DHCP address",
    "VPN session",
    "bulk sync",
];
pub const TIMER_TYPES: &[&str] = &["keepalive", "rekey", "session idle", "bulk sync"];
