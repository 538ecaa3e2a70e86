//! Never silently wrong, over the whole bundled catalog: the check of `wrong_parses` on every
//! message and template (48 draws each, both identity styles).

use crate::subject;
use crate::wrong_parses::wrong_parses;

subject!(Bundled, ftd_syslog);

#[test]
fn no_line_of_the_catalog_parses_to_other_values() {
    let (wrong, lines) = wrong_parses::<Bundled>(48);
    assert!(lines > 40_000, "only {lines} lines checked");
    assert!(
        wrong.is_empty(),
        "{} of {lines} lines parse wrongly, e.g.\n{}",
        wrong.len(),
        wrong[..wrong.len().min(12)].join("\n")
    );
}
