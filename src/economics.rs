//! Economics: what a site costs, earns and is worth, year by year, under three business models
//! a converting site chooses between — GPU rental, colocation and bitcoin mining.
//!
//! A [`Project`] joins the physics of a site at full build-out ([`AnnualFigures`]: IT capacity,
//! annual energy and water, GPUs, hash rate), a [`BusinessModel`] with its prices, the
//! [`Capex`], [`Opex`], [`Financing`] and [`Appraisal`] parameters, and a
//! [`Schedule`] that says when each phase earns.
//! [`Project::evaluate`] returns the yearly cash-flow table and NPV, IRR, payback, debt service
//! coverage, the levelised cost and the steady-state revenue and margin per MW of interconnect.
//! Every default is a documented planning figure with its source and tag (\[P\] primary, \[S\]
//! secondary, \[U\] unverified planning default; see `docs/models.md`): prices move, so pass
//! your own.
//!
//! Conventions: US dollars, real terms, pre-tax. Row 0 of the table is the start date; row
//! `k ≥ 1` is the `k`-th year after it, its flows discounted as at its end (`(1 + r)^k`).
//! A payment on a date falls in the first row whose end is on or after it.
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
//! let result = ai.evaluate()?;
//! assert_eq!(result.years.len(), 11); // row 0 and ten years
//! assert!(result.npv > Money::ZERO);
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::capacity::Plan;
use crate::cooling::Technology;
use crate::error::{Error, Result};
use crate::it::Deployment;
use crate::money::*;
use crate::simulate::AnnualResult;
use crate::site::Site;
use crate::timeline::{GridAccess, Schedule, Timeline};
use crate::units::*;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Hours in the annual figures' year (8,760, the annual simulation's length).
const HOURS_PER_YEAR: f64 = 8_760.0;

fn one_year() -> Time {
    Time::new::<time::year>(1.0)
}

// ---------------------------------------------------------------------------------------------
// Financial mathematics
// ---------------------------------------------------------------------------------------------

/// Level payment of a loan of `principal` at `rate` per period over `periods` periods, first
/// payment one period after the draw: `A = P·r / (1 − (1 + r)^−n)` (`P/n` at `r = 0`).
///
/// ```
/// use dcplan::economics::annuity_payment;
/// use dcplan::money::{Money, Rate};
/// // $100,000 at 7.125 % over 10 years: $14,320.13 a year
/// // (numpy_financial.pmt(0.07125, 10, -100000) = 14320.128873859469; Excel PMT the same).
/// let a = annuity_payment(Money::new(100_000.0), Rate::percent(7.125)?, 10)?;
/// assert!((a.get() - 14_320.128_873_859_469).abs() < 1e-8);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn annuity_payment(principal: Money, rate: Rate, periods: u32) -> Result<Money> {
    if periods == 0 {
        return Err(Error::out_of_range(
            "periods",
            0.0,
            "",
            "at least one payment period",
        ));
    }
    let r = rate.get();
    let n = f64::from(periods);
    Ok(if r == 0.0 {
        principal / n
    } else {
        principal * (r / (1.0 - (1.0 + r).powf(-n)))
    })
}

fn npv_at(rate: f64, flows: &[Money]) -> f64 {
    let mut factor = 1.0;
    let mut sum = 0.0;
    for f in flows {
        sum += f.get() / factor;
        factor *= 1.0 + rate;
    }
    sum
}

/// Net present value `Σ CF_t / (1 + r)^t` with `flows[0]` at `t = 0` (numpy-financial's
/// convention; Excel's `NPV` discounts its first value by one period, so
/// `npv(r, cf) = cf[0] + NPV(r, cf[1..])`).
///
/// ```
/// use dcplan::economics::npv;
/// use dcplan::money::{Money, Rate};
/// let flows = [-100.0, 39.0, 59.0, 55.0, 20.0].map(Money::new);
/// // numpy_financial.npv(0.281, [-100, 39, 59, 55, 20]) = -0.00847859…
/// assert!((npv(Rate::new(0.281)?, &flows).get() + 0.008_478_591).abs() < 1e-8);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn npv(rate: Rate, flows: &[Money]) -> Money {
    Money::new(npv_at(rate.get(), flows))
}

/// Internal rate of return: the `r` with `npv(r, flows) = 0`, found by bisection on every sign
/// change of the NPV over `(1 + r)` log-spaced from 0.01 to 101 (−99 % … 10,000 %). A
/// conventional cash flow (outflows, then inflows) has exactly one. With several (e.g. an
/// equipment refresh late in the life), the one nearest zero among those where the NPV falls
/// through zero as the rate rises (the investment-type roots) is returned, or the one nearest
/// zero if there is none such. An error if the NPV never changes sign (e.g. all flows
/// negative).
///
/// ```
/// use dcplan::economics::irr;
/// use dcplan::money::Money;
/// // numpy_financial.irr([-100, 39, 59, 55, 20]) = 0.28094842115996066
/// let r = irr(&[-100.0, 39.0, 59.0, 55.0, 20.0].map(Money::new))?;
/// assert!((r - 0.280_948_421_159_960_66).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn irr(flows: &[Money]) -> Result<f64> {
    const STEPS: usize = 2_000;
    let (lo, hi) = (0.01f64.ln(), 101.0f64.ln());
    let rate = |i: usize| (lo + (hi - lo) * i as f64 / STEPS as f64).exp() - 1.0;
    let f = |r: f64| npv_at(r, flows);
    // (rate, whether the NPV falls through zero there as the rate rises)
    let mut roots = Vec::new();
    let mut prev = (rate(0), f(rate(0)));
    for i in 1..=STEPS {
        let r = rate(i);
        let v = f(r);
        if prev.1 == 0.0 {
            roots.push((prev.0, v < 0.0));
        } else if prev.1.signum() != v.signum() && v != 0.0 {
            let (mut a, mut b, fa) = (prev.0, r, prev.1);
            for _ in 0..200 {
                let m = 0.5 * (a + b);
                if m <= a || m >= b {
                    break;
                }
                if f(m).signum() == fa.signum() {
                    a = m;
                } else {
                    b = m;
                }
            }
            roots.push((0.5 * (a + b), fa > 0.0));
        }
        prev = (r, v);
    }
    if prev.1 == 0.0 {
        roots.push((prev.0, true));
    }
    let falling = roots.iter().any(|&(_, falling)| falling);
    roots
        .into_iter()
        .filter(|&(_, f)| f || !falling)
        .map(|(r, _)| r)
        .min_by(|a, b| a.abs().total_cmp(&b.abs()))
        .ok_or_else(|| {
            Error::inconsistent(
                "cash_flows",
                "the NPV does not change sign between -99 % and 10,000 %: no internal rate of return",
            )
        })
}

/// Payback: years from the start until the cumulative cash flow, once negative, first returns
/// to ≥ 0, interpolated within the year (`k − 1 + (−C_{k−1}) / CF_k`); 0 if it is never
/// negative; `None` if it never recovers.
///
/// ```
/// use dcplan::economics::payback;
/// use dcplan::money::Money;
/// // -100 at the start, then 30 a year: cumulative -70, -40, -10, +20 → 3 + 10/30 years.
/// let p = payback(&[-100.0, 30.0, 30.0, 30.0, 30.0].map(Money::new));
/// assert!((p.unwrap() - (3.0 + 10.0 / 30.0)).abs() < 1e-12);
/// ```
pub fn payback(flows: &[Money]) -> Option<f64> {
    let mut cumulative = 0.0;
    let mut negative = false;
    for (k, f) in flows.iter().enumerate() {
        let before = cumulative;
        cumulative += f.get();
        if cumulative < 0.0 {
            negative = true;
        } else if negative {
            return Some(k as f64 - 1.0 + (-before) / f.get());
        }
    }
    if negative { None } else { Some(0.0) }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The physics of a site at full build-out, for one typical year: what the economics needs
/// from the capacity plan or the annual simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnualFigures {
    /// Grid interconnect capacity (revenue and margin are reported per MW of it).
    pub interconnect: Power,
    /// Installed IT power at design (the basis of colocation rent and build cost per MW of IT).
    pub it_capacity: Power,
    /// Facility power at the design hour (the basis of build cost per MW of facility).
    pub facility_peak: Power,
    /// IT energy over the year.
    pub it_energy: Energy,
    /// Facility energy over the year, at the grid (what is bought).
    pub facility_energy: Energy,
    /// Water drawn over the year.
    pub water: Volume,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// Primary racks (the basis of a per-rack equipment price).
    pub racks: u64,
    /// Fleet hash rate (bitcoin miners).
    pub hashrate: Hashrate,
    /// Hourly facility power over the year (8,760 or 8,784 values), to weigh an hourly energy
    /// price; `None` for a flat load.
    pub hourly_facility: Option<Vec<Power>>,
}

