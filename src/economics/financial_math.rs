//! Financial mathematics: level payments, net present value, internal rate of return and
//! payback of a cash-flow series, with numpy-financial's conventions (checked against
//! numpy-financial 1.0.0 and Excel's PMT, NPV and IRR in `tests/economics.rs`).

use crate::error::{Error, Result};
use crate::money::*;
use crate::timeline::years;
use crate::units::*;

/// Level payment of a loan of `principal` at `rate` per period over `periods` periods, first
/// payment one period after the draw: `A = P·r / (1 − (1 + r)^−n)` (`P/n` at `r = 0`).
///
/// # Units
///
/// `rate` is per period and the payment is per period, in the principal's money: a project's
/// loans run in years, so an annual rate gives an annual payment. Signs follow the principal
/// (numpy-financial's `pmt` returns the payment negated).
///
/// # References
///
/// - OASIS, *Open Document Format for Office Applications (OpenDocument) v1.2, Part 2:
///   Recalculated Formula (OpenFormula) Format*, function PMT (with `FV = 0`, payments at the
///   end of each period) — the source numpy-financial's `pmt` cites.
/// - numpy-financial 1.0.0, `numpy_financial.pmt`: the reference values of the tests.
///
/// ```
/// use dcplan::economics::annuity_payment;
/// use dcplan::money::{Money, Rate};
/// // $100,000 at 7.125 % over 10 years: $14,320.13 a year
/// // (numpy_financial.pmt(0.07125, 10, -100000) = 14320.128873859469; Excel PMT the same).
/// let a = annuity_payment(Money::new(100_000.0), Rate::percent(7.125)?, 10)?;
/// assert!((a.get() - 14_320.128_873_859_469).abs() < 1e-8);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn annuity_payment(principal: Money, rate: Rate, periods: u32) -> Result<Money> {
    if periods == 0 {
        return Err(Error::out_of_range(
            "periods",
            0.0,
            "",
            "at least one payment period",
        ));
    }
    let r = rate.get();
    let n = f64::from(periods);
    Ok(if r == 0.0 {
        principal / n
    } else {
        principal * (r / (1.0 - (1.0 + r).powf(-n)))
    })
}

pub(super) fn npv_at(rate: f64, flows: &[Money]) -> f64 {
    let mut factor = 1.0;
    let mut sum = 0.0;
    for f in flows {
        sum += f.get() / factor;
        factor *= 1.0 + rate;
    }
    sum
}

/// Net present value `Σ CF_t / (1 + r)^t` with `flows[0]` at `t = 0` (numpy-financial's
/// convention; Excel's `NPV` discounts its first value by one period, so
/// `npv(r, cf) = cf[0] + NPV(r, cf[1..])`).
///
/// # Units
///
/// `rate` is per period of `flows` (per year in a project's cash-flow table); the result is in
/// the flows' money, valued at `t = 0`. In the economics every amount is in real (constant)
/// US dollars, so the discount rate is a real rate.
///
/// # References
///
/// - L. J. Gitman, *Principles of Managerial Finance, Brief*, 3rd ed., Addison-Wesley, 2003,
///   p. 346 (as cited by numpy-financial).
/// - W. Short, D. J. Packey, T. Holt, *A Manual for the Economic Evaluation of Energy
///   Efficiency and Renewable Energy Technologies*, NREL/TP-462-5173, 1995: discounting, in
///   constant dollars with a real discount rate.
/// - numpy-financial 1.0.0, `numpy_financial.npv`: the reference values of the tests.
///
/// ```
/// use dcplan::economics::npv;
/// use dcplan::money::{Money, Rate};
/// let flows = [-100.0, 39.0, 59.0, 55.0, 20.0].map(Money::new);
/// // numpy_financial.npv(0.281, [-100, 39, 59, 55, 20]) = -0.00847859…
/// assert!((npv(Rate::new(0.281)?, &flows).get() + 0.008_478_591).abs() < 1e-8);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn npv(rate: Rate, flows: &[Money]) -> Money {
    Money::new(npv_at(rate.get(), flows))
}

