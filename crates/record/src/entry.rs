//! The entries of an election's log, one kind per step of the election.
//!
//! | kind | signed by | body |
//! |---|---|---|
//! | `definition` | organiser | the election definition (always entry 0) |
//! | `credential_list` | organiser | one voter group's public credentials |
//! | `dealing` | the dealing trustee | key-ceremony commitments and encrypted shares |
//! | `complaint` | the complaining trustee | a complaint against a dealer's share |
//! | `open_voting` | organiser | the election key the ceremony produced |
//! | `ballot` | the voter's credential | an encrypted ballot |
//! | `audited_ballot` | — (names its voter group, no credential) | a ballot opened instead of cast (Benaloh) |
//! | `close_voting` | organiser | — |
//! | `tally` | organiser | each group's encrypted tally |
//! | `partial_decryption` | the decrypting trustee | its decryption shares, with proofs |
//! | `result` | organiser | the counts and the outcome |
//! | `acknowledgement` | the acknowledging trustee | a recipient's acceptance of one dealing |
//! | `withdrawal` | organiser | the election withdrawn before voting opens: why, and what replaces it |
//! | `attendance` | organiser | a voter group's members present at the meeting |
//!
//! A leaf of the log is the canonical encoding of a [`LogEntry`]: the time the board
//! received it (Unix seconds, two's complement in a u64), the kind's number
//! ([`EntryKind::number`]), then the body.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zhixuan_election::{Counts, CredentialList, ElectionDefinition, Outcome};
use zhixuan_tally::{
    Acknowledgement, AuditedBallot, Ballot, Complaint, Dealing, ElectionKey, Encode, Encoder,
    EncryptedTally, PartialDecryption, TrusteeIndex,
};

use crate::kind::EntryKind;
use crate::signed::Signed;

/// One published item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "body",
    rename_all = "snake_case",
    deny_unknown_fields
)]
// Variants are named for their kind (see the table above). An entry is moved a few times
// per request; boxing the large variants would only add an allocation.
#[allow(missing_docs, clippy::large_enum_variant)]
pub enum Entry {
    Definition(Signed<ElectionDefinition>),
    CredentialList(Signed<CredentialList>),
    Dealing(Signed<Dealing>),
    Complaint(Signed<Complaint>),
    OpenVoting(Signed<OpenVoting>),
    Ballot(Ballot),
    AuditedBallot(AuditedBallot),
    CloseVoting(Signed<CloseVoting>),
    Tally(Signed<PublishedTally>),
    PartialDecryption(Signed<TrusteeDecryption>),
    Result(Signed<PublishedResult>),
    Acknowledgement(Signed<Acknowledgement>),
    Withdrawal(Signed<Withdrawal>),
    Attendance(Signed<Attendance>),
}

impl Entry {
    /// The entry's kind.
    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Definition(_) => EntryKind::Definition,
            Entry::CredentialList(_) => EntryKind::CredentialList,
            Entry::Dealing(_) => EntryKind::Dealing,
            Entry::Complaint(_) => EntryKind::Complaint,
            Entry::OpenVoting(_) => EntryKind::OpenVoting,
            Entry::Ballot(_) => EntryKind::Ballot,
            Entry::AuditedBallot(_) => EntryKind::AuditedBallot,
            Entry::CloseVoting(_) => EntryKind::CloseVoting,
            Entry::Tally(_) => EntryKind::Tally,
            Entry::PartialDecryption(_) => EntryKind::PartialDecryption,
            Entry::Result(_) => EntryKind::Result,
            Entry::Acknowledgement(_) => EntryKind::Acknowledgement,
            Entry::Withdrawal(_) => EntryKind::Withdrawal,
            Entry::Attendance(_) => EntryKind::Attendance,
        }
    }
}

impl Encode for Entry {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(self.kind().number());
        match self {
            Entry::Definition(s) => enc.value(s),
            Entry::CredentialList(s) => enc.value(s),
            Entry::Dealing(s) => enc.value(s),
            Entry::Complaint(s) => enc.value(s),
            Entry::OpenVoting(s) => enc.value(s),
            Entry::Ballot(b) => enc.value(b),
            Entry::AuditedBallot(a) => enc.value(a),
            Entry::CloseVoting(s) => enc.value(s),
            Entry::Tally(s) => enc.value(s),
            Entry::PartialDecryption(s) => enc.value(s),
            Entry::Result(s) => enc.value(s),
            Entry::Acknowledgement(s) => enc.value(s),
            Entry::Withdrawal(s) => enc.value(s),
            Entry::Attendance(s) => enc.value(s),
        };
    }
}

/// An entry as it stands in the log: its position, when the board received it, and what.
/// `E` is an election's [`Entry`], or a procedure's
/// [`ProcedureEntry`](crate::ProcedureEntry): both logs have the same leaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry<E = Entry> {
    /// The leaf index, from 0.
    pub index: u64,
    /// When the board received it (whole seconds, UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// The entry itself.
    #[serde(flatten)]
    pub entry: E,
}

impl<E: Encode> LogEntry<E> {
    /// The leaf's data: `received_at ‖ entry`; its position is not part of it.
    pub fn leaf_data(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        enc.u64(self.received_at.unix_timestamp() as u64)
            .value(&self.entry);
        enc.into_bytes()
    }

    /// The RFC 6962 leaf hash of [`Self::leaf_data`].
    pub fn leaf_hash(&self) -> crate::Hash {
        crate::hash_leaf(&self.leaf_data())
    }
}

