//! End to end: the `dcplan` binary on every example site file, and on each class of bad input.
#![cfg(feature = "cli")]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{dcplan, json, stdout_ok};

fn site(name: &str) -> String {
    format!("examples/sites/{name}.toml")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn every_example_site_plans_and_its_numbers_add_up() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sites");
    let toml_in = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect()
    };
    let mut files = toml_in(&dir);
    files.extend(toml_in(&dir.join("energyplus")));
    files.sort();
    assert_eq!(files.len(), 9, "{files:?}");
    for file in files {
        let path = file.to_str().unwrap();
        let r = json(&["plan", path, "--format", "json"]);
        let p = &r["power"];
        let sum = f(&p["it_mw"])
            + f(&p["cooling_mw"])
            + f(&p["electrical_losses_mw"])
            + f(&p["house_mw"])
            + f(&p["lumped_overhead_mw"])
            + f(&p["heat_upgrade_mw"]);
        assert!((sum - f(&p["facility_mw"])).abs() < 1e-6, "{path}");
        assert!(
            (f(&p["facility_mw"]) + f(&p["unused_mw"]) - f(&p["interconnect_mw"])).abs() < 1e-6,
            "{path}"
        );
        // Every constraint holds at the plan.
        for c in r["headroom"].as_array().unwrap() {
            assert!(f(&c["headroom"]) >= 0.0, "{path}: {c}");
        }
    }
}

#[test]
fn energyplus_example_sites_simulate_like_energyplus() {
    // EnergyPlus 25.2 on the Chicago O'Hare TMY3 year the site files name: annual PUE 1.2588
    // (approach temperatures) and 1.2861 (10 % recirculation); tests/energyplus.rs has the rest.
    for (name, pue) in [
        ("1ZoneDataCenterCRAC_wApproachTemp", 1.258754),
        ("1ZoneDataCenterCRAC_wPumpedDXCoolingCoil", 1.286129),
    ] {
        let path = site(&format!("energyplus/{name}"));
        let r = json(&["simulate", &path, "--format", "json"]);
        let ours = f(&r["annual"]["pue"]);
        assert!((ours / pue - 1.0).abs() < 0.02, "{name}: {ours}");
        let plan = json(&["plan", &path, "--format", "json"]);
        assert_eq!(plan["primary_racks"], 100, "{name}");
    }
}

#[test]
fn lingang_seawater_site() {
    let r = json(&["plan", &site("lingang-seawater"), "--format", "json"]);
    assert_eq!(r["primary_racks"], 730);
    assert_eq!(r["accelerators"], 52_560);
    assert_eq!(r["binding"]["kind"], "grid_interconnect");
    assert_eq!(r["support_racks"][0]["racks"], 47);
    assert!((f(&r["design_ambient"]["water_c"]) - 28.5).abs() < 1e-9);
    let pue = f(&r["pue"]);
    assert!((1.10..1.15).contains(&pue), "{pue}");
    // The seawater loop needs no compressor even at the warmest sea.
    assert_eq!(r["loops"][0]["name"], "liquid");
    assert_eq!(f(&r["loops"][0]["free_cooling_fraction"]), 1.0);
}

#[test]
fn northern_virginia_site() {
    let r = json(&["plan", &site("northern-virginia"), "--format", "json"]);
    assert_eq!(r["rack"], "DGX H200");
    assert_eq!(r["primary_racks"], 1900);
    assert_eq!(r["accelerators"], 1900 * 32);
    assert_eq!(r["binding"]["kind"], "grid_interconnect");
    // 120 MVA at power factor 0.95.
    assert!((f(&r["power"]["interconnect_mw"]) - 114.0).abs() < 1e-9);
    // Air-cooled chillers at the hottest hour: a design PUE well above the liquid sites'.
    assert!(f(&r["pue"]) > 1.35);
}

#[test]
fn west_texas_conversion_site() {
    let r = json(&["plan", &site("west-texas-conversion"), "--format", "json"]);
    assert_eq!(r["primary_racks"], 628);
    assert_eq!(r["accelerators"], 45_216);
    assert!((f(&r["design_ambient"]["dry_bulb_c"]) - 38.9).abs() < 1e-9);
    // 870 m elevation: standard pressure ≈ 91.3 kPa.
    assert!((f(&r["design_ambient"]["pressure_kpa"]) - 91.3).abs() < 0.1);
    let substation = r["headroom"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "substation_firm")
        .unwrap();
    assert!(f(&substation["headroom"]) > 10.0, "{substation}");
}