impl AnnualFigures {
    /// From a capacity plan's design-hour operating point, running `load_factor` of the year:
    /// every annual energy and the water are the design-hour power × 8,760 h × load factor.
    /// A planning approximation until the annual simulation supplies the year hour by hour;
    /// it overstates the overhead energy of a site whose design hour is its worst.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    ///     .lumped_pue(Pue::new(1.15)?).build()?;
    /// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let f = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.9)?);
    /// // 724 racks × 120 kW × 1.15 = 99.912 MW × 8,760 h × 0.9 = 787.7 GWh
    /// assert!((f.facility_energy.get::<gigawatt_hour>() - 787.706_208).abs() < 1e-6);
    /// assert_eq!(f.accelerators, 52_128);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_plan(
        site: &Site,
        plan: &Plan,
        deployment: &Deployment,
        load_factor: Fraction,
    ) -> Self {
        let op = &plan.operating_point;
        let hours = Time::new::<time::hour>(HOURS_PER_YEAR * load_factor.get());
        Self {
            interconnect: site.interconnect().capacity(),
            it_capacity: op.it,
            facility_peak: op.facility,
            it_energy: op.it * hours,
            facility_energy: op.facility * hours,
            water: op.water * hours,
            accelerators: op.accelerators,
            racks: u64::from(plan.primary_racks),
            hashrate: deployment.hashrate(&plan.racks),
            hourly_facility: None,
        }
    }

    /// From the annual simulation of the plan's racks ([`crate::simulate::annual`] with
    /// `plan.primary_racks`): IT and facility energy and water as simulated hour by hour at
    /// full IT load, times `load_factor` (a linear approximation of part load) and normalised
    /// to 8,760 h; everything else as [`AnnualFigures::from_plan`]. For an hourly energy price,
    /// set [`AnnualFigures::hourly_facility`] from [`crate::simulate::annual_hourly`]'s series.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// use dcplan::climate::{builtin, DesignBasis};
    /// use dcplan::simulate;
    /// let chicago = builtin("chicago")?;
    /// let mw = Power::new::<megawatt>;
    /// let site = Site::builder("campus", GridInterconnect::new(mw(20.0))?)
    ///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", mw(16.0), 4)?)?)
    ///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::AirEconomiser, "CRAH", mw(4.0), 4)?)?)
    ///     .design_ambient(chicago.design_ambient(DesignBasis::DryBulb04)?)
    ///     .build()?;
    /// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let p = plan(&site, &d)?;
    /// let year = simulate::annual(&site, &d, p.primary_racks, &chicago)?;
    /// let f = AnnualFigures::from_simulation(&site, &p, &d, &year, Fraction::ONE)?;
    /// let design = AnnualFigures::from_plan(&site, &p, &d, Fraction::ONE);
    /// // The design hour is the worst: the simulated year buys less energy.
    /// assert!(f.facility_energy < design.facility_energy);
    /// assert!(((f.it_energy / design.it_energy).get::<ratio>() - 1.0).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_simulation(
        site: &Site,
        plan: &Plan,
        deployment: &Deployment,
        year: &AnnualResult,
        load_factor: Fraction,
    ) -> Result<Self> {
        if year.primary_racks != plan.primary_racks || year.hours == 0 {
            return Err(Error::inconsistent(
                "year.primary_racks",
                format!(
                    "the simulated year has {} primary racks over {} hours, the plan {} racks",
                    year.primary_racks, year.hours, plan.primary_racks
                ),
            ));
        }
        let k = load_factor.get() * HOURS_PER_YEAR / year.hours as f64;
        Ok(Self {
            it_energy: year.energy.it * k,
            facility_energy: year.energy.facility * k,
            water: year.water * k,
            ..Self::from_plan(site, plan, deployment, load_factor)
        })
    }

    fn validate(&self) -> Result<()> {
        power_positive("interconnect", self.interconnect)?;
        power_positive("it_capacity", self.it_capacity)?;
        power_positive("facility_peak", self.facility_peak)?;
        let mwh = |field: &str, e: Energy| non_negative(field, e.get::<megawatt_hour>(), "MWh");
        mwh("it_energy", self.it_energy)?;
        mwh("facility_energy", self.facility_energy)?;
        non_negative("water", self.water.get::<cubic_meter>(), "m³")?;
        non_negative("hashrate", self.hashrate.get(), "TH/s")?;
        if let Some(h) = &self.hourly_facility {
            hourly_length("hourly_facility", h.len())?;
            for (i, p) in h.iter().enumerate() {
                power_non_negative(&format!("hourly_facility[{i}]"), *p)?;
            }
            if h.iter().all(|p| p.get::<watt>() == 0.0) {
                return Err(Error::inconsistent(
                    "hourly_facility",
                    "every hour is zero: no load to weigh prices with",
                ));
            }
        }
        Ok(())
    }

    /// Every quantity (interconnect included) times `factor`; GPUs and racks rounded.
    ///
    /// ```
    /// # use dcplan::prelude::*;
    /// # let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    /// #     .lumped_pue(Pue::new(1.15)?).build()?;
    /// # let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let f = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.9)?);
    /// let half = f.scaled(0.5);
    /// assert_eq!((half.accelerators, half.interconnect.get::<megawatt>()), (26_064, 50.0));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            interconnect: self.interconnect * factor,
            it_capacity: self.it_capacity * factor,
            facility_peak: self.facility_peak * factor,
            it_energy: self.it_energy * factor,
            facility_energy: self.facility_energy * factor,
            water: self.water * factor,
            accelerators: (self.accelerators as f64 * factor).round() as u64,
            racks: (self.racks as f64 * factor).round() as u64,
            hashrate: self.hashrate * factor,
            hourly_facility: self
                .hourly_facility
                .as_ref()
                .map(|h| h.iter().map(|&p| p * factor).collect()),
        }
    }

    /// GPU-hours installed over a full year.
    fn gpu_hours(&self) -> GpuHours {
        GpuHours::of(self.accelerators, Time::new::<time::hour>(HOURS_PER_YEAR))
    }
}

fn hourly_length(field: &str, n: usize) -> Result<()> {
    if n == 8_760 || n == 8_784 {
        Ok(())
    } else {
        Err(Error::out_of_range(
            field,
            n as f64,
            "values",
            "8,760 or 8,784 hourly values",
        ))
    }
}

/// A price over the years of a project: year 1 is the first year after the start date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricePath<R> {
    /// The same every year.
    Flat(R),
    /// `first_year` in year 1, changing by `per_year` each year after (−0.2 = falls 20 % a
    /// year): `p_k = p_1·(1 + g)^(k−1)`.
    Changing {
        /// Year-1 price.
        first_year: R,
        /// Relative change per year, between −0.99 and 1.
        per_year: f64,
    },
    /// Year by year from year 1; the last value holds after the list ends.
    Yearly(Vec<R>),
}

impl<R: Scalar> PricePath<R> {
    /// The price in year `k` (1-based; year 0 is read as year 1).
    ///
    /// ```
    /// use dcplan::economics::PricePath;
    /// use dcplan::money::UsdPerGpuHour;
    /// // H100 rental: $8/h falling 50 % a year → $2/h in year 3.
    /// let p = PricePath::Changing { first_year: UsdPerGpuHour::new(8.0), per_year: -0.5 };
    /// assert_eq!(p.at(3), UsdPerGpuHour::new(2.0));
    /// ```
    pub fn at(&self, k: u32) -> R {
        let k = k.max(1);
        match self {
            PricePath::Flat(p) => *p,
            PricePath::Changing {
                first_year,
                per_year,
            } => R::from_value(first_year.value() * (1.0 + per_year).powi(k as i32 - 1)),
            PricePath::Yearly(v) => {
                let i = (k as usize - 1).min(v.len().saturating_sub(1));
                v.get(i).copied().unwrap_or(R::from_value(0.0))
            }
        }
    }

    fn scaled(&self, factor: f64) -> Self {
        let s = |p: &R| R::from_value(p.value() * factor);
        match self {
            PricePath::Flat(p) => PricePath::Flat(s(p)),
            PricePath::Changing {
                first_year,
                per_year,
            } => PricePath::Changing {
                first_year: s(first_year),
                per_year: *per_year,
            },
            PricePath::Yearly(v) => PricePath::Yearly(v.iter().map(s).collect()),
        }
    }

    fn validate(&self, field: &str) -> Result<()> {
        let price = |f: &str, p: &R| money_non_negative(f, p.value(), R::UNIT);
        match self {
            PricePath::Flat(p) => price(field, p).map(|_| ()),
            PricePath::Changing {
                first_year,
                per_year,
            } => {
                price(&format!("{field}.first_year"), first_year)?;
                within(&format!("{field}.per_year"), *per_year, "", -0.99, 1.0).map(|_| ())
            }
            PricePath::Yearly(v) => {
                if v.is_empty() {
                    return Err(Error::inconsistent(
                        field,
                        "a yearly price path needs a value",
                    ));
                }
                for (i, p) in v.iter().enumerate() {
                    price(&format!("{field}[{i}]"), p)?;
                }
                Ok(())
            }
        }
    }
}

