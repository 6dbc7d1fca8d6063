//! Cooling loops: the heat path from the racks to the ambient, with capacity under
//! redundancy, supply temperatures, and electric power that follows the weather.
//!
//! A [`CoolingLoop`] takes either the air-side or the liquid-side heat of the racks
//! ([`Medium`]), moves it with fans or pumps ([`Transport`], affinity laws) to a plant
//! ([`Plant`]: sink + optional chiller + economiser), and reports each hour a [`LoopState`]:
//! whether it holds its supply temperature, how much is free-cooled, its electric power, its
//! water use, and its heat-rejection capacity at that ambient.

mod crac;
mod plant;
mod room;
mod thermal;

use crac::Crac;
pub(crate) use crac::CracAir;
pub use crac::{CracDesign, DxCoil, DxPerformance, VariableVolumeFan};
use plant::ChillerAtSupply;
pub use plant::{Chiller, Condenser, Plant, Sink};
pub use room::{AirPath, Envelope, RoomHumidity, Surface, SurfaceKind};
pub use thermal::{ThermalNetwork, hottest_case_rise};

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::fluids::{Coolant, latent_heat_of_vaporisation};
use crate::redundancy::{Redundancy, UnitGroup};
pub(crate) use crate::solve::Guess;
use crate::solve::{Point, bracketed_root};
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which part of the racks' heat a loop removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Heat carried by air through the racks (fans, CRAH/CRAC, fan walls, rear doors).
    Air,
    /// Heat taken by liquid (cold plates via a CDU, or immersion).
    Liquid,
}

impl fmt::Display for Medium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Medium::Air => "air",
            Medium::Liquid => "liquid",
        })
    }
}

/// Fans or pumps that move the loop's heat from the racks to the plant (CRAH fans and
/// chilled-water pumps, or CDU and facility-water pumps). `design_power` is drawn at the loop's
/// usable capacity with only the carrying units running; all installed units share the flow
/// at speed `x = Q / Q_installed`, and by the fan/pump affinity laws power goes with the cube
/// of speed, cycling at minimum speed below `x_min` (see [`affinity_power`]):
///
/// ```text
/// P = P_design · (n_installed / n_carrying) · x · max(x, x_min)²
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transport {
    design_power: Power,
    min_speed: Fraction,
}

impl Transport {
    /// Fans/pumps drawing `design_power` at the loop's usable capacity; they never turn slower
    /// than `min_speed` while there is load.
    pub fn new(design_power: Power, min_speed: Fraction) -> Result<Self> {
        power_non_negative("transport.design_power", design_power)?;
        Ok(Self {
            design_power,
            min_speed,
        })
    }

    /// Power at the usable capacity.
    pub fn design_power(&self) -> Power {
        self.design_power
    }

    /// Lowest speed of the loop's fans and pumps (transport and sink); below it they cycle.
    pub fn min_speed(&self) -> Fraction {
        self.min_speed
    }
}

/// The built-in cooling technologies, each a preset of sensible, documented parameters (see
/// `docs/models.md`) that can be adjusted field by field on the returned [`LoopDesign`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// Air (CRAH) with air-cooled chillers, no economiser.
    AirChiller,
    /// Air (CRAH) with air-cooled chillers and an integrated water-side economiser
    /// (free-cooling coils on the dry coolers).
    AirEconomiser,
    /// Direct outside air with chiller assist (air-side economiser).
    AirOutsideAir,
    /// Direct-to-chip liquid through a CDU on chilled water from air-cooled chillers, no
    /// economiser (a legacy chilled-water plant serving liquid-cooled racks).
    DirectToChipChilledWater,
    /// Direct-to-chip liquid through a CDU to dry coolers, with a trim chiller.
    DirectToChipDryCooler,
    /// Direct-to-chip liquid through a CDU to an evaporative cooling tower, no chiller.
    DirectToChipTower,
    /// Single-phase immersion tanks to dry coolers, no chiller.
    Immersion,
    /// Direct-to-chip liquid through a CDU to a once-through seawater heat exchanger.
    SeawaterOnceThrough,
    /// Air (CRAH) with water-cooled chillers on once-through seawater, with economiser.
    AirSeawater,
}

impl Technology {
    /// Every technology.
    pub const ALL: [Technology; 9] = [
        Technology::AirChiller,
        Technology::AirEconomiser,
        Technology::AirOutsideAir,
        Technology::DirectToChipChilledWater,
        Technology::DirectToChipDryCooler,
        Technology::DirectToChipTower,
        Technology::Immersion,
        Technology::SeawaterOnceThrough,
        Technology::AirSeawater,
    ];

