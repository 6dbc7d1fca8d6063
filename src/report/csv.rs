//! CSV output (RFC 4180 quoting): hourly series and rows of any table.

use crate::climate::Climate;
use crate::flexibility::HourDispatch;
use crate::simulate::HourlySeries;
use crate::units::*;
use std::io::{self, Write};

/// The dispatch columns of [`hourly_with_dispatch`], in order.
pub const DISPATCH_COLUMNS: [&str; 9] = [
    "grid_import_mw",
    "battery_charge_mw",
    "battery_discharge_mw",
    "state_of_charge",
    "generation_mw",
    "gpu_cap_w",
    "capped_it_mw",
    "curtailed_it_mw",
    "shed_it_mw",
];

/// The heat-reuse columns of [`hourly`], in order.
pub const REUSE_COLUMNS: [&str; 5] = [
    "reused_heat_mw",
    "heat_upgrade_mw",
    "erf",
    "ere",
    "pue_enefg",
];

/// Hour `h`'s heat-reuse cells: `E_reuse` and the site heat pumps' power (MW), the hour's
/// `ERF = E_reuse/E_DC`, `ERE = (E_DC − E_reuse)/E_IT` and `PUE_EnEfG = (E_DC − E_upgrade)/E_IT`
/// (the ratios empty in an hour without IT).
///
/// # References
///
/// ISO/IEC 30134-6:2021 (ERF); The Green Grid WP 29 (ERE); EnEfG §11(2) (PUE without
/// heat-upgrade electricity).
fn reuse_cells(series: &HourlySeries, h: usize) -> [String; 5] {
    let (reused, upgrade) = (series.reused_heat[h], series.heat_upgrade[h]);
    let (facility, it) = (series.facility[h], series.it[h]);
    let of_it = |p: Power| {
        if it > Power::ZERO {
            format!("{:.5}", (p / it).get::<ratio>())
        } else {
            String::new()
        }
    };
    [
        format!("{:.4}", reused.get::<megawatt>()),
        format!("{:.4}", upgrade.get::<megawatt>()),
        if facility > Power::ZERO {
            format!("{:.5}", (reused / facility).get::<ratio>())
        } else {
            String::new()
        },
        of_it(facility - reused),
        of_it(facility - upgrade),
    ]
}

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

/// Year in which [`timestamp`] places a typical year of 8,760 hours.
pub const TYPICAL_COMMON_YEAR: i32 = 2001;
/// Year in which [`timestamp`] places a typical year of 8,784 hours.
pub const TYPICAL_LEAP_YEAR: i32 = 2004;

