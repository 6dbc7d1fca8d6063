//! The dispatch stage: each hour of a year, what the grid, the battery, the generators, the
//! GPU cap and curtailment do so the hour stays within its limits.

use super::battery::Store;
use super::{CurtailmentBudget, Flexibility, Means};
use crate::climate::Climate;
use crate::cooling::{LoopState, SupplyLimits};
use crate::error::{Error, Result};
use crate::it::{Deployment, LostLoadValue};
use crate::money::{GpuHours, Money};
use crate::operating::{ConstraintKind, HourTotals, Placement, Warm};
use crate::site::Site;
use crate::units::*;

/// One hour of the dispatch.
///
/// Balance: `grid_import + battery_discharge + generation = facility_load + battery_charge`,
/// with `grid_import ≤` the interconnect in every hour the site can serve at all.
///
/// # Units
///
/// Electric powers, each the hour's mean (energy over the hour, MWh per h); `facility_*` at
/// the grid side of the substation, `it_*` at the IT equipment input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HourDispatch {
    /// Hour of the climate, from 0.
    pub hour: usize,
    /// The facility's demand with every rack at full (provisioned) power.
    pub facility_demand: Power,
    /// The facility's load after dynamic capping and curtailment.
    pub facility_load: Power,
    /// Power imported from the grid.
    pub grid_import: Power,
    /// Power the battery draws (from headroom under the interconnect).
    pub battery_charge: Power,
    /// Power the battery delivers.
    pub battery_discharge: Power,
    /// Battery state of charge at the end of the hour, with a battery.
    pub state_of_charge: Option<Fraction>,
    /// On-site generation.
    pub generation: Power,
    /// Fuel burnt (HHV energy).
    pub fuel: Energy,
    /// The dynamic GPU cap in force, per accelerator, in hours that lower it.
    pub gpu_cap: Option<Power>,
    /// IT power the racks would draw uncapped and uncurtailed.
    pub it_demand: Power,
    /// IT power shed by the dynamic cap.
    pub capped_it: Power,
    /// IT power shed by curtailment of the rack types without a shed priority (what the
    /// curtailment budget judges).
    pub curtailed_it: Power,
    /// IT power of the rack types shed first ([`RackType::shed_first`](crate::it::RackType::shed_first))
    /// shed in the hour: outside the budget, priced at their own value of lost load.
    pub shed_it: Power,
    /// Whether even curtailing every rack cannot bring the hour within its limits (a house
    /// load above the interconnect, a loop too warm whatever its load).
    pub unservable: bool,
    /// The kernel's totals of the hour as operated (after the dynamic cap and curtailment):
    /// `operated.facility` is `facility_load`; the operated year's sums read it
    /// ([`crate::simulate::OperatedYear`]).
    pub(crate) operated: HourTotals,
}

/// A year of one rack type shed before the rest ([`RackType::shed_first`](crate::it::RackType::shed_first)).
///
/// # Units
///
/// Energies in MWh-convertible [`Energy`] (hourly IT power × 1 h, at the racks' input);
/// GPU-hours; money in USD.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeShed {
    /// The rack type's name.
    pub name: String,
    /// Its racks installed (own racks, without their support racks).
    pub racks: u32,
    /// Their IT energy over the year at design power, unshed.
    pub it_energy: Energy,
    /// IT energy shed.
    pub shed_energy: Energy,
    /// Hours with any of its racks shed.
    pub shed_hours: u32,
    /// Accelerator-hours shed (zero for miners).
    pub gpu_hours: GpuHours,
    /// The work shed at the type's value of lost load (hashprice × hash rate shed × hours, or
    /// per GPU-hour), else at the flexibility's value per GPU-hour, if either is given.
    pub lost_value: Option<Money>,
}

/// The hour of the year closest to its limits at a rack count (before any relief).
#[derive(Clone, Debug, PartialEq)]
pub struct BindingHour {
    /// Hour of the climate, from 0.
    pub hour: usize,
    /// The constraint.
    pub constraint: ConstraintKind,
    /// Used / limit (temperatures: 1 − headroom/10 K), above 1 when exceeded.
    pub utilisation: f64,
}

