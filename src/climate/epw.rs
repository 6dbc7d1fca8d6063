//! Reader for EnergyPlus weather (EPW) files, the format typical-meteorological-year data
//! (TMY3, IWEC, CWEC, …) are distributed in.
//!
//! Format: EnergyPlus *Auxiliary Programs*, "EnergyPlus Weather File (EPW) Data Dictionary"
//! (column names as in pvlib's `iotools/epw.py`). Eight header lines — `LOCATION`,
//! `DESIGN CONDITIONS`, `TYPICAL/EXTREME PERIODS`, `GROUND TEMPERATURES`,
//! `HOLIDAYS/DAYLIGHT SAVINGS`, `COMMENTS 1`, `COMMENTS 2`, `DATA PERIODS` — then one line per
//! hour with 35 comma-separated fields. dcplan reads:
//!
//! | field | content | unit | accepted |
//! |---|---|---|---|
//! | `LOCATION` 2–4 | city, state, country → [`Climate::name`] | | |
//! | `LOCATION` 7, 8, 10 | latitude, longitude, elevation → [`Climate::location`] | °, °, m | see [`Location::new`](super::Location::new) |
//! | `DATA PERIODS` 3 | records per hour | | 1 |
//! | 2, 3, 4 | month, day, hour (1–24, hour ending) | | consecutive, 1 Jan hour 1 to 31 Dec hour 24 |
//! | 7 | dry-bulb temperature | °C | −70…70 |
//! | 8 | dew-point temperature | °C | −70…70, ≤ dry-bulb + 0.5 K |
//! | 10 | station pressure | Pa | 31,000…120,000 |
//! | 14 | global horizontal radiation (hour's total, Wh/m² = mean W/m²) | Wh/m² | 0…1,500; 9999 = missing |
//!
//! Relative humidity (field 9) is not read: it is rounded to whole percent and redundant with
//! the dew point. Each hour's [`Ambient`] is built by [`Ambient::from_dew_point`], with its
//! global horizontal irradiance where the field is not the missing-value code 9999 (the hour
//! then has no solar data; radiation is optional, temperatures are not).
//!
//! **Rules.** A dew point above the dry-bulb by at most [`DEW_POINT_TOLERANCE_K`] (rounding and
//! sensor noise in saturated, foggy hours) is set to the dry-bulb; a larger excess is an error.
//! The EPW missing-value codes (99.9 °C, 999999 Pa) are errors: fill gaps before use, dcplan
//! does not invent weather. Every other defect — empty file, header line missing or out of
//! place, non-UTF-8 bytes, a row with other than 35 fields, unreadable or out-of-range numbers,
//! duplicated, missing or out-of-order hours, sub-hourly data, a year other than 8,760 hours
//! (8,784 with 29 February) — is an [`Error::Weather`] naming the 1-based line.
//!
//! # Units
//!
//! As the table: temperatures in °C, station pressure in Pa (the barometric pressure at the
//! station, not reduced to sea level), radiation in Wh/m² over the hour ending at the record's
//! hour (read as its mean irradiance, W/m²); latitude and longitude in decimal degrees (north
//! and east positive), elevation in m. Hours are local standard time, hour 1 ending at 01:00.
//!
//! # References
//!
//! - U.S. DOE, EnergyPlus *Auxiliary Programs*, "EnergyPlus Weather File (EPW) Data
//!   Dictionary": the header lines, field order, units and missing-value codes.
//! - pvlib-python, `pvlib.iotools.read_epw` (`iotools/epw.py`): the column names.
//! - S. Wilcox & W. Marion, *Users Manual for TMY3 Data Sets*, NREL/TP-581-43156 (2008): the
//!   typical-year files most EPWs are made from (hour-ending local standard time).

use super::series::{HOURS_COMMON_YEAR, HOURS_LEAP_YEAR};
use super::{Ambient, Climate, Location};
use crate::error::{Error, Result};
use crate::units::*;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Largest excess of the dew point over the dry-bulb, in K, that is read as saturation.
///
/// ```
/// assert_eq!(dcplan::climate::epw::DEW_POINT_TOLERANCE_K, 0.5);
/// ```
pub const DEW_POINT_TOLERANCE_K: f64 = 0.5;

