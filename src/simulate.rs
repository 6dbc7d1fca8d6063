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
use crate::it::{Deployment, When};
use crate::metrics::{self, ItMeasurement};
use crate::operating::{HourTotals, Placement, Warm};
use crate::site::Site;
use crate::units::*;

/// Annual energy by component.
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
}

/// One cooling loop over the year.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopYear {
    /// Loop name.
    pub name: String,
    /// Medium.
    pub medium: Medium,
    /// Electric energy.
    pub energy: Energy,
    /// Electric energy of the compressors (chillers, or DX coils with their condenser fans).
    pub compressor_energy: Energy,
    /// Electric energy of the sink's fans and pumps.
    pub sink_energy: Energy,
    /// Electric energy of the loop's fans and pumps (CRAH, CDU, CRAC supply fans).
    pub transport_energy: Energy,
    /// Heat removed.
    pub heat: Energy,
    /// Make-up water.
    pub water: Volume,
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
    /// Highest hourly facility power.
    pub peak_facility: Power,
    /// Highest hourly PUE (IT at the IT input).
    pub max_hourly_pue: Pue,
    /// Lowest hourly PUE (IT at the IT input).
    pub min_hourly_pue: Pue,
    /// Hours in which the facility drew more than the grid interconnect or the substation's
    /// firm capacity allows.
    pub hours_over_supply: u32,
}

