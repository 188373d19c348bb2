//! Benaloh audit: a prepared ballot opened instead of cast, and its check.

use core::fmt;

use curve25519_dalek::scalar::Scalar;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::content::{ballot_hash, check_shape};
use crate::elgamal::{Ciphertext, Encryptor};
use crate::encoding::{scalar_hex, BallotHash, ElectionHash, Encode, Encoder};
use crate::error::{BallotError, BallotPart};
use crate::ids::{ContestIndex, OptionIndex};
use crate::style::BallotStyle;
use crate::tracking::TrackingCode;

/// One contest's selection ciphertexts, in option order, without their proofs: what an
/// audited ballot publishes of each contest (`spec/protocol.md` §11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestCiphertexts {
    /// The contest's index, which must be the style's at this position.
    pub contest: ContestIndex,
    /// One ciphertext per option, in option order.
    pub ciphertexts: Vec<Ciphertext>,
}

impl Encode for ContestCiphertexts {
    /// `u64(contest) ‖ seq(ciphertexts)`.
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.contest).seq(&self.ciphertexts);
    }
}

/// The voter's secret for one selection: its count and its encryption randomness. Revealed
/// only when the voter audits the ballot instead of casting it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct SelectionOpening {
    /// The count `m` the selection encrypts.
    pub value: u32,
    /// The encryption randomness `r`: the ciphertext is `(rG, mG + rK)`.
    #[serde(with = "scalar_hex")]
    pub nonce: Scalar,
}

/// Everything needed to open a ballot: per contest, per selection. Zeroized on drop;
/// `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct BallotOpening {
    /// Per contest of the ballot, per selection, its opening.
    pub contests: Vec<Vec<SelectionOpening>>,
}

impl fmt::Debug for BallotOpening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BallotOpening(..)")
    }
}

/// A ballot the voter chose to audit (Benaloh) instead of casting (`spec/protocol.md` §11):
/// the election, the voter group whose style it follows, each contest's ciphertexts, and
/// every selection's opening (value and encryption randomness), so that anyone can see what
/// it held and that the device encrypted honestly.
///
/// It carries no credential, no proof and no signature: nothing in it names the voter
/// beyond their group, and no credential ever signed its hash, so it cannot be posted as a
/// cast [`Ballot`](crate::Ballot). Its hash is the ballot hash of its election and
/// ciphertexts (§9.3), the one the voter was shown; the board and the verifier also refuse
/// to count any ballot with that hash, since its randomness is public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditedBallot {
    /// The election hash.
    pub election: ElectionHash,
    /// The id of the voter group whose style the ballot follows.
    pub group: String,
    /// Each contest's ciphertexts, as the prepared ballot had them.
    pub contests: Vec<ContestCiphertexts>,
    /// Every selection's value and randomness, per contest in the same order.
    pub opening: BallotOpening,
}

impl Encode for AuditedBallot {
    /// `election ‖ group ‖ seq(contests) ‖` then per contest and selection of the opening
    /// `u64(value) ‖ nonce` (`spec/protocol.md` §3.1).
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.election)
            .str(&self.group)
            .seq(&self.contests);
        enc.u64(self.opening.contests.len() as u64);
        for contest in &self.opening.contests {
            enc.u64(contest.len() as u64);
            for s in contest {
                enc.u64(u64::from(s.value)).scalar(&s.nonce);
            }
        }
    }
}

/// An audited ballot whose shape matches its style and whose opening reproduces every
/// ciphertext with counts the style allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedAudit {
    hash: BallotHash,
    choices: Vec<Vec<u32>>,
}

impl VerifiedAudit {
    /// The audited ballot's hash (`spec/protocol.md` §9.3), which no counted ballot may
    /// have.
    pub fn hash(&self) -> &BallotHash {
        &self.hash
    }

    /// What the ballot held, per contest and option.
    pub fn choices(&self) -> &[Vec<u32>] {
        &self.choices
    }
}

impl AuditedBallot {
    /// The ballot hash (`spec/protocol.md` §9.3) of its election and ciphertexts: the hash
    /// of the prepared ballot the voter audited.
    pub fn hash(&self) -> BallotHash {
        ballot_hash(&self.election, &self.contests)
    }

    /// The tracking code (§10) the voter was shown before choosing to audit.
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash())
    }

    /// The checks of `spec/protocol.md` §11 after parsing, against `style`, the style of the
    /// group the audit names (the caller finds it; an unknown group is the caller's error):
    /// the shape (§9.6 steps 2–4), then per contest and selection that the opening
    /// re-encrypts to the ciphertext and its value is within the option's limit, then the
    /// contest's total within `min_total..=max_total`.
    pub fn verify(
        &self,
        encryptor: &Encryptor,
        style: &BallotStyle,
    ) -> Result<VerifiedAudit, BallotError> {
        // spec/protocol.md §11 steps 3–4.
        check_shape(
            &self.election,
            &self.contests,
            &encryptor.context().election,
            style,
        )?;
        // spec/protocol.md §11 step 5.
        let contests = &self.contests;
        if self.opening.contests.len() != contests.len() {
            return Err(BallotError::LenMismatch {
                collection: "opened contests",
                expected: contests.len(),
                actual: self.opening.contests.len(),
            });
        }
        let mut choices = Vec::with_capacity(contests.len());
        for ((contest, opened), styled) in contests
            .iter()
            .zip(&self.opening.contests)
            .zip(style.contests())
        {
            if opened.len() != contest.ciphertexts.len() {
                return Err(BallotError::LenMismatch {
                    collection: "opened selections",
                    expected: contest.ciphertexts.len(),
                    actual: opened.len(),
                });
            }
            let limits = &styled.spec.option_limits;
            for (o, ((ct, open), &limit)) in contest
                .ciphertexts
                .iter()
                .zip(opened)
                .zip(limits)
                .enumerate()
            {
                let part = BallotPart::Selection(contest.contest, OptionIndex(o as u32));
                // spec/protocol.md §11 step 6: A = nonce·G and B = value·G + nonce·K.
                if encryptor.encrypt(u64::from(open.value), &open.nonce) != *ct {
                    return Err(BallotError::OpeningMismatch { part });
                }
                if open.value > limit {
                    return Err(BallotError::ChoiceOutOfRange {
                        part,
                        value: u64::from(open.value),
                        min: 0,
                        max: u64::from(limit),
                    });
                }
            }
            let total: u64 = opened.iter().map(|o| u64::from(o.value)).sum();
            let (lo, hi) = (styled.spec.min_total, styled.spec.max_total);
            if total < u64::from(lo) || total > u64::from(hi) {
                return Err(BallotError::ChoiceOutOfRange {
                    part: BallotPart::ContestTotal(contest.contest),
                    value: total,
                    min: u64::from(lo),
                    max: u64::from(hi),
                });
            }
            choices.push(opened.iter().map(|o| o.value).collect());
        }
        Ok(VerifiedAudit {
            hash: self.hash(),
            choices,
        })
    }
}
