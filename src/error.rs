//! The one error type of the library. Every variant names the field (as a dotted path such as
//! `substation.transformer.rating`) and the offending value, so a message can be acted on.

/// Result with dcplan's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when building or evaluating a model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value outside the range its field accepts (non-finite, negative, too large …).
    #[error("{field}: {value}{} is not {expected}", unit_suffix(.unit))]
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
    /// Values that are each valid but do not fit together.
    #[error("{field}: {reason}")]
    Inconsistent {
        /// Dotted path of the field.
        field: String,
        /// Why the combination is rejected.
        reason: String,
    },
    /// A rack profile whose heat the site's cooling loops cannot take.
    #[error("rack profile '{rack}' cannot be cooled at site '{site}': {reason}")]
    Uncoolable {
        /// Name of the rack profile.
        rack: String,
        /// Name of the site.
        site: String,
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
    /// A file that could not be read.
    #[error("{path}: cannot read the file: {reason}")]
    Io {
        /// The path as given.
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

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
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
            | Error::Unit { field, .. } => Some(field),
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
            } => (format!("{value}{}", unit_suffix(unit)), expected.clone()),
            Error::Unit { text, expected, .. } => (format!("{text:?}"), expected.clone()),
            Error::SiteFile(l) => (l.found.clone(), l.expected.clone()),
            Error::Inconsistent { reason, .. } => (String::new(), reason.clone()),
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
            Error::Unit { text, expected, .. } => Error::Unit {
                field: new,
                text,
                expected,
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

    /// Prefixes the field path with `parent`, so an error raised deep inside a constructor
    /// says where it came from: `efficiency` becomes `ups.efficiency`.
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
            Error::Unit {
                field,
                text,
                expected,
            } => Error::Unit {
                field: join(field),
                text,
                expected,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_field_value_and_unit() {
        let e = Error::out_of_range("rating", -5.0, "MVA", "a finite number > 0").at("transformer");
        assert_eq!(
            e.to_string(),
            "transformer.rating: -5 MVA is not a finite number > 0"
        );
    }
}
