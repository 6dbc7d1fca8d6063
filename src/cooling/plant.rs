//! Heat-rejection plants: where a loop's heat goes to the ambient, with or without compressors,
//! and the central-plant loop's hourly arithmetic.
//!
//! A plant is a heat [`Sink`] (dry cooler, evaporative tower, once-through water, outside air)
//! with an optional [`Chiller`] between the loop and the sink, and an economiser flag that lets
//! the sink pre-cool the return stream before the chiller (integrated/series free cooling).
//!
//! Each hour a plant loop ([`PlantLoop`]) takes these steps, each in one place:
//!
//! 1. what the sink works against (dry-bulb, wet-bulb or water temperature, `Sink`'s
//!    reference) and the most it rejects with every unit at full speed;
//! 2. free cooling alone, or the chiller (its COP: [`ChillerAtSupply`]) with its economiser
//!    (the free share: `PlantLoop::economiser_share`, the optimal fan speed:
//!    `economiser_speed`);
//! 3. the sink's fans, pumps and make-up water (`Sink`'s constants per watt rejected), and the
//!    loop's transport ([`super::Transport`]);
//! 4. the IT supply across the terminal (CRAH coil or CDU): facility supply + terminal
//!    approach.

use super::chiller::{Chiller, ChillerAtSupply, Marginal};
use super::cooling_loop::LoopDesign;
use super::transport::affinity_factor;
use super::{LoopState, Medium, RoomLoad, SupplyLimits};
use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::fluids::{Coolant, latent_heat_of_vaporisation};
use crate::solve::{Point, bracketed_root};
use crate::units::*;

/// Standard gravity, m/s² (CGPM 1901).
const STANDARD_GRAVITY: f64 = 9.806_65;
/// Tolerance of a plant loop's floating-supply fixed point, K.
const FLOAT_TOLERANCE_K: f64 = 1e-6;
/// Warmest IT inlet the floating-supply search tries, °C, before reporting a runaway.
const MAX_INLET_C: f64 = 100.0;

/// The heat sink: what the plant rejects heat to, and how close to it the coolant gets.
///
/// Each sink works against a reference temperature `T_ref` of the hour's ambient: the outdoor
/// dry-bulb (dry cooler, outside air), the outdoor wet-bulb (evaporative) or the water-body
/// temperature (once-through). With every installed unit at full speed it rejects
/// `K·max(T_return − T_ref, 0)`, `K = Q_installed/(ΔT + approach)`: heat transfer in
/// proportion to the entering temperature difference, so the coolant leaves at
/// `T_ref + approach` at design load.
///
/// # Units
///
/// Approaches and the supply-fan heat are temperature differences (K) above `T_ref`; fan
/// powers are electric power of the carrying units at full speed; `pump_head` is the total
/// head in metres of the pumped water, whose pumps draw `P = ṁ·g·H/η` with
/// `ṁ = Q_rejected/(c_p·ΔT_water)` (g = 9.80665 m/s², `c_p` of the drawn water from
/// [`Coolant::specific_heat`] at the design water temperature); `cycles_of_concentration` is
/// a plain number (dissolved solids in the basin over those in the make-up water). Make-up
/// water ([`LoopState::water`](super::LoopState::water)) is a volume of liquid water at
/// 25 °C.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Cooling Towers and Evaporative Fluid Coolers" →
///   "Variable Speed Cooling Towers Empirical Models": approach = leaving water − entering
///   air wet-bulb; make-up water = evaporation + drift + blowdown with blowdown =
///   evaporation/(cycles − 1) − drift, so make-up = evaporation · cycles/(cycles − 1), as here
///   (drift counted within the blowdown).
/// - N. Lei & E. Masanet, *Resources, Conservation and Recycling* 182 (2022) 106323,
///   doi:10.1016/j.resconrec.2022.106323, as implemented in the authors' code
///   (`nuoaleon/Data-Center-Water-footprint`, `Cooling_Tower`): all heat rejected by a tower
///   evaporates (`Q/h_fg`), an upper bound on evaporation.
/// - IAPWS SR1-86(1992) for `h_fg` ([`latent_heat_of_vaporisation`]).
/// - EnergyPlus Engineering Reference, "Pumps": pump power = volume flow × head / total
///   efficiency (head as a pressure, `ρ·g·H`).
/// - `docs/models.md`, "Cooling plants" → "Sink", "Once-through water", "Evaporative water
///   use".
#[derive(Clone, Debug, PartialEq)]
pub enum Sink {
    /// Dry cooler or air-cooled condenser: at full load the coolant leaves at dry-bulb +
    /// `approach`. `fan_power` is the fans' electric power, all carrying units at full speed.
    DryCooler {
        /// Leaving coolant − ambient dry-bulb at design load.
        approach: TemperatureInterval,
        /// Fan power at full speed (carrying units).
        fan_power: Power,
    },
    /// Open cooling tower or adiabatic cooler: coolant leaves at wet-bulb + `approach`;
    /// evaporates water.
    Evaporative {
        /// Leaving coolant − ambient wet-bulb at design load.
        approach: TemperatureInterval,
        /// Fan power at full speed (carrying units).
        fan_power: Power,
        /// Cycles of concentration (dimensionless, 1.1 … 50): blowdown = evaporation /
        /// (cycles − 1).
        cycles_of_concentration: f64,
    },
    /// Once-through water (sea, lake, river) through a heat exchanger: coolant leaves at the
    /// water temperature + `approach`; the water is pumped and warms by `water_rise`.
    OnceThrough {
        /// Leaving coolant − water-body temperature.
        approach: TemperatureInterval,
        /// Temperature rise of the drawn water (often capped by a discharge permit).
        water_rise: TemperatureInterval,
        /// Total pumping head of the intake, as a height of the pumped water.
        pump_head: Length,
        /// Pump and motor efficiency.
        pump_efficiency: Efficiency,
        /// The water drawn (e.g. seawater of a given salinity).
        water: Coolant,
    },
    /// Direct outside air (air loops only): outdoor air is supplied to the IT, mixed with return
    /// air when cold, when its humidity is within the IT class; `fan_heat` is the supply-fan
    /// temperature rise.
    OutsideAir {
        /// Temperature rise across the supply fans.
        fan_heat: TemperatureInterval,
    },
}

