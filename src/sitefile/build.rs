//! From the schema to models: [`SiteSpec::build`] makes the validated [`Site`] and
//! [`Deployment`] of a site file, with the design ambient of the [`Climate`] that
//! [`SiteSpec::load_climate`] reads. Each section has its builder here, called from
//! [`SiteSpec::build`]; errors name the site-file field (`cooling.liquid.supply`).

use super::schema::*;
use super::{at, crac, finance, relabel};
use crate::capacity::Plan;
use crate::climate::psychrometrics::standard_pressure;
use crate::climate::{Ambient, Climate, DesignBasis, WaterProfile};
use crate::cooling::{
    Adiabatic, Cdu, Chiller, Condenser, CoolingLoop, DEFAULT_MEDIA_CYCLES, LoopDesign, Plant, Sink,
};
use crate::economics::{Evaluation, Project};
use crate::electrical::{
    Distribution, ElectricalChain, GridInterconnect, LossCurve, RackSupply, RackSupplyKind, Stage,
    Substation, Transformer,
};
use crate::error::{Error, Result};
use crate::fluids::Coolant;
use crate::it::{AirClass, Deployment, MAX_RACK_PROFILES, RackProfile, RackType, catalog};
use crate::operating::Placement;
use crate::redundancy::{Redundancy, UnitGroup};
use crate::simulate::AnnualResult;
use crate::site::{Hall, Site, SiteBuilder};
use crate::sustainability::Sustainability;
use crate::units::parse::Q;
use crate::units::*;
use std::path::Path;
use std::sync::Arc;

/// Most halls a site file may describe (counting each of a hall's `count`).
pub const MAX_HALLS: u32 = 10_000;

/// Most cooling loops a site file may describe (`[cooling.*]` and `[crac.*]` together). A
/// campus has a handful (liquid, air, a CRAC per room type); 64 leaves room for a loop per
/// building of a large campus while bounding what a year of hourly results per loop costs
/// (the CSV and SVG series: 64 loops × 8,784 hours).
pub const MAX_LOOPS: usize = 64;

/// Most rack types a deployment may have: the primary rack and its support racks
/// (`[[deployment.support]]`) together, or a fleet's types (`[deployment.fleet.NAME]`) and
/// theirs. Planning groups racks into a few kinds (GPU, network, storage, management); 64
/// leaves room for fleets of mixed deployments while bounding the rack counts kept per hall
/// (64 × 10,000 halls). The library's own bound, [`crate::it::MAX_RACK_PROFILES`].
pub const MAX_RACK_TYPES: usize = MAX_RACK_PROFILES;

/// Power factor assumed where a file gives apparent power without one.
pub const DEFAULT_POWER_FACTOR: f64 = 0.95;

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
    /// Carbon, water, renewables and rules (`[sustainability]`; empty without the section).
    pub sustainability: Sustainability,
}

impl Scenario {
    /// The year of weather to simulate, or an error saying how to give one.
    pub fn weather(&self) -> Result<&Climate> {
        self.climate.as_deref().ok_or_else(|| {
            Error::Missing {
                field: "climate".into(),
                what: "simulating needs a year of weather: add [climate] builtin = \"…\" or epw = \"…\" to the site file, or pass --weather FILE.epw".into(),
            }
        })
    }

    /// The business case of the scenario planned as `plan`, with its simulated `year` if
    /// there is one (the design point otherwise); `None` when the site file has no
    /// `[finance]` section.
    pub fn business_case(
        &self,
        plan: &Plan,
        year: Option<&AnnualResult>,
    ) -> Result<Option<Evaluation>> {
        self.project(plan, year)?.map(|p| p.appraise()).transpose()
    }

    /// The project [`Scenario::business_case`] appraises, before it is appraised; `None`
    /// without a `[finance]` section.
    pub fn project(&self, plan: &Plan, year: Option<&AnnualResult>) -> Result<Option<Project>> {
        self.finance
            .as_ref()
            .map(|spec| {
                let figures = spec.figures(&self.site, plan, &self.deployment, year)?;
                spec.project(self.site.name(), figures)
            })
            .transpose()
    }
}

impl SiteSpec {
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
    /// the design ambient, and the `[sustainability]` inputs with their CSV files relative to
    /// the current directory ([`SiteSpec::build_at`] reads them relative to the site file's).
    /// Errors name the spec field (`cooling.liquid.supply`).
    pub fn build(&self, climate: Option<Arc<Climate>>) -> Result<Scenario> {
        self.build_at(climate, Path::new(""))
    }

