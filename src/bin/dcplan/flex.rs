//! `dcplan flex`: how many GPUs fit over the climate year with the site's `[flexibility]`
//! (battery, generation, GPU caps, curtailment budget), and the Duke table.

use crate::SiteArg;
use crate::output::{Output, OutputFormat, io_error, json};
use dcplan::Result;
use dcplan::flexibility::{duke_table, plan_year};
use dcplan::report::{DukeReport, YearPlanReport, csv};
use serde::Serialize;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    output: Output,
}

/// Both parts, for JSON.
#[derive(Serialize)]
struct FlexReport {
    year_plan: YearPlanReport,
    duke: DukeReport,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let file = args.site.read()?;
    let s = file.scenario()?;
    let flex = file.flexibility(&s.deployment)?;
    let climate = s.weather()?;
    let plan = plan_year(&s.site, &s.deployment, climate, &flex)?;
    let duke = duke_table(&s.site, &s.deployment, climate, &flex)?;
    let report = FlexReport {
        year_plan: YearPlanReport::new(&plan),
        duke: DukeReport::new(&duke),
    };
    match args.output.format {
        OutputFormat::Table => write!(
            out,
            "{}\nGPUs that fit at Duke's curtailment levels (share of the year's IT energy):\n{}",
            report.year_plan.table(),
            report.duke.table()
        ),
        OutputFormat::Json => writeln!(out, "{}", json(&report)?),
        OutputFormat::Csv => csv::write_row(
            &mut *out,
            ["curtailment_share", "primary_racks", "accelerators"],
        )
        .and_then(|()| {
            report.duke.levels.iter().try_for_each(|r| {
                csv::write_row(
                    &mut *out,
                    [
                        r.curtailment_share.to_string(),
                        r.primary_racks.to_string(),
                        r.accelerators.to_string(),
                    ],
                )
            })
        }),
    }
    .map_err(io_error)
}
