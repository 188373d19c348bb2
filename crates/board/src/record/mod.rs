//! The election record: what the board publishes, and the rules by which an entry is
//! admitted to an election's log.
//!
//! The same rules run in two places: the board applies them before it stores a write, and
//! the verifier replays them over an exported record, so a board that stored something it
//! should have refused is caught by anyone. `spec/board.md` is the normative description.

pub mod earlier;
pub mod entry;
pub mod file;
pub mod rejection;
pub mod signed;
pub mod state;