    /// One-line description.
    pub fn description(self) -> &'static str {
        match self {
            Technology::AirChiller => "air (CRAH) + air-cooled chillers, no economiser",
            Technology::AirEconomiser => {
                "air (CRAH) + air-cooled chillers with integrated free-cooling coils"
            }
            Technology::AirOutsideAir => "direct outside air with chiller assist",
            Technology::DirectToChipChilledWater => {
                "direct-to-chip liquid, CDU → chilled water from air-cooled chillers"
            }
            Technology::DirectToChipDryCooler => {
                "direct-to-chip liquid, CDU → dry coolers with trim chiller"
            }
            Technology::DirectToChipTower => "direct-to-chip liquid, CDU → cooling tower",
            Technology::Immersion => "single-phase immersion → dry coolers",
            Technology::SeawaterOnceThrough => {
                "direct-to-chip liquid, CDU → once-through seawater heat exchanger"
            }
            Technology::AirSeawater => {
                "air (CRAH) + water-cooled chillers on once-through seawater, with economiser"
            }
        }
    }
}

/// Everything that defines a cooling loop, as plain data; [`CoolingLoop::new`] validates it.
/// Start from [`LoopDesign::preset`] and adjust.
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
    /// Temperature difference across the terminal (CRAH coil or CDU heat exchanger): the
    /// plant-side (facility) supply is `supply − terminal_approach`.
    pub terminal_approach: TemperatureInterval,
    /// Return − supply at design flow.
    pub rise: TemperatureInterval,
    /// Most heat one rack may put into this loop (containment / CDU manifold limit).
    pub max_rack_heat: Option<Power>,
    /// Fans or pumps from racks to plant.
    pub transport: Transport,
    /// Heat-rejection plant.
    pub plant: Plant,
    /// Coolant on the facility side.
    pub coolant: Coolant,
}

impl LoopDesign {
    /// The preset for `technology`, sized so the usable (N+1) capacity is `usable_capacity`
    /// using `units_carrying + 1` identical units.
    ///
    /// ```
    /// use dcplan::cooling::{CoolingLoop, LoopDesign, Technology};
    /// use dcplan::units::*;
    /// let design = LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", Power::new::<megawatt>(80.0), 4)?;
    /// let lp = CoolingLoop::new(design)?;
    /// assert_eq!(lp.usable_capacity().get::<megawatt>(), 80.0);
    /// assert_eq!(lp.installed_capacity().get::<megawatt>(), 100.0); // N+1: 5 × 20 MW
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn preset(
        technology: Technology,
        name: &str,
        usable_capacity: Power,
        units_carrying: u32,
    ) -> Result<Self> {
        power_positive("usable_capacity", usable_capacity).map_err(|e| e.at(name))?;
        if units_carrying == 0 || units_carrying == u32::MAX {
            return Err(Error::out_of_range(
                "units_carrying",
                f64::from(units_carrying),
                "",
                "at least 1",
            )
            .at(name));
        }
        let unit_capacity = usable_capacity / f64::from(units_carrying);
        let units = UnitGroup::new(units_carrying + 1, Redundancy::NPlus(1))?;
        let per_heat = |share: f64| usable_capacity * share;
        let min_speed = Fraction::new(0.2)?;
        let k = kelvin_diff;
        let dry = |approach: f64, fans: f64| Sink::DryCooler {
            approach: k(approach),
            fan_power: per_heat(fans),
        };
        let air_cooled = Chiller::reference(Condenser::Air)?;
        let water_cooled = Chiller::reference(Condenser::Water)?;
        let seawater = Coolant::new_seawater(Ratio::new::<ratio>(0.035))?;
        let once_through = |approach: f64| -> Result<Sink> {
            Ok(Sink::OnceThrough {
                approach: k(approach),
                water_rise: k(6.0),
                pump_head: Length::new::<meter>(20.0),
                pump_efficiency: Efficiency::new(0.75)?,
                water: seawater,
            })
        };
        let (medium, supply, terminal, rise, max_rack, transport, plant) = match technology {
            Technology::AirChiller => (
                Medium::Air,
                24.0,
                10.0,
                12.0,
                25.0,
                0.05,
                Plant::new(dry(0.0, 0.02), Some(air_cooled), false)?,
            ),
            Technology::AirEconomiser => (
                Medium::Air,
                24.0,
                10.0,
                12.0,
                25.0,
                0.05,
                Plant::new(dry(5.0, 0.02), Some(air_cooled), true)?,
            ),
            Technology::AirOutsideAir => (
                Medium::Air,
                24.0,
                0.0,
                12.0,
                25.0,
                0.04,
                Plant::new(
                    Sink::OutsideAir { fan_heat: k(1.0) },
                    Some(air_cooled),
                    true,
                )?,
            ),
            Technology::DirectToChipChilledWater => (
                Medium::Liquid,
                21.0,
                3.0,
                10.0,
                200.0,
                0.015,
                Plant::new(dry(0.0, 0.02), Some(air_cooled), false)?,
            ),
            Technology::DirectToChipDryCooler => (
                Medium::Liquid,
                33.0,
                3.0,
                10.0,
                200.0,
                0.015,
                Plant::new(dry(6.0, 0.02), Some(air_cooled), true)?,
            ),
            Technology::DirectToChipTower => (
                Medium::Liquid,
                33.0,
                3.0,
                10.0,
                200.0,
                0.015,
                Plant::new(
                    Sink::Evaporative {
                        approach: k(3.9),
                        fan_power: per_heat(0.01),
                        cycles_of_concentration: 4.0,
                    },
                    None,
                    true,
                )?,
            ),
            Technology::Immersion => (
                Medium::Liquid,
                40.0,
                5.0,
                10.0,
                200.0,
                0.02,
                Plant::new(dry(6.0, 0.02), None, true)?,
            ),
            Technology::SeawaterOnceThrough => (
                Medium::Liquid,
                33.0,
                3.0,
                10.0,
                200.0,
                0.015,
                Plant::new(once_through(2.0)?, None, true)?,
            ),
            Technology::AirSeawater => (
                Medium::Air,
                24.0,
                8.0,
                12.0,
                25.0,
                0.05,
                Plant::new(once_through(2.0)?, Some(water_cooled), true)?,
            ),
        };
        Ok(Self {
            name: name.to_owned(),
            medium,
            unit_capacity,
            units,
            supply: celsius(supply),
            terminal_approach: k(terminal),
            rise: k(rise),
            max_rack_heat: Some(Power::new::<kilowatt>(max_rack)),
            transport: Transport::new(per_heat(transport), min_speed)?,
            plant,
            coolant: Coolant::Water,
        })
    }
}

