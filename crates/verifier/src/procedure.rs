//! Verifying a procedure (`spec/verification.md` step 9, `spec/procedure.md`): its record is
//! replayed through the board's own rules (`ProcedureState`), with the records of the
//! elections its vote stages name, each verified first; every list must follow from the one
//! before by its stage's rule, every period must hold by the log's stamps, the lot must
//! reproduce, and the board's checkpoint must sign the log.

use std::fmt::Write as _;
use std::io::BufRead;
use std::time::Instant;

use serde::Serialize;
use zhixuan_election::{Bilingual, Lang};
use zhixuan_record::{
    LinkedElection, LogEntry, MerkleTree, ProcedureEntry, ProcedureState, RecordReader, Step,
};

use crate::checkpoints::{board_key, check_checkpoints};
use crate::replay::{record_problem, InputError, Options};
use crate::report::{describe_problem, mark, Problem, Report, Status, StepReport};

/// One stage as the record shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StageLine {
    /// The stage's id.
    pub id: String,
    /// Its name.
    pub name: Bilingual,
    /// Its kind (`registration`, `vote`, …).
    pub kind: &'static str,
    /// When its list was published (RFC 3339), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Its publicity period, in days.
    pub publicity_days: u32,
}

/// Everything verifying a procedure found.
#[derive(Clone, Debug, Serialize)]
pub struct ProcedureReport {
    /// The procedure id, as the record's header gives it.
    pub procedure_id: String,
    /// Its title, once the plan was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Bilingual>,
    /// Entries in the record.
    pub entries: u64,
    /// The board's checkpoint key the record was checked against.
    pub board_key: String,
    /// Steps 1 (the record), 2 (the checkpoints) and 9 (the procedure).
    pub steps: Vec<StepReport>,
    /// The stages, in plan order.
    pub stages: Vec<StageLine>,
    /// Every post's list at the end of the record.
    pub lists: Vec<(String, Vec<String>)>,
    /// The last lot's speaking order.
    pub order: Vec<String>,
    /// Total time, in seconds.
    pub seconds: f64,
}

impl ProcedureReport {
    /// Whether the record verifies: no step failed.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(|s| s.status != Status::Failed)
    }

    /// The report of one step (1, 2 or 9).
    pub fn step(&self, step: Step) -> Option<&StepReport> {
        self.steps.iter().find(|s| s.step == step)
    }

    fn step_mut(&mut self, step: Step) -> &mut StepReport {
        let i = self.steps.iter().position(|s| s.step == step).unwrap_or(0);
        &mut self.steps[i]
    }

    /// The report for people: the steps, then the stages as a timeline with each list.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let title = self
            .title
            .as_ref()
            .map(|t| format!(" — {}", lang.pick(&t.zh, &t.en)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {}{title}",
            lang.pick("直选验证：选举程序", "Zhixuan verification: procedure"),
            self.procedure_id
        );
        for s in &self.steps {
            let _ = writeln!(
                out,
                " {} {}. {}  {} {}",
                mark(s.status),
                s.number,
                s.step.title(lang),
                s.checked,
                lang.pick("项已检查", "checked")
            );
            for p in &s.problems {
                let _ = writeln!(out, "      {}", describe_problem(p, lang));
            }
        }
        let _ = writeln!(out, "{}", lang.pick("各阶段：", "Stages:"));
        for stage in &self.stages {
            let when = stage
                .closed_at
                .as_deref()
                .unwrap_or(lang.pick("未结束", "not closed"));
            let _ = writeln!(
                out,
                "  {:<14} {}  {} {}  ({} {})",
                stage.id,
                lang.pick(&stage.name.zh, &stage.name.en),
                lang.pick("公示于", "published"),
                when,
                lang.pick("公示期天数", "publicity days"),
                stage.publicity_days
            );
        }
        for (post, people) in &self.lists {
            let _ = writeln!(out, "  {post}: {}", people.join(", "));
        }
        if !self.order.is_empty() {
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("抽签发言顺序", "speaking order drawn"),
                self.order.join(", ")
            );
        }
        let verdict = if self.passed() {
            lang.pick(
                "结论：选举程序的记录通过验证，每个阶段的名单都由上一阶段按规则得出。",
                "Verdict: the procedure verifies; every stage's list follows from the one before by its rule.",
            )
        } else {
            lang.pick(
                "结论：选举程序的记录未通过验证。",
                "Verdict: the procedure does NOT verify.",
            )
        };
        let _ = writeln!(out, "{verdict}");
        out
    }
}

