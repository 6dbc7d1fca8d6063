//! The coolant distribution unit (CDU): the heat exchanger and pumps between the racks' coolant
//! loop (the technology cooling system, TCS, to the cold plates) and the facility water
//! (facility water system, FWS) of a liquid loop.

use super::Pump;
use crate::error::{Error, Result};
use crate::fluids::Coolant;
use crate::redundancy::Redundancy;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// Where a loop's CDUs stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CduLevel {
    /// One CDU in each rack (its redundancy is that of its pumps); `unit_capacity` is then
    /// the most liquid heat one rack may have.
    Rack,
    /// Row-level (floor-standing) CDUs, each serving many racks, `N + spares` of them.
    Row,
}

/// A liquid loop's coolant distribution units: the stage between the racks' coolant (TCS) and
/// the facility water (FWS). The CDU's heat exchanger holds the TCS supply `approach` above the
/// facility supply; its pumps move the TCS coolant through the cold plates, sized by the heat
/// and the TCS temperature rise, against a pressure rise:
///
/// ```text
/// T_FWS,supply = T_TCS,supply − approach
/// V̇_TCS        = Q / (ρ · c_p · ΔT_TCS)          ρ, c_p of the TCS coolant at its mean temperature
/// P_pumps      = V̇_TCS · Δp / η
/// units (row)  = ⌈Q / unit_capacity⌉ + spares    units (rack) = one per rack
/// ```
///
/// With 25 % propylene glycol at a 10 K rise the flow is 1.5 L/min per kW, the common sizing
/// rule (OCP guidance; AMD's 2.1 L/min per 1.4 kW MI355X module):
///
/// ```
/// use dcplan::cooling::{Cdu, CduLevel, Pump};
/// use dcplan::fluids::Coolant;
/// use dcplan::Redundancy;
/// use dcplan::units::*;
/// let cdu = Cdu::new(
///     CduLevel::Row,
///     Power::new::<kilowatt>(1350.0),
///     Redundancy::NPlus(1),
///     kelvin_diff(3.0),
///     kelvin_diff(10.0),
///     Coolant::new_propylene_glycol(Fraction::new(0.25)?)?,
///     Pump::new(kilopascals(250.0), Efficiency::new(0.6)?)?,
/// )?;
/// let per_kw = cdu.flow(Power::new::<kilowatt>(1.0), celsius(30.0))?;
/// assert!((per_kw.get::<liter_per_second>() * 60.0 - 1.498).abs() < 0.002);
/// assert_eq!(cdu.facility_supply(celsius(33.0)), celsius(30.0));
/// assert_eq!(cdu.units_for(Power::new::<megawatt>(10.0), 50)?, 9); // ⌈10 / 1.35⌉ = 8, + 1
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `unit_capacity` is heat (thermal W) one unit transfers at its approach; `approach` (TCS
/// supply − FWS supply) and `rise` (TCS return − supply) are temperature differences (K); the
/// pumps' pressure rise in Pa and their efficiency a plain share; pump power is electric.
///
/// # References
///
/// - Flow from heat and temperature rise, `V̇ = Q/(ρ·c_p·ΔT)`: an energy balance on the coolant
///   (T. L. Bergman et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., Wiley, 2011,
///   §1.3); ρ and c_p of the coolant from [`Coolant`] (PG25: Melinder 2010 via CoolProp).
///   25 % propylene glycol at 10 K gives 1.498 L/min per kW (CoolProp 8.0.0,
///   `notes/research-14-hardware.md` §2.1): the "~1.5 L/min per kW at ΔT ≤ 10 K" rule (OCP
///   guidance as quoted by resistancezero.com's CDU checklist; AMD MI355X platform brochure,
///   2.1 L/min per 1.4 kW GPU module, as quoted [S]).
/// - Pump power from flow and pressure rise: [`Pump`] (EnergyPlus Engineering Reference,
///   "Pumps").
/// - Approach 3–5 K typical (Boyd 3 K, CoolIT 5 K), N+1 pumps, row-level units of ~600–2,300
///   kW, in-rack units of ~50–250 kW: vendor figures as summarised in
///   `notes/research-14-hardware.md` §2.2 [S] (no primary CDU datasheet was found).
#[derive(Clone, Debug, PartialEq)]
pub struct Cdu {
    level: CduLevel,
    unit_capacity: Power,
    redundancy: Redundancy,
    approach: TemperatureInterval,
    rise: TemperatureInterval,
    coolant: Coolant,
    pump: Pump,
}

impl Cdu {
    /// Validates a CDU stage: capacity positive, approach 0–30 K, TCS rise 0.5–40 K, a
    /// redundancy that can install units.
    pub fn new(
        level: CduLevel,
        unit_capacity: Power,
        redundancy: Redundancy,
        approach: TemperatureInterval,
        rise: TemperatureInterval,
        coolant: Coolant,
        pump: Pump,
    ) -> Result<Self> {
        let at = |e: Error| e.at("cdu");
        power_positive("unit_capacity", unit_capacity).map_err(at)?;
        redundancy
            .installed_for(1)
            .map_err(|e| at(e.with_field("redundancy".to_owned())))?;
        within(
            "approach",
            approach.get::<kelvin_interval>(),
            "K",
            0.0,
            30.0,
        )
        .map_err(at)?;
        within("rise", rise.get::<kelvin_interval>(), "K", 0.5, 40.0).map_err(at)?;
        Ok(Self {
            level,
            unit_capacity,
            redundancy,
            approach,
            rise,
            coolant,
            pump,
        })
    }

    /// Rack-level or row-level.
    pub fn level(&self) -> CduLevel {
        self.level
    }
    /// Heat one unit transfers at its approach.
    pub fn unit_capacity(&self) -> Power {
        self.unit_capacity
    }
    /// Spare units (row-level) or pumps (rack-level).
    pub fn redundancy(&self) -> Redundancy {
        self.redundancy
    }
    /// TCS supply − FWS supply.
    pub fn approach(&self) -> TemperatureInterval {
        self.approach
    }
    /// TCS return − TCS supply at design flow.
    pub fn rise(&self) -> TemperatureInterval {
        self.rise
    }
    /// The racks' coolant (TCS).
    pub fn coolant(&self) -> &Coolant {
        &self.coolant
    }
    /// The TCS pumps.
    pub fn pump(&self) -> &Pump {
        &self.pump
    }

    /// The facility supply that gives a TCS supply of `tcs_supply`.
    pub fn facility_supply(
        &self,
        tcs_supply: ThermodynamicTemperature,
    ) -> ThermodynamicTemperature {
        tcs_supply - self.approach
    }

    /// TCS flow carrying `heat` from a TCS supply of `tcs_supply` (ρ at the mean of supply and
    /// return); an error if the TCS coolant is not liquid there.
    pub fn flow(&self, heat: Power, tcs_supply: ThermodynamicTemperature) -> Result<VolumeRate> {
        self.coolant
            .volume_flow_for(heat, self.rise, tcs_supply + self.rise / 2.0)
            .map_err(|e| e.at("cdu.coolant"))
    }

    /// Electric power of the TCS pumps carrying `heat` from a TCS supply of `tcs_supply`.
    pub fn pump_power(&self, heat: Power, tcs_supply: ThermodynamicTemperature) -> Result<Power> {
        self.pump
            .design_power(&self.coolant, heat, self.rise, tcs_supply + self.rise / 2.0)
            .map_err(|e| e.at("cdu.coolant"))
    }

    /// CDUs installed for `heat` of liquid heat in `racks` racks: row-level, the units that
    /// carry the heat plus the redundancy's spares; rack-level, one per rack.
    pub fn units_for(&self, heat: Power, racks: u64) -> Result<u64> {
        match self.level {
            CduLevel::Rack => Ok(racks),
            CduLevel::Row => {
                let needed = (heat / self.unit_capacity).value.ceil().max(0.0);
                if needed > f64::from(u32::MAX) {
                    return Err(Error::out_of_range(
                        "cdu.unit_capacity",
                        self.unit_capacity.get::<kilowatt>(),
                        "kW",
                        "large enough for fewer than 2³² units",
                    ));
                }
                let installed = match needed as u32 {
                    0 => 0,
                    n => self.redundancy.installed_for(n)?,
                };
                Ok(u64::from(installed))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn pg25() -> Coolant {
        Coolant::new_propylene_glycol(Fraction::new(0.25).unwrap()).unwrap()
    }

    fn cdu(level: CduLevel, coolant: Coolant, rise_k: f64) -> Cdu {
        Cdu::new(
            level,
            Power::new::<kilowatt>(1350.0),
            Redundancy::NPlus(1),
            kelvin_diff(3.0),
            kelvin_diff(rise_k),
            coolant,
            Pump::new(kilopascals(250.0), Efficiency::new(0.6).unwrap()).unwrap(),
        )
        .unwrap()
    }

    /// L/min per kW against CoolProp 8.0.0 (`notes/research-14-hardware.md` §2.1): PG25 at
    /// 35 °C mean, ρ 1,012.48 kg/m³, c_p 3,956.7 J/(kg·K): 1.872 / 1.498 / 1.248 at 8 / 10 / 12 K;
    /// water at 35 °C: 1.444 at 10 K.
    #[test]
    fn tcs_flow_matches_the_sizing_rule() {
        let per_kw = |c: &Cdu| {
            // A supply of 35 °C − rise/2 puts the mean at 35 °C.
            let supply = celsius(35.0) - c.rise() / 2.0;
            c.flow(Power::new::<kilowatt>(1.0), supply)
                .unwrap()
                .get::<liter_per_second>()
                * 60.0
        };
        for (rise, expected) in [(8.0, 1.872), (10.0, 1.498), (12.0, 1.248)] {
            assert_relative_eq!(
                per_kw(&cdu(CduLevel::Row, pg25(), rise)),
                expected,
                max_relative = 1e-3
            );
        }
        assert_relative_eq!(
            per_kw(&cdu(CduLevel::Row, Coolant::Water, 10.0)),
            1.444,
            max_relative = 1e-3
        );
    }

    /// 1 MW at 1.5 L/min per kW is 25 L/s; 250 kPa at η 0.6 draws 10.4 kW, about 1 % of the
    /// heat (the research note's example).
    #[test]
    fn pump_power_is_flow_times_pressure_rise_over_efficiency() {
        let c = cdu(CduLevel::Row, pg25(), 10.0);
        let supply = celsius(30.0);
        let q = Power::new::<megawatt>(1.0);
        let flow = c.flow(q, supply).unwrap();
        let p = c.pump_power(q, supply).unwrap();
        assert_relative_eq!(
            p.get::<watt>(),
            flow.get::<cubic_meter_per_second>() * 250_000.0 / 0.6,
            max_relative = 1e-12
        );
        assert_relative_eq!(p.get::<kilowatt>(), 10.4, max_relative = 0.01);
    }

    #[test]
    fn units_carry_the_heat_with_spares_or_stand_one_per_rack() {
        let row = cdu(CduLevel::Row, pg25(), 10.0);
        let mw = Power::new::<megawatt>;
        assert_eq!(row.units_for(mw(2.7), 20).unwrap(), 3); // exactly 2 carry, + 1
        assert_eq!(row.units_for(mw(2.71), 20).unwrap(), 4);
        assert_eq!(row.units_for(Power::ZERO, 0).unwrap(), 0);
        let rack = cdu(CduLevel::Rack, pg25(), 10.0);
        assert_eq!(rack.units_for(mw(2.7), 20).unwrap(), 20);
    }

    #[test]
    fn bad_designs_are_refused_with_their_field() {
        let bad = |approach: f64, rise: f64| {
            Cdu::new(
                CduLevel::Row,
                Power::new::<kilowatt>(1000.0),
                Redundancy::NPlus(1),
                kelvin_diff(approach),
                kelvin_diff(rise),
                pg25(),
                Pump::new(kilopascals(250.0), Efficiency::new(0.6).unwrap()).unwrap(),
            )
            .unwrap_err()
            .to_string()
        };
        assert!(bad(-1.0, 10.0).contains("cdu.approach"));
        assert!(bad(f64::NAN, 10.0).contains("cdu.approach"));
        assert!(bad(3.0, 0.0).contains("cdu.rise"));
        // A TCS coolant that freezes at its supply: water at −5 °C.
        let c = cdu(CduLevel::Row, Coolant::Water, 10.0);
        let e = c
            .pump_power(Power::new::<kilowatt>(1.0), celsius(-5.0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cdu.coolant"), "{e}");
    }

    /// The direct-to-chip presets' CDU replaces their flat transport share: with water in the
    /// facility loop its pumps and the facility pumps together draw the preset's 1.5 % of the
    /// usable capacity at design, as the loop did before the CDU stage, at ≈ 240 kPa.
    #[test]
    fn the_presets_cdu_draws_the_former_transport_share() {
        use crate::cooling::{LoopDesign, Technology};
        for tech in [
            Technology::DirectToChipDryCooler,
            Technology::DirectToChipAdiabatic,
            Technology::DirectToChipChilledWater,
            Technology::DirectToChipTower,
            Technology::SeawaterOnceThrough,
        ] {
            let q = Power::new::<megawatt>(40.0);
            let d = LoopDesign::preset(tech, "DLC", q, 4).unwrap();
            let cdu = d.cdu.as_ref().unwrap();
            assert_eq!(d.terminal_approach, TemperatureInterval::ZERO);
            assert_eq!(d.transport.design_power(), Power::ZERO);
            assert_eq!(cdu.approach(), kelvin_diff(3.0));
            let facility = d.supply - cdu.approach();
            let pumps = d
                .pump
                .unwrap()
                .design_power(&Coolant::Water, q, d.rise, facility + d.rise / 2.0)
                .unwrap();
            let cdu_pumps = cdu.pump_power(q, d.supply).unwrap();
            assert_relative_eq!(
                (pumps + cdu_pumps).get::<watt>(),
                0.015 * q.get::<watt>(),
                max_relative = 1e-12
            );
            let kpa = cdu.pump().pressure_rise().get::<kilopascal>();
            assert!((230.0..250.0).contains(&kpa), "{tech:?}: {kpa} kPa");
        }
        // Immersion keeps its terminal and share: its dielectric is not a modelled coolant.
        let tank = LoopDesign::preset(
            Technology::Immersion,
            "tanks",
            Power::new::<megawatt>(4.0),
            4,
        )
        .unwrap();
        assert!(tank.cdu.is_none() && tank.terminal_approach == kelvin_diff(5.0));
    }
}
