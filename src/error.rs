//! The one error type of the library. Every variant names the field (as a dotted path such as
//! `substation.transformer.rating`) and the offending value, so a message can be acted on.

/// Result with dcplan's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when building or evaluating a model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value outside the range its field accepts (non-finite, negative, too large …).
    #[error("{field}: {} is not {expected}", shown(*.value, .unit))]
    OutOfRange {
        /// Dotted path of the field.
        field: String,
        /// The value as given, in `unit`.
        value: f64,
        /// Unit of `value` ("" for a plain ratio).
        unit: String,
        /// What the field accepts.
        expected: String,
    },
    /// Input values that are each valid but do not fit together: with each other, with the
    /// rest of the model, or as a whole (a list of the wrong length, a name the catalog does
    /// not know, two items named alike).
    #[error("{field}: {reason}")]
    Inconsistent {
        /// Dotted path of the field.
        field: String,
        /// Why the combination is rejected.
        reason: String,
    },
    /// Required data that was not given: a site without a design ambient, a rack with neither
    /// a catalog system nor its own IT power, a once-through sink without a water temperature.
    #[error("{field}: {what}")]
    Missing {
        /// Dotted path of the field (or section) that lacks the data.
        field: String,
        /// What is missing, and how to give it.
        what: String,
    },
    /// A call outside the contract of the operation: the arguments are fine, the operation
    /// does not apply to them (e.g. `CoolingLoop::operate` on a CRAC, which is solved with
    /// the room it serves). A mistake in the calling program, not in its input.
    #[error("{operation}: {reason}")]
    Misuse {
        /// The operation called, e.g. `CoolingLoop::operate`.
        operation: String,
        /// Why it does not apply, and what to call instead.
        reason: String,
    },
    /// A broken internal invariant: a bug in dcplan, whatever the input. Please report it.
    #[error(
        "internal error: {what} (this is a bug in dcplan; please report it at {}/issues)",
        env!("CARGO_PKG_REPOSITORY")
    )]
    Internal {
        /// What went wrong, and where.
        what: String,
    },
    /// A rack profile whose heat the site's cooling loops cannot take.
    #[error("rack profile '{rack}' cannot be cooled at site '{site}': {reason}")]
    Uncoolable {
        /// Name of the rack profile.
        rack: String,
        /// Name of the site.
        site: String,
        /// The field that decides, as a dotted path: the rack's where it lacks what the site
        /// offers (`deployment.primary.liquid_fraction`, `deployment.support.0.inlet_response`),
        /// the loop's where it falls short of the rack (`cooling_loops.CRAH.max_rack_heat`,
        /// `cooling_loops.liquid.supply`).
        field: String,
        /// What is missing or too small.
        reason: String,
    },
    /// A text that should hold a quantity with a unit and does not.
    #[error("{field}: cannot read {text:?} as {expected}")]
    Unit {
        /// Dotted path of the field.
        field: String,
        /// The text found.
        text: String,
        /// What was expected, e.g. "a power such as \"120 kW\"".
        expected: String,
    },
    /// A malformed weather file.
    #[error("{source_name}, line {line}: {reason}")]
    Weather {
        /// File name or other description of the source.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong on that line.
        reason: String,
    },
    /// A malformed hourly data file (a grid's carbon intensity, contracted renewable supply),
    /// located at its line.
    #[error("{source_name}, line {line}: {reason}")]
    Series {
        /// File name or other description of the source.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong on that line.
        reason: String,
    },
    /// A file that could not be read.
    #[error("{path}: cannot read the file: {reason}")]
    Io {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A file or stream that could not be written (a missing folder, a full device, a closed
    /// pipe).
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The path as given, or `standard output`.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A site file (TOML or JSON) that cannot be read as a site, located in the file.
    #[error("{0}")]
    SiteFile(Box<Located>),
    /// An iterative solution that did not converge.
    #[error("{what} did not converge: {reason}")]
    NoConvergence {
        /// What was being solved.
        what: String,
        /// Residual or iteration count reached.
        reason: String,
    },
}

/// A value for a message, with its unit: whole numbers as they are, others to six significant
/// digits (`-13018.6 kJ/kg`, not `-13018.588904834476 kJ/kg`), very large or small ones in
/// exponent notation (`1e300 W`).
fn shown(value: f64, unit: &str) -> String {
    let number = if !value.is_finite() || value == 0.0 {
        format!("{value}")
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let magnitude = value.abs().log10().floor();
        if (-4.0..15.0).contains(&magnitude) {
            let decimals = (5.0 - magnitude).max(0.0) as usize;
            let fixed = format!("{value:.decimals$}");
            if fixed.contains('.') {
                fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                fixed
            }
        } else {
            format!("{value:e}")
        }
    };
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// Where in a site file an error is, and what it is: `file:line:column: field: found …,
/// expected …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file as named by the user.
    pub file: String,
    /// 1-based line of the offending value (or of its nearest enclosing table).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the offending text in the file.
    pub offset: usize,
    /// Byte length of the offending text.
    pub length: usize,
    /// Dotted path of the field in the file, e.g. `cooling.liquid.supply`.
    pub field: String,
    /// What was found (empty when only the expectation is known).
    pub found: String,
    /// What the field accepts, or why the combination is rejected.
    pub expected: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: ",
            self.file, self.line, self.column, self.field
        )?;
        if self.found.is_empty() {
            f.write_str(&self.expected)
        } else {
            write!(f, "found {}, expected {}", self.found, self.expected)
        }
    }
}

