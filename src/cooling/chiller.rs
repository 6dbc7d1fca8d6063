//! Vapour-compression chillers: the compressor stage of a plant, between the loop and its
//! sink, with a COP that follows the lift (leaving chilled water, entering condenser air or
//! water) and the part-load ratio along published performance curves.

use crate::curves::limit;
use crate::error::{Error, Result};
use crate::units::*;

/// How a chiller's condenser is cooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condenser {
    /// Air-cooled: the condenser coil sees the outdoor dry-bulb.
    Air,
    /// Water-cooled: condenser water comes from the plant's sink (tower, dry cooler, sea) at
    /// `T_ref + approach`.
    Water,
}

/// A chiller's performance curves in the form of EnergyPlus `Chiller:Electric:EIR`: the
/// electric input ratio against temperatures (EIRFT, a biquadratic in the leaving chilled water
/// `x` and the entering condenser air or water `y`, both °C) and against the part-load ratio
/// (EIRFPLR, a quadratic), each input clamped to the range of its data, with the point they
/// were rated at and the part-load ratio below which the chiller cycles.
///
/// Two published records are built in (coefficients in `docs/models.md`, "Chiller"):
///
/// | record | condenser | rated at (x, y) | x range | y range | PLR range | min PLR |
/// |---|---|---|---|---|---|---|
/// | [`ChillerCurves::YORK_YT_1055`] | water (centrifugal) | 6.67, 29.44 °C | 4.44–8.89 | 12.78–35 | 0.10–1.05 | 0.10 |
/// | [`ChillerCurves::AIR_COOLED_90_1_2019`] | air | 6.67, 35 °C | 5–10 | 12.7–51.67 | 0–1 | 0.10 |
///
/// The capacity curve (CAPFT) is not used: a loop's unit capacity is the chillers' capacity
/// at every hour (`docs/models.md`, "Not modelled").
///
/// ```
/// use dcplan::cooling::ChillerCurves;
/// let york = ChillerCurves::YORK_YT_1055;
/// assert_eq!(york.name(), "York YT 1055kW/5.96COP/Vanes");
/// // The curves at their own rating point (EnergyPlus uses them as given; dcplan divides).
/// assert!((york.eir_ft(6.67, 29.44) - 1.008_963).abs() < 1e-6);
/// assert_eq!(york.eir_ft(20.0, 5.0), york.eir_ft(8.89, 12.78)); // clamped to the data
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Curve inputs are °C (`x`, `y`) and the part-load ratio (plain share of the chiller's
/// capacity); outputs are dimensionless modifiers of the rated electric input ratio 1/COP.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Chillers" → "Electric Chiller Model Based on Condenser
///   Entering Temperature" (`Chiller:Electric:EIR`; NREL/EnergyPlus commit 114972aa640a):
///   `P = Q_avail/COP_ref · EIRFT(x, y) · EIRFPLR(PLR) · min(PLR/PLR_min, 1)`; inputs outside a
///   curve's limits are replaced by the nearest limit (Input Output Reference, "Group –
///   Performance Curves").
/// - York YT 1055 kW/5.96 COP/Vanes (centrifugal, R-123, inlet vanes): NREL/EnergyPlus
///   `datasets/Chillers.idf` (commit 073d9a9098ab), object "ElectricEIRChiller York YT
///   1055kW/5.96COP/Vanes", from the CoolTools project's 1991–2001 chiller data.
/// - ASHRAE 90.1 air-cooled chiller, Path A: NREL openstudio-standards
///   `ashrae_90_1.curves.json` (commit 0548f6ddc53e), curves
///   `AirCooled_Chiller_2010_PathA_CAPFT`/`_EIRFT` and
///   `AirCooled_Chiller_AllCapacities_2004_2010_EIRFPLR` ("based on Dick Lord's study dated
///   January 17, 2010"), assigned to 90.1-2019 air-cooled chillers in
///   `ashrae_90_1_2019.chillers.json` (commit 748ed13ea5ab). Minimum PLR 0.1 is EnergyPlus's
///   default for `Chiller:Electric:EIR`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChillerCurves {
    name: &'static str,
    /// EIRFT `c0 … c5` in `x` (leaving chilled water) and `y` (entering condenser), °C.
    eir_ft: [f64; 6],
    chilled_water: (f64, f64),
    condenser: (f64, f64),
    /// EIRFPLR `a + b·p + c·p²`.
    eir_fplr: [f64; 3],
    part_load: (f64, f64),
    min_part_load: f64,
    /// The rating point (x, y), °C.
    rated: (f64, f64),
}

