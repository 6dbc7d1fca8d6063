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
///
/// # Units
///
/// `unit_rating` is the real-power output rating of one unit (W); the loss curve is per unit
/// of that rating, evaluated at the per-unit output `x`.
///
/// # References
///
/// Loss model on [`LossCurve`] (Rasmussen, WP 113); redundancy on
/// [`Redundancy`](crate::Redundancy); `docs/models.md`, "Electrical" → "Power path".
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    name: String,
    kind: StageKind,
    unit_rating: Power,
    units: UnitGroup,
    losses: LossCurve,
    heat_to_room: Fraction,
    /// Installed capacity and the inverses of the installed and usable capacities, W and 1/W
    /// (the hourly flow without a division).
    installed_w: f64,
    inv_installed_w: f64,
    inv_capacity_w: f64,
}

/// Power through a stage at one operating point: real powers (W), and the per-unit load and
/// utilisation as plain ratios.
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
        let installed_w = unit_rating.get::<watt>() * f64::from(units.installed());
        Ok(Self {
            name: name.to_owned(),
            kind,
            unit_rating,
            units,
            losses,
            heat_to_room: Fraction::ZERO,
            installed_w,
            inv_installed_w: 1.0 / installed_w,
            inv_capacity_w: 1.0 / (unit_rating.get::<watt>() * f64::from(units.carrying())),
        })
    }

    /// The same stage with a share of its losses released as heat into the air of the data
    /// hall (a UPS or PDU standing in the room), which the hall's air cooling loop must then
    /// remove. By default losses are heat outside the cooled space (electrical rooms with
    /// their own ventilation, counted in the house load). Only critical stages may heat the
    /// room ([`ElectricalChain::new`] checks).
    ///
    /// ```
    /// use dcplan::electrical::{LossCurve, Stage, StageKind};
    /// use dcplan::units::*;
    /// use dcplan::{Redundancy, UnitGroup};
    /// // EnergyPlus's UPS: loss = (1 − η)·P with η = 0.9, all of it heat to the zone.
    /// let ups = Stage::new("UPS", StageKind::Ups, Power::new::<kilowatt>(100.0),
    ///     UnitGroup::new(1, Redundancy::N)?, LossCurve::new(Fraction::ZERO, Fraction::new(0.1)?, Fraction::ZERO)?)?
    ///     .with_heat_to_room(Fraction::ONE);
    /// assert!((ups.flow(Power::new::<kilowatt>(80.0)).loss.get::<kilowatt>() - 8.0).abs() < 1e-9);
    /// assert_eq!(ups.heat_to_room(), Fraction::ONE);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_heat_to_room(mut self, share: Fraction) -> Self {
        self.heat_to_room = share;
        self
    }

    /// Share of the losses that heats the data hall's air.
    pub fn heat_to_room(&self) -> Fraction {
        self.heat_to_room
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

    /// Loss (W) when the stage delivers `output_w` W.
    #[inline]
    pub(crate) fn loss_w(&self, output_w: f64) -> f64 {
        self.installed_w * self.losses.loss(output_w * self.inv_installed_w)
    }

    /// The flow through this stage when it delivers `output`.
    #[inline]
    pub fn flow(&self, output: Power) -> StageFlow {
        let out = output.get::<watt>();
        let loss = Power::new::<watt>(self.loss_w(out));
        StageFlow {
            output,
            loss,
            input: output + loss,
            unit_load: out * self.inv_installed_w,
            utilisation: out * self.inv_capacity_w,
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
/// [`super::Substation`]. Losses of every stage follow [`LossCurve`] (N. Rasmussen, White
/// Paper 113); `docs/models.md`, "Electrical" → "Power path".
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
        if let Some(s) = shared.iter().find(|s| s.heat_to_room.get() > 0.0) {
            return Err(Error::inconsistent(
                field,
                format!(
                    "shared stage '{}' heats the data hall: only critical (IT path) stages stand in the hall",
                    s.name
                ),
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

    /// A reference chain sized for `it_capacity` of IT, for early-stage planning; every figure
    /// is a planning default to replace with the real equipment:
    ///
    /// * PDUs with transformers, 400 kW units, N: no-load loss 0.5 %, load loss 1.5 % of rating
    ///   (≈ 98 % at full load; DOE 10 CFR 431.196 LV transformers are 97.9–99.3 % at 35 %);
    /// * UPS modules of 1.25 MW under `ups` (e.g. 2N), double conversion fitted to 95 % at 25 %,
    ///   96.5 % at 50 %, 97 % at full load (vendor range 94–97 %);
    /// * shared MV/LV transformers of 2.5 MW, N+1, sized for 1.5 × the IT capacity, no-load
    ///   0.2 %, load loss 1 %.
    ///
    /// ```
    /// use dcplan::electrical::{ElectricalChain, StageKind};
    /// use dcplan::units::*;
    /// use dcplan::Redundancy;
    /// let chain = ElectricalChain::reference(Power::new::<megawatt>(10.0), Redundancy::TwoN)?;
    /// let ups = &chain.critical()[chain.position(StageKind::Ups).unwrap()];
    /// assert_eq!(ups.units().installed(), 16); // 2 × ⌈10 / 1.25⌉
    /// assert_eq!(ups.capacity().get::<megawatt>(), 10.0);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// - U.S. DOE, 10 CFR 431.196 (energy conservation standards for distribution
    ///   transformers, 2016): low-voltage dry-type efficiency 97.89 % (15 kVA) to 99.28 %
    ///   (1,000 kVA) at 35 % load.
    /// - UPS double-conversion efficiency 94–97 %: vendor data (secondary); the curve's three
    ///   points are planning defaults (`docs/models.md`, "Reference chain").
    pub fn reference(it_capacity: Power, ups: crate::Redundancy) -> Result<Self> {
        use crate::Redundancy;
        let it = power_positive("it_capacity", it_capacity)?;
        let f = Fraction::new;
        let units_for = |load: Power, unit: Power| -> Result<u32> {
            let n = (load / unit).value.ceil();
            if n > 1e6 {
                return Err(Error::out_of_range(
                    "it_capacity",
                    it.get::<megawatt>(),
                    "MW",
                    "a capacity needing fewer than a million units",
                ));
            }
            Ok(n.max(1.0) as u32)
        };
        let pdu_rating = Power::new::<kilowatt>(400.0);
        let ups_rating = Power::new::<kilowatt>(1250.0);
        let mvlv_rating = Power::new::<kilowatt>(2500.0);
        let needed = units_for(it, ups_rating)?;
        let ups_units = ups.installed_for(needed)?;
        let ups_curve = LossCurve::from_efficiencies([
            (f(0.25)?, Efficiency::new(0.95)?),
            (f(0.5)?, Efficiency::new(0.965)?),
            (f(1.0)?, Efficiency::new(0.97)?),
        ])?;
        let critical = vec![
            Stage::new(
                "PDU",
                StageKind::Pdu,
                pdu_rating,
                UnitGroup::new(units_for(it, pdu_rating)?, Redundancy::N)?,
                LossCurve::transformer(f(0.005)?, f(0.015)?),
            )?,
            Stage::new(
                "UPS",
                StageKind::Ups,
                ups_rating,
                UnitGroup::new(ups_units, ups)?,
                ups_curve,
            )?,
        ];
        let shared = vec![Stage::new(
            "MV/LV transformers",
            StageKind::Transformer,
            mvlv_rating,
            UnitGroup::new(units_for(it * 1.5, mvlv_rating)? + 1, Redundancy::NPlus(1))?,
            LossCurve::transformer(f(0.002)?, f(0.01)?),
        )?];
        Self::new(critical, shared)
    }

    /// Index into [`Self::critical`] of the first stage of `kind`.
    pub fn position(&self, kind: StageKind) -> Option<usize> {
        self.critical.iter().position(|s| s.kind == kind)
    }
}
