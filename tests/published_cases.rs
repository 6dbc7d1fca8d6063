//! The published cases of issue 18 (`docs/validation.md`, "Published cases"): every figure a
//! 2024–26 project published that dcplan reproduces, held to the tolerance the table states,
//! and the readings it rules out held outside it. The cases, their site files and the
//! arithmetic are in `examples/published/cases.rs` (shared with the example that prints the
//! table); the sources are in the site files' headers.

#[path = "../examples/published/cases.rs"]
mod cases;

use approx::assert_relative_eq;
use cases::*;
use chrono::NaiveDate;
use dcplan::prelude::*;

/// Every row passes its check (a `Shown` row must at least be a finite number).
fn assert_rows_hold(rows: &[Row]) {
    assert!(!rows.is_empty());
    for r in rows {
        assert!(r.holds(), "out of tolerance: {r}");
    }
}

/// dcplan's value in the row whose figure starts with `figure`.
fn value_of(rows: &[Row], figure: &str) -> f64 {
    rows.iter()
        .find(|r| r.figure.starts_with(figure))
        .unwrap_or_else(|| panic!("no row {figure:?}"))
        .value
}

#[test]
fn every_published_site_file_reads_plans_and_appraises() {
    let mut files: Vec<_> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 10, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let file = CaseFile::read(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = std::fs::read_to_string(&path).unwrap();
        // Each header lists its sources and its assumptions.
        assert!(text.starts_with("# "), "{name}: no header");
        assert!(
            text.contains("[U]") || text.contains("[D]"),
            "{name}: no assumptions"
        );
        let run = Run::new(file.scenario().unwrap(), false).unwrap();
        assert!(run.plan.primary_racks > 0, "{name}");
    }
}

#[test]
fn lingang_stays_under_its_published_pue_and_saves_power_against_land() {
    let case = Lingang::compute().unwrap();
    let rows = case.rows().unwrap();
    assert_rows_hold(&rows);
    // Published: design PUE ≤ 1.15, passive seawater cooling.
    let design = case.udc.design_pue().unwrap();
    assert!(design <= 1.15, "{design}");
    let backplane = &case.udc.plan.operating_point.loops[0].state;
    assert!(backplane.holds_supply && backplane.compressor_power.get::<watt>() == 0.0);
    // The same racks on land in the same climate use more power; 22.8 % within ±10 pp.
    assert!(case.land.annual_pue().unwrap() > case.udc.annual_pue().unwrap() + 0.1);
    let saving = case.saving(&case.land).unwrap();
    assert!((saving - 22.8).abs() <= 10.0, "{saving}");
    // A better land plant saves less: the comparison is the land plant's.
    assert!(case.saving(&case.land_economiser).unwrap() < saving);
}

#[test]
fn batam_gpu_count_comes_out_of_the_interconnect() {
    let case = Batam::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    let plan = &case.gb300.plan;
    // Bound by the grid, not by a hall count chosen to match.
    assert_eq!(plan.binding.kind, ConstraintKind::GridInterconnect);
    assert!(
        plan.operating_point
            .halls
            .iter()
            .any(|h| h.it.get::<watt>() == 0.0)
    );
    let gpus = plan.accelerators as f64;
    assert!((gpus / Batam::PUBLISHED_GPUS - 1.0).abs() <= 0.10, "{gpus}");
}

#[test]
fn sharon_72_mw_is_critical_it_and_40000_needs_lighter_racks() {
    let case = Sharon::compute().unwrap();
    let rows = case.rows().unwrap();
    assert_rows_hold(&rows);
    // The arithmetic: ~33,000 behind 72 MW at PUE 1.15, ~38,000 at PUE 1.0.
    assert_eq!(case.interconnect.plan.accelerators, 33_336);
    assert_eq!(case.critical_it.plan.accelerators, 38_376);
    assert_eq!(
        case.critical_it.plan.binding.kind,
        ConstraintKind::HallPower {
            hall: "Factory".into()
        }
    );
    // 40,000 fits at 129.4 kW per rack and not at 129.5 kW.
    assert_relative_eq!(case.break_even_kw, 72_000.0 / 556.0);
    assert!(case.below_break_even.plan.accelerators >= 40_000);
    assert!(case.above_break_even.plan.accelerators < 40_000);
    assert!(value_of(&rows, "72 MW = critical IT at 120 kW") >= 40_000.0);
}

