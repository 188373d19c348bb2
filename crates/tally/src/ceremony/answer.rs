//! A recipient's answer to a dealing: an acknowledgement, or a complaint and its verdict.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use merlin::Transcript;
use serde::{Deserialize, Serialize};

use super::dealing::{committed_share, share_mask, Dealing};
use super::params::CeremonyParams;
use crate::encoding::{DealingHash, ElectionHash, Encode, Encoder, Point};
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::proofs::dleq::DleqProof;
use crate::transcript::{transcript, TranscriptExt};

pub(super) fn complaint_transcript(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
) -> Transcript {
    let mut t = transcript(b"share-complaint");
    t.append_election(election);
    t.append_u64(b"dealer", u64::from(dealer.0));
    t.append_u64(b"recipient", u64::from(recipient.0));
    t
}

/// A recipient's public statement that it opened its share of one dealing and that the
/// share matches the dealer's commitments (`spec/protocol.md` §12.4).
///
/// With the complaints, acknowledgements are the recipients' answers: a board opens voting
/// only once every trustee that dealt has answered every other dealing, so that no dealing
/// arrives too late to be complained about (`proofs/ceremony.md` §6). The dealing is named
/// by its hash, so an acknowledgement accepts exactly the dealing its trustee checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    pub dealer: TrusteeIndex,
    pub recipient: TrusteeIndex,
    /// The hash of the dealing that was checked.
    pub dealing: DealingHash,
}

impl Acknowledgement {
    /// `recipient`'s acknowledgement of `dealing`.
    pub fn new(dealing: &Dealing, recipient: TrusteeIndex) -> Self {
        Self {
            dealer: dealing.dealer,
            recipient,
            dealing: dealing.hash(),
        }
    }
}

impl Encode for Acknowledgement {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.dealer)
            .value(&self.recipient)
            .value(&self.dealing);
    }
}

/// A recipient's public claim that a dealer's share to it does not match the dealer's
/// commitments, with the evidence anyone needs to check the claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    pub dealer: TrusteeIndex,
    pub recipient: TrusteeIndex,
    /// `D = cⱼ·E`, the Diffie–Hellman value that unmasks the share.
    pub shared_secret: Point,
    pub proof: DleqProof,
}

impl Encode for Complaint {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.dealer)
            .value(&self.recipient)
            .point(&self.shared_secret)
            .value(&self.proof);
    }
}

/// What a checked complaint shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintVerdict {
    /// The share does not match the commitments: the dealer is disqualified.
    DealerAtFault,
    /// The share matches: the complaint is unfounded and the dealer stays.
    Unfounded,
}

impl Complaint {
    /// Checks the complaint against the dealing it concerns.
    pub fn verify(
        &self,
        params: &CeremonyParams,
        dealing: &Dealing,
    ) -> Result<ComplaintVerdict, CeremonyError> {
        let bad = |problem| CeremonyError::Complaint {
            dealer: self.dealer,
            recipient: self.recipient,
            problem,
        };
        if dealing.dealer != self.dealer {
            return Err(bad("it is checked against another dealer's dealing"));
        }
        let recipient_key = params.key_of(self.recipient)?;
        let share = dealing
            .share_for(self.recipient)
            .ok_or(bad("the dealing has no share for the complainer"))?;
        let mut t = complaint_transcript(&params.election, self.dealer, self.recipient);
        if !self.proof.verify(
            &mut t,
            &share.ephemeral,
            recipient_key.point(),
            &self.shared_secret,
        ) {
            return Err(bad(
                "the proof that the revealed secret is the complainer's does not verify",
            ));
        }
        let mask = share_mask(
            &params.election,
            self.dealer,
            self.recipient,
            &share.ephemeral,
            &self.shared_secret,
        );
        let revealed = share.masked_share - *mask;
        let matches = RISTRETTO_BASEPOINT_TABLE * &revealed
            == committed_share(&dealing.commitments, self.recipient);
        Ok(if matches {
            ComplaintVerdict::Unfounded
        } else {
            ComplaintVerdict::DealerAtFault
        })
    }
}
