//! The kinds of entries of an election's log (`spec/board.md` §2.2).

use core::fmt;

use serde::{Deserialize, Serialize};
use zhixuan_election::Lang;

use crate::step::Step;

/// The kind of an entry: its name in JSON and in a signed message's statement, and its
/// number in a leaf (`spec/board.md` §2.2, §2.4, §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The election definition (always entry 0), signed by the organiser.
    Definition,
    /// One voter group's public credentials, signed by the organiser.
    CredentialList,
    /// A trustee's key-ceremony commitments and encrypted shares.
    Dealing,
    /// A trustee's complaint against a dealer's share.
    Complaint,
    /// Voting opens, with the election key the ceremony produced (organiser).
    OpenVoting,
    /// An encrypted ballot, signed with the voter's credential.
    Ballot,
    /// A ballot opened instead of cast (Benaloh), unsigned.
    AuditedBallot,
    /// Voting closes (organiser).
    CloseVoting,
    /// Each group's encrypted tally (organiser).
    Tally,
    /// A trustee's decryption shares, with proofs.
    PartialDecryption,
    /// The counts and the outcome (organiser).
    Result,
    /// A recipient trustee's acceptance of one dealing.
    Acknowledgement,
    /// The election withdrawn before voting opens, with a reason and the election that
    /// replaces it, if any (organiser).
    Withdrawal,
    /// A voter group's members present at the meeting (organiser).
    Attendance,
    /// A procedure's plan (always entry 0 of its log), signed by the organiser.
    Plan = 14,
    /// A meeting's notice (公告), signed by the organiser.
    Announcement = 15,
    /// A registrant (报名), signed by the registrant.
    Registration = 16,
    /// The reviewing body's decision on one registrant (资格审查).
    ReviewDecision = 17,
    /// An objection (异议) to a stage's published list.
    Objection = 18,
    /// The answer to an objection.
    ObjectionAnswer = 19,
    /// A registrant's lot secret (抽签).
    LotReveal = 20,
    /// The election that votes on a stage's list (organiser).
    StageElection = 21,
    /// A body's decision picking names from a list (考察, 差额票决).
    Decision = 22,
    /// A recall petition's signers (罢免联名).
    Petition = 23,
    /// The higher body's filing (备案) or approval (批准) of the lists.
    Endorsement = 24,
    /// A published question and answer (质询答辩) or pledge (承诺).
    Statement = 25,
    /// A stage's list, closing it and starting its publicity period (organiser).
    StageClose = 26,
}

impl EntryKind {
    /// Every kind, by number.
    pub const ALL: [EntryKind; 27] = [
        EntryKind::Definition,
        EntryKind::CredentialList,
        EntryKind::Dealing,
        EntryKind::Complaint,
        EntryKind::OpenVoting,
        EntryKind::Ballot,
        EntryKind::AuditedBallot,
        EntryKind::CloseVoting,
        EntryKind::Tally,
        EntryKind::PartialDecryption,
        EntryKind::Result,
        EntryKind::Acknowledgement,
        EntryKind::Withdrawal,
        EntryKind::Attendance,
        EntryKind::Plan,
        EntryKind::Announcement,
        EntryKind::Registration,
        EntryKind::ReviewDecision,
        EntryKind::Objection,
        EntryKind::ObjectionAnswer,
        EntryKind::LotReveal,
        EntryKind::StageElection,
        EntryKind::Decision,
        EntryKind::Petition,
        EntryKind::Endorsement,
        EntryKind::Statement,
        EntryKind::StageClose,
    ];

