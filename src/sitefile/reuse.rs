//! `[reuse.NAME]`: heat reuse on a cooling loop's return (see `docs/site-format.md` and
//! [`crate::cooling::HeatReuse`]).
//!
//! ```toml
//! [reuse.district_heating]
//! loop = "liquid"                  # the [cooling.NAME] loop whose return it takes heat from
//! network_temperature = "75 degC"  # the network's supply: what the heat is delivered at
//! capacity = "45 MW"               # most heat delivered (heating capacity)
//! demand = "30 MW"                 # heat demanded at the network's temperature: constant, or
//! # demand_monthly = ["40 MW", "38 MW", …]   # 12 values, January first, or
//! # csv = "heat-demand.csv"        # hourly: datetime, demand_mw
//!
//! [reuse.district_heating.heat_pump]   # omit for direct exchange (return ≥ network)
//! quality_grade = 0.5              # Carnot fraction η (default 0.35, oemof.thermal)
//! owner = "network"                # "site" (default) or "network"
//! ```

use super::sustainability::csv;
use crate::cooling::{DEFAULT_QUALITY_GRADE, HeatDemand, HeatPump, HeatPumpOwner, ReuseDesign};
use crate::error::{Error, Result};
use crate::units::parse::Q;
use crate::units::*;
use serde::Deserialize;
use std::path::Path;

/// `[reuse.NAME]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReuseSpec {
    /// The cooling loop (`[cooling.NAME]`) whose return the heat is taken from.
    #[serde(rename = "loop")]
    pub loop_name: String,
    /// The network's supply temperature, what the heat is delivered at (`"75 degC"`).
    pub network_temperature: Q<ThermodynamicTemperature>,
    /// Most heat delivered, the heat pump's (or exchanger's) heating capacity (`"45 MW"`).
    pub capacity: Q<Power>,
    /// Constant heat demanded at the network's temperature (`"30 MW"`).
    #[serde(default)]
    pub demand: Option<Q<Power>>,
    /// Heat demanded, one value per month, January first.
    #[serde(default)]
    pub demand_monthly: Option<Vec<Q<Power>>>,
    /// Hourly heat demanded, relative to the site file: `datetime,demand_mw`.
    #[serde(default)]
    pub csv: Option<String>,
    /// The heat pump lifting the return to the network's temperature; none for direct
    /// exchange.
    #[serde(default)]
    pub heat_pump: Option<HeatPumpSpec>,
}

/// `[reuse.NAME.heat_pump]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatPumpSpec {
    /// Carnot fraction η of `COP = η·T_h/(T_h − T_c)` (`0.5` or `"50 %"`; default 0.35).
    #[serde(default)]
    pub quality_grade: Option<Q<Fraction>>,
    /// Who owns and meters it: `"site"` (default) or `"network"`.
    #[serde(default)]
    pub owner: Option<HeatPumpOwner>,
}

impl ReuseSpec {
    /// The design of `[reuse.NAME]`, an hourly CSV read relative to `base`. Errors name the
    /// field (`reuse.NAME.demand`).
    pub fn design(&self, name: &str, base: &Path) -> Result<ReuseDesign> {
        let field = |f: &str| format!("reuse.{name}.{f}");
        let demand = match (&self.demand, &self.demand_monthly, &self.csv) {
            (Some(p), None, None) => HeatDemand::Constant(p.0),
            (None, Some(m), None) => {
                let months: [Power; 12] = m
                    .iter()
                    .map(|q| q.0)
                    .collect::<Vec<_>>()
                    .try_into()
                    .map_err(|v: Vec<Power>| {
                        Error::inconsistent(
                            &field("demand_monthly"),
                            format!("12 values, January first; found {}", v.len()),
                        )
                    })?;
                HeatDemand::Monthly(months)
            }
            (None, None, Some(path)) => csv(&field("csv"), path, base, &["demand_mw"], 1)?
                .into_iter()
                .next()
                .flatten()
                .map(HeatDemand::Hourly)
                .ok_or_else(|| Error::internal("a required CSV column came back empty"))?,
            (None, None, None) => {
                return Err(Error::missing(
                    &field("demand"),
                    "the heat demanded: demand = \"30 MW\", demand_monthly = [12 values] or \
                     csv = \"FILE.csv\"",
                ));
            }
            _ => {
                return Err(Error::inconsistent(
                    &field("demand"),
                    "give one of demand, demand_monthly and csv",
                ));
            }
        };
        Ok(ReuseDesign {
            name: name.to_owned(),
            loop_name: self.loop_name.clone(),
            demand,
            network_temperature: self.network_temperature.0,
            capacity: self.capacity.0,
            heat_pump: self.heat_pump.as_ref().map(|h| HeatPump {
                quality_grade: h.quality_grade.map_or(DEFAULT_QUALITY_GRADE, |q| q.0),
                owner: h.owner.unwrap_or(HeatPumpOwner::Site),
            }),
        })
    }
}