impl Sink {
    /// Validates the sink's parameters.
    fn validate(&self) -> Result<()> {
        match self {
            Sink::DryCooler {
                approach,
                fan_power,
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K")?;
                power_non_negative("fan_power", *fan_power)?;
            }
            Sink::Evaporative {
                approach,
                fan_power,
                cycles_of_concentration,
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K")?;
                power_non_negative("fan_power", *fan_power)?;
                within(
                    "cycles_of_concentration",
                    *cycles_of_concentration,
                    "",
                    1.1,
                    50.0,
                )?;
            }
            Sink::OnceThrough {
                approach,
                water_rise,
                pump_head,
                ..
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K")?;
                interval_positive("water_rise", *water_rise)?;
                within("pump_head", pump_head.get::<meter>(), "m", 0.0, 1_000.0)?;
            }
            Sink::OutsideAir { fan_heat } => {
                within(
                    "fan_heat",
                    fan_heat.get::<kelvin_interval>(),
                    "K",
                    0.0,
                    10.0,
                )?;
            }
        }
        Ok(())
    }

    /// What the sink works against at `ambient`: the dry-bulb (dry cooler, outside air), the
    /// wet-bulb (evaporative) or the water temperature (once-through; an error if the ambient
    /// has none).
    #[inline]
    fn reference(&self, ambient: &Ambient) -> Result<ThermodynamicTemperature> {
        match self {
            Sink::DryCooler { .. } | Sink::OutsideAir { .. } => Ok(ambient.dry_bulb()),
            Sink::Evaporative { .. } => Ok(ambient.wet_bulb()),
            Sink::OnceThrough { .. } => ambient.water().ok_or_else(|| {
                Error::missing(
                    "sink",
                    "a once-through sink needs the water temperature in the ambient (a climate with a water profile)",
                )
            }),
        }
    }

