//! Shedding by rack type: a closed-form square-wave year with bitcoin ASICs beside GPUs — the
//! ASICs are shed first, down to zero, before any GPU is touched — and the site-file field.

mod common;

use approx::assert_relative_eq;
use common::*;
use dcplan::flexibility::{self, CurtailmentBudget, Flexibility};
use dcplan::it::{LostLoadValue, RackType};
use dcplan::money::{UsdPerGpuHour, UsdPerPhsDay};
use dcplan::prelude::*;

const HOT_HOURS: usize = 6;
const DAYS: usize = 3;
/// Hashprice of 3 Nov 2025 (Hashrate Index), as `examples/published/cases.rs` uses it.
const HASHPRICE: f64 = 43.33;

/// The 20 MW site of `tests/flexibility.rs`: chillers in the heat, so the grid binds at 40 °C.
fn site() -> Site {
    Site::builder("campus", GridInterconnect::new(megawatts(20.0)).unwrap())
        .cooling_loop(loop_of(Technology::DirectToChipDryCooler, "DLC", 16.0))
        .cooling_loop(loop_of(Technology::AirEconomiser, "CRAH", 4.0))
        .design_ambient(sea_level(HOT.0, HOT.1))
        .build()
        .unwrap()
}

/// Seven air-cooled Antminer S21 per rack: 24.5 kW, 1.4 PH/s (the CRAHs take 25 kW a rack).
fn s21_rack() -> RackProfile {
    RackProfile::from_system(catalog::find("Antminer S21").unwrap(), 7).unwrap()
}

/// GB200 racks grown beside `asics` fixed S21 racks, the ASICs shed first (or not).
fn fleet(asics: u32, shed_first: bool) -> Deployment {
    let mut miners = RackType::fixed("ASICs", s21_rack(), asics);
    if shed_first {
        miners = miners
            .shed_first(
                1,
                Some(LostLoadValue::Hashprice(UsdPerPhsDay::new(HASHPRICE))),
            )
            .unwrap();
    }
    Deployment::fleet([
        miners,
        RackType::grown("GPUs", gb200(), Fraction::ONE).unwrap(),
    ])
    .unwrap()
}

/// Facility power with `gpus` GB200 racks and `asics` S21 racks at an ambient.
fn facility(gpus: u32, asics: u32, (t, wb): (f64, f64)) -> Power {
    evaluate(&site(), &fleet(asics, false), gpus, &sea_level(t, wb))
        .unwrap()
        .facility
}

/// GB200 racks alone that fit the hot hour (the interconnect binds).
fn hot_racks() -> u32 {
    plan_at(&site(), &Deployment::new(gb200()), &sea_level(HOT.0, HOT.1))
        .unwrap()
        .primary_racks
}

/// Racks' worth of S21 the hot hour must shed with `gpus` GPUs and `asics` ASICs: the
/// dispatch's interpolation between whole counts, by hand.
fn asics_to_shed(gpus: u32, asics: u32) -> f64 {
    let limit = megawatts(20.0);
    let f = |k: u32| facility(gpus, asics - k, HOT);
    let k = (0..asics).find(|&k| f(k + 1) <= limit).unwrap();
    f64::from(k) + ((f(k) - limit) / (f(k) - f(k + 1))).get::<ratio>()
}

/// The square-wave year dispatched strictly with `gpus` GB200 racks and `asics` S21 racks shed
/// first, and its hours.
fn shed_year(
    gpus: u32,
    asics: u32,
) -> (flexibility::YearOperation, Vec<flexibility::HourDispatch>) {
    let mut hours = Vec::new();
    let year = flexibility::dispatch_year(
        &site(),
        &fleet(asics, true),
        gpus,
        &square_wave(HOT_HOURS, DAYS),
        &Flexibility::none(),
        |h| hours.push(*h),
    )
    .unwrap();
    (year, hours)
}

