//! Flexible interconnects: closed-form square-wave years for each means, the Duke table, and
//! bad input.

mod common;

use approx::assert_relative_eq;
use common::*;
use dcplan::flexibility::{
    self, Battery, CurtailmentBudget, DispatchOrder, Flexibility, Generation, GpuCap, Means,
    PartLoad,
};
use dcplan::money::UsdPerMwh;
use dcplan::prelude::*;

/// A 20 MW site whose chillers draw more in the heat: fewer GB200 racks fit at 40 °C (the grid
/// binds) than at 20 °C (the liquid loop's heat rejection binds): [`hot_racks`], [`cool_racks`].
fn site(interconnect_mw: f64) -> Site {
    Site::builder(
        "campus",
        GridInterconnect::new(megawatts(interconnect_mw)).unwrap(),
    )
    .cooling_loop(loop_of(Technology::DirectToChipDryCooler, "DLC", 16.0))
    .cooling_loop(loop_of(Technology::AirEconomiser, "CRAH", 4.0))
    .design_ambient(sea_level(HOT.0, HOT.1))
    .build()
    .unwrap()
}

fn deployment() -> Deployment {
    Deployment::new(gb200())
}

/// Facility power of `n` racks at an ambient.
fn facility(site: &Site, n: u32, (t, wb): (f64, f64)) -> Power {
    evaluate(site, &deployment(), n, &sea_level(t, wb))
        .unwrap()
        .facility
}

/// Racks that fit the hot hour, where the interconnect binds.
fn hot_racks() -> u32 {
    plan_at(&site(20.0), &deployment(), &sea_level(HOT.0, HOT.1))
        .unwrap()
        .primary_racks
}

/// Racks that fit the cool hour, where the liquid loop's heat rejection binds.
fn cool_racks() -> u32 {
    plan_at(&site(20.0), &deployment(), &sea_level(COOL.0, COOL.1))
        .unwrap()
        .primary_racks
}

#[test]
fn the_reference_site_is_what_the_closed_forms_assume() {
    let s = site(20.0);
    let hot = plan_at(&s, &deployment(), &sea_level(HOT.0, HOT.1)).unwrap();
    let cool = plan_at(&s, &deployment(), &sea_level(COOL.0, COOL.1)).unwrap();
    assert_eq!(hot.binding.kind, ConstraintKind::GridInterconnect);
    assert_eq!(
        cool.binding.kind,
        ConstraintKind::CoolingCapacity {
            loop_name: "DLC".into()
        }
    );
    // Room between them for the closed forms' budgets (1 % over 4 h a day needs 6 %).
    assert!(f64::from(cool.primary_racks) > 1.07 * f64::from(hot.primary_racks));
}

#[test]
fn strict_year_is_the_hottest_hour_plan() {
    let s = site(20.0);
    let plan = flexibility::plan_year(&s, &deployment(), &square_wave(4, 3), &Flexibility::none())
        .unwrap();
    assert_eq!(plan.primary_racks, hot_racks());
    assert_eq!(plan.year.curtailed_hours, 0);
    assert_eq!(plan.design.primary_racks, hot_racks());
    let b = plan.year.binding_hour.as_ref().unwrap();
    assert_eq!(
        (b.hour % 24 < 4, &b.constraint),
        (true, &ConstraintKind::GridInterconnect)
    );
}

/// Racks' worth that fit the hot hour exactly: `m = hot_racks()` and the share φ of the next that the
/// interconnect still carries (the dispatch sheds continuously, linear between whole racks).
fn hot_fit() -> f64 {
    let s = site(20.0);
    let m = hot_racks();
    let (a, b) = (facility(&s, m, HOT), facility(&s, m + 1, HOT));
    f64::from(m) + ((megawatts(20.0) - a) / (b - a)).get::<ratio>()
}

