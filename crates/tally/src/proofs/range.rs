//! The range proof that a ciphertext encrypts a count in `lo..=hi`: [`RangeProof`].

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use crate::batch::{weight, Equations};
use crate::elgamal::Encryptor;
use crate::encoding::{scalar_hex, Commitment, Encode, Encoder};
use crate::transcript::TranscriptExt;

/// One branch `(aⱼ, bⱼ, cⱼ, zⱼ)` of a [`RangeProof`]: the Chaum–Pedersen proof, real or
/// simulated, that `(A, B − jG)` encrypts zero, for the value `j = lo + k` of the `k`-th
/// branch. In JSON `{"a", "b", "c", "z"}` (`spec/protocol.md` §7.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeBranch {
    /// The commitment `aⱼ`, which the verifier checks as `zⱼ·G = aⱼ + cⱼ·A`.
    #[serde(rename = "a")]
    pub commitment_a: Commitment,
    /// The commitment `bⱼ`, which the verifier checks as `zⱼ·K = bⱼ + cⱼ·(B − j·G)`.
    #[serde(rename = "b")]
    pub commitment_b: Commitment,
    /// The branch's challenge `cⱼ`; the challenges of all branches sum to the
    /// transcript's challenge `c`.
    #[serde(rename = "c", with = "scalar_hex")]
    pub challenge: Scalar,
    /// The branch's response `zⱼ`.
    #[serde(rename = "z", with = "scalar_hex")]
    pub response: Scalar,
}

/// A proof that a ciphertext encrypts a count in `lo..=hi`: a disjunctive Chaum–Pedersen
/// proof (Cramer–Damgård–Schoenmakers), one [`RangeBranch`] per value
/// (`spec/protocol.md` §7.2; the security argument is `proofs/range.md`).
///
/// A ballot carries one for every selection (`0..=limit`) and one for every contest's
/// total (`min_total..=max_total`): see [`EncryptedSelection`](crate::EncryptedSelection)
/// and [`EncryptedContest`](crate::EncryptedContest).
///
/// # Relation
///
/// For the public generator `G`, election key `K`, ciphertext `(A, B)` and bounds
/// `lo ≤ hi`:
///
/// ```text
/// { (r, m) : A = rG, B = mG + rK, lo ≤ m ≤ hi }
/// ```
///
/// It is the disjunction over `j ∈ lo..=hi` of "`(A, B − jG)` encrypts zero", i.e. of the
/// Chaum–Pedersen statement `log_G A = log_K (B − jG)`, proved with the Cramer–Damgård–
/// Schoenmakers OR-composition: the prover simulates every branch but the true one, and the
/// verifier's challenge fixes the sum of the branch challenges.
///
/// # Construction
///
/// The prover, knowing `(r, m)`, for each branch `j`:
/// * for `j ≠ m`: random `cⱼ`, `zⱼ`; commitments `aⱼ = zⱼG − cⱼA`, `bⱼ = zⱼK − cⱼ(B − jG)`;
/// * for `j = m`: random `w`; commitments `aₘ = wG`, `bₘ = wK`.
///
/// It draws the challenge `c` from the transcript (below), then sets
/// `cₘ = c − Σ_{j≠m} cⱼ` and `zₘ = w + cₘ·r`. The proof is `(aⱼ, bⱼ, cⱼ, zⱼ)` for every
/// branch, in increasing `j`.
///
/// # Transcript
///
/// The caller first binds the whole statement: the election, the key and the ciphertext
/// `(A, B)` itself. A ballot binds every ciphertext of the contest, the credential and the
/// proof's place (`spec/protocol.md` §9.4; see [`Ballot`](crate::Ballot)). The proof then
/// appends, in order:
///
/// | label | value |
/// |---|---|
/// | `range-lo` | `lo`, as u64 |
/// | `range-hi` | `hi`, as u64 |
/// | `commitment-a`, `commitment-b` | `aⱼ`, `bⱼ`, for each branch in order |
///
/// and draws `c` as the challenge scalar under the label `challenge` (64 bytes reduced
/// modulo ℓ, `spec/protocol.md` §5.2).
///
/// # Verification
///
/// 1. the proof has exactly `hi − lo + 1` branches (else
///    [`BallotError::ProofShape`](crate::BallotError::ProofShape));
/// 2. recompute `c` from the transcript as above;
/// 3. `Σ cⱼ = c` (else [`BallotError::ChallengeMismatch`](crate::BallotError::ChallengeMismatch));
/// 4. every `aⱼ`, `bⱼ` decodes to a point (else
///    [`BallotError::CommitmentEncoding`](crate::BallotError::CommitmentEncoding)): a
///    commitment is a [`Commitment`], kept as its bytes until here;
/// 5. for every branch `j`:
///
/// ```text
/// zⱼ·G = aⱼ + cⱼ·A
/// zⱼ·K = bⱼ + cⱼ·(B − j·G)
/// ```
///
/// The commitments are published, not recomputed by the verifier, so that these equations
/// are linear in public points and verify in a batch ([`verify_ballots`](crate::verify_ballots)):
/// with weights `ρ, σ` a branch contributes
/// `(ρzⱼ + σcⱼj)·G + σzⱼ·K − ρ·aⱼ − σ·bⱼ − ρcⱼ·A − σcⱼ·B`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RangeProof {
    /// One branch per value of `lo..=hi`, in increasing order.
    pub branches: Vec<RangeBranch>,
}

