//! Why an entry was refused: a stable machine-readable code and a sentence a person can act
//! on. The board answers a refused write with both (HTTP 4xx); the verifier reports the
//! same for an entry a record should not contain.

use thiserror::Error;

use crate::code::ErrorCode;
use crate::kind::EntryKind;
use zhixuan_election::{ChainError, CredentialListError, DecideError};
use zhixuan_tally::{BallotError, CeremonyError, DecryptionError, TrusteeIndex};

/// The phase of an election's lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Definition published; credential lists and the key ceremony under way.
    Setup,
    /// Ballots accepted.
    Voting,
    /// Voting closed; waiting for the encrypted tally.
    Closed,
    /// Tally published; trustees decrypting.
    Tallied,
    /// Result published; nothing more is accepted.
    Decided,
    /// Withdrawn by the organiser before voting opened; nothing more is accepted.
    Withdrawn,
}

impl Phase {
    /// Every phase: the lifecycle's in order ([`Phase::LIFECYCLE`]), then the end of an
    /// election withdrawn before voting.
    pub const ALL: [Phase; 6] = [
        Phase::Setup,
        Phase::Voting,
        Phase::Closed,
        Phase::Tallied,
        Phase::Decided,
        Phase::Withdrawn,
    ];

    /// The phases an election that is not withdrawn goes through, in order.
    pub const LIFECYCLE: [Phase; 5] = [
        Phase::Setup,
        Phase::Voting,
        Phase::Closed,
        Phase::Tallied,
        Phase::Decided,
    ];

    /// The phase as people say it, in Chinese and in English: what the board's pages and
    /// the `zhixuan` command show.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Phase::Setup => (
                "准备阶段（密钥生成与凭证名单）",
                "setup (key ceremony and credential lists)",
            ),
            Phase::Voting => ("投票进行中", "voting open"),
            Phase::Closed => ("投票已结束，等待计票", "voting closed, awaiting the tally"),
            Phase::Tallied => ("已计票，等待监督委员解密", "tallied, awaiting decryption"),
            Phase::Decided => ("结果已公布", "result published"),
            Phase::Withdrawn => ("已撤回（投票前）", "withdrawn before voting"),
        }
    }
}

impl core::fmt::Display for Phase {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.words().1)
    }
}

/// Why an entry was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
// Each variant's message is its documentation.
#[allow(missing_docs)]
pub enum Rejection {
    #[error("the first entry of an election must be its definition")]
    NotADefinition,
    #[error("the definition is already published; an election has one definition")]
    DefinitionExists,
    #[error("a {kind} entry is not accepted while the election is in phase: {phase}")]
    WrongPhase { kind: EntryKind, phase: Phase },
    #[error("the {what} signature does not verify with the {signer}'s key")]
    BadSignature { what: EntryKind, signer: String },
    #[error("credential list: {0}")]
    CredentialList(CredentialListError),
    #[error("the credential list for group `{group}` is already published")]
    DuplicateCredentialList { group: String },
    #[error("credential {credential} is on the lists of two groups")]
    CredentialInTwoGroups { credential: String },
    #[error("key ceremony: {0}")]
    Ceremony(CeremonyError),
    #[error("trustee {0} already published its dealing")]
    DuplicateDealing(TrusteeIndex),
    #[error("trustee {recipient} already complained about trustee {dealer}")]
    DuplicateComplaint {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    },
    #[error("trustee {recipient} has already answered trustee {dealer}'s dealing (acknowledged or complained)")]
    DealingAlreadyAnswered {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    },
    #[error(
        "the acknowledgement names another dealing than trustee {dealer}'s dealing on this board"
    )]
    AcknowledgementMismatch { dealer: TrusteeIndex },
    #[error("voting cannot open: trustee {recipient} has not yet acknowledged or complained about trustee {dealer}'s dealing")]
    UnansweredDealing {
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    },
    #[error("voting cannot open: the credential list of group `{group}` is not published")]
    MissingCredentialList { group: String },
    #[error("voting cannot open: {qualified} trustees' dealings qualified, at least {threshold} are needed")]
    TooFewDealers { qualified: usize, threshold: u32 },
    #[error("the election key does not match the one the key ceremony produced")]
    WrongElectionKey,
    #[error("the ballot's credential is not on any voter group's list")]
    UnknownCredential,
    #[error("the audited ballot names voter group `{group}`, which this election does not have")]
    UnknownGroup { group: String },
    #[error("the ballot was received at {at}, outside the voting window ({opens} to {closes})")]
    OutsideWindow {
        at: String,
        opens: String,
        closes: String,
    },
    #[error("voting cannot open: the voting window closed at {closes}, before the board received this at {at}")]
    VotingWindowPassed { at: String, closes: String },
    #[error("the entry is stamped {at}, earlier than the entry before it ({previous})")]
    StampOrder { at: String, previous: String },
    #[error("this credential has already cast a ballot and the election allows one ballot per credential")]
    AlreadyVoted,
    #[error("this exact ballot is already on the board (tracking code {tracking_code})")]
    DuplicateBallot { tracking_code: String },
    #[error("this ballot was audited (opened); an audited ballot can never be cast")]
    AuditedBallotCast,
    #[error("ballot: {0}")]
    Ballot(BallotError),
    #[error("the tally of group `{group}` is not the sum of its counted ballots")]
    TallyMismatch { group: String },
    #[error("the tally lists groups {found:?}, expected {expected:?}")]
    TallyGroups {
        expected: Vec<String>,
        found: Vec<String>,
    },
    #[error("trustee {0} already published its partial decryption")]
    DuplicateDecryption(TrusteeIndex),
    #[error("partial decryption: {0}")]
    Decryption(DecryptionError),
    #[error("the published counts differ from the decrypted counts")]
    CountsMismatch,
    #[error("the published outcome differs from the outcome the definition's rules give")]
    OutcomeMismatch,
    #[error("outcome: {0}")]
    Decide(DecideError),
    #[error("this round does not follow from the earlier rounds: {0}")]
    RoundChain(ChainError),
    #[error("the attendance of group `{group}` is already published")]
    DuplicateAttendance { group: String },
    #[error("{present} declared present in group `{group}`, more than its {eligible} credentials")]
    AttendanceAboveEligible {
        group: String,
        present: u64,
        eligible: u64,
    },
    #[error("group `{group}` cast {cast} ballots, but only {present} were declared present")]
    AttendanceBelowBallots {
        group: String,
        present: u64,
        cast: u64,
    },
    #[error("contest `{contest}` needs a majority of those present, but group `{group}` has no attendance on the board")]
    AttendanceMissing { group: String, contest: String },
    #[error(
        "voting has opened (phase: {phase}); an election can be withdrawn only before voting opens"
    )]
    WithdrawalAfterOpening { phase: Phase },
    #[error("the election was withdrawn before voting; no {kind} entry is accepted after its withdrawal")]
    ElectionWithdrawn { kind: EntryKind },
    #[error("{0}")]
    Malformed(String),
}