#[test]
fn energy_budget_closed_form() {
    // Curtailing n − m racks' worth in h of every 24 hours (m = hot_racks() + φ fit the hot hour):
    // share = (n − m)·h / (24·n) ≤ f, so n ≤ m / (1 − 24 f / h) — and below what the cool
    // hours allow.
    let s = site(20.0);
    let m = hot_fit();
    for (h, f) in [(4, 0.01), (2, 0.005), (6, 0.0025)] {
        let expected = (m / (1.0 - 24.0 * f / h as f64)).floor() as u32;
        let flex =
            Flexibility::none().with_budget(CurtailmentBudget::energy(Fraction::new(f).unwrap()));
        let plan = flexibility::plan_year(&s, &deployment(), &square_wave(h, 3), &flex).unwrap();
        assert_eq!(plan.primary_racks, expected, "h = {h}, f = {f}");
        let y = &plan.year;
        assert_eq!(y.curtailed_hours, 3 * h as u32);
        assert_eq!((y.longest_event_hours, y.events), (h as u32, 3));
        let share = (y.curtailed_it_energy / y.it_energy).get::<ratio>();
        let curtailed = expected as f64 - m;
        assert_relative_eq!(
            share,
            curtailed * h as f64 / (24.0 * expected as f64),
            max_relative = 1e-9
        );
        assert!(share <= f);
        // GPU-hours lost: 72 GPUs for each rack's worth curtailed in each hot hour.
        assert_relative_eq!(
            y.gpu_hours_lost_curtailment.get(),
            72.0 * curtailed * (3 * h) as f64,
            max_relative = 1e-9
        );
        assert_eq!(
            y.causes,
            vec![(ConstraintKind::GridInterconnect, 3 * h as u32)]
        );
    }
    // An hours budget: 4 h a day over 3 days needs 12 curtailed hours.
    let hours = |n| Flexibility::none().with_budget(CurtailmentBudget::strict().with_hours(n));
    assert_eq!(
        flexibility::plan_year(&s, &deployment(), &square_wave(4, 3), &hours(11))
            .unwrap()
            .primary_racks,
        hot_racks()
    );
    assert_eq!(
        flexibility::plan_year(&s, &deployment(), &square_wave(4, 3), &hours(12))
            .unwrap()
            .primary_racks,
        cool_racks()
    );
    // An event budget of 3 h cannot take 4-hour events.
    let events = Flexibility::none().with_budget(CurtailmentBudget::strict().with_event_hours(3));
    assert_eq!(
        flexibility::plan_year(&s, &deployment(), &square_wave(4, 3), &events)
            .unwrap()
            .primary_racks,
        hot_racks()
    );
}

/// Three 1 MW units, one a spare, flat part load, no minimum load, η 40 %, 20 USD/MWh of gas.
fn flat_generation() -> Generation {
    Generation::new(
        megawatts(1.0),
        3,
        1,
        Fraction::ZERO,
        Efficiency::new(0.4).unwrap(),
        PartLoad::Flat,
        UsdPerMwh::new(20.0),
        flexibility::natural_gas_factor(),
    )
    .unwrap()
}

#[test]
fn generation_closed_form_is_a_larger_interconnect() {
    // Generators that can carry G relieve the grid exactly like G more interconnect (flat
    // part load, no minimum): the strict year plan is the hot-hour plan of a (20 + G) MW site.
    let g = flat_generation();
    let flex = Flexibility::none().with_generation(g);
    let plan =
        flexibility::plan_year(&site(20.0), &deployment(), &square_wave(4, 3), &flex).unwrap();
    let bigger = plan_at(&site(22.0), &deployment(), &sea_level(HOT.0, HOT.1)).unwrap();
    assert_eq!(plan.primary_racks, bigger.primary_racks);
    assert!(plan.primary_racks > hot_racks());
    // Fuel: the hot hours' excess at 40 % efficiency, priced and with EPA's gas factor.
    let n = plan.primary_racks;
    let excess = (facility(&site(20.0), n, HOT) - megawatts(20.0)).get::<megawatt>();
    let fuel = 12.0 * excess / 0.4;
    assert_relative_eq!(plan.year.fuel.get::<megawatt_hour>(), fuel, epsilon = 1e-6);
    assert_relative_eq!(plan.year.fuel_cost.get(), 20.0 * fuel, epsilon = 1e-4);
    assert_relative_eq!(
        plan.year.emissions.get::<kilogram>(),
        181.05 * fuel,
        max_relative = 1e-4
    );
    assert_eq!(plan.year.curtailed_hours, 0);
}

