//! # zhixuan-tally
//!
//! The homomorphic-tally core of Zhixuan (直选): exponential ElGamal over Ristretto255,
//! zero-knowledge proofs that every ballot is well formed, a threshold key ceremony for the
//! supervision committee, and verifiable threshold decryption.
//!
//! The normative description is `spec/protocol.md`; the security arguments are in
//! `proofs/`. Names here, there and in the tests are the same.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod accumulator;
mod ballot;
mod batch;
mod ceremony;
mod credential;
pub mod crockford;
mod decryption;
mod dlog;
mod elgamal;
mod encoding;
mod error;
mod ids;
mod proofs;
mod schnorr;
mod style;
mod tracking;
mod transcript;

pub use accumulator::{ContestTally, EncryptedTally, TallyAccumulator};
pub use ballot::{
    verify_ballots, AuditedBallot, Ballot, BallotOpening, ContestCiphertexts, EncryptedContest,
    EncryptedSelection, PreparedBallot, SelectionOpening, VerifiedAudit, VerifiedBallot,
};
pub use ceremony::{
    conclude, conclude_verified, Acknowledgement, CeremonyParams, CeremonyResult, Complaint,
    ComplaintVerdict, Dealing, EncryptedShare, Trustee, VerifiedDealing, DEALING_HASH_DOMAIN,
};
pub use credential::{Credential, CredentialSecret};
pub use decryption::{
    combine, DecryptionShare, PartialDecryption, TrusteeShare, VerifiedPartialDecryption,
};
pub use dlog::{DiscreteLog, MAX_COUNT};
pub use elgamal::{Ciphertext, ElectionContext, ElectionKey, Encryptor};
pub use encoding::{
    deserialize_hex32, scalar_hex, tagged_hash, BallotHash, Commitment, DealingHash, ElectionHash,
    Encode, Encoder, Point,
};
pub use error::{
    BallotError, BallotPart, CeremonyError, DecryptionError, EncodingError, ProofError,
};
pub use ids::{ContestIndex, OptionIndex, TrusteeIndex};
pub use proofs::dleq::DleqProof;
pub use proofs::range::{RangeBranch, RangeProof};
pub use schnorr::{Signature, SigningKey, VerifyingKey};
pub use style::{BallotStyle, ContestSpec, StyleError, StyledContest, MAX_RANGE_BRANCHES};
pub use tracking::{TrackingCode, TrackingCodeError};
pub use transcript::PROTOCOL_LABEL;
