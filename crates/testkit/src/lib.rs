//! Zhixuan's test kit: whole honest elections built in process, and what the tests around
//! them share, written once for the tests, benchmarks and examples of the board, the
//! verifier, the `zhixuan` command and the end-to-end suite.
//!
//! - [`browser`]: headless Chromium through chromedriver, for the pages' and the booth's
//!   tests and bench;
//! - [`ceremony`](mod@ceremony): the one runner of an honest key ceremony in process;
//! - [`election`]: an [`Election`] whose every signed entry is built locally, from the
//!   definition to the result — to send to a board, or to replay;
//! - [`record`]: an election's entries replayed through the admission rules into a
//!   [`Record`], and the [`Finished`] log as a signed record file;
//! - [`choices`]: ballot choices, among them ballots that add up to given counts;
//! - [`examples`]: the example elections of `examples/`;
//! - [`procedure`]: a procedure's plan and every signed entry of its stages;
//! - [`keys`]: the demonstration keys and a test board's checkpoint signer;
//! - [`dir`]: names and temporary directories of a test's own;
//! - [`postgres`]: PostgreSQL schemas of a test's own;
//! - [`proxy`]: a proxy in front of a board that loses answers and stalls on purpose;
//! - [`vectors`]: the known-answer vectors of `spec/vectors/`, held to the committed files.
//!
//! A dev-dependency only (never published). It depends on `zhixuan-tally`,
//! `zhixuan-election` and `zhixuan-record` only, never on the board, the verifier or the
//! command, whose tests depend on it: the crate graph stays without a cycle,
//! dev-dependencies included (`scripts/structure.sh`). For the same reason the tests of
//! the tally and election crates cannot use it — the kit depends on those crates, so it
//! would be a cycle and link a second copy of the crate under test; they include the file
//! of [`ceremony`](mod@ceremony) by path (`#[path = "../../testkit/src/ceremony.rs"] mod
//! common;`), which therefore names nothing but `zhixuan_tally` and `rand`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod ceremony;
pub mod choices;
pub mod dir;
pub mod election;
pub mod examples;
pub mod keys;
pub mod postgres;
pub mod procedure;
pub mod proxy;
pub mod record;
pub mod vectors;

pub use ceremony::{ceremony, Setup};
pub use choices::{ballots_for, fewest_marks, small_choices};
pub use dir::TempDir;
pub use election::{audit_as_ballot, small_election, voter_signature, Election};
pub use examples::{
    example, example_counts, example_open_now, example_outcome, example_path, pingchang_round,
};
pub use keys::{board_signer, demo_key};
pub use postgres::Schema;
pub use procedure::Procedure;
pub use proxy::{Fault, Proxy};
pub use record::{Finished, Record, RECORD_BOARD};
pub use vectors::reproduce;
