//! One hour's physics: the loops at the hour's ambient, the IT of racks that follow their
//! inlet air, the shared stages and the substation, summed into the hour's totals.

use super::placement::{Placement, in_room_losses};
use super::point::Level;
use crate::climate::{Ambient, Climate};
use crate::cooling::{Guess, LoopState, RoomLoad};
use crate::electrical::{Stage, StageFlow};
use crate::error::Result;
use crate::it::When;
use crate::site::Facility;
use crate::units::*;

/// The hour's powers, summed: what [`Placement::each_hour`] hands the driver each hour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HourTotals {
    pub it: Power,
    pub it_at_pdu_output: Option<Power>,
    pub it_at_ups_output: Option<Power>,
    pub electrical_losses: Power,
    pub cooling: Power,
    pub house: Power,
    pub lumped_overhead: Power,
    pub facility: Power,
    pub water: VolumeRate,
    /// Power delivered by the substation (or the facility power of a lumped site).
    pub substation_output: Power,
    /// Electricity of site-owned heat pumps that only upgrade heat for reuse (part of
    /// `facility`, drawn at the low-voltage bus beside the cooling).
    pub heat_upgrade: Power,
    /// Every heat pump's electricity, whoever owns it.
    pub heat_pump: Power,
    /// Heat taken off the loops' returns for reuse (thermal).
    pub reuse_source: Power,
    /// Heat delivered at the networks' temperature (thermal).
    pub reuse_delivered: Power,
    /// Heat that leaves the site for reuse, `E_reuse` of the ERF (thermal,
    /// [`crate::cooling::HeatReuse::handed_over`]).
    pub reused_heat: Power,
}

impl HourTotals {
    /// Nothing drawn, nothing measured: where a driver's totals start before
    /// [`Placement::run`] writes an hour over them.
    pub(crate) const ZERO: HourTotals = HourTotals {
        it: Power::ZERO,
        it_at_pdu_output: None,
        it_at_ups_output: None,
        electrical_losses: Power::ZERO,
        cooling: Power::ZERO,
        house: Power::ZERO,
        lumped_overhead: Power::ZERO,
        facility: Power::ZERO,
        water: VolumeRate::ZERO,
        substation_output: Power::ZERO,
        heat_upgrade: Power::ZERO,
        heat_pump: Power::ZERO,
        reuse_source: Power::ZERO,
        reuse_delivered: Power::ZERO,
        reused_heat: Power::ZERO,
    };
}

/// What a loop carries from one hour to the next: where its fixed point settled, and the
/// servers' load it last evaluated. A driver that revisits hours keeps one per loop
/// ([`Placement::one_hour`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Warm {
    guess: Option<Guess>,
    load: Option<RoomLoadAt>,
}

/// The servers' load on the air loop that sets their inlet, as last evaluated: reused while
/// the inlet temperature and the utilisation period stay the same.
#[derive(Clone, Copy, Debug)]
struct RoomLoadAt {
    /// Inlet air temperature, °C (the loop's fixed point is solved in plain °C).
    inlet_c: f64,
    /// The span of hours of constant utilisation it was evaluated in
    /// ([`Placement::utilisation_period`]).
    period: u64,
    load: RoomLoad,
}

/// Power through a path of stages: what it draws at the top and what it loses on the way.
#[derive(Clone, Copy, Debug)]
pub(super) struct PathFlow {
    pub(super) input: Power,
    pub(super) losses: Power,
}

