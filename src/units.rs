//! Physical quantities (re-exported from [`uom`]) and the validated dimensionless types dcplan
//! adds: [`Fraction`], [`Efficiency`], [`PowerFactor`], [`Pue`], plus [`ApparentPower`] and
//! [`Hashrate`] (and the [`Scalar`] values behind it and [`crate::money`]).
//!
//! Absolute temperatures are [`ThermodynamicTemperature`]; differences are
//! [`TemperatureInterval`]. Subtracting two absolute temperatures does not compile; use
//! [`delta`]:
//!
//! ```
//! use dcplan::units::*;
//! let supply = celsius(18.0);
//! let ret = celsius(28.0);
//! assert_eq!(delta(ret, supply).get::<kelvin_interval>(), 10.0);
//! ```
//!
//! ```compile_fail
//! use dcplan::units::*;
//! let _ = celsius(28.0) - celsius(18.0); // absolute − absolute is not a quantity
//! ```

pub mod parse;

pub use parse::{RValue, RealOrApparent, parse};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use uom::si::f64::{
    Area, Energy, HeatFluxDensity, HeatTransfer, Length, Mass, MassDensity, MassRate, Power,
    Pressure, Ratio, SpecificHeatCapacity, TemperatureInterval, ThermalConductance,
    ThermalResistance, ThermodynamicTemperature, Time, Velocity, Volume, VolumeRate,
};
pub use uom::si::{
    area::square_meter,
    energy::{gigawatt_hour, joule, kilowatt_hour, megawatt_hour},
    heat_flux_density::watt_per_square_meter,
    heat_transfer::watt_per_square_meter_kelvin,
    length::meter,
    mass::kilogram,
    mass_density::kilogram_per_cubic_meter,
    mass_rate::kilogram_per_second,
    power::{gigawatt, kilowatt, megawatt, watt},
    pressure::{hectopascal, kilopascal, pascal},
    ratio::{percent, ratio},
    specific_heat_capacity::{joule_per_kilogram_kelvin, kilojoule_per_kilogram_kelvin},
    temperature_interval::kelvin as kelvin_interval,
    thermal_conductance::watt_per_kelvin,
    thermal_resistance::kelvin_per_watt,
    thermodynamic_temperature::{degree_celsius, kelvin},
    time,
    volume::{cubic_meter, liter},
    volume_rate::{cubic_meter_per_hour, cubic_meter_per_second, liter_per_second},
};

/// uom's trait for a quantity's zero as a constant: with `units::*` in scope, write
/// `Power::ZERO`, `Energy::ZERO`, `Time::ZERO` … (a `const`, usable in `const` items).
///
/// ```
/// use dcplan::units::*;
/// const NOTHING: Power = Power::ZERO;
/// assert_eq!(NOTHING, watts(0.0));
/// assert_eq!([kilowatts(1.0), kilowatts(-1.0)].into_iter().sum::<Power>(), Power::ZERO);
/// ```
pub use uom::ConstZero;

// Typed construction without turbofish noise: one function per unit a planner writes, named
// after the unit (plural where English has one): `megawatts(100.0)` is
// `Power::new::<megawatt>(100.0)`. Temperatures are the exception that keeps absolute and
// difference apart: `celsius` is absolute, `kelvin_diff` an interval.

/// A power in watts.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(watts(1_200.0).get::<kilowatt>(), 1.2);
/// ```
pub fn watts(value: f64) -> Power {
    Power::new::<watt>(value)
}

/// A power in kilowatts.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(kilowatts(120.0).get::<watt>(), 120_000.0);
/// ```
pub fn kilowatts(value: f64) -> Power {
    Power::new::<kilowatt>(value)
}

/// A power in megawatts.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(megawatts(100.0).get::<kilowatt>(), 100_000.0);
/// ```
pub fn megawatts(value: f64) -> Power {
    Power::new::<megawatt>(value)
}

