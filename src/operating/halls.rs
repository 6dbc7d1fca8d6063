//! Racks into halls: where each rack type may go (hall reservations), the fixed racks placed
//! once, and the grown block placed at each size the planner asks for.
//!
//! The grown block grows one rack at a time, in the order of the quota method
//! ([`crate::it::Deployment::grown_counts`]); each new rack goes into the first of its type's
//! halls that has room for it (with the support racks it brings), and racks never move. So a
//! larger block holds every rack of a smaller one where it was: the placement, and with it
//! every hall constraint, only grows with the block, which keeps the planner's feasible set an
//! interval. Where no hall takes two grown types, that is each type filling its halls in
//! order, computed directly from what each type fits in each hall; where grown types share a
//! hall, the block is walked from one hall filling up to the next.

use super::point::HallLoad;
use crate::error::{Error, Result};
use crate::it::{Amount, Apportionment, Deployment, RackCounts, RackType};
use crate::site::{Site, largest};
use crate::units::*;

/// Racks of a hall's rack types that fit in none of their halls, charged to it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Overflow {
    /// Rack positions they would take, support racks included.
    pub(super) positions: u64,
    /// Their design IT power.
    pub(super) it: Power,
}

/// A hall once the fixed racks are placed.
#[derive(Clone, Copy, Debug)]
struct Room {
    /// Free rack positions.
    positions: u64,
    /// IT power placed.
    it: Power,
    /// The hall's IT power limit.
    limit: Option<Power>,
}

impl Room {
    /// The most racks of `t` (at most `upto`) that fit, each with its support racks, every
    /// rack drawing `rack_input` times its catalog power.
    fn fits(&self, t: &RackType, upto: u32, rack_input: f64) -> u32 {
        let upper = upto.min(u32::try_from(self.positions).unwrap_or(u32::MAX));
        largest(upper, |m| {
            self.holds(t.positions(m), self.it + t.it_power(m) * rack_input)
        })
    }

    /// Whether `positions` more positions and a total IT power of `it` fit.
    fn holds(&self, positions: u64, it: Power) -> bool {
        positions <= self.positions && self.limit.is_none_or(|limit| it <= limit)
    }
}

/// The hall filling of a deployment at a site: where each type may go, the halls with the
/// fixed racks placed, and what each grown type fits beside them.
#[derive(Clone, Debug)]
pub(super) struct Halls {
    /// Halls each type may occupy, in filling order.
    allowed: Vec<Vec<usize>>,
    /// The halls with the fixed racks placed: loads, room and overflow, and every fixed rack.
    loads: Vec<HallLoad>,
    room: Vec<Room>,
    overflow: Vec<Overflow>,
    racks: RackCounts,
    /// For each grown type, the racks it fits in each of its halls beside the fixed racks.
    fits: Vec<Vec<u32>>,
    /// Whether some hall takes two grown types (the block is then walked).
    shared: bool,
    /// What a rack draws at its input per watt of catalog power (the chain's rack supply).
    rack_input: f64,
    /// The grown block's racks by type.
    block: Apportionment,
    /// The walk where grown types share halls, kept as far as it has gone (`walked` racks):
    /// racks of each grown type in each hall (grown types × halls); each grown type's racks
    /// so far, the slot of its current hall (past the last when none has room left), and the
    /// racks it had when it entered each slot it has entered (a larger block only adds racks,
    /// so these place any block up to `walked`); and the counts at a probe.
    walk: Vec<u32>,
    walked: u32,
    so_far: Vec<u32>,
    slot: Vec<usize>,
    starts: Vec<Vec<u32>>,
    probe: Vec<u32>,
}

