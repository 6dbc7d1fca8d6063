//! What IT is deployed: a fleet of rack types — each a rack profile with a fixed count or a
//! share of the block the planner grows, the halls it may occupy and the support racks that
//! serve it — and the sums over racks (IT power, heat to liquid and air, accelerators, hash
//! rate).

use super::rack::RackProfile;
use crate::error::{Error, Result};
use crate::money::{UsdPerGpuHour, UsdPerPhsDay};
use crate::units::money_non_negative;
use crate::units::*;

/// Most rack profiles one deployment holds, its rack types and their support racks together.
pub const MAX_RACK_PROFILES: usize = 64;

/// How far the shares of the grown rack types may sum from 1 (rounding in the file's
/// percentages); within it they are scaled to sum to exactly 1.
const SHARE_SUM_TOLERANCE: f64 = 1e-6;

/// Support racks (network, storage) deployed alongside the racks of one type: one per
/// `per_primary` racks of the type they serve in each hall, rounded up.
#[derive(Clone, Debug, PartialEq)]
pub struct SupportRacks {
    profile: RackProfile,
    per_primary: u32,
}

impl SupportRacks {
    fn new(profile: RackProfile, per_primary: u32) -> Result<Self> {
        if per_primary == 0 {
            return Err(Error::out_of_range(
                "per_primary",
                0.0,
                "",
                "at least 1 primary rack per support rack",
            )
            .at(&format!("support '{}'", profile.name())));
        }
        Ok(Self {
            profile,
            per_primary,
        })
    }

    /// The rack profile.
    pub fn profile(&self) -> &RackProfile {
        &self.profile
    }
    /// Racks of the type served by one support rack.
    pub fn per_primary(&self) -> u32 {
        self.per_primary
    }
    /// Support racks needed for `primary` racks of the type they serve: ⌈primary / per_primary⌉.
    pub fn count_for(&self, primary: u32) -> u32 {
        primary.div_ceil(self.per_primary)
    }
}

/// How many racks of a type are deployed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Amount {
    /// A fixed number of racks: an existing estate, a storage row.
    Fixed(u32),
    /// A share of the block the planner grows (the shares of a deployment's grown types sum
    /// to 1).
    Share(Fraction),
}

/// What an hour of a shed rack type's work is worth: what its operator loses when the dispatch
/// sheds it ([`RackType::shed_first`]).
///
/// # Units
///
/// USD per accelerator-hour not delivered (GPU rental), or the bitcoin hashprice in USD per
/// PH/s per day (a shed miner's lost revenue is `hashprice × hash rate shed × hours / 24 h`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LostLoadValue {
    /// A GPU-hour's rental: per accelerator-hour shed.
    PerGpuHour(UsdPerGpuHour),
    /// The hashprice: per PH/s of hash rate shed, per day.
    Hashprice(UsdPerPhsDay),
}

/// How a rack type is shed when the site must draw less: its priority (lower is shed first,
/// before every type without one) and what its lost work is worth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shedding {
    /// Shed order: the types with the lowest priority are shed first, down to zero racks,
    /// before the next.
    pub priority: u32,
    /// The value of its lost load, if priced.
    pub value: Option<LostLoadValue>,
}

/// One type of rack in a fleet: a profile, how many (fixed, or a share of the grown block),
/// the halls it may occupy and its support racks.
///
/// A type that names halls occupies only those, filling them in the order named; a hall that
/// any type names is reserved for the types that name it. A type that names none fills the
/// halls no type reserves, in the site's order.
///
/// ```
/// use dcplan::it::{catalog, Amount, RackProfile, RackType};
/// let gb200 = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
/// let estate = RackType::fixed("estate", gb200, 160).in_halls(["Hall 1"]);
/// assert_eq!(estate.amount(), Amount::Fixed(160));
/// assert_eq!(estate.halls(), ["Hall 1"]);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RackType {
    name: String,
    profile: RackProfile,
    amount: Amount,
    halls: Vec<String>,
    support: Vec<SupportRacks>,
    shedding: Option<Shedding>,
}

