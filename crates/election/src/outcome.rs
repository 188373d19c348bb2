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
    /// The election's id.
    pub election_id: String,
    /// The definition hash of the election decided.
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
    /// The group's id.
    pub group: String,
    /// Its eligible number, as declared.
    pub eligible: u64,
    /// The ballots counted for it.
    pub ballots_cast: u64,
    /// Whether the group met its quorum and minimum and cast at least one ballot; if not,
    /// no contest it answers has a result.
    pub valid: bool,
    /// The findings of rules `attendance`, `quorum`, `present-minimum` and `no-ballots`, in
    /// that order.
    pub findings: Vec<Finding>,
}

/// A contest's counts and findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestOutcome {
    /// The contest's id.
    pub contest: String,
    /// Whether the contest has a result. Counts are published either way.
    pub decided: bool,
    /// The counts, summed over the groups that answer the contest.
    pub totals: ContestTotals,
    /// The findings, in the order `spec/rules.md` states them.
    pub findings: Vec<Finding>,
}

/// A contest's counts, summed over the groups that answer it (per group for evaluations).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ContestTotals {
    /// Recommendation and competitive contests: every candidate, ranked.
    Votes {
        /// The ballots cast by the answering groups.
        ballots: u64,
        /// Every candidate, most votes first (rule `ranking`).
        ranking: Vec<Standing>,
    },
    /// Trust votes: each candidate's counts.
    Trust {
        /// The ballots cast by the answering groups.
        ballots: u64,
        /// Every candidate's counts, in candidate order.
        candidates: Vec<TrustTotals>,
    },
    /// Evaluations: each official's ratings, per group.
    Evaluation {
        /// Every official's ratings, in official order.
        officials: Vec<RatingTotals>,
    },
    /// A recall's counts.
    Recall {
        /// The ballots cast by the answering groups.
        ballots: u64,
        /// The answering groups' eligible numbers, summed.
        eligible: u64,
        /// Votes for the recall.
        yes: u64,
        /// Votes against it.
        no: u64,
        /// Abstentions (0 when the ballot offers none).
        abstain: u64,
    },
}

/// A candidate's place in a ranking: by votes, most first; equal votes share a rank
/// (1, 2, 2, 4) and keep definition order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    /// The candidate's id.
    pub candidate: String,
    /// Their votes.
    pub votes: u64,
    /// 1 plus the number of candidates with strictly more votes.
    pub rank: u32,
}

/// A candidate's trust-vote counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustTotals {
    /// The candidate's id.
    pub candidate: String,
    /// Trust votes.
    pub trust: u64,
    /// No-trust votes.
    pub no_trust: u64,
    /// Abstentions (0 when the ballot offers none).
    pub abstain: u64,
}

/// An official's ratings, per group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingTotals {
    /// The official's id.
    pub official: String,
    /// Per answering group, in group order.
    pub groups: Vec<GroupRatings>,
}

/// One group's ratings of one official, one count per level of the scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRatings {
    /// The group's id.
    pub group: String,
    /// One count per level of the scale, in scale order.
    pub levels: Vec<u64>,
}

