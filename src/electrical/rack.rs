//! The racks' own power conversion: the power shelf that turns the distribution's power into
//! the rack's 54 V bus, and what it means for the power a catalog rack draws.
//!
//! A catalog rack's power ([`crate::it::RackProfile::it_power`]) is what the rack draws at its
//! input with its standard AC power shelf (PSUs, AC → 54 V). Behind the shelf, on the 54 V bus,
//! is the compute load `P_54`; the shelf's loss is inside the rack. With 800 V DC distribution
//! the shelf becomes a DC/DC converter (800 → 54 V) with its own efficiency, the compute load
//! behind it stays the same, and so the same rack draws another power at its input:
//!
//! ```text
//! P_54 = P_catalog · η_catalog(x_d)          the load behind the catalog's AC shelf
//! P_in = P_54 / η_supply(x_d)                 what the rack draws with this chain's supply
//!      = P_catalog · η_catalog / η_supply
//! ```
//!
//! with `x_d` each supply's per-unit load at the rack's design power. `P_in` is the IT power
//! at the IT equipment input (ISO/IEC 30134-2, PUE category 3) in either layout.

use super::LossCurve;
use crate::error::{Error, Result};
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What converts the distribution's power for the rack's 54 V bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RackSupplyKind {
    /// An AC power shelf: PSUs from the AC distribution (e.g. 415/240 V) to 54 V DC.
    AcShelf,
    /// A DC/DC converter from 800 V DC to the rack's 54 V bus.
    DcDc,
}

impl fmt::Display for RackSupplyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RackSupplyKind::AcShelf => "AC power shelf",
            RackSupplyKind::DcDc => "800 V DC/DC",
        })
    }
}

/// The racks' power conversion (their power shelf), part of the IT equipment: its losses are
/// IT power, not electrical-chain losses, and the IT equipment input is on its input side.
///
/// ```
/// use dcplan::electrical::RackSupply;
/// use dcplan::units::*;
/// // A 120 kW catalog rack: 115.2 kW behind its AC shelf (96 % at half load); an 800 V DC/DC
/// // at 98 % feeds the same load from 117.55 kW.
/// let rack = Power::new::<kilowatt>(120.0);
/// assert!((RackSupply::CATALOG_SHELF.load_behind(rack).get::<kilowatt>() - 115.2).abs() < 1e-9);
/// let dc = RackSupply::dc_dc_800v();
/// assert!((dc.rack_input(rack).get::<kilowatt>() - 115.2 / 0.98).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// The loss curve is per unit of the supply's rating, evaluated at `design_load`, the per-unit
/// output of its converters at the rack's design power (an N+N shelf runs each PSU at about
/// half load). Powers are real electric power (W).
///
/// # References
///
/// - Catalog shelf: 80 PLUS Titanium, 230 V internal redundant, minimum efficiencies 94 / 96 /
///   91 % at 20 / 50 / 100 % load (CLEAResult 80 PLUS program, as tabulated at
///   <https://en.wikipedia.org/wiki/80_Plus>), fitted with [`LossCurve::from_efficiencies`], at
///   50 % load: NVIDIA's GB200 reference rack has 8 power shelves of 6 × 5.5 kW PSUs, 264 kW for
///   a rack of 120–132 kW (NVIDIA Base Command Manager manual, "BCM Power Shelf Integration").
/// - 800 → 50 V DC/DC: 98 % (P. Scalia, Renesas, "800 V DC in AI data centers", PEI
///   presentation, <https://peinternational.net/presentation/40>; one published figure, so a
///   constant efficiency).
/// - `docs/models.md`, "Electrical" → "800 V DC distribution".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RackSupply {
    kind: RackSupplyKind,
    losses: LossCurve,
    design_load: Fraction,
    /// Efficiency at the design load.
    efficiency: f64,
}

impl RackSupply {
    /// The AC power shelf behind which catalog rack powers are given: 80 PLUS Titanium
    /// (230 V internal redundant) minimums at 50 % load, η = 96 %.
    pub const CATALOG_SHELF: RackSupply = RackSupply {
        kind: RackSupplyKind::AcShelf,
        // The fit of the Titanium points at 20 / 50 / 100 % load (checked against
        // `LossCurve::from_efficiencies` in the tests).
        losses: LossCurve::fitted(
            0.023_543_241_628_348_012,
            -0.086_197_490_452_809_6,
            0.161_555_347_725_560_5,
        ),
        design_load: Fraction::new_const(0.5),
        efficiency: 0.96,
    };

    /// A supply of `kind` with `losses` per unit of its rating, running at `design_load` of
    /// its rating at the rack's design power.
    pub fn new(kind: RackSupplyKind, losses: LossCurve, design_load: Fraction) -> Result<Self> {
        let x = design_load.get();
        if x <= 0.0 {
            return Err(Error::out_of_range(
                "design_load",
                x,
                "",
                "a load above 0 (the share of the supply's rating the rack draws at design)",
            ));
        }
        let efficiency = losses.efficiency(x);
        if !(efficiency.is_finite() && efficiency > 0.0 && efficiency <= 1.0) {
            return Err(Error::inconsistent(
                "losses",
                format!("the losses give an efficiency of {efficiency} at the design load {x}"),
            ));
        }
        Ok(Self {
            kind,
            losses,
            design_load,
            efficiency,
        })
    }

