//! Cooling loops: the heat path from the racks to the ambient, with capacity under
//! redundancy, supply temperatures, and electric power that follows the weather.
//!
//! A [`CoolingLoop`] takes either the air-side or the liquid-side heat of the racks
//! ([`Medium`]), moves it with fans or pumps ([`Transport`], affinity laws) to a plant
//! ([`Plant`]: sink + optional chiller + economiser), and reports each hour a [`LoopState`]:
//! whether it holds its supply temperature, how much is free-cooled, its electric power, its
//! water use, and its heat-rejection capacity at that ambient.
//!
//! Every model here carries its sources in its own documentation (`# References`), and
//! `docs/models.md` ("Cooling plants", "DX computer-room air conditioners", "Thermal network
//! and headroom") gives the overview. Internally the hourly arithmetic runs on plain `f64` in
//! SI units (W, K, kg/s, m³/s); every public input and output is a typed quantity.

// Where things live: the vocabulary below; `cooling_loop.rs` the façade the kernel calls;
// `plant.rs` a central plant (sink, economiser) and its hourly arithmetic; `cdu.rs` a liquid
// loop's coolant distribution units (the stage between rack coolant and facility water); `chiller.rs` the
// compressor stage and its COP; `transport.rs` fans and pumps (affinity laws); `presets.rs` the
// built-in technologies; `reuse.rs` heat reuse on a loop's return (heat pump, demand);
// `crac.rs` and `room.rs` DX room units and the room they serve;
// `thermal.rs` the chip-to-coolant path.
mod cdu;
mod chiller;
mod cooling_loop;
mod crac;
mod plant;
mod presets;
mod reuse;
mod room;
mod thermal;
mod transport;

pub use cdu::{Cdu, CduLevel};
pub use chiller::{Chiller, ChillerCurves, Condenser};
pub use cooling_loop::{CoolingLoop, LoopDesign};
pub(crate) use crac::CracAir;
pub use crac::{CracDesign, DxCoil, DxPerformance, SupplyAirReset, VariableVolumeFan};
pub use plant::{
    Adiabatic, DEFAULT_DRIFT, DEFAULT_MEDIA_CYCLES, Plant, Sink, WaterUse, economiser_share,
    tower_water,
};
pub use reuse::{
    DEFAULT_QUALITY_GRADE, HeatDemand, HeatPump, HeatPumpOwner, HeatReuse, ReuseDesign, ReuseHour,
    carnot_fraction_cop,
};
pub use room::{AirPath, Envelope, RoomHumidity, Surface, SurfaceKind};
pub use thermal::{ThermalNetwork, hottest_case_rise};
pub use transport::{Pump, Transport, affinity_power};

use crate::climate::Ambient;
pub(crate) use crate::solve::Guess;
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which part of the racks' heat a loop removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Heat carried by air through the racks (fans, CRAH/CRAC, fan walls, rear doors).
    Air,
    /// Heat taken by liquid (cold plates via a CDU, or immersion).
    Liquid,
}

impl fmt::Display for Medium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Medium::Air => "air",
            Medium::Liquid => "liquid",
        })
    }
}

/// The built-in cooling technologies, each a preset of sensible, documented parameters (see
/// [`LoopDesign::preset`] and `docs/models.md`, "Presets") that can be adjusted field by field
/// on the returned [`LoopDesign`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// Air (CRAH) with air-cooled chillers, no economiser.
    AirChiller,
    /// Air (CRAH) with air-cooled chillers and an integrated water-side economiser
    /// (free-cooling coils on the dry coolers).
    AirEconomiser,
    /// Direct outside air with chiller assist (air-side economiser).
    AirOutsideAir,
    /// Direct-to-chip liquid through a CDU on chilled water from air-cooled chillers, no
    /// economiser (a legacy chilled-water plant serving liquid-cooled racks).
    DirectToChipChilledWater,
    /// Direct-to-chip liquid through a CDU to dry coolers, with a trim chiller.
    DirectToChipDryCooler,
    /// Direct-to-chip liquid through a CDU to dry coolers with adiabatic pre-cooling of their
    /// inlet air, with a trim chiller (LBNL 2024's PUE ≈ 1.09 configuration).
    DirectToChipAdiabatic,
    /// Direct-to-chip liquid through a CDU to an evaporative cooling tower, no chiller.
    DirectToChipTower,
    /// Single-phase immersion tanks to dry coolers, no chiller.
    Immersion,
    /// Direct-to-chip liquid through a CDU to a once-through seawater heat exchanger.
    SeawaterOnceThrough,
    /// Air (CRAH) with water-cooled chillers on once-through seawater, with economiser.
    AirSeawater,
}

