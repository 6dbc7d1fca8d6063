//! The project and its evaluation: the yearly cash-flow table, debt and the results.

use super::financial_math::{irr_if_any, npv_at};
use super::opex::OperatingCosts;
use super::*;
use crate::error::{Error, Result};
use crate::money::*;
use crate::timeline::{GridAccess, Schedule, Timeline};
use crate::units::*;
use chrono::{Months, NaiveDate};

/// A site's business case. A `Project` that exists is valid: each `with_*` validates what it
/// sets against the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    name: String,
    figures: AnnualFigures,
    pub(super) model: BusinessModel,
    schedule: Schedule,
    pub(super) capex: Capex,
    pub(super) opex: Opex,
    pub(super) financing: Financing,
    pub(super) discounting: Discounting,
    flexibility: Option<FlexibilityLines>,
}

impl Project {
    /// A project with the default capex for its model ([`Capex::default_for`]) and the default
    /// [`Opex`], [`Financing`] and [`Discounting`].
    pub fn new(
        name: &str,
        figures: AnnualFigures,
        model: BusinessModel,
        schedule: Schedule,
    ) -> Result<Self> {
        let capex = Capex::default_for(&model);
        Self {
            name: name.to_owned(),
            figures,
            model,
            schedule,
            capex,
            opex: Opex::default(),
            financing: Financing::default(),
            discounting: Discounting::default(),
            flexibility: None,
        }
        .validated()
    }

