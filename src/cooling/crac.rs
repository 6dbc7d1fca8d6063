//! Computer-room air conditioners (CRAC): a direct-expansion (DX) cooling coil with an
//! air-cooled condenser, a draw-through variable-volume supply fan, a supply-air temperature
//! reset and the room they serve, solved hour by hour together with IT whose power follows its
//! inlet air.
//!
//! The equations follow the EnergyPlus Engineering Reference (`Coil:Cooling:DX:SingleSpeed`,
//! `Fan:VariableVolume`, `SetpointManager:Warmest`, `AirTerminal:SingleDuct:VAV:NoReheat`) in
//! their steady-state form; `docs/models.md` ("DX computer-room air conditioners") has them
//! all, and `docs/validation.md` compares the result with EnergyPlus 25.2.

use super::room::{AirPath, Envelope, RoomHumidity};
use super::{LoopState, RoomLoad, RoomState};
use crate::climate::Ambient;
use crate::climate::psychrometrics::{
    enthalpy, humid_specific_heat, humidity_ratio_from_dew_point,
    humidity_ratio_from_relative_humidity, humidity_ratio_from_wet_bulb,
    saturation_temperature_from_enthalpy, specific_volume, standard_pressure, wet_bulb,
};
use crate::curves::Curve;
use crate::error::{Error, Result};
use crate::redundancy::UnitGroup;
use crate::solve::{Guess, Point, Settled, settle};
use crate::units::*;
use uom::si::available_energy::joule_per_kilogram;
use uom::si::f64::AvailableEnergy;
use uom::si::specific_volume::cubic_meter_per_kilogram;

/// Indoor rating point of DX cooling equipment (AHRI 210/240 and 340/360): air entering at
/// 26.7 °C dry-bulb / 19.4 °C wet-bulb (80 °F / 67 °F) at standard sea-level pressure.
const RATING_DRY_BULB_C: f64 = 26.666_7;
const RATING_WET_BULB_C: f64 = 19.444_4;
const RATING_PRESSURE_PA: f64 = 101_325.0;
/// Standard air: dry air at 20 °C (at the site's standard pressure), the basis of rated air
/// flows and of the air loop's largest mass flow.
const STANDARD_AIR_C: f64 = 20.0;
/// Convergence tolerance of the hourly fixed point, K (on the supply temperature residual).
const TOLERANCE_K: f64 = 1e-6;
/// Lowest apparatus dew point a coil may reach at its rating point, °C: below freezing the
/// coil frosts, and no DX coil is rated there (EnergyPlus warns of "coil frost/freeze" when
/// the full-load leaving air is below 2 °C).
const MIN_RATED_APPARATUS_DEW_POINT_C: f64 = 0.0;
/// Range of a CRAC room's thermostat, °C: room air for IT equipment (ASHRAE classes A1–A4
/// allow 5–45 °C at the inlet), well below the boiling point of water at any elevation a
/// [`Location`](crate::climate::Location) may have (66 °C at 9,999.9 m).
const THERMOSTAT_RANGE_C: (f64, f64) = (0.0, 60.0);
/// Lowest apparatus dew point the coil model resolves, °C (the range of
/// [`saturation_temperature_from_enthalpy`]); air leaving colder holds no moisture to speak of
/// (3·10⁻⁶ kg/kg at −60 °C).
const ADP_FLOOR_C: f64 = -60.0;

