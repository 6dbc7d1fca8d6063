//! `dcplan compare`: plans (and years) of several sites side by side.

use crate::output::{
    Output, OutputFormat, SvgTarget, annual_rows, io_error, json, label, plan_rows, report_wanted,
    svg_target, write_svg,
};
use crate::plan::plan_report;
use dcplan::Result;
use dcplan::report::{AnnualReport, Table, chart, csv, group_digits};
use dcplan::simulate::annual;
use dcplan::sitefile::SiteFile;
use dcplan::sweep::{PlanSummary, YearSummary};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Site files.
    #[arg(required = true, num_args = 2..)]
    sites: Vec<PathBuf>,
    /// Also simulate each site's year.
    #[arg(long)]
    annual: bool,
    #[command(flatten)]
    output: Output,
    /// Write an SVG chart of where each site's megawatts go, side by side (`-`: to standard
    /// output, instead of the report).
    #[arg(long, value_name = "FILE.svg", value_parser = svg_target)]
    svg: Option<SvgTarget>,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let mut plans = Vec::new();
    let mut years = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for path in &args.sites {
        let s = SiteFile::read(path)?.scenario()?;
        let (p, r) = plan_report(&s)?;
        let mut site_rows = plan_rows(&PlanSummary::new(&s.site, &s.deployment, &p)?);
        if args.annual {
            let climate = s.weather()?;
            let year = annual(&s.site, &s.deployment, p.primary_racks, climate)?;
            years.push(AnnualReport::new(&s.site, climate.name(), &year)?);
            site_rows.extend(annual_rows(&YearSummary::new(&year)?));
        }
        plans.push(r);
        rows.push(site_rows);
    }
    if let Some(target) = &args.svg {
        write_svg(target, &chart::compare_svg(&plans)?, out)?;
    }
    if !report_wanted(args.svg.as_ref()) {
        return Ok(());
    }
    let format = args.output.format;
    if format == OutputFormat::Json {
        let sites: Vec<serde_json::Value> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| serde_json::json!({ "plan": p, "annual": years.get(i) }))
            .collect();
        return writeln!(out, "{}", json(&sites)?).map_err(io_error);
    }
    let metrics: Vec<&String> =
        rows.iter()
            .flat_map(|r| r.iter().map(|(k, _)| k))
            .fold(Vec::new(), |mut seen, k| {
                if !seen.contains(&k) {
                    seen.push(k);
                }
                seen
            });
    let value = |r: &[(String, String)], m: &str| {
        r.iter()
            .find(|(k, _)| k == m)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if format == OutputFormat::Csv {
        // Machine names: the columns of `sweep` and the fields of JSON.
        let mut header = vec!["metric".to_owned()];
        header.extend(plans.iter().map(|p| p.site.clone()));
        return csv::write_row(out, &header)
            .and_then(|()| {
                metrics.iter().try_for_each(|m| {
                    let mut line = vec![(*m).clone()];
                    line.extend(rows.iter().map(|r| value(r, m)));
                    csv::write_row(out, &line)
                })
            })
            .map_err(io_error);
    }
    let mut t = Table::default();
    let mut header = vec![String::new()];
    header.extend(plans.iter().map(|p| p.site.clone()));
    t.push(header);
    for m in metrics {
        let mut line = vec![label(m).to_owned()];
        line.extend(rows.iter().map(|r| group_digits(&value(r, m))));
        t.push(line);
    }
    write!(out, "{}", t.render()).map_err(io_error)
}
