//! What validation reports: the path of the offending field and what is wrong with it.

use thiserror::Error;

use super::MAX_SELECTIONS;
use crate::definition::DEFINITION_VERSION;
use crate::fraction::Fraction;
use crate::text::MAX_NAME_CHARS;
use zhixuan_tally::StyleError;

/// Why a definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DefinitionError {
    /// The text is not JSON of the definition's shape.
    #[error("{path}: {message}")]
    Json {
        /// The path of the value that failed.
        path: String,
        /// What the parser found wrong.
        message: String,
    },
    /// The document is well formed but breaks a rule.
    #[error("{path}: {problem}")]
    Invalid {
        /// The path of the offending field.
        path: String,
        /// What is wrong with it.
        problem: DefinitionProblem,
    },
}

impl DefinitionError {
    /// The path of the offending field.
    pub fn path(&self) -> &str {
        match self {
            DefinitionError::Json { path, .. } | DefinitionError::Invalid { path, .. } => path,
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DefinitionProblem {
    /// The version is not [`DEFINITION_VERSION`].
    #[error("version {found} is not supported; this software reads version {DEFINITION_VERSION}")]
    UnsupportedVersion {
        /// The version found.
        found: u32,
    },
    /// Not an id: `[a-z0-9-]{1,64}`.
    #[error("`{id}` is not a valid id: use 1 to 64 characters from a-z, 0-9 and -")]
    InvalidId {
        /// The text found.
        id: String,
    },
    /// A name is empty after trimming.
    #[error("the name is empty")]
    EmptyName,
    /// A name is longer than [`MAX_NAME_CHARS`] characters.
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    LongName,
    /// A name contains a control character.
    #[error("the name contains a control character")]
    ControlCharacter,
    /// An id that must be unique appears twice.
    #[error("`{id}` appears more than once (first at {first})")]
    Duplicate {
        /// The id.
        id: String,
        /// The path of its first occurrence.
        first: String,
    },
    /// Two parties (the organiser, trustees) have one key.
    #[error("this key is also {other}; every party needs a key of its own")]
    SharedKey {
        /// Whose key it also is.
        other: String,
    },
    /// A list that must not be empty is.
    #[error("there are no {what}")]
    Empty {
        /// What the list holds.
        what: &'static str,
    },
    /// A list is longer than allowed.
    #[error("{count} {what} are too many (at most {max})")]
    TooMany {
        /// What the list holds.
        what: &'static str,
        /// How many there are.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// An id names nothing of its kind in the definition.
    #[error("`{id}` is not a {what} of this election")]
    Unknown {
        /// What kind of thing it should name.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A number that must be at least 1 is 0.
    #[error("must be at least 1")]
    Zero,
    /// A voter could mark, or a funnel keep, more candidates than there are.
    #[error("{limit} is more than the {candidates} candidates")]
    LimitAboveCandidates {
        /// The limit.
        limit: u32,
        /// The number of candidates.
        candidates: usize,
    },
    /// A limit is more than one range proof can cover ([`MAX_SELECTIONS`]).
    #[error("{limit} is more than one ballot proof can cover (at most {MAX_SELECTIONS})")]
    LimitTooLarge {
        /// The limit.
        limit: u32,
    },
    /// The threshold is more than the number of trustees.
    #[error("threshold {threshold} is more than the {trustees} trustees")]
    ThresholdAboveTrustees {
        /// The threshold.
        threshold: u32,
        /// The number of trustees.
        trustees: usize,
    },
    /// A share is outside its range.
    #[error("{value} is outside {range}")]
    ShareOutOfRange {
        /// The share.
        value: Fraction,
        /// Its range: `(0, 1]` or `(0, 1)`.
        range: &'static str,
    },
    /// A competitive election has no more candidates than seats.
    #[error("{candidates} candidates for {seats} seats leave no competition; a competitive election needs more candidates than seats")]
    NoCompetition {
        /// The number of candidates.
        candidates: usize,
        /// The seats.
        seats: u32,
    },
    /// A funnel keeps no more candidates than seats.
    #[error("keeping {keep} for {seats} seats would leave no competition; a funnel stage must keep more candidates than seats")]
    FunnelNoCompetition {
        /// How many the funnel keeps.
        keep: u32,
        /// The seats.
        seats: u32,
    },
    /// Voting closes before it opens.
    #[error("voting must close after it opens")]
    WindowOrder,
    /// A time is not in whole seconds.
    #[error("times must be whole seconds")]
    FractionalSeconds,
    /// A group numbers more than its cap allows (rule `group-cap`).
    #[error("{eligible} is more than {share} of the {of_eligible} eligible in `{of_group}` (at most {max})")]
    AboveCap {
        /// The group's eligible number.
        eligible: u64,
        /// The cap's share.
        share: Fraction,
        /// The other group.
        of_group: String,
        /// Its eligible number.
        of_eligible: u64,
        /// The largest eligible number the cap allows.
        max: u64,
    },
    /// A group's minimum present is above its eligible number.
    #[error("{present} must be present but only {eligible} are eligible")]
    PresentAboveEligible {
        /// The minimum present.
        present: u64,
        /// The eligible number.
        eligible: u64,
    },
    /// A group is capped by its own size.
    #[error("a group cannot be capped by its own size")]
    CapOfItself,
    /// One id has two names in the definition.
    #[error("`{id}` is named differently at {other}")]
    NameMismatch {
        /// The id.
        id: String,
        /// The path of the other name.
        other: String,
    },
    /// No group answers a contest.
    #[error("no group answers this contest")]
    Unanswered,
    /// A group lists its contests out of definition order.
    #[error("`{contest}` must be listed before `{after}`, in the order the contests are defined")]
    ContestOrder {
        /// The contest listed too late.
        contest: String,
        /// The contest listed before it.
        after: String,
    },
    /// A group answering a weighted evaluation declares no weight.
    #[error("missing: the group answers the weighted evaluation `{contest}`")]
    WeightMissing {
        /// The weighted evaluation.
        contest: String,
    },
    /// A group declares a weight that no weighted evaluation uses.
    #[error("no weighted evaluation answered by this group uses it")]
    WeightUnused,
    /// A contest named is of another kind than required.
    #[error("`{id}` is a {found} contest, not a {expected} contest")]
    KindMismatch {
        /// The contest.
        id: String,
        /// Its kind.
        found: &'static str,
        /// The kind required.
        expected: &'static str,
    },
    /// A funnel names an advisory trust vote, which keeps everyone.
    #[error("`{id}` is an advisory trust vote (no `trust_more_than`): it keeps everyone, so no funnel can depend on it")]
    AdvisoryTrust {
        /// The trust contest.
        id: String,
    },
    /// A funnel's trust contest has other candidates.
    #[error("the candidates differ from those of `{other}`")]
    CandidatesDiffer {
        /// The trust contest.
        other: String,
    },
    /// A rating scale has fewer than 2 levels.
    #[error("a rating scale needs at least 2 levels")]
    TooFewLevels,
    /// No level of a rating scale is favourable.
    #[error("no level is favourable, so every satisfaction rate would be 0")]
    NoFavourableLevel,
    /// An evaluation names a previous one without a verdict rule.
    #[error("a check across years needs a verdict rule")]
    PreviousWithoutVerdict,
    /// An election names itself as the one it follows.
    #[error("an election cannot follow itself")]
    SelfReference,
    /// A registrant applied for more posts than the plan allows.
    #[error("{count} posts are more than the {max} each registrant may apply for")]
    TooManyPosts {
        /// How many posts.
        count: usize,
        /// The most the plan allows.
        max: u32,
    },
    /// The round number is not a round of the plan.
    #[error("round {number} is not a round of the plan, which has {rounds}")]
    UnknownRound {
        /// The round number.
        number: u32,
        /// The number of rounds of the plan.
        rounds: usize,
    },
    /// Round 1 names a round it follows.
    #[error("round 1 follows no earlier round")]
    FirstRoundFollows,
    /// A later round names no round it follows.
    #[error("round {number} must name the round it follows")]
    FollowsMissing {
        /// The round number.
        number: u32,
    },
    /// No contest has the id of the round's post.
    #[error("round {number} elects `{post}`, but no contest has that id")]
    RoundContestMissing {
        /// The round number.
        number: u32,
        /// The post.
        post: String,
    },
    /// The round's contest has other seats than its post.
    #[error("{found} seats, but the plan gives post `{post}` {expected}")]
    SeatsMismatch {
        /// The post.
        post: String,
        /// Its seats.
        expected: u32,
        /// The contest's seats.
        found: u32,
    },
    /// A candidate of the round is not a registrant.
    #[error("`{candidate}` is not a registrant of the plan")]
    NotRegistered {
        /// The candidate.
        candidate: String,
    },
    /// A candidate of the round did not apply for its post.
    #[error("`{candidate}` did not apply for post `{post}`")]
    DidNotApply {
        /// The candidate.
        candidate: String,
        /// The post.
        post: String,
    },
    /// A candidate of a later post did not opt to stand again after their first post.
    #[error("`{candidate}` ran first for `{first}` and does not stand again (`if_not_elected` is `withdraws`), so cannot be a candidate for `{post}`")]
    DoesNotStandAgain {
        /// The candidate.
        candidate: String,
        /// Their first post.
        first: String,
        /// The post of this round.
        post: String,
    },
    /// In round 1, an applicant for the post is not a candidate.
    #[error("`{registrant}` applied for post `{post}` but is not a candidate in round 1")]
    ApplicantMissing {
        /// The registrant.
        registrant: String,
        /// The post.
        post: String,
    },
    /// The group's ballot style cannot be voted on.
    #[error("{0}")]
    Style(StyleError),
}