/// A single-speed DX cooling coil with an air-cooled condenser, per unit (EnergyPlus
/// `Coil:Cooling:DX:SingleSpeed`, DOE-2 model). With `wb` the wet bulb of the entering air,
/// `T_o` the outdoor dry-bulb, `ff` the air mass flow over the rated one, and `PLR` the share
/// of the hour's full capacity the room needs:
///
/// ```text
/// Q_full = Q_rated · CAP_T(wb, T_o) · CAP_F(ff)
/// EIR    = 1/COP_rated · EIR_T(wb, T_o) · EIR_F(ff)
/// PLR    = Q_coil / Q_full,   RTF = min(PLR / PLF(PLR), 1)      (the compressor cycles)
/// P      = Q_full · EIR · RTF                                   compressor and condenser fan
/// ```
///
/// The compressor is off at or below `min_outdoor`.
///
/// # Units
///
/// The temperature curves take °C: the wet-bulb of the air entering the coil and the dry-bulb
/// of the air entering the air-cooled condenser (outdoors). The flow curves take the air
/// **mass** flow over the rated mass flow; `rated_air_flow` is a volume of air at the rating
/// point (26.7 °C dry-bulb, 19.4 °C wet-bulb, 101.325 kPa). Capacities are gross (the supply
/// fan's heat excluded); `P` is compressor plus condenser-fan electric power.
///
/// # References
///
/// - EnergyPlus Engineering Reference, "Coils" → "Single-Speed Electric DX Air Cooling Coil"
///   (model description; "Dry Coil Conditions": a dry coil is evaluated with the entering
///   humidity ratio at the coil dry-out point, SHR = 1), after Henderson et al. (1992) and
///   ASHRAE (1993).
/// - AHRI Standards 210/240 and 340/360, the rating point: 26.7 °C / 19.4 °C (80 °F / 67 °F)
///   entering air, 35 °C (95 °F) outdoor air.
#[derive(Clone, Debug, PartialEq)]
pub struct DxCoil {
    /// Gross total cooling capacity at the rating point (AHRI: 26.7 °C / 19.4 °C entering,
    /// 35 °C outdoor, rated air flow).
    pub rated_capacity: Power,
    /// Coefficient of performance at the rating point (gross capacity / compressor and
    /// condenser-fan power).
    pub rated_cop: Cop,
    /// Air flow at the rating point (of air at the rating conditions).
    pub rated_air_flow: VolumeRate,
    /// Capacity modifier, a curve of (entering wet-bulb °C, outdoor dry-bulb °C).
    pub capacity_vs_temperature: Curve,
    /// Energy-input-ratio modifier, a curve of (entering wet-bulb °C, outdoor dry-bulb °C).
    pub eir_vs_temperature: Curve,
    /// Capacity modifier, a curve of the air mass flow over the rated one.
    pub capacity_vs_flow: Curve,
    /// Energy-input-ratio modifier, a curve of the air mass flow over the rated one.
    pub eir_vs_flow: Curve,
    /// Part-load fraction PLF, a curve of the part-load ratio (cycling losses).
    pub part_load: Curve,
    /// Outdoor dry-bulb at or below which the compressor locks out.
    pub min_outdoor: ThermodynamicTemperature,
}

/// One coil's performance in one hour ([`DxCoil::performance`]): gross capacity (W of heat)
/// and electric power, with the part-load ratio as a plain number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DxPerformance {
    /// Full-load capacity at the hour's conditions.
    pub capacity: Power,
    /// Electric power of compressor and condenser fan.
    pub power: Power,
    /// Load over full-load capacity (above 1: the coil cannot meet the load; the power is
    /// then that at full load).
    pub part_load_ratio: f64,
}

impl DxCoil {
    /// One coil removing `load` from air flowing at `flow_ratio` times its rated mass flow and
    /// entering at wet bulb `entering_wet_bulb`, its condenser at `outdoor` dry-bulb (see the
    /// type's equations; zero power and capacity at or below the lock-out temperature).
    /// `load` is the coil's gross load (heat, W); `flow_ratio` a plain mass-flow ratio.
    ///
    /// ```
    /// use dcplan::cooling::DxCoil;
    /// use dcplan::curves::Curve;
    /// use dcplan::units::*;
    /// let flat = |c: f64| Curve::biquadratic([c, 0.0, 0.0, 0.0, 0.0, 0.0], (0.0, 50.0), (-50.0, 60.0));
    /// let coil = DxCoil {
    ///     rated_capacity: Power::new::<kilowatt>(100.0),
    ///     rated_cop: Cop::new(4.0)?,
    ///     rated_air_flow: VolumeRate::new::<cubic_meter_per_second>(5.0),
    ///     capacity_vs_temperature: flat(1.0)?,
    ///     eir_vs_temperature: flat(0.5)?,
    ///     capacity_vs_flow: Curve::polynomial(&[1.0], (0.0, 2.0))?,
    ///     eir_vs_flow: Curve::polynomial(&[1.0], (0.0, 2.0))?,
    ///     part_load: Curve::polynomial(&[0.8, 0.2], (0.0, 1.0))?,
    ///     min_outdoor: celsius(-25.0),
    /// };
    /// let p = coil.performance(Power::new::<kilowatt>(50.0), 1.0, celsius(17.0), celsius(30.0));
    /// // PLR 0.5, PLF 0.9, RTF 0.5556; P = 100 kW · 0.5/4 · 0.5556 = 6.944 kW
    /// assert!((p.power.get::<kilowatt>() - 100.0 * 0.125 * 0.5 / 0.9).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn performance(
        &self,
        load: Power,
        flow_ratio: f64,
        entering_wet_bulb: ThermodynamicTemperature,
        outdoor: ThermodynamicTemperature,
    ) -> DxPerformance {
        let (full, power, plr) = self.perform(
            load.get::<watt>(),
            flow_ratio,
            to_celsius(entering_wet_bulb),
            to_celsius(outdoor),
            1.0 / self.rated_cop.get(),
        );
        DxPerformance {
            capacity: Power::new::<watt>(full),
            power: Power::new::<watt>(power),
            part_load_ratio: plr,
        }
    }

    /// Full-load capacity (W), power (W) and part-load ratio of one coil removing `load_w` at
    /// flow ratio `ff`, entering wet bulb `wb_c` and outdoor `t_out_c` (°C); `inv_cop` is
    /// `1/COP_rated`. The hot-path form of [`Self::performance`].
    #[inline]
    pub(crate) fn perform(
        &self,
        load_w: f64,
        ff: f64,
        wb_c: f64,
        t_out_c: f64,
        inv_cop: f64,
    ) -> (f64, f64, f64) {
        let full = if t_out_c > to_celsius(self.min_outdoor) {
            self.rated_capacity.get::<watt>()
                * self.capacity_vs_temperature.evaluate(wb_c, t_out_c)
                * self.capacity_vs_flow.at(ff)
        } else {
            0.0
        };
        if load_w <= 0.0 {
            (full, 0.0, 0.0)
        } else if full <= 0.0 {
            (full, 0.0, f64::INFINITY)
        } else {
            let plr = load_w / full;
            let p = plr.min(1.0);
            let rtf = (p / self.part_load.at(p)).min(1.0);
            let eir =
                inv_cop * self.eir_vs_temperature.evaluate(wb_c, t_out_c) * self.eir_vs_flow.at(ff);
            (full, full * eir * rtf, plr)
        }
    }
}