/// A validated cooling loop: a central plant ([`LoopDesign`], [`CoolingLoop::new`]) or
/// computer-room air conditioners with DX coils ([`CracDesign`], [`CoolingLoop::crac`]). See
/// the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct CoolingLoop {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Plant(Box<PlantLoop>),
    Crac(Box<Crac>),
}

/// A validated central-plant loop.
#[derive(Clone, Debug, PartialEq)]
struct PlantLoop {
    design: LoopDesign,
    constants: LoopConstants,
}

/// What a sink works against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SinkKind {
    Dry,
    Evaporative,
    OnceThrough,
    OutsideAir,
}

/// A loop's design reduced to the SI numbers the hourly arithmetic needs (watts, kelvins),
/// computed once in [`CoolingLoop::new`].
#[derive(Clone, Debug, PartialEq)]
struct LoopConstants {
    sink: SinkKind,
    q_usable: f64,
    q_installed: f64,
    inv_q_installed: f64,
    /// Carrying / installed units.
    usable_share: f64,
    rise: f64,
    inv_rise: f64,
    terminal: f64,
    t_set: f64,
    t_return: f64,
    approach: f64,
    /// Heat rejected per kelvin of (return − reference), all units at full speed.
    k_installed: f64,
    inv_k_installed: f64,
    fans_full: f64,
    transport_full: f64,
    min_speed: f64,
    economiser: bool,
    chiller: Option<ChillerAtSupply>,
    /// Pumping power per watt rejected (once-through sinks).
    pump_per_heat: f64,
    /// Make-up water per joule rejected, m³/J (evaporative sinks).
    water_per_heat: f64,
}

/// What the racks a loop serves require of its supply: the highest supply temperature their
/// class allows (air inlet, or facility water), the highest coolant supply that keeps every
/// described accelerator case within its limit, and, for outside air admitted to the IT, the
/// humidity limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SupplyLimits {
    /// Highest allowed supply temperature by class (air: IT inlet; liquid: facility water).
    pub max_supply: Option<ThermodynamicTemperature>,
    /// Highest IT-side coolant supply at which the hottest accelerator case stays within its
    /// limit (liquid loops serving racks with [`crate::it::ColdPlates`]).
    pub max_coolant_for_chips: Option<ThermodynamicTemperature>,
    /// Highest allowed dew point of outside air admitted to the IT (air loops).
    pub max_dew_point: Option<ThermodynamicTemperature>,
    /// Highest allowed relative humidity of outside air admitted to the IT (air loops).
    pub max_relative_humidity: Option<Fraction>,
}

impl SupplyLimits {
    /// No limits.
    pub const NONE: SupplyLimits = SupplyLimits {
        max_supply: None,
        max_coolant_for_chips: None,
        max_dew_point: None,
        max_relative_humidity: None,
    };

