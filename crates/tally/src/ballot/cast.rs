//! The cast ballot: its contests, their selections and proofs, and its signature.

use serde::{Deserialize, Serialize};

use super::content::ballot_hash;
use crate::credential::Credential;
use crate::elgamal::Ciphertext;
use crate::encoding::{BallotHash, ElectionHash, Encode, Encoder};
use crate::ids::ContestIndex;
use crate::proofs::range::RangeProof;
use crate::schnorr::Signature;
use crate::tracking::TrackingCode;

/// One encrypted selection and its proof that it counts `0..=limit`, `limit` being the
/// option's limit in the voter's style (`spec/protocol.md` §9.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedSelection {
    /// The count's encryption `(A, B) = (rG, mG + rK)`.
    pub ciphertext: Ciphertext,
    /// The [`RangeProof`] for `0..=limit`, over the selection transcript of
    /// [`Ballot`]'s statement binding.
    pub proof: RangeProof,
}

/// One contest's selections, and the proof that their total is within the contest's bounds
/// (`spec/protocol.md` §9.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    /// The contest's index, which must be the style's at this position.
    pub contest: ContestIndex,
    /// One selection per option of the contest, in option order.
    pub selections: Vec<EncryptedSelection>,
    /// The [`RangeProof`] for `min_total..=max_total`, over the sum of the selections'
    /// ciphertexts `(A_Σ, B_Σ) = (Σ A_o, Σ B_o)` and the total transcript of [`Ballot`]'s
    /// statement binding.
    pub total_proof: RangeProof,
}

/// A ballot as cast and published (`spec/protocol.md` §9.1): the contests with their
/// proofs, the credential that cast it, and that credential's signature over the ballot
/// hash (§9.5). It has not been verified: see [`Ballot::verify`] and
/// [`verify_ballots`](crate::verify_ballots), which alone produce a
/// [`VerifiedBallot`](crate::VerifiedBallot).
///
/// # Statement binding (`spec/protocol.md` §9.4)
///
/// Every proof of the ballot is a [`RangeProof`] whose transcript binds the whole statement
/// before the proof's own labels. With `E_h` the election hash, `K` the election key and
/// `P` the credential, the **contest transcript** of a contest `c` with selection
/// ciphertexts `(A_0, B_0), …, (A_{n−1}, B_{n−1})` is
///
/// | label | value |
/// |---|---|
/// | (`Transcript::new`) | `zhixuan-v1` |
/// | `dom-sep` | `ballot-proof` |
/// | `election` | `E_h` |
/// | `election-key` | `K` |
/// | `credential` | `P` |
/// | `contest` | `c`, as u64 |
/// | `selections` | `n`, as u64 |
/// | `selection-a`, `selection-b` | `A_o`, `B_o`, for each selection in order |
///
/// The proof of selection `o` continues it with `proof` = `selection` and `option` = `o`
/// (u64), then the range proof's labels with `lo = 0`, `hi = option_limits[o]`. The
/// contest's total proof continues it with `proof` = `total`, then the range proof's
/// labels with `lo = min_total`, `hi = max_total`, for the ciphertext `(A_Σ, B_Σ)`.
/// `c`, `lo` and `hi` come from the verifier's style, not from the ballot. So no proof can
/// be replayed in another election, under another key or credential, in another contest
/// or position, or beside other ciphertexts.
///
/// # Hash and signature
///
/// The ballot hash ([`Ballot::hash`], §9.3) covers the election and the contests'
/// ciphertexts only; the signature is `Sign_x("ballot-signature", ballot_hash)` with the
/// credential's secret `x` ([`Signature`], §9.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The election hash every proof is bound to.
    pub election: ElectionHash,
    /// The voter's public credential `P`, which signed the ballot and which every proof
    /// binds.
    pub credential: Credential,
    /// One contest per contest of the voter's style, in the style's order.
    pub contests: Vec<EncryptedContest>,
    /// The credential's signature over the ballot hash, under the domain
    /// `ballot-signature`.
    pub signature: Signature,
}

impl Encode for Ballot {
    /// `election ‖ credential ‖ u64(number of contests) ‖` for each contest `u64(contest) ‖
    /// u64(number of selections) ‖ (ciphertext ‖ proof)… ‖ total_proof`, then the signature
    /// (`spec/protocol.md` §3.1): the leaf a board logs.
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.election).value(&self.credential);
        enc.u64(self.contests.len() as u64);
        for c in &self.contests {
            enc.value(&c.contest);
            enc.u64(c.selections.len() as u64);
            for s in &c.selections {
                enc.value(&s.ciphertext).value(&s.proof);
            }
            enc.value(&c.total_proof);
        }
        enc.value(&self.signature);
    }
}

impl Ballot {
    /// The ballot hash (`spec/protocol.md` §9.3): of the election and the ciphertexts only.
    pub fn hash(&self) -> BallotHash {
        ballot_hash(&self.election, &self.contests)
    }

    /// The ballot's tracking code (`spec/protocol.md` §10), from its hash.
    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash())
    }
}
