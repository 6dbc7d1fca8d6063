//! Contracted renewable electricity: an annual share, or an hourly supply matched hour by hour,
//! and the renewable energy factor.
//!
//! REF = E_renewable / E_DC (ISO/IEC 30134-3; EN 50600-4-3): the renewable energy the data
//! centre uses over its total energy. An annual contracted share is that share of the year's
//! facility energy. An hourly contracted supply counts, each hour, the supply up to that hour's
//! facility energy (`Σ_h min(E_h, S_h·1 h)`): supply in hours the site cannot use is not the
//! site's, the stricter hour-by-hour matching.
//!
//! # References
//!
//! - ISO/IEC 30134-3:2016, *Data centres — Key performance indicators — Part 3: Renewable
//!   energy factor (REF)*; EN 50600-4-3.
//! - Commission Delegated Regulation (EU) 2024/1364, Annex III (d): REF = E_RES-TOT / E_DC.

use super::series::CalendarSeries;
use crate::error::Result;
use crate::units::*;

/// The renewable electricity a site contracts.
#[derive(Clone, Debug, PartialEq)]
pub enum Renewables {
    /// A share of the year's facility energy.
    Share(Fraction),
    /// An hourly supply in MW (see [`super::series`]), matched hour by hour.
    HourlySupply(CalendarSeries),
}

impl Renewables {
    /// The renewable energy the site uses in hour `hour` of a climate of `hours` hours, in
    /// which it draws `facility`: the supply up to the demand (0 for an annual share, which is
    /// applied to the year, see [`Renewables::of_year`]).
    #[inline]
    pub fn matched(&self, hour: usize, hours: usize, facility: Energy) -> Energy {
        match self {
            Self::Share(_) => Energy::ZERO,
            Self::HourlySupply(s) => {
                let supply = megawatt_hours(s.at(hour, hours));
                if supply < facility { supply } else { facility }
            }
        }
    }

    /// The year's renewable energy: the share of `facility`, or `matched` (the sum of
    /// [`Renewables::matched`] over the hours).
    pub fn of_year(&self, facility: Energy, matched: Energy) -> Energy {
        match self {
            Self::Share(f) => facility * f.get(),
            Self::HourlySupply(_) => matched,
        }
    }

    /// Checks that an hourly supply covers a climate of `hours` hours.
    pub fn covers(&self, hours: usize) -> Result<()> {
        match self {
            Self::Share(_) => Ok(()),
            Self::HourlySupply(s) => s.covers(hours),
        }
    }
}

/// Renewable energy factor, `E_renewable / E_facility`, from 0 to 1; an error without
/// facility energy.
///
/// ```
/// use dcplan::sustainability::renewable_energy_factor;
/// use dcplan::units::*;
/// let r = renewable_energy_factor(megawatt_hours(400.0), megawatt_hours(1000.0))?;
/// assert!((r.get() - 0.4).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ISO/IEC 30134-3:2016; EU 2024/1364 Annex III (d) (module documentation).
pub fn renewable_energy_factor(renewable: Energy, facility: Energy) -> Result<Fraction> {
    crate::metrics::share_of_facility("ref", renewable, facility)
}
