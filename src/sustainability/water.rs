//! Water per unit of energy: site WUE, the grid's water intensity (EWIF) and source WUE.
//!
//! # References
//!
//! - ISO/IEC 30134-9:2022, *Data centres — Key performance indicators — Part 9: Water usage
//!   effectiveness (WUE)*.
//! - The Green Grid, White Paper 35, *Water Usage Effectiveness (WUE): A Green Grid Data Center
//!   Sustainability Metric* (2011): Eq. 2, site WUE = annual site water / IT energy; Eq. 4,
//!   WUE_source = EWIF × PUE + WUE, with EWIF the water intensity of the electricity.

use crate::error::{Error, Result};
use crate::units::parse::Quantity;
use crate::units::*;
use serde::Serialize;

/// A volume of water per unit of energy: a WUE, or the water intensity of electricity (EWIF).
///
/// # Units
///
/// Kept in litres per kWh; always finite and not negative.
///
/// ```
/// use dcplan::sustainability::WaterIntensity;
/// use dcplan::units::*;
/// let ewif = WaterIntensity::liters_per_kwh(4.35)?;
/// assert!((ewif.of(megawatt_hours(1.0)).get::<liter>() - 4_350.0).abs() < 1e-9);
/// assert!(WaterIntensity::liters_per_kwh(-1.0).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
pub struct WaterIntensity(f64);

impl WaterIntensity {
    /// From litres per kWh.
    pub fn liters_per_kwh(value: f64) -> Result<Self> {
        if value.is_finite() && value >= 0.0 {
            Ok(Self(value))
        } else {
            Err(Error::out_of_range(
                "water_intensity",
                value,
                "L/kWh",
                "a water intensity, finite and not negative",
            ))
        }
    }

    /// `water` per `energy`; an error without energy.
    pub fn of_ratio(water: Volume, energy: Energy) -> Result<Self> {
        let kwh = energy.get::<kilowatt_hour>();
        if kwh.is_nan() || kwh <= 0.0 {
            return Err(Error::inconsistent(
                "wue",
                "undefined without IT energy (no racks running: nothing fits, or none were placed)",
            ));
        }
        Self::liters_per_kwh(water.get::<liter>() / kwh)
    }

    /// The value in litres per kWh.
    pub fn get_liters_per_kwh(self) -> f64 {
        self.0
    }

    /// The water for `energy`.
    pub fn of(self, energy: Energy) -> Volume {
        liters(self.0 * energy.get::<kilowatt_hour>())
    }
}

impl Quantity for WaterIntensity {
    const WHAT: &'static str = "a water intensity";
    const EXAMPLE: &'static str = "4.35 L/kWh";
    /// `L/kWh`, `L/MWh`, `m³/MWh` (`m3/MWh`), `gal/kWh` (US gallons).
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        let (value, unit) = text.split_once(' ')?;
        let scale = match unit.replace(' ', "").as_str() {
            "L/kWh" | "l/kWh" => 1.0,
            "L/MWh" | "l/MWh" => 1e-3,
            "m³/MWh" | "m3/MWh" => 1.0,
            "gal/kWh" => 3.785_411_784,
            _ => return None,
        };
        let v: f64 = value.parse().ok()?;
        Some(Self::liters_per_kwh(v * scale))
    }
}

/// Source WUE: site WUE plus the water of the electricity the site draws per kWh of IT,
/// `WUE_source = EWIF × PUE + WUE`.
///
/// ```
/// use dcplan::sustainability::{wue_source, WaterIntensity};
/// use dcplan::units::Pue;
/// let w = wue_source(WaterIntensity::liters_per_kwh(4.35)?, Pue::new(1.2)?, WaterIntensity::liters_per_kwh(0.3)?);
/// assert!((w.get_liters_per_kwh() - 5.52).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Litres per kWh of IT energy; `ewif` per kWh of electricity.
///
/// # References
///
/// The Green Grid WP 35 (2011), Eq. 4 (module documentation).
pub fn wue_source(ewif: WaterIntensity, pue: Pue, wue: WaterIntensity) -> WaterIntensity {
    WaterIntensity(ewif.0 * pue.get() + wue.0)
}
