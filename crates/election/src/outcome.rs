//! The outcome of an election: what [`decide`](fn@crate::decide) finds, as published on the
//! board and recomputed by the verifier.
//!
//! An outcome holds, per group, its turnout and whether its ballots can decide anything;
//! per contest, the summed counts ([`ContestTotals`]) and the findings. Every [`Finding`]
//! names the [`Rule`] that produced it; `spec/rules.md` states each rule under the same
//! name. Outcomes are compared with `==`: two independent computations from the same
//! definition and counts must produce equal outcomes, findings in the same order.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::fraction::Fraction;
use zhixuan_tally::ContestIndex;
use zhixuan_tally::ElectionHash;

/// The outcome of one election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub election_id: String,
    pub definition_hash: ElectionHash,
    /// In the definition's group order.
    pub groups: Vec<GroupOutcome>,
    /// In the definition's contest order.
    pub contests: Vec<ContestOutcome>,
}

/// A group's turnout and the checks on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupOutcome {
    pub group: String,
    pub eligible: u64,
    pub ballots_cast: u64,
    /// Whether the group met its quorum and minimum and cast at least one ballot; if not,
    /// no contest it answers has a result.
    pub valid: bool,
    pub findings: Vec<Finding>,
}

/// A contest's counts and findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestOutcome {
    pub contest: String,
    /// Whether the contest has a result. Counts are published either way.
    pub decided: bool,
    pub totals: ContestTotals,
    pub findings: Vec<Finding>,
}

/// A contest's counts, summed over the groups that answer it (per group for evaluations).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ContestTotals {
    /// Recommendation and competitive contests: every candidate, ranked.
    Votes {
        ballots: u64,
        ranking: Vec<Standing>,
    },
    Trust {
        ballots: u64,
        candidates: Vec<TrustTotals>,
    },
    Evaluation {
        officials: Vec<RatingTotals>,
    },
    Recall {
        ballots: u64,
        eligible: u64,
        yes: u64,
        no: u64,
        abstain: u64,
    },
}

/// A candidate's place in a ranking: by votes, most first; equal votes share a rank
/// (1, 2, 2, 4) and keep definition order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    pub candidate: String,
    pub votes: u64,
    pub rank: u32,
}

/// A candidate's trust-vote counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustTotals {
    pub candidate: String,
    pub trust: u64,
    pub no_trust: u64,
    pub abstain: u64,
}

/// An official's ratings, per group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingTotals {
    pub official: String,
    pub groups: Vec<GroupRatings>,
}

/// One group's ratings of one official, one count per level of the scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRatings {
    pub group: String,
    pub levels: Vec<u64>,
}

/// One finding, and the rule that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    #[serde(flatten)]
    pub fact: Fact,
}

/// The rules of `spec/rules.md`, by the names used there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Ballots cast ≥ share × eligible.
    Quorum,
    /// Ballots cast ≥ a declared number.
    PresentMinimum,
    /// A group that cast no ballot decides nothing.
    NoBallots,
    /// Elected only with votes > share × ballots cast.
    Majority,
    /// Seats go to majority holders in order of votes.
    SeatOrder,
    /// Equal votes across the last seat or place are a tie for people to decide.
    Tie,
    /// Trust votes > share × trust ballots to stay in the race.
    TrustThreshold,
    /// A funnel stage keeps the top m.
    Funnel,
    /// A funnel stage must leave more candidates than seats.
    FunnelCompetition,
    /// Satisfaction rate and score of an evaluation.
    Rating,
    /// "Not competent" when the share at the verdict level is more than declared.
    Verdict,
    /// "Not competent" two evaluations running is flagged for adjustment.
    ConsecutiveVerdicts,
    /// Recall passes with yes votes > share × all eligible.
    Recall,
}

/// An evaluation verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 称职 (or, on a satisfaction scale, not 不满意 beyond the declared share).
    Competent,
    /// 不称职: the share at the verdict level is more than declared.
    NotCompetent,
}

/// One group's rates for one official.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRates {
    pub group: String,
    pub satisfaction: Fraction,
    pub score: Fraction,
}