    /// How much warmer than its reference the stream leaving the sink is at design: the
    /// approach of a dry cooler, tower or heat exchanger; the supply-fan heat of outside air.
    fn leaving_offset(&self) -> TemperatureInterval {
        match self {
            Sink::DryCooler { approach, .. }
            | Sink::Evaporative { approach, .. }
            | Sink::OnceThrough { approach, .. } => *approach,
            Sink::OutsideAir { fan_heat } => *fan_heat,
        }
    }

    /// Electric power of the sink's fans at full speed (carrying units); zero for sinks
    /// without fans.
    fn fan_power(&self) -> Power {
        match self {
            Sink::DryCooler { fan_power, .. } | Sink::Evaporative { fan_power, .. } => *fan_power,
            Sink::OnceThrough { .. } | Sink::OutsideAir { .. } => Power::ZERO,
        }
    }

    /// Pumping power per watt of heat rejected, for a once-through sink:
    /// `P/Q = g·H / (η · cp · ΔT_w)` (from `ṁ = Q / (cp·ΔT_w)` and `P = ṁ·g·H / η`), with
    /// the water's cp at the design water temperature, the facility supply `t` minus the
    /// approach (clamped to the water's valid range).
    fn pump_power_per_heat(&self, t: ThermodynamicTemperature) -> Result<f64> {
        match self {
            Sink::OnceThrough {
                approach,
                water_rise,
                pump_head,
                pump_efficiency,
                water,
            } => {
                let t = t - *approach;
                let (lo, hi) = water.valid_range();
                let t = if t < lo {
                    lo
                } else if t > hi {
                    hi
                } else {
                    t
                };
                let cp = water.specific_heat(t)?.get::<joule_per_kilogram_kelvin>();
                Ok(STANDARD_GRAVITY * pump_head.get::<meter>()
                    / (pump_efficiency.get() * cp * water_rise.get::<kelvin_interval>()))
            }
            _ => Ok(0.0),
        }
    }

    /// Make-up water per joule rejected, m³/J, for an evaporative sink whose facility supply is
    /// `facility_supply`: evaporation at the design wet-bulb (supply − approach), all rejected
    /// heat leaving as latent heat (an upper bound; ASHRAE HVAC S&E ch. 40), plus blowdown
    /// `E/(cycles − 1)`. Zero for the other sinks.
    fn water_per_heat(&self, facility_supply: ThermodynamicTemperature) -> Result<f64> {
        match self {
            Sink::Evaporative {
                approach,
                cycles_of_concentration,
                ..
            } => {
                let t_wb_design = facility_supply - *approach;
                let t_eval = if to_celsius(t_wb_design) < 1.0 {
                    celsius(1.0)
                } else {
                    t_wb_design
                };
                let h_fg = latent_heat_of_vaporisation(t_eval)?
                    .get::<uom::si::available_energy::joule_per_kilogram>();
                let rho = Coolant::Water
                    .density(celsius(25.0))?
                    .get::<kilogram_per_cubic_meter>();
                let blowdown = 1.0 / (cycles_of_concentration - 1.0);
                Ok((1.0 + blowdown) / (h_fg * rho))
            }
            _ => Ok(0.0),
        }
    }
}

/// A heat-rejection plant: a sink, an optional chiller, and whether the sink may pre-cool the
/// return stream ahead of the chiller (economiser). Without a chiller the plant is free
/// cooling only and the supply temperature floats up when the ambient is too warm.
///
/// A water-side economiser runs the sink's fans at the speed `x` that minimises fans plus
/// compressor, `P_fans·x·max(x, x_min)² + (Q − x·Q_free)/COP`; an air-side economiser
/// (outside air) takes the share `clamp((T_return − T_oa − ΔT_fan)/ΔT, 0, 1)` of the heat
/// when the outdoor humidity is within the IT class.
///
/// # References
///
/// - N. Lei & E. Masanet, "Statistical analysis for predicting location-specific data center
///   PUE and its improvement potential", *Energy* 201 (2020) 117556,
///   doi:10.1016/j.energy.2020.117556 (the share formula, in the authors' code
///   `nuoaleon/Data-Center-PUE-prediction-tool`): economiser share
///   `(T_return − T_sink − approach)/(T_return − T_supply)`, clamped to 0 … 1.
/// - ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments* (5th ed., 2021):
///   the dew point and relative humidity an air class allows.
/// - `docs/models.md`, "Cooling plants" → "Economisers".
#[derive(Clone, Debug, PartialEq)]
pub struct Plant {
    sink: Sink,
    chiller: Option<Chiller>,
    economiser: bool,
}