/// One finding, and the rule that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that produced it.
    pub rule: Rule,
    /// What it found.
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
    /// An advisory trust vote reports each candidate's share of trust.
    TrustShare,
    /// The members present at the meeting, as the group's attendance entry declares.
    Attendance,
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
    /// The group's id.
    pub group: String,
    /// `F_g / n_g`: favourable ratings over ratings.
    pub satisfaction: Fraction,
    /// `P_g / n_g`: points over ratings.
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
        /// The group's ballots cast.
        cast: u64,
        /// Its eligible number.
        eligible: u64,
        /// The declared quorum share.
        at_least: Fraction,
        /// The least number of ballots that meets it.
        needed: u64,
        /// Whether it was met.
        met: bool,
    },
    /// The group's minimum-present check.
    PresentMinimum {
        /// The group's ballots cast.
        cast: u64,
        /// The declared minimum.
        at_least: u64,
        /// Whether it was met.
        met: bool,
    },
    /// The group cast no ballot.
    NoBallots,
    /// The contest has no result because this group's ballots cannot decide.
    NoResult {
        /// The group that cannot decide.
        group: String,
    },
    /// The contest has no result because a contest it depends on has none.
    Undecidable {
        /// The id of the contest without a result.
        depends_on: String,
    },
    /// Elected: a majority and a seat (rule `seat-order`).
    Elected {
        /// The candidate's id.
        candidate: String,
        /// Their votes.
        votes: u64,
        /// The least number of votes that is a majority.
        needed: u64,
    },
    /// No majority (rule `majority`).
    NoMajority {
        /// The candidate's id.
        candidate: String,
        /// Their votes.
        votes: u64,
        /// The least number of votes that is a majority.
        needed: u64,
    },
    /// Had a majority, but every seat went to a candidate with more votes.
    SeatsFilled {
        /// The candidate's id.
        candidate: String,
        /// Their votes.
        votes: u64,
    },
    /// Seats that no one filled, for another round.
    OpenSeats {
        /// How many.
        seats: u32,
    },
    /// `candidates` have equal `votes` and compete for `places` remaining seats or places;
    /// people must decide (e.g. by another vote), the rules never do.
    Tie {
        /// The tied candidates' ids, in ranking order.
        candidates: Vec<String>,
        /// Their equal votes.
        votes: u64,
        /// The places they compete for.
        places: u32,
    },
    /// A candidate's trust vote.
    Trust {
        /// The candidate's id.
        candidate: String,
        /// Their trust votes.
        trust: u64,
        /// The contest's ballots.
        ballots: u64,
        /// The least number of trust votes that keeps a candidate.
        needed: u64,
        /// Whether they stay in the race.
        kept: bool,
    },
    /// A funnel candidate out of the race because the linked trust contest did not keep them.
    EliminatedByTrust {
        /// The candidate's id.
        candidate: String,
        /// The id of the trust contest.
        trust_contest: String,
    },
    /// Kept by a funnel stage (rule `funnel`).
    Kept {
        /// The candidate's id.
        candidate: String,
        /// Their votes.
        votes: u64,
    },
    /// Out of the race at a funnel stage (rule `funnel`).
    Eliminated {
        /// The candidate's id.
        candidate: String,
        /// Their votes.
        votes: u64,
    },
    /// The funnel leaves no more candidates than seats.
    NoCompetition {
        /// The candidates left in the race.
        remaining: u64,
        /// The seats of the post.
        seats: u32,
    },
    /// An official's satisfaction rate and score, combined and per group.
    Rated {
        /// The official's id.
        official: String,
        /// The combined satisfaction rate (from `F`).
        satisfaction: Fraction,
        /// The combined score (from `P`).
        score: Fraction,
        /// Each answering group's own rates, in group order.
        groups: Vec<GroupRates>,
    },
    /// An official's verdict: `share` is the share of ratings at the verdict level.
    Verdict {
        /// The official's id.
        official: String,
        /// The combined share of ratings at the verdict level (from `U`).
        share: Fraction,
        /// The declared share.
        more_than: Fraction,
        /// The verdict.
        verdict: Verdict,
    },
    /// Not competent in this and the previous evaluation: flagged for adjustment.
    Flagged {
        /// The official's id.
        official: String,
        /// The id of the previous evaluation's election.
        previous_election: String,
    },
    /// The recall vote on an official (rule `recall`).
    Recall {
        /// The official's id.
        official: String,
        /// Votes for the recall.
        yes: u64,
        /// All eligible in the answering groups.
        eligible: u64,
        /// The least number of yes votes that recalls.
        needed: u64,
        /// Whether the recall passes.
        recalled: bool,
    },
    /// An "at least" funnel has fewer candidates in the race than it must keep
    /// (至少产生4名: the stage falls short).
    ShortList {
        /// The candidates in the race, all kept.
        remaining: u64,
        /// The least number the stage must keep.
        keep: u32,
    },
    /// A candidate's share of an advisory trust vote (rule `trust-share`).
    TrustShare {
        /// The candidate's id.
        candidate: String,
        /// Their trust votes.
        trust: u64,
        /// The contest's ballots.
        ballots: u64,
        /// `trust / ballots`, in lowest terms.
        share: Fraction,
    },
    /// The group's members present at the meeting (rule `attendance`).
    Attendance {
        /// As the attendance entry declares.
        present: u64,
        /// The group's ballots cast, at most `present`.
        cast: u64,
    },
}

