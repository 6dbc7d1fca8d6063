//! dcplan against EnergyPlus 25.2 on EnergyPlus's own one-zone data-center examples
//! (`1ZoneDataCenterCRAC_wApproachTemp`, `1ZoneDataCenterCRAC_wPumpedDXCoolingCoil`, read from
//! their site files in `examples/sites/energyplus/`): servers
//! whose power follows their inlet air, a DX computer-room air conditioner with a supply-air
//! reset, a UPS whose losses heat the room, and the room's walls and roof — a full year on a
//! TMY3 weather file, side by side with EnergyPlus's recorded results where there are some
//! (`tests/data/energyplus_25.2_annual.csv`: Chicago O'Hare, San Francisco and twelve other
//! TMY3 climates shipped with EnergyPlus), with dcplan's wall time.
//!
//! Run with `cargo run --release --example energyplus_comparison [-- FILE.epw]` (default: the
//! Chicago O'Hare TMY3 file in `tests/data/`).

#[path = "energyplus/models.rs"]
mod models;

use dcplan::climate::Climate;
use dcplan::prelude::*;
use dcplan::simulate::{self, AnnualResult};
use models::{Model, Recorded};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Annual runs timed per model; the median is reported.
const TIMED_RUNS: usize = 21;

fn main() -> Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        format!(
            "{}/tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let started = Instant::now();
    let climate = Arc::new(Climate::from_epw_file(&path)?);
    let read = started.elapsed();
    let file = std::path::Path::new(&path)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
        .to_owned();
    let recorded = models::recorded()?;
    println!(
        "EnergyPlus one-zone data-center examples, a year in {}",
        climate.name()
    );
    println!(
        "(weather file read in {:.1} ms; UPS loss as EnergyPlus defines it, (1 − η)·P_IT = 0.10·P_IT,\n not dcplan's usual (1/η − 1)·P_IT = 0.111·P_IT)\n",
        ms(read)
    );
    for model in Model::BOTH {
        let (site, deployment) = models::site(model, &climate)?;
        let year = simulate::annual(&site, &deployment, models::SERVERS, &climate)?;
        let wall = median_wall_time(|| {
            simulate::annual(&site, &deployment, models::SERVERS, &climate).map(|_| ())
        })?;
        let theirs = recorded.iter().find(|r| r.model == model && r.epw == file);
        report(model, &year, wall, theirs)?;
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median_wall_time(mut run: impl FnMut() -> Result<()>) -> Result<Duration> {
    let mut times = Vec::with_capacity(TIMED_RUNS);
    for _ in 0..TIMED_RUNS {
        let t = Instant::now();
        run()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times[TIMED_RUNS / 2])
}

fn report(
    model: Model,
    year: &AnnualResult,
    wall: Duration,
    recorded: Option<&Recorded>,
) -> Result<()> {
    let crac = &year.loops[0];
    let mwh = |e: Energy| e.get::<megawatt_hour>();
    let ours = [
        ("PUE", year.pue(ItMeasurement::ItInput)?.get()),
        ("IT (servers), MWh", mwh(year.energy.it)),
        ("cooling (DX coil), MWh", mwh(crac.compressor_energy)),
        ("fans (CRAC), MWh", mwh(crac.transport_energy)),
        ("UPS loss, MWh", mwh(year.energy.electrical_losses)),
    ];
    println!("{}", model.idf());
    match recorded {
        Some(r) => {
            println!(
                "  {:<24}{:>12}{:>18}{:>12}",
                "", "dcplan", "EnergyPlus 25.2", "difference"
            );
            let theirs = [r.pue, r.it_mwh, r.cooling_mwh, r.fans_mwh, r.ups_mwh];
            for ((name, a), b) in ours.iter().zip(theirs) {
                println!(
                    "  {name:<24}{a:>12.4}{b:>18.4}{:>+11.2} %",
                    100.0 * (a / b - 1.0)
                );
            }
            println!(
                "  {:<24}{:>9.3} ms{:>16.2} s{:>10.0}× faster",
                "wall time (annual run)",
                ms(wall),
                r.wall_s,
                r.wall_s / wall.as_secs_f64()
            );
        }
        None => {
            println!("  {:<24}{:>12}", "", "dcplan");
            for (name, a) in ours {
                println!("  {name:<24}{a:>12.4}");
            }
            println!("  {:<24}{:>9.3} ms", "wall time (annual run)", ms(wall));
            println!("  no recorded EnergyPlus result for this climate");
        }
    }
    println!(
        "  hours the CRAC could not meet the room's load: {}\n",
        crac.hours_over_capacity
    );
    Ok(())
}