/// The largest n whose square wave a battery keeps firm, by the closed form: discharge power
/// ≥ the excess a, energy ≥ a·h/η_d, and each day's recharge η_c·min(b, P)·(24 − h) ≥ a·h/η_d,
/// with a = F_hot(n) − L and b = L − F_cool(n).
fn battery_closed_form(b: &Battery, h: usize) -> u32 {
    let s = site(20.0);
    let eta = b.round_trip().get().sqrt();
    let p = b.power().get::<megawatt>();
    let e = b.usable_energy().get::<megawatt_hour>();
    (hot_racks()..cool_racks())
        .take_while(|&n| {
            let a = facility(&s, n, HOT).get::<megawatt>() - 20.0;
            let under = 20.0 - facility(&s, n, COOL).get::<megawatt>();
            a <= p
                && a * h as f64 / eta <= e
                && eta * under.min(p) * (24 - h) as f64 >= a * h as f64 / eta
        })
        .last()
        .unwrap_or(135)
}

#[test]
fn battery_closed_form_and_firm_energy() {
    let h = 4;
    for (p, e, rte) in [(1.0, 3.0, 0.85), (2.0, 10.0, 0.9), (0.5, 40.0, 0.85)] {
        let b = Battery::new(
            megawatts(p),
            megawatt_hours(e),
            Efficiency::new(rte).unwrap(),
        )
        .unwrap();
        let flex = Flexibility::none().with_battery(b);
        let plan =
            flexibility::plan_year(&site(20.0), &deployment(), &square_wave(h, 3), &flex).unwrap();
        assert_eq!(
            plan.primary_racks,
            battery_closed_form(&b, h),
            "{p} MW, {e} MWh"
        );
        assert_eq!(plan.year.curtailed_hours, 0);
    }
    // The sequent-peak energy makes the year firm with greedy dispatch; a little less does not.
    let s = site(20.0);
    let n = 140;
    let climate = square_wave(h, 3);
    let excess: Vec<Power> = climate
        .hours()
        .iter()
        .map(|a| evaluate(&s, &deployment(), n, a).unwrap().facility - megawatts(20.0))
        .collect();
    let rte = Efficiency::new(0.85).unwrap();
    let firm = flexibility::firm_energy(&excess, megawatts(10.0), rte);
    let a = facility(&s, n, HOT).get::<megawatt>() - 20.0;
    assert_relative_eq!(
        firm.get::<megawatt_hour>(),
        a * h as f64 / 0.85f64.sqrt(),
        max_relative = 1e-9
    );
    let run = |energy: Energy| {
        let b = Battery::new(megawatts(10.0), energy, rte).unwrap();
        flexibility::dispatch_year(
            &s,
            &deployment(),
            n,
            &climate,
            &Flexibility::none().with_battery(b),
            |_| {},
        )
        .unwrap()
    };
    assert_eq!(run(firm * 1.000_001).curtailed_hours, 0);
    assert!(run(firm * 0.99).curtailed_hours > 0);
}

