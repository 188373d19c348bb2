//! A voter's check: the ballot with my tracking code is on the board, proved by an
//! inclusion proof against a checkpoint the board signed — and, if I saved a checkpoint
//! earlier, the board's log today extends the one I saw then; and whether it is counted,
//! superseded by a later ballot of the same credential, or audited and never counted.
//!
//! In a record file every later entry is read, so "counted" means no later ballot of the
//! credential is in the record. From a board, "superseded" is shown by the later ballot
//! itself (same credential, later index, included under the same signed checkpoint);
//! "counted" is the board's word that it holds no later ballot of the credential, which
//! verifying the whole record (`zhixuan-verify board`) checks.

use std::io::BufRead;

use serde::Serialize;
use thiserror::Error;
use zhixuan_election::VotingWindow;
use zhixuan_record::client::blocking::BoardClient;
use zhixuan_record::client::ClientError;
use zhixuan_record::{
    check_consistency, verify_inclusion, CheckpointVerifier, Consistency, Entry, Hash, LogEntry,
    Origin, RecordFileError, RecordReader, SignedCheckpoint,
};
use zhixuan_tally::{Credential, TrackingCode};

use crate::checkpoints::SavedCheckpoint;

/// Where a ballot stands in the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Cast, and the ballot counted for its credential.
    Counted,
    /// Cast, then replaced by a later ballot of the same credential (revote `last_counts`):
    /// not counted.
    Superseded,
    /// Opened to audit the voting device (Benaloh): published, never counted.
    Audited,
}

/// What the check found: where the ballot is, under which checkpoint, and whether it counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BallotCheck {
    /// The tracking code.
    pub tracking_code: String,
    /// The ballot's index in the log.
    pub index: u64,
    /// `ballot`, or `audited_ballot` for a ballot opened instead of cast.
    pub kind: String,
    /// Counted, superseded or audited.
    pub standing: Standing,
    /// For a superseded ballot, the index of the later ballot counted instead.
    pub superseded_by: Option<u64>,
    /// When the board received it (RFC 3339), in the election's time zone with its offset.
    pub received_at: String,
    /// The size of the log the inclusion proof was checked against (0 offline).
    pub checkpoint_size: u64,
    /// Whether a saved checkpoint was also checked to be a prefix of today's log.
    pub saved_checkpoint_consistent: Option<bool>,
}