/// A variable-volume supply fan, per unit (EnergyPlus `Fan:VariableVolume`):
///
/// ```text
/// P_full = V_max · Δp / η_total,    P = P_full · PLF(max(ff, ff_min)),    ff = ṁ / ṁ_max
/// heat to the air = P · (η_motor + (1 − η_motor) · f_motor in airstream)
/// ```
///
/// # Units
///
/// `max_air_flow` is a volume of standard air (dry air at 20 °C at the site's standard
/// pressure), so `ṁ_max = V_max·ρ_std`; `pressure_rise` is the total pressure rise (Pa) at
/// that flow; the power curve maps the flow fraction `ff` (mass flow over the largest) to a
/// fraction of `P_full`.
///
/// # References
///
/// EnergyPlus Engineering Reference, "Air System Fans" → "Variable Speed Fan Model" (the part
/// load factor `f_pl(f_flow)`, a polynomial of the flow fraction) and "Simple (Single Speed)
/// Fan Model" (`Q_toair = Q_shaft + (Q_tot − Q_shaft)·f_motortoair`); design mass flow from
/// dry air at 20 °C adjusted for altitude.
#[derive(Clone, Debug, PartialEq)]
pub struct VariableVolumeFan {
    /// Largest air flow (of standard air).
    pub max_air_flow: VolumeRate,
    /// Total pressure rise at the largest flow.
    pub pressure_rise: Pressure,
    /// Total efficiency (fan, belt, motor) at the largest flow.
    pub total_efficiency: Efficiency,
    /// Motor efficiency.
    pub motor_efficiency: Efficiency,
    /// Share of the motor's losses released into the air stream.
    pub motor_in_airstream: Fraction,
    /// Lowest flow the fan (and the terminal boxes) turn down to, share of the largest.
    pub min_flow_fraction: Fraction,
    /// Power fraction, a curve of the flow fraction.
    pub power_curve: Curve,
}

impl VariableVolumeFan {
    /// Electric power at `flow_fraction` of the largest flow.
    ///
    /// ```
    /// use dcplan::cooling::VariableVolumeFan;
    /// use dcplan::curves::Curve;
    /// use dcplan::units::*;
    /// let fan = VariableVolumeFan {
    ///     max_air_flow: VolumeRate::new::<cubic_meter_per_second>(8.5),
    ///     pressure_rise: Pressure::new::<pascal>(486.0),
    ///     total_efficiency: Efficiency::new(0.7)?,
    ///     motor_efficiency: Efficiency::new(0.9)?,
    ///     motor_in_airstream: Fraction::ONE,
    ///     min_flow_fraction: Fraction::new(0.05)?,
    ///     power_curve: Curve::polynomial(&[0.06990146, 1.39500612, -3.35487336, 2.89232315], (0.0, 1.0))?,
    /// };
    /// // EnergyPlus "EC Plug Fan 1" at full flow: 8.5 · 486 / 0.7 · 1.00235737 W
    /// assert!((fan.power(1.0).get::<watt>() - 5915.34).abs() < 0.01);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn power(&self, flow_fraction: f64) -> Power {
        let full = self.max_air_flow.get::<cubic_meter_per_second>()
            * self.pressure_rise.get::<pascal>()
            / self.total_efficiency.get();
        Power::new::<watt>(self.power_w(full, flow_fraction))
    }

    /// Power (W) at `flow_fraction` for full-flow power `full_w`: the hot-path form of
    /// [`Self::power`].
    #[inline]
    fn power_w(&self, full_w: f64, flow_fraction: f64) -> f64 {
        let ff = flow_fraction.max(self.min_flow_fraction.get());
        full_w * self.power_curve.at(ff)
    }
}

