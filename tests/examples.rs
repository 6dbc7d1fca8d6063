//! End-to-end: run each example program and check the numbers it prints.

use std::process::Command;

fn run_example(name: &str) -> String {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["run", "--quiet", "--example", name]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "example {name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn quickstart_prints_the_worked_case() {
    let out = run_example("quickstart");
    assert!(
        out.contains("724 racks, 52128 GPUs; binding: grid interconnect"),
        "{out}"
    );
    assert!(out.contains("Seawater cooling fits +"), "{out}");
}

#[test]
fn bitcoin_mine_conversion_tells_the_story() {
    let out = run_example("bitcoin_mine_conversion");
    assert!(out.contains("no liquid cooling loop"), "{out}");
    assert!(out.contains("class A2 allows at most 35.0 °C"), "{out}");
    assert!(out.contains("binding: substation firm capacity"), "{out}");
}

#[test]
fn ai_vs_bitcoin_per_mw_compares_three_models() {
    let out = run_example("ai_vs_bitcoin_per_mw");
    let line = |label: &str| {
        out.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no line {label:?} in {out}"))
            .split_whitespace()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
    };
    // Columns reversed: bitcoin mining, colocation, GPU rental ($M per MW of interconnect).
    assert_eq!(line("revenue per MW-year"), vec!["0.94", "2.15", "8.79"]);
    assert_eq!(line("NPV per MW"), vec!["-1.53", "1.73", "7.44"]);
    assert!(
        out.contains("Highest NPV per MW of interconnect: AI factory"),
        "{out}"
    );
    assert!(
        out.contains("62720 GPUs") && out.contains("5.44 EH/s"),
        "{out}"
    );
    assert!(
        out.contains("the energised interconnect is worth $540M ($5.40M per MW)"),
        "{out}"
    );
}

#[test]
fn portfolio_ranks_the_next_block() {
    let out = run_example("portfolio");
    assert!(
        out.contains("Portfolio: 2910 MW of interconnect, 2155 MW in phases"),
        "{out}"
    );
    assert!(out.contains("2034:   994611"), "{out}");
    let first = out
        .lines()
        .find(|l| l.starts_with("1    "))
        .unwrap_or_default();
    assert!(
        first.contains("Midland TX (mine)") && first.contains("2027-01-29"),
        "{out}"
    );
}

#[test]
fn seawater_vs_air_compares_annual_pue() {
    let out = run_example("seawater_vs_air");
    let pues: Vec<f64> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("PUE annual "))
        .map(|rest| rest.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    // Seawater and dry coolers on the coast, the chiller plant and dry coolers in Phoenix.
    assert_eq!(pues.len(), 4, "{out}");
    // Seawater near the published Lingang design PUE of 1.15; the Phoenix chiller plant well above.
    assert!((1.08..1.16).contains(&pues[0]), "{out}");
    assert!(pues[2] > pues[0] + 0.1, "{out}");
    // The technology's saving in one climate, apart from the climate's: each said for what it is.
    let saving = |label: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} in {out}"));
        line.split(':')
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let technology = saving("technology, same climate");
    let both = saving("climate and technology together");
    assert!((30.0..70.0).contains(&technology), "{out}");
    assert!(both > technology + 10.0, "{out}");
    assert!(saving("climate alone") > 0.0, "{out}");
    assert!(out.contains("seawater fits"), "{out}");
}

#[test]
fn energyplus_comparison_prints_dcplan_beside_energyplus() {
    let out = run_example("energyplus_comparison");
    for idf in [
        "1ZoneDataCenterCRAC_wApproachTemp",
        "1ZoneDataCenterCRAC_wPumpedDXCoolingCoil",
    ] {
        assert!(out.contains(idf), "{out}");
    }
    assert!(out.contains("(1 − η)·P_IT = 0.10·P_IT"), "{out}");
    // Each quantity's difference from EnergyPlus 25.2 on the default (Chicago) weather file.
    let differences: Vec<(String, f64)> = out
        .lines()
        .filter(|l| l.trim_end().ends_with('%'))
        .map(|l| {
            let name = l.split_whitespace().next().unwrap().to_owned();
            let d = l.split_whitespace().rev().nth(1).unwrap();
            (name, d.parse().unwrap())
        })
        .collect();
    assert_eq!(differences.len(), 10, "{out}");
    for (name, d) in differences {
        let tolerance = if name == "PUE" { 2.0 } else { 5.0 };
        assert!(d.abs() <= tolerance, "{name} {d} %\n{out}");
    }
    assert_eq!(out.matches("× faster").count(), 2, "{out}");
}

#[test]
fn flexible_interconnect_sizes_the_firming_battery() {
    let out = run_example("flexible_interconnect");
    assert!(
        out.contains("628 racks (45216 GPUs) fit at the design hour behind 100 MW"),
        "{out}"
    );
    assert!(
        out.contains("overdraw it in 467 h (at most 2.2 MW)"),
        "{out}"
    );
    // The sequent-peak battery, checked by the dispatch: no curtailed hour left.
    assert!(
        out.contains("A battery of 3 MW / 17 MWh (85 % round trip, sequent peak) makes them firm: 0 curtailed hours with it (without: 467)"),
        "{out}"
    );
    let racks = |label: &str| -> u32 {
        out.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label:?} in {out}"))[22..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let firm = racks("firm interconnect");
    assert_eq!(firm, 614);
    assert_eq!(racks("that battery"), 628);
    assert!(racks("0.5 % curtailment") > firm);
    assert!(racks("dynamic cap to 960 W") > firm);
    assert!(racks("static cap at 960 W") > firm);
}