/// The local standard time of hour `index` (0 for the first) of a year of weather, as
/// ISO 8601 (`2001-01-01T01:00`): the end of the hour, as EPW files stamp their records (hour
/// 1 is 00:00–01:00 on 1 January), with hour 24 written as 00:00 of the next day — so the
/// year's last hour is stamped `2002-01-01T00:00`.
///
/// Typical-year weather (TMY, IWEC, the built-in climates) joins months of different years, so
/// it has no year of its own: a year of 8,760 hours is placed in [`TYPICAL_COMMON_YEAR`],
/// one of 8,784 hours in [`TYPICAL_LEAP_YEAR`]. The time zone is the weather file's (local
/// standard time, no daylight saving), and is not written.
///
/// ```
/// use dcplan::report::csv::timestamp;
/// assert_eq!(timestamp(0, false), "2001-01-01T01:00");
/// assert_eq!(timestamp(23, false), "2001-01-02T00:00");
/// assert_eq!(timestamp(59 * 24, false), "2001-03-01T01:00");
/// assert_eq!(timestamp(59 * 24, true), "2004-02-29T01:00");
/// assert_eq!(timestamp(8759, false), "2002-01-01T00:00");
/// ```
pub fn timestamp(index: usize, leap: bool) -> String {
    let mut year = if leap {
        TYPICAL_LEAP_YEAR
    } else {
        TYPICAL_COMMON_YEAR
    };
    let days_in = |month: usize, leap: bool| match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // The end of the hour: `index + 1` hours after midnight on 1 January.
    let end = index + 1;
    let (mut day_of_year, hour) = (end / 24, end % 24);
    let mut month = 1;
    while day_of_year >= days_in(month, leap) {
        day_of_year -= days_in(month, leap);
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
    format!("{year:04}-{month:02}-{:02}T{hour:02}:00", day_of_year + 1)
}

/// Writes the hourly series of a year: one row per hour with its index and local time
/// ([`timestamp`]), the weather, the power breakdown, the hourly PUE (empty in hours without
/// IT, where it is undefined), for a site with heat
/// reuse the hour's reused heat (`E_reuse`), site heat-pump power, ERF, ERE and PUE as EnEfG
/// §11(2) counts it, and, per loop, its power, heat and temperature headroom and free-cooled
/// share. Column names carry their
/// units (`facility_mw`, `dry_bulb_c`).
pub fn hourly(w: &mut impl Write, climate: &Climate, series: &HourlySeries) -> io::Result<()> {
    hourly_with_dispatch(w, climate, series, &[])
}

/// [`hourly`] with the flexibility dispatch of the same year (from
/// [`crate::flexibility::dispatch_year`]) in columns after the loops': `grid_import_mw`,
/// `battery_charge_mw`, `battery_discharge_mw`, `state_of_charge` (empty without a battery),
/// `generation_mw`, `gpu_cap_w` (empty in hours the dynamic cap is not lowered),
/// `capped_it_mw`, `curtailed_it_mw` (the rack types without a shed priority) and
/// `shed_it_mw` (the types shed first, [`HourDispatch::shed_it`]). No dispatch columns when
/// `dispatch` is empty.
pub fn hourly_with_dispatch(
    w: &mut impl Write,
    climate: &Climate,
    series: &HourlySeries,
    dispatch: &[HourDispatch],
) -> io::Result<()> {
    let mut header: Vec<String> = [
        "hour",
        "timestamp",
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
    let emissions = !series.emissions.is_empty();
    if emissions {
        header.push("emissions_kg".into());
    }
    let reuse = !series.reused_heat.is_empty();
    if reuse {
        header.extend(REUSE_COLUMNS.map(str::to_owned));
    }
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
    if !dispatch.is_empty() {
        header.extend(DISPATCH_COLUMNS.map(str::to_owned));
    }
    write_row(w, &header)?;
    let mw = |p: Power| format!("{:.4}", p.get::<megawatt>());
    let leap = climate.is_leap_year();
    for (h, ambient) in climate.iter().enumerate().take(series.pue.len()) {
        let mut row = vec![
            (h + 1).to_string(),
            timestamp(h, leap),
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
            // PUE is undefined in an hour without IT: an empty cell, as the reuse ratios.
            if series.it[h] > Power::ZERO {
                format!("{:.5}", series.pue[h].get())
            } else {
                String::new()
            },
        ];
        if emissions {
            row.push(format!("{:.3}", series.emissions[h].get::<kilogram>()));
        }
        if reuse {
            row.extend(reuse_cells(series, h));
        }
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
        if let Some(d) = dispatch.get(h) {
            row.extend([
                mw(d.grid_import),
                mw(d.battery_charge),
                mw(d.battery_discharge),
                d.state_of_charge
                    .map(|f| format!("{:.4}", f.get()))
                    .unwrap_or_default(),
                mw(d.generation),
                d.gpu_cap
                    .map(|p| format!("{:.1}", p.get::<watt>()))
                    .unwrap_or_default(),
                mw(d.capped_it),
                mw(d.curtailed_it),
                mw(d.shed_it),
            ]);
        }
        write_row(w, &row)?;
    }
    Ok(())
}
