//! Performance curves and lookup tables: how an equipment's output or power changes with its
//! operating conditions, in the forms manufacturers and EnergyPlus publish them.
//!
//! A [`Curve`] maps one or two inputs (`x`, `y`) to a dimensionless modifier, following the
//! EnergyPlus *Input Output Reference*, "Group – Performance Curves" and "Group – Performance
//! Tables" (`Curve:Linear`/`Quadratic`/`Cubic`/`Quartic`, `Curve:Biquadratic`,
//! `Table:Lookup`), and the evaluation rules of EnergyPlus `CurveManager::CurveValue`:
//!
//! 1. each input is first clamped to its limits (`x_min … x_max`, `y_min … y_max`);
//! 2. polynomials are evaluated as written; tables are interpolated linearly between their grid
//!    points (bilinearly in two dimensions) and, outside the grid, extrapolated either as a
//!    constant (the nearest edge value) or linearly (the edge segment extended);
//! 3. the result is clamped to the output limits, if given.
//!
//! Inputs are plain numbers in the unit the curve was fitted in (°C, a flow fraction, a
//! part-load ratio): the model that owns a curve says which, and converts its typed quantities
//! at that boundary. Evaluation never allocates.
//!
//! ```
//! use dcplan::curves::{Axis, Curve};
//! // EIRFF of a DX coil: 1.156 − 0.1816·ff + 0.0256·ff², ff limited to 0.5 … 1.5.
//! let eirff = Curve::polynomial(&[1.156, -0.1816, 0.0256], (0.5, 1.5))?;
//! assert!((eirff.at(1.0411) - 0.994_68).abs() < 1e-5);
//! assert_eq!(eirff.at(2.0), eirff.at(1.5)); // input clamped
//!
//! // A 2 × 2 table, bilinear between the points, constant outside them.
//! let t = Curve::table_2d(Axis::new(vec![0.0, 10.0])?, Axis::new(vec![0.0, 1.0])?,
//!     vec![vec![1.0, 2.0], vec![3.0, 4.0]])?;
//! assert_eq!(t.evaluate(5.0, 0.5), 2.5);
//! assert_eq!(t.evaluate(20.0, 1.0), 4.0);
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::{Error, Result};

/// How a table continues beyond its first and last grid points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extrapolation {
    /// The value at the nearest grid point (EnergyPlus `Constant`, its default).
    Constant,
    /// The first or last segment extended (EnergyPlus `Linear`).
    Linear,
}

/// One independent variable of a lookup table: its grid points (strictly increasing), the limits
/// its input is clamped to, and how values beyond the grid are extrapolated.
///
/// ```
/// use dcplan::curves::Axis;
/// let wb = Axis::new(vec![13.0, 17.0, 19.4444, 21.0, 23.9])?.with_limits(13.0, 23.89)?;
/// assert_eq!(wb.points().len(), 5);
/// assert!(Axis::new(vec![1.0, 1.0]).is_err()); // not increasing
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    points: Vec<f64>,
    /// `1 / (points[i + 1] − points[i])`.
    inverse_steps: Vec<f64>,
    min: f64,
    max: f64,
    extrapolation: Extrapolation,
}

impl Axis {
    /// An axis through `points` (at least two, finite, strictly increasing), its input limited
    /// to the grid's range and constant extrapolation.
    pub fn new(points: Vec<f64>) -> Result<Self> {
        if points.len() < 2 {
            return Err(Error::inconsistent(
                "points",
                format!(
                    "a table axis needs at least 2 grid points, found {}",
                    points.len()
                ),
            ));
        }
        if let Some(bad) = points.iter().find(|p| !p.is_finite()) {
            return Err(Error::out_of_range("points", *bad, "", "a finite number"));
        }
        if let Some(w) = points.windows(2).find(|w| w[1] <= w[0]) {
            return Err(Error::inconsistent(
                "points",
                format!(
                    "grid points must increase strictly, found {} then {}",
                    w[0], w[1]
                ),
            ));
        }
        let (min, max) = (points[0], points[points.len() - 1]);
        Ok(Self {
            inverse_steps: points.windows(2).map(|w| 1.0 / (w[1] - w[0])).collect(),
            points,
            min,
            max,
            extrapolation: Extrapolation::Constant,
        })
    }

    /// The same axis with its input clamped to `min … max` (which may lie outside the grid;
    /// the extrapolation then applies between the grid and the limit).
    pub fn with_limits(mut self, min: f64, max: f64) -> Result<Self> {
        (self.min, self.max) = limits("limits", (min, max))?;
        Ok(self)
    }

    /// The same axis extrapolated with `extrapolation`.
    pub fn with_extrapolation(mut self, extrapolation: Extrapolation) -> Self {
        self.extrapolation = extrapolation;
        self
    }