impl Technology {
    /// Every technology.
    pub const ALL: [Technology; 10] = [
        Technology::AirChiller,
        Technology::AirEconomiser,
        Technology::AirOutsideAir,
        Technology::DirectToChipChilledWater,
        Technology::DirectToChipDryCooler,
        Technology::DirectToChipTower,
        Technology::Immersion,
        Technology::SeawaterOnceThrough,
        Technology::AirSeawater,
        Technology::DirectToChipAdiabatic,
    ];

    /// One-line description.
    pub fn description(self) -> &'static str {
        match self {
            Technology::AirChiller => "air (CRAH) + air-cooled chillers, no economiser",
            Technology::AirEconomiser => {
                "air (CRAH) + air-cooled chillers with integrated free-cooling coils"
            }
            Technology::AirOutsideAir => "direct outside air with chiller assist",
            Technology::DirectToChipChilledWater => {
                "direct-to-chip liquid, CDU → chilled water from air-cooled chillers"
            }
            Technology::DirectToChipDryCooler => {
                "direct-to-chip liquid, CDU → dry coolers with trim chiller"
            }
            Technology::DirectToChipAdiabatic => {
                "direct-to-chip liquid, CDU → adiabatic dry coolers with trim chiller"
            }
            Technology::DirectToChipTower => "direct-to-chip liquid, CDU → cooling tower",
            Technology::Immersion => "single-phase immersion → dry coolers",
            Technology::SeawaterOnceThrough => {
                "direct-to-chip liquid, CDU → once-through seawater heat exchanger"
            }
            Technology::AirSeawater => {
                "air (CRAH) + water-cooled chillers on once-through seawater, with economiser"
            }
        }
    }
}

/// What a loop must deliver: its own supply set point, and what the racks it serves require
/// of its supply: the highest supply temperature their class allows (air inlet, or facility
/// water), the highest coolant supply that keeps every described accelerator case within its
/// limit, and, for outside air admitted to the IT, the humidity limits.
///
/// # References
///
/// ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments* (5th ed., 2021): the
/// allowable inlet air of classes A1–A4 and H1 with their dew point and relative humidity
/// limits, and the facility-water classes W17–W45 (supply at most the number, °C).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SupplyLimits {
    /// The loop's supply set point (to the IT): a loop that delivers warmer fails to deliver
    /// what it is designed for, whatever the class allows (for a loop that serves racks).
    pub set_point: Option<ThermodynamicTemperature>,
    /// The freezing point of the loop's coolant, where the coolant passes through a sink it
    /// can freeze in (dry coolers, once-through exchangers): the sink must stay above it.
    pub freezing_point: Option<ThermodynamicTemperature>,
    /// Highest allowed supply temperature by class (air: IT inlet; liquid: facility water).
    pub max_supply: Option<ThermodynamicTemperature>,
    /// Highest IT-side (rack) coolant supply at which the hottest accelerator case stays within
    /// its limit (liquid loops serving racks with [`crate::it::ColdPlates`]), or that the rack's
    /// vendor allows ([`crate::it::RackProfile::coolant_limit`]), whichever is lower.
    pub max_coolant_for_chips: Option<ThermodynamicTemperature>,
    /// Highest allowed dew point of outside air admitted to the IT (air loops).
    pub max_dew_point: Option<ThermodynamicTemperature>,
    /// Highest allowed relative humidity of outside air admitted to the IT (air loops).
    pub max_relative_humidity: Option<Fraction>,
}

impl SupplyLimits {
    /// No limits.
    pub const NONE: SupplyLimits = SupplyLimits {
        set_point: None,
        freezing_point: None,
        max_supply: None,
        max_coolant_for_chips: None,
        max_dew_point: None,
        max_relative_humidity: None,
    };

