//! `dcplan finance`: the business case of a site file's `[finance]` section.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, report_wanted, svg_target, write_svg,
};
use dcplan::capacity::{Plan, plan};
use dcplan::climate::Climate;
use dcplan::economics::{AnnualFigures, FlexibilityCosts, FlexibilityLines};
use dcplan::flexibility::{Flexibility, plan_year_watched};
use dcplan::money::Money;
use dcplan::report::{FinanceReport, YearPlanReport, chart, csv};
use dcplan::simulate::{OperatedSum, annual};
use dcplan::sitefile::Scenario;
use dcplan::sitefile::finance::FinanceSpec;
use dcplan::{Error, Result};
use serde::Serialize;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    output: Output,
    /// Write an SVG chart of the cash flow, year by year and cumulative (`-`: to standard
    /// output, instead of the report).
    #[arg(long, value_name = "FILE.svg", value_parser = svg_target)]
    svg: Option<SvgTarget>,
}

/// The finance JSON, with what the site's `[flexibility]` buys when it has one.
#[derive(Serialize)]
struct WithFlexibility<'a> {
    #[serde(flatten)]
    report: &'a FinanceReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    flexibility: Option<&'a FlexibilityValue>,
}

/// What the site's `[flexibility]` buys: the business case at the year plan's racks with the
/// flexibility's lines (capex, fuel, lost units) and the energy of the year as operated,
/// against the design-hour plan's firm case the report appraises. The added racks' GPUs and
/// build are in it.
#[derive(Serialize)]
struct FlexibilityValue {
    budget: String,
    added_racks: i64,
    added_gpus: i64,
    /// Battery and generation capex.
    capex_musd: f64,
    /// Fuel a full year.
    fuel_musd_per_year: f64,
    /// Share of the units sold lost to curtailment and the dynamic cap.
    lost_share: f64,
    /// Revenue the rack types shed first lose a full year, at their values of lost load.
    lost_revenue_shed_musd_per_year: f64,
    /// NPV of the firm case (the report's).
    firm_npv_musd: f64,
    /// NPV of the flexible case.
    flexible_npv_musd: f64,
    /// Flexible − firm.
    delta_npv_musd: f64,
    /// Capex of the flexible case (all of it, over the horizon).
    flexible_capex_musd: f64,
    /// The rates used: battery energy capex (USD/kWh), default or given.
    battery_usd_per_kwh: f64,
}

impl FlexibilityValue {
    fn line(&self) -> String {
        let shed = if self.lost_revenue_shed_musd_per_year > 0.0 {
            format!(
                "; revenue of the types shed first lost {:.2} MUSD/yr",
                self.lost_revenue_shed_musd_per_year
            )
        } else {
            String::new()
        };
        format!(
            "Flexibility ({}): {:+} racks ({:+} GPUs) over the design-hour plan: ΔNPV {:+.1} MUSD \
             (NPV {:.1} → {:.1} MUSD, the added GPUs' equipment and build included; battery and \
             generation capex {:.1} MUSD, battery at {:.0} USD/kWh; fuel {:.2} MUSD/yr; {:.3} % \
             of GPU-hours lost{shed})",
            self.budget,
            self.added_racks,
            self.added_gpus,
            self.delta_npv_musd,
            self.firm_npv_musd,
            self.flexible_npv_musd,
            self.capex_musd,
            self.battery_usd_per_kwh,
            self.fuel_musd_per_year,
            100.0 * self.lost_share,
        )
    }
}

