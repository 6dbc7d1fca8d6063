//! Cooling-plant models against hand-computed reference values, and their invariants.

mod common;
use approx::assert_relative_eq;
use common::*;
use dcplan::cooling::{
    Condenser, Pump, SupplyLimits, TemperatureLimit, affinity_power, economiser_share,
};
use dcplan::prelude::*;
use proptest::prelude::*;

fn ambient(db: f64, rh: f64) -> Ambient {
    Ambient::from_relative_humidity(
        celsius(db),
        Fraction::new(rh).unwrap(),
        Pressure::new::<pascal>(101_325.0),
    )
    .unwrap()
}

#[test]
fn chiller_cop_follows_the_eir_curves_normalised_at_the_rating() {
    // York YT 1055 kW/5.96 COP/Vanes (EnergyPlus datasets/Chillers.idf) rated at COP 5.96:
    // dcplan divides the curves by their value at the rating point, so COP there is 5.96
    // exactly (EnergyPlus, using them as given, reports 5.96/(1.008963·1.000179) = 5.906).
    // Reference values: chiller_ref.py of the research notes, renormalised (Python 3.11).
    let york = Chiller::ahri(Condenser::Water, Cop::new(5.96).unwrap()).unwrap();
    let cop = |ch: &Chiller, x: f64, y: f64, p: f64| {
        ch.cop(celsius(x), celsius(y), Fraction::new(p).unwrap())
            .unwrap()
            .get()
    };
    for (x, y, p, expected) in [
        (6.67, 29.44, 1.0, 5.96),
        (6.67, 29.44, 0.75, 6.191382),
        (6.67, 29.44, 0.5, 5.886011),
        (6.67, 29.44, 0.25, 4.221660),
        (6.67, 29.44, 0.05, 2.049095), // cycling below PLR 0.1: the COP of PLR 0.1
        // Chilled water beyond the data: at its edge with the same lift, (8.89, 2.09 → 12.78):
        // the smallest lift in the data (EnergyPlus, clamping x alone, gives 8.0965 here).
        (26.8, 20.0, 1.0, 10.283317),
        (26.8, 20.0, 0.5, 10.155657),
        (15.0, 35.0, 1.0, 6.305425), // (8.89, 28.89): the same 20 K lift
        (30.0, 43.0, 1.0, 7.650199),
        (8.89, 12.78, 1.0, 10.283317), // the smallest lift in the data…
        (30.0, 5.0, 1.0, 10.283317),   // …and no higher beyond it
        (4.44, 35.0, 1.0, 4.998851),
        (6.67, 24.0, 1.0, 6.865525),
    ] {
        assert_relative_eq!(cop(&york, x, y, p), expected, max_relative = 1e-6);
    }
    // EnergyPlus's own figure at the smallest lift: 10.1901 with the curves as given.
    let norm = york.curves().eir_ft(6.67, 29.44) * york.curves().eir_fplr(1.0);
    assert_relative_eq!(
        cop(&york, 8.89, 12.78, 1.0) / norm,
        10.1901,
        max_relative = 1e-5
    );
    // ASHRAE 90.1-2019 Path A air-cooled curves, rated COP 2.9603 (1.188 kW/ton).
    let air = Chiller::ahri(Condenser::Air, Cop::new(2.9603).unwrap()).unwrap();
    for (x, y, p, expected) in [
        (6.67, 35.0, 1.0, 2.9603),
        (6.67, 35.0, 0.75, 2.971454),
        (6.67, 35.0, 0.5, 2.847703),
        (6.67, 35.0, 0.25, 2.329072),
        (6.67, 35.0, 0.05, 1.418184),
        (26.8, 20.0, 1.0, 5.256589), // (10, 3.2 → 12.7): the smallest lift in the data
        (30.0, 43.0, 1.0, 4.427933), // (10, 23): 30 °C water at 43 °C outdoors
        (10.0, 12.7, 1.0, 5.256589),
        (5.0, 51.67, 1.0, 1.747352),
    ] {
        assert_relative_eq!(cop(&air, x, y, p), expected, max_relative = 1e-6);
    }
    // A rating beyond Carnot at the rating point (6.67 °C / 29.44 °C: 12.29) is refused.
    assert!(Chiller::ahri(Condenser::Water, Cop::new(12.5).unwrap()).is_err());
    assert!(Chiller::ahri(Condenser::Water, Cop::new(12.0).unwrap()).is_ok());
}