/// A year of dispatch summed.
///
/// # Units
///
/// Energies are sums of hourly powers × 1 h; GPU-hours are accelerators × hours of work not
/// delivered, at the provisioned throughput; money in USD; emissions mass of CO₂.
#[derive(Clone, Debug, PartialEq)]
pub struct YearOperation {
    /// Hours dispatched (fewer than the climate's if the pass stopped at a budget exceeded).
    pub hours: usize,
    /// Primary racks installed.
    pub primary_racks: u32,
    /// Accelerators installed.
    pub accelerators: u64,
    /// IT energy uncurtailed and uncapped, every rack type's (the base of the budget's share
    /// without the shed types': [`YearOperation::firm_it_energy`]).
    pub it_energy: Energy,
    /// IT energy shed by curtailment of the types without a shed priority.
    pub curtailed_it_energy: Energy,
    /// IT energy of the types shed first, shed ([`YearOperation::shed_types`] by type).
    pub shed_it_energy: Energy,
    /// Hours with any rack of a type shed first shed.
    pub shed_hours: u32,
    /// Each type shed first, in the order they are shed (empty without shed priorities).
    pub shed_types: Vec<TypeShed>,
    /// IT energy shed by dynamic capping.
    pub capped_it_energy: Energy,
    /// Hours with any curtailment of the types without a shed priority.
    pub curtailed_hours: u32,
    /// Hours with the cap lowered.
    pub capped_hours: u32,
    /// Runs of consecutive curtailed hours.
    pub events: u32,
    /// The longest run, in hours.
    pub longest_event_hours: u32,
    /// Accelerator-hours curtailed.
    pub gpu_hours_lost_curtailment: GpuHours,
    /// Accelerator-hours lost to throughput under the dynamic cap (the throughput curve).
    pub gpu_hours_lost_dynamic_cap: GpuHours,
    /// Accelerator-hours lost to throughput under the static cap, all year.
    pub gpu_hours_lost_static_cap: GpuHours,
    /// Energy from the grid.
    pub grid_energy: Energy,
    /// Highest hourly grid import.
    pub peak_grid_import: Power,
    /// Energy into the battery.
    pub battery_charge: Energy,
    /// Energy out of the battery.
    pub battery_discharge: Energy,
    /// Energy generated on site.
    pub generation: Energy,
    /// Fuel burnt (HHV).
    pub fuel: Energy,
    /// Fuel cost.
    pub fuel_cost: Money,
    /// CO₂ from the fuel.
    pub emissions: Mass,
    /// Curtailed GPU-hours at the value of lost load, and the types shed first at theirs,
    /// where one is given.
    pub lost_load_value: Option<Money>,
    /// Curtailed hours per constraint that was over in them (an hour over several counts for
    /// each); the interconnect counts only where battery and generation fell short.
    pub causes: Vec<(ConstraintKind, u32)>,
    /// Hours that even curtailing every rack could not serve.
    pub unservable_hours: u32,
    /// The hour closest to (or furthest past) its limits before any relief.
    pub binding_hour: Option<BindingHour>,
}

impl YearOperation {
    /// The uncurtailed IT energy of the rack types without a shed priority: the base of the
    /// curtailment budget's share. The types shed first are outside the budget (unlimited,
    /// priced and reported by type), so the budget keeps the rest — the GPUs — firm.
    pub fn firm_it_energy(&self) -> Energy {
        self.shed_types
            .iter()
            .fold(self.it_energy, |e, t| e - t.it_energy)
    }
}

/// The hourly limits the dispatch judges: the interconnect (index 0), the substation's firm
/// capacity (1), and each loop's heat rejection (2 + 2i) and temperature (3 + 2i).
struct Judge<'s> {
    site: &'s Site,
    limits: Vec<SupplyLimits>,
}

/// An hour judged at one rack count.
#[derive(Clone, Copy, Debug)]
struct Verdict {
    /// The other hourly limits exceeded (index as [`Judge`]).
    others: Bits,
    /// The tightest limit: utilisation and index.
    worst: (f64, usize),
    /// Which temperature limit each loop is judged against, where one applies (bit set: the
    /// chips' case limit).
    chip_limited: u64,
}

impl Judge<'_> {
    fn judge(&self, totals: &HourTotals, states: &[LoopState]) -> Verdict {
        let site = self.site;
        let limit = site.interconnect().capacity();
        let mut v = Verdict {
            others: Bits::default(),
            worst: (ratio(totals.facility, limit), 0),
            chip_limited: 0,
        };
        let note = |v: &mut Verdict, u: f64, i: usize| {
            if u > 1.0 {
                v.others.set(i);
            }
            if u > v.worst.0 {
                v.worst = (u, i);
            }
        };
        if let Some(sub) = site.substation() {
            note(
                &mut v,
                ratio(totals.substation_output, sub.firm_capacity()),
                1,
            );
        }
        for (i, ((l, state), limits)) in site
            .loops()
            .iter()
            .zip(states)
            .zip(&self.limits)
            .enumerate()
        {
            note(&mut v, ratio(state.heat, state.capacity), 2 + 2 * i);
            if let Some((headroom, which)) = state.temperature_headroom(l.medium(), limits) {
                if which == crate::cooling::TemperatureLimit::ChipCase {
                    v.chip_limited |= 1 << i;
                }
                note(
                    &mut v,
                    1.0 - headroom.get::<kelvin_interval>() / 10.0,
                    3 + 2 * i,
                );
            }
        }
        v
    }

    fn kind(&self, index: usize, chip_limited: u64) -> ConstraintKind {
        match index {
            0 => ConstraintKind::GridInterconnect,
            1 => ConstraintKind::SubstationFirm,
            i => {
                let l = (i - 2) / 2;
                let loop_name = self.site.loops()[l].name().to_owned();
                if i % 2 == 0 {
                    ConstraintKind::CoolingCapacity { loop_name }
                } else {
                    let limit = if chip_limited & (1 << l) != 0 {
                        crate::cooling::TemperatureLimit::ChipCase
                    } else {
                        crate::cooling::TemperatureLimit::Class
                    };
                    ConstraintKind::CoolingTemperature { loop_name, limit }
                }
            }
        }
    }
}

/// Most loops the dispatch judges (the site files' bound).
const MAX_LOOPS: usize = 64;

