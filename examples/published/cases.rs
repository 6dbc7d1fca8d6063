//! The published cases of issue 18, computed from their site files in
//! `examples/sites/published/`: each figure a 2024–26 project published, what dcplan makes of
//! it, and the tolerance it is held to with the reason. Every published figure's source and
//! every assumption dcplan adds are in the header of the case's site file.
//!
//! Shared by `examples/published_cases.rs` (prints the cases and the table of
//! `docs/validation.md`) and `tests/published_cases.rs` (holds every row to its tolerance).

// Each of its two users (the example and the test) needs part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use dcplan::capacity::Plan;
use dcplan::prelude::*;
use dcplan::simulate::{AnnualResult, annual};
use dcplan::sitefile::{Scenario, SiteFile, SiteSpec, set_path};
use serde_json::{Value, json};
use std::fmt;
use std::sync::Arc;

/// Where the case files are.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sites/published");

// ---------------------------------------------------------------------------------------------
// Rows: a published figure against dcplan's.

/// How a row's dcplan value is held against the published figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// Within `below` and `above` (shares) of `target`: error `= value / target − 1`.
    Relative { target: f64, below: f64, above: f64 },
    /// Within `within` of `target`, in the row's unit (e.g. percentage points).
    Absolute { target: f64, within: f64 },
    /// At most the published bound.
    AtMost(f64),
    /// At least the published bound.
    AtLeast(f64),
    /// A reading the published figure rules out: outside `below` / `above` of `target`.
    RuledOut { target: f64, below: f64, above: f64 },
    /// No published figure to hold: computed to explain (the tests hold these values to
    /// the arithmetic they come from).
    Shown,
}

impl Check {
    fn relative(target: f64, below: f64, above: f64, value: f64) -> bool {
        let e = value / target - 1.0;
        e >= -below - 1e-12 && e <= above + 1e-12
    }

    /// Whether `value` passes.
    pub fn holds(&self, value: f64) -> bool {
        match *self {
            Check::Relative {
                target,
                below,
                above,
            } => Self::relative(target, below, above, value),
            Check::Absolute { target, within } => (value - target).abs() <= within + 1e-12,
            Check::AtMost(bound) => value <= bound,
            Check::AtLeast(bound) => value >= bound,
            Check::RuledOut {
                target,
                below,
                above,
            } => !Self::relative(target, below, above, value),
            Check::Shown => true,
        }
    }

    /// The difference from the published figure, as the table shows it.
    pub fn error(&self, value: f64, unit: &str) -> String {
        let pct = |t: f64| format!("{:+.1} %", (value / t - 1.0) * 100.0);
        match *self {
            Check::Relative { target, .. } | Check::RuledOut { target, .. } => pct(target),
            Check::AtMost(b) | Check::AtLeast(b) => format!("{} of the bound", pct(b)),
            Check::Absolute { target, .. } => format!("{:+.1} {unit}", value - target),
            Check::Shown => "—".into(),
        }
    }

    /// The tolerance, as the table shows it.
    pub fn tolerance(&self, unit: &str) -> String {
        let pct = |x: f64| format!("{:.0} %", x * 100.0);
        match *self {
            Check::Relative { below, above, .. } if below == above => format!("±{}", pct(below)),
            Check::Relative { below, above, .. } => format!("−{} / +{}", pct(below), pct(above)),
            Check::Absolute { within, .. } => format!("±{within} {unit}"),
            Check::AtMost(_) => "≤ published".into(),
            Check::AtLeast(_) => "≥ published".into(),
            Check::RuledOut { below, above, .. } => {
                format!("ruled out (outside −{} / +{})", pct(below), pct(above))
            }
            Check::Shown => "shown, not held".into(),
        }
    }
}

/// One figure: as published, as dcplan computes it, and how it is held.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What the figure is.
    pub figure: String,
    /// As published (or "—").
    pub published: String,
    /// dcplan's value, in `unit`.
    pub value: f64,
    /// dcplan's value as shown.
    pub dcplan: String,
    /// Unit of `value` (for an absolute tolerance).
    pub unit: &'static str,
    /// How it is held.
    pub check: Check,
    /// Why that tolerance (or why not held).
    pub reason: String,
}

impl Row {
    /// Whether the row passes its check.
    pub fn holds(&self) -> bool {
        self.value.is_finite() && self.check.holds(self.value)
    }
}

impl fmt::Display for Row {
    /// The row of the markdown table in `docs/validation.md` (without the case column).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} | {} | {} | {} | {} | {}",
            self.figure,
            self.published,
            self.dcplan,
            self.check.error(self.value, self.unit),
            self.check.tolerance(self.unit),
            self.reason
        )
    }
}

fn row(figure: &str, published: &str, value: f64, dcplan: String, check: Check) -> Row {
    Row {
        figure: figure.into(),
        published: published.into(),
        value,
        dcplan,
        unit: "",
        check,
        reason: String::new(),
    }
}

impl Row {
    fn because(mut self, reason: &str) -> Self {
        self.reason = reason.into();
        self
    }
    fn in_unit(mut self, unit: &'static str) -> Self {
        self.unit = unit;
        self
    }
}

/// `n` with thousands separators.
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 { format!("−{out}") } else { out }
}

// ---------------------------------------------------------------------------------------------
// Site files and their variants.

/// A case's site file, to read as written or with fields changed.
pub struct CaseFile {
    file: SiteFile,
    doc: Value,
}

impl CaseFile {
    /// Reads `examples/sites/published/NAME`.
    pub fn read(name: &str) -> Result<Self> {
        let file = SiteFile::read(format!("{DIR}/{name}"))?;
        let doc = file.document()?;
        Ok(Self { file, doc })
    }

    /// The scenario as written.
    pub fn scenario(&self) -> Result<Scenario> {
        self.file.scenario()
    }

    /// The file's `[flexibility]` for `deployment`.
    pub fn flexibility(&self, deployment: &Deployment) -> Result<dcplan::flexibility::Flexibility> {
        self.file.flexibility(deployment)
    }

    /// The scenario with `set` fields set (dotted paths, as `dcplan sweep --vary`) and
    /// `remove` fields removed.
    pub fn variant(&self, set: &[(&str, Value)], remove: &[&str]) -> Result<Scenario> {
        let mut doc = self.doc.clone();
        for (path, value) in set {
            set_path(&mut doc, path, value.clone())?;
        }
        for path in remove {
            let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
            let table = parent
                .split('.')
                .filter(|p| !p.is_empty())
                .try_fold(&mut doc, |d, p| d.get_mut(p))
                .and_then(Value::as_object_mut);
            if table.and_then(|t| t.remove(key)).is_none() {
                return Err(inconsistent(path, "no such field to remove"));
            }
        }
        let spec = SiteSpec::from_value(doc)?;
        let climate = spec.load_climate(self.file.dir())?.map(Arc::new);
        spec.build(climate)
    }
}

