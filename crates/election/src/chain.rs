//! The round-chain check (三轮选): a later round's candidate list must follow from the
//! earlier rounds' published results.
//!
//! Rule `round-chain` of `spec/rules.md` §13: walking back from the later round through the
//! rounds it follows, each earlier round must be supplied (matched by election id and
//! definition hash), be the round numbered one less, carry the same plan, come with its
//! own outcome, and have decided its post without a pending tie. The later round's
//! candidates must then be exactly the registrants who run for its post (it is their first
//! post, or they lost earlier and opted to stand again) and were not elected in any
//! earlier round: nobody elected runs again, and nobody owed a place is left out. (That
//! nobody who does not run for the post is added is checked by validation, which sees the
//! plan.)

use std::collections::BTreeMap;

use thiserror::Error;

use crate::contest::ContestKind;
use crate::definition::ElectionDefinition;
use crate::outcome::Outcome;
use zhixuan_tally::ElectionHash;

/// Why a round does not follow from the earlier ones.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChainError {
    /// A definition is not a round of a multi-round election, or its round names no post or
    /// contest.
    #[error("`{election_id}` is not a round of a multi-round election")]
    NotARound {
        /// The election id of the definition concerned.
        election_id: String,
    },
    /// A round followed was not supplied (`spec/rules.md` §13 step 1).
    #[error(
        "the round `{election_id}` ({definition_hash}) that this one follows was not supplied"
    )]
    UnknownRound {
        /// The election id the link names.
        election_id: String,
        /// The definition hash the link names.
        definition_hash: ElectionHash,
    },
    /// A round followed is not the one numbered one less (§13 step 2).
    #[error("`{election_id}` is round {found}, but round {expected} was expected")]
    RoundOrder {
        /// The election id of the definition concerned.
        election_id: String,
        /// The round number expected.
        expected: u32,
        /// The round number found.
        found: u32,
    },
    /// A round followed has another plan (§13 step 3).
    #[error("`{election_id}` has a different plan of posts and registrants")]
    PlanMismatch {
        /// The election id of the definition concerned.
        election_id: String,
    },
    /// The outcome supplied for a round is not that definition's (§13 step 4).
    #[error("the outcome supplied for `{election_id}` is not the outcome of that definition")]
    OutcomeMismatch {
        /// The election id of the definition concerned.
        election_id: String,
    },
    /// A round followed has not decided its post: no result, or a tie (§13 step 5).
    #[error("`{election_id}` has not decided post `{post}` (no result, or a tie to decide)")]
    EarlierRoundUndecided {
        /// The election id of the definition concerned.
        election_id: String,
        /// The post of that round.
        post: String,
    },
    /// A candidate was elected in an earlier round.
    #[error("`{candidate}` was already elected in `{election_id}` and may not run again")]
    AlreadyElected {
        /// The candidate.
        candidate: String,
        /// The round that elected them.
        election_id: String,
    },
    /// A registrant who runs for the post (their first post, or a later one they stand
    /// again for) and was not elected earlier is not a candidate.
    #[error(
        "`{registrant}` runs for post `{post}` and was not elected earlier, but is not a candidate"
    )]
    Missing {
        /// The registrant.
        registrant: String,
        /// The post they applied for.
        post: String,
    },
}

/// Checks that `later`'s candidate list follows from the earlier rounds.
///
/// `earlier` holds the definitions of earlier rounds with their published outcomes; every
/// round back to round 1 must be among them. For round 1 there is nothing to follow and
/// the check passes (validation already required its candidates to be exactly the
/// applicants).
pub fn check_round_chain(
    later: &ElectionDefinition,
    earlier: &[(ElectionDefinition, Outcome)],
) -> Result<(), ChainError> {
    let not_a_round = |d: &ElectionDefinition| ChainError::NotARound {
        election_id: d.election_id().to_owned(),
    };
    let round = later
        .document()
        .round
        .as_ref()
        .ok_or_else(|| not_a_round(later))?;
    // Who was elected earlier, and in which round.
    let mut elected: BTreeMap<String, String> = BTreeMap::new();
    let mut current = round;
    // The round number falls by one at every step, so the walk ends.
    while let Some(link) = current.follows.as_ref().filter(|_| current.number > 1) {
        // spec/rules.md §13 steps 1–6, for each round followed.
        let (definition, outcome) = earlier
            .iter()
            .find(|(d, _)| d.election_id() == link.election_id && d.hash() == link.definition_hash)
            .ok_or_else(|| ChainError::UnknownRound {
                election_id: link.election_id.clone(),
                definition_hash: link.definition_hash,
            })?;
        let id = definition.election_id().to_owned();
        let previous = definition
            .document()
            .round
            .as_ref()
            .ok_or_else(|| not_a_round(definition))?;
        if previous.number.checked_add(1) != Some(current.number) {
            return Err(ChainError::RoundOrder {
                election_id: id,
                expected: current.number - 1,
                found: previous.number,
            });
        }
        if previous.plan != round.plan {
            return Err(ChainError::PlanMismatch { election_id: id });
        }
        if outcome.election_id != id || outcome.definition_hash != definition.hash() {
            return Err(ChainError::OutcomeMismatch { election_id: id });
        }
        let post = previous
            .plan
            .post_of_round(previous.number)
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let decided = outcome.contest(&post).filter(|c| c.decided && !c.has_tie());
        let Some(contest) = decided else {
            return Err(ChainError::EarlierRoundUndecided {
                election_id: id,
                post,
            });
        };
        for candidate in contest.elected() {
            elected.insert(candidate.to_owned(), id.clone());
        }
        current = previous;
    }
    if round.number == 1 {
        return Ok(());
    }
    let Some(post) = round.plan.post_of_round(round.number) else {
        return Err(not_a_round(later));
    };
    let candidates = match later.contest(&post.id).map(|c| &c.kind) {
        Some(ContestKind::Competitive(c)) => &c.candidates,
        _ => return Err(not_a_round(later)),
    };
    // spec/rules.md §13, then: nobody elected earlier runs again, and every applicant not
    // elected earlier is a candidate.
    // Validation already holds every candidate to have applied for this post (so nobody
    // who never ran appears); what it cannot see is who was elected earlier.
    for candidate in candidates {
        if let Some(election_id) = elected.get(&candidate.id) {
            return Err(ChainError::AlreadyElected {
                candidate: candidate.id.clone(),
                election_id: election_id.clone(),
            });
        }
    }
    for registrant in &round.plan.registrants {
        // Losers "may" stand again (可): only those who opted in are owed a place.
        let runs = registrant.runs_for(&round.plan, &post.id);
        let listed = candidates.iter().any(|c| c.id == registrant.id);
        if runs && !listed && !elected.contains_key(&registrant.id) {
            return Err(ChainError::Missing {
                registrant: registrant.id.clone(),
                post: post.id.clone(),
            });
        }
    }
    Ok(())
}
