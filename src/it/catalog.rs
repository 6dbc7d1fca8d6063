//! The built-in catalog of IT systems: each with its public figures, where they come from and
//! how far to trust them ([`Confidence`]). A new system is one more row of [`SYSTEMS`], built
//! with the constructor of its family (a GPU server, a rack-scale system, a miner).
//!
//! ```
//! use dcplan::it::catalog;
//! let nvl72 = catalog::find("gb200 nvl72")?; // case-insensitive
//! assert_eq!(nvl72.accelerators(), 72);
//! assert!(nvl72.is_rack_scale() && !nvl72.source().is_empty());
//! # Ok::<(), dcplan::Error>(())
//! ```

use super::cold_plates::ColdPlates;
use super::{AirClass, WaterClass};
use crate::error::{Error, Result};
use crate::units::*;
use serde::Serialize;

/// How trustworthy a catalog figure is (see `shared/reference/figures.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// From a primary source: a datasheet, user guide or standard.
    Primary,
    /// A secondary source quoting the vendor.
    Secondary,
    /// A planning default: override it with your own figure.
    PlanningDefault,
}

/// A named IT system with public figures. Power is the maximum system power from the vendor.
#[derive(Clone, Debug, PartialEq)]
pub struct ItSystem {
    name: &'static str,
    vendor: &'static str,
    accelerator: &'static str,
    accelerators: u32,
    accelerator_power_w: f64,
    power_w: f64,
    rack_scale: bool,
    liquid_fraction: Fraction,
    air_class: AirClass,
    water_class: Option<WaterClass>,
    hashrate_ths: f64,
    cold_plate_path: Option<ColdPlatePath>,
    confidence: Confidence,
    source: &'static str,
}

/// The accelerators' cold-plate path of a catalog system, in the units of the table (see
/// [`ColdPlates`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct ColdPlatePath {
    /// Plates in series per coolant path.
    in_series: u32,
    /// Case-to-coolant resistance of one plate, K/W.
    resistance_k_per_w: f64,
    /// Highest case temperature, °C.
    case_limit_c: f64,
}

impl ItSystem {
    /// Catalog name, e.g. "GB200 NVL72".
    pub fn name(&self) -> &'static str {
        self.name
    }
    /// Vendor.
    pub fn vendor(&self) -> &'static str {
        self.vendor
    }
    /// Accelerator model ("B200"), or "—" for a system without accelerators.
    pub fn accelerator(&self) -> &'static str {
        self.accelerator
    }
    /// Accelerators (GPUs) per system.
    pub fn accelerators(&self) -> u32 {
        self.accelerators
    }
    /// Power of one accelerator (TDP/TGP); zero for a system without accelerators.
    pub fn accelerator_power(&self) -> Power {
        watts(self.accelerator_power_w)
    }
    /// Maximum power of the whole system.
    pub fn power(&self) -> Power {
        watts(self.power_w)
    }
    /// Whether the system is a whole rack (NVL72) rather than a server placed in a rack.
    pub fn is_rack_scale(&self) -> bool {
        self.rack_scale
    }
    /// Share of the heat that goes to liquid (cold plates / immersion); the rest goes to air.
    pub fn liquid_fraction(&self) -> Fraction {
        self.liquid_fraction
    }
    /// The ASHRAE air class its air-cooled parts need.
    pub fn air_class(&self) -> AirClass {
        self.air_class
    }
    /// The facility-water class its liquid-cooled parts need, if liquid-cooled.
    pub fn water_class(&self) -> Option<WaterClass> {
        self.water_class
    }
    /// Hash rate of a bitcoin miner (zero otherwise).
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_value(self.hashrate_ths)
    }
    /// The accelerators' cold-plate path, for liquid-cooled systems that have one in the
    /// catalog.
    pub fn cold_plates(&self) -> Result<Option<ColdPlates>> {
        self.cold_plate_path
            .map(|path| {
                ColdPlates::new(
                    self.accelerator_power(),
                    path.in_series,
                    ThermalResistance::new::<kelvin_per_watt>(path.resistance_k_per_w),
                    celsius(path.case_limit_c),
                )
            })
            .transpose()
    }

    /// How the figures were sourced.
    pub fn confidence(&self) -> Confidence {
        self.confidence
    }
    /// Where the figures come from.
    pub fn source(&self) -> &'static str {
        self.source
    }
}

const fn gpu_server(
    name: &'static str,
    vendor: &'static str,
    accelerator: &'static str,
    accelerator_power_w: f64,
    power_w: f64,
    confidence: Confidence,
    source: &'static str,
) -> ItSystem {
    ItSystem {
        name,
        vendor,
        accelerator,
        accelerators: 8,
        accelerator_power_w,
        power_w,
        rack_scale: false,
        liquid_fraction: Fraction::ZERO,
        air_class: AirClass::A2,
        water_class: None,
        hashrate_ths: 0.0,
        cold_plate_path: None,
        confidence,
        source,
    }
}

