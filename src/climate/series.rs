//! [`Climate`]: a named place and one year of hourly [`Ambient`]s.

use super::{Ambient, DesignConditions, WaterProfile};
use crate::error::{Error, Result};
use crate::units::*;

/// Hours in a common year.
pub(crate) const HOURS_COMMON_YEAR: usize = 8_760;
/// Hours in a leap year.
pub(crate) const HOURS_LEAP_YEAR: usize = 8_784;

/// Lowest elevation of a [`Location`], m: the lower end of the standard atmosphere
/// (ASHRAE Handbook—Fundamentals 2017, ch. 1, eq. 3) that
/// [`standard_pressure`](super::psychrometrics::standard_pressure) accepts.
const MIN_ELEVATION_M: f64 = -500.0;

/// Where a climate was measured: latitude and longitude in decimal degrees (north and east
/// positive, WGS 84 as weather files give them) and elevation above sea level.
///
/// ```
/// use dcplan::climate::Location;
/// use dcplan::units::*;
/// let dulles = Location::new(38.98, -77.47, Length::new::<meter>(82.0))?;
/// assert_eq!(dulles.latitude_deg(), 38.98);
/// assert!(Location::new(91.0, 0.0, Length::new::<meter>(0.0)).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Location {
    latitude_deg: f64,
    longitude_deg: f64,
    elevation: Length,
}

impl Location {
    /// Validates latitude (−90…90°), longitude (−180…180°) and elevation (−500…9,999.9 m:
    /// the EPW format's highest value, and the lowest altitude of the standard atmosphere the
    /// simulation takes the site's air pressure from,
    /// [`standard_pressure`](super::psychrometrics::standard_pressure); the lowest land, the
    /// Dead Sea shore, lies at −430 m).
    pub fn new(latitude_deg: f64, longitude_deg: f64, elevation: Length) -> Result<Self> {
        within("latitude", latitude_deg, "°", -90.0, 90.0)?;
        within("longitude", longitude_deg, "°", -180.0, 180.0)?;
        within(
            "elevation",
            elevation.get::<meter>(),
            "m",
            MIN_ELEVATION_M,
            9_999.9,
        )?;
        Ok(Self {
            latitude_deg,
            longitude_deg,
            elevation,
        })
    }

    /// Latitude in decimal degrees, north positive.
    pub fn latitude_deg(&self) -> f64 {
        self.latitude_deg
    }
    /// Longitude in decimal degrees, east positive.
    pub fn longitude_deg(&self) -> f64 {
        self.longitude_deg
    }
    /// Elevation above mean sea level.
    pub fn elevation(&self) -> Length {
        self.elevation
    }
}

/// One year of hourly outdoor states at a place: 8,760 [`Ambient`]s (8,784 in a leap year),
/// hour ending 01:00 on 1 January first, in local standard time — the layout of typical-year
/// weather files. Optionally a [`WaterProfile`] gives every hour a water-body temperature.
///
/// Build one from an EPW file ([`Climate::from_epw`]), take a [`builtin`](fn@super::builtin),
/// or assemble the hours yourself:
///
/// ```
/// use dcplan::climate::{Ambient, Climate, Location};
/// use dcplan::units::*;
/// let ambient = Ambient::from_dew_point(celsius(20.0), celsius(10.0), Pressure::new::<pascal>(101_325.0))?;
/// let site = Location::new(0.0, 0.0, Length::new::<meter>(0.0))?;
/// let climate = Climate::new("constant", site, vec![ambient; 8760])?;
/// assert_eq!(climate.len(), 8760);
/// assert_eq!(to_celsius(climate.mean_dry_bulb()), 20.0);
/// assert!(Climate::new("short", site, vec![ambient; 100]).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Climate {
    name: String,
    location: Location,
    hours: Vec<Ambient>,
    water: Option<WaterProfile>,
    /// Computed with the hours: a sweep or planner asks for them once per scenario.
    pub(super) design: DesignConditions,
}

impl Climate {
    /// A climate from its hours, which must number 8,760 or 8,784.
    pub fn new(name: impl Into<String>, location: Location, hours: Vec<Ambient>) -> Result<Self> {
        if hours.len() != HOURS_COMMON_YEAR && hours.len() != HOURS_LEAP_YEAR {
            return Err(Error::inconsistent(
                "hours",
                format!(
                    "a climate needs one year of hourly values ({HOURS_COMMON_YEAR}, or \
                     {HOURS_LEAP_YEAR} in a leap year), found {}",
                    hours.len()
                ),
            ));
        }
        Self::from_hours(name, location, hours)
    }

