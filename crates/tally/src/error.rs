//! Typed errors. Each names what failed and where, so that the board and the verifier can
//! tell a person which item of which ballot or message is wrong.

use thiserror::Error;

use crate::ids::{ContestIndex, OptionIndex, TrusteeIndex};

/// A value that is not a canonical encoding.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EncodingError {
    /// Not exactly the expected number of bytes as lowercase hexadecimal digits
    /// (`spec/protocol.md` §2.5).
    #[error("expected {expected} bytes as lowercase hexadecimal")]
    Hex {
        /// The number of bytes expected.
        expected: usize,
    },
    /// Hexadecimal digits written with a JSON escape sequence, or read from a copy that
    /// cannot show there was none (`spec/protocol.md` §2.5).
    #[error("hexadecimal must be written without escape sequences, and read in place from JSON text or a borrowed value")]
    EscapedHex,
    /// Not a canonical point encoding (`spec/protocol.md` §2.2).
    #[error("not a canonical Ristretto255 point encoding")]
    NonCanonicalPoint,
    /// Not a canonical scalar, or zero where a secret key is read (`spec/protocol.md` §2.3).
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

/// Why a ballot was refused (`spec/protocol.md` §9.6, §11).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BallotError {
    /// The ballot names another election.
    #[error("ballot is for election {found}, not this election ({expected})")]
    WrongElection {
        /// The context's election hash.
        expected: String,
        /// The ballot's.
        found: String,
    },
    /// A list has the wrong length.
    #[error("{collection}: expected {expected}, found {actual}")]
    LenMismatch {
        /// Which list: `contests`, `selections`, `opened contests`, …
        collection: &'static str,
        /// The length the style requires.
        expected: usize,
        /// The length found.
        actual: usize,
    },
    /// A contest is not the style's at its position.
    #[error("contest at position {position} is {found}, expected {expected}")]
    ContestOrder {
        /// The position in the ballot.
        position: usize,
        /// The style's contest at that position.
        expected: ContestIndex,
        /// The ballot's.
        found: ContestIndex,
    },
    /// A selection's ciphertext has an identity component.
    #[error("{part}: a ciphertext component is the identity point")]
    IdentityCiphertext {
        /// The selection.
        part: BallotPart,
    },
    /// A range proof has another number of branches than its range has values.
    #[error("{part}: the range proof has {actual} branches, expected {expected}")]
    ProofShape {
        /// The selection or contest total.
        part: BallotPart,
        /// The number of values of the range.
        expected: usize,
        /// The number of branches.
        actual: usize,
    },
    /// A range proof's branch challenges do not sum to the transcript's challenge.
    #[error("{part}: the challenges do not sum to the transcript's challenge")]
    ChallengeMismatch {
        /// The selection or contest total.
        part: BallotPart,
    },
    /// A proof's commitment is not a canonical point encoding (`spec/protocol.md` §2.2),
    /// found when the proof is checked: no point has it, so no equation with it can hold.
    #[error("{part}: a commitment of the proof is not a canonical Ristretto255 point encoding")]
    CommitmentEncoding {
        /// The selection, contest total or signature.
        part: BallotPart,
    },
    /// A verification equation does not hold.
    #[error("{part}: the proof's verification equation does not hold")]
    ProofEquation {
        /// The first part whose equations fail.
        part: BallotPart,
    },
    /// A choice, or a contest's total, is outside what the style allows.
    #[error("{part}: choice {value} is outside {min}..={max}")]
    ChoiceOutOfRange {
        /// The selection or contest total.
        part: BallotPart,
        /// The count or total.
        value: u64,
        /// The least allowed.
        min: u64,
        /// The most allowed.
        max: u64,
    },
    /// An audited ballot's opening does not re-encrypt to its ciphertext.
    #[error("{part}: the revealed opening does not reproduce the ciphertext")]
    OpeningMismatch {
        /// The selection.
        part: BallotPart,
    },
    /// A prepared ballot was cast with another credential than the one it was encrypted
    /// for.
    #[error(
        "the credential key given to cast the ballot is not the credential it was encrypted for"
    )]
    CredentialMismatch,
}

/// Why a proof or signature was refused (outside ballots).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The proof or signature does not verify.
    #[error("{what}: the proof does not verify")]
    Invalid {
        /// What was checked.
        what: &'static str,
    },
    /// A key is the identity, which no key may be (`spec/protocol.md` §2.4).
    #[error("{what}: the key is the identity point")]
    IdentityKey {
        /// Which key.
        what: &'static str,
    },
}

