//! The rules a site is judged by: Germany's Energy Efficiency Act (EnEfG §11) by commissioning
//! date, the EU's reporting KPI set (Delegated Regulation 2024/1364) and limits a user sets on
//! WUE and CUE. Each rule says whether the site meets it and by what margin.
//!
//! # EnEfG §11
//!
//! - (1) Sites that start operation before 1 July 2026: PUE ≤ 1.5 as an annual average from 1
//!   July 2027, ≤ 1.3 from 1 July 2030.
//! - (2) Sites that start operation from 1 July 2026: PUE ≤ 1.2 and an energy-reuse share
//!   (ERF, DIN EN 50600-4-6) ≥ 10 %; ≥ 15 % for a start from 1 July 2027, ≥ 20 % from 1 July
//!   2028; both as annual averages at the latest two years after commissioning. For the PUE of
//!   (2) no. 1, "the electricity of installations that serve exclusively to upgrade the data
//!   centre's waste heat is disregarded": the check uses `PUE_EnEfG = (E_DC − E_upgrade) /
//!   E_IT` there. The statute says so in (2) only; for the thresholds of (1) the check uses the
//!   facility PUE (dcplan's reading).
//!
//! The PUE is the annual PUE with IT at the IT equipment input (category 3) when the check is
//! on a simulated year; a plan has only its design hour, whose PUE is the year's worst case
//! rather than its average, so a plan's check is conservative for PUE and says so
//! ([`Basis`]). For a site with flexibility the simulated year judged is the year as operated
//! ([`Basis::Operated`], [`Kpis::operated`]): IT served, the data centre's energy from the grid
//! and on-site generation.
//!
//! # References
//!
//! - Energieeffizienzgesetz (EnEfG) of 13 November 2023, §11 "Klimaneutrale Rechenzentren"
//!   (BGBl. 2023 I Nr. 309).
//! - Commission Delegated Regulation (EU) 2024/1364 of 14 March 2024, Art. 1 and Annex III:
//!   operators of data centres with an installed IT power demand of at least 500 kW report PUE,
//!   WUE, ERF and REF each year.

use super::carbon::EmissionFactor;
use super::water::WaterIntensity;
use crate::units::*;
use chrono::NaiveDate;
use serde::Serialize;
use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;

/// The figures the rules are judged on; `None` where a figure is undefined (no IT energy) or
/// its input is missing (CUE without a grid intensity).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kpis {
    /// PUE, facility energy over IT energy.
    pub pue: Option<Pue>,
    /// PUE as EnEfG §11(2) counts it: without the electricity of plant that only upgrades
    /// waste heat for reuse.
    pub pue_enefg: Option<Pue>,
    /// Energy reuse factor (0 without a heat-reuse component).
    pub erf: Fraction,
    /// Renewable energy factor, if a renewable input is given.
    pub renewable: Option<Fraction>,
    /// Site WUE.
    pub wue: Option<WaterIntensity>,
    /// Source WUE, if the grid's water intensity is given.
    pub wue_source: Option<WaterIntensity>,
    /// CUE, if the grid's carbon intensity is given.
    pub cue: Option<EmissionFactor>,
}

/// What a site must meet.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rules {
    /// The date the site starts operation, for EnEfG §11 (German sites).
    pub enefg_commissioned: Option<NaiveDate>,
    /// Highest site WUE allowed.
    pub max_wue: Option<WaterIntensity>,
    /// Highest CUE allowed.
    pub max_cue: Option<EmissionFactor>,
}

/// Whether a figure must stay at or below its limit, or reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// value ≤ limit.
    AtMost,
    /// value ≥ limit.
    AtLeast,
}

/// What a check was judged on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Annual energies of a simulated year: the load the racks would draw, undispatched.
    Annual,
    /// Annual energies of the year as operated by a site's flexibility
    /// ([`crate::simulate::OperatedYear`]): the load served after caps, curtailment and
    /// shedding, the data centre's energy from the grid and on-site generation.
    Operated,
    /// The plan's design hour (its PUE and WUE are the worst case, not an annual average).
    DesignHour,
}

/// One rule and how the site fares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleCheck {
    /// The rule, e.g. "EnEfG §11(2) no. 1: PUE ≤ 1.2".
    pub rule: String,
    /// The figure judged: `pue`, `pue_enefg`, `erf`, `wue_l_per_kwh`, `cue_kg_per_kwh`.
    pub metric: &'static str,
    /// The limit, in the figure's unit (a fraction for ERF).
    pub limit: f64,
    /// At most or at least.
    pub bound: Bound,
    /// The date the rule applies from, if it has one.
    pub applies_from: Option<NaiveDate>,
    /// The site's figure; `None` where undefined.
    pub value: Option<f64>,
    /// How far inside the limit the figure is (negative: by how much it misses), in the
    /// figure's unit: `limit − value` for an upper limit, `value − limit` for a lower one.
    pub margin: Option<f64>,
    /// Whether the site meets the rule; `None` where the figure is undefined.
    pub meets: Option<bool>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The same date `years` later (28 February for a 29 February that does not recur).
