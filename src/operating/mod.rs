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
//! kernel: racks placed (`placement.rs`), one hour's physics (`hour.rs`) and the design hour
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
mod hour;
mod placement;
mod point;

pub use constraint::{Constraint, ConstraintKind, Headroom};
pub(crate) use hour::HourTotals;
pub use placement::Placement;
pub use point::{HallLoad, Level, LoopReport, OperatingPoint, StageReport};

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::it::Deployment;
use crate::site::{Facility, Site};
use crate::units::*;

/// The operating point of `site` with `primary_racks` primary racks of `deployment` (and their
/// support racks) at `ambient`. See the module documentation.
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
