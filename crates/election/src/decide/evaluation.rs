//! An evaluation: `spec/rules.md` §10.

use super::Context;
use crate::contest::{Combine, ContestDefinition, EvaluationContest};
use crate::fraction::Fraction;
use crate::outcome::{
    ContestOutcome, ContestTotals, DecideError, Fact, Finding, GroupRates, GroupRatings, Outcome,
    RatingTotals, Rule, Verdict,
};
use crate::questions::Question;

impl Context<'_> {
    /// Rules `rating`, `verdict` and `consecutive-verdicts` (`spec/rules.md` §10).
    pub(super) fn evaluation(
        &self,
        contest: &ContestDefinition,
        rule: &EvaluationContest,
        questions: &[&Question],
        decided: bool,
        earlier: &[Outcome],
    ) -> Result<ContestOutcome, DecideError> {
        // spec/rules.md §2: the earlier outcome the definition names must be supplied.
        let previous = match &rule.previous {
            None => None,
            Some(previous) => {
                let outcome = earlier
                    .iter()
                    .find(|o| {
                        o.election_id == previous.election_id
                            && o.definition_hash == previous.definition_hash
                    })
                    .ok_or_else(|| DecideError::MissingEarlierOutcome {
                        election_id: previous.election_id.clone(),
                        definition_hash: previous.definition_hash,
                    })?;
                let contest = outcome.contest(&previous.contest).ok_or_else(|| {
                    DecideError::EarlierContestMissing {
                        election_id: previous.election_id.clone(),
                        contest: previous.contest.clone(),
                    }
                })?;
                Some((previous.election_id.as_str(), contest))
            }
        };
        let answering = self.answering(&contest.id);
        let mut officials = Vec::with_capacity(rule.officials.len());
        let mut findings = Vec::new();
        for (official, question) in rule.officials.iter().zip(questions) {
            let groups: Vec<GroupRatings> = answering
                .iter()
                .map(|(group, _)| GroupRatings {
                    group: group.id.clone(),
                    levels: self
                        .counts
                        .get(&group.id, question.index)
                        .map(|c| c.options.clone())
                        .unwrap_or_default(),
                })
                .collect();
            if decided {
                let weights: Vec<u64> = answering
                    .iter()
                    .map(|(g, _)| u64::from(g.weight.unwrap_or(1)))
                    .collect();
                // spec/rules.md §10 rating: the combined satisfaction (from F) and score
                // (from P), then the per-group rates.
                let rates = Rates::new(rule, &groups, &weights);
                findings.push(Finding::new(
                    Rule::Rating,
                    Fact::Rated {
                        official: official.id.clone(),
                        satisfaction: rates.combined(rule.combine, |g| g.favourable)?,
                        score: rates.combined(rule.combine, |g| g.points)?,
                        groups: rates.per_group()?,
                    },
                ));
                if let Some(verdict_rule) = &rule.verdict {
                    let level = rule
                        .scale
                        .iter()
                        .position(|l| l.id == verdict_rule.level)
                        .unwrap_or(0);
                    // spec/rules.md §10 verdict: not competent iff the combined U is more
                    // than the declared share.
                    let share = rates.combined(rule.combine, |g| g.at(level))?;
                    let verdict = if share.cmp_value(&verdict_rule.more_than).is_gt() {
                        Verdict::NotCompetent
                    } else {
                        Verdict::Competent
                    };
                    findings.push(Finding::new(
                        Rule::Verdict,
                        Fact::Verdict {
                            official: official.id.clone(),
                            share,
                            more_than: verdict_rule.more_than,
                            verdict,
                        },
                    ));
                    // spec/rules.md §10 consecutive-verdicts.
                    if let Some((election, last_year)) = previous {
                        if verdict == Verdict::NotCompetent
                            && last_year.verdict(&official.id) == Some(Verdict::NotCompetent)
                        {
                            findings.push(Finding::new(
                                Rule::ConsecutiveVerdicts,
                                Fact::Flagged {
                                    official: official.id.clone(),
                                    previous_election: election.to_owned(),
                                },
                            ));
                        }
                    }
                }
            }
            officials.push(RatingTotals {
                official: official.id.clone(),
                groups,
            });
        }
        Ok(ContestOutcome {
            contest: contest.id.clone(),
            decided,
            totals: ContestTotals::Evaluation { officials },
            findings,
        })
    }
}

