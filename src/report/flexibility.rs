//! The year plan under flexibility and the Duke table: how many GPUs fit over a climate year,
//! what the year's dispatch did, beside the design-hour plan.

use super::{Table, mw};
use crate::flexibility::{Battery, DukeRow, YearLimit, YearPlan};
use crate::units::*;
use serde::Serialize;

/// A year plan, for JSON and a text table.
///
/// # Units
///
/// Powers in MW (`_mw`), energies in MWh (`_mwh`), fuel cost and lost-load value in USD,
/// emissions in tonnes CO₂, shares as fractions, GPU-hours as accelerators × hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearPlanReport {
    /// Curtailment allowed, a share of the year's uncurtailed IT energy (none: not limited).
    pub budget_energy_share: Option<f64>,
    /// Curtailed hours allowed (none: not limited).
    pub budget_hours: Option<u32>,
    /// Longest event allowed, hours (none: not limited).
    pub budget_event_hours: Option<u32>,
    /// Primary racks that fit over the year.
    pub primary_racks: u32,
    /// Accelerators that fit over the year.
    pub accelerators: u64,
    /// Primary racks that fit at the design hour (firm interconnect).
    pub design_primary_racks: u32,
    /// Accelerators that fit at the design hour.
    pub design_accelerators: u64,
    /// What one more rack would exceed: a design-hour constraint, or the year's budget.
    pub limited_by: String,
    /// Hours in the year.
    pub hours: usize,
    /// IT energy uncurtailed.
    pub it_energy_mwh: f64,
    /// IT energy curtailed.
    pub curtailed_it_energy_mwh: f64,
    /// Curtailed IT as a share of the uncurtailed IT of the types without a shed priority
    /// (the budget's base).
    pub curtailed_share: f64,
    /// IT energy shed by the dynamic cap.
    pub capped_it_energy_mwh: f64,
    /// Hours with any curtailment.
    pub curtailed_hours: u32,
    /// Hours with the cap lowered.
    pub capped_hours: u32,
    /// Curtailment events (runs of consecutive hours).
    pub events: u32,
    /// Longest event, hours.
    pub longest_event_hours: u32,
    /// GPU-hours curtailed.
    pub gpu_hours_lost_curtailment: f64,
    /// GPU-hours lost to throughput under the dynamic cap.
    pub gpu_hours_lost_dynamic_cap: f64,
    /// GPU-hours lost to throughput under the static cap.
    pub gpu_hours_lost_static_cap: f64,
    /// Curtailed hours per constraint over in them.
    pub causes: Vec<CauseReport>,
    /// The hour closest to its limits before relief (hour of the year from 0).
    pub binding_hour: Option<usize>,
    /// Its constraint.
    pub binding_constraint: Option<String>,
    /// Grid energy.
    pub grid_energy_mwh: f64,
    /// Highest hourly grid import.
    pub peak_grid_import_mw: f64,
    /// Battery charge (energy drawn into it).
    pub battery_charge_mwh: f64,
    /// Battery discharge.
    pub battery_discharge_mwh: f64,
    /// Equivalent full cycles: discharge over the battery's usable energy (none: no battery,
    /// or not given one by [`YearPlanReport::with_battery`]).
    pub battery_cycles: Option<f64>,
    /// Generation.
    pub generation_mwh: f64,
    /// Fuel (HHV).
    pub fuel_mwh: f64,
    /// Fuel cost, USD.
    pub fuel_cost_usd: f64,
    /// CO₂ from fuel, tonnes.
    pub emissions_t: f64,
    /// Curtailed GPU-hours at the value of lost load, USD.
    pub lost_load_value_usd: Option<f64>,
    /// Hours even full curtailment could not serve.
    pub unservable_hours: u32,
    /// Annual passes the search ran.
    pub annual_passes: u32,
    /// The rack types shed first, in shed order (empty without shed priorities).
    pub shed_types: Vec<ShedReport>,
}

/// A year of one rack type shed before the rest.
///
/// # Units
///
/// Energies in MWh, lost value in USD, GPU-hours as accelerators × hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShedReport {
    /// The rack type.
    pub rack_type: String,
    /// Its racks installed.
    pub racks: u32,
    /// Its IT energy shed.
    pub shed_energy_mwh: f64,
    /// Its IT energy over the year, unshed.
    pub it_energy_mwh: f64,
    /// Hours with any of it shed.
    pub shed_hours: u32,
    /// Accelerator-hours shed (zero for miners).
    pub gpu_hours: f64,
    /// What the work shed was worth, USD (none: not priced).
    pub lost_value_usd: Option<f64>,
}

/// Curtailed hours caused by one constraint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CauseReport {
    /// The constraint.
    pub constraint: String,
    /// Curtailed hours it was over in.
    pub hours: u32,
}