    /// As [`SiteSpec::build`], with the files the site file names (hourly CSVs) relative to
    /// `base`.
    pub fn build_at(&self, climate: Option<Arc<Climate>>, base: &Path) -> Result<Scenario> {
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
        let loops = self.cooling.0.iter().map(|(n, _)| ("cooling", n));
        let cracs = self.crac.0.iter().map(|(n, _)| ("crac", n));
        if let Some((section, name)) = loops.chain(cracs).nth(MAX_LOOPS) {
            return Err(Error::inconsistent(
                &format!("{section}.{name}"),
                format!(
                    "a site has at most {MAX_LOOPS} cooling loops ([cooling.*] and [crac.*] \
                     together); this is loop {}",
                    MAX_LOOPS + 1
                ),
            ));
        }
        for (name, l) in &self.cooling.0 {
            b = b.cooling_loop(cooling_loop(name, l)?);
        }
        for (name, c) in &self.crac.0 {
            b = b.cooling_loop(crac::crac_loop(name, c)?);
        }
        for (name, r) in &self.reuse.0 {
            b = b.heat_reuse(r.design(name, base)?);
        }
        b = self.halls(b)?;
        if let Some(a) = self.design_ambient(climate.as_deref())? {
            b = b.design_ambient(a);
        }
        let site = b.build().map_err(|e| self.site_field(e))?;
        let deployment = self.deployment()?;
        // The deployment meets the site here, once, so that what cannot work together (a rack
        // no loop can cool, a hall's air no loop can set) is an error about the file's field
        // that decides.
        Placement::new(&site, &deployment, 0).map_err(|e| self.site_field(e))?;
        let sustainability = self
            .sustainability
            .as_ref()
            .map(|s| s.build(base, climate.as_deref()))
            .transpose()?
            .unwrap_or_default();
        Ok(Scenario {
            site,
            deployment,
            climate,
            finance: self.finance.clone(),
            sustainability,
        })
    }

