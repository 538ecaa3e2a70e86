//! Lists the English files of the bundled catalog (`en/*.yaml`) for `bundled::SOURCES`, so
//! that a translation added to the directory is embedded without editing the list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("en");
    println!("cargo:rerun-if-changed=en");
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".yaml") && !name.starts_with('.'))
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let mut list = String::from("&[\n");
    for name in &names {
        writeln!(
            list,
            "    (\"catalog/en/{name}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/en/{name}\"))),"
        )
        .expect("writing to a string");
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("english_sources.rs");
    std::fs::write(out, list).expect("OUT_DIR is writable");
}
