//! Property tests of the capacity planner and the kernel over random sites.

mod common;
use common::*;
use dcplan::prelude::*;
use proptest::prelude::*;
use std::sync::OnceLock;

/// The built-in climates, loaded once.
fn climates() -> &'static [dcplan::climate::Climate] {
    static CLIMATES: OnceLock<Vec<dcplan::climate::Climate>> = OnceLock::new();
    CLIMATES.get_or_init(|| {
        dcplan::climate::builtin_names()
            .into_iter()
            .map(|n| dcplan::climate::builtin(n).unwrap())
            .collect()
    })
}

/// Everything that defines a random site, in plain numbers so it can be scaled.
#[derive(Clone, Debug)]
struct Params {
    grid_mw: f64,
    substation: Option<(u32, f64, f64)>, // count (N+1), MVA, power factor
    ups: Option<(u32, bool, f64)>,       // modules, 2N?, module MW
    losses: (f64, f64, f64),             // UPS a, b, c
    mv_lv: Option<f64>,                  // shared transformer rating MW
    liquid: Option<(usize, f64)>,        // technology index, usable MW
    air_mw: f64,
    halls: Vec<(u32, Option<f64>)>,
    house_mw: f64,
    support_per: Option<u32>,
    lumped_pue: Option<f64>,
    ambient: (f64, f64, f64), // dry-bulb °C, relative humidity, water °C
}

/// Liquid technologies whose facility water meets the GB200's W32 class.
const LIQUID: [Technology; 3] = [
    Technology::DirectToChipDryCooler,
    Technology::DirectToChipTower,
    Technology::SeawaterOnceThrough,
];

fn params() -> impl Strategy<Value = Params> {
    (
        (
            1.0..500.0f64,
            prop::option::of((2u32..6, 5.0..100.0f64, 0.85..1.0f64)),
        ),
        prop::option::of((1u32..6, any::<bool>(), 0.5..5.0f64)),
        (0.0..0.02f64, 0.0..0.05f64, 0.0..0.03f64),
        prop::option::of(1.0..50.0f64),
        (prop::option::of((0usize..3, 1.0..200.0f64)), 1.0..100.0f64),
        prop::collection::vec((10u32..2000, prop::option::of(1.0..100.0f64)), 0..3),
        (
            0.0..5.0f64,
            prop::option::of(1u32..16),
            prop::option::weighted(0.25, 1.0..2.0f64),
        ),
        (10.0..45.0f64, 0.05..1.0f64, 5.0..30.0f64),
    )
        .prop_map(
            |(
                (grid_mw, substation),
                ups,
                losses,
                mv_lv,
                (liquid, air_mw),
                halls,
                (house_mw, support_per, lumped_pue),
                ambient,
            )| Params {
                grid_mw,
                substation,
                ups,
                losses,
                mv_lv,
                liquid,
                air_mw,
                halls,
                house_mw,
                support_per,
                lumped_pue,
                ambient,
            },
        )
}

