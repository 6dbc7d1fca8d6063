//! Plain-text tables: numbers right-aligned, text left-aligned.

/// A table of text cells; columns of numbers are right-aligned.
///
/// ```
/// use dcplan::report::Table;
/// let mut t = Table::new(["loop", "MW"]);
/// t.row(["liquid".to_owned(), "85.0".to_owned()]);
/// assert_eq!(t.render(), "loop      MW\n------  ----\nliquid  85.0\n");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with a header row.
    pub fn new<const N: usize>(header: [&str; N]) -> Self {
        Self {
            rows: vec![header.iter().map(|h| (*h).to_owned()).collect()],
        }
    }

    /// Adds a row.
    pub fn row<const N: usize>(&mut self, cells: [String; N]) {
        self.rows.push(cells.to_vec());
    }

    /// Adds a row of any length.
    pub fn push(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text, a rule under the header.
    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width = |c: usize| {
            self.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..columns).map(width).collect();
        let starts_numeric = |cell: &String| {
            cell.chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit() || ch == '-' || ch == '+')
        };
        // A column is numeric when every non-empty body cell starts like a number.
        let numeric: Vec<bool> = (0..columns)
            .map(|c| {
                let mut cells = self.rows.iter().skip(1).filter_map(|r| r.get(c));
                c > 0 && cells.all(|s| s.is_empty() || starts_numeric(s))
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: &[String]| {
            let text: Vec<String> = widths
                .iter()
                .zip(&numeric)
                .enumerate()
                .map(|(c, (&w, &right))| {
                    let cell = cells.get(c).map_or("", String::as_str);
                    if right {
                        format!("{cell:>w$}")
                    } else {
                        format!("{cell:<w$}")
                    }
                })
                .collect();
            out += text.join("  ").trim_end();
            out.push('\n');
        };
        if let Some((header, body)) = self.rows.split_first() {
            line(header);
            line(&widths.iter().map(|&w| "-".repeat(w)).collect::<Vec<_>>());
            for r in body {
                line(r);
            }
        }
        out
    }
}

/// A whole number with thousands separators, for people: `52,632`.
///
/// ```
/// use dcplan::report::thousands;
/// assert_eq!(thousands(52_632), "52,632");
/// assert_eq!(thousands(731), "731");
/// assert_eq!(thousands(1_000_000), "1,000,000");
/// ```
pub fn thousands(n: u64) -> String {
    group_digits(&n.to_string())
}

/// A number written as text with thousands separators in its whole part (`"1234567.5"` →
/// `"1,234,567.5"`, `"-5012"` → `"-5,012"`); any other text is returned as it is.
///
/// ```
/// use dcplan::report::group_digits;
/// assert_eq!(group_digits("1234567.50"), "1,234,567.50");
/// assert_eq!(group_digits("-5012"), "-5,012");
/// assert_eq!(group_digits("GB200 NVL72"), "GB200 NVL72");
/// assert_eq!(group_digits("1.1275"), "1.1275");
/// ```
pub fn group_digits(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.is_empty() || (fraction.len() > 1 && digits(&fraction[1..]));
    if whole.is_empty() || !digits(whole) || !fraction_ok {
        return text.to_owned();
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}{fraction}")
}
