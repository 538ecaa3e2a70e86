//! Shared helpers of the integration tests, and a small fixture catalog of its own generated
//! with the macro (`fixtures/widgets`), as a user's crate would.

/// Types generated from `fixtures/widgets`, a catalog unrelated to the bundled one.
pub mod widgets {
    ftd_syslog::catalog!("fixtures/widgets");
}
