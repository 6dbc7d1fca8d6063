//! The 2024–26 projects planners talk about, reproduced from their published figures: the
//! Shanghai Lingang underwater data centre, Firmus in Batam, Sharon AI, Core Scientific for
//! CoreWeave, IREN, Riot's lease to AMD, NewBird AI, and the GPU rental price path next to
//! bitcoin's hashprice. Each case is a site file in `examples/sites/published/` whose header
//! lists every published figure with its source and every assumption dcplan adds; this
//! program plans, simulates and appraises each and prints published against dcplan, then the
//! table of `docs/validation.md` ("Published cases"). `tests/published_cases.rs` holds every
//! row to its tolerance.
//!
//! Run with `cargo run --release --example published_cases`.

#[path = "published/cases.rs"]
mod cases;

use cases::*;
use dcplan::prelude::*;

fn main() -> Result<()> {
    let lingang = Lingang::compute()?;
    heading(
        "Shanghai Lingang underwater data centre",
        &Lingang::FILES.join(", "),
    );
    for (label, run) in [
        ("underwater module (passive seawater loop)", &lingang.udc),
        (
            "same racks on land: CRAH + air-cooled chillers",
            &lingang.land,
        ),
        (
            "same racks on land: with free-cooling coils",
            &lingang.land_economiser,
        ),
    ] {
        println!(
            "  {label:<48} {} racks, IT {:.1} MW; PUE design {:.3}, annual {:.3}; cooling {:.1} % of the energy",
            run.plan.primary_racks,
            run.it_mw(),
            run.design_pue()?,
            run.annual_pue()?,
            Lingang::cooling_share(run)?
        );
    }
    println!(
        "  Proxy weather: Tampa, FL air (built-in `shanghai-coast`); sea at the project's 15 °C mean."
    );
    println!(
        "  \"40–60 % less power\" is HiCloud's Hainan claim, not Lingang's: it would need a land PUE of {:.2}–{:.2}.",
        lingang.udc.annual_pue()? / 0.6,
        lingang.udc.annual_pue()? / 0.4
    );
    table(&lingang.rows()?);

    let batam = Batam::compute()?;
    heading("Firmus, Batam", Batam::FILE);
    print_plan(&batam.gb300)?;
    table(&batam.rows()?);

    let sharon = Sharon::compute()?;
    heading("Sharon AI: which reading of \"72 MW\"?", Sharon::FILE);
    table(&sharon.rows()?);

    let cs = CoreScientific::compute()?;
    heading("Core Scientific for CoreWeave", CoreScientific::FILE);
    print_plan(&cs.contract)?;
    println!("  What the conversion adds to the air-cooled mine:");
    for l in &cs.contract.plan.operating_point.loops {
        println!(
            "    cooling loop {:<5} {:>6.1} MW of heat, {:>5.1} MW of power",
            l.name,
            l.state.heat.get::<megawatt>(),
            l.state.power.get::<megawatt>()
        );
    }
    for s in &cs.contract.plan.operating_point.stages {
        println!(
            "    {:<28} {:>6.1} MW out, {:>4.2} MW lost",
            s.name,
            s.flow.output.get::<megawatt>(),
            s.flow.loss.get::<megawatt>()
        );
    }
    print_finance(&cs.evaluation);
    table(&cs.rows()?);

    let iren = Iren::compute()?;
    heading("IREN: the plain portfolio", Iren::FILE);
    println!(
        "  {:<32} {:>8} {:>9} {:>11} {:>9}",
        "site", "MW", "GPUs", "online", "NPV $M"
    );
    for (p, e) in iren.portfolio.projects().iter().zip(&iren.report.sites) {
        println!(
            "  {:<32} {:>8.1} {:>9} {:>11} {:>9.0}",
            p.name(),
            p.figures().interconnect.get::<megawatt>(),
            p.built().accelerators,
            e.timeline.first_online().to_string(),
            e.npv.millions()
        );
    }
    print_next_block(&iren.next_block);
    table(&iren.rows()?);

    let hybrid = IrenHybrid::compute(&iren)?;
    heading(
        "IREN: Childress hybrid, the ASICs shed first",
        IrenHybrid::FILE,
    );
    table(&hybrid.rows()?);

    let riot = Riot::compute()?;
    heading("Riot Platforms: Rockdale lease to AMD", Riot::FILE);
    print_plan(&riot.run)?;
    print_finance(&riot.evaluation);
    table(&riot.rows()?);

    let newbird = NewBird::compute()?;
    heading("NewBird AI: what $50 M buys", NewBird::FILE);
    print_finance(&newbird.evaluation);
    table(&newbird.rows()?);

    let paths = PricePaths::compute()?;
    heading(
        "GPU rental price path vs bitcoin hashprice, per MW of interconnect",
        PricePaths::FILE,
    );
    println!(
        "  100 MW energised: {} H100s (DGX H100, PUE 1.25) or S21 miners (PUE 1.05); from {}",
        paths.gpus,
        paths.base.schedule().start()
    );
    println!(
        "  {:<52} {:>9} {:>9} {:>9} {:>8} {:>12}",
        "scenario", "revenue", "margin", "NPV", "IRR", "break-even"
    );
    for s in &paths.scenarios {
        println!(
            "  {:<52} {:>9.2} {:>9.2} {:>9.2} {:>8} {:>12}",
            s.name,
            s.per_mw.revenue.millions(),
            s.per_mw.margin.millions(),
            s.per_mw.npv.millions(),
            s.per_mw
                .irr
                .map_or("—".into(), |r| format!("{:.1} %", r.get() * 100.0)),
            s.levelised.map_or("—".into(), |c| format!("{c:.2}"))
        );
    }
    println!("  ($M per MW of interconnect a year; NPV $M per MW; break-even flat price)");
    println!("  What moves the $2.65/h case (each driver ±20 %), project NPV $M:");
    for bar in &paths.tornado.bars {
        println!(
            "    {:<28} {:>8.0} … {:>8.0}",
            bar.driver.to_string(),
            bar.npv_low.millions(),
            bar.npv_high.millions()
        );
    }

    println!("\n## The table of docs/validation.md\n");
    println!(
        "| case | figure | published | dcplan | error | tolerance | why |\n|---|---|---|---|---|---|---|"
    );
    for (case, file, rows) in all_rows()? {
        for (i, r) in rows.iter().enumerate() {
            let name = if i == 0 {
                format!("**{case}** (`{file}`)")
            } else {
                String::new()
            };
            println!("| {name} | {r} |");
        }
    }
    Ok(())
}

