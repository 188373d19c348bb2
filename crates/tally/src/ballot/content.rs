//! What a cast, a prepared and an audited ballot share: the election and every contest's
//! ciphertexts, with the ballot hash over them and the shape checks on them.

use super::audit::ContestCiphertexts;
use super::cast::EncryptedContest;
use crate::elgamal::Ciphertext;
use crate::encoding::{tagged_hash, BallotHash, ElectionHash, Encode, Encoder};
use crate::error::{BallotError, BallotPart};
use crate::ids::{ContestIndex, OptionIndex};
use crate::style::BallotStyle;

/// Hash domain of the ballot hash (`spec/protocol.md` §4, §9.3).
const HASH_DOMAIN: &str = "zhixuan-v1/ballot";

/// A contest as the ballot hash sees it: its index and its ciphertexts. Cast, prepared and
/// audited ballots hash the same bytes through it, so all three have one tracking code.
pub(super) trait SealedContest {
    fn index(&self) -> ContestIndex;
    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext>;
}

impl SealedContest for EncryptedContest {
    fn index(&self) -> ContestIndex {
        self.contest
    }

    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext> {
        self.selections.iter().map(|s| &s.ciphertext)
    }
}

impl SealedContest for ContestCiphertexts {
    fn index(&self) -> ContestIndex {
        self.contest
    }

    fn ciphertexts(&self) -> impl ExactSizeIterator<Item = &Ciphertext> {
        self.ciphertexts.iter()
    }
}

/// What the ballot hash covers (`spec/protocol.md` §9.3): `election ‖ u64(number of
/// contests) ‖` for each contest `u64(contest) ‖ seq(ciphertexts)`. Neither the credential
/// nor the proofs: an audited ballot publishes neither, yet has the hash the voter was
/// shown.
struct Content<'a, C> {
    election: &'a ElectionHash,
    contests: &'a [C],
}

/// The ballot hash of an election and its contests' ciphertexts: one function for the cast,
/// prepared and audited ballot, so that all three have the hash the voter was shown.
pub(super) fn ballot_hash<C: SealedContest>(election: &ElectionHash, contests: &[C]) -> BallotHash {
    BallotHash(tagged_hash(HASH_DOMAIN, &Content { election, contests }))
}

impl<C: SealedContest> Encode for Content<'_, C> {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(self.election);
        enc.u64(self.contests.len() as u64);
        for c in self.contests {
            enc.value(&c.index());
            let cts = c.ciphertexts();
            enc.u64(cts.len() as u64);
            for ct in cts {
                enc.value(ct);
            }
        }
    }
}

/// Steps 2–4 of `spec/protocol.md` §9.6, shared by cast and audited ballots (§11): the
/// election, the contests in the style's order, as many ciphertexts as options, none with
/// an identity component.
pub(super) fn check_shape<C: SealedContest>(
    election: &ElectionHash,
    contests: &[C],
    expected: &ElectionHash,
    style: &BallotStyle,
) -> Result<(), BallotError> {
    if election != expected {
        return Err(BallotError::WrongElection {
            expected: expected.to_string(),
            found: election.to_string(),
        });
    }
    let styled = style.contests();
    if contests.len() != styled.len() {
        return Err(BallotError::LenMismatch {
            collection: "contests",
            expected: styled.len(),
            actual: contests.len(),
        });
    }
    for (position, (contest, spec)) in contests.iter().zip(styled).enumerate() {
        if contest.index() != spec.contest {
            return Err(BallotError::ContestOrder {
                position,
                expected: spec.contest,
                found: contest.index(),
            });
        }
        if contest.ciphertexts().len() != spec.spec.option_limits.len() {
            return Err(BallotError::LenMismatch {
                collection: "selections",
                expected: spec.spec.option_limits.len(),
                actual: contest.ciphertexts().len(),
            });
        }
        for (o, ct) in contest.ciphertexts().enumerate() {
            if ct.a.is_identity() || ct.b.is_identity() {
                return Err(BallotError::IdentityCiphertext {
                    part: BallotPart::Selection(spec.contest, OptionIndex(o as u32)),
                });
            }
        }
    }
    Ok(())
}
