//! Carbon, water, renewables and the rules check of a plan or a simulated year.

use super::{Table, thousands};
use crate::error::Result;
use crate::metrics;
use crate::operating::OperatingPoint;
use crate::simulate::{AnnualResult, OperatedYear, ReuseYear};
use crate::sustainability::rules::{self, eu_reporting_threshold};
use crate::sustainability::{
    Basis, CarbonYear, EmissionFactor, GridYear, Kpis, RuleCheck, Sustainability, WaterIntensity,
};
use crate::units::*;
use serde::Serialize;
use uom::si::mass_per_energy::{gram_per_kilowatt_hour, kilogram_per_kilowatt_hour};

/// The year's carbon in detail (a simulated year with a grid carbon intensity).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CarbonReport {
    /// Emissions at the average intensity, tonnes of CO₂.
    pub emissions_t: f64,
    /// Emissions at the marginal intensity, tonnes of CO₂, if given.
    pub marginal_emissions_t: Option<f64>,
    /// Intensity the load met, energy-weighted, gCO₂/kWh.
    pub weighted_intensity_g_per_kwh: f64,
    /// Mean intensity over the hours, gCO₂/kWh.
    pub mean_intensity_g_per_kwh: f64,
    /// Hours that carry the year's energy at its peak power.
    pub cleanest_hours: u32,
    /// Intensity of the year's energy in its cleanest hours at peak power, gCO₂/kWh.
    pub cleanest_intensity_g_per_kwh: f64,
    /// Hours whose intensity is above the weighted intensity.
    pub hours_above_weighted: u32,
    /// Share of emissions shifting load in time could avoid at most (0 … 1).
    pub shift_potential: f64,
}

/// The carbon of heat reuse over the year: the heat pumps' electricity against the heat it
/// displaces (a simulated year with heat reuse, a carbon intensity and
/// `[sustainability.displaced_heat]`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReuseCarbonReport {
    /// Emissions of every heat pump's electricity, hour by hour at the average intensity, t.
    pub heat_pump_emissions_t: f64,
    /// Emissions of the displaced heat source for the heat delivered, t.
    pub displaced_emissions_t: f64,
    /// The change reuse makes, heat pumps − displaced, t (negative: avoided).
    pub change_t: f64,
    /// The COP above which the heat pumps emit less than the heat they displace, at the
    /// intensity their electricity met (`EF_el/EF_heat`); `None` for carbon-free displaced
    /// heat or without heat-pump electricity.
    pub break_even_cop: Option<f64>,
}

/// The EU 2024/1364 KPI set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EuKpiReport {
    /// Whether the site must report (installed IT power ≥ 500 kW).
    pub required: bool,
    /// Installed IT power, kW.
    pub installed_it_kw: f64,
    /// PUE.
    pub pue: Option<f64>,
    /// Site WUE, L/kWh.
    pub wue_l_per_kwh: Option<f64>,
    /// Energy reuse factor (0 … 1).
    pub erf: f64,
    /// Renewable energy factor (0 … 1), if a renewable input is given.
    pub renewable_energy_factor: Option<f64>,
}

/// Carbon, water, renewables and rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SustainabilityReport {
    /// What the figures are judged on: a simulated year, or the plan's design hour.
    pub basis: Basis,
    /// PUE, IT at the IT input.
    pub pue: Option<f64>,
    /// PUE as EnEfG §11(2) counts it (heat-upgrade plant excluded).
    pub pue_enefg: Option<f64>,
    /// Energy reuse factor (0 … 1).
    pub erf: f64,
    /// Energy reuse effectiveness, (1 − ERF)·PUE.
    pub ere: Option<f64>,
    /// Renewable energy factor (0 … 1).
    pub renewable_energy_factor: Option<f64>,
    /// Site WUE, L/kWh.
    pub wue_l_per_kwh: Option<f64>,
    /// Source WUE, L/kWh (with the grid's water intensity).
    pub wue_source_l_per_kwh: Option<f64>,
    /// Carbon usage effectiveness, kgCO₂/kWh of IT.
    pub cue_kg_per_kwh: Option<f64>,
    /// The year's carbon in detail (annual basis with a carbon intensity).
    pub carbon: Option<CarbonReport>,
    /// The carbon of heat reuse (annual basis, with heat reuse, a carbon intensity and the
    /// displaced heat).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse_carbon: Option<ReuseCarbonReport>,
    /// The EU reporting KPI set.
    pub eu_kpis: EuKpiReport,
    /// Each rule: the limit, the site's figure, the margin and whether it is met.
    pub rules: Vec<RuleCheck>,
}

