//! What the subcommands share: the output format, JSON, charts and file writing, and the rows
//! of a plan and of a simulated year as (column, value) pairs for CSV, tables and comparisons.

use clap::{Args, ValueEnum};
use dcplan::sweep::{PlanSummary, YearSummary};
use dcplan::units::*;
use dcplan::{Error, Result};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct Output {
    /// Output format: a readable table, JSON (stable field names with units in them), or CSV.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// A failure to write standard output.
pub fn io_error(e: io::Error) -> Error {
    Error::Write {
        path: "standard output".into(),
        reason: e.to_string(),
    }
}

pub fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Internal {
        what: format!("writing JSON: {e}"),
    })
}

pub fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Where `--svg` writes the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SvgTarget {
    /// `--svg -`: standard output, instead of the report.
    Stdout,
    /// A file.
    File(PathBuf),
}

/// Extensions of formats other than SVG that a chart file must not be named with.
const NOT_SVG: [&str; 11] = [
    "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff", "pdf", "eps", "ps", "html",
];

/// Reads the value of `--svg`: `-` or a file name. PNG (and other non-SVG names) are refused
/// before any work is done, so SVG bytes never land in a file named for another format.
pub fn svg_target(text: &str) -> std::result::Result<SvgTarget, String> {
    if text == "-" {
        return Ok(SvgTarget::Stdout);
    }
    let path = PathBuf::from(text);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if extension == "png" {
        return Err(
            "dcplan draws SVG only: a PNG needs fonts to render its text, and dcplan \
             ships none. Write FILE.svg (or - for standard output) and convert it, e.g. \
             `rsvg-convert chart.svg -o chart.png`"
                .into(),
        );
    }
    if NOT_SVG.contains(&extension.as_str()) {
        return Err(format!(
            "dcplan draws SVG only, not .{extension}: name the file FILE.svg (or - for \
             standard output)"
        ));
    }
    Ok(SvgTarget::File(path))
}

/// Writes the chart `svg` to its target: a file, or `out` (standard output).
pub fn write_svg(target: &SvgTarget, svg: &str, out: &mut impl Write) -> Result<()> {
    match target {
        SvgTarget::Stdout => out.write_all(svg.as_bytes()).map_err(io_error),
        SvgTarget::File(path) => write_file(path, svg),
    }
}

/// Whether the report goes to standard output: not when the chart does (`--svg -`).
pub fn report_wanted(svg: Option<&SvgTarget>) -> bool {
    svg != Some(&SvgTarget::Stdout)
}

/// The columns of plan, year and finance rows: the machine name (CSV, JSON lines) and the
/// name a person reads (tables).
pub const COLUMNS: [(&str, &str); 24] = [
    ("rack", "primary rack"),
    ("primary_racks", "primary racks"),
    ("racks_total", "racks in all"),
    ("accelerators", "GPUs"),
    ("binding", "binding constraint"),
    ("design_dry_bulb_c", "design dry-bulb °C"),
    ("interconnect_mw", "interconnect MW"),
    ("it_mw", "IT MW"),
    ("cooling_mw", "cooling MW"),
    ("electrical_losses_mw", "electrical losses MW"),
    ("house_mw", "house MW"),
    ("facility_mw", "facility MW"),
    ("unused_mw", "unused MW"),
    ("pue_design", "design-hour PUE"),
    ("hashrate_ths", "hash rate TH/s"),
    ("pue_annual", "annual PUE"),
    ("pue_max_hourly", "highest hourly PUE"),
    ("it_gwh", "IT energy GWh"),
    ("facility_gwh", "facility energy GWh"),
    ("wue_l_per_kwh", "WUE L/kWh"),
    ("hours_over_supply", "hours over supply"),
    ("npv_musd", "NPV MUSD"),
    ("irr", "IRR"),
    ("payback_years", "payback years"),
];

/// The name a person reads for column `key` (the key itself if it is not a known column).
pub fn label(key: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}

/// The headline numbers of a plan as (column, value) pairs, for CSV and comparisons.
pub fn plan_rows(s: &PlanSummary) -> Vec<(String, String)> {
    let mw = |p: Power| p.get::<megawatt>();
    let mut rows = vec![
        ("rack".into(), s.rack.clone()),
        ("primary_racks".into(), s.primary_racks.to_string()),
        ("racks_total".into(), s.racks_total.to_string()),
        ("accelerators".into(), s.accelerators.to_string()),
        ("binding".into(), s.binding.to_string()),
        (
            "design_dry_bulb_c".into(),
            format!("{:.1}", to_celsius(s.design_dry_bulb)),
        ),
        (
            "interconnect_mw".into(),
            format!("{:.3}", mw(s.interconnect)),
        ),
        ("it_mw".into(), format!("{:.3}", mw(s.it))),
        ("cooling_mw".into(), format!("{:.3}", mw(s.cooling))),
        (
            "electrical_losses_mw".into(),
            format!("{:.3}", mw(s.electrical_losses)),
        ),
        ("house_mw".into(), format!("{:.3}", mw(s.house))),
        ("facility_mw".into(), format!("{:.3}", mw(s.facility))),
        ("unused_mw".into(), format!("{:.3}", mw(s.unused))),
        ("pue_design".into(), defined(s.pue.map(Pue::get), 4)),
    ];
    if s.hashrate.get() > 0.0 {
        rows.push(("hashrate_ths".into(), format!("{:.0}", s.hashrate.get())));
    }
    rows
}

/// A ratio to IT power or energy to `decimals` places; empty where it is undefined (no IT).
fn defined(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(String::new, |v| format!("{v:.decimals$}"))
}

/// The headline numbers of a simulated year as (column, value) pairs.
pub fn annual_rows(y: &YearSummary) -> Vec<(String, String)> {
    let gwh = |e: Energy| e.get::<gigawatt_hour>();
    vec![
        ("pue_annual".into(), defined(y.pue.map(Pue::get), 4)),
        (
            "pue_max_hourly".into(),
            defined(y.pue_max_hourly.map(Pue::get), 4),
        ),
        ("it_gwh".into(), format!("{:.2}", gwh(y.it))),
        ("facility_gwh".into(), format!("{:.2}", gwh(y.facility))),
        ("wue_l_per_kwh".into(), defined(y.wue_l_per_kwh, 3)),
        ("hours_over_supply".into(), y.hours_over_supply.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_targets() {
        assert_eq!(svg_target("-"), Ok(SvgTarget::Stdout));
        assert_eq!(
            svg_target("out/plan.svg"),
            Ok(SvgTarget::File("out/plan.svg".into()))
        );
        assert!(svg_target("plan.PNG").unwrap_err().contains("fonts"));
        assert!(svg_target("plan.pdf").unwrap_err().contains("not .pdf"));
    }
}