#[test]
fn static_and_dynamic_caps_closed_form() {
    let s = site(20.0);
    let climate = square_wave(4, 3);
    let per_gpu = gb200().accelerator_power().unwrap();
    // Static: the racks draw 72 × (P_gpu − cap) less, always; the plan is the hot-hour plan of
    // the capped rack.
    let cap = per_gpu * 0.8;
    let flex = Flexibility::none().with_cap(GpuCap::none().provisioned(cap).unwrap());
    let plan = flexibility::plan_year(&s, &deployment(), &climate, &flex).unwrap();
    let capped = Deployment::new(gb200().with_gpu_cap(cap).unwrap());
    assert_eq!(
        plan.primary_racks,
        plan_at(&s, &capped, &sea_level(HOT.0, HOT.1))
            .unwrap()
            .primary_racks
    );
    assert!(plan.primary_racks > hot_racks());
    // GPU-hours lost to the static cap: every GPU, every hour, at the Zeus curve's 0.94.
    let expected = plan.accelerators as f64 * 72.0 * (1.0 - 0.94);
    assert_relative_eq!(
        plan.year.gpu_hours_lost_static_cap.get(),
        expected,
        max_relative = 1e-9
    );
    // Dynamic: down to a floor only in the hot hours; n·(1 − ρ) racks' worth must fit the hot
    // hour's hot_racks() + φ, ρ = 72·(P_gpu − floor)/P_rack, and n stays within cool_racks().
    let floor = per_gpu * 0.9;
    let flex = Flexibility::none().with_cap(GpuCap::none().floor(floor).unwrap());
    let plan = flexibility::plan_year(&s, &deployment(), &climate, &flex).unwrap();
    let rho = 72.0 * (per_gpu - floor).get::<watt>() / gb200().it_power().get::<watt>();
    let expected = ((hot_fit() / (1.0 - rho)).floor() as u32).min(cool_racks());
    assert_eq!(plan.primary_racks, expected);
    assert_eq!(plan.year.curtailed_hours, 0);
    assert_eq!(plan.year.capped_hours, 12);
    assert!(plan.year.gpu_hours_lost_dynamic_cap.get() > 0.0);
}

#[test]
fn dispatch_order_puts_the_cap_before_the_battery() {
    let s = site(20.0);
    let climate = square_wave(4, 1);
    let b = Battery::new(
        megawatts(5.0),
        megawatt_hours(20.0),
        Efficiency::new(0.85).unwrap(),
    )
    .unwrap();
    let cap = GpuCap::none()
        .floor(gb200().accelerator_power().unwrap() * 0.7)
        .unwrap();
    let base = Flexibility::none().with_battery(b).with_cap(cap);
    let cap_first = base
        .clone()
        .with_order(DispatchOrder::new(vec![Means::Cap, Means::Battery]).unwrap());
    let (mut first, mut second) = (Vec::new(), Vec::new());
    flexibility::dispatch_year(&s, &deployment(), 145, &climate, &base, |h| first.push(*h))
        .unwrap();
    flexibility::dispatch_year(&s, &deployment(), 145, &climate, &cap_first, |h| {
        second.push(*h)
    })
    .unwrap();
    assert!(first[0].battery_discharge > Power::ZERO && first[0].gpu_cap.is_none());
    assert!(second[0].gpu_cap.is_some() && second[0].capped_it > Power::ZERO);
    assert!(DispatchOrder::new(vec![Means::Cap, Means::Cap]).is_err());
}

#[test]
fn duke_table_rises_with_the_level() {
    let s = site(20.0);
    let rows = flexibility::duke_table(&s, &deployment(), &square_wave(4, 3), &Flexibility::none())
        .unwrap();
    let racks: Vec<u32> = rows.iter().map(|r| r.plan.primary_racks).collect();
    let expect = |f: f64| {
        if f == 0.0 {
            hot_racks()
        } else {
            (hot_fit() / (1.0 - 24.0 * f / 4.0)).floor() as u32
        }
    };
    assert_eq!(
        racks,
        vec![expect(0.0), expect(0.0025), expect(0.005), expect(0.01)]
    );
}

