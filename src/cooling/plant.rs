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
//!    reference): without compressor work the loop is cooled to `T_ref + approach` at best;
//! 2. free cooling alone (`PlantLoop::free_cooling_only`: the supply floats where the sink
//!    cannot reach the set point), or the chillers (their COP: [`ChillerAtSupply`]) making up
//!    what the economiser cannot take (its share from the energy balance: [`economiser_share`];
//!    the optimal fan speed: `economiser_speed`);
//! 3. the sink's fans, pumps and make-up water (`Sink`'s constants per watt rejected), and the
//!    loop's transport ([`super::Transport`]);
//! 4. the IT supply across the terminal (CRAH coil or CDU): facility supply + terminal
//!    approach.

use super::Cdu;
use super::chiller::{Chiller, ChillerAtSupply, Marginal};
use super::cooling_loop::LoopDesign;
use super::transport::affinity_factor;
use super::{LoopState, Medium, RoomLoad, SupplyLimits};
use crate::climate::Ambient;
use crate::climate::psychrometrics::{
    boiling_point, enthalpy_j_per_kg, saturated_air, w_from_wet_bulb,
};
use crate::error::{Error, Result};
use crate::fluids::Coolant;
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
/// temperature (once-through). Without compressor work it cools the loop to `T_ref + approach`
/// at best (the approach at full speed, at every load up to the installed capacity): a tower,
/// dry cooler or heat exchanger cannot deliver colder than its sink plus approach. Its fans
/// follow heat transfer in proportion to the entering temperature difference: at speed `x` it
/// rejects `x·K·(T_return − T_ref)`, `K = Q_installed/(ΔT + approach)`, so at design load and
/// full speed the coolant leaves at `T_ref + approach`.
///
/// # Units
///
/// Approaches and the supply-fan heat are temperature differences (K) above `T_ref`; fan
/// powers are electric power of the carrying units at full speed; `pump_head` is the total
/// head in metres of the pumped water, whose pumps draw `P = ṁ·g·H/η` with
/// `ṁ = Q_rejected/(c_p·ΔT_water)` (g = 9.80665 m/s², `c_p` of the drawn water from
/// [`Coolant::specific_heat`] at the design water temperature); `cycles_of_concentration` is
/// a plain number (dissolved solids in the basin over those in the make-up water), `drift` a
/// share of the circulating water. Make-up water ([`LoopState::water`](super::LoopState::water),
/// its streams [`WaterUse`]) is a volume of liquid water at 25 °C.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Cooling Towers and Evaporative Fluid Coolers" →
///   "Variable Speed Cooling Towers Empirical Models": approach = leaving water − entering
///   air wet-bulb; the tower's water (evaporation from the hour's air, drift, blowdown):
///   [`tower_water`].
/// - EnergyPlus Engineering Reference, "Pumps": pump power = volume flow × head / total
///   efficiency (head as a pressure, `ρ·g·H`).
/// - `docs/models.md`, "Cooling plants" → "Sink", "Once-through water", "Evaporative water
///   use".
#[derive(Clone, Debug, PartialEq)]
pub enum Sink {
    /// Dry cooler or air-cooled condenser: at full load the coolant leaves at dry-bulb +
    /// `approach`. `fan_power` is the fans' electric power, all carrying units at full speed.
    /// With `adiabatic` pre-cooling it wets its inlet air in hours warmer than the switch
    /// temperature and works against the cooled air instead.
    DryCooler {
        /// Leaving coolant − inlet-air dry-bulb at design load.
        approach: TemperatureInterval,
        /// Fan power at full speed (carrying units).
        fan_power: Power,
        /// Adiabatic pre-cooling of the inlet air, if fitted.
        adiabatic: Option<Adiabatic>,
    },
    /// Open cooling tower: coolant leaves at wet-bulb + `approach`; evaporates water, loses
    /// drift and is blown down ([`tower_water`]).
    Evaporative {
        /// Leaving coolant − ambient wet-bulb at design load.
        approach: TemperatureInterval,
        /// Fan power at full speed (carrying units).
        fan_power: Power,
        /// Cycles of concentration (dimensionless, 1.1 … 50): blowdown = evaporation /
        /// (cycles − 1) − drift.
        cycles_of_concentration: f64,
        /// Drift: water carried off as droplets, a share of the circulating water (0 … 1 %;
        /// EnergyPlus's default 0.008 %, [`DEFAULT_DRIFT`]).
        drift: Fraction,
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
        /// Direct evaporative cooling of the outdoor air, if fitted: used when the cooled air
        /// is within the IT class's humidity limits.
        adiabatic: Option<Adiabatic>,
    },
}

