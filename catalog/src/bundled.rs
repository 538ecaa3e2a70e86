//! The bundled catalog's YAML files, embedded in the crate, so that code generation and tools
//! use the catalog without finding its directory (a published crate has no sibling
//! directories). Editing a file rebuilds this crate, and with it the crates that expand or load
//! the catalog.

use crate::error::CatalogErrors;
use crate::model::Catalog;

/// Every YAML file of the bundled catalog, as `(display name, text)`, sorted by name.
pub const SOURCES: &[(&str, &str)] = &[
    ("catalog/715.yaml", include_str!("../715.yaml")),
    ("catalog/716.yaml", include_str!("../716.yaml")),
    ("catalog/717.yaml", include_str!("../717.yaml")),
    ("catalog/718.yaml", include_str!("../718.yaml")),
    ("catalog/720.yaml", include_str!("../720.yaml")),
];

/// Loads and validates the embedded files.
pub fn load() -> Result<Catalog, CatalogErrors> {
    let loaded = crate::load_sources(SOURCES);
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
        let files = crate::yaml_files(&crate::bundled_dir()).expect("the catalog directory");
        let on_disk: Vec<String> = files
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| format!("catalog/{}", n.to_string_lossy()))
            .collect();
        let embedded: Vec<&str> = super::SOURCES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, embedded, "add the new file to bundled::SOURCES");
    }

    #[test]
    fn the_embedded_catalog_loads() {
        let catalog = super::load().expect("the bundled catalog is valid");
        assert!(catalog.get(716001).is_some());
    }
}
