//! The entries of a procedure's log (`spec/procedure.md` §3), one kind per thing a stage
//! publishes.
//!
//! | kind | signed by | body |
//! |---|---|---|
//! | `plan` | organiser | the plan (always entry 0) |
//! | `announcement` | organiser | a meeting's notice |
//! | `registration` | the registrant's own key | a registrant, their posts, channel, signers, lot commitment |
//! | `review_decision` | the reviewing body | one registrant qualified or not, with the reason |
//! | `objection` | the objector's own key | an objection to a stage's published list |
//! | `objection_answer` | the stage's body, or the organiser | the answer, upheld or not |
//! | `lot_reveal` | the registrant | the secret behind their lot commitment |
//! | `stage_election` | organiser | the election that votes on a stage's list |
//! | `decision` | the deciding body | the names it picks |
//! | `petition` | organiser | the signers of a recall petition |
//! | `endorsement` | the filing or approving body | the lists it files or approves |
//! | `statement` | organiser | a question and answer, or a pledge |
//! | `stage_close` | organiser | a stage's list, which starts its publicity period |

use serde::{Deserialize, Serialize};
use zhixuan_election::{Bilingual, Candidate, Channel, ProcedurePlan};
use zhixuan_tally::{ElectionHash, Encode, Encoder, VerifyingKey};

use crate::kind::EntryKind;
use crate::signed::{Message, Signed};

/// One published item of a procedure's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "body",
    rename_all = "snake_case",
    deny_unknown_fields
)]
// Variants are named for their kind (see the table above).
#[allow(missing_docs)]
pub enum ProcedureEntry {
    Plan(Signed<ProcedurePlan>),
    Announcement(Signed<Announcement>),
    Registration(Signed<Registration>),
    ReviewDecision(Signed<ReviewDecision>),
    Objection(Signed<Objection>),
    ObjectionAnswer(Signed<ObjectionAnswer>),
    LotReveal(Signed<LotReveal>),
    StageElection(Signed<StageElection>),
    Decision(Signed<Decision>),
    Petition(Signed<Petition>),
    Endorsement(Signed<Endorsement>),
    Statement(Signed<Statement>),
    StageClose(Signed<StageClose>),
}

macro_rules! procedure_entries {
    ($($variant:ident,)*) => {
        impl ProcedureEntry {
            /// The entry's kind.
            pub fn kind(&self) -> EntryKind {
                match self {
                    ProcedureEntry::Plan(_) => EntryKind::Plan,
                    $(ProcedureEntry::$variant(_) => EntryKind::$variant,)*
                }
            }

            /// The stage the entry belongs to; none for the plan.
            pub fn stage(&self) -> Option<&str> {
                match self {
                    ProcedureEntry::Plan(_) => None,
                    $(ProcedureEntry::$variant(s) => s.body.stage(),)*
                }
            }
        }

        impl Encode for ProcedureEntry {
            /// `u64(kind number) ‖ enc(body) ‖ enc(signature)` (`spec/procedure.md` §3).
            fn encode(&self, enc: &mut Encoder) {
                enc.u64(self.kind().number());
                match self {
                    ProcedureEntry::Plan(s) => enc.value(s),
                    $(ProcedureEntry::$variant(s) => enc.value(s),)*
                };
            }
        }
    };
}

procedure_entries! {
    Announcement,
    Registration,
    ReviewDecision,
    Objection,
    ObjectionAnswer,
    LotReveal,
    StageElection,
    Decision,
    Petition,
    Endorsement,
    Statement,
    StageClose,
}

/// A stage entry's body: it names its stage.
trait StageBody {
    fn stage(&self) -> Option<&str>;
}

macro_rules! bodies {
    ($($body:ident => $kind:ident,)*) => {
        $(
            impl Message for $body {
                const KIND: EntryKind = EntryKind::$kind;
            }
            impl StageBody for $body {
                fn stage(&self) -> Option<&str> {
                    Some(&self.stage)
                }
            }
        )*
    };
}

bodies! {
    Announcement => Announcement,
    Registration => Registration,
    ReviewDecision => ReviewDecision,
    Objection => Objection,
    ObjectionAnswer => ObjectionAnswer,
    LotReveal => LotReveal,
    StageElection => StageElection,
    Decision => Decision,
    Petition => Petition,
    Endorsement => Endorsement,
    Statement => Statement,
    StageClose => StageClose,
}

impl Message for ProcedurePlan {
    const KIND: EntryKind = EntryKind::Plan;
}

/// 公告: the notice of a meeting, published by the organiser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    /// The announcement stage.
    pub stage: String,
    /// The time, place and procedure, as posted.
    pub text: Bilingual,
}