impl Sink {
    /// Validates the sink's parameters.
    fn validate(&self) -> Result<()> {
        match self {
            Sink::DryCooler {
                approach,
                fan_power,
                adiabatic,
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K")?;
                power_non_negative("fan_power", *fan_power)?;
                if let Some(a) = adiabatic {
                    a.validate().map_err(|e| e.at("adiabatic"))?;
                }
            }
            Sink::Evaporative {
                approach,
                fan_power,
                cycles_of_concentration,
                drift,
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
                within("drift", drift.get(), "", 0.0, MAX_DRIFT)?;
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
            Sink::OutsideAir {
                fan_heat,
                adiabatic,
            } => {
                within(
                    "fan_heat",
                    fan_heat.get::<kelvin_interval>(),
                    "K",
                    0.0,
                    10.0,
                )?;
                if let Some(a) = adiabatic {
                    a.validate().map_err(|e| e.at("adiabatic"))?;
                }
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
            Sink::OutsideAir { fan_heat, .. } => *fan_heat,
        }
    }

    /// The evaporative pre-cooling of the sink's air, if it has one.
    fn adiabatic(&self) -> Option<&Adiabatic> {
        match self {
            Sink::DryCooler { adiabatic, .. } | Sink::OutsideAir { adiabatic, .. } => {
                adiabatic.as_ref()
            }
            Sink::Evaporative { .. } | Sink::OnceThrough { .. } => None,
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

    /// The constants of a tower's water balance for a loop of water range `range` at design
    /// mean water temperature `t_mean`; `None` for the other sinks.
    fn tower(
        &self,
        range: TemperatureInterval,
        t_mean: ThermodynamicTemperature,
    ) -> Result<Option<TowerWater>> {
        match self {
            Sink::Evaporative {
                cycles_of_concentration,
                drift,
                ..
            } => TowerWater::new(range, t_mean, *drift, *cycles_of_concentration).map(Some),
            _ => Ok(None),
        }
    }
}

/// EnergyPlus's default drift of a cooling tower, 0.008 % of the circulating water (IDD
/// field "Drift Loss Percent" of `CoolingTower:*`).
pub const DEFAULT_DRIFT: Fraction = Fraction::new_const(0.000_08);
/// Largest drift accepted, a share of the circulating water: 1 % (twice the top of N. Lei &
/// E. Masanet's 0.005–0.5 %).
const MAX_DRIFT: f64 = 0.01;
/// Smallest enthalpy rise of the air through a tower the evaporation balance divides by,
/// J/kg (a guard: the exit air is always warmer than the inlet wet-bulb).
const MIN_AIR_ENTHALPY_RISE: f64 = 1_000.0;

/// A tower's water streams, each a volume of liquid water at 25 °C per unit time.
///
/// # Units
///
/// Volume flow rates (m³/s); [`WaterUse::make_up`] is their sum, the water drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaterUse {
    /// Water evaporated into the air.
    pub evaporation: VolumeRate,
    /// Water carried off by the air as droplets.
    pub drift: VolumeRate,
    /// Water drained to hold the cycles of concentration.
    pub blowdown: VolumeRate,
}

impl WaterUse {
    /// No water: every sink but a tower.
    pub const NONE: WaterUse = WaterUse {
        evaporation: VolumeRate::ZERO,
        drift: VolumeRate::ZERO,
        blowdown: VolumeRate::ZERO,
    };

    /// Make-up water: evaporation + drift + blowdown.
    pub fn make_up(&self) -> VolumeRate {
        self.evaporation + self.drift + self.blowdown
    }
}

/// Evaporative cooling of air by wetted media or sprays: adiabatic pre-cooling of a dry
/// cooler's inlet air, or direct or indirect evaporative cooling of outside air supplied to
/// the IT. In hours whose dry-bulb is above `above` the air leaves at
///
/// ```text
/// T_out = T_db − ε·(T_db − T_wb)
/// direct:   water = ṁ_air·(ω_out − ω_in)·C/(C − 1)                 (wet-bulb unchanged)
/// indirect: water = ṁ_air·c_p·(T_db − T_out)/h_fg(T_wb)·C/(C − 1)  (ω unchanged)
/// ```
///
/// Direct: the air itself is wetted, `ω_out` on its wet-bulb line (ASHRAE Handbook—Fundamentals
/// 2017, ch. 1, eqs. 33, 35). Indirect: a wetted secondary stream cools the air through a heat
/// exchanger (`ε` the overall effectiveness, EnergyPlus's `ε_HX·se`, ≈ 0.65 by default) and
/// evaporates the heat it takes, at the latent heat of the psychrometric equations,
/// `h_fg = 2501 − 2.326·T_wb` kJ/kg (eq. 33). Below the switch temperature the media are dry
/// and draw nothing.
///
/// ```
/// use dcplan::climate::Ambient;
/// use dcplan::cooling::Adiabatic;
/// use dcplan::units::*;
/// let pads = Adiabatic::new(Fraction::new(0.8)?, celsius(20.0), 4.0)?;
/// let hot = Ambient::from_wet_bulb(celsius(35.0), celsius(20.0), Pressure::new::<pascal>(101_325.0))?;
/// assert!((to_celsius(pads.leaving_dry_bulb(&hot)) - 23.0).abs() < 1e-6); // 35 − 0.8 × 15
/// let mild = Ambient::from_wet_bulb(celsius(18.0), celsius(12.0), Pressure::new::<pascal>(101_325.0))?;
/// assert_eq!(pads.leaving_dry_bulb(&mild), mild.dry_bulb()); // below the switch: dry
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `effectiveness` a saturation effectiveness (0 … 1; rigid media 0.2–0.3 m deep: 0.75–0.9);
/// `above` a dry-bulb; `cycles_of_concentration` a plain number (1.1 … 50).
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Evaporative Coolers" → "Direct Evaporative Cooler"
///   (`T_db,out = T_db,in − ε·(T_db,in − T_wb,in)`, wet-bulb constant; water = evaporation +
///   blowdown `E/(C − 1)`), "Rigid Media" (saturation efficiency of CelDek media) and "Dry
///   Coil Indirect Evaporative Cooler" (`T_out = T_in − ε_HX·se·(T_odb − T_owb)`, the supply
///   air's humidity unchanged).
/// - LBNL, *2024 United States Data Center Energy Usage Report* (LBNL-2001637): liquid
///   cooling on dry coolers with adiabatic assist, median PUE 1.09 and site WUE 0.13 L/kWh.
/// - `docs/models.md`, "Cooling plants" → "Adiabatic and evaporative cooling of air".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adiabatic {
    effectiveness: Fraction,
    above: ThermodynamicTemperature,
    cycles_of_concentration: f64,
    indirect: bool,
}

/// Cycles of concentration of evaporative media's water when none is given: 4, as the tower
/// preset (EnergyPlus's evaporative coolers take a blowdown concentration ratio ≥ 2).
pub const DEFAULT_MEDIA_CYCLES: f64 = 4.0;

impl Adiabatic {
    /// Validates evaporative media: effectiveness above 0, the switch dry-bulb 0 … 60 °C (no
    /// wetting in frost), cycles 1.1 … 50.
    pub fn new(
        effectiveness: Fraction,
        above: ThermodynamicTemperature,
        cycles_of_concentration: f64,
    ) -> Result<Self> {
        let a = Self {
            effectiveness,
            above,
            cycles_of_concentration,
            indirect: false,
        };
        a.validate()?;
        Ok(a)
    }

    /// The same media as an indirect evaporative cooler: the air is cooled through a heat
    /// exchanger by a wetted secondary stream, its humidity ratio unchanged.
    pub fn indirect(self) -> Self {
        Self {
            indirect: true,
            ..self
        }
    }

    /// Whether the cooler is indirect (the supplied air is not wetted).
    pub fn is_indirect(&self) -> bool {
        self.indirect
    }

    fn validate(&self) -> Result<()> {
        let e = self.effectiveness.get();
        if e <= 0.0 {
            return Err(Error::out_of_range(
                "effectiveness",
                e,
                "",
                "a saturation effectiveness above 0 and at most 1",
            ));
        }
        within(
            "above",
            to_celsius(temperature("above", self.above)?),
            "°C",
            0.0,
            60.0,
        )?;
        within(
            "cycles_of_concentration",
            self.cycles_of_concentration,
            "",
            1.1,
            50.0,
        )?;
        Ok(())
    }

    /// Saturation effectiveness.
    pub fn effectiveness(&self) -> Fraction {
        self.effectiveness
    }
    /// The dry-bulb above which the media are wetted.
    pub fn above(&self) -> ThermodynamicTemperature {
        self.above
    }
    /// Cycles of concentration of the media's water.
    pub fn cycles_of_concentration(&self) -> f64 {
        self.cycles_of_concentration
    }

    /// Whether the media are wetted at `ambient`: its dry-bulb above the switch.
    #[inline]
    fn wets(&self, ambient: &Ambient) -> bool {
        ambient.dry_bulb() > self.above
    }

    /// The dry-bulb of the air leaving the media at `ambient`: `T_db − ε·(T_db − T_wb)` when
    /// wetted, the dry-bulb otherwise.
    #[inline]
    pub fn leaving_dry_bulb(&self, ambient: &Ambient) -> ThermodynamicTemperature {
        if self.wets(ambient) {
            let (db, wb) = (
                ambient.dry_bulb().get::<kelvin>(),
                ambient.wet_bulb().get::<kelvin>(),
            );
            ThermodynamicTemperature::new::<kelvin>(db - self.effectiveness.get() * (db - wb))
        } else {
            ambient.dry_bulb()
        }
    }

    /// Water drawn per kilogram of dry air through the wetted media at `ambient`, kg/kg:
    /// `(ω_out − ω_in)·C/(C − 1)`, split as (evaporation, blowdown); zero when dry.
    #[inline]
    fn water_per_air(&self, ambient: &Ambient) -> (f64, f64) {
        if !self.wets(ambient) {
            return (0.0, 0.0);
        }
        let p = ambient.pressure().get::<pascal>();
        let w_in = ambient.humidity_ratio().get::<ratio>();
        let (t_out, t_wb) = (
            to_celsius(self.leaving_dry_bulb(ambient)),
            to_celsius(ambient.wet_bulb()),
        );
        let e = if self.indirect {
            let cooling = humid_cp(w_in) * (to_celsius(ambient.dry_bulb()) - t_out);
            cooling / (1_000.0 * (2501.0 - 2.326 * t_wb))
        } else {
            (w_from_wet_bulb(t_out, t_wb, p) - w_in).max(0.0)
        };
        (e, e / (self.cycles_of_concentration - 1.0))
    }
}

/// Humid specific heat, J/(kg·K) per kg of dry air, `1006 + 1860·ω` (ASHRAE Handbook—
/// Fundamentals 2017, ch. 1, eq. 30 differentiated).
#[inline(always)]
fn humid_cp(w: f64) -> f64 {
    1006.0 + 1860.0 * w
}

/// The water evaporative media draw wetting `air` kg/s of dry air at `ambient`
/// ([`Adiabatic`]): evaporation and blowdown, no drift.
#[inline]
fn media_water(a: &Adiabatic, air: f64, ambient: &Ambient, inv_density: f64) -> WaterUse {
    let (e, b) = a.water_per_air(ambient);
    let m3 =
        |kg_per_kg: f64| VolumeRate::new::<cubic_meter_per_second>(air * kg_per_kg * inv_density);
    WaterUse {
        evaporation: m3(e),
        drift: VolumeRate::ZERO,
        blowdown: m3(b),
    }
}

/// A cooling tower's water balance, reduced to SI constants (see [`tower_water`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct TowerWater {
    /// Circulating water per watt rejected, kg/J: `1/(c_p·range)`.
    circulating_per_heat: f64,
    /// Drift, share of the circulating water.
    drift: f64,
    /// `1/(cycles − 1)`.
    inv_cycles_less_one: f64,
    /// Half the water range, K: the exit air is saturated at the mean water temperature.
    half_range: f64,
    /// `1/ρ` of water at 25 °C, m³/kg.
    inv_density: f64,
}

impl TowerWater {
    fn new(
        range: TemperatureInterval,
        t_mean: ThermodynamicTemperature,
        drift: Fraction,
        cycles_of_concentration: f64,
    ) -> Result<Self> {
        let range = interval_positive("range", range)?.get::<kelvin_interval>();
        let (lo, hi) = Coolant::Water.valid_range();
        let t = if t_mean < lo {
            lo
        } else if t_mean > hi {
            hi
        } else {
            t_mean
        };
        let cp = Coolant::Water
            .specific_heat(t)?
            .get::<joule_per_kilogram_kelvin>();
        let rho = Coolant::Water
            .density(celsius(25.0))?
            .get::<kilogram_per_cubic_meter>();
        Ok(Self {
            circulating_per_heat: 1.0 / (cp * range),
            drift: within("drift", drift.get(), "", 0.0, MAX_DRIFT)?,
            inv_cycles_less_one: 1.0
                / (within(
                    "cycles_of_concentration",
                    cycles_of_concentration,
                    "",
                    1.1,
                    50.0,
                )? - 1.0),
            half_range: 0.5 * range,
            inv_density: 1.0 / rho,
        })
    }

