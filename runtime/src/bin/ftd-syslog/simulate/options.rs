//! Parsers of the `simulate` option values (rates, durations, times, networks, id selections,
//! weights, severities, facilities), as clap value parsers: each error says what was expected.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// Lines per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

/// `1000/s`, `1000` (per second), `60/m`, `60/min` or `3600/h`.
pub fn rate(text: &str) -> Result<Rate, String> {
    let (number, per) = text.split_once('/').unwrap_or((text, "s"));
    let seconds = match per.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "'{text}': expected a rate like 1000/s, 60/m or 3600/h"
            ))
        }
    };
    let count: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("'{text}': expected a rate like 1000/s, 60/m or 3600/h"))?;
    let per_second = count / seconds;
    if !(per_second.is_finite() && per_second > 0.0 && per_second <= 100_000_000.0) {
        return Err(format!(
            "'{text}': the rate must be above 0 and at most 100000000/s"
        ));
    }
    Ok(Rate(per_second))
}

/// `250ms`, `10s`, `2m`, `1h`, `1.5s`.
pub fn duration(text: &str) -> Result<Duration, String> {
    ftd_catalog::scenario::parse_duration(text)
        .ok_or_else(|| format!("'{text}': expected a duration like 250ms, 10s, 2m or 1h"))
}

/// A point in time: seconds and nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnixTime {
    /// Whole seconds.
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl UnixTime {
    /// The current time.
    pub fn now() -> UnixTime {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        UnixTime {
            seconds: since.as_secs() as i64,
            nanos: since.subsec_nanos(),
        }
    }

    /// This time plus `nanos` nanoseconds.
    pub fn plus_nanos(self, nanos: u64) -> UnixTime {
        let total = u64::from(self.nanos) + nanos;
        UnixTime {
            seconds: self.seconds + (total / 1_000_000_000) as i64,
            nanos: (total % 1_000_000_000) as u32,
        }
    }
}

/// `2026-11-26T14:03:11Z`, with optional fraction and `+hh:mm` offset (a space may replace the
/// `T`; no zone means UTC), or whole seconds since 1970 (`1795701791`).
pub fn start_time(text: &str) -> Result<UnixTime, String> {
    let error =
        || format!("'{text}': expected a time like 2026-11-26T14:03:11Z or seconds since 1970");
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = text.parse().map_err(|_| error())?;
        return Ok(UnixTime { seconds, nanos: 0 });
    }
    let bytes = text.as_bytes();
    if bytes.len() < 19
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
    {
        return Err(error());
    }
    let number = |range: std::ops::Range<usize>| -> Result<i64, String> {
        let part = text.get(range).ok_or_else(error)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().map_err(|_| error())
        } else {
            Err(error())
        }
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if bytes[13] != b':' || bytes[16] != b':' {
        return Err(error());
    }
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(format!("'{text}': month {month} is not 1-12")),
    };
    if !(1..=days_in_month).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return Err(format!("'{text}': no such date or time of day"));
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return Err(error());
        }
        nanos =
            fraction[..digits].parse::<u32>().map_err(|_| error())? * 10u32.pow(9 - digits as u32);
        rest = &fraction[digits..];
    }
    let offset_minutes: i64 = match rest {
        "" | "Z" | "z" => 0,
        zone if zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && &zone[3..4] == ":" =>
        {
            let hours: i64 = zone[1..3].parse().map_err(|_| error())?;
            let minutes: i64 = zone[4..6].parse().map_err(|_| error())?;
            let total = hours * 60 + minutes;
            if zone.starts_with('-') {
                -total
            } else {
                total
            }
        }
        _ => return Err(error()),
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Ok(UnixTime { seconds, nanos })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// An address range addresses are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// An IPv4 network and prefix length.
    V4(Ipv4Addr, u8),
    /// An IPv6 network and prefix length.
    V6(Ipv6Addr, u8),
}

