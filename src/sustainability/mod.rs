//! Carbon, water and renewable energy of a site's year, and the rules it must meet.
//!
//! The inputs ([`Sustainability`]) are the grid's carbon intensity ([`GridCarbon`]: a constant
//! or an hourly series, average and optionally marginal), the water intensity of its
//! electricity (EWIF, for source WUE), contracted renewable electricity ([`Renewables`]) and
//! the [`Rules`]. The annual simulation ([`crate::simulate::annual_with`]) sums what needs the
//! hours ([`GridYear`]: emissions, renewable energy matched hour by hour); [`Kpis::annual`]
//! turns a year into the figures ([`Kpis::operated`] a year as operated by a site's
//! flexibility, by the same code path) and [`rules::check`] judges them.
//!
//! Hourly series are aligned with the climate year by month, day and hour; 29 February is
//! dropped for an 8,760-hour climate ([`series`]).
//!
//! On-site generation's emissions (its fuel times its own emission factor) join the grid's
//! through [`CarbonYear::add_source`], in the year as operated
//! ([`crate::simulate::OperatedYear::carbon`]).
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::climate;
//! use dcplan::simulate;
//! use dcplan::sustainability::{grams_per_kwh, GridCarbon, Intensity, Kpis, Sustainability};
//! let chicago = climate::builtin("chicago")?;
//! let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(10.0))?)
//!     .lumped_pue(Pue::new(1.2)?)
//!     .build()?;
//! let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
//! let grid = Sustainability {
//!     carbon: Some(GridCarbon { average: Intensity::constant(grams_per_kwh(367.0))?, marginal: None }),
//!     ..Sustainability::default()
//! };
//! let year = simulate::annual_with(&site, &d, 10, &chicago, &grid)?;
//! let kpis = Kpis::annual(&year, &grid)?;
//! let cue = kpis.cue.unwrap().get::<uom::si::mass_per_energy::kilogram_per_kilowatt_hour>();
//! assert!((cue - 0.367 * 1.2).abs() < 1e-9);
//! # Ok::<(), dcplan::Error>(())
//! ```

pub mod carbon;
pub mod heat;
pub mod renewables;
pub mod rules;
pub mod series;
pub mod water;

pub use carbon::{
    CarbonYear, EmissionFactor, GridCarbon, Intensity, checked_factor, grams_per_kwh,
};
pub use heat::{DisplacedHeat, reuse_emissions_change};
pub use renewables::{Renewables, renewable_energy_factor};
pub use rules::{Basis, Bound, Kpis, RuleCheck, Rules};
pub use series::CalendarSeries;
pub use water::{WaterIntensity, wue_source};

use crate::error::Result;
use crate::metrics;
use crate::simulate::{AnnualResult, OperatedYear};
use crate::units::*;

/// The sustainability inputs of a site; every part optional.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sustainability {
    /// The grid's carbon intensity.
    pub carbon: Option<GridCarbon>,
    /// Water intensity of the grid's electricity (EWIF), per kWh drawn.
    pub grid_water: Option<WaterIntensity>,
    /// Contracted renewable electricity.
    pub renewables: Option<Renewables>,
    /// The rules to check.
    pub rules: Rules,
    /// The heat a site's heat reuse displaces, for the carbon of reuse.
    pub displaced_heat: Option<DisplacedHeat>,
}

impl Sustainability {
    /// Checks that the hourly series cover a climate of `hours` hours.
    pub fn covers(&self, hours: usize) -> Result<()> {
        if let Some(c) = &self.carbon {
            c.average.covers(hours)?;
            if let Some(m) = &c.marginal {
                m.covers(hours)?;
            }
        }
        if let Some(r) = &self.renewables {
            r.covers(hours)?;
        }
        Ok(())
    }
}

/// What a year adds up to hour by hour on the grid: emissions and matched renewable energy.
///
/// # Units
///
/// Masses of CO₂(-equivalent); energy at the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridYear {
    /// Emissions at the average intensity, `Σ_h E_h·CI_h` (zero without a carbon input).
    pub emissions: Mass,
    /// Emissions at the marginal intensity, if one is given.
    pub marginal_emissions: Option<Mass>,
    /// Renewable energy matched hour by hour, `Σ_h min(E_h, S_h·1 h)` (zero for an annual
    /// share or without a renewable input).
    pub renewable_matched: Energy,
    /// Emissions of every heat pump's electricity at the average intensity, `Σ_h W_h·CI_h`,
    /// whoever owns the heat pumps (zero without heat reuse or a carbon input).
    pub heat_pump_emissions: Mass,
}

