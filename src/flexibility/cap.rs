//! GPU power caps: static provisioning and dynamic capping, and throughput under a cap.

use crate::error::{Error, Result};
use crate::units::*;

/// Relative throughput of an accelerator under a power cap, as a piecewise-linear table of
/// (cap as a fraction of the accelerator's maximum power, throughput as a fraction of the
/// uncapped throughput), ending at (1, 1). Between points it interpolates linearly; below the
/// first point it runs linearly to (0, 0).
///
/// ```
/// use dcplan::flexibility::ThroughputCurve;
/// use dcplan::units::Fraction;
/// let zeus = ThroughputCurve::zeus_v100();
/// // Capped at 80 % of its maximum, the V100 trains BERT at 94 % of its uncapped speed.
/// assert!((zeus.at(Fraction::new(0.8)?).get() - 0.940).abs() < 1e-12);
/// assert!((zeus.at(Fraction::new(0.75)?).get() - 0.917).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Both axes are plain fractions: the cap over the accelerator's maximum power, the
/// throughput over its uncapped throughput.
///
/// # References
///
/// J. You, J.-W. Chung, M. Chowdhury, "Zeus: Understanding and Optimizing GPU Energy
/// Consumption of DNN Training", USENIX NSDI 2023, pp. 119–139; trace data
/// `github.com/ml-energy/zeus`,
/// `examples/research_reproducibility/zeus_nsdi23/trace/summary_power_{v100,a40}.csv`: time per
/// epoch at each power limit, BERT-base fine-tuned on SQuAD, batch 32. Throughput ratio =
/// t_epoch(max) / t_epoch(cap). Curves for A100, H100 and GB200 could not be extracted from
/// published data; the MLPerf Inference v4.1 MaxQ configurations (≈ 0.83 of the throughput at
/// 64–71 % of TDP on Hopper) and the Emerald AI power-flexibility index (1.1–2.7) both
/// suggest less loss than the V100 curve, which is therefore a conservative default.
/// `docs/models.md`, "Flexibility".
#[derive(Clone, Debug, PartialEq)]
pub struct ThroughputCurve {
    points: Vec<(f64, f64)>,
}

/// Zeus NSDI'23, V100 (250 W limit), BERT-base on SQuAD, batch 32.
const ZEUS_V100: [(f64, f64); 7] = [
    (0.40, 0.484),
    (0.50, 0.634),
    (0.60, 0.780),
    (0.70, 0.894),
    (0.80, 0.940),
    (0.90, 0.976),
    (1.00, 1.000),
];

/// Zeus NSDI'23, A40 (300 W limit), BERT-base on SQuAD, batch 32.
const ZEUS_A40: [(f64, f64); 9] = [
    (100.0 / 300.0, 0.246),
    (125.0 / 300.0, 0.382),
    (150.0 / 300.0, 0.573),
    (175.0 / 300.0, 0.786),
    (200.0 / 300.0, 0.885),
    (225.0 / 300.0, 0.940),
    (250.0 / 300.0, 0.973),
    (275.0 / 300.0, 0.996),
    (1.0, 1.000),
];

impl ThroughputCurve {
    /// A curve from its points: cap fractions strictly increasing in (0, 1], throughputs in
    /// [0, 1] and non-decreasing, the last point (1, 1).
    pub fn new(points: Vec<(f64, f64)>) -> Result<Self> {
        let field = "throughput_curve";
        let Some(&(last_cap, last_throughput)) = points.last() else {
            return Err(Error::missing(field, "at least the point (1, 1)"));
        };
        if last_cap != 1.0 || last_throughput != 1.0 {
            return Err(Error::inconsistent(
                field,
                format!("the last point must be (1, 1), found ({last_cap}, {last_throughput})"),
            ));
        }
        let mut previous = (0.0, 0.0);
        for &(cap, throughput) in &points {
            let ok = cap.is_finite()
                && throughput.is_finite()
                && cap > previous.0
                && throughput >= previous.1
                && throughput <= 1.0;
            if !ok {
                return Err(Error::inconsistent(
                    field,
                    format!(
                        "points must rise in cap (0 … 1] and not fall in throughput (0 … 1]; ({cap}, {throughput}) follows ({}, {})",
                        previous.0, previous.1
                    ),
                ));
            }
            previous = (cap, throughput);
        }
        Ok(Self { points })
    }

    /// The default: a V100 training BERT-base (Zeus, NSDI 2023), conservative for newer GPUs
    /// (see the type's references).
    pub fn zeus_v100() -> Self {
        Self {
            points: ZEUS_V100.to_vec(),
        }
    }

    /// An A40 training BERT-base (Zeus, NSDI 2023).
    pub fn zeus_a40() -> Self {
        Self {
            points: ZEUS_A40.to_vec(),
        }
    }