const fn nvl72(
    name: &'static str,
    accelerator: &'static str,
    accelerator_power_w: f64,
    power_w: f64,
    source: &'static str,
) -> ItSystem {
    ItSystem {
        name,
        vendor: "NVIDIA",
        accelerator,
        accelerators: 72,
        accelerator_power_w,
        power_w,
        rack_scale: true,
        liquid_fraction: Fraction::new_const(0.85),
        air_class: AirClass::A2,
        water_class: Some(WaterClass::W32),
        hashrate_ths: 0.0,
        // Planning defaults: 2 GPU plates in series per path, 0.025 K/W, 85 °C case.
        cold_plate_path: Some(ColdPlatePath {
            in_series: 2,
            resistance_k_per_w: 0.025,
            case_limit_c: 85.0,
        }),
        confidence: Confidence::Secondary,
        source,
    }
}

const fn miner(name: &'static str, power_w: f64, hashrate_ths: f64) -> ItSystem {
    ItSystem {
        name,
        vendor: "Bitmain",
        accelerator: "—",
        accelerators: 0,
        accelerator_power_w: 0.0,
        power_w,
        rack_scale: false,
        liquid_fraction: Fraction::ZERO,
        air_class: AirClass::A4,
        water_class: None,
        hashrate_ths,
        cold_plate_path: None,
        confidence: Confidence::Secondary,
        source: "Bitmain product figures as reported (air-cooled)",
    }
}

/// Every built-in system.
pub const SYSTEMS: &[ItSystem] = &[
    gpu_server(
        "DGX H100",
        "NVIDIA",
        "H100 SXM",
        700.0,
        10_200.0,
        Confidence::Secondary,
        "NVIDIA DGX H100/H200 User Guide: 10.2 kW max, 6 × 3.3 kW PSUs (4+2); H100 SXM 700 W",
    ),
    gpu_server(
        "DGX H200",
        "NVIDIA",
        "H200 SXM",
        700.0,
        10_200.0,
        Confidence::Secondary,
        "NVIDIA DGX H100/H200 User Guide: 10.2 kW max; H200 SXM 700 W TGP (MLCommons inference v4.1 system description)",
    ),
    gpu_server(
        "DGX B200",
        "NVIDIA",
        "B200",
        1_000.0,
        14_300.0,
        Confidence::Primary,
        "NVIDIA DGX B200 User Guide: 14.3 kW max, 6 × 3.3 kW PSUs (5+1), 10U; B200 1,000 W in HGX B200",
    ),
    nvl72(
        "GB200 NVL72",
        "B200 (GB200)",
        1_200.0,
        120_000.0,
        "NVIDIA GTC 2024 / Hot Chips 2025 reports, Supermicro: ~120 kW nominal (~132 kW power-shelf capacity); 72 GPUs + 36 Grace CPUs; 85 % of heat to liquid is a planning default (DGX GB200 User Guide lists which parts are cold-plated); W32 facility water is a planning default",
    ),
    nvl72(
        "GB300 NVL72",
        "B300 (GB300)",
        1_400.0,
        135_000.0,
        "Vendor figures (Supermicro, Microsoft): 120–140 kW per rack, 135 kW taken as the midpoint; B300 up to 1,400 W; liquid share and water class are planning defaults",
    ),
    gpu_server(
        "AMD Instinct MI300X platform",
        "AMD",
        "MI300X",
        750.0,
        10_000.0,
        Confidence::PlanningDefault,
        "AMD: MI300X 750 W per GPU (8 per platform, as reported); 10 kW server power is a planning default (8 × 750 W GPUs + host, fans, NICs)",
    ),
    miner("Antminer S21", 3_500.0, 200.0),
    miner("Antminer S19 XP", 3_010.0, 140.0),
];

/// Looks a system up by name (case-insensitive).
pub fn find(name: &str) -> Result<&'static ItSystem> {
    SYSTEMS
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            Error::inconsistent(
                "system",
                format!(
                    "no system named '{name}' in the catalog (known: {})",
                    SYSTEMS
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::it::RackProfile;

    #[test]
    fn catalog_has_the_required_systems() {
        for name in [
            "DGX H100",
            "DGX H200",
            "DGX B200",
            "GB200 NVL72",
            "GB300 NVL72",
            "AMD Instinct MI300X platform",
            "Antminer S21",
        ] {
            let s = find(name).unwrap();
            assert!(s.power().get::<watt>() > 0.0 && !s.source().is_empty());
        }
        assert!(find("nonexistent").is_err());
    }

    #[test]
    fn catalog_is_internally_consistent() {
        for s in SYSTEMS {
            // Accelerators cannot draw more than the whole system.
            let gpus = s.accelerator_power() * f64::from(s.accelerators);
            assert!(gpus <= s.power(), "{}", s.name);
            assert!(RackProfile::from_system(s, 1).is_ok(), "{}", s.name);
        }
        // S21: 3,500 W / 200 TH/s = 17.5 J/TH (figures.md).
        let s21 = find("antminer s21").unwrap();
        assert!((s21.power().get::<watt>() / s21.hashrate().get() - 17.5).abs() < 1e-12);
    }
}
