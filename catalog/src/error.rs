//! Catalog errors: what is wrong, in which message, at which `file:line:column`.

use crate::model::Location;

/// What kind of mistake a [`CatalogError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The catalog directory or a file could not be read.
    Io,
    /// A file is not valid YAML, or does not have the catalog's shape (unknown or missing key).
    Yaml,
    /// Two entries share an id.
    DuplicateId,
    /// Two entries share a name.
    DuplicateName,
    /// A name is not snake_case.
    BadName,
    /// The severity is outside 0-7.
    Severity,
    /// The guide text does not carry the entry's severity and id.
    GuideMismatch,
    /// A template is malformed or missing.
    Template,
    /// A template uses a placeholder that is not declared.
    UndeclaredPlaceholder,
    /// A declared variable is not used by a template.
    UnusedVariable,
    /// A variable has a type the catalog does not know.
    UnknownType,
    /// An enumeration lists no values, or lists one twice.
    EmptyEnum,
    /// A variable carries an option its type does not take, or lacks one it needs.
    TypeOption,
    /// A template cannot be parsed unambiguously.
    Ambiguous,
    /// An entry is out of id order in its file.
    Order,
    /// An English file's item does not fit its section: an id the section lacks, an id given
    /// twice, a variable the entry does not declare, or no section file at all.
    English,
    /// An English text does not mirror the Japanese: another number or shape of blocks, or an
    /// ASCII word or number of the Japanese left out.
    Translation,
    /// A variable names a value kind the catalog does not know, or one its type cannot hold.
    ValueKind,
    /// An `ecs:` name is not an ECS field (nor under `cisco.ftd.`), does not take the
    /// variable's type, or is filled by two variables of the entry.
    Ecs,
}

/// One mistake in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// Where the mistake is.
    pub location: Location,
    /// The message it concerns, when known.
    pub id: Option<u32>,
    /// The kind of mistake.
    pub kind: ErrorKind,
    /// What is wrong, in words (naming the id when known).
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for CatalogError {}

/// Every mistake found in a catalog, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogErrors(pub Vec<CatalogError>);

impl std::fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}
