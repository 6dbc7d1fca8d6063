//! Money and prices. Every amount is in **US dollars** (no currency conversion; the economics
//! reads every amount as real, constant dollars, see [`crate::economics`]); each rate has its
//! own type, so a price per MWh cannot be multiplied by a power, a rent per kW-month cannot be
//! added to a build cost per MW, and neither can be mixed with a physical quantity.
//!
//! | type | unit | typed operations |
//! |---|---|---|
//! | [`Money`] | USD | `÷ Time → MoneyRate`, `÷ Power → UsdPerMw`, `÷ Energy → UsdPerMwh` |
//! | [`MoneyRate`] | USD/yr | `× Time → Money` |
//! | [`UsdPerMw`] | USD/MW | `× Power → Money` |
//! | [`UsdPerMwh`] | USD/MWh | `× Energy → Money`, `× Power → MoneyRate` |
//! | [`UsdPerKwMonth`] | USD/kW-month | `× Power → MoneyRate` |
//! | [`UsdPerGpuHour`] | USD/GPU-h | `× GpuHours → Money` |
//! | [`UsdPerPhsDay`] | USD/PH/s/day (hashprice) | `× Hashrate → MoneyRate` |
//! | [`UsdPerThs`] | USD/TH/s (miner price) | `× Hashrate → Money` |
//! | [`UsdPerCubicMeter`] | USD/m³ | `× Volume → Money` |
//!
//! A year is 365 days (uom's `year`, 8,760 h, the length of the annual simulation) and a
//! billing month is a twelfth of it.
//!
//! **Serde**: every amount and rate reads and writes as text with its unit — `"85 USD/MWh"`,
//! `"9500000 USD/MW"` — so a file can never be read in the wrong unit; a bare number is an
//! error that names the unit expected. Alternative units are read and converted: `"0.085
//! USD/kWh"`, `"9.5 MUSD/MW"`, `"12.5 MUSD"`, `"0.05 USD/TH/s/day"`. [`Rate`] (an annual rate
//! such as 7.125 % interest) and [`RateOfReturn`] (an IRR) are plain numbers, `0.07125`, like
//! the other ratios of [`crate::units`].
//!
//! ```
//! use dcplan::money::*;
//! use dcplan::units::*;
//! let price: UsdPerMwh = "85 USD/MWh".parse()?;
//! let cost: Money = price * Energy::new::<megawatt_hour>(1_000.0);
//! assert_eq!(cost, Money::new(85_000.0));
//! let rent = UsdPerKwMonth::new(150.0) * Power::new::<megawatt>(10.0); // per year
//! assert!((rent.get() - 18_000_000.0).abs() < 1e-6);
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! ```compile_fail
//! use dcplan::money::*;
//! use dcplan::units::*;
//! // A price per MWh times a power is a cost per year, not an amount of money.
//! let _: Money = UsdPerMwh::new(85.0) * Power::new::<megawatt>(1.0);
//! ```

use crate::error::{Error, Result};
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Div, Mul};

const HOURS_PER_YEAR: f64 = 8_760.0;
const DAYS_PER_YEAR: f64 = 365.0;
const GALLONS_PER_CUBIC_METER: f64 = 1.0 / 3.785_411_784e-3;

unit_scalar!(
    /// An amount of money in US dollars. Negative amounts are outflows in a cash-flow table.
    ///
    /// ```
    /// use dcplan::money::Money;
    /// let capex = Money::from_millions(950.0);
    /// assert_eq!(capex.to_string(), "950000000 USD");
    /// assert_eq!(format!("{:.1}", capex / 1e6), "950.0 USD");
    /// assert_eq!("950 MUSD".parse::<Money>()?, capex);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    Money, "USD", "money amount", "950000000 USD", [("kUSD", 1e3), ("MUSD", 1e6), ("BUSD", 1e9)]
);

