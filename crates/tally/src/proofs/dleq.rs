//! Chaum–Pedersen proof of equality of discrete logarithms.
//!
//! # Construction
//!
//! The relation, for public bases `G`, `H` and points `X`, `Y`:
//!
//! ```text
//! { x : X = xG, Y = xH }
//! ```
//!
//! Used for a trustee's partial decryption (`H` = the ciphertext's `A`, `X` = the trustee's
//! verification key, `Y` = its decryption share) and for a key-ceremony complaint (`H` = the
//! share's ephemeral point, `X` = the complainer's communication key, `Y` = the revealed
//! Diffie–Hellman value).
//!
//! Prover: random `w`; `T₁ = wG`, `T₂ = wH`. Transcript (after the caller's statement):
//! `dleq-base` = `H`, `dleq-public` = `X`, `dleq-image` = `Y`, `dleq-commitment-g` = `T₁`,
//! `dleq-commitment-h` = `T₂`; challenge `c` = `challenge`; response `z = w + c·x`.
//! The proof is `(c, z)`.
//!
//! Verifier: `T₁ = zG − cX`, `T₂ = zH − cY`, recompute `c` from the transcript, and accept
//! when it equals the proof's `c`.
//!
//! # Implementation details
//!
//! The compact `(c, z)` form is used because these proofs are few (one per tally
//! ciphertext per trustee, one per complaint), so batching gains nothing. The prover's
//! multiplication by `H` is constant-time; verification is variable-time on public data.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use merlin::Transcript;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::encoding::{scalar_hex, Encode, Encoder, Point};
use crate::transcript::TranscriptExt;

/// A Chaum–Pedersen proof `(c, z)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DleqProof {
    #[serde(rename = "c", with = "scalar_hex")]
    pub challenge: Scalar,
    #[serde(rename = "z", with = "scalar_hex")]
    pub response: Scalar,
}

impl Encode for DleqProof {
    fn encode(&self, enc: &mut Encoder) {
        enc.scalar(&self.challenge).scalar(&self.response);
    }
}

fn challenge(
    t: &mut Transcript,
    h: &Point,
    x: &Point,
    y: &Point,
    t1: &Point,
    t2: &Point,
) -> Scalar {
    t.append_point(b"dleq-base", h);
    t.append_point(b"dleq-public", x);
    t.append_point(b"dleq-image", y);
    t.append_point(b"dleq-commitment-g", t1);
    t.append_point(b"dleq-commitment-h", t2);
    t.challenge_scalar(b"challenge")
}

impl DleqProof {
    /// Proves `X = xG` and `Y = xH`; `t` already holds the caller's statement.
    pub(crate) fn prove<R: CryptoRng + ?Sized>(
        t: &mut Transcript,
        secret: &Scalar,
        h: &Point,
        x: &Point,
        y: &Point,
        rng: &mut R,
    ) -> Self {
        let w = Zeroizing::new(Scalar::random(rng));
        let t1 = Point::from_point(RISTRETTO_BASEPOINT_TABLE * &*w);
        // Borrowed, not copied, so that no unzeroized copy of `w` is left behind.
        #[allow(clippy::op_ref)]
        let t2 = Point::from_point(h.point() * &*w);
        let c = challenge(t, h, x, y, &t1, &t2);
        DleqProof {
            challenge: c,
            response: *w + c * secret,
        }
    }

    pub(crate) fn verify(&self, t: &mut Transcript, h: &Point, x: &Point, y: &Point) -> bool {
        let neg_c = -self.challenge;
        let t1 =
            RistrettoPoint::vartime_double_scalar_mul_basepoint(&neg_c, x.point(), &self.response);
        let t2 = RistrettoPoint::vartime_multiscalar_mul(
            [self.response, neg_c],
            [*h.point(), *y.point()],
        );
        let c = challenge(t, h, x, y, &Point::from_point(t1), &Point::from_point(t2));
        c == self.challenge
    }
}
