//! Contests: what a voter group is asked, and the rule that decides it.
//!
//! Five kinds cover the procedures our users run (see `spec/rules.md`):
//!
//! | kind | 中文 | the voter marks | decided by |
//! |---|---|---|---|
//! | [`RecommendationContest`] | 推荐票 | up to k of n candidates | ranking; optional funnel |
//! | [`TrustContest`] | 信任投票 | trust / no trust (/ abstain) for each candidate | trust threshold |
//! | [`CompetitiveContest`] | 差额选举 | up to s of n candidates, n > s | majority, seats in vote order |
//! | [`EvaluationContest`] | 直评 | one rating per official on a declared scale | rates, score, verdict |
//! | [`RecallContest`] | 罢免 | yes / no (/ abstain) on one official | share of all eligible |
//!
//! In JSON a contest is `{"id", "title", "kind": {"<kind>": {...}}}`: the kind is an
//! object with one key so that every field of every kind has a full path in error messages
//! (e.g. `contests[2].kind.competitive.seats`).

use serde::{Deserialize, Serialize};

use crate::fraction::Fraction;
use crate::text::Bilingual;
use zhixuan_tally::{ElectionHash, Encode, Encoder};

/// One contest of an election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestDefinition {
    /// The contest's id, unique in the definition.
    pub id: String,
    /// The post or question, e.g. 党委书记 / Party secretary.
    pub title: Bilingual,
    /// The contest's kind and the rule that decides it.
    pub kind: ContestKind,
}

/// A contest's kind and its declared rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContestKind {
    /// 推荐票: approve up to k of n candidates.
    Recommendation(RecommendationContest),
    /// 信任投票: trust or no trust for each candidate.
    Trust(TrustContest),
    /// 差额选举: choose up to s of more than s candidates.
    Competitive(CompetitiveContest),
    /// 直评: rate every official on a scale.
    Evaluation(EvaluationContest),
    /// 罢免: yes or no on recalling one official.
    Recall(RecallContest),
}

impl ContestKind {
    /// The name used in JSON and in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            ContestKind::Recommendation(_) => "recommendation",
            ContestKind::Trust(_) => "trust",
            ContestKind::Competitive(_) => "competitive",
            ContestKind::Evaluation(_) => "evaluation",
            ContestKind::Recall(_) => "recall",
        }
    }

    /// The people the contest is about: candidates, officials, or the one official
    /// facing recall.
    pub fn people(&self) -> &[Candidate] {
        match self {
            ContestKind::Recommendation(c) => &c.candidates,
            ContestKind::Trust(c) => &c.candidates,
            ContestKind::Competitive(c) => &c.candidates,
            ContestKind::Evaluation(c) => &c.officials,
            ContestKind::Recall(c) => core::slice::from_ref(&c.official),
        }
    }
}

/// A candidate or an official.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Stable across contests and elections: the same person has the same id in a trust
    /// vote and a recommendation, in every round of a chain, and in every year's evaluation.
    pub id: String,
    /// The name printed on the ballot.
    pub name: Bilingual,
}

/// 推荐票: approve up to `max_approvals` of the candidates; candidates are ranked by votes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationContest {
    /// The candidates, in ballot order.
    pub candidates: Vec<Candidate>,
    /// The most candidates a voter may approve: `1 ≤ max_approvals ≤ candidates`.
    pub max_approvals: u32,
    /// If present, the contest is a stage of a competitive funnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funnel: Option<Funnel>,
}

/// A funnel stage: the top `keep` candidates go on, for a post with `seats` seats; `keep`
/// must exceed `seats` so that the next stage is still competitive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funnel {
    /// How many candidates go on, more than `seats`.
    pub keep: u32,
    /// Whether `keep` is the number of places (a tie across the cut is for people to
    /// decide) or the least number kept (至少产生4名: a tie at the cut keeps them all, and
    /// fewer in the race is a finding).
    #[serde(default, skip_serializing_if = "FunnelCut::is_places")]
    pub cut: FunnelCut,
    /// The seats of the post the funnel leads to.
    pub seats: u32,
    /// A trust contest on the same candidates in this election: only candidates it keeps
    /// may be kept here ("trust votes must exceed half to stay in the race").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_contest: Option<String>,
}

/// How a funnel reads its `keep` (`spec/rules.md` §9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelCut {
    /// The top `keep` places: equal votes across the last place are a tie (rule `tie`).
    #[default]
    Places,
    /// At least `keep`: the top `keep` and everyone with the votes of the `keep`-th; fewer
    /// than `keep` in the race is a `short_list` finding.
    AtLeast,
}

impl FunnelCut {
    fn is_places(&self) -> bool {
        *self == FunnelCut::Places
    }
}

/// 信任投票: for each candidate, trust / no trust (and abstain, if declared).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustContest {
    /// The candidates, in ballot order: one question each.
    pub candidates: Vec<Candidate>,
    /// Whether the ballot offers abstain as a third option.
    pub abstain: bool,
    /// If declared, a candidate stays in the race with trust votes more than this share of
    /// the trust ballots on them (Xuanwu: more than half). Absent, the vote is advisory
    /// (群众认可程度): each candidate's share of trust is reported and nobody leaves the race.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_more_than: Option<Fraction>,
}

