//! Rounds of a multi-round election (三轮选): the top post first, then the next, each round
//! its own election with its own definition.
//!
//! Every round carries the same [`RoundPlan`]: the posts in round order and every
//! registrant with the posts they applied for. Round `k` elects `posts[k-1]`; its candidates
//! must be exactly the registrants who applied for that post and were not elected in an
//! earlier round. [`validate`](crate::ElectionDefinition::from_document) checks what one
//! definition can show (round 1 exactly; later rounds only applicants);
//! [`check_round_chain`](crate::check_round_chain) checks the rest against the earlier
//! rounds' definitions and published outcomes.

use serde::{Deserialize, Serialize};

use crate::text::Bilingual;
use zhixuan_tally::{ElectionHash, Encode, Encoder};

/// This definition's place in a chain of rounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// From 1.
    pub number: u32,
    /// The round before this one; absent for round 1 and required for every later round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<RoundLink>,
    /// The plan of the whole chain, the same in every round.
    pub plan: RoundPlan,
}

/// An earlier round, named by its election id and its definition hash, so that it cannot
/// be swapped for another definition with the same id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundLink {
    /// The earlier round's election id.
    pub election_id: String,
    /// The earlier round's definition hash.
    pub definition_hash: ElectionHash,
}

/// The posts and registrants of the whole chain, identical in every round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundPlan {
    /// In round order: round 1 elects `posts[0]`.
    pub posts: Vec<Post>,
    /// Each registrant may apply for at most this many posts (Pingchang: 2).
    pub max_posts_per_registrant: u32,
    /// Everyone who applied, with the posts they applied for.
    pub registrants: Vec<Registrant>,
}

/// A post filled by one round, e.g. 党委书记 with one seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// Also the id of the competitive contest that fills it in its round.
    pub id: String,
    /// The post's name.
    pub name: Bilingual,
    /// How many it elects.
    pub seats: u32,
}

/// A person who applied (报名) for one or more posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registrant {
    /// The registrant's id: their candidate id in every round.
    pub id: String,
    /// Their name: their candidate name in every round.
    pub name: Bilingual,
    /// Post ids, in the registrant's order of preference.
    pub posts: Vec<String>,
    /// Whether, not elected in the round of their first post, the registrant stands for
    /// the later posts they applied for (落选者可参加下一轮: "may", so they opt in here).
    #[serde(default, skip_serializing_if = "IfNotElected::is_withdraws")]
    pub if_not_elected: IfNotElected,
}

/// What a registrant does after losing a round (`spec/rules.md` §13).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IfNotElected {
    /// Stands for no later post: the first post applied for is their only round.
    #[default]
    Withdraws,
    /// Stands for each later post applied for, until elected.
    StandsAgain,
}

impl IfNotElected {
    fn is_withdraws(&self) -> bool {
        *self == IfNotElected::Withdraws
    }
}

impl Registrant {
    /// The registrant's first post in round order: the round in which they first run.
    pub fn first_post<'p>(&self, plan: &'p RoundPlan) -> Option<&'p Post> {
        plan.posts.iter().find(|p| self.posts.contains(&p.id))
    }

    /// Whether the registrant is a candidate for `post` unless elected earlier: it is their
    /// first post, or a later post they applied for and they stand again.
    pub fn runs_for(&self, plan: &RoundPlan, post: &str) -> bool {
        if !self.posts.iter().any(|p| p == post) {
            return false;
        }
        let first = self.first_post(plan).is_some_and(|p| p.id == post);
        first || self.if_not_elected == IfNotElected::StandsAgain
    }
}

impl RoundPlan {
    /// The post elected in round `number`, if the plan has that round.
    pub fn post_of_round(&self, number: u32) -> Option<&Post> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.posts.get(index)
    }
}

impl Encode for Round {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(self.number))
            .value(&self.follows)
            .value(&self.plan);
    }
}

impl Encode for RoundLink {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.election_id).value(&self.definition_hash);
    }
}

impl Encode for RoundPlan {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(&self.posts)
            .u64(u64::from(self.max_posts_per_registrant))
            .seq(&self.registrants);
    }
}

impl Encode for Post {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id)
            .value(&self.name)
            .u64(u64::from(self.seats));
    }
}

impl Encode for Registrant {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id)
            .value(&self.name)
            .seq(&self.posts)
            .u64(match self.if_not_elected {
                IfNotElected::Withdraws => 0,
                IfNotElected::StandsAgain => 1,
            });
    }
}
