//! Step 2: the board's signed checkpoints. The record's own checkpoint must sign exactly
//! the log the record holds; every checkpoint a user saved earlier must be a prefix of it.
//! A saved checkpoint that is not is evidence that the board rewrote history: it signed
//! both, and no append-only log passes through both.

use serde::Serialize;
use zhixuan_record::{CheckpointVerifier, MerkleTree, Origin, SignedCheckpoint};

use crate::report::{Problem, StepReport};

/// A checkpoint the user saved, and where it came from (for the report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SavedCheckpoint {
    /// Where it came from, e.g. the file name.
    pub source: String,
    /// Its signed-note text.
    pub text: String,
}

/// The board key to hold a record to — the user's, if given, else the record header's —
/// and its verifier; a key that cannot be read fails step 2 (`step`) and checks nothing.
pub(crate) fn board_key(
    given: Option<&str>,
    header: &str,
    step: &mut StepReport,
) -> (String, Option<CheckpointVerifier>) {
    let key = given.unwrap_or(header).to_owned();
    match key.parse() {
        Ok(v) => (key, Some(v)),
        Err(e) => {
            step.fail(Problem::general(
                "board_key",
                format!("the board key `{key}` cannot be read: {e}"),
            ));
            (key, None)
        }
    }
}

pub(crate) fn check_checkpoints(
    step: &mut StepReport,
    verifier: Option<&CheckpointVerifier>,
    election_id: &str,
    footer: &str,
    saved: &[SavedCheckpoint],
    tree: &MerkleTree,
) {
    let Some(verifier) = verifier else {
        return;
    };
    let origin = match Origin::for_election(election_id) {
        Ok(origin) => origin,
        Err(e) => {
            step.fail(Problem::general("checkpoint", e.to_string()));
            return;
        }
    };
    let read = |what: &str, text: &str| -> Result<(u64, zhixuan_record::Hash), Problem> {
        let signed: SignedCheckpoint = text
            .parse()
            .map_err(|e| Problem::general("checkpoint", format!("{what}: {e}")))?;
        let checkpoint = signed
            .verify(verifier)
            .map_err(|e| Problem::general("checkpoint", format!("{what}: {e}")))?;
        if checkpoint.origin() != &origin {
            return Err(Problem::general(
                "checkpoint",
                format!(
                    "{what} is for `{}`, not this election (`{origin}`)",
                    checkpoint.origin()
                ),
            ));
        }
        Ok((checkpoint.size(), *checkpoint.root()))
    };
    step.checked += 1;
    match read("the record's checkpoint", footer) {
        Err(problem) => step.fail(problem),
        Ok((size, root)) => {
            if size != tree.len() {
                step.fail(Problem::general(
                    "size_mismatch",
                    format!(
                        "the record's checkpoint signs a log of {size} entries; the record holds {}",
                        tree.len()
                    ),
                ));
            } else if root != tree.root() {
                step.fail(Problem::general(
                    "root_mismatch",
                    format!(
                        "the entries hash to root {}, but the board signed root {root}: an entry was changed",
                        tree.root()
                    ),
                ));
            }
        }
    }
    for s in saved {
        step.checked += 1;
        let what = format!("saved checkpoint {}", s.source);
        let (size, root) = match read(&what, &s.text) {
            Ok(read) => read,
            Err(problem) => {
                step.fail(problem);
                continue;
            }
        };
        match tree.root_at(size) {
            Err(_) => step.fail(Problem::general(
                "truncated_log",
                format!(
                    "{what} signs a log of {size} entries; this record holds only {}: entries the board once published are missing",
                    tree.len()
                ),
            )),
            Ok(ours) if ours != root => step.fail(Problem::general(
                "inconsistent_checkpoint",
                format!(
                    "{what} signs root {root} at size {size}, but the first {size} entries of this record hash to {ours}: the board rewrote history, and the two signed checkpoints are the evidence"
                ),
            )),
            Ok(_) => {}
        }
    }
}