impl ChillerCurves {
    /// Water-cooled centrifugal chiller with inlet vanes (York YT, 1,055 kW, COP 5.96 at
    /// 6.67 °C leaving chilled water and 29.44 °C entering condenser water). Sources on the
    /// type.
    pub const YORK_YT_1055: ChillerCurves = ChillerCurves {
        name: "York YT 1055kW/5.96COP/Vanes",
        eir_ft: [
            5.245110E-01,
            -2.850126E-02,
            8.034720E-04,
            1.893133E-02,
            1.151629E-04,
            -9.340642E-05,
        ],
        chilled_water: (4.44, 8.89),
        condenser: (12.78, 35.0),
        eir_fplr: [2.619878E-01, 2.393605E-01, 4.988306E-01],
        part_load: (0.10, 1.05),
        min_part_load: 0.10,
        rated: (6.67, 29.44),
    };

    /// Air-cooled chiller of ASHRAE 90.1-2019 Path A (all capacities; rated at 6.67 °C
    /// leaving chilled water and 35 °C outdoor air, AHRI 550/590). Sources on the type.
    pub const AIR_COOLED_90_1_2019: ChillerCurves = ChillerCurves {
        name: "ASHRAE 90.1-2019 air-cooled chiller, Path A",
        eir_ft: [
            0.5961915, -0.0099496, 0.0007888, 0.0004506, 0.0004875, -0.0007623,
        ],
        chilled_water: (5.0, 10.0),
        condenser: (12.7, 51.67),
        eir_fplr: [0.141, 0.655, 0.203],
        part_load: (0.0, 1.0),
        min_part_load: 0.10,
        rated: (6.67, 35.0),
    };

    /// The record's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// EIRFT at leaving chilled water `x` and entering condenser `y` (°C), each clamped to
    /// the range of the data.
    pub fn eir_ft(&self, x: f64, y: f64) -> f64 {
        let c = &self.eir_ft;
        let x = limit(x, self.chilled_water.0, self.chilled_water.1);
        let y = limit(y, self.condenser.0, self.condenser.1);
        c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y
    }

    /// EIRFPLR at part-load ratio `p`, clamped to the range of the data.
    pub fn eir_fplr(&self, p: f64) -> f64 {
        let [a, b, c] = self.eir_fplr;
        let p = limit(p, self.part_load.0, self.part_load.1);
        a + b * p + c * p * p
    }

    /// Chilled water `x` (°C) brought within the data, and by how much it moved (`x − x'`):
    /// the condenser input moves by as much, so the lift is kept ([`Chiller`]).
    fn chilled_water_in_data(&self, x: f64) -> (f64, f64) {
        let inside = limit(x, self.chilled_water.0, self.chilled_water.1);
        (inside, x - inside)
    }

    /// The part-load ratio of best COP, `p* = √(a/c)` for EIRFPLR `a + b·p + c·p²` (where
    /// `EIRFPLR(p)/p` is least), kept within the minimum part-load ratio and 1: a plant runs
    /// as many chillers as keep each near it ([`Chiller`], "Plant").
    fn best_part_load(&self) -> f64 {
        let [a, _, c] = self.eir_fplr;
        let p = if a > 0.0 && c > 0.0 {
            (a / c).sqrt()
        } else {
            1.0
        };
        limit(p, self.min_part_load.max(self.part_load.0), 1.0)
    }
}

