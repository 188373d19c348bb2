//! The zero-knowledge proofs, one proof system per module.

pub(crate) mod dleq;
pub(crate) mod range;
