//! The design hour judged: every constraint's headroom, and the operating point reported.

use super::constraint::{Constraint, ConstraintKind, Headroom};
use super::hour::{HourTotals, Warm};
use super::placement::Placement;
use super::point::{Level, LoopReport, OperatingPoint, StageReport};
use crate::climate::Ambient;
use crate::cooling::LoopState;
use crate::electrical::{Stage, StageFlow, StageKind};
use crate::error::Result;
use crate::it::When;
use crate::units::*;

/// Visits a power constraint: headroom `limit − used`, utilisation `used / limit` (none for a
/// zero limit).
fn visit_power(
    visit: &mut impl FnMut(Headroom, Option<f64>, &dyn Fn() -> ConstraintKind),
    used: Power,
    limit: Power,
    kind: &dyn Fn() -> ConstraintKind,
) {
    let l = limit.get::<watt>();
    let utilisation = (l > 0.0).then(|| used.get::<watt>() / l);
    visit(Headroom::Power(limit - used), utilisation, kind);
}

impl Placement<'_> {
    /// The operating point at `ambient` (utilisation schedules at their peak: the design hour).
    pub fn at(&self, ambient: &Ambient) -> Result<OperatingPoint> {
        let design = self.design_hour(ambient)?;
        Ok(self.report(design))
    }

    /// The design hour at `ambient`, with every loop's state and every stage's flow.
    fn design_hour(&self, ambient: &Ambient) -> Result<DesignHour<'_>> {
        let mut states = Vec::with_capacity(self.loop_heat.len());
        let mut flows = Vec::new();
        let mut substation = None;
        let mut warm = vec![Warm::default(); self.loop_heat.len()];
        let mut totals = HourTotals::ZERO;
        self.run(
            ambient,
            When::Design,
            &mut warm,
            |_, state| states.push(*state),
            |level, stage, flow| flows.push(StageAt { stage, flow, level }),
            |f| substation = Some(f),
            &mut totals,
        )?;
        Ok(DesignHour {
            totals,
            states,
            flows,
            substation,
        })
    }

    /// Whether every constraint holds at `ambient` (utilisation schedules at their peak) —
    /// [`Placement::at`]`(ambient)?.fits()` without building the report.
    pub(crate) fn fits_at(&self, ambient: &Ambient) -> Result<bool> {
        let design = self.design_hour(ambient)?;
        let mut fits = true;
        self.each_constraint(&design, |headroom, _, _| {
            fits &= !headroom.is_exceeded();
        });
        Ok(fits)
    }

    /// Visits every constraint of the operating point with its headroom and utilisation;
    /// `kind` builds the constraint's name only for visitors that want it.
    fn each_constraint(
        &self,
        design: &DesignHour<'_>,
        mut visit: impl FnMut(Headroom, Option<f64>, &dyn Fn() -> ConstraintKind),
    ) {
        let site = self.site;
        let (totals, flows, states) = (&design.totals, &design.flows, &design.states);
        visit_power(
            &mut visit,
            totals.facility,
            site.interconnect().capacity(),
            &|| ConstraintKind::GridInterconnect,
        );
        if let Some(sub) = site.substation() {
            visit_power(
                &mut visit,
                totals.substation_output,
                sub.firm_capacity(),
                &|| ConstraintKind::SubstationFirm,
            );
        }
        for StageAt { stage, flow, .. } in flows {
            visit_power(&mut visit, flow.output, stage.capacity(), &|| {
                ConstraintKind::Electrical {
                    stage: stage.name().to_owned(),
                    kind: stage.kind(),
                }
            });
        }
        for ((l, state), limits) in site.loops().iter().zip(states).zip(&self.loop_limits) {
            let loop_name = || l.name().to_owned();
            visit_power(&mut visit, state.heat, state.capacity, &|| {
                ConstraintKind::CoolingCapacity {
                    loop_name: loop_name(),
                }
            });
            if let Some((headroom, limit)) = state.temperature_headroom(l.medium(), limits) {
                visit(Headroom::Temperature(headroom), None, &|| {
                    ConstraintKind::CoolingTemperature {
                        loop_name: loop_name(),
                        limit,
                    }
                });
            }
        }
        // Racks that fit in none of their halls are charged to the last hall their type may
        // occupy: one more rack than fits exceeds it.
        for ((hall, load), over) in site.halls().iter().zip(&self.halls).zip(&self.overflow) {
            let positions = u64::from(hall.positions());
            let used = load.racks.total().saturating_add(over.positions);
            let hall_name = || hall.name().to_owned();
            visit(
                Headroom::Racks(positions as i64 - used as i64),
                (positions > 0).then(|| used as f64 / positions as f64),
                &|| ConstraintKind::HallPositions { hall: hall_name() },
            );
            if let Some(limit) = hall.power_limit() {
                visit_power(&mut visit, load.it + over.it, limit, &|| {
                    ConstraintKind::HallPower { hall: hall_name() }
                });
            }
        }
    }

    fn report(&self, design: DesignHour<'_>) -> OperatingPoint {
        let mut constraints = Vec::new();
        self.each_constraint(&design, |headroom, utilisation, kind| {
            constraints.push(Constraint {
                kind: kind(),
                headroom,
                utilisation,
            })
        });
        let DesignHour {
            totals,
            states,
            flows,
            substation,
        } = design;
        let mut stages: Vec<StageReport> = flows
            .into_iter()
            .map(|StageAt { stage, flow, level }| StageReport {
                name: stage.name().to_owned(),
                kind: stage.kind(),
                level,
                capacity: stage.capacity(),
                flow,
            })
            .collect();
        if let (Some(sub), Some(flow)) = (self.site.substation(), substation) {
            stages.push(StageReport {
                name: "substation".into(),
                kind: StageKind::Transformer,
                level: Level::Substation,
                capacity: sub.firm_capacity(),
                flow,
            });
        }
        let loops = self
            .site
            .loops()
            .iter()
            .zip(states)
            .zip(&self.loop_limits)
            .map(|((l, state), limits)| LoopReport {
                name: l.name().to_owned(),
                medium: l.medium(),
                limits: *limits,
                state,
            })
            .collect();
        OperatingPoint {
            primary_racks: self.primary,
            racks: self.racks.clone(),
            accelerators: self.accelerators,
            it: totals.it,
            it_at_pdu_output: totals.it_at_pdu_output,
            it_at_ups_output: totals.it_at_ups_output,
            electrical_losses: totals.electrical_losses,
            cooling: totals.cooling,
            house: totals.house,
            lumped_overhead: totals.lumped_overhead,
            heat_upgrade: totals.heat_upgrade,
            facility: totals.facility,
            water: totals.water,
            stages,
            loops,
            halls: self.halls.clone(),
            constraints,
        }
    }
}

/// The design hour of a placement: its totals, each loop's state and each stage's flow.
struct DesignHour<'s> {
    totals: HourTotals,
    states: Vec<LoopState>,
    flows: Vec<StageAt<'s>>,
    substation: Option<StageFlow>,
}

/// A stage of the chain at the design hour, where it sits, and the power through it.
struct StageAt<'s> {
    stage: &'s Stage,
    flow: StageFlow,
    level: Level,
}
