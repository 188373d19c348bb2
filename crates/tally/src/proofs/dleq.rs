//! The Chaum–Pedersen proof of equal discrete logarithms: [`DleqProof`].

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

/// A Chaum–Pedersen proof `(c, z)` of equal discrete logarithms (`spec/protocol.md` §7.3;
/// the security argument is `proofs/dleq.md`). In JSON `{"c", "z"}`.
///
/// # Relation
///
/// For the public generator `G` and points `H`, `X`, `Y`:
///
/// ```text
/// { x : X = xG, Y = xH }
/// ```
///
/// It is used for a trustee's partial decryption ([`DecryptionShare`](crate::DecryptionShare):
/// `H` = the ciphertext's `A`, `X` = the trustee's verification key, `Y` = its decryption
/// share) and for a key-ceremony complaint ([`Complaint`](crate::Complaint): `H` = the
/// share's ephemeral point `E`, `X` = the complainer's communication key, `Y` = the revealed
/// Diffie–Hellman value `D`).
///
/// # Construction
///
/// The prover, knowing `x`, draws a random `w`, sets `T₁ = wG`, `T₂ = wH`, draws the
/// challenge `c` from the transcript (below) and answers `z = w + c·x`. The proof is
/// `(c, z)`; the commitments are not published.
///
/// # Transcript
///
/// After the caller's statement (the transcripts `partial-decryption` and
/// `share-complaint` of `spec/protocol.md` §5.4), the proof appends, in order:
///
/// | label | value |
/// |---|---|
/// | `dleq-base` | `H` |
/// | `dleq-public` | `X` |
/// | `dleq-image` | `Y` |
/// | `dleq-commitment-g` | `T₁` |
/// | `dleq-commitment-h` | `T₂` |
///
/// and draws `c` as the challenge scalar under the label `challenge`.
///
/// # Verification
///
/// Recompute the commitments from the response,
///
/// ```text
/// T₁ = z·G − c·X
/// T₂ = z·H − c·Y
/// ```
///
/// append the five values above to the caller's transcript, and accept if and only if the
/// challenge drawn equals `c`.
///
/// The compact `(c, z)` form is used because these proofs are few (one per tally
/// ciphertext per trustee, one per complaint), so batching would gain nothing. The
/// prover's multiplication by `H` is constant-time; verification is variable-time, on
/// public data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DleqProof {
    /// The challenge `c`.
    #[serde(rename = "c", with = "scalar_hex")]
    pub challenge: Scalar,
    /// The response `z = w + c·x`.
    #[serde(rename = "z", with = "scalar_hex")]
    pub response: Scalar,
}

impl Encode for DleqProof {
    fn encode(&self, enc: &mut Encoder) {
        enc.scalar(&self.challenge).scalar(&self.response);
    }
}

/// `spec/protocol.md` §7.3: the five values, after the caller's statement, then `c`.
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
        // spec/protocol.md §7.3: T₁ = wG, T₂ = wH, z = w + c·x.
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

    /// Checks the proof of `X = xG` and `Y = xH`; `t` already holds the caller's statement.
    pub(crate) fn verify(&self, t: &mut Transcript, h: &Point, x: &Point, y: &Point) -> bool {
        // spec/protocol.md §7.3: T₁ = z·G − c·X, T₂ = z·H − c·Y, then c must be drawn again.
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
