//! One energised 100 MW interconnect — a West Texas bitcoin mine — and three things to do with
//! it: rent out GPUs, lease the capacity to a colocation tenant, or keep mining. Revenue,
//! margin and NPV per MW of interconnect for each; what drives the GPU case (tornado); and what
//! being energised is worth against a greenfield site waiting 6 years for a new substation.
//!
//! Inputs, each a planning figure with its source tag (see `docs/models.md`):
//! * physics: lumped design PUE 1.25 for the AI conversion and 1.05 for the mine [U]; load
//!   factor 80 % for AI, 95 % for mining [U] — to be replaced by the annual simulation;
//! * AI: DGX H100 (the GPU whose price, $25–40k, and rental, ~$2/h in 2025–26, are sourced [S]),
//!   4 per rack, rented at $2.00 per GPU-hour, 80 % sold; AI-ready build $9.5M per MW of IT [S];
//! * colocation: $184 per kW-month [S], energy passed through;
//! * mining: the existing shell (build cost sunk), a new Antminer S21 fleet at $15 per TH/s [U],
//!   hashprice $50 per PH/s per day [S] until the April 2028 halving, then half the block
//!   subsidy: $37.5 in 2028 and $25 after [U, a scenario: bitcoin price and difficulty held];
//! * energy $68 per MWh, the low end of US industrial prices (EIA 2024) [P]; 85 % debt at
//!   7.125 % [S]; 10 % discount rate, 10 years [U].
//!
//! Run with `cargo run --release --example ai_vs_bitcoin_per_mw`.

use chrono::NaiveDate;
use dcplan::economics::Tornado;
use dcplan::prelude::*;