impl YearPlanReport {
    /// The report of `p`.
    pub fn new(p: &YearPlan) -> Self {
        let y = &p.year;
        let mwh = |e: Energy| e.get::<megawatt_hour>();
        let it = mwh(y.it_energy);
        let firm = mwh(y.firm_it_energy());
        Self {
            budget_energy_share: p.budget.energy_share().map(Fraction::get),
            budget_hours: p.budget.hours(),
            budget_event_hours: p.budget.event_hours(),
            primary_racks: p.primary_racks,
            accelerators: p.accelerators,
            design_primary_racks: p.design.primary_racks,
            design_accelerators: p.design.accelerators,
            limited_by: match &p.limited_by {
                YearLimit::Design(kind) => kind.to_string(),
                YearLimit::Year => "an hour of the year, beyond the budget".into(),
            },
            hours: y.hours,
            it_energy_mwh: it,
            curtailed_it_energy_mwh: mwh(y.curtailed_it_energy),
            curtailed_share: if firm > 0.0 {
                mwh(y.curtailed_it_energy) / firm
            } else {
                0.0
            },
            capped_it_energy_mwh: mwh(y.capped_it_energy),
            curtailed_hours: y.curtailed_hours,
            capped_hours: y.capped_hours,
            events: y.events,
            longest_event_hours: y.longest_event_hours,
            gpu_hours_lost_curtailment: y.gpu_hours_lost_curtailment.get(),
            gpu_hours_lost_dynamic_cap: y.gpu_hours_lost_dynamic_cap.get(),
            gpu_hours_lost_static_cap: y.gpu_hours_lost_static_cap.get(),
            causes: y
                .causes
                .iter()
                .map(|(k, h)| CauseReport {
                    constraint: k.to_string(),
                    hours: *h,
                })
                .collect(),
            binding_hour: y.binding_hour.as_ref().map(|b| b.hour),
            binding_constraint: y.binding_hour.as_ref().map(|b| b.constraint.to_string()),
            grid_energy_mwh: mwh(y.grid_energy),
            peak_grid_import_mw: mw(y.peak_grid_import),
            battery_charge_mwh: mwh(y.battery_charge),
            battery_discharge_mwh: mwh(y.battery_discharge),
            battery_cycles: None,
            generation_mwh: mwh(y.generation),
            fuel_mwh: mwh(y.fuel),
            fuel_cost_usd: y.fuel_cost.get(),
            emissions_t: y.emissions.get::<kilogram>() / 1e3,
            lost_load_value_usd: y.lost_load_value.map(|m| m.get()),
            unservable_hours: y.unservable_hours,
            annual_passes: p.annual_passes,
            shed_types: y
                .shed_types
                .iter()
                .map(|t| ShedReport {
                    rack_type: t.name.clone(),
                    racks: t.racks,
                    shed_energy_mwh: mwh(t.shed_energy),
                    it_energy_mwh: mwh(t.it_energy),
                    shed_hours: t.shed_hours,
                    gpu_hours: t.gpu_hours.get(),
                    lost_value_usd: t.lost_value.map(|m| m.get()),
                })
                .collect(),
        }
    }

    /// The same report with the equivalent full cycles of `battery` (the one dispatched), if
    /// any: the year's discharge over its usable energy.
    pub fn with_battery(mut self, battery: Option<&Battery>) -> Self {
        self.battery_cycles = battery.map(|b| {
            let usable = b.usable_energy().get::<megawatt_hour>();
            if usable > 0.0 {
                self.battery_discharge_mwh / usable
            } else {
                0.0
            }
        });
        self
    }

    /// The budget in words ("0.5 % of IT energy", "none (strict)").
    pub fn budget_text(&self) -> String {
        budget_text(
            self.budget_energy_share,
            self.budget_hours,
            self.budget_event_hours,
        )
    }

