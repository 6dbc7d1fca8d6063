//! The two one-zone data-center models shipped with EnergyPlus
//! (`1ZoneDataCenterCRAC_wApproachTemp.idf`, `1ZoneDataCenterCRAC_wPumpedDXCoolingCoil.idf`),
//! built from dcplan's general parts, and EnergyPlus 25.2's recorded annual results for them.
//!
//! Shared by `examples/energyplus_comparison.rs` and `tests/energyplus.rs` (included with
//! `#[path]`); the same models are described as site files in `examples/sites/energyplus/`.
//! Every number below is an input of the IDF files (object and field named), except where a
//! comment says otherwise.
#![allow(dead_code)]

use dcplan::prelude::*;
use dcplan::{Redundancy, UnitGroup};

/// Which of the two example files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `1ZoneDataCenterCRAC_wApproachTemp`: server inlet = supply + 2 K, return = exhaust − 1 K.
    ApproachTemperatures,
    /// `1ZoneDataCenterCRAC_wPumpedDXCoolingCoil`: 10 % of the inlet air is room air at 29.3 °C.
    Recirculation,
}

impl Model {
    /// Both models.
    pub const BOTH: [Model; 2] = [Model::ApproachTemperatures, Model::Recirculation];

    /// The IDF file's name.
    pub fn idf(self) -> &'static str {
        match self {
            Model::ApproachTemperatures => "1ZoneDataCenterCRAC_wApproachTemp",
            Model::Recirculation => "1ZoneDataCenterCRAC_wPumpedDXCoolingCoil",
        }
    }
}

/// Servers in the room (`ElectricEquipment:ITE:AirCooled` "Number of Units").
pub const SERVERS: u32 = 100;

/// The room's one server type: 500 W design power per unit, 40 % of it fans, 0.0001 m³/s of
/// air per watt, CPU loading by month (`ElectricEquipment:ITE:AirCooled` "Data Center Servers",
/// schedule "Data Center CPU Loading Utilisation", curves "Data Center Servers Power fLoadTemp",
/// "Data Center Servers Airflow fLoadTemp", "ECM FanPower fFlow").
pub fn server() -> Result<RackProfile> {
    let f = Fraction::new;
    let loading = [
        1.0, 0.5, 0.75, 1.0, 0.25, 0.5, 0.1, 1.0, 0.25, 0.5, 0.75, 1.0,
    ];
    let utilisation = Utilisation::monthly(loading.map(|u| Fraction::new(u).unwrap_or(Fraction::ONE)));
    let response = InletResponse::new(
        f(0.4)?,
        VolumeRate::new::<cubic_meter_per_second>(0.0001 * 500.0),
        Curve::biquadratic(
            [-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0],
            (0.0, 1.5),
            (-10.0, 99.0),
        )?
        .with_output_limits(0.0, 99.0)?,
        Curve::biquadratic([-1.4, 0.9, 0.0, 0.1, 0.0, 0.0], (0.0, 1.5), (-10.0, 99.0))?
            .with_output_limits(0.0, 99.0)?,
        Curve::polynomial(&[0.0, 1.0, 0.0], (0.0, 99.0))?,
        utilisation,
    )?;
    Ok(RackProfile::new(
        "Data Center Servers",
        Power::new::<watt>(500.0),
        0,
        Fraction::ZERO,
        AirClass::A3,
        None,
    )?
    .with_inlet_response(response))
}

/// The UPS: efficiency 0.9 at every load, all losses heat the zone. EnergyPlus defines the UPS
/// loss as `(1 − η)·P_IT` = 0.1·P_IT, so it is built with `LossCurve::new(0, 0.1, 0)`
/// (dcplan's `LossCurve::constant(η)` would give `(1/η − 1)·P_IT` = 0.111·P_IT).
pub fn ups() -> Result<Stage> {
    Ok(Stage::new(
        "UPS",
        StageKind::Ups,
        Power::new::<kilowatt>(100.0), // not in the IDF: a rating above the servers' peak
        UnitGroup::new(1, Redundancy::N)?,
        LossCurve::new(Fraction::ZERO, Fraction::new(0.1)?, Fraction::ZERO)?,
    )?
    .with_heat_to_room(Fraction::ONE))
}