/// The range a CRAC's supply-air temperature is reset within (EnergyPlus
/// `SetpointManager:Warmest`): as warm as the room's load allows at the largest flow, but no
/// colder than `lowest` and no warmer than `highest` (then the fans throttle).
///
/// ```
/// use dcplan::cooling::SupplyAirReset;
/// use dcplan::units::*;
/// // EnergyPlus's one-zone data-center example: between 10 and 25 °C.
/// let reset = SupplyAirReset { lowest: celsius(10.0), highest: celsius(25.0) };
/// assert!(reset.lowest < reset.highest);
/// ```
///
/// # References
///
/// EnergyPlus Engineering Reference, "Setpoint Managers" → "Warmest Zone Supply Air Reset":
/// the warmest supply that meets the load at the largest flow,
/// `T_s = clamp(T_z − Q/(c_p·ṁ_max), T_min, T_max)`, here solved in steady state each hour
/// (EnergyPlus uses the previous time step).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SupplyAirReset {
    /// Coldest supply air (EnergyPlus: minimum setpoint temperature).
    pub lowest: ThermodynamicTemperature,
    /// Warmest supply air (EnergyPlus: maximum setpoint temperature).
    pub highest: ThermodynamicTemperature,
}

/// Everything that defines a CRAC loop, as plain data; [`super::CoolingLoop::crac`] validates
/// it. See the module documentation and `docs/models.md`.
///
/// # Units
///
/// The coil and fan are **per unit**; all installed units run and share the load and the flow
/// equally. `thermostat` and the reset limits are air temperatures; `max_rack_heat` is heat.
///
/// # References
///
/// The parts' models: [`DxCoil`], [`VariableVolumeFan`], [`SupplyAirReset`], [`AirPath`],
/// [`Envelope`], [`RoomHumidity`]; validated against EnergyPlus 25.2 in `docs/validation.md`.
#[derive(Clone, Debug, PartialEq)]
pub struct CracDesign {
    /// Name, unique within the site.
    pub name: String,
    /// CRAC units and their redundancy; all installed units run and share the load.
    pub units: UnitGroup,
    /// The DX coil of one unit.
    pub coil: DxCoil,
    /// The supply fan of one unit (draw-through: after the coil).
    pub fan: VariableVolumeFan,
    /// Lowest and highest supply-air temperature of the reset.
    pub supply_reset: SupplyAirReset,
    /// Room cooling thermostat set point: the room temperature a recirculation air path holds,
    /// and the coil's reference entering temperature for its dry-coil wet bulb and a sealed
    /// room's humidity.
    pub thermostat: ThermodynamicTemperature,
    /// How the supply air reaches the servers.
    pub air_path: AirPath,
    /// The room's envelope, if it exchanges heat with the outdoors.
    pub envelope: Option<Envelope>,
    /// The humidity of the room air.
    pub room_humidity: RoomHumidity,
    /// Most heat one rack may put into the room.
    pub max_rack_heat: Option<Power>,
}

/// A validated CRAC loop reduced to the SI numbers (W, °C, m³/s) the hourly arithmetic needs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Crac {
    design: CracDesign,
    installed: f64,
    inv_installed: f64,
    carrying: f64,
    rated_w: f64,
    inv_cop: f64,
    fan_max_m3s: f64,
    fan_full_w: f64,
    fan_heat_share: f64,
    min_flow_fraction: f64,
    supply_min_c: f64,
    supply_max_c: f64,
    thermostat_c: f64,
}

/// The site-air constants of a CRAC for one run: they depend on the standard pressure at the
/// site's elevation and on the room's humidity, so they are set once per climate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CracAir {
    /// Room humidity ratio, kg/kg.
    humidity: f64,
    /// Humid specific heat, J/(kg·K).
    cp: f64,
    /// Largest air mass flow of all units, kg/s, and its inverse.
    m_max: f64,
    inv_m_max: f64,
    /// `1/(cp·ṁ_max)`, K/W.
    inv_cp_m_max: f64,
    /// Dry-air density × absolute temperature of the room air, kg·K/m³ (`ρ = rho_t / T`).
    rho_t: f64,
    /// `1 / ṁ_rated` of one coil, s/kg.
    inv_m_rated: f64,
    /// Wet bulb for the capacity and EIR curves with air entering at the thermostat
    /// temperature, °C, and its change per kelvin of entering dry-bulb.
    wet_bulb_c: f64,
    wet_bulb_slope: f64,
}

fn psychro_at(e: Error) -> Error {
    e.at("room air")
}

