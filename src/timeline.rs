//! Schedule: when each phase of a site is energised and when its GPUs (or miners) come online.
//!
//! A [`Schedule`] is a start date (notice to proceed), how the site gets grid power
//! ([`GridAccess`]: already energised, or a new connection with its queue and substation lead
//! time), the [`LeadTimes`] of construction, transformers and IT equipment, and phases of MW
//! energised. Dates are calendar days ([`chrono::NaiveDate`]); durations are uom [`Time`]
//! (helpers [`weeks`], [`months`], [`years`]), rounded to whole days when added to a date.
//!
//! For phase `i` (0-based), with `b = max(construction, transformer lead)` its build time:
//!
//! ```text
//! g    = max(start, since)             energised site      grid power available
//!      = start + lead                  new connection
//! s_i  = max(start + i·interval, g − b)                      construction start (just in time)
//! p_i  = s_i + b                                             phase powered
//! o_i  = max(p_i, s_i + equipment lead) + commissioning      GPUs online
//! ```
//!
//! Construction is timed to finish when grid power arrives (capex is not sunk years before it
//! can earn); IT equipment is ordered at construction start. Every date is non-decreasing in
//! `g`, so a later energisation never brings anything online sooner.
//!
//! ```
//! use chrono::NaiveDate;
//! use dcplan::timeline::*;
//! use dcplan::units::*;
//! let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
//! let phases = vec![Phase::new("all", Power::new::<megawatt>(100.0))];
//! // A bitcoin mine, energised since 2021: no queue, no new transformers.
//! let lead = LeadTimes { construction: months(9.0), transformers: None, ..LeadTimes::default() };
//! let mine = Schedule::new(start, GridAccess::Energised { since: start }, lead.clone(), phases.clone())?;
//! let t = mine.timeline()?;
//! // Powered 274 days after the start; the GPUs arrive 44 weeks after order and bind.
//! assert_eq!(t.phases[0].powered, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
//! assert_eq!(t.phases[0].online_by, Milestone::Equipment);
//! // The same build behind a new substation (6 years) is powered in 2032.
//! let new = Schedule::new(start, GridAccess::new_connection(), lead, phases)?;
//! assert_eq!(new.timeline()?.phases[0].powered, NaiveDate::from_ymd_opt(2032, 2, 28).unwrap());
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::money::UsdPerMw;
use crate::units::*;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::fmt;

pub use crate::units::{months, weeks, years};

/// Longest duration accepted anywhere in a schedule.
const MAX_YEARS: f64 = 100.0;

/// The first date of the calendar a schedule's dates live in: 1 January of year 1 (a start
/// before it is refused).
pub const FIRST_DATE: NaiveDate = date(1, 1, 1);

/// The last date of the calendar a schedule's dates live in: 31 December 9999, the end of the
/// four-digit years of ISO 8601 that dates are written in (`2026-03-01`, in site files and
/// reports). A schedule whose dates would run past it is refused at its start date.
pub const LAST_DATE: NaiveDate = date(9999, 12, 31);

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

fn duration(field: &str, t: Time) -> Result<Time> {
    within(field, t.get::<time::year>(), "years", 0.0, MAX_YEARS).map(|_| t)
}

fn whole_days(t: Time) -> Days {
    // Validated durations are 0 … 100 years, so the rounded day count fits.
    Days::new(t.get::<time::day>().round().max(0.0) as u64)
}

/// `date + t`, with `t` rounded to whole days; an error past [`LAST_DATE`].
///
/// ```
/// use chrono::NaiveDate;
/// use dcplan::timeline::{after, weeks};
/// let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// assert_eq!(after(d, weeks(52.0))?, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn after(date: NaiveDate, t: Time) -> Result<NaiveDate> {
    duration("duration", t)?;
    date.checked_add_days(whole_days(t))
        .filter(|d| *d <= LAST_DATE)
        .ok_or_else(|| {
            Error::inconsistent(
                "date",
                format!(
                    "{date} + {} days runs past {LAST_DATE}, the last date the timeline supports",
                    t.get::<time::day>().round()
                ),
            )
        })
}

/// `date − t`, with `t` rounded to whole days, and no earlier than [`FIRST_DATE`].
fn before(date: NaiveDate, t: Time) -> NaiveDate {
    date.checked_sub_days(whole_days(t))
        .map_or(FIRST_DATE, |d| d.max(FIRST_DATE))
}

