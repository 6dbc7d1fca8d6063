//! Flexible interconnects: how a site rides through the hours its facility would draw more
//! than its hourly limits allow, and how many GPUs fit when it may.
//!
//! Flexibility is a dispatch stage between the kernel and the grid. The kernel
//! ([`crate::operating`]) gives each hour's facility demand for a deployment; the dispatch
//! ([`dispatch_year`]) decides the hour's grid import, battery charge and discharge, on-site
//! generation, dynamic GPU cap and curtailment, and carries the battery's state of charge to
//! the next hour. The year planner ([`plan_year`], [`duke_table`]) searches rack counts with
//! that dispatch as [`crate::capacity::plan`] searches at the design hour.
//!
//! The means, each a typed part of the site model:
//! - [`GpuCap`]: static provisioning (lower design power, relieves everything the racks load)
//!   or dynamic capping down to a floor (relieves only hourly constraints);
//! - [`Battery`]: charged only from headroom under the interconnect, discharged to keep grid
//!   import within it (greedy, [`battery`]);
//! - [`Generation`]: N+k units with a minimum load and a part-load efficiency curve;
//! - curtailment of workload, the last resort, priced at a value of lost load per GPU-hour;
//! - shedding by rack type: a fleet's types with a shed priority
//!   ([`RackType::shed_first`](crate::it::RackType::shed_first), e.g. bitcoin ASICs beside
//!   GPUs) are shed before any other load, the lowest priority first, each down to zero racks
//!   before the next — at the cap's place in the dispatch order (before the dynamic cap, or
//!   before curtailment without one). They are outside the curtailment budget (its base and
//!   its hours are the other types'): unlimited, priced at their own value of lost load
//!   (hashprice, or per GPU-hour) and reported by type ([`TypeShed`]). The dynamic cap relieves
//!   through the other types only.
//!
//! Every hour balances, `grid import + discharge + generation = facility load + charge`, grid
//! import never exceeds the interconnect, and the state of charge stays within its limits.
//!
//! **Where the means connect.** Battery and generation sit at the point of interconnection,
//! beside the substation: they relieve the interconnect only. The substation's firm capacity and
//! the cooling loops are relieved only by drawing less IT power (dynamic cap, then
//! curtailment). Rack positions are never relieved; the electrical stages (UPS, PDU …) and hall
//! power limits are judged at the design hour, as the design-hour planner judges them, and
//! only a static cap relieves them.

pub mod battery;
mod cap;
mod dispatch;
mod generation;
mod plan;

pub use crate::sustainability::EmissionFactor;
pub use battery::{Battery, firm_energy};
pub use cap::{GpuCap, ThroughputCurve};
pub use dispatch::{HourDispatch, TypeShed, YearOperation, dispatch_year};
pub use generation::{Generation, GenerationHour, PartLoad, natural_gas_factor};
pub use plan::{
    BindingHour, DUKE_LEVELS, DukeRow, YearLimit, YearPlan, YearWatcher, duke_table, plan_year,
    plan_year_watched,
};

use crate::error::{Error, Result};
use crate::money::UsdPerGpuHour;
use crate::units::*;

/// How much curtailment the year may take: at most a fraction of the year's *uncurtailed* IT
/// energy (Duke's definition) of the rack types without a shed priority, and/or at most a number of hours with any curtailment, and/or
/// no event (a run of consecutive curtailed hours) longer than a number of hours. A budget with
/// no limit set allows none: the strict year.
///
/// ```
/// use dcplan::flexibility::CurtailmentBudget;
/// use dcplan::units::Fraction;
/// let duke = CurtailmentBudget::energy(Fraction::new(0.005)?);
/// assert_eq!(duke.energy_share(), Some(Fraction::new(0.005)?));
/// assert!(CurtailmentBudget::strict().is_strict());
/// assert!(Fraction::new(1.2).is_err()); // a budget above 100 % cannot be written
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// T. H. Norris, T. Profeta, D. Patino-Echeverri, A. Cowie-Haskell, *Rethinking Load Growth:
/// Assessing the Potential for Integration of Large Flexible Loads in US Power Systems*,
/// Nicholas Institute, Duke University, NI R 25-01 (2025): curtailment limits of 0.25 / 0.5 /
/// 1 % of the new load's annual energy. dcplan's event is a run of consecutive hours with any
/// curtailment (Duke's own event durations could not be reproduced by that definition).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CurtailmentBudget {
    energy: Option<Fraction>,
    hours: Option<u32>,
    event_hours: Option<u32>,
}