/// A set of the hourly limits' indices (2 + 2 per loop).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bits([u64; 3]);

impl Bits {
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    fn any(&self) -> bool {
        self.0.iter().any(|&w| w != 0)
    }
}

/// `used / limit`, infinite for a zero limit that is used.
fn ratio(used: Power, limit: Power) -> f64 {
    let l = limit.get::<watt>();
    if l > 0.0 {
        used.get::<watt>() / l
    } else if used.get::<watt>() > 0.0 {
        f64::INFINITY
    } else {
        0.0
    }
}

/// The deployment as provisioned under `flex`'s static cap (unchanged without one).
pub(crate) fn provisioned(deployment: &Deployment, flex: &Flexibility) -> Result<Deployment> {
    let Some(cap) = flex.cap().provisioned_cap() else {
        return Ok(deployment.clone());
    };
    Ok(deployment.with_primary(deployment.primary().clone().with_gpu_cap(cap)?))
}

/// A year's dispatch at one rack count: the placement at that count and a scratch placement
/// for the hours that must shed racks.
pub(crate) struct Pass<'a> {
    pub(crate) placement: Placement<'a>,
    scratch: Placement<'a>,
    judge: Judge<'a>,
    flex: &'a Flexibility,
    deployment: &'a Deployment,
    /// Per-accelerator power as provisioned, and at its maximum.
    gpu_power: Option<(Power, Power)>,
    /// Whether the racks draw the same IT power every hour (none follows its inlet air).
    constant_it: bool,
    /// The loop states of the hour last evaluated at another rack count.
    states: Vec<LoopState>,
    /// Where each loop's fixed point last settled in the hours evaluated at other rack
    /// counts: the next evaluation's start.
    warm: Vec<Warm>,
    /// The hour being dispatched at whole numbers of racks shed: (racks shed, totals).
    seen: Vec<(u32, HourTotals)>,
    /// The rack types shed first, in shed order, with their racks at the count being run.
    shed_types: Vec<ShedType>,
    /// Their racks, summed: the first segment of the shed path.
    shed_total: u32,
    /// Racks taken off each shed type at the point being evaluated.
    shed_racks: Vec<(usize, u32)>,
    /// This hour's shed of each shed type: (racks, IT power).
    hour_shed: Vec<(f64, Power)>,
}

/// A rack type shed before the rest, at the rack count being run.
struct ShedType {
    /// Index in the deployment's types.
    t: usize,
    /// Racks installed.
    racks: u32,
    /// Their IT at design power (with the chain's rack supply).
    it: Power,
    /// Accelerators per rack.
    accelerators: u32,
    /// Hash rate per rack.
    hashrate: Hashrate,
    value: Option<LostLoadValue>,
}

/// An hour being dispatched: hour `index` of `climate` with `n` racks installed.
///
/// What is shed follows one path, measured in racks: first the types shed first, in their
/// order, each down to zero (`0 ..= R`, `R` their racks); then the grown block, from `n`
/// racks down (`R ..= R + n`), its first part a dynamic cap's room (racks' worth of IT) and
/// the rest curtailment.
#[derive(Clone, Copy)]
struct Hour<'c> {
    climate: &'c Climate,
    index: usize,
    n: u32,
}

/// Why a pass stopped before the end of the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Ran the whole year.
    Completed,
    /// Curtailment exceeded the budget (or an hour could not be served).
    OverBudget,
}

impl<'a> Pass<'a> {
    /// A pass for `deployment` (already provisioned) at `site` over `climate`.
    pub(crate) fn new(
        site: &'a Site,
        deployment: &'a Deployment,
        climate: &Climate,
        flex: &'a Flexibility,
    ) -> Result<Self> {
        let placement = Placement::new(site, deployment, 0)?.for_climate(climate)?;
        let primary = deployment.primary();
        let gpu_power = match (primary.accelerator_power(), flex.cap().dynamic_floor()) {
            (Some(max), _) => Some((primary.gpu_cap().unwrap_or(max), max)),
            (None, Some(_)) => {
                return Err(Error::missing(
                    "flexibility.cap.floor",
                    format!(
                        "rack '{}' has no known accelerator power to cap",
                        primary.name()
                    ),
                ));
            }
            (None, None) => None,
        };
        if let (Some(floor), Some((provisioned, _))) = (flex.cap().dynamic_floor(), gpu_power)
            && floor > provisioned
        {
            return Err(Error::out_of_range(
                "flexibility.cap.floor",
                floor.get::<watt>(),
                "W",
                &format!(
                    "at most the accelerators' provisioned {} W",
                    provisioned.get::<watt>()
                ),
            ));
        }
        let judge = Judge {
            site,
            limits: placement.loop_limits().to_vec(),
        };
        if site.loops().len() > MAX_LOOPS {
            return Err(Error::out_of_range(
                "cooling_loops",
                site.loops().len() as f64,
                "",
                &format!("at most {MAX_LOOPS} loops for the year's dispatch"),
            ));
        }
        Ok(Self {
            scratch: placement.clone(),
            placement,
            judge,
            flex,
            deployment,
            gpu_power,
            constant_it: deployment.profiles().all(|r| r.inlet_response().is_none()),
            states: Vec::new(),
            warm: Vec::new(),
            seen: Vec::new(),
            shed_types: Vec::new(),
            shed_total: 0,
            shed_racks: Vec::new(),
            hour_shed: Vec::new(),
        })
    }

