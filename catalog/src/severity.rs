//! Syslog severity names: the one table every output of the catalog uses.
//!
//! The names are the RFC 5424 keywords (section 6.2.1: Emergency, Alert, Critical, Error,
//! Warning, Notice, Informational, Debug), lowercased. Cisco's own plural forms
//! (`notifications`, `debugging`...) and the traditional syslog.conf abbreviations (`emerg`,
//! `crit`, `err`, `warn`, `info`) are accepted when reading a name, never written.

/// The name of each severity, by number (0 = emergency ... 7 = debug).
pub const NAMES: [&str; 8] = [
    "emergency",
    "alert",
    "critical",
    "error",
    "warning",
    "notice",
    "informational",
    "debug",
];

/// Other spellings accepted by [`from_name`]: abbreviations and Cisco's forms.
const ALIASES: &[(&str, u8)] = &[
    ("emerg", 0),
    ("emergencies", 0),
    ("alerts", 1),
    ("crit", 2),
    ("err", 3),
    ("errors", 3),
    ("warn", 4),
    ("warnings", 4),
    ("notification", 5),
    ("notifications", 5),
    ("info", 6),
    ("debugging", 7),
];

/// The name of `severity`, `None` above 7.
pub fn name(severity: u8) -> Option<&'static str> {
    NAMES.get(usize::from(severity)).copied()
}

/// `6 (informational)`, or the bare number for a severity above 7.
pub fn label(severity: u8) -> String {
    match name(severity) {
        Some(name) => format!("{severity} ({name})"),
        None => severity.to_string(),
    }
}

/// The severity a name stands for, in any ASCII case: a keyword of [`NAMES`] or an accepted
/// alias.
pub fn from_name(text: &str) -> Option<u8> {
    let lower = text.trim().to_ascii_lowercase();
    let keyword = NAMES.iter().position(|n| *n == lower);
    keyword
        .and_then(|level| u8::try_from(level).ok())
        .or_else(|| ALIASES.iter().find(|(n, _)| *n == lower).map(|(_, l)| *l))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_aliases_read_back() {
        for level in 0..8u8 {
            assert_eq!(super::from_name(super::name(level).unwrap()), Some(level));
        }
        assert_eq!(super::from_name("Notifications"), Some(5));
        assert_eq!(super::from_name("warn"), Some(4));
        assert_eq!(super::from_name("loud"), None);
        assert_eq!(super::name(8), None);
        assert_eq!(super::label(6), "6 (informational)");
        assert_eq!(super::label(9), "9");
    }
}
