//! The supervision committee's threshold key ceremony: a Pedersen distributed key
//! generation with Feldman commitments, run entirely through public messages.
//!
//! # Construction
//!
//! `n` trustees, threshold `t`; trustee `i` (1-based) has a communication key
//! `Cᵢ = cᵢG` published in the election definition.
//!
//! 1. **Dealing.** Trustee `i` picks a random polynomial `fᵢ(z) = aᵢ₀ + aᵢ₁z + … + aᵢ,ₜ₋₁zᵗ⁻¹`
//!    and publishes a [`Dealing`]: the Feldman commitments `Aᵢₖ = aᵢₖG`; a Schnorr proof of
//!    knowledge of `aᵢ₀` (a signature under `Aᵢ₀`, domain `dealer-knowledge`, over the
//!    canonical encoding of election hash, dealer index and commitments); and for every other
//!    trustee `j` the share `sᵢⱼ = fᵢ(j)` encrypted to `Cⱼ`: a random `e`, `E = eG`,
//!    `D = eCⱼ`, and `sᵢⱼ + μ` where the mask `μ` is the `mask` challenge of a transcript
//!    with `dom-sep` = `share-mask`, `election`, `dealer`, `recipient` (u64), `ephemeral` =
//!    `E`, `shared-secret` = `D`. Each encrypted share carries a Schnorr proof of knowledge
//!    of `e` (a signature under `E`, domain `share-ephemeral`, over election hash, dealer
//!    and recipient), so that no dealer can use an ephemeral point whose
//!    discrete logarithm it does not know (`spec/protocol.md` §12.2, `proofs/ceremony.md` §4).
//! 2. **Checking.** Trustee `j` computes `D = cⱼE`, unmasks `sᵢⱼ`, and checks
//!    `sᵢⱼG = Σₖ jᵏ·Aᵢₖ`. If that fails it publishes a [`Complaint`]: `D` with a
//!    Chaum–Pedersen proof that `log_G Cⱼ = log_E D` (transcript `share-complaint`, binding
//!    election, dealer and recipient). Anyone can then unmask the share and see whether it
//!    matches the commitments: if it does not, the dealer is disqualified; if it does, the
//!    complaint is unfounded and the dealer stays.
//! 3. **Result** (computable by anyone from the messages, see [`conclude`]): the qualified
//!    dealers `Q` are those who dealt and drew no valid complaint. The election key is
//!    `K = Σ_{i∈Q} Aᵢ₀`; trustee `j`'s secret share is `xⱼ = Σ_{i∈Q} sᵢⱼ` and its
//!    verification key `Xⱼ = xⱼG = Σ_{i∈Q} Σₖ jᵏ·Aᵢₖ`.
//!
//! Any `t` trustees can decrypt; `t − 1` learn nothing of the key (see
//! `proofs/trust-model.md`, including the known bias of Pedersen's DKG and why it does not
//! weaken ElGamal encryption).

use core::fmt;
use std::collections::BTreeMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::decryption::TrusteeShare;
use crate::elgamal::ElectionKey;
use crate::encoding::{scalar_hex, tagged_hash, DealingHash, ElectionHash, Encode, Encoder, Point};
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::proofs::dleq::DleqProof;
use crate::schnorr::{Signature, SigningKey, VerifyingKey};
use crate::transcript::{transcript, TranscriptExt};

const KNOWLEDGE_DOMAIN: &[u8] = b"dealer-knowledge";
const EPHEMERAL_DOMAIN: &[u8] = b"share-ephemeral";

/// The ceremony's public parameters, from the election definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyParams {
    pub election: ElectionHash,
    pub threshold: u32,
    /// Trustee `i`'s communication key is `trustees[i − 1]`.
    pub trustees: Vec<VerifyingKey>,
}

impl CeremonyParams {
    pub fn new(
        election: ElectionHash,
        threshold: u32,
        trustees: Vec<VerifyingKey>,
    ) -> Result<Self, CeremonyError> {
        let params = Self {
            election,
            threshold,
            trustees,
        };
        params.validate()?;
        Ok(params)
    }

    pub fn validate(&self) -> Result<(), CeremonyError> {
        let n = self.trustees.len();
        if self.threshold == 0 || self.threshold as usize > n {
            return Err(CeremonyError::BadThreshold {
                threshold: self.threshold,
                trustees: n,
            });
        }
        Ok(())
    }

    pub fn indices(&self) -> impl Iterator<Item = TrusteeIndex> {
        (1..=self.trustees.len() as u32).map(TrusteeIndex)
    }

