//! Carbon, water, renewables and rules (issue 15): reference values from the worked examples,
//! hour-by-hour emissions against the hourly series, the EnEfG §11 thresholds, and property
//! tests that every metric is finite and within its definitional range.

mod common;

use approx::assert_relative_eq;
use chrono::NaiveDate;
use common::proptest_config;
use dcplan::climate::{self, Climate, DesignBasis};
use dcplan::metrics;
use dcplan::prelude::*;
use dcplan::simulate;
use dcplan::sustainability::*;
use proptest::prelude::*;
use uom::si::mass_per_energy::{gram_per_kilowatt_hour, kilogram_per_kilowatt_hour};

fn kg_per_kwh(f: EmissionFactor) -> f64 {
    f.get::<kilogram_per_kilowatt_hour>()
}

fn constant(g: f64) -> GridCarbon {
    GridCarbon {
        average: Intensity::constant(grams_per_kwh(g)).unwrap(),
        marginal: None,
    }
}

/// A liquid-cooled campus in Chicago: its facility power varies hour by hour.
fn campus() -> (Site, Deployment, Climate) {
    let chicago = climate::builtin("chicago").unwrap();
    let site = Site::builder("campus", GridInterconnect::new(megawatts(20.0)).unwrap())
        .cooling_loop(common::loop_of(
            Technology::DirectToChipDryCooler,
            "DLC",
            16.0,
        ))
        .cooling_loop(common::loop_of(Technology::AirEconomiser, "CRAH", 4.0))
        .design_ambient(chicago.design_ambient(DesignBasis::AnnualMax).unwrap())
        .build()
        .unwrap();
    (site, Deployment::new(common::gb200()), chicago)
}

/// A grid whose intensity swings by the hour of the day: 200 g/kWh at night, 500 by day.
fn daily_swing(hours: usize) -> CalendarSeries {
    CalendarSeries::from_hours(
        "swing",
        (0..hours)
            .map(|h| {
                if (8..20).contains(&(h % 24)) {
                    500.0
                } else {
                    200.0
                }
            })
            .collect(),
    )
    .unwrap()
}

#[test]
fn grid_only_cue_is_the_grid_factor_times_pue() {
    // Research notes §6 [D]: 0.367 kg/kWh (EIA, US 2023) at PUE 1.2 → CUE 0.440 kg/kWh.
    let c = metrics::cue_of_grid(grams_per_kwh(367.0), Pue::new(1.2).unwrap());
    assert_relative_eq!(kg_per_kwh(c), 0.4404, max_relative = 1e-12);
    // The same through a simulated year of a lumped-PUE site.
    let site = common::lumped(10.0, 1.2);
    let d = Deployment::new(common::gb200());
    let s = Sustainability {
        carbon: Some(constant(367.0)),
        ..Sustainability::default()
    };
    let chicago = climate::builtin("chicago").unwrap();
    let year = simulate::annual_with(&site, &d, 10, &chicago, &s).unwrap();
    let kpis = Kpis::annual(&year, &s).unwrap();
    assert_relative_eq!(kg_per_kwh(kpis.cue.unwrap()), 0.4404, max_relative = 1e-9);
    let g = year.grid.unwrap();
    assert_relative_eq!(
        g.emissions.get::<kilogram>(),
        year.energy.facility.get::<kilowatt_hour>() * 0.367,
        max_relative = 1e-9
    );
}

