//! The board's append-only log: a Merkle tree over its entries ([`merkle`]).
//!
//! The normative description is `spec/log.md`.

pub mod merkle;
