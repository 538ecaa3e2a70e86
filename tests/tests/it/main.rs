//! Integration tests of the library, one binary with a module per topic: round trips over the
//! whole catalog (`roundtrip`), a reference matcher built without the code generator
//! (`reference`), lines that must not parse (`negative`), mutated whole lines
//! (`line_mutations`), a catalog of one's own (`own_catalog`) and the README's example
//! (`readme`), every English-guide device form (`device_forms`), and the realism of simulated
//! values (`realism`).

mod device_forms;
mod line_mutations;
mod negative;
mod own_catalog;
mod readme;
mod realism;
mod reference;
mod roundtrip;
