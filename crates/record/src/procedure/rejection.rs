//! Why a procedure's entry is refused: each names its stage (`spec/procedure.md` §4).

use thiserror::Error;
use zhixuan_election::PlanError;

use crate::code::ErrorCode;
use crate::kind::EntryKind;

/// Why an entry of a procedure's log is refused. The message names the stage and what to
/// change; [`ProcedureRejection::code`] is the stable code.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProcedureRejection {
    /// Entry 0 is not a plan, or a plan comes later.
    #[error("a procedure's first entry, and only it, is its plan")]
    NotAPlan,
    /// The plan does not validate.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The signature is not the signer's.
    #[error("stage `{stage}`: the signature is not by {signer}")]
    BadSignature {
        /// The stage.
        stage: String,
        /// Who should have signed.
        signer: String,
    },
    /// The entry names a stage the plan does not have.
    #[error("the plan has no stage `{0}`")]
    UnknownStage(String),
    /// The stage does not take this kind of entry.
    #[error("stage `{stage}` is a {rule} stage and takes no {kind}")]
    WrongStageKind {
        /// The stage.
        stage: String,
        /// The stage's kind.
        rule: &'static str,
        /// The entry's kind.
        kind: EntryKind,
    },
    /// The stage is not the current one.
    #[error("stage `{stage}` is not the current stage (`{current}`)")]
    OutOfOrder {
        /// The stage named.
        stage: String,
        /// The current stage, or "none" once every stage is closed.
        current: String,
    },
    /// The previous stage's list is still in its publicity period.
    #[error("stage `{stage}` may begin only after the publicity period of `{previous}` ends ({ends} UTC)")]
    PublicityRunning {
        /// The stage that would begin.
        stage: String,
        /// The stage whose list is still published.
        previous: String,
        /// When its period ends.
        ends: String,
    },
    /// An objection to an earlier stage is unanswered or was upheld.
    #[error("stage `{stage}` cannot begin: the objection at entry {objection} is {state}")]
    ObjectionPending {
        /// The stage that would begin.
        stage: String,
        /// The objection's index.
        objection: u64,
        /// "unanswered" or "upheld".
        state: &'static str,
    },
    /// An objection outside the stage's publicity period, or an answer to no objection.
    #[error(
        "stage `{stage}`: objections are taken only while its list is published (publicity period)"
    )]
    OutsidePublicity {
        /// The stage objected to.
        stage: String,
    },
    /// An announcement later than the notice the plan requires.
    #[error("stage `{stage}`: the meeting must be announced at least {days} days ahead")]
    NoticeTooShort {
        /// The announcement stage.
        stage: String,
        /// The days of notice required.
        days: u32,
    },
    /// A registration outside its window.
    #[error("stage `{stage}`: registration is open from {opens} to {closes} UTC")]
    OutsideRegistrationWindow {
        /// The stage.
        stage: String,
        /// Opens.
        opens: String,
        /// Closes.
        closes: String,
    },
    /// A registration that breaks its stage's rule.
    #[error("stage `{stage}`: {problem}")]
    InvalidRegistration {
        /// The stage.
        stage: String,
        /// What is wrong.
        problem: String,
    },
    /// A second registration of one person.
    #[error("stage `{stage}`: `{registrant}` has already registered")]
    AlreadyRegistered {
        /// The stage.
        stage: String,
        /// The registrant.
        registrant: String,
    },
    /// A person not on the list the stage works from.
    #[error("stage `{stage}`: `{person}` is not on the list this stage works from")]
    NotOnList {
        /// The stage.
        stage: String,
        /// The person.
        person: String,
    },
    /// A matter decided twice.
    #[error("stage `{stage}` has already decided {what}")]
    AlreadyDecided {
        /// The stage.
        stage: String,
        /// What.
        what: String,
    },
    /// A decision that picks another number than declared.
    #[error("stage `{stage}` picks exactly {expected}, not {found}")]
    WrongPick {
        /// The stage.
        stage: String,
        /// Declared.
        expected: u32,
        /// Picked.
        found: usize,
    },
    /// A lot secret that does not match its commitment.
    #[error("stage `{stage}`: `{registrant}`'s secret does not match the lot commitment of their registration")]
    LotMismatch {
        /// The stage.
        stage: String,
        /// The registrant.
        registrant: String,
    },
    /// An election that is not on the board, not the one named, or whose candidates differ
    /// from the stage's list.
    #[error("stage `{stage}`: {problem}")]
    CandidatesDiffer {
        /// The stage.
        stage: String,
        /// What differs.
        problem: String,
    },
    /// A vote stage closed before its election's result.
    #[error("stage `{stage}`: election `{election}` has no result yet")]
    ElectionUndecided {
        /// The stage.
        stage: String,
        /// The election.
        election: String,
    },
    /// A petition below its share.
    #[error("stage `{stage}`: {signers} signers, but at least {needed} are needed")]
    PetitionShort {
        /// The stage.
        stage: String,
        /// Distinct signers.
        signers: usize,
        /// The least number.
        needed: u64,
    },
    /// A stage closed before it was finished.
    #[error("stage `{stage}` cannot close yet: {missing}")]
    Incomplete {
        /// The stage.
        stage: String,
        /// What is missing.
        missing: String,
    },
    /// A list that is not the one the stage's rule gives.
    #[error("stage `{stage}`: the list of `{post}` should be [{expected}], not [{found}]")]
    ListMismatch {
        /// The stage.
        stage: String,
        /// The post (or "order" for a lot).
        post: String,
        /// What the rule gives.
        expected: String,
        /// What was published.
        found: String,
    },
    /// An entry stamped earlier than the one before it.
    #[error("entry stamped {found} UTC, before the previous entry's {previous} UTC")]
    StampOrder {
        /// This entry's stamp.
        found: String,
        /// The previous stamp.
        previous: String,
    },
}