fn heading(case: &str, file: &str) {
    println!("\n=== {case} — examples/sites/published/{file}");
}

fn print_plan(run: &Run) -> Result<()> {
    let p = &run.plan;
    println!(
        "  {} racks, {} GPUs; IT {:.1} MW, facility {:.1} MW; design PUE {:.3}; binding: {}",
        p.primary_racks,
        p.accelerators,
        run.it_mw(),
        run.facility_mw(),
        run.design_pue()?,
        p.binding.kind
    );
    Ok(())
}

fn print_finance(e: &Evaluation) {
    println!(
        "  {}: capex ${:.1}M; first online {}, fully {}; revenue ${:.1}M/yr, margin ${:.1}M/yr; NPV ${:.1}M; IRR {}",
        e.model,
        e.capex.millions(),
        e.timeline.first_online(),
        e.timeline.fully_online(),
        e.steady_state.revenue.millions(),
        e.steady_state.margin.millions(),
        e.npv.millions(),
        e.irr
            .map_or("—".into(), |r| format!("{:.1} %", r.get() * 100.0))
    );
}

fn table(rows: &[Row]) {
    for r in rows {
        println!(
            "  {} {}\n      published {} | dcplan {} | error {} | tolerance {}",
            if r.holds() { "ok  " } else { "FAIL" },
            r.figure,
            r.published,
            r.dcplan,
            r.check.error(r.value, r.unit),
            r.check.tolerance(r.unit)
        );
    }
}
