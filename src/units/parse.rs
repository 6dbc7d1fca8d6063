//! Quantities as people write them: `"120 kW"`, `"120kW"`, `"18 °C"`, `"18 degC"`, `"10 K"`,
//! `"60 MVA"`, `"85 %"`, `"360 m3/h"`.
//!
//! Text is normalised (a space between number and unit; `degC`, `deg C`, `C` and `℃` → `°C`;
//! `m3/h` → `m³/h`; `kw`/`mw`/`gw` → `kW`/`MW`/`GW`; the Greek `μ` → the micro sign `µ`) and
//! then read with uom's `FromStr`, so every unit uom knows for the quantity is accepted
//! (`"0.12 MW"`, `"300.15 K"`) — except milliwatts: `"100 mW"` beside `"100 mw"` (100 MW) is a
//! slip of the shift key, refused with "did you mean MW?". A bare number is an error that names
//! the unit expected: a config file must never read `27` as 27 K.
//!
//! ```
//! use dcplan::units::*;
//! let p: Power = parse("120kW")?;
//! assert_eq!(p.get::<kilowatt>(), 120.0);
//! let t: ThermodynamicTemperature = parse("27 degC")?;
//! assert!((to_celsius(t) - 27.0).abs() < 1e-12);
//! let s: ApparentPower = parse("60 MVA")?;
//! assert_eq!(s.mva(), 60.0);
//! let err = parse::<Power>("18 °C").unwrap_err().to_string();
//! assert!(err.contains("a power such as \"120 kW\", not a temperature"), "{err}");
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::units::*;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// A kind of quantity a site file can hold, with how to read it from normalised text.
pub trait Quantity: Sized {
    /// What it is, with an article: "a power".
    const WHAT: &'static str;
    /// A typical value with its unit: "120 kW".
    const EXAMPLE: &'static str;
    /// Reads `value unit` text (already normalised); `None` if the unit is not one of this
    /// quantity's. An `Err` is a value outside the quantity's own range.
    fn from_normalised(text: &str) -> Option<Result<Self>>;
    /// Reads a bare number; by default an error, as a number without a unit is ambiguous.
    fn from_number(value: f64) -> Option<Result<Self>> {
        let _ = value;
        None
    }
}

/// Reads a quantity from text as people write it (see the [module documentation](self)).
pub fn parse<T: Quantity>(text: &str) -> Result<T> {
    let unit_error = |expected: String| Error::Unit {
        field: String::new(),
        text: text.to_owned(),
        expected,
    };
    let Some((value, unit)) = split_number(text) else {
        return Err(unit_error(format!(
            "{} such as \"{}\" (a number, then a unit)",
            T::WHAT,
            T::EXAMPLE
        )));
    };
    if unit.is_empty() {
        return match T::from_number(value) {
            Some(result) => result,
            None => Err(unit_error(bare_number_expectation::<T>())),
        };
    }
    let normalised = format!("{value} {}", normalise_unit(unit));
    match T::from_normalised(&normalised) {
        Some(result) => result,
        None => {
            let note = dimension_of(&normalised)
                .map(|what| format!(", not {what}"))
                .unwrap_or_default();
            Err(unit_error(format!(
                "{} such as \"{}\"{note}",
                T::WHAT,
                T::EXAMPLE
            )))
        }
    }
}

fn bare_number_expectation<T: Quantity>() -> String {
    format!("{} with its unit, such as \"{}\"", T::WHAT, T::EXAMPLE)
}

/// Maps the unit spellings people type to uom's abbreviations. The Greek small letter mu
/// (U+03BC, what Unicode normalisation makes of the micro sign) is read as the micro sign
/// (U+00B5) uom uses.
fn normalise_unit(unit: &str) -> String {
    let unit = unit.replace('\u{3bc}', "\u{b5}");
    let unit = unit.as_str();
    let compact: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let known = match compact.as_str() {
        "C" | "degC" | "degc" | "DegC" | "deg.C" | "℃" | "celsius" | "Celsius" => "°C",
        "F" | "degF" | "degf" | "℉" => "°F",
        "kelvin" | "kelvins" => "K",
        "kw" | "Kw" | "KW" => "kW",
        "mw" | "Mw" => "MW",
        "gw" | "Gw" => "GW",
        "mva" | "Mva" => "MVA",
        "kva" | "Kva" | "KVA" => "kVA",
        "m3/h" | "m^3/h" | "cmh" => "m³/h",
        "m3/s" | "m^3/s" => "m³/s",
        "m2" | "m^2" | "sqm" => "m²",
        "l/s" | "lps" => "L/s",
        "pct" | "percent" => "%",
        _ => "",
    };
    if known.is_empty() {
        // Keep uom's multi-word names ("degrees Celsius") readable.
        unit.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        known.to_owned()
    }
}

