//! The stages of a procedure and their rules (`spec/procedure.md` §2).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::fraction::Fraction;
use crate::lang::Lang;
use crate::text::Bilingual;
use zhixuan_tally::{Encode, Encoder};

/// A day of a notice or publicity period, in seconds: periods are counted in whole days of
/// 24 hours from the board's stamp (`spec/procedure.md` §4).
pub const SECONDS_PER_DAY: i64 = 86_400;

/// One stage of the procedure: what it produces and how long its list stays published
/// before the next stage may begin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// `[a-z0-9-]{1,64}`, unique in the plan.
    pub id: String,
    /// The stage's name, as on the notice board.
    pub name: Bilingual,
    /// The publicity period (公示期) of the stage's list, in days: the next stage may not
    /// begin until this many days after the list was published. 0 for none.
    pub publicity_days: u32,
    /// What the stage does, and the rule its list follows.
    pub rule: StageRule,
}

/// How a registrant was put forward (三荐).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 组织推荐: by the party organisation.
    Organisation,
    /// 个人自荐: self-nomination.
    #[serde(rename = "self")]
    SelfNomination,
    /// 党员群众联名举荐: joint nomination by members and residents, with its signers.
    Joint,
}

/// What a publication stage lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statements {
    /// 质询、答辩: questions put to the candidates or officials, and their answers.
    Questions,
    /// 承诺: pledges, to be followed up at the next year's report (述职).
    Pledges,
}

/// A stage's kind and rule (`spec/procedure.md` §2). In JSON the kind is the field `kind`
/// beside the rule's own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StageRule {
    /// 公告: the time, place and procedure of a meeting, published at least `notice_days`
    /// before it (Xinzhou: 3 days).
    Announcement {
        /// When the meeting begins.
        #[serde(with = "time::serde::rfc3339")]
        meeting: OffsetDateTime,
        /// The least notice, in whole days between the board's stamp and the meeting.
        notice_days: u32,
    },
    /// 报名: registrants put forward through the channels, inside the window.
    Registration {
        /// The first instant a registration is accepted.
        #[serde(with = "time::serde::rfc3339")]
        opens: OffsetDateTime,
        /// The first instant a registration is no longer accepted.
        #[serde(with = "time::serde::rfc3339")]
        closes: OffsetDateTime,
        /// The channels open, in the order of [`Channel`].
        channels: Vec<Channel>,
        /// The least number of signers of a joint nomination (a parameter: the reports
        /// give none).
        joint_signers_at_least: u32,
        /// The most posts one registrant may apply for (Pingchang: 2).
        posts_per_registrant_at_most: u32,
    },
    /// 资格审查: the body decides, registrant by registrant, who qualifies.
    Review {
        /// The reviewing body (a [`DecidingBody`] id).
        body: String,
    },
    /// 抽签: the speaking order of everyone on the lists, drawn by commit and reveal.
    Lot,
    /// A vote on the board: an election whose contest's candidates are exactly the post's
    /// list, and whose outcome is the post's next list.
    Vote {
        /// The post whose list is voted on.
        post: String,
        /// The contest of the election that carries the list.
        contest: String,
    },
    /// A decision by a body (考察, 差额票决): exactly `pick` people from the post's list.
    Decision {
        /// The deciding body.
        body: String,
        /// The post whose list is narrowed.
        post: String,
        /// How many the body picks.
        pick: u32,
    },
    /// 罢免 petition: members' signatures, at least `share` of `members`, before a recall
    /// vote.
    Petition {
        /// The official whose recall is asked.
        official: String,
        /// The members who may sign.
        members: u64,
        /// The least share of them that must sign (a parameter: Pingchang's is unreadable).
        share: Fraction,
    },
    /// 备案: the higher body files the lists.
    Filing {
        /// The filing body.
        body: String,
    },
    /// 批准: the higher body approves the lists.
    Approval {
        /// The approving body.
        body: String,
    },
    /// Published statements: questions and answers, or pledges.
    Publication {
        /// Which.
        statements: Statements,
    },
}

