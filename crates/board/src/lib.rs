//! Zhixuan's public bulletin board (公告栏): the server that publishes elections.
//!
//! The board keeps each election's append-only log and admits an entry only if the
//! election's rules allow it; the log, the entries and the rules are `zhixuan-record`'s,
//! shared with the verifier that checks the board. This crate is the server around them: the
//! HTTP API and the web pages ([`server`]), and the SQLite and PostgreSQL storage
//! ([`store`]). `spec/board.md` is the normative description.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod server;
pub mod store;

pub use store::{
    ElectionSummary, GroupCommit, NewEntry, PostgresStore, SqliteStore, Store, StoreError,
    StoredEntry, Write,
};
