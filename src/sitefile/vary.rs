//! Scenario grids: fields of a site file varied over ranges or lists, addressed by dotted path.

use crate::error::{Error, Result};
use crate::units::split_number;
use serde_json::Value;
use std::str::FromStr;

/// One varied field: `PATH=FROM..TO[:STEPS]` or `PATH=A,B,C`. A range's values are computed
/// when asked for, so a sweep's memory does not grow with its steps.
///
/// ```
/// use dcplan::sitefile::Vary;
/// let v: Vary = "cooling.liquid.supply=25 °C..40 °C:4".parse()?;
/// assert_eq!(v.path, "cooling.liquid.supply");
/// let shown: Vec<String> = v.values().map(|x| x.as_str().unwrap().to_owned()).collect();
/// assert_eq!(shown, ["25 °C", "30 °C", "35 °C", "40 °C"]);
/// let n: Vary = "substation.transformers=3..5".parse()?;
/// assert_eq!(n.values().collect::<Vec<_>>(), [3, 4, 5]);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// Dotted path of the field (`cooling.liquid.supply`; array elements by index).
    pub path: String,
    values: Values,
}

/// The values of a [`Vary`]: listed, or `steps` evenly spaced from `from` to `to` in `unit`
/// (unitless when empty).
#[derive(Clone, Debug, PartialEq)]
enum Values {
    List(Vec<Value>),
    Range {
        from: f64,
        to: f64,
        steps: usize,
        unit: String,
    },
}

impl Vary {
    /// Number of values (at least one).
    pub fn len(&self) -> usize {
        match &self.values {
            Values::List(list) => list.len(),
            Values::Range { steps, .. } => *steps,
        }
    }

    /// Whether there are no values (never, for a parsed `Vary`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `i` as it would be written in a JSON site file (`null` past the last).
    pub fn value(&self, i: usize) -> Value {
        match &self.values {
            Values::List(list) => list.get(i).cloned().unwrap_or(Value::Null),
            Values::Range {
                from,
                to,
                steps,
                unit,
            } => {
                let v = if *steps <= 1 {
                    *from
                } else {
                    from + (to - from) * i as f64 / (steps - 1) as f64
                };
                let rounded = (v * 1e9).round() / 1e9;
                if unit.is_empty() {
                    scalar(&rounded.to_string())
                } else {
                    Value::String(format!("{rounded} {unit}"))
                }
            }
        }
    }

    /// Every value in order.
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        (0..self.len()).map(|i| self.value(i))
    }
}

/// Steps of a range whose step count is not given.
pub const DEFAULT_STEPS: usize = 5;

/// Most values one `--vary` may take.
const MAX_STEPS: usize = 1_000_000;

impl FromStr for Vary {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = |expected: &str| Error::Unit {
            field: "vary".into(),
            text: s.to_owned(),
            expected: expected.to_owned(),
        };
        let (path, spec) = s
            .split_once('=')
            .ok_or_else(|| bad("PATH=FROM..TO[:STEPS] or PATH=A,B,C"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(bad("a dotted field path such as cooling.liquid.supply"));
        }
        let values = match spec.split_once("..") {
            Some((from, rest)) => {
                let (to, steps) = match rest.rsplit_once(':') {
                    Some((to, n)) => (
                        to,
                        Some(
                            n.trim()
                                .parse::<usize>()
                                .ok()
                                .filter(|&n| (1..=MAX_STEPS).contains(&n))
                                .ok_or_else(|| bad("STEPS between 1 and 1,000,000"))?,
                        ),
                    ),
                    None => (rest, None),
                };
                range(from, to, steps).ok_or_else(|| {
                    bad("FROM..TO with numbers in the same unit, such as \"50 MW..200 MW:16\"")
                })?
            }
            None => Values::List(spec.split(',').map(|v| scalar(v.trim())).collect()),
        };
        Ok(Vary {
            path: path.to_owned(),
            values,
        })
    }
}

/// A list item as JSON: a number, `true`/`false`, or text.
fn scalar(text: &str) -> Value {
    match split_number(text) {
        Some((v, "")) if v.fract() == 0.0 && v.abs() < 9e15 => Value::from(v as i64),
        Some((v, "")) => Value::from(v),
        _ => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
    }
}

fn range(from: &str, to: &str, steps: Option<usize>) -> Option<Values> {
    let (a, unit_a) = split_number(from)?;
    let (b, unit_b) = split_number(to)?;
    let unit = if unit_b.is_empty() { unit_a } else { unit_b };
    if !unit_a.is_empty() && unit_a != unit {
        return None;
    }
    let integers = unit.is_empty() && a.fract() == 0.0 && b.fract() == 0.0;
    let steps = match steps {
        Some(n) => n,
        None if integers => usize::try_from(((b - a).abs() as u64).saturating_add(1))
            .ok()
            .filter(|&n| n <= MAX_STEPS)?,
        None => DEFAULT_STEPS,
    };
    Some(Values::Range {
        from: a,
        to: b,
        steps,
        unit: unit.to_owned(),
    })
}

