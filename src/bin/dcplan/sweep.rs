//! `dcplan sweep`: a grid of scenarios ([`SiteSweep`]), written chunk by chunk as it completes.

use crate::SiteArg;
use crate::output::{
    COLUMNS, Output, OutputFormat, SvgTarget, annual_rows, io_error, label, plan_rows,
    report_wanted, svg_target, write_svg,
};
use dcplan::report::chart::{SweepAxis, sweep_chart_fits, sweep_svg};
use dcplan::report::{csv, group_digits, thousands};
use dcplan::sitefile::{Grid, Vary};
use dcplan::sweep::{CHUNK, FinanceSummary, ScenarioResult, SiteSweep};
use dcplan::{Error, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, IsTerminal, Write};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArg,
    /// A field to vary: PATH=FROM..TO[:STEPS] (default 5 steps; every integer for unitless
    /// integer ranges) or PATH=A,B,C. Repeat for a grid. Fields that change together are one
    /// axis: PATH,PATH=… (the same values) or PATH=…;PATH=… (each its own, as many).
    #[arg(long, value_name = "PATH=RANGE", required = true)]
    vary: Vec<String>,
    /// Also simulate each scenario's year (slower).
    #[arg(long)]
    annual: bool,
    /// Run a grid of more than 100,000,000 scenarios.
    #[arg(long)]
    allow_large: bool,
    #[command(flatten)]
    output: Output,
    /// Write an SVG chart of `--metric` against the varied field (a heat map for two fields;
    /// `-`: to standard output, instead of the rows).
    #[arg(long, value_name = "FILE.svg", value_parser = svg_target)]
    svg: Option<SvgTarget>,
    /// The column the chart shows, e.g. accelerators, pue_design, pue_annual, npv_musd.
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "accelerators",
        requires = "svg"
    )]
    metric: String,
}

