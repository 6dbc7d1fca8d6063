//! Benchmarks of the kernel, the capacity planner and the annual simulation
//! (see docs/performance.md).

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::prelude::*;
use dcplan::simulate;
use dcplan::spec::SiteFile;
use std::hint::black_box;

fn site(climate: &Climate) -> Result<(Site, Deployment)> {
    let mw = Power::new::<megawatt>;
    let site = Site::builder("bench", GridInterconnect::new(mw(100.0))?)
        .electrical(ElectricalChain::reference(mw(90.0), Redundancy::TwoN)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::DirectToChipDryCooler,
            "DLC",
            mw(80.0),
            8,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::AirEconomiser,
            "CRAH",
            mw(16.0),
            8,
        )?)?)
        .hall(Hall::new("A", 400, None)?)
        .hall(Hall::new("B", 400, None)?)
        .design_ambient(climate.design_ambient(DesignBasis::AnnualMax)?)
        .build()?;
    let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    Ok((site, Deployment::new(rack)))
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
}

criterion_group!(kernel, benches);
criterion_main!(kernel);