#[test]
fn bad_input_is_refused_with_its_field() {
    let eff = Efficiency::new(0.85).unwrap();
    let err = Battery::new(megawatts(5.0), megawatt_hours(0.0), eff).unwrap_err();
    assert!(err.to_string().contains("battery.energy"), "{err}");
    assert!(Efficiency::new(1.05).is_err());
    let err = gb200().with_gpu_cap(watts(5_000.0)).unwrap_err();
    assert!(err.to_string().contains("gpu_cap"), "{err}");
    // A floor above the accelerators' power.
    let flex = Flexibility::none().with_cap(GpuCap::none().floor(watts(5_000.0)).unwrap());
    let err =
        flexibility::plan_year(&site(20.0), &deployment(), &square_wave(4, 1), &flex).unwrap_err();
    assert!(err.to_string().contains("cap.floor"), "{err}");
}

#[test]
fn a_static_cap_relieves_hall_power_and_a_dynamic_one_does_not() {
    // A hall limited to 10 MW of IT behind a large interconnect: only the rack's design power
    // decides, so only static provisioning fits more racks.
    let site = Site::builder("hall", GridInterconnect::new(megawatts(100.0)).unwrap())
        .lumped_pue(Pue::new(1.2).unwrap())
        .hall(Hall::new("H", 1_000, Some(megawatts(10.0))).unwrap())
        .build()
        .unwrap();
    let rack = gb200();
    let per_gpu = rack.accelerator_power().unwrap();
    let fits = |p: Power| (megawatts(10.0) / p).get::<ratio>().floor() as u32;
    let climate = square_wave(4, 1);
    let plan =
        |flex: Flexibility| flexibility::plan_year(&site, &deployment(), &climate, &flex).unwrap();
    let firm = plan(Flexibility::none());
    assert_eq!(firm.primary_racks, fits(rack.it_power()));
    assert_eq!(
        firm.limited_by,
        flexibility::YearLimit::Design(ConstraintKind::HallPower { hall: "H".into() })
    );
    let cap = per_gpu * 0.8;
    let capped = rack.clone().with_gpu_cap(cap).unwrap();
    let provisioned = plan(Flexibility::none().with_cap(GpuCap::none().provisioned(cap).unwrap()));
    assert_eq!(provisioned.primary_racks, fits(capped.it_power()));
    assert!(provisioned.primary_racks > firm.primary_racks);
    let dynamic = plan(Flexibility::none().with_cap(GpuCap::none().floor(cap).unwrap()));
    assert_eq!(dynamic.primary_racks, firm.primary_racks);
}

/// Battery, generation, a dynamic cap and an energy budget at once on the square wave, for the
/// operated year's sums.
fn every_means() -> Flexibility {
    let b = Battery::new(
        megawatts(0.5),
        megawatt_hours(1.5),
        Efficiency::new(0.85).unwrap(),
    )
    .unwrap()
    .with_soc_limits(Fraction::new(0.1).unwrap(), Fraction::new(0.9).unwrap())
    .unwrap();
    let g = Generation::new(
        megawatts(0.3),
        2,
        1,
        Fraction::new(0.4).unwrap(),
        Efficiency::new(0.35).unwrap(),
        PartLoad::GasTurbine,
        UsdPerMwh::new(20.0),
        flexibility::natural_gas_factor(),
    )
    .unwrap();
    let gpu = gb200().accelerator_power().unwrap();
    Flexibility::none()
        .with_battery(b)
        .with_generation(g)
        .with_cap(GpuCap::none().floor(gpu * 0.9).unwrap())
        .with_budget(CurtailmentBudget::energy(Fraction::new(0.01).unwrap()))
}