impl AnnualResult {
    /// Annualised PUE with IT measured at `at` (ratio of annual energies, ISO/IEC 30134-2).
    pub fn pue(&self, at: ItMeasurement) -> Result<Pue> {
        let missing = |what: &str| {
            Error::inconsistent(
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

    /// Annual partial PUE of cooling.
    pub fn partial_pue_cooling(&self) -> Result<Pue> {
        metrics::partial_pue(self.energy.cooling, self.energy.it)
    }

    /// Annual partial PUE of the electrical chain.
    pub fn partial_pue_electrical(&self) -> Result<Pue> {
        metrics::partial_pue(self.energy.electrical_losses, self.energy.it)
    }

    /// Water usage effectiveness, L/kWh of IT energy.
    pub fn wue(&self) -> Result<f64> {
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
    /// Share of the heat free-cooled.
    pub free_cooling: Vec<f64>,
}

/// Hourly series of a year, for plotting and CSV output.
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
    /// Each loop.
    pub loops: Vec<LoopSeries>,
}

/// The year of `site` with `primary_racks` primary racks of `deployment` in `climate`.
pub fn annual(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
) -> Result<AnnualResult> {
    run(
        site,
        deployment,
        primary_racks,
        climate,
        |_, _, _| {},
        |_| Ok(()),
    )
}

/// As [`annual`], also returning the hourly series.
pub fn annual_hourly(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
) -> Result<(AnnualResult, HourlySeries)> {
    let n = climate.len();
    let mut series = HourlySeries {
        facility: Vec::with_capacity(n),
        it: Vec::with_capacity(n),
        cooling: Vec::with_capacity(n),
        electrical_losses: Vec::with_capacity(n),
        pue: Vec::with_capacity(n),
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
        |i, state, headroom| {
            let s = &mut series.loops[i];
            s.power.push(state.power);
            s.heat_headroom.push(state.heat_headroom());
            s.temperature_headroom.push(headroom.map(|(t, _)| t));
            s.free_cooling.push(state.free_cooling);
        },
        |totals| {
            series.facility.push(totals.facility);
            series.it.push(totals.it);
            series.cooling.push(totals.cooling);
            series.electrical_losses.push(totals.electrical_losses);
            series.pue.push(Pue::new(hourly_pue(totals))?);
            Ok(())
        },
    )?;
    Ok((result, series))
}

/// The temperature headroom of a loop in one hour and the limit it is against.
type TemperatureHeadroom = Option<(TemperatureInterval, TemperatureLimit)>;

/// An hour's PUE with IT at the IT input (1 without IT).
fn hourly_pue(totals: &HourTotals) -> f64 {
    let it = totals.it.get::<watt>();
    if it > 0.0 {
        totals.facility.get::<watt>() / it
    } else {
        1.0
    }
}

/// The hourly loop: `on_loop` sees each loop's state and temperature headroom, `on_hour` the
/// hour's totals (series are filled there; the summary is accumulated here).
fn run(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    mut on_loop: impl FnMut(usize, &LoopState, TemperatureHeadroom),
    mut on_hour: impl FnMut(&HourTotals) -> Result<()>,
) -> Result<AnnualResult> {
    let placement = Placement::new(site, deployment, primary_racks)?.for_climate(climate)?;
    let one_hour = Time::new::<time::hour>(1.0);
    let zero_e = Energy::new::<joule>(0.0);
    let limit = site.interconnect().capacity();
    let firm = site.substation().map(|s| s.firm_capacity());
    let mediums: Vec<Medium> = site.loops().iter().map(|l| l.medium()).collect();
    let limits = placement.loop_limits();

    let mut sum = AnnualSum {
        it: zero_e,
        it_at_pdu_output: zero_e,
        it_at_ups_output: zero_e,
        losses: zero_e,
        cooling: zero_e,
        house: zero_e,
        overhead: zero_e,
        facility: zero_e,
        water: Volume::new::<cubic_meter>(0.0),
    };
    let mut loops: Vec<LoopYear> = site
        .loops()
        .iter()
        .map(|l| LoopYear {
            name: l.name().to_owned(),
            medium: l.medium(),
            energy: zero_e,
            compressor_energy: zero_e,
            sink_energy: zero_e,
            transport_energy: zero_e,
            heat: zero_e,
            water: Volume::new::<cubic_meter>(0.0),
            free_cooling_hours: 0,
            partial_free_cooling_hours: 0,
            hours_over_capacity: 0,
            hours_over_temperature: 0,
            min_heat_headroom: Power::new::<watt>(f64::INFINITY),
            min_temperature_headroom: None,
        })
        .collect();
    let mut peak = Power::new::<watt>(0.0);
    // Highest and lowest hourly PUE as (facility, IT) pairs, compared by cross-multiplication.
    let (mut max_pue, mut min_pue, mut over_supply) =
        ((1.0f64, 1.0f64), (f64::INFINITY, 1.0f64), 0u32);
    let mut warm = vec![Warm::default(); site.loops().len()];
    let month_ends = month_ends(climate.is_leap_year());
    let mut month = 0;
    let (mut at_pdu, mut at_ups) = (false, false);

    for (index, ambient) in climate.hours().iter().enumerate() {
        while index >= month_ends[month] {
            month += 1;
        }
        let totals = placement.run(
            ambient,
            When::Hour { index, month },
            &mut warm,
            |i, state| {
                let headroom = state.temperature_headroom(mediums[i], &limits[i]);
                loops[i].add(state, headroom, one_hour);
                on_loop(i, state, headroom);
            },
            |_, _, _| {},
            |_| {},
        )?;
        sum.add(&totals, one_hour);
        at_pdu = totals.it_at_pdu_output.is_some();
        at_ups = totals.it_at_ups_output.is_some();
        if totals.facility > peak {
            peak = totals.facility;
        }
        if totals.facility > limit || firm.is_some_and(|f| totals.substation_output > f) {
            over_supply += 1;
        }
        let it_w = totals.it.get::<watt>();
        let hour = if it_w > 0.0 {
            (totals.facility.get::<watt>(), it_w)
        } else {
            (1.0, 1.0)
        };
        if hour.0 * max_pue.1 > max_pue.0 * hour.1 {
            max_pue = hour;
        }
        if hour.0 * min_pue.1 < min_pue.0 * hour.1 {
            min_pue = hour;
        }
        on_hour(&totals)?;
    }
    Ok(AnnualResult {
        hours: climate.len(),
        primary_racks: placement.primary_racks(),
        accelerators: placement.accelerators(),
        energy: AnnualEnergy {
            it: sum.it,
            it_at_pdu_output: at_pdu.then_some(sum.it_at_pdu_output),
            it_at_ups_output: at_ups.then_some(sum.it_at_ups_output),
            electrical_losses: sum.losses,
            cooling: sum.cooling,
            house: sum.house,
            lumped_overhead: sum.overhead,
            facility: sum.facility,
        },
        loops,
        water: sum.water,
        peak_facility: peak,
        max_hourly_pue: Pue::new(max_pue.0 / max_pue.1)?,
        min_hourly_pue: Pue::new(if min_pue.0.is_finite() {
            min_pue.0 / min_pue.1
        } else {
            1.0
        })?,
        hours_over_supply: over_supply,
    })
}

/// Hours from 1 January 00:00 to the end of each month.
fn month_ends(leap: bool) -> [usize; 12] {
    let mut days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if leap {
        days[1] = 29;
    }
    let mut end = 0;
    days.map(|d| {
        end += d * 24;
        end
    })
}

struct AnnualSum {
    it: Energy,
    it_at_pdu_output: Energy,
    it_at_ups_output: Energy,
    losses: Energy,
    cooling: Energy,
    house: Energy,
    overhead: Energy,
    facility: Energy,
    water: Volume,
}

impl AnnualSum {
    #[inline]
    fn add(&mut self, t: &HourTotals, dt: Time) {
        self.it += t.it * dt;
        if let Some(p) = t.it_at_pdu_output {
            self.it_at_pdu_output += p * dt;
        }
        if let Some(p) = t.it_at_ups_output {
            self.it_at_ups_output += p * dt;
        }
        self.losses += t.electrical_losses * dt;
        self.cooling += t.cooling * dt;
        self.house += t.house * dt;
        self.overhead += t.lumped_overhead * dt;
        self.facility += t.facility * dt;
        self.water += t.water * dt;
    }
}

impl LoopYear {
    #[inline]
    fn add(
        &mut self,
        state: &LoopState,
        temperature: Option<(TemperatureInterval, TemperatureLimit)>,
        dt: Time,
    ) {
        self.energy += state.power * dt;
        self.compressor_energy += state.chiller_power * dt;
        self.sink_energy += state.sink_power * dt;
        self.transport_energy += state.transport_power * dt;
        self.heat += state.heat * dt;
        self.water += state.water * dt;
        if state.heat.get::<watt>() > 0.0 {
            if state.free_cooling >= 1.0 {
                self.free_cooling_hours += 1;
            } else if state.free_cooling > 0.0 {
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
