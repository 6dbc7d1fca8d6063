//! Heat reuse on a cooling loop's return: part of the heat the loop carries is handed to a
//! district-heating network or a process instead of being rejected by the plant, directly
//! (the return is warm enough) or lifted to the network's temperature by a heat pump.
//!
//! Each hour, with `D` the heat demanded at the network's temperature, `Q` the heat the loop
//! carries and `C` the rated heating capacity (heat delivered at the network's temperature):
//!
//! ```text
//! heat pump (COP > 1):  delivered = min(D, Q·COP/(COP − 1), C)
//!                       electricity W = delivered / COP
//!                       source heat   = delivered − W          (taken off the loop's return)
//! direct exchange:      delivered = source heat = min(D, Q, C), W = 0
//! ```
//!
//! Demand and capacity count heat delivered at the network's temperature, as a heating
//! network's demand and a heat pump's rated heating capacity do; the heat taken off the loop is
//! the source side, `delivered·(1 − 1/COP)`, and never more than the loop carries. The plant
//! rejects the rest ([`crate::operating`]).
//!
//! The heat pump's COP follows the Carnot-fraction ("quality grade") model,
//! `COP = η·T_h/(T_h − T_c)` ([`carnot_fraction_cop`]), with `T_c` the loop's design return
//! (its facility supply plus its design rise) and `T_h` the network's supply temperature.
//!
//! # References
//!
//! - oemof.thermal, `compression_heatpumps_and_chillers.calc_cops(mode, temp_high, temp_low,
//!   quality_grade)`: the Carnot-fraction model; its validation against monitored units fits
//!   a quality grade of 0.35 for heat pumps (small units) — the default here
//!   ([`DEFAULT_QUALITY_GRADE`]).
//! - Reinholdt, L. et al. (2018), "Heat pump COP, part 1: generalized method for screening of
//!   system integration potentials", 13th IIR Gustav Lorentzen Conference: the Lorenz variant
//!   for large district-heating units (log-mean temperatures of the glides), not modelled.
//! - Meta's Odense data centre (Fjernvarme Fyn, DBDH): ~45 MW of heat from 27 °C server
//!   cooling water lifted to ~75 °C by heat pumps the network operator owns
//!   (`examples/sites/odense-heat-reuse.toml`).

use super::CoolingLoop;
use crate::error::{Error, Result};
use crate::it::When;
use crate::sustainability::CalendarSeries;
use crate::units::*;
use serde::{Deserialize, Serialize};

/// The quality grade (Carnot fraction) a heat pump gets unless given: 0.35, oemof.thermal's
/// fit to monitored (small) heat pumps. Large district-heating units are usually better; give
/// theirs where known.
///
/// # References
///
/// oemof.thermal, "Compression heat pumps and chillers" (module documentation).
pub const DEFAULT_QUALITY_GRADE: Fraction = Fraction::new_const(0.35);

/// COP of a heat pump delivering at `hot` from a source at `cold`, as a fraction
/// `quality_grade` (η) of the Carnot COP: `COP = η·T_h/(T_h − T_c)`, temperatures absolute.
/// Capped at 100 (the largest [`Cop`]); an error unless `hot` is above `cold`, or if the COP
/// is not above 1 (a heat pump that delivers less heat than its electricity takes none from
/// its source).
///
/// ```
/// use dcplan::cooling::carnot_fraction_cop;
/// use dcplan::units::*;
/// // 27 °C server water lifted to 75 °C at η = 0.5: 0.5 × 348.15 / 48 = 3.627.
/// let cop = carnot_fraction_cop(Fraction::new(0.5)?, celsius(75.0), celsius(27.0))?;
/// assert!((cop.get() - 3.626_5625).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// oemof.thermal `calc_cops` (quality grade model); module documentation.
pub fn carnot_fraction_cop(
    quality_grade: Fraction,
    hot: ThermodynamicTemperature,
    cold: ThermodynamicTemperature,
) -> Result<Cop> {
    let (h, c) = (hot.get::<kelvin>(), cold.get::<kelvin>());
    if h <= c {
        return Err(Error::inconsistent(
            "heat_pump",
            format!(
                "a heat pump lifts heat: it delivers at {:.1} °C, not above its source at {:.1} °C",
                to_celsius(hot),
                to_celsius(cold)
            ),
        ));
    }
    let cop = quality_grade.get() * h / (h - c);
    if cop <= 1.0 {
        return Err(Error::out_of_range(
            "heat_pump.quality_grade",
            quality_grade.get(),
            "",
            &format!("a quality grade that gives a COP above 1 (this gives {cop:.3})"),
        ));
    }
    Ok(Cop::capped(cop))
}

