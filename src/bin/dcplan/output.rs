//! What the subcommands share: the output format, JSON and file writing, and the rows of a
//! plan and of a simulated year as (metric, value) pairs for CSV, tables and comparisons.

use clap::{Args, ValueEnum};
use dcplan::sweep::{PlanSummary, YearSummary};
use dcplan::units::*;
use dcplan::{Error, Result};
use std::io;
use std::path::Path;

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

pub fn io_error(e: io::Error) -> Error {
    Error::Io {
        path: "standard output".into(),
        reason: e.to_string(),
    }
}

pub fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Io {
        path: "JSON output".into(),
        reason: e.to_string(),
    })
}

pub fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// The headline numbers of a plan as (metric, value) pairs, for CSV and comparisons.
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

/// The headline numbers of a simulated year as (metric, value) pairs.
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
