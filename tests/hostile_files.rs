//! Hostile site and weather files, through the library and through the `dcplan` binary: each is
//! refused with one clear message naming the field and the value (exit status 1, no panic, no
//! backtrace) or, where the input is merely unusual (CRLF, a byte-order mark, a deployment
//! without GPUs), accepted with finite results.

use dcplan::capacity::plan;
use dcplan::climate::Climate;
use dcplan::sitefile::{Format, MAX_SITE_FILE_BYTES, SiteFile};
use std::path::{Path, PathBuf};

/// A small valid site: liquid and air loops, a hall, GB200 racks, an explicit design hour.
const SITE: &str = r#"name = "hostile"
[interconnect]
capacity = "20 MW"
[electrical.reference]
it_capacity = "12 MW"
[cooling.liquid]
technology = "direct_to_chip_dry_cooler"
capacity = "12 MW"
units = 4
[cooling.air]
technology = "air_economiser"
capacity = "3 MW"
units = 2
[halls.A]
positions = 200
[deployment]
system = "GB200 NVL72"
[climate.design_hour]
dry_bulb = "35 °C"
wet_bulb = "24 °C"
"#;

/// `SITE` with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(SITE.contains(from), "{from:?} is not in the site");
    SITE.replacen(from, to, 1)
}

/// The error of reading and planning `text` through the library.
fn lib_error(text: &str, format: Format) -> String {
    let file = SiteFile::from_text("hostile.toml", text, format, ".");
    match file
        .scenario()
        .and_then(|s| plan(&s.site, &s.deployment).map_err(|e| file.locate(e)))
    {
        Ok(p) => panic!("accepted: {} racks\n{text:.2000}", p.primary_racks),
        Err(e) => e.to_string(),
    }
}

/// The plan of `text` (a TOML site named `name`), which must be accepted.
fn planned(name: &str, text: &str) -> dcplan::capacity::Plan {
    let s = SiteFile::from_text(name, text, Format::Toml, ".")
        .scenario()
        .unwrap();
    plan(&s.site, &s.deployment).unwrap()
}

