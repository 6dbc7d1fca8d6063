//! Scalar root finding for the hourly fixed points (IT power ↔ inlet air temperature).

use crate::error::{Error, Result};

/// Most iterations of [`bracketed_root`] before it reports [`Error::NoConvergence`].
const MAX_ITERATIONS: usize = 60;

/// A point of a residual function: `x`, the residual `f(x)` and whatever the evaluation
/// computed on the way (kept so the caller need not evaluate the root again).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Point<T> {
    pub x: f64,
    pub f: f64,
    pub payload: T,
}

/// A root of `f` between `a` and `b`, whose residuals have opposite signs (or one is zero), by
/// the Illinois variant of regula falsi (Dowell & Jarratt, *BIT* 11, 1971): each step interpolates
/// linearly between the bracket's ends and halves the residual kept at an end that stays twice
/// in a row, so convergence is superlinear (order ≈ 1.44) and never leaves the bracket. A
/// linear residual is solved in one step. Converged when `|f| ≤ tolerance` or the bracket is
/// narrower than `tolerance`; otherwise, after [`MAX_ITERATIONS`], an
/// [`Error::NoConvergence`] naming `what()`.
pub(crate) fn bracketed_root<T: Copy>(
    mut f: impl FnMut(f64) -> Point<T>,
    a: Point<T>,
    b: Point<T>,
    tolerance: f64,
    what: impl Fn() -> String,
) -> Result<Point<T>> {
    if a.f == 0.0 {
        return Ok(a);
    }
    if b.f == 0.0 {
        return Ok(b);
    }
    if a.f.signum() == b.f.signum() || !(a.f.is_finite() && b.f.is_finite()) {
        return Err(Error::NoConvergence {
            what: what(),
            reason: format!(
                "no root between {} and {}: residuals {} and {} have the same sign",
                a.x, b.x, a.f, b.f
            ),
        });
    }
    let (mut lo, mut hi) = (a, b);
    let (mut f_lo, mut f_hi) = (a.f, b.f);
    let mut kept = 0i8;
    for _ in 0..MAX_ITERATIONS {
        let x = (lo.x * f_hi - hi.x * f_lo) / (f_hi - f_lo);
        let p = f(x);
        if p.f.abs() <= tolerance || (hi.x - lo.x).abs() <= tolerance {
            return Ok(p);
        }
        if p.f.signum() == f_hi.signum() {
            hi = p;
            f_hi = p.f;
            if kept == -1 {
                f_lo *= 0.5;
            }
            kept = -1;
        } else {
            lo = p;
            f_lo = p.f;
            if kept == 1 {
                f_hi *= 0.5;
            }
            kept = 1;
        }
    }
    Err(Error::NoConvergence {
        what: what(),
        reason: format!(
            "residual still {:.3e} after {MAX_ITERATIONS} iterations between {} and {}",
            lo.f.abs().min(hi.f.abs()),
            lo.x,
            hi.x
        ),
    })
}

/// A starting point for [`settle`]: the previous solution and the inverse of the residual's
/// slope there (`dx/df`, so a Newton step is a multiplication).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Guess {
    pub x: f64,
    pub inverse_slope: f64,
}

/// Where a decreasing residual on `[lo, hi]` settles: at a root inside, or at an end whose
/// residual already has the root's sign beyond it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Settled<T> {
    /// `f(x) = 0` within the tolerance.
    Root(Point<T>),
    /// `f(hi) ≥ 0`: the root, if any, is above the range.
    High(Point<T>),
    /// `f(lo) ≤ 0`: the root, if any, is below the range.
    Low(Point<T>),
}

