//! Racks placed at a site: the ambient-independent part of the kernel (racks in halls, IT
//! power, the heat each loop takes, the critical power path).

use super::design_ambient;
use super::halls::{Halls, Overflow};
use super::hour::walk;
use super::point::HallLoad;
use crate::climate::Climate;
use crate::climate::psychrometrics::standard_pressure;
use crate::cooling::{CoolingLoop, CracAir, Medium, SupplyLimits};
use crate::electrical::{LossCurve, Stage, StageFlow, StageKind};
use crate::error::{Error, Result};
use crate::it::{Deployment, InletResponse, RackCounts};
use crate::site::{Facility, Site};
use crate::units::*;

/// Racks of one profile whose IT power follows their inlet air.
#[derive(Clone, Debug)]
pub(super) struct Responsive<'a> {
    pub(super) response: &'a InletResponse,
    pub(super) count: f64,
    pub(super) design_w: f64,
    pub(super) liquid_share: f64,
}

/// IT of the racks that draw their design power whatever the hour, W.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct FixedIt {
    pub(super) it: f64,
    pub(super) air: f64,
    pub(super) liquid: f64,
}

/// The ambient-independent part of an operating point: racks placed in halls, IT power,
/// the heat each loop takes, and the flows through the critical power path. With racks that
/// respond to their inlet air ([`crate::it::InletResponse`]) the IT power and everything that
/// follows from it are solved hour by hour with the air loop that feeds them.
#[derive(Clone, Debug)]
pub struct Placement<'a> {
    pub(super) site: &'a Site,
    pub(super) deployment: &'a Deployment,
    /// Racks of the grown block.
    pub(super) primary: u32,
    pub(super) racks: RackCounts,
    pub(super) accelerators: u64,
    pub(super) halls: Vec<HallLoad>,
    /// Racks that fit in no hall, charged to the last hall their type may occupy (zero when
    /// the halls have room).
    pub(super) overflow: Vec<Overflow>,
    /// Where the racks go.
    fill: Halls,
    /// IT power at the racks' design (nameplate) power, at their input with the chain's rack
    /// supply.
    pub(super) it: Power,
    /// What a rack draws at its input per watt of catalog power: 1 on the catalog's AC power
    /// shelf, less on an 800 V DC/DC supply ([`crate::electrical::RackSupply::catalog_ratio`]).
    pub(super) rack_input: f64,
    pub(super) critical: Vec<StageFlow>,
    pub(super) critical_input: Power,
    /// Heat each loop takes at the design IT power (air loops: with in-room losses).
    pub(super) loop_heat: Vec<Power>,
    pub(super) loop_limits: Vec<SupplyLimits>,
    /// Share of its medium's heat each loop takes.
    pub(super) loop_share: Vec<f64>,
    /// Site-air constants of the CRAC loops.
    pub(super) airs: Vec<Option<CracAir>>,
    /// Racks whose IT follows their inlet air (empty if none).
    pub(super) responsive: Vec<Responsive<'a>>,
    pub(super) fixed: FixedIt,
    /// The air loop that sets the inlet of racks following their inlet air, if the deployment
    /// has any (solved first each hour while such racks are placed).
    pub(super) room_loop: Option<usize>,
    pub(super) pdu: Option<usize>,
    pub(super) ups: Option<usize>,
    /// Hours of the climate the placement runs in (8,760 until
    /// [`for_climate`](Placement::for_climate)): hourly heat demands are read on its calendar.
    pub(super) hours: usize,
}

