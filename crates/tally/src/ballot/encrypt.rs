//! Encryption of a voter's choices into a prepared ballot, and its casting or audit.

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_core::CryptoRng;
use zeroize::Zeroizing;

use super::audit::{AuditedBallot, BallotOpening, ContestCiphertexts, SelectionOpening};
use super::cast::{Ballot, EncryptedContest, EncryptedSelection};
use super::content::ballot_hash;
use super::statement::{
    ballot_transcript, contest_transcript, selection_transcript, total_transcript,
};
use super::SIGNATURE_DOMAIN;
use crate::credential::{Credential, CredentialSecret};
use crate::elgamal::{Ciphertext, Encryptor};
use crate::encoding::{BallotHash, Commitment, ElectionHash, Point};
use crate::error::{BallotError, BallotPart};
use crate::ids::OptionIndex;
use crate::proofs::range::{RangeCommitments, RangeProof, Witness};
use crate::style::{BallotStyle, StyledContest};
use crate::tracking::TrackingCode;

/// A ballot encrypted and proved but not yet cast or audited: what the voter's device holds
/// while it shows the tracking code and asks "cast or audit?" (`spec/protocol.md` §11).
///
/// # Cast or audit (`spec/protocol.md` §9.3, §9.5, §11)
///
/// The ballot hash is `tagged_hash("zhixuan-v1/ballot", election ‖ contests' ciphertexts)`:
/// neither the credential nor the proofs, so the tracking code the device shows is fixed
/// before anything is signed, and is the same whichever the voter chooses.
/// [`Encryptor::encrypt_ballot`] gives the prepared ballot; the voter then either
/// [casts](Self::cast) it, and only then does the credential sign
/// `Sign_x("ballot-signature", ballot_hash)`, giving the [`Ballot`], or
/// [audits](Self::audit) it, which gives the [`AuditedBallot`] that publishes the
/// ciphertexts and their opening with neither credential, proofs nor signature.
///
/// Nothing in a prepared ballot is signed. Each of `cast` and `audit` consumes it, and it
/// is neither `Clone` nor deserializable, so one prepared ballot is either cast or audited,
/// never both, and no audit carries a signature a board could reuse to count it. The
/// opening is zeroized when it is dropped.
#[derive(Debug)]
pub struct PreparedBallot {
    election: ElectionHash,
    credential: Credential,
    contests: Vec<EncryptedContest>,
    opening: BallotOpening,
    hash: BallotHash,
}

impl PreparedBallot {
    /// The ballot hash (`spec/protocol.md` §9.3), the same whether it is cast or audited.
    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    /// The tracking code (§10) to show the voter before they choose.
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash)
    }

    /// The public credential every proof is bound to (§9.4).
    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    /// The contests with their ciphertexts and proofs.
    pub fn contests(&self) -> &[EncryptedContest] {
        &self.contests
    }

    /// Casts the ballot: `signature = Sign_x("ballot-signature", ballot_hash)`
    /// (`spec/protocol.md` §9.5), with `secret` the credential the ballot was encrypted
    /// for. The opening is dropped (zeroized); nothing can audit this ballot any more.
    pub fn cast<R: CryptoRng + ?Sized>(
        self,
        secret: &CredentialSecret,
        rng: &mut R,
    ) -> Result<Ballot, BallotError> {
        let PreparedBallot {
            election,
            credential,
            contests,
            opening,
            hash,
        } = self;
        drop(opening);
        if secret.public() != credential {
            return Err(BallotError::CredentialMismatch);
        }
        // spec/protocol.md §9.5: the credential signs the 32 bytes of the ballot hash.
        let signature = secret.sign(SIGNATURE_DOMAIN, hash.as_bytes(), rng);
        Ok(Ballot {
            election,
            credential,
            contests,
            signature,
        })
    }

    /// Audits the ballot instead of casting it (`spec/protocol.md` §11): the ciphertexts and
    /// their opening, under the voter group `group` whose style the ballot follows; no
    /// credential, no proof (they are bound to the credential, §9.4, and would name it), no
    /// signature. Nothing can cast this ballot any more.
    pub fn audit(self, group: impl Into<String>) -> AuditedBallot {
        let PreparedBallot {
            election,
            contests,
            opening,
            ..
        } = self;
        let contests = contests
            .iter()
            .map(|c| ContestCiphertexts {
                contest: c.contest,
                ciphertexts: c.selections.iter().map(|s| s.ciphertext).collect(),
            })
            .collect();
        AuditedBallot {
            election,
            group: group.into(),
            contests,
            opening,
        }
    }
}

impl Encryptor {
    /// Encrypts a voter's choices (per contest of `style`, per option, a count) for the
    /// public credential `credential`, with all the proofs (`spec/protocol.md` §9.4). The
    /// credential's secret is not needed until the voter casts the [`PreparedBallot`].
    pub fn encrypt_ballot<R: CryptoRng + ?Sized>(
        &self,
        style: &BallotStyle,
        choices: &[Vec<u32>],
        credential: &Credential,
        rng: &mut R,
    ) -> Result<PreparedBallot, BallotError> {
        check_choices(style, choices)?;
        Ok(self.encrypt_unchecked(style, choices, credential, rng))
    }

