//! The constraint vocabulary: what limits a site, and the room left on each limit.

use crate::cooling::TemperatureLimit;
use crate::electrical::StageKind;
use crate::units::*;
use std::fmt;

/// What a constraint limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    /// Import capacity of the grid interconnect.
    GridInterconnect,
    /// Firm capacity of the substation (redundant transformers out).
    SubstationFirm,
    /// Usable capacity of a stage of the electrical chain (e.g. the UPS, redundant units out),
    /// against the power it delivers.
    Electrical {
        /// Stage name.
        stage: String,
        /// Stage kind.
        kind: StageKind,
    },
    /// Heat-rejection capacity of a cooling loop at the ambient (redundant units out).
    CoolingCapacity {
        /// Loop name.
        loop_name: String,
    },
    /// Temperature of a cooling loop against its set point or the limit of the racks it serves:
    /// the supply it delivers against its set point or their class, or the hottest accelerator
    /// case against its limit.
    CoolingTemperature {
        /// Loop name.
        loop_name: String,
        /// Which limit.
        limit: TemperatureLimit,
    },
    /// Rack positions of a hall.
    HallPositions {
        /// Hall name.
        hall: String,
    },
    /// IT power limit of a hall.
    HallPower {
        /// Hall name.
        hall: String,
    },
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintKind::GridInterconnect => write!(f, "grid interconnect"),
            ConstraintKind::SubstationFirm => write!(f, "substation firm capacity"),
            ConstraintKind::Electrical { stage, kind } => write!(f, "{kind} '{stage}' capacity"),
            ConstraintKind::CoolingCapacity { loop_name } => {
                write!(f, "cooling loop '{loop_name}' heat rejection")
            }
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::SetPoint,
            } => write!(f, "cooling loop '{loop_name}' supply set point"),
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::Class,
            } => write!(f, "cooling loop '{loop_name}' supply temperature"),
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::ChipCase,
            } => write!(f, "cooling loop '{loop_name}' chip case temperature"),
            ConstraintKind::CoolingTemperature {
                loop_name,
                limit: TemperatureLimit::Freezing,
            } => write!(f, "cooling loop '{loop_name}' coolant freezing"),
            ConstraintKind::HallPositions { hall } => write!(f, "hall '{hall}' rack positions"),
            ConstraintKind::HallPower { hall } => write!(f, "hall '{hall}' power limit"),
        }
    }
}

/// Room left on a constraint, in its own unit. Negative means exceeded.
///
/// # Units
///
/// Each constraint is judged where its limit applies:
///
/// | constraint | headroom |
/// |---|---|
/// | [`ConstraintKind::GridInterconnect`] | interconnect capacity − facility power at the grid (real power) |
/// | [`ConstraintKind::SubstationFirm`] | firm capacity (redundant transformers out) − substation output |
/// | [`ConstraintKind::Electrical`] | usable capacity (redundant units out) − the stage's output |
/// | [`ConstraintKind::CoolingCapacity`] | heat-rejection capacity at the ambient − heat taken (thermal) |
/// | [`ConstraintKind::CoolingTemperature`] | the set point or class limit − the supply delivered, or the chips' limit − the coolant supply (K) |
/// | [`ConstraintKind::HallPositions`] | rack positions − racks placed, support racks included |
/// | [`ConstraintKind::HallPower`] | the hall's limit − the design IT power of its racks (IT input) |
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Headroom {
    /// Power (electrical capacity, heat rejection, hall power).
    Power(Power),
    /// Rack positions (a hall's positions; primary and support racks take one each).
    Racks(i64),
    /// Temperature (supply against a class limit).
    Temperature(TemperatureInterval),
}

impl fmt::Display for Headroom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Headroom::Power(p) => write!(f, "{:.3} MW", p.get::<megawatt>()),
            Headroom::Racks(n) => write!(f, "{n} racks"),
            Headroom::Temperature(t) => write!(f, "{:.2} K", t.get::<kelvin_interval>()),
        }
    }
}

/// One constraint at one operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// What is limited.
    pub kind: ConstraintKind,
    /// Room left (negative: exceeded).
    pub headroom: Headroom,
    /// Used / limit, a plain ratio (1 = at the limit), for constraints with a natural zero
    /// (power, positions) and a limit above zero; `None` for temperatures and zero limits.
    pub utilisation: Option<f64>,
}

impl Headroom {
    /// Whether the headroom is negative: the constraint is exceeded.
    pub fn is_exceeded(&self) -> bool {
        match *self {
            Headroom::Power(p) => p.get::<watt>() < 0.0,
            Headroom::Racks(n) => n < 0,
            Headroom::Temperature(t) => t.get::<kelvin_interval>() < 0.0,
        }
    }
}

impl Constraint {
    /// Whether the constraint is exceeded.
    pub fn is_exceeded(&self) -> bool {
        self.headroom.is_exceeded()
    }

    /// How far past its limit the constraint is, as a share of the limit (temperatures per
    /// 10 K); used to name the binding constraint when several are exceeded at once.
    pub(crate) fn overshoot(&self) -> f64 {
        match (self.utilisation, self.headroom) {
            (Some(u), _) => u - 1.0,
            (None, Headroom::Temperature(t)) => -t.get::<kelvin_interval>() / 10.0,
            // A zero limit (e.g. free cooling with no capacity left at this ambient, a hall
            // without positions) that is used at all is exceeded without measure.
            (None, Headroom::Power(p)) if p.get::<watt>() < 0.0 => f64::INFINITY,
            (None, Headroom::Racks(n)) if n < 0 => f64::INFINITY,
            (None, _) => 0.0,
        }
    }
}
