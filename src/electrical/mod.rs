//! Grid interconnect, substation, and the electrical chain down to the IT equipment, with
//! load-dependent losses and redundancy.
//!
//! Powers are real power (W) unless typed as [`ApparentPower`](crate::units::ApparentPower)
//! (transformer nameplates, interconnects contracted in MVA). Each stage's losses follow
//! [`LossCurve`] (N. Rasmussen, APC/Schneider Electric White Paper 113; IEC 60076-1 for
//! transformers); `docs/models.md`, "Electrical", has the power path and the reference chain.

mod chain;
mod losses;
mod rack;
mod supply;

pub use chain::{Distribution, ElectricalChain, Stage, StageFlow, StageKind};
pub use losses::LossCurve;
pub use rack::{RackSupply, RackSupplyKind};
pub use supply::{GridInterconnect, Substation, Transformer};
