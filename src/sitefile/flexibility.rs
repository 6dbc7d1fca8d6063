//! `[flexibility]`: the site's means of riding through the hours its facility would draw more
//! than its hourly limits allow — GPU caps, a battery, on-site generation, the curtailment
//! budget, the dispatch order and the value of lost load — read into a
//! [`flexibility::Flexibility`](crate::flexibility::Flexibility). Every field is optional;
//! without the section the site is firm (no curtailment). Errors name
//! `flexibility.FIELD` and are located in the file by [`SiteFile::flexibility`].
//!
//! ```toml
//! [flexibility]
//! budget = "0.5 %"                 # of the year's uncurtailed IT energy (Duke's definition)
//! max_curtailed_hours = 200        # optional
//! max_event_hours = 4              # optional
//! order = ["battery", "generation", "cap"]
//! value_of_lost_load = "10 USD/GPU-h"
//!
//! [flexibility.cap]
//! provisioned = "960 W"            # static, per GPU
//! floor = "700 W"                  # dynamic, per GPU
//! throughput = "zeus_v100"         # or "zeus_a40"
//!
//! [flexibility.battery]
//! power = "150 MW"
//! energy = "600 MWh"
//! round_trip_efficiency = "85 %"
//! soc_min = "10 %"
//! soc_max = "95 %"
//!
//! [flexibility.generation]
//! unit_rating = "30 MW"
//! units = 4
//! spares = 1                       # N+1
//! min_load = "50 %"
//! efficiency = "35 %"              # full load, HHV
//! part_load = "gas_turbine"        # reciprocating_engine, flat
//! fuel_price = "12 USD/MWh"        # per MWh of fuel (HHV)
//! emission_factor = "53.06 kg/MMBtu"
//! ```

use super::SiteFile;
use crate::economics::FlexibilityCosts;
use crate::error::{Error, Result};
use crate::flexibility::{
    Battery, CurtailmentBudget, DispatchOrder, EmissionFactor, Flexibility, Generation, GpuCap,
    Means, PartLoad, ThroughputCurve, natural_gas_factor,
};
use crate::it::Deployment;
use crate::money::{UsdPerGpuHour, UsdPerMw, UsdPerMwh};
use crate::sustainability::checked_factor;
use crate::units::parse::{Q, Quantity};
use crate::units::*;
use serde::Deserialize;
use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;

/// `[flexibility]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlexibilitySpec {
    /// Curtailment allowed, a share of the year's uncurtailed IT energy (default 0).
    #[serde(default)]
    pub budget: Option<Q<Fraction>>,
    /// Most hours a year with any curtailment.
    #[serde(default)]
    pub max_curtailed_hours: Option<u32>,
    /// Longest run of curtailed hours allowed.
    #[serde(default)]
    pub max_event_hours: Option<u32>,
    /// The means before curtailment, in order (default battery, generation, cap).
    #[serde(default)]
    pub order: Option<Vec<MeansSpec>>,
    /// Value of lost load per GPU-hour curtailed.
    #[serde(default)]
    pub value_of_lost_load: Option<UsdPerGpuHour>,
    /// GPU power caps.
    #[serde(default)]
    pub cap: Option<CapSpec>,
    /// Battery storage.
    #[serde(default)]
    pub battery: Option<BatterySpec>,
    /// On-site generation.
    #[serde(default)]
    pub generation: Option<GenerationSpec>,
}

/// A means in `order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeansSpec {
    /// The battery.
    Battery,
    /// On-site generation.
    Generation,
    /// The dynamic GPU cap.
    Cap,
}

/// `[flexibility.cap]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapSpec {
    /// Static cap per GPU: every rack provisioned at it.
    #[serde(default)]
    pub provisioned: Option<Q<Power>>,
    /// Dynamic cap's floor per GPU, in the hours that need it.
    #[serde(default)]
    pub floor: Option<Q<Power>>,
    /// Throughput curve: `zeus_v100` (default) or `zeus_a40`.
    #[serde(default)]
    pub throughput: Option<ThroughputSpec>,
}

/// A built-in throughput curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThroughputSpec {
    /// Zeus NSDI'23, V100, BERT-base.
    ZeusV100,
    /// Zeus NSDI'23, A40, BERT-base.
    ZeusA40,
}

/// `[flexibility.battery]`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatterySpec {
    /// Charge and discharge rating.
    pub power: Q<Power>,
    /// Nameplate energy.
    pub energy: Q<EnergyQ>,
    /// Round-trip efficiency (default 85 %, NREL ATB).
    #[serde(default)]
    pub round_trip_efficiency: Option<Q<Efficiency>>,
    /// Lowest state of charge (default 0 %).
    #[serde(default)]
    pub soc_min: Option<Q<Fraction>>,
    /// Highest state of charge (default 100 %).
    #[serde(default)]
    pub soc_max: Option<Q<Fraction>>,
    /// Capital cost per nameplate energy (default 326 USD/kWh, NREL 2023, 4-hour, 2030 mid).
    #[serde(default)]
    pub capex_energy: Option<UsdPerMwh>,
    /// Capital cost per rated power (default 0: the per-kWh default is a whole system's).
    #[serde(default)]
    pub capex_power: Option<UsdPerMw>,
}