    /// Relative throughput at a cap of `cap` times the accelerator's maximum power.
    pub fn at(&self, cap: Fraction) -> Fraction {
        let x = cap.get();
        let mut previous = (0.0, 0.0);
        for &(c, t) in &self.points {
            if x <= c {
                let share = (x - previous.0) / (c - previous.0);
                return Fraction::clamped(previous.1 + share * (t - previous.1));
            }
            previous = (c, t);
        }
        Fraction::ONE
    }
}

impl Default for ThroughputCurve {
    fn default() -> Self {
        Self::zeus_v100()
    }
}

/// How the accelerators' power is capped.
///
/// - **Static** (`provisioned`): every rack always runs at the cap, as Meta provisions GB200 at
///   960 W of 1,200 W. It lowers the racks' design power, so it relieves every constraint the
///   racks load: UPS and PDU ratings, hall power limits, cooling and the grid.
/// - **Dynamic** (`floor`): the cap is lowered only in the hours that need it, down to the
///   floor. Since the racks are still built for their full power, it relieves only the hourly
///   constraints: the grid, the substation and the cooling loops.
///
/// # Units
///
/// Electric power per accelerator (W).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GpuCap {
    provisioned: Option<Power>,
    floor: Option<Power>,
    throughput: ThroughputCurve,
}

impl GpuCap {
    /// No cap: accelerators draw their full power, always.
    pub fn none() -> Self {
        Self::default()
    }

    /// The same caps with every accelerator provisioned at `cap` (static capping).
    pub fn provisioned(mut self, cap: Power) -> Result<Self> {
        self.provisioned = Some(positive_per_gpu("cap.provisioned", cap)?);
        self.check()
    }

    /// The same caps with dynamic capping down to `floor` in the hours that need it.
    pub fn floor(mut self, floor: Power) -> Result<Self> {
        self.floor = Some(positive_per_gpu("cap.floor", floor)?);
        self.check()
    }

    /// The same caps with another throughput curve.
    pub fn with_throughput(mut self, curve: ThroughputCurve) -> Self {
        self.throughput = curve;
        self
    }

    fn check(self) -> Result<Self> {
        if let (Some(p), Some(f)) = (self.provisioned, self.floor)
            && f > p
        {
            return Err(Error::inconsistent(
                "cap.floor",
                format!(
                    "the floor {} W is above the provisioned cap {} W",
                    f.get::<watt>(),
                    p.get::<watt>()
                ),
            ));
        }
        Ok(self)
    }

    /// The static cap per accelerator, if any.
    pub fn provisioned_cap(&self) -> Option<Power> {
        self.provisioned
    }

    /// The dynamic floor per accelerator, if any.
    pub fn dynamic_floor(&self) -> Option<Power> {
        self.floor
    }

    /// The throughput curve.
    pub fn throughput(&self) -> &ThroughputCurve {
        &self.throughput
    }
}

fn positive_per_gpu(field: &str, p: Power) -> Result<Power> {
    let w = p.get::<watt>();
    if w.is_finite() && w > 0.0 {
        Ok(p)
    } else {
        Err(Error::out_of_range(
            field,
            w,
            "W",
            "above 0 W per accelerator",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn zeus_tables_interpolate_through_their_points() {
        let v100 = ThroughputCurve::zeus_v100();
        for (c, t) in ZEUS_V100 {
            assert_relative_eq!(v100.at(Fraction::new(c).unwrap()).get(), t, epsilon = 1e-12);
        }
        // Below the first point, linearly to the origin: 0.2 → 0.484 / 2.
        assert_relative_eq!(
            v100.at(Fraction::new(0.2).unwrap()).get(),
            0.242,
            epsilon = 1e-12
        );
        let a40 = ThroughputCurve::zeus_a40();
        assert_relative_eq!(
            a40.at(Fraction::new(0.5).unwrap()).get(),
            0.573,
            epsilon = 1e-12
        );
        assert_eq!(a40.at(Fraction::ONE), Fraction::ONE);
    }

    #[test]
    fn bad_curves_and_caps_are_refused() {
        assert!(ThroughputCurve::new(vec![(0.5, 0.6)]).is_err());
        assert!(ThroughputCurve::new(vec![(0.5, 0.9), (0.6, 0.8), (1.0, 1.0)]).is_err());
        assert!(ThroughputCurve::new(vec![(0.6, 0.9), (0.5, 0.95), (1.0, 1.0)]).is_err());
        assert!(ThroughputCurve::new(vec![(0.5, 0.7), (1.0, 1.0)]).is_ok());
        assert!(GpuCap::none().provisioned(watts(0.0)).is_err());
        let err = GpuCap::none()
            .provisioned(watts(900.0))
            .unwrap()
            .floor(watts(950.0))
            .unwrap_err();
        assert!(err.to_string().contains("cap.floor"), "{err}");
    }
}
