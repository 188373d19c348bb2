//! The election record of Zhixuan (直选): what a board publishes, and the rules by which
//! an entry is admitted to an election's log.
//!
//! Everything an election publishes goes on the board, and the board must not be able to
//! quietly rewrite what it published. This crate is what the board and everyone who checks
//! it share: the log (an RFC 6962 Merkle tree over the published entries, inclusion and
//! consistency proofs, signed checkpoints; `spec/log.md`), the entries and their signed
//! messages, the admission rules (`spec/board.md`), the record file an election exports,
//! and the wire types of the board's API.
//!
//! The same rules run in two places: the board applies them before it stores a write, and
//! the verifier replays them over an exported record, so a board that stored something it
//! should have refused is caught by anyone. This crate runs no server.
//!
//! Features: `client` (the typed HTTP client of a board, async), `blocking-client` (the same
//! client, blocking, for the verifier) and `schema` (JSON schemas of the wire types, for the
//! board's OpenAPI document).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(any(feature = "client", feature = "blocking-client"))]
pub mod client;
mod code;
mod earlier;
mod entry;
mod file;
mod kind;
pub mod log;
mod procedure;
mod rejection;
mod replay;
mod signed;
mod state;
mod step;
mod wire;

pub use code::{ErrorCode, Meaning, UnknownCode, Words};
pub use earlier::{decide_earlier, named_elections, EarlierResultError};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use entry::{
    Attendance, CloseVoting, Entry, GroupTally, LogEntry, OpenVoting, PublishedResult,
    PublishedTally, TrusteeDecryption, Withdrawal, WithdrawalProblem,
};
pub use file::{
    EarlierElection, RawEntry, RecordFileError, RecordFooter, RecordHeader, RecordReader,
    RecordWriter, RECORD_FORMAT, RECORD_VERSION,
};
pub use kind::EntryKind;
pub use log::checkpoint::{
    check_consistency, Checkpoint, CheckpointError, CheckpointSigner, CheckpointVerifier,
    Consistency, KeyName, Origin, SignedCheckpoint,
};
pub use log::merkle::{
    hash_children, hash_leaf, verify_consistency, verify_inclusion, Hash, MerkleTree,
    ParseHashError, ProofError,
};
pub use procedure::{
    lot_commitment, lot_order, Announcement, Decision, Endorsement, LinkedElection, LotReveal,
    Objection, ObjectionAnswer, Petition, PostList, ProcedureEntry, ProcedureRejection,
    ProcedureState, Registration, ReviewDecision, StageClose, StageElection, Statement,
    LOT_COMMITMENT_DOMAIN, LOT_DRAW_DOMAIN, LOT_SEED_DOMAIN,
};
pub use rejection::{Phase, Rejection};
pub use replay::{Replay, Verdict, REPLAY_BATCH};
pub use signed::{Message, Signed, MESSAGE_DOMAIN, MESSAGE_HASH_DOMAIN};
pub use state::{Applied, ElectionState, Prepared};
pub use step::Step;
pub use wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, ErrorBody, InclusionProof, ProcedureInfo,
    ProcedurePage, TrackingProof,
};