/// A power in gigawatts.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(gigawatts(1.5).get::<megawatt>(), 1_500.0);
/// ```
pub fn gigawatts(value: f64) -> Power {
    Power::new::<gigawatt>(value)
}

/// An energy in kilowatt-hours.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(kilowatt_hours(1.0).get::<joule>(), 3.6e6);
/// ```
pub fn kilowatt_hours(value: f64) -> Energy {
    Energy::new::<kilowatt_hour>(value)
}

/// An energy in megawatt-hours.
///
/// ```
/// use dcplan::units::*;
/// // 100 MW for a year of 8,760 hours.
/// let year = megawatts(100.0) * hours(8_760.0);
/// assert!((year.get::<megawatt_hour>() - 876_000.0).abs() < 1e-6);
/// assert_eq!(megawatt_hours(876_000.0).get::<gigawatt_hour>(), 876.0);
/// ```
pub fn megawatt_hours(value: f64) -> Energy {
    Energy::new::<megawatt_hour>(value)
}

/// An energy in gigawatt-hours.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(gigawatt_hours(2.5).get::<megawatt_hour>(), 2_500.0);
/// ```
pub fn gigawatt_hours(value: f64) -> Energy {
    Energy::new::<gigawatt_hour>(value)
}

/// An absolute temperature from degrees Celsius.
///
/// ```
/// use dcplan::units::*;
/// assert!((celsius(25.0).get::<kelvin>() - 298.15).abs() < 1e-12);
/// ```
pub fn celsius(value: f64) -> ThermodynamicTemperature {
    ThermodynamicTemperature::new::<degree_celsius>(value)
}

/// A temperature difference in kelvin (a rise, an approach), never an absolute temperature.
///
/// ```
/// use dcplan::units::*;
/// let supply = celsius(30.0);
/// assert_eq!(to_celsius(supply + kelvin_diff(10.0)), 40.0);
/// ```
pub fn kelvin_diff(value: f64) -> TemperatureInterval {
    TemperatureInterval::new::<kelvin_interval>(value)
}

/// A length in meters (elevations, distances).
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(meters(1_500.0).get::<meter>(), 1_500.0);
/// ```
pub fn meters(value: f64) -> Length {
    Length::new::<meter>(value)
}

/// A pressure in pascals.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(pascals(101_325.0).get::<kilopascal>(), 101.325);
/// ```
pub fn pascals(value: f64) -> Pressure {
    Pressure::new::<pascal>(value)
}

/// A pressure in kilopascals (pump heads, barometric pressure).
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(kilopascals(250.0).get::<pascal>(), 250_000.0);
/// ```
pub fn kilopascals(value: f64) -> Pressure {
    Pressure::new::<kilopascal>(value)
}

/// A volume in cubic meters (water use).
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(cubic_meters(2.0).get::<liter>(), 2_000.0);
/// ```
pub fn cubic_meters(value: f64) -> Volume {
    Volume::new::<cubic_meter>(value)
}

/// A volume in liters.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(liters(500.0).get::<cubic_meter>(), 0.5);
/// ```
pub fn liters(value: f64) -> Volume {
    Volume::new::<liter>(value)
}

/// A volume flow in cubic meters per second.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(cubic_meters_per_second(0.5).get::<liter_per_second>(), 500.0);
/// ```
pub fn cubic_meters_per_second(value: f64) -> VolumeRate {
    VolumeRate::new::<cubic_meter_per_second>(value)
}

/// A volume flow in cubic meters per hour (make-up water, pump duty).
///
/// ```
/// use dcplan::units::*;
/// assert!((cubic_meters_per_hour(360.0).get::<liter_per_second>() - 100.0).abs() < 1e-12);
/// ```
pub fn cubic_meters_per_hour(value: f64) -> VolumeRate {
    VolumeRate::new::<cubic_meter_per_hour>(value)
}

