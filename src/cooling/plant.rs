//! Heat-rejection plants: where a loop's heat goes to the ambient, with or without compressors.
//!
//! A plant is a heat [`Sink`] (dry cooler, evaporative tower, once-through water, outside air)
//! with an optional [`Chiller`] between the loop and the sink, and an economiser flag that lets
//! the sink pre-cool the return stream before the chiller (integrated/series free cooling).

use crate::error::{Error, Result};
use crate::fluids::Coolant;
use crate::units::*;

/// Standard gravity, m/s² (CGPM 1901).
const STANDARD_GRAVITY: f64 = 9.806_65;

/// The heat sink: what the plant rejects heat to, and how close to it the coolant gets.
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
        /// Cycles of concentration: blowdown = evaporation / (cycles − 1).
        cycles_of_concentration: f64,
    },
    /// Once-through water (sea, lake, river) through a heat exchanger: coolant leaves at the
    /// water temperature + `approach`; the water is pumped and warms by `water_rise`.
    OnceThrough {
        /// Leaving coolant − water-body temperature.
        approach: TemperatureInterval,
        /// Temperature rise of the drawn water (often capped by a discharge permit).
        water_rise: TemperatureInterval,
        /// Total pumping head of the intake.
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

/// How a chiller's condenser is cooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condenser {
    /// Air-cooled: the condenser coil sees the outdoor dry-bulb.
    Air,
    /// Water-cooled: condenser water comes from the plant's sink (tower, dry cooler, sea) at
    /// `T_ref + approach`.
    Water,
}

/// A vapour-compression chiller whose COP is a constant fraction ε of the Carnot COP between
/// its refrigerant evaporating and condensing temperatures:
///
/// ```text
/// T_evap = T_supply − a_e,   T_cond = T_condenser,in + a_c
/// COP    = ε · T_evap / max(T_cond − T_evap, ΔT_min)
/// ε      = COP_rated · (T_cond,rated − T_evap,rated) / T_evap,rated
/// ```
///
/// (J.M. Gordon & K.C. Ng, *Cool Thermodynamics*, 2000: real chillers run at a near-constant
/// share of the Carnot COP between their refrigerant temperatures.) `a_e` is the evaporator's
/// refrigerant-to-leaving-water difference; `a_c` the condensing temperature above the entering
/// condenser air or water (for water, the condenser-water range plus the condenser approach).
/// ε is calibrated at the rated point, e.g. AHRI 550/590 standard conditions; `ΔT_min` keeps
/// the COP finite at low lift, where the economiser takes over in practice.
///
/// ```
/// use dcplan::cooling::Chiller;
/// use dcplan::units::*;
/// // Water-cooled centrifugal, COP 6.1 at 6.7 °C chilled water / 29.4 °C condenser water.
/// let ch = Chiller::water_cooled(Cop::new(6.1)?, celsius(6.7), celsius(29.4))?;
/// assert!((ch.cop(celsius(6.7), celsius(29.4)).get() - 6.1).abs() < 1e-9);
/// // Warmer chilled water, cooler condenser water: a smaller lift and a higher COP.
/// assert!(ch.cop(celsius(14.0), celsius(25.0)).get() > 6.1);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chiller {
    rated_cop: Cop,
    condenser: Condenser,
    evaporator_approach: f64,
    condenser_approach: f64,
    min_lift: f64,
    carnot_fraction: f64,
}

impl Chiller {
    /// A chiller rated at `rated_cop` when supplying `rated_supply` with condenser air or water
    /// entering at `rated_condenser_in`; refrigerant approaches `a_e`, `a_c` and minimum lift
    /// as described on the type.
    pub fn new(
        rated_cop: Cop,
        rated_supply: ThermodynamicTemperature,
        rated_condenser_in: ThermodynamicTemperature,
        condenser: Condenser,
        approaches: (TemperatureInterval, TemperatureInterval),
        min_lift: TemperatureInterval,
    ) -> Result<Self> {
        let at = |e: Error| e.at("chiller");
        let t_e = temperature("rated_supply", rated_supply)
            .map_err(at)?
            .get::<kelvin>();
        let t_c = temperature("rated_condenser_in", rated_condenser_in)
            .map_err(at)?
            .get::<kelvin>();
        let a_e = within(
            "evaporator_approach",
            approaches.0.get::<kelvin_interval>(),
            "K",
            0.0,
            30.0,
        )
        .map_err(at)?;
        let a_c = within(
            "condenser_approach",
            approaches.1.get::<kelvin_interval>(),
            "K",
            0.0,
            40.0,
        )
        .map_err(at)?;
        let min_lift = interval_positive("min_lift", min_lift)
            .map_err(at)?
            .get::<kelvin_interval>();
        let (evap, cond) = (t_e - a_e, t_c + a_c);
        let lift = cond - evap;
        if lift < min_lift {
            return Err(at(Error::inconsistent(
                "rated_condenser_in",
                format!("the rated lift {lift:.1} K is below the minimum lift {min_lift:.1} K"),
            )));
        }
        let carnot_fraction = rated_cop.get() * lift / evap;
        if carnot_fraction > 1.0 {
            return Err(at(Error::inconsistent(
                "rated_cop",
                format!(
                    "COP {} at a {lift:.1} K lift would beat the Carnot limit (ε = {carnot_fraction:.2})",
                    rated_cop.get()
                ),
            )));
        }
        Ok(Self {
            rated_cop,
            condenser,
            evaporator_approach: a_e,
            condenser_approach: a_c,
            min_lift,
            carnot_fraction,
        })
    }

