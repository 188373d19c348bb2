//! The record's appendix of earlier elections: a later round is checked against the
//! earlier rounds' published results, which the record carries with inclusion proofs under
//! checkpoints signed by the same board key.

use zhixuan_board::{
    verify_inclusion, CheckpointVerifier, EarlierElection, Entry, Origin, SignedCheckpoint,
};
use zhixuan_tally::{ElectionDefinition, Outcome};

/// Checks each appendix item and returns the earlier definitions with their outcomes.
///
/// The earlier elections themselves are not re-verified here (verify their own records for
/// that); what is checked is that the board published exactly this definition and this
/// result for them, under its key.
pub fn verify_earlier(
    earlier: &[EarlierElection],
    verifier: &CheckpointVerifier,
) -> Result<Vec<(ElectionDefinition, Outcome)>, String> {
    earlier
        .iter()
        .map(|e| {
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
                signed_definition.verify(organiser, &definition.hash(), "definition"),
                "definition",
            )?;
            signed_by_organiser(
                result.verify(organiser, &definition.hash(), "result"),
                "result",
            )?;
            if result.body.outcome.definition_hash != definition.hash() {
                return Err(format!(
                    "earlier election `{id}`'s result is for another definition"
                ));
            }
            Ok((definition, result.body.outcome.clone()))
        })
        .collect()
}
