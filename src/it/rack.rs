//! One kind of rack as deployed: its IT power, accelerators, the split of its heat between
//! liquid and air, and the classes of air and water it needs.

use super::catalog::ItSystem;
use super::cold_plates::ColdPlates;
use super::inlet::InletResponse;
use super::{AirClass, WaterClass};
use crate::error::{Error, Result};
use crate::units::*;

/// One kind of rack as deployed: its IT power at design, accelerators, how its heat splits
/// between liquid and air, and the inlet conditions it needs. All IT power becomes heat: with
/// the IT power `P` and the liquid share `f_l`,
///
/// ```text
/// Q_liquid = f_l·P        to the liquid loops (cold plates, immersion)
/// Q_air    = (1 − f_l)·P  to the air loops
/// ```
///
/// ```
/// use dcplan::it::{AirClass, RackProfile, WaterClass};
/// use dcplan::units::*;
/// let rack = RackProfile::new("GPU", kilowatts(120.0), 72,
///     Fraction::new(0.85)?, AirClass::A2, Some(WaterClass::W32))?;
/// assert!((rack.liquid_heat().get::<kilowatt>() - 102.0).abs() < 1e-9);
/// assert!((rack.air_heat().get::<kilowatt>() - 18.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
/// IT power and heats are [`Power`]s (W; a rack's heat equals its electric power), the liquid
/// share a [`Fraction`] of the IT power, the hash rate in TH/s ([`Hashrate`]).
///
/// # References
/// The energy balance of IT equipment (its electric power leaves as heat); the split and the
/// classes after ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed.,
/// 2021. The liquid share of a catalog system is a planning default unless its source says
/// otherwise (see [`ItSystem::source`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RackProfile {
    name: String,
    it_power: Power,
    accelerators: u32,
    liquid_fraction: Fraction,
    air_class: AirClass,
    water_class: Option<WaterClass>,
    hashrate_ths: f64,
    /// Power of one accelerator at its maximum (catalog systems), before any cap.
    accelerator_power: Option<Power>,
    /// The static power cap per accelerator, if the rack is provisioned at one.
    gpu_cap: Option<Power>,
    cold_plates: Option<ColdPlates>,
    coolant_limit: Option<ThermodynamicTemperature>,
    inlet_response: Option<InletResponse>,
}

