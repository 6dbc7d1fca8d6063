//! A site: grid interconnect, substation, electrical chain, cooling loops, halls and house
//! loads — or, for early-stage planning, a lumped design PUE in place of the chain and loops.

use crate::climate::Ambient;
use crate::cooling::{
    CduLevel, CoolingLoop, HeatReuse, Medium, ReuseDesign, SupplyLimits, hottest_case_rise,
};
use crate::electrical::{ElectricalChain, GridInterconnect, Substation};
use crate::error::{Error, Result};
use crate::it::{Deployment, RackProfile, RackType};
use crate::units::*;

/// A data hall: rack positions and, optionally, a limit on the IT power it can host and a
/// limit on the power of one rack position (what its busway tap, floor and containment take).
///
/// ```
/// use dcplan::site::Hall;
/// use dcplan::units::*;
/// let hall = Hall::new("Hall A", 200, Some(Power::new::<megawatt>(20.0)))?
///     .with_position_limit(Power::new::<kilowatt>(250.0))?;
/// assert_eq!(hall.positions(), 200);
/// assert_eq!(hall.position_limit(), Some(Power::new::<kilowatt>(250.0)));
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Hall {
    name: String,
    positions: u32,
    power_limit: Option<Power>,
    position_limit: Option<Power>,
}

impl Hall {
    /// A hall with `positions` rack positions and an optional IT power limit.
    ///
    /// # Units
    ///
    /// `power_limit` is IT power at the IT equipment input, summed over the racks' design
    /// (nameplate) power — support racks included, electrical losses and cooling not.
    pub fn new(name: &str, positions: u32, power_limit: Option<Power>) -> Result<Self> {
        if let Some(p) = power_limit {
            power_positive("power_limit", p).map_err(|e| e.at(&format!("hall '{name}'")))?;
        }
        Ok(Self {
            name: name.to_owned(),
            positions,
            power_limit,
            position_limit: None,
        })
    }

    /// The same hall with a limit on the power of one rack position: a rack whose design IT
    /// power exceeds it cannot stand in this hall.
    ///
    /// # Units
    ///
    /// `limit` is IT power per rack position, compared with a rack's design (nameplate) IT
    /// power at the IT equipment input, as a hall's `power_limit` is.
    pub fn with_position_limit(mut self, limit: Power) -> Result<Self> {
        power_positive("position_limit", limit)
            .map_err(|e| e.at(&format!("hall '{}'", self.name)))?;
        self.position_limit = Some(limit);
        Ok(self)
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Rack positions.
    pub fn positions(&self) -> u32 {
        self.positions
    }
    /// IT power limit, if any (design IT power at the IT equipment input).
    pub fn power_limit(&self) -> Option<Power> {
        self.power_limit
    }
    /// Most design IT power one rack position takes, if limited.
    pub fn position_limit(&self) -> Option<Power> {
        self.position_limit
    }
    /// How much more than the hall's per-position limit `rack` draws, if it does.
    pub fn position_overshoot(&self, rack: &RackProfile) -> Option<Power> {
        self.position_limit
            .map(|limit| rack.it_power() - limit)
            .filter(|over| over.get::<watt>() > 0.0)
    }

    /// Whether every rack of `rack_type` (its own and its support racks) fits this hall's
    /// per-position limit.
    pub(crate) fn admits(&self, rack_type: &RackType) -> bool {
        std::iter::once(rack_type.profile())
            .chain(rack_type.support().iter().map(|s| s.profile()))
            .all(|r| self.position_overshoot(r).is_none())
    }
}

/// Largest `n ≤ upper` with `fits(n)`, for a monotone `fits` with `fits(0)` assumed.
pub(crate) fn largest(upper: u32, fits: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0u32, upper);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// How the facility's overhead is modelled.
#[derive(Clone, Debug, PartialEq)]
pub enum Facility {
    /// Early-stage planning: facility power = IT × design PUE (+ house loads), with IT at the
    /// IT equipment input and facility power at the utility input — PUE category 3 of
    /// ISO/IEC 30134-2:2016, read backwards. The overhead `(PUE − 1)·IT` stands for every
    /// loss and cooling load, the substation's included.
    Lumped {
        /// Design PUE.
        pue: Pue,
    },
    /// Component model: an electrical chain and cooling loops.
    Components {
        /// The electrical chain below the substation.
        electrical: ElectricalChain,
        /// Cooling loops.
        loops: Vec<CoolingLoop>,
    },
}

/// A site. Build one with [`Site::builder`]; a `Site` that exists is valid.
///
/// ```
/// use dcplan::site::Site;
/// use dcplan::electrical::GridInterconnect;
/// use dcplan::units::*;
/// let site = Site::builder("campus", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
///     .lumped_pue(Pue::new(1.15)?)
///     .build()?;
/// assert_eq!(site.usable_supply().get::<megawatt>(), 100.0);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    name: String,
    interconnect: GridInterconnect,
    substation: Option<Substation>,
    facility: Facility,
    halls: Vec<Hall>,
    house_load: Power,
    design_ambient: Option<Ambient>,
    /// Heat-reuse components with the index of the loop each sits on.
    reuse: Vec<(usize, HeatReuse)>,
}