impl Rejection {
    /// A stable machine-readable code, for clients and for the verifier's JSON report.
    pub fn code(&self) -> ErrorCode {
        match self {
            Rejection::NotADefinition => ErrorCode::NotADefinition,
            Rejection::DefinitionExists => ErrorCode::DefinitionExists,
            Rejection::WrongPhase { .. } => ErrorCode::WrongPhase,
            Rejection::BadSignature { .. } => ErrorCode::BadSignature,
            Rejection::CredentialList(_) => ErrorCode::InvalidCredentialList,
            Rejection::DuplicateCredentialList { .. } => ErrorCode::DuplicateCredentialList,
            Rejection::CredentialInTwoGroups { .. } => ErrorCode::CredentialInTwoGroups,
            Rejection::Ceremony(_) => ErrorCode::InvalidCeremonyMessage,
            Rejection::DuplicateDealing(_) => ErrorCode::DuplicateDealing,
            Rejection::DuplicateComplaint { .. } => ErrorCode::DuplicateComplaint,
            Rejection::DealingAlreadyAnswered { .. } => ErrorCode::DealingAlreadyAnswered,
            Rejection::AcknowledgementMismatch { .. } => ErrorCode::AcknowledgementMismatch,
            Rejection::UnansweredDealing { .. } => ErrorCode::UnansweredDealing,
            Rejection::MissingCredentialList { .. } => ErrorCode::MissingCredentialList,
            Rejection::TooFewDealers { .. } => ErrorCode::TooFewDealers,
            Rejection::WrongElectionKey => ErrorCode::WrongElectionKey,
            Rejection::UnknownCredential => ErrorCode::UnknownCredential,
            Rejection::UnknownGroup { .. } => ErrorCode::UnknownGroup,
            Rejection::OutsideWindow { .. } => ErrorCode::OutsideVotingWindow,
            Rejection::VotingWindowPassed { .. } => ErrorCode::VotingWindowPassed,
            Rejection::StampOrder { .. } => ErrorCode::StampOrder,
            Rejection::AlreadyVoted => ErrorCode::AlreadyVoted,
            Rejection::DuplicateBallot { .. } => ErrorCode::DuplicateBallot,
            Rejection::AuditedBallotCast => ErrorCode::AuditedBallotCast,
            Rejection::Ballot(_) => ErrorCode::InvalidBallot,
            Rejection::TallyMismatch { .. } => ErrorCode::TallyMismatch,
            Rejection::TallyGroups { .. } => ErrorCode::TallyGroups,
            Rejection::DuplicateDecryption(_) => ErrorCode::DuplicateDecryption,
            Rejection::Decryption(_) => ErrorCode::InvalidDecryption,
            Rejection::CountsMismatch => ErrorCode::CountsMismatch,
            Rejection::OutcomeMismatch => ErrorCode::OutcomeMismatch,
            Rejection::Decide(_) => ErrorCode::OutcomeError,
            Rejection::RoundChain(_) => ErrorCode::RoundChain,
            Rejection::DuplicateAttendance { .. } => ErrorCode::DuplicateAttendance,
            Rejection::AttendanceAboveEligible { .. } => ErrorCode::AttendanceAboveEligible,
            Rejection::AttendanceBelowBallots { .. } => ErrorCode::AttendanceBelowBallots,
            Rejection::AttendanceMissing { .. } => ErrorCode::AttendanceMissing,
            Rejection::WithdrawalAfterOpening { .. } => ErrorCode::WithdrawalAfterOpening,
            Rejection::ElectionWithdrawn { .. } => ErrorCode::ElectionWithdrawn,
            Rejection::Malformed(_) => ErrorCode::Malformed,
        }
    }
}
