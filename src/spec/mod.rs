//! Site files: a whole site in TOML (or JSON with the same schema) with quantities written as
//! people write them (`"120 kW"`, `"18 °C"`, `"60 MVA"`), read into a validated [`Site`], a
//! [`Deployment`] and a [`Climate`]. The format is documented field by field in
//! `docs/site-format.md`.
//!
//! Errors point into the file: [`SiteFile::scenario`] reports an [`Error::SiteFile`] with the
//! line, column and field path, what was found and what was expected.
//!
//! ```
//! use dcplan::spec::{Format, SiteFile};
//! let text = r#"
//! name = "campus"
//! pue = 1.15
//! [interconnect]
//! capacity = "100 MW"
//! [deployment]
//! system = "GB200 NVL72"
//! "#;
//! let file = SiteFile::from_text("campus.toml", text, Format::Toml, ".");
//! let scenario = file.scenario()?;
//! let plan = dcplan::capacity::plan(&scenario.site, &scenario.deployment)?;
//! assert_eq!(plan.accelerators, 52_128);
//!
//! let bad = SiteFile::from_text("bad.toml", &text.replace("\"100 MW\"", "100"), Format::Toml, ".");
//! let err = bad.scenario().unwrap_err().to_string();
//! assert!(err.starts_with("bad.toml:5:12: interconnect.capacity: found 100 (a bare number)"), "{err}");
//! # Ok::<(), dcplan::Error>(())
//! ```

pub mod crac;
pub mod finance;
mod locate;
mod vary;

pub use vary::{Grid, Vary, set_path};

use crate::climate::psychrometrics::standard_pressure;
use crate::climate::{Ambient, Climate, DesignBasis, WaterProfile};
use crate::cooling::{Chiller, Condenser, CoolingLoop, LoopDesign, Plant, Sink, Technology};
use crate::electrical::{
    ElectricalChain, GridInterconnect, LossCurve, Stage, StageKind, Substation, Transformer,
};
use crate::error::{Error, Located, Result};
use crate::fluids::Coolant;
use crate::it::{AirClass, Deployment, RackProfile, WaterClass, catalog};
use crate::redundancy::{Redundancy, UnitGroup};
use crate::site::{Hall, Site, SiteBuilder};
use crate::units::parse::Q;
use crate::units::*;
use locate::{SpanIndex, line_column, offset_of};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Most halls a site file may describe (counting each of a hall's `count`).
pub const MAX_HALLS: u32 = 10_000;

/// Power factor assumed where a file gives apparent power without one.
pub const DEFAULT_POWER_FACTOR: f64 = 0.95;

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
    /// Fixed house loads (default 0).
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

/// `[electrical]`: the reference chain, or explicit stages.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricalSpec {
    /// The reference chain ([`ElectricalChain::reference`]).
    #[serde(default)]
    pub reference: Option<ReferenceSpec>,
    /// Critical (IT path) stages from the load upward.
    #[serde(default)]
    pub critical: Vec<StageSpec>,
    /// Shared (whole-facility) stages from the low-voltage bus upward.
    #[serde(default)]
    pub shared: Vec<StageSpec>,
}

/// `[electrical.reference]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    /// IT capacity the chain is sized for.
    pub it_capacity: Q<Power>,
    /// UPS redundancy (default 2N).
    #[serde(default)]
    pub ups: Option<Redundancy>,
}

/// One `[[electrical.critical]]` or `[[electrical.shared]]` stage.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Stage name.
    pub name: String,
    /// `pdu`, `busway`, `ups`, `transformer` or `switchgear`.
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
    /// Loop fans/pumps at the usable capacity.
    #[serde(default)]
    pub transport_power: Option<Q<Power>>,
    /// Lowest fan/pump speed.
    #[serde(default)]
    pub min_speed: Option<Q<Fraction>>,
    /// Sink approach (dry cooler, tower, once-through heat exchanger).
    #[serde(default)]
    pub approach: Option<Q<TemperatureInterval>>,
    /// Sink fan power at full speed (dry cooler, tower).
    #[serde(default)]
    pub fan_power: Option<Q<Power>>,
    /// Supply-fan temperature rise (outside air).
    #[serde(default)]
    pub fan_heat: Option<Q<TemperatureInterval>>,
    /// Cycles of concentration (tower).
    #[serde(default)]
    pub cycles_of_concentration: Option<f64>,
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
    /// `water`, `propylene_glycol 30 %` or `ethylene_glycol 30 %`.
    #[serde(default)]
    pub coolant: Option<String>,
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
    /// IT power limit.
    #[serde(default)]
    pub power_limit: Option<Q<Power>>,
    /// Identical halls of this kind, named `NAME 1` … `NAME n` (default 1: just `NAME`).
    #[serde(default)]
    pub count: Option<u32>,
}

