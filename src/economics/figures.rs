//! The physics a business case reads: a site's annual figures at full build-out.

use crate::capacity::Plan;
use crate::error::{Error, Result};
use crate::flexibility::YearPlan;
use crate::it::Deployment;
use crate::money::*;
use crate::operating::{OperatingPoint, evaluate};
use crate::simulate::{AnnualResult, OperatedYear};
use crate::site::Site;
use crate::units::*;

/// Hours in the annual figures' year (8,760, the annual simulation's length).
const HOURS_PER_YEAR: f64 = 8_760.0;

/// The physics of a site at full build-out, for one typical year: what the economics needs
/// from the capacity plan or the annual simulation.
///
/// # Units
///
/// Powers and energies at the measurement points of
/// [`OperatingPoint`](crate::operating::OperatingPoint): IT at the IT equipment input, facility
/// at the grid (the energy bought). `interconnect` is the grid connection's import capacity in
/// real power. The year is 8,760 h. Water is make-up water drawn on site.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnualFigures {
    /// Grid interconnect capacity (revenue and margin are reported per MW of it).
    pub interconnect: Power,
    /// Installed IT power at the design hour, at the IT equipment input (the basis of
    /// colocation rent, staff and build cost per MW of IT).
    pub it_capacity: Power,
    /// Facility power at the design hour (the basis of build cost per MW of facility).
    pub facility_peak: Power,
    /// IT energy over the year.
    pub it_energy: Energy,
    /// Facility energy over the year, at the grid (what is bought).
    pub facility_energy: Energy,
    /// Water drawn over the year.
    pub water: Volume,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// Primary racks (the basis of a per-rack equipment price).
    pub racks: u64,
    /// Fleet hash rate (bitcoin miners): the catalog's TH/s per system, summed.
    pub hashrate: Hashrate,
    /// Hourly facility power over the year (8,760 or 8,784 values), to weigh an hourly energy
    /// price; `None` for a flat load.
    pub hourly_facility: Option<Vec<Power>>,
}