    /// The tighter of two sets of limits, limit by limit.
    pub fn tighter(self, other: SupplyLimits) -> SupplyLimits {
        fn min<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(x), Some(y)) => Some(if y < x { y } else { x }),
                (x, y) => x.or(y),
            }
        }
        SupplyLimits {
            max_supply: min(self.max_supply, other.max_supply),
            max_coolant_for_chips: min(self.max_coolant_for_chips, other.max_coolant_for_chips),
            max_dew_point: min(self.max_dew_point, other.max_dew_point),
            max_relative_humidity: min(self.max_relative_humidity, other.max_relative_humidity),
        }
    }
}

/// Which limit a temperature headroom is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemperatureLimit {
    /// The ASHRAE class of the racks: inlet air (air loops) or facility water (liquid loops).
    Class,
    /// The case limit of the hottest accelerator on its cold plate.
    ChipCase,
}

/// One loop at one operating point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopState {
    /// Heat the loop takes from the racks (a CRAC: from its room, envelope and in-room
    /// electrical losses included).
    pub heat: Power,
    /// Heat the loop can reject at this ambient while holding its supply temperature, with the
    /// redundant units out.
    pub capacity: Power,
    /// Supply temperature actually delivered to the IT (a CRAC: the servers' inlet air).
    pub supply: ThermodynamicTemperature,
    /// Plant-side (facility) supply temperature actually delivered (a CRAC: its supply air).
    pub facility_supply: ThermodynamicTemperature,
    /// Whether the set supply temperature is held (a CRAC: whether it meets its room's load).
    pub holds_supply: bool,
    /// Share of the heat removed without compressors.
    pub free_cooling: f64,
    /// Chiller COP, when the chiller runs (a CRAC: coil load / DX power).
    pub cop: Option<f64>,
    /// Compressor power: chillers, or DX coils with their condenser fans.
    pub chiller_power: Power,
    /// Sink fans or pumps.
    pub sink_power: Power,
    /// Loop fans/pumps (CRAH, CDU, facility water; a CRAC's supply fans).
    pub transport_power: Power,
    /// Total electric power of the loop.
    pub power: Power,
    /// Make-up water drawn (evaporation and blowdown).
    pub water: VolumeRate,
    /// The room's air side, for a CRAC loop.
    pub room: Option<RoomState>,
}

impl LoopState {
    /// Heat-rejection headroom: capacity − heat.
    pub fn heat_headroom(&self) -> Power {
        self.capacity - self.heat
    }

