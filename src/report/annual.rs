//! The annual simulation of a planned site: energy by component, PUE and WUE, each loop's year.

use super::{SustainabilityReport, Table, mw, ratio, thousands};
use crate::error::Result;
use crate::metrics::ItMeasurement;
use crate::simulate::{AnnualResult, OperatedYear};
use crate::site::Site;
use crate::sustainability::WaterIntensity;
use crate::sustainability::{Kpis, Sustainability};
use crate::units::*;
use serde::Serialize;

/// Gigawatt-hours of an energy, the unit of every `_gwh` field.
fn gwh(e: Energy) -> f64 {
    e.get::<gigawatt_hour>()
}

/// Annual energy by component, GWh.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergyReport {
    /// IT at the IT equipment input.
    pub it_gwh: f64,
    /// Electrical losses.
    pub electrical_losses_gwh: f64,
    /// Cooling.
    pub cooling_gwh: f64,
    /// House loads.
    pub house_gwh: f64,
    /// Lumped overhead.
    pub lumped_overhead_gwh: f64,
    /// Facility at the grid.
    pub facility_gwh: f64,
}

/// Heat reuse over the year, and the metrics it moves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReuseReport {
    /// Heat delivered at the networks' temperatures.
    pub delivered_gwh: f64,
    /// Heat taken off the loops' returns (the heat pumps' source side).
    pub source_gwh: f64,
    /// Every heat pump's electricity, whoever owns it.
    pub heat_pump_gwh: f64,
    /// The site-owned heat pumps' electricity, part of facility energy.
    pub heat_upgrade_gwh: f64,
    /// Heat leaving the site for reuse, `E_reuse` of the ERF.
    pub reused_heat_gwh: f64,
    /// Energy reuse factor, `E_reuse / E_DC` (ISO/IEC 30134-6).
    pub erf: f64,
    /// Energy reuse effectiveness, `(E_DC − E_reuse) / E_IT` (The Green Grid WP 29).
    pub ere: Option<f64>,
    /// PUE with the site's heat pumps in the facility (ISO/IEC 30134-2).
    pub pue_facility: Option<f64>,
    /// PUE as EnEfG §11(2) counts it: heat-upgrade electricity left out.
    pub pue_enefg: Option<f64>,
}

impl EnergyReport {
    fn of(e: &crate::simulate::AnnualEnergy) -> Self {
        Self {
            it_gwh: gwh(e.it),
            electrical_losses_gwh: gwh(e.electrical_losses),
            cooling_gwh: gwh(e.cooling),
            house_gwh: gwh(e.house),
            lumped_overhead_gwh: gwh(e.lumped_overhead),
            facility_gwh: gwh(e.facility),
        }
    }
}

/// The year of a site with flexibility as operated ([`OperatedYear`]): the load served, where
/// its energy came from, and its PUE, CUE and WUE.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OperatedReport {
    /// The load served by component (IT after caps and curtailment), GWh.
    pub energy: EnergyReport,
    /// Data-centre energy for the PUE: grid import + on-site generation.
    pub data_centre_gwh: f64,
    /// Energy imported from the grid.
    pub grid_import_gwh: f64,
    /// Highest hourly grid import.
    pub peak_grid_import_mw: f64,
    /// Energy into the battery.
    pub battery_charge_gwh: f64,
    /// Energy out of the battery.
    pub battery_discharge_gwh: f64,
    /// Energy the battery lost.
    pub battery_losses_gwh: f64,
    /// Energy generated on site.
    pub generation_gwh: f64,
    /// Fuel burnt on site (HHV).
    pub fuel_gwh: f64,
    /// CO₂ from the fuel, tonnes.
    pub generation_emissions_t: f64,
    /// CO₂ of the grid import and the fuel, tonnes, with a carbon input.
    pub emissions_t: Option<f64>,
    /// PUE `(grid + generation) / IT`, IT at the IT input (category 3).
    pub pue: Option<f64>,
    /// CUE, kg CO₂ per kWh of IT, with a carbon input.
    pub cue_kg_per_kwh: Option<f64>,
    /// WUE, L/kWh.
    pub wue_l_per_kwh: Option<f64>,
    /// Make-up water.
    pub water_m3: f64,
}