impl RackType {
    /// `racks` racks of `profile`, whatever the plan.
    pub fn fixed(name: &str, profile: RackProfile, racks: u32) -> Self {
        Self::new(name, profile, Amount::Fixed(racks))
    }

    /// Racks of `profile` that the planner grows: `share` of the grown block. Fails for a share
    /// of zero.
    pub fn grown(name: &str, profile: RackProfile, share: Fraction) -> Result<Self> {
        if share.get() <= 0.0 {
            return Err(Error::out_of_range(
                &format!("deployment.fleet.{name}.share"),
                0.0,
                "%",
                "a share above 0 % of the grown block",
            ));
        }
        Ok(Self::new(name, profile, Amount::Share(share)))
    }

    fn new(name: &str, profile: RackProfile, amount: Amount) -> Self {
        Self {
            name: name.to_owned(),
            profile,
            amount,
            halls: Vec::new(),
            support: Vec::new(),
            shedding: None,
        }
    }

    /// Reserves `halls` (by name) for this type: it occupies only them, in this order.
    pub fn in_halls<S: Into<String>>(mut self, halls: impl IntoIterator<Item = S>) -> Self {
        self.halls = halls.into_iter().map(Into::into).collect();
        self
    }

    /// Makes the type sheddable: in the hours the site must draw less, the flexibility dispatch
    /// sheds the types with a priority before any other, the lowest `priority` first, each
    /// down to zero racks before the next; its support racks stay powered. Its lost work is
    /// priced at `value`, if given (else at the flexibility's value per GPU-hour).
    ///
    /// ```
    /// use dcplan::it::{catalog, LostLoadValue, RackProfile, RackType};
    /// use dcplan::money::UsdPerPhsDay;
    /// let s21 = RackProfile::from_system(catalog::find("Antminer S21")?, 8)?;
    /// let asics = RackType::fixed("ASICs", s21, 1_000)
    ///     .shed_first(1, Some(LostLoadValue::Hashprice(UsdPerPhsDay::new(43.33))))?;
    /// assert_eq!(asics.shedding().map(|s| s.priority), Some(1));
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    ///
    /// Fails for a value per GPU-hour on racks without accelerators, or a hashprice on racks
    /// without hash rate.
    pub fn shed_first(mut self, priority: u32, value: Option<LostLoadValue>) -> Result<Self> {
        let field = format!("deployment.fleet.{}.value_of_lost_load", self.name);
        match value {
            Some(LostLoadValue::PerGpuHour(v)) => {
                money_non_negative(&field, v.get(), "USD/GPU-h")?;
                if self.profile.accelerators() == 0 {
                    return Err(Error::inconsistent(
                        &field,
                        format!(
                            "rack '{}' has no accelerators to lose GPU-hours: price a miner by its hashprice (USD/PH/s/day)",
                            self.profile.name()
                        ),
                    ));
                }
            }
            Some(LostLoadValue::Hashprice(v)) => {
                money_non_negative(&field, v.get(), "USD/PH/s/day")?;
                if self.profile.hashrate().get() <= 0.0 {
                    return Err(Error::inconsistent(
                        &field,
                        format!(
                            "rack '{}' has no hash rate to lose: price GPUs per GPU-hour (USD/GPU-h)",
                            self.profile.name()
                        ),
                    ));
                }
            }
            None => {}
        }
        self.shedding = Some(Shedding { priority, value });
        Ok(self)
    }

    /// How the type is shed, if it is shed before the rest ([`RackType::shed_first`]).
    pub fn shedding(&self) -> Option<Shedding> {
        self.shedding
    }

    /// Adds one `profile` support rack per `per_primary` racks of this type (in each hall).
    pub fn with_support(mut self, profile: RackProfile, per_primary: u32) -> Result<Self> {
        self.support.push(SupportRacks::new(profile, per_primary)?);
        Ok(self)
    }

    /// Name of the type (unique in its deployment).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The rack profile.
    pub fn profile(&self) -> &RackProfile {
        &self.profile
    }
    /// Fixed, or a share of the grown block.
    pub fn amount(&self) -> Amount {
        self.amount
    }
    /// The halls reserved for it, in filling order (empty: the halls no type reserves).
    pub fn halls(&self) -> &[String] {
        &self.halls
    }
    /// Its support racks.
    pub fn support(&self) -> &[SupportRacks] {
        &self.support
    }

