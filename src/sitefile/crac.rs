//! Site-file parts for rooms cooled by computer-room air conditioners: performance curves,
//! servers that respond to their inlet air (`[deployment.inlet_response]`) and the DX CRAC
//! loops (`[crac.NAME]`). See `docs/site-format.md`.

use super::{at, relabel};
use crate::cooling::{
    AirPath, CoolingLoop, CracDesign, DxCoil, Envelope, RoomHumidity, Surface, SurfaceKind,
    VariableVolumeFan,
};
use crate::curves::{Axis, Curve, Extrapolation};
use crate::error::{Error, Result};
use crate::it::{InletResponse, Utilisation};
use crate::redundancy::{Redundancy, UnitGroup};
use crate::units::parse::{Q, RValue};
use crate::units::*;
use serde::Deserialize;

/// A performance curve or table: exactly one of `polynomial`, `biquadratic`, `table`; inputs
/// in the unit the owning field documents (°C, a fraction), as plain numbers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurveSpec {
    /// Coefficients `c0, c1, …` (1 to 5) of a polynomial in `x`.
    #[serde(default)]
    pub polynomial: Option<Vec<f64>>,
    /// Coefficients `c0 … c5` of `c0 + c1·x + c2·x² + c3·y + c4·y² + c5·x·y`.
    #[serde(default)]
    pub biquadratic: Option<[f64; 6]>,
    /// A lookup table.
    #[serde(default)]
    pub table: Option<TableSpec>,
    /// Limits of `x`, `[min, max]` (polynomial, biquadratic: required).
    #[serde(default)]
    pub x: Option<[f64; 2]>,
    /// Limits of `y`, `[min, max]` (biquadratic: required).
    #[serde(default)]
    pub y: Option<[f64; 2]>,
    /// Limits of the result, `[min, max]`.
    #[serde(default)]
    pub output: Option<[f64; 2]>,
}

/// A lookup table: grid points of `x` (and `y`), the values, linear interpolation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Grid points of `x`, increasing.
    pub x: Vec<f64>,
    /// Grid points of `y`, increasing (two-input tables).
    #[serde(default)]
    pub y: Option<Vec<f64>>,
    /// One value per `x` point, or one row per `x` point of one value per `y` point.
    pub values: TableValues,
    /// Input limits of `x`, `[min, max]` (default: the grid).
    #[serde(default)]
    pub x_limits: Option<[f64; 2]>,
    /// Input limits of `y`, `[min, max]` (default: the grid).
    #[serde(default)]
    pub y_limits: Option<[f64; 2]>,
    /// `constant` (default) or `linear` beyond the grid.
    #[serde(default)]
    pub extrapolation: Option<ExtrapolationSpec>,
}

/// The values of a table: a list, or a list of rows.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum TableValues {
    /// One value per point of a one-input table.
    List(Vec<f64>),
    /// One row per `x` point of a two-input table.
    Rows(Vec<Vec<f64>>),
}

/// How a table continues beyond its grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtrapolationSpec {
    /// The edge value.
    Constant,
    /// The edge segment extended.
    Linear,
}

/// `[deployment.inlet_response]`: the racks' IT power and air flow follow their utilisation
/// and inlet air ([`InletResponse`]).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InletResponseSpec {
    /// Share of the design power drawn by the server fans.
    pub fan_share: Q<Fraction>,
    /// Server air flow of one rack at design.
    pub design_air_flow: Q<VolumeRate>,
    /// CPU power fraction, a curve of (utilisation, inlet °C).
    pub cpu_power: CurveSpec,
    /// Air-flow fraction, a curve of (utilisation, inlet °C).
    pub air_flow: CurveSpec,
    /// Fan power fraction, a curve of the air-flow fraction.
    pub fan_power: CurveSpec,
    /// Utilisation: one value (constant) or twelve (January first), each a fraction or a
    /// percentage (default 100 %).
    #[serde(default)]
    pub utilisation: Option<UtilisationSpec>,
}

/// A utilisation written as one value or twelve monthly values.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum UtilisationSpec {
    /// The same all year.
    Constant(Q<Fraction>),
    /// One per month (or one per hour of the year: 8,760 or 8,784).
    Values(Vec<Q<Fraction>>),
}