/// 差额选举: choose up to `seats` of more candidates than seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetitiveContest {
    /// The candidates, in ballot order; more than `seats`.
    pub candidates: Vec<Candidate>,
    /// The seats to fill, and the most candidates a voter may choose.
    pub seats: u32,
    /// Elected only with votes more than this share of the base (过半数: 1/2).
    pub majority_more_than: Fraction,
    /// What the majority is a share of: the ballots cast, or the members present at the
    /// meeting (以到会党员的过半数), from the board's attendance entries.
    #[serde(default, skip_serializing_if = "MajorityOf::is_ballots_cast")]
    pub majority_of: MajorityOf,
}

/// The base of a majority (`spec/rules.md` §7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorityOf {
    /// The ballots cast by the answering groups.
    #[default]
    BallotsCast,
    /// The members of the answering groups present at the meeting, as their attendance
    /// entries declare; a member present who hands in no ballot still counts.
    Present,
}

impl MajorityOf {
    fn is_ballots_cast(&self) -> bool {
        *self == MajorityOf::BallotsCast
    }
}

/// 直评: every participant gives every official exactly one rating on the scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationContest {
    /// The officials rated, in ballot order: one question each.
    pub officials: Vec<Candidate>,
    /// The rating levels, in the order printed on the ballot (best first, by convention).
    pub scale: Vec<RatingLevel>,
    /// How the answering groups' ratings are combined.
    pub combine: Combine,
    /// The competence verdict, if the contest gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictRule>,
    /// Last year's evaluation, for the two-years-running check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousEvaluation>,
}

/// One level of a rating scale, e.g. 满意 / satisfied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingLevel {
    /// The level's id, unique in the scale.
    pub id: String,
    /// The label printed on the ballot.
    pub label: Bilingual,
    /// Points towards the score (e.g. 100, 60, 0).
    pub points: u32,
    /// Counts towards the satisfaction rate (e.g. 满意 and 基本满意).
    pub favourable: bool,
}

/// How the groups answering an evaluation are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Every rating counts once, whatever the rater's group.
    Pooled,
    /// Each group's rates are combined with the group's declared integer weight.
    Weighted,
}

/// "Not competent" when the share of ratings at `level` is more than `more_than`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictRule {
    /// The id of the level whose share decides, e.g. 不称职 or 不满意.
    pub level: String,
    /// "Not competent" when the share at `level` is more than this.
    pub more_than: Fraction,
}

/// The published evaluation an evaluation follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousEvaluation {
    /// The earlier election's id.
    pub election_id: String,
    /// The earlier election's definition hash.
    pub definition_hash: ElectionHash,
    /// The id of the evaluation contest in the earlier election.
    pub contest: String,
}

/// 罢免: yes / no (and abstain, if declared) on one official.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecallContest {
    /// The official facing recall.
    pub official: Candidate,
    /// Whether the ballot offers abstain as a third option.
    pub abstain: bool,
    /// The recall passes with yes votes more than this share of ALL eligible members of
    /// the groups answering it, not of those who voted.
    pub yes_more_than: Fraction,
}

impl Encode for ContestDefinition {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id).value(&self.title).value(&self.kind);
    }
}

impl Encode for ContestKind {
    fn encode(&self, enc: &mut Encoder) {
        match self {
            ContestKind::Recommendation(c) => {
                enc.u64(0)
                    .seq(&c.candidates)
                    .u64(u64::from(c.max_approvals))
                    .value(&c.funnel);
            }
            ContestKind::Trust(c) => {
                enc.u64(1)
                    .seq(&c.candidates)
                    .value(&Flag(c.abstain))
                    .value(&c.trust_more_than);
            }
            ContestKind::Competitive(c) => {
                enc.u64(2)
                    .seq(&c.candidates)
                    .u64(u64::from(c.seats))
                    .value(&c.majority_more_than)
                    .u64(match c.majority_of {
                        MajorityOf::BallotsCast => 0,
                        MajorityOf::Present => 1,
                    });
            }
            ContestKind::Evaluation(c) => {
                enc.u64(3)
                    .seq(&c.officials)
                    .seq(&c.scale)
                    .value(&c.combine)
                    .value(&c.verdict)
                    .value(&c.previous);
            }
            ContestKind::Recall(c) => {
                enc.u64(4)
                    .value(&c.official)
                    .value(&Flag(c.abstain))
                    .value(&c.yes_more_than);
            }
        }
    }
}

impl Encode for Candidate {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id).value(&self.name);
    }
}

impl Encode for Funnel {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(self.keep))
            .u64(match self.cut {
                FunnelCut::Places => 0,
                FunnelCut::AtLeast => 1,
            })
            .u64(u64::from(self.seats))
            .value(&self.trust_contest);
    }
}

impl Encode for RatingLevel {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id)
            .value(&self.label)
            .u64(u64::from(self.points))
            .value(&Flag(self.favourable));
    }
}

impl Encode for Combine {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(match self {
            Combine::Pooled => 0,
            Combine::Weighted => 1,
        });
    }
}

impl Encode for VerdictRule {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.level).value(&self.more_than);
    }
}

impl Encode for PreviousEvaluation {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.election_id)
            .value(&self.definition_hash)
            .str(&self.contest);
    }
}

/// Booleans are encoded as the integer 0 or 1.
pub(crate) struct Flag(pub bool);

impl Encode for Flag {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(self.0));
    }
}