#[test]
fn the_asics_are_shed_first_and_the_gpus_stay_firm() {
    let n = hot_racks();
    let asics = 40;
    // The cool hours need nothing shed; the hot hours need part of the ASICs.
    assert!(facility(n, asics, COOL) < megawatts(20.0));
    assert!(facility(n, asics, HOT) > megawatts(20.0));
    let shed = asics_to_shed(n, asics);
    assert!(shed > 1.0 && shed < f64::from(asics) - 1.0, "{shed}");
    let (year, hours) = shed_year(n, asics);
    let rack_kw = 24.5;
    for h in &hours {
        assert_eq!(h.curtailed_it, Power::ZERO, "hour {}", h.hour);
        assert!(h.grid_import <= megawatts(20.0) * (1.0 + 1e-9));
        let hot = h.hour % 24 < HOT_HOURS;
        let expected = if hot { shed * rack_kw } else { 0.0 };
        assert_relative_eq!(
            h.shed_it.get::<kilowatt>(),
            expected,
            max_relative = 1e-6,
            epsilon = 1e-6
        );
    }
    let hot_hours = (HOT_HOURS * DAYS) as f64;
    assert_eq!(year.curtailed_hours, 0);
    assert_eq!(year.gpu_hours_lost_curtailment.get(), 0.0);
    assert_eq!(year.shed_hours, (HOT_HOURS * DAYS) as u32);
    let asic = &year.shed_types[0];
    assert_eq!(asic.name, "ASICs");
    assert_eq!(asic.racks, asics);
    assert_relative_eq!(
        asic.shed_energy.get::<megawatt_hour>(),
        hot_hours * shed * rack_kw / 1e3,
        max_relative = 1e-6
    );
    assert_relative_eq!(
        year.shed_it_energy.get::<megawatt_hour>(),
        asic.shed_energy.get::<megawatt_hour>(),
        max_relative = 1e-12
    );
    assert_eq!(asic.gpu_hours.get(), 0.0);
    // Lost hashprice revenue: $43.33 per PH/s-day × 1.4 PH/s a rack × racks shed × hours / 24.
    let lost = HASHPRICE * 1.4 * shed * hot_hours / 24.0;
    assert_relative_eq!(asic.lost_value.unwrap().get(), lost, max_relative = 1e-6);
    assert_relative_eq!(
        year.lost_load_value.unwrap().get(),
        lost,
        max_relative = 1e-6
    );
    // The ASICs' energy is outside the budget's base.
    assert_relative_eq!(
        year.firm_it_energy().get::<megawatt_hour>(),
        year.it_energy.get::<megawatt_hour>() - f64::from(asics) * rack_kw * 72.0 / 1e3,
        max_relative = 1e-9
    );
}

#[test]
fn the_gpus_are_curtailed_only_once_every_asic_is_shed() {
    // Two GPU racks more than the hot hour carries alone, and 5 ASIC racks: not enough.
    let n = hot_racks() + 2;
    let asics = 5;
    assert!(facility(n, 0, HOT) > megawatts(20.0));
    assert!(facility(n, asics, COOL) < megawatts(20.0));
    let climate = square_wave(HOT_HOURS, DAYS);
    let mut hours = Vec::new();
    let year = flexibility::dispatch_year(
        &site(),
        &fleet(asics, true),
        n,
        &climate,
        &Flexibility::none().with_value_of_lost_load(UsdPerGpuHour::new(2.0)),
        |h| hours.push(*h),
    )
    .unwrap();
    for h in &hours {
        if h.hour % 24 < HOT_HOURS {
            // Every ASIC shed (5 × 24.5 kW), then GPUs.
            assert_relative_eq!(h.shed_it.get::<kilowatt>(), 122.5, max_relative = 1e-9);
            assert!(h.curtailed_it > Power::ZERO);
            assert_relative_eq!(h.grid_import.get::<megawatt>(), 20.0, max_relative = 1e-9);
        } else {
            assert_eq!(h.shed_it, Power::ZERO);
            assert_eq!(h.curtailed_it, Power::ZERO);
        }
    }
    assert_eq!(year.curtailed_hours, (HOT_HOURS * DAYS) as u32);
    // GPU-hours lost are the GB200's (72 per rack), from the GPUs' own IT.
    let gb200_kw = gb200().it_power().get::<kilowatt>();
    assert_relative_eq!(
        year.gpu_hours_lost_curtailment.get(),
        year.curtailed_it_energy.get::<kilowatt_hour>() / gb200_kw * 72.0,
        max_relative = 1e-9
    );
    // Without the priority the ASICs run on and the GPUs take all of it.
    let plain = flexibility::dispatch_year(
        &site(),
        &fleet(asics, false),
        n,
        &climate,
        &Flexibility::none(),
        |_| {},
    )
    .unwrap();
    assert!(plain.shed_types.is_empty());
    assert!(
        plain.curtailed_it_energy > year.curtailed_it_energy,
        "{:?} vs {:?}",
        plain.curtailed_it_energy,
        year.curtailed_it_energy
    );
}

