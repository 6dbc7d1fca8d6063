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
    /// Usable capacity, redundant units out (`n_carry · R`; the substation's firm capacity
    /// `n_carry · S · cos φ`), in real power on the stage's output side.
    pub capacity: Power,
    /// Power through it: output, loss and input.
    pub flow: StageFlow,
}

/// Where a stage sits in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// IT power path (PDU, UPS; 800 V DC busways, rectifiers).
    Critical,
    /// Path of the cooling and house loads only, up to where they join the IT path's input
    /// (the MV/LV transformers of an 800 V DC chain).
    Auxiliary,
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
    /// IT power placed, at the racks' design power (IT equipment input): what the hall's
    /// power limit is judged against.
    pub it: Power,
}

/// The full state of a site at one operating point.
///
/// # Units
///
/// Powers are real electric power, at the measurement point each field names: `it` at the IT
/// equipment input (the racks' input: their AC power shelf's, or their 800 V DC/DC
/// converter's, [`crate::electrical::RackSupply`]), `it_at_pdu_output` and `it_at_ups_output`
/// at those stages' outputs (IT plus the losses of the critical stages below them), `facility`
/// at the grid, on the utility side of the substation. `facility = it + electrical_losses +
/// cooling + house + lumped_overhead`. Each loop's heat is thermal power
/// ([`LoopReport::state`]).
///
/// # References
///
/// - ISO/IEC 30134-2:2016 and The Green Grid WP 49 (2012): the measurement points of
///   PUE categories 1 (UPS output), 2 (PDU output) and 3 (IT equipment input).
#[derive(Clone, Debug, PartialEq)]
pub struct OperatingPoint {
    /// Primary racks installed.
    pub primary_racks: u32,
    /// All racks by profile.
    pub racks: RackCounts,
    /// Accelerators (GPUs).
    pub accelerators: u64,
    /// IT power at the IT equipment input (PUE category 3). Racks that follow their inlet air
    /// draw the power of the hour's inlet, not their design power.
    pub it: Power,
    /// IT power at the PDU output, if the chain has a PDU (PUE category 2).
    pub it_at_pdu_output: Option<Power>,
    /// IT power at the UPS output, if the chain has a UPS (PUE category 1).
    pub it_at_ups_output: Option<Power>,
    /// Losses of every electrical stage, substation included (`(1/η − 1)·P_out` of each).
    pub electrical_losses: Power,
    /// Electric power of all cooling loops (compressors, fans and pumps).
    pub cooling: Power,
    /// Fixed house loads, drawn at the low-voltage bus.
    pub house: Power,
    /// Overhead of a lumped-PUE site, `(PUE − 1)·IT` (zero for a component site).
    pub lumped_overhead: Power,
    /// Electricity of site-owned heat pumps that only upgrade heat for reuse, drawn at the
    /// low-voltage bus; at the design hour, at the year's peak heat demand
    /// ([`crate::cooling::HeatReuse`]). Zero without reuse or with a network-owned heat pump.
    pub heat_upgrade: Power,
    /// Power drawn from the grid: IT + losses + cooling + house + lumped overhead + heat
    /// upgrade.
    pub facility: Power,
    /// Make-up water drawn by the loops (evaporation and blowdown), a volume flow.
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
