//! Results for people and machines: report structs with stable, unit-suffixed field names
//! (`it_mw`, `supply_c`, `headroom_k`) that serialise to JSON, plain-text tables, CSV writers
//! and (with the `cli` feature) SVG charts.
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::report::PlanReport;
//! let site = Site::builder("campus", GridInterconnect::new(megawatts(100.0))?)
//!     .lumped_pue(Pue::new(1.15)?)
//!     .build()?;
//! let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
//! let report = PlanReport::new(&site, &deployment, &plan(&site, &deployment)?)?;
//! assert_eq!(report.binding.kind, "grid_interconnect");
//! assert!((report.power.it_mw - 86.88).abs() < 1e-9);
//! let json = serde_json::to_value(&report).unwrap();
//! assert_eq!(json["accelerators"], 52_128);
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! One file per report; each turns a result into plain, unit-suffixed numbers and a table:
//! `plan.rs` ([`PlanReport`]: the capacity plan at the design hour, with its parts and
//! [`headroom_table`]), `annual.rs` ([`AnnualReport`]: the simulated year), `finance.rs`
//! ([`FinanceReport`]: the business case); `table.rs`, `csv.rs` and `chart.rs` format them.

mod annual;
#[cfg(feature = "cli")]
pub mod chart;
pub mod csv;
mod finance;
mod flexibility;
mod plan;
mod sustainability;
mod table;

pub use annual::{AnnualReport, EnergyReport, LoopYearReport, OperatedReport, ReuseReport};
pub use finance::{FinanceReport, FinanceYearReport};
pub use flexibility::{CauseReport, DukeReport, DukeRowReport, ShedReport, YearPlanReport};
pub use plan::{
    AmbientReport, BindingReport, ConstraintReport, HallReport, LoopPlanReport, PlanReport,
    PowerReport, RackCountReport, RackTypeReport, StagePlanReport, fleet_table, headroom_table,
};
pub use sustainability::{CarbonReport, EuKpiReport, ReuseCarbonReport, SustainabilityReport};
pub use table::{Table, group_digits, thousands};

use crate::units::*;

/// Megawatts of a power, the unit of every `_mw` field.
fn mw(p: Power) -> f64 {
    p.get::<megawatt>()
}

/// The plain value of a PUE that may be undefined (no IT power).
fn ratio(pue: Option<Pue>) -> Option<f64> {
    pue.map(Pue::get)
}
