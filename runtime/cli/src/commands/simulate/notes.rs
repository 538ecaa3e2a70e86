//! Progress notes on standard error that do not flood it: each distinct note is printed once,
//! when it first happens, and how many times it recurred is printed at the end
//! (`... (repeated 1,234 times)`). A collector that refuses every attempt, or a closed UDP port
//! that refuses every datagram, then costs a few lines of standard error, not one per attempt.

use std::collections::HashMap;

/// The most distinct notes remembered; later ones are printed each time (they are rare).
const DISTINCT: usize = 64;

/// Notes printed once each, counted after.
#[derive(Debug, Default)]
pub struct Notes {
    quiet: bool,
    /// Each distinct note in order of first appearance, with how often it recurred.
    seen: Vec<(String, u64)>,
    index: HashMap<String, usize>,
}

impl Notes {
    /// Notes that print nothing when `quiet` (the counts are still kept).
    pub fn new(quiet: bool) -> Notes {
        Notes {
            quiet,
            ..Notes::default()
        }
    }

    /// Prints `text` the first time; counts it after that.
    pub fn note(&mut self, text: &str) {
        if let Some(&i) = self.index.get(text) {
            self.seen[i].1 += 1;
            return;
        }
        if self.seen.len() < DISTINCT {
            self.index.insert(text.to_owned(), self.seen.len());
            self.seen.push((text.to_owned(), 0));
        }
        if !self.quiet {
            eprintln!("ftd-syslog simulate: {}", crate::error::printable(text));
        }
    }

    /// Prints how often each note recurred, and forgets them.
    pub fn finish(&mut self) {
        for (text, repeats) in self.seen.drain(..) {
            if repeats > 0 && !self.quiet {
                eprintln!(
                    "ftd-syslog simulate: {} (repeated {} times)",
                    crate::error::printable(&text),
                    thousands(repeats)
                );
            }
        }
        self.index.clear();
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
