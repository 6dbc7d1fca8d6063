//! On-site generation: gas turbines, engines or fuel cells in N+k units, with a minimum load
//! and a part-load efficiency curve.

use crate::error::{Error, Result};
use crate::money::{Money, UsdPerMwh};
use crate::sustainability::{EmissionFactor, checked_factor};
use crate::units::*;
use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;

/// How a unit's efficiency falls at part load, `η(x)/η_nom` with `x = P/P_rated`.
///
/// # References
///
/// - Gas turbine: TransiEnt library (TU Hamburg), `GasTurbineButtler.mo`, after Buttler,
///   Hentschel, Kahlert, Angerer, *Statusbericht Flexibilitätsbedarf im Stromsektor*, TU
///   München, 2015: `η/η_nom = 0.2599 + 1.3392·x − 0.5991·x²` (reproduces the tabulated points
///   to 10⁻⁴).
/// - Reciprocating gas engine: INNIO Jenbacher JMS 620 GS-N.L technical description (2018),
///   η/η_nom = 0.975 at 75 % and 0.925 at 50 % load, linear between (and below 50 % along
///   the 50–75 % slope).
/// - Flat: a constant efficiency (REopt's current defaults set half-load efficiency equal to
///   full-load), for fuel cells, whose part-load curve is not verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartLoad {
    /// The TransiEnt/Buttler gas-turbine quadratic.
    GasTurbine,
    /// The Jenbacher JMS 620 engine points.
    ReciprocatingEngine,
    /// No loss at part load.
    Flat,
}

impl PartLoad {
    /// `η(x)/η_nom` at load fraction `x` of the unit's rating.
    ///
    /// ```
    /// use dcplan::flexibility::PartLoad;
    /// use dcplan::units::Fraction;
    /// assert!((PartLoad::GasTurbine.efficiency_ratio(Fraction::new(0.5)?) - 0.7797).abs() < 1e-4);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn efficiency_ratio(self, x: Fraction) -> f64 {
        let x = x.get();
        match self {
            PartLoad::GasTurbine => 0.2599 + 1.3392 * x - 0.5991 * x * x,
            PartLoad::ReciprocatingEngine if x >= 0.75 => 0.975 + (x - 0.75) / 0.25 * 0.025,
            PartLoad::ReciprocatingEngine => (0.925 + (x - 0.5) / 0.25 * 0.05).max(0.1),
            PartLoad::Flat => 1.0,
        }
    }
}

/// The emission factor of natural gas per fuel energy (higher heating value): 53.06 kg CO₂/MMBtu
/// = 181.05 kg/MWh of fuel.
///
/// # References
///
/// 40 CFR Part 98, Subpart C, Table C-1 (EPA); 1 MMBtu = 0.2930711 MWh.
///
/// ```
/// use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;
/// let f = dcplan::flexibility::natural_gas_factor();
/// assert!((f.get::<kilogram_per_kilowatt_hour>() - 0.18105).abs() < 1e-5);
/// ```
pub fn natural_gas_factor() -> EmissionFactor {
    EmissionFactor::new::<kilogram_per_kilowatt_hour>(53.06 / MWH_PER_MMBTU / 1e3)
}

/// MWh per MMBtu.
const MWH_PER_MMBTU: f64 = 0.293_071_1;

/// On-site generators: `units` of `unit_rating` each, `spares` of them held in reserve (N+k:
/// `units − spares` can run), each running between its minimum load and its rating.
///
/// Fuel per running unit at output `P` (load fraction `x = P/P_unit`):
/// `F = P / (η_nom · η(x)/η_nom)` ([`PartLoad`]). Units start only as needed: `m = ⌈P/P_unit⌉`
/// share the output equally, each at least its minimum load.
///
/// # Units
///
/// Ratings are electric power (MW); efficiency is on the fuel's higher heating value; the fuel
/// price is per MWh of fuel energy; emissions are mass of CO₂.
///
/// # References
///
/// The part-load curves of [`PartLoad`]; the fuel model's form after NREL REopt
/// (`REopt.jl`, `fuel_slope_and_intercept`), here with the part-load curve in place of its
/// straight line; minimum turndown defaults in REopt's `chp_defaults.json` (combustion turbine
/// 0.5, reciprocating engine 0.25, fuel cell 0.3). `docs/models.md`, "Flexibility".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Generation {
    unit_rating: Power,
    units: u32,
    spares: u32,
    min_load: Fraction,
    efficiency: Efficiency,
    part_load: PartLoad,
    fuel_price: UsdPerMwh,
    emission_factor: EmissionFactor,
}

