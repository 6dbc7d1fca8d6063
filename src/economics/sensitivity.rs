//! Sensitivity: how the NPV moves with each main driver (the data of a tornado chart).

use super::*;
use crate::error::Result;
use crate::money::*;
use crate::units::*;
use serde::Serialize;
use std::fmt;

impl Project {
    /// Project and equity NPV when each main driver is `swing` lower and higher (e.g. 0.2 →
    /// ×0.8 and ×1.2), the others held: the data of a tornado chart, widest project-NPV bar
    /// first. Shares (utilisation, maintenance) are capped at 100 %; a driver the project lacks
    /// (equipment for colocation) is left out.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use dcplan::prelude::*;
    /// # let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    /// #     .lumped_pue(Pue::new(1.2)?).build()?;
    /// # let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// # let figures = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.8)?);
    /// # let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let lead = LeadTimes { construction: months(9.0), transformers: None, ..LeadTimes::default() };
    /// # let schedule = Schedule::new(start, GridAccess::Energised { since: start }, lead,
    /// #     vec![Phase::new("all", Power::new::<megawatt>(100.0))])?;
    /// // The AI factory of the economics module's example.
    /// let ai = Project::new("AI factory", figures, BusinessModel::gpu_rental(), schedule)?;
    /// let t = ai.tornado(Fraction::new(0.2)?)?;
    /// assert!((t.base.millions() - 231.62).abs() < 0.01);
    /// assert_eq!(t.bars.len(), 8);
    /// // Revenue moves the NPV most: the GPU-hour price and the share sold, ±20 % each.
    /// let top: Vec<Driver> = t.bars[..2].iter().map(|b| b.driver).collect();
    /// assert!(top.contains(&Driver::SalePrice) && top.contains(&Driver::Utilisation));
    /// // Project NPV is before financing: the interest rate moves the equity NPV only.
    /// let last = t.bars.last().unwrap();
    /// assert_eq!((last.driver, last.range()), (Driver::InterestRate, Money::ZERO));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn tornado(&self, swing: Fraction) -> Result<Tornado> {
        let base = self.appraise()?;
        let s = swing.get();
        let mut bars = Vec::new();
        for driver in Driver::ALL {
            if driver == Driver::EquipmentPrice && self.capex.equipment.is_none() {
                continue;
            }
            let (low, high) = (
                self.scaled(driver, 1.0 - s)?.appraise()?,
                self.scaled(driver, 1.0 + s)?.appraise()?,
            );
            bars.push(TornadoBar {
                driver,
                npv_low: low.npv,
                npv_high: high.npv,
                equity_npv_low: low.equity_npv,
                equity_npv_high: high.equity_npv,
            });
        }
        bars.sort_by(|a, b| b.range().get().total_cmp(&a.range().get()));
        Ok(Tornado {
            base: base.npv,
            equity_base: base.equity_npv,
            swing,
            bars,
        })
    }

    /// The project with `driver` multiplied by `factor`.
    fn scaled(&self, driver: Driver, factor: f64) -> Result<Self> {
        let mut p = self.clone();
        let share = |x: Fraction| Fraction::new((x.get() * factor).clamp(0.0, 1.0));
        let rate = |x: Rate| Rate::new(x.get() * factor);
        match driver {
            Driver::BuildCost => p.capex.build.per_mw = p.capex.build.per_mw * factor,
            Driver::EquipmentPrice => {
                if let Some(e) = &mut p.capex.equipment {
                    e.price = match e.price {
                        EquipmentPrice::PerAccelerator(m) => {
                            EquipmentPrice::PerAccelerator(m * factor)
                        }
                        EquipmentPrice::PerRack(m) => EquipmentPrice::PerRack(m * factor),
                        EquipmentPrice::PerHashrate(m) => EquipmentPrice::PerHashrate(m * factor),
                    };
                }
            }
            Driver::SalePrice => p.model = p.model.scaled_price(factor),
            Driver::Utilisation => p.model = p.model.scaled_utilisation(factor)?,
            Driver::EnergyPrice => p.opex.energy = p.opex.energy.scaled(factor),
            Driver::OtherOpex => {
                p.opex.water = p.opex.water * factor;
                p.opex.maintenance = share(p.opex.maintenance)?;
                p.opex.cost_per_staff = p.opex.cost_per_staff * factor;
            }
            Driver::DiscountRate => {
                p.discounting.discount_rate = rate(p.discounting.discount_rate)?
            }
            Driver::InterestRate => p.financing.interest = rate(p.financing.interest)?,
        }
        p.validated()
    }
}

/// A driver of a tornado chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Build cost per MW.
    BuildCost,
    /// IT equipment price.
    EquipmentPrice,
    /// What is sold: GPU-hour price, rent or hashprice (the whole path).
    SalePrice,
    /// Utilisation, occupancy or uptime.
    Utilisation,
    /// Energy price.
    EnergyPrice,
    /// Water, maintenance and staff.
    OtherOpex,
    /// Discount rate.
    DiscountRate,
    /// Interest rate (moves the equity case only; project NPV is before financing).
    InterestRate,
}

impl Driver {
    /// Every driver.
    pub const ALL: [Driver; 8] = [
        Driver::BuildCost,
        Driver::EquipmentPrice,
        Driver::SalePrice,
        Driver::Utilisation,
        Driver::EnergyPrice,
        Driver::OtherOpex,
        Driver::DiscountRate,
        Driver::InterestRate,
    ];
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Driver::BuildCost => "build cost",
            Driver::EquipmentPrice => "equipment price",
            Driver::SalePrice => "sale price",
            Driver::Utilisation => "utilisation",
            Driver::EnergyPrice => "energy price",
            Driver::OtherOpex => "water, maintenance, staff",
            Driver::DiscountRate => "discount rate",
            Driver::InterestRate => "interest rate",
        })
    }
}

/// One bar of a tornado chart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The driver moved.
    pub driver: Driver,
    /// NPV with the driver at `1 − swing` of its value.
    pub npv_low: Money,
    /// NPV with the driver at `1 + swing` of its value.
    pub npv_high: Money,
    /// Equity NPV with the driver at `1 − swing` of its value.
    pub equity_npv_low: Money,
    /// Equity NPV with the driver at `1 + swing` of its value.
    pub equity_npv_high: Money,
}

impl TornadoBar {
    /// Width of the project-NPV bar, `|npv_high − npv_low|`.
    pub fn range(&self) -> Money {
        Money::new((self.npv_high - self.npv_low).get().abs())
    }
}

/// NPV sensitivity to the main drivers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// NPV as given.
    pub base: Money,
    /// Equity NPV as given.
    pub equity_base: Money,
    /// Relative swing of each driver.
    pub swing: Fraction,
    /// Bars, widest first.
    pub bars: Vec<TornadoBar>,
}