impl SustainabilityReport {
    /// The report of a simulated `year` (simulated with `s`, [`crate::simulate::annual_with`])
    /// with `installed_it` the IT power installed (the plan's design IT).
    pub fn annual(year: &AnnualResult, s: &Sustainability, installed_it: Power) -> Result<Self> {
        let kpis = Kpis::annual(year, s)?;
        let carbon = match (&s.carbon, year.grid) {
            (Some(c), Some(g)) => Some(carbon_report(&CarbonYear::new(
                c,
                g.emissions,
                g.marginal_emissions,
                year.energy.facility,
                year.peak_facility,
                year.hours,
            ))),
            _ => None,
        };
        let mut report = Self::of(Basis::Annual, &kpis, s, installed_it, carbon);
        report.reuse_carbon = year.grid.and_then(|g| reuse_carbon(s, &g, year.reuse));
        Ok(report)
    }

    /// The report of a `year` as operated by a site's flexibility (summed with `s`,
    /// [`crate::simulate::OperatedSum`]) with `installed_it` the IT power installed: the
    /// KPIs and the rules judged on the load served and the data centre's energy from the
    /// grid and on-site generation ([`Kpis::operated`], [`Basis::Operated`]); the carbon in
    /// detail on the grid import with the generators' fuel added ([`OperatedYear::carbon`]).
    pub fn operated(year: &OperatedYear, s: &Sustainability, installed_it: Power) -> Result<Self> {
        let kpis = Kpis::operated(year, s)?;
        let carbon = year.carbon(s)?.as_ref().map(carbon_report);
        let mut report = Self::of(Basis::Operated, &kpis, s, installed_it, carbon);
        report.reuse_carbon = reuse_carbon(s, &year.grid, year.reuse);
        Ok(report)
    }

    /// The report at a plan's design hour `op`.
    pub fn design_hour(op: &OperatingPoint, s: &Sustainability) -> Result<Self> {
        let kpis = Kpis::design_hour(op, s)?;
        Ok(Self::of(Basis::DesignHour, &kpis, s, op.it, None))
    }

    fn of(
        basis: Basis,
        k: &Kpis,
        s: &Sustainability,
        installed_it: Power,
        carbon: Option<CarbonReport>,
    ) -> Self {
        let pue = k.pue.map(Pue::get);
        let wue = k.wue.map(WaterIntensity::get_liters_per_kwh);
        let renewable = k.renewable.map(Fraction::get);
        Self {
            basis,
            pue,
            pue_enefg: k.pue_enefg.map(Pue::get),
            erf: k.erf.get(),
            ere: k.pue.map(|p| metrics::ere(p, k.erf).get::<ratio>()),
            renewable_energy_factor: renewable,
            wue_l_per_kwh: wue,
            wue_source_l_per_kwh: k.wue_source.map(WaterIntensity::get_liters_per_kwh),
            cue_kg_per_kwh: k.cue.map(|c| c.get::<kilogram_per_kilowatt_hour>()),
            carbon,
            reuse_carbon: None,
            eu_kpis: EuKpiReport {
                required: installed_it >= eu_reporting_threshold(),
                installed_it_kw: installed_it.get::<kilowatt>(),
                pue,
                wue_l_per_kwh: wue,
                erf: k.erf.get(),
                renewable_energy_factor: renewable,
            },
            rules: rules::check(&s.rules, k),
        }
    }

