//! A site's business case: value, returns, time to power and the yearly cash flows, in
//! millions of US dollars.

use super::{Table, group_digits};
use crate::economics::Evaluation;
use crate::money::Money;
use serde::Serialize;

/// One year of a business case, in millions of US dollars.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinanceYearReport {
    /// Row: 0 is the start date, `k` the `k`-th year after it.
    pub year: u32,
    /// Last day of the row.
    pub ends: String,
    /// Share of the build-out online over the row.
    pub online_share: f64,
    /// Revenue.
    pub revenue_musd: f64,
    /// Operating cost.
    pub opex_musd: f64,
    /// Capital spent.
    pub capex_musd: f64,
    /// Project cash flow (revenue − opex − capex + residual).
    pub cash_flow_musd: f64,
    /// Cumulative project cash flow.
    pub cumulative_musd: f64,
    /// Equity cash flow (after debt draws and service).
    pub equity_cash_flow_musd: f64,
}

/// A site's business case: value, returns, time to power and the yearly cash flows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinanceReport {
    /// Site name.
    pub site: String,
    /// `GPU rental`, `colocation` or `bitcoin mining`.
    pub model: String,
    /// Where the annual energy comes from: `simulated` (the hourly year) or `design` (the
    /// design hour held all year).
    pub energy_basis: &'static str,
    /// Start (notice to proceed).
    pub start: String,
    /// First phase online.
    pub first_online: String,
    /// Whole build-out online.
    pub fully_online: String,
    /// Capital spent over the horizon (undiscounted).
    pub capex_musd: f64,
    /// Net present value of the project cash flows at the discount rate.
    pub npv_musd: f64,
    /// Project internal rate of return.
    pub irr: Option<f64>,
    /// Net present value of the equity cash flows.
    pub equity_npv_musd: f64,
    /// Equity internal rate of return.
    pub equity_irr: Option<f64>,
    /// Years until the cumulative cash flow turns positive.
    pub payback_years: Option<f64>,
    /// Lowest debt service coverage ratio.
    pub min_dscr: Option<f64>,
    /// Levelised cost, with its unit (the flat price that makes the NPV zero).
    pub levelised_cost: Option<String>,
    /// Steady-state revenue per year.
    pub revenue_musd_per_year: f64,
    /// Steady-state operating cost per year.
    pub opex_musd_per_year: f64,
    /// Steady-state margin per year.
    pub margin_musd_per_year: f64,
    /// Steady-state margin per MW of interconnect per year.
    pub margin_musd_per_mw_year: f64,
    /// Year by year.
    pub years: Vec<FinanceYearReport>,
}

impl FinanceReport {
    /// The report of `evaluation`, whose energy came from `energy_basis`.
    pub fn new(site: &str, energy_basis: &'static str, e: &Evaluation) -> Self {
        let m = |x: Money| x.millions();
        let per_mw = e.per_mw();
        Self {
            site: site.to_owned(),
            model: e.model.to_owned(),
            energy_basis,
            start: e.timeline.start.to_string(),
            first_online: e.timeline.first_online().to_string(),
            fully_online: e.timeline.fully_online().to_string(),
            capex_musd: m(e.capex),
            npv_musd: m(e.npv),
            irr: e.irr.map(f64::from),
            equity_npv_musd: m(e.equity_npv),
            equity_irr: e.equity_irr.map(f64::from),
            payback_years: e.payback_years(),
            min_dscr: e.min_dscr,
            levelised_cost: e.levelised_cost.map(|c| format!("{c:.3}")),
            revenue_musd_per_year: e.steady_state.revenue.get() / 1e6,
            opex_musd_per_year: e.steady_state.opex.get() / 1e6,
            margin_musd_per_year: e.steady_state.margin.get() / 1e6,
            margin_musd_per_mw_year: per_mw.margin.get() / 1e6,
            years: e
                .years
                .iter()
                .map(|y| FinanceYearReport {
                    year: y.year,
                    ends: y.ends.to_string(),
                    online_share: y.online_share,
                    revenue_musd: m(y.revenue),
                    opex_musd: m(y.opex()),
                    capex_musd: m(y.capex()),
                    cash_flow_musd: m(y.cash_flow),
                    cumulative_musd: m(y.cumulative),
                    equity_cash_flow_musd: m(y.equity_cash_flow),
                })
                .collect(),
        }
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{:.1} %", 100.0 * v));
        let musd = |x: f64| group_digits(&format!("{x:.1}"));
        let mut out = format!(
            "{} — business case: {} (energy from the {} year)\n\n",
            self.site,
            self.model,
            if self.energy_basis == "simulated" {
                "simulated"
            } else {
                "design-hour"
            }
        );
        out += &format!(
            "Start {}; first phase online {}; fully online {}\n\
             Capex {} MUSD; NPV {} MUSD (equity {} MUSD); IRR {} (equity {}); payback {}; \
             min DSCR {}\nLevelised cost {}; steady state: revenue {}, opex {}, margin {} \
             MUSD/yr ({:.2} MUSD per MW of interconnect)\n\n",
            self.start,
            self.first_online,
            self.fully_online,
            musd(self.capex_musd),
            musd(self.npv_musd),
            musd(self.equity_npv_musd),
            pct(self.irr),
            pct(self.equity_irr),
            self.payback_years
                .map_or("never".to_owned(), |y| format!("{y:.1} years")),
            self.min_dscr.map_or("—".to_owned(), |d| format!("{d:.2}")),
            self.levelised_cost.as_deref().unwrap_or("—"),
            musd(self.revenue_musd_per_year),
            musd(self.opex_musd_per_year),
            musd(self.margin_musd_per_year),
            self.margin_musd_per_mw_year,
        );
        let mut t = Table::new([
            "year",
            "ends",
            "online",
            "revenue MUSD",
            "opex MUSD",
            "capex MUSD",
            "cash flow MUSD",
            "cumulative MUSD",
        ]);
        for y in &self.years {
            t.row([
                y.year.to_string(),
                y.ends.clone(),
                format!("{:.0} %", 100.0 * y.online_share),
                musd(y.revenue_musd),
                musd(y.opex_musd),
                musd(y.capex_musd),
                musd(y.cash_flow_musd),
                musd(y.cumulative_musd),
            ]);
        }
        out += &t.render();
        out
    }
}
