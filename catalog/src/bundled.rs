//! The bundled catalog's YAML files, embedded in the crate, so that code generation and tools
//! use the catalog without finding its directory (a published crate has no sibling
//! directories). Editing a file rebuilds this crate, and with it the crates that expand or load
//! the catalog.

use crate::error::CatalogErrors;
use crate::model::Catalog;

/// The section files of the bundled catalog, as `(display name, text)`, sorted by name.
pub const SECTIONS: &[(&str, &str)] = &[
    ("catalog/715.yaml", include_str!("../715.yaml")),
    ("catalog/716.yaml", include_str!("../716.yaml")),
    ("catalog/717.yaml", include_str!("../717.yaml")),
    ("catalog/718.yaml", include_str!("../718.yaml")),
    ("catalog/720.yaml", include_str!("../720.yaml")),
];

/// The English files of the bundled catalog (`catalog/en/<section>.yaml`), sorted by name:
/// every one the directory holds when the crate is built (listed by the build script).
pub const ENGLISH: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/english_sources.rs"));

/// Every YAML file of the bundled catalog, the section files then the English files.
pub static SOURCES: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| SECTIONS.iter().chain(ENGLISH).copied().collect());

/// Loads and validates the embedded files.
pub fn load() -> Result<Catalog, CatalogErrors> {
    let loaded = crate::load_sources(&SOURCES);
    if loaded.errors.is_empty() {
        Ok(loaded.catalog)
    } else {
        Err(CatalogErrors(loaded.errors))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_yaml_file_of_the_directory_is_embedded() {
        let dir = crate::bundled_dir();
        let mut on_disk: Vec<String> = crate::yaml_files(&dir)
            .expect("the catalog directory")
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| format!("catalog/{}", n.to_string_lossy()))
            .collect();
        if dir.join("en").is_dir() {
            on_disk.extend(
                crate::yaml_files(&dir.join("en"))
                    .expect("the English directory")
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| format!("catalog/en/{}", n.to_string_lossy())),
            );
        }
        let embedded: Vec<&str> = super::SOURCES.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            on_disk, embedded,
            "add the new section file to bundled::SECTIONS"
        );
    }

    #[test]
    fn the_embedded_catalog_loads() {
        let catalog = super::load().expect("the bundled catalog is valid");
        assert!(catalog.get(716001).is_some());
    }
}