/// What the site sells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessModel {
    /// GPU rental: revenue `= price × GPUs × 8,760 h × utilisation`.
    GpuRental {
        /// Price per GPU-hour sold.
        price: PricePath<UsdPerGpuHour>,
        /// Share of GPU-hours sold.
        utilisation: Fraction,
    },
    /// Colocation / hosting: revenue `= rent × IT capacity × occupancy × 12`, plus the energy
    /// bill if passed through to tenants (who own the IT).
    Colocation {
        /// Rent per kW of IT capacity per month.
        rent: PricePath<UsdPerKwMonth>,
        /// Share of the IT capacity leased.
        occupancy: Fraction,
        /// Tenants pay the site's energy bill at cost.
        energy_pass_through: bool,
    },
    /// Bitcoin mining: revenue `= hashprice × fleet hash rate × 365 d × uptime`.
    BitcoinMining {
        /// Hashprice, as received.
        hashprice: PricePath<UsdPerPhsDay>,
        /// Share of the year the fleet hashes.
        uptime: Fraction,
    },
}

impl BusinessModel {
    /// GPU rental at **$2.00 per GPU-hour** flat, the middle of the $1.70–2.35 quoted for H100
    /// rental in 2025–26 \[S\] (after > $8 in 2023), **80 % utilisation** \[U\].
    pub fn gpu_rental() -> Self {
        BusinessModel::GpuRental {
            price: PricePath::Flat(UsdPerGpuHour::new(2.0)),
            utilisation: Fraction::new(0.8).unwrap_or(Fraction::ONE),
        }
    }

    /// Colocation at **$184 per kW-month**, the average asking rent for 250–500 kW in North
    /// American primary markets at the end of 2024 (CBRE, *North America Data Center Trends
    /// H2 2024*, as reported) \[S\] — multi-MW wholesale leases run lower; **95 % leased** \[U\];
    /// energy passed through at cost.
    pub fn colocation() -> Self {
        BusinessModel::Colocation {
            rent: PricePath::Flat(UsdPerKwMonth::new(184.0)),
            occupancy: Fraction::new(0.95).unwrap_or(Fraction::ONE),
            energy_pass_through: true,
        }
    }

    /// Bitcoin mining at a hashprice of **$50 per PH/s per day** (2025 range $43–60, i.e.
    /// $0.043–0.060 per TH/s per day \[S\]), **95 % uptime** \[U\].
    pub fn bitcoin_mining() -> Self {
        BusinessModel::BitcoinMining {
            hashprice: PricePath::Flat(UsdPerPhsDay::new(50.0)),
            uptime: Fraction::new(0.95).unwrap_or(Fraction::ONE),
        }
    }

    /// Short name: "GPU rental", "colocation", "bitcoin mining".
    pub fn name(&self) -> &'static str {
        match self {
            BusinessModel::GpuRental { .. } => "GPU rental",
            BusinessModel::Colocation { .. } => "colocation",
            BusinessModel::BitcoinMining { .. } => "bitcoin mining",
        }
    }

    fn validate(&self, figures: &AnnualFigures) -> Result<()> {
        match self {
            BusinessModel::GpuRental { price, .. } => {
                price.validate("price")?;
                if figures.accelerators == 0 {
                    return Err(Error::inconsistent(
                        "gpu_rental",
                        "GPU rental needs accelerators, and the site's figures have none",
                    ));
                }
            }
            BusinessModel::Colocation { rent, .. } => rent.validate("rent")?,
            BusinessModel::BitcoinMining { hashprice, .. } => {
                hashprice.validate("hashprice")?;
                if figures.hashrate.get() <= 0.0 {
                    return Err(Error::inconsistent(
                        "bitcoin_mining",
                        "bitcoin mining needs a hash rate, and the site's figures have none",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Units sold in a full year at full build-out (GPU-hours, kW-months, PH/s-days).
    fn units(&self, f: &AnnualFigures) -> f64 {
        match self {
            BusinessModel::GpuRental { utilisation, .. } => f.gpu_hours().get() * utilisation.get(),
            BusinessModel::Colocation { occupancy, .. } => {
                f.it_capacity.get::<kilowatt>() * occupancy.get() * 12.0
            }
            BusinessModel::BitcoinMining { uptime, .. } => f.hashrate.phs() * uptime.get() * 365.0,
        }
    }

    /// The price per unit of [`BusinessModel::units`] in year `k`.
    fn price(&self, k: u32) -> f64 {
        match self {
            BusinessModel::GpuRental { price, .. } => price.at(k).get(),
            BusinessModel::Colocation { rent, .. } => rent.at(k).get(),
            BusinessModel::BitcoinMining { hashprice, .. } => hashprice.at(k).get(),
        }
    }

    fn scaled_price(&self, factor: f64) -> Self {
        let mut m = self.clone();
        match &mut m {
            BusinessModel::GpuRental { price, .. } => *price = price.scaled(factor),
            BusinessModel::Colocation { rent, .. } => *rent = rent.scaled(factor),
            BusinessModel::BitcoinMining { hashprice, .. } => {
                *hashprice = hashprice.scaled(factor);
            }
        }
        m
    }

    fn scaled_utilisation(&self, factor: f64) -> Self {
        let scale = |f: &mut Fraction| {
            *f = Fraction::new((f.get() * factor).clamp(0.0, 1.0)).unwrap_or(*f);
        };
        let mut m = self.clone();
        match &mut m {
            BusinessModel::GpuRental { utilisation, .. } => scale(utilisation),
            BusinessModel::Colocation { occupancy, .. } => scale(occupancy),
            BusinessModel::BitcoinMining { uptime, .. } => scale(uptime),
        }
        m
    }
}

/// Uptime Institute tier of the facility's power and cooling topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// Basic capacity: one path, no redundant components.
    I,
    /// Redundant capacity components on one path.
    II,
    /// Concurrently maintainable.
    III,
    /// Fault tolerant.
    IV,
}

impl Tier {
    /// Build cost relative to Tier III: 0.50, 0.55, 1.00, 1.10 \[U\] — the ratios of the
    /// Uptime Institute cost model (Turner & Seader, *Dollars per kW plus Dollars per Square
    /// Foot of Computer Floor*, about $10k, $11k, $20k, $22k per kW for Tiers I–IV), as
    /// recalled, not checked against the paper.
    pub fn cost_factor(self) -> f64 {
        match self {
            Tier::I => 0.5,
            Tier::II => 0.55,
            Tier::III => 1.0,
            Tier::IV => 1.1,
        }
    }
}

/// What a build cost per MW is per.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityBasis {
    /// Per MW of installed IT (critical) capacity.
    It,
    /// Per MW of facility power at the design hour.
    Facility,
}

/// Build (shell, power and cooling) capex, excluding IT equipment and land.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuildCost {
    /// Cost per MW.
    pub per_mw: UsdPerMw,
    /// Per MW of what.
    pub basis: CapacityBasis,
    /// Straight-line life for the residual value. Default **20 years** \[U\] (power and cooling
    /// plant; the shell lasts longer).
    pub life: Time,
}

impl BuildCost {
    /// AI-ready liquid-cooled capacity: **$9.5M per MW of IT**, the middle of $8–11M \[S\]
    /// (seed article, 2026).
    pub const AI_READY_LIQUID: UsdPerMw = UsdPerMw::from_millions(9.5);
    /// US average build cost **$11.7M per MW of critical load** (19 markets, range
    /// $9.3–15.0M, excluding IT and land) \[P\] (Cushman & Wakefield, *Data Center Development
    /// Cost Guide* 2025) — mostly air-cooled Tier III builds.
    pub const US_AVERAGE_2025: UsdPerMw = UsdPerMw::from_millions(11.7);
    /// An air-cooled bitcoin mine (sheds or containers, fan walls, no UPS or generators):
    /// **$0.4M per MW** \[U\].
    pub const BITCOIN_MINE: UsdPerMw = UsdPerMw::from_millions(0.4);

    /// A cost per MW of IT with the default life.
    pub fn per_mw_of_it(per_mw: UsdPerMw) -> Self {
        Self {
            per_mw,
            basis: CapacityBasis::It,
            life: Time::new::<time::year>(20.0),
        }
    }

    /// The reference cost per MW of IT for a cooling technology and tier: liquid (direct to
    /// chip, immersion, seawater) from [`BuildCost::AI_READY_LIQUID`], air from
    /// [`BuildCost::US_AVERAGE_2025`], both taken as Tier III and scaled by
    /// [`Tier::cost_factor`].
    ///
    /// ```
    /// use dcplan::cooling::Technology;
    /// use dcplan::economics::{BuildCost, Tier};
    /// let c = BuildCost::reference(Technology::DirectToChipDryCooler, Tier::IV);
    /// assert!((c.per_mw.millions() - 10.45).abs() < 1e-12); // 9.5 × 1.1
    /// ```
    pub fn reference(technology: Technology, tier: Tier) -> Self {
        let base = match technology {
            Technology::DirectToChipDryCooler
            | Technology::DirectToChipChilledWater
            | Technology::DirectToChipTower
            | Technology::Immersion
            | Technology::SeawaterOnceThrough => Self::AI_READY_LIQUID,
            Technology::AirChiller
            | Technology::AirEconomiser
            | Technology::AirOutsideAir
            | Technology::AirSeawater => Self::US_AVERAGE_2025,
        };
        Self::per_mw_of_it(base * tier.cost_factor())
    }

    fn total(&self, f: &AnnualFigures) -> Money {
        self.per_mw
            * match self.basis {
                CapacityBasis::It => f.it_capacity,
                CapacityBasis::Facility => f.facility_peak,
            }
    }
}

/// How IT equipment is priced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EquipmentPrice {
    /// Per accelerator, all in (its share of servers, network, storage, installation).
    PerAccelerator(Money),
    /// Per primary rack, all in.
    PerRack(Money),
    /// Per TH/s of miner hash rate (how ASICs are quoted).
    PerHashrate(UsdPerThs),
}

/// IT equipment bought by the project, replaced at the end of its life.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Equipment {
    /// Price.
    pub price: EquipmentPrice,
    /// Life: the equipment is bought again this long after each purchase.
    pub life: Time,
}

