//! Where each value of a site file sits in its text, so that an error about a field path
//! (`cooling.liquid.supply`) can point at a line and column.

use std::ops::Range;

/// Byte spans of every value of a document, by dotted path (array elements by index).
#[derive(Clone, Debug, Default)]
pub(crate) struct SpanIndex {
    entries: Vec<(String, Range<usize>)>,
}

impl SpanIndex {
    /// The index of a TOML document (empty if it does not parse).
    pub(crate) fn toml(text: &str) -> Self {
        let mut index = Self::default();
        if let Ok(root) = toml::de::DeTable::parse(text) {
            index.toml_table("", root.get_ref());
        }
        index
    }

    /// Indexes the entries of `table`; returns the furthest byte any of them reaches.
    fn toml_table(&mut self, prefix: &str, table: &toml::de::DeTable<'_>) -> usize {
        table
            .iter()
            .map(|(key, value)| {
                let end = self.toml_value(join(prefix, key.get_ref()), value);
                end.max(key.span().end)
            })
            .max()
            .unwrap_or(0)
    }

    /// Indexes a value and what it holds. A table written as a `[header]` spans from its
    /// header to its last entry, so errors about its keys land inside it.
    fn toml_value(&mut self, path: String, value: &toml::Spanned<toml::de::DeValue<'_>>) -> usize {
        let slot = self.entries.len();
        self.entries.push((path.clone(), value.span()));
        let inner = match value.get_ref() {
            toml::de::DeValue::Table(t) => self.toml_table(&path, t),
            toml::de::DeValue::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| self.toml_value(join(&path, &i.to_string()), v))
                .max()
                .unwrap_or(0),
            _ => 0,
        };
        let span = &mut self.entries[slot].1;
        span.end = span.end.max(inner);
        span.end
    }

    /// The index of a JSON document (partial if it is malformed).
    pub(crate) fn json(text: &str) -> Self {
        let mut scanner = JsonScanner {
            text: text.as_bytes(),
            src: text,
            pos: 0,
            depth: 0,
            index: Self::default(),
        };
        scanner.value(String::new());
        scanner.index
    }

    /// The span of `path`, or of its longest prefix that exists, and whether it was exact.
    pub(crate) fn find(&self, path: &str) -> Option<(Range<usize>, bool)> {
        let mut p = path;
        loop {
            if let Some((_, span)) = self.entries.iter().find(|(k, _)| k == p) {
                return Some((span.clone(), p == path));
            }
            p = &p[..p.rfind('.')?];
        }
    }

    /// The innermost value whose span holds `offset` (or ends right at it): its path and span.
    pub(crate) fn at(&self, offset: usize) -> Option<(&str, Range<usize>)> {
        self.entries
            .iter()
            .filter(|(_, s)| s.start <= offset && offset <= s.end)
            .min_by_key(|(_, s)| s.end - s.start)
            .map(|(k, s)| (k.as_str(), s.clone()))
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of 1-based `line` and `column` (characters) in `text`.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Deepest nesting the JSON scan follows: serde_json's own limit, past which the file is
/// refused anyway (and deeper recursion could overflow the stack).
const MAX_JSON_DEPTH: usize = 128;

/// A tolerant recursive scan of JSON text recording each value's span.
struct JsonScanner<'a> {
    text: &'a [u8],
    src: &'a str,
    pos: usize,
    depth: usize,
    index: SpanIndex,
}

impl JsonScanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.text.len() && self.text[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    /// Scans one value at `path`; returns false on malformed input.
    fn value(&mut self, path: String) -> bool {
        self.skip_ws();
        let start = self.pos;
        let ok = match self.peek() {
            Some(b'{' | b'[') if self.depth >= MAX_JSON_DEPTH => false,
            Some(b'{') => {
                self.depth += 1;
                let ok = self.object(&path);
                self.depth -= 1;
                ok
            }
            Some(b'[') => {
                self.depth += 1;
                let ok = self.array(&path);
                self.depth -= 1;
                ok
            }
            Some(b'"') => self.string().is_some(),
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                self.pos > start
            }
            None => false,
        };
        if ok {
            self.index.entries.push((path, start..self.pos));
        }
        ok
    }

    /// Scans a string; returns its decoded text.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => {
                    return serde_json::from_str(self.src.get(start..self.pos)?).ok();
                }
                _ => {}
            }
        }
        None
    }

    fn object(&mut self, path: &str) -> bool {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(b'"') => {
                    let Some(key) = self.string() else {
                        return false;
                    };
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.pos += 1;
                    if !self.value(join(path, &key)) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, path: &str) -> bool {
        self.pos += 1;
        let mut i = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    if !self.value(join(path, &i.to_string())) {
                        return false;
                    }
                    i += 1;
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_toml_and_json_values() {
        let toml = "name = \"x\"\n[cooling.liquid]\nsupply = \"33 °C\"\n";
        let index = SpanIndex::toml(toml);
        let (span, exact) = index.find("cooling.liquid.supply").unwrap();
        assert!(exact);
        assert_eq!(&toml[span.clone()], "\"33 °C\"");
        assert_eq!(line_column(toml, span.start), (3, 10));
        let (_, exact) = index.find("cooling.liquid.rise").unwrap();
        assert!(!exact);

        let json = "{\"cooling\": {\"liquid\": {\"supply\": \"33 °C\", \"units\": [1, 2]}}}";
        let index = SpanIndex::json(json);
        let (span, _) = index.find("cooling.liquid.units.1").unwrap();
        assert_eq!(&json[span.clone()], "2");
        assert_eq!(index.at(span.start).unwrap().0, "cooling.liquid.units.1");
        assert_eq!(offset_of(json, 1, 3), 2);
    }

    #[test]
    fn tolerates_garbage() {
        for text in ["{", "{\"a\": [1, ", "\"", "{\"a\" 1}", "[}", "{\"\\"] {
            let _ = SpanIndex::json(text);
        }
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let index = SpanIndex::json(&deep);
        assert!(index.entries.is_empty());
        let ok = format!(
            "{}{}",
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert_eq!(SpanIndex::json(&ok).entries.len(), MAX_JSON_DEPTH);
    }
}