/// The CRAC: DX coil "Main Cooling Coil 1" with its tables and curves, fan "EC Plug Fan 1",
/// `SetpointManager:Warmest` "Supply air control" (10–25 °C), the dual thermostat's 29.3 °C
/// cooling set point, and the room's walls (R13WALL) and roof (ROOF31); the 4" concrete floor
/// is adiabatic in the IDF and left out.
pub fn crac(model: Model) -> Result<CoolingLoop> {
    let f = Fraction::new;
    let capacity_vs_temperature = Curve::table_2d(
        Axis::new(vec![13.0, 17.0, 19.4444, 21.0, 23.9])?.with_limits(13.0, 23.89)?,
        Axis::new(vec![-10.0, 15.0, 18.0, 24.0, 30.0, 35.0, 38.0, 46.0])?,
        vec![
            vec![
                1.0,
                1.0,
                1.0,
                0.924738271,
                0.883909339,
                0.835522309,
                0.800222635,
                0.683109499,
            ],
            vec![
                1.0,
                1.0,
                1.0,
                1.0,
                0.976933863,
                0.937696593,
                0.907886775,
                0.805413255,
            ],
            vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9718, 0.8782],
            vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0385, 1.0142, 0.9264],
            vec![
                1.0,
                1.0,
                1.0,
                1.0,
                1.0,
                1.110828252,
                1.090488436,
                1.013268253,
            ],
        ],
    )?;
    let eir_row = vec![
        0.042, 0.042, 0.084, 0.084, 0.2269, 0.2395, 0.311, 0.3697, 0.4454, 0.5462, 0.6723, 0.7227,
        0.7773, 0.8193, 0.895, 1.0, 1.5,
    ];
    let eir_vs_temperature = Curve::table_2d(
        Axis::new(vec![12.7, 23.8])?,
        Axis::new(vec![
            -50.0, -4.0, -1.2222, 1.5555, 4.3333, 7.1111, 9.8888, 12.6667, 15.4444, 18.222, 21.0,
            23.77778, 26.55556, 29.33333, 32.11111, 34.88889, 50.0,
        ])?,
        vec![eir_row.clone(), eir_row],
    )?
    .with_output_limits(0.03, 1.5)?;
    let coil = DxCoil {
        rated_capacity: Power::new::<watt>(148_300.0),
        rated_cop: Cop::new(4.5669)?,
        rated_air_flow: VolumeRate::new::<cubic_meter_per_second>(8.5),
        capacity_vs_temperature,
        eir_vs_temperature,
        capacity_vs_flow: Curve::polynomial(&[0.8, 0.2, 0.0], (0.5, 1.5))?,
        eir_vs_flow: Curve::polynomial(&[1.156, -0.1816, 0.0256], (0.5, 1.5))?,
        part_load: Curve::polynomial(&[0.85, 0.15, 0.0], (0.0, 1.0))?,
        // Field left blank in the IDF: the EnergyPlus default, −25 °C.
        min_outdoor: celsius(-25.0),
    };
    let fan = VariableVolumeFan {
        max_air_flow: VolumeRate::new::<cubic_meter_per_second>(8.5),
        pressure_rise: Pressure::new::<pascal>(486.0),
        total_efficiency: Efficiency::new(0.7)?,
        motor_efficiency: Efficiency::new(0.9)?,
        motor_in_airstream: Fraction::ONE,
        min_flow_fraction: f(0.05)?,
        power_curve: Curve::polynomial(
            &[0.06990146, 1.39500612, -3.35487336, 2.89232315, 0.0],
            (0.0, 1.0),
        )?,
    };
    let side = 15.24;
    let height = 4.572;
    let surface = |kind, area: f64, r_value: f64| -> Result<Surface> {
        Ok(Surface {
            kind,
            area: Area::new::<square_meter>(area),
            conductance: HeatTransfer::new::<watt_per_square_meter_kelvin>(1.0 / r_value),
            solar_absorptance: f(0.75)?,
            thermal_emittance: f(0.9)?,
        })
    };
    let envelope = Envelope::new(vec![
        surface(SurfaceKind::Wall, 4.0 * side * height, 2.290965)?,
        surface(SurfaceKind::Roof, side * side, 5.456)?,
    ])?;
    let air_path = match model {
        Model::ApproachTemperatures => AirPath::Approach {
            supply_approach: kelvin_diff(2.0),
            return_approach: kelvin_diff(-1.0),
        },
        Model::Recirculation => AirPath::Recirculation {
            recirculation: f(0.1)?,
        },
    };
    CoolingLoop::crac(CracDesign {
        name: "CRAC".into(),
        units: UnitGroup::new(1, Redundancy::N)?,
        coil,
        fan,
        supply_reset: (celsius(10.0), celsius(25.0)),
        thermostat: celsius(29.3),
        air_path,
        envelope: Some(envelope),
        room_humidity: RoomHumidity::Sealed,
        max_rack_heat: None,
    })
}

