//! Economics: financial mathematics against spreadsheet values, cash-flow tables checked by
//! hand, and properties of the business models.
//!
//! Reference values from numpy-financial 1.0.0 (`npf.pmt`, `npf.npv`, `npf.irr`, `npf.ipmt`,
//! `npf.ppmt`), whose conventions match Excel's PMT, IRR, IPMT and PPMT; Excel's NPV discounts
//! its first value by one period, so Excel `NPV(r, v1..vn)` is `npv(r, [0, v1..vn])` here.

mod common;

use approx::assert_relative_eq;
use chrono::NaiveDate;
use dcplan::economics::{annuity_payment, irr, npv, payback};
use dcplan::prelude::*;
use proptest::prelude::*;

fn usd(values: &[f64]) -> Vec<Money> {
    values.iter().copied().map(Money::new).collect()
}

fn rate(r: f64) -> Rate {
    Rate::new(r).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn annuity_matches_pmt() {
    // npf.pmt(0.07125, 10, -1e6) = 143201.28873859468
    let a = annuity_payment(Money::new(1e6), rate(0.071_25), 10).unwrap();
    assert_relative_eq!(a.get(), 143_201.288_738_594_68, max_relative = 1e-13);
    // Excel PMT example: PMT(8%/12, 10, 10000) = -1,037.03; npf: 1037.0320893591636
    let m = annuity_payment(Money::new(10_000.0), rate(0.08 / 12.0), 10).unwrap();
    assert_relative_eq!(m.get(), 1_037.032_089_359_163_6, max_relative = 1e-13);
    // r = 0: equal instalments.
    let z = annuity_payment(Money::new(1_000.0), Rate::ZERO, 4).unwrap();
    assert_eq!(z, Money::new(250.0));
    assert!(annuity_payment(Money::new(1.0), rate(0.05), 0).is_err());
}

#[test]
fn npv_matches_spreadsheets() {
    // npf.npv(0.281, [-100, 39, 59, 55, 20]) = -0.00847859163845488
    let v = npv(rate(0.281), &usd(&[-100.0, 39.0, 59.0, 55.0, 20.0]));
    assert_relative_eq!(v.get(), -0.008_478_591_638_454_88, max_relative = 1e-9);
    // npf.npv(0.08, [-40000, 5000, 8000, 12000, 30000]) = 3065.2226681795255
    let v = npv(
        rate(0.08),
        &usd(&[-40_000.0, 5_000.0, 8_000.0, 12_000.0, 30_000.0]),
    );
    assert_relative_eq!(v.get(), 3_065.222_668_179_525_5, max_relative = 1e-12);
    // Excel NPV example: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44 (first value one year
    // out); npf.npv(0.10, [0, -10000, 3000, 4200, 6800]) = 1188.4434123352216
    let v = npv(
        rate(0.10),
        &usd(&[0.0, -10_000.0, 3_000.0, 4_200.0, 6_800.0]),
    );
    assert_relative_eq!(v.get(), 1_188.443_412_335_221_6, max_relative = 1e-12);
}

#[test]
fn irr_matches_spreadsheets() {
    let cases: [(&[f64], f64); 6] = [
        // npf.irr docs example
        (&[-100.0, 39.0, 59.0, 55.0, 20.0], 0.280_948_421_159_960_66),
        (
            &[
                -250_000.0, 100_000.0, 150_000.0, 200_000.0, 250_000.0, 300_000.0,
            ],
            0.567_230_334_435_853_6,
        ),
        (
            &[-40_000.0, 5_000.0, 8_000.0, 12_000.0, 30_000.0],
            0.105_822_598_408_901_85,
        ),
        // Excel IRR example: 8.66 % over five years, -2.12 % over four
        (
            &[-70_000.0, 12_000.0, 15_000.0, 18_000.0, 21_000.0, 26_000.0],
            0.086_630_948_036_531_49,
        ),
        (
            &[-70_000.0, 12_000.0, 15_000.0, 18_000.0, 21_000.0],
            -0.021_244_848_273_410_888,
        ),
        (
            &[-70_000.0, 12_000.0, 15_000.0, 18_000.0],
            -0.182_137_464_145_527_45,
        ),
    ];
    for (flows, expected) in cases {
        let r = irr(&usd(flows)).unwrap().get();
        assert!((r - expected).abs() < 1e-12, "{flows:?}: {r} vs {expected}");
    }
    // No sign change, no IRR.
    let e = irr(&usd(&[-1.0, -2.0, -3.0])).unwrap_err().to_string();
    assert!(e.contains("no internal rate of return"), "{e}");
    assert!(irr(&usd(&[5.0, 1.0])).is_err());
}

#[test]
fn irr_prefers_the_investment_root() {
    // -100, +230, -132: NPV·x² = -100x² + 230x - 132 with x = 1 + r, roots x = 1.1 and 1.2.
    // The NPV rises through zero at 10 % and falls through zero at 20 %: the investment-type
    // root, 20 %, is the IRR.
    let r = irr(&usd(&[-100.0, 230.0, -132.0])).unwrap().get();
    assert!((r - 0.20).abs() < 1e-12, "{r}");
    // Reversed signs (a loan: +100, -230, +132) make 10 % the falling root.
    let r = irr(&usd(&[100.0, -230.0, 132.0])).unwrap().get();
    assert!((r - 0.10).abs() < 1e-12, "{r}");
}

#[test]
fn payback_interpolates() {
    // Cumulative: -100, -60, -20, +30 → 2 + 20/50 = 2.4 years.
    assert_eq!(payback(&usd(&[-100.0, 40.0, 40.0, 50.0])), Some(years(2.4)));
    // Nothing at the start, then an outlay: the payback counts from the first outlay's row.
    assert_eq!(payback(&usd(&[0.0, -10.0, 5.0, 10.0])), Some(years(2.5)));
    assert_eq!(payback(&usd(&[-10.0, 1.0, 1.0])), None);
    assert_eq!(payback(&usd(&[10.0, 1.0])), Some(years(0.0)));
}

/// Plain figures: 100 MW interconnect, 80 MW of IT, 96 MW facility all year, 50,000 GPUs,
/// 1 EH/s.
fn figures() -> AnnualFigures {
    AnnualFigures {
        interconnect: megawatts(100.0),
        it_capacity: megawatts(80.0),
        facility_peak: megawatts(96.0),
        it_energy: Energy::new::<megawatt_hour>(80.0 * 8_760.0),
        facility_energy: Energy::new::<megawatt_hour>(96.0 * 8_760.0),
        water: Volume::new::<cubic_meter>(100_000.0),
        accelerators: 50_000,
        racks: 700,
        hashrate: Hashrate::new(1e6),
        hourly_facility: None,
    }
}

/// Everything online on the start date.
fn immediate(start: NaiveDate) -> Schedule {
    let zero = Time::ZERO;
    Schedule::new(
        start,
        GridAccess::Energised { since: start },
        LeadTimes {
            construction: zero,
            transformers: None,
            equipment: zero,
            commissioning: zero,
            phase_interval: zero,
        },
        vec![Phase::new("all", megawatts(100.0))],
    )
    .unwrap()
}

#[test]
fn colocation_by_hand() {
    // Colocation, $150/kW-month flat, 100 % leased, energy passed through, build $10M/MW of
    // IT, no debt, maintenance and staff zero, water $2/m³, energy $50/MWh, 5 years, 8 %,
    // no residual.
    let project = Project::new(
        "colo",
        figures(),
        BusinessModel::Colocation {
            rent: PricePath::Flat(UsdPerKwMonth::new(150.0)),
            occupancy: Fraction::ONE,
            energy_pass_through: true,
        },
        immediate(date(2026, 1, 1)),
    )
    .unwrap()
    .with_capex(Capex {
        build: BuildCost::per_mw_of_it(UsdPerMw::from_millions(10.0)),
        equipment: None,
    })
    .unwrap()
    .with_opex(Opex {
        energy: EnergyPrice::Flat(PricePath::Flat(UsdPerMwh::new(50.0))),
        water: UsdPerCubicMeter::new(2.0),
        maintenance: Fraction::ZERO,
        staff_per_mw: 0.0,
        cost_per_staff: MoneyRate::ZERO,
    })
    .unwrap()
    .with_financing(Financing::all_equity())
    .unwrap()
    .with_discounting(Discounting {
        discount_rate: rate(0.08),
        horizon_years: 5,
        residual_value: false,
    })
    .unwrap();
    let e = project.appraise().unwrap();
    // Rent: 80,000 kW × $150 × 12 = $144M a year; energy 96 × 8,760 × 50 = $42.048M, passed
    // through; water 100,000 m³ × $2 = $0.2M. Cash flow: -800 at the start, then
    // 144 + 42.048 - 42.048 - 0.2 = 143.8 a year.
    assert_relative_eq!(e.years[1].revenue.millions(), 144.0, max_relative = 1e-12);
    assert_relative_eq!(
        e.years[1].energy_recovered.millions(),
        42.048,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        e.years[0].cash_flow.millions(),
        -800.0,
        max_relative = 1e-12
    );
    for r in &e.years[1..] {
        assert_relative_eq!(r.cash_flow.millions(), 143.8, max_relative = 1e-12);
    }
    // NPV = -800 + 143.8 × A, A = (1 - 1.08^-5)/0.08 = 3.9927100370780884:
    // -225.84829666817086 ($M)
    assert_relative_eq!(
        e.npv.millions(),
        -225.848_296_668_170_86,
        max_relative = 1e-12
    );
    // Break-even rent: (800e6 + 0.2e6 × A) / (80,000 kW × 12 × A) = $208.9220454723637 per
    // kW-month.
    let Some(LevelisedCost::PerKwMonth(lc)) = e.levelised_cost else {
        panic!("colocation has a cost per kW-month");
    };
    assert_relative_eq!(lc.get(), 208.922_045_472_363_7, max_relative = 1e-12);
    // Per MW of interconnect: revenue (144 + 42.048)/100 = $1.86048M a year.
    let per = e.per_mw();
    assert_relative_eq!(per.revenue.millions(), 1.860_48, max_relative = 1e-12);
    assert_relative_eq!(per.margin.millions(), 1.438, max_relative = 1e-12);
    // Cumulative after five years: -800 + 5 × 143.8 = -81: no payback within the horizon.
    assert_eq!(e.payback, None);
}

#[test]
fn debt_service_by_hand() {
    // GPU rental online at the start, 85 % debt at 7.125 % over 10 years: the loan drawn at
    // the start is repaid from year 1 (the first year with revenue) with level payments.
    let project = Project::new(
        "gpu",
        figures(),
        BusinessModel::gpu_rental(),
        immediate(date(2026, 1, 1)),
    )
    .unwrap();
    let e = project.appraise().unwrap();
    // Capex at the start: 80 MW × $9.5M + 50,000 × $32,500 = $2,385M; debt 85 % = $2,027.25M.
    let debt = 2_385.0e6 * 0.85;
    assert_relative_eq!(e.years[0].debt_drawn.get(), debt, max_relative = 1e-12);
    // Year 1: interest 7.125 % × debt; principal = PMT − interest (npf.ppmt scaled:
    // 71,951.28873859468 per $1M).
    assert_relative_eq!(
        e.years[1].interest.get(),
        debt * 0.071_25,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        e.years[1].principal.get(),
        debt / 1e6 * 71_951.288_738_594_68,
        max_relative = 1e-12
    );
    // Year 2's principal: npf.ppmt(0.07125, 2, 10, -1e6) = 77,077.81806121956 per $1M.
    // (The GPUs bought again in year 5 are a second loan; year 2 has only the first.)
    assert_relative_eq!(
        e.years[2].principal.get(),
        debt / 1e6 * 77_077.818_061_219_56,
        max_relative = 1e-12
    );
    // Revenue 50,000 × 8,760 × 0.8 × $2 = $700.8M; opex: energy 96 × 8,760 × $80 = $67.2768M,
    // water $0.2M, maintenance 2 % × 2,385 = $47.7M, staff 0.5 × 80 × $0.12M = $4.8M
    // → margin $580.8232M; DSCR year 1 = 580.8232 / (2,027.25 × 0.14320128873859468) = 2.0007.
    assert_relative_eq!(
        e.steady_state.margin.millions(),
        580.823_2,
        max_relative = 1e-12
    );
    let y1 = &e.years[1];
    let dscr = (y1.revenue - y1.opex()) / y1.debt_service();
    assert_relative_eq!(
        dscr,
        580.823_2 / (2_027.25 * 0.143_201_288_738_594_68),
        max_relative = 1e-12
    );
    // The GPUs bought again in year 5 add a second loan: the minimum comes after.
    assert!(e.min_dscr.unwrap() < dscr);
    let last = e.years.last().unwrap();
    assert!(last.debt_balance.get().abs() < 1e-3);
}

#[test]
fn construction_interest_is_capitalised() {
    // Build at the start, online two years later (a 2-year queue, no transformers): the year-1
    // interest is capitalised and payments start in year 2 on the larger balance.
    let start = date(2026, 1, 1);
    let schedule = Schedule::new(
        start,
        GridAccess::New {
            lead: years(2.0),
            cost: UsdPerMw::ZERO,
        },
        LeadTimes {
            construction: years(2.0),
            transformers: None,
            equipment: weeks(1.0),
            commissioning: Time::ZERO,
            phase_interval: Time::ZERO,
        },
        vec![Phase::new("all", megawatts(100.0))],
    )
    .unwrap();
    let p = Project::new("late", figures(), BusinessModel::colocation(), schedule).unwrap();
    let e = p.appraise().unwrap();
    // Build $760M at the start → debt $646M; online 2028-01-01 (730 days) = end of row 2, so
    // row 2 has no revenue either: interest capitalised in rows 1 and 2.
    let debt = 760.0e6 * 0.85;
    assert_eq!(e.timeline.first_online(), date(2028, 1, 1));
    assert_relative_eq!(
        e.years[1].interest_capitalised.get(),
        debt * 0.071_25,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        e.years[2].interest_capitalised.get(),
        debt * 1.071_25 * 0.071_25,
        max_relative = 1e-12
    );
    assert_eq!(e.years[2].interest, Money::ZERO);
    assert_relative_eq!(
        e.years[3].interest.get(),
        debt * 1.071_25 * 1.071_25 * 0.071_25,
        max_relative = 1e-12
    );
}

#[test]
fn bitcoin_mining_by_hand() {
    // 1 EH/s at $50/PH/s/day, 95 % uptime: 1,000 × 50 × 365 × 0.95 = $17.3375M a year.
    let p = Project::new(
        "mine",
        figures(),
        BusinessModel::bitcoin_mining(),
        immediate(date(2026, 1, 1)),
    )
    .unwrap();
    let e = p.appraise().unwrap();
    assert_relative_eq!(
        e.years[1].revenue.millions(),
        17.337_5,
        max_relative = 1e-12
    );
    // Miners: 1e6 TH/s × $15 = $15M at the start, again after 4 years (row 4) and 8 (row 8).
    assert_relative_eq!(
        e.years[0].capex_equipment.millions(),
        15.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        e.years[4].capex_equipment.millions(),
        15.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        e.years[8].capex_equipment.millions(),
        15.0,
        max_relative = 1e-12
    );
    assert!(matches!(
        e.levelised_cost,
        Some(LevelisedCost::PerPhsDay(_))
    ));
}

#[test]
fn energisation_value_and_tornado() {
    let p = Project::new(
        "gpu",
        figures(),
        BusinessModel::gpu_rental(),
        immediate(date(2026, 1, 1)),
    )
    .unwrap();
    let v = p.energisation_value(GridAccess::new_connection()).unwrap();
    assert_eq!(v.first_online_alternative, date(2031, 12, 31)); // 2,190 days
    assert_eq!(v.days_earlier, 2_190);
    assert!(v.value > Money::ZERO, "{}", v.value);
    assert_eq!(v.value, v.npv - v.npv_alternative);
    let t = p.tornado(Fraction::new(0.2).unwrap()).unwrap();
    assert_eq!(t.bars.len(), 8);
    // Revenue is linear in price: the sale-price bar is symmetric about the base.
    let price = t
        .bars
        .iter()
        .find(|b| b.driver == Driver::SalePrice)
        .unwrap();
    assert_relative_eq!(
        (price.npv_high - t.base).get(),
        (t.base - price.npv_low).get(),
        max_relative = 1e-9
    );
    assert!(price.npv_high > t.base);
    // Interest moves the equity NPV only.
    let interest = t
        .bars
        .iter()
        .find(|b| b.driver == Driver::InterestRate)
        .unwrap();
    assert_eq!(interest.npv_low, interest.npv_high);
    assert!(interest.equity_npv_low > interest.equity_npv_high);
    for w in t.bars.windows(2) {
        assert!(w[0].range() >= w[1].range());
    }
}

#[test]
fn phases_beyond_the_interconnect_are_rejected() {
    let start = date(2026, 1, 1);
    let s = Schedule::new(
        start,
        GridAccess::Energised { since: start },
        LeadTimes::default(),
        Phase::equal(2, megawatts(150.0)),
    )
    .unwrap();
    let e = Project::new("big", figures(), BusinessModel::gpu_rental(), s)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("project 'big'.schedule.phases") && e.contains("150.000 MW"),
        "{e}"
    );
}

