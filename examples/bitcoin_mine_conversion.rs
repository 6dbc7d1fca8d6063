//! A 100 MW air-cooled bitcoin mine in West Texas becomes an AI factory: what fits today, why
//! GB200 NVL72 racks cannot go in as the site stands, what must change, and what fits then.
//!
//! Design hour: 38.9 °C dry-bulb / 20.5 °C mean coincident wet-bulb at 870 m (Midland, TX,
//! ASHRAE 0.4 % cooling condition — a planning input, replace with your site's).
//!
//! Run with `cargo run --release --example bitcoin_mine_conversion`.

use dcplan::climate::psychrometrics::standard_pressure;
use dcplan::prelude::*;

fn main() -> Result<()> {
    let design = Ambient::from_wet_bulb(
        celsius(38.9),
        celsius(20.5),
        standard_pressure(Length::new::<meter>(870.0))?,
    )?;
    let interconnect = GridInterconnect::new(megawatts(100.0))?;
    let transformer = Transformer::new(
        ApparentPower::from_mva(30.0)?,
        LossCurve::transformer(Fraction::new(0.001)?, Fraction::new(0.006)?),
    );
    let pf = PowerFactor::new(0.95)?;
    let halls = |site: dcplan::site::SiteBuilder| -> Result<dcplan::site::SiteBuilder> {
        ["Hall 1", "Hall 2", "Hall 3", "Hall 4"]
            .into_iter()
            .try_fold(site, |s, name| {
                Ok(s.hall(Hall::new(name, 900, Some(megawatts(25.0)))?))
            })
    };

    // The mine as it stands: 4 × 30 MVA with no redundant transformer, pad-mount transformers,
    // no UPS, outside-air fan walls (no chillers) for A4-class miners.
    let pad_mounts = Stage::new(
        "pad-mount transformers",
        StageKind::Transformer,
        megawatts(2.5),
        UnitGroup::new(44, Redundancy::N)?,
        LossCurve::transformer(Fraction::new(0.002)?, Fraction::new(0.01)?),
    )?;
    let mut fan_walls =
        LoopDesign::preset(Technology::AirOutsideAir, "fan walls", megawatts(100.0), 20)?;
    fan_walls.plant = Plant::new(
        Sink::OutsideAir {
            fan_heat: kelvin_diff(1.0),
            adiabatic: None,
        },
        None,
        true,
    )?;
    fan_walls.supply = celsius(40.0); // A4 miners tolerate 45 °C inlet
    fan_walls.max_rack_heat = Some(Power::new::<kilowatt>(40.0));
    let mine = halls(
        Site::builder("West Texas mine", interconnect)
            .substation(Substation::new(transformer, 4, Redundancy::N, pf)?)
            .electrical(ElectricalChain::new(vec![], vec![pad_mounts.clone()])?)
            .cooling_loop(CoolingLoop::new(fan_walls.clone())?)
            .design_ambient(design),
    )?
    .build()?;

    let s21 = catalog::find("Antminer S21")?;
    let miners = Deployment::new(RackProfile::from_system(s21, 8)?);
    let mining = plan(&mine, &miners)?;
    println!("West Texas: a 100 MW bitcoin mine converted to GB200 NVL72\n");
    println!(
        "Today: {} racks of 8 × Antminer S21 = {} miners, {:.1} EH/s; binding: {}",
        mining.primary_racks,
        mining.primary_racks * 8,
        f64::from(mining.primary_racks) * 8.0 * s21.hashrate().ehs(),
        mining.binding.kind
    );
    println!(
        "       IT {:.1} MW, facility {:.1} MW, PUE {:.3}\n",
        mining.operating_point.it.get::<megawatt>(),
        mining.operating_point.facility.get::<megawatt>(),
        mining.operating_point.pue(ItMeasurement::ItInput)?.get()
    );

    let gb200 = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    let dlc = || LoopDesign::preset(Technology::DirectToChipDryCooler, "DLC", megawatts(85.0), 8);
    let crah = || LoopDesign::preset(Technology::AirEconomiser, "CRAH", megawatts(16.0), 8);
    let as_is = |b: dcplan::site::SiteBuilder| -> Result<dcplan::site::SiteBuilder> {
        halls(
            b.substation(Substation::new(transformer, 4, Redundancy::N, pf)?)
                .design_ambient(design),
        )
    };

    println!("What must change for GB200 NVL72, step by step:");
    println!("a) the site as it stands:");
    report(plan(&mine, &gb200));
    println!("b) add a liquid loop (CDU → dry coolers + trim chillers) for the cold plates:");
    let with_liquid = as_is(Site::builder("mine + DLC", interconnect))?
        .electrical(ElectricalChain::new(vec![], vec![pad_mounts.clone()])?)
        .cooling_loop(CoolingLoop::new(fan_walls.clone())?)
        .cooling_loop(CoolingLoop::new(dlc()?)?)
        .build()?;
    report(plan(&with_liquid, &gb200));
    println!("c) replace the fan walls with CRAH + chillers (economiser) for the 15 % air heat:");
    let cooled = as_is(Site::builder("mine + DLC + CRAH", interconnect))?
        .electrical(ElectricalChain::new(vec![], vec![pad_mounts])?)
        .cooling_loop(CoolingLoop::new(dlc()?)?)
        .cooling_loop(CoolingLoop::new(crah()?)?)
        .build()?;
    report(plan(&cooled, &gb200));
    let converted = |transformers: u32| -> Result<Site> {
        halls(
            Site::builder("converted", interconnect)
                .substation(Substation::new(
                    transformer,
                    transformers,
                    Redundancy::NPlus(1),
                    pf,
                )?)
                .electrical(ElectricalChain::reference(
                    megawatts(90.0),
                    Redundancy::TwoN,
                )?)
                .cooling_loop(CoolingLoop::new(dlc()?)?)
                .cooling_loop(CoolingLoop::new(crah()?)?)
                .house_load(megawatts(1.0))
                .design_ambient(design),
        )?
        .build()
    };
    println!("d) AI tenants expect 2N UPS and N+1 transformers; keep the 4 × 30 MVA, now N+1");
    println!("   (firm 3 × 30 MVA × 0.95 = 85.5 MW):");
    report(plan(&converted(4)?, &gb200));
    println!("e) add a fifth 30 MVA transformer (firm 4 × 30 × 0.95 = 114 MW):");
    report(plan(&converted(5)?, &gb200));
    Ok(())
}

fn report(plan: Result<Plan>) {
    match plan.and_then(|p| {
        let pue = p.operating_point.pue(ItMeasurement::ItInput)?;
        Ok((p, pue))
    }) {
        Err(e) => println!("   does not fit: {e}\n"),
        Ok((p, pue)) => {
            let op = &p.operating_point;
            println!(
                "   {} racks = {} GPUs; binding: {}",
                p.primary_racks, p.accelerators, p.binding.kind
            );
            println!(
                "   IT {:.1} MW, cooling {:.1} MW, losses {:.1} MW → facility {:.1} MW; design-hour PUE {:.3}; IT per MW of grid {:.3}\n",
                op.it.get::<megawatt>(),
                op.cooling.get::<megawatt>(),
                op.electrical_losses.get::<megawatt>(),
                op.facility.get::<megawatt>(),
                pue.get(),
                op.it.get::<megawatt>() / 100.0
            );
        }
    }
}
