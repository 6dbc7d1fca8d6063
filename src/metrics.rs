//! Efficiency metrics as defined by The Green Grid and ISO/IEC 30134.
//!
//! * PUE = facility energy / IT energy (ISO/IEC 30134-2:2016; The Green Grid White Paper 49).
//!   Facility energy is measured at the utility input; where IT energy is measured sets the PUE
//!   category: 1 at the UPS output, 2 at the PDU output, 3 at the IT equipment input
//!   ([`ItMeasurement`]). An annual PUE is the ratio of annual energies, not a mean of hourly
//!   ratios.
//! * Partial PUE of a subsystem (The Green Grid White Paper 49 / ISO/IEC 30134-2 Annex): pPUE
//!   = (IT energy + the subsystem's energy) / IT energy, here for cooling and for electrical
//!   losses.
//! * WUE = site water use / IT energy, L/kWh (ISO/IEC 30134-9:2022; The Green Grid WP 35).
//! * CUE = CO₂ of the data centre's energy / IT energy, kg/kWh (ISO/IEC 30134-8:2022; The
//!   Green Grid WP 32): CEF × PUE for a site on the grid alone.
//! * ERF = energy reused / data-centre energy (ISO/IEC 30134-6:2021); ERE = (1 − ERF)·PUE
//!   (The Green Grid WP 29).
//!
//! # References
//!
//! - ISO/IEC 30134-2:2016, *Information technology — Data centres — Key performance
//!   indicators — Part 2: Power usage effectiveness (PUE)*: PUE categories by IT measurement
//!   point; partial PUE of a subsystem.
//! - The Green Grid, White Paper 49, *PUE: A Comprehensive Examination of the Metric* (2012).
//! - ISO/IEC 30134-9:2022, *Part 9: Water usage effectiveness (WUE)*; The Green Grid, White
//!   Paper 35, *Water Usage Effectiveness (WUE): A Green Grid Data Center Sustainability
//!   Metric* (2011).
//!
//! ```
//! use dcplan::metrics::pue;
//! use dcplan::units::*;
//! let p = pue(Energy::new::<megawatt_hour>(1150.0), Energy::new::<megawatt_hour>(1000.0))?;
//! assert!((p.get() - 1.15).abs() < 1e-12);
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::operating::OperatingPoint;
use crate::sustainability::{EmissionFactor, WaterIntensity, checked_factor};
use crate::units::*;
use serde::{Deserialize, Serialize};

/// Where IT energy is measured, which sets the PUE category of ISO/IEC 30134-2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItMeasurement {
    /// Category 1: at the UPS output.
    UpsOutput,
    /// Category 2: at the PDU output.
    PduOutput,
    /// Category 3: at the IT equipment input — the racks' input, ahead of their own power
    /// conversion (an AC power shelf, or an 800 V DC/DC converter), in either layout.
    ItInput,
}

impl ItMeasurement {
    /// The PUE category number (1, 2 or 3).
    pub fn category(self) -> u8 {
        match self {
            ItMeasurement::UpsOutput => 1,
            ItMeasurement::PduOutput => 2,
            ItMeasurement::ItInput => 3,
        }
    }
}

/// Why a ratio to IT energy has no value.
const UNDEFINED_WITHOUT_IT: &str =
    "undefined without IT energy (no racks running: nothing fits, or none were placed)";

fn ratio_as_pue(field: &str, numerator: f64, it: f64) -> Result<Pue> {
    if it.is_nan() || it <= 0.0 {
        return Err(Error::inconsistent(field, UNDEFINED_WITHOUT_IT));
    }
    Pue::new(numerator / it).map_err(|e| e.with_field(field.to_owned()))
}

/// PUE from facility and IT energy.
///
/// # Units
///
/// Both energies over the same period (a year for an annual PUE), facility energy at the
/// utility input, IT energy at the chosen measurement point ([`ItMeasurement`]); the unit
/// cancels.
///
/// # References
///
/// ISO/IEC 30134-2:2016; The Green Grid WP 49 (module documentation).
pub fn pue(facility: Energy, it: Energy) -> Result<Pue> {
    ratio_as_pue("pue", facility.get::<joule>(), it.get::<joule>())
}