impl Error {
    /// The dotted field path, for the variants that name one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::OutOfRange { field, .. }
            | Error::Inconsistent { field, .. }
            | Error::Missing { field, .. }
            | Error::Unit { field, .. }
            | Error::Uncoolable { field, .. } => Some(field),
            Error::SiteFile(located) => Some(&located.field),
            _ => None,
        }
    }

    /// What was found and what was expected, as two phrases (the first empty when the error
    /// only says what is wrong).
    ///
    /// ```
    /// use dcplan::units::Pue;
    /// let e = Pue::new(0.9).unwrap_err();
    /// assert_eq!(e.found_expected(), ("0.9".to_owned(), "a PUE between 1 and 100".to_owned()));
    /// ```
    pub fn found_expected(&self) -> (String, String) {
        match self {
            Error::OutOfRange {
                value,
                unit,
                expected,
                ..
            } => (shown(*value, unit), expected.clone()),
            Error::Unit { text, expected, .. } => (format!("{text:?}"), expected.clone()),
            Error::SiteFile(l) => (l.found.clone(), l.expected.clone()),
            Error::Inconsistent { reason, .. } => (String::new(), reason.clone()),
            Error::Missing { what, .. } => (String::new(), what.clone()),
            other => (String::new(), other.to_string()),
        }
    }

    /// The same error about another field (for the variants that name one).
    pub(crate) fn with_field(self, new: String) -> Self {
        match self {
            Error::OutOfRange {
                value,
                unit,
                expected,
                ..
            } => Error::OutOfRange {
                field: new,
                value,
                unit,
                expected,
            },
            Error::Inconsistent { reason, .. } => Error::Inconsistent { field: new, reason },
            Error::Missing { what, .. } => Error::Missing { field: new, what },
            Error::Unit { text, expected, .. } => Error::Unit {
                field: new,
                text,
                expected,
            },
            Error::Uncoolable {
                rack, site, reason, ..
            } => Error::Uncoolable {
                rack,
                site,
                field: new,
                reason,
            },
            other => other,
        }
    }

    /// A value outside its accepted range.
    #[cold]
    pub(crate) fn out_of_range(field: &str, value: f64, unit: &str, expected: &str) -> Self {
        Error::OutOfRange {
            field: field.to_owned(),
            value,
            unit: unit.to_owned(),
            expected: expected.to_owned(),
        }
    }

    /// Values that do not fit together.
    #[cold]
    pub(crate) fn inconsistent(field: &str, reason: impl Into<String>) -> Self {
        Error::Inconsistent {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// Required data not given.
    #[cold]
    pub(crate) fn missing(field: &str, what: impl Into<String>) -> Self {
        Error::Missing {
            field: field.to_owned(),
            what: what.into(),
        }
    }

    /// An operation called outside its contract.
    #[cold]
    pub(crate) fn misuse(operation: &str, reason: impl Into<String>) -> Self {
        Error::Misuse {
            operation: operation.to_owned(),
            reason: reason.into(),
        }
    }

    /// A broken internal invariant (a bug).
    #[cold]
    pub(crate) fn internal(what: impl Into<String>) -> Self {
        Error::Internal { what: what.into() }
    }

    /// Prefixes the field path with `parent`, so an error raised deep inside a constructor
    /// says where it came from: `efficiency` becomes `ups.efficiency`. Errors that name no
    /// field (a misuse, an internal error …) are returned unchanged.
    pub fn at(self, parent: &str) -> Self {
        let join = |field: String| {
            if field.is_empty() {
                parent.to_owned()
            } else {
                format!("{parent}.{field}")
            }
        };
        match self {
            Error::OutOfRange {
                field,
                value,
                unit,
                expected,
            } => Error::OutOfRange {
                field: join(field),
                value,
                unit,
                expected,
            },
            Error::Inconsistent { field, reason } => Error::Inconsistent {
                field: join(field),
                reason,
            },
            Error::Missing { field, what } => Error::Missing {
                field: join(field),
                what,
            },
            Error::Unit {
                field,
                text,
                expected,
            } => Error::Unit {
                field: join(field),
                text,
                expected,
            },
            Error::Uncoolable {
                rack,
                site,
                field,
                reason,
            } => Error::Uncoolable {
                rack,
                site,
                field: join(field),
                reason,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cooling::{CoolingLoop, RoomLoad, SupplyLimits};
    use crate::sitefile::{Format, Scenario, SiteFile};
    use crate::units::*;

    /// EnergyPlus's one-zone CRAC data center, with a design hour instead of its weather file.
    fn crac_site() -> Scenario {
        let text = include_str!(
            "../examples/sites/energyplus/1ZoneDataCenterCRAC_wApproachTemp.toml"
        )
        .replace(
            "epw = \"../../../tests/data/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw\"\ndesign = \"annual_max\"",
            "design_hour = { dry_bulb = \"35 °C\", wet_bulb = \"24 °C\" }",
        );
        SiteFile::from_text("crac.toml", &text, Format::Toml, ".")
            .scenario()
            .unwrap()
    }

    fn crac(s: &Scenario) -> &CoolingLoop {
        let crac = &s.site.loops()[0];
        assert!(crac.crac_design().is_some());
        crac
    }

    #[test]
    fn a_site_without_a_design_hour_is_missing_data() {
        let text = "name = \"campus\"\n[interconnect]\ncapacity = \"100 MW\"\n\
                    [cooling.liquid]\ntechnology = \"direct_to_chip_dry_cooler\"\n\
                    capacity = \"80 MW\"\nunits = 8\n[deployment]\nsystem = \"GB200 NVL72\"\n";
        let file = SiteFile::from_text("campus.toml", text, Format::Toml, ".");
        let e = file.spec().unwrap().build(None).unwrap_err();
        let Error::Missing { field, what } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(field, "climate");
        assert!(what.starts_with("a component-modelled site needs a design ambient"));
        assert_eq!(
            file.scenario().unwrap_err().to_string(),
            format!("campus.toml:1:1: climate: {what}")
        );
    }

    #[test]
    fn missing_data_is_located_in_a_site_file_like_any_field() {
        let text = "name = \"campus\"\npue = 1.2\n[interconnect]\ncapacity = \"100 MW\"\n\
                    [deployment]\nname = \"custom\"\n";
        let file = SiteFile::from_text("campus.toml", text, Format::Toml, ".");
        let e = file.spec().unwrap().build(None).unwrap_err();
        assert!(matches!(&e, Error::Missing { field, .. } if field == "deployment.it_power"));
        assert_eq!(
            file.locate(e).to_string(),
            "campus.toml:5:1: deployment.it_power: a rack needs a catalog `system` or its own `it_power`"
        );
    }

    #[test]
    fn at_prefixes_the_field_of_missing_data_only() {
        let e = Error::missing("name", "a loop needs a name").at("plant");
        assert_eq!(e.field(), Some("plant.name"));
        let e = Error::misuse("CoolingLoop::operate", "…").at("plant");
        assert_eq!(
            (e.field(), e.to_string().as_str()),
            (None, "CoolingLoop::operate: …")
        );
    }

    #[test]
    fn operating_a_crac_on_its_own_is_a_misuse() {
        let s = crac_site();
        let ambient = s.site.design_ambient().unwrap();
        let e = crac(&s)
            .operate(Power::new::<kilowatt>(50.0), ambient, &SupplyLimits::NONE)
            .unwrap_err();
        assert!(
            matches!(&e, Error::Misuse { operation, .. } if operation == "CoolingLoop::operate")
        );
        assert_eq!(e.field(), None);
        assert!(
            e.to_string().contains("cooling loop 'CRAC' is a CRAC"),
            "{e}"
        );
    }

    #[test]
    fn a_crac_run_without_its_air_constants_is_an_internal_error() {
        let s = crac_site();
        let ambient = s.site.design_ambient().unwrap();
        let e = crac(&s)
            .operate_room(
                None,
                ambient,
                &SupplyLimits::NONE,
                |_| RoomLoad::default(),
                &mut None,
            )
            .unwrap_err();
        assert!(matches!(e, Error::Internal { .. }), "{e:?}");
        assert!(
            e.to_string()
                .ends_with("this is a bug in dcplan; please report it at https://github.com/dcplan/dcplan/issues)"),
            "{e}"
        );
    }

    #[test]
    fn values_are_shown_to_six_significant_digits() {
        for (value, unit, text) in [
            (-13018.588904834476, "kJ/kg", "-13018.6 kJ/kg"),
            (0.9, "", "0.9"),
            (1.8, "", "1.8"),
            (4294967295.0, "", "4294967295"),
            (1e300, "W", "1e300 W"),
            (1.5e-7, "K", "1.5e-7 K"),
            (0.012345678, "m", "0.0123457 m"),
            (f64::NAN, "", "NaN"),
        ] {
            assert_eq!(shown(value, unit), text);
        }
    }

    #[test]
    fn message_names_field_value_and_unit() {
        let e = Error::out_of_range("rating", -5.0, "MVA", "a finite number > 0").at("transformer");
        assert_eq!(
            e.to_string(),
            "transformer.rating: -5 MVA is not a finite number > 0"
        );
    }
}