impl Encode for RangeProof {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(self.branches.len() as u64);
        for b in &self.branches {
            enc.commitment(&b.commitment_a)
                .commitment(&b.commitment_b)
                .scalar(&b.challenge)
                .scalar(&b.response);
        }
    }
}

/// Why a range proof does not verify; the caller says where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RangeFault {
    Shape {
        expected: usize,
        actual: usize,
    },
    ChallengeSum,
    /// A commitment is not a canonical point encoding (`spec/protocol.md` §2.2).
    Commitment,
}

/// `spec/protocol.md` §7.2: the challenge `c` of a transcript `t` holding the statement,
/// over the range's bounds, then every branch's commitments, in order.
pub(crate) fn challenge(t: &mut Transcript, lo: u64, hi: u64, branches: &[RangeBranch]) -> Scalar {
    t.append_u64(b"range-lo", lo);
    t.append_u64(b"range-hi", hi);
    for b in branches {
        t.append_commitment(b"commitment-a", &b.commitment_a);
        t.append_commitment(b"commitment-b", &b.commitment_b);
    }
    t.challenge_scalar(b"challenge")
}

/// The prover's secret for one ciphertext: its count and its randomness.
pub(crate) struct Witness<'a> {
    pub m: u64,
    pub r: &'a Scalar,
}

/// The prover's first move: every branch's commitments, computed at half scale so that
/// the caller can compress all the commitments of a contest together
/// ([`Commitment::batch_from_halves`]); then [`RangeCommitments::finish`] binds them and answers
/// the challenge.
///
/// The prover is constant-time in `m` and `r`: it never branches on the true index. Because
/// it knows `r`, a simulated branch can be written with fixed bases only:
/// `aⱼ = (zⱼ − cⱼr)·G` and `bⱼ = (zⱼ − cⱼr)·K + cⱼ(j − m)·G`. Every branch is therefore
/// `aⱼ = uⱼG`, `bⱼ = uⱼK + vⱼG` with `uⱼ` chosen by constant-time selection between `w` and
/// `zⱼ − cⱼr`, and `vⱼ = cⱼ(j − m)`, which is zero on the true branch by construction.
///
/// It computes `½uⱼG` and `½uⱼK + ½vⱼG`, and the caller encodes their doubles in one
/// batch, with one field inversion for the lot instead of an inverse square root per point
/// (which was a third of the time to encrypt a ballot). The random draws, the transcript
/// and the proof are exactly those of the one-move construction of [`RangeProof`].
pub(crate) struct RangeCommitments<'a> {
    lo: u64,
    hi: u64,
    witness: Witness<'a>,
    w: Zeroizing<Scalar>,
    challenges: Vec<Scalar>,
    responses: Vec<Scalar>,
    /// `½aⱼ, ½bⱼ` for each branch in order.
    halves: Vec<RistrettoPoint>,
}

impl<'a> RangeCommitments<'a> {
    /// Commits to a proof that `m ∈ lo..=hi` for the ciphertext `(rG, mG + rK)`. The caller
    /// has checked the range; a count outside it yields a proof that does not verify, never
    /// a panic.
    pub(crate) fn new<R: CryptoRng + ?Sized>(
        enc: &Encryptor,
        lo: u64,
        hi: u64,
        witness: Witness<'a>,
        rng: &mut R,
    ) -> Self {
        let r = witness.r;
        let m = Scalar::from(witness.m);
        let w = Zeroizing::new(Scalar::random(rng));
        let n = (hi - lo + 1) as usize;
        let mut challenges = Vec::with_capacity(n);
        let mut responses = Vec::with_capacity(n);
        for _ in 0..n {
            challenges.push(Scalar::random(rng));
            responses.push(Scalar::random(rng));
        }
        // The true branch's offset; out of range only for a cheating voter's count.
        let true_offset = witness.m.wrapping_sub(lo);
        let half = enc.half();
        // `½vⱼG` is zero on the true branch, so only the other n − 1 are multiplied out:
        // the k-th of them is branch `k` before the true branch and `k + 1` after it.
        let others: Vec<RistrettoPoint> = (0..n as u64 - 1)
            .map(|k| {
                let after = !true_offset.ct_gt(&k);
                let c = Scalar::conditional_select(
                    &challenges[k as usize],
                    &challenges[k as usize + 1],
                    after,
                );
                let j = Scalar::from(lo + k)
                    + Scalar::conditional_select(&Scalar::ZERO, &Scalar::ONE, after);
                enc.mul_g(&(c * (j - m) * half))
            })
            .collect();
        // spec/protocol.md §7.2 (prover), in the fixed-base form of this type's doc:
        // aⱼ = uⱼG and bⱼ = uⱼK + vⱼG, here at half scale.
        let mut halves = Vec::with_capacity(2 * n);
        for (j, (c, z)) in (0..n as u64).zip(challenges.iter().zip(&responses)) {
            let is_true = j.ct_eq(&true_offset);
            let u = Zeroizing::new(Scalar::conditional_select(&(z - c * r), &w, is_true));
            let half_u = Zeroizing::new(*u * half);
            let same = others.get(j as usize).copied().unwrap_or_default();
            let before = j
                .checked_sub(1)
                .and_then(|k| others.get(k as usize))
                .copied()
                .unwrap_or_default();
            let mut half_v =
                RistrettoPoint::conditional_select(&same, &before, j.ct_gt(&true_offset));
            half_v.conditional_assign(&RistrettoPoint::default(), is_true);
            halves.push(enc.mul_g(&half_u));
            halves.push(enc.mul_k(&half_u) + half_v);
        }
        Self {
            lo,
            hi,
            witness,
            w,
            challenges,
            responses,
            halves,
        }
    }

