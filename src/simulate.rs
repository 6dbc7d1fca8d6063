//! The annual hourly simulation: the kernel at each of a climate's 8,760 (or 8,784) hours.
//!
//! Energies are sums of hourly powers × 1 h. The annualised PUE is the ratio of annual
//! energies (ISO/IEC 30134-2), not a mean of hourly ratios, so it lies between the lowest and
//! highest hourly PUE. The hourly loop reuses one [`Placement`] (racks in halls, IT, critical path) and
//! one buffer of loop states: nothing is allocated per hour.
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::climate::{self, DesignBasis};
//! use dcplan::simulate;
//! let climate = climate::builtin("chicago")?;
//! let mw = Power::new::<megawatt>;
//! let site = Site::builder("campus", GridInterconnect::new(mw(20.0))?)
//!     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", mw(16.0), 4)?)?)
//!     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::AirEconomiser, "CRAH", mw(4.0), 4)?)?)
//!     .design_ambient(climate.design_ambient(DesignBasis::AnnualMax)?)
//!     .build()?;
//! let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
//! let year = simulate::annual(&site, &deployment, 100, &climate)?;
//! let pue = year.pue(ItMeasurement::ItInput)?.get();
//! assert!(year.min_hourly_pue.get() <= pue && pue <= year.max_hourly_pue.get());
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::climate::Climate;
use crate::cooling::{LoopState, Medium, TemperatureLimit};
use crate::error::{Error, Result};
use crate::flexibility::{Flexibility, HourDispatch, YearWatcher};
use crate::it::Deployment;
use crate::metrics::{self, ItMeasurement};
use crate::operating::{HourTotals, Placement};
use crate::site::Site;
use crate::sustainability::{CarbonYear, EmissionFactor, GridYear, Sustainability, WaterIntensity};
use crate::units::*;

/// Annual energy by component: each the sum over the hours of the hour's power × 1 h.
///
/// # Units
///
/// Electric energy at the measurement point each field names (as in
/// [`OperatingPoint`](crate::operating::OperatingPoint)); `facility` is measured at the grid,
/// on the utility side of the substation, and equals the sum of `it`, `electrical_losses`,
/// `cooling`, `house`, `lumped_overhead` and `heat_upgrade`. `reused_heat` is thermal energy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnnualEnergy {
    /// IT energy at the IT equipment input.
    pub it: Energy,
    /// IT energy at the PDU output, if the chain has a PDU.
    pub it_at_pdu_output: Option<Energy>,
    /// IT energy at the UPS output, if the chain has a UPS.
    pub it_at_ups_output: Option<Energy>,
    /// Electrical losses, substation included.
    pub electrical_losses: Energy,
    /// Cooling.
    pub cooling: Energy,
    /// House loads.
    pub house: Energy,
    /// Overhead of a lumped-PUE site.
    pub lumped_overhead: Energy,
    /// Facility energy at the grid.
    pub facility: Energy,
    /// Electricity of plant that serves only to upgrade waste heat for reuse (a site-owned
    /// heat pump lifting a loop's return to a heating network,
    /// [`crate::cooling::HeatReuse`]), part of `facility`: EnEfG §11(2) leaves it out of the
    /// PUE. Zero without reuse, and for a heat pump the network owns (not on the site's meter).
    pub heat_upgrade: Energy,
    /// Heat that leaves the site for reuse (thermal energy), `E_reuse` of the ERF: the heat
    /// delivered by a site-owned heat pump, or the heat taken off the loops' returns where the
    /// network owns the heat pump or the heat is exchanged directly
    /// ([`crate::cooling::HeatReuse::handed_over`]). Zero without reuse.
    pub reused_heat: Energy,
}

/// The heat-reuse components' year, summed over them.
///
/// # Units
///
/// Thermal energy except `heat_pump`, the heat pumps' electric energy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReuseYear {
    /// Heat taken off the loops' returns (the heat pumps' source side).
    pub source: Energy,
    /// Heat delivered at the networks' temperatures, `source + heat_pump`.
    pub delivered: Energy,
    /// Every heat pump's electricity, whoever owns it (the site's part is
    /// [`AnnualEnergy::heat_upgrade`]).
    pub heat_pump: Energy,
}

