//! Water-body (sea, lake, river) temperature through the year: a [`WaterProfile`] of twelve
//! monthly means, interpolated linearly by day of year.
//!
//! Two sourced coastal profiles are provided for seawater-cooled sites:
//! [`WaterProfile::shanghai_lingang`] and [`WaterProfile::singapore_strait`]. Both are
//! **planning defaults** assembled from the public figures cited on each; override them with
//! site measurements (intake depth matters: a deep intake is colder in summer than the surface
//! values given here).

use crate::error::Result;
use crate::units::*;

/// Days in each month of a common year.
const MONTH_DAYS: [f64; 12] = [
    31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
];

/// Nearshore surface water off Lingang / Nanhui (Hangzhou Bay mouth, East China Sea), °C.
const SHANGHAI_LINGANG_C: [f64; 12] = [
    8.0, 7.0, 9.0, 13.5, 18.5, 23.0, 27.0, 28.5, 27.0, 22.5, 17.5, 12.5,
];

/// Surface water of the Singapore Strait (Singapore, Batam), °C.
const SINGAPORE_STRAIT_C: [f64; 12] = [
    27.8, 28.0, 28.7, 29.7, 30.5, 30.1, 29.6, 29.4, 29.5, 29.6, 29.2, 28.3,
];

/// Monthly mean water temperatures, one per calendar month, each taken to hold at the middle
/// of its month; between mid-months the temperature is interpolated linearly, wrapping from
/// December to January. Values must lie between −2 °C (sea ice forms) and 40 °C.
///
/// ```
/// use dcplan::climate::WaterProfile;
/// use dcplan::units::*;
/// let lake = WaterProfile::from_celsius([4., 4., 5., 8., 13., 18., 22., 23., 20., 15., 10., 6.])?;
/// // Mid-July (day 196.5 counted from 1 January 00:00) is July's value:
/// assert!((to_celsius(lake.at_day(196.5, false)) - 22.0).abs() < 1e-12);
/// // 1 August 00:00 lies halfway between mid-July and mid-August:
/// assert!((to_celsius(lake.at_day(212.0, false)) - 22.5).abs() < 1e-12);
/// assert_eq!(to_celsius(lake.max()), 23.0);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Monthly mean water temperatures (°C at the intake: surface values unless the site says
/// otherwise). Time is counted in days since 1 January 00:00 local standard time, the middle of
/// month `m` at `start_m + length_m/2` (February 28 days, 29 in a leap year).
///
/// # References
///
/// The two built-in profiles cite their sources ([`WaterProfile::shanghai_lingang`],
/// [`WaterProfile::singapore_strait`]; `docs/models.md`, "Water bodies"); otherwise the
/// profile is the user's site data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaterProfile {
    monthly_c: [f64; 12],
}

