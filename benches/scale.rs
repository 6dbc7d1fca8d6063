//! Benchmarks of work that scales out: scenario sweeps (1 thread vs all cores) and portfolios
//! (see docs/performance.md).

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dcplan::prelude::*;
use dcplan::sweep;
use std::hint::black_box;

/// Scenario `i` of a 100 × 1,000 grid: interconnect 50–149 MW × liquid-loop capacity.
fn scenario(i: u64, deployment: &Deployment, design: Ambient) -> Result<u64> {
    let grid = 50.0 + (i % 100) as f64;
    let liquid = 20.0 + (i / 100 % 1000) as f64 * 0.15;
    let site = Site::builder("sweep", GridInterconnect::new(megawatts(grid))?)
        .electrical(ElectricalChain::reference(
            megawatts(grid),
            Redundancy::TwoN,
        )?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::DirectToChipDryCooler,
            "DLC",
            megawatts(liquid),
            8,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::AirEconomiser,
            "CRAH",
            megawatts(20.0),
            8,
        )?)?)
        .design_ambient(design)
        .build()?;
    Ok(plan(&site, deployment)?.accelerators)
}

/// About 10 µs of dependent floating-point arithmetic.
fn spin(i: u64) -> f64 {
    let mut x = i as f64;
    for _ in 0..5_000 {
        x = x * 0.999_999_9 + 1e-9;
    }
    x
}

fn sweeps(c: &mut Criterion) {
    let rack =
        RackProfile::from_system(catalog::find("GB200 NVL72").expect("catalog"), 1).expect("rack");
    let deployment = Deployment::new(rack);
    let design = Ambient::from_wet_bulb(
        celsius(35.0),
        celsius(24.0),
        Pressure::new::<pascal>(101_325.0),
    )
    .expect("ambient");
    let pools: Vec<rayon::ThreadPool> = [1, 2]
        .into_iter()
        .map(|threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool")
        })
        .collect();
    // The machine's own ceiling, measured beside the sweeps: 10,000 independent jobs of pure
    // register arithmetic (≈ 10 µs each, no memory traffic) spread the same way.
    let mut group = c.benchmark_group("ceiling");
    group.sample_size(10);
    for (threads, pool) in [1usize, 2].into_iter().zip(&pools) {
        group.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| {
                pool.install(|| {
                    sweep::in_order(10_000, spin, |_, x| {
                        black_box(x);
                        Ok(())
                    })
                })
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    for scenarios in [1_000u64, 10_000, 100_000] {
        for (threads, pool) in [1usize, 2].into_iter().zip(&pools) {
            group.bench_with_input(
                BenchmarkId::new(format!("{threads}_threads"), scenarios),
                &scenarios,
                |b, &n| {
                    b.iter(|| {
                        pool.install(|| {
                            let mut total = 0u64;
                            sweep::in_order(
                                n,
                                |i| scenario(i, &deployment, design),
                                |_, gpus| {
                                    total += gpus?;
                                    Ok(())
                                },
                            )
                            .map(|()| black_box(total))
                        })
                    })
                },
            );
        }
    }
    group.finish();
}

/// `n` GB200 campuses of 50–250 MW, half energised, half in the grid queue.
fn portfolio(n: usize) -> Result<Portfolio> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    let projects = (0..n)
        .map(|i| {
            let mw = 50.0 + (i % 5) as f64 * 50.0;
            let site = Site::builder(
                &format!("site {i}"),
                GridInterconnect::new(Power::new::<megawatt>(mw))?,
            )
            .lumped_pue(Pue::new(1.15 + (i % 7) as f64 * 0.02)?)
            .build()?;
            let figures = AnnualFigures::from_plan(
                &site,
                &plan(&site, &deployment)?,
                &deployment,
                Fraction::new(0.8)?,
            );
            let grid = if i % 2 == 0 {
                GridAccess::Energised { since: start }
            } else {
                GridAccess::new_connection()
            };
            let schedule = Schedule::new(
                start,
                grid,
                LeadTimes::default(),
                vec![Phase::new("phase 1", Power::new::<megawatt>(mw / 2.0))],
            )?;
            Project::new(site.name(), figures, BusinessModel::gpu_rental(), schedule)
        })
        .collect::<Result<Vec<_>>>()?;
    Portfolio::new(projects)
}

fn portfolios(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    for sites in [10usize, 100, 1_000] {
        let p = portfolio(sites).expect("portfolio");
        group.bench_with_input(BenchmarkId::new("evaluate", sites), &p, |b, p| {
            b.iter(|| black_box(p.evaluate()))
        });
        group.bench_with_input(BenchmarkId::new("rank_next_block", sites), &p, |b, p| {
            b.iter(|| black_box(p.rank_next_block(12_000, start)))
        });
    }
    group.finish();
}

criterion_group!(scale, sweeps, portfolios);
criterion_main!(scale);