/// One cooling loop over the year.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopYear {
    /// Loop name.
    pub name: String,
    /// Medium.
    pub medium: Medium,
    /// Electric energy (compressors, sink, transport).
    pub energy: Energy,
    /// Electric energy of the compressors (chillers, or DX coils with their condenser fans).
    pub compressor_energy: Energy,
    /// Electric energy of the sink's fans and pumps.
    pub sink_energy: Energy,
    /// Electric energy of the loop's fans and pumps (CRAH, CDU, CRAC supply fans).
    pub transport_energy: Energy,
    /// Heat removed (thermal energy, not electric).
    pub heat: Energy,
    /// Make-up water: `evaporation + drift + blowdown`.
    pub water: Volume,
    /// Water evaporated by the loop's tower.
    pub evaporation: Volume,
    /// Water carried off by the tower's air as droplets.
    pub drift: Volume,
    /// Water drained from the tower to hold its cycles of concentration.
    pub blowdown: Volume,
    /// Hours with the chiller off (all heat free-cooled).
    pub free_cooling_hours: u32,
    /// Hours with part of the heat free-cooled and the rest by the chiller.
    pub partial_free_cooling_hours: u32,
    /// Hours in which the heat exceeded the heat-rejection capacity (redundant units out).
    pub hours_over_capacity: u32,
    /// Hours with negative temperature headroom.
    pub hours_over_temperature: u32,
    /// Smallest heat-rejection headroom of the year.
    pub min_heat_headroom: Power,
    /// Smallest temperature headroom of the year and the limit it was against, if any applies.
    pub min_temperature_headroom: Option<(TemperatureInterval, TemperatureLimit)>,
}

/// A free-cooled share at least this large counts as a fully free-cooled hour: a share that
/// rounds to just below 1 is the chiller off, not a partial hour.
const FULLY_FREE: f64 = 1.0 - 1e-9;

/// The year's results.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnualResult {
    /// Hours simulated.
    pub hours: usize,
    /// Primary racks installed.
    pub primary_racks: u32,
    /// Accelerators installed.
    pub accelerators: u64,
    /// Energy by component.
    pub energy: AnnualEnergy,
    /// Each cooling loop.
    pub loops: Vec<LoopYear>,
    /// Site make-up water.
    pub water: Volume,
    /// Highest hourly facility power, at the grid (the hour's mean power).
    pub peak_facility: Power,
    /// Highest hourly PUE (IT at the IT input).
    pub max_hourly_pue: Pue,
    /// Lowest hourly PUE (IT at the IT input).
    pub min_hourly_pue: Pue,
    /// Hours in which the facility drew more than the grid interconnect or the substation's
    /// firm capacity allows.
    pub hours_over_supply: u32,
    /// Emissions and renewable energy summed hour by hour, for a year simulated with
    /// sustainability inputs ([`annual_with`]); `None` otherwise.
    pub grid: Option<GridYear>,
    /// Heat reuse over the year, for a site with heat-reuse components; `None` otherwise.
    pub reuse: Option<ReuseYear>,
}

impl AnnualResult {
    /// Annualised PUE with IT measured at `at`: `E_facility / E_IT`, a ratio of annual
    /// energies, never a mean of hourly ratios. An error if the chain has no stage to measure
    /// at (a PDU for category 2, a UPS for category 1).
    ///
    /// # Units
    ///
    /// `E_facility` at the utility input; `E_IT` at the UPS output (category 1), the PDU
    /// output (category 2) or the IT equipment input (category 3), as `at` says.
    ///
    /// # References
    ///
    /// - ISO/IEC 30134-2:2016, *Information technology — Data centres — Key performance
    ///   indicators — Part 2: Power usage effectiveness (PUE)*: PUE over a year of energy, and
    ///   its measurement categories.
    /// - The Green Grid, White Paper 49, *PUE: A Comprehensive Examination of the Metric*
    ///   (2012).
    pub fn pue(&self, at: ItMeasurement) -> Result<Pue> {
        let missing = |what: &str| {
            Error::missing(
                "it_measurement",
                format!("the site's electrical chain has no {what} to measure IT energy at"),
            )
        };
        let it = match at {
            ItMeasurement::ItInput => self.energy.it,
            ItMeasurement::PduOutput => {
                self.energy.it_at_pdu_output.ok_or_else(|| missing("PDU"))?
            }
            ItMeasurement::UpsOutput => {
                self.energy.it_at_ups_output.ok_or_else(|| missing("UPS"))?
            }
        };
        metrics::pue(self.energy.facility, it)
    }

    /// Annual PUE as EnEfG §11(2) counts it, `(E_DC − E_upgrade) / E_IT`, IT at the IT
    /// equipment input: the electricity of site-owned heat pumps that only upgrade heat for
    /// reuse left out. Equal to [`AnnualResult::pue`] without such a heat pump.
    ///
    /// # References
    ///
    /// Energieeffizienzgesetz (EnEfG) of 13 November 2023, §11(2), last sentence (see
    /// [`crate::sustainability::rules`]).
    pub fn pue_enefg(&self) -> Result<Pue> {
        metrics::pue(
            self.energy.facility - self.energy.heat_upgrade,
            self.energy.it,
        )
    }

