//! Hourly grid data on the climate's calendar: a value per hour, read from a CSV file and
//! aligned with the climate year by month, day and hour.
//!
//! A series is kept on the calendar of a leap year (8,784 hours, hour 0 = 1 January 00:00 to
//! 01:00). For a climate of 8,760 hours, 29 February is dropped: the climate's hour `i` is the
//! series' hour `i` up to 28 February and hour `i + 24` after. The year in the file's
//! timestamps is ignored, so a grid year can be paired with a typical-year climate; the times
//! are hour-beginning, in the climate's local standard time (the EPW convention).
//!
//! # The CSV layout
//!
//! A header, then one row per hour:
//!
//! ```text
//! datetime,average_g_per_kwh,marginal_g_per_kwh
//! 2023-01-01T00:00,412,610
//! 2023-01-01T01:00,405,598
//! ```
//!
//! The first column is `datetime` (`YYYY-MM-DDTHH:MM`, a space for the `T` and trailing `:SS`
//! accepted; no time zone: the times are the climate's); the other columns are named, each
//! reader says which it needs. Rows may come in any order; every hour of a common year must be
//! there exactly once, 29 February may be. Values are finite and not negative. Every fault is
//! an [`Error::Series`] naming the file and the line.

use crate::error::{Error, Result};
use std::sync::Arc;

/// Hours of the leap-year calendar a series is kept on.
pub const CALENDAR_HOURS: usize = 8_784;

/// The series' hour of 29 February 00:00 (31 + 28 days in).
const FEB_29: usize = 59 * 24;

/// Days before each month in a leap year.
const DAYS_BEFORE: [usize; 12] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

/// Days in each month of a leap year.
const DAYS_IN: [usize; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// One value per hour of the year, on the leap-year calendar (see the
/// [module documentation](self)). The unit is the reader's (the column name says it).
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarSeries {
    source: String,
    /// `CALENDAR_HOURS` values; 29 February is NaN when the source has no such day.
    values: Arc<[f64]>,
}

impl CalendarSeries {
    /// A series from one value per hour of a year in order, 8,760 (29 February absent) or
    /// 8,784; `source` names it in messages. Values must be finite and not negative.
    ///
    /// ```
    /// use dcplan::sustainability::CalendarSeries;
    /// let s = CalendarSeries::from_hours("flat", vec![300.0; 8760])?;
    /// assert_eq!(s.at(8759, 8760), 300.0);
    /// assert!(s.covers(8784).is_err()); // no 29 February for a leap-year climate
    /// assert!(CalendarSeries::from_hours("short", vec![300.0; 100]).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_hours(source: &str, values: Vec<f64>) -> Result<Self> {
        let leap = match values.len() {
            8_760 => false,
            CALENDAR_HOURS => true,
            n => {
                return Err(Error::inconsistent(
                    source,
                    format!("an hourly series has 8760 values (8784 in a leap year), found {n}"),
                ));
            }
        };
        if let Some((i, v)) = values
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite() || **v < 0.0)
        {
            return Err(Error::out_of_range(
                &format!("{source}[{i}]"),
                *v,
                "",
                "a finite value, not negative",
            ));
        }
        let mut calendar = vec![f64::NAN; CALENDAR_HOURS];
        for (i, v) in values.into_iter().enumerate() {
            calendar[slot(i, leap)] = v;
        }
        Ok(Self {
            source: source.to_owned(),
            values: calendar.into(),
        })
    }

    /// Where the series came from (a file name).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the series has 29 February.
    pub fn has_feb_29(&self) -> bool {
        !self.values[FEB_29].is_nan()
    }

    /// Checks that the series has every hour of a climate of `hours` hours (8,760 or 8,784):
    /// a leap-year climate needs 29 February.
    pub fn covers(&self, hours: usize) -> Result<()> {
        match hours {
            8_760 => Ok(()),
            CALENDAR_HOURS if self.has_feb_29() => Ok(()),
            CALENDAR_HOURS => Err(Error::inconsistent(
                &self.source,
                "the climate is a leap year and the series has no 29 February",
            )),
            n => Err(Error::inconsistent(
                &self.source,
                format!("a climate has 8760 or 8784 hours, found {n}"),
            )),
        }
    }

    /// The value at hour `hour` of a climate of `hours` hours (see [`CalendarSeries::covers`]).
    #[inline]
    pub fn at(&self, hour: usize, hours: usize) -> f64 {
        self.values[slot(hour, hours == CALENDAR_HOURS).min(CALENDAR_HOURS - 1)]
    }

    /// The values at a climate's hours, in order.
    pub fn for_climate(&self, hours: usize) -> impl Iterator<Item = f64> + '_ {
        (0..hours).map(move |h| self.at(h, hours))
    }
}

/// The calendar hour of a climate's hour `hour`.
#[inline]
fn slot(hour: usize, leap: bool) -> usize {
    if leap || hour < FEB_29 {
        hour
    } else {
        hour + 24
    }
}