    /// Drift and blowdown (kg/s) of a tower rejecting `heat` W that evaporates `evaporation`
    /// kg/s: `d·Q/(c_p·range)` and `max(E/(C − 1) − drift, 0)`.
    #[inline(always)]
    fn drift_and_blowdown(&self, heat: f64, evaporation: f64) -> (f64, f64) {
        let drift = self.drift * heat * self.circulating_per_heat;
        (
            drift,
            (evaporation * self.inv_cycles_less_one - drift).max(0.0),
        )
    }

    /// Evaporation, drift and blowdown (m³/s) rejecting `heat` W with the water leaving the
    /// tower at `t_leave_c` °C, against outdoor air of dry-bulb `t_db_c` °C, humidity ratio
    /// `w_in` and pressure `p` Pa.
    #[inline(always)]
    fn streams(&self, heat: f64, t_leave_c: f64, t_db_c: f64, w_in: f64, p: f64) -> WaterUse {
        if heat <= 0.0 {
            return WaterUse::NONE;
        }
        let (w_out, h_out) = saturated_air(t_leave_c + self.half_range, p);
        let h_in = enthalpy_j_per_kg(t_db_c, w_in);
        let evaporation =
            heat * (w_out - w_in).max(0.0) / (h_out - h_in).max(MIN_AIR_ENTHALPY_RISE);
        let (drift, blowdown) = self.drift_and_blowdown(heat, evaporation);
        let m3 =
            |kg_per_s: f64| VolumeRate::new::<cubic_meter_per_second>(kg_per_s * self.inv_density);
        WaterUse {
            evaporation: m3(evaporation),
            drift: m3(drift),
            blowdown: m3(blowdown),
        }
    }
}

/// The water a cooling tower draws rejecting `heat` in one hour at `ambient`, the water leaving
/// it at `leaving_water` after cooling by `range`:
///
/// ```text
/// evaporation = Q·(ω_sat(T_m) − ω_in) / (h_sat(T_m) − h_in),   T_m = T_leave + range/2
/// drift       = d·ṁ_circ,                                     ṁ_circ = Q/(c_p·range)
/// blowdown    = max(evaporation/(C − 1) − drift, 0)
/// make-up     = evaporation + drift + blowdown
/// ```
///
/// The air leaves saturated (EnergyPlus's saturated-exit evaporation), at the mean water
/// temperature `T_m` (where N. Lei & E. Masanet evaluate the tower's latent heat): the air
/// takes the heat as the enthalpy rise `h_out − h_in`, of which the share
/// `h_fg·(ω_out − ω_in)/(h_out − h_in)` is latent. So evaporation follows the hour's air — a
/// cold, dry hour warms the air more and evaporates less per kWh — instead of all the heat
/// evaporating at a design `h_fg` (≈ 1.48 L/kWh).
///
/// ```
/// use dcplan::climate::Ambient;
/// use dcplan::cooling::{tower_water, DEFAULT_DRIFT};
/// use dcplan::units::*;
/// let air = Ambient::from_wet_bulb(celsius(30.0), celsius(22.0), Pressure::new::<pascal>(101_325.0))?;
/// let w = tower_water(Power::new::<kilowatt>(1_000.0), celsius(26.0), kelvin_diff(5.0), &air, DEFAULT_DRIFT, 4.0)?;
/// let l_per_kwh = |v: VolumeRate| v.get::<cubic_meter_per_second>() * 3.6e6 / 1_000.0;
/// // The air (30 °C) leaves saturated at 28.5 °C: a little sensible heat goes to the water,
/// // so slightly more evaporates than the heat's h_fg would (1.48 L/kWh).
/// assert!((l_per_kwh(w.evaporation) - 1.492).abs() < 1e-3);
/// // Cycles 4: make-up = evaporation · 4/3 (drift within the blowdown).
/// assert!((l_per_kwh(w.make_up()) - 1.492 * 4.0 / 3.0).abs() < 2e-3);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `heat` thermal power; `range` the water's cooling (K); `drift` a share of the circulating
/// water; `cycles_of_concentration` a plain number (1.1 … 50). Volumes are liquid water at
/// 25 °C (IAPWS-IF97 density); `c_p` of water at the mean water temperature.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Cooling Towers and Evaporative Fluid Coolers" →
///   "Tower Make-up Water Usage": evaporation `ṁ_air·(ω_sat,out − ω_in)` with the outlet air
///   saturated; drift a share of the circulating water (default 0.008 %); blowdown
///   `evaporation/(C − 1) − drift` (concentration-ratio method); make-up their sum.
/// - N. Lei & E. Masanet, *Resour. Conserv. Recycl.* 182 (2022) 106323,
///   doi:10.1016/j.resconrec.2022.106323 (their code, `Cooling_Tower`): the tower temperature
///   `T_wb + approach + range/2`.
/// - ASHRAE Handbook—Fundamentals (2017), ch. 1: saturated humidity ratio and enthalpy
///   (eqs. 5–6, 20, 30).
/// - `docs/models.md`, "Cooling plants" → "Evaporative water use".
pub fn tower_water(
    heat: Power,
    leaving_water: ThermodynamicTemperature,
    range: TemperatureInterval,
    ambient: &Ambient,
    drift: Fraction,
    cycles_of_concentration: f64,
) -> Result<WaterUse> {
    let heat = power_non_negative("heat", heat)?.get::<watt>();
    let t_leave = temperature("leaving_water", leaving_water)?;
    let tower = TowerWater::new(range, t_leave + range / 2.0, drift, cycles_of_concentration)?;
    let exit = to_celsius(t_leave) + tower.half_range;
    if exit >= to_celsius(boiling_point(ambient.pressure())?) {
        return Err(Error::out_of_range(
            "leaving_water",
            to_celsius(t_leave),
            "°C",
            "below the boiling point less half the range",
        ));
    }
    Ok(tower.streams(
        heat,
        to_celsius(t_leave),
        to_celsius(ambient.dry_bulb()),
        ambient.humidity_ratio().get::<ratio>(),
        ambient.pressure().get::<pascal>(),
    ))
}

/// A heat-rejection plant: a sink, an optional chiller, and whether the sink may pre-cool the
/// return stream ahead of the chiller (economiser). Without a chiller the plant is free
/// cooling only and the supply temperature floats up when the sink cannot reach the set point
/// (sink + approach above it) — a failure the loop's set-point constraint reports; with one the
/// chiller makes up the difference.
///
/// The economiser takes at most the share of the heat exchanger's energy balance,
/// `clamp((T_return − max(T_sink + approach, T_supply))/ΔT, 0, 1)` ([`economiser_share`]).
/// A water-side economiser runs the sink's fans at the speed `x` that minimises fans plus
/// chillers ([`economiser_speed`]); an air-side economiser (outside air, approach = the supply
/// fans' heat) takes its share when the outdoor humidity is within the IT class.
///
/// # References
///
/// - [`economiser_share`]: the energy balance (N. Lei & E. Masanet, *Energy* 201 (2020)
///   117556, doi:10.1016/j.energy.2020.117556; EnergyPlus Engineering Reference, "Heat
///   Exchangers").
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
    rise: f64,
    inv_rise: f64,
    terminal: f64,
    /// The IT set point (`supply`), and the facility set point (`supply − terminal approach`).
    t_it_set: f64,
    t_set: f64,
    t_return: f64,
    /// The sink's leaving stream − its reference at design ([`Sink::leaving_offset`]).
    leaving_offset: f64,
    /// Heat rejected per kelvin of (return − reference), all units at full speed.
    k_installed: f64,
    fans_full: f64,
    transport_full: f64,
    min_speed: f64,
    economiser: Economiser,
    chiller: Option<ChillerAtSupply>,
    /// Pumping power per watt rejected (once-through sinks).
    pump_per_heat: f64,
    /// The tower's water balance (evaporative sinks).
    tower: Option<TowerWater>,
    /// Evaporative media on the sink's air (dry coolers, outside air).
    adiabatic: Option<Adiabatic>,
    /// `1/ρ` of water at 25 °C, m³/kg.
    inv_water_density: f64,
}