/// `[deployment]` (the primary racks) and its `[[deployment.support]]` racks.
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

/// A site ready to plan and simulate.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The site, with its design ambient.
    pub site: Site,
    /// The IT deployed.
    pub deployment: Deployment,
    /// The year of weather, if the file names one.
    pub climate: Option<Arc<Climate>>,
    /// The business case, if the file has one.
    pub finance: Option<finance::FinanceSpec>,
}

/// The error `e` about the spec field `path` (its own field path is replaced).
fn at(path: impl Into<String>) -> impl FnOnce(Error) -> Error {
    let path = path.into();
    move |e| e.with_field(path)
}

/// Maps an error from a model constructor onto the spec: `prefix.LAST` when the model field's
/// last segment is one of `fields` (renamed through `renames`), else `prefix`.
fn relabel(e: Error, prefix: &str, fields: &[&str], renames: &[(&str, &str)]) -> Error {
    let last = e
        .field()
        .and_then(|f| f.rsplit(['.']).next())
        .map(|l| l.to_owned());
    let path = match last {
        Some(l) => match renames.iter().find(|(model, _)| *model == l) {
            Some((_, spec)) => format!("{prefix}.{spec}"),
            None if fields.contains(&l.as_str()) => format!("{prefix}.{l}"),
            None => prefix.to_owned(),
        },
        None => prefix.to_owned(),
    };
    e.with_field(path)
}

