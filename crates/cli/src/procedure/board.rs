//! A procedure as the board holds it, checked rather than trusted: its record is read, its
//! Merkle root compared with the board's signed checkpoint, and every entry replayed through
//! the admission rules (`ProcedureState`, `spec/procedure.md` §4), with the elections its
//! vote stages name fetched from the same board and checked as well — their definition and
//! published result signed by their organiser, both under the election's signed
//! checkpoint, and the outcome decided again from the published counts. What a command
//! signs next (a close's lists, an endorsement's) comes from this replay, never from the
//! board's summary.

use std::collections::BTreeMap;

use zhixuan_election::{decide, ElectionDefinition, ProcedurePlan};
use zhixuan_record::{
    verify_inclusion, Entry, LinkedElection, LogEntry, MerkleTree, ProcedureEntry, ProcedureState,
    RecordReader,
};

use crate::error::CliError;
use crate::remote::{checked_checkpoint, Remote};

/// A procedure's log on the board, replayed.
#[derive(Clone, Debug)]
pub struct OnBoard {
    /// The plan (entry 0).
    pub plan: ProcedurePlan,
    /// The state after every entry.
    pub state: ProcedureState,
    /// The entries, in log order.
    pub entries: Vec<LogEntry<ProcedureEntry>>,
    /// The elections the entries named, by id.
    pub linked: BTreeMap<String, LinkedElection>,
}

impl OnBoard {
    /// The procedure `id` on the board, or `None` if the board has no such procedure.
    pub async fn read(remote: &Remote, id: &str) -> Result<Option<OnBoard>, CliError> {
        let text = match remote.client().procedure_record(id).await {
            Ok(text) => text,
            Err(e) if e.code() == Some("unknown_procedure") => return Ok(None),
            Err(e) => return Err(remote.error(None)(e)),
        };
        let bad = |problem: String| CliError::BoardLog {
            election: id.to_owned(),
            problem,
        };
        let mut reader = RecordReader::new(text.as_bytes())
            .map_err(|e| bad(format!("its record cannot be read: {e}")))?;
        if reader.header().election_id != id {
            return Err(bad(format!(
                "the board sent the record of `{}`",
                reader.header().election_id
            )));
        }
        let mut entries: Vec<LogEntry<ProcedureEntry>> = Vec::new();
        let mut tree = MerkleTree::new();
        while let Some(raw) = reader.next_raw() {
            let entry: LogEntry<ProcedureEntry> = raw
                .and_then(|r| r.parse_as())
                .map_err(|e| bad(format!("its record cannot be read: {e}")))?;
            if entry.index != entries.len() as u64 {
                return Err(bad(format!("entry {} out of order", entry.index)));
            }
            tree.push(entry.leaf_hash());
            entries.push(entry);
        }
        let footer = reader
            .footer()
            .map_err(|e| bad(format!("its record cannot be read: {e}")))?;
        let verifier = remote.verifier().await?;
        let (size, root) = checked_checkpoint(&footer.checkpoint, &verifier, id)?;
        if size > tree.len() || tree.root_at(size).ok() != Some(root) {
            return Err(CliError::Proof(format!(
                "the {} entries of procedure `{id}` the board served do not hash to its signed checkpoint of {size} entries",
                tree.len()
            )));
        }
        let Some(ProcedureEntry::Plan(plan)) = entries.first().map(|e| &e.entry) else {
            return Err(bad("entry 0 is not a plan".into()));
        };
        let first = entries
            .first()
            .map(|e| e.received_at)
            .unwrap_or(super::now());
        let mut state =
            ProcedureState::new(plan, first).map_err(|e| bad(format!("entry 0: {e}")))?;
        let mut linked: BTreeMap<String, LinkedElection> = BTreeMap::new();
        for entry in entries.iter().skip(1) {
            let needed = state.election_needed(&entry.entry);
            if let Some(election) = &needed {
                if !linked.contains_key(election) {
                    if let Some(found) = linked_election(remote, election).await? {
                        linked.insert(election.clone(), found);
                    }
                }
            }
            let with = needed.as_ref().and_then(|e| linked.get(e));
            state
                .apply(&entry.entry, entry.received_at, with)
                .map_err(|e| bad(format!("entry {}: {e} ({})", entry.index, e.code())))?;
        }
        Ok(Some(OnBoard {
            plan: plan.body.clone(),
            state,
            entries,
            linked,
        }))
    }

    /// The index of `entry` on the log, if it is there (signature included).
    pub fn find(&self, entry: &ProcedureEntry) -> Option<u64> {
        self.entries
            .iter()
            .find(|e| e.entry == *entry)
            .map(|e| e.index)
    }
}

/// The election `id` as a procedure's entry refers to it: its definition and, once
/// published, its outcome — each checked (see the module's documentation). `None` if the
/// board has no such election.
pub async fn linked_election(
    remote: &Remote,
    id: &str,
) -> Result<Option<LinkedElection>, CliError> {
    match remote.client().election(id).await {
        Ok(_) => {}
        Err(e) if e.code() == Some("unknown_election") => return Ok(None),
        Err(e) => return Err(remote.error(None)(e)),
    }
    let bad = |problem: String| CliError::BoardLog {
        election: id.to_owned(),
        problem,
    };
    let verifier = remote.verifier().await?;
    let (size, root) = remote.checkpoint(id, &verifier).await?;
    if size == 0 {
        return Err(bad("its signed checkpoint is empty".into()));
    }
    // The definition (entry 0) and the last entry under the checkpoint, each shown to be in
    // the signed log.
    let mut ends = Vec::new();
    for index in [0, size - 1] {
        let page = remote
            .client()
            .entries(id, index, 1)
            .await
            .map_err(remote.error(None))?;
        let entry = page
            .entries
            .into_iter()
            .next()
            .filter(|e| e.index == index)
            .ok_or_else(|| bad(format!("entry {index} is missing")))?;
        let proof = remote
            .client()
            .inclusion(id, index, Some(size))
            .await
            .map_err(remote.error(None))?;
        verify_inclusion(&entry.leaf_hash(), index, size, &proof.proof, &root).map_err(|e| {
            CliError::Proof(format!(
                "entry {index} of `{id}` is not in its checkpoint: {e}"
            ))
        })?;
        ends.push(entry);
    }
    let definition: ElectionDefinition = match ends.first().map(|e| &e.entry) {
        Some(Entry::Definition(s))
            if s.body.election_id() == id
                && s.verify(&s.body.document().organiser, &s.body.hash()) =>
        {
            s.body.clone()
        }
        _ => {
            return Err(bad(
                "entry 0 is not its definition, signed by its organiser".into(),
            ))
        }
    };
    let outcome = match ends.last().map(|e| &e.entry) {
        Some(Entry::Result(s))
            if s.verify(&definition.document().organiser, &definition.hash()) =>
        {
            // spec/verification.md §3.8: the outcome follows from the published counts.
            let earlier: Vec<_> = remote
                .earlier(&definition)
                .await?
                .into_iter()
                .map(|(_, o)| o)
                .collect();
            let decided = decide(&definition, &s.body.counts, &earlier)
                .map_err(|e| bad(format!("its result cannot be decided again: {e}")))?;
            if decided != s.body.outcome {
                return Err(bad(
                    "its published outcome contradicts its published counts".into(),
                ));
            }
            Some(decided)
        }
        _ => None,
    };
    Ok(Some(LinkedElection {
        definition,
        outcome,
    }))
}
