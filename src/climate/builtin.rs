//! Climates compiled into the crate, so that examples and the command line need no files.
//!
//! Each is a typical meteorological year (NREL TMY3, period of record 1973–2005, US public
//! data, as distributed with EnergyPlus) reduced by `scripts/compact_epw.py` to the columns
//! dcplan reads — hourly dry-bulb, dew point and station pressure — in `data/climates/`.
//!
//! | name | air data | water |
//! |---|---|---|
//! | `northern-virginia` | Washington Dulles Intl, VA | — |
//! | `phoenix` | Phoenix Sky Harbor Intl, AZ | — |
//! | `chicago` | Chicago O'Hare Intl, IL | — |
//! | `miami` | Miami Intl, FL | — |
//! | `san-francisco` | San Francisco Intl, CA | — |
//! | `shanghai-coast` | **proxy**: Tampa Intl, FL | [`WaterProfile::shanghai_lingang`] |
//! | `batam` | **proxy**: Miami Intl, FL | [`WaterProfile::singapore_strait`] |
//!
//! The two coastal sites for seawater cooling lie outside the US TMY3 set, so their **air
//! data are a US proxy**, and their location is the proxy station's:
//!
//! * `shanghai-coast`: Shanghai is humid subtropical (Köppen Cfa) with hot, very humid summers.
//!   Tampa (Gulf coast, also Cfa) matches the summer that sets cooling design — July/August mean
//!   dry-bulb 27.9/27.3 °C against ≈ 28.4/28.2 °C in Shanghai (CMA 1971–2000 normals), July
//!   dew point 23 °C, ASHRAE 0.4 % wet-bulb 26.9 °C — but its winter is about 10 K milder
//!   (January 15.0 °C against ≈ 4.6 °C), so air-side free cooling comes out pessimistic.
//!   Oklahoma City would match Shanghai's temperatures month by month, but its summers are far
//!   drier (0.4 % wet-bulb 25.4 °C) and would make a design optimistic.
//! * `batam`: Miami (tropical monsoon, Am) for Batam / Singapore (tropical rainforest, Af):
//!   similar summers, winters 6–7 K cooler (January 19.4 °C against Singapore's long-term
//!   26.5 °C, Meteorological Service Singapore).
//!
//! For real siting work read the site's own EPW with [`Climate::from_epw_file`].
//!
//! # References
//!
//! - S. Wilcox & W. Marion, *Users Manual for TMY3 Data Sets*, NREL/TP-581-43156 (2008): the
//!   TMY3 data set, station and period of record.
//! - The EPW files as distributed with EnergyPlus (pyenergyplus-lbnl 26.1.0 wheel), reduced by
//!   `scripts/compact_epw.py` (dry-bulb and dew point in 0.1 °C, station pressure in 10 Pa:
//!   exact for TMY3).
//! - Shanghai and Singapore climate figures: China Meteorological Administration 1971–2000
//!   normals; Meteorological Service Singapore long-term means (`docs/models.md`, "Built-in
//!   climates").

use super::{Ambient, Climate, Location, WaterProfile};
use crate::error::{Error, Result};
use crate::units::*;

/// A built-in climate: its name, how to label it, its compact data and its water body.
struct Builtin {
    name: &'static str,
    label: &'static str,
    proxy: bool,
    data: &'static str,
    water: Option<fn() -> WaterProfile>,
}

const DULLES: &str =
    include_str!("../../data/climates/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.txt");
const PHOENIX: &str =
    include_str!("../../data/climates/USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.txt");
const CHICAGO: &str =
    include_str!("../../data/climates/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.txt");
const MIAMI: &str = include_str!("../../data/climates/USA_FL_Miami.Intl.AP.722020_TMY3.txt");
const SAN_FRANCISCO: &str =
    include_str!("../../data/climates/USA_CA_San.Francisco.Intl.AP.724940_TMY3.txt");
const TAMPA: &str = include_str!("../../data/climates/USA_FL_Tampa.Intl.AP.722110_TMY3.txt");

const BUILTINS: [Builtin; 7] = [
    Builtin {
        name: "northern-virginia",
        label: "Northern Virginia",
        proxy: false,
        data: DULLES,
        water: None,
    },
    Builtin {
        name: "phoenix",
        label: "Phoenix",
        proxy: false,
        data: PHOENIX,
        water: None,
    },
    Builtin {
        name: "chicago",
        label: "Chicago",
        proxy: false,
        data: CHICAGO,
        water: None,
    },
    Builtin {
        name: "miami",
        label: "Miami",
        proxy: false,
        data: MIAMI,
        water: None,
    },
    Builtin {
        name: "san-francisco",
        label: "San Francisco",
        proxy: false,
        data: SAN_FRANCISCO,
        water: None,
    },
    Builtin {
        name: "shanghai-coast",
        label: "Shanghai-like coast, Lingang nearshore sea",
        proxy: true,
        data: TAMPA,
        water: Some(WaterProfile::shanghai_lingang),
    },
    Builtin {
        name: "batam",
        label: "Batam-like tropical strait, Singapore Strait sea",
        proxy: true,
        data: MIAMI,
        water: Some(WaterProfile::singapore_strait),
    },
];

/// The names [`builtin`] accepts.
///
/// ```
/// let names = dcplan::climate::builtin_names();
/// assert!(names.contains(&"phoenix") && names.contains(&"shanghai-coast"));
/// ```
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|b| b.name).collect()
}