    /// The inputs at which a piecewise-linear function of this axis can be extreme: its input
    /// limits and the grid points between them.
    fn critical_points(&self) -> impl Iterator<Item = f64> + '_ {
        let (lo, hi) = (self.min, self.max);
        [lo, hi].into_iter().chain(
            self.points
                .iter()
                .copied()
                .filter(move |p| (lo..=hi).contains(p)),
        )
    }

    /// Grid points.
    pub fn points(&self) -> &[f64] {
        &self.points
    }

    /// Input limits `(min, max)`.
    pub fn limits(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// Interval index `i` and position `f` of input `v`: the value is
    /// `(1 − f)·v[i] + f·v[i + 1]` (`f` outside `0 … 1` when extrapolating linearly).
    #[inline(always)]
    fn locate(&self, v: f64) -> (usize, f64) {
        let p = &self.points;
        let last = p.len() - 1;
        let mut v = limit(v, self.min, self.max);
        if self.extrapolation == Extrapolation::Constant {
            v = limit(v, p[0], p[last]);
        }
        // The last interval whose lower point is at or below v (the first below the grid),
        // by a binary search whose halving steps compile to conditional moves.
        let (mut i, mut size) = (0, last);
        while size > 1 {
            let half = size / 2;
            if p[i + half] <= v {
                i += half;
            }
            size -= half;
        }
        (i, (v - p[i]) * self.inverse_steps[i])
    }
}

/// A performance curve or lookup table with one or two inputs. See the module documentation.
///
/// # Units
///
/// None of its own: inputs and output are plain numbers in whatever units the curve was
/// fitted in. The model that owns a curve states them (e.g. [`DxCoil`](crate::cooling::DxCoil):
/// entering wet-bulb and outdoor dry-bulb in °C, flow and part-load ratios); EnergyPlus's
/// curves take SI inputs (°C, not K).
///
/// # References
///
/// - EnergyPlus *Input Output Reference*, "Group – Performance Curves" (`Curve:Linear`,
///   `Quadratic`, `Cubic`, `Quartic`, `Biquadratic`): an input outside its limits is replaced
///   by the nearest limit, without a warning, and the optional output limits cap the result
///   the same way.
/// - EnergyPlus *Input Output Reference*, "Group – Performance Tables" (`Table:Lookup`,
///   `Table:IndependentVariable` with `Constant` or `Linear` extrapolation).
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    shape: Shape,
    /// Output limits, if any.
    output: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// `c0 + c1·x + … + c4·x⁴` (unused coefficients zero).
    Polynomial { c: [f64; 5], x: (f64, f64) },
    /// `c0 + c1·x + c2·x² + c3·y + c4·y² + c5·x·y`.
    Biquadratic {
        c: [f64; 6],
        x: (f64, f64),
        y: (f64, f64),
    },
    /// Values at the points of one axis.
    Table1 { x: Axis, values: Vec<f64> },
    /// Values at the grid of two axes, `values[i·n_y + j] = f(x_i, y_j)`.
    Table2 { x: Axis, y: Axis, values: Vec<f64> },
}

/// `v` limited to `lo … hi` (`lo ≤ hi` validated at construction). Plain comparisons compile
/// to one `max`/`min` instruction each, where `f64::clamp`/`max`/`min` also handle NaN.
#[inline(always)]
pub(crate) fn limit(v: f64, lo: f64, hi: f64) -> f64 {
    let v = if v < lo { lo } else { v };
    if v > hi { hi } else { v }
}

fn limits(field: &str, (min, max): (f64, f64)) -> Result<(f64, f64)> {
    if !(min.is_finite() && max.is_finite()) || min > max {
        return Err(Error::inconsistent(
            field,
            format!("limits must be finite with min ≤ max, found {min} … {max}"),
        ));
    }
    Ok((min, max))
}

fn finite(field: &str, values: &[f64]) -> Result<()> {
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(Error::out_of_range(field, *v, "", "a finite number")),
        None => Ok(()),
    }
}