/// Reads the named `columns` of an hourly CSV (`text`, from the file `source`; see the
/// [module documentation](self)). The first `required` columns must be in the header, the
/// others may be; each found column is a series.
pub fn read_csv(
    source: &str,
    text: &str,
    columns: &[&str],
    required: usize,
) -> Result<Vec<Option<CalendarSeries>>> {
    let error = |line: usize, reason: String| Error::Series {
        source_name: source.to_owned(),
        line,
        reason,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}').trim()));
    let Some((_, header)) = lines.find(|(_, l)| !l.is_empty()) else {
        return Err(error(1, "the file is empty: expected a header".into()));
    };
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    if names.first() != Some(&"datetime") {
        return Err(error(
            1,
            format!(
                "the header's first column must be `datetime`, found `{}`",
                names.first().unwrap_or(&"")
            ),
        ));
    }
    let index: Vec<Option<usize>> = columns
        .iter()
        .map(|c| names.iter().position(|n| n == c))
        .collect();
    if let Some(missing) = (0..required).find(|&i| index[i].is_none()) {
        return Err(error(
            1,
            format!(
                "the header has no column `{}` (expected `datetime,{}`)",
                columns[missing],
                columns.join(",")
            ),
        ));
    }
    let mut values: Vec<Vec<f64>> = index
        .iter()
        .map(|_| vec![f64::NAN; CALENDAR_HOURS])
        .collect();
    let mut line_of = vec![0usize; CALENDAR_HOURS];
    for (line, row) in lines.filter(|(_, l)| !l.is_empty()) {
        let cells: Vec<&str> = row.split(',').map(str::trim).collect();
        if cells.len() != names.len() {
            return Err(error(
                line,
                format!(
                    "{} values where the header has {} columns",
                    cells.len(),
                    names.len()
                ),
            ));
        }
        let hour = calendar_hour(cells[0]).map_err(|r| error(line, r))?;
        if line_of[hour] != 0 {
            return Err(error(
                line,
                format!(
                    "{} is given twice (first on line {})",
                    cells[0], line_of[hour]
                ),
            ));
        }
        line_of[hour] = line;
        for (column, at) in index.iter().enumerate() {
            let Some(at) = *at else { continue };
            let cell = cells[at];
            let v: f64 = cell.parse().map_err(|_| {
                error(
                    line,
                    format!("`{}` = `{cell}` is not a number", columns[column]),
                )
            })?;
            if !v.is_finite() || v < 0.0 {
                return Err(error(
                    line,
                    format!(
                        "`{}` = {cell}: a value must be finite and not negative",
                        columns[column]
                    ),
                ));
            }
            values[column][hour] = v;
        }
    }
    let missing: Vec<usize> = (0..CALENDAR_HOURS)
        .filter(|&h| line_of[h] == 0 && !(FEB_29..FEB_29 + 24).contains(&h))
        .collect();
    if let Some(&first) = missing.first() {
        let before = (0..first).rev().find(|&h| line_of[h] != 0);
        let line = before.map_or(2, |h| line_of[h]);
        let after = before.map_or_else(
            || "at the start of the year".to_owned(),
            |h| format!("after {}", stamp(h)),
        );
        return Err(error(
            line,
            format!(
                "{} hour(s) of the year missing {after}: the first is {} (every hour of a \
                 common year must be given)",
                missing.len(),
                stamp(first)
            ),
        ));
    }
    let feb_29 = line_of[FEB_29..FEB_29 + 24]
        .iter()
        .filter(|&&l| l != 0)
        .count();
    if feb_29 != 0 && feb_29 != 24 {
        let h = (FEB_29..FEB_29 + 24)
            .find(|&h| line_of[h] == 0)
            .unwrap_or(FEB_29);
        return Err(error(
            line_of[FEB_29..FEB_29 + 24]
                .iter()
                .copied()
                .find(|&l| l != 0)
                .unwrap_or(1),
            format!(
                "29 February is partly given: {} missing (give all 24 hours or none)",
                stamp(h)
            ),
        ));
    }
    Ok(index
        .iter()
        .zip(values)
        .map(|(at, v)| {
            at.map(|_| CalendarSeries {
                source: source.to_owned(),
                values: v.into(),
            })
        })
        .collect())
}