impl RackProfile {
    /// Validates a profile. A rack with liquid-cooled heat must name its facility-water class.
    pub fn new(
        name: &str,
        it_power: Power,
        accelerators: u32,
        liquid_fraction: Fraction,
        air_class: AirClass,
        water_class: Option<WaterClass>,
    ) -> Result<Self> {
        let at = |e: Error| e.at(&format!("rack '{name}'"));
        power_positive("it_power", it_power).map_err(at)?;
        if liquid_fraction.get() > 0.0 && water_class.is_none() {
            return Err(at(Error::missing(
                "water_class",
                "a rack with liquid-cooled heat needs a facility-water class (W17 … W45, W+)",
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            it_power,
            accelerators,
            liquid_fraction,
            air_class,
            water_class,
            hashrate_ths: 0.0,
            accelerator_power: None,
            gpu_cap: None,
            cold_plates: None,
            coolant_limit: None,
            inlet_response: None,
        })
    }

    /// The same rack with its accelerators' cold-plate path described, so thermal headroom is
    /// judged at the chip as well as at the facility water.
    pub fn with_cold_plates(mut self, cold_plates: ColdPlates) -> Self {
        self.cold_plates = Some(cold_plates);
        self
    }

    /// The cold-plate path, if described.
    pub fn cold_plates(&self) -> Option<&ColdPlates> {
        self.cold_plates.as_ref()
    }

    /// The same rack with the vendor's limit on its coolant inlet (the rack side of the CDU,
    /// [`ItSystem::coolant_limit`]), judged like the chips' limit against the coolant supply.
    pub fn with_coolant_limit(mut self, limit: ThermodynamicTemperature) -> Result<Self> {
        temperature("coolant_limit", limit).map_err(|e| e.at(&format!("rack '{}'", self.name)))?;
        self.coolant_limit = Some(limit);
        Ok(self)
    }

    /// The vendor's limit on the rack's coolant inlet, if published.
    pub fn coolant_limit(&self) -> Option<ThermodynamicTemperature> {
        self.coolant_limit
    }

    /// The same rack with its IT power following its utilisation and inlet air
    /// ([`InletResponse`]); [`Self::it_power`] is then the design power `P_d` the response's
    /// curves scale. Without a response a rack draws its IT power whatever the hour.
    pub fn with_inlet_response(mut self, response: InletResponse) -> Self {
        self.inlet_response = Some(response);
        self
    }

    /// How the rack responds to its inlet air, if it does.
    pub fn inlet_response(&self) -> Option<&InletResponse> {
        self.inlet_response.as_ref()
    }

    /// `per_rack` systems of a catalog entry in one rack (1 for a rack-scale system).
    pub fn from_system(system: &ItSystem, per_rack: u32) -> Result<Self> {
        if per_rack == 0 || (system.is_rack_scale() && per_rack != 1) {
            return Err(Error::out_of_range(
                "systems_per_rack",
                f64::from(per_rack),
                "",
                if system.is_rack_scale() {
                    "1 for a rack-scale system"
                } else {
                    "at least 1"
                },
            ));
        }
        let accelerators = system.accelerators().checked_mul(per_rack).ok_or_else(|| {
            Error::out_of_range("systems_per_rack", f64::from(per_rack), "", "fewer systems")
        })?;
        let mut profile = Self::new(
            system.name(),
            system.power() * f64::from(per_rack),
            accelerators,
            system.liquid_fraction(),
            system.air_class(),
            system.water_class(),
        )?;
        profile.hashrate_ths = system.hashrate().get() * f64::from(per_rack);
        profile.accelerator_power = (system.accelerators() > 0).then(|| system.accelerator_power());
        profile.cold_plates = system.cold_plates()?;
        profile.coolant_limit = system.coolant_limit();
        Ok(profile)
    }

    /// The same rack drawing a different IT power at design (e.g. a measured or capped figure).
    pub fn with_it_power(mut self, it_power: Power) -> Result<Self> {
        self.it_power = power_positive("it_power", it_power)
            .map_err(|e| e.at(&format!("rack '{}'", self.name)))?;
        Ok(self)
    }

    /// The same rack with the power of one accelerator at its maximum stated, so it can be
    /// capped ([`RackProfile::with_gpu_cap`]); catalog systems carry it already.
    pub fn with_accelerator_power(mut self, per_accelerator: Power) -> Result<Self> {
        let at = |e: Error| e.at(&format!("rack '{}'", self.name));
        power_positive("accelerator_power", per_accelerator).map_err(at)?;
        let gpus = per_accelerator * f64::from(self.accelerators);
        if self.accelerators == 0 || gpus > self.it_power {
            return Err(at(Error::inconsistent(
                "accelerator_power",
                format!(
                    "{} accelerators of {} W make more than the rack's {} W (or the rack has none)",
                    self.accelerators,
                    per_accelerator.get::<watt>(),
                    self.it_power.get::<watt>()
                ),
            )));
        }
        self.accelerator_power = Some(per_accelerator);
        Ok(self)
    }

    /// The same rack provisioned with every accelerator capped at `cap` (static power capping,
    /// as Meta provisions GB200 at 960 W of 1,200 W): the rack's IT power becomes its non-GPU
    /// share plus the accelerators at the cap,
    ///
    /// ```text
    /// P_rack(cap) = P_rack − N_gpu·(P_gpu − cap)
    /// ```
    ///
    /// so the design power falls, and with it what the rack asks of the UPS, PDUs, halls,
    /// cooling and the grid. Throughput under the cap follows
    /// [`crate::flexibility::ThroughputCurve`]. The cap must be above 0 and at most the
    /// accelerator's power; a rack without a known accelerator power cannot be capped.
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    /// let capped = rack.clone().with_gpu_cap(Power::new::<watt>(960.0))?;
    /// let per_gpu = rack.accelerator_power().unwrap().get::<watt>();
    /// let less = 72.0 * (per_gpu - 960.0) / 1e3;
    /// assert!((capped.it_power().get::<kilowatt>() - (rack.it_power().get::<kilowatt>() - less)).abs() < 1e-9);
    /// assert!(rack.with_gpu_cap(Power::new::<watt>(5_000.0)).is_err()); // above the GPU's power
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # Units
    ///
    /// `cap` is electric power per accelerator (W).
    ///
    /// # References
    ///
    /// Meta's GB200 provisioning at 960 W (80 % of 1,200 W): Ardestani et al., *Provisioning to
    /// Runtime Optimization of a 100 MW-Scale AI Cluster*, arXiv:2605.24461 (2026);
    /// `docs/models.md`, "Flexibility".
    pub fn with_gpu_cap(mut self, cap: Power) -> Result<Self> {
        let at = |e: Error| e.at(&format!("rack '{}'", self.name));
        let Some(max) = self.accelerator_power else {
            return Err(at(Error::missing(
                "gpu_cap",
                "the rack's accelerator power is unknown, so it cannot be capped (state it, or use a catalog system)",
            )));
        };
        let w = cap.get::<watt>();
        if !(w.is_finite() && w > 0.0 && cap <= max) {
            return Err(at(Error::out_of_range(
                "gpu_cap",
                w,
                "W",
                &format!(
                    "above 0 and at most the accelerator's {} W",
                    max.get::<watt>()
                ),
            )));
        }
        let base = self.gpu_cap.unwrap_or(max);
        self.it_power -= (base - cap) * f64::from(self.accelerators);
        self.gpu_cap = Some(cap);
        Ok(self)
    }

    /// Power of one accelerator at its maximum, before any cap, where known.
    pub fn accelerator_power(&self) -> Option<Power> {
        self.accelerator_power
    }

    /// The static cap per accelerator the rack is provisioned at, if any.
    pub fn gpu_cap(&self) -> Option<Power> {
        self.gpu_cap
    }

    /// Name of the profile.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// IT power per rack at design.
    pub fn it_power(&self) -> Power {
        self.it_power
    }
    /// Accelerators (GPUs) per rack.
    pub fn accelerators(&self) -> u32 {
        self.accelerators
    }
    /// Share of heat to liquid.
    pub fn liquid_fraction(&self) -> Fraction {
        self.liquid_fraction
    }
    /// Heat to liquid per rack, `f_l·P`.
    pub fn liquid_heat(&self) -> Power {
        self.it_power * self.liquid_fraction.get()
    }
    /// Heat to air per rack, `(1 − f_l)·P`.
    pub fn air_heat(&self) -> Power {
        self.it_power * (1.0 - self.liquid_fraction.get())
    }
    /// Air class needed.
    pub fn air_class(&self) -> AirClass {
        self.air_class
    }
    /// Facility-water class needed, for liquid-cooled racks.
    pub fn water_class(&self) -> Option<WaterClass> {
        self.water_class
    }
    /// Hash rate per rack (bitcoin miners; zero otherwise).
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_value(self.hashrate_ths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::it::catalog;

    #[test]
    fn rack_validation() {
        assert!(
            RackProfile::new("x", kilowatts(-1.0), 0, Fraction::ZERO, AirClass::A1, None).is_err()
        );
        assert!(
            RackProfile::new(
                "x",
                kilowatts(f64::NAN),
                0,
                Fraction::ZERO,
                AirClass::A1,
                None
            )
            .is_err()
        );
        let liquid_without_class =
            RackProfile::new("x", kilowatts(50.0), 8, Fraction::ONE, AirClass::A1, None);
        assert!(liquid_without_class.is_err());
        let nvl = catalog::find("GB200 NVL72").unwrap();
        assert!(RackProfile::from_system(nvl, 2).is_err());
        let dgx = catalog::find("DGX H100").unwrap();
        let rack = RackProfile::from_system(dgx, 4).unwrap();
        assert_eq!(rack.accelerators(), 32);
        assert!((rack.it_power().get::<kilowatt>() - 40.8).abs() < 1e-9);
    }
}
