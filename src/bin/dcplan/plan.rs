//! `dcplan plan`: how many racks fit at the design hour, and what binds.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, plan_rows, report_wanted, svg_target,
    write_svg,
};
use dcplan::Result;
use dcplan::capacity::{Plan, plan};
use dcplan::report::{PlanReport, SustainabilityReport, chart, csv};
use dcplan::sitefile::Scenario;
use dcplan::sustainability::Sustainability;
use dcplan::sweep::PlanSummary;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    output: Output,
    /// Write an SVG chart of where the interconnect's megawatts go (`-`: to standard output,
    /// instead of the report).
    #[arg(long, value_name = "FILE.svg", value_parser = svg_target)]
    svg: Option<SvgTarget>,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let s = args.site.read()?.scenario()?;
    let (p, report) = plan_report(&s)?;
    if let Some(target) = &args.svg {
        write_svg(target, &chart::plan_svg(&report)?, out)?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    match args.output.format {
        OutputFormat::Table => write!(out, "{}", report.table()),
        OutputFormat::Json => writeln!(out, "{}", json(&report)?),
        OutputFormat::Csv => {
            let rows = plan_rows(&PlanSummary::new(&s.site, &s.deployment, &p)?);
            csv::write_row(out, ["metric", "value"]).and_then(|()| {
                rows.iter()
                    .try_for_each(|(k, v)| csv::write_row(&mut *out, [k.as_str(), v.as_str()]))
            })
        }
    }
    .map_err(io_error)
}

/// The plan of scenario `s` and its report.
pub fn plan_report(s: &Scenario) -> Result<(Plan, PlanReport)> {
    let p = plan(&s.site, &s.deployment)?;
    let mut report = PlanReport::new(&s.site, &s.deployment, &p)?;
    if s.sustainability != Sustainability::default() {
        report.sustainability = Some(SustainabilityReport::design_hour(
            &p.operating_point,
            &s.sustainability,
        )?);
    }
    Ok((p, report))
}