impl Plant {
    /// Validates a plant.
    pub fn new(sink: Sink, chiller: Option<Chiller>, economiser: bool) -> Result<Self> {
        sink.validate().map_err(|e| e.at("plant.sink"))?;
        Ok(Self {
            sink,
            chiller,
            economiser,
        })
    }

    /// The sink.
    pub fn sink(&self) -> &Sink {
        &self.sink
    }
    /// The chiller, if any.
    pub fn chiller(&self) -> Option<&Chiller> {
        self.chiller.as_ref()
    }
    /// Whether the sink pre-cools ahead of the chiller.
    pub fn economiser(&self) -> bool {
        self.economiser
    }

    /// Which economiser runs ahead of the chiller.
    fn economiser_kind(&self) -> Economiser {
        match (&self.sink, self.economiser && self.chiller.is_some()) {
            (_, false) => Economiser::None,
            (Sink::OutsideAir { .. }, true) => Economiser::AirSide,
            (_, true) => Economiser::WaterSide,
        }
    }
}

/// How a plant with a chiller removes heat without compressors ahead of it (`docs/models.md`,
/// "Economisers").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Economiser {
    /// None (or no chiller to be ahead of): the chiller takes all the heat.
    None,
    /// Water-side: the sink pre-cools the return stream at the fan speed that minimises fans
    /// plus compressor ([`economiser_speed`]).
    WaterSide,
    /// Air-side: outdoor air replaces or mixes with the return air, when its humidity is
    /// within the IT class.
    AirSide,
}

/// A validated central-plant loop.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PlantLoop {
    design: LoopDesign,
    constants: LoopConstants,
}

/// A loop's design reduced to the SI numbers the hourly arithmetic needs (watts, kelvins),
/// computed once in [`PlantLoop::new`].
#[derive(Clone, Debug, PartialEq)]
struct LoopConstants {
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
    /// The sink's leaving stream − its reference at design ([`Sink::leaving_offset`]).
    leaving_offset: f64,
    /// Heat rejected per kelvin of (return − reference), all units at full speed.
    k_installed: f64,
    inv_k_installed: f64,
    fans_full: f64,
    transport_full: f64,
    min_speed: f64,
    economiser: Economiser,
    chiller: Option<ChillerAtSupply>,
    /// Pumping power per watt rejected (once-through sinks).
    pump_per_heat: f64,
    /// Make-up water per joule rejected, m³/J (evaporative sinks).
    water_per_heat: f64,
}

/// What the plant does in one hour, before its fans and pumps (W, K).
#[derive(Clone, Copy, Debug)]
struct PlantHour {
    /// Facility supply delivered.
    supply: f64,
    holds_supply: bool,
    /// Heat-rejection capacity at this ambient, redundant units out.
    capacity: f64,
    /// Share of the heat removed without compressors.
    free: f64,
    cop: Option<Cop>,
    compressor: f64,
    /// Speed of the sink's fans, share of full speed.
    fan_speed: f64,
}

