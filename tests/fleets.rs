//! Mixed fleets: several rack types in one deployment, some fixed, one or more grown (alone or
//! in proportion), halls reserved for types, support racks attached to the type they serve.

use dcplan::capacity::plan;
use dcplan::report::PlanReport;
use dcplan::sitefile::{Format, SiteFile};

/// A lumped-PUE campus (20 MW at PUE 1.25: 16 MW of IT) with an existing GB200 estate and its
/// network racks in hall A, a storage row in the air hall, and a 132 kW rack type that grows
/// into hall B first, then into what hall A has left.
const FLEET: &str = r#"name = "fleet"
pue = 1.25
[interconnect]
capacity = "20 MW"
[halls.A]
positions = 100
[halls.B]
positions = 100
power_limit = "12 MW"
[halls.Air]
positions = 20
[deployment.fleet."GB200 estate"]
system = "GB200 NVL72"
count = 30
halls = ["A"]
[[deployment.fleet."GB200 estate".support]]
name = "network"
it_power = "20 kW"
per_primary = 16
[deployment.fleet.storage]
name = "storage"
it_power = "15 kW"
count = 10
halls = ["Air"]
[deployment.fleet.next]
name = "next"
it_power = "132 kW"
accelerators = 72
halls = ["B", "A"]
"#;

/// `FLEET` with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(FLEET.contains(from), "{from:?} is not in the site");
    FLEET.replacen(from, to, 1)
}

fn read(text: &str) -> SiteFile {
    SiteFile::from_text("fleet.toml", text, Format::Toml, ".")
}

/// The plan's report of `text` as JSON.
fn report(text: &str) -> serde_json::Value {
    let s = read(text).scenario().unwrap();
    let p = plan(&s.site, &s.deployment).unwrap();
    serde_json::to_value(PlanReport::new(&s.site, &s.deployment, &p).unwrap()).unwrap()
}

/// The located error of reading and planning `text`.
fn error(text: &str) -> String {
    let file = read(text);
    match file
        .scenario()
        .and_then(|s| plan(&s.site, &s.deployment).map_err(|e| file.locate(e)))
    {
        Ok(p) => panic!("accepted: {} racks", p.primary_racks),
        Err(e) => e.to_string(),
    }
}