    pub fn key_of(&self, index: TrusteeIndex) -> Result<&VerifyingKey, CeremonyError> {
        (index.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.trustees.get(i))
            .ok_or(CeremonyError::UnknownTrustee(index))
    }
}

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

fn knowledge_message(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    commitments: &[Point],
) -> Vec<u8> {
    let mut enc = Encoder::new();
    enc.value(election).value(&dealer).seq(commitments);
    enc.into_bytes()
}

/// The message the ephemeral secret's proof signs (`spec/protocol.md` §12.2).
fn ephemeral_message(
    election: &ElectionHash,
    dealer: TrusteeIndex,
    recipient: TrusteeIndex,
) -> Vec<u8> {
    let mut enc = Encoder::new();
    enc.value(election).value(&dealer).value(&recipient);
    enc.into_bytes()
}

fn share_mask(
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

fn complaint_transcript(
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

/// `Σₖ jᵏ·Aₖ`: what `f(j)·G` must be, from the commitments alone.
fn committed_share(commitments: &[Point], j: TrusteeIndex) -> RistrettoPoint {
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

    fn share_for(&self, recipient: TrusteeIndex) -> Option<&EncryptedShare> {
        self.shares.iter().find(|s| s.recipient == recipient)
    }

    /// `tagged_hash("zhixuan-v1/dealing", dealing)` (`spec/protocol.md` §12.4).
    pub fn hash(&self) -> DealingHash {
        DealingHash(tagged_hash(DEALING_HASH_DOMAIN, self))
    }
}

/// The domain of a dealing's hash.
pub const DEALING_HASH_DOMAIN: &str = "zhixuan-v1/dealing";

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

/// One trustee's side of the ceremony: its polynomial and the shares it has received.
/// Zeroized on drop; `Debug` prints only its index.
pub struct Trustee {
    params: CeremonyParams,
    index: TrusteeIndex,
    key: SigningKey,
    polynomial: Zeroizing<Vec<Scalar>>,
    received: BTreeMap<TrusteeIndex, Zeroizing<Scalar>>,
}

impl fmt::Debug for Trustee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trustee")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

fn evaluate(polynomial: &[Scalar], at: TrusteeIndex) -> Zeroizing<Scalar> {
    let x = at.scalar();
    let mut acc = Zeroizing::new(Scalar::ZERO);
    for coefficient in polynomial.iter().rev() {
        *acc = *acc * x + coefficient;
    }
    acc
}

impl Trustee {
    /// Starts trustee `index`'s part, with the communication key the definition lists for it.
    pub fn new<R: CryptoRng + ?Sized>(
        params: CeremonyParams,
        index: TrusteeIndex,
        key: SigningKey,
        rng: &mut R,
    ) -> Result<Self, CeremonyError> {
        params.validate()?;
        if params.key_of(index)? != key.verifying_key() {
            return Err(CeremonyError::UnknownTrustee(index));
        }
        let polynomial: Zeroizing<Vec<Scalar>> =
            Zeroizing::new((0..params.threshold).map(|_| Scalar::random(rng)).collect());
        let mut received = BTreeMap::new();
        received.insert(index, evaluate(&polynomial, index));
        Ok(Self {
            params,
            index,
            key,
            polynomial,
            received,
        })
    }

    pub fn index(&self) -> TrusteeIndex {
        self.index
    }

    /// This trustee's dealing: commitments, proof of knowledge, encrypted shares.
    pub fn dealing<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> Dealing {
        let commitments: Vec<Point> = self
            .polynomial
            .iter()
            .map(|a| Point::from_point(RISTRETTO_BASEPOINT_TABLE * a))
            .collect();
        let message = knowledge_message(&self.params.election, self.index, &commitments);
        let proof =
            SigningKey::from_scalar(self.polynomial[0]).sign(KNOWLEDGE_DOMAIN, &message, rng);
        let shares = self
            .params
            .trustees
            .iter()
            .zip(self.params.indices())
            .filter(|(_, j)| *j != self.index)
            .map(|(recipient_key, j)| {
                // A signing key zeroizes its secret on drop: `e` is never left behind.
                let e = SigningKey::generate(rng);
                let ephemeral = *e.verifying_key().point();
                let shared = Point::from_point(recipient_key.point().point() * e.secret());
                let mask = share_mask(&self.params.election, self.index, j, &ephemeral, &shared);
                let message = ephemeral_message(&self.params.election, self.index, j);
                EncryptedShare {
                    recipient: j,
                    ephemeral,
                    masked_share: *evaluate(&self.polynomial, j) + *mask,
                    proof: e.sign(EPHEMERAL_DOMAIN, &message, rng),
                }
            })
            .collect();
        Dealing {
            dealer: self.index,
            commitments,
            proof,
            shares,
        }
    }

    /// Opens the share another trustee dealt to this one. `Ok(None)`: the share matches its
    /// commitments and is kept. `Ok(Some(complaint))`: it does not; publish the complaint.
    pub fn receive<R: CryptoRng + ?Sized>(
        &mut self,
        dealing: &Dealing,
        rng: &mut R,
    ) -> Result<Option<Complaint>, CeremonyError> {
        dealing.verify(&self.params)?;
        if dealing.dealer == self.index {
            // A board that published another dealing under this trustee's name is caught
            // here, before the trustee relies on a key it did not help make.
            let mine: Vec<Point> = self
                .polynomial
                .iter()
                .map(|a| Point::from_point(RISTRETTO_BASEPOINT_TABLE * a))
                .collect();
            if mine != dealing.commitments {
                return Err(CeremonyError::NotOwnDealing {
                    trustee: self.index,
                });
            }
            return Ok(None);
        }
        let share = dealing
            .share_for(self.index)
            .ok_or(CeremonyError::UnknownTrustee(self.index))?;
        let shared = Point::from_point(share.ephemeral.point() * self.key.secret());
        let mask = share_mask(
            &self.params.election,
            dealing.dealer,
            self.index,
            &share.ephemeral,
            &shared,
        );
        let value = Zeroizing::new(share.masked_share - *mask);
        if RISTRETTO_BASEPOINT_TABLE * &*value == committed_share(&dealing.commitments, self.index)
        {
            self.received.insert(dealing.dealer, value);
            return Ok(None);
        }
        let mut t = complaint_transcript(&self.params.election, dealing.dealer, self.index);
        let proof = DleqProof::prove(
            &mut t,
            self.key.secret(),
            &share.ephemeral,
            self.key.verifying_key().point(),
            &shared,
            rng,
        );
        Ok(Some(Complaint {
            dealer: dealing.dealer,
            recipient: self.index,
            shared_secret: shared,
            proof,
        }))
    }

    /// This trustee's decryption share, once the ceremony's result is known.
    pub fn finish(&self, result: &CeremonyResult) -> Result<TrusteeShare, CeremonyError> {
        let mut secret = Zeroizing::new(Scalar::ZERO);
        for dealer in &result.qualified {
            let share = self.received.get(dealer).ok_or(CeremonyError::BadShare {
                dealer: *dealer,
                recipient: self.index,
            })?;
            *secret += **share;
        }
        let share = TrusteeShare::new(self.index, *secret);
        let expected = result.verification_key(self.index)?;
        if share.verification_key() != *expected {
            return Err(CeremonyError::BadShare {
                dealer: self.index,
                recipient: self.index,
            });
        }
        Ok(share)
    }
}

/// The first bytes of a saved trustee state (format version 1).
const SAVED_MAGIC: &[u8; 16] = b"zhixuan-trustee1";

/// Reads a big-endian u64 and a 32-byte array from the front of a byte slice.
struct SavedReader<'a> {
    rest: &'a [u8],
}

impl<'a> SavedReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CeremonyError> {
        if self.rest.len() < n {
            return Err(CeremonyError::SavedState("it ends early"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, CeremonyError> {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(u64::from_be_bytes(bytes))
    }

    fn index(&mut self) -> Result<TrusteeIndex, CeremonyError> {
        u32::try_from(self.u64()?)
            .map(TrusteeIndex)
            .map_err(|_| CeremonyError::SavedState("a trustee index is out of range"))
    }

    fn scalar(&mut self) -> Result<Zeroizing<Scalar>, CeremonyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(self.take(32)?);
        Option::<Scalar>::from(Scalar::from_canonical_bytes(*bytes))
            .map(Zeroizing::new)
            .ok_or(CeremonyError::SavedState(
                "a secret value is not a canonical scalar",
            ))
    }
}

impl Trustee {
    /// This trustee's secret state (its polynomial and the shares it has received), to be
    /// kept between the steps of the ceremony in a file only its owner can read. The
    /// buffer is allocated once at its final size and zeroized on drop, so no copy of the
    /// secrets is left behind in freed memory.
    ///
    /// Layout: `zhixuan-trustee1`, the election hash, then as big-endian u64 the index,
    /// the number of coefficients and each coefficient (32 bytes), the number of received
    /// shares and each as dealer index and share (32 bytes). The communication key is not
    /// included: it lives in its own key file and is supplied to [`Self::restore`].
    pub fn save(&self) -> Zeroizing<Vec<u8>> {
        let size = SAVED_MAGIC.len()
            + 32
            + 8
            + 8
            + 32 * self.polynomial.len()
            + 8
            + 40 * self.received.len();
        let mut out = Zeroizing::new(Vec::with_capacity(size));
        out.extend_from_slice(SAVED_MAGIC);
        out.extend_from_slice(self.params.election.as_bytes());
        out.extend_from_slice(&u64::from(self.index.0).to_be_bytes());
        out.extend_from_slice(&(self.polynomial.len() as u64).to_be_bytes());
        for coefficient in self.polynomial.iter() {
            out.extend_from_slice(coefficient.as_bytes());
        }
        out.extend_from_slice(&(self.received.len() as u64).to_be_bytes());
        for (dealer, share) in &self.received {
            out.extend_from_slice(&u64::from(dealer.0).to_be_bytes());
            out.extend_from_slice(share.as_bytes());
        }
        out
    }

    /// Restores a state written by [`Self::save`] for this election and key. Refuses a state
    /// saved for another election or another trustee, one whose polynomial does not fit the
    /// threshold, and one whose own share does not follow from its polynomial.
    pub fn restore(
        params: CeremonyParams,
        key: SigningKey,
        saved: &[u8],
    ) -> Result<Self, CeremonyError> {
        params.validate()?;
        let mut r = SavedReader { rest: saved };
        if r.take(SAVED_MAGIC.len())? != SAVED_MAGIC {
            return Err(CeremonyError::SavedState("it is not a saved trustee state"));
        }
        if r.take(32)? != params.election.as_bytes() {
            return Err(CeremonyError::SavedState(
                "it was saved for another election",
            ));
        }
        let index = r.index()?;
        if params.key_of(index)? != key.verifying_key() {
            return Err(CeremonyError::SavedState(
                "it was saved by another trustee than this key's",
            ));
        }
        let coefficients = r.u64()?;
        if coefficients != u64::from(params.threshold) {
            return Err(CeremonyError::SavedState(
                "its polynomial does not have the threshold's degree",
            ));
        }
        let mut polynomial = Zeroizing::new(Vec::with_capacity(params.threshold as usize));
        for _ in 0..coefficients {
            polynomial.push(*r.scalar()?);
        }
        let count = r.u64()?;
        if count > params.trustees.len() as u64 {
            return Err(CeremonyError::SavedState(
                "it holds more shares than there are trustees",
            ));
        }
        let mut received = BTreeMap::new();
        for _ in 0..count {
            let dealer = r.index()?;
            params.key_of(dealer)?;
            let share = r.scalar()?;
            if received.insert(dealer, share).is_some() {
                return Err(CeremonyError::SavedState(
                    "it holds two shares from one dealer",
                ));
            }
        }
        if !r.rest.is_empty() {
            return Err(CeremonyError::SavedState("it has trailing bytes"));
        }
        let own = evaluate(&polynomial, index);
        if !received.get(&index).is_some_and(|s| **s == *own) {
            return Err(CeremonyError::SavedState(
                "its own share does not follow from its polynomial",
            ));
        }
        Ok(Self {
            params,
            index,
            key,
            polynomial,
            received,
        })
    }

    /// The dealers whose shares this trustee has received and checked (itself included).
    pub fn received_from(&self) -> impl Iterator<Item = TrusteeIndex> + '_ {
        self.received.keys().copied()
    }
}

impl Drop for Trustee {
    fn drop(&mut self) {
        for value in self.received.values_mut() {
            value.zeroize();
        }
    }
}

/// The ceremony's outcome, computable by anyone from its public messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyResult {
    /// Dealers whose polynomials make up the key.
    pub qualified: Vec<TrusteeIndex>,
    /// Dealers with a valid complaint against them.
    pub disqualified: Vec<TrusteeIndex>,
    /// Trustees who published no dealing.
    pub absent: Vec<TrusteeIndex>,
    /// Complaints that turned out unfounded, as (recipient, dealer).
    pub unfounded_complaints: Vec<(TrusteeIndex, TrusteeIndex)>,
    pub election_key: ElectionKey,
    /// Trustee `i`'s verification key is `verification_keys[i − 1]`.
    pub verification_keys: Vec<Point>,
}

