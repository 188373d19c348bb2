//! Questions: how definition-level contests become the ballot's contests.
//!
//! The ballot cryptography knows only a list of questions, each a [`ContestSpec`]. A
//! definition-level contest asks one question or one per person:
//!
//! | contest | questions | options of each | spec |
//! |---|---|---|---|
//! | recommendation | 1 | the candidates | `up_to(n, max_approvals)` |
//! | competitive | 1 | the candidates | `up_to(n, seats)` |
//! | trust | one per candidate | trust, no trust (, abstain) | `exactly_one(2 or 3)` |
//! | evaluation | one per official | the scale's levels | `exactly_one(levels)` |
//! | recall | 1 | yes, no (, abstain) | `exactly_one(2 or 3)` |
//!
//! Questions are numbered across the whole election in definition order from 0; that
//! number is the [`ContestIndex`] in ballots and tallies. A group's ballot asks the
//! questions of the contests it answers, in that order.

use serde::{Deserialize, Serialize};

use crate::contest::{Candidate, ContestDefinition, ContestKind};
use crate::text::Bilingual;
use zhixuan_tally::ContestIndex;
use zhixuan_tally::ContestSpec;

/// One question of the ballot, with what its options mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question's number across the election, its contest index in ballots.
    pub index: ContestIndex,
    /// The id of the definition-level contest that asks it.
    pub contest: String,
    /// The person a per-person question is about (trust votes, evaluations, recalls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Candidate>,
    /// The shape of its answer: option limits and the range of the total.
    pub spec: ContestSpec,
    /// Its options, in ballot order.
    pub options: Vec<QuestionOption>,
}

/// One option of a question: its meaning and its label on the ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    /// What marking it means.
    pub meaning: OptionMeaning,
    /// Its label on the ballot.
    pub label: Bilingual,
}

/// What marking an option means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionMeaning {
    /// A vote (recommendation or election) for this candidate id.
    Candidate(String),
    /// Trust in the question's candidate (信任).
    Trust,
    /// No trust in the question's candidate (不信任).
    NoTrust,
    /// An abstention (弃权).
    Abstain,
    /// A rating at this level id.
    Rating(String),
    /// For the recall.
    Yes,
    /// Against the recall.
    No,
}

fn option(meaning: OptionMeaning, zh: &str, en: &str) -> QuestionOption {
    QuestionOption {
        meaning,
        label: Bilingual::new(zh, en),
    }
}

fn candidate_options(candidates: &[Candidate]) -> Vec<QuestionOption> {
    candidates
        .iter()
        .map(|c| QuestionOption {
            meaning: OptionMeaning::Candidate(c.id.clone()),
            label: c.name.clone(),
        })
        .collect()
}

fn with_abstain(mut options: Vec<QuestionOption>, abstain: bool) -> Vec<QuestionOption> {
    if abstain {
        options.push(option(OptionMeaning::Abstain, "弃权", "abstain"));
    }
    options
}

/// The questions of every contest, numbered from 0 in definition order
/// (`spec/definition.md` §3).
///
/// Counts are `u32` in ballots; an election with more than 2³² questions cannot be
/// defined, and the numbering saturates rather than wraps (validation refuses such sizes
/// long before: see [`super::validate`]).
pub(crate) fn expand(contests: &[ContestDefinition]) -> Vec<Question> {
    let mut questions = Vec::new();
    for contest in contests {
        let mut push = |subject: Option<&Candidate>, spec: ContestSpec, options| {
            let index = ContestIndex(u32::try_from(questions.len()).unwrap_or(u32::MAX));
            questions.push(Question {
                index,
                contest: contest.id.clone(),
                subject: subject.cloned(),
                spec,
                options,
            });
        };
        match &contest.kind {
            ContestKind::Recommendation(c) => push(
                None,
                ContestSpec::up_to(c.candidates.len(), c.max_approvals),
                candidate_options(&c.candidates),
            ),
            ContestKind::Competitive(c) => push(
                None,
                ContestSpec::up_to(c.candidates.len(), c.seats),
                candidate_options(&c.candidates),
            ),
            ContestKind::Trust(c) => {
                for candidate in &c.candidates {
                    let options = with_abstain(
                        vec![
                            option(OptionMeaning::Trust, "信任", "trust"),
                            option(OptionMeaning::NoTrust, "不信任", "no trust"),
                        ],
                        c.abstain,
                    );
                    push(
                        Some(candidate),
                        ContestSpec::exactly_one(options.len()),
                        options,
                    );
                }
            }
            ContestKind::Evaluation(c) => {
                for official in &c.officials {
                    let options: Vec<QuestionOption> = c
                        .scale
                        .iter()
                        .map(|level| QuestionOption {
                            meaning: OptionMeaning::Rating(level.id.clone()),
                            label: level.label.clone(),
                        })
                        .collect();
                    push(
                        Some(official),
                        ContestSpec::exactly_one(options.len()),
                        options,
                    );
                }
            }
            ContestKind::Recall(c) => {
                let options = with_abstain(
                    vec![
                        option(OptionMeaning::Yes, "同意罢免", "yes, recall"),
                        option(OptionMeaning::No, "不同意罢免", "no, keep"),
                    ],
                    c.abstain,
                );
                push(
                    Some(&c.official),
                    ContestSpec::exactly_one(options.len()),
                    options,
                );
            }
        }
    }
    questions
}
