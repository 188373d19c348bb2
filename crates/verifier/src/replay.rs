//! Verifying a record: its entries are read one line at a time and replayed through the
//! board's own admission rules ([`ElectionState`]), so that anything a board stored that
//! it should have refused is found, and named by the step of `spec/verification.md` that
//! answers for it. Runs of ballots are verified in batches on all cores; the verifier keeps
//! the election's state and the log's leaf hashes, never the ballots, so memory stays
//! bounded on records of any size.

use std::io::BufRead;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use thiserror::Error;
use zhixuan_record::{
    Applied, CheckpointVerifier, ElectionState, Entry, LogEntry, MerkleTree, Phase,
    RecordFileError, RecordReader, Rejection,
};

use zhixuan_tally::Ballot;

use crate::checkpoints::{check_checkpoints, SavedCheckpoint};
use crate::earlier::verify_earlier;
use crate::report::{GroupBallots, Problem, Report, Status};
use crate::step::Step;

/// Entries parsed, and ballots verified, together: large enough to keep every core busy,
/// small enough that a batch is a few megabytes.
const BATCH: usize = 1024;

/// How to verify.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Checkpoints saved earlier (e.g. during the meeting); each must be consistent with
    /// the record.
    pub checkpoints: Vec<SavedCheckpoint>,
    /// The board's key, when the user knows it from elsewhere; otherwise the record's.
    pub board_key: Option<String>,
    /// Show a progress bar on standard error (only when it is a terminal).
    pub progress: bool,
}

/// The input could not be read as a record at all (as opposed to a record that does not
/// verify, which is a [`Report`] with failures).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum InputError {
    /// The first line is not a record header this verifier reads.
    #[error("this is not a Zhixuan record this verifier can read: {0}")]
    Header(RecordFileError),
    /// Reading failed.
    #[error("could not read the record: {0}")]
    Io(#[from] std::io::Error),
}