/// What kind of quantity normalised text is, to say so when it is the wrong one.
fn dimension_of(normalised: &str) -> Option<&'static str> {
    let is = |ok: bool, what| ok.then_some(what);
    is(Power::from_str(normalised).is_ok(), "a power")
        .or_else(|| is(apparent(normalised).is_some(), "an apparent power"))
        .or_else(|| {
            is(
                ThermodynamicTemperature::from_str(normalised).is_ok(),
                "a temperature",
            )
        })
        .or_else(|| is(Length::from_str(normalised).is_ok(), "a length"))
        .or_else(|| is(Pressure::from_str(normalised).is_ok(), "a pressure"))
        .or_else(|| is(VolumeRate::from_str(normalised).is_ok(), "a volume flow"))
        .or_else(|| is(Energy::from_str(normalised).is_ok(), "an energy"))
        .or_else(|| is(Time::from_normalised(normalised).is_some(), "a duration"))
        .or_else(|| is(percent_of(normalised).is_some(), "a percentage"))
}

/// `value` in VA from "x VA/kVA/MVA/GVA".
fn apparent(normalised: &str) -> Option<f64> {
    let (value, unit) = normalised.split_once(' ')?;
    let scale = match unit {
        "VA" => 1.0,
        "kVA" => 1e3,
        "MVA" => 1e6,
        "GVA" => 1e9,
        _ => return None,
    };
    value.parse::<f64>().ok().map(|v| v * scale)
}

fn percent_of(normalised: &str) -> Option<f64> {
    let (value, unit) = normalised.split_once(' ')?;
    (unit == "%")
        .then(|| value.parse::<f64>().ok())
        .flatten()
        .map(|v| v / 100.0)
}

macro_rules! uom_quantity {
    ($ty:ty, $what:literal, $example:literal) => {
        impl Quantity for $ty {
            const WHAT: &'static str = $what;
            const EXAMPLE: &'static str = $example;
            fn from_normalised(text: &str) -> Option<Result<Self>> {
                <$ty>::from_str(text).ok().map(Ok)
            }
        }
    };
}

/// Milliwatts (`mW`, `mVA`) are never what a data-center file means: `"100 mW"` beside the
/// documented lower-case `"100 mw"` (100 MW) would differ by 10⁹ on one letter's case. The
/// error for `unit` if it is one, suggesting `suggest`.
fn milli(text: &str, unit: &str, suggest: &str) -> Option<Error> {
    (text.split_once(' ').map(|(_, u)| u) == Some(unit)).then(|| Error::Unit {
        field: String::new(),
        text: text.to_owned(),
        expected: format!(
            "a power in megawatts: \"{unit}\" is milli-; did you mean {suggest}? (nothing in \
             a data center is planned in milliwatts)"
        ),
    })
}

impl Quantity for Power {
    const WHAT: &'static str = "a power";
    const EXAMPLE: &'static str = "120 kW";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        if let Some(e) = milli(text, "mW", "MW") {
            return Some(Err(e));
        }
        Power::from_str(text).ok().map(Ok)
    }
}
uom_quantity!(ThermodynamicTemperature, "a temperature", "18 °C");
uom_quantity!(TemperatureInterval, "a temperature difference", "10 K");
uom_quantity!(Length, "a length", "20 m");
uom_quantity!(Pressure, "a pressure", "101.3 kPa");
uom_quantity!(VolumeRate, "a volume flow", "8.5 m³/s");
uom_quantity!(Area, "an area", "232 m²");

/// The thermal resistance of a construction per unit area (an R-value, m²·K/W): uom has no
/// such quantity, so it is kept as the number in that unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RValue(f64);

impl RValue {
    /// The value in m²·K/W.
    pub fn square_meter_kelvin_per_watt(self) -> f64 {
        self.0
    }
}

impl Quantity for RValue {
    const WHAT: &'static str = "an R-value";
    const EXAMPLE: &'static str = "2.29 m²K/W";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        let (value, unit) = text.split_once(' ')?;
        let unit: String = unit
            .chars()
            .filter(|c| !matches!(c, ' ' | '·' | '.' | '^' | '*' | '(' | ')'))
            .map(|c| if c == '²' { '2' } else { c })
            .collect();
        (unit == "m2K/W").then(|| {
            let v: f64 = value.parse().unwrap_or(f64::NAN);
            positive("r_value", v, "m²K/W").map(RValue)
        })
    }
}

