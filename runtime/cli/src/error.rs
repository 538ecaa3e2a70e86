//! Why a command stops, and the exit status it stops with. One policy for every command:
//!
//! - 0: the command did what was asked;
//! - 1: a data error (unrecognised lines with `parse --strict`, lines `simulate` lost, stale
//!   docs with `docs --check`, an id not in the catalog, a scenario file that does not fit)
//!   or an I/O failure (an input that cannot be opened or read, an output that cannot be
//!   written, a destination that cannot be reached);
//! - 2: a usage error (options that do not go together, a value that cannot be read); clap
//!   exits with 2 for the ones it finds itself.
//!
//! A command either returns the status of a run that went to its end (having reported the
//! problems it met along the way, e.g. `parse` goes on after an input it cannot open), or a
//! [`CliError`] when it cannot go on; `main` prints the error and exits with its code.

use std::fmt;
use std::process::ExitCode;

/// The status of success.
pub const OK: u8 = 0;
/// The status of a data error or an I/O failure.
pub const DATA: u8 = 1;
/// The status of a usage error.
pub const USAGE: u8 = 2;

/// The exit-code policy as `--help` prints it.
pub const POLICY: &str =
    "Exit status: 0 ok; 1 data error (unrecognised lines with --strict, lost messages, stale
docs...) or I/O failure; 2 usage error.";

/// A command that cannot go on: the exit code and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// [`DATA`] or [`USAGE`].
    pub code: u8,
    /// What went wrong, and where.
    pub message: String,
}

impl CliError {
    /// Options or values that cannot be used together (exit 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: USAGE,
            message: message.into(),
        }
    }

    /// Data that is wrong: a catalog entry, a scenario, an id (exit 1).
    pub fn data(message: impl Into<String>) -> CliError {
        CliError {
            code: DATA,
            message: message.into(),
        }
    }

    /// A file, stream or socket that failed (exit 1, like data errors).
    pub fn io(message: impl Into<String>) -> CliError {
        CliError {
            code: DATA,
            message: message.into(),
        }
    }

    /// Whether the user should be pointed at `--help`.
    pub fn is_usage(&self) -> bool {
        self.code == USAGE
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `text` with control characters other than line feed and tab written as escapes (`\x1b`,
/// `\r`, `\0`): error messages quote user input, which must not move the cursor, recolour the
/// terminal or hide what comes before it.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The exit status of a run that went to its end: 0 when nothing went wrong, else 1.
pub fn status(problems: bool) -> ExitCode {
    ExitCode::from(if problems { DATA } else { OK })
}
