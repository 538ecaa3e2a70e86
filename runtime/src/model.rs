//! The bundled catalog's model at run time: the embedded YAML files, loaded and validated with
//! `ftd-catalog` (the same model code generation used).

use ftd_catalog::{Catalog, CatalogErrors};

/// Loads the bundled catalog from the copies embedded at build time.
pub fn catalog() -> Result<Catalog, CatalogErrors> {
    let sources: Vec<(&str, &str)> = crate::CATALOG_SOURCES
        .iter()
        .map(|s| (s.file, s.text))
        .collect();
    let loaded = ftd_catalog::load_sources(&sources);
    if loaded.errors.is_empty() {
        Ok(loaded.catalog)
    } else {
        Err(CatalogErrors(loaded.errors))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_catalog_loads() {
        let catalog = super::catalog().unwrap();
        assert_eq!(catalog.messages.len(), crate::MESSAGES.len());
    }
}
