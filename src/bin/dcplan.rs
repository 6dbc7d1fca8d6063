//! `dcplan`: plan, simulate, compare and sweep data-center sites described in TOML/JSON site
//! files (see `docs/site-format.md`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use dcplan::capacity::plan;
use dcplan::climate::{self, Climate};
use dcplan::cooling::Technology;
use dcplan::economics::Evaluation;
use dcplan::it::catalog;
use dcplan::report::{AnnualReport, FinanceReport, PlanReport, Table, chart, csv};
use dcplan::simulate::{annual, annual_hourly};
use dcplan::sitefile::{Format, Grid, Scenario, SiteFile, SiteSpec, Vary};
use dcplan::{Error, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The built-in example site, compiled in.
const EXAMPLE_NAME: &str = "examples/sites/lingang-seawater.toml";
const EXAMPLE_TEXT: &str = include_str!("../../examples/sites/lingang-seawater.toml");

#[derive(Parser)]
#[command(
    name = "dcplan",
    version,
    about = "Power and cooling planning for AI data centers",
    long_about = "Power and cooling planning for AI data centers.\n\n\
        A site file (TOML, or JSON with the same schema; see docs/site-format.md) describes the \
        grid interconnect, substation, electrical chain, cooling loops, halls, the IT deployed \
        and the climate, with quantities written with their units (\"120 kW\", \"18 °C\"). \
        `dcplan plan --example` runs the built-in example site."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// How many racks and GPUs fit at the design hour, which constraint binds first, and the
    /// headroom left on every constraint.
    Plan {
        #[command(flatten)]
        site: SiteArg,
        #[command(flatten)]
        output: Output,
        /// Write an SVG chart of where the interconnect's megawatts go.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
    /// Plan the site, then run it hour by hour through a year of weather: annual energy,
    /// annualised PUE (ISO/IEC 30134-2), free-cooling hours, water, headroom exceedance.
    /// `--format csv` writes the hourly series.
    Simulate {
        #[command(flatten)]
        site: SiteArg,
        /// An EPW weather file to simulate instead of the site file's climate (the plan stays
        /// at the site's own design hour).
        #[arg(long, value_name = "FILE.epw")]
        weather: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
        /// Write SVG charts: hourly PUE over the year, sorted headroom curves per loop, and
        /// where the megawatts go.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
    /// Plans of several sites side by side (`--annual` adds the annual simulation).
    Compare {
        /// Site files.
        #[arg(required = true, num_args = 2..)]
        sites: Vec<PathBuf>,
        /// Also simulate each site's year.
        #[arg(long)]
        annual: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Run a grid of scenarios in parallel: each `--vary PATH=FROM..TO[:STEPS]` (or
    /// `PATH=A,B,C`) sets a field of the site file, e.g.
    /// `--vary "interconnect.capacity=50 MW..200 MW:16"`, and every combination is planned.
    /// Rows are written as they complete, in order (CSV, JSON lines, or a table); a progress
    /// bar shows on a terminal.
    Sweep {
        #[command(flatten)]
        site: SiteArg,
        /// A field to vary: PATH=FROM..TO[:STEPS] (default 5 steps; every integer for unitless
        /// integer ranges) or PATH=A,B,C. Repeat for a grid.
        #[arg(long, value_name = "PATH=RANGE", required = true)]
        vary: Vec<String>,
        /// Also simulate each scenario's year (slower).
        #[arg(long)]
        annual: bool,
        #[command(flatten)]
        output: Output,
    },
    /// The business case of a site file's [finance] section: capex, NPV, IRR, payback, time
    /// to first GPUs online, levelised cost and the yearly cash flows (energy from the
    /// simulated year when the file has a climate). `--format csv` writes the yearly rows.
    Finance {
        #[command(flatten)]
        site: SiteArg,
        #[command(flatten)]
        output: Output,
    },
    /// The built-in IT systems, cooling technologies and climates, with their sources.
    Catalog {
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Args)]
struct SiteArg {
    /// Site file (.toml, or .json).
    #[arg(value_name = "SITE", required_unless_present = "example")]
    site: Option<PathBuf>,
    /// Use the built-in example site (a Lingang-like seawater-cooled GB200 campus).
    #[arg(long, conflicts_with = "site")]
    example: bool,
}

#[derive(Args)]
struct Output {
    /// Output format: a readable table, JSON (stable field names with units in them), or CSV.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !io::stderr().is_terminal() {
        // Logs and pipes get each message on one line, for grep.
        let _ = miette::set_hook(Box::new(|_| {
            Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
        }));
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(cli.command, &mut out).and_then(|()| out.flush().map_err(io_error));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Io { reason, .. }) if reason.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{:?}", diagnostic(e));
            ExitCode::FAILURE
        }
    }
}

fn io_error(e: io::Error) -> Error {
    Error::Io {
        path: "standard output".into(),
        reason: e.to_string(),
    }
}

/// Longest line of a site file shown with an error: a longer one (a file without line breaks,
/// a value thousands of characters long) would bury the message.
const MAX_SHOWN_LINE: usize = 500;

/// A readable report of `e`, with the offending lines of a site file.
fn diagnostic(e: Error) -> miette::Report {
    if let Error::SiteFile(at) = &e {
        let text = if at.file == EXAMPLE_NAME {
            Some(EXAMPLE_TEXT.to_owned())
        } else {
            std::fs::read(&at.file)
                .ok()
                .filter(|bytes| bytes.len() <= dcplan::sitefile::MAX_SITE_FILE_BYTES)
                .and_then(|bytes| String::from_utf8(bytes).ok())
        };
        let readable = |text: &String| text.lines().all(|l| l.len() <= MAX_SHOWN_LINE);
        if let Some(text) = text.filter(readable) {
            let label = miette::LabeledSpan::at(at.offset..at.offset + at.length, &at.expected);
            return miette::miette!(labels = vec![label], "{e}")
                .with_source_code(miette::NamedSource::new(at.file.clone(), text));
        }
    }
    miette::miette!("{e}")
}

fn site_file(arg: &SiteArg) -> Result<SiteFile> {
    match &arg.site {
        Some(path) => SiteFile::read(path),
        None => Ok(SiteFile::from_text(
            EXAMPLE_NAME,
            EXAMPLE_TEXT,
            Format::Toml,
            "examples/sites",
        )),
    }
}

fn run(command: Command, out: &mut impl Write) -> Result<()> {
    match command {
        Command::Plan { site, output, svg } => {
            let file = site_file(&site)?;
            let (_, report) = plan_report(&file.scenario()?)?;
            if let Some(path) = svg {
                write_file(&path, &chart::plan_svg(&report)?)?;
            }
            match output.format {
                OutputFormat::Table => write!(out, "{}", report.table()),
                OutputFormat::Json => writeln!(out, "{}", json(&report)?),
                OutputFormat::Csv => csv::write_row(out, ["metric", "value"]).and_then(|()| {
                    plan_rows(&report)
                        .iter()
                        .try_for_each(|(k, v)| csv::write_row(&mut *out, [k.as_str(), v.as_str()]))
                }),
            }
            .map_err(io_error)
        }
        Command::Simulate {
            site,
            weather,
            output,
            svg,
        } => simulate(
            &site_file(&site)?,
            weather.as_deref(),
            output.format,
            svg,
            out,
        ),
        Command::Compare {
            sites,
            annual,
            output,
        } => compare(&sites, annual, output.format, out),
        Command::Sweep {
            site,
            vary,
            annual,
            output,
        } => sweep(&site_file(&site)?, &vary, annual, output.format, out),
        Command::Finance { site, output } => finance(&site_file(&site)?, output.format, out),
        Command::Catalog { output } => catalog_out(output.format, out),
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Io {
        path: "JSON output".into(),
        reason: e.to_string(),
    })
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn plan_report(s: &Scenario) -> Result<(dcplan::capacity::Plan, PlanReport)> {
    let p = plan(&s.site, &s.deployment)?;
    let report = PlanReport::new(&s.site, &s.deployment, &p)?;
    Ok((p, report))
}

/// The headline numbers of a plan as (metric, value) pairs, for CSV and comparisons.
fn plan_rows(r: &PlanReport) -> Vec<(String, String)> {
    let p = &r.power;
    let mut rows = vec![
        ("rack".into(), r.rack.clone()),
        ("primary_racks".into(), r.primary_racks.to_string()),
        ("racks_total".into(), r.racks_total.to_string()),
        ("accelerators".into(), r.accelerators.to_string()),
        ("binding".into(), r.binding.constraint.clone()),
        (
            "design_dry_bulb_c".into(),
            format!("{:.1}", r.design_ambient.dry_bulb_c),
        ),
        (
            "interconnect_mw".into(),
            format!("{:.3}", p.interconnect_mw),
        ),
        ("it_mw".into(), format!("{:.3}", p.it_mw)),
        ("cooling_mw".into(), format!("{:.3}", p.cooling_mw)),
        (
            "electrical_losses_mw".into(),
            format!("{:.3}", p.electrical_losses_mw),
        ),
        ("house_mw".into(), format!("{:.3}", p.house_mw)),
        ("facility_mw".into(), format!("{:.3}", p.facility_mw)),
        ("unused_mw".into(), format!("{:.3}", p.unused_mw)),
        ("pue_design".into(), format!("{:.4}", r.pue)),
    ];
    if r.hashrate_ths > 0.0 {
        rows.push(("hashrate_ths".into(), format!("{:.0}", r.hashrate_ths)));
    }
    rows
}

fn annual_rows(a: &AnnualReport) -> Vec<(String, String)> {
    vec![
        ("pue_annual".into(), format!("{:.4}", a.pue)),
        ("pue_max_hourly".into(), format!("{:.4}", a.pue_max_hourly)),
        ("it_gwh".into(), format!("{:.2}", a.energy.it_gwh)),
        (
            "facility_gwh".into(),
            format!("{:.2}", a.energy.facility_gwh),
        ),
        ("wue_l_per_kwh".into(), format!("{:.3}", a.wue_l_per_kwh)),
        ("hours_over_supply".into(), a.hours_over_supply.to_string()),
    ]
}

fn need_climate(s: &Scenario) -> Result<&Climate> {
    s.climate.as_deref().ok_or_else(|| {
        Error::Inconsistent {
            field: "climate".into(),
            reason: "simulating needs a year of weather: add [climate] builtin = \"…\" or epw = \"…\" to the site file, or pass --weather FILE.epw".into(),
        }
    })
}

fn simulate(
    file: &SiteFile,
    weather: Option<&Path>,
    format: OutputFormat,
    svg: Option<PathBuf>,
    out: &mut impl Write,
) -> Result<()> {
    let mut s = file.scenario()?;
    if let Some(path) = weather {
        let epw = Climate::from_epw_file(path)?;
        let epw = match s.climate.as_deref().and_then(Climate::water_profile) {
            Some(profile) => epw.with_water(*profile)?,
            None => epw,
        };
        s.climate = Some(Arc::new(epw));
    }
    let (p, plan_r) = plan_report(&s)?;
    let climate = need_climate(&s)?;
    let (year, series) = annual_hourly(&s.site, &s.deployment, p.primary_racks, climate)?;
    let report = AnnualReport::new(&s.site, climate.name(), &year)?;
    if let Some(path) = svg {
        write_file(&path, &chart::annual_svg(&plan_r, &report, &series)?)?;
    }
    match format {
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

fn compare(
    sites: &[PathBuf],
    with_annual: bool,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<()> {
    let mut plans = Vec::new();
    let mut years = Vec::new();
    for path in sites {
        let s = SiteFile::read(path)?.scenario()?;
        let (p, r) = plan_report(&s)?;
        if with_annual {
            let climate = need_climate(&s)?;
            let year = annual(&s.site, &s.deployment, p.primary_racks, climate)?;
            years.push(AnnualReport::new(&s.site, climate.name(), &year)?);
        }
        plans.push(r);
    }
    let rows: Vec<Vec<(String, String)>> = plans
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut rows = plan_rows(r);
            if let Some(a) = years.get(i) {
                rows.extend(annual_rows(a));
            }
            rows
        })
        .collect();
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

/// The business case of scenario `s` planned as `p`, with the simulated `year` if there is
/// one; `None` when the site file has no [finance] section.
fn business_case(
    s: &Scenario,
    p: &dcplan::capacity::Plan,
    year: Option<&dcplan::simulate::AnnualResult>,
) -> Result<Option<Evaluation>> {
    s.finance
        .as_ref()
        .map(|spec| {
            let figures = spec.figures(&s.site, p, &s.deployment, year)?;
            spec.project(s.site.name(), figures)?.evaluate()
        })
        .transpose()
}

fn finance(file: &SiteFile, format: OutputFormat, out: &mut impl Write) -> Result<()> {
    let s = file.scenario()?;
    let p = plan(&s.site, &s.deployment)?;
    let year = s
        .climate
        .as_deref()
        .map(|c| annual(&s.site, &s.deployment, p.primary_racks, c))
        .transpose()?;
    let evaluation = business_case(&s, &p, year.as_ref())
        .map_err(|e| file.locate(e))?
        .ok_or_else(|| Error::Inconsistent {
            field: "finance".into(),
            reason: "the site file has no [finance] section (see docs/site-format.md)".into(),
        })?;
    let basis = if year.is_some() {
        "simulated"
    } else {
        "design"
    };
    let report = FinanceReport::new(s.site.name(), basis, &evaluation);
    match format {
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

fn sweep(
    file: &SiteFile,
    vary: &[String],
    with_annual: bool,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<()> {
    let varies = vary
        .iter()
        .map(|v| v.parse::<Vary>())
        .collect::<Result<Vec<_>>>()?;
    let grid = Grid::new(varies)?;
    let doc = file.document()?;
    let base = file.spec()?;
    // A path or value the file's schema rejects would fail every scenario alike: say so once.
    grid.apply(&doc, 0)
        .and_then(SiteSpec::from_value)
        .map_err(|e| Error::Inconsistent {
            field: format!("--vary {}", vary.join(" --vary ")),
            reason: e.to_string(),
        })?;
    let climate_varies = grid.varies().iter().any(|v| v.path.starts_with("climate"));
    let shared_climate = if climate_varies {
        None
    } else {
        base.load_climate(file.dir())
            .map_err(|e| file.locate(e))?
            .map(Arc::new)
    };
    let run_one = |i: u64| -> std::result::Result<Vec<(String, String)>, String> {
        let scenario = grid
            .apply(&doc, i)
            .and_then(SiteSpec::from_value)
            .and_then(|spec| {
                let climate = match &shared_climate {
                    Some(c) => Some(Arc::clone(c)),
                    None => spec.load_climate(file.dir())?.map(Arc::new),
                };
                spec.build(climate)
            })
            .map_err(|e| e.to_string())?;
        let (p, r) = plan_report(&scenario).map_err(|e| e.to_string())?;
        let mut rows = plan_rows(&r);
        let year = if with_annual {
            let climate = need_climate(&scenario).map_err(|e| e.to_string())?;
            let year = annual(
                &scenario.site,
                &scenario.deployment,
                p.primary_racks,
                climate,
            )
            .map_err(|e| e.to_string())?;
            let a = AnnualReport::new(&scenario.site, climate.name(), &year)
                .map_err(|e| e.to_string())?;
            rows.extend(annual_rows(&a));
            Some(year)
        } else {
            None
        };
        if let Some(e) = business_case(&scenario, &p, year.as_ref()).map_err(|e| e.to_string())? {
            rows.extend([
                ("npv_musd".to_owned(), format!("{:.2}", e.npv.millions())),
                (
                    "irr".to_owned(),
                    e.irr.map(|x| format!("{x:.4}")).unwrap_or_default(),
                ),
                (
                    "payback_years".to_owned(),
                    e.payback_years
                        .map(|x| format!("{x:.2}"))
                        .unwrap_or_default(),
                ),
            ]);
        }
        Ok(rows)
    };
    let total = grid.len();
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
        format,
        columns: None,
        widths: Vec::new(),
    };
    let mut pending: Vec<Record> = Vec::with_capacity(dcplan::sweep::CHUNK as usize);
    dcplan::sweep::in_order(
        total,
        |i| {
            let r = run_one(i);
            bar.inc(1);
            r
        },
        |i, result| {
            let mut record: Record = vec![("scenario".into(), i.to_string())];
            record.extend(grid.varies().iter().zip(grid.values(i)).map(|(v, value)| {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                (v.path.clone(), text)
            }));
            let error = match result {
                Ok(metrics) => {
                    record.extend(metrics);
                    String::new()
                }
                Err(e) => e,
            };
            record.push(("error".into(), error));
            pending.push(record);
            // Write each chunk of the sweep as it completes.
            if (i + 1) % dcplan::sweep::CHUNK == 0 || i + 1 == total {
                writer.chunk(out, &pending)?;
                out.flush().map_err(io_error)?;
                pending.clear();
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    Ok(())
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
                let line = serde_json::to_string(&object).map_err(|e| Error::Io {
                    path: "JSON output".into(),
                    reason: e.to_string(),
                })?;
                writeln!(out, "{line}").map_err(io_error)?;
            }
            return Ok(());
        }
        if self.columns.is_none() {
            // The first successful scenario has the most columns.
            let widest = records.iter().max_by_key(|r| r.len());
            if let Some(names) = widest.filter(|r| r.iter().any(|(k, _)| k == "rack")) {
                let table = self.format == OutputFormat::Table;
                let names: Vec<String> = names
                    .iter()
                    .map(|(k, _)| k.clone())
                    .filter(|k| !table || !TABLE_OMITS.contains(&k.as_str()))
                    .collect();
                self.widths = names
                    .iter()
                    .map(|n| {
                        records
                            .iter()
                            .flat_map(|r| r.iter().filter(|(k, _)| k == n))
                            .map(|(_, v)| v.chars().count())
                            .chain([n.chars().count()])
                            .max()
                            .filter(|_| n != "error") // the last column runs on
                            .unwrap_or(n.chars().count())
                    })
                    .collect();
                self.line(out, &names).map_err(io_error)?;
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
                        .map(|(_, v)| v.clone())
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
                if numeric && c.parse::<f64>().is_ok() {
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

fn catalog_out(format: OutputFormat, out: &mut impl Write) -> Result<()> {
    let climates = climate::builtin_names()
        .into_iter()
        .map(|name| climate::builtin(name).map(|c| (name, c)))
        .collect::<Result<Vec<_>>>()?;
    if format == OutputFormat::Json {
        let systems: Vec<serde_json::Value> = catalog::SYSTEMS
            .iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.name(), "vendor": s.vendor(), "accelerator": s.accelerator(),
                    "accelerators": s.accelerators(),
                    "accelerator_power_w": s.accelerator_power().get::<dcplan::units::watt>(),
                    "power_kw": s.power().get::<dcplan::units::kilowatt>(),
                    "liquid_fraction": s.liquid_fraction().get(),
                    "air_class": s.air_class().to_string(),
                    "water_class": s.water_class().map(|w| w.to_string()),
                    "hashrate_ths": s.hashrate().get(),
                    "confidence": s.confidence(), "source": s.source(),
                })
            })
            .collect();
        let technologies: Vec<serde_json::Value> = Technology::ALL
            .iter()
            .map(|t| serde_json::json!({ "technology": t, "description": t.description() }))
            .collect();
        let climates: Vec<serde_json::Value> = climates
            .iter()
            .map(|(name, c)| {
                let d = c.design_conditions();
                serde_json::json!({
                    "builtin": name, "description": c.name(),
                    "dry_bulb_04_c": dcplan::units::to_celsius(d.dry_bulb_04.dry_bulb),
                    "max_water_c": d.max_water.map(dcplan::units::to_celsius),
                })
            })
            .collect();
        let all = serde_json::json!({
            "systems": systems, "technologies": technologies, "climates": climates,
        });
        return writeln!(out, "{}", json(&all)?).map_err(io_error);
    }
    let mut t = Table::new(["IT system", "GPUs", "kW", "liquid", "class", "confidence"]);
    for s in catalog::SYSTEMS {
        t.row([
            s.name().to_owned(),
            s.accelerators().to_string(),
            format!("{:.1}", s.power().get::<dcplan::units::kilowatt>()),
            format!("{:.0} %", 100.0 * s.liquid_fraction().get()),
            match s.water_class() {
                Some(w) => format!("{} / {w}", s.air_class()),
                None => s.air_class().to_string(),
            },
            snake(s.confidence()),
        ]);
    }
    let mut text = t.render();
    text += "\nSources:\n";
    for s in catalog::SYSTEMS {
        text += &format!("  {}: {}\n", s.name(), s.source());
    }
    let mut t = Table::new(["cooling technology", "description"]);
    for tech in Technology::ALL {
        t.row([snake(tech), tech.description().to_owned()]);
    }
    text += "\n";
    text += &t.render();
    let mut t = Table::new(["climate", "0.4 % dry-bulb °C", "source"]);
    for (name, c) in &climates {
        let d = c.design_conditions();
        t.row([
            (*name).to_owned(),
            format!("{:.1}", dcplan::units::to_celsius(d.dry_bulb_04.dry_bulb)),
            c.name().to_owned(),
        ]);
    }
    text += "\n";
    text += &t.render();
    write!(out, "{text}").map_err(io_error)
}

/// The name an enum has in site files and JSON (its serde name, e.g. `planning_default`).
fn snake<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