#[test]
fn a_loops_chiller_stays_within_its_data_at_low_lift() {
    // Issue 12: a fixed share of Carnot gave COP 15–20 at warm chilled water. Water-cooled
    // centrifugal (York curves, rated 6.1) on 18 °C seawater (condenser water 20 °C) supplying
    // 16 °C facility water at 6.25 of 12.5 MW installed: at the data's edge with the same 4 K
    // lift, (8.89, 12.89), the chillers staged at their best part-load ratio
    // p* = √(a/c) = 0.7247 → COP 10.8952 (the old model: 16.05).
    let mut design =
        LoopDesign::preset(Technology::AirSeawater, "crah", megawatts(10.0), 4).unwrap();
    let chiller = *design.plant.chiller().unwrap();
    design.plant = Plant::new(design.plant.sink().clone(), Some(chiller), false).unwrap();
    let l = CoolingLoop::new(design).unwrap();
    let sea = ambient(20.0, 0.5).with_water(celsius(18.0)).unwrap();
    let s = l
        .operate(megawatts(6.25), &sea, &SupplyLimits::NONE)
        .unwrap();
    assert_relative_eq!(s.cop.unwrap().get(), 10.895151, max_relative = 1e-6);
    // Air-cooled chillers (ASHRAE 90.1 curves, rated 3.0) for 18 °C facility water on a 5 °C
    // day: inputs clamped to 10 °C / 12.7 °C, staged at p* = 0.8334 → COP 5.3573.
    let l = loop_of(Technology::DirectToChipChilledWater, "cw", 10.0);
    let s = l
        .operate(megawatts(1.0), &ambient(5.0, 0.5), &SupplyLimits::NONE)
        .unwrap();
    assert_relative_eq!(s.cop.unwrap().get(), 5.357293, max_relative = 1e-6);
}

#[test]
fn fans_follow_the_cube_law_and_n_plus_1_saves_energy() {
    // 5 dry coolers, N+1 (4 carrying), usable 20 MW, fans 2 % = 400 kW at usable capacity with
    // 4 units. All 5 running at 20 MW: speed 0.8, P = 400 × 5/4 × 0.8³ = 256 kW.
    let full = Power::new::<kilowatt>(400.0 * 5.0 / 4.0);
    let p = affinity_power(full, 0.8, Fraction::new(0.2).unwrap());
    assert_relative_eq!(p.get::<kilowatt>(), 256.0, max_relative = 1e-12);
}

#[test]
fn a_sink_without_a_chiller_delivers_at_best_its_temperature_plus_approach() {
    // Immersion preset: dry coolers, no chiller; facility 35 °C, return 45 °C, approach 6 K,
    // usable 8 MW (10 MW installed). The coolers cool the loop to dry-bulb + 6 K at best.
    let l = loop_of(Technology::Immersion, "tanks", 8.0);
    let at = |db: f64, mw: f64| {
        l.operate(megawatts(mw), &ambient(db, 0.3), &SupplyLimits::NONE)
            .unwrap()
    };
    // 25 °C: 31 °C reachable, the set point is held.
    let s = at(25.0, 1.0);
    assert!(s.holds_supply);
    assert_relative_eq!(to_celsius(s.facility_supply), 35.0, max_relative = 1e-12);
    // 33 °C: the coolers cannot deliver below 39 °C, whatever the load (the old model held
    // 35 °C at 1 MW, a loop cooled 4 K below what its sink allows).
    for mw in [0.0, 1.0, 8.0] {
        let s = at(33.0, mw);
        assert!(!s.holds_supply);
        assert_relative_eq!(to_celsius(s.facility_supply), 39.0, max_relative = 1e-12);
        assert_relative_eq!(to_celsius(s.supply), 44.0, max_relative = 1e-12);
        // The heat is rejected, at a warmer supply: the capacity is the rating.
        assert_relative_eq!(s.capacity.get::<megawatt>(), 8.0, max_relative = 1e-12);
        assert_eq!(s.compressor_power.get::<watt>(), 0.0);
    }
    assert_relative_eq!(
        to_celsius(at(45.0, 1.0).facility_supply),
        51.0,
        max_relative = 1e-12
    );
    // Overloaded (12 MW of 10 installed, o = 0.2): the sink leaves 25 + 6 + 16 × 0.2 = 34.2 °C,
    // the pumps at full speed need a 12 K rise: max(35, 34.2, 35 + 10 × 0.2) = 37 °C.
    assert_relative_eq!(
        to_celsius(at(25.0, 12.0).facility_supply),
        37.0,
        max_relative = 1e-12
    );
    // At 32 °C the sink binds: 32 + 6 + 16 × 0.2 = 41.2 °C.
    assert_relative_eq!(
        to_celsius(at(32.0, 12.0).facility_supply),
        41.2,
        max_relative = 1e-12
    );
}

