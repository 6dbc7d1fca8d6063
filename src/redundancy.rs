//! Redundancy rules shared by transformers, UPS systems and cooling units: how many of the
//! installed units must be assumed out, and so how much capacity is firm.
//!
//! Uptime Institute / TIA-942 usage: N (no redundancy), N+k (k spare units), 2N (two complete
//! systems), and distributed redundancy "xN/y" (x systems, any y of which carry the load, e.g.
//! 4N/3). Usable fractions: N+1 with 3 units → 2/3; 2N → 1/2; 4N/3 → 3/4.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A redundancy rule.
///
/// ```
/// use dcplan::Redundancy;
/// assert_eq!(Redundancy::NPlus(1).carrying(3)?, 2);
/// assert_eq!(Redundancy::TwoN.carrying(4)?, 2);
/// assert_eq!("4N/3".parse::<Redundancy>()?.carrying(4)?, 3);
/// assert!(Redundancy::TwoN.carrying(3).is_err()); // 2N needs an even count
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// Counts of identical units; capacity follows as `carrying · unit rating`.
///
/// # References
///
/// The N, N+k and 2N notation of ANSI/TIA-942 and the Uptime Institute's tier topologies;
/// "xN/y" for distributed (block) redundancy, e.g. 4N/3, as used by UPS and data-center
/// vendors. The counting rules here (`n − k`, `n/2`, `n·y/x` carrying units) are checked in
/// the unit tests (`docs/models.md`, "Redundancy").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Redundancy {
    /// All installed units carry load; no spare.
    N,
    /// `k` spare units beyond those needed.
    NPlus(u32),
    /// Two complete systems, each able to carry the whole load.
    TwoN,
    /// Distributed redundancy "xN/y": `systems` systems, any `carrying` of which carry the load.
    Distributed {
        /// x: systems installed per block.
        systems: u32,
        /// y: systems of the block that must carry the load.
        carrying: u32,
    },
}

impl Redundancy {
    /// Number of units that carry the load, out of `installed`, once the redundant ones are out.
    pub fn carrying(self, installed: u32) -> Result<u32> {
        let bad = |reason: String| Err(Error::inconsistent("redundancy", reason));
        if installed == 0 {
            return bad("no units installed".into());
        }
        match self {
            Redundancy::N => Ok(installed),
            Redundancy::NPlus(k) if installed > k => Ok(installed - k),
            Redundancy::NPlus(k) => bad(format!(
                "N+{k} needs more than {k} units, {installed} installed"
            )),
            Redundancy::TwoN if installed.is_multiple_of(2) => Ok(installed / 2),
            Redundancy::TwoN => bad(format!(
                "2N needs an even number of units, {installed} installed"
            )),
            Redundancy::Distributed { systems, carrying } => {
                if carrying == 0 || carrying >= systems {
                    return bad(format!("{systems}N/{carrying} must have 0 < y < x"));
                }
                let scaled = u64::from(installed) * u64::from(carrying);
                if !scaled.is_multiple_of(u64::from(systems)) {
                    return bad(format!(
                        "{self} needs a multiple of {systems} units, {installed} installed"
                    ));
                }
                // scaled / systems < installed, so it fits in u32.
                Ok((scaled / u64::from(systems)) as u32)
            }
        }
    }
}

impl Redundancy {
    /// Units to install so that at least `needed` carry the load once the redundant ones are
    /// out: `n` (N), `n + k` (N+k), `2n` (2N), `⌈n / y⌉ · x` (xN/y).
    ///
    /// ```
    /// use dcplan::Redundancy;
    /// assert_eq!(Redundancy::NPlus(1).installed_for(4)?, 5);
    /// assert_eq!(Redundancy::TwoN.installed_for(4)?, 8);
    /// assert_eq!("4N/3".parse::<Redundancy>()?.installed_for(4)?, 8); // 2 blocks of 4
    /// # Ok::<(), dcplan::Error>(())
    /// ```
    pub fn installed_for(self, needed: u32) -> Result<u32> {
        let installed = match self {
            Redundancy::N => Some(needed),
            Redundancy::NPlus(k) => needed.checked_add(k),
            Redundancy::TwoN => needed.checked_mul(2),
            Redundancy::Distributed { systems, carrying } if carrying > 0 => {
                needed.div_ceil(carrying).checked_mul(systems)
            }
            Redundancy::Distributed { .. } => None,
        };
        installed.filter(|&n| n > 0).ok_or_else(|| {
            Error::out_of_range(
                "units",
                f64::from(needed),
                "",
                &format!("between 1 and a few million units under {self}"),
            )
        })
    }
}