/// Verifies a procedure's record read from `input`, with the verified reports of the
/// elections its vote stages name (`elections`): a vote stage whose election is missing
/// or did not verify fails step 9.
pub fn verify_procedure<R: BufRead>(
    input: R,
    elections: &[Report],
    options: &Options,
) -> Result<ProcedureReport, InputError> {
    let started = Instant::now();
    let mut reader = RecordReader::new(input).map_err(InputError::Header)?;
    let header = reader.header().clone();
    let mut report = ProcedureReport {
        procedure_id: header.election_id.clone(),
        title: None,
        entries: 0,
        board_key: String::new(),
        steps: [Step::Record, Step::Checkpoints, Step::Procedure]
            .into_iter()
            .map(StepReport::new)
            .collect(),
        stages: Vec::new(),
        lists: Vec::new(),
        order: Vec::new(),
        seconds: 0.0,
    };
    let (key, verifier) = board_key(
        options.board_key.as_deref(),
        &header.board_key,
        report.step_mut(Step::Checkpoints),
    );
    report.board_key = key;
    let mut tree = MerkleTree::new();
    let mut state: Option<ProcedureState> = None;
    let mut framing_ok = true;
    while let Some(raw) = reader.next_raw() {
        let entry: LogEntry<ProcedureEntry> = match raw.and_then(|r| r.parse_as()) {
            Ok(entry) => entry,
            Err(e) => {
                report.step_mut(Step::Record).fail(record_problem(&e));
                framing_ok = false;
                break;
            }
        };
        tree.push(entry.leaf_hash());
        report.step_mut(Step::Record).checked += 1;
        let problem = |code: &str, reason: String| Problem {
            index: Some(entry.index),
            kind: Some(entry.entry.kind().as_str().to_owned()),
            tracking_code: None,
            code: code.to_owned(),
            reason,
        };
        let Some(current) = state.as_mut() else {
            // Entry 0: the plan (spec/procedure.md §4.1).
            match &entry.entry {
                ProcedureEntry::Plan(plan) => match ProcedureState::new(plan, entry.received_at) {
                    Ok(s) => {
                        report.title = Some(plan.body.document().title.clone());
                        state = Some(s);
                    }
                    Err(e) => {
                        report
                            .step_mut(Step::Record)
                            .fail(problem(e.code().as_str(), e.to_string()));
                        break;
                    }
                },
                _ => {
                    report.step_mut(Step::Record).fail(problem(
                        "not_a_plan",
                        "a procedure's first entry must be its plan".into(),
                    ));
                    break;
                }
            }
            continue;
        };
        let step = report.step_mut(Step::Procedure);
        step.checked += 1;
        let linked = match current.election_needed(&entry.entry) {
            None => None,
            Some(id) => match elections.iter().find(|r| r.election_id == id) {
                Some(r) if !r.passed() => {
                    step.fail(problem(
                        "election_unverified",
                        format!("the election `{id}` the stage names does not verify"),
                    ));
                    None
                }
                Some(r) => r.definition.clone().map(|definition| LinkedElection {
                    definition,
                    outcome: r.outcome.clone(),
                }),
                None => {
                    step.fail(problem(
                        "election_missing",
                        format!("the record of the election `{id}` the stage names was not given"),
                    ));
                    None
                }
            },
        };
        if let Err(e) = current.apply(&entry.entry, entry.received_at, linked.as_ref()) {
            step.fail(problem(e.code().as_str(), e.to_string()));
        }
    }
    report.entries = tree.len();
    if framing_ok {
        match reader.footer() {
            Ok(footer) => check_checkpoints(
                report.step_mut(Step::Checkpoints),
                verifier.as_ref(),
                &header.election_id,
                &footer.checkpoint,
                &options.checkpoints,
                &tree,
            ),
            Err(e) => report.step_mut(Step::Record).fail(record_problem(&e)),
        }
    }
    if let Some(state) = &state {
        report.stages = state
            .plan()
            .stages()
            .iter()
            .enumerate()
            .map(|(i, s)| StageLine {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.rule.kind(),
                closed_at: state.closed_at(i).and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
                publicity_days: s.publicity_days,
            })
            .collect();
        report.lists = state
            .lists()
            .iter()
            .map(|l| (l.post.clone(), l.people.clone()))
            .collect();
        report.order = state.order().to_vec();
    } else {
        report.step_mut(Step::Procedure).status = Status::NotReached;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