#[test]
fn the_economiser_share_follows_the_heat_exchangers_energy_balance() {
    // Supply 25 °C, return 35 °C, approach 2 K: all free up to a 23 °C sink, none from 33 °C,
    // linear between (research notes §2.3; Lei & Masanet's Water_heat_removed). The old
    // formula (T_r − T_sink)/(ΔT + a) gave 0.9167 … 0.1667 across the band.
    let expected = [
        (20.0, 1.0),
        (23.0, 1.0),
        (24.0, 0.9),
        (25.5, 0.75),
        (28.0, 0.5),
        (30.0, 0.3),
        (32.0, 0.1),
        (33.0, 0.0),
        (34.0, 0.0),
    ];
    for (sink, share) in expected {
        let s = economiser_share(
            celsius(25.0),
            celsius(35.0),
            celsius(sink),
            kelvin_diff(2.0),
        )
        .unwrap()
        .get();
        assert_relative_eq!(s, share, epsilon = 1e-12);
    }
    // Tower and exchanger in series (wet-bulb 22 °C, 3.9 K + 2.0 K): 0.71. The Lingang
    // hour (sea 28.5 °C, 2 K, 25 → 35 °C): 0.45.
    let share = |sink, a| {
        economiser_share(celsius(25.0), celsius(35.0), celsius(sink), kelvin_diff(a))
            .unwrap()
            .get()
    };
    assert_relative_eq!(share(22.0, 5.9), 0.71, max_relative = 1e-12);
    assert_relative_eq!(share(28.5, 2.0), 0.45, max_relative = 1e-12);
    assert!(
        economiser_share(
            celsius(35.0),
            celsius(25.0),
            celsius(20.0),
            kelvin_diff(2.0)
        )
        .is_err()
    );
    // A seawater economiser ahead of a water-cooled chiller (no fans: it takes all it can):
    // the loop's free-cooled share is the energy balance's, at full load as at part load.
    let mut design =
        LoopDesign::preset(Technology::AirSeawater, "crah", megawatts(10.0), 4).unwrap();
    design.supply = celsius(33.0); // facility 25 °C with the 8 K coil
    design.rise = kelvin_diff(10.0);
    let l = CoolingLoop::new(design).unwrap();
    for (sea, share) in expected {
        for mw in [12.5, 5.0] {
            let a = ambient(20.0, 0.5).with_water(celsius(sea)).unwrap();
            let s = l.operate(megawatts(mw), &a, &SupplyLimits::NONE).unwrap();
            assert_relative_eq!(s.free_cooling.get(), share, epsilon = 1e-12);
            assert!(s.holds_supply);
            assert_eq!(s.compressor_power.get::<watt>() > 0.0, share < 1.0);
        }
    }
}

#[test]
fn a_loop_that_cannot_reach_its_set_point_binds_the_plan() {
    // Issue 12: the Lingang example with the liquid loop's supply at 25 °C planned 243 racks
    // with "100 % free cooling" from a 28.5 °C sea through a 2 K exchanger. The exchanger
    // delivers 28.5 + 2 = 30.5 °C facility water at best, 33.5 °C at the cold plates.
    use dcplan::sitefile::{Format, SiteFile};
    let text = include_str!("../examples/sites/lingang-seawater.toml");
    let supply = |t: &str, extra: &str| {
        let text = text.replace("supply = \"34 °C\"", &format!("supply = \"{t}\"\n{extra}"));
        assert_ne!(
            text,
            include_str!("../examples/sites/lingang-seawater.toml")
        );
        SiteFile::from_text("lingang.toml", &text, Format::Toml, "examples/sites")
            .scenario()
            .unwrap()
    };
    let s = supply("25 °C", "");
    let p = plan(&s.site, &s.deployment).unwrap();
    assert_eq!(p.primary_racks, 0);
    assert_eq!(
        p.binding.kind,
        ConstraintKind::CoolingTemperature {
            loop_name: "liquid".into(),
            limit: TemperatureLimit::SetPoint
        }
    );
    let Headroom::Temperature(t) = p.binding.headroom else {
        panic!("{:?}", p.binding)
    };
    assert_relative_eq!(t.get::<kelvin_interval>(), 25.0 - 33.5, max_relative = 1e-9);
    // With a trim chiller the loop holds 25 °C, the chiller's power counted: the exchanger
    // takes (32 − 30.5)/10 = 15 % of the heat at the warmest sea.
    let s = supply("25 °C", "chiller = \"water_cooled\"");
    let p = plan(&s.site, &s.deployment).unwrap();
    assert!(p.primary_racks > 0);
    let liquid = &p.operating_point.loops[0].state;
    assert!(liquid.holds_supply && liquid.compressor_power.get::<watt>() > 0.0);
    assert_relative_eq!(liquid.free_cooling.get(), 0.15, max_relative = 1e-9);
    // The annual run counts the hours the loop misses its set point: at 31 °C (28 °C facility
    // water) every hour with the sea above 26 °C.
    let s = supply("31 °C", "");
    let climate = s.climate.unwrap();
    let year = dcplan::simulate::annual(&s.site, &s.deployment, 100, &climate).unwrap();
    let warm = climate
        .iter()
        .filter(|a| to_celsius(a.water().unwrap()) + 2.0 > 28.0)
        .count() as u32;
    assert!(warm > 100, "{warm}");
    assert_eq!(
        year.loop_named("liquid").unwrap().hours_over_temperature,
        warm
    );
}