impl Placement<'_> {
    /// Every hour of `climate` in order, for a placement made
    /// [`for_climate`](Placement::for_climate): each loop's state (with its index) to
    /// `on_loop`, then the hour's totals — its facility demand — to `on_hour`. Each loop's
    /// solution carries to the next hour as its starting point.
    pub(crate) fn each_hour(
        &self,
        climate: &Climate,
        mut on_loop: impl FnMut(usize, &LoopState),
        mut on_hour: impl FnMut(&HourTotals) -> Result<()>,
    ) -> Result<()> {
        let mut warm = vec![Warm::default(); self.site.loops().len()];
        let month_ends = month_ends(climate.is_leap_year());
        let mut month = 0;
        let mut totals = HourTotals::ZERO;
        for (index, ambient) in climate.hours().iter().enumerate() {
            while index >= month_ends[month] {
                month += 1;
            }
            self.run(
                ambient,
                When::Hour { index, month },
                &mut warm,
                &mut on_loop,
                |_, _, _| {},
                |_| {},
                &mut totals,
            )?;
            on_hour(&totals)?;
        }
        Ok(())
    }

    /// Hour `index` of `climate` alone: each loop's state to `on_loop`, and the hour's totals.
    /// For drivers that revisit single hours at other rack counts (the year planner's
    /// curtailment): each loop's fixed point starts where the caller's `warm` (one per loop,
    /// kept between calls) last settled — the servers' load it cached is dropped, as the racks
    /// may differ.
    pub(crate) fn one_hour(
        &self,
        climate: &Climate,
        index: usize,
        warm: &mut Vec<Warm>,
        on_loop: impl FnMut(usize, &LoopState),
    ) -> Result<HourTotals> {
        let month_ends = month_ends(climate.is_leap_year());
        let month = month_ends.iter().take_while(|&&end| index >= end).count();
        warm.resize(self.site.loops().len(), Warm::default());
        for w in warm.iter_mut() {
            w.load = None;
        }
        let mut totals = HourTotals::ZERO;
        self.run(
            &climate.hours()[index],
            When::Hour { index, month },
            warm,
            on_loop,
            |_, _, _| {},
            |_| {},
            &mut totals,
        )?;
        Ok(totals)
    }

    /// The span of hours over which every responsive rack's utilisation is constant, as an
    /// identifier: the hour for hourly schedules, else the month for monthly ones, else 0;
    /// `u64::MAX` at the design hour (never reused).
    fn utilisation_period(&self, when: When) -> u64 {
        match when {
            When::Design => u64::MAX,
            When::Hour { index, month } => self
                .responsive
                .iter()
                .map(|r| match r.response.utilisation().hours() {
                    Some(_) => index as u64 + 12,
                    None if r.response.utilisation().is_monthly() => month as u64,
                    None => 0,
                })
                .max()
                .unwrap_or(0),
        }
    }

    /// What the racks put into the room air of the loop feeding the responsive racks when
    /// their inlet air is at `t_in_c` °C, with the in-room losses of the critical path.
    #[inline]
    fn room_load(&self, t_in_c: f64, when: When, critical: &[Stage]) -> RoomLoad {
        let f = self.fixed;
        let mut load = RoomLoad {
            it: f.it,
            air_heat: f.air,
            liquid_heat: f.liquid,
            other_heat: 0.0,
            server_flow: 0.0,
        };
        for r in &self.responsive {
            let u = r.response.utilisation().value(when);
            let (p, v) = r.response.at(r.design_w, u, t_in_c);
            let p = p * r.count;
            load.it += p;
            load.liquid_heat += p * r.liquid_share;
            load.air_heat += p * (1.0 - r.liquid_share);
            load.server_flow += v * r.count;
        }
        load.other_heat = in_room_losses(critical, load.it);
        load
    }

    /// Totals at `ambient` in hour `when`, written over `totals`, handing each loop's state
    /// (with its index) to `on_loop`, each critical and shared stage's flow to `on_stage` and
    /// the substation's to `on_substation`. The one place the ambient-dependent physics is
    /// computed. `warm` (one per loop) carries each loop's hourly solution to the next hour as
    /// a starting point. The totals are the caller's rather than returned: at 136 bytes each
    /// move of them was a `memcpy` call every hour (docs/performance.md).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn run<'s>(
        &'s self,
        ambient: &Ambient,
        when: When,
        warm: &mut [Warm],
        mut on_loop: impl FnMut(usize, &LoopState),
        mut on_stage: impl FnMut(Level, &'s Stage, StageFlow),
        on_substation: impl FnOnce(StageFlow),
        totals: &mut HourTotals,
    ) -> Result<()> {
        let house = self.site.house_load();
        let zero = Power::ZERO;
        *totals = HourTotals {
            it: self.it,
            it_at_pdu_output: None,
            it_at_ups_output: None,
            electrical_losses: zero,
            cooling: zero,
            house,
            lumped_overhead: zero,
            facility: zero,
            water: VolumeRate::ZERO,
            substation_output: zero,
            heat_upgrade: zero,
            heat_pump: zero,
            reuse_source: zero,
            reuse_delivered: zero,
            reused_heat: zero,
        };
        let below_substation = match self.site.facility() {
            Facility::Lumped { pue } => {
                totals.lumped_overhead = self.it * (pue.get() - 1.0);
                self.it + totals.lumped_overhead + house
            }
            Facility::Components { electrical, loops } => {
                // The loop feeding racks that follow their inlet air is solved first: it sets
                // the hour's IT power, and with it the liquid loops' heat.
                let room = match self.room_loop {
                    Some(a) if !self.responsive.is_empty() => {
                        // The servers' load at an inlet temperature and utilisation seen last
                        // (the previous hour's solution is this hour's first guess) is reused.
                        let period = self.utilisation_period(when);
                        let last = std::cell::Cell::new(warm[a].load);
                        let load = |t: f64| match last.get() {
                            Some(seen) if seen.inlet_c == t && seen.period == period => seen.load,
                            _ => {
                                let load = self.room_load(t, when, electrical.critical());
                                last.set(Some(RoomLoadAt {
                                    inlet_c: t,
                                    period,
                                    load,
                                }));
                                load
                            }
                        };
                        let solved = loops[a].operate_room(
                            self.airs[a].as_ref(),
                            ambient,
                            &self.loop_limits[a],
                            load,
                            &mut warm[a].guess,
                        )?;
                        warm[a].load = last.get();
                        Some(solved)
                    }
                    _ => None,
                };
                for (i, (l, limits)) in loops.iter().zip(&self.loop_limits).enumerate() {
                    let state = match room {
                        Some((state, _)) if Some(i) == self.room_loop => state,
                        Some((_, load)) => l.operate(
                            self.after_reuse(
                                i,
                                watts(load.liquid_heat * self.loop_share[i]),
                                when,
                                totals,
                            ),
                            ambient,
                            limits,
                        )?,
                        None if l.models_room() => {
                            let heat = self.loop_heat[i].get::<watt>();
                            let fixed = RoomLoad {
                                air_heat: heat,
                                ..RoomLoad::default()
                            };
                            l.operate_room(
                                self.airs[i].as_ref(),
                                ambient,
                                limits,
                                |_| fixed,
                                &mut warm[i].guess,
                            )?
                            .0
                        }
                        None => l.operate(
                            self.after_reuse(i, self.loop_heat[i], when, totals),
                            ambient,
                            limits,
                        )?,
                    };
                    totals.cooling += state.power;
                    totals.water += state.water;
                    on_loop(i, &state);
                }
                let critical = match room {
                    Some((_, load)) => {
                        totals.it = watts(load.it);
                        let mut power = totals.it;
                        for (k, stage) in electrical.critical().iter().enumerate() {
                            let flow = stage.flow(power);
                            self.record_measurement(k, flow, totals);
                            on_stage(Level::Critical, stage, flow);
                            power = flow.input;
                        }
                        PathFlow {
                            input: power,
                            losses: power - totals.it,
                        }
                    }
                    None => {
                        for (k, (stage, flow)) in
                            electrical.critical().iter().zip(&self.critical).enumerate()
                        {
                            self.record_measurement(k, *flow, totals);
                            on_stage(Level::Critical, stage, *flow);
                        }
                        PathFlow {
                            input: self.critical_input,
                            losses: self.critical_input - self.it,
                        }
                    }
                };
                // Cooling and house loads reach the shared stages through the auxiliary ones
                // (none in an AC chain, where they join the IT path's input at the LV bus).
                // A site-owned heat pump draws there too.
                let lv_loads = totals.cooling + house + totals.heat_upgrade;
                let auxiliary = walk(electrical.auxiliary(), lv_loads, |s, f| {
                    on_stage(Level::Auxiliary, s, f)
                });
                let shared = walk(
                    electrical.shared(),
                    critical.input + lv_loads + auxiliary.losses,
                    |s, f| on_stage(Level::Shared, s, f),
                );
                totals.electrical_losses = critical.losses + auxiliary.losses + shared.losses;
                shared.input
            }
        };
        totals.substation_output = below_substation;
        totals.facility = match (self.site.substation(), self.site.facility()) {
            (Some(sub), Facility::Components { .. }) => {
                let flow = sub.flow(below_substation);
                totals.electrical_losses += flow.loss;
                on_substation(flow);
                flow.input
            }
            _ => below_substation,
        };
        Ok(())
    }

    /// The heat loop `i` leaves to its plant when it carries `heat` in hour `when`: what a
    /// heat-reuse component on it does not take ([`crate::cooling::HeatReuse::hour`]), whose
    /// hour is added to `totals`. At the design hour the heat pump runs at the year's peak
    /// demand (its electricity counts against the interconnect) but the plant is credited
    /// nothing: the network may take no heat on the design day, so the plant must reject it
    /// all.
    #[inline]
    fn after_reuse(&self, i: usize, heat: Power, when: When, totals: &mut HourTotals) -> Power {
        let Some((_, r)) = self.site.heat_reuse().iter().find(|(j, _)| *j == i) else {
            return heat;
        };
        let h = r.hour(r.demand(when, self.hours), heat);
        totals.heat_upgrade += r.site_electricity(&h);
        totals.heat_pump += h.electricity;
        totals.reuse_source += h.source;
        totals.reuse_delivered += h.delivered;
        totals.reused_heat += r.handed_over(&h);
        match when {
            When::Design => heat,
            When::Hour { .. } => heat - h.source,
        }
    }

    /// Notes the IT power measured at the PDU or UPS output (PUE categories 2 and 1).
    #[inline]
    fn record_measurement(&self, k: usize, flow: StageFlow, totals: &mut HourTotals) {
        if self.pdu == Some(k) {
            totals.it_at_pdu_output = Some(flow.output);
        }
        if self.ups == Some(k) {
            totals.it_at_ups_output = Some(flow.output);
        }
    }
}

/// Hours from 1 January 00:00 to the end of each month.
fn month_ends(leap: bool) -> [usize; 12] {
    let mut days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if leap {
        days[1] = 29;
    }
    let mut end = 0;
    days.map(|d| {
        end += d * 24;
        end
    })
}

/// Walks `stages` from the load upward starting with `output`, calling `record` for each
/// stage; returns the input at the top and the sum of losses.
pub(super) fn walk<'s>(
    stages: &'s [Stage],
    output: Power,
    mut record: impl FnMut(&'s Stage, StageFlow),
) -> PathFlow {
    let mut power = output;
    let mut losses = Power::ZERO;
    for stage in stages {
        let flow = stage.flow(power);
        losses += flow.loss;
        power = flow.input;
        record(stage, flow);
    }
    PathFlow {
        input: power,
        losses,
    }
}
