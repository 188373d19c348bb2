//! A dealer's dealing: its Feldman commitments, its proof of knowledge and its encrypted
//! shares, and the checks anyone can make of it.

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::params::CeremonyParams;
use crate::encoding::{scalar_hex, tagged_hash, DealingHash, ElectionHash, Encode, Encoder, Point};
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::schnorr::{Signature, VerifyingKey};
use crate::transcript::{transcript, TranscriptExt};

pub(super) const KNOWLEDGE_DOMAIN: &[u8] = b"dealer-knowledge";
pub(super) const EPHEMERAL_DOMAIN: &[u8] = b"share-ephemeral";

/// A share of a dealer's secret, encrypted to one recipient's communication key.
///
/// # Construction (`spec/protocol.md` §12.2)
///
/// Dealer `i` draws `e`, sets `E = eG`, `D = e·Cⱼ`, `μ` = the `mask` challenge of the
/// `share-mask` transcript over (election, `i`, `j`, `E`, `D`), and `masked_share = sᵢⱼ + μ`.
/// `proof` is a Schnorr signature (`spec/protocol.md` §7.1) with secret `e` and public key
/// `E` under the domain `share-ephemeral`, over the **ephemeral message**
/// `enc(election) ‖ enc(dealer) ‖ enc(recipient)`.
///
/// Relation proven: the dealer knows `e` with `E = eG`; the statement is bound to this
/// election, dealer and recipient (the masked share needs no binding: the dealing as a
/// whole is signed by its dealer on the board, `spec/board.md`). Verification: `s·G = R + c·E` with `c` the `challenge` of
/// the transcript `dom-sep` = `share-ephemeral`, `public-key` = `E`, `message`, `commitment`
/// = `R` (merlin labels as in §7.1).
///
/// Why: a complaint reveals `D = cⱼ·E`. Without this proof a dealer could copy another
/// dealer's `E` (or a multiple of it, or one from another election) and make an honest
/// recipient's complaint reveal the Diffie–Hellman value that unmasks an honest dealer's
/// share (`proofs/ceremony.md` §4). With it, every `D` a complaint can reveal is one the
/// dealer could already compute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedShare {
    pub recipient: TrusteeIndex,
    pub ephemeral: Point,
    #[serde(with = "scalar_hex")]
    pub masked_share: Scalar,
    /// The proof of knowledge of the ephemeral secret `e`.
    pub proof: Signature,
}

/// One trustee's public contribution to the ceremony.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dealing {
    pub dealer: TrusteeIndex,
    pub commitments: Vec<Point>,
    pub proof: Signature,
    /// One per other trustee, in increasing recipient order.
    pub shares: Vec<EncryptedShare>,
}

impl Encode for Dealing {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.dealer)
            .seq(&self.commitments)
            .value(&self.proof);
        enc.u64(self.shares.len() as u64);
        for s in &self.shares {
            enc.value(&s.recipient)
                .point(&s.ephemeral)
                .scalar(&s.masked_share)
                .value(&s.proof);
        }
    }
}

pub(super) fn knowledge_message(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    commitments: &[Point],
) -> Vec<u8> {
    let mut enc = Encoder::new();
    enc.value(election).value(&dealer).seq(commitments);
    enc.into_bytes()
}

/// The message the ephemeral secret's proof signs (`spec/protocol.md` §12.2).
pub(super) fn ephemeral_message(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
) -> Vec<u8> {
    let mut enc = Encoder::new();
    enc.value(election).value(&dealer).value(&recipient);
    enc.into_bytes()
}

pub(super) fn share_mask(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
    ephemeral: &Point,
    shared: &Point,
) -> Zeroizing<Scalar> {
    let mut t = transcript(b"share-mask");
    t.append_election(election);
    t.append_u64(b"dealer", u64::from(dealer.0));
    t.append_u64(b"recipient", u64::from(recipient.0));
    t.append_point(b"ephemeral", ephemeral);
    t.append_point(b"shared-secret", shared);
    Zeroizing::new(t.challenge_scalar(b"mask"))
}

/// `Σₖ jᵏ·Aₖ`: what `f(j)·G` must be, from the commitments alone.
pub(super) fn committed_share(commitments: &[Point], j: TrusteeIndex) -> RistrettoPoint {
    let x = j.scalar();
    let mut power = Scalar::ONE;
    let powers: Vec<Scalar> = commitments
        .iter()
        .map(|_| {
            let p = power;
            power *= x;
            p
        })
        .collect();
    RistrettoPoint::vartime_multiscalar_mul(powers, commitments.iter().map(|c| *c.point()))
}

impl Dealing {
    /// The checks anyone can make of a dealing alone.
    pub fn verify(&self, params: &CeremonyParams) -> Result<(), CeremonyError> {
        let dealer = self.dealer;
        params.key_of(dealer)?;
        let t = params.threshold as usize;
        if self.commitments.len() != t {
            return Err(CeremonyError::LenMismatch {
                trustee: dealer,
                collection: "commitments",
                expected: t,
                actual: self.commitments.len(),
            });
        }
        if self.commitments.iter().any(Point::is_identity) {
            return Err(CeremonyError::Identity {
                trustee: dealer,
                what: "a commitment",
            });
        }
        let secret_key =
            VerifyingKey::try_from(self.commitments[0]).map_err(|_| CeremonyError::Identity {
                trustee: dealer,
                what: "the secret's commitment",
            })?;
        let message = knowledge_message(&params.election, dealer, &self.commitments);
        secret_key
            .verify(KNOWLEDGE_DOMAIN, &message, &self.proof)
            .map_err(|_| CeremonyError::KnowledgeProof { trustee: dealer })?;
        let expected: Vec<TrusteeIndex> = params.indices().filter(|&j| j != dealer).collect();
        let actual: Vec<TrusteeIndex> = self.shares.iter().map(|s| s.recipient).collect();
        if expected != actual {
            return Err(CeremonyError::ShareRecipients {
                dealer,
                problem: format!("expected recipients {expected:?}, found {actual:?}"),
            });
        }
        if let Some(s) = self.shares.iter().find(|s| s.ephemeral.is_identity()) {
            return Err(CeremonyError::ShareRecipients {
                dealer,
                problem: format!(
                    "the share for trustee {} has an identity ephemeral key",
                    s.recipient
                ),
            });
        }
        // protocol.md §12.4 step 7: the dealer knows each ephemeral secret.
        for s in &self.shares {
            let message = ephemeral_message(&params.election, dealer, s.recipient);
            VerifyingKey::try_from(s.ephemeral)
                .and_then(|key| key.verify(EPHEMERAL_DOMAIN, &message, &s.proof))
                .map_err(|_| CeremonyError::EphemeralProof {
                    dealer,
                    recipient: s.recipient,
                })?;
        }
        Ok(())
    }

    pub(super) fn share_for(&self, recipient: TrusteeIndex) -> Option<&EncryptedShare> {
        self.shares.iter().find(|s| s.recipient == recipient)
    }

    /// `tagged_hash("zhixuan-v1/dealing", dealing)` (`spec/protocol.md` §12.4).
    pub fn hash(&self) -> DealingHash {
        DealingHash(tagged_hash(DEALING_HASH_DOMAIN, self))
    }
}

/// The domain of a dealing's hash.
pub const DEALING_HASH_DOMAIN: &str = "zhixuan-v1/dealing";
