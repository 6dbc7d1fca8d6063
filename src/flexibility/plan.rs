//! The year planner: the largest deployment whose hourly operation over a climate year stays
//! within every constraint, strictly or within a curtailment budget.

use super::dispatch::{Pass, Stop, provisioned};
use super::{CurtailmentBudget, Flexibility, HourDispatch, YearOperation};
use crate::capacity::{Plan, plan};
use crate::climate::Climate;
use crate::error::Result;
use crate::it::{Deployment, RackCounts};
use crate::operating::{ConstraintKind, Placement, design_ambient};
use crate::site::Site;
use crate::units::*;
use std::collections::BTreeMap;

pub use super::dispatch::BindingHour;

/// The Duke curtailment levels: 0, 0.25, 0.5 and 1 % of the year's uncurtailed IT energy.
///
/// # References
///
/// Norris et al., *Rethinking Load Growth*, Duke University NI R 25-01 (2025): 76 / 98 / 126 GW
/// of new load fit the 22 largest US balancing authorities at 0.25 / 0.5 / 1 %.
pub const DUKE_LEVELS: [f64; 4] = [0.0, 0.0025, 0.005, 0.01];

/// What stopped one more rack.
#[derive(Clone, Debug, PartialEq)]
pub enum YearLimit {
    /// A constraint judged at the design hour, which flexibility does not relieve (rack
    /// positions, hall power, the electrical stages' ratings).
    Design(ConstraintKind),
    /// The year's hourly operation: one more rack would exceed the budget (or leave an hour
    /// unservable).
    Year,
}

/// The answer to "how many fit over the year".
///
/// # Units
///
/// Counts of racks and accelerators; the year's operation as [`YearOperation`].
#[derive(Clone, Debug, PartialEq)]
pub struct YearPlan {
    /// Primary racks that fit.
    pub primary_racks: u32,
    /// All racks (primary and support).
    pub racks: RackCounts,
    /// Accelerators in them.
    pub accelerators: u64,
    /// The budget planned to.
    pub budget: CurtailmentBudget,
    /// The design-hour plan of the same (provisioned) deployment, for comparison.
    pub design: Plan,
    /// The year's dispatch at the plan.
    pub year: YearOperation,
    /// What one more rack would exceed.
    pub limited_by: YearLimit,
    /// Annual passes the search ran (each a year of the kernel, most stopping early).
    pub annual_passes: u32,
}

/// One row of the Duke table.
#[derive(Clone, Debug, PartialEq)]
pub struct DukeRow {
    /// The curtailment level, a share of the year's uncurtailed IT energy.
    pub share: Fraction,
    /// The year plan at that level.
    pub plan: YearPlan,
}

/// The largest deployment of `deployment` at `site` whose hourly operation through `climate`
/// stays within every constraint, relieved by `flex`'s means and within its curtailment budget.
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::climate::{Climate, Location};
/// use dcplan::flexibility::{self, CurtailmentBudget, Flexibility};
/// let p = Pressure::new::<pascal>(101_325.0);
/// let a = Ambient::from_dew_point(celsius(20.0), celsius(10.0), p)?;
/// let climate = Climate::from_hours("a day", Location::new(0.0, 0.0, Length::ZERO)?, vec![a; 24])?;
/// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(12.0))?)
///     .lumped_pue(Pue::new(1.2)?).build()?;
/// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?
///     .with_it_power(Power::new::<kilowatt>(100.0))?;
/// // 12 MW / (100 kW × 1.2) = 100 racks, every hour alike.
/// let strict = flexibility::plan_year(&site, &Deployment::new(rack), &climate, &Flexibility::none())?;
/// assert_eq!(strict.primary_racks, 100);
/// assert_eq!(strict.year.curtailed_hours, 0);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// The search is dcplan's own: facility power and loop heat are non-decreasing in the rack
/// count, and so is the curtailment the greedy dispatch needs, so the feasible counts are
/// `0..=n*`. A first annual pass at the design-hour plan estimates every hour's capacity
/// (rack count × limit / demand); the budget's count from those estimates seeds a galloping
/// search, then bisection — each probe one annual pass that stops as soon as the budget is
/// exceeded. `docs/models.md`, "Flexibility".
pub fn plan_year(
    site: &Site,
    deployment: &Deployment,
    climate: &Climate,
    flex: &Flexibility,
) -> Result<YearPlan> {
    let deployment = provisioned(deployment, flex)?;
    let mut search = Search::new(site, &deployment, climate, flex)?;
    search.plan(flex.budget())
}

