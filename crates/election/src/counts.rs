//! Decrypted counts, per voter group and question: the input of [`decide`](fn@crate::decide).
//!
//! Counts are per group and unweighted (one ballot adds at most 1 to an option): group
//! weights are applied by the published evaluation formula, not by the tally, so that
//! every rate can be recomputed from the published counts.

use serde::{Deserialize, Serialize};

use crate::definition::ElectionDefinition;
use crate::outcome::DecideError;
use zhixuan_tally::ContestIndex;
use zhixuan_tally::EncryptedTally;

/// Every group's counts, in the definition's group order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// One entry per group of the definition, in its order.
    pub groups: Vec<GroupCounts>,
}

/// One group's counts: its ballots cast, and its questions in its ballot style's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCounts {
    /// The group's id.
    pub group: String,
    /// Ballots counted for this group (with `last_counts`, one per credential that voted).
    pub ballots_cast: u64,
    /// The group's members present at the meeting, as its attendance entry on the board
    /// declares (到会); absent when the board holds none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<u64>,
    /// One entry per question of the group's ballot style, in its order.
    pub questions: Vec<QuestionCounts>,
}

impl GroupCounts {
    /// Group `group`'s counts from its encrypted tally and the values its ciphertexts
    /// decrypt to, in the tally's order ([`EncryptedTally::ciphertexts`]): each contest
    /// takes as many values as it has options.
    pub fn from_tally(group: String, tally: &EncryptedTally, values: Vec<u64>) -> GroupCounts {
        let mut values = values.into_iter();
        GroupCounts {
            group,
            ballots_cast: tally.ballots,
            present: None,
            questions: tally
                .contests
                .iter()
                .map(|c| QuestionCounts {
                    question: c.contest,
                    options: values.by_ref().take(c.options.len()).collect(),
                })
                .collect(),
        }
    }
}

/// One question's counts, one per option in the question's option order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionCounts {
    /// The question's number.
    pub question: ContestIndex,
    /// One count per option, in option order.
    pub options: Vec<u64>,
}

impl Counts {
    /// Checks the counts' shape against the definition, and that they are counts that
    /// valid ballots can produce: no group above its eligible number, no option above the
    /// ballots cast, every question's total within its declared bounds times the ballots.
    /// Counts decrypted from a tally of verified ballots always pass; failing counts mean
    /// the counts were altered or mis-assembled (`spec/definition.md` §6, `spec/rules.md`
    /// §2).
    pub fn check(&self, definition: &ElectionDefinition) -> Result<(), DecideError> {
        let groups = &definition.document().groups;
        if self.groups.len() != groups.len() {
            return Err(DecideError::GroupCount {
                expected: groups.len(),
                found: self.groups.len(),
            });
        }
        for (group, counts) in groups.iter().zip(&self.groups) {
            if counts.group != group.id {
                return Err(DecideError::GroupOrder {
                    expected: group.id.clone(),
                    found: counts.group.clone(),
                });
            }
            if counts.ballots_cast > group.eligible {
                return Err(DecideError::CastAboveEligible {
                    group: group.id.clone(),
                    cast: counts.ballots_cast,
                    eligible: group.eligible,
                });
            }
            if let Some(present) = counts.present {
                // spec/definition.md §6: those present handed in at most one ballot each,
                // and are among the eligible.
                if present < counts.ballots_cast || present > group.eligible {
                    return Err(DecideError::PresentOutOfRange {
                        group: group.id.clone(),
                        present,
                        cast: counts.ballots_cast,
                        eligible: group.eligible,
                    });
                }
            }
            let style =
                definition
                    .ballot_style(&group.id)
                    .ok_or_else(|| DecideError::GroupOrder {
                        expected: group.id.clone(),
                        found: counts.group.clone(),
                    })?;
            let expected: Vec<ContestIndex> = style.contests().iter().map(|c| c.contest).collect();
            let found: Vec<ContestIndex> = counts.questions.iter().map(|q| q.question).collect();
            if expected != found {
                return Err(DecideError::Questions {
                    group: group.id.clone(),
                    expected,
                    found,
                });
            }
            for (styled, question) in style.contests().iter().zip(&counts.questions) {
                check_question(&group.id, counts.ballots_cast, styled, question)?;
            }
        }
        Ok(())
    }

    /// A group's counts of a question, if the group answers it.
    pub fn get(&self, group: &str, question: ContestIndex) -> Option<&QuestionCounts> {
        self.groups
            .iter()
            .find(|g| g.group == group)?
            .questions
            .iter()
            .find(|q| q.question == question)
    }

    /// A group's members present, if its attendance was declared.
    pub fn present(&self, group: &str) -> Option<u64> {
        self.groups
            .iter()
            .find(|g| g.group == group)
            .and_then(|g| g.present)
    }

    /// A group's ballots cast.
    pub fn ballots_cast(&self, group: &str) -> Option<u64> {
        self.groups
            .iter()
            .find(|g| g.group == group)
            .map(|g| g.ballots_cast)
    }
}

fn check_question(
    group: &str,
    cast: u64,
    styled: &zhixuan_tally::StyledContest,
    counts: &QuestionCounts,
) -> Result<(), DecideError> {
    let spec = &styled.spec;
    if counts.options.len() != spec.option_limits.len() {
        return Err(DecideError::OptionCount {
            group: group.to_owned(),
            question: counts.question,
            expected: spec.option_limits.len(),
            found: counts.options.len(),
        });
    }
    let cast = u128::from(cast);
    let mut total = 0u128;
    for (option, (&count, &limit)) in counts.options.iter().zip(&spec.option_limits).enumerate() {
        if u128::from(count) > cast * u128::from(limit) {
            return Err(DecideError::ImpossibleCount {
                group: group.to_owned(),
                question: counts.question,
                problem: format!("option {option} has {count}, more than {cast} ballots allow"),
            });
        }
        total += u128::from(count);
    }
    let (min, max) = (
        cast * u128::from(spec.min_total),
        cast * u128::from(spec.max_total),
    );
    if total < min || total > max {
        return Err(DecideError::ImpossibleCount {
            group: group.to_owned(),
            question: counts.question,
            problem: format!("the options total {total}, outside {min}..={max} for {cast} ballots"),
        });
    }
    Ok(())
}