fn years_after(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(12 * years))
        .unwrap_or(d)
}

impl RuleCheck {
    fn new(
        rule: String,
        metric: &'static str,
        bound: Bound,
        limit: f64,
        applies_from: Option<NaiveDate>,
        value: Option<f64>,
    ) -> Self {
        let margin = value.map(|v| match bound {
            Bound::AtMost => limit - v,
            Bound::AtLeast => v - limit,
        });
        Self {
            rule,
            metric,
            limit,
            bound,
            applies_from,
            value,
            // A figure at its limit meets it (within rounding of the last digit).
            meets: margin.map(|m| m >= -1e-12),
            margin,
        }
    }
}

/// The EnEfG §11 thresholds for a site that starts operation on `commissioned`, judged on
/// `kpis` (see the module documentation).
///
/// ```
/// use dcplan::sustainability::{rules::enefg, Kpis};
/// use dcplan::units::*;
/// use chrono::NaiveDate;
/// let kpis = Kpis { pue: Some(Pue::new(1.25)?), pue_enefg: Some(Pue::new(1.18)?), erf: Fraction::new(0.12)?,
///     renewable: None, wue: None, wue_source: None, cue: None };
/// let checks = enefg(NaiveDate::from_ymd_opt(2027, 9, 1).unwrap(), &kpis);
/// assert_eq!(checks.len(), 2);
/// assert_eq!(checks[0].meets, Some(true)); // PUE_EnEfG 1.18 ≤ 1.2
/// assert_eq!(checks[1].meets, Some(false)); // ERF 12 % < 15 % for a 2027 start
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn enefg(commissioned: NaiveDate, kpis: &Kpis) -> Vec<RuleCheck> {
    let pue = kpis.pue.map(Pue::get);
    if commissioned < date(2026, 7, 1) {
        return [(1.5, date(2027, 7, 1)), (1.3, date(2030, 7, 1))]
            .into_iter()
            .map(|(limit, from)| {
                RuleCheck::new(
                    format!("EnEfG §11(1): PUE ≤ {limit} from {from}"),
                    "pue",
                    Bound::AtMost,
                    limit,
                    Some(from),
                    pue,
                )
            })
            .collect();
    }
    let by = years_after(commissioned, 2);
    let erf = if commissioned >= date(2028, 7, 1) {
        0.20
    } else if commissioned >= date(2027, 7, 1) {
        0.15
    } else {
        0.10
    };
    vec![
        RuleCheck::new(
            "EnEfG §11(2) no. 1: PUE ≤ 1.2 (heat-upgrade plant excluded)".into(),
            "pue_enefg",
            Bound::AtMost,
            1.2,
            Some(by),
            kpis.pue_enefg.map(Pue::get),
        ),
        RuleCheck::new(
            format!("EnEfG §11(2) no. 2: ERF ≥ {:.0} %", erf * 100.0),
            "erf",
            Bound::AtLeast,
            erf,
            Some(by),
            Some(kpis.erf.get()),
        ),
    ]
}

/// Every rule of `rules`, judged on `kpis`.
pub fn check(rules: &Rules, kpis: &Kpis) -> Vec<RuleCheck> {
    let mut out = rules
        .enefg_commissioned
        .map(|d| enefg(d, kpis))
        .unwrap_or_default();
    if let Some(max) = rules.max_wue {
        out.push(RuleCheck::new(
            format!("site WUE ≤ {} L/kWh", max.get_liters_per_kwh()),
            "wue_l_per_kwh",
            Bound::AtMost,
            max.get_liters_per_kwh(),
            None,
            kpis.wue.map(WaterIntensity::get_liters_per_kwh),
        ));
    }
    if let Some(max) = rules.max_cue {
        let limit = max.get::<kilogram_per_kilowatt_hour>();
        out.push(RuleCheck::new(
            format!("CUE ≤ {limit} kgCO₂/kWh"),
            "cue_kg_per_kwh",
            Bound::AtMost,
            limit,
            None,
            kpis.cue.map(|c| c.get::<kilogram_per_kilowatt_hour>()),
        ));
    }
    out
}

/// The installed IT power from which EU 2024/1364 asks for the yearly KPI report.
pub fn eu_reporting_threshold() -> Power {
    kilowatts(500.0)
}