impl Halls {
    /// Where each type of `deployment` may go at `site`, and the fixed racks placed, each rack
    /// drawing `rack_input` times its catalog power. Fails for a hall the site does not have,
    /// or a type left without halls.
    pub(super) fn new(site: &Site, deployment: &Deployment, rack_input: f64) -> Result<Self> {
        let halls = site.halls();
        let types = deployment.types();
        let reserved: Vec<bool> = halls
            .iter()
            .map(|hall| {
                types
                    .iter()
                    .any(|t| t.halls().iter().any(|n| n == hall.name()))
            })
            .collect();
        let allowed = types
            .iter()
            .map(|rack_type| allowed_halls(site, deployment, rack_type, &reserved))
            .collect::<Result<Vec<_>>>()?;
        let mut loads: Vec<HallLoad> = halls
            .iter()
            .map(|hall| HallLoad {
                name: hall.name().to_owned(),
                racks: RackCounts::zeros(deployment.profile_count()),
                it: Power::ZERO,
            })
            .collect();
        let mut room: Vec<Room> = halls
            .iter()
            .map(|hall| Room {
                positions: u64::from(hall.positions()),
                it: Power::ZERO,
                limit: hall.power_limit(),
            })
            .collect();
        let mut overflow = vec![Overflow::default(); halls.len()];
        let mut racks = RackCounts::zeros(deployment.profile_count());
        for (t, rack_type) in types.iter().enumerate() {
            let Amount::Fixed(mut remaining) = rack_type.amount() else {
                continue;
            };
            for &h in &allowed[t] {
                let here = room[h].fits(rack_type, remaining, rack_input);
                let (positions, it) =
                    put(deployment, rack_input, t, here, &mut loads[h], &mut racks);
                room[h].positions -= positions;
                room[h].it += it;
                remaining -= here;
            }
            unplaced(
                deployment,
                rack_input,
                t,
                remaining,
                &allowed[t],
                &loads,
                &mut overflow,
                &mut racks,
            );
        }
        let grown: Vec<usize> = deployment.grown_types().collect();
        let fits = grown
            .iter()
            .map(|&t| {
                allowed[t]
                    .iter()
                    .map(|&h| room[h].fits(&types[t], u32::MAX, rack_input))
                    .collect()
            })
            .collect();
        let shared = (0..halls.len())
            .any(|h| grown.iter().filter(|&&t| allowed[t].contains(&h)).count() > 1);
        let g = grown.len();
        Ok(Self {
            walk: if shared {
                vec![0; g * halls.len()]
            } else {
                Vec::new()
            },
            allowed,
            loads,
            room,
            overflow,
            racks,
            fits,
            shared,
            rack_input,
            block: deployment.apportionment(),
            walked: 0,
            so_far: vec![0; g],
            slot: vec![0; g],
            starts: vec![vec![0]; g],
            probe: vec![0; g],
        })
    }

    /// Racks of each grown type (in order) the halls hold at most, each type alone beside the
    /// fixed racks; `None` for a site without halls (no limit).
    pub(super) fn grown_room(&self) -> Option<Vec<u64>> {
        (!self.loads.is_empty()).then(|| {
            self.fits
                .iter()
                .map(|fits| fits.iter().map(|&n| u64::from(n)).sum())
                .collect()
        })
    }

    /// Places a grown block of `n` racks beside the fixed racks: sets each hall's load and
    /// overflow, and returns every rack, those that fit in no hall included.
    pub(super) fn place(
        &mut self,
        deployment: &Deployment,
        n: u32,
        loads: &mut Vec<HallLoad>,
        overflow: &mut Vec<Overflow>,
        mut racks: RackCounts,
    ) -> RackCounts {
        if loads.len() == self.loads.len() {
            for (load, fixed) in loads.iter_mut().zip(&self.loads) {
                load.racks.copy_from(&fixed.racks);
                load.it = fixed.it;
            }
        } else {
            loads.clone_from(&self.loads);
        }
        overflow.clone_from(&self.overflow);
        racks.copy_from(&self.racks);
        if self.shared {
            self.walk_to(deployment, n);
        }
        let block = self.block.counts(n);
        for (k, t) in deployment.grown_types().enumerate() {
            let mut remaining = block[k];
            for (slot, &h) in self.allowed[t].iter().enumerate() {
                let here = if self.shared {
                    // The type's racks numbered from when it entered this slot to when it
                    // left it (0 for a slot it has not entered).
                    let starts = &self.starts[k];
                    starts.get(slot).map_or(0, |&from| {
                        let to = starts.get(slot + 1).copied().unwrap_or(u32::MAX);
                        block[k].clamp(from, to) - from
                    })
                } else {
                    self.fits[k][slot].min(remaining)
                };
                put(
                    deployment,
                    self.rack_input,
                    t,
                    here,
                    &mut loads[h],
                    &mut racks,
                );
                remaining -= here;
            }
            unplaced(
                deployment,
                self.rack_input,
                t,
                remaining,
                &self.allowed[t],
                loads,
                overflow,
                &mut racks,
            );
        }
        racks
    }

