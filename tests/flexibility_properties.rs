//! Property tests of the flexibility dispatch and the year planner, on short synthetic
//! climates so the default run stays fast (`PROPTEST_CASES` raises the count).

mod common;
use common::*;
use dcplan::climate::Climate;
use dcplan::flexibility::{
    self, Battery, CurtailmentBudget, DispatchOrder, Flexibility, Generation, GpuCap, Means,
    PartLoad,
};
use dcplan::money::UsdPerMwh;
use dcplan::prelude::*;
use dcplan::simulate;
use proptest::prelude::*;

/// A small random site: a liquid loop to dry coolers (chillers in the heat), an air loop, an
/// optional substation and house load; and a day or two of random weather.
#[derive(Clone, Debug)]
struct Case {
    grid_mw: f64,
    liquid_mw: f64,
    air_mw: f64,
    house_mw: f64,
    substation_mva: Option<f64>,
    temps: Vec<f64>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        1.5..4.0f64,
        1.0..4.0f64,
        0.3..1.0f64,
        0.0..0.3f64,
        prop::option::of(0.6..1.5f64),
        prop::collection::vec(5.0..42.0f64, 6..30),
    )
        .prop_map(
            |(grid_mw, liquid_mw, air_mw, house_mw, substation_mva, temps)| Case {
                grid_mw,
                liquid_mw,
                air_mw,
                house_mw,
                substation_mva,
                temps,
            },
        )
}

fn build(c: &Case) -> (Site, Deployment, Climate) {
    let hottest = c.temps.iter().copied().fold(f64::MIN, f64::max);
    let mut b = Site::builder("s", GridInterconnect::new(megawatts(c.grid_mw)).unwrap())
        .house_load(megawatts(c.house_mw))
        .cooling_loop(loop_of(
            Technology::DirectToChipDryCooler,
            "DLC",
            c.liquid_mw,
        ))
        .cooling_loop(loop_of(Technology::AirEconomiser, "CRAH", c.air_mw))
        .design_ambient(plausible_air(hottest));
    if let Some(mva) = c.substation_mva {
        let t = Transformer::new(
            ApparentPower::from_mva(mva).unwrap(),
            LossCurve::transformer(Fraction::new(0.001).unwrap(), Fraction::new(0.006).unwrap()),
        );
        b = b.substation(
            Substation::new(t, 3, Redundancy::NPlus(1), PowerFactor::new(0.95).unwrap()).unwrap(),
        );
    }
    let climate = synthetic_climate(
        "random",
        c.temps.iter().map(|&t| plausible_air(t)).collect(),
    );
    (b.build().unwrap(), Deployment::new(gb200()), climate)
}

/// Random means of flexibility, each optional.
#[derive(Clone, Debug)]
struct Means_ {
    share: f64,
    battery: Option<(f64, f64, f64)>,
    generation: Option<(f64, u32, f64)>,
    floor: Option<f64>,
    cap_first: bool,
}

fn means() -> impl Strategy<Value = Means_> {
    (
        prop_oneof![Just(0.0), 0.0..0.2f64],
        prop::option::of((0.05..1.0f64, 0.1..4.0f64, 0.7..1.0f64)),
        prop::option::of((0.05..0.5f64, 2u32..4, 0.0..0.6f64)),
        prop::option::of(0.5..1.0f64),
        any::<bool>(),
    )
        .prop_map(|(share, battery, generation, floor, cap_first)| Means_ {
            share,
            battery,
            generation,
            floor,
            cap_first,
        })
}

fn flex(m: &Means_) -> Flexibility {
    let mut f =
        Flexibility::none().with_budget(CurtailmentBudget::energy(Fraction::new(m.share).unwrap()));
    if let Some((p, e, rte)) = m.battery {
        f = f.with_battery(
            Battery::new(
                megawatts(p),
                megawatt_hours(e),
                Efficiency::new(rte).unwrap(),
            )
            .unwrap()
            .with_soc_limits(Fraction::new(0.1).unwrap(), Fraction::new(0.95).unwrap())
            .unwrap(),
        );
    }
    if let Some((unit, units, min)) = m.generation {
        f = f.with_generation(
            Generation::new(
                megawatts(unit),
                units,
                1,
                Fraction::new(min).unwrap(),
                Efficiency::new(0.35).unwrap(),
                PartLoad::GasTurbine,
                UsdPerMwh::new(15.0),
                flexibility::natural_gas_factor(),
            )
            .unwrap(),
        );
    }
    if let Some(floor) = m.floor {
        let gpu = gb200().accelerator_power().unwrap();
        f = f.with_cap(GpuCap::none().floor(gpu * floor).unwrap());
    }
    if m.cap_first {
        f = f.with_order(
            DispatchOrder::new(vec![Means::Cap, Means::Generation, Means::Battery]).unwrap(),
        );
    }
    f
}

fn racks(site: &Site, d: &Deployment, climate: &Climate, f: &Flexibility) -> u32 {
    flexibility::plan_year(site, d, climate, f)
        .unwrap()
        .primary_racks
}

