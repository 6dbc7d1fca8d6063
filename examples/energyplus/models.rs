//! The two one-zone data-center models shipped with EnergyPlus
//! (`1ZoneDataCenterCRAC_wApproachTemp.idf`, `1ZoneDataCenterCRAC_wPumpedDXCoolingCoil.idf`)
//! and EnergyPlus 25.2's recorded annual results for them.
//!
//! The models themselves are the site files `examples/sites/energyplus/*.toml` (every value
//! there is the IDF's, with the object it comes from); this module reads them. Shared by
//! `examples/energyplus_comparison.rs` and the tests (included with `#[path]`).
#![allow(dead_code)]

use dcplan::climate::Climate;
use dcplan::prelude::*;
use dcplan::sitefile::SiteFile;
use std::sync::Arc;

/// Which of the two example files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `1ZoneDataCenterCRAC_wApproachTemp`: server inlet = supply + 2 K, return = exhaust − 1 K.
    ApproachTemperatures,
    /// `1ZoneDataCenterCRAC_wPumpedDXCoolingCoil`: 10 % of the inlet air is room air at 29.3 °C.
    Recirculation,
}

impl Model {
    /// Both models.
    pub const BOTH: [Model; 2] = [Model::ApproachTemperatures, Model::Recirculation];

    /// The IDF file's name.
    pub fn idf(self) -> &'static str {
        match self {
            Model::ApproachTemperatures => "1ZoneDataCenterCRAC_wApproachTemp",
            Model::Recirculation => "1ZoneDataCenterCRAC_wPumpedDXCoolingCoil",
        }
    }
}

/// Servers in the room (`ElectricEquipment:ITE:AirCooled` "Number of Units").
pub const SERVERS: u32 = 100;

/// The site file describing `model`.
pub fn site_file(model: Model) -> String {
    format!(
        "{}/examples/sites/energyplus/{}.toml",
        env!("CARGO_MANIFEST_DIR"),
        model.idf()
    )
}

/// The site and servers of `model` read from its site file, designed for `climate` (whose
/// annual-maximum hour becomes the design ambient of single-hour evaluations).
pub fn site(model: Model, climate: &Arc<Climate>) -> Result<(Site, Deployment)> {
    let spec = SiteFile::read(site_file(model))?.spec()?;
    let scenario = spec.build(Some(Arc::clone(climate)))?;
    Ok((scenario.site, scenario.deployment))
}

/// A TMY3 file of `tests/data/`.
pub fn weather(file: &str) -> Result<Arc<Climate>> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    Ok(Arc::new(Climate::from_epw_file(path)?))
}

/// The Chicago O'Hare TMY3 file the site files name.
pub const CHICAGO: &str = "USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw";
/// The San Francisco TMY3 file.
pub const SAN_FRANCISCO: &str = "USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw";

/// EnergyPlus 25.2's annual result for one model and climate (MWh; wall time in s).
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub model: Model,
    pub climate: String,
    /// The TMY3 weather file's name.
    pub epw: String,
    pub pue: f64,
    pub it_mwh: f64,
    pub cooling_mwh: f64,
    pub fans_mwh: f64,
    pub ups_mwh: f64,
    /// Median wall time of `run_energyplus()` over 3 runs on the 2-vCPU VM.
    pub wall_s: f64,
}

/// EnergyPlus 25.2.0's annual results for both models on the 14 TMY3 climates it ran, from
/// `tests/data/energyplus_25.2_annual.csv` (its header names the source).
pub fn recorded() -> Result<Vec<Recorded>> {
    let path = format!(
        "{}/tests/data/energyplus_25.2_annual.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let bad = |line: &str| Error::Weather {
        source_name: path.clone(),
        line: 0,
        reason: format!("unreadable row {line:?}"),
    };
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let model = Model::BOTH
            .into_iter()
            .find(|m| f.first() == Some(&m.idf()))
            .ok_or_else(|| bad(line))?;
        let number = |i: usize| -> Result<f64> {
            f.get(i)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| bad(line))
        };
        rows.push(Recorded {
            model,
            climate: f.get(1).ok_or_else(|| bad(line))?.to_string(),
            epw: f.get(2).ok_or_else(|| bad(line))?.to_string(),
            pue: number(3)?,
            it_mwh: number(4)?,
            cooling_mwh: number(5)?,
            fans_mwh: number(6)?,
            ups_mwh: number(7)?,
            wall_s: number(8)?,
        });
    }
    Ok(rows)
}
