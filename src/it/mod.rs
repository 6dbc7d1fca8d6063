//! IT equipment: a catalog of named systems with public datasheet figures, the rack profiles
//! built from them, and deployments (fleets of rack types, fixed or grown).
//!
//! ```
//! use dcplan::it::{catalog, Deployment, RackProfile};
//! let nvl72 = catalog::find("GB200 NVL72")?;
//! let rack = RackProfile::from_system(nvl72, 1)?;
//! assert_eq!(rack.accelerators(), 72);
//! assert_eq!(rack.it_power().get::<dcplan::units::kilowatt>(), 120.0);
//! let deployment = Deployment::new(rack);
//! assert_eq!(deployment.accelerators_per_primary(), 72);
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! One file per concern; everything is re-exported here (`dcplan::it::RackProfile`):
//!
//! | file | holds | a new … goes here |
//! |---|---|---|
//! | `catalog.rs` | [`ItSystem`], [`Confidence`], the table [`catalog::SYSTEMS`], [`catalog::find`] | system: a row of the table |
//! | `classes.rs` | ASHRAE TC 9.9 [`AirClass`] and [`WaterClass`] | class or limit |
//! | `cold_plates.rs` | [`ColdPlates`], the chip end of a liquid-cooled rack | rack-side liquid figure |
//! | `rack.rs` | [`RackProfile`]: one kind of rack as deployed | per-rack property |
//! | `deployment.rs` | [`Deployment`] (a fleet of [`RackType`]s: fixed or grown, reserved halls, [`SupportRacks`]), [`RackCounts`], [`TypeTotals`]: which racks, how many | kind of fleet |
//! | `inlet.rs` | [`InletResponse`], [`Utilisation`]: IT that follows its inlet air | |

pub mod catalog;
mod classes;
mod cold_plates;
mod deployment;
mod inlet;
mod rack;

pub use catalog::{Confidence, ItSystem};
pub use classes::{AirClass, WaterClass};
pub use cold_plates::ColdPlates;
pub(crate) use deployment::Apportionment;
pub use deployment::{
    Amount, Deployment, LostLoadValue, MAX_RACK_PROFILES, RackCounts, RackType, Shedding,
    SupportRacks, TypeTotals,
};
pub use inlet::{InletResponse, Utilisation, When};
pub use rack::RackProfile;
