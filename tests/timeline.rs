//! Schedules: dates checked by hand (day counts in comments) and the property that a later
//! energisation never brings anything online sooner.

mod common;

use chrono::{Days, NaiveDate};
use dcplan::prelude::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn duration_helpers() {
    assert_eq!(weeks(52.0).get::<time::day>(), 364.0);
    assert!((months(18.0).get::<time::day>() - 547.5).abs() < 1e-9);
    assert_eq!(years(6.0).get::<time::day>(), 2_190.0);
}

#[test]
fn energised_conversion_is_bound_by_the_gpus() {
    // Mine energised since 2021. Start 2026-03-01 (day 60), conversion 9 months = 273.75 d
    // → 274 d → 2026-11-30 (day 334). GPUs 44 weeks = 308 d → 2027-01-03, + 4 weeks
    // commissioning → 2027-01-31.
    let s = Schedule::new(
        date(2026, 3, 1),
        GridAccess::Energised {
            since: date(2021, 6, 1),
        },
        LeadTimes {
            construction: months(9.0),
            transformers: None,
            ..LeadTimes::default()
        },
        vec![Phase::new("all", megawatts(100.0))],
    )
    .unwrap();
    let t = s.timeline().unwrap();
    let p = &t.phases[0];
    assert_eq!(t.grid_ready, date(2026, 3, 1));
    assert_eq!(
        (p.powered, p.powered_by),
        (date(2026, 11, 30), Milestone::Construction)
    );
    assert_eq!(
        (p.online, p.online_by),
        (date(2027, 1, 31), Milestone::Equipment)
    );
}

#[test]
fn queued_site_builds_just_in_time() {
    // New connection, 6 years = 2,190 d from 2026-01-01 → 2031-12-31. Build time = the
    // transformers' 150 weeks (1,050 d) > 18 months: construction starts 2031-12-31 − 1,050 d
    // = 2029-02-14 for both phases (later than the stagger), powered on the grid date.
    let s = Schedule::new(
        date(2026, 1, 1),
        GridAccess::new_connection(),
        LeadTimes::default(),
        Phase::equal(2, megawatts(300.0)),
    )
    .unwrap();
    let t = s.timeline().unwrap();
    assert_eq!(t.grid_ready, date(2031, 12, 31));
    for p in &t.phases {
        assert_eq!(p.construction_start, date(2029, 2, 14));
        assert_eq!(
            (p.powered, p.powered_by),
            (date(2031, 12, 31), Milestone::Grid)
        );
        // GPUs (308 d after 2029-02-14) are long there: online 28 d after power.
        assert_eq!(p.online, date(2032, 1, 28));
    }
    assert_eq!(t.gpus_online(100_000, date(2032, 1, 27)), 0);
    assert_eq!(t.gpus_online(100_000, date(2032, 1, 28)), 100_000);
}

#[test]
fn staggered_phases_ramp_up() {
    // Energised now, no transformers, 12-month build (365 d), 3-month interval (91.25 d ×
    // i, rounded): phases start at 0, 91, 183 (182.5 → 183) days; each online 365 + 28 d
    // later (GPUs at 308 d arrive first).
    let start = date(2026, 1, 1);
    let s = Schedule::new(
        start,
        GridAccess::Energised { since: start },
        LeadTimes {
            construction: months(12.0),
            transformers: None,
            phase_interval: months(3.0),
            ..LeadTimes::default()
        },
        vec![
            Phase::new("a", megawatts(20.0)),
            Phase::new("b", megawatts(30.0)),
            Phase::new("c", megawatts(50.0)),
        ],
    )
    .unwrap();
    let t = s.timeline().unwrap();
    let online: Vec<NaiveDate> = t.phases.iter().map(|p| p.online).collect();
    let at = |d: u64| start + Days::new(d);
    assert_eq!(online, vec![at(393), at(484), at(576)]);
    assert_eq!(t.gpus_online(1_000, at(393)), 200);
    assert_eq!(t.gpus_online(1_000, at(484)), 500);
    assert_eq!(t.gpus_online(1_000, at(575)), 500);
    assert_eq!(t.gpus_online(1_000, at(576)), 1_000);
    assert_eq!(t.energised(at(365)).get::<megawatt>(), 20.0);
    assert_eq!(t.fully_online(), at(576));
}

fn cfg() -> ProptestConfig {
    common::proptest_config(1000)
}

fn lead(construction: f64, transformers: Option<f64>, equipment: f64, interval: f64) -> LeadTimes {
    LeadTimes {
        construction: Time::new::<time::day>(construction),
        transformers: transformers.map(Time::new::<time::day>),
        equipment: Time::new::<time::day>(equipment),
        commissioning: weeks(4.0),
        phase_interval: Time::new::<time::day>(interval),
    }
}

proptest! {
    #![proptest_config(cfg())]

    /// A later energisation date never brings GPUs online sooner, nor energises any phase
    /// sooner — for an energised site's date and for a queue's length alike.
    #[test]
    fn later_energisation_never_brings_gpus_sooner(
        since in 0i64..4_000,
        later in 0i64..2_000,
        queue in 0.0f64..3_000.0,
        more_queue in 0.0f64..2_000.0,
        construction in 0.0f64..1_000.0,
        transformers in prop::option::of(0.0f64..1_500.0),
        equipment in 0.0f64..600.0,
        interval in 0.0f64..400.0,
        phases in 1u32..6,
        gpus in 1u64..2_000_000,
        probes in prop::collection::vec(0u64..6_000, 8),
    ) {
        let start = date(2026, 1, 1);
        let l = lead(construction, transformers, equipment, interval);
        let sched = |grid: GridAccess| {
            Schedule::new(start, grid, l.clone(), Phase::equal(phases, megawatts(100.0)))
                .unwrap()
                .timeline()
                .unwrap()
        };
        let day0 = date(2024, 1, 1);
        let on = |d: i64| day0 + chrono::Duration::days(d);
        let pairs = [
            (
                sched(GridAccess::Energised { since: on(since) }),
                sched(GridAccess::Energised { since: on(since + later) }),
            ),
            (
                sched(GridAccess::New { lead: Time::new::<time::day>(queue), cost: UsdPerMw::ZERO }),
                sched(GridAccess::New {
                    lead: Time::new::<time::day>(queue + more_queue),
                    cost: UsdPerMw::ZERO,
                }),
            ),
        ];
        for (early, late) in &pairs {
            for (a, b) in early.phases.iter().zip(&late.phases) {
                prop_assert!(b.powered >= a.powered && b.online >= a.online);
            }
            for &p in &probes {
                let d = start + Days::new(p);
                prop_assert!(late.gpus_online(gpus, d) <= early.gpus_online(gpus, d));
                prop_assert!(late.share_online(d) <= early.share_online(d));
            }
            prop_assert_eq!(late.gpus_online(gpus, late.fully_online()), gpus);
        }
    }
}
