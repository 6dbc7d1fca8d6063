//! The power path from the grid to the IT equipment, as a series of stages.

use super::{LossCurve, RackSupply, RackSupplyKind};
use crate::error::{Error, Result};
use crate::redundancy::{Redundancy, UnitGroup};
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
    /// A rectifier from AC to the 800 V DC bus: an MV rectifier, a solid-state transformer,
    /// or an LV rectifier (a side power rack).
    Rectifier,
}

impl StageKind {
    /// Whether a stage of this kind can stand on the DC side of a rectifier (busways and
    /// switchgear carry either; UPS, PDU and transformer are AC equipment).
    pub fn carries_dc(self) -> bool {
        matches!(self, StageKind::Busway | StageKind::Switchgear)
    }
}

impl fmt::Display for StageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            StageKind::Pdu => "PDU",
            StageKind::Busway => "busway",
            StageKind::Ups => "UPS",
            StageKind::Transformer => "transformer",
            StageKind::Switchgear => "switchgear",
            StageKind::Rectifier => "rectifier",
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

/// How power reaches the racks from the medium-voltage bus.
///
/// ```
/// use dcplan::electrical::Distribution;
/// assert_eq!("800 V DC".parse::<Distribution>()?, Distribution::Dc800);
/// assert_eq!("ac".parse::<Distribution>()?, Distribution::Ac);
/// assert!("400 V DC".parse::<Distribution>().is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// J. Huntington and M. Tu, *800 VDC Architecture for Next-Generation AI Infrastructure*,
/// NVIDIA white paper (OCP Global Summit, October 2025): today's AC path (MV transformer → LV
/// switchboard → UPS → PDU or busway → rack PSU → 54 V) against MV rectifiers or solid-state
/// transformers → 800 V DC busways → rack DC/DC; `docs/models.md`, "800 V DC distribution".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Distribution {
    /// AC to the racks (e.g. 415 V), whose power shelves convert AC to 54 V.
    #[default]
    Ac,
    /// 800 V DC to the racks from rectifiers, whose DC/DC converters make 54 V.
    Dc800,
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Distribution::Ac => "AC",
            Distribution::Dc800 => "800 V DC",
        })
    }
}

/// What a distribution written as `text` is not.
fn not_a_distribution(text: &str) -> String {
    format!("found {text:?}, expected \"AC\" or \"800 V DC\"")
}

impl std::str::FromStr for Distribution {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "ac" => Ok(Distribution::Ac),
            "800vdc" => Ok(Distribution::Dc800),
            _ => Err(Error::inconsistent(
                "distribution",
                not_a_distribution(text),
            )),
        }
    }
}

impl TryFrom<String> for Distribution {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        text.parse().map_err(|_| not_a_distribution(&text))
    }
}

impl From<Distribution> for String {
    fn from(d: Distribution) -> String {
        d.to_string()
    }
}

/// The electrical chain of a site, each part listed from the load upward.
///
/// * `critical`: the IT power path (e.g. PDU, then UPS; or 800 V DC busways, then rectifiers)
///   — only IT load flows through it;
/// * `auxiliary`: stages that carry only the cooling and house loads, from the low-voltage bus
///   up to where they join the critical path's input (the MV/LV transformers of a DC chain
///   whose rectifiers take medium voltage directly); none in an AC chain, whose shared stages
///   carry everything;
/// * `shared`: stages that carry the whole facility load (e.g. MV/LV transformers,
///   switchgear): the critical path's input, cooling and house loads;
/// * the racks' own power conversion ([`RackSupply`]), inside the IT equipment: an AC power
///   shelf, or an 800 V DC/DC converter in a DC chain.
///
/// The substation (grid transformers) sits above the shared stages; see
/// [`super::Substation`]. Losses of every stage follow [`LossCurve`] (N. Rasmussen, White
/// Paper 113); `docs/models.md`, "Electrical" → "Power path" and "800 V DC distribution".
#[derive(Clone, Debug, PartialEq)]
pub struct ElectricalChain {
    distribution: Distribution,
    rack: RackSupply,
    critical: Vec<Stage>,
    auxiliary: Vec<Stage>,
    shared: Vec<Stage>,
}