    /// Rack positions `racks` racks of this type take in one hall, with their support racks.
    pub fn positions(&self, racks: u32) -> u64 {
        self.support
            .iter()
            .fold(u64::from(racks), |n, s| n + u64::from(s.count_for(racks)))
    }

    /// Design IT power of `racks` racks of this type in one hall, with their support racks.
    ///
    /// # Units
    /// Watts, at the IT equipment input: each profile's design power times its count.
    pub fn it_power(&self, racks: u32) -> Power {
        self.support
            .iter()
            .fold(self.profile.it_power() * f64::from(racks), |sum, s| {
                sum + s.profile.it_power() * f64::from(s.count_for(racks))
            })
    }
}

/// What IT is deployed: a fleet of [`RackType`]s, some fixed, at least one grown by the
/// planner (alone, or several in given proportions).
///
/// The simplest is one grown rack type with support racks in a fixed ratio
/// ([`Deployment::new`]); [`Deployment::fleet`] takes several.
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
    types: Vec<RackType>,
    /// Built from one rack profile ([`Deployment::new`]): its fields are named as the
    /// single-rack form of a site file names them (`deployment.primary`, `deployment.support.0`).
    single: bool,
    /// Index in [`Deployment::profiles`] of each type's own profile, and past the last.
    first: Vec<usize>,
    /// The grown types: their index and their share as a whole number of [`WHOLE`].
    grown: Vec<(usize, u64)>,
}

/// Rack counts of a deployment, one per profile in the order of [`Deployment::profiles`]:
/// each type's racks followed by its support racks.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RackCounts {
    by_profile: Vec<u32>,
}

impl RackCounts {
    /// Zero racks of each of `profiles` profiles.
    pub fn zeros(profiles: usize) -> Self {
        Self {
            by_profile: vec![0; profiles],
        }
    }

    /// The counts, in the order of [`Deployment::profiles`].
    pub fn as_slice(&self) -> &[u32] {
        &self.by_profile
    }

    /// Racks of the `i`-th profile (0 beyond the last).
    pub fn get(&self, i: usize) -> u32 {
        self.by_profile.get(i).copied().unwrap_or(0)
    }

    /// All racks.
    pub fn total(&self) -> u64 {
        self.by_profile.iter().map(|&n| u64::from(n)).sum()
    }

    /// Adds another count (e.g. hall by hall).
    pub fn add(&mut self, other: &RackCounts) {
        if self.by_profile.len() < other.by_profile.len() {
            self.by_profile.resize(other.by_profile.len(), 0);
        }
        for (a, b) in self.by_profile.iter_mut().zip(&other.by_profile) {
            *a = a.saturating_add(*b);
        }
    }

    /// Takes up to `racks` racks off the `i`-th profile.
    pub(crate) fn remove(&mut self, i: usize, racks: u32) {
        if let Some(n) = self.by_profile.get_mut(i) {
            *n = n.saturating_sub(racks);
        }
    }

    /// Sets every count to those of `other` (of the same deployment), keeping the allocation.
    pub(crate) fn copy_from(&mut self, other: &RackCounts) {
        self.by_profile.clone_from(&other.by_profile);
    }

    /// Adds `racks` racks of type `t` of `deployment` placed together (one hall), with their
    /// support racks.
    pub(crate) fn add_type(&mut self, deployment: &Deployment, t: usize, racks: u32) {
        let first = deployment.first[t];
        let rack_type = &deployment.types[t];
        let n = &mut self.by_profile;
        if n.len() < deployment.first[deployment.types.len()] {
            n.resize(deployment.first[deployment.types.len()], 0);
        }
        n[first] = n[first].saturating_add(racks);
        for (k, s) in rack_type.support.iter().enumerate() {
            n[first + 1 + k] = n[first + 1 + k].saturating_add(s.count_for(racks));
        }
    }
}

