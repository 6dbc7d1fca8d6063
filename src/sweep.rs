//! Scenario sweeps: many independent evaluations, run in parallel, delivered in order, in
//! memory that does not grow with the number of scenarios.
//!
//! Scenarios are evaluated a chunk at a time across the worker threads (rayon, with the
//! `parallel` feature; one thread without it); each chunk's results are handed to the caller in
//! scenario order before the next chunk starts, so at most one chunk of results is held.
//!
//! [`SiteSweep`] sweeps a site file over a [`Grid`] of changed fields (what `dcplan sweep`
//! runs) and delivers a [`ScenarioResult`] per scenario; [`in_order`] runs any evaluation.
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::sweep;
//! // Racks that fit behind 50, 51, …, 149 MW at a lumped PUE of 1.2.
//! let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
//! let deployment = Deployment::new(rack);
//! let mut racks = Vec::new();
//! sweep::in_order(
//!     100,
//!     |i| -> Result<u32> {
//!         let grid = GridInterconnect::new(Power::new::<megawatt>(50.0 + i as f64))?;
//!         let site = Site::builder("s", grid).lumped_pue(Pue::new(1.2)?).build()?;
//!         Ok(plan(&site, &deployment)?.primary_racks)
//!     },
//!     |_, fit| {
//!         racks.push(fit?);
//!         Ok(())
//!     },
//! )?;
//! assert_eq!(racks[0], 347); // 50,000 / 144
//! assert!(racks.windows(2).all(|w| w[0] <= w[1]));
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::capacity::{Plan, plan};
use crate::climate::Climate;
use crate::economics::Evaluation;
use crate::error::{Error, Result};
use crate::it::Deployment;
use crate::metrics::ItMeasurement;
use crate::money::{Money, RateOfReturn};
use crate::operating::{ConstraintKind, OperatingPoint};
use crate::simulate::{AnnualResult, annual};
use crate::site::Site;
use crate::sitefile::{Grid, Scenario, SiteFile, SiteSpec};
use crate::sustainability::WaterIntensity;
use crate::units::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Scenarios evaluated together before their results are delivered: enough to keep every core
/// busy and to amortise waking the worker threads at each chunk (≈ 0.25 ms on the 2-vCPU
/// benchmark machine, see docs/performance.md), few enough that memory stays flat.
pub const CHUNK: u64 = 2048;

/// Evaluates `run(i)` for every scenario `i` in `0..count` — in parallel with the `parallel`
/// feature — and hands each result to `deliver(i, result)` in order of `i`, one chunk of
/// [`CHUNK`] scenarios at a time. Stops at the first error `deliver` returns.
pub fn in_order<T: Send>(
    count: u64,
    run: impl Fn(u64) -> T + Sync,
    mut deliver: impl FnMut(u64, T) -> Result<()>,
) -> Result<()> {
    let mut first = 0;
    while first < count {
        let last = first.saturating_add(CHUNK).min(count);
        for (i, result) in (first..last).zip(evaluate_chunk(first..last, &run)) {
            deliver(i, result)?;
        }
        first = last;
    }
    Ok(())
}

/// A site file swept over a [`Grid`]: scenario `i` is the file with the grid's `i`-th values
/// set, planned at its design hour, simulated over its year of weather when asked, and its
/// business case evaluated when the file has a `[finance]` section.
///
/// ```
/// use dcplan::sitefile::{Format, Grid, SiteFile};
/// use dcplan::sweep::SiteSweep;
/// let text = r#"
/// name = "campus"
/// pue = 1.2
/// [interconnect]
/// capacity = "100 MW"
/// [deployment]
/// system = "GB200 NVL72"
/// "#;
/// let file = SiteFile::from_text("campus.toml", text, Format::Toml, ".");
/// let grid = Grid::new(vec!["interconnect.capacity=50 MW..150 MW:3".parse()?])?;
/// let sweep = SiteSweep::new(&file, grid, false)?;
/// let mut racks = Vec::new();
/// sweep.run(
///     |result| result.outcome.map(|o| o.plan.primary_racks),
///     |_, fit| {
///         racks.push(fit?);
///         Ok(())
///     },
/// )?;
/// assert_eq!(racks, [347, 694, 1041]); // 41.7, 83.3 and 125 MW of IT in 120 kW racks
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SiteSweep {
    grid: Grid,
    document: serde_json::Value,
    dir: PathBuf,
    /// The file's year of weather, read once when no varied field is in `[climate]`.
    climate: Option<Arc<Climate>>,
    annual: bool,
}