unit_scalar!(
    /// A flow of money, in US dollars per year (opex, rent, revenue at a steady state).
    MoneyRate, "USD/yr", "money rate", "1200000 USD/yr",
    [("USD/year", 1.0), ("MUSD/yr", 1e6), ("USD/month", 12.0), ("USD/day", DAYS_PER_YEAR)]
);

unit_scalar!(
    /// A cost per MW of capacity: what the MW are is the holder's to say (a build cost per MW of
    /// IT or of facility power, a grid connection per MW energised, a result per MW of
    /// interconnect).
    UsdPerMw, "USD/MW", "cost per MW", "9500000 USD/MW", [("USD/kW", 1e3), ("MUSD/MW", 1e6)]
);

unit_scalar!(
    /// An energy price in US dollars per MWh.
    UsdPerMwh, "USD/MWh", "energy price", "85 USD/MWh", [("USD/kWh", 1e3)]
);

unit_scalar!(
    /// A colocation rent in US dollars per kW of IT capacity per month.
    UsdPerKwMonth, "USD/kW-month", "rent per kW-month", "150 USD/kW-month",
    [("USD/kW/month", 1.0), ("USD/kW-mo", 1.0)]
);

unit_scalar!(
    /// A price per GPU-hour (rental) in US dollars.
    UsdPerGpuHour, "USD/GPU-h", "price per GPU-hour", "2 USD/GPU-h",
    [("USD/GPU-hour", 1.0), ("USD/GPUh", 1.0)]
);

unit_scalar!(
    /// Bitcoin hashprice: expected mining revenue per PH/s of hash rate per day, in US dollars
    /// (as received, i.e. net of pool fees).
    UsdPerPhsDay, "USD/PH/s/day", "hashprice", "50 USD/PH/s/day",
    [("USD/TH/s/day", 1e3), ("USD/PH/day", 1.0), ("USD/TH/day", 1e3)]
);

unit_scalar!(
    /// A miner price per TH/s of hash rate (how ASICs are quoted), in US dollars.
    UsdPerThs, "USD/TH/s", "price per TH/s", "15 USD/TH/s", [("USD/TH", 1.0)]
);

unit_scalar!(
    /// A water price in US dollars per cubic metre.
    UsdPerCubicMeter, "USD/m³", "water price", "2 USD/m³",
    [("USD/m3", 1.0), ("USD/kgal", 1e-3 * GALLONS_PER_CUBIC_METER)]
);

unit_scalar!(
    /// GPU-hours: accelerators × hours (uom has no count-times-time quantity).
    ///
    /// ```
    /// use dcplan::money::*;
    /// use dcplan::units::*;
    /// let sold = GpuHours::of(1_000, Time::new::<time::hour>(8_760.0)) * 0.8;
    /// assert_eq!(sold.get(), 7_008_000.0);
    /// assert_eq!(UsdPerGpuHour::new(2.0) * sold, Money::new(14_016_000.0));
    /// ```
    GpuHours, "GPU-h", "GPU-hours", "8760 GPU-h", [("GPU-hour", 1.0)]
);

validated_ratio!(
    /// An annual rate (interest, discount), as a fraction per year: 7.125 % is `0.07125`.
    /// Accepted between −99 % and 100 %.
    ///
    /// ```
    /// use dcplan::money::Rate;
    /// assert_eq!(Rate::percent(7.125)?.get(), 0.07125);
    /// assert!(Rate::new(1.5).is_err());
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    Rate, "rate", -0.99, false, 1.0, "an annual rate between -0.99 and 1 (-99 % … 100 %)"
);

validated_ratio!(
    /// A rate of return per year (an internal rate of return), as a fraction: 28.1 % is
    /// `0.281`. Unlike [`Rate`], an input bounded at 100 %, a return can be any finite value
    /// above −100 % (a project that doubles its money every year returns 1.0).
    ///
    /// ```
    /// use dcplan::money::RateOfReturn;
    /// assert_eq!(RateOfReturn::new(2.5)?.get(), 2.5);
    /// assert!(RateOfReturn::new(-1.0).is_err());
    /// assert_eq!(format!("{:.3}", RateOfReturn::new(0.28094)?), "0.281");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    RateOfReturn, "rate_of_return", -1.0, true, f64::MAX,
    "a rate of return per year above -1 (-100 %)"
);