impl WaterProfile {
    /// A profile from twelve monthly mean temperatures, January first.
    ///
    /// ```
    /// use dcplan::climate::WaterProfile;
    /// use dcplan::units::*;
    /// let river = WaterProfile::new([celsius(12.0); 12])?;
    /// assert_eq!(river.mean(), celsius(12.0));
    /// assert!(WaterProfile::new([celsius(41.0); 12]).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn new(monthly: [ThermodynamicTemperature; 12]) -> Result<Self> {
        Self::from_celsius(monthly.map(to_celsius))
    }

    /// A profile from twelve monthly means in °C, January first.
    pub fn from_celsius(monthly_c: [f64; 12]) -> Result<Self> {
        for (month, t) in monthly_c.iter().enumerate() {
            within(
                &format!("water_temperature.month_{}", month + 1),
                *t,
                "°C",
                -2.0,
                40.0,
            )?;
        }
        Ok(Self { monthly_c })
    }

    /// Nearshore surface seawater off Shanghai's Lingang / Nanhui coast (north shore of the
    /// Hangzhou Bay mouth, East China Sea): 7 °C in February to 28.5 °C in August, annual
    /// mean 17.8 °C — colder in winter and about 6 K colder on the year than the open East
    /// China Sea (annual mean 23.7 °C, Sun et al. 2019, J. Coastal Research SI 90), because
    /// the shallow bay and the Changjiang (Yangtze) plume follow the air.
    ///
    /// **Planning default** (no published monthly climatology for this spot was found), fitted
    /// to these public figures:
    /// * Shanghai Marine Monitoring and Forecasting Center, *Ocean Status Report* no. 50
    ///   (31 Aug 2023): July 2023 monthly means at the Shanghai stations 24.3–28.8 °C; no. 64
    ///   (15 Oct 2024): September 2024 27.4–29.9 °C, 1.5 K below August and 1.6 K above
    ///   September 2023 (swj.sh.gov.cn) \[primary, single years\];
    /// * winter surface water near Hangzhou Bay 5–7 °C, below 5 °C off the Changjiang mouth
    ///   (physical-oceanography course notes on East China Sea temperature,
    ///   360docs.net/doc/112325630) \[secondary\];
    /// * satellite-derived sea temperature for Shanghai: February mean 7.7 °C, warmest month
    ///   August 29.4 °C (weather-stats.com); December mean 13 °C (seatemperature.net)
    ///   \[secondary\];
    /// * reports on the Lingang underwater data centre give the sea area's annual mean as about
    ///   15 °C, or below it (China.org.cn, 9 May 2026; People's Daily, 18 May 2026) — below this
    ///   profile's 17.8 °C, perhaps for the ~35 m deep modules \[secondary, unverified\].
    ///
    /// ```
    /// use dcplan::climate::WaterProfile;
    /// use dcplan::units::*;
    /// let sea = WaterProfile::shanghai_lingang();
    /// assert_eq!(to_celsius(sea.max()), 28.5);
    /// assert_eq!(to_celsius(sea.min()), 7.0);
    /// ```
    pub fn shanghai_lingang() -> Self {
        Self {
            monthly_c: SHANGHAI_LINGANG_C,
        }
    }

    /// Surface seawater of the Singapore Strait (Singapore, Batam, Bintan): 27.8 °C in January
    /// to 30.5 °C in May, annual mean 29.2 °C.
    ///
    /// **Planning default** anchored on: "the highest average monthly temperature here is
    /// usually 30.5 °C" (St John's Island National Marine Laboratory, Marine Environment
    /// Sensing Network, quoted by The Straits Times, 20 May 2024) \[secondary quoting the
    /// operator\]; the seasonal shape — coolest in the wet north-east monsoon (December–February),
    /// warmest in the March–August transition — from Mubarak et al., "Sea Surface Temperature
    /// and Rainfall Trends in the Singapore Strait from 2002 to 2019", Indonesian Journal of
    /// Geography (jurnal.ugm.ac.id/ijg/article/view/68738) \[primary, shape only\]. Marine
    /// heatwaves exceed it: May 2024 ran at 30.8–31.8 °C.
    ///
    /// ```
    /// use dcplan::climate::WaterProfile;
    /// use dcplan::units::*;
    /// let strait = WaterProfile::singapore_strait();
    /// assert_eq!(to_celsius(strait.max()), 30.5);
    /// assert!((to_celsius(strait.mean()) - 29.2).abs() < 0.05);
    /// ```
    pub fn singapore_strait() -> Self {
        Self {
            monthly_c: SINGAPORE_STRAIT_C,
        }
    }

    /// The twelve monthly means, January first.
    pub fn monthly(&self) -> [ThermodynamicTemperature; 12] {
        self.monthly_c.map(celsius)
    }

    /// The temperature `days` days after 1 January 00:00 (fractional; 0 ≤ days < 365, or 366
    /// in a `leap_year`; values outside wrap around the year).
    pub fn at_day(&self, days: f64, leap_year: bool) -> ThermodynamicTemperature {
        let lengths = month_lengths(leap_year);
        let year_length: f64 = lengths.iter().sum();
        let mut mids = [0.0; 12];
        let mut start = 0.0;
        for (mid, len) in mids.iter_mut().zip(lengths) {
            *mid = start + len / 2.0;
            start += len;
        }
        let days = days.rem_euclid(year_length);
        // The mid-month nodes around `days`, wrapping between December and January.
        let (i, t0, t1) = match mids.iter().rposition(|&m| m <= days) {
            None => (11, mids[11] - year_length, mids[0]),
            Some(11) => (11, mids[11], mids[0] + year_length),
            Some(i) => (i, mids[i], mids[i + 1]),
        };
        let j = (i + 1) % 12;
        let w = (days - t0) / (t1 - t0);
        celsius(self.monthly_c[i] + w * (self.monthly_c[j] - self.monthly_c[i]))
    }

    /// The warmest monthly mean: the water temperature a plan must hold at.
    pub fn max(&self) -> ThermodynamicTemperature {
        celsius(self.monthly_c.iter().copied().fold(f64::MIN, f64::max))
    }

    /// The coldest monthly mean.
    pub fn min(&self) -> ThermodynamicTemperature {
        celsius(self.monthly_c.iter().copied().fold(f64::MAX, f64::min))
    }

    /// The mean of the twelve monthly values.
    pub fn mean(&self) -> ThermodynamicTemperature {
        celsius(self.monthly_c.iter().sum::<f64>() / 12.0)
    }
}

