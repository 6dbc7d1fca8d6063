//! What the site sells and at what price: the business models and prices over the years.

use super::AnnualFigures;
use crate::error::{Error, Result};
use crate::money::*;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// A price over the years of a project: year 1 is the first year after the start date.
///
/// # Units
///
/// The price's own unit `R`, in real (constant) dollars: a change per year is a real change,
/// with no inflation added on top.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricePath<R> {
    /// The same every year.
    Flat(R),
    /// `first_year` in year 1, changing by `per_year` each year after (−0.2 = falls 20 % a
    /// year): `p_k = p_1·(1 + g)^(k−1)`.
    Changing {
        /// Year-1 price.
        first_year: R,
        /// Relative change per year, between −0.99 and 1.
        per_year: f64,
    },
    /// Year by year from year 1; the last value holds after the list ends.
    Yearly(Vec<R>),
}

impl<R: Scalar> PricePath<R> {
    /// The price in year `k` (1-based; year 0 is read as year 1).
    ///
    /// ```
    /// use dcplan::economics::PricePath;
    /// use dcplan::money::UsdPerGpuHour;
    /// // H100 rental: $8/h falling 50 % a year → $2/h in year 3.
    /// let p = PricePath::Changing { first_year: UsdPerGpuHour::new(8.0), per_year: -0.5 };
    /// assert_eq!(p.at(3), UsdPerGpuHour::new(2.0));
    /// ```
    pub fn at(&self, k: u32) -> R {
        let k = k.max(1);
        match self {
            PricePath::Flat(p) => *p,
            PricePath::Changing {
                first_year,
                per_year,
            } => R::from_value(first_year.value() * (1.0 + per_year).powi(k as i32 - 1)),
            PricePath::Yearly(v) => {
                let i = (k as usize - 1).min(v.len().saturating_sub(1));
                v.get(i).copied().unwrap_or(R::from_value(0.0))
            }
        }
    }

    pub(super) fn scaled(&self, factor: f64) -> Self {
        let s = |p: &R| R::from_value(p.value() * factor);
        match self {
            PricePath::Flat(p) => PricePath::Flat(s(p)),
            PricePath::Changing {
                first_year,
                per_year,
            } => PricePath::Changing {
                first_year: s(first_year),
                per_year: *per_year,
            },
            PricePath::Yearly(v) => PricePath::Yearly(v.iter().map(s).collect()),
        }
    }

    pub(super) fn validate(&self, field: &str) -> Result<()> {
        let price = |f: &str, p: &R| money_non_negative(f, p.value(), R::UNIT);
        match self {
            PricePath::Flat(p) => price(field, p).map(|_| ()),
            PricePath::Changing {
                first_year,
                per_year,
            } => {
                price(&format!("{field}.first_year"), first_year)?;
                within(&format!("{field}.per_year"), *per_year, "", -0.99, 1.0).map(|_| ())
            }
            PricePath::Yearly(v) => {
                if v.is_empty() {
                    return Err(Error::missing(field, "a yearly price path needs a value"));
                }
                for (i, p) in v.iter().enumerate() {
                    price(&format!("{field}[{i}]"), p)?;
                }
                Ok(())
            }
        }
    }
}

/// What the site sells.
///
/// # Units
///
/// Revenue per year at full build-out, in real US dollars, from: a price per GPU-hour sold,
/// over every installed GPU for 8,760 h; a rent per kW of IT capacity (design IT power at the
/// IT equipment input) per month, twelve months a year; a hashprice per PH/s of fleet hash
/// rate per day, 365 days a year. Utilisation, occupancy and uptime are plain shares.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessModel {
    /// GPU rental: revenue `= price × GPUs × 8,760 h × utilisation`.
    GpuRental {
        /// Price per GPU-hour sold.
        price: PricePath<UsdPerGpuHour>,
        /// Share of GPU-hours sold.
        utilisation: Fraction,
    },
    /// Colocation / hosting: revenue `= rent × IT capacity × occupancy × 12`, plus the energy
    /// bill (facility energy at the grid × the energy price) if passed through to tenants (who
    /// own the IT).
    Colocation {
        /// Rent per kW of IT capacity per month.
        rent: PricePath<UsdPerKwMonth>,
        /// Share of the IT capacity leased.
        occupancy: Fraction,
        /// Tenants pay the site's energy bill at cost.
        energy_pass_through: bool,
    },
    /// Bitcoin mining: revenue `= hashprice × fleet hash rate × 365 d × uptime`.
    BitcoinMining {
        /// Hashprice, as received.
        hashprice: PricePath<UsdPerPhsDay>,
        /// Share of the year the fleet hashes.
        uptime: Fraction,
    },
}

