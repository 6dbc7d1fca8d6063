//! Heat reuse (issue 15): the heat pump's COP and energy balance, the heat it takes off a
//! loop's return (which the plant then does not reject), ERF and ERE, PUE on both boundaries
//! (the facility's and EnEfG §11(2)'s), the design hour, and located errors.

mod common;

use approx::assert_relative_eq;
use common::proptest_config;
use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::cooling::*;
use dcplan::metrics;
use dcplan::prelude::*;
use dcplan::simulate::{self, AnnualResult};
use proptest::prelude::*;

/// A liquid-cooled campus in Chicago, 100 GB200 racks (≈ 12 MW of IT, ≈ 10 MW into liquid).
fn campus(reuse: Option<ReuseDesign>) -> (Site, Deployment, Climate) {
    let chicago = climate::builtin("chicago").unwrap();
    let mut b = Site::builder("campus", GridInterconnect::new(megawatts(20.0)).unwrap())
        .cooling_loop(common::loop_of(
            Technology::DirectToChipDryCooler,
            "DLC",
            16.0,
        ))
        .cooling_loop(common::loop_of(Technology::AirEconomiser, "CRAH", 4.0))
        .design_ambient(chicago.design_ambient(DesignBasis::AnnualMax).unwrap());
    if let Some(r) = reuse {
        b = b.heat_reuse(r);
    }
    (
        b.build().unwrap(),
        Deployment::new(common::gb200()),
        chicago,
    )
}

fn heat_pump(grade: f64, owner: HeatPumpOwner) -> Option<HeatPump> {
    Some(HeatPump {
        quality_grade: Fraction::new(grade).unwrap(),
        owner,
    })
}

fn district(demand: HeatDemand, capacity_mw: f64, hp: Option<HeatPump>) -> ReuseDesign {
    ReuseDesign {
        name: "district".into(),
        loop_name: "DLC".into(),
        demand,
        network_temperature: celsius(70.0),
        capacity: megawatts(capacity_mw),
        heat_pump: hp,
    }
}

fn year(reuse: Option<ReuseDesign>) -> AnnualResult {
    let (site, d, c) = campus(reuse);
    simulate::annual(&site, &d, 100, &c).unwrap()
}

fn gwh(e: Energy) -> f64 {
    e.get::<gigawatt_hour>()
}

#[test]
fn cop_from_27_to_75_degc_at_half_of_carnot() {
    // Odense's lift: Carnot 348.15 K / 48 K = 7.2531; η = 0.5 → 3.6266.
    let cop =
        carnot_fraction_cop(Fraction::new(0.5).unwrap(), celsius(75.0), celsius(27.0)).unwrap();
    assert_relative_eq!(cop.get(), 3.626_562_5, max_relative = 1e-9);
    // The default quality grade (oemof.thermal's small-unit fit, 0.35): 2.5386.
    let default = carnot_fraction_cop(DEFAULT_QUALITY_GRADE, celsius(75.0), celsius(27.0)).unwrap();
    assert_relative_eq!(default.get(), 0.35 * 348.15 / 48.0, max_relative = 1e-12);
    assert_relative_eq!(default.get(), 2.538_593_75, max_relative = 1e-9);
}

#[test]
fn ere_of_the_worked_example() {
    // PUE 1.20 with ERF 0.10: ERE = (1 − 0.10) × 1.20 = 1.08 (The Green Grid WP 29).
    let ere = metrics::ere(Pue::new(1.2).unwrap(), Fraction::new(0.1).unwrap());
    assert_relative_eq!(ere.get::<ratio>(), 1.08, max_relative = 1e-12);
    // The same from energies: 1,200 MWh facility, 1,000 MWh IT, 120 MWh reused.
    let erf = metrics::erf(megawatt_hours(120.0), megawatt_hours(1_200.0)).unwrap();
    assert_relative_eq!(erf.get(), 0.10, max_relative = 1e-12);
}