/// Sees the hours of a year plan's passes ([`plan_year_watched`]): each pass starts with
/// [`YearWatcher::reset`], then every hour it dispatches comes to [`YearWatcher::hour`]. A
/// pass may stop before the year ends (over its budget).
pub trait YearWatcher: Clone {
    /// A new pass begins: forget the last one.
    fn reset(&mut self);
    /// One hour of the pass.
    fn hour(&mut self, hour: &HourDispatch);
}

/// Watches nothing.
impl YearWatcher for () {
    fn reset(&mut self) {}
    fn hour(&mut self, _: &HourDispatch) {}
}

/// The watcher of the pass at the answer, and the one of the pass running.
struct Watch<W> {
    running: W,
    /// The largest rack count whose whole year fitted so far, with what it saw.
    best: Option<(u32, W)>,
}

/// As [`plan_year`], also handing back `watcher` as it saw the year at the answer: the search's
/// own annual pass at that rack count, so the year's hours are dispatched once (not once to
/// search and again to collect them). The watcher sees every pass; it keeps the one of the
/// largest rack count that fits, and the search runs one more pass only when it never ran the
/// answer's whole year (an answer of 0 racks).
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::climate::{Climate, Location};
/// use dcplan::flexibility::{self, Flexibility, HourDispatch, YearWatcher};
/// #[derive(Clone, Default)]
/// struct Hours(usize);
/// impl YearWatcher for Hours {
///     fn reset(&mut self) { self.0 = 0; }
///     fn hour(&mut self, _: &HourDispatch) { self.0 += 1; }
/// }
/// let p = Pressure::new::<pascal>(101_325.0);
/// let a = Ambient::from_dew_point(celsius(20.0), celsius(10.0), p)?;
/// let climate = Climate::from_hours("a day", Location::new(0.0, 0.0, Length::ZERO)?, vec![a; 24])?;
/// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(12.0))?)
///     .lumped_pue(Pue::new(1.2)?).build()?;
/// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?
///     .with_it_power(Power::new::<kilowatt>(100.0))?;
/// let (plan, seen) = flexibility::plan_year_watched(
///     &site, &Deployment::new(rack), &climate, &Flexibility::none(), Hours::default())?;
/// assert_eq!((plan.primary_racks, seen.0), (100, 24));
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn plan_year_watched<W: YearWatcher>(
    site: &Site,
    deployment: &Deployment,
    climate: &Climate,
    flex: &Flexibility,
    watcher: W,
) -> Result<(YearPlan, W)> {
    let deployment = provisioned(deployment, flex)?;
    let mut search = Search::new(site, &deployment, climate, flex)?;
    let mut watch = Watch {
        running: watcher,
        best: None,
    };
    let plan = search.plan_watched(flex.budget(), &mut watch)?;
    let seen = match watch.best {
        Some((n, w)) if n == plan.primary_racks => w,
        _ => {
            let mut w = watch.running;
            w.reset();
            search
                .pass
                .run(climate, plan.primary_racks, None, |h| w.hour(h))?;
            w
        }
    };
    Ok((plan, seen))
}

/// The GPUs that fit at each Duke level ([`DUKE_LEVELS`]: 0, 0.25, 0.5, 1 % of the year's IT
/// energy), with `flex`'s other means (its own budget is replaced by each level's), from one
/// search that shares its annual passes between the levels.
pub fn duke_table(
    site: &Site,
    deployment: &Deployment,
    climate: &Climate,
    flex: &Flexibility,
) -> Result<Vec<DukeRow>> {
    let deployment = provisioned(deployment, flex)?;
    let mut search = Search::new(site, &deployment, climate, flex)?;
    DUKE_LEVELS
        .iter()
        .map(|&share| {
            let share = Fraction::new(share)?;
            let budget = if share.get() == 0.0 {
                CurtailmentBudget::strict()
            } else {
                CurtailmentBudget::energy(share)
            };
            Ok(DukeRow {
                share,
                plan: search.plan(budget)?,
            })
        })
        .collect()
}