/// Who owns (and meters) the heat pump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeatPumpOwner {
    /// The site: its electricity is part of the facility's (on the site's meter, through its
    /// electrical chain and interconnect), and the heat it delivers leaves the site.
    Site,
    /// The heating network's operator (as Fjernvarme Fyn at Odense): its electricity is not
    /// the site's, and the heat leaves the site at the loop's return temperature.
    Network,
}

/// A heat pump lifting a loop's return to the network's temperature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeatPump {
    /// Carnot fraction η of `COP = η·T_h/(T_h − T_c)` (default [`DEFAULT_QUALITY_GRADE`]).
    pub quality_grade: Fraction,
    /// Who owns and meters it.
    pub owner: HeatPumpOwner,
}

/// The heat a network or process takes over the year, at the network's temperature.
///
/// # Units
///
/// Thermal power (the hour's mean).
#[derive(Clone, Debug, PartialEq)]
pub enum HeatDemand {
    /// The same every hour.
    Constant(Power),
    /// One value per month, January first.
    Monthly([Power; 12]),
    /// One value per hour in MW, on the climate's calendar
    /// ([`crate::sustainability::series`]).
    Hourly(CalendarSeries),
}

impl HeatDemand {
    /// The demand in hour `when` of a climate of `hours` hours; at the design hour, the year's
    /// peak (a constant's value, the largest month).
    #[inline]
    pub fn at(&self, when: When, hours: usize) -> Power {
        match (self, when) {
            (Self::Constant(p), _) => *p,
            (Self::Monthly(m), When::Hour { month, .. }) => m[month.min(11)],
            (Self::Monthly(m), When::Design) => m.iter().copied().fold(Power::ZERO, Power::max),
            (Self::Hourly(s), When::Hour { index, .. }) => megawatts(s.at(index, hours)),
            (Self::Hourly(s), When::Design) => {
                megawatts((0..8_760).map(|h| s.at(h, 8_760)).fold(0.0, f64::max))
            }
        }
    }

    /// Checks that an hourly demand covers a climate of `hours` hours.
    pub fn covers(&self, hours: usize) -> Result<()> {
        match self {
            Self::Hourly(s) => s.covers(hours),
            _ => Ok(()),
        }
    }

    fn validate(&self, field: &str) -> Result<()> {
        match self {
            Self::Constant(p) => power_non_negative(field, *p).map(|_| ()),
            Self::Monthly(m) => m.iter().enumerate().try_for_each(|(i, p)| {
                power_non_negative(&format!("{field}[{i}]"), *p).map(|_| ())
            }),
            // A calendar series is finite and not negative by construction.
            Self::Hourly(_) => Ok(()),
        }
    }
}

/// Everything that defines a heat-reuse component, as plain data; [`HeatReuse::new`] validates
/// it against the loop it sits on.
///
/// # Units
///
/// `demand` and `capacity` are heat delivered at `network_temperature` (thermal power); the
/// temperature is the network's supply (what the heat is delivered at).
#[derive(Clone, Debug, PartialEq)]
pub struct ReuseDesign {
    /// Name, unique within the site.
    pub name: String,
    /// The cooling loop whose return it takes heat from (a central-plant loop).
    pub loop_name: String,
    /// The heat demanded.
    pub demand: HeatDemand,
    /// The temperature the heat is delivered at (the network's supply).
    pub network_temperature: ThermodynamicTemperature,
    /// Most heat delivered (the heat pump's, or the exchanger's, rated heating capacity).
    pub capacity: Power,
    /// The heat pump, if the return is lifted; `None` for direct exchange (the return must
    /// then be at least the network's temperature).
    pub heat_pump: Option<HeatPump>,
}

/// A heat-reuse component on a loop's return, validated (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct HeatReuse {
    design: ReuseDesign,
    /// The loop's design return: the heat pump's source.
    source_temperature: ThermodynamicTemperature,
    /// The heat pump's COP at the design return and the network temperature.
    cop: Option<Cop>,
}

