//! The site-file schema: one serde struct per section, as the file writes it: quantities with
//! their units ([`Q`]), named entries in file order ([`Named`]), every field optional that has
//! a default. Nothing here is validated beyond its type; [`SiteSpec::build`] turns the schema
//! into models. A section with much of its own keeps its schema and its build in one file
//! ([`super::crac`], [`super::finance`]).

use super::{crac, finance, sustainability};
use crate::climate::DesignBasis;
use crate::cooling::Technology;
use crate::electrical::{Distribution, StageKind};
use crate::error::{Error, Result};
use crate::it::{AirClass, WaterClass};
use crate::redundancy::Redundancy;
use crate::units::parse::Q;
use crate::units::*;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A whole site as written in a site file. See `docs/site-format.md`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// Site name.
    pub name: String,
    /// Free text: the story of the site.
    #[serde(default)]
    pub description: Option<String>,
    /// The grid connection.
    pub interconnect: InterconnectSpec,
    /// The grid substation, if modelled.
    #[serde(default)]
    pub substation: Option<SubstationSpec>,
    /// A lumped design PUE instead of an electrical chain and cooling loops.
    #[serde(default)]
    pub pue: Option<Pue>,
    /// Fixed house loads, electric power at the low-voltage bus (default 0; see
    /// [`SiteBuilder::house_load`](crate::site::SiteBuilder::house_load)).
    #[serde(default)]
    pub house_load: Option<Q<Power>>,
    /// The electrical chain below the substation.
    #[serde(default)]
    pub electrical: Option<ElectricalSpec>,
    /// Cooling loops by name, in file order.
    #[serde(default)]
    pub cooling: Named<LoopSpec>,
    /// Computer-room air-conditioner loops by name, in file order (after `cooling`).
    #[serde(default)]
    pub crac: Named<crac::CracSpec>,
    /// Data halls by name, in file order (they fill in this order).
    #[serde(default)]
    pub halls: Named<HallSpec>,
    /// The IT deployed.
    pub deployment: RackSpec,
    /// Weather and design conditions.
    #[serde(default)]
    pub climate: Option<ClimateSpec>,
    /// The business case.
    #[serde(default)]
    pub finance: Option<finance::FinanceSpec>,
    /// Means of flexibility: GPU caps, battery, generation, curtailment budget.
    #[serde(default)]
    pub flexibility: Option<super::flexibility::FlexibilitySpec>,
    /// Carbon, water, renewables and the rules to check.
    #[serde(default)]
    pub sustainability: Option<sustainability::SustainabilitySpec>,
    /// Heat reuse on loops' returns by name, in file order.
    #[serde(default)]
    pub reuse: Named<super::reuse::ReuseSpec>,
}

/// `[interconnect]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterconnectSpec {
    /// Import capacity, real (`"100 MW"`) or apparent (`"120 MVA"`).
    pub capacity: Q<RealOrApparent>,
    /// Power factor for an apparent-power capacity (default 0.95).
    #[serde(default)]
    pub power_factor: Option<PowerFactor>,
}

/// `[substation]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstationSpec {
    /// Number of grid transformers installed.
    pub transformers: u32,
    /// Rating of one transformer (`"60 MVA"`).
    pub rating: Q<ApparentPower>,
    /// Redundancy (default N+1).
    #[serde(default)]
    pub redundancy: Option<Redundancy>,
    /// Operating power factor (default 0.95).
    #[serde(default)]
    pub power_factor: Option<PowerFactor>,
    /// No-load (core) loss per transformer, share of rating (default 0.1 %).
    #[serde(default)]
    pub no_load_loss: Option<Q<Fraction>>,
    /// Load (copper) loss at rated load, share of rating (default 0.5 %).
    #[serde(default)]
    pub load_loss: Option<Q<Fraction>>,
}

