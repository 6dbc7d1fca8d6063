//! `dcplan simulate`: the plan, run hour by hour through a year of weather.

use crate::SiteArg;
use crate::output::{
    Output, OutputFormat, SvgTarget, io_error, json, report_wanted, svg_target, write_svg,
};
use crate::plan::plan_report;
use dcplan::Result;
use dcplan::climate::Climate;
use dcplan::flexibility::plan_year_watched;
use dcplan::report::{
    AnnualReport, OperatedReport, SustainabilityReport, YearPlanReport, chart, csv,
};
use dcplan::simulate::{HourlySeries, OperatedSum, annual_hourly_with, annual_with};
use dcplan::sustainability::Sustainability;
use serde::Serialize;
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

/// The JSON document: the design-hour plan, the year, and the dispatch with `[flexibility]`.
#[derive(Serialize)]
struct SimulateReport<'a, P: Serialize> {
    plan: &'a P,
    annual: &'a AnnualReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    flexibility: Option<&'a YearPlanReport>,
    /// The year as operated by the dispatch (with `[flexibility]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    operated: Option<&'a OperatedReport>,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let file = args.site.read()?;
    let mut s = file.scenario()?;
    // With a `[flexibility]` section, the year plan's racks run with the dispatch.
    let flex = match file.spec()?.flexibility {
        Some(_) => Some(file.flexibility(&s.deployment)?),
        None => None,
    };
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
    let hourly = args.svg.is_some() || args.output.format == OutputFormat::Csv;
    // The year plan, with its own whole-year pass at the answer summed as operated (and its
    // hours kept for the outputs that show them): the dispatch runs once for both. The racks
    // it places and the deployment as provisioned under a static cap; the design-hour plan
    // otherwise.
    let mut dispatch = Vec::new();
    let flexible = match &flex {
        Some(f) => {
            let sum = OperatedSum::new(&s.site, f, &s.sustainability, climate.len(), hourly)?;
            let (y, sum) = plan_year_watched(&s.site, &s.deployment, climate, f, sum)?;
            let (operated, hours) = sum.finish();
            dispatch = hours;
            let report = YearPlanReport::new(&y).with_battery(f.battery());
            Some((y, report, operated, f.provisioned(&s.deployment)?))
        }
        None => None,
    };
    let (racks, deployment) = match &flexible {
        Some((y, _, _, d)) => (y.primary_racks, d),
        None => (p.primary_racks, &s.deployment),
    };
    // The undispatched year (the load the racks would draw, each loop's year, and the hourly
    // series only for the outputs that show them).
    let (year, series) = if hourly {
        annual_hourly_with(&s.site, deployment, racks, climate, &s.sustainability)?
    } else {
        let year = annual_with(&s.site, deployment, racks, climate, &s.sustainability)?;
        (year, HourlySeries::default())
    };
    let mut report = AnnualReport::new(&s.site, climate.name(), &year)?;
    // With the dispatch, the KPIs and the rules are judged on the year as operated.
    if s.sustainability != Sustainability::default() {
        let installed = p.operating_point.it;
        report.sustainability = Some(match &flexible {
            Some((_, _, o, _)) => SustainabilityReport::operated(o, &s.sustainability, installed)?,
            None => SustainabilityReport::annual(&year, &s.sustainability, installed)?,
        });
    }
    let (flex_report, operated) = match flexible {
        Some((_, r, o, _)) => {
            report.undispatched = true;
            (Some(r), Some(OperatedReport::new(&o, &s.sustainability)?))
        }
        None => (None, None),
    };
    if let Some(target) = &args.svg {
        write_svg(
            target,
            &chart::annual_flex_svg(&plan_r, &report, &series, &dispatch)?,
            out,
        )?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    match args.output.format {
        OutputFormat::Table => write!(out, "{}", report.table())
            .and_then(|()| match &flex_report {
                Some(r) => write!(
                    out,
                    "\nFlexibility over the year (the year plan's racks):\n{}",
                    r.table()
                ),
                None => Ok(()),
            })
            .and_then(|()| match &operated {
                Some(o) => write!(
                    out,
                    "\nThe year as operated (the energy, PUE and loops above are the undispatched \
                     load{}):\n{}",
                    if report.sustainability.is_some() {
                        "; the sustainability report above judges this year"
                    } else {
                        ""
                    },
                    o.table()
                ),
                None => Ok(()),
            }),
        OutputFormat::Json => writeln!(
            out,
            "{}",
            json(&SimulateReport {
                plan: &plan_r,
                annual: &report,
                flexibility: flex_report.as_ref(),
                operated: operated.as_ref(),
            })?
        ),
        OutputFormat::Csv => csv::hourly_with_dispatch(out, climate, &series, &dispatch),
    }
    .map_err(io_error)
}