#[test]
fn the_year_plan_grows_the_gpus_into_what_the_asics_leave() {
    // With the ASICs shed first, the strict year (no GPU curtailment) fits more GPUs than
    // with the ASICs firm, and never curtails a GPU.
    let asics = 40;
    let climate = square_wave(HOT_HOURS, DAYS);
    let firm = flexibility::plan_year(
        &site(),
        &fleet(asics, false),
        &climate,
        &Flexibility::none(),
    )
    .unwrap();
    let hybrid = flexibility::plan_year(
        &site(),
        &fleet(asics, true),
        &climate,
        &Flexibility::none().with_budget(CurtailmentBudget::strict()),
    )
    .unwrap();
    assert!(hybrid.primary_racks > firm.primary_racks);
    assert_eq!(hybrid.year.curtailed_hours, 0);
    assert!(hybrid.year.shed_hours > 0);
}

/// A lumped campus: 20 GB200 racks grown beside 100 S21 racks shed first.
const HYBRID: &str = r#"name = "hybrid"
pue = 1.2

[interconnect]
capacity = "10 MW"

[deployment.fleet.ASICs]
system = "Antminer S21"
systems_per_rack = 8
count = 100
shed_priority = 1
value_of_lost_load = "43.33 USD/PH/s/day"

[deployment.fleet.GPUs]
system = "GB200 NVL72"
"#;

fn read(text: &str) -> dcplan::sitefile::SiteFile {
    dcplan::sitefile::SiteFile::from_text("hybrid.toml", text, dcplan::sitefile::Format::Toml, ".")
}