impl SiteSpec {
    /// Reads a spec from a JSON value of the site-file schema (e.g. a file's
    /// [`SiteFile::document`] with a field changed).
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        serde_json::from_value(value).map_err(|e| Error::Inconsistent {
            field: "site".into(),
            reason: e.to_string(),
        })
    }

    /// Loads the year of weather the file names (a built-in climate or an EPW file, relative
    /// to `base`), with its water profile.
    pub fn load_climate(&self, base: &Path) -> Result<Option<Climate>> {
        let Some(c) = &self.climate else {
            return Ok(None);
        };
        let climate = match (&c.builtin, &c.epw) {
            (Some(_), Some(_)) => {
                return Err(Error::inconsistent(
                    "climate.epw",
                    "give either a built-in climate or an EPW file, not both",
                ));
            }
            (Some(name), None) => crate::climate::builtin(name).map_err(at("climate.builtin"))?,
            (None, Some(path)) => {
                let full = base.join(path);
                Climate::from_epw_file(&full).map_err(|e| Error::Unit {
                    field: "climate.epw".into(),
                    text: path.clone(),
                    expected: format!("a readable EPW weather file ({e})"),
                })?
            }
            (None, None) => {
                if c.water.is_some() {
                    return Err(Error::inconsistent(
                        "climate.water",
                        "a water profile needs a climate (builtin or epw) to attach to",
                    ));
                }
                return Ok(None);
            }
        };
        match self.water_profile()? {
            Some(profile) => climate.with_water(profile).map(Some),
            None => Ok(Some(climate)),
        }
    }

    fn water_profile(&self) -> Result<Option<WaterProfile>> {
        let water = self.climate.as_ref().and_then(|c| c.water.as_ref());
        match water {
            None => Ok(None),
            Some(WaterSpec::Builtin(name)) => match name.as_str() {
                "shanghai_lingang" => Ok(Some(WaterProfile::shanghai_lingang())),
                "singapore_strait" => Ok(Some(WaterProfile::singapore_strait())),
                other => Err(Error::Unit {
                    field: "climate.water".into(),
                    text: other.into(),
                    expected:
                        "\"shanghai_lingang\", \"singapore_strait\" or twelve monthly temperatures"
                            .into(),
                }),
            },
            Some(WaterSpec::Monthly(months)) => {
                let monthly: [ThermodynamicTemperature; 12] = months
                    .iter()
                    .map(|q| q.0)
                    .collect::<Vec<_>>()
                    .try_into()
                    .map_err(|v: Vec<_>| {
                        Error::inconsistent(
                            "climate.water",
                            format!(
                                "twelve monthly temperatures, January first (found {})",
                                v.len()
                            ),
                        )
                    })?;
                WaterProfile::new(monthly)
                    .map(Some)
                    .map_err(at("climate.water"))
            }
        }
    }

    /// Builds the site and deployment, with `climate` (from [`SiteSpec::load_climate`]) for
    /// the design ambient. Errors name the spec field (`cooling.liquid.supply`).
    pub fn build(&self, climate: Option<Arc<Climate>>) -> Result<Scenario> {
        let mut b = Site::builder(&self.name, self.interconnect()?);
        if let Some(s) = &self.substation {
            b = b.substation(substation(s)?);
        }
        if let Some(pue) = self.pue {
            b = b.lumped_pue(pue);
        }
        if let Some(h) = self.house_load {
            b = b.house_load(h.0);
        }
        if let Some(e) = &self.electrical {
            b = b.electrical(electrical(e)?);
        }
        for (name, l) in &self.cooling.0 {
            b = b.cooling_loop(cooling_loop(name, l)?);
        }
        for (name, c) in &self.crac.0 {
            b = b.cooling_loop(crac::crac_loop(name, c)?);
        }
        b = self.halls(b)?;
        if let Some(a) = self.design_ambient(climate.as_deref())? {
            b = b.design_ambient(a);
        }
        let prefix = format!("site '{}'.", self.name);
        let site = b.build().map_err(|e| {
            let field = e.field().unwrap_or_default();
            let spec = match field.strip_prefix(&prefix).unwrap_or(field) {
                "cooling_loops" => "cooling",
                "design_ambient" => "climate",
                other => other,
            }
            .to_owned();
            e.with_field(spec)
        })?;
        Ok(Scenario {
            site,
            deployment: deployment(&self.deployment)?,
            climate,
            finance: self.finance.clone(),
        })
    }

    fn interconnect(&self) -> Result<GridInterconnect> {
        let i = &self.interconnect;
        match (i.capacity.0, i.power_factor) {
            (RealOrApparent::Real(_), Some(_)) => Err(Error::inconsistent(
                "interconnect.power_factor",
                "a power factor applies to a capacity in apparent power (\"120 MVA\"); this one is real power",
            )),
            (RealOrApparent::Real(p), None) => {
                GridInterconnect::new(p).map_err(at("interconnect.capacity"))
            }
            (RealOrApparent::Apparent(s), pf) => Ok(GridInterconnect::from_apparent(
                s,
                pf.map_or_else(|| PowerFactor::new(DEFAULT_POWER_FACTOR), Ok)?,
            )),
        }
    }

    fn halls(&self, mut b: SiteBuilder) -> Result<SiteBuilder> {
        let mut total = 0u32;
        for (name, h) in &self.halls.0 {
            let path = format!("halls.{name}");
            let power = h.power_limit.map(|q| q.0);
            let count = h.count.unwrap_or(1);
            total = total.saturating_add(count);
            if count == 0 || total > MAX_HALLS {
                return Err(Error::out_of_range(
                    &format!("{path}.count"),
                    f64::from(count),
                    "",
                    &format!("at least 1, and at most {MAX_HALLS} halls in all"),
                ));
            }
            let names: Vec<String> = match count {
                1 => vec![name.clone()],
                n => (1..=n).map(|i| format!("{name} {i}")).collect(),
            };
            for hall in names {
                b = b.hall(
                    Hall::new(&hall, h.positions, power)
                        .map_err(|e| relabel(e, &path, &["power_limit"], &[]))?,
                );
            }
        }
        Ok(b)
    }

    fn design_ambient(&self, climate: Option<&Climate>) -> Result<Option<Ambient>> {
        let Some(c) = &self.climate else {
            return Ok(None);
        };
        if let Some(h) = &c.design_hour {
            let path = "climate.design_hour";
            if c.design.is_some() {
                return Err(Error::inconsistent(
                    "climate.design",
                    "give either a design basis or an explicit design_hour, not both",
                ));
            }
            let pressure = match (h.pressure, h.elevation) {
                (Some(_), Some(_)) => {
                    return Err(Error::inconsistent(
                        &format!("{path}.pressure"),
                        "give either the pressure or the elevation, not both",
                    ));
                }
                (Some(p), None) => p.0,
                (None, Some(z)) => {
                    standard_pressure(z.0).map_err(at(format!("{path}.elevation")))?
                }
                (None, None) => Pressure::new::<pascal>(101_325.0),
            };
            let air = Ambient::from_wet_bulb(h.dry_bulb.0, h.wet_bulb.0, pressure)
                .map_err(at(format!("{path}.wet_bulb")))?;
            return match h.water {
                Some(w) => air
                    .with_water(w.0)
                    .map(Some)
                    .map_err(at(format!("{path}.water"))),
                None => Ok(Some(air)),
            };
        }
        let basis = c.design.map_or(DesignBasis::AnnualMax, |b| b.0);
        climate
            .map(|cl| cl.design_ambient(basis).map_err(at("climate.design")))
            .transpose()
    }
}