    /// The report as lines of text for people.
    pub fn table(&self) -> String {
        let shown = |x: Option<f64>, decimals: usize| {
            x.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
        };
        let basis = match self.basis {
            Basis::Annual => "annual",
            Basis::Operated => "the year as operated (IT served; grid + generation)",
            Basis::DesignHour => "design hour (worst case for PUE and WUE)",
        };
        let mut out = format!(
            "sustainability, {basis}: PUE {} (EnEfG {}), ERF {:.1} %, REF {}, WUE {} L/kWh \
             (source {}), CUE {} kg/kWh\n",
            shown(self.pue, 3),
            shown(self.pue_enefg, 3),
            100.0 * self.erf,
            self.renewable_energy_factor
                .map_or_else(|| "—".to_owned(), |r| format!("{:.1} %", 100.0 * r)),
            shown(self.wue_l_per_kwh, 2),
            shown(self.wue_source_l_per_kwh, 2),
            shown(self.cue_kg_per_kwh, 3),
        );
        if let Some(c) = &self.carbon {
            out += &format!(
                "carbon: {} tCO₂{}; intensity met {:.0} g/kWh (hours' mean {:.0}); the \
                 cleanest {} hours at peak power {:.0} g/kWh: shifting could avoid up to {:.1} %\n",
                thousands(c.emissions_t.max(0.0).round() as u64),
                c.marginal_emissions_t
                    .map(|m| format!(" ({} t marginal)", thousands(m.max(0.0).round() as u64)))
                    .unwrap_or_default(),
                c.weighted_intensity_g_per_kwh,
                c.mean_intensity_g_per_kwh,
                thousands(u64::from(c.cleanest_hours)),
                c.cleanest_intensity_g_per_kwh,
                100.0 * c.shift_potential
            );
        }
        if let Some(r) = &self.reuse_carbon {
            out += &format!(
                "heat reuse carbon: heat pumps {} tCO₂, displaced heat {} tCO₂, change {} t \
                 (break-even COP {})\n",
                thousands(r.heat_pump_emissions_t.max(0.0).round() as u64),
                thousands(r.displaced_emissions_t.max(0.0).round() as u64),
                if r.change_t < 0.0 {
                    format!("−{}", thousands((-r.change_t).round() as u64))
                } else {
                    format!("+{}", thousands(r.change_t.round() as u64))
                },
                r.break_even_cop
                    .map_or_else(|| "—".to_owned(), |c| format!("{c:.2}"))
            );
        }
        if self.eu_kpis.required {
            out += "EU 2024/1364: installed IT ≥ 500 kW, the KPI set above is reportable\n";
        }
        if !self.rules.is_empty() {
            let mut t = Table::new(["rule", "from", "value", "margin", "meets"]);
            for r in &self.rules {
                t.row([
                    r.rule.clone(),
                    r.applies_from.map(|d| d.to_string()).unwrap_or_default(),
                    shown(r.value, 3),
                    shown(r.margin, 3),
                    match r.meets {
                        Some(true) => "yes".into(),
                        Some(false) => "NO".into(),
                        None => "—".into(),
                    },
                ]);
            }
            out += &t.render();
        }
        out
    }
}

/// The carbon of a year's heat reuse: its heat pumps' emissions summed in `grid`, against the
/// heat displaced (with a carbon input, the displaced heat and heat reuse).
fn reuse_carbon(
    s: &Sustainability,
    grid: &GridYear,
    reuse: Option<ReuseYear>,
) -> Option<ReuseCarbonReport> {
    let (Some(_), Some(displaced), Some(r)) = (&s.carbon, &s.displaced_heat, reuse) else {
        return None;
    };
    let t = |m: Mass| m.get::<kilogram>() / 1e3;
    let displaced_emissions = displaced.emissions(r.delivered);
    let kwh = r.heat_pump.get::<kilowatt_hour>();
    Some(ReuseCarbonReport {
        heat_pump_emissions_t: t(grid.heat_pump_emissions),
        displaced_emissions_t: t(displaced_emissions),
        change_t: t(grid.heat_pump_emissions - displaced_emissions),
        break_even_cop: (kwh > 0.0)
            .then(|| {
                displaced.break_even_cop(EmissionFactor::new::<kilogram_per_kilowatt_hour>(
                    grid.heat_pump_emissions.get::<kilogram>() / kwh,
                ))
            })
            .flatten(),
    })
}

fn carbon_report(c: &CarbonYear) -> CarbonReport {
    let g = |f: EmissionFactor| f.get::<gram_per_kilowatt_hour>();
    CarbonReport {
        emissions_t: c.emissions.get::<kilogram>() / 1e3,
        marginal_emissions_t: c.marginal_emissions.map(|m| m.get::<kilogram>() / 1e3),
        weighted_intensity_g_per_kwh: g(c.weighted_intensity),
        mean_intensity_g_per_kwh: g(c.mean_intensity),
        cleanest_hours: c.cleanest_hours,
        cleanest_intensity_g_per_kwh: g(c.cleanest_intensity),
        hours_above_weighted: c.hours_above_weighted,
        shift_potential: c.shift_potential().get(),
    }
}