/// A pass's outcome at one rack count.
#[derive(Clone, Debug)]
enum Outcome {
    /// The whole year, under no budget: it judges any budget.
    Full(Box<YearOperation>),
    /// Stopped early under this budget: over it.
    Over(CurtailmentBudget),
}

/// The year planner's state: one pass (placements reused), the passes run so far, the hourly
/// demand of the first.
struct Search<'a> {
    site: &'a Site,
    deployment: &'a Deployment,
    climate: &'a Climate,
    pass: Pass<'a>,
    design: Plan,
    /// The most racks the design-hour constraints flexibility cannot relieve allow.
    ceiling: u32,
    outcomes: BTreeMap<u32, Outcome>,
    /// Each hour's capacity estimated from the first pass, racks (ascending).
    estimates: Vec<f64>,
    passes: u32,
}

impl<'a> Search<'a> {
    fn new(
        site: &'a Site,
        deployment: &'a Deployment,
        climate: &'a Climate,
        flex: &'a Flexibility,
    ) -> Result<Self> {
        let design = plan(site, deployment)?;
        let ceiling = design_ceiling(site, deployment, flex)?;
        let pass = Pass::new(site, deployment, climate, flex)?;
        Ok(Self {
            site,
            deployment,
            climate,
            pass,
            design,
            ceiling,
            outcomes: BTreeMap::new(),
            estimates: Vec::new(),
            passes: 0,
        })
    }

    /// Whether `n` racks keep the year within `budget` (memoised). A pass stops as soon as
    /// hours or events exceed the budget, or at the first curtailment of a strict one; a
    /// budget of energy is judged on the whole year, and so is every pass when `whole`.
    fn fits<W: YearWatcher>(
        &mut self,
        n: u32,
        budget: CurtailmentBudget,
        whole: bool,
        watch: &mut Watch<W>,
    ) -> Result<bool> {
        if n > self.ceiling {
            return Ok(false);
        }
        match self.outcomes.get(&n) {
            Some(Outcome::Full(op)) => return Ok(!over(op, budget)),
            Some(Outcome::Over(b)) if at_least_as_loose(*b, budget) => return Ok(false),
            _ => {}
        }
        let stops_early = !whole;
        let mut demand = Vec::new();
        watch.running.reset();
        let (op, stop) = self
            .pass
            .run(self.climate, n, stops_early.then_some(budget), |h| {
                if whole {
                    demand.push(h.facility_demand);
                }
                watch.running.hour(h);
            })?;
        self.passes += 1;
        if whole && stop == Stop::Completed {
            // Each hour's capacity, estimated as n × limit / demand.
            let limit = self.site.interconnect().capacity();
            let mut estimates: Vec<f64> = demand
                .iter()
                .map(|f| {
                    let r = (*f / limit).get::<ratio>();
                    if r > 0.0 {
                        f64::from(n) / r
                    } else {
                        f64::INFINITY
                    }
                })
                .collect();
            estimates.sort_by(f64::total_cmp);
            self.estimates = estimates;
        }
        // A pass that ran the whole year judges every budget.
        let (fits, outcome) = match stop {
            Stop::Completed => (!over(&op, budget), Outcome::Full(Box::new(op))),
            Stop::OverBudget => (false, Outcome::Over(budget)),
        };
        if fits && watch.best.as_ref().is_none_or(|(b, _)| n > *b) {
            watch.best = Some((n, watch.running.clone()));
        }
        self.outcomes.insert(n, outcome);
        Ok(fits)
    }

