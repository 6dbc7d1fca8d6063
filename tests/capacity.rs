//! Hand-computable capacity plans, each with its arithmetic.

mod common;
use common::*;
use dcplan::prelude::*;

#[test]
fn worked_case_100_mw_pue_1_15_gb200() {
    // 100 MW / (120 kW × 1.15) = 100,000 / 138 = 724.6 → 724 racks × 72 = 52,128 GPUs;
    // 725 racks would draw 100,050 kW > 100,000 kW: the interconnect binds.
    let plan = plan(&lumped(100.0, 1.15), &Deployment::new(gb200())).unwrap();
    assert_eq!(plan.primary_racks, 724);
    assert_eq!(plan.accelerators, 52_128);
    assert_eq!(plan.binding.kind, ConstraintKind::GridInterconnect);
    let op = &plan.operating_point;
    assert!((op.facility.get::<kilowatt>() - 99_912.0).abs() < 1e-6);
    let headroom = op
        .constraint(&ConstraintKind::GridInterconnect)
        .unwrap()
        .headroom;
    assert_eq!(headroom, Headroom::Power(megawatts(100.0) - op.facility));
}

#[test]
fn n_plus_1_transformers_set_firm_capacity() {
    // 3 × 40 MVA, N+1, pf 0.95: firm = 2 × 40 × 0.95 = 76 MW < 200 MW interconnect.
    // Lumped PUE 1.2 at 120 kW/rack → 144 kW per rack; 76,000 / 144 = 527.8 → 527 racks.
    let t = Transformer::with_efficiency(
        ApparentPower::from_mva(40.0).unwrap(),
        Efficiency::new(0.995).unwrap(),
    );
    let sub = Substation::new(t, 3, Redundancy::NPlus(1), PowerFactor::new(0.95).unwrap()).unwrap();
    assert!((sub.firm_capacity().get::<megawatt>() - 76.0).abs() < 1e-9);
    let site = Site::builder("s", GridInterconnect::new(megawatts(200.0)).unwrap())
        .substation(sub)
        .lumped_pue(Pue::new(1.2).unwrap())
        .build()
        .unwrap();
    assert!((site.usable_supply().get::<megawatt>() - 76.0).abs() < 1e-9);
    let plan = plan(&site, &Deployment::new(gb200())).unwrap();
    assert_eq!(plan.primary_racks, 527);
    assert_eq!(plan.binding.kind, ConstraintKind::SubstationFirm);
}

/// A component site with a 2N UPS of `modules` × `module_mw` MW and an ample air loop.
fn ups_site(modules: u32, module_mw: f64) -> Site {
    let ups = Stage::new(
        "UPS",
        StageKind::Ups,
        megawatts(module_mw),
        UnitGroup::new(modules, Redundancy::TwoN).unwrap(),
        LossCurve::constant(Efficiency::new(0.96).unwrap()),
    )
    .unwrap();
    Site::builder("ups", GridInterconnect::new(megawatts(100.0)).unwrap())
        .electrical(ElectricalChain::new(vec![ups], vec![]).unwrap())
        .cooling_loop(loop_of(Technology::AirChiller, "CRAH", 20.0))
        .design_ambient(sea_level(35.0, 24.0))
        .build()
        .unwrap()
}

#[test]
fn two_n_ups_usable_capacity() {
    // 2N UPS of 4 × 1.25 MW modules: usable = 2 × 1.25 = 2.5 MW. 20 kW racks →
    // 2,500 / 20 = 125 racks exactly (headroom 0 still fits); 126 exceed the UPS.
    let plan = plan(&ups_site(4, 1.25), &Deployment::new(air_rack(20.0))).unwrap();
    assert_eq!(plan.primary_racks, 125);
    assert!(matches!(
        plan.binding.kind,
        ConstraintKind::Electrical {
            kind: StageKind::Ups,
            ..
        }
    ));
    let ups = &plan.operating_point.stages[0];
    // Each of the 4 modules carries 2.5 MW / 4 = 0.625 MW = 50 % of its rating.
    assert!((ups.flow.unit_load - 0.5).abs() < 1e-12);
    // Input = output / η: 2.5 MW / 0.96.
    assert!((ups.flow.input.get::<megawatt>() - 2.5 / 0.96).abs() < 1e-9);
}

#[test]
fn mixed_deployment_counts_support_racks() {
    // 10 MW at PUE 1.25 → 8,000 kW of IT. GPU racks 120 kW + one 20 kW network rack per 8:
    // n = 65: 65 × 120 + ⌈65/8⌉ × 20 = 7,800 + 9 × 20 = 7,980 kW ≤ 8,000;
    // n = 66: 7,920 + 9 × 20 = 8,100 kW > 8,000.
    let deployment = Deployment::new(gb200())
        .with_support(network_rack(), 8)
        .unwrap();
    let plan = plan(&lumped(10.0, 1.25), &deployment).unwrap();
    assert_eq!(plan.primary_racks, 65);
    assert_eq!(plan.racks.support, vec![9]);
    assert_eq!(plan.accelerators, 65 * 72);
    assert!((plan.operating_point.it.get::<kilowatt>() - 7_980.0).abs() < 1e-9);
}