/// `[crac.NAME]`: computer-room air conditioners with DX coils serving one room.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CracSpec {
    /// Units installed.
    pub units: u32,
    /// Redundancy (default N).
    #[serde(default)]
    pub redundancy: Option<Redundancy>,
    /// The DX coil of one unit.
    pub coil: CoilSpec,
    /// The supply fan of one unit.
    pub fan: FanSpec,
    /// Lowest and highest supply air of the reset.
    pub supply_reset: [Q<ThermodynamicTemperature>; 2],
    /// Room cooling thermostat.
    pub thermostat: Q<ThermodynamicTemperature>,
    /// How the supply air reaches the servers.
    pub air_path: AirPathSpec,
    /// `"sealed"` (default) or a held humidity ratio, kg/kg.
    #[serde(default)]
    pub room_humidity: Option<HumiditySpec>,
    /// Most heat one rack may put into the room.
    #[serde(default)]
    pub max_rack_heat: Option<Q<Power>>,
    /// The room's walls and roof.
    #[serde(default)]
    pub envelope: Vec<SurfaceSpec>,
}

/// `[crac.NAME.coil]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoilSpec {
    /// Gross total capacity at the AHRI rating point.
    pub rated_capacity: Q<Power>,
    /// COP at the rating point.
    pub rated_cop: Cop,
    /// Air flow at the rating point.
    pub rated_air_flow: Q<VolumeRate>,
    /// Capacity modifier, a curve of (entering wet-bulb °C, outdoor dry-bulb °C).
    pub capacity_vs_temperature: CurveSpec,
    /// EIR modifier, a curve of (entering wet-bulb °C, outdoor dry-bulb °C).
    pub eir_vs_temperature: CurveSpec,
    /// Capacity modifier, a curve of the flow ratio.
    pub capacity_vs_flow: CurveSpec,
    /// EIR modifier, a curve of the flow ratio.
    pub eir_vs_flow: CurveSpec,
    /// Part-load fraction, a curve of the part-load ratio.
    pub part_load: CurveSpec,
    /// Compressor lock-out outdoor temperature (default −25 °C).
    #[serde(default)]
    pub min_outdoor: Option<Q<ThermodynamicTemperature>>,
}

/// `[crac.NAME.fan]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FanSpec {
    /// Largest air flow.
    pub max_air_flow: Q<VolumeRate>,
    /// Pressure rise at the largest flow.
    pub pressure_rise: Q<Pressure>,
    /// Total efficiency.
    pub total_efficiency: Q<Efficiency>,
    /// Motor efficiency (default 90 %).
    #[serde(default)]
    pub motor_efficiency: Option<Q<Efficiency>>,
    /// Share of motor losses into the air stream (default 100 %).
    #[serde(default)]
    pub motor_in_airstream: Option<Q<Fraction>>,
    /// Lowest flow, share of the largest (default 30 %).
    #[serde(default)]
    pub min_flow_fraction: Option<Q<Fraction>>,
    /// Power fraction, a curve of the flow fraction.
    pub power_curve: CurveSpec,
}

/// How supply air reaches the servers: approach temperatures or a recirculation share.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AirPathSpec {
    /// Server inlet − supply air.
    #[serde(default)]
    pub supply_approach: Option<Q<TemperatureInterval>>,
    /// Return air − server exhaust.
    #[serde(default)]
    pub return_approach: Option<Q<TemperatureInterval>>,
    /// Share of room air in the servers' inlet air.
    #[serde(default)]
    pub recirculation: Option<Q<Fraction>>,
}

/// `"sealed"` or a humidity ratio.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum HumiditySpec {
    /// `"sealed"`.
    Named(String),
    /// kg of water per kg of dry air.
    Ratio(f64),
}

/// One `[[crac.NAME.envelope]]` surface.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurfaceSpec {
    /// `wall` or `roof`.
    pub kind: SurfaceKindSpec,
    /// Area.
    pub area: Q<Area>,
    /// R-value of the construction's layers, films excluded (`"2.29 m²K/W"`).
    pub r_value: Q<RValue>,
    /// Solar absorptance of the outer surface (default 70 %).
    #[serde(default)]
    pub solar_absorptance: Option<Q<Fraction>>,
    /// Long-wave emittance of the outer surface (default 90 %).
    #[serde(default)]
    pub thermal_emittance: Option<Q<Fraction>>,
}

