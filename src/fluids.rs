//! TEMPORARY stand-in until the fluids branch merges (replaced wholesale).
use crate::error::Result;
use crate::units::*;

/// A heat-transfer fluid.
#[derive(Clone, Debug, PartialEq)]
pub enum Coolant {
    /// Water.
    Water,
    /// Seawater.
    Seawater {
        /// Absolute salinity.
        absolute_salinity: Ratio,
    },
}

impl Coolant {
    /// Seawater.
    pub fn seawater(absolute_salinity: Ratio) -> Result<Self> {
        Ok(Coolant::Seawater { absolute_salinity })
    }
    /// cp.
    pub fn specific_heat(&self, _t: ThermodynamicTemperature) -> Result<SpecificHeatCapacity> {
        Ok(SpecificHeatCapacity::new::<joule_per_kilogram_kelvin>(
            match self {
                Coolant::Water => 4181.0,
                Coolant::Seawater { .. } => 3994.0,
            },
        ))
    }
    /// rho.
    pub fn density(&self, _t: ThermodynamicTemperature) -> Result<MassDensity> {
        Ok(MassDensity::new::<kilogram_per_cubic_meter>(1000.0))
    }
    /// range.
    pub fn valid_range(&self) -> (ThermodynamicTemperature, ThermodynamicTemperature) {
        (celsius(0.0), celsius(100.0))
    }
}

/// h_fg.
pub fn latent_heat_of_vaporisation(
    _t: ThermodynamicTemperature,
) -> Result<uom::si::f64::AvailableEnergy> {
    Ok(uom::si::f64::AvailableEnergy::new::<
        uom::si::available_energy::joule_per_kilogram,
    >(2.43e6))
}