    /// The report as a text table of metric and value.
    pub fn table(&self) -> String {
        let mut t = Table::new(["year plan", "value"]);
        let mut row = |k: &str, v: String| t.row([k.to_owned(), v]);
        row(
            "budget",
            budget_text(
                self.budget_energy_share,
                self.budget_hours,
                self.budget_event_hours,
            ),
        );
        row(
            "racks (GPUs) over the year",
            format!("{} ({})", self.primary_racks, self.accelerators),
        );
        row(
            "racks (GPUs) at the design hour",
            format!(
                "{} ({})",
                self.design_primary_racks, self.design_accelerators
            ),
        );
        row("limited by", self.limited_by.clone());
        row(
            "curtailed IT",
            format!(
                "{:.1} MWh ({:.3} %)",
                self.curtailed_it_energy_mwh,
                100.0 * self.curtailed_share
            ),
        );
        row(
            "curtailed hours / events / longest",
            format!(
                "{} h / {} / {} h",
                self.curtailed_hours, self.events, self.longest_event_hours
            ),
        );
        row(
            "GPU-hours lost (curtailment, dynamic cap, static cap)",
            format!(
                "{:.0} / {:.0} / {:.0}",
                self.gpu_hours_lost_curtailment,
                self.gpu_hours_lost_dynamic_cap,
                self.gpu_hours_lost_static_cap
            ),
        );
        for t in &self.shed_types {
            let share = if t.it_energy_mwh > 0.0 {
                100.0 * t.shed_energy_mwh / t.it_energy_mwh
            } else {
                0.0
            };
            let value = t
                .lost_value_usd
                .map_or(String::new(), |v| format!(", {v:.0} USD lost"));
            row(
                &format!("shed first: {} ({} racks)", t.rack_type, t.racks),
                format!(
                    "{:.1} MWh ({share:.2} %) in {} h{value}",
                    t.shed_energy_mwh, t.shed_hours
                ),
            );
        }
        for c in &self.causes {
            row(
                &format!("curtailed hours over {}", c.constraint),
                c.hours.to_string(),
            );
        }
        if let (Some(h), Some(c)) = (self.binding_hour, &self.binding_constraint) {
            row("binding hour", format!("{h} ({c})"));
        }
        row(
            "peak grid import",
            format!("{:.3} MW", self.peak_grid_import_mw),
        );
        row("grid import", format!("{:.1} MWh", self.grid_energy_mwh));
        if let Some(cycles) = self.battery_cycles {
            row(
                "battery charge / discharge / cycles",
                format!(
                    "{:.1} MWh / {:.1} MWh / {cycles:.1}",
                    self.battery_charge_mwh, self.battery_discharge_mwh
                ),
            );
        }
        row("generation", format!("{:.1} MWh", self.generation_mwh));
        row(
            "capped IT",
            format!(
                "{:.1} MWh in {} h",
                self.capped_it_energy_mwh, self.capped_hours
            ),
        );
        if self.fuel_mwh > 0.0 {
            row(
                "fuel / cost / CO₂",
                format!(
                    "{:.1} MWh / {:.0} USD / {:.1} t",
                    self.fuel_mwh, self.fuel_cost_usd, self.emissions_t
                ),
            );
        }
        if let Some(v) = self.lost_load_value_usd {
            row("value of lost load", format!("{v:.0} USD"));
        }
        if self.unservable_hours > 0 {
            row("unservable hours", self.unservable_hours.to_string());
        }
        t.render()
    }
}

fn budget_text(share: Option<f64>, hours: Option<u32>, events: Option<u32>) -> String {
    let mut parts = Vec::new();
    if let Some(s) = share {
        parts.push(format!("{} % of IT energy", 100.0 * s));
    }
    if let Some(h) = hours {
        parts.push(format!("{h} h"));
    }
    if let Some(e) = events {
        parts.push(format!("events ≤ {e} h"));
    }
    if parts.is_empty() {
        "none (strict)".into()
    } else {
        parts.join(", ")
    }
}

/// One row of the Duke table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DukeRowReport {
    /// The curtailment level, a share of the year's uncurtailed IT energy.
    pub curtailment_share: f64,
    /// Primary racks that fit.
    pub primary_racks: u32,
    /// GPUs that fit.
    pub accelerators: u64,
    /// IT energy curtailed at the plan.
    pub curtailed_it_energy_mwh: f64,
    /// Hours with curtailment.
    pub curtailed_hours: u32,
    /// Longest event, hours.
    pub longest_event_hours: u32,
    /// GPU-hours curtailed.
    pub gpu_hours_lost_curtailment: f64,
    /// Annual passes this level's search added (the first level's include the full pass the
    /// levels share).
    pub annual_passes: u32,
}

/// The Duke table: GPUs that fit at 0, 0.25, 0.5 and 1 % curtailment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DukeReport {
    /// GPUs that fit at the design hour (firm interconnect).
    pub design_accelerators: u64,
    /// One row per level.
    pub levels: Vec<DukeRowReport>,
}

impl DukeReport {
    /// The report of `rows` (from [`crate::flexibility::duke_table`]).
    pub fn new(rows: &[DukeRow]) -> Self {
        Self {
            design_accelerators: rows.first().map_or(0, |r| r.plan.design.accelerators),
            levels: rows
                .iter()
                .map(|r| DukeRowReport {
                    curtailment_share: r.share.get(),
                    primary_racks: r.plan.primary_racks,
                    accelerators: r.plan.accelerators,
                    curtailed_it_energy_mwh: r.plan.year.curtailed_it_energy.get::<megawatt_hour>(),
                    curtailed_hours: r.plan.year.curtailed_hours,
                    longest_event_hours: r.plan.year.longest_event_hours,
                    gpu_hours_lost_curtailment: r.plan.year.gpu_hours_lost_curtailment.get(),
                    annual_passes: r.plan.annual_passes,
                })
                .collect(),
        }
    }

    /// The table as text.
    pub fn table(&self) -> String {
        let mut t = Table::new([
            "curtailment",
            "racks",
            "GPUs",
            "curtailed MWh",
            "hours",
            "longest h",
        ]);
        for r in &self.levels {
            t.row([
                format!("{} %", 100.0 * r.curtailment_share),
                r.primary_racks.to_string(),
                r.accelerators.to_string(),
                format!("{:.1}", r.curtailed_it_energy_mwh),
                r.curtailed_hours.to_string(),
                r.longest_event_hours.to_string(),
            ]);
        }
        t.render()
    }
}