/// Settles a residual `f` that decreases on `[lo, hi]`. Without a guess it evaluates the ends
/// and brackets the root ([`bracketed_root`]). With `guess` (the previous hour's solution and
/// slope) it takes one Newton step from there and brackets only if that does not land within
/// `tolerance`, so a slowly changing solution costs two evaluations (one when it stays at an
/// end). Writes the solution and the latest slope back to `guess`.
pub(crate) fn settle<T: Copy>(
    mut f: impl FnMut(f64) -> Point<T>,
    lo: f64,
    hi: f64,
    guess: &mut Option<Guess>,
    tolerance: f64,
    what: impl Fn() -> String,
) -> Result<Settled<T>> {
    let at_end = |p: Point<T>| {
        if p.x >= hi && p.f >= 0.0 {
            Some(Settled::High(p))
        } else if p.x <= lo && p.f <= 0.0 {
            Some(Settled::Low(p))
        } else {
            None
        }
    };
    let mut inverse_slope = guess.map_or(f64::NAN, |g| g.inverse_slope);
    let settled = match guess.filter(|g| (lo..=hi).contains(&g.x)) {
        None => {
            let high = f(hi);
            if let Some(s) = at_end(high) {
                s
            } else {
                let low = f(lo);
                match at_end(low) {
                    Some(s) => s,
                    None => {
                        inverse_slope = (high.x - low.x) / (high.f - low.f);
                        Settled::Root(bracketed_root(f, low, high, tolerance, what)?)
                    }
                }
            }
        }
        Some(g) => {
            let p0 = f(g.x);
            if let Some(s) = at_end(p0) {
                s
            } else if p0.f.abs() <= tolerance {
                Settled::Root(p0)
            } else {
                let toward = if p0.f > 0.0 { hi } else { lo };
                let step = -p0.f * g.inverse_slope;
                let x1 = if step.is_finite() && (toward - p0.x) * step > 0.0 {
                    (p0.x + step).clamp(lo, hi)
                } else {
                    toward
                };
                let p1 = f(x1);
                if p1.f != p0.f {
                    inverse_slope = (x1 - p0.x) / (p1.f - p0.f);
                }
                if let Some(s) = at_end(p1) {
                    s
                } else if p1.f.abs() <= tolerance {
                    Settled::Root(p1)
                } else if p1.f.signum() != p0.f.signum() {
                    Settled::Root(bracketed_root(f, p0, p1, tolerance, what)?)
                } else {
                    let end = f(toward);
                    match at_end(end) {
                        Some(s) => s,
                        None => Settled::Root(bracketed_root(f, p1, end, tolerance, what)?),
                    }
                }
            }
        }
    };
    let x = match settled {
        Settled::Root(p) | Settled::High(p) | Settled::Low(p) => p.x,
    };
    *guess = Some(Guess {
        x,
        inverse_slope: if inverse_slope < 0.0 && inverse_slope > -1e6 {
            inverse_slope
        } else {
            -1.0
        },
    });
    Ok(settled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn point(f: &impl Fn(f64) -> f64, x: f64) -> Point<()> {
        Point {
            x,
            f: f(x),
            payload: (),
        }
    }

    #[test]
    fn linear_in_one_step_and_errors_without_a_bracket() {
        let calls = std::cell::Cell::new(0);
        let f = |x: f64| 3.0 - 2.0 * x;
        let g = |x| {
            calls.set(calls.get() + 1);
            point(&f, x)
        };
        let r = bracketed_root(g, point(&f, 0.0), point(&f, 10.0), 1e-12, || "t".into()).unwrap();
        assert!((r.x - 1.5).abs() < 1e-12);
        assert_eq!(calls.get(), 1);
        let err = bracketed_root(
            |x| point(&f, x),
            point(&f, 0.0),
            point(&f, 1.0),
            1e-9,
            || "t".into(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("same sign"), "{err}");
    }

    proptest! {
        #[test]
        fn finds_roots_of_monotone_curved_functions(r in -5.0f64..5.0, k in 0.01f64..10.0, e in 0.5f64..3.0) {
            // f(x) = sign(x − r)·|x − r|^e + k·(x − r): monotone, curved, root at r.
            let f = move |x: f64| (x - r).signum() * (x - r).abs().powf(e) + k * (x - r);
            let root = bracketed_root(|x| point(&f, x), point(&f, -10.0), point(&f, 10.0), 1e-10, || "p".into()).unwrap();
            prop_assert!(f(root.x).abs() <= 1e-10 || (root.x - r).abs() < 1e-8);
        }
    }
}
