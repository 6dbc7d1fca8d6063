//! How many racks and GPUs fit, and which constraint binds first.
//!
//! The planner searches the size `n` of the grown block (the racks of the one rack type that
//! grows, or of a mix in its proportions, beside the fixed racks: [`crate::it::Deployment`]) by
//! bisection for the largest `n` at which every constraint of [`crate::operating`] holds at
//! the design ambient. Every constraint's use grows monotonically with `n` (IT power,
//! load-dependent losses with non-negative coefficients, cooling power, positions; a mix's
//! counts and hall places never shrink as the block grows), so the feasible set is `0..=n*`
//! and bisection finds `n*` in `O(log n)` kernel evaluations. The binding constraint is the
//! one exceeded at `n* + 1`. When the fixed racks alone exceed a constraint, the plan is
//! `n* = 0` with that constraint over its limit: nothing can grow.
//!
//! ```
//! use dcplan::prelude::*;
//! // 100 MW, lumped PUE 1.15, GB200 NVL72 at 120 kW: 100,000 / (120 × 1.15) = 724.6 → 724 racks.
//! let site = Site::builder("campus", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
//!     .lumped_pue(Pue::new(1.15)?)
//!     .build()?;
//! let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
//! let plan = plan(&site, &Deployment::new(rack))?;
//! assert_eq!((plan.primary_racks, plan.accelerators), (724, 52_128));
//! assert_eq!(plan.binding.kind, ConstraintKind::GridInterconnect);
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::it::{Deployment, RackCounts};
use crate::operating::{Constraint, Headroom, OperatingPoint, Placement, design_ambient};
use crate::site::Site;
use crate::units::*;

/// The answer to "how many fit".
///
/// # Units
///
/// Counts of racks and accelerators; the operating point's powers at their measurement points
/// ([`OperatingPoint`]: IT at the IT equipment input, facility at the grid).
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Racks of the grown block that fit (for one rack type: its racks; for a mix, shared
    /// among the grown types by [`Deployment::grown_counts`]).
    pub primary_racks: u32,
    /// All racks (every type's, fixed and grown, and their support racks), in the order of
    /// [`Deployment::profiles`]; [`Deployment::type_totals`] splits them by type.
    pub racks: RackCounts,
    /// Accelerators (GPUs) in them.
    pub accelerators: u64,
    /// The constraint one more rack of the grown block would exceed, as it stands with a
    /// block of `primary_racks + 1`: its headroom there is negative, and its magnitude is
    /// the overshoot at the next rack ([`Plan::overshoot_at_next_rack`]) — not the headroom
    /// left at the plan, which [`Plan::headroom`] lists. When several are exceeded, the one
    /// furthest past its limit (as a share of the limit; a zero limit that is used at all
    /// counts as furthest).
    pub binding: Constraint,
    /// The site at the plan, with the headroom left on every constraint.
    pub operating_point: OperatingPoint,
    /// The ambient the plan was judged at.
    pub ambient: Ambient,
}

impl Plan {
    /// Headroom left on every constraint at the plan.
    pub fn headroom(&self) -> &[Constraint] {
        &self.operating_point.constraints
    }

    /// How far one more rack of the grown block would take the binding constraint past its
    /// limit, in its own unit (positive): the shortfall to make room for the next rack. With 0 racks that
    /// fit, what the site lacks to take its first.
    ///
    /// # Units
    ///
    /// As the binding constraint's [`Headroom`](crate::operating::Headroom): power (real
    /// electric or thermal), rack positions, or a temperature difference.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// // A 100 kW interconnect cannot take one 120 kW GB200 NVL72 rack at PUE 1.2: 0 racks
    /// // fit, and the first would overshoot by 1.2 × 120 kW − 100 kW.
    /// let site = Site::builder("shed", GridInterconnect::new(Power::new::<kilowatt>(100.0))?)
    ///     .lumped_pue(Pue::new(1.2)?)
    ///     .build()?;
    /// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    /// let p = plan(&site, &Deployment::new(rack))?;
    /// assert_eq!((p.primary_racks, &p.binding.kind), (0, &ConstraintKind::GridInterconnect));
    /// let Headroom::Power(short) = p.overshoot_at_next_rack() else { unreachable!() };
    /// assert!((short.get::<kilowatt>() - (1.2 * 120.0 - 100.0)).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn overshoot_at_next_rack(&self) -> Headroom {
        match self.binding.headroom {
            Headroom::Power(p) => Headroom::Power(-p),
            Headroom::Racks(n) => Headroom::Racks(-n),
            Headroom::Temperature(t) => Headroom::Temperature(-t),
        }
    }
}

