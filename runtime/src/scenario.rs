//! Scenarios at run time: causally consistent sequences of catalog messages that share values
//! (a WebVPN session from login to logout, an IKE tunnel, a load-balancing cluster...), checked
//! against the bundled catalog and run in log time. The scenario files and their model live in
//! `ftd-catalog` ([`ftd_catalog::scenario`]); this module types them against the generated
//! messages ([`compile`]) and runs them ([`Runner`], or [`Compiled::play`] for one run).
//!
//! One bundled scenario, played once with a fixed seed:
//!
//! ```
//! use ftd_syslog::scenario::Compiled;
//! use ftd_syslog::{Emitter, TimestampFormat};
//!
//! let session = Compiled::bundled("webvpn-session")?;
//! let emitter = Emitter::default();
//! for line in session.play(7) {
//!     let mut text = String::new();
//!     let timestamp = line.timestamp(1_795_701_791, TimestampFormat::Legacy);
//!     line.write(&mut text, &emitter, Some(&timestamp))?;
//!     assert!(text.contains("%FTD-"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compile;
mod run;
mod values;

use std::fmt;

use ftd_catalog::scenario::Scenario;

pub use compile::{compile, Compiled};
pub use run::{Line, Runner, DEFAULT_MAX_RUNNING};

use crate::draw::RandomValues;

/// The scenarios bundled with the catalog (`catalog/scenarios/*.yaml`), loaded but not compiled.
pub fn bundled() -> Result<Vec<Scenario>, ScenarioError> {
    ftd_catalog::scenario::BUNDLED
        .iter()
        .map(|(display, text)| ftd_catalog::load_scenario(display, text))
        .collect::<Result<_, _>>()
        .map_err(ScenarioError::Load)
}

/// Draws a value of a scenario draw kind (`user`, `group`, `ip`...; see
/// [`ftd_catalog::scenario::DRAW_KINDS`]) as text; an unknown kind gives a word.
pub fn draw_value(kind: &str, random: &mut RandomValues) -> String {
    values::draw(kind, random)
}

impl Compiled {
    /// The bundled scenario called `name`, compiled.
    pub fn bundled(name: &str) -> Result<Compiled, ScenarioError> {
        let library = bundled()?;
        let Some(found) = library.iter().find(|s| s.name == name) else {
            return Err(ScenarioError::Unknown {
                name: name.to_owned(),
                known: library.into_iter().map(|s| s.name).collect(),
            });
        };
        compile(found).map_err(ScenarioError::Compile)
    }

    /// One run of the scenario, its values drawn from `seed`: the same seed gives the same
    /// lines.
    pub fn play(self, seed: u64) -> Play {
        self.play_with(RandomValues::new(seed))
    }

    /// One run of the scenario, its values drawn from `values` (to choose address networks,
    /// the share of IPv6...).
    pub fn play_with(self, values: RandomValues) -> Play {
        Play {
            runner: Runner::once(vec![self]),
            values,
            slot: 0,
        }
    }
}

/// The least log time between two lines of a [`Play`]: 1 ms, as `ftd-syslog simulate` spaces
/// lines when no rate is given.
const PLAY_SPACING_NANOS: u64 = 1_000_000;

/// The lines of one run of a scenario, in log time; see [`Compiled::play`].
#[derive(Debug)]
pub struct Play {
    runner: Runner,
    values: RandomValues,
    slot: u64,
}

impl Iterator for Play {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let line = self.runner.next(self.slot, &mut self.values)?;
        self.slot = line.at_nanos.saturating_add(PLAY_SPACING_NANOS);
        Some(line)
    }
}

/// The mistakes [`compile`] found, each as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileErrors(pub(crate) Vec<String>);

impl CompileErrors {
    /// Each mistake, as `file:line:column: message`.
    pub fn errors(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for CompileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for CompileErrors {}

/// Why a scenario cannot run.
#[derive(Debug)]
#[non_exhaustive]
pub enum ScenarioError {
    /// A scenario file does not load (its shape or its references).
    Load(ftd_catalog::CatalogErrors),
    /// A scenario does not fit the catalog.
    Compile(CompileErrors),
    /// No scenario has this name.
    Unknown {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: Vec<String>,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Load(errors) => write!(f, "{errors}"),
            ScenarioError::Compile(errors) => write!(f, "{errors}"),
            ScenarioError::Unknown { name, known } => {
                write!(f, "no scenario '{name}' (known: {})", known.join(", "))
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundled_scenario_plays_the_same_for_the_same_seed() {
        let lines = |seed| -> Vec<String> {
            Compiled::bundled("webvpn-session")
                .unwrap()
                .play(seed)
                .map(|line| format!("{} {} {}", line.at_nanos, line.message.id(), line.message))
                .collect()
        };
        let first = lines(3);
        // Authentication, start, 1-4 accesses, lost, resumed, 0-3 accesses, termination.
        assert!((6..=13).contains(&first.len()), "{first:?}");
        assert!(first[0].starts_with("0 716038 "), "{first:?}");
        assert!(first.last().unwrap().contains(" 716002 "), "{first:?}");
        assert_eq!(first, lines(3));
        assert_ne!(first, lines(4));
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let error = Compiled::bundled("no-such-scenario").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("no scenario 'no-such-scenario'"), "{text}");
        assert!(text.contains("webvpn-session"), "{text}");
    }
}
