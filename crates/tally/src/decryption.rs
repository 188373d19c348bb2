//! Verifiable threshold decryption of the encrypted tally: [`PartialDecryption`] and
//! [`combine`].

use core::fmt;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::dlog::DiscreteLog;
use crate::elgamal::Ciphertext;
use crate::encoding::{scalar_hex, tagged_hash, ElectionHash, Encode, Encoder, Point};
use crate::error::DecryptionError;
use crate::ids::TrusteeIndex;
use crate::proofs::dleq::DleqProof;
use crate::transcript::{transcript, TranscriptExt};

/// A trustee's share `xᵢ` of the election secret, from the key ceremony
/// ([`Trustee::finish`](crate::Trustee::finish)), with verification key `Xᵢ = xᵢG`.
/// Zeroized on drop; `Debug` prints only the index. Serialized only into the trustee's own
/// key file, as `{"index", "secret"}`.
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct TrusteeShare {
    #[zeroize(skip)]
    index: TrusteeIndex,
    #[serde(with = "scalar_hex")]
    secret: Scalar,
}

impl fmt::Debug for TrusteeShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrusteeShare")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// The statement of the proof for position `position` (`spec/protocol.md` §14.2), before
/// the proof's own labels.
fn decryption_transcript(
    election: &ElectionHash,
    trustee: TrusteeIndex,
    key: &Point,
    position: usize,
    ct: &Ciphertext,
) -> Transcript {
    let mut t = transcript(b"partial-decryption");
    t.append_election(election);
    t.append_u64(b"trustee", u64::from(trustee.0));
    t.append_point(b"verification-key", key);
    t.append_u64(b"position", position as u64);
    t.append_point(b"ciphertext-a", &ct.a);
    t.append_point(b"ciphertext-b", &ct.b);
    t
}

impl TrusteeShare {
    pub(crate) fn new(index: TrusteeIndex, secret: Scalar) -> Self {
        Self { index, secret }
    }

    /// The trustee's index `i`.
    pub fn index(&self) -> TrusteeIndex {
        self.index
    }

    /// `Xᵢ = xᵢG`.
    pub fn verification_key(&self) -> Point {
        Point::from_point(RISTRETTO_BASEPOINT_TABLE * &self.secret)
    }

    /// Decryption shares of every ciphertext of the list, in order, each with its proof (see
    /// [`PartialDecryption`]).
    pub fn decrypt<R: CryptoRng + ?Sized>(
        &self,
        election: &ElectionHash,
        ciphertexts: &[Ciphertext],
        rng: &mut R,
    ) -> PartialDecryption {
        let key = self.verification_key();
        let shares = ciphertexts
            .iter()
            .enumerate()
            .map(|(position, ct)| {
                // spec/protocol.md §14.1: Dᵢ = xᵢ·A, with log_G Xᵢ = log_A Dᵢ proven.
                let share = Point::from_point(ct.a.point() * self.secret);
                let mut t = decryption_transcript(election, self.index, &key, position, ct);
                let proof = DleqProof::prove(&mut t, &self.secret, &ct.a, &key, &share, rng);
                DecryptionShare { share, proof }
            })
            .collect();
        PartialDecryption {
            trustee: self.index,
            shares,
        }
    }
}

/// Trustee `i`'s decryption share `Dᵢ = xᵢ·A` of one ciphertext `(A, B)`, with the proof
/// that it is (`spec/protocol.md` §14.1). See [`PartialDecryption`] for the relation and
/// the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptionShare {
    /// `Dᵢ = xᵢ·A`.
    pub share: Point,
    /// The proof that `log_G Xᵢ = log_A Dᵢ`.
    pub proof: DleqProof,
}

/// One trustee's decryption shares of a whole ciphertext list (a tally's, in its order), as
/// published: not yet verified (`spec/protocol.md` §14).
///
/// # Relation
///
/// Trustee `i` holds the share `xᵢ` of the election secret, with verification key
/// `Xᵢ = xᵢG` from the ceremony's result. For the ciphertext `(A_p, B_p)` at position `p`
/// it publishes `D_{i,p} = xᵢ·A_p` and a [`DleqProof`] of
///
/// ```text
/// log_G Xᵢ = log_{A_p} D_{i,p}
/// ```
///
/// # Transcript
///
/// For position `p` (`spec/protocol.md` §14.2):
///
/// | label | value |
/// |---|---|
/// | (`Transcript::new`) | `zhixuan-v1` |
/// | `dom-sep` | `partial-decryption` |
/// | `election` | the election hash |
/// | `trustee` | `i`, as u64 |
/// | `verification-key` | `Xᵢ` |
/// | `position` | `p`, as u64 |
/// | `ciphertext-a` | `A_p` |
/// | `ciphertext-b` | `B_p` |
///
/// then the [`DleqProof`]'s labels with `H = A_p`, `X = Xᵢ`, `Y = D_{i,p}`, and its
/// challenge under the label `challenge`.
///
/// # Verification
///
/// [`PartialDecryption::verify`] (§14.3): one share per ciphertext, and every proof
/// verifies, in order of position, with `Xᵢ` taken from the ceremony's result for this
/// partial decryption's own `trustee`. [`combine`] then recovers the counts.
///
/// Its canonical encoding is `u64(trustee) ‖ u64(number of shares) ‖` for each share
/// `share ‖ enc(proof)` (§3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDecryption {
    /// The trustee `i`.
    pub trustee: TrusteeIndex,
    /// One share per ciphertext, in the list's order.
    pub shares: Vec<DecryptionShare>,
}