impl Finding {
    /// A finding of `fact` by `rule`.
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

    /// The officials flagged for organisational adjustment (not competent in this and the
    /// previous evaluation), in the outcome's order.
    pub fn flagged(&self) -> Vec<&str> {
        self.facts()
            .filter_map(|f| match f {
                Fact::Flagged { official, .. } => Some(official.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The officials a recall vote recalled.
    pub fn recalled(&self) -> Vec<&str> {
        self.facts()
            .filter_map(|f| match f {
                Fact::Recall {
                    official,
                    recalled: true,
                    ..
                } => Some(official.as_str()),
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
    /// The counts have another number of groups than the definition.
    #[error("counts: expected {expected} groups, found {found}")]
    GroupCount {
        /// The definition's number of groups.
        expected: usize,
        /// The counts'.
        found: usize,
    },
    /// The counts' groups are not the definition's, in its order.
    #[error("counts: expected group `{expected}`, found `{found}`")]
    GroupOrder {
        /// The definition's group at that position.
        expected: String,
        /// The counts'.
        found: String,
    },
    /// A group cast more ballots than it has eligible voters.
    #[error("group `{group}`: {cast} ballots cast, more than the {eligible} eligible")]
    CastAboveEligible {
        /// The group.
        group: String,
        /// Its ballots cast.
        cast: u64,
        /// Its eligible number.
        eligible: u64,
    },
    /// A group's counts are not for exactly the questions of its ballot style.
    #[error("group `{group}`: the counts are for questions {found:?}, but the group answers {expected:?}")]
    Questions {
        /// The group.
        group: String,
        /// The questions of its ballot style.
        expected: Vec<ContestIndex>,
        /// The questions of its counts.
        found: Vec<ContestIndex>,
    },
    /// A question's counts have another number of options than the question.
    #[error(
        "group `{group}`, question {question}: expected {expected} option counts, found {found}"
    )]
    OptionCount {
        /// The group.
        group: String,
        /// The question.
        question: ContestIndex,
        /// Its number of options.
        expected: usize,
        /// The number of counts.
        found: usize,
    },
    /// No set of valid ballots gives a question's counts.
    #[error("group `{group}`, question {question}: no set of valid ballots gives these counts: {problem}")]
    ImpossibleCount {
        /// The group.
        group: String,
        /// The question.
        question: ContestIndex,
        /// Which count is impossible, and why.
        problem: String,
    },
    /// The earlier outcome the definition names was not given (`spec/rules.md` §2).
    #[error("the outcome of `{election_id}` ({definition_hash}), which this election follows, was not given")]
    MissingEarlierOutcome {
        /// The earlier election's id.
        election_id: String,
        /// Its definition hash.
        definition_hash: ElectionHash,
    },
    /// The earlier outcome has no contest of the name the definition gives (`spec/rules.md` §2).
    #[error("the outcome of `{election_id}` has no contest `{contest}`")]
    EarlierContestMissing {
        /// The earlier election's id.
        election_id: String,
        /// The contest it lacks.
        contest: String,
    },
    /// A contest asks no question.
    #[error("contest `{contest}` asks no question")]
    NoQuestion {
        /// The contest.
        contest: String,
    },
    /// A group's declared number present is below its ballots cast or above its eligible
    /// number (`spec/definition.md` §6).
    #[error("group `{group}`: {present} declared present, but {cast} ballots were cast and {eligible} are eligible")]
    PresentOutOfRange {
        /// The group.
        group: String,
        /// Its declared number present.
        present: u64,
        /// Its ballots cast.
        cast: u64,
        /// Its eligible number.
        eligible: u64,
    },
    /// A majority of those present is declared, but a group answering the contest has no
    /// attendance (`spec/rules.md` §7).
    #[error("contest `{contest}` is decided by a majority of those present, but group `{group}` declared no attendance")]
    NoAttendance {
        /// The contest.
        contest: String,
        /// The group without attendance.
        group: String,
    },
    /// A sum or a rate does not fit in 64-bit integers (`spec/rules.md` §1).
    #[error("{what} does not fit in 64-bit integers")]
    Overflow {
        /// What overflowed.
        what: &'static str,
    },
}
