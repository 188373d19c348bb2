//! The numbered steps of verification, as `spec/verification.md` lists them, and which step
//! answers for each admission rule an entry can break: the board's rules and the
//! committee's report share this map.

use serde::Serialize;
use zhixuan_election::Lang;

use crate::kind::EntryKind;
use crate::rejection::Rejection;

/// One step of verification. The numbers are the spec's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 1. The record is well formed; the definition, its hash and signature; versions.
    Record,
    /// 2. The board's signed checkpoints against the log and against saved checkpoints.
    Checkpoints,
    /// 3. The key ceremony.
    Ceremony,
    /// 4. The credential lists.
    Credentials,
    /// 5. Every ballot and audited ballot.
    Ballots,
    /// 6. The encrypted tally against the counted ballots.
    Tally,
    /// 7. The partial decryptions and the counts.
    Decryption,
    /// 8. The outcome and the round chain.
    Outcome,
    /// Step 9, a procedure's stages: each list follows from the one before by its stage's
    /// rule, as `spec/procedure.md` says.
    Procedure,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 9] = [
        Step::Record,
        Step::Checkpoints,
        Step::Ceremony,
        Step::Credentials,
        Step::Ballots,
        Step::Tally,
        Step::Decryption,
        Step::Outcome,
        Step::Procedure,
    ];

    /// The steps of verifying an election's record (1–8): the index of each is its
    /// position.
    pub const ELECTION: [Step; 8] = [
        Step::Record,
        Step::Checkpoints,
        Step::Ceremony,
        Step::Credentials,
        Step::Ballots,
        Step::Tally,
        Step::Decryption,
        Step::Outcome,
    ];

    /// The step's number in `spec/verification.md`.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// What the step checks, in a few words.
    pub fn title(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Step::Record => (
                "记录格式、选举定义及其哈希",
                "Record, definition and its hash",
            ),
            Step::Checkpoints => ("公告板签名检查点", "Board's signed checkpoints"),
            Step::Ceremony => ("密钥生成仪式", "Key ceremony"),
            Step::Credentials => ("选民凭证名单", "Credential lists"),
            Step::Ballots => ("选票及其证明", "Ballots and their proofs"),
            Step::Tally => ("加密计票", "Encrypted tally"),
            Step::Decryption => ("门限解密与票数", "Threshold decryption and counts"),
            Step::Outcome => ("选举结果（按规则重算）", "Outcome, recomputed by the rules"),
            Step::Procedure => ("选举程序的各个阶段", "The procedure's stages"),
        };
        lang.pick(zh, en)
    }

    /// The step that answers for a refused entry of kind `kind`: the rule it broke where that
    /// names a step, its kind's otherwise.
    pub fn of_rejection(kind: EntryKind, rejection: &Rejection) -> Step {
        match rejection {
            Rejection::NotADefinition
            | Rejection::DefinitionExists
            | Rejection::WithdrawalAfterOpening { .. }
            | Rejection::ElectionWithdrawn { .. } => Step::Record,
            Rejection::CredentialList(_)
            | Rejection::DuplicateCredentialList { .. }
            | Rejection::CredentialInTwoGroups { .. }
            | Rejection::MissingCredentialList { .. } => Step::Credentials,
            // A partial decryption names its trustee; an index that is no trustee's is a
            // fault of the decryption, not of the ceremony.
            Rejection::Ceremony(_) if kind == EntryKind::PartialDecryption => Step::Decryption,
            Rejection::Ceremony(_)
            | Rejection::DuplicateDealing(_)
            | Rejection::DuplicateComplaint { .. }
            | Rejection::DealingAlreadyAnswered { .. }
            | Rejection::AcknowledgementMismatch { .. }
            | Rejection::UnansweredDealing { .. }
            | Rejection::TooFewDealers { .. }
            | Rejection::WrongElectionKey
            | Rejection::VotingWindowPassed { .. } => Step::Ceremony,
            Rejection::UnknownCredential
            | Rejection::UnknownGroup { .. }
            | Rejection::OutsideWindow { .. }
            | Rejection::AlreadyVoted
            | Rejection::DuplicateBallot { .. }
            | Rejection::AuditedBallotCast
            | Rejection::Ballot(_)
            | Rejection::DuplicateAttendance { .. }
            | Rejection::AttendanceAboveEligible { .. } => Step::Ballots,
            Rejection::TallyMismatch { .. } | Rejection::TallyGroups { .. } => Step::Tally,
            Rejection::DuplicateDecryption(_)
            | Rejection::Decryption(_)
            | Rejection::CountsMismatch => Step::Decryption,
            Rejection::OutcomeMismatch
            | Rejection::Decide(_)
            | Rejection::RoundChain(_)
            | Rejection::AttendanceBelowBallots { .. }
            | Rejection::AttendanceMissing { .. } => Step::Outcome,
            // An entry out of time order is the fault of the entry, under its own step.
            Rejection::WrongPhase { .. }
            | Rejection::BadSignature { .. }
            | Rejection::StampOrder { .. }
            | Rejection::Malformed(_) => kind.step(),
        }
    }
}

#[cfg(test)]
mod tests {
    use zhixuan_tally::{CeremonyError, TrusteeIndex};

    use super::*;

    #[test]
    fn an_unknown_trustee_is_the_fault_of_the_entry_that_names_it() {
        let unknown = || Rejection::Ceremony(CeremonyError::UnknownTrustee(TrusteeIndex(9)));
        assert_eq!(
            Step::of_rejection(EntryKind::PartialDecryption, &unknown()),
            Step::Decryption
        );
        assert_eq!(
            Step::of_rejection(EntryKind::Dealing, &unknown()),
            Step::Ceremony
        );
        assert_eq!(
            Step::of_rejection(EntryKind::Complaint, &unknown()),
            Step::Ceremony
        );
        assert_eq!(
            Step::of_rejection(EntryKind::OpenVoting, &unknown()),
            Step::Ceremony
        );
    }
}
