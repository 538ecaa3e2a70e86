//! Log time and wall time: the clock that stamps lines, the pacer that sends them on time, and
//! the progress line.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Log time of line `k`: `k / rate` after the start, pushed later by scenario waits. Computed
/// from the line index rather than accumulated, so that it does not drift.
#[derive(Debug, Clone)]
pub struct LogClock {
    interval_nanos: f64,
    lines: u64,
    jumped: u64,
}

impl LogClock {
    /// A clock advancing `1 / lines_per_second` per line.
    pub fn new(lines_per_second: f64) -> LogClock {
        LogClock {
            interval_nanos: 1e9 / lines_per_second,
            lines: 0,
            jumped: 0,
        }
    }

    /// The earliest log time of the next line, in nanoseconds after the start.
    pub fn slot(&self) -> u64 {
        line_nanos(self.lines, self.interval_nanos) + self.jumped
    }

    /// Records a line stamped `at` (at or after [`LogClock::slot`]).
    pub fn advance(&mut self, at: u64) {
        self.jumped += at.saturating_sub(self.slot());
        self.lines += 1;
    }
}

/// Log time of line `line` at `interval_nanos` a line: the product rounded to the nearest
/// nanosecond (halves away from zero), as `f64::round` gives it but without its library call,
/// which the baseline x86-64 instruction set lacks and which ran for every simulated line.
pub fn line_nanos(line: u64, interval_nanos: f64) -> u64 {
    let exact = line as f64 * interval_nanos;
    // The cast truncates (saturating, NaN to 0). Below 2^53 the fraction is computed exactly
    // (the integer part is within a factor of two of the value); above, there is none.
    let whole = exact as u64;
    if exact - whole as f64 >= 0.5 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// Sends each line when its log time comes: a deadline per line from one fixed start, so
/// lateness (a slow collector, a reconnect) is caught up rather than accumulated.
#[derive(Debug)]
pub struct Pacer {
    start: Instant,
}

impl Pacer {
    /// A pacer whose log time 0 is now.
    pub fn new() -> Pacer {
        Pacer {
            start: Instant::now(),
        }
    }

    /// How long to wait before the line of log time `at`; `None` when it is due.
    pub fn wait_for(&self, at_nanos: u64) -> Option<Duration> {
        let deadline = self.start + Duration::from_nanos(at_nanos);
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }
}

/// A one-line progress report on standard error, for long runs on a terminal.
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    start: Instant,
    next_update: Instant,
    shown: bool,
}

/// How long a run goes before progress appears.
const QUIET_START: Duration = Duration::from_secs(2);

impl Progress {
    /// Progress shown only when standard error is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: now,
            next_update: now + QUIET_START,
            shown: false,
        }
    }

    /// Reports `lines` so far, at most four times a second.
    pub fn update(&mut self, lines: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now < self.next_update {
            return;
        }
        self.next_update = now + Duration::from_millis(250);
        let elapsed = now.duration_since(self.start).as_secs_f64();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[Kftd-syslog simulate: {lines} lines in {elapsed:.0}s ({:.0}/s)",
            lines as f64 / elapsed.max(1e-9)
        );
        let _ = err.flush();
        self.shown = true;
    }

    /// Clears the progress line.
    pub fn finish(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            self.shown = false;
        }
    }

    /// Whether updates are shown at all (callers can skip reading the clock otherwise).
    pub fn enabled(&self) -> bool {
        self.enabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rounding is `f64::round`'s, on halves, tiny and huge values and random products.
    #[test]
    fn line_nanos_rounds_as_round_does() {
        let mut rng = ftd_syslog::draw::SplitMix64::new(0x9e37_79b9_7f4a_7c15);
        let mut next = || rng.next_u64();
        let intervals = [
            0.5,
            1.5,
            2.5,
            1e9 / 3.0,
            1e9 / 7.0,
            333.333,
            1e-9,
            1e12,
            1e300,
            0.0,
        ];
        for &interval in &intervals {
            for line in [0, 1, 2, 3, 5, 1 << 20, u64::MAX / 2, u64::MAX] {
                let want = (line as f64 * interval).round() as u64;
                assert_eq!(line_nanos(line, interval), want, "{line} x {interval}");
            }
        }
        for _ in 0..200_000 {
            let line = next() >> (next() % 64);
            let interval = match next() % 2 {
                0 => f64::from_bits(next() >> 2),
                _ => (next() % 1_000_000_000) as f64 / 997.0,
            };
            let want = (line as f64 * interval).round() as u64;
            assert_eq!(line_nanos(line, interval), want, "{line} x {interval}");
        }
    }

    #[test]
    fn the_clock_does_not_drift_and_jumps_forward() {
        let mut clock = LogClock::new(3.0);
        for _ in 0..3_000_000 {
            let at = clock.slot();
            clock.advance(at);
        }
        assert_eq!(clock.slot(), 1_000_000_000_000_000);
        let mut clock = LogClock::new(1000.0);
        clock.advance(5_000_000_000);
        assert_eq!(clock.slot(), 5_001_000_000);
    }
}