#[test]
fn hall_positions_and_power_limit_bind() {
    // Hall A: 100 positions; n + ⌈n/8⌉ ≤ 100 → n = 88 (88 + 11 = 99; 89 + 12 = 101).
    // Hall B: 60 positions → n = 53 (53 + 7 = 60). Total 141 GPU racks; hall B binds.
    let deployment = Deployment::new(gb200())
        .with_support(network_rack(), 8)
        .unwrap();
    let build = |limit_a: Option<Power>| {
        Site::builder("halls", GridInterconnect::new(megawatts(100.0)).unwrap())
            .lumped_pue(Pue::new(1.2).unwrap())
            .hall(Hall::new("A", 100, limit_a).unwrap())
            .hall(Hall::new("B", 60, None).unwrap())
            .build()
            .unwrap()
    };
    let p = plan(&build(None), &deployment).unwrap();
    assert_eq!(p.primary_racks, 141);
    assert_eq!(p.racks.support, vec![11 + 7]);
    assert_eq!(
        p.binding.kind,
        ConstraintKind::HallPositions { hall: "B".into() }
    );
    // With a 5 MW limit on hall A: 120 n + 20 ⌈n/8⌉ ≤ 5,000 → n = 40 (4,800 + 100 = 4,900;
    // n = 41: 4,920 + 120 = 5,040). 40 + 53 = 93.
    let p = plan(&build(Some(megawatts(5.0))), &deployment).unwrap();
    assert_eq!(p.primary_racks, 93);
    assert_eq!(p.operating_point.halls[0].racks.primary, 40);
}

#[test]
fn cooling_loop_capacity_binds() {
    // Liquid loop usable 5 MW (4 + 1 units of 1.25 MW, chiller-backed so capacity does not
    // depend on the ambient): GB200 puts 0.85 × 120 = 102 kW per rack into it →
    // 5,000 / 102 = 49.02 → 49 racks.
    let site = Site::builder("dlc", GridInterconnect::new(megawatts(100.0)).unwrap())
        .cooling_loop(loop_of(Technology::DirectToChipDryCooler, "DLC", 5.0))
        .cooling_loop(loop_of(Technology::AirChiller, "CRAH", 20.0))
        .design_ambient(sea_level(35.0, 24.0))
        .build()
        .unwrap();
    let plan = plan(&site, &Deployment::new(gb200())).unwrap();
    assert_eq!(plan.primary_racks, 49);
    assert_eq!(
        plan.binding.kind,
        ConstraintKind::CoolingCapacity {
            loop_name: "DLC".into()
        }
    );
}

#[test]
fn free_cooling_holds_its_set_point_only_where_the_sink_reaches_it() {
    // An immersion loop with dry coolers only: facility supply 35 °C (40 °C to the tanks),
    // rise 10 K, approach 6 K, usable 8 MW. Without a compressor the coolers deliver no colder
    // than dry-bulb + 6 K: at 29 °C exactly 35 °C, all 8 MW → 80 racks of 100 kW; at 37 °C
    // 43 °C facility water (48 °C to the tanks), 8 K above the set point whatever the load →
    // nothing fits, bound by the set point. (Before issue 12 the sink "held" 35 °C at 37 °C
    // with 4 MW of capacity: 40 racks.)
    let rack = liquid_rack(100.0, WaterClass::W45);
    let site = |db: f64| {
        Site::builder("imm", GridInterconnect::new(megawatts(100.0)).unwrap())
            .cooling_loop(loop_of(Technology::Immersion, "tanks", 8.0))
            .design_ambient(sea_level(db, db - 10.0))
            .build()
            .unwrap()
    };
    let d = Deployment::new(rack);
    assert_eq!(plan(&site(29.0), &d).unwrap().primary_racks, 80);
    let hot = plan(&site(37.0), &d).unwrap();
    assert_eq!(hot.primary_racks, 0);
    assert_eq!(
        hot.binding.kind,
        ConstraintKind::CoolingTemperature {
            loop_name: "tanks".into(),
            limit: dcplan::cooling::TemperatureLimit::SetPoint
        }
    );
    assert_eq!(
        hot.binding.headroom,
        Headroom::Temperature(kelvin_diff(-8.0))
    );
}

#[test]
fn gb200_on_an_air_cooled_site_is_rejected_with_the_reason() {
    let site = Site::builder("mine", GridInterconnect::new(megawatts(100.0)).unwrap())
        .cooling_loop(loop_of(Technology::AirChiller, "CRAH", 80.0))
        .design_ambient(sea_level(40.0, 20.0))
        .build()
        .unwrap();
    let err = plan(&site, &Deployment::new(gb200())).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Uncoolable { .. }));
    assert!(
        msg.contains("GB200 NVL72")
            && msg.contains("102.0 kW")
            && msg.contains("no liquid cooling loop"),
        "{msg}"
    );
}

