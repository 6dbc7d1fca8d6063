//! `[finance]`: the business case of a site file — what it sells and at what price, what it
//! costs to build and run, how it is financed and when it comes online — read into an
//! [`economics::Project`](crate::economics::Project). Money is written with its unit
//! (`"2.10 USD/GPU-h"`, `"9.5 MUSD/MW"`, `"65 USD/MWh"`), durations as `"18 months"`; every
//! field but `model` and `start` has the documented default of [`crate::economics`].

use super::at;
use crate::capacity::Plan;
use crate::economics::{
    AnnualFigures, BuildCost, BusinessModel, Capex, Equipment, EquipmentPrice, Financing, Opex,
    PricePath, Project,
};
use crate::error::{Error, Result};
use crate::it::Deployment;
use crate::money::*;
use crate::simulate::AnnualResult;
use crate::site::Site;
use crate::timeline::{GridAccess, LeadTimes, Phase, Schedule};
use crate::units::parse::Q;
use crate::units::*;
use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Most phases a site may be built out in: phases start six months apart
/// ([`LeadTimes::phase_interval`](crate::timeline::LeadTimes)), so 100 phases take 49.5 years
/// to start — longer than any appraisal horizon, well inside the schedule's 100-year limit on
/// durations.
pub const MAX_PHASES: u32 = 100;

/// What the site sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// GPU-hours (price in USD/GPU-h, `utilisation` the share sold).
    GpuRental,
    /// Colocation rent (USD/kW-month, `utilisation` the share leased).
    Colocation,
    /// Bitcoin mining (hashprice in USD/PH/s/day, `utilisation` the uptime).
    BitcoinMining,
}

/// How the site reaches grid power.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridKind {
    /// Energised since the start (e.g. a bitcoin mine): no queue, no new transformers.
    Energised,
    /// A new connection: interconnection queue and substation (`grid_lead`).
    NewConnection,
}

/// A calendar date: `2026-03-01` (a TOML date) or `"2026-03-01"` (text, as JSON writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpec(pub NaiveDate);

