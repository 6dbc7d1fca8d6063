//! The carbon of heat reuse: the heat a site delivers to a network displaces heat the network
//! would otherwise make (a boiler, or district heat of a known emission factor), and the heat
//! pump that lifts it draws grid electricity.
//!
//! For heat `Q` delivered by a heat pump of coefficient of performance `COP` on electricity of
//! emission factor `EF_el`, displacing heat of emission factor `EF_heat` (a boiler: its fuel's
//! factor over its efficiency, `EF_fuel/η_b`):
//!
//! ```text
//! ΔCO₂ = Q·EF_el/COP − Q·EF_heat
//! ```
//!
//! which is not positive (reuse never adds carbon for a fixed heat demand) exactly when
//! `COP ≥ EF_el/EF_heat = EF_el·η_b/EF_fuel` ([`DisplacedHeat::break_even_cop`]). The cooling
//! the plant no longer does only lowers the site's own emissions further.
//!
//! # References
//!
//! - Derived from the definitions (`docs/models.md`, "Heat reuse"; research notes §9.4).
//! - Natural gas: 0.18105 kgCO₂ per kWh of fuel (HHV), US EPA emission factors for greenhouse
//!   gas inventories (53.06 kg CO₂/MMBtu), the figure in the example below.

use super::carbon::{EmissionFactor, checked_factor};
use crate::error::Result;
use crate::units::*;

/// The heat reuse displaces: what would otherwise supply the network's heat.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DisplacedHeat {
    /// A boiler: `fuel` the emission factor per kWh of fuel, `efficiency` heat out per fuel in.
    Boiler {
        /// Heat out over fuel in.
        efficiency: Efficiency,
        /// Emission factor of the fuel, per kWh of fuel.
        fuel: EmissionFactor,
    },
    /// District heat (or any heat source) with an emission factor per kWh of heat.
    Heat(EmissionFactor),
}

impl DisplacedHeat {
    /// A boiler, its fuel's factor validated (finite, not negative).
    pub fn boiler(efficiency: Efficiency, fuel: EmissionFactor) -> Result<Self> {
        Ok(Self::Boiler {
            efficiency,
            fuel: checked_factor("displaced_heat.fuel", fuel)?,
        })
    }

    /// Heat of a given emission factor per kWh of heat, validated.
    pub fn heat(factor: EmissionFactor) -> Result<Self> {
        checked_factor("displaced_heat.emission_factor", factor).map(Self::Heat)
    }

    /// Emissions per kWh of heat displaced, `EF_heat` (`EF_fuel/η_b` for a boiler).
    pub fn per_heat(&self) -> EmissionFactor {
        match *self {
            Self::Boiler { efficiency, fuel } => fuel / efficiency.get(),
            Self::Heat(f) => f,
        }
    }

    /// The COP above which a heat pump on electricity of factor `electricity` emits less than
    /// the heat it displaces, `EF_el/EF_heat = EF_el·η_b/EF_fuel`; `None` for carbon-free
    /// displaced heat (no COP breaks even unless the electricity is carbon-free too).
    ///
    /// ```
    /// use dcplan::sustainability::{grams_per_kwh, DisplacedHeat};
    /// use dcplan::units::Efficiency;
    /// // German grid 380 g/kWh, gas boiler at 90 % on 181.05 g/kWh of fuel: COP ≥ 1.889.
    /// let gas = DisplacedHeat::boiler(Efficiency::new(0.9)?, grams_per_kwh(181.05))?;
    /// let cop = gas.break_even_cop(grams_per_kwh(380.0)).unwrap();
    /// assert!((cop - 380.0 * 0.9 / 181.05).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn break_even_cop(&self, electricity: EmissionFactor) -> Option<f64> {
        let heat = self.per_heat();
        (heat > EmissionFactor::ZERO).then(|| (electricity / heat).get::<ratio>())
    }

    /// Emissions of `heat` from the displaced source.
    pub fn emissions(&self, heat: Energy) -> Mass {
        heat * self.per_heat()
    }
}

/// The change in emissions reuse makes, `ΔCO₂ = W·EF_el − Q·EF_heat`, for heat pumps drawing
/// `heat_pump` electricity of factor `electricity` to deliver `delivered` heat that displaces
/// `displaced`; negative where reuse avoids emissions. The plant's own savings (less heat to
/// reject) are not in it: they are in the site's emissions.
///
/// # Units
///
/// Electric energy `heat_pump`, thermal energy `delivered`; mass of CO₂(-equivalent).
///
/// # References
///
/// Module documentation.
pub fn reuse_emissions_change(
    heat_pump: Energy,
    delivered: Energy,
    electricity: EmissionFactor,
    displaced: &DisplacedHeat,
) -> Mass {
    heat_pump * electricity - displaced.emissions(delivered)
}
