//! Property tests: the decrypted tally equals the weighted sum of the plaintexts, for random
//! ballots, weights and trustee subsets.
#![allow(clippy::unwrap_used)]

// The one ceremony runner of the test kit (crates/testkit), included by path: this crate's
// own tests cannot depend on the kit, which depends on this crate. Each test uses part of it.
#[path = "../../testkit/src/ceremony.rs"]
#[allow(dead_code)]
mod common;

use common::*;
use proptest::prelude::*;
use zhixuan_tally::*;

fn ballot_choices() -> impl Strategy<Value = Vec<Vec<u32>>> {
    // Up to two of five, and exactly one of three: the style in `common::style`.
    let first = proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4], 0..=2).prop_map(|picked| {
        (0..5)
            .map(|o| u32::from(picked.contains(&o)))
            .collect::<Vec<u32>>()
    });
    let second = (0usize..3).prop_map(|r| (0..3).map(|o| u32::from(o == r)).collect::<Vec<u32>>());
    (first, second).prop_map(|(a, b)| vec![a, b])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn the_tally_is_the_weighted_sum_of_the_plaintexts(
        ballots in proptest::collection::vec((ballot_choices(), 1u64..4), 0..12),
        subset in proptest::sample::subsequence(vec![1u32, 2, 3, 4, 5], 3),
    ) {
        let setup = ceremony(election_hash(40), 3, 5);
        let style = style();
        let mut acc = TallyAccumulator::new(&style);
        let mut expected = vec![0u64; 8];
        let mut cast_ballots = Vec::new();
        for (choices, weight) in &ballots {
            let (b, _) = cast(&setup, &style, choices);
            cast_ballots.push((b, &style));
            for (e, v) in expected.iter_mut().zip(choices.iter().flatten()) {
                *e += u64::from(*v) * weight;
            }
        }
        let verified: Vec<VerifiedBallot> = verify_ballots(setup.encryptor.context(), cast_ballots)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        for (v, (_, weight)) in verified.iter().zip(&ballots) {
            acc.add(v, *weight).unwrap();
        }
        let tally = acc.finish();
        prop_assert_eq!(tally.ballots, ballots.len() as u64);
        prop_assert_eq!(decrypt(&setup, &tally, &subset, acc.bound()), expected);
    }

    #[test]
    fn parallel_and_sequential_sums_agree(n in 0usize..40) {
        let setup = ceremony(election_hash(41), 1, 1);
        let style = five_choose_two();
        let verified: Vec<VerifiedBallot> = (0..n)
            .map(|i| {
                let choices = vec![(0..5).map(|o| u32::from(o == i % 5)).collect()];
                cast(&setup, &style, &choices).0.verify(setup.encryptor.context(), &style).unwrap()
            })
            .collect();
        let mut seq = TallyAccumulator::new(&style);
        for v in &verified {
            seq.add(v, 2).unwrap();
        }
        let mut par = TallyAccumulator::new(&style);
        par.add_all(&verified, 2).unwrap();
        prop_assert_eq!(seq.finish(), par.finish());
    }
}

proptest! {
    #[test]
    fn tracking_codes_round_trip(bytes in proptest::array::uniform32(any::<u8>())) {
        let code = TrackingCode::from_hash(&BallotHash(bytes));
        prop_assert_eq!(code.to_string().parse::<TrackingCode>().unwrap(), code);
        prop_assert!(code.matches(&BallotHash(bytes)));
    }
}