impl Rate {
    /// Zero per year.
    pub const ZERO: Rate = Rate(0.0);

    /// A rate given in percent per year.
    pub fn percent(value: f64) -> Result<Self> {
        Self::new(value / 100.0)
    }
}

impl Money {
    /// An amount given in millions of US dollars.
    pub const fn from_millions(value: f64) -> Self {
        Self(value * 1e6)
    }

    /// The amount in millions of US dollars.
    pub fn millions(self) -> f64 {
        self.0 / 1e6
    }
}

impl MoneyRate {
    /// A flow given in millions of US dollars per year.
    pub const fn from_millions(value: f64) -> Self {
        Self(value * 1e6)
    }

    /// The flow in millions of US dollars per year.
    pub fn millions(self) -> f64 {
        self.0 / 1e6
    }
}

impl UsdPerMw {
    /// A cost given in millions of US dollars per MW.
    pub const fn from_millions(value: f64) -> Self {
        Self(value * 1e6)
    }

    /// The cost in millions of US dollars per MW.
    pub fn millions(self) -> f64 {
        self.0 / 1e6
    }
}

impl GpuHours {
    /// `gpus` accelerators for `time`.
    pub fn of(gpus: u64, time: Time) -> Self {
        Self(gpus as f64 * time.get::<time::hour>())
    }
}

/// `a × b → out` and `b × a → out`, with `a` one of the scalars here and `b` whatever `get`
/// reads the value of in the unit that makes the product come out in `out`'s unit.
macro_rules! product {
    ($a:ty, $b:ty, $out:ty, |$x:ident| $value:expr) => {
        impl Mul<$b> for $a {
            type Output = $out;
            fn mul(self, $x: $b) -> $out {
                <$out>::new(self.get() * $value)
            }
        }
        impl Mul<$a> for $b {
            type Output = $out;
            fn mul(self, rate: $a) -> $out {
                rate * self
            }
        }
    };
}

product!(MoneyRate, Time, Money, |t| t.get::<time::year>());
product!(UsdPerMw, Power, Money, |p| p.get::<megawatt>());
product!(UsdPerMwh, Energy, Money, |e| e.get::<megawatt_hour>());
product!(UsdPerMwh, Power, MoneyRate, |p| p.get::<megawatt>()
    * HOURS_PER_YEAR);
product!(UsdPerKwMonth, Power, MoneyRate, |p| p.get::<kilowatt>()
    * 12.0);
product!(UsdPerGpuHour, GpuHours, Money, |h| h.get());
product!(UsdPerPhsDay, Hashrate, MoneyRate, |h| h.phs()
    * DAYS_PER_YEAR);
product!(UsdPerThs, Hashrate, Money, |h| h.get());
product!(UsdPerCubicMeter, Volume, Money, |v| v.get::<cubic_meter>());

/// `Money ÷ x → rate`, the inverse of a product above.
macro_rules! quotient {
    ($b:ty, $out:ty, |$x:ident| $value:expr) => {
        impl Div<$b> for Money {
            type Output = $out;
            fn div(self, $x: $b) -> $out {
                <$out>::new(self.get() / $value)
            }
        }
    };
}

