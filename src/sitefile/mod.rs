//! Site files: a whole site in TOML (or JSON with the same schema) with quantities written as
//! people write them (`"120 kW"`, `"18 °C"`, `"60 MVA"`), read into a validated
//! [`Site`](crate::site::Site), a [`Deployment`](crate::it::Deployment) and a
//! [`Climate`](crate::climate::Climate). The format is documented field by field in
//! `docs/site-format.md`.
//!
//! Errors point into the file: [`SiteFile::scenario`] reports an [`Error::SiteFile`] with the
//! line, column and field path, what was found and what was expected.
//!
//! ```
//! use dcplan::sitefile::{Format, SiteFile};
//! let text = r#"
//! name = "campus"
//! pue = 1.15
//! [interconnect]
//! capacity = "100 MW"
//! [deployment]
//! system = "GB200 NVL72"
//! "#;
//! let file = SiteFile::from_text("campus.toml", text, Format::Toml, ".");
//! let scenario = file.scenario()?;
//! let plan = dcplan::capacity::plan(&scenario.site, &scenario.deployment)?;
//! assert_eq!(plan.accelerators, 52_128);
//!
//! let bad = SiteFile::from_text("bad.toml", &text.replace("\"100 MW\"", "100"), Format::Toml, ".");
//! let err = bad.scenario().unwrap_err().to_string();
//! assert!(err.starts_with("bad.toml:5:12: interconnect.capacity: found 100 (a bare number)"), "{err}");
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! The module reads a file in three steps, one file each: `file.rs` ([`SiteFile`]: the text,
//! its format, errors located in it), `schema.rs` (the serde structs, [`SiteSpec`] and one per
//! section) and `build.rs` ([`SiteSpec::build`]: schema → [`Scenario`]). A new section is a
//! field of [`SiteSpec`] with its struct in `schema.rs` and its builder in `build.rs`, or, when
//! it brings much of its own, one file holding both, as [`crac`] and [`finance`] do.
//! `vary.rs` changes fields of a file for sweeps ([`Grid`]).

mod build;
pub mod crac;
mod file;
pub mod finance;
pub mod flexibility;
mod locate;
pub mod reuse;
mod schema;
pub mod sustainability;
mod vary;

pub use build::{DEFAULT_POWER_FACTOR, MAX_HALLS, MAX_LOOPS, MAX_RACK_TYPES, Scenario};
pub use file::{Format, MAX_SITE_FILE_BYTES, SiteFile};
// Every section of the schema is public, at the module's top.
pub use schema::*;
pub use vary::{Grid, Vary, set_path};

use crate::error::Error;

/// The error `e` about the spec field `path` (its own field path is replaced).
fn at(path: impl Into<String>) -> impl FnOnce(Error) -> Error {
    let path = path.into();
    move |e| e.with_field(path)
}

/// Maps an error from a model constructor onto the spec: `prefix.LAST` when the model field's
/// last segment is one of `fields` (renamed through `renames`), else `prefix`.
fn relabel(e: Error, prefix: &str, fields: &[&str], renames: &[(&str, &str)]) -> Error {
    let last = e
        .field()
        .and_then(|f| f.rsplit(['.']).next())
        .map(|l| l.to_owned());
    let path = match last {
        Some(l) => match renames.iter().find(|(model, _)| *model == l) {
            Some((_, spec)) => format!("{prefix}.{spec}"),
            None if fields.contains(&l.as_str()) => format!("{prefix}.{l}"),
            None => prefix.to_owned(),
        },
        None => prefix.to_owned(),
    };
    e.with_field(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::to_celsius;

    const SITE: &str = r#"{
  "name": "campus",
  "interconnect": {"capacity": "100 MW"},
  "cooling": {"liquid": {"technology": "direct_to_chip_dry_cooler", "capacity": "80 MW", "units": 8}, "air": {"technology": "air_economiser", "capacity": "20 MW", "units": 4}},
  "deployment": {"system": "GB200 NVL72"},
  "climate": {"design_hour": {"dry_bulb": "35 °C", "wet_bulb": "24 °C"}}
}"#;

    fn error(text: &str) -> String {
        SiteFile::from_text("site.json", text, Format::Json, ".")
            .scenario()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn json_sites_build_and_errors_are_located() {
        let file = SiteFile::from_text("site.json", SITE, Format::Json, ".");
        let s = file.scenario().unwrap();
        assert_eq!(s.site.loops().len(), 2);
        let e = error(&SITE.replace("\"80 MW\"", "80"));
        assert!(
            e.starts_with("site.json:4:81: cooling.liquid.capacity: found 80 (a bare number)"),
            "{e}"
        );
        let e = error(&SITE.replace("\"units\": 8", "\"units\": 0"));
        assert!(
            e.contains("cooling.liquid.units: found 0, expected at least 1"),
            "{e}"
        );
        let e = error(&SITE.replace("\"system\"", "\"sistem\""));
        assert!(
            e.contains("deployment.sistem: found unknown field `sistem`"),
            "{e}"
        );
        let e = error(&SITE.replace("\"100 MW\"}", "\"100 MW\", \"power_factor\": 0.9}"));
        assert!(
            e.contains("interconnect.power_factor: a power factor applies"),
            "{e}"
        );
    }

    #[test]
    fn overrides_reach_the_loop_and_wrong_ones_are_named() {
        let with = |extra: &str| SITE.replace("\"units\": 8", &format!("\"units\": 8, {extra}"));
        let file = SiteFile::from_text(
            "site.json",
            &with("\"supply\": \"30 °C\", \"redundancy\": \"2N\", \"chiller\": \"none\""),
            Format::Json,
            ".",
        );
        let s = file.scenario().unwrap();
        let d = s.site.loops()[0].design().unwrap();
        assert!((to_celsius(d.supply) - 30.0).abs() < 1e-9);
        assert_eq!((d.units.installed(), d.units.carrying()), (16, 8));
        assert!(d.plant.chiller().is_none());
        let e = error(&with("\"pump_head\": \"20 m\""));
        assert!(
            e.contains("cooling.liquid.pump_head: applies to once-through sinks only"),
            "{e}"
        );
        let e = error(&with("\"chiller\": \"none\", \"chiller_cop\": 5"));
        assert!(
            e.contains("cooling.liquid.chiller_cop: the loop has no chiller"),
            "{e}"
        );
    }
}