#[test]
fn the_operated_year_balances_and_serves_less_it_than_demanded() {
    use dcplan::simulate::{self, OperatedSum};
    use dcplan::sustainability::Sustainability;
    let s = site(20.0);
    let climate = square_wave(4, 3);
    let flex = every_means();
    let none = Sustainability::default();
    // The year plan's own pass at its answer, summed as operated: the same year as one more
    // dispatch at its racks.
    let sum = OperatedSum::new(&s, &flex, &none, climate.len(), true).unwrap();
    let (plan, sum) =
        flexibility::plan_year_watched(&s, &deployment(), &climate, &flex, sum).unwrap();
    let (y, hours) = sum.finish();
    assert_eq!(hours.len(), climate.len());
    // No pass beyond the search's: the passes a watcher sees (its clones share the count)
    // are those the plan counts.
    #[derive(Clone, Default)]
    struct Passes(std::rc::Rc<std::cell::Cell<u32>>);
    impl flexibility::YearWatcher for Passes {
        fn reset(&mut self) {
            self.0.set(self.0.get() + 1);
        }
        fn hour(&mut self, _: &flexibility::HourDispatch) {}
    }
    let passes = Passes::default();
    let (counted, _) =
        flexibility::plan_year_watched(&s, &deployment(), &climate, &flex, passes.clone()).unwrap();
    assert_eq!(passes.0.get(), counted.annual_passes);
    assert_eq!(counted, plan);
    let mut last_soc = None;
    let again = simulate::operated(
        &s,
        &deployment(),
        plan.primary_racks,
        &climate,
        &flex,
        &none,
        |h| last_soc = h.state_of_charge,
    )
    .unwrap();
    assert_eq!(again, y);
    // Every means ran.
    assert!(plan.year.curtailed_hours > 0 && plan.year.capped_hours > 0);
    assert!(y.battery_discharge > Energy::ZERO && y.generation > Energy::ZERO);
    // grid + discharge + generation = facility + charge, over the year.
    let mwh = |e: Energy| e.get::<megawatt_hour>();
    let supply = mwh(y.grid_import) + mwh(y.battery_discharge) + mwh(y.generation);
    let demand = mwh(y.energy.facility) + mwh(y.battery_charge);
    assert_relative_eq!(supply, demand, max_relative = 1e-9);
    // The battery's losses close its own balance: charge − discharge − losses = stored at the
    // end − stored at the start (full: 90 % of 1.5 MWh).
    let stored = |soc: f64| 1.5 * soc;
    let end = stored(last_soc.unwrap().get());
    assert_relative_eq!(
        mwh(y.battery_charge) - mwh(y.battery_discharge) - mwh(y.battery_losses),
        end - stored(0.9),
        epsilon = 1e-9 * mwh(y.battery_charge)
    );
    // The load served: the undispatched IT less what was curtailed and capped.
    let op = &plan.year;
    assert_relative_eq!(
        mwh(y.energy.it),
        mwh(op.it_energy) - mwh(op.curtailed_it_energy) - mwh(op.capped_it_energy),
        max_relative = 1e-9
    );
    let undispatched = simulate::annual(&s, &deployment(), plan.primary_racks, &climate).unwrap();
    assert!(y.energy.it < undispatched.energy.it);
    assert_relative_eq!(
        mwh(undispatched.energy.it),
        mwh(op.it_energy),
        max_relative = 1e-9
    );
    // PUE as operated: (grid + generation) / IT served.
    assert_relative_eq!(
        y.pue().unwrap().get(),
        (mwh(y.grid_import) + mwh(y.generation)) / mwh(y.energy.it),
        max_relative = 1e-12
    );
}