/// The header lines, in order.
const HEADER: [&str; 8] = [
    "LOCATION",
    "DESIGN CONDITIONS",
    "TYPICAL/EXTREME PERIODS",
    "GROUND TEMPERATURES",
    "HOLIDAYS/DAYLIGHT SAVINGS",
    "COMMENTS 1",
    "COMMENTS 2",
    "DATA PERIODS",
];
/// Fields of an hourly record.
const FIELDS: usize = 35;
/// The EPW missing-value codes for temperatures and pressure.
const MISSING_TEMPERATURE_C: f64 = 99.9;
/// Longest line read (EPW lines are a few hundred bytes): a file without line breaks is
/// refused at its first 64 KiB instead of being read whole.
const MAX_LINE_BYTES: usize = 64 << 10;
const MISSING_PRESSURE_PA: f64 = 999_999.0;
/// The EPW missing-value code for radiation.
const MISSING_RADIATION: f64 = 9_999.0;

impl Climate {
    /// Reads an EPW file from any reader; `source_name` (usually the file name) prefixes error
    /// messages. See the [module documentation](crate::climate::epw) for what is read and checked.
    ///
    /// ```
    /// use dcplan::climate::Climate;
    /// use dcplan::units::*;
    /// let mut epw = String::from(
    ///     "LOCATION,Testville,ST,USA,TMY3,000000,40.00,-75.00,-5.0,100.0\n\
    ///      DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n\
    ///      HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,\nCOMMENTS 2,\n\
    ///      DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n",
    /// );
    /// let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    /// for (m, n) in days.into_iter().enumerate() {
    ///     for d in 1..=n {
    ///         for h in 1..=24 {
    ///             let rest = ",0".repeat(25);
    ///             epw += &format!("1999,{},{d},{h},0,?,30.0,20.0,55,101325{rest}\n", m + 1);
    ///         }
    ///     }
    /// }
    /// let climate = Climate::from_epw(epw.as_bytes(), "testville.epw")?;
    /// assert_eq!((climate.name(), climate.len()), ("Testville, ST, USA", 8760));
    /// assert!((to_celsius(climate.hours()[0].wet_bulb()) - 22.94).abs() < 0.01);
    ///
    /// let err = Climate::from_epw(&epw.as_bytes()[..2000], "cut.epw").unwrap_err();
    /// assert!(err.to_string().starts_with("cut.epw, line 29:"), "{err}");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_epw(reader: impl Read, source_name: &str) -> Result<Climate> {
        let mut lines = Lines::new(reader, source_name);
        let (name, location) = read_header(&mut lines)?;
        let hours = read_hours(&mut lines)?;
        Climate::new(name, location, hours)
    }

    /// Reads an EPW file from disk (see [`Climate::from_epw`]). A file that cannot be opened is
    /// reported as an [`Error::Io`].
    ///
    /// ```
    /// use dcplan::climate::Climate;
    /// let err = Climate::from_epw_file("no/such/file.epw").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.epw: cannot read the file"));
    /// ```
    pub fn from_epw_file(path: impl AsRef<Path>) -> Result<Climate> {
        let path = path.as_ref();
        let source_name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::Io {
            path: source_name.clone(),
            reason: e.to_string(),
        })?;
        Climate::from_epw(file, &source_name)
    }
}

fn weather_error(source_name: &str, line: usize, reason: impl Into<String>) -> Error {
    Error::Weather {
        source_name: source_name.to_owned(),
        line,
        reason: reason.into(),
    }
}

/// Lines of a text source, checked for UTF-8 and counted from 1.
struct Lines<'s, R> {
    reader: BufReader<R>,
    source_name: &'s str,
    number: usize,
    buffer: Vec<u8>,
}

impl<'s, R: Read> Lines<'s, R> {
    fn new(reader: R, source_name: &'s str) -> Self {
        Self {
            reader: BufReader::new(reader),
            source_name,
            number: 0,
            buffer: Vec::new(),
        }
    }