impl PlantLoop {
    /// Validates a central-plant design and reduces it to its hourly constants.
    pub(super) fn new(design: LoopDesign) -> Result<Self> {
        let name = design.name.clone();
        let at = |e: Error| e.at(&format!("cooling loop '{name}'"));
        if name.trim().is_empty() {
            return Err(Error::missing("cooling_loop.name", "a loop needs a name"));
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
        let sink = design.plant.sink();
        if design.medium == Medium::Liquid && matches!(sink, Sink::OutsideAir { .. }) {
            return Err(at(Error::inconsistent(
                "plant.sink",
                "outside air can only cool an air loop",
            )));
        }
        if matches!(sink, Sink::OutsideAir { .. })
            && design.terminal_approach.get::<kelvin_interval>() != 0.0
        {
            return Err(at(Error::inconsistent(
                "terminal_approach",
                "outside air reaches the IT directly: the terminal approach must be 0 K",
            )));
        }
        let facility_supply = design.supply - design.terminal_approach;
        let pump_per_heat = sink.pump_power_per_heat(facility_supply).map_err(at)?;
        let water_per_heat = sink.water_per_heat(facility_supply).map_err(at)?;
        let q_usable = (design.unit_capacity * f64::from(design.units.carrying())).get::<watt>();
        let q_installed =
            (design.unit_capacity * f64::from(design.units.installed())).get::<watt>();
        let running = q_installed / q_usable;
        let rise = design.rise.get::<kelvin_interval>();
        let t_set = facility_supply.get::<kelvin>();
        let leaving_offset = sink.leaving_offset().get::<kelvin_interval>();
        let k_installed = q_installed / (rise + leaving_offset);
        let chiller = design
            .plant
            .chiller()
            .map(|ch| ch.at_supply(t_set, q_installed));
        let constants = LoopConstants {
            q_usable,
            q_installed,
            inv_q_installed: 1.0 / q_installed,
            usable_share: q_usable / q_installed,
            rise,
            inv_rise: 1.0 / rise,
            terminal: design.terminal_approach.get::<kelvin_interval>(),
            t_set,
            t_return: t_set + rise,
            leaving_offset,
            k_installed,
            inv_k_installed: 1.0 / k_installed,
            fans_full: sink.fan_power().get::<watt>() * running,
            transport_full: design.transport.design_power().get::<watt>() * running,
            min_speed: design.transport.min_speed().get(),
            economiser: design.plant.economiser_kind(),
            chiller,
            pump_per_heat,
            water_per_heat,
        };
        Ok(Self { design, constants })
    }

    /// The design.
    pub(super) fn design(&self) -> &LoopDesign {
        &self.design
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
    ///    the fan speed that minimises fan plus compressor power ([`economiser_speed`]); the
    ///    chillers take the rest at the COP of their curves ([`Chiller`]); an outside-air
    ///    economiser takes the share `(T_return − T_oa)/ΔT` when humidity allows;
    /// 4. fans and pumps follow the affinity laws with cycling below minimum speed
    ///    ([`affinity_power`](super::affinity_power)); once-through pumps `g·H·ṁ/η`;
    ///    evaporative water `Q_rej/h_fg` plus blowdown.
    #[inline]
    pub(super) fn operate(
        &self,
        heat: Power,
        ambient: &Ambient,
        limits: &SupplyLimits,
    ) -> Result<LoopState> {
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
        let t_ref = self
            .design
            .plant
            .sink()
            .reference(ambient)
            .map_err(|e| e.at(&format!("cooling loop '{}'.plant", self.design.name)))?;
        // Humidity limits matter only when a chiller can take over; a loop with nothing but
        // outside air admits it whatever its humidity.
        let admissible =
            self.constants.economiser != Economiser::AirSide || limits.admit_outside_air(ambient);
        Ok((t_ref.get::<kelvin>(), admissible))
    }

    /// The state with IT whose heat `load(T_inlet °C)` follows the supply this loop delivers:
    /// at the set point when the loop holds it, otherwise the fixed point
    /// `T = supply(load(T))` of a supply that floats with its heat.
    pub(super) fn operate_room(
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
    /// `t_db` (K): the arithmetic of [`PlantLoop::operate`] on precomputed constants, with
    /// one division in the common paths.
    #[inline(always)]
    fn state_at(&self, q: f64, t_ref: f64, t_db: f64, admissible: bool) -> LoopState {
        let c = &self.constants;
        // The most the sink rejects at this ambient with every unit at full speed.
        let free_max = if admissible {
            c.k_installed * (c.t_return - t_ref).max(0.0)
        } else {
            0.0
        };
        let plant = match &c.chiller {
            None => self.free_cooling_only(q, t_ref, free_max),
            Some(ch) => self.with_chiller(ch, q, t_ref, t_db, free_max, admissible),
        };
        let rejected = q + plant.compressor;
        let sink_w = if q > 0.0 {
            c.fans_full * affinity_factor(plant.fan_speed, c.min_speed)
        } else {
            0.0
        } + c.pump_per_heat * rejected;
        // Fans and pumps cannot run faster than full speed: beyond it the heat is not moved and
        // the supply temperature floats (see `holds_supply`).
        let transport_w =
            c.transport_full * affinity_factor((q * c.inv_q_installed).min(1.0), c.min_speed);
        LoopState {
            heat: Power::new::<watt>(q),
            capacity: Power::new::<watt>(plant.capacity),
            room: None,
            supply: ThermodynamicTemperature::new::<kelvin>(plant.supply + c.terminal),
            facility_supply: ThermodynamicTemperature::new::<kelvin>(plant.supply),
            holds_supply: plant.holds_supply,
            free_cooling: Fraction::clamped(if q > 0.0 { plant.free } else { 0.0 }),
            cop: plant.cop,
            compressor_power: Power::new::<watt>(plant.compressor),
            sink_power: Power::new::<watt>(sink_w),
            transport_power: Power::new::<watt>(transport_w),
            power: Power::new::<watt>(plant.compressor + sink_w + transport_w),
            water: VolumeRate::new::<cubic_meter_per_second>(c.water_per_heat * rejected),
        }
    }

    /// A plant without a chiller: the sink rejects at most `free_max` at this ambient, the fans
    /// and pumps move at most the installed capacity at the design rise; beyond either the
    /// supply floats up.
    #[inline(always)]
    fn free_cooling_only(&self, q: f64, t_ref: f64, free_max: f64) -> PlantHour {
        let c = &self.constants;
        let limit = free_max.min(c.q_installed);
        let (mut supply, mut holds_supply) = (c.t_set, true);
        let fan_speed = if q > limit {
            // Flat out: the supply floats up until the heat is rejected and moved.
            let by_ambient = t_ref + q * c.inv_k_installed - c.rise;
            let by_flow = c.t_set + c.rise * (q * c.inv_q_installed - 1.0);
            supply = c.t_set.max(by_ambient).max(by_flow);
            holds_supply = false;
            1.0
        } else if free_max > 0.0 {
            q / free_max
        } else {
            0.0
        };
        PlantHour {
            supply,
            holds_supply,
            capacity: limit * c.usable_share,
            free: 1.0,
            cop: None,
            compressor: 0.0,
            fan_speed,
        }
    }

    /// A plant with a chiller: the economiser takes its share, the chiller the rest (at most
    /// its installed capacity: above it the supply rises), the sink's fans run at the
    /// economiser's speed or follow the condenser duty.
    #[inline(always)]
    fn with_chiller(
        &self,
        ch: &ChillerAtSupply,
        q: f64,
        t_ref: f64,
        t_db: f64,
        free_max: f64,
        admissible: bool,
    ) -> PlantHour {
        let c = &self.constants;
        let (mut supply, mut holds_supply) = (c.t_set, true);
        if q > c.q_installed {
            holds_supply = false;
            supply = c.t_set + c.rise * (q * c.inv_q_installed - 1.0);
        }
        let condenser_in = if ch.air_condenser {
            t_db
        } else {
            t_ref + c.leaving_offset
        };
        let eir = ch.eir(condenser_in);
        let q_free = if !admissible || q == 0.0 {
            0.0
        } else {
            self.economiser_share(q, t_ref, free_max, ch.marginal(eir))
        };
        // An overloaded chiller delivers its installed capacity; the rest of the heat raises
        // the supply temperature (above).
        let q_mech = (q - q_free).min(c.q_installed);
        let inv_cop = ch.inv_cop(eir, q_mech);
        let compressor = q_mech * inv_cop;
        let fan_speed = if c.economiser == Economiser::WaterSide && q_free != 0.0 {
            (q_free / free_max).min(1.0)
        } else {
            // Condenser duty relative to the rated duty of all units.
            ((q + compressor) * ch.inv_rated_duty).min(1.0)
        };
        PlantHour {
            supply,
            holds_supply,
            capacity: c.q_usable,
            free: if q > 0.0 { q_free / q } else { 0.0 },
            cop: (q_mech > 0.0).then(|| Cop::capped(1.0 / inv_cop)),
            compressor,
            fan_speed,
        }
    }

    /// Heat (W) the economiser removes without compressors from `q`, with the sink able to
    /// reject `free_max` at reference `t_ref` and the chillers' marginal power `marginal`.
    #[inline(always)]
    fn economiser_share(&self, q: f64, t_ref: f64, free_max: f64, marginal: Marginal) -> f64 {
        let c = &self.constants;
        match c.economiser {
            Economiser::None => 0.0,
            Economiser::AirSide => {
                q * ((c.t_return - (t_ref + c.leaving_offset)) * c.inv_rise).clamp(0.0, 1.0)
            }
            Economiser::WaterSide => {
                if free_max <= 0.0 {
                    return 0.0;
                }
                let x_max = (q / free_max).min(1.0);
                let x = economiser_speed(q, x_max, free_max, marginal, c.fans_full, c.min_speed);
                // At its largest speed the economiser takes all it can, exactly: `x·Q_free`
                // would round a fully free hour to just below the heat.
                if x >= x_max {
                    q.min(free_max)
                } else {
                    x * free_max
                }
            }
        }
    }
}

/// The sink fan speed `x ∈ [0, x_max]` of a water-side economiser that minimises fans plus
/// compressor, `C(x) = P_fans·x·max(x, x_min)² + P_chillers(Q − x·Q_free)`: at speed `x` the
/// sink takes `x·Q_free` of the heat `Q`, the chillers the rest. Both terms are convex in `x`
/// (the fans' cube law with cycling below `x_min`; the chillers' power with the marginal
/// [`Marginal`], non-decreasing in their load), so `C'(x) = fans'(x) − Q_free·m(Q − x·Q_free)`
/// is non-decreasing and the minimum is where it changes sign. Between the breakpoints
/// (`x_min`; the speed at which the chillers' load crosses the knee of `m`) `C'` is a
/// polynomial solved in closed form.
///
/// The optimum — not "fans flat out" — keeps cooling power non-decreasing in the ambient and in
/// the heat (a warmer hour shrinks the sink's reach and raises every cost; property-tested).
fn economiser_speed(
    q: f64,
    x_max: f64,
    free: f64,
    m: Marginal,
    fans_full: f64,
    min_speed: f64,
) -> f64 {
    if x_max <= 0.0 || free <= 0.0 {
        return 0.0;
    }
    if fans_full <= 0.0 {
        return x_max;
    }
    // Below `knee` the chillers' load is above the knee of their marginal power.
    let knee = (q - m.knee) / free;
    // The marginal at speed `x`, from the right of `x` (the load just below) or the left.
    let marginal = |x: f64, right: bool| {
        let load = q - x * free;
        if load < m.knee || (right && load == m.knee) {
            m.staged
        } else {
            m.at_knee + m.slope * (load - m.knee)
        }
    };
    let fans = |x: f64, right: bool| {
        if x < min_speed || (!right && x == min_speed) {
            fans_full * min_speed * min_speed
        } else {
            3.0 * fans_full * x * x
        }
    };
    let slope = |x: f64, right: bool| fans(x, right) - free * marginal(x, right);
    let (a, b) = if min_speed <= knee {
        (min_speed, knee)
    } else {
        (knee, min_speed)
    };
    let mut lo = 0.0;
    for hi in [a, b, x_max] {
        if hi <= lo || hi > x_max {
            continue;
        }
        if slope(lo, true) >= 0.0 {
            return lo;
        }
        if slope(hi, false) > 0.0 {
            // The sign changes inside (lo, hi), on one polynomial piece.
            let mid = 0.5 * (lo + hi);
            let cubic = mid > min_speed;
            let rising = mid < knee;
            // With the marginal rising, m = m₁ − β·Q_free·x.
            let m1 = m.at_knee + m.slope * (q - m.knee);
            let beta_f2 = m.slope * free * free;
            let x = match (cubic, rising) {
                (true, false) => (free * m.staged / (3.0 * fans_full)).sqrt(),
                (true, true) => {
                    let a6 = 6.0 * fans_full;
                    ((beta_f2 * beta_f2 + 2.0 * a6 * free * m1).sqrt() - beta_f2) / a6
                }
                (false, true) => (m1 - fans_full * min_speed * min_speed / free) * free / beta_f2,
                // Constant slope: no sign change inside the piece.
                (false, false) => lo,
            };
            return x.clamp(lo, hi);
        }
        lo = hi;
    }
    x_max
}
