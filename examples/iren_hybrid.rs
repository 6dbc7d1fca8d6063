//! IREN's hybrid sites: bitcoin ASICs and GB300 GPUs behind Childress's one 750 MW
//! interconnect, the ASICs shed first so the GPUs stay firm — how many GPUs that keeps firm,
//! what the next block of 20,000 GPUs costs the miners (hours, MWh, hashprice revenue), and
//! where the block goes in IREN's 2,910 MW portfolio.
//!
//! Site file: `examples/sites/published/iren-childress-hybrid.toml` (sources and assumptions
//! in its header); the table rows are `docs/validation.md`'s, held by
//! `tests/published_cases.rs`.
//!
//! Run: `cargo run --release --example iren_hybrid`

#[path = "published/cases.rs"]
mod cases;

use cases::*;
use dcplan::prelude::*;

fn main() -> Result<()> {
    let plain = Iren::compute()?;
    let case = IrenHybrid::compute(&plain)?;
    let gpus = |racks: u32| racks as u64 * case.gpus_per_rack;
    println!("IREN Childress, hybrid ({})", IrenHybrid::FILE);
    println!(
        "  design hour, ASICs firm:         {:>7} GPUs ({} racks)",
        gpus(case.design.primary_racks),
        case.design.primary_racks
    );
    println!(
        "  over the year, ASICs shed first: {:>7} GPUs ({} racks, limited by {:?})",
        gpus(case.year_plan.primary_racks),
        case.year_plan.primary_racks,
        case.year_plan.limited_by
    );
    for (what, op) in [
        ("Horizon 1-4 today", &case.today),
        ("with the next 20,000 GPUs", &case.next),
        ("at the year plan", &case.year_plan.year),
    ] {
        let (hours, mwh, lost) = IrenHybrid::asics(op);
        println!(
            "  {what:<26} GPUs curtailed {:>6.1} MWh in {:>4} h | ASICs shed {:>9.0} MWh in {:>4} h, {:>6.2} M USD of hashprice lost",
            op.curtailed_it_energy.get::<megawatt_hour>(),
            op.curtailed_hours,
            mwh,
            hours,
            lost
        );
    }
    print_next_block(&case.next_block);
    println!();
    for r in case.rows()? {
        println!("{r}");
    }
    Ok(())
}