#[test]
fn once_through_pumping_power() {
    // Seawater preset: ṁ = Q_rej / (cp · 6 K), P = ṁ · g · 20 m / 0.75, cp of S_A 35 g/kg
    // seawater at the design water temperature 30 − 2 = 28 °C (TEOS-10).
    let l = loop_of(Technology::SeawaterOnceThrough, "sea", 50.0);
    let sea = Coolant::new_seawater(Ratio::new::<uom::si::ratio::per_mille>(35.0)).unwrap();
    let cp = sea
        .specific_heat(celsius(28.0))
        .unwrap()
        .get::<joule_per_kilogram_kelvin>();
    let q = 10e6;
    let a = ambient(20.0, 0.6).with_water(celsius(20.0)).unwrap();
    let s = l
        .operate(Power::new::<watt>(q), &a, &SupplyLimits::NONE)
        .unwrap();
    let pump = q / (cp * 6.0) * 9.806_65 * 20.0 / 0.75;
    assert_relative_eq!(s.sink_power.get::<watt>(), pump, max_relative = 1e-9);
    assert_eq!(s.free_cooling.get(), 1.0);
    // No water temperature in the ambient: an error, not a guess.
    assert!(
        l.operate(
            Power::new::<watt>(q),
            &ambient(20.0, 0.6),
            &SupplyLimits::NONE
        )
        .is_err()
    );
}

#[test]
fn cooling_tower_water_use() {
    // Tower preset: 4 cycles, drift 0.008 %; facility water 30 → 40 °C (rise 10 K) with the
    // wet-bulb (≈ 20 °C at 30 °C, 40 %) + 3.9 K below it: the water leaves the tower at 30 °C
    // and the air leaves saturated at the mean 35 °C. The tower takes the 5 MW and the loop's
    // pump and CDU heat. Evaporation per joule (ASHRAE 2017 ch. 1 in a short script):
    // (ω_sat(35 °C) − ω_in)/(h_sat(35 °C) − h_in) = 3.6185e-7 kg/J = 1.3065 L per kWh of heat
    // at ρ(25 °C) (was 1.48 L/kWh: all of it at h_fg(26.1 °C)); make-up × 4/3.
    let l = loop_of(Technology::DirectToChipTower, "tower", 10.0);
    let s = l
        .operate(megawatts(5.0), &ambient(30.0, 0.4), &SupplyLimits::NONE)
        .unwrap();
    let rho = Coolant::Water
        .density(celsius(25.0))
        .unwrap()
        .get::<kilogram_per_cubic_meter>();
    let heat = 5e6 + s.transport_power.get::<watt>();
    assert!(s.transport_power.get::<watt>() > 0.0);
    assert_relative_eq!(
        s.water_use.evaporation.get::<cubic_meter_per_second>() * rho,
        heat * 3.618_52e-7,
        max_relative = 1e-5
    );
    assert_relative_eq!(
        s.water.get::<cubic_meter_per_second>(),
        s.water_use.evaporation.get::<cubic_meter_per_second>() * 4.0 / 3.0,
        max_relative = 1e-9
    );
    // ≈ 1.74 L of make-up per kWh of the IT's heat (1.3065 × 4/3 × 1 + transport share).
    let l_per_kwh = s.water.get::<cubic_meter_per_second>() * 1000.0 * 3600.0 / 5000.0;
    assert!((1.74..1.80).contains(&l_per_kwh), "{l_per_kwh}");
}

