//! Any text through every quantity parser of site files and the command line: an error or a
//! finite value, never a panic; a value read back from its canonical text is the same value.
#![no_main]

use dcplan::Redundancy;
use dcplan::money::*;
use dcplan::sitefile::Vary;
use dcplan::units::parse::{Quantity, RealOrApparent, parse};
use dcplan::units::*;
use libfuzzer_sys::fuzz_target;
use std::fmt::Display;
use std::str::FromStr;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some((v, rest)) = split_number(text) {
        assert!(v.is_finite(), "{text:?} → {v}");
        assert!(text.trim().ends_with(rest), "{text:?} → rest {rest:?}");
    }
    round_trip::<Power>(text, |p| p.get::<watt>(), "W");
    round_trip::<ThermodynamicTemperature>(text, |t| t.get::<kelvin>(), "K");
    round_trip::<TemperatureInterval>(text, |t| t.get::<kelvin_interval>(), "K");
    round_trip::<Length>(text, |l| l.get::<meter>(), "m");
    round_trip::<Pressure>(text, |p| p.get::<pascal>(), "Pa");
    round_trip::<Time>(text, |t| t.get::<time::second>(), "s");
    round_trip::<ApparentPower>(text, ApparentPower::mva, "MVA");
    round_trip::<Fraction>(text, Fraction::get, "");
    round_trip::<Efficiency>(text, Efficiency::get, "");
    if let Ok(r) = parse::<RealOrApparent>(text) {
        let finite = match r {
            RealOrApparent::Real(p) => p.get::<watt>().is_finite(),
            RealOrApparent::Apparent(s) => s.mva().is_finite(),
        };
        assert!(finite, "{text:?} → {r:?}");
    }
    if let Ok(r) = text.parse::<Redundancy>() {
        assert_eq!(
            r.to_string().parse::<Redundancy>().ok(),
            Some(r),
            "{text:?}"
        );
    }
    scalar::<Hashrate>(text, Hashrate::get);
    scalar::<Money>(text, Money::get);
    scalar::<MoneyRate>(text, MoneyRate::get);
    scalar::<UsdPerMw>(text, UsdPerMw::get);
    scalar::<UsdPerMwh>(text, UsdPerMwh::get);
    scalar::<UsdPerKwMonth>(text, UsdPerKwMonth::get);
    scalar::<UsdPerGpuHour>(text, UsdPerGpuHour::get);
    scalar::<UsdPerPhsDay>(text, UsdPerPhsDay::get);
    scalar::<UsdPerThs>(text, UsdPerThs::get);
    scalar::<UsdPerCubicMeter>(text, UsdPerCubicMeter::get);
    scalar::<GpuHours>(text, GpuHours::get);
    if let Ok(v) = text.parse::<Vary>() {
        assert!(!v.is_empty(), "{text:?}");
    }
});

/// A quantity read from `text` is finite, and reads back from `value unit` as itself.
fn round_trip<T: Quantity + Copy + std::fmt::Debug>(text: &str, value: fn(T) -> f64, unit: &str) {
    let Ok(q) = parse::<T>(text) else { return };
    let v = value(q);
    assert!(v.is_finite(), "{text:?} → {q:?}");
    let back = parse::<T>(&format!("{v} {unit}"))
        .unwrap_or_else(|e| panic!("{text:?} → {v} {unit} does not read back: {e}"));
    let w = value(back);
    assert!((w - v).abs() <= 1e-12 * v.abs(), "{text:?} → {v} → {w}");
}

/// A money or hash-rate text is finite and reads back from its display.
fn scalar<T: FromStr + Display + Copy>(text: &str, value: fn(T) -> f64) {
    let Ok(x) = text.parse::<T>() else { return };
    let v = value(x);
    assert!(v.is_finite(), "{text:?} → {v}");
    let shown = x.to_string();
    let back = shown.parse::<T>().map(value).ok();
    assert_eq!(back, Some(v), "{text:?} → {shown:?}");
}
