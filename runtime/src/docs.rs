//! Documentation generated from the catalog (Markdown and HTML).
