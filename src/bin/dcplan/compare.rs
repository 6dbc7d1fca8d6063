//! `dcplan compare`: plans (and years) of several sites side by side.

use crate::output::{Output, OutputFormat, annual_rows, io_error, json, plan_rows};
use crate::plan::plan_report;
use dcplan::Result;
use dcplan::report::{AnnualReport, Table, csv};
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
    let format = args.output.format;
    match format {
        OutputFormat::Json => {
            let sites: Vec<serde_json::Value> = plans
                .iter()
                .enumerate()
                .map(|(i, p)| serde_json::json!({ "plan": p, "annual": years.get(i) }))
                .collect();
            writeln!(out, "{}", json(&sites)?)
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let mut header = vec!["metric".to_owned()];
            header.extend(plans.iter().map(|p| p.site.clone()));
            let metrics: Vec<&String> = rows.iter().flat_map(|r| r.iter().map(|(k, _)| k)).fold(
                Vec::new(),
                |mut seen, k| {
                    if !seen.contains(&k) {
                        seen.push(k);
                    }
                    seen
                },
            );
            let body = metrics.iter().map(|m| {
                let mut line = vec![(*m).clone()];
                line.extend(rows.iter().map(|r| {
                    r.iter()
                        .find(|(k, _)| k == *m)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                }));
                line
            });
            if format == OutputFormat::Csv {
                csv::write_row(out, &header)
                    .and_then(|()| body.into_iter().try_for_each(|l| csv::write_row(out, &l)))
            } else {
                let mut t = Table::default();
                t.push(header);
                body.for_each(|l| t.push(l));
                write!(out, "{}", t.render())
            }
        }
    }
    .map_err(io_error)
}
