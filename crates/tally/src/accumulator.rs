//! The encrypted tally: the homomorphic sum of every counted ballot, per contest and option
//! (`spec/protocol.md` §13).
//!
//! Each counted ballot adds its selection ciphertexts, multiplied by the voter group's public
//! weight (1 unless the definition declares another), to the running sums. Anyone can redo
//! the sum from the published ballots and compare it with the published tally.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::ballot::VerifiedBallot;
use crate::elgamal::{Ciphertext, CiphertextSum};
use crate::encoding::{Encode, Encoder};
use crate::error::BallotError;
use crate::ids::ContestIndex;
use crate::style::BallotStyle;

/// One contest's encrypted sums, one per option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestTally {
    /// The contest's index, as in the style.
    pub contest: ContestIndex,
    /// One sum per option: `T_{c,o} = Σ w·(A_{c,o}, B_{c,o})` over the counted ballots.
    pub options: Vec<Ciphertext>,
}

/// The encrypted tally of one ballot style (one voter group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedTally {
    /// How many ballots were summed.
    pub ballots: u64,
    /// The sum of their weights: with the option limits, it bounds every count.
    pub total_weight: u64,
    /// The style's contests, in its order.
    pub contests: Vec<ContestTally>,
}

impl Encode for EncryptedTally {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(self.ballots).u64(self.total_weight);
        enc.u64(self.contests.len() as u64);
        for c in &self.contests {
            enc.value(&c.contest).seq(&c.options);
        }
    }
}

impl EncryptedTally {
    /// Every ciphertext, contest by contest and option by option: the order in which
    /// trustees decrypt them.
    pub fn ciphertexts(&self) -> Vec<Ciphertext> {
        self.contests
            .iter()
            .flat_map(|c| c.options.iter().copied())
            .collect()
    }
}

/// Sums verified ballots of one style.
#[derive(Clone, Debug)]
pub struct TallyAccumulator {
    style: BallotStyle,
    sums: Vec<Vec<CiphertextSum>>,
    ballots: u64,
    total_weight: u64,
}

impl TallyAccumulator {
    /// An empty tally of `style`: every sum the encryption of 0 with randomness 0, `(O, O)`.
    pub fn new(style: &BallotStyle) -> Self {
        let sums = style
            .contests()
            .iter()
            .map(|c| vec![CiphertextSum::default(); c.spec.option_limits.len()])
            .collect();
        Self {
            style: style.clone(),
            sums,
            ballots: 0,
            total_weight: 0,
        }
    }

    /// Adds one ballot with the given weight. The ballot must have been verified against
    /// this accumulator's style; one of another shape is refused and nothing is added.
    pub fn add(&mut self, ballot: &VerifiedBallot, weight: u64) -> Result<(), BallotError> {
        let contests = &ballot.ballot().contests;
        let styled = self.style.contests();
        if contests.len() != styled.len() {
            return Err(BallotError::LenMismatch {
                collection: "contests",
                expected: styled.len(),
                actual: contests.len(),
            });
        }
        for (position, (c, s)) in contests.iter().zip(styled).enumerate() {
            if c.contest != s.contest || c.selections.len() != s.spec.option_limits.len() {
                return Err(BallotError::ContestOrder {
                    position,
                    expected: s.contest,
                    found: c.contest,
                });
            }
        }
        // spec/protocol.md §13: T_{c,o} += w·(A_{c,o}, B_{c,o}).
        for (sums, c) in self.sums.iter_mut().zip(contests) {
            for (sum, sel) in sums.iter_mut().zip(&c.selections) {
                sum.add_weighted(&sel.ciphertext, weight);
            }
        }
        self.ballots += 1;
        self.total_weight = self.total_weight.saturating_add(weight);
        Ok(())
    }

    /// Takes back a counted ballot (weight 1) that a later ballot from the same credential
    /// replaces, given its selection ciphertexts per contest (`spec/protocol.md` §13: the
    /// result equals the sum over the counted ballots only).
    pub fn remove(&mut self, ciphertexts: &[Vec<Ciphertext>]) -> Result<(), BallotError> {
        let styled = self.style.contests();
        if ciphertexts.len() != styled.len()
            || ciphertexts
                .iter()
                .zip(styled)
                .any(|(c, s)| c.len() != s.spec.option_limits.len())
        {
            return Err(BallotError::LenMismatch {
                collection: "contests of the replaced ballot",
                expected: styled.len(),
                actual: ciphertexts.len(),
            });
        }
        for (sums, cts) in self.sums.iter_mut().zip(ciphertexts) {
            for (sum, ct) in sums.iter_mut().zip(cts) {
                sum.subtract(ct);
            }
        }
        self.ballots = self.ballots.saturating_sub(1);
        self.total_weight = self.total_weight.saturating_sub(1);
        Ok(())
    }

    /// Adds many ballots of one weight, in parallel.
    pub fn add_all(&mut self, ballots: &[VerifiedBallot], weight: u64) -> Result<(), BallotError> {
        let parts: Vec<Result<TallyAccumulator, BallotError>> = ballots
            .par_chunks(512)
            .map(|chunk| {
                let mut part = TallyAccumulator::new(&self.style);
                for b in chunk {
                    part.add(b, weight)?;
                }
                Ok(part)
            })
            .collect();
        let mut merged = Vec::with_capacity(parts.len());
        for part in parts {
            merged.push(part?);
        }
        for part in merged {
            self.merge(&part);
        }
        Ok(())
    }

    fn merge(&mut self, other: &TallyAccumulator) {
        for (mine, theirs) in self.sums.iter_mut().zip(&other.sums) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        self.ballots += other.ballots;
        self.total_weight = self.total_weight.saturating_add(other.total_weight);
    }

    /// The tally as published: every sum compressed.
    pub fn finish(&self) -> EncryptedTally {
        EncryptedTally {
            ballots: self.ballots,
            total_weight: self.total_weight,
            contests: self
                .style
                .contests()
                .iter()
                .zip(&self.sums)
                .map(|(s, sums)| ContestTally {
                    contest: s.contest,
                    options: sums.iter().map(CiphertextSum::publish).collect(),
                })
                .collect(),
        }
    }

    /// How many ballots are counted.
    pub fn ballots(&self) -> u64 {
        self.ballots
    }

    /// The largest count any option of this tally can hold: `total_weight ×` the largest
    /// option limit of the style (`spec/protocol.md` §13).
    pub fn bound(&self) -> u64 {
        let max_limit = self
            .style
            .contests()
            .iter()
            .flat_map(|c| c.spec.option_limits.iter())
            .copied()
            .max()
            .unwrap_or(0);
        self.total_weight.saturating_mul(u64::from(max_limit))
    }
}
