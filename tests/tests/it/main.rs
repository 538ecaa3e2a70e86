//! Integration tests of the library, one binary with a module per topic: round trips over the
//! whole catalog (`roundtrip`), a reference matcher built without the code generator
//! (`reference`), lines that must not parse (`negative`), mutated whole lines
//! (`line_mutations`), a catalog of one's own (`own_catalog`), what parsing keeps and reports
//! (`parse_details`), the README's example (`readme`), every English-guide device form
//! (`device_forms`), drifted lines with their values (`drifted_lines`) and the
//! never-silently-wrong check over the whole catalog (`never_wrong`, with `wrong_parses`;
//! `tests/ja_only.rs` shows it failing) and the realism of simulated values (`realism`).

mod device_forms;
mod drifted_lines;
mod fields;
mod line_mutations;
mod negative;
mod never_wrong;
mod own_catalog;
mod parse_details;
mod readme;
mod realism;
mod reference;
mod roundtrip;
mod wrong_parses;
