//! The physics kernel: a site with some IT installed, at one ambient → the full power
//! breakdown and the utilisation and headroom of every constraint.
//!
//! Everything dcplan answers comes from here: the capacity planner searches over rack counts
//! at the design ambient, the annual simulation walks 8,760 hourly ambients. A [`Load`] holds
//! the ambient-independent part (racks placed in halls, IT power, the critical power path), so
//! that repeated evaluation at many ambients does only the ambient-dependent work.
//!
//! ```
//! use dcplan::prelude::*;
//! let site = Site::builder("campus", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
//!     .lumped_pue(Pue::new(1.15)?)
//!     .build()?;
//! let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
//! let ambient = Ambient::from_wet_bulb(celsius(35.0), celsius(24.0), Pressure::new::<pascal>(101_325.0))?;
//! let op = evaluate(&site, &Deployment::new(rack), 724, &ambient)?;
//! assert!((op.facility.get::<megawatt>() - 99.912).abs() < 1e-9); // 724 × 120 kW × 1.15
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::climate::psychrometrics::standard_pressure;
use crate::climate::{Ambient, Climate};
use crate::cooling::{CracAir, Guess, LoopState, Medium, RoomLoad, SupplyLimits, TemperatureLimit};
use crate::electrical::{Stage, StageFlow, StageKind};
use crate::error::{Error, Result};
use crate::it::{Deployment, InletResponse, RackCounts, When};
use crate::site::{Facility, Site};
use crate::units::*;
use std::fmt;

/// What a constraint limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    /// Import capacity of the grid interconnect.
    GridInterconnect,
    /// Firm capacity of the substation (redundant transformers out).
    SubstationFirm,
    /// Usable capacity of a stage of the electrical chain (e.g. the UPS, redundant units out).
    Electrical {
        /// Stage name.
        stage: String,
        /// Stage kind.
        kind: StageKind,
    },
    /// Heat-rejection capacity of a cooling loop at the ambient (redundant units out).
    CoolingCapacity {
        /// Loop name.
        loop_name: String,
    },
    /// Temperature of a cooling loop against the limit of the racks it serves: the supply
    /// against their class, or the hottest accelerator case against its limit.
    CoolingTemperature {
        /// Loop name.
        loop_name: String,
        /// Which limit.
        limit: TemperatureLimit,
    },
    /// Rack positions of a hall.
    HallPositions {
        /// Hall name.
        hall: String,
    },
    /// IT power limit of a hall.
    HallPower {
        /// Hall name.
        hall: String,
    },
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintKind::GridInterconnect => write!(f, "grid interconnect"),
            ConstraintKind::SubstationFirm => write!(f, "substation firm capacity"),
            ConstraintKind::Electrical { stage, kind } => write!(f, "{kind} '{stage}' capacity"),
            ConstraintKind::CoolingCapacity { loop_name } => {
                write!(f, "cooling loop '{loop_name}' heat rejection")
            }
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::Class,
            } => write!(f, "cooling loop '{loop_name}' supply temperature"),
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::ChipCase,
            } => write!(f, "cooling loop '{loop_name}' chip case temperature"),
            ConstraintKind::HallPositions { hall } => write!(f, "hall '{hall}' rack positions"),
            ConstraintKind::HallPower { hall } => write!(f, "hall '{hall}' power limit"),
        }
    }
}

/// Room left on a constraint, in its own unit. Negative means exceeded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Headroom {
    /// Power (electrical capacity, heat rejection, hall power).
    Power(Power),
    /// Primary racks (hall positions).
    Racks(i64),
    /// Temperature (supply against a class limit).
    Temperature(TemperatureInterval),
}

impl fmt::Display for Headroom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Headroom::Power(p) => write!(f, "{:.3} MW", p.get::<megawatt>()),
            Headroom::Racks(n) => write!(f, "{n} racks"),
            Headroom::Temperature(t) => write!(f, "{:.2} K", t.get::<kelvin_interval>()),
        }
    }
}

/// One constraint at one operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// What is limited.
    pub kind: ConstraintKind,
    /// Room left (negative: exceeded).
    pub headroom: Headroom,
    /// Used / limit, for constraints with a natural zero (power, positions) and a limit above
    /// zero; `None` for temperatures and zero limits.
    pub utilisation: Option<f64>,
}

impl Headroom {
    /// Whether the headroom is negative: the constraint is exceeded.
    pub fn is_exceeded(&self) -> bool {
        match *self {
            Headroom::Power(p) => p.get::<watt>() < 0.0,
            Headroom::Racks(n) => n < 0,
            Headroom::Temperature(t) => t.get::<kelvin_interval>() < 0.0,
        }
    }
}