impl OperatedReport {
    /// The report of `year` with the sustainability inputs `s` it was summed with.
    pub fn new(year: &OperatedYear, s: &Sustainability) -> Result<Self> {
        let carbon = year.carbon(s)?;
        // The figures of the sustainability report of the year (one code path).
        let k = Kpis::operated(year, s)?;
        Ok(Self {
            energy: EnergyReport::of(&year.energy),
            data_centre_gwh: gwh(year.data_centre_energy()),
            grid_import_gwh: gwh(year.grid_import),
            peak_grid_import_mw: mw(year.peak_grid_import),
            battery_charge_gwh: gwh(year.battery_charge),
            battery_discharge_gwh: gwh(year.battery_discharge),
            battery_losses_gwh: gwh(year.battery_losses),
            generation_gwh: gwh(year.generation),
            fuel_gwh: gwh(year.fuel),
            generation_emissions_t: year.generation_emissions().get::<kilogram>() / 1e3,
            emissions_t: carbon.map(|c| c.emissions.get::<kilogram>() / 1e3),
            pue: k.pue.map(Pue::get),
            cue_kg_per_kwh: k
                .cue
                .map(|c| c.get::<uom::si::mass_per_energy::kilogram_per_kilowatt_hour>()),
            wue_l_per_kwh: k.wue.map(WaterIntensity::get_liters_per_kwh),
            water_m3: year.water.get::<cubic_meter>(),
        })
    }

    /// The report as lines of text for people.
    pub fn table(&self) -> String {
        let shown = |x: Option<f64>, decimals: usize| {
            x.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
        };
        let e = &self.energy;
        let mut t = Table::new(["the year as operated", "GWh"]);
        for (name, v) in [
            ("IT served (after caps and curtailment)", e.it_gwh),
            ("facility load served", e.facility_gwh),
            ("grid import", self.grid_import_gwh),
            ("battery charge", self.battery_charge_gwh),
            ("battery discharge", self.battery_discharge_gwh),
            ("battery losses", self.battery_losses_gwh),
            ("on-site generation", self.generation_gwh),
            ("fuel (HHV)", self.fuel_gwh),
            ("data centre (grid + generation)", self.data_centre_gwh),
        ] {
            t.row([name.to_owned(), format!("{v:.3}")]);
        }
        format!(
            "{}\nPUE as operated {} ((grid + generation) / IT); CUE {} kg/kWh; WUE {} L/kWh; \
             peak grid import {:.1} MW; generation CO₂ {:.0} t\n",
            t.render(),
            shown(self.pue, 3),
            shown(self.cue_kg_per_kwh, 4),
            shown(self.wue_l_per_kwh, 2),
            self.peak_grid_import_mw,
            self.generation_emissions_t,
        )
    }
}

/// One loop over the year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoopYearReport {
    /// Loop name.
    pub name: String,
    /// Electric energy.
    pub energy_gwh: f64,
    /// Heat removed.
    pub heat_gwh: f64,
    /// Make-up water: evaporation + drift + blowdown.
    pub water_m3: f64,
    /// Water evaporated (a tower).
    pub evaporation_m3: f64,
    /// Water lost as drift (a tower).
    pub drift_m3: f64,
    /// Water blown down (a tower).
    pub blowdown_m3: f64,
    /// Hours fully free-cooled.
    pub free_cooling_hours: u32,
    /// Hours partly free-cooled.
    pub partial_free_cooling_hours: u32,
    /// Hours over heat-rejection capacity.
    pub hours_over_capacity: u32,
    /// Hours over a temperature limit.
    pub hours_over_temperature: u32,
    /// Least heat-rejection headroom of the year.
    pub min_heat_headroom_mw: f64,
    /// Least temperature headroom of the year.
    pub min_temperature_headroom_k: Option<f64>,
}