impl Default for ElectricalChain {
    /// An AC chain without stages, the racks on their catalog power shelves.
    fn default() -> Self {
        Self {
            distribution: Distribution::Ac,
            rack: RackSupply::CATALOG_SHELF,
            critical: Vec::new(),
            auxiliary: Vec::new(),
            shared: Vec::new(),
        }
    }
}

/// Where a list of stages sits, for the field path of an error (`electrical.critical.1`).
fn stage_field(list: &str, index: usize, leaf: &str) -> String {
    format!("electrical.{list}.{index}.{leaf}")
}

impl ElectricalChain {
    /// An AC chain with the racks on their catalog power shelves and no auxiliary stages;
    /// validated as [`ElectricalChain::with_layout`].
    pub fn new(critical: Vec<Stage>, shared: Vec<Stage>) -> Result<Self> {
        Self::with_layout(
            Distribution::Ac,
            RackSupply::CATALOG_SHELF,
            critical,
            Vec::new(),
            shared,
        )
    }

    /// Validates a chain: stage names unique; at most one UPS, on the critical path; any PDU
    /// below (downstream of) the UPS; only critical stages heat the data hall; and the layout
    /// consistent —
    ///
    /// * AC: no rectifier, and the racks on an AC power shelf;
    /// * 800 V DC: one rectifier on the critical path, only busways and switchgear below it
    ///   (the 800 V side; UPS, PDU and transformers may stand above it, as for a side power
    ///   rack fed from an AC hall), and the racks on a DC/DC supply.
    ///
    /// Errors name the stage as `electrical.critical.1.kind` (list and index).
    pub fn with_layout(
        distribution: Distribution,
        rack: RackSupply,
        critical: Vec<Stage>,
        auxiliary: Vec<Stage>,
        shared: Vec<Stage>,
    ) -> Result<Self> {
        let mut names: Vec<&str> = critical
            .iter()
            .chain(&auxiliary)
            .chain(&shared)
            .map(Stage::name)
            .collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::inconsistent(
                "electrical",
                format!("two stages are named '{}'", w[0]),
            ));
        }
        for (list, stages) in [("auxiliary", &auxiliary), ("shared", &shared)] {
            for (i, s) in stages.iter().enumerate() {
                if s.heat_to_room.get() > 0.0 {
                    return Err(Error::inconsistent(
                        &stage_field(list, i, "heat_to_room"),
                        format!(
                            "{list} stage '{}' heats the data hall: only critical (IT path) stages stand in the hall",
                            s.name
                        ),
                    ));
                }
                let what = match s.kind {
                    StageKind::Ups => "a UPS",
                    StageKind::Rectifier => "a rectifier (it feeds the IT path)",
                    _ => continue,
                };
                return Err(Error::inconsistent(
                    &stage_field(list, i, "kind"),
                    format!(
                        "'{}': {what} belongs on the critical path, not among the {list} stages",
                        s.name
                    ),
                ));
            }
        }
        let of_kind = |kind| {
            critical
                .iter()
                .enumerate()
                .filter(move |(_, s): &(usize, &Stage)| s.kind == kind)
        };
        if let Some((i, _)) = of_kind(StageKind::Ups).nth(1) {
            return Err(Error::inconsistent(
                &stage_field("critical", i, "kind"),
                "more than one UPS stage",
            ));
        }
        if let (Some((pdu, _)), Some((ups, _))) = (
            of_kind(StageKind::Pdu).next(),
            of_kind(StageKind::Ups).next(),
        ) && pdu > ups
        {
            return Err(Error::inconsistent(
                &stage_field("critical", pdu, "kind"),
                "the PDU must be downstream of the UPS (listed before it, from the load upward)",
            ));
        }
        check_layout(distribution, &rack, &critical)?;
        Ok(Self {
            distribution,
            rack,
            critical,
            auxiliary,
            shared,
        })
    }

    /// The same chain with the racks on `rack` instead, validated again (e.g. the reference
    /// chain with better power shelves than the catalog's).
    pub fn with_rack(self, rack: RackSupply) -> Result<Self> {
        Self::with_layout(
            self.distribution,
            rack,
            self.critical,
            self.auxiliary,
            self.shared,
        )
    }

    /// How power reaches the racks.
    pub fn distribution(&self) -> Distribution {
        self.distribution
    }

    /// The racks' own power conversion.
    pub fn rack(&self) -> RackSupply {
        self.rack
    }

    /// The critical (IT) path, from the load upward.
    pub fn critical(&self) -> &[Stage] {
        &self.critical
    }

    /// The stages that carry only the cooling and house loads, from the low-voltage bus upward.
    pub fn auxiliary(&self) -> &[Stage] {
        &self.auxiliary
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
    ///   0.2 %, load loss 1 %;
    /// * the racks on their catalog AC power shelves ([`RackSupply::CATALOG_SHELF`]).
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
    pub fn reference(it_capacity: Power, ups: Redundancy) -> Result<Self> {
        let it = power_positive("it_capacity", it_capacity)?;
        let f = Fraction::new;
        let pdu_rating = Power::new::<kilowatt>(400.0);
        let ups_rating = Power::new::<kilowatt>(1250.0);
        let ups_units = ups.installed_for(units_for(it, it, ups_rating)?)?;
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
                UnitGroup::new(units_for(it, it, pdu_rating)?, Redundancy::N)?,
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
        let shared = vec![mv_lv_transformers(it, it * 1.5)?];
        Self::new(critical, shared)
    }

    /// A reference 800 V DC chain sized for `it_capacity` of IT (at the racks' 800 V input),
    /// after NVIDIA's 800 V DC architecture; the figures are published values where there are
    /// any, planning defaults otherwise:
    ///
    /// * the racks on 800 → 54 V DC/DC converters at 98 % ([`RackSupply::dc_dc_800v`]);
    /// * 800 V DC busways of 1.2 MW (1,500 A busducts at 800 V, as in NVIDIA's reference block),
    ///   N, without losses: conductor I²R is left out of both reference chains (at NVIDIA's
    ///   published conductor use it costs about the same per metre of run at 415 V AC as at
    ///   800 V DC; `docs/models.md`);
    /// * MV rectifiers of 3.5 MW from medium voltage to 800 V DC under `rectifiers` (NVIDIA's
    ///   reference block runs 5 to carry 4: `"5N/4"`), ≥ 98.5 % efficient, a constant 98.5 %
    ///   as no load curve is published;
    /// * no UPS: storage sits on the 800 V bus and passes no power in normal operation;
    /// * auxiliary MV/LV transformers of 2.5 MW, N+1, for the cooling and house loads only,
    ///   sized for 0.5 × the IT capacity (the AC reference's 1.5 × IT less the IT), with the AC
    ///   reference's losses (no-load 0.2 %, load loss 1 %).
    ///
    /// ```
    /// use dcplan::electrical::{Distribution, ElectricalChain, RackSupplyKind, StageKind};
    /// use dcplan::units::*;
    /// use dcplan::Redundancy;
    /// let it = Power::new::<megawatt>(95.0);
    /// let five_for_four = Redundancy::Distributed { systems: 5, carrying: 4 };
    /// let dc = ElectricalChain::reference_dc(it, five_for_four)?;
    /// assert_eq!(dc.distribution(), Distribution::Dc800);
    /// assert_eq!(dc.rack().kind(), RackSupplyKind::DcDc);
    /// let rectifiers = dc.critical().iter().find(|s| s.kind() == StageKind::Rectifier).unwrap();
    /// assert_eq!(rectifiers.units().installed(), 35); // 7 blocks of 5 for ⌈95 / 3.5⌉ = 28
    /// assert!(dc.position(StageKind::Ups).is_none());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// - J. Huntington and M. Tu, *800 VDC Architecture for Next-Generation AI Infrastructure*,
    ///   NVIDIA (October 2025): MV rectifier / SST ≥ 98.5 % efficient, up to 7.5 MVA per unit;
    ///   reference block of 5 × 3.5 MW rectifiers "5 to make 4", a 5,000 A DC board and
    ///   1,500 A busducts (read through secondary summaries: Citi research note, July 2026;
    ///   github.com/MikeYangJY/Data_Center, `notes/800vdc`).
    /// - P. Scalia (Renesas), PEI presentation: 800 → 50 V DC/DC at 98 %.
    /// - MV/LV transformers: as [`ElectricalChain::reference`] (DOE 10 CFR 431.196).
    pub fn reference_dc(it_capacity: Power, rectifiers: Redundancy) -> Result<Self> {
        let it = power_positive("it_capacity", it_capacity)?;
        let busway_rating = Power::new::<kilowatt>(1200.0);
        let rectifier_rating = Power::new::<kilowatt>(3500.0);
        let critical = vec![
            Stage::new(
                "800 V DC busways",
                StageKind::Busway,
                busway_rating,
                UnitGroup::new(units_for(it, it, busway_rating)?, Redundancy::N)?,
                LossCurve::LOSSLESS,
            )?,
            Stage::new(
                "MV rectifiers",
                StageKind::Rectifier,
                rectifier_rating,
                UnitGroup::new(
                    rectifiers.installed_for(units_for(it, it, rectifier_rating)?)?,
                    rectifiers,
                )?,
                LossCurve::constant(Efficiency::new(0.985)?),
            )?,
        ];
        let auxiliary = vec![mv_lv_transformers(it, it * 0.5)?];
        Self::with_layout(
            Distribution::Dc800,
            RackSupply::dc_dc_800v(),
            critical,
            auxiliary,
            Vec::new(),
        )
    }

    /// Index into [`Self::critical`] of the first stage of `kind`.
    pub fn position(&self, kind: StageKind) -> Option<usize> {
        self.critical.iter().position(|s| s.kind == kind)
    }
}

