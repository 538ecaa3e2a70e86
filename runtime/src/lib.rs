//! Typed Cisco Secure Firewall Threat Defense (FTD) and ASA syslog messages 715001-721019:
//! parse any line into a typed value, and emit any message as the exact text a device sends.
//!
//! Every message of the bundled catalog is a generated type (see [`Message`] for the list),
//! with a parser for each of its wire templates and a formatter for the default one:
//!
//! ```
//! use ftd_syslog::{message, parse_line, Message};
//! let started = message!(716001 { group: "vpn-ra", user: "alice", ip: "192.0.2.7".parse().unwrap() });
//! let line = format!("<166>Nov 26 2026 14:03:11 fw1 : %FTD-6-716001: {started}");
//! let record = parse_line(&line).unwrap();
//! assert!(matches!(record.message, Message::WebvpnSessionStarted(ref m) if m.user == "alice"));
//! ```
//!
//! Modules: [`header`] (syslog framing), [`record`] (parsing lines: header, IKE context,
//! message), [`loose`] (recognising lines that match no template of their id), [`emit`] (writing lines), [`draw`] (drawing realistic field values), [`values`]
//! (MAC addresses, quantities); with the `model` feature, [`model`] (the catalog's model at run
//! time).
//! Text fields borrow from the parsed line; `into_owned` detaches them.

extern crate self as ftd_syslog;

mod cursor;
pub mod draw;
pub mod emit;
mod error;
pub mod header;
mod info;
pub mod loose;
#[cfg(feature = "model")]
pub mod model;
pub mod record;
#[cfg(feature = "relp")]
pub mod relp;
#[cfg(feature = "scenario")]
pub mod scenario;
mod value_kind;
pub mod values;
mod visit;
mod words;

pub use draw::{RandomValues, ValueSource};
pub use emit::Emitter;
pub use error::{ParseError, ParseErrorKind};
pub use ftd_codegen::catalog;
pub use header::{
    parse_header, Header, HeaderFormat, HeaderPrefixes, HeaderStyle, OffsetForm, Relay, Tag,
    Timestamp, TimestampFormat,
};
pub use info::{
    CatalogSource, FieldKind, FieldSpec, LineFacts, MessageInfo, MessageSet, TextBlock,
};
pub use loose::{recognise_line, recognise_line_as, Loose, LooseValue, Mismatch, Recognised};
pub use record::{parse_line, parse_line_as, IkeContext, Record};
pub use value_kind::ValueKind;
pub use values::{Hex, HexError, MacAddr, Quantity};
pub use visit::FieldVisitor;

ftd_codegen::catalog!();

/// The metadata of message `id`, if the bundled catalog has it.
pub fn info(id: u32) -> Option<&'static MessageInfo> {
    MESSAGES
        .binary_search_by_key(&id, |m| m.id)
        .ok()
        .map(|i| &MESSAGES[i])
}

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;