impl SiteSweep {
    /// A sweep of `file` over `grid`, with each scenario's year simulated when `annual`.
    /// Errors in the file are located in it; a path or value the site-file schema rejects
    /// would fail every scenario alike, so it is refused here, as an [`Error::Inconsistent`]
    /// about the field `vary`.
    pub fn new(file: &SiteFile, grid: Grid, annual: bool) -> Result<Self> {
        let document = file.document()?;
        let base = file.spec()?;
        grid.apply(&document, 0)
            .and_then(SiteSpec::from_value)
            .map_err(|e| Error::Inconsistent {
                field: "vary".into(),
                reason: e.to_string(),
            })?;
        let climate_varies = grid.paths().any(|p| p.starts_with("climate"));
        let climate = if climate_varies {
            None
        } else {
            base.load_climate(file.dir())
                .map_err(|e| file.locate(e))?
                .map(Arc::new)
        };
        Ok(Self {
            grid,
            document,
            dir: file.dir().to_path_buf(),
            climate,
            annual,
        })
    }

    /// The grid swept.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Scenario `i`: the file with the grid's values set, built.
    pub fn scenario(&self, i: u64) -> Result<Scenario> {
        let spec = self
            .grid
            .apply(&self.document, i)
            .and_then(SiteSpec::from_value)?;
        let climate = match &self.climate {
            Some(c) => Some(Arc::clone(c)),
            None => spec.load_climate(&self.dir)?.map(Arc::new),
        };
        spec.build_at(climate, &self.dir)
    }

    /// The plan of scenario `i`, its year when the sweep is annual, and its business case (none
    /// when no rack fits: there is nothing to appraise).
    pub fn evaluate(&self, i: u64) -> Result<Outcome> {
        let scenario = self.scenario(i)?;
        let p = plan(&scenario.site, &scenario.deployment)?;
        let plan_summary = PlanSummary::new(&scenario.site, &scenario.deployment, &p)?;
        let (year, year_summary) = if self.annual {
            let climate = scenario.weather()?;
            let year = annual(
                &scenario.site,
                &scenario.deployment,
                p.primary_racks,
                climate,
            )?;
            let summary = YearSummary::new(&year)?;
            (Some(year), Some(summary))
        } else {
            (None, None)
        };
        // Nothing fits: no business case to appraise (as a zero-IT PUE is undefined).
        let finance = if p.primary_racks == 0 {
            None
        } else {
            scenario
                .business_case(&p, year.as_ref())?
                .map(|e| FinanceSummary::new(&e))
        };
        Ok(Outcome {
            plan: plan_summary,
            year: year_summary,
            finance,
        })
    }

    /// Evaluates every scenario in parallel ([`in_order`]), passes each one's result through
    /// `each` on the worker thread that evaluated it (per-scenario work: formatting, counting
    /// progress), and hands what `each` returns to `deliver` in scenario order. A scenario's
    /// own error is in its result; the sweep stops at the first error `deliver` returns.
    pub fn run<T: Send>(
        &self,
        each: impl Fn(ScenarioResult) -> T + Sync,
        deliver: impl FnMut(u64, T) -> Result<()>,
    ) -> Result<()> {
        in_order(
            self.grid.len(),
            |i| {
                each(ScenarioResult {
                    scenario: i,
                    values: self.grid.values(i),
                    outcome: self.evaluate(i),
                })
            },
            deliver,
        )
    }
}

/// One scenario of a [`SiteSweep`].
#[derive(Debug)]
pub struct ScenarioResult {
    /// Its index in the grid.
    pub scenario: u64,
    /// The values set, one per varied field, as in a JSON site file.
    pub values: Vec<serde_json::Value>,
    /// What it gave, or why it could not be evaluated.
    pub outcome: Result<Outcome>,
}

/// The headline figures of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The plan at the design hour.
    pub plan: PlanSummary,
    /// The simulated year, in an annual sweep.
    pub year: Option<YearSummary>,
    /// The business case, if the site file has one.
    pub finance: Option<FinanceSummary>,
}

/// The headline figures of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSummary {
    /// The primary rack.
    pub rack: String,
    /// Primary racks that fit.
    pub primary_racks: u32,
    /// All racks, support racks included.
    pub racks_total: u64,
    /// Accelerators (GPUs) in them.
    pub accelerators: u64,
    /// Hash rate of the racks (zero without miners).
    pub hashrate: Hashrate,
    /// The constraint one more primary rack would exceed.
    pub binding: ConstraintKind,
    /// Dry-bulb of the design hour.
    pub design_dry_bulb: ThermodynamicTemperature,
    /// Grid interconnect capacity.
    pub interconnect: Power,
    /// IT at the IT equipment input.
    pub it: Power,
    /// Electric power of the cooling loops.
    pub cooling: Power,
    /// Electrical losses, substation included.
    pub electrical_losses: Power,
    /// House loads.
    pub house: Power,
    /// Facility power at the grid.
    pub facility: Power,
    /// Interconnect capacity not drawn.
    pub unused: Power,
    /// Design-hour PUE, IT measured at its input; `None` without IT power (0 racks fit),
    /// where PUE is undefined.
    pub pue: Option<Pue>,
    /// Design-hour partial PUE of cooling; `None` without IT power.
    pub partial_pue_cooling: Option<Pue>,
    /// Design-hour partial PUE of the electrical chain; `None` without IT power.
    pub partial_pue_electrical: Option<Pue>,
}

