//! Rebuilds when a file is added to or removed from the fixture catalog (edits are tracked by
//! the generated code's `include_str!`).
fn main() {
    println!("cargo:rerun-if-changed=fixtures/widgets");
    println!("cargo:rerun-if-changed=fixtures/ja-only");
}
