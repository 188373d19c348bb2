//! Zhixuan's verifier: what a supervision committee member runs on a laptop to check a
//! published election without trusting the organiser, the board, or any single trustee.
//!
//! It holds no secrets. It reads an election's record — from a file, or page by page from a
//! board — and checks it in the numbered steps of `spec/verification.md`: the record's form
//! and the definition (1), the board's signed checkpoints (2), the key ceremony (3), the
//! credential lists (4), every ballot (5), the encrypted tally (6), the threshold decryption
//! (7) and the outcome the definition's rules give (8). The admission rules it replays are
//! the board's own ([`zhixuan_record::ElectionState`]), so a board that stored what it should
//! have refused is caught.
//!
//! It reads a board through the blocking client of `zhixuan-record` ([`BoardClient`]), so
//! that the tool a committee runs links no server stack and no async runtime.
//!
//! ```no_run
//! use std::io::BufReader;
//! use zhixuan_verify::{verify_record, Lang, Options};
//!
//! let file = std::fs::File::open("election.record.jsonl")?;
//! let report = verify_record(BufReader::new(file), &Options::default())?;
//! print!("{}", report.render(Lang::En));
//! assert!(report.passed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod ballot;
mod checkpoints;
mod earlier;
mod fetch;
mod messages;
mod procedure;
mod replay;
mod report;
mod season;

pub use ballot::{
    check_ballot_in_record, check_ballot_on_board, check_superseding, BallotCheck,
    BallotCheckError, Standing,
};
pub use checkpoints::SavedCheckpoint;
pub use fetch::{fetch_record, FetchError};
pub use procedure::{verify_procedure, ProcedureReport, StageLine};
pub use replay::{verify_record, InputError, Options};
pub use report::{GroupBallots, Problem, Report, Status, StepReport};
pub use season::{
    verify_season_board, verify_season_folder, LogKind, SeasonError, SeasonLine, SeasonReport,
    Verdict,
};
pub use zhixuan_election::Lang;
pub use zhixuan_record::Step;

// The client the board functions take, so that their callers need not ask zhixuan-record
// for its feature themselves.
pub use zhixuan_record::client::blocking::BoardClient;
