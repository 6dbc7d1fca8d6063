//! `[sustainability]`: the grid's carbon and water intensity, contracted renewables and the
//! rules to check, each a subsection with units (see `docs/site-format.md`).
//!
//! ```toml
//! [sustainability.carbon]
//! intensity = "380 g/kWh"          # constant average intensity, or
//! # csv = "grid-2023.csv"          # hourly: datetime, average_g_per_kwh[, marginal_g_per_kwh]
//! marginal = "520 g/kWh"           # optional constant marginal intensity
//!
//! [sustainability.water]
//! grid_intensity = "4.35 L/kWh"    # water intensity of the grid's electricity (EWIF)
//!
//! [sustainability.renewables]
//! share = "60 %"                   # annual contracted share, or
//! # csv = "ppa.csv"                # hourly contracted supply: datetime, supply_mw
//!
//! [sustainability.rules]
//! enefg_commissioned = 2026-09-01  # EnEfG §11 thresholds by start of operation
//! max_wue = "0.5 L/kWh"
//! max_cue = "0.35 kg/kWh"
//! ```

use super::finance::DateSpec;
use crate::climate::Climate;
use crate::error::{Error, Result};
use crate::sustainability::series::read_csv;
use crate::sustainability::{
    DisplacedHeat, EmissionFactor, GridCarbon, Intensity, Renewables, Rules, Sustainability,
    WaterIntensity,
};
use crate::units::Fraction;
use crate::units::parse::Q;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// Largest hourly CSV read (a year of hourly values with two columns is about 300 kB).
pub const MAX_CSV_BYTES: u64 = 16 << 20;

/// `[sustainability]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SustainabilitySpec {
    /// `[sustainability.carbon]`.
    #[serde(default)]
    pub carbon: Option<CarbonSpec>,
    /// `[sustainability.water]`.
    #[serde(default)]
    pub water: Option<GridWaterSpec>,
    /// `[sustainability.renewables]`.
    #[serde(default)]
    pub renewables: Option<RenewablesSpec>,
    /// `[sustainability.rules]`.
    #[serde(default)]
    pub rules: Option<RulesSpec>,
    /// `[sustainability.displaced_heat]`.
    #[serde(default)]
    pub displaced_heat: Option<DisplacedHeatSpec>,
}

/// `[sustainability.displaced_heat]`: the heat reuse displaces — a boiler (efficiency and
/// fuel emission factor) or heat of a given emission factor.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplacedHeatSpec {
    /// Boiler efficiency, heat out per fuel in (`"90 %"`), with `fuel_emission_factor`.
    #[serde(default)]
    pub boiler_efficiency: Option<Q<crate::units::Efficiency>>,
    /// The boiler's fuel, per kWh of fuel (`"181 g/kWh"` for natural gas, HHV).
    #[serde(default)]
    pub fuel_emission_factor: Option<Q<EmissionFactor>>,
    /// Heat of a given emission factor per kWh of heat (district heat), instead of a boiler.
    #[serde(default)]
    pub heat_emission_factor: Option<Q<EmissionFactor>>,
}

impl DisplacedHeatSpec {
    fn build(&self) -> Result<DisplacedHeat> {
        let field = "sustainability.displaced_heat";
        match (
            self.boiler_efficiency,
            self.fuel_emission_factor,
            self.heat_emission_factor,
        ) {
            (Some(e), Some(f), None) => DisplacedHeat::boiler(e.0, f.0)
                .map_err(|e| e.with_field(format!("{field}.fuel_emission_factor"))),
            (None, None, Some(h)) => DisplacedHeat::heat(h.0)
                .map_err(|e| e.with_field(format!("{field}.heat_emission_factor"))),
            _ => Err(Error::inconsistent(
                field,
                "give a boiler (boiler_efficiency and fuel_emission_factor) or \
                 heat_emission_factor, not both",
            )),
        }
    }
}

/// `[sustainability.carbon]`: a constant intensity or an hourly CSV.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonSpec {
    /// Constant average intensity (`"380 g/kWh"`, `"0.38 kgCO2/kWh"`).
    #[serde(default)]
    pub intensity: Option<Q<EmissionFactor>>,
    /// Constant marginal intensity (with `intensity`; an hourly CSV has its own column).
    #[serde(default)]
    pub marginal: Option<Q<EmissionFactor>>,
    /// Hourly CSV, relative to the site file: `datetime,average_g_per_kwh[,marginal_g_per_kwh]`.
    #[serde(default)]
    pub csv: Option<String>,
}

/// `[sustainability.water]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridWaterSpec {
    /// Water intensity of the grid's electricity (EWIF), `"4.35 L/kWh"`.
    pub grid_intensity: Q<WaterIntensity>,
}

/// `[sustainability.renewables]`: an annual share or an hourly CSV.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewablesSpec {
    /// Contracted share of the year's facility energy (`"60 %"` or `0.6`).
    #[serde(default)]
    pub share: Option<Q<Fraction>>,
    /// Hourly contracted supply, relative to the site file: `datetime,supply_mw`.
    #[serde(default)]
    pub csv: Option<String>,
}

/// `[sustainability.rules]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    /// Start of operation, for the EnEfG §11 thresholds.
    #[serde(default)]
    pub enefg_commissioned: Option<DateSpec>,
    /// Highest site WUE allowed (`"0.5 L/kWh"`).
    #[serde(default)]
    pub max_wue: Option<Q<WaterIntensity>>,
    /// Highest CUE allowed (`"0.35 kg/kWh"`).
    #[serde(default)]
    pub max_cue: Option<Q<EmissionFactor>>,
}

