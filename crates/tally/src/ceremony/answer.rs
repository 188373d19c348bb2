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

/// The statement a complaint's proof binds (`spec/protocol.md` §12.5), before the
/// proof's own labels.
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
///
/// It carries no proof: the recipient's check (`sᵢⱼ·G = Σₖ jᵏ·Aᵢₖ`, see [`Dealing`]) uses
/// its secret, and what makes the acknowledgement its own is the signature of the board
/// message that carries it (`spec/protocol.md` §12.6, "Authenticity"). Its canonical
/// encoding is `u64(dealer) ‖ u64(recipient) ‖ dealing` (§3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The dealer whose dealing was checked.
    pub dealer: TrusteeIndex,
    /// The recipient that checked its share.
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
/// commitments, with the evidence anyone needs to check the claim (`spec/protocol.md`
/// §12.5).
///
/// # Relation
///
/// The complainer `j` reveals `D`, the Diffie–Hellman value of its communication key
/// `Cⱼ = cⱼG` and the share's ephemeral point `E`, and proves with a [`DleqProof`] that
///
/// ```text
/// log_G Cⱼ = log_E D        (D = cⱼ·E)
/// ```
///
/// so `D` is the value that unmasks the share, and anyone can unmask it. Since the dealer
/// proved knowledge of `E`'s secret ([`EncryptedShare`](crate::EncryptedShare)), `D`
/// reveals nothing the dealer could not already compute.
///
/// # Transcript
///
/// | label | value |
/// |---|---|
/// | (`Transcript::new`) | `zhixuan-v1` |
/// | `dom-sep` | `share-complaint` |
/// | `election` | the election hash |
/// | `dealer` | the dealer `i`, as u64 |
/// | `recipient` | the complainer `j`, as u64 |
///
/// then the [`DleqProof`]'s labels with `H = E`, `X = Cⱼ`, `Y = D`, and its challenge
/// under the label `challenge`.
///
/// # Verification
///
/// [`Complaint::verify`], against the dealing it names, in order (§12.5): the dealing is
/// the complaint's dealer's; the complainer is a trustee; the dealing has a share for it;
/// the proof verifies. Then anyone unmasks the share: `μ` from `E` and `D` as the
/// recipient would ([`EncryptedShare`](crate::EncryptedShare)), `s = masked_share − μ`,
/// and the verdict is
///
/// ```text
/// s·G ≠ Σₖ jᵏ·Aᵢₖ   →  dealer at fault (disqualified)
/// s·G = Σₖ jᵏ·Aᵢₖ   →  unfounded (the dealer stays)
/// ```
///
/// Its canonical encoding is `u64(dealer) ‖ u64(recipient) ‖ shared_secret ‖ enc(proof)`
/// (§3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// The dealer `i` complained about.
    pub dealer: TrusteeIndex,
    /// The complainer `j`, the share's recipient.
    pub recipient: TrusteeIndex,
    /// `D = cⱼ·E`, the Diffie–Hellman value that unmasks the share.
    pub shared_secret: Point,
    /// The proof that `log_G Cⱼ = log_E D`.
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
    /// Checks the complaint against the dealing it concerns and says what it shows
    /// (`spec/protocol.md` §12.5; see [`Complaint`]).
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
        // spec/protocol.md §12.5 steps 1–3.
        if dealing.dealer != self.dealer {
            return Err(bad("it is checked against another dealer's dealing"));
        }
        let recipient_key = params.key_of(self.recipient)?;
        let share = dealing
            .share_for(self.recipient)
            .ok_or(bad("the dealing has no share for the complainer"))?;
        // spec/protocol.md §12.5 step 4: log_G Cⱼ = log_E D.
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
        // spec/protocol.md §12.5 step 5: s = masked_share − μ against s·G = Σₖ jᵏ·Aᵢₖ.
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