impl Crac {
    /// Validates a design.
    pub(crate) fn new(design: CracDesign) -> Result<Self> {
        let name = design.name.clone();
        let at = |e: Error| e.at(&format!("CRAC '{name}'"));
        if name.trim().is_empty() {
            return Err(Error::missing("crac.name", "a loop needs a name"));
        }
        let coil = &design.coil;
        let fan = &design.fan;
        let rated_w = power_positive("coil.rated_capacity", coil.rated_capacity)
            .map_err(at)?
            .get::<watt>();
        positive(
            "coil.rated_air_flow",
            coil.rated_air_flow.get::<cubic_meter_per_second>(),
            "m³/s",
        )
        .map_err(at)?;
        for (field, curve, inputs) in [
            (
                "coil.capacity_vs_temperature",
                &coil.capacity_vs_temperature,
                2,
            ),
            ("coil.eir_vs_temperature", &coil.eir_vs_temperature, 2),
            ("coil.capacity_vs_flow", &coil.capacity_vs_flow, 1),
            ("coil.eir_vs_flow", &coil.eir_vs_flow, 1),
            ("coil.part_load", &coil.part_load, 1),
            ("fan.power_curve", &fan.power_curve, 1),
        ] {
            curve.expect_inputs(field, inputs).map_err(at)?;
            // Checked over each curve's whole domain, exactly (`Curve::check_values`): a
            // modifier that turns negative somewhere would give negative capacities or powers
            // in the hours that reach it.
            if field == "coil.part_load" {
                // RTF = PLR / PLF: the part-load fraction must stay positive; above 1 the coil
                // would cycle with less than its steady-state power.
                curve
                    .check_values(field, "a part-load fraction above 0 and at most 1", |v| {
                        v > 0.0 && v <= 1.0
                    })
                    .map_err(at)?;
            } else {
                curve.check_modifier(field).map_err(at)?;
            }
        }
        check_rating(coil, rated_w).map_err(at)?;
        temperature("coil.min_outdoor", coil.min_outdoor).map_err(at)?;
        let fan_max = positive(
            "fan.max_air_flow",
            fan.max_air_flow.get::<cubic_meter_per_second>(),
            "m³/s",
        )
        .map_err(at)?;
        let dp = within(
            "fan.pressure_rise",
            fan.pressure_rise.get::<pascal>(),
            "Pa",
            0.0,
            10_000.0,
        )
        .map_err(at)?;
        let SupplyAirReset {
            lowest: lo,
            highest: hi,
        } = design.supply_reset;
        temperature("supply_reset.min", lo).map_err(at)?;
        temperature("supply_reset.max", hi).map_err(at)?;
        if lo > hi {
            return Err(at(Error::inconsistent(
                "supply_reset",
                format!(
                    "the lowest supply ({} °C) is above the highest ({} °C)",
                    to_celsius(lo),
                    to_celsius(hi)
                ),
            )));
        }
        let (t_lo, t_hi) = THERMOSTAT_RANGE_C;
        within(
            "thermostat",
            to_celsius(design.thermostat),
            "°C",
            t_lo,
            t_hi,
        )
        .map_err(at)?;
        design.air_path.validate().map_err(at)?;
        design.room_humidity.validate().map_err(at)?;
        check_room_humidity(design.room_humidity, design.thermostat).map_err(at)?;
        if let Some(p) = design.max_rack_heat {
            power_positive("max_rack_heat", p).map_err(at)?;
        }
        let eta_m = fan.motor_efficiency.get();
        Ok(Self {
            installed: f64::from(design.units.installed()),
            inv_installed: 1.0 / f64::from(design.units.installed()),
            carrying: f64::from(design.units.carrying()),
            rated_w,
            inv_cop: 1.0 / coil.rated_cop.get(),
            fan_max_m3s: fan_max,
            fan_full_w: fan_max * dp / fan.total_efficiency.get(),
            fan_heat_share: eta_m + (1.0 - eta_m) * fan.motor_in_airstream.get(),
            min_flow_fraction: fan.min_flow_fraction.get(),
            supply_min_c: to_celsius(lo),
            supply_max_c: to_celsius(hi),
            thermostat_c: to_celsius(design.thermostat),
            design,
        })
    }

    /// The design.
    pub(crate) fn design(&self) -> &CracDesign {
        &self.design
    }

    /// Gross rated capacity of the carrying units.
    pub(crate) fn usable_capacity(&self) -> Power {
        Power::new::<watt>(self.rated_w * self.carrying)
    }

    /// Gross rated capacity of all installed units.
    pub(crate) fn installed_capacity(&self) -> Power {
        Power::new::<watt>(self.rated_w * self.installed)
    }

    /// The highest temperature the servers' inlet air reaches under the supply reset: the
    /// warmest supply through the air path (the room at the thermostat).
    pub(crate) fn max_it_inlet(&self) -> ThermodynamicTemperature {
        celsius(self.inlet_c(self.supply_max_c))
    }

    #[inline]
    fn inlet_c(&self, supply_c: f64) -> f64 {
        match self.design.air_path {
            AirPath::Approach {
                supply_approach, ..
            } => supply_c + supply_approach.get::<kelvin_interval>(),
            AirPath::Recirculation { recirculation } => {
                let r = recirculation.get();
                (1.0 - r) * supply_c + r * self.thermostat_c
            }
        }
    }