    pub(super) fn validated(self) -> Result<Self> {
        let at = |part: &'static str| {
            let name = self.name.clone();
            move |e: Error| e.at(part).at(&format!("project '{name}'"))
        };
        self.figures.validate().map_err(at("figures"))?;
        self.model.validate(&self.figures).map_err(at("model"))?;
        self.capex.validate(&self.figures).map_err(at("capex"))?;
        self.opex.validate(&self.figures).map_err(at("opex"))?;
        self.financing.validate().map_err(at("financing"))?;
        self.discounting.validate().map_err(at("appraisal"))?;
        if let Some(lines) = &self.flexibility {
            lines.validate().map_err(at("flexibility"))?;
        }
        let (phases, grid) = (self.schedule.total_power(), self.figures.interconnect);
        if phases > grid * (1.0 + 1e-9) {
            return Err(at("schedule")(Error::inconsistent(
                "phases",
                format!(
                    "the phases energise {:.3} MW, more than the {:.3} MW interconnect",
                    phases.get::<megawatt>(),
                    grid.get::<megawatt>()
                ),
            )));
        }
        Ok(self)
    }

    /// The same project with other capex.
    pub fn with_capex(mut self, capex: Capex) -> Result<Self> {
        self.capex = capex;
        self.validated()
    }
    /// The same project with other opex.
    pub fn with_opex(mut self, opex: Opex) -> Result<Self> {
        self.opex = opex;
        self.validated()
    }
    /// The same project with other financing.
    pub fn with_financing(mut self, financing: Financing) -> Result<Self> {
        self.financing = financing;
        self.validated()
    }
    /// The same project discounted otherwise.
    pub fn with_discounting(mut self, discounting: Discounting) -> Result<Self> {
        self.discounting = discounting;
        self.validated()
    }
    /// The same project on another schedule.
    pub fn with_schedule(mut self, schedule: Schedule) -> Result<Self> {
        self.schedule = schedule;
        self.validated()
    }
    /// The same project with a site's flexibility as lines of its business case: battery and
    /// generation capex, fuel, the units curtailment and the dynamic cap take away, and the
    /// revenue of the rack types shed first ([`FlexibilityLines`]). The figures should be the year plan's (its racks, the energy of
    /// the year as operated): [`AnnualFigures::from_year_plan`].
    pub fn with_flexibility(mut self, lines: FlexibilityLines) -> Result<Self> {
        self.flexibility = Some(lines);
        self.validated()
    }
    /// Flexibility's lines, if any.
    pub fn flexibility(&self) -> Option<&FlexibilityLines> {
        self.flexibility.as_ref()
    }

    /// The same project under another business model (capex unchanged).
    pub fn with_model(mut self, model: BusinessModel) -> Result<Self> {
        self.model = model;
        self.validated()
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The physics at full build-out.
    pub fn figures(&self) -> &AnnualFigures {
        &self.figures
    }
    /// What the phases build: the figures × (MW in phases / MW of interconnect), the
    /// interconnect itself unchanged. Phases that energise less than the interconnect leave the
    /// rest unbuilt (and earning nothing).
    ///
    /// # Units
    ///
    /// Both MW are grid power: the phases' energised power against the interconnect's import
    /// capacity, so IT, GPUs, energy and water scale with the share of the interconnect built.
    pub fn built(&self) -> AnnualFigures {
        let coverage = (self.schedule.total_power() / self.figures.interconnect)
            .get::<ratio>()
            .min(1.0);
        AnnualFigures {
            interconnect: self.figures.interconnect,
            ..self.figures.scaled(coverage)
        }
    }

    /// Business model.
    pub fn model(&self) -> &BusinessModel {
        &self.model
    }
    /// Schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// Capex.
    pub fn capex(&self) -> &Capex {
        &self.capex
    }
    /// Opex.
    pub fn opex(&self) -> &Opex {
        &self.opex
    }
    /// Financing.
    pub fn financing(&self) -> &Financing {
        &self.financing
    }
    /// How the cash flows are discounted.
    pub fn discounting(&self) -> &Discounting {
        &self.discounting
    }

    /// The yearly cash-flow table and the results (see `docs/models.md`, "Economics and
    /// schedule", for every equation).
    ///
    /// # Units
    ///
    /// Real US dollars, pre-tax; rows a year apart from the start date, discounted at the
    /// real discount rate as at their end (see the [module documentation](super)).
    ///
    /// # References
    ///
    /// NPV, IRR, payback and the level debt payment as in [`npv`], [`irr`], [`payback`] and
    /// [`annuity_payment`]; the levelised cost as in [`LevelisedCost`] (Short, Packey & Holt,
    /// NREL/TP-462-5173, 1995).
    pub fn appraise(&self) -> Result<Evaluation> {
        let f = &self.built();
        let h = self.discounting.horizon_years;
        let timeline = self.schedule.timeline()?;
        let start = self.schedule.start();
        let ends: Vec<NaiveDate> = (0..=h)
            .map(|k| {
                start
                    .checked_add_months(Months::new(12 * k))
                    .filter(|d| *d <= crate::timeline::LAST_DATE)
                    .ok_or_else(|| {
                        Error::inconsistent(
                            "appraisal.horizon_years",
                            format!(
                                "the horizon from {start} ends after {}, the last date the timeline supports",
                                crate::timeline::LAST_DATE
                            ),
                        )
                    })
            })
            .collect::<Result<_>>()?;
        let end = ends[h as usize];
        let row_of = |date: NaiveDate| ends.iter().position(|&e| date <= e);
        let mut rows: Vec<YearRow> = ends
            .iter()
            .enumerate()
            .map(|(k, &e)| YearRow::empty(k as u32, e))
            .collect();

        // Capex: grid connection at the start, build at each construction start, equipment as
        // each phase comes online and again at the end of each life (in calendar months).
        let build_total = self.capex.build.total(f);
        rows[0].capex_build += self.grid_cost();
        let mut residual = Money::ZERO;
        let days = |a: NaiveDate, b: NaiveDate| Time::new::<time::day>((b - a).num_days() as f64);
        let book = |cost: Money, age: Time, life: Time| {
            cost * (1.0 - (age / life).get::<ratio>()).clamp(0.0, 1.0)
        };
        for p in &timeline.phases {
            if let Some(k) = row_of(p.construction_start) {
                let cost = build_total * p.share;
                rows[k].capex_build += cost;
                rows[k].capex_flexibility += self.flexibility_capex() * p.share;
                residual += book(cost, days(p.powered.min(end), end), self.capex.build.life);
            }
            if let Some(e) = &self.capex.equipment {
                let cost = e.total(f) * p.share;
                let life = Months::new(((e.life.get::<time::year>() * 12.0).round() as u32).max(1));
                let mut bought = Some(p.online);
                let mut last = None;
                while let Some(d) = bought.filter(|&d| d < end) {
                    if let Some(k) = row_of(d) {
                        rows[k].capex_equipment += cost;
                    }
                    last = Some(d);
                    bought = d.checked_add_months(life);
                }
                if let Some(d) = last {
                    residual += book(cost, days(d, end), e.life);
                }
            }
        }
        if self.discounting.residual_value {
            rows[h as usize].residual = residual;
        }

        // Operations, year by year, in proportion to the share of the build-out online.
        for k in 1..=h as usize {
            let r = &mut rows[k];
            let share = timeline.share_online_between(ends[k - 1], ends[k]);
            let full = self.full_year(k as u32, f);
            r.online_share = share;
            r.units = full.units * share;
            r.gpu_hours = f.gpu_hours() * share;
            r.revenue = full.revenue * share;
            r.energy_recovered = full.energy_recovered * share;
            r.energy = full.costs.energy * share;
            r.water = full.costs.water * share;
            r.maintenance = full.costs.maintenance * share;
            r.staff = full.costs.staff * share;
            r.fuel = full.costs.fuel * share;
            r.lost_revenue_shed = full.lost_revenue_shed * share;
        }

        self.finance(&mut rows)?;
        self.results(f, timeline, rows)
    }

    /// The grid connection cost: per MW of the phases' total for a new connection.
    fn grid_cost(&self) -> Money {
        match self.schedule.grid() {
            GridAccess::New { cost, .. } => *cost * self.schedule.total_power(),
            GridAccess::Energised { .. } => Money::ZERO,
        }
    }

    /// Battery and generation capex (zero without flexibility).
    fn flexibility_capex(&self) -> Money {
        self.flexibility.map_or(Money::ZERO, |l| l.capex)
    }

    /// Revenue and operating costs of a full year `k` with `f` built: flexibility's fuel, its
    /// capex maintained with the rest, its lost units and the revenue the types shed first
    /// lose (a colocation's rent is not lost).
    fn full_year(&self, k: u32, f: &AnnualFigures) -> FullYear {
        let (lost, lost_revenue_shed) = match (&self.flexibility, &self.model) {
            (_, BusinessModel::Colocation { .. }) | (None, _) => (0.0, Money::ZERO),
            (Some(l), _) => (l.lost_share.get(), l.lost_revenue_shed),
        };
        let units = self.model.units(f) * (1.0 - lost);
        let in_service = self.capex.in_service(f, self.grid_cost()) + self.flexibility_capex();
        let mut costs = self.opex.full_year(k, f, in_service);
        costs.fuel = self.flexibility.map_or(Money::ZERO, |l| l.fuel);
        FullYear {
            units,
            revenue: Money::new(self.model.price(k) * units),
            lost_revenue_shed,
            energy_recovered: match self.model {
                BusinessModel::Colocation {
                    energy_pass_through: true,
                    ..
                } => costs.energy,
                _ => Money::ZERO,
            },
            costs,
        }
    }

    /// Debt draws and service, then the cash flows of every row.
    fn finance(&self, rows: &mut [YearRow]) -> Result<()> {
        let fin = &self.financing;
        let h = rows.len() - 1;
        let n = fin.term_years as usize;
        let r = fin.interest.get();
        // Repayment starts in the first row with revenue; interest before it is capitalised.
        let operating = rows
            .iter()
            .position(|row| row.online_share > 0.0)
            .unwrap_or(h + 1);
        for d in 0..rows.len() {
            let draw = rows[d].capex() * fin.debt_share.get();
            if draw.get() <= 0.0 {
                continue;
            }
            rows[d].debt_drawn += draw;
            let first = operating.max(d + 1);
            let mut balance = draw;
            for row in rows.iter_mut().take(first.min(h + 1)).skip(d + 1) {
                let capitalised = balance * r;
                row.interest_capitalised += capitalised;
                balance += capitalised;
            }
            let level = annuity_payment(balance, fin.interest, fin.term_years)?;
            let equal = balance / n as f64;
            for row in rows.iter_mut().skip(first).take(n) {
                let interest = balance * r;
                let principal = match fin.amortisation {
                    Amortisation::Annuity => level - interest,
                    Amortisation::EqualPrincipal => equal,
                };
                row.interest += interest;
                row.principal += principal;
                balance -= principal;
            }
            if first + n > h + 1 {
                rows[h].debt_payoff += balance;
            }
        }
        let mut balance = Money::ZERO;
        let mut cumulative = Money::ZERO;
        for row in rows.iter_mut() {
            row.cash_flow = row.revenue + row.energy_recovered
                - row.lost_revenue_shed
                - row.opex()
                - row.capex()
                + row.residual;
            balance += row.debt_drawn + row.interest_capitalised - row.principal - row.debt_payoff;
            row.debt_balance = balance;
            row.equity_cash_flow =
                row.cash_flow + row.debt_drawn - row.debt_service() - row.debt_payoff;
            cumulative += row.cash_flow;
            row.cumulative = cumulative;
        }
        Ok(())
    }

    fn results(
        &self,
        f: &AnnualFigures,
        timeline: Timeline,
        years: Vec<YearRow>,
    ) -> Result<Evaluation> {
        let rate = self.discounting.discount_rate;
        let project: Vec<Money> = years.iter().map(|r| r.cash_flow).collect();
        let equity: Vec<Money> = years.iter().map(|r| r.equity_cash_flow).collect();
        let pv = |x: &dyn Fn(&YearRow) -> f64| {
            npv_at(
                rate.get(),
                &years.iter().map(|r| Money::new(x(r))).collect::<Vec<_>>(),
            )
        };
        // Costs net of the residual and of energy passed through, with the shed types' lost
        // revenue: what the units sold must pay.
        let pv_costs = pv(&|r| {
            (r.opex() + r.capex() + r.lost_revenue_shed - r.residual - r.energy_recovered).get()
        });
        let pv_units = pv(&|r| r.units);
        let pv_gpu_hours = pv(&|r| r.gpu_hours.get());
        let levelised = (pv_units > 0.0).then(|| {
            let c = pv_costs / pv_units;
            match self.model {
                BusinessModel::GpuRental { .. } => LevelisedCost::PerGpuHour(UsdPerGpuHour::new(c)),
                BusinessModel::Colocation { .. } => {
                    LevelisedCost::PerKwMonth(UsdPerKwMonth::new(c))
                }
                BusinessModel::BitcoinMining { .. } => {
                    LevelisedCost::PerPhsDay(UsdPerPhsDay::new(c))
                }
            }
        });
        let min_dscr = years
            .iter()
            .filter(|r| r.debt_service().get() > 0.0)
            .map(|r| {
                (r.revenue + r.energy_recovered - r.lost_revenue_shed - r.opex()) / r.debt_service()
            })
            .min_by(f64::total_cmp);
        let full = self.full_year(1, f);
        let revenue = (full.revenue + full.energy_recovered - full.lost_revenue_shed) / one_year();
        let opex = full.costs.total() / one_year();
        Ok(Evaluation {
            name: self.name.clone(),
            model: self.model.name(),
            interconnect: f.interconnect,
            capex: years.iter().map(YearRow::capex).sum(),
            npv: npv(rate, &project),
            irr: irr_if_any(&project)?,
            equity_npv: npv(rate, &equity),
            equity_irr: irr_if_any(&equity)?,
            payback: payback(&project),
            min_dscr,
            levelised_cost: levelised,
            cost_per_gpu_hour: (pv_gpu_hours > 0.0)
                .then(|| UsdPerGpuHour::new(pv_costs / pv_gpu_hours)),
            steady_state: SteadyState {
                revenue,
                opex,
                margin: revenue - opex,
            },
            timeline,
            years,
        })
    }

    /// What being energised is worth: the NPV as scheduled against the same project with
    /// `alternative` grid access (e.g. [`GridAccess::new_connection`] for a greenfield site in
    /// the queue), and how much earlier the first GPUs come online.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use dcplan::prelude::*;
    /// # let site = Site::builder("s", GridInterconnect::new(Power::new::<megawatt>(100.0))?)
    /// #     .lumped_pue(Pue::new(1.2)?).build()?;
    /// # let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
    /// # let figures = AnnualFigures::from_plan(&site, &plan(&site, &d)?, &d, Fraction::new(0.8)?);
    /// # let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let lead = LeadTimes { construction: months(9.0), transformers: None, ..LeadTimes::default() };
    /// # let schedule = Schedule::new(start, GridAccess::Energised { since: start }, lead,
    /// #     vec![Phase::new("all", Power::new::<megawatt>(100.0))])?;
    /// // The AI factory of the module example: 100 MW energised today, GPU rental.
    /// let ai = Project::new("AI factory", figures, BusinessModel::gpu_rental(), schedule)?;
    /// // The same build behind a new connection (6-year queue, $0.3M per MW) comes online in
    /// // 2032 instead of December 2026, and is worth about $146M less today.
    /// let v = ai.energisation_value(GridAccess::new_connection())?;
    /// assert_eq!(v.days_earlier, 1_916);
    /// assert!((v.value.millions() - 145.86).abs() < 0.01);
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn energisation_value(&self, alternative: GridAccess) -> Result<EnergisationValue> {
        let other = self
            .clone()
            .with_schedule(self.schedule.clone().with_grid(alternative)?)?;
        let (a, b) = (self.appraise()?, other.appraise()?);
        let first = a.timeline.first_online();
        let first_alt = b.timeline.first_online();
        Ok(EnergisationValue {
            npv: a.npv,
            npv_alternative: b.npv,
            value: a.npv - b.npv,
            first_online: first,
            first_online_alternative: first_alt,
            days_earlier: (first_alt - first).num_days(),
        })
    }
}