/// Sets the field at dotted `path` of a site document to `value`. The parent must exist; the
/// field itself may be new (e.g. an override not written in the file).
///
/// ```
/// use dcplan::sitefile::set_path;
/// let mut doc = serde_json::json!({"cooling": {"liquid": {"units": 8}}});
/// set_path(&mut doc, "cooling.liquid.supply", "30 °C".into())?;
/// assert_eq!(doc["cooling"]["liquid"]["supply"], "30 °C");
/// assert!(set_path(&mut doc, "cooling.air.supply", "30 °C".into()).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn set_path(doc: &mut Value, path: &str, value: Value) -> Result<()> {
    let missing = |at: &str| {
        Error::inconsistent(
            path,
            format!("the site file has no `{at}` to vary a field of"),
        )
    };
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, path),
    };
    let mut node = doc;
    if let Some(parent) = parent {
        let mut walked = String::new();
        for seg in parent.split('.') {
            if !walked.is_empty() {
                walked.push('.');
            }
            walked.push_str(seg);
            node = match node {
                Value::Object(map) => map.get_mut(seg),
                Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
                _ => None,
            }
            .ok_or_else(|| missing(&walked))?;
        }
    }
    match node {
        Value::Object(map) => {
            map.insert(last.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            let slot = last
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .ok_or_else(|| missing(path))?;
            *slot = value;
            Ok(())
        }
        _ => Err(missing(parent.unwrap_or(path))),
    }
}

/// The cartesian product of several [`Vary`]s, enumerated without being stored: scenario `i`
/// takes the values of its mixed-radix digits (the last field varies fastest).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    varies: Vec<Vary>,
}

impl Grid {
    /// A grid over `varies` (each with at least one value).
    pub fn new(varies: Vec<Vary>) -> Result<Self> {
        if let Some(v) = varies.iter().find(|v| v.is_empty()) {
            return Err(Error::missing(&v.path, "no values to vary over"));
        }
        Ok(Self { varies })
    }

    /// The varied fields.
    pub fn varies(&self) -> &[Vary] {
        &self.varies
    }

    /// Number of scenarios (saturating).
    pub fn len(&self) -> u64 {
        self.varies
            .iter()
            .fold(1u64, |n, v| n.saturating_mul(v.len() as u64))
    }

    /// Whether the grid is empty (never: a grid over no fields has the one base scenario).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of scenario `i`, one per varied field.
    pub fn values(&self, mut i: u64) -> Vec<Value> {
        let mut out: Vec<Value> = self
            .varies
            .iter()
            .rev()
            .map(|v| {
                let n = v.len() as u64;
                let value = v.value((i % n) as usize);
                i /= n;
                value
            })
            .collect();
        out.reverse();
        out
    }

    /// `doc` with scenario `i`'s values set.
    pub fn apply(&self, doc: &Value, i: u64) -> Result<Value> {
        let mut doc = doc.clone();
        for (v, value) in self.varies.iter().zip(self.values(i)) {
            set_path(&mut doc, &v.path, value)?;
        }
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_lists() {
        let v: Vary = "interconnect.capacity=50 MW..200 MW:4".parse().unwrap();
        assert_eq!(
            v.values().collect::<Vec<_>>(),
            ["50 MW", "100 MW", "150 MW", "200 MW"]
        );
        let v: Vary = "pue=1.1..1.3:3".parse().unwrap();
        assert_eq!(v.values().collect::<Vec<_>>(), [1.1, 1.2, 1.3]);
        let v: Vary = "deployment.system=GB200 NVL72,GB300 NVL72".parse().unwrap();
        assert_eq!(
            v.values().collect::<Vec<_>>(),
            ["GB200 NVL72", "GB300 NVL72"]
        );
        let v: Vary = "x=25..40 °C".parse().unwrap();
        assert_eq!(v.len(), DEFAULT_STEPS);
        // A million steps are not stored: value 999,999 is computed when asked for.
        let v: Vary = "x=0 MW..999999 MW:1000000".parse().unwrap();
        assert_eq!(v.value(999_999), "999999 MW");
        for bad in [
            "nopath",
            "=1..2",
            "a=1 MW..2 kW",
            "a=1..2:0",
            "a..b=1..2",
            "a=x..y",
        ] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
    }

    #[test]
    fn grid_enumerates_the_product() {
        let grid = Grid::new(vec![
            "a=1..2".parse().unwrap(),
            "b=10..30:3".parse().unwrap(),
        ])
        .unwrap();
        assert_eq!(grid.len(), 6);
        assert_eq!(grid.values(0), [Value::from(1), Value::from(10)]);
        assert_eq!(grid.values(5), [Value::from(2), Value::from(30)]);
        let doc = serde_json::json!({"a": 0, "b": 0});
        assert_eq!(
            grid.apply(&doc, 4).unwrap(),
            serde_json::json!({"a": 2, "b": 20})
        );
    }
}
