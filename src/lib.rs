//! # dcplan — power and cooling planning for AI data centers
//!
//! dcplan models sites, grid interconnects and substations, electrical chains, racks and IT
//! systems, cooling loops and climates with typed physical units ([`uom`]), and computes how
//! many GPUs fit, PUE and partial PUEs, thermal headroom, annual energy, cost and schedule.
//!
//! One physics kernel, [`operating::evaluate`], turns a [`site::Site`] with some IT installed
//! at one [`climate::Ambient`] into the full power breakdown and the headroom of every
//! constraint; the drivers choose which operating points to evaluate: [`capacity::plan`]
//! searches rack counts at the design ambient. On top, [`economics`] turns a site's annual
//! figures into cash flows, NPV and IRR under GPU rental, colocation or bitcoin mining (with
//! [`money`] types that cannot be mixed up), [`timeline`] dates each phase's power and GPUs,
//! and [`portfolio`] adds sites up and ranks where the next GPUs should go.
//!
//! Every physical quantity is a typed [`uom`] quantity and every ratio a validated type
//! ([`units`]), so the type says the dimension; where it cannot say which power is meant,
//! each model's documentation has a `# Units` section (IT power at the IT equipment input,
//! the PDU or the UPS output; facility power at the grid; per MW of IT or of interconnect;
//! real US dollars) and a `# References` section naming its source: standards, white papers,
//! datasheets and textbooks. `docs/models.md` gives the equations and sources side by side.
//!
//! ```
//! use dcplan::prelude::*;
//! let site = Site::builder("campus", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
//!     .lumped_pue(Pue::new(1.15)?)
//!     .build()?;
//! let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
//! let plan = plan(&site, &Deployment::new(rack))?;
//! assert_eq!(plan.accelerators, 52_128);
//! # Ok::<(), dcplan::Error>(())
//! ```

#![warn(missing_docs)]

pub mod capacity;
pub mod climate;
pub mod cooling;
pub mod curves;
pub mod economics;
pub mod electrical;
pub mod error;
pub mod flexibility;
pub mod fluids;
pub mod it;
pub mod metrics;
pub mod money;
pub mod operating;
pub mod portfolio;
pub mod redundancy;
pub mod report;
pub mod simulate;
pub mod site;
pub mod sitefile;
mod solve;
pub mod sustainability;
pub mod sweep;
pub mod timeline;
pub mod units;

pub use error::{Error, Result};
pub use redundancy::{Redundancy, UnitGroup};

/// The types most programs need, in one import.
pub mod prelude {
    pub use crate::capacity::{Plan, plan, plan_at};
    pub use crate::climate::Ambient;
    pub use crate::cooling::{
        AirPath, Chiller, CoolingLoop, CracDesign, DxCoil, Envelope, LoopDesign, Medium, Plant,
        RoomHumidity, Sink, Surface, SurfaceKind, Technology, Transport, VariableVolumeFan,
    };
    pub use crate::curves::{Axis, Curve, Extrapolation};
    pub use crate::economics::{
        Amortisation, AnnualFigures, BuildCost, BusinessModel, CapacityBasis, Capex, Discounting,
        Driver, EnergyPrice, Equipment, EquipmentPrice, Evaluation, Financing, LevelisedCost, Opex,
        PricePath, Project, Tier, compare_per_mw,
    };
    pub use crate::electrical::{
        Distribution, ElectricalChain, GridInterconnect, LossCurve, RackSupply, RackSupplyKind,
        Stage, StageKind, Substation, Transformer,
    };
    pub use crate::error::{Error, Result};
    pub use crate::fluids::Coolant;
    pub use crate::it::{
        AirClass, Amount, Deployment, InletResponse, RackProfile, RackType, Utilisation,
        WaterClass, catalog,
    };
    pub use crate::metrics::ItMeasurement;
    pub use crate::money::*;
    pub use crate::operating::{ConstraintKind, Headroom, OperatingPoint, evaluate};
    pub use crate::portfolio::Portfolio;
    pub use crate::redundancy::{Redundancy, UnitGroup};
    pub use crate::site::{Hall, Site};
    pub use crate::timeline::{
        GridAccess, LeadTimes, Milestone, Phase, Schedule, Timeline, months, weeks, years,
    };
    pub use crate::units::*;
}
