//! `[sustainability]` in site files (issue 15): the sections build their inputs, hourly CSVs
//! are read relative to the site file, their faults are located in the site file and in the
//! CSV, and `plan` / `simulate` report the figures and the rules check in JSON.

use dcplan::sitefile::{Format, SiteFile};
use dcplan::sustainability::{Intensity, Renewables, rules::Bound};
use std::path::PathBuf;
use uom::si::mass_per_energy::gram_per_kilowatt_hour;

mod common;
use common::{hourly_csv as csv, json};

const SITE: &str = r#"name = "Lumped test site"
pue = 1.25

[interconnect]
capacity = "20 MW"

[deployment]
system = "GB200 NVL72"

[climate]
builtin = "chicago"
design = "annual_max"
"#;

/// A fresh directory for one test's files.
fn dir(name: &str) -> PathBuf {
    common::temp_dir(&format!("sustainability-{name}"))
}

fn scenario_in(dir: &PathBuf, extra: &str) -> dcplan::Result<dcplan::sitefile::Scenario> {
    SiteFile::from_text("site.toml", &format!("{SITE}\n{extra}"), Format::Toml, dir).scenario()
}

#[test]
fn the_sections_build_their_inputs() {
    let d = dir("build");
    std::fs::write(
        d.join("ppa.csv"),
        csv("datetime,supply_mw", |h| {
            if h % 24 == 12 {
                "30".into()
            } else {
                "0".into()
            }
        }),
    )
    .unwrap();
    let s = scenario_in(
        &d,
        r#"
[sustainability.carbon]
intensity = "380 gCO2/kWh"
marginal = "0.52 kg/kWh"

[sustainability.water]
grid_intensity = "4.35 L/kWh"

[sustainability.renewables]
csv = "ppa.csv"

[sustainability.rules]
enefg_commissioned = 2026-09-01
max_wue = "0.5 L/kWh"
max_cue = "0.4 kg/kWh"
"#,
    )
    .unwrap()
    .sustainability;
    let c = s.carbon.unwrap();
    assert_eq!(
        c.average,
        Intensity::constant(dcplan::sustainability::grams_per_kwh(380.0)).unwrap()
    );
    let Some(Intensity::Constant(m)) = c.marginal else {
        panic!("{:?}", c.marginal)
    };
    assert!((m.get::<gram_per_kilowatt_hour>() - 520.0).abs() < 1e-9);
    assert!((s.grid_water.unwrap().get_liters_per_kwh() - 4.35).abs() < 1e-12);
    let Some(Renewables::HourlySupply(supply)) = s.renewables else {
        panic!()
    };
    assert_eq!(supply.at(12, 8760), 30.0);
    assert_eq!(
        s.rules.enefg_commissioned.unwrap().to_string(),
        "2026-09-01"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn csv_faults_are_located_in_the_site_file_and_the_csv() {
    let d = dir("faults");
    let bad = csv("datetime,average_g_per_kwh", |h| {
        if h == 3 { "-5".into() } else { "300".into() }
    });
    std::fs::write(d.join("grid.csv"), bad).unwrap();
    let section = "[sustainability.carbon]\ncsv = \"grid.csv\"\n";
    let e = scenario_in(&d, section).unwrap_err().to_string();
    // The site file's line of the field, then the CSV's own line (header + 4th hour).
    assert!(
        e.starts_with("site.toml:15:7: sustainability.carbon.csv"),
        "{e}"
    );
    assert!(e.contains("grid.csv, line 5"), "{e}");
    assert!(e.contains("not negative"), "{e}");
    let gap =
        csv("datetime,average_g_per_kwh", |_| "300".into()).replace("2023-07-04T09:00,300\n", "");
    std::fs::write(d.join("grid.csv"), gap).unwrap();
    let e = scenario_in(&d, section).unwrap_err().to_string();
    assert!(e.contains("missing") && e.contains("07-04 09:00"), "{e}");
    let e = scenario_in(&d, "[sustainability.carbon]\ncsv = \"nowhere.csv\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("sustainability.carbon.csv") && e.contains("nowhere.csv"),
        "{e}"
    );
    let e = scenario_in(
        &d,
        "[sustainability.carbon]\nintensity = \"300 g/kWh\"\ncsv = \"grid.csv\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("not both"), "{e}");
    let e = scenario_in(&d, "[sustainability.carbon]\nintensity = \"-3 g/kWh\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("sustainability.carbon.intensity"), "{e}");
    let e = scenario_in(&d, "[sustainability.carbon]\nintensity = 300\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("380 g/kWh"), "{e}");
    // A file far larger than a year of hours is refused unread.
    let mut huge = b"datetime,average_g_per_kwh\n".to_vec();
    huge.resize(17 << 20, b'\n');
    std::fs::write(d.join("grid.csv"), huge).unwrap();
    let e = scenario_in(&d, section).unwrap_err().to_string();
    assert!(e.contains("larger than 16 MiB"), "{e}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn plan_and_simulate_report_the_figures_and_the_rules() {
    let d = dir("cli");
    std::fs::write(
        d.join("grid.csv"),
        csv("datetime,average_g_per_kwh,marginal_g_per_kwh", |h| {
            if (8..20).contains(&(h % 24)) {
                "500,700"
            } else {
                "200,650"
            }
            .into()
        }),
    )
    .unwrap();
    let path = d.join("site.toml");
    std::fs::write(
        &path,
        format!(
            "{SITE}\n[sustainability.carbon]\ncsv = \"grid.csv\"\n\n\
             [sustainability.renewables]\nshare = \"50 %\"\n\n\
             [sustainability.rules]\nenefg_commissioned = 2027-09-01\nmax_cue = \"0.4 kg/kWh\"\n"
        ),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let plan = json(&["plan", path, "--format", "json"]);
    let s = &plan["sustainability"];
    assert_eq!(s["basis"], "design_hour");
    assert_eq!(s["pue"], 1.25);
    assert_eq!(s["eu_kpis"]["required"], true);
    // CUE at the hours' mean intensity (350 g/kWh) × PUE 1.25.
    assert!(
        (s["cue_kg_per_kwh"].as_f64().unwrap() - 0.4375).abs() < 1e-9,
        "{s}"
    );
    let year = json(&["simulate", path, "--format", "json"]);
    let s = &year["annual"]["sustainability"];
    assert_eq!(s["basis"], "annual");
    assert_eq!(s["renewable_energy_factor"], 0.5);
    let rules = s["rules"].as_array().unwrap();
    let names: Vec<&str> = rules
        .iter()
        .map(|r| r["metric"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pue_enefg", "erf", "cue_kg_per_kwh"]);
    // A lumped PUE of 1.25 misses §11(2)'s 1.2 by 0.05, and there is no reuse (ERF 15 %).
    assert_eq!(rules[0]["meets"], false);
    assert!((rules[0]["margin"].as_f64().unwrap() + 0.05).abs() < 1e-9);
    assert_eq!(rules[1]["limit"], 0.15);
    assert_eq!(
        rules[1]["bound"],
        serde_json::to_value(Bound::AtLeast).unwrap()
    );
    assert_eq!(rules[1]["meets"], false);
    // The lumped site draws the same every hour: the intensity met is the hours' mean.
    let c = &s["carbon"];
    assert!((c["weighted_intensity_g_per_kwh"].as_f64().unwrap() - 350.0).abs() < 1e-6);
    assert!((s["cue_kg_per_kwh"].as_f64().unwrap() - 0.4375).abs() < 1e-9);
    assert!(c["marginal_emissions_t"].as_f64().unwrap() > c["emissions_t"].as_f64().unwrap());
    assert_eq!(rules[2]["meets"], false);
    // A flat load at its peak has no cleaner hours to move to.
    assert!(c["shift_potential"].as_f64().unwrap() < 1e-9, "{c}");
    // Without the section, the reports have no such field.
    let plain = json(&["plan", "examples/sites/dc-800v.toml", "--format", "json"]);
    assert!(plain.get("sustainability").is_none());
    std::fs::remove_dir_all(&d).ok();
}