/// The organiser opens voting under the key the ceremony produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenVoting {
    /// The key ballots are encrypted under; it must be the ceremony's.
    pub election_key: ElectionKey,
}

impl Encode for OpenVoting {
    fn encode(&self, enc: &mut Encoder) {
        enc.point(self.election_key.point());
    }
}

/// The organiser withdraws the election before voting opens (撤回), for example to correct
/// its definition: nothing more is accepted, and its slips are void (`spec/board.md` §5.5a).
/// A corrected definition is a new election, with its own id, ceremony and slips.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// Why, in the organiser's words: not empty, at most [`Withdrawal::MAX_REASON_CHARS`]
    /// characters, no control character but a line break.
    pub reason: String,
    /// The id of the election that replaces this one, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
}

impl Withdrawal {
    /// The longest reason, in characters.
    pub const MAX_REASON_CHARS: usize = 1000;

    /// What is wrong with this withdrawal of `election` in itself, if anything
    /// (`spec/board.md` §5.5a, rule 2).
    pub fn problem(&self, election: &str) -> Option<WithdrawalProblem> {
        let reason = &self.reason;
        if reason.trim().is_empty() {
            return Some(WithdrawalProblem::NoReason);
        }
        if reason.chars().count() > Self::MAX_REASON_CHARS {
            return Some(WithdrawalProblem::LongReason);
        }
        if reason.chars().any(|c| c.is_control() && c != '\n') {
            return Some(WithdrawalProblem::ControlCharacter);
        }
        match self.replaced_by.as_deref() {
            Some(id) if !zhixuan_election::is_valid_id(id) => {
                Some(WithdrawalProblem::InvalidReplacement { id: id.to_owned() })
            }
            Some(id) if id == election => Some(WithdrawalProblem::ReplacedByItself),
            _ => None,
        }
    }
}

/// What can be wrong with a [`Withdrawal`] in itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawalProblem {
    /// The reason is empty.
    #[error("the withdrawal gives no reason")]
    NoReason,
    /// The reason is too long.
    #[error(
        "the withdrawal's reason is longer than {} characters",
        Withdrawal::MAX_REASON_CHARS
    )]
    LongReason,
    /// The reason holds a control character other than a line break.
    #[error("the withdrawal's reason holds a control character")]
    ControlCharacter,
    /// `replaced_by` is not an election id.
    #[error(
        "`{id}` in replaced_by is not an election id (1 to 64 characters from a-z, 0-9 and -)"
    )]
    InvalidReplacement {
        /// What was given.
        id: String,
    },
    /// `replaced_by` names the withdrawn election itself.
    #[error("an election cannot be replaced by itself")]
    ReplacedByItself,
}

impl WithdrawalProblem {
    /// The problem in `lang`, for the person who wrote the withdrawal.
    pub fn words(&self, lang: zhixuan_election::Lang) -> String {
        match (self, lang) {
            (Self::NoReason, zhixuan_election::Lang::Zh) => "撤回选举必须写明理由".into(),
            (Self::LongReason, zhixuan_election::Lang::Zh) => {
                format!("撤回理由不能超过 {} 个字", Withdrawal::MAX_REASON_CHARS)
            }
            (Self::ControlCharacter, zhixuan_election::Lang::Zh) => {
                "撤回理由中含有控制字符（除换行外）".into()
            }
            (Self::InvalidReplacement { id }, zhixuan_election::Lang::Zh) => format!(
                "“{id}”不是选举编号：取代它的选举编号只能由 1 到 64 个小写字母、数字和“-”组成"
            ),
            (Self::ReplacedByItself, zhixuan_election::Lang::Zh) => {
                "选举不能由它自己取代：请给出新的选举编号".into()
            }
            (_, zhixuan_election::Lang::En) => self.to_string(),
        }
    }
}

impl Encode for Withdrawal {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.reason).value(&self.replaced_by);
    }
}

/// A voter group's members present at the meeting (到会), declared by the organiser before
/// voting closes: the base of a majority "of those present" (`spec/board.md` §5.6a,
/// `spec/rules.md` §7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// The voter group's id.
    pub group: String,
    /// Its members present, at most its credential list's size.
    pub present: u64,
}

impl Encode for Attendance {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group).u64(self.present);
    }
}

/// The organiser closes voting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseVoting {}

impl Encode for CloseVoting {
    fn encode(&self, _enc: &mut Encoder) {}
}

/// One voter group's encrypted tally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupTally {
    /// The group's id.
    pub group: String,
    /// The sum of the group's counted ballots.
    pub tally: EncryptedTally,
}

impl Encode for GroupTally {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group).value(&self.tally);
    }
}

/// Every group's encrypted tally, in the definition's group order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedTally {
    /// One per group.
    pub groups: Vec<GroupTally>,
}

impl Encode for PublishedTally {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(&self.groups);
    }
}

/// One trustee's partial decryption of every group's tally, in group order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrusteeDecryption {
    /// The trustee who decrypted (and signed).
    pub trustee: TrusteeIndex,
    /// One per group, each over that group's tally ciphertexts.
    pub groups: Vec<PartialDecryption>,
}

impl Encode for TrusteeDecryption {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.trustee).seq(&self.groups);
    }
}

/// The decrypted counts and the outcome the definition's rules give for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedResult {
    /// Per group, per question, per option.
    pub counts: Counts,
    /// `decide(definition, counts, earlier)`.
    pub outcome: Outcome,
}

impl Encode for PublishedResult {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.counts).value(&self.outcome);
    }
}