/// A volume flow in liters per second.
///
/// ```
/// use dcplan::units::*;
/// // 5.76 L/s for 2 h is 41.472 m³.
/// let water = liters_per_second(5.76) * hours(2.0);
/// assert!((water.get::<cubic_meter>() - 41.472).abs() < 1e-9);
/// ```
pub fn liters_per_second(value: f64) -> VolumeRate {
    VolumeRate::new::<liter_per_second>(value)
}

/// A duration in hours.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(hours(48.0).get::<time::day>(), 2.0);
/// ```
pub fn hours(value: f64) -> Time {
    Time::new::<time::hour>(value)
}

/// A duration in days.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(days(2.0).get::<time::hour>(), 48.0);
/// ```
pub fn days(value: f64) -> Time {
    Time::new::<time::day>(value)
}

/// `n` weeks.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(weeks(2.0).get::<time::day>(), 14.0);
/// ```
pub fn weeks(n: f64) -> Time {
    Time::new::<time::day>(7.0 * n)
}

/// `n` months of a twelfth of a 365-day year (30.42 days).
///
/// ```
/// use dcplan::units::*;
/// assert!((months(12.0).get::<time::day>() - 365.0).abs() < 1e-9);
/// ```
pub fn months(n: f64) -> Time {
    Time::new::<time::year>(n / 12.0)
}

/// `n` years of 365 days.
///
/// ```
/// use dcplan::units::*;
/// assert_eq!(years(1.0).get::<time::day>(), 365.0);
/// ```
pub fn years(n: f64) -> Time {
    Time::new::<time::year>(n)
}

/// `hot − cold` as a [`TemperatureInterval`] (negative when `hot` is colder).
pub fn delta(hot: ThermodynamicTemperature, cold: ThermodynamicTemperature) -> TemperatureInterval {
    TemperatureInterval::new::<kelvin_interval>(hot.get::<kelvin>() - cold.get::<kelvin>())
}

/// Degrees Celsius of an absolute temperature, for messages and reports.
pub fn to_celsius(t: ThermodynamicTemperature) -> f64 {
    t.get::<degree_celsius>()
}

/// `value unit`, or `value` alone for a plain number.
fn with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        format!("{value}")
    } else {
        format!("{value} {unit}")
    }
}

/// Checks that `value` (expressed in `unit`) is finite and > 0.
#[inline]
pub(crate) fn positive(field: &str, value: f64, unit: &str) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::out_of_range(
            field,
            value,
            unit,
            &format!("above {}", with_unit(0.0, unit)),
        ))
    }
}

/// Checks that `value` (expressed in `unit`) is finite and ≥ 0.
#[inline]
pub(crate) fn non_negative(field: &str, value: f64, unit: &str) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::out_of_range(
            field,
            value,
            unit,
            &format!("at least {}", with_unit(0.0, unit)),
        ))
    }
}

/// Checks that `value` (expressed in `unit`) lies in `[lo, hi]`.
#[inline]
pub(crate) fn within(field: &str, value: f64, unit: &str, lo: f64, hi: f64) -> Result<f64> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(outside(field, value, unit, lo, hi))
    }
}

/// The error of a value outside `[lo, hi]`: it names the bound the value is past (both for a
/// value that is not a number).
#[cold]
fn outside(field: &str, value: f64, unit: &str, lo: f64, hi: f64) -> Error {
    let expected = if value < lo {
        format!("at least {}", with_unit(lo, unit))
    } else if value > hi {
        format!("at most {}", with_unit(hi, unit))
    } else {
        format!("a finite number from {lo} to {}", with_unit(hi, unit))
    };
    Error::out_of_range(field, value, unit, &expected)
}

/// Largest price or cost any single input may be, in its own unit (10¹⁵, ten times the
/// world's yearly output in US dollars): beyond it an input is a typo, and the products and
/// sums of a cash-flow table could overflow to infinity.
pub(crate) const MAX_MONEY: f64 = 1e15;

