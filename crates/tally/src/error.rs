//! Typed errors. Each names what failed and where, so that the board and the verifier can
//! tell a person which item of which ballot or message is wrong.

use thiserror::Error;

use crate::ids::{ContestIndex, OptionIndex, TrusteeIndex};

/// A value that is not a canonical encoding.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EncodingError {
    #[error("expected {expected} bytes as lowercase hexadecimal")]
    Hex { expected: usize },
    /// `spec/protocol.md` §2.5.
    #[error("hexadecimal must be written without escape sequences, and read in place from JSON text or a borrowed value")]
    EscapedHex,
    #[error("not a canonical Ristretto255 point encoding")]
    NonCanonicalPoint,
    #[error("not a canonical scalar (must be reduced modulo the group order)")]
    NonCanonicalScalar,
}

/// Where in a ballot a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotPart {
    /// The ballot as a whole (its election, credential or shape).
    Ballot,
    /// The credential signature over the ballot.
    Signature,
    /// One selection's ciphertext or its range proof.
    Selection(ContestIndex, OptionIndex),
    /// A contest's total proof.
    ContestTotal(ContestIndex),
}

impl core::fmt::Display for BallotPart {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BallotPart::Ballot => f.write_str("ballot"),
            BallotPart::Signature => f.write_str("signature"),
            BallotPart::Selection(c, o) => write!(f, "contest {c}, option {o}"),
            BallotPart::ContestTotal(c) => write!(f, "contest {c}, total"),
        }
    }
}

/// Why a ballot was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BallotError {
    #[error("ballot is for election {found}, not this election ({expected})")]
    WrongElection { expected: String, found: String },
    #[error("{collection}: expected {expected}, found {actual}")]
    LenMismatch {
        collection: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("contest at position {position} is {found}, expected {expected}")]
    ContestOrder {
        position: usize,
        expected: ContestIndex,
        found: ContestIndex,
    },
    #[error("{part}: a ciphertext component is the identity point")]
    IdentityCiphertext { part: BallotPart },
    #[error("{part}: the range proof has {actual} branches, expected {expected}")]
    ProofShape {
        part: BallotPart,
        expected: usize,
        actual: usize,
    },
    #[error("{part}: the challenges do not sum to the transcript's challenge")]
    ChallengeMismatch { part: BallotPart },
    #[error("{part}: the proof's verification equation does not hold")]
    ProofEquation { part: BallotPart },
    #[error("{part}: choice {value} is outside {min}..={max}")]
    ChoiceOutOfRange {
        part: BallotPart,
        value: u64,
        min: u64,
        max: u64,
    },
    #[error("{part}: the revealed opening does not reproduce the ciphertext")]
    OpeningMismatch { part: BallotPart },
    #[error(
        "the credential key given to cast the ballot is not the credential it was encrypted for"
    )]
    CredentialMismatch,
}

/// Why a proof or signature was refused (outside ballots).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProofError {
    #[error("{what}: the proof does not verify")]
    Invalid { what: &'static str },
    #[error("{what}: the key is the identity point")]
    IdentityKey { what: &'static str },
}

/// Why a key-ceremony message or result was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CeremonyError {
    #[error("threshold {threshold} is not in 1..={trustees}")]
    BadThreshold { threshold: u32, trustees: usize },
    #[error("trustee {0} is not a trustee of this ceremony")]
    UnknownTrustee(TrusteeIndex),
    #[error("trustee {trustee}: {collection}: expected {expected}, found {actual}")]
    LenMismatch {
        trustee: TrusteeIndex,
        collection: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("trustee {trustee}: {what} is the identity point")]
    Identity {
        trustee: TrusteeIndex,
        what: &'static str,
    },
    #[error("trustee {trustee}: the proof of knowledge of its secret does not verify")]
    KnowledgeProof { trustee: TrusteeIndex },
    #[error("trustee {dealer}: shares must go to every other trustee once, in order; {problem}")]
    ShareRecipients {
        dealer: TrusteeIndex,
        problem: String,
    },
    #[error(
        "trustee {dealer}: the share for trustee {recipient} does not prove knowledge of its ephemeral secret"
    )]
    EphemeralProof {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    },
    #[error("trustee {dealer} published more than one dealing")]
    DuplicateDealing { dealer: TrusteeIndex },
    #[error("complaint by trustee {recipient} against trustee {dealer}: {problem}")]
    Complaint {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
        problem: &'static str,
    },
    #[error("the dealing published under trustee {trustee}'s name is not the one it made")]
    NotOwnDealing { trustee: TrusteeIndex },
    #[error("no trustee's dealing qualified; there is no election key")]
    NoQualifiedDealer,
    #[error("trustee {dealer}'s share for trustee {recipient} does not match its commitments")]
    BadShare {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    },
    #[error("the saved trustee state cannot be used: {0}")]
    SavedState(&'static str),
}

/// Why a threshold decryption was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecryptionError {
    #[error("trustee {trustee}: {collection}: expected {expected}, found {actual}")]
    LenMismatch {
        trustee: TrusteeIndex,
        collection: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("trustee {trustee}: the proof for ciphertext {position} does not verify")]
    Proof {
        trustee: TrusteeIndex,
        position: usize,
    },
    #[error("trustee {0} is not a trustee of this election")]
    UnknownTrustee(TrusteeIndex),
    #[error("trustee {0} decrypted more than once")]
    DuplicateTrustee(TrusteeIndex),
    #[error("trustee {trustee}'s shares were verified against other ciphertexts than these")]
    CiphertextsMismatch { trustee: TrusteeIndex },
    #[error("{have} valid partial decryptions, at least {need} are needed")]
    TooFewTrustees { have: usize, need: usize },
    #[error("ciphertext {position}: the plaintext is not a count in 0..={bound}")]
    OutOfBound { position: usize, bound: u64 },
}
