//! Value parsers shared by the commands (message ids, id ranges, severities, facilities,
//! durations), as clap value parsers: each error says what was expected.

use std::time::Duration;

/// A message id or a range (what `catalog` takes): the error names both forms.
pub fn id_or_range(text: &str) -> Result<IdRange, String> {
    id_range(text).map_err(|_| {
        format!(
            "'{text}': expected a message id like 716001 or a range like 716000-716099 or 716xxx"
        )
    })
}

/// `250ms`, `10s`, `2m`, `1h`, `1.5s`.
pub fn duration(text: &str) -> Result<Duration, String> {
    ftd_catalog::scenario::parse_duration(text)
        .ok_or_else(|| format!("'{text}': expected a duration like 250ms, 10s, 2m or 1h"))
}

/// A six-digit message id.
pub fn message_id(text: &str) -> Result<u32, String> {
    let text = text.trim();
    match text.parse::<u32>() {
        Ok(id) if text.len() == 6 => Ok(id),
        _ => Err(format!(
            "'{text}': expected a six-digit message id like 716001"
        )),
    }
}

/// An inclusive range of message ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdRange {
    /// The first id.
    pub first: u32,
    /// The last id.
    pub last: u32,
}

impl IdRange {
    /// Whether `id` is in the range.
    pub fn contains(&self, id: u32) -> bool {
        (self.first..=self.last).contains(&id)
    }
}

/// `716000-716099`, `716xxx` (a prefix with the rest as `x`), or a single id.
pub fn id_range(text: &str) -> Result<IdRange, String> {
    let text = text.trim();
    if let Some((first, last)) = text.split_once('-') {
        let (first, last) = (message_id(first)?, message_id(last)?);
        if first > last {
            return Err(format!("'{text}': the range ends before it starts"));
        }
        return Ok(IdRange { first, last });
    }
    if text.len() == 6 && text.contains(['x', 'X']) {
        let digits = text.trim_end_matches(['x', 'X']);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let pad = 6 - digits.len();
            let first: u32 = format!("{digits}{}", "0".repeat(pad))
                .parse()
                .map_err(|_| String::new())?;
            let last: u32 = format!("{digits}{}", "9".repeat(pad))
                .parse()
                .map_err(|_| String::new())?;
            return Ok(IdRange { first, last });
        }
    }
    let id = message_id(text)
        .map_err(|_| format!("'{text}': expected a range like 716000-716099 or 716xxx"))?;
    Ok(IdRange {
        first: id,
        last: id,
    })
}

/// `0`-`7` or a name (`emergency` ... `debug`).
pub fn severity(text: &str) -> Result<u8, String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(level) = lower.parse::<u8>() {
        if level <= 7 {
            return Ok(level);
        }
    }
    ftd_catalog::severity::from_name(&lower).ok_or_else(|| format!("'{text}': expected a severity 0-7 or a name (emergency, alert, critical, error, warning, notice, informational, debug)"))
}

/// The syslog facility names by code (RFC 5424 numbering, names as syslog.conf writes them).
pub const FACILITY_NAMES: [&str; 24] = [
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "security",
    "console",
    "solaris-cron",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7",
];

/// `0`-`23` or a name (`local4`, `daemon`...).
pub fn facility(text: &str) -> Result<u8, String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(number) = lower.parse::<u8>() {
        if number <= 23 {
            return Ok(number);
        }
    }
    FACILITY_NAMES
        .iter()
        .position(|name| *name == lower)
        .map(|i| i as u8)
        .ok_or_else(|| {
            format!("'{text}': expected a facility 0-23 or a name (local0-local7, daemon, auth...)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections() {
        assert_eq!(
            id_range("716xxx"),
            Ok(IdRange {
                first: 716000,
                last: 716999
            })
        );
        assert_eq!(
            id_range("718000-718099"),
            Ok(IdRange {
                first: 718000,
                last: 718099
            })
        );
        assert!(id_range("718099-718000").is_err());
        assert_eq!(severity("warning"), Ok(4));
        assert_eq!(facility("local4"), Ok(20));
        assert!(duration("250ms").is_ok() && duration("soon").is_err());
    }
}