/// 报名: a registrant put forward through one channel, signed by the registrant's own key
/// (their consent to stand).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The registration stage.
    pub stage: String,
    /// Who: an id unique in the procedure, and the name on the lists.
    pub registrant: Candidate,
    /// The registrant's key: it signs this registration and their lot reveal.
    pub key: VerifyingKey,
    /// How they were put forward.
    pub channel: Channel,
    /// The posts applied for, in order of preference.
    pub posts: Vec<String>,
    /// The signers of a joint nomination (names, published as on paper); empty otherwise.
    pub signers: Vec<String>,
    /// `tagged_hash("zhixuan-v1/lot-commitment", secret)` for the speaking-order lot
    /// (`spec/procedure.md` §5); absent if the registrant takes no part in drawing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_commitment: Option<ElectionHash>,
}

/// 资格审查: the reviewing body's decision on one registrant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecision {
    /// The review stage.
    pub stage: String,
    /// The registrant's id.
    pub registrant: String,
    /// Whether they qualify.
    pub qualified: bool,
    /// Why: required when they do not qualify.
    pub reason: Bilingual,
}

/// 异议: an objection to a stage's published list, during its publicity period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    /// The stage whose list is objected to.
    pub stage: String,
    /// The objector's key (which signs the objection; it need not be known beforehand).
    pub key: VerifyingKey,
    /// The objection.
    pub text: Bilingual,
}

/// The answer to an objection, by the stage's body (the organiser if it has none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionAnswer {
    /// The stage objected to.
    pub stage: String,
    /// The objection's index in the log.
    pub objection: u64,
    /// Whether the objection is upheld: an upheld objection stops the procedure before the
    /// next stage (the organiser publishes a corrected plan as a new procedure).
    pub upheld: bool,
    /// The answer.
    pub text: Bilingual,
}

/// The secret behind a registrant's lot commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotReveal {
    /// The lot stage.
    pub stage: String,
    /// The registrant's id.
    pub registrant: String,
    /// 32 random bytes, committed to at registration.
    pub secret: ElectionHash,
}

/// The election that votes on a stage's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageElection {
    /// The vote stage.
    pub stage: String,
    /// The election's id on the same board.
    pub election_id: String,
    /// Its definition hash.
    pub definition_hash: ElectionHash,
}

/// A body's decision: the names it picks from a post's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The decision stage.
    pub stage: String,
    /// The ids picked, in the body's order.
    pub chosen: Vec<String>,
    /// The body's reasons (what it weighed).
    pub reasons: Bilingual,
}

/// A recall petition's signers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Petition {
    /// The petition stage.
    pub stage: String,
    /// The members who signed (names, published as on paper).
    pub signers: Vec<String>,
}

/// One post's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostList {
    /// The post.
    pub post: String,
    /// The people on it, by id.
    pub people: Vec<String>,
}

/// A higher body files (备案) or approves (批准) the lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endorsement {
    /// The filing or approval stage.
    pub stage: String,
    /// Every post's list, as it stands.
    pub lists: Vec<PostList>,
}

/// A published statement: a question and its answer, or a pledge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The publication stage.
    pub stage: String,
    /// Whose statement (a person's id on the lists, or an official's).
    pub person: String,
    /// The question and answer, or the pledge.
    pub text: Bilingual,
}

/// A stage's close: its list, which the rule of the stage must give, published for the
/// stage's publicity period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageClose {
    /// The stage closed.
    pub stage: String,
    /// Every post's list after the stage, in plan order.
    pub lists: Vec<PostList>,
    /// For a lot: the speaking order drawn; empty for every other stage.
    pub order: Vec<String>,
}

impl Encode for Announcement {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).value(&self.text);
    }
}

impl Encode for Registration {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage)
            .value(&self.registrant)
            .value(&self.key)
            .value(&self.channel)
            .seq(&self.posts)
            .seq(&self.signers)
            .value(&self.lot_commitment);
    }
}

impl Encode for ReviewDecision {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage)
            .str(&self.registrant)
            .u64(u64::from(self.qualified))
            .value(&self.reason);
    }
}

impl Encode for Objection {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).value(&self.key).value(&self.text);
    }
}

impl Encode for ObjectionAnswer {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage)
            .u64(self.objection)
            .u64(u64::from(self.upheld))
            .value(&self.text);
    }
}

impl Encode for LotReveal {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage)
            .str(&self.registrant)
            .value(&self.secret);
    }
}

impl Encode for StageElection {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage)
            .str(&self.election_id)
            .value(&self.definition_hash);
    }
}

impl Encode for Decision {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).seq(&self.chosen).value(&self.reasons);
    }
}

impl Encode for Petition {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).seq(&self.signers);
    }
}

impl Encode for PostList {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.post).seq(&self.people);
    }
}

impl Encode for Endorsement {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).seq(&self.lists);
    }
}

impl Encode for Statement {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).str(&self.person).value(&self.text);
    }
}

impl Encode for StageClose {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.stage).seq(&self.lists).seq(&self.order);
    }
}
