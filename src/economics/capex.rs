//! Capital costs: the facility build and the IT equipment.

use super::{AnnualFigures, BusinessModel};
use crate::cooling::Technology;
use crate::error::{Error, Result};
use crate::money::*;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// Uptime Institute tier of the facility's power and cooling topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// Basic capacity: one path, no redundant components.
    I,
    /// Redundant capacity components on one path.
    II,
    /// Concurrently maintainable.
    III,
    /// Fault tolerant.
    IV,
}

impl Tier {
    /// Build cost relative to Tier III: 0.50, 0.55, 1.00, 1.10 \[U\] — the ratios of the
    /// Uptime Institute cost model (Turner & Seader, *Dollars per kW plus Dollars per Square
    /// Foot of Computer Floor*, about $10k, $11k, $20k, $22k per kW for Tiers I–IV), as
    /// recalled, not checked against the paper.
    pub fn cost_factor(self) -> f64 {
        match self {
            Tier::I => 0.5,
            Tier::II => 0.55,
            Tier::III => 1.0,
            Tier::IV => 1.1,
        }
    }
}

/// What a build cost per MW is per.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityBasis {
    /// Per MW of installed IT (critical) capacity, at the IT equipment input.
    It,
    /// Per MW of facility power at the design hour, at the grid.
    Facility,
}

/// Build (shell, power and cooling) capex, excluding IT equipment and land.
///
/// # Units
///
/// Real US dollars per MW of the [`CapacityBasis`]: of IT capacity (design IT power at the IT
/// equipment input, the "critical load" of cost guides) or of facility power at the design
/// hour (at the grid) — not per MW of interconnect.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuildCost {
    /// Cost per MW of the basis.
    pub per_mw: UsdPerMw,
    /// Per MW of what.
    pub basis: CapacityBasis,
    /// Straight-line life for the residual value. Default **20 years** \[U\] (power and cooling
    /// plant; the shell lasts longer).
    pub life: Time,
}

impl BuildCost {
    /// AI-ready liquid-cooled capacity: **$9.5M per MW of IT**, the middle of $8–11M \[S\]
    /// (seed article, 2026).
    pub const AI_READY_LIQUID: UsdPerMw = UsdPerMw::from_millions(9.5);
    /// US average build cost **$11.7M per MW of critical load** (19 markets, range
    /// $9.3–15.0M, excluding IT and land) \[P\] (Cushman & Wakefield, *Data Center Development
    /// Cost Guide* 2025) — mostly air-cooled Tier III builds.
    pub const US_AVERAGE_2025: UsdPerMw = UsdPerMw::from_millions(11.7);
    /// An air-cooled bitcoin mine (sheds or containers, fan walls, no UPS or generators):
    /// **$0.4M per MW** \[U\].
    pub const BITCOIN_MINE: UsdPerMw = UsdPerMw::from_millions(0.4);

    /// A cost per MW of IT with the default life.
    pub fn per_mw_of_it(per_mw: UsdPerMw) -> Self {
        Self {
            per_mw,
            basis: CapacityBasis::It,
            life: Time::new::<time::year>(20.0),
        }
    }

    /// The reference cost per MW of IT for a cooling technology and tier: liquid (direct to
    /// chip, immersion, seawater) from [`BuildCost::AI_READY_LIQUID`], air from
    /// [`BuildCost::US_AVERAGE_2025`], both taken as Tier III and scaled by
    /// [`Tier::cost_factor`].
    ///
    /// ```
    /// use dcplan::cooling::Technology;
    /// use dcplan::economics::{BuildCost, Tier};
    /// let c = BuildCost::reference(Technology::DirectToChipDryCooler, Tier::IV);
    /// assert!((c.per_mw.millions() - 10.45).abs() < 1e-12); // 9.5 × 1.1
    /// ```
    pub fn reference(technology: Technology, tier: Tier) -> Self {
        let base = match technology {
            Technology::DirectToChipDryCooler
            | Technology::DirectToChipAdiabatic
            | Technology::DirectToChipChilledWater
            | Technology::DirectToChipTower
            | Technology::Immersion
            | Technology::SeawaterOnceThrough => Self::AI_READY_LIQUID,
            Technology::AirChiller
            | Technology::AirEconomiser
            | Technology::AirOutsideAir
            | Technology::AirSeawater => Self::US_AVERAGE_2025,
        };
        Self::per_mw_of_it(base * tier.cost_factor())
    }

    pub(super) fn total(&self, f: &AnnualFigures) -> Money {
        self.per_mw
            * match self.basis {
                CapacityBasis::It => f.it_capacity,
                CapacityBasis::Facility => f.facility_peak,
            }
    }
}

