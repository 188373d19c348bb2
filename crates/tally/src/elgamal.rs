//! Exponential ElGamal over Ristretto255.
//!
//! A count `m` is encrypted under the election key `K = xG` as `(A, B) = (rG, mG + rK)`.
//! Ciphertexts add componentwise, so the sum of many encryptions is an encryption of the
//! sum of their counts; multiplying both components by a public integer `w` weights the
//! count. Decryption recovers `mG = B − xA`, and `m` itself is found by a bounded discrete
//! logarithm (see [`crate::dlog`]), which is why counts, not arbitrary messages, are
//! encrypted.
//!
//! Encryption multiplies secret scalars only by fixed bases (`G`, and `K` through a table
//! built once per key), with curve25519-dalek's constant-time table lookups.

use std::sync::OnceLock;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::encoding::{ElectionHash, Encode, Encoder, Point};
use crate::error::ProofError;
use crate::style::MAX_RANGE_BRANCHES;

/// The election's public key `K = xG`, produced by the trustees' key ceremony; never the
/// identity (`spec/protocol.md` §6.1, §2.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Point", into = "Point")]
pub struct ElectionKey(Point);

impl ElectionKey {
    /// The point `K`.
    pub fn point(&self) -> &Point {
        &self.0
    }
}

impl TryFrom<Point> for ElectionKey {
    type Error = ProofError;

    fn try_from(point: Point) -> Result<Self, Self::Error> {
        if point.is_identity() {
            return Err(ProofError::IdentityKey {
                what: "election key",
            });
        }
        Ok(Self(point))
    }
}

impl From<ElectionKey> for Point {
    fn from(key: ElectionKey) -> Point {
        key.0
    }
}

/// What every ballot and decryption proof is bound to: the definition's hash and the key
/// (`spec/protocol.md` §6.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectionContext {
    /// The election hash.
    pub election: ElectionHash,
    /// The election key `K`.
    pub key: ElectionKey,
}

/// An exponential ElGamal ciphertext `(A, B) = (rG, mG + rK)` of a count `m` with randomness
/// `r` (`spec/protocol.md` §6.1). In JSON `{"a", "b"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ciphertext {
    /// `A = rG`.
    pub a: Point,
    /// `B = mG + rK`.
    pub b: Point,
}

impl Encode for Ciphertext {
    fn encode(&self, enc: &mut Encoder) {
        enc.point(&self.a).point(&self.b);
    }
}

/// A running sum of weighted ciphertexts, kept as uncompressed points until published
/// (`spec/protocol.md` §6.2: ciphertexts add componentwise, and `w·(A, B)` encrypts `w·m`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CiphertextSum {
    pub a: RistrettoPoint,
    pub b: RistrettoPoint,
}

impl CiphertextSum {
    pub fn add(&mut self, ct: &Ciphertext) {
        self.a += ct.a.point();
        self.b += ct.b.point();
    }

    pub fn subtract(&mut self, ct: &Ciphertext) {
        self.a -= ct.a.point();
        self.b -= ct.b.point();
    }

    pub fn add_weighted(&mut self, ct: &Ciphertext, weight: u64) {
        if weight == 1 {
            self.add(ct);
        } else {
            let w = Scalar::from(weight);
            self.a += ct.a.point() * w;
            self.b += ct.b.point() * w;
        }
    }

    pub fn merge(&mut self, other: &CiphertextSum) {
        self.a += other.a;
        self.b += other.b;
    }

    pub fn publish(&self) -> Ciphertext {
        Ciphertext {
            a: Point::from_point(self.a),
            b: Point::from_point(self.b),
        }
    }
}

/// Encrypts under one election key, with a precomputed table for `K`.
///
/// Ballots are encrypted at half scale (see `Encryptor::half_encrypt`), so it also keeps
/// `½` and the small multiples `j·½G` a selection's count can take.
///
/// The table for `K` is built at the first encryption: it costs about a millisecond, and
/// an election's admission state holds an encryptor for audited ballots that most elections
/// never see — a board loading hundreds of elections would pay it for nothing.
pub struct Encryptor {
    context: ElectionContext,
    key_table: OnceLock<RistrettoBasepointTable>,
    half: Scalar,
    half_counts: Vec<RistrettoPoint>,
}

impl Encryptor {
    /// An encryptor for `context`'s key, with its tables built.
    pub fn new(context: ElectionContext) -> Self {
        let half = Scalar::from(2u64).invert();
        let half_g = RISTRETTO_BASEPOINT_TABLE * &half;
        let half_counts = (0..MAX_RANGE_BRANCHES)
            .scan(RistrettoPoint::identity(), |acc, _| {
                let here = *acc;
                *acc += half_g;
                Some(here)
            })
            .collect();
        Self {
            context,
            key_table: OnceLock::new(),
            half,
            half_counts,
        }
    }

    /// The election context it encrypts for.
    pub fn context(&self) -> &ElectionContext {
        &self.context
    }

    /// The table for `K`, built at its first use.
    fn key_table(&self) -> &RistrettoBasepointTable {
        self.key_table
            .get_or_init(|| RistrettoBasepointTable::create(self.context.key.point().point()))
    }

    /// `(rG, mG + rK)`, constant-time in `m` and `r` (`spec/protocol.md` §6.1).
    pub fn encrypt(&self, m: u64, r: &Scalar) -> Ciphertext {
        let a = RISTRETTO_BASEPOINT_TABLE * r;
        let b = RISTRETTO_BASEPOINT_TABLE * &Scalar::from(m) + self.key_table() * r;
        Ciphertext {
            a: Point::from_point(a),
            b: Point::from_point(b),
        }
    }

    /// `½`, the scale at which provers compute points (see [`Point::batch_from_halves`]).
    pub(crate) fn half(&self) -> &Scalar {
        &self.half
    }

    /// `½(rG, mG + rK)` for a count `m ≤ limit`: the ciphertext of `spec/protocol.md` §6.1
    /// at half scale.
    ///
    /// Constant-time in `m` and `r`: `½mG` is chosen from the table of small multiples by a
    /// constant-time scan of all `limit + 1` of them (the limit is public), which costs far
    /// less than a multiplication.
    ///
    /// A count above the limit (only a test's cheating voter makes one: honest callers
    /// check the choices first) is multiplied out instead, so that the ciphertext still
    /// holds it.
    pub(crate) fn half_encrypt(&self, m: u64, limit: u32, r: &Scalar) -> [RistrettoPoint; 2] {
        let half_r = r * self.half;
        let half_m = if m > u64::from(limit) {
            self.mul_g(&(Scalar::from(m) * self.half))
        } else {
            let mut half_m = RistrettoPoint::identity();
            for (j, p) in (0u64..).zip(&self.half_counts[..=limit as usize]) {
                half_m.conditional_assign(p, j.ct_eq(&m));
            }
            half_m
        };
        [self.mul_g(&half_r), half_m + self.mul_k(&half_r)]
    }

    /// `sG`, constant-time.
    pub(crate) fn mul_g(&self, s: &Scalar) -> RistrettoPoint {
        RISTRETTO_BASEPOINT_TABLE * s
    }

    /// `sK`, constant-time.
    pub(crate) fn mul_k(&self, s: &Scalar) -> RistrettoPoint {
        self.key_table() * s
    }
}
