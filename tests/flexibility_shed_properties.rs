//! Property tests of shedding by rack type, on short synthetic climates (`PROPTEST_CASES`
//! raises the count): with bitcoin ASICs shed first the GPUs are never curtailed more than
//! without; every hour balances within the grid limit; no type sheds more than it draws.

mod common;
use common::*;
use dcplan::climate::Climate;
use dcplan::flexibility::{
    self, Battery, CurtailmentBudget, Flexibility, Generation, GpuCap, PartLoad,
};
use dcplan::it::{LostLoadValue, RackType};
use dcplan::money::{UsdPerMwh, UsdPerPhsDay};
use dcplan::prelude::*;
use proptest::prelude::*;

/// A small random site (a liquid loop to dry coolers, chillers in the heat; an air loop), a
/// day or so of random weather, S21 racks beside GB200 racks.
#[derive(Clone, Debug)]
struct Case {
    grid_mw: f64,
    liquid_mw: f64,
    air_mw: f64,
    temps: Vec<f64>,
    asics: u32,
    extra: u32,
    share: f64,
    floor: Option<f64>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (1.5..4.0f64, 1.0..4.0f64, 0.4..1.2f64),
        prop::collection::vec(5.0..42.0f64, 6..30),
        0u32..40,
        0u32..10,
        prop_oneof![Just(0.0), 0.0..0.2f64],
        prop::option::of(0.5..1.0f64),
    )
        .prop_map(
            |((grid_mw, liquid_mw, air_mw), temps, asics, extra, share, floor)| Case {
                grid_mw,
                liquid_mw,
                air_mw,
                temps,
                asics,
                extra,
                share,
                floor,
            },
        )
}

/// Six S21 a rack: 21 kW to air.
fn s21_rack() -> RackProfile {
    RackProfile::from_system(catalog::find("Antminer S21").unwrap(), 6).unwrap()
}

fn fleet(asics: u32, shed_first: bool) -> Deployment {
    let mut miners = RackType::fixed("ASICs", s21_rack(), asics);
    if shed_first {
        miners = miners
            .shed_first(1, Some(LostLoadValue::Hashprice(UsdPerPhsDay::new(43.33))))
            .unwrap();
    }
    Deployment::fleet([
        miners,
        RackType::grown("GPUs", gb200(), Fraction::ONE).unwrap(),
    ])
    .unwrap()
}

fn build(c: &Case) -> (Site, Climate) {
    let hottest = c.temps.iter().copied().fold(f64::MIN, f64::max);
    let site = Site::builder("s", GridInterconnect::new(megawatts(c.grid_mw)).unwrap())
        .cooling_loop(loop_of(
            Technology::DirectToChipDryCooler,
            "DLC",
            c.liquid_mw,
        ))
        .cooling_loop(loop_of(Technology::AirEconomiser, "CRAH", c.air_mw))
        .design_ambient(plausible_air(hottest))
        .build()
        .unwrap();
    let climate = synthetic_climate(
        "random",
        c.temps.iter().map(|&t| plausible_air(t)).collect(),
    );
    (site, climate)
}

/// The budget and the dynamic cap of `c` (no storage: each hour stands alone).
fn flex(c: &Case) -> Flexibility {
    let mut f =
        Flexibility::none().with_budget(CurtailmentBudget::energy(Fraction::new(c.share).unwrap()));
    if let Some(floor) = c.floor {
        let gpu = gb200().accelerator_power().unwrap();
        f = f.with_cap(GpuCap::none().floor(gpu * floor).unwrap());
    }
    f
}

/// GB200 racks: the year plan of the GPUs alone, and `extra` more.
fn gpu_racks(site: &Site, climate: &Climate, c: &Case) -> u32 {
    flexibility::plan_year(site, &Deployment::new(gb200()), climate, &flex(c))
        .unwrap()
        .primary_racks
        + c.extra
}