#[test]
fn the_heat_pump_balances_and_the_plant_rejects_the_rest() {
    let base = year(None);
    let with = year(Some(district(
        HeatDemand::Constant(megawatts(3.0)),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    )));
    let r = with.reuse.expect("a reuse year");
    // Demand 3 MW every hour, always below the loop's heat and the capacity: all delivered.
    assert_relative_eq!(gwh(r.delivered), 3.0 * 8.76, max_relative = 1e-9);
    // Delivered = source + electricity, and W = delivered / COP.
    assert_relative_eq!(
        gwh(r.delivered),
        gwh(r.source + r.heat_pump),
        max_relative = 1e-12
    );
    let (site, _, _) = campus(Some(district(
        HeatDemand::Constant(megawatts(3.0)),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    )));
    let cop = site.heat_reuse()[0].1.cop().unwrap().get();
    assert_relative_eq!(
        gwh(r.heat_pump) * cop,
        gwh(r.delivered),
        max_relative = 1e-9
    );
    // The heat taken off the DLC loop no longer reaches its plant.
    let dlc = |y: &AnnualResult| gwh(y.loop_named("DLC").unwrap().heat);
    assert_relative_eq!(dlc(&with) + gwh(r.source), dlc(&base), max_relative = 1e-9);
    // The plant rejecting less uses less power (dry coolers and trim chiller).
    assert!(
        with.loop_named("DLC").unwrap().energy < base.loop_named("DLC").unwrap().energy,
        "less heat, less cooling energy"
    );
    // A site-owned heat pump is on the site's meter: in facility, not in the EnEfG PUE.
    let e = &with.energy;
    assert_eq!(e.heat_upgrade, r.heat_pump);
    assert_eq!(e.reused_heat, r.delivered);
    let pue = with.pue(ItMeasurement::ItInput).unwrap().get();
    let enefg = with.pue_enefg().unwrap().get();
    assert_relative_eq!(
        pue - enefg,
        gwh(e.heat_upgrade) / gwh(e.it),
        max_relative = 1e-9
    );
    assert_relative_eq!(
        with.erf().unwrap().get(),
        gwh(e.reused_heat) / gwh(e.facility),
        max_relative = 1e-12
    );
}

#[test]
fn a_network_owned_heat_pump_is_off_the_site_meter() {
    let site_owned = year(Some(district(
        HeatDemand::Constant(megawatts(3.0)),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    )));
    let network = year(Some(district(
        HeatDemand::Constant(megawatts(3.0)),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Network),
    )));
    let r = network.reuse.unwrap();
    assert_eq!(network.energy.heat_upgrade, Energy::ZERO);
    // The heat leaves the site at the loop's return: E_reuse is the source heat.
    assert_eq!(network.energy.reused_heat, r.source);
    assert_relative_eq!(
        gwh(site_owned.energy.facility - network.energy.facility),
        gwh(site_owned.energy.heat_upgrade)
            // the heat pump's draw passes the shared stages and the substation: their losses
            // on it come on top
            + gwh(site_owned.energy.electrical_losses - network.energy.electrical_losses),
        max_relative = 1e-9
    );
    assert_eq!(
        network.pue(ItMeasurement::ItInput).unwrap(),
        network.pue_enefg().unwrap()
    );
}

#[test]
fn monthly_demand_is_met_up_to_the_capacity() {
    // 8 MW in winter months exceeds the 5 MW heat pump: capped; 1 MW in summer.
    let mut months = [megawatts(1.0); 12];
    for m in [0, 1, 10, 11] {
        months[m] = megawatts(8.0);
    }
    let y = year(Some(district(
        HeatDemand::Monthly(months),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    )));
    let days = 31.0 + 28.0 + 30.0 + 31.0;
    let expected = 24.0 * (days * 5.0 + (365.0 - days) * 1.0) / 1e3;
    assert_relative_eq!(
        gwh(y.reuse.unwrap().delivered),
        expected,
        max_relative = 1e-9
    );
}

