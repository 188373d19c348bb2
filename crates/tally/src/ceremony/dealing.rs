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

/// The signature domain of a dealer's proof of knowledge (`spec/protocol.md` §12.3).
pub(super) const KNOWLEDGE_DOMAIN: &[u8] = b"dealer-knowledge";
/// The signature domain of a share's ephemeral proof (`spec/protocol.md` §12.2).
pub(super) const EPHEMERAL_DOMAIN: &[u8] = b"share-ephemeral";

/// A share of a dealer's secret, encrypted to one recipient's communication key, with a
/// proof that the dealer knows the ephemeral secret it was encrypted with
/// (`spec/protocol.md` §12.2).
///
/// # Construction
///
/// Dealer `i` encrypts `sᵢⱼ = fᵢ(j)` to recipient `j`'s communication key `Cⱼ`: it draws
/// `e`, sets `E = eG` and `D = e·Cⱼ`, and publishes `masked_share = sᵢⱼ + μ`, where the
/// mask `μ` is the challenge scalar under the label `mask` of the transcript
///
/// | label | value |
/// |---|---|
/// | (`Transcript::new`) | `zhixuan-v1` |
/// | `dom-sep` | `share-mask` |
/// | `election` | the election hash |
/// | `dealer` | `i`, as u64 |
/// | `recipient` | `j`, as u64 |
/// | `ephemeral` | `E` |
/// | `shared-secret` | `D` |
///
/// The recipient computes the same `D = cⱼ·E` and unmasks `sᵢⱼ = masked_share − μ`.
///
/// # The ephemeral proof
///
/// Relation: the dealer knows `e` with `E = eG`, bound to this election, dealer and
/// recipient. `proof` is a [`Signature`] (`spec/protocol.md` §7.1) with secret `e` and
/// public key `E` under the domain `share-ephemeral`, over the **ephemeral message**
/// `enc(election) ‖ enc(dealer) ‖ enc(recipient)`; its transcript is `dom-sep` =
/// `share-ephemeral`, `public-key` = `E`, `message` = the ephemeral message,
/// `commitment` = `R`, challenge `e'` under the label `challenge`. Verification
/// ([`Dealing::verify`], §12.4 step 7): `s·G = R + e'·E`. The masked share needs no
/// binding: the dealing as a whole is signed by its dealer on the board (`spec/board.md`).
///
/// Why: a complaint reveals `D = cⱼ·E`. Without this proof a dealer could copy another
/// dealer's `E` (or a multiple of it, or one from another election) and make an honest
/// recipient's complaint reveal the Diffie–Hellman value that unmasks an honest dealer's
/// share (`proofs/ceremony.md` §4). With it, every `D` a complaint can reveal is one the
/// dealer could already compute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedShare {
    /// The recipient `j`.
    pub recipient: TrusteeIndex,
    /// The ephemeral point `E = eG`; never the identity.
    pub ephemeral: Point,
    /// `sᵢⱼ + μ`.
    #[serde(with = "scalar_hex")]
    pub masked_share: Scalar,
    /// The proof of knowledge of the ephemeral secret `e`.
    pub proof: Signature,
}