#[test]
fn cue_counts_the_generators_fuel_closed_form() {
    use dcplan::simulate;
    use dcplan::sustainability::{GridCarbon, Intensity, Sustainability, grams_per_kwh};
    // The generation closed form (flat part load, no minimum load, η 40 %): in the 4 hot hours
    // of each day the grid gives its 20 MW and the generators the rest; in the 20 cool hours the
    // grid gives all.
    let g = flat_generation();
    let flex = Flexibility::none().with_generation(g);
    let s = site(20.0);
    let climate = square_wave(4, 3);
    let n = flexibility::plan_year(&s, &deployment(), &climate, &flex)
        .unwrap()
        .primary_racks;
    let grid = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::constant(grams_per_kwh(400.0)).unwrap(),
            marginal: None,
        }),
        ..Sustainability::default()
    };
    let y = simulate::operated(&s, &deployment(), n, &climate, &flex, &grid, |_| {}).unwrap();
    // By hand, per day, in MWh and kg: F_h and F_c the facility at n racks hot and cool, IT
    // the racks' IT (the same every hour), 53.06 kg CO₂/MMBtu of gas at 0.2930711 MWh/MMBtu.
    let (f_h, f_c) = (
        facility(&s, n, HOT).get::<megawatt>(),
        facility(&s, n, COOL).get::<megawatt>(),
    );
    let it = evaluate(&s, &deployment(), n, &sea_level(HOT.0, HOT.1))
        .unwrap()
        .it
        .get::<megawatt>();
    let grid_mwh = 4.0 * 20.0 + 20.0 * f_c;
    let fuel_mwh = 4.0 * (f_h - 20.0) / 0.4;
    let kg = 400.0 * grid_mwh + 53.06 / 0.293_071_1 * fuel_mwh;
    let cue = kg / (24.0 * it * 1_000.0);
    let got = y.cue(&grid).unwrap().unwrap();
    assert_relative_eq!(
        got.get::<uom::si::mass_per_energy::kilogram_per_kilowatt_hour>(),
        cue,
        max_relative = 1e-9
    );
    // Without the generators' fuel it would be the grid's alone: the hook adds it.
    assert!(y.generation_emissions() > Mass::ZERO);
    let carbon = y.carbon(&grid).unwrap().unwrap();
    assert_relative_eq!(
        carbon.emissions.get::<kilogram>(),
        3.0 * kg,
        max_relative = 1e-9
    );
    // PUE as operated: E_DC = grid + generation = F_h in the hot hours.
    assert_relative_eq!(
        y.pue().unwrap().get(),
        (4.0 * f_h + 20.0 * f_c) / (24.0 * it),
        max_relative = 1e-9
    );
}

