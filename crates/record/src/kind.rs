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
    /// A voter group's members present at the meeting (organiser). Leaf number 13; 12 is
    /// reserved for another kind.
    Attendance = 13,
}

impl EntryKind {
    /// Every kind, by number.
    pub const ALL: [EntryKind; 13] = [
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
        EntryKind::Attendance,
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
            EntryKind::Attendance => "attendance",
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
            EntryKind::Attendance => ("到会人数", "the attendance"),
        };
        lang.pick(zh, en)
    }

    /// The step of verification that checks entries of this kind
    /// (`spec/verification.md`).
    pub fn step(self) -> Step {
        match self {
            EntryKind::Definition => Step::Record,
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
        // spec/board.md §2.2: 0 to 11, then 13 (12 is reserved for another kind).
        assert_eq!(numbers, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
        for kind in EntryKind::ALL {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
