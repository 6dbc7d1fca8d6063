//! Cooling loops: the heat path from the racks to the ambient, with capacity under
//! redundancy, supply temperatures, and electric power that follows the weather.
//!
//! A [`CoolingLoop`] takes either the air-side or the liquid-side heat of the racks
//! ([`Medium`]), moves it with fans or pumps ([`Transport`], affinity laws) to a plant
//! ([`Plant`]: sink + optional chiller + economiser), and reports each hour a [`LoopState`]:
//! whether it holds its supply temperature, how much is free-cooled, its electric power, its
//! water use, and its heat-rejection capacity at that ambient.

mod plant;
mod thermal;

pub use plant::{Chiller, Condenser, Plant, Sink};
pub use thermal::{ThermalNetwork, hottest_case_rise};

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::fluids::{Coolant, latent_heat_of_vaporisation};
use crate::redundancy::{Redundancy, UnitGroup};
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

/// A validated cooling loop. See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct CoolingLoop {
    design: LoopDesign,
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
    /// Heat the loop takes from the racks.
    pub heat: Power,
    /// Heat the loop can reject at this ambient while holding its supply temperature, with the
    /// redundant units out.
    pub capacity: Power,
    /// Supply temperature actually delivered to the IT.
    pub supply: ThermodynamicTemperature,
    /// Plant-side (facility) supply temperature actually delivered.
    pub facility_supply: ThermodynamicTemperature,
    /// Whether the set supply temperature is held.
    pub holds_supply: bool,
    /// Share of the heat removed without compressors.
    pub free_cooling: f64,
    /// Chiller COP, when the chiller runs.
    pub cop: Option<f64>,
    /// Chiller compressor power.
    pub chiller_power: Power,
    /// Sink fans or pumps.
    pub sink_power: Power,
    /// Loop fans/pumps (CRAH, CDU, facility water).
    pub transport_power: Power,
    /// Total electric power of the loop.
    pub power: Power,
    /// Make-up water drawn (evaporation and blowdown).
    pub water: VolumeRate,
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

impl CoolingLoop {
    /// Validates a design.
    pub fn new(design: LoopDesign) -> Result<Self> {
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
        Ok(Self {
            design,
            pump_per_heat,
            water_per_heat,
        })
    }