impl Constraint {
    /// Whether the constraint is exceeded.
    pub fn is_exceeded(&self) -> bool {
        self.headroom.is_exceeded()
    }

    /// How far past its limit the constraint is, as a share of the limit (temperatures per
    /// 10 K); used to name the binding constraint when several are exceeded at once.
    pub(crate) fn overshoot(&self) -> f64 {
        match (self.utilisation, self.headroom) {
            (Some(u), _) => u - 1.0,
            (None, Headroom::Temperature(t)) => -t.get::<kelvin_interval>() / 10.0,
            // A zero limit (e.g. free cooling with no capacity left at this ambient) that is
            // used at all is exceeded without measure.
            (None, Headroom::Power(p)) if p.get::<watt>() < 0.0 => f64::INFINITY,
            (None, _) => 0.0,
        }
    }
}

/// Visits a power constraint: headroom `limit − used`, utilisation `used / limit` (none for a
/// zero limit).
fn visit_power(
    visit: &mut impl FnMut(Headroom, Option<f64>, &dyn Fn() -> ConstraintKind),
    used: Power,
    limit: Power,
    kind: &dyn Fn() -> ConstraintKind,
) {
    let l = limit.get::<watt>();
    let utilisation = (l > 0.0).then(|| used.get::<watt>() / l);
    visit(Headroom::Power(limit - used), utilisation, kind);
}

/// A stage of the electrical chain at the operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct StageReport {
    /// Stage name.
    pub name: String,
    /// Stage kind.
    pub kind: StageKind,
    /// Whether the stage is on the critical (IT) path, the shared path, or the substation.
    pub level: Level,
    /// Usable capacity.
    pub capacity: Power,
    /// Power through it.
    pub flow: StageFlow,
}

/// Where a stage sits in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// IT power path (PDU, UPS).
    Critical,
    /// Whole-facility path below the substation (MV/LV transformers, switchgear).
    Shared,
    /// The grid substation.
    Substation,
}

/// A cooling loop at the operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopReport {
    /// Loop name.
    pub name: String,
    /// Medium.
    pub medium: Medium,
    /// Limits the served racks put on the supply.
    pub limits: SupplyLimits,
    /// The loop's state.
    pub state: LoopState,
}

impl LoopReport {
    /// Temperature headroom against the tightest limit that applies (see
    /// [`LoopState::temperature_headroom`]).
    pub fn temperature_headroom(&self) -> Option<(TemperatureInterval, TemperatureLimit)> {
        self.state.temperature_headroom(self.medium, &self.limits)
    }
}

/// Racks in one hall.
#[derive(Clone, Debug, PartialEq)]
pub struct HallLoad {
    /// Hall name.
    pub name: String,
    /// Racks placed.
    pub racks: RackCounts,
    /// IT power placed.
    pub it: Power,
}

/// The full state of a site at one operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatingPoint {
    /// Primary racks installed.
    pub primary_racks: u32,
    /// All racks by profile.
    pub racks: RackCounts,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// IT power at the IT equipment input.
    pub it: Power,
    /// IT power at the PDU output, if the chain has a PDU (PUE category 2).
    pub it_at_pdu_output: Option<Power>,
    /// IT power at the UPS output, if the chain has a UPS (PUE category 1).
    pub it_at_ups_output: Option<Power>,
    /// Losses of every electrical stage, substation included.
    pub electrical_losses: Power,
    /// Electric power of all cooling loops.
    pub cooling: Power,
    /// Fixed house loads.
    pub house: Power,
    /// Overhead of a lumped-PUE site, `(PUE − 1)·IT` (zero for a component site).
    pub lumped_overhead: Power,
    /// Power drawn from the grid: IT + losses + cooling + house + lumped overhead.
    pub facility: Power,
    /// Make-up water drawn.
    pub water: VolumeRate,
    /// Each electrical stage, load upward.
    pub stages: Vec<StageReport>,
    /// Each cooling loop.
    pub loops: Vec<LoopReport>,
    /// Racks per hall.
    pub halls: Vec<HallLoad>,
    /// Every constraint with its headroom.
    pub constraints: Vec<Constraint>,
}

impl OperatingPoint {
    /// Constraints that are exceeded.
    pub fn exceeded(&self) -> impl Iterator<Item = &Constraint> {
        self.constraints.iter().filter(|c| c.is_exceeded())
    }

    /// Whether every constraint holds.
    pub fn fits(&self) -> bool {
        self.exceeded().next().is_none()
    }