fn substation(s: &SubstationSpec) -> Result<Substation> {
    let pf = s
        .power_factor
        .map_or_else(|| PowerFactor::new(DEFAULT_POWER_FACTOR), Ok)?;
    let loss = |q: Option<Q<Fraction>>, default: f64| {
        q.map_or_else(|| Fraction::new(default), |q| Ok(q.0))
    };
    let t = Transformer::new(
        s.rating.0,
        LossCurve::transformer(loss(s.no_load_loss, 0.001)?, loss(s.load_loss, 0.005)?),
    );
    Substation::new(
        t,
        s.transformers,
        s.redundancy.unwrap_or(Redundancy::NPlus(1)),
        pf,
    )
    .map_err(at("substation.redundancy"))
}

fn electrical(e: &ElectricalSpec) -> Result<ElectricalChain> {
    if let Some(r) = &e.reference {
        if !e.critical.is_empty() || !e.shared.is_empty() {
            return Err(Error::inconsistent(
                "electrical.reference",
                "give either the reference chain or explicit stages, not both",
            ));
        }
        return ElectricalChain::reference(r.it_capacity.0, r.ups.unwrap_or(Redundancy::TwoN))
            .map_err(at("electrical.reference.it_capacity"));
    }
    let stages = |list: &[StageSpec], level: &str| -> Result<Vec<Stage>> {
        list.iter()
            .enumerate()
            .map(|(i, s)| stage(s, &format!("electrical.{level}.{i}")))
            .collect()
    };
    ElectricalChain::new(
        stages(&e.critical, "critical")?,
        stages(&e.shared, "shared")?,
    )
    .map_err(at("electrical"))
}

fn stage(s: &StageSpec, path: &str) -> Result<Stage> {
    let zero = Q(Fraction::ZERO);
    let coefficients = [s.no_load_loss, s.proportional_loss, s.load_loss];
    let styles = [
        s.efficiency.is_some(),
        s.efficiency_curve.is_some(),
        coefficients.iter().any(Option::is_some),
    ];
    if styles.iter().filter(|&&x| x).count() > 1 {
        return Err(Error::inconsistent(
            path,
            "give the losses one way: efficiency, efficiency_curve, or no_load_loss / proportional_loss / load_loss",
        ));
    }
    let losses = if let Some(eta) = s.efficiency {
        LossCurve::constant(eta.0)
    } else if let Some(points) = &s.efficiency_curve {
        LossCurve::from_efficiencies(points.map(|(x, eta)| (x.0, eta.0)))
            .map_err(at(format!("{path}.efficiency_curve")))?
    } else {
        let [a, b, c] = coefficients.map(|q| q.unwrap_or(zero).0);
        LossCurve::new(a, b, c)?
    };
    let units = UnitGroup::new(s.units, s.redundancy.unwrap_or(Redundancy::N))
        .map_err(at(format!("{path}.redundancy")))?;
    let stage = Stage::new(&s.name, s.kind, s.unit_rating.0, units, losses)
        .map_err(at(format!("{path}.unit_rating")))?;
    Ok(match s.heat_to_room {
        Some(share) => stage.with_heat_to_room(share.0),
        None => stage,
    })
}

const LOOP_FIELDS: [&str; 13] = [
    "units",
    "supply",
    "terminal_approach",
    "rise",
    "max_rack_heat",
    "min_speed",
    "approach",
    "fan_power",
    "fan_heat",
    "cycles_of_concentration",
    "water_rise",
    "pump_head",
    "coolant",
];

