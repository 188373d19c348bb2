//! Verifying a record: its entries are read one line at a time and replayed through the
//! board's own admission rules (the one [`Replay`] of `zhixuan-record`), so that anything a board stored that
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
    Applied, CheckpointVerifier, ElectionState, Entry, EntryKind, Hash, LogEntry, MerkleTree,
    Phase, RecordFileError, RecordReader, Rejection, Replay, Verdict,
};

use crate::checkpoints::{board_key, check_checkpoints, SavedCheckpoint};
use crate::earlier::verify_earlier;
use crate::report::{GroupBallots, Problem, Report, Status};
use zhixuan_record::Step;

/// Entries parsed together, as many as the replay verifies in one batch.
const BATCH: usize = zhixuan_record::REPLAY_BATCH;

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
    let mut report = Report::new(header.election_id.clone(), String::new());
    let (key, verifier) = board_key(
        options.board_key.as_deref(),
        &header.board_key,
        report.step_mut(Step::Checkpoints),
    );
    report.board_key = key;
    let progress = progress_bar(options.progress, header.entries);
    let mut replay = Run {
        log: Log::Empty,
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
    progress.finish_and_clear();
    let Run { log, mut report } = replay;
    let (state, tree) = match log {
        Log::Empty => (None, MerkleTree::new()),
        Log::Refused(tree) => (None, tree),
        Log::Replayed(replay) => {
            let (state, tree) = finished(replay.finish(&mut |v| verdict(&mut report, v)));
            (Some(state), tree)
        }
    };
    report.entries = tree.len();
    if framing_ok {
        match reader.footer() {
            Ok(footer) => {
                let t = Instant::now();
                check_checkpoints(
                    report.step_mut(Step::Checkpoints),
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

pub(crate) fn record_problem(e: &RecordFileError) -> Problem {
    Problem::general("record_format", e.to_string())
}

/// The log read so far.
enum Log {
    /// No entry yet.
    Empty,
    /// The definition was refused: there is no election to check entries against, and they
    /// are only hashed, for step 2.
    Refused(MerkleTree),
    /// Replayed through the admission rules.
    Replayed(Box<Replay>),
}

/// The verification in progress.
struct Run {
    log: Log,
    report: Report,
}

impl Run {
    fn entry(
        &mut self,
        entry: LogEntry,
        earlier: &[zhixuan_record::EarlierElection],
        verifier: Option<&CheckpointVerifier>,
    ) {
        let leaf = entry.leaf_hash();
        let report = &mut self.report;
        match &mut self.log {
            Log::Empty => self.log = start(report, &entry, leaf, earlier, verifier),
            Log::Refused(tree) => {
                tree.push(leaf);
            }
            Log::Replayed(replay) => {
                let withdrawal = match &entry.entry {
                    Entry::Withdrawal(signed) => Some(signed.body.clone()),
                    _ => None,
                };
                let on = &mut |v| verdict(report, v);
                finished(replay.push(entry, leaf, on));
                // The withdrawal the rules accepted (spec/board.md §5.5a): the one that
                // moved the election out of its lifecycle.
                if report.withdrawal.is_none() && replay.state().phase() == Phase::Withdrawn {
                    report.withdrawal = withdrawal;
                }
            }
        }
    }
}

/// What a refusal-tolerant replay returns: it never stops.
fn finished<T>(result: Result<T, std::convert::Infallible>) -> T {
    match result {
        Ok(value) => value,
        Err(never) => match never {},
    }
}

/// Counts one entry's verdict in its step of the report.
fn verdict(report: &mut Report, verdict: Verdict) -> Result<(), std::convert::Infallible> {
    let Verdict {
        index,
        kind,
        tracking_code,
        spent,
        result,
    } = verdict;
    match result {
        Ok(applied) => {
            let step = report.step_mut(kind.step());
            step.spend(spent);
            step.checked += 1;
            match applied {
                Applied::Audit { .. } => report.audited += 1,
                Applied::Ballot {
                    supersedes: Some(_),
                    ..
                } => report.superseded += 1,
                Applied::Ballot { .. } | Applied::Other => {}
            }
        }
        Err(rejection) => {
            report.step_mut(kind.step()).spend(spent);
            let code = tracking_code.map(|c| c.to_string());
            report
                .step_mut(Step::of_rejection(kind, &rejection))
                .fail(entry_problem(index, kind, code, &rejection));
        }
    }
    Ok(())
}

/// Entry 0: the definition, and the earlier elections it follows.
fn start(
    report: &mut Report,
    entry: &LogEntry,
    leaf: Hash,
    earlier: &[zhixuan_record::EarlierElection],
    verifier: Option<&CheckpointVerifier>,
) -> Log {
    let t = Instant::now();
    let earlier = match verifier.map(|v| verify_earlier(earlier, v)) {
        Some(Ok(earlier)) => earlier,
        Some(Err(reason)) => {
            report
                .step_mut(Step::Outcome)
                .fail(Problem::general(reason.code(), reason.to_string()));
            Vec::new()
        }
        None => Vec::new(),
    };
    let log = match Replay::start(entry, leaf, &earlier) {
        Ok(replay) => {
            let definition = replay.state().definition();
            if definition.election_id() != report.election_id {
                let problem = Problem::general(
                    "election_mismatch",
                    format!(
                        "the record's header is for election `{}`, its definition for `{}`",
                        report.election_id,
                        definition.election_id()
                    ),
                );
                report.step_mut(Step::Record).fail(problem);
            }
            report.title = Some(definition.document().title.clone());
            report.definition = Some(definition.clone());
            report.step_mut(Step::Record).checked += 1;
            Log::Replayed(Box::new(replay))
        }
        Err(rejection) => {
            let step = Step::of_rejection(EntryKind::Definition, &rejection);
            report.step_mut(step).fail(entry_problem(
                entry.index,
                entry.entry.kind(),
                None,
                &rejection,
            ));
            let mut tree = MerkleTree::new();
            tree.push(leaf);
            Log::Refused(tree)
        }
    };
    report.step_mut(Step::Record).spend(t.elapsed());
    log
}

fn entry_problem(
    index: u64,
    kind: EntryKind,
    code: Option<String>,
    rejection: &Rejection,
) -> Problem {
    Problem {
        index: Some(index),
        kind: Some(kind.as_str().to_owned()),
        tracking_code: code,
        code: rejection.code().as_str().to_owned(),
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
                Phase::Setup | Phase::Withdrawn => 4,
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