/// One rack type's part of a set of rack counts: its racks, the support racks serving them,
/// and the sums over both.
///
/// # Units
/// IT power and heats in W at the racks' design power (IT equipment input).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeTotals<'a> {
    /// The rack type.
    pub rack_type: &'a RackType,
    /// Its racks.
    pub racks: u32,
    /// Its support racks, in the order of [`RackType::support`].
    pub support: Vec<u32>,
    /// Accelerators in its racks and their support racks.
    pub accelerators: u64,
    /// Design IT power of its racks and their support racks.
    pub it: Power,
    /// Their heat to liquid.
    pub liquid_heat: Power,
    /// Their heat to air.
    pub air_heat: Power,
    /// Their hash rate (bitcoin miners).
    pub hashrate: Hashrate,
}

impl Deployment {
    /// One rack type that the planner grows, named after its profile (support racks follow with
    /// [`Deployment::with_support`]).
    pub fn new(primary: RackProfile) -> Self {
        let name = primary.name().to_owned();
        let mut d = Self {
            types: vec![RackType::new(&name, primary, Amount::Share(Fraction::ONE))],
            single: true,
            first: Vec::new(),
            grown: Vec::new(),
        };
        d.index();
        d
    }

    /// A fleet of rack types. Fails (naming the field at fault) for an empty fleet, more than
    /// [`MAX_RACK_PROFILES`] profiles with the support racks, two types named alike, a fleet
    /// in which no type grows, or grown shares that do not sum to 100 %.
    ///
    /// ```
    /// use dcplan::it::{catalog, Deployment, RackProfile, RackType};
    /// use dcplan::units::*;
    /// let rack = |name| RackProfile::from_system(catalog::find(name).unwrap(), 1).unwrap();
    /// let d = Deployment::fleet([
    ///     RackType::fixed("estate", rack("GB200 NVL72"), 100),
    ///     RackType::grown("new", rack("GB300 NVL72"), Fraction::new(0.6)?)?,
    ///     RackType::grown("H200", rack("DGX H200"), Fraction::new(0.4)?)?,
    /// ])?;
    /// // A block of 10 grown racks: 6 GB300, 4 DGX H200, beside the 100 fixed racks.
    /// assert_eq!(d.counts(10).as_slice(), [100, 6, 4]);
    /// let err = Deployment::fleet([
    ///     RackType::grown("a", rack("GB300 NVL72"), Fraction::new(0.6)?)?,
    ///     RackType::grown("b", rack("DGX H200"), Fraction::new(0.3)?)?,
    /// ]).unwrap_err();
    /// assert!(err.to_string().contains("sum to 90 %"), "{err}");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn fleet(types: impl IntoIterator<Item = RackType>) -> Result<Self> {
        let types: Vec<RackType> = types.into_iter().collect();
        if types.is_empty() {
            return Err(Error::missing(
                "deployment.fleet",
                "a fleet needs at least one rack type",
            ));
        }
        for (i, t) in types.iter().enumerate() {
            if types[..i].iter().any(|u| u.name == t.name) {
                return Err(Error::inconsistent(
                    &format!("deployment.fleet.{}", t.name),
                    format!("two rack types are named '{}'", t.name),
                ));
            }
        }
        let mut d = Self {
            types,
            single: false,
            first: Vec::new(),
            grown: Vec::new(),
        };
        d.index();
        d.check_size()?;
        d.check_shares()?;
        Ok(d)
    }

    /// Adds one `profile` rack per `per_primary` racks of the last rack type (the primary
    /// racks of [`Deployment::new`]).
    ///
    /// ```
    /// use dcplan::it::{catalog, Deployment, RackProfile, AirClass};
    /// use dcplan::units::*;
    /// let gpu = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    /// let net = RackProfile::new("network", kilowatts(20.0), 0, Fraction::ZERO, AirClass::A1, None)?;
    /// let d = Deployment::new(gpu).with_support(net, 8)?;
    /// let counts = d.counts(20);
    /// assert_eq!(counts.as_slice(), [20, 3]); // ⌈20 / 8⌉
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn with_support(mut self, profile: RackProfile, per_primary: u32) -> Result<Self> {
        let support = SupportRacks::new(profile, per_primary)?;
        if let Some(last) = self.types.last_mut() {
            last.support.push(support);
        }
        self.index();
        self.check_size()?;
        Ok(self)
    }

    /// Where each type's profiles start in [`Deployment::profiles`], and the grown types'
    /// shares as whole numbers of [`WHOLE`] that sum to it exactly (the largest share takes
    /// the rounding).
    fn index(&mut self) {
        self.first.clear();
        let mut next = 0;
        for t in &self.types {
            self.first.push(next);
            next += 1 + t.support.len();
        }
        self.first.push(next);
        let shares: Vec<(usize, f64)> = self
            .types
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t.amount {
                Amount::Share(s) => Some((i, s.get())),
                Amount::Fixed(_) => None,
            })
            .collect();
        let sum: f64 = shares.iter().map(|(_, s)| s).sum();
        self.grown = shares
            .iter()
            .map(|&(i, s)| (i, ((s / sum) * WHOLE as f64) as u64))
            .collect();
        let given: u64 = self.grown.iter().map(|(_, w)| w).sum();
        if let Some(largest) = self.grown.iter_mut().max_by_key(|(_, w)| *w) {
            largest.1 += WHOLE.saturating_sub(given);
        }
    }

    fn check_size(&self) -> Result<()> {
        let profiles = self.first[self.types.len()];
        if profiles > MAX_RACK_PROFILES {
            return Err(Error::out_of_range(
                "deployment.fleet",
                profiles as f64,
                "rack profiles",
                &format!(
                    "at most {MAX_RACK_PROFILES} rack profiles (rack types and their support racks)"
                ),
            ));
        }
        Ok(())
    }

    fn check_shares(&self) -> Result<()> {
        let grown: Vec<(&RackType, f64)> = self
            .types
            .iter()
            .filter_map(|t| match t.amount {
                Amount::Share(s) => Some((t, s.get())),
                Amount::Fixed(_) => None,
            })
            .collect();
        let Some((last, _)) = grown.last() else {
            return Err(Error::inconsistent(
                "deployment.fleet",
                "no rack type grows: give one a share of the grown block (the planner searches how many of it fit) instead of a fixed count",
            ));
        };
        let sum: f64 = grown.iter().map(|(_, s)| s).sum();
        if (sum - 1.0).abs() > SHARE_SUM_TOLERANCE {
            let parts: Vec<String> = grown
                .iter()
                .map(|(t, s)| format!("'{}' {}", t.name, percent(*s)))
                .collect();
            return Err(Error::inconsistent(
                &format!("{}.share", self.type_path(last)),
                format!(
                    "the shares of the rack types that grow sum to {} ({}); they must sum to 100 %",
                    percent(sum),
                    parts.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The rack types, fixed and grown, in order.
    pub fn types(&self) -> &[RackType] {
        &self.types
    }

    /// Indices (in [`Deployment::types`]) of the types shed before the rest, in the order they
    /// are shed: priority ascending, then as listed.
    pub fn shed_order(&self) -> Vec<usize> {
        let mut order: Vec<(u32, usize)> = self
            .types
            .iter()
            .enumerate()
            .filter_map(|(t, r)| r.shedding.map(|s| (s.priority, t)))
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(_, t)| t).collect()
    }

    /// The first grown type's rack profile (for one rack type and its support racks: the
    /// primary racks).
    pub fn primary(&self) -> &RackProfile {
        let first = self.grown.first().map_or(0, |&(t, _)| t);
        &self.types[first].profile
    }

    /// Every profile, each type's own followed by its support racks'.
    pub fn profiles(&self) -> impl Iterator<Item = &RackProfile> {
        self.types
            .iter()
            .flat_map(|t| std::iter::once(&t.profile).chain(t.support.iter().map(|s| &s.profile)))
    }

    /// Number of profiles (types and support racks).
    pub fn profile_count(&self) -> usize {
        self.first[self.types.len()]
    }

    /// The field path of type `t` as errors name it: `deployment` for the one type of
    /// [`Deployment::new`], `deployment.fleet.NAME` in a fleet.
    pub(crate) fn type_path(&self, rack_type: &RackType) -> String {
        if self.single {
            "deployment".to_owned()
        } else {
            format!("deployment.fleet.{}", rack_type.name)
        }
    }

    /// The field path of the `i`-th profile of [`Deployment::profiles`], as errors name it:
    /// `deployment.primary` and `deployment.support.0` … for [`Deployment::new`];
    /// `deployment.fleet.NAME` and `deployment.fleet.NAME.support.0` … in a fleet.
    pub(crate) fn profile_path(&self, i: usize) -> String {
        let t = self.first.partition_point(|&f| f <= i).saturating_sub(1);
        let k = i - self.first[t];
        match (self.single, k) {
            (true, 0) => "deployment.primary".to_owned(),
            (true, k) => format!("deployment.support.{}", k - 1),
            (false, 0) => format!("deployment.fleet.{}", self.types[t].name),
            (false, k) => format!("deployment.fleet.{}.support.{}", self.types[t].name, k - 1),
        }
    }

    /// Index in [`Deployment::profiles`] (and [`RackCounts`]) of type `t`'s own profile.
    pub(crate) fn type_index(&self, t: usize) -> usize {
        self.first[t]
    }

    /// The shares of the grown types, in order (summing to 1).
    pub(crate) fn grown_shares(&self) -> impl Iterator<Item = f64> + '_ {
        self.grown.iter().map(|&(_, w)| w as f64 / WHOLE as f64)
    }

    /// The same deployment with `profile` in place of the first grown type's profile (e.g. its
    /// GPUs capped).
    pub(crate) fn with_primary(&self, profile: RackProfile) -> Deployment {
        let mut d = self.clone();
        let first = self.grown.first().map_or(0, |&(t, _)| t);
        d.types[first].profile = profile;
        d
    }

    /// Indices (in [`Deployment::types`]) of the grown types, in order.
    pub(crate) fn grown_types(&self) -> impl Iterator<Item = usize> + '_ {
        self.grown.iter().map(|&(t, _)| t)
    }

    /// The counter of the grown block's racks by type.
    pub(crate) fn apportionment(&self) -> Apportionment {
        Apportionment::new(self.grown.iter().map(|&(_, w)| w).collect())
    }

    /// Every rack with a grown block of `grown` racks, each type's racks placed together (one
    /// hall): the fixed counts, the grown block shared among the grown types by
    /// [`Deployment::grown_counts`], and each type's support racks.
    pub fn counts(&self, grown: u32) -> RackCounts {
        let mut block = self.apportionment();
        let block = block.counts(grown);
        let mut counts = RackCounts::zeros(self.profile_count());
        let mut k = 0;
        for (t, rack_type) in self.types.iter().enumerate() {
            let racks = match rack_type.amount {
                Amount::Fixed(n) => n,
                Amount::Share(_) => {
                    k += 1;
                    block[k - 1]
                }
            };
            counts.add_type(self, t, racks);
        }
        counts
    }

    /// Racks of each grown type (in order) in a grown block of `grown` racks: the block in
    /// the types' proportions, each within one rack of its share, and none fewer in a larger
    /// block ([`Apportionment`]).
    ///
    /// ```
    /// use dcplan::it::{catalog, Deployment, RackProfile, RackType};
    /// use dcplan::units::*;
    /// let rack = RackProfile::from_system(catalog::find("GB300 NVL72")?, 1)?;
    /// let d = Deployment::fleet([
    ///     RackType::grown("a", rack.clone(), Fraction::new(0.5)?)?,
    ///     RackType::grown("b", rack.clone(), Fraction::new(0.3)?)?,
    ///     RackType::grown("c", rack, Fraction::new(0.2)?)?,
    /// ])?;
    /// assert_eq!(d.grown_counts(10), [5, 3, 2]);
    /// assert_eq!(d.grown_counts(3), [2, 1, 0]);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn grown_counts(&self, grown: u32) -> Vec<u32> {
        self.apportionment().counts(grown).to_vec()
    }

    /// Accelerators per rack of the first grown type.
    pub fn accelerators_per_primary(&self) -> u32 {
        self.primary().accelerators()
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
        self.profiles()
            .zip(counts.as_slice())
            .map(|(p, &n)| u64::from(p.accelerators()) * u64::from(n))
            .fold(0, u64::saturating_add)
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
        Hashrate::new(
            self.profiles()
                .zip(counts.as_slice())
                .map(|(p, &n)| p.hashrate().get() * f64::from(n))
                .sum(),
        )
    }

    /// Each rack type's part of `counts`: its racks and support racks, accelerators, IT power
    /// and heats.
    pub fn type_totals(&self, counts: &RackCounts) -> Vec<TypeTotals<'_>> {
        self.types
            .iter()
            .enumerate()
            .map(|(t, rack_type)| {
                let range = self.first[t]..self.first[t + 1];
                let mut own = RackCounts::zeros(self.profile_count());
                for i in range.clone() {
                    own.by_profile[i] = counts.get(i);
                }
                TypeTotals {
                    rack_type,
                    racks: own.get(range.start),
                    support: range.skip(1).map(|i| own.get(i)).collect(),
                    accelerators: self.accelerators(&own),
                    it: self.it_power(&own),
                    liquid_heat: self.liquid_heat(&own),
                    air_heat: self.air_heat(&own),
                    hashrate: self.hashrate(&own),
                }
            })
            .collect()
    }

    fn sum(&self, counts: &RackCounts, per_rack: fn(&RackProfile) -> Power) -> Power {
        self.profiles()
            .zip(counts.as_slice())
            .map(|(p, &n)| per_rack(p) * f64::from(n))
            .sum()
    }
}

