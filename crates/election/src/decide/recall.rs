//! A recall: `spec/rules.md` §11.

use super::{add, Context};
use crate::contest::{ContestDefinition, RecallContest};
use crate::outcome::{ContestOutcome, ContestTotals, DecideError, Fact, Finding, Rule};
use crate::questions::Question;

impl Context<'_> {
    /// Rule `recall` (`spec/rules.md` §11).
    pub(super) fn recall(
        &self,
        contest: &ContestDefinition,
        rule: &RecallContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let question = Self::single(contest, questions)?;
        let summed = self.sum(&contest.id, question)?;
        let at = |i: usize| summed.options.get(i).copied().unwrap_or(0);
        let (yes, no) = (at(0), at(1));
        let abstain = if rule.abstain { at(2) } else { 0 };
        // spec/rules.md §11: the share is of E, all eligible in the answering groups, not
        // of those who voted.
        let mut eligible = 0u64;
        for (group, _) in self.answering(&contest.id) {
            eligible = add(eligible, group.eligible, "eligible voters")?;
        }
        let share = rule.yes_more_than;
        let findings = if decided {
            vec![Finding::new(
                Rule::Recall,
                Fact::Recall {
                    official: rule.official.id.clone(),
                    yes,
                    eligible,
                    needed: share.least_exceeding(eligible),
                    recalled: share.exceeded_by(yes, eligible),
                },
            )]
        } else {
            Vec::new()
        };
        Ok(ContestOutcome {
            contest: contest.id.clone(),
            decided,
            totals: ContestTotals::Recall {
                ballots: summed.ballots,
                eligible,
                yes,
                no,
                abstain,
            },
            findings,
        })
    }
}