    /// Temperature headroom against the tightest limit that applies, and which limit that is:
    /// the class limit minus the supply actually delivered (inlet air for air loops, facility
    /// water for liquid loops), or the chips' highest coolant supply minus the coolant supply.
    /// `None` when no limit applies.
    #[inline]
    pub fn temperature_headroom(
        &self,
        medium: Medium,
        limits: &SupplyLimits,
    ) -> Option<(TemperatureInterval, TemperatureLimit)> {
        let judged = match medium {
            Medium::Air => self.supply,
            Medium::Liquid => self.facility_supply,
        };
        let class = limits
            .max_supply
            .map(|max| (delta(max, judged), TemperatureLimit::Class));
        let chip = limits
            .max_coolant_for_chips
            .map(|max| (delta(max, self.supply), TemperatureLimit::ChipCase));
        match (class, chip) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}

impl PlantLoop {
    fn new(design: LoopDesign) -> Result<Self> {
        let name = design.name.clone();
        let at = |e: Error| e.at(&format!("cooling loop '{name}'"));
        if name.trim().is_empty() {
            return Err(Error::inconsistent(
                "cooling_loop.name",
                "a loop needs a name",
            ));
        }
        power_positive("unit_capacity", design.unit_capacity).map_err(at)?;
        temperature("supply", design.supply).map_err(at)?;
        within(
            "terminal_approach",
            design.terminal_approach.get::<kelvin_interval>(),
            "K",
            0.0,
            50.0,
        )
        .map_err(at)?;
        interval_positive("rise", design.rise).map_err(at)?;
        if let Some(p) = design.max_rack_heat {
            power_positive("max_rack_heat", p).map_err(at)?;
        }
        if design.medium == Medium::Liquid && matches!(design.plant.sink(), Sink::OutsideAir { .. })
        {
            return Err(at(Error::inconsistent(
                "plant.sink",
                "outside air can only cool an air loop",
            )));
        }
        if matches!(design.plant.sink(), Sink::OutsideAir { .. })
            && design.terminal_approach.get::<kelvin_interval>() != 0.0
        {
            return Err(at(Error::inconsistent(
                "terminal_approach",
                "outside air reaches the IT directly: the terminal approach must be 0 K",
            )));
        }
        let facility_supply = design.supply - design.terminal_approach;
        let pump_per_heat = design
            .plant
            .pump_power_per_heat(facility_supply)
            .map_err(at)?;
        let water_per_heat = match design.plant.sink() {
            Sink::Evaporative {
                approach,
                cycles_of_concentration,
                ..
            } => {
                // Evaporation at the design wet-bulb: all rejected heat leaves as latent heat
                // (an upper bound; ASHRAE HVAC S&E ch. 40), plus blowdown E/(cycles − 1).
                let t_wb_design = facility_supply - *approach;
                let t_eval = if to_celsius(t_wb_design) < 1.0 {
                    celsius(1.0)
                } else {
                    t_wb_design
                };
                let h_fg = latent_heat_of_vaporisation(t_eval)
                    .map_err(at)?
                    .get::<uom::si::available_energy::joule_per_kilogram>();
                let rho = Coolant::Water
                    .density(celsius(25.0))
                    .map_err(at)?
                    .get::<kilogram_per_cubic_meter>();
                let blowdown = 1.0 / (cycles_of_concentration - 1.0);
                (1.0 + blowdown) / (h_fg * rho)
            }
            _ => 0.0,
        };
        let q_usable = (design.unit_capacity * f64::from(design.units.carrying())).get::<watt>();
        let q_installed =
            (design.unit_capacity * f64::from(design.units.installed())).get::<watt>();
        let running = q_installed / q_usable;
        let rise = design.rise.get::<kelvin_interval>();
        let t_set = facility_supply.get::<kelvin>();
        let (sink, approach) = match design.plant.sink() {
            Sink::DryCooler { approach, .. } => (SinkKind::Dry, *approach),
            Sink::Evaporative { approach, .. } => (SinkKind::Evaporative, *approach),
            Sink::OnceThrough { approach, .. } => (SinkKind::OnceThrough, *approach),
            Sink::OutsideAir { fan_heat } => (SinkKind::OutsideAir, *fan_heat),
        };
        let approach = approach.get::<kelvin_interval>();
        let k_installed = q_installed / (rise + approach);
        let chiller = design
            .plant
            .chiller()
            .map(|ch| ch.at_supply(t_set, q_installed))
            .transpose()
            .map_err(at)?;
        let constants = LoopConstants {
            sink,
            q_usable,
            q_installed,
            inv_q_installed: 1.0 / q_installed,
            usable_share: q_usable / q_installed,
            rise,
            inv_rise: 1.0 / rise,
            terminal: design.terminal_approach.get::<kelvin_interval>(),
            t_set,
            t_return: t_set + rise,
            approach,
            k_installed,
            inv_k_installed: 1.0 / k_installed,
            fans_full: design.plant.fan_power().get::<watt>() * running,
            transport_full: design.transport.design_power().get::<watt>() * running,
            min_speed: design.transport.min_speed().get(),
            economiser: design.plant.economiser(),
            chiller,
            pump_per_heat,
            water_per_heat,
        };
        Ok(Self { design, constants })
    }

    /// The loop's state when it takes `heat` at `ambient`, against `limits` (which decide
    /// whether outside air may be admitted). The steps, each in `docs/models.md`:
    ///
    /// 1. the sink works against `T_ref` (dry-bulb, wet-bulb or water temperature); with all
    ///    installed units at full speed it rejects `K·(T_return − T_ref)`, where
    ///    `K = Q_installed/(ΔT + approach)` (heat transfer ∝ entering temperature difference);
    /// 2. free cooling alone (no chiller): if the heat exceeds that, the supply floats to
    ///    `T_ref + Q/K − ΔT`;
    /// 3. with a chiller and a water-side economiser, the sink pre-cools the return stream at
    ///    the fan speed that minimises fan plus compressor power (stationary point
    ///    `√(K·(T_return − T_ref)/(3·COP·P_fans))`); the chiller takes the rest at
    ///    `COP = ε·T_supply / max(T_ref + approach − T_supply, ΔT_min)`; an outside-air
    ///    economiser takes the share `(T_return − T_oa)/ΔT` when humidity allows;
    /// 4. fans and pumps follow the affinity laws with cycling below minimum speed
    ///    ([`affinity_power`]); once-through pumps `g·H·ṁ/η`; evaporative water `Q_rej/h_fg`
    ///    plus blowdown.
    #[inline]
    fn operate(&self, heat: Power, ambient: &Ambient, limits: &SupplyLimits) -> Result<LoopState> {
        let (t_ref, admissible) = self.sink_reference(ambient, limits)?;
        Ok(self.state_at(
            heat.get::<watt>().max(0.0),
            t_ref,
            ambient.dry_bulb().get::<kelvin>(),
            admissible,
        ))
    }