    /// The site-air constants at standard pressure `pressure` (of the site's elevation) with
    /// outdoor air of humidity ratio `outdoor_humidity` filling a sealed room.
    pub(crate) fn air(&self, pressure: Pressure, outdoor_humidity: Ratio) -> Result<CracAir> {
        let w_ratio = |w: f64| Ratio::new::<ratio>(w);
        let density = |t_c: f64, w: f64| -> Result<f64> {
            let v = specific_volume(celsius(t_c), w_ratio(w), pressure).map_err(psychro_at)?;
            Ok(1.0 / v.get::<cubic_meter_per_kilogram>())
        };
        let m_rated = rated_mass_flow(&self.design.coil, pressure)?;
        // Enthalpy drop of the air through one coil at rated flow and capacity.
        let dh_rated = self.rated_w / m_rated;
        let t_ref = self.thermostat_c;
        let humidity = match self.design.room_humidity {
            RoomHumidity::Fixed(w) => w.get::<ratio>(),
            RoomHumidity::Sealed => {
                let outdoor = outdoor_humidity.get::<ratio>();
                sealed_humidity(t_ref, outdoor, dh_rated, pressure)?
            }
        };
        let wet_bulb_at = |t_c: f64| coil_wet_bulb(t_c, humidity, dh_rated, pressure);
        let wet_bulb_c = wet_bulb_at(t_ref)?;
        let wet_bulb_slope = 0.5 * (wet_bulb_at(t_ref + 1.0)? - wet_bulb_at(t_ref - 1.0)?);
        let cp = humid_specific_heat(w_ratio(humidity))
            .map_err(psychro_at)?
            .get::<joule_per_kilogram_kelvin>();
        let m_max = self.installed * self.fan_max_m3s * density(STANDARD_AIR_C, 0.0)?;
        Ok(CracAir {
            humidity,
            cp,
            m_max,
            inv_m_max: 1.0 / m_max,
            inv_cp_m_max: 1.0 / (cp * m_max),
            rho_t: density(t_ref, humidity)? * (t_ref + 273.15),
            inv_m_rated: 1.0 / m_rated,
            wet_bulb_c,
            wet_bulb_slope,
        })
    }

    /// The loop's state in one hour: the supply temperature the reset settles on with IT
    /// whose heat `load(T_inlet °C)` follows its inlet air, the flow, fan and coil. `guess`
    /// carries the solution from hour to hour to start the next solve. See `docs/models.md`.
    #[inline]
    pub(crate) fn operate(
        &self,
        air: &CracAir,
        ambient: &Ambient,
        load: impl Fn(f64) -> RoomLoad,
        guess: &mut Option<Guess>,
    ) -> Result<(LoopState, RoomLoad)> {
        let t_out = to_celsius(ambient.dry_bulb());
        let (env_offset, ua) = match &self.design.envelope {
            Some(e) => {
                let ghi = ambient
                    .global_horizontal_irradiance()
                    .map_or(0.0, |g| g.get::<watt_per_square_meter>());
                (e.gain_offset(t_out, ghi), e.ua())
            }
            None => (0.0, 0.0),
        };
        let cp = air.cp;
        let (approach, return_approach) = match self.design.air_path {
            AirPath::Approach {
                return_approach, ..
            } => (true, return_approach.get::<kelvin_interval>()),
            AirPath::Recirculation { .. } => (false, 0.0),
        };
        let t_room = self.thermostat_c;
        // The room at supply temperature t_s, and the reset's residual: the supply that meets
        // the room load at the largest flow, minus t_s.
        let eval = |t_s: f64| -> Point<Room> {
            let t_in = self.inlet_c(t_s);
            let l = load(t_in);
            let t_zone = if approach {
                // Server exhaust: inlet + P_air/(ṁ·cp), ṁ = V·ρ, ρ = ρT/T.
                let rise = if l.server_flow > 0.0 {
                    l.air_heat * (t_in + 273.15) / (l.server_flow * air.rho_t * cp)
                } else {
                    0.0
                };
                t_in + rise + return_approach
            } else {
                t_room
            };
            let q = l.air_heat + l.other_heat + env_offset - ua * t_zone;
            Point {
                x: t_s,
                f: t_zone - q * air.inv_cp_m_max - t_s,
                payload: Room {
                    t_in,
                    t_zone,
                    q,
                    load: l,
                },
            }
        };
        let (m_min, m_max) = (self.min_flow_fraction * air.m_max, air.m_max);
        let settled = settle(
            eval,
            self.supply_min_c,
            self.supply_max_c,
            guess,
            TOLERANCE_K,
            || self.what(),
        )?;
        let (root, flow, held) = match settled {
            Settled::Root(root) => (root, m_max, true),
            // The warmest supply meets the load with flow to spare: the terminals throttle.
            Settled::High(warmest) => {
                let r = warmest.payload;
                let dt = r.t_zone - warmest.x;
                if r.q <= 0.0 {
                    (warmest, m_min, true)
                } else if dt <= 0.0 {
                    (warmest, m_max, false)
                } else {
                    (warmest, (r.q / (cp * dt)).clamp(m_min, m_max), true)
                }
            }
            // Even the coldest supply at full flow cannot hold the room.
            Settled::Low(coldest) => (coldest, m_max, false),
        };
        let room = root.payload;
        let t_supply = root.x;
        // Fan (all units share the flow), then the coil that cools the return air to the
        // supply less the fan's heat.
        let fan_w = self.installed
            * self
                .design
                .fan
                .power_w(self.fan_full_w, flow * air.inv_m_max);
        let fan_heat = fan_w * self.fan_heat_share;
        let removed = flow * cp * (room.t_zone - t_supply);
        let q_coil = (removed + fan_heat).max(0.0);
        let wet_bulb = air.wet_bulb_c + air.wet_bulb_slope * (room.t_zone - self.thermostat_c);
        // All installed coils share the load and the flow equally.
        let coil = self.design.coil.perform(
            q_coil * self.inv_installed,
            flow * self.inv_installed * air.inv_m_rated,
            wet_bulb,
            t_out,
            self.inv_cop,
        );
        let (unit_full, dx_w, plr) = (coil.0, coil.1 * self.installed, coil.2);
        let heat = room.q.max(0.0);
        let state = LoopState {
            heat: Power::new::<watt>(heat),
            sink_temperature: ambient.dry_bulb(),
            capacity: Power::new::<watt>((unit_full * self.carrying - fan_heat).max(0.0)),
            supply: celsius(room.t_in),
            facility_supply: celsius(t_supply),
            holds_supply: held && plr <= 1.0,
            free_cooling: Fraction::ZERO,
            cop: (dx_w > 0.0).then(|| Cop::capped(q_coil / dx_w)),
            compressor_power: Power::new::<watt>(dx_w),
            sink_power: Power::ZERO,
            transport_power: Power::new::<watt>(fan_w),
            power: Power::new::<watt>(dx_w + fan_w),
            water: VolumeRate::ZERO,
            water_use: super::WaterUse::NONE,
            room: Some(RoomState {
                supply_air: celsius(t_supply),
                it_inlet: celsius(room.t_in),
                return_air: celsius(room.t_zone),
                air_flow: MassRate::new::<kilogram_per_second>(flow),
                coil_load: Power::new::<watt>(q_coil),
                // 1 when the coils cannot meet the load (PLR > 1, or no capacity: ∞).
                part_load: Fraction::clamped(plr),
                humidity_ratio: Ratio::new::<ratio>(air.humidity),
            }),
        };
        Ok((state, room.load))
    }