    /// An 800 V → 54 V DC/DC converter at 98 % (Renesas, PEI presentation; constant: one
    /// published figure).
    pub fn dc_dc_800v() -> Self {
        Self {
            kind: RackSupplyKind::DcDc,
            losses: LossCurve::constant(Efficiency::new_const(0.98)),
            design_load: Fraction::new_const(0.5),
            efficiency: 0.98,
        }
    }

    /// What it is.
    pub fn kind(&self) -> RackSupplyKind {
        self.kind
    }
    /// Loss curve per unit of its rating.
    pub fn losses(&self) -> LossCurve {
        self.losses
    }
    /// Per-unit load at the rack's design power.
    pub fn design_load(&self) -> Fraction {
        self.design_load
    }
    /// Efficiency at the design load.
    pub fn efficiency(&self) -> f64 {
        self.efficiency
    }

    /// The load behind this supply (on the rack's 54 V bus) of a rack drawing `input` at it.
    pub fn load_behind(&self, input: Power) -> Power {
        input * self.efficiency
    }

    /// What a rack draws at its input with this supply, for a catalog power `catalog` (given
    /// at the input of [`RackSupply::CATALOG_SHELF`]): `catalog · η_catalog / η`.
    pub fn rack_input(&self, catalog: Power) -> Power {
        catalog * self.catalog_ratio()
    }

    /// `η_catalog / η`: the rack input with this supply per watt of catalog power (exactly 1
    /// for the catalog shelf).
    pub fn catalog_ratio(&self) -> f64 {
        if *self == Self::CATALOG_SHELF {
            1.0
        } else {
            Self::CATALOG_SHELF.efficiency / self.efficiency
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// The 80 PLUS Titanium 230 V internal-redundant minimums at 20 / 50 / 100 % load.
    const TITANIUM: [(Fraction, Efficiency); 3] = [
        (Fraction::new_const(0.2), Efficiency::new_const(0.94)),
        (Fraction::new_const(0.5), Efficiency::new_const(0.96)),
        (Fraction::new_const(1.0), Efficiency::new_const(0.91)),
    ];

    #[test]
    fn the_catalog_shelf_is_the_fit_of_the_titanium_minimums() {
        let fit = LossCurve::from_efficiencies(TITANIUM).unwrap();
        let (a, b, c) = fit.coefficients();
        let (a0, b0, c0) = RackSupply::CATALOG_SHELF.losses.coefficients();
        assert_relative_eq!(a, a0, max_relative = 1e-12);
        assert_relative_eq!(b, b0, max_relative = 1e-12);
        assert_relative_eq!(c, c0, max_relative = 1e-12);
        // The 80 PLUS points, and the 10 % point the fit does not use (90 % minimum): the
        // three-term fit gives 85.8 % there, below the floor — it is used at half load.
        for (x, eta) in [(0.2, 0.94), (0.5, 0.96), (1.0, 0.91)] {
            assert_relative_eq!(fit.efficiency(x), eta, max_relative = 1e-12);
        }
        assert_relative_eq!(fit.efficiency(0.1), 0.858_08, max_relative = 1e-5);
        let shelf = RackSupply::new(RackSupplyKind::AcShelf, fit, Fraction::new(0.5).unwrap());
        assert_relative_eq!(
            shelf.unwrap().efficiency(),
            RackSupply::CATALOG_SHELF.efficiency(),
            max_relative = 1e-12
        );
        assert_eq!(RackSupply::CATALOG_SHELF.catalog_ratio(), 1.0);
    }

    #[test]
    fn an_800v_dc_dc_supply_draws_less_for_the_same_load() {
        // 0.96 / 0.98 = 0.979592: a 132 kW catalog rack draws 129.31 kW with 800 V DC/DC.
        let dc = RackSupply::dc_dc_800v();
        assert_relative_eq!(dc.catalog_ratio(), 0.96 / 0.98, max_relative = 1e-12);
        let p = dc.rack_input(Power::new::<kilowatt>(132.0));
        assert_relative_eq!(p.get::<kilowatt>(), 129.306_122_4, max_relative = 1e-9);
        assert_relative_eq!(
            dc.load_behind(p).get::<kilowatt>(),
            132.0 * 0.96,
            max_relative = 1e-12
        );
    }

    #[test]
    fn a_supply_needs_a_load_and_a_physical_efficiency() {
        let c = LossCurve::constant(Efficiency::new(0.97).unwrap());
        assert!(RackSupply::new(RackSupplyKind::DcDc, c, Fraction::ZERO).is_err());
        let ok = RackSupply::new(RackSupplyKind::DcDc, c, Fraction::ONE).unwrap();
        assert_relative_eq!(ok.efficiency(), 0.97, max_relative = 1e-12);
    }
}