/// Reads an hourly CSV named in field `field` (relative to `base`), with `columns`.
pub(super) fn csv(
    field: &str,
    path: &str,
    base: &Path,
    columns: &[&str],
    required: usize,
) -> Result<Vec<Option<crate::sustainability::CalendarSeries>>> {
    let full = base.join(path);
    let located = |e: Error| Error::Unit {
        field: field.into(),
        text: path.into(),
        expected: format!("a readable hourly CSV ({e})"),
    };
    let io = |reason: String| {
        located(Error::Io {
            path: full.display().to_string(),
            reason,
        })
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&full)
        .and_then(|f| f.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io(e.to_string()))?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(io(format!(
            "larger than {} MiB: a year of hourly values takes well under 1 MiB",
            MAX_CSV_BYTES >> 20
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| io("not UTF-8 text".into()))?;
    read_csv(&full.display().to_string(), &text, columns, required).map_err(located)
}

impl SustainabilitySpec {
    /// The inputs, CSV files read relative to `base`, hourly series checked against
    /// `climate` when there is one. Errors name the field (`sustainability.carbon.csv`).
    pub fn build(&self, base: &Path, climate: Option<&Climate>) -> Result<Sustainability> {
        let carbon = self.carbon.as_ref().map(|c| c.build(base)).transpose()?;
        let renewables = self
            .renewables
            .as_ref()
            .map(|r| r.build(base))
            .transpose()?;
        let s = Sustainability {
            carbon,
            grid_water: self.water.as_ref().map(|w| w.grid_intensity.0),
            renewables,
            rules: self
                .rules
                .as_ref()
                .map(|r| Rules {
                    enefg_commissioned: r.enefg_commissioned.map(|d| d.0),
                    max_wue: r.max_wue.map(|q| q.0),
                    max_cue: r.max_cue.map(|q| q.0),
                })
                .unwrap_or_default(),
            displaced_heat: self
                .displaced_heat
                .as_ref()
                .map(DisplacedHeatSpec::build)
                .transpose()?,
        };
        if let Some(climate) = climate {
            let hours = climate.len();
            if let Some(c) = &s.carbon {
                c.average.covers(hours).map_err(|e| at_csv(e, "carbon"))?;
            }
            if let Some(r) = &s.renewables {
                r.covers(hours).map_err(|e| at_csv(e, "renewables"))?;
            }
        }
        Ok(s)
    }
}

/// An error about an hourly series, as one about the CSV field of `section`.
fn at_csv(e: Error, section: &str) -> Error {
    Error::inconsistent(
        &format!("sustainability.{section}.csv"),
        e.found_expected().1,
    )
}

impl CarbonSpec {
    fn build(&self, base: &Path) -> Result<GridCarbon> {
        let field = "sustainability.carbon";
        match (&self.intensity, &self.csv) {
            (Some(_), Some(_)) => Err(Error::inconsistent(
                &format!("{field}.csv"),
                "give a constant intensity or an hourly CSV, not both",
            )),
            (None, None) => Err(Error::missing(
                field,
                "a grid carbon intensity: intensity = \"380 g/kWh\" or csv = \"FILE.csv\"",
            )),
            (Some(i), None) => Ok(GridCarbon {
                average: Intensity::constant(i.0)
                    .map_err(|e| e.with_field(format!("{field}.intensity")))?,
                marginal: self
                    .marginal
                    .map(|m| Intensity::constant(m.0))
                    .transpose()
                    .map_err(|e| e.with_field(format!("{field}.marginal")))?,
            }),
            (None, Some(path)) => {
                if self.marginal.is_some() {
                    return Err(Error::inconsistent(
                        &format!("{field}.marginal"),
                        "with an hourly CSV, give the marginal intensity as its column \
                         marginal_g_per_kwh",
                    ));
                }
                let mut columns = csv(
                    &format!("{field}.csv"),
                    path,
                    base,
                    &["average_g_per_kwh", "marginal_g_per_kwh"],
                    1,
                )?
                .into_iter();
                let average = columns.next().flatten();
                let marginal = columns.next().flatten();
                Ok(GridCarbon {
                    average: Intensity::Hourly(
                        average.ok_or_else(|| {
                            Error::internal("a required CSV column came back empty")
                        })?,
                    ),
                    marginal: marginal.map(Intensity::Hourly),
                })
            }
        }
    }
}

impl RenewablesSpec {
    fn build(&self, base: &Path) -> Result<Renewables> {
        let field = "sustainability.renewables";
        match (self.share, &self.csv) {
            (Some(_), Some(_)) => Err(Error::inconsistent(
                &format!("{field}.csv"),
                "give an annual share or an hourly CSV, not both",
            )),
            (None, None) => Err(Error::missing(
                field,
                "contracted renewables: share = \"60 %\" or csv = \"FILE.csv\"",
            )),
            (Some(share), None) => Ok(Renewables::Share(share.0)),
            (None, Some(path)) => csv(&format!("{field}.csv"), path, base, &["supply_mw"], 1)?
                .into_iter()
                .next()
                .flatten()
                .map(Renewables::HourlySupply)
                .ok_or_else(|| Error::internal("a required CSV column came back empty")),
        }
    }
}