/// One hour of heat reuse.
///
/// # Units
///
/// Thermal power except `electricity`, the heat pump's electric power.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReuseHour {
    /// Heat taken off the loop's return (the heat pump's source side).
    pub source: Power,
    /// Heat delivered at the network's temperature, `source + electricity`.
    pub delivered: Power,
    /// The heat pump's electricity, `delivered / COP` (zero for direct exchange).
    pub electricity: Power,
}

impl ReuseHour {
    /// No reuse.
    pub const NONE: ReuseHour = ReuseHour {
        source: Power::ZERO,
        delivered: Power::ZERO,
        electricity: Power::ZERO,
    };
}

impl HeatReuse {
    /// Validates `design` on the loop `on` it names: a central-plant loop, whose design return
    /// (facility supply + rise) is the heat pump's source. Errors name the field
    /// (`reuse.NAME.network_temperature`): a return below the network's temperature without a
    /// heat pump, a network temperature not above the return with one, a COP not above 1.
    ///
    /// ```
    /// use dcplan::cooling::*;
    /// use dcplan::units::*;
    /// let l = CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "dlc", megawatts(10.0), 4)?)?;
    /// let design = |heat_pump| ReuseDesign {
    ///     name: "dh".into(), loop_name: "dlc".into(),
    ///     demand: HeatDemand::Constant(megawatts(5.0)),
    ///     network_temperature: celsius(75.0), capacity: megawatts(8.0), heat_pump,
    /// };
    /// let hp = HeatPump { quality_grade: Fraction::new(0.5)?, owner: HeatPumpOwner::Site };
    /// let r = HeatReuse::new(design(Some(hp)), &l)?;
    /// assert!(r.cop().unwrap().get() > 1.0);
    /// // Without a heat pump the return must already be at the network's 75 °C.
    /// let e = HeatReuse::new(design(None), &l).unwrap_err();
    /// assert!(e.to_string().starts_with("reuse.dh.network_temperature"), "{e}");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn new(design: ReuseDesign, on: &CoolingLoop) -> Result<Self> {
        let field = |f: &str| format!("reuse.{}.{f}", design.name);
        if design.name.is_empty() {
            return Err(Error::missing(
                "reuse",
                "a heat-reuse component needs a name",
            ));
        }
        let Some(loop_design) = on.design() else {
            return Err(Error::inconsistent(
                &field("loop"),
                format!(
                    "loop '{}' is a CRAC (DX, no water return): heat reuse takes heat from a \
                     central-plant loop's return",
                    on.name()
                ),
            ));
        };
        temperature(&field("network_temperature"), design.network_temperature)?;
        power_positive(&field("capacity"), design.capacity)?;
        design.demand.validate(&field("demand"))?;
        let source_temperature = on.facility_supply() + loop_design.rise;
        let cop = match design.heat_pump {
            Some(hp) => {
                if design.network_temperature <= source_temperature {
                    return Err(Error::inconsistent(
                        &field("network_temperature"),
                        format!(
                            "{:.1} °C is not above loop '{}''s return at {:.1} °C: a heat pump \
                             lifts heat (without a lift, give no heat pump)",
                            to_celsius(design.network_temperature),
                            on.name(),
                            to_celsius(source_temperature)
                        ),
                    ));
                }
                Some(
                    carnot_fraction_cop(
                        hp.quality_grade,
                        design.network_temperature,
                        source_temperature,
                    )
                    .map_err(|e| e.with_field(field("heat_pump.quality_grade")))?,
                )
            }
            None => {
                if source_temperature < design.network_temperature {
                    return Err(Error::inconsistent(
                        &field("network_temperature"),
                        format!(
                            "loop '{}' returns at {:.1} °C, below the network's {:.1} °C: add a \
                             heat pump ([reuse.{}.heat_pump]) to lift it",
                            on.name(),
                            to_celsius(source_temperature),
                            to_celsius(design.network_temperature),
                            design.name
                        ),
                    ));
                }
                None
            }
        };
        Ok(Self {
            design,
            source_temperature,
            cop,
        })
    }

    /// The design, as given.
    pub fn design(&self) -> &ReuseDesign {
        &self.design
    }
    /// Name.
    pub fn name(&self) -> &str {
        &self.design.name
    }
    /// The loop it takes heat from.
    pub fn loop_name(&self) -> &str {
        &self.design.loop_name
    }
    /// The heat pump's source temperature: the loop's design return.
    pub fn source_temperature(&self) -> ThermodynamicTemperature {
        self.source_temperature
    }
    /// The heat pump's COP (`None` for direct exchange).
    pub fn cop(&self) -> Option<Cop> {
        self.cop
    }
    /// Who owns the heat pump (`None` for direct exchange).
    pub fn owner(&self) -> Option<HeatPumpOwner> {
        self.design.heat_pump.map(|h| h.owner)
    }

    /// The hour's reuse with `demand` at the network's temperature and `loop_heat` on the
    /// loop's return (see the [module documentation](self)).
    ///
    /// ```
    /// # use dcplan::cooling::*;
    /// # use dcplan::units::*;
    /// # let l = CoolingLoop::new(LoopDesign::preset(Technology::DirectToChipDryCooler, "dlc", megawatts(10.0), 4)?)?;
    /// # let hp = HeatPump { quality_grade: Fraction::new(0.5)?, owner: HeatPumpOwner::Site };
    /// # let r = HeatReuse::new(ReuseDesign { name: "dh".into(), loop_name: "dlc".into(),
    /// #     demand: HeatDemand::Constant(megawatts(5.0)), network_temperature: celsius(75.0),
    /// #     capacity: megawatts(8.0), heat_pump: Some(hp) }, &l)?;
    /// let h = r.hour(megawatts(5.0), megawatts(9.0));
    /// assert!((h.delivered.get::<megawatt>() - 5.0).abs() < 1e-12);
    /// assert!((h.source + h.electricity - h.delivered).get::<watt>().abs() < 1e-6);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    #[inline]
    pub fn hour(&self, demand: Power, loop_heat: Power) -> ReuseHour {
        let zero = Power::ZERO;
        let demand = demand.max(zero).min(self.design.capacity);
        let available = loop_heat.max(zero);
        match self.cop {
            None => {
                let q = demand.min(available);
                ReuseHour {
                    source: q,
                    delivered: q,
                    electricity: zero,
                }
            }
            Some(cop) => {
                let c = cop.get();
                let delivered = demand.min(available * (c / (c - 1.0)));
                let electricity = delivered / c;
                ReuseHour {
                    // Rounding must not take more than the loop carries.
                    source: (delivered - electricity).min(available).max(zero),
                    delivered,
                    electricity,
                }
            }
        }
    }

    /// The heat pump's electricity on the site's meter: all of it for a site-owned heat pump,
    /// none for a network-owned one (or direct exchange).
    #[inline]
    pub fn site_electricity(&self, h: &ReuseHour) -> Power {
        match self.owner() {
            Some(HeatPumpOwner::Site) => h.electricity,
            _ => Power::ZERO,
        }
    }

    /// The heat that leaves the site for reuse, `E_reuse` of the ERF: measured where it
    /// leaves — after a site-owned heat pump (the heat delivered), or at the loop's return for
    /// a network-owned heat pump and for direct exchange (the source heat).
    ///
    /// # References
    ///
    /// ISO/IEC 30134-6:2021: ERF counts energy reused outside the data centre; the boundary
    /// follows the meter (`docs/models.md`, "Heat reuse").
    #[inline]
    pub fn handed_over(&self, h: &ReuseHour) -> Power {
        match self.owner() {
            Some(HeatPumpOwner::Site) => h.delivered,
            _ => h.source,
        }
    }

    /// The demand at `when` in a climate of `hours` hours.
    #[inline]
    pub fn demand(&self, when: When, hours: usize) -> Power {
        self.design.demand.at(when, hours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cop_is_the_carnot_fraction() {
        // 27 → 75 °C, η = 0.5: Carnot 348.15/48 = 7.253; COP 3.627.
        let cop =
            carnot_fraction_cop(Fraction::new(0.5).unwrap(), celsius(75.0), celsius(27.0)).unwrap();
        assert!((cop.get() - 0.5 * 348.15 / 48.0).abs() < 1e-12);
        assert!(
            carnot_fraction_cop(Fraction::new(0.5).unwrap(), celsius(27.0), celsius(27.0)).is_err()
        );
        // η = 0.1 over a large lift gives a COP below 1: an error.
        assert!(
            carnot_fraction_cop(Fraction::new(0.1).unwrap(), celsius(90.0), celsius(10.0)).is_err()
        );
    }
}
