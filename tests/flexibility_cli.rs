//! `dcplan flex` end to end on the west-Texas conversion, and `[flexibility]` errors located.
#![cfg(feature = "cli")]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `dcplan flex` on the west-Texas example with `section` appended.
fn flex(name: &str, section: &str, format: &str) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("examples/sites/west-texas-conversion.toml")).unwrap();
    let dir = std::env::temp_dir().join(format!("dcplan-flex-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, format!("{text}\n{section}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(["flex", path.to_str().unwrap(), "--format", format])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("dcplan runs");
    std::fs::remove_dir_all(&dir).ok();
    out
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
