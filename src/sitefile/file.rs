//! The site file itself: its text and format, reading it (refusing what is too large or not
//! text), and pointing every error at its line, column and field path ([`super::locate`]).

use super::locate::{SpanIndex, line_column, offset_of};
use super::{Scenario, SiteSpec};
use crate::error::{Error, Located, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a site file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML (`.toml`, the default).
    Toml,
    /// JSON with the same schema (`.json`).
    Json,
}

/// A site file's text, ready to be read into a [`Scenario`] with errors located in it.
#[derive(Clone, Debug)]
pub struct SiteFile {
    name: String,
    dir: PathBuf,
    text: String,
    format: Format,
    index: SpanIndex,
}

impl SiteFile {
    /// Reads a file; `.json` files are JSON, anything else TOML. A file larger than
    /// [`MAX_SITE_FILE_BYTES`] or not UTF-8 text is refused with a located error (its first
    /// bytes are all that is read of a larger one).
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let io = |e: std::io::Error| Error::Io {
            path: name.clone(),
            reason: e.to_string(),
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(MAX_SITE_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(io)?;
        if bytes.len() > MAX_SITE_FILE_BYTES {
            return Err(too_large(&name));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let (line, column) = line_column(valid, at);
            Error::SiteFile(Box::new(Located {
                file: name.clone(),
                line,
                column,
                offset: at,
                length: 1,
                field: "(top level)".into(),
                found: format!("the byte 0x{:02x}, which is not UTF-8 text", bytes[at]),
                expected: "a site file in UTF-8 text (TOML or JSON)".into(),
            }))
        })?;
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Self::from_text(&name, &text, format, dir))
    }

    /// A site file from text; `dir` is where relative paths in it (EPW files) start.
    /// Text larger than [`MAX_SITE_FILE_BYTES`] is kept but refused when read. A leading
    /// byte-order mark (as some Windows editors write) is read as blank space, so byte offsets
    /// into the text stay those of the file.
    pub fn from_text(name: &str, text: &str, format: Format, dir: impl Into<PathBuf>) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => format!("   {rest}"),
            None => text.to_owned(),
        };
        let index = match format {
            _ if text.len() > MAX_SITE_FILE_BYTES => SpanIndex::default(),
            Format::Toml => SpanIndex::toml(&text),
            Format::Json => SpanIndex::json(&text),
        };
        Self {
            name: name.to_owned(),
            dir: dir.into(),
            text,
            format,
            index,
        }
    }

    /// The file name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The directory relative paths in the file start from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The spec, or a located error.
    pub fn spec(&self) -> Result<SiteSpec> {
        self.parse()
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        if self.text.len() > MAX_SITE_FILE_BYTES {
            return Err(too_large(&self.name));
        }
        match self.format {
            Format::Toml => toml::from_str(&self.text)
                .map_err(|e| self.serde_error(e.message(), e.span().unwrap_or(0..0))),
            Format::Json => serde_json::from_str(&self.text).map_err(|e| {
                let offset = offset_of(&self.text, e.line(), e.column());
                let msg = e.to_string();
                let msg = msg
                    .rsplit_once(" at line ")
                    .map_or(msg.as_str(), |(m, _)| m);
                self.serde_error(msg, offset..offset)
            }),
        }
    }

    /// The site, deployment and climate, or a located error.
    pub fn scenario(&self) -> Result<Scenario> {
        let spec = self.spec()?;
        let climate = spec
            .load_climate(&self.dir)
            .map_err(|e| self.locate(e))?
            .map(Arc::new);
        spec.build_at(climate, &self.dir)
            .map_err(|e| self.locate(e))
    }

    /// The document as a JSON value (for changing fields, e.g. in a sweep).
    pub fn document(&self) -> Result<serde_json::Value> {
        self.parse()
    }

    /// A deserialiser's error at `span` (a point for JSON): the field path comes from the
    /// innermost value around it; the span is the deserialiser's own when it has one. What was
    /// found is quoted from the file where the error is about a value.
    fn serde_error(&self, message: &str, span: std::ops::Range<usize>) -> Error {
        let (mut path, span) = match self.index.at(span.start) {
            Some((p, s)) if span.is_empty() => (p.to_owned(), s),
            Some((p, _)) => (p.to_owned(), span),
            None => (String::new(), span),
        };
        let message = message.trim();
        // Structural errors name a key of the enclosing table: add it to the path.
        for prefix in ["unknown field `", "missing field `"] {
            // (toml's private key for a date is not a key of the file.)
            if let Some(key) = message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
                .filter(|key| !key.starts_with('$'))
            {
                path = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
            }
        }
        let (mut found, expected, about_the_value) = split_message(message);
        let written = self.text.get(span.clone()).unwrap_or_default().trim();
        if about_the_value && !written.is_empty() && written.len() <= 80 && !written.contains('\n')
        {
            found = match found.strip_suffix(BARE) {
                Some(_) => format!("{written}{BARE}"),
                None => written.to_owned(),
            };
        }
        self.located(path, span, found, expected)
    }

    /// Points an error about a spec field at the file (other errors are returned unchanged).
    /// What was found is quoted from the file where the error names a value, and a range of
    /// powers is given in the unit the file gives it in.
    pub fn locate(&self, e: Error) -> Error {
        let Some(field) = e.field().map(str::to_owned) else {
            return e;
        };
        let (mut found, mut expected) = e.found_expected();
        let span = match self.index.find(&field) {
            Some((span, exact)) => {
                if exact && !found.is_empty() {
                    found = self.text[span.clone()].to_owned();
                    if let Error::OutOfRange { unit, .. } = &e {
                        expected = in_written_unit(&expected, unit, &found);
                    }
                }
                span
            }
            None => 0..0,
        };
        self.located(field, span, found, expected)
    }

    fn located(
        &self,
        field: String,
        span: std::ops::Range<usize>,
        found: String,
        expected: String,
    ) -> Error {
        let (line, column) = line_column(&self.text, span.start);
        Error::SiteFile(Box::new(Located {
            file: self.name.clone(),
            line,
            column,
            offset: span.start,
            length: span.end - span.start,
            field: if field.is_empty() {
                "(top level)".into()
            } else {
                field
            },
            found,
            expected,
        }))
    }
}