/// The annual simulation of a planned site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnualReport {
    /// Site name.
    pub site: String,
    /// Weather used.
    pub climate: String,
    /// Hours simulated.
    pub hours: usize,
    /// Whether the figures below (energy, PUE, water, each loop, heat reuse) are the load the
    /// racks would draw undispatched, beside a year as operated by the site's flexibility
    /// (absent from the JSON otherwise); the sustainability report is then the operated
    /// year's ([`crate::sustainability::Basis::Operated`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undispatched: bool,
    /// Primary racks installed (the plan's).
    pub primary_racks: u32,
    /// Accelerators installed.
    pub accelerators: u64,
    /// Energy by component.
    pub energy: EnergyReport,
    /// Annualised PUE, IT at the IT input (ISO/IEC 30134-2 category 3); `None` (JSON `null`)
    /// without IT energy (0 racks), where it is undefined — as are the other ratios to IT below.
    pub pue: Option<f64>,
    /// Annualised PUE with IT at the UPS output (category 1), if the chain has a UPS.
    pub pue_ups_output: Option<f64>,
    /// Lowest hourly PUE.
    pub pue_min_hourly: Option<f64>,
    /// Highest hourly PUE.
    pub pue_max_hourly: Option<f64>,
    /// Annual partial PUE of cooling.
    pub partial_pue_cooling: Option<f64>,
    /// Annual partial PUE of the electrical chain.
    pub partial_pue_electrical: Option<f64>,
    /// Water usage effectiveness, L/kWh.
    pub wue_l_per_kwh: Option<f64>,
    /// Site make-up water.
    pub water_m3: f64,
    /// Highest hourly facility power.
    pub peak_facility_mw: f64,
    /// Hours the facility exceeded the interconnect or the substation's firm capacity.
    pub hours_over_supply: u32,
    /// Each loop.
    pub loops: Vec<LoopYearReport>,
    /// Heat reuse, for a site with heat-reuse components (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse: Option<ReuseReport>,
    /// Carbon, water, renewables and the rules check, for a site with `[sustainability]`
    /// inputs (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sustainability: Option<SustainabilityReport>,
}

