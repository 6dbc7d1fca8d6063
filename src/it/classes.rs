//! The ASHRAE TC 9.9 environmental classes IT equipment is built for: air classes (inlet air)
//! and liquid-cooling classes (facility water).

use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// ASHRAE TC 9.9 air-cooling classes for IT equipment: the allowable inlet dry-bulb range and
/// humidity limits.
///
/// | class | allowable inlet dry-bulb | highest dew point | highest RH |
/// |---|---|---|---|
/// | A1 | 15–32 °C | 17 °C | 80 % |
/// | A2 | 10–35 °C | 21 °C | 80 % |
/// | A3 | 5–40 °C | 24 °C | 85 % |
/// | A4 | 5–45 °C | 24 °C | 90 % |
/// | H1 | 15–25 °C | 17 °C | 80 % |
///
/// ```
/// use dcplan::it::AirClass;
/// use dcplan::units::*;
/// assert_eq!(AirClass::A2.max_inlet(), celsius(35.0));
/// assert_eq!(AirClass::A3.max_relative_humidity().get(), 0.85);
/// ```
///
/// # Units
/// Limits are absolute temperatures ([`ThermodynamicTemperature`], tabulated in °C) and a
/// relative humidity as a [`Fraction`] (0.8 is 80 %).
///
/// # References
/// ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed., ASHRAE,
/// 2021: allowable envelopes of classes A1–A4 and H1 (the ASHRAE reference card).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AirClass {
    /// Enterprise servers, storage: 15–32 °C allowable.
    A1,
    /// Volume servers: 10–35 °C.
    A2,
    /// 5–40 °C.
    A3,
    /// 5–45 °C.
    A4,
    /// High-density equipment: 15–25 °C allowable (18–22 °C recommended).
    H1,
}

impl AirClass {
    /// Highest allowable inlet dry-bulb.
    pub fn max_inlet(self) -> ThermodynamicTemperature {
        celsius(match self {
            AirClass::A1 => 32.0,
            AirClass::A2 => 35.0,
            AirClass::A3 => 40.0,
            AirClass::A4 => 45.0,
            AirClass::H1 => 25.0,
        })
    }

    /// Highest allowable inlet dew point.
    pub fn max_dew_point(self) -> ThermodynamicTemperature {
        celsius(match self {
            AirClass::A1 | AirClass::H1 => 17.0,
            AirClass::A2 => 21.0,
            AirClass::A3 | AirClass::A4 => 24.0,
        })
    }

    /// Highest allowable relative humidity.
    pub fn max_relative_humidity(self) -> Fraction {
        match self {
            AirClass::A1 | AirClass::A2 | AirClass::H1 => const { Fraction::new_const(0.80) },
            AirClass::A3 => const { Fraction::new_const(0.85) },
            AirClass::A4 => const { Fraction::new_const(0.90) },
        }
    }
}

/// ASHRAE TC 9.9 liquid-cooling facility-water classes (2021 naming): the facility water
/// supply temperature must not exceed the class number (°C). W+ is above 45 °C with no upper
/// limit set by the class.
///
/// ```
/// use dcplan::it::WaterClass;
/// use dcplan::units::*;
/// assert_eq!(WaterClass::W32.max_supply(), Some(celsius(32.0)));
/// assert_eq!(WaterClass::WPlus.max_supply(), None);
/// assert_eq!(WaterClass::WPlus.to_string(), "W+");
/// ```
///
/// # Units
/// The limit is an absolute facility-water supply temperature ([`ThermodynamicTemperature`];
/// the class number is in °C).
///
/// # References
/// ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed., ASHRAE,
/// 2021, and the TC 9.9 liquid-cooling guidelines: facility-water classes W17, W27, W32, W40,
/// W45 and W+.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterClass {
    /// ≤ 17 °C.
    W17,
    /// ≤ 27 °C.
    W27,
    /// ≤ 32 °C.
    W32,
    /// ≤ 40 °C.
    W40,
    /// ≤ 45 °C.
    W45,
    /// > 45 °C (no class limit).
    #[serde(rename = "W+")]
    WPlus,
}

impl WaterClass {
    /// Highest facility-water supply temperature the class allows, if any.
    pub fn max_supply(self) -> Option<ThermodynamicTemperature> {
        match self {
            WaterClass::W17 => Some(celsius(17.0)),
            WaterClass::W27 => Some(celsius(27.0)),
            WaterClass::W32 => Some(celsius(32.0)),
            WaterClass::W40 => Some(celsius(40.0)),
            WaterClass::W45 => Some(celsius(45.0)),
            WaterClass::WPlus => None,
        }
    }
}

impl fmt::Display for AirClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl fmt::Display for WaterClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaterClass::WPlus => f.write_str("W+"),
            other => fmt::Debug::fmt(other, f),
        }
    }
}
