//! The power path from the grid to the IT equipment, as a series of stages.

use super::LossCurve;
use crate::error::{Error, Result};
use crate::redundancy::UnitGroup;
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a stage of the electrical chain is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Power distribution unit / remote power panel (with or without a transformer).
    Pdu,
    /// Busway or cabling.
    Busway,
    /// Uninterruptible power supply.
    Ups,
    /// A transformer (e.g. MV/LV).
    Transformer,
    /// Switchgear.
    Switchgear,
}

impl fmt::Display for StageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            StageKind::Pdu => "PDU",
            StageKind::Busway => "busway",
            StageKind::Ups => "UPS",
            StageKind::Transformer => "transformer",
            StageKind::Switchgear => "switchgear",
        };
        f.write_str(s)
    }
}

/// One level of the electrical chain: `installed` identical units of `unit_rating` under a
/// redundancy rule, with a load-dependent [`LossCurve`]. In normal operation all installed units
/// share the load, so each runs at `x = P_out / (installed · rating)`; the usable (firm)
/// capacity is `carrying · rating`.
///
/// ```
/// use dcplan::electrical::{LossCurve, Stage, StageKind};
/// use dcplan::units::*;
/// use dcplan::{Redundancy, UnitGroup};
/// // 2N UPS: 2 × 1 MW modules, usable 1 MW; at 600 kW each runs at 30 %.
/// let ups = Stage::new("UPS", StageKind::Ups, Power::new::<megawatt>(1.0),
///     UnitGroup::new(2, Redundancy::TwoN)?, LossCurve::constant(Efficiency::new(0.96)?))?;
/// let flow = ups.flow(Power::new::<kilowatt>(600.0));
/// assert_eq!(ups.capacity().get::<kilowatt>(), 1000.0);
/// assert!((flow.unit_load - 0.3).abs() < 1e-12);
/// assert!((flow.input.get::<kilowatt>() - 600.0 / 0.96).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    name: String,
    kind: StageKind,
    unit_rating: Power,
    units: UnitGroup,
    losses: LossCurve,
}

/// Power through a stage at one operating point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageFlow {
    /// Power delivered downstream.
    pub output: Power,
    /// Power lost in the stage (heat).
    pub loss: Power,
    /// Power drawn from upstream: output + loss.
    pub input: Power,
    /// Per-unit load of each installed unit, `output / (installed · rating)`.
    pub unit_load: f64,
    /// Output as a share of the usable capacity (> 1 means overloaded with the redundant units
    /// out).
    pub utilisation: f64,
}

impl Stage {
    /// Validates a stage.
    pub fn new(
        name: &str,
        kind: StageKind,
        unit_rating: Power,
        units: UnitGroup,
        losses: LossCurve,
    ) -> Result<Self> {
        power_positive("unit_rating", unit_rating).map_err(|e| e.at(name))?;
        Ok(Self {
            name: name.to_owned(),
            kind,
            unit_rating,
            units,
            losses,
        })
    }

    /// Name of the stage.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Kind of the stage.
    pub fn kind(&self) -> StageKind {
        self.kind
    }
    /// Rating of one unit.
    pub fn unit_rating(&self) -> Power {
        self.unit_rating
    }
    /// Units and redundancy.
    pub fn units(&self) -> UnitGroup {
        self.units
    }
    /// Loss curve of one unit.
    pub fn losses(&self) -> LossCurve {
        self.losses
    }

    /// Usable capacity with the redundant units out: `carrying · rating`.
    pub fn capacity(&self) -> Power {
        self.unit_rating * f64::from(self.units.carrying())
    }

    /// Installed capacity: `installed · rating`.
    pub fn installed_capacity(&self) -> Power {
        self.unit_rating * f64::from(self.units.installed())
    }

    /// The flow through this stage when it delivers `output`.
    #[inline]
    pub fn flow(&self, output: Power) -> StageFlow {
        let installed = self.installed_capacity();
        let unit_load = (output / installed).value;
        let loss = installed * self.losses.loss(unit_load);
        StageFlow {
            output,
            loss,
            input: output + loss,
            unit_load,
            utilisation: (output / self.capacity()).value,
        }
    }
}

/// The electrical chain of a site, each part listed from the load upward.
///
/// * `critical`: the IT power path (e.g. PDU, then UPS) — only IT load flows through it;
/// * `shared`: stages that carry the whole facility load from the low-voltage bus up (e.g.
///   MV/LV transformers, switchgear): the critical path's input, cooling and house loads.
///
/// The substation (grid transformers) sits above the shared stages; see
/// [`super::Substation`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ElectricalChain {
    critical: Vec<Stage>,
    shared: Vec<Stage>,
}

impl ElectricalChain {
    /// Validates a chain: stage names unique; at most one UPS, on the critical path; any PDU
    /// below (downstream of) the UPS.
    pub fn new(critical: Vec<Stage>, shared: Vec<Stage>) -> Result<Self> {
        let field = "electrical";
        let mut names: Vec<&str> = critical.iter().chain(&shared).map(Stage::name).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::inconsistent(
                field,
                format!("two stages are named '{}'", w[0]),
            ));
        }
        if shared.iter().any(|s| s.kind == StageKind::Ups) {
            return Err(Error::inconsistent(
                field,
                "a UPS belongs on the critical path, not among the shared stages",
            ));
        }
        let position = |kind| critical.iter().position(|s: &Stage| s.kind == kind);
        if critical.iter().filter(|s| s.kind == StageKind::Ups).count() > 1 {
            return Err(Error::inconsistent(field, "more than one UPS stage"));
        }
        if let (Some(pdu), Some(ups)) = (position(StageKind::Pdu), position(StageKind::Ups))
            && pdu > ups
        {
            return Err(Error::inconsistent(
                field,
                "the PDU must be downstream of the UPS (listed before it, from the load upward)",
            ));
        }
        Ok(Self { critical, shared })
    }

    /// The critical (IT) path, from the load upward.
    pub fn critical(&self) -> &[Stage] {
        &self.critical
    }

    /// The shared stages, from the low-voltage bus upward.
    pub fn shared(&self) -> &[Stage] {
        &self.shared
    }

    /// Index into [`Self::critical`] of the first stage of `kind`.
    pub fn position(&self, kind: StageKind) -> Option<usize> {
        self.critical.iter().position(|s| s.kind == kind)
    }
}