    /// The next line without its line ending, or `None` at the end of the source.
    fn next_line(&mut self) -> Result<Option<String>> {
        self.buffer.clear();
        let read = (&mut self.reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut self.buffer)
            .map_err(|e| self.error_at(self.number + 1, format!("cannot read: {e}")))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        if read > MAX_LINE_BYTES {
            return Err(self.error(format!(
                "a line longer than {} KiB: not an EPW weather file",
                MAX_LINE_BYTES >> 10
            )));
        }
        let mut end = self.buffer.len();
        while end > 0 && matches!(self.buffer[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        match std::str::from_utf8(&self.buffer[..end]) {
            // A byte-order mark, as some Windows tools write, is not part of the first line.
            Ok(text) if self.number == 1 => {
                Ok(Some(text.trim_start_matches('\u{feff}').to_owned()))
            }
            Ok(text) => Ok(Some(text.to_owned())),
            Err(e) => Err(self.error(format!(
                "not valid UTF-8 text (invalid byte {} of the line)",
                e.valid_up_to() + 1
            ))),
        }
    }

    /// An error at the line last read.
    fn error(&self, reason: impl Into<String>) -> Error {
        self.error_at(self.number, reason)
    }

    fn error_at(&self, line: usize, reason: impl Into<String>) -> Error {
        weather_error(self.source_name, line, reason)
    }
}

/// Reads the eight header lines; returns the place name and location.
fn read_header<R: Read>(lines: &mut Lines<'_, R>) -> Result<(String, Location)> {
    let location = header_line(lines, HEADER[0])?;
    let place = parse_location(&location).map_err(|r| lines.error(r))?;
    for keyword in &HEADER[1..] {
        let fields = header_line(lines, keyword)?;
        if *keyword == "DATA PERIODS" {
            check_data_periods(&fields).map_err(|r| lines.error(r))?;
        }
    }
    Ok(place)
}

/// The trimmed fields of the next header line, checked to start with `keyword`.
fn header_line<R: Read>(lines: &mut Lines<'_, R>, keyword: &str) -> Result<Vec<String>> {
    let Some(line) = lines.next_line()? else {
        let reason = if lines.number == 0 {
            "empty file: expected an EPW header starting with LOCATION".to_owned()
        } else {
            format!("the file ends inside the header; expected the {keyword} line")
        };
        return Err(lines.error_at(lines.number + 1, reason));
    };
    let fields: Vec<String> = line.split(',').map(|f| f.trim().to_owned()).collect();
    if !fields[0].eq_ignore_ascii_case(keyword) {
        return Err(lines.error(format!(
            "expected the header line {keyword}, found {:?}",
            truncate(&line)
        )));
    }
    Ok(fields)
}

fn parse_location(fields: &[String]) -> std::result::Result<(String, Location), String> {
    if fields.len() < 10 {
        return Err(format!(
            "LOCATION needs 10 fields (city, state, country, source, WMO, latitude, longitude, \
             time zone, elevation), found {}",
            fields.len()
        ));
    }
    let name = fields[1..4]
        .iter()
        .filter(|f| !f.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let latitude = number(&fields[6], "latitude (LOCATION field 7)")?;
    let longitude = number(&fields[7], "longitude (LOCATION field 8)")?;
    let elevation = number(&fields[9], "elevation (LOCATION field 10)")?;
    let location = Location::new(latitude, longitude, Length::new::<meter>(elevation))
        .map_err(|e| e.to_string())?;
    Ok((name, location))
}

fn check_data_periods(fields: &[String]) -> std::result::Result<(), String> {
    let per_hour = fields
        .get(2)
        .ok_or("DATA PERIODS has no records-per-hour field (field 3)")?;
    match per_hour.parse::<u32>() {
        Ok(1) => Ok(()),
        _ => Err(format!(
            "DATA PERIODS gives {per_hour:?} records per hour; only hourly data (1) is supported"
        )),
    }
}

/// Month, day and hour of a record.
type Stamp = (u32, u32, u32);

fn days_in_month(month: u32, leap: bool) -> u32 {
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The hour after `stamp`, or `None` after 31 December hour 24.
fn next_stamp((m, d, h): Stamp, leap: bool) -> Option<Stamp> {
    if h < 24 {
        Some((m, d, h + 1))
    } else if d < days_in_month(m, leap) {
        Some((m, d + 1, 1))
    } else if m < 12 {
        Some((m + 1, 1, 1))
    } else {
        None
    }
}

fn describe((m, d, h): Stamp) -> String {
    format!("month {m} day {d} hour {h}")
}

/// Reads the hourly records up to the end of the source.
fn read_hours<R: Read>(lines: &mut Lines<'_, R>) -> Result<Vec<Ambient>> {
    let mut hours = Vec::with_capacity(HOURS_LEAP_YEAR);
    let mut expected = Some((1, 1, 1));
    let mut leap = false;
    let mut blank_line = None;
    while let Some(line) = lines.next_line()? {
        if line.trim().is_empty() {
            blank_line.get_or_insert(lines.number);
            continue;
        }
        if let Some(blank) = blank_line {
            return Err(lines.error_at(blank, "blank line inside the hourly data"));
        }
        let record = parse_record(&line).map_err(|r| lines.error(r))?;
        let Some(want) = expected else {
            return Err(lines.error(format!(
                "{} follows 31 December hour 24: a year has at most {HOURS_LEAP_YEAR} hours",
                describe(record.stamp)
            )));
        };
        if record.stamp != want {
            if want == (3, 1, 1) && record.stamp == (2, 29, 1) && !leap {
                leap = true;
            } else {
                return Err(lines.error(format!(
                    "expected {}, found {} (hours must be consecutive, without duplicates)",
                    describe(want),
                    describe(record.stamp)
                )));
            }
        }
        hours.push(record.ambient().map_err(|r| lines.error(r))?);
        expected = next_stamp(record.stamp, leap);
    }
    if let Some(want) = expected {
        return Err(lines.error_at(
            lines.number + 1,
            format!(
                "the data end after {} hourly records, before {}: a year needs {HOURS_COMMON_YEAR} \
                 ({HOURS_LEAP_YEAR} with 29 February)",
                hours.len(),
                describe(want)
            ),
        ));
    }
    Ok(hours)
}

/// The fields of an hourly record that dcplan uses.
struct Record {
    stamp: Stamp,
    dry_bulb_c: f64,
    dew_point_c: f64,
    pressure_pa: f64,
    /// Global horizontal irradiance, W/m², if not missing.
    global_horizontal: Option<f64>,
}

fn parse_record(line: &str) -> std::result::Result<Record, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if fields.len() != FIELDS {
        return Err(format!(
            "expected {FIELDS} comma-separated fields in an hourly record, found {}",
            fields.len()
        ));
    }
    let whole = |index: usize, what: &str| {
        fields[index].parse::<u32>().map_err(|_| {
            format!(
                "{what} (field {}): cannot read {:?} as a whole number",
                index + 1,
                truncate(fields[index])
            )
        })
    };
    let stamp = (whole(1, "month")?, whole(2, "day")?, whole(3, "hour")?);
    let dry_bulb_c = temperature(fields[6], "dry-bulb (field 7)")?;
    let dew_point_c = temperature(fields[7], "dew point (field 8)")?;
    let pressure_pa = number(fields[9], "station pressure (field 10)")?;
    if pressure_pa == MISSING_PRESSURE_PA {
        return Err(format!(
            "station pressure (field 10) is {MISSING_PRESSURE_PA}, the EPW missing-value code; \
             fill the gap before use"
        ));
    }
    if !(31_000.0..=120_000.0).contains(&pressure_pa) {
        return Err(format!(
            "station pressure (field 10) {pressure_pa} Pa is outside the EPW range 31000…120000 Pa"
        ));
    }
    let ghi = number(fields[13], "global horizontal radiation (field 14)")?;
    let global_horizontal = if ghi == MISSING_RADIATION {
        None
    } else if (0.0..=1_500.0).contains(&ghi) {
        Some(ghi)
    } else {
        return Err(format!(
            "global horizontal radiation (field 14) {ghi} Wh/m² is outside 0…1500 Wh/m²"
        ));
    };
    Ok(Record {
        stamp,
        dry_bulb_c,
        dew_point_c,
        pressure_pa,
        global_horizontal,
    })
}

impl Record {
    /// The hour's ambient, applying the dew-point rule.
    fn ambient(&self) -> std::result::Result<Ambient, String> {
        let excess = self.dew_point_c - self.dry_bulb_c;
        if excess > DEW_POINT_TOLERANCE_K + 1e-9 {
            return Err(format!(
                "dew point (field 8) {} °C is {excess:.1} K above the dry-bulb {} °C (at most \
                 {DEW_POINT_TOLERANCE_K} K is read as saturation)",
                self.dew_point_c, self.dry_bulb_c
            ));
        }
        let ambient = Ambient::from_dew_point(
            celsius(self.dry_bulb_c),
            celsius(self.dew_point_c.min(self.dry_bulb_c)),
            Pressure::new::<pascal>(self.pressure_pa),
        );
        match self.global_horizontal {
            Some(g) => ambient.and_then(|a| {
                a.with_global_horizontal_irradiance(HeatFluxDensity::new::<watt_per_square_meter>(
                    g,
                ))
            }),
            None => ambient,
        }
        .map_err(|e| e.to_string())
    }
}

fn number(text: &str, what: &str) -> std::result::Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{what}: cannot read {:?} as a number", truncate(text)))
}

/// A temperature field: a number in −70…70 °C that is not the missing-value code.
fn temperature(text: &str, what: &str) -> std::result::Result<f64, String> {
    let t = number(text, what)?;
    if t == MISSING_TEMPERATURE_C {
        return Err(format!(
            "{what} is {MISSING_TEMPERATURE_C}, the EPW missing-value code; fill the gap before use"
        ));
    }
    if !(-70.0..=70.0).contains(&t) {
        return Err(format!("{what} {t} °C is outside the EPW range −70…70 °C"));
    }
    Ok(t)
}

/// At most 40 characters of `text`, for messages.
fn truncate(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER_TEXT: &str = "LOCATION,Test Site,ST,USA,TMY3,000000,40.00,-75.00,-5.0,100.0\n\
        DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n\
        HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,test\nCOMMENTS 2,test\n\
        DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";

    fn row(m: u32, d: u32, h: u32, db: &str, dp: &str, p: &str) -> String {
        format!("1999,{m},{d},{h},0,?,{db},{dp},50,{p}{}\n", ",0".repeat(25))
    }

    /// A valid year (leap or not) as a list of lines.
    fn year_rows(leap: bool) -> Vec<String> {
        let mut rows = Vec::new();
        let mut stamp = Some((1, 1, 1));
        while let Some((m, d, h)) = stamp {
            let db = format!("{:.1}", 10.0 + 10.0 * f64::from(h).sin());
            rows.push(row(m, d, h, &db, "-5.0", "101300"));
            stamp = next_stamp((m, d, h), leap);
        }
        rows
    }

    fn parse(rows: &[String]) -> Result<Climate> {
        let text = format!("{HEADER_TEXT}{}", rows.concat());
        Climate::from_epw(text.as_bytes(), "t.epw")
    }

    fn error_of(rows: &[String]) -> (usize, String) {
        match parse(rows) {
            Err(Error::Weather { line, reason, .. }) => (line, reason),
            other => panic!("expected a weather error, got {other:?}"),
        }
    }

    #[test]
    fn reads_common_and_leap_years() {
        let climate = parse(&year_rows(false)).unwrap();
        assert_eq!(climate.len(), 8760);
        assert_eq!(climate.name(), "Test Site, ST, USA");
        assert_eq!(climate.location().longitude_deg(), -75.0);
        assert_eq!(climate.location().elevation().get::<meter>(), 100.0);
        assert_eq!(parse(&year_rows(true)).unwrap().len(), 8784);
        // CRLF line endings and trailing blank lines are fine.
        let crlf = format!("{HEADER_TEXT}{}\n\n", year_rows(false).concat()).replace('\n', "\r\n");
        assert_eq!(Climate::from_epw(crlf.as_bytes(), "t").unwrap().len(), 8760);
    }

    #[test]
    fn dew_point_slightly_above_dry_bulb_is_saturation() {
        let mut rows = year_rows(false);
        rows[5] = row(1, 1, 6, "12.0", "12.4", "101300");
        let saturated = parse(&rows).unwrap().hours()[5];
        assert_eq!(saturated.dew_point(), celsius(12.0));
        assert!((saturated.relative_humidity().get() - 1.0).abs() < 1e-9);
        rows[5] = row(1, 1, 6, "12.0", "12.6", "101300");
        let (line, reason) = error_of(&rows);
        assert_eq!(line, 14);
        assert!(
            reason.contains("dew point") && reason.contains("12.6"),
            "{reason}"
        );
    }

    #[test]
    fn reports_the_line_of_each_defect() {
        let good = year_rows(false);
        let with = |i: usize, text: String| {
            let mut rows = good.clone();
            rows[i] = text;
            rows
        };
        let cases = [
            (with(0, "1999,1,1,1,0,?,20.0\n".into()), 9, "found 7"),
            (with(1, row(1, 1, 2, "abc", "5.0", "101300")), 10, "\"abc\""),
            (
                with(2, row(1, 1, 3, "99.9", "5.0", "101300")),
                11,
                "missing-value",
            ),
            (
                with(3, row(1, 1, 4, "20.0", "5.0", "999999")),
                12,
                "missing-value",
            ),
            (
                with(4, row(1, 1, 5, "75.0", "5.0", "101300")),
                13,
                "outside",
            ),
            (with(5, row(1, 1, 6, "20.0", "5.0", "5000")), 14, "outside"),
            (
                with(6, row(1, 1, 6, "20.0", "5.0", "101300")),
                15,
                "found month 1 day 1 hour 6",
            ),
            (
                with(7, row(1, 1, 9, "20.0", "5.0", "101300")),
                16,
                "expected month 1 day 1 hour 8",
            ),
            (
                with(8, row(1, 1, 9, "NaN", "5.0", "101300")),
                17,
                "cannot read",
            ),
            (with(9, "\n".into()), 18, "blank line"),
            (
                with(10, row(1, 1, 11, "20.0", "-80", "101300")),
                19,
                "dew point",
            ),
            (
                with(11, row(1, 1, 12, "1e400", "5.0", "101300")),
                20,
                "cannot read",
            ),
        ];
        for (rows, line, needle) in cases {
            let (got_line, reason) = error_of(&rows);
            assert_eq!(got_line, line, "{reason}");
            assert!(reason.contains(needle), "{needle:?} not in {reason:?}");
        }
    }

    /// A row with global horizontal radiation `ghi` (field 14).
    fn row_with_ghi(m: u32, d: u32, h: u32, ghi: &str) -> String {
        format!(
            "1999,{m},{d},{h},0,?,20.0,5.0,50,101300,0,0,0,{ghi}{}\n",
            ",0".repeat(21)
        )
    }

    #[test]
    fn reads_global_horizontal_radiation() {
        let mut rows = year_rows(false);
        rows[12] = row_with_ghi(1, 1, 13, "412");
        rows[13] = row_with_ghi(1, 1, 14, "9999");
        let climate = parse(&rows).unwrap();
        let ghi = |i: usize| {
            climate.hours()[i]
                .global_horizontal_irradiance()
                .map(|g| g.get::<watt_per_square_meter>())
        };
        assert_eq!((ghi(0), ghi(12), ghi(13)), (Some(0.0), Some(412.0), None));
        rows[13] = row_with_ghi(1, 1, 14, "2000");
        let (line, reason) = error_of(&rows);
        assert_eq!(line, 22);
        assert!(reason.contains("field 14"), "{reason}");
    }

    #[test]
    fn rejects_wrong_hour_counts() {
        let rows = year_rows(false);
        let (line, reason) = error_of(&rows[..8759]);
        assert_eq!(line, 8768);
        assert!(
            reason.contains("8759") && reason.contains("month 12 day 31 hour 24"),
            "{reason}"
        );
        let mut extra = rows.clone();
        extra.push(row(1, 1, 1, "1.0", "0.0", "101300"));
        assert_eq!(error_of(&extra).0, 8769);
        assert_eq!(error_of(&[]).0, 9);
    }

    #[test]
    fn a_second_29_february_is_a_duplicate_at_its_line() {
        // 29 February repeated (8,808 hours) used to pass the hour check and fail in the
        // climate without a file or line.
        let mut rows = year_rows(true);
        let feb29: Vec<String> = rows[59 * 24..60 * 24].to_vec();
        rows.splice(60 * 24..60 * 24, feb29);
        let (line, reason) = error_of(&rows);
        assert_eq!(line, 8 + 60 * 24 + 1, "{reason}");
        assert!(
            reason.contains("expected month 3 day 1 hour 1, found month 2 day 29 hour 1"),
            "{reason}"
        );
    }

    #[test]
    fn an_elevation_below_the_standard_atmosphere_is_refused_at_its_line() {
        let deep = HEADER_TEXT.replace(",-5.0,100.0\n", ",-5.0,-1000.0\n");
        assert_ne!(deep, HEADER_TEXT);
        let text = format!("{deep}{}", year_rows(false).concat());
        match Climate::from_epw(text.as_bytes(), "deep.epw") {
            Err(Error::Weather { line, reason, .. }) => {
                assert_eq!(line, 1);
                assert!(
                    reason.contains("elevation") && reason.contains("-1000"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        // The Dead Sea shore (−430 m) is a place.
        let shore = HEADER_TEXT.replace(",-5.0,100.0\n", ",-5.0,-430.0\n");
        let text = format!("{shore}{}", year_rows(false).concat());
        assert!(Climate::from_epw(text.as_bytes(), "shore.epw").is_ok());
    }

    #[test]
    fn rejects_bad_headers() {
        let cases = [
            ("", 1, "empty file"),
            (
                "LOCATION,a,b,c,d,e,40,-75,-5,100\n",
                2,
                "ends inside the header",
            ),
            (
                "DESIGN CONDITIONS\n",
                1,
                "expected the header line LOCATION",
            ),
            ("LOCATION,a,b,c,d,e,95,-75,-5,100\n", 1, "latitude"),
            ("LOCATION,a,b\n", 1, "10 fields"),
        ];
        for (text, line, needle) in cases {
            match Climate::from_epw(text.as_bytes(), "h.epw") {
                Err(Error::Weather {
                    line: l, reason, ..
                }) => {
                    assert_eq!(l, line, "{reason}");
                    assert!(reason.contains(needle), "{needle:?} not in {reason:?}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let sub_hourly = HEADER_TEXT.replace("DATA PERIODS,1,1", "DATA PERIODS,1,4");
        let err = Climate::from_epw(sub_hourly.as_bytes(), "s.epw").unwrap_err();
        assert!(err.to_string().contains("line 8") && err.to_string().contains("records per hour"));
    }

    #[test]
    fn rejects_non_utf8() {
        let mut bytes = HEADER_TEXT.as_bytes().to_vec();
        bytes.extend_from_slice(b"1999,1,1,1,0,\xff\xfe,20.0\n");
        let err = Climate::from_epw(&bytes[..], "b.epw")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.epw, line 9: not valid UTF-8"), "{err}");
    }

    /// `default` cases, or `PROPTEST_CASES` from the environment (the stress profile).
    fn cases(default: u32) -> ProptestConfig {
        let env = std::env::var("PROPTEST_CASES").ok();
        ProptestConfig::with_cases(env.and_then(|v| v.parse().ok()).unwrap_or(default))
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            prop_assert!(Climate::from_epw(&bytes[..], "fuzz").is_err());
        }

        #[test]
        fn arbitrary_header_then_text_never_panics(text in "[ -~\n]{0,400}") {
            let input = format!("{HEADER_TEXT}{text}");
            let _ = Climate::from_epw(input.as_bytes(), "fuzz");
        }
    }

    proptest! {
        #![proptest_config(cases(32))]

        #[test]
        fn a_corrupted_line_is_reported_at_its_line(index in 0usize..8760, junk in "[^\n\r]{0,60}") {
            let mut rows = year_rows(false);
            rows[index] = format!("{junk}\n");
            if let Err(Error::Weather { line, .. }) = parse(&rows) {
                // A blank last row is trailing whitespace: the year is then one hour short,
                // which is reported on the line after it.
                prop_assert!(line == index + 9 || (index == 8759 && line == 8769), "line {line}");
            }
        }
    }
}
