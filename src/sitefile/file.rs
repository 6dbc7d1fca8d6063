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
        spec.build(climate).map_err(|e| self.locate(e))
    }

    /// The document as a JSON value (for changing fields, e.g. in a sweep).
    pub fn document(&self) -> Result<serde_json::Value> {
        self.parse()
    }

    /// A deserialiser's error at `span` (a point for JSON): the field path comes from the
    /// innermost value around it; the span is the deserialiser's own when it has one.
    fn serde_error(&self, message: &str, span: std::ops::Range<usize>) -> Error {
        let (mut path, span) = match self.index.at(span.start) {
            Some((p, s)) if span.is_empty() => (p.to_owned(), s),
            Some((p, _)) => (p.to_owned(), span),
            None => (String::new(), span),
        };
        let message = message.trim();
        // Structural errors name a key of the enclosing table: add it to the path.
        for prefix in ["unknown field `", "missing field `"] {
            if let Some(key) = message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
            {
                path = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
            }
        }
        let (found, expected) = split_message(message);
        self.located(path, span, found, expected)
    }

    /// Points an error about a spec field at the file (other errors are returned unchanged).
    pub fn locate(&self, e: Error) -> Error {
        let Some(field) = e.field().map(str::to_owned) else {
            return e;
        };
        let (mut found, expected) = e.found_expected();
        let span = match self.index.find(&field) {
            Some((span, exact)) => {
                if exact && !found.is_empty() {
                    found = self.text[span.clone()].to_owned();
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

/// Splits a deserialiser message into what was found and what was expected.
fn split_message(message: &str) -> (String, String) {
    let message = message.trim();
    if let Some(key) = message.strip_prefix("missing field ") {
        return ("nothing".into(), format!("a value for {key}"));
    }
    match message.split_once(", expected ") {
        Some((found, expected)) => (
            found
                .trim_start_matches("found ")
                .trim_start_matches("invalid type: ")
                .trim_start_matches("invalid value: ")
                .to_owned(),
            expected.to_owned(),
        ),
        None => (String::new(), message.to_owned()),
    }
}
