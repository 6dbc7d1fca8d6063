//! Annual cooling design conditions of a [`Climate`], after the ASHRAE Handbook—Fundamentals
//! (2021), chapter 14 "Climatic Design Information":
//!
//! * the 0.4 %, 1 % and 2 % **dry-bulb** design values are the dry-bulbs exceeded in that
//!   fraction of the year's hours (35, 88 and 175 of 8,760), each with its **mean coincident
//!   wet-bulb** (MCWB): the mean wet-bulb of the hours whose dry-bulb lies within
//!   ±[`COINCIDENT_BAND_K`] of the design value;
//! * the 0.4 %, 1 % and 2 % **wet-bulb** design values likewise, each with its mean coincident
//!   dry-bulb (MCDB);
//! * the annual maxima of dry-bulb and wet-bulb, and of the water temperature where the
//!   climate has a water body.
//!
//! The exceedance value is the `1 − p` quantile of the hourly values, interpolated linearly
//! between order statistics (the "linear" rule of Hyndman & Fan 1996, type 7). ASHRAE analyses
//! hourly observations of long records (1982–2006 for the 2009 values printed in EPW headers);
//! a typical-year file holds one year assembled from "typical" months, which leaves out some
//! extremes, so its design values run a little milder: within 1.5 K of the ASHRAE 2009 values
//! for the built-in climates (see the crate's tests).
//!
//! # References
//!
//! - ASHRAE Handbook—Fundamentals (2021), ch. 14 "Climatic Design Information": annual
//!   cooling design conditions as the dry-bulb (wet-bulb) exceeded in 0.4 %, 1 % and 2 % of
//!   the hours of the year, each with its mean coincident wet-bulb (dry-bulb).
//! - R.J. Hyndman & Y. Fan, "Sample quantiles in statistical packages", *The American
//!   Statistician* 50(4) (1996) 361–365, doi:10.1080/00031305.1996.10473566: definition 7,
//!   `x = a_k + f·(a_{k+1} − a_k)` with `k + f = (n − 1)·q` for the quantile `q = 1 − p`.

use super::{Ambient, Climate, WaterProfile};
use crate::error::Result;
use crate::units::*;

/// Half-width of the dry-bulb (wet-bulb) band whose hours' wet-bulbs (dry-bulbs) are averaged
/// into a mean coincident value, K; edges included. Widened to the nearest hour when the band
/// is empty.
///
/// ```
/// assert_eq!(dcplan::climate::design::COINCIDENT_BAND_K, 0.5);
/// ```
pub const COINCIDENT_BAND_K: f64 = 0.5;

/// Slack on the band edges, K: weather files step by 0.1 K, so hours lying exactly on an edge
/// are common and must not fall in or out by floating-point rounding.
const EDGE_K: f64 = 1e-6;

/// Which design condition to plan at.
///
/// ```
/// use dcplan::climate::{builtin, DesignBasis};
/// use dcplan::units::*;
/// let phoenix = builtin("phoenix")?;
/// let hot = phoenix.design_ambient(DesignBasis::DryBulb04)?;
/// let humid = phoenix.design_ambient(DesignBasis::WetBulb04)?;
/// assert!(hot.dry_bulb() > humid.dry_bulb() && humid.wet_bulb() > hot.wet_bulb());
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DesignBasis {
    /// Dry-bulb exceeded 0.4 % of the year, with its mean coincident wet-bulb.
    DryBulb04,
    /// Dry-bulb exceeded 1 % of the year, with its mean coincident wet-bulb.
    DryBulb1,
    /// Dry-bulb exceeded 2 % of the year, with its mean coincident wet-bulb.
    DryBulb2,
    /// Wet-bulb exceeded 0.4 % of the year, with its mean coincident dry-bulb.
    WetBulb04,
    /// Wet-bulb exceeded 1 % of the year, with its mean coincident dry-bulb.
    WetBulb1,
    /// Wet-bulb exceeded 2 % of the year, with its mean coincident dry-bulb.
    WetBulb2,
    /// The year's highest dry-bulb **together with** the year's highest wet-bulb: an envelope
    /// that covers dry and evaporative heat rejection at once, usually hotter and more humid
    /// than any single recorded hour.
    AnnualMax,
}

impl DesignBasis {
    /// Every basis, from the 0.4 % dry-bulb to the annual maximum.
    pub const ALL: [DesignBasis; 7] = [
        DesignBasis::DryBulb04,
        DesignBasis::DryBulb1,
        DesignBasis::DryBulb2,
        DesignBasis::WetBulb04,
        DesignBasis::WetBulb1,
        DesignBasis::WetBulb2,
        DesignBasis::AnnualMax,
    ];
}

