//! IT equipment that responds to its inlet air: power and air flow as curves of utilisation and
//! inlet temperature, and the utilisation schedule that drives them.

use crate::curves::{Curve, MAX_MODIFIER};
use crate::error::{Error, Result};
use crate::units::*;

/// Which hour a utilisation is read at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The design hour of a capacity plan: every schedule at its peak.
    Design,
    /// An hour of the simulated year.
    Hour {
        /// Hour of the year, 0 for the hour ending 01:00 on 1 January.
        index: usize,
        /// Month of that hour, 0 for January.
        month: usize,
    },
}

/// The utilisation of IT equipment over the year (the share of its compute in use; the CPU
/// loading schedule of EnergyPlus): constant, one value per month, or one per hour (8,760, or
/// 8,784 for a leap year).
///
/// ```
/// use dcplan::it::{Utilisation, When};
/// use dcplan::units::Fraction;
/// let f = |v| Fraction::new(v).unwrap();
/// let s = Utilisation::monthly([1.0, 0.5, 0.75, 1.0, 0.25, 0.5, 0.1, 1.0, 0.25, 0.5, 0.75, 1.0].map(f));
/// assert_eq!(s.value(When::Hour { index: 800, month: 1 }), 0.5);
/// assert_eq!(s.value(When::Design), 1.0);
/// assert!(Utilisation::hourly(vec![f(0.5); 100]).is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Utilisation {
    values: Values,
    peak: f64,
}

#[derive(Clone, Debug, PartialEq)]
enum Values {
    Constant(f64),
    Monthly([f64; 12]),
    Hourly(Vec<f64>),
}

impl Utilisation {
    /// The same utilisation all year.
    pub fn constant(value: Fraction) -> Self {
        Self {
            values: Values::Constant(value.get()),
            peak: value.get(),
        }
    }

    /// One value per month, January first.
    pub fn monthly(values: [Fraction; 12]) -> Self {
        let values = values.map(Fraction::get);
        Self {
            peak: values.iter().copied().fold(0.0, f64::max),
            values: Values::Monthly(values),
        }
    }

    /// One value per hour of the year: 8,760 values, or 8,784 for a leap year.
    pub fn hourly(values: Vec<Fraction>) -> Result<Self> {
        if values.len() != 8_760 && values.len() != 8_784 {
            return Err(Error::inconsistent(
                "utilisation",
                format!(
                    "an hourly utilisation has 8760 values (8784 in a leap year), found {}",
                    values.len()
                ),
            ));
        }
        let values: Vec<f64> = values.into_iter().map(Fraction::get).collect();
        Ok(Self {
            peak: values.iter().copied().fold(0.0, f64::max),
            values: Values::Hourly(values),
        })
    }

    /// Whether the utilisation has one value per month.
    pub fn is_monthly(&self) -> bool {
        matches!(self.values, Values::Monthly(_))
    }

    /// Hours given, for an hourly utilisation.
    pub fn hours(&self) -> Option<usize> {
        match &self.values {
            Values::Hourly(v) => Some(v.len()),
            _ => None,
        }
    }

    /// The value at `when` (the peak at the design hour). An hour index beyond an hourly
    /// utilisation reads its last value; [`crate::simulate`] checks the lengths match first.
    #[inline]
    pub fn value(&self, when: When) -> f64 {
        match (when, &self.values) {
            (When::Design, _) => self.peak,
            (_, Values::Constant(v)) => *v,
            (When::Hour { month, .. }, Values::Monthly(v)) => v[month.min(11)],
            (When::Hour { index, .. }, Values::Hourly(v)) => v[index.min(v.len() - 1)],
        }
    }
}

/// How a rack's IT power and server air flow follow its utilisation `u` and inlet air
/// temperature `T_in` (°C), after EnergyPlus `ElectricEquipment:ITE:AirCooled` (Engineering
/// Reference, "Air-cooled IT equipment"). With the rack's design IT power `P_d`, the fan share
/// `f` of it and the design server air flow `V_d`:
///
/// ```text
/// P_cpu = (1 − f)·P_d · CPU(u, T_in)          CPU power curve
/// F     = AF(u, T_in)                         air-flow curve: fraction of V_d
/// P_fan = f·P_d · FAN(F)                      server-fan power curve
/// P_IT  = P_cpu + P_fan,     V = V_d·F
/// ```
///
/// All of `P_IT` becomes heat: its liquid share to the liquid loop, the rest to the air, which
/// leaves the servers at `T_in + P_air/(ṁ·cp)`. Curves evaluate with EnergyPlus's rules (inputs
/// clamped to their limits); negative results count as zero.
///
/// ```
/// use dcplan::curves::Curve;
/// use dcplan::it::{InletResponse, Utilisation};
/// use dcplan::units::*;
/// // The servers of the EnergyPlus data-center examples (500 W, 40 % fans, 0.0001 m³/s per W).
/// let response = InletResponse::new(
///     Fraction::new(0.4)?,
///     cubic_meters_per_second(0.05),
///     Curve::biquadratic([-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0], (0.0, 1.5), (-10.0, 99.0))?,
///     Curve::biquadratic([-1.4, 0.9, 0.0, 0.1, 0.0, 0.0], (0.0, 1.5), (-10.0, 99.0))?,
///     Curve::polynomial(&[0.0, 1.0], (0.0, 99.0))?,
///     Utilisation::constant(Fraction::ONE),
/// )?;
/// let p = response.power(watts(500.0), Fraction::ONE, celsius(25.0));
/// // CPU 300·(−1 + 1 + 1.66675) + fans 200·(−1.4 + 0.9 + 2.5) = 500.025 + 400 W
/// assert!((p.get::<watt>() - 900.025).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
/// `P_d`, `P_cpu`, `P_fan`, `P_IT` are [`Power`]s (W), `V_d` and `V` [`VolumeRate`]s (m³/s);
/// `u`, `f` and `F` are fractions; the curves read `T_in` in °C, as EnergyPlus's do.
///
/// # References
/// U.S. Department of Energy, *EnergyPlus Engineering Reference* (25.2), "Air-cooled IT
/// equipment" (`ElectricEquipment:ITE:AirCooled`); the example curves are those of its
/// data-center example files.
#[derive(Clone, Debug, PartialEq)]
pub struct InletResponse {
    fan_share: Fraction,
    design_air_flow: VolumeRate,
    cpu_power: Curve,
    air_flow: Curve,
    fan_power: Curve,
    utilisation: Utilisation,
}