#[test]
fn the_rules_judge_the_year_as_operated() {
    use dcplan::report::SustainabilityReport;
    use dcplan::simulate;
    use dcplan::sustainability::{
        Basis, EmissionFactor, GridCarbon, Intensity, Kpis, Renewables, Rules, Sustainability,
        grams_per_kwh,
    };
    use uom::si::mass_per_energy::kilogram_per_kilowatt_hour;
    let s = site(20.0);
    let climate = square_wave(4, 3);
    let inputs = Sustainability {
        carbon: Some(GridCarbon {
            average: Intensity::constant(grams_per_kwh(400.0)).unwrap(),
            marginal: None,
        }),
        rules: Rules {
            // Before 1 July 2026: EnEfG §11(1) judges the facility PUE.
            enefg_commissioned: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
            max_wue: None,
            max_cue: Some(grams_per_kwh(500.0)),
        },
        renewables: Some(Renewables::Share(Fraction::new(0.5).unwrap())),
        ..Sustainability::default()
    };
    let kg = |f: EmissionFactor| f.get::<kilogram_per_kilowatt_hour>();
    // The generation closed form (generators carry the hot hours' excess, nothing curtailed),
    // and every means at once (battery losses, caps and curtailment).
    for (name, flex) in [
        (
            "generation",
            Flexibility::none().with_generation(flat_generation()),
        ),
        ("every means", every_means()),
    ] {
        let n = flexibility::plan_year(&s, &deployment(), &climate, &flex)
            .unwrap()
            .primary_racks;
        let y = simulate::operated(&s, &deployment(), n, &climate, &flex, &inputs, |_| {}).unwrap();
        let r = SustainabilityReport::operated(&y, &inputs, megawatts(15.0)).unwrap();
        assert_eq!(r.basis, Basis::Operated);
        let value = |metric: &str| {
            let checks: Vec<_> = r.rules.iter().filter(|c| c.metric == metric).collect();
            assert!(!checks.is_empty(), "{name}: no {metric} rule");
            checks[0].value.unwrap()
        };
        // PUE and CUE judged are the operated year's: (grid + generation) / IT served, and
        // the grid's and the generators' emissions over IT served.
        let pue = y.pue().unwrap().get();
        let cue = kg(y.cue(&inputs).unwrap().unwrap());
        assert_relative_eq!(value("pue"), pue, max_relative = 1e-12);
        assert_relative_eq!(value("cue_kg_per_kwh"), cue, max_relative = 1e-12);
        assert_relative_eq!(r.pue.unwrap(), pue, max_relative = 1e-12);
        assert_relative_eq!(r.cue_kg_per_kwh.unwrap(), cue, max_relative = 1e-12);
        // REF: the contracted share is of the electricity bought, over grid + generation.
        let mwh = |e: Energy| e.get::<megawatt_hour>();
        assert_relative_eq!(
            r.renewable_energy_factor.unwrap(),
            0.5 * mwh(y.grid_import) / (mwh(y.grid_import) + mwh(y.generation)),
            max_relative = 1e-12
        );
        assert!(r.renewable_energy_factor.unwrap() < 0.5 - 1e-4);
        // The carbon in detail: the grid's on its import plus the generators' fuel.
        let t = r.carbon.as_ref().unwrap().emissions_t;
        assert_relative_eq!(
            t,
            y.carbon(&inputs)
                .unwrap()
                .unwrap()
                .emissions
                .get::<kilogram>()
                / 1e3,
            max_relative = 1e-12
        );
        // The undispatched year at the same racks is judged otherwise: its energy all from
        // the grid at 400 g/kWh, none from the gas.
        let undispatched = simulate::annual_with(&s, &deployment(), n, &climate, &inputs).unwrap();
        let k = Kpis::annual(&undispatched, &inputs).unwrap();
        let (pue_0, cue_0) = (k.pue.unwrap().get(), kg(k.cue.unwrap()));
        assert_relative_eq!(cue_0, 0.4 * pue_0, max_relative = 1e-12);
        assert!(
            (cue - cue_0).abs() > 1e-3 * cue_0,
            "{name}: CUE {cue} vs {cue_0}"
        );
        if name == "generation" {
            // The closed form serves every hour's load from grid + generation: same PUE.
            assert_relative_eq!(pue, pue_0, max_relative = 1e-9);
        } else {
            assert!((pue - pue_0).abs() > 1e-4, "{name}: PUE {pue} vs {pue_0}");
        }
    }
}

#[test]
fn a_dispatched_year_runs_through_the_hours_it_cannot_serve() {
    // A house load above the interconnect: no hour can be served, even with every rack
    // curtailed, and the year still runs to its end (it used to stop after its first hour).
    let s = Site::builder("campus", GridInterconnect::new(megawatts(20.0)).unwrap())
        .cooling_loop(loop_of(Technology::DirectToChipDryCooler, "DLC", 16.0))
        .cooling_loop(loop_of(Technology::AirEconomiser, "CRAH", 4.0))
        .design_ambient(sea_level(HOT.0, HOT.1))
        .house_load(megawatts(21.0))
        .build()
        .unwrap();
    let climate = square_wave(4, 2);
    let mut hours = 0;
    let mut unservable = 0;
    let year = flexibility::dispatch_year(
        &s,
        &deployment(),
        cool_racks() / 2,
        &climate,
        &Flexibility::none(),
        |h| {
            hours += 1;
            unservable += u32::from(h.unservable);
        },
    )
    .unwrap();
    assert_eq!(hours, 48);
    assert_eq!(unservable, 48);
    assert_eq!(year.unservable_hours, 48);
    assert_eq!(year.longest_event_hours, 48);
}
