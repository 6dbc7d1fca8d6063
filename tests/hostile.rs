//! Hostile inputs to every public constructor and entry point: each must return a clear error
//! naming the field and the value — never panic, never accept a number that poisons results.

mod common;
use common::*;
use dcplan::climate::{Climate, Location, WaterProfile};
use dcplan::prelude::*;

/// Values no physical input may take.
const POISON: [f64; 5] = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 1e300];

fn message(e: Error) -> String {
    e.to_string()
}

#[test]
fn powers_reject_nan_infinite_negative_and_absurd() {
    for v in POISON {
        let p = Power::new::<watt>(v);
        let e = message(GridInterconnect::new(p).unwrap_err());
        assert!(e.contains("interconnect.capacity"), "{e}");
        let e = message(
            Stage::new(
                "UPS",
                StageKind::Ups,
                p,
                UnitGroup::single(),
                LossCurve::LOSSLESS,
            )
            .unwrap_err(),
        );
        assert!(e.contains("UPS.unit_rating"), "{e}");
        let e = message(Hall::new("A", 10, Some(p)).unwrap_err());
        assert!(e.contains("hall 'A'.power_limit"), "{e}");
        let e =
            message(RackProfile::new("gpu", p, 8, Fraction::ZERO, AirClass::A1, None).unwrap_err());
        assert!(e.contains("rack 'gpu'.it_power"), "{e}");
        assert!(LoopDesign::preset(Technology::AirChiller, "crah", p, 4).is_err());
        assert!(ApparentPower::from_mva(v).is_err());
        assert!(Transport::new(p, Fraction::ZERO).is_err());
        assert!(ElectricalChain::reference(p, Redundancy::TwoN).is_err());
    }
    // Zero capacity is as useless as a negative one.
    assert!(GridInterconnect::new(Power::ZERO).is_err());
    // A house load of zero is fine; a negative one is not.
    let site = Site::builder("s", GridInterconnect::new(megawatts(1.0)).unwrap())
        .lumped_pue(Pue::new(1.2).unwrap());
    assert!(site.clone().house_load(Power::ZERO).build().is_ok());
    assert!(site.house_load(Power::new::<watt>(-1.0)).build().is_err());
}

#[test]
fn ratios_reject_values_outside_their_meaning() {
    for (v, ok_pue, ok_eff) in [
        (0.99, false, true),
        (1.0, true, true),
        (1.01, true, false),
        (0.0, false, false),
    ] {
        assert_eq!(Pue::new(v).is_ok(), ok_pue, "PUE {v}");
        assert_eq!(Efficiency::new(v).is_ok(), ok_eff, "efficiency {v}");
    }
    for v in POISON {
        assert!(Pue::new(v).is_err() && Efficiency::new(v).is_err() && Fraction::new(v).is_err());
        assert!(PowerFactor::new(v).is_err() && Cop::new(v).is_err());
    }
    let e = message(Pue::new(0.5).unwrap_err());
    assert!(
        e.contains("pue") && e.contains("0.5") && e.contains("between 1 and 100"),
        "{e}"
    );
}

#[test]
fn temperatures_reject_the_unphysical() {
    let p = Pressure::new::<pascal>(101_325.0);
    for t in [f64::NAN, f64::INFINITY, -300.0, 1e300] {
        assert!(
            Ambient::from_relative_humidity(celsius(t), Fraction::new(0.5).unwrap(), p).is_err()
        );
        let chiller = Chiller::reference(dcplan::cooling::Condenser::Air).unwrap();
        assert!(
            chiller
                .cop(celsius(t), celsius(35.0), Fraction::ONE)
                .is_err()
        );
        assert!(WaterProfile::from_celsius([t; 12]).is_err());
    }
    // Temperature differences of 1e-300 K would make 1/ΔT overflow downstream.
    let mut design = LoopDesign::preset(Technology::Immersion, "tanks", megawatts(1.0), 2).unwrap();
    design.rise = TemperatureInterval::new::<kelvin_interval>(1e-300);
    let e = message(CoolingLoop::new(design.clone()).unwrap_err());
    assert!(e.contains("cooling loop 'tanks'.rise"), "{e}");
    design.rise = TemperatureInterval::new::<kelvin_interval>(f64::NAN);
    assert!(CoolingLoop::new(design).is_err());
    // Pressures outside the atmosphere.
    for p in [0.0, -1.0, 1e9, f64::NAN] {
        assert!(
            Ambient::from_relative_humidity(
                celsius(20.0),
                Fraction::new(0.5).unwrap(),
                Pressure::new::<pascal>(p)
            )
            .is_err()
        );
    }
}

#[test]
fn redundancy_and_counts_are_checked() {
    assert!(UnitGroup::new(0, Redundancy::N).is_err());
    assert!(UnitGroup::new(1, Redundancy::NPlus(1)).is_err());
    assert!(UnitGroup::new(3, Redundancy::TwoN).is_err());
    assert!(
        UnitGroup::new(
            u32::MAX,
            Redundancy::Distributed {
                systems: 4,
                carrying: 3
            }
        )
        .is_err()
    );
    assert!(UnitGroup::new(u32::MAX, Redundancy::NPlus(u32::MAX)).is_err());
    assert!("N+99999999999".parse::<Redundancy>().is_err());
    let dgx = catalog::find("DGX H100").unwrap();
    assert!(RackProfile::from_system(dgx, 0).is_err());
    assert!(
        RackProfile::from_system(dgx, u32::MAX).is_err(),
        "accelerator count overflows u32"
    );
    assert!(
        Deployment::new(gb200())
            .with_support(network_rack(), 0)
            .is_err()
    );
    assert!(LoopDesign::preset(Technology::AirChiller, "crah", megawatts(1.0), 0).is_err());
    assert!(LoopDesign::preset(Technology::AirChiller, "crah", megawatts(1.0), u32::MAX).is_err());
}