/// A dry-bulb / wet-bulb pair: a design value with its mean coincident partner (ASHRAE
/// Handbook—Fundamentals 2021, ch. 14). The wet-bulb is the thermodynamic wet-bulb of the
/// hours (see [`Ambient::wet_bulb`]).
///
/// ```
/// use dcplan::climate::builtin;
/// use dcplan::units::*;
/// let p = builtin("phoenix")?.design_conditions().dry_bulb_04;
/// assert!((to_celsius(p.dry_bulb) - 42.8).abs() < 1e-9); // ASHRAE 2009: 43.4 °C
/// assert!(p.wet_bulb < p.dry_bulb);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DesignPoint {
    /// Dry-bulb temperature.
    pub dry_bulb: ThermodynamicTemperature,
    /// Wet-bulb temperature (never above the dry-bulb).
    pub wet_bulb: ThermodynamicTemperature,
}

/// A climate's annual design conditions (see the [module documentation](crate::climate::design)):
/// temperatures of the year's hours, pressure the mean station pressure.
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2021), ch. 14; the exceedance quantile of Hyndman & Fan
/// (1996), definition 7 (module documentation).
///
/// ```
/// use dcplan::climate::builtin;
/// use dcplan::units::*;
/// let design = builtin("northern-virginia")?.design_conditions();
/// // ASHRAE 2009 (Dulles): 0.4 % dry-bulb 34.1 °C, MCWB 23.9 °C; this typical year: 33.9, 24.1.
/// assert!((to_celsius(design.dry_bulb_04.dry_bulb) - 33.9).abs() < 1e-9);
/// assert!((to_celsius(design.dry_bulb_04.wet_bulb) - 24.11).abs() < 0.01);
/// assert!(design.max_water.is_none());
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DesignConditions {
    /// 0.4 % dry-bulb with mean coincident wet-bulb.
    pub dry_bulb_04: DesignPoint,
    /// 1 % dry-bulb with mean coincident wet-bulb.
    pub dry_bulb_1: DesignPoint,
    /// 2 % dry-bulb with mean coincident wet-bulb.
    pub dry_bulb_2: DesignPoint,
    /// 0.4 % wet-bulb with mean coincident dry-bulb.
    pub wet_bulb_04: DesignPoint,
    /// 1 % wet-bulb with mean coincident dry-bulb.
    pub wet_bulb_1: DesignPoint,
    /// 2 % wet-bulb with mean coincident dry-bulb.
    pub wet_bulb_2: DesignPoint,
    /// Highest hourly dry-bulb of the year.
    pub max_dry_bulb: ThermodynamicTemperature,
    /// Highest hourly wet-bulb of the year.
    pub max_wet_bulb: ThermodynamicTemperature,
    /// Highest water temperature: the [`WaterProfile`]'s warmest monthly mean, or the warmest
    /// hour if the hours carry water temperatures without a profile.
    pub max_water: Option<ThermodynamicTemperature>,
    /// Mean station pressure of the year (barometric, not reduced to sea level), at which
    /// design ambients are built.
    pub pressure: Pressure,
}

impl DesignConditions {
    /// The design conditions of `climate` (computed when the climate was built).
    pub fn from_climate(climate: &Climate) -> Self {
        climate.design_conditions()
    }

    /// Computes the design conditions of a year of `hours` whose water follows `water`.
    pub(crate) fn from_hours(hours: &[Ambient], water: Option<&WaterProfile>) -> Self {
        let dry: Vec<f64> = hours.iter().map(|h| to_celsius(h.dry_bulb())).collect();
        let wet: Vec<f64> = hours.iter().map(|h| to_celsius(h.wet_bulb())).collect();
        let sorted = |values: &[f64]| {
            let mut sorted = values.to_vec();
            sorted.sort_by(f64::total_cmp);
            sorted
        };
        let (dry_sorted, wet_sorted) = (sorted(&dry), sorted(&wet));
        let dry_point = |fraction| {
            let (db, mcwb) = design_pair(&dry, &dry_sorted, &wet, fraction);
            point(db, mcwb.min(db))
        };
        let wet_point = |fraction| {
            let (wb, mcdb) = design_pair(&wet, &wet_sorted, &dry, fraction);
            point(mcdb.max(wb), wb)
        };
        let hour_water = hours
            .iter()
            .filter_map(Ambient::water)
            .map(to_celsius)
            .reduce(f64::max)
            .map(celsius);
        let pressure_pa: f64 = hours.iter().map(|h| h.pressure().get::<pascal>()).sum();
        Self {
            dry_bulb_04: dry_point(0.004),
            dry_bulb_1: dry_point(0.01),
            dry_bulb_2: dry_point(0.02),
            wet_bulb_04: wet_point(0.004),
            wet_bulb_1: wet_point(0.01),
            wet_bulb_2: wet_point(0.02),
            max_dry_bulb: celsius(maximum(&dry)),
            max_wet_bulb: celsius(maximum(&wet)),
            max_water: water.map(|p| p.max()).or(hour_water),
            pressure: Pressure::new::<pascal>(pressure_pa / hours.len() as f64),
        }
    }

