//! `dcplan finance`: the business case of a site file's `[finance]` section.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, report_wanted, svg_target, write_svg,
};
use dcplan::capacity::plan;
use dcplan::report::{FinanceReport, chart, csv};
use dcplan::simulate::annual;
use dcplan::{Error, Result};
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

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let file = args.site.read()?;
    let s = file.scenario()?;
    let p = plan(&s.site, &s.deployment)?;
    let year = s
        .climate
        .as_deref()
        .map(|c| annual(&s.site, &s.deployment, p.primary_racks, c))
        .transpose()?;
    let evaluation = s
        .business_case(&p, year.as_ref())
        .map_err(|e| file.locate(e))?
        .ok_or_else(|| Error::Missing {
            field: "finance".into(),
            what: "the site file has no [finance] section (see docs/site-format.md)".into(),
        })?;
    let basis = if year.is_some() {
        "simulated"
    } else {
        "design"
    };
    let report = FinanceReport::new(s.site.name(), basis, &evaluation);
    if let Some(target) = &args.svg {
        write_svg(target, &chart::finance_svg(&report)?, out)?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    match args.output.format {
        OutputFormat::Table => write!(out, "{}", report.table()),
        OutputFormat::Json => writeln!(out, "{}", json(&report)?),
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
