//! `dcplan catalog`: the built-in IT systems, cooling technologies and climates.

use crate::output::{Output, OutputFormat, io_error, json};
use dcplan::Result;
use dcplan::climate;
use dcplan::cooling::Technology;
use dcplan::it::catalog;
use dcplan::report::Table;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    output: Output,
}

pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let format = args.output.format;
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