    /// What the sink works against at `ambient` (K), and whether outside air is admissible.
    #[inline]
    fn sink_reference(&self, ambient: &Ambient, limits: &SupplyLimits) -> Result<(f64, bool)> {
        let c = &self.constants;
        Ok(match c.sink {
            SinkKind::Dry => (ambient.dry_bulb().get::<kelvin>(), true),
            SinkKind::Evaporative => (ambient.wet_bulb().get::<kelvin>(), true),
            SinkKind::OnceThrough => match ambient.water() {
                Some(w) => (w.get::<kelvin>(), true),
                None => {
                    return Err(Error::inconsistent(
                        &format!("cooling loop '{}'.plant.sink", self.design.name),
                        "a once-through sink needs the water temperature in the ambient (a climate with a water profile)",
                    ));
                }
            },
            // Humidity limits matter only when a chiller can take over; a loop with nothing
            // but outside air admits it whatever its humidity.
            SinkKind::OutsideAir => (
                ambient.dry_bulb().get::<kelvin>(),
                c.chiller.is_none() || outside_air_admissible(ambient, limits),
            ),
        })
    }

    /// The state with IT whose heat `load(T_inlet °C)` follows the supply this loop delivers:
    /// at the set point when the loop holds it, otherwise the fixed point
    /// `T = supply(load(T))` of a supply that floats with its heat.
    fn operate_room(
        &self,
        ambient: &Ambient,
        limits: &SupplyLimits,
        load: impl Fn(f64) -> RoomLoad,
    ) -> Result<(LoopState, RoomLoad)> {
        let (t_ref, admissible) = self.sink_reference(ambient, limits)?;
        let t_db = ambient.dry_bulb().get::<kelvin>();
        let at = |t: f64| -> Point<(LoopState, RoomLoad)> {
            let l = load(t);
            let state = self.state_at(l.room_heat().max(0.0), t_ref, t_db, admissible);
            Point {
                x: t,
                f: to_celsius(state.supply) - t,
                payload: (state, l),
            }
        };
        let set = at(to_celsius(self.design.supply));
        if set.f.abs() <= FLOAT_TOLERANCE_K {
            return Ok(set.payload);
        }
        // The supply floats above the set point with the heat: look for an inlet temperature
        // at which the loop delivers no more than it, doubling the step.
        let what = || {
            format!(
                "cooling loop '{}': supply temperature with IT responding to its inlet air",
                self.design.name
            )
        };
        let mut step = set.f.abs();
        let mut warm = at(set.x + step);
        while warm.f > 0.0 {
            step *= 2.0;
            if set.x + step > MAX_INLET_C {
                return Err(Error::NoConvergence {
                    what: what(),
                    reason: format!(
                        "the IT heat rises with its inlet air faster than the loop can reject it (no balance below {MAX_INLET_C} °C)"
                    ),
                });
            }
            warm = at(set.x + step);
        }
        Ok(bracketed_root(at, set, warm, FLOAT_TOLERANCE_K, what)?.payload)
    }