impl Equipment {
    /// GPUs at **$32,500 each**, the middle of $25–40k for an H100 \[S\] (all-in systems with
    /// network cost more), replaced after **5 years** \[U\].
    pub fn gpus() -> Self {
        Self {
            price: EquipmentPrice::PerAccelerator(Money::new(32_500.0)),
            life: Time::new::<time::year>(5.0),
        }
    }

    /// Bitcoin miners at **$15 per TH/s** (an Antminer S21 at about $3,000) \[U\], replaced after
    /// **4 years** \[U\].
    pub fn miners() -> Self {
        Self {
            price: EquipmentPrice::PerHashrate(UsdPerThs::new(15.0)),
            life: Time::new::<time::year>(4.0),
        }
    }

    fn total(&self, f: &AnnualFigures) -> Money {
        match self.price {
            EquipmentPrice::PerAccelerator(p) => p * f.accelerators as f64,
            EquipmentPrice::PerRack(p) => p * f.racks as f64,
            EquipmentPrice::PerHashrate(p) => p * f.hashrate,
        }
    }

    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        let (price, unit, units, what) = match self.price {
            EquipmentPrice::PerAccelerator(p) => {
                (p.get(), "USD", f.accelerators as f64, "accelerators")
            }
            EquipmentPrice::PerRack(p) => (p.get(), "USD", f.racks as f64, "racks"),
            EquipmentPrice::PerHashrate(p) => {
                (p.get(), UsdPerThs::UNIT, f.hashrate.get(), "hash rate")
            }
        };
        money_non_negative("price", price, unit)?;
        within("life", self.life.get::<time::year>(), "years", 0.0, 100.0)?;
        positive("life", self.life.get::<time::year>(), "years")?;
        if units <= 0.0 {
            return Err(Error::inconsistent(
                "price",
                format!("equipment priced per unit of {what}, but the site's figures have none"),
            ));
        }
        Ok(())
    }
}

/// Capital costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capex {
    /// Build cost of the facility, spread over the phases by their share and paid at each
    /// phase's construction start.
    pub build: BuildCost,
    /// IT equipment the project buys (none for colocation: tenants bring theirs), paid as
    /// each phase comes online.
    pub equipment: Option<Equipment>,
}

impl Capex {
    /// The defaults for a business model: AI-ready liquid build and GPUs for GPU rental,
    /// AI-ready liquid build alone for colocation, a bitcoin mine and miners for mining.
    pub fn default_for(model: &BusinessModel) -> Self {
        match model {
            BusinessModel::GpuRental { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::AI_READY_LIQUID),
                equipment: Some(Equipment::gpus()),
            },
            BusinessModel::Colocation { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::AI_READY_LIQUID),
                equipment: None,
            },
            BusinessModel::BitcoinMining { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::BITCOIN_MINE),
                equipment: Some(Equipment::miners()),
            },
        }
    }

    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        let b = &self.build;
        money_non_negative("build.per_mw", b.per_mw.get(), UsdPerMw::UNIT)?;
        within(
            "build.life",
            b.life.get::<time::year>(),
            "years",
            0.0,
            100.0,
        )?;
        positive("build.life", b.life.get::<time::year>(), "years")?;
        if let Some(e) = &self.equipment {
            e.validate(f).map_err(|e| e.at("equipment"))?;
        }
        Ok(())
    }
}

/// Price of the energy bought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnergyPrice {
    /// One price for every hour of a year, by year.
    Flat(PricePath<UsdPerMwh>),
    /// An hourly price for a typical year (8,760 or 8,784 values), the same every year. It
    /// weighs the site's hourly facility power when the figures have it, else a flat load
    /// (the mean price).
    Hourly(Vec<UsdPerMwh>),
}

impl EnergyPrice {
    /// The mean price paid per MWh in year `k` for the load profile of `f`:
    /// `Σ P_h·p_h / Σ P_h` (hourly) or the path's price (flat).
    fn mean(&self, k: u32, f: &AnnualFigures) -> UsdPerMwh {
        match self {
            EnergyPrice::Flat(path) => path.at(k),
            EnergyPrice::Hourly(prices) => match &f.hourly_facility {
                Some(load) => {
                    let weighted: f64 = load
                        .iter()
                        .zip(prices)
                        .map(|(p, c)| p.get::<megawatt>() * c.get())
                        .sum();
                    let total: f64 = load.iter().map(|p| p.get::<megawatt>()).sum();
                    UsdPerMwh::new(weighted / total)
                }
                None => prices.iter().sum::<UsdPerMwh>() / prices.len() as f64,
            },
        }
    }

    fn scaled(&self, factor: f64) -> Self {
        match self {
            EnergyPrice::Flat(p) => EnergyPrice::Flat(p.scaled(factor)),
            EnergyPrice::Hourly(v) => EnergyPrice::Hourly(v.iter().map(|p| *p * factor).collect()),
        }
    }

    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        match self {
            EnergyPrice::Flat(p) => p.validate("energy"),
            EnergyPrice::Hourly(v) => {
                hourly_length("energy", v.len())?;
                if let Some(load) = &f.hourly_facility
                    && load.len() != v.len()
                {
                    return Err(Error::inconsistent(
                        "energy",
                        format!(
                            "{} hourly prices for {} hours of facility power",
                            v.len(),
                            load.len()
                        ),
                    ));
                }
                for (i, p) in v.iter().enumerate() {
                    finite(&format!("energy[{i}]"), p.get(), UsdPerMwh::UNIT)?;
                }
                Ok(())
            }
        }
    }
}

fn finite(field: &str, value: f64, unit: &str) -> Result<f64> {
    within(field, value, unit, -1e12, 1e12)
}

/// Operating costs. `Default` gives the planning defaults below.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opex {
    /// Energy price. Default **$80 per MWh** flat \[P\]: US industrial electricity cost 6.8–9
    /// ¢/kWh in most states in 2024 (EIA *Electric Power Monthly* table 5.6.B; 16 ¢ in New
    /// England).
    pub energy: EnergyPrice,
    /// Water price. Default **$2 per m³** \[U\] (water and sewer).
    pub water: UsdPerCubicMeter,
    /// Maintenance per year as a share of the capex in service (build, grid connection, first
    /// equipment). Default **2 %** \[U\].
    pub maintenance: Fraction,
    /// Staff (full-time equivalents) per MW of IT capacity. Default **0.5** \[U\].
    pub staff_per_mw: f64,
    /// Cost of one full-time equivalent. Default **$120,000 a year** \[U\].
    pub cost_per_staff: MoneyRate,
}

impl Default for Opex {
    fn default() -> Self {
        Self {
            energy: EnergyPrice::Flat(PricePath::Flat(UsdPerMwh::new(80.0))),
            water: UsdPerCubicMeter::new(2.0),
            maintenance: Fraction::new(0.02).unwrap_or(Fraction::ZERO),
            staff_per_mw: 0.5,
            cost_per_staff: MoneyRate::new(120_000.0),
        }
    }
}

impl Opex {
    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        self.energy.validate(f)?;
        money_non_negative("water", self.water.get(), UsdPerCubicMeter::UNIT)?;
        within("staff_per_mw", self.staff_per_mw, "FTE/MW", 0.0, 1e3)?;
        money_non_negative("cost_per_staff", self.cost_per_staff.get(), MoneyRate::UNIT)?;
        Ok(())
    }
}

/// How debt is repaid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amortisation {
    /// Level payments (mortgage-style): [`annuity_payment`].
    Annuity,
    /// Equal principal each year, interest on the balance.
    EqualPrincipal,
}

