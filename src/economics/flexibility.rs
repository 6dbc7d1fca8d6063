//! What flexibility costs and what it buys: battery and generation capex, fuel, and the
//! revenue of the GPU-hours curtailed or slowed by a cap, against the GPUs it lets the site
//! install.

use super::npv;
use crate::error::{Error, Result};
use crate::flexibility::{Flexibility, YearOperation};
use crate::money::*;

/// Typed capital rates for the means of flexibility. Fuel is priced on the generation itself
/// ([`crate::flexibility::Generation::fuel_price`], USD per MWh of fuel); lost revenue at the
/// business model's price per GPU-hour.
///
/// Battery capex follows NREL ATB's form `c_E·E + c_P·P` (energy and power components).
///
/// # Units
///
/// `battery_energy` USD per MWh of nameplate energy (written `USD/kWh` too), `battery_power`
/// USD per MW of rated power, `generation` USD per MW of installed unit rating (spares
/// included).
///
/// # References
///
/// - W. Cole, A. Karmakar, *Cost Projections for Utility-Scale Battery Storage: 2023 Update*,
///   NREL/TP-6A40-85332 (2023): 4-hour utility Li-ion, mid case **326 USD/kWh in 2030** (low
///   245, high 403), the whole system's cost per kWh — so the default power component is 0,
///   folded into the per-kWh figure for 4-hour systems. \[P\] for the figure, \[U\] for using it
///   at other durations (ATB's energy/power split was not read: research note 13–15, §4.1).
/// - Generation has no default: no installed-cost figure was verified (EPA CHP Catalog tables
///   unread); pass your own (`[flexibility.generation] capex` in site files).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlexibilityCosts {
    /// Battery capex per MWh of nameplate energy.
    pub battery_energy: UsdPerMwh,
    /// Battery capex per MW of rated power.
    pub battery_power: UsdPerMw,
    /// Generation capex per MW installed; required when the site has generation.
    pub generation: Option<UsdPerMw>,
}

impl FlexibilityCosts {
    /// Default battery energy capex: 326 USD/kWh (NREL, Cole & Karmakar 2023, 4-h, 2030 mid).
    pub const BATTERY_ENERGY_2030_MID: UsdPerMwh = UsdPerMwh::new(326_000.0);

    /// The capital cost of `flex`'s battery and generation. An error if it has generation and
    /// no generation rate is given.
    pub fn capex(&self, flex: &Flexibility) -> Result<Money> {
        let battery = flex.battery().map_or(Money::ZERO, |b| {
            self.battery_energy * b.energy() + self.battery_power * b.power()
        });
        let generation = match flex.generation() {
            None => Money::ZERO,
            Some(g) => {
                let rate = self.generation.ok_or_else(|| Error::Missing {
                    field: "flexibility.generation.capex".into(),
                    what: "on-site generation needs a capital cost per kW (no default), \
                           e.g. capex = \"1200 USD/kW\""
                        .into(),
                })?;
                let (installed, _spares) = g.units();
                rate * (g.unit_rating() * f64::from(installed))
            }
        };
        Ok(battery + generation)
    }
}

impl Default for FlexibilityCosts {
    fn default() -> Self {
        Self {
            battery_energy: Self::BATTERY_ENERGY_2030_MID,
            battery_power: UsdPerMw::new(0.0),
            generation: None,
        }
    }
}

/// A year of flexibility in money: fuel burnt and the revenue of the GPU-hours curtailed or
/// lost to the dynamic cap's throughput, at `price` per GPU-hour (the static cap's loss is in
/// the capacity planned and is not counted again).
///
/// # Units
///
/// USD for the year.
pub fn annual_cost(op: &YearOperation, price: UsdPerGpuHour) -> Money {
    op.fuel_cost + price * (op.gpu_hours_lost_curtailment + op.gpu_hours_lost_dynamic_cap)
}

/// What flexibility buys: the NPV of `added_gpus` more GPUs sold at `price` all year
/// (`hours` a year, a load factor's worth), less the year's [`annual_cost`] of the flexible
/// operation, for `years` years, discounted at `rate` (flows at each year's end), less the
/// flexibility's `capex` paid at the start:
///
/// `ΔNPV = −capex + Σ_{k=1..years} (price·added_gpus·hours − cost) / (1 + rate)^k`
///
/// The added GPUs' own equipment and build costs are the business case's; this is the value
/// of the interconnect's extra capacity before them.
///
/// ```
/// use dcplan::economics::flexibility_delta_npv;
/// use dcplan::money::*;
/// // 1,000 GPUs at 2 USD/GPU-h for 8,000 h: 16 MUSD a year; 1 MUSD of fuel and lost revenue;
/// // 10 MUSD of battery; 2 years at 10 %: −10 + 15/1.1 + 15/1.21 = 16.033 MUSD.
/// let v = flexibility_delta_npv(1_000, UsdPerGpuHour::new(2.0), 8_000.0,
///     Money::from_millions(1.0), Money::from_millions(10.0), Rate::new(0.1)?, 2);
/// assert!((v.millions() - 16.033_057_851).abs() < 1e-6);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// Discounting as [`npv`] (Short, Packey & Holt, NREL/TP-462-5173, 1995).
pub fn delta_npv(
    added_gpus: i64,
    price: UsdPerGpuHour,
    hours: f64,
    annual_cost: Money,
    capex: Money,
    rate: Rate,
    years: u32,
) -> Money {
    let revenue = price * GpuHours::new(added_gpus as f64 * hours);
    let mut flows = vec![Money::ZERO - capex];
    flows.extend((0..years).map(|_| revenue - annual_cost));
    npv(rate, &flows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flexibility::{Battery, Generation, PartLoad};
    use crate::units::*;
    use approx::assert_relative_eq;

    #[test]
    fn capex_of_a_battery_and_generation() {
        let b = Battery::new(
            megawatts(20.0),
            megawatt_hours(80.0),
            Efficiency::new(0.85).unwrap(),
        )
        .unwrap();
        let flex = Flexibility::none().with_battery(b);
        // 80 MWh × 326 USD/kWh = 26.08 MUSD.
        let c = FlexibilityCosts::default().capex(&flex).unwrap();
        assert_relative_eq!(c.millions(), 26.08, epsilon = 1e-9);
        let with_power = FlexibilityCosts {
            battery_power: "100 USD/kW".parse().unwrap(),
            ..FlexibilityCosts::default()
        };
        // + 20 MW × 100 USD/kW = 2 MUSD.
        assert_relative_eq!(
            with_power.capex(&flex).unwrap().millions(),
            28.08,
            epsilon = 1e-9
        );
        let g = Generation::new(
            megawatts(10.0),
            4,
            1,
            Fraction::new(0.5).unwrap(),
            Efficiency::new(0.35).unwrap(),
            PartLoad::GasTurbine,
            "20 USD/MWh".parse().unwrap(),
            crate::flexibility::natural_gas_factor(),
        )
        .unwrap();
        let gen_flex = Flexibility::none().with_generation(g);
        assert!(FlexibilityCosts::default().capex(&gen_flex).is_err());
        let priced = FlexibilityCosts {
            generation: Some("1000 USD/kW".parse().unwrap()),
            ..FlexibilityCosts::default()
        };
        // 4 units installed (one a spare) × 10 MW × 1,000 USD/kW = 40 MUSD.
        assert_relative_eq!(
            priced.capex(&gen_flex).unwrap().millions(),
            40.0,
            epsilon = 1e-9
        );
    }
}
