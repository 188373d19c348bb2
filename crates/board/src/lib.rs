//! Zhixuan's public bulletin board (公告栏).
//!
//! Everything an election publishes goes on the board, and the board must not be able to
//! quietly rewrite what it published. This crate is the board's log: an RFC 6962 Merkle
//! tree over the published entries, inclusion proofs (this entry is on the board),
//! consistency proofs (today's board extends yesterday's), and signed checkpoints that
//! commit the board to each state of its log, so that a board that rewrote history can be
//! shown to have done so. `spec/log.md` is the normative description.
//!
//! The API is flat; the modules under [`log`] document the mathematics.
//!
//! Features: `server` (the default; the axum server and its SQLite and PostgreSQL
//! storage) and `client` (the typed HTTP client). With neither, the crate is what a
//! verifier needs: the log, the record format and the admission rules.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "client")]
pub mod client;
pub mod log;
pub mod record;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
pub mod store;
pub mod wire;

pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use log::checkpoint::{
    check_consistency, Checkpoint, CheckpointError, CheckpointSigner, CheckpointVerifier,
    Consistency, KeyName, Origin, SignedCheckpoint,
};
pub use log::merkle::{
    hash_children, hash_leaf, verify_consistency, verify_inclusion, Hash, MerkleTree,
    ParseHashError, ProofError,
};
pub use record::earlier::{decide_earlier, named_elections, EarlierResultError};
pub use record::entry::{
    CloseVoting, Entry, GroupTally, LogEntry, OpenVoting, PublishedResult, PublishedTally,
    TrusteeDecryption,
};
pub use record::file::{
    EarlierElection, RawEntry, RecordFileError, RecordFooter, RecordHeader, RecordReader,
    RecordWriter, RECORD_FORMAT, RECORD_VERSION,
};
pub use record::rejection::{Phase, Rejection};
pub use record::signed::{Signed, MESSAGE_DOMAIN, MESSAGE_HASH_DOMAIN};
pub use record::state::{Applied, ElectionState, Prepared};
#[cfg(feature = "server")]
pub use store::{
    ElectionSummary, NewEntry, PostgresStore, SqliteStore, Store, StoreError, StoredEntry,
};
pub use wire::{
    Ack, ConsistencyProof, ElectionInfo, EntriesPage, ErrorBody, InclusionProof, TrackingProof,
};
