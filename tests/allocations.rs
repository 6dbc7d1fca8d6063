//! The annual simulation allocates per run, never per hour (issue 6): a counting global
//! allocator sees a run of 8,760 hours allocate a few dozen times at most. This file holds a
//! single test so no other test allocates while it counts.

#[path = "../examples/energyplus/models.rs"]
mod models;

use dcplan::climate::{self, DesignBasis};
use dcplan::prelude::*;
use dcplan::simulate;
use dcplan::sustainability::{CalendarSeries, GridCarbon, Intensity, Renewables, Sustainability};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` (run once before counting, so one-time set-up such as a thread
/// pool is not counted).
fn allocations<T>(mut f: impl FnMut() -> T) -> usize {
    f();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    std::hint::black_box(f());
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn an_annual_run_allocates_per_run_not_per_hour() {
    let climate = climate::builtin("northern-virginia").unwrap();
    let rack = RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1).unwrap();
    let deployment = Deployment::new(rack);
    let site = Site::builder(
        "two loops",
        GridInterconnect::new(megawatts(100.0)).unwrap(),
    )
    .electrical(ElectricalChain::reference(megawatts(90.0), Redundancy::TwoN).unwrap())
    .cooling_loop(
        CoolingLoop::new(
            LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", megawatts(80.0), 8)
                .unwrap(),
        )
        .unwrap(),
    )
    .cooling_loop(
        CoolingLoop::new(
            LoopDesign::preset(Technology::AirEconomiser, "CRAH", megawatts(16.0), 8).unwrap(),
        )
        .unwrap(),
    )
    .design_ambient(climate.design_ambient(DesignBasis::AnnualMax).unwrap())
    .build()
    .unwrap();
    let n = allocations(|| simulate::annual(&site, &deployment, 600, &climate).unwrap());
    assert!(n < 64, "{n} allocations for 8,760 hours of a two-loop site");

    // Servers following their inlet air, a DX CRAC solved hour by hour (EnergyPlus's example).
    let chicago = models::weather(models::CHICAGO).unwrap();
    for model in models::Model::BOTH {
        let (site, deployment) = models::site(model, &chicago).unwrap();
        let n = allocations(|| {
            simulate::annual(&site, &deployment, models::SERVERS, &chicago).unwrap()
        });
        assert!(n < 64, "{n} allocations for 8,760 hours of {model:?}");
    }

    // Hourly grid series (issue 15): emissions, marginal emissions and matched renewable
    // supply are summed hour by hour without allocating.
    let series =
        |f: fn(usize) -> f64| CalendarSeries::from_hours("s", (0..8760).map(f).collect()).unwrap();
    let inputs = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::Hourly(series(|h| 200.0 + (h % 24) as f64 * 10.0)),
            marginal: Some(Intensity::Hourly(series(|h| 600.0 + (h % 7) as f64))),
        }),
        renewables: Some(Renewables::HourlySupply(series(|h| (h % 24) as f64))),
        ..Sustainability::default()
    };
    let n =
        allocations(|| simulate::annual_with(&site, &deployment, 600, &climate, &inputs).unwrap());
    assert!(
        n < 64,
        "{n} allocations for 8,760 hours on hourly grid series"
    );
}
