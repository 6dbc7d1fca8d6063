//! The built-in cooling technologies ([`Technology`]) as a table of planning defaults, one row
//! per technology, turned into a [`LoopDesign`] by [`LoopDesign::preset`]. `docs/models.md`
//! ("Presets") lists the same table with its sources.

use super::{
    Adiabatic, Cdu, CduLevel, Chiller, Condenser, DEFAULT_DRIFT, DEFAULT_MEDIA_CYCLES, LoopDesign,
    Medium, Plant, Pump, Sink, Technology, Transport,
};
use crate::error::{Error, Result};
use crate::fluids::Coolant;
use crate::redundancy::{Redundancy, UnitGroup};
use crate::units::*;

/// Lowest speed of every preset's fans and pumps, share of full speed.
const MIN_SPEED: f64 = 0.2;
/// Once-through seawater: temperature rise of the drawn water, K.
const SEAWATER_RISE_K: f64 = 6.0;
/// Once-through seawater: total pumping head of the intake, m.
const SEAWATER_PUMP_HEAD_M: f64 = 20.0;
/// Once-through seawater: pump and motor efficiency.
const SEAWATER_PUMP_EFFICIENCY: f64 = 0.75;
/// Once-through seawater: absolute salinity, kg/kg (35 g/kg).
const SEAWATER_SALINITY: f64 = 0.035;
/// Facility-water pumps: pressure rise at design flow, Pa (Lei & Masanet 2020: 143,658 Pa).
const FACILITY_PUMP_PA: f64 = 143_658.0;
/// Facility-water pumps: total efficiency (Lei & Masanet 2020: 0.6–0.8).
const FACILITY_PUMP_EFFICIENCY: f64 = 0.7;
/// CDUs: heat one row-level unit transfers, kW (LiquidStack CDU-1MW: up to 1,350 kW at N+1,
/// as quoted; Vertiv CoolChip ~600–2,300 kW [S]).
const CDU_UNIT_KW: f64 = 1_350.0;
/// CDUs: the racks' coolant is 25 % propylene glycol by mass (NVIDIA Vera Rubin and AMD MI355X
/// both specify PG25 [S]).
const CDU_GLYCOL: f64 = 0.25;
/// CDUs: TCS temperature rise, K (NVIDIA Vera Rubin: 45 °C in, ~55 °C out [S]; with PG25 the
/// 1.5 L/min per kW rule).
const CDU_RISE_K: f64 = 10.0;
/// CDUs: total pump efficiency (a planning default, the research note's example).
const CDU_PUMP_EFFICIENCY: f64 = 0.6;

/// One row of the preset table. Powers are shares of the loop's usable capacity.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Preset {
    medium: Medium,
    /// Temperature delivered to the IT, °C.
    supply_c: f64,
    /// Across the terminal (CRAH coil or CDU), K.
    terminal_approach_k: f64,
    /// Return − supply at design flow, K.
    rise_k: f64,
    /// Most heat one rack may put into the loop, kW.
    max_rack_heat_kw: f64,
    /// Loop fans and pumps at usable capacity with water, share of the usable capacity: the
    /// facility-water pumps' share at the preset's temperatures, the rest fans and terminals
    /// (with a CDU: its TCS pumps).
    transport_share: f64,
    /// Whether the loop has CDUs: its terminal approach is then theirs.
    cdu: bool,
    /// Whether the loop has facility water (and so pumps); outside air has none.
    pumped: bool,
    sink: PresetSink,
    /// The condenser of the plant's reference chiller ([`Chiller::reference`]), if it has one.
    chiller: Option<Condenser>,
    /// Whether the sink pre-cools ahead of the chiller.
    economiser: bool,
}

/// The sink of a preset row, its fans as a share of the loop's usable capacity.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PresetSink {
    DryCooler {
        approach_k: f64,
        fan_share: f64,
    },
    /// A dry cooler whose inlet air is wetted above `above_c` (°C) with saturation
    /// effectiveness `effectiveness`.
    AdiabaticDryCooler {
        approach_k: f64,
        fan_share: f64,
        effectiveness: f64,
        above_c: f64,
    },
    Evaporative {
        approach_k: f64,
        fan_share: f64,
        cycles_of_concentration: f64,
    },
    /// A once-through seawater heat exchanger (the `SEAWATER_*` constants).
    Seawater {
        approach_k: f64,
    },
    OutsideAir {
        fan_heat_k: f64,
    },
}

