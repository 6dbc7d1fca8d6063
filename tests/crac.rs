//! Reference values for the performance curves, the IT inlet response, the DX coil and the
//! variable-volume fan (hand-computed from the EnergyPlus Engineering Reference equations, or
//! EnergyPlus 25.2's own time-step output), and properties of the hourly CRAC fixed point.

#[path = "../examples/energyplus/models.rs"]
mod models;

use dcplan::climate::Climate;
use dcplan::cooling::SupplyAirReset;
use dcplan::prelude::*;
use dcplan::site::Facility;
use dcplan::{Redundancy, UnitGroup};
use models::Model;
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

/// The Chicago year the site files name (read once).
fn chicago() -> &'static Arc<Climate> {
    static CLIMATE: OnceLock<Arc<Climate>> = OnceLock::new();
    CLIMATE.get_or_init(|| models::weather(models::CHICAGO).unwrap())
}

fn model_site(model: Model) -> (Site, Deployment) {
    models::site(model, chicago()).unwrap()
}

/// The CRAC loop of a site file.
fn crac(model: Model) -> CoolingLoop {
    model_site(model).0.loops()[0].clone()
}

fn crac_design(model: Model) -> CracDesign {
    crac(model).crac_design().unwrap().clone()
}

/// The servers of the site files.
fn server() -> RackProfile {
    model_site(Model::Recirculation).1.primary().clone()
}

/// The UPS of the site files.
fn ups() -> Stage {
    match model_site(Model::Recirculation).0.facility() {
        Facility::Components { electrical, .. } => electrical.critical()[0].clone(),
        Facility::Lumped { .. } => unreachable!("the site files model their chain"),
    }
}

#[test]
fn capacity_table_is_bilinear_with_constant_extrapolation() {
    let capft = crac_design(Model::Recirculation)
        .coil
        .capacity_vs_temperature;
    // wb 17.60, T 31.02: between rows 17 and 19.4444, columns 30 and 35.
    // 17 row: 0.976933863 + (1.02/5)·(0.937696593 − 0.976933863) = 0.968929
    // 19.44 row: 1.0; wb weight (0.60/2.4444) = 0.245458 → 0.968929 + 0.245458·0.031071
    assert!((capft.evaluate(17.60, 31.02) - 0.976_556).abs() < 1e-5);
    // EnergyPlus 25.2's own curve output at one time step of the Chicago run (wb input
    // 15.6490804638, outdoor 24.0333333333 → 0.9744203919).
    assert!((capft.evaluate(15.649_080_463_8, 24.033_333_333_3) - 0.974_420_391_9).abs() < 1e-9);
    // Inputs clamped to the axis limits (wb 13 … 23.89) and constant beyond the grid.
    assert_eq!(capft.evaluate(5.0, 50.0), capft.evaluate(13.0, 46.0));
    assert_eq!(capft.evaluate(40.0, 30.0), capft.evaluate(23.89, 30.0));
}

#[test]
fn flow_and_part_load_curves() {
    let coil = crac_design(Model::Recirculation).coil;
    // EIRFF(1.0411) = 1.156 − 0.1816·1.0411 + 0.0256·1.0411² = 0.99468
    assert!((coil.eir_vs_flow.at(1.0411) - 0.994_684).abs() < 1e-6);
    assert_eq!(coil.capacity_vs_flow.at(1.0411), 0.8 + 0.2 * 1.0411);
    assert_eq!(coil.capacity_vs_flow.at(0.2), 0.8 + 0.2 * 0.5); // x ≥ 0.5
    assert_eq!(coil.part_load.at(0.6), 0.85 + 0.15 * 0.6);
    // The EIR table depends on the outdoor dry-bulb only and is clamped to 0.03 … 1.5.
    let eirft = coil.eir_vs_temperature;
    assert_eq!(eirft.evaluate(13.0, 21.0), 0.6723);
    assert_eq!(eirft.evaluate(20.0, 21.0), 0.6723);
    assert!(
        (eirft.evaluate(15.0, 31.02) - (0.8193 + (31.02 - 29.33333) / 2.77778 * 0.0757)).abs()
            < 1e-6
    );
    assert_eq!(eirft.evaluate(15.0, 60.0), 1.5);
}