/// Debt financing. Every capex payment is funded `debt_share` by a loan drawn with it; the
/// interest until the first year with revenue is capitalised, and the balance is repaid over
/// `term_years` from the later of the next year and that first year; a balance left at the
/// horizon is repaid there. `Default` gives the planning defaults below.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Financing {
    /// Share of project cost borrowed. Default **85 %** \[S\], the most reported for
    /// AI data-center project debt (seed article, 2026).
    pub debt_share: Fraction,
    /// Interest rate. Default **7.125 %** \[S\] (same source).
    pub interest: Rate,
    /// Years to repay each draw. Default **10** \[U\].
    pub term_years: u32,
    /// Repayment profile. Default [`Amortisation::Annuity`] \[U\].
    pub amortisation: Amortisation,
}

impl Default for Financing {
    fn default() -> Self {
        Self {
            debt_share: Fraction::new(0.85).unwrap_or(Fraction::ZERO),
            interest: Rate::new(0.071_25).unwrap_or(Rate::ZERO),
            term_years: 10,
            amortisation: Amortisation::Annuity,
        }
    }
}

impl Financing {
    /// No debt: all equity.
    pub fn all_equity() -> Self {
        Self {
            debt_share: Fraction::ZERO,
            ..Self::default()
        }
    }

    fn validate(&self) -> Result<()> {
        if self.term_years == 0 || self.term_years > 100 {
            return Err(Error::out_of_range(
                "term_years",
                f64::from(self.term_years),
                "years",
                "between 1 and 100 years",
            ));
        }
        Ok(())
    }
}

/// How the project is judged. `Default` gives the planning defaults below.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Appraisal {
    /// Discount rate for NPV and levelised cost. Default **10 %** \[U\].
    pub discount_rate: Rate,
    /// Years after the start in the cash-flow table. Default **10** \[U\].
    pub horizon_years: u32,
    /// Count the straight-line book value of the build and the equipment at the horizon as
    /// an inflow in the last year. Default `true`.
    pub residual_value: bool,
}

impl Default for Appraisal {
    fn default() -> Self {
        Self {
            discount_rate: Rate::new(0.10).unwrap_or(Rate::ZERO),
            horizon_years: 10,
            residual_value: true,
        }
    }
}