    /// The kind's name, as in JSON and in signed messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Definition => "definition",
            EntryKind::CredentialList => "credential_list",
            EntryKind::Dealing => "dealing",
            EntryKind::Complaint => "complaint",
            EntryKind::OpenVoting => "open_voting",
            EntryKind::Ballot => "ballot",
            EntryKind::AuditedBallot => "audited_ballot",
            EntryKind::CloseVoting => "close_voting",
            EntryKind::Tally => "tally",
            EntryKind::PartialDecryption => "partial_decryption",
            EntryKind::Result => "result",
            EntryKind::Acknowledgement => "acknowledgement",
            EntryKind::Withdrawal => "withdrawal",
            EntryKind::Attendance => "attendance",
            EntryKind::Plan => "plan",
            EntryKind::Announcement => "announcement",
            EntryKind::Registration => "registration",
            EntryKind::ReviewDecision => "review_decision",
            EntryKind::Objection => "objection",
            EntryKind::ObjectionAnswer => "objection_answer",
            EntryKind::LotReveal => "lot_reveal",
            EntryKind::StageElection => "stage_election",
            EntryKind::Decision => "decision",
            EntryKind::Petition => "petition",
            EntryKind::Endorsement => "endorsement",
            EntryKind::Statement => "statement",
            EntryKind::StageClose => "stage_close",
        }
    }

    /// The kind's number in a leaf (`spec/board.md` §2.4).
    pub fn number(self) -> u64 {
        self as u64
    }

    /// What the kind is called in a sentence such as "the board refused the ballot".
    pub fn words(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            EntryKind::Definition => ("选举定义", "the election definition"),
            EntryKind::CredentialList => ("凭证名单", "the credential list"),
            EntryKind::Dealing => ("密钥分发", "the dealing"),
            EntryKind::Complaint => ("投诉", "the complaint"),
            EntryKind::OpenVoting => ("开始投票", "opening the vote"),
            EntryKind::Ballot => ("选票", "the ballot"),
            EntryKind::AuditedBallot => ("核验选票", "the audited ballot"),
            EntryKind::CloseVoting => ("结束投票", "closing the vote"),
            EntryKind::Tally => ("加密计票结果", "the encrypted tally"),
            EntryKind::PartialDecryption => ("部分解密", "the partial decryption"),
            EntryKind::Result => ("选举结果", "the result"),
            EntryKind::Acknowledgement => ("密钥分发确认", "the acknowledgement"),
            EntryKind::Withdrawal => ("撤回选举", "the withdrawal"),
            EntryKind::Attendance => ("到会人数", "the attendance"),
            EntryKind::Plan => ("程序方案", "the procedure's plan"),
            EntryKind::Announcement => ("公告", "the announcement"),
            EntryKind::Registration => ("报名", "the registration"),
            EntryKind::ReviewDecision => ("资格审查决定", "the review decision"),
            EntryKind::Objection => ("异议", "the objection"),
            EntryKind::ObjectionAnswer => ("异议答复", "the answer to the objection"),
            EntryKind::LotReveal => ("抽签揭示", "the lot reveal"),
            EntryKind::StageElection => ("阶段选举", "the stage's election"),
            EntryKind::Decision => ("决定", "the decision"),
            EntryKind::Petition => ("罢免联名", "the petition"),
            EntryKind::Endorsement => ("备案或批准", "the filing or approval"),
            EntryKind::Statement => ("公开事项", "the statement"),
            EntryKind::StageClose => ("阶段名单公示", "the stage's list"),
        };
        lang.pick(zh, en)
    }

    /// The step of verification that checks entries of this kind
    /// (`spec/verification.md`).
    pub fn step(self) -> Step {
        match self {
            EntryKind::Definition | EntryKind::Withdrawal => Step::Record,
            EntryKind::CredentialList => Step::Credentials,
            EntryKind::Dealing
            | EntryKind::Complaint
            | EntryKind::Acknowledgement
            | EntryKind::OpenVoting => Step::Ceremony,
            EntryKind::Ballot
            | EntryKind::AuditedBallot
            | EntryKind::CloseVoting
            | EntryKind::Attendance => Step::Ballots,
            EntryKind::Tally => Step::Tally,
            EntryKind::PartialDecryption => Step::Decryption,
            EntryKind::Result => Step::Outcome,
            EntryKind::Plan
            | EntryKind::Announcement
            | EntryKind::Registration
            | EntryKind::ReviewDecision
            | EntryKind::Objection
            | EntryKind::ObjectionAnswer
            | EntryKind::LotReveal
            | EntryKind::StageElection
            | EntryKind::Decision
            | EntryKind::Petition
            | EntryKind::Endorsement
            | EntryKind::Statement
            | EntryKind::StageClose => Step::Procedure,
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for EntryKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_numbered_in_order_and_named_as_serde_names_them() {
        let numbers: Vec<u64> = EntryKind::ALL.iter().map(|k| k.number()).collect();
        // spec/board.md §2.2: an election's kinds 0 to 13; a procedure's kinds 14 to 26
        // (spec/procedure.md §3).
        let expected: Vec<u64> = (0..=26).collect();
        assert_eq!(numbers, expected);
        for kind in EntryKind::ALL {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