proptest! {
    #![proptest_config(proptest_config(1_000))]

    #[test]
    fn every_hour_balances_within_the_grid_limit_and_soc_bounds(c in case(), m in means(), extra in 0u32..8) {
        let (site, d, climate) = build(&c);
        let f = flex(&m);
        let n = flexibility::plan_year(&site, &d, &climate, &f).unwrap().primary_racks + extra;
        let limit = site.interconnect().capacity().get::<megawatt>();
        let mut seen = 0;
        flexibility::dispatch_year(&site, &d, n, &climate, &f, |h| {
            seen += 1;
            let mw = |p: Power| p.get::<megawatt>();
            let supply = mw(h.grid_import) + mw(h.battery_discharge) + mw(h.generation);
            let demand = mw(h.facility_load) + mw(h.battery_charge);
            assert!((supply - demand).abs() <= 1e-9 * demand.max(1.0), "{h:?}");
            if !h.unservable {
                assert!(mw(h.grid_import) <= limit * (1.0 + 1e-12), "{h:?}");
            }
            assert!(h.grid_import >= Power::ZERO && h.battery_charge >= Power::ZERO);
            assert!(h.battery_charge == Power::ZERO || h.battery_discharge == Power::ZERO);
            assert!(h.facility_load <= h.facility_demand * (1.0 + 1e-12));
            if let (Some(soc), Some((_, _, _))) = (h.state_of_charge, m.battery) {
                assert!(soc.get() >= 0.1 - 1e-9 && soc.get() <= 0.95 + 1e-9, "{soc:?}");
            }
            if let (Some(cap), Some(floor)) = (h.gpu_cap, m.floor) {
                let gpu = gb200().accelerator_power().unwrap();
                assert!(cap >= gpu * floor * (1.0 - 1e-9) && cap <= gpu);
            }
        }).unwrap();
        prop_assert_eq!(seen, climate.len());
    }

    #[test]
    fn the_operated_year_serves_no_more_it_than_the_undispatched(c in case(), m in means(), extra in 0u32..8) {
        let (site, d, climate) = build(&c);
        let f = flex(&m);
        let n = flexibility::plan_year(&site, &d, &climate, &f).unwrap().primary_racks + extra;
        let inputs = dcplan::sustainability::Sustainability::default();
        let operated = simulate::operated(&site, &d, n, &climate, &f, &inputs, |_| {}).unwrap();
        let undispatched = simulate::annual(&site, &f.provisioned(&d).unwrap(), n, &climate).unwrap();
        let it = |e: Energy| e.get::<megawatt_hour>();
        prop_assert!(it(operated.energy.it) <= it(undispatched.energy.it) * (1.0 + 1e-12),
            "{} > {}", it(operated.energy.it), it(undispatched.energy.it));
        prop_assert!(operated.energy.facility <= undispatched.energy.facility * (1.0 + 1e-12));
        let supply = it(operated.grid_import) + it(operated.battery_discharge) + it(operated.generation);
        let demand = it(operated.energy.facility) + it(operated.battery_charge);
        prop_assert!((supply - demand).abs() <= 1e-9 * demand.max(1e-9));
    }

    #[test]
    fn more_flexibility_never_fits_fewer(c in case(), m in means(), which in 0usize..4, k in 1.0..3.0f64) {
        let (site, d, climate) = build(&c);
        let base = racks(&site, &d, &climate, &flex(&m));
        let mut more = m.clone();
        match which {
            0 => more.share = (m.share * k).max(m.share + 0.01).min(0.5),
            1 => more.battery = Some(m.battery.map_or((0.5, 1.0, 0.85), |(p, e, r)| (p * k, e * k, r))),
            2 => more.generation = Some(m.generation.map_or((0.2, 2, 0.3), |(u, n, min)| (u * k, n, min))),
            _ => more.floor = Some(m.floor.map_or(0.9, |f| f / k)),
        }
        prop_assert!(racks(&site, &d, &climate, &flex(&more)) >= base, "{which}");
    }

    #[test]
    fn strict_year_is_the_brute_force_over_every_hour(c in case()) {
        let (site, d, climate) = build(&c);
        let planned = racks(&site, &d, &climate, &Flexibility::none());
        // Brute force: the largest n such that every count up to it keeps every hour of the
        // simulated year within supply, heat rejection and temperature, and the design hour
        // within the constraints flexibility never relieves.
        let hottest = c.temps.iter().copied().fold(f64::MIN, f64::max);
        let design = plausible_air(hottest);
        let fits = |n: u32| {
            let y = simulate::annual(&site, &d, n, &climate).unwrap();
            let design_ok = evaluate(&site, &d, n, &design).unwrap().constraints.iter().all(|c| {
                !c.is_exceeded()
                    || !matches!(c.kind, ConstraintKind::Electrical { .. } | ConstraintKind::HallPositions { .. } | ConstraintKind::HallPower { .. })
            });
            y.hours_over_supply == 0
                && y.loops.iter().all(|l| l.hours_over_capacity == 0 && l.hours_over_temperature == 0)
                && design_ok
        };
        let brute = (0..200).take_while(|&n| fits(n)).last();
        prop_assert_eq!(Some(planned), brute.or(Some(0)));
    }
}