impl StageRule {
    /// The kind's name, as in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            StageRule::Announcement { .. } => "announcement",
            StageRule::Registration { .. } => "registration",
            StageRule::Review { .. } => "review",
            StageRule::Lot => "lot",
            StageRule::Vote { .. } => "vote",
            StageRule::Decision { .. } => "decision",
            StageRule::Petition { .. } => "petition",
            StageRule::Filing { .. } => "filing",
            StageRule::Approval { .. } => "approval",
            StageRule::Publication { .. } => "publication",
        }
    }

    /// What the kind is called, for people.
    pub fn kind_words(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            StageRule::Announcement { .. } => ("公告", "announcement"),
            StageRule::Registration { .. } => ("报名", "registration"),
            StageRule::Review { .. } => ("资格审查", "eligibility review"),
            StageRule::Lot => ("抽签", "lot"),
            StageRule::Vote { .. } => ("投票", "vote"),
            StageRule::Decision { .. } => ("决定", "decision"),
            StageRule::Petition { .. } => ("罢免联名", "recall petition"),
            StageRule::Filing { .. } => ("备案", "filing"),
            StageRule::Approval { .. } => ("批准", "approval"),
            StageRule::Publication {
                statements: Statements::Questions,
            } => ("质询与答辩", "questions and answers"),
            StageRule::Publication {
                statements: Statements::Pledges,
            } => ("承诺", "pledges"),
        };
        lang.pick(zh, en)
    }

    /// The body that signs the stage's decisions, if a body does.
    pub fn body(&self) -> Option<&str> {
        match self {
            StageRule::Review { body }
            | StageRule::Decision { body, .. }
            | StageRule::Filing { body }
            | StageRule::Approval { body } => Some(body),
            _ => None,
        }
    }
}

fn time(enc: &mut Encoder, at: &OffsetDateTime) {
    // Two's complement, as the definition's voting window (spec/definition.md §4).
    enc.u64(at.unix_timestamp() as u64);
}

impl Encode for Stage {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id)
            .value(&self.name)
            .u64(u64::from(self.publicity_days))
            .value(&self.rule);
    }
}

impl Encode for Channel {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(match self {
            Channel::Organisation => 0,
            Channel::SelfNomination => 1,
            Channel::Joint => 2,
        });
    }
}

impl Encode for Statements {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(match self {
            Statements::Questions => 0,
            Statements::Pledges => 1,
        });
    }
}

impl Encode for StageRule {
    /// `spec/procedure.md` §1.3: the kind's number, then its fields in order.
    fn encode(&self, enc: &mut Encoder) {
        match self {
            StageRule::Announcement {
                meeting,
                notice_days,
            } => {
                enc.u64(0);
                time(enc, meeting);
                enc.u64(u64::from(*notice_days));
            }
            StageRule::Registration {
                opens,
                closes,
                channels,
                joint_signers_at_least,
                posts_per_registrant_at_most,
            } => {
                enc.u64(1);
                time(enc, opens);
                time(enc, closes);
                enc.seq(channels)
                    .u64(u64::from(*joint_signers_at_least))
                    .u64(u64::from(*posts_per_registrant_at_most));
            }
            StageRule::Review { body } => {
                enc.u64(2).str(body);
            }
            StageRule::Lot => {
                enc.u64(3);
            }
            StageRule::Vote { post, contest } => {
                enc.u64(4).str(post).str(contest);
            }
            StageRule::Decision { body, post, pick } => {
                enc.u64(5).str(body).str(post).u64(u64::from(*pick));
            }
            StageRule::Petition {
                official,
                members,
                share,
            } => {
                enc.u64(6).str(official).u64(*members).value(share);
            }
            StageRule::Filing { body } => {
                enc.u64(7).str(body);
            }
            StageRule::Approval { body } => {
                enc.u64(8).str(body);
            }
            StageRule::Publication { statements } => {
                enc.u64(9).value(statements);
            }
        }
    }
}