    fn what(&self) -> String {
        format!(
            "CRAC '{}': supply-air temperature with IT responding to its inlet air",
            self.design.name
        )
    }
}

/// The room at one supply temperature.
#[derive(Clone, Copy, Debug)]
struct Room {
    t_in: f64,
    t_zone: f64,
    q: f64,
    load: RoomLoad,
}

/// Mass flow of air through one coil at its rated volume flow, kg/s: the air at the rating
/// point (26.7 °C dry-bulb, 19.4 °C wet-bulb) at pressure `pressure` (EnergyPlus takes the
/// standard pressure at the site's elevation).
fn rated_mass_flow(coil: &DxCoil, pressure: Pressure) -> Result<f64> {
    let w = humidity_ratio_from_wet_bulb(
        celsius(RATING_DRY_BULB_C),
        celsius(RATING_WET_BULB_C),
        Pressure::new::<pascal>(RATING_PRESSURE_PA),
    )?;
    let v = specific_volume(celsius(RATING_DRY_BULB_C), w, pressure).map_err(psychro_at)?;
    Ok(coil.rated_air_flow.get::<cubic_meter_per_second>() / v.get::<cubic_meter_per_kilogram>())
}

/// Checks the coil's rating combination: at the AHRI rating point (26.7 °C / 19.4 °C entering
/// at 101.325 kPa) its rated capacity lowers the enthalpy of its rated air flow by
/// `Δh = Q_rated / ṁ_rated`; the air must leave with an apparatus dew point (saturated air at
/// `h_in − Δh`) of at least [`MIN_RATED_APPARATUS_DEW_POINT_C`]. A larger capacity for the
/// flow (or a smaller flow for the capacity) asks for a leaving-air state below freezing, or
/// below any moist air at all — a sensible heat ratio and leaving state out of range, as
/// EnergyPlus's `CalcBypassFactor` refuses them.
fn check_rating(coil: &DxCoil, rated_w: f64) -> Result<()> {
    let p = Pressure::new::<pascal>(RATING_PRESSURE_PA);
    let w_in =
        humidity_ratio_from_wet_bulb(celsius(RATING_DRY_BULB_C), celsius(RATING_WET_BULB_C), p)?;
    let h_in = enthalpy(celsius(RATING_DRY_BULB_C), w_in)?.get::<joule_per_kilogram>();
    let adp = celsius(MIN_RATED_APPARATUS_DEW_POINT_C);
    let h_frost =
        enthalpy(adp, humidity_ratio_from_dew_point(adp, p)?)?.get::<joule_per_kilogram>();
    let m = rated_mass_flow(coil, p)?;
    let q_max = m * (h_in - h_frost);
    if rated_w <= q_max {
        return Ok(());
    }
    let flow = coil.rated_air_flow.get::<cubic_meter_per_second>();
    Err(Error::out_of_range(
        "coil.rated_capacity",
        rated_w / 1e3,
        "kW",
        &format!(
            "at most {:.1} kW at the rated_air_flow of {flow} m³/s (or a rated_air_flow of at \
             least {:.3} m³/s for this capacity): at the rating point (26.7 °C / 19.4 °C \
             entering) the coil would cool its air to an apparatus dew point below \
             {MIN_RATED_APPARATUS_DEW_POINT_C} °C, where it frosts",
            q_max / 1e3,
            flow * rated_w / q_max
        ),
    ))
}

