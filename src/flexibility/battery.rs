//! Battery storage behind the interconnect: charged only from headroom under it, discharged to
//! keep grid import within it.

use crate::error::{Error, Result};
use crate::units::*;

/// A battery energy storage system (BESS) at the site's point of interconnection.
///
/// Round-trip efficiency `η_rt` is split evenly between charging and discharging,
/// `η_c = η_d = √η_rt`. Stored energy stays within `[SoC_min·E, SoC_max·E]`; the year starts
/// at `SoC_max` (full).
///
/// ```
/// use dcplan::flexibility::Battery;
/// use dcplan::units::*;
/// let bess = Battery::new(megawatts(150.0), megawatt_hours(600.0), Efficiency::new(0.85)?)?;
/// assert!((bess.usable_energy().get::<megawatt_hour>() - 600.0).abs() < 1e-9);
/// // Zero energy but some power is no battery: refused, naming the field.
/// let err = Battery::new(megawatts(10.0), megawatt_hours(0.0), Efficiency::new(0.85)?).unwrap_err();
/// assert!(err.to_string().contains("battery.energy"));
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Power is the discharge and charge rating at the point of interconnection (MW); energy the
/// nameplate (MWh); efficiencies and state-of-charge limits plain fractions.
///
/// # References
///
/// Round-trip efficiency 85 %: NREL, *Annual Technology Baseline 2024*, utility-scale
/// battery storage (4-hour lithium-ion). The state-of-charge limits are inputs (no verified
/// default). `docs/models.md`, "Flexibility".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Battery {
    power: Power,
    energy: Energy,
    round_trip: Efficiency,
    soc_min: Fraction,
    soc_max: Fraction,
}

impl Battery {
    /// Validates a battery with state-of-charge limits 0 … 100 %: power and energy finite and
    /// not negative, and energy above zero if power is.
    pub fn new(power: Power, energy: Energy, round_trip: Efficiency) -> Result<Self> {
        let (p, e) = (power.get::<megawatt>(), energy.get::<megawatt_hour>());
        if !(p.is_finite() && p >= 0.0) {
            return Err(Error::out_of_range(
                "battery.power",
                p,
                "MW",
                "a power of at least 0 MW",
            ));
        }
        if !(e.is_finite() && e >= 0.0) {
            return Err(Error::out_of_range(
                "battery.energy",
                e,
                "MWh",
                "an energy of at least 0 MWh",
            ));
        }
        if p > 0.0 && e == 0.0 {
            return Err(Error::inconsistent(
                "battery.energy",
                format!("a battery of {p} MW needs some energy to store, found 0 MWh"),
            ));
        }
        Ok(Self {
            power,
            energy,
            round_trip,
            soc_min: Fraction::ZERO,
            soc_max: Fraction::ONE,
        })
    }

    /// The same battery kept between `min` and `max` state of charge (`min < max`).
    pub fn with_soc_limits(mut self, min: Fraction, max: Fraction) -> Result<Self> {
        if min >= max {
            return Err(Error::inconsistent(
                "battery.soc_min",
                format!(
                    "the lowest state of charge {} must be below the highest {}",
                    min.get(),
                    max.get()
                ),
            ));
        }
        (self.soc_min, self.soc_max) = (min, max);
        Ok(self)
    }

    /// Charge and discharge power rating.
    pub fn power(&self) -> Power {
        self.power
    }
    /// Nameplate energy.
    pub fn energy(&self) -> Energy {
        self.energy
    }
    /// Round-trip efficiency.
    pub fn round_trip(&self) -> Efficiency {
        self.round_trip
    }
    /// State-of-charge limits (lowest, highest).
    pub fn soc_limits(&self) -> (Fraction, Fraction) {
        (self.soc_min, self.soc_max)
    }
    /// Energy between the state-of-charge limits.
    pub fn usable_energy(&self) -> Energy {
        self.energy * (self.soc_max.get() - self.soc_min.get())
    }
    /// One-way efficiency, `√η_rt` (charging and discharging alike).
    pub fn one_way(&self) -> f64 {
        self.round_trip.get().sqrt()
    }
}

/// A battery's stored energy through the year, and the greedy rule that moves it.
///
/// In each hour of 1 h, with the grid limit `L` and the facility's demand `P_t`:
///
/// ```text
/// charge_t    = min(L − P_t, P_batt, (E_max − E_{t−1})/η_c)   if P_t < L
/// discharge_t = min(P_t − L, P_batt, (E_{t−1} − E_min)·η_d)   if P_t > L
/// E_t         = E_{t−1} + η_c·charge_t − discharge_t/η_d
/// ```
///
/// For a single limit with perfect foresight this rule is optimal twice over: it keeps at
/// least as much energy stored as any policy that has covered the same over-limit energy so
/// far (by induction: more stored never charges less, and it discharges exactly the excess),
/// so if any policy keeps every hour within the limit, it does; and it minimises the total
/// energy left uncovered. It is not optimal for a budget of hours or event lengths, nor when
/// battery, fuel and curtailment have prices to trade against each other: there, saving
/// energy for a later, longer event can win. `docs/models.md`, "Flexibility".
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Store {
    battery: Battery,
    stored: Energy,
}

impl Store {
    /// A full battery (at its highest state of charge).
    pub(crate) fn full(battery: Battery) -> Self {
        Self {
            battery,
            stored: battery.energy * battery.soc_max.get(),
        }
    }

    /// Energy stored now.
    #[cfg(test)]
    pub(crate) fn stored(&self) -> Energy {
        self.stored
    }