    /// Looks a constraint up.
    pub fn constraint(&self, kind: &ConstraintKind) -> Option<&Constraint> {
        self.constraints.iter().find(|c| &c.kind == kind)
    }
}

/// Sum of the hour's powers, the fast path of the annual simulation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HourTotals {
    pub it: Power,
    pub it_at_pdu_output: Option<Power>,
    pub it_at_ups_output: Option<Power>,
    pub electrical_losses: Power,
    pub cooling: Power,
    pub house: Power,
    pub lumped_overhead: Power,
    pub facility: Power,
    pub water: VolumeRate,
    /// Power delivered by the substation (or the facility power of a lumped site).
    pub substation_output: Power,
}

/// What a loop carries from one hour to the next: where its fixed point settled, and the
/// servers' load at the inlet temperature last evaluated (inlet °C, utilisation period).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Warm {
    pub guess: Option<Guess>,
    pub load: Option<(f64, u64, RoomLoad)>,
}

/// Racks of one profile whose IT power follows their inlet air.
#[derive(Clone, Debug)]
struct Responsive<'a> {
    response: &'a InletResponse,
    count: f64,
    design_w: f64,
    liquid_share: f64,
}

/// IT of the racks that draw their design power whatever the hour, W.
#[derive(Clone, Copy, Debug, Default)]
struct FixedIt {
    it: f64,
    air: f64,
    liquid: f64,
}

/// The ambient-independent part of an operating point: racks placed in halls, IT power,
/// the heat each loop takes, and the flows through the critical power path. With racks that
/// respond to their inlet air ([`crate::it::InletResponse`]) the IT power and everything that
/// follows from it are solved hour by hour with the air loop that feeds them.
#[derive(Clone, Debug)]
pub struct Load<'a> {
    site: &'a Site,
    deployment: &'a Deployment,
    primary: u32,
    racks: RackCounts,
    accelerators: u64,
    /// Primary racks each hall holds.
    hall_capacity: Vec<u32>,
    halls: Vec<HallLoad>,
    /// Primary racks that fit in no hall (0 when the halls have room).
    unplaced: u32,
    /// IT power at the racks' design (nameplate) power.
    it: Power,
    critical: Vec<StageFlow>,
    critical_input: Power,
    /// Heat each loop takes at the design IT power (air loops: with in-room losses).
    loop_heat: Vec<Power>,
    loop_limits: Vec<SupplyLimits>,
    /// Share of its medium's heat each loop takes.
    loop_share: Vec<f64>,
    /// Site-air constants of the CRAC loops.
    airs: Vec<Option<CracAir>>,
    /// Racks whose IT follows their inlet air (empty if none).
    responsive: Vec<Responsive<'a>>,
    fixed: FixedIt,
    /// The air loop feeding the responsive racks.
    room_loop: Option<usize>,
    pdu: Option<usize>,
    ups: Option<usize>,
}

impl<'a> Load<'a> {
    /// Places `primary` primary racks of `deployment` (with their support racks) at `site`:
    /// halls fill in order, each with its own support racks; racks beyond every hall's room
    /// are counted as unplaced and exceed the last hall's constraint. Fails if the site
    /// cannot cool the deployment at all (see [`Site::check_deployment`]).
    pub fn new(site: &'a Site, deployment: &'a Deployment, primary: u32) -> Result<Self> {
        site.check_deployment(deployment)?;
        let zero = Power::new::<watt>(0.0);
        let mut load = Self {
            site,
            deployment,
            primary: 0,
            racks: RackCounts::default(),
            accelerators: 0,
            hall_capacity: site
                .halls()
                .iter()
                .map(|h| h.capacity_for(deployment))
                .collect(),
            halls: Vec::new(),
            unplaced: 0,
            it: zero,
            critical: Vec::new(),
            critical_input: zero,
            loop_heat: Vec::new(),
            loop_limits: Vec::new(),
            loop_share: Vec::new(),
            airs: Vec::new(),
            responsive: Vec::new(),
            fixed: FixedIt::default(),
            room_loop: None,
            pdu: None,
            ups: None,
        };
        if let Facility::Components { electrical, loops } = site.facility() {
            load.pdu = electrical.position(StageKind::Pdu);
            load.ups = electrical.position(StageKind::Ups);
            // Loops of one medium share its heat in proportion to their usable capacity.
            let capacity_of = |m: Medium| -> Power {
                loops
                    .iter()
                    .filter(|l| l.medium() == m)
                    .map(|l| l.usable_capacity())
                    .sum()
            };
            load.loop_share = loops
                .iter()
                .map(|l| (l.usable_capacity() / capacity_of(l.medium())).value)
                .collect();
            load.loop_limits = loops
                .iter()
                .map(|l| Site::supply_limits(deployment, l))
                .collect::<Result<_>>()?;
            let design = design_ambient(site)?;
            load.set_site_air(design.pressure(), design.humidity_ratio())?;
        }
        load.place(primary)?;
        Ok(load)
    }