/// `[flexibility.generation]`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerationSpec {
    /// Rating of one unit.
    pub unit_rating: Q<Power>,
    /// Units installed.
    pub units: u32,
    /// Units held in reserve (N+k; default 0).
    #[serde(default)]
    pub spares: u32,
    /// Minimum load of a running unit (default by part-load model: REopt's turndown 50 %
    /// turbine, 25 % engine, 30 % flat).
    #[serde(default)]
    pub min_load: Option<Q<Fraction>>,
    /// Full-load electric efficiency, HHV.
    pub efficiency: Q<Efficiency>,
    /// Part-load curve (default gas turbine).
    #[serde(default)]
    pub part_load: Option<PartLoadSpec>,
    /// Fuel price per MWh of fuel energy (HHV).
    pub fuel_price: UsdPerMwh,
    /// CO₂ per fuel energy (default natural gas, 53.06 kg/MMBtu).
    #[serde(default)]
    pub emission_factor: Option<Q<EmissionQ>>,
    /// Capital cost per installed unit rating, spares included (no default: needed by
    /// `finance` to value the flexibility).
    #[serde(default)]
    pub capex: Option<UsdPerMw>,
}

/// A part-load curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartLoadSpec {
    /// TransiEnt/Buttler gas turbine.
    GasTurbine,
    /// Jenbacher JMS 620 engine.
    ReciprocatingEngine,
    /// Constant efficiency.
    Flat,
}

/// An energy as written: `"600 MWh"` (Wh, kWh, MWh, GWh).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnergyQ(pub Energy);

impl Quantity for EnergyQ {
    const WHAT: &'static str = "an energy";
    const EXAMPLE: &'static str = "600 MWh";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        let (value, unit) = text.split_once(' ')?;
        let scale = match unit {
            "Wh" => 1e-6,
            "kWh" => 1e-3,
            "MWh" => 1.0,
            "GWh" => 1e3,
            _ => return None,
        };
        let v: f64 = value.parse().ok()?;
        Some(Ok(EnergyQ(megawatt_hours(v * scale))))
    }
}

/// An emission factor as written: per fuel energy in any unit an emission factor takes
/// (`"181 kg/MWh"`, `"0.181 kg/kWh"`), or in `kg/MMBtu` as the EPA gives it (`"53.06 kg/MMBtu"`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmissionQ(pub EmissionFactor);

impl Quantity for EmissionQ {
    const WHAT: &'static str = "an emission factor";
    const EXAMPLE: &'static str = "53.06 kg/MMBtu";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        let factor = match text.strip_suffix(" kg/MMBtu") {
            Some(value) => {
                let per_mmbtu: f64 = value.parse().ok()?;
                Ok(EmissionFactor::new::<kilogram_per_kilowatt_hour>(
                    per_mmbtu / 293.071_1,
                ))
            }
            None => <EmissionFactor as Quantity>::from_normalised(text)?,
        };
        Some(factor.and_then(|f| checked_factor("", f)).map(EmissionQ))
    }
}

impl FlexibilitySpec {
    /// The means of flexibility for `deployment` (whose rack a cap must fit). Errors name
    /// `flexibility.FIELD`.
    pub fn build(&self, deployment: &Deployment) -> Result<Flexibility> {
        let at = |e: Error| e.at("flexibility");
        let mut flex = Flexibility::none();
        let mut budget = CurtailmentBudget::strict();
        if let Some(share) = self.budget {
            budget = budget.with_energy(share.0);
        }
        if let Some(h) = self.max_curtailed_hours {
            budget = budget.with_hours(h);
        }
        if let Some(h) = self.max_event_hours {
            budget = budget.with_event_hours(h);
        }
        flex = flex.with_budget(budget);
        if let Some(order) = &self.order {
            let means = order
                .iter()
                .map(|m| match m {
                    MeansSpec::Battery => Means::Battery,
                    MeansSpec::Generation => Means::Generation,
                    MeansSpec::Cap => Means::Cap,
                })
                .collect();
            flex = flex.with_order(DispatchOrder::new(means).map_err(at)?);
        }
        if let Some(v) = self.value_of_lost_load {
            flex = flex.with_value_of_lost_load(v);
        }
        if let Some(c) = &self.cap {
            flex = flex.with_cap(cap(c, deployment).map_err(at)?);
        }
        if let Some(b) = &self.battery {
            flex = flex.with_battery(battery(b).map_err(at)?);
        }
        if let Some(g) = &self.generation {
            flex = flex.with_generation(generation(g).map_err(at)?);
        }
        Ok(flex)
    }
}

