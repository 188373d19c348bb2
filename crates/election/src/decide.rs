//! The outcome rules: one pure, deterministic function from a definition, its decrypted
//! counts and the earlier outcomes it names, to the outcome.
//!
//! Each step below is a rule of `spec/rules.md` under the same name; the order in which
//! findings are produced is the order that section states, so that an independent
//! implementation produces an equal [`Outcome`]. No step breaks a tie: equal votes across
//! the last seat or place are reported as a [`Fact::Tie`] for people to decide.

use std::collections::BTreeSet;

use crate::contest::{
    Combine, CompetitiveContest, ContestDefinition, ContestKind, EvaluationContest, RecallContest,
    RecommendationContest, TrustContest,
};
use crate::counts::Counts;
use crate::definition::ElectionDefinition;
use crate::fraction::Fraction;
use crate::group::VoterGroup;
use crate::outcome::{
    ContestOutcome, ContestTotals, DecideError, Fact, Finding, GroupOutcome, GroupRates,
    GroupRatings, Outcome, RatingTotals, Rule, Standing, TrustTotals, Verdict,
};
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
    counts.check(definition)?;
    let ctx = Context {
        definition,
        counts,
        groups: definition
            .document()
            .groups
            .iter()
            .zip(&counts.groups)
            .map(|(group, c)| group_outcome(group, c.ballots_cast))
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

/// Rules `quorum`, `present-minimum` and `no-ballots`, in that order.
fn group_outcome(group: &VoterGroup, cast: u64) -> GroupOutcome {
    let mut findings = Vec::new();
    let mut valid = true;
    if let Some(share) = group.quorum_at_least {
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
    /// failed.
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

    fn ranking(
        &self,
        contest: &ContestDefinition,
        questions: &[&Question],
    ) -> Result<(u64, Vec<Standing>), DecideError> {
        let question = Self::single(contest, questions)?;
        let summed = self.sum(&contest.id, question)?;
        let people = contest.kind.people();
        Ok((
            summed.ballots,
            rank(people.iter().map(|p| p.id.as_str()).zip(summed.options)),
        ))
    }

    /// Rules `trust-threshold`, `funnel`, `tie` and `funnel-competition`.
    fn recommendation(
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
        let (Some(funnel), true) = (&rule.funnel, decided) else {
            return Ok(outcome);
        };
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
        let top = top(&in_race, funnel.keep);
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

    /// Rules `majority`, `seat-order` and `tie`.
    fn competitive(
        &self,
        contest: &ContestDefinition,
        rule: &CompetitiveContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let (ballots, ranking) = self.ranking(contest, questions)?;
        let mut findings = Vec::new();
        if decided {
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

    /// Rule `trust-threshold`.
    fn trust(
        &self,
        contest: &ContestDefinition,
        rule: &TrustContest,
        questions: &[&Question],
        decided: bool,
    ) -> Result<ContestOutcome, DecideError> {
        let (ballots, totals) = self.trust_totals(contest, rule, questions)?;
        let share = rule.trust_more_than;
        let findings = if decided {
            totals
                .iter()
                .map(|t| {
                    Finding::new(
                        Rule::TrustThreshold,
                        Fact::Trust {
                            candidate: t.candidate.clone(),
                            trust: t.trust,
                            ballots,
                            needed: share.least_exceeding(ballots),
                            kept: share.exceeded_by(t.trust, ballots),
                        },
                    )
                })
                .collect()
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

    /// The candidates a trust contest keeps, or `None` if it has no result.
    fn trust_kept(&self, trust_id: &str) -> Result<Option<BTreeSet<String>>, DecideError> {
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
                    } => Some(candidate),
                    _ => None,
                })
                .collect(),
        ))
    }

    /// Rules `rating`, `verdict` and `consecutive-verdicts`.
    fn evaluation(
        &self,
        contest: &ContestDefinition,
        rule: &EvaluationContest,
        questions: &[&Question],
        decided: bool,
        earlier: &[Outcome],
    ) -> Result<ContestOutcome, DecideError> {
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

    /// Rule `recall`.
    fn recall(
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

fn add(a: u64, b: u64, what: &'static str) -> Result<u64, DecideError> {
    a.checked_add(b).ok_or(DecideError::Overflow { what })
}

/// Rule `ranking`: most votes first; equal votes keep definition order and share the
/// rank of the first of them (1, 2, 2, 4).
fn rank<'s>(votes: impl Iterator<Item = (&'s str, u64)>) -> Vec<Standing> {
    let mut entries: Vec<(&str, u64)> = votes.collect();
    // A stable sort keeps definition order among equal votes.
    entries.sort_by_key(|entry| core::cmp::Reverse(entry.1));
    let mut ranking: Vec<Standing> = Vec::with_capacity(entries.len());
    for (position, (candidate, votes)) in entries.into_iter().enumerate() {
        let rank = match ranking.last() {
            Some(last) if last.votes == votes => last.rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        ranking.push(Standing {
            candidate: candidate.to_owned(),
            votes,
            rank,
        });
    }
    ranking
}

/// The outcome of taking the top `places` of a ranked list: those clearly in, and those
/// tied across the last place.
struct Top<'s> {
    clear: Vec<&'s str>,
    tied: Vec<&'s str>,
    tied_votes: u64,
    places_left: u32,
}

impl Top<'_> {
    fn tie_finding(&self) -> Option<Finding> {
        (!self.tied.is_empty()).then(|| {
            Finding::new(
                Rule::Tie,
                Fact::Tie {
                    candidates: self.tied.iter().map(|c| (*c).to_owned()).collect(),
                    votes: self.tied_votes,
                    places: self.places_left,
                },
            )
        })
    }
}

/// Rule `tie`: with `v` the votes of the `places`-th entry, everyone above `v` is in; if
/// more entries have `v` than places remain, they are tied for the remaining places.
fn top<'s>(ranked: &[&'s Standing], places: u32) -> Top<'s> {
    let places_usize = usize::try_from(places).unwrap_or(usize::MAX);
    let all = || ranked.iter().map(|s| s.candidate.as_str()).collect();
    if ranked.len() <= places_usize {
        return Top {
            clear: all(),
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    }
    let Some(last) = places_usize.checked_sub(1).and_then(|i| ranked.get(i)) else {
        return Top {
            clear: Vec::new(),
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    };
    let v = last.votes;
    let clear: Vec<&str> = ranked
        .iter()
        .filter(|s| s.votes > v)
        .map(|s| s.candidate.as_str())
        .collect();
    let at_v: Vec<&str> = ranked
        .iter()
        .filter(|s| s.votes == v)
        .map(|s| s.candidate.as_str())
        .collect();
    let places_left = places - u32::try_from(clear.len()).unwrap_or(u32::MAX);
    if clear.len() + at_v.len() <= places_usize {
        // Everyone at `v` fits: no tie.
        let mut clear = clear;
        clear.extend(at_v);
        return Top {
            clear,
            tied: Vec::new(),
            tied_votes: 0,
            places_left: 0,
        };
    }
    Top {
        clear,
        tied: at_v,
        tied_votes: v,
        places_left,
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

    /// Rule `rating`: pooled, `Σ x_g / Σ n_g`; weighted, `(Σ w_g·x_g/n_g) / Σ w_g`.
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
                    let divisor = super::fraction::gcd(n, d).max(1);
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
