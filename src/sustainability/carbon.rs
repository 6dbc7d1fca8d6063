//! The grid's carbon intensity (a constant or an hourly series, average and optionally
//! marginal), the year's emissions, and how much of them shifting load in time could avoid.
//!
//! # The load-shift measure
//!
//! `I_w = Σ_h E_h·CI_h / Σ_h E_h` is the intensity the site's load actually met (facility energy
//! `E_h` of hour `h` weighted by the hour's intensity `CI_h`). The year's energy at its peak
//! hourly power needs `N = ⌈Σ_h E_h / P_peak⌉` hours; `I_N` is the intensity of that energy
//! placed at peak power in the year's `N` cleanest hours (the last one partly) — the least
//! intensity the year's load could meet within its peak power, so `I_N ≤ I_w`. `1 − I_N / I_w`
//! is the share of emissions a site could avoid by moving its load to the cleanest hours of
//! the year: an upper bound (it ignores deadlines, and a site running flat out at its peak has
//! `N` = the year and nothing to shift). The hours above `I_w` are the hours load would leave. The measure is dcplan's; the
//! idea (shifting flexible load in time to lower-carbon hours) is that of Radovanović et al.
//! (2023). Marginal intensities, where given, are the better signal for such decisions; the
//! measure uses the series it is given.
//!
//! # References
//!
//! - ISO/IEC 30134-8:2022, *Data centres — Key performance indicators — Part 8: Carbon usage
//!   effectiveness (CUE)*; The Green Grid, White Paper 32, *Carbon Usage Effectiveness (CUE)*
//!   (2010): CUE = total CO₂ emissions of the data centre's energy / IT energy, = CEF × PUE for
//!   a site supplied by the grid alone.
//! - Radovanović, A. et al. (2023), "Carbon-Aware Computing for Datacenters", *IEEE
//!   Transactions on Power Systems* 38(2): 1270–1280.

use super::series::CalendarSeries;
use crate::error::{Error, Result};
use crate::units::*;
use uom::si::f64::MassPerEnergy;
use uom::si::mass_per_energy::{gram_per_kilowatt_hour, kilogram_per_kilowatt_hour};

/// An emission factor: mass of CO₂(-equivalent) per unit of energy (gCO₂/kWh, kgCO₂/MWh …).
pub type EmissionFactor = MassPerEnergy;

/// An emission factor in grams of CO₂ per kWh.
///
/// ```
/// use dcplan::sustainability::grams_per_kwh;
/// assert!((grams_per_kwh(380.0).get::<uom::si::mass_per_energy::kilogram_per_kilowatt_hour>() - 0.38).abs() < 1e-12);
/// ```
pub fn grams_per_kwh(value: f64) -> EmissionFactor {
    EmissionFactor::new::<gram_per_kilowatt_hour>(value)
}

/// `factor` if it is finite and not negative, else an error naming `field`.
pub fn checked_factor(field: &str, factor: EmissionFactor) -> Result<EmissionFactor> {
    let g = factor.get::<gram_per_kilowatt_hour>();
    if g.is_finite() && g >= 0.0 {
        Ok(factor)
    } else {
        Err(Error::out_of_range(
            field,
            g,
            "g/kWh",
            "an emission factor, finite and not negative",
        ))
    }
}

/// A carbon intensity over the year: one value, or one per hour.
#[derive(Clone, Debug, PartialEq)]
pub enum Intensity {
    /// The same every hour.
    Constant(EmissionFactor),
    /// An hourly series in gCO₂/kWh (see [`super::series`]).
    Hourly(CalendarSeries),
}

impl Intensity {
    /// A constant intensity, validated (finite, not negative).
    pub fn constant(factor: EmissionFactor) -> Result<Self> {
        checked_factor("carbon.intensity", factor).map(Self::Constant)
    }

    /// The intensity at hour `hour` of a climate of `hours` hours.
    #[inline]
    pub fn at(&self, hour: usize, hours: usize) -> EmissionFactor {
        match self {
            Self::Constant(f) => *f,
            Self::Hourly(s) => grams_per_kwh(s.at(hour, hours)),
        }
    }

    /// Checks that an hourly series covers a climate of `hours` hours.
    pub fn covers(&self, hours: usize) -> Result<()> {
        match self {
            Self::Constant(_) => Ok(()),
            Self::Hourly(s) => s.covers(hours),
        }
    }

    /// The mean over a climate's hours (hours weighted alike).
    pub fn mean(&self, hours: usize) -> EmissionFactor {
        match self {
            Self::Constant(f) => *f,
            Self::Hourly(s) => grams_per_kwh(s.for_climate(hours).sum::<f64>() / hours as f64),
        }
    }
}

/// The grid's carbon intensity: average (for reporting emissions) and optionally marginal (the
/// emissions a change of load causes).
#[derive(Clone, Debug, PartialEq)]
pub struct GridCarbon {
    /// Average intensity of the grid's electricity.
    pub average: Intensity,
    /// Marginal intensity, if known.
    pub marginal: Option<Intensity>,
}