/// The located error of reading `text` into a scenario.
fn error(text: &str) -> String {
    match read(text).scenario() {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_site_file_names_the_shed_priority_and_its_value() {
    let s = read(HYBRID).scenario().unwrap();
    let asics = &s.deployment.types()[0];
    let shedding = asics.shedding().unwrap();
    assert_eq!(shedding.priority, 1);
    assert_eq!(
        shedding.value,
        Some(LostLoadValue::Hashprice(UsdPerPhsDay::new(43.33)))
    );
    assert_eq!(s.deployment.shed_order(), [0]);
    assert!(s.deployment.types()[1].shedding().is_none());
    // A GPU type priced per GPU-hour.
    let gpus = HYBRID.replace(
        "system = \"GB200 NVL72\"\n",
        "system = \"GB200 NVL72\"\nshed_priority = 2\nvalue_of_lost_load = \"2.08 USD/GPU-h\"\n",
    );
    let s = read(&gpus).scenario().unwrap();
    assert_eq!(
        s.deployment.types()[1].shedding().unwrap().value,
        Some(LostLoadValue::PerGpuHour(UsdPerGpuHour::new(2.08)))
    );
    assert_eq!(s.deployment.shed_order(), [0, 1]);
}

#[test]
fn bad_shed_fields_are_located() {
    // A value without a priority.
    let e = error(&HYBRID.replace("shed_priority = 1\n", ""));
    assert!(
        e.contains("hybrid.toml:") && e.contains("deployment.fleet.ASICs.shed_priority"),
        "{e}"
    );
    // A GPU-hour price on miners, a hashprice on GPUs.
    let e = error(&HYBRID.replace("43.33 USD/PH/s/day", "2 USD/GPU-h"));
    assert!(
        e.contains("deployment.fleet.ASICs.value_of_lost_load") && e.contains("no accelerators"),
        "{e}"
    );
    let e = error(&HYBRID.replace(
        "system = \"GB200 NVL72\"\n",
        "system = \"GB200 NVL72\"\nshed_priority = 2\nvalue_of_lost_load = \"40 USD/PH/s/day\"\n",
    ));
    assert!(
        e.contains("deployment.fleet.GPUs.value_of_lost_load") && e.contains("no hash rate"),
        "{e}"
    );
    // A unit that is neither.
    let e = error(&HYBRID.replace("43.33 USD/PH/s/day", "43 USD/MWh"));
    assert!(
        e.contains("hybrid.toml:12:") && e.contains("neither"),
        "{e}"
    );
    // Not on one rack, nor on support racks.
    let one = "name = \"one\"\npue = 1.2\n[interconnect]\ncapacity = \"10 MW\"\n[deployment]\nsystem = \"GB200 NVL72\"\nshed_priority = 1\n";
    let e = error(one);
    assert!(e.contains("deployment.shed_priority"), "{e}");
}

#[test]
fn the_dynamic_cap_takes_its_whole_room_from_the_gpus_after_the_asics() {
    // Six GPU racks more than the hot hour carries, 5 ASIC racks, GPUs capped down to 95 %:
    // the hot hours shed every ASIC, cap every GPU by 5 % (60 W of 1,200 W), then curtail.
    let n = hot_racks() + 6;
    let asics = 5;
    let gpu = gb200().accelerator_power().unwrap();
    let floor = gpu * 0.95;
    let flex = Flexibility::none().with_cap(flexibility::GpuCap::none().floor(floor).unwrap());
    let climate = square_wave(HOT_HOURS, DAYS);
    let mut hours = Vec::new();
    flexibility::dispatch_year(&site(), &fleet(asics, true), n, &climate, &flex, |h| {
        hours.push(*h)
    })
    .unwrap();
    // The cap's room is the GPUs' alone: n × 72 × 60 W (the ASICs' IT does not dilute it).
    let room_kw = f64::from(n) * 72.0 * (gpu - floor).get::<kilowatt>();
    for h in hours.iter().filter(|h| h.hour % 24 < HOT_HOURS) {
        assert_relative_eq!(h.shed_it.get::<kilowatt>(), 122.5, max_relative = 1e-9);
        assert!(h.curtailed_it > Power::ZERO, "{h:?}");
        assert_relative_eq!(h.capped_it.get::<kilowatt>(), room_kw, max_relative = 1e-9);
        assert_relative_eq!(
            h.gpu_cap.unwrap().get::<watt>(),
            floor.get::<watt>(),
            max_relative = 1e-9
        );
    }
}

#[test]
fn the_hourly_csv_carries_the_it_shed_by_type() {
    // `shed_it_mw` beside `curtailed_it_mw`: hour by hour the ASICs shed, summing to the
    // year's shed energy (hours of 1 h; cells rounded to 0.1 kW).
    let (n, asics) = (hot_racks(), 40);
    let climate = square_wave(HOT_HOURS, DAYS);
    let (year, hours) = shed_year(n, asics);
    let (_, series) =
        dcplan::simulate::annual_hourly(&site(), &fleet(asics, true), n, &climate).unwrap();
    let mut out = Vec::new();
    dcplan::report::csv::hourly_with_dispatch(&mut out, &climate, &series, &hours).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let shed = header.iter().position(|h| *h == "shed_it_mw").unwrap();
    assert_eq!(header[shed - 1], "curtailed_it_mw");
    let column: Vec<f64> = lines
        .map(|l| l.split(',').nth(shed).unwrap().parse().unwrap())
        .collect();
    assert_eq!(column.len(), DAYS * 24);
    assert!(column.iter().filter(|&&x| x > 0.0).count() == HOT_HOURS * DAYS);
    let sum: f64 = column.iter().sum();
    assert!(sum > 1.0, "{sum}");
    approx::assert_abs_diff_eq!(
        sum,
        year.shed_it_energy.get::<megawatt_hour>(),
        epsilon = 0.5e-4 * column.len() as f64
    );
}

#[test]
fn the_business_case_prices_the_asics_shed_at_their_hashprice() {
    // FlexibilityLines from the square-wave year: $43.33 per PH/s-day × 1.4 PH/s a rack ×
    // racks shed × 18 hot hours / 24, scaled to a full year at 80 %: × 0.8 × 8,760 / 72.
    let (n, asics) = (hot_racks(), 40);
    let shed = asics_to_shed(n, asics);
    let flex = Flexibility::none();
    let (year, _) = shed_year(n, asics);
    let lf = Fraction::new(0.8).unwrap();
    let lines = dcplan::economics::FlexibilityLines::of(
        &dcplan::economics::FlexibilityCosts::default(),
        &flex,
        &year,
        lf,
    )
    .unwrap();
    let hot_hours = (HOT_HOURS * DAYS) as f64;
    let by_hand = HASHPRICE * 1.4 * shed * hot_hours / 24.0 * 0.8 * 8_760.0 / (24 * DAYS) as f64;
    assert!(by_hand > 1e5, "{by_hand}");
    assert_relative_eq!(lines.lost_revenue_shed.get(), by_hand, max_relative = 1e-6);
    // The ASICs are outside the GPUs' lost share.
    assert_eq!(lines.lost_share.get(), 0.0);
}