    /// Walks the grown block on to `n` racks (if it has not gone so far) where grown types
    /// share halls. Between one hall filling up and the next, every new rack goes where its
    /// type's last one went; the walk finds the rack that no longer fits by bisection over the
    /// block, moves its type on to its next hall with room (or past its last), notes where
    /// it entered it, and goes on from there. The planner's steps all place blocks below its
    /// search bound, so it walks once, however many it asks for.
    fn walk_to(&mut self, deployment: &Deployment, n: u32) {
        let mut at = self.walked;
        while at < n {
            let valid = if self.holds_at(deployment, n) {
                n
            } else {
                // The largest block whose new racks all fit where their types stand.
                let (mut lo, mut hi) = (at, n - 1);
                while lo < hi {
                    let mid = lo + (hi - lo).div_ceil(2);
                    if self.holds_at(deployment, mid) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                lo
            };
            self.advance(deployment, valid);
            at = valid;
            if valid == n {
                break;
            }
            // Rack `valid + 1` does not fit where its type stands: move the type on.
            self.probe.copy_from_slice(self.block.counts(valid + 1));
            let Some(k) = (0..self.probe.len()).find(|&k| self.probe[k] > self.so_far[k]) else {
                break;
            };
            let t = deployment.grown_types().nth(k).unwrap_or(0);
            let halls = self.loads.len();
            while let Some(&h) = self.allowed[t].get(self.slot[k]) {
                self.walk[k * halls + h] += 1;
                if self.hall_holds(deployment, h) {
                    break;
                }
                self.walk[k * halls + h] -= 1;
                self.slot[k] += 1;
                self.starts[k].push(self.so_far[k]);
            }
            self.so_far[k] += 1;
            at = valid + 1;
        }
        self.walked = at;
    }

    /// Whether every rack of a block of `n` fits in the hall its type stands in.
    fn holds_at(&mut self, deployment: &Deployment, n: u32) -> bool {
        self.probe.copy_from_slice(self.block.counts(n));
        let halls = self.loads.len();
        for (k, t) in deployment.grown_types().enumerate() {
            if let Some(&h) = self.allowed[t].get(self.slot[k]) {
                self.walk[k * halls + h] += self.probe[k] - self.so_far[k];
            }
        }
        let holds = deployment.grown_types().enumerate().all(|(k, t)| {
            self.allowed[t]
                .get(self.slot[k])
                .is_none_or(|&h| self.hall_holds(deployment, h))
        });
        for (k, t) in deployment.grown_types().enumerate() {
            if let Some(&h) = self.allowed[t].get(self.slot[k]) {
                self.walk[k * halls + h] -= self.probe[k] - self.so_far[k];
            }
        }
        holds
    }

    /// Places the racks of a block of `n` that are new since the last: each where its type
    /// stands (past its last hall: in none).
    fn advance(&mut self, deployment: &Deployment, n: u32) {
        self.probe.copy_from_slice(self.block.counts(n));
        let halls = self.loads.len();
        for (k, t) in deployment.grown_types().enumerate() {
            if let Some(&h) = self.allowed[t].get(self.slot[k]) {
                self.walk[k * halls + h] += self.probe[k] - self.so_far[k];
            }
            self.so_far[k] = self.probe[k];
        }
    }

    /// Whether hall `h` holds the grown racks `walk` puts in it, beside its fixed racks.
    fn hall_holds(&self, deployment: &Deployment, h: usize) -> bool {
        let halls = self.loads.len();
        let room = &self.room[h];
        let (mut positions, mut it) = (0u64, room.it);
        for (k, t) in deployment.grown_types().enumerate() {
            let m = self.walk[k * halls + h];
            if m > 0 {
                let rack_type = &deployment.types()[t];
                positions += rack_type.positions(m);
                it += rack_type.it_power(m) * self.rack_input;
            }
        }
        room.holds(positions, it)
    }
}

/// The halls `rack_type` may occupy, in filling order: those it names, or those no type
/// reserves.
fn allowed_halls(
    site: &Site,
    deployment: &Deployment,
    rack_type: &RackType,
    reserved: &[bool],
) -> Result<Vec<usize>> {
    let halls = site.halls();
    let field = || format!("{}.halls", deployment.type_path(rack_type));
    let mut list = Vec::with_capacity(rack_type.halls().len());
    if rack_type.halls().is_empty() {
        list.extend((0..halls.len()).filter(|&h| !reserved[h]));
    }
    for name in rack_type.halls() {
        let h = halls.iter().position(|h| h.name() == name).ok_or_else(|| {
            let known: Vec<&str> = halls.iter().map(|h| h.name()).collect();
            Error::inconsistent(
                &field(),
                format!(
                    "'{name}' is not a hall of site '{}' ({})",
                    site.name(),
                    if known.is_empty() {
                        "it has no halls".to_owned()
                    } else {
                        format!("its halls: {}", known.join(", "))
                    }
                ),
            )
        })?;
        if !list.contains(&h) {
            list.push(h);
        }
    }
    // A hall whose per-position limit a rack of the type exceeds cannot take it.
    let named = list.len();
    list.retain(|&h| halls[h].admits(rack_type));
    if list.is_empty() && named > 0 {
        let limits: Vec<String> = rack_type
            .halls()
            .iter()
            .filter_map(|n| halls.iter().find(|h| h.name() == n))
            .chain(halls.iter().filter(|_| rack_type.halls().is_empty()))
            .filter_map(|h| {
                h.position_limit()
                    .map(|l| format!("'{}' {:.1} kW", h.name(), l.get::<kilowatt>()))
            })
            .collect();
        return Err(Error::inconsistent(
            &field(),
            format!(
                "no hall that '{}' may occupy takes its racks ({:.1} kW each) in one position: per-position limits {}",
                rack_type.name(),
                rack_type.profile().it_power().get::<kilowatt>(),
                limits.join(", ")
            ),
        ));
    }
    if list.is_empty() && !halls.is_empty() {
        return Err(Error::inconsistent(
            &field(),
            format!(
                "every hall of site '{}' is reserved for other rack types; name the halls of '{}'",
                site.name(),
                rack_type.name()
            ),
        ));
    }
    Ok(list)
}

/// Places `racks` racks of type `t` (with their support racks, each drawing `rack_input` times
/// its catalog power) in a hall, and counts them in `all`; returns the positions and IT power
/// they take.
fn put(
    deployment: &Deployment,
    rack_input: f64,
    t: usize,
    racks: u32,
    load: &mut HallLoad,
    all: &mut RackCounts,
) -> (u64, Power) {
    if racks == 0 {
        return (0, Power::ZERO);
    }
    let rack_type = &deployment.types()[t];
    let it = rack_type.it_power(racks) * rack_input;
    load.racks.add_type(deployment, t, racks);
    load.it += it;
    all.add_type(deployment, t, racks);
    (rack_type.positions(racks), it)
}

/// Counts `racks` racks of type `t` that fit in none of its `halls` in `all`, and charges them
/// to the last of them as if they joined the type's racks there (sharing their support racks).
/// Without halls (a site without any) they are simply counted.
#[allow(clippy::too_many_arguments)]
fn unplaced(
    deployment: &Deployment,
    rack_input: f64,
    t: usize,
    racks: u32,
    halls: &[usize],
    loads: &[HallLoad],
    overflow: &mut [Overflow],
    all: &mut RackCounts,
) {
    if racks == 0 {
        return;
    }
    all.add_type(deployment, t, racks);
    if let Some(&last) = halls.last() {
        let rack_type = &deployment.types()[t];
        let placed = loads[last].racks.get(deployment.type_index(t));
        let with = placed.saturating_add(racks);
        let over = &mut overflow[last];
        over.positions = over
            .positions
            .saturating_add(rack_type.positions(with) - rack_type.positions(placed));
        over.it += (rack_type.it_power(with) - rack_type.it_power(placed)) * rack_input;
    }
}