/// Partial PUE of a subsystem: `(IT + subsystem) / IT`.
///
/// ```
/// use dcplan::metrics::partial_pue;
/// use dcplan::units::*;
/// let cooling = partial_pue(Energy::new::<megawatt_hour>(80.0), Energy::new::<megawatt_hour>(1000.0))?;
/// assert!((cooling.get() - 1.08).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// The Green Grid WP 49 (partial PUE); ISO/IEC 30134-2:2016.
pub fn partial_pue(subsystem: Energy, it: Energy) -> Result<Pue> {
    ratio_as_pue(
        "partial_pue",
        it.get::<joule>() + subsystem.get::<joule>(),
        it.get::<joule>(),
    )
}

/// Water usage effectiveness: site water per kWh of IT energy.
///
/// ```
/// use dcplan::metrics::wue;
/// use dcplan::units::*;
/// let w = wue(Volume::new::<liter>(1_800.0), Energy::new::<megawatt_hour>(1.0))?;
/// assert!((w.get_liters_per_kwh() - 1.8).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `water` is site water drawn (make-up: evaporation, blowdown), `it` IT energy over the
/// same period; the result is a [`WaterIntensity`] (litres per kWh).
///
/// # References
///
/// ISO/IEC 30134-9:2022; The Green Grid WP 35 (2011): site WUE = annual site water / IT
/// energy.
pub fn wue(water: Volume, it: Energy) -> Result<WaterIntensity> {
    WaterIntensity::of_ratio(water, it)
}

/// Carbon usage effectiveness: CO₂ emitted for the data centre's energy per kWh of IT
/// energy, `CUE = emissions / E_IT`.
///
/// ```
/// use dcplan::metrics::cue;
/// use dcplan::units::*;
/// use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;
/// let c = cue(Mass::new::<kilogram>(440.4), megawatt_hours(1.0))?;
/// assert!((c.get::<kilogram_per_kilowatt_hour>() - 0.4404).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Mass of CO₂(-equivalent) per IT energy.
///
/// # References
///
/// ISO/IEC 30134-8:2022; The Green Grid WP 32 (2010).
pub fn cue(emissions: Mass, it: Energy) -> Result<EmissionFactor> {
    let kwh = it.get::<kilowatt_hour>();
    if kwh.is_nan() || kwh <= 0.0 {
        return Err(Error::inconsistent("cue", UNDEFINED_WITHOUT_IT));
    }
    checked_factor("cue", emissions / it)
}

/// CUE of a site supplied by the grid alone at a constant intensity: `CUE = CEF × PUE`.
///
/// ```
/// use dcplan::metrics::cue_of_grid;
/// use dcplan::sustainability::grams_per_kwh;
/// use dcplan::units::Pue;
/// use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;
/// // US 2023 average, 0.367 kg/kWh (EIA), at PUE 1.2: CUE 0.440 kg/kWh.
/// let c = cue_of_grid(grams_per_kwh(367.0), Pue::new(1.2)?);
/// assert!((c.get::<kilogram_per_kilowatt_hour>() - 0.4404).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// The Green Grid WP 32 (2010): CUE = CEF × PUE; ISO/IEC 30134-8:2022.
pub fn cue_of_grid(factor: EmissionFactor, pue: Pue) -> EmissionFactor {
    factor * pue.get()
}

/// A part of the facility's energy as a share of it, from 0 to 1 (`field` names the figure in
/// errors); an error without facility energy or for a part larger than the whole.
pub fn share_of_facility(field: &str, part: Energy, facility: Energy) -> Result<Fraction> {
    let whole = facility.get::<joule>();
    if whole.is_nan() || whole <= 0.0 {
        return Err(Error::inconsistent(
            field,
            "undefined without facility energy (nothing runs)",
        ));
    }
    Fraction::new(part.get::<joule>() / whole).map_err(|e| e.with_field(field.to_owned()))
}

