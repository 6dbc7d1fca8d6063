//! The liquid side of a rack: per-rack heat limits of liquid loops, per-position limits of
//! halls, and the 2026–27 racks judged against both.

use dcplan::cooling::{CduLevel, TemperatureLimit, hottest_case_rise};
use dcplan::fluids::Coolant;
use dcplan::prelude::*;
use dcplan::sitefile::{Format, Scenario, SiteFile};

/// A Rubin Ultra NVL576 site: 600 kW racks, all heat to liquid.
const KYBER: &str = r#"
name = "kyber"

[interconnect]
capacity = "100 MW"

[cooling.DLC]
technology = "direct_to_chip_dry_cooler"
capacity = "90 MW"
units = 9

[halls.Hall]
count = 2
positions = 100

[deployment]
system = "Rubin Ultra NVL576"

[climate]
design_hour = { dry_bulb = "35 °C", wet_bulb = "24 °C" }
"#;

fn read(text: &str) -> Result<Scenario> {
    SiteFile::from_text("kyber.toml", text, Format::Toml, ".").scenario()
}

fn refused(text: &str) -> String {
    read(text).unwrap_err().to_string()
}

#[test]
fn a_600_kw_rack_is_judged_against_the_loops_per_rack_heat_limit() {
    // The liquid preset's loop takes 200 kW per rack: 600 kW is 400 kW too much.
    let e = refused(KYBER);
    assert!(
        e.contains("kyber.toml:")
            && e.contains("cooling.DLC.max_rack_heat")
            && e.contains("600.0 kW per rack goes to liquid, 400.0 kW more than loop 'DLC'")
            && e.contains("(200.0 kW per rack)"),
        "{e}"
    );
    // The site sets its loop's design limit: built for 700 kW racks, it cools them.
    let built = KYBER.replace("units = 9\n", "units = 9\nmax_rack_heat = \"700 kW\"\n");
    let s = read(&built).unwrap();
    assert_eq!(
        s.site.loops()[0].max_rack_heat(),
        Some(Power::new::<kilowatt>(700.0))
    );
    let p = plan(&s.site, &s.deployment).unwrap();
    assert!(p.primary_racks > 0);
    assert_eq!(p.accelerators, u64::from(p.primary_racks) * 144);
}