/// A share as people write it: `60 %`, `33.3 %`.
fn percent(share: f64) -> String {
    let p = 100.0 * share;
    let text = format!("{p:.4}");
    format!("{} %", text.trim_end_matches('0').trim_end_matches('.'))
}

/// The whole a grown type's share is a part of, in [`Apportionment`]'s integer arithmetic.
const WHOLE: u64 = 1 << 62;

/// Racks between the counts an [`Apportionment`] keeps, to restart from.
const STRIDE: u32 = 16;

/// The racks of each grown type in a grown block of `n` racks, by the quota method of
/// Balinski and Young: racks are added one at a time, each to the type with the largest
/// `s_i / (c_i + 1)` (share over racks after this one, D'Hondt's priority) among the types
/// that would not exceed their upper quota `⌈(n + 1)·s_i⌉`.
///
/// Every type then holds `⌊n·s_i⌋` or `⌈n·s_i⌉` racks (within one rack of its share), and a
/// larger block never holds fewer racks of any type — what keeps the planner's feasible set
/// an interval. No rule that looks only at `n` (rounding each share, or the largest remainders)
/// has both properties for more than three types; the method is sequential, so the counter
/// keeps the counts every [`STRIDE`] racks and walks from the nearest below `n`.
///
/// Shares are whole numbers of 2⁻⁶² summing to 1 exactly, so the comparisons are exact.
///
/// # References
/// M. L. Balinski and H. P. Young, "The Quota Method of Apportionment", *The American
/// Mathematical Monthly* 82(7), 701–730 (1975): the method, its house monotonicity and its
/// quota property. `docs/models.md`, "Mixed fleets".
#[derive(Clone, Debug)]
pub(crate) struct Apportionment {
    weights: Vec<u64>,
    at: u32,
    counts: Vec<u32>,
    /// Counts at 0, STRIDE, 2·STRIDE … as far as they have been walked, type by type.
    marks: Vec<u32>,
}