/// A scenario planned, its year simulated when it has weather, its business case appraised
/// when it has `[finance]`.
pub struct Run {
    pub plan: Plan,
    pub year: Option<AnnualResult>,
    pub project: Option<Project>,
}

impl Run {
    /// Plans `scenario`; simulates and appraises it if `full`.
    pub fn new(scenario: Scenario, full: bool) -> Result<Self> {
        let plan = plan(&scenario.site, &scenario.deployment)?;
        let year = match (&scenario.climate, full) {
            (Some(c), true) => Some(annual(
                &scenario.site,
                &scenario.deployment,
                plan.primary_racks,
                c,
            )?),
            _ => None,
        };
        let project = match (&scenario.finance, full) {
            (Some(spec), true) => {
                let figures =
                    spec.figures(&scenario.site, &plan, &scenario.deployment, year.as_ref())?;
                Some(spec.project(scenario.site.name(), figures)?)
            }
            _ => None,
        };
        Ok(Self {
            plan,
            year,
            project,
        })
    }

    /// IT power at the design hour, MW.
    pub fn it_mw(&self) -> f64 {
        self.plan.operating_point.it.get::<megawatt>()
    }

    /// Facility power at the design hour, MW.
    pub fn facility_mw(&self) -> f64 {
        self.plan.operating_point.facility.get::<megawatt>()
    }

    /// Design-hour PUE.
    pub fn design_pue(&self) -> Result<f64> {
        Ok(self.plan.operating_point.pue(ItMeasurement::ItInput)?.get())
    }

    /// Annual PUE of the simulated year.
    pub fn annual_pue(&self) -> Result<f64> {
        let year = self
            .year
            .as_ref()
            .ok_or_else(|| inconsistent("year", "the case was not simulated (no weather)"))?;
        Ok(year.pue(ItMeasurement::ItInput)?.get())
    }

    /// The business case.
    pub fn appraise(&self) -> Result<Evaluation> {
        self.project
            .as_ref()
            .ok_or_else(|| inconsistent("finance", "the case has no business case"))?
            .appraise()
    }
}

/// An error about `field` of a case.
fn inconsistent(field: &str, reason: &str) -> Error {
    Error::Inconsistent {
        field: field.into(),
        reason: reason.into(),
    }
}

