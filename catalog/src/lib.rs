//! The catalog of Cisco Secure Firewall Threat Defense syslog messages 715001-721019.
//!
//! The catalog is a directory of YAML files, one per section of the vendor's guide. This crate
//! loads it into one [`Catalog`] model, validates it (reporting every mistake with its
//! `file:line:column`), serialises it to JSON for tools, and extracts the guide's entries from
//! its text for the drift check ([`source`]).
//!
//! ```no_run
//! let catalog = ftd_catalog::load_dir("catalog".as_ref(), "catalog").expect("a valid catalog");
//! let message = catalog.get(716001).expect("716001 is catalogued");
//! assert_eq!(message.def.name, "webvpn_session_started");
//! ```

pub mod drift;
mod error;
mod loader;
mod locate;
pub mod model;
pub mod scenario;
pub mod source;
pub mod template;
mod validate;

pub use error::{CatalogError, CatalogErrors, ErrorKind};
pub use loader::load_scenario;
pub use loader::{load, load_dir, load_paths, load_sources, to_yaml, yaml_files, Loaded};
pub use model::{
    Block, Catalog, IntWidth, Location, Message, MessageDef, Template, TemplateSource, VarKind,
    Variable,
};

/// The bundled catalog directory of this crate.
pub fn bundled_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The bundled copy of the vendor's guide, as text.
pub const GUIDE_TEXT: &str = include_str!("../source/syslog-715001-721019.ja.txt");
