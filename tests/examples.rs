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