    /// The tighter of two sets of limits, limit by limit.
    pub fn tighter(self, other: SupplyLimits) -> SupplyLimits {
        fn min<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(x), Some(y)) => Some(if y < x { y } else { x }),
                (x, y) => x.or(y),
            }
        }
        fn max<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(x), Some(y)) => Some(if y > x { y } else { x }),
                (x, y) => x.or(y),
            }
        }
        SupplyLimits {
            set_point: min(self.set_point, other.set_point),
            freezing_point: max(self.freezing_point, other.freezing_point),
            max_supply: min(self.max_supply, other.max_supply),
            max_coolant_for_chips: min(self.max_coolant_for_chips, other.max_coolant_for_chips),
            max_dew_point: min(self.max_dew_point, other.max_dew_point),
            max_relative_humidity: min(self.max_relative_humidity, other.max_relative_humidity),
        }
    }

    /// Whether outdoor air is within the humidity the IT class allows (ASHRAE TC 9.9), so an
    /// air-side economiser may admit it.
    pub(crate) fn admit_outside_air(&self, ambient: &Ambient) -> bool {
        let dew_ok = self
            .max_dew_point
            .is_none_or(|max| ambient.dew_point() <= max);
        let rh_ok = self
            .max_relative_humidity
            .is_none_or(|max| ambient.relative_humidity() <= max);
        dew_ok && rh_ok
    }
}

/// Which limit a temperature headroom is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemperatureLimit {
    /// The loop's own supply set point: what it is designed to deliver to the IT.
    SetPoint,
    /// The ASHRAE class of the racks: inlet air (air loops) or facility water (liquid loops).
    Class,
    /// The freezing point of the loop's coolant, against the sink it passes through.
    Freezing,
    /// The case limit of the hottest accelerator on its cold plate.
    ChipCase,
}

/// One loop at one operating point.
///
/// # Units
///
/// Heats and capacities are thermal power (W of heat), the powers electric power. `supply` is
/// what reaches the IT (inlet air, or coolant to cold plates and tanks), `facility_supply` the
/// plant side of the terminal (CRAH coil or CDU). `free_cooling` is the share of `heat` removed
/// without compressors. `water` is the make-up water drawn, as a volume of liquid water at
/// 25 °C per unit time.
///
/// # References
///
/// `docs/models.md`, "Cooling plants" and "DX computer-room air conditioners"; each model's
/// sources are on [`Plant`], [`Sink`], [`Chiller`], [`Transport`] and [`DxCoil`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopState {
    /// Heat the loop takes from the racks (a CRAC: from its room, envelope and in-room
    /// electrical losses included).
    pub heat: Power,
    /// What the sink works against this hour: the outdoor dry-bulb (dry coolers, air-cooled
    /// condensers, outside air, a CRAC's condensers; the air leaving wetted adiabatic media),
    /// wet-bulb (towers) or the water (once-through).
    pub sink_temperature: ThermodynamicTemperature,
    /// Heat the loop can reject at this ambient with the redundant units out (a central plant:
    /// its usable capacity — sinks at their approach, chillers at their rating — whatever the
    /// ambient; a sink too warm to reach the set point shows in the supply delivered and the
    /// set-point headroom, [`LoopState::temperature_headroom`]).
    pub capacity: Power,
    /// Supply temperature actually delivered to the IT (a CRAC: the servers' inlet air).
    pub supply: ThermodynamicTemperature,
    /// Plant-side (facility) supply temperature actually delivered (a CRAC: its supply air).
    pub facility_supply: ThermodynamicTemperature,
    /// Whether the set supply temperature is held (a CRAC: whether it meets its room's load).
    pub holds_supply: bool,
    /// Share of the heat removed without compressors.
    pub free_cooling: Fraction,
    /// Chiller COP, when the chiller runs (a CRAC: coil load / DX power), capped at 100.
    pub cop: Option<Cop>,
    /// Compressor power: chillers, or DX coils with their condenser fans.
    pub compressor_power: Power,
    /// Sink fans or pumps.
    pub sink_power: Power,
    /// Loop fans/pumps (CRAH, CDU, facility water; a CRAC's supply fans).
    pub transport_power: Power,
    /// Total electric power of the loop.
    pub power: Power,
    /// Make-up water drawn: `water_use`'s evaporation + drift + blowdown.
    pub water: VolumeRate,
    /// The make-up water's streams (a tower's; none for the other sinks).
    pub water_use: WaterUse,
    /// The room's air side, for a CRAC loop.
    pub room: Option<RoomState>,
}