    /// An air-cooled chiller rated at `rated_cop` with chilled water `rated_supply` and outdoor
    /// air `rated_ambient` (AHRI 550/590: 6.7 °C, 35 °C). Planning defaults: evaporating 3 K
    /// below the chilled water, condensing 16 K above the outdoor air, minimum lift 10 K.
    pub fn air_cooled(
        rated_cop: Cop,
        rated_supply: ThermodynamicTemperature,
        rated_ambient: ThermodynamicTemperature,
    ) -> Result<Self> {
        Self::new(
            rated_cop,
            rated_supply,
            rated_ambient,
            Condenser::Air,
            (kelvin_diff(3.0), kelvin_diff(16.0)),
            kelvin_diff(10.0),
        )
    }

    /// A water-cooled chiller rated at `rated_cop` with chilled water `rated_supply` and
    /// condenser water entering at `rated_condenser_in` (AHRI 550/590: 6.7 °C, 29.4 °C).
    /// Planning defaults: evaporating 1.5 K below the chilled water, condensing 6.6 K above the
    /// entering condenser water (5.6 K range + 1 K approach), minimum lift 10 K.
    pub fn water_cooled(
        rated_cop: Cop,
        rated_supply: ThermodynamicTemperature,
        rated_condenser_in: ThermodynamicTemperature,
    ) -> Result<Self> {
        Self::new(
            rated_cop,
            rated_supply,
            rated_condenser_in,
            Condenser::Water,
            (kelvin_diff(1.5), kelvin_diff(6.6)),
            kelvin_diff(10.0),
        )
    }

    /// A chiller rated at `rated_cop` at the AHRI 550/590 standard conditions: 6.7 °C chilled
    /// water with 35 °C outdoor air (air-cooled) or 29.4 °C entering condenser water
    /// (water-cooled).
    pub fn ahri(condenser: Condenser, rated_cop: Cop) -> Result<Self> {
        match condenser {
            Condenser::Air => Self::air_cooled(rated_cop, celsius(6.7), celsius(35.0)),
            Condenser::Water => Self::water_cooled(rated_cop, celsius(6.7), celsius(29.4)),
        }
    }

    /// The planning-default chiller of the presets, rated at AHRI conditions: air-cooled COP
    /// 3.0 (ASHRAE 90.1-2019 Table 6.8.1-3 path A minimum is ~2.9 for ≥ 150 t), water-cooled
    /// centrifugal COP 6.1 (path A, ≥ 300 t).
    ///
    /// ```
    /// use dcplan::cooling::{Chiller, Condenser};
    /// let ch = Chiller::reference(Condenser::Water)?;
    /// assert_eq!(ch.rated_cop().get(), 6.1);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn reference(condenser: Condenser) -> Result<Self> {
        let cop = match condenser {
            Condenser::Air => 3.0,
            Condenser::Water => 6.1,
        };
        Self::ahri(condenser, Cop::new(cop)?)
    }

    /// Rated COP.
    pub fn rated_cop(&self) -> Cop {
        self.rated_cop
    }
    /// How the condenser is cooled.
    pub fn condenser(&self) -> Condenser {
        self.condenser
    }
    /// ε, the share of the Carnot COP.
    pub fn carnot_fraction(&self) -> f64 {
        self.carnot_fraction
    }

    /// COP when supplying at `supply` with condenser air or water entering at `condenser_in`.
    pub fn cop(
        &self,
        supply: ThermodynamicTemperature,
        condenser_in: ThermodynamicTemperature,
    ) -> Cop {
        let inv = self
            .at_supply(supply.get::<kelvin>(), 1.0)
            .map(|c| c.inv_cop(condenser_in.get::<kelvin>()));
        match inv {
            Ok(inv) => Cop::new((1.0 / inv).min(100.0)).unwrap_or(self.rated_cop),
            Err(_) => self.rated_cop,
        }
    }

    /// The chiller supplying at `supply_k` (K), reduced to the constants of its COP, for a
    /// plant of `q_installed_w` (W) installed capacity.
    pub(crate) fn at_supply(&self, supply_k: f64, q_installed_w: f64) -> Result<ChillerAtSupply> {
        let evap = supply_k - self.evaporator_approach;
        if !(evap.is_finite() && evap > 0.0) {
            return Err(Error::out_of_range(
                "chiller.supply",
                supply_k - 273.15,
                "°C",
                "a supply whose evaporating temperature is above absolute zero",
            ));
        }
        Ok(ChillerAtSupply {
            air_condenser: self.condenser == Condenser::Air,
            offset: self.condenser_approach - evap,
            min_lift: self.min_lift,
            inv_eps_evap: 1.0 / (self.carnot_fraction * evap),
            inv_rated_duty: 1.0 / (q_installed_w * (1.0 + 1.0 / self.rated_cop.get())),
        })
    }
}