impl BusinessModel {
    /// GPU rental at **$2.00 per GPU-hour** flat, the middle of the $1.70–2.35 quoted for H100
    /// rental in 2025–26 \[S\] (after > $8 in 2023), **80 % utilisation** \[U\].
    pub fn gpu_rental() -> Self {
        BusinessModel::GpuRental {
            price: PricePath::Flat(UsdPerGpuHour::new(2.0)),
            utilisation: const { Fraction::new_const(0.8) },
        }
    }

    /// Colocation at **$184 per kW-month**, the average asking rent for 250–500 kW in North
    /// American primary markets at the end of 2024 (CBRE, *North America Data Center Trends
    /// H2 2024*, as reported) \[S\] — multi-MW wholesale leases run lower; **95 % leased** \[U\];
    /// energy passed through at cost.
    pub fn colocation() -> Self {
        BusinessModel::Colocation {
            rent: PricePath::Flat(UsdPerKwMonth::new(184.0)),
            occupancy: const { Fraction::new_const(0.95) },
            energy_pass_through: true,
        }
    }

    /// Bitcoin mining at a hashprice of **$50 per PH/s per day** (2025 range $43–60, i.e.
    /// $0.043–0.060 per TH/s per day \[S\]), **95 % uptime** \[U\].
    pub fn bitcoin_mining() -> Self {
        BusinessModel::BitcoinMining {
            hashprice: PricePath::Flat(UsdPerPhsDay::new(50.0)),
            uptime: const { Fraction::new_const(0.95) },
        }
    }

    /// Short name: "GPU rental", "colocation", "bitcoin mining".
    pub fn name(&self) -> &'static str {
        match self {
            BusinessModel::GpuRental { .. } => "GPU rental",
            BusinessModel::Colocation { .. } => "colocation",
            BusinessModel::BitcoinMining { .. } => "bitcoin mining",
        }
    }

    pub(super) fn validate(&self, figures: &AnnualFigures) -> Result<()> {
        match self {
            BusinessModel::GpuRental { price, .. } => {
                price.validate("price")?;
                if figures.accelerators == 0 {
                    return Err(Error::inconsistent(
                        "gpu_rental",
                        "GPU rental needs accelerators, and the site's figures have none",
                    ));
                }
            }
            BusinessModel::Colocation { rent, .. } => rent.validate("rent")?,
            BusinessModel::BitcoinMining { hashprice, .. } => {
                hashprice.validate("hashprice")?;
                if figures.hashrate.get() <= 0.0 {
                    return Err(Error::inconsistent(
                        "bitcoin_mining",
                        "bitcoin mining needs a hash rate, and the site's figures have none",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Units sold in a full year at full build-out (GPU-hours, kW-months, PH/s-days).
    pub(super) fn units(&self, f: &AnnualFigures) -> f64 {
        match self {
            BusinessModel::GpuRental { utilisation, .. } => f.gpu_hours().get() * utilisation.get(),
            BusinessModel::Colocation { occupancy, .. } => {
                f.it_capacity.get::<kilowatt>() * occupancy.get() * 12.0
            }
            BusinessModel::BitcoinMining { uptime, .. } => f.hashrate.phs() * uptime.get() * 365.0,
        }
    }

    /// The price per unit of [`BusinessModel::units`] in year `k`.
    pub(super) fn price(&self, k: u32) -> f64 {
        match self {
            BusinessModel::GpuRental { price, .. } => price.at(k).get(),
            BusinessModel::Colocation { rent, .. } => rent.at(k).get(),
            BusinessModel::BitcoinMining { hashprice, .. } => hashprice.at(k).get(),
        }
    }

    pub(super) fn scaled_price(&self, factor: f64) -> Self {
        let mut m = self.clone();
        match &mut m {
            BusinessModel::GpuRental { price, .. } => *price = price.scaled(factor),
            BusinessModel::Colocation { rent, .. } => *rent = rent.scaled(factor),
            BusinessModel::BitcoinMining { hashprice, .. } => {
                *hashprice = hashprice.scaled(factor);
            }
        }
        m
    }

    pub(super) fn scaled_utilisation(&self, factor: f64) -> Result<Self> {
        let scale = |f: &mut Fraction| -> Result<()> {
            *f = Fraction::new((f.get() * factor).clamp(0.0, 1.0))?;
            Ok(())
        };
        let mut m = self.clone();
        match &mut m {
            BusinessModel::GpuRental { utilisation, .. } => scale(utilisation)?,
            BusinessModel::Colocation { occupancy, .. } => scale(occupancy)?,
            BusinessModel::BitcoinMining { uptime, .. } => scale(uptime)?,
        }
        Ok(m)
    }
}