impl AnnualFigures {
    /// From a capacity plan's design-hour operating point, running `load_factor` of the year:
    /// every annual energy and the water are the design-hour power × 8,760 h × load factor.
    /// A planning approximation until the annual simulation supplies the year hour by hour;
    /// it overstates the overhead energy of a site whose design hour is its worst.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    ///     .lumped_pue(Pue::new(1.15)?).build()?;
    /// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let f = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.9)?);
    /// // 724 racks × 120 kW × 1.15 = 99.912 MW × 8,760 h × 0.9 = 787.7 GWh
    /// assert!((f.facility_energy.get::<gigawatt_hour>() - 787.706_208).abs() < 1e-6);
    /// assert_eq!(f.accelerators, 52_128);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_plan(
        site: &Site,
        plan: &Plan,
        deployment: &Deployment,
        load_factor: Fraction,
    ) -> Self {
        Self::at_design_hour(
            site,
            &plan.operating_point,
            plan.primary_racks,
            deployment.hashrate(&plan.racks),
            load_factor,
        )
    }

    /// `primary_racks` racks at their design-hour operating point `op`, the hour held all year
    /// at `load_factor`.
    fn at_design_hour(
        site: &Site,
        op: &OperatingPoint,
        primary_racks: u32,
        hashrate: Hashrate,
        load_factor: Fraction,
    ) -> Self {
        let hours = Time::new::<time::hour>(HOURS_PER_YEAR * load_factor.get());
        Self {
            interconnect: site.interconnect().capacity(),
            it_capacity: op.it,
            facility_peak: op.facility,
            it_energy: op.it * hours,
            facility_energy: op.facility * hours,
            water: op.water * hours,
            accelerators: op.accelerators,
            racks: u64::from(primary_racks),
            hashrate,
            hourly_facility: None,
        }
    }

    /// From the annual simulation of the plan's racks ([`crate::simulate::annual`] with
    /// `plan.primary_racks`): IT and facility energy and water as simulated hour by hour at
    /// full IT load, times `load_factor` (a linear approximation of part load) and normalised
    /// to 8,760 h; everything else as [`AnnualFigures::from_plan`]. For an hourly energy price,
    /// set [`AnnualFigures::hourly_facility`] from [`crate::simulate::annual_hourly`]'s series.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// use dcplan::climate::{builtin, DesignBasis};
    /// use dcplan::simulate;
    /// let chicago = builtin("chicago")?;
    /// let mw = Power::new::<megawatt>;
    /// let site = Site::builder("campus", GridInterconnect::new(mw(20.0))?)
    ///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", mw(16.0), 4)?)?)
    ///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::AirEconomiser, "CRAH", mw(4.0), 4)?)?)
    ///     .design_ambient(chicago.design_ambient(DesignBasis::DryBulb04)?)
    ///     .build()?;
    /// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let p = plan(&site, &d)?;
    /// let year = simulate::annual(&site, &d, p.primary_racks, &chicago)?;
    /// let f = AnnualFigures::from_simulation(&site, &p, &d, &year, Fraction::ONE)?;
    /// let design = AnnualFigures::from_plan(&site, &p, &d, Fraction::ONE);
    /// // The design hour is the worst: the simulated year buys less energy.
    /// assert!(f.facility_energy < design.facility_energy);
    /// assert!(((f.it_energy / design.it_energy).get::<ratio>() - 1.0).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn from_simulation(
        site: &Site,
        plan: &Plan,
        deployment: &Deployment,
        year: &AnnualResult,
        load_factor: Fraction,
    ) -> Result<Self> {
        if year.primary_racks != plan.primary_racks || year.hours == 0 {
            return Err(Error::inconsistent(
                "year.primary_racks",
                format!(
                    "the simulated year has {} primary racks over {} hours, the plan {} racks",
                    year.primary_racks, year.hours, plan.primary_racks
                ),
            ));
        }
        let k = load_factor.get() * HOURS_PER_YEAR / year.hours as f64;
        Ok(Self {
            it_energy: year.energy.it * k,
            facility_energy: year.energy.facility * k,
            water: year.water * k,
            ..Self::from_plan(site, plan, deployment, load_factor)
        })
    }

    /// A year plan's figures ([`crate::flexibility::plan_year`]): its racks at the design
    /// hour (IT capacity, facility peak, GPUs, racks, hash rate) — `deployment` as the plan
    /// provisioned it ([`crate::flexibility::Flexibility::provisioned`]) — and the energy and
    /// water of its year as operated (`year`, summed by [`crate::simulate::OperatedSum`]):
    /// IT after caps and curtailment, facility energy bought = grid import (generation's
    /// fuel is a line of its own, [`super::FlexibilityLines`]), scaled as
    /// [`AnnualFigures::from_simulation`] scales.
    pub fn from_year_plan(
        site: &Site,
        plan: &YearPlan,
        deployment: &Deployment,
        year: &OperatedYear,
        load_factor: Fraction,
    ) -> Result<Self> {
        if year.hours == 0 {
            return Err(Error::inconsistent(
                "year.hours",
                "the year as operated has no hours",
            ));
        }
        let op = evaluate(site, deployment, plan.primary_racks, &plan.design.ambient)?;
        let k = load_factor.get() * HOURS_PER_YEAR / year.hours as f64;
        Ok(Self {
            it_energy: year.energy.it * k,
            facility_energy: year.grid_import * k,
            water: year.water * k,
            ..Self::at_design_hour(
                site,
                &op,
                plan.primary_racks,
                deployment.hashrate(&plan.racks),
                load_factor,
            )
        })
    }

    pub(super) fn validate(&self) -> Result<()> {
        power_positive("interconnect", self.interconnect)?;
        power_positive("it_capacity", self.it_capacity)?;
        power_positive("facility_peak", self.facility_peak)?;
        let mwh = |field: &str, e: Energy| non_negative(field, e.get::<megawatt_hour>(), "MWh");
        mwh("it_energy", self.it_energy)?;
        mwh("facility_energy", self.facility_energy)?;
        non_negative("water", self.water.get::<cubic_meter>(), "m³")?;
        non_negative("hashrate", self.hashrate.get(), "TH/s")?;
        if let Some(h) = &self.hourly_facility {
            hourly_length("hourly_facility", h.len())?;
            for (i, p) in h.iter().enumerate() {
                power_non_negative(&format!("hourly_facility[{i}]"), *p)?;
            }
            if h.iter().all(|p| p.get::<watt>() == 0.0) {
                return Err(Error::inconsistent(
                    "hourly_facility",
                    "every hour is zero: no load to weigh prices with",
                ));
            }
        }
        Ok(())
    }

    /// Every quantity (interconnect included) times `factor`; GPUs and racks rounded.
    ///
    /// ```
    /// # use dcplan::prelude::*;
    /// # let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    /// #     .lumped_pue(Pue::new(1.15)?).build()?;
    /// # let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let f = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.9)?);
    /// let half = f.scaled(0.5);
    /// assert_eq!((half.accelerators, half.interconnect.get::<megawatt>()), (26_064, 50.0));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            interconnect: self.interconnect * factor,
            it_capacity: self.it_capacity * factor,
            facility_peak: self.facility_peak * factor,
            it_energy: self.it_energy * factor,
            facility_energy: self.facility_energy * factor,
            water: self.water * factor,
            accelerators: (self.accelerators as f64 * factor).round() as u64,
            racks: (self.racks as f64 * factor).round() as u64,
            hashrate: self.hashrate * factor,
            hourly_facility: self
                .hourly_facility
                .as_ref()
                .map(|h| h.iter().map(|&p| p * factor).collect()),
        }
    }

    /// GPU-hours installed over a full year.
    pub(super) fn gpu_hours(&self) -> GpuHours {
        GpuHours::of(self.accelerators, Time::new::<time::hour>(HOURS_PER_YEAR))
    }
}

pub(super) fn hourly_length(field: &str, n: usize) -> Result<()> {
    if n == 8_760 || n == 8_784 {
        Ok(())
    } else {
        Err(Error::out_of_range(
            field,
            n as f64,
            "values",
            "8,760 or 8,784 hourly values",
        ))
    }
}

/// Plain figures for unit tests: 100 MW interconnect, 80 MW of IT, 96 MW facility all year,
/// 50,000 GPUs, no water, no hash rate.
#[cfg(test)]
pub(super) fn test_figures() -> AnnualFigures {
    AnnualFigures {
        interconnect: megawatts(100.0),
        it_capacity: megawatts(80.0),
        facility_peak: megawatts(96.0),
        it_energy: Energy::new::<megawatt_hour>(80.0 * 8_760.0),
        facility_energy: Energy::new::<megawatt_hour>(96.0 * 8_760.0),
        water: Volume::ZERO,
        accelerators: 50_000,
        racks: 700,
        hashrate: Hashrate::ZERO,
        hourly_facility: None,
    }
}
