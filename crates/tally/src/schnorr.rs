//! Schnorr signatures over Ristretto255 with merlin challenges: voters' credentials,
//! trustees' keys, the organiser's key, and each trustee's proof of knowledge of its secret
//! in the key ceremony all use this one construction.
//!
//! # Construction
//!
//! Key pair `(x, P = xG)`. To sign `msg` under a domain label `dom`:
//!
//! 1. pick a random nonce `k` and set the commitment `R = kG`;
//! 2. transcript `zhixuan-v1`, append `dom-sep` = `dom`, `public-key` = `P`,
//!    `message` = `msg`, `commitment` = `R`; challenge `e` = `challenge`;
//! 3. response `s = k + e·x`. The signature is `(R, s)`.
//!
//! Verification: `s·G = R + e·P`. The commitment is published (rather than `e`) so that
//! signatures verify in a batch together with ballot proofs.
//!
//! # Implementation details
//!
//! Signing is constant-time (fixed-base multiplication by `G`); verification is
//! variable-time, on public data only. Secret keys are zeroized on drop and print nothing.

use core::fmt;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::batch::{weight, Equations};
use crate::encoding::{decode_hex32, scalar_from_bytes, scalar_hex, Encode, Encoder, Point};
use crate::error::{EncodingError, ProofError};
use crate::transcript::{transcript, TranscriptExt};

/// A secret signing key. Zeroized on drop; its `Debug` prints only the public key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey {
    secret: Scalar,
    #[zeroize(skip)]
    public: VerifyingKey,
}

impl SigningKey {
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self::from_scalar(Scalar::random(rng))
    }

    pub(crate) fn from_scalar(secret: Scalar) -> Self {
        let public = VerifyingKey(Point::from_point(RISTRETTO_BASEPOINT_TABLE * &secret));
        Self { secret, public }
    }

    /// Restores a key from its 32-byte canonical scalar (as written by [`Self::to_bytes`]).
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Self, EncodingError> {
        let secret = scalar_from_bytes(bytes)?;
        if secret == Scalar::ZERO {
            return Err(EncodingError::NonCanonicalScalar);
        }
        Ok(Self::from_scalar(secret))
    }

    pub fn from_hex(text: &str) -> Result<Self, EncodingError> {
        Self::from_bytes(decode_hex32(text)?)
    }

    /// The secret's bytes, for storing in a key file readable only by its owner.
    pub fn to_bytes(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.secret.to_bytes())
    }

    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.public
    }

    pub(crate) fn secret(&self) -> &Scalar {
        &self.secret
    }

    pub fn sign<R: CryptoRng + ?Sized>(
        &self,
        domain: &'static [u8],
        message: &[u8],
        rng: &mut R,
    ) -> Signature {
        let nonce = zeroize::Zeroizing::new(Scalar::random(rng));
        let commitment = Point::from_point(RISTRETTO_BASEPOINT_TABLE * &*nonce);
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

/// A public key `P = xG`; never the identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Point", into = "Point")]
pub struct VerifyingKey(Point);

impl VerifyingKey {
    pub fn point(&self) -> &Point {
        &self.0
    }

    pub fn verify(
        &self,
        domain: &'static [u8],
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), ProofError> {
        let e = challenge(domain, self, message, &signature.commitment);
        // R = s·G − e·P
        let expected = curve25519_dalek::RistrettoPoint::vartime_double_scalar_mul_basepoint(
            &-e,
            self.0.point(),
            &signature.response,
        );
        if expected == *signature.commitment.point() {
            Ok(())
        } else {
            Err(ProofError::Invalid { what: "signature" })
        }
    }

    /// Adds `ρ·(s·G − R − e·P)` to a batch, with a fresh random weight `ρ`.
    pub(crate) fn batch_verify<R: CryptoRng + ?Sized>(
        &self,
        domain: &'static [u8],
        message: &[u8],
        signature: &Signature,
        eqs: &mut Equations,
        rng: &mut R,
    ) {
        let e = challenge(domain, self, message, &signature.commitment);
        let rho = weight(rng);
        eqs.add_g(rho * signature.response);
        eqs.push(-rho, *signature.commitment.point());
        eqs.push(-(rho * e), *self.0.point());
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

/// A Schnorr signature `(R, s)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub commitment: Point,
    #[serde(with = "scalar_hex")]
    pub response: Scalar,
}

impl Encode for Signature {
    fn encode(&self, enc: &mut Encoder) {
        enc.point(&self.commitment).scalar(&self.response);
    }
}

fn challenge(
    domain: &'static [u8],
    key: &VerifyingKey,
    message: &[u8],
    commitment: &Point,
) -> Scalar {
    let mut t: Transcript = transcript(domain);
    t.append_point(b"public-key", &key.0);
    t.append_message(b"message", message);
    t.append_point(b"commitment", commitment);
    t.challenge_scalar(b"challenge")
}