/// A built-in climate by name (see the [module documentation](mod@crate::climate::builtin) for the
/// list and where the data come from). Parsing takes a few milliseconds.
///
/// ```
/// use dcplan::climate::builtin;
/// use dcplan::units::*;
/// let phoenix = builtin("phoenix")?;
/// assert_eq!(phoenix.len(), 8760);
/// assert!((to_celsius(phoenix.mean_dry_bulb()) - 23.8).abs() < 0.05);
/// assert!(builtin("atlantis").is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn builtin(name: &str) -> Result<Climate> {
    let entry = BUILTINS.iter().find(|b| b.name == name).ok_or_else(|| {
        Error::inconsistent(
            "climate",
            format!(
                "no built-in climate named {name:?}; choose one of {}",
                builtin_names().join(", ")
            ),
        )
    })?;
    let (station, location, hours) = parse_compact(entry.data, entry.name)?;
    let air = if entry.proxy {
        "TMY3 proxy air"
    } else {
        "TMY3"
    };
    let climate = Climate::new(
        format!("{} ({air}: {station})", entry.label),
        location,
        hours,
    )?;
    match entry.water {
        Some(profile) => climate.with_water(profile()),
        None => Ok(climate),
    }
}

/// Reads the compact format written by `scripts/compact_epw.py`: `#` comment lines, the header
/// `name:`, `latitude_deg:`, `longitude_deg:`, `elevation_m:`, `hours:`, then one line per hour
/// with dry-bulb and dew point in 0.1 °C and station pressure in 10 Pa.
fn parse_compact(text: &str, name: &str) -> Result<(String, Location, Vec<Ambient>)> {
    let source_name = format!("built-in climate {name:?}");
    let error = |line: usize, reason: String| Error::Weather {
        source_name: source_name.clone(),
        line,
        reason,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.starts_with('#'));
    let mut header = |key: &str| {
        let (number, line) = lines
            .next()
            .ok_or_else(|| error(0, format!("missing header {key:?}")))?;
        let value = line
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .ok_or_else(|| error(number, format!("expected the header {key:?}")))?;
        Ok::<_, Error>((number, value.trim()))
    };
    let station = header("name")?.1.to_owned();
    let mut coordinates = [0.0; 3];
    for (key, value) in ["latitude_deg", "longitude_deg", "elevation_m"]
        .into_iter()
        .zip(&mut coordinates)
    {
        let (number, text) = header(key)?;
        *value = text
            .parse()
            .map_err(|_| error(number, format!("{key}: cannot read {text:?}")))?;
    }
    let (number, count) = header("hours")?;
    let count: usize = count
        .parse()
        .map_err(|_| error(number, format!("hours: cannot read {count:?}")))?;
    let [latitude, longitude, elevation] = coordinates;
    let location = Location::new(latitude, longitude, Length::new::<meter>(elevation))
        .map_err(|e| error(number, e.to_string()))?;
    let mut hours = Vec::with_capacity(count);
    for (number, line) in lines {
        let mut values = line.split_ascii_whitespace().map(str::parse::<i32>);
        let (Some(Ok(db)), Some(Ok(dp)), Some(Ok(p)), None) =
            (values.next(), values.next(), values.next(), values.next())
        else {
            return Err(error(
                number,
                format!("expected three integers, found {line:?}"),
            ));
        };
        let ambient = Ambient::from_dew_point(
            celsius(f64::from(db) / 10.0),
            celsius(f64::from(dp) / 10.0),
            Pressure::new::<pascal>(f64::from(p) * 10.0),
        )
        .map_err(|e| error(number, e.to_string()))?;
        hours.push(ambient);
    }
    if hours.len() != count {
        return Err(error(
            number,
            format!("header announces {count} hours, data hold {}", hours.len()),
        ));
    }
    Ok((station, location, hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads_a_sane_year() {
        // Annual mean dry-bulb of each TMY3 file (computed from the EPW with Python).
        let means = [23.803, 9.988, 24.507, 13.794, 22.290, 24.507, 12.671];
        for name in builtin_names() {
            let climate = builtin(name).unwrap();
            assert_eq!(climate.len(), 8760, "{name}");
            let mean = to_celsius(climate.mean_dry_bulb());
            assert!(
                means.iter().any(|m| (m - mean).abs() < 5e-4),
                "{name}: annual mean {mean}"
            );
            let has_water = climate.hours().iter().all(|h| h.water().is_some());
            assert_eq!(
                has_water,
                ["shanghai-coast", "batam"].contains(&name),
                "{name}"
            );
        }
    }

    #[test]
    fn proxies_say_so() {
        let shanghai = builtin("shanghai-coast").unwrap();
        assert!(shanghai.name().contains("proxy") && shanghai.name().contains("Tampa"));
        assert!(!builtin("chicago").unwrap().name().contains("proxy"));
    }

    #[test]
    fn unknown_name_lists_the_choices() {
        let msg = builtin("tokyo").unwrap_err().to_string();
        assert!(
            msg.contains("\"tokyo\"") && msg.contains("northern-virginia"),
            "{msg}"
        );
    }

    #[test]
    fn compact_format_errors_name_the_line() {
        let header = "# c\nname: X\nlatitude_deg: 1\nlongitude_deg: 2\nelevation_m: 3\nhours: 2\n";
        let cases = [
            (format!("{header}100 50 10132\n"), 6, "announces 2"),
            (
                format!("{header}100 50 10132\n100 x 10132\n"),
                8,
                "three integers",
            ),
            (
                format!("{header}100 150 10132\n100 50 10132\n"),
                7,
                "dew point",
            ),
            ("name: X\nlatitude: 1\n".to_owned(), 2, "latitude_deg"),
            (
                "name: X\nlatitude_deg: north\n".to_owned(),
                2,
                "cannot read",
            ),
        ];
        for (text, line, needle) in cases {
            match parse_compact(&text, "t") {
                Err(Error::Weather {
                    line: l, reason, ..
                }) => {
                    assert_eq!(l, line, "{reason}");
                    assert!(reason.contains(needle), "{needle:?} not in {reason:?}");
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
