//! `dcplan`: plan, simulate, compare and sweep data-center sites described in TOML/JSON site
//! files (see `docs/site-format.md`).
//!
//! One file per subcommand, with its arguments and what it writes; `output.rs` holds what
//! they share (formats, the rows of a plan and of a year, writing files).

mod catalog;
mod compare;
mod finance;
mod flex;
mod output;
mod plan;
mod simulate;
mod sweep;

use clap::{Args, Parser, Subcommand};
use dcplan::sitefile::{Format, SiteFile};
use dcplan::{Error, Result};
use output::io_error;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The built-in example site, compiled in.
const EXAMPLE_NAME: &str = "examples/sites/lingang-seawater.toml";
const EXAMPLE_TEXT: &str = include_str!("../../../examples/sites/lingang-seawater.toml");

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
    Plan(plan::Args),
    /// Plan the site, then run it hour by hour through a year of weather: annual energy,
    /// annualised PUE (ISO/IEC 30134-2), free-cooling hours, water, headroom exceedance.
    /// `--format csv` writes the hourly series.
    Simulate(simulate::Args),
    /// Plans of several sites side by side (`--annual` adds the annual simulation).
    Compare(compare::Args),
    /// Run a grid of scenarios in parallel: each `--vary PATH=FROM..TO[:STEPS]` (or
    /// `PATH=A,B,C`) sets a field of the site file, e.g.
    /// `--vary "interconnect.capacity=50 MW..200 MW:16"`, and every combination is planned.
    /// Rows are written as they complete, in order (CSV, JSON lines, or a table); a progress
    /// bar shows on a terminal.
    Sweep(sweep::Args),
    /// The business case of a site file's [finance] section: capex, NPV, IRR, payback, time
    /// to first GPUs online, levelised cost and the yearly cash flows (energy from the
    /// simulated year when the file has a climate). `--format csv` writes the yearly rows.
    Finance(finance::Args),
    /// How many GPUs fit over the climate year with the site's [flexibility] (battery,
    /// generation, GPU caps, curtailment budget), beside the design-hour plan, and the GPUs
    /// that fit at Duke's curtailment levels (0, 0.25, 0.5, 1 % of the year's IT energy).
    Flex(flex::Args),
    /// The built-in IT systems, cooling technologies and climates, with their sources.
    Catalog(catalog::Args),
}

// The site file a subcommand reads (a plain comment: clap would show a doc comment as help).
#[derive(Args)]
struct SiteArg {
    /// Site file (.toml, or .json).
    #[arg(value_name = "SITE", required_unless_present = "example")]
    site: Option<PathBuf>,
    /// Use the built-in example site (a Lingang-like seawater-cooled GB200 campus).
    #[arg(long, conflicts_with = "site")]
    example: bool,
}

impl SiteArg {
    /// The file named, or the built-in example.
    fn read(&self) -> Result<SiteFile> {
        match &self.site {
            Some(path) => SiteFile::read(path),
            None => Ok(SiteFile::from_text(
                EXAMPLE_NAME,
                EXAMPLE_TEXT,
                Format::Toml,
                "examples/sites",
            )),
        }
    }
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
        Err(Error::Write { reason, .. }) if reason.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{:?}", diagnostic(e));
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, out: &mut impl Write) -> Result<()> {
    match command {
        Command::Plan(args) => plan::run(&args, out),
        Command::Simulate(args) => simulate::run(&args, out),
        Command::Compare(args) => compare::run(&args, out),
        Command::Sweep(args) => sweep::run(&args, out),
        Command::Finance(args) => finance::run(&args, out),
        Command::Flex(args) => flex::run(&args, out),
        Command::Catalog(args) => catalog::run(&args, out),
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