fn main() -> Result<()> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    let start = date(2026, 1, 1);
    let interconnect = GridInterconnect::new(megawatts(100.0))?;
    let site = |pue: f64| -> Result<Site> {
        Site::builder("West Texas", interconnect)
            .lumped_pue(Pue::new(pue)?)
            .build()
    };
    let (ai_site, mine_site) = (site(1.25)?, site(1.05)?);
    let gpus = Deployment::new(RackProfile::from_system(catalog::find("DGX H100")?, 4)?);
    let miners = Deployment::new(RackProfile::from_system(catalog::find("Antminer S21")?, 8)?);
    let ai = AnnualFigures::from_plan(
        &ai_site,
        &plan(&ai_site, &gpus)?,
        &gpus,
        Fraction::new(0.8)?,
    );
    let mining = AnnualFigures::from_plan(
        &mine_site,
        &plan(&mine_site, &miners)?,
        &miners,
        Fraction::new(0.95)?,
    );

    // Energised since 2021; the AI conversion takes 12 months in two 50 MW phases, the GPUs
    // 44 weeks; the mine swaps in new miners (12 weeks) without building anything.
    let energised = GridAccess::Energised {
        since: date(2021, 6, 1),
    };
    let conversion = Schedule::new(
        start,
        energised,
        LeadTimes {
            construction: months(12.0),
            transformers: None,
            ..LeadTimes::default()
        },
        Phase::equal(2, megawatts(100.0)),
    )?;
    let refresh = Schedule::new(
        start,
        energised,
        LeadTimes {
            construction: Time::ZERO,
            transformers: None,
            equipment: weeks(12.0),
            ..LeadTimes::default()
        },
        vec![Phase::new("fleet", megawatts(100.0))],
    )?;
    let opex = Opex {
        energy: EnergyPrice::Flat(PricePath::Flat(UsdPerMwh::new(68.0))),
        ..Opex::default()
    };
    let hashprice = BusinessModel::BitcoinMining {
        hashprice: PricePath::Yearly([50.0, 50.0, 37.5, 25.0].map(UsdPerPhsDay::new).to_vec()),
        uptime: Fraction::new(0.95)?,
    };
    let projects = [
        Project::new(
            "AI factory",
            ai.clone(),
            BusinessModel::gpu_rental(),
            conversion.clone(),
        )?
        .with_opex(opex.clone())?,
        Project::new("AI colocation", ai, BusinessModel::colocation(), conversion)?
            .with_opex(opex.clone())?,
        Project::new("bitcoin mine", mining, hashprice, refresh)?
            .with_capex(Capex {
                build: BuildCost::per_mw_of_it(UsdPerMw::ZERO),
                equipment: Some(Equipment::miners()),
            })?
            .with_opex(opex)?,
    ];

    println!("West Texas: one energised 100 MW interconnect, three business models");
    println!("(from {start}, 10 years, 10 % discount rate, energy $68/MWh)\n");
    let results: Vec<Evaluation> = projects
        .iter()
        .map(Project::appraise)
        .collect::<Result<_>>()?;
    let row = |label: &str, cell: &dyn Fn(&Evaluation) -> String| {
        print!("{label:<26}");
        for e in &results {
            print!("{:>21}", cell(e));
        }
        println!();
    };
    let pct = |x: Option<f64>| x.map_or("—".to_owned(), |r| format!("{:.1} %", r * 100.0));
    row("", &|e| e.model.to_owned());
    row("IT capacity (MW)", &|e| {
        let f = projects
            .iter()
            .find(|p| p.name() == e.name)
            .map(|p| p.figures().it_capacity.get::<megawatt>());
        format!("{:.1}", f.unwrap_or(0.0))
    });
    row("GPUs or hash rate", &|e| {
        let f = projects
            .iter()
            .find(|p| p.name() == e.name)
            .map(Project::figures);
        match f {
            Some(f) if f.accelerators > 0 => format!("{} GPUs", f.accelerators),
            Some(f) => format!("{:.2} EH/s", f.hashrate.ehs()),
            None => String::new(),
        }
    });
    row("fully online", &|e| e.timeline.fully_online().to_string());
    row("capex, 10 years ($M)", &|e| {
        format!("{:.0}", e.capex.millions())
    });
    row("revenue per MW-year ($M)", &|e| {
        format!("{:.2}", e.per_mw().revenue.millions())
    });
    row("margin per MW-year ($M)", &|e| {
        format!("{:.2}", e.per_mw().margin.millions())
    });
    row("NPV per MW ($M)", &|e| {
        format!("{:.2}", e.per_mw().npv.millions())
    });
    row("project IRR", &|e| pct(e.irr.map(f64::from)));
    row("equity IRR", &|e| pct(e.equity_irr.map(f64::from)));
    row("payback (years)", &|e| {
        e.payback.map_or("never".to_owned(), |p| {
            format!("{:.1}", p.get::<time::year>())
        })
    });
    row("min DSCR", &|e| {
        e.min_dscr.map_or("—".to_owned(), |d| format!("{d:.2}"))
    });
    row("break-even price", &|e| {
        e.levelised_cost
            .map_or("—".to_owned(), |c| format!("{c:.2}"))
    });

    let best = results
        .iter()
        .max_by(|a, b| a.npv.get().total_cmp(&b.npv.get()))
        .map_or("—", |e| e.name.as_str());
    println!("\nHighest NPV per MW of interconnect: {best}");

    println!("\nAI factory cash flows ($M):");
    println!(
        "{:>4} {:>10} {:>8} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "year", "ends", "online", "revenue", "opex", "capex", "cash flow", "equity"
    );
    for r in &results[0].years {
        println!(
            "{:>4} {:>10} {:>7.0}% {:>9.1} {:>9.1} {:>9.1} {:>10.1} {:>10.1}",
            r.year,
            r.ends,
            r.online_share * 100.0,
            (r.revenue + r.energy_recovered).millions(),
            r.opex().millions(),
            r.capex().millions(),
            r.cash_flow.millions(),
            r.equity_cash_flow.millions()
        );
    }

    println!("\nWhat moves the AI factory's NPV (each driver ±20 %):");
    print_tornado(&projects[0].tornado(Fraction::new(0.2)?)?);

    let worth = projects[0].energisation_value(GridAccess::new_connection())?;
    println!(
        "\nBeing energised: GPUs first online {} instead of {} ({} days earlier) behind a new",
        worth.first_online, worth.first_online_alternative, worth.days_earlier
    );
    println!(
        "substation (6 years, $0.3M per MW); NPV ${:.0}M instead of ${:.0}M: the energised interconnect is worth ${:.0}M (${:.2}M per MW).",
        worth.npv.millions(),
        worth.npv_alternative.millions(),
        worth.value.millions(),
        worth.value.millions() / 100.0
    );
    Ok(())
}

fn print_tornado(t: &Tornado) {
    println!(
        "   {:<28} {:>21} {:>21}",
        "($M at −20 % … +20 %)", "project NPV", "equity NPV"
    );
    println!(
        "   {:<28} {:>21.0} {:>21.0}",
        "as given",
        t.base.millions(),
        t.equity_base.millions()
    );
    for bar in &t.bars {
        println!(
            "   {:<28} {:>9.0} … {:>9.0} {:>9.0} … {:>9.0}",
            bar.driver.to_string(),
            bar.npv_low.millions(),
            bar.npv_high.millions(),
            bar.equity_npv_low.millions(),
            bar.equity_npv_high.millions()
        );
    }
}