impl AnnualReport {
    /// The report of `year` at `site` in the climate named `climate`.
    pub fn new(site: &Site, climate: &str, year: &AnnualResult) -> Result<Self> {
        let e = &year.energy;
        Ok(Self {
            site: site.name().to_owned(),
            climate: climate.to_owned(),
            hours: year.hours,
            undispatched: false,
            primary_racks: year.primary_racks,
            accelerators: year.accelerators,
            energy: EnergyReport::of(e),
            pue: ratio(year.where_it_runs(|y| y.pue(ItMeasurement::ItInput))?),
            pue_ups_output: match year.pue(ItMeasurement::UpsOutput) {
                Err(crate::Error::Missing { .. }) => None, // no UPS in the chain
                _ => ratio(year.where_it_runs(|y| y.pue(ItMeasurement::UpsOutput))?),
            },
            pue_min_hourly: ratio(year.where_it_runs(|y| Ok(y.min_hourly_pue))?),
            pue_max_hourly: ratio(year.where_it_runs(|y| Ok(y.max_hourly_pue))?),
            partial_pue_cooling: ratio(year.where_it_runs(AnnualResult::partial_pue_cooling)?),
            partial_pue_electrical: ratio(
                year.where_it_runs(AnnualResult::partial_pue_electrical)?,
            ),
            wue_l_per_kwh: year
                .where_it_runs(AnnualResult::wue)?
                .map(WaterIntensity::get_liters_per_kwh),
            water_m3: year.water.get::<cubic_meter>(),
            peak_facility_mw: mw(year.peak_facility),
            hours_over_supply: year.hours_over_supply,
            loops: year
                .loops
                .iter()
                .map(|l| LoopYearReport {
                    name: l.name.clone(),
                    energy_gwh: gwh(l.energy),
                    heat_gwh: gwh(l.heat),
                    water_m3: l.water.get::<cubic_meter>(),
                    evaporation_m3: l.evaporation.get::<cubic_meter>(),
                    drift_m3: l.drift.get::<cubic_meter>(),
                    blowdown_m3: l.blowdown.get::<cubic_meter>(),
                    free_cooling_hours: l.free_cooling_hours,
                    partial_free_cooling_hours: l.partial_free_cooling_hours,
                    hours_over_capacity: l.hours_over_capacity,
                    hours_over_temperature: l.hours_over_temperature,
                    min_heat_headroom_mw: mw(l.min_heat_headroom),
                    min_temperature_headroom_k: l
                        .min_temperature_headroom
                        .map(|(t, _)| t.get::<kelvin_interval>()),
                })
                .collect(),
            reuse: year.reuse.map(|r| reuse_report(year, &r)).transpose()?,
            sustainability: None,
        })
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        let e = &self.energy;
        let mut out = format!(
            "{} — {} hours of {}\n{} racks, {} GPUs\n\n",
            self.site,
            thousands(self.hours as u64),
            self.climate,
            thousands(u64::from(self.primary_racks)),
            thousands(self.accelerators)
        );
        // Beside a year as operated, the kernel's sums are the load undispatched: say so.
        let undispatched = if self.undispatched {
            " (undispatched)"
        } else {
            ""
        };
        let energy = format!("annual energy{undispatched}");
        let mut t = Table::new([energy.as_str(), "GWh", "share of facility"]);
        for (name, v) in [
            ("IT", e.it_gwh),
            ("cooling", e.cooling_gwh),
            ("electrical losses", e.electrical_losses_gwh),
            ("house", e.house_gwh),
            ("lumped overhead", e.lumped_overhead_gwh),
            (
                "heat upgrade",
                self.reuse.as_ref().map_or(0.0, |r| r.heat_upgrade_gwh),
            ),
            ("facility", e.facility_gwh),
        ] {
            if !matches!(name, "lumped overhead" | "heat upgrade") || v > 0.0 {
                t.row([
                    name.to_owned(),
                    format!("{v:.1}"),
                    format!("{:.1} %", 100.0 * v / e.facility_gwh),
                ]);
            }
        }
        out += &t.render();
        let shown = |x: Option<f64>, decimals: usize| {
            x.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
        };
        out += &format!(
            "\nPUE annual{undispatched} {} (hourly {} … {}); pPUE cooling {}, electrical {}\n\
             WUE {} L/kWh ({} m³); peak facility {:.1} MW; hours over supply {}\n\n",
            shown(self.pue, 3),
            shown(self.pue_min_hourly, 3),
            shown(self.pue_max_hourly, 3),
            shown(self.partial_pue_cooling, 3),
            shown(self.partial_pue_electrical, 3),
            shown(self.wue_l_per_kwh, 2),
            thousands(self.water_m3.max(0.0).round() as u64),
            self.peak_facility_mw,
            thousands(u64::from(self.hours_over_supply))
        );
        if !self.loops.is_empty() {
            let cooling_loop = format!("cooling loop{undispatched}");
            let mut t = Table::new([
                cooling_loop.as_str(),
                "energy GWh",
                "free-cooled h",
                "partly h",
                "over capacity h",
                "over temp. h",
                "least headroom",
            ]);
            for l in &self.loops {
                t.row([
                    l.name.clone(),
                    format!("{:.1}", l.energy_gwh),
                    thousands(u64::from(l.free_cooling_hours)),
                    thousands(u64::from(l.partial_free_cooling_hours)),
                    thousands(u64::from(l.hours_over_capacity)),
                    thousands(u64::from(l.hours_over_temperature)),
                    format!(
                        "{:.2} MW{}",
                        l.min_heat_headroom_mw,
                        l.min_temperature_headroom_k
                            .map(|k| format!(", {k:.2} K"))
                            .unwrap_or_default()
                    ),
                ]);
            }
            out += &t.render();
            for l in self.loops.iter().filter(|l| l.water_m3 > 0.0) {
                let m3 = |v: f64| thousands(v.max(0.0).round() as u64);
                out += &format!(
                    "{}: make-up water {} m³ = evaporation {} + drift {} + blowdown {} m³\n",
                    l.name,
                    m3(l.water_m3),
                    m3(l.evaporation_m3),
                    m3(l.drift_m3),
                    m3(l.blowdown_m3)
                );
            }
        }
        if let Some(r) = &self.reuse {
            let shown = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"));
            out += &format!(
                "\nheat reuse: {:.1} GWh delivered ({:.1} GWh off the loops, heat pumps {:.1} GWh, \
                 {:.1} GWh of it on the site's meter); ERF {:.1} % ({:.1} GWh leaves the site), \
                 ERE {}\nPUE {} with the heat pumps, {} as EnEfG §11(2) counts it\n",
                r.delivered_gwh,
                r.source_gwh,
                r.heat_pump_gwh,
                r.heat_upgrade_gwh,
                100.0 * r.erf,
                r.reused_heat_gwh,
                shown(r.ere),
                shown(r.pue_facility),
                shown(r.pue_enefg),
            );
        }
        if let Some(s) = &self.sustainability {
            out += "\n";
            out += &s.table();
        }
        out
    }
}

fn reuse_report(year: &AnnualResult, r: &crate::simulate::ReuseYear) -> Result<ReuseReport> {
    let erf = year.erf()?;
    let pue = year.where_it_runs(|y| y.pue(ItMeasurement::ItInput))?;
    Ok(ReuseReport {
        delivered_gwh: gwh(r.delivered),
        source_gwh: gwh(r.source),
        heat_pump_gwh: gwh(r.heat_pump),
        heat_upgrade_gwh: gwh(year.energy.heat_upgrade),
        reused_heat_gwh: gwh(year.energy.reused_heat),
        erf: erf.get(),
        ere: pue.map(|p| crate::metrics::ere(p, erf).get::<ratio>()),
        pue_facility: pue.map(Pue::get),
        pue_enefg: ratio(year.where_it_runs(AnnualResult::pue_enefg)?),
    })
}
