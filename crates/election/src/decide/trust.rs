//! A trust vote: `spec/rules.md` §8.

use std::collections::BTreeSet;

use super::Context;
use crate::contest::{ContestDefinition, ContestKind, TrustContest};
use crate::fraction::Fraction;
use crate::outcome::{
    ContestOutcome, ContestTotals, DecideError, Fact, Finding, Rule, TrustTotals,
};
use crate::questions::Question;

impl Context<'_> {
    /// The trust totals, per candidate in candidate order (`spec/rules.md` §4).
    fn trust_totals(
        &self,
        contest: &ContestDefinition,
        rule: &TrustContest,
        questions: &[&Question],
    ) -> Result<(u64, Vec<TrustTotals>), DecideError> {
        let mut ballots = 0;
        let mut totals = Vec::with_capacity(rule.candidates.len());
        for (candidate, question) in rule.candidates.iter().zip(questions) {
            let summed = self.sum(&contest.id, question)?;
            ballots = summed.ballots;
            let at = |i: usize| summed.options.get(i).copied().unwrap_or(0);
            totals.push(TrustTotals {
                candidate: candidate.id.clone(),
                trust: at(0),
                no_trust: at(1),
                abstain: if rule.abstain { at(2) } else { 0 },
            });
        }
        Ok((ballots, totals))
    }

    /// Rule `trust-threshold` (`spec/rules.md` §8).
    pub(super) fn trust(
        &self,
        contest: &ContestDefinition,
        rule: &TrustContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let (ballots, totals) = self.trust_totals(contest, rule, questions)?;
        // spec/rules.md §8: kept iff the trust votes are more than the share of B.
        // Without a threshold the vote is advisory: rule `trust-share` reports each
        // candidate's share and keeps everyone.
        let findings = if decided {
            totals
                .iter()
                .map(|t| match rule.trust_more_than {
                    Some(share) => Ok(Finding::new(
                        Rule::TrustThreshold,
                        Fact::Trust {
                            candidate: t.candidate.clone(),
                            trust: t.trust,
                            ballots,
                            needed: share.least_exceeding(ballots),
                            kept: share.exceeded_by(t.trust, ballots),
                        },
                    )),
                    None => Ok(Finding::new(
                        Rule::TrustShare,
                        Fact::TrustShare {
                            candidate: t.candidate.clone(),
                            trust: t.trust,
                            ballots,
                            share: Fraction::reduced(u128::from(t.trust), u128::from(ballots))
                                .ok_or(DecideError::Overflow {
                                    what: "a share of trust",
                                })?,
                        },
                    )),
                })
                .collect::<Result<_, DecideError>>()?
        } else {
            Vec::new()
        };
        Ok(ContestOutcome {
            contest: contest.id.clone(),
            decided,
            totals: ContestTotals::Trust {
                ballots,
                candidates: totals,
            },
            findings,
        })
    }

    /// The candidates a trust contest keeps, or `None` if it has no result (`spec/rules.md`
    /// §9 funnel step 1).
    pub(super) fn trust_kept(
        &self,
        trust_id: &str,
    ) -> Result<Option<BTreeSet<String>>, DecideError> {
        let Some(contest) = self.definition.contest(trust_id) else {
            return Ok(None);
        };
        let ContestKind::Trust(rule) = &contest.kind else {
            return Ok(None);
        };
        let questions: Vec<&Question> = self.definition.questions_of(trust_id).collect();
        let outcome = self.trust(
            contest,
            rule,
            &questions,
            self.no_result(trust_id).is_empty(),
        )?;
        if !outcome.decided {
            return Ok(None);
        }
        Ok(Some(
            outcome
                .findings
                .into_iter()
                .filter_map(|f| match f.fact {
                    Fact::Trust {
                        candidate,
                        kept: true,
                        ..
                    }
                    | Fact::TrustShare { candidate, .. } => Some(candidate),
                    _ => None,
                })
                .collect(),
        ))
    }
}