#[test]
fn annual_figures_from_a_mining_plan() {
    // 100 MW, PUE 1.05, S21 racks of 8 × 3.5 kW: ⌊100,000/(28 × 1.05)⌋ = 3,401 racks.
    let site = common::lumped(100.0, 1.05);
    let d = Deployment::new(
        RackProfile::from_system(catalog::find("Antminer S21").unwrap(), 8).unwrap(),
    );
    let p = plan(&site, &d).unwrap();
    assert_eq!(p.primary_racks, 3_401);
    let f = AnnualFigures::from_plan(&site, &p, &d, Fraction::new(0.95).unwrap());
    // 3,401 × 8 × 200 TH/s = 5.4416 EH/s = 95.228 MW / 17.5 J/TH
    assert_relative_eq!(f.hashrate.ehs(), 5.4416, max_relative = 1e-12);
    assert_relative_eq!(
        f.hashrate.get(),
        Hashrate::from_power(f.it_capacity, 17.5).unwrap().get(),
        max_relative = 1e-12
    );
}

fn cfg() -> ProptestConfig {
    common::proptest_config(1000)
}

fn model(kind: u8, price: f64, share: f64) -> BusinessModel {
    let share = Fraction::new(share).unwrap();
    match kind % 3 {
        0 => BusinessModel::GpuRental {
            price: PricePath::Flat(UsdPerGpuHour::new(price / 50.0)),
            utilisation: share,
        },
        1 => BusinessModel::Colocation {
            rent: PricePath::Flat(UsdPerKwMonth::new(price * 2.0)),
            occupancy: share,
            energy_pass_through: kind.is_multiple_of(2),
        },
        _ => BusinessModel::BitcoinMining {
            hashprice: PricePath::Flat(UsdPerPhsDay::new(price)),
            uptime: share,
        },
    }
}