/// Most scenarios a sweep runs without `--allow-large`: at thousands of scenarios a second,
/// a bigger grid runs for days and writes gigabytes, more often a typo than a plan.
pub const MAX_SCENARIOS: u64 = 100_000_000;

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let file = args.site.read()?;
    let varies = args
        .vary
        .iter()
        .map(|v| v.parse::<Vary>())
        .collect::<Result<Vec<_>>>()?;
    let grid = Grid::new(varies)?;
    let named = || format!("--vary {}", args.vary.join(" --vary "));
    let total = grid.len();
    if total > MAX_SCENARIOS && !args.allow_large {
        let size = if total == u64::MAX {
            format!("at least {}", thousands(total))
        } else {
            thousands(total)
        };
        return Err(Error::Inconsistent {
            field: named(),
            reason: format!(
                "the grid has {size} scenarios, more than {}: pass --allow-large to run it",
                thousands(MAX_SCENARIOS)
            ),
        });
    }
    if args.svg.is_some() {
        check_chart(&grid, &args.metric)?;
    }
    let sweep = SiteSweep::new(&file, grid, args.annual).map_err(|e| match e {
        // A grid the site file's schema rejects, named as it was given.
        Error::Inconsistent { field, reason } if field == "vary" => Error::Inconsistent {
            field: named(),
            reason,
        },
        e => e,
    })?;
    let bar = if io::stderr().is_terminal() {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} scenarios ({eta} left)",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut writer = SweepWriter {
        format: args.output.format,
        columns: None,
        widths: Vec::new(),
    };
    let rows = report_wanted(args.svg.as_ref());
    let mut pending: Vec<Record> = Vec::with_capacity(CHUNK as usize);
    let mut failed = 0u64;
    let mut first_failure = None;
    let mut cells = Vec::new();
    sweep.run(
        |result| {
            let record = record(sweep.grid(), result);
            bar.inc(1);
            record
        },
        |i, record| {
            let error = record.iter().find(|(k, _)| k == "error").map(|(_, v)| v);
            if let Some(e) = error.filter(|e| !e.is_empty()) {
                failed += 1;
                first_failure.get_or_insert_with(|| format!("scenario {i}: {e}"));
            }
            if args.svg.is_some() {
                cells.push(metric_of(&record, &args.metric));
            }
            if rows {
                pending.push(record);
                // Write each chunk of the sweep as it completes.
                if (i + 1) % CHUNK == 0 || i + 1 == total {
                    writer.chunk(out, &pending)?;
                    out.flush().map_err(io_error)?;
                    pending.clear();
                }
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    if failed == total {
        return Err(Error::Inconsistent {
            field: named(),
            reason: format!(
                "all {} scenarios failed; the first, {}",
                thousands(total),
                first_failure.unwrap_or_default()
            ),
        });
    }
    if failed > 0 {
        eprintln!(
            "dcplan sweep: {} of {} scenarios failed (their error column says why)",
            thousands(failed),
            thousands(total)
        );
    }
    if let Some(target) = &args.svg {
        if cells.iter().all(Option::is_none) {
            return Err(Error::Inconsistent {
                field: "--metric".into(),
                reason: format!(
                    "no scenario has a number in the column {:?} (it needs --annual for \
                     the year's columns, a [finance] section for npv_musd, irr and \
                     payback_years)",
                    args.metric
                ),
            });
        }
        let axes: Vec<SweepAxis> = sweep
            .grid()
            .varies()
            .iter()
            // A linked axis is drawn along its first field's values, labelled with every field.
            .map(|v| SweepAxis {
                path: v.paths().collect::<Vec<_>>().join(" & "),
                values: v.values(0).map(|value| text_of(&value)).collect(),
            })
            .collect();
        let svg = sweep_svg(&site_name(&file), label(&args.metric), &axes, &cells)?;
        write_svg(target, &svg, out)?;
    }
    Ok(())
}

/// The site's name, for a chart's title.
fn site_name(file: &dcplan::sitefile::SiteFile) -> String {
    file.spec().map(|s| s.name.clone()).unwrap_or_default()
}

/// Refuses a chart it cannot draw before the sweep runs: more than two varied fields, too
/// many scenarios, or a column that is not a number.
fn check_chart(grid: &Grid, metric: &str) -> Result<()> {
    let numeric: Vec<&str> = COLUMNS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !["rack", "binding"].contains(k))
        .collect();
    if !numeric.contains(&metric) {
        return Err(Error::Inconsistent {
            field: "--metric".into(),
            reason: format!(
                "{metric:?} is not a column with numbers; one of {}",
                numeric.join(", ")
            ),
        });
    }
    sweep_chart_fits(grid.varies().len(), grid.len())
}

/// The number in column `metric` of a record, if the scenario has one.
fn metric_of(record: &Record, metric: &str) -> Option<f64> {
    record
        .iter()
        .find(|(k, _)| k == metric)
        .and_then(|(_, v)| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// A varied value as written: a text without its quotes, a number as it is.
fn text_of(value: &serde_json::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// A scenario's columns: its index, the values it varies, its figures (or none), the error.
fn record(grid: &Grid, result: ScenarioResult) -> Record {
    let mut record: Record = vec![("scenario".into(), result.scenario.to_string())];
    record.extend(
        grid.paths()
            .zip(&result.values)
            .map(|(path, value)| (path.to_owned(), text_of(value))),
    );
    let error = match result.outcome {
        Ok(outcome) => {
            record.extend(plan_rows(&outcome.plan));
            if let Some(year) = &outcome.year {
                record.extend(annual_rows(year));
            }
            if let Some(finance) = &outcome.finance {
                record.extend(finance_rows(finance));
            }
            String::new()
        }
        Err(e) => e.to_string(),
    };
    record.push(("error".into(), error));
    record
}

fn finance_rows(f: &FinanceSummary) -> [(String, String); 3] {
    [
        ("npv_musd".to_owned(), format!("{:.2}", f.npv.millions())),
        (
            "irr".to_owned(),
            f.irr.map(|x| format!("{x:.4}")).unwrap_or_default(),
        ),
        (
            "payback_years".to_owned(),
            f.payback
                .map(|x| format!("{:.2}", x.get::<dcplan::units::time::year>()))
                .unwrap_or_default(),
        ),
    ]
}

/// Columns a sweep's table leaves out for width (CSV and JSON have them all).
const TABLE_OMITS: [&str; 6] = [
    "rack",
    "racks_total",
    "design_dry_bulb_c",
    "interconnect_mw",
    "house_mw",
    "unused_mw",
];

/// One scenario of a sweep: (column, value) pairs, inputs first.
type Record = Vec<(String, String)>;

/// Writes sweep records chunk by chunk as they complete: JSON lines, CSV rows, or a table whose
/// columns are those of the first successful scenario and whose widths are set by the first
/// chunk that has one.
struct SweepWriter {
    format: OutputFormat,
    columns: Option<Vec<String>>,
    widths: Vec<usize>,
}

impl SweepWriter {
    fn chunk(&mut self, out: &mut impl Write, records: &[Record]) -> Result<()> {
        if self.format == OutputFormat::Json {
            for record in records {
                let object: serde_json::Map<String, serde_json::Value> = record
                    .iter()
                    .filter(|(k, v)| k != "error" || !v.is_empty())
                    .map(|(k, v)| (k.clone(), json_scalar(v)))
                    .collect();
                let line = serde_json::to_string(&object).map_err(|e| Error::Internal {
                    what: format!("writing JSON: {e}"),
                })?;
                writeln!(out, "{line}").map_err(io_error)?;
            }
            return Ok(());
        }
        let table = self.format == OutputFormat::Table;
        // A table is for people: column names in words, digits grouped.
        let shown = |v: &String| if table { group_digits(v) } else { v.clone() };
        if self.columns.is_none() {
            // The first successful scenario has the most columns.
            let widest = records.iter().max_by_key(|r| r.len());
            if let Some(names) = widest.filter(|r| r.iter().any(|(k, _)| k == "rack")) {
                let names: Vec<String> = names
                    .iter()
                    .map(|(k, _)| k.clone())
                    .filter(|k| !table || !TABLE_OMITS.contains(&k.as_str()))
                    .collect();
                let heads: Vec<String> = names
                    .iter()
                    .map(|n| {
                        if table {
                            label(n).to_owned()
                        } else {
                            n.clone()
                        }
                    })
                    .collect();
                self.widths = names
                    .iter()
                    .zip(&heads)
                    .map(|(n, head)| {
                        records
                            .iter()
                            .flat_map(|r| r.iter().filter(|(k, _)| k == n))
                            .map(|(_, v)| shown(v).chars().count())
                            .chain([head.chars().count()])
                            .max()
                            .filter(|_| n != "error") // the last column runs on
                            .unwrap_or(head.chars().count())
                    })
                    .collect();
                self.line(out, &heads).map_err(io_error)?;
                if self.format == OutputFormat::Table {
                    let rule: Vec<String> = self.widths.iter().map(|&w| "-".repeat(w)).collect();
                    self.line(out, &rule).map_err(io_error)?;
                }
                self.columns = Some(names);
            }
        }
        for record in records {
            let Some(names) = &self.columns else {
                // Nothing has succeeded yet: say what failed, one scenario per line.
                let text: Vec<String> = record.iter().map(|(k, v)| format!("{k}={v}")).collect();
                writeln!(out, "{}", text.join(", ")).map_err(io_error)?;
                continue;
            };
            let cells: Vec<String> = names
                .iter()
                .map(|n| {
                    record
                        .iter()
                        .find(|(k, _)| k == n)
                        .map(|(_, v)| shown(v))
                        .unwrap_or_default()
                })
                .collect();
            self.line(out, &cells).map_err(io_error)?;
        }
        Ok(())
    }

    fn line(&self, out: &mut impl Write, cells: &[String]) -> io::Result<()> {
        if self.format == OutputFormat::Csv {
            return csv::write_row(out, cells);
        }
        let line: Vec<String> = cells
            .iter()
            .zip(&self.widths)
            .map(|(c, &w)| {
                let numeric = c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-');
                if numeric && c.replace(',', "").parse::<f64>().is_ok() {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())
    }
}

/// A sweep value as JSON: an integer, a finite number, or text.
fn json_scalar(v: &str) -> serde_json::Value {
    if let Ok(n) = v.parse::<i64>() {
        serde_json::Value::from(n)
    } else {
        v.parse::<f64>().ok().filter(|x| x.is_finite()).map_or_else(
            || serde_json::Value::String(v.to_owned()),
            serde_json::Value::from,
        )
    }
}
