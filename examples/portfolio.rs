//! A 2,910 MW portfolio of five AI campuses of different sizes, climates and energisation
//! dates: what each site and the whole portfolio are worth, how many GPUs are online when, and
//! where the next block of 12,000 GPUs should go (earliest online, then lowest cost).
//!
//! Every site is modelled by its components — 2N UPS, a direct-to-chip liquid loop to dry
//! coolers with trim chillers, CRAH with free-cooling coils — at its climate's 0.4 % design
//! dry-bulb (built-in typical years; the Gulf Coast uses Miami's), so a hotter site fits fewer
//! GPUs per MW; annual energy and water come from the hourly simulation of that climate's
//! typical year, times an 80 % load factor [U]. GB200 NVL72 racks; every price is a
//! documented default (GPUs at $32,500 and rented at $2.00 per GPU-hour [S] — H100 figures,
//! Blackwell costs and rents more; AI-ready build $9.5M per MW [S]; energy $80 per MWh [P]; 85 %
//! debt at 7.125 % [S]). Phases leave part of each interconnect unbuilt, for the next block.
//!
//! Run with `cargo run --release --example portfolio`.

use chrono::NaiveDate;
use dcplan::climate::{DesignBasis, builtin};
use dcplan::prelude::*;
use dcplan::simulate;

/// One campus: its name, climate, interconnect (MW), grid access, lead times and phases
/// (MW each, count).
struct Campus {
    name: &'static str,
    climate: &'static str,
    interconnect_mw: f64,
    grid: GridAccess,
    lead: LeadTimes,
    phase_mw: f64,
    phases: u32,
}

fn main() -> Result<()> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    let start = date(2026, 1, 1);
    let queue = |years_to_power: f64| GridAccess::New {
        lead: years(years_to_power),
        cost: UsdPerMw::from_millions(0.3),
    };
    let campuses = [
        Campus {
            name: "Midland TX (mine)",
            climate: "phoenix",
            interconnect_mw: 110.0,
            grid: GridAccess::Energised {
                since: date(2022, 3, 1),
            },
            // A conversion: the mine's substation stays, no new transformers.
            lead: LeadTimes {
                construction: months(12.0),
                transformers: None,
                ..LeadTimes::default()
            },
            phase_mw: 80.0,
            phases: 1,
        },
        Campus {
            name: "Loudoun VA",
            climate: "northern-virginia",
            interconnect_mw: 300.0,
            grid: queue(6.0),
            lead: LeadTimes::default(),
            phase_mw: 100.0,
            phases: 2,
        },
        Campus {
            name: "Elk Grove IL",
            climate: "chicago",
            interconnect_mw: 500.0,
            grid: GridAccess::Energised {
                since: date(2028, 6, 1),
            },
            lead: LeadTimes::default(),
            phase_mw: 125.0,
            phases: 3,
        },
        Campus {
            name: "Mesa AZ",
            climate: "phoenix",
            interconnect_mw: 800.0,
            grid: queue(4.0),
            lead: LeadTimes::default(),
            phase_mw: 150.0,
            phases: 4,
        },
        Campus {
            name: "Gulf Coast",
            climate: "miami",
            interconnect_mw: 1_200.0,
            grid: queue(7.0),
            lead: LeadTimes::default(),
            phase_mw: 150.0,
            phases: 6,
        },
    ];

    println!("A 2,910 MW portfolio of five GB200 NVL72 campuses (from {start}, 10 years)\n");
    println!(
        "{:<18} {:>6} {:>6} {:>6} {:>8} {:>11} {:>11} {:>8} {:>8} {:>7} {:>9}",
        "site",
        "MW",
        "PUE*",
        "annual",
        "GPUs",
        "first GPUs",
        "all online",
        "capex $M",
        "NPV $M",
        "IRR",
        "$/GPU-h"
    );
    let mut projects = Vec::new();
    let mut pues = Vec::new();
    for c in &campuses {
        let (project, pue) = campus(c, start)?;
        projects.push(project);
        pues.push(pue);
    }
    let portfolio = Portfolio::new(projects)?;
    let report = portfolio.evaluate()?;
    for ((c, e), pue) in campuses.iter().zip(&report.sites).zip(&pues) {
        let gpus = portfolio
            .projects()
            .iter()
            .find(|p| p.name() == e.name)
            .map_or(0, |p| p.built().accelerators);
        println!(
            "{:<18} {:>6.0} {:>6.3} {:>6.3} {:>8} {:>11} {:>11} {:>8.0} {:>8.0} {:>7} {:>9.2}",
            c.name,
            c.interconnect_mw,
            pue.0,
            pue.1,
            gpus,
            e.timeline.first_online().to_string(),
            e.timeline.fully_online().to_string(),
            e.capex.millions(),
            e.npv.millions(),
            e.irr
                .map_or("—".to_owned(), |r| format!("{:.1}%", r.get() * 100.0)),
            e.cost_per_gpu_hour.map_or(f64::NAN, |c| c.get())
        );
    }
    println!("* design-hour PUE at the site's 0.4 % dry-bulb; annual PUE of the simulated year\n");
    println!(
        "Portfolio: {:.0} MW of interconnect, {:.0} MW in phases, {:.0} MW of IT, {} GPUs when all phases are online",
        report.interconnect.get::<megawatt>(),
        report.energised.get::<megawatt>(),
        report.it_capacity.get::<megawatt>(),
        report.accelerators
    );
    println!(
        "           capex ${:.1}B over 10 years, NPV ${:.1}B, steady-state revenue ${:.1}B and margin ${:.1}B a year",
        report.capex.millions() / 1e3,
        report.npv.millions() / 1e3,
        report.revenue.millions() / 1e3,
        report.margin.millions() / 1e3
    );

    println!("\nGPUs online on 1 January:");
    for y in 2027..=2034 {
        println!("  {y}: {:>8}", report.gpus_online_on(date(y, 1, 1)));
    }

    println!("\nWhere should the next 12,000 GPUs go (decided {start})?");
    println!(
        "{:<4} {:<18} {:>9} {:>9} {:>11} {:>9}",
        "rank", "site", "MW", "spare MW", "online", "$/GPU-h"
    );
    for (i, c) in portfolio.rank_next_block(12_000, start)?.iter().enumerate() {
        println!(
            "{:<4} {:<18} {:>9.1} {:>9.1} {:>11} {:>9}",
            i + 1,
            c.site,
            c.power.map_or(f64::NAN, |p| p.get::<megawatt>()),
            c.spare.get::<megawatt>(),
            c.online.map_or("no room".to_owned(), |d| d.to_string()),
            c.cost_per_gpu_hour
                .map_or("—".to_owned(), |x| format!("{:.2}", x.get()))
        );
    }
    Ok(())
}

