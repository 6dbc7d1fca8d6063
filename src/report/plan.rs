//! The capacity plan of a site at the design hour: what fits, what binds, where the megawatts
//! go, every loop, stage, hall and headroom.

use super::{SustainabilityReport, Table, mw, ratio, thousands};
use crate::capacity::Plan;
use crate::climate::Ambient;
use crate::cooling::{CoolingLoop, LoopState, Medium, TemperatureLimit};
use crate::error::Result;
use crate::it::{Amount, Deployment, RackCounts, RackProfile, RackType, WaterClass};
use crate::metrics::ItMeasurement;
use crate::operating::{Constraint, ConstraintKind, Headroom, Level, OperatingPoint};
use crate::site::Site;
use crate::units::*;
use serde::Serialize;

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
    /// `cooling_capacity`, `cooling_set_point`, `cooling_temperature`, `chip_case_temperature`,
    /// `coolant_freezing`, `hall_positions`, `hall_power`.
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
                limit: TemperatureLimit::SetPoint,
                ..
            } => "cooling_set_point",
            ConstraintKind::CoolingTemperature {
                limit: TemperatureLimit::Class,
                ..
            } => "cooling_temperature",
            ConstraintKind::CoolingTemperature {
                limit: TemperatureLimit::ChipCase,
                ..
            } => "chip_case_temperature",
            ConstraintKind::CoolingTemperature {
                limit: TemperatureLimit::Freezing,
                ..
            } => "coolant_freezing",
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

/// The binding constraint: the one a plan's next rack (`primary_racks + 1`) would exceed.
///
/// Not a headroom at the plan: the same constraint in [`PlanReport::headroom`] has the room
/// left with the plan's racks (≥ 0), this the amount one rack more would take it past its limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingReport {
    /// What it is, for people ("grid interconnect").
    pub constraint: String,
    /// Stable identifier of the kind, as [`ConstraintReport::kind`].
    pub kind: &'static str,
    /// How far past its limit one more primary rack would take it, in `unit` (> 0): the
    /// shortfall to make room for the next rack (with 0 racks, for the first).
    pub overshoot_at_next_rack: f64,
    /// `MW`, `racks` or `K`.
    pub unit: &'static str,
    /// Used / limit with one more rack (> 1), for power and positions with a limit above zero.
    pub utilisation_at_next_rack: Option<f64>,
}