fn cooling_loop(name: &str, l: &LoopSpec) -> Result<CoolingLoop> {
    let path = format!("cooling.{name}");
    let field = |f: &str| format!("{path}.{f}");
    let model = |e: Error| {
        relabel(
            e,
            &path,
            &LOOP_FIELDS,
            &[
                ("usable_capacity", "capacity"),
                ("unit_capacity", "capacity"),
                ("units_carrying", "units"),
                ("design_power", "transport_power"),
                ("rated_cop", "chiller_cop"),
            ],
        )
    };
    let mut d = LoopDesign::preset(l.technology, name, l.capacity.0, l.units).map_err(model)?;
    if let Some(r) = l.redundancy {
        d.units = UnitGroup::new(r.installed_for(l.units).map_err(model)?, r)
            .map_err(at(field("redundancy")))?;
    }
    if let Some(q) = l.supply {
        d.supply = q.0;
    }
    if let Some(q) = l.terminal_approach {
        d.terminal_approach = q.0;
    }
    if let Some(q) = l.rise {
        d.rise = q.0;
    }
    if let Some(q) = l.max_rack_heat {
        d.max_rack_heat = Some(q.0);
    }
    if l.transport_power.is_some() || l.min_speed.is_some() {
        d.transport = crate::cooling::Transport::new(
            l.transport_power
                .map_or(d.transport.design_power(), |q| q.0),
            l.min_speed.map_or(d.transport.min_speed(), |q| q.0),
        )
        .map_err(model)?;
    }
    if let Some(c) = &l.coolant {
        d.coolant = coolant(c).map_err(at(field("coolant")))?;
    }
    let sink = sink_with_overrides(d.plant.sink().clone(), l, &field)?;
    let no_chiller = |reason: String| Err(Error::inconsistent(&field("chiller_cop"), reason));
    let chiller = match (l.chiller, d.plant.chiller()) {
        (Some(ChillerKind::None), _) | (None, None) if l.chiller_cop.is_some() => {
            return no_chiller(format!(
                "the loop has no chiller (technology {:?}); add chiller = \"air_cooled\" or \"water_cooled\"",
                l.technology
            ));
        }
        (Some(ChillerKind::None), _) | (None, None) => None,
        (None, Some(preset)) => Some(match l.chiller_cop {
            Some(cop) => Chiller::ahri(preset.condenser(), cop),
            None => Ok(*preset),
        }),
        (Some(kind), _) => {
            let condenser = if kind == ChillerKind::WaterCooled {
                Condenser::Water
            } else {
                Condenser::Air
            };
            Some(match l.chiller_cop {
                Some(cop) => Chiller::ahri(condenser, cop),
                None => Chiller::reference(condenser),
            })
        }
    }
    .transpose()
    .map_err(at(field("chiller_cop")))?;
    let economiser = l.economiser.unwrap_or(d.plant.economiser());
    d.plant = Plant::new(sink, chiller, economiser).map_err(model)?;
    CoolingLoop::new(d).map_err(model)
}

fn sink_with_overrides(
    mut sink: Sink,
    l: &LoopSpec,
    field: &dyn Fn(&str) -> String,
) -> Result<Sink> {
    let kind = match &sink {
        Sink::DryCooler { .. } => "a dry-cooler",
        Sink::Evaporative { .. } => "an evaporative (tower)",
        Sink::OnceThrough { .. } => "a once-through water",
        Sink::OutsideAir { .. } => "an outside-air",
    };
    let not_here = |name: &str, applies: &str| {
        Error::inconsistent(
            &field(name),
            format!(
                "applies to {applies} only; technology {:?} has {kind} sink",
                l.technology
            ),
        )
    };
    match &mut sink {
        Sink::DryCooler {
            approach,
            fan_power,
        } => {
            if let Some(q) = l.approach {
                *approach = q.0;
            }
            if let Some(q) = l.fan_power {
                *fan_power = q.0;
            }
        }
        Sink::Evaporative {
            approach,
            fan_power,
            cycles_of_concentration,
        } => {
            if let Some(q) = l.approach {
                *approach = q.0;
            }
            if let Some(q) = l.fan_power {
                *fan_power = q.0;
            }
            if let Some(c) = l.cycles_of_concentration {
                *cycles_of_concentration = c;
            }
        }
        Sink::OnceThrough {
            approach,
            water_rise,
            pump_head,
            pump_efficiency,
            ..
        } => {
            if let Some(q) = l.approach {
                *approach = q.0;
            }
            if let Some(q) = l.water_rise {
                *water_rise = q.0;
            }
            if let Some(q) = l.pump_head {
                *pump_head = q.0;
            }
            if let Some(q) = l.pump_efficiency {
                *pump_efficiency = q.0;
            }
        }
        Sink::OutsideAir { fan_heat } => {
            if let Some(q) = l.fan_heat {
                *fan_heat = q.0;
            }
            if l.approach.is_some() {
                return Err(not_here(
                    "approach",
                    "dry-cooler, tower and once-through sinks",
                ));
            }
        }
    }
    let checks = [
        (
            "fan_power",
            l.fan_power.is_some(),
            matches!(sink, Sink::DryCooler { .. } | Sink::Evaporative { .. }),
            "dry-cooler and tower sinks",
        ),
        (
            "fan_heat",
            l.fan_heat.is_some(),
            matches!(sink, Sink::OutsideAir { .. }),
            "outside-air sinks",
        ),
        (
            "cycles_of_concentration",
            l.cycles_of_concentration.is_some(),
            matches!(sink, Sink::Evaporative { .. }),
            "tower sinks",
        ),
    ];
    let once_through = matches!(sink, Sink::OnceThrough { .. });
    for (name, given, applies, which) in checks.into_iter().chain([
        (
            "water_rise",
            l.water_rise.is_some(),
            once_through,
            "once-through sinks",
        ),
        (
            "pump_head",
            l.pump_head.is_some(),
            once_through,
            "once-through sinks",
        ),
        (
            "pump_efficiency",
            l.pump_efficiency.is_some(),
            once_through,
            "once-through sinks",
        ),
    ]) {
        if given && !applies {
            return Err(not_here(name, which));
        }
    }
    Ok(sink)
}

