//! Portfolio totals, GPUs online by date and the ranking of the next block.

mod common;

use chrono::NaiveDate;
use common::lumped;
use dcplan::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A lumped-PUE GB200 site of `interconnect` MW with `phases` MW energised in one phase.
fn site(name: &str, interconnect: f64, pue: f64, phase: f64, grid: GridAccess) -> Project {
    let s = lumped(interconnect, pue);
    let d = Deployment::new(common::gb200());
    let f = AnnualFigures::from_plan(&s, &plan(&s, &d).unwrap(), &d, Fraction::new(0.8).unwrap());
    let lead = LeadTimes {
        construction: months(12.0),
        transformers: None,
        ..LeadTimes::default()
    };
    let schedule = Schedule::new(
        date(2026, 1, 1),
        grid,
        lead,
        vec![Phase::new("1", megawatts(phase))],
    )
    .unwrap();
    Project::new(name, f, BusinessModel::gpu_rental(), schedule).unwrap()
}

#[test]
fn totals_and_gpus_online() {
    let start = date(2026, 1, 1);
    // A: 100 MW at PUE 1.2: ⌊100,000 / 144⌋ = 694 racks = 49,968 GPUs; 50 MW in its phase
    // → 24,984 GPUs, online 365 + 28 days after the start (GPUs at 308 d come first).
    // B: 200 MW at PUE 1.25: ⌊200,000 / 150⌋ = 1,333 racks = 95,976 GPUs, all 200 MW in the
    // phase; grid in 2 years (730 d), online 28 d after.
    let p = Portfolio::new(vec![
        site(
            "A",
            100.0,
            1.2,
            50.0,
            GridAccess::Energised { since: start },
        ),
        site(
            "B",
            200.0,
            1.25,
            200.0,
            GridAccess::New {
                lead: years(2.0),
                cost: UsdPerMw::ZERO,
            },
        ),
    ])
    .unwrap();
    let r = p.evaluate().unwrap();
    assert_eq!(r.interconnect.get::<megawatt>(), 300.0);
    assert_eq!(r.energised.get::<megawatt>(), 250.0);
    assert_eq!(r.accelerators, 24_984 + 95_976);
    assert_eq!(
        r.gpus_online,
        vec![
            (date(2027, 1, 29), 24_984),
            (date(2028, 1, 29), 24_984 + 95_976)
        ]
    );
    assert_eq!(r.gpus_online_on(date(2027, 1, 28)), 0);
    assert_eq!(r.gpus_online_on(date(2027, 6, 1)), 24_984);
    assert_eq!(r.gpus_online_on(date(2040, 1, 1)), 120_960);
    let npv: Money = r.sites.iter().map(|e| e.npv).sum();
    assert_eq!(r.npv, npv);
}

#[test]
fn next_block_goes_where_power_comes_first() {
    let start = date(2026, 1, 1);
    let p = Portfolio::new(vec![
        // Queued, lots of room.
        site("queued", 400.0, 1.2, 100.0, GridAccess::new_connection()),
        // Energised, room for 50 MW: 10,000 GPUs need 10,000 × 100/49,968 = 20.01 MW.
        site(
            "energised",
            100.0,
            1.2,
            50.0,
            GridAccess::Energised { since: start },
        ),
        // Energised but full.
        site(
            "full",
            100.0,
            1.2,
            100.0,
            GridAccess::Energised { since: start },
        ),
    ])
    .unwrap();
    let ranking = p.rank_next_block(10_000, start).unwrap();
    let names: Vec<&str> = ranking.iter().map(|c| c.site.as_str()).collect();
    assert_eq!(names, vec!["energised", "queued", "full"]);
    let first = &ranking[0];
    assert!(first.fits);
    assert!((first.power.unwrap().get::<megawatt>() - 10_000.0 * 100.0 / 49_968.0).abs() < 1e-9);
    assert_eq!(first.online, Some(date(2027, 1, 29)));
    assert!(!ranking[2].fits && ranking[2].online.is_none());
    assert!(p.rank_next_block(0, start).is_err());
    assert!(Portfolio::new(vec![]).is_err());
    let twice = site(
        "x",
        100.0,
        1.2,
        50.0,
        GridAccess::Energised { since: start },
    );
    assert!(Portfolio::new(vec![twice.clone(), twice]).is_err());
}