/// One hour of generation.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct GenerationHour {
    /// Electric output.
    pub output: Power,
    /// Units running.
    pub units_on: u32,
    /// Fuel burnt in the hour (HHV).
    pub fuel: Energy,
}

impl Generation {
    /// Validates generators: a positive unit rating, more units than spares.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        unit_rating: Power,
        units: u32,
        spares: u32,
        min_load: Fraction,
        efficiency: Efficiency,
        part_load: PartLoad,
        fuel_price: UsdPerMwh,
        emission_factor: EmissionFactor,
    ) -> Result<Self> {
        let mw = unit_rating.get::<megawatt>();
        if !(mw.is_finite() && mw > 0.0) {
            return Err(Error::out_of_range(
                "generation.unit_rating",
                mw,
                "MW",
                "above 0 MW",
            ));
        }
        if units <= spares {
            return Err(Error::inconsistent(
                "generation.units",
                format!("{units} units with {spares} spares leave none to run"),
            ));
        }
        if !(fuel_price.get().is_finite() && fuel_price.get() >= 0.0) {
            return Err(Error::out_of_range(
                "generation.fuel_price",
                fuel_price.get(),
                "USD/MWh",
                "at least 0 USD per MWh of fuel",
            ));
        }
        Ok(Self {
            unit_rating,
            units,
            spares,
            min_load,
            efficiency,
            part_load,
            fuel_price,
            emission_factor: checked_factor("generation.emission_factor", emission_factor)?,
        })
    }

    /// What can run: `(units − spares) × rating`.
    pub fn firm_capacity(&self) -> Power {
        self.unit_rating * f64::from(self.units - self.spares)
    }
    /// Rating of one unit.
    pub fn unit_rating(&self) -> Power {
        self.unit_rating
    }
    /// Units installed and held in reserve.
    pub fn units(&self) -> (u32, u32) {
        (self.units, self.spares)
    }
    /// Fuel price per MWh of fuel.
    pub fn fuel_price(&self) -> UsdPerMwh {
        self.fuel_price
    }
    /// Emission factor.
    pub fn emission_factor(&self) -> EmissionFactor {
        self.emission_factor
    }

    /// Runs the units for one hour to deliver `want` (at most the firm capacity), never more
    /// than `load` (what the site can take); units start as needed and each runs at least at
    /// its minimum load unless the site's load is below it.
    ///
    /// ```
    /// use dcplan::flexibility::{Generation, PartLoad, natural_gas_factor};
    /// use dcplan::money::UsdPerMwh;
    /// use dcplan::units::*;
    /// let gt = Generation::new(megawatts(30.0), 3, 1, Fraction::new(0.5)?, Efficiency::new(0.30)?,
    ///     PartLoad::GasTurbine, UsdPerMwh::new(12.0), natural_gas_factor())?;
    /// // 10 MW from one 30 MW unit: the minimum load (15 MW) runs, at η = 0.30 × 0.7797.
    /// let h = gt.run(megawatts(10.0), megawatts(200.0));
    /// assert_eq!(h.units_on, 1);
    /// assert!((h.output.get::<megawatt>() - 15.0).abs() < 1e-9);
    /// assert!((h.fuel.get::<megawatt_hour>() - 15.0 / (0.30 * 0.7797)).abs() < 1e-2);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn run(&self, want: Power, load: Power) -> GenerationHour {
        let want = want.min(self.firm_capacity());
        if want <= Power::ZERO {
            return GenerationHour::default();
        }
        let unit = self.unit_rating.get::<megawatt>();
        let units_on =
            ((want.get::<megawatt>() / unit).ceil() as u32).clamp(1, self.units - self.spares);
        let per_unit = (want.get::<megawatt>() / f64::from(units_on))
            .max(self.min_load.get() * unit)
            .min(load.get::<megawatt>().max(0.0) / f64::from(units_on));
        let x = Fraction::clamped(per_unit / unit);
        let eta = self.efficiency.get() * self.part_load.efficiency_ratio(x);
        GenerationHour {
            output: megawatts(per_unit * f64::from(units_on)),
            units_on,
            fuel: megawatt_hours(per_unit * f64::from(units_on) / eta),
        }
    }

    /// Cost of `fuel` at the fuel price.
    pub fn fuel_cost(&self, fuel: Energy) -> Money {
        self.fuel_price * fuel
    }

    /// CO₂ from burning `fuel`.
    pub fn emissions(&self, fuel: Energy) -> Mass {
        fuel * self.emission_factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn turbine_quadratic_reproduces_the_transient_table() {
        let table = [
            (0.0, 0.2599),
            (0.1, 0.3878),
            (0.2, 0.5038),
            (0.3, 0.6077),
            (0.4, 0.6997),
            (0.5, 0.7797),
            (0.6, 0.8477),
            (0.7, 0.9038),
            (0.8, 0.9478),
            (0.9, 0.9799),
            (1.0, 1.0),
        ];
        for (x, eta) in table {
            let got = PartLoad::GasTurbine.efficiency_ratio(Fraction::new(x).unwrap());
            assert_relative_eq!(got, eta, epsilon = 1.1e-4);
        }
        let engine = PartLoad::ReciprocatingEngine;
        assert_relative_eq!(engine.efficiency_ratio(Fraction::new(0.5).unwrap()), 0.925);
        assert_relative_eq!(engine.efficiency_ratio(Fraction::new(0.75).unwrap()), 0.975);
        assert_relative_eq!(engine.efficiency_ratio(Fraction::ONE), 1.0);
    }

    #[test]
    fn epa_natural_gas_factor_in_kg_per_mwh() {
        assert_relative_eq!(
            natural_gas_factor().get::<kilogram_per_kilowatt_hour>() * 1e3,
            181.05,
            epsilon = 0.01
        );
    }

    #[test]
    fn units_start_as_needed_and_share_the_output() {
        let gt = Generation::new(
            megawatts(30.0),
            4,
            1,
            Fraction::new(0.5).unwrap(),
            Efficiency::new(0.3).unwrap(),
            PartLoad::GasTurbine,
            UsdPerMwh::new(10.0),
            natural_gas_factor(),
        )
        .unwrap();
        assert_relative_eq!(gt.firm_capacity().get::<megawatt>(), 90.0);
        let h = gt.run(megawatts(75.0), megawatts(500.0));
        assert_eq!(h.units_on, 3);
        assert_relative_eq!(h.output.get::<megawatt>(), 75.0, epsilon = 1e-9);
        // Each at 25 MW of 30: x = 5/6.
        let eta = 0.3 * PartLoad::GasTurbine.efficiency_ratio(Fraction::new(25.0 / 30.0).unwrap());
        assert_relative_eq!(h.fuel.get::<megawatt_hour>(), 75.0 / eta, epsilon = 1e-9);
        // Never beyond what can run.
        assert_relative_eq!(
            gt.run(megawatts(500.0), megawatts(500.0))
                .output
                .get::<megawatt>(),
            90.0
        );
        assert!(
            Generation::new(
                megawatts(30.0),
                1,
                1,
                Fraction::ZERO,
                Efficiency::new(0.3).unwrap(),
                PartLoad::Flat,
                UsdPerMwh::new(1.0),
                natural_gas_factor()
            )
            .is_err()
        );
    }
}
