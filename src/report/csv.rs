//! CSV output (RFC 4180 quoting): hourly series and rows of any table.

use crate::climate::Climate;
use crate::simulate::HourlySeries;
use crate::units::*;
use std::io::{self, Write};

/// Writes one CSV row, quoting fields that need it.
///
/// ```
/// let mut out = Vec::new();
/// dcplan::report::csv::write_row(&mut out, ["a", "b,c", "say \"hi\""])?;
/// assert_eq!(String::from_utf8(out).unwrap(), "a,\"b,c\",\"say \"\"hi\"\"\"\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_row<S: AsRef<str>>(
    w: &mut impl Write,
    fields: impl IntoIterator<Item = S>,
) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            w.write_all(b",")?;
        }
        first = false;
        let f = f.as_ref();
        if f.contains([',', '"', '\n', '\r']) {
            write!(w, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            w.write_all(f.as_bytes())?;
        }
    }
    w.write_all(b"\n")
}

/// Writes the hourly series of a year: one row per hour with the weather, the power
/// breakdown, the hourly PUE and, per loop, its power, heat and temperature headroom and
/// free-cooled share. Column names carry their units (`facility_mw`, `dry_bulb_c`).
pub fn hourly(w: &mut impl Write, climate: &Climate, series: &HourlySeries) -> io::Result<()> {
    let mut header: Vec<String> = [
        "hour",
        "dry_bulb_c",
        "wet_bulb_c",
        "water_c",
        "it_mw",
        "cooling_mw",
        "electrical_losses_mw",
        "facility_mw",
        "pue",
    ]
    .map(str::to_owned)
    .to_vec();
    for l in &series.loops {
        for column in [
            "power_mw",
            "heat_headroom_mw",
            "temperature_headroom_k",
            "free_cooling",
        ] {
            header.push(format!("{}.{column}", l.name));
        }
    }
    write_row(w, &header)?;
    let mw = |p: Power| format!("{:.4}", p.get::<megawatt>());
    for (h, ambient) in climate.iter().enumerate().take(series.pue.len()) {
        let mut row = vec![
            (h + 1).to_string(),
            format!("{:.2}", to_celsius(ambient.dry_bulb())),
            format!("{:.2}", to_celsius(ambient.wet_bulb())),
            ambient
                .water()
                .map(|t| format!("{:.2}", to_celsius(t)))
                .unwrap_or_default(),
            mw(series.it[h]),
            mw(series.cooling[h]),
            mw(series.electrical_losses[h]),
            mw(series.facility[h]),
            format!("{:.5}", series.pue[h].get()),
        ];
        for l in &series.loops {
            row.push(mw(l.power[h]));
            row.push(mw(l.heat_headroom[h]));
            row.push(
                l.temperature_headroom[h]
                    .map(|t| format!("{:.3}", t.get::<kelvin_interval>()))
                    .unwrap_or_default(),
            );
            row.push(format!("{:.4}", l.free_cooling[h]));
        }
        write_row(w, &row)?;
    }
    Ok(())
}
