//! Where the power comes from: the grid interconnect and the site substation.

use super::{LossCurve, Stage, StageFlow, StageKind};
use crate::error::Result;
use crate::redundancy::{Redundancy, UnitGroup};
use crate::units::*;

/// The contracted import capacity at the point of interconnection, in real power (W). A
/// contract in apparent power converts at the site's power factor, `P = S·cos φ`.
///
/// ```
/// use dcplan::electrical::GridInterconnect;
/// use dcplan::units::*;
/// let g = GridInterconnect::from_apparent(ApparentPower::from_mva(120.0)?, PowerFactor::new(0.95)?);
/// assert!((g.capacity().get::<megawatt>() - 114.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridInterconnect {
    capacity: Power,
}

impl GridInterconnect {
    /// A contract in real power (MW).
    pub fn new(capacity: Power) -> Result<Self> {
        let capacity = power_positive("interconnect.capacity", capacity)?;
        Ok(Self { capacity })
    }

    /// A contract in apparent power (MVA) at the site's power factor.
    pub fn from_apparent(capacity: ApparentPower, power_factor: PowerFactor) -> Self {
        Self {
            capacity: capacity.real(power_factor),
        }
    }

    /// Import capacity in real power.
    pub fn capacity(&self) -> Power {
        self.capacity
    }
}

/// A grid (HV/MV) transformer: apparent-power (VA) nameplate rating and losses per unit of
/// that rating (loss model and sources on [`LossCurve`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transformer {
    rating: ApparentPower,
    losses: LossCurve,
}

impl Transformer {
    /// A transformer with the given loss curve.
    pub fn new(rating: ApparentPower, losses: LossCurve) -> Self {
        Self { rating, losses }
    }

    /// A transformer with one efficiency at every load.
    pub fn with_efficiency(rating: ApparentPower, efficiency: Efficiency) -> Self {
        Self::new(rating, LossCurve::constant(efficiency))
    }

    /// Nameplate rating.
    pub fn rating(&self) -> ApparentPower {
        self.rating
    }
}

/// The site substation: identical transformers under a redundancy rule (N, N+1, N+2 …).
/// Firm capacity is what remains with the redundant units out, at the site power factor:
/// `carrying · S_rated · cos φ`.
///
/// ```
/// use dcplan::electrical::{Substation, Transformer};
/// use dcplan::units::*;
/// use dcplan::Redundancy;
/// // 3 × 60 MVA, N+1, pf 0.95 → 2 × 60 × 0.95 = 114 MW firm.
/// let t = Transformer::with_efficiency(ApparentPower::from_mva(60.0)?, Efficiency::new(0.995)?);
/// let s = Substation::new(t, 3, Redundancy::NPlus(1), PowerFactor::new(0.95)?)?;
/// assert!((s.firm_capacity().get::<megawatt>() - 114.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// The transformers' rating is apparent power (VA); firm capacity and flows are real power
/// (W) at the site power factor, and each transformer's per-unit load is real output over its
/// real-power rating `S·cos φ`.
///
/// # References
///
/// Redundancy rules on [`Redundancy`]; transformer losses on [`LossCurve`] (IEC 60076-1).
#[derive(Clone, Debug, PartialEq)]
pub struct Substation {
    transformer: Transformer,
    power_factor: PowerFactor,
    stage: Stage,
}

impl Substation {
    /// `count` transformers under `redundancy`, operated at `power_factor`.
    pub fn new(
        transformer: Transformer,
        count: u32,
        redundancy: Redundancy,
        power_factor: PowerFactor,
    ) -> Result<Self> {
        let units = UnitGroup::new(count, redundancy).map_err(|e| e.at("substation"))?;
        let stage = Stage::new(
            "substation",
            StageKind::Transformer,
            transformer.rating.real(power_factor),
            units,
            transformer.losses,
        )?;
        Ok(Self {
            transformer,
            power_factor,
            stage,
        })
    }

    /// Firm capacity in real power.
    pub fn firm_capacity(&self) -> Power {
        self.stage.capacity()
    }

    /// The transformer type.
    pub fn transformer(&self) -> Transformer {
        self.transformer
    }

    /// Units and redundancy.
    pub fn units(&self) -> UnitGroup {
        self.stage.units()
    }

    /// Operating power factor.
    pub fn power_factor(&self) -> PowerFactor {
        self.power_factor
    }

    /// Power through the substation when it delivers `output` to the site.
    #[inline]
    pub fn flow(&self, output: Power) -> StageFlow {
        self.stage.flow(output)
    }
}