/// A vapour-compression chiller: a rated COP (user-settable) and the performance curves that
/// shape it with lift and part load ([`ChillerCurves`]). The curves are normalised at their
/// rating point, so the chiller's COP there at full load is exactly its rated COP:
///
/// ```text
/// COP(x, y, p) = COP_rated · [EIRFT(x_r, y_r)·EIRFPLR(1)] / [EIRFT(x, y)·EIRFPLR(p')] · p'
/// p' = max(p, PLR_min)          (below PLR_min it cycles, at the COP of PLR_min)
/// ```
///
/// `x` is the leaving chilled water (the loop's facility supply), `y` the entering condenser
/// air (outdoor dry-bulb) or water (the sink's leaving water, `T_ref + approach`). Inside the
/// data they are used as given. Chilled water beyond the data (a liquid loop's 30 °C facility
/// water, where the records stop at 8.89 °C and 10 °C) is taken at the edge of the data **at
/// the same lift** `y − x`: `(x, y) → (x_edge, y − (x − x_edge))` — the compressor works against
/// the lift, and clamping `x` alone would rate a 30 °C chiller as if it made 10 °C water. The
/// condenser input is then clamped to its range as EnergyPlus does, so the COP stops rising
/// where the data end: the York centrifugal reaches COP 10.28 at its smallest lift with a 5.96
/// rating, the air-cooled record 5.26 with a 2.96 rating.
///
/// ```
/// use dcplan::cooling::{Chiller, Condenser};
/// use dcplan::units::*;
/// // Water-cooled centrifugal (York YT curves) rated at COP 5.96.
/// let ch = Chiller::ahri(Condenser::Water, Cop::new(5.96)?)?;
/// let cop = |x, y, p| ch.cop(celsius(x), celsius(y), Fraction::new(p)?);
/// assert!((cop(6.67, 29.44, 1.0)?.get() - 5.96).abs() < 1e-12);
/// // Warm chilled water, cold condenser water: the smallest lift in the data.
/// assert!((cop(26.8, 12.0, 1.0)?.get() - 10.2833).abs() < 1e-4);
/// // Half load at the rating point: a little less efficient.
/// assert!((cop(6.67, 29.44, 0.5)?.get() - 5.8860).abs() < 1e-4);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// **Plant.** A loop's chillers share its load `Q_m` (W) in the manner of EnergyPlus's
/// "Optimal" load distribution (each chiller loaded to its optimum part-load ratio, the rest
/// shared by all): as many run as keep each at the part-load ratio of best COP `p*` on its
/// curve ([`ChillerCurves`]; 0.725 York, 0.833 air-cooled — the York record's own "optimum PLR"
/// field says 1.0), the count taken as continuous (a chiller below `p*` runs at `p*` part of
/// the hour), until all installed units run and the ratio rises above `p*`:
/// `PLR = max(p*, Q_m/Q_installed)`. Staging and cycling losses below `p*` are not modelled.
///
/// # Units
///
/// Temperatures are absolute quantities, converted to °C for the curves; the part-load ratio
/// is the chiller's load over its capacity; COP is heat removed from the chilled water per unit
/// of compressor electricity (W/W).
///
/// # References
///
/// - [`ChillerCurves`] (EnergyPlus `Chiller:Electric:EIR`, the York YT and ASHRAE 90.1 records).
/// - EnergyPlus Input Output Reference, `PlantLoop`, "Load Distribution Scheme" → `Optimal`
///   (`PlantCondLoopOperation.cc`): each component loaded to its optimum part-load ratio, the
///   remaining load distributed over all.
/// - AHRI Standard 550/590, standard rating conditions: 6.7 °C (44 °F) leaving chilled water,
///   29.4 °C (85 °F) entering condenser water, 35 °C (95 °F) entering condenser air.
/// - `docs/models.md`, "Cooling plants" → "Chiller".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chiller {
    rated_cop: Cop,
    condenser: Condenser,
    curves: ChillerCurves,
}

impl Chiller {
    /// A chiller of `condenser` kind rated at `rated_cop` at the rating point of `curves`.
    /// Fails if the rated COP is not below the Carnot COP between the rated leaving chilled
    /// water and entering condenser temperatures.
    pub fn new(rated_cop: Cop, condenser: Condenser, curves: ChillerCurves) -> Result<Self> {
        let (x, y) = curves.rated;
        let carnot = (x + 273.15) / (y - x);
        if rated_cop.get() >= carnot {
            return Err(Error::inconsistent(
                "chiller.rated_cop",
                format!(
                    "COP {} at {x} °C chilled water and {y} °C condenser would beat the Carnot COP {carnot:.2}",
                    rated_cop.get()
                ),
            ));
        }
        Ok(Self {
            rated_cop,
            condenser,
            curves,
        })
    }

