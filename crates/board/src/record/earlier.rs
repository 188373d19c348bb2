//! The earlier elections an election names: the round it follows, the evaluations it
//! continues. A later round's candidates and a continued evaluation's verdicts depend on
//! those elections' published results, so the board and the verifier both look them up.

use zhixuan_tally::{ContestKind, ElectionDefinition, ElectionHash};

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
