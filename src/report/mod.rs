//! Results for people and machines: report structs with stable, unit-suffixed field names
//! (`it_mw`, `supply_c`, `headroom_k`) that serialise to JSON, plain-text tables, CSV writers
//! and (with the `cli` feature) SVG charts.
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::report::PlanReport;
//! let site = Site::builder("campus", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
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

#[cfg(feature = "cli")]
pub mod chart;
pub mod csv;
mod table;

pub use table::Table;

use crate::capacity::Plan;
use crate::climate::Ambient;
use crate::cooling::TemperatureLimit;
use crate::economics::Evaluation;
use crate::error::Result;
use crate::it::Deployment;
use crate::metrics::ItMeasurement;
use crate::money::Money;
use crate::operating::{Constraint, ConstraintKind, Headroom, Level, OperatingPoint};
use crate::simulate::AnnualResult;
use crate::site::Site;
use crate::units::*;
use serde::Serialize;

fn mw(p: Power) -> f64 {
    p.get::<megawatt>()
}

fn gwh(e: Energy) -> f64 {
    e.get::<gigawatt_hour>()
}

/// An outdoor state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AmbientReport {
    /// Dry-bulb, °C.
    pub dry_bulb_c: f64,
    /// Wet-bulb, °C.
    pub wet_bulb_c: f64,
    /// Water-body temperature, °C, where the site has one.
    pub water_c: Option<f64>,
    /// Barometric pressure, kPa.
    pub pressure_kpa: f64,
}

impl From<&Ambient> for AmbientReport {
    fn from(a: &Ambient) -> Self {
        Self {
            dry_bulb_c: to_celsius(a.dry_bulb()),
            wet_bulb_c: to_celsius(a.wet_bulb()),
            water_c: a.water().map(to_celsius),
            pressure_kpa: a.pressure().get::<kilopascal>(),
        }
    }
}

/// One constraint and the room left on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConstraintReport {
    /// What it is, for people ("cooling loop 'liquid' heat rejection").
    pub constraint: String,
    /// Stable identifier of the kind: `grid_interconnect`, `substation_firm`, `electrical`,
    /// `cooling_capacity`, `cooling_temperature`, `chip_case_temperature`, `hall_positions`,
    /// `hall_power`.
    pub kind: &'static str,
    /// Room left, in `unit` (negative: exceeded).
    pub headroom: f64,
    /// `MW`, `racks` or `K`.
    pub unit: &'static str,
    /// Used / limit, for power and positions.
    pub utilisation: Option<f64>,
}

impl From<&Constraint> for ConstraintReport {
    fn from(c: &Constraint) -> Self {
        let kind = match &c.kind {
            ConstraintKind::GridInterconnect => "grid_interconnect",
            ConstraintKind::SubstationFirm => "substation_firm",
            ConstraintKind::Electrical { .. } => "electrical",
            ConstraintKind::CoolingCapacity { .. } => "cooling_capacity",
            ConstraintKind::CoolingTemperature {
                limit: TemperatureLimit::Class,
                ..
            } => "cooling_temperature",
            ConstraintKind::CoolingTemperature {
                limit: TemperatureLimit::ChipCase,
                ..
            } => "chip_case_temperature",
            ConstraintKind::HallPositions { .. } => "hall_positions",
            ConstraintKind::HallPower { .. } => "hall_power",
        };
        let (headroom, unit) = match c.headroom {
            Headroom::Power(p) => (mw(p), "MW"),
            Headroom::Racks(n) => (n as f64, "racks"),
            Headroom::Temperature(t) => (t.get::<kelvin_interval>(), "K"),
        };
        Self {
            constraint: c.kind.to_string(),
            kind,
            headroom,
            unit,
            utilisation: c.utilisation,
        }
    }
}

/// Where the interconnect's megawatts go at one operating point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PowerReport {
    /// Grid interconnect capacity.
    pub interconnect_mw: f64,
    /// Usable supply: the smaller of the interconnect and the substation's firm capacity.
    pub usable_supply_mw: f64,
    /// IT at the IT equipment input.
    pub it_mw: f64,
    /// Electrical losses, substation included.
    pub electrical_losses_mw: f64,
    /// Cooling.
    pub cooling_mw: f64,
    /// House loads.
    pub house_mw: f64,
    /// Overhead of a lumped-PUE site.
    pub lumped_overhead_mw: f64,
    /// Facility power at the grid.
    pub facility_mw: f64,
    /// Interconnect capacity not drawn.
    pub unused_mw: f64,
}

