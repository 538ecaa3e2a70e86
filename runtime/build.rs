//! Rebuilds the crate when a catalog file is added or removed (edits are tracked by the
//! `include_str!` of each file in the generated code).
fn main() {
    println!("cargo:rerun-if-changed=../catalog");
    println!("cargo:rerun-if-changed=build.rs");
}