impl GridYear {
    /// A year before its first hour, for `s` in a climate of `hours` hours.
    pub fn start(s: &Sustainability, hours: usize) -> Result<Self> {
        s.covers(hours)?;
        Ok(Self {
            emissions: Mass::ZERO,
            marginal_emissions: s
                .carbon
                .as_ref()
                .and_then(|c| c.marginal.as_ref())
                .map(|_| Mass::ZERO),
            renewable_matched: Energy::ZERO,
            heat_pump_emissions: Mass::ZERO,
        })
    }

    /// Adds hour `hour` of a climate of `hours` hours, in which the facility drew `facility`;
    /// returns the hour's emissions at the average intensity.
    #[inline]
    pub fn add(&mut self, s: &Sustainability, hour: usize, hours: usize, facility: Energy) -> Mass {
        let mut emitted = Mass::ZERO;
        if let Some(c) = &s.carbon {
            emitted = facility * c.average.at(hour, hours);
            self.emissions += emitted;
            if let (Some(m), Some(sum)) = (&c.marginal, self.marginal_emissions.as_mut()) {
                *sum += facility * m.at(hour, hours);
            }
        }
        if let Some(r) = &s.renewables {
            self.renewable_matched += r.matched(hour, hours, facility);
        }
        emitted
    }

    /// Adds the heat pumps' electricity `heat_pump` of hour `hour` (a climate of `hours`
    /// hours) at the average intensity.
    #[inline]
    pub fn add_heat_pump(
        &mut self,
        s: &Sustainability,
        hour: usize,
        hours: usize,
        heat_pump: Energy,
    ) {
        if let Some(c) = &s.carbon {
            self.heat_pump_emissions += heat_pump * c.average.at(hour, hours);
        }
    }
}

/// What a year's figures are computed from: the sums of the year the racks would draw
/// ([`AnnualResult`]) or of the year as operated ([`OperatedYear`]).
///
/// # Units
///
/// Electric energy; IT at the IT equipment input; `reused_heat` thermal.
struct YearSums {
    /// IT energy.
    it: Energy,
    /// The data centre's energy, `E_DC` of the PUE, ERF and REF.
    data_centre: Energy,
    /// Electricity of site-owned heat-upgrade plant, part of `data_centre`.
    heat_upgrade: Energy,
    /// Heat leaving the site for reuse.
    reused_heat: Energy,
    /// Make-up water.
    water: Volume,
    /// Electricity bought from the grid, which a contracted renewable share is a share of.
    bought: Energy,
    /// Renewable energy matched hour by hour against `bought`.
    renewable_matched: Energy,
    /// All the year's emissions, with a carbon input.
    emissions: Option<Mass>,
}

impl Kpis {
    /// The figures of a simulated `year` with the inputs `s` (which the year was simulated
    /// with, [`crate::simulate::annual_with`]). IT at the IT equipment input (PUE category 3).
    ///
    /// # References
    ///
    /// ISO/IEC 30134-2 (PUE), -3 (REF), -6 (ERF), -8 (CUE), -9 (WUE); The Green Grid WP 35
    /// Eq. 4 (source WUE); EnEfG §11(2) (PUE without heat-upgrade plant). See
    /// `docs/models.md`, "Carbon, water and renewables".
    pub fn annual(year: &AnnualResult, s: &Sustainability) -> Result<Self> {
        let e = &year.energy;
        Self::of_year(
            &YearSums {
                it: e.it,
                data_centre: e.facility,
                heat_upgrade: e.heat_upgrade,
                reused_heat: e.reused_heat,
                water: year.water,
                bought: e.facility,
                renewable_matched: year.grid.map_or(Energy::ZERO, |g| g.renewable_matched),
                emissions: match (&s.carbon, year.grid) {
                    (Some(_), Some(g)) => Some(g.emissions),
                    _ => None,
                },
            },
            s,
        )
    }