#[test]
fn direct_exchange_needs_a_warm_enough_return_and_a_heat_pump_a_lift() {
    let (site, _, _) = campus(None);
    let dlc = &site.loops()[0];
    let ret = dlc.facility_supply() + dlc.design().unwrap().rise;
    // Without a heat pump, a network warmer than the return: located error.
    let mut d = district(HeatDemand::Constant(megawatts(1.0)), 2.0, None);
    d.network_temperature = ret + kelvin_diff(5.0);
    let e = HeatReuse::new(d.clone(), dlc).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("reuse.district.network_temperature"),
        "{e}"
    );
    assert!(e.to_string().contains("heat pump"), "{e}");
    // With a heat pump, a network at or below the return: located error.
    d.network_temperature = ret - kelvin_diff(5.0);
    d.heat_pump = heat_pump(0.5, HeatPumpOwner::Site);
    let e = HeatReuse::new(d.clone(), dlc).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("reuse.district.network_temperature"),
        "{e}"
    );
    // A network below the return without a heat pump: direct exchange, no electricity.
    d.heat_pump = None;
    let r = HeatReuse::new(d, dlc).unwrap();
    assert!(r.cop().is_none());
    let h = r.hour(megawatts(1.5), megawatts(9.0));
    assert_eq!(h.electricity, Power::ZERO);
    assert_relative_eq!(h.source.get::<megawatt>(), 1.5, max_relative = 1e-12);
    // A site builder names the loop that does not exist.
    let mut missing = district(HeatDemand::Constant(megawatts(1.0)), 2.0, None);
    missing.loop_name = "nope".into();
    let chicago = climate::builtin("chicago").unwrap();
    let e = Site::builder("s", GridInterconnect::new(megawatts(20.0)).unwrap())
        .cooling_loop(common::loop_of(
            Technology::DirectToChipDryCooler,
            "DLC",
            16.0,
        ))
        .design_ambient(chicago.design_ambient(DesignBasis::AnnualMax).unwrap())
        .heat_reuse(missing)
        .build()
        .unwrap_err();
    assert!(e.to_string().starts_with("reuse.district.loop"), "{e}");
}

#[test]
fn the_design_hour_counts_a_site_heat_pump_against_the_interconnect() {
    let at = |hp| {
        let (site, d, _) = campus(Some(district(
            HeatDemand::Constant(megawatts(3.0)),
            5.0,
            hp,
        )));
        let ambient = *site.design_ambient().unwrap();
        evaluate(&site, &d, 100, &ambient).unwrap()
    };
    let (none_site, d, _) = campus(None);
    let none = evaluate(&none_site, &d, 100, none_site.design_ambient().unwrap()).unwrap();
    let site = at(heat_pump(0.5, HeatPumpOwner::Site));
    let network = at(heat_pump(0.5, HeatPumpOwner::Network));
    // The network's heat pump is not the site's: the design hour is as without reuse (the
    // plant is credited nothing at the design hour).
    assert_eq!(network.facility, none.facility);
    assert_eq!(network.cooling, none.cooling);
    // The site's draws demand / COP at the low-voltage bus.
    let (s, _, _) = campus(Some(district(
        HeatDemand::Constant(megawatts(3.0)),
        5.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    )));
    let cop = s.heat_reuse()[0].1.cop().unwrap().get();
    assert_relative_eq!(
        site.heat_upgrade.get::<megawatt>(),
        3.0 / cop,
        max_relative = 1e-9
    );
    assert!(site.facility > none.facility + site.heat_upgrade * 0.999);
    assert_eq!(site.cooling, none.cooling);
}

proptest! {
    #![proptest_config(proptest_config(48))]

    /// One hour of reuse: delivered = source + electricity; delivered ≤ demand and capacity;
    /// source ≤ the loop's heat; all finite and not negative.
    #[test]
    fn an_hour_of_reuse_is_bounded_and_balanced(
        grade in 0.3f64..0.7,
        network in 50.0f64..90.0,
        demand in 0.0f64..20.0,
        capacity in 0.1f64..20.0,
        heat in 0.0f64..20.0,
    ) {
        let (site, _, _) = campus(None);
        let dlc = &site.loops()[0];
        let d = ReuseDesign {
            name: "p".into(),
            loop_name: "DLC".into(),
            demand: HeatDemand::Constant(megawatts(demand)),
            network_temperature: celsius(network),
            capacity: megawatts(capacity),
            heat_pump: heat_pump(grade, HeatPumpOwner::Site),
        };
        let Ok(r) = HeatReuse::new(d, dlc) else {
            // A COP not above 1 is refused (located); nothing else to check.
            return Ok(());
        };
        let h = r.hour(megawatts(demand), megawatts(heat));
        let mw = |p: Power| p.get::<megawatt>();
        prop_assert!(mw(h.delivered) <= demand.min(capacity) * (1.0 + 1e-12));
        prop_assert!(mw(h.source) <= heat * (1.0 + 1e-12));
        prop_assert!(mw(h.source) >= 0.0 && mw(h.electricity) >= 0.0);
        prop_assert!((mw(h.source + h.electricity) - mw(h.delivered)).abs() <= 1e-9 * mw(h.delivered).max(1.0));
        prop_assert!((mw(h.electricity) * r.cop().unwrap().get() - mw(h.delivered)).abs() <= 1e-9 * mw(h.delivered).max(1.0));
    }
}