    /// State of charge now.
    pub(crate) fn soc(&self) -> Fraction {
        let e = self.battery.energy.get::<megawatt_hour>();
        if e > 0.0 {
            Fraction::clamped(self.stored.get::<megawatt_hour>() / e)
        } else {
            Fraction::ZERO
        }
    }

    /// Discharges up to `want` for one hour; returns the power delivered.
    pub(crate) fn discharge(&mut self, want: Power) -> Power {
        let b = &self.battery;
        let floor = b.energy * b.soc_min.get();
        let available = ((self.stored - floor) * b.one_way() / hour()).max(Power::ZERO);
        let delivered = want.max(Power::ZERO).min(b.power).min(available);
        self.stored = (self.stored - delivered * hour() / b.one_way()).max(floor);
        delivered
    }

    /// Charges from up to `headroom` for one hour; returns the power drawn.
    pub(crate) fn charge(&mut self, headroom: Power) -> Power {
        let b = &self.battery;
        let ceiling = b.energy * b.soc_max.get();
        let room = ((ceiling - self.stored) / b.one_way() / hour()).max(Power::ZERO);
        let drawn = headroom.max(Power::ZERO).min(b.power).min(room);
        self.stored = (self.stored + drawn * hour() * b.one_way()).min(ceiling);
        drawn
    }
}

fn hour() -> Time {
    hours(1.0)
}

/// The smallest usable energy that lets a battery of unlimited power keep every hour within
/// the limit, starting full: the reservoir's sequent-peak recursion run backwards in time,
///
/// ```text
/// R_{T+1} = 0,   R_t = max(0, R_{t+1} + D_t/η_d − η_c·min(H_t, P_ch)),   E* = max_t R_t
/// ```
///
/// with `D_t` the hour's excess over the limit, `H_t` its headroom under it and `P_ch` the
/// charge rating. The discharge power needed is `max_t D_t`.
///
/// ```
/// use dcplan::flexibility::firm_energy;
/// use dcplan::units::*;
/// // 4 h at 10 MW over the limit, then 20 h at 5 MW under it, every day; η_rt = 81 %.
/// let day: Vec<f64> = [vec![10.0; 4], vec![-5.0; 20]].concat();
/// let excess: Vec<Power> = day.repeat(3).into_iter().map(megawatts).collect();
/// let e = firm_energy(&excess, megawatts(100.0), Efficiency::new(0.81)?);
/// assert!((e.get::<megawatt_hour>() - 40.0 / 0.9).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `excess` is the hour's facility demand minus the grid limit (negative: headroom), MW.
///
/// # References
///
/// The sequent-peak algorithm for reservoir storage (H. A. Thomas, M. B. Fiering, Harvard
/// Water Program, 1963; as in `docs/models.md`, "Flexibility"), with the battery's
/// efficiencies in place of the reservoir's losses.
pub fn firm_energy(excess: &[Power], charge_power: Power, round_trip: Efficiency) -> Energy {
    let eta = round_trip.get().sqrt();
    let mut need: f64 = 0.0;
    let mut most: f64 = 0.0;
    for x in excess.iter().rev() {
        let x = x.get::<megawatt>();
        let inflow = if x < 0.0 {
            eta * (-x).min(charge_power.get::<megawatt>())
        } else {
            0.0
        };
        let out = if x > 0.0 { x / eta } else { 0.0 };
        need = (need + out - inflow).max(0.0);
        most = most.max(need);
    }
    megawatt_hours(most)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn bess(p: f64, e: f64, rte: f64) -> Battery {
        Battery::new(
            megawatts(p),
            megawatt_hours(e),
            Efficiency::new(rte).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn greedy_store_keeps_its_limits_and_losses() {
        let b = bess(10.0, 40.0, 0.81)
            .with_soc_limits(Fraction::new(0.1).unwrap(), Fraction::new(0.9).unwrap())
            .unwrap();
        let mut s = Store::full(b);
        assert_relative_eq!(s.stored().get::<megawatt_hour>(), 36.0, epsilon = 1e-12);
        // Rated power limits the hour's discharge; 10 MW out takes 10/0.9 MWh.
        assert_relative_eq!(s.discharge(megawatts(25.0)).get::<megawatt>(), 10.0);
        assert_relative_eq!(
            s.stored().get::<megawatt_hour>(),
            36.0 - 10.0 / 0.9,
            epsilon = 1e-9
        );
        for _ in 0..5 {
            s.discharge(megawatts(10.0));
        }
        // Never below 10 % of 40 MWh.
        assert_relative_eq!(s.stored().get::<megawatt_hour>(), 4.0, epsilon = 1e-9);
        assert_eq!(s.discharge(megawatts(1.0)), Power::ZERO);
        // Charging stores η_c of what it draws, up to 90 %.
        let drawn = s.charge(megawatts(5.0));
        assert_relative_eq!(drawn.get::<megawatt>(), 5.0);
        assert_relative_eq!(s.stored().get::<megawatt_hour>(), 4.0 + 4.5, epsilon = 1e-9);
        for _ in 0..10 {
            s.charge(megawatts(10.0));
        }
        assert_relative_eq!(s.soc().get(), 0.9, epsilon = 1e-12);
    }

    #[test]
    fn bad_batteries_are_refused() {
        let eff = Efficiency::new(0.85).unwrap();
        assert!(Battery::new(megawatts(-1.0), megawatt_hours(1.0), eff).is_err());
        assert!(Battery::new(megawatts(0.0), megawatt_hours(0.0), eff).is_ok());
        assert!(Efficiency::new(1.2).is_err());
        let b = bess(1.0, 1.0, 0.85);
        assert!(
            b.with_soc_limits(Fraction::new(0.5).unwrap(), Fraction::new(0.5).unwrap())
                .is_err()
        );
    }
}