/// How a site gets grid power.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GridAccess {
    /// Already energised (e.g. a bitcoin mine): power from `since`, or from the start if
    /// earlier. No queue and no connection cost.
    Energised {
        /// Date the interconnect was (or will be) energised.
        since: NaiveDate,
    },
    /// A new connection: the time from request to energised interconnect (interconnect queue,
    /// utility studies and a new substation), and what the project pays for it per MW
    /// energised, at the start.
    New {
        /// Request to energisation.
        lead: Time,
        /// Connection cost per MW of grid power the phases energise (their total), in real
        /// US dollars, paid at the start.
        cost: UsdPerMw,
    },
}

impl GridAccess {
    /// A new connection with the planning defaults: **6 years** lead, the middle of the
    /// 5–7 years typical for a new substation \[S\] (seed article, 2026; LBNL *Queued Up* reports
    /// a median of 55 months from request to operation for generators in 2024 \[S\]), and
    /// **$0.3M per MW** \[U\] for the connection and substation works charged to the project.
    pub fn new_connection() -> Self {
        GridAccess::New {
            lead: years(6.0),
            cost: UsdPerMw::from_millions(0.3),
        }
    }

    /// The date grid power is available for a project starting at `start`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use dcplan::timeline::GridAccess;
    /// let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// // A new connection: 6 years of 365 days, 2,190 days (2028's leap day not counted).
    /// let ready = GridAccess::new_connection().ready(start)?;
    /// assert_eq!(ready, NaiveDate::from_ymd_opt(2031, 12, 31).unwrap());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn ready(&self, start: NaiveDate) -> Result<NaiveDate> {
        match *self {
            GridAccess::Energised { since } => Ok(since.max(start)),
            GridAccess::New { lead, .. } => after(start, lead),
        }
    }
}

/// Lead times of a build. `Default` gives the planning defaults below.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadTimes {
    /// Construction (or conversion) of one phase. Default **18 months** \[U\] for a new
    /// liquid-cooled AI building; a conversion of an existing shell is faster (a 42 MW
    /// containerised mine was built in 71 days, ENR award 2022 \[S\]).
    pub construction: Time,
    /// Transformers (site substation or MV/LV) ordered at construction start, if the phase
    /// needs new ones. Default **150 weeks** \[S\]: the average lead time of power transformers in
    /// the US over late 2024–2025 (Wood Mackenzie, after receipt of order).
    pub transformers: Option<Time>,
    /// GPUs or miners, ordered at construction start. Default **44 weeks**, the middle of the
    /// 36–52 weeks quoted for GPU data-center delivery \[S\] (seed article, 2026).
    pub equipment: Time,
    /// Installation, burn-in and acceptance after power and equipment are both there.
    /// Default **4 weeks** \[U\].
    pub commissioning: Time,
    /// Earliest gap between the construction starts of successive phases. Default
    /// **6 months** \[U\].
    pub phase_interval: Time,
}

impl Default for LeadTimes {
    fn default() -> Self {
        Self {
            construction: months(18.0),
            transformers: Some(weeks(150.0)),
            equipment: weeks(44.0),
            commissioning: weeks(4.0),
            phase_interval: months(6.0),
        }
    }
}

impl LeadTimes {
    fn validate(&self) -> Result<()> {
        duration("construction", self.construction)?;
        if let Some(t) = self.transformers {
            duration("transformers", t)?;
        }
        duration("equipment", self.equipment)?;
        duration("commissioning", self.commissioning)?;
        duration("phase_interval", self.phase_interval)?;
        Ok(())
    }
}

/// One phase of a site: the MW energised with it. What comes online with it (GPUs, IT power,
/// hash rate, energy use) is the site's full build-out times the phase's share of the MW.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// Name.
    pub name: String,
    /// Grid power energised with the phase: MW of interconnect, not of IT.
    pub power: Power,
}

impl Phase {
    /// A phase of `power` MW energised.
    pub fn new(name: &str, power: Power) -> Self {
        Self {
            name: name.to_owned(),
            power,
        }
    }

    /// `n` equal phases named "phase 1" … "phase n" sharing `total`.
    ///
    /// ```
    /// use dcplan::timeline::Phase;
    /// use dcplan::units::*;
    /// let p = Phase::equal(4, Power::new::<megawatt>(100.0));
    /// assert_eq!((p.len(), p[3].name.as_str(), p[3].power.get::<megawatt>()), (4, "phase 4", 25.0));
    /// ```
    pub fn equal(n: u32, total: Power) -> Vec<Phase> {
        (1..=n)
            .map(|i| Phase::new(&format!("phase {i}"), total / f64::from(n)))
            .collect()
    }
}

