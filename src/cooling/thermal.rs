//! Steady-state thermal-resistance networks and the chip → cold plate → coolant path.
//!
//! A network is nodes at unknown temperatures, joined by conductances `G` (W/K, the inverse of
//! thermal resistances) and by coolant streams of capacity rate `C = ṁ·c_p` (advection, which
//! carries heat one way only), with heat injected at some nodes and others held at a fixed
//! temperature. The energy balance of each free node `i` (Incropera et al., *Fundamentals of
//! Heat and Mass Transfer*, 7th ed., §3.1 thermal circuits; §8.3 the mean-temperature energy
//! balance of a stream) is
//!
//! ```text
//! q_i + Σ_j G_ij·(T_j − T_i) + C_ui·(T_u − T_i) = 0        (stream from node u into node i)
//! ```
//!
//! a linear system `A·T = b`, solved by LU decomposition (nalgebra).

use crate::error::{Error, Result};
use crate::it::ColdPlates;
use crate::units::*;
use nalgebra::{DMatrix, DVector};

/// A steady-state thermal network. See the module documentation.
///
/// ```
/// use dcplan::cooling::ThermalNetwork;
/// use dcplan::units::*;
/// // 1 kW through 0.01 K/W from a node held at 30 °C: the other node sits at 40 °C.
/// let mut net = ThermalNetwork::new(2);
/// net.fix(0, celsius(30.0))?;
/// net.conductance(0, 1, ThermalConductance::new::<watt_per_kelvin>(100.0))?;
/// net.heat(1, Power::new::<kilowatt>(1.0))?;
/// let t = net.solve()?;
/// assert!((to_celsius(t[1]) - 40.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Conductances and capacity rates in W/K, heat in W, temperatures absolute (solved in K;
/// only differences matter, so a fixed node at 0 °C gives rises directly).
///
/// # References
///
/// T.L. Bergman, A.S. Lavine, F.P. Incropera & D.P. DeWitt, *Fundamentals of Heat and Mass
/// Transfer*, 7th ed. (Wiley, 2011): §3.1 (thermal resistance and circuits), §8.3 (the energy
/// balance of a stream, `q = ṁ·c_p·(T_m,o − T_m,i)`).
#[derive(Clone, Debug, PartialEq)]
pub struct ThermalNetwork {
    a: DMatrix<f64>,
    b: DVector<f64>,
    fixed: Vec<bool>,
}

impl ThermalNetwork {
    /// A network of `nodes` free nodes with nothing attached.
    pub fn new(nodes: usize) -> Self {
        Self {
            a: DMatrix::zeros(nodes, nodes),
            b: DVector::zeros(nodes),
            fixed: vec![false; nodes],
        }
    }

    fn check(&self, node: usize) -> Result<()> {
        if node < self.fixed.len() {
            Ok(())
        } else {
            Err(Error::out_of_range(
                "thermal_network.node",
                node as f64,
                "",
                &format!("a node index below {}", self.fixed.len()),
            ))
        }
    }

    /// Joins nodes `i` and `j` by a conductance `g` (> 0).
    pub fn conductance(&mut self, i: usize, j: usize, g: ThermalConductance) -> Result<()> {
        self.check(i)?;
        self.check(j)?;
        let g = positive(
            "thermal_network.conductance",
            g.get::<watt_per_kelvin>(),
            "W/K",
        )?;
        for (row, other) in [(i, j), (j, i)] {
            if !self.fixed[row] {
                self.a[(row, row)] += g;
                self.a[(row, other)] -= g;
            }
        }
        Ok(())
    }

    /// A coolant stream of capacity rate `rate = ṁ·c_p` flowing from node `from` into node `to`:
    /// it brings `rate·T_from` into `to` and leaves at `T_to`.
    pub fn advection(&mut self, from: usize, to: usize, rate: ThermalConductance) -> Result<()> {
        self.check(from)?;
        self.check(to)?;
        let c = positive(
            "thermal_network.capacity_rate",
            rate.get::<watt_per_kelvin>(),
            "W/K",
        )?;
        if !self.fixed[to] {
            self.a[(to, to)] += c;
            self.a[(to, from)] -= c;
        }
        Ok(())
    }

