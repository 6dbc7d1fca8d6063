//! The same 100 MW interconnect and GB200 NVL72 deployment, cooled by seawater and by air —
//! compared twice, so that what the technology saves is not confused with what the climate
//! saves:
//!
//! * **technology, same climate**: once-through seawater on a Shanghai-like coast (built-in
//!   `shanghai-coast`: TMY3 proxy air with the Lingang nearshore sea-temperature profile), like
//!   the Lingang underwater data center (design PUE ≤ 1.15), against dry coolers with
//!   economiser (trim chillers for the liquid loop, free-cooling coils for the CRAHs) in the
//!   same climate;
//! * **climate and technology together**: the same seawater site against an air-cooled chiller
//!   plant without economiser in Phoenix (built-in `phoenix`: the CDUs on 18 °C chilled water,
//!   the CRAHs on 14 °C) — the first version of this example, whose saving mixes both;
//! * and, to separate the two, the dry coolers with economiser in Phoenix: the climate alone.
//!
//! The dry coolers' coils are outdoors, so their loops carry 20 % propylene glycol (freezing at
//! −7.2 °C; the proxy coast's coldest hour is −2.2 °C), which costs their pumps 3 % more power.
//!
//! Each site is planned at its climate's annual-maximum design hour (so the plan holds every
//! hour of the year), then simulated hour by hour. The seawater loop's coolant reaches the cold
//! plates at 34 °C: the warmest sea (28.5 °C) + 2 K across the exchanger + 3 K across the CDU is
//! the least a loop without chillers can hold.
//!
//! Run with `cargo run --release --example seawater_vs_air`.

use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::prelude::*;
use dcplan::simulate::{AnnualResult, annual};

fn main() -> Result<()> {
    let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    let coast = climate::builtin("shanghai-coast")?;
    let desert = climate::builtin("phoenix")?;
    let glycol = Coolant::new_propylene_glycol(Fraction::new(0.2)?)?;
    let seawater = site(
        "seawater once-through",
        &coast,
        (Technology::SeawaterOnceThrough, Technology::AirSeawater),
        Coolant::Water,
    )?;
    let dry_coast = site(
        "dry coolers with economiser",
        &coast,
        (Technology::DirectToChipDryCooler, Technology::AirEconomiser),
        glycol,
    )?;
    let chillers = site(
        "air-cooled chillers, no economiser",
        &desert,
        (Technology::DirectToChipChilledWater, Technology::AirChiller),
        Coolant::Water,
    )?;
    let dry_desert = site(
        "dry coolers with economiser",
        &desert,
        (Technology::DirectToChipDryCooler, Technology::AirEconomiser),
        glycol,
    )?;

    println!("GB200 NVL72 behind 100 MW, cooled by seawater and by air\n");
    let sea = report(&seawater, &deployment, &coast)?;
    let dry = report(&dry_coast, &deployment, &coast)?;
    let air = report(&chillers, &deployment, &desert)?;
    let dry_phoenix = report(&dry_desert, &deployment, &desert)?;

    let cooling_share = |y: &AnnualResult| (y.energy.cooling / y.energy.it).value;
    let saved =
        |a: &AnnualResult, b: &AnnualResult| 100.0 * (1.0 - cooling_share(a) / cooling_share(b));
    println!("Cooling energy per unit of IT energy:");
    println!(
        "  technology, same climate (Shanghai coast): {:.1} % lower with seawater than with dry coolers and economiser",
        saved(&sea, &dry)
    );
    println!(
        "  climate alone (dry coolers and economiser): {:.1} % lower on the Shanghai coast than in Phoenix",
        saved(&dry, &dry_phoenix)
    );
    println!(
        "  climate and technology together: {:.1} % lower with seawater on the Shanghai coast than with air-cooled chillers without economiser in Phoenix",
        saved(&sea, &air)
    );
    println!(
        "Behind the same interconnect seawater fits {} GPUs: {:+} against dry coolers on the same coast ({}), {:+} against the Phoenix chiller plant ({}).",
        sea.accelerators,
        sea.accelerators as i64 - dry.accelerators as i64,
        dry.accelerators,
        sea.accelerators as i64 - air.accelerators as i64,
        air.accelerators
    );
    Ok(())
}

fn site(
    name: &str,
    climate: &Climate,
    (liquid, air): (Technology, Technology),
    coolant: Coolant,
) -> Result<Site> {
    let transformer = Transformer::new(
        ApparentPower::from_mva(60.0)?,
        LossCurve::transformer(Fraction::new(0.001)?, Fraction::new(0.005)?),
    );
    let mut liquid_loop = LoopDesign::preset(liquid, "liquid", megawatts(85.0), 8)?;
    if liquid == Technology::SeawaterOnceThrough {
        liquid_loop.supply = celsius(34.0);
    }
    liquid_loop.coolant = coolant;
    let mut air_loop = LoopDesign::preset(air, "air", megawatts(16.0), 8)?;
    air_loop.coolant = coolant;
    Site::builder(name, GridInterconnect::new(megawatts(100.0))?)
        .substation(Substation::new(
            transformer,
            3,
            Redundancy::NPlus(1),
            PowerFactor::new(0.95)?,
        )?)
        .electrical(ElectricalChain::reference(
            megawatts(95.0),
            Redundancy::TwoN,
        )?)
        .cooling_loop(CoolingLoop::new(liquid_loop)?)
        .cooling_loop(CoolingLoop::new(air_loop)?)
        .house_load(megawatts(1.0))
        .design_ambient(climate.design_ambient(DesignBasis::AnnualMax)?)
        .build()
}

fn report(site: &Site, deployment: &Deployment, climate: &Climate) -> Result<AnnualResult> {
    let plan = plan(site, deployment)?;
    let year = annual(site, deployment, plan.primary_racks, climate)?;
    let gwh = |e: Energy| e.get::<gigawatt_hour>();
    println!("{} — {}", site.name(), climate.name());
    println!(
        "  plan: {} racks, {} GPUs; binding: {}",
        plan.primary_racks, plan.accelerators, plan.binding.kind
    );
    println!(
        "  year: IT {:.1} GWh, cooling {:.1} GWh, losses {:.1} GWh, facility {:.1} GWh",
        gwh(year.energy.it),
        gwh(year.energy.cooling),
        gwh(year.energy.electrical_losses),
        gwh(year.energy.facility)
    );
    println!(
        "  PUE annual {:.3} (peak hour {:.3}); pPUE cooling {:.3}, electrical {:.3}; WUE {:.2} L/kWh",
        year.pue(ItMeasurement::ItInput)?.get(),
        year.max_hourly_pue.get(),
        year.partial_pue_cooling()?.get(),
        year.partial_pue_electrical()?.get(),
        year.wue()?.get_liters_per_kwh()
    );
    for l in &year.loops {
        let t = l
            .min_temperature_headroom
            .map(|(t, _)| format!("{:.1} K", t.get::<kelvin_interval>()))
            .unwrap_or_else(|| "—".into());
        println!(
            "  loop {:<7} free-cooled {:>4} h (+{:>4} h partly); least headroom {:.1} MW, {t}",
            l.name,
            l.free_cooling_hours,
            l.partial_free_cooling_hours,
            l.min_heat_headroom.get::<megawatt>()
        );
    }
    println!();
    Ok(year)
}