    /// Encrypts choices that may break the style's limits; such a ballot's proofs do not
    /// verify. Separate from [`Self::encrypt_ballot`] so that tests can play a cheating voter.
    pub(super) fn encrypt_unchecked<R: CryptoRng + ?Sized>(
        &self,
        style: &BallotStyle,
        choices: &[Vec<u32>],
        credential: &Credential,
        rng: &mut R,
    ) -> PreparedBallot {
        let base = ballot_transcript(self.context(), credential);
        let mut contests = Vec::with_capacity(choices.len());
        let mut opening = BallotOpening {
            contests: Vec::with_capacity(choices.len()),
        };
        for (styled, values) in style.contests().iter().zip(choices) {
            let (contest, openings) = self.encrypt_contest(&base, styled, values, rng);
            contests.push(contest);
            opening.contests.push(openings);
        }
        let election = self.context().election;
        let hash = ballot_hash(&election, &contests);
        PreparedBallot {
            election,
            credential: credential.clone(),
            contests,
            opening,
            hash,
        }
    }

    /// Encrypts one contest. The ciphertexts are compressed in one batch, then every
    /// proof's commitments in another (see [`Commitment::batch_from_halves`]); the contest
    /// transcript binds every ciphertext, so it is built between the two.
    fn encrypt_contest<R: CryptoRng + ?Sized>(
        &self,
        base: &Transcript,
        styled: &StyledContest,
        values: &[u32],
        rng: &mut R,
    ) -> (EncryptedContest, Vec<SelectionOpening>) {
        let limits = &styled.spec.option_limits;
        let openings: Vec<SelectionOpening> = values
            .iter()
            .map(|&value| SelectionOpening {
                value,
                nonce: Scalar::random(rng),
            })
            .collect();
        // spec/protocol.md §6.1: (A, B) = (rG, mG + rK) for each selection, at half scale.
        let halves: Vec<RistrettoPoint> = openings
            .iter()
            .zip(limits)
            .flat_map(|(o, &limit)| self.half_encrypt(u64::from(o.value), limit, &o.nonce))
            .collect();
        let mut contest = EncryptedContest {
            contest: styled.contest,
            selections: Point::batch_from_halves(&halves)
                .chunks_exact(2)
                .map(|ab| EncryptedSelection {
                    ciphertext: Ciphertext { a: ab[0], b: ab[1] },
                    proof: RangeProof {
                        branches: Vec::new(),
                    },
                })
                .collect(),
            total_proof: RangeProof {
                branches: Vec::new(),
            },
        };
        let tc = contest_transcript(base, &contest);

        // spec/protocol.md §9.4: (A_Σ, B_Σ), the sum of the selections' ciphertexts,
        // encrypts the sum of their counts with the sum of their randomness.
        let total_r = Zeroizing::new(openings.iter().map(|o| o.nonce).sum::<Scalar>());
        let total_m: u64 = openings.iter().map(|o| u64::from(o.value)).sum();
        let provers: Vec<RangeCommitments<'_>> = openings
            .iter()
            .zip(limits)
            .map(|(opening, &limit)| {
                let witness = Witness {
                    m: u64::from(opening.value),
                    r: &opening.nonce,
                };
                RangeCommitments::new(self, 0, u64::from(limit), witness, rng)
            })
            .collect();
        let witness = Witness {
            m: total_m,
            r: &total_r,
        };
        let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
        let total = RangeCommitments::new(self, u64::from(lo), u64::from(hi), witness, rng);
        let halves: Vec<RistrettoPoint> = provers
            .iter()
            .chain([&total])
            .flat_map(|p| p.halves().iter().copied())
            .collect();
        let commitments = Commitment::batch_from_halves(&halves);
        let mut rest = commitments.as_slice();
        for (o, (selection, prover)) in contest.selections.iter_mut().zip(provers).enumerate() {
            let (mine, after) = rest.split_at(prover.halves().len());
            rest = after;
            selection.proof = prover.finish(&mut selection_transcript(&tc, o), mine);
        }
        contest.total_proof = total.finish(&mut total_transcript(&tc), rest);
        (contest, openings)
    }
}

fn check_choices(style: &BallotStyle, choices: &[Vec<u32>]) -> Result<(), BallotError> {
    let styled = style.contests();
    if choices.len() != styled.len() {
        return Err(BallotError::LenMismatch {
            collection: "contests",
            expected: styled.len(),
            actual: choices.len(),
        });
    }
    for (s, values) in styled.iter().zip(choices) {
        if values.len() != s.spec.option_limits.len() {
            return Err(BallotError::LenMismatch {
                collection: "selections",
                expected: s.spec.option_limits.len(),
                actual: values.len(),
            });
        }
        for (o, (&v, &limit)) in values.iter().zip(&s.spec.option_limits).enumerate() {
            if v > limit {
                return Err(BallotError::ChoiceOutOfRange {
                    part: BallotPart::Selection(s.contest, OptionIndex(o as u32)),
                    value: u64::from(v),
                    min: 0,
                    max: u64::from(limit),
                });
            }
        }
        let total: u64 = values.iter().map(|&v| u64::from(v)).sum();
        if total < u64::from(s.spec.min_total) || total > u64::from(s.spec.max_total) {
            return Err(BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(s.contest),
                value: total,
                min: u64::from(s.spec.min_total),
                max: u64::from(s.spec.max_total),
            });
        }
    }
    Ok(())
}
