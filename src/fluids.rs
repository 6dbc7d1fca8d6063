//! Heat-transfer liquids: specific heat and density of the coolants a data center pumps, the flow
//! a heat load needs, and the latent heat of evaporating water.
//!
//! | [`Coolant`] | model | valid at 101.325 kPa |
//! |---|---|---|
//! | water | IAPWS-IF97 region 1 (IAPWS R7-97(2012)) | 0 … 99.974 °C (boiling) |
//! | propylene / ethylene glycol–water | CoolProp `INCOMP::MPG` / `INCOMP::MEG` fits of Melinder (2010) | mass fraction 0 … 0.6; freezing point … 100 °C |
//! | seawater | TEOS-10 Gibbs function (IAPWS-08 saline part + IAPWS-09 pure water) | S_A 0 … 42 g/kg; freezing point … 40 °C |
//!
//! [`latent_heat_of_vaporisation`] follows IAPWS SR1-86(1992). Every property function checks its
//! inputs against these ranges and returns an error outside them. Equations and sources are in
//! `docs/models.md`, section "Fluids".
//!
//! ```
//! use dcplan::fluids::Coolant;
//! use dcplan::units::*;
//! // 120 kW carried by water warming 30 → 40 °C (properties at the 35 °C mean).
//! let m = Coolant::Water.mass_flow_for(Power::new::<kilowatt>(120.0), kelvin_diff(10.0), celsius(35.0))?;
//! assert!((m.get::<kilogram_per_second>() - 2.871_537).abs() < 1e-6); // iapws 1.5.5, IF97
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::units::*;
use uom::si::available_energy::joule_per_kilogram;
use uom::si::f64::AvailableEnergy;
use uom::si::ratio::per_mille;

/// Pressure at which all coolant properties are evaluated: one standard atmosphere, Pa.
const P_ATM_PA: f64 = 101_325.0;
/// Normal boiling point of water on ITS-90 (IAPWS-95), °C: IF97 region 1 (liquid) ends there.
const WATER_BOILING_C: f64 = 99.974;
/// Largest glycol mass fraction of the Melinder fits (CoolProp `xmax`).
const GLYCOL_X_MAX: f64 = 0.6;
/// Upper temperature limit of the Melinder fits (CoolProp `Tmax`), °C.
const GLYCOL_T_MAX_C: f64 = 100.0;
/// Largest Absolute Salinity of TEOS-10's oceanographic standard range, g/kg.
const SEAWATER_SA_MAX_G_KG: f64 = 42.0;
/// Upper temperature limit of TEOS-10's oceanographic standard range, °C.
const SEAWATER_T_MAX_C: f64 = 40.0;
/// Absolute Salinity of Standard Seawater at practical salinity 35 (TEOS-10 S_SO), g/kg.
const STANDARD_OCEAN_SALINITY_G_KG: f64 = 35.165_04;

/// A heat-transfer fluid, liquid at atmospheric pressure.
///
/// Build the mixtures with the validated constructors ([`Coolant::new_propylene_glycol`],
/// [`Coolant::new_ethylene_glycol`], [`Coolant::new_seawater`]); the property methods check the
/// composition again and reject temperatures outside [`Coolant::valid_range`].
///
/// ```
/// use dcplan::fluids::Coolant;
/// use dcplan::units::*;
/// let pg = Coolant::new_propylene_glycol(Fraction::new(0.3)?)?;
/// let cp = pg.specific_heat(celsius(20.0))?;
/// assert!((cp.get::<joule_per_kilogram_kelvin>() - 3857.004).abs() < 1e-3); // CoolProp 8.0.0
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// Outside the crate the mixtures cannot be built unchecked:
///
/// ```compile_fail
/// use dcplan::fluids::Coolant;
/// use dcplan::units::Fraction;
/// let _ = Coolant::PropyleneGlycol { mass_fraction: Fraction::new(0.9).unwrap() };
/// ```
///
/// # Units
///
/// Compositions are mass ratios: glycol mass fraction (kg glycol per kg mixture) and seawater
/// Absolute Salinity (kg of dissolved salts per kg seawater). Every property is evaluated at
/// 101.325 kPa; inside the fits temperatures are absolute (K).
///
/// # References
///
/// - Water: IAPWS R7-97(2012), *Revised Release on the IAPWS Industrial Formulation 1997 for
///   the Thermodynamic Properties of Water and Steam* (IF97), region 1, eq. 7 and table 2.
/// - Glycol–water: Å. Melinder, *Properties of Secondary Working Fluids for Indirect Systems*
///   (IIR, 2010), as fitted in CoolProp's incompressible liquids `INCOMP::MPG` and
///   `INCOMP::MEG` (CoolProp 8.0.0, `dev/incompressible_liquids/json/MPG.json`, `MEG.json`;
///   I.H. Bell et al., *Ind. Eng. Chem. Res.* 53 (2014) 2498, doi:10.1021/ie4033999).
/// - Seawater: IOC, SCOR & IAPSO, *The international thermodynamic equation of seawater –
///   2010* (TEOS-10), IOC Manuals and Guides No. 56: the Gibbs function with the pure-water
///   part of IAPWS SR7-09 and the saline part of IAPWS R13-08; freezing point from
///   T.J. McDougall et al., *J. Phys. Oceanogr.* 44 (2014) 1751, doi:10.1175/JPO-D-13-0253.1.
/// - `docs/models.md`, "Fluids", for the equations and the reference values tested.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Coolant {
    /// Pure liquid water.
    Water,
    /// Water–propylene glycol (CoolProp `INCOMP::MPG`, Melinder 2010).
    #[non_exhaustive]
    PropyleneGlycol {
        /// Glycol mass per mass of mixture — by **mass**, not by volume as vendor tables often
        /// quote it; 0 … 0.6.
        mass_fraction: Fraction,
    },
    /// Water–ethylene glycol (CoolProp `INCOMP::MEG`, Melinder 2010).
    #[non_exhaustive]
    EthyleneGlycol {
        /// Glycol mass per mass of mixture (by mass), 0 … 0.6.
        mass_fraction: Fraction,
    },
    /// Seawater of Reference Composition (TEOS-10).
    #[non_exhaustive]
    Seawater {
        /// **Absolute** Salinity S_A: mass of dissolved salts per mass of seawater, as a ratio in
        /// kg/kg (35 g/kg = 0.035 = `Ratio::new::<per_mille>(35.0)`), 0 … 42 g/kg. Not the
        /// practical salinity S_P of PSS-78 (a plain "35"): convert that with
        /// [`absolute_salinity_from_practical`].
        absolute_salinity: Ratio,
    },
}