impl<'a> Placement<'a> {
    /// Places a grown block of `primary` racks of `deployment` (shared among its grown types,
    /// each with its support racks) beside its fixed racks at `site`. The fixed racks go first,
    /// each type into its halls in order (a type without halls into the halls no type
    /// reserves); then the grown types in order, each type's support racks in the hall of the
    /// racks they serve. Racks beyond the room of every hall their type may occupy are charged
    /// to the last of them, whose constraint they exceed.
    ///
    /// This is where the deployment meets the site, and the one place it is checked against
    /// it: fails if the site cannot cool the deployment at all (see
    /// [`Site::check_deployment`]), names a hall it does not have, leaves a rack type no hall,
    /// or cannot solve the data hall's air for it (racks that follow their inlet air need
    /// exactly one air loop to set it; losses released into the hall need an air loop; a loop
    /// that takes its return air from the servers' air flow needs every rack it cools to give
    /// one). Nothing that follows re-checks.
    pub fn new(site: &'a Site, deployment: &'a Deployment, primary: u32) -> Result<Self> {
        site.check_deployment(deployment)?;
        let zero = Power::ZERO;
        let rack_input = match site.facility() {
            Facility::Components { electrical, .. } => electrical.rack().catalog_ratio(),
            Facility::Lumped { .. } => 1.0,
        };
        let mut placement = Self {
            site,
            deployment,
            primary: 0,
            racks: RackCounts::default(),
            accelerators: 0,
            halls: Vec::new(),
            overflow: Vec::new(),
            fill: Halls::new(site, deployment, rack_input)?,
            it: zero,
            rack_input,
            critical: Vec::new(),
            critical_input: zero,
            loop_heat: Vec::new(),
            loop_limits: Vec::new(),
            loop_share: Vec::new(),
            airs: Vec::new(),
            responsive: Vec::new(),
            fixed: FixedIt::default(),
            room_loop: None,
            pdu: None,
            ups: None,
            hours: 8_760,
        };
        if let Facility::Components { electrical, loops } = site.facility() {
            placement.pdu = electrical.position(StageKind::Pdu);
            placement.ups = electrical.position(StageKind::Ups);
            // Loops of one medium share its heat in proportion to their usable capacity.
            let capacity_of = |m: Medium| -> Power {
                loops
                    .iter()
                    .filter(|l| l.medium() == m)
                    .map(|l| l.usable_capacity())
                    .sum()
            };
            placement.loop_share = loops
                .iter()
                .map(|l| (l.usable_capacity() / capacity_of(l.medium())).value)
                .collect();
            placement.loop_limits = loops
                .iter()
                .map(|l| Site::supply_limits(deployment, l))
                .collect::<Result<_>>()?;
            let design = design_ambient(site)?;
            placement.set_site_air(design.pressure(), design.humidity_ratio())?;
            placement.room_loop = check_room(site, deployment, electrical.critical(), loops)?;
            if let Some((_, r)) = site
                .heat_reuse()
                .iter()
                .find(|(i, _)| Some(*i) == placement.room_loop)
            {
                return Err(Error::inconsistent(
                    &format!("reuse.{}.loop", r.name()),
                    format!(
                        "loop '{}' sets the inlet air of racks that follow it, solved with the \
                         room: heat reuse on it is not modelled (put it on a liquid loop)",
                        r.loop_name()
                    ),
                ));
            }
        }
        placement.place(primary);
        Ok(placement)
    }

    /// Places a grown block of `primary` racks instead, and derives the IT power, the critical
    /// path's flows and each loop's heat from them; what does not depend on the block (the
    /// fixed racks' places, what each grown type fits beside them, the loops' supply limits,
    /// site air, the checks of [`Placement::new`]) is kept — the capacity planner's step,
    /// which cannot fail.
    pub(crate) fn place(&mut self, primary: u32) {
        let racks = self.fill_halls(primary);
        self.primary = primary;
        self.sum_racks(racks);
    }

    /// Places a grown block of `primary` racks as [`Placement::place`], then takes `shed[j].1`
    /// racks of rack type `shed[j].0` (its own racks; its support racks stay) off the IT, the
    /// critical path and the loops — the flexibility dispatch's shed types. The halls keep
    /// the racks (hall limits are judged at the design hour).
    pub(crate) fn place_shedding(&mut self, primary: u32, shed: &[(usize, u32)]) {
        let mut racks = self.fill_halls(primary);
        for &(t, k) in shed {
            racks.remove(self.deployment.type_index(t), k);
        }
        self.primary = primary;
        self.sum_racks(racks);
    }

    /// Fills the halls with a grown block of `primary` racks beside the fixed racks; returns
    /// every rack, those that fit in no hall included.
    fn fill_halls(&mut self, primary: u32) -> RackCounts {
        let racks = std::mem::take(&mut self.racks);
        self.fill.place(
            self.deployment,
            primary,
            &mut self.halls,
            &mut self.overflow,
            racks,
        )
    }