    /// The loop's state for heat `q` (W) against sink reference `t_ref` and outdoor dry-bulb
    /// `t_db` (K): the arithmetic of [`CoolingLoop::operate`] on precomputed constants, with
    /// one division in the common paths.
    #[inline(always)]
    fn state_at(&self, q: f64, t_ref: f64, t_db: f64, admissible: bool) -> LoopState {
        let c = &self.constants;
        let free_max = if admissible {
            c.k_installed * (c.t_return - t_ref).max(0.0)
        } else {
            0.0
        };
        let mut supply = c.t_set;
        let mut holds = true;
        let (capacity, free, cop, chiller_w, fan_speed) = match &c.chiller {
            None => {
                // The sink rejects at most `free_max` at this ambient; the fans and pumps move at
                // most the installed capacity at the design rise.
                let limit = free_max.min(c.q_installed);
                let speed = if q > limit {
                    // Flat out: the supply floats up until the heat is rejected and moved.
                    let by_ambient = t_ref + q * c.inv_k_installed - c.rise;
                    let by_flow = c.t_set + c.rise * (q * c.inv_q_installed - 1.0);
                    supply = c.t_set.max(by_ambient).max(by_flow);
                    holds = false;
                    1.0
                } else if free_max > 0.0 {
                    q / free_max
                } else {
                    0.0
                };
                (limit * c.usable_share, 1.0, None, 0.0, speed)
            }
            Some(ch) => {
                if q > c.q_installed {
                    holds = false;
                    supply = c.t_set + c.rise * (q * c.inv_q_installed - 1.0);
                }
                let condenser_in = if ch.air_condenser {
                    t_db
                } else {
                    t_ref + c.approach
                };
                let inv_cop = ch.inv_cop(condenser_in);
                let q_free = if !c.economiser || !admissible || q == 0.0 {
                    0.0
                } else if c.sink == SinkKind::OutsideAir {
                    q * ((c.t_return - (t_ref + c.approach)) * c.inv_rise).clamp(0.0, 1.0)
                } else {
                    economiser_speed(q, free_max, inv_cop, c.fans_full, c.min_speed) * free_max
                };
                // An overloaded chiller delivers its installed capacity; the rest of the heat
                // raises the supply temperature (above).
                let q_mech = (q - q_free).min(c.q_installed);
                let chiller_w = q_mech * inv_cop;
                let speed = if c.sink == SinkKind::OutsideAir || q_free == 0.0 {
                    // Condenser duty relative to the rated duty of all units.
                    ((q + chiller_w) * ch.inv_rated_duty).min(1.0)
                } else {
                    (q_free / free_max).min(1.0)
                };
                let free = if q > 0.0 { q_free / q } else { 0.0 };
                let cop = (q_mech > 0.0).then(|| 1.0 / inv_cop);
                (c.q_usable, free, cop, chiller_w, speed)
            }
        };
        let rejected = q + chiller_w;
        let sink_w = if q > 0.0 {
            c.fans_full * affinity_factor(fan_speed, c.min_speed)
        } else {
            0.0
        } + c.pump_per_heat * rejected;
        // Fans and pumps cannot run faster than full speed: beyond it the heat is not moved and
        // the supply temperature floats (see `holds_supply`).
        let transport_w =
            c.transport_full * affinity_factor((q * c.inv_q_installed).min(1.0), c.min_speed);
        LoopState {
            heat: Power::new::<watt>(q),
            capacity: Power::new::<watt>(capacity),
            room: None,
            supply: ThermodynamicTemperature::new::<kelvin>(supply + c.terminal),
            facility_supply: ThermodynamicTemperature::new::<kelvin>(supply),
            holds_supply: holds,
            free_cooling: if q > 0.0 { free } else { 0.0 },
            cop,
            chiller_power: Power::new::<watt>(chiller_w),
            sink_power: Power::new::<watt>(sink_w),
            transport_power: Power::new::<watt>(transport_w),
            power: Power::new::<watt>(chiller_w + sink_w + transport_w),
            water: VolumeRate::new::<cubic_meter_per_second>(c.water_per_heat * rejected),
        }
    }
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
            Kind::Plant(p) => Some(&p.design),
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
            Kind::Plant(p) => &p.design.name,
            Kind::Crac(c) => &c.design().name,
        }
    }
    /// Medium (CRACs cool air).
    pub fn medium(&self) -> Medium {
        match &self.kind {
            Kind::Plant(p) => p.design.medium,
            Kind::Crac(_) => Medium::Air,
        }
    }
    /// Heat rejectable at design conditions with the redundant units out (a CRAC: the rated
    /// gross capacity of its carrying units).
    pub fn usable_capacity(&self) -> Power {
        match &self.kind {
            Kind::Plant(p) => p.design.unit_capacity * f64::from(p.design.units.carrying()),
            Kind::Crac(c) => c.usable_capacity(),
        }
    }
    /// Heat rejectable with every unit running.
    pub fn installed_capacity(&self) -> Power {
        match &self.kind {
            Kind::Plant(p) => p.design.unit_capacity * f64::from(p.design.units.installed()),
            Kind::Crac(c) => c.installed_capacity(),
        }
    }
    /// Plant-side supply temperature set point (a CRAC: the warmest supply air of its reset).
    pub fn facility_supply(&self) -> ThermodynamicTemperature {
        match &self.kind {
            Kind::Plant(p) => p.design.supply - p.design.terminal_approach,
            Kind::Crac(c) => c.design().supply_reset.1,
        }
    }
    /// The warmest temperature the loop delivers to the IT by design: the supply set point,
    /// or a CRAC's warmest server inlet under its reset.
    pub fn it_supply(&self) -> ThermodynamicTemperature {
        match &self.kind {
            Kind::Plant(p) => p.design.supply,
            Kind::Crac(c) => c.max_it_inlet(),
        }
    }
    /// Most heat one rack may put into this loop, if limited.
    pub fn max_rack_heat(&self) -> Option<Power> {
        match &self.kind {
            Kind::Plant(p) => p.design.max_rack_heat,
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
            Kind::Crac(c) => Err(Error::inconsistent(
                &format!("cooling loop '{}'", c.design().name),
                "a CRAC is solved with the room and IT it serves: evaluate the site (operating::evaluate)",
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
            (Kind::Crac(c), None) => Err(Error::inconsistent(
                &format!("cooling loop '{}'", c.design().name),
                "a CRAC needs its site-air constants (standard pressure, room humidity)",
            )),
        }
    }
}

/// What the IT and equipment in a room put into its air when the servers' inlet air is at a
/// given temperature, and the site totals the kernel needs afterwards (SI: W, m³/s).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RoomLoad {
    /// IT power of the whole site.
    pub it: f64,
    /// IT heat into this room's air.
    pub air_heat: f64,
    /// IT heat into the liquid loops.
    pub liquid_heat: f64,
    /// Electrical losses released into this room's air.
    pub other_heat: f64,
    /// Server air flow through the racks in this room, m³/s.
    pub server_flow: f64,
}