    /// A first guess of the count that fits `budget`, from the hourly estimates (grid only, no
    /// battery or generation): the largest `g` whose estimated curtailment stays in budget.
    fn guess(&self, budget: CurtailmentBudget) -> u32 {
        let c = &self.estimates;
        if c.is_empty() {
            return self.design.primary_racks.min(self.ceiling);
        }
        let mut g = c[0];
        if let Some(h) = budget.hours() {
            g = g.max(c[(h as usize).min(c.len() - 1)]);
        }
        if let Some(f) = budget
            .energy_share()
            .map(Fraction::get)
            .filter(|f| *f > 0.0)
        {
            // Σ (g − c_t)+ ≤ f·g·H: scan the sorted estimates.
            let hours = c.len() as f64;
            let mut sum = 0.0;
            for (k, &ct) in c.iter().enumerate() {
                // With g in [c_k, c_{k+1}): Σ_{t≤k} (g − c_t) = (k+1)·g − sum_k ≤ f·g·H.
                sum += ct;
                let m = (k + 1) as f64;
                let denom = m - f * hours;
                let best = if denom <= 0.0 {
                    f64::INFINITY
                } else {
                    sum / denom
                };
                let next = c.get(k + 1).copied().unwrap_or(f64::INFINITY);
                if best < next {
                    g = g.max(best.max(ct));
                    break;
                }
            }
        }
        (g.floor().clamp(0.0, f64::from(self.ceiling))) as u32
    }

    fn plan(&mut self, budget: CurtailmentBudget) -> Result<YearPlan> {
        self.plan_watched(
            budget,
            &mut Watch {
                running: (),
                best: None,
            },
        )
    }