    /// The design data.
    pub fn design(&self) -> &LoopDesign {
        &self.design
    }
    /// Name.
    pub fn name(&self) -> &str {
        &self.design.name
    }
    /// Medium.
    pub fn medium(&self) -> Medium {
        self.design.medium
    }
    /// Heat rejectable at design conditions with the redundant units out.
    pub fn usable_capacity(&self) -> Power {
        self.design.unit_capacity * f64::from(self.design.units.carrying())
    }
    /// Heat rejectable with every unit running.
    pub fn installed_capacity(&self) -> Power {
        self.design.unit_capacity * f64::from(self.design.units.installed())
    }
    /// Plant-side supply temperature set point.
    pub fn facility_supply(&self) -> ThermodynamicTemperature {
        self.design.supply - self.design.terminal_approach
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
    pub fn operate(
        &self,
        heat: Power,
        ambient: &Ambient,
        limits: &SupplyLimits,
    ) -> Result<LoopState> {
        let d = &self.design;
        let q = heat.get::<watt>().max(0.0);
        let q_usable = self.usable_capacity().get::<watt>();
        let q_installed = self.installed_capacity().get::<watt>();
        let running = f64::from(d.units.installed()) / f64::from(d.units.carrying());
        let min_speed = d.transport.min_speed().get();
        let rise = d.rise.get::<kelvin_interval>();
        let t_set = self.facility_supply().get::<kelvin>();
        let t_return = t_set + rise;
        let (t_ref, approach) = d.plant.reference_k(ambient).ok_or_else(|| {
            Error::inconsistent(
                &format!("cooling loop '{}'.plant.sink", d.name),
                "a once-through sink needs the water temperature in the ambient (a climate with a water profile)",
            )
        })?;
        let outside_air = matches!(d.plant.sink(), Sink::OutsideAir { .. });
        let admissible = !outside_air || outside_air_admissible(ambient, limits);
        // Heat the sink rejects per kelvin of (return − reference), all units at full speed.
        let k_installed = q_installed / (rise + approach);
        let free_max = if admissible {
            k_installed * (t_return - t_ref).max(0.0)
        } else {
            0.0
        };
        let fans_full = d.plant.fan_power().get::<watt>() * running;

        let mut state = Operation {
            supply: t_set,
            holds: true,
            free: 0.0,
            cop: None,
            chiller: 0.0,
            fan_speed: 0.0,
        };
        let capacity = match d.plant.chiller() {
            None => {
                if q > free_max {
                    // All units flat out: the supply floats up until they reject Q.
                    state.supply = if k_installed > 0.0 && admissible {
                        (t_ref + q / k_installed - rise).max(t_set)
                    } else {
                        f64::INFINITY
                    };
                    state.holds = false;
                    state.fan_speed = 1.0;
                } else if free_max > 0.0 {
                    state.fan_speed = q / free_max;
                }
                state.free = 1.0;
                free_max * q_usable / q_installed
            }
            Some(chiller) => {
                if q > q_installed {
                    state.holds = false;
                    state.supply = t_set + rise * (q / q_installed - 1.0);
                }
                let condenser_in = match chiller.condenser() {
                    Condenser::Air => ambient.dry_bulb().get::<kelvin>(),
                    Condenser::Water => t_ref + approach,
                };
                let cop = chiller.cop_k(t_set, condenser_in);
                let economiser = d.plant.economiser() && admissible;
                let q_free = if !economiser || q == 0.0 {
                    0.0
                } else if outside_air {
                    q * ((t_return - (t_ref + approach)) / rise).clamp(0.0, 1.0)
                } else {
                    economiser_speed(q, free_max, cop, fans_full, min_speed) * free_max
                };
                let q_mech = q - q_free;
                if q_mech > 0.0 {
                    state.cop = Some(cop);
                    state.chiller = q_mech / cop;
                }
                state.free = if q > 0.0 { q_free / q } else { 0.0 };
                state.fan_speed = if outside_air || q_free == 0.0 {
                    // Condenser duty relative to the rated duty of all units.
                    let rated_duty = q_installed * (1.0 + 1.0 / chiller.rated_cop().get());
                    ((q + state.chiller) / rated_duty).min(1.0)
                } else if free_max > 0.0 {
                    (q_free / free_max).min(1.0)
                } else {
                    0.0
                };
                q_usable
            }
        };
        let rejected = q + state.chiller;
        let sink_w =
            fans_full * affinity_factor(state.fan_speed, min_speed) + self.pump_per_heat * rejected;
        let transport_full = d.transport.design_power().get::<watt>() * running;
        let transport_w = transport_full * affinity_factor(q / q_installed, min_speed);
        Ok(LoopState {
            heat: Power::new::<watt>(q),
            capacity: Power::new::<watt>(capacity),
            supply: ThermodynamicTemperature::new::<kelvin>(state.supply) + d.terminal_approach,
            facility_supply: ThermodynamicTemperature::new::<kelvin>(state.supply),
            holds_supply: state.holds,
            free_cooling: state.free,
            cop: state.cop,
            chiller_power: Power::new::<watt>(state.chiller),
            sink_power: Power::new::<watt>(sink_w),
            transport_power: Power::new::<watt>(transport_w),
            power: Power::new::<watt>(state.chiller + sink_w + transport_w),
            water: VolumeRate::new::<cubic_meter_per_second>(self.water_per_heat * rejected),
        })
    }
}

/// Working values of [`CoolingLoop::operate`] (kelvin and watts).
struct Operation {
    supply: f64,
    holds: bool,
    free: f64,
    cop: Option<f64>,
    chiller: f64,
    fan_speed: f64,
}

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
/// `min over x ∈ [0, min(1, Q/Q_free)] of P_fans·x·max(x, x_min)² + (Q − x·Q_free)/COP`.
/// Linear below `x_min`, convex above with its stationary point at `√(Q_free/(3·COP·P_fans))`,
/// so the minimum is at one of four candidates.
fn economiser_speed(q: f64, free_max: f64, cop: f64, fans_full: f64, min_speed: f64) -> f64 {
    if free_max <= 0.0 {
        return 0.0;
    }
    let x_max = (q / free_max).min(1.0);
    if fans_full <= 0.0 {
        return x_max;
    }
    let cost = |x: f64| fans_full * affinity_factor(x, min_speed) + (q - x * free_max) / cop;
    let stationary = (free_max / (3.0 * cop * fans_full)).sqrt();
    [
        0.0,
        min_speed.min(x_max),
        stationary.clamp(min_speed.min(x_max), x_max),
        x_max,
    ]
    .into_iter()
    .min_by(|a, b| cost(*a).total_cmp(&cost(*b)))
    .unwrap_or(x_max)
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