    /// An error about the site or its deployment, named by the file's field that decides:
    /// `site 'NAME'.cooling_loops` is `cooling`, a loop `cooling_loops.NAME.supply` is
    /// `cooling.NAME.supply` (`crac.NAME.supply_reset` for a CRAC loop), a rack
    /// `deployment.support.0.liquid_fraction` is `deployment.support.0.system` for a catalog
    /// system.
    fn site_field(&self, e: Error) -> Error {
        let Some(field) = e.field() else {
            return e;
        };
        let field = field
            .strip_prefix(&format!("site '{}'.", self.name))
            .unwrap_or(field);
        let spec = if let Some(rest) = field.strip_prefix("cooling_loops.") {
            let (name, part) = rest.rsplit_once('.').unwrap_or((rest, ""));
            match (self.crac.0.iter().any(|(n, _)| n == name), part) {
                (true, "supply") => format!("crac.{name}.supply_reset"),
                (true, part) => format!("crac.{name}.{part}"),
                (false, part) => format!("cooling.{name}.{part}"),
            }
        } else if let Some((rack, part)) = field
            .strip_prefix("deployment.")
            .and_then(|rest| rest.rsplit_once('.'))
        {
            let (path, spec) = self.rack_at(rack);
            match part {
                "liquid_fraction" if spec.is_some_and(|r| r.system.is_some()) => {
                    format!("{path}.system")
                }
                part => format!("{path}.{part}"),
            }
        } else if let Some(rest) = field.strip_prefix("halls.") {
            // A hall of a `count` is named `NAME i`: its field is the file's `halls.NAME`.
            let (hall, part) = rest.rsplit_once('.').unwrap_or((rest, ""));
            let name = self
                .halls
                .0
                .iter()
                .map(|(n, _)| n)
                .find(|n| {
                    hall == n.as_str()
                        || hall
                            .strip_prefix(n.as_str())
                            .and_then(|i| i.strip_prefix(' '))
                            .is_some_and(|i| i.parse::<u32>().is_ok())
                })
                .map_or(hall, String::as_str);
            format!("halls.{name}.{part}")
        } else {
            match field {
                "cooling_loops" if self.cooling.0.is_empty() && !self.crac.0.is_empty() => {
                    "crac".to_owned()
                }
                "cooling_loops" => "cooling".to_owned(),
                "design_ambient" => "climate".to_owned(),
                other => other.to_owned(),
            }
        };
        e.with_field(spec)
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
                let mut hall = Hall::new(&hall, h.positions, power);
                if let Some(limit) = h.position_limit {
                    hall = hall.and_then(|hall| hall.with_position_limit(limit.0));
                }
                b = b.hall(
                    hall.map_err(|e| relabel(e, &path, &["power_limit", "position_limit"], &[]))?,
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
            let (pressure, pressure_field) = match (h.pressure, h.elevation) {
                (Some(_), Some(_)) => {
                    return Err(Error::inconsistent(
                        &format!("{path}.pressure"),
                        "give either the pressure or the elevation, not both",
                    ));
                }
                (Some(p), None) => (p.0, "pressure"),
                (None, Some(z)) => (
                    standard_pressure(z.0).map_err(at(format!("{path}.elevation")))?,
                    "elevation",
                ),
                (None, None) => (Pressure::new::<pascal>(101_325.0), "pressure"),
            };
            // The psychrometric model names the input it refuses: blame that field (the
            // pressure's, whichever way it was given), else the wet-bulb (the pair's
            // consistency).
            let air =
                Ambient::from_wet_bulb(h.dry_bulb.0, h.wet_bulb.0, pressure).map_err(|e| {
                    let field = match e.field() {
                        Some("pressure") => pressure_field,
                        Some("dry_bulb") => "dry_bulb",
                        _ => "wet_bulb",
                    };
                    e.with_field(format!("{path}.{field}"))
                })?;
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
    .map_err(at(units_or_redundancy(
        "substation",
        "transformers",
        s.transformers,
    )))
}

fn electrical(e: &ElectricalSpec) -> Result<ElectricalChain> {
    let distribution = e.distribution.unwrap_or_default();
    let rack = e
        .rack
        .as_ref()
        .map(|r| rack_supply(r, distribution))
        .transpose()?;
    if let Some(r) = &e.reference {
        if !e.critical.is_empty() || !e.auxiliary.is_empty() || !e.shared.is_empty() {
            return Err(Error::inconsistent(
                "electrical.reference",
                "give either the reference chain or explicit stages, not both",
            ));
        }
        let (wrong, reason) = match distribution {
            Distribution::Ac => (
                r.rectifiers.map(|_| "rectifiers"),
                "rectifiers belong to an 800 V DC chain (distribution = \"800 V DC\")",
            ),
            Distribution::Dc800 => (
                r.ups.map(|_| "ups"),
                "an 800 V DC chain has no UPS: its storage sits on the 800 V bus (set the rectifiers' redundancy with `rectifiers`)",
            ),
        };
        if let Some(field) = wrong {
            return Err(Error::inconsistent(
                &format!("electrical.reference.{field}"),
                reason,
            ));
        }
        let chain = match distribution {
            Distribution::Ac => {
                ElectricalChain::reference(r.it_capacity.0, r.ups.unwrap_or(Redundancy::TwoN))
            }
            Distribution::Dc800 => ElectricalChain::reference_dc(
                r.it_capacity.0,
                r.rectifiers.unwrap_or(Redundancy::Distributed {
                    systems: 5,
                    carrying: 4,
                }),
            ),
        }
        .map_err(at("electrical.reference.it_capacity"))?;
        return match rack {
            Some(rack) => chain.with_rack(rack),
            None => Ok(chain),
        };
    }
    let stages = |list: &[StageSpec], level: &str| -> Result<Vec<Stage>> {
        list.iter()
            .enumerate()
            .map(|(i, s)| stage(s, &format!("electrical.{level}.{i}")))
            .collect()
    };
    ElectricalChain::with_layout(
        distribution,
        rack.unwrap_or(match distribution {
            Distribution::Ac => RackSupply::CATALOG_SHELF,
            Distribution::Dc800 => RackSupply::dc_dc_800v(),
        }),
        stages(&e.critical, "critical")?,
        stages(&e.auxiliary, "auxiliary")?,
        stages(&e.shared, "shared")?,
    )
}

/// `[electrical.rack]`: a power shelf for AC, a DC/DC converter for 800 V DC.
fn rack_supply(r: &RackSupplySpec, distribution: Distribution) -> Result<RackSupply> {
    let path = "electrical.rack";
    let losses = losses(
        path,
        r.efficiency,
        &r.efficiency_curve,
        [r.no_load_loss, r.proportional_loss, r.load_loss],
    )?;
    let kind = match distribution {
        Distribution::Ac => RackSupplyKind::AcShelf,
        Distribution::Dc800 => RackSupplyKind::DcDc,
    };
    let design_load = r.design_load.map_or(Fraction::new(0.5)?, |q| q.0);
    RackSupply::new(kind, losses, design_load).map_err(|e| e.at(path))
}

/// A loss curve given one way: an efficiency, an efficiency curve, or the coefficients.
fn losses(
    path: &str,
    efficiency: Option<Q<Efficiency>>,
    curve: &Option<[(Q<Fraction>, Q<Efficiency>); 3]>,
    coefficients: [Option<Q<Fraction>>; 3],
) -> Result<LossCurve> {
    let styles = [
        efficiency.is_some(),
        curve.is_some(),
        coefficients.iter().any(Option::is_some),
    ];
    if styles.iter().filter(|&&x| x).count() > 1 {
        return Err(Error::inconsistent(
            path,
            "give the losses one way: efficiency, efficiency_curve, or no_load_loss / proportional_loss / load_loss",
        ));
    }
    Ok(if let Some(eta) = efficiency {
        LossCurve::constant(eta.0)
    } else if let Some(points) = curve {
        LossCurve::from_efficiencies(points.map(|(x, eta)| (x.0, eta.0)))
            .map_err(at(format!("{path}.efficiency_curve")))?
    } else {
        let [a, b, c] = coefficients.map(|q| q.map_or(Fraction::ZERO, |q| q.0));
        LossCurve::new(a, b, c)?
    })
}

fn stage(s: &StageSpec, path: &str) -> Result<Stage> {
    let losses = losses(
        path,
        s.efficiency,
        &s.efficiency_curve,
        [s.no_load_loss, s.proportional_loss, s.load_loss],
    )?;
    let units = UnitGroup::new(s.units, s.redundancy.unwrap_or(Redundancy::N))
        .map_err(at(units_or_redundancy(path, "units", s.units)))?;
    let stage = Stage::new(&s.name, s.kind, s.unit_rating.0, units, losses)
        .map_err(at(format!("{path}.unit_rating")))?;
    Ok(match s.heat_to_room {
        Some(share) => stage.with_heat_to_room(share.0),
        None => stage,
    })
}

/// The field an error about `count` units under a redundancy rule is about: the count when
/// none are installed, the rule otherwise (too few for it, or not a multiple of its block).
fn units_or_redundancy(path: &str, count_field: &str, count: u32) -> String {
    if count == 0 {
        format!("{path}.{count_field}")
    } else {
        format!("{path}.redundancy")
    }
}

const LOOP_FIELDS: [&str; 16] = [
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
    "drift",
    "water_rise",
    "pump_head",
    "coolant",
    "facility_pump",
    "facility_pump_efficiency",
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
                ("pump", "facility_pump"),
                ("pressure_rise", "facility_pump"),
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
    if let Some(q) = l.terminal_approach
        && d.cdu.is_none()
    {
        d.terminal_approach = q.0;
    }
    if let Some(cdu) = &d.cdu {
        d.cdu = Some(loop_cdu(cdu, l, &path)?);
    } else if l.cdu.is_some() {
        return Err(Error::inconsistent(
            &field("cdu"),
            format!(
                "CDUs serve direct-to-chip loops; technology {:?} has none",
                l.technology
            ),
        ));
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
    if l.coolant.is_some() || l.facility_pump.is_some() || l.facility_pump_efficiency.is_some() {
        let Some(pump) = d.pump else {
            let given = [
                ("coolant", l.coolant.is_some()),
                ("facility_pump", l.facility_pump.is_some()),
                (
                    "facility_pump_efficiency",
                    l.facility_pump_efficiency.is_some(),
                ),
            ];
            let name = given.iter().find(|(_, g)| *g).map_or("coolant", |(n, _)| n);
            return Err(Error::inconsistent(
                &field(name),
                format!(
                    "applies to loops with facility water only; technology {:?} has none",
                    l.technology
                ),
            ));
        };
        if let Some(c) = &l.coolant {
            d.coolant = coolant(c).map_err(at(field("coolant")))?;
        }
        d.pump = Some(
            crate::cooling::Pump::new(
                l.facility_pump.map_or(pump.pressure_rise(), |q| q.0),
                l.facility_pump_efficiency
                    .map_or(pump.efficiency(), |q| q.0),
            )
            .map_err(at(field("facility_pump")))?,
        );
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

/// The loop's CDU: the preset's `preset` with the file's `[cooling.NAME.cdu]` over it. A
/// loop's `terminal_approach` is its CDU's approach (files before the CDU stage).
fn loop_cdu(preset: &Cdu, l: &LoopSpec, path: &str) -> Result<Cdu> {
    let spec = l.cdu.as_ref();
    let at_cdu = |e: Error| {
        let f = e.field().unwrap_or("cdu").to_owned();
        e.with_field(format!("{path}.{f}"))
    };
    let approach = match (l.terminal_approach, spec.and_then(|c| c.approach)) {
        (Some(_), Some(_)) => {
            return Err(Error::inconsistent(
                &format!("{path}.terminal_approach"),
                "a loop with CDUs takes its approach from cdu.approach: give one of the two",
            ));
        }
        (Some(q), None) | (None, Some(q)) => q.0,
        (None, None) => preset.approach(),
    };
    let Some(c) = spec else {
        return Cdu::new(
            preset.level(),
            preset.unit_capacity(),
            preset.redundancy(),
            approach,
            preset.rise(),
            *preset.coolant(),
            *preset.pump(),
        )
        .map_err(at_cdu);
    };
    let coolant = match &c.coolant {
        Some(text) => coolant(text).map_err(at(format!("{path}.cdu.coolant")))?,
        None => *preset.coolant(),
    };
    let pump = crate::cooling::Pump::new(
        c.pump.map_or(preset.pump().pressure_rise(), |q| q.0),
        c.pump_efficiency
            .map_or(preset.pump().efficiency(), |q| q.0),
    )
    .map_err(at(format!("{path}.cdu.pump")))?;
    Cdu::new(
        c.level.unwrap_or(preset.level()),
        c.unit_capacity.map_or(preset.unit_capacity(), |q| q.0),
        c.redundancy.unwrap_or(preset.redundancy()),
        approach,
        c.rise.map_or(preset.rise(), |q| q.0),
        coolant,
        pump,
    )
    .map_err(at_cdu)
}

/// The evaporative media of `[cooling.NAME] adiabatic` (default 4 cycles of concentration).
fn adiabatic_media(a: &AdiabaticSpec, field: &dyn Fn(&str) -> String) -> Result<Adiabatic> {
    let media = Adiabatic::new(
        a.effectiveness.0,
        a.above.0,
        a.cycles_of_concentration.unwrap_or(DEFAULT_MEDIA_CYCLES),
    )
    .map_err(|e| e.at(&field("adiabatic")))?;
    Ok(if a.indirect { media.indirect() } else { media })
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
            adiabatic,
        } => {
            if let Some(q) = l.approach {
                *approach = q.0;
            }
            if let Some(q) = l.fan_power {
                *fan_power = q.0;
            }
            if let Some(a) = &l.adiabatic {
                *adiabatic = Some(adiabatic_media(a, field)?);
            }
        }
        Sink::Evaporative {
            approach,
            fan_power,
            cycles_of_concentration,
            drift,
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
            if let Some(d) = l.drift {
                *drift = d.0;
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
        Sink::OutsideAir {
            fan_heat,
            adiabatic,
        } => {
            if let Some(q) = l.fan_heat {
                *fan_heat = q.0;
            }
            if let Some(a) = &l.adiabatic {
                *adiabatic = Some(adiabatic_media(a, field)?);
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
        (
            "drift",
            l.drift.is_some(),
            matches!(sink, Sink::Evaporative { .. }),
            "tower sinks",
        ),
        (
            "adiabatic",
            l.adiabatic.is_some(),
            matches!(sink, Sink::DryCooler { .. } | Sink::OutsideAir { .. }),
            "dry-cooler and outside-air sinks",
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

/// Refuses a deployment of more than [`MAX_RACK_TYPES`] rack types (with the support racks)
/// before any is built, at the first rack past the bound.
fn check_rack_types(spec: &RackSpec) -> Result<()> {
    if spec.fleet.0.is_empty() {
        if spec.support.len() >= MAX_RACK_TYPES {
            return Err(Error::inconsistent(
                &format!("deployment.support.{}", MAX_RACK_TYPES - 1),
                format!(
                    "a deployment has at most {MAX_RACK_TYPES} rack types (the primary rack and \
                     {} support racks); found {} support racks",
                    MAX_RACK_TYPES - 1,
                    spec.support.len()
                ),
            ));
        }
        return Ok(());
    }
    let fleet = &spec.fleet.0;
    let total: usize = fleet.iter().map(|(_, e)| 1 + e.support.len()).sum();
    if total <= MAX_RACK_TYPES {
        return Ok(());
    }
    let mut seen = 0;
    let mut field = String::from("deployment.fleet");
    for (name, e) in fleet {
        let path = format!("deployment.fleet.{name}");
        if seen + 1 + e.support.len() > MAX_RACK_TYPES {
            field = match MAX_RACK_TYPES - seen {
                0 => path,
                left => format!("{path}.support.{}", left - 1),
            };
            break;
        }
        seen += 1 + e.support.len();
    }
    Err(Error::inconsistent(
        &field,
        format!(
            "a deployment has at most {MAX_RACK_TYPES} rack types (the fleet's types and their \
             support racks together); found {total}"
        ),
    ))
}

/// Fails naming `path.FIELD` for the first of `fields` that is given, with `why`.
fn misplaced(path: &str, fields: &[(&str, bool)], why: &str) -> Result<()> {
    match fields.iter().find(|(_, given)| *given) {
        Some((field, _)) => Err(Error::inconsistent(&format!("{path}.{field}"), why)),
        None => Ok(()),
    }
}

/// The support racks of the rack at `path`: profile and racks served per support rack.
fn support_racks(spec: &RackSpec, path: &str) -> Result<Vec<(RackProfile, u32)>> {
    spec.support
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let path = format!("{path}.support.{i}");
            misplaced(
                &path,
                &[
                    ("support", !s.support.is_empty()),
                    ("count", s.count.is_some()),
                    ("share", s.share.is_some()),
                    ("halls", s.halls.is_some()),
                    ("fleet", !s.fleet.0.is_empty()),
                    ("shed_priority", s.shed_priority.is_some()),
                    ("value_of_lost_load", s.value_of_lost_load.is_some()),
                ],
                "support racks follow the racks they serve: they have only rack fields and per_primary",
            )?;
            let per = s.per_primary.ok_or_else(|| {
                Error::missing(
                    &format!("{path}.per_primary"),
                    "a support rack needs per_primary (racks served per support rack)",
                )
            })?;
            if per == 0 {
                return Err(Error::out_of_range(
                    &format!("{path}.per_primary"),
                    0.0,
                    "",
                    "at least 1 primary rack per support rack",
                ));
            }
            Ok((rack(s, &path)?, per))
        })
        .collect()
}

impl SiteSpec {
    /// `[deployment]`: one rack type with its support racks, or a fleet of rack types.
    fn deployment(&self) -> Result<Deployment> {
        let spec = &self.deployment;
        check_rack_types(spec)?;
        if spec.fleet.0.is_empty() {
            misplaced(
                "deployment",
                &[
                    ("per_primary", spec.per_primary.is_some()),
                    ("count", spec.count.is_some()),
                    ("share", spec.share.is_some()),
                    ("halls", spec.halls.is_some()),
                    ("shed_priority", spec.shed_priority.is_some()),
                    ("value_of_lost_load", spec.value_of_lost_load.is_some()),
                ],
                "per_primary belongs to support racks ([[deployment.support]]); count, share, halls, shed_priority and value_of_lost_load to the rack types of a fleet ([deployment.fleet.NAME])",
            )?;
            let mut d = Deployment::new(rack(spec, "deployment")?);
            for (profile, per) in support_racks(spec, "deployment")? {
                d = d.with_support(profile, per)?;
            }
            return Ok(d);
        }
        misplaced(
            "deployment",
            &[
                ("system", spec.system.is_some()),
                ("systems_per_rack", spec.systems_per_rack.is_some()),
                ("name", spec.name.is_some()),
                ("it_power", spec.it_power.is_some()),
                ("accelerators", spec.accelerators.is_some()),
                ("liquid_fraction", spec.liquid_fraction.is_some()),
                ("air_class", spec.air_class.is_some()),
                ("water_class", spec.water_class.is_some()),
                ("per_primary", spec.per_primary.is_some()),
                ("support", !spec.support.is_empty()),
                ("inlet_response", spec.inlet_response.is_some()),
                ("count", spec.count.is_some()),
                ("share", spec.share.is_some()),
                ("halls", spec.halls.is_some()),
                ("shed_priority", spec.shed_priority.is_some()),
                ("value_of_lost_load", spec.value_of_lost_load.is_some()),
            ],
            "a deployment is one rack ([deployment]) or a fleet of rack types ([deployment.fleet.NAME]), not both: move the rack's fields into a fleet entry",
        )?;
        let fleet = &spec.fleet.0;
        let growing = fleet.iter().filter(|(_, e)| e.count.is_none()).count();
        let mut types = Vec::with_capacity(fleet.len());
        for (name, e) in fleet {
            let path = format!("deployment.fleet.{name}");
            misplaced(
                &path,
                &[
                    ("fleet", !e.fleet.0.is_empty()),
                    ("per_primary", e.per_primary.is_some()),
                ],
                "a rack type of a fleet holds no fleet, and per_primary belongs to its support racks ([[deployment.fleet.NAME.support]])",
            )?;
            let profile = rack(e, &path)?;
            let mut t = match (e.count, e.share) {
                (Some(_), Some(_)) => {
                    return Err(Error::inconsistent(
                        &format!("{path}.share"),
                        "a rack type has a fixed count or a share of the grown block, not both",
                    ));
                }
                (Some(n), None) => RackType::fixed(name, profile, n),
                (None, Some(share)) => RackType::grown(name, profile, share.0)?,
                (None, None) if growing == 1 => RackType::grown(name, profile, Fraction::ONE)?,
                (None, None) => {
                    return Err(Error::missing(
                        &format!("{path}.share"),
                        "several rack types grow: give each its share of the grown block (shares that sum to 100 %), or a fixed count",
                    ));
                }
            };
            if let Some(halls) = &e.halls {
                t = t.in_halls(halls.iter().flat_map(|h| self.hall_names(h)));
            }
            for (profile, per) in support_racks(e, &path)? {
                t = t.with_support(profile, per)?;
            }
            match (e.shed_priority, e.value_of_lost_load) {
                (Some(p), v) => t = t.shed_first(p, v.map(|v| v.0))?,
                (None, Some(_)) => {
                    return Err(Error::missing(
                        &format!("{path}.shed_priority"),
                        "value_of_lost_load prices a rack type shed before the rest: give it a shed_priority (1 is shed first)",
                    ));
                }
                (None, None) => {}
            }
            types.push(t);
        }
        Deployment::fleet(types)
    }

    /// The halls a rack type's `name` stands for: the identical halls of a `[halls.NAME]` with a
    /// `count` (`NAME 1` … `NAME n`), or the hall of that name.
    fn hall_names(&self, name: &str) -> Vec<String> {
        match self.halls.0.iter().find(|(n, _)| n == name) {
            Some((_, h)) if h.count.is_some_and(|c| c > 1) => (1..=h.count.unwrap_or(1))
                .map(|i| format!("{name} {i}"))
                .collect(),
            _ => vec![name.to_owned()],
        }
    }

    /// The rack a deployment field path names (`primary`, `support.0`, `fleet.NAME`,
    /// `fleet.NAME.support.0`), with its path in the file.
    fn rack_at(&self, rack: &str) -> (String, Option<&RackSpec>) {
        fn support<'s>(spec: &'s RackSpec, i: &str) -> Option<&'s RackSpec> {
            i.parse::<usize>().ok().and_then(|i| spec.support.get(i))
        }
        let top = &self.deployment;
        if rack == "primary" {
            return ("deployment".to_owned(), Some(top));
        }
        if let Some(i) = rack.strip_prefix("support.") {
            return (format!("deployment.{rack}"), support(top, i));
        }
        for (name, e) in &top.fleet.0 {
            let own = format!("fleet.{name}");
            if rack == own {
                return (format!("deployment.{rack}"), Some(e));
            }
            if let Some(i) = rack.strip_prefix(&format!("{own}.support.")) {
                return (format!("deployment.{rack}"), support(e, i));
            }
        }
        (format!("deployment.{rack}"), None)
    }
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
                Error::missing(
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