/// `192.0.2.0/24`, `2001:db8::/32`, or one address (`/32`, `/128`).
pub fn network(text: &str) -> Result<Network, String> {
    let (address, prefix) = text.split_once('/').unwrap_or((text, ""));
    let address: IpAddr = address
        .trim()
        .parse()
        .map_err(|_| format!("'{text}': expected a network like 192.0.2.0/24 or 2001:db8::/32"))?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = if prefix.is_empty() {
        max
    } else {
        prefix
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(|| format!("'{text}': the prefix length must be 0-{max}"))?
    };
    Ok(match address {
        IpAddr::V4(v4) => Network::V4(v4, prefix),
        IpAddr::V6(v6) => Network::V6(v6, prefix),
    })
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

/// A weight for the messages of a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    /// The messages it applies to.
    pub range: IdRange,
    /// Their relative frequency (the default is 1).
    pub weight: f64,
}

/// `716001=5`, `718000-718099=0.5`, `720xxx=2`.
pub fn weight(text: &str) -> Result<Weight, String> {
    let (range, weight) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': expected ID=WEIGHT or RANGE=WEIGHT, like 716001=5"))?;
    let range = id_range(range)?;
    let weight: f64 = weight
        .trim()
        .parse()
        .ok()
        .filter(|w: &f64| w.is_finite() && *w >= 0.0)
        .ok_or_else(|| format!("'{text}': the weight must be a number of 0 or more"))?;
    Ok(Weight { range, weight })
}

const SEVERITY_NAMES: &[(&str, u8)] = &[
    ("emergency", 0),
    ("emerg", 0),
    ("alert", 1),
    ("critical", 2),
    ("crit", 2),
    ("error", 3),
    ("err", 3),
    ("warning", 4),
    ("warn", 4),
    ("notice", 5),
    ("notification", 5),
    ("informational", 6),
    ("info", 6),
    ("debug", 7),
    ("debugging", 7),
];

/// `0`-`7` or a name (`emergency` ... `debug`).
pub fn severity(text: &str) -> Result<u8, String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(level) = lower.parse::<u8>() {
        if level <= 7 {
            return Ok(level);
        }
    }
    SEVERITY_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, level)| *level)
        .ok_or_else(|| format!("'{text}': expected a severity 0-7 or a name (emergency, alert, critical, error, warning, notice, informational, debug)"))
}

const FACILITY_NAMES: &[&str] = &[
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

/// A device id: no spaces or control characters (it would end the header early).
pub fn device_id(text: &str) -> Result<String, String> {
    if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "'{text}': a device id is a non-empty name without spaces"
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(rate("1000/s"), Ok(Rate(1000.0)));
        assert_eq!(rate("250"), Ok(Rate(250.0)));
        assert_eq!(rate("60/m"), Ok(Rate(1.0)));
        assert!(rate("0/s").is_err());
        assert!(rate("fast").is_err());
    }

    #[test]
    fn start_times() {
        assert_eq!(
            start_time("2026-11-26T14:03:11Z").unwrap().seconds,
            1_795_701_791
        );
        assert_eq!(
            start_time("2026-11-26 23:03:11+09:00").unwrap().seconds,
            1_795_701_791
        );
        assert_eq!(
            start_time("2026-11-26T14:03:11.25Z").unwrap().nanos,
            250_000_000
        );
        assert_eq!(
            start_time("2000-02-29T00:00:00Z").unwrap().seconds,
            951_782_400
        );
        assert!(start_time("2026-02-30T00:00:00Z").is_err());
        assert!(start_time("yesterday").is_err());
    }

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
        assert_eq!(weight("716001=2.5").unwrap().weight, 2.5);
        assert_eq!(severity("warning"), Ok(4));
        assert_eq!(facility("local4"), Ok(20));
        assert_eq!(
            network("2001:db8::/32"),
            Ok(Network::V6("2001:db8::".parse().unwrap(), 32))
        );
        assert!(network("192.0.2.0/33").is_err());
    }
}
