//! Fans and pumps: the loop's transport from the racks to the plant, and the affinity laws
//! every fan and pump of a loop follows (transport and sink alike).

use crate::error::Result;
use crate::units::*;

/// Fans or pumps that move the loop's heat from the racks to the plant (CRAH fans and
/// chilled-water pumps, or CDU and facility-water pumps). `design_power` is drawn at the loop's
/// usable capacity with only the carrying units running; all installed units share the flow
/// at speed `x = Q / Q_installed`, and by the fan/pump affinity laws power goes with the cube
/// of speed, cycling at minimum speed below `x_min` (see [`affinity_power`]):
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
/// `design_power` is electric power (fans and pumps together) at the loop's usable heat
/// capacity; speed `x` and `min_speed` are shares of full flow.
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
