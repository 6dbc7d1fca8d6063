//! The cooling-loop façade: [`CoolingLoop`], a central plant ([`LoopDesign`], hourly physics
//! in `plant.rs`) or computer-room air conditioners ([`CracDesign`], `crac.rs`), behind one
//! set of methods the kernel calls.

use super::crac::{Crac, CracAir, CracDesign};
use super::plant::PlantLoop;
use super::room::AirPath;
use super::{Cdu, Plant, Pump, Transport};
use super::{LoopState, Medium, RoomLoad, SupplyLimits};
use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::fluids::Coolant;
use crate::redundancy::UnitGroup;
use crate::solve::Guess;
use crate::units::*;

/// Everything that defines a cooling loop, as plain data; [`CoolingLoop::new`] validates it.
/// Start from [`LoopDesign::preset`] and adjust.
///
/// # Units
///
/// `unit_capacity` and `max_rack_heat` are heat (thermal W), not electric power. `supply` is
/// the temperature delivered to the IT (server inlet air, or coolant entering cold plates or
/// tanks); the plant holds its facility side at `supply − terminal_approach` (a liquid loop
/// with a [`Cdu`]: `supply − cdu.approach`), and the return is `rise` above that at design
/// flow. `terminal_approach` and `rise` are temperature differences (K). The loop's electric
/// transport at usable capacity is the transport's design power plus the facility pumps'
/// `Q_usable·Δp/(ρ·c_p·ΔT·η)` ([`Pump`]) plus, with a CDU, its TCS pumps (the same law with the
/// rack-side coolant, rise and pressure rise, [`Cdu::pump_power`]).
///
/// # References
///
/// `docs/models.md`, "Cooling plants"; the plant's models on [`Plant`] and its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopDesign {
    /// Name, unique within the site.
    pub name: String,
    /// Which heat the loop takes.
    pub medium: Medium,
    /// Heat one heat-rejection unit removes at design conditions.
    pub unit_capacity: Power,
    /// Heat-rejection units and their redundancy.
    pub units: UnitGroup,
    /// Temperature delivered to the IT: inlet air, or coolant to the cold plates / tanks.
    pub supply: ThermodynamicTemperature,
    /// Temperature difference across the terminal (a CRAH coil, or a liquid loop's heat
    /// exchanger without a [`Cdu`]): the plant-side (facility) supply is
    /// `supply − terminal_approach`. Zero in a loop with a CDU, whose approach replaces it.
    pub terminal_approach: TemperatureInterval,
    /// Return − supply at design flow.
    pub rise: TemperatureInterval,
    /// Most heat one rack may put into this loop (containment / CDU manifold limit).
    pub max_rack_heat: Option<Power>,
    /// Fans and terminals from racks to plant that do not move the coolant (CRAH fans;
    /// controls), beside the CDU's pumps where the loop has one.
    pub transport: Transport,
    /// A liquid loop's coolant distribution units between the racks' coolant (TCS) and the
    /// facility water: their approach sets the facility supply, their pumps move the TCS
    /// coolant ([`Cdu`]). `supply` is then the TCS supply to the cold plates.
    pub cdu: Option<Cdu>,
    /// The facility-water pumps (none for outside air): a pressure rise at design flow, their
    /// flow sized by the coolant for the loop's heat and rise.
    pub pump: Option<Pump>,
    /// Heat-rejection plant.
    pub plant: Plant,
    /// Coolant on the facility side: it sizes the pumps' flow (`ρ·c_p`) and, where it passes
    /// through the sink, the loop's freezing limit.
    pub coolant: Coolant,
}

/// A validated cooling loop: a central plant ([`LoopDesign`], [`CoolingLoop::new`]) or
/// computer-room air conditioners with DX coils ([`CracDesign`], [`CoolingLoop::crac`]). See
/// the [module documentation](super).
///
/// # Units
///
/// Capacities are heat (thermal W) the loop rejects; its state's powers are electric (see
/// [`LoopState`]).
///
/// # References
///
/// `docs/models.md`, "Cooling plants" (central plants) and "DX computer-room air
/// conditioners" (CRACs, validated against EnergyPlus 25.2 in `docs/validation.md`); each
/// part's sources on [`Plant`], [`CracDesign`] and their members.
#[derive(Clone, Debug, PartialEq)]
pub struct CoolingLoop {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Plant(Box<PlantLoop>),
    Crac(Box<Crac>),
}