/// `[electrical]`: the layout, and the reference chain or explicit stages.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricalSpec {
    /// How power reaches the racks: `"AC"` (default) or `"800 V DC"`.
    #[serde(default)]
    pub distribution: Option<Distribution>,
    /// The reference chain
    /// ([`ElectricalChain::reference`](crate::electrical::ElectricalChain::reference), or
    /// [`ElectricalChain::reference_dc`](crate::electrical::ElectricalChain::reference_dc)
    /// for 800 V DC).
    #[serde(default)]
    pub reference: Option<ReferenceSpec>,
    /// Critical (IT path) stages from the load upward.
    #[serde(default)]
    pub critical: Vec<StageSpec>,
    /// Stages that carry only the cooling and house loads, from the low-voltage bus upward.
    #[serde(default)]
    pub auxiliary: Vec<StageSpec>,
    /// Shared (whole-facility) stages from the low-voltage bus upward.
    #[serde(default)]
    pub shared: Vec<StageSpec>,
    /// The racks' own power conversion (default: the catalog AC power shelf, or an 800 V
    /// DC/DC converter at 98 % for 800 V DC).
    #[serde(default)]
    pub rack: Option<RackSupplySpec>,
}

/// `[electrical.reference]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    /// IT capacity the chain is sized for, at the IT equipment input.
    pub it_capacity: Q<Power>,
    /// UPS redundancy (AC; default 2N).
    #[serde(default)]
    pub ups: Option<Redundancy>,
    /// MV rectifier redundancy (800 V DC; default 5N/4, five to carry four).
    #[serde(default)]
    pub rectifiers: Option<Redundancy>,
}

/// `[electrical.rack]`: the racks' own power conversion (power shelf or DC/DC), its losses
/// given one way, as a stage's.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackSupplySpec {
    /// One efficiency at every load.
    #[serde(default)]
    pub efficiency: Option<Q<Efficiency>>,
    /// Three (load, efficiency) points of a vendor curve.
    #[serde(default)]
    pub efficiency_curve: Option<[(Q<Fraction>, Q<Efficiency>); 3]>,
    /// No-load loss, share of rating.
    #[serde(default)]
    pub no_load_loss: Option<Q<Fraction>>,
    /// Loss proportional to load, share of rating at full load.
    #[serde(default)]
    pub proportional_loss: Option<Q<Fraction>>,
    /// Square-law loss at full load, share of rating.
    #[serde(default)]
    pub load_loss: Option<Q<Fraction>>,
    /// Load on the supply at the rack's design power, share of its rating (default 50 %).
    #[serde(default)]
    pub design_load: Option<Q<Fraction>>,
}

/// One `[[electrical.critical]]` or `[[electrical.shared]]` stage.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Stage name.
    pub name: String,
    /// `pdu`, `busway`, `ups`, `transformer`, `switchgear` or `rectifier`.
    pub kind: StageKind,
    /// Rating of one unit.
    pub unit_rating: Q<Power>,
    /// Units installed.
    pub units: u32,
    /// Redundancy (default N).
    #[serde(default)]
    pub redundancy: Option<Redundancy>,
    /// One efficiency at every load.
    #[serde(default)]
    pub efficiency: Option<Q<Efficiency>>,
    /// Three (load, efficiency) points of a vendor curve.
    #[serde(default)]
    pub efficiency_curve: Option<[(Q<Fraction>, Q<Efficiency>); 3]>,
    /// No-load loss, share of rating.
    #[serde(default)]
    pub no_load_loss: Option<Q<Fraction>>,
    /// Loss proportional to load, share of rating at full load.
    #[serde(default)]
    pub proportional_loss: Option<Q<Fraction>>,
    /// Square-law (copper) loss at full load, share of rating.
    #[serde(default)]
    pub load_loss: Option<Q<Fraction>>,
    /// Share of the losses released as heat into the data hall (critical stages; default 0).
    #[serde(default)]
    pub heat_to_room: Option<Q<Fraction>>,
}

/// `adiabatic = { effectiveness = "80 %", above = "20 °C" }` on a dry-cooler or outside-air
/// loop: wetted media cool the air in hours warmer than `above`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdiabaticSpec {
    /// Saturation effectiveness of the media.
    pub effectiveness: Q<Fraction>,
    /// Dry-bulb above which the media are wetted.
    pub above: Q<ThermodynamicTemperature>,
    /// Cycles of concentration of the media's water (default 4).
    #[serde(default)]
    pub cycles_of_concentration: Option<f64>,
    /// An indirect evaporative cooler (the air cooled through a heat exchanger, not wetted;
    /// default false).
    #[serde(default)]
    pub indirect: bool,
}