/// `water`, `propylene_glycol 30 %`, `ethylene_glycol 25 %`.
fn coolant(text: &str) -> Result<Coolant> {
    let t = text.trim();
    let bad = || Error::Unit {
        field: String::new(),
        text: text.to_owned(),
        expected:
            "\"water\", \"propylene_glycol 30 %\" or \"ethylene_glycol 30 %\" (glycol by mass)"
                .into(),
    };
    if t == "water" {
        return Ok(Coolant::Water);
    }
    let (kind, share) = t.split_once(' ').ok_or_else(bad)?;
    let fraction: Fraction = parse(share)?;
    match kind {
        "propylene_glycol" => Coolant::new_propylene_glycol(fraction),
        "ethylene_glycol" => Coolant::new_ethylene_glycol(fraction),
        _ => Err(bad()),
    }
}

fn deployment(spec: &RackSpec) -> Result<Deployment> {
    if spec.per_primary.is_some() {
        return Err(Error::inconsistent(
            "deployment.per_primary",
            "per_primary belongs to support racks ([[deployment.support]])",
        ));
    }
    let mut d = Deployment::new(rack(spec, "deployment")?);
    for (i, s) in spec.support.iter().enumerate() {
        let path = format!("deployment.support.{i}");
        if !s.support.is_empty() {
            return Err(Error::inconsistent(
                &format!("{path}.support"),
                "support racks cannot have support racks",
            ));
        }
        let per = s.per_primary.ok_or_else(|| {
            Error::inconsistent(
                &format!("{path}.per_primary"),
                "a support rack needs per_primary (primary racks per support rack)",
            )
        })?;
        d = d
            .with_support(rack(s, &path)?, per)
            .map_err(at(format!("{path}.per_primary")))?;
    }
    Ok(d)
}

fn rack(spec: &RackSpec, path: &str) -> Result<RackProfile> {
    let field = |f: &str| format!("{path}.{f}");
    let model = |e: Error| {
        relabel(
            e,
            path,
            &["it_power", "water_class", "systems_per_rack"],
            &[],
        )
    };
    let profile = match &spec.system {
        Some(name) => {
            let custom = [
                ("name", spec.name.is_some()),
                ("accelerators", spec.accelerators.is_some()),
                ("liquid_fraction", spec.liquid_fraction.is_some()),
                ("air_class", spec.air_class.is_some()),
                ("water_class", spec.water_class.is_some()),
            ];
            if let Some((f, _)) = custom.iter().find(|(_, given)| *given) {
                return Err(Error::inconsistent(
                    &field(f),
                    "a catalog system keeps its catalog figures (only it_power and systems_per_rack can be changed); describe a custom rack without `system` instead",
                ));
            }
            let system = catalog::find(name).map_err(at(field("system")))?;
            RackProfile::from_system(system, spec.systems_per_rack.unwrap_or(1)).map_err(model)?
        }
        None => {
            if spec.systems_per_rack.is_some() {
                return Err(Error::inconsistent(
                    &field("systems_per_rack"),
                    "systems_per_rack needs a catalog `system`",
                ));
            }
            let it = spec.it_power.ok_or_else(|| {
                Error::inconsistent(
                    &field("it_power"),
                    "a rack needs a catalog `system` or its own `it_power`",
                )
            })?;
            RackProfile::new(
                spec.name.as_deref().unwrap_or("custom rack"),
                it.0,
                spec.accelerators.unwrap_or(0),
                spec.liquid_fraction.map_or(Fraction::ZERO, |q| q.0),
                spec.air_class.unwrap_or(AirClass::A2),
                spec.water_class,
            )
            .map_err(model)?
        }
    };
    let profile = match (spec.system.is_some(), spec.it_power) {
        (true, Some(p)) => profile.with_it_power(p.0).map_err(model)?,
        _ => profile,
    };
    Ok(match &spec.inlet_response {
        Some(r) => profile.with_inlet_response(crac::inlet_response(r, &field("inlet_response"))?),
        None => profile,
    })
}