    /// A chiller of `condenser` kind rated at `rated_cop` at AHRI 550/590 standard conditions
    /// (6.7 °C chilled water; 29.4 °C condenser water or 35 °C outdoor air), shaped by the
    /// built-in record for its kind: [`ChillerCurves::YORK_YT_1055`] (water-cooled) or
    /// [`ChillerCurves::AIR_COOLED_90_1_2019`] (air-cooled).
    pub fn ahri(condenser: Condenser, rated_cop: Cop) -> Result<Self> {
        let curves = match condenser {
            Condenser::Air => ChillerCurves::AIR_COOLED_90_1_2019,
            Condenser::Water => ChillerCurves::YORK_YT_1055,
        };
        Self::new(rated_cop, condenser, curves)
    }

    /// The planning-default chiller of the presets, rated at AHRI conditions: air-cooled COP
    /// 3.0, water-cooled centrifugal COP 6.1. Both are planning defaults near the ASHRAE
    /// 90.1-2019 Path A full-load minima (see References); pass the real chiller's rating.
    ///
    /// ```
    /// use dcplan::cooling::{Chiller, Condenser};
    /// let ch = Chiller::reference(Condenser::Water)?;
    /// assert_eq!(ch.rated_cop().get(), 6.1);
    /// assert_eq!(Chiller::reference(Condenser::Air)?.rated_cop().get(), 3.0);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// ANSI/ASHRAE/IES Standard 90.1-2019, Table 6.8.1-3 (Path A), as encoded in NREL
    /// openstudio-standards (`ashrae_90_1_2019.chillers.json`): air-cooled 1.188 kW/ton
    /// (COP 2.96), water-cooled centrifugal 0.56 kW/ton (COP 6.28) at 150 tons and above.
    /// COP = 3.516853 / (kW/ton).
    pub fn reference(condenser: Condenser) -> Result<Self> {
        let cop = match condenser {
            Condenser::Air => 3.0,
            Condenser::Water => 6.1,
        };
        Self::ahri(condenser, Cop::new(cop)?)
    }

    /// Rated COP.
    pub fn rated_cop(&self) -> Cop {
        self.rated_cop
    }
    /// How the condenser is cooled.
    pub fn condenser(&self) -> Condenser {
        self.condenser
    }
    /// The performance curves.
    pub fn curves(&self) -> &ChillerCurves {
        &self.curves
    }

    /// COP of one chiller supplying `supply` with condenser air or water entering at
    /// `condenser_in`, at part-load ratio `part_load`, capped at 100 (the largest [`Cop`]).
    /// Fails if either temperature is outside −100 … 200 °C.
    ///
    /// # Units
    ///
    /// `supply`: leaving chilled water (the loop's facility supply); `condenser_in`: entering
    /// condenser air (outdoor dry-bulb) or water, as on the type; `part_load`: the chiller's
    /// load over its capacity.
    pub fn cop(
        &self,
        supply: ThermodynamicTemperature,
        condenser_in: ThermodynamicTemperature,
        part_load: Fraction,
    ) -> Result<Cop> {
        let at = |e: Error| e.at("chiller");
        let x = to_celsius(temperature("supply", supply).map_err(at)?);
        let y = to_celsius(temperature("condenser_in", condenser_in).map_err(at)?);
        let c = &self.curves;
        let p = part_load.get().max(c.min_part_load);
        let (x, shift) = c.chilled_water_in_data(x);
        let eir = self.inv_rated() * c.eir_ft(x, y - shift) * c.eir_fplr(p) / p;
        Ok(Cop::capped(1.0 / eir))
    }

    /// `1/(COP_rated·EIRFT(x_r, y_r)·EIRFPLR(1))`: the normalised rated electric input ratio.
    fn inv_rated(&self) -> f64 {
        let c = &self.curves;
        let (x, y) = c.rated;
        1.0 / (self.rated_cop.get() * c.eir_ft(x, y) * c.eir_fplr(1.0))
    }

