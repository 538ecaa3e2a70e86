//! Items generated code refers to; not public API. The field conversions (`conv`) and field
//! writers (`write`) live here only, so that they are reachable by generated code and by
//! nothing else outside the crate.

pub mod conv;
pub mod ids;
pub mod write;

pub use crate::cursor::{
    literals_present, mentions_all_of_any, rivals_cannot_beat, Cursor, Enclosure, FieldProblem,
    Matching, Stop, TokenEnd,
};
pub use crate::draw::ValueSource;
pub use crate::error::ParseError;
pub use crate::info::{
    CatalogSource, FieldKind, FieldSpec, LineFacts, MessageInfo, MessageSet, TextBlock,
};
pub use crate::value_kind::ValueKind;
pub use crate::values::{Hex, MacAddr, Quantity};
pub use crate::visit::FieldVisitor;
pub use core::fmt;
pub use ftd_codegen::__build_message as build_message;
pub use std::borrow::Cow;
pub use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