#[test]
fn outside_air_is_refused_when_too_humid() {
    let l = loop_of(Technology::AirOutsideAir, "oa", 10.0);
    let a2 = SupplyLimits {
        max_dew_point: Some(celsius(21.0)),
        max_relative_humidity: Some(Fraction::new(0.8).unwrap()),
        ..SupplyLimits::NONE
    };
    // 18 °C and dry: all free. 18 °C at 95 % RH: outside the A2 envelope, the chiller runs.
    assert_eq!(
        l.operate(megawatts(5.0), &ambient(18.0, 0.3), &a2)
            .unwrap()
            .free_cooling
            .get(),
        1.0
    );
    let humid = l
        .operate(megawatts(5.0), &ambient(18.0, 0.95), &a2)
        .unwrap();
    assert_eq!(humid.free_cooling.get(), 0.0);
    assert!(humid.compressor_power.get::<watt>() > 0.0);
}

/// Loops whose power depends on dry-bulb, wet-bulb or water temperature only. Outside air is
/// left out on purpose: a hotter hour can be drier relative to saturation and so admit the
/// economiser — less power, physically right. So is the adiabatic dry cooler: above its switch
/// temperature the wetted air is colder than a dry hour just below it.
const TEMPERATURE_DRIVEN: [Technology; 8] = [
    Technology::AirChiller,
    Technology::AirEconomiser,
    Technology::DirectToChipChilledWater,
    Technology::DirectToChipDryCooler,
    Technology::DirectToChipTower,
    Technology::Immersion,
    Technology::SeawaterOnceThrough,
    Technology::AirSeawater,
];

/// A loop of every technology, as preset (`with_chiller`) or with its chiller removed.
fn loop_variant(technology: Technology, with_chiller: bool) -> CoolingLoop {
    let mut design = LoopDesign::preset(technology, "l", megawatts(10.0), 4).unwrap();
    if !with_chiller {
        let economiser = design.plant.economiser();
        design.plant = Plant::new(design.plant.sink().clone(), None, economiser).unwrap();
    }
    CoolingLoop::new(design).unwrap()
}

/// What a loop's sink works against at `a`, and the approach it cannot beat without
/// compressor work (°C, K).
fn sink_limit(l: &CoolingLoop, a: &Ambient) -> f64 {
    let (t_ref, approach) = match l.design().unwrap().plant.sink() {
        Sink::DryCooler { approach, .. } => (a.dry_bulb(), *approach),
        Sink::Evaporative { approach, .. } => (a.wet_bulb(), *approach),
        Sink::OnceThrough { approach, .. } => (a.water().unwrap(), *approach),
        Sink::OutsideAir { fan_heat, .. } => (a.dry_bulb(), *fan_heat),
    };
    to_celsius(t_ref) + approach.get::<kelvin_interval>()
}

