//! # zhixuan-tally
//!
//! The homomorphic-tally core of Zhixuan (直选): exponential ElGamal over Ristretto255,
//! zero-knowledge proofs that every ballot is well formed, a threshold key ceremony for the
//! supervision committee, and verifiable threshold decryption.
//!
//! The normative description is `spec/protocol.md`; the security arguments are in
//! `proofs/`. Names here, there and in the tests are the same.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod batch;
mod elgamal;
mod encoding;
mod error;
mod ids;
mod schnorr;
mod style;
mod transcript;

pub use elgamal::{Ciphertext, ElectionContext, ElectionKey, Encryptor};
pub use encoding::{scalar_hex, tagged_hash, BallotHash, ElectionHash, Encode, Encoder, Point};
pub use error::{BallotError, BallotPart, CeremonyError, DecryptionError, EncodingError, ProofError};
pub use ids::{ContestIndex, OptionIndex, TrusteeIndex};
pub use schnorr::{Signature, SigningKey, VerifyingKey};
pub use style::{BallotStyle, ContestSpec, StyleError, StyledContest, MAX_RANGE_BRANCHES};
pub use transcript::PROTOCOL_LABEL;