impl PowerReport {
    /// The breakdown of `op` at `site`.
    pub fn new(site: &Site, op: &OperatingPoint) -> Self {
        let interconnect = site.interconnect().capacity();
        Self {
            interconnect_mw: mw(interconnect),
            usable_supply_mw: mw(site.usable_supply()),
            it_mw: mw(op.it),
            electrical_losses_mw: mw(op.electrical_losses),
            cooling_mw: mw(op.cooling),
            house_mw: mw(op.house),
            lumped_overhead_mw: mw(op.lumped_overhead),
            facility_mw: mw(op.facility),
            unused_mw: mw(interconnect - op.facility),
        }
    }
}

/// A cooling loop at the design hour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoopPlanReport {
    /// Loop name.
    pub name: String,
    /// `air` or `liquid`.
    pub medium: String,
    /// Heat taken from the racks.
    pub heat_mw: f64,
    /// Heat-rejection capacity at the design hour (redundant units out).
    pub capacity_mw: f64,
    /// Capacity − heat.
    pub heat_headroom_mw: f64,
    /// Supply delivered to the IT.
    pub supply_c: f64,
    /// Facility-side supply delivered.
    pub facility_supply_c: f64,
    /// Temperature headroom against the tightest limit, if any applies.
    pub temperature_headroom_k: Option<f64>,
    /// `class` or `chip_case`.
    pub temperature_limit: Option<&'static str>,
    /// Share of the heat removed without compressors.
    pub free_cooling_fraction: f64,
    /// Chiller COP when the chiller runs.
    pub cop: Option<f64>,
    /// Electric power of the loop.
    pub power_mw: f64,
}

/// A stage of the electrical chain at the design hour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StagePlanReport {
    /// Stage name.
    pub name: String,
    /// `pdu`, `ups`, `transformer`, …
    pub kind: String,
    /// `critical`, `shared` or `substation`.
    pub level: &'static str,
    /// Usable capacity (redundant units out).
    pub capacity_mw: f64,
    /// Power delivered.
    pub output_mw: f64,
    /// Losses.
    pub loss_mw: f64,
    /// Output / usable capacity.
    pub utilisation: f64,
}

/// Racks of one profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackCountReport {
    /// Profile name.
    pub name: String,
    /// Racks.
    pub racks: u64,
}

/// A hall at the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HallReport {
    /// Hall name.
    pub name: String,
    /// Primary racks placed.
    pub primary_racks: u32,
    /// All racks placed.
    pub racks: u64,
    /// IT power placed.
    pub it_mw: f64,
}

/// The capacity plan of a site: what fits, what binds, every headroom.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanReport {
    /// Site name.
    pub site: String,
    /// Primary rack profile.
    pub rack: String,
    /// The design hour the plan was judged at.
    pub design_ambient: AmbientReport,
    /// Primary racks that fit.
    pub primary_racks: u32,
    /// Support racks by profile.
    pub support_racks: Vec<RackCountReport>,
    /// All racks.
    pub racks_total: u64,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// Hash rate of bitcoin miners, TH/s (0 for GPU racks).
    pub hashrate_ths: f64,
    /// The constraint one more primary rack would exceed.
    pub binding: ConstraintReport,
    /// Where the megawatts go.
    pub power: PowerReport,
    /// Design-hour PUE, IT at the IT input (category 3).
    pub pue: f64,
    /// Design-hour PUE with IT at the UPS output (category 1), if the chain has a UPS.
    pub pue_ups_output: Option<f64>,
    /// Partial PUE of cooling.
    pub partial_pue_cooling: f64,
    /// Partial PUE of the electrical chain.
    pub partial_pue_electrical: f64,
    /// Make-up water at the design hour, m³/h.
    pub water_m3_per_h: f64,
    /// Cooling loops.
    pub loops: Vec<LoopPlanReport>,
    /// Electrical stages, load upward.
    pub stages: Vec<StagePlanReport>,
    /// Halls.
    pub halls: Vec<HallReport>,
    /// Every constraint with its headroom.
    pub headroom: Vec<ConstraintReport>,
}

