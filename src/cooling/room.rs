//! The room an air cooling unit serves: how its supply air reaches the servers' inlets
//! ([`AirPath`]), the heat its walls and roof exchange with the outdoors ([`Envelope`]), and the
//! humidity of its air ([`RoomHumidity`]).

use crate::climate::Ambient;
use crate::error::{Error, Result};
use crate::units::*;

/// The air path from a cooling unit's supply to the servers' inlets and back (EnergyPlus
/// `ElectricEquipment:ITE:AirCooled` air-flow calculation methods).
///
/// # Units
///
/// Approaches are temperature differences (K); `recirculation` is the share of room air in
/// the servers' inlet air (a mass-weighted mix, so `T_in` is a weighted mean).
///
/// # References
///
/// EnergyPlus Engineering Reference, "Zone Internal Gains" → "Heat Gain from IT Equipment":
/// `TAirIn = TAirSupply·(1 − RecircFrac) + TAirZone·RecircFrac` and
/// `TAirOut = TAirIn + QAir/(VAir·RhoAir·CpAir)`; the approach-temperature method is the
/// object's `FlowControlWithApproachTemperatures` (EnergyPlus Input Output Reference,
/// `ElectricEquipment:ITE:AirCooled`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AirPath {
    /// Contained aisles described by approach temperatures: the servers draw supply air warmed
    /// by `supply_approach` (bypass and leakage on the way), and the air returning to the
    /// cooling unit is the servers' exhaust changed by `return_approach` (mixing with bypass
    /// air, usually negative). The room air is that return air; no thermostat acts: the
    /// supply-air reset alone sets the state (EnergyPlus `FlowControlWithApproachTemperatures`).
    Approach {
        /// Server inlet − supply air.
        supply_approach: TemperatureInterval,
        /// Air returning to the unit − server exhaust.
        return_approach: TemperatureInterval,
    },
    /// An open room held at its thermostat set point `T_room`: the servers draw a mix of supply
    /// air and a share `recirculation` of room air, `T_in = (1 − r)·T_supply + r·T_room`
    /// (EnergyPlus `FlowFromSystem` with a design recirculation fraction).
    Recirculation {
        /// Share of room air in the servers' inlet air.
        recirculation: Fraction,
    },
}

impl AirPath {
    pub(crate) fn validate(&self) -> Result<()> {
        let at = |e: Error| e.at("air_path");
        match self {
            AirPath::Approach {
                supply_approach,
                return_approach,
            } => {
                for (field, dt) in [
                    ("supply_approach", supply_approach),
                    ("return_approach", return_approach),
                ] {
                    within(field, dt.get::<kelvin_interval>(), "K", -20.0, 20.0).map_err(at)?;
                }
                Ok(())
            }
            AirPath::Recirculation { recirculation } => {
                if recirculation.get() >= 1.0 {
                    return Err(at(Error::out_of_range(
                        "recirculation",
                        recirculation.get(),
                        "",
                        "a share below 1 (the servers must draw some supply air)",
                    )));
                }
                Ok(())
            }
        }
    }
}

/// Where a surface faces, which sets its inside film and the long-wave radiation it loses to
/// the sky.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurfaceKind {
    /// A vertical wall.
    Wall,
    /// A horizontal roof.
    Roof,
}

/// One opaque surface of the room exposed to the outdoors.
///
/// # Units
///
/// `conductance` is the U-factor of the layers alone (W/(m²·K), surface films excluded: the
/// [`Envelope`] adds ASHRAE's); absorptance and emittance are plain shares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Surface {
    /// Wall or roof.
    pub kind: SurfaceKind,
    /// Area.
    pub area: Area,
    /// Conductance of the construction's layers, surface films excluded (1/R-value).
    pub conductance: HeatTransfer,
    /// Share of the sun's radiation the outer surface absorbs.
    pub solar_absorptance: Fraction,
    /// Long-wave emittance of the outer surface.
    pub thermal_emittance: Fraction,
}