impl From<&Constraint> for BindingReport {
    /// The report of a constraint judged one rack beyond the plan ([`Plan::binding`]).
    fn from(c: &Constraint) -> Self {
        let r = ConstraintReport::from(c);
        Self {
            constraint: r.constraint,
            kind: r.kind,
            overshoot_at_next_rack: -r.headroom,
            unit: r.unit,
            utilisation_at_next_rack: r.utilisation,
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
    /// Site-owned heat pumps upgrading heat for reuse, at the year's peak heat demand
    /// ([`OperatingPoint::heat_upgrade`]).
    pub heat_upgrade_mw: f64,
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
            heat_upgrade_mw: mw(op.heat_upgrade),
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
    /// `set_point`, `class`, `chip_case` or `freezing`.
    pub temperature_limit: Option<&'static str>,
    /// Share of the heat removed without compressors.
    pub free_cooling_fraction: f64,
    /// Chiller COP when the chiller runs.
    pub cop: Option<f64>,
    /// Electric power of the loop.
    pub power_mw: f64,
    /// Heat-rejection units installed.
    pub units_installed: u32,
    /// Units that carry the load with the redundant ones out.
    pub units_carrying: u32,
    /// The redundancy rule (`N+1`, `2N`, …).
    pub redundancy: String,
    /// Rated capacity with the redundant units out: `capacity` in the site file (the units'
    /// capacity at their rating conditions, before the design hour's ambient).
    pub rated_capacity_mw: f64,
    /// A liquid loop's temperature chain and CDUs (none for air loops).
    pub liquid_chain: Option<LiquidChainReport>,
}

/// The temperature chain of a liquid loop at the design hour, from the chips to the sink: the
/// warmest rack coolant the racks accept (chip case limit less the hottest case's rise; the
/// vendor's coolant limit), less the CDU approach the warmest facility water (with the racks'
/// water class), and what the loop delivers against them.
///
/// # Units
///
/// Temperatures in °C, the approach in K, the rack-side (TCS) flow in L/s.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiquidChainReport {
    /// Lowest accelerator case limit of the racks served with a cold-plate path.
    pub chip_case_limit_c: Option<f64>,
    /// Warmest rack-coolant (TCS) supply the racks accept.
    pub max_rack_coolant_c: Option<f64>,
    /// Rack-coolant supply delivered.
    pub rack_coolant_c: f64,
    /// Rack-coolant supply − facility supply: the CDU's approach (or the loop's terminal
    /// approach without a CDU stage).
    pub approach_k: f64,
    /// The tightest water class of the racks served (`W32` …).
    pub water_class: Option<String>,
    /// Warmest facility supply the racks accept: their water class, and the rack-coolant limit
    /// less the approach.
    pub max_facility_supply_c: Option<f64>,
    /// Facility supply delivered.
    pub facility_supply_c: f64,
    /// The sink's reference at the design hour (dry-bulb, wet-bulb or water temperature).
    pub sink_c: f64,
    /// CDUs installed for the loop's heat (row-level: carrying + spares; rack-level: one per
    /// liquid-cooled rack); none without a CDU stage.
    pub cdu_units: Option<u64>,
    /// Rack-side (TCS) coolant flow at the design hour's heat.
    pub tcs_flow_l_per_s: Option<f64>,
}

impl LiquidChainReport {
    /// The chain of liquid loop `l` (state `state`) serving `deployment` with `racks`.
    fn new(
        site_loop: &CoolingLoop,
        state: &LoopState,
        deployment: &Deployment,
        racks: &RackCounts,
    ) -> Result<Self> {
        let liquid: Vec<&RackProfile> = deployment
            .profiles()
            .filter(|r| r.liquid_heat().get::<watt>() > 0.0)
            .collect();
        let limits = Site::supply_limits(deployment, site_loop)?;
        let approach =
            kelvin_diff(state.supply.get::<kelvin>() - state.facility_supply.get::<kelvin>());
        let class = liquid
            .iter()
            .filter_map(|r| r.water_class())
            .min_by(|a, b| {
                let t = |c: &WaterClass| c.max_supply().map_or(f64::INFINITY, to_celsius);
                t(a).total_cmp(&t(b))
            });
        let from_coolant = limits.max_coolant_for_chips.map(|t| t - approach);
        let max_facility = match (limits.max_supply, from_coolant) {
            (Some(a), Some(b)) => Some(if a < b { a } else { b }),
            (a, b) => a.or(b),
        };
        let cdu = site_loop.cdu();
        let liquid_racks: u64 = racks
            .as_slice()
            .iter()
            .copied()
            .zip(deployment.profiles())
            .filter(|(_, r)| r.liquid_heat().get::<watt>() > 0.0)
            .map(|(n, _)| u64::from(n))
            .sum();
        Ok(Self {
            chip_case_limit_c: liquid
                .iter()
                .filter_map(|r| r.cold_plates().map(|p| to_celsius(p.case_limit())))
                .min_by(f64::total_cmp),
            max_rack_coolant_c: limits.max_coolant_for_chips.map(to_celsius),
            rack_coolant_c: to_celsius(state.supply),
            approach_k: approach.get::<kelvin_interval>(),
            water_class: class.map(|c| c.to_string()),
            max_facility_supply_c: max_facility.map(to_celsius),
            facility_supply_c: to_celsius(state.facility_supply),
            sink_c: to_celsius(state.sink_temperature),
            cdu_units: cdu
                .map(|c| c.units_for(state.heat, liquid_racks))
                .transpose()?,
            tcs_flow_l_per_s: cdu
                .filter(|_| state.heat.get::<watt>() > 0.0)
                .map(|c| c.flow(state.heat, state.supply))
                .transpose()?
                .map(|f| f.get::<liter_per_second>()),
        })
    }
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
    /// One rack of this profile per this many racks of the type it serves (in each hall).
    pub per_primary: u32,
}

/// One rack type of the deployment at the plan: its racks, the support racks serving them,
/// and what they hold and draw.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackTypeReport {
    /// Name of the type.
    pub name: String,
    /// Its rack profile.
    pub rack: String,
    /// Its share of the grown block (0 … 1); `None` (JSON `null`) for a fixed count.
    pub share: Option<f64>,
    /// Racks of the type.
    pub racks: u64,
    /// Support racks serving them, by profile.
    pub support_racks: Vec<RackCountReport>,
    /// Accelerators (GPUs) in them and their support racks.
    pub accelerators: u64,
    /// Design IT power of the type's racks and their support racks.
    pub it_mw: f64,
    /// Their heat to the liquid loops.
    pub liquid_heat_mw: f64,
    /// Their heat to the air loops.
    pub air_heat_mw: f64,
}