#[test]
fn rack_counts_that_would_overflow_stay_finite() {
    // u32::MAX racks of 120 kW: 5e17 W of IT. Everything reported is still a finite number and
    // the constraints say plainly that nothing fits.
    let site = lumped(100.0, 1.2);
    let ambient = sea_level(30.0, 20.0);
    let op = evaluate(
        &site,
        &Deployment::new(gb200())
            .with_support(network_rack(), 1)
            .unwrap(),
        u32::MAX,
        &ambient,
    )
    .unwrap();
    assert!(op.facility.get::<watt>().is_finite());
    assert_eq!(op.accelerators, u64::from(u32::MAX) * 72);
    assert!(!op.fits());
    // A site whose rack is a milliwatt: more than 2³² racks would fit — an error, not a wrap.
    let tiny = RackProfile::new(
        "tiny",
        Power::new::<watt>(0.001),
        1,
        Fraction::ZERO,
        AirClass::A1,
        None,
    )
    .unwrap();
    let e = message(plan(&lumped(100.0, 1.2), &Deployment::new(tiny)).unwrap_err());
    assert!(e.contains("fewer than 2³² racks"), "{e}");
}

#[test]
fn inconsistent_sites_are_refused_with_the_reason() {
    let g = GridInterconnect::new(megawatts(10.0)).unwrap();
    // Lumped PUE and components at once.
    let e = message(
        Site::builder("s", g)
            .lumped_pue(Pue::new(1.2).unwrap())
            .cooling_loop(loop_of(Technology::AirChiller, "crah", 1.0))
            .build()
            .unwrap_err(),
    );
    assert!(e.contains("not both"), "{e}");
    // Neither a PUE nor a design ambient for a component site.
    let e = message(Site::builder("s", g).build().unwrap_err());
    assert!(e.contains("design ambient"), "{e}");
    // Two loops with one name.
    let e = message(
        Site::builder("s", g)
            .cooling_loop(loop_of(Technology::AirChiller, "x", 1.0))
            .cooling_loop(loop_of(Technology::Immersion, "x", 1.0))
            .design_ambient(sea_level(30.0, 20.0))
            .build()
            .unwrap_err(),
    );
    assert!(e.contains("two are named 'x'"), "{e}");
    // A once-through loop evaluated without a water temperature.
    let site = Site::builder("s", g)
        .cooling_loop(loop_of(Technology::SeawaterOnceThrough, "sea", 8.0))
        .cooling_loop(loop_of(Technology::AirChiller, "crah", 2.0))
        .design_ambient(sea_level(30.0, 20.0))
        .build()
        .unwrap();
    let e = message(plan(&site, &Deployment::new(gb200())).unwrap_err());
    assert!(e.contains("water temperature"), "{e}");
    // A climate of the wrong length.
    let a = sea_level(20.0, 15.0);
    let e = message(
        Climate::new(
            "short",
            Location::new(0.0, 0.0, Length::ZERO).unwrap(),
            vec![a; 100],
        )
        .unwrap_err(),
    );
    assert!(e.contains("100"), "{e}");
}

#[test]
fn efficiency_curves_that_imply_negative_losses_are_refused() {
    let f = |x| Fraction::new(x).unwrap();
    let e = |x| Efficiency::new(x).unwrap();
    let err = message(
        LossCurve::from_efficiencies([(f(0.1), e(0.999)), (f(0.5), e(0.9)), (f(1.0), e(0.95))])
            .unwrap_err(),
    );
    assert!(err.contains("negative losses"), "{err}");
}

#[test]
fn fully_free_hours_draw_no_negative_compressor_power() {
    // Found by the `site` fuzz target's non-negative check on its batam-tropical seed: the
    // water-side economiser's speed × capacity rounded above the heat, leaving −1.46 nW of
    // compressor power in a fully free hour.
    use dcplan::sitefile::SiteFile;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sites/batam-tropical.toml");
    let s = SiteFile::read(&path).unwrap().scenario().unwrap();
    let p = plan(&s.site, &s.deployment).unwrap();
    let placed =
        dcplan::operating::Placement::new(&s.site, &s.deployment, p.primary_racks).unwrap();
    let climate = s.climate.as_deref().unwrap();
    for (h, ambient) in climate.hours().iter().enumerate() {
        let op = placed.at(ambient).unwrap();
        for l in &op.loops {
            let st = &l.state;
            for (what, w) in [
                ("compressor", st.compressor_power),
                ("sink", st.sink_power),
                ("transport", st.transport_power),
                ("loop", st.power),
            ] {
                assert!(
                    w.get::<watt>() >= 0.0,
                    "hour {h}, {}: {what} power {w:?}",
                    l.name
                );
            }
            assert!(st.free_cooling.get() <= 1.0);
        }
    }
}