#[test]
fn a_year_without_racks_has_undefined_figures_not_errors() {
    let site = common::lumped(10.0, 1.2);
    let d = Deployment::new(common::gb200());
    let s = Sustainability {
        carbon: Some(constant(367.0)),
        grid_water: Some(WaterIntensity::liters_per_kwh(4.35).unwrap()),
        renewables: Some(Renewables::Share(Fraction::new(0.5).unwrap())),
        rules: Rules {
            enefg_commissioned: Some(chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            max_wue: None,
            max_cue: Some(grams_per_kwh(300.0)),
        },
        displaced_heat: None,
    };
    let chicago = climate::builtin("chicago").unwrap();
    let year = simulate::annual_with(&site, &d, 0, &chicago, &s).unwrap();
    let k = Kpis::annual(&year, &s).unwrap();
    assert_eq!((k.pue, k.cue, k.wue, k.renewable), (None, None, None, None));
    let checks = rules::check(&s.rules, &k);
    assert_eq!(checks[0].meets, None);
    assert_eq!(checks[2].meets, None);
}

#[test]
fn ere_of_the_worked_example() {
    // Research notes §6 [D]: PUE 1.20 and ERF 0.10 → ERE 1.08.
    let e = metrics::ere(Pue::new(1.2).unwrap(), Fraction::new(0.1).unwrap());
    assert_relative_eq!(e.get::<ratio>(), 1.08, max_relative = 1e-12);
    let erf = metrics::erf(megawatt_hours(100.0), megawatt_hours(1000.0)).unwrap();
    assert_relative_eq!(erf.get(), 0.1, max_relative = 1e-12);
    assert!(metrics::erf(megawatt_hours(1.0), Energy::ZERO).is_err());
}

#[test]
fn hourly_emissions_weight_each_hour_by_its_intensity() {
    let (site, d, chicago) = campus();
    let s = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::Hourly(daily_swing(chicago.len())),
            marginal: Some(Intensity::constant(grams_per_kwh(700.0)).unwrap()),
        }),
        ..Sustainability::default()
    };
    let (year, series) = simulate::annual_hourly_with(&site, &d, 150, &chicago, &s).unwrap();
    let g = year.grid.unwrap();
    assert_eq!(series.emissions.len(), chicago.len());
    let by_hand: f64 = series
        .facility
        .iter()
        .enumerate()
        .map(|(h, p)| {
            let g = if (8..20).contains(&(h % 24)) {
                0.5
            } else {
                0.2
            };
            p.get::<kilowatt>() * g
        })
        .sum();
    assert_relative_eq!(g.emissions.get::<kilogram>(), by_hand, max_relative = 1e-9);
    let summed: f64 = series.emissions.iter().map(|m| m.get::<kilogram>()).sum();
    assert_relative_eq!(summed, by_hand, max_relative = 1e-9);
    assert_relative_eq!(
        g.marginal_emissions.unwrap().get::<kilogram>(),
        year.energy.facility.get::<kilowatt_hour>() * 0.7,
        max_relative = 1e-9
    );
    // Without series the same year sums the same.
    let plain = simulate::annual_with(&site, &d, 150, &chicago, &s).unwrap();
    assert_eq!(plain.grid, year.grid);
    // Daytime is warmer: the load met is dirtier than the plain mean of the hours (350 g).
    let c = CarbonYear::new(
        s.carbon.as_ref().unwrap(),
        g.emissions,
        g.marginal_emissions,
        year.energy.facility,
        year.peak_facility,
        chicago.len(),
    );
    assert_relative_eq!(
        c.mean_intensity.get::<gram_per_kilowatt_hour>(),
        350.0,
        max_relative = 1e-12
    );
    assert!(c.weighted_intensity > c.mean_intensity);
    // The load needs nearly every hour at its peak: shifting it cannot reach the night alone.
    assert!(c.cleanest_hours as usize > chicago.len() / 2);
    assert_eq!(c.hours_above_weighted as usize, chicago.len() / 2);
    let potential = c.shift_potential().get();
    assert!(potential > 0.0 && potential < 0.2, "{potential}");
}

#[test]
fn a_leap_year_climate_needs_29_february_in_the_series() {
    let (site, d, chicago) = campus();
    let leap = Climate::new(
        "leap",
        chicago.location(),
        chicago
            .hours()
            .iter()
            .chain(&chicago.hours()[..24])
            .copied()
            .collect(),
    )
    .unwrap();
    let s = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::Hourly(daily_swing(8760)),
            marginal: None,
        }),
        ..Sustainability::default()
    };
    let e = simulate::annual_with(&site, &d, 10, &leap, &s).unwrap_err();
    assert!(e.to_string().contains("29 February"), "{e}");
}

#[test]
fn source_wue_adds_the_grid_water_per_kwh_of_it() {
    // The Green Grid WP 35 Eq. 4, with LBNL 2024's US electricity water intensity 4.35 L/kWh.
    let (site, d, chicago) = campus();
    let s = Sustainability {
        grid_water: Some(WaterIntensity::liters_per_kwh(4.35).unwrap()),
        ..Sustainability::default()
    };
    let year = simulate::annual_with(&site, &d, 150, &chicago, &s).unwrap();
    let k = Kpis::annual(&year, &s).unwrap();
    let pue = year.pue(ItMeasurement::ItInput).unwrap().get();
    let wue = year.wue().unwrap().get_liters_per_kwh();
    assert_relative_eq!(
        k.wue_source.unwrap().get_liters_per_kwh(),
        4.35 * pue + wue,
        max_relative = 1e-12
    );
    assert_eq!(k.cue, None);
    assert_eq!(k.erf.get(), 0.0);
}