/// Revenue and operating costs of one full year at full build-out.
struct FullYear {
    units: f64,
    revenue: Money,
    lost_revenue_shed: Money,
    energy_recovered: Money,
    costs: OperatingCosts,
}

#[cfg(test)]
mod tests {
    use super::super::figures::test_figures as figures;
    use super::*;
    use crate::timeline::{LeadTimes, Phase};

    fn at_start(model: BusinessModel) -> Project {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let lead = LeadTimes {
            construction: Time::ZERO,
            transformers: None,
            equipment: Time::ZERO,
            commissioning: Time::ZERO,
            phase_interval: Time::ZERO,
        };
        let schedule = Schedule::new(
            start,
            GridAccess::Energised { since: start },
            lead,
            vec![Phase::new("all", Power::new::<megawatt>(100.0))],
        )
        .unwrap();
        Project::new("test", figures(), model, schedule).unwrap()
    }

    #[test]
    fn everything_online_at_the_start() {
        // Online from day 0: every year fully online. GPU rental, $2/h, 80 %:
        // 50,000 × 8,760 × 0.8 × 2 = $700.8M a year.
        let p = at_start(BusinessModel::gpu_rental());
        let e = p.appraise().unwrap();
        assert_eq!(e.years[1].online_share, 1.0);
        assert!((e.years[1].revenue.millions() - 700.8).abs() < 1e-9);
        // Build 80 MW × $9.5M = $760M at the start; GPUs 50,000 × $32,500 = $1,625M, at the
        // start and again 60 months later, 2031-01-01 (row 5: that row's last day).
        assert!((e.years[0].capex().millions() - 2_385.0).abs() < 1e-6);
        assert!((e.years[5].capex_equipment.millions() - 1_625.0).abs() < 1e-6);
        // Energy 96 MW × 8,760 h × $80 = $67.2768M.
        assert!((e.years[3].energy.millions() - 67.2768).abs() < 1e-9);
        // Residual at year 10: build 3,652 of 7,300 days used → 760 × (1 − 3,652/7,300)
        // = $379.7918M; GPUs bought 2031-01-01, 1,826 days before the end, are written off.
        assert_eq!(e.years[10].capex_equipment, Money::ZERO);
        assert!((e.years[10].residual.millions() - 760.0 * (1.0 - 3_652.0 / 7_300.0)).abs() < 1e-6);
    }