/// Checks that a held room humidity is air the room can hold: at most saturation 1 K below
/// the thermostat (the coil's wet bulb is read between thermostat − 1 K and + 1 K) at the
/// highest pressure a site may have (the standard atmosphere at −500 m), where saturation
/// holds least water.
fn check_room_humidity(humidity: RoomHumidity, thermostat: ThermodynamicTemperature) -> Result<()> {
    let RoomHumidity::Fixed(w) = humidity else {
        return Ok(());
    };
    let p = standard_pressure(Length::new::<meter>(-500.0))?;
    let t = celsius(to_celsius(thermostat) - 1.0);
    let saturated = humidity_ratio_from_relative_humidity(t, Fraction::ONE, p)?.get::<ratio>();
    within("room_humidity", w.get::<ratio>(), "kg/kg", 0.0, saturated).map(|_| ())
}

/// Humidity ratio of the apparatus dew point of a coil that lowers the enthalpy of air at
/// `t_c` °C and humidity ratio `w` by `dh` J/kg: saturated air at the leaving enthalpy (the
/// coil's bypass factor, ~1–2 %, is neglected: < 0.1 K on the wet bulb). Below an apparatus
/// dew point of −60 °C saturated air holds next to no water: 0.
fn apparatus_humidity(t_c: f64, w: f64, dh: f64, pressure: Pressure) -> Result<f64> {
    let h = enthalpy(celsius(t_c), Ratio::new::<ratio>(w))
        .map_err(psychro_at)?
        .get::<joule_per_kilogram>();
    let floor = celsius(ADP_FLOOR_C);
    let h_floor = enthalpy(floor, humidity_ratio_from_dew_point(floor, pressure)?)
        .map_err(psychro_at)?
        .get::<joule_per_kilogram>();
    if h - dh <= h_floor {
        return Ok(0.0);
    }
    let adp = saturation_temperature_from_enthalpy(
        AvailableEnergy::new::<joule_per_kilogram>(h - dh),
        pressure,
    )
    .map_err(psychro_at)?;
    Ok(humidity_ratio_from_dew_point(adp, pressure)
        .map_err(psychro_at)?
        .get::<ratio>())
}

/// The wet bulb a DX coil's curves are read at for air entering at `t_c` °C with humidity
/// ratio `w`: the actual wet bulb of a wet coil; for a dry coil (the air drier than the
/// apparatus dew point) the wet bulb of air as humid as the apparatus dew point, where the
/// coil would just start to condense — below it the capacity no longer depends on humidity
/// (the DOE-2 dry-coil treatment EnergyPlus uses).
fn coil_wet_bulb(t_c: f64, w: f64, dh: f64, pressure: Pressure) -> Result<f64> {
    let w_adp = apparatus_humidity(t_c, w, dh, pressure)?;
    // Air at t_c holds at most saturation (t_c is thermostat ± 1 K, the points the wet bulb
    // is linearised between).
    let w_sat = humidity_ratio_from_relative_humidity(celsius(t_c), Fraction::ONE, pressure)
        .map_err(psychro_at)?
        .get::<ratio>();
    let w = Ratio::new::<ratio>(w.max(w_adp).min(w_sat));
    let wb = wet_bulb(celsius(t_c), w, pressure).map_err(psychro_at)?;
    Ok(to_celsius(wb))
}

/// Humidity ratio of a sealed room first filled with outdoor air of humidity ratio `outdoor`,
/// whose coil (entering air at `t_c` °C, enthalpy drop `dh`) condenses moisture until it runs
/// dry: `min(outdoor, W*)` with `W*` the humidity at which the room air is as humid as the
/// coil's apparatus dew point, `W* = W_adp(W*)`, found by bisection.
fn sealed_humidity(t_c: f64, outdoor: f64, dh: f64, pressure: Pressure) -> Result<f64> {
    let wet = |w: f64| -> Result<bool> { Ok(w > apparatus_humidity(t_c, w, dh, pressure)?) };
    if !wet(outdoor)? {
        return Ok(outdoor);
    }
    let (mut lo, mut hi) = (0.0, outdoor);
    while hi - lo > 1e-8 {
        let mid = 0.5 * (lo + hi);
        if wet(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(lo)
}