    /// Places `primary` primary racks instead, and derives the IT power, the critical path's
    /// flows and each loop's heat from them; what does not depend on the rack count (hall
    /// capacities, the loops' supply limits, site air) is kept — the capacity planner's step.
    pub(crate) fn place(&mut self, primary: u32) -> Result<()> {
        let (site, deployment) = (self.site, self.deployment);
        if self.halls.len() != site.halls().len() {
            self.halls = site
                .halls()
                .iter()
                .map(|hall| HallLoad {
                    name: hall.name().to_owned(),
                    racks: RackCounts::default(),
                    it: Power::new::<watt>(0.0),
                })
                .collect();
        }
        let mut remaining = primary;
        let mut racks = RackCounts::default();
        for (hall, &room) in self.halls.iter_mut().zip(&self.hall_capacity) {
            let here = remaining.min(room);
            remaining -= here;
            hall.racks = deployment.counts(here);
            hall.it = deployment.it_power(&hall.racks);
            racks.add(&hall.racks);
        }
        // Without halls every rack is "placed"; with halls the rest are unplaced.
        self.unplaced = if site.halls().is_empty() {
            0
        } else {
            remaining
        };
        racks.add(&deployment.counts(remaining));
        self.primary = primary;
        self.it = deployment.it_power(&racks);
        self.accelerators = deployment.accelerators(&racks);
        (self.responsive, self.fixed) = split_responsive(deployment, &racks);
        self.racks = racks;
        self.critical_input = self.it;
        if let Facility::Components { electrical, loops } = site.facility() {
            self.critical.clear();
            let (input, _) = walk(electrical.critical(), self.it, |_, f| self.critical.push(f));
            self.critical_input = input;
            let room_losses = in_room_losses(electrical.critical(), self.it.get::<watt>());
            self.room_loop = room_loop(site, deployment, &self.responsive, room_losses)?;
            let liquid = deployment.liquid_heat(&self.racks);
            let air = deployment.air_heat(&self.racks) + Power::new::<watt>(room_losses);
            self.loop_heat.clear();
            self.loop_heat
                .extend(
                    loops
                        .iter()
                        .zip(&self.loop_share)
                        .map(|(l, share)| match l.medium() {
                            Medium::Liquid => liquid * *share,
                            Medium::Air => air * *share,
                        }),
                );
        }
        Ok(())
    }

    /// The same load for a year of `climate`: CRAC loops take standard air at the climate's
    /// elevation and a sealed room the outdoor humidity of its first day; hourly utilisation
    /// schedules must have the climate's number of hours.
    pub fn for_climate(mut self, climate: &Climate) -> Result<Self> {
        for r in &self.responsive {
            if let Some(n) = r.response.utilisation().hours()
                && n != climate.len()
            {
                return Err(Error::inconsistent(
                    "inlet_response.utilisation",
                    format!(
                        "the hourly schedule has {n} values but the climate '{}' has {} hours",
                        climate.name(),
                        climate.len()
                    ),
                ));
            }
        }
        let pressure = standard_pressure(climate.location().elevation())?;
        let first_day = &climate.hours()[..24.min(climate.len())];
        let humidity = first_day
            .iter()
            .map(|a| a.humidity_ratio().get::<ratio>())
            .sum::<f64>()
            / first_day.len().max(1) as f64;
        self.set_site_air(pressure, Ratio::new::<ratio>(humidity))?;
        Ok(self)
    }