/// The campus's project, its design-hour PUE and its annual PUE.
fn campus(c: &Campus, start: NaiveDate) -> Result<(Project, (f64, f64))> {
    let mw = |x: f64| Power::new::<megawatt>(x * c.interconnect_mw);
    let climate = builtin(c.climate)?;
    let design = climate.design_ambient(DesignBasis::DryBulb04)?;
    let units = ((c.interconnect_mw / 20.0).round() as u32).max(4);
    let site = Site::builder(c.name, GridInterconnect::new(mw(1.0))?)
        .electrical(ElectricalChain::reference(mw(0.9), Redundancy::TwoN)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::DirectToChipDryCooler,
            "liquid",
            mw(0.8),
            units,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::AirEconomiser,
            "air",
            mw(0.16),
            units,
        )?)?)
        .house_load(mw(0.01))
        .design_ambient(design)
        .build()?;
    let deployment = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    let plan = plan(&site, &deployment)?;
    let year = simulate::annual(&site, &deployment, plan.primary_racks, &climate)?;
    let pues = (
        plan.operating_point.pue(ItMeasurement::ItInput)?.get(),
        year.pue(ItMeasurement::ItInput)?.get(),
    );
    let figures =
        AnnualFigures::from_simulation(&site, &plan, &deployment, &year, Fraction::new(0.8)?)?;
    let phases = (1..=c.phases)
        .map(|i| Phase::new(&format!("phase {i}"), Power::new::<megawatt>(c.phase_mw)))
        .collect();
    let schedule = Schedule::new(start, c.grid, c.lead.clone(), phases)?;
    let project = Project::new(c.name, figures, BusinessModel::gpu_rental(), schedule)?;
    Ok((project, pues))
}
