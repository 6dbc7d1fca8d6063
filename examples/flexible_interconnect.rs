//! A flexible interconnect on the west-Texas conversion: what battery makes the design-hour
//! plan firm through a Phoenix year, against what a curtailment budget or a GPU power cap
//! would do instead.
//!
//! 1. The design-hour plan's racks, run through the year on the firm 100 MW interconnect: the
//!    hours the facility would overdraw it, and the battery that carries them (sequent peak,
//!    [`flexibility::firm_energy`]), checked by dispatching the year with it.
//! 2. The racks each means fits over the year (`flexibility::plan_year`): firm, that battery,
//!    Duke's 0.5 % curtailment budget, a dynamic GPU cap down to 960 W and Meta's static
//!    provisioning at 960 W (80 % of the GB200's 1,200 W).
//!
//! GPU-hours lost count curtailed GPU-hours and the throughput the caps cost (the Zeus curve,
//! `flexibility::ThroughputCurve`); the dynamic cap is lowered only in the hours that need it.
//!
//! Run with `cargo run --release --example flexible_interconnect`.

use dcplan::capacity::plan;
use dcplan::flexibility::{
    self, Battery, CurtailmentBudget, Flexibility, GpuCap, YearOperation, YearPlan,
};
use dcplan::prelude::*;
use dcplan::sitefile::SiteFile;

fn main() -> Result<()> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sites/west-texas-conversion.toml"
    );
    let s = SiteFile::read(path)?.scenario()?;
    let climate = s.weather()?;
    let limit = s.site.interconnect().capacity();
    let design = plan(&s.site, &s.deployment)?;
    let n = design.primary_racks;
    println!(
        "West-Texas conversion: {} racks ({} GPUs) fit at the design hour behind {:.0} MW;",
        n,
        design.accelerators,
        limit.get::<megawatt>()
    );

    // 1. The design-hour plan through the year, firm: each hour's excess over the interconnect.
    let mut excess = Vec::with_capacity(climate.len());
    let firm = flexibility::dispatch_year(
        &s.site,
        &s.deployment,
        n,
        climate,
        &Flexibility::none(),
        |h| excess.push(h.facility_demand - limit),
    )?;
    let peak = excess.iter().copied().fold(Power::ZERO, Power::max);
    println!(
        "through the {} year they overdraw it in {} h (at most {:.1} MW).",
        climate.name(),
        excess.iter().filter(|x| **x > Power::ZERO).count(),
        peak.get::<megawatt>()
    );
    let round_trip = Efficiency::new(0.85)?;
    let energy = flexibility::firm_energy(&excess, peak, round_trip);
    // Whole MW and MWh, rounded up.
    let battery = Battery::new(
        megawatts(peak.get::<megawatt>().ceil()),
        megawatt_hours(energy.get::<megawatt_hour>().ceil()),
        round_trip,
    )?;
    let with_battery = Flexibility::none().with_battery(battery);
    let check =
        flexibility::dispatch_year(&s.site, &s.deployment, n, climate, &with_battery, |_| {})?;
    println!(
        "A battery of {:.0} MW / {:.0} MWh (85 % round trip, sequent peak) makes them firm: \
         {} curtailed hours with it (without: {}).\n",
        battery.power().get::<megawatt>(),
        battery.energy().get::<megawatt_hour>(),
        check.curtailed_hours,
        firm.curtailed_hours,
    );

    // 2. What each means fits over the year.
    let gpu_cap = watts(960.0);
    let options = [
        ("firm interconnect", Flexibility::none()),
        ("that battery", with_battery.clone()),
        (
            "0.5 % curtailment",
            Flexibility::none().with_budget(CurtailmentBudget::energy(Fraction::new(0.005)?)),
        ),
        (
            "dynamic cap to 960 W",
            Flexibility::none().with_cap(GpuCap::none().floor(gpu_cap)?),
        ),
        (
            "static cap at 960 W",
            Flexibility::none().with_cap(GpuCap::none().provisioned(gpu_cap)?),
        ),
    ];
    println!(
        "{:<22} {:>6} {:>7} {:>14} {:>10} {:>12} {:>14}",
        "means", "racks", "GPUs", "curtailed MWh", "curt. h", "GPU-h lost", "discharged MWh"
    );
    for (name, flex) in &options {
        let p = flexibility::plan_year(&s.site, &s.deployment, climate, flex)?;
        row(name, &p);
    }
    Ok(())
}

fn row(name: &str, p: &YearPlan) {
    let y: &YearOperation = &p.year;
    let lost = y.gpu_hours_lost_curtailment.get()
        + y.gpu_hours_lost_dynamic_cap.get()
        + y.gpu_hours_lost_static_cap.get();
    println!(
        "{:<22} {:>6} {:>7} {:>14.1} {:>10} {:>12.0} {:>14.1}",
        name,
        p.primary_racks,
        p.accelerators,
        y.curtailed_it_energy.get::<megawatt_hour>(),
        y.curtailed_hours,
        lost,
        y.battery_discharge.get::<megawatt_hour>(),
    );
}