#[test]
fn renewables_share_and_hourly_matching() {
    let (site, d, chicago) = campus();
    let share = Sustainability {
        renewables: Some(Renewables::Share(Fraction::new(0.6).unwrap())),
        ..Sustainability::default()
    };
    let year = simulate::annual_with(&site, &d, 150, &chicago, &share).unwrap();
    assert_relative_eq!(
        Kpis::annual(&year, &share)
            .unwrap()
            .renewable
            .unwrap()
            .get(),
        0.6,
        max_relative = 1e-12
    );
    // Solar-like supply: 40 MW from 10:00 to 16:00, more than the site draws: only its
    // demand in those hours counts.
    let supply = CalendarSeries::from_hours(
        "ppa",
        (0..8760)
            .map(|h| {
                if (10..16).contains(&(h % 24)) {
                    40.0
                } else {
                    0.0
                }
            })
            .collect(),
    )
    .unwrap();
    let hourly = Sustainability {
        renewables: Some(Renewables::HourlySupply(supply)),
        ..Sustainability::default()
    };
    let (year, series) = simulate::annual_hourly_with(&site, &d, 150, &chicago, &hourly).unwrap();
    let midday: f64 = series
        .facility
        .iter()
        .enumerate()
        .filter(|(h, _)| (10..16).contains(&(h % 24)))
        .map(|(_, p)| p.get::<megawatt>())
        .sum();
    let r = Kpis::annual(&year, &hourly).unwrap().renewable.unwrap();
    assert_relative_eq!(
        r.get(),
        midday / year.energy.facility.get::<megawatt_hour>(),
        max_relative = 1e-9
    );
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn kpis(pue: f64, pue_enefg: f64, erf: f64) -> Kpis {
    Kpis {
        pue: Some(Pue::new(pue).unwrap()),
        pue_enefg: Some(Pue::new(pue_enefg).unwrap()),
        erf: Fraction::new(erf).unwrap(),
        renewable: None,
        wue: Some(WaterIntensity::liters_per_kwh(0.4).unwrap()),
        wue_source: None,
        cue: Some(grams_per_kwh(300.0)),
    }
}

#[test]
fn enefg_thresholds_follow_the_commissioning_date() {
    let k = kpis(1.35, 1.35, 0.0);
    // An existing site: 1.5 from July 2027 (met by 0.15), 1.3 from July 2030 (missed by 0.05).
    let old = rules::enefg(date(2020, 1, 1), &k);
    assert_eq!(old.len(), 2);
    assert_eq!((old[0].limit, old[0].meets), (1.5, Some(true)));
    assert_relative_eq!(old[0].margin.unwrap(), 0.15, max_relative = 1e-12);
    assert_eq!(old[0].applies_from, Some(date(2027, 7, 1)));
    assert_eq!((old[1].limit, old[1].meets), (1.3, Some(false)));
    assert_relative_eq!(old[1].margin.unwrap(), -0.05, max_relative = 1e-9);
    // New sites: the ERF threshold by start date; PUE 1.2 on the law's boundary.
    for (start, erf) in [
        (date(2026, 6, 30), None),
        (date(2026, 7, 1), Some(0.10)),
        (date(2027, 6, 30), Some(0.10)),
        (date(2027, 7, 1), Some(0.15)),
        (date(2028, 7, 1), Some(0.20)),
        (date(2035, 1, 1), Some(0.20)),
    ] {
        let checks = rules::enefg(start, &kpis(1.25, 1.19, 0.16));
        match erf {
            None => assert_eq!(checks[0].metric, "pue"),
            Some(erf) => {
                assert_eq!(checks[0].metric, "pue_enefg");
                assert_eq!(checks[0].meets, Some(true));
                assert_eq!(checks[1].limit, erf);
                assert_eq!(checks[1].meets, Some(0.16 >= erf));
                assert_eq!(
                    checks[1].applies_from,
                    start.checked_add_months(chrono::Months::new(24))
                );
            }
        }
    }
}

#[test]
fn user_limits_on_wue_and_cue() {
    let r = Rules {
        enefg_commissioned: None,
        max_wue: Some(WaterIntensity::liters_per_kwh(0.5).unwrap()),
        max_cue: Some(grams_per_kwh(250.0)),
    };
    let checks = rules::check(&r, &kpis(1.2, 1.2, 0.0));
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].metric, "wue_l_per_kwh");
    assert_eq!(checks[0].meets, Some(true));
    assert_relative_eq!(checks[0].margin.unwrap(), 0.1, max_relative = 1e-9);
    assert_eq!(checks[1].metric, "cue_kg_per_kwh");
    assert_eq!(checks[1].meets, Some(false));
    assert_relative_eq!(checks[1].margin.unwrap(), -0.05, max_relative = 1e-9);
}

