//! The bundled catalog's model at run time: the YAML files embedded in `ftd-catalog`, loaded
//! and validated (the same model and files code generation used).

use ftd_catalog::{Catalog, CatalogErrors};

/// Loads the bundled catalog.
pub fn catalog() -> Result<Catalog, CatalogErrors> {
    ftd_catalog::bundled()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_catalog_matches_the_generated_types() {
        let catalog = super::catalog().unwrap();
        assert_eq!(catalog.messages.len(), crate::MESSAGES.len());
    }
}