impl CoolingLoop {
    /// Validates a central-plant design.
    pub fn new(design: LoopDesign) -> Result<Self> {
        Ok(Self {
            kind: Kind::Plant(Box::new(PlantLoop::new(design)?)),
        })
    }

    /// Validates a computer-room air-conditioner design (DX coils, variable-volume fans,
    /// supply-air reset, the room they serve). The CRAC of EnergyPlus's one-zone data-center
    /// example, read from its site file, holding its 29.3 °C room at a warm hour:
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// use dcplan::sitefile::{Format, SiteFile};
    /// let text = include_str!("../../examples/sites/energyplus/1ZoneDataCenterCRAC_wPumpedDXCoolingCoil.toml")
    ///     .replace("epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"", "")
    ///     .replace("design = \"annual_max\"", "design_hour = { dry_bulb = \"30 °C\", wet_bulb = \"20 °C\" }");
    /// let s = SiteFile::from_text("room.toml", &text, Format::Toml, ".").scenario()?;
    /// let crac = &s.site.loops()[0];
    /// assert!((crac.usable_capacity().get::<kilowatt>() - 148.3).abs() < 1e-9);
    /// let op = evaluate(&s.site, &s.deployment, 100, s.site.design_ambient().unwrap())?;
    /// let room = op.loops[0].state.room.unwrap();
    /// // The servers draw 90 % supply air and 10 % room air at the thermostat.
    /// let inlet = 0.9 * to_celsius(room.supply_air) + 0.1 * 29.3;
    /// assert!((to_celsius(room.it_inlet) - inlet).abs() < 1e-9);
    /// // 100 × 500 W at the servers' 15 °C design inlet; at ≈ 22 °C they draw ≈ 78 kW.
    /// assert!((75.0..80.0).contains(&op.it.get::<kilowatt>()));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn crac(design: CracDesign) -> Result<Self> {
        Ok(Self {
            kind: Kind::Crac(Box::new(Crac::new(design)?)),
        })
    }

    /// The central-plant design, for a plant loop.
    pub fn design(&self) -> Option<&LoopDesign> {
        match &self.kind {
            Kind::Plant(p) => Some(p.design()),
            Kind::Crac(_) => None,
        }
    }
    /// The CRAC design, for a CRAC loop.
    pub fn crac_design(&self) -> Option<&CracDesign> {
        match &self.kind {
            Kind::Plant(_) => None,
            Kind::Crac(c) => Some(c.design()),
        }
    }
    /// Name.
    pub fn name(&self) -> &str {
        match &self.kind {
            Kind::Plant(p) => &p.design().name,
            Kind::Crac(c) => &c.design().name,
        }
    }
    /// Medium (CRACs cool air).
    pub fn medium(&self) -> Medium {
        match &self.kind {
            Kind::Plant(p) => p.design().medium,
            Kind::Crac(_) => Medium::Air,
        }
    }
    /// Heat rejectable at design conditions with the redundant units out (a CRAC: the rated
    /// gross capacity of its carrying units).
    pub fn usable_capacity(&self) -> Power {
        match &self.kind {
            Kind::Plant(p) => p.design().unit_capacity * f64::from(p.design().units.carrying()),
            Kind::Crac(c) => c.usable_capacity(),
        }
    }
    /// Heat rejectable with every unit running.
    pub fn installed_capacity(&self) -> Power {
        match &self.kind {
            Kind::Plant(p) => p.design().unit_capacity * f64::from(p.design().units.installed()),
            Kind::Crac(c) => c.installed_capacity(),
        }
    }
    /// Plant-side supply temperature set point (a CRAC: the warmest supply air of its reset).
    pub fn facility_supply(&self) -> ThermodynamicTemperature {
        match &self.kind {
            Kind::Plant(p) => p.design().supply - p.terminal_approach(),
            Kind::Crac(c) => c.design().supply_reset.highest,
        }
    }
    /// The warmest temperature the loop delivers to the IT by design: the supply set point,
    /// or a CRAC's warmest server inlet under its reset.
    pub fn it_supply(&self) -> ThermodynamicTemperature {
        match &self.kind {
            Kind::Plant(p) => p.design().supply,
            Kind::Crac(c) => c.max_it_inlet(),
        }
    }
    /// The limits the loop puts on itself: a central plant's set point (the supply it must
    /// deliver to the IT) and its coolant's freezing point where the coolant passes through the
    /// sink; none for a CRAC, whose supply air follows its reset.
    pub(crate) fn own_limits(&self) -> SupplyLimits {
        match &self.kind {
            Kind::Plant(p) => SupplyLimits {
                set_point: Some(p.design().supply),
                freezing_point: p.freezing_point(),
                ..SupplyLimits::NONE
            },
            Kind::Crac(_) => SupplyLimits::NONE,
        }
    }
    /// The loop's coolant distribution units, for a liquid loop that has them.
    pub fn cdu(&self) -> Option<&Cdu> {
        self.design().and_then(|d| d.cdu.as_ref())
    }
    /// The coolant's rise across the racks at design: the CDU's TCS rise where the loop has a
    /// CDU, else the loop's `rise`.
    pub fn rack_rise(&self) -> Option<TemperatureInterval> {
        self.design()
            .map(|d| d.cdu.as_ref().map_or(d.rise, Cdu::rise))
    }
    /// Most heat one rack may put into this loop, if limited.
    pub fn max_rack_heat(&self) -> Option<Power> {
        match &self.kind {
            Kind::Plant(p) => p.design().max_rack_heat,
            Kind::Crac(c) => c.design().max_rack_heat,
        }
    }

    /// The loop's state when it takes `heat` at `ambient`, against `limits` (see
    /// `docs/models.md`, "Cooling plants"). A CRAC is solved together with the room it serves
    /// and its IT ([`crate::operating::evaluate`]), so it returns an error here.
    #[inline]
    pub fn operate(
        &self,
        heat: Power,
        ambient: &Ambient,
        limits: &SupplyLimits,
    ) -> Result<LoopState> {
        match &self.kind {
            Kind::Plant(p) => p.operate(heat, ambient, limits),
            Kind::Crac(c) => Err(Error::misuse(
                "CoolingLoop::operate",
                format!(
                    "cooling loop '{}' is a CRAC, solved with the room and IT it serves: evaluate the site (operating::evaluate)",
                    c.design().name
                ),
            )),
        }
    }

    /// The site-air constants of a CRAC for standard pressure `pressure` and outdoor air of
    /// humidity ratio `outdoor_humidity` (see [`RoomHumidity::Sealed`]); `None` for a plant loop.
    pub(crate) fn air(
        &self,
        pressure: Pressure,
        outdoor_humidity: Ratio,
    ) -> Result<Option<CracAir>> {
        match &self.kind {
            Kind::Plant(_) => Ok(None),
            Kind::Crac(c) => c.air(pressure, outdoor_humidity).map(Some),
        }
    }

    /// Whether the loop models its room air (a CRAC), so its IT inlet and the room's heat are
    /// solved each hour.
    pub(crate) fn models_room(&self) -> bool {
        matches!(self.kind, Kind::Crac(_))
    }

    /// Whether the loop needs the servers' air flow to find its return air (a CRAC with an
    /// approach air path).
    pub(crate) fn needs_server_flow(&self) -> bool {
        match &self.kind {
            Kind::Plant(_) => false,
            Kind::Crac(c) => matches!(c.design().air_path, AirPath::Approach { .. }),
        }
    }

    /// The loop's state with IT whose load `load(T_inlet °C)` follows the inlet air the loop
    /// delivers, solved as a fixed point per hour; `air` are the CRAC's site-air constants,
    /// `guess` the previous hour's solution (updated).
    #[inline]
    pub(crate) fn operate_room(
        &self,
        air: Option<&CracAir>,
        ambient: &Ambient,
        limits: &SupplyLimits,
        load: impl Fn(f64) -> RoomLoad,
        guess: &mut Option<Guess>,
    ) -> Result<(LoopState, RoomLoad)> {
        match (&self.kind, air) {
            (Kind::Plant(p), _) => p.operate_room(ambient, limits, load),
            (Kind::Crac(c), Some(air)) => c.operate(air, ambient, load, guess),
            (Kind::Crac(c), None) => Err(Error::internal(format!(
                "CoolingLoop::operate_room on CRAC '{}' without its site-air constants (standard pressure, room humidity)",
                c.design().name
            ))),
        }
    }
}
