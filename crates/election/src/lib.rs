//! Election definitions and outcome rules.
//!
//! An organiser writes an election as a versioned JSON [`DefinitionDocument`]: who the
//! trustees are, which voter groups there are, and which contests each group answers, with
//! every threshold declared as an exact [`Fraction`]. Validation turns it into an
//! [`ElectionDefinition`], whose hash every ballot is bound to and whose contests expand
//! into the questions the ballot cryptography sees ([`Question`], one
//! [`BallotStyle`](zhixuan_tally::BallotStyle) per group). After decryption,
//! [`decide`](fn@decide) turns the per-group [`Counts`] into an [`Outcome`] by the rules of
//! `spec/rules.md`, each finding citing its [`Rule`]; [`check_round_chain`] checks that a
//! later round of a multi-round election follows from the earlier rounds' outcomes.
//! `spec/definition.md` specifies the format and its canonical encoding.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod chain;
mod contest;
mod counts;
mod credentials;
mod decide;
mod definition;
mod fraction;
mod group;
mod lang;
mod outcome;
mod outcome_text;
mod procedure;
mod published;
mod questions;
mod round;
mod text;
mod validate;
mod wording;

pub use chain::{check_round_chain, ChainError};
pub use contest::{
    Candidate, Combine, CompetitiveContest, ContestDefinition, ContestKind, EvaluationContest,
    Funnel, FunnelCut, MajorityOf, PreviousEvaluation, RatingLevel, RecallContest,
    RecommendationContest, TrustContest, VerdictRule,
};
pub use counts::{Counts, GroupCounts, QuestionCounts};
pub use credentials::{CredentialList, CredentialListError, CREDENTIAL_LIST_HASH_DOMAIN};
pub use decide::decide;
pub use definition::{
    DefinitionDocument, ElectionDefinition, RevotePolicy, TrusteeEntry, VotingWindow,
    DEFINITION_HASH_DOMAIN, DEFINITION_VERSION,
};
pub use fraction::{Fraction, FractionError};
pub use group::{GroupCap, VoterGroup};
pub use lang::Lang;
pub use outcome::{
    ContestOutcome, ContestTotals, DecideError, Fact, Finding, GroupOutcome, GroupRates,
    GroupRatings, Outcome, RatingTotals, Rule, Standing, TrustTotals, Verdict,
};
pub use outcome_text::outcome_text;
pub use procedure::{
    Channel, DecidingBody, PlanDocument, PlanError, PlanProblem, ProcedurePlan, Stage, StageRule,
    Statements, PLAN_HASH_DOMAIN, PLAN_VERSION, SECONDS_PER_DAY,
};
pub use questions::{OptionMeaning, Question, QuestionOption};
pub use round::{IfNotElected, Post, Registrant, Round, RoundLink, RoundPlan};
pub use text::{is_valid_id, Bilingual, MAX_ID_LEN, MAX_NAME_CHARS};
pub use validate::{
    DefinitionError, DefinitionProblem, MAX_PEOPLE_PER_CONTEST, MAX_QUESTIONS, MAX_SELECTIONS,
};
pub use wording::{percent, share, Names};