    fn set_site_air(&mut self, pressure: Pressure, outdoor_humidity: Ratio) -> Result<()> {
        self.airs = self
            .site
            .loops()
            .iter()
            .map(|l| l.air(pressure, outdoor_humidity))
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// IT power installed, at the racks' design (nameplate) power. Racks that respond to
    /// their inlet air draw more or less each hour ([`OperatingPoint::it`]).
    pub fn it(&self) -> Power {
        self.it
    }

    /// Output of the first critical stage of `kind` (the PDU or UPS output, where PUE
    /// categories 2 and 1 measure IT power) at the design IT power, if the chain has one.
    pub fn output_of(&self, kind: StageKind) -> Option<Power> {
        match self.site.facility() {
            Facility::Components { electrical, .. } => electrical
                .position(kind)
                .and_then(|i| self.critical.get(i))
                .map(|f| f.output),
            Facility::Lumped { .. } => None,
        }
    }

    /// Primary racks the halls hold in all; `None` for a site without halls (no limit).
    pub(crate) fn hall_room(&self) -> Option<u64> {
        (!self.site.halls().is_empty())
            .then(|| self.hall_capacity.iter().map(|&k| u64::from(k)).sum())
    }

    /// Primary racks placed.
    pub fn primary_racks(&self) -> u32 {
        self.primary
    }

    /// Accelerators placed.
    pub fn accelerators(&self) -> u64 {
        self.accelerators
    }

    /// The site.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The limits each loop's served racks put on it, in the order of the site's loops.
    pub fn loop_limits(&self) -> &[SupplyLimits] {
        &self.loop_limits
    }

    /// The operating point at `ambient` (utilisation schedules at their peak: the design hour).
    pub fn at(&self, ambient: &Ambient) -> Result<OperatingPoint> {
        let design = self.design_hour(ambient)?;
        Ok(self.report(design))
    }

    /// The design hour at `ambient`, with every loop's state and every stage's flow.
    fn design_hour(&self, ambient: &Ambient) -> Result<DesignHour<'_>> {
        let mut states = Vec::with_capacity(self.loop_heat.len());
        let mut flows = Vec::new();
        let mut substation = None;
        let mut warm = vec![Warm::default(); self.loop_heat.len()];
        let totals = self.run(
            ambient,
            When::Design,
            &mut warm,
            |_, state| states.push(*state),
            |level, stage, flow| flows.push((stage, flow, level)),
            |f| substation = Some(f),
        )?;
        Ok(DesignHour {
            totals,
            states,
            flows,
            substation,
        })
    }

    /// The span of hours over which every responsive rack's utilisation is constant, as an
    /// identifier: the hour for hourly schedules, else the month for monthly ones, else 0;
    /// `u64::MAX` at the design hour (never reused).
    fn utilisation_period(&self, when: When) -> u64 {
        match when {
            When::Design => u64::MAX,
            When::Hour { index, month } => self
                .responsive
                .iter()
                .map(|r| match r.response.utilisation().hours() {
                    Some(_) => index as u64 + 12,
                    None if r.response.utilisation().is_monthly() => month as u64,
                    None => 0,
                })
                .max()
                .unwrap_or(0),
        }
    }

    /// What the racks put into the room air of the loop feeding the responsive racks when
    /// their inlet air is at `t_in_c` °C, with the in-room losses of the critical path.
    #[inline]
    fn room_load(&self, t_in_c: f64, when: When, critical: &[Stage]) -> RoomLoad {
        let f = self.fixed;
        let mut load = RoomLoad {
            it: f.it,
            air_heat: f.air,
            liquid_heat: f.liquid,
            other_heat: 0.0,
            server_flow: 0.0,
        };
        for r in &self.responsive {
            let u = r.response.utilisation().value(when);
            let (p, v) = r.response.at(r.design_w, u, t_in_c);
            let p = p * r.count;
            load.it += p;
            load.liquid_heat += p * r.liquid_share;
            load.air_heat += p * (1.0 - r.liquid_share);
            load.server_flow += v * r.count;
        }
        load.other_heat = in_room_losses(critical, load.it);
        load
    }