/// A validated price or cost: finite, ≥ 0 and at most [`MAX_MONEY`] in `unit`.
pub(crate) fn money_non_negative(field: &str, value: f64, unit: &str) -> Result<f64> {
    if value.is_finite() && (0.0..=MAX_MONEY).contains(&value) {
        Ok(value)
    } else if value > MAX_MONEY {
        Err(Error::out_of_range(
            field,
            value,
            unit,
            &format!("at most 1e15 {unit}"),
        ))
    } else {
        non_negative(field, value, unit)
    }
}

/// Largest power any single quantity may carry (1 TW): beyond it an input is a typo, and
/// sums of such values would lose all precision.
pub(crate) const MAX_POWER_W: f64 = 1e12;

/// A validated power: finite, ≥ 0 (> 0 if `positive`) and at most 1 TW. The error gives the
/// value and the bound in a unit of the value's size (W, kW, MW or GW).
fn power_in_range(field: &str, p: Power, positive: bool) -> Result<Power> {
    let w = p.get::<watt>();
    let above = if positive { w > 0.0 } else { w >= 0.0 };
    if w.is_finite() && above && w <= MAX_POWER_W {
        return Ok(p);
    }
    let (unit, scale) = match w.abs() {
        x if x >= 1e9 => ("GW", 1e9),
        x if x >= 1e6 => ("MW", 1e6),
        x if x >= 1e3 => ("kW", 1e3),
        _ => ("W", 1.0),
    };
    let expected = if w > MAX_POWER_W {
        "a power of at most 1 TW".to_owned()
    } else if positive {
        format!("a power above 0 {unit}")
    } else {
        format!("a power of at least 0 {unit}")
    };
    Err(Error::out_of_range(field, w / scale, unit, &expected))
}

/// A validated power: finite, ≥ 0 and at most 1 TW.
pub(crate) fn power_non_negative(field: &str, p: Power) -> Result<Power> {
    power_in_range(field, p, false)
}

/// A validated power: finite, > 0 and at most 1 TW.
pub(crate) fn power_positive(field: &str, p: Power) -> Result<Power> {
    power_in_range(field, p, true)
}

/// A validated absolute temperature between −100 °C and 200 °C (the range any data-center
/// air, water or coolant can have).
pub(crate) fn temperature(
    field: &str,
    t: ThermodynamicTemperature,
) -> Result<ThermodynamicTemperature> {
    within(field, to_celsius(t), "°C", -100.0, 200.0).map(|_| t)
}

/// A validated temperature difference between 0.01 K and 200 K: smaller ones are not
/// physical for rises, lifts and approaches, and their reciprocals would swamp every result.
pub(crate) fn interval_positive(
    field: &str,
    dt: TemperatureInterval,
) -> Result<TemperatureInterval> {
    within(field, dt.get::<kelvin_interval>(), "K", 0.01, 200.0).map(|_| dt)
}

