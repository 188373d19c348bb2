//! Canonical binary encoding, and the wire types every structure is built from.
//!
//! Hashes and Fiat–Shamir transcripts are computed over bytes, never over JSON text: JSON
//! admits many spellings of one value, and a hash over text would let two spellings of one
//! ballot carry two tracking codes. The rules (`spec/protocol.md` §3):
//!
//! * an unsigned integer is 8 bytes, little-endian;
//! * a byte string or a UTF-8 string is its length (as an integer) followed by its bytes;
//! * a sequence is its length (as an integer) followed by its elements;
//! * a point is the 32-byte Ristretto255 encoding; a scalar is its canonical 32-byte
//!   little-endian encoding; a hash is its 32 bytes;
//! * a structure is its fields in the order the spec lists them, with no separators.
//!
//! In JSON, points, scalars and hashes are lowercase hexadecimal strings. Parsing accepts only
//! canonical encodings: a Ristretto encoding that does not decompress, or a scalar that is not
//! reduced modulo ℓ, is refused at the boundary, so nothing downstream sees two encodings of
//! one value. The one exception is a proof's [`Commitment`], read as its bytes and decoded
//! where its proof is checked, which refuses it then.

use core::fmt;

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::error::EncodingError;

/// Writes the canonical binary encoding.
#[derive(Default)]
pub struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    /// An empty encoding.
    pub fn new() -> Self {
        Self::default()
    }

    /// `u64(n)`: 8 bytes, little-endian.
    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.buf.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// `u64(len(b)) ‖ b`.
    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.u64(value.len() as u64);
        self.buf.extend_from_slice(value);
        self
    }

    /// A UTF-8 string, as its bytes: `u64(len(s)) ‖ s`.
    pub fn str(&mut self, value: &str) -> &mut Self {
        self.bytes(value.as_bytes())
    }

    /// Fixed-width values (points, scalars, hashes) carry no length prefix.
    pub fn fixed(&mut self, value: &[u8; 32]) -> &mut Self {
        self.buf.extend_from_slice(value);
        self
    }

    /// A point's 32-byte encoding.
    pub fn point(&mut self, value: &Point) -> &mut Self {
        self.fixed(value.as_bytes())
    }

    /// A proof commitment's 32-byte encoding, as a point's.
    pub fn commitment(&mut self, value: &Commitment) -> &mut Self {
        self.fixed(value.as_bytes())
    }

    /// A scalar's 32 canonical little-endian bytes.
    pub fn scalar(&mut self, value: &Scalar) -> &mut Self {
        self.fixed(value.as_bytes())
    }

    /// `u64(n) ‖ enc(v₁) ‖ … ‖ enc(vₙ)`.
    pub fn seq<T: Encode>(&mut self, items: &[T]) -> &mut Self {
        self.u64(items.len() as u64);
        for item in items {
            item.encode(self);
        }
        self
    }

    /// `enc(v)`.
    pub fn value<T: Encode + ?Sized>(&mut self, item: &T) -> &mut Self {
        item.encode(self);
        self
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// A structure with a canonical binary encoding (`spec/protocol.md` §3).
pub trait Encode {
    /// Writes `enc(self)`.
    fn encode(&self, enc: &mut Encoder);

    /// `enc(self)`, on its own.
    fn to_canonical_bytes(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        self.encode(&mut enc);
        enc.into_bytes()
    }
}

impl Encode for u64 {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(*self);
    }
}

impl Encode for u32 {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(*self));
    }
}

impl Encode for str {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(self);
    }
}

impl Encode for String {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(self);
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(self);
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(self);
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, enc: &mut Encoder) {
        match self {
            None => {
                enc.u64(0);
            }
            Some(value) => {
                enc.u64(1).value(value);
            }
        }
    }
}

/// `SHA-256(u64(len(domain)) ‖ domain ‖ enc(value))` (`spec/protocol.md` §4): every hash in
/// the protocol is domain-separated so that bytes hashed for one purpose can never be
/// mistaken for another.
pub fn tagged_hash<T: Encode + ?Sized>(domain: &str, value: &T) -> [u8; 32] {
    let mut enc = Encoder::new();
    enc.str(domain).value(value);
    Sha256::digest(enc.into_bytes()).into()
}

/// A Ristretto255 point as published: its canonical encoding, and the decoded point.
///
/// Both are kept because hashing needs the bytes and arithmetic needs the point, and
/// converting either way costs about 5 µs; a point is decoded once, when it is parsed.
/// The identity is a valid encoding; the structures where it is forbidden (keys,
/// ballot ciphertexts) refuse it themselves and say so.
#[derive(Clone, Copy)]
pub struct Point {
    bytes: CompressedRistretto,
    point: RistrettoPoint,
}

