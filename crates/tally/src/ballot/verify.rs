//! Verification of cast ballots, one at a time or in batches.

use curve25519_dalek::scalar::Scalar;
use rand_core::CryptoRng;
use rayon::prelude::*;

use super::cast::{Ballot, EncryptedSelection};
use super::content::check_shape;
use super::statement::{
    ballot_transcript, contest_transcript, selection_transcript, total_transcript,
};
use super::SIGNATURE_DOMAIN;
use crate::batch::{failing, holds, Equations};
use crate::credential::Credential;
use crate::elgamal::ElectionContext;
use crate::encoding::BallotHash;
use crate::error::{BallotError, BallotPart};
use crate::ids::OptionIndex;
use crate::proofs::range::RangeFault;
use crate::style::BallotStyle;
use crate::tracking::TrackingCode;

/// Ballots per multiscalar multiplication (`spec/protocol.md` §9.7: at most 128): past
/// about 100 five-option ballots a larger multiplication is no cheaper per point, and
/// smaller batches bisect faster.
const BATCH_CHUNK: usize = 128;

impl Ballot {
    /// Verifies this ballot alone against the election context and the style of the voter's
    /// group: the checks of `spec/protocol.md` §9.6 after parsing, in order, the first that
    /// fails deciding the error:
    ///
    /// 1. the election is the context's ([`BallotError::WrongElection`]);
    /// 2. as many contests as the style, each with the style's index at its position and as
    ///    many selections as options, no ciphertext with an identity component;
    /// 3. for each contest, each selection's [`RangeProof`](crate::RangeProof) then the
    ///    total's: shape, challenge sum and commitments' encodings
    ///    ([`BallotError::ProofShape`], [`BallotError::ChallengeMismatch`],
    ///    [`BallotError::CommitmentEncoding`]), then the encoding of the signature's
    ///    commitment;
    /// 4. every verification equation, the signature's included
    ///    ([`BallotError::ProofEquation`], naming the first part that fails).
    ///
    /// The equations are checked as one weighted sum, as [`verify_ballots`] does for many
    /// ballots, which is several times faster per ballot.
    pub fn verify(
        self,
        context: &ElectionContext,
        style: &BallotStyle,
    ) -> Result<VerifiedBallot, BallotError> {
        let mut rng = rand::rng();
        let hash = self.hash();
        let eqs = self.whole_equations(context, style, &hash, &mut rng)?;
        if holds([&eqs], context.key.point().point()) {
            Ok(VerifiedBallot { ballot: self, hash })
        } else {
            Err(self.locate_failure(context, style, &hash))
        }
    }

    /// The ballot's weighted verification equations, whole or split by part.
    fn equations<R: CryptoRng + ?Sized>(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
        split: Split,
        rng: &mut R,
    ) -> Result<Vec<(BallotPart, Equations)>, BallotError> {
        // spec/protocol.md §9.6 steps 2–4, before any proof.
        check_shape(&self.election, &self.contests, &context.election, style)?;
        let mut sink = Sink::new(split);
        let base = ballot_transcript(context, &self.credential);
        for (contest, styled) in self.contests.iter().zip(style.contests()) {
            let index = contest.contest;
            let tc = contest_transcript(&base, contest);
            // spec/protocol.md §9.6 step 5 (shape and challenge sum) and the weighted
            // equations of step 6, each selection's proof, then the total's.
            let mut coeffs = vec![[Scalar::ZERO; 2]; contest.selections.len()];
            for (o, (sel, &limit)) in contest
                .selections
                .iter()
                .zip(&styled.spec.option_limits)
                .enumerate()
            {
                let part = BallotPart::Selection(index, OptionIndex(o as u32));
                let mut t = selection_transcript(&tc, o);
                let [ca, cb] = &mut coeffs[o];
                let eq = sink.eq(part);
                sel.proof
                    .verify_into(&mut t, 0, u64::from(limit), eq, ca, cb, rng)
                    .map_err(|f| fault(part, f))?;
                if split == Split::ByPart {
                    flush(eq, &mut coeffs[o..=o], &contest.selections[o..=o]);
                }
            }
            let part = BallotPart::ContestTotal(index);
            let mut t = total_transcript(&tc);
            let (mut ta, mut tb) = (Scalar::ZERO, Scalar::ZERO);
            let eq = sink.eq(part);
            let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
            contest
                .total_proof
                .verify_into(
                    &mut t,
                    u64::from(lo),
                    u64::from(hi),
                    eq,
                    &mut ta,
                    &mut tb,
                    rng,
                )
                .map_err(|f| fault(part, f))?;
            // spec/protocol.md §9.7 step 2: (A_Σ, B_Σ) = (Σ A_o, Σ B_o), so the total
            // proof's coefficients go to every selection's A_o and B_o.
            for [ca, cb] in &mut coeffs {
                *ca += ta;
                *cb += tb;
            }
            flush(eq, &mut coeffs, &contest.selections);
        }
        // spec/protocol.md §9.5 and §9.6 step 6: the signature over the ballot hash.
        let eq = sink.eq(BallotPart::Signature);
        self.credential
            .key()
            .batch_verify(SIGNATURE_DOMAIN, hash.as_bytes(), &self.signature, eq, rng)
            .map_err(|_| BallotError::CommitmentEncoding {
                part: BallotPart::Signature,
            })?;
        Ok(sink.parts)
    }

