//! `dcplan finance`: the business case of a site file's `[finance]` section.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, report_wanted, svg_target, write_svg,
};
use dcplan::capacity::{Plan, plan};
use dcplan::climate::Climate;
use dcplan::economics::{
    BusinessModel, FlexibilityCosts, Project, flexibility_annual_cost, flexibility_delta_npv,
};
use dcplan::flexibility::{Flexibility, plan_year};
use dcplan::report::{FinanceReport, YearPlanReport, chart, csv};
use dcplan::simulate::annual;
use dcplan::sitefile::Scenario;
use dcplan::units::Fraction;
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

/// What the site's `[flexibility]` buys against the design-hour plan the business case
/// appraises: the year plan's extra racks, their GPU-hours sold, less the flexibility's capex,
/// fuel and lost GPU-hours (`economics::flexibility_delta_npv`).
#[derive(Serialize)]
struct FlexibilityValue {
    budget: String,
    added_racks: i64,
    added_gpus: i64,
    capex_musd: f64,
    annual_cost_musd: f64,
    delta_npv_musd: f64,
    /// The rates used: battery energy capex (USD/kWh), default or given.
    battery_usd_per_kwh: f64,
}

impl FlexibilityValue {
    fn line(&self) -> String {
        format!(
            "Flexibility ({}): {:+} racks ({:+} GPUs) over the design-hour plan: ΔNPV {:+.1} MUSD \
             before the added GPUs' own equipment and build (capex {:.1} MUSD, battery at {:.0} \
             USD/kWh; fuel and lost GPU-hours {:.2} MUSD/yr)",
            self.budget,
            self.added_racks,
            self.added_gpus,
            self.delta_npv_musd,
            self.capex_musd,
            self.battery_usd_per_kwh,
            self.annual_cost_musd
        )
    }
}

/// The value of `flex` for a GPU-rental business case at the capital rates `costs` (`None`
/// for other models; an error when the site's generation has no capital rate).
fn flexibility_value(
    s: &Scenario,
    p: &Plan,
    climate: &Climate,
    flex: &Flexibility,
    costs: FlexibilityCosts,
    project: &Project,
    load_factor: Fraction,
) -> Result<Option<FlexibilityValue>> {
    let BusinessModel::GpuRental { price, utilisation } = project.model() else {
        return Ok(None);
    };
    let capex = costs.capex(flex)?;
    let y = plan_year(&s.site, &s.deployment, climate, flex)?;
    let price = price.at(1);
    let hours = 8_760.0 * load_factor.get() * utilisation.get();
    let annual = flexibility_annual_cost(&y.year, price);
    let added_gpus = y.accelerators as i64 - p.accelerators as i64;
    let d = project.discounting();
    let dnpv = flexibility_delta_npv(
        added_gpus,
        price,
        hours,
        annual,
        capex,
        d.discount_rate,
        d.horizon_years,
    );
    Ok(Some(FlexibilityValue {
        budget: YearPlanReport::new(&y).budget_text(),
        added_racks: i64::from(y.primary_racks) - i64::from(p.primary_racks),
        added_gpus,
        capex_musd: capex.millions(),
        annual_cost_musd: annual.millions(),
        delta_npv_musd: dnpv.millions(),
        battery_usd_per_kwh: costs.battery_energy.get() / 1e3,
    }))
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
            flexibility_value(&s, &p, climate, &flex, costs, &project, spec.load_factor())
                .map_err(|e| file.locate(e))?
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
