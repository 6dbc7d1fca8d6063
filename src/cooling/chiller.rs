//! Vapour-compression chillers: the compressor stage of a plant, between the loop and its
//! sink, with a COP that follows the lift between the refrigerant's evaporating and condensing
//! temperatures.

use crate::error::{Error, Result};
use crate::units::*;

/// How a chiller's condenser is cooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condenser {
    /// Air-cooled: the condenser coil sees the outdoor dry-bulb.
    Air,
    /// Water-cooled: condenser water comes from the plant's sink (tower, dry cooler, sea) at
    /// `T_ref + approach`.
    Water,
}

/// A chiller's refrigerant temperatures relative to the streams it works between: `a_e` and
/// `a_c` of [`Chiller`], both temperature differences (K).
///
/// ```
/// use dcplan::cooling::{Chiller, Condenser, RefrigerantApproaches};
/// use dcplan::units::*;
/// // A water-cooled chiller with the planning defaults of `Chiller::water_cooled`.
/// let approaches = RefrigerantApproaches { evaporator: kelvin_diff(1.5), condenser: kelvin_diff(6.6) };
/// let ch = Chiller::new(Cop::new(6.1)?, celsius(6.7), celsius(29.4), Condenser::Water,
///     approaches, kelvin_diff(10.0))?;
/// assert_eq!(ch, Chiller::water_cooled(Cop::new(6.1)?, celsius(6.7), celsius(29.4))?);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RefrigerantApproaches {
    /// `a_e`: leaving chilled water (the supply) − evaporating refrigerant.
    pub evaporator: TemperatureInterval,
    /// `a_c`: condensing refrigerant − entering condenser air or water.
    pub condenser: TemperatureInterval,
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
/// assert!((ch.cop(celsius(6.7), celsius(29.4))?.get() - 6.1).abs() < 1e-9);
/// // Warmer chilled water, cooler condenser water: a smaller lift and a higher COP,
/// // ε·T_evap/lift = 0.675 × 285.65 K / 19.1 K (ε = 6.1 × 30.8 K / 278.35 K).
/// assert!((ch.cop(celsius(14.0), celsius(25.0))?.get() - 10.0946).abs() < 1e-4);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Temperatures are absolute in the equations (K; Carnot). `T_supply` is the chilled water the
/// chiller leaves (the loop's facility supply); `T_condenser,in` the air or water entering the
/// condenser: the outdoor dry-bulb for [`Condenser::Air`], the sink's leaving water
/// (`T_ref + approach`) for [`Condenser::Water`]. The approaches and `ΔT_min` are temperature
/// differences (K). COP is heat removed from the chilled water per unit of compressor
/// electricity (W/W).
///
/// # References
///
/// - J.M. Gordon & K.C. Ng, *Cool Thermodynamics: The Engineering and Physics of Predictive,
///   Diagnostic and Optimization Methods for Cooling Systems* (2000): chillers characterised
///   against the Carnot COP between their refrigerant temperatures. A constant fraction ε is
///   the simplest form of that idea; their universal chiller model adds loss terms fitted per
///   chiller.
/// - AHRI Standard 550/590, standard rating conditions: 6.7 °C (44 °F) leaving chilled water,
///   29.4 °C (85 °F) entering condenser water, 35 °C (95 °F) entering condenser air.
/// - `docs/models.md`, "Cooling plants" → "Chiller".
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
        approaches: RefrigerantApproaches,
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
            approaches.evaporator.get::<kelvin_interval>(),
            "K",
            0.0,
            30.0,
        )
        .map_err(at)?;
        let a_c = within(
            "condenser_approach",
            approaches.condenser.get::<kelvin_interval>(),
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
            RefrigerantApproaches {
                evaporator: kelvin_diff(3.0),
                condenser: kelvin_diff(16.0),
            },
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
            RefrigerantApproaches {
                evaporator: kelvin_diff(1.5),
                condenser: kelvin_diff(6.6),
            },
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
    /// 3.0, water-cooled centrifugal COP 6.1. Both are planning defaults near the ASHRAE
    /// 90.1-2019 Path A full-load minima (see References); pass the real chiller's rating.
    ///
    /// ```
    /// use dcplan::cooling::{Chiller, Condenser};
    /// let ch = Chiller::reference(Condenser::Water)?;
    /// assert_eq!(ch.rated_cop().get(), 6.1);
    /// // ε of the air-cooled default: 3.0 × (51 − 3.7) K / 276.85 K.
    /// assert!((Chiller::reference(Condenser::Air)?.carnot_fraction() - 0.5126).abs() < 1e-4);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// ANSI/ASHRAE/IES Standard 90.1-2019, Table 6.8.1-3 (Path A), as encoded in NREL
    /// openstudio-standards (`ashrae_90_1_2019.chillers.json`): air-cooled 1.188 kW/ton
    /// (COP 2.96), water-cooled centrifugal 0.56 kW/ton (COP 6.28) at 150 tons and above.
    /// COP = 3.516853 / (kW/ton).
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

    /// COP when supplying at `supply` with condenser air or water entering at `condenser_in`,
    /// capped at 100 (the largest [`Cop`]). Fails if either temperature is outside
    /// −100 … 200 °C.
    ///
    /// # Units
    ///
    /// `supply`: leaving chilled water (the loop's facility supply); `condenser_in`: entering
    /// condenser air (outdoor dry-bulb) or water, as on the type.
    pub fn cop(
        &self,
        supply: ThermodynamicTemperature,
        condenser_in: ThermodynamicTemperature,
    ) -> Result<Cop> {
        let at = |e: Error| e.at("chiller");
        let supply = temperature("supply", supply).map_err(at)?;
        let condenser_in = temperature("condenser_in", condenser_in).map_err(at)?;
        let inv = self
            .at_supply(supply.get::<kelvin>(), 1.0)?
            .inv_cop(condenser_in.get::<kelvin>());
        Ok(Cop::capped(1.0 / inv))
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