    /// Totals at `ambient` in hour `when`, handing each loop's state (with its index) to
    /// `on_loop`, each critical and shared stage's flow to `on_stage` and the substation's to
    /// `on_substation`. The one place the ambient-dependent physics is computed. `warm` (one
    /// per loop) carries each loop's hourly solution to the next hour as a starting point.
    #[inline]
    pub(crate) fn run<'s>(
        &'s self,
        ambient: &Ambient,
        when: When,
        warm: &mut [Warm],
        mut on_loop: impl FnMut(usize, &LoopState),
        mut on_stage: impl FnMut(Level, &'s Stage, StageFlow),
        on_substation: impl FnOnce(StageFlow),
    ) -> Result<HourTotals> {
        let house = self.site.house_load();
        let zero = Power::new::<watt>(0.0);
        let watts = Power::new::<watt>;
        let mut totals = HourTotals {
            it: self.it,
            it_at_pdu_output: None,
            it_at_ups_output: None,
            electrical_losses: zero,
            cooling: zero,
            house,
            lumped_overhead: zero,
            facility: zero,
            water: VolumeRate::new::<cubic_meter_per_second>(0.0),
            substation_output: zero,
        };
        let below_substation = match self.site.facility() {
            Facility::Lumped { pue } => {
                totals.lumped_overhead = self.it * (pue.get() - 1.0);
                self.it + totals.lumped_overhead + house
            }
            Facility::Components { electrical, loops } => {
                // The loop feeding racks that follow their inlet air is solved first: it sets
                // the hour's IT power, and with it the liquid loops' heat.
                let room = match self.room_loop {
                    Some(a) => {
                        // The servers' load at an inlet temperature and utilisation seen last
                        // (the previous hour's solution is this hour's first guess) is reused.
                        let period = self.utilisation_period(when);
                        let last = std::cell::Cell::new(warm[a].load);
                        let load = |t: f64| match last.get() {
                            Some((t0, p0, l)) if t0 == t && p0 == period => l,
                            _ => {
                                let l = self.room_load(t, when, electrical.critical());
                                last.set(Some((t, period, l)));
                                l
                            }
                        };
                        let solved = loops[a].operate_room(
                            self.airs[a].as_ref(),
                            ambient,
                            &self.loop_limits[a],
                            load,
                            &mut warm[a].guess,
                        )?;
                        warm[a].load = last.get();
                        Some(solved)
                    }
                    None => None,
                };
                for (i, (l, limits)) in loops.iter().zip(&self.loop_limits).enumerate() {
                    let state = match room {
                        Some((state, _)) if Some(i) == self.room_loop => state,
                        Some((_, load)) => l.operate(
                            watts(load.liquid_heat * self.loop_share[i]),
                            ambient,
                            limits,
                        )?,
                        None if l.models_room() => {
                            let heat = self.loop_heat[i].get::<watt>();
                            let fixed = RoomLoad {
                                air_heat: heat,
                                ..RoomLoad::default()
                            };
                            l.operate_room(
                                self.airs[i].as_ref(),
                                ambient,
                                limits,
                                |_| fixed,
                                &mut warm[i].guess,
                            )?
                            .0
                        }
                        None => l.operate(self.loop_heat[i], ambient, limits)?,
                    };
                    totals.cooling += state.power;
                    totals.water += state.water;
                    on_loop(i, &state);
                }
                let (critical_input, critical_losses) = match room {
                    Some((_, load)) => {
                        totals.it = watts(load.it);
                        let mut power = totals.it;
                        for (k, stage) in electrical.critical().iter().enumerate() {
                            let flow = stage.flow(power);
                            self.record_measurement(k, flow, &mut totals);
                            on_stage(Level::Critical, stage, flow);
                            power = flow.input;
                        }
                        (power, power - totals.it)
                    }
                    None => {
                        for (k, (stage, flow)) in
                            electrical.critical().iter().zip(&self.critical).enumerate()
                        {
                            self.record_measurement(k, *flow, &mut totals);
                            on_stage(Level::Critical, stage, *flow);
                        }
                        (self.critical_input, self.critical_input - self.it)
                    }
                };
                let (mv, shared_losses) = walk(
                    electrical.shared(),
                    critical_input + totals.cooling + house,
                    |s, f| on_stage(Level::Shared, s, f),
                );
                totals.electrical_losses = critical_losses + shared_losses;
                mv
            }
        };
        totals.substation_output = below_substation;
        totals.facility = match (self.site.substation(), self.site.facility()) {
            (Some(sub), Facility::Components { .. }) => {
                let flow = sub.flow(below_substation);
                totals.electrical_losses += flow.loss;
                on_substation(flow);
                flow.input
            }
            _ => below_substation,
        };
        Ok(totals)
    }

    /// Notes the IT power measured at the PDU or UPS output (PUE categories 2 and 1).
    #[inline]
    fn record_measurement(&self, k: usize, flow: StageFlow, totals: &mut HourTotals) {
        if self.pdu == Some(k) {
            totals.it_at_pdu_output = Some(flow.output);
        }
        if self.ups == Some(k) {
            totals.it_at_ups_output = Some(flow.output);
        }
    }

    /// Whether every constraint holds at `ambient` (utilisation schedules at their peak) —
    /// [`Load::at`]`(ambient)?.fits()` without building the report.
    pub(crate) fn fits_at(&self, ambient: &Ambient) -> Result<bool> {
        let design = self.design_hour(ambient)?;
        let mut fits = true;
        self.each_constraint(&design, |headroom, _, _| {
            fits &= !headroom.is_exceeded();
        });
        Ok(fits)
    }