fn month_lengths(leap_year: bool) -> [f64; 12] {
    let mut lengths = MONTH_DAYS;
    if leap_year {
        lengths[1] = 29.0;
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn hits_the_monthly_values_at_mid_month() {
        let p = WaterProfile::shanghai_lingang();
        let mut start = 0.0;
        for (month, len) in MONTH_DAYS.iter().enumerate() {
            let t = to_celsius(p.at_day(start + len / 2.0, false));
            assert_relative_eq!(t, SHANGHAI_LINGANG_C[month], epsilon = 1e-9);
            start += len;
        }
    }

    #[test]
    fn wraps_from_december_to_january() {
        let p = WaterProfile::from_celsius([
            10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0,
        ])
        .unwrap();
        // Mid-December (349.5) to mid-January (365 + 15.5): 31 days; 1 January 00:00 is
        // 15.5 days after mid-December.
        assert_relative_eq!(to_celsius(p.at_day(0.0, false)), 15.0, epsilon = 1e-9);
        assert_relative_eq!(to_celsius(p.at_day(365.0, false)), 15.0, epsilon = 1e-9);
        assert_relative_eq!(
            to_celsius(p.at_day(-0.5, false)),
            to_celsius(p.at_day(364.5, false))
        );
        // A leap year moves the mid-month nodes after February by a day.
        assert_relative_eq!(to_celsius(p.at_day(350.5, true)), 20.0, epsilon = 1e-9);
    }

    #[test]
    fn rejects_out_of_range_months() {
        let mut values = [15.0; 12];
        values[6] = 45.0;
        let msg = WaterProfile::from_celsius(values).unwrap_err().to_string();
        assert!(msg.contains("month_7") && msg.contains("45"), "{msg}");
        values[6] = f64::NAN;
        assert!(WaterProfile::from_celsius(values).is_err());
    }

    #[test]
    fn sourced_profiles_are_valid_and_ordered() {
        for p in [
            WaterProfile::shanghai_lingang(),
            WaterProfile::singapore_strait(),
        ] {
            let again = WaterProfile::new(p.monthly()).unwrap();
            for (a, b) in again.monthly().into_iter().zip(p.monthly()) {
                assert_relative_eq!(to_celsius(a), to_celsius(b), epsilon = 1e-9);
            }
        }
        // Nearshore Lingang is colder on the year than the open East China Sea (23.7 °C).
        assert!(to_celsius(WaterProfile::shanghai_lingang().mean()) < 23.7);
        let strait = WaterProfile::singapore_strait();
        assert!(to_celsius(strait.min()) >= 27.5 && to_celsius(strait.max()) <= 31.0);
    }

    proptest! {
        #[test]
        fn interpolation_stays_within_the_monthly_range(
            values in proptest::array::uniform12(-2.0f64..40.0),
            days in -400.0f64..800.0,
            leap in any::<bool>(),
        ) {
            let p = WaterProfile::from_celsius(values).unwrap();
            let t = to_celsius(p.at_day(days, leap));
            prop_assert!(t >= to_celsius(p.min()) - 1e-9 && t <= to_celsius(p.max()) + 1e-9);
        }
    }
}