impl fmt::Display for Redundancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redundancy::N => write!(f, "N"),
            Redundancy::NPlus(k) => write!(f, "N+{k}"),
            Redundancy::TwoN => write!(f, "2N"),
            Redundancy::Distributed { systems, carrying } => write!(f, "{systems}N/{carrying}"),
        }
    }
}

impl FromStr for Redundancy {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.to_ascii_uppercase();
        let bad = || Error::Unit {
            field: "redundancy".into(),
            text: s.into(),
            expected:
                "a redundancy rule: \"N\", \"N+1\", \"N+2\", \"2N\" or \"xN/y\" such as \"4N/3\""
                    .into(),
        };
        if t == "N" {
            Ok(Redundancy::N)
        } else if t == "2N" {
            Ok(Redundancy::TwoN)
        } else if let Some(k) = t.strip_prefix("N+") {
            k.parse().map(Redundancy::NPlus).map_err(|_| bad())
        } else if let Some((x, y)) = t.split_once("N/") {
            let systems = x.parse().map_err(|_| bad())?;
            let carrying = y.parse().map_err(|_| bad())?;
            if carrying == 0 || carrying >= systems {
                return Err(bad());
            }
            Ok(Redundancy::Distributed { systems, carrying })
        } else {
            Err(bad())
        }
    }
}

impl TryFrom<String> for Redundancy {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Redundancy> for String {
    fn from(r: Redundancy) -> String {
        r.to_string()
    }
}

/// A group of identical units under a redundancy rule, validated once.
///
/// ```
/// use dcplan::{Redundancy, UnitGroup};
/// let g = UnitGroup::new(5, Redundancy::NPlus(1))?;
/// assert_eq!((g.installed(), g.carrying()), (5, 4));
/// # Ok::<(), dcplan::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitGroup {
    installed: u32,
    carrying: u32,
    redundancy: Redundancy,
}

impl UnitGroup {
    /// `installed` units under `redundancy`.
    pub fn new(installed: u32, redundancy: Redundancy) -> Result<Self> {
        Ok(Self {
            installed,
            carrying: redundancy.carrying(installed)?,
            redundancy,
        })
    }

    /// A single unit with no redundancy.
    pub fn single() -> Self {
        Self {
            installed: 1,
            carrying: 1,
            redundancy: Redundancy::N,
        }
    }

    /// Units installed (all share the load in normal operation).
    pub fn installed(&self) -> u32 {
        self.installed
    }

    /// Units that carry the load with the redundant ones out (the firm capacity).
    pub fn carrying(&self) -> u32 {
        self.carrying
    }

    /// The rule.
    pub fn redundancy(&self) -> Redundancy {
        self.redundancy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_fractions_match_published_table() {
        // figures.md: N+1 2×→50 %, 3×→66.7 %, 4×→75 %, 5×→80 %; 2N 50 %; 3N/2 66.7 %; 4N/3 75 %.
        for (installed, usable) in [(2, 1), (3, 2), (4, 3), (5, 4)] {
            assert_eq!(Redundancy::NPlus(1).carrying(installed).unwrap(), usable);
        }
        assert_eq!(Redundancy::TwoN.carrying(6).unwrap(), 3);
        let d32 = Redundancy::Distributed {
            systems: 3,
            carrying: 2,
        };
        assert_eq!(d32.carrying(3).unwrap(), 2);
        let d43 = Redundancy::Distributed {
            systems: 4,
            carrying: 3,
        };
        assert_eq!(d43.carrying(8).unwrap(), 6);
        assert!(d43.carrying(6).is_err());
        assert!(Redundancy::NPlus(2).carrying(2).is_err());
        assert!(Redundancy::N.carrying(0).is_err());
    }

    #[test]
    fn parses_and_prints() {
        for s in ["N", "N+1", "N+2", "2N", "4N/3"] {
            assert_eq!(s.parse::<Redundancy>().unwrap().to_string(), s);
        }
        assert_eq!(
            " n + 1 ".parse::<Redundancy>().unwrap(),
            Redundancy::NPlus(1)
        );
        for bad in ["", "N+", "3N", "3N/3", "2N/3", "N+x"] {
            assert!(bad.parse::<Redundancy>().is_err(), "{bad}");
        }
    }
}