    /// The dry-bulb / wet-bulb pair of a basis.
    ///
    /// ```
    /// use dcplan::climate::{builtin, DesignBasis};
    /// let design = builtin("chicago")?.design_conditions();
    /// let max = design.point(DesignBasis::AnnualMax);
    /// assert_eq!((max.dry_bulb, max.wet_bulb), (design.max_dry_bulb, design.max_wet_bulb));
    /// assert!(design.point(DesignBasis::DryBulb1).wet_bulb <= design.max_wet_bulb);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn point(&self, basis: DesignBasis) -> DesignPoint {
        match basis {
            DesignBasis::DryBulb04 => self.dry_bulb_04,
            DesignBasis::DryBulb1 => self.dry_bulb_1,
            DesignBasis::DryBulb2 => self.dry_bulb_2,
            DesignBasis::WetBulb04 => self.wet_bulb_04,
            DesignBasis::WetBulb1 => self.wet_bulb_1,
            DesignBasis::WetBulb2 => self.wet_bulb_2,
            DesignBasis::AnnualMax => DesignPoint {
                dry_bulb: self.max_dry_bulb,
                wet_bulb: self.max_wet_bulb,
            },
        }
    }

    /// The outdoor state to plan at: the basis's dry-bulb and wet-bulb at the mean station
    /// pressure, with the highest water temperature of the year (a plan must hold at the worst
    /// hour, and the warmest water comes weeks after the warmest air).
    ///
    /// ```
    /// use dcplan::climate::{builtin, DesignBasis};
    /// use dcplan::units::*;
    /// let design = builtin("miami")?.design_conditions();
    /// let air = design.ambient(DesignBasis::WetBulb04)?;
    /// assert!((to_celsius(air.wet_bulb()) - to_celsius(design.wet_bulb_04.wet_bulb)).abs() < 1e-5);
    /// assert!(air.water().is_none()); // Miami's built-in climate has no water body
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn ambient(&self, basis: DesignBasis) -> Result<Ambient> {
        let p = self.point(basis);
        let air = Ambient::from_wet_bulb(p.dry_bulb, p.wet_bulb, self.pressure)?;
        match self.max_water {
            Some(water) => air.with_water(water),
            None => Ok(air),
        }
    }
}

impl Climate {
    /// The climate's annual design conditions (see [`DesignConditions`]), computed with its
    /// hours.
    pub fn design_conditions(&self) -> DesignConditions {
        self.design
    }

    /// The design ambient for `basis` (see [`DesignConditions::ambient`]).
    ///
    /// ```
    /// use dcplan::climate::{builtin, DesignBasis};
    /// use dcplan::units::*;
    /// let design = builtin("shanghai-coast")?.design_ambient(DesignBasis::WetBulb1)?;
    /// assert_eq!(to_celsius(design.water().unwrap()), 28.5); // the warmest monthly sea
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn design_ambient(&self, basis: DesignBasis) -> Result<Ambient> {
        self.design_conditions().ambient(basis)
    }
}

fn point(dry_bulb_c: f64, wet_bulb_c: f64) -> DesignPoint {
    DesignPoint {
        dry_bulb: celsius(dry_bulb_c),
        wet_bulb: celsius(wet_bulb_c),
    }
}