/// Inside surface film resistances, m²·K/W (ASHRAE Handbook—Fundamentals 2017, ch. 26,
/// Table 10, non-reflective surfaces): vertical wall with horizontal heat flow, and horizontal
/// roof with upward heat flow (the room is warmer than the outdoors).
const INSIDE_FILM_WALL: f64 = 0.12;
const INSIDE_FILM_ROOF: f64 = 0.11;
/// Outside surface film resistance, m²·K/W: 3.4 m/s wind ("summer", ASHRAE ch. 26 Table 10).
const OUTSIDE_FILM: f64 = 0.044;
/// Long-wave radiation deficit of a horizontal surface facing the sky, W/m² (ASHRAE ch. 18,
/// sol-air temperature: "ΔR ≈ 63 W/m²"; zero for vertical surfaces).
const SKY_DEFICIT_HORIZONTAL: f64 = 63.0;

/// The room's envelope: opaque walls and roof exposed to the outdoors, steady-state
/// conduction through each with ASHRAE surface films, and the roof driven by the sol-air
/// temperature (ASHRAE Handbook—Fundamentals 2017, ch. 18, eq. 30):
///
/// ```text
/// UA_s  = A / (1/U + R_in + R_out)                         R_in 0.12 wall, 0.11 roof; R_out 0.044 m²K/W
/// T_e   = T_o + α·E·R_out − ε·ΔR·R_out                     roofs: E global horizontal, ΔR = 63 W/m²
/// Q_env = Σ walls UA_s·(T_o − T_room) + Σ roofs UA_s·(T_e − T_room)     heat into the room
/// ```
///
/// Walls see the outdoor dry-bulb only (the sun on vertical surfaces needs the solar geometry,
/// which is not modelled); an hour without irradiance data has no solar term. Floors on the
/// ground or over other rooms are left out (adiabatic).
///
/// ```
/// use dcplan::cooling::{Envelope, Surface, SurfaceKind};
/// use dcplan::units::*;
/// let wall = Surface {
///     kind: SurfaceKind::Wall,
///     area: Area::new::<square_meter>(278.7),
///     conductance: HeatTransfer::new::<watt_per_square_meter_kelvin>(1.0 / 2.290965),
///     solar_absorptance: Fraction::new(0.75)?,
///     thermal_emittance: Fraction::new(0.9)?,
/// };
/// let envelope = Envelope::new(vec![wall])?;
/// // 278.7 / (2.290965 + 0.12 + 0.044) W/K
/// assert!((envelope.conductance().get::<watt_per_kelvin>() - 113.52).abs() < 0.01);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `T_o` is the outdoor dry-bulb, `T_room` the room (return) air; `E` is the hour's global
/// horizontal irradiance (W/m², mean over the hour); film resistances in m²·K/W. `Q_env` is
/// heat into the room (W), negative when the room loses heat.
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017): ch. 26, Table 10 (surface film resistances,
/// non-reflective surfaces; outside film at 3.4 m/s wind); ch. 18, sol-air temperature
/// (eq. 30, `ΔR ≈ 63 W/m²` for horizontal surfaces, zero for vertical ones).
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    surfaces: Vec<Surface>,
    /// Conduction UA of all surfaces, W/K.
    ua: f64,
    /// Roof solar gain per W/m² of global horizontal irradiance, W/(W/m²).
    solar_per_irradiance: f64,
    /// Roof long-wave loss to the sky, W.
    sky_loss: f64,
}

impl Envelope {
    /// Validates the surfaces (areas and conductances > 0).
    pub fn new(surfaces: Vec<Surface>) -> Result<Self> {
        let (mut ua, mut solar, mut sky) = (0.0, 0.0, 0.0);
        for (i, s) in surfaces.iter().enumerate() {
            let at = |e: Error| e.at(&format!("envelope.surfaces[{i}]"));
            let area = positive("area", s.area.get::<square_meter>(), "m²").map_err(at)?;
            let u = positive(
                "conductance",
                s.conductance.get::<watt_per_square_meter_kelvin>(),
                "W/(m²·K)",
            )
            .map_err(at)?;
            let inside = match s.kind {
                SurfaceKind::Wall => INSIDE_FILM_WALL,
                SurfaceKind::Roof => INSIDE_FILM_ROOF,
            };
            let ua_s = area / (1.0 / u + inside + OUTSIDE_FILM);
            ua += ua_s;
            if s.kind == SurfaceKind::Roof {
                solar += ua_s * s.solar_absorptance.get() * OUTSIDE_FILM;
                sky += ua_s * s.thermal_emittance.get() * SKY_DEFICIT_HORIZONTAL * OUTSIDE_FILM;
            }
        }
        Ok(Self {
            surfaces,
            ua,
            solar_per_irradiance: solar,
            sky_loss: sky,
        })
    }

