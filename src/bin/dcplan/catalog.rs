//! `dcplan catalog`: the built-in IT systems, cooling technologies and climates.

use crate::output::{Output, OutputFormat, io_error, json};
use dcplan::Result;
use dcplan::climate::{self, Climate};
use dcplan::cooling::Technology;
use dcplan::it::catalog;
use dcplan::report::{Table, csv};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// One list only: the IT systems, the cooling technologies or the climates. CSV holds one
    /// list: the systems, unless another is named.
    #[arg(value_enum, value_name = "LIST")]
    list: Option<List>,
    #[command(flatten)]
    output: Output,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum List {
    Systems,
    Technologies,
    Climates,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let format = args.output.format;
    let climates = climate::builtin_names()
        .into_iter()
        .map(|name| climate::builtin(name).map(|c| (name, c)))
        .collect::<Result<Vec<_>>>()?;
    if format == OutputFormat::Csv {
        return csv_list(args.list.unwrap_or(List::Systems), &climates, out);
    }
    let wanted = |list: List| args.list.is_none_or(|l| l == list);
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
                    "facility_water_max_c": s.facility_water_limit().map(dcplan::units::to_celsius),
                    "coolant_max_c": s.coolant_limit().map(dcplan::units::to_celsius),
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
        let mut all = serde_json::Map::new();
        for (list, name, value) in [
            (List::Systems, "systems", systems),
            (List::Technologies, "technologies", technologies),
            (List::Climates, "climates", climates),
        ] {
            if wanted(list) {
                all.insert(name.to_owned(), value.into());
            }
        }
        return writeln!(out, "{}", json(&all)?).map_err(io_error);
    }
    let mut parts = Vec::new();
    if wanted(List::Systems) {
        let mut t = Table::new([
            "IT system",
            "GPUs",
            "kW",
            "liquid",
            "class",
            "facility water ≤ °C",
            "rack coolant ≤ °C",
            "confidence",
        ]);
        let celsius = |t: Option<dcplan::units::ThermodynamicTemperature>| {
            t.map(|t| format!("{:.0}", dcplan::units::to_celsius(t)))
                .unwrap_or_else(|| "—".to_owned())
        };
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
                celsius(s.facility_water_limit()),
                celsius(s.coolant_limit()),
                snake(s.confidence()),
            ]);
        }
        let mut text = t.render();
        text += "\nSources:\n";
        for s in catalog::SYSTEMS {
            text += &format!("  {}: {}\n", s.name(), s.source());
        }
        parts.push(text);
    }
    if wanted(List::Technologies) {
        let mut t = Table::new(["cooling technology", "description"]);
        for tech in Technology::ALL {
            t.row([snake(tech), tech.description().to_owned()]);
        }
        parts.push(t.render());
    }
    if wanted(List::Climates) {
        let mut t = Table::new(["climate", "0.4 % dry-bulb °C", "source"]);
        for (name, c) in &climates {
            let d = c.design_conditions();
            t.row([
                (*name).to_owned(),
                format!("{:.1}", dcplan::units::to_celsius(d.dry_bulb_04.dry_bulb)),
                c.name().to_owned(),
            ]);
        }
        parts.push(t.render());
    }
    write!(out, "{}", parts.join("\n")).map_err(io_error)
}

/// One list as CSV, with the columns (and names) of its JSON.
fn csv_list(list: List, climates: &[(&str, Climate)], out: &mut impl Write) -> Result<()> {
    use dcplan::units::{kilowatt, to_celsius, watt};
    let rows: Vec<Vec<String>> = match list {
        List::Systems => catalog::SYSTEMS
            .iter()
            .map(|s| {
                vec![
                    s.name().to_owned(),
                    s.vendor().to_owned(),
                    s.accelerator().to_owned(),
                    s.accelerators().to_string(),
                    s.accelerator_power().get::<watt>().to_string(),
                    s.power().get::<kilowatt>().to_string(),
                    s.liquid_fraction().get().to_string(),
                    s.air_class().to_string(),
                    s.water_class().map(|w| w.to_string()).unwrap_or_default(),
                    celsius_cell(s.facility_water_limit()),
                    celsius_cell(s.coolant_limit()),
                    s.hashrate().get().to_string(),
                    snake(s.confidence()),
                    s.source().to_owned(),
                ]
            })
            .collect(),
        List::Technologies => Technology::ALL
            .iter()
            .map(|t| vec![snake(t), t.description().to_owned()])
            .collect(),
        List::Climates => climates
            .iter()
            .map(|(name, c)| {
                let d = c.design_conditions();
                vec![
                    (*name).to_owned(),
                    c.name().to_owned(),
                    format!("{:.2}", to_celsius(d.dry_bulb_04.dry_bulb)),
                    d.max_water
                        .map(|t| format!("{:.2}", to_celsius(t)))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let header: &[&str] = match list {
        List::Systems => &[
            "name",
            "vendor",
            "accelerator",
            "accelerators",
            "accelerator_power_w",
            "power_kw",
            "liquid_fraction",
            "air_class",
            "water_class",
            "facility_water_max_c",
            "coolant_max_c",
            "hashrate_ths",
            "confidence",
            "source",
        ],
        List::Technologies => &["technology", "description"],
        List::Climates => &["builtin", "description", "dry_bulb_04_c", "max_water_c"],
    };
    csv::write_row(out, header)
        .and_then(|()| rows.iter().try_for_each(|r| csv::write_row(out, r)))
        .map_err(io_error)
}

/// A temperature in °C for a CSV cell, empty when absent.
fn celsius_cell(t: Option<dcplan::units::ThermodynamicTemperature>) -> String {
    t.map(|t| dcplan::units::to_celsius(t).to_string())
        .unwrap_or_default()
}

/// The name an enum has in site files and JSON (its serde name, e.g. `planning_default`).
fn snake<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