/// Why the check failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum BallotCheckError {
    /// The board could not be asked, or refused (e.g. the code is not on the board).
    #[error(transparent)]
    Board(#[from] ClientError),
    /// The record file could not be read.
    #[error(transparent)]
    Record(#[from] RecordFileError),
    /// No ballot with this tracking code is in the record.
    #[error("no ballot with tracking code {0} is in the record")]
    NotFound(String),
    /// The board's answer does not prove what it should: the ballot is not shown to be on
    /// the board.
    #[error("the board's proof does not hold: {0}")]
    BadProof(String),
    /// The saved checkpoint and today's are not consistent: the board rewrote history.
    #[error("the board's log today does not extend the checkpoint saved in {0}: the board rewrote history, and the two signed checkpoints are the evidence")]
    Inconsistent(String),
}

fn bad(reason: impl Into<String>) -> BallotCheckError {
    BallotCheckError::BadProof(reason.into())
}

/// `t` in the election's own time zone, with its offset (the window's, as the notice and
/// the board's pages show times), RFC 3339.
fn local(t: time::OffsetDateTime, window: Option<&VotingWindow>) -> String {
    let t = window.map_or(t, |w| w.local(t));
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// The voting window of the definition at entry 0 of `election` on `board`.
fn window_on_board(board: &BoardClient, election: &str) -> Result<VotingWindow, BallotCheckError> {
    match board
        .entries(election, 0, 1)?
        .entries
        .pop()
        .map(|e| e.entry)
    {
        Some(Entry::Definition(s)) => Ok(s.body.document().voting.clone()),
        _ => Err(bad("entry 0 is not the election's definition")),
    }
}

/// Asks `board` for the ballot with `code` in `election` and checks the proof.
///
/// It blocks on the network, like [`fetch_record`](crate::fetch_record): from async code,
/// call it on a blocking thread.
pub fn check_ballot_on_board(
    board: &BoardClient,
    election: &str,
    code: &TrackingCode,
    board_key: Option<&str>,
    saved: Option<&SavedCheckpoint>,
) -> Result<BallotCheck, BallotCheckError> {
    let key = match board_key {
        Some(key) => key.to_owned(),
        None => board.board_key()?,
    };
    let verifier: CheckpointVerifier = key
        .parse()
        .map_err(|e| bad(format!("the board key: {e}")))?;
    let tracking = board.tracking(election, code)?;
    let proof = &tracking.inclusion;
    let signed: SignedCheckpoint = proof
        .checkpoint
        .parse()
        .map_err(|e| bad(format!("the checkpoint: {e}")))?;
    let checkpoint = signed
        .verify(&verifier)
        .map_err(|e| bad(format!("the checkpoint: {e}")))?;
    let origin = Origin::for_election(election).map_err(|e| bad(e.to_string()))?;
    if checkpoint.origin() != &origin || checkpoint.size() != proof.size {
        return Err(bad(
            "the checkpoint is not of this election's log at the proof's size",
        ));
    }
    let entry = board
        .entries(election, proof.index, 1)?
        .entries
        .pop()
        .filter(|e| e.index == proof.index)
        .ok_or_else(|| bad(format!("entry {} is not served", proof.index)))?;
    let (found, credential) = match &entry.entry {
        Entry::Ballot(b) => (b.tracking_code(), Some(&b.credential)),
        Entry::AuditedBallot(a) => (a.tracking_code(), None),
        other => {
            return Err(bad(format!(
                "entry {} is a {}, not a ballot",
                proof.index,
                other.kind()
            )))
        }
    };
    if &found != code || entry.leaf_hash() != proof.leaf_hash {
        return Err(bad(format!(
            "entry {} is not the ballot with this tracking code",
            proof.index
        )));
    }
    verify_inclusion(
        &proof.leaf_hash,
        proof.index,
        checkpoint.size(),
        &proof.proof,
        checkpoint.root(),
    )
    .map_err(|e| bad(format!("the inclusion proof: {e}")))?;
    let standing = match (credential, tracking.superseded_by) {
        (None, None) => Standing::Audited,
        (None, Some(_)) => return Err(bad("the board says an audited ballot was superseded")),
        (Some(_), None) => Standing::Counted,
        (Some(credential), Some(later)) => {
            let (size, root) = (checkpoint.size(), checkpoint.root());
            check_superseding(board, election, size, root, proof.index, credential, later)?;
            Standing::Superseded
        }
    };
    let saved_checkpoint_consistent = match saved {
        None => None,
        Some(saved) => {
            let old: SignedCheckpoint = saved
                .text
                .parse()
                .map_err(|e| bad(format!("the saved checkpoint: {e}")))?;
            let old_size = old
                .verify(&verifier)
                .map_err(|e| bad(format!("the saved checkpoint: {e}")))?
                .size();
            let (from, to) = (
                old_size.min(checkpoint.size()),
                old_size.max(checkpoint.size()),
            );
            let consistency = board.consistency(election, from, Some(to))?;
            match check_consistency(&verifier, &old, &signed, &consistency.proof) {
                Ok(Consistency::Consistent) => Some(true),
                Ok(Consistency::Inconsistent(_)) => {
                    return Err(BallotCheckError::Inconsistent(saved.source.clone()))
                }
                Err(e) => return Err(bad(format!("the saved checkpoint: {e}"))),
            }
        }
    };
    Ok(BallotCheck {
        tracking_code: code.to_string(),
        index: entry.index,
        kind: entry.entry.kind().as_str().to_owned(),
        standing,
        superseded_by: tracking.superseded_by,
        received_at: local(entry.received_at, Some(&window_on_board(board, election)?)),
        checkpoint_size: checkpoint.size(),
        saved_checkpoint_consistent,
    })
}

/// Checks a board's claim that the ballot at `later` replaced the cast ballot at `index` by
/// `credential`: it is a ballot of the same credential, later in the log, and included in
/// the tree of `size` entries with root `root` (a checkpoint the caller has verified).
///
/// It blocks on the network, like [`fetch_record`](crate::fetch_record): from async code,
/// call it on a blocking thread.
pub fn check_superseding(
    board: &BoardClient,
    election: &str,
    size: u64,
    root: &Hash,
    index: u64,
    credential: &Credential,
    later: u64,
) -> Result<(), BallotCheckError> {
    if later <= index || later >= size {
        return Err(bad(format!(
            "the board names entry {later} as the ballot counted instead, which is not after entry {index} under the checkpoint"
        )));
    }
    let entry = board
        .entries(election, later, 1)?
        .entries
        .pop()
        .filter(|e| e.index == later)
        .ok_or_else(|| bad(format!("entry {later} is not served")))?;
    match &entry.entry {
        Entry::Ballot(b) if &b.credential == credential => {}
        _ => {
            return Err(bad(format!(
                "entry {later}, named as the ballot counted instead, is not a ballot of the same credential"
            )))
        }
    }
    let proof = board.inclusion(election, later, Some(size))?;
    verify_inclusion(&entry.leaf_hash(), later, size, &proof.proof, root)
        .map_err(|e| bad(format!("the inclusion proof of entry {later}: {e}")))
}

/// Finds the ballot with `code` in a record file, and reads the rest of the record for a
/// later ballot of the same credential. (That the record itself is the board's is what
/// [`verify_record`](crate::verify_record) checks.)
pub fn check_ballot_in_record<R: BufRead>(
    input: R,
    code: &TrackingCode,
) -> Result<BallotCheck, BallotCheckError> {
    let mut reader = RecordReader::new(input)?;
    let mut found: Option<(BallotCheck, Option<Credential>)> = None;
    let mut window = None;
    while let Some(entry) = reader.next_entry() {
        let entry = entry?;
        match (&entry.entry, &mut found) {
            (Entry::Definition(s), None) => window = Some(s.body.document().voting.clone()),
            (Entry::Ballot(b), Some((check, Some(credential)))) if &b.credential == credential => {
                check.standing = Standing::Superseded;
                check.superseded_by = Some(entry.index);
            }
            (Entry::Ballot(b), None) if &b.tracking_code() == code => {
                let check = found_at(&entry, code, Standing::Counted, window.as_ref());
                found = Some((check, Some(b.credential.clone())));
            }
            (Entry::AuditedBallot(a), None) if &a.tracking_code() == code => {
                found = Some((
                    found_at(&entry, code, Standing::Audited, window.as_ref()),
                    None,
                ));
            }
            _ => {}
        }
    }
    found
        .map(|(check, _)| check)
        .ok_or_else(|| BallotCheckError::NotFound(code.to_string()))
}

fn found_at(
    entry: &LogEntry,
    code: &TrackingCode,
    standing: Standing,
    window: Option<&VotingWindow>,
) -> BallotCheck {
    BallotCheck {
        tracking_code: code.to_string(),
        index: entry.index,
        kind: entry.entry.kind().as_str().to_owned(),
        standing,
        superseded_by: None,
        received_at: local(entry.received_at, window),
        checkpoint_size: 0,
        saved_checkpoint_consistent: None,
    }
}