    /// Annual energy reuse factor, `ERF = E_reuse / E_DC` (0 without facility energy or reuse).
    ///
    /// # References
    ///
    /// ISO/IEC 30134-6:2021 ([`metrics::erf`]).
    pub fn erf(&self) -> Result<Fraction> {
        if self.energy.facility > Energy::ZERO {
            metrics::erf(self.energy.reused_heat, self.energy.facility)
        } else {
            Ok(Fraction::ZERO)
        }
    }

    /// A ratio to the year's IT energy (a PUE, a partial PUE, WUE) where it is defined: `None`
    /// without IT energy (0 racks), where [`AnnualResult::pue`] and the others are errors;
    /// otherwise the result of `of`.
    pub fn where_it_runs<T>(&self, of: impl FnOnce(&Self) -> Result<T>) -> Result<Option<T>> {
        if self.energy.it > Energy::ZERO {
            of(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Annual partial PUE of cooling, `(E_IT + E_cooling) / E_IT`, IT at the IT equipment input.
    ///
    /// # References
    ///
    /// The Green Grid WP 49 (partial PUE); ISO/IEC 30134-2:2016 (PUE derivatives).
    pub fn partial_pue_cooling(&self) -> Result<Pue> {
        metrics::partial_pue(self.energy.cooling, self.energy.it)
    }

    /// Annual partial PUE of the electrical chain, `(E_IT + E_losses) / E_IT`, IT at the IT
    /// equipment input and the losses of every stage, substation included.
    ///
    /// # References
    ///
    /// The Green Grid WP 49 (partial PUE); ISO/IEC 30134-2:2016 (PUE derivatives).
    pub fn partial_pue_electrical(&self) -> Result<Pue> {
        metrics::partial_pue(self.energy.electrical_losses, self.energy.it)
    }

    /// Water usage effectiveness: site make-up water over IT energy.
    ///
    /// # Units
    ///
    /// Litres per kWh of IT energy (IT at the IT equipment input).
    ///
    /// # References
    ///
    /// ISO/IEC 30134-9:2022; The Green Grid WP 35 (2011): site WUE = annual site water / IT
    /// energy.
    pub fn wue(&self) -> Result<WaterIntensity> {
        metrics::wue(self.water, self.energy.it)
    }

    /// The loop named `name`.
    pub fn loop_named(&self, name: &str) -> Option<&LoopYear> {
        self.loops.iter().find(|l| l.name == name)
    }
}

/// One loop's hourly values, for plotting.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LoopSeries {
    /// Loop name.
    pub name: String,
    /// Electric power.
    pub power: Vec<Power>,
    /// Heat-rejection headroom.
    pub heat_headroom: Vec<Power>,
    /// Temperature headroom (against the tightest limit that applies), if any applies.
    pub temperature_headroom: Vec<Option<TemperatureInterval>>,
    /// Share of the heat free-cooled, a plain fraction from 0 to 1.
    pub free_cooling: Vec<f64>,
}

/// Hourly series of a year, for plotting and CSV output: one value per hour, each the hour's
/// power (its energy over 1 h), at the measurement points of
/// [`OperatingPoint`](crate::operating::OperatingPoint).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HourlySeries {
    /// Facility power.
    pub facility: Vec<Power>,
    /// IT power.
    pub it: Vec<Power>,
    /// Cooling power.
    pub cooling: Vec<Power>,
    /// Electrical losses.
    pub electrical_losses: Vec<Power>,
    /// Hourly PUE (IT at the IT input).
    pub pue: Vec<Pue>,
    /// Hourly emissions at the grid's average intensity (empty without a carbon input).
    pub emissions: Vec<Mass>,
    /// Heat leaving the site for reuse each hour, `E_reuse` of the ERF (thermal; empty
    /// without heat reuse).
    pub reused_heat: Vec<Power>,
    /// Electricity of site-owned heat pumps each hour (empty without heat reuse).
    pub heat_upgrade: Vec<Power>,
    /// Each loop.
    pub loops: Vec<LoopSeries>,
}

/// The year of `site` with `primary_racks` primary racks of `deployment` in `climate`: the
/// kernel ([`crate::operating`]) at every hour, energies `E = Σ P_h · 1 h`.
///
/// # Units
///
/// As [`AnnualEnergy`]: electric energy at the measurement point each field names, facility
/// energy at the grid; heat in thermal energy; water in volume.
///
/// # References
///
/// ISO/IEC 30134-2:2016 and The Green Grid WP 49 (2012) for the annualised PUE and
/// its categories; `docs/models.md`, "Annual simulation", for the hourly method.
pub fn annual(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
) -> Result<AnnualResult> {
    summary(site, deployment, primary_racks, climate, None)
}

/// As [`annual`], with sustainability inputs: the year also sums its emissions and the
/// renewable energy matched hour by hour ([`AnnualResult::grid`]), the hourly series aligned
/// with the climate by month, day and hour. An error if an hourly series lacks an hour of
/// the climate (29 February of a leap-year climate).
///
/// # References
///
/// ISO/IEC 30134-8:2022 (CUE), ISO/IEC 30134-3:2016 (REF); `docs/models.md`, "Carbon, water
/// and renewables".
pub fn annual_with(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    inputs: &Sustainability,
) -> Result<AnnualResult> {
    summary(site, deployment, primary_racks, climate, Some(inputs))
}

/// The year without its hourly series.
fn summary(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    inputs: Option<&Sustainability>,
) -> Result<AnnualResult> {
    run(
        site,
        deployment,
        primary_racks,
        climate,
        inputs,
        |_, _, _| {},
        |_, _| Ok(()),
    )
}

/// As [`annual`], also returning the hourly series.
pub fn annual_hourly(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
) -> Result<(AnnualResult, HourlySeries)> {
    hourly(site, deployment, primary_racks, climate, None)
}

/// As [`annual_with`], also returning the hourly series (with the hour's emissions).
pub fn annual_hourly_with(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    inputs: &Sustainability,
) -> Result<(AnnualResult, HourlySeries)> {
    hourly(site, deployment, primary_racks, climate, Some(inputs))
}

fn hourly(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    inputs: Option<&Sustainability>,
) -> Result<(AnnualResult, HourlySeries)> {
    let n = climate.len();
    let carbon = inputs.is_some_and(|s| s.carbon.is_some());
    let reuse = !site.heat_reuse().is_empty();
    let reuse_hours = if reuse { n } else { 0 };
    let mut series = HourlySeries {
        facility: Vec::with_capacity(n),
        it: Vec::with_capacity(n),
        cooling: Vec::with_capacity(n),
        electrical_losses: Vec::with_capacity(n),
        pue: Vec::with_capacity(n),
        emissions: Vec::with_capacity(if carbon { n } else { 0 }),
        reused_heat: Vec::with_capacity(reuse_hours),
        heat_upgrade: Vec::with_capacity(reuse_hours),
        loops: site
            .loops()
            .iter()
            .map(|l| LoopSeries {
                name: l.name().to_owned(),
                power: Vec::with_capacity(n),
                heat_headroom: Vec::with_capacity(n),
                temperature_headroom: Vec::with_capacity(n),
                free_cooling: Vec::with_capacity(n),
            })
            .collect(),
    };
    let result = run(
        site,
        deployment,
        primary_racks,
        climate,
        inputs,
        |i, state, headroom| {
            let s = &mut series.loops[i];
            s.power.push(state.power);
            s.heat_headroom.push(state.heat_headroom());
            s.temperature_headroom.push(headroom.map(|(t, _)| t));
            s.free_cooling.push(state.free_cooling.get());
        },
        |totals, emitted| {
            if carbon {
                series.emissions.push(emitted);
            }
            if reuse {
                series.reused_heat.push(totals.reused_heat);
                series.heat_upgrade.push(totals.heat_upgrade);
            }
            series.facility.push(totals.facility);
            series.it.push(totals.it);
            series.cooling.push(totals.cooling);
            series.electrical_losses.push(totals.electrical_losses);
            series.pue.push(Pue::new(HourPue::of(totals).value())?);
            Ok(())
        },
    )?;
    Ok((result, series))
}

/// The temperature headroom of a loop in one hour and the limit it is against.
type TemperatureHeadroom = Option<(TemperatureInterval, TemperatureLimit)>;

/// The year: the kernel walks the hours ([`Placement::each_hour`]); `on_loop` sees each loop's
/// state and temperature headroom, `on_hour` the hour's totals and emissions (series are
/// filled there; the summary is accumulated here).
#[allow(clippy::too_many_arguments)]
fn run(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    inputs: Option<&Sustainability>,
    mut on_loop: impl FnMut(usize, &LoopState, TemperatureHeadroom),
    mut on_hour: impl FnMut(&HourTotals, Mass) -> Result<()>,
) -> Result<AnnualResult> {
    let hours = climate.len();
    let mut grid = inputs.map(|s| GridYear::start(s, hours)).transpose()?;
    let mut hour = 0;
    let placement = Placement::new(site, deployment, primary_racks)?.for_climate(climate)?;
    let one_hour = Time::new::<time::hour>(1.0);
    let mediums: Vec<Medium> = site.loops().iter().map(|l| l.medium()).collect();
    let limits = placement.loop_limits();
    let mut loops: Vec<LoopYear> = site
        .loops()
        .iter()
        .map(|l| LoopYear::empty(l.name(), l.medium()))
        .collect();
    let mut year = YearSum::new(site);
    placement.each_hour(
        climate,
        |i, state| {
            let headroom = state.temperature_headroom(mediums[i], &limits[i]);
            loops[i].add(state, headroom, one_hour);
            on_loop(i, state, headroom);
        },
        |totals| {
            year.add(totals, one_hour);
            let emitted = match (inputs, grid.as_mut()) {
                (Some(s), Some(g)) => {
                    g.add_heat_pump(s, hour, hours, totals.heat_pump * one_hour);
                    g.add(s, hour, hours, totals.facility * one_hour)
                }
                _ => Mass::ZERO,
            };
            hour += 1;
            on_hour(totals, emitted)
        },
    )?;
    Ok(AnnualResult {
        hours: climate.len(),
        primary_racks: placement.primary_racks(),
        accelerators: placement.accelerators(),
        energy: year.energy,
        loops,
        water: year.water,
        peak_facility: year.peak,
        max_hourly_pue: Pue::new(year.max_pue.value())?,
        min_hourly_pue: Pue::new(if year.min_pue.facility_w.is_finite() {
            year.min_pue.value()
        } else {
            1.0
        })?,
        hours_over_supply: year.hours_over_supply,
        grid,
        reuse: (!site.heat_reuse().is_empty()).then_some(year.reuse),
    })
}

/// An hour's facility and IT power, W: its PUE with IT at the IT input (1 : 1 without IT),
/// compared with another hour's by cross-multiplication, without a division each hour.
#[derive(Clone, Copy, Debug)]
struct HourPue {
    facility_w: f64,
    it_w: f64,
}

impl HourPue {
    fn of(totals: &HourTotals) -> Self {
        let it_w = totals.it.get::<watt>();
        if it_w > 0.0 {
            Self {
                facility_w: totals.facility.get::<watt>(),
                it_w,
            }
        } else {
            Self {
                facility_w: 1.0,
                it_w: 1.0,
            }
        }
    }

