//! The physics kernel: a site with some IT installed, at one ambient → the full power
//! breakdown and the utilisation and headroom of every constraint.
//!
//! Everything dcplan answers comes from here: the capacity planner searches over rack counts
//! at the design ambient, the annual simulation walks 8,760 hourly ambients. A [`Placement`]
//! (a deployment's racks placed at a site) holds the ambient-independent part (racks in halls,
//! IT power, the critical power path), so that repeated evaluation at many ambients does only
//! the ambient-dependent work. The deployment is checked against the site once, when the
//! placement is made; nothing after that re-checks.
//!
//! The module's parts: the constraint vocabulary ([`ConstraintKind`], [`Headroom`],
//! [`Constraint`]), the results ([`OperatingPoint`] and its stages, loops and halls), and the
//! kernel: racks placed (`placement.rs`, into halls by `halls.rs`), one hour's physics (`hour.rs`) and the design hour
//! judged against every constraint (`design_hour.rs`).
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

mod constraint;
mod design_hour;
mod halls;
mod hour;
mod placement;
mod point;

pub use constraint::{Constraint, ConstraintKind, Headroom};
pub(crate) use hour::{HourTotals, Warm};
pub use placement::Placement;
pub use point::{HallLoad, Level, LoopReport, OperatingPoint, StageReport};

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::it::Deployment;
use crate::site::{Facility, Site};
use crate::units::*;

/// The operating point of `site` with `primary_racks` primary racks of `deployment` (and their
/// support racks) at `ambient`, utilisation schedules at their peak (the design hour). See the
/// module documentation.
///
/// The power balance, per operating point:
/// `P_facility = P_IT + P_losses + P_cooling + P_house + P_lumped` (checked by property test to
/// 10⁻⁹ relative). A lumped site has `P_facility = PUE·P_IT + P_house`.
///
/// # Units
///
/// Every power is real (active) electric power, except each loop's heat and heat-rejection
/// capacity, which are thermal. `P_IT` is measured at the IT equipment input (PUE category 3);
/// the PDU and UPS outputs, where categories 2 and 1 measure it, are reported beside it.
/// `P_facility` is measured at the utility input — the grid side of the substation, its losses
/// included (a lumped PUE covers every overhead, the substation's too) — and is what the
/// interconnect limits. Cooling and house loads join the chain at the low-voltage bus, below
/// the shared stages and the substation, whose losses they also cause. Water is make-up water
/// drawn, a volume flow.
///
/// # References
///
/// - ISO/IEC 30134-2:2016, *Information technology — Data centres — Key performance
///   indicators — Part 2: Power usage effectiveness (PUE)*: facility energy at the utility
///   input, the IT measurement categories.
/// - The Green Grid, White Paper 49, *PUE: A Comprehensive Examination of the Metric* (2012).
/// - N. Rasmussen, *Electrical Efficiency Modeling for Data Centers*, APC/Schneider Electric
///   White Paper 113: the stages' losses ([`crate::electrical`]).
/// - `docs/models.md`, "Electrical", "PUE and partial PUE", "Capacity planning".
pub fn evaluate(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    ambient: &Ambient,
) -> Result<OperatingPoint> {
    Placement::new(site, deployment, primary_racks)?.at(ambient)
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
        // `SiteBuilder::build` refuses a component-modelled site without one.
        (None, Facility::Components { .. }) => Err(Error::internal(
            "a component-modelled site without a design ambient",
        )),
    }
}
