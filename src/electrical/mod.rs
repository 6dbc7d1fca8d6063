//! Grid interconnect, substation, and the electrical chain down to the IT equipment, with
//! load-dependent losses and redundancy.

mod chain;
mod losses;
mod supply;

pub use chain::{ElectricalChain, Stage, StageFlow, StageKind};
pub use losses::LossCurve;
pub use supply::{GridInterconnect, Substation, Transformer};
