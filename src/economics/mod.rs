//! Economics: what a site costs, earns and is worth, year by year, under three business models
//! a converting site chooses between — GPU rental, colocation and bitcoin mining.
//!
//! A [`Project`] joins the physics of a site at full build-out ([`AnnualFigures`]: IT capacity,
//! annual energy and water, GPUs, hash rate), a [`BusinessModel`] with its prices, the
//! [`Capex`], [`Opex`], [`Financing`] and [`Discounting`] parameters, and a
//! [`Schedule`](crate::timeline::Schedule) that says when each phase earns.
//! [`Project::appraise`] returns the yearly cash-flow table and NPV, IRR, payback, debt service
//! coverage, the levelised cost and the steady-state revenue and margin per MW of interconnect.
//! Every default is a documented planning figure with its source and tag (\[P\] primary, \[S\]
//! secondary, \[U\] unverified planning default; see `docs/models.md`): prices move, so pass
//! your own.
//!
//! Conventions: US dollars, real terms, pre-tax. Row 0 of the table is the start date; row
//! `k ≥ 1` is the `k`-th year after it, its flows discounted as at its end (`(1 + r)^k`).
//! A payment on a date falls in the first row whose end is on or after it.
//!
//! # Units
//!
//! - Money: real (constant) US dollars of the start year, before tax. No inflation is applied
//!   anywhere: a price that changes over the years does so through its
//!   [`PricePath`], in real terms. The discount rate is therefore a real rate; the loan
//!   interest rate is applied as given (a nominal rate quoted by a lender overstates the
//!   real cost of the debt when inflation is positive).
//! - Rates ([`Rate`](crate::money::Rate), [`RateOfReturn`](crate::money::RateOfReturn)) are
//!   fractions per year; a year is 365 days, a billing month a twelfth of it.
//! - Per MW, say of what: build cost per MW of IT capacity (or of design-hour facility
//!   power, [`CapacityBasis`]); a new grid connection per MW energised by the phases; staff per
//!   MW of IT capacity; colocation rent per kW of IT capacity; [`PerMw`] results per MW of
//!   grid interconnect. IT capacity is IT power at the IT equipment input at the design hour;
//!   energy bought is facility energy at the grid.
//!
//! # References
//!
//! - W. Short, D. J. Packey, T. Holt, *A Manual for the Economic Evaluation of Energy
//!   Efficiency and Renewable Energy Technologies*, NREL/TP-462-5173, 1995: discounting in
//!   constant dollars, NPV and the levelised cost.
//! - L. J. Gitman, *Principles of Managerial Finance, Brief*, 3rd ed., Addison-Wesley, 2003
//!   (NPV, IRR), and OASIS OpenDocument v1.2 Part 2 (OpenFormula), PMT: the sources
//!   numpy-financial 1.0.0 cites, whose values the tests reproduce.
//! - The planning defaults' sources are on each default and in `docs/models.md`.
//!
//! ```
//! use chrono::NaiveDate;
//! use dcplan::prelude::*;
//! // 100 MW energised today; GB200-class racks at lumped PUE 1.2, 80 % load factor.
//! let site = Site::builder("mine", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
//!     .lumped_pue(Pue::new(1.2)?)
//!     .build()?;
//! let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
//! let figures = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.8)?);
//! let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let schedule = Schedule::new(start, GridAccess::Energised { since: start },
//!     LeadTimes { construction: months(9.0), transformers: None, ..LeadTimes::default() },
//!     vec![Phase::new("all", Power::new::<megawatt>(100.0))])?;
//! let ai = Project::new("AI factory", figures, BusinessModel::gpu_rental(), schedule)?;
//! let result = ai.appraise()?;
//! assert_eq!(result.years.len(), 11); // row 0 and ten years
//! assert!(result.npv > Money::ZERO);
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! The parts, by concern:
//!
//! | module | holds |
//! |---|---|
//! | `financial_math` | [`annuity_payment`], [`npv`], [`irr`], [`payback`] |
//! | `figures` | [`AnnualFigures`]: the physics the economics reads |
//! | `flexibility` | [`FlexibilityCosts`], [`FlexibilityLines`]: what battery, generation and curtailment cost, as lines of the business case |
//! | `revenue` | [`BusinessModel`] (what is sold) and [`PricePath`] (prices over the years) |
//! | `capex` | [`Capex`]: [`BuildCost`] (by [`Tier`] and [`CapacityBasis`]), [`Equipment`] |
//! | `opex` | [`Opex`]: [`EnergyPrice`], water, maintenance, staff |
//! | `financing` | [`Financing`] ([`Amortisation`]) and [`Discounting`] |
//! | `project` | [`Project`] and its appraisal: the cash-flow table, debt, the results |
//! | `sensitivity` | [`Project::tornado`]: [`Tornado`], [`TornadoBar`], [`Driver`] |
//! | `results` | [`Evaluation`], [`YearRow`], [`LevelisedCost`], [`PerMw`], [`compare_per_mw`] |
//!
//! A new cost item (storage, on-site generation, fuel, carbon …) is an input with its default
//! and source on [`Capex`] or [`Opex`], validated there; an operating cost adds its line to the
//! full year `Opex::full_year` computes, a capital cost its payments to the capex schedule of
//! [`Project::appraise`]; either adds its column to [`YearRow`] (counted by [`YearRow::opex`]
//! or [`YearRow::capex`]) and, if it is a main driver, a [`Driver`]. Revenue lost to
//! curtailment is the business model's: fewer units sold.

mod capex;
mod figures;
mod financial_math;
mod financing;
mod flexibility;
mod opex;
mod project;
mod results;
mod revenue;
mod sensitivity;

pub use capex::{BuildCost, CapacityBasis, Capex, Equipment, EquipmentPrice, Tier};
pub use figures::AnnualFigures;
pub use financial_math::{annuity_payment, irr, npv, payback};
pub use financing::{Amortisation, Discounting, Financing};
pub use flexibility::{FlexibilityCosts, FlexibilityLines};
pub use opex::{EnergyPrice, Opex};
pub use project::Project;
pub use results::{
    EnergisationValue, Evaluation, LevelisedCost, PerMw, SteadyState, YearRow, compare_per_mw,
};
pub use revenue::{BusinessModel, PricePath};
pub use sensitivity::{Driver, Tornado, TornadoBar};

use crate::units::*;

fn one_year() -> Time {
    Time::new::<time::year>(1.0)
}