    /// Whether this hour's PUE is above `other`'s.
    #[inline]
    fn above(self, other: Self) -> bool {
        self.facility_w * other.it_w > other.facility_w * self.it_w
    }

    fn value(self) -> f64 {
        self.facility_w / self.it_w
    }
}

/// What the year adds up to, hour by hour.
#[derive(Clone, Debug)]
struct YearSum {
    energy: AnnualEnergy,
    reuse: ReuseYear,
    water: Volume,
    peak: Power,
    max_pue: HourPue,
    /// Starts above every hour (an infinite PUE).
    min_pue: HourPue,
    hours_over_supply: u32,
    /// The supply the facility may draw: the interconnect, and the substation's firm capacity.
    interconnect: Power,
    firm: Option<Power>,
}

impl YearSum {
    fn new(site: &Site) -> Self {
        let zero = Energy::ZERO;
        Self {
            energy: AnnualEnergy {
                it: zero,
                it_at_pdu_output: None,
                it_at_ups_output: None,
                electrical_losses: zero,
                cooling: zero,
                house: zero,
                lumped_overhead: zero,
                facility: zero,
                heat_upgrade: zero,
                reused_heat: zero,
            },
            reuse: ReuseYear {
                source: zero,
                delivered: zero,
                heat_pump: zero,
            },
            water: Volume::ZERO,
            peak: Power::ZERO,
            max_pue: HourPue {
                facility_w: 1.0,
                it_w: 1.0,
            },
            min_pue: HourPue {
                facility_w: f64::INFINITY,
                it_w: 1.0,
            },
            hours_over_supply: 0,
            interconnect: site.interconnect().capacity(),
            firm: site.substation().map(|s| s.firm_capacity()),
        }
    }

