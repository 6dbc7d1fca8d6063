//! `dcplan simulate`: the plan, run hour by hour through a year of weather.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, report_wanted, svg_target, write_svg,
};
use crate::plan::plan_report;
use dcplan::Result;
use dcplan::climate::Climate;
use dcplan::report::{AnnualReport, SustainabilityReport, chart, csv};
use dcplan::simulate::{HourlySeries, annual_hourly_with, annual_with};
use dcplan::sustainability::Sustainability;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArg,
    /// An EPW weather file to simulate instead of the site file's climate (the plan stays
    /// at the site's own design hour).
    #[arg(long, value_name = "FILE.epw")]
    weather: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
    /// Write SVG charts: hourly PUE over the year, sorted headroom curves per loop, facility
    /// power (sorted) against the interconnect, and where the megawatts go (`-`: to standard
    /// output, instead of the report).
    #[arg(long, value_name = "FILE.svg", value_parser = svg_target)]
    svg: Option<SvgTarget>,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let mut s = args.site.read()?.scenario()?;
    if let Some(path) = &args.weather {
        let epw = Climate::from_epw_file(path)?;
        let epw = match s.climate.as_deref().and_then(Climate::water_profile) {
            Some(profile) => epw.with_water(*profile)?,
            None => epw,
        };
        s.climate = Some(Arc::new(epw));
    }
    let (p, plan_r) = plan_report(&s)?;
    let climate = s.weather()?;
    // The hourly series (a year per loop) are kept only for the outputs that show them.
    let (year, series) = if args.svg.is_some() || args.output.format == OutputFormat::Csv {
        annual_hourly_with(
            &s.site,
            &s.deployment,
            p.primary_racks,
            climate,
            &s.sustainability,
        )?
    } else {
        let year = annual_with(
            &s.site,
            &s.deployment,
            p.primary_racks,
            climate,
            &s.sustainability,
        )?;
        (year, HourlySeries::default())
    };
    let mut report = AnnualReport::new(&s.site, climate.name(), &year)?;
    if s.sustainability != Sustainability::default() {
        report.sustainability = Some(SustainabilityReport::annual(
            &year,
            &s.sustainability,
            p.operating_point.it,
        )?);
    }
    if let Some(target) = &args.svg {
        write_svg(target, &chart::annual_svg(&plan_r, &report, &series)?, out)?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    match args.output.format {
        OutputFormat::Table => write!(out, "{}", report.table()),
        OutputFormat::Json => writeln!(
            out,
            "{}",
            json(&serde_json::json!({ "plan": plan_r, "annual": report }))?
        ),
        OutputFormat::Csv => csv::hourly(out, climate, &series),
    }
    .map_err(io_error)
}
