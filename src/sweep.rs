//! Scenario sweeps: many independent evaluations, run in parallel, delivered in order, in
//! memory that does not grow with the number of scenarios.
//!
//! Scenarios are evaluated a chunk at a time across the worker threads (rayon, with the
//! `parallel` feature; one thread without it); each chunk's results are handed to the caller in
//! scenario order before the next chunk starts, so at most one chunk of results is held.
//!
//! ```
//! use dcplan::prelude::*;
//! use dcplan::sweep;
//! // Racks that fit behind 50, 51, …, 149 MW at a lumped PUE of 1.2.
//! let rack = RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?;
//! let deployment = Deployment::new(rack);
//! let mut racks = Vec::new();
//! sweep::in_order(
//!     100,
//!     |i| -> Result<u32> {
//!         let grid = GridInterconnect::new(Power::new::<megawatt>(50.0 + i as f64))?;
//!         let site = Site::builder("s", grid).lumped_pue(Pue::new(1.2)?).build()?;
//!         Ok(plan(&site, &deployment)?.primary_racks)
//!     },
//!     |_, fit| {
//!         racks.push(fit?);
//!         Ok(())
//!     },
//! )?;
//! assert_eq!(racks[0], 347); // 50,000 / 144
//! assert!(racks.windows(2).all(|w| w[0] <= w[1]));
//! # Ok::<(), dcplan::Error>(())
//! ```

use crate::error::Result;

/// Scenarios evaluated together before their results are delivered: enough to keep every core
/// busy and to amortise waking the worker threads at each chunk (≈ 0.25 ms on the 2-vCPU
/// benchmark machine, see docs/performance.md), few enough that memory stays flat.
pub const CHUNK: u64 = 2048;

/// Evaluates `run(i)` for every scenario `i` in `0..count` — in parallel with the `parallel`
/// feature — and hands each result to `deliver(i, result)` in order of `i`, one chunk of
/// [`CHUNK`] scenarios at a time. Stops at the first error `deliver` returns.
pub fn in_order<T: Send>(
    count: u64,
    run: impl Fn(u64) -> T + Sync,
    mut deliver: impl FnMut(u64, T) -> Result<()>,
) -> Result<()> {
    let mut first = 0;
    while first < count {
        let last = first.saturating_add(CHUNK).min(count);
        for (i, result) in (first..last).zip(evaluate_chunk(first..last, &run)) {
            deliver(i, result)?;
        }
        first = last;
    }
    Ok(())
}

#[cfg(feature = "parallel")]
fn evaluate_chunk<T: Send>(
    range: std::ops::Range<u64>,
    run: &(impl Fn(u64) -> T + Sync),
) -> Vec<T> {
    use rayon::prelude::*;
    // A `usize` range is an indexed parallel iterator: split evenly, collected in place.
    let first = range.start;
    let len = (range.end - range.start) as usize;
    (0..len)
        .into_par_iter()
        .map(|k| run(first + k as u64))
        .collect()
}

#[cfg(not(feature = "parallel"))]
fn evaluate_chunk<T: Send>(
    range: std::ops::Range<u64>,
    run: &(impl Fn(u64) -> T + Sync),
) -> Vec<T> {
    range.map(run).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_every_result_in_order_across_chunks() {
        let mut seen = Vec::new();
        in_order(
            3 * CHUNK + 5,
            |i| i * i,
            |i, sq| {
                assert_eq!(sq, i * i);
                seen.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..3 * CHUNK + 5).collect::<Vec<_>>());
    }

    #[test]
    fn stops_at_the_first_delivery_error() {
        let mut delivered = 0;
        let r = in_order(
            1000,
            |i| i,
            |i, _| {
                delivered += 1;
                if i == 10 {
                    Err(crate::Error::inconsistent("sweep", "stop"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(delivered, 11);
    }
}