/// The calendar hour of `YYYY-MM-DD[T ]HH:MM[:SS]`.
fn calendar_hour(text: &str) -> std::result::Result<usize, String> {
    let bad = || {
        format!(
            "`{text}` is not a time `YYYY-MM-DDTHH:MM` (local standard time, hour-beginning, no \
             time zone)"
        )
    };
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<usize> {
        let s = text.get(r)?;
        (s.bytes().all(|c| c.is_ascii_digit()) && !s.is_empty())
            .then(|| s.parse().ok())
            .flatten()
    };
    let shape_ok = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && (b.len() == 16 || (b.len() == 19 && b[16] == b':'));
    if !shape_ok {
        return Err(bad());
    }
    let (Some(_), Some(month), Some(day), Some(hour), Some(minute)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
    ) else {
        return Err(bad());
    };
    let second = if b.len() == 19 {
        digits(17..19)
    } else {
        Some(0)
    };
    if !(1..=12).contains(&month) || day == 0 || day > DAYS_IN[month - 1] || hour > 23 {
        return Err(format!("`{text}` is not a date and hour of the year"));
    }
    if minute != 0 || second != Some(0) {
        return Err(format!(
            "`{text}` is not on the hour: give one row per hour, at HH:00"
        ));
    }
    Ok((DAYS_BEFORE[month - 1] + day - 1) * 24 + hour)
}

/// A calendar hour as people read it.
fn stamp(hour: usize) -> String {
    let day_of_year = hour / 24;
    let month = DAYS_BEFORE
        .iter()
        .rposition(|&d| d <= day_of_year)
        .unwrap_or(0);
    format!(
        "{:02}-{:02} {:02}:00",
        month + 1,
        day_of_year - DAYS_BEFORE[month] + 1,
        hour % 24
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(leap: bool, f: impl Fn(usize) -> String) -> String {
        let mut out = "datetime,average_g_per_kwh\n".to_owned();
        for h in 0..CALENDAR_HOURS {
            if !leap && (FEB_29..FEB_29 + 24).contains(&h) {
                continue;
            }
            let day = h / 24;
            let m = DAYS_BEFORE.iter().rposition(|&d| d <= day).unwrap();
            out += &format!(
                "2024-{:02}-{:02}T{:02}:00,{}\n",
                m + 1,
                day - DAYS_BEFORE[m] + 1,
                h % 24,
                f(h)
            );
        }
        out
    }

    #[test]
    fn aligns_by_month_day_and_hour_dropping_29_february() {
        let text = year(true, |h| h.to_string());
        let s = read_csv("g.csv", &text, &["average_g_per_kwh"], 1).unwrap()[0]
            .clone()
            .unwrap();
        // A common-year climate: 1 March 00:00 is its hour 59 × 24, the series' 60 × 24.
        assert_eq!(s.at(59 * 24, 8760), (60 * 24) as f64);
        assert_eq!(s.at(59 * 24, 8784), (59 * 24) as f64);
        assert_eq!(s.at(8759, 8760), 8783.0);
        assert!(s.covers(8784).is_ok());
    }

    #[test]
    fn a_missing_hour_is_located_after_the_last_hour_given() {
        let text = year(false, |_| "300".into()).replace("2024-03-05T14:00,300\n", "");
        let e = read_csv("g.csv", &text, &["average_g_per_kwh"], 1).unwrap_err();
        let Error::Series { line, reason, .. } = &e else {
            panic!("{e}")
        };
        // Header, then 63 days and 14 hours of rows before the gap (no 29 February).
        assert_eq!(*line, 1 + 63 * 24 + 14, "{e}");
        assert!(reason.contains("03-05 14:00"), "{e}");
        assert!(e.to_string().starts_with("g.csv, line"), "{e}");
    }

    #[test]
    fn a_negative_intensity_is_located_at_its_line() {
        let text = year(false, |h| if h == 5 { "-1".into() } else { "300".into() });
        let e = read_csv("g.csv", &text, &["average_g_per_kwh"], 1).unwrap_err();
        assert_eq!(
            e,
            Error::Series {
                source_name: "g.csv".into(),
                line: 7,
                reason: "`average_g_per_kwh` = -1: a value must be finite and not negative".into()
            }
        );
    }

    #[test]
    fn bad_rows_are_located() {
        let base = year(false, |_| "300".into());
        for (edit, line, says) in [
            ("2024-01-01T03:00,300", 2, "given twice"),
            ("2024-01-01T00:30,300", 2, "on the hour"),
            ("2024-01-01T00:00+01:00,300", 2, "not a time"),
            ("2024-02-30T00:00,300", 2, "not a date"),
            ("2024-01-01T00:00,abc", 2, "not a number"),
            ("2024-01-01T00:00,300,1", 2, "columns"),
        ] {
            let text = base.replacen("2024-01-01T00:00,300", edit, 1);
            let e = read_csv("g.csv", &text, &["average_g_per_kwh"], 1).unwrap_err();
            let Error::Series {
                line: l, reason, ..
            } = &e
            else {
                panic!("{e}")
            };
            assert!(
                reason.contains(says) && (*l == line || says == "given twice"),
                "{edit}: {e}"
            );
        }
        let e = read_csv("g.csv", "time,x\n", &["average_g_per_kwh"], 1).unwrap_err();
        assert!(e.to_string().contains("datetime"), "{e}");
        let e = read_csv("g.csv", "datetime,x\n", &["average_g_per_kwh"], 1).unwrap_err();
        assert!(e.to_string().contains("average_g_per_kwh"), "{e}");
    }
}