impl Curve {
    /// A polynomial in one input, `c[0] + c[1]·x + c[2]·x² + …` with one to five coefficients
    /// (EnergyPlus `Curve:Linear`, `Quadratic`, `Cubic`, `Quartic`), its input clamped to
    /// `x_limits`.
    ///
    /// ```
    /// use dcplan::curves::Curve;
    /// // Fan:VariableVolume power fraction of an EC plug fan (EnergyPlus data-center example).
    /// let fan = Curve::polynomial(&[0.06990146, 1.39500612, -3.35487336, 2.89232315], (0.0, 1.0))?;
    /// assert!((fan.at(1.0) - 1.002_357_37).abs() < 1e-8);
    /// assert!(Curve::polynomial(&[], (0.0, 1.0)).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn polynomial(coefficients: &[f64], x_limits: (f64, f64)) -> Result<Self> {
        if coefficients.is_empty() || coefficients.len() > 5 {
            return Err(Error::inconsistent(
                "coefficients",
                format!(
                    "a polynomial curve has 1 to 5 coefficients, found {}",
                    coefficients.len()
                ),
            ));
        }
        finite("coefficients", coefficients)?;
        let mut c = [0.0; 5];
        c[..coefficients.len()].copy_from_slice(coefficients);
        Ok(Self::unbounded(Shape::Polynomial {
            c,
            x: limits("x_limits", x_limits)?,
        }))
    }

    /// A biquadratic in two inputs, `c0 + c1·x + c2·x² + c3·y + c4·y² + c5·x·y`
    /// (EnergyPlus `Curve:Biquadratic`), each input clamped to its limits.
    ///
    /// ```
    /// use dcplan::curves::Curve;
    /// // CPU power fraction of the EnergyPlus ITE example: −1 + u + 0.06667·T.
    /// let cpu = Curve::biquadratic([-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0], (0.0, 1.5), (-10.0, 99.0))?;
    /// assert!((cpu.evaluate(1.0, 15.0) - 1.00005).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn biquadratic(
        coefficients: [f64; 6],
        x_limits: (f64, f64),
        y_limits: (f64, f64),
    ) -> Result<Self> {
        finite("coefficients", &coefficients)?;
        Ok(Self::unbounded(Shape::Biquadratic {
            c: coefficients,
            x: limits("x_limits", x_limits)?,
            y: limits("y_limits", y_limits)?,
        }))
    }

    /// A one-input lookup table: `values[i]` at `x.points()[i]` (EnergyPlus `Table:Lookup` with
    /// one independent variable, linear interpolation).
    ///
    /// ```
    /// use dcplan::curves::{Axis, Curve, Extrapolation};
    /// let x = Axis::new(vec![0.0, 1.0, 2.0])?;
    /// let t = Curve::table(x.clone(), vec![0.0, 10.0, 30.0])?;
    /// assert_eq!(t.at(1.5), 20.0);
    /// assert_eq!(t.at(3.0), 30.0); // constant beyond the grid
    /// let lin = Curve::table(x.with_limits(-1.0, 3.0)?.with_extrapolation(Extrapolation::Linear),
    ///     vec![0.0, 10.0, 30.0])?;
    /// assert_eq!(lin.at(3.0), 50.0);
    /// assert_eq!(lin.at(9.0), 50.0); // clamped to the input limit first
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn table(x: Axis, values: Vec<f64>) -> Result<Self> {
        if values.len() != x.points.len() {
            return Err(Error::inconsistent(
                "values",
                format!("{} values for {} grid points", values.len(), x.points.len()),
            ));
        }
        finite("values", &values)?;
        Ok(Self::unbounded(Shape::Table1 { x, values }))
    }

    /// A two-input lookup table: `rows[i][j]` at `(x.points()[i], y.points()[j])`, interpolated
    /// bilinearly (EnergyPlus `Table:Lookup` with two independent variables).
    pub fn table_2d(x: Axis, y: Axis, rows: Vec<Vec<f64>>) -> Result<Self> {
        if rows.len() != x.points.len() {
            return Err(Error::inconsistent(
                "values",
                format!(
                    "{} rows for {} grid points of x",
                    rows.len(),
                    x.points.len()
                ),
            ));
        }
        if let Some((i, r)) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != y.points.len())
        {
            return Err(Error::inconsistent(
                "values",
                format!(
                    "row {i} has {} values for {} grid points of y",
                    r.len(),
                    y.points.len()
                ),
            ));
        }
        let values: Vec<f64> = rows.into_iter().flatten().collect();
        finite("values", &values)?;
        Ok(Self::unbounded(Shape::Table2 { x, y, values }))
    }

    fn unbounded(shape: Shape) -> Self {
        Self {
            shape,
            output: None,
        }
    }

    /// The same curve with its result clamped to `min … max`.
    ///
    /// ```
    /// use dcplan::curves::Curve;
    /// let c = Curve::polynomial(&[-1.0, 2.0], (-10.0, 10.0))?.with_output_limits(0.0, 5.0)?;
    /// assert_eq!((c.at(0.0), c.at(1.0), c.at(9.0)), (0.0, 1.0, 5.0));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_output_limits(mut self, min: f64, max: f64) -> Result<Self> {
        self.output = Some(limits("output_limits", (min, max))?);
        Ok(self)
    }

    /// Number of inputs: 1 (polynomial, one-input table) or 2 (biquadratic, two-input table).
    pub fn inputs(&self) -> usize {
        match self.shape {
            Shape::Polynomial { .. } | Shape::Table1 { .. } => 1,
            Shape::Biquadratic { .. } | Shape::Table2 { .. } => 2,
        }
    }

    /// Checks that the curve takes `inputs` inputs; `field` names it in the error.
    pub(crate) fn expect_inputs(&self, field: &str, inputs: usize) -> Result<()> {
        if self.inputs() == inputs {
            Ok(())
        } else {
            Err(Error::inconsistent(
                field,
                format!(
                    "expected a curve of {inputs} input(s), found one of {}",
                    self.inputs()
                ),
            ))
        }
    }

    /// The value at `(x, y)`; a one-input curve ignores `y`.
    #[inline(always)]
    pub fn evaluate(&self, x: f64, y: f64) -> f64 {
        let v = match &self.shape {
            Shape::Polynomial { c, x: (lo, hi) } => {
                let x = limit(x, *lo, *hi);
                c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * c[4])))
            }
            Shape::Biquadratic {
                c,
                x: (xl, xh),
                y: (yl, yh),
            } => {
                let x = limit(x, *xl, *xh);
                let y = limit(y, *yl, *yh);
                c[0] + x * (c[1] + c[2] * x + c[5] * y) + y * (c[3] + c[4] * y)
            }
            Shape::Table1 { x: axis, values } => {
                let (i, f) = axis.locate(x);
                values[i] + f * (values[i + 1] - values[i])
            }
            Shape::Table2 {
                x: ax,
                y: ay,
                values,
            } => {
                let (i, fx) = ax.locate(x);
                let (j, fy) = ay.locate(y);
                let n = ay.points.len();
                let (a, b) = (i * n + j, (i + 1) * n + j);
                let low = values[a] + fy * (values[a + 1] - values[a]);
                let high = values[b] + fy * (values[b + 1] - values[b]);
                low + fx * (high - low)
            }
        };
        match self.output {
            Some((lo, hi)) => limit(v, lo, hi),
            None => v,
        }
    }

    /// The value of a one-input curve at `x`.
    #[inline(always)]
    pub fn at(&self, x: f64) -> f64 {
        self.evaluate(x, 0.0)
    }

    /// The lowest and highest value the curve takes over its whole input domain (the input
    /// limits), output limits applied — exactly, not by sampling: a function's extrema over a
    /// closed domain lie at the domain's corners or where its gradient vanishes, so
    ///
    /// * a polynomial is evaluated at its limits and at the real roots of its derivative
    ///   inside them (each root isolated between the roots of the next derivative, where the
    ///   derivative is monotone, and found by bisection to the last bit);
    /// * a biquadratic at the four corners, at the vertex of each edge's quadratic and at the
    ///   interior stationary point of its 2 × 2 linear gradient system;
    /// * a table at every grid point and input limit (interpolation and extrapolation are
    ///   linear, bilinear in two dimensions, between them).
    ///
    /// A value that overflows shows as infinite, or as `(NaN, NaN)` where it is undefined
    /// (∞ − ∞).
    ///
    /// ```
    /// use dcplan::curves::Curve;
    /// // A fan power fraction negative beyond x = 0.4105: lowest at the root of
    /// // p'(x) = 1.395 − 10·x + 8.676·x² at x = 0.990230, highest at x = 0.162375.
    /// let fan = Curve::polynomial(&[0.0699, 1.395, -5.0, 2.892], (0.0, 1.0))?;
    /// let (lo, hi) = fan.range();
    /// assert!((lo - -0.643_445_48).abs() < 1e-8); // below p(1) = −0.6431
    /// assert!((hi - 0.176_965_92).abs() < 1e-8);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Extreme value theorem and the first-derivative test (e.g. R. Courant & F. John,
    /// *Introduction to Calculus and Analysis* I, ch. 3.6); roots isolated by the roots of the
    /// derivative as in Sturm/Rolle root isolation (Rolle's theorem: between two consecutive
    /// roots of `p'`, `p` is monotone and has at most one root).
    pub fn range(&self) -> (f64, f64) {
        let e = self.extremes();
        (e.min.value, e.max.value)
    }

    /// Checks that every value the curve takes over its domain satisfies `ok` (a range: it is
    /// tested at the lowest and highest value); `expected` says what the values must be, and
    /// the error names the value and where the curve reaches it. `field` names the curve.
    pub(crate) fn check_values(
        &self,
        field: &str,
        expected: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Result<()> {
        let e = self.extremes();
        let bad = [e.min, e.max].into_iter().find(|p| !ok(p.value));
        match bad {
            None => Ok(()),
            Some(p) => {
                let at = if self.inputs() == 1 {
                    format!("x = {}", short(p.x))
                } else {
                    format!("(x, y) = ({}, {})", short(p.x), short(p.y))
                };
                Err(Error::inconsistent(
                    field,
                    format!(
                        "the curve reaches {} at {at}, inside its input range; it must be \
                         {expected} at every input of its range",
                        short(p.value)
                    ),
                ))
            }
        }
    }

    /// Checks a modifier of a rated value (a capacity, power or flow fraction): between 0 and
    /// [`MAX_MODIFIER`] over the whole input domain.
    pub(crate) fn check_modifier(&self, field: &str) -> Result<()> {
        self.check_values(
            field,
            &format!("a modifier between 0 and {MAX_MODIFIER}"),
            |v| (0.0..=MAX_MODIFIER).contains(&v),
        )
    }

    /// Where the curve is lowest and highest over its domain (see [`Curve::range`]).
    fn extremes(&self) -> Extremes {
        let mut e = Extremes::new();
        match &self.shape {
            Shape::Polynomial { c, x: (lo, hi) } => {
                let mut derivative = [0.0; 4];
                for (k, d) in derivative.iter_mut().enumerate() {
                    *d = c[k + 1] * (k + 1) as f64;
                }
                e.add(self, *lo, 0.0);
                e.add(self, *hi, 0.0);
                for x in polynomial_roots(&derivative, *lo, *hi) {
                    e.add(self, x, 0.0);
                }
            }
            Shape::Biquadratic {
                c,
                x: (x0, x1),
                y: (y0, y1),
            } => {
                for x in [*x0, *x1] {
                    for y in [*y0, *y1] {
                        e.add(self, x, y);
                    }
                    // f(x, ·) = … + (c3 + c5·x)·y + c4·y²
                    if c[4] != 0.0 {
                        e.add(self, x, limit(-(c[3] + c[5] * x) / (2.0 * c[4]), *y0, *y1));
                    }
                }
                for y in [*y0, *y1] {
                    // f(·, y) = … + (c1 + c5·y)·x + c2·x²
                    if c[2] != 0.0 {
                        e.add(self, limit(-(c[1] + c[5] * y) / (2.0 * c[2]), *x0, *x1), y);
                    }
                }
                // ∇f = 0: [2c2 c5; c5 2c4]·(x, y) = −(c1, c3), by Cramer's rule.
                let det = 4.0 * c[2] * c[4] - c[5] * c[5];
                if det != 0.0 {
                    let x = (c[3] * c[5] - 2.0 * c[1] * c[4]) / det;
                    let y = (c[1] * c[5] - 2.0 * c[2] * c[3]) / det;
                    if (*x0..=*x1).contains(&x) && (*y0..=*y1).contains(&y) {
                        e.add(self, x, y);
                    }
                }
            }
            Shape::Table1 { x, .. } => {
                for xi in x.critical_points() {
                    e.add(self, xi, 0.0);
                }
            }
            Shape::Table2 { x, y, .. } => {
                let ys: Vec<f64> = y.critical_points().collect();
                for xi in x.critical_points() {
                    for &yj in &ys {
                        e.add(self, xi, yj);
                    }
                }
            }
        }
        e
    }
}

