//! Bounded discrete logarithms: recovering a count `m` from `mG` (`spec/protocol.md` §15).
//!
//! Baby-step giant-step with `s = ⌈√(bound + 1)⌉`: a table of `jG` for `0 ≤ j < s`, then
//! giant steps `P − i·sG` for `i = 0, 1, …` until one is in the table, giving `m = i·s + j`.
//! Both phases are dominated by compressing points for the table lookups, so both compress
//! in batches (curve25519-dalek's `double_and_compress_batch`, which shares one field
//! inversion across a batch): it compresses `2Q`, so the points are computed at half
//! scale, from `G/2`. Counts into the millions take a few milliseconds.
//!
//! Everything here is variable-time: it runs only on published, decrypted values.

use std::collections::HashMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;

const GIANT_BATCH: usize = 64;

/// The largest count this module will look for (about 6.9 × 10¹⁰): far above any election's
/// count, and low enough that a table for it stays under 20 MiB.
pub const MAX_COUNT: u64 = 1 << 36;

/// A baby-step table for counts in `0..=bound`.
pub struct DiscreteLog {
    bound: u64,
    step: u64,
    baby: HashMap<[u8; 32], u64>,
    /// `s·G/2`, the giant step at half scale.
    half_giant: RistrettoPoint,
    half: Scalar,
}

impl DiscreteLog {
    /// A table for counts in `0..=min(bound, MAX_COUNT)`.
    pub fn new(bound: u64) -> Self {
        let bound = bound.min(MAX_COUNT);
        let root = (bound + 1).isqrt();
        // spec/protocol.md §15: s = ⌈√(b + 1)⌉, and a table of j·G for 0 ≤ j < s.
        let step = if root * root == bound + 1 {
            root
        } else {
            root + 1
        };
        let half = Scalar::from(2u64).invert();
        let half_g = RISTRETTO_BASEPOINT_POINT * half;
        let mut points = Vec::with_capacity(step as usize);
        let mut acc = RistrettoPoint::identity();
        for _ in 0..step {
            points.push(acc);
            acc += half_g;
        }
        let baby = RistrettoPoint::double_and_compress_batch(&points)
            .into_iter()
            .enumerate()
            .map(|(j, c)| (c.to_bytes(), j as u64))
            .collect();
        Self {
            bound,
            step,
            baby,
            half_giant: acc,
            half,
        }
    }

    /// `m` with `mG = point` and `m ≤ bound`, if there is one.
    pub fn solve(&self, point: &RistrettoPoint) -> Option<u64> {
        // spec/protocol.md §15: M − i·s·G for i = 0 … ⌊b / s⌋, and m = i·s + j if m ≤ b.
        let giants = self.bound / self.step + 1;
        let mut current = point * self.half;
        let mut i = 0u64;
        while i < giants {
            let n = GIANT_BATCH.min((giants - i) as usize);
            let mut batch = Vec::with_capacity(n);
            for _ in 0..n {
                batch.push(current);
                current -= self.half_giant;
            }
            for (k, c) in RistrettoPoint::double_and_compress_batch(&batch)
                .iter()
                .enumerate()
            {
                if let Some(&j) = self.baby.get(c.as_bytes()) {
                    let m = (i + k as u64) * self.step + j;
                    return (m <= self.bound).then_some(m);
                }
            }
            i += n as u64;
        }
        None
    }
}