impl Point {
    /// Decodes a canonical encoding; anything else is refused (`spec/protocol.md` §2.2).
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Self, EncodingError> {
        let compressed = CompressedRistretto(bytes);
        let point = compressed
            .decompress()
            .ok_or(EncodingError::NonCanonicalPoint)?;
        Ok(Self {
            bytes: compressed,
            point,
        })
    }

    /// A point with its encoding.
    pub fn from_point(point: RistrettoPoint) -> Self {
        Self {
            bytes: point.compress(),
            point,
        }
    }

    /// The points `2·Hᵢ`, from halves `Hᵢ`, compressed together.
    ///
    /// Compressing one point takes an inverse square root; curve25519-dalek's
    /// `double_and_compress_batch` encodes the doubles of a batch with one shared field
    /// inversion instead, which is why provers compute their points at half scale. It is
    /// constant-time, so it serves for points that depend on secrets.
    pub(crate) fn batch_from_halves(halves: &[RistrettoPoint]) -> Vec<Self> {
        RistrettoPoint::double_and_compress_batch(halves)
            .into_iter()
            .zip(halves)
            .map(|(bytes, half)| Self {
                bytes,
                point: half + half,
            })
            .collect()
    }

    /// The 32-byte encoding.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.bytes.as_bytes()
    }

    /// The decoded point.
    pub fn point(&self) -> &RistrettoPoint {
        &self.point
    }

    /// Whether it is the identity `O`, which some structures refuse (`spec/protocol.md`
    /// §2.4).
    pub fn is_identity(&self) -> bool {
        self.point.is_identity()
    }
}

impl PartialEq for Point {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Point {}

impl core::hash::Hash for Point {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.as_bytes().hash(state);
    }
}

impl fmt::Debug for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Point({})", hex::encode(self.as_bytes()))
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.as_bytes()))
    }
}

impl Encode for Point {
    fn encode(&self, enc: &mut Encoder) {
        enc.point(self);
    }
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.as_bytes()))
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Point::from_bytes(deserialize_hex32(deserializer)?).map_err(D::Error::custom)
    }
}

/// A proof's commitment point as published — a [`RangeBranch`](crate::RangeBranch)'s `aⱼ`
/// and `bⱼ`, a [`Signature`](crate::Signature)'s `R` — kept as its 32-byte encoding and
/// decoded only when the proof is checked (`spec/protocol.md` §2.2).
///
/// A commitment enters its proof's transcript and the hashes as bytes, and a verification
/// equation as a point; nothing else uses it. Decoding it when it is parsed, as a
/// [`Point`] is, would cost about 5 µs for nothing wherever the proof is not checked: a
/// ballot of five options has 27 of them, two thirds of the cost of reading it back from
/// a board's store, whose own signed checkpoint vouches for its proofs
/// (`spec/board.md` §10.1). A string that is not a canonical encoding is still refused: the
/// proof that carries it fails, since no point has that encoding.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Commitment(CompressedRistretto);

impl Commitment {
    /// The commitments `2·Hᵢ`, from halves `Hᵢ`, compressed together as in
    /// [`Point::batch_from_halves`]: a prover needs only their encodings, so the doubled
    /// points are never formed.
    pub(crate) fn batch_from_halves(halves: &[RistrettoPoint]) -> Vec<Self> {
        RistrettoPoint::double_and_compress_batch(halves)
            .into_iter()
            .map(Self)
            .collect()
    }

    /// The 32-byte encoding.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The point, if the bytes are its canonical encoding (`spec/protocol.md` §2.2).
    pub fn decode(&self) -> Result<RistrettoPoint, EncodingError> {
        self.0.decompress().ok_or(EncodingError::NonCanonicalPoint)
    }

    /// Whether `point` is the point these bytes encode: its encoding equals them, since
    /// the encoding of a point is unique. One compression, as costly as decoding.
    pub fn encodes(&self, point: &RistrettoPoint) -> bool {
        point.compress() == self.0
    }
}

impl From<Point> for Commitment {
    fn from(point: Point) -> Self {
        Self(point.bytes)
    }
}

impl fmt::Debug for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Commitment({})", hex::encode(self.as_bytes()))
    }
}

impl fmt::Display for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.as_bytes()))
    }
}