/// Where a surface faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurfaceKindSpec {
    /// A vertical wall.
    Wall,
    /// A horizontal roof.
    Roof,
}

fn limits(spec: Option<[f64; 2]>, path: &str, what: &str) -> Result<(f64, f64)> {
    spec.map(|[lo, hi]| (lo, hi)).ok_or_else(|| {
        Error::missing(
            &format!("{path}.{what}"),
            format!("a curve needs the limits of its input `{what}` = [min, max]"),
        )
    })
}

/// The curve `spec` describes; `path` names it in errors.
pub(super) fn curve(spec: &CurveSpec, path: &str) -> Result<Curve> {
    const ONE_OF: &str = "give exactly one of polynomial, biquadratic, table";
    let model = |e: Error| relabel(e, path, &[], &[]);
    let c = match (&spec.polynomial, spec.biquadratic, &spec.table) {
        (Some(c), None, None) => Curve::polynomial(c, limits(spec.x, path, "x")?).map_err(model)?,
        (None, Some(c), None) => {
            Curve::biquadratic(c, limits(spec.x, path, "x")?, limits(spec.y, path, "y")?)
                .map_err(model)?
        }
        (None, None, Some(t)) => {
            if spec.x.is_some() || spec.y.is_some() {
                return Err(Error::inconsistent(
                    &format!("{path}.x"),
                    "a table's input limits are table.x_limits and table.y_limits",
                ));
            }
            table(t, &format!("{path}.table"))?
        }
        (None, None, None) => return Err(Error::missing(path, ONE_OF)),
        _ => return Err(Error::inconsistent(path, ONE_OF)),
    };
    match spec.output {
        Some([lo, hi]) => c
            .with_output_limits(lo, hi)
            .map_err(at(format!("{path}.output"))),
        None => Ok(c),
    }
}

fn table(t: &TableSpec, path: &str) -> Result<Curve> {
    let extrapolation = match t.extrapolation {
        Some(ExtrapolationSpec::Linear) => Extrapolation::Linear,
        _ => Extrapolation::Constant,
    };
    let axis = |points: &[f64], limits: Option<[f64; 2]>, field: &str| -> Result<Axis> {
        let a = Axis::new(points.to_vec()).map_err(at(format!("{path}.{field}")))?;
        let a = match limits {
            Some([lo, hi]) => a
                .with_limits(lo, hi)
                .map_err(at(format!("{path}.{field}_limits")))?,
            None => a,
        };
        Ok(a.with_extrapolation(extrapolation))
    };
    let x = axis(&t.x, t.x_limits, "x")?;
    let values = at(format!("{path}.values"));
    match (&t.y, &t.values) {
        (None, TableValues::List(v)) => Curve::table(x, v.clone()).map_err(values),
        (Some(y), TableValues::Rows(rows)) => {
            Curve::table_2d(x, axis(y, t.y_limits, "y")?, rows.clone()).map_err(values)
        }
        _ => Err(Error::inconsistent(
            &format!("{path}.values"),
            "a table with x only takes a list of values; with x and y, one row of values per x point",
        )),
    }
}

/// The inlet response `spec` describes, under `path`.
pub(super) fn inlet_response(spec: &InletResponseSpec, path: &str) -> Result<InletResponse> {
    let utilisation = match &spec.utilisation {
        None => Utilisation::constant(Fraction::ONE),
        Some(UtilisationSpec::Constant(u)) => Utilisation::constant(u.0),
        Some(UtilisationSpec::Values(v)) => match <[Q<Fraction>; 12]>::try_from(v.as_slice()) {
            Ok(months) => Utilisation::monthly(months.map(|q| q.0)),
            Err(_) => Utilisation::hourly(v.iter().map(|q| q.0).collect()).map_err(|_| {
                Error::inconsistent(
                    &format!("{path}.utilisation"),
                    format!(
                        "give one value, twelve monthly values or one per hour of the year (8760 or 8784), found {}",
                        v.len()
                    ),
                )
            })?,
        },
    };
    InletResponse::new(
        spec.fan_share.0,
        spec.design_air_flow.0,
        curve(&spec.cpu_power, &format!("{path}.cpu_power"))?,
        curve(&spec.air_flow, &format!("{path}.air_flow"))?,
        curve(&spec.fan_power, &format!("{path}.fan_power"))?,
        utilisation,
    )
    .map_err(|e| {
        relabel(
            e,
            path,
            &["design_air_flow", "cpu_power", "air_flow", "fan_power"],
            &[],
        )
    })
}