/// What a rule found. Fractions are in lowest terms; `needed` is the least count that
/// meets the rule, for people reading the result.
///
/// Unknown fields are refused here, and so in a [`Finding`], whose fields other than `rule`
/// are this fact's (serde cannot refuse them on a struct with a flattened field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fact {
    /// The group's quorum check.
    Quorum {
        cast: u64,
        eligible: u64,
        at_least: Fraction,
        needed: u64,
        met: bool,
    },
    /// The group's minimum-present check.
    PresentMinimum {
        cast: u64,
        at_least: u64,
        met: bool,
    },
    /// The group cast no ballot.
    NoBallots,
    /// The contest has no result because this group's ballots cannot decide.
    NoResult {
        group: String,
    },
    /// The contest has no result because a contest it depends on has none.
    Undecidable {
        depends_on: String,
    },
    Elected {
        candidate: String,
        votes: u64,
        needed: u64,
    },
    NoMajority {
        candidate: String,
        votes: u64,
        needed: u64,
    },
    /// Had a majority, but every seat went to a candidate with more votes.
    SeatsFilled {
        candidate: String,
        votes: u64,
    },
    /// Seats that no one filled, for another round.
    OpenSeats {
        seats: u32,
    },
    /// `candidates` have equal `votes` and compete for `places` remaining seats or places;
    /// people must decide (e.g. by another vote), the rules never do.
    Tie {
        candidates: Vec<String>,
        votes: u64,
        places: u32,
    },
    /// A candidate's trust vote.
    Trust {
        candidate: String,
        trust: u64,
        ballots: u64,
        needed: u64,
        kept: bool,
    },
    /// A funnel candidate out of the race because the linked trust contest did not keep them.
    EliminatedByTrust {
        candidate: String,
        trust_contest: String,
    },
    Kept {
        candidate: String,
        votes: u64,
    },
    Eliminated {
        candidate: String,
        votes: u64,
    },
    /// The funnel leaves no more candidates than seats.
    NoCompetition {
        remaining: u64,
        seats: u32,
    },
    /// An official's satisfaction rate and score, combined and per group.
    Rated {
        official: String,
        satisfaction: Fraction,
        score: Fraction,
        groups: Vec<GroupRates>,
    },
    /// An official's verdict: `share` is the share of ratings at the verdict level.
    Verdict {
        official: String,
        share: Fraction,
        more_than: Fraction,
        verdict: Verdict,
    },
    /// Not competent in this and the previous evaluation: flagged for adjustment.
    Flagged {
        official: String,
        previous_election: String,
    },
    Recall {
        official: String,
        yes: u64,
        eligible: u64,
        needed: u64,
        recalled: bool,
    },
}

impl Finding {
    pub fn new(rule: Rule, fact: Fact) -> Self {
        Self { rule, fact }
    }
}

impl Outcome {
    /// The outcome of the contest with this id.
    pub fn contest(&self, id: &str) -> Option<&ContestOutcome> {
        self.contests.iter().find(|c| c.contest == id)
    }

    /// The outcome of the group with this id.
    pub fn group(&self, id: &str) -> Option<&GroupOutcome> {
        self.groups.iter().find(|g| g.group == id)
    }

    /// Every tie that people must decide, with its contest.
    pub fn ties(&self) -> impl Iterator<Item = (&str, &Fact)> {
        self.contests.iter().flat_map(|c| {
            c.findings
                .iter()
                .filter(|f| matches!(f.fact, Fact::Tie { .. }))
                .map(move |f| (c.contest.as_str(), &f.fact))
        })
    }
}

impl ContestOutcome {
    /// The candidates elected, in order of votes.
    pub fn elected(&self) -> Vec<&str> {
        self.facts()
            .filter_map(|f| match f {
                Fact::Elected { candidate, .. } => Some(candidate.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The candidates a funnel stage kept, in order of votes.
    pub fn kept(&self) -> Vec<&str> {
        self.facts()
            .filter_map(|f| match f {
                Fact::Kept { candidate, .. } => Some(candidate.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Seats no one filled.
    pub fn open_seats(&self) -> u32 {
        self.facts()
            .map(|f| match f {
                Fact::OpenSeats { seats } => *seats,
                _ => 0,
            })
            .sum()
    }

    /// Whether a tie awaits a decision.
    pub fn has_tie(&self) -> bool {
        self.facts().any(|f| matches!(f, Fact::Tie { .. }))
    }

    /// An official's verdict, if the contest gave one.
    pub fn verdict(&self, official: &str) -> Option<Verdict> {
        self.facts().find_map(|f| match f {
            Fact::Verdict {
                official: o,
                verdict,
                ..
            } if o == official => Some(*verdict),
            _ => None,
        })
    }

    fn facts(&self) -> impl Iterator<Item = &Fact> {
        self.findings.iter().map(|f| &f.fact)
    }
}

/// Why counts could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecideError {
    #[error("counts: expected {expected} groups, found {found}")]
    GroupCount { expected: usize, found: usize },
    #[error("counts: expected group `{expected}`, found `{found}`")]
    GroupOrder { expected: String, found: String },
    #[error("group `{group}`: {cast} ballots cast, more than the {eligible} eligible")]
    CastAboveEligible {
        group: String,
        cast: u64,
        eligible: u64,
    },
    #[error("group `{group}`: the counts are for questions {found:?}, but the group answers {expected:?}")]
    Questions {
        group: String,
        expected: Vec<ContestIndex>,
        found: Vec<ContestIndex>,
    },
    #[error(
        "group `{group}`, question {question}: expected {expected} option counts, found {found}"
    )]
    OptionCount {
        group: String,
        question: ContestIndex,
        expected: usize,
        found: usize,
    },
    #[error("group `{group}`, question {question}: no set of valid ballots gives these counts: {problem}")]
    ImpossibleCount {
        group: String,
        question: ContestIndex,
        problem: String,
    },
    #[error("the outcome of `{election_id}` ({definition_hash}), which this election follows, was not given")]
    MissingEarlierOutcome {
        election_id: String,
        definition_hash: ElectionHash,
    },
    #[error("the outcome of `{election_id}` has no contest `{contest}`")]
    EarlierContestMissing {
        election_id: String,
        contest: String,
    },
    #[error("contest `{contest}` asks no question")]
    NoQuestion { contest: String },
    #[error("{what} does not fit in 64-bit integers")]
    Overflow { what: &'static str },
}