/// Largest value a performance modifier (a curve giving a capacity, power or flow as a
/// multiple of its rated value) may take anywhere in its domain: 100 times the rating. Beyond
/// it a curve describes no equipment, and its products with ratings could overflow.
pub const MAX_MODIFIER: f64 = 100.0;

/// A curve's value at one input point.
#[derive(Clone, Copy, Debug)]
struct Probe {
    value: f64,
    x: f64,
    y: f64,
}

/// The lowest and highest values seen; a NaN (an overflow) poisons both.
#[derive(Clone, Copy, Debug)]
struct Extremes {
    min: Probe,
    max: Probe,
}

impl Extremes {
    fn new() -> Self {
        let none = |value| Probe {
            value,
            x: f64::NAN,
            y: f64::NAN,
        };
        Self {
            min: none(f64::INFINITY),
            max: none(f64::NEG_INFINITY),
        }
    }

    fn add(&mut self, curve: &Curve, x: f64, y: f64) {
        if self.min.value.is_nan() {
            return;
        }
        let value = curve.evaluate(x, y);
        let p = Probe { value, x, y };
        if value.is_nan() {
            (self.min, self.max) = (p, p);
            return;
        }
        if value < self.min.value {
            self.min = p;
        }
        if value > self.max.value {
            self.max = p;
        }
    }
}

