//! Schnorr signatures over ristretto255 with merlin challenges: [`Signature`],
//! [`SigningKey`], [`VerifyingKey`].

use core::fmt;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::batch::{weight, Equations};
use crate::encoding::{
    decode_hex32, scalar_from_bytes, scalar_hex, Commitment, Encode, Encoder, Point,
};
use crate::error::{EncodingError, ProofError};
use crate::transcript::{transcript, TranscriptExt};

/// A secret signing key `x`, with its public key `P = xG` ([`VerifyingKey`]).
///
/// Voters' credentials, trustees' communication keys, the organiser's key and the
/// ceremony's proofs of knowledge all sign with it; the construction is on [`Signature`].
/// Signing is constant-time (fixed-base multiplication by `G`). The key is zeroized on
/// drop, and its `Debug` prints only the public key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey {
    secret: Scalar,
    #[zeroize(skip)]
    public: VerifyingKey,
}

impl SigningKey {
    /// A new key, `x` drawn uniformly from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self::from_scalar(Scalar::random(rng))
    }

    pub(crate) fn from_scalar(secret: Scalar) -> Self {
        let public = VerifyingKey(Point::from_point(RISTRETTO_BASEPOINT_TABLE * &secret));
        Self { secret, public }
    }

    /// Restores a key from its 32-byte canonical scalar (as written by [`Self::to_bytes`]);
    /// a non-canonical scalar and zero are refused (`spec/protocol.md` §2.3).
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Self, EncodingError> {
        let secret = scalar_from_bytes(bytes)?;
        if secret == Scalar::ZERO {
            return Err(EncodingError::NonCanonicalScalar);
        }
        Ok(Self::from_scalar(secret))
    }

    /// Restores a key from its 64 lowercase hexadecimal digits; refused as
    /// [`Self::from_bytes`] refuses.
    pub fn from_hex(text: &str) -> Result<Self, EncodingError> {
        Self::from_bytes(decode_hex32(text)?)
    }

    /// The secret's bytes, for storing in a key file readable only by its owner.
    pub fn to_bytes(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.secret.to_bytes())
    }

    /// The public key `P = xG`.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.public
    }

    pub(crate) fn secret(&self) -> &Scalar {
        &self.secret
    }

    /// Signs `message` under the domain label `domain` (`spec/protocol.md` §7.1): the
    /// construction of [`Signature`], with a fresh nonce from `rng`.
    pub fn sign<R: CryptoRng + ?Sized>(
        &self,
        domain: &'static [u8],
        message: &[u8],
        rng: &mut R,
    ) -> Signature {
        // spec/protocol.md §7.1: R = kG, e from the transcript, s = k + e·x.
        let nonce = zeroize::Zeroizing::new(Scalar::random(rng));
        let commitment = Commitment::from(Point::from_point(RISTRETTO_BASEPOINT_TABLE * &*nonce));
        let e = challenge(domain, &self.public, message, &commitment);
        Signature {
            commitment,
            response: *nonce + e * self.secret,
        }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// A public key `P = xG`, never the identity (refused when parsed, `spec/protocol.md`
/// §2.4). In JSON, its point. It checks [`Signature`]s made with the matching
/// [`SigningKey`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Point", into = "Point")]
pub struct VerifyingKey(Point);

impl VerifyingKey {
    /// The point `P`.
    pub fn point(&self) -> &Point {
        &self.0
    }

    /// Checks a signature over `message` under the domain label `domain`: recomputes `e`
    /// from the transcript and accepts if and only if `s·G = R + e·P` (`spec/protocol.md`
    /// §7.1). Variable-time, on public data.
    pub fn verify(
        &self,
        domain: &'static [u8],
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), ProofError> {
        let e = challenge(domain, self, message, &signature.commitment);
        // spec/protocol.md §7.1: s·G = R + e·P, checked as R = s·G − e·P.
        let expected = curve25519_dalek::RistrettoPoint::vartime_double_scalar_mul_basepoint(
            &-e,
            self.0.point(),
            &signature.response,
        );
        // The encoding of a point is unique, so comparing encodings compares points; and
        // an `R` that is not a canonical encoding (spec/protocol.md §2.2) matches none.
        if signature.commitment.encodes(&expected) {
            Ok(())
        } else {
            Err(ProofError::Invalid { what: "signature" })
        }
    }

    /// Adds `ρ·(s·G − R − e·P)` to a batch, with a fresh random weight `ρ`
    /// (`spec/protocol.md` §9.7 step 2).
    pub(crate) fn batch_verify<R: CryptoRng + ?Sized>(
        &self,
        domain: &'static [u8],
        message: &[u8],
        signature: &Signature,
        eqs: &mut Equations,
        rng: &mut R,
    ) -> Result<(), EncodingError> {
        // spec/protocol.md §2.2: `R` is decoded here, where it is used.
        let r = signature.commitment.decode()?;
        let e = challenge(domain, self, message, &signature.commitment);
        let rho = weight(rng);
        eqs.add_g(rho * signature.response);
        eqs.push(-rho, r);
        eqs.push(-(rho * e), *self.0.point());
        Ok(())
    }
}

impl TryFrom<Point> for VerifyingKey {
    type Error = ProofError;

    fn try_from(point: Point) -> Result<Self, Self::Error> {
        if point.is_identity() {
            return Err(ProofError::IdentityKey { what: "public key" });
        }
        Ok(Self(point))
    }
}

impl From<VerifyingKey> for Point {
    fn from(key: VerifyingKey) -> Point {
        key.0
    }
}

impl Encode for VerifyingKey {
    fn encode(&self, enc: &mut Encoder) {
        enc.point(&self.0);
    }
}

impl fmt::Display for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A Schnorr signature `(R, s)` (`spec/protocol.md` §7.1; the security argument is
/// `proofs/schnorr.md`). In JSON `{"commitment", "response"}`.
///
/// # Relation
///
/// For a public key `P`, a domain label and a message, the signer knows
///
/// ```text
/// { x : P = xG }
/// ```
///
/// and binds that knowledge to the message: under the domains `dealer-knowledge` and
/// `share-ephemeral` a signature is also a proof of knowledge of `x`.
///
/// # Construction
///
/// Key pair `(x, P = xG)`. To sign `msg` under the domain `dom`:
///
/// 1. draw a random nonce `k` and set the commitment `R = kG`;
/// 2. draw the challenge `e` from the transcript below;
/// 3. answer `s = k + e·x`. The signature is `(R, s)`.
///
/// # Transcript
///
/// | label | value |
/// |---|---|
/// | (`Transcript::new`) | `zhixuan-v1` |
/// | `dom-sep` | `dom` |
/// | `public-key` | `P` |
/// | `message` | `msg` |
/// | `commitment` | `R` |
///
/// and `e` is the challenge scalar under the label `challenge`. The domains are
/// `ballot-signature` (a cast ballot, over its hash:
/// [`PreparedBallot::cast`](crate::PreparedBallot::cast)), `dealer-knowledge` (a
/// [`Dealing`](crate::Dealing)'s proof of knowledge of its secret) and `share-ephemeral` (an
/// [`EncryptedShare`](crate::EncryptedShare)'s proof of knowledge of its ephemeral secret).
///
/// # Verification
///
/// Recompute `e` from `P`, `msg` and `R`, and accept if and only if
///
/// ```text
/// s·G = R + e·P
/// ```
///
/// where `R` must be a canonical point encoding (`spec/protocol.md` §2.2): a
/// [`Commitment`], kept as its bytes until verification, where one that decodes to no point
/// fails. Alone, `R = s·G − e·P` is checked by comparing encodings.
///
/// The commitment `R` is published, rather than `e`, so that the equation is linear in
/// public points: a ballot's signature verifies in a batch with its proofs
/// ([`verify_ballots`](crate::verify_ballots)), contributing `ρ·s·G − ρ·R − ρ·e·P` with a
/// random weight `ρ`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The commitment `R = kG`.
    pub commitment: Commitment,
    /// The response `s = k + e·x`.
    #[serde(with = "scalar_hex")]
    pub response: Scalar,
}

impl Encode for Signature {
    fn encode(&self, enc: &mut Encoder) {
        enc.commitment(&self.commitment).scalar(&self.response);
    }
}

/// `spec/protocol.md` §7.1: the challenge `e` of the transcript `domain`, over `P`, the
/// message and `R`.
fn challenge(
    domain: &'static [u8],
    key: &VerifyingKey,
    message: &[u8],
    commitment: &Commitment,
) -> Scalar {
    let mut t: Transcript = transcript(domain);
    t.append_point(b"public-key", &key.0);
    t.append_message(b"message", message);
    t.append_commitment(b"commitment", commitment);
    t.challenge_scalar(b"challenge")
}
