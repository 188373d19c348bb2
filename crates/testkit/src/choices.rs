//! Ballot choices: one contest's marks per entry, each mark how many votes an option takes.

use zhixuan_election::GroupCounts;
use zhixuan_tally::BallotStyle;

/// Choices for ballot `n` of the small election ([`small_election`](crate::small_election)),
/// spread over the candidates: `n` picks one or two of the five.
pub fn small_choices(n: usize) -> Vec<Vec<u32>> {
    let first = n % 5;
    let second = (n / 5 + first + 1) % 5;
    let mut options = vec![0; 5];
    options[first] = 1;
    if n % 3 != 0 {
        options[second] = 1;
    }
    vec![options]
}

/// Valid choices for `style`: in each contest, the fewest marks allowed (at least one), on
/// the first options.
pub fn fewest_marks(style: &BallotStyle) -> Vec<Vec<u32>> {
    style
        .contests()
        .iter()
        .map(|c| {
            let spec = &c.spec;
            let mut left = spec.min_total.max(1).min(spec.max_total);
            spec.option_limits
                .iter()
                .map(|&limit| {
                    let x = limit.min(left);
                    left -= x;
                    x
                })
                .collect()
        })
        .collect()
}

/// Ballots whose sums are exactly `counts`, each within the style's limits: every ballot
/// takes the options with the most votes still to give, as many as the remaining ballots
/// need (and never more than an option's remaining votes, or fewer than it must take so
/// the rest can still absorb its remainder).
pub fn ballots_for(style: &BallotStyle, counts: &GroupCounts) -> Vec<Vec<Vec<u32>>> {
    let n = counts.ballots_cast;
    let mut remaining: Vec<Vec<u64>> = counts.questions.iter().map(|q| q.options.clone()).collect();
    let mut ballots = Vec::with_capacity(n as usize);
    for b in 0..n {
        let left = n - b;
        let mut ballot = Vec::new();
        for (c, contest) in style.contests().iter().enumerate() {
            let spec = &contest.spec;
            let rem = &mut remaining[c];
            let mut choice = vec![0u32; rem.len()];
            // What each option must take now so that the later ballots can hold the rest.
            for (o, r) in rem.iter().enumerate() {
                let limit = u64::from(spec.option_limits[o]);
                choice[o] = r.saturating_sub(limit * (left - 1)) as u32;
            }
            let total: u64 = rem.iter().sum();
            let forced: u64 = choice.iter().map(|&x| u64::from(x)).sum();
            let target = total
                .div_ceil(left)
                .max(forced)
                .max(u64::from(spec.min_total))
                .min(u64::from(spec.max_total));
            let mut given = forced;
            while given < target {
                let best = (0..rem.len())
                    .filter(|&o| u64::from(choice[o]) < rem[o] && choice[o] < spec.option_limits[o])
                    .max_by_key(|&o| (rem[o] - u64::from(choice[o]), std::cmp::Reverse(o)));
                let Some(o) = best else { break };
                choice[o] += 1;
                given += 1;
            }
            for (r, &x) in rem.iter_mut().zip(&choice) {
                *r -= u64::from(x);
            }
            ballot.push(choice);
        }
        ballots.push(ballot);
    }
    assert!(
        remaining.iter().flatten().all(|&r| r == 0),
        "the counts of group {} cannot be split into ballots",
        counts.group
    );
    ballots
}