    /// A climate of any number of hours from one to a leap year's 8,784, for studies and tests
    /// that need fewer hours than a year (a design week, a synthetic square wave). Hour `i` is
    /// hour `i` of the year from 1 January 00:00, so month-based schedules see January first;
    /// [`Climate::is_leap_year`] is `true` only for 8,784 hours. Annual sums over such a climate
    /// cover its hours only.
    ///
    /// ```
    /// use dcplan::climate::{Ambient, Climate, Location};
    /// use dcplan::units::*;
    /// let p = Pressure::new::<pascal>(101_325.0);
    /// let hot = Ambient::from_dew_point(celsius(40.0), celsius(10.0), p)?;
    /// let cool = Ambient::from_dew_point(celsius(15.0), celsius(5.0), p)?;
    /// // Two days of a square wave: 6 hot hours, then 18 cool ones.
    /// let day = [vec![hot; 6], vec![cool; 18]].concat();
    /// let site = Location::new(0.0, 0.0, Length::new::<meter>(0.0))?;
    /// let climate = Climate::from_hours("square wave", site, day.repeat(2))?;
    /// assert_eq!(climate.len(), 48);
    /// assert!(Climate::from_hours("none", site, Vec::new()).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_hours(
        name: impl Into<String>,
        location: Location,
        hours: Vec<Ambient>,
    ) -> Result<Self> {
        if hours.is_empty() || hours.len() > HOURS_LEAP_YEAR {
            return Err(Error::out_of_range(
                "hours",
                hours.len() as f64,
                "",
                &format!("between 1 and {HOURS_LEAP_YEAR} hourly values"),
            ));
        }
        Ok(Self {
            name: name.into(),
            location,
            design: DesignConditions::from_hours(&hours, None),
            hours,
            water: None,
        })
    }

    /// The same climate with every hour's water temperature taken from `profile`, evaluated at
    /// the middle of the hour (see [`WaterProfile::at_day`]).
    ///
    /// ```
    /// use dcplan::climate::{builtin, WaterProfile};
    /// use dcplan::units::*;
    /// let sea = WaterProfile::from_celsius([10., 9., 10., 12., 15., 18., 21., 22., 20., 17., 14., 11.])?;
    /// let climate = builtin("san-francisco")?.with_water(sea)?;
    /// let t = to_celsius(climate.hours()[0].water().unwrap());
    /// assert!(t > 10.0 && t < 10.5); // 1 January lies between the December and January values
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_water(mut self, profile: WaterProfile) -> Result<Self> {
        let leap = self.is_leap_year();
        for (i, ambient) in self.hours.iter_mut().enumerate() {
            let days = (i as f64 + 0.5) / 24.0;
            *ambient = ambient.with_water(profile.at_day(days, leap))?;
        }
        self.design = DesignConditions::from_hours(&self.hours, Some(&profile));
        self.water = Some(profile);
        Ok(self)
    }

    /// Name of the place (from the weather file, or as given).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Where the weather was recorded.
    pub fn location(&self) -> Location {
        self.location
    }
    /// The hourly states, hour ending 01:00 on 1 January first.
    pub fn hours(&self) -> &[Ambient] {
        &self.hours
    }
    /// Iterates over the hourly states.
    pub fn iter(&self) -> std::slice::Iter<'_, Ambient> {
        self.hours.iter()
    }
    /// Number of hours: 8,760, or 8,784 in a leap year (fewer for a climate made
    /// [`from_hours`](Climate::from_hours)).
    pub fn len(&self) -> usize {
        self.hours.len()
    }
    /// Always `false`: a climate holds at least one hour.
    pub fn is_empty(&self) -> bool {
        self.hours.is_empty()
    }
    /// Whether the year has 366 days (8,784 hours).
    pub fn is_leap_year(&self) -> bool {
        self.hours.len() == HOURS_LEAP_YEAR
    }
    /// The water-body temperature profile set by [`Climate::with_water`], if any.
    pub fn water_profile(&self) -> Option<&WaterProfile> {
        self.water.as_ref()
    }
    /// Annual mean dry-bulb temperature.
    pub fn mean_dry_bulb(&self) -> ThermodynamicTemperature {
        let sum: f64 = self.hours.iter().map(|h| to_celsius(h.dry_bulb())).sum();
        celsius(sum / self.hours.len() as f64)
    }
}

impl<'a> IntoIterator for &'a Climate {
    type Item = &'a Ambient;
    type IntoIter = std::slice::Iter<'a, Ambient>;
    fn into_iter(self) -> Self::IntoIter {
        self.hours.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ambient_at(t: f64) -> Ambient {
        Ambient::from_dew_point(
            celsius(t),
            celsius(t - 8.0),
            Pressure::new::<pascal>(101_325.0),
        )
        .unwrap()
    }

    fn origin() -> Location {
        Location::new(0.0, 0.0, Length::ZERO).unwrap()
    }

    #[test]
    fn accepts_common_and_leap_years_only() {
        assert!(
            !Climate::new("c", origin(), vec![ambient_at(10.0); 8760])
                .unwrap()
                .is_leap_year()
        );
        assert!(
            Climate::new("l", origin(), vec![ambient_at(10.0); 8784])
                .unwrap()
                .is_leap_year()
        );
        let msg = Climate::new("x", origin(), vec![ambient_at(10.0); 8761])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("hours") && msg.contains("8761"), "{msg}");
        assert!(Climate::new("e", origin(), Vec::new()).is_err());
    }

    #[test]
    fn location_rejects_bad_values() {
        assert!(Location::new(f64::NAN, 0.0, Length::ZERO).is_err());
        assert!(Location::new(0.0, 181.0, Length::ZERO).is_err());
        let msg = Location::new(0.0, 0.0, Length::new::<meter>(12_000.0))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("elevation") && msg.contains("12000"), "{msg}");
    }

    #[test]
    fn with_water_sets_every_hour_and_iterates() {
        let profile = WaterProfile::from_celsius([20.0; 12]).unwrap();
        let climate = Climate::new("w", origin(), vec![ambient_at(25.0); 8760])
            .unwrap()
            .with_water(profile)
            .unwrap();
        assert!(
            (&climate)
                .into_iter()
                .all(|h| h.water() == Some(celsius(20.0)))
        );
        assert_eq!(climate.iter().count(), 8760);
        assert_eq!(climate.water_profile(), Some(&profile));
    }
}
