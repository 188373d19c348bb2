//! What verification found: each numbered step with what it checked and, for a failure,
//! exactly which item failed and why. The same content is rendered for people
//! ([`Report::render`]) and serialized for machines (`--json`).

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;
use zhixuan_election::{outcome_text, Bilingual, ElectionDefinition, Outcome};
use zhixuan_record::{Phase, Withdrawal};

use zhixuan_election::Lang;
use zhixuan_record::Step;

/// Problems listed per step; the rest are counted.
const LISTED: usize = 50;

/// How a step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Everything the step checks holds.
    Passed,
    /// At least one item failed.
    Failed,
    /// The record ends before this step has anything to check (e.g. no result yet).
    NotReached,
}

/// One item that failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The log index of the entry, when the problem is with one entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// The entry's kind, when the problem is with one entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A ballot's tracking code, when the problem is with a ballot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_code: Option<String>,
    /// Stable, for programs: the board's refusal code for the rule broken, or one of the
    /// verifier's own (`record_format`, `root_mismatch`, `inconsistent_checkpoint`, ...).
    pub code: String,
    /// For people: what is wrong, in English.
    pub reason: String,
}

impl Problem {
    /// A problem with the record as a whole rather than one entry.
    pub fn general(code: &str, reason: impl Into<String>) -> Problem {
        Problem {
            index: None,
            kind: None,
            tracking_code: None,
            code: code.to_owned(),
            reason: reason.into(),
        }
    }
}

/// One step's result.
#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    /// The step.
    pub step: Step,
    /// Its number in `spec/verification.md`.
    pub number: u8,
    /// How it ended.
    pub status: Status,
    /// How many items it checked.
    pub checked: u64,
    /// Time spent on it, in seconds.
    pub seconds: f64,
    /// The failed items (the first [`LISTED`]).
    pub problems: Vec<Problem>,
    /// How many items failed in all.
    pub failed: u64,
}

impl StepReport {
    pub(crate) fn new(step: Step) -> StepReport {
        StepReport {
            step,
            number: step.number(),
            status: Status::Passed,
            checked: 0,
            seconds: 0.0,
            problems: Vec::new(),
            failed: 0,
        }
    }

    pub(crate) fn fail(&mut self, problem: Problem) {
        self.status = Status::Failed;
        self.failed += 1;
        if self.problems.len() < LISTED {
            self.problems.push(problem);
        }
    }

    pub(crate) fn spend(&mut self, time: Duration) {
        self.seconds += time.as_secs_f64();
    }
}

/// Ballots counted in one voter group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupBallots {
    /// The group's id.
    pub group: String,
    /// Ballots counted.
    pub counted: u64,
}

/// Everything verification found.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The election's id, as the record's header gives it.
    pub election_id: String,
    /// The election's title, once its definition was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Bilingual>,
    /// Entries in the record.
    pub entries: u64,
    /// The phase the record ends in, once its definition was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// The board's checkpoint key the record was checked against.
    pub board_key: String,
    /// Each step, in order.
    pub steps: Vec<StepReport>,
    /// Ballots counted, per group.
    pub ballots: Vec<GroupBallots>,
    /// Ballots audited (opened, never counted).
    pub audited: u64,
    /// Ballots replaced by a later ballot of the same credential.
    pub superseded: u64,
    /// The outcome, recomputed and equal to the published one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The organiser's withdrawal the rules accepted, for an election withdrawn before
    /// voting (phase `withdrawn`): it has no result, and that is no failure of the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<Withdrawal>,
    /// Total time, in seconds.
    pub seconds: f64,
    #[serde(skip)]
    pub(crate) definition: Option<ElectionDefinition>,
}

impl Report {
    pub(crate) fn new(election_id: String, board_key: String) -> Report {
        Report {
            election_id,
            title: None,
            entries: 0,
            phase: None,
            board_key,
            steps: Step::ELECTION.into_iter().map(StepReport::new).collect(),
            ballots: Vec::new(),
            audited: 0,
            superseded: 0,
            outcome: None,
            withdrawal: None,
            seconds: 0.0,
            definition: None,
        }
    }