    /// Visits every constraint of the operating point with its headroom and utilisation;
    /// `kind` builds the constraint's name only for visitors that want it.
    fn each_constraint(
        &self,
        design: &DesignHour<'_>,
        mut visit: impl FnMut(Headroom, Option<f64>, &dyn Fn() -> ConstraintKind),
    ) {
        let site = self.site;
        let (totals, flows, states) = (&design.totals, &design.flows, &design.states);
        visit_power(
            &mut visit,
            totals.facility,
            site.interconnect().capacity(),
            &|| ConstraintKind::GridInterconnect,
        );
        if let Some(sub) = site.substation() {
            visit_power(
                &mut visit,
                totals.substation_output,
                sub.firm_capacity(),
                &|| ConstraintKind::SubstationFirm,
            );
        }
        for (stage, flow, _) in flows {
            visit_power(&mut visit, flow.output, stage.capacity(), &|| {
                ConstraintKind::Electrical {
                    stage: stage.name().to_owned(),
                    kind: stage.kind(),
                }
            });
        }
        for ((l, state), limits) in site.loops().iter().zip(states).zip(&self.loop_limits) {
            let loop_name = || l.name().to_owned();
            visit_power(&mut visit, state.heat, state.capacity, &|| {
                ConstraintKind::CoolingCapacity {
                    loop_name: loop_name(),
                }
            });
            if let Some((headroom, limit)) = state.temperature_headroom(l.medium(), limits) {
                visit(Headroom::Temperature(headroom), None, &|| {
                    ConstraintKind::CoolingTemperature {
                        loop_name: loop_name(),
                        limit,
                    }
                });
            }
        }
        // Unplaced racks are charged to the last hall: one more rack than fits exceeds it.
        let last = site.halls().len().saturating_sub(1);
        for (i, (hall, load)) in site.halls().iter().zip(&self.halls).enumerate() {
            let primary = if i == last {
                load.racks.primary.saturating_add(self.unplaced)
            } else {
                load.racks.primary
            };
            let positions = u64::from(hall.positions());
            let used = self.deployment.positions(primary);
            let hall_name = || hall.name().to_owned();
            visit(
                Headroom::Racks(positions as i64 - used as i64),
                Some(used as f64 / positions.max(1) as f64),
                &|| ConstraintKind::HallPositions { hall: hall_name() },
            );
            if let Some(limit) = hall.power_limit() {
                let it = if primary == load.racks.primary {
                    load.it
                } else {
                    load.it
                        + self
                            .deployment
                            .it_power(&self.deployment.counts(self.unplaced))
                };
                visit_power(&mut visit, it, limit, &|| ConstraintKind::HallPower {
                    hall: hall_name(),
                });
            }
        }
    }

    fn report(&self, design: DesignHour<'_>) -> OperatingPoint {
        let mut constraints = Vec::new();
        self.each_constraint(&design, |headroom, utilisation, kind| {
            constraints.push(Constraint {
                kind: kind(),
                headroom,
                utilisation,
            })
        });
        let DesignHour {
            totals,
            states,
            flows,
            substation,
        } = design;
        let mut stages: Vec<StageReport> = flows
            .into_iter()
            .map(|(stage, flow, level)| StageReport {
                name: stage.name().to_owned(),
                kind: stage.kind(),
                level,
                capacity: stage.capacity(),
                flow,
            })
            .collect();
        if let (Some(sub), Some(flow)) = (self.site.substation(), substation) {
            stages.push(StageReport {
                name: "substation".into(),
                kind: StageKind::Transformer,
                level: Level::Substation,
                capacity: sub.firm_capacity(),
                flow,
            });
        }
        let loops = self
            .site
            .loops()
            .iter()
            .zip(states)
            .zip(&self.loop_limits)
            .map(|((l, state), limits)| LoopReport {
                name: l.name().to_owned(),
                medium: l.medium(),
                limits: *limits,
                state,
            })
            .collect();
        OperatingPoint {
            primary_racks: self.primary,
            racks: self.racks.clone(),
            accelerators: self.accelerators,
            it: totals.it,
            it_at_pdu_output: totals.it_at_pdu_output,
            it_at_ups_output: totals.it_at_ups_output,
            electrical_losses: totals.electrical_losses,
            cooling: totals.cooling,
            house: totals.house,
            lumped_overhead: totals.lumped_overhead,
            facility: totals.facility,
            water: totals.water,
            stages,
            loops,
            halls: self.halls.clone(),
            constraints,
        }
    }
}

/// The design hour of a load: its totals, each loop's state and each stage's flow.
struct DesignHour<'s> {
    totals: HourTotals,
    states: Vec<LoopState>,
    flows: Vec<(&'s Stage, StageFlow, Level)>,
    substation: Option<StageFlow>,
}

