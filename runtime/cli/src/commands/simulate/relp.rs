//! RELP (`--relp`): the library's client, which counts a line as delivered only when the
//! collector acknowledged it, resends what was unacknowledged after a reconnection, and
//! accounts for every line (acknowledged, rejected or failed).

use std::time::Duration;

use ftd_syslog::relp::{RelpClient, RelpError, RelpOptions, RelpReport};

use super::notes::Notes;
use super::sink::{Sink, Stopped, Tally, Transport};

/// How the RELP sink connects and waits.
#[derive(Debug, Clone)]
pub struct RelpSettings {
    /// Lines sent and not yet acknowledged, at most.
    pub window: usize,
    /// How long one outage may last, and how long the end waits for acknowledgements.
    pub reconnect_timeout: Duration,
    /// Connection attempts allowed after one loss.
    pub reconnect_attempts: u32,
}

/// RELP to a collector.
#[derive(Debug)]
pub struct RelpSink {
    client: RelpClient,
    notes: Notes,
    /// Why the client stopped for good, once it has.
    stopped: Option<String>,
}

impl RelpSink {
    /// Connects to `target` (HOST:PORT) and opens a RELP session (one attempt).
    pub fn connect(target: &str, settings: &RelpSettings, quiet: bool) -> Result<Self, String> {
        let options = RelpOptions {
            window: settings.window,
            reconnect_attempts: settings.reconnect_attempts.max(1),
            reconnect_time: settings.reconnect_timeout,
            finish_timeout: settings.reconnect_timeout,
            ..RelpOptions::default()
        };
        let client = RelpClient::connect(target, options).map_err(|e| e.to_string())?;
        Ok(RelpSink {
            client,
            notes: Notes::new(quiet),
            stopped: None,
        })
    }
}

impl Sink for RelpSink {
    fn send(&mut self, line: &[u8]) -> Result<(), Stopped> {
        match self.client.send(line) {
            Ok(()) => Ok(()),
            // Counted as failed by the client; the next lines may fit.
            Err(error @ RelpError::TooLarge { .. }) => {
                self.notes.note(&error.to_string());
                Ok(())
            }
            Err(error) => {
                let why = error.to_string();
                self.stopped = Some(why.clone());
                Err(Stopped(why))
            }
        }
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        // Every `send` writes its frame at once.
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Tally {
        let before = self.client.report().clone();
        let waiting = self.client.unacknowledged() as u64;
        let (report, error) = match self.client.finish() {
            Ok(report) => (report, None),
            Err(RelpError::Undelivered { report, detail }) => (report, Some(detail)),
            Err(other) => {
                let mut report = before;
                report.failed += waiting;
                (report, Some(other.to_string()))
            }
        };
        self.notes.finish();
        tally(&report, error.or(self.stopped))
    }
}

/// The summary's counts from the client's report.
fn tally(report: &RelpReport, error: Option<String>) -> Tally {
    let mut tally = Tally::new(Transport::Relp);
    tally.sent = report.acknowledged;
    tally.rejected = report.rejected;
    tally.resent = report.resent;
    tally.failed = report.failed;
    tally.error = error.or_else(|| {
        report
            .rejections
            .first()
            .map(|r| format!("the collector refused lines: {} {}", r.code, r.text))
    });
    tally
}
