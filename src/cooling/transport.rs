//! Fans and pumps: the loop's transport from the racks to the plant — its fans and terminals
//! ([`Transport`]) and its facility-water pumps ([`Pump`]) — and the affinity laws every fan and
//! pump of a loop follows (transport and sink alike).

use crate::error::Result;
use crate::fluids::Coolant;
use crate::units::*;

/// The loop's transport that does not move its coolant: CRAH fans, CDUs (their own pumps move
/// the rack-side coolant), controls. `design_power` is drawn at the loop's usable capacity with
/// only the carrying units running; all installed units share the flow at speed
/// `x = Q / Q_installed`, and by the fan/pump affinity laws power goes with the cube of speed,
/// cycling at minimum speed below `x_min` (see [`affinity_power`]); the loop's facility-water
/// pumps ([`Pump`]) follow the same law at the same speed:
///
/// ```text
/// P = P_design · (n_installed / n_carrying) · x · max(x, x_min)²
/// ```
///
/// ```
/// use dcplan::cooling::Transport;
/// use dcplan::units::*;
/// let fans = Transport::new(Power::new::<kilowatt>(500.0), Fraction::new(0.2)?)?;
/// assert_eq!(fans.design_power().get::<kilowatt>(), 500.0);
/// assert!(Transport::new(Power::new::<kilowatt>(-1.0), Fraction::ZERO).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `design_power` is electric power at the loop's usable heat capacity; speed `x` and
/// `min_speed` are shares of full flow.
///
/// # References
///
/// See [`affinity_power`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transport {
    design_power: Power,
    min_speed: Fraction,
}

impl Transport {
    /// Fans/pumps drawing `design_power` at the loop's usable capacity; they never turn slower
    /// than `min_speed` while there is load.
    pub fn new(design_power: Power, min_speed: Fraction) -> Result<Self> {
        power_non_negative("transport.design_power", design_power)?;
        Ok(Self {
            design_power,
            min_speed,
        })
    }

    /// Power at the usable capacity.
    pub fn design_power(&self) -> Power {
        self.design_power
    }

    /// Lowest speed of the loop's fans and pumps (transport and sink); below it they cycle.
    pub fn min_speed(&self) -> Fraction {
        self.min_speed
    }
}

/// A loop's facility-water pumps, given by the **pressure rise they develop at design flow**
/// (a pressure, not metres of the pumped fluid) and their total (pump, motor, drive)
/// efficiency. The coolant sizes the flow: to carry the loop's usable capacity `Q` with its
/// design rise `ΔT` the pumps move `V̇ = Q/(ρ·c_p·ΔT)` (ρ and c_p of the coolant at the mean of
/// supply and return), and draw
///
/// ```text
/// P = V̇ · Δp / η = Q · Δp / (ρ · c_p · ΔT · η)
/// ```
///
/// at design; hourly they follow the affinity laws with the loop's other transport. With the
/// pressure rise fixed, a glycol loop draws `(ρ·c_p)_water / (ρ·c_p)_glycol` times the water
/// loop's pump power (1.0517 for 30 % propylene glycol at 30 °C); a head in metres of the
/// loop's own fluid would give `c_p,water / c_p,glycol` instead (1.0763). Neither captures
/// glycol's higher viscosity (a larger pressure drop at the same flow): raise the pressure rise
/// for it.
///
/// ```
/// use dcplan::cooling::Pump;
/// use dcplan::fluids::Coolant;
/// use dcplan::units::*;
/// let pump = Pump::new(kilopascals(200.0), Efficiency::new(0.75)?)?;
/// let q = Power::new::<megawatt>(1.0);
/// let water = pump.design_power(&Coolant::Water, q, kelvin_diff(10.0), celsius(30.0))?;
/// assert!((water.get::<watt>() - 6407.41).abs() < 0.01); // 24.028 L/s × 200 kPa / 0.75
/// let pg = Coolant::new_propylene_glycol(Fraction::new(0.3)?)?;
/// let glycol = pump.design_power(&pg, q, kelvin_diff(10.0), celsius(30.0))?;
/// assert!(((glycol / water).get::<ratio>() - 1.05171).abs() < 1e-5);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `pressure_rise` in Pa (site files: `"144 kPa"`), developed at the loop's design flow;
/// `efficiency` a plain share; powers electric.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Pumps" (NREL/EnergyPlus commit 83d6fac087b0): pump
///   electric power = volume flow rate × pump head / total efficiency, the head a pressure (Pa).
/// - N. Lei & E. Masanet, *Energy* 201 (2020) 117556, doi:10.1016/j.energy.2020.117556 (the
///   authors' `nuoaleon/Data-Center-PUE-prediction-tool`): pump power from a pressure rise,
///   facility-water pumps 143,658 Pa ± 20 %, efficiency 0.6–0.8 — the presets' figures.
/// - [`Coolant`] for ρ and c_p (IAPWS-IF97; Melinder 2010 via CoolProp; TEOS-10).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pump {
    pressure_rise: Pressure,
    efficiency: Efficiency,
}