#[test]
fn fan_power_at_full_and_part_flow() {
    let fan = crac_design(Model::Recirculation).fan;
    // 8.5 m³/s · 486 Pa / 0.7 · (0.06990146 + 1.39500612 − 3.35487336 + 2.89232315) = 5915.34 W
    assert!((fan.power(1.0).get::<watt>() - 5_915.340_4).abs() < 1e-3);
    // EnergyPlus 25.2, Chicago time step: fan mass flow 7.5965720754 kg/s of a largest
    // 8.5 m³/s × 1.17589 kg/m³ = 9.99502 kg/s (standard air at 201 m) → 2726.6867 W.
    let ff = 7.596_572_075_4 / 9.995_02;
    assert!((fan.power(ff).get::<watt>() / 2_726.686_7 - 1.0).abs() < 1e-5);
    // Below the minimum flow fraction the power stays at its value there.
    assert_eq!(fan.power(0.01), fan.power(0.05));
}

#[test]
fn dx_coil_power_matches_energyplus_time_steps() {
    let coil = crac_design(Model::ApproachTemperatures).coil;
    // EnergyPlus 25.2, 1ZoneDataCenterCRAC_wApproachTemp, Chicago, two 10-minute time steps:
    // (coil load W, flow ratio, curve wet bulb °C, outdoor °C) → coil electricity W.
    let steps = [
        (
            94_633.916_874_452_4,
            1.041_116_220_5,
            15.649_080_463_8,
            24.033_333_333_3,
            15_831.730_664_030_8,
        ),
        (
            85_007.181_991_183_2,
            0.991_912_987_8,
            17.598_488_353_0,
            15.0,
            8_624.584_166_848_2,
        ),
    ];
    for (load, ff, wb, t_out, power) in steps {
        let p = coil.performance(Power::new::<watt>(load), ff, celsius(wb), celsius(t_out));
        assert!(
            (p.power.get::<watt>() / power - 1.0).abs() < 1e-6,
            "{} W against {power} W",
            p.power.get::<watt>()
        );
    }
    // Hand-computed: 90 kW at ff 1.0411, wb 17.60, 31.02 °C.
    // capacity 148300 · 0.976556 · 1.00822 = 146,014 W; PLR 0.616379; PLF 0.942457;
    // EIRFT 0.865273; EIRFF 0.994684 → P = 146,014 · 0.865273 · 0.994684 / 4.5669 · 0.654013
    let p = coil.performance(
        Power::new::<kilowatt>(90.0),
        1.0411,
        celsius(17.60),
        celsius(31.02),
    );
    let full =
        148_300.0 * coil.capacity_vs_temperature.evaluate(17.60, 31.02) * (0.8 + 0.2 * 1.0411);
    let plr = 90_000.0 / full;
    let expected = full * coil.eir_vs_temperature.evaluate(17.60, 31.02) * 0.994_684_0 / 4.5669
        * plr
        / (0.85 + 0.15 * plr);
    assert!((p.power.get::<watt>() / expected - 1.0).abs() < 1e-6);
    assert!((p.capacity.get::<watt>() / 146_014.0 - 1.0).abs() < 1e-4);
    // Locked out at the default minimum outdoor temperature.
    let cold = coil.performance(
        Power::new::<kilowatt>(90.0),
        1.0,
        celsius(17.0),
        celsius(-25.0),
    );
    assert_eq!(cold.power.get::<watt>(), 0.0);
    assert!(cold.part_load_ratio.is_infinite());
}

#[test]
fn servers_follow_energyplus_ite_equations() {
    let server = server();
    let response = server.inlet_response().unwrap();
    let p = |u: f64, t: f64| {
        response
            .power(server.it_power(), Fraction::new(u).unwrap(), celsius(t))
            .get::<watt>()
    };
    // EnergyPlus 25.2, Chicago, 1 January 01:00: inlet 23.7203 °C, CPU loading 1:
    // CPU 47,443 W and server fans 37,440.6 W for 100 servers.
    assert!((100.0 * p(1.0, 23.7203) - (47_443.0 + 37_440.6)).abs() < 1.0);
    // At the design inlet (15 °C) and full load the servers draw their 500 W (0.06667 ≈ 1/15:
    // CPU 300 · 1.00005 + fans 200 · 1.0).
    assert!((p(1.0, 15.0) - 500.015).abs() < 1e-9);
    // Air flow fraction −1.4 + 0.9·u + 0.1·T, never below zero.
    let flow = |u: f64, t: f64| {
        response
            .air_flow(Fraction::new(u).unwrap(), celsius(t))
            .get::<cubic_meter_per_second>()
    };
    assert!((flow(1.0, 27.0) - 0.05 * 2.2).abs() < 1e-12);
    assert_eq!(flow(0.0, -10.0), 0.0);
}