proptest! {
    #![proptest_config(common::proptest_config(1000))]

    #[test]
    fn a_hotter_ambient_never_lowers_cooling_power(
        tech in 0usize..8, load in 0.0..1.2f64, db in -20.0..45.0f64, rh in 0.05..1.0f64,
        water in 0.0..32.0f64, warmer in 0.0..10.0f64,
    ) {
        let l = loop_of(TEMPERATURE_DRIVEN[tech], "l", 10.0);
        let cool = ambient(db, rh);
        // Warmer: the same absolute humidity at a higher dry-bulb raises the wet-bulb too.
        let warm = Ambient::from_dew_point(celsius(db + warmer), cool.dew_point(), cool.pressure()).unwrap();
        let (cool, warm) = (cool.with_water(celsius(water)).unwrap(), warm.with_water(celsius((water + warmer).min(40.0))).unwrap());
        prop_assert!(warm.wet_bulb() >= cool.wet_bulb());
        let q = megawatts(10.0 * load);
        let p_cool = l.operate(q, &cool, &SupplyLimits::NONE).unwrap().power;
        let p_warm = l.operate(q, &warm, &SupplyLimits::NONE).unwrap().power;
        prop_assert!(p_warm.get::<watt>() >= p_cool.get::<watt>() * (1.0 - 1e-12) - 1e-9, "{p_cool:?} → {p_warm:?}");
    }

    #[test]
    fn more_load_never_raises_headroom_nor_lowers_power(
        tech in 0usize..10, a in 0.0..1.5f64, b in 0.0..1.5f64, db in -20.0..45.0f64, rh in 0.05..1.0f64, water in 0.0..32.0f64,
    ) {
        let all = Technology::ALL;
        let l = loop_of(all[tech], "l", 10.0);
        let amb = ambient(db, rh).with_water(celsius(water)).unwrap();
        let limits = SupplyLimits { max_supply: Some(celsius(32.0)), max_coolant_for_chips: Some(celsius(45.0)), ..SupplyLimits::NONE };
        let (lo, hi) = (a.min(b), a.max(b));
        let s_lo = l.operate(megawatts(10.0 * lo), &amb, &limits).unwrap();
        let s_hi = l.operate(megawatts(10.0 * hi), &amb, &limits).unwrap();
        prop_assert!(s_hi.heat_headroom() <= s_lo.heat_headroom());
        prop_assert!(s_hi.power.get::<watt>() >= s_lo.power.get::<watt>() * (1.0 - 1e-12) - 1e-9);
        let t = |s: &dcplan::cooling::LoopState| s.temperature_headroom(l.medium(), &limits).map(|(t, _)| t.get::<kelvin_interval>());
        if let (Some(t_lo), Some(t_hi)) = (t(&s_lo), t(&s_hi)) {
            prop_assert!(t_hi <= t_lo + 1e-9);
        }
    }

    #[test]
    fn no_loop_without_compressor_work_delivers_below_its_sink_plus_approach(
        // Not the adiabatic preset (ALL[9]): wetted, its sink is the cooled air, not the dry-bulb.
        tech in 0usize..9, with_chiller: bool, load in 0.0..1.5f64, db in -30.0..50.0f64,
        rh in 0.05..1.0f64, water in -1.0..36.0f64,
    ) {
        let l = loop_variant(Technology::ALL[tech], with_chiller);
        let a = ambient(db, rh).with_water(celsius(water)).unwrap();
        let s = l.operate(megawatts(12.5 * load), &a, &SupplyLimits::NONE).unwrap();
        if s.compressor_power.get::<watt>() == 0.0 {
            let limit = sink_limit(&l, &a);
            prop_assert!(to_celsius(s.facility_supply) >= limit - 1e-9, "{} < {limit}", to_celsius(s.facility_supply));
        }
        if !with_chiller {
            prop_assert_eq!(s.compressor_power.get::<watt>(), 0.0);
        }
    }

    #[test]
    fn heat_rejection_never_grows_as_the_sink_gets_warmer(
        // Not the adiabatic preset (ALL[9]): its media wet the air above the switch, so a
        // warmer hour can be colder at the coil.
        tech in 0usize..9, with_chiller: bool, load in 0.0..1.5f64, db in -30.0..45.0f64,
        rh in 0.05..1.0f64, water in -1.0..30.0f64, warmer in 0.0..10.0f64,
    ) {
        let l = loop_variant(Technology::ALL[tech], with_chiller);
        let cool = ambient(db, rh);
        let warm = Ambient::from_dew_point(celsius(db + warmer), cool.dew_point(), cool.pressure()).unwrap();
        let (cool, warm) = (cool.with_water(celsius(water)).unwrap(), warm.with_water(celsius(water + warmer)).unwrap());
        let q = megawatts(12.5 * load);
        let s_cool = l.operate(q, &cool, &SupplyLimits::NONE).unwrap();
        let s_warm = l.operate(q, &warm, &SupplyLimits::NONE).unwrap();
        prop_assert!(s_warm.capacity <= s_cool.capacity);
        // Nor does a warmer sink deliver a colder supply.
        prop_assert!(s_warm.facility_supply.get::<kelvin>() >= s_cool.facility_supply.get::<kelvin>() - 1e-9);
    }
}

#[test]
fn free_cooling_hours_agree_with_the_hourly_series() {
    // A cooling-tower economiser with a water-cooled trim chiller in San Francisco (issue 12):
    // almost every hour is fully free-cooled. The annual counts must be those of the hourly
    // series (and of its CSV): a share that rounds to just below 1 is still fully free.
    use dcplan::climate::{self, DesignBasis};
    use dcplan::cooling::Condenser;
    use dcplan::simulate::annual_hourly;
    let sf = climate::builtin("san-francisco").unwrap();
    let mut design =
        LoopDesign::preset(Technology::DirectToChipTower, "towers", megawatts(16.0), 4).unwrap();
    let chiller = Chiller::reference(Condenser::Water).unwrap();
    design.plant = Plant::new(design.plant.sink().clone(), Some(chiller), true).unwrap();
    let site = Site::builder("sf", GridInterconnect::new(megawatts(30.0)).unwrap())
        .cooling_loop(CoolingLoop::new(design).unwrap())
        .design_ambient(sf.design_ambient(DesignBasis::AnnualMax).unwrap())
        .build()
        .unwrap();
    let tank = liquid_rack(100.0, WaterClass::W32);
    let (year, series) = annual_hourly(&site, &Deployment::new(tank), 120, &sf).unwrap();
    let towers = year.loop_named("towers").unwrap();
    let shares = &series.loops[0].free_cooling;
    let full = shares.iter().filter(|&&s| s >= 1.0).count() as u32;
    let partial = shares.iter().filter(|&&s| s > 0.0 && s < 1.0).count() as u32;
    let mut csv = Vec::new();
    dcplan::report::csv::hourly(&mut csv, &sf, &series).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let column = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "towers.free_cooling")
        .unwrap();
    let printed_full = csv
        .lines()
        .skip(1)
        .filter(|row| row.split(',').nth(column) == Some("1.0000"))
        .count() as u32;
    assert!(full > 8000, "{full}");
    assert_eq!(printed_full, full);
    assert_eq!(
        (towers.free_cooling_hours, towers.partial_free_cooling_hours),
        (full, partial)
    );
}