/// The largest site file read: 1 MiB, hundreds of times the largest real one. Larger input is
/// refused before it is parsed, so a mistaken or hostile file cannot exhaust memory.
pub const MAX_SITE_FILE_BYTES: usize = 1 << 20;

/// The error for a site file larger than [`MAX_SITE_FILE_BYTES`].
fn too_large(name: &str) -> Error {
    Error::SiteFile(Box::new(Located {
        file: name.to_owned(),
        line: 1,
        column: 1,
        offset: 0,
        length: 0,
        field: "(top level)".into(),
        found: format!("more than {} KiB", MAX_SITE_FILE_BYTES >> 10),
        expected: format!(
            "a site file of at most {} KiB (is this the right file?)",
            MAX_SITE_FILE_BYTES >> 10
        ),
    }))
}

/// What a bare number's "found" ends with (see [`crate::units::parse`]).
const BARE: &str = " (a bare number)";

/// Splits a deserialiser message into what was found and what was expected, in the words of a
/// site file (no Rust type names), and whether it is about the value written (so that the
/// file's text can stand for what was found).
fn split_message(message: &str) -> (String, String, bool) {
    let message = without_field(message.trim());
    if let Some(key) = message.strip_prefix("missing field ") {
        return ("nothing".into(), format!("a value for {key}"), false);
    }
    // toml's private key for a date, where a table was expected.
    if message.starts_with("unknown field `$__toml_private_datetime`") {
        return ("a date".into(), "a table".into(), false);
    }
    if message.starts_with("data did not match any variant of untagged enum") {
        return (
            String::new(),
            "a value of one of the forms this field takes (see docs/site-format.md)".into(),
            true,
        );
    }
    if message.starts_with("unknown field ") || message.starts_with("unknown variant ") {
        return match message.split_once(", expected ") {
            Some((found, expected)) => (found.to_owned(), expected.to_owned(), false),
            None => (String::new(), message.to_owned(), false),
        };
    }
    // toml's words for a value that is not a name where an enumeration's name is expected.
    if message.starts_with("wanted string or table")
        || message.starts_with("wanted exactly 1 element")
    {
        return (
            String::new(),
            "one of the names this field takes, in quotes".into(),
            true,
        );
    }
    // dcplan's own errors, as their `Display` writes them ([`Error::OutOfRange`],
    // [`Error::Unit`]).
    if let Some((found, expected)) = message
        .strip_prefix("cannot read ")
        .and_then(|rest| rest.split_once(" as "))
    {
        return (found.to_owned(), expected.to_owned(), true);
    }
    if let Some((found, expected)) = message.split_once(" is not ") {
        return (found.to_owned(), expected.to_owned(), true);
    }
    match message.split_once(", expected ") {
        Some((found, expected)) => {
            let found = found.trim_start_matches("found ");
            let found = match found
                .strip_prefix("invalid type: ")
                .or_else(|| found.strip_prefix("invalid value: "))
            {
                Some(value) => unexpected(value),
                None => match found.strip_prefix("invalid length ") {
                    Some(n) => format!("an array of {n} values"),
                    None => found.to_owned(),
                },
            };
            (found, expectation(expected), true)
        }
        None => (String::new(), message.to_owned(), false),
    }
}

/// `message` without the field name a dcplan error starts with (`pue: 0.9 is not …`): the
/// location names the field already.
fn without_field(message: &str) -> &str {
    match message.split_once(": ") {
        Some((field, rest))
            if !field.is_empty()
                && field
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.')) =>
        {
            rest
        }
        _ => message,
    }
}