    /// Whether the record verifies: no step failed.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(|s| s.status != Status::Failed)
    }

    /// Whether the record verifies and holds a published result.
    pub fn complete(&self) -> bool {
        self.passed() && self.outcome.is_some()
    }

    /// The report of one step.
    pub fn step(&self, step: Step) -> &StepReport {
        &self.steps[step as usize]
    }

    pub(crate) fn step_mut(&mut self, step: Step) -> &mut StepReport {
        &mut self.steps[step as usize]
    }

    /// The report for people.
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
            lang.pick("直选验证：选举", "Zhixuan verification: election"),
            self.election_id
        );
        let _ = writeln!(
            out,
            "{} {}  {} {}",
            lang.pick("条目", "entries"),
            self.entries,
            lang.pick("公告板密钥", "board key"),
            self.board_key
        );
        for s in &self.steps {
            let mark = mark(s.status);
            let detail = match s.status {
                Status::NotReached => lang
                    .pick(
                        "尚未到达（记录在此之前结束）",
                        "not reached (the record ends before it)",
                    )
                    .to_owned(),
                Status::Passed => format!("{} {}", s.checked, lang.pick("项已检查", "checked")),
                Status::Failed => format!(
                    "{} {}, {} {}",
                    s.checked,
                    lang.pick("项已检查", "checked"),
                    s.failed,
                    lang.pick("项不通过", "failed")
                ),
            };
            // Padded to display columns: a Chinese character takes two.
            let title = s.step.title(lang);
            let pad = 36usize.saturating_sub(UnicodeWidthStr::width(title));
            let _ = writeln!(
                out,
                " {mark} {}. {title}{:pad$} {detail}  ({:.2} s)",
                s.number, "", s.seconds
            );
            for p in &s.problems {
                let _ = writeln!(out, "      {}", describe_problem(p, lang));
            }
            if s.failed > s.problems.len() as u64 {
                let _ = writeln!(
                    out,
                    "      … {} {}",
                    s.failed - s.problems.len() as u64,
                    lang.pick("项未列出", "more not listed")
                );
            }
        }
        if !self.ballots.is_empty() {
            let groups: Vec<String> = self
                .ballots
                .iter()
                .map(|g| {
                    let name = self
                        .definition
                        .as_ref()
                        .and_then(|d| d.group(&g.group))
                        .map_or(g.group.as_str(), |group| lang.name(&group.name));
                    format!("{name} {}", g.counted)
                })
                .collect();
            let _ = writeln!(
                out,
                "{}: {}; {} {}; {} {}",
                lang.pick("计入的选票", "ballots counted"),
                groups.join(", "),
                lang.pick("核查（开启）的选票", "audited"),
                self.audited,
                lang.pick("被替换的选票", "superseded"),
                self.superseded
            );
        }
        if let (Some(outcome), Some(definition)) = (&self.outcome, &self.definition) {
            // An outcome in a record that fails is only what was published: never read out
            // as the election's.
            let heading = if self.passed() {
                lang.pick("选举结果：", "Outcome:")
            } else {
                lang.pick(
                    "公布的结果（未经验证，不可采信）：",
                    "Outcome as published (NOT verified; do not rely on it):",
                )
            };
            let _ = writeln!(out, "{heading}");
            out.push_str(&outcome_text(lang, definition, outcome));
        }
        if let Some(w) = &self.withdrawal {
            let _ = match (lang, &w.replaced_by) {
                (Lang::Zh, Some(next)) => writeln!(out, "组织者在投票前撤回了本选举，由选举 {next} 取代；理由：{}", w.reason),
                (Lang::Zh, None) => writeln!(out, "组织者在投票前撤回了本选举；理由：{}", w.reason),
                (Lang::En, Some(next)) => writeln!(out, "The organiser withdrew this election before voting, replaced by election {next}; reason: {}", w.reason),
                (Lang::En, None) => writeln!(out, "The organiser withdrew this election before voting; reason: {}", w.reason),
            };
        }
        let verdict = if !self.passed() {
            lang.pick(
                "结论：记录未通过验证。",
                "Verdict: the record does NOT verify.",
            )
        } else if self.withdrawal.is_some() {
            lang.pick(
                "结论：记录通过验证；本选举在投票前已撤回，没有也不会有结果，它的凭证作废。",
                "Verdict: the record verifies; the election was withdrawn before voting, so it has no result and never will, and its slips are void.",
            )
        } else if self.outcome.is_none() {
            lang.pick(
                "结论：已有部分全部通过验证；选举结果尚未公布。",
                "Verdict: everything published so far verifies; no result is published yet.",
            )
        } else {
            lang.pick(
                "结论：记录通过验证，公布的结果与密文选票一致。",
                "Verdict: the record verifies; the published result follows from the encrypted ballots.",
            )
        };
        let _ = writeln!(out, "{verdict}  ({:.2} s)", self.seconds);
        out
    }
}

/// A step's status as one character.
pub(crate) fn mark(status: Status) -> &'static str {
    match status {
        Status::Passed => "✓",
        Status::Failed => "✗",
        Status::NotReached => "–",
    }
}

pub(crate) fn describe_problem(p: &Problem, lang: Lang) -> String {
    let mut item = String::new();
    if let Some(index) = p.index {
        item.push_str(&format!("{} {index}", lang.pick("条目", "entry")));
        if let Some(kind) = &p.kind {
            item.push_str(&format!(" ({kind}"));
            if let Some(code) = &p.tracking_code {
                item.push_str(&format!(
                    ", {} {code}",
                    lang.pick("跟踪码", "tracking code")
                ));
            }
            item.push(')');
        }
        item.push_str(": ");
    }
    match (lang, crate::messages::zh_reason(&p.code)) {
        (Lang::Zh, Some(zh)) => format!("{item}{zh} [{}] {}", p.code, p.reason),
        _ => format!("{item}[{}] {}", p.code, p.reason),
    }
}