impl Apportionment {
    fn new(weights: Vec<u64>) -> Self {
        let g = weights.len();
        Self {
            weights,
            at: 0,
            counts: vec![0; g],
            marks: vec![0; g],
        }
    }

    /// Racks of each grown type in a block of `n`.
    pub(crate) fn counts(&mut self, n: u32) -> &[u32] {
        let g = self.weights.len();
        if g == 1 {
            (self.at, self.counts[0]) = (n, n);
            return &self.counts;
        }
        let known = self.marks.len() / g;
        let from = ((n / STRIDE) as usize).min(known - 1);
        if !(self.at <= n && self.at as usize >= from * STRIDE as usize) {
            self.counts
                .copy_from_slice(&self.marks[from * g..(from + 1) * g]);
            self.at = from as u32 * STRIDE;
        }
        while self.at < n {
            self.step();
            if self.at.is_multiple_of(STRIDE) && (self.at / STRIDE) as usize == self.marks.len() / g
            {
                self.marks.extend_from_slice(&self.counts);
            }
        }
        &self.counts
    }

    /// Adds the next rack.
    fn step(&mut self) {
        let next = u128::from(self.at) + 1;
        let whole = u128::from(WHOLE);
        // (eligible, index): the eligible type with the earliest (c + 1) / s, lowest index
        // first among equals.
        let mut best: Option<(bool, usize)> = None;
        for (i, (&w, &c)) in self.weights.iter().zip(&self.counts).enumerate() {
            let (w, c) = (u128::from(w), u128::from(c));
            let eligible = c * whole < next * w;
            let better = match best {
                None => true,
                Some((e, j)) => {
                    let (wj, cj) = (u128::from(self.weights[j]), u128::from(self.counts[j]));
                    (eligible && !e) || (eligible == e && (c + 1) * wj < (cj + 1) * w)
                }
            };
            if better {
                best = Some((eligible, i));
            }
        }
        if let Some((_, i)) = best {
            self.counts[i] += 1;
        }
        self.at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quota method by hand for shares ½, ⅜, ⅛ (exact in 2⁻⁶²). Rack n goes to the type
    /// with the largest s/(c + 1) among those with c < n·s (upper quota):
    /// 1: a (½ > ⅜ > ⅛); 2: a is at ⌈2·½⌉ = 1, b (⅜ > ⅛); 3: a ¼ > b 3/16 > c ⅛;
    /// 4: a at ⌈4·½⌉ = 2, b 3/16 > c ⅛; 5: b at ⌈5·⅜⌉ = 2, a ⅙ > c ⅛;
    /// 6: a at 3, b ⅛ = c ⅛, the first listed; 7: b at ⌈7·⅜⌉ = 3, a ⅛ = c ⅛, a;
    /// 8: only c may: (4, 3, 1) = 8 × (½, ⅜, ⅛).
    #[test]
    fn the_quota_method_by_hand() {
        let mut a = Apportionment::new(vec![WHOLE / 2, 3 * (WHOLE / 8), WHOLE / 8]);
        let seq: Vec<Vec<u32>> = (1..=8).map(|n| a.counts(n).to_vec()).collect();
        assert_eq!(
            seq,
            [
                [1, 0, 0],
                [1, 1, 0],
                [2, 1, 0],
                [2, 2, 0],
                [3, 2, 0],
                [3, 3, 0],
                [4, 3, 0],
                [4, 3, 1]
            ]
        );
        // Within one rack of n·s at every n, and periodic: 8 more racks add (4, 3, 1).
        for n in 1..=200u32 {
            let c = a.counts(n).to_vec();
            for (c, s) in c.iter().zip([0.5, 0.375, 0.125]) {
                assert!(
                    (f64::from(*c) - f64::from(n) * s).abs() < 1.0,
                    "n = {n}: {c}"
                );
            }
            if n > 8 {
                let back: Vec<u32> = a
                    .counts(n - 8)
                    .iter()
                    .zip([4, 3, 1])
                    .map(|(c, d)| c + d)
                    .collect();
                assert_eq!(a.counts(n), &back[..], "n = {n}");
            }
        }
    }

    #[test]
    fn the_counter_gives_the_same_counts_whatever_the_order_of_the_questions() {
        let w = [WHOLE / 7, 2 * (WHOLE / 7), WHOLE - 3 * (WHOLE / 7)];
        let mut walked = Apportionment::new(w.to_vec());
        let forward: Vec<Vec<u32>> = (0..1_000).map(|n| walked.counts(n).to_vec()).collect();
        let mut jumping = Apportionment::new(w.to_vec());
        for n in [999u32, 3, 700, 64, 128, 127, 0, 500, 999, 1] {
            assert_eq!(jumping.counts(n), &forward[n as usize][..], "n = {n}");
        }
    }
}
