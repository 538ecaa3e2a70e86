//! Parsers of the values only `simulate` takes (rates, start times, networks, weights, device
//! ids), as clap value parsers: each error says what was expected. The ones other commands
//! take too are in [`crate::args`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::args::{id_range, IdRange};

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
        in_range(text, seconds)?;
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
    if year == 0 {
        return Err(format!("'{text}': the year must be 0001-9999"));
    }
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
    in_range(text, seconds)?;
    Ok(UnixTime { seconds, nanos })
}

/// The last second timestamps can show: 9999-12-31T23:59:59Z (years have four digits).
pub const LAST_SECOND: i64 = 253_402_300_799;

/// An error unless `seconds` (since 1970) is within the years timestamps can show.
fn in_range(text: &str, seconds: i64) -> Result<(), String> {
    if (0..=LAST_SECOND).contains(&seconds) {
        Ok(())
    } else {
        Err(format!(
            "'{text}': the start must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"
        ))
    }
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

/// A weight for the messages of a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    /// The messages it applies to.
    pub range: IdRange,
    /// Their relative frequency (the default is 1).
    pub weight: f64,
}

/// The largest weight: 416 messages at this weight still sum to a finite number with room
/// to draw from.
pub const MAX_WEIGHT: f64 = 1e12;

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
        .filter(|w: &f64| w.is_finite() && (0.0..=MAX_WEIGHT).contains(w))
        .ok_or_else(|| format!("'{text}': the weight must be a number from 0 to {MAX_WEIGHT:e}"))?;
    Ok(Weight { range, weight })
}

/// A device id: a hostname (RFC 1123 labels), an IP address, or an RFC 5424 HOSTNAME
/// (printable ASCII without spaces, at most 255 bytes) that a reader cannot take for another
/// part of the header: no `%` (which starts the `%FTD-6-716001:` tag) and no `:` (which ends
/// the header) outside an IPv6 address, and not `-` (RFC 5424's "no value").
pub fn device_id(text: &str) -> Result<String, String> {
    const RULE: &str = "a device id is a hostname (letters, digits, '-' and '.'), an IP address, \
                        or printable ASCII without spaces, '%' or ':' (at most 255 bytes)";
    if text.is_empty() || text.len() > 255 {
        return Err(format!("'{text}': {RULE}"));
    }
    if text.parse::<IpAddr>().is_ok() || is_hostname(text) {
        return Ok(text.to_owned());
    }
    let printable = text.bytes().all(|b| (33..=126).contains(&b));
    if !printable || text.contains(['%', ':']) || text == "-" {
        return Err(format!("'{text}': {RULE}"));
    }
    Ok(text.to_owned())
}

/// RFC 1123: dot-separated labels of 1-63 letters, digits and hyphens, not starting or ending
/// with a hyphen.
fn is_hostname(text: &str) -> bool {
    text.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
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
    fn weights_and_networks() {
        assert_eq!(weight("716001=2.5").unwrap().weight, 2.5);
        assert_eq!(weight("716xxx=1").unwrap().range.last, 716999);
        assert!(weight("716001").is_err());
        assert_eq!(
            network("2001:db8::/32"),
            Ok(Network::V6("2001:db8::".parse().unwrap(), 32))
        );
        assert!(network("192.0.2.0/33").is_err());
    }
}
