//! The earlier elections an election names: the round it follows, the evaluations it
//! continues. A later round's candidates and a continued evaluation's verdicts depend on
//! those elections' published results, so the board and the verifier both look them up,
//! and whoever takes them from a record or another board's log decides them again
//! ([`decide_earlier`]) rather than taking their outcomes on trust.

use thiserror::Error;
use zhixuan_election::{
    check_round_chain, decide, ChainError, ContestKind, DecideError, ElectionDefinition, Outcome,
};
use zhixuan_tally::ElectionHash;

use crate::entry::PublishedResult;

/// The elections a definition names: the round it follows, the evaluations it continues.
pub fn named_elections(definition: &ElectionDefinition) -> Vec<(String, ElectionHash)> {
    let doc = definition.document();
    let mut named = Vec::new();
    if let Some(link) = doc.round.as_ref().and_then(|r| r.follows.as_ref()) {
        named.push((link.election_id.clone(), link.definition_hash));
    }
    for c in &doc.contests {
        if let ContestKind::Evaluation(e) = &c.kind {
            if let Some(p) = &e.previous {
                named.push((p.election_id.clone(), p.definition_hash));
            }
        }
    }
    named
}

/// Why an earlier election's published result does not follow from its own published
/// counts under its own rules (`spec/verification.md` §3.8, item 9). The Chinese sentence
/// for a reader goes with the code the caller reports it under.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EarlierResultError {
    /// An earlier round's candidates do not follow from the rounds before it.
    #[error("earlier round `{election_id}` does not follow from the rounds before it: {reason}")]
    RoundChain {
        /// The earlier election.
        election_id: String,
        /// The rule it breaks.
        reason: ChainError,
    },
    /// The rules refuse the earlier election's published counts.
    #[error("earlier election `{election_id}`'s published counts cannot be decided under its rules: {reason}")]
    Undecidable {
        /// The earlier election.
        election_id: String,
        /// Why the rules refuse them.
        reason: DecideError,
    },
    /// The earlier election's published outcome is not the one its counts give.
    #[error("earlier election `{election_id}`'s published outcome is not the outcome its own published counts give under its rules")]
    OutcomeContradictsCounts {
        /// The earlier election.
        election_id: String,
    },
}

/// Decides every earlier election again from its own published counts
/// (`spec/verification.md` §3.8, item 9): a round's candidates must follow from the
/// rounds before it (`spec/rules.md` §13), and `decide(definition, counts, earlier
/// outcomes)` (`spec/rules.md` §2–§14) must equal its published outcome, finding by
/// finding. The earlier outcomes each is decided with are the published ones of the
/// others; as every one of them is checked in turn, the set stands or falls together.
///
/// Returns each definition with its (now recomputed) outcome, in the order given.
pub fn decide_earlier(
    earlier: &[(ElectionDefinition, PublishedResult)],
) -> Result<Vec<(ElectionDefinition, Outcome)>, EarlierResultError> {
    let published: Vec<(ElectionDefinition, Outcome)> = earlier
        .iter()
        .map(|(d, r)| (d.clone(), r.outcome.clone()))
        .collect();
    let outcomes: Vec<Outcome> = published.iter().map(|(_, o)| o.clone()).collect();
    for (definition, result) in earlier {
        let election_id = definition.election_id().to_owned();
        if definition.document().round.is_some() {
            check_round_chain(definition, &published).map_err(|reason| {
                EarlierResultError::RoundChain {
                    election_id: election_id.clone(),
                    reason,
                }
            })?;
        }
        let outcome = decide(definition, &result.counts, &outcomes).map_err(|reason| {
            EarlierResultError::Undecidable {
                election_id: election_id.clone(),
                reason,
            }
        })?;
        if outcome != result.outcome {
            return Err(EarlierResultError::OutcomeContradictsCounts { election_id });
        }
    }
    Ok(published)
}
