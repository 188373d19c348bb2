//! The record's appendix of earlier elections: a later round is checked against the
//! earlier rounds' published results, which the record carries with inclusion proofs under
//! checkpoints signed by the same board key, and each of which is decided again from its
//! own published counts (`spec/verification.md` §3.8).

use thiserror::Error;
use zhixuan_election::{ElectionDefinition, Outcome};
use zhixuan_record::{
    decide_earlier, verify_inclusion, CheckpointVerifier, EarlierElection, EarlierResultError,
    Entry, Origin, PublishedResult, SignedCheckpoint,
};

/// Why the earlier elections of a record cannot be used (step 8, `spec/verification.md`
/// §3.8). The Chinese sentence for each goes with its code (`crate::messages`).
#[derive(Debug, Error)]
pub enum EarlierError {
    /// An item fails one of the checks 1–8: the board did not publish it, under its key.
    #[error("{0}")]
    NotPublished(String),
    /// Check 9: an earlier outcome does not follow from its own published counts.
    #[error(transparent)]
    Outcome(#[from] EarlierResultError),
}

impl EarlierError {
    /// The problem code the failure is reported under.
    pub fn code(&self) -> &'static str {
        match self {
            EarlierError::NotPublished(_) => "earlier_election",
            EarlierError::Outcome(_) => "earlier_outcome",
        }
    }
}

/// Checks each appendix item and returns the earlier definitions with their outcomes.
///
/// The earlier elections' own logs are not replayed here (verify their own records for
/// that). What is checked is that the board published exactly this definition and this
/// result for each, under its key (items 1–8 of §3.8), and then that each published
/// outcome is what its own published counts give under its own rules (item 9): an
/// organiser and a board together cannot make a later round follow from an outcome the
/// earlier round's counts contradict.
pub fn verify_earlier(
    earlier: &[EarlierElection],
    verifier: &CheckpointVerifier,
) -> Result<Vec<(ElectionDefinition, Outcome)>, EarlierError> {
    let published = earlier
        .iter()
        .map(|e| published(e, verifier))
        .collect::<Result<Vec<_>, String>>()
        .map_err(EarlierError::NotPublished)?;
    Ok(decide_earlier(&published)?)
}

/// Items 1–8 of §3.8 for one appendix item: its definition with its published result.
fn published(
    e: &EarlierElection,
    verifier: &CheckpointVerifier,
) -> Result<(ElectionDefinition, PublishedResult), String> {
    let signed: SignedCheckpoint = e
        .checkpoint
        .parse()
        .map_err(|err| format!("an earlier election's checkpoint: {err}"))?;
    let checkpoint = signed
        .verify(verifier)
        .map_err(|err| format!("an earlier election's checkpoint: {err}"))?;
    let Entry::Definition(definition) = &e.definition.entry else {
        return Err("an earlier election's first entry is not its definition".into());
    };
    let signed_definition = definition;
    let definition = definition.body.clone();
    let id = definition.election_id().to_owned();
    let origin = Origin::for_election(&id).map_err(|err| err.to_string())?;
    if checkpoint.origin() != &origin {
        return Err(format!(
            "the checkpoint given for earlier election `{id}` is of `{}`",
            checkpoint.origin()
        ));
    }
    let Entry::Result(result) = &e.result.entry else {
        return Err(format!(
            "the entry given as earlier election `{id}`'s result is not a result"
        ));
    };
    if e.definition.index != 0 {
        return Err(format!(
            "earlier election `{id}`'s definition is not its entry 0"
        ));
    }
    let checks = [
        (&e.definition, &e.definition_proof, "definition"),
        (&e.result, &e.result_proof, "result"),
    ];
    for (entry, proof, what) in checks {
        verify_inclusion(
            &entry.leaf_hash(),
            entry.index,
            checkpoint.size(),
            proof,
            checkpoint.root(),
        )
        .map_err(|err| {
            format!("earlier election `{id}`'s {what} is not on the board's log: {err}")
        })?;
    }
    let organiser = &definition.document().organiser;
    let signed_by_organiser = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!(
                "earlier election `{id}`'s {what} is not signed by its organiser"
            ))
        }
    };
    signed_by_organiser(
        signed_definition.verify(organiser, &definition.hash()),
        "definition",
    )?;
    signed_by_organiser(result.verify(organiser, &definition.hash()), "result")?;
    if result.body.outcome.definition_hash != definition.hash() {
        return Err(format!(
            "earlier election `{id}`'s result is for another definition"
        ));
    }
    Ok((definition, result.body.clone()))
}