/// The carbon figures of a year.
///
/// # Units
///
/// Masses of CO₂(-equivalent); intensities per kWh of facility energy at the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CarbonYear {
    /// Emissions of the facility's grid energy at the average intensity, `Σ_h E_h·CI_h`, plus
    /// those of other sources added with [`CarbonYear::add_source`].
    pub emissions: Mass,
    /// Emissions at the marginal intensity, if one is given.
    pub marginal_emissions: Option<Mass>,
    /// Energy-weighted average intensity the load met, `I_w` (see the module documentation).
    pub weighted_intensity: EmissionFactor,
    /// Mean intensity over the hours, weighted alike.
    pub mean_intensity: EmissionFactor,
    /// Hours needed to carry the year's energy at its peak power, `N` (0 without energy).
    pub cleanest_hours: u32,
    /// Intensity of the year's energy at peak power in the `N` cleanest hours, `I_N`.
    pub cleanest_intensity: EmissionFactor,
    /// Hours whose intensity is above `I_w`: where load would move from.
    pub hours_above_weighted: u32,
}

impl CarbonYear {
    /// The year from its emissions and the grid's intensities: `facility` is the year's
    /// facility energy, `peak` its highest hourly power, `hours` the climate's.
    pub fn new(
        carbon: &GridCarbon,
        emissions: Mass,
        marginal_emissions: Option<Mass>,
        facility: Energy,
        peak: Power,
        hours: usize,
    ) -> Self {
        let kwh = facility.get::<kilowatt_hour>();
        let mean_intensity = carbon.average.mean(hours);
        let weighted_intensity = if kwh > 0.0 {
            EmissionFactor::new::<kilogram_per_kilowatt_hour>(emissions.get::<kilogram>() / kwh)
        } else {
            mean_intensity
        };
        let mut sorted: Vec<f64> = (0..hours)
            .map(|h| carbon.average.at(h, hours).get::<gram_per_kilowatt_hour>())
            .collect();
        sorted.sort_by(f64::total_cmp);
        // The year's energy at its peak power, cleanest hours first, the last one partly.
        let peak_kwh = peak.get::<kilowatt>();
        let (mut left, mut grams, mut needed) = (kwh, 0.0, 0);
        for g in &sorted {
            if left <= 0.0 || peak_kwh <= 0.0 {
                break;
            }
            let take = left.min(peak_kwh);
            grams += take * g;
            left -= take;
            needed += 1;
        }
        let cleanest = if needed > 0 && kwh > 0.0 {
            grams_per_kwh(grams / kwh)
        } else {
            weighted_intensity
        };
        let w = weighted_intensity.get::<gram_per_kilowatt_hour>();
        Self {
            emissions,
            marginal_emissions,
            weighted_intensity,
            mean_intensity,
            cleanest_hours: needed,
            cleanest_intensity: cleanest,
            hours_above_weighted: sorted.iter().filter(|&&g| g > w).count() as u32,
        }
    }

    /// The share of emissions shifting load to the cleanest hours could avoid at most,
    /// `1 − I_N / I_w` (0 on a carbon-free grid).
    ///
    /// # References
    ///
    /// dcplan's measure (module documentation), after Radovanović et al. (2023).
    pub fn shift_potential(&self) -> Fraction {
        let w = self.weighted_intensity.get::<gram_per_kilowatt_hour>();
        let n = self.cleanest_intensity.get::<gram_per_kilowatt_hour>();
        let share = if w > 0.0 { 1.0 - n / w } else { 0.0 };
        Fraction::new(share.clamp(0.0, 1.0)).unwrap_or(Fraction::new_const(0.0))
    }

    /// Adds the emissions of `energy` from another source with its emission factor `factor`
    /// per unit of that energy: on-site generation's fuel (HHV) at the fuel's factor, as
    /// [`crate::simulate::OperatedYear::carbon`] adds it (the electricity it makes is then
    /// not also counted as grid energy: the grid's emissions are on the grid import).
    ///
    /// ```
    /// use dcplan::sustainability::{grams_per_kwh, CarbonYear};
    /// use dcplan::units::*;
    /// # let carbon = dcplan::sustainability::GridCarbon { average: dcplan::sustainability::Intensity::Constant(grams_per_kwh(0.0)), marginal: None };
    /// let mut year = CarbonYear::new(&carbon, Mass::ZERO, None, megawatt_hours(1.0), megawatts(1.0), 8760);
    /// year.add_source(megawatt_hours(10.0), grams_per_kwh(400.0))?;
    /// assert!((year.emissions.get::<kilogram>() - 4_000.0).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn add_source(&mut self, energy: Energy, factor: EmissionFactor) -> Result<()> {
        let factor = checked_factor("source.emission_factor", factor)?;
        self.emissions += energy * factor;
        Ok(())
    }
}

impl crate::units::parse::Quantity for EmissionFactor {
    const WHAT: &'static str = "an emission factor";
    const EXAMPLE: &'static str = "380 g/kWh";
    /// uom's mass-per-energy units (`g/kWh`, `kg/MWh`, `lb/MWh` …), with `CO2`, `CO₂`,
    /// `CO2e` or `CO2eq` after the mass unit accepted (`"380 gCO2/kWh"`).
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        use std::str::FromStr;
        let mut unit_text = text.to_owned();
        for tag in ["CO2eq", "CO2e", "CO₂e", "CO2", "CO₂"] {
            unit_text = unit_text.replace(tag, "");
        }
        EmissionFactor::from_str(&unit_text)
            .ok()
            .map(|f| checked_factor("", f))
    }
}