impl Pump {
    /// Pumps developing `pressure_rise` (0 … 10 MPa) at design flow with total `efficiency`.
    pub fn new(pressure_rise: Pressure, efficiency: Efficiency) -> Result<Self> {
        within(
            "pump.pressure_rise",
            pressure_rise.get::<kilopascal>(),
            "kPa",
            0.0,
            10_000.0,
        )?;
        Ok(Self {
            pressure_rise,
            efficiency,
        })
    }

    /// Pressure rise at design flow.
    pub fn pressure_rise(&self) -> Pressure {
        self.pressure_rise
    }
    /// Total efficiency (pump, motor, drive).
    pub fn efficiency(&self) -> Efficiency {
        self.efficiency
    }

    /// Electric power carrying `heat` in `coolant` with a temperature `rise` about a `mean`
    /// temperature: `Q·Δp/(ρ·c_p·ΔT·η)`. An error if supply or return (`mean ∓ rise/2`) is
    /// outside the coolant's liquid range ([`Coolant::volume_flow_for`]): a loop whose supply
    /// would freeze.
    pub fn design_power(
        &self,
        coolant: &Coolant,
        heat: Power,
        rise: TemperatureInterval,
        mean: ThermodynamicTemperature,
    ) -> Result<Power> {
        let flow = coolant.volume_flow_for(heat, rise, mean)?;
        Ok(flow * self.pressure_rise / self.efficiency.get())
    }
}

/// Electric power of fans or pumps drawing `full` at full speed, run at `speed` (share of full
/// flow): the affinity laws give `full · speed³`; below `min_speed` they cycle at minimum speed,
/// so power falls linearly, `full · min_speed² · speed` (ASHRAE Handbook—HVAC Systems and
/// Equipment, ch. 21 fans and ch. 44 pumps; cycling as EnergyPlus does below minimum turndown).
///
/// ```
/// use dcplan::cooling::affinity_power;
/// use dcplan::units::*;
/// let full = Power::new::<kilowatt>(100.0);
/// let min = Fraction::new(0.2)?;
/// assert!((affinity_power(full, 0.5, min).get::<kilowatt>() - 12.5).abs() < 1e-12); // 100 · 0.5³
/// assert!((affinity_power(full, 0.1, min).get::<kilowatt>() - 0.4).abs() < 1e-12);  // 100 · 0.2² · 0.1
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `full` is the electric power at full speed; `speed` is the flow over full flow (a plain
/// share, not clamped to 1 here: callers cap it); `min_speed` a share of full flow.
///
/// # References
///
/// - ASHRAE Handbook—HVAC Systems and Equipment, ch. 21 (fans) and ch. 44 (pumps): the fan
///   and pump affinity laws, power ∝ speed³ at a fixed system curve.
/// - EnergyPlus Engineering Reference, "Air System Fans" → "Multi-Speed Fan Model": the power
///   ratio follows the cubic fan law of the speed ratio.
pub fn affinity_power(full: Power, speed: f64, min_speed: Fraction) -> Power {
    full * affinity_factor(speed, min_speed.get())
}

/// The share of full-speed power drawn at `speed`: [`affinity_power`] on plain numbers, for
/// the hourly arithmetic.
#[inline]
pub(super) fn affinity_factor(speed: f64, min_speed: f64) -> f64 {
    let x = speed.max(0.0);
    x * x.max(min_speed).powi(2)
}
