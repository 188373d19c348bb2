//! The cast ballot: its contests, their selections and proofs, and its signature.

use serde::{Deserialize, Serialize};

use super::content::Content;
use crate::credential::Credential;
use crate::elgamal::Ciphertext;
use crate::encoding::{BallotHash, ElectionHash, Encode, Encoder};
use crate::ids::ContestIndex;
use crate::proofs::range::RangeProof;
use crate::schnorr::Signature;
use crate::tracking::TrackingCode;

/// One encrypted selection and its proof that it counts `0..=limit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedSelection {
    pub ciphertext: Ciphertext,
    pub proof: RangeProof,
}

/// One contest's selections, and the proof that their total is within the contest's bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    pub contest: ContestIndex,
    pub selections: Vec<EncryptedSelection>,
    pub total_proof: RangeProof,
}

/// A ballot as cast and published (`spec/protocol.md` §9.1): the contests with their
/// proofs, the credential that cast it, and that credential's signature over the ballot
/// hash (§9.5). It has not been verified: see [`Ballot::verify`] and [`verify_ballots`],
/// which alone produce a [`VerifiedBallot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub election: ElectionHash,
    pub credential: Credential,
    pub contests: Vec<EncryptedContest>,
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
        Content {
            election: &self.election,
            contests: &self.contests,
        }
        .hash()
    }

    pub fn tracking_code(&self) -> TrackingCode {
        TrackingCode::from_hash(&self.hash())
    }
}