#[test]
fn core_scientific_contract_interconnect_and_schedule() {
    let case = CoreScientific::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    // The leased halls bind the contract; the 394 MW and 297 MW interconnects bind the rest.
    assert!(matches!(
        case.contract.plan.binding.kind,
        ConstraintKind::HallPower { .. }
    ));
    assert_eq!(
        case.denton.plan.binding.kind,
        ConstraintKind::GridInterconnect
    );
    // $3.5 B over 12 years for 200 MW: within 2 %.
    assert!((case.contract_rent_musd() / 3_500.0 - 1.0).abs() <= 0.02);
    assert!(case.denton.it_mw() >= 260.0, "{}", case.denton.it_mw());
    assert!(case.mine.it_mw() >= 200.0, "{}", case.mine.it_mw());
    // Online between April and July 2025, as the city expected.
    let online = case.evaluation.timeline.first_online();
    let window = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
        ..=NaiveDate::from_ymd_opt(2025, 7, 31).unwrap();
    assert!(window.contains(&online), "{online}");
}

#[test]
fn iren_plain_portfolio_adds_up_and_places_the_next_block() {
    let case = Iren::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    assert_relative_eq!(
        case.report.interconnect.get::<megawatt>(),
        2_910.0,
        max_relative = 1e-12
    );
    // 200 MW of GB300 IT takes at most the 300 MW the ASICs leave at Childress.
    assert_relative_eq!(case.childress.it_mw(), 200.0, max_relative = 0.01);
    assert!(case.childress.facility_mw() <= 300.0);
    assert!(case.prince_george_gpus >= 20_000);
    // Plain portfolio: the block goes to the energised site with spare MW.
    assert_eq!(case.next_block[0].site, "Sweetwater 1");
    assert!(case.next_block[0].fits);
}

#[test]
fn iren_hybrid_sheds_the_asics_first_so_the_gpus_stay_firm() {
    let plain = Iren::compute().unwrap();
    let case = IrenHybrid::compute(&plain).unwrap();
    assert_rows_hold(&case.rows().unwrap());
    // At the design hour the ASICs are firm: Horizon 1–4's 200 MW of GB300 beside them.
    assert_eq!(case.design.binding.kind, ConstraintKind::GridInterconnect);
    assert_relative_eq!(
        case.design.primary_racks as f64 * 0.135,
        200.0,
        max_relative = 0.01
    );
    // Today only the hours hotter than the 0.4 % design hour (≤ 35 of 8,760) shed ASICs, and
    // never a GPU.
    let (hours, _, _) = IrenHybrid::asics(&case.today);
    assert!(hours > 0 && hours <= 35, "{hours}");
    assert_eq!(case.today.curtailed_hours, 0);
    // Over the year the GPUs grow until the six Horizon halls' 50 MW each bind:
    // ⌊50 MW / 135 kW⌋ = 370 racks a hall, 2,220 racks, with no GPU curtailed.
    assert_eq!(case.year_plan.primary_racks, 2_220);
    assert!(matches!(
        case.year_plan.limited_by,
        dcplan::flexibility::YearLimit::Design(ConstraintKind::HallPower { .. })
    ));
    assert_eq!(case.year_plan.year.curtailed_it_energy, Energy::ZERO);
    // The next 20,000 GPUs: no GPU curtailed; the ASICs shed in more hours than today and
    // fewer than at the year plan; the lost revenue is the hashprice on the hash rate shed:
    // $43.33 per PH/s-day × 1.4 PH/s a 24.5 kW rack position × MWh / 24.5 kW / 24 h.
    let (next_hours, mwh, lost) = IrenHybrid::asics(&case.next);
    let (plan_hours, plan_mwh, _) = IrenHybrid::asics(&case.year_plan.year);
    assert_eq!(case.next.curtailed_it_energy, Energy::ZERO);
    assert_eq!(case.next.gpu_hours_lost_curtailment.get(), 0.0);
    assert!(hours < next_hours && next_hours < plan_hours);
    assert!(mwh < plan_mwh);
    assert_relative_eq!(
        lost,
        43.33 * 1.4 * (mwh / 0.0245) / 24.0 / 1e6,
        max_relative = 1e-9
    );
    // The ASICs shed are at most the ASICs' energy: 14,550 × 24.5 kW × 8,760 h.
    assert!(mwh <= 14_550.0 * 0.0245 * 8_760.0);
    // In the portfolio the block now fits at Childress beside the ASICs.
    let childress = case.childress_candidate().unwrap();
    assert!(childress.fits, "{childress:?}");
    assert!(case.next_block[0].fits);
}