/// Why a key-ceremony message or result was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CeremonyError {
    /// The threshold is not in `1..=n` (`spec/protocol.md` §12.1).
    #[error("threshold {threshold} is not in 1..={trustees}")]
    BadThreshold {
        /// The threshold `t`.
        threshold: u32,
        /// The number of trustees `n`.
        trustees: usize,
    },
    /// An index names no trustee of the ceremony.
    #[error("trustee {0} is not a trustee of this ceremony")]
    UnknownTrustee(TrusteeIndex),
    /// A dealing's list has the wrong length.
    #[error("trustee {trustee}: {collection}: expected {expected}, found {actual}")]
    LenMismatch {
        /// The dealer.
        trustee: TrusteeIndex,
        /// Which list.
        collection: &'static str,
        /// The length required.
        expected: usize,
        /// The length found.
        actual: usize,
    },
    /// A commitment is the identity.
    #[error("trustee {trustee}: {what} is the identity point")]
    Identity {
        /// The dealer.
        trustee: TrusteeIndex,
        /// Which commitment.
        what: &'static str,
    },
    /// A dealer's proof of knowledge of its secret does not verify (`spec/protocol.md`
    /// §12.3).
    #[error("trustee {trustee}: the proof of knowledge of its secret does not verify")]
    KnowledgeProof {
        /// The dealer.
        trustee: TrusteeIndex,
    },
    /// A dealing's shares do not go to every other trustee once, in order, or one has an
    /// identity ephemeral point.
    #[error("trustee {dealer}: shares must go to every other trustee once, in order; {problem}")]
    ShareRecipients {
        /// The dealer.
        dealer: TrusteeIndex,
        /// What is wrong.
        problem: String,
    },
    /// A share's proof of knowledge of its ephemeral secret does not verify
    /// (`spec/protocol.md` §12.2).
    #[error(
        "trustee {dealer}: the share for trustee {recipient} does not prove knowledge of its ephemeral secret"
    )]
    EphemeralProof {
        /// The dealer.
        dealer: TrusteeIndex,
        /// The share's recipient.
        recipient: TrusteeIndex,
    },
    /// A trustee published two dealings.
    #[error("trustee {dealer} published more than one dealing")]
    DuplicateDealing {
        /// The dealer.
        dealer: TrusteeIndex,
    },
    /// A dealing handed to [`conclude_verified`](crate::conclude_verified) was verified
    /// against other parameters than the ceremony's.
    #[error("trustee {dealer}'s dealing was verified against other ceremony parameters")]
    DealingParams {
        /// The dealer.
        dealer: TrusteeIndex,
    },
    /// A complaint cannot be checked, or its proof does not verify (`spec/protocol.md`
    /// §12.5).
    #[error("complaint by trustee {recipient} against trustee {dealer}: {problem}")]
    Complaint {
        /// The dealer complained about.
        dealer: TrusteeIndex,
        /// The complainer.
        recipient: TrusteeIndex,
        /// What is wrong.
        problem: &'static str,
    },
    /// The dealing published under this trustee's name is not the one it made.
    #[error("the dealing published under trustee {trustee}'s name is not the one it made")]
    NotOwnDealing {
        /// The trustee.
        trustee: TrusteeIndex,
    },
    /// No dealer qualified, or the election key would be the identity (`spec/protocol.md`
    /// §12.6).
    #[error("no trustee's dealing qualified; there is no election key")]
    NoQualifiedDealer,
    /// A share this trustee needs is missing, or its final share does not match its
    /// verification key.
    #[error("trustee {dealer}'s share for trustee {recipient} does not match its commitments")]
    BadShare {
        /// The dealer (the trustee itself for its final share).
        dealer: TrusteeIndex,
        /// The trustee.
        recipient: TrusteeIndex,
    },
    /// A saved trustee state cannot be restored.
    #[error("the saved trustee state cannot be used: {0}")]
    SavedState(&'static str),
}

/// Why a threshold decryption was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecryptionError {
    /// A partial decryption has another number of shares than there are ciphertexts
    /// (`spec/protocol.md` §14.3).
    #[error("trustee {trustee}: {collection}: expected {expected}, found {actual}")]
    LenMismatch {
        /// The trustee.
        trustee: TrusteeIndex,
        /// Which list.
        collection: &'static str,
        /// The number of ciphertexts.
        expected: usize,
        /// The number of shares.
        actual: usize,
    },
    /// A share's proof does not verify (`spec/protocol.md` §14.3).
    #[error("trustee {trustee}: the proof for ciphertext {position} does not verify")]
    Proof {
        /// The trustee.
        trustee: TrusteeIndex,
        /// The ciphertext's position in the list.
        position: usize,
    },
    /// An index names no trustee of the election.
    #[error("trustee {0} is not a trustee of this election")]
    UnknownTrustee(TrusteeIndex),
    /// A trustee's partial decryption is given twice (`spec/protocol.md` §14.4).
    #[error("trustee {0} decrypted more than once")]
    DuplicateTrustee(TrusteeIndex),
    /// A partial decryption was verified against another ciphertext list.
    #[error("trustee {trustee}'s shares were verified against other ciphertexts than these")]
    CiphertextsMismatch {
        /// The trustee.
        trustee: TrusteeIndex,
    },
    /// Fewer partial decryptions than the threshold (`spec/protocol.md` §14.4).
    #[error("{have} valid partial decryptions, at least {need} are needed")]
    TooFewTrustees {
        /// How many were given.
        have: usize,
        /// The threshold.
        need: usize,
    },
    /// A combined plaintext is no count in `0..=bound` (`spec/protocol.md` §14.4, §15).
    #[error("ciphertext {position}: the plaintext is not a count in 0..={bound}")]
    OutOfBound {
        /// The ciphertext's position in the list.
        position: usize,
        /// The bound.
        bound: u64,
    },
}