    #[test]
    fn flexibility_lines_and_the_added_racks_by_hand() {
        // The firm case: 50,000 GPUs on 80 MW of IT. The flexible case: 1,000 more GPUs on
        // 1.6 MW more IT, the same energy bought, 10 MUSD of battery, 0.5 MUSD of fuel a year
        // and 0.5 % of the GPU-hours lost.
        let firm = at_start(BusinessModel::gpu_rental());
        let mut f = figures();
        f.accelerators = 51_000;
        f.it_capacity = megawatts(81.6);
        let lines = FlexibilityLines {
            capex: Money::from_millions(10.0),
            fuel: Money::from_millions(0.5),
            lost_share: Fraction::new(0.005).unwrap(),
            lost_revenue_shed: Money::ZERO,
        };
        let flexible = Project::new(
            "flex",
            f,
            BusinessModel::gpu_rental(),
            firm.schedule.clone(),
        )
        .unwrap()
        .with_flexibility(lines)
        .unwrap();
        let (a, b) = (firm.appraise().unwrap(), flexible.appraise().unwrap());
        // By hand, in MUSD, row by row (all online from the start):
        // row 0: build 1.6 MW × 9.5 = 15.2, GPUs 1,000 × 32,500 = 32.5, battery 10;
        // rows 1–10: revenue 2 $/h × 0.8 × 8,760 h × (51,000 × 0.995 − 50,000) GPUs,
        //   less maintenance 2 % × (15.2 + 32.5 + 10), staff 0.5 FTE/MW × 1.6 MW × 0.12, fuel 0.5;
        // row 5: GPUs again 32.5; row 10: the build's residual 15.2 × (1 − 3,652/7,300).
        let revenue = 2.0 * 0.8 * 8_760.0 * (51_000.0 * 0.995 - 50_000.0) / 1e6;
        let yearly = revenue - 0.02 * (15.2 + 32.5 + 10.0) - 0.5 * 1.6 * 0.12 - 0.5;
        let mut flows = vec![-(15.2 + 32.5 + 10.0)];
        flows.extend((1..=10).map(|k| {
            let mut cf = yearly;
            if k == 5 {
                cf -= 32.5;
            }
            if k == 10 {
                cf += 15.2 * (1.0 - 3_652.0 / 7_300.0);
            }
            cf
        }));
        let by_hand: f64 = flows
            .iter()
            .enumerate()
            .map(|(k, cf)| cf / 1.1f64.powi(k as i32))
            .sum();
        assert!(
            ((b.npv - a.npv).millions() - by_hand).abs() < 1e-6,
            "{} vs {by_hand}",
            (b.npv - a.npv).millions()
        );
        assert!((b.years[0].capex_flexibility.millions() - 10.0).abs() < 1e-9);
        assert!((b.years[3].fuel.millions() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn the_revenue_the_shed_types_lose_comes_off_each_year() {
        // 2 MUSD a year of hashprice lost by the ASICs shed first, nothing else: online from
        // the start, the NPV falls by 2 × Σ_{k=1..10} 1.1^−k = 12.2891 MUSD; a colocation's
        // tenants pay their rent regardless.
        let lines = FlexibilityLines {
            capex: Money::ZERO,
            fuel: Money::ZERO,
            lost_share: Fraction::ZERO,
            lost_revenue_shed: Money::from_millions(2.0),
        };
        let by_hand: f64 = (1..=10).map(|k| 2.0 / 1.1f64.powi(k)).sum();
        assert!((by_hand - 12.289_134).abs() < 1e-6, "{by_hand}");
        let firm = at_start(BusinessModel::gpu_rental());
        let shed = firm.clone().with_flexibility(lines).unwrap();
        let (a, b) = (firm.appraise().unwrap(), shed.appraise().unwrap());
        assert!(((a.npv - b.npv).millions() - by_hand).abs() < 1e-6);
        assert!((b.years[3].lost_revenue_shed.millions() - 2.0).abs() < 1e-9);
        assert_eq!(b.years[0].lost_revenue_shed, Money::ZERO);
        assert!(((a.years[3].cash_flow - b.years[3].cash_flow).millions() - 2.0).abs() < 1e-9);
        let yearly = (a.steady_state.margin - b.steady_state.margin) * one_year();
        assert!((yearly.millions() - 2.0).abs() < 1e-9);
        let colo = at_start(BusinessModel::colocation());
        let colo_shed = colo.clone().with_flexibility(lines).unwrap();
        assert_eq!(
            colo.appraise().unwrap().npv,
            colo_shed.appraise().unwrap().npv
        );
        let negative = FlexibilityLines {
            lost_revenue_shed: Money::from_millions(-1.0),
            ..lines
        };
        assert!(firm.with_flexibility(negative).is_err());
    }

    #[test]
    fn levelised_cost_is_the_break_even_price() {
        let p = at_start(BusinessModel::gpu_rental());
        let Some(LevelisedCost::PerGpuHour(lc)) = p.appraise().unwrap().levelised_cost else {
            panic!("GPU rental has a cost per GPU-hour")
        };
        let at_lc = p
            .with_model(BusinessModel::GpuRental {
                price: PricePath::Flat(lc),
                utilisation: Fraction::new(0.8).unwrap(),
            })
            .unwrap();
        let npv = at_lc.appraise().unwrap().npv;
        assert!(npv.get().abs() < 1e-3, "{npv}");
    }

    #[test]
    fn debt_is_repaid_by_the_horizon() {
        let e = at_start(BusinessModel::gpu_rental()).appraise().unwrap();
        let last = e.years.last().unwrap();
        assert!(
            last.debt_balance.get().abs() < 1e-3,
            "{}",
            last.debt_balance
        );
        let drawn: Money = e.years.iter().map(|r| r.debt_drawn).sum();
        let repaid: Money = e.years.iter().map(|r| r.principal + r.debt_payoff).sum();
        assert!((drawn - repaid).get().abs() < 1e-3);
    }

    #[test]
    fn rejects_mismatched_inputs() {
        let mut f = figures();
        f.accelerators = 0;
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = Schedule::new(
            start,
            GridAccess::new_connection(),
            LeadTimes::default(),
            vec![Phase::new("all", Power::new::<megawatt>(100.0))],
        )
        .unwrap();
        let e = Project::new("x", f, BusinessModel::gpu_rental(), s.clone())
            .unwrap_err()
            .to_string();
        assert!(e.contains("project 'x'.model.gpu_rental"), "{e}");
        let e = Project::new("x", figures(), BusinessModel::bitcoin_mining(), s)
            .unwrap_err()
            .to_string();
        assert!(e.contains("hash rate"), "{e}");
        let p = at_start(BusinessModel::gpu_rental());
        let bad = Discounting {
            horizon_years: 0,
            ..Discounting::default()
        };
        assert!(p.clone().with_discounting(bad).is_err());
        let hourly = Opex {
            energy: EnergyPrice::Hourly(vec![UsdPerMwh::new(50.0); 100]),
            ..Opex::default()
        };
        assert!(p.with_opex(hourly).is_err());
    }
}