/// Collects a site's parts; [`SiteBuilder::build`] validates them together.
#[derive(Clone, Debug)]
pub struct SiteBuilder {
    name: String,
    interconnect: GridInterconnect,
    substation: Option<Substation>,
    pue: Option<Pue>,
    electrical: Option<ElectricalChain>,
    loops: Vec<CoolingLoop>,
    halls: Vec<Hall>,
    house_load: Power,
    design_ambient: Option<Ambient>,
    reuse: Vec<ReuseDesign>,
}

impl SiteBuilder {
    /// The site substation.
    pub fn substation(mut self, substation: Substation) -> Self {
        self.substation = Some(substation);
        self
    }
    /// A lumped design PUE instead of an electrical chain and cooling loops (see
    /// [`Facility::Lumped`]).
    pub fn lumped_pue(mut self, pue: Pue) -> Self {
        self.pue = Some(pue);
        self
    }
    /// The electrical chain below the substation.
    pub fn electrical(mut self, chain: ElectricalChain) -> Self {
        self.electrical = Some(chain);
        self
    }
    /// A cooling loop.
    pub fn cooling_loop(mut self, cooling_loop: CoolingLoop) -> Self {
        self.loops.push(cooling_loop);
        self
    }
    /// A data hall.
    pub fn hall(mut self, hall: Hall) -> Self {
        self.halls.push(hall);
        self
    }
    /// Fixed house loads (lighting, offices, security, electrical-room ventilation).
    ///
    /// # Units
    ///
    /// Constant electric power, drawn every hour at the low-voltage bus beside the cooling
    /// loads: on a component site it passes the shared stages and the substation and adds their
    /// losses; on a lumped site it is added to `PUE × IT`, outside the PUE's overhead.
    pub fn house_load(mut self, load: Power) -> Self {
        self.house_load = load;
        self
    }
    /// The ambient the site is designed for (the capacity plan's operating point).
    pub fn design_ambient(mut self, ambient: Ambient) -> Self {
        self.design_ambient = Some(ambient);
        self
    }
    /// A heat-reuse component on the return of the loop it names (validated by
    /// [`SiteBuilder::build`], [`HeatReuse::new`]); at most one per loop.
    pub fn heat_reuse(mut self, reuse: ReuseDesign) -> Self {
        self.reuse.push(reuse);
        self
    }

    /// Validates the parts together.
    pub fn build(self) -> Result<Site> {
        let field = |f: &str| format!("site '{}'.{f}", self.name);
        power_non_negative(&field("house_load"), self.house_load)?;
        let facility = match (self.pue, self.electrical, self.loops.is_empty()) {
            (Some(pue), None, true) => Facility::Lumped { pue },
            (Some(_), _, _) => {
                return Err(Error::inconsistent(
                    &field("pue"),
                    "a site is modelled either by a lumped PUE or by its electrical chain and cooling loops, not both",
                ));
            }
            (None, electrical, _) => {
                if self.design_ambient.is_none() {
                    return Err(Error::missing(
                        &field("design_ambient"),
                        "a component-modelled site needs a design ambient (e.g. the climate's 0.4 % design condition)",
                    ));
                }
                Facility::Components {
                    electrical: electrical.unwrap_or_default(),
                    loops: self.loops,
                }
            }
        };
        if let Facility::Components { loops, .. } = &facility {
            unique(loops.iter().map(CoolingLoop::name), &field("cooling_loops"))?;
        }
        unique(self.halls.iter().map(Hall::name), &field("halls"))?;
        let reuse = heat_reuse(self.reuse, &facility)?;
        Ok(Site {
            name: self.name,
            interconnect: self.interconnect,
            substation: self.substation,
            facility,
            halls: self.halls,
            house_load: self.house_load,
            design_ambient: self.design_ambient,
            reuse,
        })
    }
}