impl Encode for Commitment {
    fn encode(&self, enc: &mut Encoder) {
        enc.fixed(self.as_bytes());
    }
}

impl Serialize for Commitment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.as_bytes()))
    }
}

impl<'de> Deserialize<'de> for Commitment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_hex32(deserializer).map(|bytes| Self(CompressedRistretto(bytes)))
    }
}

/// Reads a 32-byte value written as hex, straight from the parser's text: a ballot holds
/// dozens, and a `String` for each was a tenth of the cost of parsing one.
///
/// `spec/protocol.md` §2.5: the hex digits MUST be written as plain characters, never as
/// JSON escape sequences (`"\u0037…"`), so that a value has one spelling and two verifiers
/// cannot disagree. serde_json lends a string in place (`visit_borrowed_str`) exactly when
/// it holds no escape sequence, and hands over a copy (`visit_str`, `visit_string`) when it
/// had to unescape it; serde's buffering (tagged enums, flattened fields) keeps that
/// distinction. So a hex value is read only when it is lent. A deserializer that copies
/// every string (`serde_json::from_reader`, `from_value` of an owned `Value`) cannot show
/// that a string was not escaped, and is refused too: read protocol values from text
/// (`from_str`, `from_slice`) or from a borrowed `&Value`.
pub fn deserialize_hex32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
    struct Hex32;

    impl<'de> serde::de::Visitor<'de> for Hex32 {
        type Value = [u8; 32];

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string of 64 lowercase hexadecimal digits, without escape sequences")
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<[u8; 32], E> {
            decode_hex32(text).map_err(E::custom)
        }

        fn visit_str<E: serde::de::Error>(self, _text: &str) -> Result<[u8; 32], E> {
            Err(E::custom(EncodingError::EscapedHex))
        }
    }

    deserializer.deserialize_str(Hex32)
}

/// 64 lowercase hexadecimal digits as 32 bytes (`spec/protocol.md` §2.5).
pub(crate) fn decode_hex32(text: &str) -> Result<[u8; 32], EncodingError> {
    if text.len() != 64 || text.bytes().any(|c| c.is_ascii_uppercase()) {
        return Err(EncodingError::Hex { expected: 32 });
    }
    let mut out = [0u8; 32];
    const_hex::decode_to_slice(text, &mut out).map_err(|_| EncodingError::Hex { expected: 32 })?;
    Ok(out)
}

/// A canonical scalar, less than ℓ (`spec/protocol.md` §2.3).
pub(crate) fn scalar_from_bytes(bytes: [u8; 32]) -> Result<Scalar, EncodingError> {
    Option::from(Scalar::from_canonical_bytes(bytes)).ok_or(EncodingError::NonCanonicalScalar)
}

/// Serde for public scalars (challenges, responses, revealed nonces) as canonical hex.
pub mod scalar_hex {
    use super::*;

    /// Writes the scalar as 64 lowercase hexadecimal digits.
    pub fn serialize<S: Serializer>(value: &Scalar, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(value.as_bytes()))
    }

    /// Reads a canonical scalar from 64 lowercase hexadecimal digits written without
    /// escapes (`spec/protocol.md` §2.3, §2.5).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        scalar_from_bytes(deserialize_hex32(deserializer)?).map_err(D::Error::custom)
    }
}

macro_rules! hash_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// The hash's 32 bytes.
            pub fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }

            /// Reads the hash from 64 lowercase hexadecimal digits.
            pub fn from_hex(text: &str) -> Result<Self, EncodingError> {
                decode_hex32(text).map(Self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), hex::encode(self.0))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&hex::encode(self.0))
            }
        }

        impl Encode for $name {
            fn encode(&self, enc: &mut Encoder) {
                enc.fixed(&self.0);
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&hex::encode(self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_hex32(deserializer).map(Self)
            }
        }
    };
}

hash_newtype!(
    /// The hash of a key-ceremony dealing, `tagged_hash("zhixuan-v1/dealing", dealing)`
    /// (`spec/protocol.md` §12.4); an acknowledgement names the dealing it accepts by it.
    DealingHash
);
hash_newtype!(
    /// The hash of an election's definition (`spec/definition.md` §4); every proof and
    /// signature in the election is bound to it (`spec/protocol.md` §4).
    ElectionHash
);
hash_newtype!(
    /// The ballot hash (`spec/protocol.md` §9.3): of the election and the contests'
    /// ciphertexts, neither the credential nor the proofs nor the signature; the ballot's
    /// tracking code is derived from it.
    BallotHash
);