impl PlanSummary {
    /// The summary of `plan` for `deployment` at `site`.
    pub fn new(site: &Site, deployment: &Deployment, plan: &Plan) -> Result<Self> {
        let op = &plan.operating_point;
        let interconnect = site.interconnect().capacity();
        Ok(Self {
            rack: deployment.primary().name().to_owned(),
            primary_racks: plan.primary_racks,
            racks_total: plan.racks.total(),
            accelerators: plan.accelerators,
            hashrate: deployment.hashrate(&plan.racks),
            binding: plan.binding.kind.clone(),
            design_dry_bulb: plan.ambient.dry_bulb(),
            interconnect,
            it: op.it,
            cooling: op.cooling,
            electrical_losses: op.electrical_losses,
            house: op.house,
            facility: op.facility,
            unused: interconnect - op.facility,
            pue: op.where_it_runs(|op| op.pue(ItMeasurement::ItInput))?,
            partial_pue_cooling: op.where_it_runs(OperatingPoint::partial_pue_cooling)?,
            partial_pue_electrical: op.where_it_runs(OperatingPoint::partial_pue_electrical)?,
        })
    }
}

/// The headline figures of a simulated year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearSummary {
    /// Annualised PUE (ISO/IEC 30134-2), IT measured at its input; `None` without IT energy
    /// (0 racks), where it is undefined — as are the other ratios to IT energy below.
    pub pue: Option<Pue>,
    /// Highest hourly PUE.
    pub pue_max_hourly: Option<Pue>,
    /// Annual partial PUE of cooling.
    pub partial_pue_cooling: Option<Pue>,
    /// Annual partial PUE of the electrical chain.
    pub partial_pue_electrical: Option<Pue>,
    /// IT energy at the IT equipment input.
    pub it: Energy,
    /// Facility energy at the grid.
    pub facility: Energy,
    /// Water usage effectiveness, L/kWh of IT energy (ISO/IEC 30134-9:2022).
    pub wue_l_per_kwh: Option<f64>,
    /// Hours the facility drew more than the interconnect or the substation's firm capacity
    /// allows.
    pub hours_over_supply: u32,
}

impl YearSummary {
    /// The summary of `year`.
    pub fn new(year: &AnnualResult) -> Result<Self> {
        Ok(Self {
            pue: year.where_it_runs(|y| y.pue(ItMeasurement::ItInput))?,
            pue_max_hourly: year.where_it_runs(|y| Ok(y.max_hourly_pue))?,
            partial_pue_cooling: year.where_it_runs(AnnualResult::partial_pue_cooling)?,
            partial_pue_electrical: year.where_it_runs(AnnualResult::partial_pue_electrical)?,
            it: year.energy.it,
            facility: year.energy.facility,
            wue_l_per_kwh: year
                .where_it_runs(AnnualResult::wue)?
                .map(WaterIntensity::get_liters_per_kwh),
            hours_over_supply: year.hours_over_supply,
        })
    }
}

/// The headline figures of a business case, in real US dollars ([`crate::economics`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FinanceSummary {
    /// NPV of the project cash flow at the discount rate.
    pub npv: Money,
    /// IRR of the project cash flow, if it has one.
    pub irr: Option<RateOfReturn>,
    /// Time until the project cash flow pays back, if it does.
    pub payback: Option<Time>,
}

impl FinanceSummary {
    /// The summary of `evaluation`.
    pub fn new(evaluation: &Evaluation) -> Self {
        Self {
            npv: evaluation.npv,
            irr: evaluation.irr,
            payback: evaluation.payback,
        }
    }
}

#[cfg(feature = "parallel")]
fn evaluate_chunk<T: Send>(
    range: std::ops::Range<u64>,
    run: &(impl Fn(u64) -> T + Sync),
) -> Vec<T> {
    use rayon::prelude::*;
    // A `usize` range is an indexed parallel iterator: split evenly, collected in place.
    let first = range.start;
    let len = (range.end - range.start) as usize;
    (0..len)
        .into_par_iter()
        .map(|k| run(first + k as u64))
        .collect()
}