macro_rules! validated_ratio {
    ($(#[$doc:meta])* $name:ident, $field:literal, $lo:expr, $lo_open:expr, $hi:expr, $expected:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            /// Validates and wraps a value.
            pub fn new(value: f64) -> Result<Self> {
                if Self::admits(value) {
                    Ok(Self(value))
                } else {
                    Err(Error::out_of_range($field, value, "", $expected))
                }
            }

            #[doc = concat!("A fixed value written in the code, checked when it is compiled: ",
                "for literals in a `const` item (`const X: ", stringify!($name), " = ",
                stringify!($name), "::new_const(…);`) or block (`const { ", stringify!($name),
                "::new_const(…) }`), where a value out of range is a compile error. Evaluated ",
                "at run time it panics on such a value, so never pass it input: [`",
                stringify!($name), "::new`] validates that.")]
            pub const fn new_const(value: f64) -> Self {
                assert!(Self::admits(value), concat!("not ", $expected));
                Self(value)
            }

            const fn admits(value: f64) -> bool {
                value.is_finite()
                    && (if $lo_open { value > $lo } else { value >= $lo })
                    && value <= $hi
            }

            /// The plain value.
            pub const fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = Error;
            fn try_from(value: f64) -> Result<Self> {
                Self::new(value)
            }
        }

        impl From<$name> for f64 {
            fn from(value: $name) -> f64 {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

pub(crate) use validated_ratio;

validated_ratio!(
    /// A share of a whole, in `[0, 1]` (e.g. the part of a rack's heat that goes to liquid).
    ///
    /// ```
    /// use dcplan::units::Fraction;
    /// assert_eq!(Fraction::new(0.85)?.get(), 0.85);
    /// assert!(Fraction::new(1.2).is_err());
    /// // A literal, checked at compile time.
    /// const LIQUID: Fraction = Fraction::new_const(0.85);
    /// assert_eq!(LIQUID, Fraction::new(0.85)?);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// ```compile_fail
    /// use dcplan::units::Fraction;
    /// const TOO_MUCH: Fraction = Fraction::new_const(1.2); // out of range: does not compile
    /// ```
    Fraction, "fraction", 0.0, false, 1.0, "a fraction between 0 and 1 (0 % to 100 %)"
);

validated_ratio!(
    /// An efficiency η = output / input, in `(0, 1]`.
    ///
    /// ```
    /// use dcplan::units::Efficiency;
    /// assert!(Efficiency::new(0.96).is_ok());
    /// assert!(Efficiency::new(1.01).is_err());
    /// assert!(Efficiency::new(0.0).is_err());
    /// ```
    Efficiency, "efficiency", 0.0, true, 1.0, "an efficiency above 0 and at most 1 (100 %)"
);

validated_ratio!(
    /// A power factor cos φ = P / S, in `(0, 1]`.
    PowerFactor, "power_factor", 0.0, true, 1.0, "a power factor above 0 and at most 1"
);

validated_ratio!(
    /// Power usage effectiveness, facility energy / IT energy (ISO/IEC 30134-2), in `[1, 100]`.
    ///
    /// # Units
    ///
    /// A plain ratio; which IT energy it divides by (UPS output, PDU output or IT equipment
    /// input) is the measurement category, [`crate::metrics::ItMeasurement`].
    ///
    /// # References
    ///
    /// ISO/IEC 30134-2:2016, *Information technology — Data centres — Key performance
    /// indicators — Part 2: Power usage effectiveness (PUE)*; The Green Grid, White Paper 49,
    /// *PUE: A Comprehensive Examination of the Metric* (2012).
    ///
    /// ```
    /// use dcplan::units::Pue;
    /// assert_eq!(Pue::new(1.15)?.get(), 1.15);
    /// assert!(Pue::new(0.98).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    Pue, "pue", 1.0, false, 100.0, "a PUE between 1 and 100"
);

validated_ratio!(
    /// Coefficient of performance of a heat pump or chiller, heat moved / electric power, in
    /// `(0, 100]`.
    Cop, "cop", 0.0, true, 100.0, "a COP above 0 and at most 100"
);

impl Fraction {
    /// The whole: 1.
    pub const ONE: Fraction = Fraction(1.0);
    /// Nothing: 0.
    pub const ZERO: Fraction = Fraction(0.0);

    /// A share the crate computes (a part over its whole, a ratio capped at 1), clamped to
    /// `[0, 1]`: the arithmetic bounds it, and the clamp absorbs rounding (`(q/x)·x` can be
    /// `q·(1 + 2⁻⁵²)`). Crate-internal and cheap for the hourly hot path; never for input, which
    /// [`Fraction::new`] validates. A NaN is a bug (debug assertion).
    #[inline]
    pub(crate) fn clamped(value: f64) -> Fraction {
        debug_assert!(!value.is_nan(), "a computed fraction is NaN");
        Fraction(value.clamp(0.0, 1.0))
    }
}

impl Cop {
    /// A COP the crate computes (heat moved over a positive electric power), capped at 100, the
    /// largest this type holds (as [`crate::cooling::Chiller::cop`] reports it).
    /// Crate-internal and cheap for the hourly hot path; never for input, which [`Cop::new`]
    /// validates. A value that is not positive is a bug (debug assertion).
    #[inline]
    pub(crate) fn capped(value: f64) -> Cop {
        debug_assert!(value > 0.0, "a computed COP is not positive: {value}");
        Cop(value.min(100.0))
    }
}

impl PowerFactor {
    /// Unity power factor (P = S).
    pub const UNITY: PowerFactor = PowerFactor(1.0);
}

/// Splits text into a finite number and the (trimmed) rest: `"120kW"` → `(120, "kW")`.
/// `None` if the text does not start with a number. Linear in the length of the text.
///
/// ```
/// use dcplan::units::split_number;
/// assert_eq!(split_number(" 2.5e3 kW "), Some((2500.0, "kW")));
/// assert_eq!(split_number("-18°C"), Some((-18.0, "°C")));
/// assert_eq!(split_number("kW"), None);
/// ```
pub fn split_number(text: &str) -> Option<(f64, &str)> {
    let t = text.trim();
    let b = t.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_end = digits(i);
    let mut end = int_end;
    if b.get(end) == Some(&b'.') {
        end = digits(end + 1);
    }
    if end == i || (end == int_end + 1 && int_end == i) {
        return None; // no digits at all, or a lone "."
    }
    i = end;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_end = digits(j);
        if exp_end > j {
            end = exp_end;
        }
    }
    let value: f64 = t[..end].parse().ok()?;
    value.is_finite().then(|| (value, t[end..].trim()))
}

/// Parses `"<number> <unit>"` where the unit is one of `units` (name, factor to the canonical
/// unit; spaces inside the unit are ignored, `³` may be written `3`). The number is read by
/// [`split_number`], so `"85USD/MWh"` and `"85 USD/MWh"` both work.
pub(crate) fn parse_with_unit(text: &str, kind: &str, units: &[(&str, f64)]) -> Result<f64> {
    let squeeze = |u: &str| -> String {
        u.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '³' { '3' } else { c })
            .collect()
    };
    let unit_error = || Error::Unit {
        field: kind.to_owned(),
        text: text.to_owned(),
        expected: format!(
            "a {kind} with its unit, such as \"1 {}\" (units: {})",
            units[0].0,
            units.iter().map(|(u, _)| *u).collect::<Vec<_>>().join(", ")
        ),
    };
    let (value, rest) = split_number(text).ok_or_else(unit_error)?;
    let unit = squeeze(rest);
    let factor = units
        .iter()
        .find(|(u, _)| squeeze(u) == unit)
        .map(|&(_, f)| f)
        .ok_or_else(unit_error)?;
    let v = value * factor;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(unit_error())
    }
}