/// The CRAC loop `[crac.NAME]` describes.
pub(super) fn crac_loop(name: &str, spec: &CracSpec) -> Result<CoolingLoop> {
    let path = format!("crac.{name}");
    let field = |f: &str| format!("{path}.{f}");
    let c = &spec.coil;
    let coil = DxCoil {
        rated_capacity: c.rated_capacity.0,
        rated_cop: c.rated_cop,
        rated_air_flow: c.rated_air_flow.0,
        capacity_vs_temperature: curve(
            &c.capacity_vs_temperature,
            &field("coil.capacity_vs_temperature"),
        )?,
        eir_vs_temperature: curve(&c.eir_vs_temperature, &field("coil.eir_vs_temperature"))?,
        capacity_vs_flow: curve(&c.capacity_vs_flow, &field("coil.capacity_vs_flow"))?,
        eir_vs_flow: curve(&c.eir_vs_flow, &field("coil.eir_vs_flow"))?,
        part_load: curve(&c.part_load, &field("coil.part_load"))?,
        min_outdoor: c.min_outdoor.map_or(celsius(-25.0), |q| q.0),
    };
    let f = &spec.fan;
    let fraction =
        |q: Option<Q<Fraction>>, default: f64| q.map_or(Fraction::new(default), |q| Ok(q.0));
    let fan = VariableVolumeFan {
        max_air_flow: f.max_air_flow.0,
        pressure_rise: f.pressure_rise.0,
        total_efficiency: f.total_efficiency.0,
        motor_efficiency: f
            .motor_efficiency
            .map_or(Efficiency::new(0.9), |q| Ok(q.0))?,
        motor_in_airstream: fraction(f.motor_in_airstream, 1.0)?,
        min_flow_fraction: fraction(f.min_flow_fraction, 0.3)?,
        power_curve: curve(&f.power_curve, &field("fan.power_curve"))?,
    };
    let a = &spec.air_path;
    let air_path = match (a.supply_approach, a.return_approach, a.recirculation) {
        (Some(s), Some(r), None) => AirPath::Approach {
            supply_approach: s.0,
            return_approach: r.0,
        },
        (None, None, Some(r)) => AirPath::Recirculation { recirculation: r.0 },
        (_, _, recirculation) => {
            let how = "give supply_approach and return_approach, or recirculation";
            return Err(if recirculation.is_some() {
                Error::inconsistent(&field("air_path"), how)
            } else {
                Error::missing(&field("air_path"), how)
            });
        }
    };
    let room_humidity = match &spec.room_humidity {
        None => RoomHumidity::Sealed,
        Some(HumiditySpec::Named(n)) if n == "sealed" => RoomHumidity::Sealed,
        Some(HumiditySpec::Ratio(w)) => RoomHumidity::Fixed(Ratio::new::<ratio>(*w)),
        Some(HumiditySpec::Named(other)) => {
            return Err(Error::inconsistent(
                &field("room_humidity"),
                format!(
                    "found {other:?}, expected \"sealed\" or a humidity ratio in kg/kg such as 0.008"
                ),
            ));
        }
    };
    let surfaces = spec
        .envelope
        .iter()
        .map(|s| -> Result<Surface> {
            Ok(Surface {
                kind: match s.kind {
                    SurfaceKindSpec::Wall => SurfaceKind::Wall,
                    SurfaceKindSpec::Roof => SurfaceKind::Roof,
                },
                area: s.area.0,
                conductance: HeatTransfer::new::<watt_per_square_meter_kelvin>(
                    1.0 / s.r_value.0.square_meter_kelvin_per_watt(),
                ),
                solar_absorptance: fraction(s.solar_absorptance, 0.7)?,
                thermal_emittance: fraction(s.thermal_emittance, 0.9)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let envelope = if surfaces.is_empty() {
        None
    } else {
        Some(Envelope::new(surfaces).map_err(at(field("envelope")))?)
    };
    let units = UnitGroup::new(spec.units, spec.redundancy.unwrap_or(Redundancy::N))
        .map_err(at(field("redundancy")))?;
    CoolingLoop::crac(CracDesign {
        name: name.to_owned(),
        units,
        coil,
        fan,
        supply_reset: crate::cooling::SupplyAirReset {
            lowest: spec.supply_reset[0].0,
            highest: spec.supply_reset[1].0,
        },
        thermostat: spec.thermostat.0,
        air_path,
        envelope,
        room_humidity,
        max_rack_heat: spec.max_rack_heat.map(|q| q.0),
    })
    .map_err(|e| {
        let f = e.field().unwrap_or_default().to_owned();
        let inner = f
            .split_once("'.")
            .map_or(f.as_str(), |(_, rest)| rest)
            .to_owned();
        let spec_field = if inner.is_empty() {
            path.clone()
        } else {
            field(&inner)
        };
        e.with_field(spec_field)
    })
}

#[cfg(test)]
mod tests {
    use crate::sitefile::{Format, SiteFile};

    const SITE: &str =
        include_str!("../../examples/sites/energyplus/1ZoneDataCenterCRAC_wApproachTemp.toml");

    /// The error of the site file with `from` replaced by `to` (the EPW path dropped so no
    /// weather is read).
    fn error(from: &str, to: &str) -> String {
        assert!(SITE.contains(from), "{from}");
        let text = SITE
            .replace(from, to)
            .replace(
                "epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"\ndesign = \"annual_max\"",
                "design_hour = { dry_bulb = \"35 °C\", wet_bulb = \"24 °C\" }",
            );
        let file = SiteFile::from_text("ep.toml", &text, Format::Toml, ".");
        match file.scenario() {
            Ok(_) => panic!("{from} → {to} should fail"),
            Err(e) => file.locate(e).to_string(),
        }
    }

    #[test]
    fn the_example_file_builds_without_weather() {
        let text = SITE.replace(
            "epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"\ndesign = \"annual_max\"",
            "design_hour = { dry_bulb = \"35 °C\", wet_bulb = \"24 °C\" }",
        );
        let s = SiteFile::from_text("ep.toml", &text, Format::Toml, ".")
            .scenario()
            .unwrap();
        assert!(s.site.loops()[0].crac_design().is_some());
        assert!(s.deployment.primary().inlet_response().is_some());
    }

    #[test]
    fn mistakes_are_named_and_located() {
        let e = error("r_value = \"5.456 m²K/W\"", "r_value = 5.456");
        assert!(
            e.contains("crac.CRAC.envelope") && e.contains("an R-value"),
            "{e}"
        );
        let e = error(
            "air_path = { supply_approach = \"2 K\", return_approach = \"-1 K\" }",
            "air_path = { supply_approach = \"2 K\", recirculation = \"10 %\" }",
        );
        assert!(e.contains("crac.CRAC.air_path"), "{e}");
        let e = error(
            "part_load = { polynomial = [0.85, 0.15, 0.0], x = [0.0, 1.0] }",
            "part_load = { polynomial = [0.85, 0.15, 0.0] }",
        );
        assert!(e.contains("crac.CRAC.coil.part_load.x"), "{e}");
        let e = error(
            "supply_reset = [\"10 °C\", \"25 °C\"]",
            "supply_reset = [\"26 °C\", \"25 °C\"]",
        );
        assert!(e.contains("crac.CRAC.supply_reset"), "{e}");
        let e = error(
            "utilisation = [1.0, 0.5, 0.75, 1.0, 0.25, 0.5, 0.1, 1.0, 0.25, 0.5, 0.75, 1.0]",
            "utilisation = [1.0, 0.5]",
        );
        assert!(
            e.contains("deployment.inlet_response.utilisation") && e.contains("found 2"),
            "{e}"
        );
        let e = error("room_humidity = \"sealed\"", "room_humidity = \"damp\"");
        assert!(e.contains("crac.CRAC.room_humidity"), "{e}");
    }
}