    /// The end of hour `h`'s shed path: every rack of the shed types and the grown block.
    fn top(&self, h: Hour<'_>) -> u32 {
        h.n + self.shed_total
    }

    /// The kernel in hour `h` with `p` racks shed along the shed path: totals and verdict.
    fn hour_at(&mut self, h: Hour<'_>, p: u32) -> Result<(HourTotals, Verdict)> {
        let first = p.min(self.shed_total);
        let grown = h.n - (p - first).min(h.n);
        if self.shed_types.is_empty() {
            self.scratch.place(grown);
        } else {
            self.shed_racks.clear();
            let mut left = first;
            for s in &self.shed_types {
                let k = left.min(s.racks);
                self.shed_racks.push((s.t, k));
                left -= k;
            }
            self.scratch.place_shedding(grown, &self.shed_racks);
        }
        let states = &mut self.states;
        states.clear();
        let totals = self
            .scratch
            .one_hour(h.climate, h.index, &mut self.warm, |_, s| states.push(*s))?;
        Ok((totals, self.judge.judge(&totals, &self.states)))
    }

    /// The fewest whole racks to shed in `lo ..= hi` for hour `h` to satisfy `ok`; `None` if
    /// even `hi` does not. `ok` must hold for every count above one where it holds (facility
    /// power and loop heat are monotone in the racks).
    fn shed(
        &mut self,
        h: Hour<'_>,
        lo: u32,
        hi: u32,
        ok: impl Fn(&Verdict) -> bool,
    ) -> Result<Option<(u32, HourTotals)>> {
        let (t, v) = self.hour_at(h, hi)?;
        if !ok(&v) {
            return Ok(None);
        }
        let (mut lo, mut hi, mut best) = (lo, hi, t);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (t, v) = self.hour_at(h, mid)?;
            if ok(&v) {
                hi = mid;
                best = t;
            } else {
                lo = mid + 1;
            }
        }
        Ok(Some((hi, best)))
    }

    /// Hour `h` with `k` whole racks shed (each count evaluated once an hour).
    fn whole(&mut self, h: Hour<'_>, k: u32) -> Result<HourTotals> {
        if let Some((_, t)) = self.seen.iter().find(|(j, _)| *j == k) {
            return Ok(*t);
        }
        let (t, _) = self.hour_at(h, k)?;
        self.seen.push((k, t));
        Ok(t)
    }

    /// (facility, IT) of hour `h` with `x` racks' worth shed, linear between whole counts.
    fn shed_to(&mut self, h: Hour<'_>, x: f64) -> Result<(Power, Power)> {
        self.operated(h, x).map(|t| (t.facility, t.it))
    }

    /// Every total of hour `h` with `x` racks' worth shed, linear between whole counts.
    fn operated(&mut self, h: Hour<'_>, x: f64) -> Result<HourTotals> {
        let x = x.clamp(0.0, f64::from(self.top(h)));
        let i = x.floor() as u32;
        let a = self.whole(h, i)?;
        let frac = x - f64::from(i);
        if frac == 0.0 {
            return Ok(a);
        }
        let b = self.whole(h, i + 1)?;
        let p = |p: Power, q: Power| p + (q - p) * frac;
        let o = |p: Option<Power>, q: Option<Power>| p.zip(q).map(|(p, q)| p + (q - p) * frac);
        Ok(HourTotals {
            it: p(a.it, b.it),
            it_at_pdu_output: o(a.it_at_pdu_output, b.it_at_pdu_output),
            it_at_ups_output: o(a.it_at_ups_output, b.it_at_ups_output),
            electrical_losses: p(a.electrical_losses, b.electrical_losses),
            cooling: p(a.cooling, b.cooling),
            house: p(a.house, b.house),
            lumped_overhead: p(a.lumped_overhead, b.lumped_overhead),
            facility: p(a.facility, b.facility),
            water: a.water + (b.water - a.water) * frac,
            substation_output: p(a.substation_output, b.substation_output),
            heat_upgrade: p(a.heat_upgrade, b.heat_upgrade),
            heat_pump: p(a.heat_pump, b.heat_pump),
            reuse_source: p(a.reuse_source, b.reuse_source),
            reuse_delivered: p(a.reuse_delivered, b.reuse_delivered),
            reused_heat: p(a.reused_heat, b.reused_heat),
        })
    }

    /// The least racks' worth in `[from, to]` to shed for hour `h`'s facility to draw at most
    /// `target`, and whether `to` is enough (if not, `to`).
    fn reduce(&mut self, h: Hour<'_>, target: Power, from: f64, to: f64) -> Result<(f64, bool)> {
        let to = to.min(f64::from(self.top(h)));
        let facility = |pass: &mut Self, x: f64| pass.shed_to(h, x).map(|(f, _)| f);
        if facility(self, from)? <= target {
            return Ok((from, true));
        }
        if facility(self, to)? > target {
            return Ok((to, false));
        }
        // Narrow [lo, hi] (over at lo, within at hi) to one segment between whole counts: the
        // whole count the straight line through the ends points at, and the one below it
        // (facility power is nearly linear in racks, so this usually takes two evaluations),
        // halving instead after three tries.
        let (mut lo, mut hi) = (from, to);
        let (mut f_lo, mut f_hi) = (facility(self, lo)?, facility(self, hi)?);
        let mut tries = 0;
        loop {
            let (a, b) = (lo.floor() as u32 + 1, hi.ceil() as u32 - 1);
            if a > b {
                break;
            }
            tries += 1;
            let k = if tries > 3 {
                a + (b - a) / 2
            } else {
                let share = ((f_lo - target) / (f_lo - f_hi))
                    .get::<ratio>()
                    .clamp(0.0, 1.0);
                ((lo + share * (hi - lo)).ceil() as u32).clamp(a, b)
            };
            let f_k = facility(self, f64::from(k))?;
            if f_k <= target {
                (hi, f_hi) = (f64::from(k), f_k);
                if k > a {
                    let f_below = facility(self, f64::from(k - 1))?;
                    if f_below > target {
                        (lo, f_lo) = (f64::from(k - 1), f_below);
                    } else {
                        (hi, f_hi) = (f64::from(k - 1), f_below);
                    }
                }
            } else {
                (lo, f_lo) = (f64::from(k), f_k);
            }
        }
        let share = ((f_lo - target) / (f_lo - f_hi))
            .get::<ratio>()
            .clamp(0.0, 1.0);
        let x = (lo + share * (hi - lo)).min(hi);
        // Rounding may leave the interpolated point a hair over the target: take hi then.
        if facility(self, x)? > target {
            return Ok((hi, true));
        }
        Ok((x, true))
    }

    /// Dispatches the year at `n` primary racks, handing each hour to `on_hour`; with a
    /// `budget`, stops once curtailment exceeds it.
    pub(crate) fn run(
        &mut self,
        climate: &Climate,
        n: u32,
        budget: Option<CurtailmentBudget>,
        mut on_hour: impl FnMut(&HourDispatch),
    ) -> Result<(YearOperation, Stop)> {
        self.placement.place(n);
        let it_design = self.placement.it();
        let accelerators = self.placement.accelerators();
        // The types shed first, with their racks at n.
        let counts = self.deployment.counts(n);
        let rack_input = self.placement.rack_input();
        self.shed_types = self
            .deployment
            .shed_order()
            .into_iter()
            .map(|t| {
                let rack_type = &self.deployment.types()[t];
                let profile = rack_type.profile();
                let racks = counts.get(self.deployment.type_index(t));
                ShedType {
                    t,
                    racks,
                    it: profile.it_power() * (f64::from(racks) * rack_input),
                    accelerators: profile.accelerators(),
                    hashrate: profile.hashrate(),
                    value: rack_type.shedding().and_then(|s| s.value),
                }
            })
            .collect();
        self.shed_total = self.shed_types.iter().map(|s| s.racks).sum();
        let shed_it_design: Power = self.shed_types.iter().map(|s| s.it).sum();
        let shed_accelerators: u64 = self
            .shed_types
            .iter()
            .map(|s| u64::from(s.accelerators) * u64::from(s.racks))
            .sum();
        let firm_accelerators = accelerators - shed_accelerators;
        let flex = self.flex;
        let limit = self.judge.site.interconnect().capacity();
        let thr = |cap: Power, max: Power| {
            flex.cap()
                .throughput()
                .at(Fraction::clamped((cap / max).get::<ratio>()))
                .get()
        };
        // Dynamic capping's room, in racks' worth of IT: every accelerator of the types not
        // shed first from its provisioned power down to the floor.
        let firm_it_design = it_design - shed_it_design;
        let cap_room = match (flex.cap().dynamic_floor(), self.gpu_power) {
            (Some(floor), Some((provisioned, _))) if n > 0 && firm_it_design > Power::ZERO => {
                let per_rack = firm_it_design / f64::from(n);
                let shed = (provisioned - floor) * firm_accelerators as f64;
                (shed / per_rack).get::<ratio>().min(f64::from(n))
            }
            _ => 0.0,
        };
        let static_loss = match self.gpu_power {
            Some((provisioned, max)) => 1.0 - thr(provisioned, max),
            None => 0.0,
        };
        let mut store = flex.battery().copied().map(Store::full);
        let mut year = YearOperation {
            hours: 0,
            primary_racks: n,
            accelerators,
            it_energy: Energy::ZERO,
            curtailed_it_energy: Energy::ZERO,
            shed_it_energy: Energy::ZERO,
            shed_hours: 0,
            shed_types: self
                .shed_types
                .iter()
                .map(|s| TypeShed {
                    name: self.deployment.types()[s.t].name().to_owned(),
                    racks: s.racks,
                    it_energy: Energy::ZERO,
                    shed_energy: Energy::ZERO,
                    shed_hours: 0,
                    gpu_hours: GpuHours::new(0.0),
                    lost_value: None,
                })
                .collect(),
            capped_it_energy: Energy::ZERO,
            curtailed_hours: 0,
            capped_hours: 0,
            events: 0,
            longest_event_hours: 0,
            gpu_hours_lost_curtailment: GpuHours::new(0.0),
            gpu_hours_lost_dynamic_cap: GpuHours::new(0.0),
            gpu_hours_lost_static_cap: GpuHours::new(0.0),
            grid_energy: Energy::ZERO,
            peak_grid_import: Power::ZERO,
            battery_charge: Energy::ZERO,
            battery_discharge: Energy::ZERO,
            generation: Energy::ZERO,
            fuel: Energy::ZERO,
            fuel_cost: Money::new(0.0),
            emissions: Mass::ZERO,
            lost_load_value: None,
            causes: Vec::new(),
            unservable_hours: 0,
            binding_hour: None,
        };
        let mut cause_counts = vec![0u32; 2 + 2 * self.judge.site.loops().len()];
        let mut chip_limited = 0u64;
        let mut worst: Option<(f64, usize, usize)> = None;
        let mut run_length = 0u32;
        let mut stop = Stop::Completed;
        let h = hours(1.0);
        // With IT the same every hour, the year's uncurtailed IT energy is known before the
        // year is run, and an energy share can stop the pass too.
        let year_it = self
            .constant_it
            .then(|| firm_it_design * hours(climate.len() as f64));
        // Each shed type's lost work, where it is priced (its own value or the flexibility's).
        let mut shed_values: Vec<Option<Money>> = self
            .shed_types
            .iter()
            .map(|s| {
                (s.value.is_some() || flex.value_of_lost_load().is_some())
                    .then_some(Money::new(0.0))
            })
            .collect();
        // The year at n racks, hour by hour (warm-started), with the loop states of each hour.
        let states: std::cell::RefCell<Vec<LoopState>> = Default::default();
        let mut index = 0usize;
        let placement = self.placement.clone();
        let mut failure: Option<Error> = None;
        let walked = placement.each_hour(
            climate,
            |_, s| states.borrow_mut().push(*s),
            |totals| {
                let result = (|| -> Result<bool> {
                    let verdict = self.judge.judge(totals, &states.borrow());
                    chip_limited |= verdict.chip_limited;
                    if worst.is_none_or(|w| verdict.worst.0 > w.0) {
                        worst = Some((verdict.worst.0, verdict.worst.1, index));
                    }
                    let hour_ref = Hour { climate, index, n };
                    let d = self.dispatch_hour(
                        hour_ref,
                        cap_room,
                        totals,
                        verdict,
                        limit,
                        store.as_mut(),
                        &mut cause_counts,
                    )?;
                    // Sums.
                    year.hours += 1;
                    year.it_energy += d.it_demand * h;
                    year.curtailed_it_energy += d.curtailed_it * h;
                    year.capped_it_energy += d.capped_it * h;
                    year.grid_energy += d.grid_import * h;
                    year.peak_grid_import = year.peak_grid_import.max(d.grid_import);
                    year.battery_charge += d.battery_charge * h;
                    year.battery_discharge += d.battery_discharge * h;
                    year.generation += d.generation * h;
                    year.fuel += d.fuel;
                    // The types not shed first lose accelerators pro rata to their IT.
                    let firm_it = d.it_demand - shed_it_design;
                    let gpus_per_watt = if firm_it > Power::ZERO {
                        firm_accelerators as f64 / firm_it.get::<watt>()
                    } else {
                        0.0
                    };
                    let mut gpus_shed = d.curtailed_it.get::<watt>() * gpus_per_watt;
                    year.shed_it_energy += d.shed_it * h;
                    if d.shed_it > Power::ZERO {
                        year.shed_hours += 1;
                    }
                    for (((s, t), &(racks, it)), value) in self
                        .shed_types
                        .iter()
                        .zip(&mut year.shed_types)
                        .zip(&self.hour_shed)
                        .zip(&mut shed_values)
                    {
                        t.it_energy += s.it * h;
                        if racks <= 0.0 {
                            continue;
                        }
                        t.shed_energy += it * h;
                        t.shed_hours += 1;
                        let gpus = racks * f64::from(s.accelerators);
                        gpus_shed += gpus;
                        t.gpu_hours += GpuHours::new(gpus);
                        let lost = match s.value {
                            Some(LostLoadValue::PerGpuHour(v)) => Some(v * GpuHours::new(gpus)),
                            Some(LostLoadValue::Hashprice(v)) => Some(v * (s.hashrate * racks) * h),
                            None => flex.value_of_lost_load().map(|v| v * GpuHours::new(gpus)),
                        };
                        if let (Some(lost), Some(value)) = (lost, value.as_mut()) {
                            *value += lost;
                        }
                    }
                    year.gpu_hours_lost_curtailment += GpuHours::new(gpus_shed);
                    if let (Some(cap), Some((provisioned, max))) = (d.gpu_cap, self.gpu_power) {
                        year.capped_hours += 1;
                        let running = accelerators as f64 - gpus_shed;
                        let relative = 1.0 - thr(cap, max) / thr(provisioned, max);
                        year.gpu_hours_lost_dynamic_cap += GpuHours::new(running * relative);
                    }
                    year.gpu_hours_lost_static_cap +=
                        GpuHours::new(accelerators as f64 * static_loss);
                    if d.unservable {
                        year.unservable_hours += 1;
                    }
                    if d.curtailed_it > Power::ZERO || d.unservable {
                        year.curtailed_hours += 1;
                        if run_length == 0 {
                            year.events += 1;
                        }
                        run_length += 1;
                        year.longest_event_hours = year.longest_event_hours.max(run_length);
                    } else {
                        run_length = 0;
                    }
                    on_hour(&d);
                    states.borrow_mut().clear();
                    index += 1;
                    // The energy share is judged at the end (its base is the year's uncurtailed
                    // energy); hours and events as they happen. An unservable hour fails any
                    // budget; without one (a year dispatched as given) the year runs on.
                    let over = budget.is_some_and(|b| {
                        year.unservable_hours > 0
                            || b.exceeded_midway(year.curtailed_hours, year.longest_event_hours)
                            || year_it.is_some_and(|it| {
                                b.energy_share().is_some_and(|f| {
                                    year.curtailed_it_energy > it * f.get() * (1.0 + 1e-12)
                                })
                            })
                    });
                    Ok(over)
                })();
                match result {
                    Ok(false) => Ok(()),
                    // The kernel's walk stops at an error: a sentinel, told apart by `stop`.
                    Ok(true) => {
                        stop = Stop::OverBudget;
                        Err(Error::internal("the budget is exceeded"))
                    }
                    Err(e) => {
                        failure = Some(e);
                        Err(Error::internal("failed"))
                    }
                }
            },
        );
        if let Some(e) = failure {
            return Err(e);
        }
        if stop == Stop::Completed {
            walked?;
            if let Some(b) = budget
                && b.exceeded(
                    year.curtailed_it_energy,
                    year.firm_it_energy(),
                    year.curtailed_hours,
                    year.longest_event_hours,
                )
            {
                stop = Stop::OverBudget;
            }
        }
        if let Some(g) = flex.generation() {
            year.fuel_cost = g.fuel_cost(year.fuel);
            year.emissions = g.emissions(year.fuel);
        }
        // The types not shed first at the flexibility's value; the shed types at theirs.
        let shed_gpu_hours = year
            .shed_types
            .iter()
            .fold(GpuHours::new(0.0), |g, t| g + t.gpu_hours);
        let firm = flex
            .value_of_lost_load()
            .map(|v| v * (year.gpu_hours_lost_curtailment - shed_gpu_hours));
        for (t, v) in year.shed_types.iter_mut().zip(&shed_values) {
            t.lost_value = *v;
        }
        year.lost_load_value = shed_values
            .iter()
            .flatten()
            .fold(firm, |sum, v| Some(sum.map_or(*v, |s| s + *v)));
        year.causes = cause_counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(i, &c)| (self.judge.kind(i, chip_limited), c))
            .collect();
        year.binding_hour = worst.map(|(u, i, hour)| BindingHour {
            hour,
            constraint: self.judge.kind(i, chip_limited),
            utilisation: u,
        });
        Ok((year, stop))
    }

    /// One hour: relieve the hourly limits by the means in order, curtailment last.
    ///
    /// Less IT relieves the substation and the loops: whole racks' worth are shed for them
    /// (conservative by less than a rack). Against the interconnect, the cap and curtailment
    /// shed just enough: the kernel at whole rack counts, linear between them (a fraction of a
    /// rack's worth of IT, capped or curtailed).
    #[allow(clippy::too_many_arguments)]
    fn dispatch_hour(
        &mut self,
        h: Hour<'_>,
        cap_room: f64,
        totals: &HourTotals,
        verdict: Verdict,
        limit: Power,
        mut store: Option<&mut Store>,
        causes: &mut [u32],
    ) -> Result<HourDispatch> {
        let flex = self.flex;
        let mut d = HourDispatch {
            hour: h.index,
            facility_demand: totals.facility,
            facility_load: totals.facility,
            grid_import: totals.facility,
            battery_charge: Power::ZERO,
            battery_discharge: Power::ZERO,
            state_of_charge: None,
            generation: Power::ZERO,
            fuel: Energy::ZERO,
            gpu_cap: None,
            it_demand: totals.it,
            capped_it: Power::ZERO,
            curtailed_it: Power::ZERO,
            shed_it: Power::ZERO,
            unservable: false,
            operated: *totals,
        };
        // The hour at whole rack counts shed, evaluated once each.
        self.seen.clear();
        self.seen.push((0, *totals));
        let mut x = 0.0;
        let top = self.top(h);
        // The shed types' segment of the path, then the cap's room beyond it.
        let first = f64::from(self.shed_total);
        let cap_end = first + cap_room;
        if verdict.others.any() {
            match self.shed(h, 1, top, |v| !v.others.any())? {
                Some((k, t)) => {
                    self.seen.push((k, t));
                    x = f64::from(k);
                }
                None => {
                    d.unservable = true;
                    x = f64::from(top);
                }
            }
        }
        let mut supplied = Power::ZERO;
        let mut grid_short = false;
        if !d.unservable {
            for means in flex.order().means() {
                let residual = self.shed_to(h, x)?.0 - limit - supplied;
                if residual <= Power::ZERO {
                    break;
                }
                match means {
                    Means::Battery => {
                        if let Some(s) = store.as_deref_mut() {
                            d.battery_discharge = s.discharge(residual);
                            supplied += d.battery_discharge;
                        }
                    }
                    Means::Generation => {
                        if let Some(g) = flex.generation() {
                            let load = self.shed_to(h, x)?.0 - supplied;
                            let run = g.run(residual, load);
                            d.generation = run.output;
                            d.fuel = run.fuel;
                            supplied += run.output;
                        }
                    }
                    // The types shed first go at the cap's place in the order, before it.
                    Means::Cap if cap_end > x => {
                        x = self.reduce(h, limit + supplied, x, cap_end)?.0;
                    }
                    Means::Cap => {}
                }
            }
            // Curtailment: the last resort.
            if self.shed_to(h, x)?.0 > limit + supplied {
                grid_short = true;
                let (to, enough) = self.reduce(h, limit + supplied, x, f64::from(top))?;
                x = to;
                d.unservable = !enough;
            }
        }
        // What was shed: the shed types first, then up to the cap's room by capping, the rest
        // by curtailment.
        self.hour_shed.clear();
        self.hour_shed
            .resize(self.shed_types.len(), (0.0, Power::ZERO));
        if x > 0.0 {
            let it_first = self.shed_to(h, x.min(first))?.1;
            let it_capped = self.shed_to(h, x.min(cap_end))?.1;
            let it_now = self.shed_to(h, x)?.1;
            d.shed_it = (totals.it - it_first).max(Power::ZERO);
            d.capped_it = (it_first - it_capped).max(Power::ZERO);
            d.curtailed_it = (it_capped - it_now).max(Power::ZERO);
            // Each shed type's part: its segment of the path.
            let mut start = 0.0;
            for j in 0..self.shed_types.len() {
                let end = start + f64::from(self.shed_types[j].racks);
                if x > start {
                    let (a, b) = (self.shed_to(h, start)?.1, self.shed_to(h, x.min(end))?.1);
                    self.hour_shed[j] = (x.min(end) - start, (a - b).max(Power::ZERO));
                }
                start = end;
            }
            let capped = (x.min(cap_end) - first).max(0.0);
            if capped > 0.0
                && let Some((provisioned, _)) = self.gpu_power
            {
                let gpus = self.placement.accelerators() as f64;
                d.gpu_cap = Some(provisioned - d.capped_it / gpus);
            }
        }
        if d.curtailed_it > Power::ZERO || d.unservable {
            if grid_short {
                causes[0] += 1;
            }
            for (i, c) in causes.iter_mut().enumerate().skip(1) {
                if verdict.others.has(i) {
                    *c += 1;
                }
            }
        }
        d.operated = self.operated(h, x)?;
        d.facility_load = d.operated.facility;
        if supplied == Power::ZERO
            && let Some(s) = store.as_deref_mut()
        {
            d.battery_charge = s.charge(limit - d.facility_load);
        }
        d.grid_import = d.facility_load + d.battery_charge - d.battery_discharge - d.generation;
        d.state_of_charge = store.map(|s| s.soc());
        Ok(d)
    }
}