    /// Injects heat `q` at a node.
    pub fn heat(&mut self, node: usize, q: Power) -> Result<()> {
        self.check(node)?;
        if !self.fixed[node] {
            self.b[node] += finite_watts(q)?;
        }
        Ok(())
    }

    /// Holds a node at temperature `t` (call before attaching links to it).
    pub fn fix(&mut self, node: usize, t: ThermodynamicTemperature) -> Result<()> {
        self.check(node)?;
        let t = temperature("thermal_network.fixed", t)?;
        self.fixed[node] = true;
        self.a.row_mut(node).fill(0.0);
        self.a[(node, node)] = 1.0;
        self.b[node] = t.get::<kelvin>();
        Ok(())
    }

    /// Node temperatures. Fails if some node is not connected to a fixed temperature.
    pub fn solve(&self) -> Result<Vec<ThermodynamicTemperature>> {
        let singular = || {
            Error::inconsistent(
                "thermal_network",
                "some node has no path to a fixed temperature",
            )
        };
        let t = self.a.clone().lu().solve(&self.b).ok_or_else(singular)?;
        if t.iter().any(|v| !v.is_finite()) {
            return Err(singular());
        }
        Ok(t.iter()
            .map(|&k| ThermodynamicTemperature::new::<kelvin>(k))
            .collect())
    }
}

fn finite_watts(q: Power) -> Result<f64> {
    let w = q.get::<watt>();
    within("thermal_network.heat", w, "W", -MAX_POWER_W, MAX_POWER_W)
}

/// Rise of the hottest accelerator case above the coolant supply temperature, for cold plates
/// in series along one coolant path whose flow is sized for a temperature rise `rise` across
/// the path. Network: supply node (fixed) → for each plate, a coolant node fed by the previous
/// one (advection `C = n·P/ΔT`) and a case node joined to it by `1/R` with `P` injected. The
/// case temperature uses the plate's outlet coolant temperature (upwind, conservative).
///
/// ```
/// use dcplan::cooling::hottest_case_rise;
/// use dcplan::it::ColdPlates;
/// use dcplan::units::*;
/// use uom::si::{f64::ThermalResistance, thermal_resistance::kelvin_per_watt};
/// // Two 1.2 kW GPUs in series, 0.025 K/W, 10 K rise: last case = 10 K + 1,200 × 0.025 = 40 K.
/// let plates = ColdPlates::new(Power::new::<watt>(1200.0), 2,
///     ThermalResistance::new::<kelvin_per_watt>(0.025), celsius(85.0))?;
/// let rise = hottest_case_rise(&plates, kelvin_diff(10.0))?;
/// assert!((rise.get::<kelvin_interval>() - 40.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `rise` is the coolant's temperature rise along the whole path (K); the result is the case
/// temperature of the hottest accelerator minus the coolant supply (K).
///
/// # References
///
/// The network of [`ThermalNetwork`] (Incropera et al., §3.1, §8.3); the plate resistance,
/// power and case limit come from [`ColdPlates`].
pub fn hottest_case_rise(
    plates: &ColdPlates,
    rise: TemperatureInterval,
) -> Result<TemperatureInterval> {
    let n = plates.in_series() as usize;
    let p = plates.accelerator_power();
    let rate = p * (n as f64) / interval_positive("rise", rise)?;
    let g = 1.0 / plates.resistance();
    // Node 0: supply; coolant after plate k: 2k − 1; case of plate k: 2k.
    let mut net = ThermalNetwork::new(2 * n + 1);
    let supply = celsius(0.0);
    net.fix(0, supply)?;
    for k in 1..=n {
        let (coolant, case) = (2 * k - 1, 2 * k);
        let upstream = if k == 1 { 0 } else { coolant - 2 };
        net.advection(upstream, coolant, rate)?;
        net.conductance(coolant, case, g)?;
        net.heat(case, p)?;
    }
    let t = net.solve()?;
    let hottest = t[1..]
        .iter()
        .copied()
        .fold(supply, |a, b| if b > a { b } else { a });
    Ok(delta(hottest, supply))
}