    fn whole_equations<R: CryptoRng + ?Sized>(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
        rng: &mut R,
    ) -> Result<Equations, BallotError> {
        let mut parts = self.equations(context, style, hash, Split::Whole, rng)?;
        Ok(parts.pop().map(|(_, e)| e).unwrap_or_default())
    }

    /// Names the first part of a ballot whose equations fail (called only after a failure),
    /// with fresh weights, in the order of `spec/protocol.md` §9.6 step 6.
    fn locate_failure(
        &self,
        context: &ElectionContext,
        style: &BallotStyle,
        hash: &BallotHash,
    ) -> BallotError {
        let key = context.key.point().point();
        match self.equations(context, style, hash, Split::ByPart, &mut rand::rng()) {
            Err(e) => e,
            Ok(parts) => {
                let part = parts
                    .iter()
                    .find(|(_, e)| !holds([e], key))
                    .map_or(BallotPart::Ballot, |(p, _)| *p);
                BallotError::ProofEquation { part }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Split {
    /// One set of equations for the whole ballot: the fewest points, for batches.
    Whole,
    /// One set per part, to name the part that fails.
    ByPart,
}

struct Sink {
    split: Split,
    parts: Vec<(BallotPart, Equations)>,
}

impl Sink {
    fn new(split: Split) -> Self {
        Self {
            split,
            parts: Vec::new(),
        }
    }

    fn eq(&mut self, part: BallotPart) -> &mut Equations {
        if self.split == Split::ByPart || self.parts.is_empty() {
            let label = if self.split == Split::ByPart {
                part
            } else {
                BallotPart::Ballot
            };
            self.parts.push((label, Equations::with_capacity(48)));
        }
        let last = self.parts.len() - 1;
        &mut self.parts[last].1
    }
}

/// Moves the accumulated coefficients of the selections' `A` and `B` into `eq`.
fn flush(eq: &mut Equations, coeffs: &mut [[Scalar; 2]], selections: &[EncryptedSelection]) {
    for ([ca, cb], sel) in coeffs.iter_mut().zip(selections) {
        eq.push(*ca, *sel.ciphertext.a.point());
        eq.push(*cb, *sel.ciphertext.b.point());
        *ca = Scalar::ZERO;
        *cb = Scalar::ZERO;
    }
}

fn fault(part: BallotPart, f: RangeFault) -> BallotError {
    match f {
        RangeFault::Shape { expected, actual } => BallotError::ProofShape {
            part,
            expected,
            actual,
        },
        RangeFault::ChallengeSum => BallotError::ChallengeMismatch { part },
        RangeFault::Commitment => BallotError::CommitmentEncoding { part },
    }
}

/// A ballot whose shape, proofs and signature have been verified. Only verification builds
/// one, so anything that holds a `VerifiedBallot` may count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedBallot {
    ballot: Ballot,
    hash: BallotHash,
}

impl VerifiedBallot {
    /// The ballot that was verified.
    pub fn ballot(&self) -> &Ballot {
        &self.ballot
    }

    /// Its ballot hash (`spec/protocol.md` §9.3).
    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    /// The credential that cast it.
    pub fn credential(&self) -> &Credential {
        &self.ballot.credential
    }

    /// Its tracking code (`spec/protocol.md` §10).
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash)
    }

    /// The ballot, giving up the proof that it was verified.
    pub fn into_ballot(self) -> Ballot {
        self.ballot
    }

    /// A ballot whose proofs and signature are not checked again, because the caller's own
    /// signature vouches that they were: a board restarting on a log that its own signed
    /// checkpoint covers (`spec/board.md` §10.1). Only the shape is checked (`spec/protocol.md`
    /// §9.6 steps 2–4), since the tally adds the ciphertexts. Never for a ballot received
    /// from anyone else: that one goes through [`Ballot::verify`] or [`verify_ballots`].
    pub fn vouched(
        ballot: Ballot,
        context: &ElectionContext,
        style: &BallotStyle,
    ) -> Result<VerifiedBallot, BallotError> {
        check_shape(&ballot.election, &ballot.contests, &context.election, style)?;
        let hash = ballot.hash();
        Ok(VerifiedBallot { ballot, hash })
    }
}

/// Verifies many ballots, each against its group's style, with the checks of
/// [`Ballot::verify`]: one multiscalar multiplication per chunk of ballots, chunks in
/// parallel on all cores, and bisection of a failing chunk to name each bad ballot and the
/// part of it that fails. Results are in input order.
///
/// # Batch verification (`spec/protocol.md` §9.7; the argument is `proofs/batch.md`)
///
/// Every equation the ballot proofs and signatures check is linear in public points, of the
/// form `Σ sᵢ·Pᵢ + g·G + k·K = O`, where `G` is the generator and `K` the election key.
/// Instead of checking each, the verifier multiplies each equation by an independent
/// random 128-bit weight (`ρ`, and `σ` for a range branch's second equation), drawn after
/// the ballots are fixed, and checks the sum with one variable-time multiscalar
/// multiplication. A [`RangeProof`](crate::RangeProof) branch contributes
///
/// ```text
/// (ρ·zⱼ + σ·cⱼ·j)·G + (σ·zⱼ)·K − ρ·aⱼ − σ·bⱼ − (ρ·cⱼ)·A − (σ·cⱼ)·B
/// ```
///
/// (for a total proof `A`, `B` are `A_Σ`, `B_Σ`, so its coefficients go to every
/// selection's `A_o`, `B_o`), and a [`Signature`](crate::Signature)
///
/// ```text
/// (ρ·s)·G − ρ·R − (ρ·e)·P
/// ```
///
/// `G` and `K` appear in every equation, so they are *static* points: their coefficients
/// are summed over the whole batch and each enters the multiplication once. Every other
/// point is an *instance* point with its own coefficient. If every equation holds the sum
/// is the identity; if one fails, the sum is the identity with probability at most
/// 2⁻¹²⁸ over that equation's weight, which the prover cannot see in advance.
///
/// A batch holds at most 128 ballots. When one fails, it is bisected, with the same
/// weights, to find the ballots whose equations do not hold (one bad ballot among `n`
/// costs about `2·log₂ n` more multiplications), and each of those is checked part by
/// part, with fresh weights, to name the failing part as [`Ballot::verify`] does.
pub fn verify_ballots(
    context: &ElectionContext,
    ballots: Vec<(Ballot, &BallotStyle)>,
) -> Vec<Result<VerifiedBallot, BallotError>> {
    let key = context.key.point().point();
    let mut chunks: Vec<Vec<(Ballot, &BallotStyle)>> = Vec::new();
    let mut iter = ballots.into_iter().peekable();
    while iter.peek().is_some() {
        chunks.push(iter.by_ref().take(BATCH_CHUNK).collect());
    }
    chunks
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let mut rng = rand::rng();
            let prepared: Vec<_> = chunk
                .into_iter()
                .map(|(ballot, style)| {
                    let hash = ballot.hash();
                    let eqs = ballot.whole_equations(context, style, &hash, &mut rng);
                    (ballot, style, hash, eqs)
                })
                .collect();
            let ok: Vec<&Equations> = prepared
                .iter()
                .filter_map(|(_, _, _, e)| e.as_ref().ok())
                .collect();
            let bad = failing(&ok, key);
            let mut ok_position = 0usize;
            prepared
                .into_iter()
                .map(|(ballot, style, hash, eqs)| match eqs {
                    Err(e) => Err(e),
                    Ok(_) => {
                        let failed = bad.binary_search(&ok_position).is_ok();
                        ok_position += 1;
                        if failed {
                            Err(ballot.locate_failure(context, style, &hash))
                        } else {
                            Ok(VerifiedBallot { ballot, hash })
                        }
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