#[test]
fn invalid_designs_are_rejected_with_the_field_named() {
    let mut d = crac_design(Model::Recirculation);
    d.supply_reset = SupplyAirReset {
        lowest: celsius(26.0),
        highest: celsius(25.0),
    };
    let msg = CoolingLoop::crac(d).unwrap_err().to_string();
    assert!(msg.contains("supply_reset"), "{msg}");

    let mut d = crac_design(Model::Recirculation);
    d.coil.part_load = Curve::polynomial(&[0.0, 1.0], (0.0, 1.0)).unwrap();
    let msg = CoolingLoop::crac(d).unwrap_err().to_string();
    assert!(msg.contains("coil.part_load"), "{msg}");

    let mut d = crac_design(Model::Recirculation);
    d.coil.capacity_vs_flow = d.coil.capacity_vs_temperature.clone();
    let msg = CoolingLoop::crac(d).unwrap_err().to_string();
    assert!(
        msg.contains("capacity_vs_flow") && msg.contains("1 input"),
        "{msg}"
    );

    let mut d = crac_design(Model::Recirculation);
    d.air_path = AirPath::Recirculation {
        recirculation: Fraction::ONE,
    };
    assert!(CoolingLoop::crac(d).is_err());

    // A CRAC is solved with its room, not from a bare heat load.
    let crac = crac(Model::Recirculation);
    let ambient = Ambient::from_dew_point(
        celsius(20.0),
        celsius(5.0),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap();
    let limits = dcplan::cooling::SupplyLimits::NONE;
    assert!(
        crac.operate(Power::new::<kilowatt>(50.0), &ambient, &limits)
            .is_err()
    );
}

fn site_with(loops: Vec<CoolingLoop>) -> dcplan::Result<Site> {
    let mut b = Site::builder("t", GridInterconnect::new(Power::new::<megawatt>(1.0))?)
        .electrical(ElectricalChain::new(vec![ups()], Vec::new())?)
        .design_ambient(Ambient::from_wet_bulb(
            celsius(30.0),
            celsius(20.0),
            Pressure::new::<pascal>(101_325.0),
        )?);
    for l in loops {
        b = b.cooling_loop(l);
    }
    b.build()
}

#[test]
fn sites_that_cannot_solve_their_servers_are_rejected() {
    // Approach temperatures need the servers' air flow: a rack without an inlet response.
    let site = site_with(vec![crac(Model::ApproachTemperatures)]).unwrap();
    let plain = RackProfile::new(
        "plain",
        Power::new::<kilowatt>(5.0),
        0,
        Fraction::ZERO,
        AirClass::A3,
        None,
    )
    .unwrap();
    let err = evaluate(
        &site,
        &Deployment::new(plain.clone()),
        10,
        &site.design_ambient().copied().unwrap(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("inlet response"), "{err}");
    // Racks that follow their inlet air need exactly one air loop to set it.
    let mut second = crac_design(Model::Recirculation);
    second.name = "second".into();
    let two = site_with(vec![
        crac(Model::Recirculation),
        CoolingLoop::crac(second).unwrap(),
    ])
    .unwrap();
    let servers = Deployment::new(server());
    let err = evaluate(&two, &servers, 100, &two.design_ambient().copied().unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("exactly one air cooling loop"),
        "{err}"
    );
    // The same two loops cool racks of fixed power, sharing the heat.
    let op = evaluate(
        &two,
        &Deployment::new(plain),
        10,
        &two.design_ambient().copied().unwrap(),
    )
    .unwrap();
    assert_eq!(op.loops.len(), 2);
    assert!(op.fits());
}

#[test]
fn a_chilled_water_crah_feeds_responsive_servers_at_its_set_point() {
    // A plant loop delivers its set point: the servers draw their power at that inlet.
    let crah = CoolingLoop::new(
        LoopDesign::preset(
            Technology::AirChiller,
            "CRAH",
            Power::new::<kilowatt>(200.0),
            2,
        )
        .unwrap(),
    )
    .unwrap();
    let site = site_with(vec![crah]).unwrap();
    let servers = Deployment::new(server());
    let op = evaluate(
        &site,
        &servers,
        100,
        &site.design_ambient().copied().unwrap(),
    )
    .unwrap();
    let inlet = op.loops[0].state.supply;
    let expected = 100.0
        * server()
            .inlet_response()
            .unwrap()
            .power(Power::new::<watt>(500.0), Fraction::ONE, inlet)
            .get::<watt>();
    assert!((op.it.get::<watt>() - expected).abs() < 1e-6);
    assert_eq!(to_celsius(inlet), 24.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The hourly fixed point is self-consistent: the IT power reported is the servers' power
    /// at the inlet air reported, the room heat is IT + UPS loss + envelope at the room air
    /// reported, and the coil removes the room heat plus the fan's.
    #[test]
    fn fixed_point_balances(
        t_out in -30.0f64..45.0,
        dew_depression in 0.0f64..25.0,
        ghi in 0.0f64..1000.0,
        servers in 20u32..140,
        approach in any::<bool>(),
    ) {
        let model = if approach { Model::ApproachTemperatures } else { Model::Recirculation };
        let (site, deployment) = model_site(model);
        let ambient = Ambient::from_dew_point(celsius(t_out), celsius(t_out - dew_depression), Pressure::new::<pascal>(100_000.0))
            .unwrap()
            .with_global_horizontal_irradiance(HeatFluxDensity::new::<watt_per_square_meter>(ghi))
            .unwrap();
        let op = evaluate(&site, &deployment, servers, &ambient).unwrap();
        let state = op.loops[0].state;
        let room = state.room.unwrap();
        let server = server();
        let per_server = server
            .inlet_response()
            .unwrap()
            .power(server.it_power(), Fraction::ONE, room.it_inlet)
            .get::<watt>();
        let it = op.it.get::<watt>();
        prop_assert!((it - f64::from(servers) * per_server).abs() <= 1e-9 * it);
        let envelope = crac_design(model).envelope.unwrap();
        let heat = 1.1 * it + envelope.heat_gain(room.return_air, &ambient).get::<watt>();
        prop_assert!((state.heat.get::<watt>() - heat.max(0.0)).abs() <= 1e-6 * it);
        if state.holds_supply {
            let fan_heat = state.transport_power.get::<watt>();
            prop_assert!((room.coil_load.get::<watt>() - heat - fan_heat).abs() <= 1e-3 * it);
        }
        prop_assert!((10.0 - 1e-9..=25.0 + 1e-9).contains(&to_celsius(room.supply_air)));
    }

    /// With monotone curves, server power never falls as the inlet air warms.
    #[test]
    fn server_power_rises_with_inlet(u in 0.0f64..1.0, t in -20.0f64..60.0, dt in 0.0f64..20.0) {
        let server = server();
        let r = server.inlet_response().unwrap();
        let u = Fraction::new(u).unwrap();
        let cool = r.power(server.it_power(), u, celsius(t));
        let warm = r.power(server.it_power(), u, celsius(t + dt));
        prop_assert!(warm >= cool);
    }
}

#[test]
fn several_units_share_the_load() {
    // Two half-size CRACs (N+1 would keep one spare) behave as one of the full size.
    let mut half = crac_design(Model::Recirculation);
    half.units = UnitGroup::new(2, Redundancy::N).unwrap();
    half.coil.rated_capacity *= 0.5;
    half.coil.rated_air_flow *= 0.5;
    half.fan.max_air_flow *= 0.5;
    let one = site_with(vec![crac(Model::Recirculation)]).unwrap();
    let two = site_with(vec![CoolingLoop::crac(half).unwrap()]).unwrap();
    let servers = Deployment::new(server());
    let ambient = Ambient::from_dew_point(
        celsius(30.0),
        celsius(10.0),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap();
    let a = evaluate(&one, &servers, 100, &ambient).unwrap();
    let b = evaluate(&two, &servers, 100, &ambient).unwrap();
    assert!((a.cooling.get::<watt>() / b.cooling.get::<watt>() - 1.0).abs() < 1e-9);
}

/// An air loop cooled by dry coolers alone: its supply floats above the set point when the
/// ambient is too warm, and the servers' power follows that warmer inlet.
fn dry_air_loop(capacity_kw: f64) -> CoolingLoop {
    let mut d = LoopDesign::preset(
        Technology::AirEconomiser,
        "dry",
        Power::new::<kilowatt>(capacity_kw),
        2,
    )
    .unwrap();
    d.plant = Plant::new(
        Sink::DryCooler {
            approach: kelvin_diff(5.0),
            fan_power: Power::new::<kilowatt>(2.0),
            adiabatic: None,
        },
        None,
        true,
    )
    .unwrap();
    CoolingLoop::new(d).unwrap()
}

#[test]
fn a_floating_supply_and_the_servers_settle_together() {
    let site = site_with(vec![dry_air_loop(150.0)]).unwrap();
    let servers = Deployment::new(server());
    let hot = Ambient::from_dew_point(
        celsius(22.0),
        celsius(10.0),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap();
    let op = evaluate(&site, &servers, 100, &hot).unwrap();
    let state = op.loops[0].state;
    assert!(
        !state.holds_supply && to_celsius(state.supply) > 24.0,
        "{state:?}"
    );
    let per_server = server()
        .inlet_response()
        .unwrap()
        .power(Power::new::<watt>(500.0), Fraction::ONE, state.supply)
        .get::<watt>();
    assert!((op.it.get::<watt>() - 100.0 * per_server).abs() < 1e-3);
    // The loop rejects the servers' heat plus the UPS loss at that supply.
    assert!((state.heat.get::<watt>() - 1.1 * op.it.get::<watt>()).abs() < 1e-3);
}

#[test]
fn servers_that_outrun_their_cooling_are_an_error() {
    // A tiny dry cooler: every kelvin the supply rises, the servers add more heat than the
    // cooler can then reject — no balance, reported as such.
    let site = site_with(vec![dry_air_loop(5.0)]).unwrap();
    let servers = Deployment::new(server());
    let warm = Ambient::from_dew_point(
        celsius(30.0),
        celsius(10.0),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap();
    let err = evaluate(&site, &servers, 100, &warm)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("did not converge") && err.contains("faster than the loop"),
        "{err}"
    );
}

#[test]
fn liquid_cooled_racks_that_respond_to_their_air_inlet_split_their_heat() {
    // A GB200-like rack: 85 % of its heat to liquid, its power (fans, leakage) rising 1 %/K
    // above a 25 °C air inlet; the air loop sets the inlet, the liquid loop takes its share.
    let response = InletResponse::new(
        Fraction::new(0.1).unwrap(),
        VolumeRate::new::<cubic_meter_per_second>(1.0),
        Curve::biquadratic([0.75, 0.0, 0.0, 0.01, 0.0, 0.0], (0.0, 1.0), (0.0, 60.0)).unwrap(),
        Curve::biquadratic([1.0, 0.0, 0.0, 0.0, 0.0, 0.0], (0.0, 1.0), (0.0, 60.0)).unwrap(),
        Curve::polynomial(&[1.0], (0.0, 2.0)).unwrap(),
        Utilisation::constant(Fraction::ONE),
    )
    .unwrap();
    let rack = RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1)
        .unwrap()
        .with_inlet_response(response.clone());
    let site = Site::builder("gpu", GridInterconnect::new(megawatts(10.0)).unwrap())
        .cooling_loop(
            CoolingLoop::new(
                LoopDesign::preset(
                    Technology::DirectToChipChilledWater,
                    "liquid",
                    megawatts(5.0),
                    2,
                )
                .unwrap(),
            )
            .unwrap(),
        )
        .cooling_loop(
            CoolingLoop::new(
                LoopDesign::preset(Technology::AirChiller, "air", megawatts(1.0), 2).unwrap(),
            )
            .unwrap(),
        )
        .design_ambient(
            Ambient::from_wet_bulb(
                celsius(35.0),
                celsius(24.0),
                Pressure::new::<pascal>(101_325.0),
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let op = evaluate(
        &site,
        &Deployment::new(rack),
        20,
        &site.design_ambient().copied().unwrap(),
    )
    .unwrap();
    // The air loop delivers 24 °C: CPU 0.9 · 120 kW · (0.75 + 0.24) + fans 0.1 · 120 kW.
    let per_rack = response.power(Power::new::<kilowatt>(120.0), Fraction::ONE, celsius(24.0));
    assert!((per_rack.get::<kilowatt>() - (108.0 * 0.99 + 12.0)).abs() < 1e-9);
    let it = op.it.get::<kilowatt>();
    assert!((it - 20.0 * per_rack.get::<kilowatt>()).abs() < 1e-6);
    let heat = |name: &str| {
        op.loops
            .iter()
            .find(|l| l.name == name)
            .unwrap()
            .state
            .heat
            .get::<kilowatt>()
    };
    assert!((heat("liquid") - 0.85 * it).abs() < 1e-6);
    assert!((heat("air") - 0.15 * it).abs() < 1e-6);
}