quotient!(Time, MoneyRate, |t| t.get::<time::year>());
quotient!(Power, UsdPerMw, |p| p.get::<megawatt>());
quotient!(Energy, UsdPerMwh, |e| e.get::<megawatt_hour>());
quotient!(GpuHours, UsdPerGpuHour, |h| h.get());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_products() {
        // Type-level checks: these lines compile only with the right types.
        let a: Money = MoneyRate::new(1.2e6) * Time::new::<time::day>(365.0 / 2.0);
        assert!((a.get() - 6e5).abs() < 1e-6);
        let b: Money = Power::new::<kilowatt>(500.0) * UsdPerMw::from_millions(10.0);
        assert!((b.millions() - 5.0).abs() < 1e-12);
        let c: MoneyRate = UsdPerMwh::new(80.0) * Power::new::<megawatt>(1.0);
        assert!((c.get() - 700_800.0).abs() < 1e-6); // 80 × 8,760
        let d: MoneyRate = UsdPerPhsDay::new(50.0) * Hashrate::new(1e6); // 1 EH/s
        assert!((d.get() - 50.0 * 1e3 * 365.0).abs() < 1e-6);
        let e: Money = UsdPerThs::new(15.0) * Hashrate::new(200.0);
        assert_eq!(e, Money::new(3_000.0));
        let f: Money = UsdPerCubicMeter::new(2.0) * Volume::new::<liter>(1_500.0);
        assert!((f.get() - 3.0).abs() < 1e-12);
        let g: UsdPerMwh = Money::new(8_500.0) / Energy::new::<megawatt_hour>(100.0);
        assert!((g.get() - 85.0).abs() < 1e-12);
        let h: MoneyRate = Money::new(10.0) / Time::new::<time::year>(2.0);
        assert_eq!(h, MoneyRate::new(5.0));
    }

    #[test]
    fn text_round_trips_and_alternative_units() {
        for text in [
            "85 USD/MWh",
            "85USD/MWh",
            "0.085 USD/kWh",
            " 85  USD / MWh ",
        ] {
            let p: UsdPerMwh = text.parse().unwrap();
            assert!((p.get() - 85.0).abs() < 1e-9, "{text}");
        }
        assert_eq!("2 USD/m3".parse::<UsdPerCubicMeter>().unwrap().get(), 2.0);
        let kgal: UsdPerCubicMeter = "5 USD/kgal".parse().unwrap();
        assert!((kgal.get() - 5.0 / 3.785_411_784).abs() < 1e-12);
        assert_eq!(
            "0.05 USD/TH/s/day".parse::<UsdPerPhsDay>().unwrap().get(),
            50.0
        );
        assert_eq!("1e3 USD".parse::<Money>().unwrap(), Money::new(1000.0));
        let m = Money::new(-1234.5);
        assert_eq!(m.to_string().parse::<Money>().unwrap(), m);
    }

    #[test]
    fn bad_text_names_the_unit_expected() {
        let e = "85".parse::<UsdPerMwh>().unwrap_err().to_string();
        assert!(e.contains("USD/MWh") && e.contains("USD/kWh"), "{e}");
        assert!("85 EUR/MWh".parse::<UsdPerMwh>().is_err());
        assert!("USD".parse::<Money>().is_err());
        assert!("inf USD".parse::<Money>().is_err());
        assert!("1e308 BUSD".parse::<Money>().is_err());
    }

    #[test]
    fn serde_as_text() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Prices {
            energy: UsdPerMwh,
            rent: UsdPerKwMonth,
            interest: Rate,
        }
        let p = Prices {
            energy: UsdPerMwh::new(85.0),
            rent: UsdPerKwMonth::new(150.0),
            interest: Rate::new(0.07125).unwrap(),
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"energy":"85 USD/MWh","rent":"150 USD/kW-month","interest":0.07125}"#
        );
        assert_eq!(serde_json::from_str::<Prices>(&json).unwrap(), p);
        let bare = r#"{"energy":85,"rent":"150 USD/kW-month","interest":0.07}"#;
        let e = serde_json::from_str::<Prices>(bare)
            .unwrap_err()
            .to_string();
        assert!(e.contains("85 USD/MWh"), "{e}");
        let t: Prices = toml::from_str(
            "energy = \"0.07 USD/kWh\"\nrent = \"150 USD/kW/month\"\ninterest = 0.07",
        )
        .unwrap();
        assert!((t.energy.get() - 70.0).abs() < 1e-9);
    }
}