/// How IT equipment is priced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EquipmentPrice {
    /// Per accelerator, all in (its share of servers, network, storage, installation).
    PerAccelerator(Money),
    /// Per primary rack, all in.
    PerRack(Money),
    /// Per TH/s of miner hash rate (how ASICs are quoted).
    PerHashrate(UsdPerThs),
}

/// IT equipment bought by the project, replaced at the end of its life.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Equipment {
    /// Price.
    pub price: EquipmentPrice,
    /// Life: the equipment is bought again this long after each purchase.
    pub life: Time,
}

impl Equipment {
    /// GPUs at **$32,500 each**, the middle of $25–40k for an H100 \[S\] (all-in systems with
    /// network cost more), replaced after **5 years** \[U\].
    pub fn gpus() -> Self {
        Self {
            price: EquipmentPrice::PerAccelerator(Money::new(32_500.0)),
            life: Time::new::<time::year>(5.0),
        }
    }

    /// Bitcoin miners at **$15 per TH/s** (an Antminer S21 at about $3,000) \[U\], replaced after
    /// **4 years** \[U\].
    pub fn miners() -> Self {
        Self {
            price: EquipmentPrice::PerHashrate(UsdPerThs::new(15.0)),
            life: Time::new::<time::year>(4.0),
        }
    }

    pub(super) fn total(&self, f: &AnnualFigures) -> Money {
        match self.price {
            EquipmentPrice::PerAccelerator(p) => p * f.accelerators as f64,
            EquipmentPrice::PerRack(p) => p * f.racks as f64,
            EquipmentPrice::PerHashrate(p) => p * f.hashrate,
        }
    }

    fn validate(&self, f: &AnnualFigures) -> Result<()> {
        let (price, unit, units, what) = match self.price {
            EquipmentPrice::PerAccelerator(p) => {
                (p.get(), "USD", f.accelerators as f64, "accelerators")
            }
            EquipmentPrice::PerRack(p) => (p.get(), "USD", f.racks as f64, "racks"),
            EquipmentPrice::PerHashrate(p) => {
                (p.get(), UsdPerThs::UNIT, f.hashrate.get(), "hash rate")
            }
        };
        money_non_negative("price", price, unit)?;
        within("life", self.life.get::<time::year>(), "years", 0.0, 100.0)?;
        positive("life", self.life.get::<time::year>(), "years")?;
        if units <= 0.0 {
            return Err(Error::inconsistent(
                "price",
                format!("equipment priced per unit of {what}, but the site's figures have none"),
            ));
        }
        Ok(())
    }
}

/// Capital costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capex {
    /// Build cost of the facility, spread over the phases by their share and paid at each
    /// phase's construction start.
    pub build: BuildCost,
    /// IT equipment the project buys (none for colocation: tenants bring theirs), paid as
    /// each phase comes online.
    pub equipment: Option<Equipment>,
}

impl Capex {
    /// The defaults for a business model: AI-ready liquid build and GPUs for GPU rental,
    /// AI-ready liquid build alone for colocation, a bitcoin mine and miners for mining.
    pub fn default_for(model: &BusinessModel) -> Self {
        match model {
            BusinessModel::GpuRental { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::AI_READY_LIQUID),
                equipment: Some(Equipment::gpus()),
            },
            BusinessModel::Colocation { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::AI_READY_LIQUID),
                equipment: None,
            },
            BusinessModel::BitcoinMining { .. } => Self {
                build: BuildCost::per_mw_of_it(BuildCost::BITCOIN_MINE),
                equipment: Some(Equipment::miners()),
            },
        }
    }

    /// What is in service at full build-out, the base of maintenance: the build, the
    /// project's `grid` connection and the first equipment.
    pub(super) fn in_service(&self, f: &AnnualFigures, grid: Money) -> Money {
        self.build.total(f) + grid + self.equipment.map_or(Money::ZERO, |e| e.total(f))
    }

    pub(super) fn validate(&self, f: &AnnualFigures) -> Result<()> {
        let b = &self.build;
        money_non_negative("build.per_mw", b.per_mw.get(), UsdPerMw::UNIT)?;
        within(
            "build.life",
            b.life.get::<time::year>(),
            "years",
            0.0,
            100.0,
        )?;
        positive("build.life", b.life.get::<time::year>(), "years")?;
        if let Some(e) = &self.equipment {
            e.validate(f).map_err(|e| e.at("equipment"))?;
        }
        Ok(())
    }
}