    /// Derives from the racks placed their IT power and accelerators, which of them follow
    /// their inlet air, the critical path's flows at the design IT power and each loop's heat.
    fn sum_racks(&mut self, racks: RackCounts) {
        let (site, deployment) = (self.site, self.deployment);
        let r = self.rack_input;
        self.it = deployment.it_power(&racks) * r;
        self.accelerators = deployment.accelerators(&racks);
        (self.responsive, self.fixed) = split_responsive(deployment, &racks, r);
        self.racks = racks;
        self.critical_input = self.it;
        if let Facility::Components { electrical, loops } = site.facility() {
            self.critical.clear();
            self.critical_input =
                walk(electrical.critical(), self.it, |_, f| self.critical.push(f)).input;
            let room_losses = in_room_losses(electrical.critical(), self.it.get::<watt>());
            let liquid = deployment.liquid_heat(&self.racks) * r;
            let air = deployment.air_heat(&self.racks) * r + Power::new::<watt>(room_losses);
            self.loop_heat.clear();
            self.loop_heat
                .extend(
                    loops
                        .iter()
                        .zip(&self.loop_share)
                        .map(|(l, share)| match l.medium() {
                            Medium::Liquid => liquid * *share,
                            Medium::Air => air * *share,
                        }),
                );
        }
    }
    /// The same placement for a year of `climate`: CRAC loops take standard air at the climate's
    /// elevation and a sealed room the outdoor humidity of its first day; hourly utilisation
    /// schedules must have the climate's number of hours.
    pub fn for_climate(mut self, climate: &Climate) -> Result<Self> {
        for r in &self.responsive {
            if let Some(n) = r.response.utilisation().hours()
                && n != climate.len()
            {
                return Err(Error::inconsistent(
                    "inlet_response.utilisation",
                    format!(
                        "the hourly schedule has {n} values but the climate '{}' has {} hours",
                        climate.name(),
                        climate.len()
                    ),
                ));
            }
        }
        for (_, r) in self.site.heat_reuse() {
            r.design()
                .demand
                .covers(climate.len())
                .map_err(|e| e.with_field(format!("reuse.{}.csv", r.name())))?;
        }
        self.hours = climate.len();
        let pressure = standard_pressure(climate.location().elevation())?;
        let first_day = &climate.hours()[..24.min(climate.len())];
        let humidity = first_day
            .iter()
            .map(|a| a.humidity_ratio().get::<ratio>())
            .sum::<f64>()
            / first_day.len().max(1) as f64;
        self.set_site_air(pressure, Ratio::new::<ratio>(humidity))?;
        Ok(self)
    }

