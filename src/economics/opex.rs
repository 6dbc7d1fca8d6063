//! Operating costs: energy, water, maintenance and staff.

use super::figures::hourly_length;
use super::{AnnualFigures, PricePath, one_year};
use crate::error::{Error, Result};
use crate::money::*;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// Price of the energy bought: facility energy at the grid, in real US dollars per MWh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnergyPrice {
    /// One price for every hour of a year, by year.
    Flat(PricePath<UsdPerMwh>),
    /// An hourly price for a typical year (8,760 or 8,784 values), the same every year. It
    /// weighs the site's hourly facility power when the figures have it, else a flat load
    /// (the mean price).
    Hourly(Vec<UsdPerMwh>),
}

impl EnergyPrice {
    /// The mean price paid per MWh in year `k` for the load profile of `f`:
    /// `Σ P_h·p_h / Σ P_h` (hourly) or the path's price (flat).
    pub(super) fn mean(&self, k: u32, f: &AnnualFigures) -> UsdPerMwh {
        match self {
            EnergyPrice::Flat(path) => path.at(k),
            EnergyPrice::Hourly(prices) => match &f.hourly_facility {
                Some(load) => {
                    let weighted: f64 = load
                        .iter()
                        .zip(prices)
                        .map(|(p, c)| p.get::<megawatt>() * c.get())
                        .sum();
                    let total: f64 = load.iter().map(|p| p.get::<megawatt>()).sum();
                    UsdPerMwh::new(weighted / total)
                }
                None => prices.iter().sum::<UsdPerMwh>() / prices.len() as f64,
            },
        }
    }

    pub(super) fn scaled(&self, factor: f64) -> Self {
        match self {
            EnergyPrice::Flat(p) => EnergyPrice::Flat(p.scaled(factor)),
            EnergyPrice::Hourly(v) => EnergyPrice::Hourly(v.iter().map(|p| *p * factor).collect()),
        }
    }

    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        match self {
            EnergyPrice::Flat(p) => p.validate("energy"),
            EnergyPrice::Hourly(v) => {
                hourly_length("energy", v.len())?;
                if let Some(load) = &f.hourly_facility
                    && load.len() != v.len()
                {
                    return Err(Error::inconsistent(
                        "energy",
                        format!(
                            "{} hourly prices for {} hours of facility power",
                            v.len(),
                            load.len()
                        ),
                    ));
                }
                for (i, p) in v.iter().enumerate() {
                    finite(&format!("energy[{i}]"), p.get(), UsdPerMwh::UNIT)?;
                }
                Ok(())
            }
        }
    }
}

fn finite(field: &str, value: f64, unit: &str) -> Result<f64> {
    within(field, value, unit, -1e12, 1e12)
}

/// Operating costs. `Default` gives the planning defaults below.
///
/// # Units
///
/// Real US dollars. The energy price applies to facility energy at the grid; water to the
/// make-up water drawn; maintenance is a share per year of the capex in service; staff are
/// full-time equivalents per MW of IT capacity (design IT power at the IT equipment input),
/// each costing `cost_per_staff` a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opex {
    /// Energy price. Default **$80 per MWh** flat \[P\]: US industrial electricity cost 6.8–9
    /// ¢/kWh in most states in 2024 (EIA *Electric Power Monthly* table 5.6.B; 16 ¢ in New
    /// England).
    pub energy: EnergyPrice,
    /// Water price. Default **$2 per m³** \[U\] (water and sewer).
    pub water: UsdPerCubicMeter,
    /// Maintenance per year as a share of the capex in service (build, grid connection, first
    /// equipment). Default **2 %** \[U\].
    pub maintenance: Fraction,
    /// Staff (full-time equivalents) per MW of IT capacity, a plain number in FTE/MW.
    /// Default **0.5** \[U\].
    pub staff_per_mw: f64,
    /// Cost of one full-time equivalent. Default **$120,000 a year** \[U\].
    pub cost_per_staff: MoneyRate,
}

impl Default for Opex {
    fn default() -> Self {
        Self {
            energy: EnergyPrice::Flat(PricePath::Flat(UsdPerMwh::new(80.0))),
            water: UsdPerCubicMeter::new(2.0),
            maintenance: const { Fraction::new_const(0.02) },
            staff_per_mw: 0.5,
            cost_per_staff: MoneyRate::new(120_000.0),
        }
    }
}

impl Opex {
    /// The operating costs of a full year `k` with `f` built and `in_service` capex to
    /// maintain.
    pub(super) fn full_year(&self, k: u32, f: &AnnualFigures, in_service: Money) -> OperatingCosts {
        OperatingCosts {
            fuel: Money::ZERO,
            energy: self.energy.mean(k, f) * f.facility_energy,
            water: self.water * f.water,
            maintenance: in_service * self.maintenance.get(),
            staff: self.cost_per_staff
                * (self.staff_per_mw * f.it_capacity.get::<megawatt>())
                * one_year(),
        }
    }

    pub(super) fn validate(&self, f: &AnnualFigures) -> Result<()> {
        self.energy.validate(f)?;
        money_non_negative("water", self.water.get(), UsdPerCubicMeter::UNIT)?;
        within("staff_per_mw", self.staff_per_mw, "FTE/MW", 0.0, 1e3)?;
        money_non_negative("cost_per_staff", self.cost_per_staff.get(), MoneyRate::UNIT)?;
        Ok(())
    }
}

/// The operating costs of one full year, a line per item of [`Opex`] (the columns of the same
/// names in [`super::YearRow`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct OperatingCosts {
    pub(super) energy: Money,
    pub(super) water: Money,
    pub(super) maintenance: Money,
    pub(super) staff: Money,
    /// On-site generation's fuel ([`super::FlexibilityLines`]).
    pub(super) fuel: Money,
}

impl OperatingCosts {
    /// Every line (as [`super::YearRow::opex`] adds its columns).
    pub(super) fn total(&self) -> Money {
        self.energy + self.water + self.maintenance + self.staff + self.fuel
    }
}

#[cfg(test)]
mod tests {
    use super::super::figures::test_figures as figures;
    use super::*;

    #[test]
    fn hourly_prices_weigh_the_load() {
        // Half the hours at $20, half at $100; a flat load pays the mean $60, a load that runs
        // only in the cheap hours pays $20.
        let prices: Vec<UsdPerMwh> = (0..8_760u32)
            .map(|h| UsdPerMwh::new(if h.is_multiple_of(2) { 20.0 } else { 100.0 }))
            .collect();
        let flat = EnergyPrice::Hourly(prices);
        let mut f = figures();
        assert_eq!(flat.mean(1, &f), UsdPerMwh::new(60.0));
        f.hourly_facility = Some(
            (0..8_760u32)
                .map(|h| Power::new::<megawatt>(if h.is_multiple_of(2) { 192.0 } else { 0.0 }))
                .collect(),
        );
        assert_eq!(flat.mean(1, &f), UsdPerMwh::new(20.0));
    }
}
