//! Ballot styles: the shape of each contest a voter answers, which is all the ballot
//! proofs need to know about an election's rules.
//!
//! A contest is a vector of selections. Selection `i` is a count in `0..=limit[i]` (1 for a
//! yes/no mark); the contest's total lies in `min_total..=max_total`. That one shape covers
//! every ballot our users cast:
//!
//! | ballot | limits | total |
//! |---|---|---|
//! | approve up to k of n (推荐票) | n × 1 | 0..=k |
//! | choose up to s of n, n > s (差额选举) | n × 1 | 0..=s |
//! | exactly one of several (a rating, 直评) | r × 1 | 1..=1 |
//! | yes / no / abstain (信任投票) | 3 × 1 | 1..=1 |

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::encoding::{Encode, Encoder};
use crate::ids::ContestIndex;

/// The largest number of branches one range proof may have; it bounds the work a single
/// ballot can demand of the verifier.
pub const MAX_RANGE_BRANCHES: u32 = 256;

/// A contest's shape (`spec/protocol.md` §8): selection `o` is a count in
/// `0..=option_limits[o]`, and the contest's total lies in `min_total..=max_total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestSpec {
    /// Each option's largest count, at least 1.
    pub option_limits: Vec<u32>,
    /// The least total of the contest's selections.
    pub min_total: u32,
    /// The largest total of the contest's selections.
    pub max_total: u32,
}

/// Why a contest's shape cannot be voted on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum StyleError {
    /// The contest has no options.
    #[error("contest {contest}: it has no options")]
    NoOptions {
        /// The contest.
        contest: ContestIndex,
    },
    /// An option's limit is 0.
    #[error(
        "contest {contest}: option {option} has limit 0; every option needs a limit of at least 1"
    )]
    ZeroLimit {
        /// The contest.
        contest: ContestIndex,
        /// The option's position.
        option: usize,
    },
    /// `min_total > max_total`.
    #[error("contest {contest}: the minimum total {min} is above the maximum {max}")]
    MinAboveMax {
        /// The contest.
        contest: ContestIndex,
        /// `min_total`.
        min: u32,
        /// `max_total`.
        max: u32,
    },
    /// `max_total` is more than the sum of the option limits.
    #[error("contest {contest}: the maximum total {max} is more than all options together allow ({sum})")]
    MaxAboveSum {
        /// The contest.
        contest: ContestIndex,
        /// `max_total`.
        max: u32,
        /// The sum of the option limits.
        sum: u64,
    },
    /// An option's range or the total's has more than [`MAX_RANGE_BRANCHES`] values.
    #[error("contest {contest}: a range of {branches} values is more than one proof may cover ({MAX_RANGE_BRANCHES})")]
    RangeTooLarge {
        /// The contest.
        contest: ContestIndex,
        /// The number of values, hence of the range proof's branches.
        branches: u64,
    },
    /// The contest indices do not strictly increase.
    #[error("contest {contest} appears twice or out of order in the ballot style")]
    ContestOrder {
        /// The contest out of order.
        contest: ContestIndex,
    },
}

impl ContestSpec {
    /// Approve (or choose) up to `k` of `n` options.
    pub fn up_to(n: usize, k: u32) -> Self {
        Self {
            option_limits: vec![1; n],
            min_total: 0,
            max_total: k,
        }
    }

    /// Exactly one of `n` options.
    pub fn exactly_one(n: usize) -> Self {
        Self {
            option_limits: vec![1; n],
            min_total: 1,
            max_total: 1,
        }
    }

    /// The checks of `spec/protocol.md` §8 for one contest: at least one option, every limit
    /// at least 1 and below [`MAX_RANGE_BRANCHES`], `min_total ≤ max_total ≤ Σ limits`, and
    /// at most [`MAX_RANGE_BRANCHES`] values of the total.
    pub fn validate(&self, contest: ContestIndex) -> Result<(), StyleError> {
        if self.option_limits.is_empty() {
            return Err(StyleError::NoOptions { contest });
        }
        for (option, &limit) in self.option_limits.iter().enumerate() {
            if limit == 0 {
                return Err(StyleError::ZeroLimit { contest, option });
            }
            if u64::from(limit) + 1 > u64::from(MAX_RANGE_BRANCHES) {
                return Err(StyleError::RangeTooLarge {
                    contest,
                    branches: u64::from(limit) + 1,
                });
            }
        }
        if self.min_total > self.max_total {
            return Err(StyleError::MinAboveMax {
                contest,
                min: self.min_total,
                max: self.max_total,
            });
        }
        let sum: u64 = self.option_limits.iter().map(|&l| u64::from(l)).sum();
        if u64::from(self.max_total) > sum {
            return Err(StyleError::MaxAboveSum {
                contest,
                max: self.max_total,
                sum,
            });
        }
        let branches = u64::from(self.max_total - self.min_total) + 1;
        if branches > u64::from(MAX_RANGE_BRANCHES) {
            return Err(StyleError::RangeTooLarge { contest, branches });
        }
        Ok(())
    }

    /// The largest count one ballot can put on option `i` — used to bound decryption.
    pub fn option_limit(&self, option: usize) -> u32 {
        self.option_limits.get(option).copied().unwrap_or(0)
    }
}

impl Encode for ContestSpec {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(&self.option_limits)
            .u64(u64::from(self.min_total))
            .u64(u64::from(self.max_total));
    }
}

/// One contest of a ballot style.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyledContest {
    /// The contest's index (a question of the definition).
    pub contest: ContestIndex,
    /// Its shape.
    pub spec: ContestSpec,
}

/// The contests one voter group answers, in increasing contest order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<StyledContest>", into = "Vec<StyledContest>")]
pub struct BallotStyle {
    contests: Vec<StyledContest>,
}

impl BallotStyle {
    /// A style of valid contests in strictly increasing contest order (`spec/protocol.md`
    /// §8).
    pub fn new(contests: Vec<StyledContest>) -> Result<Self, StyleError> {
        for (i, c) in contests.iter().enumerate() {
            c.spec.validate(c.contest)?;
            if i > 0 && contests[i - 1].contest >= c.contest {
                return Err(StyleError::ContestOrder { contest: c.contest });
            }
        }
        Ok(Self { contests })
    }

    /// The contests, in order.
    pub fn contests(&self) -> &[StyledContest] {
        &self.contests
    }
}

impl TryFrom<Vec<StyledContest>> for BallotStyle {
    type Error = StyleError;

    fn try_from(contests: Vec<StyledContest>) -> Result<Self, Self::Error> {
        Self::new(contests)
    }
}

impl From<BallotStyle> for Vec<StyledContest> {
    fn from(style: BallotStyle) -> Self {
        style.contests
    }
}