/// A chiller at a fixed supply temperature, ready for the hourly arithmetic:
/// `1/COP = max(T_cond,in + a_c − T_evap, ΔT_min) / (ε·T_evap)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ChillerAtSupply {
    pub(crate) air_condenser: bool,
    /// `a_c − T_evap`, K.
    offset: f64,
    min_lift: f64,
    /// `1/(ε·T_evap)`, 1/K.
    inv_eps_evap: f64,
    /// `1/(Q_installed·(1 + 1/COP_rated))`: condenser duty per watt at rated conditions.
    pub(crate) inv_rated_duty: f64,
}

impl ChillerAtSupply {
    /// `1/COP` with condenser air or water entering at `condenser_in` (K).
    #[inline]
    pub(crate) fn inv_cop(&self, condenser_in: f64) -> f64 {
        (condenser_in + self.offset).max(self.min_lift) * self.inv_eps_evap
    }
}

/// A heat-rejection plant: a sink, an optional chiller, and whether the sink may pre-cool the
/// return stream ahead of the chiller (economiser). Without a chiller the plant is free
/// cooling only and the supply temperature floats up when the ambient is too warm.
#[derive(Clone, Debug, PartialEq)]
pub struct Plant {
    sink: Sink,
    chiller: Option<Chiller>,
    economiser: bool,
}

impl Plant {
    /// Validates a plant.
    pub fn new(sink: Sink, chiller: Option<Chiller>, economiser: bool) -> Result<Self> {
        let at = |e: Error| e.at("plant.sink");
        match &sink {
            Sink::DryCooler {
                approach,
                fan_power,
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K").map_err(at)?;
                power_non_negative("fan_power", *fan_power).map_err(at)?;
            }
            Sink::Evaporative {
                approach,
                fan_power,
                cycles_of_concentration,
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K").map_err(at)?;
                power_non_negative("fan_power", *fan_power).map_err(at)?;
                within(
                    "cycles_of_concentration",
                    *cycles_of_concentration,
                    "",
                    1.1,
                    50.0,
                )
                .map_err(at)?;
            }
            Sink::OnceThrough {
                approach,
                water_rise,
                pump_head,
                ..
            } => {
                non_negative("approach", approach.get::<kelvin_interval>(), "K").map_err(at)?;
                interval_positive("water_rise", *water_rise).map_err(at)?;
                within("pump_head", pump_head.get::<meter>(), "m", 0.0, 1_000.0).map_err(at)?;
            }
            Sink::OutsideAir { fan_heat } => {
                within(
                    "fan_heat",
                    fan_heat.get::<kelvin_interval>(),
                    "K",
                    0.0,
                    10.0,
                )
                .map_err(at)?;
            }
        }
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

    /// Electric power of the sink's fans at full speed (carrying units); zero for sinks
    /// without fans.
    pub(crate) fn fan_power(&self) -> Power {
        match &self.sink {
            Sink::DryCooler { fan_power, .. } | Sink::Evaporative { fan_power, .. } => *fan_power,
            Sink::OnceThrough { .. } | Sink::OutsideAir { .. } => Power::new::<watt>(0.0),
        }
    }

    /// Pumping power per watt of heat rejected, for a once-through sink:
    /// `P/Q = g·H / (η · cp · ΔT_w)` (from `ṁ = Q / (cp·ΔT_w)` and `P = ṁ·g·H / η`), with
    /// the water's cp at the design water temperature, the facility supply `t` minus the
    /// approach (clamped to the water's valid range).
    pub(crate) fn pump_power_per_heat(&self, t: ThermodynamicTemperature) -> Result<f64> {
        match &self.sink {
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
}
