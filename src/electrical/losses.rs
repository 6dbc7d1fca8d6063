//! Load-dependent losses of power-conversion equipment (UPS, transformers, PDUs, busways).
//!
//! The loss of a unit of rating `R` delivering per-unit output `x = P_out / R` is
//!
//! ```text
//! L(x) = R · (a + b·x + c·x²)        input = P_out + L,   η(x) = x / (x + a + b·x + c·x²)
//! ```
//!
//! with a no-load term `a` (fans, control, magnetising/core loss), a proportional term `b`
//! (semiconductor conduction at fixed voltage drop) and a square-law term `c` (I²R in windings
//! and cables). This is the model of N. Rasmussen, *Electrical Efficiency Modeling for Data
//! Centers*, APC/Schneider Electric White Paper 113 (2007); transformers use `a` (no-load loss)
//! and `c` (load loss) as in IEC 60076-1. Note `input = output / η`, so the loss is
//! `(1/η − 1)·P_out`, not the `(1 − η)·P_out` shortcut.

use crate::error::{Error, Result};
use crate::units::{Efficiency, Fraction};
use nalgebra::{Matrix3, Vector3};

/// Loss coefficients per unit of rating: `L(x)/R = a + b·x + c·x²`.
///
/// ```
/// use dcplan::electrical::LossCurve;
/// use dcplan::units::*;
/// // A double-conversion UPS: 94 % at 25 % load, 96 % at 50 %, 96.5 % at full load.
/// let ups = LossCurve::from_efficiencies([
///     (Fraction::new(0.25)?, Efficiency::new(0.94)?),
///     (Fraction::new(0.50)?, Efficiency::new(0.96)?),
///     (Fraction::new(1.00)?, Efficiency::new(0.965)?),
/// ])?;
/// assert!((ups.efficiency(0.5) - 0.96).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Per unit of the unit's rating `R` (plain numbers): the load `x = P_out/R` (output, not
/// input; above 1 under overload), the coefficients `a`, `b`, `c` and the loss `L/R`.
/// Efficiency is output over input, `x / (x + L/R)`.
///
/// # References
///
/// - N. Rasmussen, *Electrical Efficiency Modeling for Data Centers*, APC by Schneider
///   Electric White Paper 113: no-load, proportional and square-law losses of power and
///   cooling equipment.
/// - IEC 60076-1, *Power transformers – Part 1: General*: no-load loss and load loss, the
///   transformer's `a` and `c`.
/// - `docs/models.md`, "Electrical".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossCurve {
    no_load: f64,
    proportional: f64,
    square: f64,
}

impl LossCurve {
    /// No losses at all (an ideal conductor, or equipment left out of the model).
    pub const LOSSLESS: LossCurve = LossCurve {
        no_load: 0.0,
        proportional: 0.0,
        square: 0.0,
    };

    /// From the three coefficients, each a fraction of the unit rating.
    pub fn new(no_load: Fraction, proportional: Fraction, square: Fraction) -> Result<Self> {
        Ok(Self {
            no_load: no_load.get(),
            proportional: proportional.get(),
            square: square.get(),
        })
    }

    /// The coefficients of a fit done once, for a constant written in the code (the tests
    /// check it against [`LossCurve::from_efficiencies`] of its points).
    pub(crate) const fn fitted(no_load: f64, proportional: f64, square: f64) -> Self {
        Self {
            no_load,
            proportional,
            square,
        }
    }