/// One `[cooling.NAME]` loop: a technology preset and overrides.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopSpec {
    /// The preset (see `dcplan catalog`).
    pub technology: Technology,
    /// Usable heat-rejection capacity (redundant units out).
    pub capacity: Q<Power>,
    /// Carrying heat-rejection units; the redundancy adds the spares.
    pub units: u32,
    /// Redundancy of the units (default N+1).
    #[serde(default)]
    pub redundancy: Option<Redundancy>,
    /// Supply to the IT (inlet air, or coolant to cold plates / tanks).
    #[serde(default)]
    pub supply: Option<Q<ThermodynamicTemperature>>,
    /// CRAH coil or CDU approach.
    #[serde(default)]
    pub terminal_approach: Option<Q<TemperatureInterval>>,
    /// Return − supply at design flow.
    #[serde(default)]
    pub rise: Option<Q<TemperatureInterval>>,
    /// Most heat one rack may put into the loop.
    #[serde(default)]
    pub max_rack_heat: Option<Q<Power>>,
    /// Electric power of the loop's fans/pumps when it carries its usable capacity.
    #[serde(default)]
    pub transport_power: Option<Q<Power>>,
    /// Lowest fan/pump speed.
    #[serde(default)]
    pub min_speed: Option<Q<Fraction>>,
    /// Sink approach (dry cooler, tower, once-through heat exchanger).
    #[serde(default)]
    pub approach: Option<Q<TemperatureInterval>>,
    /// Sink fan electric power at full speed, of the carrying units (dry cooler, tower).
    #[serde(default)]
    pub fan_power: Option<Q<Power>>,
    /// Supply-fan temperature rise (outside air).
    #[serde(default)]
    pub fan_heat: Option<Q<TemperatureInterval>>,
    /// Cycles of concentration (tower).
    #[serde(default)]
    pub cycles_of_concentration: Option<f64>,
    /// Drift, a share of the circulating water (tower; default 0.008 %).
    #[serde(default)]
    pub drift: Option<Q<Fraction>>,
    /// Evaporative pre-cooling of a dry cooler's inlet air, or direct evaporative cooling of
    /// outside air.
    #[serde(default)]
    pub adiabatic: Option<AdiabaticSpec>,
    /// Drawn-water temperature rise (once-through).
    #[serde(default)]
    pub water_rise: Option<Q<TemperatureInterval>>,
    /// Intake pumping head (once-through).
    #[serde(default)]
    pub pump_head: Option<Q<Length>>,
    /// Intake pump efficiency (once-through).
    #[serde(default)]
    pub pump_efficiency: Option<Q<Efficiency>>,
    /// `none`, `air_cooled` or `water_cooled`.
    #[serde(default)]
    pub chiller: Option<ChillerKind>,
    /// Chiller COP at AHRI 550/590 rating conditions.
    #[serde(default)]
    pub chiller_cop: Option<Cop>,
    /// Whether the sink pre-cools ahead of the chiller.
    #[serde(default)]
    pub economiser: Option<bool>,
    /// The facility-water coolant: `water`, `propylene_glycol 30 %` or `ethylene_glycol 30 %`
    /// (glycol by mass). It sizes the pumps' flow and sets the freezing limit.
    #[serde(default)]
    pub coolant: Option<String>,
    /// Facility-water pumps: pressure rise at design flow (`"144 kPa"`).
    #[serde(default)]
    pub facility_pump: Option<Q<Pressure>>,
    /// Facility-water pumps: total efficiency (pump, motor, drive).
    #[serde(default)]
    pub facility_pump_efficiency: Option<Q<Efficiency>>,
    /// The loop's coolant distribution units (direct-to-chip loops), over the preset's.
    #[serde(default)]
    pub cdu: Option<CduSpec>,
}

/// `[cooling.NAME.cdu]`: a liquid loop's coolant distribution units, each field over the
/// preset's CDU.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CduSpec {
    /// `row` (floor-standing units serving many racks) or `rack` (one in each rack).
    #[serde(default)]
    pub level: Option<crate::cooling::CduLevel>,
    /// Heat one unit transfers at its approach.
    #[serde(default)]
    pub unit_capacity: Option<Q<Power>>,
    /// Spare units (row) or pumps (rack), default N+1.
    #[serde(default)]
    pub redundancy: Option<Redundancy>,
    /// Rack-coolant (TCS) supply − facility supply.
    #[serde(default)]
    pub approach: Option<Q<TemperatureInterval>>,
    /// Rack-coolant return − supply at design flow.
    #[serde(default)]
    pub rise: Option<Q<TemperatureInterval>>,
    /// The rack-side (TCS) coolant: `water`, `propylene_glycol 25 %` …
    #[serde(default)]
    pub coolant: Option<String>,
    /// TCS pumps: pressure rise at design flow (`"250 kPa"`).
    #[serde(default)]
    pub pump: Option<Q<Pressure>>,
    /// TCS pumps: total efficiency.
    #[serde(default)]
    pub pump_efficiency: Option<Q<Efficiency>>,
}