/// `v` to six significant digits, as a person reads it.
fn short(v: f64) -> String {
    let trim = |digits: &str| -> String {
        if digits.contains('.') {
            digits
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_owned()
        } else {
            digits.to_owned()
        }
    };
    if v == 0.0 || !v.is_finite() {
        return v.to_string();
    }
    if !(1e-4..1e6).contains(&v.abs()) {
        let text = format!("{v:.5e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim(mantissa));
    }
    let digits = (5 - v.abs().log10().floor() as i32).max(0) as usize;
    trim(&format!("{v:.digits$}"))
}

/// `c[0] + c[1]·x + …` at `x`.
fn horner(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ck| acc * x + ck)
}

/// The real roots in `lo … hi` of the polynomial `c[0] + c[1]·x + …` (at most as many as its
/// degree, a root of even multiplicity possibly missed — it is no extremum): between
/// consecutive roots of its derivative the polynomial is monotone, so each such interval
/// holds at most one root, found by bisection when the ends differ in sign.
fn polynomial_roots(c: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let degree = c.iter().rposition(|&ck| ck != 0.0).unwrap_or(0);
    if degree == 0 || lo >= hi {
        return Vec::new();
    }
    let c = &c[..=degree];
    if degree == 1 {
        let x = -c[0] / c[1];
        return if (lo..=hi).contains(&x) {
            vec![x]
        } else {
            Vec::new()
        };
    }
    let derivative: Vec<f64> = (1..=degree).map(|k| c[k] * k as f64).collect();
    let mut ends = vec![lo];
    ends.extend(polynomial_roots(&derivative, lo, hi));
    ends.push(hi);
    let mut roots = Vec::new();
    for w in ends.windows(2) {
        let (mut a, mut b) = (w[0], w[1]);
        let (fa, fb) = (horner(c, a), horner(c, b));
        if fa == 0.0 {
            roots.push(a);
            continue;
        }
        if fa.signum() == fb.signum() {
            continue;
        }
        let rising = fb > fa;
        loop {
            let mid = 0.5 * (a + b);
            if mid <= a || mid >= b {
                break;
            }
            if (horner(c, mid) < 0.0) == rising {
                a = mid;
            } else {
                b = mid;
            }
        }
        roots.push(0.5 * (a + b));
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Linear interpolation by a plain scan, constant beyond the grid.
    fn naive(points: &[f64], values: &[f64], x: f64) -> f64 {
        if x <= points[0] {
            return values[0];
        }
        for k in 1..points.len() {
            if x <= points[k] {
                let f = (x - points[k - 1]) / (points[k] - points[k - 1]);
                return values[k - 1] + f * (values[k] - values[k - 1]);
            }
        }
        values[values.len() - 1]
    }

    proptest! {
        #[test]
        fn tables_interpolate_like_a_plain_scan(
            steps in proptest::collection::vec(0.01f64..10.0, 1..20),
            values in proptest::collection::vec(-100.0f64..100.0, 21),
            x in -20.0f64..220.0,
        ) {
            let mut points = vec![0.0];
            for s in &steps {
                points.push(points[points.len() - 1] + s);
            }
            let values = values[..points.len()].to_vec();
            let t = Curve::table(Axis::new(points.clone()).unwrap(), values.clone()).unwrap();
            let expected = naive(&points, &values, x);
            prop_assert!((t.at(x) - expected).abs() <= 1e-9 * expected.abs().max(1.0));
        }
    }

    #[test]
    fn polynomial_ranges_are_exact() {
        // numpy 1.x: Polynomial([0.0699, 1.395, -5.0, 2.892]).deriv().roots() = 0.16237476,
        // 0.99023012, where p = 0.17696592, −0.64344548 (p(1) = −0.6431 is not the minimum).
        let fan = Curve::polynomial(&[0.0699, 1.395, -5.0, 2.892, 0.0], (0.0, 1.0)).unwrap();
        let (lo, hi) = fan.range();
        approx::assert_relative_eq!(lo, -0.643_445_482_146_072_4, max_relative = 1e-12);
        approx::assert_relative_eq!(hi, 0.176_965_923_507_834_5, max_relative = 1e-12);
        // A quartic with three interior extrema, (x² − 1)² on −2 … 2: 0 at ±1, 1 at 0, 9 at ±2.
        let w = Curve::polynomial(&[1.0, 0.0, -2.0, 0.0, 1.0], (-2.0, 2.0)).unwrap();
        assert_eq!(w.range(), (0.0, 9.0));
        let w = Curve::polynomial(&[1.0, 0.0, -2.0, 0.0, 1.0], (-0.5, 0.5)).unwrap();
        assert_eq!(w.range(), (0.5625, 1.0));
        // Constants, lines, output limits.
        assert_eq!(
            Curve::polynomial(&[3.0], (0.0, 1.0)).unwrap().range(),
            (3.0, 3.0)
        );
        let line = Curve::polynomial(&[-1.0, 2.0], (-10.0, 10.0)).unwrap();
        assert_eq!(line.range(), (-21.0, 19.0));
        let clamped = line.with_output_limits(0.0, 5.0).unwrap();
        assert_eq!(clamped.range(), (0.0, 5.0));
        // Overflow shows as infinite.
        let huge = Curve::polynomial(&[0.0, 0.0, 0.0, 0.0, 1e300], (0.0, 1e10)).unwrap();
        assert_eq!(huge.range(), (0.0, f64::INFINITY));
    }

    #[test]
    fn biquadratic_ranges_are_exact() {
        // The EnergyPlus ITE CPU curve −1 + u + 0.06667·T on u 0 … 1.5, T −10 … 99 °C:
        // corners −1.6667 and 7.10033, output limited to 0 … 99.
        let cpu = Curve::biquadratic(
            [-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0],
            (0.0, 1.5),
            (-10.0, 99.0),
        )
        .unwrap();
        let (lo, hi) = cpu.range();
        approx::assert_relative_eq!(lo, -1.6667, max_relative = 1e-12);
        approx::assert_relative_eq!(hi, 7.100_33, max_relative = 1e-12);
        assert_eq!(cpu.with_output_limits(0.0, 99.0).unwrap().range().0, 0.0);
        // A bowl: (x − 0.3)² + (y − 0.6)² − 1, interior minimum −1 at (0.3, 0.6).
        let bowl =
            Curve::biquadratic([-0.55, -0.6, 1.0, -1.2, 1.0, 0.0], (0.0, 1.0), (0.0, 1.0)).unwrap();
        let (lo, hi) = bowl.range();
        approx::assert_relative_eq!(lo, -1.0, epsilon = 1e-15);
        approx::assert_relative_eq!(hi, 0.49 + 0.36 - 1.0, epsilon = 1e-15);
        // A saddle x·y: stationary at the origin, extremes at the corners.
        let saddle =
            Curve::biquadratic([0.0, 0.0, 0.0, 0.0, 0.0, 1.0], (-1.0, 1.0), (-1.0, 1.0)).unwrap();
        assert_eq!(saddle.range(), (-1.0, 1.0));
        // A ridge −(x − 0.5)² + y: singular Hessian, maximum at an edge's vertex (0.5, 1).
        let ridge =
            Curve::biquadratic([-0.25, 1.0, -1.0, 1.0, 0.0, 0.0], (0.0, 1.0), (0.0, 1.0)).unwrap();
        assert_eq!(ridge.range(), (-0.25, 1.0));
    }

    #[test]
    fn table_ranges_cover_grid_points_and_extrapolation() {
        let x = Axis::new(vec![0.0, 1.0, 3.0])
            .unwrap()
            .with_limits(-1.0, 5.0)
            .unwrap();
        let lin = Curve::table(
            x.clone().with_extrapolation(Extrapolation::Linear),
            vec![1.0, 2.0, 6.0],
        )
        .unwrap();
        assert_eq!(lin.range(), (0.0, 10.0));
        let constant = Curve::table(x, vec![1.0, -2.0, 6.0]).unwrap();
        assert_eq!(constant.range(), (-2.0, 6.0));
        // Limits inside the grid cut the range: 0.5 … 2 interpolates 1.5 … 4.
        let inner = Axis::new(vec![0.0, 1.0, 3.0])
            .unwrap()
            .with_limits(0.5, 2.0)
            .unwrap();
        assert_eq!(
            Curve::table(inner, vec![1.0, 2.0, 6.0]).unwrap().range(),
            (1.5, 4.0)
        );
        let t = Curve::table_2d(
            Axis::new(vec![0.0, 1.0, 2.0]).unwrap(),
            Axis::new(vec![0.0, 1.0]).unwrap(),
            vec![vec![1.0, 2.0], vec![0.5, 1e6], vec![3.0, 4.0]],
        )
        .unwrap();
        assert_eq!(t.range(), (0.5, 1e6));
        let e = t.check_modifier("t").unwrap_err().to_string();
        assert!(
            e.contains("t: the curve reaches 1e6 at (x, y) = (1, 1)"),
            "{e}"
        );
    }

    #[test]
    fn checks_locate_the_offending_value() {
        let fan = Curve::polynomial(&[0.0699, 1.395, -5.0, 2.892, 0.0], (0.0, 1.0)).unwrap();
        let e = fan.check_modifier("fan.power_curve").unwrap_err();
        assert_eq!(e.field(), Some("fan.power_curve"));
        let msg = e.to_string();
        assert!(
            msg.contains("reaches -0.643445 at x = 0.99023") && msg.contains("between 0 and 100"),
            "{msg}"
        );
        assert!(
            Curve::polynomial(&[0.5, 0.5], (0.0, 1.0))
                .unwrap()
                .check_modifier("c")
                .is_ok()
        );
        assert!(
            Curve::polynomial(&[101.0], (0.0, 1.0))
                .unwrap()
                .check_modifier("c")
                .is_err()
        );
    }

    proptest! {
        #[test]
        fn polynomial_range_bounds_and_attains_every_sample(
            c in proptest::collection::vec(-10.0f64..10.0, 1..=5),
            a in -3.0f64..3.0,
            width in 0.0f64..4.0,
        ) {
            let curve = Curve::polynomial(&c, (a, a + width)).unwrap();
            let (lo, hi) = curve.range();
            let (mut smin, mut smax) = (f64::INFINITY, f64::NEG_INFINITY);
            for k in 0..=2000 {
                let v = curve.at(a + width * f64::from(k) / 2000.0);
                smin = smin.min(v);
                smax = smax.max(v);
            }
            let tol = 1e-9 * (1.0 + smax.abs().max(smin.abs()));
            // Never above a sampled minimum (never below a sampled maximum) …
            prop_assert!(lo <= smin + tol && hi >= smax - tol, "{lo} {hi} vs {smin} {smax}");
            // … and attained: the dense grid comes within its second-order error.
            prop_assert!(smin - lo <= 1e-3 * (1.0 + lo.abs()) && hi - smax <= 1e-3 * (1.0 + hi.abs()));
        }

        #[test]
        fn biquadratic_range_bounds_every_sample(
            c in proptest::array::uniform6(-10.0f64..10.0),
            (x0, y0) in (-3.0f64..3.0, -3.0f64..3.0),
            (wx, wy) in (0.0f64..3.0, 0.0f64..3.0),
        ) {
            let curve = Curve::biquadratic(c, (x0, x0 + wx), (y0, y0 + wy)).unwrap();
            let (lo, hi) = curve.range();
            let (mut smin, mut smax) = (f64::INFINITY, f64::NEG_INFINITY);
            for i in 0..=60 {
                for j in 0..=60 {
                    let v = curve.evaluate(x0 + wx * f64::from(i) / 60.0, y0 + wy * f64::from(j) / 60.0);
                    smin = smin.min(v);
                    smax = smax.max(v);
                }
            }
            let tol = 1e-9 * (1.0 + smax.abs().max(smin.abs()));
            prop_assert!(lo <= smin + tol && hi >= smax - tol, "{lo} {hi} vs {smin} {smax}");
            prop_assert!(smin - lo <= 0.05 * (1.0 + lo.abs()) && hi - smax <= 0.05 * (1.0 + hi.abs()));
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(Curve::polynomial(&[1.0; 6], (0.0, 1.0)).is_err());
        assert!(Curve::polynomial(&[f64::NAN], (0.0, 1.0)).is_err());
        assert!(Curve::polynomial(&[1.0], (1.0, 0.0)).is_err());
        assert!(Curve::biquadratic([0.0; 6], (0.0, f64::INFINITY), (0.0, 1.0)).is_err());
        let x = Axis::new(vec![0.0, 1.0]).unwrap();
        let msg = Curve::table(x.clone(), vec![1.0]).unwrap_err().to_string();
        assert!(msg.contains("1 values for 2 grid points"), "{msg}");
        let msg = Curve::table_2d(x.clone(), x.clone(), vec![vec![1.0, 2.0], vec![3.0]])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("row 1"), "{msg}");
        assert!(Axis::new(vec![0.0]).is_err());
        assert!(Axis::new(vec![0.0, f64::NAN]).is_err());
        assert!(
            Curve::polynomial(&[1.0], (0.0, 1.0))
                .unwrap()
                .with_output_limits(2.0, 1.0)
                .is_err()
        );
    }

    #[test]
    fn tables_interpolate_and_extrapolate_like_energyplus() {
        // Linear extrapolation below the grid down to the input limit.
        let x = Axis::new(vec![0.0, 1.0, 3.0])
            .unwrap()
            .with_limits(-1.0, 5.0)
            .unwrap()
            .with_extrapolation(Extrapolation::Linear);
        let t = Curve::table(x, vec![1.0, 2.0, 6.0]).unwrap();
        assert_eq!(t.at(-1.0), 0.0);
        assert_eq!(t.at(2.0), 4.0);
        assert_eq!(t.at(5.0), 10.0);
        // Grid points themselves are exact, interior points linear.
        for (x, v) in [(0.0, 1.0), (1.0, 2.0), (3.0, 6.0), (0.5, 1.5)] {
            assert_eq!(t.at(x), v);
        }
        assert_eq!(t.inputs(), 1);
    }
}
