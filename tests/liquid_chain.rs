//! The liquid side of a rack: per-rack heat limits of liquid loops, per-position limits of
//! halls, and the 2026–27 racks judged against both.

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
