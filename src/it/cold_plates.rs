//! The chip end of a liquid-cooled rack: the accelerators' cold plates along one coolant path.

use crate::error::{Error, Result};
use crate::units::*;

/// The cold-plate path of a liquid-cooled accelerator: its power, how many plates one coolant
/// path crosses in series, the case-to-coolant thermal resistance of a plate, and the highest
/// case temperature the vendor allows. Used for the chip end of the thermal-headroom network
/// ([`crate::cooling::hottest_case_rise`]): a plate's case sits `P·R` above the coolant
/// leaving it, and the coolant warms along the path, so the hottest case is the last one.
///
/// ```
/// use dcplan::it::ColdPlates;
/// use dcplan::units::*;
/// // Two 1.2 kW GPUs in series, 0.025 K/W, 85 °C case limit (the catalog's NVL72 defaults).
/// let plates = ColdPlates::new(kilowatts(1.2), 2,
///     ThermalResistance::new::<kelvin_per_watt>(0.025), celsius(85.0))?;
/// // One plate's case-to-coolant rise P·R:
/// let rise = plates.accelerator_power() * plates.resistance();
/// assert!((rise.get::<kelvin_interval>() - 30.0).abs() < 1e-12);
/// assert!(ColdPlates::new(kilowatts(1.2), 0,
///     ThermalResistance::new::<kelvin_per_watt>(0.025), celsius(85.0)).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
/// Accelerator power `P` as a [`Power`] (W), the plate's case-to-coolant resistance `R` as a
/// [`ThermalResistance`] (K/W, so `P·R` is a [`TemperatureInterval`] in K), the case limit as
/// an absolute [`ThermodynamicTemperature`]. Valid for 1–16 plates in series and 0.001–1 K/W.
///
/// # References
/// T. L. Bergman, A. S. Lavine, F. P. Incropera, D. P. DeWitt, *Fundamentals of Heat and Mass
/// Transfer*, 7th ed., Wiley, 2011, §3.1 (thermal resistance and circuits). The catalog's
/// figures (2 plates in series, 0.025 K/W, 85 °C) are planning defaults, not vendor data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColdPlates {
    accelerator_power: Power,
    in_series: u32,
    resistance: ThermalResistance,
    case_limit: ThermodynamicTemperature,
}

impl ColdPlates {
    /// Validates a cold-plate path (1–16 plates in series, resistance 0.001–1 K/W).
    pub fn new(
        accelerator_power: Power,
        in_series: u32,
        resistance: ThermalResistance,
        case_limit: ThermodynamicTemperature,
    ) -> Result<Self> {
        let at = |e: Error| e.at("cold_plates");
        power_positive("accelerator_power", accelerator_power).map_err(at)?;
        within("in_series", f64::from(in_series), "", 1.0, 16.0).map_err(at)?;
        within(
            "resistance",
            resistance.get::<kelvin_per_watt>(),
            "K/W",
            0.001,
            1.0,
        )
        .map_err(at)?;
        temperature("case_limit", case_limit).map_err(at)?;
        Ok(Self {
            accelerator_power,
            in_series,
            resistance,
            case_limit,
        })
    }
    /// Power of one accelerator on its plate.
    pub fn accelerator_power(&self) -> Power {
        self.accelerator_power
    }
    /// Plates one coolant path crosses in series.
    pub fn in_series(&self) -> u32 {
        self.in_series
    }
    /// Case-to-coolant thermal resistance of one plate.
    pub fn resistance(&self) -> ThermalResistance {
        self.resistance
    }
    /// Highest allowed case temperature.
    pub fn case_limit(&self) -> ThermodynamicTemperature {
        self.case_limit
    }
}