/// A site's schedule. A `Schedule` that exists is valid.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    start: NaiveDate,
    grid: GridAccess,
    lead: LeadTimes,
    phases: Vec<Phase>,
}

impl Schedule {
    /// Validates a schedule: at least one phase, every phase above 0 MW, durations between 0 and
    /// 100 years, and every date of its timeline in the calendar ([`FIRST_DATE`] to
    /// [`LAST_DATE`]; a start too late for that is an error about `start`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use dcplan::timeline::*;
    /// use dcplan::units::*;
    /// let phases = vec![Phase::new("all", Power::new::<megawatt>(100.0))];
    /// let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    /// let e = Schedule::new(last, GridAccess::new_connection(), LeadTimes::default(), phases)
    ///     .unwrap_err();
    /// assert_eq!(e.field(), Some("schedule.start"));
    /// assert!(e.to_string().contains("runs past 9999-12-31"), "{e}");
    /// ```
    pub fn new(
        start: NaiveDate,
        grid: GridAccess,
        lead: LeadTimes,
        phases: Vec<Phase>,
    ) -> Result<Self> {
        let at = |e: Error| e.at("schedule");
        if phases.is_empty() {
            return Err(at(Error::missing("phases", "a schedule needs a phase")));
        }
        for p in &phases {
            power_positive("power", p.power)
                .map_err(|e| at(e.at(&format!("phase '{}'", p.name))))?;
        }
        if let GridAccess::New { lead, cost } = grid {
            duration("lead", lead).map_err(|e| at(e.at("grid")))?;
            non_negative("cost", cost.get(), UsdPerMw::UNIT).map_err(|e| at(e.at("grid")))?;
        }
        lead.validate().map_err(|e| at(e.at("lead")))?;
        let schedule = Self {
            start,
            grid,
            lead,
            phases,
        };
        if start < FIRST_DATE {
            return Err(at(Error::inconsistent(
                "start",
                format!("{start} is before {FIRST_DATE}, the first date the timeline supports"),
            )));
        }
        let outside = || {
            at(Error::inconsistent(
                "start",
                format!(
                    "the schedule from {start} runs past {LAST_DATE}, the last date the timeline supports (four-digit years); start earlier"
                ),
            ))
        };
        schedule.timeline().map_err(|e| match e {
            Error::Inconsistent { field, .. } if field == "date" => outside(),
            other => other,
        })?;
        Ok(schedule)
    }

    /// The same schedule with another grid access (e.g. to price a queue against an
    /// energised site).
    pub fn with_grid(self, grid: GridAccess) -> Result<Self> {
        Self::new(self.start, grid, self.lead, self.phases)
    }

    /// The same schedule from another start date.
    pub fn with_start(self, start: NaiveDate) -> Result<Self> {
        Self::new(start, self.grid, self.lead, self.phases)
    }

    /// The same schedule with other phases.
    pub fn with_phases(self, phases: Vec<Phase>) -> Result<Self> {
        Self::new(self.start, self.grid, self.lead, phases)
    }

    /// Start date (notice to proceed).
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    /// Grid access.
    pub fn grid(&self) -> &GridAccess {
        &self.grid
    }
    /// Lead times.
    pub fn lead_times(&self) -> &LeadTimes {
        &self.lead
    }
    /// Phases.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }
    /// Grid power energised over all phases.
    pub fn total_power(&self) -> Power {
        self.phases.iter().map(|p| p.power).sum()
    }

