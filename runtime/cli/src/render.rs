//! What the commands print for people and programs: JSON lines of parsed records
//! ([`json`]), the `parse --stats` report ([`stats`]) and catalog entries ([`catalog`]).

pub mod catalog;
pub mod json;
pub mod stats;