/// Serde visitor for quantities written as text with a unit ("85 USD/MWh"); a bare number is
/// rejected with a message naming the unit expected.
pub(crate) struct UnitTextVisitor<T> {
    pub(crate) example: &'static str,
    pub(crate) marker: std::marker::PhantomData<T>,
}

impl<T: std::str::FromStr<Err = Error>> serde::de::Visitor<'_> for UnitTextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a text with its unit, such as \"{}\"", self.example)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// A plain `f64` in one canonical unit, for quantities uom does not have (money, hash rate).
/// Generates: `new`/`get`, `ZERO`, [`Scalar`], `Display` ("85 USD/MWh", honouring precision),
/// `FromStr` (the canonical unit and the listed alternatives with their factors), serde as that
/// text, and the arithmetic of a scalar (±, × f64, ÷ f64, ratio of two, sums).
macro_rules! unit_scalar {
    ($(#[$doc:meta])* $name:ident, $unit:literal, $kind:literal, $example:literal,
     [$(($alias:literal, $factor:expr)),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// Zero.
            pub const ZERO: Self = Self(0.0);

            #[doc = concat!("A value in ", $unit, ".")]
            pub const fn new(value: f64) -> Self {
                Self(value)
            }

            #[doc = concat!("The value in ", $unit, ".")]
            pub const fn get(self) -> f64 {
                self.0
            }
        }

        impl $crate::units::Scalar for $name {
            const UNIT: &'static str = $unit;
            fn from_value(value: f64) -> Self {
                Self(value)
            }
            fn value(self) -> f64 {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)?;
                f.write_str(concat!(" ", $unit))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> $crate::error::Result<Self> {
                $crate::units::parse_with_unit(s, $kind, &[($unit, 1.0) $(, ($alias, $factor))*])
                    .map(Self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                d.deserialize_str($crate::units::UnitTextVisitor {
                    example: $example,
                    marker: ::std::marker::PhantomData,
                })
            }
        }

        impl ::std::ops::Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }

        impl ::std::ops::Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }

        impl ::std::ops::AddAssign for $name {
            fn add_assign(&mut self, rhs: Self) {
                self.0 += rhs.0;
            }
        }

        impl ::std::ops::SubAssign for $name {
            fn sub_assign(&mut self, rhs: Self) {
                self.0 -= rhs.0;
            }
        }

        impl ::std::ops::Neg for $name {
            type Output = Self;
            fn neg(self) -> Self {
                Self(-self.0)
            }
        }

        impl ::std::ops::Mul<f64> for $name {
            type Output = Self;
            fn mul(self, rhs: f64) -> Self {
                Self(self.0 * rhs)
            }
        }

        impl ::std::ops::Mul<$name> for f64 {
            type Output = $name;
            fn mul(self, rhs: $name) -> $name {
                $name(self * rhs.0)
            }
        }

        impl ::std::ops::Div<f64> for $name {
            type Output = Self;
            fn div(self, rhs: f64) -> Self {
                Self(self.0 / rhs)
            }
        }

        impl ::std::ops::Div for $name {
            type Output = f64;
            fn div(self, rhs: Self) -> f64 {
                self.0 / rhs.0
            }
        }

        impl ::std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|x| x.0).sum())
            }
        }

        impl<'a> ::std::iter::Sum<&'a $name> for $name {
            fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
                Self(iter.map(|x| x.0).sum())
            }
        }
    };
}