impl LoopState {
    /// Heat-rejection headroom: capacity − heat.
    pub fn heat_headroom(&self) -> Power {
        self.capacity - self.heat
    }

    /// Temperature headroom against the tightest limit that applies, and which limit that is:
    /// the loop's set point minus the supply it delivers to the IT, when it misses it (a held
    /// set point has no margin: the other limits' margins are reported); the
    /// class limit minus the supply actually delivered (inlet air for air loops, facility water
    /// for liquid loops); the chips' highest coolant supply minus the coolant supply; or the
    /// sink's temperature minus the freezing point of the coolant that passes through it.
    /// `None` when no limit applies. A temperature difference (K); negative when the limit is
    /// exceeded. Ties go to the set point, then the class.
    #[inline]
    pub fn temperature_headroom(
        &self,
        medium: Medium,
        limits: &SupplyLimits,
    ) -> Option<(TemperatureInterval, TemperatureLimit)> {
        let judged = match medium {
            Medium::Air => self.supply,
            Medium::Liquid => self.facility_supply,
        };
        // A held set point has no margin to report (the loop holds it exactly): it counts
        // when missed.
        let set = limits
            .set_point
            .map(|set| (delta(set, self.supply), TemperatureLimit::SetPoint))
            .filter(|(t, _)| t.get::<kelvin_interval>() < 0.0);
        let class = limits
            .max_supply
            .map(|max| (delta(max, judged), TemperatureLimit::Class));
        let chip = limits
            .max_coolant_for_chips
            .map(|max| (delta(max, self.supply), TemperatureLimit::ChipCase));
        let freezing = limits
            .freezing_point
            .map(|t| (delta(self.sink_temperature, t), TemperatureLimit::Freezing));
        type Judged = Option<(TemperatureInterval, TemperatureLimit)>;
        let tighter = |a: Judged, b: Judged| match (a, b) {
            (Some(x), Some(y)) => Some(if y.0 < x.0 { y } else { x }),
            (x, y) => x.or(y),
        };
        tighter(tighter(set, class), tighter(chip, freezing))
    }
}

/// What the IT and equipment in a room put into its air when the servers' inlet air is at a
/// given temperature, and the site totals the kernel needs afterwards (SI: W, m³/s).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RoomLoad {
    /// IT power of the whole site.
    pub it: f64,
    /// IT heat into this room's air.
    pub air_heat: f64,
    /// IT heat into the liquid loops.
    pub liquid_heat: f64,
    /// Electrical losses released into this room's air.
    pub other_heat: f64,
    /// Server air flow through the racks in this room, m³/s.
    pub server_flow: f64,
}

impl RoomLoad {
    /// All heat into the room's air from IT and equipment.
    #[inline]
    pub fn room_heat(&self) -> f64 {
        self.air_heat + self.other_heat
    }
}

/// The air side of a CRAC loop in one hour.
///
/// # Units
///
/// `air_flow` is the mass flow of dry air (the basis of the moist-air enthalpy balances);
/// `humidity_ratio` is kg of water vapour per kg of dry air.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoomState {
    /// Supply air leaving the units (after the fans).
    pub supply_air: ThermodynamicTemperature,
    /// Air entering the servers.
    pub it_inlet: ThermodynamicTemperature,
    /// Air returning to the units (the room air).
    pub return_air: ThermodynamicTemperature,
    /// Dry-air mass flow of all units.
    pub air_flow: MassRate,
    /// Heat the coils remove (room load plus fan heat).
    pub coil_load: Power,
    /// Part-load ratio of the coils (1 when they cannot meet the load).
    pub part_load: Fraction,
    /// Humidity ratio of the room air (kg water vapour per kg dry air).
    pub humidity_ratio: Ratio,
}
