//! Weather: one hour's [`Ambient`] state, moist-air [`psychrometrics`], a year of hourly
//! ambients ([`Climate`]) read from EnergyPlus weather files ([`epw`]) or taken from the
//! [`builtin`](mod@builtin) set, annual [`design`] conditions, and water-body temperatures ([`water`]).

pub mod builtin;
pub mod design;
pub mod epw;
pub mod psychrometrics;
mod series;
pub mod water;

pub use builtin::{builtin, builtin_names};
pub use design::{DesignBasis, DesignConditions, DesignPoint};
pub use series::{Climate, Location};
pub use water::WaterProfile;

use crate::error::{Error, Result};
use crate::units::*;
use psychrometrics::HumidityRatio;

/// The outdoor state for one hour: dry-bulb, humidity (wet-bulb, dew point, relative humidity,
/// humidity ratio, all kept consistent), barometric pressure and, where known, the global
/// horizontal irradiance (sun on roofs) and, for sites that draw on a water body, the water
/// temperature.
///
/// ```
/// use dcplan::climate::Ambient;
/// use dcplan::units::*;
/// let a = Ambient::from_relative_humidity(celsius(35.0), Fraction::new(0.4)?, Pressure::new::<pascal>(101_325.0))?;
/// assert!((to_celsius(a.wet_bulb()) - 23.934).abs() < 1e-3);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `pressure` is the barometric (station) pressure of the air, not reduced to sea level; the
/// humidity ratio is kg of water vapour per kg of dry air; the wet-bulb is the thermodynamic
/// (adiabatic-saturation) wet-bulb, not a psychrometer reading; the irradiance is the hour's
/// mean global horizontal irradiance (W/m², the EPW field's Wh/m² over one hour); the water
/// temperature is that of the sea, lake or river a once-through sink draws.
///
/// # References
///
/// The moist-air relations of [`psychrometrics`] (ASHRAE Handbook—Fundamentals 2017, ch. 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ambient {
    dry_bulb: ThermodynamicTemperature,
    wet_bulb: ThermodynamicTemperature,
    dew_point: ThermodynamicTemperature,
    relative_humidity: Fraction,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
    global_horizontal: Option<HeatFluxDensity>,
    water: Option<ThermodynamicTemperature>,
}

/// Highest global horizontal irradiance accepted, W/m² (above the solar constant, 1,361 W/m²).
const MAX_IRRADIANCE_W_M2: f64 = 1_500.0;

impl Ambient {
    fn from_humidity_ratio(
        dry_bulb: ThermodynamicTemperature,
        w: HumidityRatio,
        pressure: Pressure,
    ) -> Result<Self> {
        Ok(Self {
            dry_bulb,
            wet_bulb: psychrometrics::wet_bulb(dry_bulb, w, pressure)?,
            dew_point: psychrometrics::dew_point(dry_bulb, w, pressure)?,
            relative_humidity: psychrometrics::relative_humidity(dry_bulb, w, pressure)?,
            humidity_ratio: w,
            pressure,
            global_horizontal: None,
            water: None,
        })
    }

    /// From dry-bulb, relative humidity and pressure.
    pub fn from_relative_humidity(
        dry_bulb: ThermodynamicTemperature,
        relative_humidity: Fraction,
        pressure: Pressure,
    ) -> Result<Self> {
        let w = psychrometrics::humidity_ratio_from_relative_humidity(
            dry_bulb,
            relative_humidity,
            pressure,
        )?;
        Self::from_humidity_ratio(dry_bulb, w, pressure)
    }

    /// From dry-bulb, dew point and pressure (the columns a weather file carries). The dew point
    /// may not exceed the dry-bulb.
    pub fn from_dew_point(
        dry_bulb: ThermodynamicTemperature,
        dew_point: ThermodynamicTemperature,
        pressure: Pressure,
    ) -> Result<Self> {
        if dew_point > dry_bulb {
            return Err(Error::inconsistent(
                "dew_point",
                format!(
                    "dew point {} °C is above the dry-bulb {} °C",
                    to_celsius(dew_point),
                    to_celsius(dry_bulb)
                ),
            ));
        }
        let w = psychrometrics::humidity_ratio_from_dew_point(dew_point, pressure)?;
        Self::from_humidity_ratio(dry_bulb, w, pressure)
    }

    /// From dry-bulb, wet-bulb and pressure (the pair design conditions are quoted in).
    pub fn from_wet_bulb(
        dry_bulb: ThermodynamicTemperature,
        wet_bulb: ThermodynamicTemperature,
        pressure: Pressure,
    ) -> Result<Self> {
        let w = psychrometrics::humidity_ratio_from_wet_bulb(dry_bulb, wet_bulb, pressure)?;
        Self::from_humidity_ratio(dry_bulb, w, pressure)
    }

    /// The same air with a water-body (sea, lake, river) temperature, between −2 °C and 40 °C.
    pub fn with_water(mut self, water: ThermodynamicTemperature) -> Result<Self> {
        within("water_temperature", to_celsius(water), "°C", -2.0, 40.0)?;
        self.water = Some(water);
        Ok(self)
    }

    /// The same air with the sun's global horizontal irradiance (hourly mean, 0 … 1,500 W/m²),
    /// used for solar gains on roofs.
    ///
    /// ```
    /// use dcplan::climate::Ambient;
    /// use dcplan::units::*;
    /// let a = Ambient::from_dew_point(celsius(30.0), celsius(15.0), Pressure::new::<pascal>(101_325.0))?
    ///     .with_global_horizontal_irradiance(HeatFluxDensity::new::<watt_per_square_meter>(850.0))?;
    /// assert_eq!(a.global_horizontal_irradiance().map(|g| g.get::<watt_per_square_meter>()), Some(850.0));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_global_horizontal_irradiance(
        mut self,
        irradiance: HeatFluxDensity,
    ) -> Result<Self> {
        within(
            "global_horizontal_irradiance",
            irradiance.get::<watt_per_square_meter>(),
            "W/m²",
            0.0,
            MAX_IRRADIANCE_W_M2,
        )?;
        self.global_horizontal = Some(irradiance);
        Ok(self)
    }

    /// Dry-bulb air temperature.
    pub fn dry_bulb(&self) -> ThermodynamicTemperature {
        self.dry_bulb
    }
    /// Thermodynamic wet-bulb temperature.
    pub fn wet_bulb(&self) -> ThermodynamicTemperature {
        self.wet_bulb
    }
    /// Dew-point temperature.
    pub fn dew_point(&self) -> ThermodynamicTemperature {
        self.dew_point
    }
    /// Relative humidity.
    pub fn relative_humidity(&self) -> Fraction {
        self.relative_humidity
    }
    /// Humidity ratio, kg water vapour per kg dry air.
    pub fn humidity_ratio(&self) -> HumidityRatio {
        self.humidity_ratio
    }
    /// Barometric pressure.
    pub fn pressure(&self) -> Pressure {
        self.pressure
    }
    /// Global horizontal irradiance (hourly mean), where the weather data carry it.
    pub fn global_horizontal_irradiance(&self) -> Option<HeatFluxDensity> {
        self.global_horizontal
    }
    /// Water-body temperature, where the site has one.
    pub fn water(&self) -> Option<ThermodynamicTemperature> {
        self.water
    }
}