#[test]
fn emission_factors_and_water_intensities_parse_with_units() {
    use dcplan::units::parse;
    let f: EmissionFactor = parse("380 gCO2/kWh").unwrap();
    assert_relative_eq!(kg_per_kwh(f), 0.38, max_relative = 1e-12);
    let f: EmissionFactor = parse("0.81 lb/kWh").unwrap();
    assert_relative_eq!(kg_per_kwh(f), 0.367_409_844, max_relative = 1e-6);
    assert!(parse::<EmissionFactor>("380").is_err());
    assert!(parse::<EmissionFactor>("-1 g/kWh").is_err());
    let w: WaterIntensity = parse("4.35 L/kWh").unwrap();
    assert_relative_eq!(w.get_liters_per_kwh(), 4.35, max_relative = 1e-12);
    let w: WaterIntensity = parse("1.8 m3/MWh").unwrap();
    assert_relative_eq!(w.get_liters_per_kwh(), 1.8, max_relative = 1e-12);
    assert!(parse::<WaterIntensity>("4 kW").is_err());
}

proptest! {
    #![proptest_config(proptest_config(64))]

    /// Every figure is finite and within its definitional range, whatever the grid and load.
    #[test]
    fn metrics_are_finite_and_in_range(
        seed in prop::collection::vec((0.0f64..2_000.0, 0.0f64..100.0, 0.0f64..80.0), 24),
        pue in 1.0f64..3.0,
        ewif in 0.0f64..10.0,
        water_l in 0.0f64..1e7,
    ) {
        let hours = 8760;
        // A day of (intensity, facility MW, renewable MW) repeated over the year.
        let carbon = GridCarbon {
            average: Intensity::Hourly(CalendarSeries::from_hours(
                "ci", (0..hours).map(|h| seed[h % 24].0).collect()).unwrap()),
            marginal: None,
        };
        let supply = CalendarSeries::from_hours(
            "re", (0..hours).map(|h| seed[h % 24].2).collect()).unwrap();
        let s = Sustainability {
            carbon: Some(carbon.clone()),
            grid_water: Some(WaterIntensity::liters_per_kwh(ewif).unwrap()),
            renewables: Some(Renewables::HourlySupply(supply)),
            rules: Rules::default(),
            displaced_heat: None,
        };
        let mut g = GridYear::start(&s, hours).unwrap();
        let mut facility = Energy::ZERO;
        let mut peak = Power::ZERO;
        for h in 0..hours {
            let p = megawatts(seed[h % 24].1);
            g.add(&s, h, hours, p * hours_of(1.0));
            facility += p * hours_of(1.0);
            if p > peak { peak = p; }
        }
        let c = CarbonYear::new(&carbon, g.emissions, None, facility, peak, hours);
        let e = g.emissions.get::<kilogram>();
        prop_assert!(e.is_finite() && e >= 0.0);
        for f in [c.weighted_intensity, c.mean_intensity, c.cleanest_intensity] {
            let v = f.get::<gram_per_kilowatt_hour>();
            prop_assert!(v.is_finite() && (0.0..=2_000.0 + 1e-9).contains(&v));
        }
        prop_assert!(c.cleanest_intensity <= c.weighted_intensity * (1.0 + 1e-12));
        let shift = c.shift_potential().get();
        prop_assert!((0.0..=1.0).contains(&shift));
        if facility > Energy::ZERO {
            let r = renewable_energy_factor(g.renewable_matched, facility).unwrap().get();
            prop_assert!((0.0..=1.0).contains(&r));
            let it = facility / pue;
            let cue = metrics::cue(g.emissions, it).unwrap();
            prop_assert!(cue.get::<gram_per_kilowatt_hour>().is_finite() && cue.get::<gram_per_kilowatt_hour>() >= 0.0);
            let wue = metrics::wue(liters(water_l), it).unwrap();
            let source = wue_source(s.grid_water.unwrap(), Pue::new(pue).unwrap(), wue);
            prop_assert!(source >= wue && source.get_liters_per_kwh().is_finite());
            let ere = metrics::ere(Pue::new(pue).unwrap(), metrics::erf(Energy::ZERO, facility).unwrap());
            prop_assert!(ere.get::<ratio>() >= 0.0 && ere.get::<ratio>() <= pue);
        }
    }
}

fn hours_of(h: f64) -> Time {
    Time::new::<time::hour>(h)
}
