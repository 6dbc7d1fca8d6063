//! Benchmarks of the kernel and the capacity planner (see docs/performance.md).

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::prelude::*;
use std::hint::black_box;

fn site() -> Result<(Site, Deployment)> {
    let mw = Power::new::<megawatt>;
    let design = Ambient::from_wet_bulb(
        celsius(35.0),
        celsius(24.0),
        Pressure::new::<pascal>(101_325.0),
    )?;
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
        .design_ambient(design)
        .build()?;
    let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    Ok((site, Deployment::new(rack)))
}

fn benches(c: &mut Criterion) {
    let (site, deployment) = site().expect("valid bench site");
    let ambient = *site.design_ambient().expect("design ambient");
    c.bench_function("evaluate", |b| {
        b.iter(|| evaluate(black_box(&site), black_box(&deployment), 600, &ambient))
    });
    c.bench_function("plan", |b| {
        b.iter(|| plan(black_box(&site), black_box(&deployment)))
    });
}

criterion_group!(kernel, benches);
criterion_main!(kernel);
