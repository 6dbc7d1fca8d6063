//! What an evaluation finds: the cash-flow table, the results and their reduction per MW.

use super::financial_math::payback_years;
use super::*;
use crate::error::Result;
use crate::money::*;
use crate::timeline::Timeline;
use crate::units::*;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

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
///
/// # Units
///
/// Amounts in real US dollars falling in the row's year, undiscounted. `units` are what the
/// model sells: GPU-hours, kW-months of IT capacity or PH/s-days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearRow {
    /// 0 for the start date, `k` for the `k`-th year after it.
    pub year: u32,
    /// Last day of the row's year (the start date for row 0).
    pub ends: NaiveDate,
    /// Time-averaged share of the build-out online, a plain fraction from 0 to 1.
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
    /// Battery and on-site generation capex ([`super::FlexibilityLines`]).
    pub capex_flexibility: Money,
    /// Fuel for on-site generation.
    pub fuel: Money,
    /// Revenue lost by the rack types shed first ([`super::FlexibilityLines`]), taken off the
    /// cash flow.
    pub lost_revenue_shed: Money,
    /// Book value at the horizon (last row only).
    pub residual: Money,
    /// Project cash flow: revenue − revenue lost by shedding − opex − capex + residual, before
    /// financing.
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
    pub(super) fn empty(k: u32, ends: NaiveDate) -> Self {
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
            capex_flexibility: Money::ZERO,
            fuel: Money::ZERO,
            lost_revenue_shed: Money::ZERO,
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

    /// Operating costs: energy, water, maintenance, staff, fuel.
    pub fn opex(&self) -> Money {
        self.energy + self.water + self.maintenance + self.staff + self.fuel
    }

    /// Capital costs: build, grid connection, equipment, battery and generation.
    pub fn capex(&self) -> Money {
        self.capex_build + self.capex_equipment + self.capex_flexibility
    }

    /// Scheduled debt service: interest + principal.
    pub fn debt_service(&self) -> Money {
        self.interest + self.principal
    }
}

/// The break-even price of what the model sells: `PV(capex + opex − residual − energy passed
/// through) / PV(units sold)` at the discount rate — the flat price that makes the NPV zero
/// (property-tested).
///
/// # Units
///
/// Real US dollars per unit sold, in the unit of the business model's price.
///
/// # References
///
/// W. Short, D. J. Packey, T. Holt, *A Manual for the Economic Evaluation of Energy Efficiency
/// and Renewable Energy Technologies*, NREL/TP-462-5173, 1995: the levelised cost of energy,
/// here of a GPU-hour, a kW-month or a PH/s-day instead of a kWh.
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
///
/// # Units
///
/// Real US dollars per year, for the whole site.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SteadyState {
    /// Revenue (with energy passed through, less the revenue the types shed first lose).
    pub revenue: MoneyRate,
    /// Operating costs.
    pub opex: MoneyRate,
    /// Revenue − opex (EBITDA).
    pub margin: MoneyRate,
}

/// Everything [`Project::appraise`] finds.
///
/// # Units
///
/// Real US dollars; NPVs valued at the start date at the (real) discount rate; IRRs per year;
/// `interconnect` in real power.
///
/// # References
///
/// NPV and IRR as in [`npv`] and [`irr`]; the levelised cost as in [`LevelisedCost`]; the
/// equations of the table in `docs/models.md`, "Economics and schedule".
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
    pub irr: Option<RateOfReturn>,
    /// NPV of the equity cash flow at the discount rate.
    pub equity_npv: Money,
    /// IRR of the equity cash flow, if it has one.
    pub equity_irr: Option<RateOfReturn>,
    /// Time from the start until the project cash flow pays back ([`payback`]).
    pub payback: Option<Time>,
    /// Lowest debt-service coverage ratio `(revenue − opex) / (interest + principal)` over
    /// the years with debt service, pre-tax, a plain ratio.
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
///
/// # Units
///
/// Every amount is per MW of grid interconnect (import capacity, real power) — not per MW of
/// IT, nor of what the phases energise: `revenue` and `margin` are US dollars per year per MW
/// (held as a [`MoneyRate`] of one MW), `capex` and `npv` US dollars per MW.
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
    pub irr: Option<RateOfReturn>,
}

impl Evaluation {
    /// [`Evaluation::payback`] in years, exactly as the reports have always printed it.
    pub(crate) fn payback_years(&self) -> Option<f64> {
        let flows: Vec<Money> = self.years.iter().map(|r| r.cash_flow).collect();
        payback_years(&flows)
    }

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

/// Appraises each project and reduces it to one MW of interconnect: "AI factory vs bitcoin
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
/// let table = compare_per_mw(&[mine])?;
/// assert_eq!(table[0].model, "bitcoin mining");
/// // 100 MW / 1.1 / 17.5 J/TH ≈ 5.19 EH/s × $50/PH/s/day × 365 × 95 % ≈ $0.90M per MW a year.
/// assert!((table[0].revenue.millions() - 0.9).abs() < 0.01);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn compare_per_mw(projects: &[Project]) -> Result<Vec<PerMw>> {
    projects
        .iter()
        .map(|p| Ok(p.appraise()?.per_mw()))
        .collect()
}
