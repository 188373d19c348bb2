//! Voter groups: who may answer which contests, how many may, and the limits on the group.
//!
//! Groups are tallied separately (each group is one ballot style and one encrypted tally),
//! so that a rule can speak of "members present" apart from other attendees, and an
//! evaluation can weigh residents' ratings apart from businesses'.

use serde::{Deserialize, Serialize};

use crate::fraction::Fraction;
use crate::text::Bilingual;
use zhixuan_tally::{Encode, Encoder};

/// A voter group, e.g. 有选举权的党员 (voting members) or 群众代表 (non-voting attendees).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoterGroup {
    /// The group's id, unique among groups.
    pub id: String,
    /// The group's name.
    pub name: Bilingual,
    /// How many people may vote in this group: the size of its credential list.
    pub eligible: u64,
    /// The contests this group answers, by id. Its ballot asks them in definition order.
    pub contests: Vec<String>,
    /// The group's weight in weighted evaluations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// Quorum: the group's ballots count only if at least this share of its eligible
    /// number cast one (e.g. 4/5 of all members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_at_least: Option<Fraction>,
    /// At least this many must cast a ballot (e.g. at least 30 village representatives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present_at_least: Option<u64>,
    /// The group may number at most a share of another group (e.g. resident
    /// representatives at most 30% of the members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_at_most: Option<GroupCap>,
}

/// `eligible ≤ share × (the other group's eligible)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCap {
    /// The share, in (0, 1].
    pub share: Fraction,
    /// The id of the other group.
    pub of_group: String,
}

impl Encode for VoterGroup {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id)
            .value(&self.name)
            .u64(self.eligible)
            .seq(&self.contests)
            .value(&self.weight)
            .value(&self.quorum_at_least)
            .value(&self.present_at_least)
            .value(&self.eligible_at_most);
    }
}

impl Encode for GroupCap {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.share).str(&self.of_group);
    }
}
