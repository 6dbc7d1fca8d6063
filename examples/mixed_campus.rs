//! A mixed campus: an existing GB200 NVL72 estate, a storage row in the one air hall, and a
//! Vera Rubin block that the planner grows into the liquid-ready halls
//! (`examples/sites/mixed-campus.toml`).
//!
//! 1. The site file as written: Vera Rubin grows alone. Per rack type: racks, support racks,
//!    GPUs, IT and heat, and the constraint that stops the growth.
//! 2. The same campus growing a mix instead: three Vera Rubin racks to one GB300 NVL72, built
//!    with the library's [`RackType`]s; the mix holds its proportions to within one rack.
//!
//! Vera Rubin is the catalog's "Vera Rubin NVL144" at Max-Q (190 kW, 72 GPU packages, all
//! heat to liquid, W40 facility water as an estimate).
//!
//! Run with `cargo run --release --example mixed_campus`.

use dcplan::prelude::*;
use dcplan::report::{PlanReport, fleet_table};
use dcplan::sitefile::SiteFile;

fn main() -> Result<()> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sites/mixed-campus.toml"
    );
    let s = SiteFile::read(path)?.scenario()?;
    println!("dcplan mixed campus: {}\n", s.site.name());

    println!("1. The Vera Rubin block grows alone");
    print_plan(&s.site, &s.deployment)?;

    // The same fleet, with a quarter of the growth in GB300 NVL72 racks.
    let types = s.deployment.types();
    let vera_rubin = types
        .iter()
        .find(|t| matches!(t.amount(), Amount::Share(_)))
        .expect("the site file grows one rack type");
    let gb300 = RackProfile::from_system(catalog::find("GB300 NVL72")?, 1)?;
    let mix = Deployment::fleet(
        types
            .iter()
            .filter(|t| matches!(t.amount(), Amount::Fixed(_)))
            .cloned()
            .chain([
                RackType::grown(
                    vera_rubin.name(),
                    vera_rubin.profile().clone(),
                    Fraction::new(0.75)?,
                )?
                .in_halls(vera_rubin.halls().to_vec()),
                RackType::grown("GB300", gb300, Fraction::new(0.25)?)?
                    .in_halls(vera_rubin.halls().to_vec()),
            ]),
    )?;
    println!("\n2. A mix grows: 75 % Vera Rubin, 25 % GB300 NVL72");
    print_plan(&s.site, &mix)?;
    Ok(())
}

/// The plan of `deployment` at `site`: the headline, the binding constraint and one row per
/// rack type.
fn print_plan(site: &Site, deployment: &Deployment) -> Result<()> {
    let p = plan(site, deployment)?;
    let r = PlanReport::new(site, deployment, &p)?;
    println!(
        "   grown block: {} racks; {} racks in all, {} GPUs, {:.1} MW of IT",
        p.primary_racks, r.racks_total, p.accelerators, r.power.it_mw
    );
    let b = &r.binding;
    let digits = if b.unit == "racks" { 0 } else { 2 };
    println!(
        "   binding: {}, exceeded by {:.*} {} with one more rack\n",
        b.constraint, digits, b.overshoot_at_next_rack, b.unit
    );
    for line in fleet_table(&r.fleet).render().lines() {
        println!("   {line}");
    }
    Ok(())
}