#[test]
fn the_coolant_sizes_the_pumps_flow_and_power() {
    // The facility pumps are given as a pressure rise at design flow, so for the same heat and
    // rise a glycol loop draws (ρ·c_p)_water/(ρ·c_p)_glycol times the water loop's pump power:
    // 1.05171 for 30 % propylene glycol at 30 °C (CoolProp 8.0.0 INCOMP::MPG-30% against
    // IAPWS-IF97 water; research notes §3.2). A head in metres of the loop's own fluid would
    // give c_p,water/c_p,glycol = 1.07625 instead.
    let pg = Coolant::new_propylene_glycol(Fraction::new(0.3).unwrap()).unwrap();
    let pump = Pump::new(kilopascals(200.0), Efficiency::new(0.75).unwrap()).unwrap();
    let power = |c: &Coolant, t: f64| {
        pump.design_power(c, megawatts(1.0), kelvin_diff(10.0), celsius(t))
            .unwrap()
            .get::<watt>()
    };
    let rho_cp = |c: &Coolant, t: f64| {
        c.density(celsius(t))
            .unwrap()
            .get::<kilogram_per_cubic_meter>()
            * c.specific_heat(celsius(t))
                .unwrap()
                .get::<joule_per_kilogram_kelvin>()
    };
    // 1 MW at 10 K: 24.028 L/s of water (IF97: ρ 995.6521, c_p 4180.020; the notes' 24.029 L/s
    // is IAPWS-95), 25.270 L/s of glycol (ρ 1018.8901, c_p 3883.864); × 200 kPa / 0.75.
    assert_relative_eq!(power(&Coolant::Water, 30.0), 6407.41, max_relative = 2e-5);
    assert_relative_eq!(power(&pg, 30.0), 6738.7, max_relative = 2e-5);
    let glycol_over_water = power(&pg, 30.0) / power(&Coolant::Water, 30.0);
    assert_relative_eq!(glycol_over_water, 1.05171, max_relative = 1e-5);
    assert_relative_eq!(
        glycol_over_water,
        rho_cp(&Coolant::Water, 30.0) / rho_cp(&pg, 30.0),
        max_relative = 1e-12
    );
    // In a loop (direct-to-chip dry cooler, facility 30 → 40 °C, pumps 143.658 kPa at 0.7): the
    // coolant changes the loop's transport power by the pumps' ratio at its 35 °C mean.
    let water =
        LoopDesign::preset(Technology::DirectToChipDryCooler, "dlc", megawatts(10.0), 4).unwrap();
    let mut glycol = water.clone();
    glycol.coolant = pg;
    let lp = water.pump.unwrap();
    let pumps = |c: &Coolant| {
        lp.design_power(c, megawatts(10.0), kelvin_diff(10.0), celsius(35.0))
            .unwrap()
            .get::<watt>()
    };
    let transport = |d: LoopDesign| {
        CoolingLoop::new(d)
            .unwrap()
            .operate(megawatts(10.0), &ambient(20.0, 0.5), &SupplyLimits::NONE)
            .unwrap()
            .transport_power
            .get::<watt>()
    };
    // All 5 installed units at speed 0.8: (P_transport + P_pumps) × 5/4 × 0.8³.
    let delta = transport(glycol) - transport(water.clone());
    assert_relative_eq!(
        delta,
        (pumps(&pg) - pumps(&Coolant::Water)) * 1.25 * 0.512,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        pumps(&pg) / pumps(&Coolant::Water),
        1.04889,
        max_relative = 1e-4
    );
    // With water the preset's transport is its 1.5 % share of the capacity at design.
    assert_relative_eq!(
        transport(water) / (1.25 * 0.512),
        0.015 * 10e6,
        max_relative = 1e-12
    );
}

