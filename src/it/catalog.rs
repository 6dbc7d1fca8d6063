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
    coolant_limit_c: Option<f64>,
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
    /// Power of one accelerator (TDP/TGP); zero for a system without accelerators or where the
    /// vendor publishes none (the AMD Helios and TPU v7 Ironwood racks).
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
    /// The warmest facility-water supply its water class allows ([`WaterClass::max_supply`]),
    /// if liquid-cooled and the class sets one.
    pub fn facility_water_limit(&self) -> Option<ThermodynamicTemperature> {
        self.water_class.and_then(WaterClass::max_supply)
    }
    /// The warmest coolant the vendor allows at the rack's inlet on the rack side of the CDU
    /// (the technology cooling system, TCS), where the vendor publishes one: 45 °C for Vera
    /// Rubin, 43 °C for the MI355X.
    ///
    /// # Units
    ///
    /// An absolute temperature of the rack-side coolant entering the cold plates.
    pub fn coolant_limit(&self) -> Option<ThermodynamicTemperature> {
        self.coolant_limit_c.map(celsius)
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
        coolant_limit_c: None,
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
        coolant_limit_c: None,
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
        coolant_limit_c: None,
        confidence: Confidence::Secondary,
        source: "Bitmain product figures as reported (air-cooled)",
    }
}

/// A Bitmain hydro (water-cooled) miner: all its heat to liquid. Bitmain's coolant range was
/// not found, so W32 facility water is a planning default.
const fn hydro_miner(
    name: &'static str,
    power_w: f64,
    hashrate_ths: f64,
    source: &'static str,
) -> ItSystem {
    ItSystem {
        liquid_fraction: Fraction::ONE,
        water_class: Some(WaterClass::W32),
        source,
        ..miner(name, power_w, hashrate_ths)
    }
}

