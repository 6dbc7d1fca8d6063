//! Builders shared by the integration tests.
#![allow(dead_code)]

use dcplan::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

pub fn sea_level(dry_bulb: f64, wet_bulb: f64) -> Ambient {
    Ambient::from_wet_bulb(
        celsius(dry_bulb),
        celsius(wet_bulb),
        Pressure::new::<pascal>(101_325.0),
    )
    .expect("valid ambient")
}

/// A synthetic climate of `hours` at sea level on the equator (`Climate::from_hours`), for
/// short study and test years.
pub fn synthetic_climate(name: &str, hours: Vec<Ambient>) -> dcplan::climate::Climate {
    dcplan::climate::Climate::from_hours(
        name,
        dcplan::climate::Location::new(0.0, 0.0, Length::ZERO).expect("valid location"),
        hours,
    )
    .expect("valid climate")
}

/// The square-wave years' hot and cool hours (dry-bulb, wet-bulb °C).
pub const HOT: (f64, f64) = (40.0, 28.0);
pub const COOL: (f64, f64) = (20.0, 8.0);

/// `days` of a square wave: `hot_hours` at [`HOT`], then the rest of the day at [`COOL`].
pub fn square_wave(hot_hours: usize, days: usize) -> dcplan::climate::Climate {
    let hot = sea_level(HOT.0, HOT.1);
    let cool = sea_level(COOL.0, COOL.1);
    let day = [vec![hot; hot_hours], vec![cool; 24 - hot_hours]].concat();
    synthetic_climate("square wave", day.repeat(days))
}

/// Sea-level air at `dry_bulb` °C with a wet-bulb of 0.6·t + 2 °C, one that dry-bulb air from
/// 5 °C (saturated) to 42 °C can have: the property tests' random hours.
pub fn plausible_air(dry_bulb: f64) -> Ambient {
    sea_level(dry_bulb, 0.6 * dry_bulb + 2.0)
}

pub fn gb200() -> RackProfile {
    RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1).unwrap()
}

pub fn network_rack() -> RackProfile {
    RackProfile::new(
        "network",
        kilowatts(20.0),
        0,
        Fraction::ZERO,
        AirClass::A1,
        None,
    )
    .unwrap()
}

/// A purely air-cooled rack of `it` kW.
pub fn air_rack(it_kw: f64) -> RackProfile {
    RackProfile::new(
        "air",
        kilowatts(it_kw),
        8,
        Fraction::ZERO,
        AirClass::A2,
        None,
    )
    .unwrap()
}

/// A rack of `it_kw` kW whose heat all goes to liquid (cold plates or tanks), facility water
/// of class `class`.
pub fn liquid_rack(it_kw: f64, class: WaterClass) -> RackProfile {
    RackProfile::new(
        "tank",
        kilowatts(it_kw),
        8,
        Fraction::ONE,
        AirClass::A4,
        Some(class),
    )
    .unwrap()
}

pub fn lumped(interconnect_mw: f64, pue: f64) -> Site {
    Site::builder(
        "lumped",
        GridInterconnect::new(megawatts(interconnect_mw)).unwrap(),
    )
    .lumped_pue(Pue::new(pue).unwrap())
    .build()
    .unwrap()
}

pub fn loop_of(technology: Technology, name: &str, usable_mw: f64) -> CoolingLoop {
    CoolingLoop::new(LoopDesign::preset(technology, name, megawatts(usable_mw), 4).unwrap())
        .unwrap()
}

/// Property-test configuration: `default` cases, or `PROPTEST_CASES` from the environment —
/// the stress profile runs every invariant 10,000 times:
/// `PROPTEST_CASES=10000 cargo test --release` (see docs/validation.md).
///
/// Failures are persisted beside the test file (`tests/NAME.proptest-regressions`, kept in
/// git) and the saved seeds are replayed before any new case: proptest's default looks for a
/// `lib.rs` above the test file, which `tests/` has not, so the file is named explicitly.
pub fn proptest_config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

#[cfg(feature = "cli")]
/// Runs the `dcplan` binary with `args` from the crate's root, without colour.
pub fn dcplan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("dcplan runs")
}

#[cfg(feature = "cli")]
/// `dcplan ARGS`'s standard output; the run must succeed.
pub fn stdout_ok(args: &[&str]) -> String {
    let out = dcplan(args);
    assert!(
        out.status.success(),
        "dcplan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[cfg(feature = "cli")]
/// `dcplan ARGS`'s standard output read as JSON; the run must succeed.
pub fn json(args: &[&str]) -> serde_json::Value {
    let text = stdout_ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// An hourly CSV for a common year (2023): `header`, then `value(hour)` in each row after its
/// `datetime`.
pub fn hourly_csv(header: &str, value: impl Fn(usize) -> String) -> String {
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut out = format!("{header}\n");
    let mut h = 0;
    for (m, &n) in days.iter().enumerate() {
        for d in 1..=n {
            for hour in 0..24 {
                out += &format!("2023-{:02}-{d:02}T{hour:02}:00,{}\n", m + 1, value(h));
                h += 1;
            }
        }
    }
    out
}

/// A fresh directory `dcplan-NAME-PID` under the system's temporary directory, for one test's
/// files.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("dcplan-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