/// The largest deployment that fits at the site's design ambient (a lumped site needs none).
///
/// Set the design ambient from a year of weather
/// ([`Climate::design_ambient`](crate::climate::Climate::design_ambient) with
/// [`DesignBasis::AnnualMax`](crate::climate::DesignBasis::AnnualMax)) and the plan holds in
/// every hour of that year.
///
/// # References
///
/// The search is dcplan's own: bisection over the rack count, valid because every
/// constraint's use is non-decreasing in it; `docs/models.md`, "Capacity planning", gives the
/// argument and the property tests that check it. Each constraint's model cites its own
/// source ([`crate::electrical`], [`crate::cooling`], [`crate::it`]).
pub fn plan(site: &Site, deployment: &Deployment) -> Result<Plan> {
    plan_at(site, deployment, &design_ambient(site)?)
}

/// The largest deployment that fits at `ambient`, whatever the site's design ambient.
///
/// ```
/// use dcplan::prelude::*;
/// let mw = Power::new::<megawatt>;
/// let hour = |t: f64| Ambient::from_wet_bulb(celsius(t), celsius(t - 12.0), Pressure::new::<pascal>(101_325.0));
/// let site = Site::builder("campus", GridInterconnect::new(mw(20.0))?)
///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", mw(16.0), 4)?)?)
///     .cooling_loop(CoolingLoop::new(LoopDesign::preset(Technology::AirEconomiser, "CRAH", mw(4.0), 4)?)?)
///     .design_ambient(hour(35.0)?)
///     .build()?;
/// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
/// // A mild hour: the liquid loop's heat rejection binds first.
/// let mild = plan_at(&site, &d, &hour(20.0)?)?;
/// assert_eq!(mild.primary_racks, 156);
/// assert_eq!(mild.binding.kind, ConstraintKind::CoolingCapacity { loop_name: "DLC".into() });
/// // A hot hour: the chillers draw more, and the interconnect binds with fewer racks.
/// let hot = plan_at(&site, &d, &hour(40.0)?)?;
/// assert_eq!((hot.primary_racks, hot.binding.kind), (134, ConstraintKind::GridInterconnect));
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn plan_at(site: &Site, deployment: &Deployment, ambient: &Ambient) -> Result<Plan> {
    // One placement, re-placed at each step: what does not depend on the rack count is
    // computed, and checked against the site, once.
    let mut placement = Placement::new(site, deployment, 0)?;
    let upper = search_bound(site, deployment, &placement);
    let mut fits = |n: u32| {
        placement.place(n);
        placement.fits_at(ambient)
    };
    let (mut lo, mut hi) = (0u32, if fits(0)? { upper } else { 0 });
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut point_at = |n: u32| {
        placement.place(n);
        placement.at(ambient)
    };
    let operating_point = point_at(lo)?;
    // The binding constraint: the one one rack beyond the plan exceeds most. When nothing
    // fits (an interconnect too small for one rack, halls without positions, a house load
    // above the supply) the plan is 0 racks and the binding constraint says why.
    if lo == u32::MAX {
        return Err(Error::out_of_range(
            "primary_racks",
            f64::from(u32::MAX),
            "",
            "a deployment of fewer than 2³² racks (check the units of the site's capacities)",
        ));
    }
    let beyond = point_at(lo + 1)?;
    let binding = beyond
        .exceeded()
        .max_by(|a, b| a.overshoot().total_cmp(&b.overshoot()))
        .cloned()
        .ok_or_else(|| Error::internal("capacity: no constraint binds one rack beyond the plan"))?;
    Ok(Plan {
        primary_racks: lo,
        racks: operating_point.racks.clone(),
        accelerators: operating_point.accelerators,
        binding,
        operating_point,
        ambient: *ambient,
    })
}

/// A grown block the search need not look beyond: no larger block fits. Facility power is at
/// least the IT power (at the racks' input with the chain's rack supply), and a block of `n`
/// holds at least `n·s_i − 1` racks of each grown type `i` (exactly `n` of a type that grows
/// alone; [`Deployment::grown_counts`]), so a block whose grown racks alone draw more than the
/// interconnect cannot fit; with halls, neither can one that holds more racks of a type than
/// its halls have room for.
fn search_bound(site: &Site, deployment: &Deployment, placement: &Placement) -> u32 {
    let grown: Vec<(f64, f64)> = deployment
        .grown_types()
        .zip(deployment.grown_shares())
        .map(|(t, share)| {
            let input = deployment.types()[t].profile().it_power() * placement.rack_input();
            (share, input.get::<watt>())
        })
        .collect();
    // Racks of a type a block of n may lack below n·s (none for a type that grows alone).
    let slack = if grown.len() == 1 { 0.0 } else { 1.0 };
    let grid = site.interconnect().capacity().get::<watt>();
    let per_block: f64 = grown.iter().map(|(s, p)| s * p).sum();
    let lacking: f64 = grown.iter().map(|(_, p)| slack * p).sum();
    let mut bound = ((grid + lacking) / per_block).floor() + 1.0;
    if let Some(room) = placement.hall_room() {
        bound = bound.min(room as f64 + 1.0);
    }
    if bound >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        bound as u32
    }
}
