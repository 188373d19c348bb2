//! Verifiable threshold decryption.
//!
//! # Construction
//!
//! Trustee `i` holds the share `xᵢ` of the election secret, with public verification key
//! `Xᵢ = xᵢG` (see [`crate::ceremony`]). For each tally ciphertext `(A, B)` it publishes the
//! decryption share `Dᵢ = xᵢA` and a Chaum–Pedersen proof that `log_G Xᵢ = log_A Dᵢ`, with a
//! transcript `dom-sep` = `partial-decryption` binding `election`, `trustee` (u64),
//! `verification-key` = `Xᵢ`, `position` (u64, the ciphertext's place in the tally),
//! `ciphertext-a` = `A`, `ciphertext-b` = `B`, then the proof's own labels
//! (see [`crate::proofs::dleq`]).
//!
//! Any set `S` of `t` trustees with valid shares recovers `xA = Σ_{i∈S} λᵢDᵢ` with the
//! Lagrange coefficients at zero `λᵢ = Π_{j∈S, j≠i} j / (j − i)`, then `mG = B − xA`, and `m`
//! by a bounded discrete logarithm ([`crate::dlog`]).

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

/// A trustee's share `xᵢ` of the election secret. Zeroized on drop; `Debug` prints only the
/// index. Serialized only into the trustee's own key file.
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

    pub fn index(&self) -> TrusteeIndex {
        self.index
    }

    pub fn verification_key(&self) -> Point {
        Point::from_point(RISTRETTO_BASEPOINT_TABLE * &self.secret)
    }

    /// Decryption shares of every ciphertext, each with its proof.
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

/// `Dᵢ = xᵢA` for one ciphertext, with its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptionShare {
    pub share: Point,
    pub proof: DleqProof,
}

/// One trustee's decryption shares of the whole tally, as published. Not yet verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDecryption {
    pub trustee: TrusteeIndex,
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

fn ciphertexts_hash(ciphertexts: &[Ciphertext]) -> [u8; 32] {
    tagged_hash("zhixuan-v1/tally-ciphertexts", ciphertexts)
}

impl PartialDecryption {
    /// Checks every share's proof against the trustee's verification key.
    pub fn verify(
        self,
        election: &ElectionHash,
        verification_key: &Point,
        ciphertexts: &[Ciphertext],
    ) -> Result<VerifiedPartialDecryption, DecryptionError> {
        if self.shares.len() != ciphertexts.len() {
            return Err(DecryptionError::LenMismatch {
                trustee: self.trustee,
                collection: "decryption shares",
                expected: ciphertexts.len(),
                actual: self.shares.len(),
            });
        }
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
    pub fn trustee(&self) -> TrusteeIndex {
        self.inner.trustee
    }

    pub fn partial(&self) -> &PartialDecryption {
        &self.inner
    }
}

/// `λᵢ = Π_{j∈S, j≠i} j / (j − i)` for every `i` in `S`.
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

/// Combines `threshold` or more verified partial decryptions into the counts. `bound` is
/// the largest count any ciphertext can hold (e.g. ballots × weight × option limit).
pub fn combine(
    threshold: u32,
    ciphertexts: &[Ciphertext],
    parts: &[VerifiedPartialDecryption],
    bound: u64,
) -> Result<Vec<u64>, DecryptionError> {
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
