//! IT equipment: a catalog of named systems with public datasheet figures, the rack profiles
//! built from them, and deployments (a mix of rack profiles).
//!
//! ```
//! use dcplan::it::{catalog, Deployment, RackProfile};
//! let nvl72 = catalog::find("GB200 NVL72")?;
//! let rack = RackProfile::from_system(nvl72, 1)?;
//! assert_eq!(rack.accelerators(), 72);
//! assert_eq!(rack.it_power().get::<dcplan::units::kilowatt>(), 120.0);
//! let deployment = Deployment::new(rack);
//! assert_eq!(deployment.accelerators_per_primary(), 72);
//! # Ok::<(), dcplan::Error>(())
//! ```

mod inlet;

pub use inlet::{InletResponse, Utilisation, When};

use crate::error::{Error, Result};
use crate::units::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// ASHRAE TC 9.9 air-cooling classes for IT equipment (Thermal Guidelines for Data Processing
/// Environments, 5th ed., 2021): the allowable inlet dry-bulb range and humidity limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AirClass {
    /// Enterprise servers, storage: 15–32 °C allowable.
    A1,
    /// Volume servers: 10–35 °C.
    A2,
    /// 5–40 °C.
    A3,
    /// 5–45 °C.
    A4,
    /// High-density equipment: 15–25 °C allowable (18–22 °C recommended).
    H1,
}

impl AirClass {
    /// Highest allowable inlet dry-bulb.
    pub fn max_inlet(self) -> ThermodynamicTemperature {
        celsius(match self {
            AirClass::A1 => 32.0,
            AirClass::A2 => 35.0,
            AirClass::A3 => 40.0,
            AirClass::A4 => 45.0,
            AirClass::H1 => 25.0,
        })
    }

    /// Highest allowable inlet dew point.
    pub fn max_dew_point(self) -> ThermodynamicTemperature {
        celsius(match self {
            AirClass::A1 | AirClass::H1 => 17.0,
            AirClass::A2 => 21.0,
            AirClass::A3 | AirClass::A4 => 24.0,
        })
    }

    /// Highest allowable relative humidity.
    pub fn max_relative_humidity(self) -> Fraction {
        match self {
            AirClass::A1 | AirClass::A2 | AirClass::H1 => Fraction::new(0.80),
            AirClass::A3 => Fraction::new(0.85),
            AirClass::A4 => Fraction::new(0.90),
        }
        .unwrap_or(Fraction::ONE)
    }
}

/// ASHRAE TC 9.9 liquid-cooling facility-water classes (2021 naming): the facility water
/// supply temperature must not exceed the class number (°C). W+ is above 45 °C with no upper
/// limit set by the class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterClass {
    /// ≤ 17 °C.
    W17,
    /// ≤ 27 °C.
    W27,
    /// ≤ 32 °C.
    W32,
    /// ≤ 40 °C.
    W40,
    /// ≤ 45 °C.
    W45,
    /// > 45 °C (no class limit).
    #[serde(rename = "W+")]
    WPlus,
}

impl WaterClass {
    /// Highest facility-water supply temperature the class allows, if any.
    pub fn max_supply(self) -> Option<ThermodynamicTemperature> {
        match self {
            WaterClass::W17 => Some(celsius(17.0)),
            WaterClass::W27 => Some(celsius(27.0)),
            WaterClass::W32 => Some(celsius(32.0)),
            WaterClass::W40 => Some(celsius(40.0)),
            WaterClass::W45 => Some(celsius(45.0)),
            WaterClass::WPlus => None,
        }
    }
}

