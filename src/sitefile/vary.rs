//! Scenario grids: fields of a site file varied over ranges or lists, addressed by dotted path.

use crate::error::{Error, Result};
use crate::units::split_number;
use serde_json::Value;
use std::str::FromStr;

/// One axis of a sweep: a field varied over `PATH=FROM..TO[:STEPS]` or `PATH=A,B,C` — or
/// several fields varied **together** (linked), step by step:
///
/// * `PATH,PATH…=SPEC`: every path takes the same values
///   (`interconnect.capacity,electrical.reference.it_capacity=10 MW..100 MW:10`);
/// * `PATH=SPEC;PATH=SPEC…`: each path its own values, as many for each (`a=10 MW..100 MW:10;
///   b=9.5 MW..95 MW`); a range without `:STEPS` takes the axis's count (that of the lists and
///   counted ranges beside it, else its own default).
///
/// A range's values are computed when asked for, so a sweep's memory does not grow with its
/// steps; each is rounded to a billionth of the step (so `0.1..0.3:3` gives `0.2`, not
/// `0.20000000000000004`) and is finite whenever the ends are.
///
/// ```
/// use dcplan::sitefile::Vary;
/// let v: Vary = "cooling.liquid.supply=25 °C..40 °C:4".parse()?;
/// assert_eq!(v.paths().collect::<Vec<_>>(), ["cooling.liquid.supply"]);
/// let shown: Vec<String> = v.values(0).map(|x| x.as_str().unwrap().to_owned()).collect();
/// assert_eq!(shown, ["25 °C", "30 °C", "35 °C", "40 °C"]);
/// let n: Vary = "substation.transformers=3..5".parse()?;
/// assert_eq!(n.values(0).collect::<Vec<_>>(), [3, 4, 5]);
/// // A site scaled as a whole: interconnect and electrical chain together.
/// let linked: Vary = "interconnect.capacity=10 MW..100 MW:10;electrical.reference.it_capacity=9.5 MW..95 MW"
///     .parse()?;
/// assert_eq!(linked.len(), 10);
/// assert_eq!(linked.step(1), ["20 MW", "19 MW"]);
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// The fields varied together, each with its values (as many for each).
    fields: Vec<(String, Values)>,
}

/// The values of a varied field: listed, or `steps` evenly spaced from `from` to `to` in `unit`
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

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::List(list) => list.len(),
            Values::Range { steps, .. } => *steps,
        }
    }

    /// Value `i` as it would be written in a JSON site file (`null` past the last).
    fn value(&self, i: usize) -> Value {
        match self {
            Values::List(list) => list.get(i).cloned().unwrap_or(Value::Null),
            Values::Range { .. } if i >= self.len() => Value::Null,
            Values::Range {
                from,
                to,
                steps,
                unit,
            } => {
                let text = number_text(range_value(*from, *to, *steps, i));
                if unit.is_empty() {
                    scalar(&text)
                } else {
                    Value::String(format!("{text} {unit}"))
                }
            }
        }
    }
}

/// Value `i` of `steps` evenly spaced from `from` to `to`: the ends exactly, and between them
/// the convex combination `from·(1 − t) + to·t` (never beyond the larger end, so finite ends
/// give finite values — `from + (to − from)·t` overflows when the ends have opposite signs near
/// the largest float) rounded to a billionth of the step, a power of ten.
fn range_value(from: f64, to: f64, steps: usize, i: usize) -> f64 {
    if steps <= 1 || i == 0 {
        return from;
    }
    if i + 1 >= steps {
        return to;
    }
    let t = i as f64 / (steps - 1) as f64;
    let v = from * (1.0 - t) + to * t;
    let step = (to / (steps - 1) as f64 - from / (steps - 1) as f64).abs();
    if !(step > 0.0 && step.is_finite()) {
        return v;
    }
    let exponent = step.log10().floor() as i32 - 9;
    let k = (v / 10f64.powi(exponent)).round();
    if !(k.is_finite() && k.abs() < 1e15) {
        return v;
    }
    // k·10^e read as decimal text: the nearest float to the rounded decimal.
    format!("{k}e{exponent}")
        .parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .unwrap_or(v)
}

/// A number as a person writes it: exponent notation for the very large and very small.
fn number_text(v: f64) -> String {
    if v != 0.0 && !(1e-4..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

impl Vary {
    /// The fields this axis varies, in order (several when linked).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(p, _)| p.as_str())
    }

    /// Number of steps (at least one).
    pub fn len(&self) -> usize {
        self.fields.first().map_or(0, |(_, v)| v.len())
    }

    /// Whether there are no steps (never, for a parsed `Vary`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values at step `i`, one per field, as they would be written in a JSON site file
    /// (`null` past the last).
    pub fn step(&self, i: usize) -> Vec<Value> {
        self.fields.iter().map(|(_, v)| v.value(i)).collect()
    }

    /// Every value of field `field` (0 for the first), in order.
    pub fn values(&self, field: usize) -> impl Iterator<Item = Value> + '_ {
        let values = self.fields.get(field).map(|(_, v)| v);
        (0..values.map_or(0, Values::len)).filter_map(move |i| values.map(|v| v.value(i)))
    }
}

