//! Benchmarks of the kernel, the capacity planner and the annual simulation
//! (see docs/performance.md).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dcplan::climate::psychrometrics::enthalpy;
use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::electrical::Stage;
use dcplan::flexibility;
use dcplan::prelude::*;
use dcplan::simulate;
use dcplan::sitefile::SiteFile;
use std::hint::black_box;

/// The bench campus: 100 MW, reference chain with a 2N UPS, `pairs` direct-to-chip
/// dry-cooler loops sharing 80 MW and as many economiser air loops sharing 16 MW, two halls.
fn site_with_loops(climate: &Climate, pairs: usize) -> Result<(Site, Deployment)> {
    let mut builder = Site::builder("bench", GridInterconnect::new(megawatts(100.0))?).electrical(
        ElectricalChain::reference(megawatts(90.0), Redundancy::TwoN)?,
    );
    for k in 0..pairs {
        let share = pairs as f64;
        builder = builder
            .cooling_loop(CoolingLoop::new(LoopDesign::preset(
                Technology::DirectToChipDryCooler,
                &format!("DLC {k}"),
                megawatts(80.0 / share),
                8,
            )?)?)
            .cooling_loop(CoolingLoop::new(LoopDesign::preset(
                Technology::AirEconomiser,
                &format!("CRAH {k}"),
                megawatts(16.0 / share),
                8,
            )?)?);
    }
    let site = builder
        .hall(Hall::new("A", 400, None)?)
        .hall(Hall::new("B", 400, None)?)
        .design_ambient(climate.design_ambient(DesignBasis::AnnualMax)?)
        .build()?;
    let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    Ok((site, Deployment::new(rack)))
}

fn site(climate: &Climate) -> Result<(Site, Deployment)> {
    site_with_loops(climate, 1)
}

/// The bench campus's mixed fleet: an estate of 300 GB200 NVL72 racks with network racks (one
/// per 16) in hall A, a fixed row of 40 storage racks in hall B, and a block
/// grown 75 % GB300 NVL72 / 25 % GB200 NVL72 into halls B then A — two grown types sharing
/// halls, the hall filling's costliest case.
fn mixed_fleet() -> Result<Deployment> {
    let rack = |name| RackProfile::from_system(catalog::find(name)?, 1);
    let air =
        |name, kw| RackProfile::new(name, kilowatts(kw), 0, Fraction::ZERO, AirClass::A1, None);
    Deployment::fleet([
        RackType::fixed("estate", rack("GB200 NVL72")?, 300)
            .in_halls(["A"])
            .with_support(air("network", 20.0)?, 16)?,
        RackType::fixed("storage", air("storage", 15.0)?, 40).in_halls(["B"]),
        RackType::grown("GB300", rack("GB300 NVL72")?, Fraction::new(0.75)?)?.in_halls(["B", "A"]),
        RackType::grown("GB200", rack("GB200 NVL72")?, Fraction::new(0.25)?)?.in_halls(["B", "A"]),
    ])
}

/// A year of the arithmetic of the power path, typed: every hour the IT load (following the
/// outdoor enthalpy), the critical chain's stage flows, a cube-law fan on the heat and the
/// shared stages, summed to energy — through the library's typed functions
/// ([`Stage::flow`], [`enthalpy`]) and `uom` arithmetic.
fn power_path_typed(chain: &ElectricalChain, hours: &[Ambient], it: Power, fan: Power) -> Energy {
    let one_hour = Time::new::<uom::si::time::hour>(1.0);
    let h_ref = enthalpy(celsius(35.0), Ratio::new::<ratio>(0.02)).expect("enthalpy");
    let mut energy = Energy::ZERO;
    for a in hours {
        let h = enthalpy(a.dry_bulb(), a.humidity_ratio()).unwrap_or(h_ref);
        let load = it * (0.9 + 0.1 * (h / h_ref).value.clamp(0.0, 1.0));
        let critical = chain
            .critical()
            .iter()
            .fold(load, |p, s: &Stage| s.flow(p).input);
        let fans = fan * (load / it).value.powi(3);
        let facility = chain
            .shared()
            .iter()
            .fold(critical + fans, |p, s: &Stage| s.flow(p).input);
        energy += facility * one_hour;
    }
    energy
}

/// The same arithmetic on raw `f64` (W, J, °C), the baseline of "typed units are free".
fn power_path_raw(
    stages: &(Vec<[f64; 5]>, Vec<[f64; 5]>),
    hours: &[(f64, f64)],
    it: f64,
    fan: f64,
) -> f64 {
    let enthalpy = |t: f64, w: f64| -> Option<f64> {
        let ok = t.is_finite() && (-100.0..=200.0).contains(&t) && w.is_finite() && w >= 0.0;
        ok.then_some(1.006 * t + w * (2501.0 + 1.86 * t))
    };
    let flow = |p: f64, &[installed, inv_installed, a, b, c]: &[f64; 5]| {
        let x = p * inv_installed;
        p + installed * (a + x * (b + x * c))
    };
    let h_ref = enthalpy(35.0, 0.02).expect("enthalpy");
    let mut energy = 0.0;
    for &(t, w) in hours {
        let h = enthalpy(t, w).unwrap_or(h_ref);
        let load = it * (0.9 + 0.1 * (h / h_ref).clamp(0.0, 1.0));
        let critical = stages.0.iter().fold(load, flow);
        let fans = fan * (load / it).powi(3);
        let facility = stages.1.iter().fold(critical + fans, flow);
        energy += facility * 3600.0;
    }
    energy
}