impl PlanReport {
    /// The report of `plan` for `deployment` at `site`.
    pub fn new(site: &Site, deployment: &Deployment, plan: &Plan) -> Result<Self> {
        let op = &plan.operating_point;
        let loops = op
            .loops
            .iter()
            .map(|l| {
                let t = l.temperature_headroom();
                LoopPlanReport {
                    name: l.name.clone(),
                    medium: l.medium.to_string(),
                    heat_mw: mw(l.state.heat),
                    capacity_mw: mw(l.state.capacity),
                    heat_headroom_mw: mw(l.state.heat_headroom()),
                    supply_c: to_celsius(l.state.supply),
                    facility_supply_c: to_celsius(l.state.facility_supply),
                    temperature_headroom_k: t.map(|(k, _)| k.get::<kelvin_interval>()),
                    temperature_limit: t.map(|(_, limit)| match limit {
                        TemperatureLimit::Class => "class",
                        TemperatureLimit::ChipCase => "chip_case",
                    }),
                    free_cooling_fraction: l.state.free_cooling.get(),
                    cop: l.state.cop.map(|c| c.get()),
                    power_mw: mw(l.state.power),
                }
            })
            .collect();
        let stages = op
            .stages
            .iter()
            .map(|s| StagePlanReport {
                name: s.name.clone(),
                kind: format!("{:?}", s.kind).to_lowercase(),
                level: match s.level {
                    Level::Critical => "critical",
                    Level::Shared => "shared",
                    Level::Substation => "substation",
                },
                capacity_mw: mw(s.capacity),
                output_mw: mw(s.flow.output),
                loss_mw: mw(s.flow.loss),
                utilisation: s.flow.utilisation,
            })
            .collect();
        let halls = op
            .halls
            .iter()
            .map(|h| HallReport {
                name: h.name.clone(),
                primary_racks: h.racks.primary,
                racks: h.racks.total(),
                it_mw: mw(h.it),
            })
            .collect();
        Ok(Self {
            site: site.name().to_owned(),
            rack: deployment.primary().name().to_owned(),
            design_ambient: AmbientReport::from(&plan.ambient),
            primary_racks: plan.primary_racks,
            support_racks: deployment
                .support()
                .iter()
                .zip(&plan.racks.support)
                .map(|(s, &n)| RackCountReport {
                    name: s.profile().name().to_owned(),
                    racks: u64::from(n),
                })
                .collect(),
            racks_total: plan.racks.total(),
            accelerators: plan.accelerators,
            hashrate_ths: deployment.hashrate(&plan.racks).get(),
            binding: ConstraintReport::from(&plan.binding),
            power: PowerReport::new(site, op),
            pue: op.pue(ItMeasurement::ItInput)?.get(),
            pue_ups_output: match op.pue(ItMeasurement::UpsOutput) {
                Err(crate::Error::Missing { .. }) => None, // no UPS in the chain
                pue => Some(pue?.get()),
            },
            partial_pue_cooling: op.partial_pue_cooling()?.get(),
            partial_pue_electrical: op.partial_pue_electrical()?.get(),
            water_m3_per_h: op.water.get::<cubic_meter_per_hour>(),
            loops,
            stages,
            halls,
            headroom: op.constraints.iter().map(ConstraintReport::from).collect(),
        })
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} — capacity plan at the design hour ({:.1} °C dry-bulb, {:.1} °C wet-bulb{})\n\n",
            self.site,
            self.design_ambient.dry_bulb_c,
            self.design_ambient.wet_bulb_c,
            self.design_ambient
                .water_c
                .map(|w| format!(", water {w:.1} °C"))
                .unwrap_or_default()
        );
        let support: String = self
            .support_racks
            .iter()
            .map(|s| format!(" + {} {}", s.racks, s.name))
            .collect();
        out += &format!(
            "Fits {} racks of {}{support} = {} GPUs",
            self.primary_racks, self.rack, self.accelerators
        );
        if self.hashrate_ths > 0.0 {
            out += &format!(", {:.2} EH/s", self.hashrate_ths / 1e6);
        }
        out += &format!("\nBinding constraint: {}\n\n", self.binding.constraint);
        let p = &self.power;
        let mut t = Table::new(["where the megawatts go", "MW", "share of interconnect"]);
        for (name, v) in [
            ("IT", p.it_mw),
            ("cooling", p.cooling_mw),
            ("electrical losses", p.electrical_losses_mw),
            ("house", p.house_mw),
            ("lumped overhead", p.lumped_overhead_mw),
            ("unused", p.unused_mw),
        ] {
            if name != "lumped overhead" || v > 0.0 {
                t.row([
                    name.to_owned(),
                    format!("{v:.2}"),
                    format!("{:.1} %", 100.0 * v / p.interconnect_mw),
                ]);
            }
        }
        t.row([
            "interconnect".to_owned(),
            format!("{:.2}", p.interconnect_mw),
            "100.0 %".to_owned(),
        ]);
        out += &t.render();
        out += &format!(
            "\nDesign-hour PUE {:.3} (pPUE cooling {:.3}, electrical {:.3})\n\n",
            self.pue, self.partial_pue_cooling, self.partial_pue_electrical
        );
        if !self.loops.is_empty() {
            let mut t = Table::new([
                "cooling loop",
                "medium",
                "heat MW",
                "capacity MW",
                "supply °C",
                "free cooling",
                "power MW",
            ]);
            for l in &self.loops {
                t.row([
                    l.name.clone(),
                    l.medium.clone(),
                    format!("{:.2}", l.heat_mw),
                    format!("{:.2}", l.capacity_mw),
                    format!("{:.1}", l.supply_c),
                    format!("{:.0} %", 100.0 * l.free_cooling_fraction),
                    format!("{:.2}", l.power_mw),
                ]);
            }
            out += &t.render();
            out.push('\n');
        }
        out += &headroom_table(&self.headroom).render();
        out
    }
}