/// Internal rate of return: the `r` with `npv(r, flows) = 0`, found by bisection on every sign
/// change of the NPV over `(1 + r)` log-spaced from 0.01 to 101 (−99 % … 10,000 %). A
/// conventional cash flow (outflows, then inflows) has exactly one. With several (e.g. an
/// equipment refresh late in the life), the one nearest zero among those where the NPV falls
/// through zero as the rate rises (the investment-type roots) is returned, or the one nearest
/// zero if there is none such. An error if the NPV never changes sign (e.g. all flows
/// negative). numpy-financial's `irr` returns the root nearest zero among all of them; for a
/// cash flow with one root the two agree.
///
/// # Units
///
/// A rate per period of `flows` (per year in a project's cash-flow table); with flows in real
/// dollars, a real rate of return.
///
/// # References
///
/// - L. J. Gitman, *Principles of Managerial Finance, Brief*, 3rd ed., Addison-Wesley, 2003,
///   p. 348 (as cited by numpy-financial).
/// - numpy-financial 1.0.0, `numpy_financial.irr`: the reference values of the tests; Excel's
///   IRR help example (`tests/economics.rs`).
///
/// ```
/// use dcplan::economics::irr;
/// use dcplan::money::Money;
/// // numpy_financial.irr([-100, 39, 59, 55, 20]) = 0.28094842115996066
/// let r = irr(&[-100.0, 39.0, 59.0, 55.0, 20.0].map(Money::new))?;
/// assert!((r.get() - 0.280_948_421_159_960_66).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn irr(flows: &[Money]) -> Result<RateOfReturn> {
    irr_if_any(flows)?.ok_or_else(|| {
        Error::inconsistent(
            "cash_flows",
            "the NPV does not change sign between -99 % and 10,000 %: no internal rate of return",
        )
    })
}

/// The [`irr`] of `flows`, or `None` when they have none (the NPV never changes sign).
pub(super) fn irr_if_any(flows: &[Money]) -> Result<Option<RateOfReturn>> {
    const STEPS: usize = 2_000;
    let (lo, hi) = (0.01f64.ln(), 101.0f64.ln());
    let rate = |i: usize| (lo + (hi - lo) * i as f64 / STEPS as f64).exp() - 1.0;
    let f = |r: f64| npv_at(r, flows);
    // (rate, whether the NPV falls through zero there as the rate rises)
    let mut roots = Vec::new();
    let mut prev = (rate(0), f(rate(0)));
    for i in 1..=STEPS {
        let r = rate(i);
        let v = f(r);
        if prev.1 == 0.0 {
            roots.push((prev.0, v < 0.0));
        } else if prev.1.signum() != v.signum() && v != 0.0 {
            let (mut a, mut b, fa) = (prev.0, r, prev.1);
            for _ in 0..200 {
                let m = 0.5 * (a + b);
                if m <= a || m >= b {
                    break;
                }
                if f(m).signum() == fa.signum() {
                    a = m;
                } else {
                    b = m;
                }
            }
            roots.push((0.5 * (a + b), fa > 0.0));
        }
        prev = (r, v);
    }
    if prev.1 == 0.0 {
        roots.push((prev.0, true));
    }
    let falling = roots.iter().any(|&(_, falling)| falling);
    roots
        .into_iter()
        .filter(|&(_, f)| f || !falling)
        .map(|(r, _)| r)
        .min_by(|a, b| a.abs().total_cmp(&b.abs()))
        .map(RateOfReturn::new)
        .transpose()
}

/// Payback: the time from the start until the cumulative cash flow, once negative, first
/// returns to ≥ 0, interpolated within the year (`k − 1 + (−C_{k−1}) / CF_k` years, with
/// `flows[k]` the flow of year `k`); zero if it is never negative; `None` if it never recovers.
/// A simple payback: the flows are not discounted.
///
/// # Units
///
/// `flows` are one per year, `flows[0]` at the start; the payback is a [`Time`] in years of
/// 365 days ([`years`]).
///
/// ```
/// use dcplan::economics::payback;
/// use dcplan::money::Money;
/// use dcplan::units::time;
/// // -100 at the start, then 30 a year: cumulative -70, -40, -10, +20 → 3 + 10/30 years.
/// let p = payback(&[-100.0, 30.0, 30.0, 30.0, 30.0].map(Money::new));
/// assert!((p.unwrap().get::<time::year>() - (3.0 + 10.0 / 30.0)).abs() < 1e-12);
/// ```
pub fn payback(flows: &[Money]) -> Option<Time> {
    payback_years(flows).map(years)
}

/// [`payback`] in years, as the plain number the reports print: exactly, without the round
/// trip through uom's seconds, which can move its last digit.
pub(super) fn payback_years(flows: &[Money]) -> Option<f64> {
    let mut cumulative = 0.0;
    let mut negative = false;
    for (k, f) in flows.iter().enumerate() {
        let before = cumulative;
        cumulative += f.get();
        if cumulative < 0.0 {
            negative = true;
        } else if negative {
            return Some(k as f64 - 1.0 + (-before) / f.get());
        }
    }
    if negative { None } else { Some(0.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_without_an_irr_have_none_and_asking_for_one_is_an_error() {
        let never_repaid = [-100.0, -5.0, -5.0].map(Money::new);
        assert_eq!(irr_if_any(&never_repaid), Ok(None));
        assert!(matches!(
            irr(&never_repaid),
            Err(Error::Inconsistent { .. })
        ));
        // −100 then +110: 10 %.
        let r = irr_if_any(&[-100.0, 110.0].map(Money::new))
            .unwrap()
            .unwrap();
        assert!((r.get() - 0.1).abs() < 1e-9, "{r}");
    }
}