impl Appraisal {
    fn validate(&self) -> Result<()> {
        if self.horizon_years == 0 || self.horizon_years > 100 {
            return Err(Error::out_of_range(
                "horizon_years",
                f64::from(self.horizon_years),
                "years",
                "between 1 and 100 years",
            ));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The project and its evaluation
// ---------------------------------------------------------------------------------------------

/// A site's business case. A `Project` that exists is valid: each `with_*` validates what it
/// sets against the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    name: String,
    figures: AnnualFigures,
    model: BusinessModel,
    schedule: Schedule,
    capex: Capex,
    opex: Opex,
    financing: Financing,
    appraisal: Appraisal,
}

impl Project {
    /// A project with the default capex for its model ([`Capex::default_for`]) and the default
    /// [`Opex`], [`Financing`] and [`Appraisal`].
    pub fn new(
        name: &str,
        figures: AnnualFigures,
        model: BusinessModel,
        schedule: Schedule,
    ) -> Result<Self> {
        let capex = Capex::default_for(&model);
        Self {
            name: name.to_owned(),
            figures,
            model,
            schedule,
            capex,
            opex: Opex::default(),
            financing: Financing::default(),
            appraisal: Appraisal::default(),
        }
        .validated()
    }

    fn validated(self) -> Result<Self> {
        let at = |part: &'static str| {
            let name = self.name.clone();
            move |e: Error| e.at(part).at(&format!("project '{name}'"))
        };
        self.figures.validate().map_err(at("figures"))?;
        self.model.validate(&self.figures).map_err(at("model"))?;
        self.capex.validate(&self.figures).map_err(at("capex"))?;
        self.opex.validate(&self.figures).map_err(at("opex"))?;
        self.financing.validate().map_err(at("financing"))?;
        self.appraisal.validate().map_err(at("appraisal"))?;
        let (phases, grid) = (self.schedule.total_power(), self.figures.interconnect);
        if phases > grid * (1.0 + 1e-9) {
            return Err(at("schedule")(Error::inconsistent(
                "phases",
                format!(
                    "the phases energise {:.3} MW, more than the {:.3} MW interconnect",
                    phases.get::<megawatt>(),
                    grid.get::<megawatt>()
                ),
            )));
        }
        Ok(self)
    }

    /// The same project with other capex.
    pub fn with_capex(mut self, capex: Capex) -> Result<Self> {
        self.capex = capex;
        self.validated()
    }
    /// The same project with other opex.
    pub fn with_opex(mut self, opex: Opex) -> Result<Self> {
        self.opex = opex;
        self.validated()
    }
    /// The same project with other financing.
    pub fn with_financing(mut self, financing: Financing) -> Result<Self> {
        self.financing = financing;
        self.validated()
    }
    /// The same project judged otherwise.
    pub fn with_appraisal(mut self, appraisal: Appraisal) -> Result<Self> {
        self.appraisal = appraisal;
        self.validated()
    }
    /// The same project on another schedule.
    pub fn with_schedule(mut self, schedule: Schedule) -> Result<Self> {
        self.schedule = schedule;
        self.validated()
    }
    /// The same project under another business model (capex unchanged).
    pub fn with_model(mut self, model: BusinessModel) -> Result<Self> {
        self.model = model;
        self.validated()
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The physics at full build-out.
    pub fn figures(&self) -> &AnnualFigures {
        &self.figures
    }
    /// What the phases build: the figures × (MW in phases / MW of interconnect), the
    /// interconnect itself unchanged. Phases that energise less than the interconnect leave the
    /// rest unbuilt (and earning nothing).
    pub fn built(&self) -> AnnualFigures {
        let coverage = (self.schedule.total_power() / self.figures.interconnect)
            .get::<ratio>()
            .min(1.0);
        AnnualFigures {
            interconnect: self.figures.interconnect,
            ..self.figures.scaled(coverage)
        }
    }

    /// Business model.
    pub fn model(&self) -> &BusinessModel {
        &self.model
    }
    /// Schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// Capex.
    pub fn capex(&self) -> &Capex {
        &self.capex
    }
    /// Opex.
    pub fn opex(&self) -> &Opex {
        &self.opex
    }
    /// Financing.
    pub fn financing(&self) -> &Financing {
        &self.financing
    }
    /// Appraisal.
    pub fn appraisal(&self) -> &Appraisal {
        &self.appraisal
    }

    /// The yearly cash-flow table and the results (see `docs/models.md`, "Economics and
    /// schedule", for every equation).
    pub fn evaluate(&self) -> Result<Evaluation> {
        let f = &self.built();
        let h = self.appraisal.horizon_years;
        let timeline = self.schedule.timeline()?;
        let start = self.schedule.start();
        let ends: Vec<NaiveDate> = (0..=h)
            .map(|k| {
                start
                    .checked_add_months(Months::new(12 * k))
                    .ok_or_else(|| {
                        Error::inconsistent(
                            "appraisal.horizon_years",
                            "the horizon ends beyond year 262,143",
                        )
                    })
            })
            .collect::<Result<_>>()?;
        let end = ends[h as usize];
        let row_of = |date: NaiveDate| ends.iter().position(|&e| date <= e);
        let mut rows: Vec<YearRow> = ends
            .iter()
            .enumerate()
            .map(|(k, &e)| YearRow::empty(k as u32, e))
            .collect();

        // Capex: grid connection at the start, build at each construction start, equipment as
        // each phase comes online and again at the end of each life (in calendar months).
        let build_total = self.capex.build.total(f);
        rows[0].capex_build += self.grid_cost();
        let mut residual = Money::ZERO;
        let days = |a: NaiveDate, b: NaiveDate| Time::new::<time::day>((b - a).num_days() as f64);
        let book = |cost: Money, age: Time, life: Time| {
            cost * (1.0 - (age / life).get::<ratio>()).clamp(0.0, 1.0)
        };
        for p in &timeline.phases {
            if let Some(k) = row_of(p.construction_start) {
                let cost = build_total * p.share;
                rows[k].capex_build += cost;
                residual += book(cost, days(p.powered.min(end), end), self.capex.build.life);
            }
            if let Some(e) = &self.capex.equipment {
                let cost = e.total(f) * p.share;
                let life = Months::new(((e.life.get::<time::year>() * 12.0).round() as u32).max(1));
                let mut bought = Some(p.online);
                let mut last = None;
                while let Some(d) = bought.filter(|&d| d < end) {
                    if let Some(k) = row_of(d) {
                        rows[k].capex_equipment += cost;
                    }
                    last = Some(d);
                    bought = d.checked_add_months(life);
                }
                if let Some(d) = last {
                    residual += book(cost, days(d, end), e.life);
                }
            }
        }
        if self.appraisal.residual_value {
            rows[h as usize].residual = residual;
        }

        // Operations, year by year, in proportion to the share of the build-out online.
        for k in 1..=h as usize {
            let r = &mut rows[k];
            let share = timeline.share_online_between(ends[k - 1], ends[k]);
            let full = self.full_year(k as u32, f);
            r.online_share = share;
            r.units = full.units * share;
            r.gpu_hours = f.gpu_hours() * share;
            r.revenue = full.revenue * share;
            r.energy_recovered = full.energy_recovered * share;
            r.energy = full.energy * share;
            r.water = full.water * share;
            r.maintenance = full.maintenance * share;
            r.staff = full.staff * share;
        }

        self.finance(&mut rows)?;
        Ok(self.results(f, timeline, rows))
    }

    /// The grid connection cost: per MW of the phases' total for a new connection.
    fn grid_cost(&self) -> Money {
        match self.schedule.grid() {
            GridAccess::New { cost, .. } => *cost * self.schedule.total_power(),
            GridAccess::Energised { .. } => Money::ZERO,
        }
    }

    /// Revenue and operating costs of a full year `k` with `f` built.
    fn full_year(&self, k: u32, f: &AnnualFigures) -> FullYear {
        let o = &self.opex;
        let units = self.model.units(f);
        let energy = o.energy.mean(k, f) * f.facility_energy;
        let in_service = self.capex.build.total(f)
            + self.grid_cost()
            + self.capex.equipment.map_or(Money::ZERO, |e| e.total(f));
        FullYear {
            units,
            revenue: Money::new(self.model.price(k) * units),
            energy_recovered: match self.model {
                BusinessModel::Colocation {
                    energy_pass_through: true,
                    ..
                } => energy,
                _ => Money::ZERO,
            },
            energy,
            water: o.water * f.water,
            maintenance: in_service * o.maintenance.get(),
            staff: o.cost_per_staff
                * (o.staff_per_mw * f.it_capacity.get::<megawatt>())
                * one_year(),
        }
    }

    /// Debt draws and service, then the cash flows of every row.
    fn finance(&self, rows: &mut [YearRow]) -> Result<()> {
        let fin = &self.financing;
        let h = rows.len() - 1;
        let n = fin.term_years as usize;
        let r = fin.interest.get();
        // Repayment starts in the first row with revenue; interest before it is capitalised.
        let operating = rows
            .iter()
            .position(|row| row.online_share > 0.0)
            .unwrap_or(h + 1);
        for d in 0..rows.len() {
            let draw = rows[d].capex() * fin.debt_share.get();
            if draw.get() <= 0.0 {
                continue;
            }
            rows[d].debt_drawn += draw;
            let first = operating.max(d + 1);
            let mut balance = draw;
            for row in rows.iter_mut().take(first.min(h + 1)).skip(d + 1) {
                let capitalised = balance * r;
                row.interest_capitalised += capitalised;
                balance += capitalised;
            }
            let level = annuity_payment(balance, fin.interest, fin.term_years)?;
            let equal = balance / n as f64;
            for row in rows.iter_mut().skip(first).take(n) {
                let interest = balance * r;
                let principal = match fin.amortisation {
                    Amortisation::Annuity => level - interest,
                    Amortisation::EqualPrincipal => equal,
                };
                row.interest += interest;
                row.principal += principal;
                balance -= principal;
            }
            if first + n > h + 1 {
                rows[h].debt_payoff += balance;
            }
        }
        let mut balance = Money::ZERO;
        let mut cumulative = Money::ZERO;
        for row in rows.iter_mut() {
            row.cash_flow =
                row.revenue + row.energy_recovered - row.opex() - row.capex() + row.residual;
            balance += row.debt_drawn + row.interest_capitalised - row.principal - row.debt_payoff;
            row.debt_balance = balance;
            row.equity_cash_flow =
                row.cash_flow + row.debt_drawn - row.debt_service() - row.debt_payoff;
            cumulative += row.cash_flow;
            row.cumulative = cumulative;
        }
        Ok(())
    }

    fn results(&self, f: &AnnualFigures, timeline: Timeline, years: Vec<YearRow>) -> Evaluation {
        let rate = self.appraisal.discount_rate;
        let project: Vec<Money> = years.iter().map(|r| r.cash_flow).collect();
        let equity: Vec<Money> = years.iter().map(|r| r.equity_cash_flow).collect();
        let pv = |x: &dyn Fn(&YearRow) -> f64| {
            npv_at(
                rate.get(),
                &years.iter().map(|r| Money::new(x(r))).collect::<Vec<_>>(),
            )
        };
        // Costs net of the residual and of energy passed through: what the units sold must pay.
        let pv_costs = pv(&|r| (r.opex() + r.capex() - r.residual - r.energy_recovered).get());
        let pv_units = pv(&|r| r.units);
        let pv_gpu_hours = pv(&|r| r.gpu_hours.get());
        let levelised = (pv_units > 0.0).then(|| {
            let c = pv_costs / pv_units;
            match self.model {
                BusinessModel::GpuRental { .. } => LevelisedCost::PerGpuHour(UsdPerGpuHour::new(c)),
                BusinessModel::Colocation { .. } => {
                    LevelisedCost::PerKwMonth(UsdPerKwMonth::new(c))
                }
                BusinessModel::BitcoinMining { .. } => {
                    LevelisedCost::PerPhsDay(UsdPerPhsDay::new(c))
                }
            }
        });
        let min_dscr = years
            .iter()
            .filter(|r| r.debt_service().get() > 0.0)
            .map(|r| (r.revenue + r.energy_recovered - r.opex()) / r.debt_service())
            .min_by(f64::total_cmp);
        let full = self.full_year(1, f);
        let revenue = (full.revenue + full.energy_recovered) / one_year();
        let opex = (full.energy + full.water + full.maintenance + full.staff) / one_year();
        Evaluation {
            name: self.name.clone(),
            model: self.model.name(),
            interconnect: f.interconnect,
            capex: years.iter().map(YearRow::capex).sum(),
            npv: npv(rate, &project),
            irr: irr(&project).ok(),
            equity_npv: npv(rate, &equity),
            equity_irr: irr(&equity).ok(),
            payback_years: payback(&project),
            min_dscr,
            levelised_cost: levelised,
            cost_per_gpu_hour: (pv_gpu_hours > 0.0)
                .then(|| UsdPerGpuHour::new(pv_costs / pv_gpu_hours)),
            steady_state: SteadyState {
                revenue,
                opex,
                margin: revenue - opex,
            },
            timeline,
            years,
        }
    }

    /// What being energised is worth: the NPV as scheduled against the same project with
    /// `alternative` grid access (e.g. [`GridAccess::new_connection`] for a greenfield site in
    /// the queue), and how much earlier the first GPUs come online.
    pub fn energisation_value(&self, alternative: GridAccess) -> Result<EnergisationValue> {
        let other = self
            .clone()
            .with_schedule(self.schedule.clone().with_grid(alternative)?)?;
        let (a, b) = (self.evaluate()?, other.evaluate()?);
        let first = a.timeline.first_online();
        let first_alt = b.timeline.first_online();
        Ok(EnergisationValue {
            npv: a.npv,
            npv_alternative: b.npv,
            value: a.npv - b.npv,
            first_online: first,
            first_online_alternative: first_alt,
            days_earlier: (first_alt - first).num_days(),
        })
    }

    /// Project and equity NPV when each main driver is `swing` lower and higher (e.g. 0.2 →
    /// ×0.8 and ×1.2), the others held: the data of a tornado chart, widest project-NPV bar
    /// first. Shares (utilisation,
    /// maintenance) are capped at 100 %; a driver the project lacks (equipment for
    /// colocation) is left out.
    pub fn tornado(&self, swing: Fraction) -> Result<Tornado> {
        let base = self.evaluate()?;
        let s = swing.get();
        let mut bars = Vec::new();
        for driver in Driver::ALL {
            if driver == Driver::EquipmentPrice && self.capex.equipment.is_none() {
                continue;
            }
            let (low, high) = (
                self.scaled(driver, 1.0 - s)?.evaluate()?,
                self.scaled(driver, 1.0 + s)?.evaluate()?,
            );
            bars.push(TornadoBar {
                driver,
                npv_low: low.npv,
                npv_high: high.npv,
                equity_npv_low: low.equity_npv,
                equity_npv_high: high.equity_npv,
            });
        }
        bars.sort_by(|a, b| b.range().get().total_cmp(&a.range().get()));
        Ok(Tornado {
            base: base.npv,
            equity_base: base.equity_npv,
            swing: s,
            bars,
        })
    }

    /// The project with `driver` multiplied by `factor`.
    fn scaled(&self, driver: Driver, factor: f64) -> Result<Self> {
        let mut p = self.clone();
        let share = |x: Fraction| Fraction::new((x.get() * factor).clamp(0.0, 1.0));
        let rate = |x: Rate| Rate::new(x.get() * factor);
        match driver {
            Driver::BuildCost => p.capex.build.per_mw = p.capex.build.per_mw * factor,
            Driver::EquipmentPrice => {
                if let Some(e) = &mut p.capex.equipment {
                    e.price = match e.price {
                        EquipmentPrice::PerAccelerator(m) => {
                            EquipmentPrice::PerAccelerator(m * factor)
                        }
                        EquipmentPrice::PerRack(m) => EquipmentPrice::PerRack(m * factor),
                        EquipmentPrice::PerHashrate(m) => EquipmentPrice::PerHashrate(m * factor),
                    };
                }
            }
            Driver::SalePrice => p.model = p.model.scaled_price(factor),
            Driver::Utilisation => p.model = p.model.scaled_utilisation(factor),
            Driver::EnergyPrice => p.opex.energy = p.opex.energy.scaled(factor),
            Driver::OtherOpex => {
                p.opex.water = p.opex.water * factor;
                p.opex.maintenance = share(p.opex.maintenance)?;
                p.opex.cost_per_staff = p.opex.cost_per_staff * factor;
            }
            Driver::DiscountRate => p.appraisal.discount_rate = rate(p.appraisal.discount_rate)?,
            Driver::InterestRate => p.financing.interest = rate(p.financing.interest)?,
        }
        p.validated()
    }
}

/// Revenue and operating costs of one full year at full build-out.
struct FullYear {
    units: f64,
    revenue: Money,
    energy_recovered: Money,
    energy: Money,
    water: Money,
    maintenance: Money,
    staff: Money,
}

/// A driver of a tornado chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Build cost per MW.
    BuildCost,
    /// IT equipment price.
    EquipmentPrice,
    /// What is sold: GPU-hour price, rent or hashprice (the whole path).
    SalePrice,
    /// Utilisation, occupancy or uptime.
    Utilisation,
    /// Energy price.
    EnergyPrice,
    /// Water, maintenance and staff.
    OtherOpex,
    /// Discount rate.
    DiscountRate,
    /// Interest rate (moves the equity case only; project NPV is before financing).
    InterestRate,
}

impl Driver {
    /// Every driver.
    pub const ALL: [Driver; 8] = [
        Driver::BuildCost,
        Driver::EquipmentPrice,
        Driver::SalePrice,
        Driver::Utilisation,
        Driver::EnergyPrice,
        Driver::OtherOpex,
        Driver::DiscountRate,
        Driver::InterestRate,
    ];
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Driver::BuildCost => "build cost",
            Driver::EquipmentPrice => "equipment price",
            Driver::SalePrice => "sale price",
            Driver::Utilisation => "utilisation",
            Driver::EnergyPrice => "energy price",
            Driver::OtherOpex => "water, maintenance, staff",
            Driver::DiscountRate => "discount rate",
            Driver::InterestRate => "interest rate",
        })
    }
}