/// Units of `unit` rating that carry `load`, at least one; `it` names the capacity in the
/// error for an absurd one.
fn units_for(it: Power, load: Power, unit: Power) -> Result<u32> {
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
}

/// The reference chains' MV/LV transformers: 2.5 MW units, N+1, sized for `load`; no-load loss
/// 0.2 %, load loss 1 %.
fn mv_lv_transformers(it: Power, load: Power) -> Result<Stage> {
    let rating = Power::new::<kilowatt>(2500.0);
    Stage::new(
        "MV/LV transformers",
        StageKind::Transformer,
        rating,
        UnitGroup::new(units_for(it, load, rating)? + 1, Redundancy::NPlus(1))?,
        LossCurve::transformer(Fraction::new(0.002)?, Fraction::new(0.01)?),
    )
}

/// Checks that the critical path and the racks' supply fit the distribution (see
/// [`ElectricalChain::with_layout`]).
fn check_layout(distribution: Distribution, rack: &RackSupply, critical: &[Stage]) -> Result<()> {
    let rectifiers: Vec<usize> = critical
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Rectifier)
        .map(|(i, _)| i)
        .collect();
    let wrong_rack = |expected: RackSupplyKind| {
        Error::inconsistent(
            "electrical.rack",
            format!(
                "the racks' supply is an {}, but the distribution is {distribution}: an {distribution} chain feeds racks through an {expected}",
                rack.kind()
            ),
        )
    };
    match distribution {
        Distribution::Ac => {
            if let Some(&i) = rectifiers.first() {
                return Err(Error::inconsistent(
                    &stage_field("critical", i, "kind"),
                    format!(
                        "'{}' is a rectifier, but the distribution is AC: set distribution = \"800 V DC\" for a DC chain",
                        critical[i].name
                    ),
                ));
            }
            if rack.kind() != RackSupplyKind::AcShelf {
                return Err(wrong_rack(RackSupplyKind::AcShelf));
            }
        }
        Distribution::Dc800 => {
            let Some(&top) = rectifiers.first() else {
                return Err(Error::missing(
                    "electrical.critical",
                    "an 800 V DC chain needs a rectifier on its critical path (kind = \"rectifier\": an MV rectifier or a solid-state transformer)",
                ));
            };
            if let Some(&i) = rectifiers.get(1) {
                return Err(Error::inconsistent(
                    &stage_field("critical", i, "kind"),
                    format!(
                        "more than one rectifier ('{}' and '{}'): an 800 V DC chain converts AC to DC once",
                        critical[top].name, critical[i].name
                    ),
                ));
            }
            if let Some((i, s)) = critical[..top]
                .iter()
                .enumerate()
                .find(|(_, s)| !s.kind.carries_dc())
            {
                return Err(Error::inconsistent(
                    &stage_field("critical", i, "kind"),
                    format!(
                        "'{}' ({}) is below the rectifier '{}', on the 800 V DC side, where only busways and switchgear stand",
                        s.name, s.kind, critical[top].name
                    ),
                ));
            }
            if rack.kind() != RackSupplyKind::DcDc {
                return Err(wrong_rack(RackSupplyKind::DcDc));
            }
        }
    }
    Ok(())
}