    fn plan_watched<W: YearWatcher>(
        &mut self,
        budget: CurtailmentBudget,
        watch: &mut Watch<W>,
    ) -> Result<YearPlan> {
        let passes_before = self.passes;
        if self.estimates.is_empty() {
            let first = self.design.primary_racks.clamp(1, self.ceiling.max(1));
            self.fits(first.min(self.ceiling), budget, true, watch)?;
        }
        // Bracket from the passes run so far: hi does not fit, lo < hi does (0 counts).
        let mut hi = self.ceiling.saturating_add(1);
        for (&n, outcome) in &self.outcomes {
            let fails = match outcome {
                Outcome::Full(op) => over(op, budget),
                Outcome::Over(b) => at_least_as_loose(*b, budget),
            };
            if fails {
                hi = hi.min(n);
            }
        }
        let mut lo = 0;
        for (&n, outcome) in self.outcomes.range(..hi) {
            if matches!(outcome, Outcome::Full(op) if !over(op, budget)) {
                lo = n;
            }
        }
        // Gallop from the guess, then bisect.
        let guess = self.guess(budget).clamp(lo, hi.saturating_sub(1).max(lo));
        if guess > lo && guess < hi {
            if self.fits(guess, budget, false, watch)? {
                lo = guess;
                let mut step = 1u32;
                while lo.saturating_add(step) < hi {
                    let probe = lo + step;
                    if self.fits(probe, budget, false, watch)? {
                        lo = probe;
                        step = step.saturating_mul(2);
                    } else {
                        hi = probe;
                        break;
                    }
                }
            } else {
                hi = guess;
                let mut step = 1u32;
                while hi.saturating_sub(step) > lo {
                    let probe = hi - step;
                    if self.fits(probe, budget, false, watch)? {
                        lo = probe;
                        break;
                    }
                    hi = probe;
                    step = step.saturating_mul(2);
                }
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.fits(mid, budget, false, watch)? {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let year = match self.outcomes.get(&lo) {
            Some(Outcome::Full(op)) if op.hours == self.climate.len() => (**op).clone(),
            _ => {
                self.passes += 1;
                watch.running.reset();
                let op = self
                    .pass
                    .run(self.climate, lo, None, |h| watch.running.hour(h))?
                    .0;
                watch.best = Some((lo, watch.running.clone()));
                op
            }
        };
        let limited_by = if lo >= self.ceiling {
            YearLimit::Design(self.design_binding(lo.saturating_add(1))?)
        } else {
            YearLimit::Year
        };
        let placement = {
            let mut p = Placement::new(self.site, self.deployment, 0)?;
            p.place(lo);
            p
        };
        Ok(YearPlan {
            primary_racks: lo,
            racks: self.deployment.counts(lo),
            accelerators: placement.accelerators(),
            budget,
            design: self.design.clone(),
            year,
            limited_by,
            annual_passes: self.passes - passes_before,
        })
    }

    /// The design-hour constraint flexibility does not relieve that `n` racks exceed most.
    fn design_binding(&self, n: u32) -> Result<ConstraintKind> {
        let ambient = design_ambient(self.site)?;
        let mut p = Placement::new(self.site, self.deployment, 0)?;
        p.place(n);
        let op = p.at(&ambient)?;
        Ok(op
            .constraints
            .iter()
            .filter(|c| is_design_only(&c.kind) && c.is_exceeded())
            .max_by(|a, b| a.overshoot().total_cmp(&b.overshoot()))
            .map(|c| c.kind.clone())
            .unwrap_or(ConstraintKind::GridInterconnect))
    }
}

/// Whether a year over budget `looser` is over `budget` too: the same budget, or both limit
/// the energy share alone and `looser`'s is no smaller (the Duke levels).
fn at_least_as_loose(looser: CurtailmentBudget, budget: CurtailmentBudget) -> bool {
    let energy_only = |b: CurtailmentBudget| b.hours().is_none() && b.event_hours().is_none();
    looser == budget
        || (energy_only(looser)
            && energy_only(budget)
            && looser.energy_share().map_or(0.0, Fraction::get)
                >= budget.energy_share().map_or(0.0, Fraction::get))
}

/// Whether a whole year's operation is over `budget`.
fn over(op: &YearOperation, budget: CurtailmentBudget) -> bool {
    op.unservable_hours > 0
        || budget.exceeded(
            op.curtailed_it_energy,
            op.firm_it_energy(),
            op.curtailed_hours,
            op.longest_event_hours,
        )
}

/// Constraints judged only at the design hour: flexibility never relieves rack positions,
/// and only a static cap (already in the deployment) relieves the electrical stages' ratings
/// and hall power limits.
fn is_design_only(kind: &ConstraintKind) -> bool {
    matches!(
        kind,
        ConstraintKind::Electrical { .. }
            | ConstraintKind::HallPositions { .. }
            | ConstraintKind::HallPower { .. }
    )
}

/// The most primary racks the design-only constraints allow (bisection at the design ambient,
/// bounded by what the interconnect with battery and generation could carry at no overhead,
/// widened by the budget's energy share and the dynamic cap's floor).
fn design_ceiling(site: &Site, deployment: &Deployment, flex: &Flexibility) -> Result<u32> {
    let ambient = design_ambient(site)?;
    let mut placement = Placement::new(site, deployment, 0)?;
    let supply = site.interconnect().capacity()
        + flex.battery().map_or(Power::ZERO, |b| b.power())
        + flex.generation().map_or(Power::ZERO, |g| g.firm_capacity());
    let rack = placement.primary_rack_input();
    let share = flex.budget().energy_share().map_or(0.0, Fraction::get);
    let cap_share = match (
        flex.cap().dynamic_floor(),
        deployment.primary().accelerator_power(),
    ) {
        (Some(floor), Some(max)) => {
            let provisioned = deployment.primary().gpu_cap().unwrap_or(max);
            let gpus = f64::from(deployment.primary().accelerators());
            1.0 - ((provisioned - floor) * gpus / deployment.primary().it_power()).get::<ratio>()
        }
        _ => 1.0,
    };
    // With every Duke level planned from one search, allow up to the largest level.
    let share = share.max(DUKE_LEVELS[3]);
    let by_supply =
        (supply / rack).get::<ratio>() / ((1.0 - share).max(1e-3) * cap_share.max(1e-3));
    let mut hi = if by_supply.is_finite() && by_supply < f64::from(u32::MAX - 1) {
        by_supply.floor() as u32 + 1
    } else {
        u32::MAX - 1
    };
    if let Some(room) = placement.hall_room() {
        hi = hi.min(u32::try_from(room.saturating_add(1)).unwrap_or(u32::MAX - 1));
    }
    let mut ok = |n: u32| -> Result<bool> {
        placement.place(n);
        let op = placement.at(&ambient)?;
        Ok(!op
            .constraints
            .iter()
            .any(|c| is_design_only(&c.kind) && c.is_exceeded()))
    };
    if ok(hi)? {
        return Ok(hi);
    }
    let mut lo = 0u32;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}