fn close(a: &serde_json::Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_fleet_is_planned_type_by_type_with_the_fixed_racks_placed_first() {
    // Fixed: 30 × 120 kW + ⌈30/16⌉ = 2 network racks × 20 kW = 3,640 kW in hall A, and
    // 10 × 15 kW = 150 kW of storage in the air hall: 3,790 kW. The interconnect carries
    // 20 MW / 1.25 = 16,000 kW of IT, so the grown type fits (16,000 − 3,790) / 132 = 92.5
    // → 92 racks (15,934 kW); the 93rd would take the facility to 1.25 × 16,066 kW, 82.5 kW
    // over. Hall B holds ⌊12,000 / 132⌋ = 90 of them, hall A the other 2 beside the estate.
    let r = report(FLEET);
    assert_eq!(r["primary_racks"], 92);
    assert_eq!(r["binding"]["kind"], "grid_interconnect");
    assert!(close(&r["binding"]["overshoot_at_next_rack"], 0.0825));
    assert_eq!(r["accelerators"], (30 + 92) * 72);
    let fleet = r["fleet"].as_array().unwrap();
    let rows: Vec<_> = fleet
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["racks"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [("GB200 estate", 30), ("storage", 10), ("next", 92)]);
    assert_eq!(fleet[0]["support_racks"][0]["racks"], 2);
    assert_eq!(fleet[0]["accelerators"], 30 * 72);
    assert!(close(&fleet[0]["it_mw"], 3.64));
    assert!(close(&fleet[1]["it_mw"], 0.15));
    assert!(close(&fleet[2]["it_mw"], 92.0 * 0.132));
    assert_eq!(fleet[2]["share"], 1.0);
    assert!(fleet[0]["share"].is_null());
    let halls: Vec<_> = r["halls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["name"].as_str().unwrap(), h["racks"].as_u64().unwrap()))
        .collect();
    assert_eq!(halls, [("A", 30 + 2 + 2), ("B", 90), ("Air", 10)]);
}

#[test]
fn shares_that_do_not_sum_to_one_are_located_at_the_last_share() {
    let two = edit(
        "halls = [\"B\", \"A\"]\n",
        "halls = [\"B\", \"A\"]\nshare = \"60 %\"\n[deployment.fleet.other]\nname = \"other\"\nit_power = \"50 kW\"\nshare = \"30 %\"\n",
    );
    let e = error(&two);
    assert!(
        e.contains("fleet.toml:34:9: deployment.fleet.other.share") && e.contains("sum to 90 %"),
        "{e}"
    );
    // Several types grow: each needs its share.
    let e = error(&two.replace("share = \"30 %\"\n", ""));
    assert!(e.contains("deployment.fleet.other"), "{e}");
    assert!(e.contains("share"), "{e}");
}

#[test]
fn a_reserved_hall_that_does_not_exist_is_located() {
    let e = error(&edit("halls = [\"Air\"]", "halls = [\"Cold aisle\"]"));
    assert!(
        e.contains("deployment.fleet.storage.halls") && e.contains("'Cold aisle'"),
        "{e}"
    );
}

#[test]
fn a_fixed_estate_beyond_the_interconnect_is_a_plan_with_nothing_to_grow() {
    // 200 GB200 racks (24 MW and 13 network racks) exceed 16 MW of IT on their own.
    let big = edit("count = 30", "count = 200")
        .replace("positions = 100\n[halls.B]", "positions = 300\n[halls.B]");
    let s = read(&big).scenario().unwrap();
    let p = plan(&s.site, &s.deployment).unwrap();
    assert_eq!(p.primary_racks, 0);
    assert!(!p.operating_point.fits());
    let table = PlanReport::new(&s.site, &s.deployment, &p).unwrap().table();
    assert!(table.contains("nothing can grow"), "{table}");
}

#[test]
fn fleet_entries_and_the_single_rack_form_do_not_mix() {
    let e = error(&edit(
        "[deployment.fleet.\"GB200 estate\"]",
        "[deployment]\nsystem = \"GB200 NVL72\"\n[deployment.fleet.\"GB200 estate\"]",
    ));
    assert!(
        e.contains("deployment.system") && e.contains("fleet"),
        "{e}"
    );
    let e = error(&edit("count = 10\n", "count = 10\nshare = \"10 %\"\n"));
    assert!(e.contains("deployment.fleet.storage"), "{e}");
    let e = error(&edit(
        "halls = [\"B\", \"A\"]\n",
        "halls = [\"B\", \"A\"]\ncount = 5\n",
    ));
    assert!(e.contains("no rack type grows"), "{e}");
}

mod common;
use common::*;
use dcplan::prelude::*;
use proptest::prelude::*;

/// A random fleet on a lumped-PUE site with halls: fixed and grown rack types of custom racks,
/// each with or without support racks, reserving a subset of the halls (bit `h` of its mask)
/// or none.
#[derive(Clone, Debug)]
struct Campus {
    grid_mw: f64,
    pue: f64,
    halls: Vec<(u32, Option<f64>)>,
    fixed: Vec<(f64, u32, u8, Option<u32>)>,
    grown: Vec<(f64, f64, u8, Option<u32>)>,
}

fn campus() -> impl Strategy<Value = Campus> {
    let kind = || (5.0..200.0f64, 0u8..16, prop::option::of(1u32..20));
    (
        (1.0..40.0f64, 1.05..1.6f64),
        prop::collection::vec((0u32..300, prop::option::of(0.2..20.0f64)), 0..4),
        prop::collection::vec((kind(), 0u32..60), 0..3),
        prop::collection::vec((kind(), 0.05..1.0f64), 1..5),
    )
        .prop_map(|((grid_mw, pue), halls, fixed, grown)| Campus {
            grid_mw,
            pue,
            halls,
            fixed: fixed
                .into_iter()
                .map(|((kw, mask, per), n)| (kw, n, mask, per))
                .collect(),
            grown: grown
                .into_iter()
                .map(|((kw, mask, per), w)| (kw, w, mask, per))
                .collect(),
        })
}

/// The site and fleet of `c`, or `None` where the fleet leaves a type no hall (every hall
/// reserved for others).
fn build(c: &Campus) -> Option<(Site, Deployment)> {
    let mut b = Site::builder(
        "campus",
        GridInterconnect::new(megawatts(c.grid_mw)).unwrap(),
    )
    .lumped_pue(Pue::new(c.pue).unwrap());
    for (i, (positions, limit)) in c.halls.iter().enumerate() {
        b = b.hall(Hall::new(&format!("H{i}"), *positions, limit.map(megawatts)).unwrap());
    }
    let site = b.build().unwrap();
    let halls = |mask: u8| -> Vec<String> {
        (0..c.halls.len())
            .filter(|h| mask & (1 << h) != 0)
            .map(|h| format!("H{h}"))
            .collect()
    };
    let with = |t: RackType, mask: u8, per: Option<u32>| {
        let t = t.in_halls(halls(mask));
        match per {
            Some(per) => t.with_support(network_rack(), per).unwrap(),
            None => t,
        }
    };
    let total: f64 = c.grown.iter().map(|g| g.1).sum();
    let fixed = c.fixed.iter().enumerate().map(|(i, &(kw, n, mask, per))| {
        with(
            RackType::fixed(&format!("fixed {i}"), air_rack(kw), n),
            mask,
            per,
        )
    });
    let grown = c.grown.iter().enumerate().map(|(i, &(kw, w, mask, per))| {
        let share = Fraction::new(w / total).unwrap();
        with(
            RackType::grown(&format!("grown {i}"), air_rack(kw), share).unwrap(),
            mask,
            per,
        )
    });
    // Shares that are each rounded may sum a few ulps from 1: within the tolerance.
    let d = Deployment::fleet(fixed.chain(grown).collect::<Vec<_>>()).unwrap();
    match Placement::new(&site, &d, 0) {
        Ok(_) => Some((site, d)),
        Err(e) if e.to_string().contains("reserved for other rack types") => None,
        Err(e) => panic!("{e}"),
    }
}

use dcplan::operating::Placement;

/// Index in the deployment's profiles of type `t`'s own racks.
fn own(d: &Deployment, t: usize) -> usize {
    d.types()[..t].iter().map(|t| 1 + t.support().len()).sum()
}

fn at(site: &Site, d: &Deployment, n: u32) -> OperatingPoint {
    evaluate(site, d, n, &sea_level(30.0, 20.0)).unwrap()
}

proptest! {
    #![proptest_config(proptest_config(200))]

    #[test]
    fn growing_the_block_never_moves_the_fixed_racks(c in campus(), a in 0u32..400, b in 0u32..400) {
        let Some((site, d)) = build(&c) else { return Ok(()) };
        let (small, large) = (at(&site, &d, a.min(b)), at(&site, &d, a.max(b)));
        for (t, rack_type) in d.types().iter().enumerate() {
            if !matches!(rack_type.amount(), Amount::Fixed(_)) {
                continue;
            }
            let profiles = own(&d, t)..own(&d, t) + 1 + rack_type.support().len();
            for i in profiles {
                prop_assert_eq!(small.racks.get(i), large.racks.get(i));
                for (hs, hl) in small.halls.iter().zip(&large.halls) {
                    prop_assert_eq!(hs.racks.get(i), hl.racks.get(i), "hall {}", hs.name);
                }
            }
        }
    }

    #[test]
    fn racks_stay_in_their_halls_with_their_support_racks(c in campus(), n in 0u32..400) {
        let Some((site, d)) = build(&c) else { return Ok(()) };
        let op = at(&site, &d, n);
        // What a hall holds fits it: racks that fit none of their halls are overflow, not
        // placed.
        for (hall, load) in site.halls().iter().zip(&op.halls) {
            prop_assert!(load.racks.total() <= u64::from(hall.positions()), "{}", hall.name());
            if let Some(limit) = hall.power_limit() {
                prop_assert!(load.it <= limit, "{}: {:?} > {:?}", hall.name(), load.it, limit);
            }
        }
        let reserved: Vec<&String> = d.types().iter().flat_map(|t| t.halls()).collect();
        for (t, rack_type) in d.types().iter().enumerate() {
            for hall in &op.halls {
                let racks = hall.racks.get(own(&d, t));
                let allowed = if rack_type.halls().is_empty() {
                    !reserved.contains(&&hall.name)
                } else {
                    rack_type.halls().contains(&hall.name)
                };
                prop_assert!(allowed || racks == 0, "{} in {}", rack_type.name(), hall.name);
                for (k, s) in rack_type.support().iter().enumerate() {
                    prop_assert_eq!(hall.racks.get(own(&d, t) + 1 + k), racks.div_ceil(s.per_primary()));
                }
            }
        }
    }

    #[test]
    fn the_plan_is_maximal_for_the_grown_block(c in campus()) {
        let Some((site, d)) = build(&c) else { return Ok(()) };
        let p = plan(&site, &d).unwrap();
        let n = p.primary_racks;
        // The planner's placement, re-placed step after step, is the placement of its block
        // placed afresh …
        let fresh = at(&site, &d, n);
        prop_assert_eq!(&p.operating_point.halls, &fresh.halls);
        prop_assert_eq!(&p.racks, &fresh.racks);
        // … it fits unless the fixed racks alone exceed a limit (nothing can grow) …
        let fixed_only = at(&site, &d, 0);
        prop_assert!(p.operating_point.fits() || (n == 0 && !fixed_only.fits()));
        // … one rack more breaks the binding constraint …
        let beyond = at(&site, &d, n + 1);
        prop_assert!(beyond.constraint(&p.binding.kind).unwrap().is_exceeded());
        // … and smaller blocks fit too (the search's interval).
        if fixed_only.fits() {
            for k in (0..n).step_by((n as usize / 200).max(1)) {
                prop_assert!(at(&site, &d, k).fits(), "{k} racks do not fit below the plan's {n}");
            }
        }
    }

    #[test]
    fn a_mix_holds_its_proportions_within_one_rack(
        weights in prop::collection::vec(0.01..1.0f64, 1..9),
        n in 0u32..200_000,
    ) {
        let total: f64 = weights.iter().sum();
        let rack = air_rack(10.0);
        let d = Deployment::fleet(weights.iter().enumerate().map(|(i, w)| {
            RackType::grown(&format!("t{i}"), rack.clone(), Fraction::new(w / total).unwrap()).unwrap()
        }).collect::<Vec<_>>()).unwrap();
        let (now, next) = (d.grown_counts(n), d.grown_counts(n + 1));
        prop_assert_eq!(now.iter().map(|&c| u64::from(c)).sum::<u64>(), u64::from(n));
        for ((&c, &c1), w) in now.iter().zip(&next).zip(&weights) {
            let quota = f64::from(n) * w / total;
            prop_assert!((f64::from(c) - quota).abs() < 1.0 + 1e-9, "{c} racks for a quota of {quota}");
            prop_assert!(c1 >= c, "a larger block holds fewer: {c} → {c1}");
        }
    }
}

#[test]
fn the_mixed_campus_example_grows_vera_rubin_beside_the_estate_until_a_liquid_hall_is_full() {
    // "Liquid 1" holds 240 positions: the estate's 200 GB200 racks and ⌈200/16⌉ = 13 network
    // racks leave 27 (24.26 MW of 45 MW, so positions bind there). "Liquid 2" and "Liquid 3"
    // each take ⌊45 MW / 190 kW⌋ = 236 Vera Rubin racks: 27 + 236 + 236 = 499, and the 500th
    // takes "Liquid 3" to 237 × 190 kW = 45.03 MW, 0.03 MW over its limit.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sites/mixed-campus.toml"
    );
    let s = SiteFile::read(path).unwrap().scenario().unwrap();
    let p = plan(&s.site, &s.deployment).unwrap();
    let r = serde_json::to_value(PlanReport::new(&s.site, &s.deployment, &p).unwrap()).unwrap();
    assert_eq!(r["primary_racks"], 499);
    assert_eq!(r["binding"]["constraint"], "hall 'Liquid 3' power limit");
    assert!(close(&r["binding"]["overshoot_at_next_rack"], 0.03));
    let rows: Vec<_> = r["fleet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["racks"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [("GB200 estate", 200), ("storage", 80), ("Vera Rubin", 499)]
    );
    let halls: Vec<_> = r["halls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["primary_racks"].as_u64().unwrap())
        .collect();
    assert_eq!(halls, [200 + 27, 236, 236, 80]);
    // Every Vera Rubin watt goes to the liquid loop; the storage row's to the air loop.
    assert!(close(&r["fleet"][2]["liquid_heat_mw"], 499.0 * 0.19));
    assert!(close(&r["fleet"][1]["air_heat_mw"], 80.0 * 0.015));
}

#[test]
fn a_fleet_of_more_than_64_rack_types_is_refused_at_the_first_past_the_bound() {
    // 1 + 40 profiles in 'a', then 'b' and its support racks: the 64th profile is b's 22nd
    // support rack (41 + 1 + 22), so b.support.22 is the first past the bound; 72 in all.
    let support = |n: usize| {
        (0..n)
            .map(|i| {
                format!(
                    "[[deployment.fleet.{{}}.support]]\nit_power = \"1 kW\"\nper_primary = {}\n",
                    i + 1
                )
            })
            .collect::<String>()
    };
    let text = format!(
        "name = \"many\"\npue = 1.2\n[interconnect]\ncapacity = \"10 MW\"\n\
         [deployment.fleet.a]\nit_power = \"100 kW\"\ncount = 1\n{}\
         [deployment.fleet.b]\nit_power = \"100 kW\"\n{}",
        support(40).replace("{}", "a"),
        support(30).replace("{}", "b"),
    );
    let e = error(&text);
    assert!(
        e.contains("deployment.fleet.b.support.22")
            && e.contains("at most 64 rack types")
            && e.contains("found 72"),
        "{e}"
    );
}

#[test]
fn a_hall_whose_per_position_limit_a_type_exceeds_is_not_among_its_halls() {
    // Hall B takes at most 100 kW per position: the 132 kW racks skip it and fill hall A
    // beside the estate's 30 + 2 racks: 100 − 32 = 68, and the 69th exceeds A's positions.
    let limited = edit(
        "power_limit = \"12 MW\"",
        "power_limit = \"12 MW\"\nposition_limit = \"100 kW\"",
    );
    let r = report(&limited);
    assert_eq!(r["primary_racks"], 68);
    assert_eq!(r["binding"]["constraint"], "hall 'A' rack positions");
    // Reserved only hall B, they have nowhere to stand: located at the type's halls.
    let e = error(&limited.replace("halls = [\"B\", \"A\"]", "halls = [\"B\"]"));
    assert!(
        e.contains("deployment.fleet.next.halls") && e.contains("'B' 100.0 kW"),
        "{e}"
    );
}