    fn set_site_air(&mut self, pressure: Pressure, outdoor_humidity: Ratio) -> Result<()> {
        self.airs = self
            .site
            .loops()
            .iter()
            .map(|l| l.air(pressure, outdoor_humidity))
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// IT power installed, at the racks' design (nameplate) power, at their input with the
    /// chain's rack supply (the catalog power on AC power shelves; less on 800 V DC/DC). Racks
    /// that respond to their inlet air draw more or less each hour
    /// ([`OperatingPoint::it`](super::OperatingPoint::it)).
    pub fn it(&self) -> Power {
        self.it
    }

    /// What a rack draws at its input per watt of catalog power with the chain's rack supply.
    pub(crate) fn rack_input(&self) -> f64 {
        self.rack_input
    }

    /// Output of the first critical stage of `kind` (the PDU or UPS output, where PUE
    /// categories 2 and 1 measure IT power) at the design IT power, if the chain has one.
    pub fn output_of(&self, kind: StageKind) -> Option<Power> {
        match self.site.facility() {
            Facility::Components { electrical, .. } => electrical
                .position(kind)
                .and_then(|i| self.critical.get(i))
                .map(|f| f.output),
            Facility::Lumped { .. } => None,
        }
    }

    /// The largest grown block the halls may hold; `None` for a site without halls (no limit).
    /// A block of `n` holds at least `n·s_i − 1` racks of each grown type `i` (exactly `n` of
    /// a type that grows alone; [`Deployment::grown_counts`]), so a block with more racks of a
    /// type than its halls have room for beside the fixed racks (`r_i`, the type alone) cannot
    /// fit: `n ≤ min_i (r_i + 1)/s_i` (`r` alone).
    pub(crate) fn hall_room(&self) -> Option<u64> {
        let room = self.fill.grown_room()?;
        let slack = if room.len() == 1 { 0.0 } else { 1.0 };
        let bound = room
            .iter()
            .zip(self.deployment.grown_shares())
            .map(|(&r, s)| ((r as f64 + slack) / s).floor())
            .fold(f64::INFINITY, f64::min);
        Some(if bound >= u64::MAX as f64 {
            u64::MAX
        } else {
            bound as u64
        })
    }

    /// Design power at the input of one rack of the first grown type with the chain's rack
    /// supply.
    pub(crate) fn primary_rack_input(&self) -> Power {
        self.deployment.primary().it_power() * self.rack_input
    }

    /// Racks of the grown block placed.
    pub fn primary_racks(&self) -> u32 {
        self.primary
    }

    /// Accelerators placed.
    pub fn accelerators(&self) -> u64 {
        self.accelerators
    }

    /// The site.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The limits each loop's served racks put on it, in the order of the site's loops.
    pub fn loop_limits(&self) -> &[SupplyLimits] {
        &self.loop_limits
    }
}

/// The racks of `deployment` in `racks` split into those whose IT follows their inlet air and
/// the design power, air and liquid heat of the rest, each rack's design power its catalog
/// power times `rack_input` (the chain's rack supply).
fn split_responsive<'a>(
    deployment: &'a Deployment,
    racks: &RackCounts,
    rack_input: f64,
) -> (Vec<Responsive<'a>>, FixedIt) {
    let mut responsive = Vec::new();
    let mut fixed = FixedIt::default();
    for (profile, &n) in deployment.profiles().zip(racks.as_slice()) {
        let n = f64::from(n);
        let design_w = profile.it_power().get::<watt>() * rack_input;
        let liquid_share = profile.liquid_fraction().get();
        match profile.inlet_response() {
            Some(response) if n > 0.0 => responsive.push(Responsive {
                response,
                count: n,
                design_w,
                liquid_share,
            }),
            _ => {
                fixed.it += n * design_w;
                fixed.air += n * design_w * (1.0 - liquid_share);
                fixed.liquid += n * design_w * liquid_share;
            }
        }
    }
    (responsive, fixed)
}

/// Heat the critical stages release into the data hall's air when the IT draws `it_w` W.
#[inline]
pub(super) fn in_room_losses(critical: &[Stage], it_w: f64) -> f64 {
    let mut power = it_w;
    let mut heat = 0.0;
    for stage in critical {
        let loss = stage.loss_w(power);
        heat += loss * stage.heat_to_room().get();
        power += loss;
    }
    heat
}