    /// The commitments at half scale, `½aⱼ, ½bⱼ` for each branch.
    pub(crate) fn halves(&self) -> &[RistrettoPoint] {
        &self.halves
    }

    /// Binds the commitments (`commitments[2j]`, `commitments[2j + 1]` are `aⱼ`, `bⱼ`, the
    /// doubles of [`Self::halves`]) into `t`, which has bound the statement, and answers the
    /// challenge.
    pub(crate) fn finish(self, t: &mut Transcript, commitments: &[Commitment]) -> RangeProof {
        let (lo, hi, witness) = (self.lo, self.hi, self.witness);
        let mut branches: Vec<RangeBranch> = commitments
            .chunks_exact(2)
            .map(|ab| RangeBranch {
                commitment_a: ab[0],
                commitment_b: ab[1],
                challenge: Scalar::ZERO,
                response: Scalar::ZERO,
            })
            .collect();
        let c = challenge(t, lo, hi, &branches);
        // spec/protocol.md §7.2: cₘ = c − Σ_{j≠m} cⱼ and zₘ = w + cₘ·r.
        let mut simulated_sum = Scalar::ZERO;
        for (j, cj) in (lo..=hi).zip(&self.challenges) {
            simulated_sum += Scalar::conditional_select(cj, &Scalar::ZERO, j.ct_eq(&witness.m));
        }
        let c_true = c - simulated_sum;
        let z_true = Zeroizing::new(*self.w + c_true * witness.r);
        for ((j, branch), (cj, zj)) in (lo..=hi)
            .zip(branches.iter_mut())
            .zip(self.challenges.iter().zip(&self.responses))
        {
            let is_true = j.ct_eq(&witness.m);
            branch.challenge = Scalar::conditional_select(cj, &c_true, is_true);
            branch.response = Scalar::conditional_select(zj, &z_true, is_true);
        }
        RangeProof { branches }
    }
}

impl RangeProof {
    /// Checks the proof's shape and challenge sum, and adds its weighted equations to `eqs`.
    ///
    /// `a_coeff` and `b_coeff` receive the coefficients of the ciphertext's `A` and `B`, so
    /// that the caller can add them to the points those are built from (a contest total's
    /// ciphertext is the sum of its selections', and is never compressed on its own).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn verify_into<R: CryptoRng + ?Sized>(
        &self,
        t: &mut Transcript,
        lo: u64,
        hi: u64,
        eqs: &mut Equations,
        a_coeff: &mut Scalar,
        b_coeff: &mut Scalar,
        rng: &mut R,
    ) -> Result<(), RangeFault> {
        // spec/protocol.md §7.2, verifier step 1: one branch per value.
        let expected = (hi - lo + 1) as usize;
        if self.branches.len() != expected {
            return Err(RangeFault::Shape {
                expected,
                actual: self.branches.len(),
            });
        }
        // spec/protocol.md §7.2, verifier step 2: recompute c from the transcript.
        let c = challenge(t, lo, hi, &self.branches);
        // spec/protocol.md §7.2, verifier step 3: Σ cⱼ = c.
        let sum: Scalar = self.branches.iter().map(|b| b.challenge).sum();
        if sum != c {
            return Err(RangeFault::ChallengeSum);
        }
        // spec/protocol.md §7.2 steps 4 and 5, in the weighted form of §9.7 step 2:
        // (ρzⱼ + σcⱼj)·G + σzⱼ·K − ρ·aⱼ − σ·bⱼ − ρcⱼ·A − σcⱼ·B.
        for (j, b) in (lo..=hi).zip(&self.branches) {
            let rho = weight(rng);
            let sigma = weight(rng);
            let sc = sigma * b.challenge;
            eqs.add_g(rho * b.response + sc * Scalar::from(j));
            eqs.add_k(sigma * b.response);
            // spec/protocol.md §2.2: a commitment is decoded here, where it is used.
            let a = b
                .commitment_a
                .decode()
                .map_err(|_| RangeFault::Commitment)?;
            let bj = b
                .commitment_b
                .decode()
                .map_err(|_| RangeFault::Commitment)?;
            eqs.push(-rho, a);
            eqs.push(-sigma, bj);
            *a_coeff -= rho * b.challenge;
            *b_coeff -= sc;
        }
        Ok(())
    }
}