proptest! {
    #![proptest_config(proptest_config(1_000))]

    #[test]
    fn shedding_the_asics_first_never_curtails_the_gpus_more(c in case()) {
        let (site, climate) = build(&c);
        let n = gpu_racks(&site, &climate, &c);
        let f = flex(&c);
        let hybrid = flexibility::dispatch_year(&site, &fleet(c.asics, true), n, &climate, &f, |_| {}).unwrap();
        let plain = flexibility::dispatch_year(&site, &fleet(c.asics, false), n, &climate, &f, |_| {}).unwrap();
        let mwh = |e: Energy| e.get::<megawatt_hour>();
        // An hour the plain fleet cannot serve (the ASICs alone over a limit) ends its year:
        // the shed fleet serves at least as many hours.
        prop_assert!(hybrid.hours >= plain.hours);
        if plain.unservable_hours > 0 {
            return Ok(());
        }
        prop_assert_eq!(hybrid.unservable_hours, 0);
        prop_assert!(
            mwh(hybrid.curtailed_it_energy) <= mwh(plain.curtailed_it_energy) * (1.0 + 1e-9) + 1e-9,
            "{} > {}", mwh(hybrid.curtailed_it_energy), mwh(plain.curtailed_it_energy)
        );
        prop_assert!(hybrid.curtailed_hours <= plain.curtailed_hours);
        prop_assert_eq!(plain.shed_hours, 0);
    }

    #[test]
    fn every_hour_balances_and_no_type_sheds_more_than_it_draws(
        c in case(),
        battery in prop::option::of((0.05..1.0f64, 0.1..4.0f64)),
        generation in prop::option::of((0.05..0.5f64, 0.0..0.6f64)),
    ) {
        let (site, climate) = build(&c);
        let n = gpu_racks(&site, &climate, &c);
        let mut f = flex(&c);
        if let Some((p, e)) = battery {
            f = f.with_battery(Battery::new(megawatts(p), megawatt_hours(e), Efficiency::new(0.85).unwrap()).unwrap());
        }
        if let Some((unit, min)) = generation {
            f = f.with_generation(
                Generation::new(
                    megawatts(unit), 2, 1, Fraction::new(min).unwrap(), Efficiency::new(0.35).unwrap(),
                    PartLoad::GasTurbine, UsdPerMwh::new(15.0), flexibility::natural_gas_factor(),
                ).unwrap(),
            );
        }
        let limit = site.interconnect().capacity().get::<megawatt>();
        let asic_kw = 21.0 * f64::from(c.asics);
        let mw = |p: Power| p.get::<megawatt>();
        let year = flexibility::dispatch_year(&site, &fleet(c.asics, true), n, &climate, &f, |h| {
            let supply = mw(h.grid_import) + mw(h.battery_discharge) + mw(h.generation);
            let demand = mw(h.facility_load) + mw(h.battery_charge);
            assert!((supply - demand).abs() <= 1e-9 * demand.max(1.0), "{h:?}");
            if !h.unservable {
                assert!(mw(h.grid_import) <= limit * (1.0 + 1e-12), "{h:?}");
            }
            assert!(h.shed_it >= Power::ZERO && h.shed_it.get::<kilowatt>() <= asic_kw * (1.0 + 1e-9) + 1e-9, "{h:?}");
            // What is shed, capped and curtailed is at most what the racks draw.
            assert!(h.shed_it + h.capped_it + h.curtailed_it <= h.it_demand * (1.0 + 1e-9), "{h:?}");
            // The dynamic cap acts on the GPUs only: at most their headroom above the floor.
            if let Some(floor) = c.floor {
                let gpu = gb200().accelerator_power().unwrap();
                let room = gpu * (1.0 - floor) * (f64::from(n) * 72.0);
                assert!(h.capped_it <= room * (1.0 + 1e-9), "{h:?}");
            }
            // The GPUs are curtailed only once every ASIC is shed.
            if h.curtailed_it > Power::ZERO && !h.unservable {
                assert!((h.shed_it.get::<kilowatt>() - asic_kw).abs() <= 1e-6 * asic_kw.max(1.0), "{h:?}");
            }
        }).unwrap();
        if c.asics > 0 {
            let t = &year.shed_types[0];
            prop_assert!(t.shed_energy <= t.it_energy * (1.0 + 1e-9));
            prop_assert!(t.shed_hours <= climate.len() as u32);
        }
    }
}