    /// The chiller plant supplying at `supply_k` (K), reduced to the constants of its hourly
    /// arithmetic, for a plant of `q_installed_w` (W) installed capacity.
    pub(crate) fn at_supply(&self, supply_k: f64, q_installed_w: f64) -> ChillerAtSupply {
        let c = &self.curves;
        let (x, shift) = c.chilled_water_in_data(supply_k - 273.15);
        let e = &c.eir_ft;
        let k = self.inv_rated();
        let [a, b, q] = c.eir_fplr;
        let best = c.best_part_load();
        ChillerAtSupply {
            air_condenser: self.condenser == Condenser::Air,
            eir_y: [
                k * (e[0] + e[1] * x + e[2] * x * x),
                k * (e[3] + e[5] * x),
                k * e[4],
            ],
            condenser: c.condenser,
            lift_shift: shift,
            fplr: [a, b, q],
            best_part_load: best,
            best_ratio: c.eir_fplr(best) / best,
            q_installed: q_installed_w,
            inv_q_installed: 1.0 / q_installed_w,
            inv_rated_duty: 1.0 / (q_installed_w * (1.0 + 1.0 / self.rated_cop.get())),
        }
    }
}

/// A chiller plant at a fixed supply temperature, ready for the hourly arithmetic: its
/// compressor power at condenser inlet `y` (°C) and load `Q_m` (W) is
/// `P = Q_m · EIR(y) · EIRFPLR(p)/p`, `p = max(p*, Q_m/Q_installed)` (see [`Chiller`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ChillerAtSupply {
    pub(crate) air_condenser: bool,
    /// EIRFT at the supply as a quadratic in `y`, times the normalised rated EIR.
    eir_y: [f64; 3],
    condenser: (f64, f64),
    /// How far the chilled water lies beyond the data (°C): the condenser input moves by as
    /// much, keeping the lift.
    lift_shift: f64,
    fplr: [f64; 3],
    best_part_load: f64,
    /// `EIRFPLR(p*)/p*`.
    best_ratio: f64,
    q_installed: f64,
    inv_q_installed: f64,
    /// `1/(Q_installed·(1 + 1/COP_rated))`: condenser duty per watt at rated conditions.
    pub(crate) inv_rated_duty: f64,
}

impl ChillerAtSupply {
    /// The temperature part of the electric input ratio with condenser air or water entering
    /// at `condenser_in_k` (K): `EIRFT(x, y)/(COP_rated·norm)`.
    #[inline]
    pub(crate) fn eir(&self, condenser_in_k: f64) -> f64 {
        let y = limit(
            condenser_in_k - 273.15 - self.lift_shift,
            self.condenser.0,
            self.condenser.1,
        );
        let [a, b, c] = self.eir_y;
        a + (b + c * y) * y
    }

    /// The part-load ratio the chillers run at with load `q_m` (W).
    #[inline]
    fn part_load(&self, q_m: f64) -> f64 {
        (q_m * self.inv_q_installed).max(self.best_part_load)
    }

    /// `1/COP` of the plant at load `q_m` (W) with temperature factor `eir` ([`Self::eir`]).
    #[inline]
    pub(crate) fn inv_cop(&self, eir: f64, q_m: f64) -> f64 {
        let p = self.part_load(q_m);
        if p == self.best_part_load {
            eir * self.best_ratio
        } else {
            let [a, b, c] = self.fplr;
            eir * (a + (b + c * p) * p) / p
        }
    }

    /// The marginal compressor power per watt of load, `dP/dQ_m`, at temperature factor `eir`
    /// ([`Self::eir`]): constant while the chillers stage at `p*` (`Q_m ≤ p*·Q_installed`), then
    /// `eir·EIRFPLR'(p)`, rising with the part-load ratio.
    #[inline]
    pub(crate) fn marginal(&self, eir: f64) -> Marginal {
        let [_, b, c] = self.fplr;
        let knee = self.best_part_load * self.q_installed;
        Marginal {
            staged: eir * self.best_ratio,
            at_knee: eir * (b + 2.0 * c * self.best_part_load),
            slope: 2.0 * c * eir * self.inv_q_installed,
            knee,
        }
    }
}

/// A chiller plant's marginal compressor power per watt of load `m(Q_m)` (W/W): `staged` up
/// to `knee` (W), `at_knee + slope·(Q_m − knee)` above (convex: `at_knee ≥ staged`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Marginal {
    pub(crate) staged: f64,
    pub(crate) at_knee: f64,
    /// W/W per W.
    pub(crate) slope: f64,
    pub(crate) knee: f64,
}