/// The heat-reuse components validated on their loops, with each loop's index.
fn heat_reuse(designs: Vec<ReuseDesign>, facility: &Facility) -> Result<Vec<(usize, HeatReuse)>> {
    unique(designs.iter().map(|d| d.name.as_str()), "reuse")?;
    let loops: &[CoolingLoop] = match facility {
        Facility::Components { loops, .. } => loops,
        Facility::Lumped { .. } => &[],
    };
    let mut out: Vec<(usize, HeatReuse)> = Vec::with_capacity(designs.len());
    for d in designs {
        let field = format!("reuse.{}.loop", d.name);
        let Some(i) = loops.iter().position(|l| l.name() == d.loop_name) else {
            return Err(Error::inconsistent(
                &field,
                format!(
                    "the site has no cooling loop '{}' (a lumped-PUE site has none)",
                    d.loop_name
                ),
            ));
        };
        if let Some((_, other)) = out.iter().find(|(j, _)| *j == i) {
            return Err(Error::inconsistent(
                &field,
                format!(
                    "loop '{}' already gives its heat to '{}': one reuse component per loop",
                    d.loop_name,
                    other.name()
                ),
            ));
        }
        out.push((i, HeatReuse::new(d, &loops[i])?));
    }
    Ok(out)
}

fn unique<'a>(names: impl Iterator<Item = &'a str>, field: &str) -> Result<()> {
    let mut seen: Vec<&str> = names.collect();
    seen.sort_unstable();
    match seen.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(Error::inconsistent(
            field,
            format!("two are named '{}'", w[0]),
        )),
        None => Ok(()),
    }
}