    #[inline]
    fn add(&mut self, t: &HourTotals, dt: Time) {
        let e = &mut self.energy;
        let zero = Energy::ZERO;
        e.it += t.it * dt;
        // The chain is the same every hour: it measures at its PDU and UPS in all or none.
        if let Some(p) = t.it_at_pdu_output {
            *e.it_at_pdu_output.get_or_insert(zero) += p * dt;
        }
        if let Some(p) = t.it_at_ups_output {
            *e.it_at_ups_output.get_or_insert(zero) += p * dt;
        }
        e.electrical_losses += t.electrical_losses * dt;
        e.cooling += t.cooling * dt;
        e.house += t.house * dt;
        e.lumped_overhead += t.lumped_overhead * dt;
        e.facility += t.facility * dt;
        e.heat_upgrade += t.heat_upgrade * dt;
        e.reused_heat += t.reused_heat * dt;
        self.reuse.source += t.reuse_source * dt;
        self.reuse.delivered += t.reuse_delivered * dt;
        self.reuse.heat_pump += t.heat_pump * dt;
        self.water += t.water * dt;
        if t.facility > self.peak {
            self.peak = t.facility;
        }
        if t.facility > self.interconnect || self.firm.is_some_and(|f| t.substation_output > f) {
            self.hours_over_supply += 1;
        }
        let hour = HourPue::of(t);
        if hour.above(self.max_pue) {
            self.max_pue = hour;
        }
        if self.min_pue.above(hour) {
            self.min_pue = hour;
        }
    }
}

impl LoopYear {
    /// A loop before its first hour.
    fn empty(name: &str, medium: Medium) -> Self {
        let zero = Energy::ZERO;
        Self {
            name: name.to_owned(),
            medium,
            energy: zero,
            compressor_energy: zero,
            sink_energy: zero,
            transport_energy: zero,
            heat: zero,
            water: Volume::ZERO,
            evaporation: Volume::ZERO,
            drift: Volume::ZERO,
            blowdown: Volume::ZERO,
            free_cooling_hours: 0,
            partial_free_cooling_hours: 0,
            hours_over_capacity: 0,
            hours_over_temperature: 0,
            min_heat_headroom: Power::new::<watt>(f64::INFINITY),
            min_temperature_headroom: None,
        }
    }