/// Energy reuse factor: energy reused outside the data centre over the data centre's total
/// energy, `ERF = E_reuse / E_DC`, from 0 to 1.
///
/// # Units
///
/// `reused` thermal energy delivered for reuse, `facility` electric energy at the grid.
///
/// # References
///
/// ISO/IEC 30134-6:2021; EN 50600-4-6 (the version EnEfG §11 names: November 2020).
pub fn erf(reused: Energy, facility: Energy) -> Result<Fraction> {
    share_of_facility("erf", reused, facility)
}

/// Energy reuse effectiveness, `ERE = (E_DC − E_reuse) / E_IT = (1 − ERF) · PUE`.
///
/// ```
/// use dcplan::metrics::ere;
/// use dcplan::units::*;
/// let e = ere(Pue::new(1.20)?, Fraction::new(0.10)?);
/// assert!((e.get::<ratio>() - 1.08).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// The Green Grid, White Paper 29, *ERE: A Metric for Measuring the Benefit of Reuse Energy
/// from a Data Center* (2010).
pub fn ere(pue: Pue, erf: Fraction) -> Ratio {
    Ratio::new::<ratio>((1.0 - erf.get()) * pue.get())
}

impl OperatingPoint {
    /// IT power at a measurement point. The UPS and PDU outputs exist only when the electrical
    /// chain has those stages.
    pub fn it_measured(&self, at: ItMeasurement) -> Result<Power> {
        let missing = |what: &str| {
            Error::missing(
                "it_measurement",
                format!("the site's electrical chain has no {what} to measure IT power at"),
            )
        };
        match at {
            ItMeasurement::ItInput => Ok(self.it),
            ItMeasurement::PduOutput => self.it_at_pdu_output.ok_or_else(|| missing("PDU")),
            ItMeasurement::UpsOutput => self.it_at_ups_output.ok_or_else(|| missing("UPS")),
        }
    }

    /// A ratio to this point's IT power (a PUE, a partial PUE) where it is defined: `None`
    /// without IT power (0 racks), where [`OperatingPoint::pue`] and the partial PUEs are
    /// errors; otherwise the result of `of`.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(10.0))?)
    ///     .lumped_pue(Pue::new(1.2)?)
    ///     .build()?;
    /// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let ambient = Ambient::from_wet_bulb(celsius(30.0), celsius(20.0), Pressure::new::<pascal>(101_325.0))?;
    /// let empty = evaluate(&site, &d, 0, &ambient)?;
    /// assert!(empty.pue(ItMeasurement::ItInput).is_err());
    /// assert_eq!(empty.where_it_runs(|op| op.pue(ItMeasurement::ItInput))?, None);
    /// let ten = evaluate(&site, &d, 10, &ambient)?;
    /// assert_eq!(ten.where_it_runs(|op| op.pue(ItMeasurement::ItInput))?, Some(Pue::new(1.2)?));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn where_it_runs<T>(&self, of: impl FnOnce(&Self) -> Result<T>) -> Result<Option<T>> {
        if self.it > Power::ZERO {
            of(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// PUE at this operating point with IT measured at `at`.
    pub fn pue(&self, at: ItMeasurement) -> Result<Pue> {
        let it = self.it_measured(at)?;
        ratio_as_pue("pue", self.facility.get::<watt>(), it.get::<watt>())
    }

    /// Partial PUE of cooling, `(IT + cooling) / IT`.
    pub fn partial_pue_cooling(&self) -> Result<Pue> {
        ratio_as_pue(
            "partial_pue_cooling",
            (self.it + self.cooling).get::<watt>(),
            self.it.get::<watt>(),
        )
    }

    /// Partial PUE of the electrical chain, `(IT + losses) / IT`.
    pub fn partial_pue_electrical(&self) -> Result<Pue> {
        ratio_as_pue(
            "partial_pue_electrical",
            (self.it + self.electrical_losses).get::<watt>(),
            self.it.get::<watt>(),
        )
    }
}