impl Encode for PartialDecryption {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.trustee);
        enc.u64(self.shares.len() as u64);
        for s in &self.shares {
            enc.point(&s.share).value(&s.proof);
        }
    }
}

/// What a verified partial decryption remembers of the list it was checked against
/// (`spec/protocol.md` §4, domain `zhixuan-v1/tally-ciphertexts`).
fn ciphertexts_hash(ciphertexts: &[Ciphertext]) -> [u8; 32] {
    tagged_hash("zhixuan-v1/tally-ciphertexts", ciphertexts)
}

impl PartialDecryption {
    /// Checks every share's proof against the trustee's verification key `Xᵢ` (which the
    /// caller takes from the ceremony's result for this partial decryption's `trustee`) and
    /// the ciphertext list (`spec/protocol.md` §14.3).
    pub fn verify(
        self,
        election: &ElectionHash,
        verification_key: &Point,
        ciphertexts: &[Ciphertext],
    ) -> Result<VerifiedPartialDecryption, DecryptionError> {
        // spec/protocol.md §14.3 step 2.
        if self.shares.len() != ciphertexts.len() {
            return Err(DecryptionError::LenMismatch {
                trustee: self.trustee,
                collection: "decryption shares",
                expected: ciphertexts.len(),
                actual: self.shares.len(),
            });
        }
        // spec/protocol.md §14.3 step 3: log_G Xᵢ = log_A Dᵢ at every position, in order.
        for (position, (s, ct)) in self.shares.iter().zip(ciphertexts).enumerate() {
            let mut t =
                decryption_transcript(election, self.trustee, verification_key, position, ct);
            if !s.proof.verify(&mut t, &ct.a, verification_key, &s.share) {
                return Err(DecryptionError::Proof {
                    trustee: self.trustee,
                    position,
                });
            }
        }
        Ok(VerifiedPartialDecryption {
            inner: self,
            ciphertexts: ciphertexts_hash(ciphertexts),
        })
    }
}

/// A partial decryption whose every proof verified, for the ciphertexts it was checked
/// against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPartialDecryption {
    inner: PartialDecryption,
    ciphertexts: [u8; 32],
}

impl VerifiedPartialDecryption {
    /// The trustee whose shares these are.
    pub fn trustee(&self) -> TrusteeIndex {
        self.inner.trustee
    }

    /// The partial decryption as published.
    pub fn partial(&self) -> &PartialDecryption {
        &self.inner
    }
}

/// `λᵢ = Π_{j∈S, j≠i} j / (j − i)` for every `i` in `S` (`spec/protocol.md` §14.4 step 3).
fn lagrange_at_zero(set: &[TrusteeIndex]) -> Vec<Scalar> {
    set.iter()
        .map(|&i| {
            let (num, den) = set
                .iter()
                .filter(|&&j| j != i)
                .fold((Scalar::ONE, Scalar::ONE), |(num, den), &j| {
                    (num * j.scalar(), den * (j.scalar() - i.scalar()))
                });
            num * den.invert()
        })
        .collect()
}

/// Combines `threshold` or more verified partial decryptions into the counts, one per
/// ciphertext in the list's order (`spec/protocol.md` §14.4). `bound` is the largest count
/// any ciphertext can hold (e.g. ballots × weight × option limit).
///
/// With `S` the trustees of the first `t` partial decryptions (each verified against this
/// same list, no trustee twice), the Lagrange coefficients at zero and each count are
///
/// ```text
/// λᵢ  = Π_{j∈S, j≠i} j / (j − i)   (mod ℓ)
/// M_p = B_p − Σ_{i∈S} λᵢ·D_{i,p}  = m_p·G
/// ```
///
/// and `m_p` is the discrete logarithm of `M_p` in `0..=bound`
/// ([`DiscreteLog`], §15). Any `t` valid partial decryptions give the
/// same counts; using the first `t` makes the result independent of extra ones.
pub fn combine(
    threshold: u32,
    ciphertexts: &[Ciphertext],
    parts: &[VerifiedPartialDecryption],
    bound: u64,
) -> Result<Vec<u64>, DecryptionError> {
    // spec/protocol.md §14.4 steps 1–2.
    let expected = ciphertexts_hash(ciphertexts);
    let mut set: Vec<TrusteeIndex> = Vec::with_capacity(parts.len());
    for p in parts {
        if p.ciphertexts != expected {
            return Err(DecryptionError::CiphertextsMismatch {
                trustee: p.trustee(),
            });
        }
        if set.contains(&p.trustee()) {
            return Err(DecryptionError::DuplicateTrustee(p.trustee()));
        }
        set.push(p.trustee());
    }
    let need = (threshold as usize).max(1);
    if set.len() < need {
        return Err(DecryptionError::TooFewTrustees {
            have: set.len(),
            need,
        });
    }
    // Exactly t shares suffice; using the first t keeps the result independent of extras.
    let chosen = &parts[..need];
    let lambdas = lagrange_at_zero(&set[..need]);
    let table = DiscreteLog::new(bound);
    ciphertexts
        .iter()
        .enumerate()
        .map(|(position, ct)| {
            // spec/protocol.md §14.4 steps 4–5: M_p = B_p − Σ λᵢ·D_{i,p}, then m_p.
            let xa = RistrettoPoint::vartime_multiscalar_mul(
                &lambdas,
                chosen
                    .iter()
                    .map(|p| *p.inner.shares[position].share.point()),
            );
            table
                .solve(&(ct.b.point() - xa))
                .ok_or(DecryptionError::OutOfBound { position, bound })
        })
        .collect()
}