/// A chiller choice in a loop override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChillerKind {
    /// No chiller: free cooling only.
    None,
    /// Air-cooled chiller (AHRI rating conditions).
    AirCooled,
    /// Water-cooled chiller on the loop's sink (AHRI rating conditions).
    WaterCooled,
}

/// One `[halls.NAME]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HallSpec {
    /// Rack positions.
    pub positions: u32,
    /// IT power limit: the racks' design IT power at the IT equipment input.
    #[serde(default)]
    pub power_limit: Option<Q<Power>>,
    /// Most design IT power one rack position takes (e.g. `"250 kW"`).
    #[serde(default)]
    pub position_limit: Option<Q<Power>>,
    /// Identical halls of this kind, named `NAME 1` … `NAME n` (default 1: just `NAME`).
    #[serde(default)]
    pub count: Option<u32>,
}

/// A rack as a site file writes it: `[deployment]` (one rack type, the primary racks, with
/// its `[[deployment.support]]` racks), or a fleet of them, `[deployment.fleet.NAME]` (each
/// with its `[[deployment.fleet.NAME.support]]` racks). Which fields apply where is checked
/// when the deployment is built.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackSpec {
    /// A catalog system (see `dcplan catalog`).
    #[serde(default)]
    pub system: Option<String>,
    /// Systems per rack (default 1).
    #[serde(default)]
    pub systems_per_rack: Option<u32>,
    /// Name of a custom rack.
    #[serde(default)]
    pub name: Option<String>,
    /// IT power per rack (required for a custom rack; overrides a catalog figure).
    #[serde(default)]
    pub it_power: Option<Q<Power>>,
    /// Accelerators per custom rack (default 0).
    #[serde(default)]
    pub accelerators: Option<u32>,
    /// Share of a custom rack's heat to liquid (default 0).
    #[serde(default)]
    pub liquid_fraction: Option<Q<Fraction>>,
    /// ASHRAE air class of a custom rack (default A2).
    #[serde(default)]
    pub air_class: Option<AirClass>,
    /// Facility-water class of a liquid-cooled custom rack.
    #[serde(default)]
    pub water_class: Option<WaterClass>,
    /// Support racks only: primary racks per support rack, in each hall.
    #[serde(default)]
    pub per_primary: Option<u32>,
    /// Primary only: support racks.
    #[serde(default)]
    pub support: Vec<RackSpec>,
    /// IT power that follows utilisation and inlet air.
    #[serde(default)]
    pub inlet_response: Option<crac::InletResponseSpec>,
    /// Fleet entries only: a fixed number of racks (an existing estate, a storage row).
    #[serde(default)]
    pub count: Option<u32>,
    /// Fleet entries only: the type's share of the grown block (the shares of the types that
    /// grow sum to 100 %; a type that grows alone needs none).
    #[serde(default)]
    pub share: Option<Q<Fraction>>,
    /// Fleet entries only: the halls reserved for the type, in filling order (a group of
    /// identical halls by its name).
    #[serde(default)]
    pub halls: Option<Vec<String>>,
    /// Fleet entries only: shed before the types without one when the site must draw less,
    /// the lowest first (`1`: shed first).
    #[serde(default)]
    pub shed_priority: Option<u32>,
    /// Fleet entries with a shed priority only: what an hour of the type's work is worth —
    /// `"2.08 USD/GPU-h"` for GPUs, a hashprice such as `"43.33 USD/PH/s/day"` for miners.
    #[serde(default)]
    pub value_of_lost_load: Option<LostLoadValueSpec>,
    /// `[deployment]` only: the rack types of a mixed fleet by name, in file order, instead of
    /// one rack.
    #[serde(default)]
    pub fleet: Named<RackSpec>,
}

/// A shed rack type's value of lost load: per GPU-hour (`"2 USD/GPU-h"`) or a hashprice
/// (`"43.33 USD/PH/s/day"`), told apart by the unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LostLoadValueSpec(pub crate::it::LostLoadValue);