    /// The dates of every phase (see the [module documentation](self) for the rule).
    pub fn timeline(&self) -> Result<Timeline> {
        let grid_ready = self.grid.ready(self.start)?;
        let lead = &self.lead;
        let (build, build_by) = match lead.transformers {
            Some(t) if t > lead.construction => (t, Milestone::Transformers),
            _ => (lead.construction, Milestone::Construction),
        };
        let total = self.total_power();
        let mut phases = Vec::with_capacity(self.phases.len());
        for (i, phase) in self.phases.iter().enumerate() {
            let earliest = after(self.start, lead.phase_interval * i as f64)?;
            // Before the calendar's first date, just in time is still earlier than `earliest`.
            let just_in_time = before(grid_ready, build);
            let construction_start = earliest.max(just_in_time);
            let powered = after(construction_start, build)?;
            let powered_by = if just_in_time > earliest {
                Milestone::Grid
            } else {
                build_by
            };
            let delivered = after(construction_start, lead.equipment)?;
            let (ready, online_by) = if delivered > powered {
                (delivered, Milestone::Equipment)
            } else {
                (powered, Milestone::Power)
            };
            phases.push(PhaseDates {
                name: phase.name.clone(),
                power: phase.power,
                share: (phase.power / total).get::<ratio>(),
                construction_start,
                powered,
                powered_by,
                online: after(ready, lead.commissioning)?,
                online_by,
            });
        }
        Ok(Timeline {
            start: self.start,
            grid_ready,
            phases,
        })
    }
}

/// What set a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// Grid power (queue, substation).
    Grid,
    /// Construction of the phase.
    Construction,
    /// Transformer delivery.
    Transformers,
    /// IT equipment (GPU, miner) delivery.
    Equipment,
    /// The phase being powered.
    Power,
}

impl fmt::Display for Milestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Milestone::Grid => "grid",
            Milestone::Construction => "construction",
            Milestone::Transformers => "transformers",
            Milestone::Equipment => "equipment delivery",
            Milestone::Power => "power",
        })
    }
}

/// The dates of one phase.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseDates {
    /// Phase name.
    pub name: String,
    /// Grid power energised with it.
    pub power: Power,
    /// Its share of the site's build-out (power / total power), a plain fraction.
    pub share: f64,
    /// Construction starts (equipment and transformers are ordered).
    pub construction_start: NaiveDate,
    /// Energised.
    pub powered: NaiveDate,
    /// What set the energisation date.
    pub powered_by: Milestone,
    /// Equipment online (earning).
    pub online: NaiveDate,
    /// What set the online date before commissioning: power or equipment delivery.
    pub online_by: Milestone,
}

/// Every phase's dates, and what is online when.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Start date.
    pub start: NaiveDate,
    /// Grid power available.
    pub grid_ready: NaiveDate,
    /// Each phase in order.
    pub phases: Vec<PhaseDates>,
}

impl Timeline {
    /// Share of the build-out online (earning) on `date` (`online ≤ date`), from 0 to exactly 1.
    pub fn share_online(&self, date: NaiveDate) -> f64 {
        let total: Power = self.phases.iter().map(|p| p.power).sum();
        let online: Power = self
            .phases
            .iter()
            .filter(|p| p.online <= date)
            .map(|p| p.power)
            .sum();
        (online / total).get::<ratio>()
    }