/// Dispatches a year: `primary_racks` racks of `deployment` (provisioned at `flex`'s static cap,
/// if any) at `site` through `climate`, each hour handed to `on_hour` (for hourly reports),
/// the year's sums returned. Hours are judged against the interconnect, the substation's firm
/// capacity and each loop's heat rejection and temperature; see [`super`] for where each
/// means connects and what it relieves. An hour that even curtailing every rack cannot serve
/// is counted ([`YearOperation::unservable_hours`]) and the year runs on to its end.
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::climate::{Climate, Location};
/// use dcplan::flexibility::{self, Battery, Flexibility};
/// let p = Pressure::new::<pascal>(101_325.0);
/// let ambient = Ambient::from_dew_point(celsius(20.0), celsius(10.0), p)?;
/// let climate = Climate::from_hours("a day", Location::new(0.0, 0.0, Length::ZERO)?, vec![ambient; 24])?;
/// // 100 racks of 120 kW at PUE 1.2 draw 14.4 MW against a 14 MW interconnect.
/// let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(14.0))?)
///     .lumped_pue(Pue::new(1.2)?).build()?;
/// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
/// let d = Deployment::new(rack.with_it_power(Power::new::<kilowatt>(120.0))?);
/// let flex = Flexibility::none()
///     .with_battery(Battery::new(Power::new::<megawatt>(1.0), Energy::new::<megawatt_hour>(4.0), Efficiency::new(1.0)?)?);
/// let mut imports = Vec::new();
/// let year = flexibility::dispatch_year(&site, &d, 100, &climate, &flex, |h| imports.push(h.grid_import))?;
/// // The battery covers 0.4 MW for 10 hours; then racks are curtailed.
/// assert!(imports.iter().all(|p| p.get::<megawatt>() <= 14.0 + 1e-9));
/// assert_eq!(year.curtailed_hours, 14);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn dispatch_year(
    site: &Site,
    deployment: &Deployment,
    primary_racks: u32,
    climate: &Climate,
    flex: &Flexibility,
    on_hour: impl FnMut(&HourDispatch),
) -> Result<YearOperation> {
    let deployment = provisioned(deployment, flex)?;
    let mut pass = Pass::new(site, &deployment, climate, flex)?;
    Ok(pass.run(climate, primary_racks, None, on_hour)?.0)
}
