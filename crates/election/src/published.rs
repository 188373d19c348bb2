//! Canonical encodings of the published counts and outcome, so that the board's log
//! commits to them byte for byte (`spec/rules.md` §15).
//!
//! Rules as everywhere: integers u64 little-endian, strings and sequences length-prefixed,
//! booleans as 0 or 1, fractions as numerator then denominator; an enum is its variant's
//! position in declaration order (from 0) followed by its fields in declaration order.

use crate::counts::{Counts, GroupCounts, QuestionCounts};
use crate::outcome::{
    ContestOutcome, ContestTotals, Fact, Finding, GroupOutcome, GroupRates, GroupRatings, Outcome,
    RatingTotals, Rule, Standing, TrustTotals, Verdict,
};
use zhixuan_tally::{Encode, Encoder};

fn flag(enc: &mut Encoder, value: bool) {
    enc.u64(u64::from(value));
}

impl Encode for Counts {
    fn encode(&self, enc: &mut Encoder) {
        enc.seq(&self.groups);
    }
}

impl Encode for GroupCounts {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group)
            .u64(self.ballots_cast)
            .value(&self.present)
            .seq(&self.questions);
    }
}

impl Encode for QuestionCounts {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.question).seq(&self.options);
    }
}

impl Encode for Outcome {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.election_id)
            .value(&self.definition_hash)
            .seq(&self.groups)
            .seq(&self.contests);
    }
}

impl Encode for GroupOutcome {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group)
            .u64(self.eligible)
            .u64(self.ballots_cast);
        flag(enc, self.valid);
        enc.seq(&self.findings);
    }
}

impl Encode for ContestOutcome {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.contest);
        flag(enc, self.decided);
        enc.value(&self.totals).seq(&self.findings);
    }
}

impl Encode for ContestTotals {
    fn encode(&self, enc: &mut Encoder) {
        match self {
            ContestTotals::Votes { ballots, ranking } => {
                enc.u64(0).u64(*ballots).seq(ranking);
            }
            ContestTotals::Trust {
                ballots,
                candidates,
            } => {
                enc.u64(1).u64(*ballots).seq(candidates);
            }
            ContestTotals::Evaluation { officials } => {
                enc.u64(2).seq(officials);
            }
            ContestTotals::Recall {
                ballots,
                eligible,
                yes,
                no,
                abstain,
            } => {
                enc.u64(3)
                    .u64(*ballots)
                    .u64(*eligible)
                    .u64(*yes)
                    .u64(*no)
                    .u64(*abstain);
            }
        }
    }
}

impl Encode for Standing {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.candidate)
            .u64(self.votes)
            .u64(u64::from(self.rank));
    }
}

impl Encode for TrustTotals {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.candidate)
            .u64(self.trust)
            .u64(self.no_trust)
            .u64(self.abstain);
    }
}

impl Encode for RatingTotals {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.official).seq(&self.groups);
    }
}

impl Encode for GroupRatings {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group).seq(&self.levels);
    }
}

impl Encode for GroupRates {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.group)
            .value(&self.satisfaction)
            .value(&self.score);
    }
}

impl Encode for Finding {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.rule).value(&self.fact);
    }
}

impl Encode for Rule {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(*self as u64);
    }
}

impl Encode for Verdict {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(*self as u64);
    }
}

impl Encode for Fact {
    fn encode(&self, enc: &mut Encoder) {
        match self {
            Fact::Quorum {
                cast,
                eligible,
                at_least,
                needed,
                met,
            } => {
                enc.u64(0)
                    .u64(*cast)
                    .u64(*eligible)
                    .value(at_least)
                    .u64(*needed);
                flag(enc, *met);
            }
            Fact::PresentMinimum {
                cast,
                at_least,
                met,
            } => {
                enc.u64(1).u64(*cast).u64(*at_least);
                flag(enc, *met);
            }
            Fact::NoBallots => {
                enc.u64(2);
            }
            Fact::NoResult { group } => {
                enc.u64(3).str(group);
            }
            Fact::Undecidable { depends_on } => {
                enc.u64(4).str(depends_on);
            }
            Fact::Elected {
                candidate,
                votes,
                needed,
            } => {
                enc.u64(5).str(candidate).u64(*votes).u64(*needed);
            }
            Fact::NoMajority {
                candidate,
                votes,
                needed,
            } => {
                enc.u64(6).str(candidate).u64(*votes).u64(*needed);
            }
            Fact::SeatsFilled { candidate, votes } => {
                enc.u64(7).str(candidate).u64(*votes);
            }
            Fact::OpenSeats { seats } => {
                enc.u64(8).u64(u64::from(*seats));
            }
            Fact::Tie {
                candidates,
                votes,
                places,
            } => {
                enc.u64(9)
                    .seq(candidates)
                    .u64(*votes)
                    .u64(u64::from(*places));
            }
            Fact::Trust {
                candidate,
                trust,
                ballots,
                needed,
                kept,
            } => {
                enc.u64(10)
                    .str(candidate)
                    .u64(*trust)
                    .u64(*ballots)
                    .u64(*needed);
                flag(enc, *kept);
            }
            Fact::EliminatedByTrust {
                candidate,
                trust_contest,
            } => {
                enc.u64(11).str(candidate).str(trust_contest);
            }
            Fact::Kept { candidate, votes } => {
                enc.u64(12).str(candidate).u64(*votes);
            }
            Fact::Eliminated { candidate, votes } => {
                enc.u64(13).str(candidate).u64(*votes);
            }
            Fact::NoCompetition { remaining, seats } => {
                enc.u64(14).u64(*remaining).u64(u64::from(*seats));
            }
            Fact::Rated {
                official,
                satisfaction,
                score,
                groups,
            } => {
                enc.u64(15)
                    .str(official)
                    .value(satisfaction)
                    .value(score)
                    .seq(groups);
            }
            Fact::Verdict {
                official,
                share,
                more_than,
                verdict,
            } => {
                enc.u64(16)
                    .str(official)
                    .value(share)
                    .value(more_than)
                    .value(verdict);
            }
            Fact::Flagged {
                official,
                previous_election,
            } => {
                enc.u64(17).str(official).str(previous_election);
            }
            Fact::Recall {
                official,
                yes,
                eligible,
                needed,
                recalled,
            } => {
                enc.u64(18)
                    .str(official)
                    .u64(*yes)
                    .u64(*eligible)
                    .u64(*needed);
                flag(enc, *recalled);
            }
            Fact::ShortList { remaining, keep } => {
                enc.u64(19).u64(*remaining).u64(u64::from(*keep));
            }
            Fact::TrustShare {
                candidate,
                trust,
                ballots,
                share,
            } => {
                enc.u64(20)
                    .str(candidate)
                    .u64(*trust)
                    .u64(*ballots)
                    .value(share);
            }
            Fact::Attendance { present, cast } => {
                enc.u64(21).u64(*present).u64(*cast);
            }
        }
    }
}
