//! How the project is funded and judged: debt financing, and the discounting of the cash flows.

use crate::error::{Error, Result};
use crate::money::*;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// How debt is repaid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amortisation {
    /// Level payments (mortgage-style): [`annuity_payment`](super::annuity_payment).
    Annuity,
    /// Equal principal each year, interest on the balance.
    EqualPrincipal,
}

/// Debt financing. Every capex payment is funded `debt_share` by a loan drawn with it; the
/// interest until the first year with revenue is capitalised, and the balance is repaid over
/// `term_years` from the later of the next year and that first year; a balance left at the
/// horizon is repaid there. `Default` gives the planning defaults below.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Financing {
    /// Share of project cost borrowed. Default **85 %** \[S\], the most reported for
    /// AI data-center project debt (seed article, 2026).
    pub debt_share: Fraction,
    /// Interest rate per year, applied to each balance as given (the cash flows it is paid
    /// from are in real dollars; see the [module documentation](super)). Default **7.125 %**
    /// \[S\] (same source).
    pub interest: Rate,
    /// Years to repay each draw. Default **10** \[U\].
    pub term_years: u32,
    /// Repayment profile. Default [`Amortisation::Annuity`] \[U\].
    pub amortisation: Amortisation,
}

impl Default for Financing {
    fn default() -> Self {
        Self {
            debt_share: const { Fraction::new_const(0.85) },
            interest: const { Rate::new_const(0.071_25) },
            term_years: 10,
            amortisation: Amortisation::Annuity,
        }
    }
}

impl Financing {
    /// No debt: all equity.
    pub fn all_equity() -> Self {
        Self {
            debt_share: Fraction::ZERO,
            ..Self::default()
        }
    }

    pub(super) fn validate(&self) -> Result<()> {
        whole_years("term_years", self.term_years)
    }
}

/// How the project's cash flows are discounted and over what horizon: the parameters of
/// [`Project::appraise`](super::Project::appraise) (errors name them `appraisal.…`). `Default`
/// gives the planning defaults below.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discounting {
    /// Discount rate for NPV and levelised cost, a real rate per year (the cash flows are in
    /// real dollars). Default **10 %** \[U\].
    pub discount_rate: Rate,
    /// Years after the start in the cash-flow table. Default **10** \[U\].
    pub horizon_years: u32,
    /// Count the straight-line book value of the build and the equipment at the horizon as
    /// an inflow in the last year. Default `true`.
    pub residual_value: bool,
}

impl Default for Discounting {
    fn default() -> Self {
        Self {
            discount_rate: const { Rate::new_const(0.10) },
            horizon_years: 10,
            residual_value: true,
        }
    }
}

impl Discounting {
    pub(super) fn validate(&self) -> Result<()> {
        whole_years("horizon_years", self.horizon_years)
    }
}

/// A count of years between 1 and 100.
fn whole_years(field: &str, years: u32) -> Result<()> {
    if years == 0 || years > 100 {
        return Err(Error::out_of_range(
            field,
            f64::from(years),
            "years",
            "between 1 and 100 years",
        ));
    }
    Ok(())
}