    /// A constant efficiency at every load: `b = 1/η − 1`, `a = c = 0` (so the loss is
    /// `(1/η − 1)·P_out`, not `(1 − η)·P_out`).
    ///
    /// ```
    /// use dcplan::electrical::LossCurve;
    /// use dcplan::units::Efficiency;
    /// let ups = LossCurve::constant(Efficiency::new(0.95)?);
    /// assert!((ups.loss(0.8) - 0.8 * (1.0 / 0.95 - 1.0)).abs() < 1e-15);
    /// assert!((ups.efficiency(0.1) - 0.95).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn constant(efficiency: Efficiency) -> Self {
        Self {
            no_load: 0.0,
            proportional: 1.0 / efficiency.get() - 1.0,
            square: 0.0,
        }
    }

    /// A transformer: no-load (core) loss and load (copper) loss at rated load, each as a
    /// fraction of the rating (IEC 60076-1).
    ///
    /// ```
    /// use dcplan::electrical::LossCurve;
    /// use dcplan::units::Fraction;
    /// let t = LossCurve::transformer(Fraction::new(0.001)?, Fraction::new(0.007)?);
    /// assert!((t.efficiency(1.0) - 1.0 / 1.008).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn transformer(no_load_loss: Fraction, load_loss: Fraction) -> Self {
        Self {
            no_load: no_load_loss.get(),
            proportional: 0.0,
            square: load_loss.get(),
        }
    }

    /// Fits the three coefficients to three measured (per-unit load, efficiency) points, as
    /// read off a vendor's efficiency curve. The fit must give non-negative losses at every load
    /// from 0 to 1, otherwise the points are rejected.
    pub fn from_efficiencies(points: [(Fraction, Efficiency); 3]) -> Result<Self> {
        let field = "efficiency_curve";
        let xs = points.map(|(x, _)| x.get());
        if xs.iter().any(|&x| x <= 0.0) {
            return Err(Error::inconsistent(
                field,
                "efficiency points need a load above 0",
            ));
        }
        let m = Matrix3::from_fn(|r, c| xs[r].powi(c as i32));
        let losses = Vector3::from_fn(|r, _| {
            let (x, eta) = points[r];
            x.get() * (1.0 / eta.get() - 1.0)
        });
        let coefficients = m
            .lu()
            .solve(&losses)
            .ok_or_else(|| Error::inconsistent(field, "the three load points must be distinct"))?;
        let curve = Self {
            no_load: coefficients[0],
            proportional: coefficients[1],
            square: coefficients[2],
        };
        let negative = (0..=100).any(|i| curve.loss(f64::from(i) / 100.0) < -1e-12);
        if !coefficients.iter().all(|c| c.is_finite()) || negative || curve.no_load < -1e-12 {
            return Err(Error::inconsistent(
                field,
                format!(
                    "the points {:?} imply negative losses somewhere between 0 and full load",
                    points.map(|(x, e)| (x.get(), e.get()))
                ),
            ));
        }
        Ok(Self {
            no_load: curve.no_load.max(0.0),
            ..curve
        })
    }

    /// Loss per unit of rating at per-unit output load `x` (x may exceed 1 under overload).
    #[inline]
    pub fn loss(&self, x: f64) -> f64 {
        self.no_load + x * (self.proportional + x * self.square)
    }

    /// Efficiency `x / (x + loss(x))` at per-unit output load `x > 0`.
    pub fn efficiency(&self, x: f64) -> f64 {
        x / (x + self.loss(x))
    }

    /// The coefficients `(a, b, c)`.
    pub fn coefficients(&self) -> (f64, f64, f64) {
        (self.no_load, self.proportional, self.square)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn loss_is_one_over_eta_minus_one_not_one_minus_eta() {
        // A 95 % efficient unit delivering 1 p.u. draws 1/0.95 = 1.052632 p.u.:
        // loss = 0.052632, not 0.05.
        let c = LossCurve::constant(Efficiency::new(0.95).unwrap());
        assert_relative_eq!(c.loss(1.0), 1.0 / 0.95 - 1.0, max_relative = 1e-12);
        assert_relative_eq!(c.efficiency(0.3), 0.95, max_relative = 1e-12);
    }

    #[test]
    fn fit_reproduces_its_points() {
        let pts = [(0.2, 0.92), (0.5, 0.955), (1.0, 0.96)];
        let curve = LossCurve::from_efficiencies(
            pts.map(|(x, e)| (Fraction::new(x).unwrap(), Efficiency::new(e).unwrap())),
        )
        .unwrap();
        for (x, e) in pts {
            assert_relative_eq!(curve.efficiency(x), e, max_relative = 1e-12);
        }
        let (a, _, _) = curve.coefficients();
        assert!(a > 0.0, "a double-conversion UPS has no-load loss");
    }

    #[test]
    fn fit_rejects_degenerate_or_unphysical_points() {
        let f = |x| Fraction::new(x).unwrap();
        let e = |x| Efficiency::new(x).unwrap();
        assert!(
            LossCurve::from_efficiencies([(f(0.5), e(0.9)), (f(0.5), e(0.9)), (f(1.0), e(0.95))])
                .is_err()
        );
        // Efficiency falling steeply with load beyond a square law → negative no-load loss.
        assert!(
            LossCurve::from_efficiencies([(f(0.1), e(0.999)), (f(0.5), e(0.9)), (f(1.0), e(0.95))])
                .is_err()
        );
        assert!(
            LossCurve::from_efficiencies([(f(0.0), e(0.9)), (f(0.5), e(0.9)), (f(1.0), e(0.95))])
                .is_err()
        );
    }
}
