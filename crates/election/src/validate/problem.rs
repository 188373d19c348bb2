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
    Json { path: String, message: String },
    /// The document is well formed but breaks a rule.
    #[error("{path}: {problem}")]
    Invalid {
        path: String,
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
    #[error("version {found} is not supported; this software reads version {DEFINITION_VERSION}")]
    UnsupportedVersion { found: u32 },
    #[error("`{id}` is not a valid id: use 1 to 64 characters from a-z, 0-9 and -")]
    InvalidId { id: String },
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    LongName,
    #[error("the name contains a control character")]
    ControlCharacter,
    #[error("`{id}` appears more than once (first at {first})")]
    Duplicate { id: String, first: String },
    #[error("this key is also {other}; every party needs a key of its own")]
    SharedKey { other: String },
    #[error("there are no {what}")]
    Empty { what: &'static str },
    #[error("{count} {what} are too many (at most {max})")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
    #[error("`{id}` is not a {what} of this election")]
    Unknown { what: &'static str, id: String },
    #[error("must be at least 1")]
    Zero,
    #[error("{limit} is more than the {candidates} candidates")]
    LimitAboveCandidates { limit: u32, candidates: usize },
    #[error("{limit} is more than one ballot proof can cover (at most {MAX_SELECTIONS})")]
    LimitTooLarge { limit: u32 },
    #[error("threshold {threshold} is more than the {trustees} trustees")]
    ThresholdAboveTrustees { threshold: u32, trustees: usize },
    #[error("{value} is outside {range}")]
    ShareOutOfRange {
        value: Fraction,
        range: &'static str,
    },
    #[error("{candidates} candidates for {seats} seats leave no competition; a competitive election needs more candidates than seats")]
    NoCompetition { candidates: usize, seats: u32 },
    #[error("keeping {keep} for {seats} seats would leave no competition; a funnel stage must keep more candidates than seats")]
    FunnelNoCompetition { keep: u32, seats: u32 },
    #[error("voting must close after it opens")]
    WindowOrder,
    #[error("times must be whole seconds")]
    FractionalSeconds,
    #[error("{eligible} is more than {share} of the {of_eligible} eligible in `{of_group}` (at most {max})")]
    AboveCap {
        eligible: u64,
        share: Fraction,
        of_group: String,
        of_eligible: u64,
        max: u64,
    },
    #[error("{present} must be present but only {eligible} are eligible")]
    PresentAboveEligible { present: u64, eligible: u64 },
    #[error("a group cannot be capped by its own size")]
    CapOfItself,
    #[error("`{id}` is named differently at {other}")]
    NameMismatch { id: String, other: String },
    #[error("no group answers this contest")]
    Unanswered,
    #[error("`{contest}` must be listed before `{after}`, in the order the contests are defined")]
    ContestOrder { contest: String, after: String },
    #[error("missing: the group answers the weighted evaluation `{contest}`")]
    WeightMissing { contest: String },
    #[error("no weighted evaluation answered by this group uses it")]
    WeightUnused,
    #[error("`{id}` is a {found} contest, not a {expected} contest")]
    KindMismatch {
        id: String,
        found: &'static str,
        expected: &'static str,
    },
    #[error("the candidates differ from those of `{other}`")]
    CandidatesDiffer { other: String },
    #[error("a rating scale needs at least 2 levels")]
    TooFewLevels,
    #[error("no level is favourable, so every satisfaction rate would be 0")]
    NoFavourableLevel,
    #[error("a check across years needs a verdict rule")]
    PreviousWithoutVerdict,
    #[error("an election cannot follow itself")]
    SelfReference,
    #[error("{count} posts are more than the {max} each registrant may apply for")]
    TooManyPosts { count: usize, max: u32 },
    #[error("round {number} is not a round of the plan, which has {rounds}")]
    UnknownRound { number: u32, rounds: usize },
    #[error("round 1 follows no earlier round")]
    FirstRoundFollows,
    #[error("round {number} must name the round it follows")]
    FollowsMissing { number: u32 },
    #[error("round {number} elects `{post}`, but no contest has that id")]
    RoundContestMissing { number: u32, post: String },
    #[error("{found} seats, but the plan gives post `{post}` {expected}")]
    SeatsMismatch {
        post: String,
        expected: u32,
        found: u32,
    },
    #[error("`{candidate}` is not a registrant of the plan")]
    NotRegistered { candidate: String },
    #[error("`{candidate}` did not apply for post `{post}`")]
    DidNotApply { candidate: String, post: String },
    #[error("`{registrant}` applied for post `{post}` but is not a candidate in round 1")]
    ApplicantMissing { registrant: String, post: String },
    #[error("{0}")]
    Style(StyleError),
}