fn units(c: &mut Criterion) {
    let climate = climate::builtin("northern-virginia").expect("built-in climate");
    let chain = ElectricalChain::reference(megawatts(90.0), Redundancy::TwoN).expect("chain");
    let raw_stages = |stages: &[Stage]| -> Vec<[f64; 5]> {
        stages
            .iter()
            .map(|s| {
                let (a, b, c) = s.losses().coefficients();
                let installed = s.installed_capacity().get::<watt>();
                [installed, 1.0 / installed, a, b, c]
            })
            .collect()
    };
    let stages = (raw_stages(chain.critical()), raw_stages(chain.shared()));
    let hours: Vec<(f64, f64)> = climate
        .hours()
        .iter()
        .map(|a| {
            (
                a.dry_bulb().get::<degree_celsius>(),
                a.humidity_ratio().get::<ratio>(),
            )
        })
        .collect();
    let (it, fan) = (megawatts(80.0), megawatts(1.2));
    let typed = power_path_typed(&chain, climate.hours(), it, fan).get::<joule>();
    let raw = power_path_raw(&stages, &hours, 80e6, 1.2e6);
    assert!(
        ((typed - raw) / raw).abs() < 1e-12,
        "the baseline must be the same arithmetic: {typed} J vs {raw} J"
    );
    let mut group = c.benchmark_group("units");
    group.bench_function("uom", |b| {
        b.iter(|| power_path_typed(black_box(&chain), black_box(climate.hours()), it, fan))
    });
    group.bench_function("f64", |b| {
        b.iter(|| power_path_raw(black_box(&stages), black_box(&hours), 80e6, 1.2e6))
    });
    group.finish();
}

/// Time of an annual run against the number of cooling loops.
fn loops(c: &mut Criterion) {
    let climate = climate::builtin("northern-virginia").expect("built-in climate");
    let mut group = c.benchmark_group("annual_loops");
    group.sample_size(20);
    for pairs in [1usize, 2, 4, 8] {
        let (site, deployment) = site_with_loops(&climate, pairs).expect("valid bench site");
        group.bench_with_input(BenchmarkId::from_parameter(2 * pairs), &site, |b, site| {
            b.iter(|| simulate::annual(black_box(site), &deployment, 600, &climate))
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let climate = climate::builtin("northern-virginia").expect("built-in climate");
    let (site, deployment) = site(&climate).expect("valid bench site");
    let ambient = *site.design_ambient().expect("design ambient");
    c.bench_function("evaluate", |b| {
        b.iter(|| evaluate(black_box(&site), black_box(&deployment), 600, &ambient))
    });
    c.bench_function("plan", |b| {
        b.iter(|| plan(black_box(&site), black_box(&deployment)))
    });
    // A mixed fleet on the same site (fixed estate, two grown types sharing halls): the
    // planner's search is the same bisection; the target is ≤ 3× `plan`.
    let fleet = mixed_fleet().expect("valid bench fleet");
    let grown = plan(&site, &fleet).expect("mixed plan").primary_racks;
    assert!(grown > 0, "the bench fleet grows nothing");
    eprintln!("plan mixed fleet: a grown block of {grown} racks");
    c.bench_function("plan mixed fleet", |b| {
        b.iter(|| plan(black_box(&site), black_box(&fleet)))
    });
    c.bench_function("annual", |b| {
        b.iter(|| simulate::annual(black_box(&site), black_box(&deployment), 600, &climate))
    });
    // EnergyPlus's one-zone data-center examples (servers following their inlet air, a DX CRAC
    // solved hour by hour) on the Chicago year their site files name: docs/validation.md.
    for name in [
        "1ZoneDataCenterCRAC_wApproachTemp",
        "1ZoneDataCenterCRAC_wPumpedDXCoolingCoil",
    ] {
        let path = format!(
            "{}/examples/sites/energyplus/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let s = SiteFile::read(path)
            .and_then(|f| f.scenario())
            .expect("EnergyPlus example site");
        let year = s.climate.clone().expect("the site file names its weather");
        c.bench_function(&format!("annual {name}"), |b| {
            b.iter(|| simulate::annual(black_box(&s.site), black_box(&s.deployment), 100, &year))
        });
    }
    // The year planner against annual runs of the same site (docs/performance.md): the
    // west-Texas conversion on its Phoenix year, annual run at its design-hour plan.
    let path = format!(
        "{}/examples/sites/west-texas-conversion.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let s = SiteFile::read(path)
        .and_then(|f| f.scenario())
        .expect("west-Texas example site");
    let year = s.climate.clone().expect("the site file names its weather");
    let racks = plan(&s.site, &s.deployment).expect("plan").primary_racks;
    let firm = flexibility::Flexibility::none();
    let duke = firm
        .clone()
        .with_budget(flexibility::CurtailmentBudget::energy(
            Fraction::new(0.005).expect("0.5 %"),
        ));
    c.bench_function("annual west-texas", |b| {
        b.iter(|| simulate::annual(black_box(&s.site), black_box(&s.deployment), racks, &year))
    });
    c.bench_function("plan_year west-texas", |b| {
        b.iter(|| flexibility::plan_year(black_box(&s.site), &s.deployment, &year, &firm))
    });
    c.bench_function("plan_year west-texas 0.5 %", |b| {
        b.iter(|| flexibility::plan_year(black_box(&s.site), &s.deployment, &year, &duke))
    });
    c.bench_function("duke_table west-texas", |b| {
        b.iter(|| flexibility::duke_table(black_box(&s.site), &s.deployment, &year, &firm))
    });
}

criterion_group!(kernel, benches, units, loops);
criterion_main!(kernel);