#[test]
fn riot_lease_to_amd_rent_capex_and_income() {
    let case = Riot::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    let (rent, margin) = case.full_year();
    assert_relative_eq!(rent * 10.0, 311.0, max_relative = 0.01);
    assert_relative_eq!(case.evaluation.capex.millions(), 89.8, max_relative = 0.01);
    assert_relative_eq!(margin, 25.0, max_relative = 0.15);
}

#[test]
fn newbird_50_musd_buys_what_the_arithmetic_says() {
    let case = NewBird::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    assert_relative_eq!(case.equity_musd, 50.0, max_relative = 0.02);
    // Equity only: $50 M / (build + 533 GB300 GPUs per MW of IT × $32,500).
    let gpus_per_mw = 72.0 / 0.135;
    for ((build, per_mw), mw) in case.capex_per_mw_it.iter().zip([1.97, 1.86, 1.76]) {
        assert_relative_eq!(*per_mw, build + gpus_per_mw * 0.0325, max_relative = 1e-9);
        assert_relative_eq!(50.0 / per_mw, mw, max_relative = 0.005);
    }
    // 36 and 52 weeks of delivery from 18 May 2026, then 4 weeks of commissioning.
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(case.ready_hall_online, [day(2027, 2, 22), day(2027, 6, 14)]);
}

#[test]
fn gpu_rental_price_path_against_hashprice_per_mw() {
    let case = PricePaths::compute().unwrap();
    assert_rows_hold(&case.rows().unwrap());
    let s = |prefix: &str| {
        case.scenarios
            .iter()
            .find(|s| s.name.contains(prefix))
            .unwrap_or_else(|| panic!("no scenario {prefix:?}"))
    };
    // Revenue per MW of interconnect = price × GPUs × 8,760 h × 80 % / 100 MW.
    let gpu_revenue = |price: f64| price * case.gpus as f64 * 8_760.0 * 0.8 / 100.0 / 1e6;
    assert_relative_eq!(
        s("2023 peak").per_mw.revenue.millions(),
        gpu_revenue(8.0),
        max_relative = 1e-9
    );
    assert_relative_eq!(
        s("trough").per_mw.revenue.millions(),
        gpu_revenue(1.70),
        max_relative = 1e-9
    );
    // The 2023–25 slide: $8.00 → $1.70 in 28 months is −48.5 % a year.
    assert_relative_eq!(PricePaths::slide_per_year(), -0.4848, max_relative = 1e-3);
    // The October 2025 trough was the break-even of a new H100 rental business: dcplan's
    // levelised cost is within 5 % of $1.70; the slide again loses money, the 2026 contract
    // price earns.
    let Some(LevelisedCost::PerGpuHour(break_even)) = s("contract").levelised else {
        panic!("no break-even price");
    };
    assert!(
        (break_even.get() / 1.70 - 1.0).abs() <= 0.05,
        "{break_even}"
    );
    assert!(s("slide").per_mw.npv < UsdPerMw::ZERO);
    assert!(s("contract").per_mw.npv > UsdPerMw::ZERO);
    // Per MW, even the trough's GPU revenue is > 5× mining's at 2025's best hashprice.
    assert!(s("trough").per_mw.revenue.millions() > 5.0 * s("2025 high").per_mw.revenue.millions());
    assert!(s("all-time low").per_mw.npv < s("2025 high").per_mw.npv);
    // No driver moves the GPU case more than the sale price.
    let widest = case.tornado.bars[0].range();
    let price = case
        .tornado
        .bars
        .iter()
        .find(|b| b.driver == Driver::SalePrice)
        .unwrap();
    assert_eq!(price.range(), widest);
}

#[test]
fn checks_fail_outside_their_tolerance() {
    let within = Check::Relative {
        target: 100.0,
        below: 0.05,
        above: 0.0,
    };
    assert!(within.holds(95.0) && within.holds(100.0));
    assert!(!within.holds(94.9) && !within.holds(100.1));
    let ruled_out = Check::RuledOut {
        target: 100.0,
        below: 0.05,
        above: 0.0,
    };
    assert!(!ruled_out.holds(97.0) && ruled_out.holds(83.0));
    assert!(!Check::AtMost(1.15).holds(1.151) && !Check::AtLeast(260.0).holds(259.9));
    let points = Check::Absolute {
        target: 22.8,
        within: 10.0,
    };
    assert!(points.holds(12.8) && !points.holds(12.7));
}