impl fmt::Display for AirClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl fmt::Display for WaterClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaterClass::WPlus => f.write_str("W+"),
            other => fmt::Debug::fmt(other, f),
        }
    }
}

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
    liquid_fraction: f64,
    air_class: AirClass,
    water_class: Option<WaterClass>,
    hashrate_ths: f64,
    /// Cold plates in series per coolant path, case-to-coolant K/W, case limit °C.
    cold_plate_path: Option<(u32, f64, f64)>,
    confidence: Confidence,
    source: &'static str,
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
        Power::new::<watt>(self.accelerator_power_w)
    }
    /// Maximum power of the whole system.
    pub fn power(&self) -> Power {
        Power::new::<watt>(self.power_w)
    }
    /// Whether the system is a whole rack (NVL72) rather than a server placed in a rack.
    pub fn is_rack_scale(&self) -> bool {
        self.rack_scale
    }
    /// Share of the heat that goes to liquid (cold plates / immersion); the rest goes to air.
    pub fn liquid_fraction(&self) -> Fraction {
        Fraction::new(self.liquid_fraction).unwrap_or(Fraction::ZERO)
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
            .map(|(n, r, limit)| {
                ColdPlates::new(
                    self.accelerator_power(),
                    n,
                    ThermalResistance::new::<kelvin_per_watt>(r),
                    celsius(limit),
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

/// The built-in catalog of IT systems.
pub mod catalog {
    use super::*;

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
            liquid_fraction: 0.0,
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
            liquid_fraction: 0.85,
            air_class: AirClass::A2,
            water_class: Some(WaterClass::W32),
            hashrate_ths: 0.0,
            // Planning defaults: 2 GPU plates in series per path, 0.025 K/W, 85 °C case.
            cold_plate_path: Some((2, 0.025, 85.0)),
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
            liquid_fraction: 0.0,
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
}

/// The cold-plate path of a liquid-cooled accelerator: its power, how many plates one coolant
/// path crosses in series, the case-to-coolant thermal resistance of a plate, and the highest
/// case temperature the vendor allows. Used for the chip end of the thermal-headroom network
/// ([`crate::cooling::hottest_case_rise`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColdPlates {
    accelerator_power: Power,
    in_series: u32,
    resistance: ThermalResistance,
    case_limit: ThermodynamicTemperature,
}

impl ColdPlates {
    /// Validates a cold-plate path (1–16 plates in series, resistance 0.001–1 K/W).
    pub fn new(
        accelerator_power: Power,
        in_series: u32,
        resistance: ThermalResistance,
        case_limit: ThermodynamicTemperature,
    ) -> Result<Self> {
        let at = |e: Error| e.at("cold_plates");
        power_positive("accelerator_power", accelerator_power).map_err(at)?;
        within("in_series", f64::from(in_series), "", 1.0, 16.0).map_err(at)?;
        within(
            "resistance",
            resistance.get::<kelvin_per_watt>(),
            "K/W",
            0.001,
            1.0,
        )
        .map_err(at)?;
        temperature("case_limit", case_limit).map_err(at)?;
        Ok(Self {
            accelerator_power,
            in_series,
            resistance,
            case_limit,
        })
    }
    /// Power of one accelerator on its plate.
    pub fn accelerator_power(&self) -> Power {
        self.accelerator_power
    }
    /// Plates one coolant path crosses in series.
    pub fn in_series(&self) -> u32 {
        self.in_series
    }
    /// Case-to-coolant thermal resistance of one plate.
    pub fn resistance(&self) -> ThermalResistance {
        self.resistance
    }
    /// Highest allowed case temperature.
    pub fn case_limit(&self) -> ThermodynamicTemperature {
        self.case_limit
    }
}

/// One kind of rack as deployed: its IT power at design, accelerators, how its heat splits
/// between liquid and air, and the inlet conditions it needs.
///
/// ```
/// use dcplan::it::{AirClass, RackProfile, WaterClass};
/// use dcplan::units::*;
/// let rack = RackProfile::new("GPU", Power::new::<kilowatt>(120.0), 72,
///     Fraction::new(0.85)?, AirClass::A2, Some(WaterClass::W32))?;
/// assert!((rack.liquid_heat().get::<kilowatt>() - 102.0).abs() < 1e-9);
/// assert!((rack.air_heat().get::<kilowatt>() - 18.0).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RackProfile {
    name: String,
    it_power: Power,
    accelerators: u32,
    liquid_fraction: Fraction,
    air_class: AirClass,
    water_class: Option<WaterClass>,
    hashrate_ths: f64,
    cold_plates: Option<ColdPlates>,
    inlet_response: Option<InletResponse>,
}

impl RackProfile {
    /// Validates a profile. A rack with liquid-cooled heat must name its facility-water class.
    pub fn new(
        name: &str,
        it_power: Power,
        accelerators: u32,
        liquid_fraction: Fraction,
        air_class: AirClass,
        water_class: Option<WaterClass>,
    ) -> Result<Self> {
        let at = |e: Error| e.at(&format!("rack '{name}'"));
        power_positive("it_power", it_power).map_err(at)?;
        if liquid_fraction.get() > 0.0 && water_class.is_none() {
            return Err(at(Error::missing(
                "water_class",
                "a rack with liquid-cooled heat needs a facility-water class (W17 … W45, W+)",
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            it_power,
            accelerators,
            liquid_fraction,
            air_class,
            water_class,
            hashrate_ths: 0.0,
            cold_plates: None,
            inlet_response: None,
        })
    }

    /// The same rack with its accelerators' cold-plate path described, so thermal headroom is
    /// judged at the chip as well as at the facility water.
    pub fn with_cold_plates(mut self, cold_plates: ColdPlates) -> Self {
        self.cold_plates = Some(cold_plates);
        self
    }

    /// The cold-plate path, if described.
    pub fn cold_plates(&self) -> Option<&ColdPlates> {
        self.cold_plates.as_ref()
    }

    /// The same rack with its IT power following its utilisation and inlet air
    /// ([`InletResponse`]); [`Self::it_power`] is then the design power `P_d` the response's
    /// curves scale. Without a response a rack draws its IT power whatever the hour.
    pub fn with_inlet_response(mut self, response: InletResponse) -> Self {
        self.inlet_response = Some(response);
        self
    }

    /// How the rack responds to its inlet air, if it does.
    pub fn inlet_response(&self) -> Option<&InletResponse> {
        self.inlet_response.as_ref()
    }

    /// `per_rack` systems of a catalog entry in one rack (1 for a rack-scale system).
    pub fn from_system(system: &ItSystem, per_rack: u32) -> Result<Self> {
        if per_rack == 0 || (system.rack_scale && per_rack != 1) {
            return Err(Error::out_of_range(
                "systems_per_rack",
                f64::from(per_rack),
                "",
                if system.rack_scale {
                    "1 for a rack-scale system"
                } else {
                    "at least 1"
                },
            ));
        }
        let accelerators = system.accelerators.checked_mul(per_rack).ok_or_else(|| {
            Error::out_of_range("systems_per_rack", f64::from(per_rack), "", "fewer systems")
        })?;
        let mut profile = Self::new(
            system.name,
            system.power() * f64::from(per_rack),
            accelerators,
            system.liquid_fraction(),
            system.air_class,
            system.water_class,
        )?;
        profile.hashrate_ths = system.hashrate_ths * f64::from(per_rack);
        profile.cold_plates = system.cold_plates()?;
        Ok(profile)
    }

    /// The same rack drawing a different IT power at design (e.g. a measured or capped figure).
    pub fn with_it_power(mut self, it_power: Power) -> Result<Self> {
        self.it_power = power_positive("it_power", it_power)
            .map_err(|e| e.at(&format!("rack '{}'", self.name)))?;
        Ok(self)
    }

    /// Name of the profile.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// IT power per rack at design.
    pub fn it_power(&self) -> Power {
        self.it_power
    }
    /// Accelerators (GPUs) per rack.
    pub fn accelerators(&self) -> u32 {
        self.accelerators
    }
    /// Share of heat to liquid.
    pub fn liquid_fraction(&self) -> Fraction {
        self.liquid_fraction
    }
    /// Heat to liquid per rack.
    pub fn liquid_heat(&self) -> Power {
        self.it_power * self.liquid_fraction.get()
    }
    /// Heat to air per rack.
    pub fn air_heat(&self) -> Power {
        self.it_power * (1.0 - self.liquid_fraction.get())
    }
    /// Air class needed.
    pub fn air_class(&self) -> AirClass {
        self.air_class
    }
    /// Facility-water class needed, for liquid-cooled racks.
    pub fn water_class(&self) -> Option<WaterClass> {
        self.water_class
    }
    /// Hash rate per rack (bitcoin miners; zero otherwise).
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_value(self.hashrate_ths)
    }
}

/// Support racks (network, storage) deployed alongside the primary racks: one per
/// `per_primary` primary racks in each hall, rounded up.
#[derive(Clone, Debug, PartialEq)]
pub struct SupportRacks {
    profile: RackProfile,
    per_primary: u32,
}

impl SupportRacks {
    /// The rack profile.
    pub fn profile(&self) -> &RackProfile {
        &self.profile
    }
    /// Primary racks served by one support rack.
    pub fn per_primary(&self) -> u32 {
        self.per_primary
    }
    /// Support racks needed for `primary` primary racks: ⌈primary / per_primary⌉.
    pub fn count_for(&self, primary: u32) -> u32 {
        primary.div_ceil(self.per_primary)
    }
}

/// What IT is deployed: a primary rack profile (e.g. GPU racks) and support racks in a fixed
/// ratio. Counts scale with the number of primary racks.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    primary: RackProfile,
    support: Vec<SupportRacks>,
}

/// Rack counts of a deployment at one size: primary racks first, then each support profile.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RackCounts {
    /// Primary racks.
    pub primary: u32,
    /// Support racks, in the order of [`Deployment::support`].
    pub support: Vec<u32>,
}

impl RackCounts {
    /// All racks.
    pub fn total(&self) -> u64 {
        u64::from(self.primary) + self.support.iter().map(|&n| u64::from(n)).sum::<u64>()
    }

    /// Adds another count (e.g. hall by hall).
    pub fn add(&mut self, other: &RackCounts) {
        self.primary = self.primary.saturating_add(other.primary);
        if self.support.len() < other.support.len() {
            self.support.resize(other.support.len(), 0);
        }
        for (a, b) in self.support.iter_mut().zip(&other.support) {
            *a = a.saturating_add(*b);
        }
    }
}

impl Deployment {
    /// Only primary racks.
    pub fn new(primary: RackProfile) -> Self {
        Self {
            primary,
            support: Vec::new(),
        }
    }

    /// Adds one `profile` rack per `per_primary` primary racks.
    ///
    /// ```
    /// use dcplan::it::{catalog, Deployment, RackProfile, AirClass};
    /// use dcplan::units::*;
    /// let gpu = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    /// let net = RackProfile::new("network", Power::new::<kilowatt>(20.0), 0, Fraction::ZERO, AirClass::A1, None)?;
    /// let d = Deployment::new(gpu).with_support(net, 8)?;
    /// let counts = d.counts(20);
    /// assert_eq!(counts.support, vec![3]); // ⌈20 / 8⌉
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_support(mut self, profile: RackProfile, per_primary: u32) -> Result<Self> {
        if per_primary == 0 {
            return Err(Error::out_of_range(
                "per_primary",
                0.0,
                "",
                "at least 1 primary rack per support rack",
            )
            .at(&format!("support '{}'", profile.name)));
        }
        self.support.push(SupportRacks {
            profile,
            per_primary,
        });
        Ok(self)
    }

    /// The primary rack profile.
    pub fn primary(&self) -> &RackProfile {
        &self.primary
    }

    /// The support racks.
    pub fn support(&self) -> &[SupportRacks] {
        &self.support
    }

    /// Every profile, primary first.
    pub fn profiles(&self) -> impl Iterator<Item = &RackProfile> {
        std::iter::once(&self.primary).chain(self.support.iter().map(|s| &s.profile))
    }

    /// Rack counts for `primary` primary racks placed together (one hall).
    pub fn counts(&self, primary: u32) -> RackCounts {
        RackCounts {
            primary,
            support: self.support.iter().map(|s| s.count_for(primary)).collect(),
        }
    }

    /// Accelerators per primary rack.
    pub fn accelerators_per_primary(&self) -> u32 {
        self.primary.accelerators
    }

    /// Rack positions taken by `primary` primary racks and their support racks.
    pub fn positions(&self, primary: u32) -> u64 {
        self.counts(primary).total()
    }

    /// IT power of a set of rack counts.
    pub fn it_power(&self, counts: &RackCounts) -> Power {
        self.sum(counts, RackProfile::it_power)
    }

    /// Heat to liquid of a set of rack counts.
    pub fn liquid_heat(&self, counts: &RackCounts) -> Power {
        self.sum(counts, RackProfile::liquid_heat)
    }

    /// Heat to air of a set of rack counts.
    pub fn air_heat(&self, counts: &RackCounts) -> Power {
        self.sum(counts, RackProfile::air_heat)
    }

    /// Accelerators in a set of rack counts.
    /// (Saturates at `u64::MAX` rather than wrapping, for absurd counts.)
    pub fn accelerators(&self, counts: &RackCounts) -> u64 {
        let per_profile = |per_rack: u32, racks: u32| u64::from(per_rack) * u64::from(racks);
        self.support
            .iter()
            .zip(&counts.support)
            .map(|(s, &n)| per_profile(s.profile.accelerators, n))
            .fold(
                per_profile(self.primary.accelerators, counts.primary),
                u64::saturating_add,
            )
    }

    /// Hash rate of a set of rack counts (bitcoin miners; zero for other racks): the catalog's
    /// TH/s per system, summed — equal to `IT power / (J/TH)` for a fleet of one model.
    ///
    /// ```
    /// use dcplan::it::{catalog, Deployment, RackProfile};
    /// let s21 = RackProfile::from_system(catalog::find("Antminer S21")?, 8)?;
    /// let d = Deployment::new(s21);
    /// // 1,000 racks × 8 × 200 TH/s = 1.6 EH/s = 28 MW / 17.5 J/TH.
    /// assert!((d.hashrate(&d.counts(1_000)).ehs() - 1.6).abs() < 1e-12);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn hashrate(&self, counts: &RackCounts) -> Hashrate {
        let support: f64 = self
            .support
            .iter()
            .zip(&counts.support)
            .map(|(s, &n)| s.profile.hashrate_ths * f64::from(n))
            .sum();
        Hashrate::new(self.primary.hashrate_ths * f64::from(counts.primary) + support)
    }

    fn sum(&self, counts: &RackCounts, per_rack: fn(&RackProfile) -> Power) -> Power {
        let support: Power = self
            .support
            .iter()
            .zip(&counts.support)
            .map(|(s, &n)| per_rack(&s.profile) * f64::from(n))
            .sum();
        per_rack(&self.primary) * f64::from(counts.primary) + support
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let s = catalog::find(name).unwrap();
            assert!(s.power().get::<watt>() > 0.0 && !s.source().is_empty());
        }
        assert!(catalog::find("nonexistent").is_err());
    }

    #[test]
    fn catalog_is_internally_consistent() {
        for s in catalog::SYSTEMS {
            // Accelerators cannot draw more than the whole system.
            let gpus = s.accelerator_power() * f64::from(s.accelerators);
            assert!(gpus <= s.power(), "{}", s.name);
            assert!(RackProfile::from_system(s, 1).is_ok(), "{}", s.name);
        }
        // S21: 3,500 W / 200 TH/s = 17.5 J/TH (figures.md).
        let s21 = catalog::find("antminer s21").unwrap();
        assert!((s21.power().get::<watt>() / s21.hashrate().get() - 17.5).abs() < 1e-12);
    }

    #[test]
    fn rack_validation() {
        let kw = Power::new::<kilowatt>;
        assert!(RackProfile::new("x", kw(-1.0), 0, Fraction::ZERO, AirClass::A1, None).is_err());
        assert!(
            RackProfile::new("x", kw(f64::NAN), 0, Fraction::ZERO, AirClass::A1, None).is_err()
        );
        let liquid_without_class =
            RackProfile::new("x", kw(50.0), 8, Fraction::ONE, AirClass::A1, None);
        assert!(liquid_without_class.is_err());
        let nvl = catalog::find("GB200 NVL72").unwrap();
        assert!(RackProfile::from_system(nvl, 2).is_err());
        let dgx = catalog::find("DGX H100").unwrap();
        let rack = RackProfile::from_system(dgx, 4).unwrap();
        assert_eq!(rack.accelerators(), 32);
        assert!((rack.it_power().get::<kilowatt>() - 40.8).abs() < 1e-9);
    }
}