/// How a site file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML (`.toml`, the default).
    Toml,
    /// JSON with the same schema (`.json`).
    Json,
}

/// A site file's text, ready to be read into a [`Scenario`] with errors located in it.
#[derive(Clone, Debug)]
pub struct SiteFile {
    name: String,
    dir: PathBuf,
    text: String,
    format: Format,
    index: SpanIndex,
}

impl SiteFile {
    /// Reads a file; `.json` files are JSON, anything else TOML. A file larger than
    /// [`MAX_SITE_FILE_BYTES`] or not UTF-8 text is refused with a located error (its first
    /// bytes are all that is read of a larger one).
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let io = |e: std::io::Error| Error::Io {
            path: name.clone(),
            reason: e.to_string(),
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(MAX_SITE_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(io)?;
        if bytes.len() > MAX_SITE_FILE_BYTES {
            return Err(too_large(&name));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let (line, column) = line_column(valid, at);
            Error::SiteFile(Box::new(Located {
                file: name.clone(),
                line,
                column,
                offset: at,
                length: 1,
                field: "(top level)".into(),
                found: format!("the byte 0x{:02x}, which is not UTF-8 text", bytes[at]),
                expected: "a site file in UTF-8 text (TOML or JSON)".into(),
            }))
        })?;
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Self::from_text(&name, &text, format, dir))
    }

    /// A site file from text; `dir` is where relative paths in it (EPW files) start.
    /// Text larger than [`MAX_SITE_FILE_BYTES`] is kept but refused when read. A leading
    /// byte-order mark (as some Windows editors write) is read as blank space, so byte offsets
    /// into the text stay those of the file.
    pub fn from_text(name: &str, text: &str, format: Format, dir: impl Into<PathBuf>) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => format!("   {rest}"),
            None => text.to_owned(),
        };
        let index = match format {
            _ if text.len() > MAX_SITE_FILE_BYTES => SpanIndex::default(),
            Format::Toml => SpanIndex::toml(&text),
            Format::Json => SpanIndex::json(&text),
        };
        Self {
            name: name.to_owned(),
            dir: dir.into(),
            text,
            format,
            index,
        }
    }

    /// The file name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The directory relative paths in the file start from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The spec, or a located error.
    pub fn spec(&self) -> Result<SiteSpec> {
        self.parse()
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        if self.text.len() > MAX_SITE_FILE_BYTES {
            return Err(too_large(&self.name));
        }
        match self.format {
            Format::Toml => toml::from_str(&self.text)
                .map_err(|e| self.serde_error(e.message(), e.span().unwrap_or(0..0))),
            Format::Json => serde_json::from_str(&self.text).map_err(|e| {
                let offset = offset_of(&self.text, e.line(), e.column());
                let msg = e.to_string();
                let msg = msg
                    .rsplit_once(" at line ")
                    .map_or(msg.as_str(), |(m, _)| m);
                self.serde_error(msg, offset..offset)
            }),
        }
    }

    /// The site, deployment and climate, or a located error.
    pub fn scenario(&self) -> Result<Scenario> {
        let spec = self.spec()?;
        let climate = spec
            .load_climate(&self.dir)
            .map_err(|e| self.locate(e))?
            .map(Arc::new);
        spec.build(climate).map_err(|e| self.locate(e))
    }

    /// The document as a JSON value (for changing fields, e.g. in a sweep).
    pub fn document(&self) -> Result<serde_json::Value> {
        self.parse()
    }

    /// A deserialiser's error at `span` (a point for JSON): the field path comes from the
    /// innermost value around it; the span is the deserialiser's own when it has one.
    fn serde_error(&self, message: &str, span: std::ops::Range<usize>) -> Error {
        let (mut path, span) = match self.index.at(span.start) {
            Some((p, s)) if span.is_empty() => (p.to_owned(), s),
            Some((p, _)) => (p.to_owned(), span),
            None => (String::new(), span),
        };
        let message = message.trim();
        // Structural errors name a key of the enclosing table: add it to the path.
        for prefix in ["unknown field `", "missing field `"] {
            if let Some(key) = message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
            {
                path = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
            }
        }
        let (found, expected) = split_message(message);
        self.located(path, span, found, expected)
    }

    /// Points an error about a spec field at the file (other errors are returned unchanged).
    pub fn locate(&self, e: Error) -> Error {
        let Some(field) = e.field().map(str::to_owned) else {
            return e;
        };
        let (mut found, expected) = e.found_expected();
        let span = match self.index.find(&field) {
            Some((span, exact)) => {
                if exact && !found.is_empty() {
                    found = self.text[span.clone()].to_owned();
                }
                span
            }
            None => 0..0,
        };
        self.located(field, span, found, expected)
    }

    fn located(
        &self,
        field: String,
        span: std::ops::Range<usize>,
        found: String,
        expected: String,
    ) -> Error {
        let (line, column) = line_column(&self.text, span.start);
        Error::SiteFile(Box::new(Located {
            file: self.name.clone(),
            line,
            column,
            offset: span.start,
            length: span.end - span.start,
            field: if field.is_empty() {
                "(top level)".into()
            } else {
                field
            },
            found,
            expected,
        }))
    }
}

