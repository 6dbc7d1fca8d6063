//! What flexibility costs: battery and generation capex, fuel, and the units curtailed or
//! slowed by a cap — lines of a [`super::Project`]'s business case.

use crate::error::{Error, Result};
use crate::flexibility::{Flexibility, YearOperation};
use crate::money::*;
use crate::units::*;

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

/// Flexibility's lines in a business case ([`super::Project::with_flexibility`]): the capital
/// cost of battery and generation, the fuel of a full year, the share of the units sold
/// that curtailment and the dynamic cap take away, and the revenue lost by the rack types shed
/// first (bitcoin ASICs at their hashprice).
///
/// In [`super::Project::appraise`]: the capex is paid with the build (at each phase's
/// construction start, by its share), maintained at the project's maintenance share (the O&M
/// of battery and generation: no separate rate was verified) and neither replaced nor carried
/// to the residual value (battery life is not modelled: conservative within its life); fuel
/// is an operating cost; the lost share lowers the units sold (GPU-hours, hash rate) — not a
/// colocation's rent, which tenants pay whether their racks run or not; the shed types' lost
/// revenue is a line of its own ([`super::YearRow::lost_revenue_shed`]) taken off each year's
/// cash flow in proportion to the share online (again not a colocation's).
///
/// # Units
///
/// `capex` USD; `fuel` and `lost_revenue_shed` USD a full year (8,760 h at the figures' load
/// factor); `lost_share` a plain fraction of the units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlexibilityLines {
    /// Battery and generation capex.
    pub capex: Money,
    /// Fuel a full year.
    pub fuel: Money,
    /// Share of the units lost to curtailment and the dynamic cap.
    pub lost_share: Fraction,
    /// Revenue the rack types shed first lose a full year, each at its own value of lost load
    /// ([`crate::flexibility::TypeShed::lost_value`]; nothing for a type without one).
    pub lost_revenue_shed: Money,
}

impl FlexibilityLines {
    /// The lines of `flex` at the capital rates `costs` from its year of dispatch `op`, scaled
    /// to a full year at `load_factor` as [`super::AnnualFigures::from_simulation`] scales
    /// energy: `fuel = fuel cost · LF · 8,760 / H`; `lost_share = (GPU-h curtailed + GPU-h
    /// lost to the dynamic cap) / (GPUs · H)` (the static cap's loss is in the capacity
    /// planned), or the curtailed and capped share of IT energy without GPUs (miners) — the
    /// types shed first are outside both; their lost revenue is
    /// `lost_revenue_shed = Σ lost value of each shed type · LF · 8,760 / H`.
    ///
    /// ```
    /// use dcplan::economics::{FlexibilityCosts, FlexibilityLines};
    /// use dcplan::flexibility::{Battery, Flexibility, plan_year};
    /// use dcplan::units::*;
    /// # use dcplan::prelude::*;
    /// # use dcplan::climate::{Climate, Location};
    /// # let a = Ambient::from_dew_point(celsius(20.0), celsius(10.0), Pressure::new::<pascal>(101_325.0))?;
    /// # let climate = Climate::from_hours("a day", Location::new(0.0, 0.0, Length::ZERO)?, vec![a; 24])?;
    /// # let site = Site::builder("s", GridInterconnect::new(megawatts(12.0))?).lumped_pue(Pue::new(1.2)?).build()?;
    /// # let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// let flex = Flexibility::none()
    ///     .with_battery(Battery::new(megawatts(1.0), megawatt_hours(4.0), Efficiency::new(0.85)?)?);
    /// let y = plan_year(&site, &d, &climate, &flex)?;
    /// let lines = FlexibilityLines::of(&FlexibilityCosts::default(), &flex, &y.year, Fraction::ONE)?;
    /// // 4 MWh × 326 USD/kWh; no fuel; a strict year loses nothing.
    /// assert!((lines.capex.millions() - 1.304).abs() < 1e-9);
    /// assert_eq!((lines.fuel.get(), lines.lost_share.get()), (0.0, 0.0));
    /// assert_eq!(lines.lost_revenue_shed.get(), 0.0);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn of(
        costs: &FlexibilityCosts,
        flex: &Flexibility,
        op: &YearOperation,
        load_factor: Fraction,
    ) -> Result<Self> {
        let hours = op.hours.max(1) as f64;
        let lost = if op.accelerators > 0 {
            (op.gpu_hours_lost_curtailment + op.gpu_hours_lost_dynamic_cap).get()
                / (op.accelerators as f64 * hours)
        } else if op.it_energy > Energy::ZERO {
            ((op.curtailed_it_energy + op.capped_it_energy) / op.it_energy).get::<ratio>()
        } else {
            0.0
        };
        let full_year = load_factor.get() * 8_760.0 / hours;
        let shed: Money = op.shed_types.iter().filter_map(|t| t.lost_value).sum();
        Ok(Self {
            capex: costs.capex(flex)?,
            fuel: op.fuel_cost * full_year,
            lost_share: Fraction::clamped(lost),
            lost_revenue_shed: shed * full_year,
        })
    }

    pub(super) fn validate(&self) -> Result<()> {
        money_non_negative("flexibility.capex", self.capex.get(), "USD")?;
        money_non_negative("flexibility.fuel", self.fuel.get(), "USD/yr")?;
        money_non_negative(
            "flexibility.lost_revenue_shed",
            self.lost_revenue_shed.get(),
            "USD/yr",
        )
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flexibility::{Battery, Generation, PartLoad};
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