/// A site of `mw` of interconnect at a lumped `pue`.
fn lumped(name: &str, mw: f64, pue: f64) -> Result<Site> {
    Site::builder(name, GridInterconnect::new(Power::new::<megawatt>(mw))?)
        .lumped_pue(Pue::new(pue)?)
        .build()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// A bitcoin mine on `mw` of interconnect: Antminer S21s, 8 per rack, at lumped PUE 1.05
/// \[U\] on an energised connection, the shell's build sunk, hashprice `hashprice` (USD per
/// PH/s per day, by year); a new fleet bought at dcplan's default miner price and in service
/// 12 weeks after `start`, or the existing one (sunk too) from `start`.
fn mine(
    name: &str,
    mw: f64,
    hashprice: &[f64],
    start: NaiveDate,
    new_fleet: bool,
) -> Result<Project> {
    let site = lumped(name, mw, 1.05)?;
    let miners = Deployment::new(RackProfile::from_system(catalog::find("Antminer S21")?, 8)?);
    let figures =
        AnnualFigures::from_plan(&site, &plan(&site, &miners)?, &miners, Fraction::new(0.95)?);
    let schedule = Schedule::new(
        start,
        GridAccess::Energised { since: start },
        LeadTimes {
            construction: Time::ZERO,
            transformers: None,
            equipment: weeks(if new_fleet { 12.0 } else { 0.0 }),
            ..LeadTimes::default()
        },
        vec![Phase::new("fleet", Power::new::<megawatt>(mw))],
    )?;
    let model = BusinessModel::BitcoinMining {
        hashprice: PricePath::Yearly(hashprice.iter().map(|&h| UsdPerPhsDay::new(h)).collect()),
        uptime: Fraction::new(0.95)?,
    };
    Project::new(name, figures, model, schedule)?.with_capex(Capex {
        build: BuildCost::per_mw_of_it(UsdPerMw::ZERO),
        equipment: new_fleet.then(Equipment::miners),
    })
}

// ---------------------------------------------------------------------------------------------
// Shanghai Lingang underwater data centre.

/// The underwater module against the same racks on land in the same (proxy) climate.
pub struct Lingang {
    pub udc: Run,
    pub land: Run,
    pub land_economiser: Run,
}

impl Lingang {
    pub const FILES: [&str; 2] = ["lingang-udc.toml", "lingang-land.toml"];

    pub fn compute() -> Result<Self> {
        let land = CaseFile::read("lingang-land.toml")?;
        Ok(Self {
            udc: Run::new(CaseFile::read("lingang-udc.toml")?.scenario()?, true)?,
            land: Run::new(land.scenario()?, true)?,
            land_economiser: Run::new(
                land.variant(&[("cooling.CRAH.technology", json!("air_economiser"))], &[])?,
                true,
            )?,
        })
    }

    /// Power saved by the module against a land site, at equal IT energy: `1 − PUE/PUE_land`
    /// of the simulated years, in %.
    pub fn saving(&self, land: &Run) -> Result<f64> {
        Ok((1.0 - self.udc.annual_pue()? / land.annual_pue()?) * 100.0)
    }

    /// Cooling's share of the module's facility energy over the year, in %.
    pub fn cooling_share(run: &Run) -> Result<f64> {
        let e = &run
            .year
            .as_ref()
            .ok_or_else(|| inconsistent("year", "not simulated"))?
            .energy;
        Ok((e.cooling / e.facility).get::<ratio>() * 100.0)
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let design = self.udc.design_pue()?;
        let year = self.udc.annual_pue()?;
        let saving = self.saving(&self.land)?;
        let saving_economiser = self.saving(&self.land_economiser)?;
        let cooling = Self::cooling_share(&self.udc)?;
        Ok(vec![
            row(
                "design PUE (design hour: warmest sea, 25.7 °C)",
                "≤ 1.15",
                design,
                format!("{design:.3}"),
                Check::AtMost(1.15),
            )
            .because("published as an upper bound (\"no more than 1.15\")"),
            row(
                "annual PUE",
                "≤ 1.15",
                year,
                format!("{year:.3}"),
                Check::AtMost(1.15),
            )
            .because("the passive loop's power hardly changes over the year"),
            row(
                "cooling's share of the energy",
                "< 10 %",
                cooling,
                format!("{cooling:.1} %"),
                Check::AtMost(10.0),
            )
            .because("published as a bound (HiCloud's general manager)"),
            row(
                "power saved against the same racks on land, same climate (CRAH + air-cooled chillers)",
                "22.8 %",
                saving,
                format!("{saving:.1} % (land PUE {:.3})", self.land.annual_pue()?),
                Check::Absolute {
                    target: 22.8,
                    within: 10.0,
                },
            )
            .in_unit("pp")
            .because(
                "the land data centre behind 22.8 % is not described; 22.8 % at dcplan's module PUE needs a land PUE of 1.44, a plant that spends more on cooling than dcplan's chillers do (the source's land data centres spend \"three to four yuan in ten\" on cooling, dcplan's 18 %)",
            ),
            row(
                "… on land with free-cooling coils (air_economiser)",
                "22.8 %",
                saving_economiser,
                format!(
                    "{saving_economiser:.1} % (land PUE {:.3})",
                    self.land_economiser.annual_pue()?
                ),
                Check::Shown,
            )
            .because("a better land plant narrows the gap; Tampa's mild winter is a poor proxy for free cooling in Shanghai"),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// Firmus, Batam.

/// The Batam campus planned as the file says, and with GB200 NVL72 racks instead.
pub struct Batam {
    pub gb300: Run,
    pub gb200: Run,
}

impl Batam {
    pub const FILE: &str = "firmus-batam.toml";
    pub const PUBLISHED_GPUS: f64 = 170_000.0;

    pub fn compute() -> Result<Self> {
        let file = CaseFile::read(Self::FILE)?;
        Ok(Self {
            gb300: Run::new(file.scenario()?, false)?,
            gb200: Run::new(
                file.variant(&[("deployment.system", json!("GB200 NVL72"))], &[])?,
                false,
            )?,
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let gpus = |r: &Run| r.plan.accelerators as f64;
        Ok(vec![
            row(
                "GPUs behind 360 MW (GB300 NVL72, 135 kW)",
                "up to ~170,000",
                gpus(&self.gb300),
                format!(
                    "{} (PUE {:.3}; binding: {})",
                    thousands(gpus(&self.gb300)),
                    self.gb300.design_pue()?,
                    self.gb300.plan.binding.kind
                ),
                Check::Relative {
                    target: Self::PUBLISHED_GPUS,
                    below: 0.10,
                    above: 0.10,
                },
            )
            .because(
                "rack type and PUE are not published: ±10 % spans 135 kW racks at PUE 1.03–1.25, or racks of 120 kW (GB200 NVL72) to 142 kW at the model's PUE; the count comes out of the interconnect, not a hall count",
            ),
            row(
                "… with GB200 NVL72 (120 kW) racks",
                "up to ~170,000",
                gpus(&self.gb200),
                format!(
                    "{} ({:+.1} %)",
                    thousands(gpus(&self.gb200)),
                    (gpus(&self.gb200) / Self::PUBLISHED_GPUS - 1.0) * 100.0
                ),
                Check::Shown,
            )
            .because("the lighter rack of the Grace Blackwell mix"),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// Sharon AI.

/// The three readings of "72 MW".
pub struct Sharon {
    pub interconnect: Run,
    pub critical_it: Run,
    pub low_rack_power: Run,
    /// The rack power at which 72 MW of IT holds 40,000 GPUs, kW.
    pub break_even_kw: f64,
    /// Plans at 0.1 kW below and above the break-even.
    pub below_break_even: Run,
    pub above_break_even: Run,
}

impl Sharon {
    pub const FILE: &str = "sharon-ai.toml";
    pub const PUBLISHED_GPUS: f64 = 40_000.0;

    pub fn compute() -> Result<Self> {
        let file = CaseFile::read(Self::FILE)?;
        let at_rack_power = |kw: f64| -> Result<Run> {
            Run::new(
                file.variant(&[("deployment.it_power", json!(format!("{kw} kW")))], &[])?,
                false,
            )
        };
        // 72 MW of IT holds ⌈40,000 / 72⌉ = 556 racks at up to 72 MW / 556.
        let racks = (Self::PUBLISHED_GPUS / 72.0).ceil();
        let break_even_kw = 72_000.0 / racks;
        Ok(Self {
            interconnect: Run::new(
                file.variant(
                    &[("interconnect.capacity", json!("72 MW"))],
                    &["halls.Factory.power_limit"],
                )?,
                false,
            )?,
            critical_it: Run::new(file.scenario()?, false)?,
            low_rack_power: at_rack_power(120.0)?,
            break_even_kw,
            below_break_even: at_rack_power((break_even_kw * 10.0).floor() / 10.0)?,
            above_break_even: at_rack_power((break_even_kw * 10.0).ceil() / 10.0)?,
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let gpus = |r: &Run| r.plan.accelerators as f64;
        let shown = |r: &Run| format!("{} ({})", thousands(gpus(r)), r.plan.binding.kind);
        let up_to = Check::Relative {
            target: Self::PUBLISHED_GPUS,
            below: 0.05,
            above: 0.0,
        };
        Ok(vec![
            row(
                "72 MW = grid interconnect (PUE 1.15, 135 kW racks)",
                "up to ~40,000",
                gpus(&self.interconnect),
                shown(&self.interconnect),
                Check::RuledOut {
                    target: Self::PUBLISHED_GPUS,
                    below: 0.05,
                    above: 0.0,
                },
            )
            .because("40,000 would need 86 MW of interconnect at PUE 1.15: not this reading"),
            row(
                "72 MW = critical IT (135 kW racks)",
                "up to ~40,000",
                gpus(&self.critical_it),
                shown(&self.critical_it),
                up_to,
            )
            .because("\"up to\": dcplan may not exceed it; −5 % for ~38,400 rounded up to a headline 40,000"),
            row(
                "72 MW = critical IT at 120 kW per rack (the catalog source's low end)",
                "up to ~40,000",
                gpus(&self.low_rack_power),
                shown(&self.low_rack_power),
                Check::AtLeast(Self::PUBLISHED_GPUS),
            )
            .because(&format!(
                "the reading that makes 40,000 true: racks of at most 72 MW / 556 = {:.2} kW ({} GPUs at {:.1} kW, {} at {:.1} kW)",
                self.break_even_kw,
                thousands(gpus(&self.below_break_even)),
                (self.break_even_kw * 10.0).floor() / 10.0,
                thousands(gpus(&self.above_break_even)),
                (self.break_even_kw * 10.0).ceil() / 10.0,
            )),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// Core Scientific for CoreWeave.

/// The converted Denton site: the 200 MW contract, what the interconnect carries before and
/// after the 2024 amendment, the colocation case and its schedule.
pub struct CoreScientific {
    /// As the file says: 200 MW of IT leased behind 394 MW.
    pub contract: Run,
    pub evaluation: Evaluation,
    /// 394 MW without the leased halls' limits (power and positions).
    pub denton: Run,
    /// The mine's original 297 MW, without the halls' limits.
    pub mine: Run,
}

impl CoreScientific {
    pub const FILE: &str = "core-scientific-denton.toml";
    /// $3.5 B over 12 years.
    pub const CONTRACT_MUSD: f64 = 3_500.0;
    pub const TERM_YEARS: f64 = 12.0;

    pub fn compute() -> Result<Self> {
        let file = CaseFile::read(Self::FILE)?;
        let contract = Run::new(file.scenario()?, true)?;
        let evaluation = contract.appraise()?;
        let unleased = |mw: &str| -> Result<Run> {
            Run::new(
                file.variant(
                    &[
                        ("interconnect.capacity", json!(mw)),
                        ("halls.CoreWeave.positions", json!(1_000)),
                    ],
                    &["halls.CoreWeave.power_limit"],
                )?,
                false,
            )
        };
        Ok(Self {
            contract,
            evaluation,
            denton: unleased("394 MW")?,
            mine: unleased("297 MW")?,
        })
    }

    /// Rent over the contract's term at full occupancy (energy passed through excluded), $M.
    pub fn contract_rent_musd(&self) -> f64 {
        let full = self
            .evaluation
            .years
            .iter()
            .find(|y| y.online_share >= 1.0)
            .map_or(0.0, |y| y.revenue.millions());
        full * Self::TERM_YEARS
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let rent = self.contract_rent_musd();
        let online = self.evaluation.timeline.first_online();
        let (from, to) = (date(2025, 4, 1), date(2025, 7, 31));
        Ok(vec![
            row(
                "rent of the 200 MW contract over 12 years ($M)",
                "~3,500",
                rent,
                format!(
                    "{} ({:.1} MW leased × 121.5 USD/kW-month)",
                    thousands(rent),
                    self.contract.it_mw()
                ),
                Check::Relative {
                    target: Self::CONTRACT_MUSD,
                    below: 0.02,
                    above: 0.02,
                },
            )
            .because("an identity of the derived rent: guards the units, the occupancy and the rack rounding of the leased IT"),
            row(
                "critical IT behind Denton's 394 MW (MW)",
                "~260 (Denton's share)",
                self.denton.it_mw(),
                format!(
                    "{:.1} (facility/IT {:.3}; binding: {})",
                    self.denton.it_mw(),
                    self.denton.design_pue()?,
                    self.denton.plan.binding.kind
                ),
                Check::AtLeast(260.0),
            )
            .because("one-sided: the proxy climate (Phoenix, 42.8 °C) is hotter than Denton's; 394/260 = 1.52 leaves room for loads dcplan does not model (offices, generators' auxiliaries)"),
            row(
                "critical IT behind the mine's original 297 MW (MW)",
                "≥ 200 (the contract)",
                self.mine.it_mw(),
                format!("{:.1}", self.mine.it_mw()),
                Check::AtLeast(200.0),
            )
            .because("the mine's own interconnect already carries the first contract"),
            row(
                "first GPUs online (days after 1 Apr 2025)",
                "Apr–Jul 2025",
                (online - from).num_days() as f64,
                format!("{online}"),
                Check::Absolute {
                    target: ((to - from).num_days() / 2) as f64,
                    within: ((to - from).num_days() / 2) as f64,
                },
            )
            .in_unit("days")
            .because("the city's expectation in Aug 2024 (the halls were later delayed by weather and a contractor); dcplan: the contract date + 12 months (the company's own conversion time) + 4 weeks commissioning"),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// IREN, the plain portfolio.

/// IREN's sites as a plain portfolio: no hybrid halls, no ASICs shed first (issues 13, 14).
pub struct Iren {
    /// Childress Horizon 1–4 as the file says.
    pub childress: Run,
    /// Prince George's 47 MW of air-cooled B200 capacity.
    pub prince_george_gpus: u64,
    pub portfolio: Portfolio,
    pub report: dcplan::portfolio::PortfolioReport,
    /// Where the next block of GPUs goes, best first.
    pub next_block: Vec<dcplan::portfolio::Candidate>,
}

impl Iren {
    pub const FILE: &str = "iren-childress.toml";
    /// The next block: 20,000 GB300 GPUs, decided on 1 Jul 2026.
    pub const NEXT_BLOCK: u64 = 20_000;

    pub fn compute() -> Result<Self> {
        let file = CaseFile::read(Self::FILE)?;
        let childress = Run::new(file.scenario()?, true)?;
        let decision = date(2026, 7, 1);
        // The Horizon halls take their facility power at the design hour; the ASICs the rest.
        let ai_mw = childress.facility_mw();
        let mut horizon = childress
            .project
            .clone()
            .ok_or_else(|| inconsistent("finance", "Childress has no business case"))?;
        let mut figures = horizon.figures().clone();
        figures.interconnect = Power::new::<megawatt>(ai_mw);
        horizon = Project::new(
            "Childress Horizon 1-4 (GPUs)",
            figures,
            horizon.model().clone(),
            horizon.schedule().clone().with_phases(vec![Phase::new(
                "Horizon 1-4",
                Power::new::<megawatt>(ai_mw),
            )])?,
        )?
        .with_capex(*horizon.capex())?
        .with_opex(horizon.opex().clone())?
        .with_financing(*horizon.financing())?
        .with_discounting(*horizon.discounting())?;
        let hashprice = [43.33];
        // Sweetwater [U]: Childress's halls and plant scaled to the interconnect (UPS 80 %,
        // liquid loop 70 %, CRAH 13 % of it; 50 MW halls without their IT limits), energised
        // on its own date, with a first phase built and the rest spare; its GPUs rented on
        // Microsoft's terms.
        let sweetwater = |name: &str, mw: f64, since: NaiveDate, first: f64| -> Result<Project> {
            let run = Run::new(
                file.variant(
                    &[
                        ("name", json!(name)),
                        ("interconnect.capacity", json!(format!("{mw} MW"))),
                        (
                            "electrical.reference.it_capacity",
                            json!(format!("{} MW", mw * 0.8)),
                        ),
                        ("cooling.DLC.capacity", json!(format!("{} MW", mw * 0.7))),
                        ("cooling.DLC.units", json!((mw / 10.0).round() as u32)),
                        ("cooling.CRAH.capacity", json!(format!("{} MW", mw * 0.13))),
                        ("cooling.CRAH.units", json!((mw / 25.0).round() as u32)),
                        ("halls.Horizon.count", json!((mw / 50.0).round() as u32)),
                        ("finance.start", json!(decision.to_string())),
                    ],
                    &["halls.Horizon.power_limit"],
                )?,
                true,
            )?;
            let project = run
                .project
                .ok_or_else(|| inconsistent("finance", "no business case"))?;
            let schedule = project
                .schedule()
                .clone()
                .with_grid(GridAccess::Energised { since })?
                .with_phases(vec![Phase::new("phase 1", Power::new::<megawatt>(first))])?;
            project.with_schedule(schedule)
        };
        let prince_george = {
            // Air-cooled B200 servers at the aggregator's PUE 1.1; the 47 MW block planned
            // on its own for the published count, and as the first phase of the 50 MW site.
            let site = lumped("Prince George (GPUs)", 50.0, 1.1)?;
            let b200 = Deployment::new(RackProfile::from_system(catalog::find("DGX B200")?, 2)?);
            let gpus_47 = plan(&lumped("47 MW", 47.0, 1.1)?, &b200)?.accelerators;
            let figures =
                AnnualFigures::from_plan(&site, &plan(&site, &b200)?, &b200, Fraction::new(0.8)?);
            let schedule = Schedule::new(
                decision,
                GridAccess::Energised { since: decision },
                LeadTimes {
                    construction: months(6.0),
                    transformers: None,
                    ..LeadTimes::default()
                },
                vec![Phase::new("47 MW", Power::new::<megawatt>(47.0))],
            )?;
            (
                Project::new(
                    "Prince George (GPUs)",
                    figures,
                    BusinessModel::gpu_rental(),
                    schedule,
                )?,
                gpus_47,
            )
        };
        let projects = vec![
            prince_george.0,
            mine("Mackenzie (ASICs)", 80.0, &hashprice, decision, false)?,
            mine("Canal Flats (ASICs)", 30.0, &hashprice, decision, false)?,
            horizon,
            mine(
                "Childress (ASICs)",
                750.0 - ai_mw,
                &hashprice,
                decision,
                false,
            )?,
            sweetwater("Sweetwater 1", 1_400.0, date(2026, 5, 1), 200.0)?,
            sweetwater("Sweetwater 2", 600.0, date(2027, 10, 1), 100.0)?,
        ];
        let portfolio = Portfolio::new(projects)?;
        let report = portfolio.evaluate()?;
        let next_block = portfolio.rank_next_block(Self::NEXT_BLOCK, decision)?;
        Ok(Self {
            childress,
            prince_george_gpus: prince_george.1,
            portfolio,
            report,
            next_block,
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let total = self.report.interconnect.get::<megawatt>();
        let horizon = self.childress.facility_mw();
        let first = best(&self.next_block)?;
        Ok(vec![
            row(
                "portfolio interconnect (MW)",
                "2,910",
                total,
                format!("{total:.0} in {} projects", self.portfolio.projects().len()),
                Check::Absolute {
                    target: 2_910.0,
                    within: 1e-6,
                },
            )
            .in_unit("MW")
            .because("the sum of IREN's own site figures (BC 160, Childress 750, Sweetwater 2,000), the Childress split included"),
            row(
                "Childress MW the 200 MW of GB300 IT takes (MW)",
                "≤ 300 (750 − ~450 mining)",
                horizon,
                format!(
                    "{horizon:.1} (PUE {:.3}); {:.1} left to ASICs",
                    self.childress.design_pue()?,
                    750.0 - horizon
                ),
                Check::AtMost(300.0),
            )
            .because("one-sided: the GPU halls must fit in what the ASICs leave; Phoenix, the proxy, is hotter than Childress"),
            row(
                "B200 GPUs on Prince George's 47 MW (DGX B200, PUE 1.1)",
                "> 20,000",
                self.prince_george_gpus as f64,
                thousands(self.prince_george_gpus as f64),
                Check::AtLeast(20_000.0),
            )
            .because("one-sided (\"supports > 20,000\"); PUE 1.1 is an aggregator's figure for Prince George"),
            row(
                "where the next 20,000 GPUs go",
                "— (IREN: Sweetwater is the flagship)",
                0.0,
                format!(
                    "{}, online {}",
                    first.site,
                    first.online.map_or("—".into(), |d| d.to_string())
                ),
                Check::Shown,
            )
            .because("plain portfolio: Childress has no spare MW while its ASICs hold them; with the ASICs shed first the block fits there too (the hybrid rows below)"),
        ])
    }
}

/// The first of a portfolio's ranking of the next block.
fn best(ranking: &[dcplan::portfolio::Candidate]) -> Result<&dcplan::portfolio::Candidate> {
    ranking
        .first()
        .ok_or_else(|| inconsistent("portfolio", "no candidate"))
}

/// Prints the first three sites of a ranking of the next block (decided on 1 Jul 2026).
pub fn print_next_block(ranking: &[dcplan::portfolio::Candidate]) {
    println!(
        "  Next {} GPUs (decided 2026-07-01), best first:",
        Iren::NEXT_BLOCK
    );
    for c in ranking.iter().take(3) {
        println!(
            "    {:<32} spare {:>7.1} MW, {}",
            c.site,
            c.spare.get::<megawatt>(),
            c.online
                .map_or("no room".to_owned(), |d| format!("online {d}"))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// IREN, Childress as a hybrid site: the ASICs shed first so the GPUs stay firm.

/// Childress with its ASICs and GPUs behind the same 750 MW, the ASICs shed first; and the
/// plain portfolio with Childress's GPU share grown to what the ASICs make way for.
pub struct IrenHybrid {
    /// The design-hour plan: the ASICs firm, the GPUs in what they leave (Horizon 1–4).
    pub design: Plan,
    /// The year plan: the GPUs firm (no curtailment), the ASICs shed first.
    pub year_plan: dcplan::flexibility::YearPlan,
    /// The year at the design-hour plan's GPUs.
    pub today: dcplan::flexibility::YearOperation,
    /// The year with the next block's racks added.
    pub next: dcplan::flexibility::YearOperation,
    /// GPUs per rack.
    pub gpus_per_rack: u64,
    /// The plain portfolio's ranking with Childress hybrid, best first.
    pub next_block: Vec<dcplan::portfolio::Candidate>,
}

impl IrenHybrid {
    pub const FILE: &str = "iren-childress-hybrid.toml";
    /// The next block's racks: 20,000 GB300 GPUs, 72 a rack, rounded up.
    pub const NEXT_RACKS: u32 = Iren::NEXT_BLOCK.div_ceil(72) as u32;

    pub fn compute(plain: &Iren) -> Result<Self> {
        let file = CaseFile::read(Self::FILE)?;
        let s = file.scenario()?;
        let climate = s.weather()?;
        let flex = file.flexibility(&s.deployment)?;
        let design = plan(&s.site, &s.deployment)?;
        let year_plan = dcplan::flexibility::plan_year(&s.site, &s.deployment, climate, &flex)?;
        let year = |racks: u32| {
            dcplan::flexibility::dispatch_year(
                &s.site,
                &s.deployment,
                racks,
                climate,
                &flex,
                |_| {},
            )
        };
        let today = year(design.primary_racks)?;
        let next = year(design.primary_racks + Self::NEXT_RACKS)?;
        // The plain portfolio with Childress's GPU project sized to the GPUs the year plan
        // keeps firm (same MW per GPU, so the block takes what it did), the rest of the 750 MW
        // to the ASICs' project: the interconnect still sums to 2,910 MW.
        let grow = year_plan.primary_racks as f64 / design.primary_racks as f64;
        let mut projects = plain.portfolio.projects().to_vec();
        let horizon = projects
            .iter()
            .position(|p| p.name().contains("Horizon"))
            .ok_or_else(|| inconsistent("portfolio", "no Horizon project"))?;
        let asics = projects
            .iter()
            .position(|p| p.name() == "Childress (ASICs)")
            .ok_or_else(|| inconsistent("portfolio", "no Childress ASIC project"))?;
        let h = &projects[horizon];
        let figures = h.figures().scaled(grow);
        let firm_mw = figures.interconnect.get::<megawatt>();
        let hybrid = Project::new(
            "Childress hybrid (GPUs)",
            figures,
            h.model().clone(),
            h.schedule().clone(),
        )?
        .with_capex(*h.capex())?
        .with_opex(h.opex().clone())?
        .with_financing(*h.financing())?
        .with_discounting(*h.discounting())?;
        projects[horizon] = hybrid;
        projects[asics] = mine(
            "Childress (ASICs, shed first)",
            750.0 - firm_mw,
            &[43.33],
            date(2026, 7, 1),
            false,
        )?;
        let portfolio = Portfolio::new(projects)?;
        let next_block = portfolio.rank_next_block(Iren::NEXT_BLOCK, date(2026, 7, 1))?;
        Ok(Self {
            gpus_per_rack: u64::from(s.deployment.accelerators_per_primary()),
            design,
            year_plan,
            today,
            next,
            next_block,
        })
    }

    /// The Childress GPU project's spare MW in the hybrid portfolio.
    pub fn childress_spare_mw(&self) -> f64 {
        self.childress_candidate()
            .map_or(0.0, |c| c.spare.get::<megawatt>())
    }

    /// The next block at Childress, hybrid.
    pub fn childress_candidate(&self) -> Option<&dcplan::portfolio::Candidate> {
        self.next_block
            .iter()
            .find(|c| c.site == "Childress hybrid (GPUs)")
    }

    /// The ASICs' year: (hours shed, MWh shed, lost hashprice revenue $M).
    pub fn asics(op: &dcplan::flexibility::YearOperation) -> (u32, f64, f64) {
        op.shed_types.first().map_or((0, 0.0, 0.0), |t| {
            (
                t.shed_hours,
                t.shed_energy.get::<megawatt_hour>(),
                t.lost_value.map_or(0.0, |m| m.millions()),
            )
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let design_it = self.design.operating_point.it.get::<megawatt>();
        let gpus = |racks: u32| racks as f64 * self.gpus_per_rack as f64;
        let (hours, mwh, lost) = Self::asics(&self.next);
        let first = best(&self.next_block)?;
        Ok(vec![
            row(
                "Childress hybrid: GPUs beside the ASICs at the design hour",
                "~200 MW of critical IT (Horizon 1–4)",
                gpus(self.design.primary_racks),
                format!(
                    "{} ({:.1} MW of IT incl. {:.1} MW of ASICs; binding: {})",
                    thousands(gpus(self.design.primary_racks)),
                    design_it,
                    design_it - self.design.primary_racks as f64 * 0.135,
                    self.design.binding.kind
                ),
                Check::Relative { target: 106_560.0, below: 0.01, above: 0.01 },
            )
            .because("the ASIC count (14,550 positions of seven S21) is CHOSEN so the 750 MW carries Horizon 1–4's 200 MW of GB300 beside it at the design hour: 106,560 GPUs is the plain file's plan of those halls"),
            row(
                "Childress hybrid: GPUs firm over the year, ASICs shed first",
                "— (IREN: GPUs and ASICs share sites)",
                gpus(self.year_plan.primary_racks),
                format!(
                    "{} ({}; {:.0} MWh of ASICs shed in {} h)",
                    thousands(gpus(self.year_plan.primary_racks)),
                    match &self.year_plan.limited_by {
                        dcplan::flexibility::YearLimit::Design(k) => k.to_string(),
                        dcplan::flexibility::YearLimit::Year => "the year".into(),
                    },
                    Self::asics(&self.year_plan.year).1,
                    Self::asics(&self.year_plan.year).0,
                ),
                Check::Shown,
            )
            .because("no GPU curtailed in any hour: the ASICs make way; the six Horizon halls (two assumed) bind"),
            row(
                "Childress hybrid: the next 20,000 GPUs — GPU curtailment (MWh)",
                "0 (the GPUs stay firm)",
                self.next.curtailed_it_energy.get::<megawatt_hour>(),
                format!(
                    "{:.1} MWh in {} h; ASICs shed {:.0} MWh in {} h, {:.2} M USD of hashprice revenue lost",
                    self.next.curtailed_it_energy.get::<megawatt_hour>(),
                    self.next.curtailed_hours,
                    mwh,
                    hours,
                    lost
                ),
                Check::Absolute { target: 0.0, within: 0.0 },
            )
            .in_unit("MWh")
            .because("the point of the hybrid site: the ASICs are the load shed first; hashprice $43.33/PH/s/day (3 Nov 2025)"),
            row(
                "hybrid portfolio: where the next 20,000 GPUs go",
                "— (IREN: Sweetwater is the flagship)",
                0.0,
                self.next_block
                    .iter()
                    .filter(|c| c.fits)
                    .take(2)
                    .map(|c| {
                        format!(
                            "{}, online {}, {:.3} USD/GPU-h",
                            c.site,
                            c.online.map_or("—".into(), |d| d.to_string()),
                            c.cost_per_gpu_hour.map_or(f64::NAN, |x| x.get())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                Check::Shown,
            )
            .because(&format!(
                "Childress's GPU share grown to the year plan's firm GPUs (the rest of the 750 MW to the ASICs' project): the block now fits beside the ASICs ({:.1} MW spare), online the same day as {}; ranked by online date, then cost per GPU-hour — a near tie, before the miners' lost hashprice revenue ({:.2} M USD a year, {:.3} USD per GPU-hour of the block) that Childress's cost leaves out",
                self.childress_spare_mw(),
                first.site,
                lost,
                lost * 1e6 / (Iren::NEXT_BLOCK as f64 * 8_760.0)
            )),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// Riot Platforms, Rockdale lease to AMD.

/// The AMD lease's colocation case.
pub struct Riot {
    pub run: Run,
    pub evaluation: Evaluation,
}

impl Riot {
    pub const FILE: &str = "riot-rockdale-amd.toml";

    pub fn compute() -> Result<Self> {
        let run = Run::new(CaseFile::read(Self::FILE)?.scenario()?, true)?;
        let evaluation = run.appraise()?;
        Ok(Self { run, evaluation })
    }

    /// A full year at 25 MW: rent alone ($M) and margin (rent + energy passed through − opex).
    pub fn full_year(&self) -> (f64, f64) {
        self.evaluation
            .years
            .iter()
            .find(|y| y.online_share >= 1.0)
            .map_or((0.0, 0.0), |y| {
                (
                    y.revenue.millions(),
                    (y.revenue + y.energy_recovered - y.opex()).millions(),
                )
            })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let (rent, margin) = self.full_year();
        let capex = self.evaluation.capex.millions();
        Ok(vec![
            row(
                "rent over the 10-year term ($M)",
                "~311",
                rent * 10.0,
                format!("{:.1}", rent * 10.0),
                Check::Relative {
                    target: 311.0,
                    below: 0.01,
                    above: 0.01,
                },
            )
            .because("an identity of the derived rent (103.7 USD/kW-month on 25 MW)"),
            row(
                "retrofit capex ($M)",
                "89.8",
                capex,
                format!("{capex:.1}"),
                Check::Relative {
                    target: 89.8,
                    below: 0.01,
                    above: 0.01,
                },
            )
            .because("an identity of $3.6 M per MW on the planned 25 MW"),
            row(
                "net operating income a year ($M)",
                "~25",
                margin,
                format!("{margin:.1}"),
                Check::Relative {
                    target: 25.0,
                    below: 0.15,
                    above: 0.15,
                },
            )
            .because("dcplan's opex is maintenance (2 % of capex), staff and water; Riot's NOI also bears property tax, insurance and site overheads"),
            row(
                "MI355X GPUs in the 25 MW hall (DLC racks, assumed)",
                "not published",
                self.run.plan.accelerators as f64,
                format!(
                    "{} ({} racks of 125 kW; binding: {})",
                    thousands(self.run.plan.accelerators as f64),
                    self.run.plan.primary_racks,
                    self.run.plan.binding.kind
                ),
                Check::Shown,
            )
            .because("AMD's hardware is not published: the catalog's MI355X DLC rack (Oracle OCI's 64 GPUs at 125 kW) is an assumption; it sets the GPUs, the energy passed through and the PUE, not the business figures held above"),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// NewBird AI.

/// What $50 M buys, and when it is online.
pub struct NewBird {
    pub run: Run,
    pub evaluation: Evaluation,
    /// Equity drawn for the build and the first GPUs, $M.
    pub equity_musd: f64,
    /// Build and first GPUs per MW of IT at each build cost (8, 9.5, 11 $M/MW), $M/MW.
    pub capex_per_mw_it: [(f64, f64); 3],
    /// GPUs into a ready hall: online after 36 and 52 weeks of delivery.
    pub ready_hall_online: [NaiveDate; 2],
}

impl NewBird {
    pub const FILE: &str = "newbird-ai.toml";
    pub const RAISED_MUSD: f64 = 50.0;

    pub fn compute() -> Result<Self> {
        let run = Run::new(CaseFile::read(Self::FILE)?.scenario()?, true)?;
        let evaluation = run.appraise()?;
        let project = run
            .project
            .clone()
            .ok_or_else(|| inconsistent("finance", "no business case"))?;
        // Equity is what the debt does not fund, up to and including the first GPUs.
        let first_gpus = evaluation
            .years
            .iter()
            .position(|y| y.capex_equipment > Money::ZERO)
            .unwrap_or(0);
        let equity_musd = evaluation.years[..=first_gpus]
            .iter()
            .map(|y| (y.capex() - y.debt_drawn).millions())
            .sum();
        let it = run.plan.operating_point.it;
        let gpus = run.plan.accelerators as f64;
        let gpu_price = match project.capex().equipment {
            Some(Equipment {
                price: EquipmentPrice::PerAccelerator(p),
                ..
            }) => p.millions(),
            _ => 0.0,
        };
        let capex_per_mw_it =
            [8.0, 9.5, 11.0].map(|build| (build, build + gpu_price * gpus / it.get::<megawatt>()));
        let ready = |delivery: f64| -> Result<NaiveDate> {
            let start = project.schedule().start();
            let schedule = Schedule::new(
                start,
                GridAccess::Energised { since: start },
                LeadTimes {
                    construction: Time::ZERO,
                    transformers: None,
                    equipment: weeks(delivery),
                    ..LeadTimes::default()
                },
                project.schedule().phases().to_vec(),
            )?;
            Ok(schedule.timeline()?.first_online())
        };
        Ok(Self {
            ready_hall_online: [ready(36.0)?, ready(52.0)?],
            run,
            evaluation,
            equity_musd,
            capex_per_mw_it,
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        let mut rows = vec![
            row(
                "equity for the build and the first GPUs at 85 % debt ($M)",
                "50 raised",
                self.equity_musd,
                format!(
                    "{:.1} for {:.1} MW of IT, {} GB300 GPUs",
                    self.equity_musd,
                    self.run.it_mw(),
                    thousands(self.run.plan.accelerators as f64)
                ),
                Check::Relative {
                    target: Self::RAISED_MUSD,
                    below: 0.02,
                    above: 0.02,
                },
            )
            .because("the interconnect (15 MW) was CHOSEN to match, as the file says: this holds dcplan's capex (build per MW, GPU price, GPUs per MW) to that arithmetic"),
        ];
        for (build, per_mw) in self.capex_per_mw_it {
            let mw = Self::RAISED_MUSD / per_mw;
            rows.push(
                row(
                    &format!("IT that $50 M buys with no debt at ${build} M/MW plus GPUs (MW)"),
                    "—",
                    mw,
                    format!("{mw:.2} ({} GPUs)", thousands(mw * 1e3 / 135.0 * 72.0)),
                    Check::Shown,
                )
                .because("no technical figure is published; 85 % debt multiplies it by 6.7"),
            );
        }
        rows.push(
            row(
                "online: GPUs into a ready hall, 36–52 weeks",
                "36–52 weeks",
                0.0,
                format!(
                    "{} – {}",
                    self.ready_hall_online[0], self.ready_hall_online[1]
                ),
                Check::Shown,
            )
            .because("from the stockholder vote (18 May 2026), with 4 weeks of commissioning"),
        );
        rows.push(
            row(
                "online: own build (18 months)",
                "—",
                0.0,
                self.evaluation.timeline.first_online().to_string(),
                Check::Shown,
            )
            .because("dcplan's default construction time on an energised site"),
        );
        Ok(rows)
    }
}

// ---------------------------------------------------------------------------------------------
// GPU rental price path against bitcoin hashprice.

/// One price scenario's business case per MW of interconnect.
pub struct PriceScenario {
    pub name: &'static str,
    pub per_mw: dcplan::economics::PerMw,
    pub levelised: Option<LevelisedCost>,
}

/// The H100 rental case on one energised 100 MW interconnect under each price path, and
/// mining on the same interconnect under each hashprice.
pub struct PricePaths {
    pub base: Project,
    pub gpus: u64,
    pub scenarios: Vec<PriceScenario>,
    pub tornado: dcplan::economics::Tornado,
}

impl PricePaths {
    pub const FILE: &str = "gpu-rental-vs-hashprice.toml";
    /// The 2023–25 slide as a yearly change: $8.00 → $1.70 over the 28 months from mid-2023
    /// to October 2025.
    pub fn slide_per_year() -> f64 {
        (1.70_f64 / 8.0).powf(12.0 / 28.0) - 1.0
    }

    pub fn compute() -> Result<Self> {
        let run = Run::new(CaseFile::read(Self::FILE)?.scenario()?, true)?;
        let base = run
            .project
            .clone()
            .ok_or_else(|| inconsistent("finance", "no business case"))?;
        let start = base.schedule().start();
        let rental = |price: PricePath<UsdPerGpuHour>| -> Result<Project> {
            base.clone().with_model(BusinessModel::GpuRental {
                price,
                utilisation: Fraction::new(0.8)?,
            })
        };
        let flat = |p: f64| PricePath::Flat(UsdPerGpuHour::new(p));
        let opex = base.opex().clone();
        let financing = *base.financing();
        let mining = |name: &'static str, h: f64| -> Result<(&'static str, Project)> {
            let p = mine(name, 100.0, &[h, h, h / 2.0], start, true)?
                .with_opex(opex.clone())?
                .with_financing(financing)?;
            Ok((name, p))
        };
        let cases: Vec<(&'static str, Project)> = vec![
            (
                "H100 rental: the 2023 peak held, $8.00/h",
                rental(flat(8.0))?,
            ),
            (
                "H100 rental: the Jun 2026 contract held, $2.65/h",
                base.clone(),
            ),
            (
                "H100 rental: the Oct 2025 trough held, $1.70/h",
                rental(flat(1.70))?,
            ),
            (
                "H100 rental: the 2023–25 slide again from $2.65/h",
                rental(PricePath::Changing {
                    first_year: UsdPerGpuHour::new(2.65),
                    per_year: Self::slide_per_year(),
                })?,
            ),
            mining("S21 mining: hashprice at its 2025 high, $64", 64.0)?,
            mining("S21 mining: hashprice on 3 Mar 2025, $49.40", 49.40)?,
            mining("S21 mining: hashprice at its all-time low, $35.06", 35.06)?,
        ];
        let scenarios = cases
            .into_iter()
            .map(|(name, p)| {
                let e = p.appraise()?;
                Ok(PriceScenario {
                    name,
                    per_mw: e.per_mw(),
                    levelised: e.levelised_cost,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            tornado: base.tornado(Fraction::new(0.2)?)?,
            gpus: run.plan.accelerators,
            base,
            scenarios,
        })
    }

    pub fn rows(&self) -> Result<Vec<Row>> {
        Ok(self
            .scenarios
            .iter()
            .map(|s| {
                let p = &s.per_mw;
                row(
                    s.name,
                    "—",
                    p.npv.millions(),
                    format!(
                        "revenue {:.2}, margin {:.2} $M/MW-yr; NPV {:.2} $M/MW; IRR {}",
                        p.revenue.millions(),
                        p.margin.millions(),
                        p.npv.millions(),
                        p.irr
                            .map_or("—".into(), |r| format!("{:.1} %", r.get() * 100.0))
                    ),
                    Check::Shown,
                )
                .because("a sensitivity: the prices are published, the business case is dcplan's")
            })
            .collect())
    }
}

/// Every case's rows, in the order of the table: (case, site file, rows).
pub fn all_rows() -> Result<Vec<(&'static str, &'static str, Vec<Row>)>> {
    Ok(vec![
        (
            "Shanghai Lingang underwater data centre",
            "lingang-udc.toml, lingang-land.toml",
            Lingang::compute()?.rows()?,
        ),
        ("Firmus, Batam", Batam::FILE, Batam::compute()?.rows()?),
        ("Sharon AI", Sharon::FILE, Sharon::compute()?.rows()?),
        (
            "Core Scientific for CoreWeave (Denton)",
            CoreScientific::FILE,
            CoreScientific::compute()?.rows()?,
        ),
        (
            "IREN (plain portfolio)",
            Iren::FILE,
            Iren::compute()?.rows()?,
        ),
        (
            "IREN (Childress hybrid, ASICs shed first)",
            IrenHybrid::FILE,
            IrenHybrid::compute(&Iren::compute()?)?.rows()?,
        ),
        (
            "Riot Platforms / AMD (Rockdale)",
            Riot::FILE,
            Riot::compute()?.rows()?,
        ),
        ("NewBird AI", NewBird::FILE, NewBird::compute()?.rows()?),
        (
            "GPU rental price path vs hashprice (per MW of interconnect)",
            PricePaths::FILE,
            PricePaths::compute()?.rows()?,
        ),
    ])
}