#[test]
fn a_600_kw_rack_is_judged_against_the_halls_per_position_limit() {
    let built = KYBER.replace("units = 9\n", "units = 9\nmax_rack_heat = \"700 kW\"\n");
    // Halls built for 250 kW per position: 350 kW short; the error names the file's hall.
    let narrow = built.replace(
        "positions = 100\n",
        "positions = 100\nposition_limit = \"250 kW\"\n",
    );
    let e = refused(&narrow);
    assert!(
        e.contains("halls.Hall.position_limit")
            && e.contains("'Rubin Ultra NVL576' draws 600.0 kW, 350.0 kW more than hall 'Hall 1'")
            && e.contains("(250.0 kW)"),
        "{e}"
    );
    // A hall built for it takes the racks; a narrow one beside it holds none.
    let mixed = format!(
        "{}\n[halls.Narrow]\npositions = 100\nposition_limit = \"250 kW\"\n",
        built
            .replace(
                "[deployment]",
                "[halls.Wide]\npositions = 100\nposition_limit = \"600 kW\"\n\n[deployment]"
            )
            .replace("[halls.Hall]\ncount = 2\npositions = 100\n", "")
    );
    let s = read(&mixed).unwrap();
    let hall = |name: &str| s.site.halls().iter().find(|h| h.name() == name).unwrap();
    assert_eq!(
        hall("Wide").position_limit(),
        Some(Power::new::<kilowatt>(600.0))
    );
    let p = plan(&s.site, &s.deployment).unwrap();
    let r = dcplan::report::PlanReport::new(&s.site, &s.deployment, &p).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    let racks = |name: &str| {
        json["halls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == name)
            .map(|h| h["racks"].as_u64().unwrap())
            .unwrap_or(0)
    };
    // 100 positions of 600 kW: the wide hall fills first and binds; the narrow one takes none.
    assert_eq!(p.primary_racks, 100);
    assert_eq!(
        p.binding.kind,
        ConstraintKind::HallPositions {
            hall: "Wide".to_owned()
        }
    );
    assert_eq!(racks("Wide"), 100, "{json}");
    assert_eq!(racks("Narrow"), 0, "{json}");
    // A zero limit is refused where it is written.
    let e = refused(&narrow.replace("\"250 kW\"", "\"0 kW\""));
    assert!(e.contains("halls.Hall.position_limit"), "{e}");
}

#[test]
fn a_liquid_rack_on_an_air_only_site_says_why() {
    let air = KYBER
        .replace("direct_to_chip_dry_cooler", "air_economiser")
        .replace("[cooling.DLC]", "[cooling.CRAH]");
    let e = refused(&air);
    assert!(
        e.contains("deployment.system")
            && e.contains("600.0 kW per rack (100 % of its heat) goes to liquid")
            && e.contains("no liquid cooling loop"),
        "{e}"
    );
}

/// A GB200 NVL72 site on the direct-to-chip dry-cooler preset.
const GB200: &str = r#"
name = "dlc"

[interconnect]
capacity = "100 MW"

[cooling.DLC]
technology = "direct_to_chip_dry_cooler"
capacity = "90 MW"
units = 9

[cooling.CRAH]
technology = "air_economiser"
capacity = "18 MW"
units = 9

[deployment]
system = "GB200 NVL72"

[climate]
design_hour = { dry_bulb = "35 °C", wet_bulb = "24 °C" }
"#;

fn dlc(s: &Scenario) -> &CoolingLoop {
    s.site.loops().iter().find(|l| l.name() == "DLC").unwrap()
}

#[test]
fn a_site_file_sets_the_cdu_stage() {
    let preset = read(GB200).unwrap();
    let cdu = dlc(&preset).cdu().unwrap();
    assert_eq!(cdu.level(), CduLevel::Row);
    assert_eq!(cdu.approach(), kelvin_diff(3.0));
    assert_eq!(dlc(&preset).facility_supply(), celsius(30.0));
    // The file's CDU: rack-level, 5 K approach, water at an 8 K rise, 250 kPa at 70 %.
    let text = format!(
        "{GB200}\n[cooling.DLC.cdu]\nlevel = \"rack\"\nunit_capacity = \"250 kW\"\napproach = \"5 K\"\nrise = \"8 K\"\ncoolant = \"water\"\npump = \"250 kPa\"\npump_efficiency = \"70 %\"\n"
    );
    let s = read(&text).unwrap();
    let l = dlc(&s);
    let cdu = l.cdu().unwrap();
    assert_eq!(cdu.level(), CduLevel::Rack);
    assert_eq!(l.facility_supply(), celsius(28.0));
    assert_eq!(l.rack_rise(), Some(kelvin_diff(8.0)));
    assert_eq!(cdu.pump().pressure_rise(), kilopascals(250.0));
    // Its pumps at the loop's 90 MW: V̇ = Q/(ρ·c_p·8 K) of water at 37 °C, × 250 kPa / 0.7.
    let flow = Coolant::Water
        .volume_flow_for(megawatts(90.0), kelvin_diff(8.0), celsius(37.0))
        .unwrap();
    let expected = flow.get::<cubic_meter_per_second>() * 250_000.0 / 0.7;
    let got = cdu.pump_power(megawatts(90.0), celsius(33.0)).unwrap();
    assert!((got.get::<watt>() / expected - 1.0).abs() < 1e-12);
    // An old file's terminal_approach is the CDU's approach.
    let old = read(&GB200.replace(
        "units = 9\n\n[cooling.CRAH]",
        "units = 9\nterminal_approach = \"4 K\"\n\n[cooling.CRAH]",
    ))
    .unwrap();
    assert_eq!(dlc(&old).cdu().unwrap().approach(), kelvin_diff(4.0));
    assert_eq!(dlc(&old).facility_supply(), celsius(29.0));
}

#[test]
fn bad_cdu_tables_get_located_errors() {
    let with = |table: &str| format!("{GB200}\n[cooling.DLC.cdu]\n{table}\n");
    let e = refused(&with("approach = \"-1 K\""));
    assert!(e.contains("cooling.DLC.cdu.approach"), "{e}");
    let e = refused(&with("rise = \"0 K\""));
    assert!(e.contains("cooling.DLC.cdu.rise"), "{e}");
    let e = refused(&with("coolant = \"lava\""));
    assert!(e.contains("cooling.DLC.cdu.coolant"), "{e}");
    let e = refused(&with("pump = \"-5 kPa\""));
    assert!(e.contains("cooling.DLC.cdu.pump"), "{e}");
    let e = refused(&with("flow = \"3 L/s\""));
    assert!(e.contains("flow"), "{e}");
    // Both the old and the new name of the approach.
    let both = with("approach = \"4 K\"").replace(
        "units = 9\n\n[cooling.CRAH]",
        "units = 9\nterminal_approach = \"4 K\"\n\n[cooling.CRAH]",
    );
    let e = refused(&both);
    assert!(
        e.contains("cooling.DLC.terminal_approach") && e.contains("cdu.approach"),
        "{e}"
    );
    // In-rack CDUs of 100 kW cannot take a GB200 NVL72's 102 kW of liquid heat.
    let e = refused(&with("level = \"rack\"\nunit_capacity = \"100 kW\""));
    assert!(
        e.contains("cooling.DLC.cdu.unit_capacity")
            && e.contains(
                "102.0 kW per rack goes to liquid, 2.0 kW more than the in-rack CDU of loop 'DLC'"
            ),
        "{e}"
    );
    // An air loop has no CDU.
    let e = refused(&format!(
        "{GB200}\n[cooling.CRAH.cdu]\napproach = \"3 K\"\n"
    ));
    assert!(
        e.contains("cooling.CRAH.cdu") && e.contains("direct-to-chip"),
        "{e}"
    );
}

#[test]
fn the_plan_shows_the_temperature_chain() {
    let s = read(GB200).unwrap();
    let p = plan(&s.site, &s.deployment).unwrap();
    let r = dcplan::report::PlanReport::new(&s.site, &s.deployment, &p).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    let l = json["loops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "DLC")
        .unwrap();
    let c = &l["liquid_chain"];
    let f = |k: &str| c[k].as_f64().unwrap();
    // GB200 NVL72: 85 °C case, 2 × 1.2 kW plates at 0.025 K/W in series on a 10 K TCS rise:
    // the hottest case sits 30 K above the coolant leaving it, 35 K above the supply → 50 °C.
    let plates = s.deployment.primary().cold_plates().unwrap();
    let rise = hottest_case_rise(plates, kelvin_diff(10.0)).unwrap();
    assert!((f("chip_case_limit_c") - 85.0).abs() < 1e-9);
    assert!((f("max_rack_coolant_c") - (85.0 - rise.get::<kelvin_interval>())).abs() < 1e-9);
    assert!((f("rack_coolant_c") - 33.0).abs() < 1e-9);
    assert!((f("approach_k") - 3.0).abs() < 1e-9);
    assert_eq!(c["water_class"], "W32");
    // Facility water: the tighter of W32 and the rack coolant limit less the approach.
    let from_chips = f("max_rack_coolant_c") - 3.0;
    assert!((f("max_facility_supply_c") - from_chips.min(32.0)).abs() < 1e-9);
    assert!((f("facility_supply_c") - 30.0).abs() < 1e-9);
    assert!((f("sink_c") - 35.0).abs() < 1e-9);
    // Row CDUs of 1,350 kW, N+1, for the loop's heat; 1.5 L/min per kW of PG25 at 10 K.
    let heat_kw = l["heat_mw"].as_f64().unwrap() * 1000.0;
    assert_eq!(
        c["cdu_units"].as_u64().unwrap(),
        (heat_kw / 1350.0).ceil() as u64 + 1
    );
    let per_kw = f("tcs_flow_l_per_s") * 60.0 / heat_kw;
    assert!((per_kw - 1.5).abs() < 0.01, "{per_kw} L/min per kW");
    // The air loop has none; the text shows the chain.
    let air = json["loops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "CRAH")
        .unwrap();
    assert!(air["liquid_chain"].is_null());
    let text = r.table();
    assert!(
        text.contains("Temperature chain of 'DLC': chip case ≤ 85.0 °C → rack coolant 33.0 °C")
            && text.contains("→ CDU 3.0 K → facility water 30.0 °C")
            && text.contains("class W32 → sink 35.0 °C"),
        "{text}"
    );
}

#[test]
fn a_racks_vendor_coolant_limit_bounds_its_coolant_supply() {
    // Vera Rubin takes coolant up to 45 °C (NVIDIA) and W40 facility water.
    let vr = |supply: &str| {
        let text = GB200
            .replace("GB200 NVL72", "Vera Rubin NVL144")
            .replace(
                "units = 9\n\n[cooling.CRAH]",
                &format!("units = 9\nsupply = \"{supply}\"\n\n[cooling.CRAH]"),
            )
            .replace(
                "[deployment]",
                "[cooling.DLC.cdu]\napproach = \"6 K\"\n\n[deployment]",
            );
        let s = read(&text).unwrap();
        assert_eq!(s.deployment.primary().coolant_limit(), Some(celsius(45.0)));
        let ambient = *s.site.design_ambient().unwrap();
        let op = evaluate(&s.site, &s.deployment, 10, &ambient).unwrap();
        let l = op.loops.iter().find(|l| l.name == "DLC").unwrap();
        l.temperature_headroom().unwrap()
    };
    // Behind a 6 K CDU, 40 °C rack coolant is 34 °C facility water, 6 K inside W40: the
    // vendor's 45 °C is the nearer limit, 5 K away; at 46 °C it is 1 K over.
    let (k, limit) = vr("40 °C");
    assert_eq!(limit, TemperatureLimit::ChipCase);
    assert!((k.get::<kelvin_interval>() - 5.0).abs() < 1e-9);
    let (k, limit) = vr("46 °C");
    assert_eq!(limit, TemperatureLimit::ChipCase);
    assert!((k.get::<kelvin_interval>() + 1.0).abs() < 1e-9);
}
