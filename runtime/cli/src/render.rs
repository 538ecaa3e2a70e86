//! What the commands print for people and programs: JSON lines of parsed records
//! ([`json`]) or ECS documents ([`ecs`]), the `parse --stats` report ([`stats`]) and catalog entries ([`catalog`]).

pub mod catalog;
pub mod ecs;
pub mod json;
pub mod stats;