impl CurtailmentBudget {
    /// No curtailment at all.
    pub fn strict() -> Self {
        Self::default()
    }
    /// At most `share` of the year's uncurtailed IT energy.
    pub fn energy(share: Fraction) -> Self {
        Self::strict().with_energy(share)
    }
    /// The same budget with an energy share.
    pub fn with_energy(mut self, share: Fraction) -> Self {
        self.energy = Some(share);
        self
    }
    /// The same budget with at most `n` hours of curtailment a year.
    pub fn with_hours(mut self, n: u32) -> Self {
        self.hours = Some(n);
        self
    }
    /// The same budget with no event longer than `n` hours.
    pub fn with_event_hours(mut self, n: u32) -> Self {
        self.event_hours = Some(n);
        self
    }
    /// Energy share, if limited.
    pub fn energy_share(&self) -> Option<Fraction> {
        self.energy
    }
    /// Curtailed hours, if limited.
    pub fn hours(&self) -> Option<u32> {
        self.hours
    }
    /// Longest event, if limited.
    pub fn event_hours(&self) -> Option<u32> {
        self.event_hours
    }
    /// Whether the budget allows no curtailment at all.
    pub fn is_strict(&self) -> bool {
        self.energy.is_none_or(|f| f.get() == 0.0)
            && self.hours.is_none_or(|h| h == 0)
            && self.event_hours.is_none_or(|h| h == 0)
    }

    /// Whether curtailment part-way through the year already exceeds the budget's hours or
    /// events, or any curtailment a budget that allows none (the energy share is judged on the
    /// whole year: [`CurtailmentBudget::exceeded`]).
    pub(crate) fn exceeded_midway(&self, curtailed_hours: u32, longest: u32) -> bool {
        let any = curtailed_hours > 0;
        (any && (self.is_strict() || self.energy.is_some_and(|f| f.get() == 0.0)))
            || self.hours.is_some_and(|h| curtailed_hours > h)
            || self.event_hours.is_some_and(|e| longest > e)
    }

    /// Whether curtailment so far exceeds the budget: `curtailed` IT energy against
    /// `share × uncurtailed`, `hours` against the hours limit, `longest` against the event limit.
    /// With no limit set at all, any curtailment exceeds it.
    pub(crate) fn exceeded(
        &self,
        curtailed: Energy,
        uncurtailed: Energy,
        hours: u32,
        longest: u32,
    ) -> bool {
        let none_set = self.energy.is_none() && self.hours.is_none() && self.event_hours.is_none();
        if none_set {
            return hours > 0;
        }
        let over_energy = self
            .energy
            .is_some_and(|f| curtailed > uncurtailed * f.get() * (1.0 + 1e-12));
        over_energy
            || self.hours.is_some_and(|h| hours > h)
            || self.event_hours.is_some_and(|e| longest > e)
    }
}

/// A means of relieving an hour, in the order the dispatch tries them; curtailment always
/// comes last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Means {
    /// Discharge the battery.
    Battery,
    /// Run on-site generation.
    Generation,
    /// Lower the GPU power cap (dynamic capping), down to its floor.
    Cap,
}

/// The order of the means before curtailment. Default: battery, generation, cap.
///
/// Rationale: stored energy was charged from headroom and costs nothing more to use, and the
/// greedy battery is optimal for energy against a single limit ([`battery`]); generation
/// costs fuel and emits but keeps every GPU working; a lower cap slows every GPU
/// ([`ThroughputCurve`]); curtailment stops work and is the last resort. Put the cap first
/// to spare fuel where throughput is cheap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DispatchOrder(Vec<Means>);