#[test]
fn batam_tropical_site_fits_about_170000_gpus() {
    let r = json(&["plan", &site("batam-tropical"), "--format", "json"]);
    let gpus = r["accelerators"].as_u64().unwrap();
    assert_eq!(gpus, 172_800);
    assert_eq!(r["binding"]["kind"], "hall_positions");
    assert!((f(&r["power"]["interconnect_mw"]) - 360.0).abs() < 1e-9);
    assert_eq!(r["halls"].as_array().unwrap().len(), 12);
}

#[test]
fn simulate_reports_the_year_and_writes_charts() {
    let dir = std::env::temp_dir().join(format!("dcplan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("year.svg");
    let r = json(&[
        "simulate",
        &site("lingang-seawater"),
        "--format",
        "json",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    let a = &r["annual"];
    assert_eq!(a["hours"], 8760);
    let pue = f(&a["pue"]);
    assert!(f(&a["pue_min_hourly"]) <= pue && pue <= f(&a["pue_max_hourly"]));
    assert!((1.08..1.15).contains(&pue), "{pue}");
    assert_eq!(a["hours_over_supply"], 0);
    assert_eq!(r["plan"]["primary_racks"], a["primary_racks"]);
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("Hourly PUE over the year"));
    assert!(chart.contains("Heat-rejection headroom") && chart.contains("Where the 100 MW go"));

    let csv = stdout_ok(&["simulate", &site("northern-virginia"), "--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("hour,timestamp,dry_bulb_c,wet_bulb_c,water_c,it_mw"));
    assert!(header.contains("crah.heat_headroom_mw"));
    assert_eq!(lines.count(), 8760);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn simulate_with_a_weather_file() {
    let r = json(&[
        "simulate",
        &site("northern-virginia"),
        "--weather",
        "tests/data/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw",
        "--format",
        "json",
    ]);
    let a = &r["annual"];
    assert_eq!(a["hours"], 8760);
    assert!(
        a["climate"].as_str().unwrap().contains("Dulles"),
        "{}",
        a["climate"]
    );
    // The built-in Northern Virginia year is this file, compacted: the same year, nearly.
    let builtin = json(&["simulate", &site("northern-virginia"), "--format", "json"]);
    assert!((f(&a["pue"]) - f(&builtin["annual"]["pue"])).abs() < 1e-3);
    let out = dcplan(&["simulate", "--example", "--weather", "no/such.epw"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no/such.epw: cannot read the file")
    );
}

#[test]
fn plan_example_needs_no_files_and_json_input_is_accepted() {
    let table = stdout_ok(&["plan", "--example"]);
    assert!(table.contains("Fits 730 racks of GB200 NVL72"), "{table}");
    assert!(
        table.contains("Binding constraint: grid interconnect"),
        "{table}"
    );

    // The same site as JSON gives the same plan.
    let toml_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(site("lingang-seawater")),
    )
    .unwrap();
    let doc: Value = toml::from_str(&toml_text).unwrap();
    let path = std::env::temp_dir().join(format!("dcplan-json-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let r = json(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r["accelerators"], 52_560);
    std::fs::remove_file(&path).ok();
}

#[test]
fn compare_and_sweep() {
    let table = stdout_ok(&[
        "compare",
        &site("lingang-seawater"),
        &site("west-texas-conversion"),
    ]);
    assert!(table.contains("Lingang seawater campus") && table.contains("West Texas"));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("GPUs") && l.contains("52,560")),
        "{table}"
    );

    let csv = stdout_ok(&[
        "sweep",
        "--example",
        "--vary",
        "interconnect.capacity=50 MW..150 MW:3",
        "--vary",
        "deployment.system=GB200 NVL72,GB300 NVL72",
        "--format",
        "csv",
    ]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 7, "{csv}");
    assert!(rows[0].starts_with("scenario,interconnect.capacity,deployment.system,"));
    assert!(rows[3].starts_with("2,100 MW,GB200 NVL72,"), "{csv}");
    assert!(rows[3].contains(",52560,"), "{csv}");

    let lines = stdout_ok(&[
        "sweep",
        "--example",
        "--vary",
        "cooling.liquid.supply=34 °C..36 °C:2",
        "--format",
        "json",
    ]);
    let rows: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["accelerators"], 52_560);
    // 36 °C coolant means 33 °C facility water, beyond the racks' W32 class.
    assert!(
        rows[1]["error"].as_str().unwrap().contains("W32"),
        "{}",
        rows[1]
    );
}

#[test]
fn finance_prices_the_business_case() {
    let r = json(&[
        "finance",
        &site("west-texas-conversion"),
        "--format",
        "json",
    ]);
    assert_eq!(r["model"], "GPU rental");
    assert_eq!(r["energy_basis"], "simulated");
    // Energised since the start: online when the fifth transformer (80 weeks) is in.
    assert_eq!(r["first_online"], "2027-10-10");
    assert_eq!(r["years"].as_array().unwrap().len(), 11);
    assert!(f(&r["npv_musd"]) > 0.0, "{}", r["npv_musd"]);
    assert!(r["levelised_cost"].as_str().unwrap().ends_with("USD/GPU-h"));
    // The same case behind a 3-year grid queue is worth less.
    let nova = json(&["finance", &site("northern-virginia"), "--format", "json"]);
    assert_eq!(nova["model"], "colocation");
    assert!(nova["first_online"].as_str().unwrap() > "2030");
    let csv = stdout_ok(&["finance", &site("batam-tropical"), "--format", "csv"]);
    assert!(csv.starts_with("year,ends,online_share,revenue_musd"));
    assert_eq!(csv.lines().count(), 12);
    // A site without [finance] says so.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(site("lingang-seawater"))).unwrap();
    let without = text.split("\n[finance]").next().unwrap();
    let path = std::env::temp_dir().join(format!("dcplan-nofinance-{}.toml", std::process::id()));
    std::fs::write(&path, without).unwrap();
    let out = dcplan(&["finance", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no [finance] section")
    );
}

#[test]
fn catalog_lists_systems_technologies_and_climates() {
    let c = json(&["catalog", "--format", "json"]);
    assert!(
        c["systems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "GB200 NVL72")
    );
    assert_eq!(c["technologies"].as_array().unwrap().len(), 10);
    assert!(
        c["climates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["builtin"] == "batam")
    );
    let table = stdout_ok(&["catalog"]);
    assert!(table.contains("seawater_once_through") && table.contains("Sources:"));
}

/// Each rack's water class and the facility water it allows (and the vendor's rack-side
/// coolant limit, where published) in the catalog's table, JSON and CSV.
#[test]
fn catalog_shows_water_class_and_facility_water_limit() {
    let c = json(&["catalog", "systems", "--format", "json"]);
    let vr = c["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Vera Rubin NVL144")
        .unwrap();
    assert_eq!(vr["water_class"], "W40");
    assert_eq!(vr["facility_water_max_c"].as_f64(), Some(40.0));
    assert_eq!(vr["coolant_max_c"].as_f64(), Some(45.0));
    let csv = stdout_ok(&["catalog", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("water_class,facility_water_max_c,coolant_max_c,hashrate_ths"),
        "{csv}"
    );
    let gb300 = csv.lines().find(|l| l.starts_with("GB300 NVL72,")).unwrap();
    assert!(gb300.contains(",W32,32,,"), "{gb300}");
    let table = stdout_ok(&["catalog", "systems"]);
    assert!(table.contains("facility water ≤ °C"), "{table}");
    let row = table
        .lines()
        .find(|l| l.contains("Rubin Ultra NVL576"))
        .unwrap();
    assert!(
        row.contains("A2 / W40") && row.contains("40") && row.contains("45"),
        "{row}"
    );
}

/// Runs `plan` on the Lingang example with `edit` applied; returns the error message.
fn bad_site(name: &str, edit: impl Fn(&str) -> String) -> String {
    let out = on_edited_site(name, edit, &["plan"]);
    assert_eq!(out.status.code(), Some(1), "a bad site file must fail");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    stderr
}

/// Runs `dcplan ARGS[0] FILE ARGS[1..]` on the Lingang example with `edit` applied.
fn on_edited_site(name: &str, edit: impl Fn(&str) -> String, args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(site("lingang-seawater"))).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit must change the file");
    let dir = std::env::temp_dir().join(format!("dcplan-edited-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, edited).unwrap();
    let mut all = vec![args[0], path.to_str().unwrap()];
    all.extend(&args[1..]);
    let out = dcplan(&all);
    std::fs::remove_dir_all(&dir).ok();
    out
}

/// Asserts `file:line:col: field: found …, expected …` (the message may wrap in the terminal
/// rendering, so whitespace is collapsed first).
fn assert_message(stderr: &str, name: &str, location: &str, parts: &[&str]) {
    let flat = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("{name}.toml:{location}: ")),
        "{stderr}"
    );
    for p in parts {
        assert!(flat.contains(p), "missing {p:?} in {stderr}");
    }
}

#[test]
fn unknown_field_is_located() {
    let e = bad_site("unknown", |t| {
        t.replacen(
            "capacity = \"100 MW\"",
            "capacity = \"100 MW\"\ncolour = \"blue\"",
            1,
        )
    });
    assert_message(
        &e,
        "unknown",
        "17:1",
        &[
            "interconnect.colour: found unknown field `colour`",
            "expected `capacity` or `power_factor`",
        ],
    );
}

#[test]
fn missing_field_is_located() {
    let e = bad_site("missing", |t| t.replacen("rating = \"60 MVA\"\n", "", 1));
    assert_message(
        &e,
        "missing",
        "18:1",
        &["substation.rating: found nothing, expected a value for `rating`"],
    );
}

#[test]
fn bare_number_says_which_unit() {
    let e = bad_site("bare", |t| {
        t.replacen("capacity = \"85 MW\"", "capacity = 85", 1)
    });
    assert_message(
        &e,
        "bare",
        "31:12",
        &[
            "cooling.liquid.capacity: found 85 (a bare number)",
            "expected a power with its unit, such as \"120 kW\"",
        ],
    );
}

#[test]
fn wrong_dimension_names_both() {
    let e = bad_site("dimension", |t| {
        t.replacen("supply = \"34 °C\"", "supply = \"33 kW\"", 1)
    });
    assert_message(
        &e,
        "dimension",
        "33:10",
        &[
            "cooling.liquid.supply: found \"33 kW\"",
            "expected a temperature such as \"18 °C\", not a power",
        ],
    );
}

#[test]
fn out_of_range_value_is_located() {
    let e = bad_site("range", |t| {
        t.replacen("power_limit = \"24 MW\"", "power_limit = \"-5 MW\"", 1)
    });
    assert_message(
        &e,
        "range",
        "46:15",
        &["halls.Hall.power_limit: found \"-5 MW\", expected a power above 0 MW"],
    );
    let e = bad_site("pue", |t| t.replacen("units = 8 ", "units = 0 ", 1));
    assert_message(
        &e,
        "pue",
        "32:9",
        &["cooling.liquid.units: found 0, expected at least 1"],
    );
}

#[test]
fn malformed_epw_path_is_located() {
    let e = bad_site("epw", |t| {
        t.replacen(
            "builtin = \"shanghai-coast\"",
            "epw = \"no/such/weather.epw\"",
            1,
        )
    });
    assert_message(
        &e,
        "epw",
        "58:7",
        &[
            "climate.epw: found \"no/such/weather.epw\"",
            "expected a readable EPW weather file",
            "cannot read the file",
        ],
    );
}

#[test]
fn finance_fields_are_located_too() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(site("west-texas-conversion"))).unwrap();
    let dir = std::env::temp_dir().join(format!("dcplan-finance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |name: &str, from: &str, to: &str| {
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let out = dcplan(&["finance", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let e = run("bare", "price = \"2.00 USD/GPU-h\"", "price = 2.0");
    assert!(
        e.contains("finance.price: found 2.0 (a bare number), expected a price with its unit"),
        "{e}"
    );
    let e = run(
        "unit",
        "price = \"2.00 USD/GPU-h\"",
        "price = \"2.00 USD/MWh\"",
    );
    assert!(e.contains("finance.price: found \"2.00 USD/MWh\""), "{e}");
    assert!(e.contains("USD/GPU-h"), "{e}");
    let e = run("date", "start = 2026-03-01", "start = \"March 2026\"");
    assert!(
        e.contains("finance.start: found \"March 2026\", expected a date such as 2026-03-01"),
        "{e}"
    );
    let e = run("share", "utilisation = \"80 %\"", "utilisation = \"180 %\"");
    assert!(
        e.contains("finance.utilisation: found \"180 %\", expected a fraction between 0 and 1 (0 % to 100 %)"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_and_missing_files_fail_cleanly() {
    let out = dcplan(&["plan"]);
    assert_eq!(out.status.code(), Some(2));
    let out = dcplan(&["plan", "no/such/site.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no/such/site.toml: cannot read the file"),
        "{stderr}"
    );
    let out = dcplan(&["sweep", "--example", "--vary", "nonsense"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("PATH=FROM..TO")
    );
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dcplan-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn finance_example_has_a_business_case() {
    let r = json(&["finance", "--example", "--format", "json"]);
    assert_eq!(r["site"], "Lingang seawater campus");
    assert_eq!(r["model"], "GPU rental");
    assert!(!r["years"].as_array().unwrap().is_empty());
    // The file and the built-in example are the same site.
    let file = json(&["finance", &site("lingang-seawater"), "--format", "json"]);
    assert_eq!(r["npv_musd"], file["npv_musd"]);
}

#[test]
fn sweep_failures_are_counted_on_stderr() {
    // 36 °C coolant means 33 °C facility water, beyond the racks' W32 class.
    let some = dcplan(&[
        "sweep",
        "--example",
        "--vary",
        "cooling.liquid.supply=33 °C..36 °C:2",
        "--format",
        "csv",
    ]);
    assert!(some.status.success(), "{}", stderr_of(&some));
    assert!(
        stderr_of(&some).contains("1 of 2 scenarios failed"),
        "{}",
        stderr_of(&some)
    );
    let all = dcplan(&[
        "sweep",
        "--example",
        "--vary",
        "cooling.liquid.supply=36 °C..40 °C:3",
        "--format",
        "csv",
    ]);
    assert_eq!(all.status.code(), Some(1));
    let e = stderr_of(&all);
    assert!(
        e.contains("all 3 scenarios failed") && e.contains("W32"),
        "{e}"
    );
    // No failure, no message.
    let none = dcplan(&["sweep", "--example", "--vary", "house_load=1 MW,2 MW"]);
    assert!(none.status.success() && none.stderr.is_empty());
}

#[test]
fn a_huge_grid_states_its_size_and_needs_a_flag() {
    let args = [
        "sweep",
        "--example",
        "--vary",
        "interconnect.capacity=1 MW..1000 MW:10001",
        "--vary",
        "house_load=0 MW..1 MW:10001",
    ];
    let out = dcplan(&args);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr_of(&out);
    assert!(
        e.contains("100,020,001 scenarios") && e.contains("--allow-large"),
        "{e}"
    );
    assert!(out.stdout.is_empty());
    // With the flag the size is no objection (here the grid's path is the next one).
    let mut flagged = args.to_vec();
    flagged[5] = "no_such.table.field=0 MW..1 MW:10001";
    flagged.push("--allow-large");
    let e = stderr_of(&dcplan(&flagged));
    assert!(!e.contains("--allow-large") && e.contains("no_such"), "{e}");
}

#[test]
fn catalog_writes_csv() {
    let csv = stdout_ok(&["catalog", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("name,vendor,accelerator,accelerators,accelerator_power_w,power_kw"),
        "{csv}"
    );
    assert!(lines.any(|l| l.starts_with("GB200 NVL72,")), "{csv}");
    let c = json(&["catalog", "--format", "json"]);
    assert_eq!(
        csv.lines().count(),
        c["systems"].as_array().unwrap().len() + 1
    );
    let tech = stdout_ok(&["catalog", "technologies", "--format", "csv"]);
    assert!(tech.starts_with("technology,description\n"), "{tech}");
    assert_eq!(tech.lines().count(), 11);
    let climates = stdout_ok(&["catalog", "climates", "--format", "csv"]);
    assert!(climates.contains("\nbatam,"), "{climates}");
}

#[test]
fn compare_sweep_and_finance_draw_charts() {
    let dir = scratch("charts");
    let file = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let svg = |path: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
        text
    };
    stdout_ok(&[
        "compare",
        &site("lingang-seawater"),
        &site("west-texas-conversion"),
        "--svg",
        &file("compare.svg"),
    ]);
    let c = svg(&file("compare.svg"));
    assert!(c.contains("Lingang seawater campus") && c.contains("West Texas"));
    assert!(c.contains("52,560 GPUs"), "{c}");

    let one = [
        "sweep",
        "--example",
        "--vary",
        "interconnect.capacity=50 MW..150 MW:3",
    ];
    stdout_ok(&[&one[..], &["--svg", &file("line.svg")]].concat());
    let line = svg(&file("line.svg"));
    assert!(line.contains("interconnect.capacity (MW)") && line.contains("GPUs"));
    stdout_ok(
        &[
            &one[..],
            &[
                "--vary",
                "deployment.system=GB200 NVL72,GB300 NVL72",
                "--metric",
                "pue_design",
                "--svg",
                &file("map.svg"),
            ],
        ]
        .concat(),
    );
    let map = svg(&file("map.svg"));
    assert!(map.contains("GB300 NVL72") && map.contains("design-hour PUE"));
    let three = dcplan(
        &[
            &one[..],
            &["--vary", "house_load=1 MW,2 MW", "--vary", "pue=1.1,1.2"],
            &["--svg", &file("three.svg")],
        ]
        .concat(),
    );
    assert_eq!(three.status.code(), Some(1));
    assert!(stderr_of(&three).contains("varies 3"));
    assert!(!dir.join("three.svg").exists());

    stdout_ok(&[
        "finance",
        &site("west-texas-conversion"),
        "--svg",
        &file("finance.svg"),
    ]);
    let f = svg(&file("finance.svg"));
    assert!(f.contains("Cumulative cash flow") && f.contains("MUSD"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn svg_to_standard_output_replaces_the_report() {
    let out = stdout_ok(&["plan", "--example", "--svg", "-"]);
    assert!(out.starts_with("<svg") && out.trim_end().ends_with("</svg>"));
    assert!(!out.contains("Binding constraint"));
    let out = stdout_ok(&["finance", "--example", "--svg", "-", "--format", "json"]);
    assert!(out.starts_with("<svg"), "{out}");
}

#[test]
fn png_is_refused_before_any_work() {
    let dir = scratch("png");
    let png = dir.join("plan.png");
    for command in ["plan", "simulate", "finance"] {
        let out = dcplan(&[command, "--example", "--svg", png.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let e = stderr_of(&out);
        assert!(e.contains("PNG") && e.contains("fonts"), "{e}");
        assert!(!png.exists());
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn write_failures_say_cannot_write() {
    let missing = "no/such/folder/plan.svg";
    let out = dcplan(&["plan", "--example", "--svg", missing]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr_of(&out);
    assert!(e.contains(&format!("cannot write {missing}")), "{e}");
    assert!(!e.contains("cannot read"), "{e}");
    // A full device.
    for args in [
        &["plan", "--example"][..],
        &["plan", "--example", "--format", "json"],
        &["plan", "--example", "--svg", "-"],
        &["catalog", "--format", "csv"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let e = stderr_of(&out);
        assert!(e.contains("cannot write standard output"), "{args:?}: {e}");
    }
    let out = dcplan(&["plan", "--example", "--svg", "/dev/full"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("cannot write /dev/full"));
}

#[test]
fn simulate_chart_draws_facility_power_against_the_interconnect() {
    let dir = scratch("facility");
    let path = dir.join("year.svg");
    let r = json(&[
        "simulate",
        &site("west-texas-conversion"),
        "--format",
        "json",
        "--svg",
        path.to_str().unwrap(),
    ]);
    let over = r["annual"]["hours_over_supply"].as_u64().unwrap();
    assert!(over > 0, "{over}");
    let chart = std::fs::read_to_string(&path).unwrap();
    assert!(chart.contains("Facility power at the grid, sorted"));
    // The West Texas substation is firm above the interconnect: the hours over supply are
    // the hours over the interconnect.
    let exceeded = format!("interconnect 100.0 MW: exceeded {} h", over);
    assert!(chart.contains(&exceeded), "{exceeded}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plan_table_reads_like_a_planner() {
    let table = stdout_ok(&["plan", "--example"]);
    for part in [
        "Fits 730 racks of GB200 NVL72 (120.0 kW each) = 52,560 GPUs, 526 GPUs per MW of \
         interconnect",
        "+ 47 network racks (1 per 16 GB200 NVL72 racks): 777 racks in all",
        "liquid: 9 units of",
        "8 carrying with 1 out (N+1) = 85.00 MW rated",
    ] {
        assert!(table.contains(part), "missing {part:?} in\n{table}");
    }
    let r = json(&["plan", "--example", "--format", "json"]);
    assert!((f(&r["rack_it_kw"]) - 120.0).abs() < 1e-9);
    assert_eq!(r["support_racks"][0]["per_primary"], 16);
    let liquid = &r["loops"][0];
    assert_eq!(liquid["units_installed"], 9);
    assert_eq!(liquid["units_carrying"], 8);
    assert_eq!(liquid["redundancy"], "N+1");
    assert!((f(&liquid["rated_capacity_mw"]) - 85.0).abs() < 1e-9);

    // compare and sweep tables name their columns in words.
    let table = stdout_ok(&[
        "compare",
        &site("lingang-seawater"),
        &site("west-texas-conversion"),
    ]);
    assert!(
        table.contains("design-hour PUE") && table.contains("IT MW"),
        "{table}"
    );
    assert!(!table.contains("pue_design"), "{table}");
    let rows = stdout_ok(&["sweep", "--example", "--vary", "house_load=1 MW,2 MW"]);
    assert!(rows.lines().next().unwrap().contains("GPUs"), "{rows}");
    assert!(rows.contains("52,560"), "{rows}");
}

#[test]
fn hourly_csv_has_a_timestamp() {
    let csv = stdout_ok(&["simulate", "--example", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("hour,timestamp,"), "{}", lines[0]);
    assert!(lines[1].starts_with("1,2001-01-01T01:00,"), "{}", lines[1]);
    assert!(
        lines[24].starts_with("24,2001-01-02T00:00,"),
        "{}",
        lines[24]
    );
    assert!(
        lines[8760].starts_with("8760,2002-01-01T00:00,"),
        "{}",
        lines[8760]
    );
}

#[test]
fn when_nothing_fits_plan_says_so_with_zero_racks() {
    for (name, from, to, kind, unit) in [
        // An interconnect too small for one rack.
        (
            "tiny",
            "capacity = \"100 MW\"",
            "capacity = \"100 kW\"",
            "grid_interconnect",
            "MW",
        ),
        // Halls with zero positions.
        (
            "nopos",
            "positions = 200",
            "positions = 0",
            "hall_positions",
            "racks",
        ),
        // A house load above the interconnect.
        (
            "house",
            "house_load = \"1 MW\"",
            "house_load = \"200 MW\"",
            "grid_interconnect",
            "MW",
        ),
    ] {
        let edit = |t: &str| t.replacen(from, to, 1);
        let out = on_edited_site(name, edit, &["plan", "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["primary_racks"], 0, "{name}");
        assert_eq!(r["accelerators"], 0, "{name}");
        assert!(
            r["pue"].is_null() && r["partial_pue_cooling"].is_null(),
            "{name}: {r}"
        );
        assert_eq!(r["binding"]["kind"], kind, "{name}");
        assert_eq!(r["binding"]["unit"], unit, "{name}");
        assert!(f(&r["binding"]["overshoot_at_next_rack"]) > 0.0, "{name}");
        let table = on_edited_site(name, edit, &["plan"]);
        let table = String::from_utf8(table.stdout).unwrap();
        assert!(table.contains("Fits 0 racks"), "{table}");
        assert!(table.contains("Design-hour PUE — "), "{table}");
        let csv = on_edited_site(name, edit, &["plan", "--format", "csv"]);
        assert!(csv.status.success(), "{name}");
        assert!(
            String::from_utf8(csv.stdout)
                .unwrap()
                .contains("primary_racks,0")
        );
    }
    // A year without IT: its PUEs and WUE are undefined too, not an error.
    let tiny = |t: &str| t.replacen("capacity = \"100 MW\"", "capacity = \"100 kW\"", 1);
    let out = on_edited_site("tiny-year", tiny, &["simulate", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let annual = &r["annual"];
    assert_eq!(annual["primary_racks"], 0);
    for ratio in [
        "pue",
        "pue_max_hourly",
        "partial_pue_cooling",
        "wue_l_per_kwh",
    ] {
        assert!(annual[ratio].is_null(), "{ratio}: {annual}");
    }
    let table = on_edited_site("tiny-table", tiny, &["simulate"]);
    assert!(
        String::from_utf8(table.stdout)
            .unwrap()
            .contains("PUE annual — ")
    );
    // A sweep keeps the scenario's plan and year.
    let out = dcplan(&[
        "sweep",
        &site("lingang-seawater"),
        "--vary",
        "interconnect.capacity=0.1 MW,50 MW",
        "--annual",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["primary_racks"], 0, "{first}");
    assert!(first.get("error").is_none_or(Value::is_null), "{first}");
}

#[test]
fn binding_names_the_overshoot_at_the_next_rack_apart_from_the_headroom() {
    // Lingang: 730 racks leave room on the interconnect; the 731st would exceed it.
    let r = json(&["plan", &site("lingang-seawater"), "--format", "json"]);
    let binding = &r["binding"];
    assert_eq!(binding["kind"], "grid_interconnect");
    assert!(binding.get("headroom").is_none(), "{binding}");
    let over = f(&binding["overshoot_at_next_rack"]);
    assert!(over > 0.0 && over < 0.2, "{binding}");
    assert!(f(&binding["utilisation_at_next_rack"]) > 1.0);
    let grid = r["headroom"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "grid_interconnect")
        .unwrap();
    assert!(f(&grid["headroom"]) >= 0.0, "{grid}");
}

#[test]
fn cross_field_errors_are_located_at_the_field_that_decides() {
    // A rack whose liquid heat no loop takes: the loop's per-rack limit decides.
    let e = bad_site("rackheat", |t| {
        t.replacen(
            "capacity = \"85 MW\"",
            "capacity = \"85 MW\"\nmax_rack_heat = \"10 kW\"",
            1,
        )
    });
    assert_message(
        &e,
        "rackheat",
        "32:17",
        &[
            "cooling.liquid.max_rack_heat: rack profile 'GB200 NVL72' cannot be cooled",
            "102.0 kW per rack goes to liquid",
        ],
    );
    // A supply too warm for the rack's water class: the loop's supply decides.
    let e = bad_site("warm", |t| {
        t.replacen("supply = \"34 °C\"", "supply = \"60 °C\"", 1)
    });
    assert_message(
        &e,
        "warm",
        "33:10",
        &[
            "cooling.liquid.supply: rack profile 'GB200 NVL72' cannot be cooled",
            "W32",
        ],
    );
    // No liquid loop at all: the deployment's system puts heat into liquid.
    let without_liquid = |t: &str| {
        let start = t.find("[cooling.liquid]").unwrap();
        let end = t.find("[cooling.air]").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(site("lingang-seawater"))).unwrap();
    let line = without_liquid(&text)
        .lines()
        .position(|l| l.starts_with("system = "))
        .unwrap()
        + 1;
    let e = bad_site("noliquid", without_liquid);
    assert_message(
        &e,
        "noliquid",
        &format!("{line}:10"),
        &[
            "deployment.system: rack profile 'GB200 NVL72' cannot be cooled",
            "no liquid cooling loop",
        ],
    );
}

#[test]
fn messages_have_one_prefix_no_rust_types_and_the_users_units() {
    // No doubled prefix.
    let e = bad_site("doubled", |t| {
        t.replacen("house_load = \"1 MW\"", "pue = 0.9", 1)
    });
    assert_message(
        &e,
        "doubled",
        "13:7",
        &["pue: found 0.9, expected a PUE between 1 and 100"],
    );
    assert!(!e.contains("pue: pue"), "{e}");
    let e = bad_site("ups", |t| t.replacen("ups = \"2N\"", "ups = \"x\"", 1));
    assert_message(
        &e,
        "ups",
        "27:7",
        &["electrical.reference.ups: found \"x\", expected a redundancy rule"],
    );
    // No Rust type names.
    for (value, found) in [
        ("1.5", "1.5"),
        ("-1", "-1"),
        ("\"8\"", "\"8\""),
        ("9999999999", "9999999999"),
    ] {
        let e = bad_site("whole", |t| {
            t.replacen("units = 8 ", &format!("units = {value} "), 1)
        });
        assert_message(
            &e,
            "whole",
            "32:9",
            &[&format!(
                "cooling.liquid.units: found {found}, expected a whole number from 0 to 4,294,967,295"
            )],
        );
        assert!(!e.contains("u32"), "{e}");
    }
    let e = bad_site("table", |t| {
        t.replacen("positions = 200", "positions = {}", 1)
    });
    assert_message(&e, "table", "45:13", &["found {}, expected a whole number"]);
    // Ranges in the unit written, naming the bound passed.
    for (to, expected) in [
        (
            "capacity = \"-5 MW\"",
            "found \"-5 MW\", expected a power above 0 MW",
        ),
        (
            "capacity = \"-5000 kW\"",
            "found \"-5000 kW\", expected a power above 0 kW",
        ),
        (
            "capacity = \"1e9 MW\"",
            "found \"1e9 MW\", expected a power of at most 1 TW",
        ),
    ] {
        let e = bad_site("ranges", |t| t.replacen("capacity = \"100 MW\"", to, 1));
        assert_message(
            &e,
            "ranges",
            "16:12",
            &[&format!("interconnect.capacity: {expected}")],
        );
        assert!(!e.contains("1000000000"), "{e}");
    }
    let e = bad_site("hot", |t| {
        t.replacen("supply = \"34 °C\"", "supply = \"500 °C\"", 1)
    });
    assert_message(
        &e,
        "hot",
        "33:10",
        &["found \"500 °C\", expected at most 200 °C"],
    );
    // The count decides when no units are installed, the rule otherwise.
    let e = bad_site("none", |t| {
        t.replacen("transformers = 3 ", "transformers = 0 ", 1)
    });
    assert_message(
        &e,
        "none",
        "19:16",
        &["substation.transformers: no units installed"],
    );
    let e = bad_site("odd", |t| {
        t.replacen("redundancy = \"N+1\"", "redundancy = \"2N\"", 1)
    });
    assert_message(
        &e,
        "odd",
        "21:14",
        &["substation.redundancy: 2N needs an even number of units, 3 installed"],
    );
    let e = bad_site("share", |t| {
        t.replacen("no_load_loss = \"0.1 %\"", "no_load_loss = \"200 %\"", 1)
    });
    assert_message(
        &e,
        "share",
        "22:16",
        &["found \"200 %\", expected a fraction between 0 and 1 (0 % to 100 %)"],
    );
}

#[test]
fn a_start_beyond_the_timelines_calendar_is_located() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(site("west-texas-conversion"))).unwrap();
    let dir = std::env::temp_dir().join(format!("dcplan-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("late.toml");
    std::fs::write(
        &path,
        text.replacen("start = 2026-03-01", "start = 9999-12-31", 1),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("start = "))
        .unwrap()
        + 1;
    let out = dcplan(&["finance", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8(out.stderr).unwrap();
    assert_message(
        &e,
        "late",
        &format!("{line}:9"),
        &["finance.start: the schedule from 9999-12-31 runs past 9999-12-31"],
    );
}