/// Steps of a range whose step count is not given.
pub const DEFAULT_STEPS: usize = 5;

/// Most values one `--vary` may take.
const MAX_STEPS: usize = 1_000_000;

/// One member of an axis as written: its paths, and its values, a range's step count not yet
/// settled when it was not given.
struct Member<'a> {
    paths: Vec<&'a str>,
    values: Values,
    counted: bool,
}

impl FromStr for Vary {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = |expected: &str| Error::Unit {
            field: "vary".into(),
            text: s.to_owned(),
            expected: expected.to_owned(),
        };
        let members = s
            .split(';')
            .map(|part| member(part, &bad))
            .collect::<Result<Vec<_>>>()?;
        // The axis's count: that of the lists and counted ranges (which must agree), else the
        // first member's own.
        let counted: Vec<(&str, usize)> = members
            .iter()
            .filter(|m| m.counted)
            .map(|m| (m.paths[0], m.values.len()))
            .collect();
        let steps = match counted.first() {
            Some(&(_, n)) => n,
            None => members[0].values.len(),
        };
        if let Some((path, n)) = counted.iter().find(|(_, n)| *n != steps) {
            return Err(bad(&format!(
                "linked fields with as many values each: {} has {steps}, {path} has {n}",
                counted[0].0
            )));
        }
        let mut fields = Vec::new();
        for m in members {
            let values = match m.values {
                Values::Range { from, to, unit, .. } if !m.counted => Values::Range {
                    from,
                    to,
                    steps,
                    unit,
                },
                other => other,
            };
            for path in m.paths {
                fields.push((path.to_owned(), values.clone()));
            }
        }
        Ok(Vary { fields })
    }
}

/// One `PATH[,PATH…]=SPEC` of an axis.
fn member<'a>(part: &'a str, bad: &dyn Fn(&str) -> Error) -> Result<Member<'a>> {
    let (paths, spec) = part.split_once('=').ok_or_else(|| {
        bad("PATH=FROM..TO[:STEPS] or PATH=A,B,C (linked: PATH,PATH=… or PATH=…;PATH=…)")
    })?;
    let paths: Vec<&str> = paths.split(',').map(str::trim).collect();
    if paths
        .iter()
        .any(|p| p.is_empty() || p.split('.').any(str::is_empty))
    {
        return Err(bad("a dotted field path such as cooling.liquid.supply"));
    }
    let (values, counted) = match spec.split_once("..") {
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
            let values = range(from, to, steps).ok_or_else(|| {
                bad("FROM..TO with finite numbers in the same unit, such as \"50 MW..200 MW:16\"")
            })?;
            (values, steps.is_some())
        }
        None => (
            Values::List(spec.split(',').map(|v| scalar(v.trim())).collect()),
            true,
        ),
    };
    Ok(Member {
        paths,
        values,
        counted,
    })
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

/// The cartesian product of several [`Vary`] axes, enumerated without being stored: scenario
/// `i` takes the values of its mixed-radix digits (the last axis varies fastest; the fields of a
/// linked axis step together).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    varies: Vec<Vary>,
}

