//! # dcplan — power and cooling planning for AI data centers
//!
//! dcplan models sites, grid interconnects and substations, electrical chains, racks and IT
//! systems, cooling loops and climates with typed physical units ([`uom`]), and computes how
//! many GPUs fit, PUE and partial PUEs, thermal headroom, annual energy, cost and schedule.

pub mod climate;
pub mod electrical;
pub mod error;
pub mod fluids;
pub mod redundancy;
pub mod units;

pub use error::{Error, Result};
pub use redundancy::{Redundancy, UnitGroup};