/// serde's description of an unexpected value, as a site file would show it.
fn unexpected(value: &str) -> String {
    let quoted = |prefix: &str| {
        value
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    quoted("floating point ")
        .or_else(|| quoted("integer "))
        .or_else(|| quoted("boolean "))
        .or_else(|| value.strip_prefix("string ").map(str::to_owned))
        .unwrap_or_else(|| {
            match value {
                "map" => "a table",
                "sequence" => "an array",
                "unit value" => "nothing",
                other => other,
            }
            .to_owned()
        })
}

/// serde's description of what a field takes (Rust type names among them), in a site file's
/// words.
fn expectation(expected: &str) -> String {
    match expected {
        "u8" => "a whole number from 0 to 255".into(),
        "u16" => "a whole number from 0 to 65,535".into(),
        "u32" => "a whole number from 0 to 4,294,967,295".into(),
        "u64" | "u128" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a map" => "a table".into(),
        other if other.starts_with("struct ") => "a table".into(),
        other => match other.strip_prefix("a tuple of size ") {
            Some(n) => format!("an array of length {n}"),
            None => other.into(),
        },
    }
}

/// `expected` with the powers given in `unit` (the unit of the error's value) restated in the
/// unit of `written`, the quantity as the file gives it (`"-5 kW"`): "above 0 MW" becomes
/// "above 0 kW". Left as it is where `written` is not a power.
fn in_written_unit(expected: &str, unit: &str, written: &str) -> String {
    use crate::units::{Power, parse, split_number, watt};
    let text = written.trim_matches('"');
    let watts = |unit: &str| {
        parse::<Power>(&format!("1 {unit}"))
            .ok()
            .map(|p| p.get::<watt>())
    };
    let Some((_, written_unit)) = split_number(text) else {
        return expected.to_owned();
    };
    let (Some(from), Some(to)) = (watts(unit), watts(written_unit)) else {
        return expected.to_owned();
    };
    if from == to {
        return expected.to_owned();
    }
    let suffix = format!(" {unit}");
    let mut out = String::new();
    let mut rest = expected;
    while let Some(at) = rest.find(&suffix) {
        let end = at + suffix.len();
        let followed = rest[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let number_start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | '+')))
            .map_or(0, |i| i + 1);
        match rest[number_start..at].parse::<f64>() {
            Ok(value) if followed => {
                out.push_str(&rest[..number_start]);
                out.push_str(&format!("{} {written_unit}", value * from / to));
            }
            _ => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_in_a_site_files_words() {
        for (message, found, expected) in [
            (
                "invalid type: floating point `1.5`, expected u32",
                "1.5",
                "a whole number from 0 to 4,294,967,295",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                "-1",
                "a whole number from 0 to 4,294,967,295",
            ),
            (
                "invalid type: string \"8\", expected u64",
                "\"8\"",
                "a whole number, 0 or more",
            ),
            (
                "invalid type: map, expected a sequence",
                "a table",
                "an array",
            ),
            (
                "invalid length 0, expected an array of length 6",
                "an array of 0 values",
                "an array of length 6",
            ),
            (
                "invalid type: string \"x\", expected struct CurveSpec",
                "\"x\"",
                "a table",
            ),
            (
                "invalid type: boolean `true`, expected f64",
                "true",
                "a number",
            ),
            (
                "pue: 0.9 is not a PUE between 1 and 100",
                "0.9",
                "a PUE between 1 and 100",
            ),
            (
                "redundancy: cannot read \"x\" as a redundancy rule: \"N\" or \"2N\"",
                "\"x\"",
                "a redundancy rule: \"N\" or \"2N\"",
            ),
        ] {
            let (f, e, about) = split_message(message);
            assert_eq!(
                (f.as_str(), e.as_str(), about),
                (found, expected, true),
                "{message}"
            );
        }
        assert_eq!(
            split_message("unknown field `colour`, expected `capacity`"),
            ("unknown field `colour`".into(), "`capacity`".into(), false)
        );
    }

    #[test]
    fn ranges_of_power_are_restated_in_the_unit_written() {
        for (expected, unit, written, restated) in [
            (
                "a power above 0 MW",
                "MW",
                "\"-5 kW\"",
                "a power above 0 kW",
            ),
            (
                "a power above 0.5 MW and at most 1 TW",
                "MW",
                "\"-5 kW\"",
                "a power above 500 kW and at most 1 TW",
            ),
            ("at most 200 °C", "°C", "\"500 °C\"", "at most 200 °C"),
            ("above 0 MW", "MW", "\"-5 MW\"", "above 0 MW"),
        ] {
            assert_eq!(in_written_unit(expected, unit, written), restated);
        }
    }
}