impl Site {
    /// Starts a site on its grid interconnect.
    pub fn builder(name: &str, interconnect: GridInterconnect) -> SiteBuilder {
        SiteBuilder {
            name: name.to_owned(),
            interconnect,
            substation: None,
            pue: None,
            electrical: None,
            loops: Vec::new(),
            halls: Vec::new(),
            house_load: Power::ZERO,
            design_ambient: None,
            reuse: Vec::new(),
        }
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Grid interconnect.
    pub fn interconnect(&self) -> &GridInterconnect {
        &self.interconnect
    }
    /// Substation, if modelled.
    pub fn substation(&self) -> Option<&Substation> {
        self.substation.as_ref()
    }
    /// Facility model.
    pub fn facility(&self) -> &Facility {
        &self.facility
    }
    /// Halls.
    pub fn halls(&self) -> &[Hall] {
        &self.halls
    }
    /// House load.
    pub fn house_load(&self) -> Power {
        self.house_load
    }
    /// Design ambient, if set.
    pub fn design_ambient(&self) -> Option<&Ambient> {
        self.design_ambient.as_ref()
    }
    /// Heat-reuse components, each with the index of the loop it sits on (in
    /// [`Site::loops`]).
    pub fn heat_reuse(&self) -> &[(usize, HeatReuse)] {
        &self.reuse
    }
    /// Cooling loops (empty for a lumped site).
    pub fn loops(&self) -> &[CoolingLoop] {
        match &self.facility {
            Facility::Components { loops, .. } => loops,
            Facility::Lumped { .. } => &[],
        }
    }

    /// The same site designed for another ambient (e.g. from a different climate).
    pub fn with_design_ambient(mut self, ambient: Ambient) -> Self {
        self.design_ambient = Some(ambient);
        self
    }

    /// Usable supply: the smaller of the interconnect and the substation's firm capacity.
    ///
    /// # Units
    ///
    /// Real power. The interconnect limits facility power at the grid; the substation's firm
    /// capacity, `n_carry · S_rated · cos φ` with the redundant transformers out, limits its
    /// output (see [`crate::electrical::Substation`]).
    pub fn usable_supply(&self) -> Power {
        let grid = self.interconnect.capacity();
        match &self.substation {
            Some(s) if s.firm_capacity() < grid => s.firm_capacity(),
            _ => grid,
        }
    }

    /// Checks that every rack of `deployment` can be cooled here: liquid heat needs a liquid
    /// loop, air heat an air loop; a rack's heat to a medium must not exceed what the best loop
    /// of that medium takes per rack; each loop's supply must meet the rack's air or water class.
    /// The class is judged against the IT inlet air for air loops and the facility water for
    /// liquid loops (the ASHRAE W classes are facility-water supply temperatures).
    ///
    /// # References
    ///
    /// ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed. (2021): the
    /// allowable inlet air of classes A1–A4 and H1, the facility-water classes W17–W45 and W+
    /// ([`crate::it::AirClass`], [`crate::it::WaterClass`]).
    ///
    /// ```
    /// use dcplan::prelude::*;
    /// // A GB200 NVL72 rack on a purely air-cooled site is rejected, and the message says why.
    /// let air = CoolingLoop::new(LoopDesign::preset(Technology::AirChiller, "CRAH", Power::new::<megawatt>(50.0), 4)?)?;
    /// let site = Site::builder("mine", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    ///     .cooling_loop(air)
    ///     .design_ambient(Ambient::from_wet_bulb(celsius(35.0), celsius(24.0), Pressure::new::<pascal>(101_325.0))?)
    ///     .build()?;
    /// let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
    /// let err = site.check_deployment(&Deployment::new(rack)).unwrap_err().to_string();
    /// assert!(err.contains("no liquid cooling loop"), "{err}");
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn check_deployment(&self, deployment: &Deployment) -> Result<()> {
        for rack in deployment.profiles() {
            self.check_positions(rack)?;
        }
        let Facility::Components { loops, .. } = &self.facility else {
            return Ok(());
        };
        for (i, rack) in deployment.profiles().enumerate() {
            for medium in [Medium::Liquid, Medium::Air] {
                self.check_medium(&deployment.profile_path(i), rack, medium, loops)?;
            }
        }
        Ok(())
    }

    /// Checks that some hall takes `rack` in one of its positions: an error naming the hall
    /// whose per-position limit comes closest, and by how much the rack exceeds it, when none
    /// does.
    fn check_positions(&self, rack: &RackProfile) -> Result<()> {
        let mut closest: Option<(&Hall, Power)> = None;
        for hall in &self.halls {
            match hall.position_overshoot(rack) {
                None => return Ok(()),
                Some(over) if closest.is_none_or(|(_, least)| over < least) => {
                    closest = Some((hall, over));
                }
                Some(_) => {}
            }
        }
        match closest {
            None => Ok(()),
            Some((hall, over)) => Err(Error::inconsistent(
                &format!("halls.{}.position_limit", hall.name),
                format!(
                    "rack profile '{}' draws {:.1} kW, {:.1} kW more than hall '{}' takes per rack position ({:.1} kW), and no hall takes it",
                    rack.name(),
                    rack.it_power().get::<kilowatt>(),
                    over.get::<kilowatt>(),
                    hall.name,
                    (rack.it_power() - over).get::<kilowatt>()
                ),
            )),
        }
    }

    /// Checks that `rack` (at `path` in its deployment) can put its heat in `medium` here.
    fn check_medium(
        &self,
        path: &str,
        rack: &RackProfile,
        medium: Medium,
        loops: &[CoolingLoop],
    ) -> Result<()> {
        let heat = match medium {
            Medium::Liquid => rack.liquid_heat(),
            Medium::Air => rack.air_heat(),
        };
        if heat.get::<watt>() <= 0.0 {
            return Ok(());
        }
        let fail = |field: String, reason: String| {
            Err(Error::Uncoolable {
                rack: rack.name().to_owned(),
                site: self.name.clone(),
                field,
                reason,
            })
        };
        let loop_field = |l: &CoolingLoop, f: &str| format!("cooling_loops.{}.{f}", l.name());
        let serving: Vec<&CoolingLoop> = loops.iter().filter(|l| l.medium() == medium).collect();
        let share = match medium {
            Medium::Liquid => rack.liquid_fraction().get(),
            Medium::Air => 1.0 - rack.liquid_fraction().get(),
        };
        if serving.is_empty() {
            return fail(
                format!("{path}.liquid_fraction"),
                format!(
                    "{:.1} kW per rack ({:.0} % of its heat) goes to {medium}, but the site has no {medium} cooling loop",
                    heat.get::<kilowatt>(),
                    share * 100.0
                ),
            );
        }
        // The loop that takes the most heat per rack, if every loop has a limit.
        let per_rack_max = serving.iter().try_fold(None, |best, &l| {
            l.max_rack_heat().map(|p| match best {
                Some((_, most)) if most >= p => best,
                _ => Some((l, p)),
            })
        });
        if let Some(Some((best, max))) = per_rack_max
            && heat > max
        {
            return fail(
                loop_field(best, "max_rack_heat"),
                format!(
                    "{:.1} kW per rack goes to {medium}, {:.1} kW more than loop '{}', the site's largest per rack, removes ({:.1} kW per rack)",
                    heat.get::<kilowatt>(),
                    (heat - max).get::<kilowatt>(),
                    best.name(),
                    max.get::<kilowatt>()
                ),
            );
        }
        // Rack-level CDUs: one in each rack, so the largest unit is the most liquid heat a
        // rack may have, if every liquid loop has them.
        let rack_cdus = serving.iter().try_fold(None, |best, &l| {
            l.cdu()
                .filter(|c| c.level() == CduLevel::Rack)
                .map(|c| match best {
                    Some((_, most)) if most >= c.unit_capacity() => best,
                    _ => Some((l, c.unit_capacity())),
                })
        });
        if let Some(Some((best, max))) = rack_cdus
            && heat > max
        {
            return fail(
                loop_field(best, "cdu.unit_capacity"),
                format!(
                    "{:.1} kW per rack goes to {medium}, {:.1} kW more than the in-rack CDU of loop '{}' transfers ({:.1} kW)",
                    heat.get::<kilowatt>(),
                    (heat - max).get::<kilowatt>(),
                    best.name(),
                    max.get::<kilowatt>()
                ),
            );
        }
        let limits = rack_limits(rack, medium);
        for l in serving {
            let supply = supply_checked_against(l, medium);
            if let Some(max) = limits.max_supply
                && supply > max
            {
                let class = match medium {
                    Medium::Air => rack.air_class().to_string(),
                    Medium::Liquid => rack
                        .water_class()
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                };
                return fail(
                    loop_field(l, "supply"),
                    format!(
                        "loop '{}' supplies {:.1} °C but the rack's class {class} allows at most {:.1} °C",
                        l.name(),
                        to_celsius(supply),
                        to_celsius(max)
                    ),
                );
            }
        }
        Ok(())
    }

    /// The limits the racks of `deployment` put on the supply of loop `l`: the tightest over
    /// the profiles with heat in its medium. For liquid loops, racks with cold plates add the
    /// chip limit: case limit − the hottest case's rise above the coolant supply at the rack
    /// coolant's design rise (the CDU's TCS rise, [`CoolingLoop::rack_rise`]) ([`crate::cooling::hottest_case_rise`], a thermal network). A loop that
    /// serves racks adds its own (its set point, its coolant's freezing point).
    pub(crate) fn supply_limits(deployment: &Deployment, l: &CoolingLoop) -> Result<SupplyLimits> {
        let medium = l.medium();
        let mut limits = SupplyLimits::NONE;
        let mut serves = false;
        for rack in deployment.profiles() {
            let heat = match medium {
                Medium::Liquid => rack.liquid_heat(),
                Medium::Air => rack.air_heat(),
            };
            if heat.get::<watt>() <= 0.0 {
                continue;
            }
            serves = true;
            let mut r = rack_limits(rack, medium);
            if let (Medium::Liquid, Some(plates), Some(rack_rise)) =
                (medium, rack.cold_plates(), l.rack_rise())
            {
                let rise = hottest_case_rise(plates, rack_rise)?;
                r.max_coolant_for_chips = Some(plates.case_limit() - rise);
            }
            if medium == Medium::Liquid
                && let Some(vendor) = rack.coolant_limit()
            {
                r = r.tighter(SupplyLimits {
                    max_coolant_for_chips: Some(vendor),
                    ..SupplyLimits::NONE
                });
            }
            limits = limits.tighter(r);
        }
        Ok(if serves {
            limits.tighter(l.own_limits())
        } else {
            limits
        })
    }
}

/// The supply temperature of `l` that the rack class is judged against: the IT inlet air for
/// air loops, the facility water for liquid loops (ASHRAE W classes are facility-water
/// temperatures).
fn supply_checked_against(l: &CoolingLoop, medium: Medium) -> ThermodynamicTemperature {
    match medium {
        Medium::Air => l.it_supply(),
        Medium::Liquid => l.facility_supply(),
    }
}

fn rack_limits(rack: &RackProfile, medium: Medium) -> SupplyLimits {
    match medium {
        Medium::Air => SupplyLimits {
            max_supply: Some(rack.air_class().max_inlet()),
            max_dew_point: Some(rack.air_class().max_dew_point()),
            max_relative_humidity: Some(rack.air_class().max_relative_humidity()),
            ..SupplyLimits::NONE
        },
        Medium::Liquid => SupplyLimits {
            max_supply: rack.water_class().and_then(|c| c.max_supply()),
            ..SupplyLimits::NONE
        },
    }
}