fn maximum(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The value of `primary` (`sorted`: the same values in ascending order) exceeded in `fraction`
/// of the hours and the mean of `coincident` over the hours whose `primary` lies within the
/// band around it (`NaN` for no hours).
fn design_pair(primary: &[f64], sorted: &[f64], coincident: &[f64], fraction: f64) -> (f64, f64) {
    let design = exceeded(sorted, fraction);
    let nearest = primary
        .iter()
        .map(|v| (v - design).abs())
        .fold(f64::INFINITY, f64::min);
    let band = COINCIDENT_BAND_K.max(nearest);
    let (sum, count) = primary
        .iter()
        .zip(coincident)
        .filter(|(v, _)| (*v - design).abs() <= band + EDGE_K)
        .fold((0.0, 0usize), |(s, n), (_, c)| (s + c, n + 1));
    (design, sum / count as f64)
}

/// The value exceeded in `fraction` of `sorted` (ascending): the `1 − fraction` quantile,
/// linear between order statistics; `NaN` for no values.
fn exceeded(sorted: &[f64], fraction: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let position = last as f64 * (1.0 - fraction);
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let w = position - below as f64;
    sorted[below] + w * (sorted[above] - sorted[below])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::climate::{Location, WaterProfile};
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn exceedance_interpolates_between_order_statistics() {
        let sorted: Vec<f64> = (0..=1000).map(f64::from).collect();
        assert_relative_eq!(exceeded(&sorted, 0.004), 996.0);
        assert_relative_eq!(exceeded(&sorted, 0.0125), 987.5);
        assert_eq!(exceeded(&sorted, 0.0), 1000.0);
        assert!(exceeded(&[], 0.01).is_nan());
    }

    fn pair(primary: &[f64], coincident: &[f64], fraction: f64) -> (f64, f64) {
        let mut sorted = primary.to_vec();
        sorted.sort_by(f64::total_cmp);
        design_pair(primary, &sorted, coincident, fraction)
    }

    #[test]
    fn coincident_mean_uses_the_band_or_the_nearest_hour() {
        let primary = [10.0, 20.0, 30.0, 30.4, 29.7, 40.0];
        let coincident = [1.0, 2.0, 3.0, 5.0, 4.0, 9.0];
        // 0.4 % of six hours: 98 % of the way from 30.4 to 40; only the 40 °C hour is near.
        let (design, mean) = pair(&primary, &coincident, 0.004);
        assert_relative_eq!(design, 39.808, epsilon = 1e-9);
        assert_eq!(mean, 9.0);
        // 50 %: 29.85; the ±0.5 K band holds 29.7 and 30.0, not 30.4.
        let (design, mean) = pair(&primary, &coincident, 0.5);
        assert_relative_eq!(design, 29.85, epsilon = 1e-9);
        assert_relative_eq!(mean, 3.5);
        // A band with no hour widens to the nearest one.
        let (_, mean) = pair(&[0.0, 10.0], &[1.0, 2.0], 0.5);
        assert_relative_eq!(mean, 1.5);
    }

    #[test]
    fn synthetic_year_gives_known_values_and_water() {
        // Dry-bulb rising 0.005 K per hour from 0 °C, dew point 10 K below.
        let p = Pressure::new::<pascal>(100_000.0);
        let hours = (0..8760)
            .map(|i| {
                let t = f64::from(i) / 200.0;
                Ambient::from_dew_point(celsius(t), celsius(t - 10.0), p).unwrap()
            })
            .collect();
        let site = Location::new(0.0, 0.0, Length::ZERO).unwrap();
        let climate = Climate::new("ramp", site, hours)
            .unwrap()
            .with_water(WaterProfile::singapore_strait())
            .unwrap();
        let d = climate.design_conditions();
        assert_relative_eq!(
            to_celsius(d.dry_bulb_04.dry_bulb),
            8759.0 * 0.996 / 200.0,
            epsilon = 1e-9
        );
        assert_relative_eq!(to_celsius(d.max_dry_bulb), 43.795, epsilon = 1e-9);
        assert_relative_eq!(d.pressure.get::<pascal>(), 100_000.0, epsilon = 1e-6);
        assert_eq!(d.max_water, Some(celsius(30.5)));
        for basis in DesignBasis::ALL {
            let a = d.ambient(basis).unwrap();
            assert_eq!(a.water(), Some(celsius(30.5)));
            assert!(a.wet_bulb() <= a.dry_bulb());
        }
        let hottest = d.ambient(DesignBasis::AnnualMax).unwrap();
        assert_relative_eq!(
            to_celsius(hottest.wet_bulb()),
            to_celsius(d.max_wet_bulb),
            epsilon = 1e-5
        );
    }

    proptest! {
        #[test]
        fn design_values_are_ordered_and_bounded(
            hours in proptest::collection::vec((-40.0f64..50.0, 0.0f64..25.0), 50..3000),
        ) {
            let dry: Vec<f64> = hours.iter().map(|(t, _)| *t).collect();
            let wet: Vec<f64> = hours.iter().map(|(t, depression)| t - depression).collect();
            for (primary, other) in [(&dry, &wet), (&wet, &dry)] {
                let pairs = [0.004, 0.01, 0.02].map(|f| pair(primary, other, f));
                prop_assert!(pairs[0].0 >= pairs[1].0 && pairs[1].0 >= pairs[2].0);
                let lo = other.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = other.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                for (design, mean) in pairs {
                    prop_assert!(design <= maximum(primary));
                    prop_assert!(mean >= lo - 1e-9 && mean <= hi + 1e-9);
                }
            }
        }
    }
}