impl DispatchOrder {
    /// An order of distinct means (missing ones are not used).
    pub fn new(order: Vec<Means>) -> Result<Self> {
        for (i, m) in order.iter().enumerate() {
            if order[..i].contains(m) {
                return Err(Error::inconsistent(
                    "dispatch_order",
                    format!("{m:?} appears twice"),
                ));
            }
        }
        Ok(Self(order))
    }
    /// The means, in order.
    pub fn means(&self) -> &[Means] {
        &self.0
    }
}

impl Default for DispatchOrder {
    fn default() -> Self {
        Self(vec![Means::Battery, Means::Generation, Means::Cap])
    }
}

/// A site's means of flexibility: caps, battery, generation, the curtailment budget, the
/// dispatch order and the value of lost load. [`Flexibility::none`] is a firm site.
///
/// ```
/// use dcplan::flexibility::{Battery, CurtailmentBudget, Flexibility};
/// use dcplan::units::*;
/// let flex = Flexibility::none()
///     .with_battery(Battery::new(megawatts(20.0), megawatt_hours(80.0), Efficiency::new(0.85)?)?)
///     .with_budget(CurtailmentBudget::energy(Fraction::new(0.005)?));
/// assert!(flex.battery().is_some());
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// As each part's; the value of lost load is USD per GPU-hour not delivered.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Flexibility {
    cap: GpuCap,
    battery: Option<Battery>,
    generation: Option<Generation>,
    budget: CurtailmentBudget,
    order: DispatchOrder,
    value_of_lost_load: Option<UsdPerGpuHour>,
}

impl Flexibility {
    /// None at all: a firm site, no curtailment.
    pub fn none() -> Self {
        Self::default()
    }
    /// With GPU caps.
    pub fn with_cap(mut self, cap: GpuCap) -> Self {
        self.cap = cap;
        self
    }
    /// With a battery.
    pub fn with_battery(mut self, battery: Battery) -> Self {
        self.battery = Some(battery);
        self
    }
    /// With on-site generation.
    pub fn with_generation(mut self, generation: Generation) -> Self {
        self.generation = Some(generation);
        self
    }
    /// With a curtailment budget.
    pub fn with_budget(mut self, budget: CurtailmentBudget) -> Self {
        self.budget = budget;
        self
    }
    /// With a dispatch order.
    pub fn with_order(mut self, order: DispatchOrder) -> Self {
        self.order = order;
        self
    }
    /// With a value of lost load per GPU-hour curtailed.
    pub fn with_value_of_lost_load(mut self, value: UsdPerGpuHour) -> Self {
        self.value_of_lost_load = Some(value);
        self
    }
    /// GPU caps.
    pub fn cap(&self) -> &GpuCap {
        &self.cap
    }
    /// Battery.
    pub fn battery(&self) -> Option<&Battery> {
        self.battery.as_ref()
    }
    /// On-site generation.
    pub fn generation(&self) -> Option<&Generation> {
        self.generation.as_ref()
    }
    /// Curtailment budget.
    pub fn budget(&self) -> CurtailmentBudget {
        self.budget
    }
    /// Dispatch order.
    pub fn order(&self) -> &DispatchOrder {
        &self.order
    }
    /// Value of lost load per GPU-hour.
    pub fn value_of_lost_load(&self) -> Option<UsdPerGpuHour> {
        self.value_of_lost_load
    }
    /// `deployment` as provisioned under the static cap (unchanged without one): the racks
    /// [`plan_year`] and [`dispatch_year`] place, for a kernel run beside the dispatch.
    pub fn provisioned(&self, deployment: &crate::it::Deployment) -> Result<crate::it::Deployment> {
        dispatch::provisioned(deployment, self)
    }
}
