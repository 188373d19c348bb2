//! Validation of an election definition, and the errors it reports.
//!
//! Every error names the path of the offending field in the JSON document, as
//! `contests[2].kind.recommendation.max_approvals`, and says what is wrong with it in
//! words an organiser can act on. Checks run in a fixed order (what is referred to before
//! what refers to it: contests before the groups that answer them) and the first failure
//! is reported, so the same document always yields the same error. The full list of checks
//! is in `spec/definition.md` §2.

mod contests;
mod groups;
mod problem;
mod round_plan;
mod trustees;
mod values;
mod voting;
mod words;

use contests::check_contests;
use groups::{check_answered_and_weights, check_groups};
use round_plan::{check_round, check_round_contest};
use trustees::check_trustees;
use values::{check_id, check_name};
use voting::check_window;

use crate::definition::{DefinitionDocument, DEFINITION_VERSION};
use zhixuan_tally::MAX_RANGE_BRANCHES;

pub use problem::{DefinitionError, DefinitionProblem};

/// The most people (candidates, officials) one contest may list.
pub const MAX_PEOPLE_PER_CONTEST: usize = 1000;

/// The most questions an election may ask, over all contests.
pub const MAX_QUESTIONS: usize = 4096;

/// The most a voter may mark in one question (approvals or seats): the question's total
/// is proven in one range proof of at most [`MAX_RANGE_BRANCHES`] branches, `0..=limit`.
pub const MAX_SELECTIONS: u32 = MAX_RANGE_BRANCHES - 1;

fn invalid(path: impl Into<String>, problem: DefinitionProblem) -> DefinitionError {
    DefinitionError::Invalid {
        path: path.into(),
        problem,
    }
}

type Check = Result<(), DefinitionError>;

/// Checks every rule of `spec/definition.md` §2, in the order listed there.
pub(crate) fn validate(doc: &DefinitionDocument) -> Check {
    // spec/definition.md §2 checks 1–2.
    if doc.version != DEFINITION_VERSION {
        return Err(invalid(
            "version",
            DefinitionProblem::UnsupportedVersion { found: doc.version },
        ));
    }
    check_id("election_id", &doc.election_id)?;
    check_name("title", &doc.title)?;
    // spec/definition.md §2 checks 3–9, in order.
    check_trustees(doc)?;
    check_window(doc)?;
    check_round(doc)?;
    check_contests(doc)?;
    check_groups(doc)?;
    check_answered_and_weights(doc)?;
    if let Some(round) = &doc.round {
        check_round_contest(doc, round)?;
    }
    Ok(())
}
