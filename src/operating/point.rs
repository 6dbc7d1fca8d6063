//! The results of the kernel: the full state of a site at one operating point.

use super::constraint::{Constraint, ConstraintKind};
use crate::cooling::{LoopState, Medium, SupplyLimits, TemperatureLimit};
use crate::electrical::{StageFlow, StageKind};
use crate::it::RackCounts;
use crate::units::*;

/// A stage of the electrical chain at the operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct StageReport {
    /// Stage name.
    pub name: String,
    /// Stage kind.
    pub kind: StageKind,
    /// Whether the stage is on the critical (IT) path, the shared path, or the substation.
    pub level: Level,
    /// Usable capacity.
    pub capacity: Power,
    /// Power through it.
    pub flow: StageFlow,
}

/// Where a stage sits in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// IT power path (PDU, UPS).
    Critical,
    /// Whole-facility path below the substation (MV/LV transformers, switchgear).
    Shared,
    /// The grid substation.
    Substation,
}

/// A cooling loop at the operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopReport {
    /// Loop name.
    pub name: String,
    /// Medium.
    pub medium: Medium,
    /// Limits the served racks put on the supply.
    pub limits: SupplyLimits,
    /// The loop's state.
    pub state: LoopState,
}

impl LoopReport {
    /// Temperature headroom against the tightest limit that applies (see
    /// [`LoopState::temperature_headroom`]).
    pub fn temperature_headroom(&self) -> Option<(TemperatureInterval, TemperatureLimit)> {
        self.state.temperature_headroom(self.medium, &self.limits)
    }
}

/// Racks in one hall.
#[derive(Clone, Debug, PartialEq)]
pub struct HallLoad {
    /// Hall name.
    pub name: String,
    /// Racks placed.
    pub racks: RackCounts,
    /// IT power placed.
    pub it: Power,
}

/// The full state of a site at one operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatingPoint {
    /// Primary racks installed.
    pub primary_racks: u32,
    /// All racks by profile.
    pub racks: RackCounts,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// IT power at the IT equipment input.
    pub it: Power,
    /// IT power at the PDU output, if the chain has a PDU (PUE category 2).
    pub it_at_pdu_output: Option<Power>,
    /// IT power at the UPS output, if the chain has a UPS (PUE category 1).
    pub it_at_ups_output: Option<Power>,
    /// Losses of every electrical stage, substation included.
    pub electrical_losses: Power,
    /// Electric power of all cooling loops.
    pub cooling: Power,
    /// Fixed house loads.
    pub house: Power,
    /// Overhead of a lumped-PUE site, `(PUE − 1)·IT` (zero for a component site).
    pub lumped_overhead: Power,
    /// Power drawn from the grid: IT + losses + cooling + house + lumped overhead.
    pub facility: Power,
    /// Make-up water drawn.
    pub water: VolumeRate,
    /// Each electrical stage, load upward.
    pub stages: Vec<StageReport>,
    /// Each cooling loop.
    pub loops: Vec<LoopReport>,
    /// Racks per hall.
    pub halls: Vec<HallLoad>,
    /// Every constraint with its headroom.
    pub constraints: Vec<Constraint>,
}

impl OperatingPoint {
    /// Constraints that are exceeded.
    pub fn exceeded(&self) -> impl Iterator<Item = &Constraint> {
        self.constraints.iter().filter(|c| c.is_exceeded())
    }

    /// Whether every constraint holds.
    pub fn fits(&self) -> bool {
        self.exceeded().next().is_none()
    }

    /// Looks a constraint up.
    pub fn constraint(&self, kind: &ConstraintKind) -> Option<&Constraint> {
        self.constraints.iter().find(|c| &c.kind == kind)
    }
}