proptest! {
    #![proptest_config(cfg())]

    /// A higher price never lowers revenue, in any year, under any business model.
    #[test]
    fn higher_price_never_lowers_revenue(
        kind in 0u8..6,
        price in 0.0f64..200.0,
        more in 1.0f64..3.0,
        share in 0.0f64..=1.0,
        queue_days in 0.0f64..2_000.0,
    ) {
        let start = date(2026, 1, 1);
        let schedule = Schedule::new(
            start,
            GridAccess::New { lead: Time::new::<time::day>(queue_days), cost: UsdPerMw::ZERO },
            LeadTimes::default(),
            Phase::equal(3, megawatts(90.0)),
        ).unwrap();
        let p = Project::new("p", figures(), model(kind, price, share), schedule).unwrap();
        let q = p.clone().with_model(model(kind, price * more, share)).unwrap();
        let (a, b) = (p.appraise().unwrap(), q.appraise().unwrap());
        for (x, y) in a.years.iter().zip(&b.years) {
            prop_assert!(y.revenue >= x.revenue, "{} < {}", y.revenue, x.revenue);
        }
        prop_assert!(b.npv >= a.npv);
    }

    /// NPV falls as the discount rate rises for a conventional cash flow (an outlay at the
    /// start, then inflows), and the IRR zeroes the NPV. (With outlays in later years too, the
    /// NPV can rise with the rate where it is negative: only its sign changes once.)
    #[test]
    fn npv_decreases_in_the_discount_rate(
        outlay in 1.0f64..1e9,
        inflows in prop::collection::vec(0.0f64..1e9, 1..20),
        r1 in -0.5f64..0.9,
        dr in 1e-4f64..0.5,
    ) {
        let flows: Vec<Money> = std::iter::once(Money::new(-outlay))
            .chain(inflows.iter().map(|&x| Money::new(x))).collect();
        let r2 = (r1 + dr).min(1.0);
        let (a, b) = (npv(rate(r1), &flows), npv(rate(r2), &flows));
        prop_assert!(b.get() <= a.get() + 1e-9 * a.get().abs().max(1.0), "{a} < {b}");
        if let Ok(r) = irr(&flows).map(RateOfReturn::get) {
            let at = npv(Rate::new(r.min(1.0)).unwrap_or(Rate::ZERO), &flows);
            let scale: f64 = flows.iter().map(|f| f.get().abs()).sum();
            if r <= 1.0 {
                prop_assert!(at.get().abs() <= 1e-6 * scale, "npv at irr {r} = {at}");
            }
        }
    }

    /// The levelised cost is the break-even price: selling at it gives an NPV of zero.
    #[test]
    fn levelised_cost_breaks_even(
        kind in 0u8..6,
        price in 1.0f64..200.0,
        share in 0.05f64..=1.0,
        queue_days in 0.0f64..1_500.0,
        discount in 0.0f64..0.3,
    ) {
        let start = date(2026, 1, 1);
        let schedule = Schedule::new(
            start,
            GridAccess::New { lead: Time::new::<time::day>(queue_days), cost: UsdPerMw::from_millions(0.3) },
            LeadTimes::default(),
            Phase::equal(2, megawatts(100.0)),
        ).unwrap();
        let p = Project::new("p", figures(), model(kind, price, share), schedule).unwrap()
            .with_discounting(Discounting { discount_rate: rate(discount), ..Discounting::default() })
            .unwrap();
        let e = p.appraise().unwrap();
        let at_cost = match (e.levelised_cost.unwrap(), p.model().clone()) {
            (LevelisedCost::PerGpuHour(c), BusinessModel::GpuRental { utilisation, .. }) =>
                BusinessModel::GpuRental { price: PricePath::Flat(c), utilisation },
            (LevelisedCost::PerKwMonth(c), BusinessModel::Colocation { occupancy, energy_pass_through, .. }) =>
                BusinessModel::Colocation { rent: PricePath::Flat(c), occupancy, energy_pass_through },
            (LevelisedCost::PerPhsDay(c), BusinessModel::BitcoinMining { uptime, .. }) =>
                BusinessModel::BitcoinMining { hashprice: PricePath::Flat(c), uptime },
            _ => unreachable!("the levelised cost matches the model"),
        };
        let zero = p.with_model(at_cost).unwrap().appraise().unwrap().npv;
        prop_assert!(zero.get().abs() < 1e-6 * e.capex.get().max(1.0), "NPV at break-even = {zero}");
    }

    /// Money and prices survive their text form exactly.
    #[test]
    fn text_round_trip(x in -1e15f64..1e15) {
        prop_assert_eq!(Money::new(x).to_string().parse::<Money>().unwrap(), Money::new(x));
        let p = UsdPerMwh::new(x);
        prop_assert_eq!(p.to_string().parse::<UsdPerMwh>().unwrap(), p);
    }
}
