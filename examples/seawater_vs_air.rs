//! The same 100 MW interconnect and GB200 NVL72 deployment, cooled two ways:
//!
//! * once-through seawater on a Shanghai-like coast (built-in `shanghai-coast`: TMY3 proxy air
//!   with the Lingang nearshore sea-temperature profile), like the Lingang underwater data
//!   center (design PUE ≤ 1.15);
//! * an air-cooled chiller plant in Phoenix (built-in `phoenix`): the CDUs on 18 °C chilled
//!   water and the CRAHs on 14 °C chilled water, from air-cooled chillers without economiser.
//!
//! Each site is planned at its climate's annual-maximum design hour (so the plan holds every
//! hour of the year), then simulated hour by hour.
//!
//! Run with `cargo run --release --example seawater_vs_air`.

use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::prelude::*;
use dcplan::simulate::{AnnualResult, annual};

fn main() -> Result<()> {
    let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    let coast = climate::builtin("shanghai-coast")?;
    let desert = climate::builtin("phoenix")?;
    let seawater = site(
        "seawater once-through",
        &coast,
        Technology::SeawaterOnceThrough,
        Technology::AirSeawater,
    )?;
    let chillers = site(
        "air-cooled chillers",
        &desert,
        Technology::DirectToChipChilledWater,
        Technology::AirChiller,
    )?;

    println!(
        "GB200 NVL72 behind 100 MW: seawater (Shanghai coast) vs air-cooled chillers (Phoenix)\n"
    );
    let sea = report(&seawater, &deployment, &coast)?;
    let air = report(&chillers, &deployment, &desert)?;

    let cooling_share = |y: &AnnualResult| (y.energy.cooling / y.energy.it).value;
    let saved = 1.0 - cooling_share(&sea) / cooling_share(&air);
    println!(
        "Cooling energy per unit of IT energy: {:.1} % lower with seawater.",
        saved * 100.0
    );
    println!(
        "Seawater fits {:+} GPUs behind the same interconnect ({} vs {}).",
        sea.accelerators as i64 - air.accelerators as i64,
        sea.accelerators,
        air.accelerators
    );
    Ok(())
}

fn site(name: &str, climate: &Climate, liquid: Technology, air: Technology) -> Result<Site> {
    let transformer = Transformer::new(
        ApparentPower::from_mva(60.0)?,
        LossCurve::transformer(Fraction::new(0.001)?, Fraction::new(0.005)?),
    );
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
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            liquid,
            "liquid",
            megawatts(85.0),
            8,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            air,
            "air",
            megawatts(16.0),
            8,
        )?)?)
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
        year.wue()?
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