/// Every constraint with its headroom, for people.
pub fn headroom_table(headroom: &[ConstraintReport]) -> Table {
    let mut t = Table::new(["constraint", "headroom", "utilisation"]);
    for c in headroom {
        t.row([
            c.constraint.clone(),
            if c.unit == "racks" {
                format!("{:.0} racks", c.headroom)
            } else {
                format!("{:.2} {}", c.headroom, c.unit)
            },
            c.utilisation
                .map(|u| format!("{:.1} %", 100.0 * u))
                .unwrap_or_default(),
        ]);
    }
    t
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

/// One loop over the year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoopYearReport {
    /// Loop name.
    pub name: String,
    /// Electric energy.
    pub energy_gwh: f64,
    /// Heat removed.
    pub heat_gwh: f64,
    /// Make-up water.
    pub water_m3: f64,
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
    /// Primary racks installed (the plan's).
    pub primary_racks: u32,
    /// Accelerators installed.
    pub accelerators: u64,
    /// Energy by component.
    pub energy: EnergyReport,
    /// Annualised PUE, IT at the IT input (ISO/IEC 30134-2 category 3).
    pub pue: f64,
    /// Annualised PUE with IT at the UPS output (category 1), if the chain has a UPS.
    pub pue_ups_output: Option<f64>,
    /// Lowest hourly PUE.
    pub pue_min_hourly: f64,
    /// Highest hourly PUE.
    pub pue_max_hourly: f64,
    /// Annual partial PUE of cooling.
    pub partial_pue_cooling: f64,
    /// Annual partial PUE of the electrical chain.
    pub partial_pue_electrical: f64,
    /// Water usage effectiveness, L/kWh.
    pub wue_l_per_kwh: f64,
    /// Site make-up water.
    pub water_m3: f64,
    /// Highest hourly facility power.
    pub peak_facility_mw: f64,
    /// Hours the facility exceeded the interconnect or the substation's firm capacity.
    pub hours_over_supply: u32,
    /// Each loop.
    pub loops: Vec<LoopYearReport>,
}