/// The site: no grid limits that matter (1 MW), the UPS, the CRAC; its design ambient only
/// serves single-hour evaluations (the annual run takes standard air and the sealed room's
/// humidity from the climate).
pub fn site(model: Model) -> Result<(Site, Deployment)> {
    let site = Site::builder(
        model.idf(),
        GridInterconnect::new(Power::new::<megawatt>(1.0))?,
    )
    .electrical(ElectricalChain::new(vec![ups()?], Vec::new())?)
    .cooling_loop(crac(model)?)
    .design_ambient(Ambient::from_wet_bulb(
        celsius(35.0),
        celsius(24.0),
        Pressure::new::<pascal>(101_325.0),
    )?)
    .build()?;
    Ok((site, Deployment::new(server()?)))
}

/// EnergyPlus 25.2's annual result for one model and climate (MWh; wall time in s).
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub model: Model,
    pub climate: String,
    /// The TMY3 weather file's name.
    pub epw: String,
    pub pue: f64,
    pub it_mwh: f64,
    pub cooling_mwh: f64,
    pub fans_mwh: f64,
    pub ups_mwh: f64,
    /// Median wall time of `run_energyplus()` over 3 runs on the 2-vCPU VM.
    pub wall_s: f64,
}

/// EnergyPlus 25.2.0's annual results for both models on the 14 TMY3 climates it ran, from
/// `tests/data/energyplus_25.2_annual.csv` (its header names the source).
pub fn recorded() -> Result<Vec<Recorded>> {
    let path = format!(
        "{}/tests/data/energyplus_25.2_annual.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let bad = |line: &str| Error::Weather {
        source_name: path.clone(),
        line: 0,
        reason: format!("unreadable row {line:?}"),
    };
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let model = Model::BOTH
            .into_iter()
            .find(|m| f.first() == Some(&m.idf()))
            .ok_or_else(|| bad(line))?;
        let number = |i: usize| -> Result<f64> {
            f.get(i)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| bad(line))
        };
        rows.push(Recorded {
            model,
            climate: f.get(1).ok_or_else(|| bad(line))?.to_string(),
            epw: f.get(2).ok_or_else(|| bad(line))?.to_string(),
            pue: number(3)?,
            it_mwh: number(4)?,
            cooling_mwh: number(5)?,
            fans_mwh: number(6)?,
            ups_mwh: number(7)?,
            wall_s: number(8)?,
        });
    }
    Ok(rows)
}
