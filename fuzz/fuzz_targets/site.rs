//! Any bytes read as a site file, in TOML and in JSON, through every entry point a site file
//! reaches: parse → scenario → plan → the CLI's plan report (JSON and table) → business case.
//! An error or a result, never a panic; an accepted site gives finite, non-negative powers,
//! flows and energies, a PUE of at least 1 wherever IT draws power, and a facility power that
//! is the sum of its parts, at the design hour and at a few hours of its climate.
#![no_main]

use dcplan::climate::Climate;
use dcplan::metrics::ItMeasurement;
use dcplan::prelude::*;
use dcplan::report::PlanReport;
use dcplan::sitefile::{Format, Scenario, SiteFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Toml, Format::Json] {
        let file = SiteFile::from_text("fuzz", text, format, "/nonexistent");
        let _ = file.document();
        let Ok(spec) = file.spec() else { continue };
        // Weather files are the `epw` target's business: a fuzzed path may name any file.
        let climate = match spec.climate.as_ref().and_then(|c| c.epw.as_ref()) {
            Some(_) => None,
            None => match spec.load_climate(file.dir()) {
                Ok(c) => c.map(std::sync::Arc::new),
                Err(_) => continue,
            },
        };
        if let Ok(scenario) = spec.build(climate) {
            check(&scenario);
        }
    }
});

fn check(s: &Scenario) {
    let Ok(plan) = plan(&s.site, &s.deployment) else {
        return;
    };
    check_point(&plan.operating_point);
    // What `dcplan plan` prints: a plan that exists has a report, in JSON and as a table.
    let report = PlanReport::new(&s.site, &s.deployment, &plan)
        .unwrap_or_else(|e| panic!("a plan of {} racks has no report: {e}", plan.primary_racks));
    let json = serde_json::to_string(&report).expect("the report serialises");
    assert!(
        !json.contains("NaN") && !json.contains("inf"),
        "{json:.2000}"
    );
    let _ = report.table();
    if let Some(climate) = s.climate.as_deref() {
        hours(s, plan.primary_racks, climate);
    }
    if let Some(finance) = &s.finance {
        let Ok(figures) = finance.figures(&s.site, &plan, &s.deployment, None) else {
            return;
        };
        for (what, e) in [
            ("IT", figures.it_energy),
            ("facility", figures.facility_energy),
        ] {
            let j = e.get::<joule>();
            assert!(j.is_finite() && j >= 0.0, "{what} energy {e:?}");
        }
        assert!(figures.water.get::<cubic_meter>() >= 0.0, "{figures:?}");
        let evaluation = finance
            .project(s.site.name(), figures)
            .and_then(|p| p.appraise());
        if let Ok(e) = evaluation {
            assert!(e.capex.get().is_finite(), "capex {:?}", e.capex);
            assert!(e.npv.get().is_finite(), "npv {:?}", e.npv);
            assert!(
                e.irr.map(f64::from).is_none_or(f64::is_finite),
                "irr {:?}",
                e.irr
            );
        }
    }
}

/// The plan's racks at a few hours of the year (a whole year is too slow per execution).
fn hours(s: &Scenario, racks: u32, climate: &Climate) {
    let Ok(load) = dcplan::operating::Placement::new(&s.site, &s.deployment, racks) else {
        return;
    };
    for hour in climate.hours().iter().step_by(997) {
        if let Ok(op) = load.at(hour) {
            check_point(&op);
        }
    }
}

fn check_point(op: &OperatingPoint) {
    let watts = [
        op.it,
        op.electrical_losses,
        op.cooling,
        op.house,
        op.lumped_overhead,
        op.facility,
    ];
    assert!(
        watts
            .iter()
            .all(|w| w.get::<watt>().is_finite() && w.get::<watt>() >= 0.0),
        "a power is negative or not finite: {op:?}"
    );
    for l in &op.loops {
        let st = &l.state;
        let parts = [
            st.heat,
            st.capacity,
            st.power,
            st.compressor_power,
            st.sink_power,
            st.transport_power,
        ];
        assert!(
            parts.iter().all(|w| w.get::<watt>() >= 0.0),
            "loop {}: a power is negative: {st:?}",
            l.name
        );
        assert!(st.water.get::<cubic_meter_per_second>() >= 0.0, "{st:?}");
    }
    // PUE is defined where IT draws power, and is then at least 1.
    if op.it.get::<watt>() > 0.0 {
        let pue = op.pue(ItMeasurement::ItInput);
        assert!(
            pue.as_ref().is_ok_and(|p| p.get() >= 1.0),
            "PUE {pue:?} of {op:?}"
        );
    }
    let parts = op.it + op.electrical_losses + op.cooling + op.house + op.lumped_overhead;
    let scale = op.facility.get::<watt>().abs().max(1.0);
    assert!(
        (op.facility - parts).get::<watt>().abs() <= 1e-9 * scale,
        "facility {:?} ≠ parts {:?}",
        op.facility,
        parts
    );
    let loops: Power = op.loops.iter().map(|l| l.state.power).sum();
    assert!(
        (loops - op.cooling).get::<watt>().abs() <= 1e-9 * scale,
        "{op:?}"
    );
    let water = op.water.get::<cubic_meter_per_second>();
    assert!(water.is_finite() && water >= 0.0, "{op:?}");
    for c in &op.constraints {
        let finite = match c.headroom {
            Headroom::Power(p) => p.get::<watt>().is_finite(),
            Headroom::Racks(_) => true,
            Headroom::Temperature(t) => t.get::<kelvin_interval>().is_finite(),
        };
        assert!(finite && c.utilisation.is_none_or(f64::is_finite), "{c:?}");
    }
}