impl<'de> Deserialize<'de> for DateSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2026-03-01")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<DateSpec, E> {
                NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                    .map(DateSpec)
                    .map_err(|_| {
                        E::custom(format!("found {v:?}, expected a date such as 2026-03-01"))
                    })
            }
            // A TOML date arrives as a one-entry map holding its text.
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<DateSpec, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((_, text)) => self.visit_str(&text),
                    None => Err(de::Error::custom("expected a date such as 2026-03-01")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A price as written, read in the unit of the business model once that is known: a bare
/// number is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceText(pub String);

impl<'de> Deserialize<'de> for PriceText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        const EXPECTED: &str = "a price with its unit, such as \"2 USD/GPU-h\", \"150 USD/kW-month\" or \"50 USD/PH/s/day\"";
        impl Visitor<'_> for V {
            type Value = PriceText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<PriceText, E> {
                Ok(PriceText(v.to_owned()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<PriceText, E> {
                Err(E::custom(format!(
                    "found {v} (a bare number), expected {EXPECTED}"
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<PriceText, E> {
                Err(E::custom(format!(
                    "found {v} (a bare number), expected {EXPECTED}"
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<PriceText, E> {
                Err(E::custom(format!(
                    "found {v} (a bare number), expected {EXPECTED}"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// `[finance]`. See `docs/site-format.md`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceSpec {
    /// `gpu_rental`, `colocation` or `bitcoin_mining`.
    pub model: ModelKind,
    /// Year-1 price in the model's unit (default: the model's).
    #[serde(default)]
    pub price: Option<PriceText>,
    /// Relative price change per year after year 1 (−0.1 = falls 10 % a year; default 0).
    #[serde(default)]
    pub price_change: Option<f64>,
    /// GPU-hours sold, IT leased, or mining uptime (default: the model's).
    #[serde(default)]
    pub utilisation: Option<Q<Fraction>>,
    /// Colocation tenants pay the energy bill at cost (default true).
    #[serde(default)]
    pub energy_pass_through: Option<bool>,
    /// Share of the year at design IT load, scaling energy and water (default 100 %).
    #[serde(default)]
    pub load_factor: Option<Q<Fraction>>,
    /// Energy price, per MWh of facility energy at the grid (default 80 USD/MWh).
    #[serde(default)]
    pub energy_price: Option<UsdPerMwh>,
    /// Water price (default 2 USD/m³).
    #[serde(default)]
    pub water_price: Option<UsdPerCubicMeter>,
    /// Maintenance per year, share of the capex in service (default 2 %).
    #[serde(default)]
    pub maintenance: Option<Q<Fraction>>,
    /// Build cost per MW of IT (default: 9.5 MUSD/MW AI-ready, 0.4 MUSD/MW for a mine).
    #[serde(default)]
    pub build_cost: Option<UsdPerMw>,
    /// GPU price per accelerator, GPU rental (default 32,500 USD).
    #[serde(default)]
    pub gpu_price: Option<Money>,
    /// Miner price per TH/s, bitcoin mining (default 15 USD/TH/s).
    #[serde(default)]
    pub miner_price: Option<UsdPerThs>,
    /// Life of the GPUs or miners before they are bought again.
    #[serde(default)]
    pub equipment_life: Option<Q<Time>>,
    /// Debt share of the capex (default 85 %).
    #[serde(default)]
    pub debt_share: Option<Q<Fraction>>,
    /// Loan interest rate per year, applied as given (default 0.07125).
    #[serde(default)]
    pub interest: Option<Rate>,
    /// Loan term in years (default 10).
    #[serde(default)]
    pub term_years: Option<u32>,
    /// Discount rate per year, a real rate (default 0.10).
    #[serde(default)]
    pub discount_rate: Option<Rate>,
    /// Appraisal horizon in years (default 10).
    #[serde(default)]
    pub horizon_years: Option<u32>,
    /// Notice to proceed.
    pub start: DateSpec,
    /// `energised` or `new_connection` (default energised).
    #[serde(default)]
    pub grid: Option<GridKind>,
    /// Queue and substation lead of a new connection (default 6 years).
    #[serde(default)]
    pub grid_lead: Option<Q<Time>>,
    /// Construction time of a phase (default 18 months).
    #[serde(default)]
    pub construction: Option<Q<Time>>,
    /// Lead time of new transformers (default: none when energised, 150 weeks otherwise).
    #[serde(default)]
    pub transformer_lead: Option<Q<Time>>,
    /// Lead time of the GPUs or miners from order (default 44 weeks).
    #[serde(default)]
    pub equipment_lead: Option<Q<Time>>,
    /// Equal phases the interconnect is built out in (default 1).
    #[serde(default)]
    pub phases: Option<u32>,
}

/// Where an economics field is set in `[finance]`: (part of the model's field path, spec field).
const PATHS: [(&str, &str); 19] = [
    ("model.price", "price"),
    ("model.rent", "price"),
    ("model.hashprice", "price"),
    ("model.utilisation", "utilisation"),
    ("model.occupancy", "utilisation"),
    ("model.uptime", "utilisation"),
    ("capex.build", "build_cost"),
    ("capex.equipment.life", "equipment_life"),
    ("opex.energy", "energy_price"),
    ("opex.water", "water_price"),
    ("opex.maintenance", "maintenance"),
    ("financing.debt_share", "debt_share"),
    ("financing.interest", "interest"),
    ("financing.term_years", "term_years"),
    ("appraisal.discount_rate", "discount_rate"),
    ("appraisal.horizon_years", "horizon_years"),
    ("grid.lead", "grid_lead"),
    ("lead.construction", "construction"),
    ("lead.equipment", "equipment_lead"),
];

impl FinanceSpec {
    /// The share of the year at design IT load.
    pub fn load_factor(&self) -> Fraction {
        self.load_factor.map_or(Fraction::ONE, |q| q.0)
    }

    /// The annual figures of a plan: from the simulated `year` when there is one, else the
    /// design hour held all year (both × the load factor).
    pub fn figures(
        &self,
        site: &Site,
        plan: &Plan,
        deployment: &Deployment,
        year: Option<&AnnualResult>,
    ) -> Result<AnnualFigures> {
        let lf = self.load_factor();
        match year {
            Some(y) => AnnualFigures::from_simulation(site, plan, deployment, y, lf),
            None => Ok(AnnualFigures::from_plan(site, plan, deployment, lf)),
        }
    }

    /// The project of site `name` with `figures`. Errors name the `finance.…` field.
    pub fn project(&self, name: &str, figures: AnnualFigures) -> Result<Project> {
        let model = self.model()?;
        let mut capex = Capex::default_for(&model);
        if let Some(cost) = self.build_cost {
            capex.build = BuildCost {
                per_mw: cost,
                ..capex.build
            };
        }
        capex.equipment = self.equipment(capex.equipment)?;
        let defaults = Opex::default();
        let opex = Opex {
            energy: self.energy_price.map_or(defaults.energy.clone(), |p| {
                crate::economics::EnergyPrice::Flat(PricePath::Flat(p))
            }),
            water: self.water_price.unwrap_or(defaults.water),
            maintenance: self.maintenance.map_or(defaults.maintenance, |q| q.0),
            ..defaults
        };
        let base = Financing::default();
        let financing = Financing {
            debt_share: self.debt_share.map_or(base.debt_share, |q| q.0),
            interest: self.interest.unwrap_or(base.interest),
            term_years: self.term_years.unwrap_or(base.term_years),
            ..base
        };
        let appraisal = crate::economics::Discounting {
            discount_rate: self
                .discount_rate
                .unwrap_or(crate::economics::Discounting::default().discount_rate),
            horizon_years: self
                .horizon_years
                .unwrap_or(crate::economics::Discounting::default().horizon_years),
            ..crate::economics::Discounting::default()
        };
        let schedule = self.schedule(figures.interconnect)?;
        Project::new(name, figures, model, schedule)
            .and_then(|p| p.with_capex(capex))
            .and_then(|p| p.with_opex(opex))
            .and_then(|p| p.with_financing(financing))
            .and_then(|p| p.with_discounting(appraisal))
            .map_err(|e| self.located(e))
    }

    /// An error from the economics model about the `[finance]` field that set the value.
    fn located(&self, e: Error) -> Error {
        let model = e.field().unwrap_or_default().to_owned();
        let equipment_price = match self.model {
            ModelKind::BitcoinMining => "miner_price",
            _ => "gpu_price",
        };
        let field = PATHS
            .iter()
            .chain(&[
                ("capex.equipment.price", equipment_price),
                ("lead.transformers", "transformer_lead"),
                ("schedule.start", "start"),
                ("phase", "phases"),
            ])
            .find(|(part, _)| model.contains(part))
            .map_or("finance".to_owned(), |(_, spec)| format!("finance.{spec}"));
        e.with_field(field)
    }

    fn model(&self) -> Result<BusinessModel> {
        let mut model = match self.model {
            ModelKind::GpuRental => BusinessModel::gpu_rental(),
            ModelKind::Colocation => BusinessModel::colocation(),
            ModelKind::BitcoinMining => BusinessModel::bitcoin_mining(),
        };
        let price = self.price.as_ref().map(|p| p.0.as_str());
        let share = self.utilisation.map(|q| q.0);
        match &mut model {
            BusinessModel::GpuRental {
                price: p,
                utilisation,
            } => {
                set_price(p, price, self.price_change)?;
                *utilisation = share.unwrap_or(*utilisation);
            }
            BusinessModel::Colocation {
                rent,
                occupancy,
                energy_pass_through,
            } => {
                set_price(rent, price, self.price_change)?;
                *occupancy = share.unwrap_or(*occupancy);
                *energy_pass_through = self.energy_pass_through.unwrap_or(*energy_pass_through);
            }
            BusinessModel::BitcoinMining { hashprice, uptime } => {
                set_price(hashprice, price, self.price_change)?;
                *uptime = share.unwrap_or(*uptime);
            }
        }
        if self.energy_pass_through.is_some() && self.model != ModelKind::Colocation {
            return Err(Error::inconsistent(
                "finance.energy_pass_through",
                "applies to colocation only",
            ));
        }
        Ok(model)
    }

    fn equipment(&self, default: Option<Equipment>) -> Result<Option<Equipment>> {
        let only = |field: &str, model: &str| {
            Err(Error::inconsistent(
                &format!("finance.{field}"),
                format!("applies to {model} only"),
            ))
        };
        let mut equipment = default;
        match (self.model, self.gpu_price, self.miner_price) {
            (ModelKind::GpuRental, Some(p), None) => {
                equipment = Some(Equipment {
                    price: EquipmentPrice::PerAccelerator(p),
                    ..Equipment::gpus()
                });
            }
            (ModelKind::BitcoinMining, None, Some(p)) => {
                equipment = Some(Equipment {
                    price: EquipmentPrice::PerHashrate(p),
                    ..Equipment::miners()
                });
            }
            (_, Some(_), _) if self.model != ModelKind::GpuRental => {
                return only("gpu_price", "GPU rental");
            }
            (_, _, Some(_)) if self.model != ModelKind::BitcoinMining => {
                return only("miner_price", "bitcoin mining");
            }
            _ => {}
        }
        if let Some(life) = self.equipment_life {
            match &mut equipment {
                Some(e) => e.life = life.0,
                None => return only("equipment_life", "GPU rental and bitcoin mining"),
            }
        }
        Ok(equipment)
    }

    fn schedule(&self, interconnect: Power) -> Result<Schedule> {
        let start = self.start.0;
        let energised = self.grid.unwrap_or(GridKind::Energised) == GridKind::Energised;
        let grid = match (energised, self.grid_lead) {
            (true, Some(_)) => {
                return Err(Error::inconsistent(
                    "finance.grid_lead",
                    "applies to grid = \"new_connection\" only",
                ));
            }
            (true, None) => GridAccess::Energised { since: start },
            (false, lead) => match (GridAccess::new_connection(), lead) {
                (GridAccess::New { cost, .. }, Some(lead)) => {
                    GridAccess::New { lead: lead.0, cost }
                }
                (connection, _) => connection,
            },
        };
        let d = LeadTimes::default();
        let lead = LeadTimes {
            construction: self.construction.map_or(d.construction, |q| q.0),
            transformers: match self.transformer_lead {
                Some(q) => Some(q.0),
                None if energised => None,
                None => d.transformers,
            },
            equipment: self.equipment_lead.map_or(d.equipment, |q| q.0),
            ..d
        };
        let phases = match self.phases.unwrap_or(1) {
            n @ 1..=MAX_PHASES => Phase::equal(n, interconnect),
            n => {
                return Err(Error::out_of_range(
                    "finance.phases",
                    f64::from(n),
                    "",
                    &format!(
                        "a number of phases between 1 and {MAX_PHASES} (phases start six months \
                         apart)"
                    ),
                ));
            }
        };
        Schedule::new(start, grid, lead, phases).map_err(|e| self.located(e))
    }
}

/// Sets a price path from the file: year-1 price `text` (or the default's), changing by
/// `change` a year after year 1 if given.
fn set_price<R: Scalar + std::str::FromStr<Err = Error>>(
    path: &mut PricePath<R>,
    text: Option<&str>,
    change: Option<f64>,
) -> Result<()> {
    let first = match text {
        Some(t) => t.parse::<R>().map_err(at("finance.price"))?,
        None => path.at(1),
    };
    *path = match change {
        Some(per_year) => PricePath::Changing {
            first_year: first,
            per_year,
        },
        None => PricePath::Flat(first),
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(extra: &str) -> FinanceSpec {
        toml::from_str(&format!(
            "model = \"bitcoin_mining\"\nstart = 2026-03-01\n{extra}"
        ))
        .unwrap()
    }

    fn figures() -> AnnualFigures {
        let h = Time::new::<time::hour>(8_760.0);
        AnnualFigures {
            interconnect: megawatts(100.0),
            it_capacity: megawatts(90.0),
            facility_peak: megawatts(99.0),
            it_energy: megawatts(90.0) * h,
            facility_energy: megawatts(95.0) * h,
            water: Volume::ZERO,
            accelerators: 0,
            racks: 3_000,
            hashrate: Hashrate::new(5.0e6),
            hourly_facility: None,
        }
    }

    #[test]
    fn defaults_and_overrides_reach_the_project() {
        let p = spec("price = \"55 USD/PH/s/day\"\nminer_price = \"12 USD/TH/s\"\nphases = 2")
            .project("mine", figures())
            .unwrap();
        assert_eq!(p.schedule().phases().len(), 2);
        assert!(matches!(
            p.model(),
            BusinessModel::BitcoinMining { hashprice: PricePath::Flat(h), .. } if h.get() == 55.0
        ));
        assert!(matches!(
            p.capex().equipment,
            Some(Equipment { price: EquipmentPrice::PerHashrate(m), .. }) if m.get() == 12.0
        ));
        assert!(p.appraise().is_ok());
    }

    #[test]
    fn model_errors_name_the_finance_field() {
        let field = |extra: &str| {
            spec(extra)
                .project("mine", figures())
                .unwrap_err()
                .field()
                .map(str::to_owned)
        };
        assert_eq!(
            field("miner_price = \"-1 USD/TH/s\""),
            Some("finance.miner_price".into())
        );
        assert_eq!(
            field("horizon_years = 0"),
            Some("finance.horizon_years".into())
        );
        assert_eq!(
            field("construction = \"200 years\""),
            Some("finance.construction".into())
        );
        assert_eq!(
            field("gpu_price = \"1 USD\""),
            Some("finance.gpu_price".into())
        );
        assert_eq!(
            field("grid_lead = \"2 years\""),
            Some("finance.grid_lead".into())
        );
    }
}