impl InletResponse {
    /// Validates a response: `cpu_power` and `air_flow` are curves of (utilisation, inlet °C),
    /// `fan_power` a curve of the air-flow fraction, `design_air_flow` the rack's server air
    /// flow at design (> 0).
    pub fn new(
        fan_share: Fraction,
        design_air_flow: VolumeRate,
        cpu_power: Curve,
        air_flow: Curve,
        fan_power: Curve,
        utilisation: Utilisation,
    ) -> Result<Self> {
        let at = |e: Error| e.at("inlet_response");
        positive(
            "design_air_flow",
            design_air_flow.get::<cubic_meter_per_second>(),
            "m³/s",
        )
        .map_err(at)?;
        cpu_power.expect_inputs("cpu_power", 2).map_err(at)?;
        air_flow.expect_inputs("air_flow", 2).map_err(at)?;
        fan_power.expect_inputs("fan_power", 1).map_err(at)?;
        // Negative values count as 0 (`at`); above, each must stay a modifier over its range.
        let most = format!("at most {MAX_MODIFIER} (a multiple of the design value)");
        for (field, curve) in [
            ("cpu_power", &cpu_power),
            ("air_flow", &air_flow),
            ("fan_power", &fan_power),
        ] {
            curve
                .check_values(field, &most, |v| v <= MAX_MODIFIER)
                .map_err(at)?;
        }
        Ok(Self {
            fan_share,
            design_air_flow,
            cpu_power,
            air_flow,
            fan_power,
            utilisation,
        })
    }

    /// Share of the design power drawn by the server fans.
    pub fn fan_share(&self) -> Fraction {
        self.fan_share
    }
    /// Server air flow of one rack at design.
    pub fn design_air_flow(&self) -> VolumeRate {
        self.design_air_flow
    }
    /// The utilisation over the year.
    pub fn utilisation(&self) -> &Utilisation {
        &self.utilisation
    }

    /// IT power of a rack of design power `design` at utilisation `u` and inlet `inlet`.
    pub fn power(
        &self,
        design: Power,
        utilisation: Fraction,
        inlet: ThermodynamicTemperature,
    ) -> Power {
        let (p, _) = self.at(design.get::<watt>(), utilisation.get(), to_celsius(inlet));
        watts(p)
    }

    /// Server air flow of a rack at utilisation `u` and inlet `inlet`.
    pub fn air_flow(&self, utilisation: Fraction, inlet: ThermodynamicTemperature) -> VolumeRate {
        let flow = self.flow_fraction(utilisation.get(), to_celsius(inlet));
        self.design_air_flow * flow
    }

    #[inline]
    fn flow_fraction(&self, u: f64, t_in_c: f64) -> f64 {
        non_negative_part(self.air_flow.evaluate(u, t_in_c))
    }

    /// IT power (W) and server air flow (m³/s) of one rack of design power `design_w` at
    /// utilisation `u` and inlet `t_in_c` (°C): the hot-path form of [`Self::power`].
    #[inline]
    pub(crate) fn at(&self, design_w: f64, u: f64, t_in_c: f64) -> (f64, f64) {
        let f = self.fan_share.get();
        let cpu = (1.0 - f) * design_w * non_negative_part(self.cpu_power.evaluate(u, t_in_c));
        let flow = self.flow_fraction(u, t_in_c);
        let fans = f * design_w * non_negative_part(self.fan_power.at(flow));
        (
            cpu + fans,
            self.design_air_flow.get::<cubic_meter_per_second>() * flow,
        )
    }
}

/// `v` if positive, else 0 (a compare-select, cheaper than `f64::max`).
#[inline(always)]
fn non_negative_part(v: f64) -> f64 {
    if v > 0.0 { v } else { 0.0 }
}