#[test]
fn the_coolant_sets_the_loops_freezing_limit() {
    // A loop whose facility water would freeze is refused; glycol takes it.
    let mut design = LoopDesign::preset(
        Technology::DirectToChipChilledWater,
        "cw",
        megawatts(10.0),
        4,
    )
    .unwrap();
    design.supply = celsius(2.0); // facility water at −1 °C
    let e = CoolingLoop::new(design.clone()).unwrap_err().to_string();
    assert!(
        e.contains("cooling loop 'cw'.coolant") && e.contains("liquid range"),
        "{e}"
    );
    design.coolant = Coolant::new_propylene_glycol(Fraction::new(0.3).unwrap()).unwrap();
    assert!(CoolingLoop::new(design).is_ok());
    // Where the coolant passes through a dry cooler, the air must stay above its freezing
    // point: the loop is flagged (the "freezing" temperature limit) in the hours it is not —
    // dcplan flags rather than refuses, since the climate is not the loop's to know.
    let tank = liquid_rack(100.0, WaterClass::W40);
    let at = |coolant: Coolant, technology: Technology, db: f64| {
        let mut d = LoopDesign::preset(technology, "tanks", megawatts(10.0), 4).unwrap();
        d.coolant = coolant;
        let site = Site::builder("cold", GridInterconnect::new(megawatts(20.0)).unwrap())
            .cooling_loop(CoolingLoop::new(d).unwrap())
            .design_ambient(ambient(db, 0.5))
            .build()
            .unwrap();
        let deployment = Deployment::new(tank.clone());
        let p = plan(&site, &deployment).unwrap();
        (
            p.primary_racks,
            p.binding.kind,
            p.operating_point.loops[0].temperature_headroom(),
        )
    };
    let pg = Coolant::new_propylene_glycol(Fraction::new(0.3).unwrap()).unwrap();
    // Immersion on dry coolers at −10 °C: water freezes (headroom −10 K): nothing fits.
    let (racks, binding, _) = at(Coolant::Water, Technology::Immersion, -10.0);
    assert_eq!(racks, 0);
    assert_eq!(
        binding,
        ConstraintKind::CoolingTemperature {
            loop_name: "tanks".into(),
            limit: TemperatureLimit::Freezing
        }
    );
    // 30 % propylene glycol freezes at −12.79 °C: 2.79 K to spare.
    let (racks, _, headroom) = at(pg, Technology::Immersion, -10.0);
    assert!(racks > 0);
    assert!(headroom.unwrap().0.get::<kelvin_interval>() >= 0.0);
    // Behind a chiller without economiser the coolant never reaches the outdoor coil.
    let (racks, _, _) = at(Coolant::Water, Technology::DirectToChipChilledWater, -10.0);
    assert!(racks > 0);
}

#[test]
fn a_site_files_coolant_and_pumps_change_the_plan() {
    // Issue 12: `coolant` was parsed and stored, the JSON byte-identical with and without it.
    use dcplan::sitefile::{Format, SiteFile};
    let base = include_str!("../examples/sites/west-texas-conversion.toml");
    let with = |extra: &str| {
        let text = base.replace(
            "[cooling.DLC]                    # CDU → dry coolers, air-cooled trim chillers\n",
            &format!("[cooling.DLC]\n{extra}\n"),
        );
        assert_ne!(text, base);
        SiteFile::from_text("wt.toml", &text, Format::Toml, "examples/sites").scenario()
    };
    let cooling = |extra: &str| {
        let s = with(extra).unwrap();
        let op = evaluate(
            &s.site,
            &s.deployment,
            400,
            s.site.design_ambient().unwrap(),
        )
        .unwrap();
        op.loops[0].state.transport_power.get::<watt>()
    };
    let water = cooling("");
    assert_eq!(cooling("coolant = \"water\""), water);
    let glycol = cooling("coolant = \"propylene_glycol 30 %\"");
    assert!(glycol > water * 1.01, "{glycol} vs {water}");
    // Twice the pumps' pressure rise: more power, by the pumps' share alone.
    let harder = cooling("facility_pump = \"287.316 kPa\"");
    let easier = cooling("facility_pump_efficiency = \"35 %\"");
    assert!(harder > water);
    assert_relative_eq!(harder, easier, max_relative = 1e-12);
    // Outside air has no facility water: its coolant and pumps are refused, located.
    let e = SiteFile::from_text(
        "oa.toml",
        &base.replace(
            "technology = \"air_economiser\"",
            "technology = \"air_outside_air\"\ncoolant = \"water\"",
        ),
        Format::Toml,
        "examples/sites",
    )
    .scenario()
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("cooling.CRAH.coolant") && e.contains("facility water"),
        "{e}"
    );
}
