//! A recommendation and its funnel: `spec/rules.md` §9.

use super::ranking::top;
use super::Context;
use crate::contest::{ContestDefinition, FunnelCut, RecommendationContest};
use crate::outcome::{ContestOutcome, ContestTotals, DecideError, Fact, Finding, Rule, Standing};
use crate::questions::Question;

impl Context<'_> {
    /// Rules `trust-threshold`, `funnel`, `tie` and `funnel-competition` (`spec/rules.md`
    /// §9).
    pub(super) fn recommendation(
        &self,
        contest: &ContestDefinition,
        rule: &RecommendationContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let (ballots, ranking) = self.ranking(contest, questions)?;
        let mut outcome = ContestOutcome {
            contest: contest.id.clone(),
            decided,
            totals: ContestTotals::Votes {
                ballots,
                ranking: ranking.clone(),
            },
            findings: Vec::new(),
        };
        // spec/rules.md §9: without a funnel the result is the ranking alone.
        let (Some(funnel), true) = (&rule.funnel, decided) else {
            return Ok(outcome);
        };
        // spec/rules.md §9 funnel step 1: the trust contest decides who is in the race.
        let trusted = match &funnel.trust_contest {
            None => None,
            Some(trust_id) => match self.trust_kept(trust_id)? {
                Some(kept) => Some((trust_id, kept)),
                None => {
                    outcome.decided = false;
                    outcome.findings.push(Finding::new(
                        Rule::Funnel,
                        Fact::Undecidable {
                            depends_on: trust_id.clone(),
                        },
                    ));
                    return Ok(outcome);
                }
            },
        };
        let in_race: Vec<&Standing> = ranking
            .iter()
            .filter(|s| {
                trusted
                    .as_ref()
                    .is_none_or(|(_, kept)| kept.contains(&s.candidate))
            })
            .collect();
        // spec/rules.md §9 funnel steps 2–3: the top `keep` places of the race; "at least"
        // keeps everyone tied at the cut as well.
        let mut top = top(&in_race, funnel.keep);
        if funnel.cut == FunnelCut::AtLeast {
            top.keep_tied();
        }
        for standing in &ranking {
            let fact = match &trusted {
                Some((trust_id, kept)) if !kept.contains(&standing.candidate) => Some((
                    Rule::TrustThreshold,
                    Fact::EliminatedByTrust {
                        candidate: standing.candidate.clone(),
                        trust_contest: (*trust_id).clone(),
                    },
                )),
                _ if top.clear.contains(&standing.candidate.as_str()) => Some((
                    Rule::Funnel,
                    Fact::Kept {
                        candidate: standing.candidate.clone(),
                        votes: standing.votes,
                    },
                )),
                _ if top.tied.contains(&standing.candidate.as_str()) => None,
                _ => Some((
                    Rule::Funnel,
                    Fact::Eliminated {
                        candidate: standing.candidate.clone(),
                        votes: standing.votes,
                    },
                )),
            };
            if let Some((rule, fact)) = fact {
                outcome.findings.push(Finding::new(rule, fact));
            }
        }
        outcome.findings.extend(top.tie_finding());
        let remaining = in_race.len() as u64;
        // spec/rules.md §9 funnel step 4: an "at least" stage that falls short says so.
        if funnel.cut == FunnelCut::AtLeast && remaining < u64::from(funnel.keep) {
            outcome.findings.push(Finding::new(
                Rule::Funnel,
                Fact::ShortList {
                    remaining,
                    keep: funnel.keep,
                },
            ));
        }
        // spec/rules.md §9 funnel-competition.
        if remaining <= u64::from(funnel.seats) {
            outcome.findings.push(Finding::new(
                Rule::FunnelCompetition,
                Fact::NoCompetition {
                    remaining,
                    seats: funnel.seats,
                },
            ));
        }
        Ok(outcome)
    }
}