    /// Time-averaged share of the build-out online over `[from, to)` (0 if `to ≤ from`),
    /// counted in whole days.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use dcplan::timeline::*;
    /// use dcplan::units::*;
    /// let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Schedule::new(start, GridAccess::Energised { since: start }, LeadTimes::default(),
    ///     Phase::equal(2, Power::new::<megawatt>(100.0)))?;
    /// let t = s.timeline()?;
    /// // Online 14 December 2028 and 15 June 2029 (transformers bind): in 2029 the first half
    /// // earns all year, the second 200 of 365 days.
    /// let (y, y1) = (NaiveDate::from_ymd_opt(2029, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    /// assert_eq!(t.phases[1].online, NaiveDate::from_ymd_opt(2029, 6, 15).unwrap());
    /// assert!((t.share_online_between(y, y1) - (0.5 + 0.5 * 200.0 / 365.0)).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn share_online_between(&self, from: NaiveDate, to: NaiveDate) -> f64 {
        let span = (to - from).num_days();
        if span <= 0 {
            return 0.0;
        }
        self.phases
            .iter()
            .map(|p| {
                let days = (to - p.online.max(from)).num_days().max(0);
                p.share * days as f64 / span as f64
            })
            .sum()
    }

    /// GPUs online on `date` out of `total` at full build-out: `round(total × share online)`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use dcplan::timeline::*;
    /// use dcplan::units::*;
    /// let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Schedule::new(start, GridAccess::Energised { since: start }, LeadTimes::default(),
    ///     Phase::equal(2, Power::new::<megawatt>(100.0)))?;
    /// let t = s.timeline()?;
    /// assert_eq!(t.gpus_online(50_000, t.phases[0].online), 25_000);
    /// assert_eq!(t.gpus_online(50_000, t.phases[1].online), 50_000);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn gpus_online(&self, total: u64, date: NaiveDate) -> u64 {
        (total as f64 * self.share_online(date)).round() as u64
    }

    /// Grid power energised on `date`.
    pub fn energised(&self, date: NaiveDate) -> Power {
        self.phases
            .iter()
            .filter(|p| p.powered <= date)
            .map(|p| p.power)
            .sum()
    }

    /// The first date anything is online.
    pub fn first_online(&self) -> NaiveDate {
        self.phases
            .iter()
            .map(|p| p.online)
            .min()
            .unwrap_or(self.start)
    }

    /// The date the whole build-out is online.
    pub fn fully_online(&self) -> NaiveDate {
        self.phases
            .iter()
            .map(|p| p.online)
            .max()
            .unwrap_or(self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn phases_stagger_then_wait_for_the_grid() {
        // 4 × 25 MW, 6-month interval, 18-month construction, transformers 150 weeks
        // (1,050 days > 548 days): build time 1,050 days. Grid in 2 years (730 days) from
        // 2026-01-01 = 2028-01-01: just in time start = 2028-01-01 − 1,050 d = 2025-02-15,
        // earlier than the start, so phase 1 starts 2026-01-01 and is powered 1,050 d later,
        // 2028-11-16 (bound by transformers).
        let s = Schedule::new(
            date(2026, 1, 1),
            GridAccess::New {
                lead: years(2.0),
                cost: UsdPerMw::ZERO,
            },
            LeadTimes::default(),
            Phase::equal(4, Power::new::<megawatt>(100.0)),
        )
        .unwrap();
        let t = s.timeline().unwrap();
        assert_eq!(t.grid_ready, date(2028, 1, 1));
        assert_eq!(t.phases[0].powered, date(2028, 11, 16));
        assert_eq!(t.phases[0].powered_by, Milestone::Transformers);
        // Phase 2 starts 183 days later (6 × 30.42 = 182.5 → 183).
        assert_eq!(t.phases[1].construction_start, date(2026, 7, 3));
        // Equipment (308 d) arrives before power: online = powered + 28 d.
        assert_eq!(t.phases[0].online, date(2028, 12, 14));
        assert_eq!(t.phases[0].online_by, Milestone::Power);
        assert_eq!(t.share_online(date(2028, 12, 14)), 0.25);
        assert_eq!(t.share_online(t.fully_online()), 1.0);
        // Half a year with a quarter online from its midpoint on: average 1/8.
        let from = t.phases[0].online - Days::new(100);
        let to = t.phases[0].online + Days::new(100);
        assert!((t.share_online_between(from, to) - 0.125).abs() < 1e-12);
    }

    #[test]
    fn a_long_queue_sets_every_phase() {
        let s = Schedule::new(
            date(2026, 1, 1),
            GridAccess::new_connection(),
            LeadTimes::default(),
            Phase::equal(2, Power::new::<megawatt>(50.0)),
        )
        .unwrap();
        let t = s.timeline().unwrap();
        // 6 × 365 = 2,190 days → 2031-12-31 (two leap days on the way).
        assert_eq!(t.grid_ready, date(2031, 12, 31));
        assert_eq!(t.phases[0].powered, t.grid_ready);
        assert_eq!(t.phases[0].powered_by, Milestone::Grid);
        assert_eq!(t.phases[1].powered, t.grid_ready);
        assert_eq!(t.energised(t.grid_ready).get::<megawatt>(), 50.0);
        assert_eq!(
            t.energised(t.grid_ready.pred_opt().unwrap())
                .get::<megawatt>(),
            0.0
        );
    }

    #[test]
    fn validation() {
        let ok = |phases, lead| {
            Schedule::new(date(2026, 1, 1), GridAccess::new_connection(), lead, phases)
        };
        assert!(ok(vec![], LeadTimes::default()).is_err());
        let e = ok(
            vec![Phase::new("a", Power::new::<megawatt>(-1.0))],
            LeadTimes::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("schedule.phase 'a'.power"), "{e}");
        let bad = LeadTimes {
            equipment: years(-1.0),
            ..LeadTimes::default()
        };
        let e = ok(Phase::equal(1, Power::new::<megawatt>(1.0)), bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("schedule.lead.equipment"), "{e}");
        assert!(after(NaiveDate::MAX, years(1.0)).is_err());
    }
}