impl Coolant {
    /// Water–propylene glycol with a glycol mass fraction of 0 … 0.6.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let pg = Coolant::new_propylene_glycol(Fraction::new(0.3)?)?;
    /// assert!((to_celsius(pg.valid_range().0) - -12.789).abs() < 1e-3); // freezes at −12.789 °C
    /// assert!(Coolant::new_propylene_glycol(Fraction::new(0.7)?).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn new_propylene_glycol(mass_fraction: Fraction) -> Result<Self> {
        check_glycol_fraction(mass_fraction)?;
        Ok(Coolant::PropyleneGlycol { mass_fraction })
    }

    /// Water–ethylene glycol with a glycol mass fraction of 0 … 0.6.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let eg = Coolant::new_ethylene_glycol(Fraction::new(0.4)?)?;
    /// let rho = eg.density(celsius(20.0))?;
    /// assert!((rho.get::<kilogram_per_cubic_meter>() - 1051.861).abs() < 1e-3); // CoolProp 8.0.0
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn new_ethylene_glycol(mass_fraction: Fraction) -> Result<Self> {
        check_glycol_fraction(mass_fraction)?;
        Ok(Coolant::EthyleneGlycol { mass_fraction })
    }

    /// Seawater with an **Absolute** Salinity S_A of 0 … 42 g/kg (TEOS-10's oceanographic
    /// standard range), given as a ratio in kg/kg.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// use uom::si::ratio::per_mille;
    /// let sea = Coolant::new_seawater(Ratio::new::<per_mille>(35.0))?; // 35 g/kg
    /// let cp = sea.specific_heat(celsius(20.0))?;
    /// assert!((cp.get::<joule_per_kilogram_kelvin>() - 3996.9556).abs() < 1e-4); // gsw 3.6.23
    /// assert!(Coolant::new_seawater(Ratio::new::<per_mille>(50.0)).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn new_seawater(absolute_salinity: Ratio) -> Result<Self> {
        check_salinity(absolute_salinity)?;
        Ok(Coolant::Seawater { absolute_salinity })
    }

    /// Isobaric specific heat capacity cp at `t` and 101.325 kPa, per kg of the liquid (of the
    /// mixture, for glycols and seawater). Sources on the type.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let cp = Coolant::Water.specific_heat(celsius(35.0))?;
    /// assert!((cp.get::<joule_per_kilogram_kelvin>() - 4178.947).abs() < 1e-3); // IF97
    /// assert!(Coolant::Water.specific_heat(celsius(-5.0)).is_err()); // ice
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn specific_heat(&self, t: ThermodynamicTemperature) -> Result<SpecificHeatCapacity> {
        let (cp, _) = self.properties("temperature", t)?;
        Ok(SpecificHeatCapacity::new::<joule_per_kilogram_kelvin>(cp))
    }

    /// Density ρ at `t` and 101.325 kPa (mass of mixture per volume). Sources on the type.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let rho = Coolant::Water.density(celsius(35.0))?;
    /// assert!((rho.get::<kilogram_per_cubic_meter>() - 994.0385).abs() < 1e-4); // IF97
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn density(&self, t: ThermodynamicTemperature) -> Result<MassDensity> {
        let (_, rho) = self.properties("temperature", t)?;
        Ok(MassDensity::new::<kilogram_per_cubic_meter>(rho))
    }

    /// The liquid range the coolant's model covers at 101.325 kPa: from the freezing point
    /// (0 °C for water) up to the boiling point for water, 100 °C for the glycol fits and 40 °C
    /// for seawater. Both ends are valid inputs to the property methods.
    ///
    /// For seawater the lower end is TEOS-10's freezing point of air-free seawater (the
    /// polynomial of McDougall et al. 2014, *J. Phys. Oceanogr.* 44, 1751, as GSW
    /// `gsw_t_freezing_poly` at zero sea pressure); air-saturated seawater freezes up to 2.4 mK
    /// lower. The glycols freeze at the Melinder fit's `T_f(x)` (sources on the type).
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// use uom::si::ratio::per_mille;
    /// let sea = Coolant::new_seawater(Ratio::new::<per_mille>(35.0))?;
    /// let (lo, hi) = sea.valid_range();
    /// assert!((to_celsius(lo) - -1.9097).abs() < 1e-4); // gsw 3.6.23 t_freezing: −1.90973 °C
    /// assert!(sea.density(lo).is_ok() && sea.density(hi).is_ok());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn valid_range(&self) -> (ThermodynamicTemperature, ThermodynamicTemperature) {
        match *self {
            Coolant::Water => (celsius(0.0), celsius(WATER_BOILING_C)),
            Coolant::PropyleneGlycol { mass_fraction } => MPG.range(mass_fraction.get()),
            Coolant::EthyleneGlycol { mass_fraction } => MEG.range(mass_fraction.get()),
            Coolant::Seawater { absolute_salinity } => (
                celsius(seawater_freezing_point_c(
                    absolute_salinity.get::<per_mille>(),
                )),
                celsius(SEAWATER_T_MAX_C),
            ),
        }
    }

    /// Mass flow ṁ = Q / (cp·ΔT) that carries `heat` with a temperature `rise`, cp taken at the
    /// `mean` of supply and return. Both ends, `mean ∓ rise/2`, must lie in
    /// [`Coolant::valid_range`]: a glycol loop whose supply would freeze is an error.
    ///
    /// `heat` is thermal power; `rise` the return − supply difference (K); `mean` the
    /// arithmetic mean of supply and return. The energy balance of a stream:
    /// T.L. Bergman et al., *Fundamentals of Heat and Mass Transfer*, 7th ed. (2011), §8.3.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let pg = Coolant::new_propylene_glycol(Fraction::new(0.25)?)?;
    /// let m = pg.mass_flow_for(Power::new::<kilowatt>(120.0), kelvin_diff(10.0), celsius(35.0))?;
    /// assert!((m.get::<kilogram_per_second>() - 3.032_853).abs() < 1e-6); // CoolProp 8.0.0
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn mass_flow_for(
        &self,
        heat: Power,
        rise: TemperatureInterval,
        mean: ThermodynamicTemperature,
    ) -> Result<MassRate> {
        let (cp, _) = self.loop_properties(heat, rise, mean)?;
        Ok(heat / (cp * rise))
    }

    /// Volume flow V̇ = ṁ / ρ for the same duty as [`Coolant::mass_flow_for`], ρ at the `mean`
    /// temperature.
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let v = Coolant::Water.volume_flow_for(Power::new::<kilowatt>(120.0), kelvin_diff(10.0), celsius(35.0))?;
    /// assert!((v.get::<cubic_meter_per_hour>() - 10.3995).abs() < 1e-4); // iapws 1.5.5, IF97
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn volume_flow_for(
        &self,
        heat: Power,
        rise: TemperatureInterval,
        mean: ThermodynamicTemperature,
    ) -> Result<VolumeRate> {
        let (cp, rho) = self.loop_properties(heat, rise, mean)?;
        Ok(heat / (cp * rise) / rho)
    }

    /// A short description for reports: "water", "30 % propylene glycol (by mass)",
    /// "seawater (S_A 35 g/kg)".
    ///
    /// ```
    /// use dcplan::fluids::Coolant;
    /// use dcplan::units::*;
    /// let eg = Coolant::new_ethylene_glycol(Fraction::new(0.3)?)?;
    /// assert_eq!(eg.name(), "30 % ethylene glycol (by mass)");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn name(&self) -> String {
        match *self {
            Coolant::Water => "water".to_owned(),
            Coolant::PropyleneGlycol { mass_fraction } => {
                format!(
                    "{} % propylene glycol (by mass)",
                    short(mass_fraction.get() * 100.0)
                )
            }
            Coolant::EthyleneGlycol { mass_fraction } => {
                format!(
                    "{} % ethylene glycol (by mass)",
                    short(mass_fraction.get() * 100.0)
                )
            }
            Coolant::Seawater { absolute_salinity } => {
                format!(
                    "seawater (S_A {} g/kg)",
                    short(absolute_salinity.get::<per_mille>())
                )
            }
        }
    }

    /// cp in J/(kg·K) and ρ in kg/m³ at `t`, after checking the composition and that `t` lies in
    /// the valid range.
    fn properties(&self, field: &str, t: ThermodynamicTemperature) -> Result<(f64, f64)> {
        self.check_composition()?;
        let (lo, hi) = self.valid_range();
        // Compare in kelvin, the unit uom stores, so that both ends of `valid_range` pass.
        if !(lo.get::<kelvin>()..=hi.get::<kelvin>()).contains(&t.get::<kelvin>()) {
            return Err(Error::out_of_range(
                field,
                to_celsius(t),
                "°C",
                &format!(
                    "within {} … {} °C, the liquid range of {}",
                    short(to_celsius(lo)),
                    short(to_celsius(hi)),
                    self.name()
                ),
            ));
        }
        let t_k = t.get::<kelvin>();
        Ok(match *self {
            Coolant::Water => if97_region1(t_k, P_ATM_PA),
            Coolant::PropyleneGlycol { mass_fraction } => MPG.properties(mass_fraction.get(), t_k),
            Coolant::EthyleneGlycol { mass_fraction } => MEG.properties(mass_fraction.get(), t_k),
            Coolant::Seawater { absolute_salinity } => {
                teos10_surface(absolute_salinity.get::<per_mille>(), to_celsius(t))
            }
        })
    }

    /// Validates a flow-sizing duty and returns cp and ρ at its mean temperature.
    fn loop_properties(
        &self,
        heat: Power,
        rise: TemperatureInterval,
        mean: ThermodynamicTemperature,
    ) -> Result<(SpecificHeatCapacity, MassDensity)> {
        power_non_negative("heat", heat)?;
        let half = interval_positive("rise", rise)? / 2.0;
        let (cp, rho) = self.properties("mean_temperature", mean)?;
        let (lo, hi) = self.valid_range();
        let (cold, hot) = (mean - half, mean + half);
        if cold < lo || hot > hi {
            return Err(Error::inconsistent(
                "rise",
                format!(
                    "a {} K rise about a mean of {} °C runs from {} to {} °C, outside the liquid \
                     range {} … {} °C of {}",
                    short(rise.get::<kelvin_interval>()),
                    short(to_celsius(mean)),
                    short(to_celsius(cold)),
                    short(to_celsius(hot)),
                    short(to_celsius(lo)),
                    short(to_celsius(hi)),
                    self.name()
                ),
            ));
        }
        Ok((
            SpecificHeatCapacity::new::<joule_per_kilogram_kelvin>(cp),
            MassDensity::new::<kilogram_per_cubic_meter>(rho),
        ))
    }

    fn check_composition(&self) -> Result<()> {
        match *self {
            Coolant::Water => Ok(()),
            Coolant::PropyleneGlycol { mass_fraction }
            | Coolant::EthyleneGlycol { mass_fraction } => check_glycol_fraction(mass_fraction),
            Coolant::Seawater { absolute_salinity } => check_salinity(absolute_salinity),
        }
    }
}