impl Preset {
    /// The row of `technology`.
    const fn of(technology: Technology) -> Preset {
        const AIR: Preset = Preset {
            medium: Medium::Air,
            supply_c: 24.0,
            terminal_approach_k: 10.0,
            rise_k: 12.0,
            max_rack_heat_kw: 25.0,
            transport_share: 0.05,
            cdu: false,
            pumped: true,
            sink: PresetSink::DryCooler {
                approach_k: 0.0,
                fan_share: 0.02,
            },
            chiller: Some(Condenser::Air),
            economiser: false,
        };
        const LIQUID: Preset = Preset {
            medium: Medium::Liquid,
            supply_c: 33.0,
            terminal_approach_k: 3.0,
            rise_k: 10.0,
            max_rack_heat_kw: 200.0,
            transport_share: 0.015,
            cdu: true,
            pumped: true,
            sink: PresetSink::DryCooler {
                approach_k: 6.0,
                fan_share: 0.02,
            },
            chiller: Some(Condenser::Air),
            economiser: true,
        };
        match technology {
            Technology::AirChiller => AIR,
            Technology::AirEconomiser => Preset {
                sink: PresetSink::DryCooler {
                    approach_k: 5.0,
                    fan_share: 0.02,
                },
                economiser: true,
                ..AIR
            },
            Technology::AirOutsideAir => Preset {
                terminal_approach_k: 0.0,
                transport_share: 0.04,
                pumped: false,
                sink: PresetSink::OutsideAir { fan_heat_k: 1.0 },
                economiser: true,
                ..AIR
            },
            Technology::DirectToChipChilledWater => Preset {
                supply_c: 21.0,
                sink: PresetSink::DryCooler {
                    approach_k: 0.0,
                    fan_share: 0.02,
                },
                economiser: false,
                ..LIQUID
            },
            Technology::DirectToChipDryCooler => LIQUID,
            // Wetted when the dry cooler alone misses the 30 °C facility supply (dry-bulb above
            // 30 − 6 K); ε 0.8, rigid media 0.2 m deep at 1.5–2 m/s (0.81–0.79, EnergyPlus's
            // CelDek fit).
            Technology::DirectToChipAdiabatic => Preset {
                sink: PresetSink::AdiabaticDryCooler {
                    approach_k: 6.0,
                    fan_share: 0.02,
                    effectiveness: 0.8,
                    above_c: 24.0,
                },
                ..LIQUID
            },
            Technology::DirectToChipTower => Preset {
                sink: PresetSink::Evaporative {
                    approach_k: 3.9,
                    fan_share: 0.01,
                    cycles_of_concentration: 4.0,
                },
                chiller: None,
                ..LIQUID
            },
            Technology::Immersion => Preset {
                supply_c: 40.0,
                terminal_approach_k: 5.0,
                transport_share: 0.02,
                // The tanks' dielectric fluid is not a coolant dcplan models: no CDU stage.
                cdu: false,
                chiller: None,
                ..LIQUID
            },
            Technology::SeawaterOnceThrough => Preset {
                sink: PresetSink::Seawater { approach_k: 2.0 },
                chiller: None,
                ..LIQUID
            },
            Technology::AirSeawater => Preset {
                terminal_approach_k: 8.0,
                sink: PresetSink::Seawater { approach_k: 2.0 },
                chiller: Some(Condenser::Water),
                economiser: true,
                ..AIR
            },
        }
    }
}

impl PresetSink {
    /// The sink of a loop of `usable_capacity`.
    fn sink(self, usable_capacity: Power) -> Result<Sink> {
        Ok(match self {
            PresetSink::DryCooler {
                approach_k,
                fan_share,
            } => Sink::DryCooler {
                approach: kelvin_diff(approach_k),
                fan_power: usable_capacity * fan_share,
                adiabatic: None,
            },
            PresetSink::AdiabaticDryCooler {
                approach_k,
                fan_share,
                effectiveness,
                above_c,
            } => Sink::DryCooler {
                approach: kelvin_diff(approach_k),
                fan_power: usable_capacity * fan_share,
                adiabatic: Some(Adiabatic::new(
                    Fraction::new(effectiveness)?,
                    celsius(above_c),
                    DEFAULT_MEDIA_CYCLES,
                )?),
            },
            PresetSink::Evaporative {
                approach_k,
                fan_share,
                cycles_of_concentration,
            } => Sink::Evaporative {
                approach: kelvin_diff(approach_k),
                fan_power: usable_capacity * fan_share,
                cycles_of_concentration,
                drift: DEFAULT_DRIFT,
            },
            PresetSink::Seawater { approach_k } => Sink::OnceThrough {
                approach: kelvin_diff(approach_k),
                water_rise: kelvin_diff(SEAWATER_RISE_K),
                pump_head: Length::new::<meter>(SEAWATER_PUMP_HEAD_M),
                pump_efficiency: Efficiency::new(SEAWATER_PUMP_EFFICIENCY)?,
                water: Coolant::new_seawater(Ratio::new::<ratio>(SEAWATER_SALINITY))?,
            },
            PresetSink::OutsideAir { fan_heat_k } => Sink::OutsideAir {
                fan_heat: kelvin_diff(fan_heat_k),
                adiabatic: None,
            },
        })
    }
}