    /// The figures of a `year` as operated by the dispatch, with the inputs `s` it was summed
    /// with ([`crate::simulate::OperatedSum`]): the same figures as [`Kpis::annual`], of the
    /// load served (IT after caps, curtailment and shedding, at the IT equipment input) and
    /// the data centre's energy `E_DC = E_grid + E_generation`
    /// ([`OperatedYear::data_centre_energy`]). CUE counts the grid's emissions on the energy
    /// imported and the generators' fuel ([`OperatedYear::carbon`]); a contracted renewable
    /// share applies to the energy imported (on-site generation burns fuel), an hourly supply
    /// is matched against the import hour by hour.
    ///
    /// # References
    ///
    /// As [`Kpis::annual`]; ISO/IEC 30134-2:2016 / EN 50600-4-2:2016 §5.2 for the boundary
    /// (see [`OperatedYear`]).
    pub fn operated(year: &OperatedYear, s: &Sustainability) -> Result<Self> {
        let e = &year.energy;
        Self::of_year(
            &YearSums {
                it: e.it,
                data_centre: year.data_centre_energy(),
                heat_upgrade: e.heat_upgrade,
                reused_heat: e.reused_heat,
                water: year.water,
                bought: year.grid_import,
                renewable_matched: year.grid.renewable_matched,
                emissions: year.carbon(s)?.map(|c| c.emissions),
            },
            s,
        )
    }

    /// The figures of a year's sums: the one path [`Kpis::annual`] and [`Kpis::operated`]
    /// share.
    fn of_year(y: &YearSums, s: &Sustainability) -> Result<Self> {
        // Ratios to IT energy are undefined (not an error) for a year without IT energy.
        fn where_it_runs<T>(y: &YearSums, of: impl FnOnce() -> Result<T>) -> Result<Option<T>> {
            if y.it > Energy::ZERO {
                of().map(Some)
            } else {
                Ok(None)
            }
        }
        let pue = where_it_runs(y, || metrics::pue(y.data_centre, y.it))?;
        let pue_enefg = where_it_runs(y, || metrics::pue(y.data_centre - y.heat_upgrade, y.it))?;
        let wue = where_it_runs(y, || metrics::wue(y.water, y.it))?;
        // Undefined (not an error) for a year without data-centre energy: nothing runs.
        let runs = y.data_centre > Energy::ZERO;
        let renewable = s
            .renewables
            .as_ref()
            .filter(|_| runs)
            .map(|r| {
                renewable_energy_factor(r.of_year(y.bought, y.renewable_matched), y.data_centre)
            })
            .transpose()?;
        let cue = match y.emissions {
            Some(emissions) => where_it_runs(y, || metrics::cue(emissions, y.it))?,
            None => None,
        };
        Ok(Self {
            pue,
            pue_enefg,
            erf: if runs {
                metrics::erf(y.reused_heat, y.data_centre)?
            } else {
                Fraction::ZERO
            },
            renewable,
            wue,
            wue_source: match (s.grid_water, pue, wue) {
                (Some(ewif), Some(p), Some(w)) => Some(wue_source(ewif, p, w)),
                _ => None,
            },
            cue,
        })
    }

    /// The figures at a plan's design hour: `op`'s PUE and water per IT energy; PUE_EnEfG
    /// without the design hour's heat-upgrade electricity; CUE at the grid's mean intensity;
    /// REF for an annual share only; ERF 0 (the design hour credits no reuse). Conservative for
    /// PUE and WUE ([`Basis::DesignHour`]).
    pub fn design_hour(op: &crate::operating::OperatingPoint, s: &Sustainability) -> Result<Self> {
        let pue = op.where_it_runs(|o| o.pue(crate::metrics::ItMeasurement::ItInput))?;
        let one_hour = Time::new::<time::hour>(1.0);
        let pue_enefg = op.where_it_runs(|o| {
            metrics::pue((o.facility - o.heat_upgrade) * one_hour, o.it * one_hour)
        })?;
        let wue =
            op.where_it_runs(|o| WaterIntensity::of_ratio(o.water * one_hour, o.it * one_hour))?;
        Ok(Self {
            pue,
            pue_enefg,
            erf: Fraction::new_const(0.0),
            renewable: match &s.renewables {
                Some(Renewables::Share(f)) => Some(*f),
                _ => None,
            },
            wue,
            wue_source: match (s.grid_water, pue, wue) {
                (Some(ewif), Some(p), Some(w)) => Some(wue_source(ewif, p, w)),
                _ => None,
            },
            cue: match (&s.carbon, pue) {
                (Some(c), Some(p)) => Some(metrics::cue_of_grid(c.average.mean(8_760), p)),
                _ => None,
            },
        })
    }
}