/// Checks that `site` can solve the data hall's air for `deployment`, and returns the air loop
/// that sets the inlet of racks following their inlet air (`None` if no rack does): such
/// racks need exactly one air loop to set it; losses the critical stages release into the hall
/// need an air loop to remove them; a loop that finds its return air from the servers' air
/// flow needs every rack it cools to have an inlet response. Depends on the site and the
/// deployment only, so [`Placement::new`] runs it once.
fn check_room(
    site: &Site,
    deployment: &Deployment,
    critical: &[Stage],
    loops: &[CoolingLoop],
) -> Result<Option<usize>> {
    let is_air = |l: &&CoolingLoop| l.medium() == Medium::Air;
    let first_air = loops.iter().position(|l| is_air(&l));
    let air_loops = loops.iter().filter(is_air).count();
    let field = || format!("site '{}'.cooling_loops", site.name());
    let heats_room = critical
        .iter()
        .any(|s| s.heat_to_room().get() > 0.0 && s.losses() != LossCurve::LOSSLESS);
    if heats_room && first_air.is_none() {
        return Err(Error::inconsistent(
            &field(),
            "electrical losses heat the data hall, but the site has no air cooling loop to remove them",
        ));
    }
    for l in loops.iter().filter(|l| l.needs_server_flow()) {
        if let Some((i, rack)) = deployment
            .profiles()
            .enumerate()
            .find(|(_, r)| r.inlet_response().is_none() && r.air_heat().get::<watt>() > 0.0)
        {
            return Err(Error::Uncoolable {
                rack: rack.name().to_owned(),
                site: site.name().to_owned(),
                field: format!("{}.inlet_response", deployment.profile_path(i)),
                reason: format!(
                    "loop '{}' finds its return air from the servers' air flow (approach temperatures), but the rack has no inlet response giving it",
                    l.name()
                ),
            });
        }
    }
    if deployment.profiles().all(|r| r.inlet_response().is_none()) {
        return Ok(None);
    }
    match (first_air, air_loops) {
        (Some(one), 1) => Ok(Some(one)),
        _ => Err(Error::inconsistent(
            &field(),
            format!(
                "racks that respond to their inlet air need exactly one air cooling loop to set it; the site has {}",
                air_loops
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::Placement;
    use crate::curves::Curve;
    use crate::it::Utilisation;
    use crate::prelude::*;

    /// The 500 W servers of EnergyPlus's data-center examples, following their inlet air.
    fn server() -> RackProfile {
        let response = InletResponse::new(
            Fraction::new(0.4).unwrap(),
            VolumeRate::new::<cubic_meter_per_second>(0.05),
            Curve::biquadratic(
                [-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0],
                (0.0, 1.5),
                (-10.0, 99.0),
            )
            .unwrap(),
            Curve::biquadratic([-1.4, 0.9, 0.0, 0.1, 0.0, 0.0], (0.0, 1.5), (-10.0, 99.0)).unwrap(),
            Curve::polynomial(&[0.0, 1.0], (0.0, 99.0)).unwrap(),
            Utilisation::constant(Fraction::ONE),
        )
        .unwrap();
        RackProfile::new(
            "server",
            Power::new::<watt>(500.0),
            0,
            Fraction::ZERO,
            AirClass::A3,
            None,
        )
        .unwrap()
        .with_inlet_response(response)
    }

    #[test]
    fn the_site_is_checked_once_when_the_deployment_meets_it() {
        let air = |name| {
            let design = LoopDesign::preset(
                Technology::AirEconomiser,
                name,
                Power::new::<megawatt>(1.0),
                2,
            )
            .unwrap();
            CoolingLoop::new(design).unwrap()
        };
        let ambient = Ambient::from_wet_bulb(
            celsius(30.0),
            celsius(20.0),
            Pressure::new::<pascal>(101_325.0),
        )
        .unwrap();
        let grid = GridInterconnect::new(Power::new::<megawatt>(2.0)).unwrap();
        let two = Site::builder("two air loops", grid)
            .cooling_loop(air("CRAH 1"))
            .cooling_loop(air("CRAH 2"))
            .design_ambient(ambient)
            .build()
            .unwrap();
        let servers = Deployment::new(server());
        // Rejected before any rack is placed, so the planner's steps need not check again.
        for racks in [0, 100] {
            let err = Placement::new(&two, &servers, racks).unwrap_err();
            assert!(
                err.to_string()
                    .contains("need exactly one air cooling loop to set it; the site has 2"),
                "{err}"
            );
        }
        assert!(plan(&two, &servers).is_err());
        // With one air loop the same racks are placed, re-placed, and their inlet air set by it:
        // warmer than the 15 °C of their design power, they draw more than 100 × 500 W.
        let grid = GridInterconnect::new(Power::new::<megawatt>(2.0)).unwrap();
        let one = Site::builder("one air loop", grid)
            .cooling_loop(air("CRAH"))
            .design_ambient(ambient)
            .build()
            .unwrap();
        let mut placement = Placement::new(&one, &servers, 0).unwrap();
        placement.place(100);
        let op = placement.at(&ambient).unwrap();
        assert_eq!(placement.it().get::<kilowatt>(), 50.0);
        assert!(op.it.get::<kilowatt>() > 50.0, "{:?}", op.it);
    }
}