/// A hall at the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HallReport {
    /// Hall name.
    pub name: String,
    /// Racks of the deployment's rack types placed (support racks not counted).
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
    /// Rack profile of the (first) rack type that grows.
    pub rack: String,
    /// IT power of one rack of the (first) type that grows, at the IT equipment input, kW.
    pub rack_it_kw: f64,
    /// The design hour the plan was judged at.
    pub design_ambient: AmbientReport,
    /// Racks of the grown block that fit (for one rack type: its racks).
    pub primary_racks: u32,
    /// Support racks by profile, every type's.
    pub support_racks: Vec<RackCountReport>,
    /// Each rack type: racks, support racks, GPUs, IT and heat.
    pub fleet: Vec<RackTypeReport>,
    /// All racks.
    pub racks_total: u64,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// Hash rate of bitcoin miners, TH/s (0 for GPU racks).
    pub hashrate_ths: f64,
    /// The constraint one more primary rack would exceed, and by how much.
    pub binding: BindingReport,
    /// Where the megawatts go.
    pub power: PowerReport,
    /// Design-hour PUE, IT at the IT input (category 3); `None` (JSON `null`) without IT
    /// power (0 racks fit), where PUE is undefined.
    pub pue: Option<f64>,
    /// Design-hour PUE with IT at the UPS output (category 1); `None` if the chain has no UPS,
    /// or without IT power.
    pub pue_ups_output: Option<f64>,
    /// Partial PUE of cooling; `None` without IT power.
    pub partial_pue_cooling: Option<f64>,
    /// Partial PUE of the electrical chain; `None` without IT power.
    pub partial_pue_electrical: Option<f64>,
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
    /// Carbon, water, renewables and the rules check at the design hour, for a site with
    /// `[sustainability]` inputs (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sustainability: Option<SustainabilityReport>,
}