    #[inline]
    fn add(&mut self, state: &LoopState, temperature: TemperatureHeadroom, dt: Time) {
        self.energy += state.power * dt;
        self.compressor_energy += state.compressor_power * dt;
        self.sink_energy += state.sink_power * dt;
        self.transport_energy += state.transport_power * dt;
        self.heat += state.heat * dt;
        self.water += state.water * dt;
        self.evaporation += state.water_use.evaporation * dt;
        self.drift += state.water_use.drift * dt;
        self.blowdown += state.water_use.blowdown * dt;
        if state.heat.get::<watt>() > 0.0 {
            if state.free_cooling.get() >= FULLY_FREE {
                self.free_cooling_hours += 1;
            } else if state.free_cooling.get() > 0.0 {
                self.partial_free_cooling_hours += 1;
            }
        }
        let headroom = state.heat_headroom();
        if headroom.get::<watt>() < 0.0 {
            self.hours_over_capacity += 1;
        }
        if headroom < self.min_heat_headroom {
            self.min_heat_headroom = headroom;
        }
        if let Some((t, limit)) = temperature {
            if t.get::<kelvin_interval>() < 0.0 {
                self.hours_over_temperature += 1;
            }
            if self.min_temperature_headroom.is_none_or(|(m, _)| t < m) {
                self.min_temperature_headroom = Some((t, limit));
            }
        }
    }
}

/// A year of a site with flexibility as operated: the load the dispatch served (after the
/// dynamic cap and curtailment), where its energy came from (grid, battery, on-site
/// generation) and what it emitted — the counterpart of [`AnnualResult`], which sums the
/// load the racks would draw undispatched.
///
/// Each hour balances, `grid import + discharge + generation = facility + charge`
/// ([`HourDispatch`]), so the year does too.
///
/// # Units
///
/// As [`AnnualEnergy`] for `energy` (the load served: IT after caps and curtailment at the IT
/// equipment input, facility at the grid side of the substation); grid import at the point of
/// interconnection; battery energies there (charge drawn, discharge delivered); generation
/// electric output; fuel its HHV energy; emissions mass of CO₂.
///
/// # References
///
/// - ISO/IEC 30134-2:2016 / EN 50600-4-2:2016 §5.2: the data centre is a system bounded by
///   the interfaces energy flows through; an on-site generator metered at its output is
///   outside it, so its electricity delivered counts as data-centre energy (its fuel does
///   not). The battery is power-delivery plant inside the boundary, so its losses count.
///   Hence `E_DC = E_grid + E_generation` ([`OperatedYear::data_centre_energy`]).
/// - ISO/IEC 30134-8:2022 (CUE): the emissions of all the data centre's energy, grid and
///   on-site fuel, over IT energy.
/// - `docs/models.md`, "Flexibility", "The year as operated".
#[derive(Clone, Debug, PartialEq)]
pub struct OperatedYear {
    /// Hours summed.
    pub hours: usize,
    /// Energy of the load served, by component.
    pub energy: AnnualEnergy,
    /// Make-up water of the load served.
    pub water: Volume,
    /// Highest hourly facility load served.
    pub peak_facility: Power,
    /// Energy imported from the grid.
    pub grid_import: Energy,
    /// Highest hourly grid import.
    pub peak_grid_import: Power,
    /// Energy the battery drew.
    pub battery_charge: Energy,
    /// Energy the battery delivered.
    pub battery_discharge: Energy,
    /// Energy the battery lost, `Σ charge·(1 − η) + discharge·(1/η − 1)` with the one-way
    /// efficiency `η = √η_rt` ([`crate::flexibility::Battery`]).
    pub battery_losses: Energy,
    /// Electric energy generated on site.
    pub generation: Energy,
    /// Fuel burnt on site (HHV), from each hour's part-load efficiency.
    pub fuel: Energy,
    /// The generation's emission factor per unit of fuel, with generation.
    pub generation_factor: Option<EmissionFactor>,
    /// The grid's emissions and matched renewables, summed on the grid import (and every
    /// heat pump's emissions at the grid's intensity).
    pub grid: GridYear,
    /// Heat reuse of the load served, for a site with heat-reuse components; `None` otherwise.
    pub reuse: Option<ReuseYear>,
}

impl OperatedYear {
    /// Data-centre energy for the PUE: grid import plus on-site generation's output (module
    /// references: generation metered at its output is outside the boundary).
    pub fn data_centre_energy(&self) -> Energy {
        self.grid_import + self.generation
    }