fn cap(c: &CapSpec, deployment: &Deployment) -> Result<GpuCap> {
    let rack = deployment.primary();
    let in_cap = |e: Error| e.at("cap");
    let mut cap = GpuCap::none();
    if let Some(curve) = c.throughput {
        cap = cap.with_throughput(match curve {
            ThroughputSpec::ZeusV100 => ThroughputCurve::zeus_v100(),
            ThroughputSpec::ZeusA40 => ThroughputCurve::zeus_a40(),
        });
    }
    // A cap must fit the rack's accelerators: checked against the rack here, so the error
    // names the cap's field.
    let check = |field: &str, p: Power| -> Result<()> {
        let limit = rack.gpu_cap().or(rack.accelerator_power()).ok_or_else(|| {
            Error::missing(
                field,
                format!(
                    "rack '{}' has no known accelerator power to cap (use a catalog system)",
                    rack.name()
                ),
            )
        })?;
        if p > limit {
            return Err(Error::out_of_range(
                field,
                p.get::<watt>(),
                "W",
                &format!(
                    "at most the accelerator's {} W (rack '{}')",
                    limit.get::<watt>(),
                    rack.name()
                ),
            ));
        }
        Ok(())
    };
    if let Some(p) = c.provisioned {
        check("provisioned", p.0).map_err(in_cap)?;
        cap = cap
            .provisioned(p.0)
            .map_err(|e| e.with_field("cap.provisioned".into()))?;
    }
    if let Some(f) = c.floor {
        check("floor", f.0).map_err(in_cap)?;
        cap = cap
            .floor(f.0)
            .map_err(|e| e.with_field("cap.floor".into()))?;
    }
    Ok(cap)
}

fn battery(b: &BatterySpec) -> Result<Battery> {
    let rte = b
        .round_trip_efficiency
        .map_or(Ok(Efficiency::new_const(0.85)), |q| Ok::<_, Error>(q.0))?;
    let battery = Battery::new(b.power.0, b.energy.0.0, rte)?;
    if b.soc_min.is_none() && b.soc_max.is_none() {
        return Ok(battery);
    }
    let min = b.soc_min.map_or(Fraction::ZERO, |q| q.0);
    let max = b.soc_max.map_or(Fraction::ONE, |q| q.0);
    battery.with_soc_limits(min, max)
}

fn generation(g: &GenerationSpec) -> Result<Generation> {
    let part_load = match g.part_load.unwrap_or(PartLoadSpec::GasTurbine) {
        PartLoadSpec::GasTurbine => PartLoad::GasTurbine,
        PartLoadSpec::ReciprocatingEngine => PartLoad::ReciprocatingEngine,
        PartLoadSpec::Flat => PartLoad::Flat,
    };
    let default_min = match part_load {
        PartLoad::GasTurbine => 0.5,
        PartLoad::ReciprocatingEngine => 0.25,
        PartLoad::Flat => 0.3,
    };
    Generation::new(
        g.unit_rating.0,
        g.units,
        g.spares,
        g.min_load.map_or(Fraction::new(default_min)?, |q| q.0),
        g.efficiency.0,
        part_load,
        g.fuel_price,
        g.emission_factor.map_or(natural_gas_factor(), |q| q.0.0),
    )
}

impl SiteFile {
    /// The file's `[flexibility]` section for `deployment` (the scenario's), with errors located
    /// at the offending value; a firm site ([`Flexibility::none`]) without the section.
    pub fn flexibility(&self, deployment: &Deployment) -> Result<Flexibility> {
        let spec = self.spec()?;
        spec.flexibility
            .as_ref()
            .map_or(Ok(Flexibility::none()), |f| f.build(deployment))
            .map_err(|e| self.locate(e))
    }

    /// The capital rates of the file's battery and generation (`capex_energy`, `capex_power`,
    /// `capex`), each defaulting as [`FlexibilityCosts::default`] does.
    pub fn flexibility_costs(&self) -> Result<FlexibilityCosts> {
        let spec = self.spec()?;
        let mut costs = FlexibilityCosts::default();
        if let Some(f) = &spec.flexibility {
            if let Some(b) = &f.battery {
                costs.battery_energy = b.capex_energy.unwrap_or(costs.battery_energy);
                costs.battery_power = b.capex_power.unwrap_or(costs.battery_power);
            }
            costs.generation = f.generation.as_ref().and_then(|g| g.capex);
        }
        Ok(costs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn emission_factors_read_per_mmbtu_and_in_the_carbon_units() {
        let kg_per_mwh = |text: &str| {
            EmissionQ::from_normalised(text)
                .unwrap()
                .unwrap()
                .0
                .get::<kilogram_per_kilowatt_hour>()
                * 1e3
        };
        // EPA's natural gas factor, 53.06 kg/MMBtu, is the default's 181.05 kg/MWh.
        assert_relative_eq!(kg_per_mwh("53.06 kg/MMBtu"), 181.05, epsilon = 0.01);
        assert_relative_eq!(
            kg_per_mwh("53.06 kg/MMBtu"),
            natural_gas_factor().get::<kilogram_per_kilowatt_hour>() * 1e3,
            max_relative = 1e-12
        );
        assert_relative_eq!(kg_per_mwh("181 kg/MWh"), 181.0, max_relative = 1e-12);
        assert_relative_eq!(kg_per_mwh("181 gCO2/kWh"), 181.0, max_relative = 1e-12);
        assert!(EmissionQ::from_normalised("-1 kg/MMBtu").unwrap().is_err());
        assert!(EmissionQ::from_normalised("1 kg/MMBtux").is_none());
    }
}