impl<'de> Deserialize<'de> for LostLoadValueSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use crate::it::LostLoadValue;
        use crate::money::{UsdPerGpuHour, UsdPerPhsDay};
        let text = String::deserialize(d)?;
        if let Ok(v) = text.parse::<UsdPerGpuHour>() {
            return Ok(Self(LostLoadValue::PerGpuHour(v)));
        }
        text.parse::<UsdPerPhsDay>()
            .map(|v| Self(LostLoadValue::Hashprice(v)))
            .map_err(|_| {
                de::Error::custom(format!(
                    "'{text}' is neither a price per GPU-hour (\"2 USD/GPU-h\") nor a hashprice (\"43.33 USD/PH/s/day\")"
                ))
            })
    }
}

/// `[climate]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClimateSpec {
    /// A built-in climate (see `dcplan catalog`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// An EPW weather file, relative to the site file.
    #[serde(default)]
    pub epw: Option<String>,
    /// Water-body temperatures: a built-in profile name or twelve monthly means.
    #[serde(default)]
    pub water: Option<WaterSpec>,
    /// Design basis (default `annual_max`).
    #[serde(default)]
    pub design: Option<BasisSpec>,
    /// An explicit design hour instead of one from the climate.
    #[serde(default)]
    pub design_hour: Option<DesignHourSpec>,
}

/// `[climate.design_hour]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignHourSpec {
    /// Dry-bulb.
    pub dry_bulb: Q<ThermodynamicTemperature>,
    /// Coincident wet-bulb.
    pub wet_bulb: Q<ThermodynamicTemperature>,
    /// Site elevation (sets the standard pressure; default sea level).
    #[serde(default)]
    pub elevation: Option<Q<Length>>,
    /// Barometric pressure (instead of the elevation).
    #[serde(default)]
    pub pressure: Option<Q<Pressure>>,
    /// Water-body temperature at the design hour.
    #[serde(default)]
    pub water: Option<Q<ThermodynamicTemperature>>,
}

/// Water temperatures: a built-in profile or twelve monthly means.
#[derive(Clone, Debug, PartialEq)]
pub enum WaterSpec {
    /// `shanghai_lingang` or `singapore_strait`.
    Builtin(String),
    /// Twelve monthly means, January first.
    Monthly(Vec<Q<ThermodynamicTemperature>>),
}

impl<'de> Deserialize<'de> for WaterSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WaterSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "\"shanghai_lingang\", \"singapore_strait\" or twelve monthly temperatures such as [\"8 °C\", …]",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<WaterSpec, E> {
                Ok(WaterSpec::Builtin(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<WaterSpec, A::Error> {
                let mut months = Vec::with_capacity(12);
                while let Some(t) = seq.next_element()? {
                    months.push(t);
                }
                Ok(WaterSpec::Monthly(months))
            }
        }
        d.deserialize_any(V)
    }
}

/// A design basis as written: `annual_max`, `dry_bulb_0.4`, `dry_bulb_1`, `dry_bulb_2`,
/// `wet_bulb_0.4`, `wet_bulb_1`, `wet_bulb_2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BasisSpec(pub DesignBasis);

/// The basis names of site files, in [`DesignBasis::ALL`] order.
pub const BASIS_NAMES: [&str; 7] = [
    "dry_bulb_0.4",
    "dry_bulb_1",
    "dry_bulb_2",
    "wet_bulb_0.4",
    "wet_bulb_1",
    "wet_bulb_2",
    "annual_max",
];

impl<'de> Deserialize<'de> for BasisSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        BASIS_NAMES
            .iter()
            .zip(DesignBasis::ALL)
            .find(|(name, _)| **name == text)
            .map(|(_, basis)| BasisSpec(basis))
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "found {text:?}, expected one of {}",
                    BASIS_NAMES.join(", ")
                ))
            })
    }
}

/// Entries of a TOML table (or JSON object) by name, in file order.
#[derive(Clone, Debug)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Named<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of named entries")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Named<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    entries.push((k, v));
                }
                Ok(Named(entries))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

impl SiteSpec {
    /// Reads a spec from a JSON value of the site-file schema (e.g. a file's
    /// [`SiteFile::document`](super::SiteFile::document) with a field changed).
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        serde_json::from_value(value).map_err(|e| Error::Inconsistent {
            field: "site".into(),
            reason: e.to_string(),
        })
    }
}