impl Quantity for Time {
    const WHAT: &'static str = "a duration";
    const EXAMPLE: &'static str = "18 months";
    /// uom's time units (`"6 years"`, `"90 d"`) plus weeks and months of a twelfth of a
    /// 365-day year, as [`crate::timeline`] counts them.
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        let (value, unit) = text.split_once(' ')?;
        let v: f64 = value.parse().ok()?;
        match unit {
            "month" | "months" | "mo" => Some(Ok(crate::timeline::months(v))),
            "week" | "weeks" | "wk" => Some(Ok(crate::timeline::weeks(v))),
            "yr" | "yrs" | "y" => Some(Ok(crate::timeline::years(v))),
            _ => Time::from_str(text).ok().map(Ok),
        }
    }
}

impl Quantity for ApparentPower {
    const WHAT: &'static str = "an apparent power";
    const EXAMPLE: &'static str = "60 MVA";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        if let Some(e) = milli(text, "mVA", "MVA") {
            return Some(Err(e));
        }
        apparent(text).map(|va| ApparentPower::from_mva(va / 1e6))
    }
}

/// Real power (`"100 MW"`) or apparent power (`"120 MVA"`, converted with a power factor).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RealOrApparent {
    /// Real power.
    Real(Power),
    /// Apparent power.
    Apparent(ApparentPower),
}

impl Quantity for RealOrApparent {
    const WHAT: &'static str = "a power or an apparent power";
    const EXAMPLE: &'static str = "100 MW";
    fn from_normalised(text: &str) -> Option<Result<Self>> {
        Power::from_normalised(text)
            .map(|p| p.map(RealOrApparent::Real))
            .or_else(|| ApparentPower::from_normalised(text).map(|s| s.map(Self::Apparent)))
    }
}

macro_rules! ratio_quantity {
    ($ty:ty, $what:literal, $example:literal) => {
        impl Quantity for $ty {
            const WHAT: &'static str = $what;
            const EXAMPLE: &'static str = $example;
            fn from_normalised(text: &str) -> Option<Result<Self>> {
                percent_of(text).map(<$ty>::new)
            }
            fn from_number(value: f64) -> Option<Result<Self>> {
                Some(<$ty>::new(value))
            }
        }
    };
}

ratio_quantity!(Fraction, "a fraction (0 … 1) or a percentage", "85 %");
ratio_quantity!(Efficiency, "an efficiency (0 … 1] or a percentage", "97 %");

/// A quantity field of a site file: deserialises from text with a unit through [`parse()`]; a
/// bare number (or anything else) is an error naming the expected unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Q<T>(pub T);

impl<'de, T: Quantity> Deserialize<'de> for Q<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(QVisitor::<T>(PhantomData))
    }
}

struct QVisitor<T>(PhantomData<T>);

impl<T: Quantity> QVisitor<T> {
    fn number<E: de::Error>(value: f64, shown: String) -> std::result::Result<Q<T>, E> {
        match T::from_number(value) {
            Some(result) => result.map(Q).map_err(|e| E::custom(serde_message(&e))),
            None => Err(E::custom(format!(
                "found {shown} (a bare number), expected {}",
                bare_number_expectation::<T>()
            ))),
        }
    }
}

/// The "found …, expected …" message a deserialiser reports for `e`.
fn serde_message(e: &Error) -> String {
    let (found, expected) = e.found_expected();
    if found.is_empty() {
        expected
    } else {
        format!("found {found}, expected {expected}")
    }
}

