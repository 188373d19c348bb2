//! A competitive election: `spec/rules.md` §7.

use super::ranking::top;
use super::Context;
use crate::contest::{CompetitiveContest, ContestDefinition, MajorityOf};
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
            // ⌊num·B/den⌋ + 1, where B is the ballots cast or those present; seat-order: the
            // top `seats` places of the majority holders.
            let base = match rule.majority_of {
                MajorityOf::BallotsCast => ballots,
                MajorityOf::Present => self.present(&contest.id)?,
            };
            let share = rule.majority_more_than;
            let needed = share.least_exceeding(base);
            let majority: Vec<&Standing> = ranking
                .iter()
                .filter(|s| share.exceeded_by(s.votes, base))
                .collect();
            let top = top(&majority, rule.seats);
            for standing in &ranking {
                let candidate = standing.candidate.clone();
                let votes = standing.votes;
                let (rule, fact) = if !share.exceeded_by(votes, base) {
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

    /// Those present in the groups answering `contest`, summed: every one of them must
    /// have declared its attendance (`spec/rules.md` §7).
    fn present(&self, contest: &str) -> Result<u64, DecideError> {
        let mut present = 0u64;
        for (group, _) in self.answering(contest) {
            let Some(p) = self.counts.present(&group.id) else {
                return Err(DecideError::NoAttendance {
                    contest: contest.to_owned(),
                    group: group.id.clone(),
                });
            };
            present = present.checked_add(p).ok_or(DecideError::Overflow {
                what: "those present",
            })?;
        }
        Ok(present)
    }
}
