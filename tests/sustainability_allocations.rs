//! The annual simulation with hourly grid series (carbon, marginal carbon, renewable supply)
//! still allocates per run, never per hour. A single test, so no other test allocates while
//! it counts.

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

#[test]
fn an_annual_run_on_hourly_grid_series_allocates_per_run_not_per_hour() {
    let climate = climate::builtin("northern-virginia").unwrap();
    let deployment = Deployment::new(
        RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1).unwrap(),
    );
    let site = Site::builder("dlc", GridInterconnect::new(megawatts(100.0)).unwrap())
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
    let run = || simulate::annual_with(&site, &deployment, 600, &climate, &inputs).unwrap();
    run();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let year = std::hint::black_box(run());
    let n = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert!(
        n < 64,
        "{n} allocations for 8,760 hours on hourly grid series"
    );
    assert!(year.grid.unwrap().emissions > Mass::ZERO);
}