    /// The surfaces.
    pub fn surfaces(&self) -> &[Surface] {
        &self.surfaces
    }

    /// Conduction UA of the whole envelope, films included.
    pub fn conductance(&self) -> ThermalConductance {
        ThermalConductance::new::<watt_per_kelvin>(self.ua)
    }

    /// Heat into the room at room temperature `room` and outdoor conditions `ambient`
    /// (negative: the room loses heat).
    ///
    /// ```
    /// use dcplan::climate::Ambient;
    /// use dcplan::cooling::{Envelope, Surface, SurfaceKind};
    /// use dcplan::units::*;
    /// let roof = Surface {
    ///     kind: SurfaceKind::Roof,
    ///     area: Area::new::<square_meter>(100.0),
    ///     conductance: HeatTransfer::new::<watt_per_square_meter_kelvin>(0.2),
    ///     solar_absorptance: Fraction::new(0.8)?,
    ///     thermal_emittance: Fraction::new(0.9)?,
    /// };
    /// let envelope = Envelope::new(vec![roof])?;
    /// let night = Ambient::from_dew_point(celsius(10.0), celsius(0.0), Pressure::new::<pascal>(101_325.0))?;
    /// let noon = night.with_global_horizontal_irradiance(HeatFluxDensity::new::<watt_per_square_meter>(800.0))?;
    /// let ua = 100.0 / (5.0 + 0.11 + 0.044);
    /// let q = |a: &Ambient| envelope.heat_gain(celsius(30.0), a).get::<watt>();
    /// assert!((q(&night) - ua * (-20.0 - 0.9 * 63.0 * 0.044)).abs() < 1e-9);
    /// assert!((q(&noon) - q(&night) - ua * 0.8 * 800.0 * 0.044).abs() < 1e-9);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn heat_gain(&self, room: ThermodynamicTemperature, ambient: &Ambient) -> Power {
        let ghi = ambient
            .global_horizontal_irradiance()
            .map_or(0.0, |g| g.get::<watt_per_square_meter>());
        Power::new::<watt>(self.gain(
            room.get::<kelvin>(),
            ambient.dry_bulb().get::<kelvin>(),
            ghi,
        ))
    }

    /// The part of the gain that does not depend on the room temperature, W, at outdoor
    /// dry-bulb `t_out` (K) and irradiance `ghi` (W/m²): the gain is this minus `UA·T_room`.
    #[inline]
    pub(crate) fn gain_offset(&self, t_out: f64, ghi: f64) -> f64 {
        self.ua * t_out + self.solar_per_irradiance * ghi - self.sky_loss
    }

    /// Conduction UA, W/K.
    #[inline]
    pub(crate) fn ua(&self) -> f64 {
        self.ua
    }

    #[inline]
    fn gain(&self, t_room: f64, t_out: f64, ghi: f64) -> f64 {
        self.gain_offset(t_out, ghi) - self.ua * t_room
    }
}

/// The humidity of a room's air, which sets its heat capacity and density and the wet bulb
/// of the air entering a cooling coil.
///
/// # Units
///
/// Humidity ratio: kg of water vapour per kg of dry air (ASHRAE Handbook—Fundamentals 2017,
/// ch. 1), 0 … 0.05.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RoomHumidity {
    /// A sealed room with no humidity source and a dry coil keeps the moisture of the air it
    /// was filled with: the mean outdoor humidity ratio of the first day of the simulated year
    /// (EnergyPlus starts a closed zone the same way), or of the design ambient for a single
    /// operating point.
    Sealed,
    /// Held at a humidity ratio (kg water per kg dry air) by humidity control.
    Fixed(Ratio),
}

impl RoomHumidity {
    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            RoomHumidity::Sealed => Ok(()),
            RoomHumidity::Fixed(w) => {
                within("room_humidity", w.get::<ratio>(), "kg/kg", 0.0, 0.05).map(|_| ())
            }
        }
    }
}