impl LoopDesign {
    /// The preset for `technology`, sized so the usable (N+1) capacity is `usable_capacity`
    /// using `units_carrying + 1` identical units.
    ///
    /// ```
    /// use dcplan::cooling::{CoolingLoop, LoopDesign, Technology};
    /// use dcplan::units::*;
    /// let design = LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", Power::new::<megawatt>(80.0), 4)?;
    /// let lp = CoolingLoop::new(design)?;
    /// assert_eq!(lp.usable_capacity().get::<megawatt>(), 80.0);
    /// assert_eq!(lp.installed_capacity().get::<megawatt>(), 100.0); // N+1: 5 × 20 MW
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// # Units
    ///
    /// `usable_capacity` is heat (thermal W) with the redundant unit out. The presets' fan and
    /// pump powers are set as shares of it (electric W per W of heat at design).
    ///
    /// # References
    ///
    /// Every row is a planning default (`docs/models.md`, "Presets", lists the table); the
    /// figures with a source:
    /// - chillers: [`Chiller::reference`] (AHRI 550/590 rating, ASHRAE 90.1-2019 Path A);
    /// - cooling-tower approach 3.9 K: the CoolTools/YorkCalc reference condition of the
    ///   EnergyPlus Engineering Reference, "Cooling Towers and Evaporative Fluid Coolers"
    ///   (25.6 °C wet-bulb, water 35 → 29.4 °C: approach 3.9 K, range 5.6 K), the top of the
    ///   typical 2.8–3.9 K (5–7 °F) of LBNL's cooling-plant optimisation guide;
    /// - seawater at Absolute Salinity 35 g/kg (TEOS-10 Standard Seawater ≈ 35.165 g/kg);
    /// - facility-water pumps: 143,658 Pa at design flow, efficiency 0.7 (N. Lei & E. Masanet,
    ///   *Energy* 201 (2020) 117556, their code: 143,658 Pa ± 20 %, efficiency 0.6–0.8); with
    ///   water at the preset's temperatures they take their part of the transport share.
    pub fn preset(
        technology: Technology,
        name: &str,
        usable_capacity: Power,
        units_carrying: u32,
    ) -> Result<Self> {
        power_positive("usable_capacity", usable_capacity).map_err(|e| e.at(name))?;
        if units_carrying == 0 || units_carrying == u32::MAX {
            return Err(Error::out_of_range(
                "units_carrying",
                f64::from(units_carrying),
                "",
                "at least 1",
            )
            .at(name));
        }
        let row = Preset::of(technology);
        let chiller = row.chiller.map(Chiller::reference).transpose()?;
        let (supply, terminal, rise) = (
            celsius(row.supply_c),
            kelvin_diff(row.terminal_approach_k),
            kelvin_diff(row.rise_k),
        );
        let pump = row
            .pumped
            .then(|| {
                Pump::new(
                    Pressure::new::<pascal>(FACILITY_PUMP_PA),
                    Efficiency::new(FACILITY_PUMP_EFFICIENCY)?,
                )
            })
            .transpose()?;
        // The preset's transport share is fans and pumps with water at its temperatures: the
        // pumps take theirs, the fans and terminals (or the CDUs' pumps) the rest.
        let pumps_with_water = match &pump {
            Some(p) => p.design_power(
                &Coolant::Water,
                usable_capacity,
                rise,
                supply - terminal + rise / 2.0,
            )?,
            None => Power::ZERO,
        };
        let rest = usable_capacity * row.transport_share - pumps_with_water;
        let cdu = row
            .cdu
            .then(|| cdu_drawing(rest, usable_capacity, supply, terminal))
            .transpose()?;
        let (terminal, rest) = match cdu {
            Some(_) => (TemperatureInterval::ZERO, Power::ZERO),
            None => (terminal, rest),
        };
        Ok(Self {
            name: name.to_owned(),
            medium: row.medium,
            unit_capacity: usable_capacity / f64::from(units_carrying),
            units: UnitGroup::new(units_carrying + 1, Redundancy::NPlus(1))?,
            supply,
            terminal_approach: terminal,
            rise,
            max_rack_heat: Some(Power::new::<kilowatt>(row.max_rack_heat_kw)),
            transport: Transport::new(rest, Fraction::new(MIN_SPEED)?)?,
            cdu,
            pump,
            plant: Plant::new(row.sink.sink(usable_capacity)?, chiller, row.economiser)?,
            coolant: Coolant::Water,
        })
    }
}

/// The presets' CDUs (row-level, N+1, PG25 at a 10 K rise, `approach` from the preset's
/// terminal) with pumps that draw `power` carrying `heat` from a TCS supply of `supply`: the
/// pressure rise `Δp = P·η / V̇` that keeps the preset's former transport share (about 240 kPa
/// for the direct-to-chip presets, inside the 0.5–3 bar of CDU loops [S]).
fn cdu_drawing(
    power: Power,
    heat: Power,
    supply: ThermodynamicTemperature,
    approach: TemperatureInterval,
) -> Result<Cdu> {
    let efficiency = Efficiency::new(CDU_PUMP_EFFICIENCY)?;
    let cdu = |pump| {
        Cdu::new(
            CduLevel::Row,
            Power::new::<kilowatt>(CDU_UNIT_KW),
            Redundancy::NPlus(1),
            approach,
            kelvin_diff(CDU_RISE_K),
            Coolant::new_propylene_glycol(Fraction::new(CDU_GLYCOL)?)?,
            pump,
        )
    };
    let flow = cdu(Pump::new(Pressure::ZERO, efficiency)?)?.flow(heat, supply)?;
    cdu(Pump::new(power * efficiency.get() / flow, efficiency)?)
}
