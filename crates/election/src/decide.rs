//! The outcome rules: one pure, deterministic function from a definition, its decrypted
//! counts and the earlier outcomes it names, to the outcome.
//!
//! Each step below is a rule of `spec/rules.md` under the same name; the order in which
//! findings are produced is the order that section states, so that an independent
//! implementation produces an equal [`Outcome`]. No step breaks a tie: equal votes across
//! the last seat or place are reported as a [`Fact::Tie`] for people to decide.

mod competitive;
mod evaluation;
mod ranking;
mod recall;
mod recommendation;
mod trust;

use crate::contest::{ContestDefinition, ContestKind};
use crate::counts::Counts;
use crate::definition::ElectionDefinition;
use crate::group::VoterGroup;
use crate::outcome::{ContestOutcome, DecideError, Fact, Finding, GroupOutcome, Outcome, Rule};
use crate::questions::Question;

/// Decides an election from its counts.
///
/// `earlier` holds published outcomes of other elections; those the definition names
/// (the previous evaluation of an evaluation contest) must be among them, others are
/// ignored. Round chains are checked separately, by
/// [`check_round_chain`](crate::check_round_chain).
pub fn decide(
    definition: &ElectionDefinition,
    counts: &Counts,
    earlier: &[Outcome],
) -> Result<Outcome, DecideError> {
    // spec/rules.md §2: the counts are checked before any rule.
    counts.check(definition)?;
    let ctx = Context {
        definition,
        counts,
        groups: definition
            .document()
            .groups
            .iter()
            .zip(&counts.groups)
            .map(|(group, c)| group_outcome(group, c.ballots_cast, c.present))
            .collect(),
    };
    let mut contests = Vec::with_capacity(definition.document().contests.len());
    for contest in &definition.document().contests {
        contests.push(ctx.contest(contest, earlier)?);
    }
    Ok(Outcome {
        election_id: definition.election_id().to_owned(),
        definition_hash: definition.hash(),
        groups: ctx.groups,
        contests,
    })
}

/// Rules `attendance`, `quorum`, `present-minimum` and `no-ballots`, in that order
/// (`spec/rules.md` §3).
fn group_outcome(group: &VoterGroup, cast: u64, present: Option<u64>) -> GroupOutcome {
    let mut findings = Vec::new();
    let mut valid = true;
    if let Some(present) = present {
        findings.push(Finding::new(
            Rule::Attendance,
            Fact::Attendance { present, cast },
        ));
    }
    if let Some(share) = group.quorum_at_least {
        // spec/rules.md §3 quorum: cast is at least the share of eligible.
        let met = share.reached_by(cast, group.eligible);
        valid &= met;
        findings.push(Finding::new(
            Rule::Quorum,
            Fact::Quorum {
                cast,
                eligible: group.eligible,
                at_least: share,
                needed: share.least_reaching(group.eligible),
                met,
            },
        ));
    }
    if let Some(at_least) = group.present_at_least {
        let met = cast >= at_least;
        valid &= met;
        findings.push(Finding::new(
            Rule::PresentMinimum,
            Fact::PresentMinimum {
                cast,
                at_least,
                met,
            },
        ));
    }
    if cast == 0 {
        valid = false;
        findings.push(Finding::new(Rule::NoBallots, Fact::NoBallots));
    }
    GroupOutcome {
        group: group.id.clone(),
        eligible: group.eligible,
        ballots_cast: cast,
        valid,
        findings,
    }
}

struct Context<'a> {
    definition: &'a ElectionDefinition,
    counts: &'a Counts,
    groups: Vec<GroupOutcome>,
}

/// Votes per option of a question, summed over the groups that answer it.
struct Summed {
    ballots: u64,
    options: Vec<u64>,
}

impl<'a> Context<'a> {
    fn answering(&self, contest: &str) -> Vec<(&'a VoterGroup, &GroupOutcome)> {
        self.definition
            .document()
            .groups
            .iter()
            .zip(&self.groups)
            .filter(|(g, _)| g.contests.iter().any(|c| c == contest))
            .collect()
    }

    /// `NoResult` for each answering group that cannot decide, citing the first rule it
    /// failed (`spec/rules.md` §3).
    fn no_result(&self, contest: &str) -> Vec<Finding> {
        self.answering(contest)
            .into_iter()
            .filter(|(_, outcome)| !outcome.valid)
            .map(|(group, outcome)| {
                let rule = outcome
                    .findings
                    .iter()
                    .find_map(|f| match f.fact {
                        Fact::Quorum { met: false, .. }
                        | Fact::PresentMinimum { met: false, .. } => Some(f.rule),
                        Fact::NoBallots => Some(f.rule),
                        _ => None,
                    })
                    .unwrap_or(Rule::NoBallots);
                Finding::new(
                    rule,
                    Fact::NoResult {
                        group: group.id.clone(),
                    },
                )
            })
            .collect()
    }

    /// The totals of a question over the groups that answer it (`spec/rules.md` §4).
    fn sum(&self, contest: &str, question: &Question) -> Result<Summed, DecideError> {
        let mut summed = Summed {
            ballots: 0,
            options: vec![0; question.options.len()],
        };
        for (group, outcome) in self.answering(contest) {
            summed.ballots = add(summed.ballots, outcome.ballots_cast, "ballots cast")?;
            if let Some(counts) = self.counts.get(&group.id, question.index) {
                for (total, &count) in summed.options.iter_mut().zip(&counts.options) {
                    *total = add(*total, count, "a vote count")?;
                }
            }
        }
        Ok(summed)
    }

    fn contest(
        &self,
        contest: &ContestDefinition,
        earlier: &[Outcome],
    ) -> Result<ContestOutcome, DecideError> {
        let questions: Vec<&Question> = self.definition.questions_of(&contest.id).collect();
        // spec/rules.md §3: a contest is decided iff every group answering it is valid;
        // otherwise its findings are the `no_result`s alone, beside its totals.
        let findings = self.no_result(&contest.id);
        let decided = findings.is_empty();
        let mut outcome = match &contest.kind {
            ContestKind::Recommendation(c) => {
                self.recommendation(contest, c, &questions, decided)?
            }
            ContestKind::Competitive(c) => self.competitive(contest, c, &questions, decided)?,
            ContestKind::Trust(c) => self.trust(contest, c, &questions, decided)?,
            ContestKind::Evaluation(c) => {
                self.evaluation(contest, c, &questions, decided, earlier)?
            }
            ContestKind::Recall(c) => self.recall(contest, c, &questions, decided)?,
        };
        if !decided {
            outcome.decided = false;
            outcome.findings = findings;
        }
        Ok(outcome)
    }

    /// The single question of a recommendation, competitive or recall contest.
    fn single<'q>(
        contest: &ContestDefinition,
        questions: &[&'q Question],
    ) -> Result<&'q Question, DecideError> {
        questions
            .first()
            .copied()
            .ok_or_else(|| DecideError::NoQuestion {
                contest: contest.id.clone(),
            })
    }
}

fn add(a: u64, b: u64, what: &'static str) -> Result<u64, DecideError> {
    a.checked_add(b).ok_or(DecideError::Overflow { what })
}
