//! The catalog of Cisco Secure Firewall Threat Defense syslog messages 715001-721019.
//!
//! The catalog is a directory of YAML files, one per section of the vendor's guide. This crate
//! loads it into one [`Catalog`] model, validates it (reporting every mistake with its
//! `file:line:column`), serialises it to JSON for tools, and extracts the guide's entries from
//! its text for the drift check ([`source`]). The bundled catalog's files are embedded
//! ([`bundled()`]); with the `docs` feature, [`docs`] renders it as Markdown and HTML.
//! [`severity`] names syslog severities and [`blocks`] lays explanation and action text out,
//! for every output alike.
//!
//! ```no_run
//! let catalog = ftd_catalog::load_dir("catalog".as_ref(), "catalog").expect("a valid catalog");
//! let message = catalog.get(716001).expect("716001 is catalogued");
//! assert_eq!(message.def.name, "webvpn_session_started");
//! ```

pub mod blocks;
pub mod bundled;
#[cfg(feature = "docs")]
pub mod docs;
pub mod drift;
pub mod ecs;
pub mod english;
mod error;
pub mod export;
mod loader;
mod locate;
pub mod model;
pub mod scenario;
pub mod severity;
pub mod source;
pub mod template;
mod validate;
mod value_kind;

pub use english::{EnglishCoverage, EnglishGap};
pub use error::{CatalogError, CatalogErrors, ErrorKind};
pub use loader::load_scenario;
pub use loader::{load, load_dir, load_paths, load_sources, to_yaml, yaml_files, Loaded};
pub use model::{
    Block, Catalog, CatalogEntry, IntWidth, Lang, Location, MessageDef, Template, TemplateSource,
    VarKind, Variable,
};

/// The bundled catalog, loaded from the files embedded in this crate ([`bundled::SOURCES`]).
pub fn bundled() -> Result<Catalog, CatalogErrors> {
    bundled::load()
}

/// The bundled catalog's directory in this crate's source tree (for tools that read or write
/// the files themselves; the published crate carries them too).
pub fn bundled_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The bundled copy of the vendor's guide, as text.
pub const GUIDE_TEXT: &str = include_str!("../source/syslog-715001-721019.ja.txt");