    /// The PUE of the year as operated, `(E_grid + E_generation) / E_IT`, IT after caps and
    /// curtailment at the IT equipment input (category 3). Battery losses are in it; so is
    /// the stored energy the year ends with below its start (the battery starts full).
    ///
    /// # References
    ///
    /// ISO/IEC 30134-2:2016 (EN 50600-4-2:2016 §5.2), see [`OperatedYear`].
    pub fn pue(&self) -> Result<Pue> {
        metrics::pue(self.data_centre_energy(), self.energy.it)
    }

    /// Site WUE of the year as operated: its make-up water over its IT energy.
    ///
    /// # References
    ///
    /// ISO/IEC 30134-9:2022; The Green Grid WP 35 (2011).
    pub fn wue(&self) -> Result<WaterIntensity> {
        metrics::wue(self.water, self.energy.it)
    }

    /// CO₂ from the fuel burnt on site (zero without generation).
    pub fn generation_emissions(&self) -> Mass {
        self.generation_factor.map_or(Mass::ZERO, |f| self.fuel * f)
    }

    /// The carbon figures of the year as operated, with a carbon input: the grid's on the
    /// energy imported, and the generation's fuel added as another source
    /// ([`CarbonYear::add_source`]).
    pub fn carbon(&self, s: &Sustainability) -> Result<Option<CarbonYear>> {
        let Some(c) = &s.carbon else {
            return Ok(None);
        };
        let mut year = CarbonYear::new(
            c,
            self.grid.emissions,
            self.grid.marginal_emissions,
            self.grid_import,
            self.peak_grid_import,
            self.hours,
        );
        if let Some(f) = self.generation_factor {
            year.add_source(self.fuel, f)?;
        }
        Ok(Some(year))
    }

    /// CUE of the year as operated, with a carbon input: grid and generation emissions over
    /// IT energy after caps and curtailment.
    ///
    /// # Units
    ///
    /// kg CO₂ per kWh of IT energy.
    ///
    /// # References
    ///
    /// ISO/IEC 30134-8:2022; The Green Grid WP 32 (2010).
    pub fn cue(&self, s: &Sustainability) -> Result<Option<EmissionFactor>> {
        self.carbon(s)?
            .map(|c| metrics::cue(c.emissions, self.energy.it))
            .transpose()
    }
}

/// Sums a year of dispatch into an [`OperatedYear`] as the hours come: a
/// [`YearWatcher`] for [`crate::flexibility::plan_year_watched`], which hands back the one that
/// saw the year at the plan's answer. It keeps the hours themselves only when asked (for
/// hourly output); otherwise it allocates nothing per hour.
#[derive(Clone, Debug)]
pub struct OperatedSum<'a> {
    inputs: &'a Sustainability,
    climate_hours: usize,
    reuse: bool,
    one_way: Option<f64>,
    generation_factor: Option<EmissionFactor>,
    start: (YearSum, GridYear),
    year: YearSum,
    grid: GridYear,
    hour: usize,
    grid_import: Energy,
    peak_grid_import: Power,
    battery_charge: Energy,
    battery_discharge: Energy,
    battery_losses: Energy,
    generation: Energy,
    fuel: Energy,
    hours: Option<Vec<HourDispatch>>,
}

impl<'a> OperatedSum<'a> {
    /// A sum for `site` with `flex` in a climate of `climate_hours` hours, with the
    /// sustainability `inputs` (an error if an hourly series does not cover the climate);
    /// `keep_hours` keeps every hour for [`OperatedSum::finish`] to return.
    pub fn new(
        site: &Site,
        flex: &Flexibility,
        inputs: &'a Sustainability,
        climate_hours: usize,
        keep_hours: bool,
    ) -> Result<Self> {
        let year = YearSum::new(site);
        let grid = GridYear::start(inputs, climate_hours)?;
        let zero = Energy::ZERO;
        Ok(Self {
            inputs,
            climate_hours,
            reuse: !site.heat_reuse().is_empty(),
            one_way: flex.battery().map(|b| b.one_way()),
            generation_factor: flex.generation().map(|g| g.emission_factor()),
            start: (year.clone(), grid),
            year,
            grid,
            hour: 0,
            grid_import: zero,
            peak_grid_import: Power::ZERO,
            battery_charge: zero,
            battery_discharge: zero,
            battery_losses: zero,
            generation: zero,
            fuel: zero,
            hours: keep_hours.then(|| Vec::with_capacity(climate_hours)),
        })
    }