/// What the plant does in one hour, before its fans and pumps (W, K).
#[derive(Clone, Copy, Debug)]
struct PlantHour {
    /// Facility supply delivered.
    supply: f64,
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
        if let Some(cdu) = &design.cdu {
            if design.medium != Medium::Liquid {
                return Err(at(Error::inconsistent(
                    "cdu",
                    "a CDU serves a liquid loop; an air loop's terminal is its terminal_approach",
                )));
            }
            if design.terminal_approach.get::<kelvin_interval>() != 0.0 {
                return Err(at(Error::inconsistent(
                    "terminal_approach",
                    format!(
                        "the loop's CDU is its terminal (approach {:.1} K): set the CDU's approach, not terminal_approach",
                        cdu.approach().get::<kelvin_interval>()
                    ),
                )));
            }
        }
        if matches!(sink, Sink::OutsideAir { .. }) && design.pump.is_some() {
            return Err(at(Error::inconsistent(
                "pump",
                "outside air has no facility water to pump",
            )));
        }
        let terminal_approach = design
            .cdu
            .as_ref()
            .map_or(design.terminal_approach, Cdu::approach);
        let facility_supply = design.supply - terminal_approach;
        // The coolant must stay liquid from the facility supply to the return.
        let (lo, hi) = design.coolant.valid_range();
        let facility_return = facility_supply + design.rise;
        if facility_supply < lo || facility_return > hi {
            return Err(at(Error::inconsistent(
                "coolant",
                format!(
                    "the facility water runs from {:.1} °C to {:.1} °C, outside the liquid range {:.1} … {:.1} °C of {}",
                    to_celsius(facility_supply),
                    to_celsius(facility_return),
                    to_celsius(lo),
                    to_celsius(hi),
                    design.coolant.name()
                ),
            )));
        }
        let pumps = match &design.pump {
            Some(p) => p
                .design_power(
                    &design.coolant,
                    design.unit_capacity * f64::from(design.units.carrying()),
                    design.rise,
                    facility_supply + design.rise / 2.0,
                )
                .map_err(|e| at(e.at("pump")))?,
            None => Power::ZERO,
        };
        let cdu_pumps = match &design.cdu {
            Some(cdu) => cdu
                .pump_power(
                    design.unit_capacity * f64::from(design.units.carrying()),
                    design.supply,
                )
                .map_err(at)?,
            None => Power::ZERO,
        };
        let pump_per_heat = sink.pump_power_per_heat(facility_supply).map_err(at)?;
        let tower = sink
            .tower(design.rise, facility_supply + design.rise / 2.0)
            .map_err(at)?;
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
            rise,
            inv_rise: 1.0 / rise,
            terminal: terminal_approach.get::<kelvin_interval>(),
            t_it_set: design.supply.get::<kelvin>(),
            t_set,
            t_return: t_set + rise,
            leaving_offset,
            k_installed,
            fans_full: sink.fan_power().get::<watt>() * running,
            transport_full: (design.transport.design_power() + pumps + cdu_pumps).get::<watt>()
                * running,
            min_speed: design.transport.min_speed().get(),
            economiser: design.plant.economiser_kind(),
            chiller,
            pump_per_heat,
            tower,
            adiabatic: sink.adiabatic().copied(),
            inv_water_density: 1.0
                / Coolant::Water
                    .density(celsius(25.0))
                    .map_err(at)?
                    .get::<kilogram_per_cubic_meter>(),
        };
        Ok(Self { design, constants })
    }

    /// The design.
    pub(super) fn design(&self) -> &LoopDesign {
        &self.design
    }

    /// IT supply − facility supply: the CDU's approach where the loop has one, else the
    /// design's `terminal_approach`.
    pub(super) fn terminal_approach(&self) -> TemperatureInterval {
        kelvin_diff(self.constants.terminal)
    }

    /// The freezing point of the loop's coolant where it passes through a closed sink it can
    /// freeze in: a dry cooler or a once-through exchanger, without a chiller between them or
    /// with an economiser. A tower's water is its own (its winter protection is not modelled);
    /// outside air has no coolant.
    pub(super) fn freezing_point(&self) -> Option<ThermodynamicTemperature> {
        let plant = &self.design.plant;
        let closed = matches!(
            plant.sink(),
            Sink::DryCooler { .. } | Sink::OnceThrough { .. }
        );
        let exposed = plant.chiller().is_none() || plant.economiser();
        (closed && exposed).then(|| self.design.coolant.valid_range().0)
    }

    /// The loop's state when it takes `heat` at `ambient`, against `limits` (which decide
    /// whether outside air may be admitted). The steps, each in `docs/models.md`:
    ///
    /// 1. the sink works against `T_ref` (dry-bulb, wet-bulb or water temperature) and cools
    ///    the loop to `T_ref + approach` at best; at speed `x` it rejects
    ///    `x·K·(T_return − T_ref)`, `K = Q_installed/(ΔT + approach)`;
    /// 2. free cooling alone (no chiller): the supply floats to `T_ref + approach` when that is
    ///    above the set point, and further when overloaded ([`PlantLoop::free_cooling_only`]);
    /// 3. with a chiller, the economiser takes at most the share of its energy balance
    ///    ([`economiser_share`]): a water-side one at the fan speed that minimises fan plus
    ///    chiller power ([`economiser_speed`]), an outside-air one when humidity allows; the
    ///    chillers take the rest at the COP of their curves ([`Chiller`]);
    /// 4. fans and pumps follow the affinity laws with cycling below minimum speed
    ///    ([`affinity_power`](super::affinity_power)); once-through pumps `g·H·ṁ/η`;
    ///    a tower's evaporation, drift and blowdown from the hour's air ([`tower_water`]).
    #[inline]
    pub(super) fn operate(
        &self,
        heat: Power,
        ambient: &Ambient,
        limits: &SupplyLimits,
    ) -> Result<LoopState> {
        let (t_ref, admissible, wet) = self.sink_reference(ambient, limits)?;
        Ok(self.state_at(heat.get::<watt>().max(0.0), t_ref, ambient, admissible, wet))
    }

    /// What the sink works against at `ambient` (K), whether outside air is admissible, and
    /// whether evaporative media wet the sink's air this hour. Wetted media cool the air to
    /// [`Adiabatic::leaving_dry_bulb`]; outside air is then admitted when the cooled air is
    /// within the humidity limits, and supplied dry (unwetted) when only the outdoor air is.
    #[inline]
    fn sink_reference(
        &self,
        ambient: &Ambient,
        limits: &SupplyLimits,
    ) -> Result<(f64, bool, bool)> {
        let at = |e: Error| e.at(&format!("cooling loop '{}'.plant", self.design.name));
        let sink = self.design.plant.sink();
        let t_ref = sink.reference(ambient).map_err(at)?.get::<kelvin>();
        // Humidity limits matter only when a chiller can take over; a loop with nothing but
        // outside air admits it whatever its humidity.
        let air_side = self.constants.economiser == Economiser::AirSide;
        let admits = |air: &Ambient| !air_side || limits.admit_outside_air(air);
        match sink.adiabatic() {
            Some(a) if a.wets(ambient) => self.wetted_reference(a, ambient, limits, t_ref),
            _ => Ok((t_ref, admits(ambient), false)),
        }
    }

    /// [`Self::sink_reference`] in an hour the adiabatic media are wetted: kept out of line so
    /// the dry hours' path, every hour of most plants, stays small enough to inline.
    #[inline(never)]
    fn wetted_reference(
        &self,
        a: &Adiabatic,
        ambient: &Ambient,
        limits: &SupplyLimits,
        t_ref: f64,
    ) -> Result<(f64, bool, bool)> {
        let cooled = a.leaving_dry_bulb(ambient);
        if self.constants.economiser == Economiser::AirSide {
            let supplied = if a.is_indirect() {
                Ambient::from_dew_point(cooled, ambient.dew_point(), ambient.pressure())
            } else {
                Ambient::from_wet_bulb(cooled, ambient.wet_bulb(), ambient.pressure())
            }
            .map_err(|e| e.at(&format!("cooling loop '{}'.plant", self.design.name)))?;
            if !limits.admit_outside_air(&supplied) {
                return Ok((t_ref, limits.admit_outside_air(ambient), false));
            }
        }
        Ok((cooled.get::<kelvin>(), true, true))
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
        let (t_ref, admissible, wet) = self.sink_reference(ambient, limits)?;
        let at = |t: f64| -> Point<(LoopState, RoomLoad)> {
            let l = load(t);
            let state = self.state_at(l.room_heat().max(0.0), t_ref, ambient, admissible, wet);
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

    /// The loop's state for heat `q` (W) against sink reference `t_ref` (K) at `ambient`, the
    /// sink's evaporative media wetted or not (`wet`): the arithmetic of
    /// [`PlantLoop::operate`] on precomputed constants, with one division in the common paths.
    #[inline(always)]
    fn state_at(
        &self,
        q: f64,
        t_ref: f64,
        ambient: &Ambient,
        admissible: bool,
        wet: bool,
    ) -> LoopState {
        let c = &self.constants;
        let t_db = ambient.dry_bulb().get::<kelvin>();
        let plant = match &c.chiller {
            None => self.free_cooling_only(q, t_ref),
            Some(ch) => self.with_chiller(ch, q, t_ref, t_db, admissible),
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
        // At the set point the IT receives its set point exactly (no rounding through the
        // terminal's approach): the set-point headroom of a loop that holds it is zero.
        let it_supply = if plant.supply <= c.t_set {
            c.t_it_set
        } else {
            plant.supply + c.terminal
        };
        let water = match (&c.tower, &c.adiabatic) {
            (Some(tower), _) if q > 0.0 => {
                self.tower_hour(tower, q, &plant, transport_w, t_ref, ambient)
            }
            (_, Some(media)) if wet && q > 0.0 && plant.free > 0.0 => media_water(
                media,
                self.media_air(q, &plant, ambient),
                ambient,
                c.inv_water_density,
            ),
            _ => WaterUse::NONE,
        };
        LoopState {
            heat: Power::new::<watt>(q),
            sink_temperature: ThermodynamicTemperature::new::<kelvin>(t_ref),
            capacity: Power::new::<watt>(c.q_usable),
            room: None,
            supply: ThermodynamicTemperature::new::<kelvin>(it_supply),
            facility_supply: ThermodynamicTemperature::new::<kelvin>(plant.supply),
            holds_supply: plant.supply <= c.t_set,
            free_cooling: Fraction::clamped(if q > 0.0 { plant.free } else { 0.0 }),
            cop: plant.cop,
            compressor_power: Power::new::<watt>(plant.compressor),
            sink_power: Power::new::<watt>(sink_w),
            transport_power: Power::new::<watt>(transport_w),
            power: Power::new::<watt>(plant.compressor + sink_w + transport_w),
            water: water.make_up(),
            water_use: water,
        }
    }

    /// Dry air (kg/s) through a sink's wetted media this hour: outside air, all the IT's air,
    /// `Q/(c_p·ΔT)`; a dry cooler's air at its fans' speed, `x·C_full/c_p`, its air-side
    /// capacity rate at full speed `C_full = Q_installed/ΔT` (as much as the coolant's: a
    /// balanced coil, the air warming by the loop's rise at design). `c_p = 1006 + 1860·ω`
    /// J/(kg·K) (ASHRAE Handbook—Fundamentals 2017, ch. 1, eq. 30).
    #[inline(always)]
    fn media_air(&self, q: f64, plant: &PlantHour, ambient: &Ambient) -> f64 {
        let c = &self.constants;
        let cp = humid_cp(ambient.humidity_ratio().get::<ratio>());
        let capacity_rate = match self.design.plant.sink() {
            Sink::OutsideAir { .. } => q * c.inv_rise,
            _ => plant.fan_speed * c.q_installed * c.inv_rise,
        };
        capacity_rate / cp
    }

    /// A tower's water this hour ([`tower_water`]): the tower takes the loop's heat `q`, the
    /// heat of the loop's fans and pumps (`transport_w`, all of it ends up in the water) and
    /// the compressor work of water-cooled chillers; an air-cooled chiller rejects its
    /// condenser heat to the air, leaving the tower the economiser's share. The water leaves
    /// the tower at the facility supply, or at `T_ref + approach` while it serves condensers.
    #[inline(always)]
    fn tower_hour(
        &self,
        tower: &TowerWater,
        q: f64,
        plant: &PlantHour,
        transport_w: f64,
        t_ref: f64,
        ambient: &Ambient,
    ) -> WaterUse {
        let c = &self.constants;
        let to_loop = match &c.chiller {
            Some(ch) if ch.air_condenser => q * plant.free,
            _ => q + plant.compressor,
        };
        let leaving = plant.supply.max(t_ref + c.leaving_offset);
        tower.streams(
            to_loop + transport_w,
            leaving - 273.15,
            to_celsius(ambient.dry_bulb()),
            ambient.humidity_ratio().get::<ratio>(),
            ambient.pressure().get::<pascal>(),
        )
    }

    /// A plant without a chiller: free cooling only. Without compressor work the sink cannot
    /// cool the loop below `T_ref + approach` (the second law; at its approach with every unit
    /// at full speed), so the facility supply is
    /// `max(T_set, T_ref + a + (ΔT + a)·o, T_set + ΔT·o)` with `o = max(Q/Q_inst − 1, 0)` the
    /// overload: above its installed capacity the sink's leaving temperature rises as heat
    /// transfer in proportion to the entering difference says (`Q = K·(T_return − T_ref)`,
    /// `K = Q_inst/(ΔT + a)`), and the loop's fans and pumps, at full speed, move the heat only
    /// with a larger rise. The sink's fans run at the speed that K-law asks,
    /// `x = Q/(K·(T_supply + ΔT − T_ref))`.
    #[inline(always)]
    fn free_cooling_only(&self, q: f64, t_ref: f64) -> PlantHour {
        let c = &self.constants;
        let over = (q * c.inv_q_installed - 1.0).max(0.0);
        let by_sink = t_ref + c.leaving_offset + (c.rise + c.leaving_offset) * over;
        let by_flow = c.t_set + c.rise * over;
        let supply = c.t_set.max(by_sink).max(by_flow);
        // The sink's reach at full speed with this supply: at least Q_inst (supply ≥ T_ref + a).
        let reach = c.k_installed * (supply + c.rise - t_ref);
        PlantHour {
            supply,
            free: 1.0,
            cop: None,
            compressor: 0.0,
            fan_speed: (q / reach).min(1.0),
        }
    }

    /// A plant with a chiller: the economiser takes its share, the chiller the rest (at most
    /// its installed capacity: above it the supply rises), the sink's fans run at the
    /// economiser's speed or follow the condenser duty. The chiller makes up whatever the sink
    /// cannot reach: the loop holds its set point at any ambient unless overloaded.
    #[inline(always)]
    fn with_chiller(
        &self,
        ch: &ChillerAtSupply,
        q: f64,
        t_ref: f64,
        t_db: f64,
        admissible: bool,
    ) -> PlantHour {
        let c = &self.constants;
        let supply = if q > c.q_installed {
            c.t_set + c.rise * (q * c.inv_q_installed - 1.0)
        } else {
            c.t_set
        };
        let condenser_in = if ch.air_condenser {
            t_db
        } else {
            t_ref + c.leaving_offset
        };
        let eir = ch.eir(condenser_in);
        // The sink's reach with every unit at full speed (K-law), and the economiser's heat.
        let reach = c.k_installed * (c.t_return - t_ref).max(0.0);
        let q_free = if !admissible || q == 0.0 {
            0.0
        } else {
            self.economiser_heat(q, t_ref, reach, || ch.marginal(eir))
        };
        // An overloaded chiller delivers its installed capacity; the rest of the heat raises
        // the supply temperature (above).
        let q_mech = (q - q_free).min(c.q_installed);
        let inv_cop = ch.inv_cop(eir, q_mech);
        let compressor = q_mech * inv_cop;
        let fan_speed = if c.economiser == Economiser::WaterSide && q_free != 0.0 {
            (q_free / reach).min(1.0)
        } else {
            // Condenser duty relative to the rated duty of all units.
            ((q + compressor) * ch.inv_rated_duty).min(1.0)
        };
        PlantHour {
            supply,
            free: if q > 0.0 { q_free / q } else { 0.0 },
            cop: (q_mech > 0.0).then(|| Cop::capped(1.0 / inv_cop)),
            compressor,
            fan_speed,
        }
    }

    /// Heat (W) the economiser removes without compressors from `q` ahead of the chillers: at
    /// most the share of the heat exchanger's energy balance ([`economiser_share`]); a
    /// water-side economiser at the fan speed that minimises fans plus chillers
    /// ([`economiser_speed`], with the chillers' `marginal` power), the sink taking `x·reach` at
    /// speed `x`.
    #[inline(always)]
    fn economiser_heat(
        &self,
        q: f64,
        t_ref: f64,
        reach: f64,
        marginal: impl Fn() -> Marginal,
    ) -> f64 {
        let c = &self.constants;
        let share = match c.economiser {
            Economiser::None => return 0.0,
            _ => share_of(c.t_set, c.t_return, c.inv_rise, t_ref + c.leaving_offset),
        };
        if c.economiser == Economiser::AirSide || share == 0.0 {
            return share * q;
        }
        if reach <= 0.0 {
            return 0.0;
        }
        let most = share * q;
        let x_max = (most / reach).min(1.0);
        let x = economiser_speed(q, x_max, reach, marginal(), c.fans_full, c.min_speed);
        // At its largest speed the economiser takes all it can, exactly: `x·reach` would round
        // a fully free hour to just below the heat.
        if x >= x_max {
            most.min(reach)
        } else {
            x * reach
        }
    }
}

/// The share of a loop's heat a sink can remove ahead of a chiller, from the heat exchanger's
/// energy balance: the loop (supply `T_s`, return `T_r`) leaves the economiser no colder than
/// the sink's leaving stream `T_ref + a` (a passive exchanger never cools below its cold inlet
/// plus approach) nor than the set point (it is bypassed so as not to overcool):
///
/// ```text
/// share = clamp((T_r − max(T_sink + a, T_s)) / (T_r − T_s), 0, 1)
/// ```
///
/// All of the heat when `T_sink + a ≤ T_s`, none when `T_sink + a ≥ T_r`, linear between; the
/// chiller takes the loop from `max(T_sink + a, T_s)` down to `T_s`.
///
/// ```
/// use dcplan::cooling::economiser_share;
/// use dcplan::units::*;
/// // 25 °C supply, 35 °C return, 2 K approach: the band runs from a 23 °C to a 33 °C sink.
/// let share = |sink| economiser_share(celsius(25.0), celsius(35.0), celsius(sink), kelvin_diff(2.0));
/// assert_eq!(share(23.0)?.get(), 1.0);
/// assert!((share(28.0)?.get() - 0.5).abs() < 1e-12);
/// assert_eq!(share(33.0)?.get(), 0.0);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Temperatures absolute; `approach` a temperature difference (K): for a tower, wet-bulb
/// approach (plus any exchanger's); for a dry cooler, dry-bulb approach; for once-through
/// water, the exchanger's approach.
///
/// # References
///
/// - N. Lei & E. Masanet, "Statistical analysis for predicting location-specific data center
///   PUE and its improvement potential", *Energy* 201 (2020) 117556,
///   doi:10.1016/j.energy.2020.117556, as implemented in the authors' code
///   (`nuoaleon/Data-Center-PUE-prediction-tool`, `Water_heat_removed`): the same share.
/// - EnergyPlus Engineering Reference, "Heat Exchangers": `T_out = T_in + ε·(C_min/C)·(T_other,in
///   − T_in)` with `ε ≤ 1` — a passive exchanger never takes a stream past the other's inlet.
/// - `docs/models.md`, "Cooling plants" → "Economisers".
pub fn economiser_share(
    supply: ThermodynamicTemperature,
    return_: ThermodynamicTemperature,
    sink: ThermodynamicTemperature,
    approach: TemperatureInterval,
) -> Result<Fraction> {
    let (t_s, t_r) = (
        temperature("supply", supply)?.get::<kelvin>(),
        temperature("return", return_)?.get::<kelvin>(),
    );
    let t_sink = temperature("sink", sink)?.get::<kelvin>();
    let a = non_negative("approach", approach.get::<kelvin_interval>(), "K")?;
    if t_r <= t_s {
        return Err(Error::inconsistent(
            "return",
            "the return must be warmer than the supply",
        ));
    }
    Ok(Fraction::clamped(share_of(
        t_s,
        t_r,
        1.0 / (t_r - t_s),
        t_sink + a,
    )))
}

/// [`economiser_share`] on plain kelvins with the sink's leaving stream `t_leaving`: exactly 1
/// when it reaches the set point, so a fully free hour is not rounded just below.
#[inline(always)]
fn share_of(t_set: f64, t_return: f64, inv_rise: f64, t_leaving: f64) -> f64 {
    if t_leaving <= t_set {
        1.0
    } else {
        ((t_return - t_leaving) * inv_rise).clamp(0.0, 1.0)
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
#[inline(always)]
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
    let fans_min = fans_full * min_speed * min_speed;
    if q <= m.knee {
        // The chillers stage at their best part-load ratio at every speed: a constant marginal,
        // so the slope is linear below `x_min` and `3·P_fans·x² − Q_free·m` above.
        let saved = free * m.staged;
        return if fans_min >= saved {
            0.0
        } else if x_max <= min_speed {
            x_max
        } else {
            (saved / (3.0 * fans_full)).sqrt().clamp(min_speed, x_max)
        };
    }
    economiser_speed_loaded(q, x_max, free, m, fans_full, min_speed)
}

/// [`economiser_speed`] when the chillers' load may pass the knee of their marginal power.
#[cold]
fn economiser_speed_loaded(
    q: f64,
    x_max: f64,
    free: f64,
    m: Marginal,
    fans_full: f64,
    min_speed: f64,
) -> f64 {
    let fans_min = fans_full * min_speed * min_speed;
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
            fans_min
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
                (false, true) => (m1 - fans_min / free) * free / beta_f2,
                // Constant slope: no sign change inside the piece.
                (false, false) => lo,
            };
            return x.clamp(lo, hi);
        }
        lo = hi;
    }
    x_max
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Fans plus chillers at speed `x`, the chillers' power the integral of their marginal.
    fn cost(x: f64, q: f64, free: f64, m: Marginal, fans_full: f64, min_speed: f64) -> f64 {
        let load = q - x * free;
        let below = load.min(m.knee);
        let above = (load - m.knee).max(0.0);
        let chillers = m.staged * below + m.at_knee * above + 0.5 * m.slope * above * above;
        fans_full * affinity_factor(x, min_speed) + chillers
    }

    /// The worked example of `research-13-15.md` §8.1 (EnergyPlus's blowdown with drift):
    /// 1,000 kW, range 5 K, drift 0.008 %, cycles 4, evaporation 0.4115 kg/s (all the heat at
    /// `h_fg(30 °C)`): drift 0.00383 kg/s, blowdown 0.1333 kg/s, make-up 0.5487 kg/s =
    /// 1.975 L per kWh of heat (at 1 kg/L, as the example).
    #[test]
    fn drift_and_blowdown_match_the_worked_example() {
        let tower = TowerWater::new(kelvin_diff(5.0), celsius(30.0), DEFAULT_DRIFT, 4.0).unwrap();
        let evaporation = 0.4115;
        let (drift, blowdown) = tower.drift_and_blowdown(1e6, evaporation);
        // c_p of water at 30 °C, 4,180 J/(kg·K) (IAPWS-IF97): 47.85 kg/s circulating.
        approx::assert_relative_eq!(drift, 0.000_08 * 1e6 / (4_180.0 * 5.0), max_relative = 1e-3);
        approx::assert_abs_diff_eq!(blowdown, 0.1333, epsilon = 1e-4);
        let make_up = evaporation + drift + blowdown;
        approx::assert_abs_diff_eq!(make_up, 0.5487, epsilon = 1e-4);
        approx::assert_abs_diff_eq!(make_up * 3_600.0 / 1_000.0, 1.975, epsilon = 1e-3);
        // Drift above E/(C − 1) leaves no blowdown: make-up = evaporation + drift.
        let lossy = TowerWater::new(
            kelvin_diff(5.0),
            celsius(30.0),
            Fraction::new(0.01).unwrap(),
            50.0,
        )
        .unwrap();
        let (drift, blowdown) = lossy.drift_and_blowdown(1e6, evaporation);
        assert_eq!(blowdown, 0.0);
        assert!(drift > evaporation / 49.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The closed form finds the least cost: no speed on a fine grid does better.
        #[test]
        fn economiser_speed_is_the_least_cost(
            q in 0.0..2.0f64, free in 0.01..3.0f64, x_cap in 0.0..1.0f64,
            staged in 0.05..0.5f64, jump in 0.0..0.1f64, slope in 0.0..1.0f64, knee in 0.0..2.0f64,
            fans_full in 0.0..0.3f64, min_speed in 0.0..0.6f64,
        ) {
            let m = Marginal { staged, at_knee: staged + jump, slope, knee };
            let x_max = x_cap.min(q / free);
            let x = economiser_speed(q, x_max, free, m, fans_full, min_speed);
            prop_assert!((0.0..=x_max).contains(&x) || (x_max <= 0.0 && x == 0.0));
            let best = cost(x, q, free, m, fans_full, min_speed);
            for i in 0..=2000 {
                let y = x_max.max(0.0) * f64::from(i) / 2000.0;
                let c = cost(y, q, free, m, fans_full, min_speed);
                prop_assert!(best <= c + 1e-9 * (1.0 + c.abs()), "x {x}: {best} > {c} at {y}");
            }
        }
    }
}