/// The value of `flex` at the capital rates `costs`: the business case of `spec` at the year
/// plan's racks with the flexibility's lines, against `firm` (the design-hour plan `p`'s,
/// appraised as `firm_npv`). An error when the site's generation has no capital rate.
fn flexibility_value(
    s: &Scenario,
    spec: &FinanceSpec,
    p: &Plan,
    climate: &Climate,
    flex: &Flexibility,
    costs: FlexibilityCosts,
    firm_npv: Money,
) -> Result<FlexibilityValue> {
    let sum = OperatedSum::new(&s.site, flex, &s.sustainability, climate.len(), false)?;
    let (y, sum) = plan_year_watched(&s.site, &s.deployment, climate, flex, sum)?;
    let (operated, _) = sum.finish();
    let lf = spec.load_factor();
    let lines = FlexibilityLines::of(&costs, flex, &y.year, lf)?;
    let figures = AnnualFigures::from_year_plan(
        &s.site,
        &y,
        &flex.provisioned(&s.deployment)?,
        &operated,
        lf,
    )?;
    let flexible = spec
        .project(s.site.name(), figures)?
        .with_flexibility(lines)?
        .appraise()?;
    Ok(FlexibilityValue {
        budget: YearPlanReport::new(&y).budget_text(),
        added_racks: i64::from(y.primary_racks) - i64::from(p.primary_racks),
        added_gpus: y.accelerators as i64 - p.accelerators as i64,
        capex_musd: lines.capex.millions(),
        fuel_musd_per_year: lines.fuel.millions(),
        lost_share: lines.lost_share.get(),
        lost_revenue_shed_musd_per_year: lines.lost_revenue_shed.millions(),
        firm_npv_musd: firm_npv.millions(),
        flexible_npv_musd: flexible.npv.millions(),
        delta_npv_musd: (flexible.npv - firm_npv).millions(),
        flexible_capex_musd: flexible.capex.millions(),
        battery_usd_per_kwh: costs.battery_energy.get() / 1e3,
    })
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let file = args.site.read()?;
    let s = file.scenario()?;
    let p = plan(&s.site, &s.deployment)?;
    let year = s
        .climate
        .as_deref()
        .map(|c| annual(&s.site, &s.deployment, p.primary_racks, c))
        .transpose()?;
    let project = s
        .project(&p, year.as_ref())
        .map_err(|e| file.locate(e))?
        .ok_or_else(|| Error::Missing {
            field: "finance".into(),
            what: "the site file has no [finance] section (see docs/site-format.md)".into(),
        })?;
    let evaluation = project.appraise().map_err(|e| file.locate(e))?;
    let basis = if year.is_some() {
        "simulated"
    } else {
        "design"
    };
    let report = FinanceReport::new(s.site.name(), basis, &evaluation);
    let flexibility = match (&s.finance, s.climate.as_deref(), file.spec()?.flexibility) {
        (Some(spec), Some(climate), Some(_)) => {
            let flex = file.flexibility(&s.deployment)?;
            let costs = file.flexibility_costs()?;
            Some(
                flexibility_value(&s, spec, &p, climate, &flex, costs, evaluation.npv)
                    .map_err(|e| file.locate(e))?,
            )
        }
        _ => None,
    };
    if let Some(target) = &args.svg {
        write_svg(target, &chart::finance_svg(&report)?, out)?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    match args.output.format {
        OutputFormat::Table => {
            write!(out, "{}", report.table()).and_then(|()| match &flexibility {
                Some(f) => writeln!(out, "\n{}", f.line()),
                None => Ok(()),
            })
        }
        OutputFormat::Json => writeln!(
            out,
            "{}",
            json(&WithFlexibility {
                report: &report,
                flexibility: flexibility.as_ref(),
            })?
        ),
        OutputFormat::Csv => {
            let header = [
                "year",
                "ends",
                "online_share",
                "revenue_musd",
                "opex_musd",
                "capex_musd",
                "cash_flow_musd",
                "cumulative_musd",
                "equity_cash_flow_musd",
            ];
            csv::write_row(out, header).and_then(|()| {
                report.years.iter().try_for_each(|y| {
                    csv::write_row(
                        &mut *out,
                        [
                            y.year.to_string(),
                            y.ends.clone(),
                            format!("{:.4}", y.online_share),
                            format!("{:.4}", y.revenue_musd),
                            format!("{:.4}", y.opex_musd),
                            format!("{:.4}", y.capex_musd),
                            format!("{:.4}", y.cash_flow_musd),
                            format!("{:.4}", y.cumulative_musd),
                            format!("{:.4}", y.equity_cash_flow_musd),
                        ],
                    )
                })
            })
        }
    }
    .map_err(io_error)
}