#[cfg(not(feature = "parallel"))]
fn evaluate_chunk<T: Send>(
    range: std::ops::Range<u64>,
    run: &(impl Fn(u64) -> T + Sync),
) -> Vec<T> {
    range.map(run).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_every_result_in_order_across_chunks() {
        let mut seen = Vec::new();
        in_order(
            3 * CHUNK + 5,
            |i| i * i,
            |i, sq| {
                assert_eq!(sq, i * i);
                seen.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..3 * CHUNK + 5).collect::<Vec<_>>());
    }

    #[test]
    fn a_site_sweep_reports_each_scenario_and_refuses_a_grid_the_schema_rejects() {
        use crate::sitefile::{Format, SiteFile};
        let text = "name = \"s\"\npue = 1.2\n[interconnect]\ncapacity = \"100 MW\"\n\
                    [deployment]\nsystem = \"GB200 NVL72\"\n";
        let file = SiteFile::from_text("s.toml", text, Format::Toml, ".");
        let grid = |v: &str| Grid::new(vec![v.parse().unwrap()]).unwrap();
        let sweep = SiteSweep::new(&file, grid("interconnect.capacity=50 MW,0 MW"), false).unwrap();
        let mut seen = Vec::new();
        sweep
            .run(
                |r| (r.values, r.outcome),
                |i, result| {
                    seen.push((i, result));
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(seen.len(), 2);
        let (values, outcome) = &seen[0].1;
        assert_eq!(values, &[serde_json::json!("50 MW")]);
        let outcome = outcome.as_ref().unwrap();
        assert_eq!(outcome.plan.primary_racks, 347);
        assert!((outcome.plan.pue.unwrap().get() - 1.2).abs() < 1e-12);
        assert!(outcome.year.is_none() && outcome.finance.is_none());
        let e = seen[1].1.1.as_ref().unwrap_err().to_string();
        assert_eq!(e, "interconnect.capacity: 0 W is not a power above 0 W");

        let e = SiteSweep::new(&file, grid("interconnect.nonsense=1,2"), false).unwrap_err();
        assert_eq!(e.field(), Some("vary"));
        let e = SiteSweep::new(&file, grid("pue=1.1,1.3"), true)
            .unwrap()
            .evaluate(0)
            .unwrap_err();
        assert!(e.to_string().contains("needs a year of weather"), "{e}");
    }

    #[test]
    fn linked_axes_compare_like_with_like() {
        use crate::sitefile::{Format, SiteFile};
        // Sweeping the interconnect alone leaves the 95 MW electrical chain behind a 10 MW
        // connection; linked with it the chain scales too.
        let text = include_str!("../examples/sites/lingang-seawater.toml");
        let file = SiteFile::from_text("lingang.toml", text, Format::Toml, "examples/sites");
        let pue_at_10_mw = |vary: &str| {
            let grid = Grid::new(vec![vary.parse().unwrap()]).unwrap();
            assert_eq!(grid.len(), 2);
            let sweep = SiteSweep::new(&file, grid, false).unwrap();
            sweep.evaluate(0).unwrap().plan.pue.unwrap().get()
        };
        let alone = pue_at_10_mw("interconnect.capacity=10 MW,100 MW");
        let linked = pue_at_10_mw(
            "interconnect.capacity=10 MW,100 MW;electrical.reference.it_capacity=9.5 MW,95 MW",
        );
        assert!(alone > 1.3, "{alone}");
        assert!(linked < alone - 0.1, "linked {linked} vs alone {alone}");
        // The linked grid reports both fields.
        let grid = Grid::new(vec![
            "interconnect.capacity,electrical.reference.it_capacity=50 MW..100 MW:2"
                .parse()
                .unwrap(),
        ])
        .unwrap();
        let sweep = SiteSweep::new(&file, grid, false).unwrap();
        let mut seen = Vec::new();
        sweep
            .run(
                |r| r.values,
                |_, values| {
                    seen.push(values);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(
            seen,
            [
                [serde_json::json!("50 MW"), serde_json::json!("50 MW")],
                [serde_json::json!("100 MW"), serde_json::json!("100 MW")]
            ]
        );
    }

    #[test]
    fn stops_at_the_first_delivery_error() {
        let mut delivered = 0;
        let r = in_order(
            1000,
            |i| i,
            |i, _| {
                delivered += 1;
                if i == 10 {
                    // What a failed write of the results returns.
                    Err(crate::Error::Io {
                        path: "stdout".into(),
                        reason: "broken pipe".into(),
                    })
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(delivered, 11);
    }
}
