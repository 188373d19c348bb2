//! A competitive election: `spec/rules.md` §7.

use super::ranking::top;
use super::Context;
use crate::contest::{CompetitiveContest, ContestDefinition};
use crate::outcome::{ContestOutcome, ContestTotals, DecideError, Fact, Finding, Rule, Standing};
use crate::questions::Question;

impl Context<'_> {
    /// Rules `majority`, `seat-order` and `tie` (`spec/rules.md` §7).
    pub(super) fn competitive(
        &self,
        contest: &ContestDefinition,
        rule: &CompetitiveContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let (ballots, ranking) = self.ranking(contest, questions)?;
        let mut findings = Vec::new();
        if decided {
            // spec/rules.md §7 majority: votes more than the share of B, needed =
            // ⌊num·B/den⌋ + 1; seat-order: the top `seats` places of the majority holders.
            let share = rule.majority_more_than;
            let needed = share.least_exceeding(ballots);
            let majority: Vec<&Standing> = ranking
                .iter()
                .filter(|s| share.exceeded_by(s.votes, ballots))
                .collect();
            let top = top(&majority, rule.seats);
            for standing in &ranking {
                let candidate = standing.candidate.clone();
                let votes = standing.votes;
                let (rule, fact) = if !share.exceeded_by(votes, ballots) {
                    (
                        Rule::Majority,
                        Fact::NoMajority {
                            candidate,
                            votes,
                            needed,
                        },
                    )
                } else if top.clear.contains(&candidate.as_str()) {
                    (
                        Rule::SeatOrder,
                        Fact::Elected {
                            candidate,
                            votes,
                            needed,
                        },
                    )
                } else if top.tied.contains(&candidate.as_str()) {
                    continue;
                } else {
                    (Rule::SeatOrder, Fact::SeatsFilled { candidate, votes })
                };
                findings.push(Finding::new(rule, fact));
            }
            // spec/rules.md §7 seat-order: then the tie, then the seats no one filled.
            findings.extend(top.tie_finding());
            let holders = u32::try_from(majority.len()).unwrap_or(u32::MAX);
            if holders < rule.seats {
                findings.push(Finding::new(
                    Rule::Majority,
                    Fact::OpenSeats {
                        seats: rule.seats - holders,
                    },
                ));
            }
        }
        Ok(ContestOutcome {
            contest: contest.id.clone(),
            decided,
            totals: ContestTotals::Votes { ballots, ranking },
            findings,
        })
    }
}