impl<'de, T: Quantity> Visitor<'de> for QVisitor<T> {
    type Value = Q<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bare_number_expectation::<T>())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Q<T>, E> {
        parse::<T>(v)
            .map(Q)
            .map_err(|e| E::custom(serde_message(&e)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Q<T>, E> {
        Self::number(v as f64, v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Q<T>, E> {
        Self::number(v as f64, v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Q<T>, E> {
        Self::number(v, v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_people_type() {
        let kw = |t: &str| parse::<Power>(t).unwrap().get::<kilowatt>();
        assert_eq!(kw("120 kW"), 120.0);
        assert_eq!(kw("120kW"), 120.0);
        assert_eq!(kw(" 0.12 MW "), 120.0);
        assert_eq!(kw("120 kw"), 120.0);
        assert_eq!(kw("1.2e2 kW"), 120.0);
        let c = |t: &str| to_celsius(parse::<ThermodynamicTemperature>(t).unwrap());
        for t in [
            "27 °C", "27°C", "27 degC", "27 deg C", "27 C", "27 ℃", "300.15 K",
        ] {
            assert!((c(t) - 27.0).abs() < 1e-9, "{t}");
        }
        let k = |t: &str| {
            parse::<TemperatureInterval>(t)
                .unwrap()
                .get::<kelvin_interval>()
        };
        assert_eq!(k("10 K"), 10.0);
        assert_eq!(k("10 degC"), 10.0);
        assert_eq!(parse::<ApparentPower>("2500 kVA").unwrap().mva(), 2.5);
        assert_eq!(parse::<Fraction>("85 %").unwrap().get(), 0.85);
        assert_eq!(parse::<Fraction>("0.85").unwrap().get(), 0.85);
        assert_eq!(parse::<Length>("870 m").unwrap().get::<meter>(), 870.0);
        assert_eq!(
            parse::<Area>("232 m2").unwrap().get::<square_meter>(),
            232.0
        );
        let flow = parse::<VolumeRate>("8.5 m3/s").unwrap();
        assert_eq!(flow.get::<cubic_meter_per_second>(), 8.5);
        for t in ["2.29 m²K/W", "2.29 m2K/W", "2.29 m²·K/W", "2.29 m^2.K/W"] {
            let r = parse::<RValue>(t).unwrap();
            assert_eq!(r.square_meter_kelvin_per_watt(), 2.29, "{t}");
        }
        assert!(parse::<RValue>("-1 m2K/W").is_err());
        let years = |t: &str| parse::<Time>(t).unwrap().get::<time::year>();
        assert_eq!(years("18 months"), 1.5);
        assert_eq!(years("6 years"), 6.0);
        assert!((years("52 weeks") - 364.0 / 365.0).abs() < 1e-12);
        assert!(matches!(
            parse::<RealOrApparent>("120 MVA").unwrap(),
            RealOrApparent::Apparent(_)
        ));
    }

    #[test]
    fn micro_signs_read_alike_and_milliwatts_are_refused() {
        // µ (U+00B5, the micro sign) was read, μ (U+03BC, its NFKC form) refused.
        let micro = parse::<Power>("100 \u{b5}W").unwrap();
        assert_eq!(parse::<Power>("100 \u{3bc}W").unwrap(), micro);
        assert!((micro.get::<watt>() - 1e-4).abs() < 1e-18);
        // "100 mW" was 0.1 W while "100 mw" is 100 MW.
        assert_eq!(parse::<Power>("100 mw").unwrap().get::<megawatt>(), 100.0);
        for (text, suggest) in [
            ("100 mW", "did you mean MW?"),
            ("100mW", "did you mean MW?"),
        ] {
            let e = parse::<Power>(text).unwrap_err().to_string();
            assert!(e.contains(suggest), "{text}: {e}");
            let e = parse::<RealOrApparent>(text).unwrap_err().to_string();
            assert!(e.contains(suggest), "{text}: {e}");
        }
        for parsed in [
            parse::<ApparentPower>("60 mVA").map(|_| ()),
            parse::<RealOrApparent>("60 mVA").map(|_| ()),
        ] {
            let e = parsed.unwrap_err().to_string();
            assert!(e.contains("did you mean MVA?"), "{e}");
        }
        assert_eq!(parse::<ApparentPower>("60 mva").unwrap().mva(), 60.0);
    }

    #[test]
    fn errors_say_what_was_expected() {
        let msg = |r: Result<Power>| r.unwrap_err().to_string();
        let bare = msg(parse("120"));
        assert!(
            bare.contains("a power with its unit, such as \"120 kW\""),
            "{bare}"
        );
        let wrong = msg(parse("120 MVA"));
        assert!(wrong.contains("not an apparent power"), "{wrong}");
        let unknown = msg(parse("120 horses"));
        assert!(
            unknown.contains("\"120 horses\"") && unknown.contains("a power"),
            "{unknown}"
        );
        assert!(msg(parse("kW")).contains("a number, then a unit"));
        assert!(parse::<Fraction>("120 %").is_err());
        assert!(parse::<ApparentPower>("-5 MVA").is_err());
        assert!(parse::<ThermodynamicTemperature>("inf °C").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in ".{0,24}") {
            let _ = parse::<Power>(&text);
            let _ = parse::<ThermodynamicTemperature>(&text);
            let _ = parse::<TemperatureInterval>(&text);
            let _ = parse::<ApparentPower>(&text);
            let _ = parse::<Fraction>(&text);
            let _ = parse::<RealOrApparent>(&text);
        }

        #[test]
        fn never_panics_on_unit_like_text(v in -1e6f64..1e6, unit in "[ °a-zA-Z%/³0-9.^]{0,8}") {
            let _ = parse::<Power>(&format!("{v}{unit}"));
            let _ = parse::<Length>(&format!("{v} {unit}"));
        }

        #[test]
        fn value_text_value_round_trips(v in -1e9f64..1e9) {
            let p: Power = parse(&format!("{v} kW")).unwrap();
            prop_assert!((p.get::<kilowatt>() - v).abs() <= 1e-12 * v.abs().max(1.0));
            let t: ThermodynamicTemperature = parse(&format!("{v}degC")).unwrap();
            prop_assert!((to_celsius(t) - v).abs() <= 1e-9 * v.abs().max(1.0));
            let w: Power = parse(&format!("{v} W")).unwrap();
            prop_assert_eq!(w.get::<watt>(), v);
        }
    }
}