#[test]
fn air_heat_above_the_per_rack_limit_is_rejected() {
    // The AirChiller preset removes at most 25 kW per rack; a 40 kW air rack cannot go there.
    let site = Site::builder("s", GridInterconnect::new(megawatts(10.0)).unwrap())
        .cooling_loop(loop_of(Technology::AirChiller, "CRAH", 5.0))
        .design_ambient(sea_level(30.0, 20.0))
        .build()
        .unwrap();
    let msg = plan(&site, &Deployment::new(air_rack(40.0)))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("40.0 kW") && msg.contains("25.0 kW"), "{msg}");
}

/// The plan of `site` for GB200 racks, its report, and the report as JSON.
fn reported(site: &Site) -> (Plan, dcplan::report::PlanReport, serde_json::Value) {
    let d = Deployment::new(gb200());
    let p = plan(site, &d).unwrap();
    let r = dcplan::report::PlanReport::new(site, &d, &p).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    (p, r, json)
}

#[test]
fn when_nothing_fits_the_plan_is_zero_racks_with_the_binding_constraint_and_its_shortfall() {
    let mw = |p: Headroom| match p {
        Headroom::Power(p) => p.get::<megawatt>(),
        other => panic!("{other:?}"),
    };
    // An interconnect too small for one rack: 1.15 × 120 kW = 138 kW > 100 kW, short by 38 kW.
    let (p, r, json) = reported(&lumped(0.1, 1.15));
    assert_eq!((p.primary_racks, p.accelerators), (0, 0));
    assert_eq!(p.binding.kind, ConstraintKind::GridInterconnect);
    assert!((mw(p.overshoot_at_next_rack()) - 0.038).abs() < 1e-12);
    // PUE of a point without IT is undefined: null in JSON, "—" in the table, never an error.
    assert_eq!(
        (r.pue, r.partial_pue_cooling, r.pue_ups_output),
        (None, None, None)
    );
    assert!(json["pue"].is_null() && json["partial_pue_electrical"].is_null());
    assert_eq!(json["binding"]["kind"], "grid_interconnect");
    assert!((json["binding"]["overshoot_at_next_rack"].as_f64().unwrap() - 0.038).abs() < 1e-12);
    let table = r.table();
    assert!(table.contains("Fits 0 racks"), "{table}");
    assert!(table.contains("Design-hour PUE — "), "{table}");
    assert!(
        table.contains(
            "Binding constraint: grid interconnect, exceeded by 0.04 MW with one more rack"
        ),
        "{table}"
    );
    let summary =
        dcplan::sweep::PlanSummary::new(&lumped(0.1, 1.15), &Deployment::new(gb200()), &p).unwrap();
    assert_eq!(summary.pue, None);

    // Halls without positions: the positions bind, one rack short.
    let site = Site::builder("empty", GridInterconnect::new(megawatts(100.0)).unwrap())
        .lumped_pue(Pue::new(1.15).unwrap())
        .hall(Hall::new("A", 0, None).unwrap())
        .hall(Hall::new("B", 0, None).unwrap())
        .build()
        .unwrap();
    let (p, r, _) = reported(&site);
    assert_eq!(p.primary_racks, 0);
    assert_eq!(
        p.binding.kind,
        ConstraintKind::HallPositions { hall: "B".into() }
    );
    assert_eq!(p.overshoot_at_next_rack(), Headroom::Racks(1));
    // A zero limit has no utilisation.
    assert_eq!(p.binding.utilisation, None);
    assert_eq!(
        (r.binding.overshoot_at_next_rack, r.binding.unit),
        (1.0, "racks")
    );

    // A house load above the interconnect: even no racks exceed it (by 2 MW, in the headroom at
    // the plan); the first rack would take it 2.138 MW past.
    let site = Site::builder("house", GridInterconnect::new(megawatts(10.0)).unwrap())
        .lumped_pue(Pue::new(1.15).unwrap())
        .house_load(megawatts(12.0))
        .build()
        .unwrap();
    let (p, r, _) = reported(&site);
    assert_eq!(p.primary_racks, 0);
    assert_eq!(p.binding.kind, ConstraintKind::GridInterconnect);
    assert!((mw(p.overshoot_at_next_rack()) - 2.138).abs() < 1e-9);
    let grid = p
        .operating_point
        .constraint(&ConstraintKind::GridInterconnect)
        .unwrap();
    assert!((mw(grid.headroom) + 2.0).abs() < 1e-9);
    assert_eq!(r.pue, None);
}

#[test]
fn the_binding_overshoot_and_the_headroom_at_the_plan_are_named_apart() {
    // The worked case: 724 racks draw 99,912 kW (88 kW left); 725 would draw 100,050 kW,
    // 50 kW past the interconnect.
    let (p, _, json) = reported(&lumped(100.0, 1.15));
    assert_eq!(p.primary_racks, 724);
    let binding = &json["binding"];
    assert!(binding.get("headroom").is_none(), "{binding}");
    assert!((binding["overshoot_at_next_rack"].as_f64().unwrap() - 0.050).abs() < 1e-9);
    assert!(binding["utilisation_at_next_rack"].as_f64().unwrap() > 1.0);
    let grid = json["headroom"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "grid_interconnect")
        .unwrap();
    assert!((grid["headroom"].as_f64().unwrap() - 0.088).abs() < 1e-9);
}