proptest! {
    #![proptest_config(proptest_config(4))]

    /// A year of reuse: ERF within [0, 1], ERE and both PUEs finite, PUE_EnEfG ≤ PUE, the
    /// reused heat within the demand and the loop's heat.
    #[test]
    fn a_year_of_reuse_keeps_its_metrics_in_range(
        demand in 0.0f64..15.0,
        capacity in 0.5f64..15.0,
        site_owned in any::<bool>(),
    ) {
        let owner = if site_owned { HeatPumpOwner::Site } else { HeatPumpOwner::Network };
        let base = year(None);
        let y = year(Some(district(HeatDemand::Constant(megawatts(demand)), capacity, heat_pump(0.5, owner))));
        let r = y.reuse.unwrap();
        let erf = y.erf().unwrap().get();
        prop_assert!((0.0..=1.0).contains(&erf));
        let pue = y.pue(ItMeasurement::ItInput).unwrap();
        let enefg = y.pue_enefg().unwrap();
        prop_assert!(enefg <= pue);
        let ere = metrics::ere(pue, y.erf().unwrap()).get::<ratio>();
        prop_assert!(ere.is_finite() && ere >= 0.0 && ere <= pue.get());
        let cap = demand.min(capacity) * 8.76;
        prop_assert!(gwh(r.delivered) <= cap * (1.0 + 1e-9));
        prop_assert!(gwh(r.source) <= gwh(base.loop_named("DLC").unwrap().heat) * (1.0 + 1e-9));
        prop_assert!(gwh(y.energy.reused_heat) <= gwh(r.delivered) * (1.0 + 1e-12));
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    /// For a fixed heat demand, heat from a heat pump adds no carbon over the displaced boiler
    /// exactly when COP ≥ EF_el·η_b/EF_fuel: ΔCO₂ = Q·EF_el/COP − Q·EF_fuel/η_b.
    #[test]
    fn reuse_adds_no_carbon_above_the_break_even_cop(
        grid in 0.0f64..900.0,
        fuel in 150.0f64..400.0,
        efficiency in 0.6f64..1.0,
        cop in 1.01f64..8.0,
        delivered in 0.0f64..1e4,
    ) {
        use dcplan::sustainability::{grams_per_kwh, reuse_emissions_change, DisplacedHeat};
        let boiler = DisplacedHeat::boiler(Efficiency::new(efficiency).unwrap(), grams_per_kwh(fuel)).unwrap();
        let break_even = boiler.break_even_cop(grams_per_kwh(grid)).unwrap();
        prop_assert!((break_even - grid * efficiency / fuel).abs() <= 1e-12 * break_even.max(1.0));
        let q = megawatt_hours(delivered);
        let change = reuse_emissions_change(q / cop, q, grams_per_kwh(grid), &boiler);
        let kg = change.get::<kilogram>();
        if cop >= break_even {
            prop_assert!(kg <= 1e-9 * delivered.max(1.0), "{kg} kg at COP {cop} ≥ {break_even}");
        } else if delivered > 0.0 {
            prop_assert!(kg > 0.0, "{kg} kg at COP {cop} < {break_even}");
        }
    }
}

proptest! {
    #![proptest_config(proptest_config(3))]

    /// A simulated year: the site's emissions plus those of the heat the network still makes
    /// never rise with reuse, for a fixed demand, whenever the heat pump's COP exceeds
    /// EF_el·η_b/EF_fuel (the plant rejecting less only helps).
    #[test]
    fn a_year_of_reuse_never_increases_total_carbon(
        grid in 50.0f64..800.0,
        efficiency in 0.7f64..0.98,
        demand in 0.5f64..8.0,
    ) {
        use dcplan::sustainability::{grams_per_kwh, DisplacedHeat, GridCarbon, Intensity, Sustainability};
        let gas = DisplacedHeat::boiler(Efficiency::new(efficiency).unwrap(), grams_per_kwh(181.05)).unwrap();
        let s = Sustainability {
            carbon: Some(GridCarbon { average: Intensity::constant(grams_per_kwh(grid)).unwrap(), marginal: None }),
            displaced_heat: Some(gas),
            ..Sustainability::default()
        };
        let reuse = district(HeatDemand::Constant(megawatts(demand)), 6.0, heat_pump(0.5, HeatPumpOwner::Site));
        let (site, d, c) = campus(Some(reuse));
        let cop = site.heat_reuse()[0].1.cop().unwrap().get();
        prop_assume!(cop > gas.break_even_cop(grams_per_kwh(grid)).unwrap());
        let with = simulate::annual_with(&site, &d, 100, &c, &s).unwrap();
        let (base_site, _, _) = campus(None);
        let without = simulate::annual_with(&base_site, &d, 100, &c, &s).unwrap();
        let heat_demand = megawatts(demand) * Time::new::<time::hour>(8_760.0);
        let total = |y: &AnnualResult| {
            let delivered = y.reuse.map_or(Energy::ZERO, |r| r.delivered);
            (y.grid.unwrap().emissions + gas.emissions(heat_demand - delivered)).get::<kilogram>()
        };
        prop_assert!(total(&with) <= total(&without), "{} > {}", total(&with), total(&without));
    }
}

#[test]
fn without_dispatch_the_year_as_operated_is_judged_as_the_year() {
    use dcplan::flexibility::Flexibility;
    use dcplan::report::SustainabilityReport;
    use dcplan::sustainability::{
        DisplacedHeat, GridCarbon, Intensity, Renewables, Rules, Sustainability, WaterIntensity,
        grams_per_kwh,
    };
    // The reuse campus well under its interconnect: the dispatch serves every hour as the
    // racks draw it, so the operated year's report is the undispatched year's — ERF,
    // PUE_EnEfG, REF, source WUE, the rules and the carbon of reuse by the one code path.
    let reuse = district(
        HeatDemand::Constant(megawatts(3.0)),
        6.0,
        heat_pump(0.5, HeatPumpOwner::Site),
    );
    let (site, d, _) = campus(Some(reuse));
    // Two mild days (the dispatch judges Chicago's first hour too cold for the loops' class).
    let c = common::synthetic_climate("mild", vec![common::sea_level(20.0, 12.0); 48]);
    let s = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::constant(grams_per_kwh(300.0)).unwrap(),
            marginal: None,
        }),
        grid_water: Some(WaterIntensity::liters_per_kwh(2.0).unwrap()),
        renewables: Some(Renewables::Share(Fraction::new(0.4).unwrap())),
        rules: Rules {
            enefg_commissioned: chrono::NaiveDate::from_ymd_opt(2026, 9, 1),
            max_wue: None,
            max_cue: Some(grams_per_kwh(400.0)),
        },
        displaced_heat: Some(
            DisplacedHeat::boiler(Efficiency::new(0.9).unwrap(), grams_per_kwh(181.05)).unwrap(),
        ),
    };
    let it = megawatts(12.0);
    let year = simulate::annual_with(&site, &d, 100, &c, &s).unwrap();
    let a = SustainabilityReport::annual(&year, &s, it).unwrap();
    let y = simulate::operated(&site, &d, 100, &c, &Flexibility::none(), &s, |_| {}).unwrap();
    let o = SustainabilityReport::operated(&y, &s, it).unwrap();
    assert_eq!(y.hours, c.len());
    assert!(a.erf > 0.0 && a.pue_enefg < a.pue);
    let same = |x: Option<f64>, y: Option<f64>, what: &str| match (x, y) {
        (Some(x), Some(y)) => assert_relative_eq!(x, y, max_relative = 1e-9),
        _ => panic!("{what}: {x:?} vs {y:?}"),
    };
    same(o.pue, a.pue, "pue");
    same(o.pue_enefg, a.pue_enefg, "pue_enefg");
    same(Some(o.erf), Some(a.erf), "erf");
    same(o.ere, a.ere, "ere");
    same(o.renewable_energy_factor, a.renewable_energy_factor, "ref");
    same(o.wue_source_l_per_kwh, a.wue_source_l_per_kwh, "wue_source");
    same(o.cue_kg_per_kwh, a.cue_kg_per_kwh, "cue");
    let (oc, ac) = (o.carbon.unwrap(), a.carbon.unwrap());
    same(Some(oc.emissions_t), Some(ac.emissions_t), "emissions");
    let (or, ar) = (o.reuse_carbon.unwrap(), a.reuse_carbon.unwrap());
    same(
        Some(or.heat_pump_emissions_t),
        Some(ar.heat_pump_emissions_t),
        "heat pumps",
    );
    same(
        Some(or.displaced_emissions_t),
        Some(ar.displaced_emissions_t),
        "displaced",
    );
    same(or.break_even_cop, ar.break_even_cop, "break-even COP");
    assert_eq!(o.rules.len(), a.rules.len());
    for (x, y) in o.rules.iter().zip(&a.rules) {
        assert_eq!((&x.rule, x.meets), (&y.rule, y.meets));
        same(x.value, y.value, &x.rule);
    }
}
