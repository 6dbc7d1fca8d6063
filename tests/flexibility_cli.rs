//! `dcplan flex` end to end on the west-Texas conversion, and `[flexibility]` errors located.
#![cfg(feature = "cli")]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `dcplan flex` on the west-Texas example with `section` appended.
fn flex(name: &str, section: &str, format: &str) -> Output {
    dcplan(&["flex"], name, section, format)
}

/// Runs `dcplan ARGS FILE --format FORMAT` on the west-Texas example with `section` appended.
fn dcplan(args: &[&str], name: &str, section: &str, format: &str) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("examples/sites/west-texas-conversion.toml")).unwrap();
    let dir = std::env::temp_dir().join(format!("dcplan-flex-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, format!("{text}\n{section}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .args([path.to_str().unwrap(), "--format", format])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("dcplan runs");
    std::fs::remove_dir_all(&dir).ok();
    out
}

/// The output of `dcplan ARGS FILE`, which must succeed.
fn succeeds(args: &[&str], file: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .arg(file)
        .env("NO_COLOR", "1")
        .output()
        .expect("dcplan runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn json(name: &str, section: &str) -> Value {
    let out = flex(name, section, "json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn failure(name: &str, section: &str) -> String {
    let out = flex(name, section, "table");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn duke_table_and_year_plan_of_the_west_texas_conversion() {
    let firm = json("firm", "");
    let duke = firm["duke"]["levels"].as_array().unwrap();
    let racks: Vec<u64> = duke
        .iter()
        .map(|r| r["primary_racks"].as_u64().unwrap())
        .collect();
    assert_eq!(duke.len(), 4);
    assert!(racks.windows(2).all(|w| w[0] <= w[1]), "{racks:?}");
    let shares: Vec<f64> = duke
        .iter()
        .map(|r| r["curtailment_share"].as_f64().unwrap())
        .collect();
    assert_eq!(shares, vec![0.0, 0.0025, 0.005, 0.01]);
    // Phoenix's hottest hours are hotter than Midland's design hour: the strict year fits
    // fewer racks than the design-hour plan, and the binding hour is at the interconnect.
    let year = &firm["year_plan"];
    assert_eq!(year["primary_racks"].as_u64(), Some(racks[0]));
    assert!(racks[0] < year["design_primary_racks"].as_u64().unwrap());
    assert_eq!(year["curtailed_hours"].as_u64(), Some(0));
    for level in duke.iter().skip(1) {
        assert!(level["curtailed_it_energy_mwh"].as_f64().unwrap() > 0.0);
    }
    // With the Duke 0.5 % budget, a battery and a static cap at 80 % of the GPU's power:
    // more GPUs than the 0.5 % row alone.
    let flexible = json(
        "flexible",
        "[flexibility]\nbudget = \"0.5 %\"\nvalue_of_lost_load = \"5 USD/GPU-h\"\n\
         [flexibility.battery]\npower = \"20 MW\"\nenergy = \"80 MWh\"\n",
    );
    let y = &flexible["year_plan"];
    assert_eq!(y["budget_energy_share"].as_f64(), Some(0.005));
    assert!(y["primary_racks"].as_u64().unwrap() >= racks[2]);
    assert!(y["curtailed_share"].as_f64().unwrap() <= 0.005);
    assert!(y["battery_discharge_mwh"].as_f64().unwrap() > 0.0);
    assert!(y["lost_load_value_usd"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_flexibility_input_is_located() {
    let e = failure(
        "zero-energy",
        "[flexibility.battery]\npower = \"20 MW\"\nenergy = \"0 MWh\"\n",
    );
    assert!(
        e.contains("zero-energy.toml:") && e.contains("flexibility.battery.energy"),
        "{e}"
    );
    let e = failure(
        "efficiency",
        "[flexibility.battery]\npower = \"20 MW\"\nenergy = \"80 MWh\"\nround_trip_efficiency = \"105 %\"\n",
    );
    assert!(
        e.contains("flexibility.battery.round_trip_efficiency"),
        "{e}"
    );
    let e = failure("cap", "[flexibility.cap]\nprovisioned = \"5000 W\"\n");
    assert!(
        e.contains("flexibility.cap.provisioned") && e.contains("at most the accelerator"),
        "{e}"
    );
    let e = failure("budget", "[flexibility]\nbudget = \"120 %\"\n");
    assert!(e.contains("flexibility.budget"), "{e}");
}

const BATTERY: &str = "[flexibility]\nbudget = \"0.5 %\"\n\
                       [flexibility.battery]\npower = \"20 MW\"\nenergy = \"80 MWh\"\n";

fn simulate(name: &str, section: &str, format: &str) -> String {
    let out = dcplan(&["simulate"], name, section, format);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn simulate_runs_the_year_plan_with_the_dispatch() {
    // Without the section, no dispatch: the design-hour plan's racks, as before.
    let firm: Value = serde_json::from_str(&simulate("sim-firm", "", "json")).unwrap();
    assert!(firm.get("flexibility").is_none());
    let v: Value = serde_json::from_str(&simulate("sim-battery", BATTERY, "json")).unwrap();
    let f = &v["flexibility"];
    let plan: Value = json("sim-battery-flex", BATTERY);
    // The same year plan as `dcplan flex`, beside the design-hour plan.
    assert_eq!(f["primary_racks"], plan["year_plan"]["primary_racks"]);
    assert_eq!(
        f["design_primary_racks"].as_u64(),
        v["plan"]["primary_racks"].as_u64()
    );
    let racks = f["primary_racks"].as_f64().unwrap();
    assert!(racks > v["plan"]["primary_racks"].as_f64().unwrap());
    // The kernel's year at the year plan's racks: IT energy as the dispatch's.
    assert_eq!(v["annual"]["primary_racks"].as_f64(), Some(racks));
    let it = 1e3 * v["annual"]["energy"]["it_gwh"].as_f64().unwrap();
    let dispatched_it = f["it_energy_mwh"].as_f64().unwrap();
    assert!(
        (it - dispatched_it).abs() < 1e-6 * it,
        "{it} vs {dispatched_it}"
    );
    // Battery throughput and cycles: discharge ≤ charge × round trip; cycles = discharge over
    // the usable energy (80 MWh at the default 10–90 % limits… whatever they are, > 0).
    let charge = f["battery_charge_mwh"].as_f64().unwrap();
    let discharge = f["battery_discharge_mwh"].as_f64().unwrap();
    assert!(
        discharge > 0.0 && discharge <= charge,
        "{discharge} {charge}"
    );
    assert!(f["battery_cycles"].as_f64().unwrap() > 1.0);
    assert!(f["grid_energy_mwh"].as_f64().unwrap() > 0.0);
    assert!(f["peak_grid_import_mw"].as_f64().unwrap() <= 100.0 + 1e-9);
    assert!(f["curtailed_share"].as_f64().unwrap() <= 0.005);
    // The year as operated: IT served is the undispatched less the curtailed; grid import
    // as the dispatch's; PUE over grid + generation.
    assert!(firm.get("operated").is_none());
    let o = &v["operated"];
    let served = 1e3 * o["energy"]["it_gwh"].as_f64().unwrap();
    let curtailed = f["curtailed_it_energy_mwh"].as_f64().unwrap();
    assert!(curtailed > 0.0);
    assert!(
        (served - (it - curtailed)).abs() < 1e-6 * it,
        "{served} vs {it} − {curtailed}"
    );
    let grid = 1e3 * o["grid_import_gwh"].as_f64().unwrap();
    assert!((grid - f["grid_energy_mwh"].as_f64().unwrap()).abs() < 1e-6 * grid);
    let pue = o["pue"].as_f64().unwrap();
    assert!(
        (pue - o["data_centre_gwh"].as_f64().unwrap() / o["energy"]["it_gwh"].as_f64().unwrap())
            .abs()
            < 1e-12
    );
    let table = simulate("sim-battery-table", BATTERY, "table");
    assert!(table.contains("The year as operated"), "{table}");
    assert!(table.contains("Flexibility over the year"), "{table}");
    assert!(
        table.contains("battery charge / discharge / cycles"),
        "{table}"
    );
}

#[test]
fn simulate_csv_carries_the_dispatch_hour_by_hour() {
    let csv = simulate("sim-csv", BATTERY, "csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    let (grid, charge, discharge, soc, generation, curtailed, facility) = (
        col("grid_import_mw"),
        col("battery_charge_mw"),
        col("battery_discharge_mw"),
        col("state_of_charge"),
        col("generation_mw"),
        col("curtailed_it_mw"),
        col("facility_mw"),
    );
    col("gpu_cap_w");
    col("capped_it_mw");
    let rows: Vec<Vec<f64>> = lines
        .map(|l| {
            l.split(',')
                .map(|x| x.parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 8760);
    let (mut curtailed_mwh, mut discharged) = (0.0, 0.0);
    for r in &rows {
        assert!(r[grid] <= 100.0 + 1e-3, "{r:?}");
        assert!((0.0..=1.0).contains(&r[soc]));
        assert_eq!(r[generation], 0.0);
        // Uncurtailed hours: the kernel's facility power, through the battery.
        if r[curtailed] == 0.0 {
            let balance = r[grid] + r[discharge] - r[facility] - r[charge];
            assert!(balance.abs() < 2e-3, "{r:?}");
        }
        curtailed_mwh += r[curtailed];
        discharged += r[discharge];
    }
    assert!(curtailed_mwh > 0.0 && discharged > 0.0);
    // Without the section, the columns are not written.
    let firm = simulate("sim-csv-firm", "", "csv");
    assert!(!firm.lines().next().unwrap().contains("grid_import_mw"));
}

#[test]
fn finance_shows_what_the_flexibility_buys() {
    let run = |name: &str, section: &str| -> Value {
        let out = dcplan(&["finance"], name, section, "json");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert!(run("fin-firm", "").get("flexibility").is_none());
    let v = run("fin-battery", BATTERY);
    let f = &v["flexibility"];
    let year = json("fin-battery-flex", BATTERY);
    let added = year["year_plan"]["primary_racks"].as_i64().unwrap()
        - year["year_plan"]["design_primary_racks"].as_i64().unwrap();
    assert_eq!(f["added_racks"].as_i64(), Some(added));
    assert!(added > 0);
    assert_eq!(f["added_gpus"].as_i64(), Some(72 * added));
    // 80 MWh at the default 326 USD/kWh (NREL, Cole & Karmakar 2023, 2030 mid).
    assert!((f["capex_musd"].as_f64().unwrap() - 26.08).abs() < 1e-9);
    // The flexible case is appraised whole (the added GPUs' equipment and build in it)
    // against the report's own firm case.
    let musd = |k: &str| f[k].as_f64().unwrap();
    assert_eq!(musd("firm_npv_musd"), v["npv_musd"].as_f64().unwrap());
    assert!(
        (musd("delta_npv_musd") - (musd("flexible_npv_musd") - musd("firm_npv_musd"))).abs() < 1e-9
    );
    // Its capex holds the battery and the added GPUs (32,500 USD each, bought at least once).
    let added_capex = musd("flexible_capex_musd") - v["capex_musd"].as_f64().unwrap();
    assert!(
        added_capex >= 26.08 + 0.0325 * (72 * added) as f64,
        "{added_capex}"
    );
    assert!(musd("lost_share") > 0.0 && musd("lost_share") <= 0.005);
    let table =
        String::from_utf8(dcplan(&["finance"], "fin-table", BATTERY, "table").stdout).unwrap();
    assert!(
        table.contains(&format!("Flexibility (0.5 % of IT energy): +{added} racks")),
        "{table}"
    );
}

#[test]
fn simulate_svg_shades_the_shaved_part() {
    let out = dcplan(&["simulate", "--svg", "-"], "sim-svg", BATTERY, "table");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.contains("shaved off the grid: "), "no legend");
    assert!(svg.contains("<polygon"));
    let firm = dcplan(&["simulate", "--svg", "-"], "sim-svg-firm", "", "table");
    assert!(!String::from_utf8(firm.stdout).unwrap().contains("shaved"));
}

#[test]
fn finance_takes_the_capital_rates_from_the_site_file() {
    // 80 MWh at 163 USD/kWh plus 20 MW at 50 USD/kW: 13.04 + 1.0 = 14.04 MUSD.
    let priced = format!("{BATTERY}capex_energy = \"163 USD/kWh\"\ncapex_power = \"50 USD/kW\"\n");
    let out = dcplan(&["finance"], "fin-priced", &priced, "json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let capex = v["flexibility"]["capex_musd"].as_f64().unwrap();
    assert!((capex - 14.04).abs() < 1e-9, "{capex}");
    // Generation has no default capital cost: finance says which field it needs, located.
    let gas = "[flexibility]\nbudget = \"0.5 %\"\n[flexibility.generation]\n\
               unit_rating = \"5 MW\"\nunits = 2\nefficiency = \"35 %\"\n\
               fuel_price = \"12 USD/MWh\"\n";
    let out = dcplan(&["finance"], "fin-gas", gas, "table");
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("flexibility.generation") && e.contains("capex") && e.contains(".toml:"),
        "{e}"
    );
    let out = dcplan(
        &["finance"],
        "fin-gas-priced",
        &format!("{gas}capex = \"1200 USD/kW\"\n"),
        "json",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 2 × 5 MW at 1,200 USD/kW = 12 MUSD.
    assert!((v["flexibility"]["capex_musd"].as_f64().unwrap() - 12.0).abs() < 1e-9);
}

#[test]
fn flex_reports_the_types_shed_first_on_the_iren_hybrid_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("examples/sites/published/iren-childress-hybrid.toml");
    let run =
        |format: &str| String::from_utf8(succeeds(&["flex", "--format", format], &file)).unwrap();
    let v: Value = serde_json::from_str(&run("json")).unwrap();
    let y = &v["year_plan"];
    let asics = &y["shed_types"][0];
    assert_eq!(asics["rack_type"], "ASICs");
    assert_eq!(asics["racks"], 14_550);
    // 14,550 positions of seven S21 (24.5 kW) all year: 3,122,721 MWh; some of it shed, priced
    // at the hashprice on 1.4 PH/s a position: lost = 43.33 × 1.4 × MWh / 24.5 kW / 24 h.
    assert!((asics["it_energy_mwh"].as_f64().unwrap() - 14_550.0 * 0.0245 * 8_760.0).abs() < 1e-3);
    let shed = asics["shed_energy_mwh"].as_f64().unwrap();
    assert!(shed > 0.0);
    let lost = asics["lost_value_usd"].as_f64().unwrap();
    assert!((lost / (43.33 * 1.4 * shed / 0.0245 / 24.0) - 1.0).abs() < 1e-9);
    assert_eq!(asics["gpu_hours"], 0.0);
    // The GPUs stay firm: nothing curtailed.
    assert_eq!(y["curtailed_it_energy_mwh"], 0.0);
    assert_eq!(y["curtailed_hours"], 0);
    let table = run("table");
    assert!(
        table.contains("shed first: ASICs (14550 racks)") && table.contains("USD lost"),
        "{table}"
    );
}

#[test]
fn finance_prices_the_asics_shed_first_on_the_iren_hybrid_site() {
    // The IREN Childress hybrid site with a GPU-rental business case: the ASICs shed first
    // lose their hashprice revenue, a line of the flexible case — `dcplan flex`'s lost value
    // of the shed types scaled to a full year at the 80 % load factor.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = root.join("examples/sites/published/iren-childress-hybrid.toml");
    let text = std::fs::read_to_string(&site).unwrap();
    let dir = std::env::temp_dir().join(format!("dcplan-flex-{}-iren", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("iren.toml");
    std::fs::write(
        &path,
        format!(
            "{text}\n[finance]\nmodel = \"gpu_rental\"\nprice = \"2.00 USD/GPU-h\"\n\
             utilisation = \"80 %\"\nload_factor = \"80 %\"\nenergy_price = \"45 USD/MWh\"\n\
             start = 2026-03-01\n"
        ),
    )
    .unwrap();
    let run = |args: &[&str]| succeeds(args, &path);
    let finance: Value = serde_json::from_slice(&run(&["finance", "--format", "json"])).unwrap();
    let flex: Value = serde_json::from_slice(&run(&["flex", "--format", "json"])).unwrap();
    let table = String::from_utf8(run(&["finance"])).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let year = &flex["year_plan"];
    let lost: f64 = year["shed_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lost_value_usd"].as_f64().unwrap())
        .sum();
    let hours = year["hours"].as_f64().unwrap();
    let expected = lost * 0.8 * 8_760.0 / hours / 1e6;
    assert!(expected > 1.0, "{expected}");
    let line = finance["flexibility"]["lost_revenue_shed_musd_per_year"]
        .as_f64()
        .unwrap();
    assert!(
        (line - expected).abs() < 1e-9 * expected,
        "{line} vs {expected}"
    );
    assert!(
        table.contains(&format!(
            "revenue of the types shed first lost {expected:.2} MUSD/yr"
        )),
        "{table}"
    );
}

#[test]
fn simulate_judges_the_rules_on_the_year_as_operated() {
    // Gas generators beside the grid, a carbon intensity and rules on PUE (EnEfG §11(1), a
    // 2025 start) and CUE.
    let section = "[flexibility]\nbudget = \"0.5 %\"\n[flexibility.generation]\n\
                   unit_rating = \"5 MW\"\nunits = 2\nefficiency = \"35 %\"\n\
                   fuel_price = \"12 USD/MWh\"\n\
                   [sustainability.carbon]\nintensity = \"400 g/kWh\"\n\
                   [sustainability.rules]\nenefg_commissioned = 2025-01-01\n\
                   max_cue = \"0.5 kg/kWh\"\n";
    let v: Value = serde_json::from_str(&simulate("sim-rules", section, "json")).unwrap();
    let o = &v["operated"];
    assert!(o["generation_gwh"].as_f64().unwrap() > 0.0, "{o}");
    let s = &v["annual"]["sustainability"];
    assert_eq!(s["basis"], "operated", "{s}");
    assert_eq!(v["annual"]["undispatched"], true);
    let rule = |metric: &str| {
        s["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["metric"] == metric)
            .unwrap_or_else(|| panic!("no {metric} rule in {s}"))["value"]
            .as_f64()
            .unwrap()
    };
    let (pue, cue) = (
        o["pue"].as_f64().unwrap(),
        o["cue_kg_per_kwh"].as_f64().unwrap(),
    );
    assert!(
        (rule("pue") - pue).abs() < 1e-12 * pue,
        "{} vs {pue}",
        rule("pue")
    );
    assert!((rule("cue_kg_per_kwh") - cue).abs() < 1e-12 * cue);
    assert!((s["pue"].as_f64().unwrap() - pue).abs() < 1e-12 * pue);
    assert!((s["eu_kpis"]["pue"].as_f64().unwrap() - pue).abs() < 1e-12 * pue);
    // The undispatched year's figures differ where generation runs: its energy all from the
    // grid at 400 g/kWh (CUE = 0.4 · PUE), more IT than served.
    let pue_0 = v["annual"]["pue"].as_f64().unwrap();
    assert!(
        (cue - 0.4 * pue_0).abs() > 1e-3 * cue,
        "{cue} vs {}",
        0.4 * pue_0
    );
    assert!((pue - pue_0).abs() > 1e-6, "{pue} vs {pue_0}");
    let table = simulate("sim-rules-table", section, "table");
    assert!(
        table.contains("sustainability, the year as operated"),
        "{table}"
    );
    assert!(table.contains("annual energy (undispatched)"), "{table}");
    assert!(table.contains("cooling loop (undispatched)"), "{table}");
}

#[test]
fn simulate_claims_no_sustainability_judgement_without_a_sustainability_section() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("examples/sites/published/iren-childress-hybrid.toml");
    let table = String::from_utf8(succeeds(&["simulate"], &file)).unwrap();
    assert!(table.contains(
        "The year as operated (the energy, PUE and loops above are the undispatched load):"
    ));
    assert!(!table.contains("sustainability report above"));
}
