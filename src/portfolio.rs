//! A portfolio of sites: totals, GPUs online by date, and where the next block of GPUs should
//! go (earliest online, then lowest cost per GPU-hour).
//!
//! ```
//! use chrono::NaiveDate;
//! use dcplan::prelude::*;
//! let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let site = |name: &str, mw: f64, grid: GridAccess| -> Result<Project> {
//!     let s = Site::builder(name, GridInterconnect::new(Power::new::<megawatt>(mw))?)
//!         .lumped_pue(Pue::new(1.2)?).build()?;
//!     let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
//!     let f = AnnualFigures::from_plan(&s, &plan(&s, &d)?, &d, Fraction::new(0.8)?);
//!     // Contract the whole interconnect, energise half of it now.
//!     let schedule = Schedule::new(start, grid, LeadTimes::default(),
//!         vec![Phase::new("phase 1", Power::new::<megawatt>(mw / 2.0))])?;
//!     Project::new(name, f, BusinessModel::gpu_rental(), schedule)
//! };
//! let p = Portfolio::new(vec![
//!     site("mine", 100.0, GridAccess::Energised { since: start })?,
//!     site("greenfield", 300.0, GridAccess::new_connection())?,
//! ])?;
//! let report = p.evaluate()?;
//! assert_eq!(report.interconnect.get::<megawatt>(), 400.0);
//! // 10,000 more GPUs: the energised mine has room for them (half its MW are spare) and is first.
//! let ranking = p.rank_next_block(10_000, start)?;
//! assert_eq!(ranking[0].site, "mine");
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::economics::{AnnualFigures, Evaluation, Project};
use crate::error::{Error, Result};
use crate::money::*;
use crate::timeline::{GridAccess, Phase};
use crate::units::*;
use chrono::NaiveDate;

/// Several sites' projects. Names are unique.
#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    projects: Vec<Project>,
}

impl Portfolio {
    /// Validates a portfolio: at least one project, unique names.
    pub fn new(projects: Vec<Project>) -> Result<Self> {
        if projects.is_empty() {
            return Err(Error::missing("portfolio", "a portfolio needs a site"));
        }
        let mut names: Vec<&str> = projects.iter().map(Project::name).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::inconsistent(
                "portfolio",
                format!("two sites are named '{}'", w[0]),
            ));
        }
        Ok(Self { projects })
    }

    /// The sites' projects.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// Every site evaluated, with the totals and the GPUs online by date.
    pub fn evaluate(&self) -> Result<PortfolioReport> {
        let sites: Vec<Evaluation> = self
            .projects
            .iter()
            .map(Project::appraise)
            .collect::<Result<_>>()?;
        let mut dates: Vec<NaiveDate> = sites
            .iter()
            .flat_map(|e| e.timeline.phases.iter().map(|p| p.online))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let gpus_on = |date: NaiveDate| -> u64 {
            self.projects
                .iter()
                .zip(&sites)
                .map(|(p, e)| e.timeline.gpus_online(p.built().accelerators, date))
                .sum()
        };
        let gpus_online = dates.into_iter().map(|d| (d, gpus_on(d))).collect();
        Ok(PortfolioReport {
            interconnect: self.projects.iter().map(|p| p.figures().interconnect).sum(),
            energised: self
                .projects
                .iter()
                .map(|p| p.schedule().total_power())
                .sum(),
            it_capacity: self.projects.iter().map(|p| p.built().it_capacity).sum(),
            accelerators: self.projects.iter().map(|p| p.built().accelerators).sum(),
            capex: sites.iter().map(|e| e.capex).sum(),
            npv: sites.iter().map(|e| e.npv).sum(),
            revenue: sites.iter().map(|e| e.steady_state.revenue).sum(),
            margin: sites.iter().map(|e| e.steady_state.margin).sum(),
            gpus_online,
            sites,
        })
    }

    /// Where a block of `gpus` more GPUs, decided on `decision`, should go. At each site the
    /// block takes the MW of interconnect its own figures need per GPU (`gpus × interconnect /
    /// GPUs`, so a hotter climate or a higher PUE needs more), fits if the site's interconnect
    /// has that much not yet in a phase, and is evaluated as a one-phase project of the site (same
    /// model, costs and lead times; construction from `decision`; grid power when the site's
    /// is there; no new connection cost). Ranked: sites where it fits first, then earliest
    /// online, then lowest cost per GPU-hour.
    ///
    /// # Units
    ///
    /// The block's power is MW of grid interconnect (what the site's figures draw per GPU at the
    /// grid, all overheads included), compared with the interconnect not yet in a phase; its
    /// cost per GPU-hour is in real US dollars ([`Evaluation::cost_per_gpu_hour`]).
    pub fn rank_next_block(&self, gpus: u64, decision: NaiveDate) -> Result<Vec<Candidate>> {
        if gpus == 0 {
            return Err(Error::out_of_range(
                "gpus",
                0.0,
                "",
                "a block of at least one GPU",
            ));
        }
        let mut ranking = self
            .projects
            .iter()
            .map(|p| block_at(p, gpus, decision))
            .collect::<Result<Vec<_>>>()?;
        ranking.sort_by(|a, b| {
            let key = |c: &Candidate| {
                (
                    c.online.is_none(),
                    c.online,
                    c.cost_per_gpu_hour.map_or(f64::INFINITY, |x| x.get()),
                )
            };
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0)
                .then(ka.1.cmp(&kb.1))
                .then(ka.2.total_cmp(&kb.2))
        });
        Ok(ranking)
    }
}