pub(crate) use unit_scalar;

/// A plain value in one canonical unit (money, prices, hash rate): what generic code such as a
/// price path needs to read, build and validate it.
pub trait Scalar: Copy + fmt::Display {
    /// The canonical unit.
    const UNIT: &'static str;
    /// A value in the canonical unit.
    fn from_value(value: f64) -> Self;
    /// The value in the canonical unit.
    fn value(self) -> f64;
}

unit_scalar!(
    /// Hash rate of bitcoin miners, in TH/s (uom has no hash-rate quantity). Text form
    /// `"200 TH/s"`; `"PH/s"` and `"EH/s"` are read too.
    ///
    /// ```
    /// use dcplan::units::*;
    /// // An Antminer S21 fleet drawing 95.2 MW at 17.5 J/TH hashes 5.44 EH/s.
    /// let fleet = Hashrate::from_power(Power::new::<megawatt>(95.2), 17.5)?;
    /// assert!((fleet.ehs() - 5.44).abs() < 1e-9);
    /// assert_eq!("5.44 EH/s".parse::<Hashrate>()?.get(), 5.44e6);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    Hashrate, "TH/s", "hash rate", "200 TH/s", [("PH/s", 1e3), ("EH/s", 1e6)]
);

impl Hashrate {
    /// The hash rate a fleet drawing `power` delivers at an efficiency of `joules_per_th` J/TH:
    /// `H = P / (J/TH)`.
    ///
    /// # Units
    ///
    /// `power` is the miners' electric power at their input (IT power); `joules_per_th` is
    /// joules per terahash, i.e. W per TH/s, as miner datasheets quote it (an Antminer S21:
    /// 3,500 W / 200 TH/s = 17.5 J/TH).
    pub fn from_power(power: Power, joules_per_th: f64) -> Result<Self> {
        let e = positive("joules_per_th", joules_per_th, "J/TH")?;
        Ok(Self(power.get::<watt>() / e))
    }