/// Builds the site with every power given through `power(value_in_mw)`, so the same site can
/// be entered in MW or in kW.
fn build(p: &Params, power: impl Fn(f64) -> Power) -> (Site, Deployment) {
    let (db, rh, water) = p.ambient;
    let ambient = Ambient::from_relative_humidity(
        celsius(db),
        Fraction::new(rh).unwrap(),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap()
    .with_water(celsius(water))
    .unwrap();
    let mut b = Site::builder("random", GridInterconnect::new(power(p.grid_mw)).unwrap())
        .house_load(power(p.house_mw))
        .design_ambient(ambient);
    if let Some((count, mva, pf)) = p.substation {
        let t = Transformer::new(
            ApparentPower::from_mva(mva).unwrap(),
            LossCurve::transformer(Fraction::new(0.001).unwrap(), Fraction::new(0.006).unwrap()),
        );
        b = b.substation(
            Substation::new(
                t,
                count,
                Redundancy::NPlus(1),
                PowerFactor::new(pf).unwrap(),
            )
            .unwrap(),
        );
    }
    for (i, (positions, limit)) in p.halls.iter().enumerate() {
        b = b.hall(Hall::new(&format!("H{i}"), *positions, limit.map(&power)).unwrap());
    }
    let mut deployment = Deployment::new(gb200());
    if let Some(per) = p.support_per {
        deployment = deployment.with_support(network_rack(), per).unwrap();
    }
    if let Some(pue) = p.lumped_pue {
        return (
            b.lumped_pue(Pue::new(pue).unwrap()).build().unwrap(),
            deployment,
        );
    }
    let f = |x: f64| Fraction::new(x).unwrap();
    let mut critical = Vec::new();
    if let Some((modules, two_n, module_mw)) = p.ups {
        let (count, redundancy) = if two_n {
            (2 * modules, Redundancy::TwoN)
        } else {
            (modules + 1, Redundancy::NPlus(1))
        };
        let (a, bb, c) = p.losses;
        critical.push(
            Stage::new(
                "UPS",
                StageKind::Ups,
                power(module_mw),
                UnitGroup::new(count, redundancy).unwrap(),
                LossCurve::new(f(a), f(bb), f(c)).unwrap(),
            )
            .unwrap(),
        );
    }
    let mut shared = Vec::new();
    if let Some(rating) = p.mv_lv {
        shared.push(
            Stage::new(
                "MV/LV",
                StageKind::Transformer,
                power(rating),
                UnitGroup::new(2, Redundancy::NPlus(1)).unwrap(),
                LossCurve::transformer(f(0.002), f(0.01)),
            )
            .unwrap(),
        );
    }
    b = b.electrical(ElectricalChain::new(critical, shared).unwrap());
    let liquid = p.liquid.unwrap_or((0, 10.0));
    let usable = |mw: f64| power(mw);
    b = b
        .cooling_loop(
            CoolingLoop::new(
                LoopDesign::preset(LIQUID[liquid.0], "liquid", usable(liquid.1), 4).unwrap(),
            )
            .unwrap(),
        )
        .cooling_loop(
            CoolingLoop::new(
                LoopDesign::preset(Technology::AirChiller, "air", usable(p.air_mw), 4).unwrap(),
            )
            .unwrap(),
        );
    (b.build().unwrap(), deployment)
}

fn gpus(p: &Params) -> u64 {
    let (site, d) = build(p, megawatts);
    plan(&site, &d).unwrap().accelerators
}

/// The shared configuration replays the seeds saved in
/// `tests/capacity_properties.proptest-regressions` (it used to set `failure_persistence:
/// None`, so they were never read).
#[test]
fn saved_regression_seeds_are_replayed() {
    let config = common::proptest_config(1);
    let persistence = config
        .failure_persistence
        .as_deref()
        .expect("failures are persisted");
    let seeds = persistence.load_persisted_failures2(Some(file!()));
    let saved = include_str!("capacity_properties.proptest-regressions")
        .lines()
        .filter(|l| l.starts_with("cc "))
        .count();
    assert_eq!(saved, 2);
    assert_eq!(seeds.len(), saved, "the seeds of {}", file!());
}

proptest! {
    #![proptest_config(common::proptest_config(1000))]

    #[test]
    fn plan_holds_every_constraint_and_is_maximal(p in params()) {
        let (site, d) = build(&p, megawatts);
        let plan = plan(&site, &d).unwrap();
        let op = &plan.operating_point;
        prop_assert!(op.fits() || plan.primary_racks == 0, "exceeded: {:?}", op.exceeded().collect::<Vec<_>>());
        let ambient = site.design_ambient().copied().unwrap();
        let beyond = evaluate(&site, &d, plan.primary_racks + 1, &ambient).unwrap();
        prop_assert!(!beyond.fits());
        prop_assert!(beyond.constraint(&plan.binding.kind).unwrap().is_exceeded());
    }

    #[test]
    fn more_interconnect_never_fits_fewer(p in params(), k in 1.0..3.0f64) {
        let bigger = Params { grid_mw: p.grid_mw * k, ..p.clone() };
        prop_assert!(gpus(&bigger) >= gpus(&p));
    }

    #[test]
    fn more_cooling_never_fits_fewer(p in params(), k in 1.0..3.0f64) {
        let bigger = Params { air_mw: p.air_mw * k, liquid: p.liquid.map(|(t, mw)| (t, mw * k)), ..p.clone() };
        prop_assert!(gpus(&bigger) >= gpus(&p));
    }

    #[test]
    fn higher_losses_never_fit_more(p in params(), k in 1.0..2.0f64) {
        let (a, b, c) = p.losses;
        let lossier = Params { losses: (a * k, b * k, c * k), lumped_pue: p.lumped_pue.map(|x| (x * k).min(100.0)), ..p.clone() };
        prop_assert!(gpus(&lossier) <= gpus(&p));
    }

    #[test]
    fn facility_power_balances(p in params(), racks in 0u32..3000) {
        let (site, d) = build(&p, megawatts);
        let op = evaluate(&site, &d, racks, site.design_ambient().unwrap()).unwrap();
        let parts = op.it + op.electrical_losses + op.cooling + op.house + op.lumped_overhead;
        let rel = ((op.facility - parts) / op.facility).value.abs();
        prop_assert!(rel <= 1e-9, "facility {:?} parts {:?}", op.facility, parts);
        let loops: Power = op.loops.iter().map(|l| l.state.power).sum();
        prop_assert!(((loops - op.cooling) / op.facility).value.abs() <= 1e-12);
    }

    #[test]
    fn same_site_in_kw_or_mw_gives_the_same_plan(p in params()) {
        let (a, d) = build(&p, megawatts);
        let (b, _) = build(&p, |mw| kilowatts(mw * 1000.0));
        let pa = plan(&a, &d).unwrap();
        let pb = plan(&b, &d).unwrap();
        prop_assert_eq!(pa.primary_racks, pb.primary_racks);
        prop_assert_eq!(pa.binding.kind, pb.binding.kind);
    }

    #[test]
    fn annual_energy_balances_every_number_is_finite_and_pue_is_bounded_by_hourly_extremes(p in params(), which in 0usize..7, share in 0.0..1.0f64) {
        let (site, d) = build(&p, megawatts);
        let climate = &climates()[which % climates().len()];
        // Seawater loops need a water profile; every built-in without one gets a fixed 15 °C sea.
        let climate = if climate.water_profile().is_none() {
            climate.clone().with_water(dcplan::climate::WaterProfile::from_celsius([15.0; 12]).unwrap()).unwrap()
        } else {
            climate.clone()
        };
        let racks = (f64::from(plan(&site, &d).unwrap().primary_racks) * share) as u32;
        let year = dcplan::simulate::annual(&site, &d, racks, &climate).unwrap();
        let e = &year.energy;
        // Every number of the year is finite.
        let joules = [e.it, e.electrical_losses, e.cooling, e.house, e.lumped_overhead, e.facility];
        prop_assert!(joules.iter().chain(&e.it_at_pdu_output).chain(&e.it_at_ups_output).all(|j| j.get::<joule>().is_finite()), "{:?}", e);
        prop_assert!(year.water.get::<cubic_meter>().is_finite() && year.peak_facility.get::<watt>().is_finite());
        prop_assert!(year.max_hourly_pue.get().is_finite() && year.min_hourly_pue.get().is_finite());
        for l in &year.loops {
            prop_assert!([l.energy, l.heat].iter().all(|j| j.get::<joule>().is_finite()), "{:?}", l);
            prop_assert!(l.water.get::<cubic_meter>().is_finite() && l.min_heat_headroom.get::<watt>().is_finite(), "{:?}", l);
            prop_assert!(l.min_temperature_headroom.is_none_or(|(t, _)| t.get::<kelvin_interval>().is_finite()), "{:?}", l);
        }
        let parts = e.it + e.electrical_losses + e.cooling + e.house + e.lumped_overhead;
        prop_assert!(((e.facility - parts) / e.facility).value.abs() <= 1e-9);
        if racks > 0 {
            let pue = year.pue(ItMeasurement::ItInput).unwrap().get();
            prop_assert!(year.min_hourly_pue.get() <= pue * (1.0 + 1e-12));
            prop_assert!(pue <= year.max_hourly_pue.get() * (1.0 + 1e-12));
        }
    }

    #[test]
    fn every_reported_number_is_finite(p in params(), racks in prop_oneof![0u32..5000, any::<u32>()]) {
        let (site, d) = build(&p, megawatts);
        let op = evaluate(&site, &d, racks, site.design_ambient().unwrap()).unwrap();
        let watts = [op.it, op.electrical_losses, op.cooling, op.house, op.lumped_overhead, op.facility];
        prop_assert!(watts.iter().all(|w| w.get::<watt>().is_finite()));
        prop_assert!(op.water.get::<cubic_meter_per_second>().is_finite());
        for s in &op.stages {
            let f = s.flow;
            prop_assert!([f.output, f.loss, f.input].iter().all(|w| w.get::<watt>().is_finite()));
            prop_assert!(f.unit_load.is_finite() && f.utilisation.is_finite());
        }
        for l in &op.loops {
            let s = l.state;
            let w = [s.heat, s.capacity, s.compressor_power, s.sink_power, s.transport_power, s.power];
            prop_assert!(w.iter().all(|w| w.get::<watt>().is_finite()), "{:?}", s);
            prop_assert!(s.supply.get::<kelvin>().is_finite() && s.facility_supply.get::<kelvin>().is_finite());
            prop_assert!(s.free_cooling.get().is_finite() && s.cop.is_none_or(|c| c.get().is_finite()));
        }
        for c in &op.constraints {
            let finite = match c.headroom {
                Headroom::Power(p) => p.get::<watt>().is_finite(),
                Headroom::Racks(_) => true,
                Headroom::Temperature(t) => t.get::<kelvin_interval>().is_finite(),
            };
            prop_assert!(finite && c.utilisation.is_none_or(f64::is_finite), "{:?}", c);
        }
        // A feasible operating point has a PUE; absurd overloads (square-law losses at 10⁴× a
        // transformer's rating) may leave the PUE range, which is an error, not a wrong number.
        if racks > 0 && op.fits() {
            prop_assert!(op.pue(ItMeasurement::ItInput).is_ok());
        }
    }
}
