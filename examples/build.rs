//! Rebuilds when a file is added to or removed from the example's own catalog (edits are
//! tracked by the generated code's `include_str!`).
fn main() {
    println!("cargo:rerun-if-changed=my-catalog");
}