impl AnnualReport {
    /// The report of `year` at `site` in the climate named `climate`.
    pub fn new(site: &Site, climate: &str, year: &AnnualResult) -> Result<Self> {
        let e = &year.energy;
        Ok(Self {
            site: site.name().to_owned(),
            climate: climate.to_owned(),
            hours: year.hours,
            primary_racks: year.primary_racks,
            accelerators: year.accelerators,
            energy: EnergyReport {
                it_gwh: gwh(e.it),
                electrical_losses_gwh: gwh(e.electrical_losses),
                cooling_gwh: gwh(e.cooling),
                house_gwh: gwh(e.house),
                lumped_overhead_gwh: gwh(e.lumped_overhead),
                facility_gwh: gwh(e.facility),
            },
            pue: year.pue(ItMeasurement::ItInput)?.get(),
            pue_ups_output: match year.pue(ItMeasurement::UpsOutput) {
                Err(crate::Error::Missing { .. }) => None, // no UPS in the chain
                pue => Some(pue?.get()),
            },
            pue_min_hourly: year.min_hourly_pue.get(),
            pue_max_hourly: year.max_hourly_pue.get(),
            partial_pue_cooling: year.partial_pue_cooling()?.get(),
            partial_pue_electrical: year.partial_pue_electrical()?.get(),
            wue_l_per_kwh: year.wue()?,
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
        })
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        let e = &self.energy;
        let mut out = format!(
            "{} — {} hours of {}\n{} racks, {} GPUs\n\n",
            self.site, self.hours, self.climate, self.primary_racks, self.accelerators
        );
        let mut t = Table::new(["annual energy", "GWh", "share of facility"]);
        for (name, v) in [
            ("IT", e.it_gwh),
            ("cooling", e.cooling_gwh),
            ("electrical losses", e.electrical_losses_gwh),
            ("house", e.house_gwh),
            ("lumped overhead", e.lumped_overhead_gwh),
            ("facility", e.facility_gwh),
        ] {
            if name != "lumped overhead" || v > 0.0 {
                t.row([
                    name.to_owned(),
                    format!("{v:.1}"),
                    format!("{:.1} %", 100.0 * v / e.facility_gwh),
                ]);
            }
        }
        out += &t.render();
        out += &format!(
            "\nPUE annual {:.3} (hourly {:.3} … {:.3}); pPUE cooling {:.3}, electrical {:.3}\n\
             WUE {:.2} L/kWh ({:.0} m³); peak facility {:.1} MW; hours over supply {}\n\n",
            self.pue,
            self.pue_min_hourly,
            self.pue_max_hourly,
            self.partial_pue_cooling,
            self.partial_pue_electrical,
            self.wue_l_per_kwh,
            self.water_m3,
            self.peak_facility_mw,
            self.hours_over_supply
        );
        if !self.loops.is_empty() {
            let mut t = Table::new([
                "cooling loop",
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
                    l.free_cooling_hours.to_string(),
                    l.partial_free_cooling_hours.to_string(),
                    l.hours_over_capacity.to_string(),
                    l.hours_over_temperature.to_string(),
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
        }
        out
    }
}

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
             Capex {:.1} MUSD; NPV {:.1} MUSD (equity {:.1} MUSD); IRR {} (equity {}); payback {}; \
             min DSCR {}\nLevelised cost {}; steady state: revenue {:.1}, opex {:.1}, margin {:.1} \
             MUSD/yr ({:.2} MUSD per MW of interconnect)\n\n",
            self.start,
            self.first_online,
            self.fully_online,
            self.capex_musd,
            self.npv_musd,
            self.equity_npv_musd,
            pct(self.irr),
            pct(self.equity_irr),
            self.payback_years
                .map_or("never".to_owned(), |y| format!("{y:.1} years")),
            self.min_dscr.map_or("—".to_owned(), |d| format!("{d:.2}")),
            self.levelised_cost.as_deref().unwrap_or("—"),
            self.revenue_musd_per_year,
            self.opex_musd_per_year,
            self.margin_musd_per_year,
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
                format!("{:.1}", y.revenue_musd),
                format!("{:.1}", y.opex_musd),
                format!("{:.1}", y.capex_musd),
                format!("{:.1}", y.cash_flow_musd),
                format!("{:.1}", y.cumulative_musd),
            ]);
        }
        out += &t.render();
        out
    }
}