/// The racks of `deployment` in `racks` split into those whose IT follows their inlet air and
/// the design power, air and liquid heat of the rest.
fn split_responsive<'a>(
    deployment: &'a Deployment,
    racks: &RackCounts,
) -> (Vec<Responsive<'a>>, FixedIt) {
    let counts = std::iter::once(racks.primary).chain(racks.support.iter().copied());
    let mut responsive = Vec::new();
    let mut fixed = FixedIt::default();
    for (profile, n) in deployment.profiles().zip(counts) {
        let n = f64::from(n);
        let design_w = profile.it_power().get::<watt>();
        let liquid_share = profile.liquid_fraction().get();
        match profile.inlet_response() {
            Some(response) if n > 0.0 => responsive.push(Responsive {
                response,
                count: n,
                design_w,
                liquid_share,
            }),
            _ => {
                fixed.it += n * design_w;
                fixed.air += n * design_w * (1.0 - liquid_share);
                fixed.liquid += n * design_w * liquid_share;
            }
        }
    }
    (responsive, fixed)
}

/// Heat the critical stages release into the data hall's air when the IT draws `it_w` W.
#[inline]
fn in_room_losses(critical: &[Stage], it_w: f64) -> f64 {
    let mut power = it_w;
    let mut heat = 0.0;
    for stage in critical {
        let loss = stage.loss_w(power);
        heat += loss * stage.heat_to_room().get();
        power += loss;
    }
    heat
}

/// The air loop that feeds racks following their inlet air, checking the site can solve
/// them: such racks, and losses released into the hall, need exactly one air loop; a loop
/// that finds its return air from the servers' air flow needs every rack it cools to have an
/// inlet response.
fn room_loop(
    site: &Site,
    deployment: &Deployment,
    responsive: &[Responsive<'_>],
    room_losses: f64,
) -> Result<Option<usize>> {
    let is_air = |l: &&crate::cooling::CoolingLoop| l.medium() == Medium::Air;
    let first_air = site.loops().iter().position(|l| is_air(&l));
    let air_loops = site.loops().iter().filter(is_air).count();
    let field = || format!("site '{}'.cooling_loops", site.name());
    if room_losses > 0.0 && first_air.is_none() {
        return Err(Error::inconsistent(
            &field(),
            "electrical losses heat the data hall, but the site has no air cooling loop to remove them",
        ));
    }
    for l in site.loops().iter().filter(|l| l.needs_server_flow()) {
        if let Some(rack) = deployment
            .profiles()
            .find(|r| r.inlet_response().is_none() && r.air_heat().get::<watt>() > 0.0)
        {
            return Err(Error::Uncoolable {
                rack: rack.name().to_owned(),
                site: site.name().to_owned(),
                reason: format!(
                    "loop '{}' finds its return air from the servers' air flow (approach temperatures), but the rack has no inlet response giving it",
                    l.name()
                ),
            });
        }
    }
    if responsive.is_empty() {
        return Ok(None);
    }
    match (first_air, air_loops) {
        (Some(one), 1) => Ok(Some(one)),
        _ => Err(Error::inconsistent(
            &field(),
            format!(
                "racks that respond to their inlet air need exactly one air cooling loop to set it; the site has {}",
                air_loops
            ),
        )),
    }
}

/// Walks `stages` from the load upward starting with `output`; returns the input at the top
/// and the sum of losses, calling `record` for each stage.
fn walk<'s>(
    stages: &'s [Stage],
    output: Power,
    mut record: impl FnMut(&'s Stage, StageFlow),
) -> (Power, Power) {
    let mut power = output;
    let mut losses = Power::new::<watt>(0.0);
    for stage in stages {
        let flow = stage.flow(power);
        losses += flow.loss;
        power = flow.input;
        record(stage, flow);
    }
    (power, losses)
}

/// The operating point of `site` with `primary_racks` primary racks of `deployment` (and their
/// support racks) at `ambient`. See the module documentation.
pub fn evaluate(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    ambient: &Ambient,
) -> Result<OperatingPoint> {
    Load::new(site, deployment, primary_racks)?.at(ambient)
}

/// The site's design ambient, or an error saying it is missing (lumped sites need none: any
/// ambient gives the same answer, so a standard one is used).
pub(crate) fn design_ambient(site: &Site) -> Result<Ambient> {
    match (site.design_ambient(), site.facility()) {
        (Some(a), _) => Ok(*a),
        (None, Facility::Lumped { .. }) => Ambient::from_relative_humidity(
            celsius(15.0),
            Fraction::new(0.5)?,
            Pressure::new::<pascal>(101_325.0),
        ),
        (None, Facility::Components { .. }) => Err(Error::inconsistent(
            "site.design_ambient",
            "a component-modelled site needs a design ambient",
        )),
    }
}