/// Verifies a whole record read from `input`.
pub fn verify_record<R: BufRead>(input: R, options: &Options) -> Result<Report, InputError> {
    let started = Instant::now();
    let mut reader = RecordReader::new(input).map_err(InputError::Header)?;
    let header = reader.header().clone();
    let board_key = options
        .board_key
        .clone()
        .unwrap_or_else(|| header.board_key.clone());
    let mut report = Report::new(header.election_id.clone(), board_key.clone());
    let verifier: Option<CheckpointVerifier> = match board_key.parse() {
        Ok(v) => Some(v),
        Err(e) => {
            report.step_mut(Step::Checkpoints).fail(Problem::general(
                "board_key",
                format!("the board key `{board_key}` cannot be read: {e}"),
            ));
            None
        }
    };
    let progress = progress_bar(options.progress, header.entries);
    let mut replay = Replay {
        tree: MerkleTree::new(),
        state: None,
        pending: Vec::new(),
        report,
    };
    let mut framing_ok = true;
    while framing_ok {
        let mut raw = Vec::with_capacity(BATCH);
        while raw.len() < BATCH {
            match reader.next_raw() {
                None => break,
                Some(line) => raw.push(line),
            }
        }
        if raw.is_empty() {
            break;
        }
        let parsed: Vec<Result<LogEntry, RecordFileError>> = raw
            .into_par_iter()
            .map(|line| line.and_then(|raw| raw.parse()))
            .collect();
        for line in parsed {
            match line {
                Ok(entry) => replay.entry(entry, &header.earlier, verifier.as_ref()),
                Err(e) => {
                    replay
                        .report
                        .step_mut(Step::Record)
                        .fail(record_problem(&e));
                    framing_ok = false;
                    break;
                }
            }
            progress.inc(1);
        }
    }
    replay.flush();
    progress.finish_and_clear();
    let Replay {
        tree,
        state,
        mut report,
        ..
    } = replay;
    report.entries = tree.len();
    if framing_ok {
        match reader.footer() {
            Ok(footer) => {
                let t = Instant::now();
                check_checkpoints(
                    &mut report,
                    verifier.as_ref(),
                    &header.election_id,
                    &footer.checkpoint,
                    &options.checkpoints,
                    &tree,
                );
                report.step_mut(Step::Checkpoints).spend(t.elapsed());
            }
            Err(e) => report.step_mut(Step::Record).fail(record_problem(&e)),
        }
    }
    finish(&mut report, state.as_ref(), framing_ok);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn progress_bar(wanted: bool, entries: u64) -> ProgressBar {
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(entries), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} entries  {per_sec}  eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn record_problem(e: &RecordFileError) -> Problem {
    Problem::general("record_format", e.to_string())
}

/// The replay in progress.
struct Replay {
    tree: MerkleTree,
    state: Option<ElectionState>,
    /// Consecutive ballots not yet verified.
    pending: Vec<LogEntry>,
    report: Report,
}

impl Replay {
    fn entry(
        &mut self,
        entry: LogEntry,
        earlier: &[zhixuan_record::EarlierElection],
        verifier: Option<&CheckpointVerifier>,
    ) {
        self.tree.push(entry.leaf_hash());
        if self.tree.len() == 1 {
            self.start(&entry, earlier, verifier);
            return;
        }
        // After a refused definition there is no election to check entries against:
        // they are only hashed, for step 2.
        if self.state.is_none() {
            return;
        }
        if matches!(entry.entry, Entry::Ballot(_)) {
            self.pending.push(entry);
            if self.pending.len() >= BATCH {
                self.flush();
            }
            return;
        }
        self.flush();
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let step = Step::of_kind(entry.entry.kind());
        let t = Instant::now();
        let (index, at, kind) = (entry.index, entry.received_at, entry.entry.kind());
        let code = tracking_code(&entry.entry);
        let result = state
            .prepare(entry.entry)
            .and_then(|prepared| state.apply(prepared, at));
        let report = &mut self.report;
        report.step_mut(step).spend(t.elapsed());
        match result {
            Ok((applied, _)) => {
                report.step_mut(step).checked += 1;
                if let Applied::Audit { .. } = applied {
                    report.audited += 1;
                }
            }
            Err(rejection) => {
                let step = Step::of_rejection(kind, &rejection);
                report
                    .step_mut(step)
                    .fail(entry_problem(index, kind, code, &rejection));
            }
        }
    }

    /// Entry 0: the definition, and the earlier elections it follows.
    fn start(
        &mut self,
        entry: &LogEntry,
        earlier: &[zhixuan_record::EarlierElection],
        verifier: Option<&CheckpointVerifier>,
    ) {
        let t = Instant::now();
        let earlier = match verifier.map(|v| verify_earlier(earlier, v)) {
            Some(Ok(earlier)) => earlier,
            Some(Err(reason)) => {
                self.report
                    .step_mut(Step::Outcome)
                    .fail(Problem::general(reason.code(), reason.to_string()));
                Vec::new()
            }
            None => Vec::new(),
        };
        match ElectionState::new(entry, &earlier) {
            Ok(state) => {
                let definition = state.definition();
                if definition.election_id() != self.report.election_id {
                    let problem = Problem::general(
                        "election_mismatch",
                        format!(
                            "the record's header is for election `{}`, its definition for `{}`",
                            self.report.election_id,
                            definition.election_id()
                        ),
                    );
                    self.report.step_mut(Step::Record).fail(problem);
                }
                self.report.title = Some(definition.document().title.clone());
                self.report.definition = Some(definition.clone());
                self.report.step_mut(Step::Record).checked += 1;
                self.state = Some(state);
            }
            Err(rejection) => {
                let step = Step::of_rejection("definition", &rejection);
                self.report.step_mut(step).fail(entry_problem(
                    entry.index,
                    entry.entry.kind(),
                    None,
                    &rejection,
                ));
            }
        }
        self.report.step_mut(Step::Record).spend(t.elapsed());
    }

    /// Verifies the pending run of ballots as one batch, then applies them in log order.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let t = Instant::now();
        let pending = std::mem::take(&mut self.pending);
        let mut meta = Vec::with_capacity(pending.len());
        let mut ballots: Vec<Ballot> = Vec::with_capacity(pending.len());
        for e in pending {
            if let Entry::Ballot(b) = e.entry {
                meta.push((e.index, e.received_at, b.tracking_code().to_string()));
                ballots.push(b);
            }
        }
        let prepared = state.prepare_ballots(ballots);
        let report = &mut self.report;
        for ((index, at, code), prepared) in meta.into_iter().zip(prepared) {
            match prepared.and_then(|p| state.apply(p, at)) {
                Ok((applied, _)) => {
                    report.step_mut(Step::Ballots).checked += 1;
                    if let Applied::Ballot {
                        supersedes: Some(_),
                        ..
                    } = applied
                    {
                        report.superseded += 1;
                    }
                }
                Err(rejection) => {
                    let step = Step::of_rejection("ballot", &rejection);
                    report.step_mut(step).fail(entry_problem(
                        index,
                        "ballot",
                        Some(code),
                        &rejection,
                    ));
                }
            }
        }
        report.step_mut(Step::Ballots).spend(t.elapsed());
    }
}

fn tracking_code(entry: &Entry) -> Option<String> {
    match entry {
        Entry::Ballot(b) => Some(b.tracking_code().to_string()),
        Entry::AuditedBallot(a) => Some(a.tracking_code().to_string()),
        _ => None,
    }
}

fn entry_problem(index: u64, kind: &str, code: Option<String>, rejection: &Rejection) -> Problem {
    Problem {
        index: Some(index),
        kind: Some(kind.to_owned()),
        tracking_code: code,
        code: rejection.code().to_owned(),
        reason: rejection.to_string(),
    }
}

/// Marks the steps the record never reached, and fills the summary.
fn finish(report: &mut Report, state: Option<&ElectionState>, framing_ok: bool) {
    let reached = match state {
        None => 1,
        Some(state) => {
            report.phase = Some(state.phase());
            report.outcome = state.outcome().cloned();
            let groups = &state.definition().document().groups;
            report.ballots = groups
                .iter()
                .zip(state.ballots_per_group())
                .map(|(g, counted)| GroupBallots {
                    group: g.id.clone(),
                    counted,
                })
                .collect();
            match state.phase() {
                Phase::Setup => 4,
                Phase::Voting | Phase::Closed => 5,
                Phase::Tallied => 7,
                Phase::Decided => 8,
            }
        }
    };
    for s in &mut report.steps {
        let beyond = s.number > reached && s.step != Step::Checkpoints;
        let unread = !framing_ok && s.step != Step::Record;
        // Step 2 checks the footer after the last entry: a file that ends without one
        // never reached it, however many entries were read.
        let unsigned = s.step == Step::Checkpoints;
        if (beyond || unread || unsigned) && s.status == Status::Passed && s.checked == 0 {
            s.status = Status::NotReached;
        }
    }
}