/// Asserts the library refuses `text` with a message holding every one of `parts`.
fn refused(text: &str, parts: &[&str]) -> String {
    let e = lib_error(text, Format::Toml);
    for p in parts {
        assert!(e.contains(p), "missing {p:?} in {e:?}");
    }
    e
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dcplan-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs `dcplan ARGS`; asserts it fails with status 1 and one message, without a panic, and
/// returns the message with whitespace collapsed.
#[cfg(feature = "cli")]
fn cli_error(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace") && !stderr.is_empty(),
        "{stderr}"
    );
    assert!(
        stderr.len() < 4000,
        "one message, not a dump: {stderr:.4000}"
    );
    stderr.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes `bytes` to a scratch file and asserts `dcplan plan` refuses it with `parts`.
#[cfg(feature = "cli")]
fn cli_refuses(name: &str, bytes: &[u8], parts: &[&str]) {
    let path = scratch(name);
    std::fs::write(&path, bytes).unwrap();
    let e = cli_error(&["plan", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    for p in parts {
        assert!(e.contains(p), "missing {p:?} in {e:?}");
    }
}

#[cfg(not(feature = "cli"))]
fn cli_refuses(_: &str, _: &[u8], _: &[&str]) {}

#[test]
fn the_base_site_plans() {
    assert!(planned("hostile.toml", SITE).primary_racks > 0);
}

#[test]
fn non_finite_negative_and_absurd_quantities() {
    for (text, parts) in [
        (
            "\"NaN MW\"",
            &[
                "interconnect.capacity",
                "\"NaN MW\"",
                "a number, then a unit",
            ][..],
        ),
        ("\"inf MW\"", &["interconnect.capacity", "\"inf MW\""]),
        ("\"-20 MW\"", &["interconnect.capacity", "-20"]),
        ("\"1e300 W\"", &["interconnect.capacity", "1e300"]),
        ("\"1e400 W\"", &["interconnect.capacity", "\"1e400 W\""]),
        (
            "\"0 MW\"",
            &["interconnect.capacity", "\"0 MW\"", "a power above 0 MW"],
        ),
        ("nan", &["interconnect.capacity", "a power"]),
    ] {
        let site = edit("capacity = \"20 MW\"", &format!("capacity = {text}"));
        refused(&site, parts);
        cli_refuses("quantity.toml", site.as_bytes(), parts);
    }
    refused(
        &edit("it_capacity = \"12 MW\"", "it_capacity = \"-inf MW\""),
        &["electrical.reference.it_capacity"],
    );
    refused(
        &edit("dry_bulb = \"35 °C\"", "dry_bulb = \"1e-300 K\""),
        &["climate.design_hour"],
    );
    refused(
        &edit("dry_bulb = \"35 °C\"", "dry_bulb = \"1e300 °C\""),
        &["climate.design_hour"],
    );
}

#[test]
fn vanishing_temperature_differences_and_zero_flow_loops() {
    let liquid = "units = 4\n";
    for (extra, field) in [
        ("rise = \"1e-300 K\"", "cooling.liquid.rise"),
        ("rise = \"0 K\"", "cooling.liquid.rise"),
        ("rise = \"-5 K\"", "cooling.liquid.rise"),
        ("approach = \"-1 K\"", "cooling.liquid.approach"),
        (
            "terminal_approach = \"NaN K\"",
            "cooling.liquid.terminal_approach",
        ),
        ("supply = \"1e-300 K\"", "cooling.liquid.supply"),
        ("max_rack_heat = \"0 W\"", "cooling.liquid.max_rack_heat"),
        ("min_speed = \"150 %\"", "cooling.liquid.min_speed"),
    ] {
        let site = edit(liquid, &format!("{liquid}{extra}\n"));
        refused(&site, &[field]);
        cli_refuses("loop.toml", site.as_bytes(), &[field]);
    }
    // A loop that moves no heat: no capacity, or no units to carry it.
    refused(
        &edit("\ncapacity = \"12 MW\"", "\ncapacity = \"0 MW\""),
        &["cooling.liquid.capacity"],
    );
    refused(&edit("units = 4", "units = 0"), &["cooling.liquid.units"]);
    // A vanishing sink approach is an ideal heat exchanger, not an error: the plan is finite.
    let ideal = edit(liquid, &format!("{liquid}approach = \"1e-300 K\"\n"));
    let p = planned("ideal.toml", &ideal);
    assert!(p.operating_point.facility.value.is_finite() && p.primary_racks > 0);
}

#[test]
fn ratios_outside_their_meaning() {
    let lumped = "name = \"lumped\"\npue = PUE\n[interconnect]\ncapacity = \"20 MW\"\n[deployment]\nsystem = \"GB200 NVL72\"\n";
    for pue in ["0.9", "0", "-1.2", "1e300", "nan", "inf"] {
        let site = lumped.replace("PUE", pue);
        refused(&site, &["pue"]);
        cli_refuses("pue.toml", site.as_bytes(), &["pue"]);
    }
    let stage = "[[electrical.critical]]\nname = \"ups\"\nkind = \"ups\"\nunit_rating = \"4 MW\"\nunits = 4\nefficiency = EFF\n";
    for eff in ["1.2", "\"120 %\"", "0", "-0.5", "nan"] {
        let site = edit(
            "[electrical.reference]\nit_capacity = \"12 MW\"\n",
            &stage.replace("EFF", eff),
        );
        refused(&site, &["electrical.critical.0.efficiency"]);
        cli_refuses("efficiency.toml", site.as_bytes(), &["efficiency"]);
    }
    refused(
        &edit("units = 2\n", "units = 2\nmin_speed = 1.5\n"),
        &["cooling.air.min_speed"],
    );
}

#[test]
fn empty_and_gpu_less_deployments() {
    // No rack at all.
    refused(
        &edit("system = \"GB200 NVL72\"", ""),
        &[
            "deployment.it_power",
            "a catalog `system` or its own `it_power`",
        ],
    );
    refused(
        &edit("system = \"GB200 NVL72\"", "it_power = \"0 kW\""),
        &["deployment.it_power"],
    );
    refused(
        &edit("system = \"GB200 NVL72\"", "system = \"\""),
        &["deployment.system"],
    );
    // No deployment table.
    refused(
        &edit("[deployment]\nsystem = \"GB200 NVL72\"\n", ""),
        &["deployment", "nothing"],
    );
    // Racks without GPUs are a valid deployment: racks fit, no accelerators.
    let storage = edit(
        "system = \"GB200 NVL72\"",
        "name = \"storage\"\nit_power = \"15 kW\"",
    );
    let p = planned("storage.toml", &storage);
    assert!(p.primary_racks > 0 && p.accelerators == 0, "{p:?}");
    // A hall with no positions holds nothing: zero racks, not an error.
    let empty = edit("positions = 200", "positions = 0");
    assert_eq!(planned("empty.toml", &empty).primary_racks, 0);
}

#[test]
fn counts_at_integer_limits() {
    for (from, to, field) in [
        (
            "positions = 200",
            "positions = 4294967296",
            "halls.A.positions",
        ),
        ("positions = 200", "positions = -1", "halls.A.positions"),
        ("units = 4", "units = 4294967295", "cooling.liquid.units"),
        (
            "units = 4",
            "units = 18446744073709551616",
            "cooling.liquid.units",
        ),
        (
            "positions = 200",
            "positions = 200\ncount = 4294967295",
            "halls.A.count",
        ),
        (
            "positions = 200",
            "positions = 200\ncount = 0",
            "halls.A.count",
        ),
        (
            "system = \"GB200 NVL72\"",
            "system = \"GB200 NVL72\"\nsystems_per_rack = 4294967295",
            "deployment",
        ),
        (
            "system = \"GB200 NVL72\"",
            "name = \"x\"\nit_power = \"1 kW\"\naccelerators = 4294967296",
            "deployment.accelerators",
        ),
    ] {
        let site = edit(from, to);
        refused(&site, &[field]);
        cli_refuses("count.toml", site.as_bytes(), &[field]);
    }
    // The most positions a hall can have is accepted, and the plan stays in range.
    let site = edit("positions = 200", "positions = 4294967295");
    assert!(planned("big.toml", &site).primary_racks > 0);
    // A million tiny racks on a big interconnect: the counts stay exact.
    let site = edit(
        "system = \"GB200 NVL72\"",
        "name = \"tiny\"\nit_power = \"1 W\"\naccelerators = 4294967295",
    )
    .replace("positions = 200", "positions = 4294967295");
    let p = planned("tiny.toml", &site);
    assert_eq!(
        p.accelerators,
        u64::from(p.primary_racks) * u64::from(u32::MAX)
    );
}

#[test]
fn deeply_nested_documents_are_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    let toml = format!("{}x = {}{}", SITE, "[".repeat(depth), "]".repeat(depth));
    let e = lib_error(&toml, Format::Toml);
    assert!(e.contains("recurs"), "{e}");
    // serde_json stops at 128 levels; the schema refuses a nested value sooner.
    let json = format!("{{\"name\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let e = lib_error(&json, Format::Json);
    assert!(e.contains("found an array, expected a string"), "{e}");
    let file = SiteFile::from_text("deep.json", &json, Format::Json, ".");
    let e = file.document().unwrap_err().to_string();
    assert!(e.contains("recursion limit"), "{e}");
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let file = SiteFile::from_text("deep.json", &objects, Format::Json, ".");
    let e = file.document().unwrap_err().to_string();
    assert!(e.contains("recursion limit"), "{e}");
    let tables = format!("{SITE}[{}]\n", vec!["a"; depth].join("."));
    let e = lib_error(&tables, Format::Toml);
    assert!(e.contains("recursion limit"), "{e}");
    cli_refuses("deep.toml", toml.as_bytes(), &["deep.toml:", "recurs"]);
    #[cfg(feature = "cli")]
    {
        let path = scratch("deep.json");
        std::fs::write(&path, &json).unwrap();
        let e = cli_error(&["plan", path.to_str().unwrap()]);
        assert!(e.contains("deep.json:1:"), "{e}");
        let e = cli_error(&["sweep", path.to_str().unwrap(), "--vary", "name=a,b"]);
        assert!(e.contains("recursion limit"), "{e}");
    }
}

#[test]
fn huge_files_are_refused_before_they_are_parsed() {
    // 50 MB of comments and of one long string: refused by size, through both paths.
    let mut huge = SITE.to_owned();
    while huge.len() < 50_000_000 {
        huge.push_str("# a comment line of a file that never ends ....................\n");
    }
    for format in [Format::Toml, Format::Json] {
        let e = lib_error(&huge, format);
        assert!(e.contains("at most 1024 KiB"), "{e}");
    }
    cli_refuses(
        "huge.toml",
        huge.as_bytes(),
        &["huge.toml:1:1", "at most 1024 KiB"],
    );
    // Just under the limit is read (and a long string value is an error about the value).
    let long = edit(
        "name = \"hostile\"",
        &format!(
            "name = \"{}\"",
            "x".repeat(MAX_SITE_FILE_BYTES - SITE.len() - 100)
        ),
    );
    assert!(long.len() < MAX_SITE_FILE_BYTES);
    let file = SiteFile::from_text("long.toml", &long, Format::Toml, ".");
    assert!(file.scenario().is_ok());
    // Many small entries (a big JSON array) are refused as a wrong type, quickly.
    let many = format!(
        "{{\"name\": [{}1]}}",
        "1,".repeat((MAX_SITE_FILE_BYTES - 100) / 2)
    );
    let e = lib_error(&many, Format::Json);
    assert!(e.contains("expected a string"), "{e}");
}

#[test]
fn non_utf8_bytes_and_byte_order_marks() {
    let mut bytes = SITE.as_bytes().to_vec();
    let at = SITE.find("20 MW").unwrap();
    bytes[at] = 0xff;
    #[cfg(feature = "cli")]
    cli_refuses(
        "latin1.toml",
        &bytes,
        &["latin1.toml:3:13", "0xff", "UTF-8"],
    );
    let path = scratch("latin1-lib.toml");
    std::fs::write(&path, &bytes).unwrap();
    let e = SiteFile::read(&path).unwrap_err().to_string();
    assert!(e.contains(":3:13:") && e.contains("0xff"), "{e}");
    // A byte-order mark is not an error, and errors keep their columns.
    let bom = format!("\u{feff}{SITE}");
    let file = SiteFile::from_text("bom.toml", &bom, Format::Toml, ".");
    assert!(file.scenario().is_ok());
    let json = "\u{feff}{\"name\": 5}";
    let e = lib_error(json, Format::Json);
    assert!(e.contains("name"), "{e}");
    let path = scratch("bom.toml");
    std::fs::write(&path, bom.replace("\"20 MW\"", "20")).unwrap();
    let e = SiteFile::read(&path)
        .unwrap()
        .scenario()
        .unwrap_err()
        .to_string();
    assert!(e.contains(":3:12: interconnect.capacity"), "{e}");
    // CRLF line endings read like LF.
    let crlf = SITE.replace('\n', "\r\n");
    let file = SiteFile::from_text("crlf.toml", &crlf, Format::Toml, ".");
    assert!(file.scenario().is_ok());
}

/// The Dulles TMY3 file's text.
fn dulles() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw");
    std::fs::read_to_string(path).unwrap()
}

/// Asserts the EPW reader and `dcplan simulate --weather` refuse `bytes` with `parts`.
fn weather_refused(name: &str, bytes: &[u8], parts: &[&str]) {
    let e = Climate::from_epw(bytes, name).unwrap_err().to_string();
    for p in parts {
        assert!(e.contains(p), "missing {p:?} in {e:?}");
    }
    #[cfg(feature = "cli")]
    {
        let path = scratch(name);
        std::fs::write(&path, bytes).unwrap();
        let e = cli_error(&["simulate", "--example", "--weather", path.to_str().unwrap()]);
        std::fs::remove_file(&path).ok();
        for p in parts {
            assert!(e.contains(p), "missing {p:?} in {e:?}");
        }
    }
}

#[test]
fn hostile_weather_files() {
    let text = dulles();
    let lines: Vec<&str> = text.lines().collect();
    // Truncated in the middle of an hourly record.
    let cut = text.find(lines[4000]).unwrap() + 20;
    weather_refused(
        "cut.epw",
        &text.as_bytes()[..cut],
        &["cut.epw, line 4001", "35 comma-separated fields"],
    );
    // A ragged record: one field short.
    let ragged = text.replacen(lines[100], lines[100].rsplit_once(',').unwrap().0, 1);
    weather_refused(
        "ragged.epw",
        ragged.as_bytes(),
        &["ragged.epw, line 101", "found 34"],
    );
    // A duplicated hour.
    let mut dup: Vec<&str> = lines.clone();
    dup.insert(500, lines[499]);
    weather_refused(
        "dup.epw",
        dup.join("\n").as_bytes(),
        &["dup.epw, line 501", "without duplicates"],
    );
    // A year and a day.
    let mut long: Vec<&str> = lines.clone();
    long.extend(&lines[8..32]);
    weather_refused(
        "long.epw",
        long.join("\n").as_bytes(),
        &["long.epw, line 8769"],
    );
    // No line breaks at all: refused at the first 64 KiB, not read whole.
    let endless = vec![b'9'; 10_000_000];
    weather_refused(
        "endless.epw",
        &endless,
        &["endless.epw, line 1", "longer than 64 KiB"],
    );
    // Not UTF-8.
    let mut latin1 = text.clone().into_bytes();
    let at = text.find(lines[2000]).unwrap() + 3;
    latin1[at] = 0xe9;
    weather_refused("latin1.epw", &latin1, &["latin1.epw, line 2001", "UTF-8"]);
    // Empty.
    weather_refused("empty.epw", b"", &["empty.epw, line 1", "empty file"]);
}

#[test]
fn crlf_and_byte_order_marks_in_weather_files_read_the_same() {
    let text = dulles();
    let lf = Climate::from_epw(text.as_bytes(), "lf.epw").unwrap();
    let crlf = text.replace('\n', "\r\n");
    let bom = format!("\u{feff}{crlf}");
    for variant in [crlf, bom] {
        let c = Climate::from_epw(variant.as_bytes(), "variant.epw").unwrap();
        assert_eq!(c.hours(), lf.hours());
        assert_eq!(c.name(), lf.name());
    }
}

/// The business case of `SITE` with a `[finance]` section of `fields`: the evaluation or the
/// located error.
fn business_case(fields: &str) -> Result<dcplan::economics::Evaluation, String> {
    let text = format!("{SITE}[finance]\nmodel = \"gpu_rental\"\nstart = 2026-01-01\n{fields}\n");
    let file = SiteFile::from_text("finance.toml", &text, Format::Toml, ".");
    let s = file.scenario().map_err(|e| e.to_string())?;
    let p = plan(&s.site, &s.deployment).map_err(|e| e.to_string())?;
    let spec = s.finance.as_ref().unwrap();
    spec.figures(&s.site, &p, &s.deployment, None)
        .and_then(|f| spec.project(s.site.name(), f))
        .and_then(|p| p.appraise())
        .map_err(|e| file.locate(e).to_string())
}

#[test]
fn absurd_business_cases_are_refused_or_finite() {
    for (fields, field) in [
        ("phases = 4294967295", "finance.phases"),
        ("phases = 0", "finance.phases"),
        ("horizon_years = 4294967295", "finance.horizon_years"),
        ("term_years = 4294967295", "finance.term_years"),
        ("price = \"NaN USD/GPU-h\"", "finance.price"),
        ("price = \"-2 USD/GPU-h\"", "finance.price"),
        ("build_cost = \"1e300 USD/MW\"", "finance.build_cost"),
        ("build_cost = \"-1 USD/MW\"", "finance.build_cost"),
        ("gpu_price = \"1e300 USD\"", "finance.gpu_price"),
        ("energy_price = \"1e300 USD/MWh\"", "finance.energy_price"),
        ("equipment_life = \"1e300 years\"", "finance.equipment_life"),
        ("equipment_life = \"0 s\"", "finance.equipment_life"),
        ("construction = \"1e300 years\"", "finance.construction"),
        ("interest = \"1e300\"", "finance.interest"),
        ("discount_rate = \"-100 %\"", "finance.discount_rate"),
        ("utilisation = \"1e-300 %\"", "finance.utilisation"),
        ("gpu_price = \"1e307 USD\"", "finance.gpu_price"),
        ("energy_price = \"1e308 USD/MWh\"", "finance.energy_price"),
        ("build_cost = \"1e308 USD/MW\"", "finance.build_cost"),
        ("price = \"1e308 USD/GPU-h\"", "finance.price"),
        ("water_price = \"1e308 USD/m3\"", "finance.water_price"),
    ] {
        match business_case(fields) {
            Err(e) => assert!(e.contains(field), "{fields}: {e}"),
            Ok(e) => {
                let money = [e.capex, e.npv, e.equity_npv];
                assert!(money.iter().all(|m| m.get().is_finite()), "{fields}: {e:?}");
                assert!(
                    e.irr.map(f64::from).is_none_or(f64::is_finite),
                    "{fields}: {e:?}"
                );
            }
        }
    }
}

/// EnergyPlus's one-zone CRAC example with an explicit design hour instead of its EPW.
fn crac_site(from: &str, to: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/sites/energyplus/1ZoneDataCenterCRAC_wApproachTemp.toml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} is not in the CRAC example");
    text.replacen(from, to, 1).replace(
        "epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"\ndesign = \"annual_max\"",
        "design_hour = { dry_bulb = \"35 °C\", wet_bulb = \"24 °C\" }",
    )
}

#[test]
fn design_hours_beyond_what_the_psychrometric_equations_hold() {
    // 150 °C at 870 m is above the boiling point (97.08 °C): it reported a design wet-bulb of
    // 150 °C and exited 0.
    let boiling = edit(
        "dry_bulb = \"35 °C\"\nwet_bulb = \"24 °C\"\n",
        "dry_bulb = \"150 °C\"\nwet_bulb = \"70 °C\"\nelevation = \"870 m\"\n",
    );
    refused(
        &boiling,
        &[
            "climate.design_hour.dry_bulb",
            "150 °C",
            "boiling point",
            "97.08 °C",
        ],
    );
    cli_refuses(
        "boiling.toml",
        boiling.as_bytes(),
        &["climate.design_hour.dry_bulb", "97.08 °C"],
    );
    // A pressure of 1 kPa blamed the wet-bulb.
    let thin = edit(
        "wet_bulb = \"24 °C\"\n",
        "wet_bulb = \"24 °C\"\npressure = \"1 kPa\"\n",
    );
    refused(&thin, &["climate.design_hour.pressure", "\"1 kPa\""]);
    cli_refuses(
        "thin.toml",
        thin.as_bytes(),
        &[":21:12: climate.design_hour.pressure"],
    );
    // A wet-bulb above the dry-bulb is the wet-bulb's fault.
    let wet = edit("wet_bulb = \"24 °C\"", "wet_bulb = \"36 °C\"");
    refused(
        &wet,
        &["climate.design_hour.wet_bulb", "above the dry-bulb"],
    );
}

#[test]
fn performance_curves_are_checked_over_their_whole_domain() {
    for (from, to, parts) in [
        // Negative beyond 0.41 flow fraction: 2,966 hours of negative fan power, exit 0.
        (
            "polynomial = [0.06990146, 1.39500612, -3.35487336, 2.89232315, 0.0]",
            "polynomial = [0.0699, 1.395, -5.0, 2.892, 0.0]",
            &[
                "crac.CRAC.fan.power_curve",
                "reaches -0.643",
                "x = 0.99023",
                "between 0 and 100",
            ][..],
        ),
        // A table value of 1e308: "pue: NaN is not a PUE" in simulate, exit 0 in plan.
        (
            "[1.0, 1.0, 1.0, 1.0, 1.0, 1.0385, 1.0142, 0.9264]",
            "[1.0, 1.0, 1.0, 1.0, 1.0, 1e308, 1.0142, 0.9264]",
            &[
                "crac.CRAC.coil.capacity_vs_temperature",
                "reaches 1e308",
                "(x, y) = (21, 35)",
            ],
        ),
        // An EIR curve negative over part of its range: "pue: 0.948 is not a PUE".
        (
            "eir_vs_flow = { polynomial = [1.156, -0.1816, 0.0256], x = [0.5, 1.5] }",
            "eir_vs_flow = { polynomial = [1.156, -1.5, 0.0256], x = [0.5, 1.5] }",
            &["crac.CRAC.coil.eir_vs_flow", "x = 1.5"],
        ),
        (
            "part_load = { polynomial = [0.85, 0.15, 0.0], x = [0.0, 1.0] }",
            "part_load = { polynomial = [0.85, -0.9, 0.0], x = [0.0, 1.0] }",
            &["crac.CRAC.coil.part_load", "a part-load fraction above 0"],
        ),
        // The servers' curves too (their negative values count as 0: only the top is bound).
        (
            "fan_power = { polynomial = [0.0, 1.0, 0.0], x = [0.0, 99.0] }",
            "fan_power = { polynomial = [0.0, 1.0, 1e300], x = [0.0, 99.0] }",
            &[
                "deployment.inlet_response.fan_power",
                "reaches 9.801e303 at x = 99",
                "at most 100",
            ],
        ),
    ] {
        let text = crac_site(from, to);
        refused(&text, parts);
        cli_refuses("curve.toml", text.as_bytes(), parts);
    }
    // Output limits count: the CPU curve is negative below 15 °C but limited to 0 … 99.
    assert!(planned("crac.toml", &crac_site("", "")).primary_racks > 0);
}

#[test]
fn dx_coil_ratings_that_leave_no_air_state_are_refused_at_the_coil() {
    // 900 kW through 8.5 m³/s ended in "room air.enthalpy: -60.9 kJ/kg", unlocated.
    for (from, to) in [
        (
            "rated_capacity = \"148300 W\"",
            "rated_capacity = \"900 kW\"",
        ),
        (
            "rated_air_flow = \"8.5 m³/s\"",
            "rated_air_flow = \"0.5 m³/s\"",
        ),
    ] {
        let text = crac_site(from, to);
        let parts = [
            "crac.CRAC.coil.rated_capacity",
            "at most",
            "rated_air_flow",
            "apparatus dew point below 0 °C",
        ];
        refused(&text, &parts);
        cli_refuses("coil.toml", text.as_bytes(), &parts);
    }
    // Up to the frost limit (~451 kW at 8.5 m³/s) the coil is accepted.
    let big = crac_site(
        "rated_capacity = \"148300 W\"",
        "rated_capacity = \"440 kW\"",
    );
    assert!(planned("big.toml", &big).primary_racks > 0);
    // A room humidity the room air cannot hold, and a thermostat no room has.
    refused(
        &crac_site("room_humidity = \"sealed\"", "room_humidity = 0.045"),
        &["crac.CRAC.room_humidity", "0.045"],
    );
    refused(
        &crac_site("thermostat = \"29.3 °C\"", "thermostat = \"150 °C\""),
        &["crac.CRAC.thermostat", "150"],
    );
}

#[test]
fn phases_agree_with_the_documented_bound_and_name_the_field() {
    // 202 phases were refused with a message that dumped the whole [finance] table and said
    // "between 0 and 100 years"; the docs said up to 1,000.
    for phases in [101, 202, 1_000] {
        let e = business_case(&format!("phases = {phases}")).unwrap_err();
        assert!(
            e.contains(&format!(
                "finance.phases: found {phases}, expected a number of phases between 1 and 100"
            )),
            "{e}"
        );
        assert!(!e.contains("model =") && e.len() < 300, "{e}");
    }
    let e = business_case("phases = 100").unwrap();
    assert!(e.npv.get().is_finite());
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/site-format.md"))
            .unwrap();
    let max = dcplan::sitefile::finance::MAX_PHASES;
    assert!(
        docs.contains(&format!("| `phases` | count 1 … {max} |")),
        "docs/site-format.md"
    );
}

/// Runs `dcplan sweep` on `SITE` with `varies`; its standard output.
#[cfg(feature = "cli")]
fn sweep_csv(varies: &[&str]) -> String {
    let path = scratch("sweep.toml");
    std::fs::write(&path, SITE).unwrap();
    let mut args = vec!["sweep", path.to_str().unwrap(), "--format", "csv"];
    for v in varies {
        args.extend(["--vary", v]);
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(feature = "cli")]
#[test]
fn sweep_values_stay_finite_distinct_and_once_per_field() {
    // Rounded to 1e-9, these were four "0 MW" scenarios; 1e308..-1e308 put NaN in scenario 0.
    let csv = sweep_csv(&["house_load=1e-10 MW..4e-10 MW:4"]);
    let column: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(column, ["1e-10 MW", "2e-10 MW", "3e-10 MW", "4e-10 MW"]);
    let path = scratch("sweep-pue.toml");
    std::fs::write(&path, "name = \"p\"\npue = 1.2\n[interconnect]\ncapacity = \"100 MW\"\n[deployment]\nsystem = \"GB200 NVL72\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args([
            "sweep",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--vary",
            "house_load=1e300 W..-1e300 W:3",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let values: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(values, ["1e300 W", "0 W", "-1e300 W"], "{csv}");
    // A field varied twice is refused before anything runs.
    let e = cli_error(&[
        "sweep",
        path.to_str().unwrap(),
        "--vary",
        "pue=1.1,1.2",
        "--vary",
        "pue=1.3,1.4",
    ]);
    assert!(e.contains("pue is varied twice"), "{e}");
    // Linked fields: one axis, a column each.
    let csv = sweep_csv(&["interconnect.capacity,electrical.reference.it_capacity=10 MW..20 MW:2"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("scenario,interconnect.capacity,electrical.reference.it_capacity,"),
        "{csv}"
    );
    assert!(lines.next().unwrap().starts_with("0,10 MW,10 MW,"), "{csv}");
    assert!(lines.next().unwrap().starts_with("1,20 MW,20 MW,"), "{csv}");
    assert!(lines.next().is_none());
}

#[test]
fn milliwatts_are_refused_and_both_micro_signs_read() {
    // "100 mW" was 0.1 W while the documented "100 mw" is 100 MW: 10⁹ on a letter's case.
    let milli = edit("capacity = \"20 MW\"", "capacity = \"20 mW\"");
    refused(
        &milli,
        &["interconnect.capacity", "\"20 mW\"", "did you mean MW?"],
    );
    cli_refuses(
        "milli.toml",
        milli.as_bytes(),
        &[":3:12: interconnect.capacity", "did you mean MW?"],
    );
    let mva = edit("capacity = \"20 MW\"", "capacity = \"20 mVA\"");
    refused(&mva, &["interconnect.capacity", "did you mean MVA?"]);
    assert_eq!(
        planned(
            "mw.toml",
            &edit("capacity = \"20 MW\"", "capacity = \"20 mw\"")
        )
        .primary_racks,
        planned("MW.toml", SITE).primary_racks
    );
    // µ (U+00B5) was read and μ (U+03BC) refused; both read alike now.
    for micro in ['\u{b5}', '\u{3bc}'] {
        let house = edit(
            "[interconnect]",
            &format!("house_load = \"5 {micro}W\"\n[interconnect]"),
        );
        assert!(planned("micro.toml", &house).primary_racks > 0, "{micro}");
    }
}

/// A site of `loops` air loops and `support` support-rack types in 10,000 halls, with a
/// built-in climate, padded with a comment to `pad_to` bytes.
fn big_site(loops: usize, support: usize, pad_to: usize) -> String {
    let mut text = String::from(
        "name = \"big\"\n[interconnect]\ncapacity = \"1000 MW\"\n[halls.H]\ncount = 10000\n\
         positions = 200\n[deployment]\nit_power = \"20 kW\"\n[climate]\nbuiltin = \"chicago\"\n",
    );
    for n in 0..loops {
        text += &format!(
            "[cooling.l{n}]\ntechnology=\"air_economiser\"\ncapacity=\"20 MW\"\nunits=4\n"
        );
    }
    for n in 0..support {
        text += &format!(
            "[[deployment.support]]\nit_power=\"1kW\"\nper_primary={}\n",
            n + 1
        );
    }
    if text.len() < pad_to {
        text += &"#".repeat(pad_to - text.len() - 1);
        text.push('\n');
    }
    text
}

#[test]
fn model_size_is_bounded_by_what_planning_needs() {
    use dcplan::sitefile::{MAX_LOOPS, MAX_RACK_TYPES};
    // 1 MiB of 12,288 loops took 4.3 GB in `simulate`; 14,479 support-rack types × 10,000
    // halls 1.7 GB in `plan`. Both are refused where the bound is crossed.
    let loops = big_site(12_288, 0, MAX_SITE_FILE_BYTES);
    assert_eq!(loops.len(), MAX_SITE_FILE_BYTES);
    refused(
        &loops,
        &["cooling.l64", "at most 64 cooling loops", "loop 65"],
    );
    let racks = big_site(1, 14_479, MAX_SITE_FILE_BYTES);
    refused(
        &racks,
        &[
            "deployment.support.63",
            "at most 64 rack types",
            "found 14479",
        ],
    );
    // The largest accepted model plans.
    let largest = big_site(MAX_LOOPS, MAX_RACK_TYPES - 1, 0);
    let p = planned("largest.toml", &largest);
    assert!(p.primary_racks > 0);
    // … and simulates within 1 GiB of address space (the CLI keeps no hourly series for JSON).
    #[cfg(all(feature = "cli", unix))]
    for format in ["json", "csv"] {
        let path = scratch(&format!("largest-{format}.toml"));
        std::fs::write(&path, &largest).unwrap();
        let out = std::process::Command::new("sh")
            .args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_dcplan"))
            .args(["simulate", path.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_file(&path).ok();
    }
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/site-format.md"))
            .unwrap();
    assert!(docs.contains("| cooling loops (`[cooling.*]` and `[crac.*]`) | 64 |"));
    assert!(docs.contains("| rack types (the primary and `[[deployment.support]]`) | 64 |"));
}

/// Asserts a located message reads as a site file's author would: no Rust type names, no
/// field named twice in a row (`pue: pue: …`).
fn plainly_worded(e: &str) {
    for rust in [
        "u32",
        "u64",
        "i64",
        "f64",
        "usize",
        "struct ",
        "sequence",
        "map,",
        "untagged",
        "$__toml",
        "floating point",
        "integer `",
        "boolean `",
        "string \"",
    ] {
        assert!(!e.contains(rust), "{rust:?} in {e:?}");
    }
    let parts: Vec<&str> = e.split(": ").collect();
    for pair in parts.windows(2) {
        let last = pair[0].rsplit(['.', ' ']).next().unwrap_or_default();
        assert_ne!(last, pair[1], "a field named twice in {e:?}");
    }
}

#[test]
fn mutated_values_get_one_plainly_worded_message() {
    let whole = "a whole number from 0 to 4,294,967,295";
    for (from, to, parts) in [
        // Rust type names where a count is expected.
        (
            "units = 4",
            "units = 1.5",
            &["cooling.liquid.units", "found 1.5", whole][..],
        ),
        (
            "units = 4",
            "units = -1",
            &["cooling.liquid.units", "found -1", whole],
        ),
        (
            "units = 4",
            "units = \"4\"",
            &["cooling.liquid.units", "found \"4\"", whole],
        ),
        (
            "units = 4",
            "units = true",
            &["cooling.liquid.units", "found true", whole],
        ),
        (
            "units = 4",
            "units = []",
            &["cooling.liquid.units", "found []", whole],
        ),
        (
            "units = 4",
            "units = 1e300",
            &["cooling.liquid.units", "found 1e300", whole],
        ),
        (
            "positions = 200",
            "positions = {}",
            &["halls.A.positions", "found {}", whole],
        ),
        (
            "positions = 200",
            "positions = 9999999999",
            &["halls.A.positions", whole],
        ),
        // A long number is quoted as written, not expanded to 300 digits.
        (
            "capacity = \"20 MW\"",
            "capacity = 1e300",
            &["interconnect.capacity", "found 1e300 (a bare number)"],
        ),
        (
            "capacity = \"20 MW\"",
            "capacity = [1, 2]",
            &["interconnect.capacity", "found [1, 2]"],
        ),
        (
            "technology = \"air_economiser\"",
            "technology = 0",
            &[
                "cooling.air.technology",
                "one of the names this field takes",
            ],
        ),
        // A field named twice: a dcplan error inside a deserialiser.
        (
            "[electrical.reference]\nit_capacity = \"12 MW\"\n",
            "[electrical.reference]\nit_capacity = \"12 MW\"\nups = \"N+x\"\n",
            &["electrical.reference.ups: found \"N+x\", expected a redundancy rule"],
        ),
        // Ranges in the unit written, naming the bound passed.
        (
            "capacity = \"20 MW\"",
            "capacity = \"-20000 kW\"",
            &["found \"-20000 kW\", expected a power above 0 kW"],
        ),
        (
            "\ncapacity = \"12 MW\"",
            "\ncapacity = \"2e6 MW\"",
            &["cooling.liquid.capacity", "at most 1 TW"],
        ),
        (
            "positions = 200",
            "positions = 200\npower_limit = \"-1 kW\"",
            &["halls.A.power_limit", "a power above 0 kW"],
        ),
        // The bulb at fault, not the other one.
        (
            "dry_bulb = \"35 °C\"",
            "dry_bulb = \"300 °C\"",
            &["climate.design_hour.dry_bulb: found \"300 °C\", expected at most"],
        ),
        (
            "dry_bulb = \"35 °C\"",
            "dry_bulb = \"0 K\"",
            &["climate.design_hour.dry_bulb: found \"0 K\", expected at least -100 °C"],
        ),
        (
            "wet_bulb = \"24 °C\"",
            "wet_bulb = \"40 °C\"",
            &[":20:12: climate.design_hour.wet_bulb: wet-bulb 40 °C is above the dry-bulb"],
        ),
    ] {
        let site = edit(from, to);
        let e = refused(&site, parts);
        plainly_worded(&e);
        cli_refuses("mutated.toml", site.as_bytes(), parts);
    }
    let lumped = "name = \"lumped\"\npue = 0.9\n[interconnect]\ncapacity = \"20 MW\"\n[deployment]\nsystem = \"GB200 NVL72\"\n";
    let e = refused(
        lumped,
        &["hostile.toml:2:7: pue: found 0.9, expected a PUE between 1 and 100"],
    );
    plainly_worded(&e);
    // A date where a curve (a table) belongs.
    let crac = crac_example().replace(
        "fan_power = { polynomial = [0.0, 1.0, 0.0], x = [0.0, 99.0] }",
        "fan_power = 2026-01-01",
    );
    let e = refused(
        &crac,
        &["deployment.inlet_response.fan_power: found a date, expected a table"],
    );
    plainly_worded(&e);
    let crac = crac_example().replace(
        "utilisation = [1.0, 0.5, 0.75, 1.0, 0.25, 0.5, 0.1, 1.0, 0.25, 0.5, 0.75, 1.0]",
        "utilisation = \"x\"",
    );
    plainly_worded(&refused(&crac, &["deployment.inlet_response.utilisation"]));
    let crac = crac_example().replace("x = [0.0, 1.5]", "x = []");
    plainly_worded(&refused(
        &crac,
        &["cpu_power.x: found [], expected an array of length 2"],
    ));
}

/// EnergyPlus's one-zone CRAC example with an explicit design hour instead of its weather file.
fn crac_example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/sites/energyplus/1ZoneDataCenterCRAC_wApproachTemp.toml");
    std::fs::read_to_string(path).unwrap().replace(
        "epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"\ndesign = \"annual_max\"",
        "design_hour = { dry_bulb = \"35 °C\", wet_bulb = \"24 °C\" }",
    )
}

#[test]
fn cross_field_errors_are_located_at_the_field_that_decides() {
    let at = |text: &str, needle: &str| {
        let line = text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        format!("hostile.toml:{line}:")
    };
    // No air loop for the GB200's air share: the deployment's system decides.
    let site = edit(
        "[cooling.air]\ntechnology = \"air_economiser\"\ncapacity = \"3 MW\"\nunits = 2\n",
        "",
    );
    let e = refused(
        &site,
        &[
            &at(&site, "system ="),
            "deployment.system:",
            "no air cooling loop",
        ],
    );
    plainly_worded(&e);
    cli_refuses(
        "noair.toml",
        site.as_bytes(),
        &["deployment.system:", "no air cooling loop"],
    );
    // The loop's per-rack limit.
    let site = edit("units = 2\n", "units = 2\nmax_rack_heat = \"5 kW\"\n");
    refused(
        &site,
        &[
            &at(&site, "max_rack_heat"),
            "cooling.air.max_rack_heat:",
            "18.0 kW per rack goes to air",
        ],
    );
    // The loop's supply against the rack's class (W32).
    let site = edit("units = 4\n", "units = 4\nsupply = \"45 °C\"\n");
    refused(
        &site,
        &[&at(&site, "supply ="), "cooling.liquid.supply:", "W32"],
    );
    // A support rack whose heat no loop takes (air racks on a site without a liquid loop):
    // its own heat split decides.
    let site = SITE
        .replacen(
            "[cooling.liquid]\ntechnology = \"direct_to_chip_dry_cooler\"\ncapacity = \"12 MW\"\nunits = 4\n",
            "",
            1,
        )
        .replacen(
            "system = \"GB200 NVL72\"\n",
            "name = \"cpu\"\nit_power = \"10 kW\"\n[[deployment.support]]\nname = \"tank\"\nit_power = \"20 kW\"\nliquid_fraction = \"100 %\"\nwater_class = \"W32\"\nper_primary = 8\n",
            1,
        );
    refused(
        &site,
        &[
            &at(&site, "liquid_fraction"),
            "deployment.support.0.liquid_fraction:",
            "no liquid cooling loop",
        ],
    );
    // CRAC return air from the servers' flow needs racks that give one.
    let crac = crac_example();
    let start = crac.find("[deployment.inlet_response]").unwrap();
    let end = crac.find("[climate]").unwrap();
    let without = format!("{}{}", &crac[..start], &crac[end..]);
    refused(
        &without,
        &[
            &at(&without, "[deployment]"),
            "deployment.inlet_response:",
            "no inlet response",
        ],
    );
}

#[test]
fn nothing_fits_is_a_plan_of_zero_racks_not_an_error() {
    use dcplan::report::PlanReport;
    for (from, to) in [
        ("capacity = \"20 MW\"", "capacity = \"100 kW\""),
        ("positions = 200", "positions = 0"),
        (
            "name = \"hostile\"",
            "name = \"hostile\"\nhouse_load = \"30 MW\"",
        ),
    ] {
        let text = edit(from, to);
        let s = SiteFile::from_text("zero.toml", &text, Format::Toml, ".")
            .scenario()
            .unwrap();
        let p = plan(&s.site, &s.deployment).unwrap();
        assert_eq!(p.primary_racks, 0, "{to}");
        let r = PlanReport::new(&s.site, &s.deployment, &p).unwrap();
        assert_eq!(r.pue, None, "{to}");
        assert!(r.binding.overshoot_at_next_rack > 0.0, "{to}");
        #[cfg(feature = "cli")]
        {
            let path = scratch("zero.toml");
            std::fs::write(&path, &text).unwrap();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
                .args(["plan", path.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("Fits 0 racks"));
        }
    }
}

#[test]
fn a_start_past_the_calendar_is_refused_at_the_start() {
    for start in ["9999-12-31", "9995-01-01"] {
        let text = format!(
            "{SITE}[finance]\nmodel = \"gpu_rental\"\nstart = {start}\ngrid = \"new_connection\"\n"
        );
        let file = SiteFile::from_text("late.toml", &text, Format::Toml, ".");
        let s = file.scenario().unwrap();
        let p = plan(&s.site, &s.deployment).unwrap();
        let spec = s.finance.as_ref().unwrap();
        let e = spec
            .figures(&s.site, &p, &s.deployment, None)
            .and_then(|f| spec.project(s.site.name(), f))
            .map_err(|e| file.locate(e).to_string())
            .unwrap_err();
        let line = text.lines().position(|l| l.starts_with("start")).unwrap() + 1;
        assert!(
            e.starts_with(&format!(
                "late.toml:{line}:9: finance.start: the schedule from {start} runs past 9999-12-31"
            )),
            "{e}"
        );
    }
}