impl Grid {
    /// A grid over `varies` (each with at least one value, no field varied twice: the first
    /// would have no effect but still be reported).
    pub fn new(varies: Vec<Vary>) -> Result<Self> {
        if let Some(v) = varies.iter().find(|v| v.is_empty()) {
            return Err(Error::missing(
                v.paths().next().unwrap_or("vary"),
                "no values to vary over",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = varies
            .iter()
            .flat_map(Vary::paths)
            .find(|p| !seen.insert(*p))
        {
            return Err(Error::inconsistent(
                "vary",
                format!(
                    "{twice} is varied twice; vary each field once (fields that change \
                     together go in one --vary: PATH,PATH=… or PATH=…;PATH=…)"
                ),
            ));
        }
        Ok(Self { varies })
    }

    /// The axes.
    pub fn varies(&self) -> &[Vary] {
        &self.varies
    }

    /// Every varied field, axis by axis: the columns of [`Grid::values`].
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.varies.iter().flat_map(Vary::paths)
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

    /// The values of scenario `i`, one per varied field (in the order of [`Grid::paths`]).
    pub fn values(&self, mut i: u64) -> Vec<Value> {
        let mut steps: Vec<usize> = self
            .varies
            .iter()
            .rev()
            .map(|v| {
                let n = v.len() as u64;
                let step = (i % n) as usize;
                i /= n;
                step
            })
            .collect();
        steps.reverse();
        self.varies
            .iter()
            .zip(steps)
            .flat_map(|(v, step)| v.step(step))
            .collect()
    }

    /// `doc` with scenario `i`'s values set.
    pub fn apply(&self, doc: &Value, i: u64) -> Result<Value> {
        let mut doc = doc.clone();
        for (path, value) in self.paths().zip(self.values(i)) {
            set_path(&mut doc, path, value)?;
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
            v.values(0).collect::<Vec<_>>(),
            ["50 MW", "100 MW", "150 MW", "200 MW"]
        );
        let v: Vary = "pue=1.1..1.3:3".parse().unwrap();
        assert_eq!(v.values(0).collect::<Vec<_>>(), [1.1, 1.2, 1.3]);
        let v: Vary = "deployment.system=GB200 NVL72,GB300 NVL72".parse().unwrap();
        assert_eq!(
            v.values(0).collect::<Vec<_>>(),
            ["GB200 NVL72", "GB300 NVL72"]
        );
        let v: Vary = "x=25..40 °C".parse().unwrap();
        assert_eq!(v.len(), DEFAULT_STEPS);
        // A million steps are not stored: value 999,999 is computed when asked for.
        let v: Vary = "x=0 MW..999999 MW:1000000".parse().unwrap();
        assert_eq!(v.step(999_999), ["999999 MW"]);
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
    fn range_values_are_finite_and_rounded_to_their_step() {
        let shown =
            |spec: &str| -> Vec<Value> { spec.parse::<Vary>().unwrap().values(0).collect() };
        // Below 5e-10 the old rounding (to 1e-9) made every value 0.
        assert_eq!(
            shown("house_load=1e-10 MW..4e-10 MW:4"),
            ["1e-10 MW", "2e-10 MW", "3e-10 MW", "4e-10 MW"]
        );
        // Above ~1.8e299 the old rounding (×1e9) overflowed to infinity.
        assert_eq!(shown("pue=1e300..3e300:3"), [1e300, 2e300, 3e300]);
        // From + (to − from)·t overflowed: NaN in scenario 0.
        assert_eq!(shown("pue=1e308..-1e308:3"), [1e308, 0.0, -1e308]);
        let max = f64::MAX;
        for v in shown(&format!("x={max}..-{max}:7")) {
            assert!(v.as_f64().is_some_and(f64::is_finite), "{v}");
        }
        // Float noise is rounded away; fine steps are kept apart.
        assert_eq!(shown("x=0.1..0.3:3"), [0.1, 0.2, 0.3]);
        assert_eq!(
            shown("x=1..1.000000001:3"),
            serde_json::json!([1, 1.0000000005, 1.000000001])
                .as_array()
                .unwrap()
                .clone()
        );
        assert_eq!(
            shown("x=-0.1..0.2:4"),
            serde_json::json!([-0.1, 0, 0.1, 0.2])
                .as_array()
                .unwrap()
                .clone()
        );
        // Non-finite ends are refused before anything runs.
        for bad in ["x=1e400..1:3", "x=0 MW..inf MW", "x=NaN..1"] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
    }

    #[test]
    fn linked_fields_step_together() {
        // The same values for several fields.
        let v: Vary = "interconnect.capacity,electrical.reference.it_capacity=10 MW..100 MW:10"
            .parse()
            .unwrap();
        assert_eq!(v.len(), 10);
        assert_eq!(
            v.paths().collect::<Vec<_>>(),
            ["interconnect.capacity", "electrical.reference.it_capacity"]
        );
        assert_eq!(v.step(2), ["30 MW", "30 MW"]);
        // Each its own values; an uncounted range takes the axis's count, a list sets it.
        let v: Vary = "a=10 MW..100 MW:10;b=9.5 MW..95 MW".parse().unwrap();
        assert_eq!(v.step(9), ["100 MW", "95 MW"]);
        let v: Vary = "a=1..3;b=x,y,z".parse().unwrap();
        assert_eq!(v.step(2), [Value::from(3), Value::from("z")]);
        let v: Vary = "deployment.system=GB200 NVL72,GB300 NVL72;deployment.it_power=132 kW,145 kW"
            .parse()
            .unwrap();
        assert_eq!(v.step(1), ["GB300 NVL72", "145 kW"]);
        // Counts that differ are refused, naming both.
        let e = "a=1..10:10;b=1,2".parse::<Vary>().unwrap_err().to_string();
        assert!(e.contains("a has 10, b has 2"), "{e}");
        for bad in ["a=1..2;", "a,=1..2", ";a=1..2", "a=1..2;b"] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
        // In a grid the linked fields are columns of their own and step together.
        let grid = Grid::new(vec!["a,b=1..2".parse().unwrap(), "c=5,6".parse().unwrap()]).unwrap();
        assert_eq!(grid.len(), 4);
        assert_eq!(grid.paths().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(
            grid.values(2),
            [Value::from(2), Value::from(2), Value::from(5)]
        );
        let doc = serde_json::json!({"a": 0, "b": 0, "c": 0});
        assert_eq!(
            grid.apply(&doc, 3).unwrap(),
            serde_json::json!({"a": 2, "b": 2, "c": 6})
        );
    }

    #[test]
    fn a_field_varied_twice_is_refused() {
        let axes =
            |specs: &[&str]| -> Vec<Vary> { specs.iter().map(|s| s.parse().unwrap()).collect() };
        for specs in [
            &["pue=1.1,1.2", "pue=1.3,1.4"][..],
            &["a=1..2", "b,a=3..4"],
            &["a=1..2;a=3..4"],
        ] {
            let e = Grid::new(axes(specs)).unwrap_err();
            assert_eq!(e.field(), Some("vary"));
            assert!(e.to_string().contains("is varied twice"), "{e}");
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