fn block_at(p: &Project, gpus: u64, decision: NaiveDate) -> Result<Candidate> {
    let f = p.figures();
    let energised = p.schedule().total_power();
    let spare = f.interconnect - energised;
    let no = |power: Option<Power>| Candidate {
        site: p.name().to_owned(),
        power,
        spare,
        fits: false,
        powered: None,
        online: None,
        cost_per_gpu_hour: None,
        npv: None,
    };
    if f.accelerators == 0 {
        return Ok(no(None));
    }
    let factor = gpus as f64 / f.accelerators as f64;
    let power = f.interconnect * factor;
    if power > spare {
        return Ok(no(Some(power)));
    }
    let grid_ready = p.schedule().grid().ready(p.schedule().start())?;
    let schedule = p
        .schedule()
        .clone()
        .with_start(decision)?
        .with_grid(GridAccess::Energised { since: grid_ready })?
        .with_phases(vec![Phase::new("next block", power)])?;
    // The site's figures describe its whole interconnect; the block takes its share.
    let scaled = AnnualFigures {
        accelerators: gpus,
        ..f.scaled(factor)
    };
    let block = Project::new(
        &format!("{} next block", p.name()),
        scaled,
        p.model().clone(),
        schedule,
    )?
    .with_capex(*p.capex())?
    .with_opex(p.opex().clone())?
    .with_financing(*p.financing())?
    .with_discounting(*p.discounting())?;
    let e = block.appraise()?;
    let phase = &e.timeline.phases[0];
    Ok(Candidate {
        site: p.name().to_owned(),
        power: Some(power),
        spare,
        fits: true,
        powered: Some(phase.powered),
        online: Some(phase.online),
        cost_per_gpu_hour: e.cost_per_gpu_hour,
        npv: Some(e.npv),
    })
}

/// A site for the next block of GPUs.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Site (project) name.
    pub site: String,
    /// Grid power the block needs there, MW of interconnect (`None` at a site without GPUs).
    pub power: Option<Power>,
    /// Interconnect capacity not yet in a phase.
    pub spare: Power,
    /// Whether the block fits in the spare capacity.
    pub fits: bool,
    /// Date the block is energised, if it fits.
    pub powered: Option<NaiveDate>,
    /// Date its GPUs are online, if it fits.
    pub online: Option<NaiveDate>,
    /// The block's cost per GPU-hour there (see [`Evaluation::cost_per_gpu_hour`]).
    pub cost_per_gpu_hour: Option<UsdPerGpuHour>,
    /// The block's NPV there.
    pub npv: Option<Money>,
}

/// A portfolio evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioReport {
    /// Each site, in the portfolio's order.
    pub sites: Vec<Evaluation>,
    /// Total grid interconnect.
    pub interconnect: Power,
    /// Total grid power in phases.
    pub energised: Power,
    /// Total IT capacity the phases build ([`Project::built`]), at the IT equipment input.
    pub it_capacity: Power,
    /// Total GPUs the phases build.
    pub accelerators: u64,
    /// Total capex within the horizons.
    pub capex: Money,
    /// Sum of the sites' NPVs, each at its own discount rate and start date.
    pub npv: Money,
    /// Steady-state revenue of all sites, per year.
    pub revenue: MoneyRate,
    /// Steady-state margin of all sites, per year.
    pub margin: MoneyRate,
    /// GPUs online across the portfolio from each date on which a phase comes online.
    pub gpus_online: Vec<(NaiveDate, u64)>,
}

impl PortfolioReport {
    /// GPUs online on `date`.
    pub fn gpus_online_on(&self, date: NaiveDate) -> u64 {
        self.gpus_online
            .iter()
            .take_while(|(d, _)| *d <= date)
            .last()
            .map_or(0, |&(_, n)| n)
    }
}