    /// The value in PH/s.
    pub fn phs(self) -> f64 {
        self.0 / 1e3
    }

    /// The value in EH/s.
    pub fn ehs(self) -> f64 {
        self.0 / 1e6
    }
}

/// Apparent power S in volt-amperes, the rating of transformers and grid contracts.
///
/// uom has no apparent-power quantity distinct from [`Power`] and its quantities cannot be
/// extended from outside the crate, so this wraps a [`Power`]-dimensioned value: S and P
/// cannot be mixed by accident, and [`ApparentPower::real`] converts with a power factor.
///
/// ```
/// use dcplan::units::*;
/// let s = ApparentPower::from_mva(60.0)?;
/// let p = s.real(PowerFactor::new(0.95)?);
/// assert!((p.get::<megawatt>() - 57.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct ApparentPower(Power);

impl ApparentPower {
    /// Validates an apparent power given in MVA (finite, > 0, at most 1 TVA).
    pub fn from_mva(mva: f64) -> Result<Self> {
        Self::from_va("apparent_power", mva * 1e6)
    }

    /// Validates an apparent power given in kVA.
    pub fn from_kva(kva: f64) -> Result<Self> {
        Self::from_va("apparent_power", kva * 1e3)
    }

    fn from_va(field: &str, va: f64) -> Result<Self> {
        positive(field, va / 1e6, "MVA")?;
        within(field, va / 1e6, "MVA", 0.0, MAX_POWER_W / 1e6)?;
        Ok(Self(Power::new::<watt>(va)))
    }

    /// The value in MVA.
    pub fn mva(self) -> f64 {
        self.0.get::<megawatt>()
    }

    /// Real power P = S · cos φ.
    pub fn real(self, power_factor: PowerFactor) -> Power {
        self.0 * power_factor.get()
    }
}

impl fmt::Display for ApparentPower {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} MVA", self.mva())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_unit_text_is_read_in_one_pass() {
        // Trying every prefix as a number took ~10¹¹ steps on this text.
        let long = format!("5{}USD", " ".repeat(1 << 20));
        assert_eq!("5 USD".parse::<crate::money::Money>().unwrap().get(), 5.0);
        assert_eq!(long.parse::<crate::money::Money>().unwrap().get(), 5.0);
        let digits = format!("{} USD", "9".repeat(1 << 20));
        assert!(digits.parse::<crate::money::Money>().is_err());
    }

    #[test]
    fn dimensions_chain() {
        // Type-level checks: these lines only compile if the dimensions are right.
        let q: Power = MassRate::new::<kilogram_per_second>(2.0)
            * SpecificHeatCapacity::new::<joule_per_kilogram_kelvin>(4180.0)
            * kelvin_diff(10.0);
        let e: Energy = q * Time::new::<time::hour>(1.0);
        assert!((q.get::<kilowatt>() - 83.6).abs() < 1e-9);
        assert!((e.get::<kilowatt_hour>() - 83.6).abs() < 1e-9);
    }

    #[test]
    fn ratios_reject_out_of_range() {
        assert!(Fraction::new(f64::NAN).is_err());
        assert!(Fraction::new(-0.1).is_err());
        assert!(Efficiency::new(1.0).is_ok());
        assert!(PowerFactor::new(0.0).is_err());
        assert!(Pue::new(1.0).is_ok());
        assert!(Pue::new(f64::INFINITY).is_err());
        let msg = Pue::new(0.9).unwrap_err().to_string();
        assert!(msg.contains("pue") && msg.contains("0.9"), "{msg}");
    }

    #[test]
    fn apparent_power_validates() {
        assert!(ApparentPower::from_mva(-1.0).is_err());
        assert!(ApparentPower::from_mva(f64::NAN).is_err());
        assert!(ApparentPower::from_mva(1e300).is_err());
        assert_eq!(ApparentPower::from_kva(2500.0).unwrap().mva(), 2.5);
    }
}