    /// The year summed, and its hours if kept (empty otherwise).
    pub fn finish(self) -> (OperatedYear, Vec<HourDispatch>) {
        (
            OperatedYear {
                hours: self.hour,
                energy: self.year.energy,
                water: self.year.water,
                peak_facility: self.year.peak,
                grid_import: self.grid_import,
                peak_grid_import: self.peak_grid_import,
                battery_charge: self.battery_charge,
                battery_discharge: self.battery_discharge,
                battery_losses: self.battery_losses,
                generation: self.generation,
                fuel: self.fuel,
                generation_factor: self.generation_factor,
                grid: self.grid,
                reuse: self.reuse.then_some(self.year.reuse),
            },
            self.hours.unwrap_or_default(),
        )
    }
}

impl YearWatcher for OperatedSum<'_> {
    fn reset(&mut self) {
        (self.year, self.grid) = self.start.clone();
        self.hour = 0;
        let zero = Energy::ZERO;
        self.grid_import = zero;
        self.peak_grid_import = Power::ZERO;
        self.battery_charge = zero;
        self.battery_discharge = zero;
        self.battery_losses = zero;
        self.generation = zero;
        self.fuel = zero;
        if let Some(h) = self.hours.as_mut() {
            h.clear();
        }
    }

    fn hour(&mut self, d: &HourDispatch) {
        let dt = Time::new::<time::hour>(1.0);
        self.year.add(&d.operated, dt);
        self.grid.add_heat_pump(
            self.inputs,
            self.hour,
            self.climate_hours,
            d.operated.heat_pump * dt,
        );
        self.grid.add(
            self.inputs,
            self.hour,
            self.climate_hours,
            d.grid_import * dt,
        );
        self.hour += 1;
        self.grid_import += d.grid_import * dt;
        self.peak_grid_import = self.peak_grid_import.max(d.grid_import);
        self.battery_charge += d.battery_charge * dt;
        self.battery_discharge += d.battery_discharge * dt;
        if let Some(eta) = self.one_way {
            self.battery_losses +=
                (d.battery_charge * (1.0 - eta) + d.battery_discharge * (1.0 / eta - 1.0)) * dt;
        }
        self.generation += d.generation * dt;
        self.fuel += d.fuel;
        if let Some(h) = self.hours.as_mut() {
            h.push(*d);
        }
    }
}

/// The year of `primary_racks` racks of `deployment` at `site` with `flex`, as operated: one
/// pass of the dispatch ([`crate::flexibility::dispatch_year`]) summed by [`OperatedSum`],
/// each hour also handed to `on_hour`.
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::climate::{Climate, Location};
/// use dcplan::flexibility::{Battery, Flexibility};
/// use dcplan::simulate;
/// use dcplan::sustainability::Sustainability;
/// let p = Pressure::new::<pascal>(101_325.0);
/// let a = Ambient::from_dew_point(celsius(20.0), celsius(10.0), p)?;
/// let climate = Climate::from_hours("a day", Location::new(0.0, 0.0, Length::ZERO)?, vec![a; 24])?;
/// // 100 racks of 120 kW at PUE 1.2 draw 14.4 MW against 14 MW: 0.4 MW is curtailed.
/// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(14.0))?)
///     .lumped_pue(Pue::new(1.2)?).build()?;
/// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?
///     .with_it_power(Power::new::<kilowatt>(120.0))?;
/// let y = simulate::operated(&site, &Deployment::new(rack), 100, &climate, &Flexibility::none(),
///     &Sustainability::default(), |_| {})?;
/// assert!((y.grid_import.get::<megawatt_hour>() - 14.0 * 24.0).abs() < 1e-6);
/// assert!((y.energy.it.get::<megawatt_hour>() - 14.0 / 1.2 * 24.0).abs() < 1e-6);
/// assert!((y.pue()?.get() - 1.2).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn operated(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    flex: &Flexibility,
    inputs: &Sustainability,
    mut on_hour: impl FnMut(&HourDispatch),
) -> Result<OperatedYear> {
    let mut sum = OperatedSum::new(site, flex, inputs, climate.len(), false)?;
    crate::flexibility::dispatch_year(site, deployment, primary_racks, climate, flex, |h| {
        sum.hour(h);
        on_hour(h);
    })?;
    Ok(sum.finish().0)
}