impl PlanReport {
    /// The report of `plan` for `deployment` at `site`.
    pub fn new(site: &Site, deployment: &Deployment, plan: &Plan) -> Result<Self> {
        let op = &plan.operating_point;
        let loops =
            op.loops
                .iter()
                .map(|l| {
                    let t = l.temperature_headroom();
                    let site_loop = site.loops().iter().find(|s| s.name() == l.name);
                    let units = site_loop
                        .and_then(|s| s.design().map(|d| d.units))
                        .or_else(|| site_loop.and_then(|s| s.crac_design().map(|d| d.units)));
                    Ok(LoopPlanReport {
                        name: l.name.clone(),
                        medium: l.medium.to_string(),
                        heat_mw: mw(l.state.heat),
                        capacity_mw: mw(l.state.capacity),
                        heat_headroom_mw: mw(l.state.heat_headroom()),
                        supply_c: to_celsius(l.state.supply),
                        facility_supply_c: to_celsius(l.state.facility_supply),
                        temperature_headroom_k: t.map(|(k, _)| k.get::<kelvin_interval>()),
                        temperature_limit: t.map(|(_, limit)| match limit {
                            TemperatureLimit::SetPoint => "set_point",
                            TemperatureLimit::Class => "class",
                            TemperatureLimit::ChipCase => "chip_case",
                            TemperatureLimit::Freezing => "freezing",
                        }),
                        free_cooling_fraction: l.state.free_cooling.get(),
                        cop: l.state.cop.map(|c| c.get()),
                        power_mw: mw(l.state.power),
                        units_installed: units.map_or(0, |u| u.installed()),
                        units_carrying: units.map_or(0, |u| u.carrying()),
                        redundancy: units
                            .map(|u| u.redundancy().to_string())
                            .unwrap_or_default(),
                        rated_capacity_mw: site_loop.map_or(0.0, |s| mw(s.usable_capacity())),
                        liquid_chain: match site_loop {
                            Some(s) if s.medium() == Medium::Liquid => Some(
                                LiquidChainReport::new(s, &l.state, deployment, &plan.racks)?,
                            ),
                            _ => None,
                        },
                    })
                })
                .collect::<Result<Vec<_>>>()?;
        let stages = op
            .stages
            .iter()
            .map(|s| StagePlanReport {
                name: s.name.clone(),
                kind: format!("{:?}", s.kind).to_lowercase(),
                level: match s.level {
                    Level::Critical => "critical",
                    Level::Auxiliary => "auxiliary",
                    Level::Shared => "shared",
                    Level::Substation => "substation",
                },
                capacity_mw: mw(s.capacity),
                output_mw: mw(s.flow.output),
                loss_mw: mw(s.flow.loss),
                utilisation: s.flow.utilisation,
            })
            .collect();
        let types = deployment.types();
        let halls = op
            .halls
            .iter()
            .map(|h| HallReport {
                name: h.name.clone(),
                primary_racks: (0..types.len())
                    .map(|t| h.racks.get(deployment.type_index(t)))
                    .fold(0, u32::saturating_add),
                racks: h.racks.total(),
                it_mw: mw(h.it),
            })
            .collect();
        let fleet: Vec<RackTypeReport> = deployment
            .type_totals(&plan.racks)
            .into_iter()
            .map(|t| RackTypeReport {
                name: t.rack_type.name().to_owned(),
                rack: t.rack_type.profile().name().to_owned(),
                share: match t.rack_type.amount() {
                    Amount::Share(s) => Some(s.get()),
                    Amount::Fixed(_) => None,
                },
                racks: u64::from(t.racks),
                support_racks: support_rows(t.rack_type, &t.support),
                accelerators: t.accelerators,
                it_mw: mw(t.it),
                liquid_heat_mw: mw(t.liquid_heat),
                air_heat_mw: mw(t.air_heat),
            })
            .collect();
        Ok(Self {
            site: site.name().to_owned(),
            rack: deployment.primary().name().to_owned(),
            rack_it_kw: deployment.primary().it_power().get::<kilowatt>(),
            design_ambient: AmbientReport::from(&plan.ambient),
            primary_racks: plan.primary_racks,
            support_racks: fleet
                .iter()
                .flat_map(|t| t.support_racks.iter().cloned())
                .collect(),
            fleet,
            racks_total: plan.racks.total(),
            accelerators: plan.accelerators,
            hashrate_ths: deployment.hashrate(&plan.racks).get(),
            binding: BindingReport::from(&plan.binding),
            power: PowerReport::new(site, op),
            pue: ratio(op.where_it_runs(|op| op.pue(ItMeasurement::ItInput))?),
            pue_ups_output: match op.pue(ItMeasurement::UpsOutput) {
                Err(crate::Error::Missing { .. }) => None, // no UPS in the chain
                _ => ratio(op.where_it_runs(|op| op.pue(ItMeasurement::UpsOutput))?),
            },
            partial_pue_cooling: ratio(op.where_it_runs(OperatingPoint::partial_pue_cooling)?),
            partial_pue_electrical: ratio(
                op.where_it_runs(OperatingPoint::partial_pue_electrical)?,
            ),
            water_m3_per_h: op.water.get::<cubic_meter_per_hour>(),
            loops,
            stages,
            halls,
            headroom: op.constraints.iter().map(ConstraintReport::from).collect(),
            sustainability: None,
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
        out += &self.headline();
        // The plan itself over a limit: the fixed racks (or the house load) alone exceed it.
        let exceeded: Vec<String> = self
            .headroom
            .iter()
            .filter(|c| c.headroom < 0.0)
            .map(|c| format!("{} by {}", c.constraint, amount(-c.headroom, c.unit)))
            .collect();
        if !exceeded.is_empty() {
            let who = if self.fleet.iter().any(|t| t.share.is_none()) {
                "The fixed racks alone exceed"
            } else {
                "Without racks the site exceeds"
            };
            out += &format!("\n{who} {}: nothing can grow", exceeded.join(", "));
        }
        let b = &self.binding;
        out += &format!(
            "\nBinding constraint: {}, exceeded by {} with one more rack\n\n",
            b.constraint,
            amount(b.overshoot_at_next_rack, b.unit)
        );
        if self.fleet.len() > 1 {
            out += &fleet_table(&self.fleet).render();
            out.push('\n');
        }
        let p = &self.power;
        let mut t = Table::new(["where the megawatts go", "MW", "share of interconnect"]);
        for (name, v) in [
            ("IT", p.it_mw),
            ("cooling", p.cooling_mw),
            ("electrical losses", p.electrical_losses_mw),
            ("house", p.house_mw),
            ("lumped overhead", p.lumped_overhead_mw),
            ("heat upgrade", p.heat_upgrade_mw),
            ("unused", p.unused_mw),
        ] {
            if !matches!(name, "lumped overhead" | "heat upgrade") || v > 0.0 {
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
        let ratio = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"));
        out += &format!(
            "\nDesign-hour PUE {} (pPUE cooling {}, electrical {})\n\n",
            ratio(self.pue),
            ratio(self.partial_pue_cooling),
            ratio(self.partial_pue_electrical)
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
            out += &self.loop_capacities();
            out += &self.liquid_chains();
            out.push('\n');
        }
        out += &headroom_table(&self.headroom).render();
        if let Some(s) = &self.sustainability {
            out += "\n";
            out += &s.table();
        }
        out
    }

    /// Each liquid loop's temperature chain, chips to sink, one line each.
    fn liquid_chains(&self) -> String {
        let at_most = |t: Option<f64>| t.map_or_else(String::new, |t| format!(" (≤ {t:.1})"));
        let mut out = String::new();
        for l in &self.loops {
            let Some(c) = &l.liquid_chain else { continue };
            out += &format!("Temperature chain of '{}':", l.name);
            if let Some(case) = c.chip_case_limit_c {
                out += &format!(" chip case ≤ {case:.1} °C →");
            }
            out += &format!(
                " rack coolant {:.1} °C{} → {} {:.1} K → facility water {:.1} °C{}{} → sink {:.1} °C",
                c.rack_coolant_c,
                at_most(c.max_rack_coolant_c),
                if c.cdu_units.is_some() {
                    "CDU"
                } else {
                    "terminal"
                },
                c.approach_k,
                c.facility_supply_c,
                at_most(c.max_facility_supply_c),
                c.water_class
                    .as_ref()
                    .map_or_else(String::new, |w| format!(", class {w}")),
                c.sink_c
            );
            if let (Some(units), Some(flow)) = (c.cdu_units, c.tcs_flow_l_per_s) {
                out += &format!("; {} CDUs, {flow:.0} L/s of rack coolant", thousands(units));
            }
            out.push('\n');
        }
        out
    }

    /// What fits, for people: racks and their power, support racks and their ratio, GPUs and
    /// GPUs per MW of interconnect; for a fleet, the grown block by type beside the fixed racks
    /// (the fleet table has each type's support racks).
    fn headline(&self) -> String {
        let single = self.fleet.len() == 1;
        let mut out = if single {
            format!(
                "Fits {} racks of {} ({:.1} kW each) = {} GPUs",
                thousands(u64::from(self.primary_racks)),
                self.rack,
                self.rack_it_kw,
                thousands(self.accelerators)
            )
        } else {
            let grown: Vec<String> = self
                .fleet
                .iter()
                .filter(|t| t.share.is_some())
                .map(|t| format!("{} {}", thousands(t.racks), t.name))
                .collect();
            let fixed: u64 = self
                .fleet
                .iter()
                .filter(|t| t.share.is_none())
                .map(|t| t.racks)
                .sum();
            format!(
                "Grows {} racks ({}) beside {} fixed racks: {} racks in all, {} GPUs",
                thousands(u64::from(self.primary_racks)),
                grown.join(", "),
                thousands(fixed),
                thousands(self.racks_total),
                thousands(self.accelerators)
            )
        };
        if self.hashrate_ths > 0.0 {
            out += &format!(", {:.2} EH/s", self.hashrate_ths / 1e6);
        }
        if self.accelerators > 0 && self.power.interconnect_mw > 0.0 {
            out += &format!(
                ", {:.0} GPUs per MW of interconnect",
                self.accelerators as f64 / self.power.interconnect_mw
            );
        }
        if !single || self.support_racks.is_empty() {
            return out;
        }
        for s in &self.support_racks {
            out += &format!(
                "\n  + {} {} racks (1 per {} {} racks)",
                thousands(s.racks),
                s.name,
                s.per_primary,
                self.rack
            );
        }
        out += &format!(": {} racks in all", thousands(self.racks_total));
        out
    }

    /// Why each loop's capacity differs from its rating: the redundant units out of the
    /// installed ones, then the design hour's ambient.
    fn loop_capacities(&self) -> String {
        let mut out = String::new();
        for l in self.loops.iter().filter(|l| l.units_installed > 0) {
            let unit = l.rated_capacity_mw / f64::from(l.units_carrying.max(1));
            out += &format!(
                "  {}: {} units of {:.2} MW installed, {} carrying with {} out ({}) = {:.2} MW rated",
                l.name,
                l.units_installed,
                unit,
                l.units_carrying,
                l.units_installed - l.units_carrying,
                l.redundancy,
                l.rated_capacity_mw
            );
            let design = if (l.capacity_mw - l.rated_capacity_mw).abs() < 5e-3 {
                "; the same at the design hour".to_owned()
            } else if l.capacity_mw < l.rated_capacity_mw {
                format!(
                    "; {:.2} MW at the design hour's ambient (its sink rejects less)",
                    l.capacity_mw
                )
            } else {
                format!("; {:.2} MW at the design hour's ambient", l.capacity_mw)
            };
            out += &design;
            out.push('\n');
        }
        out
    }
}

/// Each rack type of a plan, for people.
pub fn fleet_table(fleet: &[RackTypeReport]) -> Table {
    let mut t = Table::new([
        "rack type",
        "rack",
        "amount",
        "racks",
        "support racks",
        "GPUs",
        "IT MW",
        "liquid MW",
        "air MW",
    ]);
    for r in fleet {
        t.row([
            r.name.clone(),
            r.rack.clone(),
            r.share.map_or_else(
                || "fixed".to_owned(),
                |s| format!("{:.1} % of growth", 100.0 * s),
            ),
            thousands(r.racks),
            thousands(r.support_racks.iter().map(|s| s.racks).sum()),
            thousands(r.accelerators),
            format!("{:.2}", r.it_mw),
            format!("{:.2}", r.liquid_heat_mw),
            format!("{:.2}", r.air_heat_mw),
        ]);
    }
    t
}

/// The support racks of `rack_type`, counted `racks`, by profile.
fn support_rows(rack_type: &RackType, racks: &[u32]) -> Vec<RackCountReport> {
    rack_type
        .support()
        .iter()
        .zip(racks)
        .map(|(s, &n)| RackCountReport {
            name: s.profile().name().to_owned(),
            racks: u64::from(n),
            per_primary: s.per_primary(),
        })
        .collect()
}

/// A headroom or overshoot in its unit, for people: `3 racks`, `0.12 MW`.
fn amount(value: f64, unit: &str) -> String {
    if unit == "racks" {
        format!("{value:.0} racks")
    } else {
        format!("{value:.2} {unit}")
    }
}

/// Every constraint with its headroom, for people.
pub fn headroom_table(headroom: &[ConstraintReport]) -> Table {
    let mut t = Table::new(["constraint", "headroom", "utilisation"]);
    for c in headroom {
        t.row([
            c.constraint.clone(),
            amount(c.headroom, c.unit),
            c.utilisation
                .map(|u| format!("{:.1} %", 100.0 * u))
                .unwrap_or_default(),
        ]);
    }
    t
}
