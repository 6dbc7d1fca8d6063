//! Any bytes read as a site file, in TOML and in JSON, through every entry point a site file
//! reaches: parse → scenario → plan → business case. An error or a result, never a panic; an
//! accepted site gives finite numbers and a facility power that is the sum of its parts, at
//! the design hour and at a few hours of its climate.
#![no_main]

use dcplan::climate::Climate;
use dcplan::prelude::*;
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
    if let Some(climate) = s.climate.as_deref() {
        hours(s, plan.primary_racks, climate);
    }
    if let Some(finance) = &s.finance {
        let evaluation = finance
            .figures(&s.site, &plan, &s.deployment, None)
            .and_then(|f| finance.project(s.site.name(), f))
            .and_then(|p| p.appraise());
        if let Ok(e) = evaluation {
            assert!(e.capex.get().is_finite(), "capex {:?}", e.capex);
            assert!(e.npv.get().is_finite(), "npv {:?}", e.npv);
            assert!(e.irr.map(f64::from).is_none_or(f64::is_finite), "irr {:?}", e.irr);
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
    assert!(watts.iter().all(|w| w.get::<watt>().is_finite()), "{op:?}");
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
    assert!(
        op.water.get::<cubic_meter_per_second>().is_finite(),
        "{op:?}"
    );
    for c in &op.constraints {
        let finite = match c.headroom {
            Headroom::Power(p) => p.get::<watt>().is_finite(),
            Headroom::Racks(_) => true,
            Headroom::Temperature(t) => t.get::<kelvin_interval>().is_finite(),
        };
        assert!(finite && c.utilisation.is_none_or(f64::is_finite), "{c:?}");
    }
}
