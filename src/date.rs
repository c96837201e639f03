//! Fixed timestamps for reproducible output files.
//!
//! PDF and XLSX carry creation dates; a build must not read the clock, so the date comes from
//! `SOURCE_DATE_EPOCH` (the reproducible-builds convention) or the content's own date.

/// A calendar date and time (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: u16,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31.
    pub day: u8,
    /// Hour 0-23.
    pub hour: u8,
    /// Minute 0-59.
    pub minute: u8,
    /// Second 0-59.
    pub second: u8,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_ymd(s: &str) -> Option<DateTime> {
    let mut it = s.trim().splitn(3, '-');
    let year: u16 = it.next()?.parse().ok()?;
    let month: u8 = it.next()?.parse().ok()?;
    let day: u8 = it.next()?.parse().ok()?;
    let valid = (1900..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some(DateTime {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
    })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Converts seconds since 1970 (UTC) to a date, for `SOURCE_DATE_EPOCH`.
pub fn from_epoch(secs: i64) -> DateTime {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)).clamp(1970, 9999) as u16;
    DateTime {
        year,
        month,
        day,
        hour: (rem / 3600) as u8,
        minute: (rem % 3600 / 60) as u8,
        second: (rem % 60) as u8,
    }
}

/// The build's timestamp: `source_date_epoch` (the CLI's `SOURCE_DATE_EPOCH`) when given, else
/// the content date, else 1 January of the first plan year.
pub fn build_time(
    source_date_epoch: Option<i64>,
    content_date: Option<&str>,
    first_year: u16,
) -> DateTime {
    if let Some(secs) = source_date_epoch {
        return from_epoch(secs.max(0));
    }
    content_date
        .and_then(parse_ymd)
        .or_else(|| parse_ymd(&format!("{first_year}-01-01")))
        .unwrap_or(DateTime {
            year: 2000,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_dates() {
        let d = from_epoch(1_700_000_000);
        assert_eq!((d.year, d.month, d.day), (2023, 11, 14));
        assert_eq!((d.hour, d.minute, d.second), (22, 13, 20));
        assert!(parse_ymd("2023-02-29").is_none());
        assert!(parse_ymd("2024-02-29").is_some());
    }
}