/// One bar of a tornado chart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The driver moved.
    pub driver: Driver,
    /// NPV with the driver at `1 − swing` of its value.
    pub npv_low: Money,
    /// NPV with the driver at `1 + swing` of its value.
    pub npv_high: Money,
    /// Equity NPV with the driver at `1 − swing` of its value.
    pub equity_npv_low: Money,
    /// Equity NPV with the driver at `1 + swing` of its value.
    pub equity_npv_high: Money,
}

impl TornadoBar {
    /// Width of the project-NPV bar, `|npv_high − npv_low|`.
    pub fn range(&self) -> Money {
        Money::new((self.npv_high - self.npv_low).get().abs())
    }
}

/// NPV sensitivity to the main drivers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// NPV as given.
    pub base: Money,
    /// Equity NPV as given.
    pub equity_base: Money,
    /// Relative swing of each driver.
    pub swing: f64,
    /// Bars, widest first.
    pub bars: Vec<TornadoBar>,
}

/// What an energised interconnect is worth against another grid access.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EnergisationValue {
    /// NPV as scheduled.
    pub npv: Money,
    /// NPV with the alternative grid access.
    pub npv_alternative: Money,
    /// `npv − npv_alternative`.
    pub value: Money,
    /// First GPUs online as scheduled.
    pub first_online: NaiveDate,
    /// First GPUs online with the alternative.
    pub first_online_alternative: NaiveDate,
    /// Days earlier as scheduled.
    pub days_earlier: i64,
}

/// One row of the cash-flow table. Costs are positive amounts; `cash_flow` is signed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearRow {
    /// 0 for the start date, `k` for the `k`-th year after it.
    pub year: u32,
    /// Last day of the row's year (the start date for row 0).
    pub ends: NaiveDate,
    /// Time-averaged share of the build-out online.
    pub online_share: f64,
    /// Units sold: GPU-hours, kW-months or PH/s-days.
    pub units: f64,
    /// GPU-hours installed and online.
    pub gpu_hours: GpuHours,
    /// Revenue from the units sold.
    pub revenue: Money,
    /// Energy bill passed through to tenants (colocation), also counted as revenue.
    pub energy_recovered: Money,
    /// Energy.
    pub energy: Money,
    /// Water.
    pub water: Money,
    /// Maintenance.
    pub maintenance: Money,
    /// Staff.
    pub staff: Money,
    /// Build and grid-connection capex.
    pub capex_build: Money,
    /// IT equipment capex (first purchase and replacements).
    pub capex_equipment: Money,
    /// Book value at the horizon (last row only).
    pub residual: Money,
    /// Project cash flow: revenue − opex − capex + residual, before financing.
    pub cash_flow: Money,
    /// Cumulative project cash flow.
    pub cumulative: Money,
    /// Debt drawn.
    pub debt_drawn: Money,
    /// Interest capitalised (added to the debt) before the first year with revenue.
    pub interest_capitalised: Money,
    /// Interest paid.
    pub interest: Money,
    /// Scheduled principal repaid.
    pub principal: Money,
    /// Balance repaid at the horizon (last row only).
    pub debt_payoff: Money,
    /// Debt outstanding at the end of the row.
    pub debt_balance: Money,
    /// Equity cash flow: project cash flow + draws − debt service − payoff.
    pub equity_cash_flow: Money,
}

impl YearRow {
    fn empty(k: u32, ends: NaiveDate) -> Self {
        Self {
            year: k,
            ends,
            online_share: 0.0,
            units: 0.0,
            gpu_hours: GpuHours::ZERO,
            revenue: Money::ZERO,
            energy_recovered: Money::ZERO,
            energy: Money::ZERO,
            water: Money::ZERO,
            maintenance: Money::ZERO,
            staff: Money::ZERO,
            capex_build: Money::ZERO,
            capex_equipment: Money::ZERO,
            residual: Money::ZERO,
            cash_flow: Money::ZERO,
            cumulative: Money::ZERO,
            debt_drawn: Money::ZERO,
            interest_capitalised: Money::ZERO,
            interest: Money::ZERO,
            principal: Money::ZERO,
            debt_payoff: Money::ZERO,
            debt_balance: Money::ZERO,
            equity_cash_flow: Money::ZERO,
        }
    }

    /// Operating costs: energy, water, maintenance, staff.
    pub fn opex(&self) -> Money {
        self.energy + self.water + self.maintenance + self.staff
    }

    /// Capital costs: build, grid connection, equipment.
    pub fn capex(&self) -> Money {
        self.capex_build + self.capex_equipment
    }

    /// Scheduled debt service: interest + principal.
    pub fn debt_service(&self) -> Money {
        self.interest + self.principal
    }
}

/// The break-even price of what the model sells: `PV(capex + opex − residual − energy passed
/// through) / PV(units sold)` at the discount rate — the flat price that makes the NPV zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelisedCost {
    /// Per GPU-hour sold (GPU rental).
    PerGpuHour(UsdPerGpuHour),
    /// Per kW-month leased (colocation).
    PerKwMonth(UsdPerKwMonth),
    /// Per PH/s-day hashed (bitcoin mining): the break-even hashprice.
    PerPhsDay(UsdPerPhsDay),
}

impl fmt::Display for LevelisedCost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelisedCost::PerGpuHour(c) => fmt::Display::fmt(c, f),
            LevelisedCost::PerKwMonth(c) => fmt::Display::fmt(c, f),
            LevelisedCost::PerPhsDay(c) => fmt::Display::fmt(c, f),
        }
    }
}

/// A full year at full build-out and year-1 prices.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SteadyState {
    /// Revenue (with energy passed through).
    pub revenue: MoneyRate,
    /// Operating costs.
    pub opex: MoneyRate,
    /// Revenue − opex (EBITDA).
    pub margin: MoneyRate,
}