impl RoomLoad {
    /// All heat into the room's air from IT and equipment.
    #[inline]
    pub fn room_heat(&self) -> f64 {
        self.air_heat + self.other_heat
    }
}

/// The air side of a CRAC loop in one hour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoomState {
    /// Supply air leaving the units (after the fans).
    pub supply_air: ThermodynamicTemperature,
    /// Air entering the servers.
    pub it_inlet: ThermodynamicTemperature,
    /// Air returning to the units (the room air).
    pub return_air: ThermodynamicTemperature,
    /// Air mass flow of all units.
    pub air_flow: MassRate,
    /// Heat the coils remove (room load plus fan heat).
    pub coil_load: Power,
    /// Part-load ratio of the coils (1 when they cannot meet the load).
    pub part_load: f64,
    /// Humidity ratio of the room air (kg/kg).
    pub humidity_ratio: Ratio,
}

/// Tolerance of a plant loop's floating-supply fixed point, K.
const FLOAT_TOLERANCE_K: f64 = 1e-6;
/// Warmest IT inlet the floating-supply search tries, °C, before reporting a runaway.
const MAX_INLET_C: f64 = 100.0;

/// Electric power of fans or pumps drawing `full` at full speed, run at `speed` (share of full
/// flow): the affinity laws give `full · speed³`; below `min_speed` they cycle at minimum speed,
/// so power falls linearly, `full · min_speed² · speed` (ASHRAE Handbook—HVAC Systems and
/// Equipment, ch. 21 fans and ch. 44 pumps; cycling as EnergyPlus does below minimum turndown).
///
/// ```
/// use dcplan::cooling::affinity_power;
/// use dcplan::units::*;
/// let full = Power::new::<kilowatt>(100.0);
/// let min = Fraction::new(0.2)?;
/// assert!((affinity_power(full, 0.5, min).get::<kilowatt>() - 12.5).abs() < 1e-12); // 100 · 0.5³
/// assert!((affinity_power(full, 0.1, min).get::<kilowatt>() - 0.4).abs() < 1e-12);  // 100 · 0.2² · 0.1
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn affinity_power(full: Power, speed: f64, min_speed: Fraction) -> Power {
    full * affinity_factor(speed, min_speed.get())
}

/// The sink fan speed of a water-side economiser that minimises fans plus compressor:
/// `min over x ∈ [0, x_max] of P_fans·x·max(x, x_min)² + (Q − x·Q_free)/COP`, with
/// `x_max = min(1, Q/Q_free)`. Below `x_min` the cost is linear with slope
/// `P_fans·x_min² − Q_free/COP`; above it convex, its derivative `3·P_fans·x² − Q_free/COP`
/// no smaller. So: if that slope is ≥ 0 the minimum is at 0 (all mechanical); otherwise it is
/// the stationary point `√(Q_free/(3·COP·P_fans))` clamped to `[x_min, x_max]` (or `x_max` when
/// `x_max < x_min`).
fn economiser_speed(q: f64, free_max: f64, inv_cop: f64, fans_full: f64, min_speed: f64) -> f64 {
    if free_max <= 0.0 {
        return 0.0;
    }
    let x_max = (q / free_max).min(1.0);
    let marginal = free_max * inv_cop;
    if fans_full <= 0.0 {
        x_max
    } else if fans_full * min_speed * min_speed >= marginal {
        0.0
    } else if x_max <= min_speed {
        x_max
    } else {
        (marginal / (3.0 * fans_full))
            .sqrt()
            .clamp(min_speed, x_max)
    }
}

#[inline]
fn affinity_factor(speed: f64, min_speed: f64) -> f64 {
    let x = speed.max(0.0);
    x * x.max(min_speed).powi(2)
}

/// Whether outdoor air is within the humidity the IT class allows (ASHRAE TC 9.9).
fn outside_air_admissible(ambient: &Ambient, limits: &SupplyLimits) -> bool {
    let dew_ok = limits
        .max_dew_point
        .is_none_or(|max| ambient.dew_point() <= max);
    let rh_ok = limits
        .max_relative_humidity
        .is_none_or(|max| ambient.relative_humidity() <= max);
    dew_ok && rh_ok
}
