//! How many GPUs fit behind a 100 MW interconnect?
//!
//! 1. The worked case: a lumped design PUE of 1.15 and GB200 NVL72 racks.
//! 2. The same interconnect modelled by its components, once with a chiller plant and once with
//!    once-through seawater cooling, at a hot design hour (35 °C dry-bulb, 24 °C wet-bulb,
//!    28 °C sea): which constraint binds first and what is left on every other one.
//!
//! Run with `cargo run --release --example quickstart`.

use dcplan::prelude::*;

fn main() -> Result<()> {
    let interconnect = GridInterconnect::new(Power::new::<megawatt>(100.0))?;
    let gb200 = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    let deployment = Deployment::new(gb200);

    println!("dcplan quickstart: GB200 NVL72 racks behind a 100 MW grid interconnect\n");
    let lumped = Site::builder("lumped PUE 1.15", interconnect)
        .lumped_pue(Pue::new(1.15)?)
        .build()?;
    let plan_lumped = plan(&lumped, &deployment)?;
    println!("1. Lumped design PUE 1.15");
    print_plan(&plan_lumped)?;

    let hot_hour = Ambient::from_wet_bulb(
        celsius(35.0),
        celsius(24.0),
        Pressure::new::<pascal>(101_325.0),
    )?
    .with_water(celsius(28.0))?;
    let chillers = component_site(
        "chiller plant",
        interconnect,
        Technology::DirectToChipDryCooler,
        Technology::AirChiller,
        hot_hour,
    )?;
    let seawater = component_site(
        "seawater once-through",
        interconnect,
        Technology::SeawaterOnceThrough,
        Technology::AirSeawater,
        hot_hour,
    )?;
    let plan_chillers = plan(&chillers, &deployment)?;
    let plan_seawater = plan(&seawater, &deployment)?;
    println!("\n2. Component model at the design hour (35 °C db / 24 °C wb, sea 28 °C)");
    println!("\n  a) liquid: CDU → dry coolers + trim chillers; air: CRAH + air-cooled chillers");
    print_plan(&plan_chillers)?;
    println!("\n  b) liquid: CDU → seawater HX; air: CRAH + seawater-cooled chillers");
    print_plan(&plan_seawater)?;
    let extra = plan_seawater.accelerators as i64 - plan_chillers.accelerators as i64;
    println!("\nSeawater cooling fits {extra:+} GPUs behind the same 100 MW.");
    Ok(())
}

/// A 100 MW campus: N+1 substation, 2N UPS, one liquid and one air loop, 4 halls.
fn component_site(
    name: &str,
    interconnect: GridInterconnect,
    liquid: Technology,
    air: Technology,
    design: Ambient,
) -> Result<Site> {
    let transformer = Transformer::new(
        ApparentPower::from_mva(60.0)?,
        LossCurve::transformer(Fraction::new(0.001)?, Fraction::new(0.005)?),
    );
    let substation = Substation::new(
        transformer,
        3,
        Redundancy::NPlus(1),
        PowerFactor::new(0.95)?,
    )?;
    let mut site = Site::builder(name, interconnect)
        .substation(substation)
        .electrical(ElectricalChain::reference(
            megawatts(90.0),
            Redundancy::TwoN,
        )?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            liquid,
            "liquid",
            megawatts(80.0),
            8,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            air,
            "air",
            megawatts(16.0),
            8,
        )?)?)
        .house_load(megawatts(1.0))
        .design_ambient(design);
    for hall in ["A", "B", "C", "D"] {
        site = site.hall(Hall::new(hall, 200, Some(megawatts(24.0)))?);
    }
    site.build()
}

fn print_plan(plan: &Plan) -> Result<()> {
    let op = &plan.operating_point;
    let mw = |p: Power| p.get::<megawatt>();
    println!(
        "   {} racks, {} GPUs; binding: {}",
        plan.primary_racks, plan.accelerators, plan.binding.kind
    );
    println!(
        "   IT {:.2} MW, losses {:.2} MW, cooling {:.2} MW, house {:.2} MW, overhead {:.2} MW → facility {:.2} MW",
        mw(op.it),
        mw(op.electrical_losses),
        mw(op.cooling),
        mw(op.house),
        mw(op.lumped_overhead),
        mw(op.facility)
    );
    print!("   PUE {:.3}", op.pue(ItMeasurement::ItInput)?.get());
    if op.lumped_overhead.get::<watt>() == 0.0 {
        print!(
            " (pPUE cooling {:.3}, electrical {:.3})",
            op.partial_pue_cooling()?.get(),
            op.partial_pue_electrical()?.get()
        );
    }
    println!();
    println!("   headroom:");
    for c in &op.constraints {
        println!("     {:<45} {}", c.kind.to_string(), c.headroom);
    }
    Ok(())
}