/// Everything [`Project::evaluate`] finds.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Project name.
    pub name: String,
    /// Business model name.
    pub model: &'static str,
    /// Grid interconnect.
    pub interconnect: Power,
    /// Phase dates.
    pub timeline: Timeline,
    /// The cash-flow table, row 0 first.
    pub years: Vec<YearRow>,
    /// Capex paid within the horizon (refreshes included).
    pub capex: Money,
    /// NPV of the project cash flow (before financing) at the discount rate.
    pub npv: Money,
    /// IRR of the project cash flow, if it has one.
    pub irr: Option<f64>,
    /// NPV of the equity cash flow at the discount rate.
    pub equity_npv: Money,
    /// IRR of the equity cash flow, if it has one.
    pub equity_irr: Option<f64>,
    /// Years from the start until the project cash flow pays back.
    pub payback_years: Option<f64>,
    /// Lowest debt-service coverage ratio `(revenue − opex) / (interest + principal)`.
    pub min_dscr: Option<f64>,
    /// Break-even price of what is sold.
    pub levelised_cost: Option<LevelisedCost>,
    /// `PV(costs) / PV(GPU-hours installed and online)`, for sites with accelerators: what
    /// the site costs per GPU-hour, whatever it sells.
    pub cost_per_gpu_hour: Option<UsdPerGpuHour>,
    /// A full year at full build-out and year-1 prices.
    pub steady_state: SteadyState,
}

/// A business case reduced to one MW of grid interconnect.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerMw {
    /// Project name.
    pub name: String,
    /// Business model name.
    pub model: &'static str,
    /// Steady-state revenue per MW of interconnect per year.
    pub revenue: MoneyRate,
    /// Steady-state margin (revenue − opex) per MW of interconnect per year.
    pub margin: MoneyRate,
    /// Capex within the horizon per MW.
    pub capex: UsdPerMw,
    /// NPV per MW.
    pub npv: UsdPerMw,
    /// Project IRR.
    pub irr: Option<f64>,
}

impl Evaluation {
    /// The results per MW of grid interconnect.
    pub fn per_mw(&self) -> PerMw {
        let mw = self.interconnect.get::<megawatt>();
        PerMw {
            name: self.name.clone(),
            model: self.model,
            revenue: self.steady_state.revenue / mw,
            margin: self.steady_state.margin / mw,
            capex: self.capex / self.interconnect,
            npv: self.npv / self.interconnect,
            irr: self.irr,
        }
    }
}

/// Evaluates each project and reduces it to one MW of interconnect: "AI factory vs bitcoin
/// mine" in one call.
///
/// ```
/// # use chrono::NaiveDate;
/// # use dcplan::prelude::*;
/// # let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
/// #     .lumped_pue(Pue::new(1.1)?).build()?;
/// # let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// # let schedule = Schedule::new(start, GridAccess::Energised { since: start },
/// #     LeadTimes::default(), vec![Phase::new("all", Power::new::<megawatt>(100.0))])?;
/// let miners = Deployment::new(RackProfile::from_system(catalog::find("Antminer S21")?, 8)?);
/// let mining = AnnualFigures::from_plan(&site, &plan(&site, &miners)?, &miners, Fraction::new(0.95)?);
/// let mine = Project::new("mine", mining, BusinessModel::bitcoin_mining(), schedule)?;
/// let table = compare(&[mine])?;
/// assert_eq!(table[0].model, "bitcoin mining");
/// // 100 MW / 1.1 / 17.5 J/TH ≈ 5.19 EH/s × $50/PH/s/day × 365 × 95 % ≈ $0.90M per MW a year.
/// assert!((table[0].revenue.millions() - 0.9).abs() < 0.01);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn compare(projects: &[Project]) -> Result<Vec<PerMw>> {
    projects
        .iter()
        .map(|p| Ok(p.evaluate()?.per_mw()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{LeadTimes, Phase};

    fn figures() -> AnnualFigures {
        let mw = Power::new::<megawatt>;
        AnnualFigures {
            interconnect: mw(100.0),
            it_capacity: mw(80.0),
            facility_peak: mw(96.0),
            it_energy: Energy::new::<megawatt_hour>(80.0 * 8_760.0),
            facility_energy: Energy::new::<megawatt_hour>(96.0 * 8_760.0),
            water: Volume::new::<cubic_meter>(0.0),
            accelerators: 50_000,
            racks: 700,
            hashrate: Hashrate::ZERO,
            hourly_facility: None,
        }
    }

    fn at_start(model: BusinessModel) -> Project {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let lead = LeadTimes {
            construction: Time::new::<time::day>(0.0),
            transformers: None,
            equipment: Time::new::<time::day>(0.0),
            commissioning: Time::new::<time::day>(0.0),
            phase_interval: Time::new::<time::day>(0.0),
        };
        let schedule = Schedule::new(
            start,
            GridAccess::Energised { since: start },
            lead,
            vec![Phase::new("all", Power::new::<megawatt>(100.0))],
        )
        .unwrap();
        Project::new("test", figures(), model, schedule).unwrap()
    }

    #[test]
    fn everything_online_at_the_start() {
        // Online from day 0: every year fully online. GPU rental, $2/h, 80 %:
        // 50,000 × 8,760 × 0.8 × 2 = $700.8M a year.
        let p = at_start(BusinessModel::gpu_rental());
        let e = p.evaluate().unwrap();
        assert_eq!(e.years[1].online_share, 1.0);
        assert!((e.years[1].revenue.millions() - 700.8).abs() < 1e-9);
        // Build 80 MW × $9.5M = $760M at the start; GPUs 50,000 × $32,500 = $1,625M, at the
        // start and again 60 months later, 2031-01-01 (row 5: that row's last day).
        assert!((e.years[0].capex().millions() - 2_385.0).abs() < 1e-6);
        assert!((e.years[5].capex_equipment.millions() - 1_625.0).abs() < 1e-6);
        // Energy 96 MW × 8,760 h × $80 = $67.2768M.
        assert!((e.years[3].energy.millions() - 67.2768).abs() < 1e-9);
        // Residual at year 10: build 3,652 of 7,300 days used → 760 × (1 − 3,652/7,300)
        // = $379.7918M; GPUs bought 2031-01-01, 1,826 days before the end, are written off.
        assert_eq!(e.years[10].capex_equipment, Money::ZERO);
        assert!((e.years[10].residual.millions() - 760.0 * (1.0 - 3_652.0 / 7_300.0)).abs() < 1e-6);
    }

    #[test]
    fn levelised_cost_is_the_break_even_price() {
        let p = at_start(BusinessModel::gpu_rental());
        let Some(LevelisedCost::PerGpuHour(lc)) = p.evaluate().unwrap().levelised_cost else {
            panic!("GPU rental has a cost per GPU-hour")
        };
        let at_lc = p
            .with_model(BusinessModel::GpuRental {
                price: PricePath::Flat(lc),
                utilisation: Fraction::new(0.8).unwrap(),
            })
            .unwrap();
        let npv = at_lc.evaluate().unwrap().npv;
        assert!(npv.get().abs() < 1e-3, "{npv}");
    }

    #[test]
    fn debt_is_repaid_by_the_horizon() {
        let e = at_start(BusinessModel::gpu_rental()).evaluate().unwrap();
        let last = e.years.last().unwrap();
        assert!(
            last.debt_balance.get().abs() < 1e-3,
            "{}",
            last.debt_balance
        );
        let drawn: Money = e.years.iter().map(|r| r.debt_drawn).sum();
        let repaid: Money = e.years.iter().map(|r| r.principal + r.debt_payoff).sum();
        assert!((drawn - repaid).get().abs() < 1e-3);
    }

    #[test]
    fn rejects_mismatched_inputs() {
        let mut f = figures();
        f.accelerators = 0;
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = Schedule::new(
            start,
            GridAccess::new_connection(),
            LeadTimes::default(),
            vec![Phase::new("all", Power::new::<megawatt>(100.0))],
        )
        .unwrap();
        let e = Project::new("x", f, BusinessModel::gpu_rental(), s.clone())
            .unwrap_err()
            .to_string();
        assert!(e.contains("project 'x'.model.gpu_rental"), "{e}");
        let e = Project::new("x", figures(), BusinessModel::bitcoin_mining(), s)
            .unwrap_err()
            .to_string();
        assert!(e.contains("hash rate"), "{e}");
        let p = at_start(BusinessModel::gpu_rental());
        let bad = Appraisal {
            horizon_years: 0,
            ..Appraisal::default()
        };
        assert!(p.clone().with_appraisal(bad).is_err());
        let hourly = Opex {
            energy: EnergyPrice::Hourly(vec![UsdPerMwh::new(50.0); 100]),
            ..Opex::default()
        };
        assert!(p.with_opex(hourly).is_err());
    }

    #[test]
    fn hourly_prices_weigh_the_load() {
        // Half the hours at $20, half at $100; a flat load pays the mean $60, a load that runs
        // only in the cheap hours pays $20.
        let prices: Vec<UsdPerMwh> = (0..8_760u32)
            .map(|h| UsdPerMwh::new(if h.is_multiple_of(2) { 20.0 } else { 100.0 }))
            .collect();
        let flat = EnergyPrice::Hourly(prices);
        let mut f = figures();
        assert_eq!(flat.mean(1, &f), UsdPerMwh::new(60.0));
        f.hourly_facility = Some(
            (0..8_760u32)
                .map(|h| Power::new::<megawatt>(if h.is_multiple_of(2) { 192.0 } else { 0.0 }))
                .collect(),
        );
        assert_eq!(flat.mean(1, &f), UsdPerMwh::new(20.0));
    }
}