impl CeremonyResult {
    pub fn verification_key(&self, trustee: TrusteeIndex) -> Result<&Point, CeremonyError> {
        (trustee.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.verification_keys.get(i))
            .ok_or(CeremonyError::UnknownTrustee(trustee))
    }
}

/// Computes the ceremony's result from every dealing and complaint published. Fails if any
/// message is invalid: a board must not have accepted it, and a verifier must say so.
pub fn conclude(
    params: &CeremonyParams,
    dealings: &[Dealing],
    complaints: &[Complaint],
) -> Result<CeremonyResult, CeremonyError> {
    params.validate()?;
    let mut by_dealer: BTreeMap<TrusteeIndex, &Dealing> = BTreeMap::new();
    for d in dealings {
        d.verify(params)?;
        if by_dealer.insert(d.dealer, d).is_some() {
            return Err(CeremonyError::DuplicateDealing { dealer: d.dealer });
        }
    }
    let mut disqualified = Vec::new();
    let mut unfounded_complaints = Vec::new();
    for c in complaints {
        let dealing = by_dealer.get(&c.dealer).ok_or(CeremonyError::Complaint {
            dealer: c.dealer,
            recipient: c.recipient,
            problem: "the dealer published no dealing",
        })?;
        match c.verify(params, dealing)? {
            ComplaintVerdict::DealerAtFault => disqualified.push(c.dealer),
            ComplaintVerdict::Unfounded => unfounded_complaints.push((c.recipient, c.dealer)),
        }
    }
    disqualified.sort();
    disqualified.dedup();
    let absent: Vec<TrusteeIndex> = params
        .indices()
        .filter(|i| !by_dealer.contains_key(i))
        .collect();
    let qualified: Vec<TrusteeIndex> = by_dealer
        .keys()
        .copied()
        .filter(|i| !disqualified.contains(i))
        .collect();
    if qualified.is_empty() {
        return Err(CeremonyError::NoQualifiedDealer);
    }
    let key_point: RistrettoPoint = qualified
        .iter()
        .filter_map(|i| by_dealer.get(i))
        .map(|d| d.commitments[0].point())
        .sum();
    let election_key = ElectionKey::try_from(Point::from_point(key_point))
        .map_err(|_| CeremonyError::NoQualifiedDealer)?;
    let verification_keys = params
        .indices()
        .map(|j| {
            let sum: RistrettoPoint = qualified
                .iter()
                .filter_map(|i| by_dealer.get(i))
                .map(|d| committed_share(&d.commitments, j))
                .sum();
            Point::from_point(sum)
        })
        .collect();
    Ok(CeremonyResult {
        qualified,
        disqualified,
        absent,
        unfounded_complaints,
        election_key,
        verification_keys,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A trustee who complains about a share that is in fact correct: anyone can see the
    /// complaint is unfounded, and the dealer stays qualified.
    #[test]
    fn an_unfounded_complaint_leaves_the_dealer_qualified() {
        let mut rng = rand::rng();
        let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
        let params = CeremonyParams::new(
            ElectionHash([3; 32]),
            2,
            keys.iter().map(|k| k.verifying_key().clone()).collect(),
        )
        .unwrap();
        let trustees: Vec<Trustee> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                Trustee::new(
                    params.clone(),
                    TrusteeIndex(i as u32 + 1),
                    k.clone(),
                    &mut rng,
                )
                .unwrap()
            })
            .collect();
        let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
        // Trustee 2 builds a complaint against trustee 1's honest share, as `receive` would.
        let complainer = &keys[1];
        let share = dealings[0].share_for(TrusteeIndex(2)).unwrap();
        let shared = Point::from_point(share.ephemeral.point() * complainer.secret());
        let mut t = complaint_transcript(&params.election, TrusteeIndex(1), TrusteeIndex(2));
        let proof = DleqProof::prove(
            &mut t,
            complainer.secret(),
            &share.ephemeral,
            complainer.verifying_key().point(),
            &shared,
            &mut rng,
        );
        let complaint = Complaint {
            dealer: TrusteeIndex(1),
            recipient: TrusteeIndex(2),
            shared_secret: shared,
            proof,
        };
        assert_eq!(
            complaint.verify(&params, &dealings[0]).unwrap(),
            ComplaintVerdict::Unfounded
        );
        let result = conclude(&params, &dealings, &[complaint]).unwrap();
        assert_eq!(
            result.qualified,
            vec![TrusteeIndex(1), TrusteeIndex(2), TrusteeIndex(3)]
        );
        assert_eq!(
            result.unfounded_complaints,
            vec![(TrusteeIndex(2), TrusteeIndex(1))]
        );
    }
}
