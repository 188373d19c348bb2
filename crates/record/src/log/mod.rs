//! The board's append-only log: a Merkle tree over its entries ([`merkle`]) and the
//! signed checkpoints that commit the board to each state of it ([`checkpoint`]).
//!
//! The normative description of both is `spec/log.md`.

pub mod checkpoint;
pub mod merkle;