/// One group's sums for one official, as numerators over the group's ratings. They are
/// 128-bit: a count is at most 2^64 and points at most 2^32, and a scale has at most 1000
/// levels, so no sum can overflow and no rate is ever approximated.
struct GroupSums {
    group: String,
    weight: u128,
    ratings: u128,
    favourable: u128,
    points: u128,
    levels: Vec<u64>,
}

impl GroupSums {
    fn at(&self, level: usize) -> u128 {
        self.levels.get(level).copied().map_or(0, u128::from)
    }
}

struct Rates {
    groups: Vec<GroupSums>,
}

impl Rates {
    fn new(rule: &EvaluationContest, groups: &[GroupRatings], weights: &[u64]) -> Self {
        let groups = groups
            .iter()
            .zip(weights)
            .map(|(g, &weight)| {
                let mut sums = GroupSums {
                    group: g.group.clone(),
                    weight: u128::from(weight),
                    ratings: 0,
                    favourable: 0,
                    points: 0,
                    levels: g.levels.clone(),
                };
                // spec/rules.md §10: n_g = Σ c_g,l, F_g over the favourable levels,
                // P_g = Σ points_l × c_g,l.
                for (level, &count) in rule.scale.iter().zip(&g.levels) {
                    let count = u128::from(count);
                    sums.ratings += count;
                    if level.favourable {
                        sums.favourable += count;
                    }
                    sums.points += count * u128::from(level.points);
                }
                sums
            })
            .collect();
        Self { groups }
    }

    fn per_group(&self) -> Result<Vec<GroupRates>, DecideError> {
        self.groups
            .iter()
            .map(|g| {
                Ok(GroupRates {
                    group: g.group.clone(),
                    satisfaction: ratio(g.favourable, g.ratings)?,
                    score: ratio(g.points, g.ratings)?,
                })
            })
            .collect()
    }

    /// Rule `rating` (`spec/rules.md` §10): pooled, `Σ x_g / Σ n_g`; weighted,
    /// `(Σ w_g·x_g/n_g) / Σ w_g`; exact, in lowest terms (§1).
    fn combined(
        &self,
        combine: Combine,
        numerator: impl Fn(&GroupSums) -> u128,
    ) -> Result<Fraction, DecideError> {
        match combine {
            Combine::Pooled => {
                let mut num = 0u128;
                let mut den = 0u128;
                for g in &self.groups {
                    num = checked(num.checked_add(numerator(g)))?;
                    den = checked(den.checked_add(g.ratings))?;
                }
                ratio(num, den)
            }
            Combine::Weighted => {
                let (mut num, mut den) = (0u128, 1u128);
                let mut total_weight = 0u128;
                for g in &self.groups {
                    // num/den + w·x/n, reduced at each step to keep the terms small.
                    let term_num = checked(g.weight.checked_mul(numerator(g)))?;
                    let new_num = checked(num.checked_mul(g.ratings))?
                        .checked_add(checked(term_num.checked_mul(den))?);
                    let (n, d) = (checked(new_num)?, checked(den.checked_mul(g.ratings))?);
                    let divisor = crate::fraction::gcd(n, d).max(1);
                    (num, den) = (n / divisor, d / divisor);
                    total_weight += g.weight;
                }
                ratio(num, checked(den.checked_mul(total_weight))?)
            }
        }
    }
}

fn checked(value: Option<u128>) -> Result<u128, DecideError> {
    value.ok_or(DecideError::Overflow {
        what: "a combined rate",
    })
}

fn ratio(num: u128, den: u128) -> Result<Fraction, DecideError> {
    Fraction::reduced(num, den).ok_or(DecideError::Overflow { what: "a rate" })
}