fn check_glycol_fraction(mass_fraction: Fraction) -> Result<()> {
    if mass_fraction.get() <= GLYCOL_X_MAX {
        Ok(())
    } else {
        Err(Error::out_of_range(
            "mass_fraction",
            mass_fraction.get(),
            "",
            "a glycol mass fraction between 0 and 0.6 (the range of the Melinder 2010 fits)",
        ))
    }
}

fn check_salinity(absolute_salinity: Ratio) -> Result<()> {
    let sa = absolute_salinity.get::<per_mille>();
    within("absolute_salinity", sa, "g/kg", 0.0, SEAWATER_SA_MAX_G_KG).map(drop)
}

/// A number for messages and names: at most three decimals, trailing zeros dropped.
fn short(value: f64) -> String {
    let s = format!("{value:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Absolute Salinity from practical salinity S_P (PSS-78, 0 … 42) for seawater of Reference
/// Composition: S_A ≈ S_R = u_PS·S_P with u_PS = 35.16504/35 g/kg (Millero et al. 2008, Deep-Sea
/// Res. I 55, 50; TEOS-10 manual section 2.4). It neglects the regional anomaly δS_A, a few
/// thousandths of a g/kg at the sea surface (gsw 3.6.23 `SA_from_SP(35)` adds 0.0003 g/kg in the
/// mid-Atlantic, 0.0035 g/kg in the Southern Ocean).
///
/// ```
/// use dcplan::fluids::absolute_salinity_from_practical;
/// use uom::si::ratio::per_mille;
/// let sa = absolute_salinity_from_practical(35.0)?;
/// assert!((sa.get::<per_mille>() - 35.165_04).abs() < 1e-12); // gsw SR_from_SP(35)
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `practical_salinity` is S_P on the Practical Salinity Scale 1978, a plain number (no unit);
/// the result is a mass ratio, kg of dissolved salts per kg of seawater.
///
/// # References
///
/// - F.J. Millero, R. Feistel, D.G. Wright & T.J. McDougall, "The composition of Standard
///   Seawater and the definition of the Reference-Composition Salinity Scale", *Deep-Sea
///   Research I* 55 (2008) 50–72, doi:10.1016/j.dsr.2007.10.001.
/// - IOC, SCOR & IAPSO, TEOS-10 manual (IOC Manuals and Guides No. 56, 2010), section 2.4.
pub fn absolute_salinity_from_practical(practical_salinity: f64) -> Result<Ratio> {
    let sp = within("practical_salinity", practical_salinity, "", 0.0, 42.0)?;
    Ok(Ratio::new::<per_mille>(
        STANDARD_OCEAN_SALINITY_G_KG / 35.0 * sp,
    ))
}

/// Latent heat of vaporisation of water at saturation, h'' − h', from the IAPWS auxiliary
/// equations for the saturation line (IAPWS SR1-86(1992); Wagner & Pruss 1993, J. Phys. Chem.
/// Ref. Data 22, 783) through Clausius–Clapeyron: `h'' − h' = T·(dp_σ/dT)·(1/ρ'' − 1/ρ')`.
/// Valid from the triple point (0.01 °C) to 100 °C; within 1e-4 of IAPWS-95 from 5 °C up
/// (1.5e-4 at the triple point).
///
/// ```
/// use dcplan::fluids::latent_heat_of_vaporisation;
/// use dcplan::units::*;
/// use uom::si::available_energy::kilojoule_per_kilogram;
/// let h_fg = latent_heat_of_vaporisation(celsius(25.0))?;
/// assert!((h_fg.get::<kilojoule_per_kilogram>() - 2441.68).abs() < 0.25); // IAPWS-95: 2441.676
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `t` is the saturation temperature (ITS-90); the result is J per kg of water evaporated.
///
/// # References
///
/// - IAPWS SR1-86(1992), *Revised Supplementary Release on Saturation Properties of Ordinary
///   Water Substance*: eqs. 1–3 (vapour pressure, saturated liquid and vapour densities).
/// - W. Wagner & A. Pruss, "International Equations for the Saturation Properties of
///   Ordinary Water Substance. Revised According to the International Temperature Scale of
///   1990", *J. Phys. Chem. Ref. Data* 22 (1993) 783–787, doi:10.1063/1.555926.
pub fn latent_heat_of_vaporisation(t: ThermodynamicTemperature) -> Result<AvailableEnergy> {
    // Compared as absolute temperatures so that `celsius(0.01)` itself passes.
    if !(celsius(0.01)..=celsius(100.0)).contains(&t) {
        return Err(Error::out_of_range(
            "temperature",
            to_celsius(t),
            "°C",
            "between 0.01 °C (the triple point) and 100 °C",
        ));
    }
    Ok(AvailableEnergy::new::<joule_per_kilogram>(
        sr1_86_latent_heat(t.get::<kelvin>()),
    ))
}

// ---------------------------------------------------------------------------------------------
// Pure water: IAPWS-IF97 region 1.

/// Specific gas constant of IF97, J/(kg·K).
const IF97_R: f64 = 461.526;
/// Region-1 exponents I, J and coefficients n of `γ(π, τ) = Σ n·(7.1 − π)^I·(τ − 1.222)^J`,
/// `π = p/16.53 MPa`, `τ = 1386 K/T` (IAPWS R7-97(2012), table 2).
const IF97_REGION1: [(i32, i32, f64); 34] = [
    (0, -2, 0.146_329_712_131_67),
    (0, -1, -0.845_481_871_691_14),
    (0, 0, -3.756_360_367_204),
    (0, 1, 3.385_516_916_838_5),
    (0, 2, -0.957_919_633_878_72),
    (0, 3, 0.157_720_385_132_28),
    (0, 4, -0.016_616_417_199_501),
    (0, 5, 8.121_462_998_356_8e-4),
    (1, -9, 2.831_908_012_380_4e-4),
    (1, -7, -6.070_630_156_587_4e-4),
    (1, -1, -0.018_990_068_218_419),
    (1, 0, -0.032_529_748_770_505),
    (1, 1, -0.021_841_717_175_414),
    (1, 3, -5.283_835_796_993e-5),
    (2, -3, -4.718_432_107_326_7e-4),
    (2, 0, -3.000_178_079_302_6e-4),
    (2, 1, 4.766_139_390_698_7e-5),
    (2, 3, -4.414_184_533_084_6e-6),
    (2, 17, -7.269_499_629_759_4e-16),
    (3, -4, -3.167_964_484_505_4e-5),
    (3, 0, -2.827_079_798_531_2e-6),
    (3, 6, -8.520_512_812_010_3e-10),
    (4, -5, -2.242_528_190_8e-6),
    (4, -2, -6.517_122_289_560_1e-7),
    (4, 10, -1.434_172_993_792_4e-13),
    (5, -8, -4.051_699_686_011_7e-7),
    (8, -11, -1.273_430_174_164_1e-9),
    (8, -6, -1.742_487_123_063_4e-10),
    (21, -29, -6.876_213_129_553_1e-19),
    (23, -31, 1.447_830_782_852_1e-20),
    (29, -38, 2.633_578_166_279_5e-23),
    (30, -39, -1.194_762_264_007_1e-23),
    (31, -40, 1.822_809_458_140_4e-24),
    (32, -41, -9.353_708_729_245_8e-26),
];

/// cp (J/(kg·K)) and ρ (kg/m³) of liquid water at `t_k` K and `p_pa` Pa from IF97 region 1:
/// `cp = −R·τ²·γ_ττ`, `v = R·T·γ_π / p*` with `p* = 16.53 MPa`.
fn if97_region1(t_k: f64, p_pa: f64) -> (f64, f64) {
    let pi = p_pa / 16.53e6;
    let tau = 1386.0 / t_k;
    let (a, b) = (7.1 - pi, tau - 1.222);
    let (mut g_pi, mut g_tautau) = (0.0, 0.0);
    for &(i, j, n) in &IF97_REGION1 {
        g_pi -= n * f64::from(i) * a.powi(i - 1) * b.powi(j);
        g_tautau += n * f64::from(j * (j - 1)) * a.powi(i) * b.powi(j - 2);
    }
    let cp = -IF97_R * tau * tau * g_tautau;
    let v = IF97_R * t_k * g_pi / 16.53e6;
    (cp, 1.0 / v)
}

// ---------------------------------------------------------------------------------------------
// Latent heat: IAPWS SR1-86(1992) saturation-line equations.

/// Critical temperature (K), pressure (Pa) and density (kg/m³) of water (IAPWS).
const T_C_K: f64 = 647.096;
const P_C_PA: f64 = 22.064e6;
const RHO_C: f64 = 322.0;
/// Vapour pressure, eq. 1: `ln(p_σ/p_c) = (T_c/T)·Σ aᵢ·ϑ^eᵢ`, `ϑ = 1 − T/T_c`.
const SR1_86_P: [(f64, f64); 6] = [
    (-7.859_517_83, 1.0),
    (1.844_082_59, 1.5),
    (-11.786_649_7, 3.0),
    (22.680_741_1, 3.5),
    (-15.961_871_9, 4.0),
    (1.801_225_02, 7.5),
];
/// Saturated liquid density, eq. 2: `ρ'/ρ_c = 1 + Σ bᵢ·ϑ^(kᵢ/3)`.
const SR1_86_RHO_LIQUID: [(f64, f64); 6] = [
    (1.992_740_64, 1.0),
    (1.099_653_42, 2.0),
    (-0.510_839_303, 5.0),
    (-1.754_934_79, 16.0),
    (-45.517_035_2, 43.0),
    (-6.746_944_5e5, 110.0),
];
/// Saturated vapour density, eq. 3: `ln(ρ''/ρ_c) = Σ cᵢ·ϑ^(kᵢ/6)`.
const SR1_86_RHO_VAPOUR: [(f64, f64); 6] = [
    (-2.031_502_4, 2.0),
    (-2.683_029_4, 4.0),
    (-5.386_264_92, 8.0),
    (-17.299_160_5, 18.0),
    (-44.758_658_1, 37.0),
    (-63.920_106_3, 71.0),
];

/// h'' − h' in J/kg at `t_k` K (SR1-86(1992) eqs. 1–3 and Clausius–Clapeyron).
fn sr1_86_latent_heat(t_k: f64) -> f64 {
    let theta = 1.0 - t_k / T_C_K;
    let sum: f64 = SR1_86_P.iter().map(|&(a, e)| a * theta.powf(e)).sum();
    let d_sum: f64 = SR1_86_P
        .iter()
        .map(|&(a, e)| a * e * theta.powf(e - 1.0))
        .sum();
    let p = P_C_PA * (T_C_K / t_k * sum).exp();
    // d ln p/dT = −(T_c/T²)·Σ − (1/T)·dΣ/dϑ, since dϑ/dT = −1/T_c.
    let dp_dt = -p / t_k * (T_C_K / t_k * sum + d_sum);
    let rho_liquid = RHO_C
        * (1.0
            + SR1_86_RHO_LIQUID
                .iter()
                .map(|&(b, k)| b * theta.powf(k / 3.0))
                .sum::<f64>());
    let rho_vapour = RHO_C
        * SR1_86_RHO_VAPOUR
            .iter()
            .map(|&(c, k)| c * theta.powf(k / 6.0))
            .sum::<f64>()
            .exp();
    t_k * dp_dt * (1.0 / rho_vapour - 1.0 / rho_liquid)
}

// ---------------------------------------------------------------------------------------------
// Glycol–water: CoolProp incompressible-liquid fits of Melinder (2010).

/// A Melinder (2010) fit as stored by CoolProp (`dev/incompressible_liquids/json/*.json`):
/// `value = Σᵢ Σⱼ c[i][j]·(T − T_base)^i·(x − x_base)^j`, T in K, x the glycol mass fraction;
/// freezing point `T_f = Σⱼ f[j]·(x − x_base)^j` K.
struct GlycolFit {
    t_base_k: f64,
    x_base: f64,
    /// Specific heat capacity, J/(kg·K).
    cp: [[f64; 6]; 4],
    /// Density, kg/m³.
    rho: [[f64; 6]; 4],
    /// Freezing point, K.
    t_freeze: [f64; 6],
}

/// `INCOMP::MPG`, propylene glycol–water.
const MPG: GlycolFit = GlycolFit {
    t_base_k: 305.858_3,
    x_base: 0.307_031,
    cp: [
        [3_882.0, -1_304.0, -1_598.0, 353.9, 5_000.0, -4_959.0],
        [2.699, 5.07, 0.953_4, 31.02, -71.35, 0.0],
        [-0.001_659, -0.004_752, 0.116_7, -0.295, 0.0, 0.0],
        [-1.032e-5, 1.522e-4, -4.87e-4, 0.0, 0.0, 0.0],
    ],
    rho: [
        [1_018.0, 76.04, -24.98, -155.0, -113.1, 234.2],
        [-0.540_6, -0.945, 0.27, 2.829, -2.221, 0.0],
        [-0.002_666, 0.005_541, -0.004_018, -0.007_175, 0.0, 0.0],
        [1.347e-5, -1.343e-5, 3.376e-5, 0.0, 0.0, 0.0],
    ],
    t_freeze: [259.9, -66.31, -109.4, -228.3, -340.9, 146.5],
};

/// `INCOMP::MEG`, ethylene glycol–water.
const MEG: GlycolFit = GlycolFit {
    t_base_k: 304.878,
    x_base: 0.308_462,
    cp: [
        [3_737.0, -1_799.0, -993.3, 2_610.0, 1_537.0, -16_180.0],
        [2.93, 10.46, 3.516, -1.189, -42.72, 0.0],
        [-0.004_675, -0.041_47, 0.051_09, -0.164_3, 0.0, 0.0],
        [-1.389e-5, 1.847e-5, -7.138e-4, 0.0, 0.0, 0.0],
    ],
    rho: [
        [1_034.0, 131.1, 0.749, -106.2, -96.23, 489.1],
        [-0.478_1, -0.687_6, 0.785_5, 1.229, -7.211, 0.0],
        [-0.002_692, 0.004_805, -0.003_995, -0.011_53, 0.0, 0.0],
        [4.725e-6, 1.69e-6, 4.982e-5, 0.0, 0.0, 0.0],
    ],
    t_freeze: [257.9, -80.8, -133.4, -72.93, 100.6, 11.4],
};

impl GlycolFit {
    /// From the freezing point at mass fraction `x` to the upper limit of the fit. (CoolProp's
    /// nominal `Tmin` of 173.15 K lies far below every freezing point for x ≤ 0.6.)
    fn range(&self, x: f64) -> (ThermodynamicTemperature, ThermodynamicTemperature) {
        let t_freeze_k = horner(&self.t_freeze, x - self.x_base);
        (
            ThermodynamicTemperature::new::<kelvin>(t_freeze_k),
            celsius(GLYCOL_T_MAX_C),
        )
    }

    /// cp (J/(kg·K)) and ρ (kg/m³) at mass fraction `x` and `t_k` K.
    fn properties(&self, x: f64, t_k: f64) -> (f64, f64) {
        let (dt, dx) = (t_k - self.t_base_k, x - self.x_base);
        let eval = |c: &[[f64; 6]; 4]| {
            c.iter()
                .rev()
                .fold(0.0, |acc, row| acc * dt + horner(row, dx))
        };
        (eval(&self.cp), eval(&self.rho))
    }
}

/// `Σⱼ c[j]·x^j` by Horner's rule.
fn horner(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
}

// ---------------------------------------------------------------------------------------------
// Seawater: TEOS-10 Gibbs function at the sea surface.

/// Salinity unit of the Gibbs function, S_u = 40·u_PS = 40·35.16504/35 g/kg.
const TEOS10_S_U_G_KG: f64 = 40.0 * STANDARD_OCEAN_SALINITY_G_KG / 35.0;
/// Terms (i, j, g_ij0) of `g(x, y, z) = Σ g_ijk·x^i·y^j·z^k` (J/kg) without pressure dependence
/// (k = 0), `x = √(S_A/S_u)`, `y = t/40 °C`, `z = (p − 101325 Pa)/10⁸ Pa`. Row i = 0 is pure
/// water (IAPWS SR7-09, table 1 — the Feistel 2003 Gibbs function in polynomial form); i ≥ 2 is
/// the saline part (IAPWS R13-08, table 2). The two saline terms with i = 1, g₁₀₀·x²·ln x and
/// g₁₁₀·x²·y·ln x, are at most linear in y and drop out of g_TT, the only use of this table.
const TEOS10_Z0: [(i32, i32, f64); 31] = [
    (0, 0, 101.342_743_139_674),
    (0, 1, 5.905_783_479_094_02),
    (0, 2, -12_357.785_933_039),
    (0, 3, 736.741_204_151_612),
    (0, 4, -148.185_936_433_658),
    (0, 5, 58.025_912_584_257_1),
    (0, 6, -18.984_384_651_417_2),
    (0, 7, 3.050_816_464_879_67),
    (2, 0, 1_416.276_484_841_97),
    (2, 1, 168.072_408_311_545),
    (2, 2, 880.031_352_997_204),
    (2, 3, -225.267_649_263_401),
    (2, 4, 91.426_044_775_125_9),
    (2, 5, -21.660_324_087_531_1),
    (2, 6, 2.130_169_708_471_83),
    (3, 0, -2_432.146_623_817_94),
    (3, 1, -493.407_510_141_682),
    (3, 2, -43.066_467_597_804_2),
    (3, 3, -10.022_737_086_187_5),
    (3, 4, 0.875_600_661_808_945),
    (4, 0, 2_025.801_156_036_97),
    (4, 1, 543.835_333_000_098),
    (4, 2, -68.557_250_920_449_1),
    (4, 3, 49.366_769_485_625_4),
    (4, 4, -17.139_757_741_978_8),
    (4, 5, 2.496_970_095_695_08),
    (5, 0, -1_091.668_410_429_67),
    (5, 1, -196.028_306_689_776),
    (6, 0, 374.601_237_877_84),
    (6, 1, 36.757_162_299_580_5),
    (7, 0, -48.589_106_902_540_9),
];
/// Terms (i, j, g_ij1) linear in z, which give g_p at the surface; same sources.
const TEOS10_Z1: [(i32, i32, f64); 21] = [
    (0, 0, 100_015.695_367_145),
    (0, 1, -270.983_805_184_062),
    (0, 2, 1_455.036_454_046_8),
    (0, 3, -672.507_783_145_07),
    (0, 4, 397.968_445_406_972),
    (0, 5, -194.618_310_617_595),
    (0, 6, 63.511_393_664_178_5),
    (0, 7, -9.631_081_193_930_62),
    (2, 0, -3_310.491_540_448_39),
    (2, 1, 729.116_529_735_046),
    (2, 2, -860.764_303_783_977),
    (2, 3, 694.244_814_133_268),
    (2, 4, -297.728_741_987_187),
    (3, 0, 199.459_603_073_901),
    (3, 1, -175.292_041_186_547),
    (3, 2, 383.058_066_002_476),
    (3, 3, -460.319_931_801_257),
    (3, 4, 234.565_187_611_355),
    (4, 0, -54.791_913_353_288_7),
    (4, 1, -22.668_355_851_282_9),
    (5, 0, 36.028_419_561_108_6),
];

/// cp (J/(kg·K)) and ρ (kg/m³) of seawater at Absolute Salinity `sa` g/kg, `t_c` °C and sea
/// pressure 0 (101.325 kPa): `cp = −T·g_TT`, `ρ = 1/g_p`, with
/// `g_TT = Σ j(j−1)·g_ij0·x^i·y^(j−2) / (40 K)²` and `g_p = Σ g_ij1·x^i·y^j / 10⁸ Pa`.
fn teos10_surface(sa: f64, t_c: f64) -> (f64, f64) {
    let x = (sa / TEOS10_S_U_G_KG).sqrt();
    let y = t_c / 40.0;
    // Terms with j < 2 vanish from g_TT (and y^(j−2) would be infinite at y = 0).
    let g_yy: f64 = TEOS10_Z0
        .iter()
        .filter(|&&(_, j, _)| j >= 2)
        .map(|&(i, j, g)| g * x.powi(i) * f64::from(j * (j - 1)) * y.powi(j - 2))
        .sum();
    let g_z: f64 = TEOS10_Z1
        .iter()
        .map(|&(i, j, g)| g * x.powi(i) * y.powi(j))
        .sum();
    let cp = -(t_c + 273.15) * g_yy / 1600.0;
    (cp, 1e8 / g_z)
}

/// Freezing temperature (°C) of air-free seawater at Absolute Salinity `sa` g/kg and sea
/// pressure 0: TEOS-10 polynomial of McDougall, Barker, Feistel & Galton-Fenzi (2014, J. Phys.
/// Oceanogr. 44, 1751), the direct polynomial of GSW `gsw_t_freezing_poly` at p = 0, within
/// 7e-5 K of the exact Gibbs-function freezing point:
/// `t_f = 0.002519 + s·Σⱼ₌₁⁶ cⱼ·s^((j−1)/2)`, `s = S_A/(100 g/kg)`.
fn seawater_freezing_point_c(sa: f64) -> f64 {
    // c₁ … c₆ (GSW t1 … t6).
    const C: [f64; 6] = [
        -5.946_302_841_607_319,
        4.136_051_661_346_983,
        -11.151_505_234_038_47,
        14.768_787_461_845_48,
        -10.888_732_636_309_61,
        2.961_018_839_640_73,
    ];
    let s = sa / 100.0;
    0.002_519 + s * horner(&C, s.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    fn pg(x: f64) -> Coolant {
        Coolant::new_propylene_glycol(Fraction::new(x).unwrap()).unwrap()
    }
    fn eg(x: f64) -> Coolant {
        Coolant::new_ethylene_glycol(Fraction::new(x).unwrap()).unwrap()
    }
    fn sea(sa_g_kg: f64) -> Coolant {
        Coolant::new_seawater(Ratio::new::<per_mille>(sa_g_kg)).unwrap()
    }
    fn cp(c: Coolant, t_c: f64) -> f64 {
        c.specific_heat(celsius(t_c))
            .unwrap()
            .get::<joule_per_kilogram_kelvin>()
    }
    fn rho(c: Coolant, t_c: f64) -> f64 {
        c.density(celsius(t_c))
            .unwrap()
            .get::<kilogram_per_cubic_meter>()
    }

    /// Liquid water at 101.325 kPa: t °C, IAPWS-95 cp and ρ, IF97 region-1 cp and ρ
    /// (iapws 1.5.5: `IAPWS95(T, P=0.101325)`, `iapws97._Region1(T, 0.101325)`).
    const WATER: [(f64, f64, f64, f64, f64); 14] = [
        (
            1.0,
            4216.113470951198,
            999.9018375605018,
            4216.011828728739,
            999.9029578513013,
        ),
        (
            5.0,
            4205.037692495445,
            999.9666335452146,
            4204.947252559683,
            999.9669228110766,
        ),
        (
            10.0,
            4195.158885966499,
            999.7024701877399,
            4195.445939732284,
            999.7015401695021,
        ),
        (
            15.0,
            4188.460622609208,
            999.1026214670944,
            4189.093963582607,
            999.101114187188,
        ),
        (
            20.0,
            4184.050924525753,
            998.2071504679384,
            4184.794094775543,
            998.2060924679477,
        ),
        (
            25.0,
            4181.314990764705,
            997.0476367603434,
            4181.896233521974,
            997.0480319717386,
        ),
        (
            30.0,
            4179.81967196829,
            995.6494539376675,
            4180.0201940799925,
            995.6520542439986,
        ),
        (
            35.0,
            4179.258102232289,
            994.033314882477,
            4178.947003594879,
            994.0385313149599,
        ),
        (
            40.0,
            4179.4147979899,
            992.2163528731402,
            4178.552592977866,
            992.2242580187884,
        ),
        (
            50.0,
            4181.342303397459,
            988.0350462371518,
            4179.554002898885,
            988.0474768652688,
        ),
        (
            60.0,
            4184.953280467873,
            983.1958242274034,
            4182.763550316141,
            983.2106104649623,
        ),
        (
            70.0,
            4190.06709883935,
            977.7646269893629,
            4188.095052265203,
            977.7792945333632,
        ),
        (
            80.0,
            4196.753264374914,
            971.7903980965832,
            4195.515554497424,
            971.8028995563232,
        ),
        (
            90.0,
            4205.205606058822,
            965.3095895562525,
            4205.021639339592,
            965.3186588354324,
        ),
    ];

    #[test]
    fn water_matches_if97_and_iapws95() {
        for (t, cp95, rho95, cp97, rho97) in WATER {
            assert_relative_eq!(cp(Coolant::Water, t), cp97, max_relative = 1e-12);
            assert_relative_eq!(rho(Coolant::Water, t), rho97, max_relative = 1e-12);
            // IF97 and IAPWS-95 differ here by up to 5.2e-4 in cp (at 60 °C), 1.5e-5 in ρ.
            assert_relative_eq!(cp(Coolant::Water, t), cp95, max_relative = 6e-4);
            assert_relative_eq!(rho(Coolant::Water, t), rho95, max_relative = 2e-5);
        }
    }

    #[test]
    fn glycols_match_coolprop() {
        // CoolProp 8.0.0 PropsSI('C'/'D', 'T', T, 'P', 101325, 'INCOMP::MPG[x]' / 'MEG[x]').
        let table = [
            (pg(0.2), 0.0, 3935.929463821384, 1020.0811252332519),
            (pg(0.2), 60.0, 4061.163243701135, 995.5911155302875),
            (pg(0.3), -10.0, 3775.275301806914, 1034.27699718881),
            (pg(0.3), 20.0, 3857.0040104952327, 1023.7849656966808),
            (pg(0.4), 10.0, 3674.273589303142, 1037.6158576073503),
            (pg(0.5), -10.0, 3414.4387155833883, 1056.0206378421476),
            (pg(0.5), 40.0, 3606.971389466644, 1025.3718710825128),
            (pg(0.25), 30.0, 3944.637152034403, 1014.904536183706),
            (pg(0.35), 7.3, 3747.846935730135, 1034.1727883687802),
            (pg(0.0), 20.0, 4186.590187471051, 998.5158915716694),
            (pg(0.6), 95.0, 3675.8591754952076, 984.764032118019),
            (eg(0.2), 0.0, 3860.8368071339028, 1029.0645925592707),
            (eg(0.3), -10.0, 3627.0719522017876, 1047.4946054968705),
            (eg(0.4), 20.0, 3519.01952108674, 1051.8607216088117),
            (eg(0.5), 60.0, 3503.1484638024453, 1040.4899931631571),
            (eg(0.25), 30.0, 3834.253056216168, 1027.1016425296043),
            (eg(0.45), -17.5, 3228.844411403734, 1073.9216750819799),
            (eg(0.6), 95.0, 3462.0976027157017, 1024.630953656744),
        ];
        for (c, t, cp_ref, rho_ref) in table {
            assert_relative_eq!(cp(c, t), cp_ref, max_relative = 1e-12);
            assert_relative_eq!(rho(c, t), rho_ref, max_relative = 1e-12);
        }
    }

    #[test]
    fn glycol_freezing_points_match_coolprop() {
        // CoolProp 8.0.0 PropsSI('T_freeze', ...), K.
        let table = [
            (pg(0.2), 265.97710505710455),
            (pg(0.3), 260.3608959415299),
            (pg(0.5), 240.9565312055972),
            (pg(0.0), 273.12492872393454),
            (pg(0.6), 223.14735331505352),
            (eg(0.2), 265.2012172298166),
            (eg(0.4), 249.33714164082545),
            (eg(0.6), 221.94908491717052),
        ];
        for (c, t_freeze) in table {
            let (lo, hi) = c.valid_range();
            assert_relative_eq!(lo.get::<kelvin>(), t_freeze, max_relative = 1e-12);
            assert_eq!(to_celsius(hi), 100.0);
        }
        // CoolProp raises below the freezing point: −10 °C is frozen at 20 %.
        assert!(pg(0.2).specific_heat(celsius(-10.0)).is_err());
        assert!(eg(0.2).density(celsius(-10.0)).is_err());
    }

    #[test]
    fn seawater_matches_gsw() {
        // gsw 3.6.23 cp_t_exact(SA, t, 0) and rho_t_exact(SA, t, 0): SA g/kg, t °C.
        let table = [
            (0.0, 0.0, 4219.4115345120035, 999.843070959139),
            (0.0, 5.0, 4205.048982841592, 999.9666480824146),
            (0.0, 20.0, 4184.0626731880075, 998.2071457644105),
            (0.0, 35.0, 4179.247778583925, 994.0333051116254),
            (10.0, 0.0, 4147.919603075898, 1007.9178580398625),
            (10.0, 15.0, 4129.329280964496, 1006.748419764313),
            (10.0, 30.0, 4126.253536874898, 1003.0572803997105),
            (20.0, 5.0, 4076.1333642552727, 1015.7304181991032),
            (20.0, 20.0, 4073.6220183410373, 1013.2931121601355),
            (20.0, 35.0, 4076.5547580730135, 1008.7370627841752),
            (30.0, 10.0, 4017.956171182585, 1022.9434970098027),
            (30.0, 25.0, 4024.211734948923, 1019.4647431399396),
            (35.0, 0.0, 3987.4339962092954, 1027.9746725113246),
            (35.0, 10.0, 3990.9379280630565, 1026.8258599850544),
            (35.0, 20.0, 3996.95555240387, 1024.6407733844312),
            (35.0, 25.0, 3999.776738208169, 1023.2195509174225),
            (35.0, 35.0, 4004.6509054589033, 1019.8075503479592),
            (40.0, 0.0, 3958.1359713849133, 1031.9903980980419),
            (40.0, 15.0, 3968.5398616487078, 1029.6881150129686),
            (40.0, 35.0, 3981.36953300307, 1023.5150061451575),
        ];
        for (sa, t, cp_ref, rho_ref) in table {
            // Evaluated directly: at SA = 0, 0 °C lies 2.5 mK below the freezing point.
            let (cp, rho) = teos10_surface(sa, t);
            assert_relative_eq!(cp, cp_ref, max_relative = 1e-12);
            assert_relative_eq!(rho, rho_ref, max_relative = 1e-12);
        }
        assert_relative_eq!(cp(sea(35.0), 20.0), 3996.95555240387, max_relative = 1e-12);
    }

    #[test]
    fn seawater_freezing_point_matches_gsw() {
        // gsw 3.6.23 t_freezing(SA, 0, 0): exact Gibbs-function freezing point of air-free
        // seawater, °C. The polynomial is within 6.9e-5 K of it over 0–42 g/kg.
        let table = [
            (0.0, 0.00251926654413357),
            (1.0, -0.05372122942557697),
            (5.0, -0.26943515364109155),
            (10.0, -0.5361131875415893),
            (20.0, -1.0751897352872308),
            (35.0, -1.909725189477498),
            (42.0, -2.312432140180986),
        ];
        for (sa, exact) in table {
            let (lo, hi) = sea(sa).valid_range();
            assert_relative_eq!(to_celsius(lo), exact, epsilon = 7e-5);
            assert_eq!(to_celsius(hi), 40.0);
        }
    }

    #[test]
    fn practical_salinity_converts_with_reference_composition() {
        // gsw 3.6.23: SR_from_SP(35) = 35.16504 g/kg; at 20 °C cp_t_exact = 3996.135787004338,
        // rho_t_exact = 1024.7660000145725.
        let sa = absolute_salinity_from_practical(35.0).unwrap();
        assert_relative_eq!(sa.get::<ratio>(), 0.035_165_04, max_relative = 1e-14);
        let c = Coolant::new_seawater(sa).unwrap();
        assert_relative_eq!(cp(c, 20.0), 3996.135787004338, max_relative = 1e-12);
        assert_relative_eq!(rho(c, 20.0), 1024.7660000145725, max_relative = 1e-12);
        assert!(absolute_salinity_from_practical(-1.0).is_err());
        assert!(absolute_salinity_from_practical(f64::NAN).is_err());
    }

    #[test]
    fn latent_heat_matches_iapws() {
        // iapws 1.5.5 IAPWS95._Vapor_Enthalpy − _Liquid_Enthalpy (the SR1-86(1992) equations).
        for (t, h_fg) in [
            (10.0, 2477321.404105713),
            (25.0, 2441893.507358545),
            (50.0, 2381999.6653685947),
            (75.0, 2320657.546858869),
            (100.0, 2256597.6349261315),
        ] {
            let got = latent_heat_of_vaporisation(celsius(t)).unwrap();
            assert_relative_eq!(got.get::<joule_per_kilogram>(), h_fg, max_relative = 1e-12);
        }
        // iapws 1.5.5 IAPWS95(T, x=1).h − IAPWS95(T, x=0).h: SR1-86 is within 1e-4 of IAPWS-95.
        for (t, h_fg) in [
            (10.0, 2477187.0630223714),
            (20.0, 2453519.2594197555),
            (25.0, 2441676.174912667),
            (30.0, 2429811.229875571),
            (35.0, 2417914.585284175),
            (40.0, 2405977.286786813),
        ] {
            let got = latent_heat_of_vaporisation(celsius(t)).unwrap();
            assert_relative_eq!(got.get::<joule_per_kilogram>(), h_fg, max_relative = 1e-4);
        }
        assert!(latent_heat_of_vaporisation(celsius(0.01)).is_ok());
        assert!(latent_heat_of_vaporisation(celsius(0.0)).is_err());
        assert!(latent_heat_of_vaporisation(celsius(120.0)).is_err());
    }

    #[test]
    fn flow_sizing_matches_reference_cases() {
        // REFERENCE_VALUES.md §5: Q = 120 kW, ΔT = 10 K, properties at the mean temperature.
        // Water at 35 °C (iapws 1.5.5 IF97), 25 % PG at 35 °C (CoolProp 8.0.0 MPG[0.25]),
        // seawater S_A = 35 g/kg at 25 °C (gsw 3.6.23): ṁ kg/s, V̇ m³/h.
        let q = Power::new::<kilowatt>(120.0);
        let dt = kelvin_diff(10.0);
        for (c, mean, m_ref, v_ref) in [
            (Coolant::Water, 35.0, 2.871536774617427, 10.399528854226379),
            (pg(0.25), 35.0, 3.032852842709116, 10.78369669881319),
            (sea(35.0), 25.0, 3.000167455690488, 10.555508669475573),
        ] {
            let m = c.mass_flow_for(q, dt, celsius(mean)).unwrap();
            let v = c.volume_flow_for(q, dt, celsius(mean)).unwrap();
            assert_relative_eq!(m.get::<kilogram_per_second>(), m_ref, max_relative = 1e-12);
            assert_relative_eq!(v.get::<cubic_meter_per_hour>(), v_ref, max_relative = 1e-12);
        }
        // IAPWS-95 at 35 °C gives 2.871323 kg/s: IF97 is 7.4e-5 above.
        let m = Coolant::Water.mass_flow_for(q, dt, celsius(35.0)).unwrap();
        assert_relative_eq!(
            m.get::<kilogram_per_second>(),
            2.8713230210860576,
            max_relative = 1e-4
        );
    }

    #[test]
    fn flow_sizing_rejects_bad_duties() {
        let q = Power::new::<kilowatt>(120.0);
        let water = Coolant::Water;
        assert!(
            water
                .mass_flow_for(q, kelvin_diff(0.0), celsius(30.0))
                .is_err()
        );
        assert!(
            water
                .mass_flow_for(q, kelvin_diff(f64::NAN), celsius(30.0))
                .is_err()
        );
        assert!(
            water
                .mass_flow_for(-q, kelvin_diff(10.0), celsius(30.0))
                .is_err()
        );
        assert!(
            water
                .volume_flow_for(q, kelvin_diff(10.0), celsius(120.0))
                .is_err()
        );
        // 30 % PG freezes at −12.79 °C: a 10 K rise about −10 °C would start at −15 °C.
        let err = pg(0.3)
            .mass_flow_for(q, kelvin_diff(10.0), celsius(-10.0))
            .unwrap_err();
        assert!(
            matches!(err, Error::Inconsistent { ref field, .. } if field == "rise"),
            "{err}"
        );
        assert!(
            pg(0.3)
                .mass_flow_for(q, kelvin_diff(4.0), celsius(-10.0))
                .is_ok()
        );
        let zero = water.mass_flow_for(Power::ZERO, kelvin_diff(5.0), celsius(30.0));
        assert_eq!(zero.unwrap().get::<kilogram_per_second>(), 0.0);
    }

    #[test]
    fn constructors_and_ranges_reject_out_of_range() {
        let err = Coolant::new_ethylene_glycol(Fraction::new(0.65).unwrap()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("mass_fraction") && msg.contains("0.65"),
            "{msg}"
        );
        let err = Coolant::new_seawater(Ratio::new::<per_mille>(-1.0)).unwrap_err();
        assert!(err.to_string().contains("absolute_salinity"), "{err}");
        assert!(Coolant::new_seawater(Ratio::new::<per_mille>(f64::NAN)).is_err());
        // Invalid variants built inside the crate are caught when evaluated.
        let bad = Coolant::PropyleneGlycol {
            mass_fraction: Fraction::new(0.9).unwrap(),
        };
        assert!(bad.specific_heat(celsius(20.0)).is_err());

        assert!(Coolant::Water.density(celsius(-0.01)).is_err());
        assert!(Coolant::Water.density(celsius(0.0)).is_ok());
        assert!(Coolant::Water.density(celsius(99.97)).is_ok());
        assert!(Coolant::Water.density(celsius(100.0)).is_err());
        assert!(Coolant::Water.density(celsius(f64::NAN)).is_err());
        assert!(sea(35.0).density(celsius(-2.0)).is_err());
        assert!(sea(35.0).density(celsius(40.5)).is_err());
        let msg = pg(0.3).density(celsius(-20.0)).unwrap_err().to_string();
        assert!(
            msg.contains("temperature") && msg.contains("-20") && msg.contains("-12.789"),
            "{msg}"
        );
    }

    #[test]
    fn names() {
        assert_eq!(Coolant::Water.name(), "water");
        assert_eq!(pg(0.3).name(), "30 % propylene glycol (by mass)");
        assert_eq!(eg(0.255).name(), "25.5 % ethylene glycol (by mass)");
        assert_eq!(sea(35.0).name(), "seawater (S_A 35 g/kg)");
        let sp35 = Coolant::new_seawater(absolute_salinity_from_practical(35.0).unwrap()).unwrap();
        assert_eq!(sp35.name(), "seawater (S_A 35.165 g/kg)");
    }

    fn coolant() -> impl Strategy<Value = Coolant> {
        prop_oneof![
            Just(Coolant::Water),
            (0.0..=GLYCOL_X_MAX).prop_map(pg),
            (0.0..=GLYCOL_X_MAX).prop_map(eg),
            (0.0..=SEAWATER_SA_MAX_G_KG).prop_map(sea),
        ]
    }

    /// A temperature at fraction `u` of the way through the coolant's valid range.
    fn inside(c: &Coolant, u: f64) -> ThermodynamicTemperature {
        let (lo, hi) = c.valid_range();
        lo + delta(hi, lo) * u
    }

    proptest! {
        #[test]
        fn properties_are_physical_over_the_valid_range(c in coolant(), u in 0.0..=1.0f64) {
            let t = inside(&c, u).min(c.valid_range().1);
            let cp = c.specific_heat(t).unwrap().get::<joule_per_kilogram_kelvin>();
            let rho = c.density(t).unwrap().get::<kilogram_per_cubic_meter>();
            prop_assert!((2500.0..4300.0).contains(&cp), "{} at {} °C: cp {cp}", c.name(), to_celsius(t));
            prop_assert!((950.0..1150.0).contains(&rho), "{} at {} °C: ρ {rho}", c.name(), to_celsius(t));
        }

        #[test]
        fn flows_are_positive_and_consistent(
            c in coolant(), u in 0.05..=0.95f64, share in 0.01..=0.99f64, kw in 1.0..1e5f64,
        ) {
            let mean = inside(&c, u);
            let (lo, hi) = c.valid_range();
            let room = delta(mean, lo).min(delta(hi, mean));
            let rise = room * (2.0 * share);
            let q = Power::new::<kilowatt>(kw);
            let m = c.mass_flow_for(q, rise, mean).unwrap();
            let v = c.volume_flow_for(q, rise, mean).unwrap();
            prop_assert!(m.get::<kilogram_per_second>() > 0.0);
            let back: Power = m * c.specific_heat(mean).unwrap() * rise;
            prop_assert!((back.get::<kilowatt>() / kw - 1.0).abs() < 1e-12);
            let m_again: MassRate = v * c.density(mean).unwrap();
            prop_assert!(((m_again / m).get::<ratio>() - 1.0).abs() < 1e-12);
        }

        #[test]
        fn outside_the_range_is_an_error(c in coolant(), below in 1e-6..50.0f64) {
            let (lo, hi) = c.valid_range();
            prop_assert!(c.specific_heat(lo - kelvin_diff(below)).is_err());
            prop_assert!(c.density(hi + kelvin_diff(below)).is_err());
        }

        #[test]
        fn never_panics(
            t in proptest::num::f64::ANY, x in 0.0..=1.0f64, sa in proptest::num::f64::ANY,
            q in proptest::num::f64::ANY, dt in proptest::num::f64::ANY,
        ) {
            let t = celsius(t);
            let coolants = [
                Coolant::Water,
                Coolant::PropyleneGlycol { mass_fraction: Fraction::new(x).unwrap() },
                Coolant::EthyleneGlycol { mass_fraction: Fraction::new(x).unwrap() },
                Coolant::Seawater { absolute_salinity: Ratio::new::<per_mille>(sa) },
            ];
            for c in coolants {
                let _ = (c.specific_heat(t), c.density(t), c.valid_range(), c.name());
                let _ = c.volume_flow_for(Power::new::<watt>(q), kelvin_diff(dt), t);
            }
            let _ = latent_heat_of_vaporisation(t);
            let _ = absolute_salinity_from_practical(sa);
        }
    }
}