/// A fully liquid-cooled rack-scale system (no fans: all heat to liquid) without a published
/// cold-plate path.
#[allow(clippy::too_many_arguments)]
const fn liquid_rack(
    name: &'static str,
    vendor: &'static str,
    accelerator: &'static str,
    accelerators: u32,
    accelerator_power_w: f64,
    power_w: f64,
    water_class: WaterClass,
    confidence: Confidence,
    source: &'static str,
) -> ItSystem {
    ItSystem {
        name,
        vendor,
        accelerator,
        accelerators,
        accelerator_power_w,
        power_w,
        rack_scale: true,
        liquid_fraction: Fraction::ONE,
        air_class: AirClass::A2,
        water_class: Some(water_class),
        hashrate_ths: 0.0,
        cold_plate_path: None,
        coolant_limit_c: None,
        confidence,
        source,
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
        "Re-checked Dec 2026: Microsoft Azure Infrastructure Blog, 'Reimagining AI at scale: NVIDIA GB300 NVL72 on Azure' (28 Oct 2025): up to ~136 kW of IT load per rack; published range 132–142 kW (8 × 33 kW power shelves = 132 kW; Supermicro 132–140 kW typical; ~142 kW in analyses); 135 kW kept, inside the range and 0.7 % below Microsoft's figure; B300 up to 1,400 W as reported; NVIDIA publishes no rack kW; liquid share and W32 facility water are planning defaults (no GB300 coolant limit found)",
    ),
    ItSystem {
        accelerators: 8,
        rack_scale: false,
        liquid_fraction: Fraction::ZERO,
        water_class: None,
        cold_plate_path: None,
        ..nvl72(
            "DGX B300",
            "B300",
            1_400.0,
            14_500.0,
            "DGX B300 user guide as quoted (The Daily Scout): 14.5 kW system max, 8 × B300; NVIDIA HGX AI Factory RA: HGX B300 in an air-cooled form factor; 1,400 W per GPU is the GB300 figure (the HGX B300 TDP is not published)",
        )
    },
    ItSystem {
        coolant_limit_c: Some(45.0),
        ..liquid_rack(
            "Vera Rubin NVL144",
            "NVIDIA",
            "Rubin (VR200)",
            72,
            1_800.0,
            190_000.0,
            WaterClass::W40,
            Confidence::Secondary,
            "H2 2026; called 'Vera Rubin NVL72' since CES 2026 (72 packages, 144 dies) + 36 Vera CPUs; ~190 kW at Max-Q (M.-C. Kuo, Jan 2026, as cited; TrendForce ~225 kW); Rubin ~1,800 W per GPU (Morgan Stanley model as reported); 100 % liquid-cooled, no fans, coolant in at up to 45 °C, out ~55 °C, PG25 (NVIDIA blog Jun 2026 via The Verge); W40 facility water is an estimate: 45 °C TCS less a 3–5 K CDU approach",
        )
    },
    ItSystem {
        coolant_limit_c: Some(45.0),
        ..liquid_rack(
            "Vera Rubin NVL144 Max-P",
            "NVIDIA",
            "Rubin (VR200)",
            72,
            1_800.0,
            227_000.0,
            WaterClass::W40,
            Confidence::Secondary,
            "The Vera Rubin NVL144 (NVL72) rack at its Max-P power profile: ~227–230 kW (M.-C. Kuo, Jan 2026, and Flex at Computex 2026, as cited); coolant in at up to 45 °C, PG25 (NVIDIA via The Verge); W40 facility water is an estimate (45 °C TCS less a 3–5 K CDU approach)",
        )
    },
    ItSystem {
        coolant_limit_c: Some(45.0),
        ..liquid_rack(
            "Rubin Ultra NVL576",
            "NVIDIA",
            "Rubin Ultra",
            144,
            3_600.0,
            600_000.0,
            WaterClass::W40,
            Confidence::PlanningDefault,
            "'Kyber' rack, H2 2027 (a slip to 2028 is reported): up to 600 kW per rack (J. Huang at GTC 2025 Q&A, Tom's Hardware 20 Mar 2025; SemiAnalysis: ~660 kW); 144 packages of 4 dies (576 dies); ~3,600 W per package (Morgan Stanley model as reported); a 2025 design target, not a datasheet; 45 °C coolant and W40 assume Vera Rubin's DSX design",
        )
    },
    ItSystem {
        liquid_fraction: Fraction::new_const(0.85),
        coolant_limit_c: Some(43.0),
        ..liquid_rack(
            "AMD Instinct MI355X DLC rack",
            "AMD",
            "MI355X",
            64,
            1_400.0,
            125_000.0,
            WaterClass::W32,
            Confidence::Secondary,
            "Oracle OCI MI355X racks: 64 GPUs at 125 kW (Oracle GA blog, as quoted by R. Kisnah, 'AI GPU Field Guide 2026'); MI355X 1,400 W, liquid-cooled (The Register, 12 Jun 2025); PG25 coolant at most 43 °C in, 2.1 L/min per GPU module (AMD MI355X platform brochure, as quoted); 85 % of heat to liquid is a planning default; W32 facility water is an estimate (43 °C TCS less a 3–5 K CDU approach is 38–40 °C)",
        )
    },
    liquid_rack(
        "AMD Helios MI455X",
        "AMD",
        "MI455X",
        72,
        0.0,
        235_000.0,
        WaterClass::W32,
        Confidence::PlanningDefault,
        "AMD Helios (OCP Summit, 14 Oct 2025): 72 MI455X + 18 EPYC 'Venice' in a double-wide Open Rack Wide, liquid-cooled throughout, H2 2026; AMD keeps rack power under NDA: 235 kW is the middle of the 225–245 kW under load reported by The Register (as quoted); the GPU's power is not published; W32 facility water is a planning default",
    ),
    ItSystem {
        liquid_fraction: Fraction::new_const(0.85),
        ..liquid_rack(
            "Google TPU v7 Ironwood rack",
            "Google",
            "TPU v7 Ironwood",
            64,
            0.0,
            100_000.0,
            WaterClass::W32,
            Confidence::Secondary,
            "Hot Chips 2025 as reported (DonanımHaber, 26 Aug 2025): 16 trays × 4 chips = 64 per rack, liquid-cooled, >100 kW per rack; the chip's power is not published; 85 % of heat to liquid and W32 facility water are planning defaults",
        )
    },
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
    hydro_miner(
        "Antminer S21 XP Hyd.",
        5_676.0,
        473.0,
        "Bitmain figures as listed in public miner-spec tables: 5,676 W, 473 TH/s (12.0 J/TH), water-cooled; the coolant range is not published: W32 facility water is a planning default",
    ),
    hydro_miner(
        "Antminer S21 Hyd.",
        5_360.0,
        335.0,
        "Bitmain figures as listed in public miner-spec tables: 5,360 W, 335 TH/s (16.0 J/TH), water-cooled; the coolant range is not published: W32 facility water is a planning default",
    ),
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
    use approx::assert_relative_eq;

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
        // Every name once (find returns the first).
        for (i, s) in SYSTEMS.iter().enumerate() {
            assert!(
                SYSTEMS[..i]
                    .iter()
                    .all(|t| !t.name.eq_ignore_ascii_case(s.name)),
                "{} twice",
                s.name
            );
        }
        // S21: 3,500 W / 200 TH/s = 17.5 J/TH (figures.md).
        let s21 = find("antminer s21").unwrap();
        assert!((s21.power().get::<watt>() / s21.hashrate().get() - 17.5).abs() < 1e-12);
    }

    /// The 2026–27 systems against the figures of `notes/research-14-hardware.md`.
    #[test]
    fn catalog_has_the_2026_27_systems() {
        let kw = |name: &str| find(name).unwrap().power().get::<kilowatt>();
        // GB300 NVL72: inside the published 132–142 kW, within 1 % of Microsoft's ~136 kW.
        assert!((132.0..=142.0).contains(&kw("GB300 NVL72")));
        assert_relative_eq!(kw("GB300 NVL72"), 136.0, max_relative = 0.01);
        assert_relative_eq!(kw("Vera Rubin NVL144"), 190.0);
        assert_relative_eq!(kw("Vera Rubin NVL144 Max-P"), 227.0);
        assert_relative_eq!(kw("Rubin Ultra NVL576"), 600.0);
        assert_relative_eq!(kw("DGX B300"), 14.5);
        assert_relative_eq!(kw("AMD Instinct MI355X DLC rack"), 125.0);
        assert_relative_eq!(kw("AMD Helios MI455X"), 235.0);
        assert_relative_eq!(kw("Google TPU v7 Ironwood rack"), 100.0);
        let kyber = find("rubin ultra nvl576").unwrap();
        assert_eq!(kyber.accelerators(), 144); // packages; 576 dies
        assert_eq!(kyber.confidence(), Confidence::PlanningDefault);
        // Rubin: 45 °C coolant in (NVIDIA), W40 facility water; MI355X: 43 °C (AMD).
        let vr = find("vera rubin nvl144").unwrap();
        assert_eq!(vr.water_class(), Some(WaterClass::W40));
        assert_eq!(vr.facility_water_limit(), Some(celsius(40.0)));
        assert_eq!(vr.coolant_limit(), Some(celsius(45.0)));
        assert_eq!(vr.liquid_fraction(), Fraction::ONE);
        let mi355x = find("amd instinct mi355x dlc rack").unwrap();
        assert_eq!(mi355x.coolant_limit(), Some(celsius(43.0)));
        assert_eq!(mi355x.accelerators(), 64);
        // The HGX/DGX B300 is air-cooled.
        let b300 = find("dgx b300").unwrap();
        assert!(b300.water_class().is_none() && b300.liquid_fraction() == Fraction::ZERO);
        assert!(!b300.is_rack_scale());
        // Hydro miners: all heat to water; 5,676 W / 473 TH/s = 12.0 J/TH, 5,360 / 335 = 16.0.
        for (name, j_per_th) in [("Antminer S21 XP Hyd.", 12.0), ("Antminer S21 Hyd.", 16.0)] {
            let m = find(name).unwrap();
            assert_eq!(m.liquid_fraction(), Fraction::ONE);
            assert_eq!(m.facility_water_limit(), Some(celsius(32.0)));
            assert_relative_eq!(
                m.power().get::<watt>() / m.hashrate().get(),
                j_per_th,
                max_relative = 1e-3
            );
        }
        // An air-cooled miner has no facility-water limit.
        assert_eq!(find("antminer s21").unwrap().facility_water_limit(), None);
    }
}