impl ProcedureRejection {
    /// The stable code (`spec/board.md` §8).
    pub fn code(&self) -> ErrorCode {
        use ProcedureRejection::*;
        match self {
            NotAPlan => ErrorCode::NotAPlan,
            Plan(_) => ErrorCode::InvalidPlan,
            BadSignature { .. } => ErrorCode::BadSignature,
            UnknownStage(_) => ErrorCode::UnknownStage,
            WrongStageKind { .. } => ErrorCode::WrongStageKind,
            OutOfOrder { .. } => ErrorCode::StageOutOfOrder,
            PublicityRunning { .. } => ErrorCode::PublicityPeriodRunning,
            ObjectionPending { .. } => ErrorCode::ObjectionPending,
            OutsidePublicity { .. } => ErrorCode::OutsidePublicityPeriod,
            NoticeTooShort { .. } => ErrorCode::NoticeTooShort,
            OutsideRegistrationWindow { .. } => ErrorCode::OutsideRegistrationWindow,
            InvalidRegistration { .. } => ErrorCode::InvalidRegistration,
            AlreadyRegistered { .. } => ErrorCode::AlreadyRegistered,
            NotOnList { .. } => ErrorCode::NotOnList,
            AlreadyDecided { .. } => ErrorCode::AlreadyDecided,
            WrongPick { .. } => ErrorCode::WrongPick,
            LotMismatch { .. } => ErrorCode::LotMismatch,
            CandidatesDiffer { .. } => ErrorCode::CandidatesDiffer,
            ElectionUndecided { .. } => ErrorCode::ElectionUndecided,
            PetitionShort { .. } => ErrorCode::PetitionShort,
            Incomplete { .. } => ErrorCode::StageIncomplete,
            ListMismatch { .. } => ErrorCode::ListMismatch,
            StampOrder { .. } => ErrorCode::StampOrder,
        }
    }
}
