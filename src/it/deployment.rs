//! What IT is deployed: rack profiles and their counts, and the sums over them (IT power, heat
//! to liquid and air, accelerators, hash rate).

use super::rack::RackProfile;
use crate::error::{Error, Result};
use crate::units::*;

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
///
/// ```
/// use dcplan::it::{catalog, Deployment, RackProfile};
/// use dcplan::units::*;
/// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
/// let counts = d.counts(10);
/// assert_eq!(d.accelerators(&counts), 720);
/// assert!((d.it_power(&counts).get::<megawatt>() - 1.2).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
/// Sums over a set of [`RackCounts`]: IT power and heats as [`Power`]s (W), each profile's
/// per-rack figure times its count; accelerators as a count; hash rate in TH/s
/// ([`Hashrate`]).
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
    /// let net = RackProfile::new("network", kilowatts(20.0), 0, Fraction::ZERO, AirClass::A1, None)?;
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
            .at(&format!("support '{}'", profile.name())));
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

    /// The field path of the `i`-th profile of [`Deployment::profiles`], as errors name it:
    /// `deployment.primary`, then `deployment.support.0`, `deployment.support.1` …
    pub(crate) fn profile_path(i: usize) -> String {
        match i {
            0 => "deployment.primary".to_owned(),
            i => format!("deployment.support.{}", i - 1),
        }
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
        self.primary.accelerators()
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
            .map(|(s, &n)| per_profile(s.profile.accelerators(), n))
            .fold(
                per_profile(self.primary.accelerators(), counts.primary),
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
            .map(|(s, &n)| s.profile.hashrate().get() * f64::from(n))
            .sum();
        Hashrate::new(self.primary.hashrate().get() * f64::from(counts.primary) + support)
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