/// One trustee's public contribution to the key ceremony: its dealing
/// (`spec/protocol.md` §12.2; the analysis is `proofs/ceremony.md`).
///
/// # Relation
///
/// The dealer `i` knows its secret `aᵢ₀` with `Aᵢ₀ = aᵢ₀G` (a Schnorr proof of knowledge),
/// and commits to the polynomial `fᵢ` whose value at each other trustee `j` it sends,
/// encrypted, to `j`: every share satisfies `sᵢⱼ·G = Σₖ jᵏ·Aᵢₖ`, which its recipient
/// checks (and anyone, once a complaint reveals the share).
///
/// # Construction
///
/// Trustee `i` draws a random polynomial `fᵢ(z) = aᵢ₀ + aᵢ₁z + … + aᵢ,ₜ₋₁zᵗ⁻¹` and
/// publishes:
///
/// * `commitments`: the Feldman commitments `Aᵢₖ = aᵢₖG`, `k = 0 … t − 1`;
/// * `proof`: a [`Signature`] with secret `aᵢ₀` and public key `Aᵢ₀` under the domain
///   `dealer-knowledge`, over the **knowledge message**
///   `enc(election) ‖ enc(dealer) ‖ enc(seq(commitments))` (§12.3);
/// * `shares`: for every other trustee `j`, in increasing order, `sᵢⱼ = fᵢ(j)` encrypted
///   to `j` ([`EncryptedShare`]).
///
/// # Transcript
///
/// The proof of knowledge is a Schnorr signature (§7.1): `Transcript::new("zhixuan-v1")`,
/// then `dom-sep` = `dealer-knowledge`, `public-key` = `Aᵢ₀`, `message` = the knowledge
/// message, `commitment` = `R`, and the challenge `e` under the label `challenge`.
///
/// # Verification
///
/// Anyone checks a dealing alone with [`Dealing::verify`] (§12.4 steps 1–7): the dealer is
/// a trustee; exactly `t` commitments, none the identity; `s·G = R + e·Aᵢ₀` for the proof
/// of knowledge; the recipients are every other trustee, in order; no ephemeral point is
/// the identity; every share's ephemeral proof verifies. Recipient `j` then opens its share
/// ([`Trustee::receive`](crate::Trustee::receive)), checks
///
/// ```text
/// sᵢⱼ·G = Σ_{k=0}^{t−1} jᵏ·Aᵢₖ
/// ```
///
/// and answers with an [`Acknowledgement`](crate::Acknowledgement) naming the dealing by
/// its hash ([`Dealing::hash`]) or, if the equation fails, a
/// [`Complaint`](crate::Complaint).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dealing {
    /// The dealer `i`.
    pub dealer: TrusteeIndex,
    /// The Feldman commitments `Aᵢ₀, …, Aᵢ,ₜ₋₁`.
    pub commitments: Vec<Point>,
    /// The proof of knowledge of `aᵢ₀`.
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

/// The message a dealer's proof of knowledge signs (`spec/protocol.md` §12.3).
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

/// The mask `μ` of the share from `dealer` to `recipient` (`spec/protocol.md` §12.2).
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

/// `Σₖ jᵏ·Aₖ`: what `f(j)·G` must be, from the commitments alone (`spec/protocol.md`
/// §12.4, §12.5 step 5, §12.6 step 7).
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
    /// The checks anyone can make of a dealing alone, in the order of `spec/protocol.md`
    /// §12.4 steps 1–7 (see [`Dealing`]).
    pub fn verify(&self, params: &CeremonyParams) -> Result<(), CeremonyError> {
        let dealer = self.dealer;
        // spec/protocol.md §12.4 step 1.
        params.key_of(dealer)?;
        // spec/protocol.md §12.4 steps 2–3.
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
        // spec/protocol.md §12.4 step 4: s·G = R + e·Aᵢ₀.
        let message = knowledge_message(&params.election, dealer, &self.commitments);
        secret_key
            .verify(KNOWLEDGE_DOMAIN, &message, &self.proof)
            .map_err(|_| CeremonyError::KnowledgeProof { trustee: dealer })?;
        // spec/protocol.md §12.4 steps 5–6.
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
        // spec/protocol.md §12.4 step 7: the dealer knows each ephemeral secret.
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

    /// The dealing as a [`VerifiedDealing`] for `params`, once it passes
    /// [`verify`](Self::verify).
    pub fn verified(self, params: &CeremonyParams) -> Result<VerifiedDealing, CeremonyError> {
        self.verify(params)?;
        Ok(VerifiedDealing {
            inner: self,
            params: params.clone(),
        })
    }

    /// The share for `recipient`, if the dealing has one.
    pub(super) fn share_for(&self, recipient: TrusteeIndex) -> Option<&EncryptedShare> {
        self.shares.iter().find(|s| s.recipient == recipient)
    }

    /// `tagged_hash("zhixuan-v1/dealing", enc(Dealing))` (`spec/protocol.md` §12.4): what an
    /// [`Acknowledgement`](crate::Acknowledgement) names.
    pub fn hash(&self) -> DealingHash {
        DealingHash(tagged_hash(DEALING_HASH_DOMAIN, self))
    }
}

/// The domain of a dealing's hash.
pub const DEALING_HASH_DOMAIN: &str = "zhixuan-v1/dealing";

/// A dealing that passed [`Dealing::verify`], with the parameters it was checked against:
/// what [`conclude_verified`](super::conclude_verified) takes, so that a board which checked
/// each dealing when it was admitted does not check it again when voting opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedDealing {
    inner: Dealing,
    params: CeremonyParams,
}

impl VerifiedDealing {
    /// The dealing as published.
    pub fn dealing(&self) -> &Dealing {
        &self.inner
    }

    /// Whether it was verified against `params`.
    pub(super) fn verified_for(&self, params: &CeremonyParams) -> bool {
        &self.params == params
    }
}