/// The largest site file read: 1 MiB, hundreds of times the largest real one. Larger input is
/// refused before it is parsed, so a mistaken or hostile file cannot exhaust memory.
pub const MAX_SITE_FILE_BYTES: usize = 1 << 20;

/// The error for a site file larger than [`MAX_SITE_FILE_BYTES`].
fn too_large(name: &str) -> Error {
    Error::SiteFile(Box::new(Located {
        file: name.to_owned(),
        line: 1,
        column: 1,
        offset: 0,
        length: 0,
        field: "(top level)".into(),
        found: format!("more than {} KiB", MAX_SITE_FILE_BYTES >> 10),
        expected: format!(
            "a site file of at most {} KiB (is this the right file?)",
            MAX_SITE_FILE_BYTES >> 10
        ),
    }))
}

/// Splits a deserialiser message into what was found and what was expected.
fn split_message(message: &str) -> (String, String) {
    let message = message.trim();
    if let Some(key) = message.strip_prefix("missing field ") {
        return ("nothing".into(), format!("a value for {key}"));
    }
    match message.split_once(", expected ") {
        Some((found, expected)) => (
            found
                .trim_start_matches("found ")
                .trim_start_matches("invalid type: ")
                .trim_start_matches("invalid value: ")
                .to_owned(),
            expected.to_owned(),
        ),
        None => (String::new(), message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"{
  "name": "campus",
  "interconnect": {"capacity": "100 MW"},
  "cooling": {"liquid": {"technology": "direct_to_chip_dry_cooler", "capacity": "80 MW", "units": 8}},
  "deployment": {"system": "GB200 NVL72"},
  "climate": {"design_hour": {"dry_bulb": "35 °C", "wet_bulb": "24 °C"}}
}"#;

    fn error(text: &str) -> String {
        SiteFile::from_text("site.json", text, Format::Json, ".")
            .scenario()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn json_sites_build_and_errors_are_located() {
        let file = SiteFile::from_text("site.json", SITE, Format::Json, ".");
        let s = file.scenario().unwrap();
        assert_eq!(s.site.loops().len(), 1);
        let e = error(&SITE.replace("\"80 MW\"", "80"));
        assert!(
            e.starts_with("site.json:4:81: cooling.liquid.capacity: found 80 (a bare number)"),
            "{e}"
        );
        let e = error(&SITE.replace("\"units\": 8", "\"units\": 0"));
        assert!(
            e.contains("cooling.liquid.units: found 0, expected at least 1"),
            "{e}"
        );
        let e = error(&SITE.replace("\"system\"", "\"sistem\""));
        assert!(
            e.contains("deployment.sistem: found unknown field `sistem`"),
            "{e}"
        );
        let e = error(&SITE.replace("\"100 MW\"}", "\"100 MW\", \"power_factor\": 0.9}"));
        assert!(
            e.contains("interconnect.power_factor: a power factor applies"),
            "{e}"
        );
    }

    #[test]
    fn overrides_reach_the_loop_and_wrong_ones_are_named() {
        let with = |extra: &str| SITE.replace("\"units\": 8", &format!("\"units\": 8, {extra}"));
        let file = SiteFile::from_text(
            "site.json",
            &with("\"supply\": \"30 °C\", \"redundancy\": \"2N\", \"chiller\": \"none\""),
            Format::Json,
            ".",
        );
        let s = file.scenario().unwrap();
        let d = s.site.loops()[0].design().unwrap();
        assert!((to_celsius(d.supply) - 30.0).abs() < 1e-9);
        assert_eq!((d.units.installed(), d.units.carrying()), (16, 8));
        assert!(d.plant.chiller().is_none());
        let e = error(&with("\"pump_head\": \"20 m\""));
        assert!(
            e.contains("cooling.liquid.pump_head: applies to once-through sinks only"),
            "{e}"
        );
        let e = error(&with("\"chiller\": \"none\", \"chiller_cop\": 5"));
        assert!(
            e.contains("cooling.liquid.chiller_cop: the loop has no chiller"),
            "{e}"
        );
    }
}
